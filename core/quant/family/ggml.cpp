// The parts every llama.cpp block type shares (see ggml.h): checks, parameters, the round trip of a
// row through its blocks and the error sums of those rows.
#include "ggml.h"

#include "core/quant/errorsums.h"
#include "core/quant/quantizer.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace ql {

namespace {
    std::string rowLengthError(int64_t n, const std::string& type, int blockValues)
    {
        return "rows of " + std::to_string(n) + " values in " + type + " (blocks of " + std::to_string(blockValues)
            + ")";
    }
} // namespace

void BlockFormat::quantizeRow(const float* x, int64_t n, uint8_t* out, const float* importance, bool vector) const
{
    if (n % blockValues() != 0)
        throw Error(ErrorCode::Unsupported, {}, { rowLengthError(n, std::string(dtypeName(dtype_)), blockValues()) });
    if (requiresImportance() && !importance)
        throw Error(ErrorCode::Unsupported, {},
            { std::string(name())
                + " without an importance matrix (llama.cpp refuses to make it without one): give --calib with a "
                  "calibration file or a llama.cpp imatrix" });
    // llama.cpp's quantizers leave a NaN or an infinity undefined (its float-to-integer casts are
    // undefined behaviour): such a value is quantized as 0, the rest of its block as usual.
    if (!std::all_of(x, x + n, [](float v) { return std::isfinite(v); })) {
        thread_local std::vector<float> finite;
        finite.assign(x, x + n);
        for (float& v : finite)
            if (!std::isfinite(v))
                v = 0.0f;
        quantizeBlocks(finite.data(), n, out, importance, vector);
        return;
    }
    quantizeBlocks(x, n, out, importance, vector);
}

void BlockFormat::decode(const uint8_t* src, int64_t blocks, float* out) const
{
    decodeBlocks(dtype_, src, blocks, out);
}

void BlockFormat::defaults(QuantSpec& s) const
{
    s.granularity = Granularity::Block;
    s.group = blockValues();
}

double BlockFormat::bitsPerWeight(const QuantSpec&, int64_t, int64_t) const
{
    return double(blockBytes()) * 8.0 / double(blockValues());
}

QuantParams BlockFormat::params(const QuantSpec& s, const WeightMatrix& w, const float* importance) const
{
    // Block formats choose their scales inside their own quantizers; check the row length (and the
    // importance the type needs) now.
    if (w.cols % blockValues() != 0)
        throw Error(ErrorCode::Unsupported, {}, { rowLengthError(w.cols, s.toString(), blockValues()) });
    if (requiresImportance() && !importance)
        throw Error(ErrorCode::Unsupported, {},
            { s.toString()
                + " without an importance matrix (llama.cpp refuses to make it without one): give --calib with a "
                  "calibration file or a llama.cpp imatrix" });
    QuantParams p;
    p.perTensor = true;
    p.groupCols = std::max<int64_t>(1, w.cols);
    p.groupsPerRow = 1;
    p.scale = { 1.0f };
    if (importance)
        p.importance.assign(importance, importance + w.cols);
    return p;
}

void BlockFormat::quantizeRows(
    const QuantSpec&, const WeightMatrix& w, const QuantParams& p, int64_t r0, int64_t r1, float* out) const
{
    std::vector<uint8_t> row(size_t(rowBytes(w.cols)));
    const float* importance = p.importance.empty() ? nullptr : p.importance.data();
    for (int64_t r = r0; r < r1; ++r) {
        if (!importance && roundTripRow(w.data + r * w.cols, w.cols, out + r * w.cols))
            continue;
        quantizeRow(w.data + r * w.cols, w.cols, row.data(), importance);
        decode(row.data(), w.cols / blockValues(), out + r * w.cols);
    }
}

void BlockFormat::addError(const QuantSpec&, const WeightMatrix& w, const QuantParams& p, const float* columnWeights,
    int64_t r0, int64_t r1, ErrorSums& e) const
{
    // One row at a time through a row-sized buffer.
    std::vector<uint8_t> row(size_t(rowBytes(w.cols)));
    std::vector<float> q(size_t(w.cols));
    const float* importance = p.importance.empty() ? nullptr : p.importance.data();
    for (int64_t r = r0; r < r1; ++r) {
        if (importance || !roundTripRow(w.data + r * w.cols, w.cols, q.data())) {
            quantizeRow(w.data + r * w.cols, w.cols, row.data(), importance);
            decode(row.data(), w.cols / blockValues(), q.data());
        }
        e.add(w.data + r * w.cols, q.data(), w.cols, columnWeights);
    }
}

const BlockFormat& blockFormatOf(QFormat f)
{
    const BlockFormat* b = formatOf(f).blocks();
    if (!b)
        throw Error(ErrorCode::Unsupported, {}, { "not a llama.cpp block format" });
    return *b;
}

} // namespace ql

#include "quantizer.h"

#include "elementformat.h"
#include "errorsums.h"
#include "multierror.h"
#include "numberformat.h"
#include "rowchunks.h"

#include "core/util/error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <vector>

namespace ql {

namespace {
    template <typename Fn> void forRowChunks(const WeightMatrix& w, Fn&& fn)
    {
        detail::forRowChunks(w.rows, w.cols, fn);
    }

    int64_t chunkCount(const WeightMatrix& w)
    {
        return detail::rowChunks(w.rows, w.cols);
    }

    ErrorMetrics total(const std::vector<ErrorSums>& chunks, bool weighted)
    {
        ErrorSums t;
        for (const auto& e : chunks)
            t.merge(e);
        return t.metrics(weighted);
    }
} // namespace

OwnedMatrix readWeightMatrix(const Model& model, size_t tensor)
{
    const WeightShape shape = weightShape(model, tensor);
    OwnedMatrix m;
    m.rows = shape.rows;
    m.cols = shape.cols;
    std::vector<float> v = model.readAll(tensor);
    if (shape.rowMajor) {
        m.values = std::move(v);
        return m;
    }
    // Keras: the output channel is the last axis; transpose [rest, out] into [out, rest].
    m.values.resize(v.size());
    for (int64_t i = 0; i < m.cols; ++i)
        for (int64_t o = 0; o < m.rows; ++o)
            m.values[size_t(o * m.cols + i)] = v[size_t(i * m.rows + o)];
    return m;
}

QuantParams computeParams(const QuantSpec& s, const WeightMatrix& w, const float* importance)
{
    return formatOf(s).params(s, w, importance);
}

void fakeQuantizeRows(
    const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, int64_t rowBegin, int64_t rowEnd, float* out)
{
    formatOf(s).quantizeRows(s, w, p, rowBegin, rowEnd, out);
}

std::vector<float> fakeQuantize(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p)
{
    const NumberFormat& f = formatOf(s);
    std::vector<float> out(size_t(w.size()));
    forRowChunks(w, [&](int64_t, int64_t r0, int64_t r1) { f.quantizeRows(s, w, p, r0, r1, out.data()); });
    return out;
}

std::vector<int32_t> quantizeCodes(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p)
{
    return elementFormatOf(s).codes(s, w, p);
}

std::vector<uint8_t> packInt4(const std::vector<int32_t>& codes, bool signedCodes)
{
    std::vector<uint8_t> out((codes.size() + 1) / 2, 0);
    for (size_t i = 0; i < codes.size(); ++i) {
        const uint8_t nibble = uint8_t((codes[i] + (signedCodes ? 8 : 0)) & 0xF);
        out[i / 2] |= (i % 2 == 0) ? nibble : uint8_t(nibble << 4);
    }
    return out;
}

std::vector<int32_t> unpackInt4(const std::vector<uint8_t>& packed, int64_t count, bool signedCodes)
{
    std::vector<int32_t> out(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
        const int nibble = (i % 2 == 0) ? packed[size_t(i / 2)] & 0xF : packed[size_t(i / 2)] >> 4;
        out[size_t(i)] = nibble - (signedCodes ? 8 : 0);
    }
    return out;
}

ErrorMetrics measureError(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, const float* columnWeights)
{
    const NumberFormat& f = formatOf(s);
    std::vector<ErrorSums> chunk(size_t(chunkCount(w)));
    forRowChunks(
        w, [&](int64_t c, int64_t r0, int64_t r1) { f.addError(s, w, p, columnWeights, r0, r1, chunk[size_t(c)]); });
    return total(chunk, columnWeights != nullptr);
}

ErrorMetrics measureError(const QuantSpec& s, const WeightMatrix& w)
{
    // One pass per row where the format allows: groups or channels with min-max ranges take their
    // scales from the values just read, while they are in cache (the same scales computeParams gives,
    // so the same sums); a tensor-wide scale is computed first.
    const NumberFormat& f = formatOf(s);
    if (!f.hasOnePass(s))
        return measureError(s, w, f.params(s, w, nullptr));
    QuantParams tensor;
    if (s.granularity == Granularity::Tensor)
        tensor = f.params(s, w, nullptr);
    const QuantParams* tensorScale = s.granularity == Granularity::Tensor ? &tensor : nullptr;
    std::vector<ErrorSums> chunk(size_t(chunkCount(w)));
    forRowChunks(
        w, [&](int64_t c, int64_t r0, int64_t r1) { f.addErrorOnePass(s, w, r0, r1, tensorScale, chunk[size_t(c)]); });
    return total(chunk, false);
}

ErrorMetrics compareMatrices(const WeightMatrix& w, const float* q, const float* columnWeights, int64_t groupCols)
{
    const int64_t piece = groupCols > 0 ? groupCols : w.cols;
    std::vector<ErrorSums> chunk(size_t(chunkCount(w)));
    forRowChunks(w, [&](int64_t c, int64_t r0, int64_t r1) {
        ErrorSums& e = chunk[size_t(c)];
        // The same pieces as measureError (group, then blocks of kAccumBlock), so the sums agree exactly.
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t c0 = 0; c0 < w.cols; c0 += piece) {
                const int64_t end = std::min(w.cols, c0 + piece);
                for (int64_t i = c0; i < end; i += kAccumBlock) {
                    const int64_t n = std::min(kAccumBlock, end - i);
                    e.add(w.data + r * w.cols + i, q + r * w.cols + i, n, columnWeights ? columnWeights + i : nullptr);
                }
            }
    });
    return total(chunk, columnWeights != nullptr);
}

} // namespace ql

// The machinery shared by the elementwise formats (see elementformat.h): parameters, fake
// quantization, codes and the error paths, over the hooks each family supplies.
#include "elementformat.h"

#include "errorsums.h"
#include "rowchunks.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ql {

void ElementFormat::rangeScales(const QuantSpec& s, RowScales& rs, size_t groups) const
{
    for (size_t g = 0; g < groups; ++g)
        if (rs.finite[g])
            scaleFromRange(s, minMaxRange(rs.mn[g], rs.mx[g]), rs.scale[g], rs.zero[g]);
}

void ElementFormat::quantizeGroupReference(
    const QuantSpec& s, const float* x, int64_t n, float scale, float zero, uint64_t index, float* out) const
{
    for (int64_t i = 0; i < n; ++i)
        out[i] = quantizeValue(s, x[i], scale, zero, index + uint64_t(i));
}

void ElementFormat::quantizeGroup(
    const QuantSpec& s, const float* x, int64_t n, float scale, float zero, uint64_t index, float* out) const
{
    if (hasFastKernel(s))
        quantizeGroupFast(s, x, n, scale, zero, out);
    else
        quantizeGroupReference(s, x, n, scale, zero, index, out);
}

void ElementFormat::addGroup(const QuantSpec& s, const float* x, int64_t r, int64_t cols, int64_t c0, int64_t end,
    float scale, float zero, const float* columnWeights, ErrorSums& e) const
{
    // A piece of the group at a time quantized into a small buffer (never the tensor) — or, where the
    // family has a kernel for it, quantized and summed in one vector pass with the same results
    // (blocks with NaN or ±Inf and column-weighted sums still take the two steps).
    const bool fused = !columnWeights && fuses(s, scale);
    float q[kAccumBlock];
    for (int64_t i = c0; i < end; i += kAccumBlock) {
        const int64_t n = std::min(kAccumBlock, end - i);
        if (fused && fusedBlockSums(s, x + i, n, scale, zero, e.lanes)) {
            e.count += n;
            continue;
        }
        quantizeGroup(s, x + i, n, scale, zero, uint64_t(r * cols + i), q);
        e.add(x + i, q, n, columnWeights ? columnWeights + i : nullptr);
    }
}

QuantParams ElementFormat::params(const QuantSpec& s, const WeightMatrix& w, const float* importance) const
{
    QuantParams p;
    switch (s.granularity) {
    case Granularity::None:
    case Granularity::Tensor: {
        p.perTensor = true;
        p.groupCols = std::max<int64_t>(1, w.cols);
        p.groupsPerRow = 1;
        float scale = 1, zero = 0;
        if (s.granularity == Granularity::Tensor && s.clip == ClipMethod::MinMax) {
            // The finite min and max over row chunks in parallel (exact, so in any order).
            const size_t chunks = size_t(detail::rowChunks(w.rows, w.cols));
            std::vector<float> mn(chunks, std::numeric_limits<float>::infinity()),
                mx(chunks, -std::numeric_limits<float>::infinity());
            detail::forRowChunks(w.rows, w.cols, [&](int64_t c, int64_t r0, int64_t r1) {
                simd::finiteMinMax(w.data + r0 * w.cols, (r1 - r0) * w.cols, mn[size_t(c)], mx[size_t(c)]);
            });
            const float lo = *std::min_element(mn.begin(), mn.end()), hi = *std::max_element(mx.begin(), mx.end());
            if (lo <= hi)
                scaleFromRange(s, minMaxRange(lo, hi), scale, zero);
            else
                scaleFromRange(s, ClipRange {}, scale, zero); // no finite value
        } else if (s.granularity == Granularity::Tensor) {
            scaleFromRange(s, calibrate(s, w.data, w.size()), scale, zero);
        }
        p.scale = { scale };
        if (hasZeroPoint(s))
            p.zero = { zero };
        return p;
    }
    case Granularity::Channel:
        p.groupCols = std::max<int64_t>(1, w.cols);
        break;
    case Granularity::Group:
    case Granularity::Block:
        p.groupCols = s.group;
        break;
    }
    p.groupsPerRow = (w.cols + p.groupCols - 1) / p.groupCols;
    p.scale.assign(size_t(w.rows * p.groupsPerRow), 0.0f);
    const bool asym = hasZeroPoint(s);
    if (asym)
        p.zero.assign(p.scale.size(), 0.0f);
    detail::forRowChunks(w.rows, w.cols, [&](int64_t, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t g = 0; g < p.groupsPerRow; ++g) {
                const int64_t c0 = g * p.groupCols, n = std::min(p.groupCols, w.cols - c0);
                float scale, zero;
                scaleFromRange(s, calibrate(s, w.data + r * w.cols + c0, n), scale, zero);
                p.scale[size_t(r * p.groupsPerRow + g)] = scale;
                if (asym)
                    p.zero[size_t(r * p.groupsPerRow + g)] = zero;
            }
    });
    return p;
}

void ElementFormat::quantizeRows(
    const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, int64_t r0, int64_t r1, float* out) const
{
    for (int64_t r = r0; r < r1; ++r) {
        for (int64_t c0 = 0; c0 < w.cols; c0 += p.groupCols) {
            const size_t gi = p.index(r, c0);
            const int64_t n = std::min(p.groupCols, w.cols - c0);
            quantizeGroup(s, w.data + r * w.cols + c0, n, p.scale[gi], p.zero.empty() ? 0.0f : p.zero[gi],
                uint64_t(r * w.cols + c0), out + r * w.cols + c0);
        }
    }
}

void ElementFormat::addError(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p,
    const float* columnWeights, int64_t r0, int64_t r1, ErrorSums& e) const
{
    for (int64_t r = r0; r < r1; ++r) {
        const float* x = w.data + r * w.cols;
        for (int64_t c0 = 0; c0 < w.cols; c0 += p.groupCols) {
            const int64_t end = std::min(w.cols, c0 + p.groupCols);
            const size_t gi = p.index(r, c0);
            addGroup(s, x, r, w.cols, c0, end, p.scale[gi], p.zero.empty() ? 0.0f : p.zero[gi], columnWeights, e);
        }
    }
}

bool ElementFormat::hasOnePass(const QuantSpec& s) const
{
    // Groups or channels with min-max ranges (scales taken on the way), or a tensor's one scale
    // (computed first, any clip method), rounded to nearest.
    if (s.rounding != Rounding::NearestEven)
        return false;
    const bool grouped = s.granularity == Granularity::Group || s.granularity == Granularity::Channel
        || s.granularity == Granularity::Block;
    if (!(grouped && s.clip == ClipMethod::MinMax) && s.granularity != Granularity::Tensor)
        return false;
    return onePassKernels(s);
}

void ElementFormat::addErrorOnePass(const QuantSpec& s, const WeightMatrix& w, int64_t r0, int64_t r1,
    const QuantParams* tensorScale, ErrorSums& e) const
{
    // One pass per row: the ranges of all its groups (one vector pass; only max|x| where the format is
    // symmetric), their scales — exactly as params() gives them — then the sums of each run of finite
    // groups in one vector call while the row is in cache, fetching the next row meanwhile. A group
    // with a NaN, an infinity or a huge value (its scale then from its finite values) and a ragged
    // last group take addGroup; groups are added in order, so the sums equal the two-pass ones exactly.
    const int64_t groupCols
        = s.granularity == Granularity::Channel || tensorScale ? std::max<int64_t>(1, w.cols) : s.group;
    const int64_t full = w.cols / groupCols;
    const size_t nf = static_cast<size_t>(full);
    RowScales rs(nf);
    const auto generalGroup = [&](const float* x, int64_t r, int64_t c0, int64_t end) {
        float sc = 0, z = 0;
        if (tensorScale) {
            sc = tensorScale->scale[0];
            z = tensorScale->zero.empty() ? 0.0f : tensorScale->zero[0];
        } else {
            scaleFromRange(s, calibrate(s, x + c0, end - c0), sc, z);
        }
        addGroup(s, x, r, w.cols, c0, end, sc, z, nullptr, e);
    };
    if (tensorScale && full == 1) { // one group per row, the tensor's scale
        rs.scale[0] = tensorScale->scale[0];
        rs.zero[0] = tensorScale->zero.empty() ? 0.0f : tensorScale->zero[0];
        rs.inv[0] = rs.scale[0] == 0 ? 0.0f : 1.0f / rs.scale[0];
        codeBounds(s, rs.zero[0], rs.lo[0], rs.hi[0]);
    }
    const bool absOnly = absRanges(s);
    for (int64_t r = r0; r < r1; ++r) {
        const float* x = w.data + r * w.cols;
        simd::groupRanges(x, full, groupCols, absOnly, rs.mn.data(), rs.mx.data(), rs.finite.data());
        if (!tensorScale)
            rangeScales(s, rs, nf);
        for (int64_t g = 0; g < full;) {
            int64_t g2 = g;
            while (g2 < full && rs.finite[size_t(g2)])
                ++g2;
            if (g2 > g) {
                const float* xg = x + g * groupCols;
                const float* next = r + 1 < w.rows ? xg + w.cols : nullptr;
                if (groupsErrorSums(s, xg, g2 - g, groupCols, rs, size_t(g), next, e.lanes))
                    e.count += (g2 - g) * groupCols;
                else
                    for (int64_t h = g; h < g2; ++h)
                        addGroup(s, x, r, w.cols, h * groupCols, (h + 1) * groupCols, rs.scale[size_t(h)],
                            rs.zero[size_t(h)], nullptr, e);
            }
            if (g2 < full) {
                generalGroup(x, r, g2 * groupCols, (g2 + 1) * groupCols);
                ++g2;
            }
            g = g2;
        }
        if (full * groupCols < w.cols)
            generalGroup(x, r, full * groupCols, w.cols);
    }
}

std::vector<int32_t> ElementFormat::codes(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p) const
{
    std::vector<int32_t> out(size_t(w.size()));
    detail::forRowChunks(w.rows, w.cols, [&](int64_t, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t c = 0; c < w.cols; ++c) {
                const size_t gi = p.index(r, c);
                out[size_t(r * w.cols + c)] = code(s, w.data[r * w.cols + c], p.scale[gi],
                    p.zero.empty() ? 0.0f : p.zero[gi], uint64_t(r * w.cols + c));
            }
    });
    return out;
}

double scaledBitsPerWeight(
    const QuantSpec& s, double element, double groupScaleBits, double zeroBits, int64_t rowLength, int64_t values)
{
    switch (s.granularity) {
    case Granularity::None:
        return element;
    case Granularity::Block:
        return element + 8.0 / double(s.group);
    case Granularity::Group:
        return element + (groupScaleBits + zeroBits) / double(s.group);
    case Granularity::Channel:
        return rowLength > 0 ? element + (32.0 + zeroBits) / double(rowLength) : element;
    case Granularity::Tensor:
        return values > 0 ? element + (32.0 + zeroBits) / double(values) : element;
    }
    return element;
}

const ElementFormat& elementFormatOf(const QuantSpec& s)
{
    const ElementFormat* f = formatOf(s).element();
    if (!f)
        throw Error(
            ErrorCode::Unsupported, {}, { "codes of llama.cpp block formats (use quantizeGgmlRow for their blocks)" });
    return *f;
}

} // namespace ql

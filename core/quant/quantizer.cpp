#include "quantizer.h"

#include "ggmlquant.h"
#include "groupkernel.h"
#include "simd.h"

#include "../util/error.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <vector>

namespace ql {

namespace {
    /// Rows per unit of parallel work and of the ordered error reduction (fixed: results do not
    /// depend on the number of threads).
    constexpr int64_t kRowChunkValues = int64_t(1) << 16;

    int64_t rowsPerChunk(const WeightMatrix& w) { return std::max<int64_t>(1, kRowChunkValues / std::max<int64_t>(1, w.cols)); }

    template <typename Fn>
    void forRowChunks(const WeightMatrix& w, Fn&& fn)
    {
        const int64_t step = rowsPerChunk(w);
        const int64_t chunks = (w.rows + step - 1) / step;
        tbb::parallel_for(tbb::blocked_range<int64_t>(0, chunks, 1), [&](const tbb::blocked_range<int64_t>& r) {
            for (int64_t c = r.begin(); c < r.end(); ++c)
                fn(c, c * step, std::min(w.rows, (c + 1) * step));
        });
    }

    void requireElementwise(const QuantSpec& s)
    {
        if (s.isGgml())
            throw Error(ErrorCode::Unsupported, {}, { "codes of llama.cpp block formats (use quantizeGgmlRow for their blocks)" });
    }

    /// One row through a llama.cpp block quantizer and back.
    void ggmlRoundTrip(const QuantSpec& s, const QuantParams& p, const float* x, int64_t cols, float* out, std::vector<uint8_t>& blocks)
    {
        const DType t = ggmlStorageType(s.format);
        blocks.resize(size_t(ggmlRowBytes(s.format, cols)));
        quantizeGgmlRow(s.format, x, cols, blocks.data(), p.importance.empty() ? nullptr : p.importance.data());
        decodeBlocks(t, blocks.data(), cols / dtypeBlockElements(t), out);
    }

    /// Bit pattern of a value representable in \p f.
    int32_t encodeMiniFloat(float q, const MiniFloat& f)
    {
        const int32_t sign = std::signbit(q) ? 1 << (f.ebits + f.mbits) : 0;
        const float a = std::fabs(q);
        const int32_t expMask = (1 << f.ebits) - 1;
        if (std::isnan(q))
            return sign | (expMask << f.mbits) | ((1 << f.mbits) - 1);
        if (std::isinf(a))
            return sign | (expMask << f.mbits);
        if (a == 0)
            return sign;
        int e;
        std::frexp(a, &e);
        const int exponent = e - 1;
        const int emin = 1 - f.bias;
        if (exponent < emin)
            return sign | int32_t(std::ldexp(a, f.mbits - emin)); // subnormal: exponent field 0
        const int32_t mant = int32_t(std::ldexp(a, f.mbits - exponent)) - (1 << f.mbits);
        return sign | ((exponent + f.bias) << f.mbits) | mant;
    }
} // namespace

OwnedMatrix readWeightMatrix(const Model& model, size_t tensor)
{
    const TensorInfo& t = model.tensors.at(tensor);
    OwnedMatrix m;
    std::vector<float> v = model.readAll(tensor);
    if (t.shape.size() < 2) {
        m.rows = 1;
        m.cols = t.parameters;
        m.values = std::move(v);
        return m;
    }
    if (t.layout == Layout::OutIn) {
        m.rows = t.shape[0];
        m.cols = m.rows ? t.parameters / m.rows : 0;
        m.values = std::move(v);
        return m;
    }
    // Keras: the output channel is the last axis; transpose [rest, out] into [out, rest].
    m.rows = t.shape.back();
    m.cols = m.rows ? t.parameters / m.rows : 0;
    m.values.resize(v.size());
    for (int64_t i = 0; i < m.cols; ++i)
        for (int64_t o = 0; o < m.rows; ++o)
            m.values[size_t(o * m.cols + i)] = v[size_t(i * m.rows + o)];
    return m;
}

QuantParams computeParams(const QuantSpec& s, const WeightMatrix& w, const float* importance)
{
    QuantParams p;
    if (s.isGgml()) {
        // Block formats choose their scales inside their own quantizers; check the row length now.
        const int be = dtypeBlockElements(ggmlStorageType(s.format));
        if (w.cols % be != 0)
            throw Error(ErrorCode::Unsupported, {},
                { "rows of " + std::to_string(w.cols) + " values in " + s.toString() + " (blocks of " + std::to_string(be) + ")" });
        p.perTensor = true;
        p.groupCols = std::max<int64_t>(1, w.cols);
        p.groupsPerRow = 1;
        p.scale = { 1.0f };
        if (importance)
            p.importance.assign(importance, importance + w.cols);
        return p;
    }
    switch (s.granularity) {
    case Granularity::None:
    case Granularity::Tensor: {
        p.perTensor = true;
        p.groupCols = std::max<int64_t>(1, w.cols);
        p.groupsPerRow = 1;
        float scale = 1, zero = 0;
        if (s.granularity == Granularity::Tensor && s.clip == ClipMethod::MinMax) {
            // The finite min and max over row chunks in parallel (exact, so in any order).
            const int64_t step = rowsPerChunk(w);
            const size_t chunks = size_t((w.rows + step - 1) / step);
            std::vector<float> mn(chunks, std::numeric_limits<float>::infinity()), mx(chunks, -std::numeric_limits<float>::infinity());
            forRowChunks(w, [&](int64_t c, int64_t r0, int64_t r1) { simd::finiteMinMax(w.data + r0 * w.cols, (r1 - r0) * w.cols, mn[size_t(c)], mx[size_t(c)]); });
            const float lo = *std::min_element(mn.begin(), mn.end()), hi = *std::max_element(mx.begin(), mx.end());
            if (lo <= hi)
                detail::scaleFromRange(s, minMaxRange(lo, hi), scale, zero);
            else
                detail::scaleFromRange(s, ClipRange {}, scale, zero); // no finite value
        } else if (s.granularity == Granularity::Tensor) {
            detail::scaleFromRange(s, calibrate(s, w.data, w.size()), scale, zero);
        }
        p.scale = { scale };
        if (s.format == QFormat::Int && !s.symmetric)
            p.zero = { zero };
        return p;
    }
    case Granularity::Channel: p.groupCols = std::max<int64_t>(1, w.cols); break;
    case Granularity::Group:
    case Granularity::Block: p.groupCols = s.group; break;
    }
    p.groupsPerRow = (w.cols + p.groupCols - 1) / p.groupCols;
    p.scale.assign(size_t(w.rows * p.groupsPerRow), 0.0f);
    const bool asym = s.format == QFormat::Int && !s.symmetric;
    if (asym)
        p.zero.assign(p.scale.size(), 0.0f);
    forRowChunks(w, [&](int64_t, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t g = 0; g < p.groupsPerRow; ++g) {
                const int64_t c0 = g * p.groupCols, n = std::min(p.groupCols, w.cols - c0);
                float scale, zero;
                detail::scaleFromRange(s, calibrate(s, w.data + r * w.cols + c0, n), scale, zero);
                p.scale[size_t(r * p.groupsPerRow + g)] = scale;
                if (asym)
                    p.zero[size_t(r * p.groupsPerRow + g)] = zero;
            }
    });
    return p;
}

void fakeQuantizeRows(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, int64_t rowBegin, int64_t rowEnd, float* out)
{
    if (s.isGgml()) {
        std::vector<uint8_t> blocks;
        for (int64_t r = rowBegin; r < rowEnd; ++r)
            ggmlRoundTrip(s, p, w.data + r * w.cols, w.cols, out + r * w.cols, blocks);
        return;
    }
    for (int64_t r = rowBegin; r < rowEnd; ++r) {
        for (int64_t c0 = 0; c0 < w.cols; c0 += p.groupCols) {
            const size_t gi = p.index(r, c0);
            const int64_t n = std::min(p.groupCols, w.cols - c0);
            detail::quantizeGroup(s, w.data + r * w.cols + c0, n, p.scale[gi], p.zero.empty() ? 0.0f : p.zero[gi],
                uint64_t(r * w.cols + c0), out + r * w.cols + c0);
        }
    }
}

std::vector<float> fakeQuantize(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p)
{
    std::vector<float> out(size_t(w.size()));
    forRowChunks(w, [&](int64_t, int64_t r0, int64_t r1) { fakeQuantizeRows(s, w, p, r0, r1, out.data()); });
    return out;
}

std::vector<int32_t> quantizeCodes(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p)
{
    requireElementwise(s);
    std::vector<int32_t> codes(size_t(w.size()));
    forRowChunks(w, [&](int64_t, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t c = 0; c < w.cols; ++c) {
                const size_t gi = p.index(r, c);
                const float scale = p.scale[gi], zero = p.zero.empty() ? 0.0f : p.zero[gi];
                const float x = w.data[r * w.cols + c];
                const uint64_t idx = uint64_t(r * w.cols + c);
                int32_t code = 0;
                switch (s.format) {
                case QFormat::Int: {
                    // The code is the dequantized value divided back by the scale (exact: an integer times s).
                    const float q = detail::quantizeValue(s, x, scale, zero, idx);
                    code = scale == 0 ? (s.symmetric ? 0 : int32_t(zero)) : int32_t(std::nearbyint(q / scale + zero));
                    break;
                }
                case QFormat::NF4: code = scale == 0 ? 7 : nf4Code(x / scale); break;
                case QFormat::FP16: code = floatToHalf(x); break;
                case QFormat::BF16: code = int32_t(std::bit_cast<uint32_t>(roundToBf16(x)) >> 16); break;
                default: {
                    // Encode the element as rounded before rescaling (q / scale would be inexact).
                    const MiniFloat& f = miniFloatOf(s.format);
                    const float unscaled = s.granularity == Granularity::None ? x : (scale == 0 ? 0.0f : x / scale);
                    code = encodeMiniFloat(roundMiniFloat(unscaled, f), f);
                }
                }
                codes[size_t(r * w.cols + c)] = code;
            }
    });
    return codes;
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

namespace {
    /// Values accumulated in float lanes before being added to the double totals: short enough
    /// that float partial sums lose nothing that matters, long enough to vectorise.
    constexpr int64_t kAccumBlock = 256;
    constexpr int kLanes = 8;

    struct ErrorSums {
        int64_t count = 0;
        double sw2 = 0, se2 = 0, swq = 0, sq2 = 0, se = 0, maxAbs = 0, vw2 = 0, ve2 = 0;
        simd::LaneSums lanes; // finite blocks without column weights, summed in vector lanes

        void addScalar(float w, float q, const float* colWeight)
        {
            if (!std::isfinite(w))
                return;
            const double d = double(q) - double(w);
            ++count;
            sw2 += double(w) * w;
            se2 += d * d;
            swq += double(w) * q;
            sq2 += double(q) * q;
            se += d;
            maxAbs = std::max(maxAbs, std::fabs(d));
            if (colWeight) {
                vw2 += double(*colWeight) * w * w;
                ve2 += double(*colWeight) * d * d;
            }
        }

        /// Adds n pairs (w, Q(w)) in blocks of kAccumBlock: finite blocks go through vector lanes
        /// (simd::blockErrorSums, or float lanes with the column weights), others value by value.
        void add(const float* w, const float* q, int64_t n, const float* colWeights)
        {
            for (int64_t b = 0; b < n; b += kAccumBlock) {
                const int64_t m = std::min(kAccumBlock, n - b);
                bool finite = true;
                for (int64_t i = 0; i < m; ++i)
                    finite &= (std::bit_cast<uint32_t>(w[b + i]) & 0x7F800000u) != 0x7F800000u;
                if (finite && !colWeights && simd::blockErrorSums(w + b, q + b, m, lanes)) { // the common case: Highway lanes
                    count += m;
                    continue;
                }
                if (!finite || !colWeights || (m % kLanes) != 0) { // (also float sums that overflowed)
                    for (int64_t i = 0; i < m; ++i)
                        addScalar(w[b + i], q[b + i], colWeights ? colWeights + b + i : nullptr);
                    continue;
                }
                float aw2[kLanes] = {}, ae2[kLanes] = {}, awq[kLanes] = {}, aq2[kLanes] = {}, ae[kLanes] = {}, amax[kLanes] = {};
                float avw2[kLanes] = {}, ave2[kLanes] = {};
                for (int64_t i = 0; i < m; i += kLanes) {
                    for (int k = 0; k < kLanes; ++k) {
                        const float x = w[b + i + k], y = q[b + i + k], d = y - x;
                        aw2[k] += x * x;
                        ae2[k] += d * d;
                        awq[k] += x * y;
                        aq2[k] += y * y;
                        ae[k] += d;
                        const float ad = std::fabs(d);
                        amax[k] = ad > amax[k] ? ad : amax[k];
                    }
                    for (int k = 0; k < kLanes; ++k) {
                        const float x = w[b + i + k], d = q[b + i + k] - x, v = colWeights[b + i + k];
                        avw2[k] += v * x * x;
                        ave2[k] += v * d * d;
                    }
                }
                bool sumsFinite = true;
                for (int k = 0; k < kLanes; ++k)
                    sumsFinite &= std::isfinite(aw2[k] + ae2[k] + std::fabs(awq[k]) + aq2[k] + std::fabs(ae[k]) + amax[k] + avw2[k] + ave2[k]);
                if (!sumsFinite) { // a float sum overflowed: this block in double
                    for (int64_t i = 0; i < m; ++i)
                        addScalar(w[b + i], q[b + i], colWeights + b + i);
                    continue;
                }
                count += m;
                for (int k = 0; k < kLanes; ++k) {
                    sw2 += aw2[k];
                    se2 += ae2[k];
                    swq += awq[k];
                    sq2 += aq2[k];
                    se += ae[k];
                    maxAbs = std::max(maxAbs, double(amax[k]));
                    vw2 += avw2[k];
                    ve2 += ave2[k];
                }
            }
        }
        void merge(const ErrorSums& o)
        {
            count += o.count;
            sw2 += o.sw2;
            se2 += o.se2;
            swq += o.swq;
            sq2 += o.sq2;
            se += o.se;
            maxAbs = std::max(maxAbs, o.maxAbs);
            vw2 += o.vw2;
            ve2 += o.ve2;
            lanes.merge(o.lanes);
        }
        ErrorMetrics metrics(bool weighted) const
        {
            double t[6];
            lanes.totals(t);
            const double w2 = sw2 + t[0], e2 = se2 + t[1], wq = swq + t[2], q2 = sq2 + t[3], e = se + t[4];
            ErrorMetrics m;
            m.count = count;
            m.relMse = w2 > 0 ? e2 / w2 : (e2 > 0 ? std::numeric_limits<double>::infinity() : 0.0);
            m.sqnrDb = m.relMse > 0 ? -10.0 * std::log10(m.relMse) : std::numeric_limits<double>::infinity();
            m.cosine = (w2 > 0 && q2 > 0) ? wq / std::sqrt(w2 * q2) : (w2 == q2 ? 1.0 : 0.0);
            m.maxAbsErr = std::max(maxAbs, t[5]);
            m.meanErr = count ? e / double(count) : 0.0;
            m.weightedRelMse = weighted ? (vw2 > 0 ? ve2 / vw2 : 0.0) : m.relMse;
            return m;
        }
    };
} // namespace

namespace {
    /// Adds the error of one group of an elementwise format, given its scale, to \p e: a piece of the
    /// group at a time quantized into a small buffer (never the tensor) — or, for integers to nearest,
    /// NF4 and the small floats, quantized and summed in one vector pass with the same results (blocks
    /// with NaN or ±Inf and column-weighted sums still take the two steps).
    class GroupAccumulator {
    public:
        GroupAccumulator(const QuantSpec& s, const float* columnWeights)
            : s_(s)
            , columnWeights_(columnWeights)
            , fusedInt_(s.format == QFormat::Int && s.rounding == Rounding::NearestEven)
            , fusedMini_(s.format == QFormat::FP8_E4M3 || s.format == QFormat::FP8_E5M2 || s.format == QFormat::FP4_E2M1
                  || s.format == QFormat::MXFP4 || s.format == QFormat::FP16)
            , rawMini_(fusedMini_ && s.granularity == Granularity::None)
            , fusedNf4_(s.format == QFormat::NF4)
            , fusedBf16_(s.format == QFormat::BF16)
        {
            if (fusedMini_) {
                // FP16 rounds finite values as an E5M10 mini float would (NaN never reaches the lanes).
                const detail::MiniFloatRounder r(s.format == QFormat::FP16 ? kE5M10 : miniFloatOf(s.format));
                mini_ = { r.shift, r.big, r.smallestNormal, r.overflowAt, r.overflowValue, r.saturates };
            }
        }

        /// Columns [c0, end) of row \p r (values \p x, the row's start) with \p scale and \p zero.
        void operator()(const float* x, int64_t r, int64_t cols, int64_t c0, int64_t end, float scale, float zero, ErrorSums& e) const
        {
            const bool fused = (fusedInt_ || fusedMini_ || fusedNf4_ || fusedBf16_) && !columnWeights_ && (scale != 0 || rawMini_ || fusedBf16_);
            const float inv = fused ? 1.0f / scale : 0.0f;
            float lo = 0, hi = 0;
            if (fusedInt_)
                detail::intCodeRange(s_, zero, lo, hi);
            float q[kAccumBlock];
            for (int64_t i = c0; i < end; i += kAccumBlock) {
                const int64_t n = std::min(kAccumBlock, end - i);
                if (fused
                    && (fusedInt_       ? simd::intBlockErrorSums(x + i, n, inv, scale, lo, hi, s_.symmetric, e.lanes)
                            : fusedNf4_ ? simd::nf4BlockErrorSums(x + i, n, scale, kNf4Levels, e.lanes)
                            : fusedBf16_ ? simd::bf16BlockErrorSums(x + i, n, e.lanes)
                                         : simd::miniBlockErrorSums(x + i, n, mini_, !rawMini_, scale, e.lanes))) {
                    e.count += n;
                    continue;
                }
                detail::quantizeGroup(s_, x + i, n, scale, zero, uint64_t(r * cols + i), q);
                e.add(x + i, q, n, columnWeights_ ? columnWeights_ + i : nullptr);
            }
        }

    private:
        const QuantSpec& s_;
        const float* columnWeights_;
        bool fusedInt_, fusedMini_, rawMini_, fusedNf4_, fusedBf16_;
        simd::MiniRound mini_ {};
    };

    /// Elementwise formats: each group's scale from \p scaleOf(row, first column, values, count,
    /// scale, zero), then its error through GroupAccumulator.
    template <typename ScaleOf>
    void accumulateRows(const QuantSpec& s, const WeightMatrix& w, int64_t r0, int64_t r1, int64_t groupCols, const float* columnWeights,
        ErrorSums& e, ScaleOf&& scaleOf)
    {
        const GroupAccumulator group(s, columnWeights);
        for (int64_t r = r0; r < r1; ++r) {
            const float* x = w.data + r * w.cols;
            for (int64_t c0 = 0; c0 < w.cols; c0 += groupCols) {
                const int64_t end = std::min(w.cols, c0 + groupCols);
                float scale = 0, zero = 0;
                scaleOf(r, c0, x + c0, end - c0, scale, zero);
                group(x, r, w.cols, c0, end, scale, zero, e);
            }
        }
    }

    /// Whether measureError(s, w) takes the row path below: groups or channels with min-max ranges
    /// (scales taken on the way), or a tensor's one scale (computed first, any clip method).
    bool rowPathFor(const QuantSpec& s)
    {
        if (s.rounding != Rounding::NearestEven)
            return false;
        const bool mxBlock = s.format == QFormat::MXFP4 && s.granularity == Granularity::Block;
        const bool grouped = s.granularity == Granularity::Group || s.granularity == Granularity::Channel || mxBlock;
        if (!(grouped && s.clip == ClipMethod::MinMax) && s.granularity != Granularity::Tensor)
            return false;
        switch (s.format) {
        case QFormat::Int:
        case QFormat::NF4:
        case QFormat::MXFP4:
        case QFormat::FP8_E4M3:
        case QFormat::FP8_E5M2:
        case QFormat::FP4_E2M1: return true;
        default: return false;
        }
    }

    /// Groups (or channels) with min-max ranges, in one pass per row: the ranges of all its groups
    /// (one vector pass; only max|x| where the format is symmetric), their scales — exactly as
    /// computeParams gives them — then the sums of each run of finite groups in one vector call while
    /// the row is in cache, fetching the next row meanwhile. A group with a NaN, an infinity or a huge
    /// value (its scale then from its finite values) and a ragged last group take GroupAccumulator;
    /// groups are added in order, so the sums equal the two-pass ones exactly.
    void rowPass(const QuantSpec& s, const WeightMatrix& w, int64_t r0, int64_t r1, int64_t groupCols, const QuantParams* tensorScale, ErrorSums& e)
    {
        const GroupAccumulator general(s, nullptr);
        const bool isInt = s.format == QFormat::Int;
        const int64_t full = w.cols / groupCols;
        const size_t nf = static_cast<size_t>(full);
        std::vector<float> mn(nf), mx(nf), scale(nf), inv(nf), zero(nf), lo(nf), hi(nf);
        std::vector<uint8_t> finite(nf);
        const simd::IntScaleRule rule { s.bits, s.symmetric, s.granularity == Granularity::Group };
        simd::MiniRound mini {};
        if (!isInt && s.format != QFormat::NF4) {
            const detail::MiniFloatRounder r(miniFloatOf(s.format));
            mini = { r.shift, r.big, r.smallestNormal, r.overflowAt, r.overflowValue, r.saturates };
        }
        const auto generalGroup = [&](const float* x, int64_t r, int64_t c0, int64_t end) {
            float sc = 0, z = 0;
            if (tensorScale) {
                sc = tensorScale->scale[0];
                z = tensorScale->zero.empty() ? 0.0f : tensorScale->zero[0];
            } else {
                detail::scaleFromRange(s, calibrate(s, x + c0, end - c0), sc, z);
            }
            general(x, r, w.cols, c0, end, sc, z, e);
        };
        if (tensorScale && full == 1) { // one group per row, the tensor's scale
            scale[0] = tensorScale->scale[0];
            zero[0] = tensorScale->zero.empty() ? 0.0f : tensorScale->zero[0];
            inv[0] = scale[0] == 0 ? 0.0f : 1.0f / scale[0];
            if (isInt)
                detail::intCodeRange(s, zero[0], lo[0], hi[0]);
        }
        for (int64_t r = r0; r < r1; ++r) {
            const float* x = w.data + r * w.cols;
            simd::groupRanges(x, full, groupCols, !isInt || s.symmetric, mn.data(), mx.data(), finite.data());
            if (tensorScale) {
                // (scales set above)
            } else if (isInt) {
                simd::intRangeScales(mn.data(), mx.data(), full, rule, scale.data(), inv.data(), zero.data(), lo.data(), hi.data());
            } else {
                for (size_t g = 0; g < nf; ++g) {
                    if (!finite[g])
                        continue;
                    const float a = mx[g];
                    if (s.format == QFormat::NF4)
                        scale[g] = a;
                    else if (s.format == QFormat::MXFP4)
                        scale[g] = a > 0 ? detail::mxScale(a) : 0.0f;
                    else
                        detail::scaleFromRange(s, minMaxRange(mn[g], a), scale[g], zero[g]);
                }
            }
            for (int64_t g = 0; g < full;) {
                int64_t g2 = g;
                while (g2 < full && finite[size_t(g2)])
                    ++g2;
                if (g2 > g) {
                    const size_t k = size_t(g);
                    const float* xg = x + g * groupCols;
                    const float* next = r + 1 < w.rows ? xg + w.cols : nullptr;
                    const bool done = isInt ? simd::intGroupsErrorSums(xg, g2 - g, groupCols, &scale[k], &inv[k], &lo[k], &hi[k], s.symmetric, next, e.lanes)
                        : s.format == QFormat::NF4 ? simd::nf4GroupsErrorSums(xg, g2 - g, groupCols, &scale[k], kNf4Levels, next, e.lanes)
                                                   : simd::miniGroupsErrorSums(xg, g2 - g, groupCols, &scale[k], mini, s.format == QFormat::MXFP4, next, e.lanes);
                    if (done)
                        e.count += (g2 - g) * groupCols;
                    else
                        for (int64_t h = g; h < g2; ++h)
                            general(x, r, w.cols, h * groupCols, (h + 1) * groupCols, scale[size_t(h)], zero[size_t(h)], e);
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
} // namespace

ErrorMetrics measureError(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, const float* columnWeights)
{
    const int64_t step = rowsPerChunk(w);
    std::vector<ErrorSums> chunk(size_t((w.rows + step - 1) / step));
    forRowChunks(w, [&](int64_t c, int64_t r0, int64_t r1) {
        ErrorSums e;
        if (s.isGgml()) {
            // Block formats: one row at a time through a row-sized buffer.
            std::vector<uint8_t> blocks;
            std::vector<float> q(size_t(w.cols));
            for (int64_t r = r0; r < r1; ++r) {
                ggmlRoundTrip(s, p, w.data + r * w.cols, w.cols, q.data(), blocks);
                e.add(w.data + r * w.cols, q.data(), w.cols, columnWeights);
            }
            chunk[size_t(c)] = e;
            return;
        }
        accumulateRows(s, w, r0, r1, p.groupCols, columnWeights, e, [&](int64_t r, int64_t c0, const float*, int64_t, float& scale, float& zero) {
            const size_t gi = p.index(r, c0);
            scale = p.scale[gi];
            zero = p.zero.empty() ? 0.0f : p.zero[gi];
        });
        chunk[size_t(c)] = e;
    });
    ErrorSums total;
    for (const auto& e : chunk)
        total.merge(e);
    return total.metrics(columnWeights != nullptr);
}

ErrorMetrics measureError(const QuantSpec& s, const WeightMatrix& w)
{
    // One pass per row where the spec allows: groups or channels with min-max ranges take their scales
    // from the values just read, while they are in cache (the same scales computeParams gives, so the
    // same sums); a tensor-wide scale is computed first.
    if (!rowPathFor(s))
        return measureError(s, w, computeParams(s, w));
    QuantParams tensor;
    if (s.granularity == Granularity::Tensor)
        tensor = computeParams(s, w);
    const QuantParams* tensorScale = s.granularity == Granularity::Tensor ? &tensor : nullptr;
    const int64_t groupCols = s.granularity == Granularity::Channel || tensorScale ? std::max<int64_t>(1, w.cols) : s.group;
    const int64_t step = rowsPerChunk(w);
    std::vector<ErrorSums> chunk(size_t((w.rows + step - 1) / step));
    forRowChunks(w, [&](int64_t c, int64_t r0, int64_t r1) {
        ErrorSums e;
        rowPass(s, w, r0, r1, groupCols, tensorScale, e);
        chunk[size_t(c)] = e;
    });
    ErrorSums total;
    for (const auto& e : chunk)
        total.merge(e);
    return total.metrics(false);
}

ErrorMetrics compareMatrices(const WeightMatrix& w, const float* q, const float* columnWeights, int64_t groupCols)
{
    const int64_t step = rowsPerChunk(w);
    const int64_t piece = groupCols > 0 ? groupCols : w.cols;
    std::vector<ErrorSums> chunk(size_t((w.rows + step - 1) / step));
    forRowChunks(w, [&](int64_t c, int64_t r0, int64_t r1) {
        ErrorSums e;
        // The same pieces as measureError (group, then blocks of kAccumBlock), so the sums agree exactly.
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t c0 = 0; c0 < w.cols; c0 += piece) {
                const int64_t end = std::min(w.cols, c0 + piece);
                for (int64_t i = c0; i < end; i += kAccumBlock) {
                    const int64_t n = std::min(kAccumBlock, end - i);
                    e.add(w.data + r * w.cols + i, q + r * w.cols + i, n, columnWeights ? columnWeights + i : nullptr);
                }
            }
        chunk[size_t(c)] = e;
    });
    ErrorSums total;
    for (const auto& e : chunk)
        total.merge(e);
    return total.metrics(columnWeights != nullptr);
}

} // namespace ql

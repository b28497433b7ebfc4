// Integer formats INT2 … INT8: symmetric (s = absmax / (2^(b−1) − 1), codes −2^(b−1) … 2^(b−1) − 1)
// or asymmetric (s = (hi − lo) / (2^b − 1), zero-point round(−lo / s)), per tensor, channel or group.
#include "families.h"

#include "core/quant/elementformat.h"
#include "core/quant/formats.h"
#include "core/quant/groupkernel.h"

#include <algorithm>
#include <cmath>

namespace ql::family {

namespace {
    class IntFormat final : public ElementFormat {
    public:
        IntFormat(const char* name, int bits)
            : ElementFormat(QFormat::Int, name, bits)
        {
        }

        void defaults(QuantSpec& s) const override
        {
            s.bits = bits();
            s.granularity = Granularity::Channel;
        }
        SpecRules rules() const override { return { true, false, true, true, true }; }
        double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override
        {
            return scaledBitsPerWeight(s, double(s.bits), 16.0, s.symmetric ? 0.0 : double(s.bits), rowLength, values);
        }

        void scaleFromRange(const QuantSpec& s, const ClipRange& r, float& scale, float& zero) const override
        {
            zero = 0;
            if (s.symmetric) {
                scale = r.absmax / float((1 << (s.bits - 1)) - 1);
            } else {
                const float levels = float((1 << s.bits) - 1);
                scale = (r.hi - r.lo) / levels;
                if (scale > 0)
                    zero = std::clamp(std::nearbyint(-r.lo / scale), 0.0f, levels);
            }
            // Group scales are stored as FP16, as GPTQ/AWQ checkpoints do; the quantizer uses what is stored.
            if (s.granularity == Granularity::Group)
                scale = roundToHalf(scale);
            if (!std::isfinite(scale))
                scale = 0;
        }

        float quantizeValue(const QuantSpec& s, float x, float scale, float zero, uint64_t index) const override
        {
            if (scale == 0)
                return std::isfinite(x) ? 0.0f : x;
            // x·(1/s) as torch's fake_quantize computes it, so ties round the same way.
            const float inv = 1.0f / scale;
            const float r = roundInteger(x * inv, s.rounding, s.seed, index);
            if (s.symmetric) {
                const float qmax = float((1 << (s.bits - 1)) - 1), qmin = -qmax - 1;
                return std::clamp(r, qmin, qmax) * scale;
            }
            const float qmax = float((1 << s.bits) - 1);
            return (std::clamp(r + zero, 0.0f, qmax) - zero) * scale;
        }

        int32_t code(const QuantSpec& s, float x, float scale, float zero, uint64_t index) const override
        {
            // The code is the dequantized value divided back by the scale (exact: an integer times s).
            const float q = quantizeValue(s, x, scale, zero, index);
            return scale == 0 ? (s.symmetric ? 0 : int32_t(zero)) : int32_t(std::nearbyint(q / scale + zero));
        }
        bool hasZeroPoint(const QuantSpec& s) const override { return !s.symmetric; }
        int klLevels(const QuantSpec& s) const override { return 1 << (s.bits - 1); }

        bool hasFastKernel(const QuantSpec& s) const override { return s.rounding == Rounding::NearestEven; }
        void quantizeGroupFast(
            const QuantSpec& s, const float* x, int64_t n, float scale, float zero, float* out) const override
        {
            detail::quantizeIntGroupFast(s, x, n, scale, zero, out);
        }

        bool fuses(const QuantSpec& s, float scale) const override
        {
            return s.rounding == Rounding::NearestEven && scale != 0;
        }
        bool fusedBlockSums(
            const QuantSpec& s, const float* x, int64_t n, float scale, float zero, simd::LaneSums& acc) const override
        {
            float lo, hi;
            detail::intCodeRange(s, zero, lo, hi);
            return simd::intBlockErrorSums(x, n, 1.0f / scale, scale, lo, hi, s.symmetric, acc);
        }

        bool onePassKernels(const QuantSpec&) const override { return true; }
        bool absRanges(const QuantSpec& s) const override { return s.symmetric; }
        void rangeScales(const QuantSpec& s, RowScales& rs, size_t groups) const override
        {
            const simd::IntScaleRule rule { s.bits, s.symmetric, s.granularity == Granularity::Group };
            simd::intRangeScales(rs.mn.data(), rs.mx.data(), int64_t(groups), rule, rs.scale.data(), rs.inv.data(),
                rs.zero.data(), rs.lo.data(), rs.hi.data());
        }
        void codeBounds(const QuantSpec& s, float zero, float& lo, float& hi) const override
        {
            detail::intCodeRange(s, zero, lo, hi);
        }
        bool groupsErrorSums(const QuantSpec& s, const float* x, int64_t groups, int64_t groupCols, const RowScales& rs,
            size_t k, const float* next, simd::LaneSums& acc) const override
        {
            return simd::intGroupsErrorSums(
                x, groups, groupCols, &rs.scale[k], &rs.inv[k], &rs.lo[k], &rs.hi[k], s.symmetric, next, acc);
        }
    };
} // namespace

void addInt(FormatList& out)
{
    // Function-local objects: constructed on first use, whatever the order of static initialisation.
    static const IntFormat int2("int2", 2), int3("int3", 3), int4("int4", 4), int5("int5", 5), int6("int6", 6),
        int7("int7", 7), int8("int8", 8);
    out.insert(out.end(), { &int2, &int3, &int4, &int5, &int6, &int7, &int8 });
}

} // namespace ql::family

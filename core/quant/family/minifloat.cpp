// Small floats: FP16 and BF16 casts, FP8 E4M3 / E5M2 and FP4 E2M1 (raw, or scaled per tensor,
// channel or group so that the range's absmax lands on the format's largest value), and the OCP MX
// block format MXFP4 (E2M1 values, one E8M0 power-of-two scale per 32). Saturating where the format
// saturates, round to nearest even.
#include "families.h"

#include "../elementformat.h"
#include "../formats.h"
#include "../groupkernel.h"

#include <bit>
#include <cmath>

namespace ql::family {

namespace {
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

    simd::MiniRound laneRounding(const MiniFloat& f)
    {
        const detail::MiniFloatRounder r(f);
        return { r.shift, r.big, r.smallestNormal, r.overflowAt, r.overflowValue, r.saturates };
    }

    /// Values rounded to a MiniFloat grid, scaled or raw; the shared part of FP16, FP8, FP4 and MX.
    class MiniFloatBase : public ElementFormat {
    public:
        MiniFloatBase(QFormat id, const char* name, const MiniFloat& grid, const MiniFloat& lanes)
            : ElementFormat(id, name)
            , grid_(grid)
            , lanes_(laneRounding(lanes))
        {
        }
        float quantizeValue(const QuantSpec& s, float x, float scale, float, uint64_t) const override
        {
            if (s.granularity == Granularity::None)
                return roundMiniFloat(x, grid_);
            if (scale == 0)
                return std::isfinite(x) ? 0.0f : x;
            return roundMiniFloat(x / scale, grid_) * scale;
        }
        int32_t code(const QuantSpec& s, float x, float scale, float, uint64_t) const override
        {
            // Encode the element as rounded before rescaling (q / scale would be inexact).
            const float unscaled = s.granularity == Granularity::None ? x : (scale == 0 ? 0.0f : x / scale);
            return encodeMiniFloat(roundMiniFloat(unscaled, grid_), grid_);
        }
        bool hasFastKernel(const QuantSpec&) const override { return true; }
        void quantizeGroupFast(
            const QuantSpec& s, const float* x, int64_t n, float scale, float, float* out) const override
        {
            detail::quantizeFloatGroupFast(s, x, n, scale, out);
        }
        bool fuses(const QuantSpec& s, float scale) const override
        {
            return scale != 0 || s.granularity == Granularity::None;
        }
        bool fusedBlockSums(
            const QuantSpec& s, const float* x, int64_t n, float scale, float, simd::LaneSums& acc) const override
        {
            return simd::miniBlockErrorSums(x, n, lanes_, s.granularity != Granularity::None, scale, acc);
        }

    protected:
        const MiniFloat& grid_;
        simd::MiniRound lanes_;
    };

    /// IEEE half: a cast, rounded in the fused sums as an E5M10 mini float (equal on finite values).
    class Fp16Format final : public MiniFloatBase {
    public:
        Fp16Format()
            : MiniFloatBase(QFormat::FP16, "fp16", kE5M10, kE5M10)
        {
        }
        void defaults(QuantSpec& s) const override { s.granularity = Granularity::None; }
        double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override
        {
            return scaledBitsPerWeight(s, 16.0, 16.0, 0.0, rowLength, values);
        }
        void scaleFromRange(const QuantSpec&, const ClipRange&, float& scale, float& zero) const override
        {
            scale = 1;
            zero = 0;
        }
        float quantizeValue(const QuantSpec&, float x, float, float, uint64_t) const override { return roundToHalf(x); }
        int32_t code(const QuantSpec&, float x, float, float, uint64_t) const override { return floatToHalf(x); }
        bool hasFastKernel(const QuantSpec&) const override { return false; }
    };

    class Bf16Format final : public ElementFormat {
    public:
        Bf16Format()
            : ElementFormat(QFormat::BF16, "bf16")
        {
        }
        void defaults(QuantSpec& s) const override { s.granularity = Granularity::None; }
        double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override
        {
            return scaledBitsPerWeight(s, 16.0, 16.0, 0.0, rowLength, values);
        }
        void scaleFromRange(const QuantSpec&, const ClipRange&, float& scale, float& zero) const override
        {
            scale = 1;
            zero = 0;
        }
        float quantizeValue(const QuantSpec&, float x, float, float, uint64_t) const override { return roundToBf16(x); }
        int32_t code(const QuantSpec&, float x, float, float, uint64_t) const override
        {
            return int32_t(std::bit_cast<uint32_t>(roundToBf16(x)) >> 16);
        }
        bool hasFastKernel(const QuantSpec&) const override { return true; }
        void quantizeGroupFast(const QuantSpec&, const float* x, int64_t n, float, float, float* out) const override
        {
            simd::roundBf16(x, n, out);
        }
        bool fuses(const QuantSpec&, float) const override { return true; }
        bool fusedBlockSums(
            const QuantSpec&, const float* x, int64_t n, float, float, simd::LaneSums& acc) const override
        {
            return simd::bf16BlockErrorSums(x, n, acc);
        }
    };

    /// FP8 / FP4 raw or scaled so that the range's absmax is the format's largest value.
    class ScaledMiniFloat final : public MiniFloatBase {
    public:
        ScaledMiniFloat(QFormat id, const char* name, const MiniFloat& grid, int elementBits, int klLevels)
            : MiniFloatBase(id, name, grid, grid)
            , elementBits_(elementBits)
            , klLevels_(klLevels)
        {
        }
        void defaults(QuantSpec& s) const override { s.granularity = Granularity::Tensor; }
        SpecRules rules() const override { return { true, true, false, true, false }; }
        double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override
        {
            return scaledBitsPerWeight(s, double(elementBits_), 16.0, 0.0, rowLength, values);
        }
        void scaleFromRange(const QuantSpec& s, const ClipRange& r, float& scale, float& zero) const override
        {
            zero = 0;
            scale = s.granularity == Granularity::None ? 1.0f : r.absmax / grid_.maxValue;
            if (!std::isfinite(scale))
                scale = 0;
        }
        int klLevels(const QuantSpec&) const override { return klLevels_; }
        bool onePassKernels(const QuantSpec&) const override { return true; }
        bool groupsErrorSums(const QuantSpec&, const float* x, int64_t groups, int64_t groupCols, const RowScales& rs,
            size_t k, const float* next, simd::LaneSums& acc) const override
        {
            return simd::miniGroupsErrorSums(x, groups, groupCols, &rs.scale[k], lanes_, false, next, acc);
        }

    private:
        int elementBits_, klLevels_;
    };

    /// OCP MX: 32 E2M1 values share the E8M0 power of two 2^(floor(log2 max|x|) − emax), emax = 2.
    class MxFormat final : public MiniFloatBase {
    public:
        MxFormat(QFormat id, const char* name, const MiniFloat& grid, int elementBits)
            : MiniFloatBase(id, name, grid, grid)
            , elementBits_(elementBits)
        {
        }
        void defaults(QuantSpec& s) const override
        {
            s.granularity = Granularity::Block;
            s.group = 32;
        }
        double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override
        {
            return scaledBitsPerWeight(s, double(elementBits_), 16.0, 0.0, rowLength, values);
        }
        void scaleFromRange(const QuantSpec&, const ClipRange& r, float& scale, float& zero) const override
        {
            zero = 0;
            scale = !(r.absmax > 0) || !std::isfinite(r.absmax) ? 0.0f : detail::mxScale(r.absmax);
        }
        bool onePassKernels(const QuantSpec&) const override { return true; }
        void rangeScales(const QuantSpec&, RowScales& rs, size_t groups) const override
        {
            for (size_t g = 0; g < groups; ++g)
                if (rs.finite[g])
                    rs.scale[g] = rs.mx[g] > 0 ? detail::mxScale(rs.mx[g]) : 0.0f;
        }
        bool groupsErrorSums(const QuantSpec&, const float* x, int64_t groups, int64_t groupCols, const RowScales& rs,
            size_t k, const float* next, simd::LaneSums& acc) const override
        {
            return simd::miniGroupsErrorSums(x, groups, groupCols, &rs.scale[k], lanes_, true, next, acc);
        }

    private:
        int elementBits_;
    };
} // namespace

void addMiniFloat(FormatList& out)
{
    static const Fp16Format fp16;
    static const Bf16Format bf16;
    static const ScaledMiniFloat e4m3(QFormat::FP8_E4M3, "fp8_e4m3", kE4M3, 8, 128),
        e5m2(QFormat::FP8_E5M2, "fp8_e5m2", kE5M2, 8, 128), e2m1(QFormat::FP4_E2M1, "fp4_e2m1", kE2M1, 4, 8);
    static const MxFormat mxfp4(QFormat::MXFP4, "mxfp4", kE2M1, 4);
    out.insert(out.end(), { &fp16, &bf16, &e4m3, &e5m2, &e2m1, &mxfp4 });
}

} // namespace ql::family

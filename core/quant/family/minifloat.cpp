// Small floats: FP16 and BF16 casts, FP8 E4M3 / E5M2 and FP4 E2M1 (raw, or scaled per tensor,
// channel or group so that the range's absmax lands on the format's largest value). Saturating where
// the format saturates, round to nearest even. The block floats (OCP MX, NVFP4) are in mx.cpp and
// nvfp4.cpp.
#include "families.h"
#include "minifloatbase.h"

#include <bit>
#include <cmath>

namespace ql::family {

namespace {
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
} // namespace

void addMiniFloat(FormatList& out)
{
    static const Fp16Format fp16;
    static const Bf16Format bf16;
    static const ScaledMiniFloat e4m3(QFormat::FP8_E4M3, "fp8_e4m3", kE4M3, 8, 128),
        e5m2(QFormat::FP8_E5M2, "fp8_e5m2", kE5M2, 8, 128), e2m1(QFormat::FP4_E2M1, "fp4_e2m1", kE2M1, 4, 8);
    out.insert(out.end(), { &fp16, &bf16, &e4m3, &e5m2, &e2m1 });
}

} // namespace ql::family

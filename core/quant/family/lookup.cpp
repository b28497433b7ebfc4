// Lookup-table formats: NF4, QLoRA's sixteen normal-float levels scaled by each block's absmax
// (blocks of 64 by default), the nearest level chosen by the midpoints between levels.
#include "families.h"

#include "core/quant/elementformat.h"
#include "core/quant/formats.h"
#include "core/quant/groupkernel.h"

#include <cmath>

namespace ql::family {

namespace {
    class Nf4Format final : public ElementFormat {
    public:
        Nf4Format()
            : ElementFormat(QFormat::NF4, "nf4")
        {
        }
        void defaults(QuantSpec& s) const override
        {
            s.granularity = Granularity::Group;
            s.group = 64;
        }
        SpecRules rules() const override { return { true, false, false, true, true }; }
        double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override
        {
            return scaledBitsPerWeight(s, 4.0, 32.0, 0.0, rowLength, values); // an FP32 absmax per block
        }
        void scaleFromRange(const QuantSpec&, const ClipRange& r, float& scale, float& zero) const override
        {
            scale = r.absmax;
            zero = 0;
        }
        float quantizeValue(const QuantSpec&, float x, float scale, float, uint64_t) const override
        {
            if (scale == 0)
                return std::isfinite(x) ? 0.0f : x;
            return std::isnan(x) ? x : kNf4Levels[nf4Code(x / scale)] * scale;
        }
        int32_t code(const QuantSpec&, float x, float scale, float, uint64_t) const override
        {
            return scale == 0 ? 7 : nf4Code(x / scale);
        }

        bool hasFastKernel(const QuantSpec&) const override { return true; }
        void quantizeGroupFast(
            const QuantSpec&, const float* x, int64_t n, float scale, float, float* out) const override
        {
            detail::quantizeNf4GroupFast(x, n, scale, out);
        }
        bool fuses(const QuantSpec&, float scale) const override { return scale != 0; }
        bool fusedBlockSums(
            const QuantSpec&, const float* x, int64_t n, float scale, float, simd::LaneSums& acc) const override
        {
            return simd::nf4BlockErrorSums(x, n, scale, kNf4Levels, acc);
        }

        bool onePassKernels(const QuantSpec&) const override { return true; }
        void rangeScales(const QuantSpec&, RowScales& rs, size_t groups) const override
        {
            for (size_t g = 0; g < groups; ++g)
                if (rs.finite[g])
                    rs.scale[g] = rs.mx[g];
        }
        bool groupsErrorSums(const QuantSpec&, const float* x, int64_t groups, int64_t groupCols, const RowScales& rs,
            size_t k, const float* next, simd::LaneSums& acc) const override
        {
            return simd::nf4GroupsErrorSums(x, groups, groupCols, &rs.scale[k], kNf4Levels, next, acc);
        }
    };
} // namespace

void addLookup(FormatList& out)
{
    static const Nf4Format nf4;
    out.push_back(&nf4);
}

} // namespace ql::family

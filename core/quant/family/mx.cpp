// OCP Microscaling (MX) block floats, as the OCP Microscaling Formats specification v1.0 defines
// them: 32 values share one E8M0 power-of-two scale X = 2^(floor(log2 max|v|) − emax), emax the
// exponent of the element format's largest normal; each element is v / X rounded to nearest even,
// normal values past the largest clamped to it. MXFP4 (E2M1), MXFP6 (E2M3, E3M2) and MXFP8 (E4M3,
// E5M2); bits per weight = element bits + 8 / 32.
#include "families.h"
#include "minifloatbase.h"

#include <cmath>

namespace ql::family {

namespace {
    class MxFormat final : public MiniFloatBase {
    public:
        MxFormat(QFormat id, const char* name, const MiniFloat& grid, int elementBits)
            : MiniFloatBase(id, name, grid, grid)
            , elementBits_(elementBits)
            , emax_(std::ilogb(grid.maxValue))
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
            scale = !(r.absmax > 0) || !std::isfinite(r.absmax) ? 0.0f : detail::mxScale(r.absmax, emax_);
        }
        bool onePassKernels(const QuantSpec&) const override { return true; }
        void rangeScales(const QuantSpec&, RowScales& rs, size_t groups) const override
        {
            for (size_t g = 0; g < groups; ++g)
                if (rs.finite[g])
                    rs.scale[g] = rs.mx[g] > 0 ? detail::mxScale(rs.mx[g], emax_) : 0.0f;
        }
        bool groupsErrorSums(const QuantSpec&, const float* x, int64_t groups, int64_t groupCols, const RowScales& rs,
            size_t k, const float* next, simd::LaneSums& acc) const override
        {
            return simd::miniGroupsErrorSums(x, groups, groupCols, &rs.scale[k], lanes_, true, next, acc);
        }

    private:
        int elementBits_, emax_;
    };
} // namespace

void addMx(FormatList& out)
{
    static const MxFormat mxfp4(QFormat::MXFP4, "mxfp4", kE2M1, 4),
        mxfp6e2m3(QFormat::MXFP6_E2M3, "mxfp6_e2m3", kE2M3, 6), mxfp6e3m2(QFormat::MXFP6_E3M2, "mxfp6_e3m2", kE3M2, 6),
        mxfp8e4m3(QFormat::MXFP8_E4M3, "mxfp8_e4m3", kE4M3, 8),
        mxfp8e5m2(QFormat::MXFP8_E5M2, "mxfp8_e5m2", kE5M2Saturating, 8);
    out.insert(out.end(), { &mxfp4, &mxfp6e2m3, &mxfp6e3m2, &mxfp8e4m3, &mxfp8e5m2 });
}

} // namespace ql::family

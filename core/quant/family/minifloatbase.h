#pragma once
// Internal: what the small float families share (minifloat.cpp, mx.cpp, nvfp4.cpp): values rounded
// to a MiniFloat grid, raw or divided by a scale, their bit patterns, and the vector kernels that
// round and sum them.

#include "core/quant/elementformat.h"
#include "core/quant/formats.h"
#include "core/quant/groupkernel.h"

#include <cmath>

namespace ql::family {

/// Bit pattern of a value representable in \p f.
inline int32_t encodeMiniFloat(float q, const MiniFloat& f)
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

inline simd::MiniRound laneRounding(const MiniFloat& f)
{
    const detail::MiniFloatRounder r(f);
    return { r.shift, r.big, r.smallestNormal, r.overflowAt, r.overflowValue, r.saturates };
}

/// Values rounded to a MiniFloat grid, scaled or raw; the shared part of FP16, FP8, FP4, MX and NVFP4.
/// \p grid rounds in the scalar reference, \p lanes in the vector kernels (the same grid, except
/// FP16's, which rounds through roundToHalf in the reference).
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
    void quantizeGroupFast(const QuantSpec& s, const float* x, int64_t n, float scale, float, float* out) const override
    {
        detail::quantizeFloatGroupFast(lanes_, s.granularity != Granularity::None, x, n, scale, out);
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

} // namespace ql::family

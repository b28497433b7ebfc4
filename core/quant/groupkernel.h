#pragma once
// Internal: the kernels that quantize one scale group of the elementwise formats, shared by the
// families (quant/family/), calibration, GPTQ and AWQ; the per-spec entry points forward to the
// spec's format object (elementformat.h). Not part of the public API.

#include "calibrate.h"
#include "elementformat.h"
#include "formats.h"
#include "simd.h"
#include "spec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace ql::detail {

/// \brief The OCP MX shared scale of a block whose largest magnitude is \p absmax (finite, > 0): the
/// E8M0 power of two 2^(floor(log2 absmax) − \p emax), emax being the exponent of the element
/// format's largest normal (E2M1 and E2M3 2, E3M2 4, E4M3 8, E5M2 15), the exponent clamped to
/// [−127, 127] — from the float's exponent bits (a subnormal absmax always gives the smallest scale).
inline float mxScale(float absmax, int emax = 2)
{
    const uint32_t biased = std::bit_cast<uint32_t>(absmax) >> 23; // absmax > 0: no sign bit
    const int k = biased == 0 ? -127 : std::clamp(int(biased) - 127 - emax, -127, 127);
    return k >= -126 ? std::bit_cast<float>(uint32_t(k + 127) << 23) : std::bit_cast<float>(0x00400000u);
}

/// \brief Rounds to a small float format without library calls, bit-identical to roundMiniFloat:
/// in the normal range the float's mantissa is rounded to the format's width with ties to even (the
/// carry may move into the exponent); below the smallest normal, adding and removing a constant
/// whose unit in the last place is the subnormal step rounds to that step; overflow saturates or
/// becomes infinity as the format defines; the sign (also of zero) and NaN are kept. The constants
/// are computed once, so the per-value work is a handful of integer and float operations.
struct MiniFloatRounder {
    explicit MiniFloatRounder(const MiniFloat& f)
        : shift(23 - f.mbits)
        , big(std::ldexp(1.0f, 1 - f.bias - f.mbits) * 12582912.0f) // 1.5 · 2^23 subnormal steps
        , smallestNormal(std::ldexp(1.0f, 1 - f.bias))
        , maxValue(f.maxValue)
        , overflowAt(
              f.saturates ? f.maxValue : f.maxValue + std::ldexp(1.0f, int(std::ilogb(f.maxValue)) - f.mbits) / 2)
        , overflowValue(f.saturates ? f.maxValue : std::numeric_limits<float>::infinity())
        , saturates(f.saturates)
    {
    }
    float operator()(float x) const
    {
        const float a = std::fabs(x);
        uint32_t b = std::bit_cast<uint32_t>(a);
        b += (1u << (shift - 1)) - 1u + ((b >> shift) & 1u);
        b &= ~((1u << shift) - 1u);
        const float normal = std::bit_cast<float>(b);
        const float sub = (a + big) - big;
        float q = a < smallestNormal ? sub : normal;
        // A saturating format clamps anything past max; E5M2 keeps max up to half a step past it.
        const bool over = saturates ? a > overflowAt : a >= overflowAt;
        q = over ? overflowValue : q;
        q = std::copysign(q, x);
        return a != a ? x : q; // NaN stays NaN
    }
    int shift;
    float big, smallestNormal, maxValue, overflowAt, overflowValue;
    bool saturates;
};

/// \brief One value (tests and callers outside a loop).
inline float roundMiniFloatFast(float x, const MiniFloat& f)
{
    return MiniFloatRounder(f)(x);
}

/// \brief A small float group (FP8, FP4, MX, NVFP4), scaled (divided by \p scale, as the reference
/// divides) or raw, rounded by \p f: bit-identical to the reference.
inline void quantizeFloatGroupFast(
    const simd::MiniRound& f, bool scaled, const float* x, int64_t n, float scale, float* out)
{
    if (!scaled) {
        simd::roundMiniFloat(x, n, f, false, 1.0f, out);
        return;
    }
    if (scale == 0) {
        for (int64_t i = 0; i < n; ++i)
            out[i] = std::isfinite(x[i]) ? 0.0f : x[i];
        return;
    }
    simd::roundMiniFloat(x, n, f, true, scale, out);
}

/// \brief NF4 group: the level index is the number of decision thresholds below x / absmax.
inline void quantizeNf4GroupFast(const float* x, int64_t n, float scale, float* out)
{
    if (scale == 0) {
        for (int64_t i = 0; i < n; ++i)
            out[i] = std::isfinite(x[i]) ? 0.0f : x[i];
        return;
    }
    simd::quantizeNf4(x, n, scale, kNf4Levels, out); // Highway lanes
}

/// \brief Optimised integer round-to-nearest-even kernel, bit-identical to the reference: the
/// reciprocal is hoisted, the value is clamped to the code range first (the same as clamping after
/// rounding, the bounds being integers) and rounded by adding and subtracting 1.5·2^23, which
/// rounds to nearest even for |v| < 2^22 (copysign restores the sign of a zero result); the loop
/// has no calls and no branches, so it vectorises.
/// \brief The range of code − zero-point: symmetric [−2^(b−1), 2^(b−1) − 1]; asymmetric [−z, 2^b − 1 − z].
inline void intCodeRange(const QuantSpec& s, float zero, float& lo, float& hi)
{
    lo = s.symmetric ? -float(1 << (s.bits - 1)) : -zero;
    hi = s.symmetric ? float((1 << (s.bits - 1)) - 1) : float((1 << s.bits) - 1) - zero;
}

inline void quantizeIntGroupFast(const QuantSpec& s, const float* x, int64_t n, float scale, float zero, float* out)
{
    if (scale == 0) {
        for (int64_t i = 0; i < n; ++i)
            out[i] = std::isfinite(x[i]) ? 0.0f : x[i];
        return;
    }
    const float inv = 1.0f / scale;
    float lo, hi;
    intCodeRange(s, zero, lo, hi);
    simd::quantizeInt(x, n, inv, scale, lo, hi, s.symmetric, out); // Highway lanes, ties to even
}

/// \brief Scale (and zero-point) of a group of \p s from its clip range.
inline void scaleFromRange(const QuantSpec& s, const ClipRange& r, float& scale, float& zero)
{
    elementFormatOf(s).scaleFromRange(s, r, scale, zero);
}

/// \brief Dequantized value of one element (the scalar reference). \p index drives stochastic rounding.
inline float quantizeValue(const QuantSpec& s, float x, float scale, float zero, uint64_t index)
{
    return elementFormatOf(s).quantizeValue(s, x, scale, zero, index);
}

/// \brief Reference: one group value by value through quantizeValue.
inline void quantizeGroupReference(
    const QuantSpec& s, const float* x, int64_t n, float scale, float zero, uint64_t index, float* out)
{
    elementFormatOf(s).quantizeGroupReference(s, x, n, scale, zero, index, out);
}

/// \brief Whether quantizeGroup has an optimised kernel for \p s.
inline bool hasFastKernel(const QuantSpec& s)
{
    return elementFormatOf(s).hasFastKernel(s);
}

/// \brief One group: the optimised kernel where there is one, else the reference.
inline void quantizeGroup(
    const QuantSpec& s, const float* x, int64_t n, float scale, float zero, uint64_t index, float* out)
{
    elementFormatOf(s).quantizeGroup(s, x, n, scale, zero, index, out);
}

} // namespace ql::detail

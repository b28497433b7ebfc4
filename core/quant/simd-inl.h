// Per-target helpers shared by the Highway kernels (simd.cpp, ggmlsimd.cpp): included once per
// target through foreach_target, hence the toggle guard instead of #pragma once.
#if defined(QL_QUANT_SIMD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef QL_QUANT_SIMD_INL_H_
#undef QL_QUANT_SIMD_INL_H_
#else
#define QL_QUANT_SIMD_INL_H_
#endif

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace ql::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// Round to nearest, ties to even, keeping the sign of a zero result (−0.3 → −0, as nearbyint):
/// targets without a rounding instruction emulate Round and may return +0 there.
template <class V>
HWY_INLINE V RoundEven(V v)
{
#if HWY_TARGET == HWY_SSSE3 || HWY_TARGET == HWY_EMU128 || HWY_TARGET == HWY_SCALAR
    return hn::CopySign(hn::Round(v), v);
#else
    return hn::Round(v);
#endif
}

} // namespace ql::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif

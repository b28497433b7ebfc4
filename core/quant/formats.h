#pragma once
/// \file formats.h
/// \brief Scalar reference conversions of single values to the number formats' grids.

#include "spec.h"

#include <cmath>
#include <cstdint>

namespace ql {

/// \brief IEEE binary16 bits of \p f, rounded to nearest even (overflow to infinity, NaN kept).
uint16_t floatToHalf(float f);
/// \brief \p f rounded to the nearest FP16 value.
float roundToHalf(float f);
/// \brief \p f rounded to the nearest BF16 value (ties to even, NaN kept).
float roundToBf16(float f);

/// \brief A small float format (sign, exponent, mantissa).
struct MiniFloat {
    int ebits, mbits, bias;
    float maxValue;
    bool saturates; ///< overflow clamps to ±max (else becomes ±infinity)
};
constexpr MiniFloat kE4M3 { 4, 3, 7, 448.0f, true }; ///< OCP FP8 E4M3: no infinity, NaN only at S.1111.111
constexpr MiniFloat kE5M2 { 5, 2, 15, 57344.0f, false }; ///< OCP FP8 E5M2: IEEE-like, overflow to infinity
constexpr MiniFloat kE2M1 { 2, 1, 1, 6.0f, true }; ///< FP4 E2M1: values 0, 0.5, 1, 1.5, 2, 3, 4, 6
constexpr MiniFloat kE2M3 { 2, 3, 1, 7.5f, true }; ///< OCP MX FP6 E2M3: no infinity or NaN, max 7.5
constexpr MiniFloat kE3M2 { 3, 2, 3, 28.0f, true }; ///< OCP MX FP6 E3M2: no infinity or NaN, max 28
/// \brief E5M2 as an MX element: the OCP MX conversion clamps normal values to ±max (57344) instead
/// of overflowing to infinity.
constexpr MiniFloat kE5M2Saturating { 5, 2, 15, 57344.0f, true };
constexpr MiniFloat kE5M10 { 5, 10, 15, 65504.0f, false }; ///< IEEE half: for finite values, rounding to it is roundToHalf

/// \brief \p x rounded to the nearest value of \p f, ties to even.
float roundMiniFloat(float x, const MiniFloat& f);
/// \returns the element grid of a small float QFormat (E4M3 for fp8_e4m3 and mxfp8_e4m3, E5M2,
/// saturating for mxfp8_e5m2, E2M3, E3M2, E2M1 for fp4, mxfp4 and nvfp4).
const MiniFloat& miniFloatOf(QFormat f);

/// \brief The sixteen NF4 levels of QLoRA, ascending, in [-1, 1].
extern const float kNf4Levels[16];
/// \returns the code (0…15) of the NF4 level nearest to \p x (x already divided by the absmax).
int nf4Code(float x);

/// \brief Rounds \p x to an integer by \p mode; \p index and \p seed drive stochastic rounding
/// (a counter-based generator, so results do not depend on the order of evaluation).
inline float roundInteger(float x, Rounding mode, uint64_t seed, uint64_t index)
{
    switch (mode) {
    case Rounding::NearestEven: return std::nearbyint(x);
    case Rounding::HalfAway: return std::round(x);
    case Rounding::Stochastic: {
        uint64_t z = seed * 0x9E3779B97F4A7C15ull + index + 0x632BE59BD9B4E019ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        const float u = float(z >> 40) * (1.0f / 16777216.0f);
        return std::floor(x + u);
    }
    }
    return std::nearbyint(x);
}

} // namespace ql

#pragma once
/// \file calibrate.h
/// \brief Range calibration of one scale group: min-max, percentile, MSE-optimal, KL (entropy).

#include "spec.h"

#include <cstdint>

namespace ql {

/// \brief The range a scale group is mapped onto: [lo, hi] (asymmetric integers) or ±absmax.
struct ClipRange {
    float lo = 0, hi = 0; ///< asymmetric range, always containing 0
    float absmax = 0; ///< symmetric threshold
};

/// \brief The min-max range of values whose smallest and largest finite values are \p mn ≤ \p mx:
/// widened to contain 0, absmax the larger side.
inline ClipRange minMaxRange(float mn, float mx)
{
    ClipRange r;
    r.lo = 0.0f < mn ? 0.0f : mn; // std::min(mn, 0) and std::max(mx, 0), zeros' signs included
    r.hi = mx < 0.0f ? 0.0f : mx;
    r.absmax = -r.lo < r.hi ? r.hi : -r.lo;
    return r;
}

/// \brief Chooses the range of the \p n values at \p x for \p spec (its clip method).
/// NaN and ±Inf values are ignored.
ClipRange calibrate(const QuantSpec& spec, const float* x, int64_t n);

/// \brief The entropy (KL) threshold of |x|: 2048-bin histogram over [0, max|x|], and the bin edge
/// that minimises KL(P || Q) when the clipped distribution P is merged into \p levels levels.
float klThreshold(const float* x, int64_t n, int levels);

/// \brief Number of positive levels used by the KL method for a spec (2^(b-1) for integers).
int klLevels(const QuantSpec& spec);

} // namespace ql

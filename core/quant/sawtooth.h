#pragma once
/// \file sawtooth.h
/// \brief The affine integer grid of one scale group and the rounding error Q(x) − x it makes
/// (analysis/griderror.h estimates the error a whole tensor gets from its histogram).

#include "quantizer.h"
#include "spec.h"

#include <vector>

namespace ql {

/// \brief An integer grid: codes in [qmin, qmax], x ≈ (code − zeroPoint) · scale.
struct AffineGrid {
    int bits = 8;
    bool symmetric = true;
    Rounding rounding = Rounding::NearestEven;
    double scale = 0;
    int zeroPoint = 0; ///< always 0 when symmetric
    int qmin = -128, qmax = 127;
    /// \returns the smallest and largest representable value.
    double lowest() const { return (qmin - zeroPoint) * scale; }
    double highest() const { return (qmax - zeroPoint) * scale; }
};

/// \brief The grid the quantizer uses for range [lo, hi] (symmetric: ±max(|lo|, |hi|)), with the
/// same conventions: symmetric scale = absmax / (2^(b−1) − 1) and codes −2^(b−1) … 2^(b−1) − 1;
/// asymmetric scale = (hi − lo) / (2^b − 1) and zero-point round(−lo / scale). \p zeroPoint ≥ 0
/// overrides the asymmetric zero-point (clamped to the code range).
AffineGrid makeAffineGrid(int bits, bool symmetric, double lo, double hi, Rounding rounding = Rounding::NearestEven,
    int zeroPoint = -1);

/// \brief The parts of [lo, hi] the grid clips: farther than half a step beyond its outermost
/// levels, where the error outgrows ±s/2. Empty for an empty grid.
std::vector<std::pair<double, double>> clippedIntervals(const AffineGrid& grid, double lo, double hi);

/// \brief Q(x) for nearest rounding (ties by the grid's rule); for stochastic rounding the
/// expected value, which is x inside the range.
double dequantizeExpected(const AffineGrid& grid, double x);

/// \brief E[(Q(x) − x)²]: the squared error for nearest rounding, plus the variance s²·f·(1 − f)
/// of stochastic rounding (f the fractional position between two levels).
double expectedSquaredError(const AffineGrid& grid, double x);

/// \brief Q(x) − x sampled at \p points positions over [lo, hi], with both sides of every
/// rounding threshold and of the clip points included so the teeth are drawn vertical.
struct SawtoothCurve {
    std::vector<double> x, error;
};
SawtoothCurve sawtoothCurve(const AffineGrid& grid, double lo, double hi, int points = 2048);

/// \brief The per-tensor range one clip method chooses for a tensor, and the exact error it gives.
struct MethodRange {
    ClipMethod method = ClipMethod::MinMax;
    double lo = 0, hi = 0; ///< the grid's outermost levels
    double relMse = 0;
};

/// \brief Runs each clip method (min-max, percentile \p percentile, MSE, KL) on the whole tensor
/// as the quantizer does for `int<bits>:tensor`, and measures each grid's error exactly.
std::vector<MethodRange> compareClipMethods(const WeightMatrix& w, int bits, bool symmetric, double percentile = 99.9);

} // namespace ql

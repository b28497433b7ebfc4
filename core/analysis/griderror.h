#pragma once
/// \file griderror.h
/// \brief The error an integer grid gives a whole tensor, estimated from the tensor's histogram so
/// it can be redrawn while a slider moves (the Sawtooth and Grid views).

#include "core/analysis/stats.h"
#include "core/quant/sawtooth.h"

#include <utility>
#include <vector>

namespace ql {

/// \brief A tensor's error under a grid, estimated from its linear histogram (each bin taken as
/// uniformly filled and sampled at 16 points).
struct GridError {
    double relMse = 0; ///< Σ(Q(x) − x)² / Σx²
    double sqnrDb = 0; ///< 10·log10(1 / relMse); +inf when there is no error
    double clippedFraction = 0; ///< share of values in clippedIntervals()
};
GridError histogramError(const AffineGrid& grid, const Histogram& histogram);

/// \brief Where a tensor's values land: the mass of each level, from the histogram (each bin
/// spread uniformly and sampled at 16 points). Pairs of (level value, count); empty levels omitted.
std::vector<std::pair<double, double>> levelMass(const AffineGrid& grid, const Histogram& histogram);

} // namespace ql

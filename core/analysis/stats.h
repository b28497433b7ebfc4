#pragma once
/// \file stats.h
/// \brief Per-tensor statistics: moments, percentiles, histograms, per-channel ranges.
/// Streams the tensor chunk by chunk; parallel with TBB; results independent of the thread count.
/// One- and two-byte types (BF16, F16, FP8, …) mapped from the file are read once: a histogram of
/// their stored codes is their exact multiset of values. Float32 is read once for everything but
/// the percentiles' exact order statistics and the display-histogram bins that a key bin straddles,
/// which a second, light pass picks out.

#include "core/io/model.h"
#include "core/util/progress.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ql {

/// \brief Equal-width bins over [lo, hi].
struct Histogram {
    double lo = 0, hi = 0;
    std::vector<uint64_t> counts;
    /// \returns the centre of bin \p i.
    double centre(size_t i) const { return lo + (hi - lo) * (double(i) + 0.5) / double(counts.size()); }
};

/// \brief What to compute.
struct StatsOptions {
    int bins = 256; ///< linear histogram bins
    int logBins = 128; ///< log10|x| histogram bins
    std::vector<double> percentiles { 0.1, 1, 50, 99, 99.9, 99.99 };
    bool perChannel = true; ///< per-output-channel min / max / absmax (tensors with ≥ 2 axes)
    /// Tensors that must be decoded (types other than F32 and one- or two-byte ones, or not mapped)
    /// with at most this many values are decoded once and kept for the second pass; larger ones are
    /// streamed from the file in both passes, so memory stays bounded.
    int64_t keepInMemory = int64_t(1) << 24;
};

/// \brief Statistics of one tensor. NaN and ±Inf are counted and excluded from everything else.
struct TensorStats {
    int64_t count = 0; ///< finite values
    int64_t nan = 0, inf = 0, zeros = 0;
    double min = 0, max = 0, mean = 0;
    double std = 0; ///< population standard deviation
    double kurtosis = 0; ///< excess kurtosis (0 for a normal distribution)
    double absmax = 0;
    double absmaxOverStd = 0;
    double zeroFraction = 0; ///< zeros / finite values
    std::vector<std::pair<double, double>> percentiles; ///< (p in percent, value), numpy's linear method
    Histogram linear; ///< over [min, max]
    Histogram logAbs; ///< over log10|x| of nonzero finite values
    std::vector<float> channelMin, channelMax, channelAbsmax; ///< per output channel, when computed
};

/// \brief Computes the statistics of tensor \p index. Throws Error(Cancelled) if cancelled.
TensorStats computeStats(const Model& model, size_t index, const StatsOptions& options = {}, Progress* progress = nullptr);

/// \brief Called with each tensor's statistics as soon as they are known.
using TensorStatsCallback = std::function<void(size_t index, const TensorStats& stats)>;

/// \brief Computes statistics of several tensors (all when \p indices is empty), one after another,
/// each in parallel. Progress runs to three units per value of all tensors; \p onTensor (optional) sees
/// every result as it arrives.
std::vector<TensorStats> computeModelStats(const Model& model, const std::vector<size_t>& indices = {},
    const StatsOptions& options = {}, Progress* progress = nullptr, const TensorStatsCallback& onTensor = {});

/// \brief Percentile of sorted values with numpy's default (linear interpolation) definition.
double percentileOfSorted(const std::vector<float>& sorted, double p);

} // namespace ql

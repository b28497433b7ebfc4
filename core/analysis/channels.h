#pragma once
/// \file channels.h
/// \brief Per-output-channel ranges (the picture of the data-free quantization papers): min,
/// quartiles and max of each row, channels whose range is an outlier by the 1.5 × IQR rule, and
/// the error of per-tensor, per-channel and per-group integer quantization side by side.

#include "core/quant/quantizer.h"

#include <vector>

namespace ql {

/// \brief Five-number summary of one channel (finite values only; numpy's linear quartiles).
struct ChannelRange {
    double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
    double range() const { return max - min; }
};

/// \brief The summary of every row of \p w, in parallel.
std::vector<ChannelRange> channelRanges(const WeightMatrix& w);

/// \brief Indices of the values above Q3 + 1.5·IQR or below Q1 − 1.5·IQR of \p values (Tukey's rule).
std::vector<size_t> tukeyOutliers(const std::vector<double>& values);

/// \brief Relative MSE of `int<bits>` per tensor, per channel and per group of \p group.
struct GranularityErrors {
    double tensor = 0, channel = 0, group = 0;
    int groupSize = 0;
};
GranularityErrors granularityErrors(const WeightMatrix& w, int bits, int group);

/// \brief One of the largest-magnitude values of a tensor.
struct TopValue {
    int64_t row = 0, col = 0; ///< output channel and position along the input
    float value = 0;
    double z = 0; ///< (value − mean) / std
};

/// \brief The \p k values of largest |x| (finite only), largest first; ties keep the earlier
/// position first. z-scores use \p mean and \p std (0 when std is 0).
std::vector<TopValue> topMagnitudes(const WeightMatrix& w, int k, double mean, double std);

} // namespace ql

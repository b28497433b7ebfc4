#pragma once
/// \file activations.h
/// \brief Activation outliers from captured calibration inputs: the channels × tokens magnitudes of
/// one layer's input, and LLM.int8()-style outlier features — hidden dimensions whose magnitude
/// reaches a threshold (6 in the paper) in at least a quarter of the layers and 6 % of the tokens.

#include "core/io/calibration.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ql {

/// \brief |x| of the kept input rows of one layer, [tokens × channels], and per-channel summaries.
struct ActivationMap {
    int64_t tokens = 0, channels = 0;
    std::vector<float> magnitude; ///< |x|, row-major [tokens × channels]; non-finite inputs stay as they are (inf, NaN)
    std::vector<float> channelMax; ///< max |x| per channel (finite values)
    std::vector<int64_t> overThreshold; ///< tokens with |x| ≥ threshold, per channel
    float max = 0; ///< max finite |x|
    int64_t nonFinite = 0; ///< NaN or infinite inputs
};
/// \brief The map of \p entry's kept inputs; empty (tokens 0) when the entry kept no rows.
ActivationMap activationMap(const CalibrationEntry& entry, float threshold);

/// \brief How often one hidden dimension reaches the threshold.
struct FeatureShare {
    int64_t dim = 0;
    int layers = 0; ///< layers where some token reaches the threshold in this dimension
    double layerShare = 0; ///< layers / layers seen
    double tokenShare = 0; ///< share of all kept token rows (over every layer input of this width) reaching it
    float maxAbs = 0;
    bool outlier = false; ///< layerShare ≥ minLayerShare and tokenShare ≥ minTokenShare
};

struct OutlierFeatureReport {
    int64_t hidden = 0; ///< the width examined
    int layers = 0; ///< distinct layers with kept inputs of that width
    int64_t rows = 0; ///< token rows examined (over all those layer inputs)
    std::vector<FeatureShare> dims; ///< every dimension, sorted by layer share then token share, largest first
    std::vector<int64_t> outliers; ///< dimensions flagged, ascending
};

/// \brief Examines every layer input of width \p hidden in \p store (layers are told apart by
/// the block index in the tensor names; inputs without one count as their own layer).
OutlierFeatureReport findOutlierFeatures(const CalibrationStore& store, int64_t hidden, float threshold = 6.0f,
    double minLayerShare = 0.25, double minTokenShare = 0.06);

} // namespace ql

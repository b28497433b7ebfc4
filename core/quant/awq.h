#pragma once
/// \file awq.h
/// \brief AWQ (Lin et al., 2023): activation-aware weight quantization. Input channels that see
/// large activations matter more; scaling their weight columns up by s_j = mean|X_j|^α before
/// quantizing (and the inputs down by the same s_j, folded into the previous operation) protects
/// them. α is searched on a grid to minimise the layer's output error on the calibration inputs,
/// then, optionally, each group's clip ratio.

#include "quantizer.h"
#include "spec.h"

#include "core/io/calibration.h"
#include "core/util/progress.h"

#include <vector>

namespace ql {

struct AwqOptions {
    int grid = 20; ///< α ∈ {0, 1/grid, …, (grid−1)/grid}; α = 0 is plain round-to-nearest
    bool clipSearch = true; ///< then search each (row, group)'s clip ratio in [minClip, 1]
    int clipSteps = 10;
    double minClip = 0.5;
};

struct AwqResult {
    std::vector<float> dequantized; ///< Q(W·diag(s))·diag(s)⁻¹: the layer's effective weight, [out, in]
    std::vector<float> scales; ///< s per input channel (W's columns are multiplied, the inputs divided)
    double alpha = 0; ///< the α chosen
    double clipRatio = 1; ///< mean clip ratio chosen (1: no clipping)
    double outputRelErr = 0; ///< of dequantized, on the calibration inputs
};

/// \returns the typical magnitude of each input channel: mean |x| over the kept input rows, or
/// √mean(x²) when the calibration data holds no rows.
std::vector<float> activationMagnitude(const CalibrationEntry& calib);

/// \brief AWQ of \p w ([out, in]) with the calibration statistics of its input (\p calib needs the
/// Hessian XᵀX and inputs or mean squares). llama.cpp formats are refused. Deterministic.
/// \p progress counts the α candidates and the clip search's groups; cancelled, the search stops
/// between them and throws Error(Cancelled).
AwqResult awqQuantize(const QuantSpec& spec, const WeightMatrix& w, const CalibrationEntry& calib, const AwqOptions& options = {},
    Progress* progress = nullptr);

/// \brief The AWQ paper's ablation on one layer: the output error when a small share of input
/// channels is kept in full precision, chosen by activation magnitude, by weight magnitude (the
/// column's mean |w|) or at random, against quantizing everything.
struct SaliencyAblation {
    int64_t kept = 0; ///< channels kept in full precision
    double none = 0, byActivation = 0, byWeight = 0, random = 0; ///< output relative errors
    std::vector<int64_t> salient; ///< the channels chosen by activation magnitude, largest first
};
SaliencyAblation saliencyAblation(const QuantSpec& spec, const WeightMatrix& w, const CalibrationEntry& calib, double fraction = 0.01,
    uint64_t seed = 0);

} // namespace ql

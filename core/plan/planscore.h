#pragma once
/// \file planscore.h
/// \brief Plans made elsewhere (llama-quantize's own mixes, a GGUF file's stored types) scored on a
/// sweep, so they can be placed beside the Pareto frontier of QuantLens's plans: the same tensors,
/// the same error measure, the same size count.
#include "llamaquantize.h"
#include "planner.h"

#include <string>
#include <vector>

namespace ql {

/// \brief A plan that a tool would carry out, as a point of the frontier chart.
struct PresetPoint {
    std::string name; ///< "Q4_K_M", or the file's name for a file's own mix
    double bitsPerWeight = 0; ///< over the sweep's tensors, as the frontier counts them
    double predictedError = 0; ///< sum over the sweep's tensors, as the frontier sums them
    /// Types the point needs that the sweep did not measure (for some tensor); the point is placed
    /// only when this is empty.
    std::vector<std::string> missingSpecs;
    std::string skipped; ///< why the preset does not apply at all (an i-quant mix without an importance matrix), or empty
    bool placed() const { return missingSpecs.empty() && skipped.empty(); }
};

/// \brief Scores the file llama-quantize would write on \p sweep: every sweep tensor with the type
/// llama-quantize gives it (a fallback type through the sweep's fallback cell), tensors it keeps as
/// stored at their stored size with no error.
PresetPoint scoreLlamaTypes(const LlamaQuantizeResult& result, const SweepResult& sweep, PlanMetric metric = PlanMetric::Weight);

/// \brief Every preset ftype of the release (llamaPresetFtypes) that applies to \p model, scored on
/// \p sweep. With \p imatrix false, mixes that need an importance matrix are returned as skipped.
std::vector<PresetPoint> llamaPresetPoints(const Model& model, const SweepResult& sweep, PlanMetric metric = PlanMetric::Weight,
    bool imatrix = false);

/// \brief A GGUF file's own stored types ("what did this file do?"), scored on \p sweep of its
/// \p original (Hugging Face names are matched to GGUF names). Throws Error naming \p quantized's file
/// when it is not GGUF, lacks a swept tensor or holds one of another size.
PresetPoint scoreGgufOwnMix(const Model& quantized, const Model& original, const SweepResult& sweep, PlanMetric metric = PlanMetric::Weight);

} // namespace ql

#pragma once
/// \file target.h
/// \brief The tool a plan is made for. It decides which candidate specs are offered (a plan can never
/// use a spec its tool cannot express), in which arithmetic the judge predicts the error, and which
/// exports are offered.
#include "export.h"

#include <string>
#include <vector>

namespace ql {

enum class PlanTarget {
    LlamaCpp, ///< a GGUF written by llama-quantize with a tensor-type file
    GptqModel, ///< GPTQModel's QuantizeConfig with a `dynamic` per-module override
    LlmCompressor, ///< an llm-compressor recipe
    ModelOpt, ///< NVIDIA ModelOpt's hf_quant_config.json
    None, ///< no tool: every format QuantLens knows, for research and teaching
};

/// \returns "llamacpp", "gptqmodel", "llmcompressor", "modelopt" or "none".
std::string planTargetKey(PlanTarget target);
/// \brief Parses a key of planTargetKey; throws Error(BadSpec) listing the keys.
PlanTarget planTargetFromKey(const std::string& key);
/// \returns every target, in the order the Plan tab lists them.
std::vector<PlanTarget> planTargets();

/// \brief A named set of candidate specs (comma-separated canonical specs).
struct CandidateSet {
    std::string key; ///< stable identifier ("kquants", "int-rtn", …)
    std::string name; ///< English name (the GUI translates it)
    std::string specs;
};
/// \returns the candidate sets offered for \p target, the default first. Every spec of every set is
/// one the target can express (tested).
std::vector<CandidateSet> targetCandidateSets(PlanTarget target);

/// \brief Whether the judge should predict in llama.cpp's CPU arithmetic (true for llama.cpp) or in
/// float (the others, whose kernels dequantize to 16-bit floats before multiplying).
bool targetUsesLlamaCppArithmetic(PlanTarget target);

/// \returns the exports offered for \p target, its own format first; CSV and Markdown always.
std::vector<ExportFormat> targetExportFormats(PlanTarget target);

/// \brief Checks that \p target can express each spec (as its export would write it). Throws
/// Error(Unsupported) naming the first spec it cannot, the tool, and why.
void checkTargetSpecs(PlanTarget target, const std::vector<std::string>& specs);

} // namespace ql

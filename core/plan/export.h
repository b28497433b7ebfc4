#pragma once
/// \file export.h
/// \brief Plans in the formats real tools consume: llama.cpp's --tensor-type-file, GPTQModel/vLLM
/// `dynamic`, an llm-compressor recipe, ModelOpt's `hf_quant_config.json`, CSV and a Markdown report.

#include "planner.h"

#include "../io/names.h"

#include <string>

namespace ql {

enum class ExportFormat { LlamaCpp, GptqModel, LlmCompressor, ModelOpt, Csv, Markdown };

/// \brief Parses "llamacpp", "gptqmodel", "llmcompressor", "modelopt", "csv" or "markdown".
ExportFormat exportFormatFromName(const std::string& name);

/// \brief An export's text, and advice to print beside it (e.g. the llama-quantize command line).
struct ExportResult {
    std::string text;
    std::string advice;
};

/// \brief Renders \p plan; throws ql::Error(Unsupported) naming the tensor and spec that the target
/// tool cannot express (an INT4 group spec in llama.cpp, a Q4_K spec in GPTQModel, …).
ExportResult exportPlan(const Plan& plan, ExportFormat format);

/// \brief llama.cpp's type name of a spec ("q4_K", "bf16", …), or an empty string when there is none.
std::string llamaCppTypeName(const std::string& spec);
/// \brief \p s with regular-expression metacharacters escaped.
std::string escapeRegex(const std::string& s);

} // namespace ql

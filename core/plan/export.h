#pragma once
/// \file export.h
/// \brief Plans in the formats real tools consume: llama.cpp's --tensor-type-file, GPTQModel/vLLM
/// `dynamic`, an llm-compressor recipe, ModelOpt's `hf_quant_config.json`, CSV and a Markdown report.

#include "planner.h"

#include "core/io/names.h"

#include <string>
#include <utility>
#include <vector>

namespace ql {

enum class ExportFormat { LlamaCpp, GptqModel, LlmCompressor, ModelOpt, Csv, Markdown };

/// \brief Parses "llamacpp", "gptqmodel", "llmcompressor", "modelopt", "csv" or "markdown".
ExportFormat exportFormatFromName(const std::string& name);

/// \brief An export's text, advice to print beside it (e.g. the llama-quantize command line) and
/// files that go with it (the report's images): name → contents, written beside the export.
/// \brief Stands in the advice for the path the export is written to (see adviceFor).
inline constexpr const char* kExportFilePlaceholder = "{export}";

struct ExportResult {
    std::string text;
    std::string advice;
    std::vector<std::pair<std::string, std::string>> files;
};

/// \brief Renders \p plan; throws ql::Error(Unsupported) naming the tensor and spec that the target
/// tool cannot express (an INT4 group spec in llama.cpp, a Q4_K spec in GPTQModel, …).
/// With \p sweep, the Markdown report also draws the Pareto curve and the heatmap as SVG files
/// named \p baseName + ".pareto.svg" / ".heatmap.svg".
ExportResult exportPlan(const Plan& plan, ExportFormat format, const SweepResult* sweep = nullptr, const std::string& baseName = "plan");
/// \returns the advice of \p result with the export's path \p path filled in.
std::string adviceFor(const ExportResult& result, const std::string& path);
/// \brief Writes an export to \p path and its files beside it, each atomically.
void writeExport(const ExportResult& result, const std::string& path);

/// \brief llama.cpp's type name of a spec ("q4_K", "bf16", …), or an empty string when there is none.
std::string llamaCppTypeName(const std::string& spec);
/// \brief \p s with regular-expression metacharacters escaped.
std::string escapeRegex(const std::string& s);

} // namespace ql

#pragma once
/// \file llamacppexport.h
/// \brief A plan as llama-quantize's command line: a `--tensor-type-file` with one line per tensor, the
/// file type, `--output-tensor-type` / `--token-embedding-type`, so that the file llama-quantize
/// writes holds every planned tensor in exactly its planned type.

#include "llamaquantize.h"
#include "planner.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ql {

struct LlamaCppExport {
    LlamaFtype ftype; ///< the mix for tensors the plan does not name
    std::vector<std::pair<std::string, uint32_t>> lines; ///< GGUF tensor name → type, one `--tensor-type` word each
    std::optional<uint32_t> outputType, embeddingType;
    bool needsImatrix = false; ///< a planned type that llama-quantize makes only with an importance matrix

    /// \brief The tensor-type file: one `^name$=type` word per line, written so that llama-quantize's
    /// lower-casing and regex search match exactly that tensor.
    std::string fileText() const;
    /// \brief The llama-quantize command line with \p typeFile as its --tensor-type-file.
    std::string command(const std::string& typeFile) const;
    /// \brief What llama-quantize reads from the command and the file (for checking the export).
    LlamaQuantizeOptions options() const;
};

/// \brief The export of \p plan. Throws Error(Unsupported) naming the tensor when llama-quantize
/// cannot give it its planned type: a spec with no llama.cpp type, a tensor llama-quantize never
/// converts (norms, routers, 1-D), a block type its rows cannot hold (llama-quantize would fall
/// back), two 16-bit types where no quantized type sets the file type, or an entry naming one expert
/// of an expert stack ("NAME#e") in another type than the stack's own entry (llama.cpp stores one type
/// per 3-D tensor).
LlamaCppExport llamaCppExport(const Plan& plan);

/// \brief A regular expression that, lower-cased as llama-quantize lower-cases patterns, is searched
/// in names and matches \p name only (upper-case letters, white space and '=' as \\xHH escapes).
std::string llamaExactPattern(const std::string& name);

/// \brief Compares the file llama-quantize would write from \p exported on \p model with \p plan;
/// throws Error(Unsupported) naming the first tensor whose type would differ, or a planned tensor
/// the model does not have.
void checkLlamaCppExport(const Plan& plan, const LlamaCppExport& exported, const Model& model);

} // namespace ql

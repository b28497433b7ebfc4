#pragma once
/// \file llamaquantize.h
/// \brief What llama-quantize of the pinned llama.cpp release does with a model: which type each tensor
/// gets for an ftype (its mixture rules, which depend on the tensor's role, its layer, the number of
/// layers, grouped-query attention and experts), its `--tensor-type` overrides, `--output-tensor-type`
/// / `--token-embedding-type`, `--pure`, and its fallbacks for rows a type cannot hold.

#include "planner.h"

#include "core/io/calibration.h"
#include "core/io/ggmltypes.h"
#include "core/io/model.h"
#include "core/quant/ggmltypemap.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ql {

/// \brief A file type llama-quantize takes as its FTYPE argument.
struct LlamaFtype {
    std::string_view name; ///< canonical name ("Q4_K_M")
    int id = 0; ///< llama_ftype value (written to general.file_type)
    uint32_t defaultType = 0; ///< the ggml type most tensors get
};

/// \brief Parses an ftype as llama-quantize does: a name ignoring case (aliases Q3_K, Q4_K, Q5_K are
/// the _M mixes) or its number. Throws Error(BadSpec) listing the names.
LlamaFtype llamaFtype(std::string_view name);
/// \returns every ftype name llama-quantize accepts, in its order.
std::vector<std::string> llamaFtypeNames();
/// \brief The ftypes shown as presets beside a plan: every mix of the release that QuantLens can quantize
/// (aliases, COPY and F32 left out).
std::vector<std::string> llamaPresetFtypes();

/// \brief One `--tensor-type PATTERN=TYPE` word as llama-quantize keeps it (the pattern lower-cased).
struct LlamaTypeOverride {
    std::string pattern;
    uint32_t type = 0;
};
/// \brief Parses a word as llama-quantize's `--tensor-type` does (split at the first `=`, the pattern
/// lower-cased, the type a ggml type name ignoring case). Throws Error(BadSpec) naming \p source for a
/// word llama-quantize would reject, or a type it cannot write.
LlamaTypeOverride parseLlamaTypeOverride(const std::string& word, const std::string& source = {});
/// \brief Reads a `--tensor-type-file`: whitespace-separated words, each parsed as above.
std::vector<LlamaTypeOverride> readLlamaTypeOverrides(const std::string& path);

struct LlamaQuantizeOptions {
    std::string ftype = "Q8_0";
    std::vector<LlamaTypeOverride> overrides; ///< in command-line order (the first match wins)
    std::optional<uint32_t> outputTensorType, tokenEmbeddingType;
    bool pure = false; ///< --pure: every quantized tensor gets the ftype's default type
    bool imatrix = false; ///< an importance matrix is given (changes some mixes, and is required by others)
    bool leaveOutputTensor = false; ///< --leave-output-tensor
    bool allowRequantize = false; ///< --allow-requantize
    bool dryRun = false; ///< --dry-run: a tensor needing an importance matrix is flagged, not refused
};

/// \brief Why a tensor got its type.
enum class LlamaTypeReason {
    Kept, ///< llama-quantize does not quantize it (1-D, a norm, a router, …): it keeps its stored type
    Default, ///< the ftype's default type
    Mixture, ///< the ftype's mixture rules chose another type
    Override, ///< a --tensor-type pattern
    OutputTensorType, ///< --output-tensor-type
    TokenEmbeddingType, ///< --token-embedding-type
};
/// \returns "kept", "default", "mixture", "override", "output-tensor-type" or "token-embedding-type".
std::string_view llamaTypeReasonName(LlamaTypeReason r);

/// \brief One tensor of the file llama-quantize would write.
struct LlamaTensorType {
    std::string name; ///< the model's own name
    std::string ggufName; ///< the name in the GGUF file (Hugging Face names mapped)
    int64_t parameters = 0;
    int64_t rowLength = 0; ///< values per row (ggml's ne[0])
    int dims = 0; ///< ggml's dimension count (trailing axes of 1 do not count)
    int64_t experts = 1; ///< ggml's ne[2]: the experts of a 3-D expert tensor
    uint32_t sourceType = 0, type = 0;
    LlamaTypeReason reason = LlamaTypeReason::Default;
    std::optional<uint32_t> fallbackFrom; ///< the type chosen before the row width forced another
    std::string pattern; ///< the override that matched (Override only)
    bool requiresImatrix = false;
};

/// \brief The whole file: every tensor in llama-quantize's order, and the hyper-parameters its rules used.
struct LlamaQuantizeResult {
    LlamaFtype ftype;
    std::string arch;
    int layers = 0, heads = 0, kvHeads = 0, experts = 0;
    bool is70B = false;
    std::vector<LlamaTensorType> tensors;
    uint64_t bytes = 0; ///< tensor data bytes of the written file
};

/// \brief Computes the type of every tensor of \p model as llama-quantize would write it. \p model is a
/// GGUF or a Hugging Face safetensors checkpoint with its config.json (named as convert_hf_to_gguf
/// names it). Throws Error: BadSpec for an unknown ftype, Unsupported where llama-quantize would stop
/// (a type needing an importance matrix without one, requantizing without --allow-requantize).
LlamaQuantizeResult llamaQuantizeTypes(const Model& model, const LlamaQuantizeOptions& options);

/// \brief Checks that an importance matrix was made for this model, as llama-quantize does (and
/// stricter: an imatrix naming none of the converted tensors is refused). Throws Error(Unsupported)
/// naming \p imatrixPath and the tensor whose width differs.
void checkImatrixMatches(const LlamaQuantizeResult& result, const CalibrationStore& imatrix, const std::string& imatrixPath);

/// \brief The result as a plan over the tensors llama-quantize converts (the others are listed in
/// Plan::fullPrecision). Each entry's reason says why it got its type. Throws Error(Unsupported)
/// naming a tensor whose type QuantLens has no spec for.
Plan llamaQuantizePlan(const Model& model, const LlamaQuantizeResult& result);

/// \brief The type mix of a GGUF file as it is: every tensor with its stored type (for "what did this
/// file do?"), as a plan over its quantized and 16-bit 2-D tensors.
Plan ggufOwnPlan(const Model& model);

} // namespace ql

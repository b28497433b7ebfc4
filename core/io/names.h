#pragma once
/// \file names.h
/// \brief Parses tensor names from Hugging Face, llama.cpp (GGUF), Keras, MLX and generic
/// checkpoints into a layer index and a role.

#include <string>
#include <string_view>

namespace ql {

/// \brief What a tensor does in the network.
enum class Role {
    Embedding,
    AttnQ,
    AttnK,
    AttnV,
    AttnQKV,
    AttnO,
    MlpGate,
    MlpUp,
    MlpDown,
    MlpGateUp,
    Norm,
    OutputHead,
    Conv,
    Dense,
    Bias,
    Other,
};

/// \returns a stable lower-case identifier ("attn_q", "mlp_down", …) used in JSON and the CLI.
std::string_view roleName(Role r);

/// \brief Result of parsing one tensor name.
struct ParsedName {
    int layer = -1; ///< block index, or -1 when the name carries none
    Role role = Role::Other;
};

/// \brief llama.cpp's tensor name for a Hugging Face Llama name (GGUF names pass through unchanged).
std::string ggufTensorName(const std::string& name);

/// \returns the block index in a lower-case tensor name ("model.layers.3.mlp" → 3), or -1.
int layerNumber(std::string_view name);

/// \brief Parses a tensor name. \p ndim helps tell weights (≥2-D) from biases and norms (1-D).
ParsedName parseTensorName(std::string_view name, int ndim);

} // namespace ql

#pragma once
/// \file lmconfig.h
/// \brief The hyper-parameters of the decoder language models the judge runs (Llama 2/3, Mistral, Mixtral,
/// Qwen 2/2.5/3 dense and MoE (Qwen 2 MoE with its shared expert), Gemma 2/3, Phi-3), read from GGUF metadata or a
/// Hugging Face `config.json`, and the refusal of every feature the forward pass does not implement.

#include "core/io/model.h"

#include <string>
#include <vector>

namespace ql {

/// \brief What one family's forward pass computes, in llama.cpp's terms where the two layouts differ.
struct LlamaConfig {
    enum class Activation { Silu, GeluTanh };
    std::string arch = "llama"; ///< llama.cpp's architecture name (a Hugging Face class maps to its GGUF one)
    std::string fileArch = "llama"; ///< the file's own name of it: GGUF general.architecture or the Hugging Face class
    bool gguf = true; ///< read from GGUF metadata (else from config.json)
    int dim = 0, hidden = 0, layers = 0, heads = 0, kvHeads = 0, vocab = 0;
    int hd = 0; ///< head size (Qwen 3 and Gemma: not dim / heads)
    float normEps = 1e-5f, ropeTheta = 10000.0f;
    bool adjacentRope
        = true; ///< llama.cpp's order for GGUF "llama" (its converter permutes q and k); false: rotate-half (NeoX)
    float ropeFreqScale = 1.0f; ///< linear RoPE scaling: each position times this (1 / factor)
    std::vector<float> ropeFreqFactors; ///< rope scaling llama3: pair i's angle divided by factor i (empty: none)
    float ropeThetaLocal = 0, ropeFreqScaleLocal = 1.0f; ///< the sliding layers' RoPE base (0: ropeTheta) and scale
    int slidingWindow = 0; ///< > 0: a sliding layer's query at t sees positions t − window + 1 … t
    std::vector<char> slidingLayers; ///< per layer: whether it slides (empty: none do)
    bool qkNorm = false; ///< RMSNorm of every query and key head (Qwen 3, Gemma 3)
    bool postNorms = false; ///< RMSNorm of the attention and MLP outputs before the residual (Gemma 2/3)
    float embedScale = 1.0f; ///< embeddings times this (Gemma: √dim)
    float attnScale = 0; ///< queries' scale (0: 1/√hd)
    bool preScaleQ = false; ///< the queries are multiplied by attnScale before the products (Gemma, Phi-3 in llama.cpp)
    float attnSoftcap = 0, finalSoftcap = 0; ///< c·tanh(x/c) of the attention scores and of the logits (0: none)
    Activation act = Activation::Silu;
    bool fusedQkv = false, fusedGateUp = false; ///< Phi-3: one qkv matrix, one gate-and-up matrix
    int experts = 0, expertsUsed = 0, expertHidden = 0; ///< a mixture of experts (Mixtral, Qwen 2 / 3 MoE)
    bool normTopK = true; ///< the chosen experts' weights renormalised to sum to 1
    /// Qwen 2 MoE's shared expert: its width (0: none); every position runs it, its output times the
    /// sigmoid of its own gate (a [1, dim] linear layer).
    int sharedExpertHidden = 0;
    int bos = 1; ///< the start token
    bool addBos = true; ///< whether the vocabulary puts it before a text (llama-perplexity's first token of each chunk)

    int headDim() const { return hd; }
    bool slides(int layer) const
    {
        return slidingWindow > 0 && size_t(layer) < slidingLayers.size() && slidingLayers[size_t(layer)];
    }
};

/// \brief Reads the configuration of the decoder model in \p model (GGUF metadata or config.json).
/// Throws Error(JudgeUnsupported) naming the file, the architecture and the feature when the forward
/// pass does not implement something the file asks for (an architecture, a RoPE scaling type, a
/// metadata key or config setting, …): the judge never answers for another model.
LlamaConfig readLmConfig(const Model& model);

/// \brief Whether \p model holds a decoder language model (GGUF with blocks and a token embedding, or a
/// Hugging Face *ForCausalLM checkpoint) — one the judge runs or refuses with JudgeUnsupported.
bool isDecoderLm(const Model& model);

/// \brief Throws Error(JudgeUnsupported) for \p model, architecture \p arch, feature \p key, detail \p detail.
[[noreturn]] void refuseJudge(
    const Model& model, const std::string& arch, const std::string& key, const std::string& detail);

} // namespace ql

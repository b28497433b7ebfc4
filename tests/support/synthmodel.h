#pragma once
// Synthetic language models of any shape for the tests and the golden scripts: deterministic random
// weights (the same bytes on every machine: no transcendental functions), written as GGUF files that
// llama.cpp loads, or listed as a ql::Model without a file when the shapes are too large to write.

#include "core/io/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fixtures {

struct SynthLlama {
    std::string arch = "llama"; ///< GGUF architecture: llama, qwen2, qwen2moe, qwen3, qwen3moe, gemma2, gemma3, phi3
                                ///< (or any name, for refusals)
    std::string
        hfArch; ///< Hugging Face class written to config.json (empty: the architecture's own, e.g. Qwen2ForCausalLM)
    int layers = 2, dim = 256, hidden = 512, heads = 8, kvHeads = 4, vocab = 512, context = 512;
    int headDim = 0; ///< 0: dim / heads
    int experts = 0; ///< > 0: the FFN is a mixture of this many experts (3-D ffn_*_exps tensors)
    int expertsUsed = 2, expertHidden = 0; ///< experts per token; each expert's width (0: hidden)
    int sharedExpertHidden = 0; ///< > 0: Qwen 2 MoE's shared expert of this width and its gate (ffn_*_shexp)
    uint64_t seed = 1;
    bool tied = false; ///< no output.weight: the head reuses token_embd
    float embedStd = 1.0f; ///< the embeddings' spread (a tied head's logits scale with it)
    uint32_t type = 0; ///< ggml type of the 2-D weights: 0 F32, 1 F16
    float ropeTheta = 10000.0f, normEps = 1e-5f;
    bool qkvBias = false; ///< biases on q, k, v (Qwen 2)
    /// RoPE scaling: "" none, "llama3" (GGUF rope_freqs.weight / HF rope_scaling), "linear", or any other
    /// type name (written as GGUF rope.scaling.type and HF rope_type, for refusals).
    std::string ropeScaling;
    float ropeFactor = 8.0f, lowFreqFactor = 1.0f, highFreqFactor = 4.0f;
    int originalContext = 64; ///< llama3: the context the frequencies were trained for
    int slidingWindow = 0; ///< > 0: sliding-window attention of this many positions
    int slidingPattern = 0; ///< Gemma: every n-th layer is global, the others slide (0: the architecture's default)
    float ropeThetaLocal = 0; ///< Gemma 3: the sliding layers' RoPE base (0: none written)
    float attnSoftcap = 0, finalSoftcap = 0; ///< Gemma 2 soft-capping (0: none)
    std::vector<std::pair<std::string, float>> extraKeys; ///< further F32 GGUF metadata (refusal tests)
    std::vector<std::pair<std::string, int64_t>>
        extraTensors; ///< further 1-D tensors, GGUF name and length (refusal tests)

    int hd() const { return headDim > 0 ? headDim : dim / heads; }
    int expertWidth() const { return expertHidden > 0 ? expertHidden : hidden; }
    bool gemma() const { return arch == "gemma2" || arch == "gemma3"; }
    bool qkNorm() const { return arch == "qwen3" || arch == "qwen3moe" || arch == "gemma3"; }
    bool mixtral() const { return arch == "llama" && experts > 0; }
};

/// \brief The tiny random-weight model of one family the tests and goldens use: "llama", "llama3"
/// (rope scaling llama3, tied embeddings), "mistral", "mixtral", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma2",
/// "gemma3", "phi3". Throws std::invalid_argument for other names.
SynthLlama synthFamily(const std::string& family);
/// \returns the names synthFamily() knows.
std::vector<std::string> synthFamilies();

/// \brief One tensor of the model: GGUF name, shape outermost first, whether it is a norm.
struct SynthTensor {
    std::string name;
    std::vector<int64_t> shape;
    bool norm = false;
};
/// \brief The tensors of \p c in the order the GGUF lists them.
std::vector<SynthTensor> synthTensors(const SynthLlama& c);

/// \brief The values of one tensor (norms near 1, weights ~N(0, 1/in) with a few 4× outliers).
std::vector<float> synthValues(const SynthLlama& c, const SynthTensor& t);

/// \brief convert_hf_to_gguf's rope_freqs.weight for rope scaling llama3 (what divides each pair's angle).
std::vector<float> llama3RopeFactors(const SynthLlama& c);

/// \brief Writes \p c as a GGUF with a placeholder SentencePiece vocabulary (ids exact, text not).
/// \p sparse leaves the tensor data as a hole of zeros (for type-selection runs of large shapes).
void writeSynthLlamaGguf(const std::string& path, const SynthLlama& c, bool sparse = false);

/// \brief Writes the same model as a Hugging Face checkpoint: \p dir/model.safetensors (F32, or F16 with
/// type 1) and \p dir/config.json, in the transformers layout of its class (q/k rows in rotate-half
/// order for Llama, Gemma's norms as w where GGUF stores 1 + w, one tensor per expert).
void writeSynthHf(const std::string& dir, const SynthLlama& c);

/// \brief The model as ql::open lists the GGUF, without writing it (no tensor can be read).
ql::Model synthLlamaModel(const SynthLlama& c);

} // namespace fixtures

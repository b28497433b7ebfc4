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
    std::string arch = "llama";
    int layers = 2, dim = 256, hidden = 512, heads = 8, kvHeads = 4, vocab = 512, context = 512;
    int experts = 0; ///< > 0: the FFN is a mixture of this many experts (3-D ffn_*_exps tensors)
    uint64_t seed = 1;
    bool tied = false; ///< no output.weight: the head reuses token_embd
    uint32_t type = 0; ///< ggml type of the 2-D weights: 0 F32, 1 F16
    float ropeTheta = 10000.0f, normEps = 1e-5f;
};

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

/// \brief Writes \p c as a GGUF with a placeholder SentencePiece vocabulary (ids exact, text not).
/// \p sparse leaves the tensor data as a hole of zeros (for type-selection runs of large shapes).
void writeSynthLlamaGguf(const std::string& path, const SynthLlama& c, bool sparse = false);

/// \brief The model as ql::open lists the GGUF, without writing it (no tensor can be read).
ql::Model synthLlamaModel(const SynthLlama& c);

} // namespace fixtures

#pragma once
/// \file llama.h
/// \brief A reference forward pass for Llama-architecture language models (GGUF or Hugging Face
/// safetensors): RMSNorm, RoPE in llama.cpp's adjacent-pair order or Hugging Face's rotate-half
/// order, grouped-query attention, SwiGLU MLP, tied or separate output head. Float32, Eigen; the whole
/// sequence at once (matrix products over all positions), in float or in llama.cpp's CPU arithmetic.

#include "lmconfig.h"
#include "numerics.h"
#include "weights.h"

#include "core/io/calibration.h"
#include "core/io/model.h"

#include <Eigen/Core>

#include <map>
#include <string>
#include <vector>

namespace ql {

/// \brief The weights of a Llama model as row-major [out, in] matrices, each with the ggml type its
/// products are computed in under llama.cpp numerics.
class LlamaModel {
public:
    using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Vector = Eigen::VectorXf;

    /// \brief Reads the weights of \p model. \p replace holds values (in the tensor's layout) used
    /// instead of some tensors — fake-quantized weights of a plan — with the llama.cpp type of each.
    /// Throws Error(JudgeUnsupported) naming the architecture and the feature when the pass does not
    /// implement something the file asks for — also any tensor it would leave unused.
    explicit LlamaModel(const Model& model, const QuantizedWeights& replace = {});

    const LlamaConfig& config() const { return m_cfg; }

    /// \brief Logits [positions, vocab] for a token sequence (causal; position t sees tokens 0..t),
    /// all positions in one pass. With \p capture, the input of every linear layer at every position is
    /// added to the calibration statistics of that layer's weight (keeping at most \p keepRows raw rows).
    Matrix forward(const std::vector<int>& tokens, const Numerics& numerics, CalibrationStore* capture = nullptr,
        int64_t keepRows = 0) const;
    /// \brief forward() in float.
    Matrix forward(const std::vector<int>& tokens, CalibrationStore* capture = nullptr, int64_t keepRows = 0) const
    {
        return forward(tokens, Numerics {}, capture, keepRows);
    }

    /// \brief Greedy continuation of \p prompt to \p length tokens.
    std::vector<int> greedy(std::vector<int> prompt, int length) const;

    /// \brief Whether the file holds a decoder language model (isDecoderLm): one this pass runs, or
    /// whose constructor refuses it with Error(JudgeUnsupported) naming what it lacks.
    static bool isLlama(const Model& model) { return isDecoderLm(model); }

    /// \brief One weight matrix and the type llama.cpp multiplies it in.
    struct Linear {
        Matrix w;
        uint32_t type = 0; ///< ggml type (0: F32)
        std::string name; ///< the tensor's name in the file
        /// Q4_1 / Q5_1: ggml's minimum m of each 32-value block, [rows × cols/32] — llama.cpp multiplies it
        /// by the activations' stored block sum, which rounds otherwise than the values do.
        Matrix mins;
        Vector bias; ///< added to the product (empty: none)
    };

private:
    struct Expert {
        Linear gate, up, down;
    };
    struct Layer {
        Vector attnNorm, ffnNorm;
        Vector qNorm, kNorm; ///< per-head RMSNorm of queries and keys (empty: none)
        Vector postAttnNorm, postFfnNorm; ///< Gemma's norms of the attention and MLP outputs (empty: none)
        Linear q, k, v, o, gate, up, down;
        Linear qkv; ///< Phi-3's fused q, k, v (then q, k, v are empty); Phi-3's up holds gate and up
        Linear router; ///< a mixture of experts: the router [experts × dim], and the experts
        std::vector<Expert> experts;
        Expert shared; ///< Qwen 2 MoE's shared expert (empty: none)
        Linear sharedGate; ///< its gate [1 × dim]: the shared expert's output times sigmoid(h · gate)
    };
    Matrix mixtureOfExperts(
        const Matrix& h, const Layer& L, const Numerics& numerics, CalibrationStore* capture, int64_t keepRows) const;
    LlamaConfig m_cfg;
    Matrix m_embed;
    Linear m_output;
    Vector m_finalNorm;
    std::vector<Layer> m_layers;
};

} // namespace ql

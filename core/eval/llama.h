#pragma once
/// \file llama.h
/// \brief A reference forward pass for Llama-architecture language models (GGUF or Hugging Face
/// safetensors): RMSNorm, RoPE in llama.cpp's adjacent-pair order or Hugging Face's rotate-half
/// order, grouped-query attention, SwiGLU MLP, tied or separate output head. Float32, Eigen.

#include "../io/calibration.h"
#include "../io/model.h"

#include <Eigen/Core>

#include <map>
#include <string>
#include <vector>

namespace ql {

/// \brief Hyper-parameters, read from GGUF `llama.*` keys or a Hugging Face `config.json`.
struct LlamaConfig {
    int dim = 0, hidden = 0, layers = 0, heads = 0, kvHeads = 0, vocab = 0;
    float normEps = 1e-5f, ropeTheta = 10000.0f;
    bool adjacentRope = true; ///< llama.cpp order (GGUF); false: Hugging Face rotate-half
    int headDim() const { return dim / heads; }
};

/// \brief The weights of a Llama model as row-major [out, in] matrices.
class LlamaModel {
public:
    using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Vector = Eigen::VectorXf;

    /// \brief Reads the weights of \p model. \p replace maps tensor names (the file's own) to values
    /// in the tensor's layout that are used instead (fake-quantized weights of a plan).
    /// Throws ql::Error(Unsupported) when the file is not a Llama model.
    explicit LlamaModel(const Model& model, const std::map<std::string, std::vector<float>>& replace = {});

    const LlamaConfig& config() const { return m_cfg; }

    /// \brief Logits [positions, vocab] for a token sequence (causal; position t sees tokens 0..t).
    /// With \p capture, the input of every linear layer at every position is added to the
    /// calibration statistics of that layer's weight (keeping at most \p keepRows raw rows).
    Matrix forward(const std::vector<int>& tokens, CalibrationStore* capture = nullptr, int64_t keepRows = 0) const;

    /// \brief Greedy continuation of \p prompt to \p length tokens.
    std::vector<int> greedy(std::vector<int> prompt, int length) const;

    /// \brief Whether the file holds a Llama model this pass can run.
    static bool isLlama(const Model& model);

private:
    struct Layer {
        Vector attnNorm, ffnNorm;
        Matrix wq, wk, wv, wo, gate, up, down;
        std::string nq, nk, nv, no, ngate, nup, ndown; ///< the weights' tensor names
    };
    std::string m_outputName;
    LlamaConfig m_cfg;
    Matrix m_embed, m_output;
    Vector m_finalNorm;
    std::vector<Layer> m_layers;
};

} // namespace ql

#include "llama.h"

#include "../io/ggmltypes.h"
#include "../util/error.h"

#include <cmath>
#include <set>

namespace ql {

namespace {
    /// Names of the Llama tensors in the two layouts.
    struct Names {
        std::string embed, output, finalNorm, attnNorm, ffnNorm, q, k, v, o, gate, up, down;
    };
    Names ggufNames(int l)
    {
        const std::string b = "blk." + std::to_string(l) + ".";
        return { "token_embd.weight", "output.weight", "output_norm.weight", b + "attn_norm.weight",
            b + "ffn_norm.weight", b + "attn_q.weight", b + "attn_k.weight", b + "attn_v.weight",
            b + "attn_output.weight", b + "ffn_gate.weight", b + "ffn_up.weight", b + "ffn_down.weight" };
    }
    Names hfNames(int l)
    {
        const std::string b = "model.layers." + std::to_string(l) + ".";
        return { "model.embed_tokens.weight", "lm_head.weight", "model.norm.weight", b + "input_layernorm.weight",
            b + "post_attention_layernorm.weight", b + "self_attn.q_proj.weight", b + "self_attn.k_proj.weight",
            b + "self_attn.v_proj.weight", b + "self_attn.o_proj.weight", b + "mlp.gate_proj.weight",
            b + "mlp.up_proj.weight", b + "mlp.down_proj.weight" };
    }

} // namespace

LlamaModel::LlamaModel(const Model& model, const QuantizedWeights& replace)
{
    if (!isDecoderLm(model))
        throw Error(ErrorCode::Unsupported, model.path, { "the language-model judge on this file (no decoder language model in it)" });
    m_cfg = readLmConfig(model);
    const bool gguf = m_cfg.gguf;
    std::set<std::string> used; // every tensor the pass reads: any other is a feature it would ignore
    auto load = [&](const std::string& name, int64_t rows, int64_t cols) {
        const int i = model.find(name);
        if (i < 0)
            throw Error(ErrorCode::NoSuchTensor, model.path, { name });
        used.insert(name);
        const auto& t = model.tensors[size_t(i)];
        if (t.parameters != rows * cols)
            throw Error(ErrorCode::BadHeader, model.path, { "tensor '" + name + "' has an unexpected shape" });
        const auto it = replace.values.find(name);
        if (it != replace.values.end() && int64_t(it->second.size()) != rows * cols)
            throw Error(
                ErrorCode::BadHeader, model.path, { "the replacement of tensor '" + name + "' has the wrong size" });
        const std::vector<float> v = it != replace.values.end() ? it->second : model.readAll(size_t(i));
        Matrix m(rows, cols);
        std::copy(v.begin(), v.end(), m.data());
        return m;
    };
    // The type llama.cpp computes a weight's products in: the replacement's, else the stored one.
    auto linear = [&](const std::string& name, int64_t rows, int64_t cols) {
        Linear l { load(name, rows, cols), 0, name };
        if (replace.values.count(name)) {
            const auto t = replace.ggmlTypes.find(name);
            l.type = t != replace.ggmlTypes.end() ? t->second : ggml::F32;
        } else {
            l.type = ggmlTypeOfDType(model.tensors[size_t(model.find(name))].dtype).value_or(ggml::F32);
        }
        if (l.type == ggml::Q4_1 || l.type == ggml::Q5_1) {
            const int64_t nb = cols / 32;
            l.mins.resize(rows, nb);
            const uint8_t* stored = replace.values.count(name) ? nullptr : model.storedBytes(size_t(model.find(name)));
            if (stored) {
                const auto m = ggmlBlockMins(l.type, stored, rows, cols);
                std::copy(m.begin(), m.end(), l.mins.data());
            } else {
                // A block's smallest value is its m wherever a code is 0 — always for ggml's quantizers
                // without importance (and otherwise off by one step of a code, a second-order term).
                for (int64_t r = 0; r < rows; ++r)
                    for (int64_t b = 0; b < nb; ++b)
                        l.mins(r, b) = l.w.row(r).segment(b * 32, 32).minCoeff();
            }
        }
        return l;
    };
    const int hd = m_cfg.headDim();
    const Names n0 = gguf ? ggufNames(0) : hfNames(0);
    const int embIndex = model.find(n0.embed);
    m_cfg.vocab = int(model.tensors[size_t(embIndex)].shape[0]);
    const Linear embed = linear(n0.embed, m_cfg.vocab, m_cfg.dim);
    m_embed = embed.w;
    m_output = model.find(n0.output) >= 0 ? linear(n0.output, m_cfg.vocab, m_cfg.dim) : embed; // tied head
    m_finalNorm = load(n0.finalNorm, 1, m_cfg.dim).row(0).transpose();
    // Rope scaling llama3 in a GGUF: the converter's frequency factors (llama.cpp's llama graph divides
    // each pair's angle by them).
    if (gguf && m_cfg.arch == "llama" && model.find("rope_freqs.weight") >= 0) {
        const Matrix f = load("rope_freqs.weight", 1, hd / 2);
        m_cfg.ropeFreqFactors.assign(f.data(), f.data() + f.size());
        for (float x : m_cfg.ropeFreqFactors)
            if (!(x > 0.0f) || !std::isfinite(x))
                throw Error(ErrorCode::BadHeader, model.path, { "rope_freqs.weight holds a factor that is not positive" });
    }
    for (int l = 0; l < m_cfg.layers; ++l) {
        const Names n = gguf ? ggufNames(l) : hfNames(l);
        Layer L;
        L.attnNorm = load(n.attnNorm, 1, m_cfg.dim).row(0).transpose();
        L.ffnNorm = load(n.ffnNorm, 1, m_cfg.dim).row(0).transpose();
        L.q = linear(n.q, m_cfg.heads * hd, m_cfg.dim);
        L.k = linear(n.k, m_cfg.kvHeads * hd, m_cfg.dim);
        L.v = linear(n.v, m_cfg.kvHeads * hd, m_cfg.dim);
        L.o = linear(n.o, m_cfg.dim, m_cfg.heads * hd);
        L.gate = linear(n.gate, m_cfg.hidden, m_cfg.dim);
        L.up = linear(n.up, m_cfg.hidden, m_cfg.dim);
        L.down = linear(n.down, m_cfg.dim, m_cfg.hidden);
        m_layers.push_back(std::move(L));
    }
    for (const auto& t : model.tensors)
        if (!used.count(t.name) && !t.name.ends_with(".rotary_emb.inv_freq")) // transformers' cached RoPE frequencies
            refuseJudge(model, m_cfg.fileArch, "tensor", t.name);
}

std::vector<int> LlamaModel::greedy(std::vector<int> prompt, int length) const
{
    while (int(prompt.size()) < length) {
        const Matrix logits = forward(prompt);
        Eigen::Index best;
        logits.row(logits.rows() - 1).maxCoeff(&best);
        prompt.push_back(int(best));
    }
    return prompt;
}

} // namespace ql

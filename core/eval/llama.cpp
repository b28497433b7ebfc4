#include "llama.h"

#include "core/io/ggmltypes.h"
#include "core/util/error.h"

#include <cmath>
#include <map>
#include <set>

namespace ql {

namespace {
    /// A tensor's name in the file: \p suffix is llama.cpp's ("attn_q.weight"; layer −1: a model-wide
    /// tensor), mapped to transformers' for a safetensors checkpoint.
    std::string tensorName(const LlamaConfig& c, int layer, const std::string& suffix)
    {
        if (c.gguf)
            return layer < 0 ? suffix : "blk." + std::to_string(layer) + "." + suffix;
        if (layer < 0) {
            static const std::map<std::string, std::string> global { { "token_embd.weight",
                                                                         "model.embed_tokens.weight" },
                { "output.weight", "lm_head.weight" }, { "output_norm.weight", "model.norm.weight" } };
            const auto it = global.find(suffix);
            return it != global.end() ? it->second : suffix;
        }
        static const std::map<std::string, std::string> names { { "attn_norm", "input_layernorm" },
            { "attn_q", "self_attn.q_proj" }, { "attn_k", "self_attn.k_proj" }, { "attn_v", "self_attn.v_proj" },
            { "attn_output", "self_attn.o_proj" }, { "attn_q_norm", "self_attn.q_norm" },
            { "attn_k_norm", "self_attn.k_norm" }, { "ffn_norm", "post_attention_layernorm" },
            { "ffn_gate", "mlp.gate_proj" }, { "ffn_up", "mlp.up_proj" }, { "ffn_down", "mlp.down_proj" } };
        const bool gemma = c.arch == "gemma2" || c.arch == "gemma3";
        const size_t dot = suffix.rfind('.');
        const std::string base = suffix.substr(0, dot);
        const std::string pre = "model.layers." + std::to_string(layer) + ".";
        if (gemma && base == "ffn_norm")
            return pre + "pre_feedforward_layernorm" + suffix.substr(dot);
        if (base == "post_attention_norm")
            return pre + "post_attention_layernorm" + suffix.substr(dot);
        if (base == "post_ffw_norm")
            return pre + "post_feedforward_layernorm" + suffix.substr(dot);
        if (base == "attn_qkv")
            return pre + "self_attn.qkv_proj" + suffix.substr(dot);
        if (base == "ffn_up" && c.fusedGateUp)
            return pre + "mlp.gate_up_proj" + suffix.substr(dot);
        // Mixtral's router and experts live in block_sparse_moe; Qwen 2 MoE's shared expert beside the experts.
        if (base == "ffn_gate_inp")
            return pre + (c.arch == "llama" ? "block_sparse_moe.gate" : "mlp.gate") + suffix.substr(dot);
        if (base == "ffn_gate_inp_shexp")
            return pre + "mlp.shared_expert_gate" + suffix.substr(dot);
        if (base == "ffn_gate_shexp" || base == "ffn_up_shexp" || base == "ffn_down_shexp")
            return pre + "mlp.shared_expert." + base.substr(4, base.size() - 10) + "_proj" + suffix.substr(dot);
        const auto it = names.find(base);
        const std::string module = it != names.end() ? it->second : suffix.substr(0, dot);
        return "model.layers." + std::to_string(layer) + "." + module + suffix.substr(dot);
    }
} // namespace

LlamaModel::LlamaModel(const Model& model, const QuantizedWeights& replace)
{
    if (!isDecoderLm(model))
        throw Error(ErrorCode::Unsupported, model.path,
            { "the language-model judge on this file (no decoder language model in it)" });
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
        Linear l { load(name, rows, cols), 0, name, {}, {} };
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
    auto name = [&](int layer, const std::string& suffix) { return tensorName(m_cfg, layer, suffix); };
    auto has = [&](int layer, const std::string& suffix) { return model.find(name(layer, suffix)) >= 0; };
    // transformers' Gemma norms hold w where the computation (and llama.cpp's GGUF) uses 1 + w.
    const bool onePlus = !gguf && (m_cfg.arch == "gemma2" || m_cfg.arch == "gemma3");
    auto vec = [&](int layer, const std::string& suffix, int64_t n) -> Vector {
        Vector v = load(name(layer, suffix), 1, n).row(0).transpose();
        if (onePlus && suffix.find("norm") != std::string::npos)
            v.array() += 1.0f;
        return v;
    };
    // A linear layer and its bias, if the file has one (Qwen 2's q, k, v; Llama's attention_bias).
    auto dense = [&](int layer, const std::string& base, int64_t rows, int64_t cols) {
        Linear l = linear(name(layer, base + ".weight"), rows, cols);
        if (has(layer, base + ".bias"))
            l.bias = vec(layer, base + ".bias", rows);
        return l;
    };
    const std::string embedName = name(-1, "token_embd.weight");
    const int embIndex = model.find(embedName);
    if (embIndex < 0)
        throw Error(ErrorCode::NoSuchTensor, model.path, { embedName });
    m_cfg.vocab = int(model.tensors[size_t(embIndex)].shape[0]);
    const Linear embed = linear(embedName, m_cfg.vocab, m_cfg.dim);
    m_embed = embed.w;
    m_output = has(-1, "output.weight") ? dense(-1, "output", m_cfg.vocab, m_cfg.dim) : embed; // tied head
    m_finalNorm = vec(-1, "output_norm.weight", m_cfg.dim);
    // Rope scaling llama3 in a GGUF: the converter's frequency factors (llama.cpp's llama graph divides
    // each pair's angle by them).
    if (gguf && m_cfg.arch == "llama" && has(-1, "rope_freqs.weight")) {
        const Vector f = vec(-1, "rope_freqs.weight", hd / 2);
        m_cfg.ropeFreqFactors.assign(f.data(), f.data() + f.size());
        for (float x : m_cfg.ropeFreqFactors)
            if (!(x > 0.0f) || !std::isfinite(x))
                throw Error(
                    ErrorCode::BadHeader, model.path, { "rope_freqs.weight holds a factor that is not positive" });
    }
    for (int l = 0; l < m_cfg.layers; ++l) {
        Layer L;
        L.attnNorm = vec(l, "attn_norm.weight", m_cfg.dim);
        L.ffnNorm = vec(l, "ffn_norm.weight", m_cfg.dim);
        const int64_t qRows = int64_t(m_cfg.heads) * hd, kvRows = int64_t(m_cfg.kvHeads) * hd;
        if (m_cfg.fusedQkv) { // Phi-3: q, k and v rows of one matrix
            L.qkv = dense(l, "attn_qkv", qRows + 2 * kvRows, m_cfg.dim);
        } else {
            L.q = dense(l, "attn_q", qRows, m_cfg.dim);
            L.k = dense(l, "attn_k", kvRows, m_cfg.dim);
            L.v = dense(l, "attn_v", kvRows, m_cfg.dim);
        }
        L.o = dense(l, "attn_output", m_cfg.dim, qRows);
        if (m_cfg.postNorms) {
            L.postAttnNorm = vec(l, "post_attention_norm.weight", m_cfg.dim);
            L.postFfnNorm = vec(l, "post_ffw_norm.weight", m_cfg.dim);
        }
        if (m_cfg.qkNorm) { // one RMSNorm weight per head dimension, shared by the heads
            L.qNorm = vec(l, "attn_q_norm.weight", hd);
            L.kNorm = vec(l, "attn_k_norm.weight", hd);
        }
        if (m_cfg.experts > 0) {
            const int E = m_cfg.experts, eh = m_cfg.expertHidden;
            L.router = dense(l, "ffn_gate_inp", E, m_cfg.dim);
            L.experts.resize(size_t(E));
            if (gguf) { // llama.cpp's 3-D tensors [experts, rows, cols]: each expert a block of rows
                const struct {
                    const char* suffix;
                    int64_t rows, cols;
                    Linear Expert::*member;
                } parts[] = { { "ffn_gate_exps", eh, m_cfg.dim, &Expert::gate },
                    { "ffn_up_exps", eh, m_cfg.dim, &Expert::up }, { "ffn_down_exps", m_cfg.dim, eh, &Expert::down } };
                for (const auto& part : parts) {
                    const Linear all = linear(name(l, std::string(part.suffix) + ".weight"), E * part.rows, part.cols);
                    for (int e = 0; e < E; ++e) {
                        Linear& x = L.experts[size_t(e)].*part.member;
                        x.w = all.w.middleRows(e * part.rows, part.rows);
                        if (all.mins.size() > 0)
                            x.mins = all.mins.middleRows(e * part.rows, part.rows);
                        const auto own = replace.ggmlTypes.find(expertEntryName(all.name, e)); // a plan's one expert
                        x.type = own != replace.ggmlTypes.end() ? own->second : all.type;
                        if ((x.type == ggml::Q4_1 || x.type == ggml::Q5_1) && x.mins.size() == 0) {
                            x.mins.resize(x.w.rows(), x.w.cols() / 32); // its blocks' smallest values (see linear)
                            for (Eigen::Index r = 0; r < x.w.rows(); ++r)
                                for (Eigen::Index b = 0; b < x.mins.cols(); ++b)
                                    x.mins(r, b) = x.w.row(r).segment(b * 32, 32).minCoeff();
                        }
                        x.name = expertEntryName(all.name, e); // the expert's calibration entry
                    }
                }
            } else { // transformers: one tensor per expert (Mixtral's w1 gate, w3 up, w2 down)
                const bool mixtral = m_cfg.arch == "llama";
                const std::string pre
                    = "model.layers." + std::to_string(l) + (mixtral ? ".block_sparse_moe.experts." : ".mlp.experts.");
                const char* gateName = mixtral ? ".w1.weight" : ".gate_proj.weight";
                const char* upName = mixtral ? ".w3.weight" : ".up_proj.weight";
                const char* downName = mixtral ? ".w2.weight" : ".down_proj.weight";
                for (int e = 0; e < E; ++e) {
                    Expert& x = L.experts[size_t(e)];
                    x.gate = linear(pre + std::to_string(e) + gateName, eh, m_cfg.dim);
                    x.up = linear(pre + std::to_string(e) + upName, eh, m_cfg.dim);
                    x.down = linear(pre + std::to_string(e) + downName, m_cfg.dim, eh);
                }
            }
            if (m_cfg.sharedExpertHidden > 0) { // Qwen 2 MoE: the shared expert and its one-row gate
                const int sh = m_cfg.sharedExpertHidden;
                L.shared.gate = dense(l, "ffn_gate_shexp", sh, m_cfg.dim);
                L.shared.up = dense(l, "ffn_up_shexp", sh, m_cfg.dim);
                L.shared.down = dense(l, "ffn_down_shexp", m_cfg.dim, sh);
                L.sharedGate = dense(l, "ffn_gate_inp_shexp", 1, m_cfg.dim);
            }
        } else if (m_cfg.fusedGateUp) { // Phi-3: gate rows, then up rows
            L.up = dense(l, "ffn_up", 2 * int64_t(m_cfg.hidden), m_cfg.dim);
        } else {
            L.gate = dense(l, "ffn_gate", m_cfg.hidden, m_cfg.dim);
            L.up = dense(l, "ffn_up", m_cfg.hidden, m_cfg.dim);
        }
        if (m_cfg.experts == 0)
            L.down = dense(l, "ffn_down", m_cfg.dim, m_cfg.hidden);
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

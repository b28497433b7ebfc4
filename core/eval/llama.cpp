#include "llama.h"

#include "../util/error.h"

#include <cmath>

namespace ql {

namespace {
    /// Names of the Llama tensors in the two layouts.
    struct Names {
        std::string embed, output, finalNorm, attnNorm, ffnNorm, q, k, v, o, gate, up, down;
    };
    Names ggufNames(int l)
    {
        const std::string b = "blk." + std::to_string(l) + ".";
        return { "token_embd.weight", "output.weight", "output_norm.weight", b + "attn_norm.weight", b + "ffn_norm.weight", b + "attn_q.weight",
            b + "attn_k.weight", b + "attn_v.weight", b + "attn_output.weight", b + "ffn_gate.weight", b + "ffn_up.weight", b + "ffn_down.weight" };
    }
    Names hfNames(int l)
    {
        const std::string b = "model.layers." + std::to_string(l) + ".";
        return { "model.embed_tokens.weight", "lm_head.weight", "model.norm.weight", b + "input_layernorm.weight",
            b + "post_attention_layernorm.weight", b + "self_attn.q_proj.weight", b + "self_attn.k_proj.weight", b + "self_attn.v_proj.weight",
            b + "self_attn.o_proj.weight", b + "mlp.gate_proj.weight", b + "mlp.up_proj.weight", b + "mlp.down_proj.weight" };
    }

    int intKey(const nlohmann::ordered_json& md, const char* key, int fallback = 0)
    {
        return md.contains(key) && md[key].is_number() ? md[key].get<int>() : fallback;
    }
    float floatKey(const nlohmann::ordered_json& md, const char* key, float fallback)
    {
        return md.contains(key) && md[key].is_number() ? md[key].get<float>() : fallback;
    }

    void rmsNorm(const float* x, const LlamaModel::Vector& w, float eps, float* out, int n)
    {
        double ss = 0;
        for (int i = 0; i < n; ++i)
            ss += double(x[i]) * x[i];
        const float scale = 1.0f / std::sqrt(float(ss / n) + eps);
        for (int i = 0; i < n; ++i)
            out[i] = x[i] * scale * w[i];
    }

    /// Rotary embedding of one head vector at position pos.
    void rope(float* v, int headDim, int pos, float theta, bool adjacent)
    {
        const int half = headDim / 2;
        for (int i = 0; i < half; ++i) {
            const float freq = std::pow(theta, -2.0f * float(i) / float(headDim));
            const float a = float(pos) * freq;
            const float c = std::cos(a), s = std::sin(a);
            const int i0 = adjacent ? 2 * i : i, i1 = adjacent ? 2 * i + 1 : i + half;
            const float x0 = v[i0], x1 = v[i1];
            v[i0] = x0 * c - x1 * s;
            v[i1] = x0 * s + x1 * c;
        }
    }
} // namespace

bool LlamaModel::isLlama(const Model& model)
{
    return model.find("token_embd.weight") >= 0 ? model.find("blk.0.attn_q.weight") >= 0
                                                 : model.find("model.embed_tokens.weight") >= 0 && model.find("model.layers.0.self_attn.q_proj.weight") >= 0;
}

LlamaModel::LlamaModel(const Model& model, const std::map<std::string, std::vector<float>>& replace)
{
    if (!isLlama(model))
        throw Error(ErrorCode::Unsupported, model.path, { "the Llama forward pass on this file (no Llama tensor names found)" });
    const bool gguf = model.find("token_embd.weight") >= 0;
    const auto& md = model.metadata;
    if (gguf) {
        m_cfg.dim = intKey(md, "llama.embedding_length");
        m_cfg.hidden = intKey(md, "llama.feed_forward_length");
        m_cfg.layers = intKey(md, "llama.block_count");
        m_cfg.heads = intKey(md, "llama.attention.head_count");
        m_cfg.kvHeads = intKey(md, "llama.attention.head_count_kv", m_cfg.heads);
        m_cfg.normEps = floatKey(md, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
        m_cfg.ropeTheta = floatKey(md, "llama.rope.freq_base", 10000.0f);
        m_cfg.adjacentRope = true;
    } else {
        if (!md.contains("config") || !md["config"].is_object())
            throw Error(ErrorCode::Unsupported, model.path, { "a Llama model without config.json beside it" });
        const auto& c = md["config"];
        m_cfg.dim = intKey(c, "hidden_size");
        m_cfg.hidden = intKey(c, "intermediate_size");
        m_cfg.layers = intKey(c, "num_hidden_layers");
        m_cfg.heads = intKey(c, "num_attention_heads");
        m_cfg.kvHeads = intKey(c, "num_key_value_heads", m_cfg.heads);
        m_cfg.normEps = floatKey(c, "rms_norm_eps", 1e-5f);
        m_cfg.ropeTheta = floatKey(c, "rope_theta", 10000.0f);
        m_cfg.adjacentRope = false;
    }
    if (m_cfg.dim <= 0 || m_cfg.layers <= 0 || m_cfg.heads <= 0 || m_cfg.kvHeads <= 0 || m_cfg.dim % m_cfg.heads != 0
        || m_cfg.heads % m_cfg.kvHeads != 0)
        throw Error(ErrorCode::BadHeader, model.path, { "inconsistent Llama hyper-parameters" });

    auto load = [&](const std::string& name, int64_t rows, int64_t cols) {
        const int i = model.find(name);
        if (i < 0)
            throw Error(ErrorCode::NoSuchTensor, model.path, { name });
        const auto& t = model.tensors[size_t(i)];
        if (t.parameters != rows * cols)
            throw Error(ErrorCode::BadHeader, model.path, { "tensor '" + name + "' has an unexpected shape" });
        const auto it = replace.find(name);
        const std::vector<float> v = it != replace.end() ? it->second : model.readAll(size_t(i));
        Matrix m(rows, cols);
        std::copy(v.begin(), v.end(), m.data());
        return m;
    };
    const int hd = m_cfg.headDim();
    const Names n0 = gguf ? ggufNames(0) : hfNames(0);
    const int embIndex = model.find(n0.embed);
    m_cfg.vocab = int(model.tensors[size_t(embIndex)].shape[0]);
    m_embed = load(n0.embed, m_cfg.vocab, m_cfg.dim);
    m_output = model.find(n0.output) >= 0 ? load(n0.output, m_cfg.vocab, m_cfg.dim) : m_embed; // tied head
    m_outputName = model.find(n0.output) >= 0 ? n0.output : n0.embed;
    m_finalNorm = load(n0.finalNorm, 1, m_cfg.dim).row(0).transpose();
    for (int l = 0; l < m_cfg.layers; ++l) {
        const Names n = gguf ? ggufNames(l) : hfNames(l);
        Layer L;
        L.attnNorm = load(n.attnNorm, 1, m_cfg.dim).row(0).transpose();
        L.ffnNorm = load(n.ffnNorm, 1, m_cfg.dim).row(0).transpose();
        L.wq = load(n.q, m_cfg.heads * hd, m_cfg.dim);
        L.wk = load(n.k, m_cfg.kvHeads * hd, m_cfg.dim);
        L.wv = load(n.v, m_cfg.kvHeads * hd, m_cfg.dim);
        L.wo = load(n.o, m_cfg.dim, m_cfg.heads * hd);
        L.gate = load(n.gate, m_cfg.hidden, m_cfg.dim);
        L.up = load(n.up, m_cfg.hidden, m_cfg.dim);
        L.down = load(n.down, m_cfg.dim, m_cfg.hidden);
        L.nq = n.q;
        L.nk = n.k;
        L.nv = n.v;
        L.no = n.o;
        L.ngate = n.gate;
        L.nup = n.up;
        L.ndown = n.down;
        m_layers.push_back(std::move(L));
    }
}

LlamaModel::Matrix LlamaModel::forward(const std::vector<int>& tokens, CalibrationStore* capture, int64_t keepRows) const
{
    auto record = [&](const std::string& name, const float* x, int64_t n) {
        if (!capture)
            return;
        CalibrationEntry& e = capture->entries[name];
        e.in = n;
        e.add(x, keepRows);
    };
    const int T = int(tokens.size()), D = m_cfg.dim, hd = m_cfg.headDim(), H = m_cfg.heads, KV = m_cfg.kvHeads;
    Matrix logits(T, m_cfg.vocab);
    // Residual stream for every position; keys and values kept per layer (the cache).
    Matrix x(T, D);
    for (int t = 0; t < T; ++t) {
        if (tokens[size_t(t)] < 0 || tokens[size_t(t)] >= m_cfg.vocab)
            throw Error(ErrorCode::BadHeader, {}, { "token id " + std::to_string(tokens[size_t(t)]) + " is outside the vocabulary" });
        x.row(t) = m_embed.row(tokens[size_t(t)]);
    }
    Vector h(D), att(H * hd);
    Matrix q(T, H * hd), k(T, KV * hd), v(T, KV * hd);
    std::vector<float> scores(static_cast<size_t>(T));
    const float invSqrt = 1.0f / std::sqrt(float(hd));
    for (const Layer& L : m_layers) {
        for (int t = 0; t < T; ++t) {
            rmsNorm(x.row(t).data(), L.attnNorm, m_cfg.normEps, h.data(), D);
            record(L.nq, h.data(), D);
            record(L.nk, h.data(), D);
            record(L.nv, h.data(), D);
            q.row(t) = (L.wq * h).transpose();
            k.row(t) = (L.wk * h).transpose();
            v.row(t) = (L.wv * h).transpose();
            for (int hh = 0; hh < H; ++hh)
                rope(q.row(t).data() + hh * hd, hd, t, m_cfg.ropeTheta, m_cfg.adjacentRope);
            for (int hh = 0; hh < KV; ++hh)
                rope(k.row(t).data() + hh * hd, hd, t, m_cfg.ropeTheta, m_cfg.adjacentRope);
        }
        for (int t = 0; t < T; ++t) {
            for (int hh = 0; hh < H; ++hh) {
                const int kvh = hh / (H / KV);
                float maxScore = -std::numeric_limits<float>::infinity();
                for (int s = 0; s <= t; ++s) {
                    float dot = 0;
                    for (int i = 0; i < hd; ++i)
                        dot += q(t, hh * hd + i) * k(s, kvh * hd + i);
                    scores[size_t(s)] = dot * invSqrt;
                    maxScore = std::max(maxScore, scores[size_t(s)]);
                }
                float sum = 0;
                for (int s = 0; s <= t; ++s) {
                    scores[size_t(s)] = std::exp(scores[size_t(s)] - maxScore);
                    sum += scores[size_t(s)];
                }
                for (int i = 0; i < hd; ++i) {
                    float acc = 0;
                    for (int s = 0; s <= t; ++s)
                        acc += scores[size_t(s)] * v(s, kvh * hd + i);
                    att[hh * hd + i] = acc / sum;
                }
            }
            record(L.no, att.data(), H * hd);
            x.row(t) += (L.wo * att).transpose();
        }
        for (int t = 0; t < T; ++t) {
            rmsNorm(x.row(t).data(), L.ffnNorm, m_cfg.normEps, h.data(), D);
            record(L.ngate, h.data(), D);
            record(L.nup, h.data(), D);
            Vector g = L.gate * h, u = L.up * h;
            for (int i = 0; i < m_cfg.hidden; ++i)
                g[i] = g[i] / (1.0f + std::exp(-g[i])) * u[i]; // SiLU(gate) · up
            record(L.ndown, g.data(), m_cfg.hidden);
            x.row(t) += (L.down * g).transpose();
        }
    }
    for (int t = 0; t < T; ++t) {
        rmsNorm(x.row(t).data(), m_finalNorm, m_cfg.normEps, h.data(), D);
        record(m_outputName, h.data(), D);
        logits.row(t) = (m_output * h).transpose();
    }
    return logits;
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

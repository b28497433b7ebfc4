#include "synthmodel.h"

#include "fixtures.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace fixtures {

namespace {
    uint64_t splitmix(uint64_t& s)
    {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform(uint64_t& s)
    {
        return double(splitmix(s) >> 11) * (1.0 / 9007199254740992.0);
    }
    /// Irwin–Hall approximation of N(0, 1): four uniforms, exact arithmetic only.
    double normal(uint64_t& s)
    {
        return (uniform(s) + uniform(s) + uniform(s) + uniform(s) - 2.0) * 1.7320508075688772;
    }

    uint64_t fnv(const std::string& s)
    {
        uint64_t h = 1469598103934665603ull;
        for (unsigned char c : s)
            h = (h ^ c) * 1099511628211ull;
        return h;
    }

    uint16_t toHalf(float f)
    {
        // Round to nearest even, as numpy and ggml convert.
        uint32_t x;
        std::memcpy(&x, &f, 4);
        const uint32_t sign = (x >> 16) & 0x8000u;
        int32_t e = int32_t((x >> 23) & 0xFF) - 127 + 15;
        uint32_t m = x & 0x7FFFFFu;
        if (e >= 31)
            return uint16_t(sign | 0x7C00u);
        if (e <= 0) {
            if (e < -10)
                return uint16_t(sign);
            m |= 0x800000u;
            const int shift = 14 - e;
            uint32_t half = m >> shift;
            const uint32_t rem = m & ((1u << shift) - 1), mid = 1u << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1)))
                ++half;
            return uint16_t(sign | half);
        }
        uint32_t half = (uint32_t(e) << 10) | (m >> 13);
        const uint32_t rem = m & 0x1FFFu;
        if (rem > 0x1000u || (rem == 0x1000u && (half & 1)))
            ++half;
        return uint16_t(sign | half);
    }

    template <typename T> void put(std::string& b, T v)
    {
        b.append(reinterpret_cast<const char*>(&v), sizeof(T));
    }
    void putStr(std::string& b, const std::string& s)
    {
        put<uint64_t>(b, s.size());
        b += s;
    }

    /// GGUF metadata writer (the value types llama.cpp reads here).
    struct Kv {
        std::string bytes;
        uint64_t count = 0;
        void key(const std::string& k, uint32_t type)
        {
            putStr(bytes, k);
            put<uint32_t>(bytes, type);
            ++count;
        }
        void u32(const std::string& k, uint32_t v) { key(k, 4), put(bytes, v); }
        void f32(const std::string& k, float v) { key(k, 6), put(bytes, v); }
        void boolean(const std::string& k, bool v) { key(k, 7), put<uint8_t>(bytes, v); }
        void str(const std::string& k, const std::string& v) { key(k, 8), putStr(bytes, v); }
        void strings(const std::string& k, const std::vector<std::string>& v)
        {
            key(k, 9);
            put<uint32_t>(bytes, 8);
            put<uint64_t>(bytes, v.size());
            for (const auto& s : v)
                putStr(bytes, s);
        }
        template <typename T> void array(const std::string& k, uint32_t elemType, const std::vector<T>& v)
        {
            key(k, 9);
            put<uint32_t>(bytes, elemType);
            put<uint64_t>(bytes, v.size());
            for (T x : v)
                put(bytes, x);
        }
    };

    Kv metadata(const SynthLlama& c)
    {
        Kv kv;
        const std::string a = c.arch;
        kv.str("general.architecture", a);
        // (llama.cpp special-cases vocabularies by the model name: no architecture in it but llama's)
        kv.str("general.name", a == "llama" ? "quantlens synthetic llama" : "quantlens synthetic model");
        kv.u32("general.file_type", c.type == 1 ? 1 : 0);
        kv.u32(a + ".vocab_size", uint32_t(c.vocab));
        kv.u32(a + ".context_length", uint32_t(c.context));
        kv.u32(a + ".embedding_length", uint32_t(c.dim));
        kv.u32(a + ".block_count", uint32_t(c.layers));
        kv.u32(a + ".feed_forward_length", uint32_t(c.hidden));
        kv.u32(a + ".attention.head_count", uint32_t(c.heads));
        kv.u32(a + ".attention.head_count_kv", uint32_t(c.kvHeads));
        kv.f32(a + ".attention.layer_norm_rms_epsilon", c.normEps);
        kv.u32(a + ".rope.dimension_count", uint32_t(c.hd()));
        if (c.headDim > 0) {
            kv.u32(a + ".attention.key_length", uint32_t(c.hd()));
            kv.u32(a + ".attention.value_length", uint32_t(c.hd()));
        }
        kv.f32(a + ".rope.freq_base", c.ropeTheta);
        if (!c.ropeScaling.empty() && c.ropeScaling != "llama3") { // llama3's factors are the rope_freqs tensor
            kv.str(a + ".rope.scaling.type", c.ropeScaling);
            kv.f32(a + ".rope.scaling.factor", c.ropeFactor);
        }
        if (c.ropeThetaLocal > 0)
            kv.f32(a + ".rope.freq_base_swa", c.ropeThetaLocal);
        if (c.slidingWindow > 0 && a != "llama") // convert_hf_to_gguf writes no window for Mistral
            kv.u32(a + ".attention.sliding_window", uint32_t(c.slidingWindow));
        if (c.slidingPattern > 0)
            kv.u32(a + ".attention.sliding_window_pattern", uint32_t(c.slidingPattern));
        if (c.attnSoftcap > 0)
            kv.f32(a + ".attn_logit_softcapping", c.attnSoftcap);
        if (c.finalSoftcap > 0)
            kv.f32(a + ".final_logit_softcapping", c.finalSoftcap);
        if (c.experts > 0) {
            kv.u32(a + ".expert_count", uint32_t(c.experts));
            kv.u32(a + ".expert_used_count", uint32_t(std::min(c.expertsUsed, c.experts)));
            if (c.arch == "qwen3moe" || c.arch == "qwen2moe")
                kv.u32(a + ".expert_feed_forward_length", uint32_t(c.expertWidth()));
            if (c.sharedExpertHidden > 0)
                kv.u32(a + ".expert_shared_feed_forward_length", uint32_t(c.sharedExpertHidden));
        }
        for (const auto& [key, value] : c.extraKeys)
            kv.f32(key, value);
        std::vector<std::string> tokens { "<unk>", "<s>", "</s>" };
        std::vector<float> scores { 0, 0, 0 };
        std::vector<int32_t> types { 2, 3, 3 };
        for (int b = 0; b < 256 && int(tokens.size()) < c.vocab; ++b) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "<0x%02X>", b);
            tokens.emplace_back(buf);
            scores.push_back(0);
            types.push_back(6);
        }
        while (int(tokens.size()) < c.vocab) {
            tokens.push_back("\xE2\x96\x81tok" + std::to_string(tokens.size()));
            scores.push_back(-float(tokens.size()));
            types.push_back(1);
        }
        kv.str("tokenizer.ggml.model", "llama");
        kv.strings("tokenizer.ggml.tokens", tokens);
        kv.array("tokenizer.ggml.scores", 6, scores);
        kv.array("tokenizer.ggml.token_type", 5, types);
        kv.u32("tokenizer.ggml.bos_token_id", 1);
        kv.u32("tokenizer.ggml.eos_token_id", 2);
        kv.u32("tokenizer.ggml.unknown_token_id", 0);
        kv.boolean("tokenizer.ggml.add_bos_token", true);
        kv.boolean("tokenizer.ggml.add_eos_token", false);
        return kv;
    }

    uint32_t tensorType(const SynthLlama& c, const SynthTensor& t)
    {
        return t.norm || t.shape.size() < 2 ? 0 : c.type;
    }
    uint64_t tensorBytes(const SynthLlama& c, const SynthTensor& t)
    {
        uint64_t n = 1;
        for (auto d : t.shape)
            n *= uint64_t(d);
        return n * (tensorType(c, t) == 1 ? 2 : 4);
    }
    constexpr uint64_t kAlign = 32;
    uint64_t pad(uint64_t n)
    {
        return (n + kAlign - 1) / kAlign * kAlign;
    }
} // namespace

std::vector<SynthTensor> synthTensors(const SynthLlama& c)
{
    const int64_t hd = c.hd(), kv = int64_t(c.kvHeads) * hd, q = int64_t(c.heads) * hd;
    std::vector<SynthTensor> t;
    t.push_back({ "token_embd.weight", { c.vocab, c.dim } });
    t.push_back({ "output_norm.weight", { c.dim }, true });
    if (!c.tied)
        t.push_back({ "output.weight", { c.vocab, c.dim } });
    if (c.ropeScaling == "llama3")
        t.push_back({ "rope_freqs.weight", { hd / 2 } });
    for (const auto& [name, n] : c.extraTensors)
        t.push_back({ name, { n } });
    for (int l = 0; l < c.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        t.push_back({ b + "attn_norm.weight", { c.dim }, true });
        if (c.arch == "phi3") {
            t.push_back({ b + "attn_qkv.weight", { q + 2 * kv, c.dim } });
        } else {
            t.push_back({ b + "attn_q.weight", { q, c.dim } });
            t.push_back({ b + "attn_k.weight", { kv, c.dim } });
            t.push_back({ b + "attn_v.weight", { kv, c.dim } });
        }
        if (c.qkvBias) {
            t.push_back({ b + "attn_q.bias", { q } });
            t.push_back({ b + "attn_k.bias", { kv } });
            t.push_back({ b + "attn_v.bias", { kv } });
        }
        if (c.qkNorm()) {
            t.push_back({ b + "attn_q_norm.weight", { hd }, true });
            t.push_back({ b + "attn_k_norm.weight", { hd }, true });
        }
        t.push_back({ b + "attn_output.weight", { c.dim, q } });
        if (c.gemma())
            t.push_back({ b + "post_attention_norm.weight", { c.dim }, true });
        t.push_back({ b + "ffn_norm.weight", { c.dim }, true });
        if (c.experts > 0) {
            const int64_t eh = c.expertWidth();
            t.push_back({ b + "ffn_gate_inp.weight", { c.experts, c.dim } });
            t.push_back({ b + "ffn_gate_exps.weight", { c.experts, eh, c.dim } });
            t.push_back({ b + "ffn_up_exps.weight", { c.experts, eh, c.dim } });
            t.push_back({ b + "ffn_down_exps.weight", { c.experts, c.dim, eh } });
            if (c.sharedExpertHidden > 0) { // convert_hf_to_gguf keeps the gate's [1, dim]
                const int64_t sh = c.sharedExpertHidden;
                t.push_back({ b + "ffn_gate_inp_shexp.weight", { 1, c.dim } });
                t.push_back({ b + "ffn_gate_shexp.weight", { sh, c.dim } });
                t.push_back({ b + "ffn_up_shexp.weight", { sh, c.dim } });
                t.push_back({ b + "ffn_down_shexp.weight", { c.dim, sh } });
            }
        } else if (c.arch == "phi3") {
            t.push_back({ b + "ffn_up.weight", { 2 * int64_t(c.hidden), c.dim } }); // gate then up
            t.push_back({ b + "ffn_down.weight", { c.dim, c.hidden } });
        } else {
            t.push_back({ b + "ffn_gate.weight", { c.hidden, c.dim } });
            t.push_back({ b + "ffn_up.weight", { c.hidden, c.dim } });
            t.push_back({ b + "ffn_down.weight", { c.dim, c.hidden } });
        }
        if (c.gemma())
            t.push_back({ b + "post_ffw_norm.weight", { c.dim }, true });
    }
    return t;
}

std::vector<float> llama3RopeFactors(const SynthLlama& c)
{
    // convert_hf_to_gguf's factors for rope_type llama3 (in double; the file stores them as F32).
    const int hd = c.hd();
    const double lowWavelen = c.originalContext / c.lowFreqFactor, highWavelen = c.originalContext / c.highFreqFactor;
    std::vector<float> f;
    for (int i = 0; i < hd; i += 2) {
        const double freq = 1.0 / std::pow(double(c.ropeTheta), double(i) / hd);
        const double wavelen = 2 * M_PI / freq;
        if (wavelen < highWavelen)
            f.push_back(1.0f);
        else if (wavelen > lowWavelen)
            f.push_back(c.ropeFactor);
        else {
            const double smooth
                = (c.originalContext / wavelen - c.lowFreqFactor) / (c.highFreqFactor - c.lowFreqFactor);
            f.push_back(float(1.0 / ((1 - smooth) / c.ropeFactor + smooth)));
        }
    }
    return f;
}

std::vector<float> synthValues(const SynthLlama& c, const SynthTensor& t)
{
    size_t n = 1;
    for (auto d : t.shape)
        n *= size_t(d);
    uint64_t s = c.seed * 0x2545F4914F6CDD1Dull ^ fnv(t.name);
    std::vector<float> v(n);
    if (t.name == "rope_freqs.weight")
        return llama3RopeFactors(c);
    if (t.name.ends_with(".bias")) { // large enough to matter, as Qwen's k biases do
        for (auto& x : v)
            x = float(0.5 * normal(s));
        return v;
    }
    if (t.norm) {
        for (auto& x : v)
            x = float(1.0 + 0.1 * normal(s));
        return v;
    }
    const double in = double(t.shape.back());
    // Embeddings ~N(0, 1); the head sharp enough that the next-token distribution is far from uniform;
    // the other weights keep the activations' scale. One value in 64 is a 4× outlier.
    const double scale = t.name == "token_embd.weight" ? double(c.embedStd)
        : t.name == "output.weight"                    ? 4.0 / std::sqrt(in)
                                                       : 1.0 / std::sqrt(in);
    for (auto& x : v) {
        double w = normal(s) * scale;
        if ((splitmix(s) & 63) == 0)
            w *= 4.0;
        x = float(w);
    }
    return v;
}

void writeSynthLlamaGguf(const std::string& path, const SynthLlama& c, bool sparse)
{
    const Kv kv = metadata(c);
    const auto tensors = synthTensors(c);
    std::string h = "GGUF";
    put<uint32_t>(h, 3);
    put<uint64_t>(h, tensors.size());
    put<uint64_t>(h, kv.count);
    h += kv.bytes;
    uint64_t offset = 0;
    for (const auto& t : tensors) {
        putStr(h, t.name);
        put<uint32_t>(h, uint32_t(t.shape.size()));
        for (size_t k = t.shape.size(); k-- > 0;)
            put<uint64_t>(h, uint64_t(t.shape[k]));
        put<uint32_t>(h, tensorType(c, t));
        put<uint64_t>(h, offset);
        offset += pad(tensorBytes(c, t));
    }
    while (h.size() % kAlign)
        h += '\0';
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(h.data(), std::streamsize(h.size()));
    for (const auto& t : tensors) {
        const uint64_t bytes = tensorBytes(c, t);
        if (sparse) {
            out.seekp(std::streamoff(pad(bytes)), std::ios::cur);
            continue;
        }
        const auto v = synthValues(c, t);
        if (tensorType(c, t) == 1) {
            std::vector<uint16_t> half(v.size());
            for (size_t i = 0; i < v.size(); ++i)
                half[i] = toHalf(v[i]);
            out.write(reinterpret_cast<const char*>(half.data()), std::streamsize(bytes));
        } else {
            out.write(reinterpret_cast<const char*>(v.data()), std::streamsize(bytes));
        }
        const std::string zeros(pad(bytes) - bytes, '\0');
        out.write(zeros.data(), std::streamsize(zeros.size()));
    }
    if (sparse) { // the hole up to the end: one byte makes the file its full length
        out.seekp(-1, std::ios::cur);
        out.put('\0');
    }
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

ql::Model synthLlamaModel(const SynthLlama& c)
{
    ql::Model m;
    m.format = ql::Format::Gguf;
    m.path = "synthetic-" + c.arch + "-" + std::to_string(c.layers) + "x" + std::to_string(c.dim) + ".gguf";
    const std::string a = c.arch;
    auto& md = m.metadata;
    md["general.architecture"] = a;
    md[a + ".block_count"] = c.layers;
    md[a + ".embedding_length"] = c.dim;
    md[a + ".feed_forward_length"] = c.hidden;
    md[a + ".attention.head_count"] = c.heads;
    md[a + ".attention.head_count_kv"] = c.kvHeads;
    md[a + ".vocab_size"] = c.vocab;
    if (c.experts > 0)
        md[a + ".expert_count"] = c.experts;
    for (const auto& t : synthTensors(c)) {
        ql::TensorInfo info;
        info.name = t.name;
        info.shape = t.shape;
        info.dtype = tensorType(c, t) == 1 ? ql::DType::F16 : ql::DType::F32;
        info.parameters = 1;
        for (auto d : t.shape)
            info.parameters *= d;
        info.bytes = tensorBytes(c, t);
        m.tensors.push_back(std::move(info));
    }
    ql::classifyTensors(m);
    return m;
}

namespace {
    std::string hfClass(const SynthLlama& c)
    {
        if (!c.hfArch.empty())
            return c.hfArch;
        static const std::map<std::string, std::string> classes { { "llama", "LlamaForCausalLM" },
            { "qwen2", "Qwen2ForCausalLM" }, { "qwen2moe", "Qwen2MoeForCausalLM" }, { "qwen3", "Qwen3ForCausalLM" },
            { "qwen3moe", "Qwen3MoeForCausalLM" }, { "gemma2", "Gemma2ForCausalLM" }, { "gemma3", "Gemma3ForCausalLM" },
            { "phi3", "Phi3ForCausalLM" } };
        const auto it = classes.find(c.arch);
        return it != classes.end() ? it->second : c.arch;
    }

    /// GGUF's q/k rows of a Llama model are permuted so that adjacent pairs rotate together
    /// (convert_hf_to_gguf's permute); Hugging Face keeps them in rotate-half order.
    std::vector<float> unpermuteRows(const std::vector<float>& v, int64_t rows, int64_t cols, int heads)
    {
        std::vector<float> out(v.size());
        const int64_t hd = rows / heads, half = hd / 2;
        for (int h = 0; h < heads; ++h)
            for (int64_t i = 0; i < half; ++i)
                for (int j = 0; j < 2; ++j) {
                    const int64_t from = h * hd + 2 * i + j, to = h * hd + j * half + i;
                    std::copy_n(v.begin() + from * cols, cols, out.begin() + to * cols);
                }
        return out;
    }

    nlohmann::json hfConfig(const SynthLlama& c)
    {
        nlohmann::json j;
        j["architectures"] = { hfClass(c) };
        j["vocab_size"] = c.vocab;
        j["hidden_size"] = c.dim;
        j["intermediate_size"] = c.hidden;
        j["num_hidden_layers"] = c.layers;
        j["num_attention_heads"] = c.heads;
        j["num_key_value_heads"] = c.kvHeads;
        j["max_position_embeddings"] = c.context;
        j["rms_norm_eps"] = c.normEps;
        j["rope_theta"] = c.ropeTheta;
        j["bos_token_id"] = 1;
        j["eos_token_id"] = 2;
        j["tie_word_embeddings"] = c.tied;
        j["torch_dtype"] = c.type == 1 ? "float16" : "float32";
        if (c.headDim > 0)
            j["head_dim"] = c.headDim;
        j[c.gemma() ? "hidden_activation" : "hidden_act"] = c.gemma() ? "gelu_pytorch_tanh" : "silu";
        if (c.ropeScaling == "llama3")
            j["rope_scaling"] = { { "rope_type", "llama3" }, { "factor", c.ropeFactor },
                { "low_freq_factor", c.lowFreqFactor }, { "high_freq_factor", c.highFreqFactor },
                { "original_max_position_embeddings", c.originalContext } };
        else if (!c.ropeScaling.empty())
            j["rope_scaling"] = { { "rope_type", c.ropeScaling }, { "factor", c.ropeFactor } };
        if (c.arch == "qwen2" || c.arch == "qwen2moe" || c.arch == "qwen3" || c.arch == "qwen3moe") {
            j["use_sliding_window"] = false;
            j["sliding_window"] = nullptr;
        }
        if (c.arch == "qwen3" || c.arch == "qwen3moe")
            j["attention_bias"] = c.qkvBias;
        if (c.arch == "llama" || c.hfArch == "MistralForCausalLM")
            j["sliding_window"] = c.slidingWindow > 0 ? nlohmann::json(c.slidingWindow) : nlohmann::json(nullptr);
        if (c.arch == "phi3")
            j["sliding_window"] = c.slidingWindow > 0 ? nlohmann::json(c.slidingWindow) : nlohmann::json(nullptr);
        if (c.mixtral()) { // each expert as wide as intermediate_size
            j["num_local_experts"] = c.experts;
            j["num_experts_per_tok"] = c.expertsUsed;
            j["router_jitter_noise"] = 0.0;
            j["sliding_window"] = nullptr;
        } else if (c.experts > 0) {
            j["num_experts"] = c.experts;
            j["num_experts_per_tok"] = c.expertsUsed;
            j["moe_intermediate_size"] = c.expertWidth();
            j["norm_topk_prob"] = c.arch != "qwen2moe"; // llama.cpp's qwen2moe graph does not renormalise
            j["decoder_sparse_step"] = 1;
            j["mlp_only_layers"] = nlohmann::json::array();
            if (c.sharedExpertHidden > 0)
                j["shared_expert_intermediate_size"] = c.sharedExpertHidden;
        }
        if (c.gemma()) {
            j["query_pre_attn_scalar"] = c.hd();
            j["sliding_window"] = c.slidingWindow;
            if (c.arch == "gemma2") {
                j["attn_logit_softcapping"]
                    = c.attnSoftcap > 0 ? nlohmann::json(c.attnSoftcap) : nlohmann::json(nullptr);
                j["final_logit_softcapping"]
                    = c.finalSoftcap > 0 ? nlohmann::json(c.finalSoftcap) : nlohmann::json(nullptr);
            } else {
                j["final_logit_softcapping"]
                    = c.finalSoftcap > 0 ? nlohmann::json(c.finalSoftcap) : nlohmann::json(nullptr);
                j["attn_logit_softcapping"] = nullptr;
                j["sliding_window_pattern"] = c.slidingPattern > 0 ? c.slidingPattern : 6;
                j["rope_local_base_freq"] = c.ropeThetaLocal > 0 ? c.ropeThetaLocal : 10000.0f;
            }
        }
        return j;
    }

    /// The Hugging Face name of a layer tensor's GGUF suffix (without ".weight"/".bias").
    std::string hfLayerName(const SynthLlama& c, const std::string& suffix)
    {
        static const std::map<std::string, std::string> common { { "attn_norm", "input_layernorm" },
            { "attn_q", "self_attn.q_proj" }, { "attn_k", "self_attn.k_proj" }, { "attn_v", "self_attn.v_proj" },
            { "attn_qkv", "self_attn.qkv_proj" }, { "attn_output", "self_attn.o_proj" },
            { "attn_q_norm", "self_attn.q_norm" }, { "attn_k_norm", "self_attn.k_norm" },
            { "post_attention_norm", "post_attention_layernorm" }, { "post_ffw_norm", "post_feedforward_layernorm" },
            { "ffn_gate", "mlp.gate_proj" }, { "ffn_up", "mlp.up_proj" }, { "ffn_down", "mlp.down_proj" },
            { "ffn_gate_inp", "mlp.gate" }, { "ffn_gate_inp_shexp", "mlp.shared_expert_gate" },
            { "ffn_gate_shexp", "mlp.shared_expert.gate_proj" }, { "ffn_up_shexp", "mlp.shared_expert.up_proj" },
            { "ffn_down_shexp", "mlp.shared_expert.down_proj" } };
        if (suffix == "ffn_gate_inp" && c.mixtral())
            return "block_sparse_moe.gate";
        if (suffix == "ffn_norm")
            return c.gemma() ? "pre_feedforward_layernorm" : "post_attention_layernorm";
        if (suffix == "ffn_up" && c.arch == "phi3")
            return "mlp.gate_up_proj";
        const auto it = common.find(suffix);
        if (it == common.end())
            throw std::invalid_argument("no Hugging Face name for " + suffix);
        return it->second;
    }

    std::string bytesOf(const SynthLlama& c, const std::vector<float>& v, bool norm)
    {
        if (c.type != 1 || norm)
            return fixtures::raw(v);
        std::vector<uint16_t> h(v.size());
        for (size_t i = 0; i < v.size(); ++i)
            h[i] = toHalf(v[i]);
        return fixtures::raw(h);
    }
} // namespace

void writeSynthHf(const std::string& dir, const SynthLlama& c)
{
    std::filesystem::create_directories(dir);
    std::vector<StTensor> out;
    auto add = [&](const std::string& name, std::vector<int64_t> shape, const std::vector<float>& v, bool norm) {
        const bool half = c.type == 1 && !norm && shape.size() >= 2;
        out.push_back({ name, half ? "F16" : "F32", std::move(shape), bytesOf(c, v, !half) });
    };
    for (const auto& t : synthTensors(c)) {
        std::vector<float> v = synthValues(c, t);
        if (c.gemma() && t.norm) // GGUF stores Gemma's 1 + w, transformers w
            for (auto& x : v)
                x -= 1.0f;
        if (t.name == "token_embd.weight")
            add("model.embed_tokens.weight", t.shape, v, false);
        else if (t.name == "output.weight")
            add("lm_head.weight", t.shape, v, false);
        else if (t.name == "output_norm.weight")
            add("model.norm.weight", t.shape, v, true);
        else if (t.name == "rope_freqs.weight")
            continue; // transformers computes it from rope_scaling
        else if (t.name.starts_with("blk.")) {
            const size_t dot = t.name.find('.', 4);
            const std::string layer = t.name.substr(4, dot - 4), rest = t.name.substr(dot + 1);
            const size_t last = rest.rfind('.');
            const std::string suffix = rest.substr(0, last), kind = rest.substr(last + 1);
            const std::string prefix = "model.layers." + layer + ".";
            const int64_t rows = t.shape[0], cols = t.shape.size() > 1 ? t.shape[1] : 1;
            if (c.arch == "llama" && (suffix == "attn_q" || suffix == "attn_k"))
                v = unpermuteRows(v, rows, cols, suffix == "attn_q" ? c.heads : c.kvHeads);
            if (suffix.ends_with("_exps")) { // one tensor per expert (Mixtral: w1 gate, w3 up, w2 down)
                const std::string proj = suffix.substr(4, suffix.size() - 9); // gate, up, down
                const std::string module = c.mixtral() ? "block_sparse_moe.experts.%."
                        + std::string(proj == "gate" ? "w1"
                                : proj == "up"       ? "w3"
                                                     : "w2")
                                                       : "mlp.experts.%." + proj + "_proj";
                const size_t slot = module.find('%');
                const int64_t per = t.shape[1] * t.shape[2];
                for (int64_t e = 0; e < t.shape[0]; ++e)
                    add(prefix + module.substr(0, slot) + std::to_string(e) + module.substr(slot + 1) + ".weight",
                        { t.shape[1], t.shape[2] }, std::vector<float>(v.begin() + e * per, v.begin() + (e + 1) * per),
                        false);
                continue;
            }
            add(prefix + hfLayerName(c, suffix) + "." + kind, t.shape, v, t.norm || t.shape.size() < 2);
        } else {
            add(t.name, t.shape, v, true); // an extra tensor of a refusal test, under its own name
        }
    }
    writeFile(dir + "/model.safetensors", safetensors(out));
    std::ofstream(dir + "/config.json") << hfConfig(c).dump(2) << "\n";
}

std::vector<std::string> synthFamilies()
{
    return { "llama3", "mistral", "mixtral", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma2", "gemma3", "phi3" };
}

SynthLlama synthFamily(const std::string& f)
{
    // Small enough for the tests' forward passes, large enough that each feature moves the logits:
    // 2-3 layers 64 wide, GQA, a 320-token vocabulary (llama.cpp's SentencePiece vocabulary needs the
    // 256 byte tokens).
    SynthLlama c;
    c.layers = 2;
    c.dim = 64;
    c.hidden = 128;
    c.heads = 4;
    c.kvHeads = 2;
    c.vocab = 320;
    c.context = 256;
    c.seed = 11;
    const float tiedStd = 0.5f; // a tied head as sharp as a separate one (4/√dim)
    if (f == "llama3") {
        c.ropeScaling = "llama3";
        c.ropeTheta = 500000.0f;
        c.originalContext = 64; // the medium-frequency ramp falls inside the 16 head pairs
        c.tied = true;
        c.embedStd = tiedStd;
    } else if (f == "mistral") {
        c.hfArch = "MistralForCausalLM";
        c.slidingWindow = 4096; // configured, longer than the sequences (llama.cpp's GGUF "llama" has no window)
        c.ropeTheta = 1000000.0f;
    } else if (f == "mixtral") {
        c.hfArch = "MixtralForCausalLM";
        c.experts = 8; // GGUF "llama" with expert_count: each expert as wide as feed_forward_length
        c.expertsUsed = 2;
        c.hidden = 48;
        c.ropeTheta = 1000000.0f;
    } else if (f == "qwen2moe") {
        c.arch = "qwen2moe";
        c.qkvBias = true;
        c.experts = 8;
        c.expertsUsed = 2; // not renormalised: the weights of the two chosen experts sum to less than 1
        c.expertHidden = 32;
        c.sharedExpertHidden = 96;
        c.ropeTheta = 1000000.0f;
        c.normEps = 1e-6f;
    } else if (f == "qwen2") {
        c.arch = "qwen2";
        c.qkvBias = true;
        c.ropeTheta = 1000000.0f;
        c.normEps = 1e-6f;
    } else if (f == "qwen3") {
        c.arch = "qwen3";
        c.headDim = 32; // wider than dim / heads, as Qwen 3's are
        c.ropeTheta = 1000000.0f;
        c.normEps = 1e-6f;
        c.tied = true;
        c.embedStd = tiedStd;
    } else if (f == "qwen3moe") {
        c.arch = "qwen3moe";
        c.headDim = 32;
        c.experts = 8;
        c.expertsUsed = 2;
        c.expertHidden = 32;
        c.ropeTheta = 1000000.0f;
        c.normEps = 1e-6f;
    } else if (f == "gemma2") {
        c.arch = "gemma2";
        c.layers = 3;
        c.headDim = 32;
        c.tied = true;
        c.embedStd = tiedStd;
        c.slidingWindow = 8; // shorter than the sequences: the local layers see only the last 8 positions
        c.attnSoftcap = 5.0f; // small enough to bend the scores and logits
        c.finalSoftcap = 3.0f;
        c.normEps = 1e-6f;
    } else if (f == "gemma3") {
        c.arch = "gemma3";
        c.layers = 3;
        c.headDim = 32;
        c.tied = true;
        c.embedStd = tiedStd;
        c.slidingWindow = 8;
        c.slidingPattern = 3; // layers 0, 1 local, 2 global
        c.ropeTheta = 1000000.0f;
        c.ropeThetaLocal = 10000.0f;
        c.normEps = 1e-6f;
    } else if (f == "phi3") {
        c.arch = "phi3";
        c.kvHeads = 4; // Phi-3 mini has no GQA
        c.slidingWindow = 2047; // as Phi-3 mini 4k configures it (llama.cpp ignores it)
    } else {
        throw std::invalid_argument("unknown synthetic family '" + f + "'");
    }
    return c;
}

} // namespace fixtures

#include "synthmodel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <fstream>
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
    double uniform(uint64_t& s) { return double(splitmix(s) >> 11) * (1.0 / 9007199254740992.0); }
    /// Irwin–Hall approximation of N(0, 1): four uniforms, exact arithmetic only.
    double normal(uint64_t& s) { return (uniform(s) + uniform(s) + uniform(s) + uniform(s) - 2.0) * 1.7320508075688772; }

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

    template <typename T>
    void put(std::string& b, T v)
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
        template <typename T>
        void array(const std::string& k, uint32_t elemType, const std::vector<T>& v)
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
        kv.str("general.name", "quantlens synthetic " + a);
        kv.u32("general.file_type", c.type == 1 ? 1 : 0);
        kv.u32(a + ".vocab_size", uint32_t(c.vocab));
        kv.u32(a + ".context_length", uint32_t(c.context));
        kv.u32(a + ".embedding_length", uint32_t(c.dim));
        kv.u32(a + ".block_count", uint32_t(c.layers));
        kv.u32(a + ".feed_forward_length", uint32_t(c.hidden));
        kv.u32(a + ".attention.head_count", uint32_t(c.heads));
        kv.u32(a + ".attention.head_count_kv", uint32_t(c.kvHeads));
        kv.f32(a + ".attention.layer_norm_rms_epsilon", c.normEps);
        kv.u32(a + ".rope.dimension_count", uint32_t(c.dim / c.heads));
        kv.f32(a + ".rope.freq_base", c.ropeTheta);
        if (c.experts > 0) {
            kv.u32(a + ".expert_count", uint32_t(c.experts));
            kv.u32(a + ".expert_used_count", uint32_t(std::min(2, c.experts)));
        }
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

    uint32_t tensorType(const SynthLlama& c, const SynthTensor& t) { return t.norm || t.shape.size() < 2 ? 0 : c.type; }
    uint64_t tensorBytes(const SynthLlama& c, const SynthTensor& t)
    {
        uint64_t n = 1;
        for (auto d : t.shape)
            n *= uint64_t(d);
        return n * (tensorType(c, t) == 1 ? 2 : 4);
    }
    constexpr uint64_t kAlign = 32;
    uint64_t pad(uint64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }
} // namespace

std::vector<SynthTensor> synthTensors(const SynthLlama& c)
{
    const int64_t hd = c.dim / c.heads, kv = int64_t(c.kvHeads) * hd, q = int64_t(c.heads) * hd;
    std::vector<SynthTensor> t;
    t.push_back({ "token_embd.weight", { c.vocab, c.dim } });
    t.push_back({ "output_norm.weight", { c.dim }, true });
    if (!c.tied)
        t.push_back({ "output.weight", { c.vocab, c.dim } });
    for (int l = 0; l < c.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        t.push_back({ b + "attn_norm.weight", { c.dim }, true });
        t.push_back({ b + "attn_q.weight", { q, c.dim } });
        t.push_back({ b + "attn_k.weight", { kv, c.dim } });
        t.push_back({ b + "attn_v.weight", { kv, c.dim } });
        t.push_back({ b + "attn_output.weight", { c.dim, q } });
        t.push_back({ b + "ffn_norm.weight", { c.dim }, true });
        if (c.experts > 0) {
            t.push_back({ b + "ffn_gate_inp.weight", { c.experts, c.dim } });
            t.push_back({ b + "ffn_gate_exps.weight", { c.experts, c.hidden, c.dim } });
            t.push_back({ b + "ffn_up_exps.weight", { c.experts, c.hidden, c.dim } });
            t.push_back({ b + "ffn_down_exps.weight", { c.experts, c.dim, c.hidden } });
        } else {
            t.push_back({ b + "ffn_gate.weight", { c.hidden, c.dim } });
            t.push_back({ b + "ffn_up.weight", { c.hidden, c.dim } });
            t.push_back({ b + "ffn_down.weight", { c.dim, c.hidden } });
        }
    }
    return t;
}

std::vector<float> synthValues(const SynthLlama& c, const SynthTensor& t)
{
    size_t n = 1;
    for (auto d : t.shape)
        n *= size_t(d);
    uint64_t s = c.seed * 0x2545F4914F6CDD1Dull ^ fnv(t.name);
    std::vector<float> v(n);
    if (t.norm) {
        for (auto& x : v)
            x = float(1.0 + 0.1 * normal(s));
        return v;
    }
    const double in = double(t.shape.back());
    // Embeddings ~N(0, 1); the head sharp enough that the next-token distribution is far from uniform;
    // the other weights keep the activations' scale. One value in 64 is a 4× outlier.
    const double scale = t.name == "token_embd.weight" ? 1.0 : t.name == "output.weight" ? 4.0 / std::sqrt(in) : 1.0 / std::sqrt(in);
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

} // namespace fixtures

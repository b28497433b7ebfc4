#include "names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace ql {

std::string_view roleName(Role r)
{
    static constexpr std::array<std::string_view, 16> names { "embedding", "attn_q", "attn_k", "attn_v", "attn_qkv",
        "attn_o", "mlp_gate", "mlp_up", "mlp_down", "mlp_gate_up", "norm", "output", "conv", "dense", "bias", "other" };
    return names[size_t(r)];
}

namespace {
    std::string lower(std::string_view s)
    {
        std::string out(s);
        std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return out;
    }

    bool has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

    /// The last path component that is not a generic parameter name ("weight", "kernel:0", …).
    std::string leafModule(const std::string& s)
    {
        std::string cleaned = s;
        std::replace(cleaned.begin(), cleaned.end(), '/', '.');
        std::vector<std::string> parts;
        size_t start = 0;
        while (start <= cleaned.size()) {
            size_t dot = cleaned.find('.', start);
            if (dot == std::string::npos)
                dot = cleaned.size();
            parts.push_back(cleaned.substr(start, dot - start));
            start = dot + 1;
        }
        static const std::array<std::string_view, 10> generic { "weight", "bias", "kernel", "kernel:0", "bias:0",
            "gamma", "beta", "gamma:0", "beta:0", "scales" };
        while (parts.size() > 1
            && std::find(generic.begin(), generic.end(), std::string_view(parts.back())) != generic.end())
            parts.pop_back();
        return parts.empty() ? std::string() : parts.back();
    }
} // namespace

std::string ggufTensorName(const std::string& name)
{
    // Hand-matched rather than by std::regex, whose matcher recurses once per character (names
    // come from files and may be arbitrarily long).
    if (name == "model.embed_tokens.weight")
        return "token_embd.weight";
    if (name == "lm_head.weight")
        return "output.weight";
    if (name == "model.norm.weight")
        return "output_norm.weight";
    constexpr std::string_view prefix = "model.layers.";
    if (!name.starts_with(prefix))
        return name;
    size_t end = prefix.size();
    while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end])))
        ++end;
    if (end == prefix.size() || end >= name.size() || name[end] != '.')
        return name;
    static constexpr std::pair<std::string_view, std::string_view> suffixes[] = {
        { "self_attn.q_proj.weight", "attn_q.weight" },
        { "self_attn.k_proj.weight", "attn_k.weight" },
        { "self_attn.v_proj.weight", "attn_v.weight" },
        { "self_attn.o_proj.weight", "attn_output.weight" },
        { "mlp.gate_proj.weight", "ffn_gate.weight" },
        { "mlp.up_proj.weight", "ffn_up.weight" },
        { "mlp.down_proj.weight", "ffn_down.weight" },
        { "input_layernorm.weight", "attn_norm.weight" },
        { "post_attention_layernorm.weight", "ffn_norm.weight" },
    };
    const std::string_view rest = std::string_view(name).substr(end + 1);
    for (const auto& [hf, gguf] : suffixes)
        if (rest == hf)
            return "blk." + name.substr(prefix.size(), end - prefix.size()) + "." + std::string(gguf);
    return name;
}

int layerNumber(std::string_view name)
{
    // The number after a block container at a component boundary: "layers.3.", "blk.3.", "h.3.",
    // "block_3/" — the first such run of digits (of at most 9 digits) that ends the component.
    static constexpr std::string_view containers[] = { "layers", "layer", "blk", "h", "blocks", "block", "encoder.layer",
        "decoder.layers" };
    auto separator = [](char c) { return c == '.' || c == '/' || c == '_'; };
    for (size_t p = 0; p < name.size(); ++p) {
        if (p > 0 && !separator(name[p - 1]))
            continue;
        for (const std::string_view c : containers) {
            if (name.substr(p, c.size()) != c)
                continue;
            const size_t q = p + c.size();
            if (q >= name.size() || !separator(name[q]))
                continue;
            size_t e = q + 1;
            while (e < name.size() && std::isdigit(static_cast<unsigned char>(name[e])))
                ++e;
            if (e == q + 1 || (e < name.size() && !separator(name[e])))
                continue;
            if (e - (q + 1) > 9)
                continue; // not a block index any model has
            int v = 0;
            for (size_t k = q + 1; k < e; ++k)
                v = v * 10 + (name[k] - '0');
            return v;
        }
    }
    return -1;
}

ParsedName parseTensorName(std::string_view rawName, int ndim)
{
    ParsedName out;
    const std::string name = lower(rawName);
    out.layer = layerNumber(name);

    const bool isBias = name.ends_with("bias") || name.ends_with("bias:0") || has(name, ".bias.")
        || name.ends_with("/b") || name.ends_with(".b");
    const std::string leaf = leafModule(name);

    auto role = [&]() -> Role {
        if (has(name, "norm") || has(name, "ln_") || leaf == "ln" || has(leaf, "layernorm")
            || has(leaf, "batch_normalization") || has(leaf, "rmsnorm"))
            return Role::Norm;
        if (isBias)
            return Role::Bias;
        if (has(name, "embed") || has(name, "embd") || has(name, "wte") || has(name, "wpe") || has(name, "tok_embeddings"))
            return Role::Embedding;
        if (leaf == "lm_head" || name == "output.weight" || leaf == "output" || has(name, "classifier")
            || leaf == "head")
            return Role::OutputHead;
        if (leaf == "q_proj" || leaf == "attn_q" || leaf == "wq" || leaf == "query" || leaf == "q")
            return Role::AttnQ;
        if (leaf == "k_proj" || leaf == "attn_k" || leaf == "wk" || leaf == "key" || leaf == "k")
            return Role::AttnK;
        if (leaf == "v_proj" || leaf == "attn_v" || leaf == "wv" || leaf == "value" || leaf == "v")
            return Role::AttnV;
        if (leaf == "qkv_proj" || leaf == "attn_qkv" || leaf == "c_attn" || leaf == "query_key_value"
            || leaf == "wqkv")
            return Role::AttnQKV;
        if (leaf == "o_proj" || leaf == "attn_output" || leaf == "wo" || leaf == "out_proj"
            || (leaf == "dense" && has(name, "attention")) || (leaf == "c_proj" && has(name, "attn")))
            return Role::AttnO;
        // A mixture of experts: the router (llama.cpp's ffn_gate_inp, transformers' mlp.gate or
        // block_sparse_moe.gate) is a plain linear layer; the experts (3-D ffn_*_exps, or one tensor per
        // expert) have their projection's role.
        if (leaf == "ffn_gate_inp" || leaf == "gate")
            return Role::Dense;
        if (leaf == "ffn_gate_exps")
            return Role::MlpGate;
        if (leaf == "ffn_up_exps")
            return Role::MlpUp;
        if (leaf == "ffn_down_exps")
            return Role::MlpDown;
        if (leaf == "ffn_gate_up_exps")
            return Role::MlpGateUp;
        // Qwen 2 MoE's shared expert (llama.cpp's ffn_*_shexp; transformers' mlp.shared_expert.*_proj): an MLP.
        if (leaf == "ffn_gate_shexp")
            return Role::MlpGate;
        if (leaf == "ffn_up_shexp")
            return Role::MlpUp;
        if (leaf == "ffn_down_shexp")
            return Role::MlpDown;
        if (leaf == "gate_proj" || leaf == "ffn_gate" || leaf == "w1")
            return Role::MlpGate;
        if (leaf == "up_proj" || leaf == "ffn_up" || leaf == "w3" || leaf == "c_fc" || leaf == "fc1"
            || leaf == "dense_h_to_4h")
            return Role::MlpUp;
        if (leaf == "down_proj" || leaf == "ffn_down" || leaf == "w2" || (leaf == "c_proj" && has(name, "mlp"))
            || leaf == "fc2" || leaf == "dense_4h_to_h")
            return Role::MlpDown;
        if (leaf == "gate_up_proj" || leaf == "ffn_gate_up")
            return Role::MlpGateUp;
        if (has(leaf, "conv"))
            return Role::Conv;
        return ndim >= 2 ? Role::Dense : Role::Other;
    };
    out.role = role();
    if (out.role == Role::Dense && ndim >= 3)
        out.role = Role::Conv;
    return out;
}

} // namespace ql

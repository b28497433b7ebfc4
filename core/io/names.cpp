#include "names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

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
    static const std::pair<std::regex, std::string> rules[] = {
        { std::regex(R"(^model\.embed_tokens\.weight$)"), "token_embd.weight" },
        { std::regex(R"(^lm_head\.weight$)"), "output.weight" },
        { std::regex(R"(^model\.norm\.weight$)"), "output_norm.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.self_attn\.q_proj\.weight$)"), "blk.$1.attn_q.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.self_attn\.k_proj\.weight$)"), "blk.$1.attn_k.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.self_attn\.v_proj\.weight$)"), "blk.$1.attn_v.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.self_attn\.o_proj\.weight$)"), "blk.$1.attn_output.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.mlp\.gate_proj\.weight$)"), "blk.$1.ffn_gate.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.mlp\.up_proj\.weight$)"), "blk.$1.ffn_up.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.mlp\.down_proj\.weight$)"), "blk.$1.ffn_down.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.input_layernorm\.weight$)"), "blk.$1.attn_norm.weight" },
        { std::regex(R"(^model\.layers\.(\d+)\.post_attention_layernorm\.weight$)"), "blk.$1.ffn_norm.weight" },
    };
    for (const auto& [re, out] : rules)
        if (std::regex_search(name, re))
            return std::regex_replace(name, re, out);
    return name;
}

ParsedName parseTensorName(std::string_view rawName, int ndim)
{
    ParsedName out;
    const std::string name = lower(rawName);

    // Layer index: the number after a block container ("layers.3.", "blk.3.", "h.3.", "block_3/").
    static const std::regex layerRe(
        R"((?:^|[./_])(?:layers|layer|blk|h|blocks|block|encoder\.layer|decoder\.layers)[._/](\d+)(?:[./_]|$))");
    std::smatch m;
    if (std::regex_search(name, m, layerRe))
        out.layer = std::stoi(m[1].str());

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
        if (leaf == "gate_proj" || leaf == "ffn_gate" || leaf == "w1" || leaf == "gate")
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

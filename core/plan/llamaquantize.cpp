#include "llamaquantize.h"

#include "export.h"

#include "core/io/ggmltypes.h"
#include "core/io/names.h"
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>

namespace ql {

namespace {
    // llama_ftype values of the release.
    namespace ft {
        constexpr int F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q8_0 = 7, Q5_0 = 8, Q5_1 = 9, Q2_K = 10, Q3_K_S = 11,
                      Q3_K_M = 12, Q3_K_L = 13, Q4_K_S = 14, Q4_K_M = 15, Q5_K_S = 16, Q5_K_M = 17, Q6_K = 18,
                      IQ2_XXS = 19, IQ2_XS = 20, Q2_K_S = 21, IQ3_XS = 22, IQ3_XXS = 23, IQ1_S = 24, IQ4_NL = 25,
                      IQ3_S = 26, IQ3_M = 27, IQ2_S = 28, IQ2_M = 29, IQ4_XS = 30, IQ1_M = 31, BF16 = 32, TQ1_0 = 36,
                      TQ2_0 = 37, MXFP4_MOE = 38, Q1_0 = 40, Q2_0 = 41;
    }

    // llama-quantize's FTYPE names in the order it lists (and searches) them; COPY copies every
    // tensor unchanged. Default types as llama_ftype_get_default_type gives them.
    constexpr std::array<LlamaFtype, 39> kFtypes { {
        { "Q1_0", ft::Q1_0, ggml::Q1_0 },
        { "Q2_0", ft::Q2_0, ggml::Q2_0 },
        { "Q4_0", ft::Q4_0, ggml::Q4_0 },
        { "Q4_1", ft::Q4_1, ggml::Q4_1 },
        { "MXFP4_MOE", ft::MXFP4_MOE, ggml::MXFP4 },
        { "Q5_0", ft::Q5_0, ggml::Q5_0 },
        { "Q5_1", ft::Q5_1, ggml::Q5_1 },
        { "IQ2_XXS", ft::IQ2_XXS, ggml::IQ2_XXS },
        { "IQ2_XS", ft::IQ2_XS, ggml::IQ2_XS },
        { "IQ2_S", ft::IQ2_S, ggml::IQ2_XS },
        { "IQ2_M", ft::IQ2_M, ggml::IQ2_S },
        { "IQ1_S", ft::IQ1_S, ggml::IQ1_S },
        { "IQ1_M", ft::IQ1_M, ggml::IQ1_M },
        { "TQ1_0", ft::TQ1_0, ggml::TQ1_0 },
        { "TQ2_0", ft::TQ2_0, ggml::TQ2_0 },
        { "Q2_K", ft::Q2_K, ggml::Q2_K },
        { "Q2_K_S", ft::Q2_K_S, ggml::Q2_K },
        { "IQ3_XXS", ft::IQ3_XXS, ggml::IQ3_XXS },
        { "IQ3_S", ft::IQ3_S, ggml::IQ3_S },
        { "IQ3_M", ft::IQ3_M, ggml::IQ3_S },
        { "Q3_K", ft::Q3_K_M, ggml::Q3_K },
        { "IQ3_XS", ft::IQ3_XS, ggml::IQ3_S },
        { "Q3_K_S", ft::Q3_K_S, ggml::Q3_K },
        { "Q3_K_M", ft::Q3_K_M, ggml::Q3_K },
        { "Q3_K_L", ft::Q3_K_L, ggml::Q3_K },
        { "IQ4_NL", ft::IQ4_NL, ggml::IQ4_NL },
        { "IQ4_XS", ft::IQ4_XS, ggml::IQ4_XS },
        { "Q4_K", ft::Q4_K_M, ggml::Q4_K },
        { "Q4_K_S", ft::Q4_K_S, ggml::Q4_K },
        { "Q4_K_M", ft::Q4_K_M, ggml::Q4_K },
        { "Q5_K", ft::Q5_K_M, ggml::Q5_K },
        { "Q5_K_S", ft::Q5_K_S, ggml::Q5_K },
        { "Q5_K_M", ft::Q5_K_M, ggml::Q5_K },
        { "Q6_K", ft::Q6_K, ggml::Q6_K },
        { "Q8_0", ft::Q8_0, ggml::Q8_0 },
        { "F16", ft::F16, ggml::F16 },
        { "BF16", ft::BF16, ggml::BF16 },
        { "F32", ft::F32, ggml::F32 },
        { "COPY", ft::F32, ggml::F32 },
    } };

    std::string upper(std::string_view s)
    {
        std::string out(s);
        for (auto& c : out)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        return out;
    }
    std::string lower(std::string_view s)
    {
        std::string out(s);
        for (auto& c : out)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }

    uint32_t blockSize(uint32_t type) { return uint32_t(ggmlType(type).value_or(GgmlTypeInfo {}).blockSize); }
    bool isQuantized(uint32_t type) { return ggmlType(type).value_or(GgmlTypeInfo {}).quantized; }
    std::string typeName(uint32_t type) { return std::string(ggmlType(type).value_or(GgmlTypeInfo {}).name); }

    /// The broad tensor categories llama-quantize's rules are written for.
    enum class Cat { TokenEmbd, AttnQ, AttnV, AttnK, AttnQkv, AttnKvB, AttnOutput, FfnUp, FfnGate, FfnDown, Output, Other };

    bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

    bool isTokenEmbd(const std::string& n) { return n == "token_embd.weight" || n == "per_layer_token_embd.weight"; }

    Cat categoryOf(const std::string& n)
    {
        if (n == "output.weight")
            return Cat::Output;
        if (isTokenEmbd(n))
            return Cat::TokenEmbd;
        static const std::pair<std::string_view, Cat> bySubstring[] = {
            { "attn_qkv.weight", Cat::AttnQkv },
            { "attn_kv_b.weight", Cat::AttnKvB },
            { "attn_v.weight", Cat::AttnV },
            { "attn_k.weight", Cat::AttnK },
            { "attn_q.weight", Cat::AttnQ },
            { "attn_output.weight", Cat::AttnOutput },
            { "ffn_up", Cat::FfnUp },
            { "ffn_gate", Cat::FfnGate },
            { "ffn_down", Cat::FfnDown },
        };
        for (const auto& [needle, cat] : bySubstring)
            if (contains(n, needle))
                return cat;
        return Cat::Other;
    }
    bool isAttnVLike(Cat c) { return c == Cat::AttnV || c == Cat::AttnQkv || c == Cat::AttnKvB; }

    /// Tensors llama-quantize never converts (they keep their stored type).
    bool allowsQuantization(const std::string& n, int dims, const LlamaQuantizeOptions& o, bool copyOnly)
    {
        if (copyOnly || dims < 2 || !n.ends_with("weight") || contains(n, "_norm.weight"))
            return false;
        if (o.leaveOutputTensor && n == "output.weight")
            return false;
        if (n == "position_embd.weight" || n == "token_types.weight")
            return false;
        static const std::string_view never[] = { "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel",
            "per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight", "indexer.k_proj.weight", "indexer.q_proj.weight",
            "time_mix_first.weight", "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight",
            "time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight", "time_mix_a2.weight",
            "time_mix_g1.weight", "time_mix_g2.weight", "time_mix_decay_w1.weight", "time_mix_decay_w2.weight",
            "time_mix_lerp_fused.weight", "attn_rel_b.weight", ".position_embd", "sam.pos_embd", "sam.neck.", "sam.net_",
            ".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook", "mm.a.code_embd" };
        for (auto s : never)
            if (contains(n, s))
                return false;
        return true;
    }

    /// The layer index of "blk.N." names, read as sscanf("blk.%d.") reads it; -1 otherwise.
    int blockIndex(const std::string& n)
    {
        if (!n.starts_with("blk."))
            return -1;
        size_t i = 4;
        while (i < n.size() && std::isspace(static_cast<unsigned char>(n[i])))
            ++i;
        bool neg = false;
        if (i < n.size() && (n[i] == '-' || n[i] == '+'))
            neg = n[i++] == '-';
        if (i >= n.size() || !std::isdigit(static_cast<unsigned char>(n[i])))
            return -1;
        long long v = 0;
        while (i < n.size() && std::isdigit(static_cast<unsigned char>(n[i])) && v < (1LL << 40))
            v = v * 10 + (n[i++] - '0');
        v = std::min<long long>(v, (1LL << 31) - 1);
        return int(neg ? -v : v);
    }

    bool isIq2Family(int f)
    {
        return f == ft::IQ2_XXS || f == ft::IQ2_XS || f == ft::IQ1_S || f == ft::IQ2_S || f == ft::IQ2_M || f == ft::IQ1_M;
    }

    /// The hyper-parameters llama-quantize's rules read, and the counters it keeps while it walks the tensors.
    struct State {
        std::string arch;
        int layers = 0, heads = 0, kvHeads = 0, experts = 0;
        bool is70B = false, tied = true, imatrix = false;
        int ftype = 0;
        std::optional<uint32_t> outputType, embdType;
        int nAttnV = 0, iAttnV = 0, iFfnDown = 0, iFfnGate = 0, iFfnUp = 0;
        int gqa() const { return kvHeads == 0 ? 0 : heads / kvHeads; }
    };

    bool useMoreBits(int i, int n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

    /// The layer a mixture rule uses: the counter, or with experts the name's block index.
    int ruleLayer(const State& s, int counter, const std::string& name)
    {
        if (std::max(1, s.experts) <= 1)
            return counter;
        const int l = blockIndex(name);
        if (l < 0 || l >= s.layers)
            throw Error(ErrorCode::Unsupported, {}, { "llama-quantize cannot place tensor '" + name + "' in a layer (it stops there)" });
        return l;
    }

    /// The ftype's mixture rules for one tensor (llama-quantize applies them unless --pure or an override).
    uint32_t mixtureType(State& s, uint32_t t, const std::string& name, Cat cat, int64_t ne0, int64_t ne2)
    {
        const int f = s.ftype;
        if (cat == Cat::Output || (s.tied && cat == Cat::TokenEmbd)) {
            if (s.outputType)
                return *s.outputType;
            if (f == ft::MXFP4_MOE || s.arch == "falcon" || ne0 % blockSize(t) != 0)
                return ggml::Q8_0;
            if (f == ft::IQ2_XXS || f == ft::IQ2_XS || f == ft::IQ3_XXS || f == ft::IQ1_S || f == ft::IQ2_S || f == ft::IQ2_M
                || f == ft::IQ1_M)
                return ggml::Q5_K;
            return t != ggml::Q8_0 ? ggml::Q6_K : t;
        }
        if (f == ft::MXFP4_MOE) {
            const bool bailingExpert = cat == Cat::FfnUp || cat == Cat::FfnGate || cat == Cat::FfnDown;
            return ne2 > 1 && (s.arch != "bailingmoe3" || bailingExpert) ? ggml::MXFP4 : ggml::Q8_0;
        }
        if (cat == Cat::TokenEmbd) {
            if (s.embdType)
                return *s.embdType;
            if (f == ft::IQ2_XXS || f == ft::IQ2_XS || f == ft::IQ1_S || f == ft::IQ1_M)
                return ggml::Q2_K;
            if (f == ft::IQ2_S || f == ft::IQ2_M || f == ft::IQ3_XXS)
                return ggml::IQ3_S;
            if (f == ft::TQ1_0 || f == ft::TQ2_0 || f == ft::Q2_0)
                return ggml::Q4_K;
            return t;
        }
        const bool iq2s = f == ft::IQ2_S || f == ft::IQ2_M;
        if (isIq2Family(f)) {
            if (isAttnVLike(cat)) {
                t = s.gqa() >= 4 || s.experts >= 4 ? ggml::Q4_K : iq2s ? ggml::IQ3_S : ggml::Q2_K;
                ++s.iAttnV;
            } else if (s.experts == 8 && cat == Cat::AttnK) {
                t = ggml::Q4_K;
            } else if (cat == Cat::FfnDown) {
                if (s.iFfnDown < s.layers / 8)
                    t = iq2s ? ggml::IQ3_S : ggml::Q2_K;
                ++s.iFfnDown;
            } else if (cat == Cat::AttnOutput) {
                if (s.experts == 8)
                    t = ggml::Q5_K;
                else if (f == ft::IQ1_S || f == ft::IQ1_M)
                    t = ggml::IQ2_XXS;
                else if (iq2s)
                    t = ggml::IQ3_S;
            }
            return t;
        }
        if (isAttnVLike(cat)) {
            const int g = s.gqa();
            if (f == ft::Q2_K)
                t = g >= 4 ? ggml::Q4_K : ggml::Q3_K;
            else if (f == ft::Q2_K_S && g >= 4)
                t = ggml::Q4_K;
            else if (f == ft::IQ3_XXS)
                t = g >= 4 ? ggml::Q4_K : !s.imatrix ? ggml::IQ3_S : ggml::IQ3_XXS;
            else if ((f == ft::IQ3_XS || f == ft::IQ3_S) && g >= 4)
                t = ggml::Q4_K;
            else if (f == ft::IQ3_M)
                t = ggml::Q4_K;
            else if (f == ft::Q3_K_M)
                t = s.iAttnV < 2 ? ggml::Q5_K : ggml::Q4_K;
            else if (f == ft::Q3_K_L)
                t = ggml::Q5_K;
            else if ((f == ft::IQ4_NL || f == ft::IQ4_XS) && g >= 4)
                t = ggml::Q5_K;
            else if ((f == ft::Q4_K_M || f == ft::Q5_K_M) && useMoreBits(s.iAttnV, s.nAttnV))
                t = ggml::Q6_K;
            else if (f == ft::Q4_K_S && s.iAttnV < 4)
                t = ggml::Q5_K;
            // 70B: attn_v is 8× smaller than attn_q (eight heads share it), so more bits cost little.
            if (s.is70B && (t == ggml::Q3_K || t == ggml::Q4_K))
                t = ggml::Q5_K;
            if (s.experts == 8)
                t = ggml::Q8_0;
            ++s.iAttnV;
            return t;
        }
        switch (cat) {
        case Cat::AttnK:
            if (s.experts == 8)
                return ggml::Q8_0;
            if (f == ft::IQ3_XS)
                return ggml::IQ3_XXS;
            if (f == ft::IQ3_XXS)
                return ggml::IQ2_S;
            return t;
        case Cat::AttnQ:
            if (f == ft::IQ3_XS)
                return ggml::IQ3_XXS;
            if (f == ft::IQ3_XXS)
                return ggml::IQ2_S;
            return t;
        case Cat::FfnDown: {
            const int i = ruleLayer(s, s.iFfnDown, name), n = s.layers;
            const bool falcon = s.arch == "falcon";
            if (f == ft::Q2_K)
                t = ggml::Q3_K;
            else if (f == ft::Q2_K_S) {
                if (i < n / 8)
                    t = ggml::Q4_K;
            } else if (f == ft::IQ3_XXS && !s.imatrix)
                t = i < n / 8 ? ggml::Q4_K : ggml::Q3_K;
            else if (f == ft::Q3_K_M)
                t = i < n / 16 ? ggml::Q5_K : !falcon || useMoreBits(i, n) ? ggml::Q4_K : ggml::Q3_K;
            else if (f == ft::IQ3_M && (i < n / 8 || (s.experts == 8 && useMoreBits(i, n))))
                t = ggml::Q4_K;
            else if (f == ft::Q3_K_L)
                t = falcon ? ggml::Q4_K : ggml::Q5_K;
            else if (f == ft::Q4_K_M) {
                if (falcon)
                    t = i < n / 16 ? ggml::Q6_K : useMoreBits(i, n) ? ggml::Q5_K : ggml::Q4_K;
                else if (useMoreBits(i, n))
                    t = ggml::Q6_K;
            } else if (i < n / 8 && (f == ft::IQ4_NL || f == ft::IQ4_XS) && !s.imatrix)
                t = ggml::Q5_K;
            else if (f == ft::Q5_K_M && useMoreBits(i, n))
                t = ggml::Q6_K;
            else if (f == ft::Q4_K_S && !falcon && i < n / 8)
                t = ggml::Q5_K;
            else if ((f == ft::Q4_0 || f == ft::Q5_0) && s.imatrix && i < n / 8)
                t = f == ft::Q4_0 ? ggml::Q4_1 : ggml::Q5_1; // first ffn_down layers misbehave with Q4_0/Q5_0 even with an imatrix
            ++s.iFfnDown;
            return t;
        }
        case Cat::AttnOutput:
            if (s.arch == "falcon")
                return f == ft::Q3_K_L ? ggml::Q4_K : t;
            if (s.experts == 8) {
                static const int bump[] = { ft::Q2_K, ft::IQ3_XS, ft::IQ3_XXS, ft::Q3_K_S, ft::Q3_K_M, ft::IQ4_NL, ft::Q4_K_S,
                    ft::Q4_K_M, ft::IQ3_S, ft::IQ3_M, ft::IQ4_XS };
                return std::find(std::begin(bump), std::end(bump), f) != std::end(bump) ? ggml::Q5_K : t;
            }
            if (f == ft::Q2_K)
                return ggml::Q3_K;
            if (f == ft::IQ3_XXS)
                return ggml::IQ3_S;
            if (f == ft::Q3_K_M || f == ft::IQ3_M)
                return ggml::Q4_K;
            if (f == ft::Q3_K_L)
                return ggml::Q5_K;
            return t;
        case Cat::FfnGate:
        case Cat::FfnUp: {
            int& counter = cat == Cat::FfnGate ? s.iFfnGate : s.iFfnUp;
            const int i = ruleLayer(s, counter, name), n = s.layers;
            if (f == ft::IQ3_XS && i >= n / 8 && i < 7 * n / 8)
                t = ggml::IQ3_XXS;
            ++counter;
            return t;
        }
        default: return t;
        }
    }

    bool requiresImatrix(const std::string& name, uint32_t type, int ftype)
    {
        if (isTokenEmbd(name) || name == "output.weight")
            return false;
        switch (type) {
        case ggml::IQ3_XXS:
        case ggml::IQ2_XXS:
        case ggml::IQ2_XS:
        case ggml::IQ2_S:
        case ggml::IQ1_M:
        case ggml::IQ1_S: return true;
        case ggml::Q2_K: return ftype == ft::Q2_K_S; // the one k-quant that needs it: Q2_K in a Q2_K_S file
        default: return false;
        }
    }

    /// ggml's type id of a stored tensor (other safetensors types are converted to F32 by convert_hf_to_gguf).
    uint32_t storedType(const TensorInfo& t) { return ggmlTypeOfDType(t.dtype).value_or(ggml::F32); }

    int intOf(const nlohmann::ordered_json& v, int fallback)
    {
        if (v.is_number_integer() || v.is_number_unsigned())
            return v.get<int>();
        if (v.is_array() && !v.empty() && (v[0].is_number_integer() || v[0].is_number_unsigned()))
            return v[0].get<int>();
        return fallback;
    }

    /// llama.cpp's architecture name of a Hugging Face `architectures` entry.
    std::string archOfHf(const std::string& hf)
    {
        static const std::pair<std::string_view, std::string_view> map[] = { { "LlamaForCausalLM", "llama" },
            { "MistralForCausalLM", "llama" }, { "Qwen2ForCausalLM", "qwen2" }, { "Qwen3ForCausalLM", "qwen3" },
            { "Qwen3MoeForCausalLM", "qwen3moe" }, { "Qwen2MoeForCausalLM", "qwen2moe" }, { "Gemma2ForCausalLM", "gemma2" },
            { "Gemma3ForCausalLM", "gemma3" }, { "Phi3ForCausalLM", "phi3" }, { "MixtralForCausalLM", "llama" } };
        for (const auto& [k, v] : map)
            if (hf == k)
                return std::string(v);
        return {};
    }

    void readHyperParameters(const Model& model, State& s)
    {
        const auto& md = model.metadata;
        if (model.format == Format::Gguf) {
            s.arch = md.value("general.architecture", std::string());
            if (s.arch.empty())
                throw Error(ErrorCode::Unsupported, model.path, { "llama-quantize on a GGUF without general.architecture" });
            auto key = [&](const std::string& k) -> const nlohmann::ordered_json& {
                static const nlohmann::ordered_json none;
                const std::string full = s.arch + "." + k;
                return md.contains(full) ? md[full] : none;
            };
            s.layers = intOf(key("block_count"), 0);
            s.heads = intOf(key("attention.head_count"), 0);
            s.kvHeads = intOf(key("attention.head_count_kv"), s.heads);
            s.experts = intOf(key("expert_count"), 0);
        } else {
            if (!md.contains("config") || !md["config"].is_object())
                throw Error(ErrorCode::Unsupported, model.path,
                    { "llama-quantize's choices need the model's hyper-parameters: no GGUF metadata and no config.json beside the checkpoint" });
            const auto& c = md["config"];
            if (c.contains("architectures") && c["architectures"].is_array() && !c["architectures"].empty()
                && c["architectures"][0].is_string())
                s.arch = archOfHf(c["architectures"][0].get<std::string>());
            if (s.arch.empty())
                s.arch = "llama";
            s.layers = intOf(c.value("num_hidden_layers", nlohmann::ordered_json()), 0);
            s.heads = intOf(c.value("num_attention_heads", nlohmann::ordered_json()), 0);
            s.kvHeads = intOf(c.value("num_key_value_heads", nlohmann::ordered_json()), s.heads);
            s.experts = intOf(c.value("num_local_experts", c.value("num_experts", nlohmann::ordered_json())), 0);
        }
        if (s.layers <= 0)
            throw Error(ErrorCode::BadHeader, model.path, { "the number of layers (block_count) is missing or not positive" });
        // Only the 70B type changes a rule (attn_v); llama.cpp infers it from the layer count.
        if (s.arch == "llama")
            s.is70B = s.experts != 8 && s.layers == 80 && s.heads != s.kvHeads;
        else if (s.arch == "qwen2" || s.arch == "deci" || s.arch == "olmo")
            s.is70B = s.layers == 80;
        else if (s.arch == "jais2")
            s.is70B = s.layers == 68;
    }

    struct Item {
        const TensorInfo* info;
        std::string gguf;
        int dims = 0;
        int64_t ne0 = 0, ne2 = 1;
    };

    /// ggml's dimensions of a tensor: ne[0] is the innermost axis; trailing 1s do not count as dimensions.
    Item itemOf(const TensorInfo& t, bool gguf)
    {
        Item it { &t, gguf ? t.name : ggufTensorName(t.name) };
        std::vector<int64_t> ne(t.shape.rbegin(), t.shape.rend());
        it.ne0 = ne.empty() ? 1 : ne[0];
        it.ne2 = ne.size() > 2 ? ne[2] : 1;
        it.dims = 1;
        for (size_t i = ne.size(); i-- > 1;)
            if (ne[i] > 1) {
                it.dims = int(i) + 1;
                break;
            }
        return it;
    }

    /// llama.cpp's tensor order when it quantizes: by block index (non-block tensors first), then name.
    bool loaderOrder(const Item& a, const Item& b)
    {
        const int la = blockIndex(a.gguf), lb = blockIndex(b.gguf);
        return la != lb ? la < lb : a.gguf < b.gguf;
    }
} // namespace

namespace {
    /// The mix an alias stands for under its own name (Q4_K → Q4_K_M): what the file type is called.
    LlamaFtype canonicalFtype(const LlamaFtype& f)
    {
        for (const auto& g : kFtypes)
            if (g.id == f.id && g.name.size() > f.name.size() && g.name.starts_with(f.name))
                return g;
        return f;
    }
} // namespace

LlamaFtype llamaFtype(std::string_view name)
{
    const std::string u = upper(name);
    for (const auto& f : kFtypes)
        if (f.id >= 0 && u == f.name)
            return canonicalFtype(f);
    char* end = nullptr;
    const long v = std::strtol(u.c_str(), &end, 10);
    if (!u.empty() && end && *end == '\0')
        for (const auto& f : kFtypes)
            if (f.id >= 0 && f.id == v)
                return canonicalFtype(f);
    std::string names;
    for (const auto& n : llamaFtypeNames())
        names += (names.empty() ? "" : ", ") + n;
    throw Error(ErrorCode::BadSpec, {}, { std::string(name), "not a llama-quantize file type", "File types: " + names + "." });
}

std::vector<std::string> llamaFtypeNames()
{
    std::vector<std::string> out;
    for (const auto& f : kFtypes)
        if (f.id >= 0)
            out.emplace_back(f.name);
    return out;
}

std::vector<std::string> llamaPresetFtypes()
{
    std::vector<std::string> out;
    for (const auto& f : kFtypes) {
        if (f.id < 0 || f.name == "COPY" || f.name == "F32" || f.name == "Q3_K" || f.name == "Q4_K" || f.name == "Q5_K")
            continue;
        if (!specForGgmlType(f.defaultType).empty())
            out.emplace_back(f.name);
    }
    return out;
}

std::string_view llamaTypeReasonName(LlamaTypeReason r)
{
    switch (r) {
    case LlamaTypeReason::Kept: return "kept";
    case LlamaTypeReason::Default: return "default";
    case LlamaTypeReason::Mixture: return "mixture";
    case LlamaTypeReason::Override: return "override";
    case LlamaTypeReason::OutputTensorType: return "output-tensor-type";
    case LlamaTypeReason::TokenEmbeddingType: return "token-embedding-type";
    }
    return "";
}

LlamaTypeOverride parseLlamaTypeOverride(const std::string& word, const std::string& source)
{
    const size_t eq = word.find('=');
    auto fail = [&](const std::string& why) -> LlamaTypeOverride {
        throw Error(ErrorCode::BadSpec, source, { word, why, "A tensor-type word is PATTERN=TYPE with TYPE one of " + ggmlWritableTypeNames() + "." });
    };
    if (eq == std::string::npos)
        return fail("llama-quantize rejects it: it has no '='");
    if (eq == 0)
        return fail("llama-quantize rejects it: the tensor name is missing");
    if (eq + 1 == word.size())
        return fail("llama-quantize rejects it: the type is missing");
    const auto type = ggmlTypeByName(std::string_view(word).substr(eq + 1));
    if (!type)
        return fail("llama-quantize rejects it: '" + word.substr(eq + 1) + "' is not a ggml type");
    if (!type->writable)
        return fail("llama-quantize accepts the name but cannot write tensors of type " + std::string(type->name));
    LlamaTypeOverride o { lower(word.substr(0, eq)), type->id };
    try {
        std::regex test(o.pattern);
    } catch (const std::regex_error&) {
        return fail("llama-quantize stops on it: '" + o.pattern + "' is not a valid regular expression");
    }
    return o;
}

std::vector<LlamaTypeOverride> readLlamaTypeOverrides(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the tensor-type file" });
    std::vector<LlamaTypeOverride> out;
    std::string word;
    while (in >> word) // llama-quantize reads whitespace-separated words: no comments, no quoting
        out.push_back(parseLlamaTypeOverride(word, path));
    return out;
}

LlamaQuantizeResult llamaQuantizeTypes(const Model& model, const LlamaQuantizeOptions& o)
{
    LlamaQuantizeResult res;
    res.ftype = llamaFtype(o.ftype);
    const bool copyOnly = res.ftype.name == "COPY";
    State s;
    readHyperParameters(model, s);
    s.ftype = res.ftype.id;
    s.imatrix = o.imatrix;
    s.outputType = o.outputTensorType;
    s.embdType = o.tokenEmbeddingType;
    res.arch = s.arch;
    res.layers = s.layers;
    res.heads = s.heads;
    res.kvHeads = s.kvHeads;
    res.experts = s.experts;
    res.is70B = s.is70B;

    const bool gguf = model.format == Format::Gguf;
    std::vector<Item> items;
    for (const auto& t : model.tensors)
        if (!t.optimizerState)
            items.push_back(itemOf(t, gguf));
    std::stable_sort(items.begin(), items.end(), loaderOrder);
    for (const auto& it : items) {
        if (isAttnVLike(categoryOf(it.gguf)))
            ++s.nAttnV;
        if (categoryOf(it.gguf) == Cat::Output)
            s.tied = false;
    }
    std::vector<std::pair<std::regex, uint32_t>> patterns;
    for (const auto& ov : o.overrides)
        patterns.emplace_back(std::regex(ov.pattern), ov.type);
    auto matching = [&](const std::string& name) -> const LlamaTypeOverride* {
        for (size_t i = 0; i < patterns.size(); ++i)
            if (std::regex_search(name, patterns[i].first))
                return &o.overrides[i];
        return nullptr;
    };

    const uint32_t def = res.ftype.defaultType;
    for (const auto& it : items) {
        LlamaTensorType r;
        r.name = it.info->name;
        r.ggufName = it.gguf;
        r.parameters = it.info->parameters;
        r.rowLength = it.ne0;
        r.dims = it.dims;
        r.experts = it.ne2;
        // A checkpoint's 1-D tensors become F32 when convert_hf_to_gguf writes the GGUF llama-quantize reads.
        r.sourceType = !gguf && it.dims < 2 ? ggml::F32 : storedType(*it.info);
        r.type = r.sourceType;
        r.reason = LlamaTypeReason::Kept;
        const Cat cat = categoryOf(it.gguf);
        if (allowsQuantization(it.gguf, it.dims, o, copyOnly)) {
            if (o.tokenEmbeddingType && cat == Cat::TokenEmbd && !(it.gguf == "per_layer_token_embd.weight" && matching(it.gguf))) {
                r.type = *o.tokenEmbeddingType;
                r.reason = LlamaTypeReason::TokenEmbeddingType;
            } else if (o.outputTensorType && cat == Cat::Output) {
                r.type = *o.outputTensorType;
                r.reason = LlamaTypeReason::OutputTensorType;
            } else {
                r.type = def;
                r.reason = LlamaTypeReason::Default;
                // Overrides, mixtures and fallbacks apply only when the ftype's default is a quantized type.
                if (isQuantized(def)) {
                    if (const auto* m = matching(it.gguf)) {
                        r.type = m->type;
                        r.reason = LlamaTypeReason::Override;
                        r.pattern = m->pattern;
                    } else if (!o.pure) {
                        r.type = mixtureType(s, def, it.gguf, cat, it.ne0, it.ne2);
                        if (r.type != def)
                            r.reason = LlamaTypeReason::Mixture;
                    }
                    const uint32_t fb = llamaFallbackType(r.type, it.ne0);
                    if (fb != r.type) {
                        r.fallbackFrom = r.type;
                        r.type = fb;
                    }
                }
            }
            r.requiresImatrix = requiresImatrix(it.gguf, r.type, s.ftype);
            if (r.requiresImatrix && !o.imatrix && !o.dryRun)
                throw Error(ErrorCode::Unsupported, model.path,
                    { "llama-quantize stops here: tensor '" + it.gguf + "' would be " + typeName(r.type)
                        + ", which needs an importance matrix (give one with --imatrix, or --calib in QuantLens)" });
            if (r.type != r.sourceType && isQuantized(r.sourceType) && !o.allowRequantize)
                throw Error(ErrorCode::Unsupported, model.path,
                    { "llama-quantize stops here: tensor '" + it.gguf + "' is already " + typeName(r.sourceType)
                        + " and requantizing is disabled (--allow-requantize)" });
        }
        const auto info = ggmlType(r.type).value_or(GgmlTypeInfo {});
        if (info.blockSize > 0 && r.rowLength % info.blockSize == 0)
            res.bytes += uint64_t(r.parameters / info.blockSize) * uint64_t(info.typeSize);
        res.tensors.push_back(std::move(r));
    }
    return res;
}

void checkImatrixMatches(const LlamaQuantizeResult& result, const CalibrationStore& imatrix, const std::string& path)
{
    int64_t converted = 0, found = 0;
    for (const auto& t : result.tensors) {
        if (t.reason == LlamaTypeReason::Kept || t.type == t.sourceType)
            continue;
        ++converted;
        const CalibrationEntry* e = imatrix.find(t.ggufName);
        if (!e)
            e = imatrix.find(t.name);
        if (!e)
            continue;
        ++found;
        const int64_t width = e->in > 0 ? e->in : int64_t(e->meanSq.size());
        // llama.cpp keeps one importance vector per expert of a 3-D tensor: ne0 × experts values.
        if (width != t.rowLength * t.experts && !isTokenEmbd(t.ggufName))
            throw Error(ErrorCode::Unsupported, path,
                { "this importance matrix was made for another model: it has " + std::to_string(width) + " values for tensor '"
                    + t.ggufName + "', whose rows hold " + std::to_string(t.rowLength) });
    }
    if (converted > 0 && found == 0)
        throw Error(ErrorCode::Unsupported, path, { "this importance matrix was made for another model: it names none of the tensors to quantize" });
}

namespace {
    std::string reasonText(const LlamaTensorType& t)
    {
        std::string r(llamaTypeReasonName(t.reason));
        if (t.reason == LlamaTypeReason::Override)
            r += ":" + t.pattern;
        if (t.fallbackFrom)
            r += ";fallback:" + typeName(*t.fallbackFrom);
        return r;
    }

    PlanEntry entryFor(const std::string& name, int64_t parameters, int64_t rowLength, uint32_t type, const std::string& path)
    {
        PlanEntry e;
        e.name = name;
        e.parameters = parameters;
        e.rowLength = rowLength;
        e.spec = specForGgmlType(type);
        if (e.spec.empty())
            throw Error(ErrorCode::Unsupported, path, { "tensor '" + name + "' is " + typeName(type) + ", which QuantLens cannot quantize yet" });
        const auto info = ggmlType(type).value_or(GgmlTypeInfo {});
        e.bitsPerWeight = info.blockSize > 0 ? 8.0 * info.typeSize / info.blockSize : 0.0;
        return e;
    }
} // namespace

Plan llamaQuantizePlan(const Model& model, const LlamaQuantizeResult& result)
{
    Plan p;
    p.model = model.path;
    p.modelBytes = model.fileBytes;
    for (const auto& t : result.tensors) {
        if (t.reason == LlamaTypeReason::Kept || t.type == ggml::F32) {
            if (t.dims >= 2)
                p.fullPrecision.push_back(t.name);
            continue;
        }
        PlanEntry e = entryFor(t.name, t.parameters, t.rowLength, t.type, model.path);
        e.reason = reasonText(t);
        p.entries.push_back(std::move(e));
    }
    p.computeTotals();
    return p;
}

Plan ggufOwnPlan(const Model& model)
{
    if (model.format != Format::Gguf)
        throw Error(ErrorCode::Unsupported, model.path, { "reading a file's own type mix (only GGUF files carry one)" });
    Plan p;
    p.model = model.path;
    p.modelBytes = model.fileBytes;
    for (const auto& t : model.tensors) {
        const Item it = itemOf(t, true);
        const uint32_t type = storedType(t);
        if (it.dims < 2)
            continue;
        if (type == ggml::F32) {
            p.fullPrecision.push_back(t.name);
            continue;
        }
        PlanEntry e = entryFor(t.name, t.parameters, it.ne0, type, model.path);
        e.reason = "stored";
        p.entries.push_back(std::move(e));
    }
    p.computeTotals();
    return p;
}

} // namespace ql

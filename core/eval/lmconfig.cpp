#include "lmconfig.h"

#include "core/util/error.h"
#include "core/util/jsonparse.h"

#include <cmath>
#include <map>
#include <set>

namespace ql {

namespace {
    using Json = nlohmann::ordered_json;

    /// The architectures whose forward pass the judge implements (llama.cpp's names).
    const std::set<std::string>& runnable()
    {
        static const std::set<std::string> s { "llama", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma2", "gemma3",
            "phi3" };
        return s;
    }

    /// Hugging Face classes and the llama.cpp architecture each converts to.
    const std::map<std::string, std::string>& hfClasses()
    {
        static const std::map<std::string, std::string> m { { "LlamaForCausalLM", "llama" },
            { "MistralForCausalLM", "llama" }, { "MixtralForCausalLM", "llama" }, { "Qwen2ForCausalLM", "qwen2" },
            { "Qwen2MoeForCausalLM", "qwen2moe" }, { "Qwen3ForCausalLM", "qwen3" },
            { "Qwen3MoeForCausalLM", "qwen3moe" }, { "Gemma2ForCausalLM", "gemma2" }, { "Gemma3ForCausalLM", "gemma3" },
            { "Phi3ForCausalLM", "phi3" } };
        return m;
    }

    std::string num(double v)
    {
        std::string s = std::to_string(v);
        while (s.size() > 1 && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.')
            s.pop_back();
        return s;
    }

    /// Reads GGUF "ARCH.*" keys, refusing keys the pass does not know and per-layer arrays.
    class GgufKeys {
    public:
        GgufKeys(const Model& m, std::string arch)
            : m_model(m)
            , m_arch(std::move(arch))
        {
        }
        bool has(const std::string& k) const { return m_model.metadata.contains(m_arch + "." + k); }
        const Json& at(const std::string& k) const { return m_model.metadata[m_arch + "." + k]; }
        double number(const std::string& k, double fallback) const
        {
            if (!has(k))
                return fallback;
            const Json& v = at(k);
            if (v.is_array())
                refuseJudge(m_model, m_arch, "per_layer", m_arch + "." + k);
            if (!v.is_number())
                throw Error(
                    ErrorCode::BadHeader, m_model.path, { "metadata key '" + m_arch + "." + k + "' is not a number" });
            return v.get<double>();
        }
        int integer(const std::string& k, int fallback) const
        {
            const double v = number(k, fallback);
            if (!(v >= 0 && v < 1e9) || v != std::floor(v))
                throw Error(
                    ErrorCode::BadHeader, m_model.path, { "metadata key '" + m_arch + "." + k + "' is not a count" });
            return int(v);
        }
        std::string text(const std::string& k) const
        {
            return has(k) && at(k).is_string() ? at(k).get<std::string>() : std::string();
        }

    private:
        const Model& m_model;
        std::string m_arch;
    };

    /// The "ARCH." keys the pass reads (or knows to have no effect on it) for \p arch.
    bool knownKey(const std::string& arch, const std::string& k)
    {
        static const std::set<std::string> common { "context_length", "embedding_length", "block_count",
            "feed_forward_length", "vocab_size", "attention.head_count", "attention.head_count_kv",
            "attention.layer_norm_rms_epsilon", "attention.key_length", "attention.value_length", "rope.freq_base",
            "rope.dimension_count", "rope.scaling.type", "rope.scaling.factor", "rope.scaling.finetuned",
            "rope.scaling.original_context_length" };
        if (common.count(k))
            return true;
        const bool gemma = arch == "gemma2" || arch == "gemma3";
        if (gemma
            && (k == "attention.sliding_window" || k == "attention.sliding_window_pattern"
                || k == "rope.freq_base_swa"))
            return true;
        if (arch == "gemma2" && k == "attn_logit_softcapping")
            return true;
        if (gemma && k == "final_logit_softcapping")
            return true;
        if (arch == "phi3"
            && k == "attention.sliding_window") // llama.cpp disables Phi-3's window, and so does the judge
            return true;
        // Experts: llama (Mixtral) with the FFN width as each expert's, Qwen 2 MoE also with its shared expert.
        if ((arch == "llama" || arch == "qwen2moe" || arch == "qwen3moe")
            && (k == "expert_count" || k == "expert_used_count"))
            return true;
        if ((arch == "qwen2moe" || arch == "qwen3moe") && k == "expert_feed_forward_length")
            return true;
        if (arch == "qwen2moe" && k == "expert_shared_feed_forward_length")
            return true;
        return false;
    }

    void readGguf(const Model& model, LlamaConfig& c)
    {
        const auto& md = model.metadata;
        c.arch = md.contains("general.architecture") && md["general.architecture"].is_string()
            ? md["general.architecture"].get<std::string>()
            : std::string("llama");
        c.fileArch = c.arch;
        if (!runnable().count(c.arch))
            refuseJudge(model, c.arch, "architecture", c.arch);
        const std::string prefix = c.arch + ".";
        for (const auto& [key, value] : md.items())
            if (key.starts_with(prefix) && !knownKey(c.arch, key.substr(prefix.size())))
                refuseJudge(model, c.arch, "metadata", key);
        const GgufKeys k(model, c.arch);
        c.dim = k.integer("embedding_length", 0);
        c.hidden = k.integer("feed_forward_length", 0);
        c.layers = k.integer("block_count", 0);
        c.heads = k.integer("attention.head_count", 0);
        c.kvHeads = k.integer("attention.head_count_kv", c.heads);
        c.normEps = float(k.number("attention.layer_norm_rms_epsilon", 1e-5));
        c.ropeTheta = float(k.number("rope.freq_base", 10000.0));
        c.hd = k.integer("attention.key_length", c.heads > 0 ? c.dim / c.heads : 0);
        if (k.integer("attention.value_length", c.hd) != c.hd)
            refuseJudge(model, c.arch, "head_size",
                "key " + std::to_string(c.hd) + ", value " + std::to_string(k.integer("attention.value_length", 0)));
        if (const int rot = k.integer("rope.dimension_count", c.hd); rot != c.hd)
            refuseJudge(model, c.arch, "partial_rope", std::to_string(rot) + " of " + std::to_string(c.hd));
        c.adjacentRope = c.arch == "llama"; // llama.cpp's rope type NORM; the others are NEOX
        // llama.cpp: the scaling type defaults to linear, whose factor (if any) divides the positions.
        const std::string scaling = k.text("rope.scaling.type");
        if (!scaling.empty() && scaling != "none" && scaling != "linear")
            refuseJudge(model, c.arch, "rope_scaling", scaling);
        const double factor = k.number("rope.scaling.factor", 0.0);
        if (scaling != "none" && factor != 0.0)
            c.ropeFreqScale = float(1.0 / factor);
        // The families' own settings, with llama.cpp's defaults where a key is absent.
        if (c.arch == "gemma2" || c.arch == "gemma3") {
            const bool big
                = c.layers == (c.arch == "gemma2" ? 46 : 62); // llama.cpp: the 27B models scale by dim / heads
            c.attnScale = 1.0f / std::sqrt(float(big ? c.dim / std::max(1, c.heads) : c.hd));
            int pattern = 0;
            if (c.arch == "gemma2") {
                c.slidingWindow = k.integer("attention.sliding_window", 4096);
                pattern = k.integer("attention.sliding_window_pattern", 2);
                c.attnSoftcap = float(k.number("attn_logit_softcapping", 50.0));
                c.finalSoftcap = float(k.number("final_logit_softcapping", 30.0));
                c.ropeThetaLocal = float(k.number("rope.freq_base_swa", c.ropeTheta));
                c.ropeFreqScaleLocal = c.ropeFreqScale;
            } else {
                c.slidingWindow = k.integer("attention.sliding_window", 0);
                pattern = c.slidingWindow > 0 ? k.integer("attention.sliding_window_pattern", 6) : 0;
                c.finalSoftcap = float(k.number("final_logit_softcapping", 0.0));
                c.ropeThetaLocal = float(k.number("rope.freq_base_swa", 10000.0));
                c.ropeFreqScaleLocal = 1.0f;
            }
            for (int l = 0; l < c.layers && c.slidingWindow > 0; ++l)
                c.slidingLayers.push_back(pattern == 0 || l % pattern < pattern - 1); // llama.cpp's set_swa_pattern
        }
        if (c.arch == "qwen2moe" || c.arch == "qwen3moe") {
            c.experts = k.integer("expert_count", 0);
            c.expertsUsed = k.integer("expert_used_count", 0);
            c.expertHidden = k.integer("expert_feed_forward_length", c.expertsUsed > 0 ? c.hidden / c.expertsUsed : 0);
        }
        if (c.arch == "qwen2moe") { // llama.cpp: the shared expert as wide as the FFN unless given; no renormalising
            c.sharedExpertHidden = k.integer("expert_shared_feed_forward_length", c.hidden);
            c.normTopK = false;
        }
        if (c.arch == "llama" && k.integer("expert_count", 0) > 0) { // Mixtral: each expert as wide as the FFN
            c.experts = k.integer("expert_count", 0);
            c.expertsUsed = k.integer("expert_used_count", 0);
            c.expertHidden = c.hidden;
        }
        c.bos = md.contains("tokenizer.ggml.bos_token_id") && md["tokenizer.ggml.bos_token_id"].is_number()
            ? int(jsonInt(md["tokenizer.ggml.bos_token_id"], model.path, "tokenizer.ggml.bos_token_id", -1, std::numeric_limits<int>::max()))
            : 1;
        c.addBos = md.contains("tokenizer.ggml.add_bos_token") && md["tokenizer.ggml.add_bos_token"].is_boolean()
            ? md["tokenizer.ggml.add_bos_token"].get<bool>()
            : true;
    }

    /// A config.json count: absent or null is \p fallback; a number must be an integer that fits an int.
    int cfgInt(const std::string& file, const Json& c, const char* key, int fallback = 0)
    {
        if (!c.contains(key) || !c[key].is_number())
            return fallback;
        return int(jsonInt(c[key], file + " (config.json)", key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
    }
    double cfgNum(const Json& c, const char* key, double fallback)
    {
        return c.contains(key) && c[key].is_number() ? c[key].get<double>() : fallback;
    }
    bool present(const Json& c, const char* key)
    {
        return c.contains(key) && !c[key].is_null();
    }

    /// Rope scaling llama3's factor per pair as transformers and convert_hf_to_gguf compute it: 1 for
    /// wavelengths under original/high_freq_factor, `factor` over original/low_freq_factor, a smooth
    /// ramp between.
    std::vector<float> llama3Factors(const Json& rs, float theta, int hd)
    {
        const double factor = cfgNum(rs, "factor", 8.0), low = cfgNum(rs, "low_freq_factor", 1.0),
                     high = cfgNum(rs, "high_freq_factor", 4.0);
        const double original = cfgNum(rs, "original_max_position_embeddings", 8192.0);
        const double lowWavelen = original / low, highWavelen = original / high;
        std::vector<float> f;
        for (int i = 0; i < hd; i += 2) {
            const double freq = double(1.0f / std::pow(theta, float(i) / float(hd)));
            const double wavelen = 2 * M_PI / freq;
            if (wavelen < highWavelen)
                f.push_back(1.0f);
            else if (wavelen > lowWavelen)
                f.push_back(float(factor));
            else {
                const double smooth = (original / wavelen - low) / (high - low);
                f.push_back(float(1.0 / ((1 - smooth) / factor + smooth)));
            }
        }
        return f;
    }

    void readHf(const Model& model, LlamaConfig& c)
    {
        if (!model.metadata.contains("config") || !model.metadata["config"].is_object())
            refuseJudge(model, "safetensors", "config", "config.json (none beside the checkpoint)");
        const Json& j = model.metadata["config"];
        std::string cls = j.contains("architectures") && j["architectures"].is_array() && !j["architectures"].empty()
                && j["architectures"][0].is_string()
            ? j["architectures"][0].get<std::string>()
            : std::string();
        if (cls.empty())
            cls = j.contains("model_type") && j["model_type"].is_string() ? j["model_type"].get<std::string>()
                                                                          : std::string("unknown");
        const auto it = hfClasses().find(cls);
        if (it == hfClasses().end() || !runnable().count(it->second))
            refuseJudge(model, cls, "architecture", cls);
        c.arch = it->second;
        c.fileArch = cls;
        c.gguf = false;
        c.dim = cfgInt(model.path, j, "hidden_size");
        c.hidden = cfgInt(model.path, j, "intermediate_size");
        c.layers = cfgInt(model.path, j, "num_hidden_layers");
        c.heads = cfgInt(model.path, j, "num_attention_heads");
        c.kvHeads = cfgInt(model.path, j, "num_key_value_heads", c.heads);
        c.hd = present(j, "head_dim") ? cfgInt(model.path, j, "head_dim") : c.heads > 0 ? c.dim / c.heads : 0;
        c.normEps = float(cfgNum(j, "rms_norm_eps", 1e-5));
        c.ropeTheta = float(cfgNum(j, "rope_theta", 10000.0));
        c.adjacentRope = false;
        c.bos = cfgInt(model.path, j, "bos_token_id", 1);
        if (present(j, "partial_rotary_factor") && cfgNum(j, "partial_rotary_factor", 1.0) != 1.0)
            refuseJudge(
                model, cls, "partial_rope", "partial_rotary_factor " + num(cfgNum(j, "partial_rotary_factor", 1.0)));
        const char* actKey = j.contains("hidden_activation") ? "hidden_activation" : "hidden_act";
        const std::string act
            = j.contains(actKey) && j[actKey].is_string() ? j[actKey].get<std::string>() : std::string("silu");
        const bool gemma = c.arch == "gemma2" || c.arch == "gemma3";
        if (act != (gemma ? "gelu_pytorch_tanh" : "silu"))
            refuseJudge(model, cls, "activation", act);
        // rope_scaling (rope_parameters in newer transformers): the types the pass computes.
        const Json* rs = present(j, "rope_scaling") ? &j["rope_scaling"]
            : present(j, "rope_parameters")         ? &j["rope_parameters"]
                                                    : nullptr;
        if (rs && rs->is_object()) {
            std::string type = rs->contains("rope_type") && (*rs)["rope_type"].is_string()
                ? (*rs)["rope_type"].get<std::string>()
                : rs->contains("type") && (*rs)["type"].is_string() ? (*rs)["type"].get<std::string>()
                                                                    : std::string("default");
            if (rs->contains("rope_theta") && (*rs)["rope_theta"].is_number())
                c.ropeTheta = (*rs)["rope_theta"].get<float>();
            if (type == "linear")
                c.ropeFreqScale = float(1.0 / cfgNum(*rs, "factor", 1.0));
            else if (type == "llama3" && c.arch == "llama")
                c.ropeFreqFactors = llama3Factors(*rs, c.ropeTheta, c.hd);
            else if (type != "default")
                refuseJudge(model, cls, "rope_scaling", type);
        }
        if (j.contains("use_sliding_window") && j["use_sliding_window"].is_boolean()
            && j["use_sliding_window"].get<bool>())
            refuseJudge(model, cls, "sliding_window", "use_sliding_window");
        // transformers' sliding windows: Mistral and Phi-3 on every layer where configured (llama.cpp's
        // GGUF of either has none), Gemma on its local layers.
        if ((cls == "MistralForCausalLM" || cls == "MixtralForCausalLM" || cls == "Phi3ForCausalLM" || gemma)
            && present(j, "sliding_window"))
            c.slidingWindow = cfgInt(model.path, j, "sliding_window");
        if (gemma) {
            c.attnScale = float(1.0 / std::sqrt(cfgNum(j, "query_pre_attn_scalar", double(c.hd))));
            c.attnSoftcap = float(cfgNum(j, "attn_logit_softcapping", 0.0));
            c.finalSoftcap = float(cfgNum(j, "final_logit_softcapping", 0.0));
            const int pattern = c.arch == "gemma2" ? 2 : cfgInt(model.path, j, "sliding_window_pattern", 6);
            const bool types
                = j.contains("layer_types") && j["layer_types"].is_array() && int(j["layer_types"].size()) == c.layers;
            for (int l = 0; l < c.layers && c.slidingWindow > 0; ++l)
                c.slidingLayers.push_back(types ? j["layer_types"][size_t(l)] == "sliding_attention"
                        : c.arch == "gemma2"    ? l % 2 == 0
                                                : (l + 1) % pattern != 0);
            if (c.arch == "gemma3") { // local layers: their own base, no scaling
                c.ropeThetaLocal = float(cfgNum(j, "rope_local_base_freq", 10000.0));
                c.ropeFreqScaleLocal = 1.0f;
            }
        } else if (c.slidingWindow > 0) {
            c.slidingLayers.assign(size_t(std::max(0, c.layers)), 1);
        }
        if (cls == "MixtralForCausalLM") { // transformers: softmax over the experts, top k renormalised
            c.experts = cfgInt(model.path, j, "num_local_experts");
            c.expertsUsed = cfgInt(model.path, j, "num_experts_per_tok");
            c.expertHidden = c.hidden;
        }
        if (c.arch == "qwen2moe" || c.arch == "qwen3moe") {
            c.experts = cfgInt(model.path, j, "num_experts");
            c.expertsUsed = cfgInt(model.path, j, "num_experts_per_tok");
            c.expertHidden = cfgInt(model.path, j, "moe_intermediate_size");
            c.normTopK = j.contains("norm_topk_prob") && j["norm_topk_prob"].is_boolean()
                ? j["norm_topk_prob"].get<bool>()
                : false;
            if (cfgInt(model.path, j, "decoder_sparse_step", 1) != 1)
                refuseJudge(model, cls, "experts",
                    "decoder_sparse_step " + std::to_string(cfgInt(model.path, j, "decoder_sparse_step", 1)));
            if (j.contains("mlp_only_layers") && j["mlp_only_layers"].is_array() && !j["mlp_only_layers"].empty())
                refuseJudge(model, cls, "experts", "mlp_only_layers");
            if (c.arch == "qwen2moe")
                c.sharedExpertHidden = cfgInt(model.path, j, "shared_expert_intermediate_size");
            else if (cfgInt(model.path, j, "shared_expert_intermediate_size") > 0)
                refuseJudge(model, cls, "experts", "shared_expert_intermediate_size");
        }
    }
} // namespace

void refuseJudge(const Model& model, const std::string& arch, const std::string& key, const std::string& detail)
{
    throw Error(ErrorCode::JudgeUnsupported, model.path, { arch, key, detail });
}

bool isDecoderLm(const Model& model)
{
    if (model.format == Format::Gguf)
        return model.find("token_embd.weight") >= 0
            && (model.metadata.contains("general.architecture") || model.find("blk.0.attn_q.weight") >= 0);
    if (model.find("model.embed_tokens.weight") >= 0)
        return true;
    // A transformers checkpoint whose config names a causal language model.
    if (model.metadata.contains("config") && model.metadata["config"].is_object()) {
        const auto& j = model.metadata["config"];
        if (j.contains("architectures") && j["architectures"].is_array())
            for (const auto& a : j["architectures"])
                if (a.is_string() && a.get<std::string>().ends_with("ForCausalLM"))
                    return true;
    }
    return false;
}

LlamaConfig readLmConfig(const Model& model)
{
    LlamaConfig c;
    if (model.format == Format::Gguf)
        readGguf(model, c);
    else
        readHf(model, c);
    if (c.dim <= 0 || c.layers <= 0 || c.heads <= 0 || c.kvHeads <= 0 || c.hd <= 0 || c.hd % 2 != 0
        || c.heads % c.kvHeads != 0 || c.hidden <= 0 || c.layers > 100000 || c.heads > 100000)
        throw Error(ErrorCode::BadHeader, model.path, { "inconsistent " + c.arch + " hyper-parameters" });
    c.qkNorm = c.arch == "qwen3" || c.arch == "qwen3moe" || c.arch == "gemma3";
    if (c.arch == "gemma2" || c.arch == "gemma3") {
        c.postNorms = true;
        c.act = LlamaConfig::Activation::GeluTanh;
        c.embedScale = std::sqrt(float(c.dim));
        c.preScaleQ = true;
    }
    if (c.arch == "phi3") {
        c.fusedQkv = c.fusedGateUp = true;
        c.attnScale = 1.0f / std::sqrt(float(c.hd));
        c.preScaleQ = true;
    }
    if (c.ropeThetaLocal == 0) { // sliding layers rotate as the others
        c.ropeThetaLocal = c.ropeTheta;
        c.ropeFreqScaleLocal = c.ropeFreqScale;
    }
    const bool moe = c.arch == "qwen2moe" || c.arch == "qwen3moe" || c.experts > 0;
    if (moe
        && (c.experts <= 0 || c.expertsUsed <= 0 || c.expertsUsed > c.experts || c.expertHidden <= 0 || c.experts > 4096
            || c.sharedExpertHidden < 0 || (c.arch == "qwen2moe" && c.sharedExpertHidden == 0)))
        throw Error(ErrorCode::BadHeader, model.path, { "inconsistent expert counts" });
    return c;
}

} // namespace ql

#include "vocabfiles.h"

#include "fixtures.h"

#include <fstream>
#include <stdexcept>

namespace fixtures {

namespace {
    template <typename T> void put(Bytes& b, T v)
    {
        b.append(reinterpret_cast<const char*>(&v), sizeof(T));
    }
    Bytes stringArray(const std::vector<std::string>& v)
    {
        Bytes b;
        put<uint32_t>(b, 8);
        put<uint64_t>(b, v.size());
        for (const auto& s : v)
            b += Gguf::str(s);
        return b;
    }
    template <typename T> Bytes numberArray(uint32_t type, const std::vector<T>& v)
    {
        Bytes b;
        put<uint32_t>(b, type);
        put<uint64_t>(b, v.size());
        for (const T x : v)
            put(b, x);
        return b;
    }
    int typeOf(uint32_t attr)
    {
        using namespace ql::TokenAttr;
        return attr & Unknown    ? 2
            : attr & Control     ? 3
            : attr & UserDefined ? 4
            : attr & Unused      ? 5
            : attr & Byte        ? 6
            : attr & Normal      ? 1
                                 : 0;
    }
    nlohmann::json readJson(const std::string& path)
    {
        std::ifstream in(path);
        if (!in)
            throw std::runtime_error("cannot read " + path);
        return nlohmann::json::parse(in);
    }
} // namespace

void writeVocabGguf(const std::string& path, const ql::Vocab& v)
{
    Gguf g;
    g.kvString("general.architecture", "llama");
    g.kvString("general.name", v.name.empty() ? "quantlens-test" : v.name);
    g.kvString("tokenizer.ggml.model", v.model);
    if (!v.pre.empty())
        g.kvString("tokenizer.ggml.pre", v.pre);
    g.kv("tokenizer.ggml.tokens", 9, stringArray(v.texts));
    if (!v.scores.empty())
        g.kv("tokenizer.ggml.scores", 9, numberArray<float>(6, v.scores));
    std::vector<int32_t> types;
    for (const uint32_t a : v.attrs)
        types.push_back(typeOf(a));
    g.kv("tokenizer.ggml.token_type", 9, numberArray<int32_t>(5, types));
    if (!v.merges.empty())
        g.kv("tokenizer.ggml.merges", 9, stringArray(v.merges));
    if (v.bos >= 0)
        g.kvU32("tokenizer.ggml.bos_token_id", uint32_t(v.bos));
    if (v.eos >= 0)
        g.kvU32("tokenizer.ggml.eos_token_id", uint32_t(v.eos));
    if (v.unk >= 0)
        g.kvU32("tokenizer.ggml.unknown_token_id", uint32_t(v.unk));
    if (v.model == "gpt2" && !v.addBos) {
        Bytes b;
        put<uint8_t>(b, 0);
        g.kv("tokenizer.ggml.add_bos_token", 7, b);
    }
    if (v.model == "llama" && !v.addSpacePrefix) { // Gemma's GGUFs: no dummy space before the text
        Bytes b;
        put<uint8_t>(b, 0);
        g.kv("tokenizer.ggml.add_space_prefix", 7, b);
    }
    writeFile(path, g.build());
}

ql::Vocab bpeTestVocab(const std::string& dataDir, const std::string& pre)
{
    const auto j = readJson(dataDir + "/tokenizers/bpe_vocab.json");
    ql::Vocab v;
    v.kind = ql::Vocab::Kind::Bpe;
    v.model = "gpt2";
    v.pre = pre;
    v.texts = j["tokens"].get<std::vector<std::string>>();
    for (const int t : j["types"].get<std::vector<int>>())
        v.attrs.push_back(ql::TokenAttr::fromTokenType(t));
    v.merges = j["merges"].get<std::vector<std::string>>();
    const auto id = [&](const char* t) { return int(std::find(v.texts.begin(), v.texts.end(), t) - v.texts.begin()); };
    if (pre == "llama-bpe" || pre == "tekken") {
        v.bos = id("<|begin_of_text|>");
        v.eos = id("<|end_of_text|>");
        v.addBos = true;
    } else {
        v.bos = v.eos = id("<|endoftext|>");
        v.addBos = false;
    }
    return v;
}

void writeBpeTokenizerJson(const std::string& dir, const std::string& dataDir, const std::string& pre)
{
    const auto j = readJson(dataDir + "/tokenizers/bpe_vocab.json");
    const auto tokens = j["tokens"].get<std::vector<std::string>>();
    const auto types = j["types"].get<std::vector<int>>();
    nlohmann::json vocab = nlohmann::json::object(), added = nlohmann::json::array();
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (types[i] == 3 || types[i] == 4 || tokens[i] == "<|endoftext|>")
            added.push_back(
                { { "id", i }, { "content", tokens[i] }, { "special", types[i] != 4 }, { "normalized", false } });
        else
            vocab[tokens[i]] = i;
    }
    nlohmann::json preTok;
    const char* llama3
        = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    const char* qwen2
        = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    if (pre == "gpt-2") {
        preTok = { { "type", "ByteLevel" }, { "add_prefix_space", false }, { "trim_offsets", true },
            { "use_regex", true } };
    } else {
        preTok = { { "type", "Sequence" },
            { "pretokenizers",
                { { { "type", "Split" }, { "pattern", { { "Regex", pre == "qwen2" ? qwen2 : llama3 } } },
                      { "behavior", "Isolated" }, { "invert", false } },
                    { { "type", "ByteLevel" }, { "add_prefix_space", false }, { "trim_offsets", true },
                        { "use_regex", false } } } } };
    }
    nlohmann::json tj
        = { { "version", "1.0" }, { "added_tokens", added }, { "normalizer", nullptr }, { "pre_tokenizer", preTok },
              { "model", { { "type", "BPE" }, { "vocab", vocab }, { "merges", j["merges"] } } } };
    nlohmann::json cfg = nlohmann::json::object();
    if (pre == "llama-bpe") {
        tj["post_processor"] = { { "type", "TemplateProcessing" },
            { "single",
                { { { "SpecialToken", { { "id", "<|begin_of_text|>" }, { "type_id", 0 } } } },
                    { { "Sequence", { { "id", "A" }, { "type_id", 0 } } } } } } };
        cfg = { { "bos_token", "<|begin_of_text|>" }, { "eos_token", "<|end_of_text|>" } };
    } else {
        cfg = { { "bos_token", nullptr }, { "eos_token", "<|endoftext|>" }, { "add_bos_token", false } };
    }
    writeFile(dir + "/tokenizer.json", tj.dump());
    writeFile(dir + "/tokenizer_config.json", cfg.dump());
}

} // namespace fixtures

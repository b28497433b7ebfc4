// Vocabularies of Hugging Face checkpoints, built as llama.cpp's converter (convert_hf_to_gguf) writes
// them into a GGUF file, so the same model tokenizes alike from both files.
#include "vocab.h"

#include "pretokenizer.h"

#include "core/util/error.h"

#include <sentencepiece_processor.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace ql {

namespace fs = std::filesystem;

namespace {
    [[noreturn]] void missing(const std::string& file, const std::string& what, const std::string& hint = {})
    {
        throw Error(ErrorCode::NoTokenizer, file, { what, hint });
    }

    /// Reads a JSON file; a missing file gives null, a malformed one an error naming it.
    nlohmann::json readJson(const fs::path& p)
    {
        std::error_code ec;
        if (!fs::is_regular_file(p, ec))
            return nullptr;
        std::ifstream in(p, std::ios::binary);
        if (!in)
            throw Error(ErrorCode::CannotOpen, p.string(), { "cannot read the file" });
        try {
            return nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw Error(ErrorCode::BadJson, p.string(), { e.what() });
        }
    }

    /// A token named in tokenizer_config.json: a string or {"content": …}.
    std::string tokenContent(const nlohmann::json& v)
    {
        if (v.is_string())
            return v.get<std::string>();
        if (v.is_object() && v.contains("content") && v["content"].is_string())
            return v["content"].get<std::string>();
        return {};
    }

    /// The converter's guess that an added token not marked special is a control token all the same.
    bool looksSpecial(const std::string& t)
    {
        const auto starts = [&](std::string_view p) { return t.rfind(p, 0) == 0; };
        const auto ends = [&](std::string_view s) {
            return t.size() >= s.size() && t.compare(t.size() - s.size(), s.size(), s) == 0;
        };
        return t == "<pad>" || t == "<mask>" || t == "<2mass>" || t == "[@BOS@]" || (starts("<|") && ends("|>"))
            || (starts("<｜") && ends("｜>")) || (starts("<unused") && ends(">"));
    }

    std::string replaceAll(std::string s, const std::string& from, const std::string& to)
    {
        for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
            s.replace(p, from.size(), to);
        return s;
    }

    int64_t configVocabSize(const nlohmann::json& config)
    {
        if (config.is_object())
            for (const char* k : { "vocab_size_per_layer_input", "vocab_size" })
                if (config.contains(k) && config[k].is_number_integer())
                    return config[k].get<int64_t>();
        return -1;
    }

    /// Special ids and add-BOS/EOS flags from tokenizer_config.json and config.json, as the converter's
    /// SpecialVocab finds them.
    void specialTokens(Vocab& v, const nlohmann::json& tcfg, const nlohmann::json& config)
    {
        std::map<std::string, int> ids;
        for (size_t i = 0; i < v.texts.size(); ++i)
            ids.emplace(v.texts[i], int(i));
        const auto pick = [&](const char* name, int& id) {
            if (tcfg.is_object() && tcfg.contains(name)) {
                const auto it = ids.find(tokenContent(tcfg[name]));
                if (it != ids.end()) {
                    id = it->second;
                    return;
                }
            }
            const std::string key = std::string(name) + "_id";
            if (config.is_object() && config.contains(key) && config[key].is_number_integer()) {
                const int64_t x = config[key].get<int64_t>();
                if (x >= 0 && size_t(x) < v.texts.size())
                    id = int(x);
            }
        };
        pick("bos_token", v.bos);
        pick("eos_token", v.eos);
        pick("unk_token", v.unk);
        pick("pad_token", v.pad);
        if (tcfg.is_object()) {
            if (tcfg.contains("add_bos_token") && tcfg["add_bos_token"].is_boolean())
                v.addBos = tcfg["add_bos_token"].get<bool>();
            if (tcfg.contains("add_eos_token") && tcfg["add_eos_token"].is_boolean())
                v.addEos = tcfg["add_eos_token"].get<bool>();
        }
    }

    Vocab fromSentencePiece(const fs::path& dir, const nlohmann::json& tcfg, const nlohmann::json& config)
    {
        const fs::path model = dir / "tokenizer.model";
        sentencepiece::SentencePieceProcessor sp;
        if (const auto st = sp.Load(model.string()); !st.ok())
            missing(model.string(), "a readable SentencePiece model (" + std::string(st.message()) + ")");
        Vocab v;
        v.source = model.string();
        v.model = "llama";
        v.kind = Vocab::Kind::Spm;
        v.addSpacePrefix = true;
        v.addBos = true;
        const int pieces = sp.GetPieceSize();
        int64_t n = configVocabSize(config);
        if (n <= 0)
            n = pieces;
        if (n > 16'000'000)
            missing(dir.string(), "a plausible vocab_size in config.json");
        v.texts.resize(size_t(n));
        v.scores.assign(size_t(n), -10000.0f);
        v.attrs.assign(size_t(n), TokenAttr::Unused);
        for (int64_t i = 0; i < n; ++i)
            v.texts[size_t(i)] = "[PAD" + std::to_string(i) + "]";
        for (int i = 0; i < pieces && i < n; ++i) {
            v.texts[size_t(i)] = sp.IdToPiece(i);
            v.scores[size_t(i)] = sp.GetScore(i);
            v.attrs[size_t(i)] = sp.IsUnknown(i) ? TokenAttr::Unknown
                : sp.IsControl(i)                ? TokenAttr::Control
                : sp.IsUnused(i)                 ? TokenAttr::Unused
                : sp.IsByte(i)                   ? TokenAttr::Byte
                                                 : TokenAttr::Normal;
        }
        const nlohmann::json added = readJson(dir / "added_tokens.json");
        if (added.is_object())
            for (const auto& [text, id] : added.items())
                if (id.is_number_integer() && id.get<int64_t>() >= 0 && id.get<int64_t>() < n) {
                    v.texts[size_t(id.get<int64_t>())] = text;
                    v.scores[size_t(id.get<int64_t>())] = -1000.0f;
                    v.attrs[size_t(id.get<int64_t>())] = TokenAttr::UserDefined;
                }
        if (tcfg.is_object() && tcfg.contains("added_tokens_decoder") && tcfg["added_tokens_decoder"].is_object())
            for (const auto& [key, data] : tcfg["added_tokens_decoder"].items()) {
                int64_t id = -1;
                try {
                    id = std::stoll(key);
                } catch (const std::exception&) {
                    continue;
                }
                if (id < 0 || id >= n)
                    continue;
                std::string text = tokenContent(data);
                const bool special
                    = (data.contains("special") && data["special"].is_boolean() && data["special"].get<bool>())
                    || looksSpecial(text);
                if (!special)
                    text = replaceAll(text, "\xe2\x96\x81", " ");
                v.attrs[size_t(id)] = special ? TokenAttr::Control : TokenAttr::UserDefined;
                v.scores[size_t(id)] = -1000.0f;
                v.texts[size_t(id)] = text;
            }
        v.bos = sp.bos_id() < n ? sp.bos_id() : -1;
        v.eos = sp.eos_id() < n ? sp.eos_id() : -1;
        v.unk = sp.unk_id() < n ? sp.unk_id() : -1;
        specialTokens(v, tcfg, config);
        return v;
    }

    /// Whether a pre-tokenizer (or one of a Sequence) is ByteLevel, optionally with GPT-2's own regex.
    void scanPre(const nlohmann::json& p, bool& byteLevel, bool& byteLevelRegex, std::vector<std::string>& splits)
    {
        if (!p.is_object() || !p.contains("type") || !p["type"].is_string())
            return;
        const std::string type = p["type"].get<std::string>();
        if (type == "Sequence" && p.contains("pretokenizers") && p["pretokenizers"].is_array()) {
            for (const auto& q : p["pretokenizers"])
                scanPre(q, byteLevel, byteLevelRegex, splits);
        } else if (type == "ByteLevel") {
            byteLevel = true;
            byteLevelRegex = byteLevelRegex || !p.contains("use_regex")
                || (p["use_regex"].is_boolean() && p["use_regex"].get<bool>());
        } else if (type == "Split" && p.contains("pattern") && p["pattern"].is_object()
            && p["pattern"].contains("Regex") && p["pattern"]["Regex"].is_string()) {
            splits.push_back(p["pattern"]["Regex"].get<std::string>());
        } else {
            splits.push_back("<" + type + ">");
        }
    }

    Vocab fromTokenizerJson(const fs::path& dir, const nlohmann::json& tcfg, const nlohmann::json& config)
    {
        const fs::path file = dir / "tokenizer.json";
        const nlohmann::json tj = readJson(file);
        const std::string f = file.string();
        if (!tj.is_object() || !tj.contains("model") || !tj["model"].is_object())
            missing(f, "a \"model\" object in tokenizer.json");
        const auto& m = tj["model"];
        const std::string type = m.contains("type") && m["type"].is_string() ? m["type"].get<std::string>() : "";
        if (type != "BPE")
            missing(f, "a BPE model in tokenizer.json (this one is '" + type + "')",
                "QuantLens reads byte-level BPE tokenizer.json and SentencePiece tokenizer.model");
        bool byteLevel = false, byteLevelRegex = false;
        std::vector<std::string> splits;
        if (tj.contains("pre_tokenizer"))
            scanPre(tj["pre_tokenizer"], byteLevel, byteLevelRegex, splits);
        if (!byteLevel)
            missing(f, "a byte-level pre-tokenizer (this tokenizer.json is SentencePiece-style)",
                "put the model's tokenizer.model beside it");
        Vocab v;
        v.source = f;
        v.model = "gpt2";
        v.kind = Vocab::Kind::Bpe;
        v.pre = preTokenizerForTokenizerJson(tj["pre_tokenizer"]);
        if (v.pre.empty())
            missing(f,
                "a pre-tokenizer QuantLens recognises (" + (splits.empty() ? std::string("none") : splits.front())
                    + ")",
                "known: the GPT-2, Llama 3 and Qwen 2 expressions");
        const PreTokenizer pre(v.pre);
        v.ignoreMerges = pre.traits().ignoreMerges;
        v.addBos = pre.traits().addBos;
        if (!m.contains("vocab") || !m["vocab"].is_object())
            missing(f, "model.vocab in tokenizer.json");
        int64_t n = configVocabSize(config);
        std::map<int64_t, std::string> byId;
        for (const auto& [text, id] : m["vocab"].items()) {
            if (!id.is_number_integer() || id.get<int64_t>() < 0)
                missing(f, "non-negative integer ids in model.vocab");
            byId[id.get<int64_t>()] = text;
        }
        std::map<int64_t, std::pair<std::string, bool>> added;
        if (tj.contains("added_tokens") && tj["added_tokens"].is_array())
            for (const auto& a : tj["added_tokens"])
                if (a.is_object() && a.contains("id") && a["id"].is_number_integer() && a.contains("content")
                    && a["content"].is_string()) {
                    const int64_t id = a["id"].get<int64_t>();
                    const std::string text = a["content"].get<std::string>();
                    added[id] = { text,
                        (a.contains("special") && a["special"].is_boolean() && a["special"].get<bool>())
                            || looksSpecial(text) };
                    byId[id] = text;
                }
        const int64_t maxId = byId.empty() ? -1 : byId.rbegin()->first;
        if (n <= maxId)
            n = maxId + 1;
        if (n > 16'000'000)
            missing(f, "a plausible vocabulary size");
        v.texts.resize(size_t(n));
        v.attrs.assign(size_t(n), TokenAttr::Normal);
        for (int64_t i = 0; i < n; ++i) {
            const auto it = byId.find(i);
            if (it == byId.end()) {
                v.texts[size_t(i)] = "[PAD" + std::to_string(i) + "]";
                v.attrs[size_t(i)] = TokenAttr::Unused;
                continue;
            }
            v.texts[size_t(i)] = it->second;
            if (const auto a = added.find(i); a != added.end()) {
                v.attrs[size_t(i)] = a->second.second ? TokenAttr::Control : TokenAttr::UserDefined;
                if (!a->second.second)
                    v.texts[size_t(i)] = replaceAll(it->second, "\xe2\x96\x81", " ");
            }
        }
        if (!m.contains("merges") || !m["merges"].is_array())
            missing(f, "model.merges in tokenizer.json");
        for (const auto& mg : m["merges"]) {
            if (mg.is_string())
                v.merges.push_back(mg.get<std::string>());
            else if (mg.is_array() && mg.size() == 2 && mg[0].is_string() && mg[1].is_string())
                v.merges.push_back(mg[0].get<std::string>() + " " + mg[1].get<std::string>());
            else
                missing(f, "merges as \"a b\" strings or [a, b] pairs");
        }
        // A post-processor that puts a special token first (or last) adds BOS (or EOS).
        const auto templ = [&](const nlohmann::json& pp, auto&& self) -> void {
            if (!pp.is_object() || !pp.contains("type"))
                return;
            if (pp["type"] == "Sequence" && pp.contains("processors") && pp["processors"].is_array()) {
                for (const auto& q : pp["processors"])
                    self(q, self);
                return;
            }
            if (pp["type"] != "TemplateProcessing" || !pp.contains("single") || !pp["single"].is_array()
                || pp["single"].empty())
                return;
            const auto& single = pp["single"];
            const auto specialId = [&](const nlohmann::json& item) -> int {
                if (!item.is_object() || !item.contains("SpecialToken"))
                    return -1;
                const std::string name = tokenContent(item["SpecialToken"].value("id", nlohmann::json()));
                for (const auto& [id, a] : added)
                    if (a.first == name)
                        return int(id);
                return -1;
            };
            if (const int b = specialId(single.front()); b >= 0) {
                v.addBos = true;
                v.bos = b;
            }
            if (const int e = specialId(single.back()); e >= 0 && single.size() > 1) {
                v.addEos = true;
                v.eos = e;
            }
        };
        if (tj.contains("post_processor"))
            templ(tj["post_processor"], templ);
        v.bos = v.bos >= 0 && v.bos < n ? v.bos : -1;
        v.eos = v.eos >= 0 && v.eos < n ? v.eos : -1;
        specialTokens(v, tcfg, config);
        return v;
    }
} // namespace

std::string preTokenizerForTokenizerJson(const nlohmann::json& p)
{
    bool byteLevel = false, byteLevelRegex = false;
    std::vector<std::string> splits;
    scanPre(p, byteLevel, byteLevelRegex, splits);
    // The expressions as the models' tokenizer.json files spell them.
    static const std::map<std::string, std::string> known = {
        { R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
            "llama-bpe" },
        { R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
            "qwen2" },
        { R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
            "qwen35" },
    };
    if (splits.empty())
        return byteLevel && byteLevelRegex ? "gpt-2" : "";
    if (splits.size() == 1 && !byteLevelRegex)
        if (const auto it = known.find(splits.front()); it != known.end())
            return it->second;
    return "";
}

Vocab vocabFromHuggingFace(const std::string& dirName)
{
    const fs::path dir(dirName);
    const nlohmann::json tcfg = readJson(dir / "tokenizer_config.json");
    const nlohmann::json config = readJson(dir / "config.json");
    std::error_code ec;
    if (fs::is_regular_file(dir / "tokenizer.model", ec))
        return fromSentencePiece(dir, tcfg, config);
    if (fs::is_regular_file(dir / "tokenizer.json", ec))
        return fromTokenizerJson(dir, tcfg, config);
    missing(dirName, "tokenizer.json or tokenizer.model beside the checkpoint",
        "copy the model's tokenizer files into its folder");
}

} // namespace ql

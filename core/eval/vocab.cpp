#include "vocab.h"

#include "pretokenizer.h"

#include "core/util/error.h"

#include <memory>
#include <unordered_set>

namespace ql {

uint32_t TokenAttr::fromTokenType(int64_t type)
{
    switch (type) {
    case 1:
        return Normal;
    case 2:
        return Unknown;
    case 3:
        return Control;
    case 4:
        return UserDefined;
    case 5:
        return Unused;
    case 6:
        return Byte;
    default:
        return Undefined;
    }
}

namespace {
    [[noreturn]] void missing(const std::string& file, const std::string& what, const std::string& hint = {})
    {
        throw Error(ErrorCode::NoTokenizer, file, { what, hint });
    }

    const nlohmann::ordered_json* find(const nlohmann::ordered_json& md, const char* key)
    {
        const auto it = md.find(key);
        return it == md.end() ? nullptr : &*it;
    }

    /// A token id key: kept when in range, as llama.cpp keeps its default otherwise.
    void idKey(const nlohmann::ordered_json& md, const char* key, int& id, size_t n)
    {
        if (id >= 0 && size_t(id) >= n)
            id = -1; // a default out of the vocabulary's range is disabled
        const auto* v = find(md, key);
        if (!v || !v->is_number_integer())
            return;
        const int64_t x = v->get<int64_t>();
        if (x >= 0 && uint64_t(x) < n)
            id = int(x);
    }

    void boolKey(const nlohmann::ordered_json& md, const char* key, bool& value)
    {
        if (const auto* v = find(md, key); v && v->is_boolean())
            value = v->get<bool>();
    }
} // namespace

Vocab vocabFromGguf(const nlohmann::ordered_json& md, const std::string& file)
{
    Vocab v;
    v.source = file;
    const auto* model = find(md, "tokenizer.ggml.model");
    if (!model)
        missing(file, "tokenizer.ggml.model", "the GGUF file carries no tokenizer; give token ids (--tokens) instead");
    if (!model->is_string())
        missing(file, "a text tokenizer.ggml.model");
    v.model = model->get<std::string>();
    if (const auto* pre = find(md, "tokenizer.ggml.pre"); pre && pre->is_string())
        v.pre = pre->get<std::string>();
    if (const auto* name = find(md, "general.name"); name && name->is_string())
        v.name = name->get<std::string>();

    if (v.model == "llama") {
        v.kind = Vocab::Kind::Spm;
        v.bos = 1, v.eos = 2, v.unk = 0;
        v.addSpacePrefix = true, v.addBos = true;
    } else if (v.model == "gpt2") {
        v.kind = Vocab::Kind::Bpe;
        v.bos = 11, v.eos = 11; // llama.cpp's defaults for byte-level BPE
        std::unique_ptr<PreTokenizer> preTokenizer;
        try {
            preTokenizer = std::make_unique<PreTokenizer>(v.pre);
        } catch (const Error& e) { // name the file
            throw Error(e.code(), file, e.args());
        }
        const PreTokenizer& pre = *preTokenizer;
        v.ignoreMerges = pre.traits().ignoreMerges;
        v.addBos = pre.traits().addBos;
        if (pre.traits().noBos)
            v.bos = -1;
        const auto* merges = find(md, "tokenizer.ggml.merges");
        if (!merges)
            missing(file, "tokenizer.ggml.merges", "a byte-level BPE vocabulary needs its merges");
        if (!merges->is_array())
            missing(file, "tokenizer.ggml.merges as a list of strings");
        v.merges.reserve(merges->size());
        for (const auto& m : *merges) {
            if (!m.is_string())
                missing(file, "tokenizer.ggml.merges as a list of strings");
            v.merges.push_back(m.get<std::string>());
        }
    } else {
        missing(file, "a tokenizer of type 'llama' or 'gpt2' (this file's is '" + v.model + "')",
            "QuantLens tokenizes SentencePiece (llama) and byte-level BPE (gpt2) vocabularies");
    }
    boolKey(md, "tokenizer.ggml.add_space_prefix", v.addSpacePrefix);

    const auto* tokens = find(md, "tokenizer.ggml.tokens");
    if (!tokens)
        missing(file, "tokenizer.ggml.tokens");
    if (!tokens->is_array())
        missing(file, "tokenizer.ggml.tokens as a list of strings");
    const size_t n = tokens->size();
    const auto* scores = find(md, "tokenizer.ggml.scores");
    if (scores && (!scores->is_array() || scores->size() < n))
        missing(file, "tokenizer.ggml.scores with one number per token");
    const auto* types = find(md, "tokenizer.ggml.token_type");
    if (types && (!types->is_array() || types->size() < n))
        missing(file, "tokenizer.ggml.token_type with one integer per token");

    v.texts.reserve(n);
    v.attrs.assign(n, TokenAttr::Normal);
    if (scores)
        v.scores.assign(n, 0.0f);
    std::unordered_set<std::string> seen;
    seen.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const auto& t = (*tokens)[i];
        if (!t.is_string())
            missing(file, "tokenizer.ggml.tokens as a list of strings (entry " + std::to_string(i) + " is not)");
        std::string text = t.get<std::string>();
        if (text.empty())
            text = "[EMPTY_" + std::to_string(i) + "]"; // llama.cpp's name for an empty token
        if (!seen.insert(text).second)
            missing(file, "unique token texts (token " + std::to_string(i) + " repeats an earlier one)");
        v.texts.push_back(std::move(text));
        if (scores) {
            const auto& s = (*scores)[i];
            if (!s.is_number())
                missing(file, "tokenizer.ggml.scores as numbers");
            v.scores[i] = s.get<float>();
        }
        if (types) {
            const auto& ty = (*types)[i];
            if (!ty.is_number_integer())
                missing(file, "tokenizer.ggml.token_type as integers");
            v.attrs[i] = TokenAttr::fromTokenType(ty.get<int64_t>());
        }
    }

    idKey(md, "tokenizer.ggml.bos_token_id", v.bos, n);
    idKey(md, "tokenizer.ggml.eos_token_id", v.eos, n);
    idKey(md, "tokenizer.ggml.eot_token_id", v.eot, n);
    idKey(md, "tokenizer.ggml.eom_token_id", v.eom, n);
    idKey(md, "tokenizer.ggml.unknown_token_id", v.unk, n);
    idKey(md, "tokenizer.ggml.seperator_token_id", v.sep, n); // sic: llama.cpp's spelling
    idKey(md, "tokenizer.ggml.padding_token_id", v.pad, n);
    idKey(md, "tokenizer.ggml.mask_token_id", v.mask, n);
    idKey(md, "tokenizer.ggml.fim_pre_token_id", v.fimPre, n);
    idKey(md, "tokenizer.ggml.fim_suf_token_id", v.fimSuf, n);
    idKey(md, "tokenizer.ggml.fim_mid_token_id", v.fimMid, n);
    idKey(md, "tokenizer.ggml.fim_pad_token_id", v.fimPad, n);
    idKey(md, "tokenizer.ggml.fim_rep_token_id", v.fimRep, n);
    idKey(md, "tokenizer.ggml.fim_sep_token_id", v.fimSep, n);
    idKey(md, "tokenizer.ggml.prefix_token_id", v.fimPre, n);
    idKey(md, "tokenizer.ggml.suffix_token_id", v.fimSuf, n);
    idKey(md, "tokenizer.ggml.middle_token_id", v.fimMid, n);
    boolKey(md, "tokenizer.ggml.add_bos_token", v.addBos);
    boolKey(md, "tokenizer.ggml.add_eos_token", v.addEos);
    return v;
}

} // namespace ql

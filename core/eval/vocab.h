#pragma once
/// \file vocab.h
/// \brief A tokenizer's vocabulary as llama.cpp holds it (`tokenizer.ggml.*`), read from a GGUF file or
/// built from a Hugging Face `tokenizer.json` / SentencePiece `tokenizer.model`.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ql {

/// \brief Token attributes, the bits llama.cpp uses (llama_token_attr).
namespace TokenAttr {
    constexpr uint32_t Undefined = 0, Unknown = 1u << 0, Unused = 1u << 1, Normal = 1u << 2, Control = 1u << 3,
                       UserDefined = 1u << 4, Byte = 1u << 5, Normalized = 1u << 6, LStrip = 1u << 7, RStrip = 1u << 8,
                       SingleWord = 1u << 9;
    /// \returns the attribute of a GGUF `tokenizer.ggml.token_type` value (1 normal, 2 unknown, 3 control,
    /// 4 user-defined, 5 unused, 6 byte; anything else undefined).
    uint32_t fromTokenType(int64_t type);
}

/// \brief Everything a tokenizer needs, in llama.cpp's terms.
struct Vocab {
    enum class Kind {
        Spm, ///< `llama`: SentencePiece-style merges by score, byte fallback, ▁ for spaces
        Bpe, ///< `gpt2`: byte-level BPE with ranked merges after a regex pre-tokenizer
    };
    Kind kind = Kind::Spm;
    std::string model; ///< `tokenizer.ggml.model` ("llama", "gpt2")
    std::string pre; ///< `tokenizer.ggml.pre` (BPE only; empty = llama.cpp's default)
    std::string name; ///< `general.name` (llama.cpp keys a few attributes on it, e.g. Phi-3)
    std::vector<std::string> texts; ///< token id → its text as stored
    std::vector<float> scores; ///< token id → score (SPM merge priority); may be empty
    std::vector<uint32_t> attrs; ///< token id → TokenAttr bits (from the token types)
    std::vector<std::string> merges; ///< BPE merges "left right", highest priority first
    int bos = -1, eos = -1, eot = -1, eom = -1, unk = -1, sep = -1, pad = -1, mask = -1;
    int fimPre = -1, fimSuf = -1, fimMid = -1, fimPad = -1, fimRep = -1, fimSep = -1;
    bool addBos = false, addEos = false;
    bool addSpacePrefix = false; ///< SPM: a space before the text (SentencePiece's dummy prefix)
    bool ignoreMerges = false; ///< BPE: a word that is a token is not merged
    std::string source; ///< the file the vocabulary was read from (for messages)
};

/// \brief Reads the tokenizer of a GGUF file from its metadata with llama.cpp's defaults and checks.
/// Throws ql::Error(NoTokenizer) naming the missing or malformed key (path \p file).
Vocab vocabFromGguf(const nlohmann::ordered_json& metadata, const std::string& file);

/// \brief Builds the vocabulary llama.cpp's converter would write for a Hugging Face checkpoint folder:
/// `tokenizer.model` (SentencePiece, read with the sentencepiece library) or `tokenizer.json`
/// (byte-level BPE), with `tokenizer_config.json` and `config.json` where present.
/// Throws ql::Error(NoTokenizer) naming what is missing.
Vocab vocabFromHuggingFace(const std::string& dir);

/// \returns the pre-tokenizer name (`tokenizer.ggml.pre`) whose regular expression a tokenizer.json
/// pre-tokenizer uses, or an empty string when none matches.
std::string preTokenizerForTokenizerJson(const nlohmann::json& preTokenizer);

} // namespace ql

#pragma once
/// \file tokenizer.h
/// \brief Text to token ids the way llama.cpp's tokenizer does it for the same vocabulary: special
/// tokens cut out first, then SentencePiece-style merges by score (`llama`) or a regex pre-tokenizer
/// and ranked byte-level BPE merges (`gpt2`).

#include "vocab.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ql {

class Model;
class PreTokenizer;

/// \brief A model's tokenizer. Immutable once built; tokenize() is thread-safe.
class Tokenizer {
public:
    /// \brief Builds the tokenizer of \p vocab, applying llama.cpp's load-time rules (special-token
    /// detection by text, Phi-3's right-strip…). Throws ql::Error(NoTokenizer) when it cannot.
    explicit Tokenizer(Vocab vocab);
    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    /// \brief The tokenizer that comes with \p model: its GGUF `tokenizer.ggml.*` metadata, or the
    /// `tokenizer.model` / `tokenizer.json` beside a safetensors checkpoint. Throws ql::Error(NoTokenizer)
    /// naming what is missing.
    static Tokenizer fromModel(const Model& model);

    /// \brief Token ids of \p text. \p addSpecial adds BOS/EOS as the vocabulary asks (llama.cpp's
    /// add_special); \p parseSpecial also turns the text of control tokens (e.g. `<s>`) into those tokens.
    /// Text of user-defined tokens is always matched, as in llama.cpp. Invalid UTF-8 is tokenized as
    /// llama.cpp does (SPM: byte tokens; BPE: U+FFFD).
    std::vector<int> tokenize(std::string_view text, bool addSpecial, bool parseSpecial = false) const;

    /// \brief The bytes token \p id stands for (llama.cpp's token_to_piece with special = true): spaces
    /// for ▁, the byte of a byte token, the decoded bytes of a byte-level BPE token.
    std::string piece(int id) const;

    /// \returns the token's text as the vocabulary stores it.
    const std::string& text(int id) const { return m_vocab.texts.at(size_t(id)); }
    int size() const { return int(m_vocab.texts.size()); }
    uint32_t attributes(int id) const { return m_vocab.attrs.at(size_t(id)); }
    const Vocab& vocab() const { return m_vocab; }
    int bos() const { return m_vocab.bos; }
    bool addsBos() const { return m_vocab.addBos; }
    bool addsEos() const { return m_vocab.addEos; }
    /// \returns "llama (SentencePiece)" or "gpt2 (byte-level BPE, llama-bpe)" style description.
    std::string describe() const;
    /// \returns the id of a token's exact text, or -1.
    int find(std::string_view text) const;

private:
    /// Hashing that looks strings (and pairs of them) up by string_view, without copies.
    struct TextHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
    };
    struct PairHash {
        using is_transparent = void;
        size_t operator()(const std::pair<std::string_view, std::string_view>& p) const noexcept;
        size_t operator()(const std::pair<std::string, std::string>& p) const noexcept
        {
            return (*this)(std::pair<std::string_view, std::string_view>(p.first, p.second));
        }
    };
    struct PairEqual {
        using is_transparent = void;
        template <typename A, typename B> bool operator()(const A& a, const B& b) const noexcept
        {
            return std::string_view(a.first) == std::string_view(b.first)
                && std::string_view(a.second) == std::string_view(b.second);
        }
    };
    void applyLoadRules();
    void spm(std::string_view text, std::vector<int>& out) const;
    void bpe(std::string_view text, std::vector<int>& out) const;
    int byteToken(unsigned char b) const;
    int mergeRank(std::string_view left, std::string_view right) const;

    Vocab m_vocab;
    std::unordered_map<std::string, int, TextHash, std::equal_to<>> m_ids;
    std::unordered_map<std::pair<std::string, std::string>, int, PairHash, PairEqual> m_ranks;
    std::vector<int> m_special; ///< control, user-defined and unknown tokens, longest text first
    std::unique_ptr<PreTokenizer> m_pre;
};

} // namespace ql

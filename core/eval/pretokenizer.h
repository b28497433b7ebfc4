#pragma once
/// \file pretokenizer.h
/// \brief Byte-level BPE pre-tokenization: the regular expressions that cut text into words before
/// merges, as llama.cpp's pre-tokenizer types (`tokenizer.ggml.pre`) define them, matched by PCRE2.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ql {

/// \brief What a `tokenizer.ggml.pre` name implies besides its regular expressions.
struct PreTokenizerTraits {
    bool ignoreMerges = false; ///< a word that is a whole token is not merged (Llama 3, Tekken…)
    bool addBos = false; ///< the default of `tokenizer.ggml.add_bos_token`
    bool noBos = false; ///< the vocabulary has no BOS token by default (GLM-4)
};

/// \brief Splits text into words by a list of regular expressions applied in turn: each expression
/// cuts every piece left by the previous ones into its matches and the gaps between them.
///
/// The expressions are llama.cpp's (adapted there from each model's tokenizer.json), run by PCRE2 on
/// code points in UTF mode with Unicode properties; `\s` is Unicode White_Space, the set llama.cpp's
/// tables hold. Text is decoded with llama.cpp's lenient rules (utf8.h) first.
class PreTokenizer {
public:
    /// \brief The pre-tokenizer called \p name (`llama-bpe`, `qwen2`, `gpt-2`, `default`, …; empty means
    /// `default`, as llama.cpp falls back). Throws ql::Error(NoTokenizer) for a name it does not know.
    explicit PreTokenizer(const std::string& name);
    ~PreTokenizer();
    PreTokenizer(const PreTokenizer&) = delete;
    PreTokenizer& operator=(const PreTokenizer&) = delete;

    /// \brief The words of \p text; with byteEncode(), each word's bytes are spelled in GPT-2's
    /// byte-level alphabet (what the vocabulary's tokens are written in). Thread-safe.
    std::vector<std::string> split(std::string_view text) const;

    const std::string& name() const { return m_name; }
    const PreTokenizerTraits& traits() const { return m_traits; }
    bool byteEncode() const { return true; }

    /// \returns every name this build understands, sorted.
    static std::vector<std::string> knownNames();

private:
    struct Pattern;
    std::string m_name;
    PreTokenizerTraits m_traits;
    std::vector<std::unique_ptr<Pattern>> m_patterns;
};

} // namespace ql

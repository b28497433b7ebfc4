#pragma once
/// \file textchunks.h
/// \brief Evaluation chunks from raw text, made the way llama.cpp's llama-perplexity makes them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ql {

class Model;
class Tokenizer;

/// \brief Token chunks of a text, as llama-perplexity evaluates them.
struct TextChunks {
    std::vector<std::vector<int>> chunks; ///< each exactly ctx tokens
    int ctx = 0; ///< tokens per chunk
    /// \brief The first position whose prediction is scored: llama-perplexity scores the logits at
    /// positions firstScored … ctx − 2 of every chunk against the tokens one further (ctx − firstScored − 1
    /// predictions per chunk), so every scored token has at least ctx / 2 tokens of context.
    int firstScored = 0;
    int64_t textTokens = 0; ///< tokens of the whole text (BOS included when the vocabulary adds it)
};

/// \brief Reads a text file as llama.cpp's `-f` does: its bytes, with one trailing newline dropped.
/// Throws ql::Error naming the file when it cannot be read or exceeds 1 GiB.
std::string readTextFile(const std::string& path);

/// \brief Tokenizes all of \p text at once (BOS added per the vocabulary's add_bos, special-token text
/// not parsed, as llama-perplexity does), cuts it into ⌊tokens / ctx⌋ chunks of \p ctx tokens (the rest
/// is dropped) and, when the vocabulary adds BOS, puts BOS in place of each chunk's first token.
/// Throws ql::Error(Infeasible) when ctx is outside [4, 1048576] or the text has fewer than 2·ctx tokens
/// (llama-perplexity's own minimum); \p what names the text in messages.
TextChunks chunkText(const Tokenizer& tokenizer, std::string_view text, int ctx, const std::string& what = "the text");

/// \brief chunkText() over a file read by readTextFile().
TextChunks textChunks(const Tokenizer& tokenizer, const std::string& path, int ctx);

/// \brief The chunks of a text file by \p model's own tokenizer (Tokenizer::fromModel), for the judges.
/// Throws ql::Error when the model has no tokenizer QuantLens can build, or the text is too short.
std::vector<std::vector<int>> textSequences(const Model& model, const std::string& path, int ctx);

} // namespace ql

#pragma once
// Vocabulary files for the tokenizer tests: vocab-only GGUF files and Hugging Face tokenizer.json
// folders built from tests/data/tokenizers/bpe_vocab.json and ../shared/tokenizers/llama2.

#include "core/eval/vocab.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fixtures {

/// \brief A vocab-only GGUF (general.architecture llama and tokenizer.ggml.*) holding \p v.
void writeVocabGguf(const std::string& path, const ql::Vocab& v);

/// \brief tests/data/tokenizers/bpe_vocab.json as a Vocab (gpt2) with the given pre-tokenizer; BOS/EOS are
/// <|begin_of_text|>/<|end_of_text|> for llama-bpe and tekken, <|endoftext|> (no BOS added) otherwise, as
/// scripts/make_tokenizer_goldens.py writes them.
ql::Vocab bpeTestVocab(const std::string& dataDir, const std::string& pre);

/// \brief Writes tokenizer.json (+ tokenizer_config.json) for the BPE test vocabulary into \p dir, with
/// the pre-tokenizer expression a Llama 3 ("llama-bpe"), Qwen 2 ("qwen2") or GPT-2 ("gpt-2") checkpoint has.
void writeBpeTokenizerJson(const std::string& dir, const std::string& dataDir, const std::string& pre);

} // namespace fixtures

#include "textchunks.h"

#include "tokenizer.h"

#include "core/util/error.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace ql {

namespace {
    constexpr uintmax_t kMaxTextBytes = uintmax_t(1) << 30;
    constexpr int kMinCtx = 4, kMaxCtx = 1 << 20;
}

std::string readTextFile(const std::string& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw Error(ErrorCode::CannotOpen, path, { ec.message() });
    if (size > kMaxTextBytes)
        throw Error(ErrorCode::TooLarge, path, { "a text file of " + std::to_string(size) + " bytes", "1 GiB" });
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the file" });
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

TextChunks chunkText(const Tokenizer& tokenizer, std::string_view text, int ctx, const std::string& what)
{
    if (ctx < kMinCtx || ctx > kMaxCtx)
        throw Error(ErrorCode::Infeasible, {},
            { "chunks of " + std::to_string(ctx) + " tokens", "Give --ctx between 4 and 1048576." });
    std::vector<int> tokens = tokenizer.tokenize(text, true, false);
    TextChunks r;
    r.ctx = ctx;
    r.firstScored = ctx / 2;
    r.textTokens = int64_t(tokens.size());
    if (int64_t(tokens.size()) < 2 * int64_t(ctx))
        throw Error(ErrorCode::Infeasible, {},
            { what + " tokenizes to only " + std::to_string(tokens.size()) + " tokens, and chunks of "
                    + std::to_string(ctx) + " need at least " + std::to_string(2 * int64_t(ctx))
                    + " (as llama-perplexity asks)",
                "Give a longer text or a smaller --ctx." });
    const size_t n = tokens.size() / size_t(ctx);
    r.chunks.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        std::vector<int> c(
            tokens.begin() + std::ptrdiff_t(i * size_t(ctx)), tokens.begin() + std::ptrdiff_t((i + 1) * size_t(ctx)));
        if (tokenizer.addsBos())
            c.front() = tokenizer.bos();
        r.chunks.push_back(std::move(c));
    }
    return r;
}

TextChunks textChunks(const Tokenizer& tokenizer, const std::string& path, int ctx)
{
    return chunkText(tokenizer, readTextFile(path), ctx, path);
}

std::vector<std::vector<int>> textSequences(const Model& model, const std::string& path, int ctx)
{
    return textChunks(Tokenizer::fromModel(model), path, ctx).chunks;
}

} // namespace ql

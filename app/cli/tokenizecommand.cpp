#include "tokenizecommand.h"

#include "core/eval/textchunks.h"
#include "core/eval/tokenizer.h"
#include "core/io/model.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace {
struct TokenizeOptions {
    std::string model, text;
    bool lines = false, bos = false, special = false, json = false;
};

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos)
            nl = text.size();
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

void printIds(const std::vector<int>& ids)
{
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i)
        s += (i ? " " : "") + std::to_string(ids[i]);
    std::printf("%s\n", s.c_str());
}

int runTokenize(const TokenizeOptions& o)
{
    const ql::Tokenizer tok = ql::Tokenizer::fromModel(ql::open(o.model));
    const std::string text = ql::readTextFile(o.text);
    if (!o.lines) {
        const auto ids = tok.tokenize(text, o.bos, o.special);
        if (o.json)
            std::cout << nlohmann::ordered_json { { "ids", ids } }.dump() << "\n";
        else
            printIds(ids);
        return 0;
    }
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& line : splitLines(text)) {
        const auto ids = tok.tokenize(line, o.bos, o.special);
        if (o.json)
            all.push_back(ids);
        else
            printIds(ids);
    }
    if (o.json)
        std::cout << nlohmann::ordered_json { { "lines", all } }.dump() << "\n";
    return 0;
}
} // namespace

std::function<int()> addTokenizeCommand(CLI::App& app)
{
    auto o = std::make_shared<TokenizeOptions>();
    auto* cmd
        = app.add_subcommand("tokenize", "Token ids of a text file by the model's own tokenizer (as llama.cpp's)");
    cmd->add_option("MODEL", o->model,
           "GGUF model (tokenizer.ggml.*), or safetensors with tokenizer.json / tokenizer.model beside it")
        ->required();
    cmd->add_option("--text", o->text, "UTF-8 text file (read as llama.cpp's -f: one trailing newline dropped)")
        ->required();
    cmd->add_flag("--lines", o->lines, "Tokenize each line on its own (one list, or one output line, per line)");
    cmd->add_flag("--bos", o->bos, "Add BOS/EOS as the vocabulary asks (llama.cpp's add_special)");
    cmd->add_flag("--special", o->special, "Also turn the text of control tokens (e.g. <s>) into those tokens");
    cmd->add_flag("--json", o->json, "Print {\"ids\": [...]} (with --lines {\"lines\": [[...], ...]})");
    return [o, cmd]() -> int { return cmd->parsed() ? runTokenize(*o) : -1; };
}

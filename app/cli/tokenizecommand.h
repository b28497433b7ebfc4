#pragma once
// quantlens-cli tokenize: a model's own tokenizer over a text file, so its ids can be checked from outside.
#include <CLI/CLI.hpp>

#include <functional>

/// \brief Adds the tokenize subcommand; \returns a runner (exit code, or −1 when not chosen).
std::function<int()> addTokenizeCommand(CLI::App& app);

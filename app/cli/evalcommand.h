#pragma once
// quantlens-cli eval: the Llama judge over a plan.
#include <CLI/CLI.hpp>

#include <functional>

/// \brief Adds the eval subcommand; \returns a runner (exit code, or −1 when not chosen).
std::function<int()> addEvalCommand(CLI::App& app);

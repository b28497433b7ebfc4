#pragma once
// quantlens-cli llamacpp-plan: what llama-quantize would write, as a plan.
#include <CLI/CLI.hpp>

#include <functional>

/// \brief Adds the llamacpp-plan subcommand; \returns a runner (exit code, or −1 when not chosen).
std::function<int()> addLlamaCppCommands(CLI::App& app);

#pragma once
// quantlens-cli sweep / plan / export: thin wrappers over core/analysis/sweep and core/plan.
#include <CLI/CLI.hpp>

#include <functional>

/// \brief Adds the sweep, plan and export subcommands; \returns a runner to call after parsing
/// (it returns the exit code, or −1 when none of them was chosen).
std::function<int()> addPlanCommands(CLI::App& app);

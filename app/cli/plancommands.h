#pragma once
// quantlens-cli sweep / plan / export: thin wrappers over core/analysis/sweep and core/plan.
#include <CLI/CLI.hpp>

#include <functional>

namespace ql::dist {
class Communicator;
}

/// \brief Adds the sweep, plan and export subcommands; \returns a runner to call after parsing
/// (it returns the exit code, or −1 when none of them was chosen). With \p job (launched by
/// mpirun), sweep shards its tensors (and --e2e its single-tensor evaluations) and validate its
/// plans over the job's ranks; rank 0 writes the file or prints the result.
std::function<int()> addPlanCommands(CLI::App& app, ql::dist::Communicator* job = nullptr);

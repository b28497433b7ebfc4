#pragma once
/// \file session.h
/// \brief A QuantLens session (`.qlsession`, JSON): what the user opened and made — the model (with
/// its size and a hash of its header, checked on open), the calibration file, the sweep, the plan's
/// target, candidates, budget and locks, the selected tensor, the open tab and each view's settings — so that closing the
/// window loses nothing and `quantlens FILE.qlsession` restores it.
#include "core/analysis/sweep.h"
#include "core/analysis/sweepjournal.h"
#include "core/io/model.h"
#include "core/util/limits.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ql {

struct Session {
    std::string modelPath;
    uint64_t modelBytes = 0;
    std::string modelHeaderHash;
    std::string calibrationPath;
    std::optional<SweepResult> sweep;
    bool sweepComplete = true; ///< false: the sweep was running or cancelled (its finished rows), to be continued
    std::string target = "none"; ///< planTargetKey
    std::string candidates; ///< the candidate specs field
    double budgetBitsPerWeight = 0;
    std::map<std::string, std::string> locks; ///< tensor name → spec chosen by hand
    std::string selectedTensor;
    std::string tab; ///< MainWindow::viewNames()
    /// Each view's settings (the values of its controls, by name), by view name.
    std::map<std::string, std::map<std::string, std::string>> viewSettings;
};

/// \brief Writes \p session as JSON (`"format": "quantlens-session"`), atomically.
void saveSession(const Session& session, const std::string& path);
/// \brief Reads a session; throws Error naming \p path for a malformed one (also one whose sweep,
/// budget or locks are impossible).
Session loadSession(const std::string& path, const LoadLimits& limits = defaultLoadLimits());

} // namespace ql

#pragma once
/// \file validationjournal.h
/// \brief A validation's journal (journal.h): every measured plan, beside the validation's output
/// (`validate --out FILE` journals to FILE.journal), so `--resume` measures only the plans it lacks
/// and prints what an uninterrupted run prints. The key names the sweep file, the model (path,
/// size, header hash), the budgets, the metric, the judge and the calibration.

#include "sensitivity.h"

#include "core/util/journal.h"

#include <string>
#include <vector>

namespace ql {

/// \brief What a validation measures: two runs with equal keys give equal points.
struct ValidationJournalKey {
    std::string sweep; ///< the sweep file's path and size
    std::string model;
    uint64_t modelBytes = 0;
    std::string headerHash; ///< modelHeaderHash
    std::vector<double> budgets; ///< the bits per weight of each plan (validationBudgets)
    std::string metric;
    std::string judge; ///< the judge's data and arithmetic
    std::string calibration; ///< path and size of the calibration file, or empty
};

class ValidationJournal {
public:
    /// \returns the journal's path for the validation written to \p out.
    static std::string pathFor(const std::string& out) { return out + ".journal"; }

    /// \brief Opens the journal at \p path as Journal does (resume or refuse, a key that differs
    /// refused with what differs); a plan line that is malformed or names no budget of \p key is
    /// Error(BadHeader) naming the journal.
    ValidationJournal(std::string path, const ValidationJournalKey& key, bool resume);

    /// \brief The plans measured before (resume), by index into the key's budgets.
    const std::map<size_t, ValidationPoint>& done() const { return m_done; }
    /// \brief Appends plan \p k's point, exactly (hexadecimal floating point), flushed to disk.
    void append(size_t k, const ValidationPoint& p);
    /// \brief Deletes the journal (the validation is written).
    void finish() { m_journal.finish(); }

private:
    Journal m_journal;
    std::map<size_t, ValidationPoint> m_done;
};

} // namespace ql

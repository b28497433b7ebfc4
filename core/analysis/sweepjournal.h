#pragma once
/// \file sweepjournal.h
/// \brief A sweep's journal: every finished tensor's row appended and flushed to disk (fsync) beside
/// the output, so a sweep killed at 90 % continues where it stopped (`sweep --resume`) and ends with
/// the file an uninterrupted run writes. The first line names what the sweep is of (the model's
/// path, size and a hash of its header, the specs and how they are applied); a journal of another
/// sweep is refused with what differs.
#include "sweep.h"

#include "core/util/journal.h"

#include <string>
#include <vector>

namespace ql {

/// \brief What a sweep measures: two runs with equal keys give equal rows.
struct SweepJournalKey {
    std::string model;
    uint64_t modelBytes = 0;
    std::string headerHash; ///< of every tensor's name, dtype, shape and offset
    std::vector<std::string> specs;
    std::string method = "rtn";
    std::string calibration; ///< path and size of the calibration file, or empty
    /// The judge of the end-to-end column (`--e2e`: its data and arithmetic), or empty. Rows are
    /// journaled again as their end-to-end figures arrive; the last line of a tensor is its row.
    std::string judge;
};

/// \returns a fingerprint (FNV-1a, 64 bits, as hex) of \p model's header: every tensor's name,
/// dtype, shape and offset. Journals and sessions use it to tell that a file changed.
std::string modelHeaderHash(const Model& model);

/// \returns the key of a sweep of \p model with \p specs.
SweepJournalKey sweepJournalKey(const Model& model, const std::vector<std::string>& specs, const std::string& method,
    const std::string& calibrationPath);

class SweepJournal {
public:
    /// \returns the journal's path for the sweep written to \p out.
    static std::string pathFor(const std::string& out) { return out + ".journal"; }

    /// \brief Opens the journal at \p path. With \p resume, the rows of an existing journal are read
    /// (a torn last line, from a crash while writing it, is dropped) and must be of \p key, else
    /// Error(Unsupported) says what differs; without it, an existing journal is refused (it holds
    /// finished work) with a message to resume or delete it. Then rows are appended.
    SweepJournal(std::string path, const SweepJournalKey& key, bool resume);

    /// \brief The rows finished before (resume), in the order they were written; a tensor journaled
    /// more than once (its end-to-end figures came later) appears once, as its last line has it.
    const std::vector<SweepRow>& done() const { return m_done; }
    /// \brief Appends a row and flushes it to disk before returning.
    void append(const SweepRow& row);
    /// \brief Deletes the journal (the sweep's file is written).
    void finish();

private:
    Journal m_journal;
    std::vector<SweepRow> m_done;
};

} // namespace ql

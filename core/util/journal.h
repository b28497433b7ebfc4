#pragma once
/// \file journal.h
/// \brief An append-only journal of a long job's finished units, beside its output: one JSON line
/// naming what the job is of (its key), then one line per finished unit, each flushed to disk
/// (fsync) before the next unit starts. A job killed at 90 % (a crash, `kill -9`, a cancelled GUI
/// job) continues from it (`--resume`) and ends with the file an uninterrupted run writes; the job
/// then deletes it. Sweeps (sweepjournal.h) and validations journal this way.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace ql {

class Journal {
public:
    /// \brief Opens the journal at \p path for a job whose key is \p key (an object whose
    /// "format" names the kind of journal, e.g. "quantlens-sweep-journal"). With \p resume, an
    /// existing journal's key must equal \p key field by field, else Error(Unsupported) says which
    /// field differs and how; its unit lines are kept (a torn last line, from a crash while writing
    /// it, is dropped). Without \p resume an existing journal is refused (it holds finished work)
    /// with a message to resume or delete it. \p what names the job in messages ("sweep").
    Journal(std::string path, const nlohmann::ordered_json& key, bool resume, const std::string& what);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    const std::string& path() const { return m_path; }
    /// \brief The unit lines journaled before (resume), oldest first, without their newlines.
    const std::vector<std::string>& lines() const { return m_lines; }
    /// \brief Appends one unit (a line without newlines) and flushes it to disk before returning.
    void append(const std::string& line);
    /// \brief Deletes the journal: the job's output is written.
    void finish();

private:
    std::string m_path;
    std::vector<std::string> m_lines;
    std::FILE* m_file = nullptr;
};

} // namespace ql

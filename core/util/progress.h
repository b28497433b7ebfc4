#pragma once
/// \file progress.h
/// \brief Progress reporting and cancellation for long core jobs.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>

namespace ql {

/// \brief Shared between a job and whoever watches it. Thread-safe: workers call advance() from
/// any thread; the callback is invoked under a lock, at most once per percent of progress
/// ("don't spam the progress bar").
class Progress {
public:
    using Callback = std::function<void(int64_t done, int64_t total)>;

    Progress() = default;
    explicit Progress(Callback cb)
        : m_callback(std::move(cb))
    {
    }
    /// \brief A progress of its own (total, done) for one part of a job, cancelled with \p job: a
    /// routine that counts its own steps (GPTQ's row chunks) stops when the whole job is cancelled.
    explicit Progress(const Progress* job)
        : m_job(job)
    {
    }

    void setTotal(int64_t total) { m_total.store(total); }
    int64_t total() const { return m_total.load(); }
    int64_t done() const { return m_done.load(); }

    /// \brief Adds work done; reports when the percentage changed.
    void advance(int64_t amount);

    void cancel() { m_cancelled.store(true); }
    bool cancelled() const { return m_cancelled.load() || (m_job && m_job->cancelled()); }
    /// \brief Throws Error(Cancelled) when cancellation was requested.
    void check() const;

private:
    Callback m_callback;
    const Progress* m_job = nullptr;
    std::atomic<int64_t> m_total { 0 };
    std::atomic<int64_t> m_done { 0 };
    std::atomic<bool> m_cancelled { false };
    std::mutex m_mutex;
    int m_lastPercent = -1;
};

} // namespace ql

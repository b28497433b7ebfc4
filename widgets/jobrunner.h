#pragma once
// Runs long core work off the UI thread (QtConcurrent), one job per kind: starting a job cancels
// the previous one of that kind and its result is dropped. Results come back by value on the UI
// thread; progress is reported as a percentage.

#include "core/util/progress.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <any>
#include <functional>
#include <memory>

namespace ql {

class JobRunner : public QObject {
    Q_OBJECT
public:
    /// Delivers intermediate results from the worker thread (queued to the UI thread).
    using Partial = std::function<void(std::any)>;
    using Work = std::function<std::any(Progress&, const Partial&)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    /// \brief Starts \p work as job \p kind; \p partial receives intermediate results, \p done the
    /// final one and \p failed a translated error message (not called when cancelled).
    void start(const QString& kind, const QString& title, Work work, std::function<void(std::any)> partial,
        std::function<void(std::any)> done, std::function<void(QString)> failed);
    /// \brief Cancels the job of \p kind (its result is dropped).
    void cancel(const QString& kind);
    void cancelAll();
    bool isRunning(const QString& kind) const;
    /// \brief Blocks until every job has finished (tests and shutdown only).
    void waitForAll();

signals:
    /// A job of \p kind advanced to \p percent.
    void progress(const QString& kind, const QString& title, int percent);
    /// A job of \p kind ended (finished, failed or cancelled).
    void finished(const QString& kind);

private:
    struct Job;
    QHash<QString, std::shared_ptr<Job>> m_jobs;
    quint64 m_nextId = 1;
};

} // namespace ql

#include "jobrunner.h"

#include "errortext.h"
#include "workpool.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace ql {

struct JobRunner::Job {
    quint64 id = 0;
    std::unique_ptr<Progress> progress;
    QFuture<void> future;
};

JobRunner::JobRunner(QObject* parent)
    : QObject(parent)
{
}

JobRunner::~JobRunner()
{
    cancelAll();
    waitForAll();
}

void JobRunner::start(const QString& kind, const QString& title, Work work, std::function<void(std::any)> partial,
    std::function<void(std::any)> done, std::function<void(QString)> failed)
{
    cancel(kind);
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    const quint64 id = job->id;
    m_jobs.insert(kind, job);
    QPointer<JobRunner> self(this);
    // Only the job that is still current for its kind may deliver anything.
    auto current = [self, kind, id] { return self && self->m_jobs.value(kind) && self->m_jobs.value(kind)->id == id; };

    auto report = [self, kind, title, current](int64_t done, int64_t total) {
        const int percent = total > 0 ? int(done * 100 / total) : 0;
        QMetaObject::invokeMethod(
            self, [self, kind, title, current, percent] {
                if (current())
                    emit self->progress(kind, title, percent);
            },
            Qt::QueuedConnection);
    };
    job->progress = std::make_unique<Progress>(report);
    emit this->progress(kind, title, 0);

    Partial post = [self, current, partial](std::any value) {
        QMetaObject::invokeMethod(
            self, [current, partial, value = std::move(value)] {
                if (current() && partial)
                    partial(value);
            },
            Qt::QueuedConnection);
    };

    job->future = QtConcurrent::run(workPool(), [job, work = std::move(work), post, self, kind, title, current, done, failed] {
        std::any result;
        QString error;
        bool ok = false;
        try {
            result = work(*job->progress, post);
            ok = true;
        } catch (...) {
            // Nothing may leave the worker: the job would never report and its kind stay busy.
            bool cancelled = false;
            error = currentExceptionText(tr("Not enough memory for %1.").arg(title), &cancelled);
        }
        QMetaObject::invokeMethod(
            self, [self, kind, current, done, failed, ok, error, result = std::move(result)] {
                if (!current())
                    return;
                self->m_jobs.remove(kind);
                if (ok && done)
                    done(result);
                else if (!ok && !error.isEmpty() && failed)
                    failed(error);
                emit self->finished(kind);
            },
            Qt::QueuedConnection);
    });
}

void JobRunner::cancel(const QString& kind)
{
    if (auto job = m_jobs.take(kind)) {
        job->progress->cancel();
        emit finished(kind);
    }
}

void JobRunner::cancelAll()
{
    const auto kinds = m_jobs.keys();
    for (const auto& k : kinds)
        cancel(k);
}

bool JobRunner::isRunning(const QString& kind) const { return m_jobs.contains(kind); }

void JobRunner::waitForAll()
{
    workPool()->waitForDone();
}

} // namespace ql

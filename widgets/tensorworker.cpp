#include "tensorworker.h"

#include "errortext.h"
#include "workpool.h"

#include <QEvent>
#include <QWidget>
#include <QtConcurrent>

#include <vector>
#include <mutex>
#include <utility>

namespace ql {

namespace {
    /// The tensors the views hold, shared: a second view (or a second run) reuses the values a
    /// first one read instead of reading its own copy, so memory stays at one copy per tensor.
    struct MatrixCache {
        struct Entry {
            std::weak_ptr<const Model> model; ///< compared by owner: a freed model never matches a new one
            size_t index = 0;
            std::weak_ptr<const OwnedMatrix> matrix;
            bool matches(const std::shared_ptr<const Model>& m, size_t i) const
            {
                return index == i && !model.owner_before(m) && !m.owner_before(model);
            }
        };
        std::mutex mutex;
        std::vector<Entry> entries;

        std::shared_ptr<const OwnedMatrix> find(const std::shared_ptr<const Model>& model, size_t index)
        {
            for (const Entry& e : entries)
                if (e.matches(model, index))
                    if (auto m = e.matrix.lock())
                        return m;
            return nullptr;
        }

        std::shared_ptr<const OwnedMatrix> get(const std::shared_ptr<const Model>& model, size_t index)
        {
            {
                const std::lock_guard lock(mutex);
                if (auto m = find(model, index))
                    return m;
            }
            auto m = std::make_shared<const OwnedMatrix>(readWeightMatrix(*model, index));
            const std::lock_guard lock(mutex);
            if (auto other = find(model, index)) // another thread read it meanwhile: keep one copy
                return other;
            std::erase_if(entries, [](const Entry& e) { return e.matrix.expired(); });
            entries.push_back({ model, index, m });
            return m;
        }
    };
    MatrixCache& cache()
    {
        static MatrixCache c;
        return c;
    }
}

TensorWorker::TensorWorker(QWidget* view)
    : QObject(view)
    , m_view(view)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &TensorWorker::accept);
    view->installEventFilter(this);
}

bool TensorWorker::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view && event->type() == QEvent::Show && m_pending)
        start(std::exchange(m_pending, nullptr));
    return false;
}

TensorWorker::~TensorWorker() { m_watcher.waitForFinished(); }

void TensorWorker::setTensor(std::shared_ptr<const Model> model, size_t index)
{
    m_model = std::move(model);
    m_index = index;
    m_matrix.reset();
    m_pending = nullptr;
    m_queued = nullptr;
    m_busy = false;
    ++m_generation; // a result for the previous tensor is no longer wanted
}

bool TensorWorker::fits() const { return m_model && m_model->tensors[m_index].parameters <= kMaxValues; }

void TensorWorker::run(Job job)
{
    ++m_generation; // whatever is running now is no longer wanted
    m_busy = false;
    if (!m_model)
        return;
    if (!m_view->isVisible()) {
        m_pending = std::move(job);
        return;
    }
    m_pending = nullptr;
    start(std::move(job));
}

void TensorWorker::start(Job job)
{
    const int generation = ++m_generation;
    m_busy = true;
    if (m_watcher.isRunning()) {
        // One job at a time, and the UI thread never waits for one: the request waits (replacing any
        // earlier waiting one) until the running job, now stale, ends; accept() then launches it.
        m_queued = std::move(job);
        m_queuedGeneration = generation;
        return;
    }
    launch(std::move(job), generation);
}

void TensorWorker::launch(Job job, int generation)
{
    auto model = m_model;
    auto matrix = m_matrix;
    const size_t index = m_index;
    m_watcher.setFuture(QtConcurrent::run(workPool(), [=, job = std::move(job)]() -> Result {
        Result r;
        r.generation = generation;
        r.model = model;
        r.index = index;
        try {
            r.matrix = matrix ? matrix : cache().get(model, index);
            r.value = job(r.matrix->view());
        } catch (...) {
            // Nothing may leave the worker: QFuture would rethrow it on the UI thread in accept().
            r.error = currentExceptionText(tr("Not enough memory to read the tensor."));
        }
        return r;
    }));
}

void TensorWorker::accept()
{
    Result r = m_watcher.result();
    // The values a job read stay for the next one on the same tensor, even when its result is stale.
    if (r.matrix && r.model == m_model && r.index == m_index)
        m_matrix = r.matrix;
    if (m_queued) { // a request waited for this job to end
        launch(std::exchange(m_queued, nullptr), m_queuedGeneration);
        return;
    }
    if (r.generation != m_generation)
        return; // overtaken by a newer request
    m_busy = false;
    if (r.error.isEmpty())
        emit finished(r.value);
    else
        emit failed(r.error);
    emit idle();
}

} // namespace ql

#include "tensorworker.h"

#include "errortext.h"

#include <QtConcurrent>

namespace ql {

TensorWorker::TensorWorker(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &TensorWorker::accept);
}

TensorWorker::~TensorWorker() { m_watcher.waitForFinished(); }

void TensorWorker::setTensor(std::shared_ptr<const Model> model, size_t index)
{
    m_model = std::move(model);
    m_index = index;
    m_matrix.reset();
    ++m_generation; // a result for the previous tensor is no longer wanted
}

bool TensorWorker::fits() const { return m_model && m_model->tensors[m_index].parameters <= kMaxValues; }

void TensorWorker::run(Job job)
{
    const int generation = ++m_generation;
    if (!m_model)
        return;
    auto model = m_model;
    auto matrix = m_matrix;
    const size_t index = m_index;
    m_watcher.waitForFinished(); // one job at a time; a stale one is dropped in accept()
    m_watcher.setFuture(QtConcurrent::run([=, job = std::move(job)]() -> Result {
        Result r;
        r.generation = generation;
        try {
            r.matrix = matrix ? matrix : std::make_shared<const OwnedMatrix>(readWeightMatrix(*model, index));
            r.value = job(r.matrix->view());
        } catch (const Error& e) {
            r.error = errorText(e);
        } catch (const std::bad_alloc&) {
            r.error = tr("Not enough memory to read the tensor.");
        }
        return r;
    }));
}

void TensorWorker::accept()
{
    Result r = m_watcher.result();
    if (r.generation != m_generation)
        return; // overtaken by a newer request
    if (!r.error.isEmpty()) {
        emit failed(r.error);
        return;
    }
    m_matrix = r.matrix;
    emit finished(r.value);
}

} // namespace ql

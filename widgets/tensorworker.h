#pragma once
// Runs a computation on one tensor's values off the UI thread for a view: reads the tensor once
// per selection (kept for the next run), runs one job at a time without the UI thread ever waiting
// for one (a request made while one runs waits, replacing any earlier waiting request), drops
// results that a newer request has overtaken, and turns errors into translated text. Views on the same tensor share one
// copy of its values. A view that is hidden (another tab) does no work: its latest request waits
// until the view is shown.

#include "core/io/model.h"
#include "core/quant/quantizer.h"

#include <QFutureWatcher>
#include <QObject>

class QWidget;

#include <any>
#include <functional>
#include <memory>

namespace ql {

class TensorWorker : public QObject {
    Q_OBJECT
public:
    /// Tensors larger than this are not read whole by the views (memory stays bounded).
    static constexpr int64_t kMaxValues = int64_t(1) << 26;

    /// \p view owns the worker; its requests run only while it is visible.
    explicit TensorWorker(QWidget* view);
    ~TensorWorker() override;

    void setTensor(std::shared_ptr<const Model> model, size_t index);
    const Model* model() const { return m_model.get(); }
    size_t index() const { return m_index; }
    /// \returns whether the tensor is small enough to be read whole.
    bool fits() const;

    using Job = std::function<std::any(const WeightMatrix&)>;
    /// Runs \p job on the tensor (once the view is visible); finished() or failed() follows unless
    /// a newer run() comes first.
    void run(Job job);
    /// \returns the tensor's values once read (shared with other views on the same tensor), or nullptr.
    const OwnedMatrix* matrix() const { return m_matrix.get(); }
    /// \returns whether a job is running whose result is still wanted.
    bool busy() const { return m_busy; }

signals:
    void finished(const std::any& result);
    void failed(const QString& message);
    /// After finished() or failed(): nothing is running any more.
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Result {
        int generation = 0;
        std::shared_ptr<const Model> model; ///< the tensor the job read
        size_t index = 0;
        std::shared_ptr<const OwnedMatrix> matrix;
        std::any value;
        QString error;
    };
    void accept();
    void start(Job job);
    void launch(Job job, int generation);

    std::shared_ptr<const Model> m_model;
    size_t m_index = 0;
    std::shared_ptr<const OwnedMatrix> m_matrix;
    int m_generation = 0;
    bool m_busy = false;
    QWidget* m_view;
    Job m_pending; ///< the latest request while the view is hidden
    Job m_queued; ///< the latest request while a (stale) job still runs
    int m_queuedGeneration = 0;
    QFutureWatcher<Result> m_watcher;
};

} // namespace ql

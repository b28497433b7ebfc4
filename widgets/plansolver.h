#pragma once
// Solves the planner's problem (core/plan/planner.h) for a view without the UI thread waiting:
// small sweeps (a 7B model's 224 tensors × 12 specs solve in a few milliseconds) are solved at once,
// so the plan follows the budget in the same event; large ones (a mixture of experts' thousands of
// tensors: a quarter of a second) on a worker thread, one solve at a time, and a request made while
// one runs replaces any earlier waiting request, so a dragged slider ends on the plan of its last
// position and the ones in between are skipped.

#include "core/analysis/sweep.h"
#include "core/plan/planner.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace ql {

class PlanSolver : public QObject {
    Q_OBJECT
public:
    /// Sweeps with more cells than this are solved on a worker thread.
    static constexpr size_t kSolveAtOnceCells = 8192;

    explicit PlanSolver(QObject* parent = nullptr);
    ~PlanSolver() override;

    /// \brief The sweep the next solves use (a copy kept for the worker).
    void setSweep(const SweepResult& sweep);
    /// \brief Asks for the plan under \p budget and \p constraints: solved() or failed() follows,
    /// at once for a small sweep, unless a newer request comes first.
    void solve(const Budget& budget, const PlanConstraints& constraints);
    /// \returns whether a requested plan has not arrived yet.
    bool busy() const { return m_busy; }

signals:
    void solved(const ql::Plan& plan);
    void failed(const QString& message);

private:
    struct Request {
        Budget budget;
        PlanConstraints constraints;
    };
    struct Result {
        int generation = 0;
        std::optional<Plan> plan;
        QString error;
    };
    static Result run(const SweepResult& sweep, const Request& request, int generation);
    void launch(Request request, int generation);
    void accept();
    void deliver(const Result& r);

    std::shared_ptr<const SweepResult> m_sweep;
    int m_generation = 0;
    bool m_busy = false;
    std::optional<Request> m_queued;
    int m_queuedGeneration = 0;
    QFutureWatcher<Result> m_watcher;
};

} // namespace ql

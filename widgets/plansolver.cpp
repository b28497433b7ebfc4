#include "plansolver.h"

#include "errortext.h"
#include "workpool.h"

#include <QtConcurrent>

namespace ql {

PlanSolver::PlanSolver(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &PlanSolver::accept);
}

// A solve that is still running holds its own copy of the sweep; waiting for it here (at most one
// solve) keeps its result from reaching a destroyed watcher.
PlanSolver::~PlanSolver() { m_watcher.waitForFinished(); }

void PlanSolver::setSweep(const SweepResult& sweep)
{
    m_sweep = std::make_shared<const SweepResult>(sweep);
    m_queued.reset();
    m_busy = false;
    ++m_generation; // a plan of the previous sweep is no longer wanted
}

PlanSolver::Result PlanSolver::run(const SweepResult& sweep, const Request& request, int generation)
{
    Result r;
    r.generation = generation;
    try {
        r.plan = solvePlan(sweep, request.budget, request.constraints);
    } catch (...) {
        r.error = currentExceptionText(tr("Not enough memory to solve the plan."));
    }
    return r;
}

void PlanSolver::solve(const Budget& budget, const PlanConstraints& constraints)
{
    if (!m_sweep)
        return;
    const int generation = ++m_generation;
    Request request { budget, constraints };
    size_t cells = 0;
    for (const auto& row : m_sweep->rows)
        cells += row.cells.size();
    if (cells <= kSolveAtOnceCells && !m_watcher.isRunning()) {
        m_busy = false;
        deliver(run(*m_sweep, request, generation));
        return;
    }
    m_busy = true;
    if (m_watcher.isRunning()) {
        m_queued = std::move(request);
        m_queuedGeneration = generation;
        return;
    }
    launch(std::move(request), generation);
}

void PlanSolver::launch(Request request, int generation)
{
    auto sweep = m_sweep;
    m_watcher.setFuture(QtConcurrent::run(workPool(), [sweep, request = std::move(request), generation] { return run(*sweep, request, generation); }));
}

void PlanSolver::accept()
{
    const Result r = m_watcher.result();
    if (m_queued) { // a request waited for this solve to end
        Request next = std::move(*m_queued);
        m_queued.reset();
        launch(std::move(next), m_queuedGeneration);
        return;
    }
    if (r.generation != m_generation)
        return;
    m_busy = false;
    deliver(r);
}

void PlanSolver::deliver(const Result& r)
{
    if (r.plan)
        emit solved(*r.plan);
    else
        emit failed(r.error);
}

} // namespace ql

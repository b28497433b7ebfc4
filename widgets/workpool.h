#pragma once
// The threads QuantLens's background work runs on (JobRunner, TensorWorker, PlanSolver and the
// views' own computations). Not Qt's global pool: Qt's raster paint engine splits large fills and
// line drawing over that pool and waits for the pieces, so a long job there made a paint event on
// the UI thread wait for seconds (found by test_latency).

class QThreadPool;

namespace ql {

/// \returns the pool for long work: at least four threads (so that a view's computation does not
/// queue behind the whole-model statistics), more on machines with more cores.
QThreadPool* workPool();

} // namespace ql

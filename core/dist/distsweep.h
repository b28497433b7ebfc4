#pragma once
/// \file distsweep.h
/// \brief The sensitivity sweep sharded over the ranks of an MPI job.
///
/// A work unit is one tensor with all its specs (the tensor is read once and every spec measured
/// on it while it is in cache, as in a single-process sweep), handed out largest first. Every rank
/// maps the model itself from the shared path and reads only the tensors it is given; what it sends
/// rank 0 is the finished row as one line of JSON (sweepRowJson, about 150 bytes per spec), never
/// tensor data. Rank 0 checks each row against the model and the specs and hands it on (to the
/// journal and the merged result), so the merged sweep equals the single-process one.

#include "communicator.h"

#include "core/analysis/sweep.h"

#include <functional>

namespace ql::dist {

/// \brief Measures one tensor's row (all specs); cancellation through \p progress.
using MeasureFn = std::function<SweepRow(size_t tensor, Progress& progress)>;

/// \brief On rank 0: measures the rows of \p tensors over every rank of \p comm (rank 0 included)
/// and calls \p onRow for each, in the order they arrive. On the other ranks: measures the tensors
/// rank 0 hands out and returns when there are no more (\p tensors and \p onRow are not used).
/// The ranks must open the same model with the same specs (checked: the header hash, size and
/// specs). Throws Error(RankFailed) naming the model, the rank and the tensor when a rank fails.
void sweepOverRanks(Communicator& comm, const Model& model, const std::vector<std::string>& specs,
    const std::vector<size_t>& tensors, const MeasureFn& measure, const std::function<void(SweepRow&&)>& onRow);

} // namespace ql::dist

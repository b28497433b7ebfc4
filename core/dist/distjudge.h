#pragma once
/// \file distjudge.h
/// \brief The judge's evaluations sharded over the ranks of an MPI job: the end-to-end column of a
/// sweep (`sweep --e2e`, one unit per tensor × spec: one forward pass with that tensor quantized)
/// and plan validation (`validate`, one unit per plan along the frontier).
///
/// Every rank builds the judge itself (the model from the shared path, the same text or tokens) and
/// sends back one number per unit, written exactly (hexadecimal floating point), so rank 0's
/// result equals the single-process one. Units are handed out largest tensor first; plans, which
/// cost about the same each, in frontier order.

#include "communicator.h"

#include "core/eval/sensitivity.h"

namespace ql::dist {

/// \brief Fills SweepCell::endToEnd as addEndToEndSensitivity does, over the ranks of \p comm. On
/// rank 0 \p sweep is the merged sweep (its skipped cells are not measured); on the other ranks it
/// is not used (nullptr) and \p specs, the sweep's specs, say how units are numbered. Cells with a
/// figure already (a resumed study) are not measured again; \p done hears of each new one on rank 0.
void endToEndOverRanks(Communicator& comm, SweepResult* sweep, const std::vector<std::string>& specs,
    const Model& model, const Judge& judge, const EndToEndDone& done = {});

/// \brief validatePlans over the ranks of \p comm: every rank solves and measures the plans rank 0
/// hands out. \returns the validation on rank 0, an empty one on the others. \p resume (rank 0's)
/// holds the plans measured before, which are not handed out, and hears of each new one.
Validation validateOverRanks(Communicator& comm, const SweepResult& sweep, const Model& model, const Judge& judge,
    int count, PlanMetric metric, const CalibrationStore* calibration = nullptr, ValidationResume* resume = nullptr);

} // namespace ql::dist

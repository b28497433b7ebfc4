#pragma once
/// \file workqueue.h
/// \brief Dynamic load balancing over the ranks of a job: rank 0 hands out work units, largest
/// first, to whichever rank asks, and gets back each unit's result as bytes.
///
/// Units differ in cost by 1000× (an embedding against a small projection), so a fixed split would
/// leave ranks idle; a rank asks for the next unit when it has sent the last one's result. Rank 0
/// computes too, on a thread of its own that starts once every other rank has said hello (and got
/// its first unit), while its calling thread serves the others (it polls, so it does not spin a
/// core as MPI's blocking waits do). Results reach \p onResult in the calling
/// thread of rank 0, in the order they arrive.

#include "communicator.h"

#include "core/util/progress.h"

#include <functional>
#include <string>
#include <vector>

namespace ql::dist {

/// \brief Tags of the messages distribute() exchanges.
enum Tag : int {
    TagHello = 1, ///< worker → 0: its fingerprint; it is ready
    TagResult = 2, ///< worker → 0: "ID\n" and the unit's result; it is ready for more
    TagFail = 3, ///< worker → 0: "ID\n" (or "-\n") and its error message
    TagWork = 4, ///< 0 → worker: "ID\n" and the unit's payload
    TagDone = 5, ///< 0 → worker: no more work
};

/// \brief One unit of work: its id and payload (what every rank computes it from), its cost (which
/// goes first) and its name in messages (a tensor's name).
struct WorkUnit {
    size_t id = 0;
    double cost = 0;
    std::string label;
    std::string payload; ///< sent with the unit (short: a spec, never tensor data)
};

/// \brief Computes one unit; \p progress is cancelled when the job fails elsewhere.
using WorkFn = std::function<std::string(size_t id, const std::string& payload, Progress& progress)>;
/// \brief Takes one unit's result on rank 0, from \p rank.
using ResultFn = std::function<void(size_t id, int rank, const std::string& bytes)>;

/// \brief Runs \p work for every unit over the ranks of \p comm. On rank 0: hands out \p units,
/// largest cost first (ties in the given order), calls \p onResult for each result, and returns
/// when every unit's result is in and every rank has been told there is no more work. On the other
/// ranks: computes what rank 0 hands out and returns when told there is no more (\p units and
/// \p onResult are not used there). Every rank sends its \p fingerprint first; one that differs
/// from rank 0's fails the job (the ranks must compute the same thing, e.g. map the same model).
/// Throws Error(RankFailed) on rank 0 naming the rank and the unit when a rank's work throws.
void distribute(Communicator& comm, std::vector<WorkUnit> units, const std::string& fingerprint, const WorkFn& work,
    const ResultFn& onResult);

/// \brief Ends the job for an error outside a unit. On a worker rank: sends \p message to rank 0,
/// which reports it as Error(RankFailed) and ends the job (so it is printed once, by rank 0), then
/// waits to be ended. On rank 0: ends the job at once (its caller has reported the error).
[[noreturn]] void failJob(Communicator& comm, const std::string& message);

} // namespace ql::dist

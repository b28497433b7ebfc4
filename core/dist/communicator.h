#pragma once
/// \file communicator.h
/// \brief The ranks of one sharded job (`mpirun -np N quantlens-cli …`) and the messages between them.
///
/// Design: the rest of QuantLens never sees MPI. This module is the only code that includes an MPI
/// header (mpicommunicator.cpp, built when CMake finds MPI); the CLI asks joinJob() whether it was
/// launched by mpirun and gets a Communicator, or nullptr for an ordinary single-process run. An MPI
/// launch is told from the environment the launcher sets (OMPI_COMM_WORLD_SIZE, PMIX_RANK) before
/// MPI_Init is called, so a plain `quantlens-cli sweep …` never initializes MPI as a singleton.
/// Messages are tagged byte strings (serialized rows, never tensors): every rank maps the model
/// itself from the shared path.

#include <memory>
#include <optional>
#include <string>

namespace ql::dist {

/// \brief How this process was started, as the launcher's environment tells.
struct Launch {
    bool mpi = false; ///< started by mpirun / srun (an MPI job), else a plain process
    int rank = 0; ///< this process's rank, as the launcher numbers it
    int size = 1; ///< ranks in the job (1 where the launcher does not say)
};

/// \returns what the environment says about the launch: Open MPI's OMPI_COMM_WORLD_SIZE and
/// OMPI_COMM_WORLD_RANK, or PMIx's PMIX_RANK (Slurm's `srun --mpi=pmix`).
Launch detectLaunch();

/// \returns true when this build can join an MPI job (CMake found MPI; QL_MPI).
bool builtWithMpi();

/// \brief One message: who sent it, its tag, its bytes.
struct Message {
    int from = -1;
    int tag = 0;
    std::string bytes;
};

/// \brief Point-to-point messages between the ranks of one job. Only the thread that joined the
/// job calls these (MPI_THREAD_FUNNELED).
class Communicator {
public:
    virtual ~Communicator() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    /// \brief Sends \p bytes to rank \p to (returns once the buffer may be reused).
    virtual void send(int to, int tag, const std::string& bytes) = 0;
    /// \returns a message from any rank if one has arrived, without waiting.
    virtual std::optional<Message> poll() = 0;
    /// \returns the next message from rank \p from, waiting for it.
    virtual Message receive(int from) = 0;
    /// \brief Ends every rank of the job with exit code \p code (MPI_Abort).
    [[noreturn]] virtual void abort(int code) = 0;
};

/// \brief Joins the job this process was launched into. \returns nullptr for a plain process (no
/// MPI launch in the environment), else a Communicator that finalizes MPI when destroyed. Where
/// the job has several ranks on this host, the TBB threads of each are limited to its share of the
/// cores for the Communicator's lifetime. Throws Error(Unsupported) when launched by mpirun but
/// built without MPI (N copies would each do the whole job and write the same file).
std::unique_ptr<Communicator> joinJob(int& argc, char**& argv);

} // namespace ql::dist

// The only file that includes MPI. C bindings only (Open MPI's C++ bindings are deprecated).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include "mpicommunicator.h"

#include "core/util/error.h"

#include <tbb/global_control.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace ql::dist {

namespace {
    /// Messages are serialized rows and short requests; anything larger is a protocol error, not an
    /// allocation to make.
    constexpr int kMaxMessageBytes = 64 << 20;

    void check(int rc, const char* what)
    {
        if (rc != MPI_SUCCESS) {
            char text[MPI_MAX_ERROR_STRING];
            int n = 0;
            MPI_Error_string(rc, text, &n);
            throw Error(ErrorCode::Unsupported, {},
                { std::string("MPI ") + what + " failed: " + std::string(text, size_t(n)) });
        }
    }

    class MpiCommunicator final : public Communicator {
    public:
        MpiCommunicator(int& argc, char**& argv)
        {
            int provided = 0;
            check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "init");
            MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
            MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
            MPI_Comm_size(MPI_COMM_WORLD, &m_size);
            // Ranks that share a host share its cores: each rank's TBB threads get its share, so
            // N local ranks do not run N × cores threads.
            MPI_Comm local;
            int localSize = 1;
            if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, m_rank, MPI_INFO_NULL, &local)
                == MPI_SUCCESS) {
                MPI_Comm_size(local, &localSize);
                MPI_Comm_free(&local);
            }
            const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
            if (localSize > 1)
                m_threads = std::make_unique<tbb::global_control>(
                    tbb::global_control::max_allowed_parallelism, size_t(std::max(1, cores / localSize)));
        }
        ~MpiCommunicator() override
        {
            m_threads.reset();
            MPI_Finalize();
        }
        int rank() const override { return m_rank; }
        int size() const override { return m_size; }
        void send(int to, int tag, const std::string& bytes) override
        {
            if (bytes.size() > size_t(kMaxMessageBytes))
                throw Error(ErrorCode::TooLarge, {},
                    { "a message of " + std::to_string(bytes.size()) + " bytes", std::to_string(kMaxMessageBytes) });
            check(MPI_Send(bytes.data(), int(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD), "send");
        }
        std::optional<Message> poll() override
        {
            int flag = 0;
            MPI_Status st;
            check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st), "probe");
            if (!flag)
                return std::nullopt;
            return take(st);
        }
        Message receive(int from) override
        {
            MPI_Status st;
            check(MPI_Probe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &st), "probe");
            return take(st);
        }
        [[noreturn]] void abort(int code) override
        {
            MPI_Abort(MPI_COMM_WORLD, code);
            std::_Exit(code); // MPI_Abort does not return; if it did, end this rank at least
        }

    private:
        Message take(const MPI_Status& st)
        {
            int n = 0;
            MPI_Get_count(&st, MPI_BYTE, &n);
            if (n < 0 || n > kMaxMessageBytes)
                throw Error(ErrorCode::TooLarge, {},
                    { "a message of " + std::to_string(n) + " bytes from rank " + std::to_string(st.MPI_SOURCE),
                        std::to_string(kMaxMessageBytes) });
            Message m;
            m.from = st.MPI_SOURCE;
            m.tag = st.MPI_TAG;
            m.bytes.resize(size_t(n));
            MPI_Status got;
            check(MPI_Recv(m.bytes.data(), n, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, &got), "receive");
            return m;
        }

        int m_rank = 0, m_size = 1;
        std::unique_ptr<tbb::global_control> m_threads;
    };
}

std::unique_ptr<Communicator> makeMpiCommunicator(int& argc, char**& argv)
{
    return std::make_unique<MpiCommunicator>(argc, argv);
}

} // namespace ql::dist

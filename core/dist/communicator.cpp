#include "communicator.h"

#include "mpicommunicator.h"

#include "core/util/error.h"

#include <cstdlib>
#include <string>

namespace ql::dist {

namespace {
    /// A non-negative integer from the environment, or -1.
    int envInt(const char* name)
    {
        const char* v = std::getenv(name);
        if (!v || !*v)
            return -1;
        char* end = nullptr;
        const long n = std::strtol(v, &end, 10);
        return *end == '\0' && n >= 0 && n < (1L << 30) ? int(n) : -1;
    }
}

Launch detectLaunch()
{
    Launch l;
    const int ompiSize = envInt("OMPI_COMM_WORLD_SIZE"), ompiRank = envInt("OMPI_COMM_WORLD_RANK"),
              pmixRank = envInt("PMIX_RANK");
    l.mpi = ompiSize >= 1 || pmixRank >= 0;
    if (ompiSize >= 1)
        l.size = ompiSize;
    l.rank = ompiRank >= 0 ? ompiRank : (pmixRank >= 0 ? pmixRank : 0);
    return l;
}

bool builtWithMpi()
{
#ifdef QL_HAVE_MPI
    return true;
#else
    return false;
#endif
}

std::unique_ptr<Communicator> joinJob(int& argc, char**& argv)
{
    const Launch l = detectLaunch();
    if (!l.mpi)
        return nullptr;
#ifdef QL_HAVE_MPI
    return makeMpiCommunicator(argc, argv);
#else
    throw Error(ErrorCode::Unsupported, {},
        { "this quantlens-cli was built without MPI, but it runs as rank " + std::to_string(l.rank)
            + " of an MPI job: run it without mpirun, "
              "or build it where CMake finds MPI (Debian: libopenmpi-dev)" });
#endif
}

} // namespace ql::dist

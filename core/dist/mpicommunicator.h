#pragma once
// Internal: the MPI implementation of Communicator (built with QL_HAVE_MPI only).
#include "communicator.h"

namespace ql::dist {
/// MPI_Init_thread(FUNNELED) and MPI_COMM_WORLD; MPI_Finalize when destroyed.
std::unique_ptr<Communicator> makeMpiCommunicator(int& argc, char**& argv);
}

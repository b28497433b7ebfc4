#pragma once
/// \file hdf5lock.h
/// \brief Debian's HDF5 library is not built thread-safe: every HDF5 call in QuantLens holds this lock.

#include <mutex>

namespace ql {

inline std::recursive_mutex& hdf5Mutex()
{
    static std::recursive_mutex m;
    return m;
}

} // namespace ql

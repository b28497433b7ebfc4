#pragma once
/// \file hdf5reader.h
/// \brief HDF5 files read through the HDF5 reader process (quantlens-hdf5-reader, hdf5server.cpp):
/// libhdf5 1.10 crashes, hangs and allocates without bound on hostile files, so it never runs in
/// the GUI or CLI process. A crash there becomes Error(Hdf5Crashed) naming what the library was
/// reading, a hang past LoadLimits::readerSeconds Error(Hdf5Timeout); the reader runs under an
/// address-space limit (LoadLimits::readerMemory()) and is restarted for the next request.
///
/// The reader executable is found by $QUANTLENS_HDF5_READER, else beside the running executable,
/// else in the build's bin directory.

#include "core/util/limits.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ql {

/// \brief One object of an HDF5 file as the reader lists it.
struct Hdf5Object {
    enum class Kind { Group, Dataset, Unreadable };
    enum class Class { Float, Int, Enum, Other };
    std::string path; ///< without the leading '/', as H5Ovisit names it ("/" for the root)
    Kind kind = Kind::Group;
    Class cls = Class::Other; ///< datasets: the element class
    uint64_t elementBytes = 0;
    bool isSigned = false;
    std::vector<uint64_t> dims;
    uint64_t storedBytes = 0; ///< bytes the dataset's values take in the file (0: never written)
    bool external = false; ///< values in other files (external storage or a virtual dataset)
};

/// \brief An HDF5 file opened in the reader process. Thread-safe (requests are serialised).
class Hdf5File {
public:
    /// \brief Opens \p path and lists its objects; throws ql::Error naming the file.
    static std::shared_ptr<Hdf5File> open(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
    ~Hdf5File();
    Hdf5File(const Hdf5File&) = delete;
    Hdf5File& operator=(const Hdf5File&) = delete;

    const std::string& path() const { return m_path; }
    uint64_t fileBytes() const { return m_bytes; }
    const std::vector<Hdf5Object>& objects() const { return m_objects; }
    /// \returns the object at \p path (leading '/' optional), or nullptr.
    const Hdf5Object* find(const std::string& path) const;
    /// \returns the attributes of \p object as {name: value} (strings, numbers, small arrays; one
    /// past the limits of LoadLimits is a note "(not read: …)").
    nlohmann::ordered_json attributes(const std::string& object) const;
    /// \brief Reads values [begin, begin + count) of \p dataset in row-major order, converted to
    /// float (or double when \p asDouble), into \p out.
    void read(const std::string& dataset, bool asDouble, uint64_t begin, uint64_t count, void* out) const;

private:
    Hdf5File(std::string path, const LoadLimits& limits);
    void reopen() const;
    std::string m_path;
    LoadLimits m_limits;
    uint64_t m_bytes = 0;
    std::vector<Hdf5Object> m_objects;
    mutable int64_t m_id = 0; ///< the file's id in the reader process
    mutable uint64_t m_generation = 0; ///< which reader process m_id belongs to
};

/// \brief What the reader was doing when it crashed or hung, as Error(Hdf5Crashed / Hdf5Timeout)
/// reports it: arg0 one of "open_file", "list_objects", "open_dataset", "read_type", "read_shape",
/// "read_storage", "open_object", "count_attributes", "open_attribute", "read_attribute",
/// "read_dataset", "receive_request"; arg1 the object (a dataset or group path, or for an
/// attribute its object's path and its name, "/model_weights/layer_names").
///
/// \brief The reader process's id, or 0 when none runs (tests: a crash restarts it).
int hdf5ReaderPid();
/// \brief Stops the reader process (the next request starts a new one, with that request's limits).
void stopHdf5Reader();

} // namespace ql

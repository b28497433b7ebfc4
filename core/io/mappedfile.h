#pragma once
/// \file mappedfile.h
/// \brief A read-only memory map of a whole file, and the tensor source that decodes from it.

#include "model.h"

#include <cstdint>
#include <string>

namespace ql {

/// \brief Maps a file read-only. Pages are loaded by the OS on first touch, so mapping a file of
/// tens of GB costs nothing until its tensors are read.
class MappedFile {
public:
    /// \brief Maps \p path; throws Error(CannotOpen) or Error(Empty).
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return m_data; }
    uint64_t size() const { return m_size; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    const uint8_t* m_data = nullptr;
    uint64_t m_size = 0;
};

/// \brief Decodes tensors stored contiguously (safetensors, GGUF, .npy) from a mapped file.
class MappedSource : public TensorSource {
public:
    explicit MappedSource(std::shared_ptr<MappedFile> file)
        : m_file(std::move(file))
    {
    }
    void read(const TensorInfo& t, int64_t begin, int64_t count, float* out) const override;
    const uint8_t* storedBytes(const TensorInfo& t) const override;
    const MappedFile& file() const { return *m_file; }

private:
    std::shared_ptr<MappedFile> m_file;
};

/// \brief Decodes values [begin, begin + count) of a tensor whose bytes start at \p base.
/// Shared by every source that holds raw bytes (mapped files, decompressed zip members).
void decodeRange(const TensorInfo& t, const uint8_t* base, int64_t begin, int64_t count, float* out);

/// \brief Checks that the tensors of one file do not overlap (by [offset, offset + bytes)).
void checkNoOverlap(const std::string& file, std::vector<TensorInfo*> tensors);

} // namespace ql

#pragma once
/// \file safetensorswriter.h
/// \brief Writes float32 safetensors files atomically, one tensor at a time (memory stays bounded).

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace ql {

/// \brief Declare every tensor up front, then write them in declaration order, then commit().
/// The file appears at its path only on commit (written beside it and renamed); a writer destroyed
/// without commit() leaves nothing behind.
class SafetensorsWriter {
public:
    struct Entry {
        std::string name;
        std::vector<int64_t> shape;
    };
    SafetensorsWriter(std::string path, std::vector<Entry> entries, const std::map<std::string, std::string>& metadata = {});
    ~SafetensorsWriter();
    SafetensorsWriter(const SafetensorsWriter&) = delete;
    SafetensorsWriter& operator=(const SafetensorsWriter&) = delete;

    /// \brief Writes the next declared tensor's values (its element count of floats).
    void write(const float* values);
    /// \brief Flushes, syncs and renames into place. Throws ql::Error on failure.
    void commit();

private:
    std::string m_path, m_tmp;
    std::vector<Entry> m_entries;
    size_t m_next = 0;
    std::FILE* m_file = nullptr;
};

} // namespace ql

#include "safetensorswriter.h"

#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace ql {

namespace {
    int64_t elements(const std::vector<int64_t>& shape)
    {
        int64_t n = 1;
        for (auto d : shape)
            n *= d;
        return n;
    }
}

SafetensorsWriter::SafetensorsWriter(std::string path, std::vector<Entry> entries, const std::map<std::string, std::string>& metadata)
    : m_path(std::move(path))
    , m_entries(std::move(entries))
{
    m_tmp = m_path + ".tmp-" + std::to_string(::getpid());
    m_file = std::fopen(m_tmp.c_str(), "wb");
    if (!m_file)
        throw Error(ErrorCode::CannotOpen, m_path, { std::strerror(errno) });
    nlohmann::ordered_json h = nlohmann::ordered_json::object();
    if (!metadata.empty())
        h["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& e : m_entries) {
        const uint64_t bytes = uint64_t(elements(e.shape)) * 4;
        h[e.name] = { { "dtype", "F32" }, { "shape", e.shape }, { "data_offsets", { offset, offset + bytes } } };
        offset += bytes;
    }
    std::string header = h.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    while (header.size() % 8)
        header += ' ';
    const uint64_t n = header.size();
    if (std::fwrite(&n, 8, 1, m_file) != 1 || std::fwrite(header.data(), 1, header.size(), m_file) != header.size())
        throw Error(ErrorCode::CannotOpen, m_path, { std::strerror(errno) });
}

SafetensorsWriter::~SafetensorsWriter()
{
    if (m_file) {
        std::fclose(m_file);
        std::remove(m_tmp.c_str());
    }
}

void SafetensorsWriter::write(const float* values)
{
    if (m_next >= m_entries.size())
        throw Error(ErrorCode::BadHeader, m_path, { "more tensors written than declared" });
    const size_t n = size_t(elements(m_entries[m_next++].shape));
    if (std::fwrite(values, 4, n, m_file) != n)
        throw Error(ErrorCode::CannotOpen, m_path, { std::strerror(errno) });
}

void SafetensorsWriter::commit()
{
    if (m_next != m_entries.size())
        throw Error(ErrorCode::BadHeader, m_path, { "fewer tensors written than declared" });
    const bool ok = std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    std::fclose(m_file);
    m_file = nullptr;
    if (!ok || std::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(m_tmp.c_str());
        throw Error(ErrorCode::CannotOpen, m_path, { why });
    }
}

} // namespace ql

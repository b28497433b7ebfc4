#include "loaders.h"

#include "core/util/error.h"
#include "core/util/guard.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ql {

namespace fs = std::filesystem;

namespace {
    bool hdf5SignatureAt(std::ifstream& in, uint64_t offset)
    {
        char sig[8] = {};
        in.clear();
        in.seekg(std::streamoff(offset));
        in.read(sig, 8);
        return in.gcount() == 8 && std::memcmp(sig, "\x89HDF\r\n\x1a\n", 8) == 0;
    }
} // namespace

namespace {
Model openUnguarded(const std::string& path, const LoadLimits& limits)
{
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        const fs::path dir(path);
        if (fs::exists(dir / "model.safetensors.index.json", ec))
            return loadSafetensorsIndex((dir / "model.safetensors.index.json").string(), limits);
        if (fs::exists(dir / "model.safetensors", ec))
            return loadSafetensors((dir / "model.safetensors").string(), limits);
        throw Error(ErrorCode::CannotOpen, path, { "the folder holds no model.safetensors or its index" });
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::CannotOpen, path, { std::strerror(errno) });
    const uint64_t size = fs::file_size(path, ec);
    if (ec)
        throw Error(ErrorCode::CannotOpen, path, { ec.message() });
    if (size == 0)
        throw Error(ErrorCode::Empty, path);
    unsigned char head[16] = {};
    in.read(reinterpret_cast<char*>(head), sizeof(head));
    const auto got = size_t(in.gcount());

    if (got >= 4 && std::memcmp(head, "GGUF", 4) == 0)
        return loadGguf(path, limits);
    if (got >= 6 && std::memcmp(head, "\x93NUMPY", 6) == 0)
        return loadNpy(path, limits);
    if (got >= 4 && (std::memcmp(head, "PK\x03\x04", 4) == 0 || std::memcmp(head, "PK\x05\x06", 4) == 0))
        return loadNpz(path, limits);
    // HDF5 signatures sit at 0, 512, 1024, 2048, … (after an optional user block).
    for (uint64_t off = 0; off + 8 <= size; off = off ? off * 2 : 512)
        if (hdf5SignatureAt(in, off))
            return loadHdf5(path, limits);
    // A JSON document: a sharded safetensors index.
    size_t first = 0;
    while (first < got && std::isspace(head[first]))
        ++first;
    if (first < got && head[first] == '{')
        return loadSafetensorsIndex(path, limits);
    // safetensors: an 8-byte little-endian header length, then a JSON object.
    if (got >= 9 && head[8] == '{')
        return loadSafetensors(path, limits);
    if (size < 9)
        throw Error(ErrorCode::Truncated, path, { "the file header" });
    throw Error(ErrorCode::UnknownFormat, path);
}
} // namespace

Model open(const std::string& path, const LoadLimits& limits)
{
    return guardReader(path, [&] { return openUnguarded(path, limits); });
}

} // namespace ql

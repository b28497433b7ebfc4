#pragma once
// Writers that build model files in every supported layout for the tests: valid ones in the
// layouts real tools produce, and malformed ones.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fixtures {

using Bytes = std::string;

/// \brief Bytes of a vector of trivially copyable values.
template <typename T>
Bytes raw(const std::vector<T>& v)
{
    return Bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

void writeFile(const std::string& path, const Bytes& bytes);
Bytes readFile(const std::string& path);

struct StTensor {
    std::string name, dtype;
    std::vector<int64_t> shape;
    Bytes data;
};
/// \brief A safetensors file (tensors laid out in order).
Bytes safetensors(const std::vector<StTensor>& tensors, const nlohmann::json& metadata = nullptr);
/// \brief A safetensors file with a hand-written header (for malformed cases).
Bytes safetensorsRaw(const std::string& header, const Bytes& data);

/// \brief Builds a GGUF file.
class Gguf {
public:
    void kv(const std::string& key, uint32_t type, const Bytes& value);
    void kvU32(const std::string& key, uint32_t v);
    void kvString(const std::string& key, const std::string& v);
    /// \brief \p shape outermost first, as QuantLens shows it (written reversed as ne).
    void tensor(const std::string& name, const std::vector<int64_t>& shape, uint32_t ggmlType, const Bytes& data);
    Bytes build(uint32_t version = 3, uint32_t alignment = 32) const;

    static Bytes str(const std::string& s);

private:
    struct T {
        std::string name;
        std::vector<int64_t> shape;
        uint32_t type;
        Bytes data;
    };
    std::vector<std::pair<std::string, std::pair<uint32_t, Bytes>>> m_kv;
    std::vector<T> m_tensors;
};

/// \brief An .npy file.
Bytes npy(const std::string& descr, const std::vector<int64_t>& shape, const Bytes& data, bool fortran = false);
/// \brief Writes a zip archive with members named exactly as given.
void writeZip(const std::string& path, const std::vector<std::pair<std::string, Bytes>>& members, bool deflate);
/// \brief Writes an .npz archive; members are named NAME.npy.
void writeNpz(const std::string& path, const std::vector<std::pair<std::string, Bytes>>& members, bool deflate);

struct H5Dataset {
    std::string path; ///< full path, groups created as needed
    std::vector<int64_t> shape;
    std::vector<float> values;
};
struct H5StringAttr {
    std::string object; ///< "/" or a group path
    std::string name;
    std::vector<std::string> values; ///< one value: scalar attribute
};
/// \brief Writes an HDF5 file with float32 datasets and string attributes.
void writeHdf5(const std::string& path, const std::vector<H5Dataset>& datasets, const std::vector<H5StringAttr>& attrs);

/// \brief Values 0, 1, 2, … scaled and shifted (deterministic test data).
std::vector<float> ramp(size_t n, float scale = 1.0f, float offset = 0.0f);

} // namespace fixtures

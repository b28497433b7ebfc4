#include "fixtures.h"

#include <hdf5.h>
#include <zip.h>

#include <fstream>
#include <stdexcept>

namespace fixtures {

void writeFile(const std::string& path, const Bytes& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

Bytes readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

namespace {
    template <typename T>
    void put(Bytes& b, T v)
    {
        b.append(reinterpret_cast<const char*>(&v), sizeof(T));
    }
} // namespace

Bytes safetensorsRaw(const std::string& header, const Bytes& data)
{
    Bytes out;
    put<uint64_t>(out, header.size());
    return out + header + data;
}

Bytes safetensors(const std::vector<StTensor>& tensors, const nlohmann::json& metadata)
{
    nlohmann::ordered_json h = nlohmann::ordered_json::object();
    if (!metadata.is_null())
        h["__metadata__"] = metadata;
    Bytes data;
    for (const auto& t : tensors) {
        h[t.name] = { { "dtype", t.dtype }, { "shape", t.shape }, { "data_offsets", { data.size(), data.size() + t.data.size() } } };
        data += t.data;
    }
    std::string header = h.dump();
    while (header.size() % 8)
        header += ' ';
    return safetensorsRaw(header, data);
}

Bytes Gguf::str(const std::string& s)
{
    Bytes b;
    put<uint64_t>(b, s.size());
    return b + s;
}

void Gguf::kv(const std::string& key, uint32_t type, const Bytes& value) { m_kv.push_back({ key, { type, value } }); }

void Gguf::kvU32(const std::string& key, uint32_t v)
{
    Bytes b;
    put(b, v);
    kv(key, 4, b);
}

void Gguf::kvString(const std::string& key, const std::string& v) { kv(key, 8, str(v)); }

void Gguf::tensor(const std::string& name, const std::vector<int64_t>& shape, uint32_t type, const Bytes& data)
{
    m_tensors.push_back({ name, shape, type, data });
}

Bytes Gguf::build(uint32_t version, uint32_t alignment) const
{
    Bytes b = "GGUF";
    put<uint32_t>(b, version);
    put<uint64_t>(b, m_tensors.size());
    put<uint64_t>(b, m_kv.size());
    for (const auto& [key, tv] : m_kv) {
        b += str(key);
        put<uint32_t>(b, tv.first);
        b += tv.second;
    }
    uint64_t offset = 0;
    std::vector<uint64_t> offsets;
    for (const auto& t : m_tensors) {
        b += str(t.name);
        put<uint32_t>(b, uint32_t(t.shape.size()));
        for (size_t k = t.shape.size(); k-- > 0;)
            put<uint64_t>(b, uint64_t(t.shape[k]));
        put<uint32_t>(b, t.type);
        put<uint64_t>(b, offset);
        offsets.push_back(offset);
        offset += (t.data.size() + alignment - 1) / alignment * alignment;
    }
    while (b.size() % alignment)
        b += '\0';
    for (size_t i = 0; i < m_tensors.size(); ++i) {
        b += m_tensors[i].data;
        while (b.size() % alignment)
            b += '\0';
    }
    return b;
}

Bytes npy(const std::string& descr, const std::vector<int64_t>& shape, const Bytes& data, bool fortran)
{
    std::string s = "(";
    for (auto d : shape)
        s += std::to_string(d) + ",";
    if (shape.size() > 1)
        s.pop_back();
    s += ")";
    std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + s + ", }";
    while ((10 + header.size() + 1) % 64)
        header += ' ';
    header += '\n';
    Bytes b = "\x93NUMPY";
    b += '\x01';
    b += '\x00';
    put<uint16_t>(b, uint16_t(header.size()));
    return b + header + data;
}

void writeNpz(const std::string& path, const std::vector<std::pair<std::string, Bytes>>& members, bool deflate)
{
    auto named = members;
    for (auto& m : named)
        m.first += ".npy";
    writeZip(path, named, deflate);
}

void writeZip(const std::string& path, const std::vector<std::pair<std::string, Bytes>>& members, bool deflate)
{
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        throw std::runtime_error("zip_open failed for " + path);
    for (const auto& [name, bytes] : members) {
        zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        const zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
        if (idx < 0)
            throw std::runtime_error("zip_file_add failed");
        zip_set_file_compression(z, zip_uint64_t(idx), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0)
        throw std::runtime_error("zip_close failed for " + path);
}

void writeHdf5(const std::string& path, const std::vector<H5Dataset>& datasets, const std::vector<H5StringAttr>& attrs)
{
    const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0)
        throw std::runtime_error("cannot create " + path);
    const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    for (const auto& d : datasets) {
        std::vector<hsize_t> dims(d.shape.begin(), d.shape.end());
        const hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
        const hid_t ds = H5Dcreate2(f, d.path.c_str(), H5T_IEEE_F32LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data());
        H5Dclose(ds);
        H5Sclose(space);
    }
    for (const auto& a : attrs) {
        if (a.object != "/" && H5Lexists(f, a.object.c_str(), H5P_DEFAULT) <= 0)
            H5Gclose(H5Gcreate2(f, a.object.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT));
        const hid_t obj = H5Oopen(f, a.object.c_str(), H5P_DEFAULT);
        const hid_t type = H5Tcopy(H5T_C_S1);
        size_t maxLen = 1;
        for (const auto& s : a.values)
            maxLen = std::max(maxLen, s.size());
        H5Tset_size(type, maxLen);
        hsize_t n = a.values.size();
        const hid_t space = a.values.size() == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr);
        std::string buf(maxLen * a.values.size(), '\0');
        for (size_t i = 0; i < a.values.size(); ++i)
            buf.replace(i * maxLen, a.values[i].size(), a.values[i]);
        const hid_t attr = H5Acreate2(obj, a.name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(attr, type, buf.data());
        H5Aclose(attr);
        H5Sclose(space);
        H5Tclose(type);
        H5Oclose(obj);
    }
    H5Pclose(lcpl);
    H5Fclose(f);
}

std::vector<float> ramp(size_t n, float scale, float offset)
{
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = float(i) * scale + offset;
    return v;
}

} // namespace fixtures

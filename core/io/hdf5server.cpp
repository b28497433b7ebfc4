// quantlens-hdf5-reader: the one place QuantLens calls libhdf5 on a file it did not write. libhdf5
// 1.10 is not safe on hostile files (heap overflows, null dereferences and endless loops on mutated
// object headers and attributes), so it runs in this process of its own, under an address-space
// limit, serving requests over a socket (hdf5protocol.h). A crash or hang here ends this process
// only; QuantLens reports it as a malformed file and starts a new reader for the next request.
//
//   quantlens-hdf5-reader FD MEMORY_BYTES

#include "hdf5protocol.h"

#include "core/util/error.h"

#include <hdf5.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <signal.h>
#include <string>
#include <sys/resource.h>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define QL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QL_ASAN 1
#endif
#endif
#ifndef QL_ASAN
#define QL_ASAN 0
#endif

using nlohmann::json;
namespace ipc = ql::hdf5ipc;

namespace {

int g_fd = -1;

/// Thrown for a failure to report as a reply (the library returned an error, or a limit).
struct Failure {
    ql::ErrorCode code;
    std::vector<std::string> args;
};

/// Tells QuantLens what is about to be read, so a crash or a hang can be named: \p action is one
/// of the keys of hdf5reader.h (hdf5Action), \p object the dataset, group or attribute path.
void doing(const char* action, const std::string& object = {})
{
    if (!ipc::send(g_fd, json { { "doing", action }, { "object", object } }))
        std::_Exit(0); // QuantLens is gone
}

struct Handle {
    hid_t id;
    herr_t (*close)(hid_t);
    Handle(hid_t i, herr_t (*c)(hid_t))
        : id(i)
        , close(c)
    {
    }
    ~Handle()
    {
        if (id >= 0)
            close(id);
    }
    Handle(const Handle&) = delete;
    operator hid_t() const { return id; }
};

struct OpenFile {
    hid_t file = -1;
    std::string path;
};
std::map<int64_t, OpenFile> g_files;
int64_t g_nextFile = 1;

OpenFile& fileOf(const json& req)
{
    const auto it = g_files.find(req.at("file").get<int64_t>());
    if (it == g_files.end())
        throw Failure { ql::ErrorCode::Hdf5Failure, { "finding", "an open file" } };
    return it->second;
}

struct Listing {
    std::vector<std::pair<std::string, H5O_type_t>> objects;
    uint64_t limit = 0;
    bool overflow = false;
};

herr_t visit(hid_t, const char* name, const H5O_info_t* info, void* data)
{
    auto* l = static_cast<Listing*>(data);
    if (l->objects.size() >= l->limit) {
        l->overflow = true;
        return 1; // stop
    }
    l->objects.emplace_back(name, info->type);
    return 0;
}

json describeDataset(hid_t file, const std::string& path)
{
    doing("open_dataset", path);
    Handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
    json d { { "path", path }, { "kind", "dataset" } };
    if (ds < 0) {
        d["kind"] = "unreadable";
        return d;
    }
    doing("read_type", path);
    Handle type(H5Dget_type(ds), H5Tclose);
    const H5T_class_t cls = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    d["class"] = cls == H5T_FLOAT ? "float" : cls == H5T_INTEGER ? "int" : cls == H5T_ENUM ? "enum" : "other";
    d["size"] = type >= 0 ? uint64_t(H5Tget_size(type)) : 0;
    d["signed"] = cls == H5T_INTEGER && H5Tget_sign(type) == H5T_SGN_2;
    doing("read_shape", path);
    Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank < 0 || rank > 32) {
        d["kind"] = "unreadable";
        return d;
    }
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    d["dims"] = dims;
    doing("read_storage", path);
    Handle dcpl(H5Dget_create_plist(ds), H5Pclose);
    d["external"] = dcpl < 0 || H5Pget_layout(dcpl) == H5D_VIRTUAL || H5Pget_external_count(dcpl) != 0;
    d["stored"] = uint64_t(H5Dget_storage_size(ds));
    return d;
}

json open(const json& req)
{
    const std::string path = req.at("path");
    doing("open_file");
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        throw Failure { ql::ErrorCode::Hdf5Failure, { "opening", "/" } };
    const int64_t id = g_nextFile++;
    g_files[id] = { f, path };
    hsize_t bytes = 0;
    H5Fget_filesize(f, &bytes);
    Listing l;
    l.limit = req.value("max_objects", uint64_t(1) << 22);
    doing("list_objects");
    if (H5Ovisit(f, H5_INDEX_NAME, H5_ITER_INC, visit, &l) < 0)
        throw Failure { ql::ErrorCode::Hdf5Failure, { "listing", "/" } };
    if (l.overflow)
        throw Failure { ql::ErrorCode::LimitExceeded, { "tensors", std::to_string(l.limit) + "+", std::to_string(l.limit), "" } };
    json objects = json::array();
    for (const auto& [name, type] : l.objects) {
        const std::string p = name == std::string(".") ? "/" : name;
        if (type == H5O_TYPE_DATASET)
            objects.push_back(describeDataset(f, p));
        else if (type == H5O_TYPE_GROUP)
            objects.push_back(json { { "path", p }, { "kind", "group" } });
    }
    return json { { "file", id }, { "bytes", uint64_t(bytes) }, { "objects", std::move(objects) } };
}

/// One attribute as JSON: strings, numeric scalars and small numeric arrays; one past the limits
/// is a note saying so (no view needs it), and anything else null.
json attributeValue(hid_t attr, const std::string& where, uint64_t maxBytes)
{
    constexpr hssize_t kMaxElements = 65536;
    Handle type(H5Aget_type(attr), H5Tclose);
    Handle space(H5Aget_space(attr), H5Sclose);
    if (type < 0 || space < 0)
        return nullptr;
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    const H5T_class_t cls = H5Tget_class(type);
    if (n < 0 || n > kMaxElements)
        return "(not read: " + std::to_string(n) + " elements, over the limit of " + std::to_string(kMaxElements) + ")";
    const size_t count = size_t(std::max<hssize_t>(n, 1));
    if (cls == H5T_STRING) {
        const bool variable = H5Tis_variable_str(type) > 0;
        const uint64_t fixed = uint64_t(H5Tget_size(type)) * count;
        if (!variable && fixed > maxBytes)
            return "(not read: " + std::to_string(fixed) + " bytes, over the limit of " + std::to_string(maxBytes) + ")";
        std::vector<std::string> out;
        Handle mem(H5Tcopy(type), H5Tclose);
        doing("read_attribute", where);
        if (variable) {
            std::vector<char*> ptrs(count, nullptr);
            if (H5Aread(attr, mem, ptrs.data()) < 0)
                return nullptr;
            uint64_t total = 0;
            for (char* p : ptrs) {
                const size_t len = p ? ::strnlen(p, maxBytes + 1) : 0;
                total += len;
                out.emplace_back(p && total <= maxBytes ? std::string(p, len) : std::string());
            }
            H5Dvlen_reclaim(mem, space, H5P_DEFAULT, ptrs.data());
        } else {
            const size_t len = H5Tget_size(type);
            std::vector<char> buf(len * count + 1, 0);
            if (H5Aread(attr, mem, buf.data()) < 0)
                return nullptr;
            for (size_t i = 0; i < count; ++i) {
                std::string s(buf.data() + i * len, len);
                s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
                out.push_back(std::move(s));
            }
        }
        if (out.size() == 1)
            return out[0];
        return out;
    }
    if ((cls == H5T_INTEGER || cls == H5T_FLOAT) && n > 0 && n <= 4096) {
        std::vector<double> v(static_cast<size_t>(n));
        doing("read_attribute", where);
        if (H5Aread(attr, H5T_NATIVE_DOUBLE, v.data()) < 0)
            return nullptr;
        if (n == 1 && H5Sget_simple_extent_ndims(space) == 0)
            return v[0];
        return v;
    }
    return nullptr;
}

json attributes(const json& req)
{
    OpenFile& f = fileOf(req);
    const std::string object = req.at("object");
    const uint64_t maxBytes = req.value("max_bytes", uint64_t(16) << 20);
    const uint64_t maxCount = req.value("max_count", uint64_t(256));
    json out = json::object();
    doing("open_object", object);
    Handle obj(H5Oopen(f.file, object.c_str(), H5P_DEFAULT), H5Oclose);
    if (obj < 0)
        return out;
    H5O_info_t info;
    doing("count_attributes", object);
    if (H5Oget_info(obj, &info) < 0)
        return out;
    for (hsize_t i = 0; i < info.num_attrs && i < maxCount; ++i) {
        doing("open_attribute", object);
        Handle attr(H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (attr < 0)
            continue;
        char name[256] = {};
        if (H5Aget_name(attr, sizeof(name) - 1, name) < 0)
            continue;
        json v = attributeValue(attr, (object == "/" ? "/" : object + "/") + name, maxBytes);
        if (!v.is_null())
            out[name] = std::move(v);
    }
    return out;
}

/// Selects the flat range [begin, begin + count) of a row-major dataspace as a union of at most
/// 2·rank − 1 blocks (runs of whole sub-arrays), so no more than the range is read.
void selectFlatRange(hid_t space, const std::vector<hsize_t>& dims, uint64_t begin, uint64_t count)
{
    const size_t r = dims.size();
    std::vector<uint64_t> stride(r, 1);
    for (size_t k = r - 1; k-- > 0;)
        stride[k] = stride[k + 1] * dims[k + 1];
    uint64_t p = begin;
    const uint64_t e = begin + count;
    bool first = true;
    while (p < e) {
        size_t k = 0;
        while (p % stride[k] != 0)
            ++k;
        while (k + 1 < r && e - p < stride[k])
            ++k;
        const uint64_t room = k == 0 ? dims[0] - p / stride[0] : (stride[k - 1] - p % stride[k - 1]) / stride[k];
        const uint64_t n = std::min(room, (e - p) / stride[k]);
        std::vector<hsize_t> start(r, 0), size(r, 1);
        uint64_t rem = p;
        for (size_t a = 0; a < r; ++a) {
            start[a] = rem / stride[a];
            rem %= stride[a];
        }
        size[k] = n;
        for (size_t a = k + 1; a < r; ++a) {
            start[a] = 0;
            size[a] = dims[a];
        }
        if (H5Sselect_hyperslab(space, first ? H5S_SELECT_SET : H5S_SELECT_OR, start.data(), nullptr, size.data(), nullptr) < 0)
            throw Failure { ql::ErrorCode::Hdf5Failure, { "selecting", "a range" } };
        first = false;
        p += n * stride[k];
    }
}

void read(const json& req)
{
    OpenFile& f = fileOf(req);
    const std::string path = req.at("dataset");
    const bool f64 = req.at("type") == "f64";
    const uint64_t begin = req.at("begin"), count = req.at("count");
    const size_t esize = f64 ? 8 : 4;
    doing("open_dataset", path);
    Handle ds(H5Dopen2(f.file, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (ds < 0)
        throw Failure { ql::ErrorCode::Hdf5Failure, { "opening", path } };
    Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank < 0)
        throw Failure { ql::ErrorCode::Hdf5Failure, { "reading the shape", path } };
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    uint64_t total = 1;
    for (auto d : dims)
        total = __builtin_mul_overflow(total, uint64_t(d), &total) ? UINT64_MAX : total;
    if (count == 0 || begin > total || count > total - begin)
        throw Failure { ql::ErrorCode::Hdf5Failure, { "reading past the end", path } };
    std::vector<char> buf(count * esize);
    const hid_t memType = f64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT;
    doing("read_dataset", path);
    herr_t ok;
    if (rank == 0) {
        ok = H5Dread(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    } else {
        selectFlatRange(space, dims, begin, count);
        const hsize_t n = count;
        Handle mem(H5Screate_simple(1, &n, nullptr), H5Sclose);
        ok = H5Dread(ds, memType, mem, space, H5P_DEFAULT, buf.data());
    }
    if (ok < 0)
        throw Failure { ql::ErrorCode::Hdf5Failure, { "reading", path } };
    if (!ipc::send(g_fd, json { { "ok", true } }, buf.data(), buf.size()))
        std::_Exit(0);
}

void serve()
{
    for (;;) {
        json req;
        uint64_t blob = 0;
        if (ipc::receiveHeader(g_fd, req, blob, 0) != ipc::Io::Ok || ipc::receiveBlob(g_fd, nullptr, blob, 0) != ipc::Io::Ok)
            return; // QuantLens closed the socket
        try {
            const std::string op = req.value("op", "");
            if (op == "read") {
                read(req);
                continue;
            }
            json result;
            if (op == "open") {
                result = open(req);
            } else if (op == "attributes") {
                result = attributes(req);
            } else if (op == "close") {
                const auto it = g_files.find(req.at("file").get<int64_t>());
                if (it != g_files.end()) {
                    H5Fclose(it->second.file);
                    g_files.erase(it);
                }
            } else {
                throw Failure { ql::ErrorCode::Unsupported, { "the reader request '" + op + "'" } };
            }
            ipc::send(g_fd, json { { "ok", std::move(result) } });
        } catch (const Failure& f) {
            ipc::send(g_fd, json { { "error", { { "code", int(f.code) }, { "args", f.args } } } });
        } catch (const std::bad_alloc&) {
            ipc::send(g_fd, json { { "error", { { "code", int(ql::ErrorCode::OutOfMemory) }, { "args", json::array() } } } });
        } catch (const std::exception& e) {
            ipc::send(g_fd, json { { "error", { { "code", int(ql::ErrorCode::Unexpected) }, { "args", { e.what() } } } } });
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: quantlens-hdf5-reader FD MEMORY_BYTES (started by QuantLens)\n");
        return 2;
    }
    g_fd = std::atoi(argv[1]);
    const unsigned long long memory = std::strtoull(argv[2], nullptr, 10);
#if !QL_ASAN
    // A runaway allocation inside the library fails (or kills this process), never the machine.
    // (AddressSanitizer reserves terabytes of address space: its build limits memory by ASAN_OPTIONS.)
    if (memory > 0) {
        const rlimit lim { rlim_t(memory), rlim_t(memory) };
        setrlimit(RLIMIT_AS, &lim);
    }
#else
    (void)memory;
#endif
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    signal(SIGPIPE, SIG_IGN);
    serve();
    return 0;
}

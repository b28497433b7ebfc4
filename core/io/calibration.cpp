#include "calibration.h"
#include "hdf5lock.h"
#include "model.h"
#include "names.h"

#include "../util/error.h"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <mutex>
#include <unistd.h>

namespace ql {

void CalibrationEntry::add(const float* x, int64_t keepRows)
{
    if (meanSq.empty()) {
        meanSq.assign(size_t(in), 0.0f);
        absmax.assign(size_t(in), 0.0f);
        hessian.assign(size_t(in * in), 0.0);
    }
    // meanSq holds the running mean; the Hessian accumulates the upper and lower triangle alike.
    const double n1 = double(samples + 1);
    for (int64_t i = 0; i < in; ++i) {
        meanSq[size_t(i)] = float(double(meanSq[size_t(i)]) + (double(x[i]) * x[i] - meanSq[size_t(i)]) / n1);
        absmax[size_t(i)] = std::max(absmax[size_t(i)], std::fabs(x[i]));
        double* row = hessian.data() + i * in;
        const double xi = x[i];
        for (int64_t j = 0; j < in; ++j)
            row[j] += xi * double(x[j]);
    }
    if (samples < keepRows)
        inputs.insert(inputs.end(), x, x + in);
    ++samples;
}

const CalibrationEntry* CalibrationStore::find(const std::string& tensor) const
{
    auto it = entries.find(tensor);
    if (it == entries.end())
        it = entries.find(ggufTensorName(tensor));
    return it == entries.end() ? nullptr : &it->second;
}

namespace {
    void writeDataset(hid_t group, const char* name, hid_t memType, hid_t fileType, const void* data, std::vector<hsize_t> dims)
    {
        const hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
        const hid_t ds = H5Dcreate2(group, name, fileType, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const herr_t ok = ds >= 0 ? H5Dwrite(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) : -1;
        if (ds >= 0)
            H5Dclose(ds);
        H5Sclose(space);
        if (ok < 0)
            throw Error(ErrorCode::Hdf5Failure, {}, { "writing", name });
    }

    template <typename T>
    std::vector<T> readDataset(hid_t file, const std::string& path, hid_t memType, std::vector<hsize_t>& dims, const std::string& fileName)
    {
        std::vector<T> out;
        if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0)
            return out;
        const hid_t ds = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
        if (ds < 0)
            throw Error(ErrorCode::Hdf5Failure, fileName, { "opening", path });
        const hid_t space = H5Dget_space(ds);
        const int rank = H5Sget_simple_extent_ndims(space);
        dims.assign(size_t(std::max(rank, 0)), 0);
        H5Sget_simple_extent_dims(space, dims.data(), nullptr);
        hsize_t n = 1;
        for (auto d : dims)
            n *= d;
        if (n > (hsize_t(1) << 32)) {
            H5Sclose(space);
            H5Dclose(ds);
            throw Error(ErrorCode::TooLarge, fileName, { "dataset '" + path + "'", "2^32 values" });
        }
        out.resize(size_t(n));
        const herr_t ok = n ? H5Dread(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) : 0;
        H5Sclose(space);
        H5Dclose(ds);
        if (ok < 0)
            throw Error(ErrorCode::Hdf5Failure, fileName, { "reading", path });
        return out;
    }
} // namespace

void saveCalibration(const CalibrationStore& store, const std::string& path)
{
    std::lock_guard lock(hdf5Mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const hid_t f = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0)
        throw Error(ErrorCode::CannotOpen, path, { "cannot create the HDF5 file" });
    try {
        const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
        H5Pset_create_intermediate_group(lcpl, 1);
        for (const auto& [name, e] : store.entries) {
            const std::string gpath = "/calibration/" + name;
            const hid_t g = H5Gcreate2(f, gpath.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT);
            if (g < 0)
                throw Error(ErrorCode::Hdf5Failure, path, { "creating", gpath });
            const hsize_t in = hsize_t(e.in);
            if (!e.hessian.empty())
                writeDataset(g, "hessian", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, e.hessian.data(), { in, in });
            if (!e.meanSq.empty())
                writeDataset(g, "mean_sq", H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, e.meanSq.data(), { in });
            if (!e.absmax.empty())
                writeDataset(g, "absmax", H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, e.absmax.data(), { in });
            if (!e.inputs.empty())
                writeDataset(g, "inputs", H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, e.inputs.data(), { hsize_t(e.inputs.size()) / in, in });
            const hid_t space = H5Screate(H5S_SCALAR);
            const hid_t attr = H5Acreate2(g, "n_samples", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
            const int64_t n = e.samples;
            H5Awrite(attr, H5T_NATIVE_INT64, &n);
            H5Aclose(attr);
            H5Sclose(space);
            H5Gclose(g);
        }
        H5Pclose(lcpl);
    } catch (...) {
        H5Fclose(f);
        std::remove(tmp.c_str());
        throw;
    }
    H5Fclose(f);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error(ErrorCode::CannotOpen, path, { "cannot move the file into place" });
    }
}

namespace {
    struct VisitData {
        std::vector<std::string> groups;
    };
    herr_t visitGroups(hid_t, const char* name, const H5O_info_t* info, void* data)
    {
        if (info->type == H5O_TYPE_GROUP)
            static_cast<VisitData*>(data)->groups.emplace_back(name);
        return 0;
    }
}

CalibrationStore loadCalibration(const std::string& path)
{
    std::lock_guard lock(hdf5Mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        throw Error(ErrorCode::Hdf5Failure, path, { "opening", "/" });
    CalibrationStore store;
    try {
        if (H5Lexists(f, "calibration", H5P_DEFAULT) <= 0)
            throw Error(ErrorCode::BadHeader, path, { "no /calibration group: not a QuantLens calibration file" });
        const hid_t root = H5Gopen2(f, "calibration", H5P_DEFAULT);
        VisitData groups;
        H5Ovisit(root, H5_INDEX_NAME, H5_ITER_INC, visitGroups, &groups);
        H5Gclose(root);
        for (const auto& g : groups.groups) {
            if (g == ".")
                continue;
            const std::string base = "/calibration/" + g + "/";
            CalibrationEntry e;
            std::vector<hsize_t> dims;
            e.hessian = readDataset<double>(f, base + "hessian", H5T_NATIVE_DOUBLE, dims, path);
            if (!e.hessian.empty()) {
                if (dims.size() != 2 || dims[0] != dims[1])
                    throw Error(ErrorCode::BadHeader, path, { "'" + base + "hessian' is not square" });
                e.in = int64_t(dims[0]);
            }
            e.meanSq = readDataset<float>(f, base + "mean_sq", H5T_NATIVE_FLOAT, dims, path);
            if (!e.meanSq.empty())
                e.in = int64_t(e.meanSq.size());
            e.absmax = readDataset<float>(f, base + "absmax", H5T_NATIVE_FLOAT, dims, path);
            e.inputs = readDataset<float>(f, base + "inputs", H5T_NATIVE_FLOAT, dims, path);
            if (!e.inputs.empty()) {
                if (dims.size() != 2)
                    throw Error(ErrorCode::BadHeader, path, { "'" + base + "inputs' is not [n, in]" });
                e.in = int64_t(dims[1]);
            }
            if (e.in == 0)
                continue; // an intermediate group (names with '/')
            if ((!e.meanSq.empty() && int64_t(e.meanSq.size()) != e.in) || (!e.absmax.empty() && int64_t(e.absmax.size()) != e.in))
                throw Error(ErrorCode::BadHeader, path, { "the datasets of '" + base + "' disagree on the input size" });
            const std::string gpath = base.substr(0, base.size() - 1);
            const hid_t grp = H5Gopen2(f, gpath.c_str(), H5P_DEFAULT);
            if (grp >= 0 && H5Aexists(grp, "n_samples") > 0) {
                const hid_t attr = H5Aopen(grp, "n_samples", H5P_DEFAULT);
                int64_t n = 0;
                H5Aread(attr, H5T_NATIVE_INT64, &n);
                H5Aclose(attr);
                e.samples = n;
            }
            if (grp >= 0)
                H5Gclose(grp);
            store.entries[g] = std::move(e);
        }
    } catch (...) {
        H5Fclose(f);
        throw;
    }
    H5Fclose(f);
    return store;
}

CalibrationStore loadImatrix(const std::string& path)
{
    CalibrationStore store;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the importance matrix" });
    char magic[4] = {};
    const bool gguf = std::fread(magic, 1, 4, f) == 4 && std::memcmp(magic, "GGUF", 4) == 0;
    if (gguf) {
        std::fclose(f);
        // The GGUF-based format: a tensor of sums of squares and one of counts per weight.
        const Model m = open(path);
        for (size_t i = 0; i < m.tensors.size(); ++i) {
            const std::string& name = m.tensors[i].name;
            if (!name.ends_with(".in_sum2"))
                continue;
            const std::string base = name.substr(0, name.size() - 8);
            const int ci = m.find(base + ".counts");
            if (ci < 0)
                throw Error(ErrorCode::BadHeader, path, { "'" + name + "' has no matching .counts tensor" });
            const auto sums = m.readAll(i);
            const auto counts = m.readAll(size_t(ci));
            const auto& shape = m.tensors[i].shape;
            const int64_t in = shape.back(); // [experts, in] or [in]
            if (in <= 0 || int64_t(sums.size()) % in != 0 || int64_t(counts.size()) != int64_t(sums.size()) / in)
                throw Error(ErrorCode::BadHeader, path, { "'" + name + "' and its counts disagree in shape" });
            // Experts (when there are several) are pooled: total sums over total counts.
            CalibrationEntry e;
            e.in = in;
            double total = 0;
            for (float c : counts)
                total += c;
            e.samples = int64_t(total);
            e.meanSq.assign(size_t(in), 0.0f);
            for (size_t k = 0; k < sums.size(); ++k)
                e.meanSq[k % size_t(in)] += sums[k];
            for (auto& v : e.meanSq)
                v = total > 0 ? float(v / total) : 0.0f;
            store.entries[base] = std::move(e);
        }
        if (store.entries.empty())
            throw Error(ErrorCode::BadHeader, path, { "a GGUF file without imatrix tensors (<name>.in_sum2)" });
        return store;
    }
    // The legacy format: n_entries, then per entry the name, the call count, the value count and
    // the values (sums scaled to ncall calls), then the last call count and the dataset name.
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    auto readInt = [&](const char* what) {
        int32_t v;
        if (std::fread(&v, 4, 1, f) != 1) {
            std::fclose(f);
            throw Error(ErrorCode::Truncated, path, { what });
        }
        return v;
    };
    const int32_t n = readInt("the entry count");
    if (n <= 0 || int64_t(n) > size / 12) {
        std::fclose(f);
        throw Error(ErrorCode::BadHeader, path, { "not an importance matrix (entry count " + std::to_string(n) + ")" });
    }
    for (int32_t k = 0; k < n; ++k) {
        const int32_t len = readInt("an entry name length");
        if (len <= 0 || len > 4096) {
            std::fclose(f);
            throw Error(ErrorCode::BadHeader, path, { "entry " + std::to_string(k) + " has a name length of " + std::to_string(len) });
        }
        std::string name(size_t(len), '\0');
        if (std::fread(name.data(), 1, size_t(len), f) != size_t(len)) {
            std::fclose(f);
            throw Error(ErrorCode::Truncated, path, { "an entry name" });
        }
        const int32_t ncall = readInt("a call count");
        const int32_t nval = readInt("a value count");
        if (nval <= 0 || int64_t(nval) * 4 > size) {
            std::fclose(f);
            throw Error(ErrorCode::BadHeader, path, { "entry '" + name + "' has " + std::to_string(nval) + " values" });
        }
        CalibrationEntry e;
        e.in = nval;
        e.samples = ncall;
        e.meanSq.resize(size_t(nval));
        if (std::fread(e.meanSq.data(), 4, size_t(nval), f) != size_t(nval)) {
            std::fclose(f);
            throw Error(ErrorCode::Truncated, path, { "the values of '" + name + "'" });
        }
        if (ncall > 0)
            for (auto& v : e.meanSq)
                v /= float(ncall);
        store.entries[name] = std::move(e);
    }
    std::fclose(f);
    return store;
}

CalibrationStore loadCalibrationNpz(const std::string& path, int64_t keepRows)
{
    const Model m = open(path);
    if (m.format != Format::Npz)
        throw Error(ErrorCode::BadHeader, path, { "not an .npz archive" });
    CalibrationStore store;
    static const char* const fields[] = { "inputs", "hessian", "mean_sq", "absmax" };
    std::map<std::string, std::map<std::string, size_t>> members;
    for (size_t i = 0; i < m.tensors.size(); ++i) {
        const std::string& name = m.tensors[i].name;
        const size_t cut = name.find_last_of("/.");
        const std::string field = cut == std::string::npos ? std::string() : name.substr(cut + 1);
        if (cut == std::string::npos || std::find(std::begin(fields), std::end(fields), field) == std::end(fields))
            throw Error(ErrorCode::BadHeader, path, { "member '" + name + "' is not <tensor>/inputs, hessian, mean_sq or absmax" });
        members[name.substr(0, cut)][field] = i;
    }
    for (const auto& [tensor, f] : members) {
        CalibrationEntry e;
        if (const auto it = f.find("inputs"); it != f.end()) {
            const auto& t = m.tensors[it->second];
            if (t.shape.size() != 2)
                throw Error(ErrorCode::BadHeader, path, { "'" + t.name + "' must be [n, in]" });
            e.in = t.shape[1];
            if (e.in > 65536)
                throw Error(ErrorCode::TooLarge, path, { "the input size of '" + tensor + "'", "65536" });
            // Row by row, so memory follows one row and the statistics, not the whole array.
            std::vector<float> row(static_cast<size_t>(e.in));
            for (int64_t r = 0; r < t.shape[0]; ++r) {
                m.read(it->second, r * e.in, e.in, row.data());
                e.add(row.data(), keepRows);
            }
        }
        auto take = [&](const char* field, auto& into) {
            if (const auto it = f.find(field); it != f.end()) {
                const auto v = m.readAll(it->second);
                into.assign(v.begin(), v.end());
            }
        };
        take("hessian", e.hessian);
        take("mean_sq", e.meanSq);
        take("absmax", e.absmax);
        if (e.in == 0)
            e.in = int64_t(!e.meanSq.empty() ? e.meanSq.size() : std::llround(std::sqrt(double(e.hessian.size()))));
        if ((!e.hessian.empty() && int64_t(e.hessian.size()) != e.in * e.in) || (!e.meanSq.empty() && int64_t(e.meanSq.size()) != e.in)
            || (!e.absmax.empty() && int64_t(e.absmax.size()) != e.in) || e.in == 0)
            throw Error(ErrorCode::BadHeader, path, { "the members of '" + tensor + "' disagree on the input size" });
        store.entries[tensor] = std::move(e);
    }
    return store;
}

CalibrationStore loadCalibrationAny(const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the calibration file" });
    unsigned char head[8] = {};
    const size_t got = std::fread(head, 1, 8, f);
    std::fclose(f);
    if (got == 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0)
        return loadCalibration(path);
    if (got >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0)
        return loadCalibrationNpz(path);
    return loadImatrix(path);
}

} // namespace ql

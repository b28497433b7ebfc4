#include "calibration.h"
#include "hdf5lock.h"

#include "../util/error.h"

#include <hdf5.h>

#include <cmath>
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
    const auto it = entries.find(tensor);
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

} // namespace ql

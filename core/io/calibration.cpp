#include "calibration.h"
#include "hdf5lock.h"
#include "hdf5reader.h"
#include "model.h"
#include "names.h"

#include "core/util/error.h"
#include "core/util/guard.h"
#include "core/util/limits.h"
#include "core/util/progress.h"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <mutex>
#include <unistd.h>
#include <unordered_map>

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

    /// A whole calibration dataset (absent: empty), its values checked to be in the file and its
    /// size against the memory budget before it is read (through the HDF5 reader process).
    template <typename T>
    std::vector<T> readDataset(const Hdf5File& f, const std::string& path, std::vector<uint64_t>& dims, const LoadLimits& limits, InflateBudget& budget)
    {
        std::vector<T> out;
        dims.clear();
        const Hdf5Object* o = f.find(path);
        if (!o)
            return out;
        if (o->kind != Hdf5Object::Kind::Dataset || (o->cls != Hdf5Object::Class::Float && o->cls != Hdf5Object::Class::Int))
            throw Error(ErrorCode::BadHeader, f.path(), { "'" + path + "' is not a numeric dataset" });
        if (o->dims.size() > 2)
            throw Error(ErrorCode::BadHeader, f.path(), { "'" + path + "' has " + std::to_string(o->dims.size()) + " axes (calibration datasets have 1 or 2)" });
        dims = o->dims;
        uint64_t n = 1;
        for (auto d : dims)
            if (__builtin_mul_overflow(n, d, &n))
                n = UINT64_MAX;
        checkLimit(f.path(), limit::Values, n, uint64_t(limits.maxValues), path);
        // The values must be in the file: a chunked dataset may declare [65536, 65536] in 3 KB.
        const uint64_t bytes = n * o->elementBytes;
        if (o->external)
            throw Error(ErrorCode::Unsupported, f.path(), { "dataset '" + path + "' keeps its values in other files" });
        if (n > 0 && (o->storedBytes == 0 || o->storedBytes > f.fileBytes() || bytes / limits.maxExpansion > o->storedBytes))
            throw Error(ErrorCode::LimitExceeded, f.path(),
                { limit::StoredBytes, o->storedBytes ? std::to_string(bytes / o->storedBytes) : std::string("∞"), std::to_string(limits.maxExpansion), path });
        budget.take(n * sizeof(T), path);
        out.resize(size_t(n));
        if (n)
            f.read(path, sizeof(T) == 8, 0, n, out.data());
        return out;
    }

    /// Bytes of the statistics CalibrationEntry::add accumulates for \p in inputs (XᵀX in double,
    /// mean squares and absmax in float).
    uint64_t statisticsBytes(int64_t in) { return uint64_t(in) * uint64_t(in) * 8 + uint64_t(in) * 8; }

    /// Fills what an entry lacks from what it has — statistics from its input rows, mean squares
    /// from diag(XᵀX) — and checks that its parts agree, so every entry a loader returns has
    /// `in` > 0 and mean squares of that length (consumers index them without checks).
    void completeEntry(CalibrationEntry& e, const std::string& file, const std::string& name, InflateBudget& budget)
    {
        const uint64_t in = uint64_t(e.in);
        if (e.in <= 0)
            throw Error(ErrorCode::BadHeader, file, { "the calibration of '" + name + "' has no input size" });
        if (!e.inputs.empty() && (e.meanSq.empty() || e.absmax.empty() || e.hessian.empty())) {
            if (e.inputs.size() % in != 0)
                throw Error(ErrorCode::BadHeader, file, { "the inputs of '" + name + "' are not rows of " + std::to_string(in) });
            const int64_t rows = int64_t(e.inputs.size() / in);
            CalibrationEntry s;
            s.in = e.in;
            if (e.hessian.empty()) {
                budget.take(statisticsBytes(e.in), name);
                for (int64_t r = 0; r < rows; ++r)
                    s.add(e.inputs.data() + r * e.in, 0);
                e.hessian = std::move(s.hessian);
            } else {
                s.meanSq.assign(in, 0.0f);
                s.absmax.assign(in, 0.0f);
                for (int64_t r = 0; r < rows; ++r)
                    for (uint64_t i = 0; i < in; ++i) {
                        const float x = e.inputs[uint64_t(r) * in + i];
                        s.meanSq[i] = float(double(s.meanSq[i]) + (double(x) * x - s.meanSq[i]) / double(r + 1));
                        s.absmax[i] = std::max(s.absmax[i], std::fabs(x));
                    }
            }
            if (e.meanSq.empty())
                e.meanSq = std::move(s.meanSq);
            if (e.absmax.empty())
                e.absmax = std::move(s.absmax);
            if (e.samples <= 0)
                e.samples = rows;
        }
        if (e.meanSq.empty() && e.hessian.size() == in * in) {
            e.meanSq.resize(in);
            const double n = double(std::max<int64_t>(e.samples, 1));
            for (uint64_t i = 0; i < in; ++i)
                e.meanSq[i] = float(e.hessian[i * in + i] / n);
        }
        if (e.meanSq.size() != in || (!e.absmax.empty() && e.absmax.size() != in) || (!e.hessian.empty() && e.hessian.size() != in * in)
            || e.inputs.size() % in != 0)
            throw Error(ErrorCode::BadHeader, file, { "the statistics of '" + name + "' disagree on the input size" });
        if (e.samples < 0)
            throw Error(ErrorCode::BadHeader, file, { "'" + name + "' has a negative sample count" });
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
CalibrationStore loadCalibrationHdf5(const std::string& path, const LoadLimits& limits, Progress* progress)
{
    const auto f = Hdf5File::open(path, limits);
    CalibrationStore store;
    InflateBudget budget(limits, path);
    const Hdf5Object* root = f->find("calibration");
    if (!root || root->kind != Hdf5Object::Kind::Group)
        throw Error(ErrorCode::BadHeader, path, { "no /calibration group: not a QuantLens calibration file" });
    std::vector<std::string> groups;
    for (const auto& o : f->objects())
        if (o.kind == Hdf5Object::Kind::Group && o.path.starts_with("calibration/"))
            groups.push_back(o.path.substr(12));
    checkLimit(path, limit::Tensors, groups.size(), limits.maxTensors);
    if (progress)
        progress->setTotal(int64_t(groups.size()));
    for (const auto& g : groups) {
        if (progress) {
            progress->check();
            progress->advance(1);
        }
        const std::string base = "calibration/" + g + "/";
        CalibrationEntry e;
        std::vector<uint64_t> dims;
        e.hessian = readDataset<double>(*f, base + "hessian", dims, limits, budget);
        if (!e.hessian.empty()) {
            if (dims.size() != 2 || dims[0] != dims[1])
                throw Error(ErrorCode::BadHeader, path, { "'/" + base + "hessian' is not square" });
            e.in = int64_t(dims[0]);
        }
        e.meanSq = readDataset<float>(*f, base + "mean_sq", dims, limits, budget);
        if (!e.meanSq.empty())
            e.in = int64_t(e.meanSq.size());
        e.absmax = readDataset<float>(*f, base + "absmax", dims, limits, budget);
        e.inputs = readDataset<float>(*f, base + "inputs", dims, limits, budget);
        if (!e.inputs.empty()) {
            if (dims.size() != 2)
                throw Error(ErrorCode::BadHeader, path, { "'/" + base + "inputs' is not [n, in]" });
            e.in = int64_t(dims[1]);
        }
        if (e.in == 0)
            continue; // an intermediate group (names with '/')
        const auto attrs = f->attributes("calibration/" + g);
        if (attrs.contains("n_samples")) {
            const auto& v = attrs["n_samples"];
            const double n = v.is_number() ? v.get<double>() : -1;
            if (!(n >= 0 && n <= 9007199254740992.0) || n != std::floor(n))
                throw Error(ErrorCode::BadHeader, path, { "the n_samples of '/" + base.substr(0, base.size() - 1) + "' is not a count" });
            e.samples = int64_t(n);
        }
        completeEntry(e, path, g, budget);
        store.entries[g] = std::move(e);
    }
    return store;
}

CalibrationStore loadImatrixUnguarded(const std::string& path, const LoadLimits& limits)
{
    CalibrationStore store;
    InflateBudget budget(limits, path);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the importance matrix" });
    char magic[4] = {};
    const bool gguf = std::fread(magic, 1, 4, f) == 4 && std::memcmp(magic, "GGUF", 4) == 0;
    if (gguf) {
        std::fclose(f);
        // The GGUF-based format: a tensor of sums of squares and one of counts per weight.
        const Model m = open(path, limits);
        std::unordered_map<std::string_view, int> byName; // Model::find per tensor would be quadratic
        for (size_t i = 0; i < m.tensors.size(); ++i)
            byName.emplace(m.tensors[i].name, int(i));
        for (size_t i = 0; i < m.tensors.size(); ++i) {
            const std::string& name = m.tensors[i].name;
            if (!name.ends_with(".in_sum2"))
                continue;
            const std::string base = name.substr(0, name.size() - 8);
            const auto found = byName.find(base + ".counts");
            const int ci = found == byName.end() ? -1 : found->second;
            if (ci < 0)
                throw Error(ErrorCode::BadHeader, path, { "'" + name + "' has no matching .counts tensor" });
            const auto& shape = m.tensors[i].shape;
            const int64_t in = shape.back(); // [experts, in] or [in]
            // Sizes first: a zero-length axis declares [0, 2^40] in no bytes at all.
            if (in <= 0 || m.tensors[i].parameters == 0 || m.tensors[i].parameters % in != 0
                || m.tensors[size_t(ci)].parameters != m.tensors[i].parameters / in)
                throw Error(ErrorCode::BadHeader, path, { "'" + name + "' and its counts disagree in shape" });
            budget.take(uint64_t(m.tensors[i].parameters + m.tensors[size_t(ci)].parameters) * 4 + uint64_t(in) * 4, name);
            const auto sums = m.readAll(i);
            const auto counts = m.readAll(size_t(ci));
            // Experts (when there are several) are pooled: total sums over total counts.
            CalibrationEntry e;
            e.in = in;
            double total = 0;
            for (float c : counts) {
                if (!(c >= 0) || !std::isfinite(c))
                    throw Error(ErrorCode::BadHeader, path, { "'" + base + ".counts' holds " + std::to_string(c) + ", not a count" });
                total += c;
            }
            // A count is a number of tokens: past 2^53 it is neither exact in double nor real.
            if (total > 9007199254740992.0)
                throw Error(ErrorCode::BadHeader, path, { "'" + base + ".counts' sum to " + std::to_string(total) + ", not a count" });
            e.samples = int64_t(total);
            e.meanSq.assign(size_t(in), 0.0f);
            for (size_t k = 0; k < sums.size(); ++k)
                e.meanSq[k % size_t(in)] += sums[k];
            for (auto& v : e.meanSq)
                v = total > 0 ? float(v / total) : 0.0f;
            completeEntry(e, path, base, budget);
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
    if (n <= 0 || int64_t(n) > size / 12 || uint64_t(n) > limits.maxTensors) {
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
        if (nval <= 0 || int64_t(nval) * 4 > size || ncall < 0) {
            std::fclose(f);
            throw Error(ErrorCode::BadHeader, path,
                { "entry '" + name + "' has " + std::to_string(nval) + " values from " + std::to_string(ncall) + " calls" });
        }
        try {
            budget.take(uint64_t(nval) * 4, name);
        } catch (...) {
            std::fclose(f);
            throw;
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

CalibrationStore loadCalibrationNpzUnguarded(const std::string& path, int64_t keepRows, const LoadLimits& limits, Progress* progress)
{
    const Model m = open(path, limits);
    if (m.format != Format::Npz)
        throw Error(ErrorCode::BadHeader, path, { "not an .npz archive" });
    CalibrationStore store;
    InflateBudget budget(limits, path);
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
    if (progress)
        progress->setTotal(int64_t(members.size()));
    for (const auto& [tensor, f] : members) {
        if (progress) {
            progress->check();
            progress->advance(1);
        }
        CalibrationEntry e;
        if (const auto it = f.find("inputs"); it != f.end()) {
            const auto& t = m.tensors[it->second];
            if (t.shape.size() != 2)
                throw Error(ErrorCode::BadHeader, path, { "'" + t.name + "' must be [n, in]" });
            e.in = t.shape[1];
            if (e.in <= 0)
                throw Error(ErrorCode::BadHeader, path, { "'" + t.name + "' has rows of no values" });
            // XᵀX of a [1, 65536] input (476 bytes deflated) would take 32 GiB.
            budget.take(statisticsBytes(e.in) + uint64_t(std::min<int64_t>(t.shape[0], keepRows)) * uint64_t(e.in) * 4, t.name);
            // Row by row, so memory follows one row and the statistics, not the whole array.
            std::vector<float> row(static_cast<size_t>(e.in));
            for (int64_t r = 0; r < t.shape[0]; ++r) {
                if (progress && r % 64 == 0)
                    progress->check(); // each row adds to XᵀX: a wide layer's rows take long
                m.read(it->second, r * e.in, e.in, row.data());
                e.add(row.data(), keepRows);
            }
        }
        // (f is captured by a reference of its own: clang 14 cannot capture a structured binding.)
        auto take = [&, &fields = f](const char* field, auto& into) {
            if (const auto it = fields.find(field); it != fields.end()) {
                budget.take(uint64_t(m.tensors[it->second].parameters) * sizeof(into[0]), m.tensors[it->second].name);
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
        completeEntry(e, path, tensor, budget);
        store.entries[tensor] = std::move(e);
    }
    return store;
}
} // namespace

CalibrationStore loadCalibration(const std::string& path, const LoadLimits& limits, Progress* progress)
{
    return guardReader(path, [&] { return loadCalibrationHdf5(path, limits, progress); });
}

CalibrationStore loadImatrix(const std::string& path, const LoadLimits& limits)
{
    return guardReader(path, [&] { return loadImatrixUnguarded(path, limits); });
}

CalibrationStore loadCalibrationNpz(const std::string& path, int64_t keepRows, const LoadLimits& limits, Progress* progress)
{
    return guardReader(path, [&] { return loadCalibrationNpzUnguarded(path, keepRows, limits, progress); });
}

CalibrationStore loadCalibrationAny(const std::string& path, const LoadLimits& limits, Progress* progress)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the calibration file" });
    unsigned char head[8] = {};
    const size_t got = std::fread(head, 1, 8, f);
    std::fclose(f);
    if (got == 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0)
        return loadCalibration(path, limits, progress);
    if (got >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0)
        return loadCalibrationNpz(path, 256, limits, progress);
    return loadImatrix(path, limits);
}

} // namespace ql

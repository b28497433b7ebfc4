#include "hdf5lock.h"
#include "loaders.h"
#include "shape.h"

#include "../util/error.h"
#include "../util/jsonparse.h"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

namespace ql {

namespace {
    /// Closes an HDF5 handle when it goes out of scope.
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

    std::optional<DType> storageType(hid_t type)
    {
        const H5T_class_t cls = H5Tget_class(type);
        const size_t size = H5Tget_size(type);
        if (cls == H5T_FLOAT) {
            if (size == 8) return DType::F64;
            if (size == 4) return DType::F32;
            if (size == 2) return DType::F16;
            return std::nullopt;
        }
        if (cls == H5T_INTEGER) {
            const bool isSigned = H5Tget_sign(type) == H5T_SGN_2;
            switch (size) {
            case 1: return isSigned ? DType::I8 : DType::U8;
            case 2: return isSigned ? DType::I16 : DType::U16;
            case 4: return isSigned ? DType::I32 : DType::U32;
            case 8: return isSigned ? DType::I64 : DType::U64;
            default: return std::nullopt;
            }
        }
        if (cls == H5T_ENUM && size == 1) // h5py stores numpy bool as an enum over int8
            return DType::Bool;
        return std::nullopt;
    }

    /// Most elements of one attribute that are read (Keras' layer_names lists one string per layer).
    constexpr hssize_t kMaxAttributeElements = 65536;

    /// Reads an attribute as JSON (strings, numeric scalars and small numeric arrays); one past the
    /// limits is replaced by a note saying so (views never need it).
    nlohmann::ordered_json attributeValue(hid_t attr, const LoadLimits& limits)
    {
        Handle type(H5Aget_type(attr), H5Tclose);
        Handle space(H5Aget_space(attr), H5Sclose);
        const hssize_t n = H5Sget_simple_extent_npoints(space);
        const H5T_class_t cls = H5Tget_class(type);
        if (n < 0 || n > kMaxAttributeElements)
            return "(not read: " + std::to_string(n) + " elements, over the limit of " + std::to_string(kMaxAttributeElements) + ")";
        if (cls == H5T_STRING && H5Tis_variable_str(type) <= 0 && H5Tget_size(type) * uint64_t(std::max<hssize_t>(n, 1)) > limits.maxAttributeBytes)
            return "(not read: " + std::to_string(H5Tget_size(type) * uint64_t(std::max<hssize_t>(n, 1))) + " bytes, over the limit of "
                + std::to_string(limits.maxAttributeBytes) + ")";
        if (cls == H5T_STRING) {
            auto readOne = [&](hid_t memType, size_t count) {
                std::vector<std::string> out;
                if (H5Tis_variable_str(type) > 0) {
                    std::vector<char*> ptrs(count, nullptr);
                    if (H5Aread(attr, memType, ptrs.data()) >= 0) {
                        uint64_t total = 0;
                        for (char* p : ptrs) {
                            const size_t len = p ? std::strlen(p) : 0;
                            total += len;
                            out.emplace_back(p && total <= limits.maxAttributeBytes ? std::string(p, len) : std::string());
                        }
                        Handle sp(H5Aget_space(attr), H5Sclose);
                        H5Dvlen_reclaim(memType, sp, H5P_DEFAULT, ptrs.data());
                    }
                } else {
                    const size_t len = H5Tget_size(type);
                    std::vector<char> buf(len * count + 1, 0);
                    if (H5Aread(attr, memType, buf.data()) >= 0)
                        for (size_t i = 0; i < count; ++i) {
                            std::string s(buf.data() + i * len, len);
                            s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
                            out.push_back(s);
                        }
                }
                return out;
            };
            Handle mem(H5Tcopy(type), H5Tclose);
            const auto strings = readOne(mem, size_t(std::max<hssize_t>(n, 1)));
            if (strings.size() == 1)
                return strings[0];
            return strings;
        }
        if ((cls == H5T_INTEGER || cls == H5T_FLOAT) && n > 0 && n <= 4096) {
            std::vector<double> v(static_cast<size_t>(n));
            if (H5Aread(attr, H5T_NATIVE_DOUBLE, v.data()) < 0)
                return nullptr;
            if (n == 1 && H5Sget_simple_extent_ndims(space) == 0)
                return v[0];
            return v;
        }
        return nullptr;
    }

    void readAttributes(hid_t obj, nlohmann::ordered_json& into, const std::string& prefix, const LoadLimits& limits)
    {
        H5O_info_t info;
        if (H5Oget_info(obj, &info) < 0)
            return;
        for (hsize_t i = 0; i < info.num_attrs && i < limits.maxAttributes; ++i) {
            Handle attr(H5Aopen_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
            if (attr < 0)
                continue;
            char name[256] = {};
            H5Aget_name(attr, sizeof(name) - 1, name);
            auto v = attributeValue(attr, limits);
            if (v.is_null())
                continue;
            // Keras stores its model and training configs as JSON strings.
            if (v.is_string() && v.get_ref<const std::string&>().starts_with('{')) {
                try {
                    auto parsed = parseJsonBounded(v.get<std::string>(), {}, limits, limits.maxAttributeBytes);
                    if (parsed.is_object() || parsed.is_array())
                        v = std::move(parsed);
                } catch (const Error&) {
                    // not JSON after all (or nested too deep): kept as the string it is
                }
            }
            into[prefix + name] = std::move(v);
        }
    }

    struct VisitState {
        std::vector<std::string> datasets;
    };

    herr_t visit(hid_t, const char* name, const H5O_info_t* info, void* data)
    {
        if (info->type == H5O_TYPE_DATASET)
            static_cast<VisitState*>(data)->datasets.emplace_back(name);
        return 0;
    }

    class Hdf5Source : public TensorSource {
    public:
        Hdf5Source(hid_t file, std::string path)
            : m_file(file)
            , m_path(std::move(path))
        {
        }
        ~Hdf5Source() override
        {
            std::lock_guard lock(hdf5Mutex());
            H5Fclose(m_file);
        }

        void read(const TensorInfo& t, int64_t begin, int64_t count, float* out) const override
        {
            if (count <= 0)
                return;
            std::lock_guard lock(hdf5Mutex());
            Handle ds(H5Dopen2(m_file, t.path.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds < 0)
                throw Error(ErrorCode::Hdf5Failure, m_path, { "opening", t.path });
            Handle fileSpace(H5Dget_space(ds), H5Sclose);
            const int rank = H5Sget_simple_extent_ndims(fileSpace);
            if (rank <= 0) {
                float v;
                if (H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) < 0)
                    throw Error(ErrorCode::Hdf5Failure, m_path, { "reading", t.path });
                *out = v;
                return;
            }
            // Select the rows (along the first axis) that cover the requested range.
            std::vector<hsize_t> dims(static_cast<size_t>(rank));
            H5Sget_simple_extent_dims(fileSpace, dims.data(), nullptr);
            hsize_t rowElems = 1;
            for (int k = 1; k < rank; ++k)
                rowElems *= dims[size_t(k)];
            if (rowElems == 0)
                return;
            const hsize_t r0 = hsize_t(begin) / rowElems;
            const hsize_t r1 = (hsize_t(begin + count) + rowElems - 1) / rowElems;
            std::vector<hsize_t> start(static_cast<size_t>(rank), 0), cnt(dims);
            start[0] = r0;
            cnt[0] = r1 - r0;
            H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start.data(), nullptr, cnt.data(), nullptr);
            const hsize_t total = cnt[0] * rowElems;
            Handle memSpace(H5Screate_simple(1, &total, nullptr), H5Sclose);
            const int64_t skip = begin - int64_t(r0 * rowElems);
            float* dst = out;
            std::vector<float> tmp;
            if (skip != 0 || int64_t(total) != count) {
                tmp.resize(size_t(total));
                dst = tmp.data();
            }
            if (H5Dread(ds, H5T_NATIVE_FLOAT, memSpace, fileSpace, H5P_DEFAULT, dst) < 0)
                throw Error(ErrorCode::Hdf5Failure, m_path, { "reading", t.path });
            if (dst != out)
                std::copy_n(tmp.data() + skip, count, out);
        }

    private:
        hid_t m_file;
        std::string m_path;
    };

    bool exists(hid_t file, const char* path) { return H5Lexists(file, path, H5P_DEFAULT) > 0; }

    /// A dataset's values must be in this file, and (compressed) take at least 1/maxExpansion of
    /// their size there: a dataset may declare 2^48 values in a file of 2 KB, chunks never written.
    void checkStorage(hid_t ds, const TensorInfo& t, hsize_t fileBytes, const std::string& path, const LoadLimits& limits)
    {
        Handle dcpl(H5Dget_create_plist(ds), H5Pclose);
        if (dcpl < 0)
            throw Error(ErrorCode::Hdf5Failure, path, { "reading the layout", t.name });
        if (H5Pget_layout(dcpl) == H5D_VIRTUAL || H5Pget_external_count(dcpl) != 0)
            throw Error(ErrorCode::Unsupported, path, { "dataset '" + t.name + "' keeps its values in other files" });
        if (t.bytes == 0)
            return;
        const hsize_t stored = H5Dget_storage_size(ds);
        if (stored > fileBytes)
            throw Error(ErrorCode::OffsetOutOfRange, path, { t.name });
        if (stored == 0 || t.bytes / limits.maxExpansion > stored)
            throw Error(ErrorCode::LimitExceeded, path,
                { limit::StoredBytes, stored ? std::to_string(t.bytes / stored) : std::string("∞"), std::to_string(limits.maxExpansion), t.name });
    }

    std::vector<std::string> layerNames(hid_t file, const char* group, const LoadLimits& limits)
    {
        std::vector<std::string> names;
        if (!exists(file, group))
            return names;
        Handle g(H5Gopen2(file, group, H5P_DEFAULT), H5Gclose);
        if (g < 0 || H5Aexists(g, "layer_names") <= 0)
            return names;
        Handle attr(H5Aopen(g, "layer_names", H5P_DEFAULT), H5Aclose);
        auto v = attributeValue(attr, limits);
        if (v.is_array())
            for (auto& s : v)
                if (s.is_string())
                    names.push_back(s.get<std::string>());
        if (v.is_string())
            names.push_back(v.get<std::string>());
        return names;
    }

    std::vector<std::string> splitPath(const std::string& p)
    {
        std::vector<std::string> parts;
        size_t start = 0;
        while (start <= p.size()) {
            size_t slash = p.find('/', start);
            if (slash == std::string::npos)
                slash = p.size();
            if (slash > start)
                parts.push_back(p.substr(start, slash - start));
            start = slash + 1;
        }
        return parts;
    }

    /// Keras naming: the layer, whether it is optimizer state, and the weight's role and layout.
    void classifyKeras(TensorInfo& t, const std::map<std::string, int>& layerIndex)
    {
        const auto parts = splitPath(t.name);
        if (parts.empty())
            return;
        const std::string& top = parts[0];
        t.optimizerState = top == "optimizer_weights" || top == "optimizer";
        std::string layer;
        if ((top == "model_weights" || top == "layers") && parts.size() >= 2)
            layer = parts[1];
        else if (layerIndex.count(top))
            layer = top; // Keras 2 weights-only file: layers at the root
        if (!layer.empty()) {
            t.group = layer;
            const auto it = layerIndex.find(layer);
            if (it != layerIndex.end())
                t.layer = it->second;
        } else if (t.optimizerState) {
            t.group = "optimizer";
        }
        std::string leaf = parts.back();
        if (leaf.ends_with(":0"))
            leaf.resize(leaf.size() - 2);
        const bool kernelLike = leaf == "kernel" || leaf == "depthwise_kernel" || leaf == "pointwise_kernel"
            || leaf == "recurrent_kernel" || (top == "layers" && t.shape.size() >= 2);
        if (kernelLike && !t.optimizerState) {
            t.layout = Layout::InOut;
            const std::string lname = layer;
            t.role = (t.shape.size() >= 3 || lname.find("conv") != std::string::npos) ? Role::Conv : Role::Dense;
        } else if (leaf == "bias" || (top == "layers" && t.shape.size() == 1 && leaf == "1")) {
            t.role = Role::Bias;
        } else if (leaf == "gamma" || leaf == "beta" || leaf == "moving_mean" || leaf == "moving_variance") {
            t.role = Role::Norm;
        } else if (leaf == "embeddings") {
            t.role = Role::Embedding;
        }
    }
} // namespace

Model loadHdf5(const std::string& path, const LoadLimits& limits)
{
    std::lock_guard lock(hdf5Mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    Model model;
    model.format = Format::Hdf5;
    model.path = path;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        throw Error(ErrorCode::Hdf5Failure, path, { "opening", "/" });
    auto source = std::make_shared<Hdf5Source>(file, path);
    model.sources.push_back(source);
    hsize_t fsize = 0;
    H5Fget_filesize(file, &fsize);
    model.fileBytes = fsize;

    {
        Handle root(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose);
        readAttributes(root, model.metadata, "", limits);
        if (exists(file, "model_weights")) {
            Handle mw(H5Gopen2(file, "model_weights", H5P_DEFAULT), H5Gclose);
            readAttributes(mw, model.metadata, "model_weights.", limits);
        }
    }

    VisitState state;
    if (H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &state) < 0)
        throw Error(ErrorCode::Hdf5Failure, path, { "listing", "/" });

    checkLimit(path, limit::Tensors, state.datasets.size(), limits.maxTensors);
    for (const auto& dsPath : state.datasets) {
        Handle ds(H5Dopen2(file, dsPath.c_str(), H5P_DEFAULT), H5Dclose);
        if (ds < 0)
            throw Error(ErrorCode::Hdf5Failure, path, { "opening", dsPath });
        Handle type(H5Dget_type(ds), H5Tclose);
        const auto dtype = storageType(type);
        if (!dtype)
            continue; // strings, compounds, references: not tensors
        Handle space(H5Dget_space(ds), H5Sclose);
        const int rank = H5Sget_simple_extent_ndims(space);
        if (rank < 0)
            throw Error(ErrorCode::Hdf5Failure, path, { "reading the shape", dsPath });
        checkLimit(path, limit::Rank, uint64_t(rank), limits.maxRank, dsPath);
        std::vector<hsize_t> dims(static_cast<size_t>(rank));
        H5Sget_simple_extent_dims(space, dims.data(), nullptr);
        TensorInfo t;
        t.name = dsPath;
        t.path = dsPath;
        t.dtype = *dtype;
        for (hsize_t d : dims)
            t.shape.push_back(d > hsize_t(kMaxElements) ? -1 : int64_t(d));
        t.parameters = checkedElementCount(t.shape, path, dsPath, limits);
        t.bytes = uint64_t(t.parameters) * H5Tget_size(type);
        checkStorage(ds, t, fsize, path, limits);
        model.tensors.push_back(std::move(t));
    }

    auto kerasLayers = layerNames(file, "model_weights", limits);
    if (kerasLayers.empty())
        kerasLayers = layerNames(file, "/", limits);
    const bool keras3Weights = exists(file, "layers") && exists(file, "vars") == false
        && std::any_of(model.tensors.begin(), model.tensors.end(),
            [](const TensorInfo& t) { return t.name.starts_with("layers/") && t.name.find("/vars/") != std::string::npos; });
    const bool keras = !kerasLayers.empty() || model.metadata.contains("keras_version") || keras3Weights;
    classifyTensors(model);
    if (keras) {
        model.format = Format::Keras;
        std::map<std::string, int> layerIndex;
        for (size_t i = 0; i < kerasLayers.size(); ++i)
            layerIndex[kerasLayers[i]] = int(i);
        for (auto& t : model.tensors) {
            t.layer = -1;
            t.group.clear();
            classifyKeras(t, layerIndex);
        }
    }
    return model;
}

} // namespace ql

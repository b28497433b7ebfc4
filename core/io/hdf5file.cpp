// HDF5 models. Every libhdf5 call runs in the HDF5 reader process (hdf5reader.h): this file
// decides what a listing means (tensors, Keras layouts, metadata) and checks it against LoadLimits.
#include "hdf5reader.h"
#include "loaders.h"
#include "shape.h"

#include "core/util/error.h"
#include "core/util/jsonparse.h"

#include <algorithm>
#include <map>

namespace ql {

namespace {
    std::optional<DType> storageType(const Hdf5Object& o)
    {
        using C = Hdf5Object::Class;
        if (o.cls == C::Float) {
            if (o.elementBytes == 8) return DType::F64;
            if (o.elementBytes == 4) return DType::F32;
            if (o.elementBytes == 2) return DType::F16;
            return std::nullopt;
        }
        if (o.cls == C::Int) {
            switch (o.elementBytes) {
            case 1: return o.isSigned ? DType::I8 : DType::U8;
            case 2: return o.isSigned ? DType::I16 : DType::U16;
            case 4: return o.isSigned ? DType::I32 : DType::U32;
            case 8: return o.isSigned ? DType::I64 : DType::U64;
            default: return std::nullopt;
            }
        }
        if (o.cls == C::Enum && o.elementBytes == 1) // h5py stores numpy bool as an enum over int8
            return DType::Bool;
        return std::nullopt;
    }

    /// Attributes of \p object into \p into under \p prefix; Keras's JSON configs are parsed.
    void readAttributes(const Hdf5File& f, const std::string& object, nlohmann::ordered_json& into, const std::string& prefix,
        const LoadLimits& limits)
    {
        const nlohmann::ordered_json attrs = f.attributes(object); // items() does not keep a temporary alive
        for (auto& [name, value] : attrs.items()) {
            nlohmann::ordered_json v = value;
            // Keras stores its model and training configs as JSON strings.
            if (v.is_string() && v.get_ref<const std::string&>().starts_with('{')) {
                try {
                    auto parsed = parseJsonBounded(v.get<std::string>(), f.path(), limits, limits.maxAttributeBytes);
                    if (parsed.is_object() || parsed.is_array())
                        v = std::move(parsed);
                } catch (const Error&) {
                    // not JSON after all (or nested too deep): kept as the string it is
                }
            }
            into[prefix + name] = std::move(v);
        }
    }

    class Hdf5Source : public TensorSource {
    public:
        explicit Hdf5Source(std::shared_ptr<Hdf5File> file)
            : m_file(std::move(file))
        {
        }
        void read(const TensorInfo& t, int64_t begin, int64_t count, float* out) const override
        {
            if (count > 0)
                m_file->read(t.path, false, uint64_t(begin), uint64_t(count), out);
        }

    private:
        std::shared_ptr<Hdf5File> m_file;
    };

    /// A dataset's values must be in this file, and (compressed) take at least 1/maxExpansion of
    /// their size there: a dataset may declare 2^48 values in a file of 2 KB, chunks never written.
    void checkStorage(const Hdf5Object& o, const TensorInfo& t, uint64_t fileBytes, const std::string& path, const LoadLimits& limits)
    {
        if (o.external)
            throw Error(ErrorCode::Unsupported, path, { "dataset '" + t.name + "' keeps its values in other files" });
        if (t.bytes == 0)
            return;
        if (o.storedBytes > fileBytes)
            throw Error(ErrorCode::OffsetOutOfRange, path, { t.name });
        if (o.storedBytes == 0 || t.bytes / limits.maxExpansion > o.storedBytes)
            throw Error(ErrorCode::LimitExceeded, path,
                { limit::StoredBytes, o.storedBytes ? std::to_string(t.bytes / o.storedBytes) : std::string("∞"), std::to_string(limits.maxExpansion),
                    t.name });
    }

    std::vector<std::string> layerNames(const Hdf5File& f, const char* group)
    {
        std::vector<std::string> names;
        if (!f.find(group))
            return names;
        const auto attrs = f.attributes(group);
        if (!attrs.contains("layer_names"))
            return names;
        const auto& v = attrs["layer_names"];
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
    Model model;
    model.format = Format::Hdf5;
    model.path = path;
    const auto file = Hdf5File::open(path, limits);
    model.sources.push_back(std::make_shared<Hdf5Source>(file));
    model.fileBytes = file->fileBytes();

    readAttributes(*file, "/", model.metadata, "", limits);
    if (file->find("model_weights"))
        readAttributes(*file, "model_weights", model.metadata, "model_weights.", limits);

    size_t datasets = 0;
    for (const auto& o : file->objects())
        datasets += o.kind != Hdf5Object::Kind::Group;
    checkLimit(path, limit::Tensors, datasets, limits.maxTensors);
    for (const auto& o : file->objects()) {
        if (o.kind == Hdf5Object::Kind::Unreadable)
            throw Error(ErrorCode::Hdf5Failure, path, { "opening", o.path });
        if (o.kind != Hdf5Object::Kind::Dataset)
            continue;
        const auto dtype = storageType(o);
        if (!dtype)
            continue; // strings, compounds, references: not tensors
        checkLimit(path, limit::Rank, o.dims.size(), limits.maxRank, o.path);
        TensorInfo t;
        t.name = o.path;
        t.path = o.path;
        t.dtype = *dtype;
        for (uint64_t d : o.dims)
            t.shape.push_back(d > uint64_t(kMaxElements) ? -1 : int64_t(d));
        t.parameters = checkedElementCount(t.shape, path, o.path, limits);
        t.bytes = uint64_t(t.parameters) * o.elementBytes;
        checkStorage(o, t, file->fileBytes(), path, limits);
        model.tensors.push_back(std::move(t));
    }

    auto kerasLayers = layerNames(*file, "model_weights");
    if (kerasLayers.empty())
        kerasLayers = layerNames(*file, "/");
    const bool keras3Weights = file->find("layers") && !file->find("vars")
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

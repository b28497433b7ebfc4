#include "model.h"

#include "core/util/error.h"
#include "core/util/guard.h"

#include <algorithm>

namespace ql {

std::string_view formatName(Format f)
{
    switch (f) {
    case Format::Safetensors: return "safetensors";
    case Format::Gguf: return "gguf";
    case Format::Hdf5: return "hdf5";
    case Format::Keras: return "keras-h5";
    case Format::Npy: return "npy";
    case Format::Npz: return "npz";
    }
    return "unknown";
}

int TensorInfo::channelAxis() const
{
    if (shape.size() < 2)
        return -1;
    return layout == Layout::InOut ? int(shape.size()) - 1 : 0;
}

int64_t TensorInfo::channels() const
{
    const int axis = channelAxis();
    return axis < 0 ? 1 : shape[size_t(axis)];
}

int Model::find(std::string_view name) const
{
    for (size_t i = 0; i < tensors.size(); ++i)
        if (tensors[i].name == name)
            return int(i);
    return -1;
}

int64_t Model::parameterCount() const
{
    int64_t n = 0;
    for (const auto& t : tensors)
        if (!t.optimizerState)
            n += t.parameters;
    return n;
}

uint64_t Model::tensorBytes() const
{
    uint64_t n = 0;
    for (const auto& t : tensors)
        if (!t.optimizerState)
            n += t.bytes;
    return n;
}

void Model::read(size_t index, int64_t begin, int64_t count, float* out) const
{
    const TensorInfo& t = tensors.at(index);
    if (begin < 0 || count < 0 || begin > t.parameters || count > t.parameters - begin)
        throw Error(ErrorCode::BadHeader, path, { "read past the end of tensor '" + t.name + "'" });
    guardReader(path, [&] { sources.at(size_t(t.source))->read(t, begin, count, out); });
}

const uint8_t* Model::storedBytes(size_t index) const
{
    const TensorInfo& t = tensors.at(index);
    return sources.at(size_t(t.source))->storedBytes(t);
}

std::vector<float> Model::readAll(size_t index) const
{
    std::vector<float> v(size_t(tensors.at(index).parameters));
    read(index, 0, int64_t(v.size()), v.data());
    return v;
}

void classifyTensors(Model& model)
{
    for (auto& t : model.tensors) {
        const ParsedName p = parseTensorName(t.name, int(t.shape.size()));
        if (t.layer < 0)
            t.layer = p.layer;
        t.role = p.role;
        if (t.group.empty())
            t.group = t.layer >= 0 ? "layer " + std::to_string(t.layer) : std::string();
    }
}

} // namespace ql

#pragma once
/// \file model.h
/// \brief An opened model file: format, metadata and lazily readable tensors.

#include "dtype.h"
#include "names.h"

#include "core/util/limits.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ql {

/// \brief The container format a model was read from.
enum class Format { Safetensors, Gguf, Hdf5, Keras, Npy, Npz };
/// \returns "safetensors", "gguf", "hdf5", "keras-h5", "npy" or "npz".
std::string_view formatName(Format f);

/// \brief How a weight's axes are laid out.
enum class Layout {
    OutIn, ///< PyTorch / Hugging Face / GGUF: output channel first ([out, in, …])
    InOut, ///< Keras: output channel last (Dense [in, out], Conv2D [kh, kw, in, out])
};

class TensorSource;

/// \brief Everything known about a tensor without reading its values.
struct TensorInfo {
    std::string name; ///< the file's own name
    std::vector<int64_t> shape; ///< row-major, outermost first (as numpy shows it)
    DType dtype = DType::F32;
    uint64_t bytes = 0; ///< storage size in the file
    int64_t parameters = 0; ///< product of the shape
    Role role = Role::Other;
    int layer = -1; ///< block index, -1 when none
    std::string group; ///< display group: "layer 3", a Keras layer name, or "other"
    Layout layout = Layout::OutIn;
    bool optimizerState = false; ///< Keras optimizer slot, not a model weight

    // Storage, used by the source that owns the bytes.
    int source = 0; ///< index into Model::sources
    uint64_t offset = 0; ///< byte offset within the source
    bool fortranOrder = false; ///< NumPy Fortran order: values are stored column-major
    bool bigEndian = false;
    std::string path; ///< HDF5 dataset path or zip member name

    /// \returns the output-channel axis (0 for [out, in], last for Keras kernels), or -1 for 1-D.
    int channelAxis() const;
    /// \returns the number of output channels (1 for scalars and 1-D tensors).
    int64_t channels() const;
};

/// \brief Bytes behind one or more tensors that can be decoded to float in chunks.
class TensorSource {
public:
    virtual ~TensorSource() = default;
    /// \brief Decodes values [begin, begin + count) of \p t, in row-major order, into \p out.
    /// Thread-safe.
    virtual void read(const TensorInfo& t, int64_t begin, int64_t count, float* out) const = 0;
    /// \brief The tensor's stored bytes where the source maps them (GGUF and safetensors), else nullptr.
    virtual const uint8_t* storedBytes(const TensorInfo& t) const { return nullptr; }
};

/// \brief An opened model. Cheap to hold: tensor values stay in the file until read.
class Model {
public:
    Format format = Format::Safetensors;
    std::string path; ///< the path given to open()
    uint64_t fileBytes = 0; ///< total size of the file(s)
    nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
    std::vector<TensorInfo> tensors;
    std::vector<std::shared_ptr<TensorSource>> sources;

    /// \returns the index of the tensor called \p name, or -1.
    int find(std::string_view name) const;
    /// \returns the sum of all tensors' parameter counts (optimizer state excluded).
    int64_t parameterCount() const;
    /// \returns the sum of all tensors' storage bytes (optimizer state excluded).
    uint64_t tensorBytes() const;

    /// \brief Decodes values [begin, begin + count) of tensor \p index into \p out.
    void read(size_t index, int64_t begin, int64_t count, float* out) const;
    /// \brief Tensor \p index's stored bytes (TensorInfo::bytes of them) where they are mapped, else nullptr.
    const uint8_t* storedBytes(size_t index) const;
    /// \brief Decodes a whole tensor (use only for tensors known to be small).
    std::vector<float> readAll(size_t index) const;
};

/// \brief Opens a model file, detecting its format from its bytes, within \p limits. Throws ql::Error
/// only (whatever fails underneath is converted, naming the file). A directory or a
/// `*.safetensors.index.json` opens a sharded safetensors checkpoint.
Model open(const std::string& path, const LoadLimits& limits = defaultLoadLimits());

/// \brief Fills role, layer and group of every tensor from its name (called by the loaders).
void classifyTensors(Model& model);

} // namespace ql

#pragma once
/// \file limits.h
/// \brief One policy for how much an untrusted file may make a reader do: every reader takes a
/// LoadLimits, checks what the file declares against it before allocating or looping, and reports
/// a violation as Error(LimitExceeded) naming the file, the field, its value and the limit.
///
/// The defaults open real checkpoints of 400B parameters and more (DeepSeek-V3's 163 shards of
/// ~90,000 tensors, Llama 3.1 405B's 53,248-wide layers, tokenizers of 262,144 entries) while a
/// hostile file of a few bytes can make a reader allocate at most a bounded multiple of its size.

#include <cstdint>
#include <string>

namespace ql {

/// \brief Limits on what a file may declare. Passed to every reader; defaultLoadLimits() is used
/// where none is given.
struct LoadLimits {
    /// Largest JSON header or document (the safetensors specification caps headers at 100 MB),
    /// and the largest GGUF header (metadata and tensor list).
    uint64_t maxHeaderBytes = 100'000'000;
    /// Largest sweep or plan JSON document (a sweep of ~90,000 tensors × 30 specs is ~600 MB).
    uint64_t maxDocumentBytes = uint64_t(1) << 30;
    /// Tensors (datasets, archive members, imatrix entries) in one file.
    uint64_t maxTensors = 1'000'000;
    /// Axes of one tensor.
    uint32_t maxRank = 16;
    /// Nesting of JSON values (real headers nest 3 deep, Keras configs about 15).
    uint32_t maxJsonDepth = 64;
    /// Values in all metadata arrays of a GGUF file together (tokenizer vocabularies and merges).
    uint64_t maxMetadataValues = uint64_t(1) << 23;
    /// Values of one tensor (2^48: beyond every real model; indices never overflow).
    int64_t maxValues = int64_t(1) << 48;
    /// Decoded bytes per stored byte of compressed data: DEFLATE cannot expand more than 1032:1, so
    /// a member or chunk claiming more is not what it says.
    uint64_t maxExpansion = 1032;
    /// Bytes a reader may allocate in total for data it inflates or derives (zip members, HDF5
    /// datasets read whole, calibration statistics such as XᵀX): half the physical memory, at most 32 GiB.
    uint64_t maxInflatedBytes = 0; ///< 0: the default described above
    /// Bytes of one HDF5 attribute read into the metadata (Keras model configs are ~100 KB).
    uint64_t maxAttributeBytes = uint64_t(16) << 20;
    /// Attributes read per HDF5 object.
    uint32_t maxAttributes = 256;
    /// The HDF5 reader process: seconds one request may take, and its address-space limit in bytes.
    double readerSeconds = 60;
    uint64_t readerMemoryBytes = 0; ///< 0: maxInflatedBytes plus 1 GiB for the library itself

    /// \returns maxInflatedBytes, resolving 0 to the default.
    uint64_t inflatedBytes() const;
    /// \returns readerMemoryBytes, resolving 0 to the default.
    uint64_t readerMemory() const;
};

/// \returns the default limits (the same object every call).
const LoadLimits& defaultLoadLimits();

/// \returns the machine's physical memory in bytes.
uint64_t physicalMemoryBytes();

/// \brief What a limit bounds: the first argument of Error(LimitExceeded), a stable key that the
/// English description and the translated GUI text both name.
namespace limit {
    inline constexpr const char* HeaderBytes = "header_bytes"; ///< bytes of a header or JSON document
    inline constexpr const char* Tensors = "tensors"; ///< tensors, datasets, members or entries in a file
    inline constexpr const char* Rank = "rank"; ///< axes of a tensor
    inline constexpr const char* JsonDepth = "json_depth"; ///< nesting of a JSON value
    inline constexpr const char* MetadataValues = "metadata_values"; ///< values in metadata arrays
    inline constexpr const char* Values = "values"; ///< values of one tensor
    inline constexpr const char* StoredBytes = "stored_bytes"; ///< decoded bytes a tensor claims per stored byte
    inline constexpr const char* Memory = "memory"; ///< bytes allocated for inflated or derived data
    inline constexpr const char* AttributeBytes = "attribute_bytes"; ///< bytes of one attribute
    inline constexpr const char* Attributes = "attributes"; ///< attributes of one object
}

/// \brief Throws Error(LimitExceeded, file, {field, value, limit, object}) when \p value > \p limit.
/// \p field is one of the keys in ql::limit; \p object names the tensor, member or entry (or is empty).
void checkLimit(
    const std::string& file, const char* field, uint64_t value, uint64_t limit, const std::string& object = {});

/// \brief Bytes a reader has allocated for inflated or derived data, checked against a limit
/// (LoadLimits::inflatedBytes()) before each allocation.
class InflateBudget {
public:
    InflateBudget(const LoadLimits& limits, std::string file)
        : m_limit(limits.inflatedBytes())
        , m_file(std::move(file))
    {
    }
    /// \brief Reserves \p bytes for \p object; throws Error(LimitExceeded, {memory, total, limit,
    /// object}) if the total would pass the limit.
    void take(uint64_t bytes, const std::string& object);
    uint64_t used() const { return m_used; }

private:
    uint64_t m_limit;
    uint64_t m_used = 0;
    std::string m_file;
};

} // namespace ql

#include "loaders.h"
#include "mappedfile.h"
#include "metadatabuilder.h"
#include "shape.h"

#include "core/util/error.h"

namespace ql {

namespace {
    constexpr int kMaxArrayDepth = 4;
    /// GGUF allows at most this many dimensions (GGML_MAX_DIMS).
    constexpr uint32_t kMaxDims = 4;

    enum GgufType : uint32_t {
        U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, BOOL = 7, STRING = 8, ARRAY = 9,
        U64 = 10, I64 = 11, F64 = 12,
    };

    /// Bounds-checked little-endian reader over the mapped header.
    class Reader {
    public:
        Reader(const MappedFile& f)
            : m_file(f)
        {
        }
        uint64_t pos() const { return m_pos; }
        uint64_t remaining() const { return m_file.size() - m_pos; }

        template <typename T>
        T get(const char* what)
        {
            need(sizeof(T), what);
            T v;
            std::memcpy(&v, m_file.data() + m_pos, sizeof(T));
            m_pos += sizeof(T);
            return v;
        }
        std::string string(const char* what)
        {
            const uint64_t n = get<uint64_t>(what);
            need(n, what);
            std::string s(reinterpret_cast<const char*>(m_file.data() + m_pos), size_t(n));
            m_pos += n;
            return s;
        }
        void need(uint64_t n, const char* what) const
        {
            if (n > remaining())
                throw Error(ErrorCode::Truncated, m_file.path(), { what });
        }

    private:
        const MappedFile& m_file;
        uint64_t m_pos = 0;
    };

    /// Smallest encoded size of one value of a type (guards array counts before allocating).
    uint64_t minSize(uint32_t type)
    {
        switch (type) {
        case U8: case I8: case BOOL: return 1;
        case U16: case I16: return 2;
        case U32: case I32: case F32: return 4;
        case U64: case I64: case F64: case STRING: return 8;
        case ARRAY: return 12;
        default: return 1;
        }
    }

    /// Values decoded from metadata arrays so far, against LoadLimits::maxMetadataValues (a 1-byte
    /// element costs a JSON value of 16 bytes or more).
    struct ValueBudget {
        uint64_t used = 0, limit = 0;
    };

    nlohmann::ordered_json value(Reader& r, uint32_t type, const std::string& key, const std::string& path, int depth, ValueBudget& budget)
    {
        switch (type) {
        case U8: return r.get<uint8_t>("a metadata value");
        case I8: return r.get<int8_t>("a metadata value");
        case U16: return r.get<uint16_t>("a metadata value");
        case I16: return r.get<int16_t>("a metadata value");
        case U32: return r.get<uint32_t>("a metadata value");
        case I32: return r.get<int32_t>("a metadata value");
        case F32: return r.get<float>("a metadata value");
        case BOOL: return r.get<uint8_t>("a metadata value") != 0;
        case STRING: return r.string("a metadata string");
        case U64: return r.get<uint64_t>("a metadata value");
        case I64: return r.get<int64_t>("a metadata value");
        case F64: return r.get<double>("a metadata value");
        case ARRAY: {
            if (depth >= kMaxArrayDepth)
                throw Error(ErrorCode::BadHeader, path, { "metadata '" + key + "' nests arrays too deeply" });
            const uint32_t et = r.get<uint32_t>("an array type");
            const uint64_t n = r.get<uint64_t>("an array length");
            if (et > F64)
                throw Error(ErrorCode::BadHeader, path, { "metadata '" + key + "' has unknown element type " + std::to_string(et) });
            if (n > r.remaining() / minSize(et))
                throw Error(ErrorCode::Truncated, path, { "the array '" + key + "'" });
            budget.used += n;
            checkLimit(path, limit::MetadataValues, budget.used, budget.limit, key);
            auto arr = nlohmann::ordered_json::array();
            for (uint64_t i = 0; i < n; ++i)
                arr.push_back(value(r, et, key, path, depth + 1, budget));
            return arr;
        }
        default:
            throw Error(ErrorCode::BadHeader, path, { "metadata '" + key + "' has unknown type " + std::to_string(type) });
        }
    }
} // namespace

Model loadGguf(const std::string& path, const LoadLimits& limits)
{
    Model model;
    model.format = Format::Gguf;
    model.path = path;
    auto file = std::make_shared<MappedFile>(path);
    model.fileBytes = file->size();
    model.sources.push_back(std::make_shared<MappedSource>(file));

    Reader r(*file);
    if (r.get<uint32_t>("the magic") != 0x46554747u)
        throw Error(ErrorCode::BadHeader, path, { "missing GGUF magic" });
    const uint32_t version = r.get<uint32_t>("the version");
    if (version != 2 && version != 3)
        throw Error(ErrorCode::BadHeader, path,
            { "unsupported GGUF version " + std::to_string(version) + " (QuantLens reads versions 2 and 3)" });
    const uint64_t nTensors = r.get<uint64_t>("the tensor count");
    const uint64_t nKv = r.get<uint64_t>("the metadata count");
    // Every key/value takes at least 12 bytes and every tensor entry at least 24.
    if (nKv > r.remaining() / 12 || nTensors > r.remaining() / 24)
        throw Error(ErrorCode::Truncated, path, { "the header (counts exceed the file)" });
    checkLimit(path, limit::Tensors, nTensors, limits.maxTensors);

    MetadataBuilder metadata(model.metadata);
    metadata.set("GGUF.version", version);
    uint64_t alignment = 32;
    ValueBudget budget { 0, limits.maxMetadataValues };
    for (uint64_t i = 0; i < nKv; ++i) {
        std::string key = r.string("a metadata key");
        const uint32_t type = r.get<uint32_t>("a metadata type");
        auto v = value(r, type, key, path, 0, budget);
        checkLimit(path, limit::HeaderBytes, r.pos(), limits.maxHeaderBytes);
        if (key == "general.alignment") {
            // As llama.cpp reads it: a UINT32 power of two (a UINT64 of 2^32 would become 0).
            if (type != U32 || v.get<uint64_t>() == 0 || (v.get<uint64_t>() & (v.get<uint64_t>() - 1)))
                throw Error(ErrorCode::BadHeader, path, { "general.alignment is not a UINT32 power of two" });
            alignment = v.get<uint64_t>();
        }
        metadata.set(key, std::move(v));
    }

    for (uint64_t i = 0; i < nTensors; ++i) {
        TensorInfo t;
        t.name = r.string("a tensor name");
        const uint32_t nd = r.get<uint32_t>("a tensor rank");
        if (nd == 0 || nd > kMaxDims)
            throw Error(ErrorCode::BadHeader, path, { "tensor '" + t.name + "' has " + std::to_string(nd) + " dimensions" });
        std::vector<uint64_t> ne(nd);
        for (auto& d : ne) {
            d = r.get<uint64_t>("a tensor dimension");
            if (d > uint64_t(limits.maxValues))
                throw Error(ErrorCode::ShapeOverflow, path, { t.name });
        }
        // GGUF lists ne innermost first; display is outermost first, like numpy.
        for (uint32_t k = nd; k-- > 0;)
            t.shape.push_back(int64_t(ne[k]));
        const uint32_t type = r.get<uint32_t>("a tensor type");
        t.offset = r.get<uint64_t>("a tensor offset");
        const auto dtype = dtypeFromGgml(type);
        if (!dtype)
            throw Error(ErrorCode::UnknownDtype, path, { ggmlTypeName(type), t.name });
        t.dtype = *dtype;
        t.parameters = checkedElementCount(t.shape, path, t.name, limits);
        if (ne[0] % uint64_t(dtypeBlockElements(t.dtype)) != 0)
            throw Error(ErrorCode::BadHeader, path,
                { "tensor '" + t.name + "' has rows of " + std::to_string(ne[0]) + " values, not a multiple of the "
                    + std::string(dtypeName(t.dtype)) + " block" });
        t.bytes = *dtypeBytesFor(t.dtype, uint64_t(t.parameters));
        if (t.offset % alignment != 0)
            throw Error(ErrorCode::BadHeader, path, { "tensor '" + t.name + "' is not aligned" });
        model.tensors.push_back(std::move(t));
        checkLimit(path, limit::HeaderBytes, r.pos(), limits.maxHeaderBytes);
    }
    const uint64_t dataStart = (r.pos() + alignment - 1) / alignment * alignment;
    std::vector<TensorInfo*> ptrs;
    for (auto& t : model.tensors) {
        if (dataStart > file->size() || t.offset > file->size() - dataStart
            || t.bytes > file->size() - dataStart - t.offset)
            throw Error(ErrorCode::OffsetOutOfRange, path, { t.name });
        t.offset += dataStart;
        ptrs.push_back(&t);
    }
    checkNoOverlap(path, ptrs);
    classifyTensors(model);
    return model;
}

} // namespace ql

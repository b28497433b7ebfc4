#include "loaders.h"
#include "mappedfile.h"
#include "npyheader.h"
#include "shape.h"

#include "core/util/error.h"

#include <zip.h>

#include <deque>
#include <mutex>
#include <set>

namespace ql {

namespace {
    /// Fills shape-derived fields and checks the data fits in \p available bytes.
    void finishNpyTensor(TensorInfo& t, const NpyHeader& h, uint64_t available, const std::string& file, const LoadLimits& limits)
    {
        t.dtype = h.dtype;
        t.bigEndian = h.bigEndian;
        t.fortranOrder = h.fortranOrder;
        t.shape = h.shape;
        t.parameters = checkedElementCount(t.shape, file, t.name, limits);
        const auto bytes = dtypeBytesFor(t.dtype, uint64_t(t.parameters));
        if (!bytes)
            throw Error(ErrorCode::ShapeOverflow, file, { t.name });
        t.bytes = *bytes;
        if (h.dataOffset > available || t.bytes > available - h.dataOffset)
            throw Error(ErrorCode::SizeMismatch, file,
                { t.name, std::to_string(t.bytes), std::to_string(available - std::min(available, h.dataOffset)) });
    }

    /// Reads tensors out of a zip archive. libzip handles are not thread-safe, so every access is
    /// serialised. Stored members are read in place with seeks; deflated ones are inflated whole
    /// on first use and kept in a small cache, so memory follows the tensors being looked at.
    class ZipSource : public TensorSource {
    public:
        ZipSource(zip_t* z, std::string path, const LoadLimits& limits)
            : m_zip(z)
            , m_path(std::move(path))
            , m_limits(limits)
        {
        }
        ~ZipSource() override { zip_discard(m_zip); }

        void read(const TensorInfo& t, int64_t begin, int64_t count, float* out) const override
        {
            std::lock_guard lock(m_mutex);
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat(m_zip, t.path.c_str(), 0, &st) != 0)
                throw Error(ErrorCode::CannotOpen, m_path, { "member '" + t.path + "' vanished" });
            // The member as it is now must still hold the tensor (the file may have changed since it was opened).
            if (t.offset > st.size || t.bytes > st.size - t.offset)
                throw Error(ErrorCode::Truncated, m_path, { "member '" + t.path + "'" });
            if (st.comp_method == ZIP_CM_STORE && !t.fortranOrder && dtypeBlockElements(t.dtype) == 1) {
                const int esize = dtypeBlockBytes(t.dtype);
                std::vector<uint8_t> buf(size_t(count) * size_t(esize));
                zip_file_t* f = zip_fopen(m_zip, t.path.c_str(), 0);
                if (!f)
                    throw Error(ErrorCode::CannotOpen, m_path, { zip_strerror(m_zip) });
                const bool ok = zip_fseek(f, zip_int64_t(t.offset + uint64_t(begin) * uint64_t(esize)), SEEK_SET) == 0
                    && zip_fread(f, buf.data(), buf.size()) == zip_int64_t(buf.size());
                zip_fclose(f);
                if (!ok)
                    throw Error(ErrorCode::Truncated, m_path, { "member '" + t.path + "'" });
                decodeBlocks(t.dtype, buf.data(), count, out, t.bigEndian);
                return;
            }
            const auto& bytes = inflated(t, st.size);
            decodeRange(t, bytes.data() + t.offset, begin, count, out);
        }

    private:
        const std::vector<uint8_t>& inflated(const TensorInfo& t, uint64_t size) const
        {
            for (const auto& [name, data] : m_cache)
                if (name == t.path)
                    return *data;
            // A zip declares its members' sizes (checked against their compressed size when opened);
            // the cache holds at most kCachedMembers, each within the memory limit.
            checkLimit(m_path, limit::Memory, size, m_limits.inflatedBytes(), t.path);
            auto data = std::make_shared<std::vector<uint8_t>>(size_t(size));
            zip_file_t* f = zip_fopen(m_zip, t.path.c_str(), 0);
            if (!f)
                throw Error(ErrorCode::CannotOpen, m_path, { zip_strerror(m_zip) });
            const zip_int64_t got = zip_fread(f, data->data(), size);
            zip_fclose(f);
            if (got != zip_int64_t(size))
                throw Error(ErrorCode::Truncated, m_path, { "member '" + t.path + "'" });
            m_cache.emplace_back(t.path, std::move(data));
            while (m_cache.size() > kCachedMembers)
                m_cache.pop_front();
            return *m_cache.back().second;
        }

        static constexpr size_t kCachedMembers = 2;
        zip_t* m_zip;
        std::string m_path;
        LoadLimits m_limits;
        mutable std::mutex m_mutex;
        mutable std::deque<std::pair<std::string, std::shared_ptr<std::vector<uint8_t>>>> m_cache;
    };
} // namespace

Model loadNpy(const std::string& path, const LoadLimits& limits)
{
    Model model;
    model.format = Format::Npy;
    model.path = path;
    auto file = std::make_shared<MappedFile>(path);
    model.fileBytes = file->size();
    model.sources.push_back(std::make_shared<MappedSource>(file));
    const NpyHeader h = parseNpyHeader(file->data(), file->size(), path, "array");
    TensorInfo t;
    std::string stem = path.substr(path.find_last_of('/') + 1);
    if (stem.ends_with(".npy"))
        stem.resize(stem.size() - 4);
    t.name = stem.empty() ? "array" : stem;
    finishNpyTensor(t, h, file->size(), path, limits);
    t.offset = h.dataOffset;
    model.tensors.push_back(std::move(t));
    classifyTensors(model);
    return model;
}

Model loadNpz(const std::string& path, const LoadLimits& limits)
{
    Model model;
    model.format = Format::Npz;
    model.path = path;
    int err = 0;
    // ZIP_CHECKCONS: the local headers must agree with the central directory.
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        const std::string why = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        throw Error(ErrorCode::BadHeader, path, { "not a readable zip archive: " + why });
    }
    auto source = std::make_shared<ZipSource>(z, path, limits);
    model.sources.push_back(source);

    const zip_int64_t n = zip_get_num_entries(z, 0);
    checkLimit(path, limit::Tensors, uint64_t(std::max<zip_int64_t>(n, 0)), limits.maxTensors);
    std::set<std::string> seen;
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(z, zip_uint64_t(i), 0, &st) != 0)
            throw Error(ErrorCode::BadHeader, path, { zip_strerror(z) });
        if (!(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)
            || !(st.valid & ZIP_STAT_COMP_METHOD))
            throw Error(ErrorCode::BadHeader, path, { "member " + std::to_string(i) + " lacks its name, sizes or method" });
        const std::string member = st.name;
        if (member.ends_with("/"))
            continue;
        if (!member.ends_with(".npy"))
            throw Error(ErrorCode::NotNpyMember, path, { member });
        // Members are found by name when read: two of one name would be read from each other's bytes.
        if (!seen.insert(member).second)
            throw Error(ErrorCode::BadHeader, path, { "two members are named '" + member + "'" });
        // NumPy stores or deflates; DEFLATE expands at most 1032:1, so a member claiming more is lying.
        if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
            throw Error(ErrorCode::Unsupported, path, { "member '" + member + "' is compressed with zip method "
                + std::to_string(st.comp_method) + " (NumPy writes stored or deflated members)" });
        const uint64_t mostInflated = st.comp_method == ZIP_CM_STORE ? st.comp_size : st.comp_size * limits.maxExpansion + 1024;
        if (st.size > mostInflated)
            throw Error(ErrorCode::LimitExceeded, path,
                { limit::StoredBytes, std::to_string(st.size / std::max<uint64_t>(st.comp_size, 1)), std::to_string(limits.maxExpansion), member });
        if (st.comp_method == ZIP_CM_DEFLATE) // inflated whole when read
            checkLimit(path, limit::Memory, st.size, limits.inflatedBytes(), member);
        model.fileBytes += st.comp_size;
        // Read just enough of the member for its header (NumPy pads headers to 64-byte multiples;
        // headers beyond 64 KiB are not produced by NumPy for numeric arrays).
        uint8_t head[65536 + 12];
        zip_file_t* f = zip_fopen_index(z, zip_uint64_t(i), 0);
        if (!f)
            throw Error(ErrorCode::BadHeader, path, { "member '" + member + "': " + zip_strerror(z) });
        const zip_int64_t got = zip_fread(f, head, std::min<zip_uint64_t>(sizeof(head), st.size));
        zip_fclose(f);
        if (got < 0)
            throw Error(ErrorCode::Truncated, path, { "member '" + member + "'" });
        TensorInfo t;
        t.name = member.substr(0, member.size() - 4);
        t.path = member;
        const NpyHeader h = parseNpyHeader(head, uint64_t(got), path, member);
        finishNpyTensor(t, h, st.size, path, limits);
        t.offset = h.dataOffset;
        model.tensors.push_back(std::move(t));
    }
    classifyTensors(model);
    return model;
}

} // namespace ql

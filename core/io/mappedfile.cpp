#include "mappedfile.h"

#include "core/util/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ql {

MappedFile::MappedFile(const std::string& path)
    : m_path(path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(ErrorCode::CannotOpen, path, { std::strerror(errno) });
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const std::string why = S_ISDIR(st.st_mode) ? "it is a directory" : std::strerror(errno);
        ::close(fd);
        throw Error(ErrorCode::CannotOpen, path, { why });
    }
    m_size = uint64_t(st.st_size);
    if (m_size == 0) {
        ::close(fd);
        throw Error(ErrorCode::Empty, path);
    }
    void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED)
        throw Error(ErrorCode::CannotOpen, path, { std::strerror(errno) });
    m_data = static_cast<const uint8_t*>(p);
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(const_cast<uint8_t*>(m_data), m_size);
}

void MappedSource::read(const TensorInfo& t, int64_t begin, int64_t count, float* out) const
{
    decodeRange(t, m_file->data() + t.offset, begin, count, out);
}

const uint8_t* MappedSource::storedBytes(const TensorInfo& t) const
{
    // Big-endian and Fortran-ordered arrays are stored otherwise than their type says.
    return t.bigEndian || t.fortranOrder ? nullptr : m_file->data() + t.offset;
}

namespace {
    /// Fortran-ordered arrays: walk the row-major indices and gather each element.
    void decodeFortran(const TensorInfo& t, const uint8_t* base, int64_t begin, int64_t count, float* out)
    {
        const size_t nd = t.shape.size();
        const int esize = dtypeBlockBytes(t.dtype);
        std::vector<int64_t> idx(nd), fstride(nd);
        int64_t s = 1;
        for (size_t k = 0; k < nd; ++k) {
            fstride[k] = s;
            s *= t.shape[k];
        }
        int64_t rem = begin;
        for (size_t k = nd; k-- > 0;) {
            idx[k] = rem % t.shape[k];
            rem /= t.shape[k];
        }
        for (int64_t i = 0; i < count; ++i) {
            int64_t f = 0;
            for (size_t k = 0; k < nd; ++k)
                f += idx[k] * fstride[k];
            decodeBlocks(t.dtype, base + f * esize, 1, out + i, t.bigEndian);
            for (size_t k = nd; k-- > 0;) {
                if (++idx[k] < t.shape[k])
                    break;
                idx[k] = 0;
            }
        }
    }
} // namespace

void decodeRange(const TensorInfo& t, const uint8_t* base, int64_t begin, int64_t count, float* out)
{
    if (count <= 0)
        return;
    if (t.fortranOrder && t.shape.size() > 1) {
        decodeFortran(t, base, begin, count, out);
        return;
    }
    const int be = dtypeBlockElements(t.dtype);
    const int bb = dtypeBlockBytes(t.dtype);
    if (be == 1) {
        decodeBlocks(t.dtype, base + begin * bb, count, out, t.bigEndian);
        return;
    }
    // Block types: decode whole blocks, copying out the requested part of partial ones.
    int64_t pos = begin;
    const int64_t end = begin + count;
    std::vector<float> tmp(static_cast<size_t>(be));
    while (pos < end) {
        const int64_t block = pos / be;
        const int64_t within = pos % be;
        if (within == 0 && end - pos >= be) {
            const int64_t whole = (end - pos) / be;
            decodeBlocks(t.dtype, base + block * bb, whole, out + (pos - begin), t.bigEndian);
            pos += whole * be;
        } else {
            decodeBlocks(t.dtype, base + block * bb, 1, tmp.data(), t.bigEndian);
            const int64_t take = std::min<int64_t>(be - within, end - pos);
            std::copy_n(tmp.data() + within, take, out + (pos - begin));
            pos += take;
        }
    }
}

void checkNoOverlap(const std::string& file, std::vector<TensorInfo*> tensors)
{
    std::sort(tensors.begin(), tensors.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < tensors.size(); ++i) {
        const auto* prev = tensors[i - 1];
        if (prev->bytes > 0 && tensors[i]->bytes > 0 && tensors[i]->offset < prev->offset + prev->bytes)
            throw Error(ErrorCode::OverlappingTensors, file, { prev->name, tensors[i]->name });
    }
}

} // namespace ql

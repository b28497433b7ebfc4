#include "limits.h"

#include "error.h"

#include <algorithm>
#include <unistd.h>

namespace ql {

uint64_t physicalMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? uint64_t(pages) * uint64_t(size) : uint64_t(4) << 30;
}

uint64_t LoadLimits::inflatedBytes() const
{
    if (maxInflatedBytes)
        return maxInflatedBytes;
    static const uint64_t fallback = std::min(physicalMemoryBytes() / 2, uint64_t(32) << 30);
    return fallback;
}

uint64_t LoadLimits::readerMemory() const
{
    return readerMemoryBytes ? readerMemoryBytes : inflatedBytes() + (uint64_t(1) << 30);
}

const LoadLimits& defaultLoadLimits()
{
    static const LoadLimits limits;
    return limits;
}

void checkLimit(const std::string& file, const char* field, uint64_t value, uint64_t limit, const std::string& object)
{
    if (value > limit)
        throw Error(ErrorCode::LimitExceeded, file, { field, std::to_string(value), std::to_string(limit), object });
}

void InflateBudget::take(uint64_t bytes, const std::string& object)
{
    uint64_t total = 0;
    if (__builtin_add_overflow(m_used, bytes, &total))
        total = UINT64_MAX;
    checkLimit(m_file, limit::Memory, total, m_limit, object);
    m_used = total;
}

} // namespace ql

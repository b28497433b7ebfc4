#include "progress.h"

#include "error.h"

namespace ql {

void Progress::advance(int64_t amount)
{
    const int64_t done = m_done.fetch_add(amount) + amount;
    if (!m_callback)
        return;
    const int64_t total = m_total.load();
    const int percent = total > 0 ? int(done * 100 / total) : 0;
    std::lock_guard lock(m_mutex);
    if (percent == m_lastPercent)
        return;
    m_lastPercent = percent;
    m_callback(done, total);
}

void Progress::check() const
{
    if (cancelled())
        throw Error(ErrorCode::Cancelled, {});
}

} // namespace ql

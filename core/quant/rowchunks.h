#pragma once
// Internal: the fixed row chunks every parallel loop over a weight matrix uses, so that results do
// not depend on the number of threads. Not part of the public API.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>

namespace ql::detail {

/// Rows per unit of parallel work and of the ordered error reduction (fixed: results do not
/// depend on the number of threads).
constexpr int64_t kRowChunkValues = int64_t(1) << 16;

inline int64_t rowsPerChunk(int64_t cols)
{
    return std::max<int64_t>(1, kRowChunkValues / std::max<int64_t>(1, cols));
}

inline int64_t rowChunks(int64_t rows, int64_t cols)
{
    const int64_t step = rowsPerChunk(cols);
    return (rows + step - 1) / step;
}

/// Calls fn(chunk, firstRow, endRow) for every chunk of rows, in parallel.
template <typename Fn> void forRowChunks(int64_t rows, int64_t cols, Fn&& fn)
{
    const int64_t step = rowsPerChunk(cols);
    const int64_t chunks = (rows + step - 1) / step;
    tbb::parallel_for(tbb::blocked_range<int64_t>(0, chunks, 1), [&](const tbb::blocked_range<int64_t>& r) {
        for (int64_t c = r.begin(); c < r.end(); ++c)
            fn(c, c * step, std::min(rows, (c + 1) * step));
    });
}

} // namespace ql::detail

#pragma once
// Shared by the benchmarks: the machine's memory-read bandwidth, measured in the same run.
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace benchutil {

/// \brief Best of five parallel sums over \p bytes of memory with \p threads threads, in bytes/s.
/// Integer sums vectorise, so the loop is bound by memory, not by add latency.
inline double readBandwidth(size_t bytes, int threads)
{
    std::vector<uint64_t> buf(bytes / 8, 1);
    double best = 0;
    tbb::task_arena arena(threads);
    for (int rep = 0; rep < 5; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        const double sum = arena.execute([&] {
            return tbb::parallel_reduce(
                tbb::blocked_range<size_t>(0, buf.size(), 1 << 16), 0.0,
                [&](const tbb::blocked_range<size_t>& r, double acc) {
                    uint64_t s = 0;
                    for (size_t i = r.begin(); i < r.end(); ++i)
                        s += buf[i];
                    return acc + double(s);
                },
                std::plus<double>());
        });
        const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        benchmark::DoNotOptimize(sum);
        best = std::max(best, double(buf.size() * 8) / sec);
    }
    return best;
}

} // namespace benchutil

// Statistics throughput, reported as ratios measured in the same run:
//   vs_read_bw  - bytes of tensor data per second / the machine's memory-read bandwidth
//                 (a plain parallel sum over an in-memory buffer of the same size);
//   vs_naive    - speed-up over a naive implementation (copy, sort for percentiles, then moments).
// The tensor is a safetensors file in the page cache, read through the real loader: float32 (read
// twice: everything, then the values the exact percentiles and straddling histogram bins need) and
// bfloat16 (read once: a histogram of the stored codes is the exact multiset of values), the dtype
// of the checkpoints people quantize. Bytes are the file's bytes of the tensor.
//   build/bin/bench_stats [--values=N]   (default 2^27 values = 512 MiB of F32, 256 MiB of BF16)
#include "benchutil.h"

#include <tbb/task_arena.h>

#include "core/analysis/stats.h"
#include "core/io/model.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

int64_t g_values = int64_t(1) << 27;
std::string g_path, g_pathBf16;
double g_readBw[3] = { 0, 0, 0 }; // by thread count
double g_naiveBytesPerSecond = 0;

/// Heavy-tailed weights (Student t, 4 degrees of freedom), as float32 or rounded to bfloat16.
std::string writeTensorFile(bool bf16)
{
    const std::string path = (std::filesystem::temp_directory_path()
        / (bf16 ? "quantlens_bench_stats_bf16.safetensors" : "quantlens_bench_stats.safetensors"))
                                 .string();
    const int width = bf16 ? 2 : 4;
    const uint64_t bytes = uint64_t(g_values) * uint64_t(width);
    std::string header = std::string("{\"w\":{\"dtype\":\"") + (bf16 ? "BF16" : "F32") + "\",\"shape\":["
        + std::to_string(g_values / 4096) + ",4096],\"data_offsets\":[0," + std::to_string(bytes) + "]}}";
    while (header.size() % 8)
        header += ' ';
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const uint64_t n = header.size();
    out.write(reinterpret_cast<const char*>(&n), 8);
    out << header;
    std::mt19937 rng(1);
    std::student_t_distribution<float> t(4.0f);
    std::vector<float> block(1 << 20);
    std::vector<uint16_t> half(block.size());
    for (int64_t done = 0; done < g_values; done += int64_t(block.size())) {
        for (auto& x : block)
            x = t(rng) * 0.02f;
        const std::streamsize count = std::streamsize(std::min<int64_t>(block.size(), g_values - done));
        if (!bf16) {
            out.write(reinterpret_cast<const char*>(block.data()), count * 4);
            continue;
        }
        for (size_t i = 0; i < block.size(); ++i) {
            const uint32_t b = std::bit_cast<uint32_t>(block[i]);
            half[i] = uint16_t((b + 0x7FFFu + ((b >> 16) & 1u)) >> 16); // round to nearest even
        }
        out.write(reinterpret_cast<const char*>(half.data()), count * 2);
    }
    return path;
}

/// What a first implementation would do: read everything, sort a copy for percentiles, then moments.
double naiveStats(const ql::Model& m)
{
    std::vector<float> v = m.readAll(0);
    std::sort(v.begin(), v.end());
    double sum = 0, sq = 0;
    for (float x : v)
        sum += x;
    const double mean = sum / double(v.size());
    for (float x : v)
        sq += (x - mean) * (x - mean);
    return ql::percentileOfSorted(v, 99.9) + sq;
}

void BM_ReadBandwidth(benchmark::State& state)
{
    const int threads = int(state.range(0));
    for (auto _ : state)
        g_readBw[threads] = benchutil::readBandwidth(size_t(g_values) * 4, threads);
    state.counters["GB/s"] = g_readBw[threads] / 1e9;
}

void BM_NaiveStats(benchmark::State& state)
{
    const ql::Model m = ql::open(g_path);
    double seconds = 0;
    int64_t iters = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(naiveStats(m));
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++iters;
    }
    g_naiveBytesPerSecond = double(g_values) * 4 * double(iters) / seconds;
    state.counters["GB/s"] = g_naiveBytesPerSecond / 1e9;
}

void BM_Stats(benchmark::State& state)
{
    const int threads = int(state.range(0));
    const bool bf16 = state.range(1) != 0;
    const ql::Model m = ql::open(bf16 ? g_pathBf16 : g_path);
    const ql::StatsOptions options;
    tbb::task_arena arena(threads);
    double seconds = 0;
    int64_t iters = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        arena.execute([&] { benchmark::DoNotOptimize(ql::computeStats(m, 0, options)); });
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++iters;
    }
    const double bps = double(g_values) * (bf16 ? 2 : 4) * double(iters) / seconds;
    state.counters["GB/s"] = bps / 1e9;
    if (g_readBw[threads] > 0)
        state.counters["vs_read_bw"] = bps / g_readBw[threads];
    if (g_naiveBytesPerSecond > 0 && !bf16)
        state.counters["vs_naive"] = bps / g_naiveBytesPerSecond;
}

} // namespace

BENCHMARK(BM_ReadBandwidth)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveStats)->Iterations(1)->Unit(benchmark::kMillisecond);
// Arguments: threads, dtype (0 float32, 1 bfloat16).
BENCHMARK(BM_Stats)->Args({ 1, 0 })->Args({ 2, 0 })->Args({ 1, 1 })->Args({ 2, 1 })->Iterations(3)->Unit(
    benchmark::kMillisecond);

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--values=", 9) == 0)
            g_values = std::max<int64_t>(4096, std::atoll(argv[i] + 9) / 4096 * 4096);
    g_path = writeTensorFile(false);
    g_pathBf16 = writeTensorFile(true);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::filesystem::remove(g_path);
    std::filesystem::remove(g_pathBf16);
    return 0;
}

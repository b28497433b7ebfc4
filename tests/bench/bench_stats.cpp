// Statistics throughput, reported as ratios measured in the same run:
//   vs_read_bw  - bytes of tensor data per second / the machine's memory-read bandwidth
//                 (a plain parallel sum over an in-memory buffer of the same size);
//   vs_naive    - speed-up over a naive implementation (copy, sort for percentiles, then moments).
// The tensor is a float32 safetensors file in the page cache, read through the real loader.
//   build/bin/bench_stats [--values=N]   (default 2^27 values = 512 MiB)
#include "benchutil.h"

#include <tbb/task_arena.h>

#include "core/analysis/stats.h"
#include "core/io/model.h"

#include <benchmark/benchmark.h>

#include <algorithm>
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
std::string g_path;
double g_readBw[3] = { 0, 0, 0 }; // by thread count
double g_naiveBytesPerSecond = 0;

void writeTensorFile()
{
    g_path = (std::filesystem::temp_directory_path() / "quantlens_bench_stats.safetensors").string();
    const uint64_t bytes = uint64_t(g_values) * 4;
    std::string header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + std::to_string(g_values / 4096)
        + ",4096],\"data_offsets\":[0," + std::to_string(bytes) + "]}}";
    while (header.size() % 8)
        header += ' ';
    std::ofstream out(g_path, std::ios::binary | std::ios::trunc);
    const uint64_t n = header.size();
    out.write(reinterpret_cast<const char*>(&n), 8);
    out << header;
    std::mt19937 rng(1);
    std::student_t_distribution<float> t(4.0f);
    std::vector<float> block(1 << 20);
    for (int64_t done = 0; done < g_values; done += int64_t(block.size())) {
        for (auto& x : block)
            x = t(rng) * 0.02f;
        out.write(reinterpret_cast<const char*>(block.data()),
            std::streamsize(std::min<int64_t>(block.size(), g_values - done) * 4));
    }
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
    const bool streamed = state.range(1) != 0;
    const ql::Model m = ql::open(g_path);
    ql::StatsOptions options;
    if (streamed)
        options.keepInMemory = 0;
    tbb::task_arena arena(threads);
    double seconds = 0;
    int64_t iters = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        arena.execute([&] { benchmark::DoNotOptimize(ql::computeStats(m, 0, options)); });
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++iters;
    }
    const double bps = double(g_values) * 4 * double(iters) / seconds;
    state.counters["GB/s"] = bps / 1e9;
    if (g_readBw[threads] > 0)
        state.counters["vs_read_bw"] = bps / g_readBw[threads];
    if (g_naiveBytesPerSecond > 0)
        state.counters["vs_naive"] = bps / g_naiveBytesPerSecond;
}

} // namespace

BENCHMARK(BM_ReadBandwidth)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveStats)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Stats)->Args({ 1, 0 })->Args({ 2, 0 })->Args({ 1, 1 })->Args({ 2, 1 })->Iterations(2)->Unit(
    benchmark::kMillisecond);

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--values=", 9) == 0)
            g_values = std::max<int64_t>(4096, std::atoll(argv[i] + 9) / 4096 * 4096);
    writeTensorFile();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::filesystem::remove(g_path);
    return 0;
}

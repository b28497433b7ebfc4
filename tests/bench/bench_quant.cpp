// Quantization throughput for a 256 MiB float32 tensor ([16384, 4096], Student-t values), for each
// format's error-only path (scales + fused metrics) and fake-quantize path (scales + dequantized
// tensor), with 1 and 2 threads. Ratios from the same run:
//   vs_read_bw   - bytes of input per second / the memory-read bandwidth with as many threads;
//   vs_reference - speed-up over the scalar reference kernel (one value at a time);
//   vs_numpy     - INT4 g128 only: speed-up over a naive numpy round trip timed in this run
//                  (/usr/bin/python3 with numpy, when present).
//   SawtoothRedraw - what the Sawtooth tab computes when a control moves (the read-outs from the
//                  256-bin histogram and the curve), with vs_exact = its speed-up over measuring
//                  the error of the whole tensor exactly (int4:tensor, 2 threads).
//   GgmlQuantize - llama.cpp's k-quant quantizers alone, ns/value, with vs_scalar = the speed-up of
//                  the vector search (one sub-block per lane) over the scalar one in the same run.
//   GgmlTypes    - the i-quants, ternary, Q1_0/Q2_0 and ggml's MXFP4/NVFP4 with an importance vector,
//                  1 thread, ns/value; with QL_GGML_LIB naming llama.cpp's libggml-base.so (or
//                  QL_LLAMA_LIB a libllama beside it) also ggml's own ggml_quantize_chunk on the same
//                  rows in the same run: ggml_ns/value, vs_ggml = its time / ours, same_bytes = 1 when
//                  every byte agrees.
//   build/bin/bench_quant [--rows=N] [--benchmark_filter=...]
#include "benchutil.h"

#include "core/quant/awq.h"
#include "core/quant/ggmlquant.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/gptq.h"
#include "core/quant/groupkernel.h"
#include "core/quant/quantizer.h"
#include "core/analysis/griderror.h"
#include "core/quant/sawtooth.h"
#include "core/quant/spec.h"

#include <Eigen/Core>

#include <dlfcn.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

namespace {

int64_t g_rows = 16384;
constexpr int64_t kCols = 4096;
std::vector<float> g_w;
double g_readBw[3] = { 0, 0, 0 };
double g_numpyBytesPerSecond = 0;
double g_referenceBytesPerSecond = 0;

const char* kSpecs[] = { "int8:channel", "int4:g128", "int4:g128:asym", "int3:g64", "int4:g128:mse", "nf4", "fp8_e4m3:tensor",
    "mxfp4", "bf16", "fp16", "q8_0", "q4_0", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k" };

ql::WeightMatrix matrix() { return { g_w.data(), g_rows, kCols }; }
double bytes() { return double(g_w.size()) * 4; }

void setCounters(benchmark::State& state, double seconds, int threads, bool withReference)
{
    const double bps = bytes() * double(state.iterations()) / seconds;
    state.counters["GB/s"] = bps / 1e9;
    state.counters["ns/value"] = seconds / double(state.iterations()) / double(g_w.size()) * 1e9;
    if (g_readBw[threads] > 0)
        state.counters["vs_read_bw"] = bps / g_readBw[threads];
    if (withReference && g_referenceBytesPerSecond > 0)
        state.counters["vs_reference"] = bps / g_referenceBytesPerSecond;
}

void BM_ReadBandwidth(benchmark::State& state)
{
    const int threads = int(state.range(0));
    for (auto _ : state)
        g_readBw[threads] = benchutil::readBandwidth(size_t(bytes()), threads);
    state.counters["GB/s"] = g_readBw[threads] / 1e9;
}

/// INT4 g128 through the scalar reference kernel, one value at a time, 1 thread.
void BM_Int4ReferenceKernel(benchmark::State& state)
{
    const auto spec = ql::parseSpec("int4:g128");
    const auto w = matrix();
    double seconds = 0;
    std::vector<float> out(g_w.size());
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        tbb::task_arena(1).execute([&] {
            const auto p = ql::computeParams(spec, w);
            for (int64_t r = 0; r < w.rows; ++r)
                for (int64_t c0 = 0; c0 < w.cols; c0 += 128) {
                    const size_t gi = p.index(r, c0);
                    ql::detail::quantizeGroupReference(spec, w.data + r * w.cols + c0, 128, p.scale[gi], 0, 0, out.data() + r * w.cols + c0);
                }
        });
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    g_referenceBytesPerSecond = bytes() * double(state.iterations()) / seconds;
    setCounters(state, seconds, 1, false);
}

void BM_NumpyInt4(benchmark::State& state)
{
    for (auto _ : state) {
        const std::string cmd = "/usr/bin/python3 -c \"import time, numpy as np; x = np.random.default_rng(0).standard_t(4, size=("
            + std::to_string(g_rows) + ", " + std::to_string(kCols) + ")).astype(np.float32) * 0.02; t = time.perf_counter(); "
            "g = x.reshape(-1, 128); s = (np.abs(g).max(axis=1, keepdims=True) / 7).astype(np.float16).astype(np.float32); "
            "q = np.clip(np.round(g / s), -8, 7) * s; print(time.perf_counter() - t)\" 2>/dev/null";
        std::FILE* p = popen(cmd.c_str(), "r");
        double seconds = 0;
        if (p) {
            if (std::fscanf(p, "%lf", &seconds) != 1)
                seconds = 0;
            pclose(p);
        }
        if (seconds <= 0) {
            state.SkipWithError("numpy not available (/usr/bin/python3 with python3-numpy)");
            return;
        }
        state.SetIterationTime(seconds);
        g_numpyBytesPerSecond = bytes() / seconds;
    }
    state.counters["GB/s"] = g_numpyBytesPerSecond / 1e9;
}

void BM_Quant(benchmark::State& state, const char* specText, bool errorOnly)
{
    const int threads = int(state.range(0));
    const auto spec = ql::parseSpec(specText);
    const auto w = matrix();
    tbb::task_arena arena(threads);
    double seconds = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        arena.execute([&] {
            if (errorOnly) // the scales computed on the way, in one pass where the spec allows
                benchmark::DoNotOptimize(ql::measureError(spec, w));
            else
                benchmark::DoNotOptimize(ql::fakeQuantize(spec, w, ql::computeParams(spec, w)));
        });
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    setCounters(state, seconds, threads, std::string(specText) == "int4:g128");
    if (std::string(specText) == "int4:g128" && g_numpyBytesPerSecond > 0)
        state.counters["vs_numpy"] = bytes() * double(state.iterations()) / seconds / g_numpyBytesPerSecond;
}

void BM_SawtoothRedraw(benchmark::State& state)
{
    ql::Histogram h { -0.2, 0.2, std::vector<uint64_t>(256, 0) };
    for (float x : g_w)
        if (std::fabs(x) <= 0.2f)
            ++h.counts[std::min<size_t>(255, size_t((x + 0.2f) / 0.4f * 256))];
    const auto spec = ql::parseSpec("int4:tensor:sym");
    const auto w = matrix();
    tbb::task_arena arena(2);
    const auto t0 = std::chrono::steady_clock::now();
    arena.execute([&] { benchmark::DoNotOptimize(ql::measureError(spec, w, ql::computeParams(spec, w))); });
    const double exact = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double seconds = 0;
    int bits = 2;
    for (auto _ : state) {
        const auto t1 = std::chrono::steady_clock::now();
        const auto g = ql::makeAffineGrid(bits, true, -0.2, 0.2);
        benchmark::DoNotOptimize(ql::histogramError(g, h));
        benchmark::DoNotOptimize(ql::sawtoothCurve(g, -0.21, 0.21, 2048));
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
        bits = bits == 8 ? 2 : bits + 1;
    }
    state.counters["ms/redraw"] = seconds / double(state.iterations()) * 1e3;
    state.counters["vs_exact"] = exact / (seconds / double(state.iterations()));
}

/// GPTQ and AWQ on one n × n layer with a random correlated Hessian (2n calibration rows), against
/// round-to-nearest of the same layer in the same run.
void BM_CalibratedMethod(benchmark::State& state, bool awq)
{
    const int64_t n = state.range(0);
    std::mt19937 rng(5);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> w(size_t(n * n)), x(size_t(2 * n * n));
    for (auto& v : w)
        v = nd(rng) * 0.02f;
    for (auto& v : x)
        v = nd(rng);
    ql::CalibrationEntry c;
    c.in = n;
    c.inputs.assign(x.begin(), x.begin() + 256 * n); // the rows a capture keeps; H uses all 2n
    c.hessian.assign(size_t(n * n), 0.0);
    {
        using M = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        const Eigen::Map<const M> X(x.data(), 2 * n, n);
        const Eigen::MatrixXd H = (X.transpose() * X).cast<double>();
        Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(c.hessian.data(), n, n) = H;
    }
    const ql::WeightMatrix m { w.data(), n, n };
    const auto spec = ql::parseSpec("int4:g128");
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(ql::fakeQuantize(spec, m, ql::computeParams(spec, m)));
    const double rtn = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double seconds = 0;
    for (auto _ : state) {
        const auto t1 = std::chrono::steady_clock::now();
        if (awq)
            benchmark::DoNotOptimize(ql::awqQuantize(spec, m, c));
        else
            benchmark::DoNotOptimize(ql::gptqQuantize(spec, m, c.hessian));
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    }
    state.counters["s/layer"] = seconds / double(state.iterations());
    state.counters["vs_rtn"] = seconds / double(state.iterations()) / rtn;
}

/// llama.cpp block quantizers alone (no dequantization, no error), 1 thread, on the first 1024 rows:
/// the vector path (k-quant sub-blocks one per lane) against the scalar search, which performs
/// llama.cpp's reference quantizer's float operations in the same order (vs_scalar; llama.cpp's own
/// quantizer, built from source on this machine, took 65–69 ns/value for Q4_K, 28 for Q6_K, 11.5 for
/// Q3_K, 55 for Q2_K and Q5_K).
void BM_GgmlQuantize(benchmark::State& state, const char* specText)
{
    const auto f = ql::parseSpec(specText).format;
    const int64_t rows = std::min<int64_t>(g_rows, 1024);
    const int64_t rowBytes = ql::ggmlRowBytes(f, kCols);
    std::vector<uint8_t> out(static_cast<size_t>(rowBytes * rows));
    const auto run = [&](bool vector) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int64_t r = 0; r < rows; ++r) {
            if (vector)
                ql::quantizeGgmlRow(f, g_w.data() + r * kCols, kCols, out.data() + r * rowBytes);
            else
                ql::detail::quantizeGgmlRowScalar(f, g_w.data() + r * kCols, kCols, out.data() + r * rowBytes);
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    const double scalar = run(false);
    double seconds = 0;
    for (auto _ : state)
        seconds += run(true);
    const double perIteration = seconds / double(state.iterations());
    state.counters["ns/value"] = perIteration / double(rows * kCols) * 1e9;
    state.counters["scalar_ns/value"] = scalar / double(rows * kCols) * 1e9;
    state.counters["vs_scalar"] = scalar / perIteration;
}

/// llama.cpp's quantizer, when QL_GGML_LIB (or a libggml-base.so beside QL_LLAMA_LIB) is given.
using GgmlQuantizeChunk = size_t (*)(int, const float*, void*, int64_t, int64_t, int64_t, const float*);
GgmlQuantizeChunk ggmlQuantizeChunk()
{
    static GgmlQuantizeChunk fn = [] {
        std::string path;
        if (const char* g = std::getenv("QL_GGML_LIB"))
            path = g;
        else if (const char* l = std::getenv("QL_LLAMA_LIB")) {
            path = l;
            const size_t slash = path.find_last_of('/');
            path = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "libggml-base.so";
        }
        if (path.empty())
            return GgmlQuantizeChunk(nullptr);
        void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
        if (!lib) {
            std::fprintf(stderr, "QL_GGML_LIB: %s\n", dlerror());
            return GgmlQuantizeChunk(nullptr);
        }
        return reinterpret_cast<GgmlQuantizeChunk>(dlsym(lib, "ggml_quantize_chunk"));
    }();
    return fn;
}

/// The new llama.cpp types on 128 rows, 1 thread, with an importance vector (as llama-quantize with an
/// imatrix): ours against ggml_quantize_chunk of the reference in the same run.
void BM_GgmlTypes(benchmark::State& state, const char* specText)
{
    const auto spec = ql::parseSpec(specText);
    const int64_t rows = std::min<int64_t>(g_rows, 128);
    const int64_t rowBytes = ql::ggmlRowBytes(spec.format, kCols);
    std::vector<float> importance(static_cast<size_t>(kCols));
    std::mt19937 rng(11);
    std::lognormal_distribution<float> ln(0.0f, 1.0f);
    for (auto& v : importance)
        v = ln(rng);
    std::vector<uint8_t> ours(size_t(rowBytes * rows)), theirs(ours.size());
    // Warm-up: the lattice neighbour tables are built on first use, by both.
    ql::quantizeGgmlRow(spec.format, g_w.data(), kCols, ours.data(), importance.data());
    const GgmlQuantizeChunk ggml = ggmlQuantizeChunk();
    const int type = int(ql::ggmlTypeOfSpec(spec).value_or(0));
    if (ggml)
        ggml(type, g_w.data(), theirs.data(), 0, 1, kCols, importance.data());
    double seconds = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int64_t r = 0; r < rows; ++r)
            ql::quantizeGgmlRow(spec.format, g_w.data() + r * kCols, kCols, ours.data() + r * rowBytes, importance.data());
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    const double perIteration = seconds / double(state.iterations());
    state.counters["ns/value"] = perIteration / double(rows * kCols) * 1e9;
    if (ggml) {
        const auto t0 = std::chrono::steady_clock::now();
        ggml(type, g_w.data(), theirs.data(), 0, rows, kCols, importance.data());
        const double theirSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        state.counters["ggml_ns/value"] = theirSeconds / double(rows * kCols) * 1e9;
        state.counters["vs_ggml"] = theirSeconds / perIteration;
        state.counters["same_bytes"] = ours == theirs ? 1 : 0;
    }
}

} // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--rows=", 7) == 0)
            g_rows = std::max<int64_t>(1, std::atoll(argv[i] + 7));
    g_w.resize(size_t(g_rows * kCols));
    std::mt19937 rng(3);
    std::student_t_distribution<float> t(4.0f);
    for (auto& x : g_w)
        x = t(rng) * 0.02f;

    benchmark::RegisterBenchmark("ReadBandwidth", BM_ReadBandwidth)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("Int4ReferenceKernel", BM_Int4ReferenceKernel)->Iterations(1)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("NumpyInt4RoundTrip", BM_NumpyInt4)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("SawtoothRedraw", BM_SawtoothRedraw)->Iterations(200)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("Gptq/int4:g128", BM_CalibratedMethod, false)->Arg(1024)->Arg(4096)->Iterations(1)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("Awq/int4:g128", BM_CalibratedMethod, true)->Arg(1024)->Arg(4096)->Iterations(1)->Unit(benchmark::kMillisecond);
    for (const char* s : { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k" })
        benchmark::RegisterBenchmark((std::string("GgmlQuantize/") + s).c_str(), BM_GgmlQuantize, s)->Iterations(1)->Unit(benchmark::kMillisecond);
    for (const char* s : { "iq4_nl", "iq4_xs", "iq3_s", "iq3_xxs", "iq2_s", "iq2_xs", "iq2_xxs", "iq1_m", "iq1_s", "tq1_0", "tq2_0",
             "q1_0", "q2_0", "mxfp4_ggml", "nvfp4_ggml" })
        benchmark::RegisterBenchmark((std::string("GgmlTypes/") + s).c_str(), BM_GgmlTypes, s)->Iterations(1)->Unit(benchmark::kMillisecond);
    for (const char* s : kSpecs) {
        benchmark::RegisterBenchmark((std::string("Error/") + s).c_str(), BM_Quant, s, true)
            ->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((std::string("FakeQuant/") + s).c_str(), BM_Quant, s, false)
            ->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

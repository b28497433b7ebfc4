#include "fuzzcommon.h"

#include "core/analysis/stats.h"
#include "core/quant/modelquant.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fuzz {

const std::string& workDir()
{
    static const std::string dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ql-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data())) {
            std::perror("ql-fuzz: mkdtemp");
            std::abort();
        }
        static std::string keep = pattern;
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(keep, ec);
        });
        return pattern;
    }();
    return dir;
}

std::string writeInput(const std::string& name, const uint8_t* data, size_t size)
{
    const std::string path = workDir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "ql-fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

const ql::LoadLimits& limits()
{
    static const ql::LoadLimits l = [] {
        ql::LoadLimits l;
        // libFuzzer stops at 2 GiB of RSS: a file may make a reader allocate 256 MiB (an input of
        // 1 MB inflates to at most ~1 GB by DEFLATE's ratio, which the limit must cut short).
        l.maxInflatedBytes = uint64_t(256) << 20;
        l.readerSeconds = 20;
        return l;
    }();
    return l;
}

std::pair<std::string_view, std::string_view> split(const uint8_t* data, size_t size, std::string_view separator)
{
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const size_t at = all.find(separator);
    if (at == std::string_view::npos)
        return { all, {} };
    return { all.substr(0, at), all.substr(at + separator.size()) };
}

void finding(const char* what, const std::string& message)
{
    std::fprintf(stderr, "\nql-fuzz finding in %s: %s\n", what, message.c_str());
    std::fflush(stderr);
    std::abort();
}

void note(const char* what, const ql::Error& e)
{
    static const bool verbose = std::getenv("QL_FUZZ_VERBOSE") != nullptr;
    if (verbose)
        std::fprintf(stderr, "  %s: %s\n", what, e.what());
}

namespace {
    // One quantization per tensor, the spec chosen by the tensor's index so that a corpus reaches
    // every family: integer groups, a llama.cpp block type, a k-quant, a lookup and a minifloat.
    const char* const kSpecs[] = { "int4:g32", "q4_0", "q4_k", "nf4", "fp8_e4m3", "int8:channel:asym", "mxfp4" };

    void exerciseTensor(const ql::Model& model, size_t i, int64_t& budget)
    {
        const ql::TensorInfo& t = model.tensors[i];
        if (const uint8_t* stored = model.storedBytes(i); stored && t.bytes > 0) {
            // The mapping must hold every byte the tensor claims (ASan sees a read past it).
            volatile uint8_t touch = stored[0] ^ stored[t.bytes - 1];
            (void)touch;
        }
        if (t.parameters <= 0)
            return;
        if (t.parameters > kReadWhole || t.parameters > budget) {
            // A window at each end: offsets and the decoding of the last block are checked.
            const int64_t window = std::min<int64_t>(t.parameters, 4096);
            std::vector<float> v(static_cast<size_t>(window));
            model.read(i, 0, window, v.data());
            model.read(i, t.parameters - window, window, v.data());
            return;
        }
        budget -= t.parameters;
        const std::vector<float> all = model.readAll(i);
        ql::StatsOptions so;
        so.bins = 32;
        so.logBins = 16;
        (void)ql::computeStats(model, i, so);
        if (!ql::isQuantizable(t))
            return;
        const ql::OwnedMatrix m = ql::readWeightMatrix(model, i);
        auto quantize = [&](const char* text) {
            const ql::QuantSpec spec = ql::parseSpec(text);
            const ql::QuantParams p = ql::computeParams(spec, m.view());
            const std::vector<float> q = ql::fakeQuantize(spec, m.view(), p);
            (void)ql::compareMatrices(m.view(), q.data(), nullptr, p.groupCols);
            (void)ql::measureError(spec, m.view());
        };
        try {
            quantize(kSpecs[i % std::size(kSpecs)]);
        } catch (const ql::Error& e) {
            if (e.code() != ql::ErrorCode::Unsupported)
                throw;
            quantize(kSpecs[0]); // a block type the rows cannot hold: integer groups fit every row
        }
    }
} // namespace

void exercise(const ql::Model& model)
{
    (void)model.parameterCount();
    (void)model.tensorBytes();
    (void)model.metadata.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    int64_t budget = int64_t(1) << 20; // values read whole per input
    for (size_t i = 0; i < model.tensors.size(); ++i)
        allowed("a tensor", [&] { exerciseTensor(model, i, budget); });
}

} // namespace fuzz

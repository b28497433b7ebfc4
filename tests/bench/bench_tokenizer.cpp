// Tokenizer speed on ~1 MB of mixed text (the golden corpus repeated): Llama 2's SentencePiece
// vocabulary and the byte-level BPE test vocabulary with Llama 3's pre-tokenizer, and the PCRE2
// pre-tokenization alone (its share of the BPE time). With QL_LLAMA_LIB naming a libllama of the
// pinned release (e.g. node-llama-cpp's prebuilt libllama.v0.5.0.so), llama.cpp's own llama_tokenize
// runs on the same text and vocabularies in the same run, for the ratio.
#include "core/eval/pretokenizer.h"
#include "core/eval/tokenizer.h"
#include "support/vocabfiles.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>

namespace {
const std::string kData = QL_TEST_DATA;

const std::string& text()
{
    static const std::string t = [] {
        std::ifstream in(kData + "/tokenizers/goldens.json");
        const auto j = nlohmann::json::parse(in);
        std::string corpus;
        for (const auto& hex : j["cases"]) {
            const std::string h = hex.get<std::string>();
            std::string bytes;
            for (size_t i = 0; i + 1 < h.size(); i += 2)
                bytes.push_back(char(std::stoi(h.substr(i, 2), nullptr, 16)));
            corpus += bytes + "\n";
        }
        std::string out;
        while (out.size() < (1u << 20))
            out += corpus;
        return out;
    }();
    return t;
}

const ql::Tokenizer& llama2()
{
    static const ql::Tokenizer t(ql::vocabFromHuggingFace(std::string(QL_SHARED_DIR) + "/tokenizers/llama2"));
    return t;
}
const ql::Tokenizer& bpe()
{
    static const ql::Tokenizer t(fixtures::bpeTestVocab(kData, "llama-bpe"));
    return t;
}

void run(benchmark::State& state, const ql::Tokenizer& tok)
{
    size_t tokens = 0;
    for (auto _ : state) {
        const auto ids = tok.tokenize(text(), true);
        tokens = ids.size();
        benchmark::DoNotOptimize(ids.data());
    }
    state.SetBytesProcessed(int64_t(state.iterations() * text().size()));
    state.counters["tokens/s"] = benchmark::Counter(double(tokens), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_QuantLensLlama2Spm(benchmark::State& state) { run(state, llama2()); }
void BM_QuantLensBpeLlama3(benchmark::State& state) { run(state, bpe()); }
void BM_PreTokenizeLlama3(benchmark::State& state)
{
    const ql::PreTokenizer pre("llama-bpe");
    for (auto _ : state)
        benchmark::DoNotOptimize(pre.split(text()).size());
    state.SetBytesProcessed(int64_t(state.iterations() * text().size()));
}
BENCHMARK(BM_QuantLensLlama2Spm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantLensBpeLlama3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PreTokenizeLlama3)->Unit(benchmark::kMillisecond);

// llama.cpp through its C API (llama.h of the pinned release: llama_model_params' layout).
struct LlamaModelParams {
    void* devices;
    void* tensorBuftOverrides;
    int32_t nGpuLayers, splitMode, loadMode, lazyMode, mainGpu;
    const float* tensorSplit;
    void* progressCallback;
    void* progressCallbackUserData;
    const void* kvOverrides;
    bool vocabOnly, checkTensors, useExtraBufts, noHost, noAlloc, loadMtp;
};
struct LlamaApi {
    void* lib = nullptr;
    LlamaModelParams (*defaultParams)() = nullptr;
    void* (*load)(const char*, LlamaModelParams) = nullptr;
    const void* (*vocab)(const void*) = nullptr;
    int32_t (*tokenize)(const void*, const char*, int32_t, int32_t*, int32_t, bool, bool) = nullptr;
    void (*logSet)(void (*)(int, const char*, void*), void*) = nullptr;
};

const void* llamaVocab(const LlamaApi& api, const ql::Vocab& v, const std::string& name)
{
    const std::string path = (std::filesystem::temp_directory_path() / ("ql-bench-" + name + ".gguf")).string();
    fixtures::writeVocabGguf(path, v);
    LlamaModelParams p = api.defaultParams();
    p.vocabOnly = true;
    const void* model = api.load(path.c_str(), p);
    std::filesystem::remove(path);
    return model ? api.vocab(model) : nullptr;
}

void runLlama(benchmark::State& state, const LlamaApi& api, const void* vocab)
{
    std::vector<int32_t> out(text().size() + 16);
    int32_t n = 0;
    for (auto _ : state) {
        n = api.tokenize(vocab, text().data(), int32_t(text().size()), out.data(), int32_t(out.size()), true, false);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(int64_t(state.iterations() * text().size()));
    state.counters["tokens/s"] = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
}

void registerLlamaCpp()
{
    const char* path = std::getenv("QL_LLAMA_LIB");
    if (!path)
        return;
    static LlamaApi api;
    api.lib = dlopen(path, RTLD_NOW);
    if (!api.lib) {
        std::fprintf(stderr, "QL_LLAMA_LIB: %s\n", dlerror());
        return;
    }
    api.defaultParams = reinterpret_cast<LlamaModelParams (*)()>(dlsym(api.lib, "llama_model_default_params"));
    api.load = reinterpret_cast<void* (*)(const char*, LlamaModelParams)>(dlsym(api.lib, "llama_model_load_from_file"));
    api.vocab = reinterpret_cast<const void* (*)(const void*)>(dlsym(api.lib, "llama_model_get_vocab"));
    api.tokenize = reinterpret_cast<int32_t (*)(const void*, const char*, int32_t, int32_t*, int32_t, bool, bool)>(dlsym(api.lib, "llama_tokenize"));
    api.logSet = reinterpret_cast<void (*)(void (*)(int, const char*, void*), void*)>(dlsym(api.lib, "llama_log_set"));
    if (!api.defaultParams || !api.load || !api.vocab || !api.tokenize)
        return;
    if (api.logSet)
        api.logSet([](int, const char*, void*) {}, nullptr);
    static const void* spm = llamaVocab(api, llama2().vocab(), "llama2");
    static const void* bpeVocab = llamaVocab(api, bpe().vocab(), "bpe");
    if (spm)
        benchmark::RegisterBenchmark("BM_LlamaCppLlama2Spm", [](benchmark::State& s) { runLlama(s, api, spm); })->Unit(benchmark::kMillisecond);
    if (bpeVocab)
        benchmark::RegisterBenchmark("BM_LlamaCppBpeLlama3", [](benchmark::State& s) { runLlama(s, api, bpeVocab); })->Unit(benchmark::kMillisecond);
}
} // namespace

int main(int argc, char** argv)
{
    registerLlamaCpp();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

// The entry points of the fuzz executable. Built with -fsanitize=fuzzer (QL_FUZZ), libFuzzer drives
// LLVMFuzzerTestOneInput; the target is chosen by the name the executable is run under (fuzz_NAME,
// a link to quantlens-fuzz) or by $QL_FUZZ_TARGET. Built without it, main() below replays files and
// corpus folders through a target (`quantlens-fuzz-replay NAME PATH…`, the fuzz_corpus tests).
#include "fuzzcommon.h"

#include <tbb/global_control.h>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace {
const fuzz::Target* g_target = nullptr;

const fuzz::Target* findTarget(std::string name)
{
    if (name.starts_with("fuzz_"))
        name = name.substr(5);
    size_t n = 0;
    const fuzz::Target* all = fuzz::targets(n);
    for (size_t i = 0; i < n; ++i)
        if (name == all[i].name)
            return &all[i];
    return nullptr;
}

[[noreturn]] void usage(const char* what)
{
    size_t n = 0;
    const fuzz::Target* all = fuzz::targets(n);
    std::fprintf(stderr, "%s\ntargets:", what);
    for (size_t i = 0; i < n; ++i)
        std::fprintf(stderr, " %s", all[i].name);
    std::fprintf(stderr, "\n");
    std::exit(2);
}

void setUp()
{
    // One thread: inputs are small, and the fuzzer's single core stays its own (the results do not
    // depend on the thread count, conventions §5).
    static tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    const char* env = std::getenv("QL_FUZZ_TARGET");
    const std::string self = std::filesystem::path((*argv)[0]).filename().string();
    g_target = findTarget(env && *env ? env : self);
    if (!g_target)
        usage(("quantlens-fuzz: run as fuzz_NAME (a link to quantlens-fuzz) or set QL_FUZZ_TARGET; '" + self + "' is no target").c_str());
    setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    g_target->run(data, size);
    return 0;
}

#ifndef QL_LIBFUZZER
int main(int argc, char** argv)
{
    if (argc < 3)
        usage("usage: quantlens-fuzz-replay TARGET FILE-OR-FOLDER...");
    g_target = findTarget(argv[1]);
    if (!g_target)
        usage((std::string("no target '") + argv[1] + "'").c_str());
    setUp();
    std::vector<std::filesystem::path> files;
    for (int i = 2; i < argc; ++i) {
        const std::filesystem::path p(argv[i]);
        if (std::filesystem::is_directory(p)) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file())
                    files.push_back(e.path());
        } else {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
        usage("no inputs found");
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::fprintf(stderr, "%s (%zu bytes)\n", f.c_str(), bytes.size());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%s: %zu inputs, no finding\n", g_target->name, files.size());
    return 0;
}
#endif

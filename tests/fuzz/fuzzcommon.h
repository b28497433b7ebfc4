#pragma once
#include "core/analysis/sweepjournal.h"
#include "core/eval/validationjournal.h"
// The fuzz targets' shared harness (issue 16): every target hands hostile bytes to one reader of
// untrusted files, reads what it accepts (bounded), runs statistics and one quantization on it, and
// allows exactly two outcomes: success, or a ql::Error. Anything else — a crash, a sanitizer report,
// another exception type escaping, or a ql::Error(Unexpected), which means a reader's boundary had
// to convert a library's exception the reader did not anticipate — aborts, and libFuzzer keeps the
// input as the reproducer.

#include "core/io/model.h"
#include "core/util/error.h"
#include "core/util/limits.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fuzz {

/// \brief A fuzz target: its name (the executable's name is fuzz_NAME), the file name its input is
/// written to (the extension matters to readers that pick a format by it), and the function run on it.
struct Target {
    const char* name;
    void (*run)(const uint8_t* data, size_t size);
};

/// \returns all targets (fuzztargets.cpp).
const Target* targets(size_t& count);

/// \returns the directory this process writes its inputs to (created once, removed at exit).
const std::string& workDir();

/// \brief Writes \p size bytes to workDir()/name and returns the path.
std::string writeInput(const std::string& name, const uint8_t* data, size_t size);

/// \brief The limits the targets pass to readers: the defaults, with the memory a file may make a
/// reader allocate and the HDF5 reader's memory bounded so a run stays inside libFuzzer's RSS limit.
const ql::LoadLimits& limits();

/// \brief Reads every tensor of \p model, bounded: tensors of at most kReadWhole values are read
/// whole (statistics and one quantization with a spec chosen by the tensor's index), larger ones in
/// a window at each end. A ql::Error from one tensor is an allowed outcome for that tensor.
void exercise(const ql::Model& model);

/// \brief Values of a tensor read whole by exercise().
constexpr int64_t kReadWhole = int64_t(1) << 18;

/// \brief Runs \p f and enforces the allowed outcomes: returns normally or throws ql::Error other
/// than Unexpected (caught here). Aborts otherwise, printing what escaped.
template <typename F> void allowed(const char* what, F&& f);

[[noreturn]] void finding(const char* what, const std::string& message);
/// \brief With $QL_FUZZ_VERBOSE set, prints the allowed errors (to see how far a seed gets).
void note(const char* what, const ql::Error& e);

template <typename F> void allowed(const char* what, F&& f)
{
    try {
        f();
    } catch (const ql::Error& e) {
        if (e.code() == ql::ErrorCode::Unexpected)
            finding(what, std::string("ql::Error(Unexpected): ") + e.what());
        note(what, e);
    } catch (const std::exception& e) {
        finding(what, std::string("a std::exception escaped: ") + e.what());
    } catch (...) {
        finding(what, "an exception of unknown type escaped");
    }
}

/// \brief The bytes of the input up to the first \p separator and after it (the second part empty
/// when there is none): targets that read two files (an index and a shard, a model and its config)
/// take both from one input.
std::pair<std::string_view, std::string_view> split(const uint8_t* data, size_t size, std::string_view separator);

/// \brief The key of the sweep journals the seeds write and the sweep_journal target resumes.
inline ql::SweepJournalKey journalKey()
{
    ql::SweepJournalKey k;
    k.model = "fuzz-model.npz";
    k.modelBytes = 4096;
    k.headerHash = "0123456789abcdef";
    k.specs = { "int4:g32:sym:minmax", "q4_0" };
    return k;
}

/// \brief The key of the validation journals the seeds write and the sweep_journal target resumes.
inline ql::ValidationJournalKey validationJournalKey()
{
    ql::ValidationJournalKey k;
    k.sweep = "sweep.json (2048 bytes)";
    k.model = "fuzz-model.npz";
    k.modelBytes = 4096;
    k.headerHash = "0123456789abcdef";
    k.budgets = { 4.5, 6.5, 8.5 };
    k.metric = "weight";
    k.judge = "tokens , text , sample 2 x 32, seed 0, ctx 0, numerics float";
    return k;
}

/// \brief The separator of split() in the targets' inputs and dictionaries.
inline constexpr std::string_view kSeparator = "\n--QL-FILE--\n";

} // namespace fuzz

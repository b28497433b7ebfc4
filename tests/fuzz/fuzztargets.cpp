// The fuzz targets, one per reader of untrusted bytes (issue 16). Each writes its input where the
// reader expects a file and runs what a user's action would run on it; fuzzcommon.h says what is
// allowed to happen.
#include "fuzzcommon.h"

#include "core/analysis/activations.h"
#include "core/analysis/sweep.h"
#include "core/eval/classifier.h"
#include "core/eval/judge.h"
#include "core/eval/llama.h"
#include "core/eval/textchunks.h"
#include "core/eval/tokenizer.h"
#include "core/io/calibration.h"
#include "core/io/hdf5protocol.h"
#include "core/io/loaders.h"
#include "core/plan/export.h"
#include "core/plan/llamaquantize.h"
#include "core/plan/planner.h"
#include "core/plan/session.h"
#include "core/analysis/sweepjournal.h"
#include "core/quant/gptq.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "support/fixtures.h"
#include "support/vocabfiles.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>

namespace fuzz {
namespace {
    namespace fs = std::filesystem;

    // ---- model files --------------------------------------------------------------------------

    void openAndExercise(const char* file, const uint8_t* data, size_t size)
    {
        const std::string path = writeInput(file, data, size);
        allowed(file, [&] {
            const ql::Model m = ql::open(path, limits());
            exercise(m);
            if (m.format == ql::Format::Gguf) // the tokenizer a GGUF carries (tokenizer.ggml.*)
                allowed("the GGUF's tokenizer", [&] {
                    const ql::Tokenizer t = ql::Tokenizer::fromModel(m);
                    for (int id : t.tokenize("Hello world, 123 <s> ünï", true, true))
                        (void)t.piece(id);
                });
        });
    }

    void safetensors(const uint8_t* d, size_t n) { openAndExercise("model.safetensors", d, n); }
    void gguf(const uint8_t* d, size_t n) { openAndExercise("model.gguf", d, n); }
    void hdf5(const uint8_t* d, size_t n) { openAndExercise("model.h5", d, n); }
    void npy(const uint8_t* d, size_t n) { openAndExercise("model.npy", d, n); }
    void npz(const uint8_t* d, size_t n) { openAndExercise("model.npz", d, n); }

    /// The index JSON, and after the separator the bytes of its first shard; a second shard is a
    /// fixed valid file.
    void safetensorsIndex(const uint8_t* d, size_t n)
    {
        const auto [index, shard] = split(d, n, kSeparator);
        static const bool fixed = [] {
            const fixtures::Bytes b = fixtures::safetensors({ { "b.weight", "F32", { 2, 4 }, fixtures::raw(fixtures::ramp(8)) } });
            writeInput("model-00002-of-00002.safetensors", reinterpret_cast<const uint8_t*>(b.data()), b.size());
            return true;
        }();
        (void)fixed;
        writeInput("model-00001-of-00002.safetensors", reinterpret_cast<const uint8_t*>(shard.data()), shard.size());
        const std::string path = writeInput("model.safetensors.index.json", reinterpret_cast<const uint8_t*>(index.data()), index.size());
        allowed("model.safetensors.index.json", [&] { exercise(ql::open(path, limits())); });
    }

    // ---- calibration ------------------------------------------------------------------------------

    /// What a sweep, the Methods and the Outliers views do with calibration statistics.
    void exerciseCalibration(const ql::CalibrationStore& store, const char* what)
    {
        for (const auto& entry : store.entries) {
            const std::string& name = entry.first; // not a structured binding: clang 14 cannot capture one
            const ql::CalibrationEntry& e = entry.second;
            // The readers' promise (calibration.h): in > 0 and meanSq of that length.
            if (e.in <= 0 || int64_t(e.meanSq.size()) != e.in)
                finding(what, "entry '" + name + "' breaks the reader's promise (in " + std::to_string(e.in) + ", mean_sq "
                        + std::to_string(e.meanSq.size()) + ")");
            if (!e.hessian.empty() && int64_t(e.hessian.size()) != e.in * e.in)
                finding(what, "entry '" + name + "' has a Hessian of " + std::to_string(e.hessian.size()) + " values for in " + std::to_string(e.in));
            if (!e.inputs.empty() && int64_t(e.inputs.size()) % e.in != 0)
                finding(what, "entry '" + name + "' has inputs that are not whole rows");
            if (e.in > 4096)
                continue;
            allowed(what, [&] {
                const int64_t rows = 4;
                const std::vector<float> w = fixtures::ramp(size_t(rows * e.in), 0.01f, -0.3f);
                const ql::WeightMatrix wm { w.data(), rows, e.in };
                const ql::QuantSpec spec = ql::parseSpec("int4:g32");
                const ql::QuantParams p = ql::computeParams(spec, wm, e.meanSq.data());
                const std::vector<float> q = ql::fakeQuantize(spec, wm, p);
                (void)ql::outputRelativeError(w.data(), q.data(), rows, e.in, e);
                (void)ql::measureError(spec, wm, p, e.meanSq.data());
                (void)ql::activationMap(e, 6.0f);
                if (!e.hessian.empty() && e.in <= 256)
                    allowed(what, [&] { (void)ql::gptqQuantize(spec, wm, e.hessian); });
            });
        }
        if (!store.entries.empty())
            allowed(what, [&] { (void)ql::findOutlierFeatures(store, store.entries.begin()->second.in); });
    }

    void calibrationHdf5(const uint8_t* d, size_t n)
    {
        const std::string path = writeInput("calib.h5", d, n);
        allowed("calib.h5", [&] { exerciseCalibration(ql::loadCalibration(path, limits()), "calib.h5"); });
    }
    void calibrationNpz(const uint8_t* d, size_t n)
    {
        const std::string path = writeInput("calib.npz", d, n);
        allowed("calib.npz", [&] { exerciseCalibration(ql::loadCalibrationNpz(path, 256, limits()), "calib.npz"); });
    }
    void imatrix(const uint8_t* d, size_t n)
    {
        // Both formats: GGUF-based imatrix.gguf and the legacy imatrix.dat, told apart by their bytes.
        const std::string path = writeInput("imatrix.dat", d, n);
        allowed("imatrix", [&] { exerciseCalibration(ql::loadImatrix(path, limits()), "imatrix"); });
        allowed("imatrix (any)", [&] { (void)ql::loadCalibrationAny(path, limits()); });
    }

    // ---- QuantLens's own documents ------------------------------------------------------------

    void exercisePlan(const ql::Plan& plan, const ql::SweepResult* sweep)
    {
        for (auto f : { ql::ExportFormat::LlamaCpp, ql::ExportFormat::GptqModel, ql::ExportFormat::LlmCompressor,
                 ql::ExportFormat::ModelOpt, ql::ExportFormat::Csv, ql::ExportFormat::Markdown })
            allowed("an export", [&] { (void)ql::exportPlan(plan, f, sweep); });
        // Plans round-trip: what is written reads back with the same entries.
        const std::string text = ql::planToJson(plan);
        const ql::Plan back = ql::planFromJson(text, "round-trip", limits());
        if (back.entries.size() != plan.entries.size())
            finding("plan round trip", std::to_string(plan.entries.size()) + " entries written, " + std::to_string(back.entries.size()) + " read");
        for (size_t i = 0; i < plan.entries.size(); ++i)
            if (back.entries[i].name != plan.entries[i].name || back.entries[i].spec != plan.entries[i].spec)
                finding("plan round trip", "entry " + std::to_string(i) + " changed: '" + plan.entries[i].name + "' " + plan.entries[i].spec
                        + " read back as '" + back.entries[i].name + "' " + back.entries[i].spec);
    }

    void sweep(const uint8_t* d, size_t n)
    {
        const std::string path = writeInput("sweep.json", d, n);
        allowed("sweep.json", [&] {
            const ql::SweepResult s = ql::loadSweep(path, limits());
            for (ql::PlanMetric metric : { ql::PlanMetric::Weight, ql::PlanMetric::Output, ql::PlanMetric::EndToEnd }) {
                for (double bpw : { 2.0, 4.5, 8.0 })
                    allowed("a plan", [&] { exercisePlan(ql::solvePlan(s, { ql::Budget::Kind::BitsPerWeight, bpw }, {}, metric), &s); });
                allowed("a plan by error", [&] { (void)ql::solvePlan(s, { ql::Budget::Kind::MaxError, 0.01 }, {}, metric); });
                allowed("the frontier", [&] { (void)ql::paretoFrontier(s, {}, metric); });
            }
            ql::PlanConstraints c;
            c.ties.push_back("layers\\.(\\d+)\\.");
            c.minBits.push_back({ "attn", 4 });
            allowed("a constrained plan", [&] { (void)ql::solvePlan(s, { ql::Budget::Kind::BitsPerWeight, 5 }, c); });
        });
    }

    void plan(const uint8_t* d, size_t n)
    {
        const std::string path = writeInput("plan.json", d, n);
        allowed("plan.json", [&] { exercisePlan(ql::loadPlan(path, limits()), nullptr); });
    }

    void session(const uint8_t* d, size_t n)
    {
        const std::string path = writeInput("work.qlsession", d, n);
        allowed("work.qlsession", [&] {
            const ql::Session s = ql::loadSession(path, limits());
            if (s.sweep)
                exercisePlan(ql::solvePlan(*s.sweep, { ql::Budget::Kind::BitsPerWeight, 64 }), &*s.sweep);
        });
    }

    void sweepJournal(const uint8_t* d, size_t n)
    {
        // The seeds' journals are of this key (fuzzseeds.cpp): a resumed journal reaches its rows.
        const std::string path = writeInput("sweep.json.journal", d, n);
        allowed("sweep.json.journal", [&] {
            ql::SweepJournal journal(path, fuzz::journalKey(), true);
            for (const auto& row : journal.done())
                if (row.cells.size() != fuzz::journalKey().specs.size())
                    finding("journal", "row '" + row.name + "' has " + std::to_string(row.cells.size()) + " cells");
        });
        // The same bytes as a validation's journal (journal.h serves both).
        const std::string vpath = writeInput("validation.json.journal", d, n);
        allowed("validation.json.journal", [&] {
            ql::ValidationJournal journal(vpath, fuzz::validationJournalKey(), true);
            for (const auto& [k, p] : journal.done())
                if (k >= fuzz::validationJournalKey().budgets.size())
                    finding("journal", "plan " + std::to_string(k) + " of " + std::to_string(fuzz::validationJournalKey().budgets.size()));
        });
    }

    // ---- tokens and text ---------------------------------------------------------------------

    void tokens(const uint8_t* d, size_t n)
    {
        // A text file of ids, or (by its magic) an .npy [sequences, length].
        const std::string path = writeInput("tokens.txt", d, n);
        allowed("tokens.txt", [&] {
            const auto seqs = ql::readTokenFile(path, limits());
            for (const auto& s : seqs)
                for (int id : s)
                    if (id < 0)
                        finding("tokens.txt", "a negative token id was accepted");
        });
    }

    void text(const uint8_t* d, size_t n)
    {
        static const std::unique_ptr<ql::Tokenizer> bpe
            = std::make_unique<ql::Tokenizer>(fixtures::bpeTestVocab(QL_TEST_DATA, "llama-bpe"));
        static const std::unique_ptr<ql::Tokenizer> spm = [] {
            const ql::Model m = ql::open(QL_STORIES_DIR "/stories260K.gguf");
            return std::make_unique<ql::Tokenizer>(ql::Tokenizer::fromModel(m));
        }();
        const std::string path = writeInput("text.txt", d, n);
        allowed("text.txt", [&] {
            const std::string t = ql::readTextFile(path);
            for (const ql::Tokenizer* tok : { bpe.get(), spm.get() }) {
                for (bool special : { false, true })
                    for (int id : tok->tokenize(t, true, special))
                        (void)tok->piece(id);
                allowed("text chunks", [&] { (void)ql::chunkText(*tok, t, 4, path); });
            }
        });
    }

    // ---- files beside a checkpoint, and descriptions inside one ------------------------------

    /// config.json beside a Hugging Face Llama checkpoint (stories260K, with a BPE tokenizer.json):
    /// the loader's metadata, the forward pass, llama-quantize's type choice and the tokenizer read it.
    void config(const uint8_t* d, size_t n)
    {
        static const std::string model = [] {
            const std::string dir = workDir() + "/hf";
            fs::create_directories(dir);
            fs::copy_file(QL_STORIES_DIR "/model.safetensors", dir + "/model.safetensors", fs::copy_options::overwrite_existing);
            fixtures::writeBpeTokenizerJson(dir, QL_TEST_DATA, "llama-bpe");
            return dir + "/model.safetensors";
        }();
        const std::string cfg = fs::path(model).parent_path() / "config.json";
        fixtures::writeFile(cfg, std::string(reinterpret_cast<const char*>(d), n));
        allowed("config.json", [&] {
            const ql::Model m = ql::open(model, limits());
            allowed("the forward pass", [&] {
                const ql::LlamaModel lm(m);
                (void)lm.forward({ 1, 5, 9, 2 });
            });
            allowed("llama-quantize's types", [&] {
                ql::LlamaQuantizeOptions o;
                o.ftype = "Q4_K_M";
                const ql::LlamaQuantizeResult r = ql::llamaQuantizeTypes(m, o);
                (void)ql::llamaQuantizePlan(m, r);
            });
            allowed("the tokenizer", [&] { (void)ql::Tokenizer::fromModel(m).tokenize("Hello world", true); });
        });
    }

    /// A safetensors classifier whose `quantlens_architecture` metadata entry is the input: a
    /// convolution, batch norm, pooling and a linear head over fixed tensors.
    void architecture(const uint8_t* d, size_t n)
    {
        using fixtures::raw;
        using fixtures::ramp;
        const std::vector<fixtures::StTensor> tensors = {
            { "conv.weight", "F32", { 4, 1, 3, 3 }, raw(ramp(36, 0.05f, -0.9f)) },
            { "conv.bias", "F32", { 4 }, raw(ramp(4, 0.1f)) },
            { "bn.weight", "F32", { 4 }, raw(ramp(4, 0.1f, 1.0f)) },
            { "bn.bias", "F32", { 4 }, raw(ramp(4, 0.01f)) },
            { "bn.mean", "F32", { 4 }, raw(ramp(4, 0.02f)) },
            { "bn.var", "F32", { 4 }, raw(ramp(4, 0.1f, 0.5f)) },
            { "fc.weight", "F32", { 10, 64 }, raw(ramp(640, 0.003f, -1.0f)) },
            { "fc.bias", "F32", { 10 }, raw(ramp(10, 0.1f)) },
        };
        // A safetensors header is JSON text: an entry that is not valid UTF-8 cannot be written into one
        // (the safetensors target covers headers of any bytes), so it is stored with U+FFFD for the bad bytes.
        const std::string text = nlohmann::json(std::string(reinterpret_cast<const char*>(d), n))
                                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        const fixtures::Bytes file = fixtures::safetensors(tensors, { { "quantlens_architecture", nlohmann::json::parse(text) } });
        const std::string path = writeInput("classifier.safetensors", reinterpret_cast<const uint8_t*>(file.data()), file.size());
        allowed("quantlens_architecture", [&] {
            const ql::Model m = ql::open(path, limits());
            const ql::ClassifierModel c(m);
            if (c.inputs() <= 0 || c.inputs() > (1 << 20))
                return;
            ql::ClassifierModel::Matrix x = ql::ClassifierModel::Matrix::Constant(2, c.inputs(), 0.5f);
            const ql::ClassifierModel::Matrix p = c.probabilities(x);
            if (p.rows() != 2 || p.cols() != c.classes())
                finding("quantlens_architecture", "probabilities of the wrong shape");
        });
    }

    // ---- the HDF5 reader's replies ------------------------------------------------------------

    /// The bytes a reader process sends back: the messages are parsed by QuantLens, so a reader
    /// that went wrong must not take the GUI down with it.
    void hdf5Reply(const uint8_t* d, size_t n)
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
            return;
        // Small inputs fit the socket buffer: write all, close, then parse what arrived.
        const size_t k = std::min<size_t>(n, 64 * 1024);
        if (k > 0 && write(fds[1], d, k) < 0) { /* a short socket buffer: parse what got through */ }
        close(fds[1]);
        allowed("an HDF5 reader reply", [&] {
            for (int i = 0; i < 4; ++i) {
                nlohmann::json header;
                uint64_t blob = 0;
                if (ql::hdf5ipc::receiveHeader(fds[0], header, blob, ql::hdf5ipc::nowMs() + 1000) != ql::hdf5ipc::Io::Ok)
                    break;
                if (ql::hdf5ipc::receiveBlob(fds[0], nullptr, blob, ql::hdf5ipc::nowMs() + 1000) != ql::hdf5ipc::Io::Ok)
                    break;
            }
        });
        close(fds[0]);
    }

    const Target kTargets[] = {
        { "safetensors", safetensors },
        { "safetensors_index", safetensorsIndex },
        { "gguf", gguf },
        { "hdf5", hdf5 },
        { "npy", npy },
        { "npz", npz },
        { "calibration_hdf5", calibrationHdf5 },
        { "calibration_npz", calibrationNpz },
        { "imatrix", imatrix },
        { "sweep", sweep },
        { "plan", plan },
        { "session", session },
        { "sweep_journal", sweepJournal },
        { "tokens", tokens },
        { "text", text },
        { "config", config },
        { "architecture", architecture },
        { "hdf5_reply", hdf5Reply },
    };
} // namespace

const Target* targets(size_t& count)
{
    count = std::size(kTargets);
    return kTargets;
}

} // namespace fuzz

// quantlens-fuzz-seeds OUT: writes the seed corpora of the fuzz targets (tests/fuzz/corpus/NAME/),
// small valid files of every layout the tests' fixtures write, so the fuzzer starts from inputs
// that reach deep into each reader. The output is committed; scripts/fuzz.sh --seeds rewrites it.
#include "fuzzcommon.h"

#include "core/analysis/sweep.h"
#include "core/io/calibration.h"
#include "core/io/loaders.h"
#include "core/plan/planner.h"
#include "core/plan/session.h"
#include "core/quant/spec.h"
#include "support/fixtures.h"
#include "support/synthmodel.h"
#include "support/vocabfiles.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

using namespace fixtures;
namespace fs = std::filesystem;

namespace {
std::string g_out;

template <typename T> Bytes le(T v) { return Bytes(reinterpret_cast<const char*>(&v), sizeof(T)); }

void seed(const std::string& target, const std::string& name, const Bytes& bytes)
{
    fs::create_directories(g_out + "/" + target);
    writeFile(g_out + "/" + target + "/" + name, bytes);
}

Bytes tmpFile(const std::string& name) { return readFile(fuzz::workDir() + "/" + name); }
std::string tmp(const std::string& name) { return fuzz::workDir() + "/" + name; }

Bytes f32(const std::vector<float>& v) { return raw(v); }

void models()
{
    // safetensors: float, half, integer and 8-bit float tensors, metadata, an empty tensor.
    seed("safetensors", "f32_meta", safetensors({ { "layers.0.attn.q_proj.weight", "F32", { 4, 8 }, f32(ramp(32, 0.1f, -1.5f)) },
                                                  { "layers.0.norm.weight", "F32", { 8 }, f32(ramp(8, 0.01f, 1)) } },
                                        { { "format", "pt" }, { "note", "seed" } }));
    {
        std::vector<uint16_t> h(64);
        for (size_t i = 0; i < h.size(); ++i)
            h[i] = uint16_t(0x3c00 + i * 37);
        seed("safetensors", "halves", safetensors({ { "a.weight", "F16", { 2, 32 }, raw(h) }, { "b.weight", "BF16", { 4, 16 }, raw(h) } }));
    }
    seed("safetensors", "ints_fp8", safetensors({ { "q.weight", "I8", { 4, 8 }, Bytes(32, '\x05') },
                                        { "f8.weight", "F8_E4M3", { 2, 16 }, Bytes(32, '\x38') },
                                        { "e.weight", "F32", { 0, 4 }, "" } }));

    // The sharded index: the index JSON, then the first shard's bytes.
    {
        const nlohmann::json index = { { "metadata", { { "total_size", 64 } } },
            { "weight_map", { { "a.weight", "model-00001-of-00002.safetensors" }, { "b.weight", "model-00002-of-00002.safetensors" } } } };
        seed("safetensors_index", "two_shards",
            index.dump() + std::string(fuzz::kSeparator) + safetensors({ { "a.weight", "F32", { 2, 4 }, f32(ramp(8)) } }));
    }

    // GGUF: a small synthetic Llama (tokenizer metadata included), and one tensor of several block types.
    {
        SynthLlama c;
        c.layers = 1;
        c.dim = 16;
        c.hidden = 32;
        c.heads = 2;
        c.kvHeads = 1;
        c.vocab = 40;
        c.context = 64;
        writeSynthLlamaGguf(tmp("synth.gguf"), c);
        seed("gguf", "synth_llama", tmpFile("synth.gguf"));
        c.type = 1;
        c.tied = true;
        writeSynthLlamaGguf(tmp("synth16.gguf"), c);
        seed("gguf", "synth_llama_f16_tied", tmpFile("synth16.gguf"));
    }
    {
        Gguf g;
        g.kvString("general.architecture", "llama");
        g.kvU32("general.alignment", 64);
        g.tensor("blk.0.attn_q.weight", { 2, 32 }, 8, Bytes(2 * 34, '\x11')); // Q8_0
        g.tensor("blk.0.attn_k.weight", { 1, 32 }, 2, Bytes(18, '\x22')); // Q4_0
        g.tensor("blk.0.ffn_up.weight", { 1, 256 }, 12, Bytes(144, '\x03')); // Q4_K
        g.tensor("blk.0.ffn_down.weight", { 1, 256 }, 14, Bytes(210, '\x04')); // Q6_K
        g.tensor("blk.0.attn_v.weight", { 1, 256 }, 20, Bytes(144, '\x05')); // IQ4_NL: 18 bytes per 32 values
        seed("gguf", "blocks", g.build(3, 64));
    }

    // HDF5 and Keras .h5.
    writeHdf5(tmp("plain.h5"), { { "a/b/weights", { 3, 4 }, ramp(12) }, { "bias", { 4 }, ramp(4) } }, {});
    seed("hdf5", "plain", tmpFile("plain.h5"));
    writeHdf5(tmp("keras2.h5"),
        { { "model_weights/dense/dense/kernel:0", { 8, 4 }, ramp(32) }, { "model_weights/dense/dense/bias:0", { 4 }, ramp(4) },
            { "optimizer_weights/Adam/dense/kernel/m:0", { 8, 4 }, ramp(32) } },
        { { "/", "keras_version", { "2.12.0" } }, { "/", "backend", { "tensorflow" } }, { "model_weights", "layer_names", { "dense" } },
            { "/", "model_config", { R"({"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "dense", "units": 4}}]}})" } } });
    seed("hdf5", "keras2", tmpFile("keras2.h5"));

    // .npy: little and big endian, Fortran order, integers and halves.
    seed("npy", "f32", npy("<f4", { 3, 4 }, f32(ramp(12, 0.5f, -2))));
    seed("npy", "f64_fortran", npy("<f8", { 2, 3 }, raw(std::vector<double> { 1, 2, 3, 4, 5, 6 }), true));
    seed("npy", "i16_big", npy(">i2", { 4 }, Bytes("\x00\x01\x00\x02\xff\xff\x80\x00", 8)));
    seed("npy", "f16", npy("<f2", { 2, 2 }, Bytes("\x00\x3c\x00\xc0\x00\x7c\x01\x00", 8)));

    // .npz: stored and deflated members.
    writeNpz(tmp("stored.npz"), { { "w", npy("<f4", { 4, 8 }, f32(ramp(32))) }, { "b", npy("<f4", { 4 }, f32(ramp(4))) } }, false);
    seed("npz", "stored", tmpFile("stored.npz"));
    writeNpz(tmp("deflated.npz"), { { "layer.0.weight", npy("<f4", { 8, 8 }, f32(ramp(64, 0.25f))) } }, true);
    seed("npz", "deflated", tmpFile("deflated.npz"));
}

void calibration()
{
    ql::CalibrationStore store;
    for (const char* name : { "blk.0.attn_q.weight", "model.layers.1.mlp.up_proj.weight" }) {
        ql::CalibrationEntry e;
        e.in = 8;
        const std::vector<float> rows = ramp(8 * 6, 0.3f, -4);
        for (int r = 0; r < 6; ++r)
            e.add(rows.data() + r * 8, 4);
        store.entries[name] = e;
    }
    ql::saveCalibration(store, tmp("calib.h5"));
    seed("calibration_hdf5", "full", tmpFile("calib.h5"));
    {
        // Only diagonal statistics, as a dump of mean squares gives.
        writeHdf5(tmp("diag.h5"), { { "calibration/w/mean_sq", { 4 }, ramp(4, 1, 1) }, { "calibration/w/absmax", { 4 }, ramp(4, 2, 1) } }, {});
        seed("calibration_hdf5", "diagonal", tmpFile("diag.h5"));
    }

    const std::vector<float> x { 1, 2, 3, -4, 0.5f, 6, 7, -8 }; // [2, 4]
    writeNpz(tmp("acts.npz"),
        { { "blk.0.attn_q.weight/inputs", npy("<f4", { 2, 4 }, f32(x)) },
            { "blk.1.ffn_up.weight.mean_sq", npy("<f4", { 2 }, f32({ 0.5f, 2.0f })) },
            { "blk.1.ffn_up.weight.absmax", npy("<f4", { 2 }, f32({ 1.5f, 3.0f })) } },
        true);
    seed("calibration_npz", "inputs_and_diagonal", tmpFile("acts.npz"));
    writeNpz(tmp("hess.npz"),
        { { "w/inputs", npy("<f4", { 2, 2 }, f32({ 1, 2, 3, 4 })) }, { "w/hessian", npy("<f8", { 2, 2 }, raw(std::vector<double> { 10, 14, 14, 20 })) } },
        false);
    seed("calibration_npz", "hessian", tmpFile("hess.npz"));

    // imatrix: GGUF-based and the legacy .dat.
    std::vector<float> sums(64);
    for (size_t i = 0; i < sums.size(); ++i)
        sums[i] = float(i + 1) * (i % 9 == 0 ? 50.0f : 1.0f);
    Gguf g;
    g.kvU32("imatrix.chunk_count", 3);
    g.kvString("imatrix.datasets", "wiki.train.raw");
    g.tensor("blk.0.attn_q.weight.in_sum2", { 64 }, 0, raw(sums));
    g.tensor("blk.0.attn_q.weight.counts", { 1 }, 0, raw(std::vector<float> { 32.0f }));
    g.tensor("blk.0.ffn_up.weight.in_sum2", { 2, 32 }, 0, raw(sums));
    g.tensor("blk.0.ffn_up.weight.counts", { 2 }, 0, raw(std::vector<float> { 16.0f, 16.0f }));
    seed("imatrix", "gguf", g.build());
    Bytes dat = le<int32_t>(1);
    const std::string name = "blk.0.attn_q.weight";
    dat += le<int32_t>(int32_t(name.size())) + name + le<int32_t>(4) + le<int32_t>(64) + raw(sums);
    dat += le<int32_t>(4) + le<int32_t>(4) + "text";
    seed("imatrix", "legacy_dat", dat);
}

void documents()
{
    // A real sweep of a small model, with calibration statistics (output errors), and its plan.
    writeNpz(tmp("sweepmodel.npz"),
        { { "layers.0.self_attn.q_proj.weight", npy("<f4", { 8, 64 }, f32(ramp(512, 0.003f, -0.7f))) },
            { "layers.0.mlp.down_proj.weight", npy("<f4", { 4, 64 }, f32(ramp(256, -0.01f, 1.1f))) },
            { "lm_head.weight", npy("<f4", { 16, 32 }, f32(ramp(512, 0.001f, -0.2f))) } },
        false);
    const ql::Model m = ql::open(tmp("sweepmodel.npz"));
    std::vector<ql::QuantSpec> specs;
    for (const char* s : { "int4:g32", "int8:channel", "q4_0", "nf4", "q4_k" })
        specs.push_back(ql::parseSpec(s));
    const ql::SweepResult sweep = ql::runSweep(m, specs);
    ql::saveSweep(sweep, tmp("sweep.json"));
    seed("sweep", "small", tmpFile("sweep.json"));
    const ql::Plan plan = ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 6.0 });
    ql::savePlan(plan, tmp("plan.json"));
    seed("plan", "solved", tmpFile("plan.json"));
    seed("plan", "minimal",
        R"({"format": "quantlens-plan", "version": 1, "tensors": [{"name": "blk.0.attn_q.weight", "spec": "q4_k"}, {"name": "output.weight", "spec": "q6_k", "locked": true}]})");

    // A session holding that sweep, its plan settings and a lock; a journal of two finished rows.
    ql::Session session;
    session.modelPath = m.path;
    session.modelBytes = m.fileBytes;
    session.sweep = sweep;
    session.target = "none";
    session.candidates = "int4:g32,int8:channel,q4_0,nf4,q4_k";
    session.budgetBitsPerWeight = 6;
    session.locks[sweep.rows.front().name] = sweep.specs.front();
    session.selectedTensor = sweep.rows.front().name;
    session.tab = "plan";
    session.viewSettings["grid"] = { { "bits", "3" }, { "symmetric", "true" } };
    session.viewSettings["sawtooth"] = { { "clip", "640" } };
    ql::saveSession(session, tmp("work.qlsession"));
    seed("session", "small", tmpFile("work.qlsession"));
    const ql::SweepResult journalSweep = ql::runSweep(m, { ql::parseSpec("int4:g32"), ql::parseSpec("q4_0") });
    {
        ql::SweepJournal journal(tmp("sweep.json.journal"), fuzz::journalKey(), false);
        for (size_t i = 0; i < 2 && i < journalSweep.rows.size(); ++i)
            journal.append(journalSweep.rows[i]);
    }
    seed("sweep_journal", "two_rows", tmpFile("sweep.json.journal"));
    {
        ql::ValidationJournal journal(tmp("validation.json.journal"), fuzz::validationJournalKey(), false);
        journal.append(0, { 4.5, 0.01, 0.02 });
        journal.append(2, { 8.5, 1e-4, std::numeric_limits<double>::quiet_NaN() });
    }
    seed("sweep_journal", "validation_two_plans", tmpFile("validation.json.journal"));

    // Token files and text.
    seed("tokens", "text", "1 15043 3186 29892\n1 450 4996 17354 1701 29916\n");
    seed("tokens", "npy_i32", npy("<i4", { 2, 3 }, raw(std::vector<int32_t> { 1, 2, 3, 4, 5, 6 })));
    seed("text", "english", "Once upon a time, there was a little girl named Lily. She liked 123 apples!\n\n  Spaces\tand tabs.\n");
    seed("text", "unicode", "Grüße aus Köln — 你好，世界 🙂 naïve café\u0301 <s> <|begin_of_text|> \xff\xfe bytes\n");

    // config.json of a Hugging Face Llama (stories260K's), and the architecture of a small CNN.
    {
        std::ifstream in(QL_STORIES_DIR "/config.json");
        seed("config", "stories260K", Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    seed("architecture", "cnn",
        R"({"input": [1, 8, 8], "ops": [{"op": "conv2d", "weight": "conv.weight", "bias": "conv.bias", "stride": 1, "padding": 1},)"
        R"( {"op": "batchnorm", "weight": "bn.weight", "bias": "bn.bias", "mean": "bn.mean", "var": "bn.var", "eps": 1e-5},)"
        R"( {"op": "relu"}, {"op": "maxpool2d", "size": 2, "stride": 2}, {"op": "flatten"}, {"op": "linear", "weight": "fc.weight", "bias": "fc.bias"}]})");
    seed("architecture", "dense_hwc",
        R"({"input": [4, 4, 4], "input_layout": "hwc", "ops": [{"op": "flatten", "order": "hwc"}, {"op": "gelu"}, {"op": "linear", "weight": "fc.weight"}]})");
    seed("architecture", "avgpool",
        R"({"input": [1, 10, 10], "ops": [{"op": "conv2d", "weight": "conv.weight", "stride": 2}, {"op": "avgpool2d", "size": 1}, {"op": "flatten"}, {"op": "linear", "weight": "fc.weight"}]})");

    // Replies of the HDF5 reader process: [u32 header bytes][header][u64 blob bytes][blob].
    auto message = [](const std::string& header, const Bytes& blob) {
        return le<uint32_t>(uint32_t(header.size())) + header + le<uint64_t>(blob.size()) + blob;
    };
    seed("hdf5_reply", "open", message(R"({"doing": "open_file"})", "") +
            message(R"({"ok": {"file": 1, "bytes": 2048, "objects": [{"path": "w", "kind": "dataset", "class": "float", "bytes": 4, "dims": [2, 2], "stored": 16}]}})", ""));
    seed("hdf5_reply", "read", message(R"({"ok": {}})", f32({ 1, 2, 3, 4 })) + message(R"({"error": {"code": 3, "args": ["read_dataset"]}})", ""));
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: quantlens-fuzz-seeds OUT-FOLDER\n");
        return 2;
    }
    g_out = argv[1];
    try {
        models();
        calibration();
        documents();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "quantlens-fuzz-seeds: %s\n", e.what());
        return 1;
    }
    return 0;
}

// The judge runs the model families people quantize, from GGUF and from Hugging Face safetensors +
// config.json, and refuses — naming the file, the architecture and the feature — every model it
// cannot compute, instead of answering for another model.
#include "support/synthmodel.h"

#include "core/eval/judge.h"
#include "core/eval/llama.h"
#include "core/io/ggmltypes.h"
#include "core/io/names.h"
#include "core/plan/export.h"
#include "core/plan/llamacppexport.h"
#include "core/quant/gptq.h"
#include "core/quant/modelquant.h"
#include "core/util/error.h"
#include "core/util/regex.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace {
// Real llama.cpp's logits (F32 KV cache, one batch) against the judge's on the same GGUF: the issue's
// bound. The two layouts of one model compute the same arithmetic but for the order of some sums.
constexpr float kLlamaCppTolerance = 1e-4f, kLayoutTolerance = 1e-4f;
// Gemma's GELU in llama.cpp is an F16 table (ggml's GGML_GELU_FP16): where the judge's and llama.cpp's
// inputs (equal to float rounding) straddle an F16 rounding boundary the output moves one F16 step, so
// most positions agree within kLlamaCppTolerance and all within a few such steps' effect on the logits.
constexpr double kGeluTableShare = 0.9;
constexpr float kGeluTableStep = 2e-3f;
// Turning a family's feature off moves the logits by more than this: the goldens tell it apart.
constexpr float kFeatureMatters = 1e-2f;

using Matrix = ql::LlamaModel::Matrix;

float maxDiff(const Matrix& a, const Matrix& b)
{
    return (a - b).cwiseAbs().maxCoeff();
}

nlohmann::json goldenIndex()
{
    nlohmann::json j;
    std::ifstream(QL_TEST_DATA "/families_golden.json") >> j;
    return j;
}

Matrix goldenLogits(const std::string& file, int positions, int vocab)
{
    Matrix m(positions, vocab);
    std::ifstream in(std::string(QL_TEST_DATA "/") + file, std::ios::binary);
    in.read(reinterpret_cast<char*>(m.data()), std::streamsize(m.size() * sizeof(float)));
    return in ? m : Matrix();
}

/// The family's model without the feature its golden must tell apart (empty name: none).
bool withoutFeature(const std::string& family, fixtures::SynthLlama& c)
{
    if (family == "llama3")
        c.ropeScaling.clear();
    else if (family == "qwen2")
        c.qkvBias = false; // the other tensors keep their values (seeded by name)
    else if (family == "gemma2") {
        c.attnSoftcap = 0; // llama.cpp's defaults (50, 30) would still cap: a window instead
        c.slidingWindow = 4096;
    } else if (family == "gemma3")
        c.slidingWindow = 0; // every layer global
    else if (family == "mixtral")
        c.expertsUsed = 3; // the router's top 2 of 8, not 3
    else if (family == "mistral")
        return false; // the window (4096) is longer than the sequence: nothing to tell apart
    else
        return false;
    return true;
}

/// Rewrites the config.json of a checkpoint folder.
void editConfig(const std::string& dir, const std::function<void(nlohmann::json&)>& edit)
{
    nlohmann::json j;
    std::ifstream(dir + "/config.json") >> j;
    edit(j);
    std::ofstream(dir + "/config.json") << j.dump(2);
}
} // namespace

class TestFamilies : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string path(const std::string& name) const
    {
        return (m_dir.path() + "/" + QString::fromStdString(name)).toStdString();
    }

    /// The judge refuses \p file with JudgeUnsupported naming \p arch, \p feature and \p detail.
    void expectRefusal(
        const std::string& file, const std::string& arch, const std::string& feature, const std::string& detail)
    {
        const ql::Model m = ql::open(file);
        QVERIFY2(ql::LlamaModel::isLlama(m), file.c_str()); // routed to the language-model judge, not the classifier
        try {
            const ql::LlamaModel lm(m);
            QFAIL(("the judge ran " + file + " (expected to refuse " + feature + " " + detail + ")").c_str());
        } catch (const ql::Error& e) {
            QCOMPARE(int(e.code()), int(ql::ErrorCode::JudgeUnsupported));
            QCOMPARE(e.file(), m.path);
            QCOMPARE(e.arg(0), arch);
            QCOMPARE(e.arg(1), feature);
            QCOMPARE(e.arg(2), detail);
            const std::string text
                = e.what(); // the CLI's English message names the file, the architecture and the feature
            QVERIFY2(text.find(m.path) != std::string::npos && text.find(arch) != std::string::npos
                    && text.find(detail) != std::string::npos,
                text.c_str());
        }
    }

    /// A Llama-shaped tiny model written in both layouts, with \p edit applied to its description.
    std::pair<std::string, std::string> write(
        const std::string& name, const std::function<void(fixtures::SynthLlama&)>& edit)
    {
        fixtures::SynthLlama c = fixtures::synthFamily("mistral");
        c.hfArch.clear();
        c.slidingWindow = 0;
        edit(c);
        const std::string gguf = path(name + ".gguf"), hf = path(name + "-hf");
        fixtures::writeSynthLlamaGguf(gguf, c);
        fixtures::writeSynthHf(hf, c);
        return { gguf, hf + "/model.safetensors" };
    }

private slots:
    void refusesWhatItCannotCompute()
    {
        // An architecture without a forward pass here, in both layouts.
        auto [g, h] = write("starcoder2", [](auto& c) {
            c.arch = "starcoder2";
            c.hfArch = "Starcoder2ForCausalLM";
        });
        expectRefusal(g, "starcoder2", "architecture", "starcoder2");
        expectRefusal(h, "Starcoder2ForCausalLM", "architecture", "Starcoder2ForCausalLM");
        // RoPE scaling the pass does not implement.
        std::tie(g, h) = write("yarn", [](auto& c) { c.ropeScaling = "yarn"; });
        expectRefusal(g, "llama", "rope_scaling", "yarn");
        expectRefusal(h, "LlamaForCausalLM", "rope_scaling", "yarn");
        // A metadata key of the architecture the pass does not know (llama.cpp clamps q, k and v with it).
        std::tie(g, h) = write("clamp", [](auto& c) { c.extraKeys = { { "llama.attention.clamp_kqv", 8.0f } }; });
        expectRefusal(g, "llama", "metadata", "llama.attention.clamp_kqv");
        // A tensor the pass would leave unused.
        std::tie(g, h) = write("extra", [](auto& c) { c.extraTensors = { { "blk.0.attn_q_norm.weight", 16 } }; });
        expectRefusal(g, "llama", "tensor", "blk.0.attn_q_norm.weight");
        expectRefusal(h, "LlamaForCausalLM", "tensor", "model.layers.0.self_attn.q_norm.weight");
        // config.json settings: another activation, a partial rotary embedding.
        std::tie(g, h) = write("gelu", [](auto&) {});
        const std::string dir = h.substr(0, h.rfind('/'));
        editConfig(dir, [](auto& j) { j["hidden_act"] = "gelu"; });
        expectRefusal(h, "LlamaForCausalLM", "activation", "gelu");
        editConfig(dir, [](auto& j) {
            j["hidden_act"] = "silu";
            j["partial_rotary_factor"] = 0.5;
        });
        expectRefusal(h, "LlamaForCausalLM", "partial_rope", "partial_rotary_factor 0.5");
        // Without config.json a checkpoint cannot be run.
        std::filesystem::remove(dir + "/config.json");
        expectRefusal(h, "safetensors", "config", "config.json (none beside the checkpoint)");
    }

    void matchesLlamaCpp_data()
    {
        QTest::addColumn<QString>("family");
        for (const char* f :
            { "llama3", "mistral", "mixtral", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma2", "gemma3", "phi3" })
            QTest::newRow(f) << QString::fromLatin1(f);
    }

    void matchesLlamaCpp()
    {
        // Each family's tiny model, written in both layouts, gives real llama.cpp's logits on the GGUF.
        QFETCH(QString, family);
        const std::string f = family.toStdString();
        const auto entry = goldenIndex()["families"][f];
        const std::vector<int> tokens = entry["tokens"];
        const Matrix golden = goldenLogits(entry["logits"], int(tokens.size()), int(entry["vocab"]));
        QVERIFY(golden.size() > 0);
        const fixtures::SynthLlama c = fixtures::synthFamily(f);
        const std::string gguf = path(f + ".gguf"), hf = path(f + "-hf");
        fixtures::writeSynthLlamaGguf(gguf, c);
        fixtures::writeSynthHf(hf, c);
        const ql::LlamaModel g(ql::open(gguf)), h(ql::open(hf + "/model.safetensors"));
        const Matrix lg = g.forward(tokens), lh = h.forward(tokens);
        ql::Numerics llamaCpp = ql::Numerics::llamaCppHere();
        llamaCpp.kvF16 = false; // the golden's F32 KV cache, without flash attention
        llamaCpp.attention = ql::Numerics::Attention::NoFlash;
        const Matrix lc = g.forward(tokens, llamaCpp);
        const float dFloat = maxDiff(lg, golden), dLayout = maxDiff(lh, lg), dLlamaCpp = maxDiff(lc, golden);
        qInfo("%s: max |logit − llama.cpp's| float %.3g, llama.cpp numerics %.3g; GGUF vs safetensors %.3g (logits up "
              "to %.1f)",
            f.c_str(), double(dFloat), double(dLlamaCpp), double(dLayout), double(golden.cwiseAbs().maxCoeff()));
        QVERIFY2(dLayout < kLayoutTolerance, f.c_str());
        if (c.gemma()) {
            // llama.cpp's GELU is a table over F16 inputs with F16 outputs: the judge's llama.cpp numerics
            // compute it so, and then agree to float rounding — but where a GELU input lies within a float
            // rounding of an F16 rounding boundary, one F16 step (~1e-3 relative) separates the two.
            int close = 0;
            for (Eigen::Index t = 0; t < lc.rows(); ++t)
                close += (lc.row(t) - golden.row(t)).cwiseAbs().maxCoeff() < kLlamaCppTolerance;
            qInfo("%s: llama.cpp numerics: %d of %d positions within %.0e; float GELU %.3g", f.c_str(), close,
                int(lc.rows()), double(kLlamaCppTolerance), double(dFloat));
            QVERIFY2(close >= kGeluTableShare * lc.rows(), f.c_str());
            QVERIFY2(dLlamaCpp < kGeluTableStep, f.c_str());
            QVERIFY2(dFloat < kGeluTableStep * 4, f.c_str());
        } else {
            QVERIFY2(dFloat < kLlamaCppTolerance, f.c_str());
            QVERIFY2(dLlamaCpp < kLlamaCppTolerance, f.c_str());
        }
        if (entry.contains("logits_flash")) {
            // With flash attention llama.cpp casts the F32 cache's keys and values to F16.
            const Matrix flash = goldenLogits(entry["logits_flash"], int(tokens.size()), int(entry["vocab"]));
            llamaCpp.attention = ql::Numerics::Attention::Flash;
            const float dFlash = maxDiff(g.forward(tokens, llamaCpp), flash);
            qInfo("%s: flash attention, F32 cache requested: %.3g (the F16 cast matters: %.3g)", f.c_str(),
                double(dFlash), double(maxDiff(lg, flash)));
            QVERIFY2(dFlash < kLlamaCppTolerance, f.c_str());
        }
        // The feature matters: without it the model would answer otherwise.
        fixtures::SynthLlama off = c;
        if (withoutFeature(f, off)) {
            fixtures::writeSynthLlamaGguf(path(f + "-off.gguf"), off);
            const float d = maxDiff(ql::LlamaModel(ql::open(path(f + "-off.gguf"))).forward(tokens), golden);
            QVERIFY2(d > kFeatureMatters, f.c_str());
        }
    }

    void transformersSlidingWindow()
    {
        // Mistral's configured window (transformers applies it; llama.cpp's GGUF "llama" has none): with
        // a window of 8 the safetensors gives the GGUF's logits at the first 8 positions and others after.
        fixtures::SynthLlama c = fixtures::synthFamily("mistral");
        c.slidingWindow = 8;
        const std::string gguf = path("window.gguf"), hf = path("window-hf");
        fixtures::writeSynthLlamaGguf(gguf, c);
        fixtures::writeSynthHf(hf, c);
        const ql::LlamaModel g(ql::open(gguf)), h(ql::open(hf + "/model.safetensors"));
        QCOMPARE(g.config().slidingWindow, 0);
        QCOMPARE(h.config().slidingWindow, 8);
        std::vector<int> tokens;
        for (int i = 0; i < 24; ++i)
            tokens.push_back(1 + (i * 37) % 300);
        const Matrix lg = g.forward(tokens), lh = h.forward(tokens);
        QVERIFY(maxDiff(lg.topRows(8), lh.topRows(8)) < kLayoutTolerance);
        for (int t = 8; t < 24; ++t)
            QVERIFY2((lg.row(t) - lh.row(t)).cwiseAbs().maxCoeff() > kFeatureMatters, qPrintable(QString::number(t)));
    }

    void expertRolesAndLayers()
    {
        // Every tensor of a mixture of experts gets its role and layer: the router a linear layer, the
        // experts (3-D in GGUF, one tensor each in safetensors) their projection's role.
        const fixtures::SynthLlama c = fixtures::synthFamily("qwen3moe");
        fixtures::writeSynthLlamaGguf(path("roles.gguf"), c);
        fixtures::writeSynthHf(path("roles-hf"), c);
        const ql::Model g = ql::open(path("roles.gguf")), h = ql::open(path("roles-hf/model.safetensors"));
        auto role = [](const ql::Model& m, const std::string& name) {
            const int i = m.find(name);
            return i < 0 ? std::string("missing")
                         : std::string(ql::roleName(m.tensors[size_t(i)].role)) + "@"
                    + std::to_string(m.tensors[size_t(i)].layer);
        };
        QCOMPARE(role(g, "blk.1.ffn_gate_inp.weight"), std::string("dense@1"));
        QCOMPARE(role(g, "blk.1.ffn_gate_exps.weight"), std::string("mlp_gate@1"));
        QCOMPARE(role(g, "blk.1.ffn_up_exps.weight"), std::string("mlp_up@1"));
        QCOMPARE(role(g, "blk.1.ffn_down_exps.weight"), std::string("mlp_down@1"));
        QCOMPARE(role(h, "model.layers.1.mlp.gate.weight"), std::string("dense@1"));
        QCOMPARE(role(h, "model.layers.1.mlp.experts.5.gate_proj.weight"), std::string("mlp_gate@1"));
        QCOMPARE(role(h, "model.layers.1.mlp.experts.5.down_proj.weight"), std::string("mlp_down@1"));
        // Capture records each expert's own inputs: only the positions routed to it.
        const ql::LlamaModel lm(g);
        ql::CalibrationStore store;
        std::vector<int> tokens;
        for (int i = 0; i < 32; ++i)
            tokens.push_back(1 + (i * 53) % 300);
        lm.forward(tokens, &store, 0);
        int64_t routed = 0;
        for (int e = 0; e < c.experts; ++e) {
            const auto it = store.entries.find("blk.0.ffn_gate_exps.weight#" + std::to_string(e));
            if (it != store.entries.end())
                routed += it->second.samples;
        }
        QCOMPARE(routed, int64_t(tokens.size()) * c.expertsUsed); // every position reaches its top-k experts
        // A plan quantizes an expert tensor row by row as llama.cpp does (each expert's output rows of
        // `in` values: symmetric INT8 per channel keeps every row's largest magnitude), and the judge
        // runs the result.
        ql::Plan plan;
        plan.entries.push_back({ "blk.0.ffn_up_exps.weight", 0, "int8:channel", 0, 0, false, "rtn", {}, 0 });
        const auto q = ql::fakeQuantizedWeights(g, plan);
        const auto& w = q.values.at("blk.0.ffn_up_exps.weight");
        const std::vector<float> orig = g.readAll(size_t(g.find("blk.0.ffn_up_exps.weight")));
        const int64_t cols = c.dim, rows = int64_t(orig.size()) / cols;
        QCOMPARE(rows, int64_t(c.experts) * c.expertWidth());
        for (int64_t r = 0; r < rows; ++r) {
            float a = 0, b = 0;
            for (int64_t i = 0; i < cols; ++i) {
                a = std::max(a, std::fabs(orig[size_t(r * cols + i)]));
                b = std::max(b, std::fabs(w[size_t(r * cols + i)]));
            }
            QVERIFY2(std::fabs(a - b) <= 1e-6f * a, qPrintable(QString::number(r)));
        }
        const ql::LlamaModel quantized(g, q);
        const Matrix a = quantized.forward(tokens), b = lm.forward(tokens);
        int small = 0; // INT8 moves most positions little (a position whose routing flips in a later layer moves far)
        for (Eigen::Index t = 0; t < a.rows(); ++t)
            small += (a.row(t) - b.row(t)).cwiseAbs().maxCoeff() < 0.1f;
        QVERIFY(maxDiff(a, b) > 0);
        QVERIFY2(small >= 3 * a.rows() / 4, qPrintable(QString::number(small)));
    }

    void gptqAndAwqPerExpert()
    {
        // GPTQ and AWQ on a GGUF expert stack (3-D ffn_*_exps): each expert's rows are quantized against
        // that expert's own captured inputs — the tokens routed to it — not one Hessian for the stack.
        const fixtures::SynthLlama c = fixtures::synthFamily("qwen3moe");
        fixtures::writeSynthLlamaGguf(path("gptq-moe.gguf"), c);
        const ql::Model g = ql::open(path("gptq-moe.gguf"));
        const ql::LlamaModel lm(g);
        const std::vector<int> tokens = goldenIndex()["families"]["qwen3moe"]["tokens"];
        ql::CalibrationStore store;
        lm.forward(tokens, &store, 0);
        const std::string name = "blk.1.ffn_down_exps.weight";
        const ql::QuantSpec spec = ql::parseSpec("int3:channel");
        const int64_t rows = c.dim, cols = c.expertWidth(); // each expert's down projection [dim, expert width]
        const std::vector<float> w = g.readAll(size_t(g.find(name)));
        QCOMPARE(int64_t(w.size()), int64_t(c.experts) * rows * cols);
        ql::Plan plan;
        plan.entries.push_back({ name, 0, "int3:channel", 0, 0, false, "gptq", {}, 0 });
        const auto gptq = ql::fakeQuantizedWeights(g, plan, nullptr, &store).values.at(name);
        plan.entries[0].method = "awq";
        const auto awq = ql::fakeQuantizedWeights(g, plan, nullptr, &store).values.at(name);
        int checked = 0;
        for (int e = 0; e < c.experts; ++e) {
            const auto& entry = store.entries.at(ql::expertEntryName(name, e)); // every expert got tokens here
            const ql::WeightMatrix block { w.data() + e * rows * cols, rows, cols };
            const float* qe = gptq.data() + e * rows * cols;
            // The expert's block is GPTQ of its rows with its own Hessian, exactly …
            const auto own = ql::gptqQuantize(spec, block, entry.hessian);
            QVERIFY2(std::equal(own.begin(), own.end(), qe), qPrintable(QString::number(e)));
            // … which leaves less output error on its own inputs than RTN, and than another expert's Hessian.
            const auto& other = store.entries.at(ql::expertEntryName(name, (e + 1) % c.experts));
            const auto borrowed = ql::gptqQuantize(spec, block, other.hessian);
            const auto rtn = ql::fakeQuantize(spec, block, ql::computeParams(spec, block));
            const double eGptq = ql::outputRelError(block, qe, entry.hessian);
            QVERIFY2(eGptq < ql::outputRelError(block, rtn.data(), entry.hessian), qPrintable(QString::number(e)));
            QVERIFY2(eGptq < ql::outputRelError(block, borrowed.data(), entry.hessian), qPrintable(QString::number(e)));
            // AWQ too: its own statistics, so its output error on its inputs is below RTN's.
            QVERIFY2(ql::outputRelError(block, awq.data() + e * rows * cols, entry.hessian)
                    < ql::outputRelError(block, rtn.data(), entry.hessian),
                qPrintable(QString::number(e)));
            ++checked;
        }
        QCOMPARE(checked, c.experts);
        // quantizeModel (the CLI's quant --method gptq) does the same and pools the output error over experts.
        ql::QuantOptions options;
        options.method = ql::QuantMethod::Gptq;
        options.calibration = &store;
        const auto r = ql::quantizeModel(g, { size_t(g.find(name)) }, spec, std::nullopt, nullptr, {}, options);
        QCOMPARE(int(r.at(0).method), int(ql::QuantMethod::Gptq));
        options.method = ql::QuantMethod::Rtn;
        const auto rr = ql::quantizeModel(g, { size_t(g.find(name)) }, spec, std::nullopt, nullptr, {}, options);
        QVERIFY(r.at(0).outputRelErr > 0 && r.at(0).outputRelErr < rr.at(0).outputRelErr);
        // An expert no token was routed to has no statistics: GPTQ names it instead of guessing.
        store.entries.erase(ql::expertEntryName(name, 3));
        plan.entries[0].method = "gptq";
        try {
            ql::fakeQuantizedWeights(g, plan, nullptr, &store);
            QFAIL("GPTQ ran without expert 3's inputs");
        } catch (const ql::Error& e) {
            QCOMPARE(int(e.code()), int(ql::ErrorCode::Unsupported));
            QVERIFY2(e.arg(0).find(name + "#3") != std::string::npos && e.arg(0).find("routed") != std::string::npos,
                e.arg(0).c_str());
        }
    }

    void planNamesOneExpert()
    {
        // A plan entry "NAME#e" (the capture's name of expert e) quantizes one expert of a GGUF expert
        // stack: its rows get the entry's spec, the others keep the stack's own entry or their values.
        const fixtures::SynthLlama c = fixtures::synthFamily("qwen3moe");
        fixtures::writeSynthLlamaGguf(path("one-expert.gguf"), c);
        const ql::Model g = ql::open(path("one-expert.gguf"));
        const std::string stack = "blk.0.ffn_up_exps.weight";
        const int64_t rows = c.expertWidth(), cols = c.dim, per = rows * cols;
        const std::vector<float> w = g.readAll(size_t(g.find(stack)));
        auto rtn = [&](const char* spec, int e) {
            const ql::QuantSpec s = ql::parseSpec(spec);
            const ql::WeightMatrix block { w.data() + e * per, rows, cols };
            return ql::fakeQuantize(s, block, ql::computeParams(s, block));
        };
        auto expertOf = [&](const std::vector<float>& v, int e) {
            return std::vector<float>(v.begin() + e * per, v.begin() + (e + 1) * per);
        };
        ql::Plan one;
        one.entries.push_back({ stack + "#3", per, "int3:channel", 3.0, 0, false, "rtn", {}, cols });
        const auto q = ql::fakeQuantizedWeights(g, one);
        QCOMPARE(q.values.size(), size_t(1));
        for (int e = 0; e < c.experts; ++e)
            QVERIFY2(expertOf(q.values.at(stack), e) == (e == 3 ? rtn("int3:channel", 3) : expertOf(w, e)),
                qPrintable(QString::number(e)));
        // Over the stack's own entry: expert 3 at 3 bits, the other experts at the stack's 8.
        ql::Plan both;
        both.entries.push_back({ stack, int64_t(w.size()), "int8:channel", 8.0, 0, false, "rtn", {}, cols });
        both.entries.push_back(one.entries[0]);
        const auto qb = ql::fakeQuantizedWeights(g, both);
        for (int e = 0; e < c.experts; ++e)
            QVERIFY2(expertOf(qb.values.at(stack), e) == rtn(e == 3 ? "int3:channel" : "int8:channel", e),
                qPrintable(QString::number(e)));
        // The plan's size counts expert 3 once, at its own width.
        both.computeTotals();
        QCOMPARE(both.parameters, int64_t(w.size()));
        QCOMPARE(both.bits, 8.0 * double(w.size()) - 5.0 * double(per));
        // The judge runs it, and its answers move.
        const ql::LlamaModel lm(g), quantized(g, q);
        const std::vector<int> tokens = goldenIndex()["families"]["qwen3moe"]["tokens"];
        ql::CalibrationStore store;
        const Matrix a = lm.forward(tokens, &store, 0), b = quantized.forward(tokens);
        QVERIFY(store.entries.count(stack + "#3"));
        QVERIFY(maxDiff(a, b) > 0);
        // llama.cpp types: the expert computes in its own type, the others in the stack's.
        ql::Plan typed;
        typed.entries.push_back({ stack, int64_t(w.size()), "q4_0", 4.5, 0, false, "rtn", {}, cols });
        typed.entries.push_back({ stack + "#3", per, "q8_0", 8.5, 0, false, "rtn", {}, cols });
        const auto qt = ql::fakeQuantizedWeights(g, typed);
        QCOMPARE(qt.ggmlTypes.at(stack), uint32_t(ql::ggml::Q4_0));
        QCOMPARE(qt.ggmlTypes.at(stack + "#3"), uint32_t(ql::ggml::Q8_0));
        ql::Numerics llamaCpp = ql::Numerics::llamaCppHere();
        QVERIFY(ql::LlamaModel(g, qt).forward(tokens, llamaCpp).allFinite());
        // llama.cpp stores one type per 3-D tensor: such a plan cannot be exported, and says why …
        try {
            ql::llamaCppExport(typed);
            QFAIL("exported one expert in its own type");
        } catch (const ql::Error& e) {
            QCOMPARE(int(e.code()), int(ql::ErrorCode::Unsupported));
            QVERIFY2(e.arg(0).find(stack + "#3") != std::string::npos && e.arg(0).find("one type") != std::string::npos,
                e.arg(0).c_str());
        }
        // … while an expert in its stack's own type adds nothing to the export.
        typed.entries[1].spec = "q4_0";
        const auto x = ql::llamaCppExport(typed);
        QCOMPARE(x.lines.size(), size_t(1));
        QCOMPARE(x.lines[0].first, stack);
        // The Hugging Face tools' files have no name for one expert of a GGUF stack either.
        ql::Plan intPlan = both;
        intPlan.entries[0].spec = "int8:channel";
        for (auto format :
            { ql::ExportFormat::GptqModel, ql::ExportFormat::LlmCompressor, ql::ExportFormat::ModelOpt }) {
            try {
                ql::exportPlan(intPlan, format, nullptr, "plan");
                QFAIL("exported one expert of a GGUF stack for a Hugging Face tool");
            } catch (const ql::Error& e) {
                QVERIFY2(e.arg(0).find(stack + "#3' names one expert") != std::string::npos, e.arg(0).c_str());
            }
        }
        QVERIFY(ql::exportPlan(intPlan, ql::ExportFormat::Csv, nullptr, "plan").text.find(stack + "#3")
            != std::string::npos);
        // An expert the stack does not hold is named as missing.
        one.entries[0].name = stack + "#" + std::to_string(c.experts);
        try {
            ql::fakeQuantizedWeights(g, one);
            QFAIL("quantized an expert the stack does not hold");
        } catch (const ql::Error& e) {
            QCOMPARE(int(e.code()), int(ql::ErrorCode::NoSuchTensor));
            QCOMPARE(e.arg(0), one.entries[0].name);
        }
    }

    void tieExperts()
    {
        // kExpertTie (plan --tie-experts): every expert of a layer gets one spec per projection; without it
        // the solver gives experts of one layer different widths.
        const fixtures::SynthLlama c = fixtures::synthFamily("qwen3moe");
        fixtures::writeSynthHf(path("tie-hf"), c);
        const ql::Model h = ql::open(path("tie-hf/model.safetensors"));
        std::vector<size_t> experts;
        for (size_t i = 0; i < h.tensors.size(); ++i)
            if (h.tensors[i].name.find(".mlp.experts.") != std::string::npos)
                experts.push_back(i);
        QCOMPARE(experts.size(), size_t(c.layers * c.experts * 3));
        const auto sweep = ql::runSweep(
            h, { ql::parseSpec("int3:g32"), ql::parseSpec("int4:g32"), ql::parseSpec("int8:g32") }, experts);
        const ql::Budget budget { ql::Budget::Kind::BitsPerWeight, 5.5 };
        // Distinct specs per (layer, projection) group.
        auto widths = [&](const ql::Plan& p) {
            std::map<std::string, std::set<std::string>> byGroup;
            for (const auto& e : p.entries) {
                const size_t at = e.name.find(".mlp.experts.");
                const std::string layer = e.name.substr(0, at), rest = e.name.substr(at + 13);
                byGroup[layer + rest.substr(rest.find('.'))].insert(e.spec);
            }
            size_t most = 0;
            for (const auto& [g, specs] : byGroup)
                most = std::max(most, specs.size());
            return std::make_pair(byGroup.size(), most);
        };
        const auto free = widths(ql::solvePlan(sweep, budget));
        ql::PlanConstraints tied;
        tied.ties = { ql::kExpertTie };
        const ql::Plan t = ql::solvePlan(sweep, budget, tied);
        const auto together = widths(t);
        QCOMPARE(together.first, size_t(c.layers * 3));
        QVERIFY2(free.second > 1, "the untied plan already gives every expert of a layer one spec");
        QCOMPARE(together.second, size_t(1));
        QVERIFY(t.bitsPerWeight <= 5.5 + 1e-9);
        // The shared expert of Qwen 2 MoE is not one of the routed experts.
        QVERIFY(!ql::Regex(ql::kExpertTie).search("model.layers.0.mlp.shared_expert.up_proj.weight"));
        QVERIFY(ql::Regex(ql::kExpertTie).search("model.layers.0.block_sparse_moe.experts.7.w3.weight"));
    }

    void sharedExpertAndMixtral()
    {
        // Qwen 2 MoE: the shared expert (every position, times the sigmoid of its gate) and the routed
        // experts' weights not renormalised; Mixtral's transformers names. Every tensor gets its role and layer.
        const fixtures::SynthLlama c = fixtures::synthFamily("qwen2moe");
        fixtures::writeSynthLlamaGguf(path("shexp.gguf"), c);
        fixtures::writeSynthHf(path("shexp-hf"), c);
        const ql::Model g = ql::open(path("shexp.gguf")), h = ql::open(path("shexp-hf/model.safetensors"));
        auto role = [](const ql::Model& m, const std::string& name) {
            const int i = m.find(name);
            return i < 0 ? std::string("missing")
                         : std::string(ql::roleName(m.tensors[size_t(i)].role)) + "@"
                    + std::to_string(m.tensors[size_t(i)].layer);
        };
        QCOMPARE(role(g, "blk.1.ffn_gate_inp_shexp.weight"), std::string("dense@1"));
        QCOMPARE(role(g, "blk.1.ffn_gate_shexp.weight"), std::string("mlp_gate@1"));
        QCOMPARE(role(g, "blk.1.ffn_up_shexp.weight"), std::string("mlp_up@1"));
        QCOMPARE(role(g, "blk.1.ffn_down_shexp.weight"), std::string("mlp_down@1"));
        QCOMPARE(role(h, "model.layers.1.mlp.shared_expert_gate.weight"), std::string("dense@1"));
        QCOMPARE(role(h, "model.layers.1.mlp.shared_expert.gate_proj.weight"), std::string("mlp_gate@1"));
        QCOMPARE(role(h, "model.layers.1.mlp.shared_expert.down_proj.weight"), std::string("mlp_down@1"));
        const auto entry = goldenIndex()["families"]["qwen2moe"];
        const std::vector<int> tokens = entry["tokens"];
        const Matrix golden = goldenLogits(entry["logits"], int(tokens.size()), int(entry["vocab"]));
        QVERIFY(golden.size() > 0);
        // The shared expert matters: without its output (its down projection zero) the logits move.
        ql::QuantizedWeights noShared;
        for (int l = 0; l < c.layers; ++l) {
            const std::string n = "blk." + std::to_string(l) + ".ffn_down_shexp.weight";
            noShared.values[n] = std::vector<float>(size_t(c.dim) * size_t(c.sharedExpertHidden), 0.0f);
        }
        QVERIFY(maxDiff(ql::LlamaModel(g, noShared).forward(tokens), golden) > kFeatureMatters);
        // llama.cpp's qwen2moe graph keeps the top-k softmax weights as they are; a checkpoint configured
        // with norm_topk_prob renormalises them (transformers) and computes another model.
        editConfig(path("shexp-hf"), [](auto& j) { j["norm_topk_prob"] = true; });
        QVERIFY(maxDiff(ql::LlamaModel(ql::open(path("shexp-hf/model.safetensors"))).forward(tokens), golden)
            > kFeatureMatters);
        // Capture: the shared expert and its gate see every position, each routed expert only its own.
        ql::CalibrationStore store;
        ql::LlamaModel(g).forward(tokens, &store, 0);
        QCOMPARE(store.entries.at("blk.0.ffn_gate_inp_shexp.weight").samples, int64_t(tokens.size()));
        QCOMPARE(store.entries.at("blk.0.ffn_up_shexp.weight").samples, int64_t(tokens.size()));
        QCOMPARE(store.entries.at("blk.0.ffn_down_shexp.weight").in, int64_t(c.sharedExpertHidden));
        // Mixtral in transformers' layout: block_sparse_moe's router and experts w1 (gate), w3 (up), w2 (down).
        fixtures::writeSynthHf(path("mixtral-hf"), fixtures::synthFamily("mixtral"));
        const ql::Model m = ql::open(path("mixtral-hf/model.safetensors"));
        QCOMPARE(role(m, "model.layers.1.block_sparse_moe.gate.weight"), std::string("dense@1"));
        QCOMPARE(role(m, "model.layers.1.block_sparse_moe.experts.3.w1.weight"), std::string("mlp_gate@1"));
        QCOMPARE(role(m, "model.layers.1.block_sparse_moe.experts.3.w3.weight"), std::string("mlp_up@1"));
        QCOMPARE(role(m, "model.layers.1.block_sparse_moe.experts.3.w2.weight"), std::string("mlp_down@1"));
        QCOMPARE(ql::LlamaModel(m).config().experts, 8);
        // A Qwen 3 MoE checkpoint with a shared expert is still refused (its graph has none).
        fixtures::writeSynthHf(path("q3shared-hf"), fixtures::synthFamily("qwen3moe"));
        editConfig(path("q3shared-hf"), [](auto& j) { j["shared_expert_intermediate_size"] = 64; });
        expectRefusal(
            path("q3shared-hf/model.safetensors"), "Qwen3MoeForCausalLM", "experts", "shared_expert_intermediate_size");
    }

    void runsLlamaInBothLayouts()
    {
        // The Llama layout the judge has always run: both files give the same logits.
        auto [g, h] = write("llama", [](auto&) {});
        const ql::LlamaModel a(ql::open(g)), b(ql::open(h));
        const std::vector<int> tokens { 1, 17, 250, 3, 99, 42, 42, 7 };
        const auto la = a.forward(tokens), lb = b.forward(tokens);
        QVERIFY((la - lb).cwiseAbs().maxCoeff() < 1e-4f);
    }
};

QTEST_GUILESS_MAIN(TestFamilies)
#include "test_families.moc"

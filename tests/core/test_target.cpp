// The plan's target tool (candidates it can express, its exports, its arithmetic) and plans made by
// llama-quantize or stored in a GGUF file, scored on a sweep so that they sit beside the frontier.
#include "support/synthmodel.h"

#include "core/analysis/sweep.h"
#include "core/io/ggmltypes.h"
#include "core/io/model.h"
#include "core/plan/export.h"
#include "core/plan/llamaquantize.h"
#include "core/plan/planscore.h"
#include "core/plan/target.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {
std::vector<std::string> split(const std::string& s)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

std::string refusal(ql::PlanTarget t, const std::string& spec)
{
    try {
        ql::checkTargetSpecs(t, { spec });
    } catch (const ql::Error& e) {
        return e.arg(0);
    }
    return {};
}

ql::SweepResult sweepOf(const ql::Model& m, const std::vector<std::string>& specs)
{
    std::vector<ql::QuantSpec> s;
    for (const auto& t : specs)
        s.push_back(ql::parseSpec(t));
    return ql::runSweep(m, s);
}

/// The plan the planner makes when every swept tensor is locked to the type llama-quantize gives it:
/// an independent path to the same size and error.
ql::Plan lockedPlan(const ql::SweepResult& sweep, const ql::LlamaQuantizeResult& r)
{
    ql::PlanConstraints c;
    for (const auto& row : sweep.rows)
        for (const auto& t : r.tensors)
            if (t.name == row.name)
                c.locks.push_back({ "^" + ql::escapeRegex(row.name) + "$", ql::parseSpec(ql::specForGgmlType(t.type)).toString() });
    return ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 64 }, c);
}

ql::LlamaQuantizeResult typesOf(const ql::Model& m, const std::string& ftype)
{
    ql::LlamaQuantizeOptions o;
    o.ftype = ftype;
    return ql::llamaQuantizeTypes(m, o);
}
} // namespace

class TestTarget : public QObject {
    Q_OBJECT
private slots:
    void everyCandidateSetIsExpressibleByItsTarget();
    void refusalsNameTheSpecAndTheTool();
    void exportsAndArithmeticFollowTheTarget();
    void keys();
    void presetEqualsTheLockedPlan();
    void presetWithFallbacks();
    void presetMissingATypeIsNotPlaced();
    void everyPresetOfTheRelease();
    void fileOwnMixEqualsThePresetThatMadeIt();

private:
    QTemporaryDir m_dir;
    ql::Model writeAndOpen(const fixtures::SynthLlama& c, const char* name)
    {
        const std::string path = (m_dir.path() + "/" + name).toStdString();
        fixtures::writeSynthLlamaGguf(path, c);
        return ql::open(path);
    }
};

void TestTarget::everyCandidateSetIsExpressibleByItsTarget()
{
    for (const auto target : ql::planTargets()) {
        const auto sets = ql::targetCandidateSets(target);
        QVERIFY(!sets.empty());
        for (const auto& set : sets) {
            const auto specs = split(set.specs);
            QVERIFY2(specs.size() >= 4, set.key.c_str());
            for (const auto& s : specs)
                QVERIFY2(!ql::parseSpec(s).toString().empty(), s.c_str());
            try {
                ql::checkTargetSpecs(target, specs);
            } catch (const ql::Error& e) {
                QFAIL((ql::planTargetKey(target) + " / " + set.key + ": " + e.arg(0)).c_str());
            }
        }
    }
    // The llama.cpp sets cover what llama-quantize's Q4_K_M mixes (q4_K, q5_K, q6_K) and the fallbacks.
    const auto kq = split(ql::targetCandidateSets(ql::PlanTarget::LlamaCpp).front().specs);
    for (const char* s : { "q4_k", "q5_k", "q6_k", "q8_0" })
        QVERIFY(std::find(kq.begin(), kq.end(), s) != kq.end());
}

void TestTarget::refusalsNameTheSpecAndTheTool()
{
    using T = ql::PlanTarget;
    QVERIFY(refusal(T::LlamaCpp, "int4:g128").find("int4:g128") != std::string::npos);
    QVERIFY(refusal(T::LlamaCpp, "int4:g128").find("llama.cpp") != std::string::npos);
    QVERIFY(refusal(T::LlamaCpp, "q4_k").empty());
    QVERIFY(refusal(T::GptqModel, "q4_k").find("GPTQModel") != std::string::npos);
    // GPTQModel's QuantizeConfig takes bits 2, 3, 4 and 8 only.
    QVERIFY(refusal(T::GptqModel, "int5:g128").find("2, 3, 4 or 8") != std::string::npos);
    QVERIFY(refusal(T::GptqModel, "int4:g128").empty());
    QVERIFY(refusal(T::LlmCompressor, "nf4").find("llm-compressor") != std::string::npos);
    QVERIFY(refusal(T::ModelOpt, "int3:g128").find("ModelOpt") != std::string::npos);
    QVERIFY(refusal(T::None, "int3:g128").empty());
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::checkTargetSpecs(T::LlamaCpp, { "q4_k", "nonsense" }));
}

void TestTarget::exportsAndArithmeticFollowTheTarget()
{
    using T = ql::PlanTarget;
    using F = ql::ExportFormat;
    QCOMPARE(ql::targetExportFormats(T::LlamaCpp).front(), F::LlamaCpp);
    QCOMPARE(ql::targetExportFormats(T::GptqModel).front(), F::GptqModel);
    QCOMPARE(ql::targetExportFormats(T::LlmCompressor).front(), F::LlmCompressor);
    QCOMPARE(ql::targetExportFormats(T::ModelOpt).front(), F::ModelOpt);
    QCOMPARE(ql::targetExportFormats(T::None), (std::vector<F> { F::Csv, F::Markdown }));
    for (const auto t : ql::planTargets()) {
        const auto f = ql::targetExportFormats(t);
        QCOMPARE(std::count(f.begin(), f.end(), F::LlamaCpp) + std::count(f.begin(), f.end(), F::GptqModel)
                + std::count(f.begin(), f.end(), F::LlmCompressor) + std::count(f.begin(), f.end(), F::ModelOpt),
            t == T::None ? 0 : 1);
    }
    QVERIFY(ql::targetUsesLlamaCppArithmetic(T::LlamaCpp));
    QVERIFY(!ql::targetUsesLlamaCppArithmetic(T::GptqModel));
    QVERIFY(!ql::targetUsesLlamaCppArithmetic(T::None));
}

void TestTarget::keys()
{
    for (const auto t : ql::planTargets())
        QCOMPARE(ql::planTargetFromKey(ql::planTargetKey(t)), t);
    try {
        ql::planTargetFromKey("vllm");
        QFAIL("an unknown target was accepted");
    } catch (const ql::Error& e) {
        QCOMPARE(e.code(), ql::ErrorCode::BadSpec);
        QVERIFY(e.arg(2).find("llamacpp") != std::string::npos);
    }
}

void TestTarget::presetEqualsTheLockedPlan()
{
    fixtures::SynthLlama c; // 2 layers, 256 wide: every k-quant fits
    const ql::Model m = writeAndOpen(c, "wide.gguf");
    const auto sweep = sweepOf(m, { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_0" });
    for (const char* ftype : { "Q4_K_M", "Q3_K_M", "Q2_K", "Q6_K", "Q8_0" }) {
        const auto r = typesOf(m, ftype);
        const ql::PresetPoint p = ql::scoreLlamaTypes(r, sweep);
        QVERIFY2(p.placed(), ftype);
        QCOMPARE(p.name, std::string(ftype));
        const ql::Plan plan = lockedPlan(sweep, r);
        QCOMPARE(plan.entries.size(), sweep.rows.size());
        QVERIFY2(std::abs(p.bitsPerWeight - plan.bitsPerWeight) < 1e-12, ftype);
        QVERIFY2(std::abs(p.predictedError - plan.predictedError) <= 1e-12 * plan.predictedError, ftype);
    }
    // Q8_0 is every tensor at 8.5 bits; Q4_K_M lies between Q4_K's 4.5 and Q6_K's 6.5625.
    QCOMPARE(ql::scoreLlamaTypes(typesOf(m, "Q8_0"), sweep).bitsPerWeight, 8.5);
    const double q4km = ql::scoreLlamaTypes(typesOf(m, "Q4_K_M"), sweep).bitsPerWeight;
    QVERIFY(q4km > 4.5 && q4km < 6.5625);
    // More bits, less error: the mixes order as their sizes do.
    QVERIFY(ql::scoreLlamaTypes(typesOf(m, "Q2_K"), sweep).predictedError > ql::scoreLlamaTypes(typesOf(m, "Q4_K_M"), sweep).predictedError);
    QVERIFY(ql::scoreLlamaTypes(typesOf(m, "Q4_K_M"), sweep).predictedError > ql::scoreLlamaTypes(typesOf(m, "Q8_0"), sweep).predictedError);
}

void TestTarget::presetWithFallbacks()
{
    fixtures::SynthLlama c;
    c.dim = 64; // k-quants cannot hold 64-wide rows: llama-quantize writes q5_0 (q4_K) or q8_0 (q6_K)
    c.hidden = 128;
    c.heads = 4;
    c.kvHeads = 4;
    const ql::Model m = writeAndOpen(c, "narrow.gguf");
    const auto sweep = sweepOf(m, { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_0" });
    const auto r = typesOf(m, "Q4_K_M");
    QVERIFY(std::any_of(r.tensors.begin(), r.tensors.end(), [](const ql::LlamaTensorType& t) { return t.fallbackFrom.has_value(); }));
    const ql::PresetPoint p = ql::scoreLlamaTypes(r, sweep);
    QVERIFY(p.placed());
    // Each tensor's error is its written type's: the sweep's cell of the chosen type, measured as the fallback.
    double error = 0, bits = 0, params = 0;
    for (const auto& row : sweep.rows)
        for (const auto& t : r.tensors) {
            if (t.name != row.name)
                continue;
            const std::string written = ql::parseSpec(ql::specForGgmlType(t.type)).toString();
            const std::string chosen = ql::parseSpec(ql::specForGgmlType(t.fallbackFrom.value_or(t.type))).toString();
            const auto k = size_t(std::find(sweep.specs.begin(), sweep.specs.end(), chosen) - sweep.specs.begin());
            QVERIFY2(k < sweep.specs.size(), chosen.c_str());
            const auto& cell = row.cells[k];
            QCOMPARE(cell.fallback.empty() ? chosen : ql::parseSpec(cell.fallback).toString(), written);
            error += cell.relMse;
            bits += double(row.parameters) * cell.bitsPerWeight;
            params += double(row.parameters);
        }
    QCOMPARE(p.predictedError, error);
    QCOMPARE(p.bitsPerWeight, bits / params);
}

void TestTarget::presetMissingATypeIsNotPlaced()
{
    fixtures::SynthLlama c;
    const ql::Model m = writeAndOpen(c, "wide2.gguf");
    const auto sweep = sweepOf(m, { "q4_k", "q5_k", "q8_0" }); // no q6_k
    const ql::PresetPoint p = ql::scoreLlamaTypes(typesOf(m, "Q4_K_M"), sweep);
    QVERIFY(!p.placed());
    QCOMPARE(p.missingSpecs, std::vector<std::string> { "q6_k" });
    QVERIFY(ql::scoreLlamaTypes(typesOf(m, "Q8_0"), sweep).placed());
}

void TestTarget::everyPresetOfTheRelease()
{
    fixtures::SynthLlama c;
    const ql::Model m = writeAndOpen(c, "wide3.gguf");
    const auto sweep = sweepOf(m, { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "fp16", "bf16" });
    const auto points = ql::llamaPresetPoints(m, sweep);
    QCOMPARE(points.size(), ql::llamaPresetFtypes().size());
    int placed = 0;
    for (const auto& p : points) {
        if (p.placed()) {
            ++placed;
            QVERIFY(p.bitsPerWeight > 1 && p.bitsPerWeight <= 16);
        }
        // The k-quant and legacy mixes are all measurable with this sweep; the i-quant mixes need types it lacks.
        const bool newTypes = p.name.rfind("IQ", 0) == 0 || p.name.rfind("TQ", 0) == 0 || p.name.rfind("MXFP", 0) == 0
            || p.name == "Q1_0" || p.name == "Q2_0";
        if (p.name == "Q2_K_S") // llama-quantize refuses Q2_K_S without an importance matrix
            QVERIFY(p.skipped.find("importance") != std::string::npos);
        else if (!newTypes)
            QVERIFY2(p.placed(), (p.name + ": " + p.skipped + (p.missingSpecs.empty() ? "" : " missing " + p.missingSpecs[0])).c_str());
    }
    QVERIFY(placed >= 14);
    // An i-quant mix that needs an importance matrix says so.
    const auto it = std::find_if(points.begin(), points.end(), [](const ql::PresetPoint& p) { return p.name == "IQ2_XXS"; });
    QVERIFY(it != points.end());
    QVERIFY(it->skipped.find("importance") != std::string::npos);
}

void TestTarget::fileOwnMixEqualsThePresetThatMadeIt()
{
    fixtures::SynthLlama c;
    const ql::Model original = writeAndOpen(c, "original.gguf");
    const auto sweep = sweepOf(original, { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_0" });
    const auto r = typesOf(original, "Q4_K_M");
    // The file llama-quantize writes, as its header lists it.
    ql::Model file = original;
    file.path = "model-Q4_K_M.gguf";
    for (auto& t : file.tensors)
        for (const auto& lt : r.tensors)
            if (lt.name == t.name)
                for (int d = 0; d <= int(ql::DType::Q2_0); ++d)
                    if (ql::ggmlTypeOfDType(ql::DType(d)) == lt.type)
                        t.dtype = ql::DType(d);
    const ql::PresetPoint own = ql::scoreGgufOwnMix(file, original, sweep);
    const ql::PresetPoint preset = ql::scoreLlamaTypes(r, sweep);
    QVERIFY(own.placed());
    QCOMPARE(own.name, std::string("model-Q4_K_M.gguf"));
    QCOMPARE(own.bitsPerWeight, preset.bitsPerWeight);
    QCOMPARE(own.predictedError, preset.predictedError);
    // Another model's file is refused, naming it.
    fixtures::SynthLlama other = c;
    other.hidden = 384;
    ql::Model otherFile = fixtures::synthLlamaModel(other);
    try {
        ql::scoreGgufOwnMix(otherFile, original, sweep);
        QFAIL("a file of another model was scored");
    } catch (const ql::Error& e) {
        QCOMPARE(e.file(), otherFile.path);
        QVERIFY(std::string(e.arg(0)).find("not a quantization") != std::string::npos);
    }
}

QTEST_GUILESS_MAIN(TestTarget)
#include "test_target.moc"

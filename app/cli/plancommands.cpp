#include "plancommands.h"

#include "core/analysis/sweep.h"
#include "core/analysis/sweepjournal.h"
#include "core/dist/distjudge.h"
#include "core/dist/distsweep.h"
#include "core/eval/sensitivity.h"
#include "core/eval/validationjournal.h"
#include "core/io/model.h"
#include "core/plan/export.h"
#include "core/plan/llamacppexport.h"
#include "core/plan/planner.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/spec.h"
#include "core/util/atomicfile.h"
#include "core/util/error.h"
#include "core/util/fingerprint.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

namespace {

struct Options {
    bool e2e = false, json = false, resume = false;
    int points = 8;
    ql::JudgeData judge;
    std::string modelFile;
    std::string validationOut; ///< validate --out
    std::string file, out, specs, preset, budgetBpw, budgetBytes, maxError, metric = "weight", to, calib, sweepFile, method = "rtn";
    std::vector<std::string> tensors, locks, minBits, ties, roleSpecs;
    bool tieExperts = false;
    std::string numerics, kv = "f16", flashAttn = "on"; ///< the judge's arithmetic (empty numerics: by the specs)
};

/// The judge's arithmetic: as told, or llama.cpp's where every candidate is a llama.cpp type (the
/// user will run the file in llama.cpp), float otherwise.
ql::Numerics judgeNumerics(const Options& o, const std::vector<std::string>& specs)
{
    bool llamaTypes = !specs.empty();
    for (const auto& s : specs)
        llamaTypes = llamaTypes && ql::ggmlTypeOfSpec(ql::parseSpec(s)).has_value();
    const auto kind = o.numerics.empty() ? (llamaTypes ? ql::Numerics::Kind::LlamaCpp : ql::Numerics::Kind::Float) : ql::numericsKind(o.numerics);
    ql::Numerics n;
    if (kind == ql::Numerics::Kind::LlamaCpp)
        n = ql::Numerics::llamaCppHere();
    n.kvF16 = o.kv == "f16";
    n.attention = o.flashAttn == "off" ? ql::Numerics::Attention::NoFlash : ql::Numerics::Attention::Flash;
    return n;
}

/// What an end-to-end judge measures with, for a journal's key: two equal keys give equal figures.
std::string judgeKey(const ql::JudgeData& j)
{
    std::string k = "tokens " + ql::fileKey(j.tokens) + ", text " + ql::fileKey(j.text) + ", sample " + std::to_string(j.sample) + " x "
        + std::to_string(j.length) + ", seed " + std::to_string(j.seed) + ", ctx " + std::to_string(j.ctx) + ", numerics "
        + ql::numericsName(j.numerics.kind);
    if (j.numerics.llamaCpp())
        k += std::string(" (kv ") + (j.numerics.kvF16 ? "f16" : "f32") + ", flash attention "
            + (j.numerics.attention == ql::Numerics::Attention::Flash ? "on" : "off") + ", " + std::to_string(j.numerics.simdFloats)
            + " floats per vector, ubatch " + std::to_string(j.numerics.ubatch) + ")";
    return k;
}

/// Splits PATTERN=VALUE at the last '=' (patterns may contain '=').
std::pair<std::string, std::string> splitRule(const std::string& rule, const char* what)
{
    const size_t eq = rule.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == rule.size())
        throw ql::Error(ql::ErrorCode::BadSpec, {}, { rule, std::string(what) + " must be PATTERN=VALUE", "" });
    return { rule.substr(0, eq), rule.substr(eq + 1) };
}

ql::PlanMetric metricOf(const std::string& name)
{
    if (name == "weight")
        return ql::PlanMetric::Weight;
    if (name == "output")
        return ql::PlanMetric::Output;
    if (name == "e2e")
        return ql::PlanMetric::EndToEnd;
    throw ql::Error(ql::ErrorCode::BadSpec, {}, { name, "unknown metric", "--metric weight, output or e2e." });
}

int sweep(const Options& o, ql::dist::Communicator* job)
{
    std::vector<ql::QuantSpec> specs;
    if (!o.preset.empty())
        specs = ql::sweepPreset(o.preset);
    size_t start = 0;
    while (!o.specs.empty() && start <= o.specs.size()) {
        size_t comma = o.specs.find(',', start);
        if (comma == std::string::npos)
            comma = o.specs.size();
        if (comma > start)
            specs.push_back(ql::parseSpec(o.specs.substr(start, comma - start)));
        start = comma + 1;
    }
    if (specs.empty())
        throw ql::Error(ql::ErrorCode::BadSpec, {}, { "", "no specs to sweep", "Give --specs S1,S2,… or --preset int|kquants|iquants|float|blockfloat." });
    const ql::Model m = ql::open(o.file);
    std::vector<size_t> which;
    for (const auto& name : o.tensors) {
        const int i = m.find(name);
        if (i < 0)
            throw ql::Error(ql::ErrorCode::NoSuchTensor, o.file, { name });
        which.push_back(size_t(i));
    }
    std::optional<ql::CalibrationStore> calibration;
    if (!o.calib.empty())
        calibration = ql::loadCalibrationAny(o.calib);
    ql::QuantOptions method;
    method.method = ql::parseQuantMethod(o.method);
    if (method.method != ql::QuantMethod::Rtn && !calibration)
        throw ql::Error(ql::ErrorCode::Unsupported, o.file, { std::string("--method ") + o.method + " without --calib" });
    if (method.method != ql::QuantMethod::Rtn && o.e2e)
        throw ql::Error(ql::ErrorCode::Unsupported, o.file, { "--e2e with --method " + o.method + " (the end-to-end column measures round-to-nearest only)" });
    std::vector<std::string> names;
    for (const auto& s : specs)
        names.push_back(s.toString());
    const ql::CalibrationStore* calib = calibration ? &*calibration : nullptr;
    // Under mpirun the other ranks measure what rank 0 hands out; only rank 0 journals and writes.
    const char* failRank = std::getenv("QL_TEST_SWEEP_FAIL_RANK"); // tests: a rank whose first tensor fails
    bool failNow = job && failRank && std::atoi(failRank) == job->rank();
    auto measure = [&](size_t i, ql::Progress& progress) {
        if (failNow) {
            failNow = false;
            throw ql::Error(ql::ErrorCode::Unsupported, o.file, { "measuring this tensor (QL_TEST_SWEEP_FAIL_RANK)" });
        }
        return ql::runSweep(m, specs, { i }, &progress, {}, calib, &method).rows.at(0);
    };
    if (job && job->rank() != 0) {
        ql::dist::sweepOverRanks(*job, m, names, {}, measure, {});
        if (o.e2e) { // then the single-tensor evaluations rank 0 hands out
            ql::JudgeData judge = o.judge;
            judge.numerics = judgeNumerics(o, names);
            ql::dist::endToEndOverRanks(*job, nullptr, names, m, *ql::makeJudge(m, judge));
        }
        return 0;
    }
    ql::JudgeData judge = o.judge;
    if (o.e2e)
        judge.numerics = judgeNumerics(o, names);
    // Every finished tensor goes to the journal beside the output, and again with each end-to-end
    // figure; --resume measures only the rest.
    ql::SweepJournalKey key = ql::sweepJournalKey(m, names, o.method, o.calib);
    if (o.e2e)
        key.judge = judgeKey(judge);
    ql::SweepJournal journal(ql::SweepJournal::pathFor(o.out), key, o.resume);
    if (which.empty())
        for (size_t i = 0; i < m.tensors.size(); ++i)
            if (ql::isQuantizable(m.tensors[i]))
                which.push_back(i);
    std::map<std::string, ql::SweepRow> done;
    for (const auto& r : journal.done())
        done.emplace(r.name, r);
    std::vector<size_t> todo;
    size_t endToEndDone = 0;
    for (size_t i : which) {
        const auto it = done.find(m.tensors[i].name);
        if (it == done.end())
            todo.push_back(i);
        else if (o.e2e)
            for (const auto& c : it->second.cells)
                endToEndDone += !std::isnan(c.endToEnd);
    }
    if (o.resume) {
        std::printf("resuming: %zu of %zu tensors already measured", which.size() - todo.size(), which.size());
        if (o.e2e)
            std::printf(", %zu end-to-end figures", endToEndDone);
        std::printf("\n");
    }
    const long abortAfter = std::getenv("QL_TEST_SWEEP_ABORT_AFTER") ? std::atol(std::getenv("QL_TEST_SWEEP_ABORT_AFTER")) : -1; // tests: a crash
    long journaled = 0;
    auto toJournal = [&](const ql::SweepRow& row) {
        journal.append(row);
        if (++journaled == abortAfter)
            std::_Exit(137);
    };
    auto finished = [&](ql::SweepRow&& row) {
        toJournal(row);
        const std::string name = row.name;
        done.emplace(name, std::move(row));
    };
    if (job) {
        std::fflush(stdout);
        ql::dist::sweepOverRanks(*job, m, names, todo, measure, finished);
    } else if (!todo.empty()) {
        ql::runSweep(m, specs, todo, nullptr, [&](const ql::SweepRow& row) { finished(ql::SweepRow(row)); }, calib, &method);
    }
    ql::SweepResult result;
    result.model = m.path;
    result.modelBytes = m.fileBytes;
    result.specs = names;
    for (size_t i : which)
        result.rows.push_back(std::move(done.at(m.tensors[i].name)));
    if (o.e2e) {
        std::printf("end to end in %s numerics\n", ql::numericsName(judge.numerics.kind).c_str());
        const auto judged = ql::makeJudge(m, judge);
        if (job)
            ql::dist::endToEndOverRanks(*job, &result, names, m, *judged, toJournal);
        else
            ql::addEndToEndSensitivity(result, m, *judged, nullptr, toJournal);
    }
    ql::saveSweep(result, o.out);
    journal.finish();
    std::printf("%zu tensors x %zu specs -> %s\n", result.rows.size(), result.specs.size(), o.out.c_str());
    return 0;
}

int plan(const Options& o)
{
    const ql::SweepResult s = ql::loadSweep(o.file);
    ql::Budget budget;
    const int given = int(!o.budgetBpw.empty()) + int(!o.budgetBytes.empty()) + int(!o.maxError.empty());
    if (given != 1)
        throw ql::Error(ql::ErrorCode::BadSpec, {}, { "", "give exactly one budget", "--budget-bpw X, --budget-bytes N or --max-error E." });
    try {
        if (!o.budgetBpw.empty())
            budget = { ql::Budget::Kind::BitsPerWeight, std::stod(o.budgetBpw) };
        else if (!o.budgetBytes.empty())
            budget = { ql::Budget::Kind::Bytes, std::stod(o.budgetBytes) };
        else
            budget = { ql::Budget::Kind::MaxError, std::stod(o.maxError) };
    } catch (const std::exception&) {
        throw ql::Error(ql::ErrorCode::BadSpec, {}, { "", "the budget is not a number", "" });
    }
    ql::PlanConstraints c;
    for (const auto& l : o.locks) {
        auto [pattern, spec] = splitRule(l, "--lock");
        c.locks.push_back({ pattern, spec });
    }
    for (const auto& l : o.minBits) {
        auto [pattern, bits] = splitRule(l, "--min-bits");
        c.minBits.push_back({ pattern, std::stod(bits) });
    }
    c.ties = o.ties;
    if (o.tieExperts)
        c.ties.push_back(ql::kExpertTie);
    for (const auto& r : o.roleSpecs) {
        auto [role, list] = splitRule(r, "--role-specs");
        std::vector<std::string> specs;
        size_t start = 0;
        while (start <= list.size()) {
            size_t comma = list.find(',', start);
            if (comma == std::string::npos)
                comma = list.size();
            if (comma > start)
                specs.push_back(ql::parseSpec(list.substr(start, comma - start)).toString());
            start = comma + 1;
        }
        c.roleSpecs.push_back({ role, specs });
    }
    const ql::Plan p = ql::solvePlan(s, budget, c, metricOf(o.metric));
    ql::savePlan(p, o.out);
    std::printf("%zu tensors: %.4f bits per weight, %.0f bytes, predicted error %.6g%s -> %s\n", p.entries.size(), p.bitsPerWeight, p.bytes,
        p.predictedError, p.optimal ? "" : " (best found, not proven optimal)", o.out.c_str());
    if (!p.fullPrecision.empty())
        std::printf("%zu tensors no swept spec can hold stay at full precision (listed under \"full_precision\")\n", p.fullPrecision.size());
    return 0;
}

int validate(const Options& o, ql::dist::Communicator* job)
{
    const ql::SweepResult s = ql::loadSweep(o.file);
    const ql::Model m = ql::open(o.out);
    std::optional<ql::CalibrationStore> calibration;
    if (!o.calib.empty())
        calibration = ql::loadCalibrationAny(o.calib);
    ql::JudgeData judge = o.judge;
    judge.numerics = judgeNumerics(o, s.specs);
    const auto judged = ql::makeJudge(m, judge);
    const ql::CalibrationStore* calib = calibration ? &*calibration : nullptr;
    const bool rank0 = !job || job->rank() == 0;
    // With --out, every measured plan goes to the journal beside it; --resume measures only the rest.
    std::optional<ql::ValidationJournal> journal;
    ql::ValidationResume resume;
    if (!o.validationOut.empty() && rank0) {
        ql::ValidationJournalKey key;
        key.sweep = ql::fileKey(o.file);
        key.model = m.path;
        key.modelBytes = m.fileBytes;
        key.headerHash = ql::modelHeaderHash(m);
        key.budgets = ql::validationBudgets(s, o.points, metricOf(o.metric));
        key.metric = o.metric;
        key.judge = judgeKey(judge);
        key.calibration = ql::fileKey(o.calib);
        journal.emplace(ql::ValidationJournal::pathFor(o.validationOut), key, o.resume);
        resume.done = journal->done();
        if (o.resume)
            std::fprintf(stderr, "resuming: %zu of %zu plans already measured\n", resume.done.size(), key.budgets.size());
        const char* abort = std::getenv("QL_TEST_SWEEP_ABORT_AFTER"); // tests: a crash after so many journaled plans
        resume.measured = [&journal, abortAfter = abort ? std::atol(abort) : -1L, n = 0L](size_t k, const ql::ValidationPoint& p) mutable {
            journal->append(k, p);
            if (++n == abortAfter)
                std::_Exit(137);
        };
    } else if (o.resume && o.validationOut.empty()) {
        throw ql::Error(ql::ErrorCode::BadSpec, {}, { "--resume", "a validation is resumed from the journal beside its output", "Give --out FILE as before." });
    }
    // Under mpirun every rank measures the plans rank 0 hands out; rank 0 prints.
    const auto v = job ? ql::dist::validateOverRanks(*job, s, m, *judged, o.points, metricOf(o.metric), calib, rank0 ? &resume : nullptr)
                       : ql::validatePlans(s, m, *judged, o.points, metricOf(o.metric), nullptr, calib, &resume);
    if (!rank0)
        return 0;
    nlohmann::ordered_json j;
    j["metric"] = o.metric;
    j["numerics"] = ql::numericsName(judge.numerics.kind);
    j["spearman"] = v.spearman;
    nlohmann::ordered_json pts = nlohmann::ordered_json::array();
    for (const auto& p : v.points)
        pts.push_back({ { "bits_per_weight", p.bitsPerWeight }, { "predicted_error", p.predicted }, { "measured_kld", p.measured } });
    j["plans"] = std::move(pts);
    if (journal) {
        ql::writeFileAtomically(o.validationOut, j.dump(2) + "\n");
        journal->finish();
    }
    if (o.json) {
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%-12s %-16s %-16s\n", "bits/weight", "predicted", "measured KL");
        for (const auto& p : v.points)
            std::printf("%-12.4f %-16.6g %-16.6g\n", p.bitsPerWeight, p.predicted, p.measured);
        std::printf("Spearman rank correlation of predicted and measured: %.4f\n", v.spearman);
    }
    return 0;
}

int exportCmd(const Options& o)
{
    const ql::Plan p = ql::loadPlan(o.file);
    std::optional<ql::SweepResult> sweep;
    if (!o.sweepFile.empty())
        sweep = ql::loadSweep(o.sweepFile);
    std::string base = o.out.substr(o.out.find_last_of('/') + 1);
    if (const size_t dot = base.find_last_of('.'); dot != std::string::npos && dot > 0)
        base.resize(dot);
    const auto format = ql::exportFormatFromName(o.to);
    const auto r = ql::exportPlan(p, format, sweep ? &*sweep : nullptr, base);
    if (format == ql::ExportFormat::LlamaCpp && !o.modelFile.empty()) // what llama-quantize will write from it, checked before writing
        ql::checkLlamaCppExport(p, ql::llamaCppExport(p), ql::open(o.modelFile));
    ql::writeExport(r, o.out);
    std::printf("wrote %s\n", o.out.c_str());
    if (!r.advice.empty())
        std::printf("%s\n", ql::adviceFor(r, o.out).c_str());
    return 0;
}

} // namespace

std::function<int()> addPlanCommands(CLI::App& app, ql::dist::Communicator* job)
{
    auto o = std::make_shared<Options>();
    auto* sw = app.add_subcommand("sweep", "Measure every tensor under every candidate spec");
    sw->add_option("FILE", o->file, "Model file")->required();
    sw->add_option("--specs", o->specs, "Comma-separated specs, e.g. int4:g128,int8:channel,q4_k");
    sw->add_option("--preset", o->preset, "Candidate set: int, kquants, iquants, float or blockfloat");
    sw->add_option("--tensor", o->tensors, "Only these tensors (repeatable)");
    sw->add_option("--calib", o->calib, "Calibration statistics (HDF5 from capture, or a llama.cpp imatrix): adds output_rel_err; imatrix importance for q* formats");
    sw->add_option("--method", o->method, "rtn (default), gptq or awq: how each spec is applied where --calib holds the layer's Hessian")
        ->check(CLI::IsMember({ "rtn", "gptq", "awq" }));
    sw->add_option("--out", o->out, "Sweep file to write (JSON)")->required();
    sw->add_flag("--e2e", o->e2e, "Also measure each tensor × spec end to end with the model's judge (slow)");
    sw->add_flag("--resume", o->resume, "Continue an interrupted sweep from its journal (OUT.journal): only the tensors it lacks are measured");
    auto addJudgeOptions = [&](CLI::App* cmd) {
        cmd->add_option("--tokens", o->judge.tokens, "Language models: token file (text or .npy)");
        cmd->add_option("--text", o->judge.text, "Language models: UTF-8 text tokenized by the model's tokenizer, in --ctx chunks as llama-perplexity makes them");
        cmd->add_option("--ctx", o->judge.ctx, "Language models: llama-perplexity's chunks of N tokens of --text (default 512) or --tokens (default: whole lines)")
            ->check(CLI::Range(4, 1 << 20));
        cmd->add_option("--sample", o->judge.sample, "Language models: sequences sampled from the model (default 8)");
        cmd->add_option("--length", o->judge.length, "Length of sampled sequences (default 64)");
        cmd->add_option("--seed", o->judge.seed, "Sampling seed (default 0)");
        cmd->add_option("--data", o->judge.data, "Classifiers: evaluation set (.npz with x and y)");
        cmd->add_option("--numerics", o->numerics,
               "Language models: float, or llamacpp: llama.cpp's CPU arithmetic (default where every spec is a llama.cpp type)")
            ->check(CLI::IsMember({ "float", "llamacpp" }));
        cmd->add_option("--kv", o->kv, "llamacpp numerics: KV cache type f16 (llama.cpp's default) or f32")->check(CLI::IsMember({ "f16", "f32" }));
        cmd->add_option("--flash-attn", o->flashAttn, "llamacpp numerics: on (llama.cpp's auto on CPU) or off")->check(CLI::IsMember({ "on", "off" }));
    };
    addJudgeOptions(sw);

    auto* pl = app.add_subcommand("plan", "Choose one spec per tensor under a budget");
    pl->add_option("SWEEP", o->file, "Sweep file")->required();
    pl->add_option("--budget-bpw", o->budgetBpw, "Average bits per weight");
    pl->add_option("--budget-bytes", o->budgetBytes, "Total bytes of the quantized tensors");
    pl->add_option("--max-error", o->maxError, "Smallest plan whose predicted error stays under this");
    pl->add_option("--lock", o->locks, "PATTERN=SPEC: matching tensors use SPEC (repeatable)");
    pl->add_option("--min-bits", o->minBits, "PATTERN=BITS: matching tensors use at least BITS per weight (repeatable)");
    pl->add_option("--tie", o->ties, "REGEX: tensors whose match (capture groups) is equal share a spec (repeatable)");
    pl->add_flag("--tie-experts", o->tieExperts, "All experts of a layer share one spec per projection (as ModelOpt's AutoQuantize)");
    pl->add_option("--role-specs", o->roleSpecs, "ROLE=S1,S2: tensors of this role (attn_v, mlp_down, embedding, …) may only use these specs (repeatable)");
    pl->add_option("--metric", o->metric, "weight (rel. MSE), output (layer output error) or e2e (end-to-end KL)");
    pl->add_option("--out", o->out, "Plan file to write (JSON)")->required();

    auto* ex = app.add_subcommand("export", "Write a plan for a quantization tool");
    ex->add_option("PLAN", o->file, "Plan file (JSON)")->required();
    ex->add_option("--to", o->to, "llamacpp, gptqmodel, llmcompressor, modelopt, csv or markdown")->required();
    ex->add_option("--out", o->out, "File to write")->required();
    ex->add_option("--model", o->modelFile, "llamacpp: the unquantized model, to check that llama-quantize gives every planned tensor its type");
    ex->add_option("--sweep", o->sweepFile, "Markdown: the plan's sweep, to draw the Pareto curve and the heatmap (SVG files beside the report)");

    auto* va = app.add_subcommand("validate", "Measure the plans along the Pareto frontier end to end");
    va->add_option("SWEEP", o->file, "Sweep file")->required();
    va->add_option("MODEL", o->out, "The model the sweep was made from")->required();
    va->add_option("--points", o->points, "Plans to measure (default 8)")->check(CLI::Range(2, 200));
    va->add_option("--metric", o->metric, "weight, output or e2e");
    va->add_option("--calib", o->calib, "Captured layer inputs: needed when the sweep was made with --method gptq or awq");
    va->add_flag("--json", o->json, "Print JSON");
    va->add_option("--out", o->validationOut, "Also write the validation as JSON; each measured plan is journaled beside it (OUT.journal)");
    va->add_flag("--resume", o->resume, "Continue an interrupted validation from its journal (OUT.journal): only the plans it lacks are measured");
    addJudgeOptions(va);

    return [o, sw, pl, ex, va, job]() -> int {
        if (va->parsed())
            return validate(*o, job);
        if (sw->parsed())
            return sweep(*o, job);
        if (pl->parsed())
            return plan(*o);
        if (ex->parsed())
            return exportCmd(*o);
        return -1;
    };
}

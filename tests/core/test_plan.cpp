// Planner: the exact knapsack solver against brute force, the frontier's optimality, budgets and
// constraints on a sweep, plan JSON round trips, and a real sweep of stories260K.
#include "core/analysis/sweep.h"
#include "core/io/model.h"
#include "core/plan/export.h"
#include "core/plan/mckp.h"
#include "core/plan/planner.h"
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <functional>
#include <random>

namespace {
/// Brute force: every combination.
ql::McSolution bruteForce(const std::vector<std::vector<ql::McOption>>& items, double capacity)
{
    ql::McSolution best;
    best.cost = std::numeric_limits<double>::infinity();
    std::vector<int> choice(items.size(), 0);
    std::function<void(size_t, double, double)> rec = [&](size_t i, double w, double c) {
        if (i == items.size()) {
            if (w <= capacity && c < best.cost) {
                best.cost = c;
                best.weight = w;
                best.choice = choice;
                best.feasible = true;
            }
            return;
        }
        for (size_t k = 0; k < items[i].size(); ++k) {
            choice[i] = int(k);
            rec(i + 1, w + items[i][k].weight, c + items[i][k].cost);
        }
    };
    rec(0, 0, 0);
    return best;
}

/// A synthetic sweep: tensors × specs with errors that fall as bits grow.
ql::SweepResult syntheticSweep()
{
    ql::SweepResult s;
    s.model = "synthetic";
    s.specs = { "int2:g64:sym:minmax", "int3:g64:sym:minmax", "int4:g128:sym:minmax", "int8:channel:sym:minmax" };
    const double bits[] = { 2.25, 3.25, 4.125, 8.0 };
    const char* names[] = { "model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.self_attn.v_proj.weight", "model.layers.0.mlp.down_proj.weight", "model.layers.1.self_attn.q_proj.weight",
        "model.layers.1.self_attn.k_proj.weight", "model.layers.1.self_attn.v_proj.weight", "model.layers.1.mlp.down_proj.weight", "lm_head.weight" };
    const char* roles[] = { "embedding", "attn_q", "attn_k", "attn_v", "mlp_down", "attn_q", "attn_k", "attn_v", "mlp_down", "output" };
    for (int t = 0; t < 10; ++t) {
        ql::SweepRow r;
        r.name = names[t];
        r.role = roles[t];
        r.parameters = 1000 * (t % 3 + 1);
        for (int k = 0; k < 4; ++k) {
            ql::SweepCell c;
            c.spec = s.specs[size_t(k)];
            c.bitsPerWeight = bits[k];
            c.relMse = (1.0 + t % 4) * std::pow(4.0, -bits[k]) * (t == 4 ? 30.0 : 1.0);
            c.outputRelErr = c.relMse * 2;
            r.cells.push_back(c);
        }
        s.rows.push_back(r);
    }
    return s;
}
} // namespace

class TestPlan : public QObject {
    Q_OBJECT
private slots:
    void solverMatchesBruteForce()
    {
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> u(0, 1);
        int compared = 0, infeasible = 0;
        for (int rep = 0; rep < 400; ++rep) {
            const int n = 1 + int(rng() % 7);
            std::vector<std::vector<ql::McOption>> items(static_cast<size_t>(n));
            double maxW = 0, minW = 0;
            for (auto& opts : items) {
                const int m = 1 + int(rng() % 5);
                for (int k = 0; k < m; ++k) {
                    // Sometimes integer weights with ties, sometimes random reals.
                    const double w = rep % 3 ? std::floor(u(rng) * 10) : u(rng) * 10;
                    opts.push_back({ w, rep % 4 ? u(rng) : std::floor(u(rng) * 5) });
                }
                double mw = 0, lw = std::numeric_limits<double>::infinity();
                for (const auto& o : opts) {
                    mw = std::max(mw, o.weight);
                    lw = std::min(lw, o.weight);
                }
                maxW += mw;
                minW += lw;
            }
            // Mostly between the lightest and the heaviest totals; one in ten below (infeasible).
            const double cap = rep % 10 == 0 ? minW * u(rng) * 0.99 : minW + u(rng) * (maxW - minW);
            const auto exact = ql::solveMckp(items, cap);
            const auto brute = bruteForce(items, cap);
            QCOMPARE(exact.feasible, brute.feasible);
            if (!brute.feasible) {
                ++infeasible;
                continue;
            }
            QVERIFY(exact.optimal);
            QVERIFY2(std::fabs(exact.cost - brute.cost) < 1e-9, qPrintable(QStringLiteral("rep %1: %2 vs %3").arg(rep).arg(exact.cost).arg(brute.cost)));
            QVERIFY(exact.weight <= cap + 1e-9);
            ++compared;
        }
        QVERIFY(compared > 300);
        QVERIFY(infeasible > 0);
    }

    void frontierPointsAreOptimal()
    {
        std::mt19937 rng(8);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<std::vector<ql::McOption>> items(6);
        for (auto& opts : items)
            for (int k = 0; k < 4; ++k)
                opts.push_back({ double(k + 1) * (1 + u(rng)), std::pow(0.3, k) * u(rng) });
        const auto hull = ql::convexFrontier(items);
        QVERIFY(hull.size() >= 2);
        for (size_t i = 1; i < hull.size(); ++i) {
            QVERIFY(hull[i].weight >= hull[i - 1].weight);
            QVERIFY(hull[i].cost <= hull[i - 1].cost);
        }
        for (const auto& p : hull)
            QVERIFY(std::fabs(bruteForce(items, p.weight + 1e-9).cost - p.cost) < 1e-9);
    }

    void budgetsAndConstraints()
    {
        const auto sweep = syntheticSweep();
        // A bits-per-weight budget is met, and a bigger budget never predicts more error.
        double last = std::numeric_limits<double>::infinity();
        for (double bpw : { 2.5, 3.0, 4.0, 4.5, 6.0, 8.0 }) {
            const auto p = ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, bpw });
            QVERIFY(p.bitsPerWeight <= bpw + 1e-12);
            QVERIFY(p.predictedError <= last);
            QVERIFY(p.optimal);
            last = p.predictedError;
        }
        // The sensitive tensor (down_proj of layer 0, 30x the error) gets more bits than its peers.
        const auto p = ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 4.0 });
        QVERIFY(p.entries[4].bitsPerWeight >= p.entries[8].bitsPerWeight);
        // Bytes budget.
        const auto pb = ql::solvePlan(sweep, { ql::Budget::Kind::Bytes, 10000.0 });
        QVERIFY(pb.bytes <= 10000.0);
        // Error target: the smallest plan under it.
        const auto pe = ql::solvePlan(sweep, { ql::Budget::Kind::MaxError, 0.02 });
        QVERIFY(pe.predictedError <= 0.02);
        const auto smaller = ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, pe.bitsPerWeight - 0.01 });
        QVERIFY(smaller.predictedError > 0.02);

        ql::PlanConstraints c;
        c.minBits.push_back({ "embed_tokens|lm_head", 6.0 });
        c.locks.push_back({ "layers\\.1\\.mlp", "int4:g128" });
        c.ties.push_back("layers\\.(\\d+)\\.self_attn\\.[qkv]_proj");
        const auto pc = ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 4.5 }, c);
        QCOMPARE(pc.entries[0].spec, std::string("int8:channel:sym:minmax"));
        QCOMPARE(pc.entries[9].spec, std::string("int8:channel:sym:minmax"));
        QCOMPARE(pc.entries[8].spec, std::string("int4:g128:sym:minmax"));
        QVERIFY(pc.entries[8].locked);
        QCOMPARE(pc.entries[1].spec, pc.entries[2].spec);
        QCOMPARE(pc.entries[2].spec, pc.entries[3].spec);
        QCOMPARE(pc.entries[5].spec, pc.entries[7].spec);
        // Role restriction.
        ql::PlanConstraints rc;
        rc.roleSpecs.push_back({ "attn_v", { "int8:channel:sym:minmax" } });
        const auto pr = ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 6.0 }, rc);
        QCOMPARE(pr.entries[3].spec, std::string("int8:channel:sym:minmax"));
        // Infeasible budget and impossible constraints are errors, not wrong answers.
        auto code = [&](auto fn) {
            try {
                fn();
            } catch (const ql::Error& e) {
                return e.code();
            }
            return ql::ErrorCode::Empty;
        };
        QCOMPARE(code([&] { ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 1.0 }); }), ql::ErrorCode::Unsupported);
        ql::PlanConstraints bad;
        bad.minBits.push_back({ ".*", 9.0 });
        QCOMPARE(code([&] { ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 8.0 }, bad); }), ql::ErrorCode::Infeasible);
        ql::PlanConstraints badLock;
        badLock.locks.push_back({ ".*", "nf4" });
        QCOMPARE(code([&] { ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 8.0 }, badLock); }), ql::ErrorCode::BadSpec);
        // The frontier runs from the smallest plan to the most accurate one, and a solve at a
        // frontier point's size predicts exactly its error.
        const auto f = ql::paretoFrontier(sweep);
        QCOMPARE(f.front().bitsPerWeight, 2.25);
        QCOMPARE(f.back().bitsPerWeight, 8.0);
        for (const auto& pt : f)
            QVERIFY(std::fabs(ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, pt.bitsPerWeight + 1e-12 }).predictedError - pt.predictedError) < 1e-12);
        // The output-error metric uses output_rel_err.
        QVERIFY(std::fabs(ql::solvePlan(sweep, { ql::Budget::Kind::BitsPerWeight, 4.0 }, {}, ql::PlanMetric::Output).predictedError
                    - 2 * p.predictedError)
            < 1e-12);
    }

    void planJsonRoundTrip()
    {
        const auto plan = ql::solvePlan(syntheticSweep(), { ql::Budget::Kind::BitsPerWeight, 4.5 });
        const std::string text = ql::planToJson(plan);
        const auto back = ql::planFromJson(text, "plan.json");
        QCOMPARE(ql::planToJson(back), text);
        QCOMPARE(back.entries.size(), plan.entries.size());
        QCOMPARE(back.bitsPerWeight, plan.bitsPerWeight);
        QCOMPARE(back.entries[3].predictedError, plan.entries[3].predictedError);
        // A hand-written plan with only names and specs is valid.
        const auto hand = ql::planFromJson(R"({"tensors": [{"name": "a", "spec": "int4:g128"}, {"name": "b", "spec": "Q4_K"}]})", "hand.json");
        QCOMPARE(hand.entries[0].spec, std::string("int4:g128:sym:minmax"));
        QCOMPARE(hand.entries[1].spec, std::string("q4_k"));
        QCOMPARE(hand.entries[1].bitsPerWeight, 4.5);
        // Bad plans name the file.
        for (const char* bad : { "{", R"({"tensors": 3})", R"({"tensors": [{"name": "a", "spec": "int9"}]})", R"({"format": "x", "tensors": []})" }) {
            try {
                ql::planFromJson(bad, "broken-plan.json");
                QFAIL(bad);
            } catch (const ql::Error& e) {
                QVERIFY(std::string(e.what()).find("broken-plan.json") != std::string::npos || e.code() == ql::ErrorCode::BadSpec);
            }
        }
    }

    void exportsParseBack()
    {
        // A llama.cpp plan on Hugging Face names: the tensor-type file uses GGUF names.
        ql::SweepResult s;
        s.model = "m";
        s.specs = { "q4_k", "q6_k", "q8_0" };
        const char* names[] = { "model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.mlp.down_proj.weight",
            "model.layers.1.mlp.down_proj.weight", "model.layers.1.mlp.up_proj.weight", "lm_head.weight" };
        for (int t = 0; t < 6; ++t) {
            ql::SweepRow r;
            r.name = names[t];
            r.parameters = 256 * 256;
            const double err = t == 2 ? 50.0 : (t == 0 || t == 5 ? 10.0 : 1.0);
            auto cell = [](const char* spec, double bpw, double e) {
                ql::SweepCell c;
                c.spec = spec;
                c.bitsPerWeight = bpw;
                c.relMse = e;
                return c;
            };
            r.cells = { cell("q4_k", 4.5, err * 1e-2), cell("q6_k", 6.5625, err * 1e-3), cell("q8_0", 8.5, err * 1e-4) };
            s.rows.push_back(r);
        }
        const auto plan = ql::solvePlan(s, { ql::Budget::Kind::BitsPerWeight, 5.5 });
        const auto tt = ql::exportPlan(plan, ql::ExportFormat::LlamaCpp);
        std::vector<std::string> gguf;
        for (const char* n : names)
            gguf.push_back(ql::ggufTensorName(n));
        QCOMPARE(gguf[1], std::string("blk.0.attn_q.weight"));
        QCOMPARE(gguf[5], std::string("output.weight"));
        std::istringstream in(tt.text);
        std::string token;
        std::map<std::string, std::string> typeOf;
        while (in >> token) {
            const size_t eq = token.rfind('=');
            QVERIFY(eq != std::string::npos);
            const std::regex re(token.substr(0, eq));
            int matches = 0;
            for (const auto& g : gguf)
                if (std::regex_search(g, re)) {
                    ++matches;
                    typeOf[g] = token.substr(eq + 1);
                }
            QCOMPARE(matches, 1); // each pattern names exactly one tensor
        }
        // Every tensor has a line with its planned type — also those of the base type, which the file
        // type's mixture would otherwise change — but the head and the embedding, which the flags set.
        for (size_t i = 0; i < plan.entries.size(); ++i) {
            const std::string type = ql::llamaCppTypeName(plan.entries[i].spec);
            if (gguf[i] == "output.weight")
                QVERIFY(tt.advice.find("--output-tensor-type " + type) != std::string::npos);
            else if (gguf[i] == "token_embd.weight")
                QVERIFY(tt.advice.find("--token-embedding-type " + type) != std::string::npos);
            else
                QCOMPARE(typeOf.at(gguf[i]), type);
        }
        QVERIFY(tt.advice.find("--tensor-type-file {export}") != std::string::npos);
        QCOMPARE(ql::adviceFor(tt, "t.txt").find("--tensor-type-file t.txt "), tt.advice.find("--tensor-type-file {export} "));

        // GPTQModel dynamic, from an integer plan.
        const auto ip = ql::solvePlan(syntheticSweep(), { ql::Budget::Kind::BitsPerWeight, 4.5 });
        const auto g = nlohmann::json::parse(ql::exportPlan(ip, ql::ExportFormat::GptqModel).text);
        QCOMPARE(g.size(), ip.entries.size());
        for (const auto& e : ip.entries) {
            const std::string module = e.name.substr(0, e.name.size() - 7);
            int found = 0;
            for (const auto& [key, cfg] : g.items()) {
                QVERIFY(key.starts_with("+:"));
                if (!std::regex_search(module, std::regex(key.substr(2))))
                    continue;
                ++found;
                const auto spec = ql::parseSpec(e.spec);
                QCOMPARE(cfg["bits"].get<int>(), spec.bits);
                QCOMPARE(cfg["group_size"].get<int>(), spec.granularity == ql::Granularity::Group ? spec.group : -1);
                QCOMPARE(cfg["sym"].get<bool>(), spec.symmetric);
            }
            QCOMPARE(found, 1);
        }
        // A spec the tool cannot express is an error that names the tensor.
        try {
            ql::exportPlan(ip, ql::ExportFormat::LlamaCpp);
            QFAIL("integer plan exported to llama.cpp");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
            QVERIFY(std::string(e.what()).find("model.embed_tokens.weight") != std::string::npos);
        }
        // llm-compressor: every tensor targeted exactly once, in the group of its spec.
        const auto rec = nlohmann::json::parse(ql::exportPlan(ip, ql::ExportFormat::LlmCompressor).text);
        const auto& qm = rec["quant_stage"]["quant_modifiers"]["QuantizationModifier"];
        for (const auto& e : ip.entries) {
            const std::string module = e.name.substr(0, e.name.size() - 7);
            int found = 0;
            for (const auto& [gname, g] : qm["config_groups"].items())
                for (const auto& t : g["targets"]) {
                    const std::string pat = t.get<std::string>();
                    QVERIFY(pat.starts_with("re:"));
                    if (!std::regex_search(module, std::regex(pat.substr(3))))
                        continue;
                    ++found;
                    const auto spec = ql::parseSpec(e.spec);
                    QCOMPARE(g["weights"]["num_bits"].get<int>(), spec.bits);
                    QCOMPARE(g["weights"]["strategy"].get<std::string>(), std::string(spec.granularity == ql::Granularity::Group ? "group" : "channel"));
                }
            QCOMPARE(found, 1);
        }
        // ModelOpt: one entry per module, with its algorithm.
        ql::Plan mo = ip;
        for (auto& e : mo.entries)
            e.spec = e.bitsPerWeight > 6 ? "int8:channel:sym:minmax" : "int4:g128:sym:minmax";
        const auto hf = nlohmann::json::parse(ql::exportPlan(mo, ql::ExportFormat::ModelOpt).text);
        QCOMPARE(hf["quantization"]["quant_algo"].get<std::string>(), std::string("MIXED_PRECISION"));
        QCOMPARE(hf["quantization"]["quantized_layers"].size(), mo.entries.size());
        for (const auto& e : mo.entries) {
            const auto& l = hf["quantization"]["quantized_layers"][e.name.substr(0, e.name.size() - 7)];
            QCOMPARE(l["quant_algo"].get<std::string>(), std::string(e.spec.starts_with("int8") ? "W8A16" : "W4A16_AWQ"));
        }
        // NVFP4 (its block size as group_size) and FP8 per tensor or per channel, as ModelOpt names them;
        // OCP MX and llama.cpp's NVFP4 layout have no ModelOpt name and are refused by tensor.
        const char* modelOptSpecs[][2] = { { "nvfp4", "NVFP4" }, { "fp8_e4m3:tensor", "FP8" }, { "fp8_e4m3:channel", "FP8_PER_CHANNEL_PER_TOKEN" } };
        for (size_t i = 0; i < mo.entries.size(); ++i)
            mo.entries[i].spec = modelOptSpecs[i % 3][0];
        const auto nv = nlohmann::json::parse(ql::exportPlan(mo, ql::ExportFormat::ModelOpt).text);
        for (size_t i = 0; i < mo.entries.size(); ++i) {
            const auto& l = nv["quantization"]["quantized_layers"][mo.entries[i].name.substr(0, mo.entries[i].name.size() - 7)];
            QCOMPARE(l["quant_algo"].get<std::string>(), std::string(modelOptSpecs[i % 3][1]));
            if (i % 3 == 0)
                QCOMPARE(l["group_size"].get<int>(), 16);
            else
                QVERIFY(!l.contains("group_size"));
        }
        for (const char* refused : { "mxfp8_e4m3", "nvfp4_ggml", "mxfp6_e2m3" }) {
            mo.entries[0].spec = refused;
            try {
                ql::exportPlan(mo, ql::ExportFormat::ModelOpt);
                QFAIL(refused);
            } catch (const ql::Error& e) {
                QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
                QVERIFY(std::string(e.what()).find(mo.entries[0].name) != std::string::npos);
            }
        }
        // CSV: every value back exactly.
        std::istringstream csv(ql::exportPlan(ip, ql::ExportFormat::Csv).text);
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string("name,parameters,spec,bits_per_weight,predicted_error,locked"));
        for (const auto& e : ip.entries) {
            std::getline(csv, line);
            std::vector<std::string> f;
            std::stringstream ls(line);
            for (std::string cell; std::getline(ls, cell, ',');)
                f.push_back(cell);
            QCOMPARE(f.size(), size_t(6));
            QCOMPARE(f[0], e.name);
            QCOMPARE(std::stoll(f[1]), (long long)e.parameters);
            QCOMPARE(f[2], e.spec);
            QCOMPARE(std::stod(f[3]), e.bitsPerWeight);
            QCOMPARE(std::stod(f[4]), e.predictedError);
        }
        // Markdown: totals and one table row per tensor; with the sweep, the two pictures.
        const auto sweep = syntheticSweep();
        const auto report = ql::exportPlan(ip, ql::ExportFormat::Markdown, &sweep, "myplan");
        QCOMPARE(report.files.size(), size_t(2));
        QCOMPARE(report.files[0].first, std::string("myplan.pareto.svg"));
        QVERIFY(report.files[0].second.starts_with("<svg") && report.files[0].second.find("<polyline") != std::string::npos);
        QVERIFY(report.files[0].second.find("<circle") != std::string::npos);
        size_t rects = 0;
        for (size_t pos = 0; (pos = report.files[1].second.find("<rect x=", pos)) != std::string::npos; ++pos)
            ++rects;
        QCOMPARE(rects, sweep.rows.size() * sweep.specs.size());
        QVERIFY(report.text.find("](myplan.pareto.svg)") != std::string::npos);
        QVERIFY(report.text.find("](myplan.heatmap.svg)") != std::string::npos);
        QTemporaryDir dir;
        ql::writeExport(report, (dir.path() + "/myplan.md").toStdString());
        QVERIFY(QFile::exists(dir.path() + "/myplan.pareto.svg"));
        QVERIFY(QFile::exists(dir.path() + "/myplan.heatmap.svg"));
        const std::string md = ql::exportPlan(ip, ql::ExportFormat::Markdown).text;
        QVERIFY(md.find("| bits per weight |") != std::string::npos);
        for (const auto& e : ip.entries)
            QVERIFY(md.find("| `" + e.name + "` |") != std::string::npos);
    }

    void sweepStoriesAndPlan()
    {
        const ql::Model m = ql::open(QL_STORIES_DIR "/model.safetensors");
        std::vector<ql::QuantSpec> specs;
        for (const char* s : { "int3:g32", "int4:g32", "int8:channel", "q8_0", "q4_k" })
            specs.push_back(ql::parseSpec(s));
        int rowsSeen = 0;
        const auto sweep = ql::runSweep(m, specs, {}, nullptr, [&](const ql::SweepRow&) { ++rowsSeen; });
        QCOMPARE(sweep.rows.size(), size_t(37));
        QCOMPARE(rowsSeen, 37);
        for (const auto& r : sweep.rows) {
            QVERIFY(r.cells[0].relMse > r.cells[1].relMse); // int3 worse than int4
            QVERIFY(r.cells[1].relMse > r.cells[2].relMse); // int4 worse than int8
            // Rows of 64 or 172 do not fit Q4_K's 256: measured as what llama-quantize writes instead.
            QVERIFY(r.cells[4].skipped.empty());
            QCOMPARE(r.cells[4].fallback, std::string(r.rowLength == 172 ? "fp16" : "q5_0"));
            QCOMPARE(r.cells[4].bitsPerWeight, r.rowLength == 172 ? 16.0 : 5.5);
            // Q8_0 fits 64-value rows; 172-value rows become F16.
            QCOMPARE(r.cells[3].fallback, std::string(r.rowLength == 172 ? "fp16" : ""));
        }
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/sweep.json").toStdString();
        ql::saveSweep(sweep, path);
        const auto back = ql::loadSweep(path);
        QCOMPARE(back.rows.size(), sweep.rows.size());
        QCOMPARE(back.rows[5].cells[1].relMse, sweep.rows[5].cells[1].relMse);
        QCOMPARE(back.rows[5].cells[4].fallback, sweep.rows[5].cells[4].fallback);
        QCOMPARE(back.rows[5].rowLength, sweep.rows[5].rowLength);
        const auto plan = ql::solvePlan(back, { ql::Budget::Kind::BitsPerWeight, 5.0 });
        QVERIFY(plan.bitsPerWeight <= 5.0);
        QVERIFY(plan.optimal);
        QCOMPARE(plan.entries.size(), size_t(37));
        // With only block formats, a plan is possible and honest: the ffn_down tensors (rows of 172) count as the
        // F16 llama-quantize writes for them, and the plan names that type.
        const auto blocks = ql::runSweep(m, { ql::parseSpec("q8_0"), ql::parseSpec("q4_0") });
        QVERIFY_THROWS_EXCEPTION(ql::Error, ql::solvePlan(blocks, { ql::Budget::Kind::BitsPerWeight, 6.0 }));
        const auto bp = ql::solvePlan(blocks, { ql::Budget::Kind::BitsPerWeight, 7.5 });
        QCOMPARE(bp.entries.size(), size_t(37));
        QVERIFY(bp.fullPrecision.empty());
        int f16 = 0;
        for (const auto& e : bp.entries)
            if (e.name.find("down_proj") != std::string::npos) {
                QCOMPARE(e.spec, std::string("fp16"));
                QVERIFY(e.reason.starts_with("fallback:"));
                QCOMPARE(e.rowLength, int64_t(172));
                ++f16;
            }
        QCOMPARE(f16, 5);
        QVERIFY(bp.bitsPerWeight <= 7.5 && bp.bitsPerWeight > 16.0 * 5 * 64 * 172 / 292096); // the F16 tensors count
        QCOMPARE(ql::planFromJson(ql::planToJson(bp), "p").entries[6].reason, bp.entries[6].reason);
        const std::string planPath = (dir.path() + "/plan.json").toStdString();
        ql::savePlan(plan, planPath);
        QCOMPARE(ql::planToJson(ql::loadPlan(planPath)), ql::planToJson(plan));
    }
};

QTEST_GUILESS_MAIN(TestPlan)
#include "test_plan.moc"

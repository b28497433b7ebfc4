// llama-quantize as QuantLens models it: the type of every tensor for every ftype of the release,
// overrides, output/embedding types, --pure and shape fallbacks, against real llama-quantize's choices
// on the tests' synthetic models (tests/data/llamacpp_types_golden.json, scripts/make_golden_llamacpp_types.py).
#include "support/synthmodel.h"

#include "core/io/ggmltypes.h"
#include "core/plan/export.h"
#include "core/plan/llamacppexport.h"
#include "core/plan/llamaquantize.h"
#include "core/util/error.h"

#include <QTest>

#include <fstream>
#include <regex>
#include <sstream>
#include <nlohmann/json.hpp>

namespace {
nlohmann::json readGolden(const char* name)
{
    std::ifstream in(std::string(QL_TEST_DATA) + "/" + name);
    return nlohmann::json::parse(in);
}

fixtures::SynthLlama configOf(const nlohmann::json& m)
{
    fixtures::SynthLlama c;
    c.layers = m["layers"];
    c.dim = m["dim"];
    c.hidden = m["hidden"];
    c.heads = m["heads"];
    c.kvHeads = m["kv_heads"];
    c.vocab = m["vocab"];
    c.experts = m.value("experts", 0);
    c.tied = m.value("tied", false);
    return c;
}

std::string typeName(uint32_t t) { return std::string(ql::ggmlType(t)->name); }
} // namespace

class TestLlamaCpp : public QObject {
    Q_OBJECT
private slots:
    void everyFtypeMatchesLlamaQuantize();
    void overridesAsTheCommandLineReadsThem();
    void fallbacks();
    void ftypeNames();
    void planOfStories();
    void exportIsWhatLlamaQuantizeWrites();
    void exactPatterns();
};

void TestLlamaCpp::everyFtypeMatchesLlamaQuantize()
{
    const auto golden = readGolden("llamacpp_types_golden.json");
    int runs = 0, tensors = 0;
    for (const auto& m : golden["models"]) {
        const ql::Model model = fixtures::synthLlamaModel(configOf(m));
        const auto& names = m["tensors"];
        for (const auto& run : m["runs"]) {
            ql::LlamaQuantizeOptions o;
            o.ftype = run["ftype"];
            o.imatrix = run.value("imatrix", false);
            if (run.contains("words"))
                for (const auto& w : [&] {
                         std::vector<std::string> v;
                         std::istringstream in(run["words"].get<std::string>());
                         for (std::string s; in >> s;)
                             v.push_back(s);
                         return v;
                     }())
                    o.overrides.push_back(ql::parseLlamaTypeOverride(w));
            if (run.contains("output_type"))
                o.outputTensorType = ql::ggmlTypeByName(run["output_type"].get<std::string>())->id;
            if (run.contains("embd_type"))
                o.tokenEmbeddingType = ql::ggmlTypeByName(run["embd_type"].get<std::string>())->id;
            o.pure = run.value("pure", false);
            o.leaveOutputTensor = run.value("leave_output", false);
            const std::string where = m["name"].get<std::string>() + ", " + o.ftype + (o.imatrix ? " with imatrix" : "");
            if (run.contains("error")) {
                bool threw = false;
                try {
                    ql::llamaQuantizeTypes(model, o);
                } catch (const ql::Error&) {
                    threw = true;
                }
                QVERIFY2(threw, ("llama-quantize stops here but QuantLens does not: " + where).c_str());
                continue;
            }
            // The goldens are dry runs, which flag a type needing an importance matrix instead of stopping.
            o.dryRun = true;
            const ql::LlamaQuantizeResult r = ql::llamaQuantizeTypes(model, o);
            std::map<std::string, uint32_t> got;
            for (const auto& t : r.tensors)
                got[t.ggufName] = t.type;
            QCOMPARE(got.size(), names.size());
            for (size_t i = 0; i < names.size(); ++i) {
                const std::string n = names[i];
                const std::string want = run["types"][i];
                QVERIFY2(got.count(n), (where + ": no tensor " + n).c_str());
                QVERIFY2(typeName(got[n]) == want, (where + ": " + n + " is " + typeName(got[n]) + ", llama-quantize writes " + want).c_str());
                ++tensors;
            }
            ++runs;
        }
    }
    QCOMPARE(runs, 335); // and one where llama-quantize stops (Q1_0 has no fallback for 64-wide rows)
    qInfo("%d runs, %d tensor types equal to llama-quantize's", runs, tensors);
}

void TestLlamaCpp::overridesAsTheCommandLineReadsThem()
{
    // The pattern is lower-cased and searched, the type parsed ignoring case.
    const auto o = ql::parseLlamaTypeOverride("BLK\\.1\\.FFN_DOWN=Q4_k");
    QCOMPARE(o.pattern, std::string("blk\\.1\\.ffn_down"));
    QCOMPARE(typeName(o.type), std::string("q4_K"));
    // Split at the first '=': the rest is the type.
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("a=b=q4_0"));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("attn_v"));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("=q4_0"));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("attn_v="));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("attn_v=q4_9"));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("attn_v=q8_K")); // a dot-product type, not a storage type
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseLlamaTypeOverride("attn_v(=q8_0")); // not a regular expression
    try {
        ql::parseLlamaTypeOverride("attn_v=q4_9", "types.txt");
        QFAIL("no error");
    } catch (const ql::Error& e) {
        QVERIFY(std::string(e.what()).find("types.txt") != std::string::npos);
        QVERIFY(std::string(e.what()).find("q4_9") != std::string::npos);
    }
}

void TestLlamaCpp::fallbacks()
{
    // llama-quantize's table, and F16 when the fallback does not fit either.
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q4_K, 64)), std::string("q5_0"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q4_K, 172)), std::string("f16"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q6_K, 96)), std::string("q8_0"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q5_K, 32)), std::string("q5_1"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q2_K, 128)), std::string("q4_0"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::IQ4_XS, 64)), std::string("iq4_nl"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q8_0, 40)), std::string("f16"));
    QCOMPARE(typeName(ql::llamaFallbackType(ql::ggml::Q4_K, 512)), std::string("q4_K"));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::llamaFallbackType(ql::ggml::Q1_0, 64));
}

void TestLlamaCpp::ftypeNames()
{
    QCOMPARE(std::string(ql::llamaFtype("q4_k_m").name), std::string("Q4_K_M"));
    QCOMPARE(ql::llamaFtype("Q4_K").id, 15); // the alias is the _M mix
    QCOMPARE(ql::llamaFtype("15").id, 15);
    QCOMPARE(std::string(ql::llamaFtype("15").name), std::string("Q4_K_M")); // a file's general.file_type reads as the mix, not its alias
    QCOMPARE(std::string(ql::llamaFtype("q4_k").name), std::string("Q4_K_M"));
    QCOMPARE(ql::llamaFtype("iq4_xs").defaultType, ql::ggml::IQ4_XS);
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::llamaFtype("Q4_K_X"));
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::llamaFtype("99"));
}

void TestLlamaCpp::planOfStories()
{
    // stories260K's rows are 64 and 172 wide: Q4_K_M falls back to Q5_0 and, for ffn_down, to F16 —
    // the file llama-quantize really writes (its attn_v in layers 2 and 4 gets Q6_K, then Q8_0).
    const ql::Model m = ql::open(std::string(QL_STORIES_DIR) + "/stories260K.gguf");
    ql::LlamaQuantizeOptions o;
    o.ftype = "Q4_K_M";
    const auto r = ql::llamaQuantizeTypes(m, o);
    const ql::Plan p = ql::llamaQuantizePlan(m, r);
    std::map<std::string, const ql::PlanEntry*> byName;
    for (const auto& e : p.entries)
        byName[e.name] = &e;
    QCOMPARE(byName.at("blk.0.ffn_down.weight")->spec, std::string("fp16"));
    QCOMPARE(byName.at("blk.0.ffn_down.weight")->reason, std::string("default;fallback:q4_K"));
    QCOMPARE(byName.at("blk.2.attn_v.weight")->spec, std::string("q8_0"));
    QCOMPARE(byName.at("blk.2.attn_v.weight")->reason, std::string("mixture;fallback:q6_K"));
    QCOMPARE(byName.at("blk.1.attn_q.weight")->spec, std::string("q5_0"));
    QCOMPARE(byName.at("output.weight")->spec, std::string("q8_0"));
    QCOMPARE(p.entries.size(), size_t(37)); // 48 tensors less the 11 norms
    QVERIFY(p.fullPrecision.empty());
    // The file's bytes: 5 × ffn_down F16 + 29 Q5_0 tensors + 3 Q8_0 tensors.
    // Without --dry-run, a type that needs an importance matrix stops llama-quantize, and QuantLens.
    o.ftype = "IQ2_XXS";
    const ql::Model big = fixtures::synthLlamaModel({});
    try {
        ql::llamaQuantizeTypes(big, o);
        QFAIL("no error");
    } catch (const ql::Error& e) {
        QVERIFY(std::string(e.what()).find("importance matrix") != std::string::npos);
    }
    o.imatrix = true;
    QCOMPARE(typeName(ql::llamaQuantizeTypes(big, o).tensors.back().type), std::string("iq2_xxs"));
    QCOMPARE(double(r.bytes), 5 * 64 * 172 * 2.0 + 200192 / 32 * 22.0 + 36864 / 32 * 34.0 + 11 * 64 * 4.0);
}

void TestLlamaCpp::exportIsWhatLlamaQuantizeWrites()
{
    // Real llama-quantize, given QuantLens's tensor-type file and command, wrote every planned tensor in
    // exactly its planned type (also plans named the Hugging Face way, and plans leaving the head to the mix).
    const auto golden = readGolden("llamacpp_export_golden.json");
    int plans = 0;
    for (const auto& m : golden["models"]) {
        const ql::Model model = fixtures::synthLlamaModel(configOf(m));
        for (const auto& g : m["plans"]) {
            const ql::Plan plan = ql::planFromJson(nlohmann::json { { "tensors", g["entries"] } }.dump(), "golden plan");
            const auto x = ql::llamaCppExport(plan);
            QCOMPARE(x.fileText(), g["file"].get<std::string>());
            const std::string cmd = g["command"];
            QVERIFY2(cmd.ends_with(" " + std::string(x.ftype.name)), cmd.c_str());
            for (const auto& e : g["entries"]) {
                const std::string gguf = ql::ggufTensorName(e["name"]);
                QCOMPARE(g["written"][gguf].get<std::string>(), e["type"].get<std::string>());
            }
            // QuantLens's model of llama-quantize agrees on every tensor, planned or not.
            ql::checkLlamaCppExport(plan, x, model);
            for (const auto& t : ql::llamaQuantizeTypes(model, x.options()).tensors)
                QCOMPARE(typeName(t.type), g["written"][t.ggufName].get<std::string>());
            ++plans;
        }
    }
    QCOMPARE(plans, 8);

    // A plan naming a tensor the model does not have is refused, naming the model and the tensor.
    fixtures::SynthLlama c;
    const ql::Model model = fixtures::synthLlamaModel(c);
    const ql::Plan wrong = ql::planFromJson(R"({"tensors": [{"name": "blk.0.attn_q.weight", "spec": "q4_k"},
        {"name": "model.layers.7.mlp.down_proj.weight", "spec": "q6_k"}]})", "wrong.json");
    try {
        ql::checkLlamaCppExport(wrong, ql::llamaCppExport(wrong), model);
        QFAIL("a plan for another model was accepted");
    } catch (const ql::Error& e) {
        QCOMPARE(e.code(), ql::ErrorCode::NoSuchTensor);
        QCOMPARE(e.file(), model.path);
        QVERIFY2(e.arg(0).find("layers.7") != std::string::npos || e.arg(0).find("blk.7") != std::string::npos, e.arg(0).c_str());
    }
}

void TestLlamaCpp::exactPatterns()
{
    // Lower-cased by llama-quantize and searched, the pattern matches exactly its own name.
    const std::vector<std::string> names { "blk.1.ffn_down.weight", "blk.11.ffn_down.weight", "Blk.1.FFN down=x.weight", "a+b(c).weight" };
    for (const auto& n : names) {
        const auto o = ql::parseLlamaTypeOverride(ql::llamaExactPattern(n) + "=q8_0");
        const std::regex re(o.pattern);
        for (const auto& other : names)
            QCOMPARE(std::regex_search(other, re), other == n);
        QVERIFY(ql::llamaExactPattern(n).find_first_of(" =") == std::string::npos);
    }
    // What the exporter refuses: a spec llama.cpp has no type for, a tensor llama-quantize keeps, rows a block
    // cannot hold (llama-quantize would fall back), and a 16-bit mix no quantized file type can carry.
    ql::Plan p;
    p.entries.push_back({ "blk.0.attn_q.weight", 64 * 64, "int4:g128", 4.125, 0, false, "rtn", {}, 64 });
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::llamaCppExport(p));
    p.entries[0] = { "blk.0.attn_norm.weight", 64, "q8_0", 8.5, 0, false, "rtn", {}, 64 };
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::llamaCppExport(p));
    p.entries[0] = { "blk.0.ffn_down.weight", 64 * 172, "q4_k", 4.5, 0, false, "rtn", {}, 172 };
    try {
        ql::llamaCppExport(p);
        QFAIL("no error");
    } catch (const ql::Error& e) {
        QVERIFY(std::string(e.what()).find("f16") != std::string::npos); // says what llama-quantize would write instead
    }
    p.entries[0] = { "blk.0.ffn_down.weight", 64 * 172, "fp16", 16, 0, false, "rtn", {}, 172 };
    p.entries.push_back({ "blk.0.ffn_up.weight", 64 * 172, "bf16", 16, 0, false, "rtn", {}, 64 });
    QVERIFY_THROWS_EXCEPTION(ql::Error, ql::llamaCppExport(p));
    p.entries.pop_back();
    QCOMPARE(std::string(ql::llamaCppExport(p).ftype.name), std::string("F16"));
}

QTEST_GUILESS_MAIN(TestLlamaCpp)
#include "test_llamacpp.moc"

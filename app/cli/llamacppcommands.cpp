#include "llamacppcommands.h"

#include "core/io/calibration.h"
#include "core/io/ggmltypes.h"
#include "core/io/model.h"
#include "core/plan/llamaquantize.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

namespace {

struct Options {
    std::string file, ftype, out, outputType, embdType, imatrix;
    std::vector<std::string> typeFiles, typeWords;
    bool pure = false, leaveOutput = false, allowRequantize = false, own = false, json = false;
};

uint32_t typeArgument(const std::string& name, const char* option)
{
    const auto t = ql::ggmlTypeByName(name);
    if (!t || !t->writable)
        throw ql::Error(ql::ErrorCode::BadSpec, {}, { name, std::string("not a type llama-quantize can write (") + option + ")",
            "Types: " + ql::ggmlWritableTypeNames() + "." });
    return t->id;
}

std::string typeName(uint32_t id) { return std::string(ql::ggmlType(id).value_or(ql::GgmlTypeInfo {}).name); }

void printSummary(const ql::Plan& p, const std::string& what)
{
    std::map<std::string, std::pair<int, int64_t>> byType;
    for (const auto& e : p.entries) {
        auto& [count, params] = byType[e.spec];
        ++count;
        params += e.parameters;
    }
    std::printf("%s: %zu tensors, %.4f bits per weight, %.0f bytes\n", what.c_str(), p.entries.size(), p.bitsPerWeight, p.bytes);
    for (const auto& [spec, cp] : byType)
        std::printf("  %-10s %4d tensors %12lld parameters\n", spec.c_str(), cp.first, (long long)cp.second);
    if (!p.fullPrecision.empty())
        std::printf("  %zu 2-D tensors stay as stored\n", p.fullPrecision.size());
}

int run(const Options& o)
{
    const ql::Model model = ql::open(o.file);
    ql::Plan plan;
    nlohmann::ordered_json detail = nlohmann::ordered_json::array();
    if (o.own) {
        if (!o.ftype.empty())
            throw ql::Error(ql::ErrorCode::BadSpec, {}, { "--own", "takes the file's own types: give no --ftype", "" });
        plan = ql::ggufOwnPlan(model);
        printSummary(plan, o.file + " as stored");
    } else {
        if (o.ftype.empty())
            throw ql::Error(ql::ErrorCode::BadSpec, {}, { "", "no file type", "Give --ftype (e.g. Q4_K_M), or --own for a quantized GGUF's own mix." });
        ql::LlamaQuantizeOptions q;
        q.ftype = o.ftype;
        for (const auto& f : o.typeFiles)
            for (auto& ov : ql::readLlamaTypeOverrides(f))
                q.overrides.push_back(std::move(ov));
        for (const auto& w : o.typeWords)
            q.overrides.push_back(ql::parseLlamaTypeOverride(w, "--tensor-type"));
        if (!o.outputType.empty())
            q.outputTensorType = typeArgument(o.outputType, "--output-tensor-type");
        if (!o.embdType.empty())
            q.tokenEmbeddingType = typeArgument(o.embdType, "--token-embedding-type");
        q.pure = o.pure;
        q.leaveOutputTensor = o.leaveOutput;
        q.allowRequantize = o.allowRequantize;
        q.imatrix = !o.imatrix.empty();
        const auto result = ql::llamaQuantizeTypes(model, q);
        if (q.imatrix)
            ql::checkImatrixMatches(result, ql::loadCalibrationAny(o.imatrix), o.imatrix);
        plan = ql::llamaQuantizePlan(model, result);
        for (const auto& t : result.tensors)
            detail.push_back({ { "name", t.ggufName }, { "type", typeName(t.type) }, { "reason", ql::llamaTypeReasonName(t.reason) },
                { "fallback_from", t.fallbackFrom ? nlohmann::ordered_json(typeName(*t.fallbackFrom)) : nlohmann::ordered_json() } });
        printSummary(plan, o.file + " as llama-quantize " + std::string(result.ftype.name) + " writes it");
    }
    if (!o.out.empty()) {
        ql::savePlan(plan, o.out);
        std::printf("-> %s\n", o.out.c_str());
    }
    if (o.json)
        std::cout << nlohmann::ordered_json { { "tensors", detail } }.dump(1) << "\n";
    return 0;
}

} // namespace

std::function<int()> addLlamaCppCommands(CLI::App& app)
{
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("llamacpp-plan", "The plan llama-quantize carries out with these arguments (or a GGUF's own type mix)");
    cmd->add_option("MODEL", o->file, "Model (GGUF, or safetensors with config.json)")->required();
    cmd->add_option("--ftype", o->ftype, "llama-quantize's file type: Q4_K_M, Q5_K_S, Q8_0, IQ4_XS, …");
    cmd->add_option("--tensor-type-file", o->typeFiles, "llama-quantize's --tensor-type-file (repeatable)");
    cmd->add_option("--tensor-type", o->typeWords, "PATTERN=TYPE, as llama-quantize's --tensor-type (repeatable)");
    cmd->add_option("--output-tensor-type", o->outputType, "Type of output.weight");
    cmd->add_option("--token-embedding-type", o->embdType, "Type of token_embd.weight");
    cmd->add_flag("--pure", o->pure, "No mixture rules: every quantized tensor gets the file type's default type");
    cmd->add_flag("--leave-output-tensor", o->leaveOutput, "Keep output.weight as stored");
    cmd->add_flag("--allow-requantize", o->allowRequantize, "Allow converting tensors that are already quantized");
    cmd->add_option("--imatrix", o->imatrix, "Importance matrix (llama.cpp imatrix or QuantLens calibration file): some mixes change with one");
    cmd->add_flag("--own", o->own, "The type mix the GGUF file already has");
    cmd->add_option("--out", o->out, "Plan file to write (JSON)");
    cmd->add_flag("--json", o->json, "Print every tensor's type and why it got it");
    return [o, cmd]() -> int { return cmd->parsed() ? run(*o) : -1; };
}

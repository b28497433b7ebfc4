#include "target.h"

#include "planner.h"

#include "core/quant/spec.h"
#include "core/util/error.h"

namespace ql {

namespace {
    struct TargetInfo {
        PlanTarget target;
        const char* key;
        const char* tool;
    };
    constexpr TargetInfo kTargets[] = {
        { PlanTarget::LlamaCpp, "llamacpp", "llama.cpp" },
        { PlanTarget::GptqModel, "gptqmodel", "GPTQModel" },
        { PlanTarget::LlmCompressor, "llmcompressor", "llm-compressor" },
        { PlanTarget::ModelOpt, "modelopt", "ModelOpt" },
        { PlanTarget::None, "none", "none" },
    };

    const TargetInfo& info(PlanTarget t)
    {
        for (const auto& i : kTargets)
            if (i.target == t)
                return i;
        return kTargets[4];
    }

    // Candidate sets. Names are English; the Plan tab translates them (QT_TRANSLATE_NOOP there).
    const CandidateSet kKQuants { "kquants", "llama.cpp k-quants", "q2_k,q3_k,q4_k,q5_k,q6_k,q8_0" };
    const CandidateSet kLlamaAll { "llamacpp-all", "llama.cpp: k-quants, legacy and i-quants",
        "q2_k,q3_k,q4_k,q5_k,q6_k,q8_0,q4_0,q4_1,q5_0,q5_1,iq4_xs,iq4_nl,iq3_s,iq3_xxs,iq2_s,fp16" };
    const CandidateSet kIQuants { "iquants", "llama.cpp i-quants", "iq2_s,iq3_xxs,iq3_s,iq4_xs,iq4_nl,q5_k,q6_k,q8_0" };
    const CandidateSet kIntRtn { "int", "Integer round-to-nearest",
        "int2:g64,int3:g64,int3:g128,int4:g64,int4:g128,int5:g128,int6:g128,int8:channel" };
    const CandidateSet kGptq { "gptq", "GPTQModel: 2, 3, 4 and 8 bits per group",
        "int2:g64,int3:g64,int3:g128,int4:g32,int4:g64,int4:g128,int8:channel,bf16" };
    const CandidateSet kCompressor { "compressed-tensors", "llm-compressor: INT4/INT8 and FP8",
        "int4:g32,int4:g64,int4:g128,int8:channel,fp8_e4m3:channel,bf16" };
    const CandidateSet kModelOpt { "modelopt", "ModelOpt: NVFP4, FP8, INT8, INT4",
        "nvfp4,int4:g128,int4:channel,int8:channel,fp8_e4m3:channel,fp8_e4m3:tensor,bf16" };
    const CandidateSet kFloats { "float", "NF4, FP8, MXFP4", "nf4,mxfp4,fp4_e2m1:g32,fp8_e4m3:channel,fp8_e5m2:channel,bf16" };
    const CandidateSet kBlockFloats { "blockfloat", "OCP MX and NVFP4", "mxfp4,nvfp4,mxfp6_e3m2,mxfp6_e2m3,mxfp8_e5m2,mxfp8_e4m3" };

    ExportFormat ownFormat(PlanTarget t)
    {
        switch (t) {
        case PlanTarget::LlamaCpp: return ExportFormat::LlamaCpp;
        case PlanTarget::GptqModel: return ExportFormat::GptqModel;
        case PlanTarget::LlmCompressor: return ExportFormat::LlmCompressor;
        case PlanTarget::ModelOpt: return ExportFormat::ModelOpt;
        case PlanTarget::None: break;
        }
        return ExportFormat::Csv;
    }
} // namespace

std::string planTargetKey(PlanTarget target) { return info(target).key; }

PlanTarget planTargetFromKey(const std::string& key)
{
    for (const auto& i : kTargets)
        if (key == i.key)
            return i.target;
    throw Error(ErrorCode::BadSpec, {}, { key, "unknown target", "Targets: llamacpp, gptqmodel, llmcompressor, modelopt, none." });
}

std::vector<PlanTarget> planTargets()
{
    std::vector<PlanTarget> out;
    for (const auto& i : kTargets)
        out.push_back(i.target);
    return out;
}

std::vector<CandidateSet> targetCandidateSets(PlanTarget target)
{
    switch (target) {
    case PlanTarget::LlamaCpp: return { kKQuants, kLlamaAll, kIQuants };
    case PlanTarget::GptqModel: return { kGptq };
    case PlanTarget::LlmCompressor: return { kCompressor };
    case PlanTarget::ModelOpt: return { kModelOpt };
    case PlanTarget::None: return { kIntRtn, kKQuants, kFloats, kIQuants, kBlockFloats };
    }
    return {};
}

bool targetUsesLlamaCppArithmetic(PlanTarget target) { return target == PlanTarget::LlamaCpp; }

std::vector<ExportFormat> targetExportFormats(PlanTarget target)
{
    std::vector<ExportFormat> out;
    if (target != PlanTarget::None)
        out.push_back(ownFormat(target));
    out.push_back(ExportFormat::Csv);
    out.push_back(ExportFormat::Markdown);
    return out;
}

void checkTargetSpecs(PlanTarget target, const std::vector<std::string>& specs)
{
    if (target == PlanTarget::None)
        return;
    for (const auto& text : specs) {
        // A one-tensor plan through the target's own export: exactly what an export of a real plan
        // would refuse. The tensor is a typical 2-D weight under the names the tool reads.
        PlanEntry e;
        e.name = target == PlanTarget::LlamaCpp ? "blk.0.ffn_down.weight" : "model.layers.0.mlp.down_proj.weight";
        e.parameters = 4096 * 4096;
        e.spec = parseSpec(text).toString();
        e.bitsPerWeight = 4;
        Plan p;
        p.entries.push_back(e);
        p.computeTotals();
        try {
            (void)exportPlan(p, ownFormat(target));
        } catch (const Error& err) {
            throw Error(ErrorCode::Unsupported, {}, { "spec " + e.spec + " cannot be written for " + info(target).tool + " ("
                    + (err.args().empty() ? std::string(err.what()) : err.args().back()) + ")" });
        }
    }
}

} // namespace ql

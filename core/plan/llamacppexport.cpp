#include "llamacppexport.h"

#include "export.h"

#include "core/io/ggmltypes.h"
#include "core/io/names.h"
#include "core/util/error.h"

#include <cctype>
#include <cstdio>
#include <map>

namespace ql {

namespace {
    std::string typeName(uint32_t t) { return std::string(ggmlType(t).value_or(GgmlTypeInfo {}).name); }

    /// The ftype whose default type is \p type (the _M mix where there are several).
    std::optional<LlamaFtype> ftypeFor(uint32_t type)
    {
        static const std::map<uint32_t, const char*> byType = { { ggml::Q4_0, "Q4_0" }, { ggml::Q4_1, "Q4_1" },
            { ggml::Q5_0, "Q5_0" }, { ggml::Q5_1, "Q5_1" }, { ggml::Q8_0, "Q8_0" }, { ggml::Q2_K, "Q2_K" }, { ggml::Q3_K, "Q3_K_M" },
            { ggml::Q4_K, "Q4_K_M" }, { ggml::Q5_K, "Q5_K_M" }, { ggml::Q6_K, "Q6_K" }, { ggml::IQ4_XS, "IQ4_XS" },
            { ggml::IQ4_NL, "IQ4_NL" }, { ggml::IQ3_S, "IQ3_S" }, { ggml::IQ3_XXS, "IQ3_XXS" }, { ggml::IQ2_XXS, "IQ2_XXS" },
            { ggml::IQ2_XS, "IQ2_XS" }, { ggml::IQ2_S, "IQ2_M" }, { ggml::IQ1_S, "IQ1_S" }, { ggml::IQ1_M, "IQ1_M" },
            { ggml::TQ1_0, "TQ1_0" }, { ggml::TQ2_0, "TQ2_0" }, { ggml::MXFP4, "MXFP4_MOE" }, { ggml::Q1_0, "Q1_0" },
            { ggml::Q2_0, "Q2_0" }, { ggml::F16, "F16" }, { ggml::BF16, "BF16" } };
        const auto it = byType.find(type);
        if (it == byType.end())
            return std::nullopt;
        return llamaFtype(it->second);
    }

    bool needsImportance(uint32_t t)
    {
        return t == ggml::IQ3_XXS || t == ggml::IQ2_XXS || t == ggml::IQ2_XS || t == ggml::IQ2_S || t == ggml::IQ1_M || t == ggml::IQ1_S;
    }

    /// Tensors llama-quantize never converts, told by name (plans hold only 2-D weights).
    bool converted(const std::string& n)
    {
        if (!n.ends_with("weight") || n.find("_norm.weight") != std::string::npos)
            return false;
        for (const char* s : { "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "position_embd.weight", "token_types.weight", "ssm_conv1d",
                 "altup", "laurel", "attn_rel_b.weight" })
            if (n.find(s) != std::string::npos)
                return false;
        return true;
    }
} // namespace

std::string llamaExactPattern(const std::string& name)
{
    std::string out = "^";
    for (unsigned char c : name) {
        char hex[8];
        // Upper case would be lower-cased away; white space would split the word; '=' would end the pattern.
        if (std::isupper(c) || std::isspace(c) || c == '=' || c < 0x20 || c >= 0x7F) {
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            if (std::string_view("\\^$.|?*+()[]{}").find(char(c)) != std::string_view::npos)
                out += '\\';
            out += char(c);
        }
    }
    return out + "$";
}

LlamaCppExport llamaCppExport(const Plan& plan)
{
    LlamaCppExport x;
    std::map<uint32_t, int64_t> quantizedParams, allParams;
    // Entries naming one expert of an expert stack ("NAME#e"): llama.cpp stores one type per tensor, so
    // such an entry exports only where the stack's own entry already gives that type (then it says nothing more).
    std::map<std::string, std::optional<uint32_t>> stackType;
    for (const auto& e : plan.entries)
        if (e.name.find('#') == std::string::npos)
            stackType[ggufTensorName(e.name)] = ggmlTypeForSpec(e.spec);
    for (const auto& e : plan.entries) {
        const auto type = ggmlTypeForSpec(e.spec);
        if (!type)
            throw Error(ErrorCode::Unsupported, {}, { "tensor '" + e.name + "' uses " + e.spec + ", which llama.cpp has no type for" });
        if (const size_t hash = e.name.rfind('#'); hash != std::string::npos) {
            const std::string stack = ggufTensorName(e.name.substr(0, hash));
            const auto it = stackType.find(stack);
            if (it != stackType.end() && it->second == type)
                continue;
            throw Error(ErrorCode::Unsupported, {},
                { "'" + e.name + "' plans one expert as " + typeName(*type) + ", but llama.cpp stores all experts of '" + stack
                    + "' in one type: plan the whole tensor instead" });
        }
        const std::string name = ggufTensorName(e.name);
        if (!converted(name))
            throw Error(ErrorCode::Unsupported, {}, { "tensor '" + name + "' is planned as " + typeName(*type) + ", but llama-quantize never converts it (it keeps its stored type)" });
        const int block = ggmlType(*type)->blockSize;
        if (e.rowLength > 0 && e.rowLength % block != 0)
            throw Error(ErrorCode::Unsupported, {}, { "tensor '" + name + "' is planned as " + typeName(*type) + ", whose blocks of " + std::to_string(block)
                + " values its rows of " + std::to_string(e.rowLength) + " cannot hold: llama-quantize would write " + typeName(llamaFallbackType(*type, e.rowLength)) });
        allParams[*type] += e.parameters;
        if (ggmlType(*type)->quantized)
            quantizedParams[*type] += e.parameters;
        x.needsImatrix |= needsImportance(*type) && name != "output.weight" && name != "token_embd.weight";
        if (name == "output.weight")
            x.outputType = *type;
        else if (name == "token_embd.weight")
            x.embeddingType = *type;
        else
            x.lines.emplace_back(name, *type);
    }
    // The file type: the quantized type holding most parameters (with a 16-bit file type llama-quantize
    // ignores every --tensor-type line).
    const auto& pool = quantizedParams.empty() ? allParams : quantizedParams;
    uint32_t base = ggml::Q8_0;
    int64_t most = -1;
    for (const auto& [t, n] : pool)
        if (n > most) {
            most = n;
            base = t;
        }
    if (quantizedParams.empty() && allParams.size() > 1)
        throw Error(ErrorCode::Unsupported, {}, { "a plan of f16 and bf16 tensors only: llama-quantize applies --tensor-type lines only with a quantized file type" });
    const auto f = ftypeFor(base);
    if (!f)
        throw Error(ErrorCode::Unsupported, {}, { "llama-quantize has no file type for " + typeName(base) });
    x.ftype = *f;
    if (!ggmlType(base)->quantized)
        x.lines.clear(); // a 16-bit file type converts every tensor to it; lines would be ignored
    return x;
}

std::string LlamaCppExport::fileText() const
{
    std::string t;
    for (const auto& [name, type] : lines)
        t += llamaExactPattern(name) + "=" + typeName(type) + "\n";
    return t;
}

std::string LlamaCppExport::command(const std::string& typeFile) const
{
    std::string c = "llama-quantize";
    if (!lines.empty())
        c += " --tensor-type-file " + typeFile;
    if (outputType)
        c += " --output-tensor-type " + typeName(*outputType);
    if (embeddingType)
        c += " --token-embedding-type " + typeName(*embeddingType);
    if (needsImatrix)
        c += " --imatrix IMATRIX.gguf";
    return c + " MODEL-F16.gguf OUT.gguf " + std::string(ftype.name);
}

LlamaQuantizeOptions LlamaCppExport::options() const
{
    LlamaQuantizeOptions o;
    o.ftype = std::string(ftype.name);
    for (const auto& [name, type] : lines)
        o.overrides.push_back(parseLlamaTypeOverride(llamaExactPattern(name) + "=" + typeName(type)));
    o.outputTensorType = outputType;
    o.tokenEmbeddingType = embeddingType;
    o.imatrix = needsImatrix;
    return o;
}

void checkLlamaCppExport(const Plan& plan, const LlamaCppExport& exported, const Model& model)
{
    const auto written = llamaQuantizeTypes(model, exported.options());
    std::map<std::string, uint32_t> typeOf;
    for (const auto& t : written.tensors) {
        typeOf[t.name] = t.type;
        typeOf[t.ggufName] = t.type;
    }
    for (const auto& e : plan.entries) {
        if (e.name.find('#') != std::string::npos)
            continue; // one expert of a stack: llamaCppExport admits it only in its stack's type
        auto it = typeOf.find(e.name);
        if (it == typeOf.end())
            it = typeOf.find(ggufTensorName(e.name)); // a plan named the Hugging Face way, for the GGUF converted from it
        if (it == typeOf.end())
            throw Error(ErrorCode::NoSuchTensor, model.path, { e.name });
        const uint32_t want = *ggmlTypeForSpec(e.spec);
        if (it->second != want)
            throw Error(ErrorCode::Unsupported, model.path, { "llama-quantize would write tensor '" + e.name + "' as " + typeName(it->second)
                + ", not as the planned " + typeName(want) });
    }
}

} // namespace ql

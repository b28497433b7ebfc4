#include "export.h"

#include "core/io/names.h"
#include "core/io/ggmltypes.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/spec.h"
#include "core/util/atomicfile.h"
#include "escape.h"
#include "llamacppexport.h"
#include "svg.h"
#include "core/util/error.h"
#include "core/util/guard.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>

namespace ql {

ExportFormat exportFormatFromName(const std::string& name)
{
    if (name == "llamacpp")
        return ExportFormat::LlamaCpp;
    if (name == "gptqmodel")
        return ExportFormat::GptqModel;
    if (name == "llmcompressor")
        return ExportFormat::LlmCompressor;
    if (name == "modelopt")
        return ExportFormat::ModelOpt;
    if (name == "csv")
        return ExportFormat::Csv;
    if (name == "markdown")
        return ExportFormat::Markdown;
    throw Error(ErrorCode::BadSpec, {}, { name, "unknown export format", "Formats: llamacpp, gptqmodel, llmcompressor, modelopt, csv, markdown." });
}

std::string escapeRegex(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return out;
}

std::string llamaCppTypeName(const std::string& specText)
{
    const auto t = ggmlTypeOfSpec(parseSpec(specText));
    return t ? std::string(ggmlType(*t)->name) : std::string();
}

namespace {
    std::string fmt(double v, const char* f = "%.6g")
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, f, v);
        return buf;
    }

    std::string moduleName(const std::string& tensor)
    {
        return tensor.ends_with(".weight") ? tensor.substr(0, tensor.size() - 7) : tensor;
    }

    ExportResult llamaCpp(const Plan& plan)
    {
        const LlamaCppExport x = llamaCppExport(plan);
        return { x.fileText(), x.command(kExportFilePlaceholder), {} };
    }

    /// JSON text is UTF-8: a name that is not cannot be written into a JSON export faithfully.
    void requireUtf8Names(const Plan& plan, const char* tool)
    {
        for (const auto& e : plan.entries)
            if (!isValidUtf8(e.name))
                throw Error(ErrorCode::Unsupported, {}, { "tensor '" + e.name + "': its name is not valid UTF-8, which a " + tool + " JSON file cannot hold" });
    }

    /// An entry "NAME#e" names one expert of a GGUF expert stack: the Hugging Face tools have a module
    /// per expert (model.layers.N.mlp.experts.E.*), never such a name.
    void requireNoStackExperts(const Plan& plan, const char* tool)
    {
        for (const auto& e : plan.entries) {
            const size_t hash = e.name.rfind('#');
            if (hash != std::string::npos && hash + 1 < e.name.size()
                && e.name.find_first_not_of("0123456789", hash + 1) == std::string::npos)
                throw Error(ErrorCode::Unsupported, {}, { "'" + e.name + "' names one expert of a GGUF expert tensor, which a " + tool
                    + " file cannot name (it takes the Hugging Face checkpoint's module of each expert)" });
        }
    }

    ExportResult gptqModel(const Plan& plan)
    {
        requireUtf8Names(plan, "GPTQModel");
        requireNoStackExperts(plan, "GPTQModel");
        nlohmann::ordered_json dynamic = nlohmann::ordered_json::object();
        std::map<std::string, int64_t> configs;
        for (const auto& e : plan.entries) {
            const QuantSpec s = parseSpec(e.spec);
            const std::string key = escapeRegex(moduleName(e.name));
            if (s.format == QFormat::FP16 || s.format == QFormat::BF16) {
                dynamic["-:^" + key + "$"] = nlohmann::ordered_json::object(); // left unquantized
                continue;
            }
            if (s.format != QFormat::Int || s.clip != ClipMethod::MinMax || s.rounding != Rounding::NearestEven
                || (s.granularity != Granularity::Group && s.granularity != Granularity::Channel))
                throw Error(ErrorCode::Unsupported, {}, { "tensor '" + e.name + "' uses " + e.spec
                    + ": GPTQModel takes integer specs per group or per channel (gN or channel)" });
            if (s.bits != 2 && s.bits != 3 && s.bits != 4 && s.bits != 8)
                throw Error(ErrorCode::Unsupported, {}, { "tensor '" + e.name + "' uses " + e.spec
                    + ": GPTQModel quantizes to 2, 3, 4 or 8 bits" });
            const int group = s.granularity == Granularity::Group ? s.group : -1;
            dynamic["+:^" + key + "$"] = { { "bits", s.bits }, { "group_size", group }, { "sym", s.symmetric } };
            configs["bits=" + std::to_string(s.bits) + " group_size=" + std::to_string(group)] += e.parameters;
        }
        ExportResult r;
        r.text = dynamic.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
        std::string base;
        int64_t most = -1;
        for (const auto& [c, n] : configs)
            if (n > most) {
                most = n;
                base = c;
            }
        r.advice = "QuantizeConfig(" + base + ", dynamic=<this file>)";
        return r;
    }

    /// llm-compressor: one config group per distinct spec, targets as exact `re:` patterns, tensors
    /// kept at 16 bits under `ignore`. Written as JSON, which YAML loaders read as YAML.
    ExportResult llmCompressor(const Plan& plan)
    {
        requireUtf8Names(plan, "llm-compressor");
        requireNoStackExperts(plan, "llm-compressor");
        nlohmann::ordered_json groups = nlohmann::ordered_json::object();
        nlohmann::ordered_json ignore = nlohmann::ordered_json::array();
        std::map<std::string, std::string> groupOf;
        for (const auto& e : plan.entries) {
            const QuantSpec s = parseSpec(e.spec);
            const std::string target = "re:^" + escapeRegex(moduleName(e.name)) + "$";
            if (s.format == QFormat::FP16 || s.format == QFormat::BF16) {
                ignore.push_back(target);
                continue;
            }
            nlohmann::ordered_json w;
            if (s.format == QFormat::Int && s.rounding == Rounding::NearestEven && s.clip == ClipMethod::MinMax) {
                w = { { "num_bits", s.bits }, { "type", "int" }, { "symmetric", s.symmetric } };
            } else if (s.format == QFormat::FP8_E4M3 && s.granularity != Granularity::None && s.granularity != Granularity::Group
                && s.clip == ClipMethod::MinMax) {
                w = { { "num_bits", 8 }, { "type", "float" }, { "symmetric", true } };
            } else {
                throw Error(ErrorCode::Unsupported, {}, { "tensor '" + e.name + "' uses " + e.spec
                    + ": llm-compressor recipes take integer (min-max) and FP8 E4M3 specs" });
            }
            switch (s.granularity) {
            case Granularity::Tensor: w["strategy"] = "tensor"; break;
            case Granularity::Channel: w["strategy"] = "channel"; break;
            case Granularity::Group:
                w["strategy"] = "group";
                w["group_size"] = s.group;
                break;
            default: break;
            }
            auto it = groupOf.find(e.spec);
            if (it == groupOf.end()) {
                const std::string name = "group_" + std::to_string(groupOf.size());
                it = groupOf.emplace(e.spec, name).first;
                groups[name] = { { "targets", nlohmann::ordered_json::array() }, { "weights", w } };
            }
            groups[it->second]["targets"].push_back(target);
        }
        nlohmann::ordered_json recipe;
        recipe["quant_stage"]["quant_modifiers"]["QuantizationModifier"] = { { "ignore", ignore }, { "config_groups", groups } };
        return { recipe.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n", "oneshot(model=..., recipe=\"<this file>\")", {} };
    }

    /// ModelOpt's mixed-precision checkpoint description, per quantized module.
    ExportResult modelOpt(const Plan& plan)
    {
        requireUtf8Names(plan, "ModelOpt");
        requireNoStackExperts(plan, "ModelOpt");
        nlohmann::ordered_json layers = nlohmann::ordered_json::object();
        for (const auto& e : plan.entries) {
            const QuantSpec s = parseSpec(e.spec);
            if (s.format == QFormat::FP16 || s.format == QFormat::BF16)
                continue; // left unquantized
            nlohmann::ordered_json l;
            // The names ModelOpt's export writes into hf_quant_config.json (process_layer_quant_config).
            if (s.format == QFormat::FP8_E4M3 && s.granularity == Granularity::Tensor)
                l["quant_algo"] = "FP8";
            else if (s.format == QFormat::FP8_E4M3 && s.granularity == Granularity::Channel)
                l["quant_algo"] = "FP8_PER_CHANNEL_PER_TOKEN";
            else if (s.format == QFormat::NVFP4)
                l = { { "quant_algo", "NVFP4" }, { "group_size", s.group } };
            else if (s.format == QFormat::Int && s.symmetric && s.bits == 8 && s.granularity == Granularity::Channel)
                l["quant_algo"] = "W8A16";
            else if (s.format == QFormat::Int && s.symmetric && s.bits == 4 && s.granularity == Granularity::Channel)
                l["quant_algo"] = "W4A16";
            else if (s.format == QFormat::Int && s.symmetric && s.bits == 4 && s.granularity == Granularity::Group)
                l = { { "quant_algo", "W4A16_AWQ" }, { "group_size", s.group } };
            else
                throw Error(ErrorCode::Unsupported, {}, { "tensor '" + e.name + "' uses " + e.spec
                    + ": ModelOpt takes NVFP4, FP8 E4M3 per tensor or channel, symmetric INT8 per channel and symmetric INT4 per "
                      "channel or group" });
            layers[moduleName(e.name)] = l;
        }
        nlohmann::ordered_json j;
        j["producer"] = { { "name", "quantlens" }, { "version", "1" } };
        j["quantization"] = { { "quant_algo", "MIXED_PRECISION" }, { "kv_cache_quant_algo", nullptr }, { "quantized_layers", layers } };
        return { j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n", "save as hf_quant_config.json beside the checkpoint", {} };
    }

    ExportResult csv(const Plan& plan)
    {
        ExportResult r;
        r.text = "name,parameters,spec,bits_per_weight,predicted_error,locked\n";
        for (const auto& e : plan.entries)
            r.text += csvField(e.name) + "," + std::to_string(e.parameters) + "," + csvField(e.spec) + "," + fmt(e.bitsPerWeight, "%.17g") + ","
                + fmt(e.predictedError, "%.17g") + "," + (e.locked ? "true" : "false") + "\n";
        return r;
    }

    ExportResult markdown(const Plan& plan, const SweepResult* sweep, const std::string& baseName)
    {
        ExportResult r;
        std::string& t = r.text;
        t += "# Quantization plan\n\n";
        t += "Model: " + markdownCode(plan.model) + "  \n";
        const char* kind = plan.budget.kind == Budget::Kind::BitsPerWeight ? "bits per weight"
            : plan.budget.kind == Budget::Kind::Bytes                       ? "bytes"
                                                                            : "maximum predicted error";
        t += std::string("Budget: ") + fmt(plan.budget.value) + " " + kind + "; objective: "
            + (plan.metric == PlanMetric::Output ? "layer-output error" : plan.metric == PlanMetric::EndToEnd ? "end-to-end KL divergence" : "weight error") + (plan.optimal ? "" : " (best found, not proven optimal)")
            + "\n\n";
        t += "| totals | |\n|---|---|\n";
        t += "| parameters | " + std::to_string(plan.parameters) + " |\n";
        t += "| bits per weight | " + fmt(plan.bitsPerWeight, "%.4f") + " |\n";
        t += "| bytes | " + fmt(plan.bytes, "%.0f") + " |\n";
        t += "| predicted error | " + fmt(plan.predictedError) + " |\n\n";
        if (sweep) {
            r.files.push_back({ baseName + ".pareto.svg", paretoSvg(paretoFrontier(*sweep, {}, plan.metric), plan) });
            r.files.push_back({ baseName + ".heatmap.svg", heatmapSvg(*sweep) });
            t += "![Pareto frontier (size against predicted error) with this plan](" + baseName + ".pareto.svg)\n\n";
            t += "![Sensitivity: relative MSE of every tensor under every candidate, log colour scale](" + baseName + ".heatmap.svg)\n\n";
        }
        t += "| tensor | parameters | spec | bits/weight | predicted error | locked |\n|---|---:|---|---:|---:|---|\n";
        for (const auto& e : plan.entries)
            t += "| " + markdownCode(e.name) + " | " + std::to_string(e.parameters) + " | " + e.spec + " | " + fmt(e.bitsPerWeight, "%.4f") + " | "
                + fmt(e.predictedError) + " | " + (e.locked ? "yes" : "") + " |\n";
        return r;
    }
} // namespace

ExportResult exportPlan(const Plan& plan, ExportFormat format, const SweepResult* sweep, const std::string& baseName)
{
    // Names come from files: whatever fails while rendering them leaves as a ql::Error.
    return guardReader({}, [&]() -> ExportResult {
        switch (format) {
        case ExportFormat::LlamaCpp: return llamaCpp(plan);
        case ExportFormat::GptqModel: return gptqModel(plan);
        case ExportFormat::LlmCompressor: return llmCompressor(plan);
        case ExportFormat::ModelOpt: return modelOpt(plan);
        case ExportFormat::Csv: return csv(plan);
        case ExportFormat::Markdown: return markdown(plan, sweep, baseName);
        }
        return {};
    });
}

std::string adviceFor(const ExportResult& result, const std::string& path)
{
    std::string a = result.advice;
    const std::string key = kExportFilePlaceholder;
    for (size_t at = a.find(key); at != std::string::npos; at = a.find(key, at + path.size()))
        a.replace(at, key.size(), path);
    return a;
}

void writeExport(const ExportResult& result, const std::string& path)
{
    const std::string dir = path.find('/') == std::string::npos ? std::string() : path.substr(0, path.find_last_of('/') + 1);
    for (const auto& [name, contents] : result.files)
        writeFileAtomically(dir + name, contents);
    writeFileAtomically(path, result.text);
}

} // namespace ql

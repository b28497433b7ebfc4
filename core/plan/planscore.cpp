#include "planscore.h"

#include "core/io/ggmltypes.h"
#include "core/io/names.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace ql {

namespace {
    std::string canonical(const std::string& spec)
    {
        if (spec.empty())
            return {};
        try {
            return parseSpec(spec).toString();
        } catch (const Error&) {
            return spec;
        }
    }

    double typeBits(uint32_t type)
    {
        const auto t = ggmlType(type);
        return t && t->blockSize > 0 ? 8.0 * t->typeSize / t->blockSize : 32.0;
    }

    /// The sweep's cell that measured \p type on row \p row: the type's own cell, or the cell of
    /// \p from (the type chosen before a fallback) or of any spec whose fallback it is.
    const SweepCell* cellFor(const SweepResult& sweep, const SweepRow& row, const std::string& spec, const std::string& from)
    {
        const SweepCell* viaFallback = nullptr;
        for (size_t k = 0; k < sweep.specs.size() && k < row.cells.size(); ++k) {
            const SweepCell& c = row.cells[k];
            if (!c.skipped.empty())
                continue;
            if (sweep.specs[k] == spec && c.fallback.empty())
                return &c;
            if (!c.fallback.empty() && canonical(c.fallback) == spec && (!viaFallback || sweep.specs[k] == from))
                viaFallback = &c;
        }
        return viaFallback;
    }

    struct Tally {
        double params = 0, bits = 0, error = 0;
        std::vector<std::string> missing;
        void add(const SweepRow& row, double bpw, double err)
        {
            params += double(row.parameters);
            bits += double(row.parameters) * bpw;
            error += err;
        }
        void miss(const std::string& spec)
        {
            if (std::find(missing.begin(), missing.end(), spec) == missing.end())
                missing.push_back(spec);
        }
        void finish(PresetPoint& p) const
        {
            p.bitsPerWeight = params > 0 ? bits / params : 0;
            p.predictedError = error;
            p.missingSpecs = missing;
        }
    };

    /// Adds row \p row stored as \p type (or kept as \p source) to \p tally.
    void tallyType(Tally& tally, const SweepResult& sweep, const SweepRow& row, uint32_t type, uint32_t source,
        std::optional<uint32_t> fallbackFrom, bool kept, PlanMetric metric)
    {
        if (kept || type == source) {
            tally.add(row, typeBits(type), 0.0); // written as stored: nothing changes
            return;
        }
        const std::string spec = canonical(specForGgmlType(type));
        if (spec.empty()) {
            const auto t = ggmlType(type);
            tally.miss(t ? std::string(t->name) : std::to_string(type));
            return;
        }
        const std::string from = fallbackFrom ? canonical(specForGgmlType(*fallbackFrom)) : std::string();
        const SweepCell* c = cellFor(sweep, row, spec, from);
        const double err = c ? sweepCellError(*c, metric) : std::nan("");
        if (!c || !std::isfinite(err)) {
            tally.miss(spec);
            return;
        }
        tally.add(row, c->bitsPerWeight, err);
    }
} // namespace

PresetPoint scoreLlamaTypes(const LlamaQuantizeResult& result, const SweepResult& sweep, PlanMetric metric)
{
    PresetPoint p;
    p.name = std::string(result.ftype.name);
    std::unordered_map<std::string, const LlamaTensorType*> byName;
    for (const auto& t : result.tensors) {
        byName.emplace(t.name, &t);
        byName.emplace(t.ggufName, &t);
    }
    Tally tally;
    for (const auto& row : sweep.rows) {
        const auto it = byName.find(row.name);
        if (it == byName.end()) {
            p.skipped = "the sweep's tensor '" + row.name + "' is not in the model";
            return p;
        }
        const LlamaTensorType& t = *it->second;
        tallyType(tally, sweep, row, t.type, t.sourceType, t.fallbackFrom, t.reason == LlamaTypeReason::Kept, metric);
    }
    tally.finish(p);
    return p;
}

std::vector<PresetPoint> llamaPresetPoints(const Model& model, const SweepResult& sweep, PlanMetric metric, bool imatrix)
{
    std::vector<PresetPoint> out;
    for (const auto& ftype : llamaPresetFtypes()) {
        LlamaQuantizeOptions o;
        o.ftype = ftype;
        o.imatrix = imatrix;
        o.dryRun = true; // a tensor needing an importance matrix is flagged, not refused
        o.allowRequantize = true;
        PresetPoint p;
        p.name = ftype;
        try {
            const LlamaQuantizeResult r = llamaQuantizeTypes(model, o);
            if (std::any_of(r.tensors.begin(), r.tensors.end(), [](const LlamaTensorType& t) { return t.requiresImatrix; })) {
                p.skipped = "needs an importance matrix";
            } else {
                p = scoreLlamaTypes(r, sweep, metric);
            }
        } catch (const Error& e) {
            p.skipped = e.args().empty() ? e.what() : e.args().front();
        }
        out.push_back(std::move(p));
    }
    return out;
}

PresetPoint scoreGgufOwnMix(const Model& quantized, const Model& original, const SweepResult& sweep, PlanMetric metric)
{
    if (quantized.format != Format::Gguf)
        throw Error(ErrorCode::Unsupported, quantized.path, { "reading a file's own type mix (only GGUF files carry one)" });
    PresetPoint p;
    const auto slash = quantized.path.find_last_of('/');
    p.name = slash == std::string::npos ? quantized.path : quantized.path.substr(slash + 1);
    std::unordered_map<std::string, const TensorInfo*> byName, originals;
    for (const auto& t : quantized.tensors)
        byName.emplace(t.name, &t);
    for (const auto& t : original.tensors)
        originals.emplace(t.name, &t);
    Tally tally;
    for (const auto& row : sweep.rows) {
        auto it = byName.find(row.name);
        if (it == byName.end())
            it = byName.find(ggufTensorName(row.name));
        if (it == byName.end())
            throw Error(ErrorCode::NoSuchTensor, quantized.path, { row.name });
        const TensorInfo& t = *it->second;
        if (t.parameters != row.parameters)
            throw Error(ErrorCode::Unsupported, quantized.path, { "tensor '" + t.name + "' has " + std::to_string(t.parameters)
                    + " values where the sweep's model has " + std::to_string(row.parameters) + ": the file is not a quantization of the swept model" });
        const uint32_t type = ggmlTypeOfDType(t.dtype).value_or(ggml::F32);
        const auto o = originals.find(row.name);
        const uint32_t source = o == originals.end() ? ggml::F32 : ggmlTypeOfDType(o->second->dtype).value_or(ggml::F32);
        // The sweep measured each spec against the original's values: a tensor stored as the
        // original stores it is unchanged; any other type is looked up in the sweep.
        tallyType(tally, sweep, row, type, source, std::nullopt, false, metric);
    }
    tally.finish(p);
    return p;
}

} // namespace ql

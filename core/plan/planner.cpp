#include "planner.h"

#include "export.h"

#include "core/quant/modelquant.h"

#include "mckp.h"

#include "core/quant/spec.h"
#include "core/util/atomicfile.h"
#include "core/util/error.h"
#include "core/util/guard.h"
#include "core/util/jsonparse.h"
#include "core/util/regex.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace ql {

void Plan::computeTotals()
{
    parameters = 0;
    bits = 0;
    predictedError = 0;
    std::map<std::string, const PlanEntry*> byName;
    for (const auto& e : entries)
        byName.emplace(e.name, &e);
    for (const auto& e : entries) {
        // An entry naming one expert of a stack the plan also names ("NAME#e"): its values are part of
        // the stack's, in its own width instead of the stack's.
        const size_t hash = e.name.rfind('#');
        const auto stack = hash == std::string::npos ? byName.end() : byName.find(e.name.substr(0, hash));
        if (stack != byName.end()) {
            bits += double(e.parameters) * (e.bitsPerWeight - stack->second->bitsPerWeight);
            predictedError += e.predictedError;
            continue;
        }
        parameters += e.parameters;
        bits += double(e.parameters) * e.bitsPerWeight;
        predictedError += e.predictedError;
    }
    bitsPerWeight = parameters ? bits / double(parameters) : 0.0;
    bytes = bits / 8.0;
}

double sweepCellError(const SweepCell& c, PlanMetric metric)
{
    if (metric == PlanMetric::EndToEnd)
        return c.endToEnd;
    return metric == PlanMetric::Output && std::isfinite(c.outputRelErr) ? c.outputRelErr : c.relMse;
}

namespace {
    double cellError(const SweepCell& c, PlanMetric metric) { return sweepCellError(c, metric); }

    /// A group of tensors that share a spec (a single tensor unless tied), with its allowed options.
    struct Group {
        std::vector<size_t> rows;
        std::vector<size_t> specs; ///< indices into sweep.specs allowed for every member
        bool locked = false;
    };

    std::vector<Group> buildGroups(const SweepResult& sweep, const PlanConstraints& c, PlanMetric metric)
    {
        const size_t nSpecs = sweep.specs.size();
        auto compile = [](const std::string& p) { return Regex(p); }; // PCRE2: no recursion on long names
        // Per row: allowed specs after locks, minimum widths and role restrictions.
        std::vector<std::vector<bool>> allowed(sweep.rows.size(), std::vector<bool>(nSpecs, true));
        std::vector<bool> locked(sweep.rows.size(), false);
        for (size_t r = 0; r < sweep.rows.size(); ++r) {
            const auto& row = sweep.rows[r];
            for (size_t k = 0; k < nSpecs; ++k) {
                const SweepCell& cell = row.cells[k];
                if (!cell.skipped.empty() || !std::isfinite(cellError(cell, metric)))
                    allowed[r][k] = false;
            }
            for (const auto& [role, specs] : c.roleSpecs)
                if (row.role == role)
                    for (size_t k = 0; k < nSpecs; ++k)
                        if (std::find(specs.begin(), specs.end(), sweep.specs[k]) == specs.end())
                            allowed[r][k] = false;
        }
        for (const auto& m : c.minBits) {
            const Regex re = compile(m.pattern);
            for (size_t r = 0; r < sweep.rows.size(); ++r)
                if (re.search(sweep.rows[r].name))
                    for (size_t k = 0; k < nSpecs; ++k)
                        if (sweep.rows[r].cells[k].bitsPerWeight < m.bits)
                            allowed[r][k] = false;
        }
        for (const auto& l : c.locks) {
            const std::string canonical = parseSpec(l.spec).toString();
            const auto it = std::find(sweep.specs.begin(), sweep.specs.end(), canonical);
            if (it == sweep.specs.end())
                throw Error(ErrorCode::BadSpec, {}, { l.spec, "a lock names a spec the sweep did not measure",
                    "Lock to one of the sweep's specs or sweep it too." });
            const Regex re = compile(l.pattern);
            for (size_t r = 0; r < sweep.rows.size(); ++r)
                if (re.search(sweep.rows[r].name)) {
                    for (size_t k = 0; k < nSpecs; ++k)
                        allowed[r][k] = allowed[r][k] && sweep.specs[k] == canonical;
                    locked[r] = true;
                }
        }
        // Rows that no swept spec can hold at all stay at full precision: they join no group.
        std::vector<int> groupOf(sweep.rows.size(), -1);
        for (size_t r = 0; r < sweep.rows.size(); ++r) {
            bool any = false;
            for (const auto& cell : sweep.rows[r].cells)
                any = any || (cell.skipped.empty() && std::isfinite(cellError(cell, metric)));
            if (!any)
                groupOf[r] = -2;
        }
        // Tie groups: rows whose match of a tie pattern is the same string share a spec.
        std::vector<Group> groups;
        for (const auto& t : c.ties) {
            const Regex re = compile(t);
            std::map<std::string, int> byKey;
            for (size_t r = 0; r < sweep.rows.size(); ++r) {
                if (groupOf[r] != -1)
                    continue;
                const auto m = re.captures(sweep.rows[r].name);
                if (!m)
                    continue;
                std::string key;
                for (const auto& g : *m)
                    key += g + '\x1f';
                const auto it = byKey.find(key);
                if (it == byKey.end()) {
                    byKey[key] = int(groups.size());
                    groupOf[r] = int(groups.size());
                    groups.push_back({ { r }, {}, false });
                } else {
                    groupOf[r] = it->second;
                    groups[size_t(it->second)].rows.push_back(r);
                }
            }
        }
        for (size_t r = 0; r < sweep.rows.size(); ++r)
            if (groupOf[r] == -1) {
                groupOf[r] = int(groups.size());
                groups.push_back({ { r }, {}, false });
            }
        for (auto& g : groups) {
            for (size_t k = 0; k < nSpecs; ++k) {
                bool ok = true;
                for (size_t r : g.rows)
                    ok = ok && allowed[r][k];
                if (ok)
                    g.specs.push_back(k);
            }
            for (size_t r : g.rows)
                g.locked = g.locked || locked[r];
            if (g.specs.empty())
                throw Error(ErrorCode::Infeasible, {}, { "the constraints leave tensor '" + sweep.rows[g.rows.front()].name + "' no spec",
                    "Relax a lock, a minimum width, a tie or a role restriction." });
        }
        return groups;
    }

    std::vector<std::vector<McOption>> groupOptions(const SweepResult& sweep, const std::vector<Group>& groups, PlanMetric metric)
    {
        std::vector<std::vector<McOption>> items;
        for (const auto& g : groups) {
            std::vector<McOption> opts;
            for (size_t k : g.specs) {
                McOption o;
                for (size_t r : g.rows) {
                    const auto& cell = sweep.rows[r].cells[k];
                    o.weight += double(sweep.rows[r].parameters) * cell.bitsPerWeight;
                    o.cost += cellError(cell, metric);
                }
                opts.push_back(o);
            }
            items.push_back(std::move(opts));
        }
        return items;
    }
} // namespace

Plan solvePlan(const SweepResult& sweep, const Budget& budget, const PlanConstraints& constraints, PlanMetric metric)
{
    const auto groups = buildGroups(sweep, constraints, metric);
    auto items = groupOptions(sweep, groups, metric);
    int64_t params = 0;
    for (const auto& g : groups)
        for (size_t r : g.rows)
            params += sweep.rows[r].parameters;
    McSolution sol;
    if (budget.kind == Budget::Kind::MaxError) {
        // Smallest plan under an error target: the same problem with weight and cost swapped.
        auto swapped = items;
        for (auto& opts : swapped)
            for (auto& o : opts)
                std::swap(o.weight, o.cost);
        sol = solveMckp(swapped, budget.value);
    } else {
        const double capacity = budget.kind == Budget::Kind::Bytes ? budget.value * 8.0 : budget.value * double(params);
        sol = solveMckp(items, capacity);
    }
    if (!sol.feasible) {
        // Say how small a plan these constraints allow, so the user knows what budget would work.
        double minBits = 0, minError = 0;
        for (const auto& opts : items) {
            double w = std::numeric_limits<double>::infinity(), e = std::numeric_limits<double>::infinity();
            for (const auto& o : opts) {
                w = std::min(w, o.weight);
                e = std::min(e, o.cost);
            }
            minBits += w;
            minError += e;
        }
        char buf[160];
        if (budget.kind == Budget::Kind::MaxError)
            std::snprintf(buf, sizeof buf, "a plan under this error target: the most accurate plan allowed predicts %.6g", minError);
        else
            std::snprintf(buf, sizeof buf, "a plan within this budget: the smallest plan allowed has %.4f bits per weight (%.0f bytes)",
                params ? minBits / double(params) : 0.0, minBits / 8);
        throw Error(ErrorCode::Unsupported, {}, { buf });
    }
    Plan plan;
    plan.model = sweep.model;
    plan.modelBytes = sweep.modelBytes;
    plan.budget = budget;
    plan.metric = metric;
    plan.optimal = sol.optimal;
    std::vector<std::optional<PlanEntry>> entries(sweep.rows.size());
    for (size_t gi = 0; gi < groups.size(); ++gi) {
        const size_t k = groups[gi].specs[size_t(sol.choice[gi])];
        for (size_t r : groups[gi].rows) {
            const auto& row = sweep.rows[r];
            const SweepCell& cell = row.cells[k];
            // A llama.cpp fallback cell is planned as the type llama-quantize really writes.
            entries[r] = PlanEntry { row.name, row.parameters, cell.fallback.empty() ? sweep.specs[k] : cell.fallback, cell.bitsPerWeight,
                cellError(cell, metric), groups[gi].locked, cell.method,
                cell.fallback.empty() ? std::string() : "fallback:" + llamaCppTypeName(sweep.specs[k]), row.rowLength };
        }
    }
    for (size_t r = 0; r < sweep.rows.size(); ++r) {
        if (entries[r])
            plan.entries.push_back(*entries[r]);
        else
            plan.fullPrecision.push_back(sweep.rows[r].name);
    }
    plan.computeTotals();
    return plan;
}

std::vector<FrontierPoint> paretoFrontier(const SweepResult& sweep, const PlanConstraints& constraints, PlanMetric metric)
{
    const auto groups = buildGroups(sweep, constraints, metric);
    int64_t params = 0;
    for (const auto& g : groups)
        for (size_t r : g.rows)
            params += sweep.rows[r].parameters;
    std::vector<FrontierPoint> out;
    for (const auto& p : convexFrontier(groupOptions(sweep, groups, metric)))
        out.push_back({ params ? p.weight / double(params) : 0.0, p.cost });
    return out;
}

namespace {
    using json = nlohmann::ordered_json;

    std::string budgetKind(Budget::Kind k)
    {
        switch (k) {
        case Budget::Kind::BitsPerWeight: return "bits_per_weight";
        case Budget::Kind::Bytes: return "bytes";
        case Budget::Kind::MaxError: return "max_error";
        }
        return "bits_per_weight";
    }
}

std::string planToJson(const Plan& p)
{
    json j;
    j["format"] = "quantlens-plan";
    j["version"] = 1;
    j["model"] = { { "path", p.model }, { "bytes", p.modelBytes } };
    j["budget"] = { { "kind", budgetKind(p.budget.kind) }, { "value", p.budget.value } };
    j["objective"] = p.metric == PlanMetric::Output ? "output" : p.metric == PlanMetric::EndToEnd ? "e2e" : "weight";
    j["optimal"] = p.optimal;
    json tensors = json::array();
    for (const auto& e : p.entries) {
        json t { { "name", e.name }, { "parameters", e.parameters }, { "spec", e.spec }, { "bits_per_weight", e.bitsPerWeight },
            { "predicted_error", e.predictedError }, { "locked", e.locked } };
        if (e.method != "rtn")
            t["method"] = e.method;
        if (!e.reason.empty())
            t["reason"] = e.reason;
        if (e.rowLength > 0)
            t["row_length"] = e.rowLength;
        tensors.push_back(std::move(t));
    }
    j["tensors"] = std::move(tensors);
    if (!p.fullPrecision.empty())
        j["full_precision"] = p.fullPrecision;
    j["totals"] = { { "parameters", p.parameters }, { "bits_per_weight", p.bitsPerWeight }, { "bytes", p.bytes },
        { "predicted_error", p.predictedError } };
    // 17 significant digits: doubles round-trip exactly.
    std::ostringstream os;
    os.precision(17);
    os << j.dump(1, ' ', false, json::error_handler_t::replace) << "\n";
    return os.str();
}

namespace {
Plan planFromJsonUnguarded(const std::string& text, const std::string& source, const LoadLimits& limits)
{
    try {
        const json j = parseJsonBounded(text, source, limits, limits.maxDocumentBytes);
        if (!j.is_object() || !j.contains("tensors") || !j["tensors"].is_array())
            throw Error(ErrorCode::BadHeader, source, { "a plan needs a \"tensors\" array" });
        if (j.contains("format") && j["format"] != "quantlens-plan")
            throw Error(ErrorCode::BadHeader, source, { "not a QuantLens plan (\"format\" is not \"quantlens-plan\")" });
        Plan p;
        if (j.contains("model") && j["model"].is_object()) {
            p.model = j["model"].value("path", "");
            p.modelBytes = uint64_t(jsonIntOr(j["model"], "bytes", 0, source, 0));
        }
        if (j.contains("budget") && j["budget"].is_object()) {
            const std::string kind = j["budget"].value("kind", "bits_per_weight");
            p.budget.kind = kind == "bytes" ? Budget::Kind::Bytes : kind == "max_error" ? Budget::Kind::MaxError : Budget::Kind::BitsPerWeight;
            p.budget.value = j["budget"].value("value", 0.0);
        }
        const std::string objective = j.value("objective", "weight");
        p.metric = objective == "output" ? PlanMetric::Output : objective == "e2e" ? PlanMetric::EndToEnd : PlanMetric::Weight;
        p.optimal = j.value("optimal", true);
        for (const auto& t : j["tensors"]) {
            PlanEntry e;
            e.name = t.at("name").get<std::string>();
            e.spec = parseSpec(t.at("spec").get<std::string>()).toString();
            e.parameters = jsonIntOr(t, "parameters", 0, source);
            e.bitsPerWeight = t.value("bits_per_weight", bitsPerWeight(parseSpec(e.spec)));
            e.predictedError = t.value("predicted_error", 0.0);
            e.locked = t.value("locked", false);
            e.method = quantMethodName(parseQuantMethod(t.value("method", std::string("rtn"))));
            e.reason = t.value("reason", std::string());
            e.rowLength = jsonIntOr(t, "row_length", 0, source);
            if (e.parameters < 0 || !(e.bitsPerWeight > 0 && e.bitsPerWeight <= 128) || !std::isfinite(e.predictedError))
                throw Error(ErrorCode::BadHeader, source, { "tensor '" + e.name + "' has " + std::to_string(e.parameters) + " parameters at "
                    + std::to_string(e.bitsPerWeight) + " bits per weight" });
            p.entries.push_back(std::move(e));
        }
        if (j.contains("full_precision"))
            p.fullPrecision = j["full_precision"].get<std::vector<std::string>>();
        p.computeTotals();
        return p;
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BadJson, source, { e.what() });
    } catch (const Error& e) {
        if (e.file().empty()) // a spec or method that does not parse: say which file it is in
            throw Error(e.code(), source, e.args());
        throw;
    }
}
} // namespace

Plan planFromJson(const std::string& text, const std::string& source, const LoadLimits& limits)
{
    return guardReader(source, [&] { return planFromJsonUnguarded(text, source, limits); });
}

void savePlan(const Plan& plan, const std::string& path) { writeFileAtomically(path, planToJson(plan)); }

Plan loadPlan(const std::string& path, const LoadLimits& limits)
{
    return guardReader(path, [&] {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw Error(ErrorCode::CannotOpen, path, { "cannot read the plan" });
        in.seekg(0, std::ios::end);
        checkLimit(path, limit::HeaderBytes, uint64_t(std::max<std::streamoff>(in.tellg(), 0)), limits.maxDocumentBytes);
        in.seekg(0);
        std::stringstream ss;
        ss << in.rdbuf();
        return planFromJson(ss.str(), path, limits);
    });
}

} // namespace ql

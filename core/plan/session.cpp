#include "session.h"

#include "core/analysis/sweepjournal.h"

#include "core/util/atomicfile.h"
#include "core/util/error.h"
#include "core/util/guard.h"
#include "core/util/jsonparse.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace ql {

namespace {
    using json = nlohmann::ordered_json;
    constexpr const char* kFormat = "quantlens-session";

} // namespace

void saveSession(const Session& s, const std::string& path)
{
    json j;
    j["format"] = kFormat;
    j["version"] = 1;
    j["model"] = { { "path", s.modelPath }, { "bytes", s.modelBytes }, { "header_hash", s.modelHeaderHash } };
    if (!s.calibrationPath.empty())
        j["calibration"] = s.calibrationPath;
    j["plan"] = { { "target", s.target }, { "candidates", s.candidates }, { "budget_bpw", s.budgetBitsPerWeight } };
    json locks = json::array();
    for (const auto& [name, spec] : s.locks)
        locks.push_back({ { "name", name }, { "spec", spec } });
    j["plan"]["locks"] = std::move(locks);
    if (s.sweep) {
        json rows = json::array();
        for (const auto& r : s.sweep->rows)
            rows.push_back(json::parse(sweepRowJson(r)));
        j["sweep"] = { { "model", s.sweep->model }, { "model_bytes", s.sweep->modelBytes }, { "specs", s.sweep->specs }, { "tensors", std::move(rows) } };
        if (!s.sweepComplete)
            j["sweep"]["complete"] = false;
    }
    j["view"] = { { "tensor", s.selectedTensor }, { "tab", s.tab } };
    if (!s.viewSettings.empty())
        j["view"]["settings"] = s.viewSettings;
    writeFileAtomically(path, j.dump(1, ' ', false, json::error_handler_t::replace) + "\n");
}

Session loadSession(const std::string& path, const LoadLimits& limits)
{
    return guardReader(path, [&] {
        const json j = readJsonFile(path, limits, limits.maxDocumentBytes);
        try {
            if (!j.is_object() || j.value("format", "") != kFormat)
                throw Error(ErrorCode::BadHeader, path, { "not a QuantLens session (\"format\": \"quantlens-session\" missing)" });
            if (!j.contains("version") || !j["version"].is_number_integer() || j["version"] != 1)
                throw Error(ErrorCode::BadHeader, path, { "session version " + j.value("version", json()).dump() + " (this QuantLens reads version 1)" });
            Session s;
            const json& m = j.at("model");
            s.modelPath = m.at("path").get<std::string>();
            s.modelBytes = uint64_t(jsonIntOr(m, "bytes", 0, path, 0));
            s.modelHeaderHash = m.value("header_hash", "");
            s.calibrationPath = j.value("calibration", "");
            if (j.contains("plan")) {
                const json& p = j.at("plan");
                s.target = p.value("target", "none");
                s.candidates = p.value("candidates", "");
                s.budgetBitsPerWeight = p.value("budget_bpw", 0.0);
                if (!std::isfinite(s.budgetBitsPerWeight) || s.budgetBitsPerWeight < 0 || s.budgetBitsPerWeight > 128)
                    throw Error(ErrorCode::BadHeader, path, { "a budget of " + std::to_string(s.budgetBitsPerWeight) + " bits per weight" });
                for (const auto& l : p.value("locks", json::array()))
                    s.locks[l.at("name").get<std::string>()] = l.at("spec").get<std::string>();
            }
            if (j.contains("sweep")) {
                const json& w = j.at("sweep");
                SweepResult r;
                r.model = w.value("model", "");
                r.modelBytes = uint64_t(jsonIntOr(w, "model_bytes", 0, path, 0));
                r.specs = w.at("specs").get<std::vector<std::string>>();
                checkLimit(path, limit::Tensors, w.at("tensors").size(), limits.maxTensors);
                for (const auto& row : w.at("tensors"))
                    r.rows.push_back(parseSweepRow(row.dump(), path, r.specs));
                validateSweepRows(r, path);
                if (w.contains("complete") && !w["complete"].is_boolean())
                    throw Error(ErrorCode::BadHeader, path, { "\"complete\" of the sweep is not true or false" });
                s.sweepComplete = w.value("complete", true);
                for (const auto& [name, spec] : s.locks)
                    if (std::find(r.specs.begin(), r.specs.end(), spec) == r.specs.end())
                        throw Error(ErrorCode::BadHeader, path, { "tensor '" + name + "' is locked to " + spec + ", which the session's sweep did not measure" });
                s.sweep = std::move(r);
            }
            if (j.contains("view")) {
                s.selectedTensor = j.at("view").value("tensor", "");
                s.tab = j.at("view").value("tab", "");
                if (j.at("view").contains("settings")) {
                    const json& all = j.at("view").at("settings");
                    if (!all.is_object())
                        throw Error(ErrorCode::BadHeader, path, { "\"settings\" of \"view\" is not an object of views" });
                    for (const auto& [view, settings] : all.items()) {
                        if (!settings.is_object())
                            throw Error(ErrorCode::BadHeader, path, { "the settings of view '" + view + "' are not an object" });
                        checkLimit(path, limit::Tensors, settings.size(), limits.maxTensors, view);
                        auto& out = s.viewSettings[view];
                        for (const auto& [name, value] : settings.items()) {
                            if (!value.is_string())
                                throw Error(ErrorCode::BadHeader, path, { "setting '" + name + "' of view '" + view + "' is not a string" });
                            out[name] = value.get<std::string>();
                        }
                    }
                }
            }
            return s;
        } catch (const json::exception& e) {
            throw Error(ErrorCode::BadJson, path, { e.what() });
        } catch (const Error& e) {
            if (e.file().empty())
                throw Error(e.code(), path, e.args());
            throw;
        }
    });
}

} // namespace ql

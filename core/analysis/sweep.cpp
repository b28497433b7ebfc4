#include "sweep.h"

#include "core/io/ggmltypes.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/modelquant.h"
#include "core/quant/multierror.h"
#include "core/quant/quantizer.h"
#include "core/util/atomicfile.h"
#include "core/util/error.h"
#include "core/util/guard.h"
#include "core/util/jsonparse.h"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

namespace ql {

double outputRelativeError(const float* w, const float* q, int64_t rows, int64_t in, const CalibrationEntry& c)
{
    if (!c.hessian.empty()) {
        const double e = outputRelError({ w, rows, in }, q, c.hessian);
        return std::isfinite(e) ? e : std::numeric_limits<double>::quiet_NaN();
    }
    if (c.meanSq.size() != size_t(in)) // no statistics of this width
        return std::numeric_limits<double>::quiet_NaN();
    using Md = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Mf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Md W = Eigen::Map<const Mf>(w, rows, in).cast<double>();
    const Md D = Eigen::Map<const Mf>(q, rows, in).cast<double>() - W;
    double num, den;
    {
        const Eigen::Map<const Eigen::VectorXf> diag(c.meanSq.data(), in);
        const Eigen::RowVectorXd d = diag.cast<double>().transpose();
        num = (D.array().square().rowwise() * d.array()).sum();
        den = (W.array().square().rowwise() * d.array()).sum();
    }
    return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
}

SweepResult runSweep(const Model& model, const std::vector<QuantSpec>& specs, std::vector<size_t> tensors,
    Progress* progress, const std::function<void(const SweepRow&)>& onRow, const CalibrationStore* calibration,
    const QuantOptions* method)
{
    if (tensors.empty())
        for (size_t i = 0; i < model.tensors.size(); ++i)
            if (isQuantizable(model.tensors[i]))
                tensors.push_back(i);
    SweepResult out;
    out.model = model.path;
    out.modelBytes = model.fileBytes;
    for (const auto& s : specs)
        out.specs.push_back(s.toString());
    if (progress) {
        int64_t total = 0;
        for (size_t i : tensors)
            total += model.tensors.at(i).parameters * int64_t(specs.size());
        progress->setTotal(total);
    }
    for (size_t i : tensors) {
        const TensorInfo& t = model.tensors.at(i);
        if (progress)
            progress->check();
        const WeightShape shape = weightShape(model, i);
        SweepRow row;
        row.name = t.name;
        row.parameters = t.parameters;
        row.layer = t.layer;
        row.role = std::string(roleName(t.role));
        const CalibrationEntry* calib = calibration ? calibration->find(t.name) : nullptr;
        if (calib && calib->in != shape.cols)
            calib = nullptr; // statistics of another shape: not this tensor's input
        // With calibration the quantized matrix itself is needed, so the whole matrix is read;
        // otherwise only chunks of rows, unless a spec needs the whole (below).
        OwnedMatrix m;
        if (calib)
            m = readWeightMatrix(model, i);
        row.rowLength = shape.cols;
        row.cells.resize(specs.size());
        // Specs measured by the fused error paths alone share one visit of the matrix (measureErrors:
        // each chunk of rows once, every spec on it while it is in cache); those that need the
        // quantized matrix itself (calibration) or importance are measured one by one.
        std::vector<ErrorJob> shared;
        std::vector<size_t> sharedCell;
        int64_t advanced = 0;
        for (size_t k = 0; k < specs.size(); ++k) {
            const QuantSpec& requested = specs[k];
            SweepCell& c = row.cells[k];
            c.spec = requested.toString();
            try {
                // A llama.cpp type whose block the rows cannot hold: what llama-quantize writes instead.
                QuantSpec spec = requested;
                if (const auto type = ggmlTypeOfSpec(requested)) {
                    const uint32_t written = llamaFallbackType(*type, shape.cols);
                    if (written != *type) {
                        const std::string fb = specForGgmlType(written);
                        if (fb.empty())
                            throw Error(ErrorCode::Unsupported, {},
                                { "llama-quantize writes " + std::string(ggmlType(written)->name)
                                    + " here, which QuantLens cannot quantize" });
                        spec = parseSpec(fb);
                        c.fallback = fb;
                    }
                }
                // llama.cpp formats quantize with the importance (mean squares) when it is known,
                // as llama-quantize does with an imatrix.
                const bool useImportance = calib && spec.isGgml() && !calib->meanSq.empty();
                if (!calib) {
                    shared.push_back({ spec, {}, {} });
                    sharedCell.push_back(k);
                    continue;
                }
                const QuantParams p = computeParams(spec, m.view(), useImportance ? calib->meanSq.data() : nullptr);
                const bool calibrated = method && method->method != QuantMethod::Rtn && !spec.isGgml()
                    && int64_t(calib->hessian.size()) == m.cols * m.cols;
                ErrorMetrics e;
                if (calibrated) {
                    QuantOptions options = *method;
                    options.job = progress; // the sweep's Cancel reaches GPTQ between its row chunks
                    const auto q = quantizeWithMethod(method->method, spec, m.view(), calib, options, t.name);
                    e = compareMatrices(m.view(), q.data(), nullptr, p.groupCols);
                    c.outputRelErr = outputRelativeError(m.values.data(), q.data(), m.rows, m.cols, *calib);
                    c.method = quantMethodName(method->method);
                } else {
                    e = useImportance ? measureError(spec, m.view(), p)
                                      : measureError(spec, m.view()); // one pass where it can
                    const auto q = fakeQuantize(spec, m.view(), p);
                    c.outputRelErr = outputRelativeError(m.values.data(), q.data(), m.rows, m.cols, *calib);
                }
                c.bitsPerWeight = bitsPerWeight(spec, m.cols, t.parameters);
                c.relMse = e.relMse;
                c.sqnrDb = e.sqnrDb;
                c.cosine = e.cosine;
                c.maxAbsErr = e.maxAbsErr;
            } catch (const Error& e) {
                if (e.code() != ErrorCode::Unsupported)
                    throw;
                c.skipped = e.arg(0);
            }
            if (progress)
                progress->advance(t.parameters);
            advanced += t.parameters;
        }
        if (!shared.empty()) {
            // Each chunk of rows read and converted once, every spec measured on it in cache; a
            // per-tensor scale or a format without a one-pass path needs the whole matrix in memory.
            const bool streamed = shape.rowMajor
                && std::all_of(shared.begin(), shared.end(), [](const ErrorJob& j) { return chunkLocalError(j.spec); });
            if (streamed) {
                const int64_t cols = shape.cols;
                advanced += measureErrorsStreamed(
                    shape.rows, cols,
                    [&](int64_t r0, int64_t n, float* out) { model.read(i, r0 * cols, n * cols, out); }, shared,
                    progress);
            } else {
                if (m.values.empty())
                    m = readWeightMatrix(model, i);
                advanced += measureErrors(m.view(), shared, progress);
            }
        }
        for (size_t j = 0; j < shared.size(); ++j) {
            SweepCell& c = row.cells[sharedCell[j]];
            const ErrorJob& job = shared[j];
            try {
                if (!job.unsupported.empty())
                    throw Error(ErrorCode::Unsupported, {}, { job.unsupported });
                c.bitsPerWeight = bitsPerWeight(job.spec, shape.cols, t.parameters);
                c.relMse = job.metrics.relMse;
                c.sqnrDb = job.metrics.sqnrDb;
                c.cosine = job.metrics.cosine;
                c.maxAbsErr = job.metrics.maxAbsErr;
            } catch (const Error& e) {
                if (e.code() != ErrorCode::Unsupported)
                    throw;
                c.skipped = e.arg(0);
            }
        }
        // Every spec counts the tensor's values once, also those that did not apply.
        if (progress && t.parameters * int64_t(specs.size()) > advanced)
            progress->advance(t.parameters * int64_t(specs.size()) - advanced);
        if (onRow)
            onRow(row);
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::vector<QuantSpec> sweepPreset(const std::string& name)
{
    std::vector<const char*> texts;
    if (name == "int")
        texts = { "int2:g64", "int3:g64", "int3:g128", "int4:g64", "int4:g128", "int5:g128", "int6:g128",
            "int8:channel" };
    else if (name == "kquants")
        texts = { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_0" };
    else if (name == "iquants") // IQ1_S, IQ1_M, IQ2_XXS and IQ2_XS are measured where calibration gives importance
        texts = { "iq1_s", "iq1_m", "iq2_xxs", "iq2_xs", "iq2_s", "iq3_xxs", "iq3_s", "iq4_xs", "iq4_nl" };
    else if (name == "float")
        texts = { "nf4", "mxfp4", "fp4_e2m1:g32", "fp8_e4m3:channel", "fp8_e5m2:channel", "bf16" };
    else if (name == "blockfloat")
        texts = { "mxfp4", "nvfp4", "mxfp6_e3m2", "mxfp6_e2m3", "mxfp8_e5m2", "mxfp8_e4m3" };
    else
        throw Error(ErrorCode::BadSpec, {}, { name, "unknown preset", kPresetList });
    std::vector<QuantSpec> out;
    for (const char* t : texts)
        out.push_back(parseSpec(t));
    return out;
}

namespace {
    using json = nlohmann::ordered_json;

    json num(double v)
    {
        if (std::isnan(v))
            return nullptr;
        if (std::isinf(v))
            return v > 0 ? 1e308 : -1e308;
        return v;
    }
    double toNum(const json& v)
    {
        return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
    }
}

namespace {
    json rowToJson(const SweepRow& r)
    {
        json jr;
        jr["name"] = r.name;
        jr["parameters"] = r.parameters;
        if (r.rowLength > 0)
            jr["row_length"] = r.rowLength;
        jr["layer"] = r.layer;
        jr["role"] = r.role;
        json cells = json::array();
        for (const auto& c : r.cells) {
            json jc;
            jc["spec"] = c.spec;
            if (!c.skipped.empty()) {
                jc["skipped"] = c.skipped;
            } else {
                if (!c.fallback.empty())
                    jc["fallback"] = c.fallback;
                jc["bits_per_weight"] = c.bitsPerWeight;
                jc["rel_mse"] = num(c.relMse);
                jc["sqnr_db"] = num(c.sqnrDb);
                jc["cosine"] = num(c.cosine);
                jc["max_abs_err"] = num(c.maxAbsErr);
                if (!std::isnan(c.outputRelErr))
                    jc["output_rel_err"] = num(c.outputRelErr);
                if (!std::isnan(c.endToEnd))
                    jc["e2e_kld"] = num(c.endToEnd);
                if (c.method != "rtn")
                    jc["method"] = c.method;
            }
            cells.push_back(std::move(jc));
        }
        jr["specs"] = std::move(cells);
        return jr;
    }

    SweepRow rowFromJson(const json& jr)
    {
        SweepRow r;
        r.name = jr.at("name").get<std::string>();
        r.parameters = jsonInt(jr.at("parameters"), {}, "parameters");
        r.rowLength = jsonIntOr(jr, "row_length", 0, {});
        r.layer = int(jsonIntOr(jr, "layer", -1, {}, -1, std::numeric_limits<int>::max()));
        r.role = jr.value("role", "");
        for (const auto& jc : jr.at("specs")) {
            SweepCell c;
            c.spec = jc.at("spec").get<std::string>();
            c.skipped = jc.value("skipped", "");
            if (c.skipped.empty()) {
                c.fallback = jc.value("fallback", "");
                if (!c.fallback.empty())
                    c.fallback = parseSpec(c.fallback).toString();
                c.bitsPerWeight = jc.at("bits_per_weight").get<double>();
                c.relMse = toNum(jc.at("rel_mse"));
                c.sqnrDb = toNum(jc.value("sqnr_db", json()));
                c.cosine = toNum(jc.value("cosine", json()));
                c.maxAbsErr = toNum(jc.value("max_abs_err", json()));
                c.outputRelErr = toNum(jc.value("output_rel_err", json()));
                c.endToEnd = toNum(jc.value("e2e_kld", json()));
                c.method = quantMethodName(parseQuantMethod(jc.value("method", std::string("rtn"))));
            }
            r.cells.push_back(std::move(c));
        }
        return r;
    }
} // namespace

std::string sweepRowJson(const SweepRow& row)
{
    return rowToJson(row).dump(-1, ' ', false, json::error_handler_t::replace);
}

SweepRow parseSweepRow(const std::string& line, const std::string& source, const std::vector<std::string>& specs)
{
    try {
        SweepResult s;
        s.specs = specs;
        s.rows.push_back(rowFromJson(parseJsonBounded(line, source, defaultLoadLimits(), line.size() + 1)));
        validateSweepRows(s, source);
        return std::move(s.rows.front());
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BadJson, source, { e.what() });
    } catch (const Error& e) {
        if (e.file().empty())
            throw Error(e.code(), source, e.args());
        throw;
    }
}

void saveSweep(const SweepResult& s, const std::string& path)
{
    json j;
    j["format"] = "quantlens-sweep";
    j["version"] = 1;
    j["model"] = s.model;
    j["model_bytes"] = s.modelBytes;
    j["specs"] = s.specs;
    json rows = json::array();
    for (const auto& r : s.rows)
        rows.push_back(rowToJson(r));
    j["tensors"] = std::move(rows);
    writeFileAtomically(path, j.dump(1, ' ', false, json::error_handler_t::replace) + "\n");
}

/// A sweep from a file must be one the planner and the views can index without checks: one
/// cell per spec in the specs' order, counts and sizes that are counts and sizes.
void validateSweepRows(const SweepResult& s, const std::string& path)
{
    auto bad = [&](const std::string& what) { return Error(ErrorCode::BadHeader, path, { what }); };
    for (const auto& spec : s.specs)
        parseSpec(spec); // throws BadSpec naming what is wrong
    for (const auto& r : s.rows) {
        if (r.cells.size() != s.specs.size())
            throw bad("tensor '" + r.name + "' has " + std::to_string(r.cells.size()) + " results for "
                + std::to_string(s.specs.size()) + " specs");
        if (r.parameters < 0 || r.rowLength < 0)
            throw bad("tensor '" + r.name + "' has " + std::to_string(r.parameters) + " parameters in rows of "
                + std::to_string(r.rowLength));
        for (size_t k = 0; k < r.cells.size(); ++k) {
            const SweepCell& c = r.cells[k];
            if (c.spec != s.specs[k])
                throw bad("tensor '" + r.name + "': result " + std::to_string(k + 1) + " is for '" + c.spec + "', not '"
                    + s.specs[k] + "'");
            // No format stores a weight in fewer than 0 or more than 64 bits (plus its scale).
            if (c.skipped.empty() && !(c.bitsPerWeight > 0 && c.bitsPerWeight <= 128))
                throw bad("tensor '" + r.name + "' under '" + c.spec + "' has " + std::to_string(c.bitsPerWeight)
                    + " bits per weight");
            if (c.skipped.empty() && c.relMse < 0)
                throw bad("tensor '" + r.name + "' under '" + c.spec + "' has a negative error");
        }
    }
}

SweepResult loadSweep(const std::string& path, const LoadLimits& limits)
{
    return guardReader(path, [&] {
        const json j = readJsonFile(path, limits, limits.maxDocumentBytes);
        try {
            if (!j.is_object() || j.value("format", "") != "quantlens-sweep")
                throw Error(
                    ErrorCode::BadHeader, path, { "not a QuantLens sweep (\"format\": \"quantlens-sweep\" missing)" });
            SweepResult s;
            s.model = j.value("model", "");
            s.modelBytes = uint64_t(jsonIntOr(j, "model_bytes", 0, path, 0));
            s.specs = j.at("specs").get<std::vector<std::string>>();
            checkLimit(path, limit::Tensors, j.at("tensors").size(), limits.maxTensors);
            for (const auto& jr : j.at("tensors"))
                s.rows.push_back(rowFromJson(jr));
            validateSweepRows(s, path);
            return s;
        } catch (const json::exception& e) {
            throw Error(ErrorCode::BadJson, path, { e.what() });
        } catch (const Error& e) {
            if (e.file().empty()) // a spec or method that does not parse: say which file it is in
                throw Error(e.code(), path, e.args());
            throw;
        }
    });
}

} // namespace ql

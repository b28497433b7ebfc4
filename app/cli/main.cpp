// quantlens-cli: the headless front end over the same core as the GUI.
#include "core/analysis/stats.h"
#include "core/dist/communicator.h"
#include "core/dist/workqueue.h"
#include "core/io/model.h"
#include "evalcommand.h"
#include "llamacppcommands.h"
#include "plancommands.h"
#include "tokenizecommand.h"

#include "core/quant/modelquant.h"
#include "core/io/calibration.h"
#include "core/quant/smoothquant.h"

#include <algorithm>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace {

using json = nlohmann::ordered_json;

json number(double v)
{
    if (std::isnan(v) || std::isinf(v))
        return nullptr;
    return v;
}

json shapeJson(const ql::TensorInfo& t)
{
    json s = json::array();
    for (auto d : t.shape)
        s.push_back(d);
    return s;
}

std::string shapeText(const ql::TensorInfo& t)
{
    std::string s = "[";
    for (size_t i = 0; i < t.shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(t.shape[i]);
    return s + "]";
}

void print(const json& j)
{
    // Metadata strings from files are not always valid UTF-8: replace, never throw.
    std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

int info(const std::string& path, bool asJson)
{
    const ql::Model m = ql::open(path);
    if (asJson) {
        json out;
        out["format"] = std::string(ql::formatName(m.format));
        out["path"] = m.path;
        out["parameters"] = m.parameterCount();
        out["bytes"] = m.tensorBytes();
        out["file_bytes"] = m.fileBytes;
        out["metadata"] = m.metadata;
        json tensors = json::array();
        for (const auto& t : m.tensors) {
            json e;
            e["name"] = t.name;
            e["shape"] = shapeJson(t);
            e["dtype"] = std::string(ql::dtypeName(t.dtype));
            e["parameters"] = t.parameters;
            e["bytes"] = t.bytes;
            e["role"] = std::string(ql::roleName(t.role));
            e["layer"] = t.layer;
            e["group"] = t.group;
            e["layout"] = t.layout == ql::Layout::InOut ? "in_out" : "out_in";
            if (t.optimizerState)
                e["optimizer_state"] = true;
            tensors.push_back(std::move(e));
        }
        out["tensors"] = std::move(tensors);
        print(out);
        return 0;
    }
    std::printf("%s: %s, %zu tensors, %lld parameters, %llu bytes\n", m.path.c_str(),
        std::string(ql::formatName(m.format)).c_str(), m.tensors.size(), (long long)m.parameterCount(),
        (unsigned long long)m.tensorBytes());
    for (const auto& t : m.tensors)
        std::printf("  %-48s %-18s %-8s %12lld  %-10s %s\n", t.name.c_str(), shapeText(t).c_str(),
            std::string(ql::dtypeName(t.dtype)).c_str(), (long long)t.parameters,
            std::string(ql::roleName(t.role)).c_str(), t.layer >= 0 ? std::to_string(t.layer).c_str() : "-");
    return 0;
}

int stats(const std::string& path, const std::string& tensor, bool asJson)
{
    const ql::Model m = ql::open(path);
    std::vector<size_t> which;
    if (!tensor.empty()) {
        const int i = m.find(tensor);
        if (i < 0)
            throw ql::Error(ql::ErrorCode::NoSuchTensor, path, { tensor });
        which.push_back(size_t(i));
    } else {
        for (size_t i = 0; i < m.tensors.size(); ++i)
            which.push_back(i);
    }
    const auto all = ql::computeModelStats(m, which);
    json out = json::array();
    for (size_t k = 0; k < which.size(); ++k) {
        const auto& s = all[k];
        const auto& t = m.tensors[which[k]];
        if (asJson) {
            json e;
            e["name"] = t.name;
            e["count"] = s.count;
            e["min"] = number(s.min);
            e["max"] = number(s.max);
            e["mean"] = number(s.mean);
            e["std"] = number(s.std);
            e["kurtosis"] = number(s.kurtosis);
            e["absmax"] = number(s.absmax);
            e["absmax_over_std"] = number(s.absmaxOverStd);
            e["zero_fraction"] = number(s.zeroFraction);
            e["nan"] = s.nan;
            e["inf"] = s.inf;
            json p = json::object();
            for (const auto& [pc, v] : s.percentiles) {
                char key[32];
                std::snprintf(key, sizeof key, "%g", pc);
                p[key] = number(v);
            }
            e["percentiles"] = std::move(p);
            out.push_back(std::move(e));
        } else {
            std::printf("%s  n=%lld min=%.6g max=%.6g mean=%.6g std=%.6g kurtosis=%.4g absmax/std=%.4g nan=%lld inf=%lld\n",
                t.name.c_str(), (long long)s.count, s.min, s.max, s.mean, s.std, s.kurtosis, s.absmaxOverStd,
                (long long)s.nan, (long long)s.inf);
        }
    }
    if (asJson)
        print(tensor.empty() ? out : out[0]);
    return 0;
}

struct QuantCliOptions {
    std::string method = "rtn", calib;
    double damp = 0.01;
    bool actOrder = false;
};

int quant(const std::string& path, const std::string& tensor, bool all, const std::string& specText, bool asJson,
    const std::string& out, const QuantCliOptions& qo)
{
    const ql::QuantSpec spec = ql::parseSpec(specText);
    ql::QuantOptions options;
    options.method = ql::parseQuantMethod(qo.method);
    options.gptq.damp = qo.damp;
    options.gptq.actOrder = qo.actOrder;
    std::optional<ql::CalibrationStore> calibration;
    if (!qo.calib.empty()) {
        calibration = ql::loadCalibrationAny(qo.calib);
        options.calibration = &*calibration;
    }
    const ql::Model m = ql::open(path);
    std::vector<size_t> which;
    if (all) {
        for (size_t i = 0; i < m.tensors.size(); ++i)
            if (ql::isQuantizable(m.tensors[i]))
                which.push_back(i);
    } else {
        const int i = m.find(tensor);
        if (i < 0)
            throw ql::Error(ql::ErrorCode::NoSuchTensor, path, { tensor });
        which.push_back(size_t(i));
    }
    // Time per tensor, from one result to the next.
    std::map<size_t, double> seconds;
    auto last = std::chrono::steady_clock::now();
    const auto results = ql::quantizeModel(m, which, spec, out.empty() ? std::nullopt : std::optional<std::string>(out), nullptr,
        [&](const ql::TensorQuantResult& r) {
            const auto now = std::chrono::steady_clock::now();
            seconds[r.tensor] = std::chrono::duration<double>(now - last).count();
            last = now;
        },
        options);
    json arr = json::array();
    for (const auto& r : results) {
        const auto& t = m.tensors[r.tensor];
        if (!r.skipped.empty()) {
            if (asJson)
                arr.push_back(json { { "name", t.name }, { "spec", spec.toString() }, { "skipped", r.skipped } });
            else
                std::printf("%-48s %-24s skipped: %s\n", t.name.c_str(), spec.toString().c_str(), r.skipped.c_str());
            continue;
        }
        if (asJson) {
            json e;
            e["name"] = t.name;
            e["spec"] = spec.toString();
            e["bits_per_weight"] = r.bitsPerWeight;
            e["rel_mse"] = number(r.metrics.relMse);
            e["sqnr_db"] = number(r.metrics.sqnrDb);
            e["cosine"] = number(r.metrics.cosine);
            e["max_abs_err"] = number(r.metrics.maxAbsErr);
            e["mean_err"] = number(r.metrics.meanErr);
            e["method"] = ql::quantMethodName(r.method);
            if (r.outputRelErr >= 0)
                e["output_rel_err"] = number(r.outputRelErr);
            if (!r.note.empty())
                e["note"] = r.note;
            e["seconds"] = seconds[r.tensor];
            arr.push_back(std::move(e));
        } else {
            std::printf("%-48s %-24s %-4s bpw=%-8.4g rel_mse=%-11.4g sqnr=%-7.2f dB cosine=%.6f max_abs_err=%.4g", t.name.c_str(),
                spec.toString().c_str(), ql::quantMethodName(r.method), r.bitsPerWeight, r.metrics.relMse, r.metrics.sqnrDb, r.metrics.cosine,
                r.metrics.maxAbsErr);
            if (r.outputRelErr >= 0)
                std::printf(" output_rel_err=%.4g", r.outputRelErr);
            if (!r.note.empty())
                std::printf(" (%s)", r.note.c_str());
            std::printf("\n");
        }
    }
    if (asJson)
        print(all ? arr : arr[0]);
    if (!out.empty())
        std::fprintf(stderr, "wrote %s\n", out.c_str());
    return 0;
}

int smooth(const std::string& path, const std::string& calibPath, double alpha, bool perToken, bool asJson)
{
    const ql::CalibrationStore calibration = ql::loadCalibrationAny(calibPath);
    const ql::Model m = ql::open(path);
    ql::SmoothOptions options;
    options.alpha = alpha;
    options.perTokenActivations = perToken;
    json arr = json::array();
    int layers = 0;
    for (size_t i = 0; i < m.tensors.size(); ++i) {
        const ql::CalibrationEntry* c = calibration.find(m.tensors[i].name);
        if (!c || c->inputs.empty() || !ql::isQuantizable(m.tensors[i]))
            continue;
        const ql::OwnedMatrix w = ql::readWeightMatrix(m, i);
        if (c->in != w.cols)
            continue;
        const ql::SmoothResult r = ql::smoothQuant(w.view(), *c, options);
        ++layers;
        if (asJson) {
            arr.push_back(json { { "name", m.tensors[i].name }, { "alpha", alpha }, { "tokens", r.tokens },
                { "w8a8_err_before", number(r.errorBefore) }, { "w8a8_err_after", number(r.errorAfter) },
                { "activation_max_before", number(*std::max_element(r.activationMax.begin(), r.activationMax.end())) },
                { "activation_max_after", number(*std::max_element(r.activationMaxAfter.begin(), r.activationMaxAfter.end())) } });
        } else {
            std::printf("%-48s alpha=%-5.3g W8A8 output error %.4g -> %.4g\n", m.tensors[i].name.c_str(), alpha, r.errorBefore, r.errorAfter);
        }
    }
    if (layers == 0)
        throw ql::Error(ql::ErrorCode::Unsupported, calibPath, { "smoothing: no layer of " + path + " has captured input rows here" });
    if (asJson)
        print(arr);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // Launched by mpirun: join the job before anything else (MPI_Init may see argv); a plain run
    // never initializes MPI.
    std::unique_ptr<ql::dist::Communicator> job;
    try {
        job = ql::dist::joinJob(argc, argv);
    } catch (const ql::Error& e) {
        std::cerr << "quantlens-cli: " << e.what() << "\n";
        return 1;
    }
    CLI::App app { "QuantLens command line: inspect model files and their tensors" };
    app.require_subcommand(1);
    std::string file, tensor;
    bool asJson = false;

    auto* infoCmd = app.add_subcommand("info", "List a model's format, metadata and tensors");
    infoCmd->add_option("FILE", file, "Model file (safetensors, GGUF, HDF5/Keras .h5, .npy, .npz)")->required();
    infoCmd->add_flag("--json", asJson, "Print JSON");

    auto* statsCmd = app.add_subcommand("stats", "Statistics of every tensor, or of one");
    statsCmd->add_option("FILE", file, "Model file")->required();
    statsCmd->add_option("--tensor", tensor, "Only this tensor");
    statsCmd->add_flag("--json", asJson, "Print JSON");

    std::string specText, out;
    bool all = false;
    auto* quantCmd = app.add_subcommand("quant", "Quantize tensors with a spec and report the error");
    quantCmd->add_option("FILE", file, "Model file")->required();
    auto* tensorOpt = quantCmd->add_option("--tensor", tensor, "The tensor to quantize");
    auto* allOpt = quantCmd->add_flag("--all", all, "Every weight with two or more axes");
    tensorOpt->excludes(allOpt);
    quantCmd->add_option("--spec", specText, "Quantization spec, e.g. int4:g128:sym:mse")->required();
    quantCmd->add_flag("--json", asJson, "Print JSON");
    quantCmd->add_option("--out", out, "Write the fake-quantized model as float32 safetensors");
    QuantCliOptions qo;
    quantCmd->add_option("--method", qo.method, "rtn (default), gptq or awq (both need --calib)")->check(CLI::IsMember({ "rtn", "gptq", "awq" }));
    quantCmd->add_option("--calib", qo.calib,
        "Captured layer inputs (calibration HDF5 from 'capture', .npz): GPTQ's Hessians, and output_rel_err for every method");
    quantCmd->add_option("--damp", qo.damp, "GPTQ damping: this share of the mean Hessian diagonal (default 0.01)")->check(CLI::Range(0.0, 10.0));
    quantCmd->add_flag("--act-order", qo.actOrder, "GPTQ: quantize columns by decreasing activation energy");
    quantCmd->callback([&] {
        if (tensor.empty() && !all)
            throw CLI::RequiredError("--tensor or --all");
    });

    std::string smoothCalib;
    double alpha = 0.5;
    bool perToken = false;
    auto* smoothCmd = app.add_subcommand("smooth", "SmoothQuant: W8A8 output error of every layer before and after smoothing");
    smoothCmd->add_option("FILE", file, "Model file")->required();
    smoothCmd->add_option("--calib", smoothCalib, "Captured layer inputs with their rows (calibration HDF5 from 'capture', .npz)")->required();
    smoothCmd->add_option("--alpha", alpha, "Migration strength between 0 and 1 (default 0.5)")->check(CLI::Range(0.0, 1.0));
    smoothCmd->add_flag("--per-token", perToken, "Activations with one INT8 scale per token (default: one per tensor)");
    smoothCmd->add_flag("--json", asJson, "Print JSON");

    const auto runPlanCommand = addPlanCommands(app, job.get());
    const auto runEvalCommand = addEvalCommand(app);
    const auto runLlamaCppCommand = addLlamaCppCommands(app);
    const auto runTokenizeCommand = addTokenizeCommand(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (job && job->rank() != 0)
            return e.get_exit_code(); // rank 0 prints the usage error or the help, once
        return app.exit(e);
    }
    // Under mpirun only sweep and validate share their work out; any other command runs once, on rank 0.
    if (job && job->rank() != 0 && !app.got_subcommand("sweep") && !app.got_subcommand("validate"))
        return 0;
    // An error under mpirun ends the whole job: a worker rank's reaches rank 0, which prints it
    // once, naming the rank.
    auto fail = [&](const std::string& message) {
        if (job && job->rank() != 0)
            ql::dist::failJob(*job, message);
        std::cerr << "quantlens-cli: " << message << "\n";
        if (job) {
            std::cerr.flush();
            job->abort(1);
        }
        return 1;
    };
    try {
        if (infoCmd->parsed())
            return info(file, asJson);
        if (statsCmd->parsed())
            return stats(file, tensor, asJson);
        if (quantCmd->parsed())
            return quant(file, tensor, all, specText, asJson, out, qo);
        if (smoothCmd->parsed())
            return smooth(file, smoothCalib, alpha, perToken, asJson);
        if (const int code = runPlanCommand(); code >= 0)
            return code;
        if (const int code = runEvalCommand(); code >= 0)
            return code;
        if (const int code = runLlamaCppCommand(); code >= 0)
            return code;
        if (const int code = runTokenizeCommand(); code >= 0)
            return code;
    } catch (const ql::Error& e) {
        return fail(e.what());
    } catch (const std::exception& e) {
        return fail(file + ": " + e.what());
    }
    return 0;
}

#include "modelquant.h"

#include "../io/safetensorswriter.h"
#include "../util/error.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace ql {

const char* quantMethodName(QuantMethod m)
{
    switch (m) {
    case QuantMethod::Rtn: return "rtn";
    case QuantMethod::Gptq: return "gptq";
    case QuantMethod::Awq: return "awq";
    }
    return "";
}

QuantMethod parseQuantMethod(const std::string& name)
{
    for (QuantMethod m : { QuantMethod::Rtn, QuantMethod::Gptq, QuantMethod::Awq })
        if (name == quantMethodName(m))
            return m;
    throw Error(ErrorCode::BadSpec, {}, { name, "unknown quantization method", "rtn, gptq, awq" });
}

std::vector<float> quantizeWithMethod(QuantMethod method, const QuantSpec& spec, const WeightMatrix& w, const CalibrationEntry* calib,
    const QuantOptions& options, const std::string& tensor)
{
    if (method == QuantMethod::Rtn)
        return fakeQuantize(spec, w, computeParams(spec, w));
    if (!calib || calib->in != w.cols || int64_t(calib->hessian.size()) != w.cols * w.cols)
        throw Error(ErrorCode::Unsupported, {},
            { std::string(quantMethodName(method)) + " for " + tensor + " without its calibration Hessian (capture or give --calib)" });
    if (method == QuantMethod::Gptq)
        return gptqQuantize(spec, w, calib->hessian, options.gptq);
    return awqQuantize(spec, w, *calib, options.awq).dequantized;
}

bool isQuantizable(const TensorInfo& t) { return t.shape.size() >= 2 && !t.optimizerState && t.parameters > 0; }

std::vector<float> toTensorOrder(const TensorInfo& t, const std::vector<float>& m, int64_t rows, int64_t cols)
{
    if (t.layout != Layout::InOut || t.shape.size() < 2)
        return m;
    std::vector<float> out(m.size());
    for (int64_t o = 0; o < rows; ++o)
        for (int64_t i = 0; i < cols; ++i)
            out[size_t(i * rows + o)] = m[size_t(o * cols + i)];
    return out;
}

std::vector<TensorQuantResult> quantizeModel(const Model& model, const std::vector<size_t>& tensors, const QuantSpec& spec,
    const std::optional<std::string>& outPath, Progress* progress, const std::function<void(const TensorQuantResult&)>& onTensor,
    const QuantOptions& options)
{
    if (options.method != QuantMethod::Rtn && !options.calibration)
        throw Error(ErrorCode::Unsupported, {}, { std::string(quantMethodName(options.method)) + " without calibration data (--calib)" });
    const std::set<size_t> selected(tensors.begin(), tensors.end());
    if (progress) {
        int64_t total = 0;
        for (size_t i : selected)
            total += model.tensors.at(i).parameters;
        progress->setTotal(total);
    }
    std::optional<SafetensorsWriter> writer;
    if (outPath) {
        std::vector<SafetensorsWriter::Entry> entries;
        for (const auto& t : model.tensors)
            if (!t.optimizerState)
                entries.push_back({ t.name, t.shape });
        writer.emplace(*outPath, entries, std::map<std::string, std::string> { { "format", "pt" }, { "quantlens_spec", spec.toString() } });
    }
    std::vector<TensorQuantResult> results;
    for (size_t i = 0; i < model.tensors.size(); ++i) {
        const TensorInfo& t = model.tensors[i];
        if (t.optimizerState)
            continue;
        const bool quantize = selected.count(i) > 0;
        if (!quantize) {
            if (writer)
                writer->write(model.readAll(i).data());
            continue;
        }
        if (progress)
            progress->check();
        const OwnedMatrix m = readWeightMatrix(model, i);
        const WeightMatrix w = m.view();
        TensorQuantResult r;
        r.tensor = i;
        // llama.cpp formats quantize with the tensor's importance (its inputs' mean squares) where the
        // calibration gives it, as llama-quantize does with an imatrix: the same bytes.
        const CalibrationEntry* calib = options.calibration ? options.calibration->find(t.name) : nullptr;
        const bool importance = calib && spec.isGgml() && calib->in == m.cols && int64_t(calib->meanSq.size()) == m.cols;
        QuantParams p;
        try {
            p = computeParams(spec, w, importance ? calib->meanSq.data() : nullptr);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::Unsupported)
                throw;
            r.skipped = e.arg(0);
            if (writer)
                writer->write(model.readAll(i).data());
            if (progress)
                progress->advance(t.parameters);
            if (onTensor)
                onTensor(r);
            results.push_back(r);
            continue;
        }
        r.bitsPerWeight = bitsPerWeight(spec, m.cols, t.parameters);
        const bool hessian = calib && calib->in == m.cols && int64_t(calib->hessian.size()) == m.cols * m.cols;
        r.method = options.method;
        if (options.method != QuantMethod::Rtn && !hessian) {
            r.method = QuantMethod::Rtn;
            r.note = calib ? "the calibration data has no input Hessian of this width for it" : "no calibration inputs for this tensor";
        }
        if (r.method != QuantMethod::Rtn && spec.isGgml()) {
            r.method = QuantMethod::Rtn;
            r.note = "llama.cpp formats choose their own scales (GPTQ and AWQ need a scale grid)";
        }
        if (writer || hessian || r.method != QuantMethod::Rtn) {
            const std::vector<float> q
                = r.method == QuantMethod::Rtn ? fakeQuantize(spec, w, p) : quantizeWithMethod(r.method, spec, w, calib, options, t.name);
            r.metrics = compareMatrices(w, q.data(), nullptr, p.groupCols);
            if (hessian)
                r.outputRelErr = outputRelError(w, q.data(), calib->hessian);
            if (writer)
                writer->write(toTensorOrder(t, q, m.rows, m.cols).data());
        } else {
            r.metrics = measureError(spec, w, p);
        }
        if (progress)
            progress->advance(t.parameters);
        if (onTensor)
            onTensor(r);
        results.push_back(r);
    }
    if (writer)
        writer->commit();
    return results;
}

std::vector<MethodComparison> compareMethods(const Model& model, const CalibrationStore& calibration, const QuantSpec& spec,
    const QuantOptions& options, Progress* progress)
{
    if (spec.isGgml())
        throw Error(ErrorCode::Unsupported, {}, { "comparing GPTQ and AWQ with " + spec.toString() + " (llama.cpp formats choose their own scales)" });
    std::vector<size_t> which;
    for (size_t i = 0; i < model.tensors.size(); ++i) {
        const CalibrationEntry* c = calibration.find(model.tensors[i].name);
        if (c && isQuantizable(model.tensors[i]) && int64_t(c->hessian.size()) == c->in * c->in)
            which.push_back(i);
    }
    if (progress)
        progress->setTotal(int64_t(which.size()));
    std::vector<MethodComparison> out;
    for (size_t i : which) {
        if (progress)
            progress->check();
        const OwnedMatrix m = readWeightMatrix(model, i);
        const CalibrationEntry* c = calibration.find(model.tensors[i].name);
        if (c->in != m.cols)
            continue; // statistics of another layout
        MethodComparison r;
        r.tensor = i;
        const auto rtn = fakeQuantize(spec, m.view(), computeParams(spec, m.view()));
        r.rtn = outputRelError(m.view(), rtn.data(), c->hessian);
        auto t0 = std::chrono::steady_clock::now();
        const auto g = gptqQuantize(spec, m.view(), c->hessian, options.gptq);
        r.gptqSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.gptq = outputRelError(m.view(), g.data(), c->hessian);
        t0 = std::chrono::steady_clock::now();
        r.awq = awqQuantize(spec, m.view(), *c, options.awq).outputRelErr;
        r.awqSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out.push_back(r);
        if (progress)
            progress->advance(1);
    }
    return out;
}

} // namespace ql

#include "modelquant.h"

#include "core/io/safetensorswriter.h"
#include "core/util/error.h"
#include "core/util/progress.h"

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
    if (method == QuantMethod::Gptq) {
        Progress part(options.job); // GPTQ counts its own row chunks; the job's cancel reaches it
        return gptqQuantize(spec, w, calib->hessian, options.gptq, options.job ? &part : nullptr);
    }
    Progress part(options.job); // AWQ counts its own candidates; the job's cancel reaches it
    return awqQuantize(spec, w, *calib, options.awq, options.job ? &part : nullptr).dequantized;
}

int64_t expertStack(const Model& model, const TensorInfo& t)
{
    return model.format == Format::Gguf && t.layout == Layout::OutIn && t.shape.size() == 3 && t.shape[0] > 0 ? t.shape[0] : 0;
}

std::vector<float> quantizeTensorWithMethod(QuantMethod method, const QuantSpec& spec, const Model& model, const TensorInfo& t,
    const WeightMatrix& w, const CalibrationStore* calibration, const QuantOptions& options)
{
    const int64_t experts = expertStack(model, t);
    if (method == QuantMethod::Rtn || experts == 0)
        return quantizeWithMethod(method, spec, w, calibration ? calibration->find(t.name) : nullptr, options, t.name);
    // Each expert sees only the tokens routed to it: its rows are quantized against its own Hessian.
    const int64_t rows = w.rows / experts;
    bool anyExpert = false; // a capture of this model: an expert without an entry had no token routed to it
    for (int64_t e = 0; e < experts && calibration && !anyExpert; ++e)
        anyExpert = calibration->find(expertEntryName(t.name, e)) != nullptr;
    std::vector<float> out(size_t(w.size()));
    for (int64_t e = 0; e < experts; ++e) {
        const std::string name = expertEntryName(t.name, e);
        const CalibrationEntry* c = calibration ? calibration->find(name) : nullptr;
        if (anyExpert && (!c || c->samples == 0))
            throw Error(ErrorCode::Unsupported, {},
                { std::string(quantMethodName(method)) + " for " + name
                    + " (no calibration token was routed to this expert: capture more text)" });
        const WeightMatrix block { w.data + e * rows * w.cols, rows, w.cols };
        const auto q = quantizeWithMethod(method, spec, block, c, options, name);
        std::copy(q.begin(), q.end(), out.begin() + e * rows * w.cols);
    }
    return out;
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
        auto hasHessian = [&](const CalibrationEntry* c) {
            return c && c->in == m.cols && int64_t(c->hessian.size()) == m.cols * m.cols;
        };
        // An expert stack: each expert's block of rows against its own entry (the tokens routed to it).
        const int64_t experts = expertStack(model, t);
        std::vector<const CalibrationEntry*> perExpert;
        int64_t expertsWith = 0;
        for (int64_t e = 0; e < experts && options.calibration; ++e) {
            perExpert.push_back(options.calibration->find(expertEntryName(t.name, e)));
            expertsWith += hasHessian(perExpert.back()) && perExpert.back()->samples > 0;
        }
        const bool stacked = experts > 0 && expertsWith > 0;
        const bool hessian = stacked ? expertsWith == experts : hasHessian(calib);
        r.method = options.method;
        if (options.method != QuantMethod::Rtn && !hessian) {
            r.method = QuantMethod::Rtn;
            r.note = stacked ? std::to_string(experts - expertsWith) + " of its " + std::to_string(experts)
                    + " experts had no calibration token routed to them"
                : calib      ? "the calibration data has no input Hessian of this width for it"
                             : "no calibration inputs for this tensor";
        }
        if (r.method != QuantMethod::Rtn && spec.isGgml()) {
            r.method = QuantMethod::Rtn;
            r.note = "llama.cpp formats choose their own scales (GPTQ and AWQ need a scale grid)";
        }
        if (writer || hessian || r.method != QuantMethod::Rtn) {
            const std::vector<float> q = r.method == QuantMethod::Rtn
                ? fakeQuantize(spec, w, p)
                : quantizeTensorWithMethod(r.method, spec, model, t, w, options.calibration, options);
            r.metrics = compareMatrices(w, q.data(), nullptr, p.groupCols);
            if (hessian && stacked) { // pooled over the experts, each on its own inputs
                double num = 0, den = 0;
                const int64_t rows = m.rows / experts;
                for (int64_t e = 0; e < experts; ++e) {
                    const auto [a, b] = outputErrorSums(
                        { w.data + e * rows * m.cols, rows, m.cols }, q.data() + e * rows * m.cols, perExpert[size_t(e)]->hessian);
                    num += a;
                    den += b;
                }
                r.outputRelErr = den > 0 ? num / den : 0.0;
            } else if (hessian) {
                r.outputRelErr = outputRelError(w, q.data(), calib->hessian);
            }
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
        Progress part(progress); // the comparison's Cancel reaches GPTQ between its row chunks
        const auto g = gptqQuantize(spec, m.view(), c->hessian, options.gptq, progress ? &part : nullptr);
        r.gptqSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.gptq = outputRelError(m.view(), g.data(), c->hessian);
        t0 = std::chrono::steady_clock::now();
        r.awq = awqQuantize(spec, m.view(), *c, options.awq, progress ? &part : nullptr).outputRelErr;
        r.awqSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out.push_back(r);
        if (progress)
            progress->advance(1);
    }
    return out;
}

} // namespace ql

#include "evalcommand.h"

#include "core/eval/classifier.h"
#include "core/eval/judge.h"
#include "core/eval/llama.h"
#include "core/eval/textchunks.h"
#include "core/io/model.h"
#include "core/plan/planner.h"
#include "core/util/error.h"
#include "core/quant/modelquant.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace {
struct EvalOptions {
    std::string file, plan, tokens, data, out, calib, method, text;
    int ctx = 512;
    int64_t keepRows = 256;
    int sample = 8, length = 64;
    uint64_t seed = 0;
    bool json = false;
};

int runClassifier(const EvalOptions& o, const ql::Model& model, const std::map<std::string, std::vector<float>>& weights)
{
    const std::string data = ql::evaluationDataPath(model, o.data);
    const ql::ClassifierModel reference(model), candidate(model, weights);
    const auto m = ql::evaluateClassifier(reference, candidate, ql::readClassifierData(data));
    if (o.json) {
        nlohmann::ordered_json j;
        j["accuracy"] = m.accuracy;
        j["reference_accuracy"] = m.referenceAccuracy;
        j["top1_agreement"] = m.top1Agreement;
        j["kld_mean"] = m.kldMean;
        j["samples"] = m.samples;
        j["quantized_tensors"] = weights.size();
        std::cout << j.dump(2) << "\n";
    } else {
        std::printf("%lld samples, %zu tensors quantized\naccuracy %.4f (full precision %.4f), top-1 agreement %.4f, KL mean %.6g nats\n",
            (long long)m.samples, weights.size(), m.accuracy, m.referenceAccuracy, m.top1Agreement, m.kldMean);
    }
    return 0;
}

int runEval(const EvalOptions& o)
{
    const ql::Model model = ql::open(o.file);
    std::map<std::string, std::vector<float>> weights;
    std::optional<ql::CalibrationStore> calibration;
    if (!o.calib.empty())
        calibration = ql::loadCalibrationAny(o.calib);
    if (!o.plan.empty()) {
        ql::Plan plan = ql::loadPlan(o.plan);
        if (!o.method.empty())
            for (auto& e : plan.entries) // --method applies to every tensor of the plan
                e.method = ql::quantMethodName(ql::parseQuantMethod(o.method));
        weights = ql::fakeQuantizedWeights(model, plan, nullptr, calibration ? &*calibration : nullptr);
    }
    if (!ql::LlamaModel::isLlama(model))
        return runClassifier(o, model, weights);
    const ql::LlamaModel reference(model);
    const ql::LlamaModel candidate(model, weights);
    const auto sequences = !o.text.empty() ? ql::textSequences(model, o.text, o.ctx)
        : o.tokens.empty()                 ? ql::sampleSequences(reference, o.sample, o.length, o.seed)
                                           : ql::readTokenFile(o.tokens);
    const auto t0 = std::chrono::steady_clock::now();
    const ql::LmMetrics m = ql::evaluateLanguageModel(reference, candidate, sequences);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (o.json) {
        nlohmann::ordered_json j;
        j["kld_mean"] = m.kldMean;
        j["kld_p99"] = m.kldP99;
        j["top1_agreement"] = m.top1Agreement;
        j["perplexity"] = m.perplexity;
        j["reference_perplexity"] = m.referencePerplexity;
        j["positions"] = m.positions;
        j["sequences"] = sequences.size();
        j["quantized_tensors"] = weights.size();
        j["tokens_per_second"] = seconds > 0 ? double(m.positions) * 2 / seconds : 0.0; // both models run
        std::cout << j.dump(2) << "\n";
    } else {
        std::printf("%lld positions in %zu sequences, %zu tensors quantized\nKL mean %.6g nats, KL p99 %.6g, top-1 agreement %.4f, "
                    "perplexity %.4f (full precision %.4f)\n",
            (long long)m.positions, sequences.size(), weights.size(), m.kldMean, m.kldP99, m.top1Agreement, m.perplexity, m.referencePerplexity);
    }
    return 0;
}
} // namespace

int runCapture(const EvalOptions& o)
{
    const ql::Model model = ql::open(o.file);
    if (!ql::LlamaModel::isLlama(model)) { // a classifier: its evaluation set (or --data) drives it
        const ql::ClassifierModel cm(model);
        const std::string data = ql::evaluationDataPath(model, o.data);
        const auto store = ql::captureClassifierCalibration(cm, ql::readClassifierData(data), o.keepRows);
        ql::saveCalibration(store, o.out);
        std::printf("%zu layers captured over the inputs of %s -> %s\n", store.entries.size(), data.c_str(), o.out.c_str());
        return 0;
    }
    const ql::LlamaModel lm(model);
    const auto sequences = !o.text.empty() ? ql::textSequences(model, o.text, o.ctx)
        : o.tokens.empty()                 ? ql::sampleSequences(lm, o.sample, o.length, o.seed)
                                           : ql::readTokenFile(o.tokens);
    const auto store = ql::captureCalibration(lm, sequences, o.keepRows);
    ql::saveCalibration(store, o.out);
    std::printf("%zu linear layers captured over %zu sequences -> %s\n", store.entries.size(), sequences.size(), o.out.c_str());
    return 0;
}

std::function<int()> addEvalCommand(CLI::App& app)
{
    auto o = std::make_shared<EvalOptions>();
    auto* ev = app.add_subcommand("eval", "Measure what a plan does to a model's answers (Llama language models, Dense classifiers)");
    ev->add_option("FILE", o->file, "Llama model (GGUF, or safetensors with config.json), or a Dense classifier")->required();
    ev->add_option("--plan", o->plan, "Plan to apply (default: none, full precision)");
    ev->add_option("--data", o->data, "Classifiers: evaluation set (.npz with x and y)");
    auto* tokens = ev->add_option("--tokens", o->tokens, "Token ids: text (one sequence per line) or .npy [n, len]");
    ev->add_option("--method", o->method, "Apply every plan entry with this method: rtn, gptq or awq (default: each entry's own)")
        ->check(CLI::IsMember({ "rtn", "gptq", "awq" }));
    ev->add_option("--calib", o->calib, "Captured layer inputs (calibration HDF5 from 'capture'): what GPTQ and AWQ need");
    auto* sample = ev->add_option("--sample", o->sample, "Sample this many sequences from the full-precision model (default 8)");
    ev->add_option("--length", o->length, "Length of sampled sequences (default 64)")->check(CLI::Range(2, 4096));
    ev->add_option("--seed", o->seed, "Sampling seed (default 0)");
    ev->add_flag("--json", o->json, "Print JSON");
    tokens->excludes(sample);
    auto* text = ev->add_option("--text", o->text, "UTF-8 text (e.g. wikitext-2's test file) tokenized by the model's tokenizer, in --ctx chunks as llama-perplexity makes them");
    ev->add_option("--ctx", o->ctx, "Tokens per chunk of --text (default 512)")->check(CLI::Range(4, 1 << 20));
    text->excludes(tokens)->excludes(sample);

    auto* cap = app.add_subcommand("capture", "Record the input of every linear (and conv) layer of a Llama model or a classifier (calibration HDF5)");
    cap->add_option("FILE", o->file, "Llama model, or a classifier (driven by its evaluation set or --data)")->required();
    cap->add_option("--data", o->data, "Classifiers: inputs (.npz with x) to run the model on (default: its own evaluation set)");
    auto* ctokens = cap->add_option("--tokens", o->tokens, "Token ids: text (one sequence per line) or .npy [n, len]");
    auto* csample = cap->add_option("--sample", o->sample, "Sample this many sequences from the model (default 8)");
    cap->add_option("--length", o->length, "Length of sampled sequences (default 64)")->check(CLI::Range(2, 4096));
    cap->add_option("--seed", o->seed, "Sampling seed (default 0)");
    cap->add_option("--keep-inputs", o->keepRows, "Raw input rows kept per layer (default 256)");
    cap->add_option("--out", o->out, "Calibration file to write (HDF5)")->required();
    ctokens->excludes(csample);
    auto* ctext = cap->add_option("--text", o->text, "UTF-8 text tokenized by the model's tokenizer, in --ctx chunks as llama-perplexity makes them");
    cap->add_option("--ctx", o->ctx, "Tokens per chunk of --text (default 512)")->check(CLI::Range(4, 1 << 20));
    ctext->excludes(ctokens)->excludes(csample);
    return [o, ev, cap]() -> int { return ev->parsed() ? runEval(*o) : cap->parsed() ? runCapture(*o) : -1; };
}

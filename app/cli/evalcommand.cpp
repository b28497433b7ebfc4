#include "evalcommand.h"

#include "core/eval/classifier.h"
#include "core/eval/judge.h"
#include "core/eval/llama.h"
#include "core/io/ggmltypes.h"
#include "core/eval/textchunks.h"
#include "core/io/model.h"
#include "core/plan/planner.h"
#include "core/util/atomicfile.h"
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
    std::string file, plan, tokens, data, out, calib, method, text, reference, numerics, kv = "f16", flashAttn = "on";
    int ctx = 0; ///< llama-perplexity chunks: of --text (0: 512), of --tokens (0: whole sequences)
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
    ql::QuantizedWeights weights;
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
    if (!ql::LlamaModel::isLlama(model)) {
        if (!o.reference.empty())
            throw ql::Error(ql::ErrorCode::Unsupported, o.file, { "--reference for a model that is not a language model" });
        return runClassifier(o, model, weights);
    }
    // --reference: the file itself (e.g. the GGUF llama-quantize wrote) is the candidate, measured
    // against its original, as llama-perplexity --kl-divergence does.
    std::optional<ql::Model> original;
    if (!o.reference.empty()) {
        if (!o.plan.empty())
            throw ql::Error(ql::ErrorCode::BadSpec, {}, { "--plan", "give either --plan or --reference", "" });
        original = ql::open(o.reference);
    }
    const ql::LlamaModel reference(original ? *original : model);
    const ql::LlamaModel candidate(model, weights);
    if (original) {
        const auto& a = reference.config();
        const auto& b = candidate.config();
        if (a.dim != b.dim || a.layers != b.layers || a.heads != b.heads || a.kvHeads != b.kvHeads || a.hidden != b.hidden || a.vocab != b.vocab)
            throw ql::Error(ql::ErrorCode::Unsupported, o.reference,
                { "the reference is another model: " + std::to_string(a.layers) + " layers × " + std::to_string(a.dim) + " wide, vocabulary "
                    + std::to_string(a.vocab) + ", where " + o.file + " has " + std::to_string(b.layers) + " × " + std::to_string(b.dim) + ", "
                    + std::to_string(b.vocab) });
    }
    // The numerics: llama.cpp's where the candidate is a llama.cpp file or plan, unless told.
    bool llamaTypes = original && model.format == ql::Format::Gguf;
    for (const auto& [name, type] : weights.ggmlTypes)
        llamaTypes = llamaTypes || ql::ggmlType(type).value_or(ql::GgmlTypeInfo {}).quantized;
    ql::LmEvalOptions eo;
    const auto kind = o.numerics.empty() ? (llamaTypes ? ql::Numerics::Kind::LlamaCpp : ql::Numerics::Kind::Float) : ql::numericsKind(o.numerics);
    if (kind == ql::Numerics::Kind::LlamaCpp)
        eo.numerics = ql::Numerics::llamaCppHere();
    eo.numerics.kvF16 = o.kv == "f16";
    eo.numerics.attention = o.flashAttn == "off" ? ql::Numerics::Attention::NoFlash : ql::Numerics::Attention::Flash;
    auto sequences = !o.text.empty() ? ql::textSequences(original ? *original : model, o.text, o.ctx > 0 ? o.ctx : 512)
        : o.tokens.empty()           ? ql::sampleSequences(reference, o.sample, o.length, o.seed, reference.config().bos)
                                     : ql::readTokenFile(o.tokens);
    eo.perplexityChunks = !o.text.empty();
    if (o.ctx > 0 && o.text.empty()) { // llama-perplexity's chunks of the token stream
        std::vector<int> stream;
        for (const auto& seq : sequences)
            stream.insert(stream.end(), seq.begin(), seq.end());
        sequences = ql::perplexityChunks(stream, o.ctx);
        eo.perplexityChunks = true;
    }
    const ql::LmMetrics m = ql::evaluateLanguageModel(reference, candidate, sequences, nullptr, eo);
    const auto& k = m.kl;
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
        j["numerics"] = ql::numericsName(eo.numerics.kind);
        j["tokens_per_second"] = m.tokensPerSecond;
        j["kl_divergence"] = { { "ppl", k.ppl }, { "ppl_unc", k.pplUnc }, { "ppl_base", k.pplBase }, { "ppl_base_unc", k.pplBaseUnc },
            { "ln_ppl_ratio", k.lnPplRatio }, { "ln_ppl_ratio_unc", k.lnPplRatioUnc }, { "ppl_correlation", k.pplCorrelation },
            { "kld_mean", k.kldMean }, { "kld_mean_unc", k.kldMeanUnc }, { "kld_max", k.kldMax }, { "kld_p99_9", k.kldP999 },
            { "kld_p99", k.kldP99 }, { "kld_p95", k.kldP95 }, { "kld_p90", k.kldP90 }, { "kld_median", k.kldMedian }, { "kld_min", k.kldMin },
            { "dp_mean", k.dpMean }, { "dp_mean_unc", k.dpMeanUnc }, { "dp_max", k.dpMax }, { "dp_p99", k.dpP99 }, { "dp_p95", k.dpP95 },
            { "dp_median", k.dpMedian }, { "dp_p5", k.dpP5 }, { "dp_p1", k.dpP1 }, { "dp_min", k.dpMin }, { "dp_rms", k.dpRms },
            { "dp_rms_unc", k.dpRmsUnc }, { "same_top", k.sameTop }, { "same_top_unc", k.sameTopUnc } };
        std::cout << j.dump(2) << "\n";
    } else {
        std::printf("%lld positions in %zu sequences, %zu tensors quantized, %s numerics\n", (long long)m.positions, sequences.size(),
            weights.size(), ql::numericsName(eo.numerics.kind).c_str());
        std::printf("Mean PPL(Q)                   : %10.6f ± %10.6f\n", k.ppl, k.pplUnc);
        std::printf("Mean PPL(base)                : %10.6f ± %10.6f\n", k.pplBase, k.pplBaseUnc);
        std::printf("Cor(ln(PPL(Q)), ln(PPL(base))): %6.2f%%\n", 100 * k.pplCorrelation);
        std::printf("Mean ln(PPL(Q)/PPL(base))     : %10.6f ± %10.6f\n", k.lnPplRatio, k.lnPplRatioUnc);
        std::printf("Mean    KLD: %10.6f ± %10.6f\n", k.kldMean, k.kldMeanUnc);
        std::printf("Maximum KLD: %10.6f\n99.9%%   KLD: %10.6f\n99.0%%   KLD: %10.6f\n95.0%%   KLD: %10.6f\n90.0%%   KLD: %10.6f\n"
                    "Median  KLD: %10.6f\nMinimum KLD: %10.6f\n",
            k.kldMax, k.kldP999, k.kldP99, k.kldP95, k.kldP90, k.kldMedian, k.kldMin);
        std::printf("Mean    Δp: %6.3f ± %5.3f %%\nMaximum Δp: %6.3f%%\n99.0%%   Δp: %6.3f%%\nMedian  Δp: %6.3f%%\n 1.0%%   Δp: %6.3f%%\n"
                    "Minimum Δp: %6.3f%%\nRMS Δp    : %6.3f ± %5.3f %%\nSame top p: %6.3f ± %5.3f %%\n",
            100 * k.dpMean, 100 * k.dpMeanUnc, 100 * k.dpMax, 100 * k.dpP99, 100 * k.dpMedian, 100 * k.dpP1, 100 * k.dpMin, 100 * k.dpRms,
            100 * k.dpRmsUnc, 100 * k.sameTop, 100 * k.sameTopUnc);
    }
    return 0;
}

int runSample(const EvalOptions& o)
{
    const ql::Model model = ql::open(o.file);
    const ql::LlamaModel lm(model);
    const auto seqs = ql::sampleSequences(lm, o.sample, o.length, o.seed, lm.config().bos);
    std::string text;
    for (const auto& s : seqs) {
        for (size_t i = 0; i < s.size(); ++i)
            text += (i ? " " : "") + std::to_string(s[i]);
        text += "\n";
    }
    ql::writeFileAtomically(o.out, text);
    std::printf("%zu sequences of %d tokens -> %s\n", seqs.size(), o.length, o.out.c_str());
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
    const auto sequences = !o.text.empty() ? ql::textSequences(model, o.text, o.ctx > 0 ? o.ctx : 512)
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
    auto* ev = app.add_subcommand("eval", "Measure what a plan does to a model's answers (language models: Llama 2/3, Mistral, Mixtral, Qwen 2/3 dense and MoE, Gemma 2/3, Phi-3; Dense classifiers)");
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
    text->excludes(tokens)->excludes(sample);

    ev->add_option("--reference", o->reference, "Measure FILE itself (e.g. the GGUF llama-quantize wrote) against this original, as llama-perplexity --kl-divergence does");
    ev->add_option("--numerics", o->numerics, "float, or llamacpp: llama.cpp's CPU arithmetic (default where the plan or file uses llama.cpp types)")
        ->check(CLI::IsMember({ "float", "llamacpp" }));
    ev->add_option("--kv", o->kv, "llamacpp numerics: KV cache type f16 (llama.cpp's default) or f32")->check(CLI::IsMember({ "f16", "f32" }));
    ev->add_option("--flash-attn", o->flashAttn, "llamacpp numerics: on (llama.cpp's auto on CPU) or off")->check(CLI::IsMember({ "on", "off" }));
    ev->add_option("--ctx", o->ctx, "llama-perplexity's chunks of N tokens (first token BOS, second half scored) of --text (default 512) or --tokens (default: whole lines)")
        ->check(CLI::Range(4, 1 << 20));

    auto* sa = app.add_subcommand("sample", "Write sequences a language model samples from itself (a token file for --tokens)");
    sa->add_option("FILE", o->file, "Llama model")->required();
    sa->add_option("--count", o->sample, "Sequences (default 8)")->check(CLI::Range(1, 100000));
    sa->add_option("--length", o->length, "Tokens per sequence, the start token included (default 64)")->check(CLI::Range(2, 1 << 16));
    sa->add_option("--seed", o->seed, "Sampling seed (default 0)");
    sa->add_option("--out", o->out, "Token file to write (one sequence per line)")->required();

    auto* cap = app.add_subcommand("capture", "Record the input of every linear (and conv) layer of a language model or a classifier (calibration HDF5)");
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
    return [o, ev, cap, sa]() -> int { return ev->parsed() ? runEval(*o) : cap->parsed() ? runCapture(*o) : sa->parsed() ? runSample(*o) : -1; };
}

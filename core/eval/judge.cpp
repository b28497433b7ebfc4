#include "judge.h"

#include "core/io/ggmltypes.h"

#include "core/analysis/stats.h"
#include "core/quant/ggmltypemap.h"
#include "core/quant/modelquant.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "core/util/guard.h"
#include "core/util/limits.h"

#include <tbb/parallel_for.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

namespace ql {

std::optional<std::pair<std::string, int64_t>> planExpert(const Model& model, const std::string& name)
{
    const size_t hash = name.rfind('#');
    if (hash == std::string::npos || hash + 1 >= name.size() || name.size() - hash > 10 || model.find(name) >= 0)
        return std::nullopt;
    int64_t e = 0;
    for (size_t k = hash + 1; k < name.size(); ++k) {
        if (!std::isdigit(static_cast<unsigned char>(name[k])))
            return std::nullopt;
        e = e * 10 + (name[k] - '0');
    }
    const std::string stack = name.substr(0, hash);
    const int i = model.find(stack);
    if (i < 0 || expertStack(model, model.tensors[size_t(i)]) == 0)
        return std::nullopt;
    return std::make_pair(stack, e);
}

QuantizedWeights fakeQuantizedWeights(const Model& model, const Plan& plan, Progress* progress, const CalibrationStore* calibration,
    const GptqOptions& gptq)
{
    QuantizedWeights out;
    if (progress)
        progress->setTotal(int64_t(plan.entries.size()));
    QuantOptions options;
    options.gptq = gptq;
    options.job = progress; // Cancel reaches GPTQ between its row chunks
    // Whole tensors first; then the entries naming one expert of a GGUF expert stack ("NAME#e"), each
    // replacing that expert's rows (quantized from the original values) in the stack's values.
    std::vector<std::pair<const PlanEntry*, std::pair<std::string, int64_t>>> experts;
    for (const auto& e : plan.entries) {
        if (progress)
            progress->check();
        if (auto x = planExpert(model, e.name)) {
            experts.emplace_back(&e, std::move(*x));
            continue;
        }
        const int i = model.find(e.name);
        if (i < 0)
            throw Error(ErrorCode::NoSuchTensor, model.path, { e.name });
        const QuantSpec spec = parseSpec(e.spec);
        const OwnedMatrix m = readWeightMatrix(model, size_t(i));
        const auto q = quantizeTensorWithMethod(parseQuantMethod(e.method), spec, model, model.tensors[size_t(i)], m.view(), calibration,
            options);
        out.values[e.name] = toTensorOrder(model.tensors[size_t(i)], q, m.rows, m.cols);
        if (const auto t = ggmlTypeOfSpec(spec))
            out.ggmlTypes[e.name] = *t;
        if (progress)
            progress->advance(1);
    }
    for (const auto& [entry, where] : experts) {
        const auto& [stack, e] = where;
        const TensorInfo& t = model.tensors[size_t(model.find(stack))];
        const int64_t count = expertStack(model, t);
        if (e >= count)
            throw Error(ErrorCode::NoSuchTensor, model.path, { entry->name }); // past the stack's experts
        const OwnedMatrix m = readWeightMatrix(model, size_t(model.find(stack)));
        const int64_t rows = m.rows / count;
        const WeightMatrix block { m.values.data() + e * rows * m.cols, rows, m.cols };
        const QuantSpec spec = parseSpec(entry->spec);
        const std::string name = expertEntryName(stack, e);
        const CalibrationEntry* c = calibration ? calibration->find(name) : nullptr;
        const auto q = quantizeWithMethod(parseQuantMethod(entry->method), spec, block, c, options, name);
        auto [it, fresh] = out.values.try_emplace(stack);
        if (fresh) { // the other experts as stored, computed in the stored type
            it->second = m.values;
            if (const auto stored = ggmlTypeOfDType(t.dtype))
                out.ggmlTypes[stack] = *stored;
        }
        std::copy(q.begin(), q.end(), it->second.begin() + e * rows * m.cols);
        if (const auto type = ggmlTypeOfSpec(spec))
            out.ggmlTypes[name] = *type;
        else
            out.ggmlTypes.erase(name);
        if (progress)
            progress->advance(1);
    }
    return out;
}

namespace {
    /// log-softmax of one row, in double.
    std::vector<double> logSoftmax(const float* logits, int n)
    {
        double mx = -std::numeric_limits<double>::infinity();
        for (int i = 0; i < n; ++i)
            mx = std::max(mx, double(logits[i]));
        double sum = 0;
        for (int i = 0; i < n; ++i)
            sum += std::exp(double(logits[i]) - mx);
        const double lse = mx + std::log(sum);
        std::vector<double> out(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            out[size_t(i)] = double(logits[i]) - lse;
        return out;
    }
}

namespace {
    /// The sequence as evaluated (llama-perplexity puts the start token first) and its first scored position.
    std::pair<std::vector<int>, size_t> prepared(const std::vector<int>& seq, const LlamaConfig& cfg, const LmEvalOptions& o)
    {
        std::vector<int> s = seq;
        size_t first = 0;
        if (o.perplexityChunks && !s.empty()) {
            first = s.size() / 2;
            if (cfg.addBos)
                s[0] = cfg.bos;
        }
        return { s, first };
    }

    /// Scores the candidate's logits on every sequence against the base rows \p baseRow gives.
    template <typename BaseRows>
    LmMetrics score(const LlamaModel& candidate, const std::vector<std::vector<int>>& sequences, const LmEvalOptions& o, Progress* progress,
        const BaseRows& baseRows)
    {
        if (progress)
            progress->setTotal(int64_t(sequences.size()));
        const bool llamaCppStats = o.numerics.llamaCpp();
        std::vector<KlAccumulator> per(sequences.size(), KlAccumulator(llamaCppStats));
        std::vector<double> seconds(sequences.size(), 0.0);
        tbb::parallel_for(size_t(0), sequences.size(), [&](size_t si) {
            if (progress)
                progress->check();
            if (sequences[si].size() < 2)
                return;
            const auto [seq, first] = prepared(sequences[si], candidate.config(), o);
            const auto t0 = std::chrono::steady_clock::now();
            const auto b = candidate.forward(seq, o.numerics);
            seconds[si] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const int V = int(b.cols());
            const auto& orig = sequences[si];
            const auto base = baseRows(si, seq);
            for (size_t t = first; t + 1 < seq.size(); ++t)
                per[si].add(base(t), b.row(Eigen::Index(t)).data(), V, orig[t + 1]);
            if (progress)
                progress->advance(1);
        });
        KlAccumulator all(llamaCppStats);
        double time = 0;
        int64_t evaluated = 0;
        for (size_t i = 0; i < per.size(); ++i) {
            all.append(per[i]);
            time += seconds[i];
            evaluated += int64_t(sequences[i].size());
        }
        LmMetrics m;
        m.kl = all.finish();
        m.positions = m.kl.positions;
        if (m.positions == 0)
            return m;
        m.kldMean = m.kl.kldMean;
        m.kldP99 = m.kl.kldP99;
        m.top1Agreement = m.kl.sameTop;
        m.perplexity = m.kl.ppl;
        m.referencePerplexity = m.kl.pplBase;
        m.tokensPerSecond = time > 0 ? double(evaluated) / time : 0;
        return m;
    }

    void checkVocabularies(int a, int b)
    {
        if (a != b)
            throw Error(ErrorCode::Unsupported, {}, { "comparing models with different vocabularies (" + std::to_string(a) + " and " + std::to_string(b) + " tokens)" });
    }
} // namespace

LmMetrics evaluateLanguageModel(const LlamaModel& reference, const LlamaModel& candidate, const std::vector<std::vector<int>>& sequences,
    Progress* progress, const LmEvalOptions& o)
{
    checkVocabularies(reference.config().vocab, candidate.config().vocab);
    return score(candidate, sequences, o, progress, [&](size_t, const std::vector<int>& seq) {
        auto a = std::make_shared<LlamaModel::Matrix>(reference.forward(seq, o.numerics));
        return [a](size_t t) { return a->row(Eigen::Index(t)).data(); };
    });
}

double LmReference::bytesFor(const std::vector<std::vector<int>>& sequences, int vocab, const LmEvalOptions& o)
{
    double positions = 0;
    for (const auto& s : sequences)
        positions += double(s.size()) - (o.perplexityChunks ? double(s.size() / 2) : 0.0);
    return positions * vocab * sizeof(float);
}

LmReference referencePass(const LlamaModel& reference, const std::vector<std::vector<int>>& sequences, const LmEvalOptions& o, Progress* progress)
{
    LmReference r;
    r.options = o;
    r.vocab = reference.config().vocab;
    r.first.resize(sequences.size());
    r.logits.resize(sequences.size());
    if (progress)
        progress->setTotal(int64_t(sequences.size()));
    tbb::parallel_for(size_t(0), sequences.size(), [&](size_t si) {
        if (progress)
            progress->check();
        const auto [seq, first] = prepared(sequences[si], reference.config(), o);
        r.first[si] = first;
        if (seq.size() >= 2) {
            const auto a = reference.forward(seq, o.numerics);
            r.logits[si].assign(a.data() + first * size_t(a.cols()), a.data() + a.size());
        }
        if (progress)
            progress->advance(1);
    });
    return r;
}

LmMetrics evaluateLanguageModel(const LmReference& reference, const LlamaModel& candidate, const std::vector<std::vector<int>>& sequences,
    Progress* progress)
{
    checkVocabularies(reference.vocab, candidate.config().vocab);
    if (reference.logits.size() != sequences.size())
        throw Error(ErrorCode::Unsupported, {}, { "a reference pass made on other sequences" });
    return score(candidate, sequences, reference.options, progress, [&](size_t si, const std::vector<int>&) {
        const float* base = reference.logits[si].data();
        const size_t first = reference.first[si], v = size_t(reference.vocab);
        return [base, first, v](size_t t) { return base + (t - first) * v; };
    });
}

std::vector<std::vector<int>> perplexityChunks(const std::vector<int>& stream, int ctx)
{
    if (ctx < 2 || int64_t(stream.size()) < ctx)
        throw Error(ErrorCode::Unsupported, {}, { "chunks of " + std::to_string(ctx) + " tokens from " + std::to_string(stream.size())
            + " tokens (give more text or a smaller --ctx)" });
    std::vector<std::vector<int>> out;
    for (size_t s = 0; s + size_t(ctx) <= stream.size(); s += size_t(ctx))
        out.emplace_back(stream.begin() + std::ptrdiff_t(s), stream.begin() + std::ptrdiff_t(s + size_t(ctx)));
    return out;
}

std::vector<std::vector<int>> sampleSequences(const LlamaModel& model, int count, int length, uint64_t seed, int bos)
{
    std::vector<std::vector<int>> out;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int n = 0; n < count; ++n) {
        std::vector<int> seq { bos };
        while (int(seq.size()) < length) {
            const auto logits = model.forward(seq);
            const auto lp = logSoftmax(logits.row(logits.rows() - 1).data(), int(logits.cols()));
            double r = u(rng), acc = 0;
            int pick = int(lp.size()) - 1;
            for (size_t i = 0; i < lp.size(); ++i) {
                acc += std::exp(lp[i]);
                if (r < acc) {
                    pick = int(i);
                    break;
                }
            }
            seq.push_back(pick);
        }
        out.push_back(std::move(seq));
    }
    return out;
}

CalibrationStore captureCalibration(const LlamaModel& model, const std::vector<std::vector<int>>& sequences, int64_t keepRows, Progress* progress)
{
    CalibrationStore store;
    if (progress)
        progress->setTotal(int64_t(sequences.size()));
    for (const auto& seq : sequences) {
        if (progress)
            progress->check();
        model.forward(seq, &store, keepRows);
        if (progress)
            progress->advance(1);
    }
    return store;
}

namespace {
std::vector<std::vector<int>> readTokenFileUnguarded(const std::string& path, const LoadLimits& limits)
{
    std::vector<std::vector<int>> out;
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the token file" });
    char magic[6] = {};
    probe.read(magic, 6);
    if (probe.gcount() == 6 && std::string(magic, 6) == "\x93NUMPY") {
        const Model m = open(path, limits);
        const auto& t = m.tensors.at(0);
        if (t.shape.size() != 2)
            throw Error(ErrorCode::BadHeader, path, { "token arrays must be [sequences, length]" });
        // A sequence of no tokens is no sequence: [2^40, 0] holds no bytes, yet would make 2^40 of them.
        if (t.shape[0] == 0 || t.shape[1] == 0)
            throw Error(ErrorCode::Empty, path);
        // Read as float: ids above 2^24 would not be exact (no vocabulary has that many).
        InflateBudget budget(limits, path);
        budget.take(uint64_t(t.parameters) * (sizeof(float) + sizeof(int)) + uint64_t(t.shape[0]) * sizeof(std::vector<int>), t.name);
        const auto v = m.readAll(0);
        out.reserve(size_t(t.shape[0]));
        for (int64_t r = 0; r < t.shape[0]; ++r) {
            std::vector<int> seq(size_t(t.shape[1]));
            for (int64_t c = 0; c < t.shape[1]; ++c) {
                const float x = v[size_t(r * t.shape[1] + c)];
                if (!(x >= 0 && x <= float(1 << 24)) || x != std::floor(x))
                    throw Error(ErrorCode::BadHeader, path,
                        { "sequence " + std::to_string(r) + ", position " + std::to_string(c) + ": " + std::to_string(x) + " is not a token id" });
                seq[size_t(c)] = int(x);
            }
            out.push_back(std::move(seq));
        }
        return out;
    }
    std::ifstream in(path);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::istringstream ls(line);
        std::vector<int> seq;
        std::string tok;
        while (ls >> tok) {
            char* end = nullptr;
            const long v = std::strtol(tok.c_str(), &end, 10);
            if (!end || *end != '\0' || v < 0 || v > (1L << 30))
                throw Error(ErrorCode::BadHeader, path, { "line " + std::to_string(lineNo) + ": '" + tok + "' is not a token id" });
            seq.push_back(int(v));
        }
        if (!seq.empty())
            out.push_back(std::move(seq));
    }
    if (out.empty())
        throw Error(ErrorCode::Empty, path);
    return out;
}

} // namespace

std::vector<std::vector<int>> readTokenFile(const std::string& path, const LoadLimits& limits)
{
    return guardReader(path, [&] { return readTokenFileUnguarded(path, limits); });
}

} // namespace ql

#include "judge.h"

#include "../analysis/stats.h"
#include "../quant/modelquant.h"
#include "../quant/quantizer.h"
#include "../quant/spec.h"
#include "../util/error.h"
#include "../util/guard.h"
#include "../util/limits.h"

#include <tbb/parallel_for.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

namespace ql {

std::map<std::string, std::vector<float>> fakeQuantizedWeights(const Model& model, const Plan& plan, Progress* progress,
    const CalibrationStore* calibration, const GptqOptions& gptq)
{
    std::map<std::string, std::vector<float>> out;
    if (progress)
        progress->setTotal(int64_t(plan.entries.size()));
    for (const auto& e : plan.entries) {
        if (progress)
            progress->check();
        const int i = model.find(e.name);
        if (i < 0)
            throw Error(ErrorCode::NoSuchTensor, model.path, { e.name });
        const QuantSpec spec = parseSpec(e.spec);
        const OwnedMatrix m = readWeightMatrix(model, size_t(i));
        QuantOptions options;
        options.gptq = gptq;
        const auto q = quantizeWithMethod(parseQuantMethod(e.method), spec, m.view(), calibration ? calibration->find(e.name) : nullptr,
            options, e.name);
        out[e.name] = toTensorOrder(model.tensors[size_t(i)], q, m.rows, m.cols);
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

    struct SequenceScores {
        std::vector<double> kld;
        int64_t agree = 0;
        double nll = 0, refNll = 0;
    };
}

LmMetrics evaluateLanguageModel(const LlamaModel& reference, const LlamaModel& candidate, const std::vector<std::vector<int>>& sequences,
    Progress* progress)
{
    if (progress)
        progress->setTotal(int64_t(sequences.size()));
    std::vector<SequenceScores> per(sequences.size());
    tbb::parallel_for(size_t(0), sequences.size(), [&](size_t si) {
        if (progress)
            progress->check();
        const auto& seq = sequences[si];
        if (seq.size() < 2)
            return;
        const auto a = reference.forward(seq);
        const auto b = candidate.forward(seq);
        const int V = int(a.cols());
        SequenceScores& sc = per[si];
        for (size_t t = 0; t + 1 < seq.size(); ++t) {
            const auto la = logSoftmax(a.row(Eigen::Index(t)).data(), V);
            const auto lb = logSoftmax(b.row(Eigen::Index(t)).data(), V);
            double kl = 0;
            size_t ia = 0, ib = 0;
            for (int i = 0; i < V; ++i) {
                kl += std::exp(la[size_t(i)]) * (la[size_t(i)] - lb[size_t(i)]);
                if (la[size_t(i)] > la[ia])
                    ia = size_t(i);
                if (lb[size_t(i)] > lb[ib])
                    ib = size_t(i);
            }
            sc.kld.push_back(std::max(0.0, kl));
            sc.agree += ia == ib;
            sc.nll -= lb[size_t(seq[t + 1])];
            sc.refNll -= la[size_t(seq[t + 1])];
        }
        if (progress)
            progress->advance(1);
    });
    LmMetrics m;
    std::vector<float> all;
    double klSum = 0, nll = 0, refNll = 0;
    int64_t agree = 0;
    for (const auto& sc : per) {
        for (double k : sc.kld) {
            all.push_back(float(k));
            klSum += k;
        }
        agree += sc.agree;
        nll += sc.nll;
        refNll += sc.refNll;
    }
    m.positions = int64_t(all.size());
    if (m.positions == 0)
        return m;
    m.kldMean = klSum / double(m.positions);
    std::sort(all.begin(), all.end());
    m.kldP99 = percentileOfSorted(all, 99.0);
    m.top1Agreement = double(agree) / double(m.positions);
    m.perplexity = std::exp(nll / double(m.positions));
    m.referencePerplexity = std::exp(refNll / double(m.positions));
    return m;
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
std::vector<std::vector<int>> readTokenFileUnguarded(const std::string& path)
{
    std::vector<std::vector<int>> out;
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throw Error(ErrorCode::CannotOpen, path, { "cannot read the token file" });
    char magic[6] = {};
    probe.read(magic, 6);
    if (probe.gcount() == 6 && std::string(magic, 6) == "\x93NUMPY") {
        const Model m = open(path);
        const auto& t = m.tensors.at(0);
        if (t.shape.size() != 2)
            throw Error(ErrorCode::BadHeader, path, { "token arrays must be [sequences, length]" });
        // Read as float: ids above 2^24 would not be exact (no vocabulary has that many).
        InflateBudget budget(defaultLoadLimits(), path);
        budget.take(uint64_t(t.parameters) * (sizeof(float) + sizeof(int)), t.name);
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
        if (out.empty() || t.shape[1] == 0)
            throw Error(ErrorCode::Empty, path);
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

std::vector<std::vector<int>> readTokenFile(const std::string& path)
{
    return guardReader(path, [&] { return readTokenFileUnguarded(path); });
}

} // namespace ql

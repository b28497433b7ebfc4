#include "sensitivity.h"

#include "core/quant/ggmltypemap.h"
#include "textchunks.h"
#include "core/quant/quantizer.h"
#include "core/quant/modelquant.h"
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ql {

LlamaJudge::LlamaJudge(const Model& model, std::vector<std::vector<int>> sequences, LmEvalOptions options)
    : m_model(model)
    , m_reference(model)
    , m_sequences(std::move(sequences))
    , m_options(options)
{
    // Every measurement compares with the same reference pass: keep its logits where they are small
    // enough (llama-perplexity writes them to a file), else recompute them each time.
    constexpr double kMaxBaseBytes = 1024.0 * 1024 * 1024;
    if (LmReference::bytesFor(m_sequences, m_reference.config().vocab, m_options) <= kMaxBaseBytes)
        m_base = referencePass(m_reference, m_sequences, m_options);
}

LmMetrics LlamaJudge::metrics(const QuantizedWeights& replaced) const
{
    const LlamaModel candidate(m_model, replaced);
    return m_base ? evaluateLanguageModel(*m_base, candidate, m_sequences) : evaluateLanguageModel(m_reference, candidate, m_sequences, nullptr, m_options);
}

double LlamaJudge::measure(const QuantizedWeights& replaced) const
{
    // With nothing replaced the candidate is the reference (llama.cpp numerics included): no error.
    return replaced.empty() ? 0.0 : metrics(replaced).kldMean;
}

Judge::Report LlamaJudge::report(const QuantizedWeights& replaced) const
{
    const auto m = metrics(replaced);
    return { { "kld_mean", m.kldMean }, { "kld_p99", m.kldP99 }, { "top1_agreement", m.top1Agreement }, { "perplexity", m.perplexity },
        { "reference_perplexity", m.referencePerplexity } };
}

ClassifierJudge::ClassifierJudge(const Model& model, ClassifierData data)
    : m_model(model)
    , m_reference(model)
    , m_data(std::move(data))
{
}

double ClassifierJudge::measure(const QuantizedWeights& replaced) const
{
    if (replaced.empty())
        return 0.0;
    return evaluateClassifier(m_reference, ClassifierModel(m_model, replaced), m_data).kldMean;
}

std::unique_ptr<Judge> makeJudge(const Model& model, const JudgeData& d)
{
    if (LlamaModel::isLlama(model)) {
        const LlamaModel lm(model);
        LmEvalOptions o;
        o.numerics = d.numerics;
        std::vector<std::vector<int>> seqs;
        if (!d.sequences.empty()) {
            seqs = d.sequences;
            o.perplexityChunks = d.sequencesAreChunks;
        } else if (!d.text.empty()) {
            seqs = textSequences(model, d.text, d.ctx > 0 ? d.ctx : 512);
            o.perplexityChunks = true;
        } else {
            seqs = d.tokens.empty() ? sampleSequences(lm, d.sample, d.length, d.seed, lm.config().bos) : readTokenFile(d.tokens);
            if (d.ctx > 0) {
                std::vector<int> stream;
                for (const auto& s : seqs)
                    stream.insert(stream.end(), s.begin(), s.end());
                seqs = perplexityChunks(stream, d.ctx);
                o.perplexityChunks = true;
            }
        }
        return std::make_unique<LlamaJudge>(model, std::move(seqs), o);
    }
    return std::make_unique<ClassifierJudge>(model, readClassifierData(evaluationDataPath(model, d.data)));
}

Judge::Report ClassifierJudge::report(const QuantizedWeights& replaced) const
{
    const auto m = evaluateClassifier(m_reference, ClassifierModel(m_model, replaced), m_data);
    return { { "accuracy", m.accuracy }, { "reference_accuracy", m.referenceAccuracy }, { "top1_agreement", m.top1Agreement },
        { "kld_mean", m.kldMean } };
}

QuantSpec endToEndSpec(const SweepCell& cell)
{
    // A llama.cpp fallback cell is measured as the type llama-quantize writes there.
    return parseSpec(cell.fallback.empty() ? cell.spec : cell.fallback);
}

double endToEndOfCell(const Model& model, const Judge& judge, size_t tensor, const OwnedMatrix& m, const QuantSpec& spec)
{
    const auto q = fakeQuantize(spec, m.view(), computeParams(spec, m.view()));
    const std::string& name = model.tensors.at(tensor).name;
    QuantizedWeights w;
    w.values[name] = toTensorOrder(model.tensors[tensor], q, m.rows, m.cols);
    if (const auto t = ggmlTypeOfSpec(spec))
        w.ggmlTypes[name] = *t;
    return judge.measure(w);
}

void addEndToEndSensitivity(SweepResult& sweep, const Model& model, const Judge& judge, Progress* progress, const EndToEndDone& done)
{
    if (progress)
        progress->setTotal(int64_t(sweep.rows.size() * sweep.specs.size()));
    for (auto& row : sweep.rows) {
        const int ti = model.find(row.name);
        if (ti < 0)
            throw Error(ErrorCode::NoSuchTensor, model.path, { row.name });
        const auto measured = [](const SweepCell& c) { return !c.skipped.empty() || !std::isnan(c.endToEnd); };
        if (std::all_of(row.cells.begin(), row.cells.end(), measured)) {
            if (progress)
                progress->advance(int64_t(row.cells.size()));
            continue;
        }
        const OwnedMatrix m = readWeightMatrix(model, size_t(ti));
        for (auto& cell : row.cells) {
            if (progress)
                progress->check();
            if (!measured(cell)) {
                cell.endToEnd = endToEndOfCell(model, judge, size_t(ti), m, endToEndSpec(cell));
                if (done)
                    done(row);
            }
            if (progress)
                progress->advance(1);
        }
    }
}

double spearman(const std::vector<double>& a, const std::vector<double>& b)
{
    auto ranks = [](const std::vector<double>& v) {
        std::vector<size_t> idx(v.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::sort(idx.begin(), idx.end(), [&](size_t i, size_t j) { return v[i] < v[j]; });
        std::vector<double> r(v.size());
        for (size_t i = 0; i < idx.size();) {
            size_t j = i;
            while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]])
                ++j;
            for (size_t k = i; k <= j; ++k)
                r[idx[k]] = 0.5 * double(i + j) + 1.0; // ties share their average rank
            i = j + 1;
        }
        return r;
    };
    if (a.size() != b.size() || a.size() < 2)
        return std::numeric_limits<double>::quiet_NaN();
    const auto ra = ranks(a), rb = ranks(b);
    const double n = double(a.size()), mean = (n + 1) / 2;
    double cov = 0, va = 0, vb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        cov += (ra[i] - mean) * (rb[i] - mean);
        va += (ra[i] - mean) * (ra[i] - mean);
        vb += (rb[i] - mean) * (rb[i] - mean);
    }
    return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> validationBudgets(const SweepResult& sweep, int count, PlanMetric metric)
{
    const auto frontier = paretoFrontier(sweep, {}, metric);
    std::vector<double> budgets;
    if (frontier.empty() || count < 2)
        return budgets;
    const double lo = frontier.front().bitsPerWeight, hi = frontier.back().bitsPerWeight;
    for (int k = 0; k < count; ++k)
        budgets.push_back(lo + (hi - lo) * double(k) / double(count - 1));
    return budgets;
}

ValidationPoint validatePlanAt(const SweepResult& sweep, const Model& model, const Judge& judge, double budget, PlanMetric metric,
    const CalibrationStore* calibration)
{
    const Plan plan = solvePlan(sweep, { Budget::Kind::BitsPerWeight, budget * (1 + 1e-12) }, {}, metric);
    return { plan.bitsPerWeight, plan.predictedError, judge.measure(fakeQuantizedWeights(model, plan, nullptr, calibration)) };
}

Validation validationOf(std::vector<ValidationPoint> points)
{
    Validation v;
    v.points = std::move(points);
    std::vector<double> p, m;
    for (const auto& pt : v.points) {
        p.push_back(pt.predicted);
        m.push_back(pt.measured);
    }
    v.spearman = spearman(p, m);
    return v;
}

Validation validatePlans(const SweepResult& sweep, const Model& model, const Judge& judge, int count, PlanMetric metric, Progress* progress,
    const CalibrationStore* calibration, ValidationResume* resume)
{
    const auto budgets = validationBudgets(sweep, count, metric);
    if (budgets.empty())
        return {};
    if (progress)
        progress->setTotal(int64_t(budgets.size()));
    std::vector<ValidationPoint> points;
    for (size_t k = 0; k < budgets.size(); ++k) {
        if (progress)
            progress->check();
        if (const auto it = resume ? resume->done.find(k) : std::map<size_t, ValidationPoint>::iterator {};
            resume && it != resume->done.end())
            points.push_back(it->second);
        else {
            points.push_back(validatePlanAt(sweep, model, judge, budgets[k], metric, calibration));
            if (resume && resume->measured)
                resume->measured(k, points.back());
        }
        if (progress)
            progress->advance(1);
    }
    return validationOf(std::move(points));
}

} // namespace ql

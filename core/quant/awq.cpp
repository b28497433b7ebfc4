#include "awq.h"

#include "gptq.h"
#include "groupkernel.h"

#include "core/util/error.h"

#include <Eigen/Core>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace ql {

std::vector<float> activationMagnitude(const CalibrationEntry& c)
{
    std::vector<float> m(size_t(std::max<int64_t>(0, c.in)), 0.0f);
    if (c.in > 0 && !c.inputs.empty() && c.inputs.size() % size_t(c.in) == 0) {
        const int64_t rows = int64_t(c.inputs.size()) / c.in;
        std::vector<double> sum(m.size(), 0.0);
        for (int64_t t = 0; t < rows; ++t)
            for (int64_t j = 0; j < c.in; ++j) {
                const float x = c.inputs[size_t(t * c.in + j)];
                if (std::isfinite(x))
                    sum[size_t(j)] += std::fabs(x);
            }
        for (size_t j = 0; j < m.size(); ++j)
            m[j] = float(sum[j] / double(rows));
    } else if (c.meanSq.size() == m.size()) {
        for (size_t j = 0; j < m.size(); ++j)
            m[j] = std::sqrt(std::max(0.0f, c.meanSq[j]));
    }
    return m;
}

namespace {
    using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    /// Q(W·s)/s with the spec's own scales.
    std::vector<float> scaledRoundTrip(const QuantSpec& spec, const WeightMatrix& w, const std::vector<float>& s)
    {
        std::vector<float> ws(size_t(w.size()));
        for (int64_t r = 0; r < w.rows; ++r)
            for (int64_t j = 0; j < w.cols; ++j)
                ws[size_t(r * w.cols + j)] = w.data[r * w.cols + j] * s[size_t(j)];
        const WeightMatrix m { ws.data(), w.rows, w.cols };
        std::vector<float> q = fakeQuantize(spec, m, computeParams(spec, m));
        for (int64_t r = 0; r < w.rows; ++r)
            for (int64_t j = 0; j < w.cols; ++j)
                q[size_t(r * w.cols + j)] /= s[size_t(j)];
        return q;
    }

    bool clipSearchApplies(const QuantSpec& s)
    {
        return s.format == QFormat::Int && s.clip == ClipMethod::MinMax
            && (s.granularity == Granularity::Group || s.granularity == Granularity::Channel);
    }
}

AwqResult awqQuantize(const QuantSpec& spec, const WeightMatrix& w, const CalibrationEntry& calib, const AwqOptions& o,
    Progress* progress)
{
    if (spec.isGgml())
        throw Error(ErrorCode::Unsupported, {}, { "AWQ with " + spec.toString() + " (llama.cpp formats choose their own scales; use an imatrix)" });
    if (calib.in != w.cols || int64_t(calib.hessian.size()) != w.cols * w.cols)
        throw Error(ErrorCode::SizeMismatch, {},
            { "calibration data of this layer", std::to_string(w.cols) + " inputs with their Hessian", std::to_string(calib.in) + " inputs" });
    const std::vector<float> mag = activationMagnitude(calib);
    // The α search measures the output error on the kept input rows when there are fewer of them
    // than inputs (a cheaper product than with the Hessian), else with the Hessian; the result
    // reports the Hessian's error either way.
    const int64_t kept = calib.inputs.empty() ? 0 : int64_t(calib.inputs.size()) / w.cols;
    const bool onSamples = kept >= 16 && kept < w.cols;
    const Eigen::Map<const MatF> W(w.data, w.rows, w.cols);
    MatF X, Y;
    if (onSamples) {
        X = Eigen::Map<const MatF>(calib.inputs.data(), kept, w.cols).unaryExpr([](float v) { return std::isfinite(v) ? v : 0.0f; });
        Y = X * W.transpose();
    }
    auto searchError = [&](const std::vector<float>& q) {
        if (!onSamples)
            return outputRelError(w, q.data(), calib.hessian);
        const MatF D = X * Eigen::Map<const MatF>(q.data(), w.rows, w.cols).transpose() - Y;
        return double(D.squaredNorm()) / std::max(double(Y.squaredNorm()), 1e-300);
    };
    const int grid = std::max(1, o.grid);
    struct Candidate {
        std::vector<float> s, q;
        double err = std::numeric_limits<double>::infinity();
    };
    std::vector<Candidate> candidates(static_cast<size_t>(grid));
    const bool clips = o.clipSearch && clipSearchApplies(spec);
    const int64_t clipGroups = !clips ? 0
        : spec.granularity == Granularity::Group ? (w.cols + spec.group - 1) / spec.group
                                                 : 1;
    if (progress)
        progress->setTotal(grid + clipGroups);
    tbb::parallel_for(0, grid, [&](int i) {
        if (progress && progress->cancelled())
            return;
        const double alpha = double(i) / grid;
        Candidate& c = candidates[size_t(i)];
        c.s.resize(mag.size());
        float lo = std::numeric_limits<float>::infinity(), hi = 0;
        for (size_t j = 0; j < c.s.size(); ++j) {
            c.s[j] = float(std::pow(std::max(double(mag[j]), 1e-4), alpha));
            lo = std::min(lo, c.s[j]);
            hi = std::max(hi, c.s[j]);
        }
        const float norm = std::sqrt(lo * hi); // centre the scales around 1 (keeps the grid's range sensible)
        for (float& v : c.s)
            v /= norm;
        c.q = scaledRoundTrip(spec, w, c.s);
        c.err = searchError(c.q);
        if (progress)
            progress->advance(1);
    });
    if (progress)
        progress->check();
    size_t pick = 0; // the lowest error; on ties the smallest α (deterministic whatever the threads)
    for (size_t i = 1; i < candidates.size(); ++i)
        if (candidates[i].err < candidates[pick].err)
            pick = i;
    AwqResult best;
    best.alpha = double(pick) / grid;
    best.scales = std::move(candidates[pick].s);
    best.dequantized = std::move(candidates[pick].q);
    best.outputRelErr = outputRelError(w, best.dequantized.data(), calib.hessian);
    if (!clips)
        return best;

    // Clip search in the scaled space: per (row, group), the ratio of the range that minimises the
    // group's share of the output error, dᵀ H_gg d with d = w − Q(w·s)/s over the group's columns.
    const int64_t rows = w.rows, cols = w.cols;
    const int64_t gcols = spec.granularity == Granularity::Group ? spec.group : cols;
    const int64_t groups = (cols + gcols - 1) / gcols;
    const std::vector<float>& s = best.scales;
    std::vector<float> clipped = best.dequantized;
    std::vector<double> ratioSum(size_t(groups), 0.0);
    // Per group (in parallel): every row's candidates at each ratio, their errors in one matrix
    // product with the group's block of H, and each row's best ratio.
    tbb::parallel_for(int64_t(0), groups, [&](int64_t g) {
        if (progress && progress->cancelled())
            return;
        const int64_t c0 = g * gcols, n = std::min(gcols, cols - c0);
        MatF Hg(n, n);
        for (int64_t a = 0; a < n; ++a)
            for (int64_t b = 0; b < n; ++b)
                Hg(a, b) = float(calib.hessian[size_t((c0 + a) * cols + c0 + b)]);
        MatF Wg(rows, n), Q(rows, n), D(rows, n), BestQ(rows, n);
        std::vector<ClipRange> full(static_cast<size_t>(rows));
        std::vector<float> ws(static_cast<size_t>(n));
        for (int64_t r = 0; r < rows; ++r) {
            for (int64_t j = 0; j < n; ++j) {
                Wg(r, j) = w.data[r * cols + c0 + j];
                ws[size_t(j)] = Wg(r, j) * s[size_t(c0 + j)];
            }
            full[size_t(r)] = calibrate(spec, ws.data(), n);
        }
        Eigen::VectorXf bestErr = Eigen::VectorXf::Constant(rows, std::numeric_limits<float>::infinity());
        std::vector<double> bestRatio(size_t(rows), 1.0);
        for (int k = 0; k <= o.clipSteps; ++k) {
            const double ratio = 1.0 - (1.0 - o.minClip) * k / std::max(1, o.clipSteps);
            for (int64_t r = 0; r < rows; ++r) {
                const ClipRange& f = full[size_t(r)];
                const ClipRange cr { float(f.lo * ratio), float(f.hi * ratio), float(f.absmax * ratio) };
                float scale = 0, zero = 0;
                detail::scaleFromRange(spec, cr, scale, zero);
                for (int64_t j = 0; j < n; ++j)
                    Q(r, j) = detail::quantizeValue(spec, Wg(r, j) * s[size_t(c0 + j)], scale, zero, uint64_t(r * cols + c0 + j))
                        / s[size_t(c0 + j)];
            }
            D = Wg - Q;
            const Eigen::VectorXf err = (D * Hg).cwiseProduct(D).rowwise().sum();
            for (int64_t r = 0; r < rows; ++r)
                if (err(r) < bestErr(r)) {
                    bestErr(r) = err(r);
                    bestRatio[size_t(r)] = ratio;
                    BestQ.row(r) = Q.row(r);
                }
        }
        for (int64_t r = 0; r < rows; ++r) {
            for (int64_t j = 0; j < n; ++j)
                clipped[size_t(r * cols + c0 + j)] = BestQ(r, j);
            ratioSum[size_t(g)] += bestRatio[size_t(r)];
        }
        if (progress)
            progress->advance(1);
    });
    if (progress)
        progress->check();
    // The groups were chosen one at a time; keep the clipping only if the whole layer gains.
    const double err = outputRelError(w, clipped.data(), calib.hessian);
    if (err < best.outputRelErr) {
        best.outputRelErr = err;
        best.dequantized = std::move(clipped);
        double sum = 0;
        for (double v : ratioSum)
            sum += v;
        best.clipRatio = sum / double(rows * groups);
    }
    return best;
}

SaliencyAblation saliencyAblation(const QuantSpec& spec, const WeightMatrix& w, const CalibrationEntry& calib, double fraction, uint64_t seed)
{
    if (calib.in != w.cols || int64_t(calib.hessian.size()) != w.cols * w.cols)
        throw Error(ErrorCode::SizeMismatch, {},
            { "calibration data of this layer", std::to_string(w.cols) + " inputs with their Hessian", std::to_string(calib.in) + " inputs" });
    SaliencyAblation a;
    a.kept = std::max<int64_t>(1, int64_t(std::llround(double(w.cols) * fraction)));
    const std::vector<float> q = fakeQuantize(spec, w, computeParams(spec, w));
    a.none = outputRelError(w, q.data(), calib.hessian);
    auto keep = [&](const std::vector<int64_t>& channels) {
        std::vector<float> mixed = q;
        for (int64_t r = 0; r < w.rows; ++r)
            for (int64_t j : channels)
                mixed[size_t(r * w.cols + j)] = w.data[r * w.cols + j];
        return outputRelError(w, mixed.data(), calib.hessian);
    };
    auto topBy = [&](const std::vector<double>& score) {
        std::vector<int64_t> idx(score.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), [&](int64_t x, int64_t y) { return score[size_t(x)] > score[size_t(y)]; });
        idx.resize(size_t(a.kept));
        return idx;
    };
    const std::vector<float> mag = activationMagnitude(calib);
    a.salient = topBy(std::vector<double>(mag.begin(), mag.end()));
    a.byActivation = keep(a.salient);
    std::vector<double> colMag(size_t(w.cols), 0.0);
    for (int64_t r = 0; r < w.rows; ++r)
        for (int64_t j = 0; j < w.cols; ++j)
            colMag[size_t(j)] += std::fabs(w.data[r * w.cols + j]) / double(w.rows);
    a.byWeight = keep(topBy(colMag));
    // Random channels: a seeded shuffle (the same channels for the same seed).
    std::vector<int64_t> all(size_t(w.cols));
    std::iota(all.begin(), all.end(), 0);
    std::mt19937_64 rng(seed);
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(size_t(a.kept));
    a.random = keep(all);
    return a;
}

} // namespace ql

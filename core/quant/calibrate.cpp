#include "calibrate.h"

#include "simd.h"

#include "groupkernel.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace ql {

namespace {
    /// Bins of the KL (entropy) histogram, as in the TensorRT calibrator.
    constexpr int kKlBins = 2048;
    /// Clip ratios tried by the MSE search: 1.00, 0.99, …, 0.21.
    constexpr int kMseSteps = 80;

    double linearPercentile(std::vector<float>& v, double p)
    {
        if (v.empty())
            return 0;
        const double h = p / 100.0 * double(v.size() - 1);
        const size_t k = size_t(std::floor(h));
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
        const double a = v[k];
        if (k + 1 >= v.size())
            return a;
        const double b = *std::min_element(v.begin() + std::ptrdiff_t(k) + 1, v.end());
        return a + (h - double(k)) * (b - a);
    }

    double groupSquaredError(const QuantSpec& s, const float* x, int64_t n, const ClipRange& r)
    {
        float scale, zero;
        detail::scaleFromRange(s, r, scale, zero);
        // Through the group kernel (the optimised one where there is one), a piece at a time.
        // Eight interleaved double sums (value i into sum i mod 8, added in order at the end): the
        // same total whatever the machine, without one long chain of dependent additions.
        constexpr int64_t kPiece = 256;
        float q[kPiece];
        double e[8] = {};
        for (int64_t b = 0; b < n; b += kPiece) {
            const int64_t m = std::min(kPiece, n - b);
            detail::quantizeGroup(s, x + b, m, scale, zero, uint64_t(b), q);
            simd::squaredErrorSum8(x + b, q, m, e); // (b is a multiple of 8: value b + i goes to sum i mod 8)
        }
        return ((e[0] + e[1]) + (e[2] + e[3])) + ((e[4] + e[5]) + (e[6] + e[7]));
    }
} // namespace

int klLevels(const QuantSpec& spec)
{
    return elementFormatOf(spec).klLevels(spec);
}

float klThreshold(const float* x, int64_t n, int levels)
{
    float amax = 0;
    for (int64_t i = 0; i < n; ++i)
        if (std::isfinite(x[i]))
            amax = std::max(amax, std::fabs(x[i]));
    if (!(amax > 0))
        return 0;
    std::vector<double> hist(kKlBins, 0.0);
    const double width = double(amax) / kKlBins;
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]))
            continue;
        const int b = std::min(kKlBins - 1, int(double(std::fabs(x[i])) / width));
        hist[size_t(b)] += 1;
    }
    levels = std::clamp(levels, 2, kKlBins);
    double bestKl = std::numeric_limits<double>::infinity();
    int bestI = kKlBins;
    std::vector<double> p, q;
    for (int i = levels; i <= kKlBins; ++i) {
        // P: the first i bins, with everything beyond folded into the last one.
        p.assign(hist.begin(), hist.begin() + i);
        double outliers = 0;
        for (int k = i; k < kKlBins; ++k)
            outliers += hist[size_t(k)];
        p[size_t(i - 1)] += outliers;
        // Q: the first i bins merged into `levels` levels, each spread over its non-empty bins.
        q.assign(size_t(i), 0.0);
        for (int j = 0; j < levels; ++j) {
            const int start = int(int64_t(j) * i / levels);
            const int end = j == levels - 1 ? i : int(int64_t(j + 1) * i / levels);
            double total = 0;
            int nonzero = 0;
            for (int k = start; k < end; ++k) {
                total += hist[size_t(k)];
                nonzero += hist[size_t(k)] > 0;
            }
            for (int k = start; k < end; ++k)
                if (hist[size_t(k)] > 0)
                    q[size_t(k)] = total / nonzero;
        }
        double ps = 0, qs = 0;
        for (int k = 0; k < i; ++k) {
            ps += p[size_t(k)];
            qs += q[size_t(k)];
        }
        if (ps == 0 || qs == 0)
            continue;
        // KL(P || Q); a P mass where Q is empty (only the folded outliers) gets a tiny Q.
        constexpr double kEpsilon = 1e-12;
        double kl = 0;
        for (int k = 0; k < i; ++k) {
            if (p[size_t(k)] == 0)
                continue;
            const double pk = p[size_t(k)] / ps;
            const double qk = std::max(q[size_t(k)] / qs, kEpsilon);
            kl += pk * std::log(pk / qk);
        }
        if (kl < bestKl) {
            bestKl = kl;
            bestI = i;
        }
    }
    return float(bestI * width);
}

ClipRange calibrate(const QuantSpec& spec, const float* x, int64_t n)
{
    ClipRange r;
    float mn, mx;
    simd::finiteMinMax(x, n, mn, mx); // NaN and ±Inf skipped
    if (!(mn <= mx))
        return r; // no finite value
    r = minMaxRange(mn, mx);
    switch (spec.clip) {
    case ClipMethod::MinMax:
        break;
    case ClipMethod::Percentile: {
        std::vector<float> v;
        v.reserve(size_t(n));
        if (!elementFormatOf(spec).hasZeroPoint(spec)) {
            for (int64_t i = 0; i < n; ++i)
                if (std::isfinite(x[i]))
                    v.push_back(std::fabs(x[i]));
            r.absmax = float(linearPercentile(v, spec.percentile));
        } else {
            for (int64_t i = 0; i < n; ++i)
                if (std::isfinite(x[i]))
                    v.push_back(x[i]);
            r.hi = std::max(0.0f, float(linearPercentile(v, spec.percentile)));
            r.lo = std::min(0.0f, float(linearPercentile(v, 100.0 - spec.percentile)));
        }
        break;
    }
    case ClipMethod::Mse: {
        const ClipRange full = r;
        double best = std::numeric_limits<double>::infinity();
        for (int k = 0; k < kMseSteps; ++k) {
            const float ratio = 1.0f - 0.01f * float(k);
            ClipRange c { full.lo * ratio, full.hi * ratio, full.absmax * ratio };
            const double e = groupSquaredError(spec, x, n, c);
            if (e < best) {
                best = e;
                r = c;
            }
        }
        break;
    }
    case ClipMethod::Kl: {
        const float t = klThreshold(x, n, klLevels(spec));
        r.absmax = std::min(r.absmax, t);
        r.lo = std::max(r.lo, -t);
        r.hi = std::min(r.hi, t);
        break;
    }
    }
    return r;
}

} // namespace ql

#include "griderror.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ql {

GridError histogramError(const AffineGrid& g, const Histogram& h)
{
    GridError r;
    const size_t n = h.counts.size();
    if (n == 0 || !(h.hi >= h.lo))
        return r;
    constexpr int kSub = 16;
    const double width = (h.hi - h.lo) / double(n);
    double err = 0, signal = 0, clipped = 0, total = 0;
    const double low = g.lowest() - g.scale / 2, high = g.highest() + g.scale / 2; // as clippedIntervals()
    for (size_t b = 0; b < n; ++b) {
        const double c = double(h.counts[b]);
        if (c == 0)
            continue;
        const double left = h.lo + width * double(b);
        double e = 0, s = 0, out = 0;
        for (int k = 0; k < kSub; ++k) {
            const double x = width > 0 ? left + width * (k + 0.5) / kSub : h.lo;
            e += expectedSquaredError(g, x);
            s += x * x;
            out += (x < low || x > high) ? 1 : 0;
        }
        err += c * e / kSub;
        signal += c * s / kSub;
        clipped += c * out / kSub;
        total += c;
    }
    r.relMse = signal > 0 ? err / signal : 0;
    r.sqnrDb = err > 0 ? 10 * std::log10(signal / err) : std::numeric_limits<double>::infinity();
    r.clippedFraction = total > 0 ? clipped / total : 0;
    return r;
}

std::vector<std::pair<double, double>> levelMass(const AffineGrid& g, const Histogram& h)
{
    std::vector<std::pair<double, double>> out;
    const size_t n = h.counts.size();
    if (n == 0 || !(g.scale > 0) || g.qmax - g.qmin > (1 << 16))
        return out;
    std::vector<double> mass(size_t(g.qmax - g.qmin + 1), 0.0);
    constexpr int kSub = 16;
    const double width = (h.hi - h.lo) / double(n);
    for (size_t b = 0; b < n; ++b) {
        if (h.counts[b] == 0)
            continue;
        const double c = double(h.counts[b]) / kSub;
        for (int k = 0; k < kSub; ++k) {
            const double x = h.lo + width * (double(b) + (k + 0.5) / kSub);
            const double code = std::clamp(std::nearbyint(x / g.scale + g.zeroPoint), double(g.qmin), double(g.qmax));
            mass[size_t(code - g.qmin)] += c;
        }
    }
    for (size_t i = 0; i < mass.size(); ++i)
        if (mass[i] > 0)
            out.emplace_back((double(g.qmin + int(i)) - g.zeroPoint) * g.scale, mass[i]);
    return out;
}

} // namespace ql

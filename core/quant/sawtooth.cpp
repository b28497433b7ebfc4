#include "sawtooth.h"

#include <algorithm>
#include <cmath>

namespace ql {

AffineGrid makeAffineGrid(int bits, bool symmetric, double lo, double hi, Rounding rounding, int zeroPoint)
{
    AffineGrid g;
    g.bits = std::clamp(bits, 2, 16);
    g.symmetric = symmetric;
    g.rounding = rounding;
    if (!std::isfinite(lo) || !std::isfinite(hi)) // a NaN/Inf range gives an empty grid, not a wrong one
        lo = hi = 0;
    if (lo > hi)
        std::swap(lo, hi);
    if (symmetric) {
        g.qmax = (1 << (g.bits - 1)) - 1;
        g.qmin = -g.qmax - 1;
        g.scale = std::max(std::fabs(lo), std::fabs(hi)) / g.qmax;
        g.zeroPoint = 0;
    } else {
        g.qmin = 0;
        g.qmax = (1 << g.bits) - 1;
        lo = std::min(lo, 0.0); // the range always holds 0, so 0 is exact
        hi = std::max(hi, 0.0);
        g.scale = (hi - lo) / g.qmax;
        const double z = g.scale > 0 ? std::nearbyint(-lo / g.scale) : 0.0;
        g.zeroPoint = zeroPoint >= 0 ? std::min(zeroPoint, g.qmax) : int(std::clamp(z, 0.0, double(g.qmax)));
    }
    return g;
}

namespace {

double roundCode(double v, Rounding r)
{
    if (r == Rounding::HalfAway)
        return std::round(v);
    return std::nearbyint(v); // ties to even (the default floating-point mode)
}

} // namespace

std::vector<std::pair<double, double>> clippedIntervals(const AffineGrid& g, double lo, double hi)
{
    std::vector<std::pair<double, double>> r;
    if (!(g.scale > 0))
        return r;
    const double low = g.lowest() - g.scale / 2, high = g.highest() + g.scale / 2;
    if (lo < low)
        r.emplace_back(lo, std::min(low, hi));
    if (hi > high)
        r.emplace_back(std::max(high, lo), hi);
    return r;
}

double dequantizeExpected(const AffineGrid& g, double x)
{
    if (!(g.scale > 0))
        return 0;
    const double v = x / g.scale + g.zeroPoint;
    double code;
    if (g.rounding == Rounding::Stochastic)
        code = v; // E[floor(v + u)] = v
    else
        code = roundCode(v, g.rounding);
    code = std::clamp(code, double(g.qmin), double(g.qmax));
    return (code - g.zeroPoint) * g.scale;
}

double expectedSquaredError(const AffineGrid& g, double x)
{
    const double e = dequantizeExpected(g, x) - x;
    double var = 0;
    if (g.rounding == Rounding::Stochastic && g.scale > 0) {
        const double v = x / g.scale + g.zeroPoint;
        if (v > g.qmin && v < g.qmax) {
            const double f = v - std::floor(v);
            var = g.scale * g.scale * f * (1 - f);
        }
    }
    return e * e + var;
}

SawtoothCurve sawtoothCurve(const AffineGrid& g, double lo, double hi, int points)
{
    SawtoothCurve c;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return c;
    points = std::clamp(points, 2, 1 << 16);
    std::vector<double> xs;
    xs.reserve(size_t(points) + 2 * size_t(g.qmax - g.qmin + 3));
    for (int i = 0; i < points; ++i)
        xs.push_back(lo + (hi - lo) * i / (points - 1));
    if (g.scale > 0) {
        // Both sides of each threshold between levels (nearest rounding) and of the clip points.
        const double eps = g.scale * 1e-6;
        auto both = [&](double t) {
            if (t - eps > lo && t + eps < hi) {
                xs.push_back(t - eps);
                xs.push_back(t + eps);
            }
        };
        if (g.rounding != Rounding::Stochastic)
            for (int q = g.qmin; q < g.qmax; ++q)
                both((q + 0.5 - g.zeroPoint) * g.scale);
        both(g.lowest());
        both(g.highest());
    }
    std::sort(xs.begin(), xs.end());
    c.x = std::move(xs);
    c.error.reserve(c.x.size());
    for (double x : c.x)
        c.error.push_back(dequantizeExpected(g, x) - x);
    return c;
}

std::vector<MethodRange> compareClipMethods(const WeightMatrix& w, int bits, bool symmetric, double percentile)
{
    std::vector<MethodRange> out;
    for (ClipMethod m : { ClipMethod::MinMax, ClipMethod::Percentile, ClipMethod::Mse, ClipMethod::Kl }) {
        QuantSpec s;
        s.format = QFormat::Int;
        s.bits = std::clamp(bits, 2, 8);
        s.granularity = Granularity::Tensor;
        s.symmetric = symmetric;
        s.clip = m;
        s.percentile = percentile;
        const QuantParams p = computeParams(s, w);
        MethodRange r;
        r.method = m;
        const double scale = p.scale.empty() ? 0 : p.scale[0], zero = p.zero.empty() ? 0 : p.zero[0];
        if (symmetric) {
            r.hi = scale * ((1 << (s.bits - 1)) - 1);
            r.lo = -r.hi;
        } else {
            r.lo = -zero * scale;
            r.hi = (((1 << s.bits) - 1) - zero) * scale;
        }
        r.relMse = measureError(s, w, p).relMse;
        out.push_back(r);
    }
    return out;
}

} // namespace ql

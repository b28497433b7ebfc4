#pragma once
// Internal: the sums every error path adds pairs (w, Q(w)) to, and turns into ErrorMetrics. Formats
// add to them (NumberFormat::addError) one block at a time; chunks of rows are merged in order, so
// the totals do not depend on the number of threads. Not part of the public API.

#include "quantizer.h"
#include "simd.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace ql {

/// Values accumulated in float lanes before being added to the double totals: short enough
/// that float partial sums lose nothing that matters, long enough to vectorise.
constexpr int64_t kAccumBlock = 256;
constexpr int kLanes = 8;

struct ErrorSums {
    int64_t count = 0;
    double sw2 = 0, se2 = 0, swq = 0, sq2 = 0, se = 0, maxAbs = 0, vw2 = 0, ve2 = 0;
    simd::LaneSums lanes; // finite blocks without column weights, summed in vector lanes

    void addScalar(float w, float q, const float* colWeight)
    {
        if (!std::isfinite(w))
            return;
        const double d = double(q) - double(w);
        ++count;
        sw2 += double(w) * w;
        se2 += d * d;
        swq += double(w) * q;
        sq2 += double(q) * q;
        se += d;
        maxAbs = std::max(maxAbs, std::fabs(d));
        if (colWeight) {
            vw2 += double(*colWeight) * w * w;
            ve2 += double(*colWeight) * d * d;
        }
    }

    /// Adds n pairs (w, Q(w)) in blocks of kAccumBlock: finite blocks go through vector lanes
    /// (simd::blockErrorSums, or float lanes with the column weights), others value by value.
    void add(const float* w, const float* q, int64_t n, const float* colWeights)
    {
        for (int64_t b = 0; b < n; b += kAccumBlock) {
            const int64_t m = std::min(kAccumBlock, n - b);
            bool finite = true;
            for (int64_t i = 0; i < m; ++i)
                finite &= (std::bit_cast<uint32_t>(w[b + i]) & 0x7F800000u) != 0x7F800000u;
            if (finite && !colWeights
                && simd::blockErrorSums(w + b, q + b, m, lanes)) { // the common case: Highway lanes
                count += m;
                continue;
            }
            if (!finite || !colWeights || (m % kLanes) != 0) { // (also float sums that overflowed)
                for (int64_t i = 0; i < m; ++i)
                    addScalar(w[b + i], q[b + i], colWeights ? colWeights + b + i : nullptr);
                continue;
            }
            float aw2[kLanes] = {}, ae2[kLanes] = {}, awq[kLanes] = {}, aq2[kLanes] = {}, ae[kLanes] = {},
                  amax[kLanes] = {};
            float avw2[kLanes] = {}, ave2[kLanes] = {};
            for (int64_t i = 0; i < m; i += kLanes) {
                for (int k = 0; k < kLanes; ++k) {
                    const float x = w[b + i + k], y = q[b + i + k], d = y - x;
                    aw2[k] += x * x;
                    ae2[k] += d * d;
                    awq[k] += x * y;
                    aq2[k] += y * y;
                    ae[k] += d;
                    const float ad = std::fabs(d);
                    amax[k] = ad > amax[k] ? ad : amax[k];
                }
                for (int k = 0; k < kLanes; ++k) {
                    const float x = w[b + i + k], d = q[b + i + k] - x, v = colWeights[b + i + k];
                    avw2[k] += v * x * x;
                    ave2[k] += v * d * d;
                }
            }
            bool sumsFinite = true;
            for (int k = 0; k < kLanes; ++k)
                sumsFinite &= std::isfinite(
                    aw2[k] + ae2[k] + std::fabs(awq[k]) + aq2[k] + std::fabs(ae[k]) + amax[k] + avw2[k] + ave2[k]);
            if (!sumsFinite) { // a float sum overflowed: this block in double
                for (int64_t i = 0; i < m; ++i)
                    addScalar(w[b + i], q[b + i], colWeights + b + i);
                continue;
            }
            count += m;
            for (int k = 0; k < kLanes; ++k) {
                sw2 += aw2[k];
                se2 += ae2[k];
                swq += awq[k];
                sq2 += aq2[k];
                se += ae[k];
                maxAbs = std::max(maxAbs, double(amax[k]));
                vw2 += avw2[k];
                ve2 += ave2[k];
            }
        }
    }
    void merge(const ErrorSums& o)
    {
        count += o.count;
        sw2 += o.sw2;
        se2 += o.se2;
        swq += o.swq;
        sq2 += o.sq2;
        se += o.se;
        maxAbs = std::max(maxAbs, o.maxAbs);
        vw2 += o.vw2;
        ve2 += o.ve2;
        lanes.merge(o.lanes);
    }
    ErrorMetrics metrics(bool weighted) const
    {
        double t[6];
        lanes.totals(t);
        const double w2 = sw2 + t[0], e2 = se2 + t[1], wq = swq + t[2], q2 = sq2 + t[3], e = se + t[4];
        ErrorMetrics m;
        m.count = count;
        m.relMse = w2 > 0 ? e2 / w2 : (e2 > 0 ? std::numeric_limits<double>::infinity() : 0.0);
        m.sqnrDb = m.relMse > 0 ? -10.0 * std::log10(m.relMse) : std::numeric_limits<double>::infinity();
        m.cosine = (w2 > 0 && q2 > 0) ? wq / std::sqrt(w2 * q2) : (w2 == q2 ? 1.0 : 0.0);
        m.maxAbsErr = std::max(maxAbs, t[5]);
        m.meanErr = count ? e / double(count) : 0.0;
        m.weightedRelMse = weighted ? (vw2 > 0 ? ve2 / vw2 : 0.0) : m.relMse;
        return m;
    }
};

} // namespace ql

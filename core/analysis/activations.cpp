#include "activations.h"

#include "core/io/names.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace ql {

ActivationMap activationMap(const CalibrationEntry& entry, float threshold)
{
    ActivationMap m;
    if (entry.in <= 0 || entry.inputs.empty() || entry.inputs.size() % size_t(entry.in) != 0)
        return m;
    m.channels = entry.in;
    m.tokens = int64_t(entry.inputs.size()) / entry.in;
    m.magnitude.resize(entry.inputs.size());
    m.channelMax.assign(size_t(m.channels), 0.0f);
    m.overThreshold.assign(size_t(m.channels), 0);
    for (int64_t t = 0; t < m.tokens; ++t)
        for (int64_t c = 0; c < m.channels; ++c) {
            const size_t i = size_t(t * m.channels + c);
            const float a = std::fabs(entry.inputs[i]);
            m.magnitude[i] = a;
            if (!std::isfinite(a)) {
                ++m.nonFinite;
                continue;
            }
            m.channelMax[size_t(c)] = std::max(m.channelMax[size_t(c)], a);
            m.max = std::max(m.max, a);
            if (a >= threshold)
                ++m.overThreshold[size_t(c)];
        }
    return m;
}

OutlierFeatureReport findOutlierFeatures(const CalibrationStore& store, int64_t hidden, float threshold, double minLayerShare,
    double minTokenShare)
{
    OutlierFeatureReport r;
    r.hidden = hidden;
    if (hidden <= 0)
        return r;
    std::vector<int64_t> tokenHits(size_t(hidden), 0);
    std::vector<float> maxAbs(size_t(hidden), 0.0f);
    std::map<int, std::vector<bool>> layerHits; // layer → dims reaching the threshold there
    int unnamed = 0;
    for (const auto& [name, e] : store.entries) {
        if (e.in != hidden || e.inputs.empty() || e.inputs.size() % size_t(hidden) != 0)
            continue;
        int layer = parseTensorName(name, 2).layer;
        if (layer < 0)
            layer = -1 - unnamed++; // a layer input without a block index counts on its own
        auto& hits = layerHits[layer];
        hits.resize(size_t(hidden), false);
        const int64_t rows = int64_t(e.inputs.size()) / hidden;
        r.rows += rows;
        for (int64_t t = 0; t < rows; ++t)
            for (int64_t c = 0; c < hidden; ++c) {
                const float a = std::fabs(e.inputs[size_t(t * hidden + c)]);
                if (!std::isfinite(a))
                    continue;
                maxAbs[size_t(c)] = std::max(maxAbs[size_t(c)], a);
                if (a >= threshold) {
                    ++tokenHits[size_t(c)];
                    hits[size_t(c)] = true;
                }
            }
    }
    r.layers = int(layerHits.size());
    if (r.layers == 0)
        return r;
    r.dims.resize(size_t(hidden));
    for (int64_t c = 0; c < hidden; ++c) {
        FeatureShare& f = r.dims[size_t(c)];
        f.dim = c;
        for (const auto& [layer, hits] : layerHits)
            f.layers += hits[size_t(c)] ? 1 : 0;
        f.layerShare = double(f.layers) / double(r.layers);
        f.tokenShare = r.rows > 0 ? double(tokenHits[size_t(c)]) / double(r.rows) : 0.0;
        f.maxAbs = maxAbs[size_t(c)];
        f.outlier = f.layers > 0 && f.layerShare >= minLayerShare && f.tokenShare >= minTokenShare;
        if (f.outlier)
            r.outliers.push_back(c);
    }
    std::stable_sort(r.dims.begin(), r.dims.end(), [](const FeatureShare& a, const FeatureShare& b) {
        if (a.layerShare != b.layerShare)
            return a.layerShare > b.layerShare;
        if (a.tokenShare != b.tokenShare)
            return a.tokenShare > b.tokenShare;
        return a.maxAbs > b.maxAbs;
    });
    return r;
}

} // namespace ql

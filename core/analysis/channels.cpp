#include "channels.h"

#include "core/quant/spec.h"
#include "stats.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <queue>
#include <cmath>
#include <string>

namespace ql {

std::vector<ChannelRange> channelRanges(const WeightMatrix& w)
{
    std::vector<ChannelRange> out(size_t(std::max<int64_t>(0, w.rows)));
    tbb::parallel_for(int64_t(0), w.rows, [&](int64_t r) {
        std::vector<float> row;
        row.reserve(size_t(w.cols));
        for (int64_t c = 0; c < w.cols; ++c) {
            const float x = w.data[r * w.cols + c];
            if (std::isfinite(x))
                row.push_back(x);
        }
        if (row.empty())
            return;
        std::sort(row.begin(), row.end());
        ChannelRange& s = out[size_t(r)];
        s.min = row.front();
        s.max = row.back();
        s.q1 = percentileOfSorted(row, 25);
        s.median = percentileOfSorted(row, 50);
        s.q3 = percentileOfSorted(row, 75);
    });
    return out;
}

std::vector<size_t> tukeyOutliers(const std::vector<double>& values)
{
    std::vector<size_t> out;
    if (values.size() < 4)
        return out;
    std::vector<float> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    const double q1 = percentileOfSorted(sorted, 25), q3 = percentileOfSorted(sorted, 75), iqr = q3 - q1;
    for (size_t i = 0; i < values.size(); ++i)
        if (values[i] > q3 + 1.5 * iqr || values[i] < q1 - 1.5 * iqr)
            out.push_back(i);
    return out;
}

GranularityErrors granularityErrors(const WeightMatrix& w, int bits, int group)
{
    GranularityErrors e;
    bits = std::clamp(bits, 2, 8);
    e.groupSize = std::clamp(group, 2, 1 << 20);
    auto err = [&](const std::string& text) {
        const QuantSpec s = parseSpec(text);
        return measureError(s, w).relMse; // one pass where the spec allows
    };
    const std::string b = "int" + std::to_string(bits);
    e.tensor = err(b + ":tensor");
    e.channel = err(b + ":channel");
    e.group = err(b + ":g" + std::to_string(e.groupSize));
    return e;
}

std::vector<TopValue> topMagnitudes(const WeightMatrix& w, int k, double mean, double std)
{
    std::vector<TopValue> out;
    if (k <= 0)
        return out;
    // Min-heap on (|x|, −index) holding the k best so far: O(n log k), memory O(k).
    using Entry = std::pair<float, int64_t>;
    auto better = [](const Entry& a, const Entry& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
    std::priority_queue<Entry, std::vector<Entry>, decltype(better)> heap(better);
    const int64_t n = w.size();
    for (int64_t i = 0; i < n; ++i) {
        const float a = std::fabs(w.data[i]);
        if (!std::isfinite(a))
            continue;
        if (int(heap.size()) < k)
            heap.emplace(a, i);
        else if (better({ a, i }, heap.top())) {
            heap.pop();
            heap.emplace(a, i);
        }
    }
    out.resize(heap.size());
    for (size_t j = out.size(); j-- > 0;) {
        const int64_t i = heap.top().second;
        heap.pop();
        out[j] = { i / w.cols, i % w.cols, w.data[i], std > 0 ? (double(w.data[i]) - mean) / std : 0.0 };
    }
    return out;
}

} // namespace ql

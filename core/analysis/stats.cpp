#include "stats.h"

#include "../util/error.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace ql {

namespace {
    /// Values per chunk: the unit of reading, of parallel work and of the ordered moment reduction.
    /// Fixed, so results do not depend on the number of threads.
    constexpr int64_t kChunk = int64_t(1) << 18;
    /// Bins of the fine histogram that locates percentiles before the exact selection pass.
    constexpr int kFineBins = 1 << 16;
    /// The exact pass gathers at most this many values; beyond it a percentile is interpolated within
    /// its fine bin (only for pathological tensors with millions of values in one 1/65536 of the range).
    constexpr int64_t kMaxGather = int64_t(1) << 24;
    /// Per-channel ranges are kept for at most this many channels.
    constexpr int64_t kMaxChannels = int64_t(1) << 22;

    struct Moments {
        double n = 0, mean = 0, m2 = 0, m3 = 0, m4 = 0;
    };

    /// Pébay's pairwise update of central moments up to the fourth.
    Moments combine(const Moments& a, const Moments& b)
    {
        if (a.n == 0)
            return b;
        if (b.n == 0)
            return a;
        Moments r;
        r.n = a.n + b.n;
        const double delta = b.mean - a.mean;
        const double dn = delta / r.n;
        const double dn2 = dn * dn;
        const double t = delta * dn * a.n * b.n;
        r.mean = a.mean + b.n * dn;
        r.m2 = a.m2 + b.m2 + t;
        r.m3 = a.m3 + b.m3 + t * dn * (a.n - b.n) + 3.0 * dn * (a.n * b.m2 - b.n * a.m2);
        r.m4 = a.m4 + b.m4 + t * dn2 * (a.n * a.n - a.n * b.n + b.n * b.n) + 6.0 * dn2 * (a.n * a.n * b.m2 + b.n * b.n * a.m2)
            + 4.0 * dn * (a.n * b.m3 - b.n * a.m3);
        return r;
    }

    /// Feeds chunks of a tensor to \p fn(begin, data, count) in parallel, from memory or from the file.
    class ChunkReader {
    public:
        ChunkReader(const Model& model, size_t index, int64_t keepInMemory, Progress* progress)
            : m_model(model)
            , m_index(index)
            , m_n(model.tensors[index].parameters)
            , m_progress(progress)
        {
            if (m_n <= keepInMemory) {
                m_all.resize(size_t(m_n));
                for (int64_t b = 0; b < m_n; b += kChunk)
                    model.read(index, b, std::min(kChunk, m_n - b), m_all.data() + b);
            }
        }
        int64_t size() const { return m_n; }
        int64_t chunks() const { return (m_n + kChunk - 1) / kChunk; }

        template <typename Fn>
        void forEach(Fn&& fn) const
        {
            tbb::enumerable_thread_specific<std::vector<float>> buffers;
            tbb::parallel_for(tbb::blocked_range<int64_t>(0, chunks(), 1), [&](const tbb::blocked_range<int64_t>& r) {
                for (int64_t c = r.begin(); c < r.end(); ++c) {
                    if (m_progress)
                        m_progress->check();
                    const int64_t begin = c * kChunk;
                    const int64_t count = std::min(kChunk, m_n - begin);
                    const float* data;
                    if (!m_all.empty()) {
                        data = m_all.data() + begin;
                    } else {
                        auto& buf = buffers.local();
                        buf.resize(size_t(kChunk));
                        m_model.read(m_index, begin, count, buf.data());
                        data = buf.data();
                    }
                    fn(c, begin, data, count);
                    if (m_progress)
                        m_progress->advance(count);
                }
            });
        }

    private:
        const Model& m_model;
        size_t m_index;
        int64_t m_n;
        Progress* m_progress;
        std::vector<float> m_all;
    };

    struct Pass1 {
        int64_t nan = 0, inf = 0, zeros = 0;
        float min = std::numeric_limits<float>::infinity();
        float max = -std::numeric_limits<float>::infinity();
        float minNonzeroAbs = std::numeric_limits<float>::infinity();
        std::vector<float> chMin, chMax, chAbs;
    };

    struct Pass2 {
        std::vector<uint64_t> fine, linear, logAbs;
        std::vector<float> fineMin, fineMax;
    };

    /// Maps a value to a bin of an equal-width histogram; the same function is used in every pass.
    struct Binner {
        double lo, scale;
        int bins;
        Binner(double lo_, double hi_, int bins_)
            : lo(lo_)
            , scale(hi_ > lo_ ? double(bins_) / (hi_ - lo_) : 0.0)
            , bins(bins_)
        {
        }
        int operator()(float x) const
        {
            const double b = (double(x) - lo) * scale;
            return b <= 0 ? 0 : (b >= bins ? bins - 1 : int(b));
        }
    };
} // namespace

double percentileOfSorted(const std::vector<float>& v, double p)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double h = p / 100.0 * double(v.size() - 1);
    const size_t k = size_t(std::floor(h));
    const size_t k1 = std::min(k + 1, v.size() - 1);
    return double(v[k]) + (h - double(k)) * (double(v[k1]) - double(v[k]));
}

TensorStats computeStats(const Model& model, size_t index, const StatsOptions& options, Progress* progress)
{
    const TensorInfo& info = model.tensors.at(index);
    ChunkReader reader(model, index, options.keepInMemory, progress);
    const int64_t n = reader.size();
    TensorStats s;

    // Channel of a flat index: rows for [out, in, …], the last axis for Keras kernels.
    const int axis = options.perChannel ? info.channelAxis() : -1;
    const int64_t channels = axis < 0 ? 0 : info.channels();
    const bool doChannels = channels > 0 && channels <= kMaxChannels && n > 0;
    const int64_t rowSize = doChannels && axis == 0 ? n / channels : 1;

    // Pass 1: counts, extremes, per-chunk moments (reduced in chunk order), channel ranges.
    std::vector<Moments> chunkMoments(size_t(reader.chunks()));
    tbb::enumerable_thread_specific<Pass1> p1([&] {
        Pass1 p;
        if (doChannels) {
            p.chMin.assign(size_t(channels), std::numeric_limits<float>::infinity());
            p.chMax.assign(size_t(channels), -std::numeric_limits<float>::infinity());
            p.chAbs.assign(size_t(channels), 0.0f);
        }
        return p;
    });
    reader.forEach([&](int64_t c, int64_t begin, const float* x, int64_t count) {
        Pass1& p = p1.local();
        double sum = 0;
        int64_t finite = 0;
        for (int64_t i = 0; i < count; ++i) {
            const float v = x[i];
            if (!std::isfinite(v)) {
                (std::isnan(v) ? p.nan : p.inf)++;
                continue;
            }
            ++finite;
            sum += v;
            p.min = std::min(p.min, v);
            p.max = std::max(p.max, v);
            const float a = std::fabs(v);
            if (a == 0)
                ++p.zeros;
            else
                p.minNonzeroAbs = std::min(p.minNonzeroAbs, a);
        }
        Moments m;
        m.n = double(finite);
        if (finite > 0) {
            m.mean = sum / double(finite);
            for (int64_t i = 0; i < count; ++i) {
                if (!std::isfinite(x[i]))
                    continue;
                const double d = double(x[i]) - m.mean;
                const double d2 = d * d;
                m.m2 += d2;
                m.m3 += d2 * d;
                m.m4 += d2 * d2;
            }
        }
        chunkMoments[size_t(c)] = m;
        if (doChannels) {
            for (int64_t i = 0; i < count; ++i) {
                const float v = x[i];
                if (!std::isfinite(v))
                    continue;
                const int64_t flat = begin + i;
                const size_t ch = size_t(axis == 0 ? flat / rowSize : flat % channels);
                p.chMin[ch] = std::min(p.chMin[ch], v);
                p.chMax[ch] = std::max(p.chMax[ch], v);
                p.chAbs[ch] = std::max(p.chAbs[ch], std::fabs(v));
            }
        }
    });

    Moments total;
    for (const auto& m : chunkMoments)
        total = combine(total, m);
    float mn = std::numeric_limits<float>::infinity(), mx = -mn, minNz = mn;
    for (const Pass1& p : p1) {
        s.nan += p.nan;
        s.inf += p.inf;
        s.zeros += p.zeros;
        mn = std::min(mn, p.min);
        mx = std::max(mx, p.max);
        minNz = std::min(minNz, p.minNonzeroAbs);
        if (doChannels) {
            if (s.channelMin.empty()) {
                s.channelMin = p.chMin;
                s.channelMax = p.chMax;
                s.channelAbsmax = p.chAbs;
            } else {
                for (size_t c = 0; c < size_t(channels); ++c) {
                    s.channelMin[c] = std::min(s.channelMin[c], p.chMin[c]);
                    s.channelMax[c] = std::max(s.channelMax[c], p.chMax[c]);
                    s.channelAbsmax[c] = std::max(s.channelAbsmax[c], p.chAbs[c]);
                }
            }
        }
    }
    s.count = int64_t(total.n);
    if (s.count == 0) {
        s.linear.counts.assign(size_t(options.bins), 0);
        s.logAbs.counts.assign(size_t(options.logBins), 0);
        for (double p : options.percentiles)
            s.percentiles.emplace_back(p, std::numeric_limits<double>::quiet_NaN());
        return s;
    }
    s.min = mn;
    s.max = mx;
    s.mean = total.mean;
    s.std = std::sqrt(total.m2 / total.n);
    s.kurtosis = total.m2 > 0 ? total.n * total.m4 / (total.m2 * total.m2) - 3.0 : 0.0;
    s.absmax = std::max(std::fabs(double(mn)), std::fabs(double(mx)));
    s.absmaxOverStd = s.std > 0 ? s.absmax / s.std : 0.0;
    s.zeroFraction = double(s.zeros) / double(s.count);

    // Pass 2: display histograms and the fine histogram (with per-bin extremes) for percentiles.
    const Binner fineBin(mn, mx, kFineBins);
    const Binner linBin(mn, mx, options.bins);
    const bool haveLog = std::isfinite(minNz) && s.absmax > 0;
    const double logLo = haveLog ? std::log10(double(minNz)) : 0.0;
    const double logHi = haveLog ? std::log10(s.absmax) : 0.0;
    // Log bins are located by comparing |x| with the bins' linear-domain edges (exact, no log per value).
    std::vector<float> logEdges;
    for (int b = 1; b < options.logBins; ++b)
        logEdges.push_back(float(std::pow(10.0, logLo + (logHi - logLo) * b / options.logBins)));
    tbb::enumerable_thread_specific<Pass2> p2([&] {
        Pass2 p;
        p.fine.assign(kFineBins, 0);
        p.fineMin.assign(kFineBins, std::numeric_limits<float>::infinity());
        p.fineMax.assign(kFineBins, -std::numeric_limits<float>::infinity());
        p.linear.assign(size_t(options.bins), 0);
        p.logAbs.assign(size_t(options.logBins), 0);
        return p;
    });
    reader.forEach([&](int64_t, int64_t, const float* x, int64_t count) {
        Pass2& p = p2.local();
        for (int64_t i = 0; i < count; ++i) {
            const float v = x[i];
            if (!std::isfinite(v))
                continue;
            const int f = fineBin(v);
            ++p.fine[size_t(f)];
            p.fineMin[size_t(f)] = std::min(p.fineMin[size_t(f)], v);
            p.fineMax[size_t(f)] = std::max(p.fineMax[size_t(f)], v);
            ++p.linear[size_t(linBin(v))];
            const float a = std::fabs(v);
            if (haveLog && a > 0) {
                const auto it = std::upper_bound(logEdges.begin(), logEdges.end(), a);
                ++p.logAbs[size_t(it - logEdges.begin())];
            }
        }
    });
    Pass2 h;
    h.fine.assign(kFineBins, 0);
    h.fineMin.assign(kFineBins, std::numeric_limits<float>::infinity());
    h.fineMax.assign(kFineBins, -std::numeric_limits<float>::infinity());
    h.linear.assign(size_t(options.bins), 0);
    h.logAbs.assign(size_t(options.logBins), 0);
    for (const Pass2& p : p2) {
        for (size_t b = 0; b < size_t(kFineBins); ++b) {
            h.fine[b] += p.fine[b];
            h.fineMin[b] = std::min(h.fineMin[b], p.fineMin[b]);
            h.fineMax[b] = std::max(h.fineMax[b], p.fineMax[b]);
        }
        for (size_t b = 0; b < h.linear.size(); ++b)
            h.linear[b] += p.linear[b];
        for (size_t b = 0; b < h.logAbs.size(); ++b)
            h.logAbs[b] += p.logAbs[b];
    }
    s.linear = { double(mn), double(mx), std::move(h.linear) };
    s.logAbs = { logLo, logHi, std::move(h.logAbs) };

    // Pass 3: the exact order statistics that the percentiles need.
    std::vector<uint64_t> cumBefore(kFineBins + 1, 0);
    for (size_t b = 0; b < size_t(kFineBins); ++b)
        cumBefore[b + 1] = cumBefore[b] + h.fine[b];
    auto binOfRank = [&](uint64_t r) {
        return size_t(std::upper_bound(cumBefore.begin(), cumBefore.end(), r) - cumBefore.begin()) - 1;
    };
    struct Need {
        double p, h;
        uint64_t r0, r1;
    };
    std::vector<Need> needs;
    std::vector<char> target(kFineBins, 0);
    uint64_t gatherCount = 0;
    for (double p : options.percentiles) {
        const double hh = std::clamp(p, 0.0, 100.0) / 100.0 * double(s.count - 1);
        const uint64_t r0 = uint64_t(std::floor(hh));
        const uint64_t r1 = std::min<uint64_t>(r0 + 1, uint64_t(s.count - 1));
        needs.push_back({ p, hh, r0, r1 });
        for (uint64_t r : { r0, r1 }) {
            const size_t b = binOfRank(r);
            if (!target[b] && h.fineMin[b] != h.fineMax[b] && gatherCount + h.fine[b] <= uint64_t(kMaxGather)) {
                target[b] = 1;
                gatherCount += h.fine[b];
            }
        }
    }
    std::vector<std::vector<float>> binValues(kFineBins);
    if (gatherCount > 0) {
        tbb::enumerable_thread_specific<std::vector<std::pair<int, float>>> gathered;
        reader.forEach([&](int64_t, int64_t, const float* x, int64_t count) {
            auto& g = gathered.local();
            for (int64_t i = 0; i < count; ++i) {
                const float v = x[i];
                if (!std::isfinite(v))
                    continue;
                const int f = fineBin(v);
                if (target[size_t(f)])
                    g.emplace_back(f, v);
            }
        });
        for (auto& g : gathered)
            for (const auto& [b, v] : g)
                binValues[size_t(b)].push_back(v);
        for (auto& v : binValues)
            std::sort(v.begin(), v.end());
    } else if (progress) {
        progress->advance(n);
    }
    auto valueOfRank = [&](uint64_t r) -> double {
        const size_t b = binOfRank(r);
        const uint64_t within = r - cumBefore[b];
        if (h.fineMin[b] == h.fineMax[b])
            return h.fineMin[b];
        if (!binValues[b].empty())
            return binValues[b][size_t(within)];
        // Too many values to gather: interpolate within the bin's own range.
        const double t = h.fine[b] > 1 ? double(within) / double(h.fine[b] - 1) : 0.0;
        return double(h.fineMin[b]) + t * (double(h.fineMax[b]) - double(h.fineMin[b]));
    };
    for (const Need& nd : needs) {
        const double v0 = valueOfRank(nd.r0), v1 = valueOfRank(nd.r1);
        s.percentiles.emplace_back(nd.p, v0 + (nd.h - double(nd.r0)) * (v1 - v0));
    }
    return s;
}

std::vector<TensorStats> computeModelStats(const Model& model, const std::vector<size_t>& indices,
    const StatsOptions& options, Progress* progress, const TensorStatsCallback& onTensor)
{
    std::vector<size_t> which = indices;
    if (which.empty())
        for (size_t i = 0; i < model.tensors.size(); ++i)
            which.push_back(i);
    if (progress) {
        int64_t total = 0;
        for (size_t i : which)
            total += 3 * model.tensors[i].parameters;
        progress->setTotal(total);
    }
    std::vector<TensorStats> out;
    out.reserve(which.size());
    for (size_t i : which) {
        out.push_back(computeStats(model, i, options, progress));
        if (onTensor)
            onTensor(i, out.back());
    }
    return out;
}

} // namespace ql

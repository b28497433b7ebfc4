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
        r.m4 = a.m4 + b.m4 + t * dn2 * (a.n * a.n - a.n * b.n + b.n * b.n)
            + 6.0 * dn2 * (a.n * a.n * b.m2 + b.n * b.n * a.m2) + 4.0 * dn * (a.n * b.m3 - b.n * a.m3);
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

        template <typename Fn> void forEach(Fn&& fn) const
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
        std::vector<uint64_t> fine, linear;
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

    /// Order-preserving 16-bit key of a finite float (sign, exponent, top 7 mantissa bits, flipped
    /// so that unsigned order is numeric order). Its 65536 bins locate percentiles, and since each
    /// spans 1/128 of an octave they also give the log10|x| histogram.
    inline uint32_t orderKey(float v)
    {
        const uint32_t b = std::bit_cast<uint32_t>(v);
        return ((b & 0x80000000u) ? ~b : (b | 0x80000000u)) >> 16;
    }

    /// Magnitude part (exponent and top mantissa bits) of a key.
    inline uint32_t keyMagnitude(uint32_t key)
    {
        return key >= 0x8000u ? key - 0x8000u : (~key) & 0x7FFFu;
    }

    inline bool finiteBits(float v)
    {
        return (std::bit_cast<uint32_t>(v) & 0x7F800000u) != 0x7F800000u;
    }

    /// Moments of one chunk: mean first, then central sums, each with four partial accumulators
    /// (a fixed order, so the result is the same on every run).
    Moments chunkMoments(const float* x, int64_t count, int64_t finite)
    {
        Moments m;
        m.n = double(finite);
        if (finite == 0)
            return m;
        double s[4] = { 0, 0, 0, 0 };
        int64_t i = 0;
        const bool allFinite = finite == count;
        if (allFinite) {
            for (; i + 4 <= count; i += 4)
                for (int k = 0; k < 4; ++k)
                    s[k] += double(x[i + k]);
            for (; i < count; ++i)
                s[0] += double(x[i]);
        } else {
            for (; i < count; ++i)
                if (std::isfinite(x[i]))
                    s[i & 3] += double(x[i]);
        }
        m.mean = ((s[0] + s[1]) + (s[2] + s[3])) / m.n;
        double a2[4] = { 0, 0, 0, 0 }, a3[4] = { 0, 0, 0, 0 }, a4[4] = { 0, 0, 0, 0 };
        i = 0;
        if (allFinite) {
            for (; i + 4 <= count; i += 4)
                for (int k = 0; k < 4; ++k) {
                    const double d = double(x[i + k]) - m.mean;
                    const double d2 = d * d;
                    a2[k] += d2;
                    a3[k] += d2 * d;
                    a4[k] += d2 * d2;
                }
        }
        for (; i < count; ++i) {
            if (!std::isfinite(x[i]))
                continue;
            const double d = double(x[i]) - m.mean;
            const double d2 = d * d;
            a2[i & 3] += d2;
            a3[i & 3] += d2 * d;
            a4[i & 3] += d2 * d2;
        }
        m.m2 = (a2[0] + a2[1]) + (a2[2] + a2[3]);
        m.m3 = (a3[0] + a3[1]) + (a3[2] + a3[3]);
        m.m4 = (a4[0] + a4[1]) + (a4[2] + a4[3]);
        return m;
    }

    /// Per-channel ranges of one chunk: rows of [out, in, …] tensors, or the last axis of Keras kernels.
    void channelRanges(
        Pass1& p, const float* x, int64_t begin, int64_t count, int axis, int64_t rowSize, int64_t channels)
    {
        auto update = [&](size_t ch, float v) {
            if (!std::isfinite(v))
                return;
            p.chMin[ch] = std::min(p.chMin[ch], v);
            p.chMax[ch] = std::max(p.chMax[ch], v);
            p.chAbs[ch] = std::max(p.chAbs[ch], std::fabs(v));
        };
        if (axis == 0) {
            // Walk row segments: one channel per segment, no division per value.
            int64_t i = 0;
            while (i < count) {
                const int64_t flat = begin + i;
                const size_t ch = size_t(flat / rowSize);
                const int64_t segment = std::min(count - i, rowSize - flat % rowSize);
                float mn = p.chMin[ch], mx = p.chMax[ch], ab = p.chAbs[ch];
                for (int64_t k = 0; k < segment; ++k) {
                    const float v = x[i + k];
                    // Branch-free: a NaN fails every comparison and an infinity is masked out.
                    const bool ok = finiteBits(v);
                    const float a = std::fabs(v);
                    mn = (ok && v < mn) ? v : mn;
                    mx = (ok && v > mx) ? v : mx;
                    ab = (ok && a > ab) ? a : ab;
                }
                p.chMin[ch] = mn;
                p.chMax[ch] = mx;
                p.chAbs[ch] = ab;
                i += segment;
            }
        } else {
            int64_t ch = begin % channels;
            for (int64_t i = 0; i < count; ++i) {
                update(size_t(ch), x[i]);
                if (++ch == channels)
                    ch = 0;
            }
        }
    }
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
    std::vector<Moments> perChunk(static_cast<size_t>(reader.chunks()));
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
        int64_t finite = 0, zeros = 0;
        float mn = p.min, mx = p.max, minNz = p.minNonzeroAbs;
        int64_t nonFinite = 0;
        for (int64_t i = 0; i < count; ++i)
            nonFinite += !finiteBits(x[i]);
        if (nonFinite == 0) {
            // The common case, written branch-free so that the compiler vectorises it.
            finite = count;
            for (int64_t i = 0; i < count; ++i) {
                const float v = x[i];
                const float a = std::fabs(v);
                mn = v < mn ? v : mn;
                mx = v > mx ? v : mx;
                zeros += a == 0.0f;
                minNz = (a > 0.0f && a < minNz) ? a : minNz;
            }
        } else {
            for (int64_t i = 0; i < count; ++i) {
                const float v = x[i];
                if (!std::isfinite(v)) {
                    (std::isnan(v) ? p.nan : p.inf)++;
                    continue;
                }
                ++finite;
                mn = std::min(mn, v);
                mx = std::max(mx, v);
                const float a = std::fabs(v);
                zeros += a == 0;
                minNz = a > 0 ? std::min(minNz, a) : minNz;
            }
        }
        p.min = mn;
        p.max = mx;
        p.minNonzeroAbs = minNz;
        p.zeros += zeros;
        perChunk[size_t(c)] = chunkMoments(x, count, finite);
        if (doChannels)
            channelRanges(p, x, begin, count, axis, rowSize, channels);
    });

    Moments total;
    for (const auto& m : perChunk)
        total = combine(total, m);
    float mn = std::numeric_limits<float>::infinity(), mx = -mn, minNz = mn;
    for (const Pass1& p : p1) {
        s.nan += p.nan;
        s.inf += p.inf;
        s.zeros += p.zeros;
        mn = std::min(mn, p.min);
        mx = std::max(mx, p.max);
        minNz = std::min(minNz, p.minNonzeroAbs);
        if (!doChannels)
            continue;
        if (s.channelMin.empty()) {
            s.channelMin = p.chMin;
            s.channelMax = p.chMax;
            s.channelAbsmax = p.chAbs;
            continue;
        }
        for (size_t c = 0; c < size_t(channels); ++c) {
            s.channelMin[c] = std::min(s.channelMin[c], p.chMin[c]);
            s.channelMax[c] = std::max(s.channelMax[c], p.chMax[c]);
            s.channelAbsmax[c] = std::max(s.channelAbsmax[c], p.chAbs[c]);
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

    // Pass 2: the order-key histogram (for percentiles and the log10|x| histogram) and the display
    // histogram over [min, max].
    const Binner linBin(mn, mx, options.bins);
    tbb::enumerable_thread_specific<Pass2> p2([&] {
        Pass2 p;
        p.fine.assign(kFineBins, 0);
        p.linear.assign(size_t(options.bins), 0);
        return p;
    });
    reader.forEach([&](int64_t, int64_t, const float* x, int64_t count) {
        Pass2& p = p2.local();
        for (int64_t i = 0; i < count; ++i) {
            const float v = x[i];
            if (!finiteBits(v))
                continue;
            ++p.fine[orderKey(v)];
            ++p.linear[size_t(linBin(v))];
        }
    });
    std::vector<uint64_t> fine(kFineBins, 0), linear(size_t(options.bins), 0);
    for (const Pass2& p : p2) {
        for (size_t b = 0; b < fine.size(); ++b)
            fine[b] += p.fine[b];
        for (size_t b = 0; b < linear.size(); ++b)
            linear[b] += p.linear[b];
    }
    s.linear = { double(mn), double(mx), std::move(linear) };

    // log10|x| bins from the key bins: each key bin (1/128 octave) goes to the display bin holding its
    // geometric centre, so a value within 0.3 % of a display-bin edge may count in the neighbour bin.
    // Key bins of magnitude 0 hold the zeros, which have no logarithm.
    const bool haveLog = std::isfinite(minNz) && s.absmax > 0;
    const double logLo = haveLog ? std::log10(double(minNz)) : 0.0;
    const double logHi = haveLog ? std::log10(s.absmax) : 0.0;
    std::vector<uint64_t> logAbs(size_t(options.logBins), 0);
    if (haveLog) {
        const double logScale = logHi > logLo ? double(options.logBins) / (logHi - logLo) : 0.0;
        for (uint32_t k = 0; k < uint32_t(kFineBins); ++k) {
            const uint32_t m = keyMagnitude(k);
            if (fine[k] == 0 || m == 0)
                continue;
            const double lower = std::bit_cast<float>(m << 16);
            const double upper = std::bit_cast<float>((m + 1) << 16);
            const double centre = std::clamp(0.5 * (std::log10(lower) + std::log10(upper)), logLo, logHi);
            const int b = std::min(options.logBins - 1, int((centre - logLo) * logScale));
            logAbs[size_t(b)] += fine[k];
        }
    }
    s.logAbs = { logLo, logHi, std::move(logAbs) };

    // Pass 3: the exact order statistics that the percentiles need. Bins holding a needed rank are
    // gathered and sorted; a bin too full to gather has its extremes tracked instead (exact when
    // all its values are equal, e.g. a bin of zeros; interpolated otherwise).
    std::vector<uint64_t> cumBefore(kFineBins + 1, 0);
    for (size_t b = 0; b < size_t(kFineBins); ++b)
        cumBefore[b + 1] = cumBefore[b] + fine[b];
    auto binOfRank = [&](uint64_t r) {
        return size_t(std::upper_bound(cumBefore.begin(), cumBefore.end(), r) - cumBefore.begin()) - 1;
    };
    struct Need {
        double p, h;
        uint64_t r0, r1;
    };
    enum : char { kNone, kGather, kExtremes };
    std::vector<Need> needs;
    std::vector<char> target(kFineBins, kNone);
    uint64_t gatherCount = 0;
    for (double p : options.percentiles) {
        const double hh = std::clamp(p, 0.0, 100.0) / 100.0 * double(s.count - 1);
        const uint64_t r0 = uint64_t(std::floor(hh));
        const uint64_t r1 = std::min<uint64_t>(r0 + 1, uint64_t(s.count - 1));
        needs.push_back({ p, hh, r0, r1 });
        for (uint64_t r : { r0, r1 }) {
            const size_t b = binOfRank(r);
            if (target[b] != kNone)
                continue;
            if (gatherCount + fine[b] <= uint64_t(kMaxGather)) {
                target[b] = kGather;
                gatherCount += fine[b];
            } else {
                target[b] = kExtremes;
            }
        }
    }
    struct Pass3 {
        std::vector<std::pair<uint32_t, float>> values;
        std::vector<std::pair<float, float>> extremes;
    };
    tbb::enumerable_thread_specific<Pass3> p3([] {
        return Pass3 { {},
            std::vector<std::pair<float, float>>(
                kFineBins, { std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity() }) };
    });
    reader.forEach([&](int64_t, int64_t, const float* x, int64_t count) {
        Pass3& p = p3.local();
        for (int64_t i = 0; i < count; ++i) {
            const float v = x[i];
            if (!finiteBits(v))
                continue;
            const uint32_t f = orderKey(v);
            if (target[f] == kGather) {
                p.values.emplace_back(f, v);
            } else if (target[f] == kExtremes) {
                auto& e = p.extremes[f];
                e.first = std::min(e.first, v);
                e.second = std::max(e.second, v);
            }
        }
    });
    std::vector<std::vector<float>> binValues(kFineBins);
    std::vector<std::pair<float, float>> extremes(
        kFineBins, { std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity() });
    for (auto& p : p3) {
        for (const auto& [b, v] : p.values)
            binValues[size_t(b)].push_back(v);
        for (size_t b = 0; b < size_t(kFineBins); ++b)
            if (target[b] == kExtremes) {
                extremes[b].first = std::min(extremes[b].first, p.extremes[b].first);
                extremes[b].second = std::max(extremes[b].second, p.extremes[b].second);
            }
    }
    for (auto& v : binValues)
        std::sort(v.begin(), v.end()); // sorted, so the order threads gathered in does not matter
    auto valueOfRank = [&](uint64_t r) -> double {
        const size_t b = binOfRank(r);
        const uint64_t within = r - cumBefore[b];
        if (target[b] == kGather)
            return binValues[b][size_t(within)];
        const auto [lo, hi] = extremes[b];
        const double t = fine[b] > 1 ? double(within) / double(fine[b] - 1) : 0.0;
        return double(lo) + t * (double(hi) - double(lo));
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

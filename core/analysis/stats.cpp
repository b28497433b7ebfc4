#include "stats.h"

#include "statssimd.h"

#include "core/io/mappedfile.h" // decodeRange
#include "core/util/error.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <sys/mman.h>
#include <unistd.h>

namespace ql {

namespace {
    /// Values per chunk: the unit of reading, of parallel work and of the ordered moment reduction.
    /// Fixed, so results do not depend on the number of threads. 256 KiB of floats: a chunk and a
    /// thread's key histogram stay in the core's L2 cache while every statistic is taken from it.
    constexpr int64_t kChunk = int64_t(1) << 16;
    /// Bins of the fine histogram that locates percentiles before the exact selection pass.
    constexpr int kFineBins = 1 << 16;
    /// The exact pass gathers at most this many values; beyond it a percentile is interpolated within
    /// its fine bin (only for pathological tensors with millions of values in one 1/65536 of the range).
    constexpr int64_t kMaxGather = int64_t(1) << 24;
    /// Per-channel ranges are kept for at most this many channels.
    constexpr int64_t kMaxChannels = int64_t(1) << 22;
    constexpr float kInf = std::numeric_limits<float>::infinity();

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

    inline bool finiteBits(float v)
    {
        return (std::bit_cast<uint32_t>(v) & 0x7F800000u) != 0x7F800000u;
    }

    /// Order-preserving 16-bit key of a float (sign, exponent, top 7 mantissa bits, flipped so that
    /// unsigned order is numeric order). Its 65536 bins locate percentiles, and since each spans
    /// 1/128 of an octave they also give the log10|x| histogram. NaN and ±Inf fall in the bins of
    /// exponent 255, which are discarded.
    inline uint32_t orderKey(float v)
    {
        // Branch-free (the sign of weights is a coin toss): negative values flip every bit.
        const uint32_t b = std::bit_cast<uint32_t>(v);
        const uint32_t flip = uint32_t(int32_t(b) >> 31) | 0x80000000u;
        return (b ^ flip) >> 16;
    }

    /// Magnitude part (exponent and top mantissa bits) of a key.
    inline uint32_t keyMagnitude(uint32_t key)
    {
        return key >= 0x8000u ? key - 0x8000u : (~key) & 0x7FFFu;
    }

    inline bool finiteKey(uint32_t key)
    {
        return keyMagnitude(key) < 0x7F80u;
    }

    /// The smallest and the largest float of a key's bin.
    inline std::pair<float, float> keyRange(uint32_t key)
    {
        const uint32_t a = key << 16, b = a | 0xFFFFu;
        if (key >= 0x8000u)
            return { std::bit_cast<float>(a & 0x7FFFFFFFu), std::bit_cast<float>(b & 0x7FFFFFFFu) };
        return { std::bit_cast<float>(~b), std::bit_cast<float>(~a) };
    }

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

    /// A thread's histogram of 16-bit keys: 32-bit counters (cache-resident), moved into 64-bit
    /// totals before they could overflow. Two copies (the code path counts even and odd positions
    /// apart, so that a repeated code does not wait for its own previous increment), summed at the end.
    struct KeyHistogram {
        std::vector<uint32_t> counts = std::vector<uint32_t>(2 * kFineBins, 0);
        std::vector<uint64_t> totals;
        uint64_t pending = 0;
        void reserve(int64_t n)
        {
            if (pending + uint64_t(n) <= 0xFFFFFFFFull)
                return;
            flush();
        }
        void flush()
        {
            if (totals.empty())
                totals.assign(counts.size(), 0);
            for (size_t k = 0; k < counts.size(); ++k)
                totals[k] += counts[k];
            std::fill(counts.begin(), counts.end(), 0u);
            pending = 0;
        }
        void addTo(std::vector<uint64_t>& out) const
        {
            for (size_t k = 0; k < counts.size(); ++k)
                out[k % kFineBins] += counts[k] + (totals.empty() ? 0 : totals[k]);
        }
    };

    /// Where a chunk's values come from: the mapped file itself (float32 or a 16-bit type stored
    /// as the machine reads it), or decoded into a buffer (every other type and source).
    enum class Access { MappedF32, MappedCodes, Decoded };

    /// Per-thread state of the statistics pass.
    struct Local {
        KeyHistogram keys; ///< float path: order keys; code path: the stored 16-bit codes
        std::vector<float> chMin, chMax, chAbs;
        std::vector<float> buffer;
        std::vector<uint32_t> marked; ///< positions within a chunk that pass B looks at
        int64_t nan = 0, inf = 0;
    };

    /// Per-channel ranges of one chunk: rows of [out, in, …] tensors, or the last axis of Keras kernels.
    template <typename RowFn>
    void channelRanges(Local& p, int64_t begin, int64_t count, int axis, int64_t rowSize, int64_t channels, RowFn&& row,
        const float* x)
    {
        if (axis == 0) {
            // Walk row segments: one channel per segment, no division per value.
            int64_t i = 0;
            while (i < count) {
                const int64_t flat = begin + i;
                const size_t ch = size_t(flat / rowSize);
                const int64_t segment = std::min(count - i, rowSize - flat % rowSize);
                row(i, segment, p.chMin[ch], p.chMax[ch], p.chAbs[ch]);
                i += segment;
            }
            return;
        }
        int64_t ch = begin % channels;
        for (int64_t i = 0; i < count; ++i) {
            const float v = x[i];
            if (finiteBits(v)) {
                p.chMin[size_t(ch)] = std::min(p.chMin[size_t(ch)], v);
                p.chMax[size_t(ch)] = std::max(p.chMax[size_t(ch)], v);
                p.chAbs[size_t(ch)] = std::max(p.chAbs[size_t(ch)], std::fabs(v));
            }
            if (++ch == channels)
                ch = 0;
        }
    }

    /// Bins of a histogram of log10|x| from the key histogram: each key bin (1/128 octave) goes to
    /// the display bin holding its geometric centre, so a value within 0.3 % of a display-bin edge
    /// may count in the neighbour bin. Key bins of magnitude 0 hold the zeros, which have no logarithm.
    Histogram logHistogram(const std::vector<uint64_t>& fine, float minNz, double absmax, int logBins)
    {
        const bool haveLog = std::isfinite(minNz) && absmax > 0;
        const double logLo = haveLog ? std::log10(double(minNz)) : 0.0;
        const double logHi = haveLog ? std::log10(absmax) : 0.0;
        std::vector<uint64_t> logAbs(size_t(logBins), 0);
        if (haveLog) {
            const double logScale = logHi > logLo ? double(logBins) / (logHi - logLo) : 0.0;
            for (uint32_t k = 0; k < uint32_t(kFineBins); ++k) {
                const uint32_t m = keyMagnitude(k);
                if (fine[k] == 0 || m == 0)
                    continue;
                const double lower = std::bit_cast<float>(m << 16);
                const double upper = std::bit_cast<float>((m + 1) << 16);
                const double centre = std::clamp(0.5 * (std::log10(lower) + std::log10(upper)), logLo, logHi);
                const int b = std::min(logBins - 1, int((centre - logLo) * logScale));
                logAbs[size_t(b)] += fine[k];
            }
        }
        return { logLo, logHi, std::move(logAbs) };
    }

    /// The shared part of both paths once count, moments and extremes are known.
    void finishSummary(TensorStats& s, const Moments& total, float mn, float mx)
    {
        s.count = int64_t(total.n);
        s.min = mn;
        s.max = mx;
        s.mean = total.mean;
        s.std = std::sqrt(total.m2 / total.n);
        s.kurtosis = total.m2 > 0 ? total.n * total.m4 / (total.m2 * total.m2) - 3.0 : 0.0;
        s.absmax = std::max(std::fabs(double(mn)), std::fabs(double(mx)));
        s.absmaxOverStd = s.std > 0 ? s.absmax / s.std : 0.0;
        s.zeroFraction = double(s.zeros) / double(s.count);
    }

    void emptyResult(TensorStats& s, const StatsOptions& options)
    {
        s.linear.counts.assign(size_t(options.bins), 0);
        s.logAbs.counts.assign(size_t(options.logBins), 0);
        for (double p : options.percentiles)
            s.percentiles.emplace_back(p, std::numeric_limits<double>::quiet_NaN());
    }

    /// The statistics of one tensor: one read of its values (two for float data: the second one
    /// touches only what the percentiles and the straddling histogram bins need).
    class StatsPass {
    public:
        StatsPass(const Model& model, size_t index, const StatsOptions& options, Progress* progress)
            : m_model(model)
            , m_index(index)
            , m_info(model.tensors.at(index))
            , m_options(options)
            , m_progress(progress)
            , m_n(m_info.parameters)
        {
            const uint8_t* stored = m_n > 0 ? model.storedBytes(index) : nullptr;
            const bool plain = dtypeBlockElements(m_info.dtype) == 1 && !m_info.fortranOrder && !m_info.bigEndian;
            const int width = plain ? dtypeBlockBytes(m_info.dtype) : 0;
            if (stored && m_info.dtype == DType::F32 && reinterpret_cast<uintptr_t>(stored) % alignof(float) == 0) {
                m_access = Access::MappedF32;
            } else if (stored && width == 2 && reinterpret_cast<uintptr_t>(stored) % 2 == 0) {
                m_access = Access::MappedCodes;
                m_codeWidth = 2;
            } else if (stored && width == 1) {
                m_access = Access::MappedCodes;
                m_codeWidth = 1;
            }
            m_stored = stored;
            const int axis = options.perChannel ? m_info.channelAxis() : -1;
            m_channels = axis < 0 ? 0 : m_info.channels();
            m_axis = axis;
            m_doChannels = m_channels > 0 && m_channels <= kMaxChannels && m_n > 0;
            m_rowSize = m_doChannels && axis == 0 ? m_n / m_channels : 1;
            // Decoded tensors small enough are decoded once and kept for the second pass.
            if (m_access == Access::Decoded && m_n <= options.keepInMemory) {
                m_all.resize(size_t(m_n));
                for (int64_t b = 0; b < m_n; b += kChunk)
                    model.read(index, b, std::min(kChunk, m_n - b), m_all.data() + b);
            }
        }

        TensorStats run()
        {
            TensorStats s;
            if (m_access == Access::MappedCodes)
                codePath(s);
            else
                floatPath(s);
            return s;
        }

    private:
        int64_t chunks() const { return (m_n + kChunk - 1) / kChunk; }

        /// Feeds chunks to \p fn(chunk, begin, count, local) in parallel.
        template <typename Fn> void forEach(Fn&& fn)
        {
            tbb::parallel_for(tbb::blocked_range<int64_t>(0, chunks(), 1), [&](const tbb::blocked_range<int64_t>& r) {
                for (int64_t c = r.begin(); c < r.end(); ++c) {
                    if (m_progress)
                        m_progress->check();
                    const int64_t begin = c * kChunk;
                    fn(c, begin, std::min(kChunk, m_n - begin), m_locals.local());
                }
            });
        }

        /// The chunk's values as floats: from the map, from memory or decoded into the thread's buffer.
        const float* floats(int64_t begin, int64_t count, Local& p) const
        {
            if (m_access == Access::MappedF32)
                return reinterpret_cast<const float*>(m_stored) + begin;
            if (!m_all.empty())
                return m_all.data() + begin;
            p.buffer.resize(size_t(kChunk));
            m_model.read(m_index, begin, count, p.buffer.data());
            return p.buffer.data();
        }

        void initChannels(Local& p) const
        {
            if (!m_doChannels || !p.chMin.empty())
                return;
            p.chMin.assign(size_t(m_channels), kInf);
            p.chMax.assign(size_t(m_channels), -kInf);
            p.chAbs.assign(size_t(m_channels), 0.0f);
        }

        void mergeChannels(TensorStats& s)
        {
            if (!m_doChannels)
                return;
            for (const Local& p : m_locals) {
                if (p.chMin.empty())
                    continue;
                if (s.channelMin.empty()) {
                    s.channelMin = p.chMin;
                    s.channelMax = p.chMax;
                    s.channelAbsmax = p.chAbs;
                    continue;
                }
                for (size_t c = 0; c < size_t(m_channels); ++c) {
                    s.channelMin[c] = std::min(s.channelMin[c], p.chMin[c]);
                    s.channelMax[c] = std::max(s.channelMax[c], p.chMax[c]);
                    s.channelAbsmax[c] = std::max(s.channelAbsmax[c], p.chAbs[c]);
                }
            }
        }

        void floatChannels(Local& p, const float* x, int64_t begin, int64_t count) const
        {
            channelRanges(
                p, begin, count, m_axis, m_rowSize, m_channels,
                [&](int64_t i, int64_t len, float& mn, float& mx, float& ab) {
                    simd::finiteRange(x + i, len, mn, mx, ab);
                },
                x);
        }

        /// Float data: pass A takes counts, extremes, moments, channel ranges and the key histogram
        /// from each chunk while it is in cache; pass B revisits the values of the few key bins that
        /// hold a needed order statistic or straddle a display-histogram edge.
        void floatPath(TensorStats& s)
        {
            std::vector<Moments> perChunk(static_cast<size_t>(chunks()));
            std::vector<simd::ChunkScan> scans(static_cast<size_t>(chunks()));
            forEach([&](int64_t c, int64_t begin, int64_t count, Local& p) {
                const float* x = floats(begin, count, p);
                const simd::ChunkScan sc = simd::scanChunk(x, count);
                Moments m;
                m.n = double(count - sc.nonFinite);
                if (m.n > 0) {
                    m.mean = sc.sum / m.n;
                    double sums[3] = { 0, 0, 0 };
                    if (sc.nonFinite == 0) {
                        simd::centralSums(x, count, m.mean, sums);
                    } else {
                        for (int64_t i = 0; i < count; ++i) {
                            if (!finiteBits(x[i]))
                                continue;
                            const double d = double(x[i]) - m.mean, d2 = d * d;
                            sums[0] += d2;
                            sums[1] += d2 * d;
                            sums[2] += d2 * d2;
                        }
                    }
                    m.m2 = sums[0];
                    m.m3 = sums[1];
                    m.m4 = sums[2];
                }
                if (sc.nonFinite > 0)
                    for (int64_t i = 0; i < count; ++i)
                        if (!finiteBits(x[i]))
                            (std::isnan(x[i]) ? p.nan : p.inf)++;
                perChunk[size_t(c)] = m;
                scans[size_t(c)] = sc;
                p.keys.reserve(count);
                simd::histogramKeys(x, count, p.keys.counts.data());
                p.keys.pending += uint64_t(count);
                if (m_doChannels) {
                    initChannels(p);
                    floatChannels(p, x, begin, count);
                }
                if (m_progress)
                    m_progress->advance(2 * count);
            });

            Moments total;
            for (const auto& m : perChunk)
                total = combine(total, m);
            float mn = kInf, mx = -kInf, minNz = kInf;
            for (const auto& sc : scans) {
                s.zeros += sc.zeros;
                mn = std::min(mn, sc.min);
                mx = std::max(mx, sc.max);
                minNz = std::min(minNz, sc.minNonzeroAbs);
            }
            std::vector<uint64_t> fine(kFineBins, 0);
            for (const Local& p : m_locals) {
                s.nan += p.nan;
                s.inf += p.inf;
                p.keys.addTo(fine);
            }
            for (uint32_t k = 0; k < uint32_t(kFineBins); ++k)
                if (!finiteKey(k))
                    fine[k] = 0;
            mergeChannels(s);
            if (total.n == 0) {
                emptyResult(s, m_options);
                if (m_progress)
                    m_progress->advance(m_n);
                return;
            }
            finishSummary(s, total, mn, mx);
            s.logAbs = logHistogram(fine, minNz, s.absmax, m_options.logBins);

            // The display histogram over [min, max] from the key bins that lie within one display
            // bin; a key bin that straddles an edge has its values binned one by one in pass B.
            const Binner linBin(mn, mx, m_options.bins);
            std::vector<uint64_t> linear(size_t(m_options.bins), 0);
            enum : uint8_t { kGather = 1, kExtremes = 2, kStraddle = 4 };
            std::vector<uint8_t> target(kFineBins, 0);
            for (uint32_t k = 0; k < uint32_t(kFineBins); ++k) {
                if (fine[k] == 0)
                    continue;
                const auto [lo, hi] = keyRange(k);
                const int a = linBin(lo), b = linBin(hi);
                if (a == b)
                    linear[size_t(a)] += fine[k];
                else
                    target[k] |= kStraddle;
            }

            // The bins holding the ranks the percentiles need: gathered for an exact selection; a
            // bin too full to gather has its extremes tracked instead (exact when all its values
            // are equal, e.g. a bin of zeros; interpolated otherwise).
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
            std::vector<Need> needs;
            uint64_t gatherCount = 0;
            for (double p : m_options.percentiles) {
                const double hh = std::clamp(p, 0.0, 100.0) / 100.0 * double(s.count - 1);
                const uint64_t r0 = uint64_t(std::floor(hh));
                const uint64_t r1 = std::min<uint64_t>(r0 + 1, uint64_t(s.count - 1));
                needs.push_back({ p, hh, r0, r1 });
                for (uint64_t r : { r0, r1 }) {
                    const size_t b = binOfRank(r);
                    if (target[b] & (kGather | kExtremes))
                        continue;
                    if (gatherCount + fine[b] <= uint64_t(kMaxGather)) {
                        target[b] |= kGather;
                        gatherCount += fine[b];
                    } else {
                        target[b] |= kExtremes;
                    }
                }
            }

            // Pass B, when a bin needs it.
            if (std::none_of(target.begin(), target.end(), [](uint8_t t) { return t != 0; })) {
                s.linear = { double(mn), double(mx), std::move(linear) };
                if (m_progress)
                    m_progress->advance(m_n);
                return; // no percentiles asked for, and every key bin within one display bin
            }
            struct PassB {
                std::vector<std::pair<uint32_t, float>> values;
                std::vector<std::pair<float, float>> extremes;
                std::vector<uint64_t> linear;
            };
            tbb::enumerable_thread_specific<PassB> pb([&] {
                return PassB { {}, {}, std::vector<uint64_t>(size_t(m_options.bins), 0) };
            });
            std::vector<uint32_t> bitmap(kFineBins / 32, 0);
            for (uint32_t k = 0; k < uint32_t(kFineBins); ++k)
                if (target[k])
                    bitmap[k >> 5] |= 1u << (k & 31);
            forEach([&](int64_t, int64_t begin, int64_t count, Local& local) {
                const float* x = floats(begin, count, local);
                PassB& p = pb.local();
                local.marked.resize(size_t(kChunk + 64));
                const int64_t marked = simd::markedPositions(x, count, bitmap.data(), local.marked.data());
                for (int64_t j = 0; j < marked; ++j) {
                    const float v = x[local.marked[size_t(j)]];
                    const uint32_t f = orderKey(v);
                    const uint8_t t = target[f];
                    if (t & kStraddle)
                        ++p.linear[size_t(linBin(v))];
                    if (t & kGather) {
                        p.values.emplace_back(f, v);
                    } else if (t & kExtremes) {
                        if (p.extremes.empty())
                            p.extremes.assign(kFineBins, { kInf, -kInf });
                        auto& e = p.extremes[f];
                        e.first = std::min(e.first, v);
                        e.second = std::max(e.second, v);
                    }
                }
                if (m_progress)
                    m_progress->advance(count);
            });
            std::vector<std::vector<float>> binValues(kFineBins);
            std::vector<std::pair<float, float>> extremes(kFineBins, { kInf, -kInf });
            for (auto& p : pb) {
                for (size_t b = 0; b < linear.size(); ++b)
                    linear[b] += p.linear[b];
                for (const auto& [b, v] : p.values)
                    binValues[size_t(b)].push_back(v);
                if (!p.extremes.empty())
                    for (size_t b = 0; b < size_t(kFineBins); ++b)
                        if (target[b] & kExtremes) {
                            extremes[b].first = std::min(extremes[b].first, p.extremes[b].first);
                            extremes[b].second = std::max(extremes[b].second, p.extremes[b].second);
                        }
            }
            s.linear = { double(mn), double(mx), std::move(linear) };
            auto valueOfRank = [&](uint64_t r) -> double {
                const size_t b = binOfRank(r);
                const uint64_t within = r - cumBefore[b];
                if (target[b] & kGather) {
                    // Selection, not a sort: the k-th smallest of the bin's values.
                    auto& v = binValues[b];
                    std::nth_element(v.begin(), v.begin() + ptrdiff_t(within), v.end());
                    return v[size_t(within)];
                }
                const auto [lo, hi] = extremes[b];
                const double t = fine[b] > 1 ? double(within) / double(fine[b] - 1) : 0.0;
                return double(lo) + t * (double(hi) - double(lo));
            };
            for (const Need& nd : needs) {
                const double v0 = valueOfRank(nd.r0), v1 = valueOfRank(nd.r1);
                s.percentiles.emplace_back(nd.p, v0 + (nd.h - double(nd.r0)) * (v1 - v0));
            }
        }

        /// One- and two-byte types read from the map: a histogram of the stored codes holds the
        /// tensor's exact multiset of values, so every statistic but the channel ranges comes from
        /// it, and the file is read once.
        void codePath(TensorStats& s)
        {
            const bool wide = m_codeWidth == 2;
            const bool bf16 = m_info.dtype == DType::BF16;
            forEach([&](int64_t, int64_t begin, int64_t count, Local& p) {
                p.keys.reserve(count);
                uint32_t* h = p.keys.counts.data();
                if (wide) {
                    const uint16_t* x = reinterpret_cast<const uint16_t*>(m_stored) + begin;
                    uint32_t* odd = h + kFineBins;
                    int64_t i = 0;
                    for (; i + 2 <= count; i += 2) {
                        ++h[x[i]];
                        ++odd[x[i + 1]];
                    }
                    for (; i < count; ++i)
                        ++h[x[i]];
                } else {
                    const uint8_t* x = m_stored + begin;
                    for (int64_t i = 0; i < count; ++i)
                        ++h[x[i]];
                }
                p.keys.pending += uint64_t(count);
                if (m_doChannels) {
                    initChannels(p);
                    if (bf16 && m_axis == 0) {
                        const uint16_t* x = reinterpret_cast<const uint16_t*>(m_stored) + begin;
                        channelRanges(
                            p, begin, count, m_axis, m_rowSize, m_channels,
                            [&](int64_t i, int64_t len, float& mn, float& mx, float& ab) {
                                simd::finiteRangeBf16(x + i, len, mn, mx, ab);
                            },
                            nullptr);
                    } else {
                        p.buffer.resize(size_t(kChunk));
                        decodeRange(m_info, m_stored, begin, count, p.buffer.data());
                        floatChannels(p, p.buffer.data(), begin, count);
                    }
                }
                if (m_progress)
                    m_progress->advance(3 * count);
            });
            const size_t codes = wide ? 65536 : 256;
            std::vector<uint64_t> counts(kFineBins, 0);
            for (const Local& p : m_locals)
                p.keys.addTo(counts);
            mergeChannels(s);

            // The distinct values in numeric order (ties, such as +0 and −0, by code).
            struct Entry {
                float v;
                uint32_t code;
                uint64_t n;
            };
            std::vector<Entry> entries;
            std::vector<uint64_t> fine(kFineBins, 0);
            for (uint32_t c = 0; c < codes; ++c) {
                if (counts[c] == 0)
                    continue;
                uint8_t bytes[2] = { uint8_t(c & 0xFF), uint8_t(c >> 8) };
                float v;
                decodeBlocks(m_info.dtype, bytes, 1, &v);
                if (std::isnan(v)) {
                    s.nan += int64_t(counts[c]);
                } else if (std::isinf(v)) {
                    s.inf += int64_t(counts[c]);
                } else {
                    entries.push_back({ v, c, counts[c] });
                    fine[orderKey(v)] += counts[c];
                }
            }
            std::sort(entries.begin(), entries.end(),
                [](const Entry& a, const Entry& b) { return a.v < b.v || (a.v == b.v && a.code < b.code); });
            if (entries.empty()) {
                emptyResult(s, m_options);
                return;
            }
            // Moments in double over the distinct values, in numeric order.
            Moments total;
            double sum = 0;
            for (const Entry& e : entries) {
                total.n += double(e.n);
                sum += double(e.n) * double(e.v);
            }
            total.mean = sum / total.n;
            for (const Entry& e : entries) {
                const double d = double(e.v) - total.mean, d2 = d * d;
                total.m2 += double(e.n) * d2;
                total.m3 += double(e.n) * d2 * d;
                total.m4 += double(e.n) * d2 * d2;
            }
            float minNz = kInf;
            for (const Entry& e : entries) {
                if (e.v == 0.0f)
                    s.zeros += int64_t(e.n);
                else
                    minNz = std::min(minNz, std::fabs(e.v));
            }
            finishSummary(s, total, entries.front().v, entries.back().v);
            s.logAbs = logHistogram(fine, minNz, s.absmax, m_options.logBins);
            const Binner linBin(s.min, s.max, m_options.bins);
            std::vector<uint64_t> linear(size_t(m_options.bins), 0);
            for (const Entry& e : entries)
                linear[size_t(linBin(e.v))] += e.n;
            s.linear = { s.min, s.max, std::move(linear) };
            std::vector<uint64_t> cum(entries.size() + 1, 0);
            for (size_t i = 0; i < entries.size(); ++i)
                cum[i + 1] = cum[i] + entries[i].n;
            auto valueOfRank = [&](uint64_t r) -> double {
                const size_t i = size_t(std::upper_bound(cum.begin(), cum.end(), r) - cum.begin()) - 1;
                return entries[i].v;
            };
            for (double p : m_options.percentiles) {
                const double hh = std::clamp(p, 0.0, 100.0) / 100.0 * double(s.count - 1);
                const uint64_t r0 = uint64_t(std::floor(hh));
                const uint64_t r1 = std::min<uint64_t>(r0 + 1, uint64_t(s.count - 1));
                const double v0 = valueOfRank(r0), v1 = valueOfRank(r1);
                s.percentiles.emplace_back(p, v0 + (hh - double(r0)) * (v1 - v0));
            }
        }

        const Model& m_model;
        size_t m_index;
        const TensorInfo& m_info;
        const StatsOptions& m_options;
        Progress* m_progress;
        int64_t m_n;
        Access m_access = Access::Decoded;
        int m_codeWidth = 0;
        const uint8_t* m_stored = nullptr;
        int m_axis = -1;
        int64_t m_channels = 0, m_rowSize = 1;
        bool m_doChannels = false;
        std::vector<float> m_all;
        tbb::enumerable_thread_specific<Local> m_locals;
    };
    /// Asks the OS to start reading a mapped tensor's bytes (a hint; nothing for other sources).
    void prefetch(const Model& model, size_t index)
    {
        const uint8_t* p = model.storedBytes(index);
        const uint64_t bytes = model.tensors[index].bytes;
        if (!p || bytes == 0)
            return;
        const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
        const uintptr_t begin = reinterpret_cast<uintptr_t>(p) / page * page;
        ::madvise(
            reinterpret_cast<void*>(begin), size_t(reinterpret_cast<uintptr_t>(p) + bytes - begin), MADV_WILLNEED);
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
    return StatsPass(model, index, options, progress).run();
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
    if (!which.empty())
        prefetch(model, which.front());
    for (size_t k = 0; k < which.size(); ++k) {
        const size_t i = which[k];
        // The next tensor is read from disk while this one is computed (a file not in the page cache).
        if (k + 1 < which.size())
            prefetch(model, which[k + 1]);
        out.push_back(computeStats(model, i, options, progress));
        if (onTensor)
            onTensor(i, out.back());
    }
    return out;
}

} // namespace ql

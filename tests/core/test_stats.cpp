// Statistics: hand-worked values, numpy golden values, NaN/Inf handling, per-channel ranges in
// both layouts, and independence from the thread count and from streaming.
// TBB before Qt: Qt's `emit` keyword macro clashes with a TBB function name.
#include <tbb/task_arena.h>

#include "core/analysis/activations.h"
#include "core/analysis/channels.h"
#include "core/analysis/stats.h"
#include "core/io/model.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "support/fixtures.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <fstream>
#include <random>

using namespace fixtures;

namespace {
/// numpy computes moments in float64 from the same float32 values; only summation order differs.
constexpr double kMomentTolerance = 1e-9;
/// Percentiles are exact order statistics interpolated in double, as numpy does.
constexpr double kPercentileTolerance = 1e-12;
}

class TestStats : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ql::Model modelOf(const std::string& name, const std::vector<int64_t>& shape, const std::vector<float>& v)
    {
        const std::string p = (m_dir.path() + "/").toStdString() + name;
        writeFile(p, safetensors({ { "w", "F32", shape, raw(v) } }));
        return ql::open(p);
    }

private slots:
    void outlierFeaturesHandWorked()
    {
        // Hidden width 4, three layers (layer 2 has two inputs of that width), 10 tokens each.
        // Dim 2 reaches 7 at two tokens of every input → every layer, 8 / 40 tokens: an outlier feature.
        // Dim 0 reaches 8 once (layer 0) → a third of the layers but 1 / 40 tokens: not one.
        // Dim 3 reaches −6 (the threshold counts) at 3 tokens of layer 1 → 1/3 of layers, 3/40 ≥ 6 %: one.
        ql::CalibrationStore store;
        auto make = [&](const std::string& name, int layer) {
            ql::CalibrationEntry e;
            e.in = 4;
            e.inputs.assign(40, 0.5f);
            for (int t = 0; t < 2; ++t)
                e.inputs[size_t(t * 4 + 2)] = (t % 2) ? -7.0f : 7.0f;
            if (layer == 0 && name.find("attn") != std::string::npos)
                e.inputs[size_t(5 * 4 + 0)] = 8.0f;
            if (layer == 1)
                for (int t = 3; t < 6; ++t)
                    e.inputs[size_t(t * 4 + 3)] = -6.0f;
            e.inputs[size_t(9 * 4 + 1)] = std::numeric_limits<float>::quiet_NaN(); // ignored
            store.entries[name] = e;
        };
        make("blk.0.attn_q.weight", 0);
        make("blk.1.attn_q.weight", 1);
        make("blk.2.attn_q.weight", 2);
        make("blk.2.ffn_up.weight", 2);
        ql::CalibrationEntry other; // another width: not examined
        other.in = 5;
        other.inputs.assign(50, 100.0f);
        store.entries["blk.0.ffn_down.weight"] = other;

        const ql::OutlierFeatureReport r = ql::findOutlierFeatures(store, 4);
        QCOMPARE(r.layers, 3);
        QCOMPARE(r.rows, int64_t(40));
        QCOMPARE(r.outliers, (std::vector<int64_t> { 2, 3 }));
        QCOMPARE(r.dims[0].dim, int64_t(2));
        QCOMPARE(r.dims[0].layers, 3);
        QCOMPARE(r.dims[0].tokenShare, 8.0 / 40.0);
        QCOMPARE(r.dims[0].maxAbs, 7.0f);
        const auto dim0 = std::find_if(r.dims.begin(), r.dims.end(), [](const ql::FeatureShare& f) { return f.dim == 0; });
        QCOMPARE(dim0->layers, 1);
        QCOMPARE(dim0->tokenShare, 1.0 / 40.0);
        QVERIFY(!dim0->outlier);
        // A higher threshold leaves none; the background level (0.5) flags every dimension.
        QVERIFY(ql::findOutlierFeatures(store, 4, 8.5f).outliers.empty());
        QCOMPARE(ql::findOutlierFeatures(store, 4, 0.5f).outliers.size(), size_t(4));

        const ql::ActivationMap m = ql::activationMap(store.entries["blk.1.attn_q.weight"], 6.0f);
        QCOMPARE(m.tokens, int64_t(10));
        QCOMPARE(m.channels, int64_t(4));
        QCOMPARE(m.overThreshold, (std::vector<int64_t> { 0, 0, 2, 3 }));
        QCOMPARE(m.max, 7.0f);
        QCOMPARE(m.nonFinite, int64_t(1));
        QCOMPARE(m.magnitude[size_t(1 * 4 + 2)], 7.0f);
        QCOMPARE(ql::activationMap(ql::CalibrationEntry {}, 6.0f).tokens, int64_t(0));
    }

    void topMagnitudesHandWorked()
    {
        // [2, 3]: |−5| first, then the two 3s in position order, NaN and Inf skipped.
        std::vector<float> v { 1, -5, 3, std::nanf(""), 3, std::numeric_limits<float>::infinity() };
        const auto t = ql::topMagnitudes({ v.data(), 2, 3 }, 3, 1.0, 2.0);
        QCOMPARE(int(t.size()), 3);
        QCOMPARE(t[0].value, -5.0f);
        QCOMPARE(t[0].row, int64_t(0));
        QCOMPARE(t[0].col, int64_t(1));
        QCOMPARE(t[0].z, -3.0);
        QCOMPARE(t[1].col, int64_t(2));
        QCOMPARE(t[2].row, int64_t(1));
        QCOMPARE(t[2].col, int64_t(1));
        QCOMPARE(int(ql::topMagnitudes({ v.data(), 2, 3 }, 10, 0, 0).size()), 4); // only 4 finite values
        // Agrees with a full sort on random data.
        std::mt19937 rng(5);
        std::normal_distribution<float> n(0, 1);
        std::vector<float> r(5000);
        for (auto& x : r)
            x = n(rng);
        auto sorted = r;
        std::sort(sorted.begin(), sorted.end(), [](float a, float b) { return std::fabs(a) > std::fabs(b); });
        const auto top = ql::topMagnitudes({ r.data(), 50, 100 }, 20, 0, 1);
        for (size_t i = 0; i < 20; ++i)
            QCOMPARE(top[i].value, sorted[i]);
    }

    void channelRangesAndOutliers()
    {
        // Row 0 is 1…8 (numpy: q1 2.75, median 4.5, q3 6.25); row 1 holds a NaN, which is skipped.
        std::vector<float> v { 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, std::nanf("") };
        const auto r = ql::channelRanges({ v.data(), 2, 8 });
        QCOMPARE(r[0].min, 1.0);
        QCOMPARE(r[0].q1, 2.75);
        QCOMPARE(r[0].median, 4.5);
        QCOMPARE(r[0].q3, 6.25);
        QCOMPARE(r[0].max, 8.0);
        QCOMPARE(r[1].range(), 0.0);
        // Tukey's rule: above Q3 + 1.5·IQR.
        QCOMPARE(ql::tukeyOutliers({ 1, 1.1, 0.9, 1, 1.05, 10 }), (std::vector<size_t> { 5 }));
        QVERIFY(ql::tukeyOutliers({ 1, 2, 3, 4, 5 }).empty());

        // One channel 50× larger: per-tensor INT4 loses the other channels, per-channel does not.
        std::mt19937 rng(1);
        std::normal_distribution<float> n(0, 1);
        std::vector<float> w(64 * 256);
        for (size_t i = 0; i < w.size(); ++i)
            w[i] = n(rng) * (i / 256 == 7 ? 50.0f : 1.0f);
        const ql::WeightMatrix m { w.data(), 64, 256 };
        std::vector<double> ranges;
        for (const auto& c : ql::channelRanges(m))
            ranges.push_back(c.range());
        const auto flagged = ql::tukeyOutliers(ranges); // 7, and a few of the normal rows' natural spread
        QVERIFY(std::find(flagged.begin(), flagged.end(), size_t(7)) != flagged.end());
        QVERIFY(flagged.size() <= 4);
        const auto e = ql::granularityErrors(m, 4, 64);
        QCOMPARE(e.groupSize, 64);
        QVERIFY(e.channel < e.tensor);
        QVERIFY(e.group < e.channel);
        QCOMPARE(e.tensor, ql::measureError(ql::parseSpec("int4:tensor"), m, ql::computeParams(ql::parseSpec("int4:tensor"), m)).relMse);
    }
    void handWorked()
    {
        const ql::Model m = modelOf("four.safetensors", { 4 }, { 1, 2, 3, 4 });
        const ql::TensorStats s = ql::computeStats(m, 0);
        QCOMPARE(s.count, int64_t(4));
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 4.0);
        QCOMPARE(s.mean, 2.5);
        QCOMPARE(s.std, std::sqrt(1.25));
        // m2 = 1.25, m4 = (2·2.25² + 2·0.25²)/4 = 2.5625; excess kurtosis = 2.5625/1.5625 − 3.
        QVERIFY(std::fabs(s.kurtosis - (-1.36)) < 1e-12);
        QCOMPARE(s.absmax, 4.0);
        QCOMPARE(s.percentiles[2].first, 50.0);
        QCOMPARE(s.percentiles[2].second, 2.5);
        QVERIFY(std::fabs(s.percentiles[1].second - 1.03) < 1e-12); // 1st percentile: 1 + 0.03·(2 − 1)
        QCOMPARE(std::accumulate(s.linear.counts.begin(), s.linear.counts.end(), uint64_t(0)), uint64_t(4));
        QCOMPARE(s.linear.counts.front(), uint64_t(1));
        QCOMPARE(s.linear.counts.back(), uint64_t(1));
    }

    void nanInfZerosCounted()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
        const ql::Model m = modelOf("nan.safetensors", { 6 }, { nan, -inf, 0.0f, 2.0f, -2.0f, inf });
        const auto s = ql::computeStats(m, 0);
        QCOMPARE(s.nan, int64_t(1));
        QCOMPARE(s.inf, int64_t(2));
        QCOMPARE(s.count, int64_t(3));
        QCOMPARE(s.zeros, int64_t(1));
        QCOMPARE(s.mean, 0.0);
        QCOMPARE(s.max, 2.0);
        QCOMPARE(s.zeroFraction, 1.0 / 3.0);
        // log|x| histogram holds the two nonzero finite values.
        QCOMPARE(std::accumulate(s.logAbs.counts.begin(), s.logAbs.counts.end(), uint64_t(0)), uint64_t(2));
    }

    void matchesNumpyGolden()
    {
        const ql::Model m = ql::open(QL_TEST_DATA "/golden_stats.npy");
        std::ifstream in(QL_TEST_DATA "/golden_stats.json");
        const auto g = nlohmann::json::parse(in);
        const auto s = ql::computeStats(m, 0);
        QCOMPARE(s.count, g["count"].get<int64_t>());
        QCOMPARE(s.min, g["min"].get<double>());
        QCOMPARE(s.max, g["max"].get<double>());
        QCOMPARE(s.zeros, g["zeros"].get<int64_t>());
        QVERIFY(std::fabs(s.mean - g["mean"].get<double>()) < kMomentTolerance);
        QVERIFY(std::fabs(s.std / g["std"].get<double>() - 1) < kMomentTolerance);
        QVERIFY(std::fabs(s.kurtosis / g["kurtosis"].get<double>() - 1) < kMomentTolerance);
        for (const auto& [p, v] : s.percentiles) {
            char key[16];
            std::snprintf(key, sizeof key, "%g", p);
            QVERIFY2(std::fabs(v - g["percentiles"][key].get<double>()) < kPercentileTolerance, key);
        }
        const auto& ch = g["channel_absmax"];
        QCOMPARE(s.channelAbsmax.size(), ch.size());
        for (size_t c = 0; c < ch.size(); ++c)
            QCOMPARE(double(s.channelAbsmax[c]), ch[c].get<double>());
    }

    void perChannelFollowsLayout()
    {
        // [out=2, in=3] for PyTorch; the same bytes as a Keras [in=2, out=3] kernel have 3 channels.
        const ql::Model m = modelOf("ch.safetensors", { 2, 3 }, { 1, -5, 2, 0.5f, 3, -1 });
        auto s = ql::computeStats(m, 0);
        QCOMPARE(s.channelAbsmax, (std::vector<float> { 5, 3 }));
        QCOMPARE(s.channelMin, (std::vector<float> { -5, -1 }));
        ql::Model keras = m;
        keras.tensors[0].layout = ql::Layout::InOut;
        s = ql::computeStats(keras, 0);
        QCOMPARE(s.channelAbsmax, (std::vector<float> { 1, 5, 2 }));
        QCOMPARE(s.channelMax, (std::vector<float> { 1, 3, 2 }));
    }

    void independentOfThreadsAndStreaming()
    {
        // 1.5M heavy-tailed values: several chunks, so order of reduction matters if done wrong.
        std::mt19937 rng(7);
        std::student_t_distribution<float> t(3.0f);
        std::vector<float> v(1'500'000);
        for (auto& x : v)
            x = t(rng) * 0.01f;
        const ql::Model m = modelOf("big.safetensors", { 1500, 1000 }, v);
        ql::StatsOptions inMemory, streamed;
        streamed.keepInMemory = 0;
        ql::TensorStats one, two, stream;
        tbb::task_arena(1).execute([&] { one = ql::computeStats(m, 0, inMemory); });
        tbb::task_arena(2).execute([&] { two = ql::computeStats(m, 0, inMemory); });
        tbb::task_arena(2).execute([&] { stream = ql::computeStats(m, 0, streamed); });
        for (const auto* s : { &two, &stream }) {
            QCOMPARE(s->mean, one.mean); // bit-identical, not approximately equal
            QCOMPARE(s->std, one.std);
            QCOMPARE(s->kurtosis, one.kurtosis);
            QCOMPARE(s->percentiles, one.percentiles);
            QCOMPARE(s->linear.counts, one.linear.counts);
            QCOMPARE(s->channelAbsmax, one.channelAbsmax);
        }
        std::vector<float> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(one.percentiles[4].second, ql::percentileOfSorted(sorted, 99.9));
    }

    void sixteenBitTypesMatchFloat32()
    {
        // BF16 and F16 are read as histograms of their codes; the same values stored as F32 go
        // through the float path (key bins, then a selection pass). Both must agree: exactly for
        // everything that is counted or selected, within kMomentTolerance for the moments (their
        // summation orders differ). Two rows of 700 001 values with NaN, ±Inf, zeros, subnormals.
        std::mt19937 rng(11);
        std::student_t_distribution<float> t(3.0f);
        const int64_t cols = 700'001;
        std::vector<uint16_t> bf(size_t(2 * cols)), hf(size_t(2 * cols));
        std::vector<float> bfValues(bf.size()), hfValues(hf.size());
        for (size_t i = 0; i < bf.size(); ++i) {
            float x = t(rng) * (i < size_t(cols) ? 0.01f : 3.0f);
            if (i % 9973 == 0)
                x = std::numeric_limits<float>::quiet_NaN();
            else if (i % 10007 == 0)
                x = (i & 1 ? -1 : 1) * std::numeric_limits<float>::infinity();
            else if (i % 101 == 0)
                x = 0.0f;
            else if (i % 4099 == 0)
                x = 1e-40f;
            const uint32_t b = std::bit_cast<uint32_t>(x);
            bf[i] = uint16_t(b >> 16); // truncated: exact, keeps NaN a NaN
            bfValues[i] = std::bit_cast<float>(uint32_t(bf[i]) << 16);
            const _Float16 h = static_cast<_Float16>(x);
            std::memcpy(&hf[i], &h, 2);
            hfValues[i] = ql::halfToFloat(hf[i]);
        }
        const std::string dir = (m_dir.path() + "/").toStdString();
        writeFile(dir + "bf16.safetensors", safetensors({ { "w", "BF16", { 2, cols }, raw(bf) } }));
        writeFile(dir + "f16.safetensors", safetensors({ { "w", "F16", { 2, cols }, raw(hf) } }));
        const ql::Model bfModel = ql::open(dir + "bf16.safetensors");
        const ql::Model hfModel = ql::open(dir + "f16.safetensors");
        const ql::Model bfFloat = modelOf("bf16f32.safetensors", { 2, cols }, bfValues);
        const ql::Model hfFloat = modelOf("f16f32.safetensors", { 2, cols }, hfValues);
        for (const auto& [coded, plain] : { std::pair { &bfModel, &bfFloat }, std::pair { &hfModel, &hfFloat } }) {
            ql::TensorStats a, b, a1;
            tbb::task_arena(2).execute([&] { a = ql::computeStats(*coded, 0); });
            tbb::task_arena(1).execute([&] { a1 = ql::computeStats(*coded, 0); });
            b = ql::computeStats(*plain, 0);
            QCOMPARE(a.count, b.count);
            QCOMPARE(a.nan, b.nan);
            QCOMPARE(a.inf, b.inf);
            QCOMPARE(a.zeros, b.zeros);
            QCOMPARE(a.min, b.min);
            QCOMPARE(a.max, b.max);
            QCOMPARE(a.percentiles, b.percentiles);
            QCOMPARE(a.linear.counts, b.linear.counts);
            QCOMPARE(a.logAbs.counts, b.logAbs.counts);
            QCOMPARE(a.logAbs.lo, b.logAbs.lo);
            QCOMPARE(a.channelMin, b.channelMin);
            QCOMPARE(a.channelMax, b.channelMax);
            QCOMPARE(a.channelAbsmax, b.channelAbsmax);
            QVERIFY(std::fabs(a.mean - b.mean) < kMomentTolerance * std::fabs(b.std));
            QVERIFY(std::fabs(a.std / b.std - 1) < kMomentTolerance);
            QVERIFY(std::fabs(a.kurtosis / b.kurtosis - 1) < kMomentTolerance);
            QCOMPARE(a1.mean, a.mean); // bit-identical on one thread and two
            QCOMPARE(a1.kurtosis, a.kurtosis);
            QCOMPARE(a1.percentiles, a.percentiles);
            // And both are numpy's percentiles of the finite values.
            std::vector<float> sorted;
            for (float x : (coded == &bfModel ? bfValues : hfValues))
                if (std::isfinite(x))
                    sorted.push_back(x);
            std::sort(sorted.begin(), sorted.end());
            QCOMPARE(a.percentiles[3].second, ql::percentileOfSorted(sorted, 99));
        }
    }

    void progressAndCancel()
    {
        const ql::Model m = modelOf("p.safetensors", { 1000, 1000 }, std::vector<float>(1'000'000, 1.0f));
        int64_t last = 0;
        ql::Progress progress([&](int64_t done, int64_t) { last = done; });
        ql::computeModelStats(m, {}, {}, &progress);
        QCOMPARE(last, int64_t(3'000'000));
        ql::Progress cancelled;
        cancelled.cancel();
        const std::vector<size_t> all;
        const ql::StatsOptions defaults;
        bool threw = false;
        try {
            ql::computeModelStats(m, all, defaults, &cancelled);
        } catch (const ql::Error& e) {
            threw = e.code() == ql::ErrorCode::Cancelled;
        }
        QVERIFY(threw);
    }
};

QTEST_GUILESS_MAIN(TestStats)
#include "test_stats.moc"

// Quantization core: the spec grammar, bits per weight, hand-worked values of every element
// format, granularities with ragged and degenerate groups, codes and packing, the fused error
// path, clip methods, rounding modes, and thread-count independence.
#include <tbb/task_arena.h>

#include "core/quant/calibrate.h"
#include "core/quant/formats.h"
#include "core/quant/groupkernel.h"
#include "core/quant/simd.h"
#include "core/quant/ladder.h"
#include "core/quant/multierror.h"
#include "core/quant/nvfp4.h"
#include "core/quant/quantizer.h"
#include "core/analysis/griderror.h"
#include "core/quant/sawtooth.h"
#include "core/quant/spec.h"
#include "core/util/error.h"

#include "support/simdtargets.h"

#include <QTest>


#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace {
ql::QuantParams params(const char* spec, const ql::WeightMatrix& w) { return ql::computeParams(ql::parseSpec(spec), w); }
std::vector<float> fq(const char* spec, const std::vector<float>& v, int64_t rows, int64_t cols)
{
    const ql::WeightMatrix w { v.data(), rows, cols };
    return ql::fakeQuantize(ql::parseSpec(spec), w, params(spec, w));
}
std::vector<float> heavyTailed(size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::student_t_distribution<float> t(3.0f);
    std::vector<float> v(n);
    for (auto& x : v)
        x = t(rng) * 0.02f;
    return v;
}
} // namespace

class TestQuant : public QObject {
    Q_OBJECT
private slots:
    void vectorKernelsOnEveryTarget()
    {
        // The kernels are compiled for every instruction set Highway targets and the best one runs;
        // run the bit-exactness checks again on each one this CPU supports (AVX2, SSE4, the
        // 128-bit emulation …), so that a machine without AVX-512 gets the same answers.
        const int targets = fixtures::onEverySimdTarget([&] {
            fusedErrorMatchesMaterialised();
            optimisedKernelMatchesReference();
            floatKernelsMatchReference();
            groupScalesInLanesMatchScalar();
        });
        QVERIFY(targets >= 1);
    }

    void affineGridHandWorked()
    {
        // INT4 symmetric over ±7: scale 1, codes −8…7; ties go to even, or away with half-away.
        auto g = ql::makeAffineGrid(4, true, -7, 7);
        QCOMPARE(g.scale, 1.0);
        QCOMPARE(g.qmin, -8);
        QCOMPARE(g.qmax, 7);
        QCOMPARE(ql::dequantizeExpected(g, 2.4), 2.0);
        QCOMPARE(ql::dequantizeExpected(g, 2.5), 2.0);
        QCOMPARE(ql::dequantizeExpected(g, 3.5), 4.0);
        QCOMPARE(ql::dequantizeExpected(g, 9.0), 7.0); // clipped
        QCOMPARE(ql::dequantizeExpected(g, -9.0), -8.0);
        g.rounding = ql::Rounding::HalfAway;
        QCOMPARE(ql::dequantizeExpected(g, 2.5), 3.0);
        // Stochastic rounding is unbiased inside the range; its variance is s²·f·(1 − f).
        g.rounding = ql::Rounding::Stochastic;
        QCOMPARE(ql::dequantizeExpected(g, 2.25), 2.25);
        QCOMPARE(ql::expectedSquaredError(g, 2.25), 0.1875);
        QCOMPARE(ql::expectedSquaredError(g, 9.0), 4.0);

        // INT8 asymmetric over [−1, 3]: scale 4/255, zero-point round(63.75) = 64; 0 is exact.
        g = ql::makeAffineGrid(8, false, -1, 3);
        QCOMPARE(g.scale, 4.0 / 255);
        QCOMPARE(g.zeroPoint, 64);
        QCOMPARE(ql::dequantizeExpected(g, 0.0), 0.0);
        QCOMPARE(ql::makeAffineGrid(8, false, -1, 3, ql::Rounding::NearestEven, 300).zeroPoint, 255);
        // A range not holding 0 is widened to hold it, as the quantizer does.
        QCOMPARE(ql::makeAffineGrid(8, false, 1, 3).zeroPoint, 0);
        // NaN ranges give an empty grid.
        QCOMPARE(ql::makeAffineGrid(8, true, std::nan(""), 1).scale, 0.0);
    }


    void levelMassAndClipMethods()
    {
        // One bin over [0, 1] holding 16 values, grid step 1: half round to 0, half to 1.
        const ql::Histogram one { 0, 1, { 16 } };
        const auto mass = ql::levelMass(ql::makeAffineGrid(4, true, -7, 7), one);
        QCOMPARE(int(mass.size()), 2);
        QCOMPARE(mass[0], std::make_pair(0.0, 8.0));
        QCOMPARE(mass[1], std::make_pair(1.0, 8.0));

        // Each clip method's range and exact error, as the quantizer computes them.
        const auto v = heavyTailed(1 << 14, 4);
        const ql::WeightMatrix w { v.data(), 128, 128 };
        const auto r = ql::compareClipMethods(w, 4, true, 99.9);
        QCOMPARE(int(r.size()), 4);
        const double absmax = std::fabs(*std::max_element(v.begin(), v.end(), [](float a, float b) { return std::fabs(a) < std::fabs(b); }));
        QVERIFY(std::fabs(r[0].hi - absmax) < 1e-6 * absmax);
        QCOMPARE(r[0].lo, -r[0].hi);
        for (const char* spec : { "int4:tensor:minmax", "int4:tensor:p99.9", "int4:tensor:mse", "int4:tensor:kl" }) {
            const auto s = ql::parseSpec(spec);
            const auto& m = r[size_t(s.clip)];
            QCOMPARE(m.method, s.clip);
            QCOMPARE(m.relMse, ql::measureError(s, w, ql::computeParams(s, w)).relMse);
        }
        // On heavy tails the MSE-optimal clip beats the full range, and every clip is inside it.
        QVERIFY(r[2].relMse < r[0].relMse);
        for (const auto& m : r)
            QVERIFY(m.hi <= r[0].hi * (1 + 1e-6));
        // Asymmetric ranges hold zero exactly on a level.
        const auto a = ql::compareClipMethods(w, 3, false);
        for (const auto& m : a)
            QVERIFY(m.lo <= 0 && m.hi >= 0);
    }

    void sawtoothTeeth()
    {
        const auto g = ql::makeAffineGrid(4, true, -7, 7);
        const auto c = ql::sawtoothCurve(g, -10, 10, 512);
        QVERIFY(std::is_sorted(c.x.begin(), c.x.end()));
        QCOMPARE(c.x.size(), c.error.size());
        double inside = 0;
        for (size_t i = 0; i < c.x.size(); ++i)
            if (c.x[i] > -8 && c.x[i] < 7)
                inside = std::max(inside, std::fabs(c.error[i]));
        QVERIFY(inside <= 0.5 + 1e-6); // the ±s/2 band
        QVERIFY(inside > 0.499); // and the teeth reach it
        // Both sides of the threshold at 0.5 are sampled: error −0.5 → +0.5.
        const auto at = std::lower_bound(c.x.begin(), c.x.end(), 0.5) - c.x.begin();
        QVERIFY(std::fabs(c.error[size_t(at) - 1] + 0.5) < 1e-5);
        QVERIFY(std::fabs(c.error[size_t(at)] - 0.5) < 1e-5);
        // Past the clip point the error grows linearly: Q(10) − 10 = 7 − 10.
        QCOMPARE(c.error.back(), -3.0);
    }

    void histogramErrorMatchesExact()
    {
        // Uniform values on [−A, A] under INT8 symmetric over A: relMSE = (s²/12)/(A²/3) = 1/(4·127²).
        ql::Histogram u { -1, 1, std::vector<uint64_t>(1024, 1000) };
        const auto gu = ql::histogramError(ql::makeAffineGrid(8, true, -1, 1), u);
        QVERIFY2(std::fabs(gu.relMse * 4 * 127 * 127 - 1) < 0.02, qPrintable(QString::number(gu.relMse)));
        QCOMPARE(gu.clippedFraction, 0.0);

        // A heavy-tailed tensor: the 256-bin estimate is within 5 % of the exact error.
        const auto v = heavyTailed(1 << 16, 9);
        const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
        ql::Histogram h { *mn, *mx, std::vector<uint64_t>(256, 0) };
        for (float x : v)
            ++h.counts[std::min<size_t>(255, size_t((x - h.lo) / (h.hi - h.lo) * 256))];
        const ql::WeightMatrix w { v.data(), 256, 256 };
        for (const char* spec : { "int4:tensor:sym", "int8:tensor:asym", "int3:tensor:sym" }) {
            const auto s = ql::parseSpec(spec);
            const double exact = ql::measureError(s, w, ql::computeParams(s, w)).relMse;
            const double est = ql::histogramError(ql::makeAffineGrid(s.bits, s.symmetric, h.lo, h.hi), h).relMse;
            QVERIFY2(std::fabs(est / exact - 1) < 0.05, qPrintable(QStringLiteral("%1: %2 vs %3").arg(spec).arg(est).arg(exact)));
        }
        // Clipping at half the range pushes values out and the error up.
        const auto clipped = ql::histogramError(ql::makeAffineGrid(4, true, h.lo / 2, h.hi / 2), h);
        QVERIFY(clipped.clippedFraction > 0);
        QVERIFY(clipped.clippedFraction < 0.01);
    }
    void specRoundTrip()
    {
        for (const char* text : { "int4:g128:sym:mse", "int8:channel", "int3:g64:asym", "nf4:g64", "mxfp4", "fp8_e4m3:tensor",
                 "bf16", "fp16", "q4_k", "q6_k", "int2:tensor:p99.9", "fp8_e5m2:raw", "int4:g32:kl:stoch7", "int6:channel:away",
                 "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "nvfp4" }) {
            const ql::QuantSpec s = ql::parseSpec(text);
            QCOMPARE(ql::parseSpec(s.toString()), s);
        }
        QCOMPARE(ql::parseSpec("INT4:G128").toString(), std::string("int4:g128:sym:minmax"));
        QCOMPARE(ql::parseSpec("nf4").group, 64);
        QCOMPARE(ql::parseSpec("int8").granularity, ql::Granularity::Channel);
    }

    void specErrorsListWhatIsAllowed()
    {
        for (const char* bad : { "int9", "q4_k:g64", "int4:sym:asym", "bf16:mse", "nf4:asym", "int4:p40", "int4:g1",
                 "int4:g128:g64", "fp8_e4m3:away", "int4:raw", "", "int4::sym", "int4:foo", "nvfp4:g32", "mxfp8_e4m3:tensor",
                 "mxfp6_e2m3:mse" }) {
            try {
                ql::parseSpec(bad);
                QFAIL(qPrintable(QStringLiteral("accepted '%1'").arg(bad)));
            } catch (const ql::Error& e) {
                QCOMPARE(e.code(), ql::ErrorCode::BadSpec);
                QVERIFY2(std::string(e.what()).find("Allowed:") != std::string::npos, e.what());
                QVERIFY(std::string(e.what()).find("q4_k") != std::string::npos);
            }
        }
    }

    void bitsPerWeight()
    {
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("int4:g128")), 4.125);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("int4:g128:asym")), 4.15625);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("q4_k")), 4.5);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("q6_k")), 6.5625);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("q8_0")), 8.5);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("q2_k")), 2.625);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("mxfp4")), 4.25);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("nf4")), 4.5);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("bf16")), 16.0);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("int8:channel"), 4096), 8.0 + 32.0 / 4096);
    }

    void int8HandWorked()
    {
        // Symmetric INT8, per tensor: s = 0.51/127; codes [-105, -27, 0, 57, 127].
        const std::vector<float> v { -0.42f, -0.11f, 0.0f, 0.23f, 0.51f };
        const ql::WeightMatrix w { v.data(), 1, 5 };
        const auto spec = ql::parseSpec("int8:tensor");
        const auto p = ql::computeParams(spec, w);
        QCOMPARE(p.scale[0], 0.51f / 127.0f);
        QCOMPARE(ql::quantizeCodes(spec, w, p), (std::vector<int32_t> { -105, -27, 0, 57, 127 }));
        const auto m = ql::measureError(spec, w, p);
        QVERIFY(std::fabs(m.maxAbsErr - 0.00165) < 1e-4); // |−0.42 + 105·s|
        QVERIFY(m.maxAbsErr <= p.scale[0] / 2);
    }

    void asymmetricHandWorked()
    {
        // [0, 3] in INT4 asym: s = 3/15 = 0.2, zero-point 0, exact codes.
        const std::vector<float> v { 0.0f, 1.0f, 2.0f, 3.0f };
        const ql::WeightMatrix w { v.data(), 1, 4 };
        const auto spec = ql::parseSpec("int4:tensor:asym");
        const auto p = ql::computeParams(spec, w);
        QCOMPARE(ql::quantizeCodes(spec, w, p), (std::vector<int32_t> { 0, 5, 10, 15 }));
        // [-1, 2]: s = 0.2, zero-point round(1/0.2) = 5; −1 → code 0, 2 → 15.
        const std::vector<float> u { -1.0f, 2.0f, 0.0f };
        const ql::WeightMatrix wu { u.data(), 1, 3 };
        const auto pu = ql::computeParams(spec, wu);
        QCOMPARE(pu.zero[0], 5.0f);
        QCOMPARE(ql::quantizeCodes(spec, wu, pu), (std::vector<int32_t> { 0, 15, 5 }));
        QCOMPARE(ql::fakeQuantize(spec, wu, pu)[2], 0.0f); // zero is exact
    }

    void floatFormatsHandWorked()
    {
        using ql::roundMiniFloat;
        QCOMPARE(roundMiniFloat(448.0f, ql::kE4M3), 448.0f);
        QCOMPARE(roundMiniFloat(1000.0f, ql::kE4M3), 448.0f); // saturates
        QCOMPARE(roundMiniFloat(1.0625f, ql::kE4M3), 1.0f); // tie between 1 and 1.125: even
        QCOMPARE(roundMiniFloat(1.1875f, ql::kE4M3), 1.25f); // tie between 1.125 and 1.25: even
        QCOMPARE(roundMiniFloat(17.0f, ql::kE4M3), 16.0f);
        QCOMPARE(roundMiniFloat(std::ldexp(1.0f, -9), ql::kE4M3), std::ldexp(1.0f, -9)); // smallest subnormal
        QCOMPARE(roundMiniFloat(std::ldexp(1.0f, -11), ql::kE4M3), 0.0f);
        QCOMPARE(roundMiniFloat(-0.3f, ql::kE4M3), -0.3125f);
        QCOMPARE(roundMiniFloat(57344.0f, ql::kE5M2), 57344.0f);
        QVERIFY(std::isinf(roundMiniFloat(70000.0f, ql::kE5M2))); // E5M2 overflows to infinity
        QCOMPARE(roundMiniFloat(60000.0f, ql::kE5M2), 57344.0f);
        QCOMPARE(roundMiniFloat(2.5f, ql::kE2M1), 2.0f);
        QCOMPARE(roundMiniFloat(5.0f, ql::kE2M1), 4.0f);
        QCOMPARE(roundMiniFloat(0.25f, ql::kE2M1), 0.0f); // tie between 0 and 0.5: even
        QCOMPARE(roundMiniFloat(0.75f, ql::kE2M1), 1.0f); // tie between 0.5 and 1: even
        QCOMPARE(roundMiniFloat(9.0f, ql::kE2M1), 6.0f);
        QCOMPARE(ql::roundToHalf(1.0f + std::ldexp(1.0f, -11)), 1.0f);
        QCOMPARE(ql::roundToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 1.0f + std::ldexp(1.0f, -9));
        QVERIFY(std::isinf(ql::roundToHalf(65520.0f)));
        QCOMPARE(ql::roundToHalf(65519.0f), 65504.0f);
        QCOMPARE(ql::roundToHalf(std::ldexp(3.0f, -25)), std::ldexp(1.0f, -23)); // subnormal tie → even
        QCOMPARE(ql::floatToHalf(-2.0f), uint16_t(0xC000));
        QCOMPARE(ql::roundToBf16(1.0f + std::ldexp(1.0f, -8)), 1.0f);
        QCOMPARE(ql::roundToBf16(1.0f + 3 * std::ldexp(1.0f, -8)), 1.0f + std::ldexp(1.0f, -6));
        QVERIFY(std::isnan(ql::roundToBf16(std::numeric_limits<float>::quiet_NaN())));
        // FP8 codes of the scaled tensor: max|x| maps to 448 = 0x7E.
        const std::vector<float> v { 0.0f, -2.0f, 1.0f };
        const ql::WeightMatrix w { v.data(), 1, 3 };
        const auto spec = ql::parseSpec("fp8_e4m3:tensor");
        QCOMPARE(ql::quantizeCodes(spec, w, ql::computeParams(spec, w)), (std::vector<int32_t> { 0x00, 0xFE, 0x76 }));
    }

    void nf4AndMxfp4()
    {
        std::vector<float> v(64);
        for (int i = 0; i < 64; ++i)
            v[size_t(i)] = 2.0f * ql::kNf4Levels[i % 16];
        QCOMPARE(fq("nf4", v, 1, 64), v); // the levels times absmax are exact
        QCOMPARE(ql::nf4Code(0.03f), 7);
        QCOMPARE(ql::nf4Code(0.05f), 8);
        // MXFP4: max 5 → shared exponent floor(log2 5) − 2 = 0, scale 1: values on the E2M1 grid.
        std::vector<float> m(32, 0.0f);
        m[0] = 5.0f;
        m[1] = 2.6f;
        m[2] = -0.3f;
        const auto q = fq("mxfp4", m, 1, 32);
        QCOMPARE(q[0], 4.0f);
        QCOMPARE(q[1], 3.0f);
        QCOMPARE(q[2], -0.5f);
        // max 100 → scale 2^(6−2) = 16; 100/16 = 6.25 saturates to 6 → 96.
        m[0] = 100.0f;
        QCOMPARE(fq("mxfp4", m, 1, 32)[0], 96.0f);
    }

    void mxFormatsHandWorked()
    {
        // OCP Microscaling v1.0: 32 values share X = 2^(floor(log2 max|v|) − emax), emax the exponent of
        // the element's largest normal; elements are v / X rounded to nearest even, clamped to ±max.
        const auto block = [](std::initializer_list<float> head) {
            std::vector<float> v(32, 0.0f);
            std::copy(head.begin(), head.end(), v.begin());
            return v;
        };
        const auto codes = [](const char* text, const std::vector<float>& v) {
            const ql::WeightMatrix w { v.data(), 1, int64_t(v.size()) };
            const auto spec = ql::parseSpec(text);
            return ql::quantizeCodes(spec, w, ql::computeParams(spec, w));
        };
        // MXFP8 E4M3 (emax 8, max 448): max 1000 → floor(log2 1000) = 9, X = 2^(9−8) = 2.
        // 1000/2 = 500 clamps to 448 → 896; 3/2 = 1.5 exact; −0.01/2 = −0.005 is 2.56 subnormal steps
        // of 2^−9 → 3 steps → −0.01171875; 465/2 = 232.5 on the step 16 of [128, 256) → 240 → 480.
        auto v = block({ 1000.0f, 3.0f, -0.01f, 465.0f });
        auto q = fq("mxfp8_e4m3", v, 1, 32);
        QCOMPARE(q[0], 896.0f);
        QCOMPARE(q[1], 3.0f);
        QCOMPARE(q[2], -0.01171875f);
        QCOMPARE(q[3], 480.0f);
        QCOMPARE(q[4], 0.0f);
        auto c = codes("mxfp8_e4m3", v); // S.EEEE.MMM: 448 = 0.1111.110, 1.5 = 0.0111.100, −3·2^−9, 240 = 0.1110.111
        QCOMPARE(c[0], 0x7E);
        QCOMPARE(c[1], 0x3C);
        QCOMPARE(c[2], 0x83);
        QCOMPARE(c[3], 0x77);
        // MXFP8 E5M2 (emax 15, max 57344): X = 2^(9−15) = 2^−6. 1000·64 = 64000 clamps to 57344 → 896
        // (the MX conversion clamps; plain E5M2 would overflow to infinity); 3·64 = 192 exact; 1.1·64 =
        // 70.4 on the step 16 of [64, 128) → 64 → 1.
        v = block({ 1000.0f, 3.0f, 1.1f });
        q = fq("mxfp8_e5m2", v, 1, 32);
        QCOMPARE(q[0], 896.0f);
        QCOMPARE(q[1], 3.0f);
        QCOMPARE(q[2], 1.0f);
        c = codes("mxfp8_e5m2", v); // 57344 = 0.11110.11
        QCOMPARE(c[0], 0x7B);
        // MXFP6 E2M3 (emax 2, max 7.5): max 15.5 → X = 2^(3−2) = 2. 15.5/2 = 7.75 clamps to 7.5 → 15;
        // 10/2 = 5 exact; −0.3/2 = −0.15 is 1.2 subnormal steps of 1/8 → −0.25; 2.125/2 = 1.0625 is the
        // tie of 1 and 1.125 → even 1 → 2.
        v = block({ 15.5f, 10.0f, -0.3f, 2.125f });
        q = fq("mxfp6_e2m3", v, 1, 32);
        QCOMPARE(q[0], 15.0f);
        QCOMPARE(q[1], 10.0f);
        QCOMPARE(q[2], -0.25f);
        QCOMPARE(q[3], 2.0f);
        c = codes("mxfp6_e2m3", v); // S.EE.MMM: 7.5 = 0.11.111, 5 = 0.11.010, −1/8 = 1.00.001
        QCOMPARE(c[0], 0x1F);
        QCOMPARE(c[1], 0x1A);
        QCOMPARE(c[2], 0x21);
        // MXFP6 E3M2 (emax 4, max 28): X = 2^(3−4) = 1/2. 15.5·2 = 31 clamps to 28 → 14; 10·2 = 20 exact;
        // −0.3·2 = −0.6 on the step 1/8 of [0.5, 1) → −0.625 → −0.3125; 0.01·2 = 0.02 is 0.32 of the
        // subnormal step 1/16 → 0.
        v = block({ 15.5f, 10.0f, -0.3f, 0.01f });
        q = fq("mxfp6_e3m2", v, 1, 32);
        QCOMPARE(q[0], 14.0f);
        QCOMPARE(q[1], 10.0f);
        QCOMPARE(q[2], -0.3125f);
        QCOMPARE(q[3], 0.0f);
        c = codes("mxfp6_e3m2", v); // S.EEE.MM: 28 = 0.111.11, 20 = 0.111.01, −0.625 = 1.010.01
        QCOMPARE(c[0], 0x1F);
        QCOMPARE(c[1], 0x1D);
        QCOMPARE(c[2], 0x29);
        // The E8M0 exponent is clamped at −127: a block of subnormals gets 2^−127 and saturates.
        v = block({ 1e-39f });
        QCOMPARE(fq("mxfp8_e4m3", v, 1, 32)[0], 448.0f * std::ldexp(1.0f, -127));
        // Every block has its own scale: a second block of small values keeps its precision.
        v.assign(64, 0.0f);
        v[0] = 1000.0f;
        v[32] = 0.75f;
        QCOMPARE(fq("mxfp6_e2m3", v, 1, 64)[32], 0.75f);
        // Bits: element bits + one E8M0 byte per 32.
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("mxfp8_e4m3")), 8.25);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("mxfp8_e5m2")), 8.25);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("mxfp6_e2m3")), 6.25);
        QCOMPARE(ql::bitsPerWeight(ql::parseSpec("mxfp6_e3m2")), 6.25);
    }

    void nvfp4HandWorked()
    {
        // NVIDIA NVFP4 as ModelOpt's NVFP4QTensor computes it: tensor scale = amax / (6·448); block scale =
        // E4M3(block amax / (6 · tensor scale)); value = E2M1(x / (block scale · tensor scale)).
        // amax 2688 → tensor scale 1 exactly.
        std::vector<float> v(32, 0.0f);
        v[0] = 2688.0f; // block 0: amax 2688 → 2688/6 = 448 → E4M3 448
        v[1] = 1000.0f; // 1000/448 = 2.23 → 2 → 896
        v[2] = -300.0f; // −0.67 → −0.5 → −224
        v[3] = 0.1f; // → 0
        v[16] = 100.0f; // block 1: 100/6 = 16.67 on E4M3's step 2 of [16, 32) → 16
        v[17] = 40.0f; // 40/16 = 2.5: tie of 2 and 3 → even 2 → 32
        v[18] = 56.0f; // 3.5: tie of 3 and 4 → even 4 → 64
        v[19] = -12.0f; // −0.75: tie of 0.5 and 1 → even 1 → −16
        const ql::WeightMatrix w { v.data(), 1, 32 };
        const auto spec = ql::parseSpec("nvfp4");
        const auto p = ql::computeParams(spec, w);
        QCOMPARE(p.tensorScale, 1.0f);
        QCOMPARE(p.groupCols, int64_t(16));
        QCOMPARE(p.scale, (std::vector<float> { 448.0f, 16.0f }));
        QCOMPARE(ql::nvfp4BlockScale(100.0f, 1.0f), 16.0f);
        const auto q = ql::fakeQuantize(spec, w, p);
        QCOMPARE(q[0], 2688.0f);
        QCOMPARE(q[1], 896.0f);
        QCOMPARE(q[2], -224.0f);
        QCOMPARE(q[3], 0.0f);
        QCOMPARE(q[16], 96.0f); // 100/16 = 6.25 saturates at 6
        QCOMPARE(q[17], 32.0f);
        QCOMPARE(q[18], 64.0f);
        QCOMPARE(q[19], -16.0f);
        const auto c = ql::quantizeCodes(spec, w, p); // S.EE.M: 6 = 0.11.1, 2 = 0.10.0, −0.5 = 1.00.1
        QCOMPARE(c[0], 0x7);
        QCOMPARE(c[1], 0x4);
        QCOMPARE(c[2], 0x9);
        QCOMPARE(c[17], 0x4);
        QCOMPARE(c[18], 0x6);
        QCOMPARE(c[19], 0xA);
        // The E4M3 scale rounds to nearest even too: a block amax 3/4 of the tensor's → 336, the tie of 320
        // and 352 on the step 32 of [256, 512) → even 320; 1/1000 of it → 0.448 on the step 2^−5 of
        // [0.25, 0.5): 14.3 steps → 0.4375.
        QCOMPARE(ql::nvfp4BlockScale(2016.0f, 1.0f), 320.0f);
        QCOMPARE(ql::nvfp4BlockScale(2.688f, 1.0f), 0.4375f);
        // Below half of E4M3's smallest subnormal 2^−9 the block scale is 0 (the block dequantizes to 0).
        QCOMPARE(ql::nvfp4BlockScale(0.005f, 1.0f), 0.0f);
        QCOMPARE(ql::nvfp4BlockScale(0.006f, 1.0f), std::ldexp(1.0f, -9));
        // A block of zeros gets the scale 1 (as ModelOpt sets it), an all-zero tensor quantizes to zeros
        // (ModelOpt's division 0/0 would make it NaN).
        QCOMPARE(ql::nvfp4BlockScale(0.0f, 1.0f), 1.0f);
        std::vector<float> zeros(48, 0.0f);
        const ql::WeightMatrix z { zeros.data(), 1, 48 };
        QCOMPARE(ql::fakeQuantize(spec, z, ql::computeParams(spec, z)), zeros);
        // Any tensor scale: the dequantized value is the E2M1 code times the FP32 product of the scales.
        const auto h = heavyTailed(64 * 80, 21);
        const ql::WeightMatrix hw { h.data(), 64, 80 };
        const auto hp = ql::computeParams(spec, hw);
        float amax = 0;
        for (float x : h)
            amax = std::max(amax, std::fabs(x));
        QCOMPARE(hp.tensorScale, amax / 2688.0f);
        const auto hq = ql::fakeQuantize(spec, hw, hp);
        for (int64_t r = 0; r < 64; ++r)
            for (int64_t g = 0; g < 5; ++g) {
                float bmax = 0;
                for (int j = 0; j < 16; ++j)
                    bmax = std::max(bmax, std::fabs(h[size_t(r * 80 + g * 16 + j)]));
                const float e4m3 = ql::roundMiniFloat(bmax / (6.0f * hp.tensorScale), ql::kE4M3);
                QCOMPARE(hp.scale[size_t(r * 5 + g)], e4m3 * hp.tensorScale);
                for (int j = 0; j < 16; ++j) {
                    const size_t i = size_t(r * 80 + g * 16 + j);
                    QCOMPARE(hq[i], ql::roundMiniFloat(h[i] / hp.scale[size_t(r * 5 + g)], ql::kE2M1) * hp.scale[size_t(r * 5 + g)]);
                }
            }
        // Bits: 4 + 8/16 for the E4M3 scales + 32 bits per tensor.
        QCOMPARE(ql::bitsPerWeight(spec, 32, 32), 5.5);
        QCOMPARE(ql::bitsPerWeight(spec, 4096, 4096 * 4096), 4.5 + 32.0 / (4096.0 * 4096.0));
        QCOMPARE(ql::bitsPerWeight(spec), 4.5);
        // A single group cannot give its own scale: GPTQ takes them from the whole tensor.
        QVERIFY_THROWS_EXCEPTION(ql::Error, ql::detail::scaleFromRange(spec, ql::ClipRange {}, amax, amax));
    }

    void groupsRaggedZeroOutlierNanDenormal()
    {
        // 3 rows × 100 columns in groups of 32: the last group of each row holds 4 values.
        auto v = heavyTailed(300, 1);
        for (int i = 32; i < 64; ++i)
            v[size_t(i)] = 0.0f; // an all-zero group
        v[150] = 1000.0f; // a single huge outlier, row 1 group 1
        v[260] = std::numeric_limits<float>::quiet_NaN();
        v[261] = 1e-40f; // denormal
        const ql::WeightMatrix w { v.data(), 3, 100 };
        const auto spec = ql::parseSpec("int4:g32");
        const auto p = ql::computeParams(spec, w);
        QCOMPARE(p.groupsPerRow, int64_t(4));
        QCOMPARE(p.scale[1], 0.0f);
        const auto q = ql::fakeQuantize(spec, w, p);
        for (int i = 32; i < 64; ++i)
            QCOMPARE(q[size_t(i)], 0.0f);
        QCOMPARE(q[150], ql::roundToHalf(1000.0f / 7) * 7); // the outlier is the group's max code
        // The outlier only coarsens its own group.
        QVERIFY(std::fabs(q[100] - v[100]) <= p.scale[4] / 2 * 1.0001f);
        QVERIFY(std::isnan(q[260]));
        QVERIFY(std::isfinite(q[261]));
        // Reference loop: every value from its own group's scale.
        for (int64_t r = 0; r < 3; ++r)
            for (int64_t c = 0; c < 100; ++c) {
                const float s = p.scale[size_t(r * 4 + c / 32)];
                const float x = v[size_t(r * 100 + c)];
                if (std::isnan(x) || s == 0)
                    continue;
                const float expect = std::clamp(std::nearbyint(x * (1.0f / s)), -8.0f, 7.0f) * s;
                QCOMPARE(q[size_t(r * 100 + c)], expect);
            }
        const auto m = ql::measureError(spec, w, p);
        QCOMPARE(m.count, int64_t(299)); // NaN excluded
        QVERIFY(std::isfinite(m.relMse));
    }

    void keraslayoutTransposes()
    {
        ql::Model model;
        ql::TensorInfo t;
        t.name = "k";
        t.shape = { 2, 3 };
        t.parameters = 6;
        t.layout = ql::Layout::InOut;
        model.tensors.push_back(t);
        struct Src : ql::TensorSource {
            void read(const ql::TensorInfo&, int64_t b, int64_t n, float* out) const override
            {
                for (int64_t i = 0; i < n; ++i)
                    out[i] = float(b + i);
            }
        };
        model.sources.push_back(std::make_shared<Src>());
        const auto m = ql::readWeightMatrix(model, 0);
        QCOMPARE(m.rows, int64_t(3));
        QCOMPARE(m.cols, int64_t(2));
        QCOMPARE(m.values, (std::vector<float> { 0, 3, 1, 4, 2, 5 })); // [in=2, out=3] → [out, in]
    }

    void codesAndPacking()
    {
        const auto v = heavyTailed(257, 2);
        const ql::WeightMatrix w { v.data(), 1, 257 };
        const auto spec = ql::parseSpec("int4:g64");
        const auto p = ql::computeParams(spec, w);
        const auto codes = ql::quantizeCodes(spec, w, p);
        for (int32_t c : codes)
            QVERIFY(c >= -8 && c <= 7);
        const auto packed = ql::packInt4(codes, true);
        QCOMPARE(packed.size(), size_t(129));
        QCOMPARE(int(packed[0] & 0xF), codes[0] + 8); // element 0 in the low nibble
        QCOMPARE(int(packed[0] >> 4), codes[1] + 8);
        QCOMPARE(ql::unpackInt4(packed, 257, true), codes);
        // Dequantizing codes × scale gives the fake-quantized values.
        const auto q = ql::fakeQuantize(spec, w, p);
        for (size_t i = 0; i < codes.size(); ++i)
            QCOMPARE(q[i], float(codes[i]) * p.scale[i / 64]);
    }

    void sharedVisitEqualsEachSpec()
    {
        // A sweep's one visit per matrix (measureErrors, and its streamed form that reads chunks of
        // rows into a buffer) gives every spec exactly measureError's metrics, on any thread count;
        // a spec the rows cannot hold (q4_k on rows that are not whole 256-value blocks) is refused
        // with its format's reason. Random shapes, several chunks, a NaN and an outlier row.
        std::mt19937 rng(23);
        std::student_t_distribution<float> t(4.0f);
        const char* texts[] = { "int4:g128", "int3:g64", "int8:channel", "int4:tensor", "int5:g32:asym", "nf4", "mxfp4",
            "fp8_e4m3:channel", "q8_0", "q4_k", "q5_k", "q6_k", "q4_0" };
        for (int rep = 0; rep < 4; ++rep) {
            const int64_t cols = rep % 2 ? 512 : 384; // 384: not whole k-quant blocks
            const int64_t rows = 100 + int64_t(rng() % 400);
            std::vector<float> v(size_t(rows * cols));
            for (auto& x : v)
                x = t(rng) * 0.02f;
            v[size_t(cols * 3 + 7)] = std::numeric_limits<float>::quiet_NaN();
            for (int64_t c = 0; c < cols; ++c)
                v[size_t(cols * 5 + c)] *= 40.0f;
            const ql::WeightMatrix w { v.data(), rows, cols };
            std::vector<ql::ErrorJob> jobs, local;
            for (const char* text : texts) {
                jobs.push_back({ ql::parseSpec(text), {}, {} });
                if (ql::chunkLocalError(jobs.back().spec))
                    local.push_back(jobs.back());
            }
            QVERIFY(!ql::chunkLocalError(ql::parseSpec("int4:tensor"))); // needs the tensor's scale first
            QVERIFY(ql::chunkLocalError(ql::parseSpec("q4_k")));
            auto one = jobs, two = jobs, streamed = local;
            tbb::task_arena(1).execute([&] { ql::measureErrors(w, one); });
            tbb::task_arena(2).execute([&] { ql::measureErrors(w, two); });
            const int64_t units = ql::measureErrorsStreamed(rows, cols,
                [&](int64_t r0, int64_t n, float* out) { std::copy_n(v.data() + r0 * cols, n * cols, out); }, streamed);
            int64_t applying = 0;
            for (size_t j = 0; j < jobs.size(); ++j) {
                const ql::QuantSpec& spec = jobs[j].spec;
                const bool refused = spec.isGgml() && spec.format != ql::QFormat::Q8_0 && spec.format != ql::QFormat::Q4_0
                    && cols % 256 != 0;
                QCOMPARE(!one[j].unsupported.empty(), refused);
                QCOMPARE(two[j].unsupported, one[j].unsupported);
                if (refused)
                    continue;
                const ql::ErrorMetrics e = ql::measureError(spec, w);
                for (const auto* m : { &one[j].metrics, &two[j].metrics }) {
                    QCOMPARE(m->count, e.count);
                    QCOMPARE(m->relMse, e.relMse); // bit-identical, not approximately equal
                    QCOMPARE(m->cosine, e.cosine);
                    QCOMPARE(m->maxAbsErr, e.maxAbsErr);
                    QCOMPARE(m->meanErr, e.meanErr);
                }
            }
            for (const auto& job : streamed) {
                const auto it = std::find_if(one.begin(), one.end(), [&](const ql::ErrorJob& o) { return o.spec == job.spec; });
                QCOMPARE(job.unsupported, it->unsupported);
                QCOMPARE(job.metrics.relMse, it->metrics.relMse);
                QCOMPARE(job.metrics.maxAbsErr, it->metrics.maxAbsErr);
                QCOMPARE(job.metrics.meanErr, it->metrics.meanErr);
                applying += job.unsupported.empty() ? 1 : 0;
            }
            QCOMPARE(applying, int64_t(streamed.size()) - (cols % 256 ? 3 : 0)); // q4_k, q5_k, q6_k refused on 384-wide rows
            QCOMPARE(units, rows * cols * applying); // progress: each value once per spec that applies
        }
    }

    void fusedErrorMatchesMaterialised()
    {
        const auto v = heavyTailed(64 * 300, 3);
        const ql::WeightMatrix w { v.data(), 64, 300 };
        std::vector<float> colWeights(300);
        for (size_t i = 0; i < colWeights.size(); ++i)
            colWeights[i] = 1.0f + float(i % 7);
        for (const char* text : { "int4:g128", "int8:channel:asym", "nf4", "mxfp4", "fp8_e4m3:tensor", "bf16", "int3:channel:mse",
                 "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "nvfp4" }) {
            const auto spec = ql::parseSpec(text);
            const auto p = ql::computeParams(spec, w);
            const auto fused = ql::measureError(spec, w, p, colWeights.data());
            const auto q = ql::fakeQuantize(spec, w, p);
            const auto direct = ql::compareMatrices(w, q.data(), colWeights.data(), p.groupCols);
            QCOMPARE(fused.relMse, direct.relMse);
            QCOMPARE(fused.cosine, direct.cosine);
            QCOMPARE(fused.maxAbsErr, direct.maxAbsErr);
            QCOMPARE(fused.weightedRelMse, direct.weightedRelMse);
            QVERIFY(std::fabs(fused.sqnrDb + 10 * std::log10(fused.relMse)) < 1e-9);
            QVERIFY(fused.cosine > 0.9 && fused.cosine <= 1.0 + 1e-12);
        }
        // Unweighted, the integer path quantizes and sums in one vector pass: still the very same sums
        // as materialising Q(w) and comparing, also with a NaN and an infinity in some blocks.
        auto nv = v;
        nv[5] = std::numeric_limits<float>::quiet_NaN();
        nv[700] = std::numeric_limits<float>::infinity();
        // Tiny and huge values: FP16 group scales become subnormal, or overflow (then 0), and Σw² overflows.
        auto tiny = v, huge = v;
        for (auto& x : tiny)
            x *= 1e-6f;
        for (auto& x : huge)
            x *= 1e22f;
        for (const std::vector<float>* data : { &v, static_cast<const std::vector<float>*>(&nv), static_cast<const std::vector<float>*>(&tiny),
                 static_cast<const std::vector<float>*>(&huge) }) {
            const ql::WeightMatrix m { data->data(), 64, 300 };
            for (const char* text : { "int4:g128", "int8:channel:asym", "int3:g64", "int4:g40", "fp8_e4m3:tensor", "fp8_e5m2:channel", "fp4_e2m1:g32",
                     "mxfp4", "fp8_e4m3:raw", "nf4", "nf4:g128", "bf16", "fp16", "int4:tensor:asym", "int8:tensor:p99.9", "int6:tensor:mse", "nf4:tensor",
                     "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "nvfp4" }) {
                const auto spec = ql::parseSpec(text);
                const auto p = ql::computeParams(spec, m);
                const auto one = ql::measureError(spec, m), two = ql::measureError(spec, m, p);
                const auto q = ql::fakeQuantize(spec, m, p);
                const auto direct = ql::compareMatrices(m, q.data(), nullptr, p.groupCols);
                if (!(data == &huge && std::string(text) == "fp16")) // (1e22 is past FP16's range: an infinite error is right)
                    QVERIFY2(std::isfinite(one.relMse) && one.relMse <= 1.0001 && std::isfinite(one.cosine), text); // no overflow, even at 1e22
                const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }; // (FP16 of 1e22: cosine NaN)
                QVERIFY2(same(one.relMse, direct.relMse) && same(two.relMse, direct.relMse) && same(one.maxAbsErr, direct.maxAbsErr)
                        && same(one.meanErr, direct.meanErr) && same(one.cosine, direct.cosine),
                    text);
            }
        }
        // More bits, less error.
        double last = 1;
        for (const char* text : { "int2:g64", "int3:g64", "int4:g64", "int6:g64", "int8:g64" }) {
            const auto spec = ql::parseSpec(text);
            const double e = ql::measureError(spec, w, ql::computeParams(spec, w)).relMse;
            QVERIFY2(e < last, text);
            last = e;
        }
    }

    void optimisedKernelMatchesReference()
    {
        // Random shapes, group sizes, bit widths and both symmetries, with ragged last groups,
        // all-zero groups, huge outliers, NaN, ±Inf, denormals and exact .5 ties.
        std::mt19937 rng(99);
        std::uniform_int_distribution<int> dim(1, 300), bits(2, 8), pick(0, 9);
        int cases = 0;
        for (int rep = 0; rep < 60; ++rep) {
            const int64_t rows = dim(rng) % 17 + 1, cols = dim(rng);
            auto v = heavyTailed(size_t(rows * cols), unsigned(rep));
            for (auto& x : v) {
                switch (pick(rng)) {
                case 0: x = 0.0f; break;
                case 1: x = std::numeric_limits<float>::denorm_min() * float(pick(rng)); break;
                default: break;
                }
            }
            v[size_t(rng() % v.size())] = 1e30f;
            if (rep % 3 == 0)
                v[size_t(rng() % v.size())] = std::numeric_limits<float>::quiet_NaN();
            if (rep % 4 == 0)
                v[size_t(rng() % v.size())] = -std::numeric_limits<float>::infinity();
            const std::string spec = "int" + std::to_string(bits(rng)) + ":" + (rep % 2 ? "g" + std::to_string(dim(rng) % 64 + 2) : "channel")
                + (rep % 5 < 2 ? ":asym" : ":sym");
            const auto s = ql::parseSpec(spec);
            const ql::WeightMatrix w { v.data(), rows, cols };
            const auto p = ql::computeParams(s, w);
            std::vector<float> fast(v.size()), ref(v.size());
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t c0 = 0; c0 < cols; c0 += p.groupCols) {
                    const size_t gi = p.index(r, c0);
                    const int64_t n = std::min(p.groupCols, cols - c0);
                    const float zero = p.zero.empty() ? 0.0f : p.zero[gi];
                    ql::detail::quantizeIntGroupFast(s, v.data() + r * cols + c0, n, p.scale[gi], zero, fast.data() + r * cols + c0);
                    ql::detail::quantizeGroupReference(s, v.data() + r * cols + c0, n, p.scale[gi], zero, 0, ref.data() + r * cols + c0);
                }
            for (size_t i = 0; i < v.size(); ++i)
                QVERIFY2(std::memcmp(&fast[i], &ref[i], 4) == 0,
                    qPrintable(QStringLiteral("%1 [%2]: x=%3 fast %4 reference %5").arg(QString::fromStdString(spec)).arg(i).arg(v[i]).arg(fast[i]).arg(ref[i])));
            // The one-pass error (scales computed on the way) equals the two-pass one exactly.
            const ql::ErrorMetrics twoPass = ql::measureError(s, w, p), onePass = ql::measureError(s, w);
            QCOMPARE(onePass.relMse, twoPass.relMse);
            QCOMPARE(onePass.maxAbsErr, twoPass.maxAbsErr);
            QCOMPARE(onePass.cosine, twoPass.cosine);
            QCOMPARE(onePass.count, twoPass.count);
            const auto q = ql::fakeQuantize(s, w, p);
            const ql::ErrorMetrics direct = ql::compareMatrices(w, q.data(), nullptr, p.groupCols);
            QCOMPARE(onePass.relMse, direct.relMse);
            QCOMPARE(onePass.meanErr, direct.meanErr);
            QCOMPARE(onePass.cosine, direct.cosine);
            ++cases;
        }
        // Exact ties round to even: 2.5 → 2, 3.5 → 4 (scale 1).
        const std::vector<float> ties { 2.5f, 3.5f, -2.5f, 127.0f };
        float out[4];
        ql::detail::quantizeIntGroupFast(ql::parseSpec("int8:tensor"), ties.data(), 4, 1.0f, 0.0f, out);
        QCOMPARE(out[0], 2.0f);
        QCOMPARE(out[1], 4.0f);
        QCOMPARE(out[2], -2.0f);
        QCOMPARE(cases, 60);
    }

    void groupScalesInLanesMatchScalar()
    {
        // The one-pass integer error takes each group's min and max in vector lanes and its scale,
        // zero-point and code range lane by lane; they must be exactly scaleFromRange's and
        // intCodeRange's, FP16 rounding of group scales included (subnormal halves, ties, overflow to
        // infinity and then 0): maxima at every 4093rd float bit pattern, minima at 0, −max/2, −max, −2·max.
        std::vector<float> mn, mx;
        for (uint32_t b = 0; b < 0x7F800000u; b += 4093) {
            const float v = std::bit_cast<float>(b);
            for (const float k : { 0.0f, 0.5f, 1.0f, 2.0f }) {
                const float lo = -v * k;
                if (std::isfinite(lo)) {
                    mn.push_back(lo);
                    mx.push_back(v);
                }
            }
        }
        for (const float v : { 65504.0f, 65519.99f, 65520.0f, 6.1035156e-05f, 5.9604645e-08f, 2.9802322e-08f, 2.9802326e-08f }) {
            for (const float q : { 1.0f, 3.0f, 7.0f, 127.0f, 15.0f, 255.0f }) { // maxima giving scales right at FP16 boundaries
                mn.push_back(-v * q);
                mx.push_back(v * q);
                mn.push_back(0.0f);
                mx.push_back(v * q);
            }
        }
        const size_t n = mn.size();
        std::vector<float> scale(n), inv(n), zero(n), lo(n), hi(n);
        int mismatches = 0, checked = 0;
        for (int bits = 2; bits <= 8; ++bits)
            for (const bool symmetric : { true, false })
                for (const bool group : { true, false }) {
                    const auto spec = ql::parseSpec("int" + std::to_string(bits) + (group ? ":g64" : ":channel") + (symmetric ? ":sym" : ":asym"));
                    ql::simd::intRangeScales(mn.data(), mx.data(), int64_t(n), { bits, symmetric, group }, scale.data(), inv.data(), zero.data(),
                        lo.data(), hi.data());
                    for (size_t g = 0; g < n; ++g) {
                        float s = 0, z = 0, l = 0, h = 0;
                        ql::detail::scaleFromRange(spec, ql::minMaxRange(mn[g], mx[g]), s, z);
                        ql::detail::intCodeRange(spec, z, l, h);
                        const float i = s == 0 ? 0.0f : 1.0f / s;
                        const bool same = std::bit_cast<uint32_t>(s) == std::bit_cast<uint32_t>(scale[g])
                            && std::bit_cast<uint32_t>(z) == std::bit_cast<uint32_t>(zero[g]) && std::bit_cast<uint32_t>(i) == std::bit_cast<uint32_t>(inv[g])
                            && l == lo[g] && h == hi[g];
                        if (!same && ++mismatches < 5)
                            qWarning("%s: range [%g, %g] scale %g vs %g, zero %g vs %g", spec.toString().c_str(), double(mn[g]), double(mx[g]),
                                double(scale[g]), double(s), double(zero[g]), double(z));
                        ++checked;
                    }
                }
        QCOMPARE(mismatches, 0);
        QVERIFY(checked > 10000000);
        // The MSE clip search's squared error: eight interleaved double sums, the same on every target.
        {
            std::mt19937 rng(11);
            std::normal_distribution<float> g(0.0f, 1.0f);
            std::vector<float> x(203), q(203);
            for (size_t i = 0; i < x.size(); ++i) {
                x[i] = g(rng);
                q[i] = x[i] + g(rng) * 0.01f;
            }
            x[17] = std::numeric_limits<float>::quiet_NaN();
            x[40] = -std::numeric_limits<float>::infinity();
            double got[8] = {}, want[8] = {};
            ql::simd::squaredErrorSum8(x.data(), q.data(), int64_t(x.size()), got);
            for (size_t i = 0; i < x.size(); ++i)
                if (std::isfinite(x[i])) {
                    const double d = double(q[i]) - double(x[i]);
                    want[i % 8] += d * d;
                }
            for (int k = 0; k < 8; ++k)
                QCOMPARE(got[k], want[k]);
        }
        // FP16's fused error path rounds as an E5M10 mini float: equal to roundToHalf on finite values.
        const ql::detail::MiniFloatRounder half(ql::kE5M10);
        for (uint32_t b = 0; b < 0xFFFFFFFFu - 4093u; b += 4093u) {
            const float v = std::bit_cast<float>(b);
            if (std::isfinite(v) && std::bit_cast<uint32_t>(half(v)) != std::bit_cast<uint32_t>(ql::roundToHalf(v)))
                QFAIL(qPrintable(QStringLiteral("E5M10 rounding of %1").arg(double(v))));
        }
        // MXFP4's shared scale from the exponent bits equals the OCP definition through frexp/ldexp.
        for (uint32_t b = 1; b < 0x7F800000u; b += (b < 0x01000000u ? 65521u : 4093u)) {
            const float a = std::bit_cast<float>(b);
            int e;
            std::frexp(a, &e);
            const float expected = std::ldexp(1.0f, std::clamp(e - 1 - 2, -127, 127));
            if (std::bit_cast<uint32_t>(ql::detail::mxScale(a)) != std::bit_cast<uint32_t>(expected))
                QFAIL(qPrintable(QStringLiteral("mxScale(%1)").arg(double(a))));
        }
    }

    void floatKernelsMatchReference()
    {
        // Every 4096th float bit pattern (both signs, all exponents, NaN, ±Inf, subnormals) through
        // each small float format, raw: the fast rounding equals the reference bit for bit.
        int checked = 0;
        std::vector<float> patterns;
        for (uint64_t b = 0; b <= 0xFFFFFFFFull; b += 4093)
            patterns.push_back(std::bit_cast<float>(uint32_t(b)));
        for (const ql::MiniFloat* f : { &ql::kE4M3, &ql::kE5M2, &ql::kE2M1, &ql::kE2M3, &ql::kE3M2, &ql::kE5M2Saturating }) {
            // The Highway lanes (raw, no scale) over the same patterns.
            const ql::detail::MiniFloatRounder r(*f);
            std::vector<float> lanes(patterns.size());
            ql::simd::roundMiniFloat(patterns.data(), int64_t(patterns.size()),
                { r.shift, r.big, r.smallestNormal, r.overflowAt, r.overflowValue, r.saturates }, false, 1.0f, lanes.data());
            for (size_t i = 0; i < patterns.size(); ++i) {
                const float ref = ql::roundMiniFloat(patterns[i], *f);
                if (std::memcmp(&lanes[i], &ref, 4) != 0 && !(std::isnan(lanes[i]) && std::isnan(ref)))
                    QFAIL(qPrintable(QStringLiteral("lanes, bits %1: %2, reference %3").arg(std::bit_cast<uint32_t>(patterns[i]), 8, 16).arg(lanes[i]).arg(ref)));
            }
            for (uint64_t b = 0; b <= 0xFFFFFFFFull; b += 4093) {
                const float x = std::bit_cast<float>(uint32_t(b));
                const float fast = ql::detail::roundMiniFloatFast(x, *f), ref = ql::roundMiniFloat(x, *f);
                if (std::memcmp(&fast, &ref, 4) != 0 && !(std::isnan(fast) && std::isnan(ref)))
                    QFAIL(qPrintable(QStringLiteral("bits %1: fast %2, reference %3").arg(b, 8, 16).arg(fast).arg(ref)));
                ++checked;
            }
            // Exact ties and the overflow edges.
            for (float x : { 1.0625f, 1.1875f, 17.0f, 464.0f, 465.0f, 61440.0f, 61439.0f, 2.5f, 5.0f, 0.25f, 0.75f, 6.5f, -0.0f }) {
                const float fast = ql::detail::roundMiniFloatFast(x, *f), ref = ql::roundMiniFloat(x, *f);
                QVERIFY2(std::memcmp(&fast, &ref, 4) == 0, qPrintable(QStringLiteral("x=%1").arg(x)));
            }
        }
        QVERIFY(checked > 3000000);
        // BF16 in Highway lanes against roundToBf16 over the same bit patterns.
        std::vector<float> bf(patterns.size());
        ql::simd::roundBf16(patterns.data(), int64_t(patterns.size()), bf.data());
        for (size_t i = 0; i < patterns.size(); ++i) {
            const float ref = ql::roundToBf16(patterns[i]);
            QVERIFY2(std::memcmp(&bf[i], &ref, 4) == 0, qPrintable(QStringLiteral("bf16 bits %1").arg(std::bit_cast<uint32_t>(patterns[i]), 8, 16)));
        }
        // Scaled groups of every kernel format against the reference, with NaN/Inf/zeros inside.
        auto v = heavyTailed(4096, 12);
        v[3] = std::numeric_limits<float>::quiet_NaN();
        v[9] = std::numeric_limits<float>::infinity();
        for (int i = 64; i < 128; ++i)
            v[size_t(i)] = 0.0f;
        const ql::WeightMatrix w { v.data(), 8, 512 };
        for (const char* text : { "fp8_e4m3:tensor", "fp8_e5m2:channel", "fp4_e2m1:g32", "mxfp4", "nf4", "nf4:g128", "fp8_e4m3:raw", "fp8_e5m2:raw",
                 "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "nvfp4" }) {
            const auto spec = ql::parseSpec(text);
            QVERIFY(ql::detail::hasFastKernel(spec));
            const auto p = ql::computeParams(spec, w);
            for (int64_t r = 0; r < 8; ++r)
                for (int64_t c0 = 0; c0 < 512; c0 += p.groupCols) {
                    const size_t gi = p.index(r, c0);
                    const int64_t n = std::min<int64_t>(p.groupCols, 512 - c0);
                    std::vector<float> fast(static_cast<size_t>(n)), ref(static_cast<size_t>(n));
                    ql::detail::quantizeGroup(spec, v.data() + r * 512 + c0, n, p.scale[gi], 0, 0, fast.data());
                    ql::detail::quantizeGroupReference(spec, v.data() + r * 512 + c0, n, p.scale[gi], 0, 0, ref.data());
                    for (int64_t i = 0; i < n; ++i)
                        QVERIFY2(std::memcmp(&fast[size_t(i)], &ref[size_t(i)], 4) == 0 || (std::isnan(fast[size_t(i)]) && std::isnan(ref[size_t(i)])),
                            qPrintable(QStringLiteral("%1 [%2,%3]").arg(text).arg(r).arg(c0 + i)));
                }
        }
    }

    void precisionLadder()
    {
        // 1.0 in every format (INT8 / INT4 / NF4 with a range of 2).
        const auto ladder = ql::precisionLadder(1.0f, 2.0f);
        QCOMPARE(ladder.size(), size_t(15));
        auto row = [&](const char* name) {
            for (const auto& r : ladder)
                if (r.format == name)
                    return r;
            qFatal("no row %s", name);
        };
        QCOMPARE(row("FP32").code, 0x3F800000u);
        QCOMPARE(row("BF16").code, 0x3F80u);
        QCOMPARE(row("FP16").code, 0x3C00u);
        QCOMPARE(row("FP8 E4M3").code, 0x38u);
        QCOMPARE(row("FP8 E5M2").code, 0x3Cu);
        QCOMPARE(row("FP4 E2M1").code, 0x2u);
        QCOMPARE(row("FP16").below, 1.0 - std::ldexp(1.0, -11));
        QCOMPARE(row("FP16").above, 1.0 + std::ldexp(1.0, -10));
        QCOMPARE(row("FP8 E4M3").below, 0.9375);
        QCOMPARE(row("FP8 E4M3").above, 1.125);
        QCOMPARE(row("FP4 E2M1").above, 1.5);
        // INT8: 1 / (2/127) = 63.5, a tie, rounds to the even 64.
        QCOMPARE(row("INT8").code, 64u);
        QCOMPARE(row("INT8").value, 64.0 * 2 / 127);
        QCOMPARE(row("INT4").code, 4u); // 1 / (2/7) = 3.5 → 4
        QCOMPARE(row("NF4").code, 12u); // 0.5 is 0.059 from the level 0.4407 and 0.063 from 0.5626
        // The number line: the stored value and three representable values on each side.
        const double u = std::ldexp(1.0, -24);
        QCOMPARE(row("FP32").around, (std::vector<double> { 1 - 3 * u, 1 - 2 * u, 1 - u, 1, 1 + 2 * u, 1 + 4 * u, 1 + 6 * u }));
        const double s4 = 2.0 / 7;
        QCOMPARE(row("INT4").around, (std::vector<double> { 1 * s4, 2 * s4, 3 * s4, 4 * s4, 5 * s4, 6 * s4, 7 * s4 }));
        QCOMPARE(row("NF4").around.size(), size_t(7)); // levels 9 … 15
        QCOMPARE(row("NF4").around.back(), 2.0); // the top NF4 level is 1 × the range
        QCOMPARE(row("FP8 E4M3").around, (std::vector<double> { 0.8125, 0.875, 0.9375, 1, 1.125, 1.25, 1.375 }));
        const auto small = ql::precisionLadder(0.1f, 1.0f);
        QCOMPARE(small[5].format, std::string("FP4 E2M1"));
        QCOMPARE(small[5].around, (std::vector<double> { -1.5, -1, -0.5, 0, 0.5, 1, 1.5 })); // 0.1 → 0; −0 and +0 are one point
        // FP6: E2M3 (bias 1) holds 1 as 0.01.000 between 0.875 and 1.125; E3M2 (bias 3) as 0.011.00.
        QCOMPARE(row("FP6 E2M3").code, 0x08u);
        QCOMPARE(row("FP6 E2M3").below, 0.875);
        QCOMPARE(row("FP6 E2M3").above, 1.125);
        QCOMPARE(row("FP6 E3M2").code, 0x0Cu);
        QCOMPARE(row("FP6 E3M2").above, 1.25);
        // The block floats in a block of max |x| 2: MXFP8 E4M3's scale 2^(1−8) makes 1 the element 128
        // (0.1110.000); MXFP6 E2M3's 2^(1−2) the element 2 (0.10.000), neighbours 1.875 and 2.25 times it;
        // MXFP4's the E2M1 element 2; NVFP4's E4M3 448 × FP32 2/2688 = 1/3 the element 3.
        QCOMPARE(row("MXFP8 E4M3").code, 0x70u);
        QCOMPARE(row("MXFP8 E4M3").value, 1.0);
        QCOMPARE(row("MXFP6 E2M3").code, 0x10u);
        QCOMPARE(row("MXFP6 E2M3").below, 0.9375);
        QCOMPARE(row("MXFP6 E2M3").above, 1.125);
        QCOMPARE(row("MXFP4").code, 0x4u);
        QCOMPARE(row("MXFP4").above, 1.5);
        QCOMPARE(row("NVFP4").code, 0x5u);
        QVERIFY(std::fabs(row("NVFP4").value - 1.0) < 1e-6);
        QCOMPARE(ql::flipBit(row("MXFP4"), 3, 2.0f), -1.0);
        QCOMPARE(ql::flipBit(row("MXFP6 E2M3"), 3, 2.0f), 2.0); // the lowest exponent bit: element 2 → 4
        // Flipping bits edits the value: the sign bit negates, an integer's top bit is −2^(b−1).
        QCOMPARE(ql::flipBit(row("FP32"), 31, 2.0f), -1.0);
        QCOMPARE(ql::flipBit(row("FP8 E4M3"), 7, 2.0f), -1.0);
        QCOMPARE(ql::flipBit(row("INT8"), 7, 2.0f), -64.0 * 2 / 127);
        QCOMPARE(ql::flipBit(row("FP16"), 10, 2.0f), 0.5); // lowest exponent bit: 2^0 → 2^-1
        // Zero: both neighbours are the smallest subnormals, one each side.
        const auto z = ql::precisionLadder(0.0f, 1.0f);
        QCOMPARE(z[2].below, -std::ldexp(1.0, -24));
        QCOMPARE(z[2].above, std::ldexp(1.0, -24));
        // Saturation and ends of the range.
        const auto big = ql::precisionLadder(1000.0f, 1.0f);
        QCOMPARE(big[3].value, 448.0);
        QVERIFY(std::isnan(big[3].above));
        QVERIFY(std::isnan(big[6].above)); // INT8 at +127
        QCOMPARE(big[6].around.size(), size_t(4)); // 124 … 127: nothing above the top code
        QCOMPARE(big[6].around.back(), big[6].value);
    }

    void clipMethods()
    {
        const auto v = heavyTailed(4096, 4);
        const ql::WeightMatrix w { v.data(), 1, 4096 };
        auto err = [&](const ql::WeightMatrix& m, const char* text) {
            const auto spec = ql::parseSpec(text);
            return ql::measureError(spec, m, ql::computeParams(spec, m)).relMse;
        };
        // The MSE search includes the full range, so it is never worse; clipping the sparse tail helps INT4.
        QVERIFY(err(w, "int4:tensor:mse") <= err(w, "int4:tensor:minmax"));
        QVERIFY(err(w, "int4:tensor:mse") < err(w, "int4:tensor:minmax") * 0.9);
        QVERIFY(err(w, "int4:tensor:p99.9") < err(w, "int4:tensor:minmax"));
        const auto r = ql::calibrate(ql::parseSpec("int4:tensor:p99"), v.data(), 4096);
        auto sorted = v;
        for (auto& x : sorted)
            x = std::fabs(x);
        std::sort(sorted.begin(), sorted.end());
        const double h = 0.99 * 4095;
        const double expected = sorted[4054] + (h - 4054) * (sorted[4055] - sorted[4054]);
        QVERIFY(std::fabs(r.absmax - expected) < 1e-7);
        // A single far outlier: the entropy threshold ignores it.
        auto o = v;
        o[5] = 3.0f;
        const float t = ql::klThreshold(o.data(), 4096, 128);
        QVERIFY(t > 0.05f && t < 1.0f);
        const ql::WeightMatrix wo { o.data(), 1, 4096 };
        QVERIFY(ql::calibrate(ql::parseSpec("int8:tensor:kl"), o.data(), 4096).absmax == t);
        QVERIFY(err(wo, "int8:tensor:mse") <= err(wo, "int8:tensor:minmax"));
    }

    void roundingModes()
    {
        const std::vector<float> v { 0.5f, 1.5f, 2.5f, -0.5f, -2.5f };
        QCOMPARE(ql::roundInteger(2.5f, ql::Rounding::NearestEven, 0, 0), 2.0f);
        QCOMPARE(ql::roundInteger(2.5f, ql::Rounding::HalfAway, 0, 0), 3.0f);
        QCOMPARE(ql::roundInteger(-2.5f, ql::Rounding::HalfAway, 0, 0), -3.0f);
        // Stochastic rounding is unbiased and reproducible from its seed.
        const std::vector<float> x(100000, 0.3f);
        auto q1 = fq("int8:tensor:stoch1", x, 1, 100000);
        auto q1b = fq("int8:tensor:stoch1", x, 1, 100000);
        QCOMPARE(q1, q1b);
        // 0.3 with scale 0.3/127 is exactly on the grid: no change at all.
        QCOMPARE(q1[0], 0.3f);
        std::vector<float> y(100000, 0.1f);
        y[0] = 1.0f; // scale 1/127: 0.1·127 = 12.7 → 12 or 13
        const auto qs = fq("int8:tensor:stoch9", y, 1, 100000);
        QVERIFY(qs != fq("int8:tensor:stoch10", y, 1, 100000)); // another seed, other draws
        double mean = 0;
        for (size_t i = 1; i < qs.size(); ++i)
            mean += qs[i];
        mean /= double(qs.size() - 1);
        QVERIFY(std::fabs(mean - 0.1) < 2e-4);
    }

    void matchesTorchGolden()
    {
        // tests/data/golden_quant_torch.npz (scripts/make_golden_quant.py): PyTorch's own fake
        // quantization of a random matrix and of a real stories260K tensor; must agree bit for bit.
        const ql::Model g = ql::open(QL_TEST_DATA "/golden_quant_torch.npz");
        auto get = [&](const std::string& name) {
            const int i = g.find(name);
            if (i < 0)
                qFatal("golden array %s missing", name.c_str());
            return std::make_pair(g.readAll(size_t(i)), g.tensors[size_t(i)].shape);
        };
        int compared = 0;
        for (const std::string input : { "random", "stories" }) {
            const auto [w, shape] = get(input);
            const ql::WeightMatrix m { w.data(), shape[0], shape[1] };
            const std::pair<const char*, const char*> cases[] = { { "int8:channel", "_int8_channel" }, { "int4:g128", "_int4_g128" },
                { "int3:g64:asym", "_int3_g64_asym" }, { "int4:g32:asym", "_int4_g32_asym" } };
            for (const auto& [spec, suffix] : cases) {
                const auto s = ql::parseSpec(spec);
                const auto q = ql::fakeQuantize(s, m, ql::computeParams(s, m));
                const auto expected = get(input + suffix).first;
                QCOMPARE(q.size(), expected.size());
                for (size_t i = 0; i < q.size(); ++i)
                    QVERIFY2(q[i] == expected[i], qPrintable(QStringLiteral("%1 %2 [%3]: %4 vs torch %5")
                                                                .arg(QString::fromStdString(input), spec).arg(i).arg(q[i]).arg(expected[i])));
                compared += int(q.size());
            }
            const auto s = ql::parseSpec("int8:channel");
            const auto codes = ql::quantizeCodes(s, m, ql::computeParams(s, m));
            const auto torchCodes = get(input + "_int8_channel_codes").first;
            for (size_t i = 0; i < codes.size(); ++i)
                QCOMPARE(float(codes[i]), torchCodes[i]);
        }
        QVERIFY(compared > 100000);
    }

    void independentOfThreads()
    {
        const auto v = heavyTailed(512 * 512, 5);
        const ql::WeightMatrix w { v.data(), 512, 512 };
        for (const char* text : { "int4:g128:mse", "nf4", "fp8_e4m3:channel" }) {
            const auto spec = ql::parseSpec(text);
            ql::ErrorMetrics a, b;
            std::vector<float> qa, qb;
            tbb::task_arena(1).execute([&] {
                const auto p = ql::computeParams(spec, w);
                a = ql::measureError(spec, w, p);
                qa = ql::fakeQuantize(spec, w, p);
            });
            tbb::task_arena(2).execute([&] {
                const auto p = ql::computeParams(spec, w);
                b = ql::measureError(spec, w, p);
                qb = ql::fakeQuantize(spec, w, p);
            });
            QCOMPARE(a.relMse, b.relMse);
            QCOMPARE(a.cosine, b.cosine);
            QVERIFY(qa == qb);
        }
    }
};

QTEST_GUILESS_MAIN(TestQuant)
#include "test_quant.moc"

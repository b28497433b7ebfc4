// Calibrated quantization methods. GPTQ: equal to round-to-nearest when the Hessian is the identity,
// equal to a straightforward column-by-column reference (no blocks, no lazy updates) written here,
// never worse than round-to-nearest on the layer output for correlated inputs, the same for any
// thread count. AWQ: α = 0 is round-to-nearest, its scaling leaves the full-precision output
// unchanged, and it beats round-to-nearest where some input channels are loud. SmoothQuant: the
// hand-worked balance of maxima, the unchanged output, a lower W8A8 error with outlier channels.
#include <tbb/task_arena.h> // before Qt: its "emit" macro clashes with TBB

#include "core/quant/awq.h"
#include "core/quant/gptq.h"
#include "core/quant/modelquant.h"
#include "core/quant/smoothquant.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "core/util/progress.h"

#include <QTest>

#include <cmath>
#include <random>

namespace {

struct Layer {
    std::vector<float> w; // [rows × cols]
    std::vector<double> h; // XᵀX
    std::vector<double> x; // the inputs, [samples × cols]
    int64_t rows = 0, cols = 0;
    ql::WeightMatrix view() const { return { w.data(), rows, cols }; }
    ql::CalibrationEntry calibration() const
    {
        ql::CalibrationEntry e;
        e.in = cols;
        e.samples = int64_t(x.size()) / cols;
        e.hessian = h;
        e.inputs.assign(x.begin(), x.end());
        return e;
    }
};

/// A random layer with correlated inputs: X = Z·A (A mixes neighbouring features), a few loud inputs.
Layer makeLayer(int64_t rows, int64_t cols, int64_t samples, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    Layer l;
    l.rows = rows;
    l.cols = cols;
    l.w.resize(size_t(rows * cols));
    for (auto& v : l.w)
        v = n(rng) * 0.05f;
    std::vector<double> x(size_t(samples * cols));
    for (int64_t s = 0; s < samples; ++s) {
        std::vector<double> z(static_cast<size_t>(cols));
        for (auto& v : z)
            v = n(rng);
        for (int64_t j = 0; j < cols; ++j) {
            double v = z[size_t(j)] + 0.8 * z[size_t((j + 1) % cols)] + 0.5 * z[size_t((j + 7) % cols)];
            if (j % 37 == 5)
                v *= 8; // outlier features
            x[size_t(s * cols + j)] = v;
        }
    }
    l.x = x;
    l.h.assign(size_t(cols * cols), 0.0);
    for (int64_t s = 0; s < samples; ++s)
        for (int64_t i = 0; i < cols; ++i)
            for (int64_t j = 0; j < cols; ++j)
                l.h[size_t(i * cols + j)] += x[size_t(s * cols + i)] * x[size_t(s * cols + j)];
    return l;
}

/// The textbook algorithm for int4:channel (symmetric, scale max|w|/7 per row from the original
/// weights): H += λI, U = chol(H⁻¹) upper, then for each column j: q = RTN(w_j),
/// w_k −= (w_j − q) / U_jj · U_jk for every k > j. Plain loops, double precision, O(n³).
std::vector<float> referenceGptq(const Layer& l, double dampRatio)
{
    const int64_t n = l.cols;
    std::vector<double> H(l.h);
    double mean = 0;
    for (int64_t j = 0; j < n; ++j)
        mean += H[size_t(j * n + j)];
    mean /= double(n);
    for (int64_t j = 0; j < n; ++j)
        H[size_t(j * n + j)] += dampRatio * mean;
    // H⁻¹ by Gauss-Jordan.
    std::vector<double> A(H), inv(size_t(n * n), 0.0);
    for (int64_t i = 0; i < n; ++i)
        inv[size_t(i * n + i)] = 1;
    for (int64_t c = 0; c < n; ++c) {
        const double p = A[size_t(c * n + c)];
        for (int64_t k = 0; k < n; ++k) {
            A[size_t(c * n + k)] /= p;
            inv[size_t(c * n + k)] /= p;
        }
        for (int64_t r = 0; r < n; ++r)
            if (r != c) {
                const double f = A[size_t(r * n + c)];
                for (int64_t k = 0; k < n; ++k) {
                    A[size_t(r * n + k)] -= f * A[size_t(c * n + k)];
                    inv[size_t(r * n + k)] -= f * inv[size_t(c * n + k)];
                }
            }
    }
    // Upper Cholesky U of H⁻¹ (H⁻¹ = UᵀU).
    std::vector<double> U(size_t(n * n), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = i; j < n; ++j) {
            double s = inv[size_t(i * n + j)];
            for (int64_t k = 0; k < i; ++k)
                s -= U[size_t(k * n + i)] * U[size_t(k * n + j)];
            U[size_t(i * n + j)] = i == j ? std::sqrt(s) : s / U[size_t(i * n + i)];
        }
    std::vector<float> q(l.w.size());
    for (int64_t r = 0; r < l.rows; ++r) {
        float absmax = 0;
        for (int64_t j = 0; j < n; ++j)
            absmax = std::max(absmax, std::fabs(l.w[size_t(r * n + j)]));
        const float s = absmax / 7.0f, inv7 = 1.0f / s;
        std::vector<double> w(l.w.begin() + r * n, l.w.begin() + (r + 1) * n);
        for (int64_t j = 0; j < n; ++j) {
            const float x = float(w[size_t(j)]);
            const float qj = std::clamp(std::nearbyint(x * inv7), -8.0f, 7.0f) * s;
            q[size_t(r * n + j)] = qj;
            const double err = (double(x) - qj) / U[size_t(j * n + j)];
            for (int64_t k = j + 1; k < n; ++k)
                w[size_t(k)] -= err * U[size_t(j * n + k)];
        }
    }
    return q;
}

double rtnOutputError(const Layer& l, const char* specText)
{
    const auto spec = ql::parseSpec(specText);
    const auto q = ql::fakeQuantize(spec, l.view(), ql::computeParams(spec, l.view()));
    return ql::outputRelError(l.view(), q.data(), l.h);
}

} // namespace

class TestMethods : public QObject {
    Q_OBJECT
private slots:
    void identityHessianIsRoundToNearest()
    {
        // With H = I the inverse has no off-diagonal terms: no error is spread, GPTQ is RTN exactly.
        Layer l = makeLayer(16, 64, 1, 1);
        l.h.assign(size_t(64 * 64), 0.0);
        for (int j = 0; j < 64; ++j)
            l.h[size_t(j * 64 + j)] = 1.0;
        for (const char* s : { "int4:channel", "int3:g16:asym", "nf4:g32", "fp8_e4m3:channel", "mxfp4" }) {
            const auto spec = ql::parseSpec(s);
            const auto rtn = ql::fakeQuantize(spec, l.view(), ql::computeParams(spec, l.view()));
            QCOMPARE(ql::gptqQuantize(spec, l.view(), l.h), rtn);
        }
    }

    void cancellationReachesGptq()
    {
        // A whole-model job's Cancel stops GPTQ between its row chunks: quantizeWithMethod gives
        // GPTQ a progress of its own, cancelled with the job's.
        const Layer l = makeLayer(256, 64, 200, 3);
        ql::CalibrationEntry c;
        c.in = 64;
        c.hessian = l.h;
        ql::QuantOptions options;
        ql::Progress job;
        options.job = &job;
        const auto spec = ql::parseSpec("int4:g32");
        const auto whole = ql::quantizeWithMethod(ql::QuantMethod::Gptq, spec, l.view(), &c, options, "w");
        QCOMPARE(whole, ql::gptqQuantize(spec, l.view(), l.h)); // the part's own progress does not change the result
        job.cancel();
        try {
            ql::quantizeWithMethod(ql::QuantMethod::Gptq, spec, l.view(), &c, options, "w");
            QFAIL("a cancelled job's GPTQ ran to the end");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Cancelled);
        }
        QCOMPARE(job.done(), int64_t(0)); // the job's own count is GPTQ's to leave alone
    }

    void cancellationReachesAwq()
    {
        // AWQ counts its α candidates and then its clip groups, and a cancelled job stops it.
        const Layer l = makeLayer(32, 64, 100, 4);
        const auto spec = ql::parseSpec("int4:g16:asym");
        ql::Progress counted;
        const ql::AwqResult r = ql::awqQuantize(spec, l.view(), l.calibration(), {}, &counted);
        QCOMPARE(counted.total(), int64_t(20 + 64 / 16)); // the default grid of 20 α, 4 groups of 16
        QCOMPARE(counted.done(), counted.total());
        QCOMPARE(r.dequantized, ql::awqQuantize(spec, l.view(), l.calibration()).dequantized);
        ql::QuantOptions options;
        ql::Progress job;
        options.job = &job;
        const ql::CalibrationEntry c = l.calibration();
        QCOMPARE(ql::quantizeWithMethod(ql::QuantMethod::Awq, spec, l.view(), &c, options, "w"), r.dequantized);
        job.cancel();
        try {
            ql::quantizeWithMethod(ql::QuantMethod::Awq, spec, l.view(), &c, options, "w");
            QFAIL("a cancelled job's AWQ ran to the end");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Cancelled);
        }
        // Cancelled in the clip search (when its first group is done): stopped as well, groups not
        // yet started are skipped.
        ql::Progress* self = nullptr;
        ql::Progress late([&](int64_t done, int64_t) {
            if (done >= 21)
                self->cancel();
        });
        self = &late;
        try {
            ql::awqQuantize(spec, l.view(), l.calibration(), {}, &late);
            QFAIL("AWQ cancelled in its clip search ran to the end");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Cancelled);
        }
        QVERIFY(late.done() >= 21);
    }

    void matchesTheTextbookAlgorithm()
    {
        const Layer l = makeLayer(24, 96, 400, 2);
        const auto ref = referenceGptq(l, 0.01);
        ql::GptqOptions o;
        o.blockSize = 32; // several blocks: the lazy batch updates are exercised
        const auto got = ql::gptqQuantize(ql::parseSpec("int4:channel"), l.view(), l.h, o);
        // Float vs double arithmetic may flip a rare rounding decision; the rest is identical.
        int same = 0;
        for (size_t i = 0; i < got.size(); ++i)
            same += got[i] == ref[i];
        QVERIFY2(same >= int(got.size() * 99 / 100), qPrintable(QStringLiteral("%1 of %2").arg(same).arg(got.size())));
        const double eGot = ql::outputRelError(l.view(), got.data(), l.h), eRef = ql::outputRelError(l.view(), ref.data(), l.h);
        QVERIFY2(std::fabs(eGot - eRef) < 0.02 * eRef, qPrintable(QStringLiteral("%1 vs %2").arg(eGot).arg(eRef)));
    }

    void beatsRoundToNearestOnTheOutput_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("actOrder");
        for (const char* s : { "int4:channel", "int4:g32", "int3:g32:asym", "int8:channel", "nf4:g32", "int4:tensor" }) {
            QTest::newRow(s) << QString::fromLatin1(s) << false;
            QTest::newRow((std::string(s) + " act_order").c_str()) << QString::fromLatin1(s) << true;
        }
    }

    void beatsRoundToNearestOnTheOutput()
    {
        QFETCH(QString, spec);
        QFETCH(bool, actOrder);
        const Layer l = makeLayer(48, 128, 600, 3);
        ql::GptqOptions o;
        o.actOrder = actOrder;
        const auto q = ql::gptqQuantize(ql::parseSpec(spec.toStdString()), l.view(), l.h, o);
        const double gptq = ql::outputRelError(l.view(), q.data(), l.h), rtn = rtnOutputError(l, spec.toLatin1().constData());
        QVERIFY2(gptq < rtn, qPrintable(QStringLiteral("GPTQ %1, RTN %2").arg(gptq).arg(rtn)));
        // Per-channel scales come from the original weights: every output value is a code of that grid.
        if (spec.endsWith(QLatin1String("channel"))) {
            const auto sp = ql::parseSpec(spec.toStdString());
            const auto p = ql::computeParams(sp, l.view());
            const float qmax = float((1 << (sp.bits - 1)) - 1);
            for (int64_t r = 0; r < l.rows; ++r)
                for (int64_t j = 0; j < l.cols; ++j) {
                    const float code = q[size_t(r * l.cols + j)] / p.scale[size_t(r)];
                    QVERIFY2(std::fabs(code - std::nearbyint(code)) < 1e-3f && code >= -qmax - 1.001f && code <= qmax + 0.001f, qPrintable(QString::number(code)));
                }
        }
    }

    void sameForAnyThreadCount()
    {
        const Layer l = makeLayer(100, 64, 200, 4); // several row chunks
        const auto spec = ql::parseSpec("int4:g16");
        std::vector<float> one, two;
        tbb::task_arena(1).execute([&] { one = ql::gptqQuantize(spec, l.view(), l.h); });
        tbb::task_arena(2).execute([&] { two = ql::gptqQuantize(spec, l.view(), l.h); });
        QCOMPARE(one, two);
    }

    void awqAlphaZeroIsRoundToNearest()
    {
        const Layer l = makeLayer(16, 64, 100, 6);
        ql::AwqOptions o;
        o.grid = 1; // α = 0 only
        o.clipSearch = false;
        const auto spec = ql::parseSpec("int4:g16:asym");
        const ql::AwqResult r = ql::awqQuantize(spec, l.view(), l.calibration(), o);
        QCOMPARE(r.alpha, 0.0);
        QCOMPARE(r.scales, std::vector<float>(64, 1.0f));
        QCOMPARE(r.dequantized, ql::fakeQuantize(spec, l.view(), ql::computeParams(spec, l.view())));
    }

    void awqScalingKeepsTheOutput()
    {
        // (X / s)(W s)ᵀ = X Wᵀ: the scales move between the inputs and the weights, the layer's
        // full-precision output stays (up to float rounding).
        const Layer l = makeLayer(32, 96, 50, 7);
        const ql::AwqResult r = ql::awqQuantize(ql::parseSpec("int4:g32:asym"), l.view(), l.calibration());
        QVERIFY(r.alpha > 0);
        double worst = 0;
        for (int64_t t = 0; t < 50; ++t)
            for (int64_t o = 0; o < l.rows; ++o) {
                double plain = 0, moved = 0, norm = 0;
                for (int64_t j = 0; j < l.cols; ++j) {
                    const float x = float(l.x[size_t(t * l.cols + j)]), w = l.w[size_t(o * l.cols + j)], s = r.scales[size_t(j)];
                    plain += double(x) * w;
                    moved += double(x / s) * double(w * s);
                    norm += std::fabs(double(x) * w);
                }
                worst = std::max(worst, std::fabs(plain - moved) / norm);
            }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
    }

    void awqBeatsRoundToNearest_data()
    {
        QTest::addColumn<QString>("spec");
        for (const char* s : { "int4:g32:asym", "int3:g32:asym", "int4:channel", "int4:g32", "nf4:g32" })
            QTest::newRow(s) << QString::fromLatin1(s);
    }

    void awqBeatsRoundToNearest()
    {
        QFETCH(QString, spec);
        const Layer l = makeLayer(48, 128, 400, 8); // inputs 5, 42, 79, 116 are eight times louder
        const ql::AwqResult r = ql::awqQuantize(ql::parseSpec(spec.toStdString()), l.view(), l.calibration());
        const double rtn = rtnOutputError(l, spec.toLatin1().constData());
        QCOMPARE(r.outputRelErr, ql::outputRelError(l.view(), r.dequantized.data(), l.h));
        QVERIFY2(r.outputRelErr < rtn * 0.95, qPrintable(QStringLiteral("AWQ %1 (α %2, clip %3), RTN %4").arg(r.outputRelErr).arg(r.alpha).arg(r.clipRatio).arg(rtn)));
        // The loud inputs get the largest scales.
        QVERIFY(r.scales[5] > r.scales[6] && r.scales[42] > r.scales[43]);
    }

    void awqSaliencyAblation()
    {
        // The AWQ paper's observation: keeping the 1 % of input channels with the largest activations
        // in full precision helps far more than keeping those with the largest weights or random ones.
        const Layer l = makeLayer(64, 200, 400, 10); // inputs 5, 42, 79, 116, 153, 190 are loud
        const ql::SaliencyAblation a = ql::saliencyAblation(ql::parseSpec("int3:g32:asym"), l.view(), l.calibration(), 0.01);
        QCOMPARE(a.kept, int64_t(2));
        QCOMPARE(int(a.salient[0] % 37), 5);
        QVERIFY2(a.byActivation < a.byWeight && a.byActivation < a.random && a.byActivation < a.none,
            qPrintable(QStringLiteral("act %1 weight %2 random %3 none %4").arg(a.byActivation).arg(a.byWeight).arg(a.random).arg(a.none)));
        QVERIFY(a.random <= a.none);
    }

    void smoothQuantHandWorked()
    {
        // max|X| = [16, 1], max|W| by input = [1, 4]; α = 0.5: s = [√16/√1, √1/√4] = [4, 0.5], and
        // after smoothing both maxima are [4, 2].
        ql::CalibrationEntry c;
        c.in = 2;
        c.inputs = { 16, 1, -8, 0.5f };
        const std::vector<float> w { 1, 4, 0.5f, -2 };
        const ql::SmoothResult r = ql::smoothQuant({ w.data(), 2, 2 }, c);
        QCOMPARE(r.activationMax, (std::vector<float> { 16, 1 }));
        QCOMPARE(r.weightMax, (std::vector<float> { 1, 4 }));
        QCOMPARE(r.scales, (std::vector<float> { 4, 0.5f }));
        QCOMPARE(r.activationMaxAfter, (std::vector<float> { 4, 2 }));
        QCOMPARE(r.weightMaxAfter, (std::vector<float> { 4, 2 }));
        QCOMPARE(r.tokens, int64_t(2));
        // No input rows: a clear refusal.
        c.inputs.clear();
        try {
            ql::smoothQuant({ w.data(), 2, 2 }, c);
            QFAIL("smoothing without inputs was accepted");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
        }
    }

    void smoothQuantHelpsW8A8WithOutlierChannels()
    {
        Layer l = makeLayer(64, 128, 256, 9);
        for (int64_t t = 0; t < 256; ++t) // LLM-style outlier features: two channels 40× louder
            for (int64_t j : { 17, 90 })
                l.x[size_t(t * 128 + j)] *= 40;
        const ql::CalibrationEntry c = l.calibration();
        const ql::SmoothResult r = ql::smoothQuant(l.view(), c);
        QVERIFY2(r.errorAfter < r.errorBefore / 2, qPrintable(QStringLiteral("%1 → %2").arg(r.errorBefore).arg(r.errorAfter)));
        // The smoothed layer computes the same output in full precision.
        double worst = 0;
        for (int64_t t = 0; t < 20; ++t)
            for (int64_t o = 0; o < l.rows; ++o) {
                double plain = 0, smoothed = 0, norm = 0;
                for (int64_t j = 0; j < l.cols; ++j) {
                    const float x = c.inputs[size_t(t * l.cols + j)], w = l.w[size_t(o * l.cols + j)], s = r.scales[size_t(j)];
                    plain += double(x) * w;
                    smoothed += double(x / s) * double(w * s);
                    norm += std::fabs(double(x) * w);
                }
                worst = std::max(worst, std::fabs(plain - smoothed) / norm);
            }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        // α = 1 moves the activations' range entirely into the weights.
        ql::SmoothOptions all;
        all.alpha = 1.0;
        const ql::SmoothResult moved = ql::smoothQuant(l.view(), c, all);
        for (float v : moved.activationMaxAfter)
            QVERIFY(std::fabs(v - 1.0f) < 1e-5f); // every input channel's max becomes 1
    }

    void deadInputsAndErrors()
    {
        Layer l = makeLayer(8, 32, 100, 5);
        for (int j = 0; j < 32; ++j) { // input 3 never fires
            l.h[size_t(3 * 32 + j)] = 0;
            l.h[size_t(j * 32 + 3)] = 0;
        }
        const auto q = ql::gptqQuantize(ql::parseSpec("int4:channel"), l.view(), l.h);
        for (int r = 0; r < 8; ++r) {
            QCOMPARE(q[size_t(r * 32 + 3)], 0.0f);
            for (int j = 0; j < 32; ++j)
                QVERIFY(std::isfinite(q[size_t(r * 32 + j)]));
        }
        try {
            ql::gptqQuantize(ql::parseSpec("q4_0"), l.view(), l.h);
            QFAIL("GPTQ accepted a llama.cpp format");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
        }
        try {
            ql::gptqQuantize(ql::parseSpec("int4:channel"), l.view(), std::vector<double>(10, 1.0));
            QFAIL("a Hessian of the wrong size was accepted");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::SizeMismatch);
        }
        // Output error: 0 for the weights themselves.
        QCOMPARE(ql::outputRelError(l.view(), l.w.data(), l.h), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestMethods)
#include "test_methods.moc"

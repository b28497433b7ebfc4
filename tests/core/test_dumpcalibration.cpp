// scripts/dump_calibration.py, run with Debian's python3-torch on a small model (a convolution and
// two linear layers): QuantLens reads what it writes, and the statistics are consistent.
#include "core/io/calibration.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestDumpCalibration : public QObject {
    Q_OBJECT
private slots:
    void scriptWritesWhatQuantLensReads()
    {
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import torch, h5py") });
        if (!probe.waitForFinished(120000) || probe.exitCode() != 0)
            QSKIP("Debian's python3-torch and python3-h5py are not installed (scripts/bootstrap.sh test installs them)");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("calib.h5"));
        QProcess p;
        p.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral(QL_SOURCE_DIR "/scripts/dump_calibration.py"), QStringLiteral("--demo"), out });
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const auto store = ql::loadCalibration(out.toStdString());
        QCOMPARE(store.entries.size(), size_t(3));
        // Conv2d(1, 4, 3, padding 1) on 3 batches of 5 images of 8x8: 9 features per patch, 960 patches.
        const auto* conv = store.find("0.weight");
        QVERIFY(conv);
        QCOMPARE(conv->in, int64_t(9));
        QCOMPARE(conv->samples, int64_t(3 * 5 * 64));
        const auto* fc = store.find("3.weight");
        QCOMPARE(fc->in, int64_t(256));
        QCOMPARE(fc->samples, int64_t(15));
        QCOMPARE(fc->inputs.size(), size_t(8 * 256)); // the first 8 rows kept
        QCOMPARE(store.find("5.weight")->in, int64_t(16));
        for (const auto* e : { conv, fc }) {
            for (int64_t i = 0; i < e->in; ++i) {
                const double diag = e->hessian[size_t(i * e->in + i)] / double(e->samples);
                QVERIFY(std::fabs(diag - e->meanSq[size_t(i)]) <= 1e-5 * (1 + diag));
                QVERIFY(double(e->absmax[size_t(i)]) * e->absmax[size_t(i)] >= e->meanSq[size_t(i)] * (1 - 1e-5));
            }
        }
        // The kept rows are real inputs: each is bounded by the per-feature absmax.
        for (int64_t r = 0; r < 8; ++r)
            for (int64_t i = 0; i < 256; ++i)
                QVERIFY(std::fabs(fc->inputs[size_t(r * 256 + i)]) <= fc->absmax[size_t(i)] * (1 + 1e-6f));
    }
};

QTEST_GUILESS_MAIN(TestDumpCalibration)
#include "test_dumpcalibration.moc"

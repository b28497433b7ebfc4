// Issue 16: whatever a background job throws reaches the view as a message. TensorWorker rethrew
// anything but ql::Error and std::bad_alloc on the UI thread (QFuture::result() in accept()), which
// aborted the GUI; JobRunner let non-std exceptions escape, so the job never reported.
#include "core/io/model.h"
#include "core/util/error.h"
#include "widgets/jobrunner.h"
#include "widgets/tensorworker.h"

#include <QSignalSpy>
#include <QTest>
#include <QWidget>

#include <stdexcept>

class TestWorkers : public QObject {
    Q_OBJECT

    /// A 2×2 tensor whose source throws \p T when read.
    template <typename T> static std::shared_ptr<ql::Model> throwingModel()
    {
        auto m = std::make_shared<ql::Model>();
        m->path = "/data/odd.bin";
        ql::TensorInfo t;
        t.name = "w";
        t.shape = { 2, 2 };
        t.parameters = 4;
        m->tensors.push_back(t);
        struct Src : ql::TensorSource {
            void read(const ql::TensorInfo&, int64_t, int64_t, float*) const override { throw T("stoi"); }
        };
        m->sources.push_back(std::make_shared<Src>());
        return m;
    }

    static std::shared_ptr<ql::Model> goodModel()
    {
        auto m = std::make_shared<ql::Model>();
        ql::TensorInfo t;
        t.name = "w";
        t.shape = { 1, 1 };
        t.parameters = 1;
        m->tensors.push_back(t);
        struct Src : ql::TensorSource {
            void read(const ql::TensorInfo&, int64_t, int64_t, float* out) const override { *out = 1; }
        };
        m->sources.push_back(std::make_shared<Src>());
        return m;
    }

private slots:
    void tensorWorkerReportsEveryException()
    {
        QWidget host;
        host.show();
        ql::TensorWorker worker(&host);
        QSignalSpy failed(&worker, &ql::TensorWorker::failed);
        QSignalSpy finished(&worker, &ql::TensorWorker::finished);
        // A reader's std::out_of_range (the stoi of a layer number) is a ql::Error naming the file.
        worker.setTensor(throwingModel<std::out_of_range>(), 0);
        worker.run([](const ql::WeightMatrix&) -> std::any { return 1; });
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("/data/odd.bin")),
            qPrintable(failed.at(0).at(0).toString()));
        // A job's own std::logic_error, and something that is no std::exception at all.
        worker.setTensor(goodModel(), 0);
        worker.run([](const ql::WeightMatrix&) -> std::any { throw std::logic_error("vector::_M_range_check"); });
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 5000);
        QVERIFY(failed.at(1).at(0).toString().contains(QStringLiteral("_M_range_check")));
        worker.run([](const ql::WeightMatrix&) -> std::any { throw 42; });
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 5000);
        QVERIFY(!failed.at(2).at(0).toString().isEmpty());
        QVERIFY(!worker.busy());
        // And the worker still works.
        worker.run([](const ql::WeightMatrix& w) -> std::any { return int(w.rows); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QCOMPARE(std::any_cast<int>(finished.at(0).at(0).value<std::any>()), 1);
    }

    void jobRunnerReportsEveryException()
    {
        ql::JobRunner runner;
        QStringList failures;
        int done = 0;
        runner.start(
            "a", "throws an int", [](ql::Progress&, const ql::JobRunner::Partial&) -> std::any { throw 42; }, nullptr,
            [&](std::any) { ++done; }, [&](QString e) { failures << e; });
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 5000);
        QTRY_VERIFY(!runner.isRunning("a"));
        runner.start(
            "b", "throws out_of_range",
            [](ql::Progress&, const ql::JobRunner::Partial&) -> std::any { throw std::out_of_range("stoi"); }, nullptr,
            [&](std::any) { ++done; }, [&](QString e) { failures << e; });
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 2, 5000);
        QVERIFY(failures.at(1).contains(QStringLiteral("stoi")));
        QCOMPARE(done, 0);
    }
};

QTEST_MAIN(TestWorkers)
#include "test_workers.moc"

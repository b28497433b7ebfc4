// The HDF5 reader process: libhdf5 runs in quantlens-hdf5-reader, so a crash, a hang or a runaway
// allocation there is a clear error and this process carries on. The failures of libhdf5 are played
// by a stand-in reader (tests/support/fakehdf5reader.cpp) that speaks the same protocol.
#include "core/io/calibration.h"
#include "core/io/hdf5protocol.h"
#include "core/io/hdf5reader.h"
#include "core/io/model.h"
#include "core/util/error.h"
#include "support/fixtures.h"

#include <hdf5.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace fixtures;

class TestHdf5Reader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return (m_dir.path() + "/").toStdString() + name; }

    /// Runs \p f with the stand-in reader in \p mode; the real reader again afterwards.
    template <typename F>
    void withFakeReader(const char* mode, F&& f)
    {
        ql::stopHdf5Reader();
        qputenv("QUANTLENS_HDF5_READER", QL_FAKE_READER);
        qputenv("QL_FAKE_READER", mode);
        f();
        qunsetenv("QUANTLENS_HDF5_READER");
        qunsetenv("QL_FAKE_READER");
        ql::stopHdf5Reader();
    }

private slots:
    void replyDeclaringAGigabyteHeader()
    {
        // Seen writing the hdf5_reply fuzz target: a reply's 4-byte length word made QuantLens allocate
        // and zero the 1 GiB it declared before a byte of it arrived. Now the header grows as it comes.
        int fds[2];
        QVERIFY(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        const uint32_t declared = uint32_t(1) << 30;
        QVERIFY(write(fds[1], &declared, 4) == 4);
        QVERIFY(write(fds[1], "{\"ok\"", 5) == 5);
        close(fds[1]);
        rusage before {}, after {};
        getrusage(RUSAGE_SELF, &before);
        nlohmann::json header;
        uint64_t blob = 0;
        QCOMPARE(ql::hdf5ipc::receiveHeader(fds[0], header, blob, ql::hdf5ipc::nowMs() + 5000), ql::hdf5ipc::Io::Closed);
        getrusage(RUSAGE_SELF, &after);
        close(fds[0]);
        // ru_maxrss is in KiB; the reply held 5 bytes of header.
        QVERIFY2(after.ru_maxrss - before.ru_maxrss < 64 * 1024,
            (std::to_string((after.ru_maxrss - before.ru_maxrss) / 1024) + " MiB allocated for a 9-byte reply").c_str());
    }

    void initTestCase()
    {
        writeHdf5(path("good.h5"), { { "layer/kernel", { 3, 4, 5 }, ramp(60, 0.5f, -7.0f) } }, { { "/", "note", { "hello" } } });
    }

    void readsRangesExactly()
    {
        // Flat ranges of a [3, 4, 5] dataset, read as unions of blocks, equal the whole read.
        const ql::Model m = ql::open(path("good.h5"));
        QCOMPARE(m.metadata["note"].get<std::string>(), std::string("hello"));
        const auto all = m.readAll(0);
        QCOMPARE(all, ramp(60, 0.5f, -7.0f));
        for (int64_t b = 0; b < 60; b += 3)
            for (int64_t n : { 1, 2, 4, 5, 7, 19, 20, 21, 33 }) {
                if (b + n > 60)
                    continue;
                std::vector<float> part(static_cast<size_t>(n));
                m.read(0, b, n, part.data());
                QVERIFY2(std::equal(part.begin(), part.end(), all.begin() + b), qPrintable(QStringLiteral("range %1 + %2").arg(b).arg(n)));
            }
        QVERIFY(ql::hdf5ReaderPid() > 0);
        QVERIFY(ql::hdf5ReaderPid() != ::getpid());
    }

    void aCrashIsAnErrorNamingWhatWasRead()
    {
        withFakeReader("crash_attributes", [&] {
            try {
                ql::open(path("good.h5"));
                QFAIL("a crash of the reader was not reported");
            } catch (const ql::Error& e) {
                QCOMPARE(e.code(), ql::ErrorCode::Hdf5Crashed);
                const std::string what = e.what();
                QVERIFY2(what.find("good.h5") != std::string::npos, what.c_str());
                QVERIFY2(what.find("this HDF5 file is malformed: the HDF5 library failed reading attribute '/bad'") != std::string::npos, what.c_str());
                QVERIFY2(what.find("signal 11") != std::string::npos, what.c_str());
            }
        });
        // The next file starts a new reader.
        QCOMPARE(ql::open(path("good.h5")).readAll(0).size(), size_t(60));
    }

    void aHangIsStoppedAtTheTimeLimit()
    {
        withFakeReader("hang_read", [&] {
            ql::LoadLimits limits;
            limits.readerSeconds = 1;
            const ql::Model m = ql::open(path("good.h5"), limits);
            QElapsedTimer t;
            t.start();
            try {
                m.readAll(0);
                QFAIL("a hang of the reader was not reported");
            } catch (const ql::Error& e) {
                QCOMPARE(e.code(), ql::ErrorCode::Hdf5Timeout);
                QVERIFY2(std::string(e.what()).find("reading dataset 'w' after 1 s") != std::string::npos, e.what());
            }
            QVERIFY(t.elapsed() < 5000);
        });
    }

    void aFileReopensInANewReader()
    {
        // A model opened before the reader died (another file crashed it) reads on.
        const ql::Model m = ql::open(path("good.h5"));
        ql::stopHdf5Reader();
        QCOMPARE(m.readAll(0), ramp(60, 0.5f, -7.0f));
    }

    void runawayAllocationsStayInTheReader()
    {
        // The reader runs under an address-space limit: a read larger than it fails there, as an
        // error, and this process carries on (without the limit it would take the memory).
        const size_t n = size_t(48) << 20; // 192 MB of floats
        writeHdf5(path("big.h5"), { { "big", { int64_t(n) }, std::vector<float>(n, 1.0f) } }, {});
        ql::stopHdf5Reader();
        ql::LoadLimits limits;
        limits.readerMemoryBytes = uint64_t(64) << 20; // the library and 64 MB of values do not fit
        const ql::Model m = ql::open(path("big.h5"), limits);
        std::vector<float> out(size_t(1) << 24);
        try {
            m.read(0, 0, int64_t(out.size()), out.data()); // 64 MB per request: more than the reader may hold with the library
            QFAIL("the reader's memory limit did not hold");
        } catch (const ql::Error& e) {
            QVERIFY2(e.code() == ql::ErrorCode::OutOfMemory || e.code() == ql::ErrorCode::Hdf5Crashed || e.code() == ql::ErrorCode::Hdf5Failure, e.what());
        }
        ql::stopHdf5Reader();
        std::vector<float> small(1024);
        ql::open(path("big.h5")).read(0, int64_t(n) - 1024, 1024, small.data()); // default limits: fine
        QCOMPARE(small, std::vector<float>(1024, 1.0f));
        std::remove(path("big.h5").c_str());
    }

    void calibrationThroughTheReader()
    {
        ql::CalibrationStore s;
        ql::CalibrationEntry e;
        e.in = 3;
        const auto rows = ramp(6, 1.0f, -2.0f);
        e.add(rows.data(), 2);
        e.add(rows.data() + 3, 2);
        s.entries["blk.0.attn_q.weight"] = e;
        ql::saveCalibration(s, path("calib.h5"));
        const auto back = ql::loadCalibration(path("calib.h5"));
        QCOMPARE(back.entries.at("blk.0.attn_q.weight").hessian, e.hessian);
        QCOMPARE(back.entries.at("blk.0.attn_q.weight").samples, int64_t(2));
    }
};

QTEST_GUILESS_MAIN(TestHdf5Reader)
#include "test_hdf5reader.moc"

// The CLI under mpirun (issue 17): a sweep sharded over 2 and 3 local ranks writes the file a
// single process writes, byte for byte (a sweep file holds no timing fields); a rank that fails
// ends the job naming the rank and the tensor and leaves no sweep file; the journal keeps working
// (rank 0 journals rows as they arrive) so --resume under MPI ends with the same file.
#include "support/synthmodel.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {
struct Run {
    int code;
    QByteArray out, err;
};

Run run(const QString& program, const QStringList& args, const QStringList& env = {})
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : env)
        e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(e);
    p.start(program, args);
    if (!p.waitForFinished(300000))
        p.kill();
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

Run cli(const QStringList& args)
{
    return run(QStringLiteral(QL_CLI), args);
}

#ifndef QL_MPIEXEC
#define QL_MPIEXEC "" // a build without MPI: the tests below are skipped
#endif
/// mpirun -np N quantlens-cli ARGS: local ranks, more than the cores if need be; as root (CI) too.
Run mpi(int ranks, const QStringList& args, const QStringList& env = {})
{
    QStringList a { QStringLiteral("-np"), QString::number(ranks), QStringLiteral("--oversubscribe") };
    if (geteuid() == 0)
        a << QStringLiteral("--allow-run-as-root");
    for (const QString& kv : env)
        a << QStringLiteral("-x") << kv;
    // In containers (CI) ptrace is often forbidden, and with it Open MPI's cross-memory copy between
    // local ranks: messages go through shared memory as copies instead.
    return run(QStringLiteral(QL_MPIEXEC), a + QStringList { QStringLiteral(QL_CLI) } + args,
        env + QStringList { QStringLiteral("OMPI_MCA_btl_vader_single_copy_mechanism=none") });
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QString kGguf = QStringLiteral(QL_STORIES_DIR "/stories260K.gguf");

/// A Llama-shaped model whose tensors differ in size by 1000× (the 16384 × 64 embedding and head
/// against the 16 × 64 key projections), stored in F16.
QString writeSynth(const QTemporaryDir& dir)
{
    fixtures::SynthLlama c;
    c.layers = 3;
    c.dim = 64;
    c.hidden = 160;
    c.heads = 4;
    c.kvHeads = 1;
    c.vocab = 16384;
    c.type = 1;
    const QString path = dir.filePath(QStringLiteral("synth.gguf"));
    fixtures::writeSynthLlamaGguf(path.toStdString(), c);
    return path;
}
} // namespace

class TestMpi : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        if (QByteArray(QL_MPIEXEC).isEmpty()
            && QByteArray(QTest::currentTestFunction()) != "aBuildWithoutMpiRefusesAnMpiLaunch")
            QSKIP("this build has no MPI (CMake found no MPI C library, or QL_MPI=OFF): nothing to shard over");
    }

    void aBuildWithoutMpiRefusesAnMpiLaunch()
    {
        // Started as a rank of an MPI job (the launcher's environment) without MPI built in, the
        // CLI refuses rather than run the whole job once per rank.
        if (!QByteArray(QL_MPIEXEC).isEmpty())
            QSKIP("this build has MPI: an MPI launch is joined (the other tests)");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("sweep.json"));
        const Run r = run(QStringLiteral(QL_CLI), { "sweep", kGguf, "--specs", "q4_0", "--out", out },
            { "OMPI_COMM_WORLD_SIZE=2", "OMPI_COMM_WORLD_RANK=1" });
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("built without MPI") && r.err.contains("rank 1"), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }
    void shardedSweepIsTheSingleProcessSweep_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("specs");
        QTest::newRow("synthetic") << QString() << QStringLiteral("q4_0,int4:g32,q4_k,int8:channel,int3:g64");
        QTest::newRow("stories260K") << kGguf << QStringLiteral("q4_0,int4:g32,q6_k,int8:channel");
    }
    void shardedSweepIsTheSingleProcessSweep()
    {
        QFETCH(QString, model);
        QFETCH(QString, specs);
        QTemporaryDir dir;
        if (model.isEmpty())
            model = writeSynth(dir);
        const QString single = dir.filePath(QStringLiteral("single.json"));
        Run r = cli({ "sweep", model, "--specs", specs, "--out", single });
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray expected = readAll(single);
        QVERIFY(expected.contains("\"quantlens-sweep\""));
        for (int ranks : { 2, 3 }) {
            const QString out = dir.filePath(QStringLiteral("ranks%1.json").arg(ranks));
            r = mpi(ranks, { "sweep", model, "--specs", specs, "--out", out });
            QVERIFY2(r.code == 0, r.err.constData());
            // One file, written once by rank 0, equal byte for byte to the single process's.
            QCOMPARE(r.out.count("tensors x"), 1);
            QCOMPARE(readAll(out), expected);
            QVERIFY(!QFile::exists(out + QStringLiteral(".journal")));
        }
    }

    void shardedEndToEndAndValidationEqualTheSingleProcess()
    {
        // sweep --e2e shards its single-tensor evaluations (one forward pass each), validate its
        // plans; both give rank 0 the single process's numbers, to the bit.
        QTemporaryDir dir;
        const QStringList judge { "--sample", "2", "--length", "24" };
        const QStringList sweep = QStringList { "sweep", kGguf, "--specs", "q4_0,int4:g32,q8_0", "--tensor",
            "token_embd.weight", "--tensor", "blk.0.attn_q.weight", "--tensor", "blk.1.ffn_down.weight", "--tensor",
            "blk.4.attn_v.weight", "--e2e" }
            + judge;
        const QString single = dir.filePath(QStringLiteral("single.json"));
        Run r = cli(sweep + QStringList { "--out", single });
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray expected = readAll(single);
        QCOMPARE(expected.count("\"e2e_kld\""), 12);
        const QStringList validate = QStringList { "validate", single, kGguf, "--points", "4", "--json" } + judge;
        r = cli(validate);
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray validation = r.out;
        QVERIFY(validation.contains("\"measured_kld\""));
        for (int ranks : { 2, 3 }) {
            const QString out = dir.filePath(QStringLiteral("ranks%1.json").arg(ranks));
            r = mpi(ranks, sweep + QStringList { "--out", out });
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(readAll(out), expected);
            r = mpi(ranks, validate);
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(r.out, validation); // printed once, by rank 0
        }
        // Interrupted under mpirun, resumed under mpirun: rank 0 journals the rows and each
        // figure as it arrives, and the resumed job measures only what the journal lacks.
        const QString part = dir.filePath(QStringLiteral("part.json"));
        r = mpi(2, sweep + QStringList { "--out", part }, { "QL_TEST_SWEEP_ABORT_AFTER=9" }); // 4 rows, 5 figures
        QVERIFY(r.code != 0);
        QVERIFY(!QFile::exists(part));
        r = mpi(2, sweep + QStringList { "--out", part, "--resume" });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("resuming: 4 of 4 tensors already measured, 5 end-to-end figures"), r.out.constData());
        QCOMPARE(readAll(part), expected);
        const QString plans = dir.filePath(QStringLiteral("plans.json"));
        r = mpi(2, validate + QStringList { "--out", plans }, { "QL_TEST_SWEEP_ABORT_AFTER=2" });
        QVERIFY(r.code != 0);
        r = mpi(2, validate + QStringList { "--out", plans, "--resume" });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("resuming: 2 of 4 plans already measured"), r.err.constData());
        QCOMPARE(r.out, validation);
    }

    void aFailingRankEndsTheJobNamingItAndItsTensor()
    {
        QTemporaryDir dir;
        const QString model = writeSynth(dir);
        const QString out = dir.filePath(QStringLiteral("sweep.json")),
                      single = dir.filePath(QStringLiteral("single.json"));
        // --resume: a failed job keeps its journal, which the last run below continues. Each failing
        // run starts from no journal, so that its 23 tensors give every rank work (rank 0's own
        // worker starts once the other ranks have their first tensor).
        const QStringList args { "sweep", model, "--specs", "q4_0,int4:g32", "--out", out, "--resume" };
        static const QRegularExpression named(QStringLiteral(
            "synth.gguf: rank (\\d) failed on '(blk\\.\\d\\.[a-z_]+\\.weight|token_embd\\.weight|output\\.weight)': "
            ".*measuring this tensor \\(QL_TEST_SWEEP_FAIL_RANK\\)"));
        for (const QString rank : { "1", "0", "2" }) {
            // Rank 1 and 2 are worker ranks; rank 0 fails on the thread that measures beside the coordinator.
            QFile::remove(out + QStringLiteral(".journal"));
            const Run r = mpi(3, args, { "QL_TEST_SWEEP_FAIL_RANK=" + rank });
            QVERIFY(r.code != 0);
            const auto m = named.match(QString::fromUtf8(r.err));
            QVERIFY2(m.hasMatch(), r.err.constData());
            QCOMPARE(m.captured(1), rank);
            QCOMPARE(QString::fromUtf8(r.err).count(named), 1); // said once, by rank 0
            QVERIFY(!QFile::exists(out)); // nothing half-merged
        }
        // What the failed runs finished is in the journal; the resumed job completes the sweep.
        QVERIFY(QFile::exists(out + QStringLiteral(".journal")));
        Run r = mpi(2, args);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(cli({ "sweep", model, "--specs", "q4_0,int4:g32", "--out", single }).code == 0);
        QCOMPARE(readAll(out), readAll(single));
    }

    void resumedUnderMpiEqualsUninterrupted()
    {
        QTemporaryDir dir;
        const QString full = dir.filePath(QStringLiteral("full.json")),
                      part = dir.filePath(QStringLiteral("part.json"));
        const QStringList specs { "--specs", "q4_0,int4:g32,q4_k" };
        QCOMPARE(cli(QStringList { "sweep", kGguf } + specs + QStringList { "--out", full }).code, 0);
        // Rank 0 dies after journaling its fourth row: the job ends, no sweep file, four rows kept.
        Run r = mpi(2, QStringList { "sweep", kGguf } + specs + QStringList { "--out", part },
            { "QL_TEST_SWEEP_ABORT_AFTER=4" });
        QVERIFY(r.code != 0);
        QVERIFY(!QFile::exists(part));
        QCOMPARE(readAll(part + QStringLiteral(".journal")).count('\n'), 1 + 4);
        r = mpi(3, QStringList { "sweep", kGguf } + specs + QStringList { "--out", part, "--resume" });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("resuming: 4 of 37 tensors already measured"), r.out.constData());
        QCOMPARE(readAll(part), readAll(full));
        QVERIFY(!QFile::exists(part + QStringLiteral(".journal")));
    }

    void ranksOfAnotherModelAreRefused()
    {
        // mpirun's MPMD form gives rank 1 another file: the ranks must compute the same sweep.
        QTemporaryDir dir;
        const QString synth = writeSynth(dir), out = dir.filePath(QStringLiteral("sweep.json"));
        QStringList a { "-np", "1", "--oversubscribe" };
        if (geteuid() == 0)
            a << "--allow-run-as-root";
        const QStringList options { "--specs", "q4_0", "--out", out };
        const Run r = run(QStringLiteral(QL_MPIEXEC),
            a + QStringList { QL_CLI, "sweep", kGguf } + options
                + QStringList { ":", "-np", "1", QL_CLI, "sweep", synth } + options,
            { QStringLiteral("OMPI_MCA_btl_vader_single_copy_mechanism=none") });
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("rank 1 failed: it computes something else") && r.err.contains("shared path"),
            r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void otherCommandsRunOnce()
    {
        // Only sweep shards its work: info under mpirun prints its listing once (rank 0).
        const Run r = mpi(2, { "info", kGguf });
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.count("stories260K.gguf: gguf"), 1);
    }
};

QTEST_GUILESS_MAIN(TestMpi)
#include "test_mpi.moc"

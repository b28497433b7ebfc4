// Issue 16: the core's layers, util ← io ← quant ← analysis ← plan ← eval, are enforced by the
// build. Each layer compiles with an include path that holds only its own and the lower layers'
// directories (core/CMakeLists.txt), so a source of one layer that includes a header of a higher
// layer does not compile; and a parent-relative include, which would get past that include path,
// fails the build's layer check (cmake/CheckLayerIncludes.cmake).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QStringList kLayers { "util", "io", "quant", "analysis", "plan", "eval" };

/// A header of each layer whose own includes are only the standard library, lower layers and
/// header-only libraries of /usr/include.
QString headerOf(const QString& layer)
{
    static const QHash<QString, QString> h { { "util", "core/util/error.h" }, { "io", "core/io/shape.h" },
        { "quant", "core/quant/spec.h" }, { "analysis", "core/analysis/stats.h" }, { "plan", "core/plan/planner.h" },
        { "eval", "core/eval/kldstats.h" } };
    return h.value(layer);
}

struct Compiled {
    bool ok = false;
    QString output;
};

/// Compiles (syntax only) a file of layer \p layer that includes \p header, as the build compiles
/// that layer's sources: with the layer's include path and no other path into the project.
Compiled compileAs(const QString& layer, const QString& header, const QTemporaryDir& dir)
{
    const QString probe = dir.filePath(QStringLiteral("probe_%1.cpp").arg(layer));
    QFile f(probe);
    if (!f.open(QIODevice::WriteOnly))
        return { false, QStringLiteral("cannot write ") + probe };
    f.write(QStringLiteral("#include \"%1\"\nint main() { return 0; }\n").arg(header).toUtf8());
    f.close();
    QStringList args { "-std=c++20", "-fsyntax-only", "-I" + QStringLiteral(QL_LAYER_TREES) + "/" + layer };
    for (const QString& d : QStringLiteral(QL_SYSTEM_INCLUDES).split('|', Qt::SkipEmptyParts))
        args << "-isystem" + d;
    args << probe;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C")); // the compiler's messages in English
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(QL_CXX), args);
    if (!p.waitForFinished(120000))
        return { false, QStringLiteral("the compiler did not finish") };
    return { p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, QString::fromLocal8Bit(p.readAll()) };
}

struct Checked {
    int code = -1;
    QString output;
};

Checked checkIncludes(const QString& root)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(QL_CMAKE),
        { "-DROOT=" + root, "-P", QStringLiteral(QL_SOURCE_DIR) + "/cmake/CheckLayerIncludes.cmake" });
    p.waitForFinished(60000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromLocal8Bit(p.readAll()) };
}

bool write(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}
} // namespace

class TestLayers : public QObject {
    Q_OBJECT
private slots:
    void aLayerSeesItsOwnAndTheLowerLayers_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("other");
        for (int i = 0; i < kLayers.size(); ++i)
            for (int j = 0; j < kLayers.size(); ++j)
                QTest::addRow("%s includes %s", qPrintable(kLayers[i]), qPrintable(kLayers[j])) << kLayers[i] << kLayers[j];
    }

    void aLayerSeesItsOwnAndTheLowerLayers()
    {
        QFETCH(QString, layer);
        QFETCH(QString, other);
        QTemporaryDir dir;
        const Compiled c = compileAs(layer, headerOf(other), dir);
        if (kLayers.indexOf(other) <= kLayers.indexOf(layer)) {
            QVERIFY2(c.ok, qPrintable(c.output));
        } else {
            // Refused for the reason that matters: the higher layer's header is not on the path.
            QVERIFY2(!c.ok, qPrintable(layer + " compiled with " + headerOf(other)));
            QVERIFY2(c.output.contains(headerOf(other)) && c.output.contains(QStringLiteral("No such file")),
                qPrintable(c.output));
        }
    }

    void parentRelativeIncludesFailTheBuild()
    {
        // The check the build runs before compiling the core, on a core of two files.
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("core"));
        QVERIFY(write(root + "/quant/good.cpp", "#include \"core/util/error.h\"\n#include \"good.h\"\n"));
        QVERIFY(write(root + "/quant/good.h", "#pragma once\n"));
        Checked c = checkIncludes(root);
        QVERIFY2(c.code == 0, qPrintable(c.output));
        QVERIFY(write(root + "/quant/family/bad.cpp", "#include \"good.h\"\n  #  include \"../../analysis/stats.h\"\n"));
        c = checkIncludes(root);
        QVERIFY(c.code != 0);
        QVERIFY2(c.output.contains(QStringLiteral("core/quant/family/bad.cpp: #  include \"../../analysis/stats.h\"")),
            qPrintable(c.output));
        // And the project's own core passes it.
        c = checkIncludes(QStringLiteral(QL_SOURCE_DIR) + "/core");
        QVERIFY2(c.code == 0, qPrintable(c.output));
    }
};

QTEST_GUILESS_MAIN(TestLayers)
#include "test_layers.moc"

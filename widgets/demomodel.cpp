#include "demomodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

static void initDemoResources() { Q_INIT_RESOURCE(demo); }

namespace ql {

namespace {
    bool extract(const QString& resource, const QString& target, QString* error)
    {
        QFile in(resource);
        if (!in.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QCoreApplication::translate("Demo", "The demo model is missing from this build (%1).").arg(resource);
            return false;
        }
        const QFileInfo existing(target);
        if (existing.exists() && existing.size() == in.size())
            return true;
        QDir().mkpath(existing.absolutePath());
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(in.readAll()) != in.size() || !out.commit()) {
            if (error)
                *error = QCoreApplication::translate("Demo", "Cannot write the demo model to %1: %2").arg(target, out.errorString());
            return false;
        }
        return true;
    }
} // namespace

QString demoModelPath(Demo demo, QString* error)
{
    initDemoResources();
    QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath() + QStringLiteral("/quantlens");
    dir += QStringLiteral("/demo");
    switch (demo) {
    case Demo::DigitsMlp:
        if (!extract(QStringLiteral(":/demo/digits_eval.npz"), dir + QStringLiteral("/digits_eval.npz"), error))
            return {};
        return extract(QStringLiteral(":/demo/digits_mlp.safetensors"), dir + QStringLiteral("/digits_mlp.safetensors"), error)
            ? dir + QStringLiteral("/digits_mlp.safetensors")
            : QString();
    case Demo::DigitsCnn:
        if (!extract(QStringLiteral(":/demo/digits_eval.npz"), dir + QStringLiteral("/digits_eval.npz"), error))
            return {};
        return extract(QStringLiteral(":/demo/digits_cnn.safetensors"), dir + QStringLiteral("/digits_cnn.safetensors"), error)
            ? dir + QStringLiteral("/digits_cnn.safetensors")
            : QString();
    case Demo::Stories260K:
        return extract(QStringLiteral(":/demo/stories260K/stories260K.gguf"), dir + QStringLiteral("/stories260K.gguf"), error)
            ? dir + QStringLiteral("/stories260K.gguf")
            : QString();
    }
    return {};
}

} // namespace ql

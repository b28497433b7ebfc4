// Every error code the core reports reaches the user as translated text: for each code, the German
// and the Chinese interface show a message of their own (not the English one) that keeps the file
// and every argument it names; limit names and what the HDF5 reader was doing are translated too.
#include "core/util/error.h"
#include "core/util/limits.h"
#include "widgets/errortext.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

#include <map>

namespace {
/// Arguments that make each code's message complete (keys where a code takes a key).
std::vector<std::string> argsFor(ql::ErrorCode c)
{
    switch (c) {
    case ql::ErrorCode::LimitExceeded: return { ql::limit::Tensors, "2000001", "1000000", "blk.0.attn_q.weight" };
    case ql::ErrorCode::Hdf5Crashed: return { "read_attribute", "/model_weights/layer_names", "signal 11" };
    case ql::ErrorCode::Hdf5Timeout: return { "read_dataset", "dense/kernel:0", "60" };
    case ql::ErrorCode::JudgeUnsupported: return { "qwen2", "rope_scaling", "yarn" };
    default: return { "ARG-one", "ARG-two", "ARG-three" };
    }
}

/// How many arguments each code's text shows.
size_t shownArgs(ql::ErrorCode c)
{
    switch (c) {
    case ql::ErrorCode::Empty:
    case ql::ErrorCode::UnknownFormat:
    case ql::ErrorCode::Cancelled:
    case ql::ErrorCode::OutOfMemory:
    case ql::ErrorCode::Count: return 0;
    case ql::ErrorCode::CannotOpen:
    case ql::ErrorCode::Truncated:
    case ql::ErrorCode::BadJson:
    case ql::ErrorCode::BadHeader:
    case ql::ErrorCode::ShapeOverflow:
    case ql::ErrorCode::OffsetOutOfRange:
    case ql::ErrorCode::NotNpyMember:
    case ql::ErrorCode::ShardMissing:
    case ql::ErrorCode::NoSuchTensor:
    case ql::ErrorCode::Unsupported:
    case ql::ErrorCode::Unexpected: return 1;
    case ql::ErrorCode::SizeMismatch:
    case ql::ErrorCode::BadSpec:
    case ql::ErrorCode::LimitExceeded:
    case ql::ErrorCode::Hdf5Crashed:
    case ql::ErrorCode::Hdf5Timeout:
    case ql::ErrorCode::JudgeUnsupported:
    case ql::ErrorCode::RankFailed: return 3;
    default: return 2;
    }
}
} // namespace

class TestErrorText : public QObject {
    Q_OBJECT

    std::map<int, QString> english()
    {
        std::map<int, QString> out;
        for (int c = 0; c < int(ql::ErrorCode::Count); ++c)
            out[c] = ql::errorText(ql::Error(ql::ErrorCode(c), "/data/model.bin", argsFor(ql::ErrorCode(c))));
        return out;
    }

private slots:
    void everyCodeIsTranslated()
    {
        const auto en = english();
        for (const char* lang : { "de", "zh_CN" }) {
            QTranslator tr;
            QVERIFY2(tr.load(QStringLiteral(QL_BUILD_DIR "/app/quantlens_%1.qm").arg(QLatin1String(lang))), lang);
            QCoreApplication::installTranslator(&tr);
            for (int c = 0; c < int(ql::ErrorCode::Count); ++c) {
                const auto code = ql::ErrorCode(c);
                const auto args = argsFor(code);
                const QString text = ql::errorText(ql::Error(code, "/data/model.bin", args));
                const QString where = QStringLiteral("%1, code %2: %3").arg(QLatin1String(lang)).arg(c).arg(text);
                QVERIFY2(!text.isEmpty() && text != en.at(c), qPrintable(where));
                QVERIFY2(text.contains(QStringLiteral("/data/model.bin")), qPrintable(where));
                // The arguments a code shows (past a key, which is translated itself).
                const bool keyed = code == ql::ErrorCode::LimitExceeded || code == ql::ErrorCode::Hdf5Crashed || code == ql::ErrorCode::Hdf5Timeout;
                for (size_t i = keyed ? 1 : 0; i < shownArgs(code); ++i) {
                    if (code == ql::ErrorCode::JudgeUnsupported && i == 1)
                        continue; // its feature key is translated
                    QVERIFY2(text.contains(QString::fromStdString(args[i])), qPrintable(where + QStringLiteral(" lacks ") + QString::fromStdString(args[i])));
                }
                // The CLI's English description names the file too.
                QVERIFY(std::string(ql::Error(code, "/data/model.bin", args).what()).find("/data/model.bin") != std::string::npos);
            }
            // Limit keys and reader actions have their own translations.
            QTranslator none;
            for (const char* key : { ql::limit::HeaderBytes, ql::limit::Tensors, ql::limit::Rank, ql::limit::JsonDepth, ql::limit::MetadataValues,
                     ql::limit::Values, ql::limit::StoredBytes, ql::limit::Memory, ql::limit::AttributeBytes, ql::limit::Attributes }) {
                const QString t = ql::limitText(key);
                QCoreApplication::removeTranslator(&tr);
                const QString e = ql::limitText(key);
                QCoreApplication::installTranslator(&tr);
                QVERIFY2(t != e && t != QLatin1String(key), qPrintable(QStringLiteral("%1: limit %2").arg(QLatin1String(lang), QLatin1String(key))));
            }
            for (const char* key : { "open_file", "list_objects", "open_dataset", "read_type", "read_shape", "read_storage", "open_object",
                     "count_attributes", "open_attribute", "read_attribute", "read_dataset", "receive_request" }) {
                const QString t = ql::hdf5ActionText(key, QStringLiteral("/x"));
                QCoreApplication::removeTranslator(&tr);
                const QString e = ql::hdf5ActionText(key, QStringLiteral("/x"));
                QCoreApplication::installTranslator(&tr);
                QVERIFY2(t != e, qPrintable(QStringLiteral("%1: action %2").arg(QLatin1String(lang), QLatin1String(key))));
            }
            for (const char* key : { "architecture", "metadata", "config", "rope_scaling", "tensor", "partial_rope", "sliding_window", "per_layer",
                     "experts", "activation", "head_size" }) {
                const QString t = ql::judgeFeatureText(key, QStringLiteral("X"));
                QCoreApplication::removeTranslator(&tr);
                const QString e = ql::judgeFeatureText(key, QStringLiteral("X"));
                QCoreApplication::installTranslator(&tr);
                QVERIFY2(t != e, qPrintable(QStringLiteral("%1: judge feature %2").arg(QLatin1String(lang), QLatin1String(key))));
            }
            QCoreApplication::removeTranslator(&tr);
        }
    }
};

QTEST_GUILESS_MAIN(TestErrorText)
#include "test_errortext.moc"

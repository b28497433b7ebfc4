#include "errortext.h"

#include "core/util/limits.h"

#include <QCoreApplication>

#include <exception>
#include <new>

namespace ql {

QString limitText(const std::string& key)
{
    if (key == limit::HeaderBytes)
        return QCoreApplication::translate("ErrorText", "the header size in bytes");
    if (key == limit::Tensors)
        return QCoreApplication::translate("ErrorText", "the number of tensors");
    if (key == limit::Rank)
        return QCoreApplication::translate("ErrorText", "the number of axes");
    if (key == limit::JsonDepth)
        return QCoreApplication::translate("ErrorText", "the nesting depth of the JSON");
    if (key == limit::MetadataValues)
        return QCoreApplication::translate("ErrorText", "the number of metadata values");
    if (key == limit::Values)
        return QCoreApplication::translate("ErrorText", "the number of values");
    if (key == limit::StoredBytes)
        return QCoreApplication::translate("ErrorText", "the decoded size per stored byte");
    if (key == limit::Memory)
        return QCoreApplication::translate("ErrorText", "the memory needed in bytes");
    if (key == limit::AttributeBytes)
        return QCoreApplication::translate("ErrorText", "the size of the attribute in bytes");
    if (key == limit::Attributes)
        return QCoreApplication::translate("ErrorText", "the number of attributes");
    return QString::fromStdString(key);
}

QString hdf5ActionText(const std::string& key, const QString& object)
{
    auto t = [&](const char* text) { return QCoreApplication::translate("ErrorText", text).arg(object); };
    if (key == "open_file")
        return QCoreApplication::translate("ErrorText", "opening the file");
    if (key == "list_objects")
        return QCoreApplication::translate("ErrorText", "listing its objects");
    if (key == "open_dataset")
        return t(QT_TRANSLATE_NOOP("ErrorText", "opening dataset '%1'"));
    if (key == "read_type")
        return t(QT_TRANSLATE_NOOP("ErrorText", "reading the type of dataset '%1'"));
    if (key == "read_shape")
        return t(QT_TRANSLATE_NOOP("ErrorText", "reading the shape of dataset '%1'"));
    if (key == "read_storage")
        return t(QT_TRANSLATE_NOOP("ErrorText", "reading the storage of dataset '%1'"));
    if (key == "open_object")
        return t(QT_TRANSLATE_NOOP("ErrorText", "opening object '%1'"));
    if (key == "count_attributes")
        return t(QT_TRANSLATE_NOOP("ErrorText", "counting the attributes of '%1'"));
    if (key == "open_attribute")
        return t(QT_TRANSLATE_NOOP("ErrorText", "opening an attribute of '%1'"));
    if (key == "read_attribute")
        return t(QT_TRANSLATE_NOOP("ErrorText", "reading attribute '%1'"));
    if (key == "read_dataset")
        return t(QT_TRANSLATE_NOOP("ErrorText", "reading dataset '%1'"));
    return QCoreApplication::translate("ErrorText", "receiving a request");
}

QString judgeFeatureText(const std::string& key, const QString& d)
{
    auto t = [&](const char* text) { return QCoreApplication::translate("ErrorText", text).arg(d); };
    if (key == "architecture")
        return QCoreApplication::translate("ErrorText", "this architecture (no forward pass for it)");
    if (key == "metadata")
        return t(QT_TRANSLATE_NOOP("ErrorText", "the metadata key '%1'"));
    if (key == "config")
        return t(QT_TRANSLATE_NOOP("ErrorText", "the config.json setting %1"));
    if (key == "rope_scaling")
        return t(QT_TRANSLATE_NOOP("ErrorText", "RoPE scaling '%1'"));
    if (key == "tensor")
        return t(QT_TRANSLATE_NOOP("ErrorText", "the tensor '%1'"));
    if (key == "partial_rope")
        return t(QT_TRANSLATE_NOOP("ErrorText", "rotary embedding of part of each head (%1)"));
    if (key == "sliding_window")
        return t(QT_TRANSLATE_NOOP("ErrorText", "sliding-window attention (%1)"));
    if (key == "per_layer")
        return t(QT_TRANSLATE_NOOP("ErrorText", "hyper-parameters that differ by layer (%1)"));
    if (key == "experts")
        return t(QT_TRANSLATE_NOOP("ErrorText", "this mixture of experts (%1)"));
    if (key == "activation")
        return t(QT_TRANSLATE_NOOP("ErrorText", "the activation '%1'"));
    if (key == "head_size")
        return t(QT_TRANSLATE_NOOP("ErrorText", "keys and values of different head sizes (%1)"));
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(key), d);
}

QString errorText(const Error& e)
{
    auto a = [&](size_t i) { return QString::fromStdString(e.arg(i)); };
    QString what;
    switch (e.code()) {
    case ErrorCode::CannotOpen:
        what = QCoreApplication::translate("ErrorText", "cannot open the file: %1").arg(a(0));
        break;
    case ErrorCode::Empty:
        what = QCoreApplication::translate("ErrorText", "the file is empty");
        break;
    case ErrorCode::UnknownFormat:
        what = QCoreApplication::translate("ErrorText",
            "this is not a safetensors, GGUF, HDF5, .npy or .npz file (its first bytes match none of them)");
        break;
    case ErrorCode::Truncated:
        what = QCoreApplication::translate("ErrorText", "the file is truncated while reading %1").arg(a(0));
        break;
    case ErrorCode::HeaderTooLarge:
        what = QCoreApplication::translate("ErrorText", "the header length %1 runs past the end of the file (%2 bytes)")
                   .arg(a(0), a(1));
        break;
    case ErrorCode::BadJson:
        what = QCoreApplication::translate("ErrorText", "malformed JSON: %1").arg(a(0));
        break;
    case ErrorCode::BadHeader:
        what = QCoreApplication::translate("ErrorText", "malformed header: %1").arg(a(0));
        break;
    case ErrorCode::UnknownDtype:
        what = QCoreApplication::translate("ErrorText", "unknown data type '%1' for tensor '%2'").arg(a(0), a(1));
        break;
    case ErrorCode::ShapeOverflow:
        what = QCoreApplication::translate("ErrorText", "the shape of tensor '%1' is too large (its size overflows)")
                   .arg(a(0));
        break;
    case ErrorCode::OffsetOutOfRange:
        what = QCoreApplication::translate("ErrorText", "the data of tensor '%1' lies outside the file").arg(a(0));
        break;
    case ErrorCode::OverlappingTensors:
        what = QCoreApplication::translate("ErrorText", "the data of tensors '%1' and '%2' overlap").arg(a(0), a(1));
        break;
    case ErrorCode::SizeMismatch:
        what = QCoreApplication::translate("ErrorText", "tensor '%1' should hold %2 bytes but its data range holds %3")
                   .arg(a(0), a(1), a(2));
        break;
    case ErrorCode::NotNpyMember:
        what = QCoreApplication::translate("ErrorText", "archive member '%1' is not a .npy array").arg(a(0));
        break;
    case ErrorCode::Hdf5Failure:
        what = QCoreApplication::translate("ErrorText", "HDF5 error during %1 of '%2'").arg(a(0), a(1));
        break;
    case ErrorCode::ShardMissing:
        what = QCoreApplication::translate("ErrorText", "shard '%1' named in the index is missing").arg(a(0));
        break;
    case ErrorCode::TooLarge:
        what = QCoreApplication::translate("ErrorText", "%1 exceeds the limit of %2").arg(a(0), a(1));
        break;
    case ErrorCode::NoSuchTensor:
        what = QCoreApplication::translate("ErrorText", "no tensor named '%1'").arg(a(0));
        break;
    case ErrorCode::BadSpec:
        what = QCoreApplication::translate("ErrorText", "invalid quantization spec '%1': %2. %3").arg(a(0), a(1), a(2));
        break;
    case ErrorCode::Unsupported: what = QCoreApplication::translate("ErrorText", "not supported: %1").arg(a(0)); break;
    case ErrorCode::Infeasible: what = QCoreApplication::translate("ErrorText", "impossible: %1. %2").arg(a(0), a(1)); break;
    case ErrorCode::JudgeUnsupported:
        what = QCoreApplication::translate("ErrorText", "the judge cannot run this %1 model: it does not implement %2")
                   .arg(a(0), judgeFeatureText(e.arg(1), a(2)));
        break;
    case ErrorCode::NoTokenizer:
        what = a(1).isEmpty() ? QCoreApplication::translate("ErrorText", "cannot build the model's tokenizer: it lacks %1").arg(a(0))
                              : QCoreApplication::translate("ErrorText", "cannot build the model's tokenizer: it lacks %1 (%2)").arg(a(0), a(1));
        break;
    case ErrorCode::Cancelled:
        what = QCoreApplication::translate("ErrorText", "cancelled");
        break;
    case ErrorCode::LimitExceeded:
        what = (e.arg(3).empty() ? QCoreApplication::translate("ErrorText", "%1 is %2, over the limit of %3").arg(limitText(e.arg(0)), a(1), a(2))
                                 : QCoreApplication::translate("ErrorText", "%1 of '%4' is %2, over the limit of %3")
                                       .arg(limitText(e.arg(0)), a(1), a(2), a(3)));
        break;
    case ErrorCode::OutOfMemory:
        what = QCoreApplication::translate("ErrorText", "not enough memory to read the file");
        break;
    case ErrorCode::Unexpected:
        what = QCoreApplication::translate("ErrorText", "unexpected failure while reading: %1").arg(a(0));
        break;
    case ErrorCode::Hdf5Crashed:
        what = QCoreApplication::translate("ErrorText", "this HDF5 file is malformed: the HDF5 library failed %1 (its reader process ended with %2)")
                   .arg(hdf5ActionText(e.arg(0), a(1)), a(2));
        break;
    case ErrorCode::Hdf5Timeout:
        what = QCoreApplication::translate("ErrorText", "this HDF5 file is malformed: the HDF5 library was still %1 after %2 s and was stopped")
                   .arg(hdf5ActionText(e.arg(0), a(1)), a(2));
        break;
    case ErrorCode::RankFailed:
        what = a(1).isEmpty() ? QCoreApplication::translate("ErrorText", "rank %1 failed: %2").arg(a(0), a(2))
                              : QCoreApplication::translate("ErrorText", "rank %1 failed on '%2': %3").arg(a(0), a(1), a(2));
        break;
    case ErrorCode::Count:
        what = QCoreApplication::translate("ErrorText", "unknown error");
        break;
    }
    const QString file = QString::fromStdString(e.file());
    return file.isEmpty() ? what : QCoreApplication::translate("ErrorText", "%1: %2").arg(file, what);
}

QString currentExceptionText(const QString& outOfMemory, bool* cancelled)
{
    if (cancelled)
        *cancelled = false;
    try {
        throw;
    } catch (const Error& e) {
        if (cancelled && e.code() == ErrorCode::Cancelled) {
            *cancelled = true;
            return {};
        }
        return errorText(e);
    } catch (const std::bad_alloc&) {
        return outOfMemory;
    } catch (const std::exception& e) {
        return QCoreApplication::translate("ErrorText", "Unexpected failure: %1").arg(QString::fromLocal8Bit(e.what()));
    } catch (...) {
        return QCoreApplication::translate("ErrorText", "Unexpected failure of an unknown kind.");
    }
}

} // namespace ql

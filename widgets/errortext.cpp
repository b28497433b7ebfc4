#include "errortext.h"

#include <QCoreApplication>

namespace ql {

namespace {
    QString tr(const char* s) { return QCoreApplication::translate("ErrorText", s); }
}

QString errorText(const Error& e)
{
    auto a = [&](size_t i) { return QString::fromStdString(e.arg(i)); };
    QString what;
    switch (e.code()) {
    case ErrorCode::CannotOpen: what = tr("cannot open the file: %1").arg(a(0)); break;
    case ErrorCode::Empty: what = tr("the file is empty"); break;
    case ErrorCode::UnknownFormat:
        what = tr("this is not a safetensors, GGUF, HDF5, .npy or .npz file (its first bytes match none of them)");
        break;
    case ErrorCode::Truncated: what = tr("the file is truncated while reading %1").arg(a(0)); break;
    case ErrorCode::HeaderTooLarge:
        what = tr("the header length %1 runs past the end of the file (%2 bytes)").arg(a(0), a(1));
        break;
    case ErrorCode::BadJson: what = tr("malformed JSON: %1").arg(a(0)); break;
    case ErrorCode::BadHeader: what = tr("malformed header: %1").arg(a(0)); break;
    case ErrorCode::UnknownDtype: what = tr("unknown data type '%1' for tensor '%2'").arg(a(0), a(1)); break;
    case ErrorCode::ShapeOverflow: what = tr("the shape of tensor '%1' is too large (its size overflows)").arg(a(0)); break;
    case ErrorCode::OffsetOutOfRange: what = tr("the data of tensor '%1' lies outside the file").arg(a(0)); break;
    case ErrorCode::OverlappingTensors: what = tr("the data of tensors '%1' and '%2' overlap").arg(a(0), a(1)); break;
    case ErrorCode::SizeMismatch:
        what = tr("tensor '%1' should hold %2 bytes but its data range holds %3").arg(a(0), a(1), a(2));
        break;
    case ErrorCode::NotNpyMember: what = tr("archive member '%1' is not a .npy array").arg(a(0)); break;
    case ErrorCode::Hdf5Failure: what = tr("HDF5 error during %1 of '%2'").arg(a(0), a(1)); break;
    case ErrorCode::ShardMissing: what = tr("shard '%1' named in the index is missing").arg(a(0)); break;
    case ErrorCode::TooLarge: what = tr("%1 exceeds the limit of %2").arg(a(0), a(1)); break;
    case ErrorCode::NoSuchTensor: what = tr("no tensor named '%1'").arg(a(0)); break;
    case ErrorCode::Cancelled: what = tr("cancelled"); break;
    }
    const QString file = QString::fromStdString(e.file());
    return file.isEmpty() ? what : tr("%1: %2").arg(file, what);
}

} // namespace ql

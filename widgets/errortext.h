#pragma once
// Core errors are codes with arguments; this turns them into translated, user-facing text.

#include "core/util/error.h"

#include <QString>

namespace ql {

/// \brief Translated message naming the file and what is wrong with it.
QString errorText(const Error& e);
/// \brief The translated message of the exception being handled (call it inside `catch (...)`): a
/// ql::Error's text, \p outOfMemory for std::bad_alloc, and for anything else what it says (or that
/// it is of an unknown kind): background work turns every exception into a message, since nothing
/// may leave a worker thread. With \p cancelled, a cancelled job (ErrorCode::Cancelled) sets it and
/// gives no message.
QString currentExceptionText(const QString& outOfMemory, bool* cancelled = nullptr);
/// \brief Translated name of a limit key (ql::limit in core/util/limits.h).
QString limitText(const std::string& key);
/// \brief Translated text of what the HDF5 reader was doing (the keys of core/io/hdf5reader.h).
QString hdf5ActionText(const std::string& key, const QString& object);
/// \brief Translated text of what the judge does not implement (a feature key of ErrorCode::JudgeUnsupported)
/// with the file's value \p detail.
QString judgeFeatureText(const std::string& key, const QString& detail);

} // namespace ql

#pragma once
// Core errors are codes with arguments; this turns them into translated, user-facing text.

#include "core/util/error.h"

#include <QString>

namespace ql {

/// \brief Translated message naming the file and what is wrong with it.
QString errorText(const Error& e);
/// \brief Translated name of a limit key (ql::limit in core/util/limits.h).
QString limitText(const std::string& key);
/// \brief Translated text of what the HDF5 reader was doing (the keys of core/io/hdf5reader.h).
QString hdf5ActionText(const std::string& key, const QString& object);
/// \brief Translated text of what the judge does not implement (a feature key of ErrorCode::JudgeUnsupported)
/// with the file's value \p detail.
QString judgeFeatureText(const std::string& key, const QString& detail);

} // namespace ql

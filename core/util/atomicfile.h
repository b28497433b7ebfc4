#pragma once
/// \file atomicfile.h
/// \brief Writing a whole file atomically: written beside its target, synced, then renamed over it.

#include <string>

namespace ql {

/// \brief Replaces \p path with \p contents, or leaves it untouched and throws ql::Error.
void writeFileAtomically(const std::string& path, const std::string& contents);

} // namespace ql

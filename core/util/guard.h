#pragma once
/// \file guard.h
/// \brief The boundary of every reader of untrusted bytes: whatever a reader or a library under it
/// throws leaves as a ql::Error naming the file, so callers (the GUI's job slots, the CLI) only
/// ever handle one exception type.

#include "error.h"

#include <new>
#include <string>
#include <utility>

namespace ql {

/// \brief Converts the exception in flight (inside a catch block) to a ql::Error about \p file:
/// ql::Error passes unchanged, std::bad_alloc becomes OutOfMemory, anything else Unexpected with
/// the exception's own text.
[[noreturn]] void rethrowAsError(const std::string& file);

/// \returns \p f() with every exception turned into a ql::Error about \p file (rethrowAsError).
template <typename F> auto guardReader(const std::string& file, F&& f) -> decltype(f())
{
    try {
        return std::forward<F>(f)();
    } catch (...) {
        rethrowAsError(file);
    }
}

} // namespace ql

#pragma once
/// \file escape.h
/// \brief Tensor names (the file's own bytes: any character, not always UTF-8) written into the
/// text formats of the exports so that each stays one field, one cell, one pattern.

#include <string>
#include <string_view>

namespace ql {

/// \returns whether \p s is well-formed UTF-8 (JSON text, and so every JSON export, must be).
bool isValidUtf8(std::string_view s);

/// \returns \p s as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma,
/// a quote or a line break.
std::string csvField(std::string_view s);

/// \returns \p s as inline code inside a Markdown table cell: `|` escaped (GitHub tables split on
/// it even inside code), line breaks as spaces, and a fence longer than any run of backticks in it.
std::string markdownCode(std::string_view s);

} // namespace ql

#pragma once
// Locale-aware formatting of numbers, sizes and shapes for display.

#include "core/io/model.h"

#include <QString>

namespace ql {

/// \brief "1.2 M", "35 k", "812" — a parameter or element count.
QString formatCount(int64_t n);
/// \brief "4.5 MiB" — a byte size.
QString formatBytes(uint64_t n);
/// \brief "[512, 64]".
QString formatShape(const std::vector<int64_t>& shape);
/// \brief Six significant digits, locale-aware; "—" for NaN.
QString formatNumber(double v);
/// \brief A canonical spec without its default parts (":sym", ":minmax"): "int4:g128".
QString shortSpec(const std::string& spec);

} // namespace ql

#pragma once
/// \file shape.h
/// \brief Overflow-checked shape arithmetic shared by the loaders.

#include "../util/error.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ql {

/// \brief Largest element count a tensor may have (2^48): beyond every real model, and small
/// enough that element indices never overflow int64 arithmetic.
constexpr int64_t kMaxElements = int64_t(1) << 48;
/// \brief Largest number of axes accepted.
constexpr size_t kMaxRank = 16;

/// \returns the product of \p shape; throws ShapeOverflow for negative dims, overflow or a count
/// past kMaxElements.
inline int64_t checkedElementCount(const std::vector<int64_t>& shape, const std::string& file, const std::string& name)
{
    if (shape.size() > kMaxRank)
        throw Error(ErrorCode::ShapeOverflow, file, { name });
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0 || __builtin_mul_overflow(n, d, &n) || n > kMaxElements)
            throw Error(ErrorCode::ShapeOverflow, file, { name });
    }
    return n;
}

} // namespace ql

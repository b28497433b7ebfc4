#pragma once
/// \file shape.h
/// \brief Overflow-checked shape arithmetic shared by the loaders.

#include "core/util/error.h"
#include "core/util/limits.h"

#include <algorithm>
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

/// \returns the product of \p shape; throws LimitExceeded for more axes than limits.maxRank, and
/// ShapeOverflow for negative dims, overflow or a count past limits.maxValues (and kMaxElements).
inline int64_t checkedElementCount(const std::vector<int64_t>& shape, const std::string& file, const std::string& name,
    const LoadLimits& limits = defaultLoadLimits())
{
    checkLimit(file, limit::Rank, shape.size(), std::min<uint64_t>(limits.maxRank, kMaxRank), name);
    const int64_t most = std::min(limits.maxValues, kMaxElements);
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0 || __builtin_mul_overflow(n, d, &n) || n > most)
            throw Error(ErrorCode::ShapeOverflow, file, { name });
    }
    return n;
}

} // namespace ql

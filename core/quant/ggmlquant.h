#pragma once
/// \file ggmlquant.h
/// \brief llama.cpp's block quantizers (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K … Q6_K, …), written for
/// QuantLens so that their codes and dequantized values are bit-identical to llama.cpp's reference
/// quantizers (the same choice of scales and the same float operations in the same order).

#include "core/io/dtype.h"
#include "spec.h"

#include <cstdint>
#include <vector>

namespace ql {

/// \returns the storage type of a llama.cpp QFormat.
DType ggmlStorageType(QFormat f);

/// \brief Quantizes \p n values (a multiple of the block size) into blocks at \p out.
/// \p importance (per value, optional) selects llama.cpp's importance-weighted quantizers; without
/// it the reference quantizers are used.
void quantizeGgmlRow(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance = nullptr);

/// \brief Bytes of the blocks of \p n values.
int64_t ggmlRowBytes(QFormat f, int64_t n);

namespace detail {
    /// \brief quantizeGgmlRow without the vector kernels (the k-quants' sub-block search one sub-block
    /// at a time): the reference the vector path is tested against.
    void quantizeGgmlRowScalar(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance = nullptr);
} // namespace detail

} // namespace ql

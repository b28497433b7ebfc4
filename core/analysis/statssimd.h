#pragma once
/// \file statssimd.h
/// \brief Vector kernels of the statistics pass (Highway, dispatched at run time to the best
/// instruction set the machine has). Sums are in double with a fixed lane layout per instruction
/// set, so a result depends on the machine but never on the thread count.

#include <cstdint>

namespace ql::simd {

/// \brief What one scan of a chunk of floats finds. NaN and ±Inf count in nonFinite only.
struct ChunkScan {
    int64_t nonFinite = 0; ///< NaN and ±Inf
    int64_t zeros = 0; ///< +0 and −0
    float min = __builtin_inff(), max = -__builtin_inff();
    float minNonzeroAbs = __builtin_inff();
    double sum = 0; ///< of the finite values
};

/// \brief Scans \p x[0, n): counts, extremes and the sum of the finite values.
ChunkScan scanChunk(const float* x, int64_t n);

/// \brief Σ(x−mean)², Σ(x−mean)³, Σ(x−mean)⁴ over \p x[0, n), which must all be finite.
void centralSums(const float* x, int64_t n, double mean, double sums[3]);

/// \brief Folds the finite values of \p x[0, n) into a running min, max and max |x|.
void finiteRange(const float* x, int64_t n, float& mn, float& mx, float& absmax);

/// \brief finiteRange over bfloat16 values (the stored bits).
void finiteRangeBf16(const uint16_t* x, int64_t n, float& mn, float& mx, float& absmax);

/// \brief Adds each value of \p x[0, n) to \p hist at its 16-bit order key: sign, exponent and top 7
/// mantissa bits, flipped so that unsigned order is numeric order (NaN and ±Inf land in the bins of
/// exponent 255).
void histogramKeys(const float* x, int64_t n, uint32_t* hist);

/// \brief Writes to \p idx the positions i in [0, n) whose order key k has bit k of \p bitmap
/// (65536 bits) set, in increasing order; \returns how many. \p idx has room for n + 64 entries.
int64_t markedPositions(const float* x, int64_t n, const uint32_t* bitmap, uint32_t* idx);

} // namespace ql::simd

#pragma once
// Internal: the pieces of IQ4_NL / IQ4_XS quantization (ggml_iq4.cpp), shared with their vector
// kernels and tests. Not part of the public API.

#include <cstdint>

namespace ql::family::ggmliq4 {

/// ggml's best_index_int8 over the sixteen ascending levels \p values: the nearest level's index
/// (ties to the upper one), 0 and 15 beyond the ends.
int bestIndex(const int8_t* values, float x);
/// The scale of one sub-block of \p n values: the least-squares scale of the level indices of
/// 15 candidate scales (−max/−127 and (k − 127)/max, k = −7…7), the best by weighted error; 0 for an
/// all-(near-)zero sub-block. \p L receives the first candidate's indices.
float searchScale(const float* xb, const float* weight, int n, uint8_t* L, int ntry);
/// importance × sqrt(σ² + x²), or x² without importance.
void weights(const float* xb, const float* qw, int n, float sigma2, float* weight);
/// 2 × the mean square of \p n values, summed in order.
float sigma2Of(const float* x, int n);
/// The blocks of IQ4_NL (\p nb blocks of 32) and IQ4_XS (\p nb super-blocks of 256).
void iq4nlBlocks(const float* x, int64_t nb, uint8_t* out, const float* importance);
void iq4xsBlocks(const float* x, int64_t nb, uint8_t* out, const float* importance);

} // namespace ql::family::ggmliq4

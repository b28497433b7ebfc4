#pragma once
/// \file ggmlsearch.h
/// \brief Internal: the scale searches of llama.cpp's quantizers (make_qx_quants, make_q3_quants,
/// make_qkx2/qkx3_quants, the super-block scale search), one sub-block at a time, and the row
/// helpers that run them one sub-block per vector lane (simd.h) where the row is finite — both
/// bit-identical to llama.cpp. Used by ggmlquant.cpp; not part of the public API.

#include "simd.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ql::ggml {

/// Scales below this are treated as an all-zero group (llama.cpp's GROUP_MAX_EPS).
constexpr float kGroupMaxEps = 1e-15f;

/// Round to nearest, ties to even. Adding 1.5·2^23 makes the float unit round at the integer
/// position (no libm call); exact for |v| < 2^22, which covers every code and scale ratio here.
/// Out of that range (only non-finite or absurd inputs) it falls back to nearbyint; non-finite → 0.
inline int nearestInt(float v)
{
    if (!(std::fabs(v) < 4194304.0f))
        return std::isfinite(v) ? int(std::nearbyint(v)) : 0;
    const float r = v + 12582912.0f;
    return int(std::bit_cast<uint32_t>(r) & 0x007FFFFFu) - 0x00400000;
}

/// The value of largest magnitude (its sign kept); the first one on ties.
float signedAbsMax(const float* x, int n);

/// Symmetric codes in [−nmax, nmax) with a weighted least-squares scale and a small search over
/// the inverse scale; weights \p qw, or x² without them. Returns the scale; L holds codes + nmax.
float symmetricSearch(int n, int nmax, const float* x, int8_t* L, const float* qw = nullptr);

/// Q3_K's symmetric codes in [−nmax, nmax) refined coordinate by coordinate (weights x²).
float symmetricRefine(int n, int nmax, const float* x, int8_t* L);

/// Codes in [0, nmax] for non-negative values (the super-block scales of the weighted k-quants):
/// a small search over the scale, then coordinate refinement with weights \p qw.
float positiveSearch(int n, int nmax, const float* x, uint8_t* L, const float* qw);

/// Affine codes in [0, nmax] with a min ≤ 0: weighted least squares over a grid of scales.
/// Returns the scale; *negMin receives −min.
float affineSearch(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* negMin, float rmin, float rdelta, int nstep,
    bool useMad, bool degenerateWhenMaxBelowMin = false);

/// Weights of a block: importance × sqrt(σ² + x²), with σ² the row's (or super-block's) mean square.
void blockWeights(const float* x, const float* qw, int n, float sigma2, float* weight);

/// factor × the mean of x² (summed in order, in float).
float meanSquare(const float* x, int64_t n, float factor);

bool allFinite(const float* x, int64_t n);

/// The affine search of all \p count sub-blocks of a row (codes to L, scale and −min per
/// sub-block): with the vector kernel when \p vector and the row is finite (one sub-block per lane,
/// bit-identical), else one sub-block at a time. \p weights (count·n) for Weights::Given.
void searchRow(const simd::AffineSearch& p, const float* x, const float* weights, int64_t count, bool vector, uint8_t* L, float* scale,
    float* negMin);

/// symmetricSearch of all \p count sub-blocks of \p n values of a row (weights \p weights, count·n,
/// or x²), in vector lanes when \p vector and the row is finite.
void symmetricSearchRow(int n, int nmax, const float* x, const float* weights, int64_t count, bool vector, int8_t* L, float* scale);

/// symmetricRefine of all \p count sub-blocks of a row, in vector lanes when \p vector and the row is finite.
void symmetricRefineRow(int n, int nmax, const float* x, int64_t count, bool vector, int8_t* L, float* scale);

/// The final codes of a k-quant sub-block from its stored scale d and min dm.
void codes(const float* x, int n, float dm, float d, int nmax, uint8_t* L, bool vector);

/// The importance-weighted search's grid (make_qkx3_quants as llama.cpp's k-quants call it).
void weightedSearch(simd::AffineSearch& p);

/// Row buffers of the k-quants: codes, scales, −mins and weights of every sub-block.
struct RowSearch {
    std::vector<uint8_t> L;
    std::vector<float> scale, negMin, weights, sumWeights;
    RowSearch(int64_t n, int sub)
        : L(size_t(n))
        , scale(size_t(n / sub))
        , negMin(size_t(n / sub))
    {
    }
    /// importance × sqrt(σ² + x²) per value, σ² = factor × the super-block's mean square, and the
    /// weights' sum per sub-block (the importance-weighted k-quants).
    void importanceWeights(const float* x, const float* qw, int64_t nb, int sub, float factor);
};

} // namespace ql::ggml

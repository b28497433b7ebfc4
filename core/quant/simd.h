#pragma once
/// \file simd.h
/// \brief Hand-vectorised kernels (Highway, with runtime dispatch to the best instruction set the
/// machine has). Each gives exactly the result of its scalar definition.

#include <cstdint>

namespace ql::simd {

/// \brief The smallest and largest finite value of \p x[0, n) (NaN and ±Inf skipped); mn > mx
/// (+inf, −inf) when there is none. Min and max are exact, so the result does not depend on the
/// order or the vector width.
void finiteMinMax(const float* x, int64_t n, float& mn, float& mx);

/// \brief Integer fake quantization of \p n values: clamp(x·inv, lo, hi) rounded to nearest even,
/// times \p scale; NaN stays NaN; with \p symmetric false a −0 code becomes +0 (as adding and
/// removing the zero-point does).
void quantizeInt(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, float* out);

/// \brief NF4 fake quantization: v = x / scale, the level of the highest midpoint v exceeds (the
/// first level when none), times scale; a NaN v keeps x.
void quantizeNf4(const float* x, int64_t n, float scale, const float* levels16, float* out);

/// \brief A small float format's rounding constants (see MiniFloatRounder in groupkernel.h).
struct MiniRound {
    int shift; ///< 23 − mantissa bits
    float big, smallestNormal, overflowAt, overflowValue;
    bool saturates;
};
/// \brief Rounds x / scale (x itself when \p scaled is false) to the format and multiplies back by
/// scale — exactly MiniFloatRounder's arithmetic, lane by lane.
void roundMiniFloat(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, float* out);

/// \brief Rounds each value to bfloat16 (nearest, ties to even; NaN made quiet) — roundToBf16's bits.
void roundBf16(const float* x, int64_t n, float* out);

/// \brief Sums over pairs (w, q) of a block whose w are all finite, each vector lane accumulating in
/// float and the lanes added in double in lane order (deterministic on a machine, whatever the
/// threads): out = { Σw², Σ(q−w)², Σwq, Σq², Σ(q−w), max|q−w| }.
void blockErrorSums(const float* w, const float* q, int64_t n, double out[6]);

/// \brief quantizeInt and blockErrorSums of one block in one pass (no buffer in between), with
/// exactly their results; false (nothing written) when the block holds a NaN or an infinity.
bool intBlockErrorSums(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, double out[6]);

/// \brief roundMiniFloat and blockErrorSums of one block in one pass; false when the block holds a
/// NaN or an infinity.
bool miniBlockErrorSums(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, double out[6]);

/// \brief quantizeNf4 and blockErrorSums of one block in one pass; false on a NaN or an infinity.
bool nf4BlockErrorSums(const float* x, int64_t n, float scale, const float* levels16, double out[6]);

/// \brief Parameters of llama.cpp's affine k-quant search (make_qkx2_quants / make_qkx3_quants):
/// codes in [0, nmax] over sub-blocks of n ≤ 32 values, the inverse scale tried at
/// (rmin + rdelta·i + nmax) / (max − min) for i = 0 … nstep, the weighted error squared or absolute.
struct AffineSearch {
    enum class Weights {
        Given, ///< the caller's weights
        RmsPlusAbs, ///< sqrt(Σx² / n) + |x| (Q4_K and Q5_K without an importance matrix)
        Abs, ///< |x| (Q2_K without one)
    };
    int n = 32, nmax = 15;
    float rmin = -1.0f, rdelta = 0.1f;
    int nstep = 20;
    bool useMad = false;
    bool degenerateWhenMaxBelowMin = false; ///< the importance-weighted variant's extra early exit
    Weights weights = Weights::Given;
};

/// \brief The affine search of \p count consecutive sub-blocks of \p x (values finite), one sub-block
/// per vector lane: codes to \p L (count·n), scale and −min per sub-block — bit-identical to the scalar
/// search (see ggmlquant.cpp), which it replaces where all values are finite. \p weights (count·n)
/// only with Weights::Given.
void affineSearchBatch(const AffineSearch& p, const float* x, const float* weights, int64_t count, uint8_t* L, float* scale,
    float* negMin);

/// \brief The final codes of a k-quant sub-block: clamp(nearestInt((x + dm) / d), 0, nmax) — a NaN
/// or a negative quotient gives 0, as in the scalar code.
void affineCodes(const float* x, int64_t n, float dm, float d, int nmax, uint8_t* L);

} // namespace ql::simd

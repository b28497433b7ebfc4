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

/// \brief Error sums over pairs (w, q): Σw², Σ(q−w)², Σwq, Σq², Σ(q−w) and max|q−w|. Vector blocks
/// are summed in float lanes and added, lane by lane in float, to pending sums; once these hold 256
/// values or more, lanes l and l + N/2 are added in float and the N/2 results in double to one
/// accumulator each (so float partial sums never span more than 512 values, 32 per lane pair). Totals
/// add the accumulators in order, then what was summed one value at a time. Every path that adds the
/// same blocks in the same order gets the very same totals (deterministic on a machine, whatever the
/// threads). Blocks with a value of magnitude 2^58 or more are refused (the caller sums them in
/// double), so no float sum can overflow.
struct LaneSums {
    static constexpr int kMaxLanes = 64; ///< float lanes of the widest vector any target may use
    static constexpr int kFlushValues = 256;
    double lane[5][kMaxLanes] = {};
    float pending[5][kMaxLanes] = {};
    float laneMax[kMaxLanes] = {};
    int pendingValues = 0;
    int lanes = 0; ///< the vector width that added the pending sums
    double rest[5] = {}; ///< values summed one at a time (block tails), in double
    double restMax = 0;

    /// \brief Moves the pending float sums into the double accumulators (the vector kernels do the
    /// same arithmetic in lanes).
    void flush()
    {
        const int half = lanes > 1 ? lanes / 2 : 0;
        for (int k = 0; k < 5; ++k) {
            if (lanes == 1)
                lane[k][0] += double(pending[k][0]);
            for (int l = 0; l < half; ++l)
                lane[k][l] += double(pending[k][l] + pending[k][l + half]);
            for (int l = 0; l < kMaxLanes; ++l)
                pending[k][l] = 0.0f;
        }
        pendingValues = 0;
    }
    void merge(const LaneSums& other)
    {
        flush();
        LaneSums o = other;
        o.flush();
        for (int k = 0; k < 5; ++k) {
            for (int l = 0; l < kMaxLanes; ++l)
                lane[k][l] += o.lane[k][l];
            rest[k] += o.rest[k];
        }
        for (int l = 0; l < kMaxLanes; ++l)
            laneMax[l] = laneMax[l] < o.laneMax[l] ? o.laneMax[l] : laneMax[l];
        restMax = restMax < o.restMax ? o.restMax : restMax;
        lanes = lanes ? lanes : o.lanes;
    }
    /// \brief The five sums and the max.
    void totals(double out[6]) const
    {
        LaneSums t = *this;
        t.flush();
        double mx = restMax;
        for (int k = 0; k < 5; ++k) {
            double sum = 0;
            for (int l = 0; l < kMaxLanes; ++l)
                sum += t.lane[k][l];
            out[k] = sum + rest[k];
        }
        for (int l = 0; l < kMaxLanes; ++l)
            mx = mx < double(laneMax[l]) ? double(laneMax[l]) : mx;
        out[5] = mx;
    }
};

/// \brief Adds the pairs (w, q) of one block of \p n ≤ 256 values whose w are all finite to \p acc;
/// false (nothing added) when a value's magnitude is 2^58 or more, which the caller then sums in double.
bool blockErrorSums(const float* w, const float* q, int64_t n, LaneSums& acc);

/// \brief quantizeInt and blockErrorSums of one block in one pass (no buffer in between), with
/// exactly their sums; false (nothing added) when the block holds a NaN or an infinity or a float
/// sum overflows.
bool intBlockErrorSums(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, LaneSums& acc);

/// \brief roundMiniFloat and blockErrorSums of one block in one pass; false when the block holds a
/// NaN or an infinity.
bool miniBlockErrorSums(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, LaneSums& acc);

/// \brief roundBf16 and blockErrorSums of one block in one pass; false on a NaN or an infinity (or
/// a value that rounds to infinity).
bool bf16BlockErrorSums(const float* x, int64_t n, LaneSums& acc);

/// \brief quantizeNf4 and blockErrorSums of one block in one pass; false on a NaN or an infinity.
bool nf4BlockErrorSums(const float* x, int64_t n, float scale, const float* levels16, LaneSums& acc);

/// \brief Min, max and finiteness of each of \p groups consecutive groups of \p groupCols values
/// (a row of a group-wise quantized matrix): mn[g], mx[g], and finite[g] = 0 when the group holds a
/// NaN or an infinity (its min and max are then meaningless) or a value of magnitude 2^58 or more
/// (whose float sums could overflow). With \p absOnly, mx[g] = max|x| and
/// mn[g] = −mx[g] (all a symmetric range needs, at half the work).
void groupRanges(const float* x, int64_t groups, int64_t groupCols, bool absOnly, float* mn, float* mx, uint8_t* finite);

/// \brief How integer group scales are chosen (see scaleFromRange in groupkernel.h).
struct IntScaleRule {
    int bits = 4;
    bool symmetric = true;
    bool fp16Scale = false; ///< group scales are stored (and used) as FP16
};

/// \brief scaleFromRange of an integer format for \p groups min-max ranges (mn[g], mx[g] as
/// groupRanges gives them), lane by lane with exactly its arithmetic: scale[g], inv[g] = 1/scale (0
/// when the scale is 0), zero[g], and the code range [lo[g], hi[g]] (intCodeRange).
void intRangeScales(const float* mn, const float* mx, int64_t groups, const IntScaleRule& rule, float* scale, float* inv, float* zero,
    float* lo, float* hi);

/// \brief The integer error sums of \p groups consecutive groups of finite values — group g with
/// scale[g] (0: every value quantizes to 0), inv[g] and code range [lo[g], hi[g]] — exactly as quantizeInt
/// and blockErrorSums over the group's blocks of 256 would add them. Only for group lengths that are a
/// multiple of the vector width: \returns false (nothing added) otherwise. \p next (optional): values
/// read next (the same span of the next row), fetched into cache on the way, so that memory reads
/// overlap with this computing.
bool intGroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* inv, const float* lo,
    const float* hi, bool symmetric, const float* next, LaneSums& acc);

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

/// \brief As intGroupsErrorSums for scaled small floats (FP8 / FP4 / MXFP4 groups: roundMiniFloat of
/// x / scale[g], times scale[g]) — the sums miniBlockErrorSums would add block by block. With
/// \p powersOfTwo (MXFP4's E8M0 scales) the division is a multiplication by the exact inverse.
bool miniGroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const MiniRound& f, bool powersOfTwo,
    const float* next, LaneSums& acc);

/// \brief As intGroupsErrorSums for NF4 groups with absmax scales — the sums nf4BlockErrorSums would add.
bool nf4GroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* levels16, const float* next, LaneSums& acc);

/// \brief llama.cpp's symmetric k-quant search (make_qx_quants with rmse_type 1: codes in
/// [−nmax, nmax), a weighted least-squares scale, the inverse scale tried at −(nmax + 0.1·i) / max for
/// i = −9 … 9) over \p count consecutive sub-blocks of \p n ≤ 32 finite values, one per vector lane:
/// codes + nmax to \p L, the scale per sub-block — bit-identical to the scalar search. Weights \p qw
/// (count·n), or x² without them.
void symmetricSearchBatch(int n, int nmax, const float* x, const float* qw, int64_t count, int8_t* L, float* scale);

/// \brief llama.cpp's Q3_K refinement (make_q3_quants without weights: symmetric codes in [−nmax,
/// nmax) refined coordinate by coordinate for up to five passes, weights x²) over \p count sub-blocks
/// of \p n ≤ 32 finite values, one per lane: codes + nmax to \p L and the scales — bit-identical to
/// the scalar refinement.
void symmetricRefineBatch(int n, int nmax, const float* x, int64_t count, int8_t* L, float* scale);

/// \brief Q8_0's round trip of \p n values (whole blocks of 32) without importance: \p out gets what
/// quantizing them to Q8_0 blocks and decoding gives, bit for bit. \returns false, leaving \p out
/// unspecified, when a block holds a NaN or an infinity or its scale is subnormal (the caller then
/// takes the reference quantizer and the decoder).
bool q8_0RoundTrip(const float* x, int64_t n, float* out);

/// \brief The final codes of a symmetric k-quant sub-block: clamp(nearestInt(x / d), −nmax, nmax − 1)
/// + nmax (a NaN or infinite quotient gives code nmax, as in the scalar code).
void symmetricCodes(const float* x, int64_t n, float d, int nmax, int8_t* L);

/// \brief Adds (q[i] − x[i])² in double to e[i mod 8] for the finite x[i], i < \p n (a multiple of 8
/// apart from the tail): eight interleaved sums, the same on every machine.
void squaredErrorSum8(const float* x, const float* q, int64_t n, double e[8]);

} // namespace ql::simd

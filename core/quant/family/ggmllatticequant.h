#pragma once
// Internal: the steps the lattice i-quants share, each as ggml computes it (float operations in the
// same order). Not part of the public API.

#include "ggmllattice.h"

#include "core/quant/ggmlsearch.h"

#include <cfloat>
#include <cmath>
#include <cstdint>

namespace ql::family::lattice {

/// ggml's MAX(a, b) macro (NaN behaviour included).
inline float macroMax(float a, float b)
{
    return a > b ? a : b;
}

/// The nearest level of one value for an inverse scale: nearest_int(0.5·(id·x − 1)) clamped to
/// [0, maxLevel].
inline int level(float id, float x, int maxLevel)
{
    const int l = ggml::nearestInt(0.5f * (id * x - 1));
    return l < 0 ? 0 : (l > maxLevel ? maxLevel : l);
}

/// Packs levels (2 or 3 bits each) into a point index.
inline uint32_t pack(const int8_t* L, int dims, int bits)
{
    uint32_t u = 0;
    for (int i = 0; i < dims; ++i)
        u |= uint32_t(L[i]) << (bits * i);
    return u;
}

/// Among an off-grid point's neighbours, the first one nearest to \p xval under \p scale, weighted
/// by \p weight (ggml's iq2_find_best_neighbour / iq3_find_best_neighbour); its levels go to \p L.
inline int bestNeighbour(
    const Search& s, const uint16_t* nb, const float* xval, const float* weight, float scale, int8_t* L)
{
    const int dims = s.grid->dims;
    float best = FLT_MAX;
    int index = nb[1]; // (ggml aborts when every distance is NaN; a NaN row keeps the first neighbour)
    for (int j = 1; j <= nb[0]; ++j) {
        const int8_t* pg = s.position(nb[j]);
        float d2 = 0;
        for (int i = 0; i < dims; ++i) {
            const float q = pg[i];
            const float diff = scale * q - xval[i];
            d2 += weight[i] * diff * diff;
        }
        if (d2 < best) {
            best = d2;
            index = nb[j];
        }
    }
    const int8_t* pg = s.position(index);
    for (int i = 0; i < dims; ++i)
        L[i] = int8_t((pg[i] - 1) / 2);
    return index;
}

/// The grid index of levels \p L (a point on the grid), or of the best neighbour (then \p L holds
/// its levels). \p onGrid says which.
inline int gridIndex(
    const Search& s, int8_t* L, const float* xval, const float* waux, float scale, bool* onGrid = nullptr)
{
    const int32_t m = s.map[pack(L, s.grid->dims, s.grid->levelBits)];
    if (onGrid)
        *onGrid = m >= 0;
    if (m >= 0)
        return m;
    return bestNeighbour(s, s.neighboursOf(m), xval, waux, scale, L);
}

/// Makes 8 values non-negative for a sign pattern of 7 stored bits: the count of flipped signs must
/// be even, so with an odd count the value of least weight·x² keeps its sign (as ggml does).
inline uint8_t evenSignSplit(const float* xb, const float* weight, float* xval)
{
    int nflip = 0;
    uint8_t s = 0;
    for (int i = 0; i < 8; ++i) {
        if (xb[i] >= 0) {
            xval[i] = xb[i];
        } else {
            xval[i] = -xb[i];
            ++nflip;
            s = uint8_t(s | (1 << i));
        }
    }
    if (nflip % 2) {
        int imin = 0;
        float min = weight[imin] * xb[imin] * xb[imin];
        for (int i = 1; i < 8; ++i) {
            const float ax = weight[i] * xb[i] * xb[i];
            if (ax < min) {
                min = ax;
                imin = i;
            }
        }
        xval[imin] = -xval[imin];
        s = uint8_t(s ^ (1 << imin));
    }
    return uint8_t(s & 127);
}

/// |x| and one sign bit per value (IQ2_S, IQ3_S store all eight).
inline uint8_t signSplit(const float* xb, float* xval)
{
    uint8_t s = 0;
    for (int i = 0; i < 8; ++i) {
        if (xb[i] >= 0) {
            xval[i] = xb[i];
        } else {
            xval[i] = -xb[i];
            s = uint8_t(s | (1 << i));
        }
    }
    return s;
}

/// Σ w·x·q and Σ w·q² with q = 2·L + 1 (the least-squares scale of grid levels).
inline void levelSums(const float* weight, const float* xval, const int8_t* L, int n, float& sumqx, float& sumq2)
{
    sumqx = sumq2 = 0;
    for (int i = 0; i < n; ++i) {
        const float w = weight[i];
        const float q = float(2 * L[i] + 1);
        sumqx += w * xval[i] * q;
        sumq2 += w * q * q;
    }
}

/// Σ x² of a super-block, in order.
inline float sumSquares(const float* x, int n)
{
    float s = 0;
    for (int i = 0; i < n; ++i)
        s += x[i] * x[i];
    return s;
}

} // namespace ql::family::lattice

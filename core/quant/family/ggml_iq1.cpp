// llama.cpp's 1-bit lattice i-quants: groups of 8 ternary values (−1, 0, 1) shifted by ±1/8 are a
// point of a 2048-point grid; IQ1_S (1.5625 bpw) has a 3-bit scale and a shift sign per 32 values,
// IQ1_M (1.75 bpw) 3-bit scales per 16 values, a shift sign per 8 and the FP16 super-block scale
// spread over the scales' top nibbles. The split of a sub-block's values into the three levels is
// solved exactly (every pair of boundaries over the sorted values), then projected onto the grid;
// bit-identical to ggml_quantize_chunk. IQ1_S needs importance.
#include "families.h"
#include "ggml.h"
#include "ggmllatticequant.h"

#include "core/quant/formats.h"

#include "core/io/ggmllowbit.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace ql::family {

namespace {
    using namespace lattice;

    constexpr float kDelta = 0.125f;
    constexpr float kPlus[3] = { -1 + kDelta, kDelta, 1 + kDelta };
    constexpr float kMinus[3] = { -1 - kDelta, -kDelta, 1 - kDelta };

    /// The positions of \p n values in ascending order (ties in their original order, as glibc's
    /// merge-sorting qsort leaves them in ggml).
    void sortedOrder(const float* xb, int n, int* idx)
    {
        std::iota(idx, idx + n, 0);
        std::stable_sort(idx, idx + n, [&](int a, int b) { return xb[a] < xb[b]; });
    }

    /// The grid point nearest to \p xb among an off-grid point's neighbours, the levels standing for
    /// \p xg (shifted values) under \p scale (ggml's iq1_find_best_neighbour2); its levels to \p L.
    int bestNeighbour1(const Search& s, const uint16_t* nb, const float* xb, const float* weight, float scale,
        const float* xg, int8_t* L)
    {
        float best = FLT_MAX;
        int index = nb[1]; // (ggml reads past its inputs when every distance is NaN; a NaN row keeps the first)
        for (int j = 1; j <= nb[0]; ++j) {
            const int8_t* pg = s.position(nb[j]);
            float d2 = 0;
            for (int i = 0; i < 8; ++i) {
                const float q = xg[(pg[i] - 1) / 2];
                const float w = weight[i];
                const float diff = scale * q - xb[i];
                d2 += w * diff * diff;
            }
            if (d2 < best) {
                best = d2;
                index = nb[j];
            }
        }
        const int8_t* pg = s.position(index);
        for (int i = 0; i < 8; ++i)
            L[i] = int8_t((pg[i] - 1) / 2);
        return index;
    }

    int gridIndex1(
        const Search& s, int8_t* L, const float* xb, const float* weight, float scale, const float* xg, bool& allOnGrid)
    {
        const int32_t m = s.map[pack(L, 8, 2)];
        if (m >= 0)
            return m;
        allOnGrid = false;
        return bestNeighbour1(s, s.neighboursOf(m), xb, weight, scale, xg, L);
    }

    void levelsFromSplit(const int* idx, int n, int i1, int i2, int8_t* L)
    {
        for (int j = 0; j < i1; ++j)
            L[idx[j]] = 0;
        for (int j = i1; j < i2; ++j)
            L[idx[j]] = 1;
        for (int j = i2; j < n; ++j)
            L[idx[j]] = 2;
    }

    float absMax(const float* xb, int n)
    {
        float max = std::fabs(xb[0]);
        for (int i = 1; i < n; ++i)
            max = macroMax(max, std::fabs(xb[i]));
        return max;
    }

    void iq1s(const float* x, int64_t nbl, uint8_t* out, const float* importance)
    {
        constexpr int bs = 32;
        const Search& s = lattice::iq1s();
        for (int64_t ibl = 0; ibl < nbl; ++ibl, out += sizeof(BlockIQ1_S)) {
            const float* xbl = x + 256 * ibl;
            BlockIQ1_S b {};
            float scales[8];
            int shifts[8];
            float maxScale = 0;
            const float sigma2 = 2 * sumSquares(xbl, 256) / 256;
            for (int ib = 0; ib < 8; ++ib) {
                const float* xb = xbl + bs * ib;
                const float* qw = importance + 256 * ibl + bs * ib;
                float weight[bs];
                for (int i = 0; i < bs; ++i)
                    weight[i] = qw[i] * std::sqrt(sigma2 + xb[i] * xb[i]);
                if (absMax(xb, bs) < 1e-12f) {
                    scales[ib] = 0;
                    shifts[ib] = 1;
                    continue;
                }
                // The weighted least-squares split into three levels, exactly: every pair of
                // boundaries over the sorted values, with prefix sums.
                int idx[bs];
                sortedOrder(xb, bs, idx);
                float sumx[bs + 1], sumw[bs + 1];
                sumx[0] = sumw[0] = 0;
                for (int j = 0; j < bs; ++j) {
                    const int i = idx[j];
                    sumx[j + 1] = sumx[j] + weight[i] * xb[i];
                    sumw[j + 1] = sumw[j] + weight[i];
                }
                float bestScore = -FLT_MAX, scale = absMax(xb, bs);
                int besti1 = -1, besti2 = -1, bestShift = 0;
                for (int i1 = 0; i1 <= bs; ++i1) {
                    for (int i2 = i1; i2 <= bs; ++i2) {
                        for (int sign = 1; sign >= -1; sign -= 2) {
                            const float* v = sign == 1 ? kPlus : kMinus;
                            const float sumqx = (sumx[i1] - sumx[0]) * v[0] + (sumx[i2] - sumx[i1]) * v[1]
                                + (sumx[bs] - sumx[i2]) * v[2];
                            const float sumq2 = (sumw[i1] - sumw[0]) * v[0] * v[0] + (sumw[i2] - sumw[i1]) * v[1] * v[1]
                                + (sumw[bs] - sumw[i2]) * v[2] * v[2];
                            if (sumq2 > 0 && sumqx * sumqx > bestScore * sumq2) {
                                scale = sumqx / sumq2;
                                bestScore = scale * sumqx;
                                besti1 = i1;
                                besti2 = i2;
                                bestShift = sign;
                            }
                        }
                    }
                }
                if (besti1 < 0 || besti2 < 0 || bestShift == 0) {
                    scales[ib] = 0;
                    shifts[ib] = 1;
                    continue;
                }
                int8_t L[bs];
                levelsFromSplit(idx, bs, besti1, besti2, L);
                if (scale < 0) {
                    for (int j = 0; j < bs; ++j)
                        L[j] = int8_t(2 - L[j]);
                    scale = -scale;
                    bestShift = -bestShift;
                }
                bool allOnGrid = true;
                const float* xx = bestShift == 1 ? kPlus : kMinus;
                int index[4];
                for (int k = 0; k < 4; ++k)
                    index[k] = gridIndex1(s, L + 8 * k, xb + 8 * k, weight + 8 * k, scale, xx, allOnGrid);
                if (!allOnGrid) {
                    float sumqx = 0, sumq2 = 0;
                    for (int k = 0; k < 4; ++k) {
                        const int8_t* pg = s.position(index[k]);
                        for (int j = 0; j < 8; ++j) {
                            const float w = weight[8 * k + j];
                            const float q = xx[(pg[j] - 1) / 2];
                            sumqx += w * q * xb[8 * k + j];
                            sumq2 += w * q * q;
                        }
                    }
                    if (sumqx > 0 && sumq2 > 0)
                        scale = sumqx / sumq2;
                }
                uint16_t h = 0;
                for (int k = 0; k < 4; ++k) {
                    b.qs[4 * ib + k] = uint8_t(index[k] & 255);
                    h = uint16_t(h | ((index[k] >> 8) << 3 * k));
                }
                b.qh[ib] = h;
                scales[ib] = scale;
                shifts[ib] = bestShift;
                maxScale = macroMax(maxScale, scale);
            }
            if (maxScale) {
                const float d = maxScale / 15;
                b.d = floatToHalf(d * 1.125f);
                const float id = 1 / d;
                for (int ib = 0; ib < 8; ++ib) {
                    int l = std::max(0, std::min(7, ggml::nearestInt(0.5f * (id * scales[ib] - 1))));
                    if (shifts[ib] == -1)
                        l |= 8;
                    b.qh[ib] = uint16_t(b.qh[ib] | (l << 12));
                }
            }
            std::memcpy(out, &b, sizeof b);
        }
    }

    /// The shifted levels of the 8 values k (0 or 1) of an IQ1_M sub-block under sign combination \p shift.
    const float* iq1mLevels(int shift, int k)
    {
        if (k == 0)
            return shift < 2 ? kPlus : kMinus;
        return shift % 2 == 0 ? kPlus : kMinus;
    }

    void iq1mWeights(const float* xb, const float* qw, float sigma2, float* weight)
    {
        if (qw)
            for (int i = 0; i < 16; ++i)
                weight[i] = qw[i] * std::sqrt(sigma2 + xb[i] * xb[i]);
        else
            for (int i = 0; i < 16; ++i)
                weight[i] = xb[i] * xb[i];
    }

    void iq1m(const float* x, int64_t nbl, uint8_t* out, const float* importance)
    {
        constexpr int bs = 16;
        constexpr uint8_t kMasks[4] = { 0x00, 0x80, 0x08, 0x88 };
        const Search& s = lattice::iq1s();
        for (int64_t ibl = 0; ibl < nbl; ++ibl, out += sizeof(BlockIQ1_M)) {
            const float* xbl = x + 256 * ibl;
            BlockIQ1_M b {};
            float scales[16];
            int shifts[16];
            float maxScale = 0;
            const float sigma2 = 2 * sumSquares(xbl, 256) / 256;
            for (int ib = 0; ib < 16; ++ib) {
                const float* xb = xbl + bs * ib;
                float weight[bs];
                iq1mWeights(xb, importance ? importance + 256 * ibl + bs * ib : nullptr, sigma2, weight);
                if (absMax(xb, bs) < 1e-7f) {
                    scales[ib] = 0;
                    shifts[ib] = 0;
                    continue;
                }
                int idx[bs];
                sortedOrder(xb, bs, idx);
                // Prefix sums per half of the sub-block (each half has its own shift sign).
                float px[2][bs + 1], pw[2][bs + 1];
                px[0][0] = px[1][0] = 0;
                pw[0][0] = pw[1][0] = 0;
                for (int j = 0; j < bs; ++j) {
                    const int i = idx[j];
                    const int h = i < bs / 2 ? 0 : 1;
                    px[h][j + 1] = px[h][j] + weight[i] * xb[i];
                    px[1 - h][j + 1] = px[1 - h][j];
                    pw[h][j + 1] = pw[h][j] + weight[i];
                    pw[1 - h][j + 1] = pw[1 - h][j];
                }
                const float txs[2] = { px[0][bs], px[1][bs] }, tws[2] = { pw[0][bs], pw[1][bs] };
                const float p2 = kPlus[2], m2 = kMinus[2];
                const float cp1 = kPlus[0] * kPlus[0] - kPlus[1] * kPlus[1],
                            cp2 = kPlus[1] * kPlus[1] - kPlus[2] * kPlus[2];
                const float cm1 = kMinus[0] * kMinus[0] - kMinus[1] * kMinus[1],
                            cm2 = kMinus[1] * kMinus[1] - kMinus[2] * kMinus[2];
                float bestScore = -FLT_MAX, scale = absMax(xb, bs);
                int besti1 = -1, besti2 = -1, bestK = -1;
                for (int i1 = 0; i1 <= bs; ++i1) {
                    for (int i2 = i1; i2 <= bs; ++i2) {
                        float qxp[2], qxm[2], q2p[2], q2m[2];
                        for (int h = 0; h < 2; ++h) {
                            const float sx = px[h][i1] + px[h][i2];
                            qxp[h] = txs[h] * p2 - sx;
                            qxm[h] = txs[h] * m2 - sx;
                            q2p[h] = tws[h] * p2 * p2 + pw[h][i1] * cp1 + pw[h][i2] * cp2;
                            q2m[h] = tws[h] * m2 * m2 + pw[h][i1] * cm1 + pw[h][i2] * cm2;
                        }
                        const float sumqx[4] = { qxp[0] + qxp[1], qxp[0] + qxm[1], qxm[0] + qxp[1], qxm[0] + qxm[1] };
                        const float sumq2[4] = { q2p[0] + q2p[1], q2p[0] + q2m[1], q2m[0] + q2p[1], q2m[0] + q2m[1] };
                        for (int k = 0; k < 4; ++k)
                            if (sumq2[k] > 0 && sumqx[k] * sumqx[k] > bestScore * sumq2[k]) {
                                scale = sumqx[k] / sumq2[k];
                                bestScore = scale * sumqx[k];
                                besti1 = i1;
                                besti2 = i2;
                                bestK = k;
                            }
                    }
                }
                if (besti1 < 0 || besti2 < 0 || bestK < 0) {
                    scales[ib] = 0;
                    shifts[ib] = 0;
                    continue;
                }
                int8_t L[bs];
                levelsFromSplit(idx, bs, besti1, besti2, L);
                if (scale < 0) {
                    for (int j = 0; j < bs; ++j)
                        L[j] = int8_t(2 - L[j]);
                    scale = -scale;
                    bestK = 3 - bestK;
                }
                bool allOnGrid = true;
                int index[2];
                for (int k = 0; k < 2; ++k)
                    index[k]
                        = gridIndex1(s, L + 8 * k, xb + 8 * k, weight + 8 * k, scale, iq1mLevels(bestK, k), allOnGrid);
                if (!allOnGrid) {
                    float sumqx = 0, sumq2 = 0;
                    for (int k = 0; k < 2; ++k) {
                        const float* xx = iq1mLevels(bestK, k);
                        const int8_t* pg = s.position(index[k]);
                        for (int j = 0; j < 8; ++j) {
                            const float w = weight[8 * k + j];
                            const float q = xx[(pg[j] - 1) / 2];
                            sumqx += w * q * xb[8 * k + j];
                            sumq2 += w * q * q;
                        }
                    }
                    if (sumqx > 0 && sumq2 > 0)
                        scale = sumqx / sumq2;
                }
                b.qs[2 * ib] = uint8_t(index[0] & 255);
                b.qs[2 * ib + 1] = uint8_t(index[1] & 255);
                b.qh[ib] = uint8_t((index[0] >> 8) | ((index[1] >> 8) << 4));
                scales[ib] = scale;
                shifts[ib] = bestK;
                maxScale = macroMax(maxScale, scale);
            }
            if (maxScale) {
                uint16_t sc[4] = {};
                float d = maxScale / 15;
                const float id = 1 / d;
                float sumqx = 0, sumq2 = 0;
                // The super-block scale refitted to the stored 3-bit scales and grid points.
                for (int ib = 0; ib < 16; ++ib) {
                    const int l = std::max(0, std::min(7, ggml::nearestInt(0.5f * (id * scales[ib] - 1))));
                    sc[ib / 4] = uint16_t(sc[ib / 4] | (l << 3 * (ib % 4)));
                    b.qh[ib] = uint8_t(b.qh[ib] | kMasks[shifts[ib]]);
                    const float* xb = xbl + bs * ib;
                    float weight[bs];
                    iq1mWeights(xb, importance ? importance + 256 * ibl + bs * ib : nullptr, sigma2, weight);
                    for (int k = 0; k < 2; ++k) {
                        const float* xx = iq1mLevels(shifts[ib], k);
                        const int8_t* pg = s.position(b.qs[2 * ib + k] + ((b.qh[ib] << (8 - 4 * k)) & 0x700));
                        for (int j = 0; j < 8; ++j) {
                            const float w = weight[8 * k + j];
                            const float q = xx[(pg[j] - 1) / 2] * float(2 * l + 1);
                            sumqx += w * q * xb[8 * k + j];
                            sumq2 += w * q * q;
                        }
                    }
                }
                if (sumq2 > 0)
                    d = sumqx / sumq2;
                const uint16_t bits = floatToHalf(d * 1.1125f);
                sc[0] = uint16_t(sc[0] | ((bits & 0x000f) << 12));
                sc[1] = uint16_t(sc[1] | ((bits & 0x00f0) << 8));
                sc[2] = uint16_t(sc[2] | ((bits & 0x0f00) << 4));
                sc[3] = uint16_t(sc[3] | (bits & 0xf000));
                std::memcpy(b.scales, sc, 8);
            }
            std::memcpy(out, &b, sizeof b);
        }
    }

    class Iq1Format final : public BlockFormat {
    public:
        using Quantize = void (*)(const float*, int64_t, uint8_t*, const float*);
        Iq1Format(QFormat id, const char* name, DType dtype, uint32_t ggmlType, bool needsImportance, Quantize q)
            : BlockFormat(id, name, dtype, ggmlType, name)
            , needsImportance_(needsImportance)
            , quantize_(q)
        {
        }
        bool requiresImportance() const override { return needsImportance_; }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* importance, bool) const override
        {
            quantize_(x, n / 256, out, importance);
        }

    private:
        bool needsImportance_;
        Quantize quantize_;
    };
} // namespace

void addGgmlIq1(FormatList& out)
{
    static const Iq1Format s(QFormat::IQ1_S, "iq1_s", DType::IQ1_S, 19, true, iq1s),
        m(QFormat::IQ1_M, "iq1_m", DType::IQ1_M, 29, false, iq1m);
    out.insert(out.end(), { &s, &m });
}

} // namespace ql::family

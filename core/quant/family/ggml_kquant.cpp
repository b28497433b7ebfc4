// llama.cpp's k-quants Q2_K … Q6_K (256-value super-blocks of 16 or 32-value sub-blocks with
// quantized sub-scales): the reference quantizers and the importance-weighted ones, bit-identical to
// ggml_quantize_chunk; the sub-block searches run one sub-block per vector lane where the row is
// finite (ggmlsearch.h), or one at a time for the scalar reference.
#include "families.h"
#include "ggml.h"

#include "core/quant/formats.h"
#include "core/quant/ggmlsearch.h"
#include "core/quant/simd.h"

#include "core/io/ggmlblocks.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace ql::family {

namespace {
    using namespace ggml;

    inline uint16_t fp16(float v)
    {
        return floatToHalf(v);
    }
    inline float unfp16(uint16_t h)
    {
        return halfToFloat(h);
    }

    // ---- k-quants (qw: the row's importance, or nullptr for the reference quantizers) ----------

    void q2_k(const float* x, int64_t nb, BlockQ2_K* y, const float* qw, bool vector)
    {
        constexpr float q4scale = 15.0f;
        RowSearch rs(nb * kQK_K, 16);
        simd::AffineSearch p;
        p.n = 16;
        p.nmax = 3;
        if (!qw) {
            p.rmin = -0.5f;
            p.rdelta = 0.1f;
            p.nstep = 15;
            p.useMad = true;
            p.weights = simd::AffineSearch::Weights::Abs;
        } else {
            rs.importanceWeights(x, qw, nb, 16, 1.0f);
            weightedSearch(p);
        }
        searchRow(p, x, rs.weights.data(), nb * 16, vector, rs.L.data(), rs.scale.data(), rs.negMin.data());
        for (int64_t i = 0; i < nb; ++i, x += kQK_K) {
            uint8_t* L = rs.L.data() + i * kQK_K;
            const float* scales = rs.scale.data() + i * 16;
            const float* mins = rs.negMin.data() + i * 16;
            if (!qw) {
                float maxScale = 0, maxMin = 0;
                for (int j = 0; j < 16; ++j) {
                    maxScale = std::max(maxScale, scales[j]);
                    maxMin = std::max(maxMin, mins[j]);
                }
                if (maxScale > 0) {
                    const float iscale = q4scale / maxScale;
                    for (int j = 0; j < 16; ++j)
                        y[i].scales[j] = uint8_t(nearestInt(iscale * scales[j]));
                    y[i].d = fp16(maxScale / q4scale);
                } else {
                    std::memset(y[i].scales, 0, 16);
                    y[i].d = fp16(0.0f);
                }
                if (maxMin > 0) {
                    const float iscale = q4scale / maxMin;
                    for (int j = 0; j < 16; ++j)
                        y[i].scales[j] = uint8_t(y[i].scales[j] | (nearestInt(iscale * mins[j]) << 4));
                    y[i].dmin = fp16(maxMin / q4scale);
                } else {
                    y[i].dmin = fp16(0.0f);
                }
            } else {
                const float* sw = rs.sumWeights.data() + i * 16;
                uint8_t Ls[16], Lm[16];
                y[i].d = fp16(positiveSearch(16, 15, scales, Ls, sw));
                y[i].dmin = fp16(positiveSearch(16, 15, mins, Lm, sw));
                for (int j = 0; j < 16; ++j)
                    y[i].scales[j] = uint8_t(Ls[j] | (Lm[j] << 4));
            }
            for (int j = 0; j < 16; ++j) {
                const float d = unfp16(y[i].d) * float(y[i].scales[j] & 0xF);
                if (!d)
                    continue; // keep the codes of the search
                const float dm = unfp16(y[i].dmin) * float(y[i].scales[j] >> 4);
                codes(x + 16 * j, 16, dm, d, 3, L + 16 * j, vector);
            }
            for (int j = 0; j < kQK_K; j += 128)
                for (int l = 0; l < 32; ++l)
                    y[i].qs[j / 4 + l]
                        = uint8_t(L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
        }
    }

    /// Packs Q3_K's sixteen 6-bit scale codes (0…63): low nibbles in bytes 0–7, high bits in 8–11.
    void packQ3Scales(BlockQ3_K& y, int j, int l)
    {
        if (j < 8)
            y.scales[j] = uint8_t(l & 0xF);
        else
            y.scales[j - 8] = uint8_t(y.scales[j - 8] | ((l & 0xF) << 4));
        l >>= 4;
        y.scales[j % 4 + 8] = uint8_t(y.scales[j % 4 + 8] | (l << (2 * (j / 4))));
    }

    void q3_k(const float* x, int64_t nb, BlockQ3_K* y, const float* qw, bool vector)
    {
        // Without importance, the sub-blocks' refinements first: one sub-block per vector lane when
        // the row is finite.
        std::vector<int8_t> rowL(static_cast<size_t>(nb * kQK_K));
        std::vector<float> rowScales(static_cast<size_t>(nb * 16));
        RowSearch rs(0, 16);
        if (!qw) {
            symmetricRefineRow(16, 4, x, nb * 16, vector, rowL.data(), rowScales.data());
        } else {
            rs.importanceWeights(x, qw, nb, 16, 2.0f);
            symmetricSearchRow(16, 4, x, rs.weights.data(), nb * 16, vector, rowL.data(), rowScales.data());
        }
        for (int64_t i = 0; i < nb; ++i, x += kQK_K) {
            int8_t L[kQK_K];
            float scales[16];
            std::memset(y[i].scales, 0, 12);
            std::memcpy(L, rowL.data() + i * kQK_K, kQK_K);
            std::memcpy(scales, rowScales.data() + i * 16, sizeof(scales));
            if (!qw) {
                float maxScale = 0, amax = 0;
                for (int j = 0; j < 16; ++j) {
                    if (std::fabs(scales[j]) > amax) {
                        amax = std::fabs(scales[j]);
                        maxScale = scales[j];
                    }
                }
                if (maxScale) {
                    const float iscale = -32.0f / maxScale;
                    for (int j = 0; j < 16; ++j) {
                        int8_t l = int8_t(nearestInt(iscale * scales[j]));
                        l = int8_t(std::max<int>(-32, std::min<int>(31, l)) + 32);
                        packQ3Scales(y[i], j, l);
                    }
                    y[i].d = fp16(1 / iscale);
                } else {
                    y[i].d = fp16(0.0f);
                }
            } else {
                const float* sw = rs.sumWeights.data() + i * 16;
                int8_t Ls[16];
                const float dBlock = symmetricSearch(16, 32, scales, Ls, sw);
                for (int j = 0; j < 16; ++j)
                    packQ3Scales(y[i], j, Ls[j]);
                y[i].d = fp16(dBlock);
            }
            for (int j = 0; j < 16; ++j) {
                int8_t sc = int8_t(j < 8 ? y[i].scales[j] & 0xF : y[i].scales[j - 8] >> 4);
                sc = int8_t((sc | (((y[i].scales[8 + j % 4] >> (2 * (j / 4))) & 3) << 4)) - 32);
                const float d = unfp16(y[i].d) * float(sc);
                if (!d)
                    continue;
                if (vector)
                    simd::symmetricCodes(x + 16 * j, 16, d, 4, L + 16 * j);
                else
                    for (int k = 0; k < 16; ++k)
                        L[16 * j + k] = int8_t(std::max(-4, std::min(3, nearestInt(x[16 * j + k] / d))) + 4);
            }
            std::memset(y[i].hmask, 0, kQK_K / 8);
            // High bit of value j goes to hmask[j % 32], bit j / 32.
            int m = 0;
            uint8_t hm = 1;
            for (int j = 0; j < kQK_K; ++j) {
                if (L[j] > 3) {
                    y[i].hmask[m] |= hm;
                    L[j] = int8_t(L[j] - 4);
                }
                if (++m == kQK_K / 8) {
                    m = 0;
                    hm = uint8_t(hm << 1);
                }
            }
            for (int j = 0; j < kQK_K; j += 128)
                for (int l = 0; l < 32; ++l)
                    y[i].qs[j / 4 + l]
                        = uint8_t(L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
        }
    }

    /// Packs Q4_K/Q5_K's eight 6-bit scales and mins into their 12 bytes.
    void packKScales(uint8_t* scales, int j, uint8_t ls, uint8_t lm)
    {
        if (j < 4) {
            scales[j] = ls;
            scales[j + 4] = lm;
        } else {
            scales[j + 4] = uint8_t((ls & 0xF) | ((lm & 0xF) << 4));
            scales[j - 4] = uint8_t(scales[j - 4] | ((ls >> 4) << 6));
            scales[j] = uint8_t(scales[j] | ((lm >> 4) << 6));
        }
    }

    /// Q4_K and Q5_K: eight sub-blocks of 32 with 6-bit scales and mins.
    template <typename Block, int Bits> void q45_k(const float* x, int64_t nb, Block* y, const float* qw, bool vector)
    {
        constexpr int nmax = (1 << Bits) - 1;
        RowSearch rs(nb * kQK_K, 32);
        simd::AffineSearch p;
        p.n = 32;
        p.nmax = nmax;
        if (!qw) {
            p.rmin = Bits == 4 ? -1.0f : -0.5f;
            p.rdelta = 0.1f;
            p.nstep = Bits == 4 ? 20 : 15;
            p.weights = simd::AffineSearch::Weights::RmsPlusAbs;
        } else {
            rs.importanceWeights(x, qw, nb, 32, 2.0f);
            weightedSearch(p);
        }
        searchRow(p, x, rs.weights.data(), nb * 8, vector, rs.L.data(), rs.scale.data(), rs.negMin.data());
        for (int64_t i = 0; i < nb; ++i, x += kQK_K) {
            uint8_t* L = rs.L.data() + i * kQK_K;
            const float* scales = rs.scale.data() + i * 8;
            const float* mins = rs.negMin.data() + i * 8;
            std::memset(y[i].scales, 0, kKScaleBytes);
            if (!qw) {
                float maxScale = 0, maxMin = 0;
                for (int j = 0; j < 8; ++j) {
                    maxScale = std::max(maxScale, scales[j]);
                    maxMin = std::max(maxMin, mins[j]);
                }
                const float invScale = maxScale > 0 ? 63.0f / maxScale : 0.0f;
                const float invMin = maxMin > 0 ? 63.0f / maxMin : 0.0f;
                for (int j = 0; j < 8; ++j)
                    packKScales(y[i].scales, j, uint8_t(std::min(63, int(uint8_t(nearestInt(invScale * scales[j]))))),
                        uint8_t(std::min(63, int(uint8_t(nearestInt(invMin * mins[j]))))));
                y[i].d = fp16(maxScale / 63.0f);
                y[i].dmin = fp16(maxMin / 63.0f);
            } else {
                const float* sw = rs.sumWeights.data() + i * 8;
                uint8_t Ls[8], Lm[8];
                const float dBlock = positiveSearch(8, 63, scales, Ls, sw);
                const float mBlock = positiveSearch(8, 63, mins, Lm, sw);
                for (int j = 0; j < 8; ++j)
                    packKScales(y[i].scales, j, std::min<uint8_t>(63, Ls[j]), std::min<uint8_t>(63, Lm[j]));
                y[i].d = fp16(dBlock);
                y[i].dmin = fp16(mBlock);
            }
            for (int j = 0; j < 8; ++j) {
                uint8_t sc, m;
                kScaleMin(j, y[i].scales, sc, m);
                const float d = unfp16(y[i].d) * float(sc);
                if (!d)
                    continue;
                const float dm = unfp16(y[i].dmin) * float(m);
                codes(x + 32 * j, 32, dm, d, nmax, L + 32 * j, vector);
            }
            if constexpr (Bits == 4) {
                uint8_t* q = y[i].qs;
                for (int j = 0; j < kQK_K; j += 64, q += 32)
                    for (int l = 0; l < 32; ++l)
                        q[l] = uint8_t(L[j + l] | (L[j + l + 32] << 4));
            } else {
                std::memset(y[i].qh, 0, kQK_K / 8);
                uint8_t* ql = y[i].qs;
                uint8_t m1 = 1, m2 = 2;
                for (int n = 0; n < kQK_K; n += 64, ql += 32) {
                    for (int j = 0; j < 32; ++j) {
                        int l1 = L[n + j], l2 = L[n + j + 32];
                        if (l1 > 15) {
                            l1 -= 16;
                            y[i].qh[j] |= m1;
                        }
                        if (l2 > 15) {
                            l2 -= 16;
                            y[i].qh[j] |= m2;
                        }
                        ql[j] = uint8_t(l1 | (l2 << 4));
                    }
                    m1 = uint8_t(m1 << 2);
                    m2 = uint8_t(m2 << 2);
                }
            }
        }
    }

    void q6_k(const float* x, int64_t nb, BlockQ6_K* y, const float* qw, bool vector)
    {
        // The sub-blocks' searches first (the weighted variant uses the importance itself as the
        // weight): one sub-block per vector lane when the row is finite.
        std::vector<int8_t> rowL(static_cast<size_t>(nb * kQK_K));
        std::vector<float> rowScales(static_cast<size_t>(nb * 16));
        symmetricSearchRow(16, 32, x, qw, nb * 16, vector, rowL.data(), rowScales.data());
        for (int64_t i = 0; i < nb; ++i, x += kQK_K) {
            int8_t* L = rowL.data() + i * kQK_K;
            const float* scales = rowScales.data() + i * 16;
            float maxScale = 0, maxAbsScale = 0;
            for (int ib = 0; ib < 16; ++ib) {
                if (std::fabs(scales[ib]) > maxAbsScale) {
                    maxAbsScale = std::fabs(scales[ib]);
                    maxScale = scales[ib];
                }
            }
            if (maxAbsScale < kGroupMaxEps) {
                std::memset(&y[i], 0, sizeof(BlockQ6_K));
                y[i].d = fp16(0.0f);
                continue;
            }
            const float iscale = -128.0f / maxScale;
            y[i].d = fp16(1 / iscale);
            for (int ib = 0; ib < 16; ++ib)
                y[i].scales[ib] = int8_t(std::min(127, nearestInt(iscale * scales[ib])));
            for (int j = 0; j < 16; ++j) {
                const float d = unfp16(y[i].d) * float(y[i].scales[j]);
                if (!d)
                    continue;
                if (vector)
                    simd::symmetricCodes(x + 16 * j, 16, d, 32, L + 16 * j);
                else
                    for (int k = 0; k < 16; ++k)
                        L[16 * j + k] = int8_t(std::max(-32, std::min(31, nearestInt(x[16 * j + k] / d))) + 32);
            }
            uint8_t* ql = y[i].ql;
            uint8_t* qh = y[i].qh;
            for (int j = 0; j < kQK_K; j += 128, ql += 64, qh += 32)
                for (int l = 0; l < 32; ++l) {
                    const uint8_t q1 = L[j + l] & 0xF, q2 = L[j + l + 32] & 0xF, q3 = L[j + l + 64] & 0xF,
                                  q4 = L[j + l + 96] & 0xF;
                    ql[l] = uint8_t(q1 | (q3 << 4));
                    ql[l + 32] = uint8_t(q2 | (q4 << 4));
                    qh[l] = uint8_t((L[j + l] >> 4) | ((L[j + l + 32] >> 4) << 2) | ((L[j + l + 64] >> 4) << 4)
                        | ((L[j + l + 96] >> 4) << 6));
                }
        }
    }

    template <typename B> B* as(uint8_t* p)
    {
        return reinterpret_cast<B*>(p);
    }

    /// A k-quant: its quantizer over a row of super-blocks (importance or null; vector lanes or not).
    template <typename Block, void (*Quantize)(const float*, int64_t, Block*, const float*, bool)>
    class KQuant final : public BlockFormat {
    public:
        using BlockFormat::BlockFormat;
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* qw, bool vector) const override
        {
            Quantize(x, n / kQK_K, as<Block>(out), qw, vector);
        }
    };
} // namespace

void addGgmlKQuant(FormatList& out)
{
    static const KQuant<BlockQ2_K, q2_k> q2(QFormat::Q2_K, "q2_k", DType::Q2_K, 10, "q2_K");
    static const KQuant<BlockQ3_K, q3_k> q3(QFormat::Q3_K, "q3_k", DType::Q3_K, 11, "q3_K");
    static const KQuant<BlockQ4_K, q45_k<BlockQ4_K, 4>> q4(QFormat::Q4_K, "q4_k", DType::Q4_K, 12, "q4_K");
    static const KQuant<BlockQ5_K, q45_k<BlockQ5_K, 5>> q5(QFormat::Q5_K, "q5_k", DType::Q5_K, 13, "q5_K");
    static const KQuant<BlockQ6_K, q6_k> q6(QFormat::Q6_K, "q6_k", DType::Q6_K, 14, "q6_K");
    out.insert(out.end(), { &q2, &q3, &q4, &q5, &q6 });
}

} // namespace ql::family

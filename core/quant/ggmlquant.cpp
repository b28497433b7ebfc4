#include "ggmlquant.h"

#include "../io/ggmlblocks.h"
#include "../util/error.h"
#include "formats.h"
#include "ggmlsearch.h"
#include "simd.h"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

namespace ql {

namespace {
    using namespace ggml;

    /// roundf (half away from zero) without a library call for |v| < 2^22: truncate, then step away
    /// from zero when the exact remainder is at least one half; other values (and NaN) through roundf.
    inline float roundHalfAway(float v)
    {
        if (!(std::fabs(v) < 4194304.0f))
            return std::round(v);
        const int t = int(v);
        const float rem = v - float(t); // exact
        return float(t + (rem >= 0.5f) - (rem <= -0.5f));
    }

    inline uint16_t fp16(float v) { return floatToHalf(v); }
    inline float unfp16(uint16_t h) { return halfToFloat(h); }

    // ---- legacy 32-value blocks -------------------------------------------------------------

    void q8_0(const float* x, int64_t nb, BlockQ8_0* y)
    {
        for (int64_t i = 0; i < nb; ++i, x += kQK) {
            float amax = 0;
            for (int j = 0; j < kQK; ++j)
                amax = std::max(amax, std::fabs(x[j]));
            const float d = amax / 127;
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = fp16(d);
            for (int j = 0; j < kQK; ++j)
                y[i].qs[j] = int8_t(roundHalfAway(x[j] * id)); // as llama.cpp's roundf
        }
    }

    /// Stores the 32 codes of a Q4_0/Q4_1/Q5_0/Q5_1 block: codes j and j + 16 share byte j of qs
    /// (low and high nibble); Q5 keeps each code's fifth bit in the 32-bit qh.
    template <int Bits, typename Block>
    void packLegacyCodes(const uint8_t* codes, Block& y)
    {
        uint32_t qh = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const uint8_t a = codes[j], b = codes[j + kQK / 2];
            y.qs[j] = uint8_t((a & 0x0F) | ((b & 0x0F) << 4));
            qh |= uint32_t((a & 0x10u) >> 4) << j;
            qh |= uint32_t((b & 0x10u) >> 4) << (j + kQK / 2);
        }
        if constexpr (Bits == 5)
            std::memcpy(y.qh, &qh, 4);
    }

    /// Q4_0 and Q5_0: d = max / −2^(bits−1), codes truncated from x/d + 2^(bits−1) + 0.5.
    template <typename Block, int Bits>
    void symmetricLegacy(const float* x, int64_t nb, Block* y)
    {
        constexpr int half = 1 << (Bits - 1), top = (1 << Bits) - 1;
        for (int64_t i = 0; i < nb; ++i, x += kQK) {
            const float max = signedAbsMax(x, kQK);
            const float d = max / -float(half);
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = fp16(d);
            uint8_t codes[kQK];
            for (int j = 0; j < kQK; ++j)
                codes[j] = uint8_t(std::min(top, int(int8_t(x[j] * id + (float(half) + 0.5f)))));
            packLegacyCodes<Bits>(codes, y[i]);
        }
    }

    /// Q4_1 and Q5_1: d = (max − min) / (2^bits − 1), m = min, codes truncated from (x − min)/d + 0.5.
    template <typename Block, int Bits>
    void affineLegacy(const float* x, int64_t nb, Block* y)
    {
        constexpr int top = (1 << Bits) - 1;
        for (int64_t i = 0; i < nb; ++i, x += kQK) {
            float min = FLT_MAX, max = -FLT_MAX;
            for (int j = 0; j < kQK; ++j) {
                min = std::min(min, x[j]);
                max = std::max(max, x[j]);
            }
            const float d = (max - min) / float(top);
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = fp16(d);
            y[i].m = fp16(min);
            uint8_t codes[kQK];
            for (int j = 0; j < kQK; ++j) {
                const float v = (x[j] - min) * id;
                if constexpr (Bits == 4)
                    codes[j] = uint8_t(std::min(top, int(int8_t(v + 0.5f))));
                else
                    codes[j] = uint8_t(v + 0.5f);
            }
            packLegacyCodes<Bits>(codes, y[i]);
        }
    }

    template <typename Block, int Bits>
    void symmetricLegacyWeighted(const float* x, int64_t n, Block* y, const float* qw)
    {
        constexpr int nmax = 1 << (Bits - 1);
        const float sigma2 = meanSquare(x, n, 1.0f);
        float weight[kQK];
        int8_t L[kQK];
        for (int64_t ib = 0; ib < n / kQK; ++ib) {
            const float* xb = x + kQK * ib;
            blockWeights(xb, qw + kQK * ib, kQK, sigma2, weight);
            y[ib].d = fp16(symmetricSearch(kQK, nmax, xb, L, weight));
            packLegacyCodes<Bits>(reinterpret_cast<const uint8_t*>(L), y[ib]);
        }
    }

    template <typename Block, int Bits>
    void affineLegacyWeighted(const float* x, int64_t n, Block* y, const float* qw)
    {
        constexpr int nmax = (1 << Bits) - 1;
        const float sigma2 = meanSquare(x, n, 1.0f);
        float weight[kQK];
        uint8_t L[kQK];
        for (int64_t ib = 0; ib < n / kQK; ++ib) {
            const float* xb = x + kQK * ib;
            blockWeights(xb, qw + kQK * ib, kQK, sigma2, weight);
            float negMin;
            const float d = affineSearch(kQK, nmax, xb, weight, L, &negMin, -0.9f, 0.05f, 36, false, true);
            y[ib].d = fp16(d);
            y[ib].m = fp16(-negMin);
            packLegacyCodes<Bits>(reinterpret_cast<const uint8_t*>(L), y[ib]);
        }
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
                    y[i].qs[j / 4 + l] = uint8_t(L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
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
                    y[i].qs[j / 4 + l] = uint8_t(L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
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
    template <typename Block, int Bits>
    void q45_k(const float* x, int64_t nb, Block* y, const float* qw, bool vector)
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
                    const uint8_t q1 = L[j + l] & 0xF, q2 = L[j + l + 32] & 0xF, q3 = L[j + l + 64] & 0xF, q4 = L[j + l + 96] & 0xF;
                    ql[l] = uint8_t(q1 | (q3 << 4));
                    ql[l + 32] = uint8_t(q2 | (q4 << 4));
                    qh[l] = uint8_t((L[j + l] >> 4) | ((L[j + l + 32] >> 4) << 2) | ((L[j + l + 64] >> 4) << 4) | ((L[j + l + 96] >> 4) << 6));
                }
        }
    }

    template <typename B>
    B* as(uint8_t* p)
    {
        return reinterpret_cast<B*>(p);
    }
} // namespace

DType ggmlStorageType(QFormat f)
{
    switch (f) {
    case QFormat::Q8_0: return DType::Q8_0;
    case QFormat::Q4_0: return DType::Q4_0;
    case QFormat::Q4_1: return DType::Q4_1;
    case QFormat::Q5_0: return DType::Q5_0;
    case QFormat::Q5_1: return DType::Q5_1;
    case QFormat::Q2_K: return DType::Q2_K;
    case QFormat::Q3_K: return DType::Q3_K;
    case QFormat::Q4_K: return DType::Q4_K;
    case QFormat::Q5_K: return DType::Q5_K;
    case QFormat::Q6_K: return DType::Q6_K;
    default: throw Error(ErrorCode::Unsupported, {}, { "not a llama.cpp block format" });
    }
}

int64_t ggmlRowBytes(QFormat f, int64_t n)
{
    const DType t = ggmlStorageType(f);
    return n / dtypeBlockElements(t) * dtypeBlockBytes(t);
}

namespace {
void quantizeRow(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance, bool vector)
{
    const DType t = ggmlStorageType(f);
    const int be = dtypeBlockElements(t);
    if (n % be != 0)
        throw Error(ErrorCode::Unsupported, {},
            { "rows of " + std::to_string(n) + " values in " + std::string(dtypeName(t)) + " (blocks of " + std::to_string(be) + ")" });
    const int64_t nb = n / be;
    const float* qw = importance;
    switch (f) {
    case QFormat::Q8_0: q8_0(x, nb, as<BlockQ8_0>(out)); break; // llama.cpp ignores importance for Q8_0
    case QFormat::Q4_0:
        qw ? symmetricLegacyWeighted<BlockQ4_0, 4>(x, n, as<BlockQ4_0>(out), qw) : symmetricLegacy<BlockQ4_0, 4>(x, nb, as<BlockQ4_0>(out));
        break;
    case QFormat::Q5_0:
        qw ? symmetricLegacyWeighted<BlockQ5_0, 5>(x, n, as<BlockQ5_0>(out), qw) : symmetricLegacy<BlockQ5_0, 5>(x, nb, as<BlockQ5_0>(out));
        break;
    case QFormat::Q4_1:
        qw ? affineLegacyWeighted<BlockQ4_1, 4>(x, n, as<BlockQ4_1>(out), qw) : affineLegacy<BlockQ4_1, 4>(x, nb, as<BlockQ4_1>(out));
        break;
    case QFormat::Q5_1:
        qw ? affineLegacyWeighted<BlockQ5_1, 5>(x, n, as<BlockQ5_1>(out), qw) : affineLegacy<BlockQ5_1, 5>(x, nb, as<BlockQ5_1>(out));
        break;
    case QFormat::Q2_K: q2_k(x, nb, as<BlockQ2_K>(out), qw, vector); break;
    case QFormat::Q3_K: q3_k(x, nb, as<BlockQ3_K>(out), qw, vector); break;
    case QFormat::Q4_K: q45_k<BlockQ4_K, 4>(x, nb, as<BlockQ4_K>(out), qw, vector); break;
    case QFormat::Q5_K: q45_k<BlockQ5_K, 5>(x, nb, as<BlockQ5_K>(out), qw, vector); break;
    case QFormat::Q6_K: q6_k(x, nb, as<BlockQ6_K>(out), qw, vector); break;
    default: break;
    }
}

} // namespace

void quantizeGgmlRow(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance)
{
    quantizeRow(f, x, n, out, importance, true);
}

void detail::quantizeGgmlRowScalar(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance)
{
    quantizeRow(f, x, n, out, importance, false);
}

} // namespace ql

// Dequantization of llama.cpp's i-quants, ternary, Q1_0 / Q2_0, MXFP4 and NVFP4 blocks (see
// ggmllowbit.h), operation for operation as ggml's reference code computes it.
#include "ggmllowbit.h"

#include "ggmlgrids.h"

#include <cmath>
#include <cstring>

namespace ql {

namespace {
    using namespace ggml;

    constexpr int kQK_K = 256;

    float f16At(const uint8_t* p)
    {
        uint16_t h;
        std::memcpy(&h, p, 2);
        return halfToFloat(h);
    }
    uint16_t u16At(const uint8_t* p)
    {
        uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }
    uint32_t u32At(const uint8_t* p)
    {
        uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }
    inline float sign(uint8_t signs, int j)
    {
        return (signs >> j) & 1 ? -1.f : 1.f;
    }

    void iq4nl(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ4_NL), y += 32) {
            const float d = f16At(src);
            const uint8_t* qs = src + 2;
            for (int j = 0; j < 16; ++j) {
                y[j] = d * float(kIq4nlValues[qs[j] & 0xf]);
                y[j + 16] = d * float(kIq4nlValues[qs[j] >> 4]);
            }
        }
    }

    void iq4xs(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ4_XS)) {
            const float d = f16At(src);
            const uint16_t scalesHigh = u16At(src + 2);
            const uint8_t* scalesLow = src + 4;
            const uint8_t* qs = src + 8;
            for (int ib = 0; ib < kQK_K / 32; ++ib, y += 32, qs += 16) {
                const int ls = ((scalesLow[ib / 2] >> 4 * (ib % 2)) & 0xf) | (((scalesHigh >> 2 * ib) & 3) << 4);
                const float dl = d * float(ls - 32);
                for (int j = 0; j < 16; ++j) {
                    y[j] = dl * float(kIq4nlValues[qs[j] & 0xf]);
                    y[j + 16] = dl * float(kIq4nlValues[qs[j] >> 4]);
                }
            }
        }
    }

    void iq3xxs(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq3xxsGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ3_XXS)) {
            const float d = f16At(src);
            const uint8_t* qs = src + 2;
            const uint8_t* scalesAndSigns = qs + kQK_K / 4;
            for (int ib32 = 0; ib32 < kQK_K / 32; ++ib32, qs += 8) {
                const uint32_t aux = u32At(scalesAndSigns + 4 * ib32);
                const float db = d * (0.5f + float(aux >> 28)) * 0.5f;
                for (int l = 0; l < 4; ++l, y += 8) {
                    const uint8_t signs = evenSigns(uint8_t((aux >> 7 * l) & 127));
                    for (int j = 0; j < 4; ++j) {
                        y[j] = db * float(g.value(qs[2 * l], j)) * sign(signs, j);
                        y[j + 4] = db * float(g.value(qs[2 * l + 1], j)) * sign(signs, j + 4);
                    }
                }
            }
        }
    }

    void iq3s(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq3sGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ3_S)) {
            const float d = f16At(src);
            const uint8_t* qs = src + 2;
            const uint8_t* qh = qs + 64;
            const uint8_t* signs = qh + 8;
            const uint8_t* scales = signs + 32;
            for (int ib32 = 0; ib32 < kQK_K / 32; ib32 += 2) {
                const float db1 = d * float(1 + 2 * (scales[ib32 / 2] & 0xf));
                const float db2 = d * float(1 + 2 * (scales[ib32 / 2] >> 4));
                for (int half = 0; half < 2; ++half) {
                    const float db = half ? db2 : db1;
                    for (int l = 0; l < 4; ++l, y += 8) {
                        const int i1 = qs[2 * l] | ((qh[half] << (8 - 2 * l)) & 256);
                        const int i2 = qs[2 * l + 1] | ((qh[half] << (7 - 2 * l)) & 256);
                        for (int j = 0; j < 4; ++j) {
                            y[j] = db * float(g.value(i1, j)) * sign(signs[l], j);
                            y[j + 4] = db * float(g.value(i2, j)) * sign(signs[l], j + 4);
                        }
                    }
                    qs += 8;
                    signs += 4;
                }
                qh += 2;
            }
        }
    }

    void iq2xxs(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq2xxsGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ2_XXS)) {
            const float d = f16At(src);
            for (int ib32 = 0; ib32 < kQK_K / 32; ++ib32) {
                const uint8_t* q = src + 2 + 8 * ib32;
                const uint32_t signsAndScale = u32At(q + 4);
                const float db = d * (0.5f + float(signsAndScale >> 28)) * 0.25f;
                for (int l = 0; l < 4; ++l, y += 8) {
                    const uint8_t signs = evenSigns(uint8_t((signsAndScale >> 7 * l) & 127));
                    for (int j = 0; j < 8; ++j)
                        y[j] = db * float(g.value(q[l], j)) * sign(signs, j);
                }
            }
        }
    }

    void iq2xs(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq2xsGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ2_XS)) {
            const float d = f16At(src);
            const uint8_t* scales = src + 2 + 64;
            for (int ib32 = 0; ib32 < kQK_K / 32; ++ib32) {
                const float db[2]
                    = { d * (0.5f + float(scales[ib32] & 0xf)) * 0.25f, d * (0.5f + float(scales[ib32] >> 4)) * 0.25f };
                for (int l = 0; l < 4; ++l, y += 8) {
                    const uint16_t q = u16At(src + 2 + 2 * (4 * ib32 + l));
                    const uint8_t signs = evenSigns(uint8_t(q >> 9));
                    for (int j = 0; j < 8; ++j)
                        y[j] = db[l / 2] * float(g.value(q & 511, j)) * sign(signs, j);
                }
            }
        }
    }

    void iq2s(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq2sGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ2_S)) {
            const float d = f16At(src);
            const uint8_t* qs = src + 2;
            const uint8_t* signs = qs + kQK_K / 8;
            const uint8_t* qh = src + 2 + 64;
            const uint8_t* scales = qh + 8;
            for (int ib32 = 0; ib32 < kQK_K / 32; ++ib32, qs += 4, signs += 4) {
                const float db[2]
                    = { d * (0.5f + float(scales[ib32] & 0xf)) * 0.25f, d * (0.5f + float(scales[ib32] >> 4)) * 0.25f };
                for (int l = 0; l < 4; ++l, y += 8) {
                    const float dl = db[l / 2];
                    const int index = qs[l] | ((qh[ib32] << (8 - 2 * l)) & 0x300);
                    for (int j = 0; j < 8; ++j)
                        y[j] = dl * float(g.value(index, j)) * sign(signs[l], j);
                }
            }
        }
    }

    constexpr float kIq1Delta = 0.125f;

    void iq1s(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq1sGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ1_S)) {
            const float d = f16At(src);
            const uint8_t* qs = src + 2;
            for (int ib = 0; ib < kQK_K / 32; ++ib, qs += 4) {
                const uint16_t qh = u16At(src + 34 + 2 * ib);
                const float dl = d * float(2 * ((qh >> 12) & 7) + 1);
                const float delta = qh & 0x8000 ? -kIq1Delta : kIq1Delta;
                for (int l = 0; l < 4; ++l, y += 8) {
                    const int index = qs[l] | (((qh >> 3 * l) & 7) << 8);
                    for (int j = 0; j < 8; ++j)
                        y[j] = dl * (float(g.value(index, j)) + delta);
                }
            }
        }
    }

    void iq1m(const uint8_t* src, int64_t nb, float* y)
    {
        const LatticeGrid& g = iq1sGrid();
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockIQ1_M)) {
            const uint8_t* qs = src;
            const uint8_t* qh = src + 32;
            uint16_t sc[4];
            std::memcpy(sc, src + 48, 8);
            const uint16_t scaleBits
                = uint16_t((sc[0] >> 12) | ((sc[1] >> 8) & 0x00f0) | ((sc[2] >> 4) & 0x0f00) | (sc[3] & 0xf000));
            const float d = halfToFloat(scaleBits);
            for (int ib = 0; ib < kQK_K / 32; ++ib, qs += 4, qh += 2) {
                const float dl1 = d * float(2 * ((sc[ib / 2] >> (6 * (ib % 2) + 0)) & 0x7) + 1);
                const float dl2 = d * float(2 * ((sc[ib / 2] >> (6 * (ib % 2) + 3)) & 0x7) + 1);
                const int idx[4] = { qs[0] | ((qh[0] << 8) & 0x700), qs[1] | ((qh[0] << 4) & 0x700),
                    qs[2] | ((qh[1] << 8) & 0x700), qs[3] | ((qh[1] << 4) & 0x700) };
                const float delta[4] = { qh[0] & 0x08 ? -kIq1Delta : kIq1Delta, qh[0] & 0x80 ? -kIq1Delta : kIq1Delta,
                    qh[1] & 0x08 ? -kIq1Delta : kIq1Delta, qh[1] & 0x80 ? -kIq1Delta : kIq1Delta };
                for (int l = 0; l < 4; ++l, y += 8) {
                    const float dl = l < 2 ? dl1 : dl2;
                    for (int j = 0; j < 8; ++j)
                        y[j] = dl * (float(g.value(idx[l], j)) + delta[l]);
                }
            }
        }
    }

    /// The ternary digit n (0 = most significant) of a byte that stores five (or four) digits as the
    /// fraction q / 256: ggml's (q · 3^n mod 256) · 3 >> 8, minus one.
    inline float trit(uint8_t q, int n)
    {
        static const uint8_t pow3[6] = { 1, 3, 9, 27, 81, 243 };
        const uint8_t shifted = uint8_t(q * pow3[n]);
        return float(int16_t((uint16_t(shifted) * 3) >> 8) - 1);
    }

    void tq1(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockTQ1_0)) {
            const uint8_t* qs = src;
            const uint8_t* qh = src + 48;
            const float d = f16At(src + 52);
            for (int n = 0; n < 5; ++n)
                for (int m = 0; m < 32; ++m)
                    *y++ = trit(qs[m], n) * d;
            for (int n = 0; n < 5; ++n)
                for (int m = 0; m < 16; ++m)
                    *y++ = trit(qs[32 + m], n) * d;
            for (int n = 0; n < 4; ++n)
                for (int j = 0; j < 4; ++j)
                    *y++ = trit(qh[j], n) * d;
        }
    }

    void tq2(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockTQ2_0)) {
            const float d = f16At(src + 64);
            for (int j = 0; j < 64; j += 32)
                for (int l = 0; l < 4; ++l)
                    for (int m = 0; m < 32; ++m)
                        *y++ = float(int((src[j + m] >> (l * 2)) & 3) - 1) * d;
        }
    }

    void q1(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockQ1_0), y += 128) {
            const float d = f16At(src), negD = -d;
            for (int j = 0; j < 128; ++j)
                y[j] = (src[2 + j / 8] >> (j % 8)) & 1 ? d : negD;
        }
    }

    void q2(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockQ2_0), y += 64) {
            const float d = f16At(src);
            for (int j = 0; j < 64; ++j)
                y[j] = float(int((src[2 + j / 4] >> ((j % 4) * 2)) & 3) - 1) * d;
        }
    }

    void mxfp4(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockMXFP4), y += 32) {
            const float d = e8m0HalfToFloat(src[0]);
            for (int j = 0; j < 16; ++j) {
                y[j] = float(kFp4Doubled[src[1 + j] & 0x0F]) * d;
                y[j + 16] = float(kFp4Doubled[src[1 + j] >> 4]) * d;
            }
        }
    }

    void nvfp4(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, src += sizeof(BlockNVFP4)) {
            for (int s = 0; s < 4; ++s, y += 16) {
                const float d = ue4m3HalfToFloat(src[s]);
                const uint8_t* qs = src + 4 + 8 * s;
                for (int j = 0; j < 8; ++j) {
                    y[j] = float(kFp4Doubled[qs[j] & 0x0F]) * d;
                    y[j + 8] = float(kFp4Doubled[qs[j] >> 4]) * d;
                }
            }
        }
    }
} // namespace

float e8m0HalfToFloat(uint8_t e)
{
    const uint32_t bits = e < 2 ? uint32_t(0x00200000) << e : uint32_t(e - 1) << 23;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float ue4m3HalfToFloat(uint8_t x)
{
    if (x == 0 || x == 0x7F)
        return 0.0f;
    const int exp = (x >> 3) & 0xF, man = x & 0x7;
    const float raw = exp == 0 ? std::ldexp(float(man), -9) : std::ldexp(1.0f + float(man) / 8.0f, exp - 7);
    return raw * 0.5f;
}

bool dtypeIsLowBitGgml(DType t)
{
    return t >= DType::IQ2_XXS && t <= DType::Q2_0;
}

void dequantizeLowBitGgml(DType t, const uint8_t* src, int64_t blocks, float* out)
{
    switch (t) {
    case DType::IQ4_NL:
        iq4nl(src, blocks, out);
        break;
    case DType::IQ4_XS:
        iq4xs(src, blocks, out);
        break;
    case DType::IQ3_XXS:
        iq3xxs(src, blocks, out);
        break;
    case DType::IQ3_S:
        iq3s(src, blocks, out);
        break;
    case DType::IQ2_XXS:
        iq2xxs(src, blocks, out);
        break;
    case DType::IQ2_XS:
        iq2xs(src, blocks, out);
        break;
    case DType::IQ2_S:
        iq2s(src, blocks, out);
        break;
    case DType::IQ1_S:
        iq1s(src, blocks, out);
        break;
    case DType::IQ1_M:
        iq1m(src, blocks, out);
        break;
    case DType::TQ1_0:
        tq1(src, blocks, out);
        break;
    case DType::TQ2_0:
        tq2(src, blocks, out);
        break;
    case DType::Q1_0:
        q1(src, blocks, out);
        break;
    case DType::Q2_0:
        q2(src, blocks, out);
        break;
    case DType::MXFP4:
        mxfp4(src, blocks, out);
        break;
    case DType::NVFP4:
        nvfp4(src, blocks, out);
        break;
    default:
        break;
    }
}

} // namespace ql

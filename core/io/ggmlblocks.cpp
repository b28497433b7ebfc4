#include "ggmlblocks.h"

#include "ggmllowbit.h"

#include <cstring>

namespace ql {

namespace {
    /// A block copied out of the file: GGUF tensors may sit at any byte offset (general.alignment
    /// can be 1), so a 2-byte-aligned struct is never read in place.
    template <typename B>
    struct Loaded {
        B block;
        const B* operator->() const { return &block; }
    };

    template <typename B>
    Loaded<B> blockAt(const uint8_t* src, int64_t i)
    {
        Loaded<B> b;
        std::memcpy(&b.block, src + i * int64_t(sizeof(B)), sizeof(B));
        return b;
    }

    float f16(const void* p)
    {
        uint16_t h;
        std::memcpy(&h, p, 2);
        return halfToFloat(h);
    }

    void q4_0(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, y += kQK) {
            const auto b = blockAt<BlockQ4_0>(src, i);
            const float d = f16(&b->d);
            for (int j = 0; j < kQK / 2; ++j) {
                const int x0 = (b->qs[j] & 0x0F) - 8;
                const int x1 = (b->qs[j] >> 4) - 8;
                y[j] = x0 * d;
                y[j + kQK / 2] = x1 * d;
            }
        }
    }

    void q4_1(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, y += kQK) {
            const auto b = blockAt<BlockQ4_1>(src, i);
            const float d = f16(&b->d), m = f16(&b->m);
            for (int j = 0; j < kQK / 2; ++j) {
                const int x0 = b->qs[j] & 0x0F;
                const int x1 = b->qs[j] >> 4;
                y[j] = x0 * d + m;
                y[j + kQK / 2] = x1 * d + m;
            }
        }
    }

    void q5_0(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, y += kQK) {
            const auto b = blockAt<BlockQ5_0>(src, i);
            const float d = f16(&b->d);
            uint32_t qh;
            std::memcpy(&qh, b->qh, 4);
            for (int j = 0; j < kQK / 2; ++j) {
                const uint8_t xh0 = ((qh >> j) << 4) & 0x10;
                const uint8_t xh1 = (qh >> (j + 12)) & 0x10;
                const int x0 = ((b->qs[j] & 0x0F) | xh0) - 16;
                const int x1 = ((b->qs[j] >> 4) | xh1) - 16;
                y[j] = x0 * d;
                y[j + kQK / 2] = x1 * d;
            }
        }
    }

    void q5_1(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, y += kQK) {
            const auto b = blockAt<BlockQ5_1>(src, i);
            const float d = f16(&b->d), m = f16(&b->m);
            uint32_t qh;
            std::memcpy(&qh, b->qh, 4);
            for (int j = 0; j < kQK / 2; ++j) {
                const uint8_t xh0 = ((qh >> j) << 4) & 0x10;
                const uint8_t xh1 = (qh >> (j + 12)) & 0x10;
                const int x0 = (b->qs[j] & 0x0F) | xh0;
                const int x1 = (b->qs[j] >> 4) | xh1;
                y[j] = x0 * d + m;
                y[j + kQK / 2] = x1 * d + m;
            }
        }
    }

    void q8_0(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i, y += kQK) {
            const auto b = blockAt<BlockQ8_0>(src, i);
            const float d = f16(&b->d);
            for (int j = 0; j < kQK; ++j)
                y[j] = b->qs[j] * d;
        }
    }

    void q2_k(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i) {
            const auto b = blockAt<BlockQ2_K>(src, i);
            const float d = f16(&b->d), min = f16(&b->dmin);
            const uint8_t* q = b->qs;
            int is = 0;
            for (int n = 0; n < kQK_K; n += 128) {
                int shift = 0;
                for (int j = 0; j < 4; ++j) {
                    uint8_t sc = b->scales[is++];
                    float dl = d * (sc & 0xF), ml = min * (sc >> 4);
                    for (int l = 0; l < 16; ++l)
                        *y++ = dl * ((int8_t)((q[l] >> shift) & 3)) - ml;
                    sc = b->scales[is++];
                    dl = d * (sc & 0xF);
                    ml = min * (sc >> 4);
                    for (int l = 0; l < 16; ++l)
                        *y++ = dl * ((int8_t)((q[l + 16] >> shift) & 3)) - ml;
                    shift += 2;
                }
                q += 32;
            }
        }
    }

    void q3_k(const uint8_t* src, int64_t nb, float* y)
    {
        constexpr uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
        for (int64_t i = 0; i < nb; ++i) {
            const auto b = blockAt<BlockQ3_K>(src, i);
            const float dAll = f16(&b->d);
            const uint8_t* q = b->qs;
            const uint8_t* hm = b->hmask;
            uint8_t m = 1;
            // Unpack the sixteen 6-bit scales: low 4 bits from bytes 0..7, high 2 bits from 8..11.
            uint32_t aux[4];
            std::memcpy(aux, b->scales, 12);
            const uint32_t tmp = aux[2];
            aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
            aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
            aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
            aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
            int8_t scales[16];
            std::memcpy(scales, aux, 16);
            int is = 0;
            for (int n = 0; n < kQK_K; n += 128) {
                int shift = 0;
                for (int j = 0; j < 4; ++j) {
                    float dl = dAll * (scales[is++] - 32);
                    for (int l = 0; l < 16; ++l)
                        *y++ = dl * ((int8_t)((q[l] >> shift) & 3) - ((hm[l] & m) ? 0 : 4));
                    dl = dAll * (scales[is++] - 32);
                    for (int l = 0; l < 16; ++l)
                        *y++ = dl * ((int8_t)((q[l + 16] >> shift) & 3) - ((hm[l + 16] & m) ? 0 : 4));
                    shift += 2;
                    m <<= 1;
                }
                q += 32;
            }
        }
    }

    void q4_k(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i) {
            const auto b = blockAt<BlockQ4_K>(src, i);
            const float d = f16(&b->d), min = f16(&b->dmin);
            const uint8_t* q = b->qs;
            int is = 0;
            for (int j = 0; j < kQK_K; j += 64) {
                uint8_t sc, m;
                kScaleMin(is + 0, b->scales, sc, m);
                const float d1 = d * sc, m1 = min * m;
                kScaleMin(is + 1, b->scales, sc, m);
                const float d2 = d * sc, m2 = min * m;
                for (int l = 0; l < 32; ++l)
                    *y++ = d1 * (q[l] & 0xF) - m1;
                for (int l = 0; l < 32; ++l)
                    *y++ = d2 * (q[l] >> 4) - m2;
                q += 32;
                is += 2;
            }
        }
    }

    void q5_k(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i) {
            const auto b = blockAt<BlockQ5_K>(src, i);
            const float d = f16(&b->d), min = f16(&b->dmin);
            const uint8_t* ql = b->qs;
            const uint8_t* qh = b->qh;
            int is = 0;
            uint8_t u1 = 1, u2 = 2;
            for (int j = 0; j < kQK_K; j += 64) {
                uint8_t sc, m;
                kScaleMin(is + 0, b->scales, sc, m);
                const float d1 = d * sc, m1 = min * m;
                kScaleMin(is + 1, b->scales, sc, m);
                const float d2 = d * sc, m2 = min * m;
                for (int l = 0; l < 32; ++l)
                    *y++ = d1 * ((ql[l] & 0xF) + (qh[l] & u1 ? 16 : 0)) - m1;
                for (int l = 0; l < 32; ++l)
                    *y++ = d2 * ((ql[l] >> 4) + (qh[l] & u2 ? 16 : 0)) - m2;
                ql += 32;
                is += 2;
                u1 <<= 2;
                u2 <<= 2;
            }
        }
    }

    void q6_k(const uint8_t* src, int64_t nb, float* y)
    {
        for (int64_t i = 0; i < nb; ++i) {
            const auto b = blockAt<BlockQ6_K>(src, i);
            const float d = f16(&b->d);
            const uint8_t* ql = b->ql;
            const uint8_t* qh = b->qh;
            const int8_t* sc = b->scales;
            for (int n = 0; n < kQK_K; n += 128) {
                for (int l = 0; l < 32; ++l) {
                    const int is = l / 16;
                    const int8_t q1 = (int8_t)((ql[l + 0] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    const int8_t q2 = (int8_t)((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    const int8_t q3 = (int8_t)((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    const int8_t q4 = (int8_t)((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    y[l + 0] = d * sc[is + 0] * q1;
                    y[l + 32] = d * sc[is + 2] * q2;
                    y[l + 64] = d * sc[is + 4] * q3;
                    y[l + 96] = d * sc[is + 6] * q4;
                }
                y += 128;
                ql += 64;
                qh += 32;
                sc += 8;
            }
        }
    }
} // namespace

void kScaleMin(int j, const uint8_t* q, uint8_t& scale, uint8_t& min)
{
    if (j < 4) {
        scale = q[j] & 63;
        min = q[j + 4] & 63;
    } else {
        scale = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        min = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

void dequantizeGgml(DType t, const uint8_t* src, int64_t blocks, float* out)
{
    switch (t) {
    case DType::Q4_0: q4_0(src, blocks, out); break;
    case DType::Q4_1: q4_1(src, blocks, out); break;
    case DType::Q5_0: q5_0(src, blocks, out); break;
    case DType::Q5_1: q5_1(src, blocks, out); break;
    case DType::Q8_0: q8_0(src, blocks, out); break;
    case DType::Q2_K: q2_k(src, blocks, out); break;
    case DType::Q3_K: q3_k(src, blocks, out); break;
    case DType::Q4_K: q4_k(src, blocks, out); break;
    case DType::Q5_K: q5_k(src, blocks, out); break;
    case DType::Q6_K: q6_k(src, blocks, out); break;
    default:
        if (dtypeIsLowBitGgml(t))
            dequantizeLowBitGgml(t, src, blocks, out);
        break;
    }
}

} // namespace ql

// llama.cpp's 1–2 bit types: the ternary TQ1_0 (1.6875 bpw: five trits per byte) and TQ2_0 (2.0625
// bpw: 2-bit codes) of BitNet b1.58 / TriLM models, scaled by each 256-value block's absmax; Q1_0
// (1.125 bpw: a sign per value, the mean |x| of 128 as the scale) and Q2_0 (2.25 bpw: codes −1…2 of
// 64 values' absmax). ggml ignores importance for all four; bit-identical to ggml_quantize_chunk.
#include "families.h"
#include "ggml.h"

#include "core/quant/formats.h"

#include "core/io/ggmllowbit.h"

#include <cmath>
#include <cstring>

namespace ql::family {

namespace {
    /// ggml's MAX(a, b) macro, NaN behaviour included.
    inline float macroMax(float a, float b)
    {
        return a > b ? a : b;
    }

    /// -1, 0, 1 → 0, 1, 2 by lroundf, as ggml computes it.
    inline int trit(float v)
    {
        return int(std::lround(v)) + 1;
    }

    /// Five (or four, then shifted) trits as the byte ggml stores: their base-3 number as the
    /// fraction q / 243 rounded up to 256ths.
    inline uint8_t packTrits(uint8_t q)
    {
        return uint8_t((uint16_t(q) * 256 + (243 - 1)) / 243);
    }

    void tq1(const float* x, int64_t nb, uint8_t* out)
    {
        for (int64_t i = 0; i < nb; ++i, out += sizeof(BlockTQ1_0)) {
            float amax = 0.0f;
            for (int j = 0; j < 256; ++j)
                amax = macroMax(amax, std::fabs(x[j]));
            const float d = amax, id = d ? 1.0f / d : 0.0f;
            uint8_t* qs = out;
            uint8_t* qh = out + 48;
            for (int m = 0; m < 32; ++m) {
                uint8_t q = 0;
                for (int n = 0; n < 5; ++n)
                    q = uint8_t(q * 3 + trit(x[m + n * 32] * id));
                qs[m] = packTrits(q);
            }
            x += 5 * 32;
            for (int m = 0; m < 16; ++m) {
                uint8_t q = 0;
                for (int n = 0; n < 5; ++n)
                    q = uint8_t(q * 3 + trit(x[m + n * 16] * id));
                qs[32 + m] = packTrits(q);
            }
            x += 5 * 16;
            for (int j = 0; j < 4; ++j) {
                uint8_t q = 0;
                for (int m = 0; m < 4; ++m)
                    q = uint8_t(q * 3 + trit(x[j + m * 4] * id));
                qh[j] = packTrits(uint8_t(q * 3)); // the first value in the most significant trit
            }
            x += 16;
            const uint16_t h = floatToHalf(d);
            std::memcpy(out + 52, &h, 2);
        }
    }

    void tq2(const float* x, int64_t nb, uint8_t* out)
    {
        for (int64_t i = 0; i < nb; ++i, out += sizeof(BlockTQ2_0)) {
            float amax = 0.0f;
            for (int j = 0; j < 256; ++j)
                amax = macroMax(amax, std::fabs(x[j]));
            const float d = amax, id = d ? 1.0f / d : 0.0f;
            for (int j = 0; j < 64; j += 32) {
                for (int m = 0; m < 32; ++m) {
                    uint8_t q = 0;
                    for (int n = 0; n < 4; ++n)
                        q = uint8_t(q + ((trit(x[m + n * 32] * id) & 3) << (2 * n)));
                    out[j + m] = q;
                }
                x += 4 * 32;
            }
            const uint16_t h = floatToHalf(d);
            std::memcpy(out + 64, &h, 2);
        }
    }

    void q1(const float* x, int64_t nb, uint8_t* out)
    {
        for (int64_t i = 0; i < nb; ++i, x += 128, out += sizeof(BlockQ1_0)) {
            float sumAbs = 0.0f;
            for (int j = 0; j < 128; ++j)
                sumAbs += std::fabs(x[j]);
            const uint16_t h = floatToHalf(sumAbs / 128);
            std::memcpy(out, &h, 2);
            std::memset(out + 2, 0, 16);
            for (int j = 0; j < 128; ++j)
                if (x[j] >= 0.0f)
                    out[2 + j / 8] = uint8_t(out[2 + j / 8] | (1 << (j % 8)));
        }
    }

    void q2(const float* x, int64_t nb, uint8_t* out)
    {
        for (int64_t i = 0; i < nb; ++i, x += 64, out += sizeof(BlockQ2_0)) {
            float amax = 0.0f;
            for (int j = 0; j < 64; ++j) {
                const float a = std::fabs(x[j]);
                if (a > amax)
                    amax = a;
            }
            const float d = amax, id = d > 0.0f ? 1.0f / d : 0.0f;
            const uint16_t h = floatToHalf(d);
            std::memcpy(out, &h, 2);
            std::memset(out + 2, 0, 16);
            for (int j = 0; j < 64; ++j) {
                int q = x86Int32(std::round(x[j] * id)) + 1; // ±inf codes of a subnormal scale: as x86 casts them
                q = q < 0 ? 0 : (q > 3 ? 3 : q);
                out[2 + j / 4] = uint8_t(out[2 + j / 4] | (q << ((j % 4) * 2)));
            }
        }
    }

    using BlocksFn = void (*)(const float*, int64_t, uint8_t*);

    class SmallBlocks final : public BlockFormat {
    public:
        SmallBlocks(QFormat id, const char* name, DType dtype, uint32_t ggmlType, BlocksFn fn)
            : BlockFormat(id, name, dtype, ggmlType, name)
            , fn_(fn)
        {
        }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float*, bool) const override
        {
            fn_(x, n / blockValues(), out); // ggml ignores importance for these types
        }

    private:
        BlocksFn fn_;
    };
} // namespace

void addGgmlTernary(FormatList& out)
{
    static const SmallBlocks tq1_0(QFormat::TQ1_0, "tq1_0", DType::TQ1_0, 34, tq1),
        tq2_0(QFormat::TQ2_0, "tq2_0", DType::TQ2_0, 35, tq2), q1_0(QFormat::Q1_0, "q1_0", DType::Q1_0, 41, q1),
        q2_0(QFormat::Q2_0, "q2_0", DType::Q2_0, 42, q2);
    out.insert(out.end(), { &tq1_0, &tq2_0, &q1_0, &q2_0 });
}

} // namespace ql::family

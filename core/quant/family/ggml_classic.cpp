// llama.cpp's legacy 32-value block types Q8_0, Q4_0, Q4_1, Q5_0, Q5_1: the reference quantizers
// and, with importance, the weighted searches, written for QuantLens with ggml's float operations in
// the same order (bit-identical to ggml_quantize_chunk).
#include "families.h"
#include "ggml.h"

#include "core/quant/formats.h"
#include "core/quant/ggmlsearch.h"
#include "core/quant/simd.h"

#include "core/io/ggmlblocks.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace ql::family {

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

    inline uint16_t fp16(float v)
    {
        return floatToHalf(v);
    }
    inline float unfp16(uint16_t h)
    {
        return halfToFloat(h);
    }

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
                y[i].qs[j] = x86Int8(roundHalfAway(x[j] * id)); // as llama.cpp's roundf
        }
    }

    /// Stores the 32 codes of a Q4_0/Q4_1/Q5_0/Q5_1 block: codes j and j + 16 share byte j of qs
    /// (low and high nibble); Q5 keeps each code's fifth bit in the 32-bit qh.
    template <int Bits, typename Block> void packLegacyCodes(const uint8_t* codes, Block& y)
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
    template <typename Block, int Bits> void symmetricLegacy(const float* x, int64_t nb, Block* y)
    {
        constexpr int half = 1 << (Bits - 1), top = (1 << Bits) - 1;
        for (int64_t i = 0; i < nb; ++i, x += kQK) {
            const float max = signedAbsMax(x, kQK);
            const float d = max / -float(half);
            const float id = d ? 1.0f / d : 0.0f;
            y[i].d = fp16(d);
            uint8_t codes[kQK];
            for (int j = 0; j < kQK; ++j)
                codes[j] = uint8_t(std::min(top, int(x86Int8(x[j] * id + (float(half) + 0.5f)))));
            packLegacyCodes<Bits>(codes, y[i]);
        }
    }

    /// Q4_1 and Q5_1: d = (max − min) / (2^bits − 1), m = min, codes truncated from (x − min)/d + 0.5.
    template <typename Block, int Bits> void affineLegacy(const float* x, int64_t nb, Block* y)
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
                    codes[j] = uint8_t(std::min(top, int(x86Int8(v + 0.5f))));
                else
                    codes[j] = uint8_t(x86Int32(v + 0.5f));
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

    template <typename Block, int Bits> void affineLegacyWeighted(const float* x, int64_t n, Block* y, const float* qw)
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

    template <typename B> B* as(uint8_t* p)
    {
        return reinterpret_cast<B*>(p);
    }

    class Q8_0Format final : public BlockFormat {
    public:
        Q8_0Format()
            : BlockFormat(QFormat::Q8_0, "q8_0", DType::Q8_0, 8, "q8_0")
        {
        }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float*, bool) const override
        {
            q8_0(x, n / kQK, as<BlockQ8_0>(out)); // llama.cpp ignores importance for Q8_0
        }
        bool roundTripRow(const float* x, int64_t n, float* out) const override
        {
            return n % kQK == 0 && simd::q8_0RoundTrip(x, n, out);
        }
    };

    /// Q4_0 and Q5_0: symmetric codes, d = max / −2^(bits−1); with importance the weighted search.
    template <typename Block, int Bits> class SymmetricLegacy final : public BlockFormat {
    public:
        using BlockFormat::BlockFormat;
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* qw, bool) const override
        {
            qw ? symmetricLegacyWeighted<Block, Bits>(x, n, as<Block>(out), qw)
               : symmetricLegacy<Block, Bits>(x, n / kQK, as<Block>(out));
        }
    };

    /// Q4_1 and Q5_1: affine codes with a minimum; with importance the weighted search.
    template <typename Block, int Bits> class AffineLegacy final : public BlockFormat {
    public:
        using BlockFormat::BlockFormat;
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* qw, bool) const override
        {
            qw ? affineLegacyWeighted<Block, Bits>(x, n, as<Block>(out), qw)
               : affineLegacy<Block, Bits>(x, n / kQK, as<Block>(out));
        }
    };
} // namespace

void addGgmlClassic(FormatList& out)
{
    static const Q8_0Format q8_0f;
    static const SymmetricLegacy<BlockQ4_0, 4> q4_0f(QFormat::Q4_0, "q4_0", DType::Q4_0, 2, "q4_0");
    static const AffineLegacy<BlockQ4_1, 4> q4_1f(QFormat::Q4_1, "q4_1", DType::Q4_1, 3, "q4_1");
    static const SymmetricLegacy<BlockQ5_0, 5> q5_0f(QFormat::Q5_0, "q5_0", DType::Q5_0, 6, "q5_0");
    static const AffineLegacy<BlockQ5_1, 5> q5_1f(QFormat::Q5_1, "q5_1", DType::Q5_1, 7, "q5_1");
    out.insert(out.end(), { &q8_0f, &q4_0f, &q4_1f, &q5_0f, &q5_1f });
}

} // namespace ql::family

// llama.cpp's 3-bit lattice i-quants: groups of 4 magnitudes are a point of a D4-like grid (IQ3_XXS:
// 256 points, seven sign bits per 8 values with an even count of minus signs, 3.0625 bpw; IQ3_S: 512
// points, eight sign bits, 3.4375 bpw) times a 4-bit scale per 32 values of the FP16 super-block
// scale. Each sub-block's scale is searched over 31 (XXS) or 19 (S) candidates with the nearest grid
// neighbour off the grid; bit-identical to ggml_quantize_chunk, with and without importance.
#include "families.h"
#include "ggml.h"
#include "ggmllatticequant.h"

#include "core/quant/formats.h"

#include "core/io/ggmllowbit.h"

#include <cstring>

namespace ql::family {

namespace {
    using namespace lattice;

    constexpr int kMaxQ = 8;
    constexpr float kEpsIq3xxs = 1e-8f;

    float maxOf(const float* xval)
    {
        float max = xval[0];
        for (int i = 1; i < 32; ++i)
            max = macroMax(max, xval[i]);
        return max;
    }

    /// The search both share, for one sub-block of 32 values (8 points of 4) whose largest magnitude
    /// is \p max (not negligible). \p xxs selects
    /// IQ3_XXS's rules (31 candidates from 15 − 3 to 15 + 3, only the off-grid points redone,
    /// a near-zero threshold) over IQ3_S's (19 candidates, every point redone, exact zero).
    float searchSubBlock(
        const Search& s, bool xxs, float max, const float* xval, const float* weight, const float* waux, int8_t* L)
    {
        std::memset(L, 0, 32);
        float best = 0;
        float scale = max / (2 * kMaxQ - 1);
        bool onGrid[8], onGridAux[8];
        std::fill(onGrid, onGrid + 8, xxs);
        int8_t Laux[32];
        const int tries = xxs ? 15 : 9;
        for (int is = -tries; is <= tries; ++is) {
            const float id = (float(2 * kMaxQ - 1) + float(is) * 0.2f) / max;
            const float thisScale = 1 / id;
            for (int k = 0; k < 8; ++k) {
                for (int i = 0; i < 4; ++i)
                    Laux[4 * k + i] = int8_t(level(id, xval[4 * k + i], kMaxQ - 1));
                gridIndex(s, Laux + 4 * k, xval + 4 * k, waux + 4 * k, thisScale, &onGridAux[k]);
            }
            float sumqx, sumq2;
            levelSums(weight, xval, Laux, 32, sumqx, sumq2);
            if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                scale = sumqx / sumq2;
                best = scale * sumqx;
                std::memcpy(L, Laux, 32);
                std::memcpy(onGrid, onGridAux, sizeof onGrid);
            }
        }
        int offGrid = 0;
        for (int k = 0; k < 8; ++k)
            offGrid += !onGrid[k];
        if (offGrid > 0 && scale > 0) {
            const float id = 1 / scale;
            for (int k = 0; k < 8; ++k) {
                if (xxs && onGrid[k])
                    continue;
                for (int i = 0; i < 4; ++i)
                    L[4 * k + i] = int8_t(level(id, xval[4 * k + i], kMaxQ - 1));
                gridIndex(s, L + 4 * k, xval + 4 * k, waux + 4 * k, scale);
            }
            float sumqx, sumq2;
            levelSums(weight, xval, L, 32, sumqx, sumq2);
            if (sumq2 > 0)
                scale = sumqx / sumq2;
        }
        return scale;
    }

    void weights(const float* xb, const float* qw, float sigma2, float* weight, float* waux)
    {
        if (qw)
            for (int i = 0; i < 32; ++i)
                weight[i] = qw[i] * std::sqrt(sigma2 + xb[i] * xb[i]);
        else
            for (int i = 0; i < 32; ++i)
                weight[i] = xb[i] * xb[i];
        for (int i = 0; i < 32; ++i)
            waux[i] = std::sqrt(weight[i]);
    }

    int indexOf(const Search& s, const int8_t* L)
    {
        const int32_t m = s.map[pack(L, 4, 3)];
        return m < 0 ? 0 : m;
    }

    void iq3xxs(const float* x, int64_t nbl, uint8_t* out, const float* importance)
    {
        const Search& s = lattice::iq3xxs();
        for (int64_t ibl = 0; ibl < nbl; ++ibl, out += sizeof(BlockIQ3_XXS)) {
            const float* xbl = x + 256 * ibl;
            uint8_t q3[96] = {};
            uint32_t scalesAndSigns[8] = {};
            float scales[8];
            float maxScale = 0;
            const float sigma2 = 2 * sumSquares(xbl, 256) / 256;
            for (int ib = 0; ib < 8; ++ib) {
                const float* xb = xbl + 32 * ib;
                float weight[32], waux[32], xval[32];
                int8_t L[32];
                uint8_t signs[4];
                weights(xb, importance ? importance + 256 * ibl + 32 * ib : nullptr, sigma2, weight, waux);
                for (int k = 0; k < 4; ++k)
                    signs[k] = evenSignSplit(xb + 8 * k, weight + 8 * k, xval + 8 * k);
                const float max = maxOf(xval);
                if (max < kEpsIq3xxs) { // nothing stored for a (near-)zero sub-block
                    scales[ib] = 0;
                    continue;
                }
                float scale = searchSubBlock(s, true, max, xval, weight, waux, L);
                if (scale < 0) {
                    scale = -scale;
                    for (int k = 0; k < 4; ++k)
                        signs[k] = uint8_t(~signs[k] & 127);
                }
                for (int k = 0; k < 8; ++k)
                    q3[8 * ib + k] = uint8_t(indexOf(s, L + 4 * k));
                scalesAndSigns[ib] = uint32_t(signs[0]) | (uint32_t(signs[1]) << 7) | (uint32_t(signs[2]) << 14)
                    | (uint32_t(signs[3]) << 21);
                scales[ib] = scale;
                maxScale = macroMax(maxScale, scale);
            }
            BlockIQ3_XXS b {};
            if (maxScale) {
                const float d = maxScale / 31;
                b.d = floatToHalf(d * 1.0125f);
                const float id = 1 / d;
                for (int ib = 0; ib < 8; ++ib) {
                    const int l = std::max(0, std::min(15, ggml::nearestInt(0.5f * (id * scales[ib] - 1))));
                    scalesAndSigns[ib] |= uint32_t(l) << 28;
                }
                std::memcpy(b.qs, q3, 64);
                std::memcpy(b.qs + 64, scalesAndSigns, 32);
            }
            std::memcpy(out, &b, sizeof b);
        }
    }

    void iq3s(const float* x, int64_t nbl, uint8_t* out, const float* importance)
    {
        const Search& s = lattice::iq3s();
        for (int64_t ibl = 0; ibl < nbl; ++ibl, out += sizeof(BlockIQ3_S)) {
            const float* xbl = x + 256 * ibl;
            BlockIQ3_S b {};
            float scales[8];
            float maxScale = 0;
            const float sigma2 = 2 * sumSquares(xbl, 256) / 256;
            // ggml advances its index and sign pointers only past sub-blocks it stores: after an
            // all-zero sub-block the following ones are written one place early (their grid indices'
            // ninth bits stay where they belong). Reproduced, since that is what files hold.
            int stored = 0;
            for (int ib = 0; ib < 8; ++ib) {
                const float* xb = xbl + 32 * ib;
                float weight[32], waux[32], xval[32];
                int8_t L[32];
                uint8_t signs[4];
                weights(xb, importance ? importance + 256 * ibl + 32 * ib : nullptr, sigma2, weight, waux);
                for (int k = 0; k < 4; ++k)
                    signs[k] = signSplit(xb + 8 * k, xval + 8 * k);
                const float max = maxOf(xval);
                if (!max) { // nothing stored for an all-zero sub-block
                    scales[ib] = 0;
                    continue;
                }
                float scale = searchSubBlock(s, false, max, xval, weight, waux, L);
                if (scale < 0) {
                    scale = -scale;
                    for (int k = 0; k < 4; ++k)
                        signs[k] = uint8_t(~signs[k]);
                }
                for (int k = 0; k < 8; ++k) {
                    const int index = indexOf(s, L + 4 * k);
                    b.qs[8 * stored + k] = uint8_t(index & 255);
                    b.qh[(ib * 8 + k) / 8] = uint8_t(b.qh[(ib * 8 + k) / 8] | ((index >> 8) << ((ib * 8 + k) % 8)));
                }
                std::memcpy(b.signs + 4 * stored, signs, 4);
                ++stored;
                scales[ib] = scale;
                maxScale = macroMax(maxScale, scale);
            }
            if (maxScale) {
                const float d = maxScale / 31;
                b.d = floatToHalf(d * 1.033f);
                const float id = 1 / d;
                for (int ib = 0; ib < 8; ib += 2) {
                    const int l1 = std::max(0, std::min(15, ggml::nearestInt(0.5f * (id * scales[ib] - 1))));
                    const int l2 = std::max(0, std::min(15, ggml::nearestInt(0.5f * (id * scales[ib + 1] - 1))));
                    b.scales[ib / 2] = uint8_t(l1 | (l2 << 4));
                }
            }
            std::memcpy(out, &b, sizeof b);
        }
    }

    class Iq3Format final : public BlockFormat {
    public:
        using Quantize = void (*)(const float*, int64_t, uint8_t*, const float*);
        Iq3Format(QFormat id, const char* name, DType dtype, uint32_t ggmlType, Quantize q)
            : BlockFormat(id, name, dtype, ggmlType, name)
            , quantize_(q)
        {
        }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* importance, bool) const override
        {
            quantize_(x, n / 256, out, importance);
        }

    private:
        Quantize quantize_;
    };
} // namespace

void addGgmlIq3(FormatList& out)
{
    static const Iq3Format xxs(QFormat::IQ3_XXS, "iq3_xxs", DType::IQ3_XXS, 18, iq3xxs),
        s(QFormat::IQ3_S, "iq3_s", DType::IQ3_S, 21, iq3s);
    out.insert(out.end(), { &xxs, &s });
}

} // namespace ql::family

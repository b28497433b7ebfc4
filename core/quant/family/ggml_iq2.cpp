// llama.cpp's 2-bit lattice i-quants: groups of 8 magnitudes are a point of an E8-like grid (IQ2_XXS:
// 256 points, 2.0625 bpw; IQ2_XS: 512, 2.3125 bpw; IQ2_S: 1024, 2.5625 bpw) times a per-32 (XXS) or
// per-16 scale quantized to 4 bits of the FP16 super-block scale, the signs stored separately (seven
// bits with an even count of minus signs, or all eight for IQ2_S). Each sub-block's scale is searched
// over 13 or 19 candidates, rounding to the nearest grid level and, off the grid, taking the nearest
// grid neighbour; bit-identical to ggml_quantize_chunk. IQ2_XXS and IQ2_XS need importance.
#include "families.h"
#include "ggml.h"
#include "ggmllatticequant.h"

#include "core/quant/formats.h"

#include "core/io/ggmllowbit.h"

#include <cstring>

namespace ql::family {

namespace {
    using namespace lattice;

    constexpr int kMaxQ = 3;
    constexpr float kEpsIq2s = 1e-8f;

    void iq2xxs(const float* x, int64_t nbl, uint8_t* out, const float* importance)
    {
        const Search& s = lattice::iq2xxs();
        for (int64_t ibl = 0; ibl < nbl; ++ibl, out += sizeof(BlockIQ2_XXS)) {
            const float* xbl = x + 256 * ibl;
            uint32_t q2[16] = {};
            float scales[8];
            float maxScale = 0;
            const float sigma2 = sumSquares(xbl, 256) / 256;
            for (int ib = 0; ib < 8; ++ib) {
                const float* xb = xbl + 32 * ib;
                const float* qw = importance + 256 * ibl + 32 * ib;
                float weight[32], waux[32], xval[32];
                int8_t L[32], Laux[32];
                uint8_t signs[4];
                for (int i = 0; i < 32; ++i)
                    weight[i] = qw[i] * std::sqrt(sigma2 + xb[i] * xb[i]);
                for (int i = 0; i < 32; ++i)
                    waux[i] = std::sqrt(weight[i]);
                for (int k = 0; k < 4; ++k)
                    signs[k] = evenSignSplit(xb + 8 * k, weight + 8 * k, xval + 8 * k);
                float max = xval[0];
                for (int i = 1; i < 32; ++i)
                    max = macroMax(max, xval[i]);
                if (max < ggml::kGroupMaxEps) {
                    scales[ib] = 0;
                    continue;
                }
                float scale = ggml::positiveSearch(32, kMaxQ + 1, xval, reinterpret_cast<uint8_t*>(L), weight);
                const float effMax = scale * kMaxQ;
                if (effMax <= 0) {
                    scales[ib] = 0;
                    continue;
                }
                float best = 0;
                for (int is = -6; is <= 6; ++is) {
                    const float id = (float(2 * kMaxQ - 1) + float(is) * 0.1f) / effMax;
                    const float thisScale = 1 / id;
                    for (int k = 0; k < 4; ++k) {
                        for (int i = 0; i < 8; ++i)
                            Laux[8 * k + i] = int8_t(level(id, xval[8 * k + i], kMaxQ - 1));
                        gridIndex(s, Laux + 8 * k, xval + 8 * k, waux + 8 * k, thisScale);
                    }
                    float sumqx, sumq2;
                    levelSums(weight, xval, Laux, 32, sumqx, sumq2);
                    if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                        scale = sumqx / sumq2;
                        best = scale * sumqx;
                        std::memcpy(L, Laux, 32);
                    }
                }
                if (scale > 0) {
                    const float id = 1 / scale;
                    for (int k = 0; k < 4; ++k) {
                        for (int i = 0; i < 8; ++i)
                            L[8 * k + i] = int8_t(level(id, xval[8 * k + i], kMaxQ - 1));
                        gridIndex(s, L + 8 * k, xval + 8 * k, waux + 8 * k, scale);
                    }
                    float sumqx, sumq2;
                    levelSums(weight, xval, L, 32, sumqx, sumq2);
                    if (sumq2 > 0)
                        scale = sumqx / sumq2;
                }
                if (scale < 0) { // (ggml: "should never happen"): a positive scale, the signs flipped
                    scale = -scale;
                    for (int k = 0; k < 4; ++k)
                        signs[k] = uint8_t(~signs[k] & 127);
                }
                for (int k = 0; k < 4; ++k) {
                    const int32_t index = s.map[pack(L + 8 * k, 8, 2)];
                    q2[2 * ib] |= uint32_t(index < 0 ? 0 : index) << (8 * k);
                    q2[2 * ib + 1] |= uint32_t(signs[k]) << (7 * k);
                }
                scales[ib] = scale;
                maxScale = macroMax(maxScale, scale);
            }
            BlockIQ2_XXS b {};
            if (maxScale) {
                const float d = maxScale / 31;
                b.d = floatToHalf(d);
                const float id = 1 / d;
                for (int ib = 0; ib < 8; ++ib) {
                    const int l = std::max(0, std::min(15, ggml::nearestInt(0.5f * (id * scales[ib] - 1))));
                    q2[2 * ib + 1] |= uint32_t(l) << 28;
                }
                std::memcpy(b.qs, q2, sizeof q2);
            }
            std::memcpy(out, &b, sizeof b);
        }
    }

    /// IQ2_XS (even signs, 512 points) and IQ2_S (all signs, 1024 points): scales per 16 values.
    template <bool S> void iq2xsOrS(const float* x, int64_t nbl, uint8_t* out, const float* importance)
    {
        const Search& s = S ? lattice::iq2s() : lattice::iq2xs();
        for (int64_t ibl = 0; ibl < nbl; ++ibl) {
            const float* xbl = x + 256 * ibl;
            uint16_t q2[32] = {};
            uint8_t qs[64] = {}, qh[8] = {};
            float scales[16];
            float maxScale = 0;
            const float sigma2 = S ? 2 * sumSquares(xbl, 256) / 256 : sumSquares(xbl, 256) / 256;
            for (int ib = 0; ib < 16; ++ib) {
                const float* xb = xbl + 16 * ib;
                float weight[16], waux[16], xval[16];
                int8_t L[16] = {}, Laux[16];
                uint8_t signs[2];
                bool onGrid[2] = { true, true }, onGridAux[2];
                if (importance) {
                    const float* qw = importance + 256 * ibl + 16 * ib;
                    for (int i = 0; i < 16; ++i)
                        weight[i] = qw[i] * std::sqrt(sigma2 + xb[i] * xb[i]);
                } else {
                    for (int i = 0; i < 16; ++i)
                        weight[i] = 0.25f * sigma2 + xb[i] * xb[i];
                }
                for (int i = 0; i < 16; ++i)
                    waux[i] = std::sqrt(weight[i]);
                for (int k = 0; k < 2; ++k)
                    signs[k] = S ? signSplit(xb + 8 * k, xval + 8 * k)
                                 : evenSignSplit(xb + 8 * k, weight + 8 * k, xval + 8 * k);
                float max = xval[0];
                for (int i = 1; i < 16; ++i)
                    max = macroMax(max, xval[i]);
                if (max < (S ? kEpsIq2s : ggml::kGroupMaxEps)) {
                    scales[ib] = 0;
                    continue;
                }
                float best = 0;
                float scale = max / (2 * kMaxQ - 1);
                for (int is = -9; is <= 9; ++is) {
                    const float id = (float(2 * kMaxQ - 1) + float(is) * 0.1f) / max;
                    const float thisScale = 1 / id;
                    for (int k = 0; k < 2; ++k) {
                        for (int i = 0; i < 8; ++i)
                            Laux[8 * k + i] = int8_t(level(id, xval[8 * k + i], kMaxQ - 1));
                        gridIndex(s, Laux + 8 * k, xval + 8 * k, waux + 8 * k, thisScale, &onGridAux[k]);
                    }
                    float sumqx, sumq2;
                    levelSums(weight, xval, Laux, 16, sumqx, sumq2);
                    if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                        scale = sumqx / sumq2;
                        best = scale * sumqx;
                        std::memcpy(L, Laux, 16);
                        onGrid[0] = onGridAux[0];
                        onGrid[1] = onGridAux[1];
                    }
                }
                if ((!onGrid[0] || !onGrid[1]) && scale > 0) {
                    const float id = 1 / scale;
                    for (int k = 0; k < 2; ++k) {
                        if (onGrid[k])
                            continue;
                        for (int i = 0; i < 8; ++i)
                            L[8 * k + i] = int8_t(level(id, xval[8 * k + i], kMaxQ - 1));
                        gridIndex(s, L + 8 * k, xval + 8 * k, waux + 8 * k, scale);
                    }
                    float sumqx, sumq2;
                    levelSums(weight, xval, L, 16, sumqx, sumq2);
                    if (sumq2 > 0)
                        scale = sumqx / sumq2;
                }
                if (scale < 0) {
                    scale = -scale;
                    for (int k = 0; k < 2; ++k)
                        signs[k] = S ? uint8_t(~signs[k]) : uint8_t(~signs[k] & 127);
                }
                for (int k = 0; k < 2; ++k) {
                    const int32_t m = s.map[pack(L + 8 * k, 8, 2)];
                    const int index = m < 0 ? 0 : m;
                    if (S) {
                        const int i8 = 2 * ib + k;
                        qs[i8] = uint8_t(index & 255);
                        qh[i8 / 4] = uint8_t(qh[i8 / 4] | ((index >> 8) << 2 * (i8 % 4)));
                        qs[32 + i8] = signs[k];
                    } else {
                        q2[2 * ib + k] = uint16_t(index | (signs[k] << 9));
                    }
                }
                scales[ib] = scale;
                maxScale = macroMax(maxScale, scale);
            }
            uint8_t packedScales[8] = {};
            uint16_t dBits = 0;
            if (maxScale) {
                const float d = maxScale / 31;
                dBits = floatToHalf(S ? d * 0.9875f : d);
                const float id = 1 / d;
                for (int ib = 0; ib < 16; ++ib) {
                    const int l = std::max(0, std::min(15, ggml::nearestInt(0.5f * (id * scales[ib] - 1))));
                    packedScales[ib / 2] = uint8_t(ib % 2 == 0 ? l : packedScales[ib / 2] | (l << 4));
                }
            }
            if (S) {
                BlockIQ2_S b {};
                b.d = dBits;
                std::memcpy(b.qs, qs, 64);
                std::memcpy(b.qh, qh, 8);
                std::memcpy(b.scales, packedScales, 8);
                std::memcpy(out, &b, sizeof b);
                out += sizeof b;
            } else {
                BlockIQ2_XS b {};
                b.d = dBits;
                if (maxScale) // (ggml leaves codes and scales zero in an all-zero super-block)
                    std::memcpy(b.qs, q2, sizeof q2);
                std::memcpy(b.scales, packedScales, 8);
                std::memcpy(out, &b, sizeof b);
                out += sizeof b;
            }
        }
    }

    class Iq2Format final : public BlockFormat {
    public:
        using Quantize = void (*)(const float*, int64_t, uint8_t*, const float*);
        Iq2Format(QFormat id, const char* name, DType dtype, uint32_t ggmlType, bool needsImportance, Quantize q)
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

void addGgmlIq2(FormatList& out)
{
    static const Iq2Format xxs(QFormat::IQ2_XXS, "iq2_xxs", DType::IQ2_XXS, 16, true, iq2xxs),
        xs(QFormat::IQ2_XS, "iq2_xs", DType::IQ2_XS, 17, true, iq2xsOrS<false>),
        s(QFormat::IQ2_S, "iq2_s", DType::IQ2_S, 22, false, iq2xsOrS<true>);
    out.insert(out.end(), { &xxs, &xs, &s });
}

} // namespace ql::family

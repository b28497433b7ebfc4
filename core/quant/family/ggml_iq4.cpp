// llama.cpp's non-linear 4-bit types: IQ4_NL (32 values, an FP16 scale, sixteen fixed levels from
// −127 to 113) and IQ4_XS (256-value super-blocks of eight 32-value sub-blocks with 6-bit scales).
// Each sub-block's scale is searched over fifteen candidates (weighted least squares over the level
// indices the scale gives), as ggml_quantize_chunk does, with importance or with x² as the weights;
// bit-identical to it.
#include "families.h"
#include "ggml.h"
#include "ggmliq4.h"

#include "core/quant/formats.h"
#include "core/quant/ggmlsearch.h"

#include "core/io/ggmlgrids.h"
#include "core/io/ggmllowbit.h"

#include <cmath>
#include <cstring>

namespace ql::family {

namespace ggmliq4 {

    int bestIndex(const int8_t* values, float x)
    {
        // ggml's best_index_int8: the bracketing pair by bisection, then the nearer one (ties upwards).
        if (x <= float(values[0]))
            return 0;
        if (x >= float(values[15]))
            return 15;
        int lo = 0, hi = 15;
        while (hi - lo > 1) {
            const int mid = (lo + hi) / 2;
            if (x < float(values[mid]))
                hi = mid;
            else
                lo = mid;
        }
        return x - float(values[hi - 1]) < float(values[hi]) - x ? hi - 1 : hi;
    }

    float searchScale(const float* xb, const float* weight, int n, uint8_t* L, int ntry)
    {
        const int8_t* values = ggml::kIq4nlValues;
        float amax = 0, max = 0;
        for (int j = 0; j < n; ++j) {
            const float ax = std::fabs(xb[j]);
            if (ax > amax) {
                amax = ax;
                max = xb[j];
            }
        }
        if (amax < ggml::kGroupMaxEps)
            return 0.0f;
        float d = ntry > 0 ? -max / float(values[0]) : max / float(values[0]);
        float id = 1 / d;
        float sumqx = 0, sumq2 = 0;
        for (int j = 0; j < n; ++j) {
            const int l = bestIndex(values, id * xb[j]);
            L[j] = uint8_t(l);
            const float q = float(values[l]), w = weight[j];
            sumqx += w * q * xb[j];
            sumq2 += w * q * q;
        }
        d = sumq2 > 0 ? sumqx / sumq2 : 0.0f;
        float best = d * sumqx;
        for (int itry = -ntry; itry <= ntry; ++itry) {
            id = (float(itry) + float(values[0])) / max;
            sumqx = sumq2 = 0;
            for (int j = 0; j < n; ++j) {
                const int l = bestIndex(values, id * xb[j]);
                const float q = float(values[l]), w = weight[j];
                sumqx += w * q * xb[j];
                sumq2 += w * q * q;
            }
            if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                d = sumqx / sumq2;
                best = d * sumqx;
            }
        }
        return d;
    }

    void weights(const float* xb, const float* qw, int n, float sigma2, float* weight)
    {
        if (qw)
            for (int j = 0; j < n; ++j)
                weight[j] = qw[j] * std::sqrt(sigma2 + xb[j] * xb[j]);
        else
            for (int j = 0; j < n; ++j)
                weight[j] = xb[j] * xb[j];
    }

    float sigma2Of(const float* x, int n)
    {
        float sigma2 = 0;
        for (int j = 0; j < n; ++j)
            sigma2 += x[j] * x[j];
        return sigma2 * (2.f / float(n));
    }

    void packNibbles(const uint8_t* L, int n, uint8_t* q4)
    {
        for (int i = 0; i < n / 32; ++i)
            for (int j = 0; j < 16; ++j)
                q4[16 * i + j] = uint8_t(L[32 * i + j] | (L[32 * i + 16 + j] << 4));
    }

    void iq4nlBlocks(const float* x, int64_t nb, uint8_t* out, const float* importance)
    {
        constexpr int kNtry = 7;
        for (int64_t ib = 0; ib < nb; ++ib, x += 32, out += sizeof(BlockIQ4_NL)) {
            const float* qw = importance ? importance + 32 * ib : nullptr;
            float weight[32];
            uint8_t L[32];
            weights(x, qw, 32, sigma2Of(x, 32), weight);
            const float scale = searchScale(x, weight, 32, L, kNtry);
            const uint16_t d = floatToHalf(scale);
            std::memcpy(out, &d, 2);
            // ggml requantizes with the chosen scale (also an all-zero block: every index 8, level 1).
            const float id = scale ? 1 / scale : 0;
            for (int j = 0; j < 32; ++j)
                L[j] = uint8_t(bestIndex(ggml::kIq4nlValues, id * x[j]));
            packNibbles(L, 32, out + 2);
        }
    }

    void iq4xsBlocks(const float* x, int64_t nb, uint8_t* out, const float* importance)
    {
        constexpr int kNtry = 7;
        const int8_t* values = ggml::kIq4nlValues;
        for (int64_t ibl = 0; ibl < nb; ++ibl, x += 256, out += sizeof(BlockIQ4_XS)) {
            const float* qw = importance ? importance + 256 * ibl : nullptr;
            const float sigma2 = sigma2Of(x, 256);
            float scales[8], weight[32];
            uint8_t L[256] = {};
            float maxScale = 0, amaxScale = 0;
            for (int ib = 0; ib < 8; ++ib) {
                weights(x + 32 * ib, qw ? qw + 32 * ib : nullptr, 32, sigma2, weight);
                scales[ib] = searchScale(x + 32 * ib, weight, 32, L + 32 * ib, kNtry);
                const float absD = std::fabs(scales[ib]);
                if (absD > amaxScale) {
                    amaxScale = absD;
                    maxScale = scales[ib];
                }
            }
            BlockIQ4_XS b {};
            const float d = -maxScale / 32;
            b.d = floatToHalf(d);
            const float id = d ? 1 / d : 0.f;
            for (int ib = 0; ib < 8; ++ib) {
                int l = ggml::nearestInt(id * scales[ib]);
                l = std::max(-32, std::min(31, l));
                const float dl = d * float(l);
                const float idl = dl ? 1 / dl : 0.f;
                for (int j = 0; j < 32; ++j)
                    L[32 * ib + j] = uint8_t(bestIndex(values, idl * x[32 * ib + j]));
                l += 32;
                const uint8_t lowBits = uint8_t(l & 0xf), highBits = uint8_t(l >> 4);
                b.scalesLow[ib / 2] = uint8_t(ib % 2 == 0 ? lowBits : b.scalesLow[ib / 2] | (lowBits << 4));
                b.scalesHigh = uint16_t(b.scalesHigh | (highBits << 2 * (ib % 8)));
            }
            packNibbles(L, 256, b.qs);
            std::memcpy(out, &b, sizeof b);
        }
    }

} // namespace ggmliq4

namespace {
    class Iq4Nl final : public BlockFormat {
    public:
        Iq4Nl()
            : BlockFormat(QFormat::IQ4_NL, "iq4_nl", DType::IQ4_NL, 20, "iq4_nl")
        {
        }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* importance, bool) const override
        {
            ggmliq4::iq4nlBlocks(x, n / 32, out, importance);
        }
    };

    class Iq4Xs final : public BlockFormat {
    public:
        Iq4Xs()
            : BlockFormat(QFormat::IQ4_XS, "iq4_xs", DType::IQ4_XS, 23, "iq4_xs")
        {
        }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float* importance, bool) const override
        {
            ggmliq4::iq4xsBlocks(x, n / 256, out, importance);
        }
    };
} // namespace

void addGgmlIq4(FormatList& out)
{
    static const Iq4Nl nl;
    static const Iq4Xs xs;
    out.insert(out.end(), { &nl, &xs });
}

} // namespace ql::family

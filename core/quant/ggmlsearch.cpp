// The scale searches of llama.cpp's quantizers (see ggmlsearch.h), written for QuantLens with the
// float operations of llama.cpp's reference code in the same order.
#include "ggmlsearch.h"

#include "core/io/ggmlblocks.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ql::ggml {

float signedAbsMax(const float* x, int n)
{
    float amax = 0, max = 0;
    for (int j = 0; j < n; ++j)
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    return max;
}

float symmetricSearch(int n, int nmax, const float* x, int8_t* L, const float* qw)
{
    const float max = signedAbsMax(x, n);
    if (std::fabs(max) < kGroupMaxEps) {
        std::fill(L, L + n, int8_t(0));
        return 0.0f;
    }
    float iscale = -float(nmax) / max;
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = std::max(-nmax, std::min(nmax - 1, nearestInt(iscale * x[i])));
        L[i] = int8_t(l + nmax);
        const float w = qw ? qw[i] : x[i] * x[i];
        sumlx += w * x[i] * float(l);
        suml2 += w * float(l) * float(l);
    }
    float scale = suml2 ? sumlx / suml2 : 0.0f;
    float best = scale * sumlx;
    for (int is = -9; is <= 9; ++is) {
        if (is == 0)
            continue;
        iscale = -(float(nmax) + 0.1f * float(is)) / max;
        sumlx = suml2 = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::max(-nmax, std::min(nmax - 1, nearestInt(iscale * x[i])));
            const float w = qw ? qw[i] : x[i] * x[i];
            sumlx += w * x[i] * float(l);
            suml2 += w * float(l) * float(l);
        }
        if (suml2 > 0 && sumlx * sumlx > best * suml2) {
            for (int i = 0; i < n; ++i)
                L[i] = int8_t(nmax + std::max(-nmax, std::min(nmax - 1, nearestInt(iscale * x[i]))));
            scale = sumlx / suml2;
            best = scale * sumlx;
        }
    }
    return scale;
}

float symmetricRefine(int n, int nmax, const float* x, int8_t* L)
{
    const float max = signedAbsMax(x, n);
    if (std::fabs(max) < kGroupMaxEps) {
        std::fill(L, L + n, int8_t(0));
        return 0.0f;
    }
    const float iscale = -float(nmax) / max;
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = std::max(-nmax, std::min(nmax - 1, nearestInt(iscale * x[i])));
        L[i] = int8_t(l);
        const float w = x[i] * x[i];
        sumlx += w * x[i] * float(l);
        suml2 += w * float(l) * float(l);
    }
    for (int pass = 0; pass < 5; ++pass) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            float slx = sumlx - w * x[i] * float(L[i]);
            if (slx > 0) {
                float sl2 = suml2 - w * float(L[i]) * float(L[i]);
                const int nl = std::max(-nmax, std::min(nmax - 1, nearestInt(x[i] * sl2 / slx)));
                if (nl != L[i]) {
                    slx += w * x[i] * float(nl);
                    sl2 += w * float(nl) * float(nl);
                    if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = int8_t(nl);
                        sumlx = slx;
                        suml2 = sl2;
                        ++changed;
                    }
                }
            }
        }
        if (!changed)
            break;
    }
    for (int i = 0; i < n; ++i)
        L[i] = int8_t(L[i] + nmax);
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

float positiveSearch(int n, int nmax, const float* x, uint8_t* L, const float* qw)
{
    float max = 0;
    for (int i = 0; i < n; ++i)
        max = std::max(max, x[i]);
    if (max < kGroupMaxEps) {
        std::fill(L, L + n, uint8_t(0));
        return 0.0f;
    }
    float iscale = float(nmax) / max;
    for (int i = 0; i < n; ++i)
        L[i] = uint8_t(nearestInt(iscale * x[i]));
    const float scale = 1 / iscale;
    float bestMse = 0;
    for (int i = 0; i < n; ++i) {
        const float diff = x[i] - scale * float(L[i]);
        bestMse += qw[i] * diff * diff;
    }
    for (int is = -4; is <= 4; ++is) {
        if (is == 0)
            continue;
        const float iscaleIs = (0.1f * float(is) + float(nmax)) / max;
        const float scaleIs = 1 / iscaleIs;
        float mse = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::min(nmax, nearestInt(iscaleIs * x[i]));
            const float diff = x[i] - scaleIs * float(l);
            mse += qw[i] * diff * diff;
        }
        if (mse < bestMse) {
            bestMse = mse;
            iscale = iscaleIs;
        }
    }
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = std::min(nmax, nearestInt(iscale * x[i]));
        L[i] = uint8_t(l);
        sumlx += qw[i] * x[i] * float(l);
        suml2 += qw[i] * float(l) * float(l);
    }
    for (int pass = 0; pass < 5; ++pass) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = qw[i];
            float slx = sumlx - w * x[i] * float(L[i]);
            float sl2 = suml2 - w * float(L[i]) * float(L[i]);
            if (slx > 0 && sl2 > 0) {
                const int nl = std::min(nmax, nearestInt(x[i] * sl2 / slx));
                if (nl != L[i]) {
                    slx += w * x[i] * float(nl);
                    sl2 += w * float(nl) * float(nl);
                    if (slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = uint8_t(nl);
                        sumlx = slx;
                        suml2 = sl2;
                        ++changed;
                    }
                }
            }
        }
        if (!changed)
            break;
    }
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

float affineSearch(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* negMin, float rmin,
    float rdelta, int nstep, bool useMad, bool degenerateWhenMaxBelowMin)
{
    float min = x[0], max = x[0];
    float sumW = weights[0];
    float sumX = sumW * x[0];
    for (int i = 1; i < n; ++i) {
        min = std::min(min, x[i]);
        max = std::max(max, x[i]);
        sumW += weights[i];
        sumX += weights[i] * x[i];
    }
    if (min > 0)
        min = 0;
    // The importance-weighted variant also gives up when max < min (a NaN-free row cannot have it,
    // but the two variants differ there and both are kept as llama.cpp has them).
    if (max == min || (degenerateWhenMaxBelowMin && max <= min)) {
        std::fill(L, L + n, uint8_t(0));
        *negMin = -min;
        return 0.0f;
    }
    float iscale = float(nmax) / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; ++i) {
        L[i] = uint8_t(std::max(0, std::min(nmax, nearestInt(iscale * (x[i] - min)))));
        float diff = scale * float(L[i]) + min - x[i];
        diff = useMad ? std::fabs(diff) : diff * diff;
        bestError += weights[i] * diff;
    }
    uint8_t aux[32];
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * float(is) + float(nmax)) / (max - min);
        float sumL = 0, sumL2 = 0, sumXL = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::max(0, std::min(nmax, nearestInt(iscale * (x[i] - min))));
            aux[i] = uint8_t(l);
            const float w = weights[i];
            sumL += w * float(l);
            sumL2 += w * float(l) * float(l);
            sumXL += w * float(l) * x[i];
        }
        const float D = sumW * sumL2 - sumL * sumL;
        if (D > 0) {
            float thisScale = (sumW * sumXL - sumX * sumL) / D;
            float thisMin = (sumL2 * sumX - sumL * sumXL) / D;
            if (thisMin > 0) {
                thisMin = 0;
                thisScale = sumXL / sumL2;
            }
            float error = 0;
            for (int i = 0; i < n; ++i) {
                float diff = thisScale * float(aux[i]) + thisMin - x[i];
                diff = useMad ? std::fabs(diff) : diff * diff;
                error += weights[i] * diff;
            }
            if (error < bestError) {
                std::copy(aux, aux + n, L);
                bestError = error;
                scale = thisScale;
                min = thisMin;
            }
        }
    }
    *negMin = -min;
    return scale;
}

void blockWeights(const float* x, const float* qw, int n, float sigma2, float* weight)
{
    for (int j = 0; j < n; ++j)
        weight[j] = qw[j] * std::sqrt(sigma2 + x[j] * x[j]);
}

float meanSquare(const float* x, int64_t n, float factor)
{
    float sum = 0;
    for (int64_t j = 0; j < n; ++j)
        sum += x[j] * x[j];
    return factor * sum / float(n);
}

bool allFinite(const float* x, int64_t n)
{
    for (int64_t j = 0; j < n; ++j)
        if ((std::bit_cast<uint32_t>(x[j]) & 0x7F800000u) == 0x7F800000u)
            return false;
    return true;
}

void searchRow(const simd::AffineSearch& p, const float* x, const float* weights, int64_t count, bool vector, uint8_t* L,
    float* scale, float* negMin)
{
    if (vector && allFinite(x, count * p.n)) {
        simd::affineSearchBatch(p, x, weights, count, L, scale, negMin);
        return;
    }
    float w[32];
    for (int64_t s = 0; s < count; ++s) {
        const float* xs = x + s * p.n;
        const float* ws = w;
        if (p.weights == simd::AffineSearch::Weights::Given) {
            ws = weights + s * p.n;
        } else if (p.weights == simd::AffineSearch::Weights::Abs) {
            for (int l = 0; l < p.n; ++l)
                w[l] = std::fabs(xs[l]);
        } else {
            float sumX2 = 0;
            for (int l = 0; l < p.n; ++l)
                sumX2 += xs[l] * xs[l];
            const float avX = std::sqrt(sumX2 / float(p.n));
            for (int l = 0; l < p.n; ++l)
                w[l] = avX + std::fabs(xs[l]);
        }
        scale[s] = affineSearch(p.n, p.nmax, xs, ws, L + s * p.n, &negMin[s], p.rmin, p.rdelta, p.nstep, p.useMad,
            p.degenerateWhenMaxBelowMin);
    }
}

void codes(const float* x, int n, float dm, float d, int nmax, uint8_t* L, bool vector)
{
    if (vector) {
        simd::affineCodes(x, n, dm, d, nmax, L);
        return;
    }
    for (int k = 0; k < n; ++k)
        L[k] = uint8_t(std::max(0, std::min(nmax, nearestInt((x[k] + dm) / d))));
}

void weightedSearch(simd::AffineSearch& p)
{
    p.rmin = -0.9f;
    p.rdelta = 0.05f;
    p.nstep = 36;
    p.degenerateWhenMaxBelowMin = true;
    p.weights = simd::AffineSearch::Weights::Given;
}

void RowSearch::importanceWeights(const float* x, const float* qw, int64_t nb, int sub, float factor)
{
    weights.resize(size_t(nb * kQK_K));
    sumWeights.resize(size_t(nb * kQK_K / sub));
    for (int64_t i = 0; i < nb; ++i) {
        const float sigma2 = meanSquare(x + i * kQK_K, kQK_K, factor);
        for (int j = 0; j < kQK_K / sub; ++j) {
            const int64_t o = i * kQK_K + j * sub;
            blockWeights(x + o, qw + o, sub, sigma2, weights.data() + o);
            float sumw = 0;
            for (int l = 0; l < sub; ++l)
                sumw += weights[size_t(o + l)];
            sumWeights[size_t(o / sub)] = sumw;
        }
    }
}

void symmetricSearchRow(int n, int nmax, const float* x, const float* weights, int64_t count, bool vector, int8_t* L, float* scale)
{
    if (vector && allFinite(x, count * n)) {
        simd::symmetricSearchBatch(n, nmax, x, weights, count, L, scale);
        return;
    }
    for (int64_t s = 0; s < count; ++s)
        scale[s] = symmetricSearch(n, nmax, x + s * n, L + s * n, weights ? weights + s * n : nullptr);
}

void symmetricRefineRow(int n, int nmax, const float* x, int64_t count, bool vector, int8_t* L, float* scale)
{
    if (vector && allFinite(x, count * n)) {
        simd::symmetricRefineBatch(n, nmax, x, count, L, scale);
        return;
    }
    for (int64_t s = 0; s < count; ++s)
        scale[s] = symmetricRefine(n, nmax, x + s * n, L + s * n);
}

} // namespace ql::ggml

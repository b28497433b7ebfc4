// llama.cpp's affine k-quant search with one sub-block per vector lane. Highway compiles this file
// once per instruction set and picks the best at run time. Every lane performs exactly the float
// operations of the scalar search (ggmlquant.cpp's affineSearch) in the same order — no operation is
// reordered or fused (the library is built with -ffp-contract=off) — so the codes, scales and mins are
// bit-identical to it, and so to ggml's quantizers; only independent sub-blocks run side by side.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/quant/ggmlsimd.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/highway.h>

#include "core/quant/simd-inl.h"

#include "core/quant/simd.h"

#include "core/io/dtype.h"
#include "core/quant/formats.h"

#include <algorithm>
#include <cmath>

HWY_BEFORE_NAMESPACE();
namespace ql::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace {
    constexpr int kMaxN = 32;
    constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);

    /// clamp(nearestInt(v), 0, top) as a float: a negative v, a NaN or an infinity gives 0 (ggml's
    /// nearest_int maps non-finite values to 0 and the clamp lifts negative codes), a finite v ≥ top
    /// gives top, and in between round to nearest even — what the scalar code computes for every v.
    template <class D, class V>
    HWY_INLINE V ClampedCode(D d, V v, V top)
    {
        const V inRange = hn::IfThenElse(hn::Lt(v, top), v, top);
        return hn::IfThenElseZero(hn::And(hn::Gt(v, hn::Zero(d)), hn::IsFinite(v)), RoundEven(inRange));
    }
    /// signedAbsMax of each lane's sub-block (values k at xt[k·N + lane]): the first value of largest
    /// magnitude, its sign kept.
    template <class D>
    HWY_INLINE hn::Vec<D> SignedAbsMax(D d, const float* xt, int n)
    {
        const size_t N = hn::Lanes(d);
        auto amax = hn::Zero(d), mx = hn::Zero(d);
        for (int k = 0; k < n; ++k) {
            const auto xv = hn::Load(d, xt + size_t(k) * N);
            const auto larger = hn::Lt(amax, hn::Abs(xv));
            amax = hn::IfThenElse(larger, hn::Abs(xv), amax);
            mx = hn::IfThenElse(larger, xv, mx);
        }
        return mx;
    }
    /// Writes a batch of symmetric searches back per sub-block: the scale (0 where the lane is not
    /// \p active) and the codes lt[k·N + lane] + nmax (all 0 where not active).
    template <class D, class M>
    HWY_INLINE void StoreSymmetric(D d, M active, hn::Vec<D> scale, const float* lt, int n, int nmax, int64_t s0, size_t lanes,
        int8_t* Lout, float* scaleOut)
    {
        const size_t N = hn::Lanes(d);
        HWY_ALIGN float laneOut[2 * kMaxLanes];
        hn::Store(hn::IfThenElseZero(active, scale), d, laneOut);
        hn::Store(hn::IfThenElseZero(active, hn::Set(d, 1.0f)), d, laneOut + N);
        for (size_t l = 0; l < lanes; ++l) {
            const int64_t sb = s0 + int64_t(l);
            scaleOut[sb] = laneOut[l];
            const bool live = laneOut[N + l] != 0.0f;
            int8_t* L = Lout + sb * n;
            for (int k = 0; k < n; ++k)
                L[k] = live ? int8_t(int(lt[size_t(k) * N + l]) + nmax) : int8_t(0);
        }
    }
} // namespace

void AffineSearchBatch(const AffineSearch& p, const float* x, const float* weights, int64_t count, uint8_t* Lout,
    float* scaleOut, float* negMinOut)
{
    const hn::ScalableTag<float> d;
    using V = hn::Vec<decltype(d)>;
    const size_t N = hn::Lanes(d);
    const int n = p.n;
    HWY_ALIGN float xt[kMaxN * kMaxLanes], wt[kMaxN * kMaxLanes], aux[kMaxN * kMaxLanes], best[kMaxN * kMaxLanes];
    HWY_ALIGN float laneOut[3 * kMaxLanes];
    const V zero = hn::Zero(d), top = hn::Set(d, float(p.nmax));
    for (int64_t s0 = 0; s0 < count; s0 += int64_t(N)) {
        const size_t lanes = size_t(std::min<int64_t>(int64_t(N), count - s0));
        // Sub-block s0 + l becomes lane l: xt[k·N + l] = value k of that sub-block (zeros pad the
        // last batch; an all-zero lane is degenerate and its results are dropped).
        for (size_t l = 0; l < N; ++l) {
            const float* xs = x + (s0 + int64_t(l)) * n;
            const float* ws = weights ? weights + (s0 + int64_t(l)) * n : nullptr;
            for (int k = 0; k < n; ++k) {
                xt[size_t(k) * N + l] = l < lanes ? xs[k] : 0.0f;
                if (p.weights == AffineSearch::Weights::Given)
                    wt[size_t(k) * N + l] = l < lanes ? ws[k] : 0.0f;
            }
        }
        if (p.weights == AffineSearch::Weights::RmsPlusAbs) {
            // weights = sqrt(Σx² / n) + |x|, the sum taken in order
            V sumX2 = zero;
            for (int k = 0; k < n; ++k) {
                const V xv = hn::Load(d, xt + size_t(k) * N);
                sumX2 = hn::Add(sumX2, hn::Mul(xv, xv));
            }
            const V avX = hn::Sqrt(hn::Div(sumX2, hn::Set(d, float(n))));
            for (int k = 0; k < n; ++k)
                hn::Store(hn::Add(avX, hn::Abs(hn::Load(d, xt + size_t(k) * N))), d, wt + size_t(k) * N);
        } else if (p.weights == AffineSearch::Weights::Abs) {
            for (int k = 0; k < n; ++k)
                hn::Store(hn::Abs(hn::Load(d, xt + size_t(k) * N)), d, wt + size_t(k) * N);
        }

        V mn = hn::Load(d, xt), mx = mn;
        V sumW = hn::Load(d, wt);
        V sumX = hn::Mul(sumW, mn);
        for (int k = 1; k < n; ++k) {
            const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Load(d, wt + size_t(k) * N);
            mn = hn::IfThenElse(hn::Lt(xv, mn), xv, mn); // std::min(mn, x): the earlier value on ties
            mx = hn::IfThenElse(hn::Lt(mx, xv), xv, mx); // std::max(mx, x)
            sumW = hn::Add(sumW, wv);
            sumX = hn::Add(sumX, hn::Mul(wv, xv));
        }
        mn = hn::IfThenElse(hn::Gt(mn, zero), zero, mn);
        auto degenerate = hn::Eq(mx, mn);
        if (p.degenerateWhenMaxBelowMin)
            degenerate = hn::Or(degenerate, hn::Le(mx, mn));
        const auto active = hn::Not(degenerate);

        V iscale = hn::Div(top, hn::Sub(mx, mn));
        V scale = hn::Div(hn::Set(d, 1.0f), iscale);
        V bestError = zero;
        for (int k = 0; k < n; ++k) {
            const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Load(d, wt + size_t(k) * N);
            const V l = ClampedCode(d, hn::Mul(iscale, hn::Sub(xv, mn)), top);
            hn::Store(l, d, best + size_t(k) * N);
            V diff = hn::Sub(hn::Add(hn::Mul(scale, l), mn), xv);
            diff = p.useMad ? hn::Abs(diff) : hn::Mul(diff, diff);
            bestError = hn::Add(bestError, hn::Mul(wv, diff));
        }
        for (int is = 0; is <= p.nstep; ++is) {
            const float numerator = p.rmin + p.rdelta * float(is) + float(p.nmax);
            iscale = hn::Div(hn::Set(d, numerator), hn::Sub(mx, mn));
            V sumL = zero, sumL2 = zero, sumXL = zero;
            for (int k = 0; k < n; ++k) {
                const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Load(d, wt + size_t(k) * N);
                const V l = ClampedCode(d, hn::Mul(iscale, hn::Sub(xv, mn)), top);
                hn::Store(l, d, aux + size_t(k) * N);
                const V wl = hn::Mul(wv, l);
                sumL = hn::Add(sumL, wl);
                sumL2 = hn::Add(sumL2, hn::Mul(wl, l));
                sumXL = hn::Add(sumXL, hn::Mul(wl, xv));
            }
            const V D = hn::Sub(hn::Mul(sumW, sumL2), hn::Mul(sumL, sumL));
            const auto solvable = hn::And(active, hn::Gt(D, zero));
            if (hn::AllFalse(d, solvable))
                continue;
            V thisScale = hn::Div(hn::Sub(hn::Mul(sumW, sumXL), hn::Mul(sumX, sumL)), D);
            V thisMin = hn::Div(hn::Sub(hn::Mul(sumL2, sumX), hn::Mul(sumL, sumXL)), D);
            const auto positiveMin = hn::Gt(thisMin, zero);
            thisScale = hn::IfThenElse(positiveMin, hn::Div(sumXL, sumL2), thisScale);
            thisMin = hn::IfThenElse(positiveMin, zero, thisMin);
            V error = zero;
            for (int k = 0; k < n; ++k) {
                const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Load(d, wt + size_t(k) * N);
                V diff = hn::Sub(hn::Add(hn::Mul(thisScale, hn::Load(d, aux + size_t(k) * N)), thisMin), xv);
                diff = p.useMad ? hn::Abs(diff) : hn::Mul(diff, diff);
                error = hn::Add(error, hn::Mul(wv, diff));
            }
            const auto better = hn::And(solvable, hn::Lt(error, bestError));
            if (hn::AllFalse(d, better))
                continue;
            for (int k = 0; k < n; ++k)
                hn::Store(hn::IfThenElse(better, hn::Load(d, aux + size_t(k) * N), hn::Load(d, best + size_t(k) * N)), d,
                    best + size_t(k) * N);
            bestError = hn::IfThenElse(better, error, bestError);
            scale = hn::IfThenElse(better, thisScale, scale);
            mn = hn::IfThenElse(better, thisMin, mn);
        }
        hn::Store(hn::IfThenElseZero(active, scale), d, laneOut);
        hn::Store(hn::Neg(mn), d, laneOut + N);
        hn::Store(hn::IfThenElseZero(active, hn::Set(d, 1.0f)), d, laneOut + 2 * N);
        for (size_t l = 0; l < lanes; ++l) {
            const int64_t s = s0 + int64_t(l);
            scaleOut[s] = laneOut[l];
            negMinOut[s] = laneOut[N + l];
            uint8_t* L = Lout + s * n;
            const bool live = laneOut[2 * N + l] != 0.0f;
            for (int k = 0; k < n; ++k)
                L[k] = live ? uint8_t(best[size_t(k) * N + l]) : uint8_t(0);
        }
    }
}

/// clamp(nearestInt(v), lo, hi) as a float for symmetric codes (lo < 0 < hi): a NaN or an infinity
/// gives 0, as ggml's nearest_int does.
template <class D, class V>
HWY_INLINE V ClampedSymmetricCode(V v, V lo, V hi)
{
    return hn::IfThenElseZero(hn::IsFinite(v), RoundEven(hn::Min(hn::Max(v, lo), hi)));
}

void SymmetricSearchBatch(int n, int nmax, const float* x, const float* qw, int64_t count, int8_t* Lout, float* scaleOut)
{
    const hn::ScalableTag<float> d;
    using V = hn::Vec<decltype(d)>;
    const size_t N = hn::Lanes(d);
    HWY_ALIGN float xt[kMaxN * kMaxLanes], wt[kMaxN * kMaxLanes], aux[kMaxN * kMaxLanes], best[kMaxN * kMaxLanes];
    const V zero = hn::Zero(d), lo = hn::Set(d, -float(nmax)), hi = hn::Set(d, float(nmax - 1)), vnmax = hn::Set(d, float(nmax));
    for (int64_t s0 = 0; s0 < count; s0 += int64_t(N)) {
        const size_t lanes = size_t(std::min<int64_t>(int64_t(N), count - s0));
        for (size_t l = 0; l < N; ++l)
            for (int k = 0; k < n; ++k) {
                const bool live = l < lanes;
                const float xv = live ? x[(s0 + int64_t(l)) * n + k] : 0.0f;
                xt[size_t(k) * N + l] = xv;
                wt[size_t(k) * N + l] = qw ? (live ? qw[(s0 + int64_t(l)) * n + k] : 0.0f) : xv * xv;
            }
        const V mx = SignedAbsMax(d, xt, n);
        const auto active = hn::Not(hn::Lt(hn::Abs(mx), hn::Set(d, 1e-15f)));
        V iscale = hn::Div(hn::Neg(vnmax), mx);
        V sumlx = zero, suml2 = zero;
        for (int k = 0; k < n; ++k) {
            const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Load(d, wt + size_t(k) * N);
            const V l = ClampedSymmetricCode<decltype(d)>(hn::Mul(iscale, xv), lo, hi);
            hn::Store(l, d, best + size_t(k) * N);
            sumlx = hn::Add(sumlx, hn::Mul(hn::Mul(wv, xv), l));
            suml2 = hn::Add(suml2, hn::Mul(hn::Mul(wv, l), l));
        }
        V scale = hn::IfThenElseZero(hn::Ne(suml2, zero), hn::Div(sumlx, suml2));
        V bestVal = hn::Mul(scale, sumlx);
        for (int is = -9; is <= 9; ++is) {
            if (is == 0)
                continue;
            iscale = hn::Div(hn::Set(d, -(float(nmax) + 0.1f * float(is))), mx);
            sumlx = zero;
            suml2 = zero;
            for (int k = 0; k < n; ++k) {
                const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Load(d, wt + size_t(k) * N);
                const V l = ClampedSymmetricCode<decltype(d)>(hn::Mul(iscale, xv), lo, hi);
                hn::Store(l, d, aux + size_t(k) * N);
                sumlx = hn::Add(sumlx, hn::Mul(hn::Mul(wv, xv), l));
                suml2 = hn::Add(suml2, hn::Mul(hn::Mul(wv, l), l));
            }
            const auto better = hn::And(active, hn::And(hn::Gt(suml2, zero), hn::Gt(hn::Mul(sumlx, sumlx), hn::Mul(bestVal, suml2))));
            if (hn::AllFalse(d, better))
                continue;
            for (int k = 0; k < n; ++k)
                hn::Store(hn::IfThenElse(better, hn::Load(d, aux + size_t(k) * N), hn::Load(d, best + size_t(k) * N)), d, best + size_t(k) * N);
            const V newScale = hn::Div(sumlx, suml2);
            scale = hn::IfThenElse(better, newScale, scale);
            bestVal = hn::IfThenElse(better, hn::Mul(newScale, sumlx), bestVal);
        }
        StoreSymmetric(d, active, scale, best, n, nmax, s0, lanes, Lout, scaleOut);
    }
}

void SymmetricRefineBatch(int n, int nmax, const float* x, int64_t count, int8_t* Lout, float* scaleOut)
{
    const hn::ScalableTag<float> d;
    using V = hn::Vec<decltype(d)>;
    const size_t N = hn::Lanes(d);
    HWY_ALIGN float xt[kMaxN * kMaxLanes], lt[kMaxN * kMaxLanes];
    const V zero = hn::Zero(d), lo = hn::Set(d, -float(nmax)), hi = hn::Set(d, float(nmax - 1));
    for (int64_t s0 = 0; s0 < count; s0 += int64_t(N)) {
        const size_t lanes = size_t(std::min<int64_t>(int64_t(N), count - s0));
        for (size_t l = 0; l < N; ++l)
            for (int k = 0; k < n; ++k)
                xt[size_t(k) * N + l] = l < lanes ? x[(s0 + int64_t(l)) * n + k] : 0.0f;
        const V mx = SignedAbsMax(d, xt, n);
        const auto active = hn::Not(hn::Lt(hn::Abs(mx), hn::Set(d, 1e-15f)));
        const V iscale = hn::Div(hn::Set(d, -float(nmax)), mx);
        V sumlx = zero, suml2 = zero;
        for (int k = 0; k < n; ++k) {
            const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Mul(xv, xv);
            const V l = ClampedSymmetricCode<decltype(d)>(hn::Mul(iscale, xv), lo, hi);
            hn::Store(l, d, lt + size_t(k) * N);
            sumlx = hn::Add(sumlx, hn::Mul(hn::Mul(wv, xv), l));
            suml2 = hn::Add(suml2, hn::Mul(hn::Mul(wv, l), l));
        }
        // Coordinate passes: each lane changes what the scalar refinement would; a lane whose pass
        // changed nothing would change nothing in further passes either.
        for (int pass = 0; pass < 5; ++pass) {
            auto changed = hn::Lt(zero, zero); // all false
            for (int k = 0; k < n; ++k) {
                const V xv = hn::Load(d, xt + size_t(k) * N), wv = hn::Mul(xv, xv), L = hn::Load(d, lt + size_t(k) * N);
                V slx = hn::Sub(sumlx, hn::Mul(hn::Mul(wv, xv), L));
                const auto tryIt = hn::And(active, hn::Gt(slx, zero));
                if (hn::AllFalse(d, tryIt))
                    continue;
                V sl2 = hn::Sub(suml2, hn::Mul(hn::Mul(wv, L), L));
                const V nl = ClampedSymmetricCode<decltype(d)>(hn::Div(hn::Mul(xv, sl2), slx), lo, hi);
                const auto differs = hn::And(tryIt, hn::Ne(nl, L));
                slx = hn::Add(slx, hn::Mul(hn::Mul(wv, xv), nl));
                sl2 = hn::Add(sl2, hn::Mul(hn::Mul(wv, nl), nl));
                const auto better = hn::And(differs,
                    hn::And(hn::Gt(sl2, zero), hn::Gt(hn::Mul(hn::Mul(slx, slx), suml2), hn::Mul(hn::Mul(sumlx, sumlx), sl2))));
                hn::Store(hn::IfThenElse(better, nl, L), d, lt + size_t(k) * N);
                sumlx = hn::IfThenElse(better, slx, sumlx);
                suml2 = hn::IfThenElse(better, sl2, suml2);
                changed = hn::Or(changed, better);
            }
            if (hn::AllFalse(d, changed))
                break;
        }
        StoreSymmetric(d, active, hn::IfThenElseZero(hn::Gt(suml2, zero), hn::Div(sumlx, suml2)), lt, n, nmax, s0, lanes, Lout, scaleOut);
    }
}

void SymmetricCodes(const float* x, int64_t n, float d, int nmax, int8_t* L)
{
    const hn::ScalableTag<float> df;
    const hn::Rebind<int32_t, decltype(df)> di;
    const int64_t N = int64_t(hn::Lanes(df));
    const auto vd = hn::Set(df, d), lo = hn::Set(df, -float(nmax)), hi = hn::Set(df, float(nmax - 1));
    HWY_ALIGN int32_t codes[kMaxLanes];
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto code = ClampedSymmetricCode<decltype(df)>(hn::Div(hn::LoadU(df, x + i), vd), lo, hi);
        hn::Store(hn::Add(hn::ConvertTo(di, code), hn::Set(di, nmax)), di, codes);
        for (int64_t l = 0; l < N; ++l)
            L[i + l] = int8_t(codes[l]);
    }
    for (; i < n; ++i) {
        const float v = x[i] / d;
        L[i] = int8_t((std::isfinite(v) ? int(std::nearbyint(std::clamp(v, -float(nmax), float(nmax - 1)))) : 0) + nmax);
    }
}

void AffineCodes(const float* x, int64_t n, float dm, float d, int nmax, uint8_t* L)
{
    const hn::ScalableTag<float> df;
    const hn::Rebind<int32_t, decltype(df)> di;
    const hn::Rebind<uint8_t, decltype(df)> du8;
    const int64_t N = int64_t(hn::Lanes(df));
    const auto vdm = hn::Set(df, dm), vd = hn::Set(df, d), top = hn::Set(df, float(nmax));
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto code = ClampedCode(df, hn::Div(hn::Add(hn::LoadU(df, x + i), vdm), vd), top);
        hn::StoreU(hn::DemoteTo(du8, hn::ConvertTo(di, code)), du8, L + i);
    }
    for (; i < n; ++i) {
        const float v = (x[i] + dm) / d;
        L[i] = v > 0.0f && std::isfinite(v) ? uint8_t(std::nearbyint(std::min(v, float(nmax)))) : uint8_t(0);
    }
}

/// Q8_0 round trip (see q8_0RoundTrip): per block of 32 amax, d = amax / 127, codes roundf(x / d),
/// values code · fp16(d), exactly as the scalar quantizer and the decoder compute them.
bool Q8_0RoundTrip(const float* HWY_RESTRICT x, int64_t n, float* HWY_RESTRICT out)
{
    constexpr int64_t kBlock = 32;
    const hn::CappedTag<float, kBlock> dc; // at most one block per vector
    const int64_t N = int64_t(hn::Lanes(dc));
    const auto half = hn::Set(dc, 0.5f), nhalf = hn::Set(dc, -0.5f), one = hn::Set(dc, 1.0f);
    for (int64_t b = 0; b + kBlock <= n; b += kBlock) {
        const float* xb = x + b;
        auto amax = hn::Zero(dc);
        bool allFinite = true;
        for (int64_t j = 0; j < kBlock; j += N) {
            const auto v = hn::LoadU(dc, xb + j);
            allFinite &= hn::AllTrue(dc, hn::IsFinite(v));
            amax = hn::Max(amax, hn::Abs(v));
        }
        if (!allFinite)
            return false;
        const float am = hn::GetLane(hn::MaxOfLanes(dc, amax));
        const float dd = am / 127;
        const float id = dd ? 1.0f / dd : 0.0f;
        if (!std::isfinite(id))
            return false; // a subnormal scale: the reference's conversions of ±inf codes decide
        const float dh = halfToFloat(floatToHalf(dd));
        const auto vid = hn::Set(dc, id), vdh = hn::Set(dc, dh);
        for (int64_t j = 0; j < kBlock; j += N) {
            // roundf: truncate, then step away from zero when the exact remainder is at least ½.
            const auto v = hn::Mul(hn::LoadU(dc, xb + j), vid);
            const auto t = hn::Trunc(v);
            const auto rem = hn::Sub(v, t);
            auto r = hn::Add(t, hn::IfThenElseZero(hn::Ge(rem, half), one));
            r = hn::Sub(r, hn::IfThenElseZero(hn::Le(rem, nhalf), one));
            hn::StoreU(hn::Mul(r, vdh), dc, out + b + j);
        }
    }
    return n % kBlock == 0;
}

} // namespace ql::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ql::simd {
HWY_EXPORT(AffineSearchBatch);
HWY_EXPORT(AffineCodes);
HWY_EXPORT(SymmetricSearchBatch);
HWY_EXPORT(SymmetricCodes);
HWY_EXPORT(SymmetricRefineBatch);
HWY_EXPORT(Q8_0RoundTrip);

bool q8_0RoundTrip(const float* x, int64_t n, float* out) { return HWY_DYNAMIC_DISPATCH(Q8_0RoundTrip)(x, n, out); }

void symmetricRefineBatch(int n, int nmax, const float* x, int64_t count, int8_t* L, float* scale)
{
    HWY_DYNAMIC_DISPATCH(SymmetricRefineBatch)(n, nmax, x, count, L, scale);
}

void symmetricSearchBatch(int n, int nmax, const float* x, const float* qw, int64_t count, int8_t* L, float* scale)
{
    HWY_DYNAMIC_DISPATCH(SymmetricSearchBatch)(n, nmax, x, qw, count, L, scale);
}

void symmetricCodes(const float* x, int64_t n, float d, int nmax, int8_t* L) { HWY_DYNAMIC_DISPATCH(SymmetricCodes)(x, n, d, nmax, L); }

void affineCodes(const float* x, int64_t n, float dm, float d, int nmax, uint8_t* L)
{
    HWY_DYNAMIC_DISPATCH(AffineCodes)(x, n, dm, d, nmax, L);
}

void affineSearchBatch(const AffineSearch& p, const float* x, const float* weights, int64_t count, uint8_t* L, float* scale,
    float* negMin)
{
    HWY_DYNAMIC_DISPATCH(AffineSearchBatch)(p, x, weights, count, L, scale, negMin);
}
} // namespace ql::simd
#endif

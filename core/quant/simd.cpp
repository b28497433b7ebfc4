// Highway compiles this file once per instruction set (foreach_target) and picks the best at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/quant/simd.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/highway.h>

#include "core/quant/simd.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

HWY_BEFORE_NAMESPACE();
namespace ql::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void FiniteMinMax(const float* x, int64_t n, float* mnOut, float* mxOut)
{
    const hn::ScalableTag<float> d;
    const int64_t N = int64_t(hn::Lanes(d));
    const auto inf = hn::Set(d, std::numeric_limits<float>::infinity()), ninf = hn::Neg(inf);
    auto mn0 = inf, mn1 = inf, mx0 = ninf, mx1 = ninf;
    int64_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
        const auto a = hn::LoadU(d, x + i), b = hn::LoadU(d, x + i + N);
        const auto fa = hn::IsFinite(a), fb = hn::IsFinite(b);
        mn0 = hn::Min(mn0, hn::IfThenElse(fa, a, inf));
        mx0 = hn::Max(mx0, hn::IfThenElse(fa, a, ninf));
        mn1 = hn::Min(mn1, hn::IfThenElse(fb, b, inf));
        mx1 = hn::Max(mx1, hn::IfThenElse(fb, b, ninf));
    }
    float mn = hn::GetLane(hn::MinOfLanes(d, hn::Min(mn0, mn1))), mx = hn::GetLane(hn::MaxOfLanes(d, hn::Max(mx0, mx1)));
    for (; i < n; ++i) {
        const float v = x[i];
        const bool finite = (std::bit_cast<uint32_t>(v) & 0x7F800000u) != 0x7F800000u;
        mn = (finite && v < mn) ? v : mn;
        mx = (finite && v > mx) ? v : mx;
    }
    *mnOut = mn;
    *mxOut = mx;
}

/// Integer fake quantization (see quantizeInt) in lanes / one value.
template <class D, class V>
V IntLanes(D d, V xv, float inv, float scale, float lo, float hi, bool symmetric)
{
    auto v = hn::Mul(xv, hn::Set(d, inv));
    v = hn::IfThenElse(hn::Lt(v, hn::Set(d, lo)), hn::Set(d, lo), v); // a NaN compares false and stays NaN
    v = hn::IfThenElse(hn::Gt(v, hn::Set(d, hi)), hn::Set(d, hi), v);
    v = hn::Round(v);
    if (!symmetric)
        v = hn::Add(v, hn::Zero(d)); // −0 → +0
    return hn::Mul(v, hn::Set(d, scale));
}

float IntScalar(float x, float inv, float scale, float lo, float hi, bool symmetric)
{
    float v = x * inv;
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    v = std::nearbyint(v);
    if (!symmetric)
        v += 0.0f;
    return v * scale;
}

void QuantizeInt(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, float* out)
{
    const hn::ScalableTag<float> d;
    const int64_t N = int64_t(hn::Lanes(d));
    int64_t i = 0;
    for (; i + N <= n; i += N)
        hn::StoreU(IntLanes(d, hn::LoadU(d, x + i), inv, scale, lo, hi, symmetric), d, out + i);
    for (; i < n; ++i)
        out[i] = IntScalar(x[i], inv, scale, lo, hi, symmetric);
}

/// NF4 of x in lanes / one value (see quantizeNf4), with the midpoints \p mid of \p levels.
template <class D, class V>
V Nf4Lanes(D d, V xv, float scale, const float* levels, const float* mid)
{
    const auto vscale = hn::Set(d, scale);
    const auto v = hn::Div(xv, vscale);
    auto level = hn::Set(d, levels[0]);
    for (int k = 0; k < 15; ++k) // midpoints ascend: the last one exceeded wins
        level = hn::IfThenElse(hn::Gt(v, hn::Set(d, mid[k])), hn::Set(d, levels[k + 1]), level);
    return hn::IfThenElse(hn::IsNaN(v), xv, hn::Mul(level, vscale));
}

float Nf4Scalar(float x, float scale, const float* levels, const float* mid)
{
    const float v = x / scale;
    int code = 0;
    for (int k = 0; k < 15; ++k)
        code += v > mid[k];
    return v != v ? x : levels[code] * scale;
}

void Nf4Midpoints(const float* levels, float* mid)
{
    for (int k = 0; k < 15; ++k)
        mid[k] = 0.5f * (levels[k] + levels[k + 1]);
}

void QuantizeNf4(const float* x, int64_t n, float scale, const float* levels, float* out)
{
    const hn::ScalableTag<float> d;
    const int64_t N = int64_t(hn::Lanes(d));
    float mid[15];
    Nf4Midpoints(levels, mid);
    int64_t i = 0;
    for (; i + N <= n; i += N)
        hn::StoreU(Nf4Lanes(d, hn::LoadU(d, x + i), scale, levels, mid), d, out + i);
    for (; i < n; ++i)
        out[i] = Nf4Scalar(x[i], scale, levels, mid);
}

/// One small-float rounding of x (MiniFloatRounder's arithmetic), scalar.
float MiniScalar(float v, const MiniRound& f)
{
    const float a = std::fabs(v);
    uint32_t b = std::bit_cast<uint32_t>(a);
    b += (1u << (f.shift - 1)) - 1u + ((b >> f.shift) & 1u);
    b &= ~((1u << f.shift) - 1u);
    float q = a < f.smallestNormal ? (a + f.big) - f.big : std::bit_cast<float>(b);
    const bool over = f.saturates ? a > f.overflowAt : a >= f.overflowAt;
    q = over ? f.overflowValue : q;
    q = std::copysign(q, v);
    return a != a ? v : q;
}

/// The same in lanes.
template <class D, class V>
V MiniLanes(D d, V v, const MiniRound& f)
{
    const hn::RebindToUnsigned<D> du;
    const auto a = hn::Abs(v);
    auto b = hn::BitCast(du, a);
    b = hn::Add(b, hn::Add(hn::Set(du, (1u << (f.shift - 1)) - 1u), hn::And(hn::ShiftRightSame(b, f.shift), hn::Set(du, 1u))));
    b = hn::And(b, hn::Set(du, ~((1u << f.shift) - 1u)));
    const auto big = hn::Set(d, f.big);
    auto q = hn::IfThenElse(hn::Lt(a, hn::Set(d, f.smallestNormal)), hn::Sub(hn::Add(a, big), big), hn::BitCast(d, b));
    const auto overAt = hn::Set(d, f.overflowAt);
    const auto over = f.saturates ? hn::Gt(a, overAt) : hn::Ge(a, overAt);
    q = hn::IfThenElse(over, hn::Set(d, f.overflowValue), q);
    q = hn::CopySign(q, v);
    return hn::IfThenElse(hn::IsNaN(a), v, q); // NaN stays NaN
}

void RoundMiniFloat(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, float* out)
{
    const hn::ScalableTag<float> d;
    const int64_t N = int64_t(hn::Lanes(d));
    const auto vscale = hn::Set(d, scale);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto xv = hn::LoadU(d, x + i);
        hn::StoreU(scaled ? hn::Mul(MiniLanes(d, hn::Div(xv, vscale), f), vscale) : MiniLanes(d, xv, f), d, out + i);
    }
    for (; i < n; ++i) // the tail: the same arithmetic, one value at a time
        out[i] = scaled ? MiniScalar(x[i] / scale, f) * scale : MiniScalar(x[i], f);
}


void RoundBf16(const float* x, int64_t n, float* out)
{
    const hn::ScalableTag<float> d;
    const hn::RebindToUnsigned<decltype(d)> du;
    const hn::RebindToSigned<decltype(d)> di;
    const int64_t N = int64_t(hn::Lanes(d));
    const auto abs = hn::Set(du, 0x7FFFFFFFu), quiet = hn::Set(du, 0x00400000u), top = hn::Set(du, 0xFFFF0000u), half = hn::Set(du, 0x7FFFu),
               one = hn::Set(du, 1u);
    const auto inf = hn::Set(di, 0x7F800000);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto b = hn::BitCast(du, hn::LoadU(d, x + i));
        const auto nan = hn::RebindMask(du, hn::Gt(hn::BitCast(di, hn::And(b, abs)), inf));
        const auto rounded = hn::And(hn::Add(b, hn::Add(half, hn::And(hn::ShiftRight<16>(b), one))), top);
        hn::StoreU(hn::BitCast(d, hn::IfThenElse(nan, hn::And(hn::Or(b, quiet), top), rounded)), d, out + i);
    }
    for (; i < n; ++i) {
        uint32_t b = std::bit_cast<uint32_t>(x[i]);
        if ((b & 0x7FFFFFFFu) > 0x7F800000u)
            b = (b | 0x00400000u) & 0xFFFF0000u;
        else
            b = (b + 0x7FFFu + ((b >> 16) & 1u)) & 0xFFFF0000u;
        out[i] = std::bit_cast<float>(b);
    }
}

/// The six sums of pairs (x, y) as blockErrorSums defines them: y from \p lanes(i, x-vector) for full
/// vectors and \p scalar(i) for the tail; float lanes, added in double in lane order.
template <class D, class Lanes, class Scalar>
void SumPairs(D d, const float* x, int64_t n, Lanes lanes, Scalar scalar, double* out)
{
    const int64_t N = int64_t(hn::Lanes(d));
    auto aw2 = hn::Zero(d), ae2 = hn::Zero(d), awq = hn::Zero(d), aq2 = hn::Zero(d), ae = hn::Zero(d), amax = hn::Zero(d);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto xv = hn::LoadU(d, x + i);
        const auto y = lanes(i, xv), e = hn::Sub(y, xv);
        aw2 = hn::MulAdd(xv, xv, aw2);
        ae2 = hn::MulAdd(e, e, ae2);
        awq = hn::MulAdd(xv, y, awq);
        aq2 = hn::MulAdd(y, y, aq2);
        ae = hn::Add(ae, e);
        amax = hn::Max(amax, hn::Abs(e));
    }
    HWY_ALIGN float acc[6][HWY_MAX_BYTES / sizeof(float)];
    hn::Store(aw2, d, acc[0]);
    hn::Store(ae2, d, acc[1]);
    hn::Store(awq, d, acc[2]);
    hn::Store(aq2, d, acc[3]);
    hn::Store(ae, d, acc[4]);
    hn::Store(amax, d, acc[5]);
    for (int k = 0; k < 5; ++k) {
        double sum = 0;
        for (int64_t l = 0; l < N; ++l)
            sum += acc[k][l];
        out[k] = sum;
    }
    double mx = 0;
    for (int64_t l = 0; l < N; ++l)
        mx = std::max(mx, double(acc[5][l]));
    for (; i < n; ++i) { // the tail, in double
        const double xd = x[i], y = double(scalar(i)), e = y - xd;
        out[0] += xd * xd;
        out[1] += e * e;
        out[2] += xd * y;
        out[3] += y * y;
        out[4] += e;
        mx = std::max(mx, std::fabs(e));
    }
    out[5] = mx;
}

/// Quantizes a block with \p lanes (vectors) and \p scalar (the tail) and sums as BlockErrorSums does,
/// in one pass; false when the block holds a NaN or an infinity.
template <class D, class Lanes, class Scalar>
bool QuantizedBlockSums(D d, const float* x, int64_t n, Lanes lanes, Scalar scalar, double* out)
{
    const int64_t N = int64_t(hn::Lanes(d));
    int64_t i = 0;
    for (; i + N <= n; i += N)
        if (!hn::AllTrue(d, hn::IsFinite(hn::LoadU(d, x + i))))
            return false;
    for (; i < n; ++i)
        if ((std::bit_cast<uint32_t>(x[i]) & 0x7F800000u) == 0x7F800000u)
            return false;
    SumPairs(d, x, n, [&](int64_t, auto xv) { return lanes(xv); }, [&](int64_t j) { return scalar(x[j]); }, out);
    return true;
}

bool IntBlockErrorSums(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, double* out)
{
    const hn::ScalableTag<float> d;
    return QuantizedBlockSums(
        d, x, n, [&](auto xv) { return IntLanes(d, xv, inv, scale, lo, hi, symmetric); },
        [&](float xs) { return IntScalar(xs, inv, scale, lo, hi, symmetric); }, out);
}

bool MiniBlockErrorSums(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, double* out)
{
    const hn::ScalableTag<float> d;
    const auto vscale = hn::Set(d, scale);
    return QuantizedBlockSums(
        d, x, n, [&](auto xv) { return scaled ? hn::Mul(MiniLanes(d, hn::Div(xv, vscale), f), vscale) : MiniLanes(d, xv, f); },
        [&](float xs) { return scaled ? MiniScalar(xs / scale, f) * scale : MiniScalar(xs, f); }, out);
}

bool Nf4BlockErrorSums(const float* x, int64_t n, float scale, const float* levels, double* out)
{
    const hn::ScalableTag<float> d;
    float mid[15];
    Nf4Midpoints(levels, mid);
    return QuantizedBlockSums(
        d, x, n, [&](auto xv) { return Nf4Lanes(d, xv, scale, levels, mid); }, [&](float xs) { return Nf4Scalar(xs, scale, levels, mid); }, out);
}

void BlockErrorSums(const float* w, const float* q, int64_t n, double* out)
{
    const hn::ScalableTag<float> d;
    SumPairs(d, w, n, [&](int64_t i, auto) { return hn::LoadU(d, q + i); }, [&](int64_t i) { return q[i]; }, out);
}

} // namespace ql::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ql::simd {
HWY_EXPORT(FiniteMinMax);
HWY_EXPORT(BlockErrorSums);
HWY_EXPORT(QuantizeInt);
HWY_EXPORT(QuantizeNf4);
HWY_EXPORT(RoundMiniFloat);
HWY_EXPORT(RoundBf16);
HWY_EXPORT(IntBlockErrorSums);
HWY_EXPORT(MiniBlockErrorSums);
HWY_EXPORT(Nf4BlockErrorSums);

bool nf4BlockErrorSums(const float* x, int64_t n, float scale, const float* levels16, double out[6])
{
    return HWY_DYNAMIC_DISPATCH(Nf4BlockErrorSums)(x, n, scale, levels16, out);
}

bool miniBlockErrorSums(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, double out[6])
{
    return HWY_DYNAMIC_DISPATCH(MiniBlockErrorSums)(x, n, f, scaled, scale, out);
}

bool intBlockErrorSums(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, double out[6])
{
    return HWY_DYNAMIC_DISPATCH(IntBlockErrorSums)(x, n, inv, scale, lo, hi, symmetric, out);
}

void roundBf16(const float* x, int64_t n, float* out) { HWY_DYNAMIC_DISPATCH(RoundBf16)(x, n, out); }

void roundMiniFloat(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, float* out)
{
    HWY_DYNAMIC_DISPATCH(RoundMiniFloat)(x, n, f, scaled, scale, out);
}

void quantizeNf4(const float* x, int64_t n, float scale, const float* levels16, float* out)
{
    HWY_DYNAMIC_DISPATCH(QuantizeNf4)(x, n, scale, levels16, out);
}

void quantizeInt(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, float* out)
{
    HWY_DYNAMIC_DISPATCH(QuantizeInt)(x, n, inv, scale, lo, hi, symmetric, out);
}

void blockErrorSums(const float* w, const float* q, int64_t n, double out[6]) { HWY_DYNAMIC_DISPATCH(BlockErrorSums)(w, q, n, out); }

void finiteMinMax(const float* x, int64_t n, float& mn, float& mx) { HWY_DYNAMIC_DISPATCH(FiniteMinMax)(x, n, &mn, &mx); }
} // namespace ql::simd
#endif

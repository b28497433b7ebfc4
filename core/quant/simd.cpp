// Highway compiles this file once per instruction set (foreach_target) and picks the best at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/quant/simd.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include "core/quant/simd-inl.h"

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
    v = RoundEven(v);
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

/// The same in lanes; with \p finiteOnly (inputs without NaN: the fused sums) the NaN case is skipped.
template <class D, class V>
V MiniLanes(D d, V v, const MiniRound& f, bool finiteOnly = false)
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
    return finiteOnly ? q : hn::IfThenElse(hn::IsNaN(a), v, q); // NaN stays NaN
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

/// A float vector's lane sums widened to double as LaneSums keeps them: lane l + N/2 added to lane l
/// in float, the N/2 results in double (one lane as it is on the scalar target).
#if HWY_TARGET == HWY_SCALAR
template <class D>
using WideTag = hn::Rebind<double, D>;
template <class D, class V>
HWY_INLINE hn::Vec<WideTag<D>> Widen(D, V v)
{
    return hn::PromoteTo(WideTag<D>(), v);
}
#else
template <class D>
using WideTag = hn::Rebind<double, hn::Half<D>>;
template <class D, class V>
HWY_INLINE hn::Vec<WideTag<D>> Widen(D, V v)
{
    const hn::Half<D> dh;
    return hn::PromoteTo(WideTag<D>(), hn::Add(hn::LowerHalf(dh, v), hn::UpperHalf(dh, v)));
}
#endif

/// The float lane sums of one block (see LaneSums).
template <class D>
struct BlockLanes {
    hn::Vec<D> w2, e2, wq, q2, e, max;
    explicit BlockLanes(D d)
        : w2(hn::Zero(d))
        , e2(hn::Zero(d))
        , wq(hn::Zero(d))
        , q2(hn::Zero(d))
        , e(hn::Zero(d))
        , max(hn::Zero(d))
    {
    }
    HWY_INLINE void Add(hn::Vec<D> xv, hn::Vec<D> y)
    {
        const auto err = hn::Sub(y, xv);
        w2 = hn::MulAdd(xv, xv, w2);
        e2 = hn::MulAdd(err, err, e2);
        wq = hn::MulAdd(xv, y, wq);
        q2 = hn::MulAdd(y, y, q2);
        e = hn::Add(e, err);
        max = hn::Max(max, hn::Abs(err));
    }
    /// Whether every value and code of the block is below 2^58 in magnitude (Σw² and Σq² of each lane
    /// below 2^116; false also for a NaN or an infinity): LaneSums' float sums cannot overflow then.
    HWY_INLINE bool Safe(D d) const
    {
        const auto limit = hn::Set(d, 8.3076749e34f); // 2^116
        return hn::AllTrue(d, hn::And(hn::Lt(w2, limit), hn::Lt(q2, limit)));
    }
};

/// LaneSums' pending and double accumulators, held in registers across many blocks (load, Commit
/// each block, Store): the one implementation of how block sums are added.
template <class D>
struct LaneRegisters {
    using DD = WideTag<D>;
    hn::Vec<DD> sum[5];
    hn::Vec<D> pending[5];
    hn::Vec<D> max;
    int pendingValues;
    bool sumsLoaded = false; // the double accumulators are read at the first widening only
    LaneSums& acc;
    LaneRegisters(D d, LaneSums& a)
        : pendingValues(a.pendingValues)
        , acc(a)
    {
        for (int k = 0; k < 5; ++k)
            pending[k] = hn::LoadU(d, a.pending[k]);
        max = hn::LoadU(d, a.laneMax);
    }
    /// Adds a block's lane sums (\p m values) to the pending sums, widening them to the double
    /// accumulators once they hold LaneSums::kFlushValues values.
    HWY_INLINE void Commit(const BlockLanes<D>& b, int64_t m)
    {
        pending[0] = hn::Add(pending[0], b.w2);
        pending[1] = hn::Add(pending[1], b.e2);
        pending[2] = hn::Add(pending[2], b.wq);
        pending[3] = hn::Add(pending[3], b.q2);
        pending[4] = hn::Add(pending[4], b.e);
        max = hn::Max(max, b.max);
        pendingValues += int(m);
        if (pendingValues >= LaneSums::kFlushValues) {
            if (!sumsLoaded) {
                for (int k = 0; k < 5; ++k)
                    sum[k] = hn::LoadU(DD(), acc.lane[k]);
                sumsLoaded = true;
            }
            for (int k = 0; k < 5; ++k) {
                sum[k] = hn::Add(sum[k], Widen(D(), pending[k]));
                pending[k] = hn::Zero(D());
            }
            pendingValues = 0;
        }
    }
    void Store(D d)
    {
        const DD dd;
        for (int k = 0; k < 5; ++k) {
            if (sumsLoaded)
                hn::StoreU(sum[k], dd, acc.lane[k]);
            hn::StoreU(pending[k], d, acc.pending[k]);
        }
        hn::StoreU(max, d, acc.laneMax);
        acc.pendingValues = pendingValues;
        acc.lanes = int(hn::Lanes(d));
    }
};

/// Adds one block's lane sums (\p m values) to \p acc.
template <class D>
HWY_INLINE void CommitBlock(D d, const BlockLanes<D>& b, int64_t m, LaneSums& acc)
{
    LaneRegisters<D> r(d, acc);
    r.Commit(b, m);
    r.Store(d);
}

/// Adds one pair to the sums taken one value at a time (block tails), in double.
inline void AddRest(double xd, double y, LaneSums& acc)
{
    const double e = y - xd;
    acc.rest[0] += xd * xd;
    acc.rest[1] += e * e;
    acc.rest[2] += xd * y;
    acc.rest[3] += y * y;
    acc.rest[4] += e;
    acc.restMax = std::max(acc.restMax, std::fabs(e));
}

inline bool IsFiniteScalar(float v) { return (std::bit_cast<uint32_t>(v) & 0x7F800000u) != 0x7F800000u; }

/// Quantizes a block with \p lanes (vectors) and \p scalar (the tail) and adds its sums as
/// BlockErrorSums does, in one pass; false (nothing added) when the block holds a NaN or an infinity
/// — or values so large that Σw² overflows, which the caller's general path then adds.
template <class D, class Lanes, class Scalar>
bool QuantizedBlockSums(D d, const float* x, int64_t n, Lanes lanes, Scalar scalar, LaneSums& acc)
{
    const int64_t N = int64_t(hn::Lanes(d));
    BlockLanes<D> b(d);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto xv = hn::LoadU(d, x + i);
        b.Add(xv, lanes(xv));
    }
    if (!b.Safe(d))
        return false;
    for (int64_t j = i; j < n; ++j)
        if (!IsFiniteScalar(x[j]))
            return false;
    CommitBlock(d, b, i, acc);
    for (; i < n; ++i)
        AddRest(x[i], double(scalar(x[i])), acc);
    return true;
}

bool IntBlockErrorSums(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    return QuantizedBlockSums(
        d, x, n, [&](auto xv) { return IntLanes(d, xv, inv, scale, lo, hi, symmetric); },
        [&](float xs) { return IntScalar(xs, inv, scale, lo, hi, symmetric); }, *acc);
}

/// BF16 rounding of finite values (as RoundBf16 without its NaN case), in lanes / one value.
template <class D, class V>
HWY_INLINE V Bf16LanesFinite(D d, V xv)
{
    const hn::RebindToUnsigned<D> du;
    const auto b = hn::BitCast(du, xv);
    const auto rounded = hn::And(hn::Add(b, hn::Add(hn::Set(du, 0x7FFFu), hn::And(hn::ShiftRight<16>(b), hn::Set(du, 1u)))), hn::Set(du, 0xFFFF0000u));
    return hn::BitCast(d, rounded);
}

inline float Bf16Finite(float x)
{
    const uint32_t b = std::bit_cast<uint32_t>(x);
    return std::bit_cast<float>((b + 0x7FFFu + ((b >> 16) & 1u)) & 0xFFFF0000u);
}

bool Bf16BlockErrorSums(const float* x, int64_t n, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    return QuantizedBlockSums(d, x, n, [&](auto xv) { return Bf16LanesFinite(d, xv); }, [&](float xs) { return Bf16Finite(xs); }, *acc);
}

bool MiniBlockErrorSums(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    const auto vscale = hn::Set(d, scale);
    return QuantizedBlockSums(
        d, x, n, [&](auto xv) { return scaled ? hn::Mul(MiniLanes(d, hn::Div(xv, vscale), f, true), vscale) : MiniLanes(d, xv, f, true); },
        [&](float xs) { return scaled ? MiniScalar(xs / scale, f) * scale : MiniScalar(xs, f); }, *acc);
}

bool Nf4BlockErrorSums(const float* x, int64_t n, float scale, const float* levels, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    float mid[15];
    Nf4Midpoints(levels, mid);
    return QuantizedBlockSums(
        d, x, n, [&](auto xv) { return Nf4Lanes(d, xv, scale, levels, mid); }, [&](float xs) { return Nf4Scalar(xs, scale, levels, mid); }, *acc);
}

bool BlockErrorSums(const float* w, const float* q, int64_t n, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    const int64_t N = int64_t(hn::Lanes(d));
    BlockLanes<hn::ScalableTag<float>> b(d);
    int64_t i = 0;
    for (; i + N <= n; i += N)
        b.Add(hn::LoadU(d, w + i), hn::LoadU(d, q + i));
    if (!b.Safe(d))
        return false;
    CommitBlock(d, b, i, *acc);
    for (; i < n; ++i)
        AddRest(w[i], q[i], *acc);
    return true;
}

void GroupRanges(const float* x, int64_t groups, int64_t groupCols, bool absOnly, float* mn, float* mx, uint8_t* finite)
{
    const hn::ScalableTag<float> d;
    const int64_t N = int64_t(hn::Lanes(d));
    const auto zero = hn::Zero(d);
    for (int64_t g = 0; g < groups; ++g) {
        const float* xg = x + g * groupCols;
        auto vmn = hn::Set(d, std::numeric_limits<float>::infinity()), vmx = hn::Neg(vmn);
        auto probe = zero; // x·0 summed: NaN as soon as one x is a NaN or an infinity
        int64_t i = 0;
        if (absOnly) {
            for (; i + N <= groupCols; i += N) {
                const auto xv = hn::LoadU(d, xg + i);
                vmx = hn::Max(vmx, hn::Abs(xv));
                probe = hn::MulAdd(xv, zero, probe);
            }
        } else {
            for (; i + N <= groupCols; i += N) {
                const auto xv = hn::LoadU(d, xg + i);
                vmn = hn::Min(vmn, xv);
                vmx = hn::Max(vmx, xv);
                probe = hn::MulAdd(xv, zero, probe);
            }
        }
        float hi = hn::GetLane(hn::MaxOfLanes(d, vmx));
        float lo = absOnly ? -hi : hn::GetLane(hn::MinOfLanes(d, vmn));
        bool ok = hn::AllFalse(d, hn::IsNaN(probe));
        for (; i < groupCols; ++i) {
            const float v = xg[i];
            ok = ok && IsFiniteScalar(v);
            const float a = std::fabs(v);
            lo = absOnly ? (-a < lo ? -a : lo) : (v < lo ? v : lo);
            hi = absOnly ? (a > hi ? a : hi) : (v > hi ? v : hi);
        }
        mn[g] = lo;
        mx[g] = hi;
        // Past 2^58 the float sums of a block could overflow: such groups take the general path.
        finite[g] = ok && std::max(-lo, hi) < 2.8823038e17f ? 1 : 0;
    }
}

void IntRangeScales(const float* mn, const float* mx, int64_t groups, const IntScaleRule& rule, float* scale, float* inv, float* zero,
    float* lo, float* hi)
{
    const hn::ScalableTag<float> d;
    const hn::RebindToUnsigned<decltype(d)> du;
    const hn::RebindToSigned<decltype(d)> di;
    const int64_t N = int64_t(hn::Lanes(d));
    const float qmax = float((1 << (rule.bits - 1)) - 1), levels = float((1 << rule.bits) - 1);
    const auto vzero = hn::Zero(d), one = hn::Set(d, 1.0f), vlevels = hn::Set(d, levels);
    const auto symLo = hn::Set(d, -float(1 << (rule.bits - 1))), symHi = hn::Set(d, qmax);
    HWY_ALIGN float tmn[HWY_MAX_BYTES / sizeof(float)], tmx[HWY_MAX_BYTES / sizeof(float)];
    for (int64_t g = 0; g < groups; g += N) {
        const int64_t n = std::min(N, groups - g);
        for (int64_t l = 0; l < N; ++l) {
            tmn[l] = l < n ? mn[g + l] : 0.0f;
            tmx[l] = l < n ? mx[g + l] : 0.0f;
        }
        const auto vmn = hn::Load(d, tmn), vmx = hn::Load(d, tmx);
        // minMaxRange: std::min(mn, 0) and std::max(mx, 0), zeros' signs included
        const auto rlo = hn::IfThenElse(hn::Lt(vzero, vmn), vzero, vmn);
        const auto rhi = hn::IfThenElse(hn::Lt(vmx, vzero), vzero, vmx);
        auto vscale = vzero, vz = vzero;
        if (rule.symmetric) {
            const auto absmax = hn::IfThenElse(hn::Lt(hn::Neg(rlo), rhi), rhi, hn::Neg(rlo));
            vscale = hn::Div(absmax, symHi);
        } else {
            vscale = hn::Div(hn::Sub(rhi, rlo), vlevels);
            // zero = clamp(nearbyint(−lo / scale), 0, levels) where scale > 0
            auto z = RoundEven(hn::Div(hn::Neg(rlo), vscale));
            z = hn::IfThenElse(hn::Lt(z, vzero), vzero, hn::IfThenElse(hn::Lt(vlevels, z), vlevels, z));
            vz = hn::IfThenElseZero(hn::Gt(vscale, vzero), z);
        }
        if (rule.fp16Scale) {
            // roundToHalf: to 10 mantissa bits, ties to even (the carry may reach the exponent); past
            // 65504 infinity; below 2^-14 to multiples of 2^-24. (A NaN cannot occur here.)
            const auto bits = hn::BitCast(du, vscale);
            const auto a = hn::And(bits, hn::Set(du, 0x7FFFFFFFu));
            auto normal = hn::And(hn::Add(a, hn::Add(hn::Set(du, 0xFFFu), hn::And(hn::ShiftRight<13>(a), hn::Set(du, 1u)))),
                hn::Set(du, 0xFFFFE000u));
            const auto over = hn::RebindMask(du, hn::Gt(hn::BitCast(di, normal), hn::Set(di, 0x477FFFFF)));
            normal = hn::IfThenElse(over, hn::Set(du, 0x7F800000u), normal);
            const auto af = hn::BitCast(d, a);
            const auto big = hn::Set(d, 0.75f); // 2^-24 · 1.5 · 2^23: its unit in the last place is 2^-24
            const auto sub = hn::Sub(hn::Add(af, big), big);
            const auto isSub = hn::RebindMask(d, hn::Lt(hn::BitCast(di, a), hn::Set(di, 0x38800000)));
            const auto mag = hn::IfThenElse(isSub, sub, hn::BitCast(d, normal));
            vscale = hn::CopySign(mag, vscale);
        }
        vscale = hn::IfThenElseZero(hn::IsFinite(vscale), vscale);
        const auto vinv = hn::IfThenElseZero(hn::Ne(vscale, vzero), hn::Div(one, vscale));
        HWY_ALIGN float out[5][HWY_MAX_BYTES / sizeof(float)];
        hn::Store(vscale, d, out[0]);
        hn::Store(vinv, d, out[1]);
        hn::Store(vz, d, out[2]);
        hn::Store(rule.symmetric ? symLo : hn::Neg(vz), d, out[3]);
        hn::Store(rule.symmetric ? symHi : hn::Sub(vlevels, vz), d, out[4]);
        for (int64_t l = 0; l < n; ++l) {
            scale[g + l] = out[0][l];
            inv[g + l] = out[1][l];
            zero[g + l] = out[2][l];
            lo[g + l] = out[3][l];
            hi[g + l] = out[4][l];
        }
    }
}

/// IntLanes for finite values: the clamp by Min and Max (the same codes: with no NaN the two differ
/// at most in the sign of a zero, which the zero-point's addition removes and no sum can see).
template <class D, class V>
HWY_INLINE V IntLanesFinite(D d, V xv, V inv, V scale, V lo, V hi, bool symmetric)
{
    V v = RoundEven(hn::Min(hn::Max(hn::Mul(xv, inv), lo), hi));
    if (!symmetric)
        v = hn::Add(v, hn::Zero(d));
    return hn::Mul(v, scale);
}


/// The error sums of consecutive groups of finite values, group g with scale[g] (0: every value
/// quantizes to 0), its values through \p lanes(x-vector, scale-vector) — exactly as the block-wise
/// path adds them (blocks of 256 within a group). False (nothing added) when a group's length is not a
/// multiple of the vector width. \p next as in IntGroupsErrorSums.
template <class D, class LanesOf>
bool GroupsSums(D d, const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* next, LanesOf lanesOf, LaneSums& acc)
{
    const int64_t N = int64_t(hn::Lanes(d));
    if (groupCols % N != 0)
        return false;
    constexpr int64_t kBlock = 256; // as the materialising path's blocks
    LaneRegisters<D> sums(d, acc);
    for (int64_t g = 0; g < groups; ++g) {
        const float* xg = x + g * groupCols;
        const bool zeroGroup = scale[g] == 0;
        const auto lanes = lanesOf(g);
        for (int64_t b0 = 0; b0 < groupCols; b0 += kBlock) {
            const int64_t end = std::min(groupCols, b0 + kBlock);
            BlockLanes<D> b(d);
            for (int64_t i = b0; i < end; i += N) {
                if (next)
                    hwy::Prefetch(next + g * groupCols + i);
                const auto xv = hn::LoadU(d, xg + i);
                b.Add(xv, zeroGroup ? hn::Zero(d) : lanes(xv));
            }
            sums.Commit(b, end - b0);
        }
    }
    sums.Store(d);
    return true;
}

/// GroupsSums for formats whose lanes need only the group's scale: \p lanes(x-vector, scale-vector).
template <class D, class Lanes>
bool ScaledGroupsSums(D d, const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* next, Lanes lanes, LaneSums& acc)
{
    return GroupsSums(
        d, x, groups, groupCols, scale, next,
        [&](int64_t g) {
            const auto vscale = hn::Set(d, scale[g]);
            return [&lanes, vscale](auto xv) { return lanes(xv, vscale); };
        },
        acc);
}

bool MiniGroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const MiniRound& f, bool powersOfTwo,
    const float* next, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    if (powersOfTwo) // x / 2^k and x · 2^−k are the same rounded value (2^−k is a float for every E8M0 scale)
        return ScaledGroupsSums(
            d, x, groups, groupCols, scale, next,
            [&](auto xv, auto vscale) { return hn::Mul(MiniLanes(d, hn::Mul(xv, hn::Div(hn::Set(d, 1.0f), vscale)), f, true), vscale); }, *acc);
    return ScaledGroupsSums(
        d, x, groups, groupCols, scale, next, [&](auto xv, auto vscale) { return hn::Mul(MiniLanes(d, hn::Div(xv, vscale), f, true), vscale); }, *acc);
}

bool Nf4GroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* levels, const float* next, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    HWY_ALIGN float mid[16];
    Nf4Midpoints(levels, mid);
    mid[15] = std::numeric_limits<float>::infinity(); // never probed
    if constexpr (hn::MaxLanes(d) == 16) {
        // Sixteen lanes hold the whole table: the code (how many midpoints v exceeds — they ascend)
        // by a four-step binary search of lane lookups, then the level by one more lookup.
        const hn::RebindToSigned<decltype(d)> di;
        const auto midv = hn::Load(d, mid), levelv = hn::LoadU(d, levels);
        return ScaledGroupsSums(
            d, x, groups, groupCols, scale, next,
            [&](auto xv, auto vscale) {
                const auto v = hn::Div(xv, vscale);
                auto code = hn::Zero(di);
                for (int step = 8; step >= 1; step /= 2) {
                    const auto probe = hn::TableLookupLanes(midv, hn::IndicesFromVec(d, hn::Add(code, hn::Set(di, step - 1))));
                    code = hn::Add(code, hn::IfThenElseZero(hn::RebindMask(di, hn::Gt(v, probe)), hn::Set(di, step)));
                }
                return hn::Mul(hn::TableLookupLanes(levelv, hn::IndicesFromVec(d, code)), vscale);
            },
            *acc);
    } else {
        return ScaledGroupsSums(
            d, x, groups, groupCols, scale, next,
            [&](auto xv, auto vscale) {
                const auto v = hn::Div(xv, vscale);
                auto level = hn::Set(d, levels[0]);
                for (int k = 0; k < 15; ++k)
                    level = hn::IfThenElse(hn::Gt(v, hn::Set(d, mid[k])), hn::Set(d, levels[k + 1]), level);
                return hn::Mul(level, vscale); // (no NaN: the values are finite and the scale is not 0)
            },
            *acc);
    }
}

bool IntGroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* inv, const float* lo, const float* hi,
    bool symmetric, const float* next, LaneSums* acc)
{
    const hn::ScalableTag<float> d;
    const auto lanesOf = [&](int64_t g) {
        const auto vinv = hn::Set(d, inv[g]), vscale = hn::Set(d, scale[g]), vlo = hn::Set(d, lo[g]), vhi = hn::Set(d, hi[g]);
        return [=](auto xv) { return IntLanesFinite(d, xv, vinv, vscale, vlo, vhi, symmetric); };
    };
    return GroupsSums(d, x, groups, groupCols, scale, next, lanesOf, *acc);
}

void SquaredErrorSum8(const float* x, const float* q, int64_t n, double* e)
{
    const hn::CappedTag<double, 8> dd;
    const hn::Rebind<float, decltype(dd)> df;
    const int64_t L = int64_t(hn::Lanes(dd)); // 8, 4, 2 or 1: divides 8
    const int64_t parts = 8 / L;
    hn::Vec<decltype(dd)> acc[8];
    for (int64_t k = 0; k < parts; ++k)
        acc[k] = hn::LoadU(dd, e + k * L);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int64_t k = 0; k < parts; ++k) {
            const auto xd = hn::PromoteTo(dd, hn::LoadU(df, x + i + k * L));
            const auto d = hn::Sub(hn::PromoteTo(dd, hn::LoadU(df, q + i + k * L)), xd);
            const auto d2 = hn::IfThenElseZero(hn::IsFinite(xd), hn::Mul(d, d));
            acc[k] = hn::Add(acc[k], d2);
        }
    for (int64_t k = 0; k < parts; ++k)
        hn::StoreU(acc[k], dd, e + k * L);
    for (; i < n; ++i) {
        const bool finite = IsFiniteScalar(x[i]);
        const double d = finite ? double(q[i]) - double(x[i]) : 0.0;
        e[i & 7] += d * d;
    }
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
HWY_EXPORT(Bf16BlockErrorSums);
HWY_EXPORT(MiniBlockErrorSums);
HWY_EXPORT(Nf4BlockErrorSums);
HWY_EXPORT(GroupRanges);
HWY_EXPORT(IntGroupsErrorSums);
HWY_EXPORT(IntRangeScales);
HWY_EXPORT(SquaredErrorSum8);
HWY_EXPORT(MiniGroupsErrorSums);
HWY_EXPORT(Nf4GroupsErrorSums);

bool nf4BlockErrorSums(const float* x, int64_t n, float scale, const float* levels16, LaneSums& acc)
{
    return HWY_DYNAMIC_DISPATCH(Nf4BlockErrorSums)(x, n, scale, levels16, &acc);
}

bool miniBlockErrorSums(const float* x, int64_t n, const MiniRound& f, bool scaled, float scale, LaneSums& acc)
{
    return HWY_DYNAMIC_DISPATCH(MiniBlockErrorSums)(x, n, f, scaled, scale, &acc);
}

bool bf16BlockErrorSums(const float* x, int64_t n, LaneSums& acc) { return HWY_DYNAMIC_DISPATCH(Bf16BlockErrorSums)(x, n, &acc); }

bool intBlockErrorSums(const float* x, int64_t n, float inv, float scale, float lo, float hi, bool symmetric, LaneSums& acc)
{
    return HWY_DYNAMIC_DISPATCH(IntBlockErrorSums)(x, n, inv, scale, lo, hi, symmetric, &acc);
}

void groupRanges(const float* x, int64_t groups, int64_t groupCols, bool absOnly, float* mn, float* mx, uint8_t* finite)
{
    HWY_DYNAMIC_DISPATCH(GroupRanges)(x, groups, groupCols, absOnly, mn, mx, finite);
}

bool intGroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* inv, const float* lo,
    const float* hi, bool symmetric, const float* next, LaneSums& acc)
{
    return HWY_DYNAMIC_DISPATCH(IntGroupsErrorSums)(x, groups, groupCols, scale, inv, lo, hi, symmetric, next, &acc);
}

bool miniGroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const MiniRound& f, bool powersOfTwo,
    const float* next, LaneSums& acc)
{
    return HWY_DYNAMIC_DISPATCH(MiniGroupsErrorSums)(x, groups, groupCols, scale, f, powersOfTwo, next, &acc);
}

bool nf4GroupsErrorSums(const float* x, int64_t groups, int64_t groupCols, const float* scale, const float* levels16, const float* next, LaneSums& acc)
{
    return HWY_DYNAMIC_DISPATCH(Nf4GroupsErrorSums)(x, groups, groupCols, scale, levels16, next, &acc);
}

void intRangeScales(const float* mn, const float* mx, int64_t groups, const IntScaleRule& rule, float* scale, float* inv, float* zero,
    float* lo, float* hi)
{
    HWY_DYNAMIC_DISPATCH(IntRangeScales)(mn, mx, groups, rule, scale, inv, zero, lo, hi);
}

void squaredErrorSum8(const float* x, const float* q, int64_t n, double e[8]) { HWY_DYNAMIC_DISPATCH(SquaredErrorSum8)(x, q, n, e); }

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

bool blockErrorSums(const float* w, const float* q, int64_t n, LaneSums& acc) { return HWY_DYNAMIC_DISPATCH(BlockErrorSums)(w, q, n, &acc); }

void finiteMinMax(const float* x, int64_t n, float& mn, float& mx) { HWY_DYNAMIC_DISPATCH(FiniteMinMax)(x, n, &mn, &mx); }
} // namespace ql::simd
#endif

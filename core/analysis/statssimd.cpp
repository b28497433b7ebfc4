// Highway compiles this file once per instruction set (foreach_target) and picks the best at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/analysis/statssimd.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/highway.h>

#include "core/analysis/statssimd.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

HWY_BEFORE_NAMESPACE();
namespace ql::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

inline bool finiteBits(float v)
{
    return (std::bit_cast<uint32_t>(v) & 0x7F800000u) != 0x7F800000u;
}

void ScanChunk(const float* HWY_RESTRICT x, int64_t n, ChunkScan* out)
{
    const hn::ScalableTag<float> df;
    const hn::Half<decltype(df)> dh;
    const hn::Repartition<double, decltype(df)> dd;
    const int64_t N = int64_t(hn::Lanes(df));
    const auto inf = hn::Set(df, std::numeric_limits<float>::infinity()), ninf = hn::Neg(inf);
    const auto zero = hn::Zero(df);
    auto mn = inf, mx = ninf, mnz = inf;
    auto s0 = hn::Zero(dd), s1 = hn::Zero(dd);
    int64_t nonFinite = 0, zeros = 0;
    int64_t i = 0;
#if HWY_TARGET != HWY_SCALAR
    for (; i + N <= n; i += N) {
        const auto v = hn::LoadU(df, x + i);
        const auto finite = hn::IsFinite(v);
        nonFinite += int64_t(N) - int64_t(hn::CountTrue(df, finite));
        const auto a = hn::Abs(v);
        zeros += int64_t(hn::CountTrue(df, hn::Eq(v, zero)));
        mn = hn::Min(mn, hn::IfThenElse(finite, v, inf));
        mx = hn::Max(mx, hn::IfThenElse(finite, v, ninf));
        mnz = hn::Min(mnz, hn::IfThenElse(hn::And(finite, hn::Gt(a, zero)), a, inf));
        const auto vz = hn::IfThenElseZero(finite, v);
        s0 = hn::Add(s0, hn::PromoteTo(dd, hn::LowerHalf(dh, vz)));
        s1 = hn::Add(s1, hn::PromoteTo(dd, hn::UpperHalf(dh, vz)));
    }
#else
    (void)dh, (void)N, (void)zero;
#endif
    ChunkScan r;
    r.min = hn::GetLane(hn::MinOfLanes(df, mn));
    r.max = hn::GetLane(hn::MaxOfLanes(df, mx));
    r.minNonzeroAbs = hn::GetLane(hn::MinOfLanes(df, mnz));
    double sum = hn::GetLane(hn::SumOfLanes(dd, hn::Add(s0, s1)));
    for (; i < n; ++i) {
        const float v = x[i];
        if (!finiteBits(v)) {
            ++nonFinite;
            continue;
        }
        const float a = std::fabs(v);
        zeros += a == 0.0f;
        r.min = v < r.min ? v : r.min;
        r.max = v > r.max ? v : r.max;
        r.minNonzeroAbs = (a > 0.0f && a < r.minNonzeroAbs) ? a : r.minNonzeroAbs;
        sum += double(v);
    }
    r.nonFinite = nonFinite;
    r.zeros = zeros;
    r.sum = sum;
    *out = r;
}

void CentralSums(const float* HWY_RESTRICT x, int64_t n, double mean, double* sums)
{
    const hn::ScalableTag<float> df;
    const hn::Half<decltype(df)> dh;
    const hn::Repartition<double, decltype(df)> dd;
    const int64_t N = int64_t(hn::Lanes(df));
    const auto m = hn::Set(dd, mean);
    auto a2 = hn::Zero(dd), b2 = a2, a3 = a2, b3 = a2, a4 = a2, b4 = a2;
    int64_t i = 0;
#if HWY_TARGET != HWY_SCALAR
    for (; i + N <= n; i += N) {
        const auto v = hn::LoadU(df, x + i);
        const auto d0 = hn::Sub(hn::PromoteTo(dd, hn::LowerHalf(dh, v)), m);
        const auto d1 = hn::Sub(hn::PromoteTo(dd, hn::UpperHalf(dh, v)), m);
        const auto e0 = hn::Mul(d0, d0), e1 = hn::Mul(d1, d1);
        a2 = hn::Add(a2, e0);
        b2 = hn::Add(b2, e1);
        a3 = hn::Add(a3, hn::Mul(e0, d0));
        b3 = hn::Add(b3, hn::Mul(e1, d1));
        a4 = hn::Add(a4, hn::Mul(e0, e0));
        b4 = hn::Add(b4, hn::Mul(e1, e1));
    }
#else
    (void)dh, (void)N, (void)m;
#endif
    double s2 = hn::GetLane(hn::SumOfLanes(dd, hn::Add(a2, b2)));
    double s3 = hn::GetLane(hn::SumOfLanes(dd, hn::Add(a3, b3)));
    double s4 = hn::GetLane(hn::SumOfLanes(dd, hn::Add(a4, b4)));
    for (; i < n; ++i) {
        const double d = double(x[i]) - mean, d2 = d * d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
    }
    sums[0] = s2;
    sums[1] = s3;
    sums[2] = s4;
}

template <class D, class V> HWY_INLINE void RangeLanes(D d, V v, V& mn, V& mx, V& ab)
{
    const auto finite = hn::IsFinite(v);
    const auto inf = hn::Set(d, std::numeric_limits<float>::infinity());
    mn = hn::Min(mn, hn::IfThenElse(finite, v, inf));
    mx = hn::Max(mx, hn::IfThenElse(finite, v, hn::Neg(inf)));
    ab = hn::Max(ab, hn::IfThenElseZero(finite, hn::Abs(v)));
}

inline void RangeScalar(float v, float& mn, float& mx, float& ab)
{
    if (!finiteBits(v))
        return;
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
    ab = std::fabs(v) > ab ? std::fabs(v) : ab;
}

void FiniteRange(const float* HWY_RESTRICT x, int64_t n, float* mnOut, float* mxOut, float* abOut)
{
    const hn::ScalableTag<float> df;
    const int64_t N = int64_t(hn::Lanes(df));
    auto mn = hn::Set(df, *mnOut), mx = hn::Set(df, *mxOut), ab = hn::Set(df, *abOut);
    int64_t i = 0;
    for (; i + N <= n; i += N)
        RangeLanes(df, hn::LoadU(df, x + i), mn, mx, ab);
    float a = hn::GetLane(hn::MinOfLanes(df, mn)), b = hn::GetLane(hn::MaxOfLanes(df, mx)),
          c = hn::GetLane(hn::MaxOfLanes(df, ab));
    for (; i < n; ++i)
        RangeScalar(x[i], a, b, c);
    *mnOut = a;
    *mxOut = b;
    *abOut = c;
}

void FiniteRangeBf16(const uint16_t* HWY_RESTRICT x, int64_t n, float* mnOut, float* mxOut, float* abOut)
{
    const hn::ScalableTag<float> df;
    const hn::RebindToUnsigned<decltype(df)> du;
    const hn::Rebind<uint16_t, decltype(du)> d16;
    const int64_t N = int64_t(hn::Lanes(df));
    auto mn = hn::Set(df, *mnOut), mx = hn::Set(df, *mxOut), ab = hn::Set(df, *abOut);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto bits = hn::ShiftLeft<16>(hn::PromoteTo(du, hn::LoadU(d16, x + i)));
        RangeLanes(df, hn::BitCast(df, bits), mn, mx, ab);
    }
    float a = hn::GetLane(hn::MinOfLanes(df, mn)), b = hn::GetLane(hn::MaxOfLanes(df, mx)),
          c = hn::GetLane(hn::MaxOfLanes(df, ab));
    for (; i < n; ++i)
        RangeScalar(std::bit_cast<float>(uint32_t(x[i]) << 16), a, b, c);
    *mnOut = a;
    *mxOut = b;
    *abOut = c;
}

template <class D, class V> HWY_INLINE V KeyLanes(D du, V bits)
{
    const auto flip = hn::Or(
        hn::BitCast(du, hn::ShiftRight<31>(hn::BitCast(hn::RebindToSigned<D>(), bits))), hn::Set(du, 0x80000000u));
    return hn::ShiftRight<16>(hn::Xor(bits, flip));
}

inline uint32_t KeyScalar(float v)
{
    const uint32_t b = std::bit_cast<uint32_t>(v);
    return (b ^ (uint32_t(int32_t(b) >> 31) | 0x80000000u)) >> 16;
}

void HistogramKeys(const float* HWY_RESTRICT x, int64_t n, uint32_t* HWY_RESTRICT hist)
{
    const hn::ScalableTag<uint32_t> du;
    const int64_t N = int64_t(hn::Lanes(du));
    // Keys are computed a block at a time in lanes, then counted one by one (a scatter-add has no
    // vector form that beats it when keys repeat).
    constexpr int64_t kBlock = 512;
    HWY_ALIGN uint32_t keys[kBlock];
    int64_t i = 0;
    for (; i + kBlock <= n; i += kBlock) {
        for (int64_t j = 0; j < kBlock; j += N)
            hn::Store(KeyLanes(du, hn::LoadU(du, reinterpret_cast<const uint32_t*>(x + i + j))), du, keys + j);
        for (int64_t j = 0; j < kBlock; j += 4) {
            ++hist[keys[j]];
            ++hist[keys[j + 1]];
            ++hist[keys[j + 2]];
            ++hist[keys[j + 3]];
        }
    }
    for (; i < n; ++i)
        ++hist[KeyScalar(x[i])];
}

int64_t MarkedPositions(
    const float* HWY_RESTRICT x, int64_t n, const uint32_t* HWY_RESTRICT bitmap, uint32_t* HWY_RESTRICT idx)
{
    const hn::ScalableTag<uint32_t> du;
    const hn::RebindToSigned<decltype(du)> di;
    const int64_t N = int64_t(hn::Lanes(du));
    const auto one = hn::Set(du, 1u), low5 = hn::Set(du, 31u);
    auto pos = hn::Iota(du, 0);
    const auto step = hn::Set(du, uint32_t(N));
    int64_t count = 0, i = 0;
    for (; i + N <= n; i += N) {
        const auto keys = KeyLanes(du, hn::LoadU(du, reinterpret_cast<const uint32_t*>(x + i)));
        const auto words = hn::GatherIndex(du, bitmap, hn::BitCast(di, hn::ShiftRight<5>(keys)));
        const auto marked = hn::Ne(hn::And(hn::Shr(words, hn::And(keys, low5)), one), hn::Zero(du));
        if (!hn::AllFalse(du, marked))
            count += int64_t(hn::CompressStore(pos, marked, du, idx + count));
        pos = hn::Add(pos, step);
    }
    for (; i < n; ++i) {
        const uint32_t k = KeyScalar(x[i]);
        if ((bitmap[k >> 5] >> (k & 31)) & 1u)
            idx[count++] = uint32_t(i);
    }
    return count;
}

} // namespace ql::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ql::simd {
HWY_EXPORT(ScanChunk);
HWY_EXPORT(CentralSums);
HWY_EXPORT(FiniteRange);
HWY_EXPORT(FiniteRangeBf16);
HWY_EXPORT(HistogramKeys);
HWY_EXPORT(MarkedPositions);

void histogramKeys(const float* x, int64_t n, uint32_t* hist)
{
    HWY_DYNAMIC_DISPATCH(HistogramKeys)(x, n, hist);
}

int64_t markedPositions(const float* x, int64_t n, const uint32_t* bitmap, uint32_t* idx)
{
    return HWY_DYNAMIC_DISPATCH(MarkedPositions)(x, n, bitmap, idx);
}

ChunkScan scanChunk(const float* x, int64_t n)
{
    ChunkScan r;
    HWY_DYNAMIC_DISPATCH(ScanChunk)(x, n, &r);
    return r;
}

void centralSums(const float* x, int64_t n, double mean, double sums[3])
{
    HWY_DYNAMIC_DISPATCH(CentralSums)(x, n, mean, sums);
}

void finiteRange(const float* x, int64_t n, float& mn, float& mx, float& absmax)
{
    HWY_DYNAMIC_DISPATCH(FiniteRange)(x, n, &mn, &mx, &absmax);
}

void finiteRangeBf16(const uint16_t* x, int64_t n, float& mn, float& mx, float& absmax)
{
    HWY_DYNAMIC_DISPATCH(FiniteRangeBf16)(x, n, &mn, &mx, &absmax);
}
} // namespace ql::simd
#endif

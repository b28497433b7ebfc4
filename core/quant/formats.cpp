#include "formats.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace ql {

const float kNf4Levels[16] = { -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f,
    0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
    0.7229568362236023f, 1.0f };

uint16_t floatToHalf(float f)
{
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint32_t sign = (x >> 16) & 0x8000u;
    const uint32_t absx = x & 0x7FFFFFFFu;
    if (absx >= 0x7F800000u) // Inf or NaN (NaN keeps a quiet payload bit)
        return uint16_t(sign | 0x7C00u | (absx > 0x7F800000u ? 0x200u | ((absx >> 13) & 0x3FFu) : 0u));
    if (absx >= 0x477FF000u) // rounds to beyond 65504
        return uint16_t(sign | 0x7C00u);
    if (absx < 0x38800000u) { // below the smallest normal half: subnormal or zero
        if (absx < 0x33000000u) // below half of the smallest subnormal (2^-25): zero
            return uint16_t(sign);
        const uint32_t e = absx >> 23;
        const uint32_t m = (absx & 0x7FFFFFu) | 0x800000u;
        const uint32_t shift = 126 - e; // 14 + (113 - e) - 1
        uint32_t h = m >> shift;
        const uint32_t rem = m & ((1u << shift) - 1);
        const uint32_t half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1u)))
            ++h;
        return uint16_t(sign | h);
    }
    uint32_t h = ((absx - 0x38000000u) >> 13);
    const uint32_t rem = absx & 0x1FFFu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u)))
        ++h;
    return uint16_t(sign | h);
}

float roundToHalf(float f)
{
    const uint16_t h = floatToHalf(f);
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
    if (e == 0x1F)
        return std::bit_cast<float>(sign | 0x7F800000u | (m << 13));
    if (e == 0)
        return std::bit_cast<float>(sign) + (sign ? -1.0f : 1.0f) * std::ldexp(float(m), -24);
    return std::bit_cast<float>(sign | ((e + 112u) << 23) | (m << 13));
}

float roundToBf16(float f)
{
    uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7FFFFFFFu) > 0x7F800000u)
        return std::bit_cast<float>((x | 0x00400000u) & 0xFFFF0000u);
    x += 0x7FFFu + ((x >> 16) & 1u);
    return std::bit_cast<float>(x & 0xFFFF0000u);
}

float roundMiniFloat(float x, const MiniFloat& f)
{
    if (std::isnan(x))
        return x;
    const float a = std::fabs(x);
    float q;
    if (std::isinf(a)) {
        q = f.saturates ? f.maxValue : a;
    } else if (a == 0.0f) {
        q = 0.0f;
    } else {
        int e;
        std::frexp(a, &e); // a = m * 2^e, m in [0.5, 1): floor(log2 a) = e - 1
        const int emin = 1 - f.bias;
        const int exponent = std::max(e - 1, emin);
        const float quantum = std::ldexp(1.0f, exponent - f.mbits);
        q = std::nearbyint(a / quantum) * quantum;
        if (q > f.maxValue) {
            // Past the largest finite value: saturate, or overflow once beyond max + half a step.
            const float step = std::ldexp(1.0f, int(std::ilogb(f.maxValue)) - f.mbits);
            q = f.saturates || a < f.maxValue + step / 2 ? f.maxValue : std::numeric_limits<float>::infinity();
        }
    }
    return std::signbit(x) ? -q : q;
}

const MiniFloat& miniFloatOf(QFormat f)
{
    switch (f) {
    case QFormat::FP8_E5M2: return kE5M2;
    case QFormat::MXFP8_E5M2: return kE5M2Saturating;
    case QFormat::MXFP6_E2M3: return kE2M3;
    case QFormat::MXFP6_E3M2: return kE3M2;
    case QFormat::FP4_E2M1:
    case QFormat::MXFP4:
    case QFormat::NVFP4: return kE2M1;
    default: return kE4M3;
    }
}

int nf4Code(float x)
{
    // Decision thresholds are the midpoints between neighbouring levels.
    int code = 0;
    for (int i = 0; i < 15; ++i)
        if (x > 0.5f * (kNf4Levels[i] + kNf4Levels[i + 1]))
            code = i + 1;
    return code;
}

} // namespace ql

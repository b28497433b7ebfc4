#pragma once
// Internal: the scalar reference kernels that quantize one scale group, shared by calibration and
// the quantizer. Not part of the public API.

#include "calibrate.h"
#include "formats.h"
#include "spec.h"

#include <algorithm>
#include <cmath>

namespace ql::detail {

/// \brief Scale (and zero-point) of a group from its clip range.
inline void scaleFromRange(const QuantSpec& s, const ClipRange& r, float& scale, float& zero)
{
    zero = 0;
    switch (s.format) {
    case QFormat::Int: {
        if (s.symmetric) {
            scale = r.absmax / float((1 << (s.bits - 1)) - 1);
        } else {
            const float levels = float((1 << s.bits) - 1);
            scale = (r.hi - r.lo) / levels;
            if (scale > 0)
                zero = std::clamp(std::nearbyint(-r.lo / scale), 0.0f, levels);
        }
        // Group scales are stored as FP16, as GPTQ/AWQ checkpoints do; the quantizer uses what is stored.
        if (s.granularity == Granularity::Group)
            scale = roundToHalf(scale);
        if (!std::isfinite(scale))
            scale = 0;
        return;
    }
    case QFormat::NF4: scale = r.absmax; return;
    case QFormat::MXFP4: {
        // OCP MX: shared exponent = floor(log2(max|x|)) − emax(E2M1) = … − 2, an E8M0 power of two.
        if (!(r.absmax > 0) || !std::isfinite(r.absmax)) {
            scale = 0;
            return;
        }
        int e;
        std::frexp(r.absmax, &e);
        scale = std::ldexp(1.0f, std::clamp(e - 1 - 2, -127, 127));
        return;
    }
    case QFormat::FP16:
    case QFormat::BF16: scale = 1; return;
    default:
        scale = s.granularity == Granularity::None ? 1.0f : r.absmax / miniFloatOf(s.format).maxValue;
        if (!std::isfinite(scale))
            scale = 0;
        return;
    }
}

/// \brief Dequantized value of one element (the scalar reference). \p index drives stochastic rounding.
inline float quantizeValue(const QuantSpec& s, float x, float scale, float zero, uint64_t index)
{
    switch (s.format) {
    case QFormat::Int: {
        if (scale == 0)
            return std::isfinite(x) ? 0.0f : x;
        // x·(1/s) as torch's fake_quantize computes it, so ties round the same way.
        const float inv = 1.0f / scale;
        const float r = roundInteger(x * inv, s.rounding, s.seed, index);
        if (s.symmetric) {
            const float qmax = float((1 << (s.bits - 1)) - 1), qmin = -qmax - 1;
            return std::clamp(r, qmin, qmax) * scale;
        }
        const float qmax = float((1 << s.bits) - 1);
        return (std::clamp(r + zero, 0.0f, qmax) - zero) * scale;
    }
    case QFormat::FP16: return roundToHalf(x);
    case QFormat::BF16: return roundToBf16(x);
    case QFormat::NF4:
        if (scale == 0)
            return std::isfinite(x) ? 0.0f : x;
        return std::isnan(x) ? x : kNf4Levels[nf4Code(x / scale)] * scale;
    default: {
        const MiniFloat& f = miniFloatOf(s.format);
        if (s.granularity == Granularity::None)
            return roundMiniFloat(x, f);
        if (scale == 0)
            return std::isfinite(x) ? 0.0f : x;
        return roundMiniFloat(x / scale, f) * scale;
    }
    }
}

} // namespace ql::detail

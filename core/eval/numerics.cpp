#include "numerics.h"

#include "core/io/dtype.h"
#include "core/io/ggmltypes.h"
#include "core/quant/formats.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ql {

Numerics Numerics::llamaCppHere()
{
    Numerics n;
    n.kind = Kind::LlamaCpp;
#if defined(__x86_64__)
    __builtin_cpu_init();
    n.simdFloats = __builtin_cpu_supports("avx512f") ? 16 : __builtin_cpu_supports("avx2") ? 8 : 4;
#else
    n.simdFloats = 4;
#endif
    return n;
}

Numerics::Kind numericsKind(const std::string& name)
{
    if (name == "float")
        return Numerics::Kind::Float;
    if (name == "llamacpp")
        return Numerics::Kind::LlamaCpp;
    throw Error(ErrorCode::BadSpec, {}, { name, "unknown numerics", "--numerics float or llamacpp." });
}

std::string numericsName(Numerics::Kind k) { return k == Numerics::Kind::LlamaCpp ? "llamacpp" : "float"; }

uint32_t ggmlVecDotType(uint32_t t)
{
    switch (t) {
    case ggml::F32: return ggml::F32;
    case ggml::F16: return ggml::F16;
    case ggml::BF16: return ggml::BF16;
    case ggml::Q4_1:
    case ggml::Q5_1: return ggml::Q8_1;
    case ggml::Q4_0:
    case ggml::Q5_0:
    case ggml::Q8_0:
    case ggml::IQ4_NL:
    case ggml::MXFP4:
    case ggml::NVFP4:
    case ggml::Q1_0:
    case ggml::Q2_0: return ggml::Q8_0;
    default: return ggml::Q8_K; // the k-quants, the i-quants but IQ4_NL, and the ternary types
    }
}

namespace {
    /// ggml's nearest_int: round to nearest, ties to even (for |v| < 2^22).
    int nearestInt(float v)
    {
        float f = v + 12582912.0f;
        int32_t i;
        std::memcpy(&i, &f, 4);
        return (i & 0x007FFFFF) - 0x00400000;
    }

    void roundQ8_0(float* x, int64_t n, float* correction)
    {
        for (int64_t b = 0; b + 32 <= n; b += 32) {
            float amax = 0;
            for (int i = 0; i < 32; ++i)
                amax = std::max(amax, std::fabs(x[b + i]));
            const float dExact = amax / 127.0f, d = roundToHalf(dExact);
            const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
            int sum = 0;
            for (int i = 0; i < 32; ++i) {
                const int q = std::clamp(int(std::nearbyint(x[b + i] * id)), -128, 127);
                sum += q;
                x[b + i] = float(q) * d;
            }
            if (correction)
                correction[b / 32] = roundToHalf(dExact * float(sum)) - d * float(sum);
        }
    }

    void roundQ8_K(float* x, int64_t n)
    {
        for (int64_t b = 0; b + 256 <= n; b += 256) {
            float amax = 0, max = 0;
            for (int i = 0; i < 256; ++i)
                if (std::fabs(x[b + i]) > amax) {
                    amax = std::fabs(x[b + i]);
                    max = x[b + i];
                }
            if (amax == 0.0f) {
                std::fill(x + b, x + b + 256, 0.0f);
                continue;
            }
            const float iscale = -127.0f / max, d = 1.0f / iscale;
            for (int i = 0; i < 256; ++i)
                x[b + i] = float(std::min(127, nearestInt(iscale * x[b + i]))) * d;
        }
    }
} // namespace

void roundActivations(uint32_t type, float* x, int64_t n)
{
    switch (type) {
    case ggml::F32: return;
    case ggml::F16:
        for (int64_t i = 0; i < n; ++i)
            x[i] = roundToHalf(x[i]);
        return;
    case ggml::BF16:
        for (int64_t i = 0; i < n; ++i)
            x[i] = roundToBf16(x[i]);
        return;
    case ggml::Q8_0: roundQ8_0(x, n, nullptr); return;
    case ggml::Q8_1: roundQ8_0(x, n, nullptr); return; // Q8_1's values are Q8_0's (its block sum: roundActivationsQ8_1)
    case ggml::Q8_K: roundQ8_K(x, n); return;
    default: throw Error(ErrorCode::Unsupported, {}, { "activations of ggml type " + std::to_string(type) });
    }
}

void roundActivationsQ8_1(float* x, int64_t n, float* correction) { roundQ8_0(x, n, correction); }

std::vector<float> ggmlBlockMins(uint32_t type, const uint8_t* blocks, int64_t rows, int64_t cols)
{
    const int blockBytes = type == ggml::Q4_1 ? 20 : type == ggml::Q5_1 ? 24 : 0;
    if (blockBytes == 0)
        throw Error(ErrorCode::Unsupported, {}, { "block minimums of ggml type " + std::to_string(type) });
    const int64_t nb = cols / 32;
    std::vector<float> m(size_t(rows * nb));
    for (int64_t i = 0; i < rows * nb; ++i) {
        uint16_t h; // the block: d (F16), m (F16), …
        std::memcpy(&h, blocks + i * blockBytes + 2, 2);
        m[size_t(i)] = halfToFloat(h);
    }
    return m;
}

} // namespace ql

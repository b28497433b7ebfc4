#include "dtype.h"

#include "ggmlblocks.h"
#include "ggmllowbit.h"

#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace ql {

namespace {
    struct TypeRow {
        DType type;
        const char* name;
        int blockElements;
        int blockBytes;
    };

    constexpr std::array<TypeRow, 46> kTypes { {
        { DType::F64, "F64", 1, 8 },
        { DType::F32, "F32", 1, 4 },
        { DType::F16, "F16", 1, 2 },
        { DType::BF16, "BF16", 1, 2 },
        { DType::F8_E4M3, "F8_E4M3", 1, 1 },
        { DType::F8_E5M2, "F8_E5M2", 1, 1 },
        { DType::F8_E8M0, "F8_E8M0", 1, 1 },
        { DType::F6_E2M3, "F6_E2M3", 4, 3 },
        { DType::F6_E3M2, "F6_E3M2", 4, 3 },
        { DType::F4_E2M1, "F4", 2, 1 },
        { DType::C64, "C64", 1, 8 },
        { DType::C128, "C128", 1, 16 },
        { DType::I64, "I64", 1, 8 },
        { DType::I32, "I32", 1, 4 },
        { DType::I16, "I16", 1, 2 },
        { DType::I8, "I8", 1, 1 },
        { DType::U64, "U64", 1, 8 },
        { DType::U32, "U32", 1, 4 },
        { DType::U16, "U16", 1, 2 },
        { DType::U8, "U8", 1, 1 },
        { DType::Bool, "BOOL", 1, 1 },
        { DType::Q4_0, "Q4_0", 32, sizeof(BlockQ4_0) },
        { DType::Q4_1, "Q4_1", 32, sizeof(BlockQ4_1) },
        { DType::Q5_0, "Q5_0", 32, sizeof(BlockQ5_0) },
        { DType::Q5_1, "Q5_1", 32, sizeof(BlockQ5_1) },
        { DType::Q8_0, "Q8_0", 32, sizeof(BlockQ8_0) },
        { DType::Q2_K, "Q2_K", 256, sizeof(BlockQ2_K) },
        { DType::Q3_K, "Q3_K", 256, sizeof(BlockQ3_K) },
        { DType::Q4_K, "Q4_K", 256, sizeof(BlockQ4_K) },
        { DType::Q5_K, "Q5_K", 256, sizeof(BlockQ5_K) },
        { DType::Q6_K, "Q6_K", 256, sizeof(BlockQ6_K) },
        { DType::IQ2_XXS, "IQ2_XXS", 256, sizeof(BlockIQ2_XXS) },
        { DType::IQ2_XS, "IQ2_XS", 256, sizeof(BlockIQ2_XS) },
        { DType::IQ3_XXS, "IQ3_XXS", 256, sizeof(BlockIQ3_XXS) },
        { DType::IQ1_S, "IQ1_S", 256, sizeof(BlockIQ1_S) },
        { DType::IQ4_NL, "IQ4_NL", 32, sizeof(BlockIQ4_NL) },
        { DType::IQ3_S, "IQ3_S", 256, sizeof(BlockIQ3_S) },
        { DType::IQ2_S, "IQ2_S", 256, sizeof(BlockIQ2_S) },
        { DType::IQ4_XS, "IQ4_XS", 256, sizeof(BlockIQ4_XS) },
        { DType::IQ1_M, "IQ1_M", 256, sizeof(BlockIQ1_M) },
        { DType::TQ1_0, "TQ1_0", 256, sizeof(BlockTQ1_0) },
        { DType::TQ2_0, "TQ2_0", 256, sizeof(BlockTQ2_0) },
        { DType::MXFP4, "MXFP4", 32, sizeof(BlockMXFP4) },
        { DType::NVFP4, "NVFP4", 64, sizeof(BlockNVFP4) },
        { DType::Q1_0, "Q1_0", 128, sizeof(BlockQ1_0) },
        { DType::Q2_0, "Q2_0", 64, sizeof(BlockQ2_0) },
    } };

    const TypeRow& row(DType t) { return kTypes[size_t(t)]; }

    /// Decodes a small float with the given exponent/mantissa widths (no infinities).
    float minifloat(uint32_t bits, int ebits, int mbits, int bias)
    {
        const uint32_t sign = (bits >> (ebits + mbits)) & 1u;
        const uint32_t e = (bits >> mbits) & ((1u << ebits) - 1);
        const uint32_t m = bits & ((1u << mbits) - 1);
        float v = e == 0 ? std::ldexp(float(m), 1 - bias - mbits)
                         : std::ldexp(float((1u << mbits) | m), int(e) - bias - mbits);
        return sign ? -v : v;
    }

    template <typename T>
    T load(const uint8_t* p, bool swap)
    {
        T v;
        std::memcpy(&v, p, sizeof(T));
        if (swap) {
            if constexpr (sizeof(T) == 2)
                v = std::bit_cast<T>(__builtin_bswap16(std::bit_cast<uint16_t>(v)));
            else if constexpr (sizeof(T) == 4)
                v = std::bit_cast<T>(__builtin_bswap32(std::bit_cast<uint32_t>(v)));
            else if constexpr (sizeof(T) == 8)
                v = std::bit_cast<T>(__builtin_bswap64(std::bit_cast<uint64_t>(v)));
        }
        return v;
    }

    template <typename T>
    void plain(const uint8_t* src, int64_t n, float* out, bool swap)
    {
        if (n <= 0)
            return; // an empty tensor may come with no buffer at all: memcpy must not see null
        if (!swap && std::is_same_v<T, float>) {
            std::memcpy(out, src, size_t(n) * 4);
            return;
        }
        for (int64_t i = 0; i < n; ++i)
            out[i] = float(load<T>(src + i * sizeof(T), swap));
    }
} // namespace

std::string_view dtypeName(DType t) { return row(t).name; }
int dtypeBlockElements(DType t) { return row(t).blockElements; }
int dtypeBlockBytes(DType t) { return row(t).blockBytes; }
bool dtypeIsQuantized(DType t) { return t >= DType::Q4_0; }

std::optional<DType> dtypeFromSafetensors(std::string_view s)
{
    if (s == "F8_E4M3FN")
        return DType::F8_E4M3;
    if (s == "F4_E2M1")
        return DType::F4_E2M1;
    for (const auto& r : kTypes)
        if (!dtypeIsQuantized(r.type) && s == r.name)
            return r.type;
    return std::nullopt;
}

std::optional<DType> dtypeFromGgml(uint32_t id)
{
    switch (id) {
    case 0: return DType::F32;
    case 1: return DType::F16;
    case 2: return DType::Q4_0;
    case 3: return DType::Q4_1;
    case 6: return DType::Q5_0;
    case 7: return DType::Q5_1;
    case 8: return DType::Q8_0;
    case 10: return DType::Q2_K;
    case 11: return DType::Q3_K;
    case 12: return DType::Q4_K;
    case 13: return DType::Q5_K;
    case 14: return DType::Q6_K;
    case 24: return DType::I8;
    case 25: return DType::I16;
    case 26: return DType::I32;
    case 27: return DType::I64;
    case 28: return DType::F64;
    case 30: return DType::BF16;
    case 16: return DType::IQ2_XXS;
    case 17: return DType::IQ2_XS;
    case 18: return DType::IQ3_XXS;
    case 19: return DType::IQ1_S;
    case 20: return DType::IQ4_NL;
    case 21: return DType::IQ3_S;
    case 22: return DType::IQ2_S;
    case 23: return DType::IQ4_XS;
    case 29: return DType::IQ1_M;
    case 34: return DType::TQ1_0;
    case 35: return DType::TQ2_0;
    case 39: return DType::MXFP4;
    case 40: return DType::NVFP4;
    case 41: return DType::Q1_0;
    case 42: return DType::Q2_0;
    default: return std::nullopt;
    }
}

std::string ggmlTypeName(uint32_t id)
{
    static const char* names[] = { "F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
        "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",
        "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0",
        "TQ2_0", "IQ4_NL_4_4", "IQ4_NL_4_8", "IQ4_NL_8_8", "MXFP4", "NVFP4", "Q1_0", "Q2_0" };
    if (id < std::size(names))
        return names[id];
    return "ggml type " + std::to_string(id);
}

std::optional<uint64_t> dtypeBytesFor(DType t, uint64_t elements)
{
    const auto& r = row(t);
    if (elements % uint64_t(r.blockElements) != 0)
        return std::nullopt;
    const uint64_t blocks = elements / uint64_t(r.blockElements);
    if (blocks > std::numeric_limits<uint64_t>::max() / uint64_t(r.blockBytes))
        return std::nullopt;
    return blocks * uint64_t(r.blockBytes);
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1Fu;
    uint32_t mant = h & 0x3FFu;
    uint32_t bits;
    if (exp == 0x1F) {
        bits = sign | 0x7F800000u | (mant << 13);
    } else if (exp != 0) {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign;
    } else {
        // Subnormal half: normalise into a float.
        int e = 113;
        while (!(mant & 0x400u)) {
            mant <<= 1;
            --e;
        }
        bits = sign | (uint32_t(e) << 23) | ((mant & 0x3FFu) << 13);
    }
    return std::bit_cast<float>(bits);
}

void decodeBlocks(DType t, const uint8_t* src, int64_t blocks, float* out, bool bigEndian)
{
    switch (t) {
    case DType::F64: plain<double>(src, blocks, out, bigEndian); return;
    case DType::F32: plain<float>(src, blocks, out, bigEndian); return;
    case DType::F16:
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = halfToFloat(load<uint16_t>(src + 2 * i, bigEndian));
        return;
    case DType::BF16:
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = bf16ToFloat(load<uint16_t>(src + 2 * i, bigEndian));
        return;
    case DType::F8_E4M3:
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = (src[i] & 0x7F) == 0x7F ? std::numeric_limits<float>::quiet_NaN() : minifloat(src[i], 4, 3, 7);
        return;
    case DType::F8_E5M2:
        for (int64_t i = 0; i < blocks; ++i) {
            const uint8_t b = src[i];
            if ((b & 0x7C) == 0x7C)
                out[i] = (b & 3) ? std::numeric_limits<float>::quiet_NaN()
                                 : ((b & 0x80) ? -std::numeric_limits<float>::infinity()
                                               : std::numeric_limits<float>::infinity());
            else
                out[i] = minifloat(b, 5, 2, 15);
        }
        return;
    case DType::F8_E8M0:
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = src[i] == 0xFF ? std::numeric_limits<float>::quiet_NaN() : std::ldexp(1.0f, int(src[i]) - 127);
        return;
    case DType::F6_E2M3:
    case DType::F6_E3M2: {
        // Four 6-bit values in three bytes, packed little-endian: value k holds bits [6k, 6k+6).
        const int eb = t == DType::F6_E2M3 ? 2 : 3;
        const int mb = 5 - eb;
        const int bias = t == DType::F6_E2M3 ? 1 : 3;
        for (int64_t b = 0; b < blocks; ++b) {
            const uint32_t w = uint32_t(src[3 * b]) | uint32_t(src[3 * b + 1]) << 8 | uint32_t(src[3 * b + 2]) << 16;
            for (int k = 0; k < 4; ++k)
                out[4 * b + k] = minifloat((w >> (6 * k)) & 0x3F, eb, mb, bias);
        }
        return;
    }
    case DType::F4_E2M1:
        // Two values per byte, the first in the low nibble (PyTorch float4_e2m1fn_x2).
        for (int64_t i = 0; i < blocks; ++i) {
            out[2 * i] = minifloat(src[i] & 0xF, 2, 1, 1);
            out[2 * i + 1] = minifloat(src[i] >> 4, 2, 1, 1);
        }
        return;
    case DType::C64:
        // Complex values are shown by magnitude.
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = std::hypot(load<float>(src + 8 * i, bigEndian), load<float>(src + 8 * i + 4, bigEndian));
        return;
    case DType::C128:
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = float(std::hypot(load<double>(src + 16 * i, bigEndian), load<double>(src + 16 * i + 8, bigEndian)));
        return;
    case DType::I64: plain<int64_t>(src, blocks, out, bigEndian); return;
    case DType::I32: plain<int32_t>(src, blocks, out, bigEndian); return;
    case DType::I16: plain<int16_t>(src, blocks, out, bigEndian); return;
    case DType::I8: plain<int8_t>(src, blocks, out, false); return;
    case DType::U64: plain<uint64_t>(src, blocks, out, bigEndian); return;
    case DType::U32: plain<uint32_t>(src, blocks, out, bigEndian); return;
    case DType::U16: plain<uint16_t>(src, blocks, out, bigEndian); return;
    case DType::U8: plain<uint8_t>(src, blocks, out, false); return;
    case DType::Bool:
        for (int64_t i = 0; i < blocks; ++i)
            out[i] = src[i] ? 1.0f : 0.0f;
        return;
    default:
        dequantizeGgml(t, src, blocks, out);
        return;
    }
}

} // namespace ql

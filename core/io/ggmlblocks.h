#pragma once
/// \file ggmlblocks.h
/// \brief llama.cpp (ggml) quantized block layouts, as plain structs, and their dequantization.
/// Layouts follow the GGUF specification; dequantized values are computed in the same float
/// operation order as ggml's reference code, so they are bit-identical to llama.cpp's.

#include "dtype.h"

#include <cstdint>

namespace ql {

constexpr int kQK = 32; ///< values per block of the legacy formats
constexpr int kQK_K = 256; ///< values per super-block of the k-quants
constexpr int kKScaleBytes = 12; ///< packed 6-bit scales and mins of Q4_K/Q5_K

struct BlockQ4_0 {
    uint16_t d; ///< fp16 scale
    uint8_t qs[kQK / 2]; ///< value j in the low nibble of byte j, value j+16 in its high nibble
};
static_assert(sizeof(BlockQ4_0) == 18);

struct BlockQ4_1 {
    uint16_t d, m;
    uint8_t qs[kQK / 2];
};
static_assert(sizeof(BlockQ4_1) == 20);

struct BlockQ5_0 {
    uint16_t d;
    uint8_t qh[4]; ///< fifth bits, bit j for value j
    uint8_t qs[kQK / 2];
};
static_assert(sizeof(BlockQ5_0) == 22);

struct BlockQ5_1 {
    uint16_t d, m;
    uint8_t qh[4];
    uint8_t qs[kQK / 2];
};
static_assert(sizeof(BlockQ5_1) == 24);

struct BlockQ8_0 {
    uint16_t d;
    int8_t qs[kQK];
};
static_assert(sizeof(BlockQ8_0) == 34);

struct BlockQ2_K {
    uint8_t scales[kQK_K / 16]; ///< low nibble scale, high nibble min, per 16 values
    uint8_t qs[kQK_K / 4];
    uint16_t d, dmin;
};
static_assert(sizeof(BlockQ2_K) == 84);

struct BlockQ3_K {
    uint8_t hmask[kQK_K / 8];
    uint8_t qs[kQK_K / 4];
    uint8_t scales[12]; ///< sixteen 6-bit scales
    uint16_t d;
};
static_assert(sizeof(BlockQ3_K) == 110);

struct BlockQ4_K {
    uint16_t d, dmin;
    uint8_t scales[kKScaleBytes];
    uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(BlockQ4_K) == 144);

struct BlockQ5_K {
    uint16_t d, dmin;
    uint8_t scales[kKScaleBytes];
    uint8_t qh[kQK_K / 8];
    uint8_t qs[kQK_K / 2];
};
static_assert(sizeof(BlockQ5_K) == 176);

struct BlockQ6_K {
    uint8_t ql[kQK_K / 2];
    uint8_t qh[kQK_K / 4];
    int8_t scales[kQK_K / 16];
    uint16_t d;
};
static_assert(sizeof(BlockQ6_K) == 210);

/// \brief Dequantizes \p blocks blocks of a llama.cpp type (scalar reference).
void dequantizeGgml(DType t, const uint8_t* src, int64_t blocks, float* out);

/// \brief Unpacks the 6-bit scale and min of sub-block \p j (0..7) of Q4_K / Q5_K.
void kScaleMin(int j, const uint8_t* q, uint8_t& scale, uint8_t& min);

} // namespace ql

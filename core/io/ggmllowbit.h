#pragma once
/// \file ggmllowbit.h
/// \brief llama.cpp's i-quants (IQ4_NL, IQ4_XS, IQ3_S, IQ3_XXS, IQ2_S, IQ2_XS, IQ2_XXS, IQ1_M, IQ1_S),
/// ternary types (TQ1_0, TQ2_0), Q1_0 / Q2_0 and float blocks (MXFP4, NVFP4): block layouts as plain
/// structs (ggml v0.5.0) and their dequantization, in the float operations of ggml's reference code
/// in the same order, so bit-identical to it.

#include "dtype.h"

#include <cstdint>

namespace ql {

struct BlockIQ4_NL {
    uint16_t d; ///< FP16 scale
    uint8_t qs[16]; ///< value j in the low nibble of byte j, value j + 16 in the high one
};
static_assert(sizeof(BlockIQ4_NL) == 18);

struct BlockIQ4_XS {
    uint16_t d;
    uint16_t scalesHigh; ///< top two bits of the eight 6-bit sub-scales
    uint8_t scalesLow[4]; ///< low nibbles of the sub-scales
    uint8_t qs[128];
};
static_assert(sizeof(BlockIQ4_XS) == 136);

struct BlockIQ3_XXS {
    uint16_t d;
    uint8_t qs[96]; ///< 64 grid indices, then per 32 values a 32-bit word: four 7-bit signs, a 4-bit scale
};
static_assert(sizeof(BlockIQ3_XXS) == 98);

struct BlockIQ3_S {
    uint16_t d;
    uint8_t qs[64]; ///< low 8 bits of the grid indices
    uint8_t qh[8]; ///< ninth bits
    uint8_t signs[32]; ///< one sign bit per value
    uint8_t scales[4]; ///< 4-bit scales of 32 values
};
static_assert(sizeof(BlockIQ3_S) == 110);

struct BlockIQ2_XXS {
    uint16_t d;
    uint16_t qs[32]; ///< per 32 values: four 8-bit grid indices, then four 7-bit signs and a 4-bit scale
};
static_assert(sizeof(BlockIQ2_XXS) == 66);

struct BlockIQ2_XS {
    uint16_t d;
    uint16_t qs[32]; ///< 9-bit grid index and 7 sign bits per 8 values
    uint8_t scales[8]; ///< 4-bit scales of 16 values
};
static_assert(sizeof(BlockIQ2_XS) == 74);

struct BlockIQ2_S {
    uint16_t d;
    uint8_t qs[64]; ///< 32 low bytes of the grid indices, then 32 bytes of signs
    uint8_t qh[8]; ///< the indices' top two bits
    uint8_t scales[8];
};
static_assert(sizeof(BlockIQ2_S) == 82);

struct BlockIQ1_S {
    uint16_t d;
    uint8_t qs[32]; ///< low 8 bits of the 11-bit grid indices
    uint16_t qh[8]; ///< per 32 values: four 3-bit index tops, a 3-bit scale, the sign of the shift
};
static_assert(sizeof(BlockIQ1_S) == 50);

struct BlockIQ1_M {
    uint8_t qs[32];
    uint8_t qh[16]; ///< per 16 values: two 3-bit index tops and two shift signs
    uint8_t scales[8]; ///< 3-bit scales of 16 values, the FP16 block scale in the top nibbles
};
static_assert(sizeof(BlockIQ1_M) == 56);

struct BlockTQ1_0 {
    uint8_t qs[48]; ///< five ternary digits per byte
    uint8_t qh[4]; ///< four per byte
    uint16_t d;
};
static_assert(sizeof(BlockTQ1_0) == 54);

struct BlockTQ2_0 {
    uint8_t qs[64]; ///< four 2-bit codes per byte
    uint16_t d;
};
static_assert(sizeof(BlockTQ2_0) == 66);

struct BlockQ1_0 {
    uint16_t d;
    uint8_t qs[16]; ///< one sign bit per value of 128
};
static_assert(sizeof(BlockQ1_0) == 18);

struct BlockQ2_0 {
    uint16_t d;
    uint8_t qs[16]; ///< four 2-bit codes per byte, 64 values
};
static_assert(sizeof(BlockQ2_0) == 18);

struct BlockMXFP4 {
    uint8_t e; ///< E8M0 exponent
    uint8_t qs[16]; ///< E2M1 codes: value j in the low nibble of byte j, j + 16 in the high one
};
static_assert(sizeof(BlockMXFP4) == 17);

struct BlockNVFP4 {
    uint8_t d[4]; ///< unsigned E4M3 scales, one per 16 values
    uint8_t qs[32]; ///< E2M1 codes, per 16 values: j in the low nibble of byte j, j + 8 in the high one
};
static_assert(sizeof(BlockNVFP4) == 36);

/// \returns whether \p t is one of the types of this file.
bool dtypeIsLowBitGgml(DType t);
/// \brief Dequantizes \p blocks blocks of a type of this file.
void dequantizeLowBitGgml(DType t, const uint8_t* src, int64_t blocks, float* out);

/// \brief ggml's E8M0 exponent to float, halved (MXFP4 stores E2M1 values doubled).
float e8m0HalfToFloat(uint8_t e);
/// \brief ggml's unsigned E4M3 scale to float, halved (0x00 and 0x7F are 0).
float ue4m3HalfToFloat(uint8_t x);

} // namespace ql

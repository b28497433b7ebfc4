#pragma once
/// \file packing.h
/// \brief How one block of a row is stored: the bytes, which field each byte belongs to, and for
/// every value its stored code, the bits that hold it and the numbers that turn it back into a float.
/// The teaching "Packing" view draws this; the codes are read back from the stored bytes (not
/// recomputed), and dequantized values come from the same code that reads GGUF files, so they are
/// llama.cpp's.

#include "spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ql {

/// \brief The layouts the packing view explains.
enum class PackLayout {
    Int4, ///< symmetric INT4 per group of 32, two codes per byte (packInt4's nibble order)
    Q4_0, ///< llama.cpp: FP16 scale + 32 4-bit codes
    Q4_1, ///< llama.cpp: FP16 scale and minimum + 32 4-bit codes
    Q8_0, ///< llama.cpp: FP16 scale + 32 int8 codes
    Q4_K, ///< llama.cpp: 256-value super-block, FP16 d and dmin, eight 6-bit sub-scales and sub-mins
    IQ4_XS, ///< llama.cpp: 256-value super-block, FP16 d, eight 6-bit sub-scales, 4-bit indices of a non-linear table
    IQ3_XXS, ///< llama.cpp: 256 values, FP16 d, per 32 values eight 8-bit lattice-point indices (4 values each), 28 sign bits, a 4-bit scale
    NVFP4, ///< NVIDIA NVFP4: 16 E2M1 codes, an E4M3 block scale, beside the tensor's FP32 scale
};

/// \brief What a run of bytes of a block holds.
enum class PackRole {
    Scale, ///< a block-wide scale (FP16 d)
    Min, ///< a block-wide minimum (FP16 m or dmin)
    SubScales, ///< packed sub-block scales (and minimums)
    Codes, ///< the values' codes (IQ3_XXS: lattice-point indices)
    Signs, ///< sign bits with the sub-block scales packed beside them (IQ3_XXS)
};

struct PackField {
    PackRole role;
    int begin = 0, end = 0; ///< byte range in the block
};

/// \brief One value of the block.
struct PackedValue {
    int64_t column = 0; ///< position in the row
    float original = 0; ///< the input value (0 for padding past the row's end)
    int code = 0; ///< the stored code (unsigned nibble, or int8 for Q8_0)
    int byte = 0; ///< byte of the block that holds the code
    int shift = 0; ///< lowest bit of the code within that byte
    int width = 0; ///< bits of the code
    int subBlock = -1; ///< sub-block of a super-block layout (0…7), else -1
    float scale = 0; ///< dequantized = scale · (code − zero) − min, or scale · level for table, grid and float codes
    int zero = 0;
    float min = 0;
    float dequantized = 0; ///< as llama.cpp (or the core's INT4 path) dequantizes it
    bool padding = false; ///< past the row's end
    bool hasLevel = false; ///< the code stands for a level (a table entry, a grid value or a small float)
    float level = 0; ///< that level, sign included
    int point = -1; ///< IQ3_XXS: the lattice point (0…63) whose index holds the value, else -1
    int pointPos = 0; ///< position of the value within its point
    int signByte = -1, signBit = 0; ///< IQ3_XXS: where the value's sign bit is (−1: none stored)
    bool signImplied = false; ///< IQ3_XXS: the eighth sign of a group, implied by an even count of minus signs
    bool negative = false;
};

/// \brief Bits [shift, shift + width) of byte \p byte of the block's scale bytes.
struct BitsAt {
    int byte = 0, shift = 0, width = 0; ///< width 0: no such part
};

/// \brief A sub-block's stored scale (and minimum) and where their bits are: the low part gives the
/// low bits, the high part the top ones (Q4_K: 6-bit scale and minimum; IQ4_XS: 6-bit scale, low
/// nibble and top two bits apart; IQ3_XXS: a 4-bit scale in the top of its sign word).
struct SubScale {
    int scale6 = 0, min6 = 0; ///< the stored integers
    float scale = 0, min = 0; ///< Q4_K: d · scale6 and dmin · min6; IQ4_XS: d · (scale6 − 32); IQ3_XXS: d · (0.5 + scale6) / 2
    BitsAt scaleLow, scaleHigh, minLow, minHigh; ///< bytes counted from the block's start
};

struct PackedBlock {
    PackLayout layout = PackLayout::Int4;
    int64_t rowLength = 0, block = 0, blocks = 0;
    std::vector<uint8_t> bytes;
    std::vector<PackField> fields;
    std::vector<PackedValue> values;
    std::vector<SubScale> subScales; ///< Q4_K only
    float d = 0, m = 0; ///< block scale and minimum (Int4: the group's FP16 scale)
    uint16_t dBits = 0, mBits = 0; ///< their FP16 bit patterns (llama.cpp layouts); NVFP4: dBits the E4M3 byte
    float tensorScale = 0; ///< NVFP4: the tensor's FP32 scale (stored once per tensor, not in the block)
    bool padded = false; ///< the row's length is not a multiple of the block; zeros fill the rest
    /// \returns bits per weight of the layout (Int4 counts an FP16 scale kept beside the codes; NVFP4
    /// the block alone, without the tensor's FP32 scale).
    double bitsPerWeight() const;
    /// \returns the field that holds byte \p b.
    PackRole roleOf(int b) const;
};

/// \returns the values per block of \p layout.
int blockValues(PackLayout layout);
/// \returns the layout's name as the GUI and CLI spell it ("int4", "q4_0", …).
const char* layoutName(PackLayout layout);

/// \brief Quantizes block \p block of \p row (\p n values) and describes how it is stored. A last
/// block that runs past the row is padded with zeros. \p tensorAmax is the largest finite |x| of the
/// whole tensor, which NVFP4's FP32 scale follows (negative: the row's). Throws ql::Error on an
/// out-of-range block.
PackedBlock packBlock(PackLayout layout, const float* row, int64_t n, int64_t block, float tensorAmax = -1);

} // namespace ql

#pragma once
/// \file ladder.h
/// \brief The precision ladder: one value in every number format — its bits (sign, exponent and
/// mantissa fields), the value it becomes, and its representable neighbours.

#include <cstdint>
#include <string>
#include <vector>

namespace ql {

/// \brief One format's view of a value.
struct LadderRow {
    std::string format; ///< "FP32", "BF16", "FP16", "FP8 E4M3", "FP8 E5M2", "FP4 E2M1", "INT8", "INT4", "NF4",
                        ///< "FP6 E2M3", "FP6 E3M2", "MXFP8 E4M3", "MXFP6 E2M3", "MXFP4", "NVFP4"
    int signBits = 0, exponentBits = 0, mantissaBits = 0; ///< field widths; integers and NF4 have only "mantissa" (code) bits
    uint32_t code = 0; ///< the stored bits (two's complement for integers, the level index for NF4)
    double value = 0; ///< what the format stores for the input
    double below = 0, above = 0; ///< the representable neighbours of \p value (NaN at the ends)
    /// The stored value and up to kAround representable values on each side, ascending (the number line).
    std::vector<double> around;
    int bits() const { return signBits + exponentBits + mantissaBits; }
};

/// \brief Representable values listed on each side of the stored one (LadderRow::around).
constexpr int kAround = 3;

/// \brief The ladder of \p x. Integer formats and NF4 use \p scale as the range they map ±1 code
/// range onto (INT8: s = scale/127, INT4: s = scale/7, NF4: absmax = scale); the block floats
/// (MXFP8 E4M3, MXFP6 E2M3, MXFP4, NVFP4) take it as their block's largest magnitude, from which
/// they derive their scale (a row's code is the element's, its value the element times the scale).
std::vector<LadderRow> precisionLadder(float x, float scale);

/// \brief The value a row's bits give after flipping bit \p bit (0 = least significant).
double flipBit(const LadderRow& row, int bit, float scale);

} // namespace ql

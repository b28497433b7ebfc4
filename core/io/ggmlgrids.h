#pragma once
/// \file ggmlgrids.h
/// \brief The lattice grids of llama.cpp's i-quants, as ggml defines them: IQ2_XXS (256 points),
/// IQ2_XS (512), IQ2_S (1024) and IQ1_S / IQ1_M (2048) are points of 8 values, IQ3_XXS (256) and
/// IQ3_S (512) points of 4. The compact tables hold each point's levels (2 bits each for IQ2/IQ1,
/// 3 bits for IQ3); the value tables are what dequantization multiplies by the block scale.

#include <cstdint>

namespace ql::ggml {

/// \brief A grid: its points' levels, and the value each level stands for.
struct LatticeGrid {
    int points = 0; ///< grid points
    int dims = 0; ///< values per point (8 or 4)
    int levelBits = 0; ///< bits per level in the compact form (2 or 3)
    const uint16_t* compact = nullptr; ///< level of value i of point p: (compact[p] >> levelBits·i) & mask
    const int8_t* levelValue = nullptr; ///< what a level dequantizes to (before the scale)
    /// \returns the level of value \p i of point \p p.
    int level(int p, int i) const { return (compact[p] >> (levelBits * i)) & ((1 << levelBits) - 1); }
    /// \returns the dequantized value (before the scale) of value \p i of point \p p.
    int value(int p, int i) const { return levelValue[level(p, i)]; }
};

const LatticeGrid& iq2xxsGrid(); ///< levels 8, 25, 43
const LatticeGrid& iq2xsGrid(); ///< levels 8, 25, 43
const LatticeGrid& iq2sGrid(); ///< levels 8, 25, 43
const LatticeGrid& iq1sGrid(); ///< levels −1, 0, 1 (IQ1_S and IQ1_M)
const LatticeGrid& iq3xxsGrid(); ///< levels 4, 12, 20, 28, 36, 44, 52, 62
const LatticeGrid& iq3sGrid(); ///< levels 1, 3, 5, …, 15

/// \brief The 128 sign patterns of the i-quants: 7 stored bits, the eighth makes the count of
/// negative values even (ggml's ksigns_iq2xs).
inline uint8_t evenSigns(uint8_t seven)
{
    return uint8_t(seven | ((__builtin_popcount(seven) & 1) << 7));
}

/// \brief IQ4_NL's and IQ4_XS's sixteen non-linear levels (ggml's kvalues_iq4nl).
extern const int8_t kIq4nlValues[16];
/// \brief E2M1's sixteen values doubled, as MXFP4 and NVFP4 store them (ggml's kvalues_mxfp4).
extern const int8_t kFp4Doubled[16];

} // namespace ql::ggml

#pragma once
// Internal: what the lattice i-quants (IQ3_XXS, IQ3_S, IQ2_XXS, IQ2_XS, IQ2_S, IQ1_S, IQ1_M) search
// besides the grid itself: for every point of levels the rounding can produce, its grid index, or
// — off the grid — the grid points nearest to it. ggml builds the same lists (iq2xs_init_impl,
// iq3xs_init_impl): all grid points at the nwant smallest squared distances, ordered by distance,
// then by index; the quantizers take the first best of them, so the order is part of the result.
// Not part of the public API.

#include "core/io/ggmlgrids.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ql::family::lattice {

struct Search {
    const ggml::LatticeGrid* grid = nullptr;
    int maxLevel = 0; ///< levels the quantizers produce: 0 … maxLevel (2 for IQ2/IQ1, 7 for IQ3)
    /// Per grid point its positions 2·level + 1 (dims bytes each), as the quantizers compare them.
    std::vector<int8_t> positions;
    /// Per packed point u (level i in bits [b·i, b·i + b)): its grid index ≥ 0, or −1 − offset of
    /// its neighbour list in \p neighbours (a count, then the grid indices).
    std::vector<int32_t> map;
    std::vector<uint16_t> neighbours;

    const int8_t* position(int gridIndex) const { return positions.data() + size_t(gridIndex) * size_t(grid->dims); }
    /// The neighbour list of an off-grid point (map[u] < 0): count, then indices.
    const uint16_t* neighboursOf(int32_t mapValue) const { return neighbours.data() + (-mapValue - 1); }
};

const Search& iq2xxs(); ///< nwant 2
const Search& iq2xs(); ///< nwant 2
const Search& iq2s(); ///< nwant 1
const Search& iq1s(); ///< nwant 3 (IQ1_S and IQ1_M)
const Search& iq3xxs(); ///< nwant 2
const Search& iq3s(); ///< nwant 3

} // namespace ql::family::lattice

// The lattice searches' tables (see ggmllattice.h), built once on first use.
#include "ggmllattice.h"

#include <algorithm>
#include <climits>

namespace ql::family::lattice {

namespace {
    Search build(const ggml::LatticeGrid& g, int nwant, int maxLevel)
    {
        Search s;
        s.grid = &g;
        s.maxLevel = maxLevel;
        const int dims = g.dims, bits = g.levelBits;
        s.positions.resize(size_t(g.points) * size_t(dims));
        for (int p = 0; p < g.points; ++p)
            for (int i = 0; i < dims; ++i)
                s.positions[size_t(p * dims + i)] = int8_t(2 * g.level(p, i) + 1);
        s.map.assign(size_t(1) << (bits * dims), INT32_MIN); // INT32_MIN: a point no rounding produces
        for (int p = 0; p < g.points; ++p)
            s.map[g.compact[p]] = p;
        // Squared distances are small integers: bucket the grid points by distance, keep the nwant
        // nearest distances, and list their points by distance, then by index (ggml's order).
        const int maxD2 = dims * (2 * ((1 << bits) - 1)) * (2 * ((1 << bits) - 1));
        std::vector<int> d2(size_t(g.points)), count(size_t(maxD2) + 1);
        int levels[8];
        for (uint32_t u = 0; u < s.map.size(); ++u) {
            if (s.map[u] != INT32_MIN)
                continue;
            bool reachable = true;
            for (int i = 0; i < dims; ++i) {
                levels[i] = int(u >> (bits * i)) & ((1 << bits) - 1);
                reachable &= levels[i] <= maxLevel;
            }
            if (!reachable)
                continue;
            std::fill(count.begin(), count.end(), 0);
            for (int p = 0; p < g.points; ++p) {
                const int8_t* pg = s.position(p);
                int d = 0;
                for (int i = 0; i < dims; ++i) {
                    const int diff = pg[i] - (2 * levels[i] + 1);
                    d += diff * diff;
                }
                d2[size_t(p)] = d;
                ++count[size_t(d)];
            }
            s.map[u] = -1 - int32_t(s.neighbours.size());
            const size_t head = s.neighbours.size();
            s.neighbours.push_back(0);
            int have = 0;
            for (int d = 0; d <= maxD2 && have < nwant; ++d) {
                if (!count[size_t(d)])
                    continue;
                ++have;
                for (int p = 0; p < g.points; ++p)
                    if (d2[size_t(p)] == d)
                        s.neighbours.push_back(uint16_t(p));
            }
            s.neighbours[head] = uint16_t(s.neighbours.size() - head - 1);
        }
        return s;
    }
} // namespace

const Search& iq2xxs()
{
    static const Search s = build(ggml::iq2xxsGrid(), 2, 2);
    return s;
}
const Search& iq2xs()
{
    static const Search s = build(ggml::iq2xsGrid(), 2, 2);
    return s;
}
const Search& iq2s()
{
    static const Search s = build(ggml::iq2sGrid(), 1, 2);
    return s;
}
const Search& iq1s()
{
    static const Search s = build(ggml::iq1sGrid(), 3, 2);
    return s;
}
const Search& iq3xxs()
{
    static const Search s = build(ggml::iq3xxsGrid(), 2, 7);
    return s;
}
const Search& iq3s()
{
    static const Search s = build(ggml::iq3sGrid(), 3, 7);
    return s;
}

} // namespace ql::family::lattice

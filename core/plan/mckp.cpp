#include "mckp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ql {

namespace {
    /// Relative slack in comparisons, so that rounding in sums never prunes an optimum.
    constexpr double kEps = 1e-12;

    struct Item {
        std::vector<int> hull; ///< original option indices on the lower convex hull, by increasing weight
        std::vector<int> all; ///< undominated options, by increasing weight (what the search branches on)
    };

    /// A step along an item's hull: from hull[k] to hull[k+1].
    struct Step {
        int item, k;
        double dw, dc, efficiency; ///< efficiency = −dc / dw (cost saved per weight)
    };

    Item reduce(const std::vector<McOption>& opts)
    {
        Item it;
        std::vector<int> order(opts.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            return opts[a].weight < opts[b].weight || (opts[a].weight == opts[b].weight && opts[a].cost < opts[b].cost);
        });
        // Undominated: strictly decreasing cost as weight grows.
        double bestCost = std::numeric_limits<double>::infinity();
        for (int i : order)
            if (opts[size_t(i)].cost < bestCost) {
                it.all.push_back(i);
                bestCost = opts[size_t(i)].cost;
            }
        // Lower convex hull of the undominated options.
        for (int i : it.all) {
            while (it.hull.size() >= 2) {
                const auto& a = opts[size_t(it.hull[it.hull.size() - 2])];
                const auto& b = opts[size_t(it.hull.back())];
                const auto& c = opts[size_t(i)];
                // b is above the segment a–c: drop it.
                if ((b.cost - a.cost) * (c.weight - a.weight) >= (c.cost - a.cost) * (b.weight - a.weight))
                    it.hull.pop_back();
                else
                    break;
            }
            it.hull.push_back(i);
        }
        return it;
    }

    /// Branch and bound with a Lagrangian bound: for any λ ≥ 0 every feasible choice costs at least
    /// Σ (c + λw) − λC. With λ the LP's critical slope this equals the LP bound at the root, and it
    /// is O(1) per node with suffix sums of each item's smallest c + λw.
    struct Search {
        const std::vector<std::vector<McOption>>& opts;
        std::vector<std::vector<int>> cand; ///< per item (in search order): options left after fixing, by reduced cost
        std::vector<size_t> order; ///< item indices in search order
        std::vector<double> minLagSuffix, minWeightSuffix;
        double lambda, capacity;
        std::vector<int> current, best;
        double bestCost;
        int64_t nodes = 0, nodeLimit;
        bool aborted = false;

        void run(size_t d, double weight, double cost, double lag)
        {
            if (aborted)
                return;
            if (++nodes > nodeLimit) {
                aborted = true;
                return;
            }
            if (d == order.size()) {
                if (cost < bestCost) {
                    bestCost = cost;
                    best = current;
                }
                return;
            }
            const size_t i = order[d];
            for (int k : cand[d]) {
                const McOption& o = opts[i][size_t(k)];
                const double w = weight + o.weight;
                if (w + minWeightSuffix[d + 1] > capacity * (1 + kEps))
                    continue;
                const double l = lag + o.cost + lambda * o.weight;
                // Candidates are sorted by reduced cost: once one fails the bound, all later ones do.
                if (l + minLagSuffix[d + 1] - lambda * capacity >= bestCost - kEps * std::max(1.0, std::fabs(bestCost)))
                    break;
                current[i] = k;
                run(d + 1, w, cost + o.cost, l);
            }
        }
    };
} // namespace

McSolution solveMckp(const std::vector<std::vector<McOption>>& items, double capacity, int64_t nodeLimit)
{
    McSolution sol;
    const size_t n = items.size();
    std::vector<Item> red;
    red.reserve(n);
    for (const auto& o : items) {
        if (o.empty())
            return sol;
        red.push_back(reduce(o));
    }
    double minWeight = 0;
    for (size_t i = 0; i < n; ++i)
        minWeight += items[i][size_t(red[i].all.front())].weight;
    if (minWeight > capacity * (1 + kEps))
        return sol; // infeasible

    // LP relaxation by the greedy over hull steps: its integral part is the first incumbent and the
    // efficiency of the first step that does not fit is the Lagrange multiplier.
    std::vector<Step> steps;
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k + 1 < red[i].hull.size(); ++k) {
            const McOption& a = items[i][size_t(red[i].hull[k])];
            const McOption& b = items[i][size_t(red[i].hull[k + 1])];
            steps.push_back({ int(i), int(k), b.weight - a.weight, b.cost - a.cost, (a.cost - b.cost) / (b.weight - a.weight) });
        }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.efficiency > b.efficiency; });
    std::vector<size_t> pos(n, 0);
    double r = capacity - minWeight;
    double lambda = 0;
    bool critical = false;
    for (const Step& st : steps) {
        if (size_t(st.k) != pos[size_t(st.item)])
            continue;
        if (st.dw > r) {
            if (!critical) {
                lambda = st.efficiency;
                critical = true;
            }
            continue; // keep filling with smaller steps of other items
        }
        r -= st.dw;
        pos[size_t(st.item)] = size_t(st.k) + 1;
    }
    std::vector<int> incumbent(n);
    double incCost = 0;
    for (size_t i = 0; i < n; ++i) {
        incumbent[i] = red[i].hull[pos[i]];
        incCost += items[i][size_t(incumbent[i])].cost;
    }
    // Improve the incumbent: spend leftover capacity on the single best upgrades that still fit.
    for (bool improved = true; improved;) {
        improved = false;
        double bestGain = 0;
        size_t bi = 0;
        int bk = -1;
        for (size_t i = 0; i < n; ++i) {
            const McOption& cur = items[i][size_t(incumbent[i])];
            for (int k : red[i].all) {
                const McOption& o = items[i][size_t(k)];
                const double gain = cur.cost - o.cost;
                if (o.weight - cur.weight <= r && gain > bestGain) {
                    bestGain = gain;
                    bi = i;
                    bk = k;
                }
            }
        }
        if (bk >= 0) {
            r -= items[bi][size_t(bk)].weight - items[bi][size_t(incumbent[bi])].weight;
            incCost -= bestGain;
            incumbent[bi] = bk;
            improved = true;
        }
    }

    // Reduced costs at λ; an option whose reduced cost pushes the root bound past the incumbent is
    // in no better solution, so it is dropped (most items keep a single option).
    std::vector<double> minLag(n);
    double rootBound = -lambda * capacity;
    for (size_t i = 0; i < n; ++i) {
        double m = std::numeric_limits<double>::infinity();
        for (int k : red[i].all)
            m = std::min(m, items[i][size_t(k)].cost + lambda * items[i][size_t(k)].weight);
        minLag[i] = m;
        rootBound += m;
    }
    Search s { items, {}, {}, {}, {}, lambda, capacity, incumbent, incumbent, incCost, 0, nodeLimit, false };
    std::vector<std::vector<int>> kept(n);
    for (size_t i = 0; i < n; ++i) {
        std::vector<std::pair<double, int>> byReduced;
        for (int k : red[i].all) {
            const double rc = items[i][size_t(k)].cost + lambda * items[i][size_t(k)].weight - minLag[i];
            if (rootBound + rc < incCost - kEps * std::max(1.0, std::fabs(incCost)))
                byReduced.push_back({ rc, k });
        }
        std::sort(byReduced.begin(), byReduced.end());
        for (const auto& [rc, k] : byReduced)
            kept[i].push_back(k);
    }
    // Items with a choice first (the most choices first), so fixed items never multiply the search.
    for (size_t i = 0; i < n; ++i)
        s.order.push_back(i);
    std::stable_sort(s.order.begin(), s.order.end(), [&](size_t a, size_t b) { return kept[a].size() > kept[b].size(); });
    bool anyLeft = true;
    for (size_t i : s.order) {
        s.cand.push_back(kept[i]);
        anyLeft = anyLeft && !kept[i].empty();
    }
    if (anyLeft) {
        // Only solutions strictly better than the incumbent remain; search them.
        s.minLagSuffix.assign(n + 1, 0.0);
        s.minWeightSuffix.assign(n + 1, 0.0);
        for (size_t d = n; d-- > 0;) {
            const size_t i = s.order[d];
            double ml = std::numeric_limits<double>::infinity(), mw = std::numeric_limits<double>::infinity();
            for (int k : s.cand[d]) {
                ml = std::min(ml, items[i][size_t(k)].cost + lambda * items[i][size_t(k)].weight);
                mw = std::min(mw, items[i][size_t(k)].weight);
            }
            s.minLagSuffix[d] = s.minLagSuffix[d + 1] + ml;
            s.minWeightSuffix[d] = s.minWeightSuffix[d + 1] + mw;
        }
        s.run(0, 0.0, 0.0, 0.0);
    }
    sol.choice = s.best;
    sol.feasible = true;
    sol.optimal = !s.aborted;
    for (size_t i = 0; i < n; ++i) {
        sol.weight += items[i][size_t(sol.choice[i])].weight;
        sol.cost += items[i][size_t(sol.choice[i])].cost;
    }
    return sol;
}

std::vector<HullPoint> convexFrontier(const std::vector<std::vector<McOption>>& items)
{
    std::vector<HullPoint> out;
    const size_t n = items.size();
    std::vector<Item> reduced;
    for (const auto& o : items) {
        if (o.empty())
            return out;
        reduced.push_back(reduce(o));
    }
    std::vector<Step> steps;
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k + 1 < reduced[i].hull.size(); ++k) {
            const McOption& a = items[i][size_t(reduced[i].hull[k])];
            const McOption& b = items[i][size_t(reduced[i].hull[k + 1])];
            steps.push_back({ int(i), int(k), b.weight - a.weight, b.cost - a.cost, (a.cost - b.cost) / (b.weight - a.weight) });
        }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.efficiency > b.efficiency; });
    HullPoint p { 0, 0 };
    for (size_t i = 0; i < n; ++i) {
        const McOption& o = items[i][size_t(reduced[i].hull.front())];
        p.weight += o.weight;
        p.cost += o.cost;
    }
    out.reserve(steps.size() + 1);
    out.push_back(p);
    // Steps of one item come out in hull order, since its efficiencies decrease along its hull.
    for (const Step& st : steps) {
        p.weight += st.dw;
        p.cost += st.dc;
        p.item = st.item;
        p.option = reduced[size_t(st.item)].hull[size_t(st.k) + 1];
        out.push_back(p);
    }
    return out;
}

} // namespace ql

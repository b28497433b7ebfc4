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

    struct Solver {
        const std::vector<std::vector<McOption>>& opts;
        std::vector<Item> items;
        std::vector<Step> steps; ///< all hull steps, best efficiency first
        std::vector<double> minWeightSuffix; ///< Σ lightest weights of items i..n
        std::vector<double> minCostAtLightest; ///< per item: cost of its lightest option
        std::vector<int> current, best;
        double bestCost = std::numeric_limits<double>::infinity();
        double capacity;
        int64_t nodes = 0, nodeLimit;
        bool aborted = false;

        /// LP bound of items [from, n) with weight budget r: lightest options, then the best steps.
        double lpBound(size_t from, double r) const
        {
            double cost = 0;
            for (size_t i = from; i < items.size(); ++i)
                cost += minCostAtLightest[i];
            r -= minWeightSuffix[from];
            if (r < -kEps * std::max(1.0, capacity))
                return std::numeric_limits<double>::infinity();
            for (const Step& s : steps) {
                if (size_t(s.item) < from)
                    continue;
                if (s.dw <= r) {
                    r -= s.dw;
                    cost += s.dc;
                } else {
                    cost += s.dc * (r / s.dw);
                    break;
                }
            }
            return cost;
        }

        void search(size_t i, double weight, double cost)
        {
            if (aborted)
                return;
            if (++nodes > nodeLimit) {
                aborted = true;
                return;
            }
            if (i == items.size()) {
                if (cost < bestCost) {
                    bestCost = cost;
                    best = current;
                }
                return;
            }
            // Try options by LP preference: those on the hull first, heavier (better) first.
            const auto& cand = items[i].all;
            for (auto it = cand.rbegin(); it != cand.rend(); ++it) {
                const McOption& o = opts[i][size_t(*it)];
                const double w = weight + o.weight;
                if (w + minWeightSuffix[i + 1] > capacity * (1 + kEps))
                    continue;
                const double bound = cost + o.cost + lpBound(i + 1, capacity - w);
                // Only a strictly better completion is worth searching for.
                if (bound >= bestCost - kEps * std::max(1.0, std::fabs(bestCost)))
                    continue;
                current[i] = *it;
                search(i + 1, w, cost + o.cost);
            }
        }
    };
} // namespace

McSolution solveMckp(const std::vector<std::vector<McOption>>& items, double capacity, int64_t nodeLimit)
{
    McSolution sol;
    const size_t n = items.size();
    Solver s { items, {}, {}, {}, {}, {}, {}, std::numeric_limits<double>::infinity(), capacity, 0, nodeLimit, false };
    s.items.reserve(n);
    for (const auto& o : items) {
        if (o.empty())
            return sol;
        s.items.push_back(reduce(o));
    }
    s.minWeightSuffix.assign(n + 1, 0.0);
    s.minCostAtLightest.resize(n);
    for (size_t i = n; i-- > 0;) {
        const McOption& light = items[i][size_t(s.items[i].all.front())];
        s.minWeightSuffix[i] = s.minWeightSuffix[i + 1] + light.weight;
        s.minCostAtLightest[i] = light.cost;
    }
    if (s.minWeightSuffix[0] > capacity * (1 + kEps))
        return sol; // infeasible
    for (size_t i = 0; i < n; ++i) {
        const auto& h = s.items[i].hull;
        for (size_t k = 0; k + 1 < h.size(); ++k) {
            const McOption& a = items[i][size_t(h[k])];
            const McOption& b = items[i][size_t(h[k + 1])];
            s.steps.push_back({ int(i), int(k), b.weight - a.weight, b.cost - a.cost, (a.cost - b.cost) / (b.weight - a.weight) });
        }
    }
    std::stable_sort(s.steps.begin(), s.steps.end(), [](const Step& a, const Step& b) { return a.efficiency > b.efficiency; });

    // Incumbent: the LP's integral part (hull steps taken while they fit).
    s.current.assign(n, 0);
    std::vector<size_t> pos(n, 0);
    double r = capacity - s.minWeightSuffix[0];
    for (const Step& st : s.steps) {
        if (size_t(st.k) != pos[size_t(st.item)] || st.dw > r)
            continue;
        r -= st.dw;
        pos[size_t(st.item)] = size_t(st.k) + 1;
    }
    double w0 = 0, c0 = 0;
    for (size_t i = 0; i < n; ++i) {
        s.current[i] = s.items[i].hull[pos[i]];
        w0 += items[i][size_t(s.current[i])].weight;
        c0 += items[i][size_t(s.current[i])].cost;
    }
    s.best = s.current;
    s.bestCost = c0;
    (void)w0;
    s.search(0, 0.0, 0.0);

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
    HullPoint p { 0, 0, std::vector<int>(n) };
    for (size_t i = 0; i < n; ++i) {
        p.choice[i] = reduced[i].hull.front();
        p.weight += items[i][size_t(p.choice[i])].weight;
        p.cost += items[i][size_t(p.choice[i])].cost;
    }
    out.push_back(p);
    // Steps of one item come out in hull order, since its efficiencies decrease along its hull.
    for (const Step& st : steps) {
        p.choice[size_t(st.item)] = reduced[size_t(st.item)].hull[size_t(st.k) + 1];
        p.weight += st.dw;
        p.cost += st.dc;
        out.push_back(p);
    }
    return out;
}

} // namespace ql

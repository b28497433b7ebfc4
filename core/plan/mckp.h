#pragma once
/// \file mckp.h
/// \brief An exact solver for the multiple-choice knapsack problem: pick one option per item,
/// minimising the total cost with the total weight within a capacity.

#include <cstdint>
#include <vector>

namespace ql {

struct McOption {
    double weight = 0; ///< e.g. bits
    double cost = 0; ///< e.g. predicted error
};

struct McSolution {
    std::vector<int> choice; ///< option index per item
    double weight = 0, cost = 0;
    bool feasible = false; ///< false when even the lightest options exceed the capacity
    bool optimal = false; ///< false only when the search hit its node limit (the best found is returned)
};

/// \brief Minimises Σ cost subject to Σ weight ≤ capacity, one option per item.
/// Branch and bound over the items with the linear-programming relaxation as the bound (dominated
/// and LP-dominated options removed first); exact unless \p nodeLimit nodes are exceeded.
McSolution solveMckp(const std::vector<std::vector<McOption>>& items, double capacity, int64_t nodeLimit = 20'000'000);

/// \brief The lower convex hull of the achievable (Σ weight, Σ cost) pairs, from the lightest choice
/// to the cheapest (the LP relaxation's integral vertices). Each point after the first changes one
/// item's option: replaying the changes from the lightest choice gives the choice at any point.
struct HullPoint {
    double weight, cost;
    int item = -1, option = -1; ///< the change from the previous point (−1 for the first point)
};
std::vector<HullPoint> convexFrontier(const std::vector<std::vector<McOption>>& items);

} // namespace ql

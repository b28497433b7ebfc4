// Planner speed: an exact solve for 1000 tensors × 20 specs (sweep-like errors that fall with
// bits, sizes of a real LLM's mix), and the whole convex frontier, against a greedy baseline
// (the LP's integral part, which is what a heuristic planner would return).
#include "core/plan/mckp.h"
#include "core/plan/planner.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

namespace {

std::vector<std::vector<ql::McOption>> instance(int tensors, int specs, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.5, 2.0);
    std::vector<std::vector<ql::McOption>> items(static_cast<size_t>(tensors));
    const double sizes[] = { 4096.0 * 4096, 4096.0 * 11008, 1024.0 * 4096 };
    for (int t = 0; t < tensors; ++t) {
        const double params = sizes[t % 3];
        const double sensitivity = u(rng) * (t % 17 == 0 ? 20 : 1);
        for (int k = 0; k < specs; ++k) {
            const double bits = 2.0 + 6.5 * k / (specs - 1) + 0.01 * u(rng);
            items[size_t(t)].push_back({ params * bits, sensitivity * std::pow(2.0, -2 * bits) * u(rng) });
        }
    }
    return items;
}

double capacityAt(const std::vector<std::vector<ql::McOption>>& items, double bpwFraction)
{
    double lo = 0, hi = 0;
    for (const auto& opts : items) {
        lo += opts.front().weight;
        hi += opts.back().weight;
    }
    return lo + (hi - lo) * bpwFraction;
}

void BM_SolveExact(benchmark::State& state)
{
    const auto items = instance(int(state.range(0)), int(state.range(1)), 1);
    const double cap = capacityAt(items, 0.35);
    bool optimal = true;
    for (auto _ : state) {
        const auto s = ql::solveMckp(items, cap);
        optimal = optimal && s.optimal;
        benchmark::DoNotOptimize(s.cost);
    }
    state.counters["optimal"] = optimal ? 1 : 0;
}

void BM_Frontier(benchmark::State& state)
{
    const auto items = instance(int(state.range(0)), int(state.range(1)), 1);
    for (auto _ : state)
        benchmark::DoNotOptimize(ql::convexFrontier(items).size());
}

} // namespace

BENCHMARK(BM_SolveExact)->Args({ 1000, 20 })->Args({ 200, 20 })->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frontier)->Args({ 1000, 20 })->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();

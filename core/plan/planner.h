#pragma once
/// \file planner.h
/// \brief Mixed precision: one spec per tensor, chosen from a sweep to minimise the predicted error
/// under a size budget (or the size under an error target), with locks, minimum widths, ties and
/// per-role restrictions; the Pareto frontier of size against predicted error.

#include "core/analysis/sweep.h"
#include "core/util/limits.h"

#include <optional>
#include <string>
#include <vector>

namespace ql {

/// \brief What is minimised (or bounded): the weight error or the layer-output error (tensors the
/// sweep has no output error for count with their weight error).
enum class PlanMetric {
    Weight, ///< relative MSE of the weights
    Output, ///< layer-output error (weight error where the sweep has none)
    EndToEnd, ///< the judge's KL with one tensor quantized at a time (tensors without it stay as they are)
};

/// \brief The error a sweep cell contributes to a plan under \p metric. Tensors without calibration
/// statistics (an embedding has no linear input to capture) count with their weight error under the
/// output metric too.
double sweepCellError(const SweepCell& c, PlanMetric metric);

struct Budget {
    enum class Kind { BitsPerWeight, Bytes, MaxError };
    Kind kind = Kind::BitsPerWeight;
    double value = 4.5;
};

/// \brief Constraints on the choice. Patterns are Perl-compatible regular expressions (PCRE2) searched in names.
struct PlanConstraints {
    struct Lock {
        std::string pattern, spec; ///< matching tensors use exactly this spec
    };
    struct MinBits {
        std::string pattern;
        double bits = 0; ///< matching tensors use a spec of at least this many bits per weight
    };
    std::vector<Lock> locks;
    std::vector<MinBits> minBits;
    /// Tensors whose names give the same result when this pattern's match (with its capture groups)
    /// is taken as the key share one spec: `layers\.(\d+)\.self_attn\.[qkv]_proj` ties q, k and v per layer.
    std::vector<std::string> ties;
    /// Roles (as the sweep names them) that may only use the listed specs.
    std::vector<std::pair<std::string, std::vector<std::string>>> roleSpecs;
};

/// \brief The tie that gives all experts of a layer one spec per projection, as ModelOpt's AutoQuantize ties
/// them: Hugging Face experts (`model.layers.N.mlp.experts.E.up_proj.weight`, Mixtral's
/// `block_sparse_moe.experts.E.w3.weight`) keyed by layer and projection. A GGUF expert stack (3-D
/// ffn_*_exps) is one tensor, and so already one spec.
inline constexpr const char* kExpertTie = R"(layers\.(\d+)\.(?:mlp|block_sparse_moe)\.experts\.\d+\.(\w+)\.weight$)";

struct PlanEntry {
    std::string name;
    int64_t parameters = 0;
    std::string spec;
    double bitsPerWeight = 0;
    double predictedError = 0;
    bool locked = false;
    std::string method = "rtn"; ///< how the spec is applied: "rtn", "gptq" or "awq" (the last two need calibration inputs)
    std::string reason; ///< why the tensor got its spec where a tool chose it ("mixture", "override", "fallback from q4_K", …)
    int64_t rowLength = 0; ///< values per row (innermost axis), 0 when unknown: tells whether a block type fits
};

struct Plan {
    std::string model;
    uint64_t modelBytes = 0;
    Budget budget;
    PlanMetric metric = PlanMetric::Weight;
    std::vector<PlanEntry> entries;
    std::vector<std::string> fullPrecision; ///< tensors of the sweep that none of its specs can hold (left as they are)
    bool optimal = true; ///< false if the exact search hit its node limit
    // Totals.
    int64_t parameters = 0;
    double bits = 0, bitsPerWeight = 0, bytes = 0, predictedError = 0;
    void computeTotals();
};

/// \brief Solves for the best plan. Tensors that no swept spec can hold stay at full precision
/// (Plan::fullPrecision). Throws ql::Error(Infeasible) when the constraints leave a tensor no spec,
/// or Unsupported (saying the smallest plan possible) when no plan meets the budget.
Plan solvePlan(const SweepResult& sweep, const Budget& budget, const PlanConstraints& constraints = {},
    PlanMetric metric = PlanMetric::Weight);

/// \brief A point of the Pareto frontier: total bits per weight and predicted error.
struct FrontierPoint {
    double bitsPerWeight, predictedError;
};
/// \brief The lower convex hull of (bits per weight, predicted error) over all plans that satisfy
/// the constraints: every plan on it is optimal for its own size.
std::vector<FrontierPoint> paretoFrontier(const SweepResult& sweep, const PlanConstraints& constraints = {},
    PlanMetric metric = PlanMetric::Weight);

/// \brief Writes a plan as JSON (`"format": "quantlens-plan", "version": 1`), atomically.
void savePlan(const Plan& plan, const std::string& path);
/// \brief Reads a plan; entries with only `name` and `spec` are valid (the rest is filled in where known).
Plan loadPlan(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
std::string planToJson(const Plan& plan);
Plan planFromJson(const std::string& text, const std::string& source, const LoadLimits& limits = defaultLoadLimits());

} // namespace ql

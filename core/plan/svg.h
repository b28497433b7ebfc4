#pragma once
/// \file svg.h
/// \brief Plain SVG pictures for reports (no GUI needed): the Pareto curve with the plan on it, and
/// the sensitivity heatmap.

#include "planner.h"

#include <string>
#include <vector>

namespace ql {

/// \brief Predicted error against bits per weight, the frontier as a line and \p plan as a dot.
std::string paretoSvg(const std::vector<FrontierPoint>& frontier, const Plan& plan);
/// \brief Tensors × specs, each cell coloured by log10 of its relative MSE (green small, red large).
std::string heatmapSvg(const SweepResult& sweep);

} // namespace ql

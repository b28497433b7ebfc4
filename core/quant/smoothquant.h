#pragma once
/// \file smoothquant.h
/// \brief SmoothQuant (Xiao et al., 2023): migrate quantization difficulty from activations to
/// weights with per-input-channel scales s_j = max|X_j|^α / max|W_j|^(1−α); the layer computes
/// (X·diag(s)⁻¹)(W·diag(s))ᵀ = XWᵀ, but both factors are now easy to quantize to 8 bits (W8A8).

#include "quantizer.h"

#include "core/io/calibration.h"

#include <vector>

namespace ql {

struct SmoothOptions {
    double alpha = 0.5; ///< migration strength: 0 leaves the activations as they are, 1 moves everything to the weights
    bool perTokenActivations = false; ///< INT8 activations with one scale per token (dynamic) instead of one per tensor (static)
};

/// \brief W8A8 error of one layer on the calibration inputs, before and after smoothing.
struct SmoothResult {
    std::vector<float> scales; ///< s per input channel
    std::vector<float> activationMax, weightMax; ///< per input channel, before smoothing
    std::vector<float> activationMaxAfter, weightMaxAfter; ///< after
    double errorBefore = 0, errorAfter = 0; ///< ‖XWᵀ − Q(X')Q(W')ᵀ‖² / ‖XWᵀ‖² (INT8 weights per output channel)
    int64_t tokens = 0; ///< input rows the errors were measured on
};

/// \brief Smooths the layer \p w ([out, in]) with its kept calibration inputs (\p calib.inputs,
/// [tokens, in]); max|X_j| from those rows. Throws ql::Error when the calibration data has no rows
/// of this width.
SmoothResult smoothQuant(const WeightMatrix& w, const CalibrationEntry& calib, const SmoothOptions& options = {});

} // namespace ql

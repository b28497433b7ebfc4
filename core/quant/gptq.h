#pragma once
/// \file gptq.h
/// \brief GPTQ (Frantar et al., 2022): quantizes a linear layer's weight column by column and
/// spreads each column's rounding error over the columns not yet quantized, weighted by the inverse
/// of the layer's input Hessian H = XᵀX, so that the layer's output on the calibration inputs
/// changes as little as possible. Columns are processed in blocks with lazy batch updates;
/// optional activation order. Also: the output error of any quantized weight on those inputs.

#include "quantizer.h"
#include "spec.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace ql {

class Progress;

struct GptqOptions {
    double damp = 0.01; ///< λ = damp × mean(diag H) added to the diagonal
    int blockSize = 128; ///< columns per lazy-update block
    /// Process columns by decreasing H_jj (activation order). Scale groups then stay the contiguous
    /// groups of the original columns, computed from the original weights (static groups).
    bool actOrder = false;
};

/// \brief GPTQ of \p w ([out, in], row-major) with \p hessian = XᵀX ([in × in], row-major, from the
/// calibration inputs of this layer). \returns the dequantized weight, same layout. Works with every
/// integer, float and NF4/MXFP4 spec of the core at any granularity; llama.cpp block formats are
/// refused (they choose their own scales). Rows run in parallel in fixed chunks: the result is the
/// same for any thread count. Throws ql::Error when H is not positive definite even after more
/// damping, or on cancellation through \p progress.
std::vector<float> gptqQuantize(const QuantSpec& spec, const WeightMatrix& w, const std::vector<double>& hessian,
    const GptqOptions& options = {}, Progress* progress = nullptr);

/// \brief Relative error of the layer's output on the calibration inputs,
/// ‖(W − Q)Xᵀ‖² / ‖WXᵀ‖² = tr((W − Q) H (W − Q)ᵀ) / tr(W H Wᵀ) with H = XᵀX.
double outputRelError(const WeightMatrix& w, const float* q, const std::vector<double>& hessian);
/// \brief The two sums of outputRelError(): { tr((W − Q) H (W − Q)ᵀ), tr(W H Wᵀ) } (to pool several blocks of rows,
/// each with its own H, as the experts of a stack).
std::pair<double, double> outputErrorSums(const WeightMatrix& w, const float* q, const std::vector<double>& hessian);

} // namespace ql

#pragma once
/// \file quantizer.h
/// \brief Fake quantization, integer codes, packing and fused error metrics of a weight matrix.
///
/// A weight is seen as a row-major matrix [rows = output channels, cols = everything else]
/// (see readWeightMatrix). Scales are shared per tensor, per row, or per group of `group`
/// consecutive columns of a row (the last group of a row may be shorter). All functions work over
/// row ranges, run in parallel with TBB over fixed row chunks, and give bit-identical results
/// whatever the thread count.

#include "calibrate.h"
#include "spec.h"

#include "core/io/model.h"

#include <cstdint>
#include <vector>

namespace ql {

/// \brief A read-only view of a weight as [rows, cols].
struct WeightMatrix {
    const float* data = nullptr;
    int64_t rows = 0, cols = 0;
    int64_t size() const { return rows * cols; }
};

/// \brief A tensor read into memory as an [out, rest] matrix: Keras kernels ([in, out],
/// [kh, kw, in, out]) are transposed so that rows are output channels; 1-D tensors are one row.
struct OwnedMatrix {
    std::vector<float> values;
    int64_t rows = 0, cols = 0;
    WeightMatrix view() const { return { values.data(), rows, cols }; }
};
OwnedMatrix readWeightMatrix(const Model& model, size_t tensor);

/// \brief Per-group scales and zero-points.
struct QuantParams {
    int64_t groupCols = 0; ///< columns per group (cols for channel/tensor granularity)
    int64_t groupsPerRow = 0;
    bool perTensor = false; ///< a single scale for everything
    std::vector<float> scale; ///< [rows × groupsPerRow] (or 1 when perTensor)
    std::vector<float> zero; ///< asymmetric integers only: zero-point codes
    std::vector<float> importance; ///< per input column (llama.cpp imatrix), used by the block formats
    float tensorScale = 0; ///< nvfp4: the FP32 per-tensor scale (scale[] then holds E4M3 block scale × it)
    /// \returns the index of the scale of (row, column).
    size_t index(int64_t row, int64_t col) const
    {
        return perTensor ? 0 : size_t(row * groupsPerRow + col / groupCols);
    }
};

/// \brief Computes the scales (and zero-points) of every group, using the spec's clip method.
/// The llama.cpp block formats choose their scales inside their own quantizers: for them this checks
/// the row length and keeps \p importance (per input column, e.g. a llama.cpp imatrix), which selects
/// llama.cpp's importance-weighted quantizers.
QuantParams computeParams(const QuantSpec& spec, const WeightMatrix& w, const float* importance = nullptr);

/// \brief Writes the dequantized values of rows [rowBegin, rowEnd) into \p out (same layout as w).
void fakeQuantizeRows(const QuantSpec& spec, const WeightMatrix& w, const QuantParams& p, int64_t rowBegin,
    int64_t rowEnd, float* out);
/// \brief The whole matrix, in parallel.
std::vector<float> fakeQuantize(const QuantSpec& spec, const WeightMatrix& w, const QuantParams& p);

/// \brief Integer codes: signed codes for symmetric integers, [0, 2^b) for asymmetric ones, level
/// indices (0…15) for NF4, and the format's bit patterns for FP8 / FP6 / FP4 elements (also of MX and NVFP4 blocks).
std::vector<int32_t> quantizeCodes(const QuantSpec& spec, const WeightMatrix& w, const QuantParams& p);

/// \brief Packs 4-bit codes two per byte: element 2i in the low nibble, 2i+1 in the high nibble.
/// Signed codes (symmetric INT4) are stored offset by +8 (so −8…7 becomes 0…15).
std::vector<uint8_t> packInt4(const std::vector<int32_t>& codes, bool signedCodes);
/// \brief Inverse of packInt4 for \p count codes.
std::vector<int32_t> unpackInt4(const std::vector<uint8_t>& packed, int64_t count, bool signedCodes);

/// \brief Reconstruction error of w against Q(w).
struct ErrorMetrics {
    int64_t count = 0; ///< finite values compared
    double relMse = 0; ///< Σ(w−Q(w))² / Σw²
    double sqnrDb = 0; ///< −10·log10(relMse)
    double cosine = 1; ///< cosine similarity of w and Q(w)
    double maxAbsErr = 0;
    double meanErr = 0; ///< mean of Q(w) − w (bias)
    double weightedRelMse = 0; ///< Σ v_j (w−Q(w))² / Σ v_j w² with per-column weights v, when given
};

/// \brief Error metrics through a fused path that never materialises Q(w); \p columnWeights
/// (length cols, optional) weights each input column, e.g. by diag(XᵀX).
ErrorMetrics measureError(const QuantSpec& spec, const WeightMatrix& w, const QuantParams& p,
    const float* columnWeights = nullptr);

/// \brief The same metrics with the spec's own scales, computed on the way: integer groups and
/// channels with min-max ranges in one pass over \p w (equal to computeParams + measureError).
ErrorMetrics measureError(const QuantSpec& spec, const WeightMatrix& w);

/// \brief Error of an already dequantized matrix \p q against \p w (same layout). Passing the
/// params' groupCols makes the sums bit-identical to measureError's for the same data.
ErrorMetrics compareMatrices(const WeightMatrix& w, const float* q, const float* columnWeights = nullptr, int64_t groupCols = 0);

} // namespace ql

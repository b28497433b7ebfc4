#pragma once
/// \file elementformat.h
/// \brief The elementwise formats (integers, small floats, lookup tables): each value is rounded on
/// its own to a grid scaled per tensor, per output channel or per group of columns. A family supplies
/// how a group's scale follows from its range and how one value is rounded (the scalar reference),
/// and where it has them the vector kernels (a group at a time, and quantize-and-sum in one pass);
/// the shared machinery here turns those into parameters, fake quantization, codes and error sums.

#include "calibrate.h"
#include "numberformat.h"
#include "quantizer.h"
#include "simd.h"

#include <cstdint>
#include <vector>

namespace ql {

/// \brief Per-group values of one row that the one-pass error kernels read (see
/// ElementFormat::addErrorOnePass): ranges, scales, their reciprocals, zero-points and code bounds.
struct RowScales {
    std::vector<float> mn, mx, scale, inv, zero, lo, hi;
    std::vector<uint8_t> finite;
    explicit RowScales(size_t groups)
        : mn(groups)
        , mx(groups)
        , scale(groups)
        , inv(groups)
        , zero(groups)
        , lo(groups)
        , hi(groups)
        , finite(groups)
    {
    }
};

class ElementFormat : public NumberFormat {
public:
    using NumberFormat::NumberFormat;
    const ElementFormat* element() const override { return this; }

    // ---- what a family supplies -----------------------------------------------------------------

    /// \brief Scale (and zero-point) of a group from its clip range.
    virtual void scaleFromRange(const QuantSpec& s, const ClipRange& r, float& scale, float& zero) const = 0;
    /// \brief The dequantized value of one element (the scalar reference); \p index drives
    /// stochastic rounding.
    virtual float quantizeValue(const QuantSpec& s, float x, float scale, float zero, uint64_t index) const = 0;
    /// \brief The stored code of one element (see quantizeCodes()).
    virtual int32_t code(const QuantSpec& s, float x, float scale, float zero, uint64_t index) const = 0;
    /// \returns whether a group's scale depends on the whole tensor (nvfp4's block scales follow its
    /// FP32 tensor scale), so that scaleFromRange() cannot give it and params() must be used.
    virtual bool tensorWideScales() const { return false; }
    /// \returns whether the spec stores a zero-point per scale.
    virtual bool hasZeroPoint(const QuantSpec& s) const { return false; }
    /// \returns the positive levels the KL calibration merges a histogram into.
    virtual int klLevels(const QuantSpec& s) const { return 8; }

    /// \returns whether quantizeGroupFast() serves \p s (bit-identical to the reference).
    virtual bool hasFastKernel(const QuantSpec& s) const { return false; }
    /// \brief A group through the vector kernel.
    virtual void quantizeGroupFast(
        const QuantSpec& s, const float* x, int64_t n, float scale, float zero, float* out) const
    {
    }

    /// \returns whether groups with \p scale may be quantized and summed in one pass (fusedBlockSums).
    virtual bool fuses(const QuantSpec& s, float scale) const { return false; }
    /// \brief Quantizes one block of \p n ≤ kAccumBlock values and adds its error sums in one pass,
    /// exactly as quantizing and then summing would; false (nothing added) when the block holds what
    /// the kernel refuses (NaN, infinities, huge values).
    virtual bool fusedBlockSums(
        const QuantSpec& s, const float* x, int64_t n, float scale, float zero, simd::LaneSums& acc) const
    {
        return false;
    }

    // One-pass error path over whole rows (see addErrorOnePass).
    /// \returns whether the family has one-pass kernels for \p s (given that its granularity and clip
    /// method allow one).
    virtual bool onePassKernels(const QuantSpec& s) const { return false; }
    /// \returns whether only max|x| of each group is needed (symmetric ranges).
    virtual bool absRanges(const QuantSpec& s) const { return true; }
    /// \brief The scales (and what the kernels need) of the finite groups of a row from their ranges,
    /// exactly as params() gives them.
    virtual void rangeScales(const QuantSpec& s, RowScales& rs, size_t groups) const;
    /// \brief The code bounds of a scale with zero-point \p zero (integers).
    virtual void codeBounds(const QuantSpec& s, float zero, float& lo, float& hi) const { }
    /// \brief Quantizes and sums \p groups consecutive groups starting at group \p first of \p rs in
    /// one vector call; false when refused (the caller then takes the general path for them).
    virtual bool groupsErrorSums(const QuantSpec& s, const float* x, int64_t groups, int64_t groupCols,
        const RowScales& rs, size_t first, const float* next, simd::LaneSums& acc) const
    {
        return false;
    }

    // ---- the shared machinery -------------------------------------------------------------------

    /// \brief One group: the vector kernel where there is one, else the reference.
    void quantizeGroup(
        const QuantSpec& s, const float* x, int64_t n, float scale, float zero, uint64_t index, float* out) const;
    /// \brief One group value by value through quantizeValue.
    void quantizeGroupReference(
        const QuantSpec& s, const float* x, int64_t n, float scale, float zero, uint64_t index, float* out) const;
    /// \brief Adds the error of columns [c0, end) of row \p r (\p x its start) with one scale to \p e.
    void addGroup(const QuantSpec& s, const float* x, int64_t r, int64_t cols, int64_t c0, int64_t end, float scale,
        float zero, const float* columnWeights, ErrorSums& e) const;

    QuantParams params(const QuantSpec& s, const WeightMatrix& w, const float* importance) const override;
    void quantizeRows(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, int64_t r0, int64_t r1,
        float* out) const override;
    void addError(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, const float* columnWeights,
        int64_t r0, int64_t r1, ErrorSums& e) const override;
    bool hasOnePass(const QuantSpec& s) const override;
    void addErrorOnePass(const QuantSpec& s, const WeightMatrix& w, int64_t r0, int64_t r1, const QuantParams* tensor,
        ErrorSums& e) const override;
    /// \brief Codes of every value (see quantizeCodes()).
    std::vector<int32_t> codes(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p) const;
};

/// \brief Bits per weight of an elementwise spec: \p element bits per value plus its scale storage —
/// \p groupScaleBits per group (FP16 as GPTQ/AWQ checkpoints store it, FP32 for NF4's absmax), an
/// E8M0 byte per fixed block (MX), FP32 per channel and per tensor (as torch's per-channel
/// quantization does) — and \p zeroBits per scale for a zero-point.
double scaledBitsPerWeight(
    const QuantSpec& s, double element, double groupScaleBits, double zeroBits, int64_t rowLength, int64_t values);

/// \returns the elementwise format of \p s; throws ql::Error(Unsupported) for a block format.
const ElementFormat& elementFormatOf(const QuantSpec& s);

} // namespace ql

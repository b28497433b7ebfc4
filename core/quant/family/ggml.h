#pragma once
/// \file ggml.h
/// \brief The llama.cpp (ggml) block types: fixed blocks that choose their own scales, written for
/// QuantLens so that their bytes are bit-identical to ggml_quantize_chunk of the pinned release (with
/// and without an importance matrix), and decoded by the GGUF reader's own code (io/ggmlblocks.h).
/// Each family of types (ggml_classic.cpp, ggml_kquant.cpp, …) derives from BlockFormat.

#include "core/quant/numberformat.h"

#include "core/io/dtype.h"

#include <cstdint>

namespace ql {

/// \brief The float-to-integer cast of llama.cpp's C code as x86 executes it (cvttss2si): toward
/// zero, and INT32_MIN for NaN and for values beyond int32, which C and C++ leave undefined (a
/// subnormal block scale makes ±inf and NaN codes). Narrower casts keep the low bits, as there.
inline int32_t x86Int32(float v) { return v >= -2147483648.0f && v < 2147483648.0f ? int32_t(v) : INT32_MIN; }
inline int8_t x86Int8(float v) { return int8_t(x86Int32(v)); }

class BlockFormat : public NumberFormat {
public:
    /// \p llamaCppName is the type name llama-quantize takes ("q4_K"), \p ggmlType its ggml id.
    BlockFormat(QFormat id, const char* name, DType dtype, uint32_t ggmlType, const char* llamaCppName)
        : NumberFormat(id, name)
        , dtype_(dtype)
        , ggmlType_(ggmlType)
        , llamaCppName_(llamaCppName)
    {
    }
    const BlockFormat* blocks() const override { return this; }

    /// \returns the storage type of the blocks (what a GGUF tensor of this type says).
    DType dtype() const { return dtype_; }
    /// \returns the ggml type id.
    uint32_t ggmlType() const { return ggmlType_; }
    /// \returns the type name llama-quantize and --tensor-type take.
    const char* llamaCppName() const { return llamaCppName_; }
    /// \returns the values of one block.
    int blockValues() const { return dtypeBlockElements(dtype_); }
    /// \returns the bytes of one block.
    int blockBytes() const { return dtypeBlockBytes(dtype_); }
    /// \returns the bytes of the blocks of \p n values (a multiple of blockValues()).
    int64_t rowBytes(int64_t n) const { return n / blockValues() * blockBytes(); }
    /// \returns whether ggml refuses to quantize the type without an importance matrix
    /// (ggml_quantize_requires_imatrix).
    virtual bool requiresImportance() const { return false; }

    /// \brief Quantizes \p n values (a whole number of blocks) into blocks at \p out, as
    /// ggml_quantize_chunk does with importance \p importance (per value, or null). \p vector selects
    /// the vector kernels where the type has them; false gives the scalar reference they are tested
    /// against (the same bytes).
    virtual void quantizeBlocks(
        const float* x, int64_t n, uint8_t* out, const float* importance, bool vector) const = 0;
    /// \brief quantizeBlocks with its checks: \p n a whole number of blocks, importance where required
    /// (throws ql::Error(Unsupported) saying what is missing).
    void quantizeRow(const float* x, int64_t n, uint8_t* out, const float* importance, bool vector = true) const;
    /// \brief Q(x) of a row without importance straight to floats, where the type has a kernel for
    /// it: equal to quantizeRow then decode bit for bit. \returns false where it cannot (the caller
    /// then quantizes and decodes).
    virtual bool roundTripRow(const float* x, int64_t n, float* out) const { return false; }
    /// \brief Decodes \p blocks blocks (the GGUF reader's decoder, bit-identical to ggml's).
    void decode(const uint8_t* src, int64_t blocks, float* out) const;

    void defaults(QuantSpec& s) const override;
    double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const override;
    QuantParams params(const QuantSpec& s, const WeightMatrix& w, const float* importance) const override;
    void quantizeRows(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, int64_t r0, int64_t r1,
        float* out) const override;
    void addError(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, const float* columnWeights,
        int64_t r0, int64_t r1, ErrorSums& e) const override;

private:
    DType dtype_;
    uint32_t ggmlType_;
    const char* llamaCppName_;
};

/// \returns the block format of \p f; throws ql::Error(Unsupported) for elementwise formats.
const BlockFormat& blockFormatOf(QFormat f);

} // namespace ql

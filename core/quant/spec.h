#pragma once
/// \file spec.h
/// \brief The quantization spec grammar used everywhere (CLI, plan files, GUI):
/// `FORMAT[:GRANULARITY][:sym|asym][:CLIP][:ROUNDING]`, e.g. `int4:g128:sym:mse`, `int8:channel`,
/// `nf4:g64`, `mxfp4`, `fp8_e4m3:tensor`, `bf16`, `q4_k`.

#include <cstdint>
#include <string>
#include <string_view>

namespace ql {

/// \brief Number formats.
enum class QFormat {
    Int, ///< INT2…INT8 (QuantSpec::bits)
    FP16, BF16, FP8_E4M3, FP8_E5M2, FP4_E2M1,
    MXFP4, ///< E2M1 values with a shared E8M0 power-of-two scale per 32
    MXFP8_E4M3, MXFP8_E5M2, MXFP6_E2M3, MXFP6_E3M2, ///< OCP MX: FP8 / FP6 values, an E8M0 scale per 32
    NVFP4, ///< NVIDIA's NVFP4: E2M1 values, an FP8 E4M3 scale per 16, an FP32 scale per tensor
    NF4, ///< QLoRA NormalFloat levels with an absmax per block
    Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, ///< llama.cpp block formats (all from Q8_0 on)
    IQ4_NL, IQ4_XS, ///< llama.cpp's non-linear 4-bit types
    TQ1_0, TQ2_0, Q1_0, Q2_0, ///< llama.cpp's ternary and 1–2 bit types
    MXFP4_GGML, NVFP4_GGML, ///< llama.cpp's MXFP4 and NVFP4 types (ggml's rounding)
    IQ2_XXS, IQ2_XS, IQ2_S, ///< llama.cpp's 2-bit lattice i-quants
    IQ3_XXS, IQ3_S, ///< llama.cpp's 3-bit lattice i-quants
    IQ1_S, IQ1_M, ///< llama.cpp's 1-bit lattice i-quants
};

/// \brief Where scales are shared.
enum class Granularity {
    None, ///< no scale: values are cast to the format directly (fp16, bf16, raw fp8/fp4)
    Tensor, ///< one scale for the tensor
    Channel, ///< one scale per output channel
    Group, ///< one scale per group of QuantSpec::group values along the input dimension
    Block, ///< the format's own fixed block (mxfp4, llama.cpp formats)
};

/// \brief How the range of each scale group is chosen.
enum class ClipMethod {
    MinMax, ///< the full range
    Percentile, ///< the QuantSpec::percentile of |x| (sym) or both tails (asym)
    Mse, ///< the clip ratio that minimises the squared reconstruction error
    Kl, ///< the entropy method: threshold minimising KL divergence of a 2048-bin histogram
};

/// \brief How values are rounded to the grid.
enum class Rounding {
    NearestEven, ///< default: round to nearest, ties to even
    HalfAway, ///< round half away from zero
    Stochastic, ///< floor(x + u), u uniform in [0, 1) from a seeded counter-based generator
};

/// \brief A parsed spec. Construct with parseSpec(); toString() gives the canonical form.
struct QuantSpec {
    QFormat format = QFormat::Int;
    int bits = 8; ///< integer formats only
    Granularity granularity = Granularity::Channel;
    int group = 0; ///< values per group (Group, and the fixed block of Block formats)
    bool symmetric = true;
    ClipMethod clip = ClipMethod::MinMax;
    double percentile = 100.0; ///< ClipMethod::Percentile only
    Rounding rounding = Rounding::NearestEven;
    uint64_t seed = 0; ///< Rounding::Stochastic only

    /// \returns the canonical spec text, which parseSpec() maps back to an equal spec.
    std::string toString() const;
    bool operator==(const QuantSpec&) const = default;

    /// \returns true for the llama.cpp block formats.
    bool isGgml() const { return format >= QFormat::Q8_0; }
    /// \returns true for formats whose values are a float grid (fp16 … nf4).
    bool isFloat() const { return format != QFormat::Int && !isGgml(); }
};

/// \brief Parses a spec; throws ql::Error(BadSpec) whose message lists what is allowed.
QuantSpec parseSpec(std::string_view text);

/// \brief Bits per weight including scales, zero-points and block metadata. \p rowLength is the
/// number of values per output channel (needed for per-channel overhead; 0 ignores it) and
/// \p values the tensor's size (needed for per-tensor overhead; 0 ignores it).
double bitsPerWeight(const QuantSpec& spec, int64_t rowLength = 0, int64_t values = 0);

/// \returns the text listing every format and option (used in error messages and --help).
std::string specHelp();

} // namespace ql

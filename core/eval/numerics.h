#pragma once
/// \file numerics.h
/// \brief How the judge computes: in plain float (the format-independent view), or in the arithmetic
/// of llama.cpp's CPU backend where it changes results — each matrix product's activations rounded to
/// the weight type's dot-product type (Q8_K for the k-quants, Q8_0/Q8_1 for the legacy types, F16 for
/// F16 weights, …), keys and values stored in an F16 KV cache, and llama.cpp's attention kernels.

#include <cstdint>
#include <string>
#include <vector>

namespace ql {

struct Numerics {
    enum class Kind { Float, LlamaCpp };
    enum class Attention {
        Flash, ///< llama.cpp's flash attention, which its "auto" setting chooses on CPU
        NoFlash, ///< --flash-attn off: scores and probabilities through F16 matrix products
    };
    Kind kind = Kind::Float;
    bool kvF16 = true; ///< llama.cpp's default KV cache type; false: F32 (--kv f32)
    Attention attention = Attention::Flash;
    /// Floats per vector register of the llama.cpp build that runs (AVX-512 16, AVX2 8): with fewer
    /// than 64 queries or a head size it does not divide, its flash attention accumulates in F16.
    int simdFloats = 16;
    int ubatch = 512; ///< llama.cpp's physical batch (n_ubatch)

    bool llamaCpp() const { return kind == Kind::LlamaCpp; }
    /// \brief llama.cpp numerics with the vector width of the build llama.cpp would load on this CPU.
    static Numerics llamaCppHere();
};

/// \brief "float" or "llamacpp"; throws Error(BadSpec) otherwise.
Numerics::Kind numericsKind(const std::string& name);
/// \returns "float" or "llamacpp".
std::string numericsName(Numerics::Kind k);

/// \returns the type llama.cpp's CPU matrix product rounds activations to for weights of ggml type
/// \p weightType (its vec_dot_type): F32 for F32, F16 for F16, BF16, Q8_0, Q8_1 or Q8_K.
uint32_t ggmlVecDotType(uint32_t weightType);

/// \brief Rounds one activation row of \p n values in place to what llama.cpp's conversion to
/// \p vecDotType and back gives (\p n a multiple of the type's block): Q8_0 and Q8_1 as the x86 build
/// quantizes (scale max|x|/127 stored as F16, codes rounded to nearest even of x·127/max|x|), Q8_K as
/// ggml's reference (scale −max/127 in float), F16 and BF16 to nearest even.
void roundActivations(uint32_t vecDotType, float* x, int64_t n);

/// \brief Q8_1 rounding of one row (as roundActivations) that also gives, per 32-value block, how much
/// llama.cpp's stored block sum s = fp16(d·Σq) differs from the sum of the rounded values fp16(d)·Σq:
/// the Q4_1/Q5_1 dot product adds the weights' block minimum times s. \p correction holds n/32 values.
void roundActivationsQ8_1(float* x, int64_t n, float* correction);

/// \brief ggml's per-block minimum m of Q4_1 / Q5_1 blocks (\p blocks rows of \p cols values), [rows × cols/32].
std::vector<float> ggmlBlockMins(uint32_t type, const uint8_t* blocks, int64_t rows, int64_t cols);

} // namespace ql

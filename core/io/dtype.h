#pragma once
/// \file dtype.h
/// \brief Storage data types of every supported file format, and their decoding to float32.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ql {

/// \brief A storage element type. Block types (llama.cpp quantizations, packed sub-byte floats)
/// store blockElements() values in blockBytes() bytes.
enum class DType : uint8_t {
    F64, F32, F16, BF16,
    F8_E4M3, F8_E5M2, F8_E8M0, F6_E2M3, F6_E3M2, F4_E2M1,
    C64, C128,
    I64, I32, I16, I8, U64, U32, U16, U8, Bool,
    Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K,
    IQ2_XXS, IQ2_XS, IQ3_XXS, IQ1_S, IQ4_NL, IQ3_S, IQ2_S, IQ4_XS, IQ1_M, TQ1_0, TQ2_0, MXFP4, NVFP4, Q1_0, Q2_0,
};

/// \returns the display name ("F32", "BF16", "Q4_K", …).
std::string_view dtypeName(DType t);
/// \returns values per block (1 for plain types).
int dtypeBlockElements(DType t);
/// \returns bytes per block.
int dtypeBlockBytes(DType t);
/// \returns true for llama.cpp block-quantized types.
bool dtypeIsQuantized(DType t);

/// \brief Parses a safetensors dtype string ("F32", "BF16", "F8_E4M3", …).
std::optional<DType> dtypeFromSafetensors(std::string_view s);
/// \brief Maps a ggml type id to a DType (only types QuantLens can decode).
std::optional<DType> dtypeFromGgml(uint32_t id);
/// \returns the ggml name of a type id, also for types QuantLens cannot decode.
std::string ggmlTypeName(uint32_t id);

/// \brief Bytes needed for \p elements values, or nullopt when the count is not a whole number of
/// blocks or the result overflows.
std::optional<uint64_t> dtypeBytesFor(DType t, uint64_t elements);

/// \brief IEEE binary16 to float, exact (subnormals, infinities, NaN).
float halfToFloat(uint16_t h);
/// \brief bfloat16 to float, exact.
inline float bf16ToFloat(uint16_t h);

/// \brief Decodes \p blocks whole blocks starting at \p src into \p out.
/// \p bigEndian swaps multi-byte plain types (NumPy '>' arrays).
void decodeBlocks(DType t, const uint8_t* src, int64_t blocks, float* out, bool bigEndian = false);

} // namespace ql

#include <cstring>
inline float ql::bf16ToFloat(uint16_t h)
{
    uint32_t u = uint32_t(h) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

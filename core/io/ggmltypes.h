#pragma once
/// \file ggmltypes.h
/// \brief The ggml tensor types of the pinned llama.cpp release (ids, names, block geometry) — also
/// the types QuantLens cannot decode — as llama.cpp's own tools name and size them.

#include "dtype.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ql {

/// \brief One entry of ggml's type table.
struct GgmlTypeInfo {
    uint32_t id = 0;
    std::string_view name; ///< ggml_type_name(): "f32", "q4_K", "iq2_xxs", …
    int blockSize = 0; ///< values per block (1 for plain types, 0 for removed ids)
    int typeSize = 0; ///< bytes per block
    bool quantized = false; ///< ggml_is_quantized()
    bool writable = false; ///< llama-quantize can write tensors of this type
};

/// \brief ggml type ids used by name in the code.
namespace ggml {
    constexpr uint32_t F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9, Q2_K = 10, Q3_K = 11,
                       Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15, IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19,
                       IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22, IQ4_XS = 23, IQ1_M = 29, BF16 = 30, TQ1_0 = 34, TQ2_0 = 35,
                       MXFP4 = 39, NVFP4 = 40, Q1_0 = 41, Q2_0 = 42, Count = 43;
}

/// \returns the ggml type of a storage type (F32, F16, BF16 and the block types QuantLens decodes), or nullopt.
std::optional<uint32_t> ggmlTypeOfDType(DType t);

/// \returns the table entry of \p id, or nullopt for ids past the table.
std::optional<GgmlTypeInfo> ggmlType(uint32_t id);
/// \returns the type whose ggml name equals \p name ignoring case (as llama-quantize parses a type
/// argument), or nullopt.
std::optional<GgmlTypeInfo> ggmlTypeByName(std::string_view name);
/// \returns the names of every type llama-quantize can write, comma-separated (for messages).
std::string ggmlWritableTypeNames();

/// \brief llama-quantize's type for \p type on rows of \p rowLength values: its fallback table (Q4_K → Q5_0,
/// Q5_K → Q5_1, Q6_K → Q8_0, Q2_K/Q3_K → Q4_0, i-quants → IQ4_NL), F16 when even the fallback does not fit.
/// Returns \p type when it fits; throws Error(Unsupported) where llama-quantize has no fallback and stops.
uint32_t llamaFallbackType(uint32_t type, int64_t rowLength);

} // namespace ql

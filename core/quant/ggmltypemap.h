#pragma once
/// \file ggmltypemap.h
/// \brief QuantLens specs and ggml tensor types: which spec reproduces a llama.cpp type and back.

#include "spec.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ql {

/// \returns the ggml type a spec reproduces bit for bit (the llama.cpp block formats, fp16, bf16), or nullopt.
std::optional<uint32_t> ggmlTypeOfSpec(const QuantSpec& spec);
/// \brief As above for spec text; nullopt also for text that is not a spec.
std::optional<uint32_t> ggmlTypeForSpec(const std::string& spec);
/// \returns the canonical spec of a ggml type ("q4_k", "fp16", …), or empty when QuantLens has none.
std::string specForGgmlType(uint32_t type);

} // namespace ql

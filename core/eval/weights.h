#pragma once
/// \file weights.h
/// \brief Tensors replaced by their quantized values for a judge, with the llama.cpp type each would be
/// stored in (the judge's llama.cpp numerics compute a weight's products in its type's arithmetic).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ql {

struct QuantizedWeights {
    std::map<std::string, std::vector<float>> values; ///< dequantized values in each tensor's own layout
    std::map<std::string, uint32_t> ggmlTypes; ///< ggml type of the tensors that have one (absent: computed in float)

    QuantizedWeights() = default;
    /// \brief Values without types (computed in float under every numerics).
    QuantizedWeights(std::map<std::string, std::vector<float>> v)
        : values(std::move(v))
    {
    }
    operator const std::map<std::string, std::vector<float>>&() const { return values; }
    size_t size() const { return values.size(); }
    bool empty() const { return values.empty(); }
};

} // namespace ql

#pragma once
/// \file npyheader.h
/// \brief Parses the header of a NumPy .npy array (format versions 1, 2 and 3).

#include "dtype.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ql {

struct NpyHeader {
    DType dtype = DType::F32;
    bool bigEndian = false;
    bool fortranOrder = false;
    std::vector<int64_t> shape;
    uint64_t dataOffset = 0; ///< bytes from the start of the .npy to the first value
};

/// \brief Parses an .npy header from the first \p size bytes at \p p.
/// \p file and \p name are used in error messages. Throws ql::Error.
NpyHeader parseNpyHeader(const uint8_t* p, uint64_t size, const std::string& file, const std::string& name);

} // namespace ql

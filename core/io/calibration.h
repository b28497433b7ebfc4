#pragma once
/// \file calibration.h
/// \brief Calibration statistics per weight tensor (the calibration HDF5 layout of DESIGN.md):
/// `/calibration/<tensor>/` holding `hessian` [in, in] = XᵀX, `mean_sq` [in], `absmax` [in] and
/// optionally `inputs` [n, in], with an `n_samples` attribute.

#include "core/util/limits.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ql {

class Progress;

struct CalibrationEntry {
    int64_t in = 0; ///< input features of the layer
    int64_t samples = 0; ///< rows of X accumulated
    std::vector<double> hessian; ///< XᵀX, [in × in] (empty when only diagonal statistics are known)
    std::vector<float> meanSq; ///< mean of x² per input feature
    std::vector<float> absmax; ///< max |x| per input feature
    std::vector<float> inputs; ///< a sample of rows of X, [rows × in] (may be empty)

    /// \brief Adds one input row (length \p in) to the statistics; keeps at most \p keepRows rows.
    void add(const float* x, int64_t keepRows);
};

/// \brief Calibration statistics of a model, by tensor name.
struct CalibrationStore {
    std::map<std::string, CalibrationEntry> entries;
    /// \returns the entry of \p tensor, also when the store uses llama.cpp's names for a Hugging
    /// Face model (an imatrix made from the GGUF of the same model).
    const CalibrationEntry* find(const std::string& tensor) const;
};

/// \brief The entry of expert \p expert of a GGUF expert stack \p tensor (llama.cpp's 3-D ffn_*_exps):
/// "NAME#e". The judge's capture records there the inputs of the tokens routed to that expert.
inline std::string expertEntryName(const std::string& tensor, int64_t expert)
{
    return tensor + "#" + std::to_string(expert);
}

/// \brief Writes a store in the calibration HDF5 layout, atomically.
void saveCalibration(const CalibrationStore& store, const std::string& path);
/// \brief Reads the calibration HDF5 layout (any subset of its datasets; statistics missing beside
/// `inputs` are computed from them); errors name the file.
///
/// Every reader below returns entries with `in` > 0 and `meanSq` of that length, and throws only
/// ql::Error; what the file makes it allocate (datasets read whole, XᵀX accumulated) is bounded by
/// LoadLimits::inflatedBytes().
/// \p progress (optional) counts the layers read and stops the reading when cancelled (Error Cancelled).
CalibrationStore loadCalibration(const std::string& path, const LoadLimits& limits = defaultLoadLimits(), Progress* progress = nullptr);
/// \brief Reads a llama.cpp importance matrix, GGUF-based (`<name>.in_sum2`, `<name>.counts`) or
/// the legacy `.dat`, as mean squares of each layer's inputs (diag(XᵀX) up to scale).
CalibrationStore loadImatrix(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
/// \brief Reads calibration data from an .npz whose members are `<tensor>/inputs` [n, in] (or
/// `<tensor>.inputs`), optionally with `hessian`, `mean_sq` and `absmax` members; statistics are
/// computed from the inputs where they are not given.
CalibrationStore loadCalibrationNpz(
    const std::string& path, int64_t keepRows = 256, const LoadLimits& limits = defaultLoadLimits(), Progress* progress = nullptr);
/// \brief Any of the above, told apart by the file's first bytes.
CalibrationStore loadCalibrationAny(const std::string& path, const LoadLimits& limits = defaultLoadLimits(), Progress* progress = nullptr);

} // namespace ql

#pragma once
/// \file sweep.h
/// \brief The sensitivity sweep: every tensor × every candidate spec → error metrics and size.
/// Results are saved as JSON and reopened, so a sweep is never paid twice.

#include "core/io/calibration.h"
#include "core/io/model.h"
#include "core/quant/modelquant.h"
#include "core/quant/spec.h"
#include "core/util/limits.h"
#include "core/util/progress.h"

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace ql {

/// \brief One tensor under one spec.
struct SweepCell {
    std::string spec; ///< canonical spec text
    double bitsPerWeight = 0;
    double relMse = 0, sqnrDb = 0, cosine = 0, maxAbsErr = 0;
    double outputRelErr = std::numeric_limits<double>::quiet_NaN(); ///< with calibration data only
    double endToEnd = std::numeric_limits<double>::quiet_NaN(); ///< judge's KL with only this tensor quantized
    std::string skipped; ///< why the spec does not apply to this tensor, or empty
    /// The spec measured instead where the tensor's rows cannot hold the requested llama.cpp type and
    /// llama-quantize falls back (q4_k on 64-wide rows → "q5_0", on 172-wide rows → "fp16"); empty otherwise.
    std::string fallback;
    std::string method = "rtn"; ///< how it was quantized: "rtn", or "gptq" / "awq" where the calibration data allowed
};

/// \brief One tensor's row of the sweep.
struct SweepRow {
    std::string name;
    int64_t parameters = 0;
    int64_t rowLength = 0; ///< values per row (the axis blocks run along)
    int layer = -1;
    std::string role;
    std::vector<SweepCell> cells; ///< in the order of SweepResult::specs
};

struct SweepResult {
    std::string model; ///< the model's path
    uint64_t modelBytes = 0;
    std::vector<std::string> specs;
    std::vector<SweepRow> rows;
};

/// \brief Runs the sweep over \p tensors (all quantizable tensors when empty). Each tensor is read
/// once; every spec is measured on it through the fused error path. With \p calibration, tensors
/// that have statistics also get the layer-output error tr(ΔW H ΔWᵀ) / tr(W H Wᵀ), with H = XᵀX
/// (or its diagonal when only mean squares are known). \p onRow sees rows as they finish. With
/// \p method GPTQ or AWQ, tensors whose calibration data holds their Hessian are quantized with it
/// (SweepCell::method), the others with RTN.
SweepResult runSweep(const Model& model, const std::vector<QuantSpec>& specs, std::vector<size_t> tensors = {},
    Progress* progress = nullptr, const std::function<void(const SweepRow&)>& onRow = {},
    const CalibrationStore* calibration = nullptr, const QuantOptions* method = nullptr);

/// \brief The layer-output error of replacing \p w by \p q ([rows, in] row-major) under \p c.
double outputRelativeError(const float* w, const float* q, int64_t rows, int64_t in, const CalibrationEntry& c);

/// \brief What the presets are, for messages and help texts.
inline constexpr const char* kPresetList = "Presets: int (integer round-to-nearest), kquants (llama.cpp k-quants), "
                                           "iquants (llama.cpp i-quants), float (NF4, FP8, MXFP4), blockfloat (OCP MX "
                                           "and NVIDIA NVFP4).";
/// \brief Preset candidate sets: "int" (integer RTN), "kquants" (llama.cpp k-quants), "iquants"
/// (llama.cpp i-quants), "float" (NF4/FP8/MXFP4), "blockfloat" (MXFP4/6/8 and NVFP4).
std::vector<QuantSpec> sweepPreset(const std::string& name);

/// \brief One row as a single line of JSON (the encoding of a row in the sweep file).
std::string sweepRowJson(const SweepRow& row);
/// \brief Parses a line of sweepRowJson for a sweep of \p specs; throws Error naming \p source on
/// malformed input or a row that does not match the specs.
SweepRow parseSweepRow(const std::string& line, const std::string& source, const std::vector<std::string>& specs);
/// \brief Checks that every row has one valid cell per spec, in order; throws Error(BadHeader) naming \p path.
void validateSweepRows(const SweepResult& sweep, const std::string& path);

/// \brief Writes a sweep as JSON (`"format": "quantlens-sweep"`), atomically.
void saveSweep(const SweepResult& sweep, const std::string& path);
/// \brief Reads a sweep written by saveSweep; throws ql::Error naming the file on bad input (also a
/// row whose results do not match the specs one for one, negative counts or impossible sizes).
SweepResult loadSweep(const std::string& path, const LoadLimits& limits = defaultLoadLimits());

} // namespace ql

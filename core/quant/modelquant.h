#pragma once
/// \file modelquant.h
/// \brief Quantizes the tensors of a model with one spec: metrics per tensor and, optionally, the
/// fake-quantized model written as safetensors.

#include "awq.h"
#include "gptq.h"
#include "quantizer.h"
#include "spec.h"

#include "core/io/calibration.h"

#include "core/util/progress.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ql {

/// \brief How weights are quantized.
enum class QuantMethod {
    Rtn, ///< round to nearest with the spec's scales
    Gptq, ///< GPTQ with the layer's calibration Hessian
    Awq, ///< AWQ with the layer's input magnitudes and Hessian
};
/// \returns "rtn", "gptq", "awq"; parseQuantMethod() maps them back (throws ql::Error(BadSpec) otherwise).
const char* quantMethodName(QuantMethod m);
QuantMethod parseQuantMethod(const std::string& name);

struct QuantOptions {
    QuantMethod method = QuantMethod::Rtn;
    /// Captured layer inputs: GPTQ needs them; with them every method also reports the output error.
    const CalibrationStore* calibration = nullptr;
    GptqOptions gptq;
    AwqOptions awq;
    /// The job this quantization is part of: GPTQ stops between row chunks, AWQ between its α
    /// candidates and clip groups, when it is cancelled
    /// (Error Cancelled). Not owned; nullptr: not cancellable.
    const Progress* job = nullptr;
};

/// \brief The quantized weight of one [out, in] matrix by \p method (GPTQ and AWQ need \p calib's
/// Hessian of this width; throws ql::Error(Unsupported) naming \p tensor otherwise).
std::vector<float> quantizeWithMethod(QuantMethod method, const QuantSpec& spec, const WeightMatrix& w, const CalibrationEntry* calib,
    const QuantOptions& options, const std::string& tensor);

/// \returns the experts of a GGUF expert stack (a 3-D tensor [experts, out, in], llama.cpp's ffn_*_exps,
/// which readWeightMatrix reads as experts × out rows), or 0 for any other tensor.
int64_t expertStack(const Model& model, const TensorInfo& t);

/// \brief quantizeWithMethod() for tensor \p t of \p model read as \p w: GPTQ and AWQ on an expert stack
/// quantize each expert's block of rows with that expert's own entry in \p calibration (expertEntryName:
/// the inputs routed to it), any other tensor with its own entry. Throws ql::Error(Unsupported) naming
/// the tensor or the expert whose Hessian is missing.
std::vector<float> quantizeTensorWithMethod(QuantMethod method, const QuantSpec& spec, const Model& model, const TensorInfo& t,
    const WeightMatrix& w, const CalibrationStore* calibration, const QuantOptions& options);

/// \brief One tensor's result.
struct TensorQuantResult {
    size_t tensor = 0;
    double bitsPerWeight = 0;
    ErrorMetrics metrics;
    QuantMethod method = QuantMethod::Rtn; ///< what was used (GPTQ and AWQ fall back to RTN without calibration data)
    std::string note; ///< why another method than the requested one was used, or empty
    double outputRelErr = -1; ///< ‖(W − Q)Xᵀ‖² / ‖WXᵀ‖² on the calibration inputs, or −1 without them
    std::string skipped; ///< why the tensor was left unquantized (e.g. rows not a whole number of blocks), or empty
};

/// \returns whether \p t is quantized when a whole model is: weights with two or more axes
/// (norms, biases and optimizer state stay as they are).
bool isQuantizable(const TensorInfo& t);

/// \brief Values of an [out, rest] matrix put back in the tensor's own layout (inverse of
/// readWeightMatrix: Keras kernels are transposed back).
std::vector<float> toTensorOrder(const TensorInfo& t, const std::vector<float>& matrix, int64_t rows, int64_t cols);

/// \brief Quantizes \p tensors of \p model with \p spec, one tensor at a time (each in parallel).
/// With \p outPath, writes every tensor of the model to a float32 safetensors file (quantized ones
/// fake-quantized, the others unchanged) atomically. \p onTensor sees each result as it is ready.
/// A tensor the spec cannot represent (rows of 64 values in a 256-value block format) is left
/// unquantized and reported with TensorQuantResult::skipped.
/// With QuantOptions::method GPTQ or AWQ, tensors that have a calibration Hessian are quantized with GPTQ and
/// the others with RTN (TensorQuantResult::note says why).
std::vector<TensorQuantResult> quantizeModel(const Model& model, const std::vector<size_t>& tensors, const QuantSpec& spec,
    const std::optional<std::string>& outPath = std::nullopt, Progress* progress = nullptr,
    const std::function<void(const TensorQuantResult&)>& onTensor = {}, const QuantOptions& options = {});

/// \brief One layer's output error on its calibration inputs under RTN, GPTQ and AWQ at one spec.
struct MethodComparison {
    size_t tensor = 0;
    double rtn = 0, gptq = 0, awq = 0;
    double gptqSeconds = 0, awqSeconds = 0;
};
/// \brief Compares the methods on every quantizable tensor whose calibration data holds its Hessian
/// (in file order). \p progress counts tensors and can cancel.
std::vector<MethodComparison> compareMethods(const Model& model, const CalibrationStore& calibration, const QuantSpec& spec,
    const QuantOptions& options = {}, Progress* progress = nullptr);

} // namespace ql

#pragma once
/// \file classifier.h
/// \brief The classifier judge: feed-forward models evaluated on an .npz with `x` [n, in] and `y` [n]
/// (integer labels). A file without an architecture is read as a chain of Dense/Linear layers
/// (PyTorch [out, in] or Keras [in, out] kernels, with biases), ReLU between them. A safetensors file
/// may describe its network in the metadata entry `quantlens_architecture`: a JSON object
/// `{"input": [C, H, W], "ops": [...]}` whose ops are `conv2d` (weight [out, in, kh, kw], bias,
/// stride, padding), `linear` (weight [out, in], bias), `batchnorm` (weight, bias, mean, var, eps;
/// folded into the preceding conv2d or linear after any replacement, as inference does), `relu`,
/// `gelu`, `maxpool2d` / `avgpool2d` (size, stride) and `flatten`; softmax ends every network.
/// `"input_layout": "hwc"` says the inputs are channels-last (Keras); a `flatten` op with
/// `"order": "hwc"` flattens channels-last, as Keras's Flatten does. A Keras .h5 file whose
/// `model_config` describes a Sequential model of Conv2D, Dense, MaxPooling2D, AveragePooling2D,
/// BatchNormalization, Activation, Flatten and Dropout layers is translated to this form
/// (kernels [kh, kw, in, out] and [in, out] included).

#include "core/io/calibration.h"
#include "core/io/model.h"
#include "core/util/progress.h"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace ql {

class ClassifierModel {
public:
    using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    /// \brief Reads the Dense layers of \p model in file order (each weight followed by its bias);
    /// \p replace maps tensor names to values used instead (in the tensor's own layout).
    /// Throws Error(Unsupported) when the model is not a chain of Dense layers.
    explicit ClassifierModel(const Model& model, const std::map<std::string, std::vector<float>>& replace = {});

    /// \brief Class probabilities [n, classes] of inputs [n, in] (images flattened channel-first).
    /// With \p capture, the input of every linear and conv2d weight is added to its calibration
    /// entry (for a convolution, each kh × kw patch over all input channels is one row, matching the
    /// weight's [out, in·kh·kw] matrix), keeping up to \p keepRows rows.
    Matrix probabilities(const Matrix& x, CalibrationStore* capture = nullptr, int64_t keepRows = 0) const;
    int inputs() const { return m_inputs; }
    int classes() const { return m_classes; }

private:
    enum class OpKind { Linear, Conv2d, Relu, Gelu, MaxPool, AvgPool, Flatten };
    struct Op {
        OpKind kind = OpKind::Relu;
        std::string name; ///< the weight tensor of a linear or conv2d op
        Matrix w; ///< [out, in] or [out, in·kh·kw]
        Eigen::VectorXf b;
        int kh = 0, kw = 0, stride = 1, padding = 0, size = 0;
        int c = 0, h = 0, wd = 0; ///< input shape of a conv or pool (channels, height, width)
        int oc = 0, oh = 0, ow = 0; ///< output shape
        bool channelsLast = false; ///< a flatten in Keras's order
        bool kerasKernel = false; ///< a conv2d whose weight file holds [kh, kw, in, out]
    };
    void readArchitecture(const Model& model, const nlohmann::json& architecture, const std::map<std::string, std::vector<float>>& replace);
    void readDenseChain(const Model& model, const std::map<std::string, std::vector<float>>& replace);
    std::vector<Op> m_ops;
    int m_inputs = 0, m_classes = 0;
    bool m_inputChannelsLast = false;
    int m_inC = 0, m_inH = 0, m_inW = 0;
};

/// \brief An evaluation set: inputs and integer labels.
struct ClassifierData {
    ClassifierModel::Matrix x;
    std::vector<int> y;
};
/// \brief Reads `x` and `y` from an .npz; errors name the file.
ClassifierData readClassifierData(const std::string& path);
/// \brief \p given, or else the evaluation set the model's metadata names (`evaluation_data`, a
/// file beside the model, as the demo has); throws Error(BadSpec) when there is neither.
std::string evaluationDataPath(const Model& model, const std::string& given);

struct ClassifierMetrics {
    int64_t samples = 0;
    double accuracy = 0, referenceAccuracy = 0, top1Agreement = 1, kldMean = 0;
};
ClassifierMetrics evaluateClassifier(const ClassifierModel& reference, const ClassifierModel& candidate, const ClassifierData& data);

/// \brief The quantlens_architecture form of a Keras .h5 file's `model_config`, or null when the
/// file has none; throws Error(Unsupported) naming a layer it cannot translate.
nlohmann::json kerasArchitecture(const Model& model);

/// \brief The calibration statistics of every linear and conv2d layer on \p data's inputs.
CalibrationStore captureClassifierCalibration(const ClassifierModel& model, const ClassifierData& data, int64_t keepRows = 256);

} // namespace ql

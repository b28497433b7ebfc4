#pragma once
/// \file classifier.h
/// \brief The classifier judge: feed-forward models made of Dense/Linear layers (PyTorch [out, in]
/// or Keras [in, out] kernels, with biases), ReLU between layers and softmax at the end, evaluated on
/// an .npz with `x` [n, in] and `y` [n] (integer labels).

#include "../io/model.h"
#include "../util/progress.h"

#include <Eigen/Core>

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

    /// \brief Class probabilities [n, classes] of inputs [n, in].
    Matrix probabilities(const Matrix& x) const;
    int inputs() const { return int(m_layers.front().w.cols()); }
    int classes() const { return int(m_layers.back().w.rows()); }

private:
    struct Layer {
        Matrix w; ///< [out, in]
        Eigen::VectorXf b;
    };
    std::vector<Layer> m_layers;
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

} // namespace ql

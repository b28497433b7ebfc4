#include "classifier.h"

#include "../quant/quantizer.h"
#include "../util/error.h"

#include <cmath>

namespace ql {

ClassifierModel::ClassifierModel(const Model& model, const std::map<std::string, std::vector<float>>& replace)
{
    for (size_t i = 0; i < model.tensors.size(); ++i) {
        const TensorInfo& t = model.tensors[i];
        if (t.optimizerState)
            continue;
        if (t.shape.size() > 2)
            throw Error(ErrorCode::Unsupported, model.path, { "the classifier judge for convolution layers ('" + t.name + "')" });
        if (t.shape.size() == 2) {
            OwnedMatrix m = readWeightMatrix(model, i);
            if (const auto it = replace.find(t.name); it != replace.end()) {
                // Replacement values are in the tensor's layout: transpose Keras kernels like the reader does.
                m.values = it->second;
                if (t.layout == Layout::InOut) {
                    std::vector<float> tr(m.values.size());
                    for (int64_t a = 0; a < m.cols; ++a)
                        for (int64_t o = 0; o < m.rows; ++o)
                            tr[size_t(o * m.cols + a)] = m.values[size_t(a * m.rows + o)];
                    m.values = std::move(tr);
                }
            }
            Layer L;
            L.w = Eigen::Map<Matrix>(m.values.data(), m.rows, m.cols);
            L.b = Eigen::VectorXf::Zero(m.rows);
            if (!m_layers.empty() && m_layers.back().w.rows() != L.w.cols())
                throw Error(ErrorCode::Unsupported, model.path, { "the classifier judge: '" + t.name + "' does not follow the previous layer's size" });
            m_layers.push_back(std::move(L));
        } else if (t.shape.size() == 1 && t.role == Role::Bias && !m_layers.empty()) {
            if (t.parameters != m_layers.back().w.rows())
                throw Error(ErrorCode::BadHeader, model.path, { "bias '" + t.name + "' does not match its layer" });
            const auto it = replace.find(t.name);
            const std::vector<float> b = it != replace.end() ? it->second : model.readAll(i);
            m_layers.back().b = Eigen::Map<const Eigen::VectorXf>(b.data(), Eigen::Index(b.size()));
        }
    }
    if (m_layers.empty())
        throw Error(ErrorCode::Unsupported, model.path, { "the classifier judge on a file without Dense layers" });
}

ClassifierModel::Matrix ClassifierModel::probabilities(const Matrix& x) const
{
    Matrix h = x;
    for (size_t l = 0; l < m_layers.size(); ++l) {
        Matrix z = h * m_layers[l].w.transpose();
        z.rowwise() += m_layers[l].b.transpose();
        if (l + 1 < m_layers.size())
            z = z.cwiseMax(0.0f); // ReLU
        h = std::move(z);
    }
    for (Eigen::Index r = 0; r < h.rows(); ++r) {
        const float mx = h.row(r).maxCoeff();
        h.row(r) = (h.row(r).array() - mx).exp();
        h.row(r) /= h.row(r).sum();
    }
    return h;
}

ClassifierData readClassifierData(const std::string& path)
{
    const Model m = open(path);
    const int xi = m.find("x"), yi = m.find("y");
    if (xi < 0 || yi < 0)
        throw Error(ErrorCode::BadHeader, path, { "an evaluation set needs arrays 'x' [n, in] and 'y' [n]" });
    const auto& xt = m.tensors[size_t(xi)];
    if (xt.shape.size() != 2 || m.tensors[size_t(yi)].parameters != xt.shape[0])
        throw Error(ErrorCode::BadHeader, path, { "'x' must be [n, in] and 'y' hold n labels" });
    ClassifierData d;
    const auto xv = m.readAll(size_t(xi));
    d.x = Eigen::Map<const ClassifierModel::Matrix>(xv.data(), xt.shape[0], xt.shape[1]);
    for (float v : m.readAll(size_t(yi)))
        d.y.push_back(int(v));
    return d;
}

std::string evaluationDataPath(const Model& model, const std::string& given)
{
    if (!given.empty())
        return given;
    if (model.metadata.contains("evaluation_data") && model.metadata["evaluation_data"].is_string())
        return model.path.substr(0, model.path.find_last_of('/') + 1) + model.metadata["evaluation_data"].get<std::string>();
    throw Error(ErrorCode::BadSpec, model.path, { "", "a classifier needs an evaluation set", "Give --data FILE.npz with x and y." });
}

ClassifierMetrics evaluateClassifier(const ClassifierModel& reference, const ClassifierModel& candidate, const ClassifierData& data)
{
    if (data.x.cols() != reference.inputs())
        throw Error(ErrorCode::BadHeader, {}, { "the evaluation inputs have " + std::to_string(data.x.cols()) + " features, the model takes "
            + std::to_string(reference.inputs()) });
    const auto p = reference.probabilities(data.x), q = candidate.probabilities(data.x);
    ClassifierMetrics m;
    m.samples = data.x.rows();
    int64_t correct = 0, refCorrect = 0, agree = 0;
    double kl = 0;
    for (Eigen::Index r = 0; r < p.rows(); ++r) {
        Eigen::Index a, b;
        p.row(r).maxCoeff(&a);
        q.row(r).maxCoeff(&b);
        refCorrect += a == data.y[size_t(r)];
        correct += b == data.y[size_t(r)];
        agree += a == b;
        for (Eigen::Index c = 0; c < p.cols(); ++c)
            if (p(r, c) > 0)
                kl += double(p(r, c)) * (std::log(double(p(r, c))) - std::log(std::max(double(q(r, c)), 1e-30)));
    }
    if (m.samples > 0) {
        m.accuracy = double(correct) / double(m.samples);
        m.referenceAccuracy = double(refCorrect) / double(m.samples);
        m.top1Agreement = double(agree) / double(m.samples);
        m.kldMean = kl / double(m.samples);
    }
    return m;
}

} // namespace ql

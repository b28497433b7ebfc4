#include "classifier.h"

#include "../quant/quantizer.h"
#include "../util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace ql {

namespace {
    /// A weight's values with any replacement, as [out, rest] (Keras kernels transposed like the reader does).
    OwnedMatrix weightOf(const Model& model, size_t i, const std::map<std::string, std::vector<float>>& replace)
    {
        const TensorInfo& t = model.tensors[i];
        OwnedMatrix m = readWeightMatrix(model, i);
        if (const auto it = replace.find(t.name); it != replace.end()) {
            if (it->second.size() != m.values.size())
                throw Error(ErrorCode::SizeMismatch, model.path, { t.name, std::to_string(m.values.size()), std::to_string(it->second.size()) });
            m.values = it->second;
            if (t.layout == Layout::InOut) {
                std::vector<float> tr(m.values.size());
                for (int64_t a = 0; a < m.cols; ++a)
                    for (int64_t o = 0; o < m.rows; ++o)
                        tr[size_t(o * m.cols + a)] = m.values[size_t(a * m.rows + o)];
                m.values = std::move(tr);
            }
        }
        return m;
    }

    std::vector<float> valuesOf(const Model& model, size_t i, const std::map<std::string, std::vector<float>>& replace)
    {
        const auto it = replace.find(model.tensors[i].name);
        return it != replace.end() ? it->second : model.readAll(i);
    }

    float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678f)); }
}

ClassifierModel::ClassifierModel(const Model& model, const std::map<std::string, std::vector<float>>& replace)
{
    if (model.metadata.contains("quantlens_architecture"))
        readArchitecture(model, replace);
    else
        readDenseChain(model, replace);
}

void ClassifierModel::readDenseChain(const Model& model, const std::map<std::string, std::vector<float>>& replace)
{
    for (size_t i = 0; i < model.tensors.size(); ++i) {
        const TensorInfo& t = model.tensors[i];
        if (t.optimizerState)
            continue;
        if (t.shape.size() > 2)
            throw Error(ErrorCode::Unsupported, model.path,
                { "the classifier judge for convolution layers ('" + t.name + "') without a quantlens_architecture entry" });
        if (t.shape.size() == 2) {
            OwnedMatrix m = weightOf(model, i, replace);
            Op L;
            L.kind = OpKind::Linear;
            L.name = t.name;
            L.w = Eigen::Map<Matrix>(m.values.data(), m.rows, m.cols);
            L.b = Eigen::VectorXf::Zero(m.rows);
            if (!m_ops.empty()) {
                if (m_ops.back().w.rows() != L.w.cols())
                    throw Error(ErrorCode::Unsupported, model.path, { "the classifier judge: '" + t.name + "' does not follow the previous layer's size" });
                m_ops.push_back({}); // ReLU between Dense layers
            }
            m_ops.push_back(std::move(L));
        } else if (t.shape.size() == 1 && t.role == Role::Bias && !m_ops.empty()) {
            if (t.parameters != m_ops.back().w.rows())
                throw Error(ErrorCode::BadHeader, model.path, { "bias '" + t.name + "' does not match its layer" });
            const std::vector<float> b = valuesOf(model, i, replace);
            m_ops.back().b = Eigen::Map<const Eigen::VectorXf>(b.data(), Eigen::Index(b.size()));
        }
    }
    if (m_ops.empty())
        throw Error(ErrorCode::Unsupported, model.path, { "the classifier judge on a file without Dense layers" });
    m_inputs = int(m_ops.front().w.cols());
    m_classes = int(m_ops.back().w.rows());
}

void ClassifierModel::readArchitecture(const Model& model, const std::map<std::string, std::vector<float>>& replace)
{
    auto bad = [&](const std::string& what) { return Error(ErrorCode::BadHeader, model.path, { "quantlens_architecture: " + what }); };
    nlohmann::json a;
    try {
        const auto& v = model.metadata["quantlens_architecture"];
        a = v.is_string() ? nlohmann::json::parse(v.get<std::string>()) : nlohmann::json(v);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::BadJson, model.path, { std::string("quantlens_architecture: ") + e.what() });
    }
    if (!a.is_object() || !a.contains("input") || !a["input"].is_array() || !a.contains("ops") || !a["ops"].is_array())
        throw bad("needs \"input\" [C, H, W] and \"ops\"");
    std::vector<int> shape;
    for (const auto& d : a["input"]) {
        if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > 1 << 16)
            throw bad("\"input\" holds sizes from 1 to 65536");
        shape.push_back(d.get<int>());
    }
    if (shape.size() != 3 && shape.size() != 1)
        throw bad("\"input\" is [C, H, W] or [features]");
    int c = shape[0], h = shape.size() == 3 ? shape[1] : 1, wd = shape.size() == 3 ? shape[2] : 1;
    m_inputs = c * h * wd;
    auto tensor = [&](const nlohmann::json& op, const char* key) -> size_t {
        if (!op.contains(key) || !op[key].is_string())
            throw bad(std::string("an op lacks \"") + key + "\"");
        const int i = model.find(op[key].get<std::string>());
        if (i < 0)
            throw Error(ErrorCode::NoSuchTensor, model.path, { op[key].get<std::string>() });
        return size_t(i);
    };
    auto intOf = [&](const nlohmann::json& op, const char* key, int fallback, int lo, int hi) {
        const int v = op.contains(key) && op[key].is_number_integer() ? op[key].get<int>() : fallback;
        if (v < lo || v > hi)
            throw bad(std::string("\"") + key + "\" out of range");
        return v;
    };
    for (const auto& op : a["ops"]) {
        const std::string kind = op.value("op", "");
        Op o;
        o.c = c;
        o.h = h;
        o.wd = wd;
        if (kind == "linear" || kind == "conv2d") {
            const size_t wi = tensor(op, "weight");
            const TensorInfo& t = model.tensors[wi];
            OwnedMatrix m = weightOf(model, wi, replace);
            o.name = t.name;
            o.w = Eigen::Map<Matrix>(m.values.data(), m.rows, m.cols);
            o.b = Eigen::VectorXf::Zero(m.rows);
            if (op.contains("bias") && op["bias"].is_string()) {
                const std::vector<float> b = valuesOf(model, tensor(op, "bias"), replace);
                if (int64_t(b.size()) != m.rows)
                    throw bad("bias of " + t.name + " does not match its layer");
                o.b = Eigen::Map<const Eigen::VectorXf>(b.data(), Eigen::Index(b.size()));
            }
            if (kind == "linear") {
                o.kind = OpKind::Linear;
                if (m.cols != int64_t(c) * h * wd)
                    throw bad(t.name + " takes " + std::to_string(m.cols) + " inputs, the previous op gives " + std::to_string(int64_t(c) * h * wd));
                c = int(m.rows);
                h = wd = 1;
            } else {
                o.kind = OpKind::Conv2d;
                if (t.shape.size() != 4 || t.layout == Layout::InOut)
                    throw Error(ErrorCode::Unsupported, model.path, { "conv2d weights other than PyTorch's [out, in, kh, kw] ('" + t.name + "')" });
                if (t.shape[1] != c)
                    throw bad(t.name + " takes " + std::to_string(t.shape[1]) + " channels, the previous op gives " + std::to_string(c));
                o.kh = int(t.shape[2]);
                o.kw = int(t.shape[3]);
                o.stride = intOf(op, "stride", 1, 1, 64);
                o.padding = intOf(op, "padding", 0, 0, 64);
                o.oc = int(m.rows);
                o.oh = (h + 2 * o.padding - o.kh) / o.stride + 1;
                o.ow = (wd + 2 * o.padding - o.kw) / o.stride + 1;
                if (o.oh < 1 || o.ow < 1)
                    throw bad(t.name + "'s kernel is larger than its input");
                c = o.oc;
                h = o.oh;
                wd = o.ow;
            }
        } else if (kind == "batchnorm") {
            if (m_ops.empty() || (m_ops.back().kind != OpKind::Linear && m_ops.back().kind != OpKind::Conv2d))
                throw bad("batchnorm must follow a conv2d or linear op");
            Op& prev = m_ops.back();
            const auto gamma = valuesOf(model, tensor(op, "weight"), replace), beta = valuesOf(model, tensor(op, "bias"), replace),
                       mean = valuesOf(model, tensor(op, "mean"), replace), var = valuesOf(model, tensor(op, "var"), replace);
            const double eps = op.value("eps", 1e-5);
            for (const auto* v : { &gamma, &beta, &mean, &var })
                if (int64_t(v->size()) != prev.w.rows())
                    throw bad("batchnorm statistics do not match the channels of the op before");
            for (Eigen::Index k = 0; k < prev.w.rows(); ++k) {
                const float f = float(gamma[size_t(k)] / std::sqrt(double(var[size_t(k)]) + eps));
                prev.w.row(k) *= f;
                prev.b(k) = (prev.b(k) - mean[size_t(k)]) * f + beta[size_t(k)];
            }
            continue;
        } else if (kind == "relu") {
            o.kind = OpKind::Relu;
        } else if (kind == "gelu") {
            o.kind = OpKind::Gelu;
        } else if (kind == "maxpool2d" || kind == "avgpool2d") {
            o.kind = kind == "maxpool2d" ? OpKind::MaxPool : OpKind::AvgPool;
            o.size = intOf(op, "size", 2, 1, 64);
            o.stride = intOf(op, "stride", o.size, 1, 64);
            o.oc = c;
            o.oh = (h - o.size) / o.stride + 1;
            o.ow = (wd - o.size) / o.stride + 1;
            if (o.oh < 1 || o.ow < 1)
                throw bad("a pooling window is larger than its input");
            h = o.oh;
            wd = o.ow;
        } else if (kind == "flatten") {
            o.kind = OpKind::Flatten; // channel-first order is kept: nothing moves
        } else {
            throw bad("unknown op \"" + kind + "\" (conv2d, linear, batchnorm, relu, gelu, maxpool2d, avgpool2d, flatten)");
        }
        m_ops.push_back(std::move(o));
    }
    if (m_ops.empty() || h != 1 || wd != 1)
        throw bad("the network must end in a linear op giving the class scores");
    m_classes = c;
}

ClassifierModel::Matrix ClassifierModel::probabilities(const Matrix& x, CalibrationStore* capture, int64_t keepRows) const
{
    auto record = [&](const Op& o, const Matrix& rows) {
        if (!capture)
            return;
        CalibrationEntry& e = capture->entries[o.name];
        e.in = rows.cols();
        for (Eigen::Index r = 0; r < rows.rows(); ++r)
            e.add(rows.row(r).data(), keepRows);
    };
    Matrix h = x;
    for (const Op& o : m_ops) {
        switch (o.kind) {
        case OpKind::Linear: {
            record(o, h);
            Matrix z = h * o.w.transpose();
            z.rowwise() += o.b.transpose();
            h = std::move(z);
            break;
        }
        case OpKind::Conv2d: {
            // Per sample: the patches [oh·ow, c·kh·kw] times the kernels, stored channel-first.
            Matrix out(h.rows(), Eigen::Index(o.oc) * o.oh * o.ow);
            Matrix patches(Eigen::Index(o.oh) * o.ow, Eigen::Index(o.c) * o.kh * o.kw);
            for (Eigen::Index n = 0; n < h.rows(); ++n) {
                for (int y = 0; y < o.oh; ++y)
                    for (int xx = 0; xx < o.ow; ++xx)
                        for (int ch = 0; ch < o.c; ++ch)
                            for (int ky = 0; ky < o.kh; ++ky)
                                for (int kx = 0; kx < o.kw; ++kx) {
                                    const int iy = y * o.stride - o.padding + ky, ix = xx * o.stride - o.padding + kx;
                                    patches(y * o.ow + xx, (ch * o.kh + ky) * o.kw + kx)
                                        = iy >= 0 && iy < o.h && ix >= 0 && ix < o.wd ? h(n, (Eigen::Index(ch) * o.h + iy) * o.wd + ix) : 0.0f;
                                }
                record(o, patches);
                Matrix y = patches * o.w.transpose(); // [oh·ow, oc]
                y.rowwise() += o.b.transpose();
                for (int k = 0; k < o.oc; ++k)
                    for (int p = 0; p < o.oh * o.ow; ++p)
                        out(n, Eigen::Index(k) * o.oh * o.ow + p) = y(p, k);
            }
            h = std::move(out);
            break;
        }
        case OpKind::Relu: h = h.cwiseMax(0.0f); break;
        case OpKind::Gelu: h = h.unaryExpr([](float v) { return gelu(v); }); break;
        case OpKind::MaxPool:
        case OpKind::AvgPool: {
            Matrix out(h.rows(), Eigen::Index(o.oc) * o.oh * o.ow);
            for (Eigen::Index n = 0; n < h.rows(); ++n)
                for (int k = 0; k < o.oc; ++k)
                    for (int y = 0; y < o.oh; ++y)
                        for (int xx = 0; xx < o.ow; ++xx) {
                            float acc = o.kind == OpKind::MaxPool ? -std::numeric_limits<float>::infinity() : 0.0f;
                            for (int dy = 0; dy < o.size; ++dy)
                                for (int dx = 0; dx < o.size; ++dx) {
                                    const float v = h(n, (Eigen::Index(k) * o.h + y * o.stride + dy) * o.wd + xx * o.stride + dx);
                                    acc = o.kind == OpKind::MaxPool ? std::max(acc, v) : acc + v;
                                }
                            out(n, (Eigen::Index(k) * o.oh + y) * o.ow + xx) = o.kind == OpKind::MaxPool ? acc : acc / float(o.size * o.size);
                        }
            h = std::move(out);
            break;
        }
        case OpKind::Flatten: break;
        }
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

CalibrationStore captureClassifierCalibration(const ClassifierModel& model, const ClassifierData& data, int64_t keepRows)
{
    if (data.x.cols() != model.inputs())
        throw Error(ErrorCode::BadHeader, {}, { "the calibration inputs have " + std::to_string(data.x.cols()) + " features, the model takes "
            + std::to_string(model.inputs()) });
    CalibrationStore store;
    model.probabilities(data.x, &store, keepRows);
    return store;
}

} // namespace ql

#include "classifier.h"

#include "core/quant/quantizer.h"
#include "core/util/error.h"
#include "core/util/jsonparse.h"

#include <tbb/parallel_for.h>

#include <algorithm>
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
    if (model.metadata.contains("quantlens_architecture")) {
        nlohmann::json a;
        try {
            const auto& v = model.metadata["quantlens_architecture"];
            a = v.is_string() ? parseJsonBoundedPlain(v.get<std::string>(), model.path, defaultLoadLimits(), defaultLoadLimits().maxHeaderBytes)
                              : nlohmann::json(v);
        } catch (const nlohmann::json::exception& e) {
            throw Error(ErrorCode::BadJson, model.path, { std::string("quantlens_architecture: ") + e.what() });
        }
        readArchitecture(model, a, replace);
    } else if (const nlohmann::json keras = kerasArchitecture(model); !keras.is_null()) {
        readArchitecture(model, keras, replace);
    } else {
        readDenseChain(model, replace);
    }
}

nlohmann::json kerasArchitecture(const Model& model)
{
    if (!model.metadata.contains("model_config"))
        return nullptr;
    nlohmann::json cfg;
    try { // the HDF5 reader parses JSON attributes already; a string is parsed here
        const auto& v = model.metadata["model_config"];
        cfg = v.is_string() ? parseJsonBoundedPlain(v.get<std::string>(), model.path, defaultLoadLimits(), defaultLoadLimits().maxHeaderBytes)
                            : nlohmann::json(v);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::BadJson, model.path, { std::string("model_config: ") + e.what() });
    }
    if (!cfg.is_object())
        return nullptr;
    const auto unsupported = [&](const std::string& what) { return Error(ErrorCode::Unsupported, model.path, { "the classifier judge for " + what }); };
    if (cfg.value("class_name", "") != "Sequential" || !cfg.contains("config"))
        throw unsupported("Keras models other than Sequential");
    const nlohmann::json& c = cfg["config"];
    const nlohmann::json layers = c.is_object() ? c.value("layers", nlohmann::json::array()) : c;
    // The weight of a layer: the tensor whose path names the layer and ends in the variable.
    auto find = [&](const std::string& layer, const std::string& var) -> std::string {
        for (const auto& t : model.tensors) {
            const std::string& n = t.name;
            if (n.find("/" + layer + "/") == std::string::npos)
                continue;
            if (n.size() >= var.size() + 2 && (n.ends_with("/" + var + ":0") || n.ends_with("/" + var)))
                return n;
        }
        throw Error(ErrorCode::NoSuchTensor, model.path, { layer + "/" + var });
    };
    nlohmann::json ops = nlohmann::json::array();
    std::vector<int> input;
    auto activation = [&](const nlohmann::json& lc) {
        const std::string a = lc.value("activation", "linear");
        if (a == "relu" || a == "gelu")
            ops.push_back({ { "op", a } });
        else if (a != "linear" && a != "softmax")
            throw unsupported("the activation '" + a + "'");
    };
    for (const auto& l : layers) {
        const std::string kind = l.value("class_name", "");
        const nlohmann::json lc = l.value("config", nlohmann::json::object());
        const std::string name = lc.value("name", "");
        for (const char* key : { "batch_input_shape", "batch_shape" })
            if (input.empty() && lc.contains(key) && lc[key].is_array())
                for (const auto& d : lc[key])
                    input.push_back(d.is_number_integer() ? d.get<int>() : -1); // the batch axis is null
        if (kind == "InputLayer" || kind == "Dropout")
            continue;
        if (kind == "Conv2D") {
            const auto k = lc.value("kernel_size", std::vector<int> { 1, 1 });
            const auto strides = lc.value("strides", std::vector<int> { 1, 1 });
            if (k.size() != 2 || strides.size() != 2 || strides[0] != strides[1] || k[0] != k[1]
                || lc.value("data_format", "channels_last") != "channels_last" || lc.value("dilation_rate", std::vector<int> { 1, 1 }) != std::vector<int> { 1, 1 })
                throw unsupported("Conv2D layer '" + name + "' (square kernels and strides, channels-last, no dilation only)");
            const std::string pad = lc.value("padding", "valid");
            if (pad == "same" && (k[0] % 2 == 0 || strides[0] != 1))
                throw unsupported("Conv2D layer '" + name + "' with 'same' padding other than odd kernels at stride 1");
            nlohmann::json op { { "op", "conv2d" }, { "weight", find(name, "kernel") }, { "stride", strides[0] },
                { "padding", pad == "same" ? (k[0] - 1) / 2 : 0 } };
            if (lc.value("use_bias", true))
                op["bias"] = find(name, "bias");
            ops.push_back(op);
            activation(lc);
        } else if (kind == "Dense") {
            nlohmann::json op { { "op", "linear" }, { "weight", find(name, "kernel") } };
            if (lc.value("use_bias", true))
                op["bias"] = find(name, "bias");
            ops.push_back(op);
            activation(lc);
        } else if (kind == "MaxPooling2D" || kind == "AveragePooling2D") {
            const auto size = lc.value("pool_size", std::vector<int> { 2, 2 });
            const auto strides = lc.contains("strides") && lc["strides"].is_array() ? lc["strides"].get<std::vector<int>>() : size;
            if (size.size() != 2 || size[0] != size[1] || strides.size() != 2 || strides[0] != strides[1] || lc.value("padding", "valid") != "valid")
                throw unsupported("pooling layer '" + name + "' (square, 'valid' only)");
            ops.push_back({ { "op", kind == "MaxPooling2D" ? "maxpool2d" : "avgpool2d" }, { "size", size[0] }, { "stride", strides[0] } });
        } else if (kind == "BatchNormalization") {
            ops.push_back({ { "op", "batchnorm" }, { "weight", find(name, "gamma") }, { "bias", find(name, "beta") },
                { "mean", find(name, "moving_mean") }, { "var", find(name, "moving_variance") }, { "eps", lc.value("epsilon", 1e-3) } });
        } else if (kind == "Activation") {
            activation(lc);
        } else if (kind == "Flatten") {
            ops.push_back({ { "op", "flatten" }, { "order", "hwc" } });
        } else {
            throw unsupported("Keras layer type '" + kind + "'");
        }
    }
    // [batch, H, W, C] (or [batch, features]) → [C, H, W], channels-last inputs.
    nlohmann::json arch { { "ops", ops } };
    if (input.size() == 4 && input[1] > 0 && input[2] > 0 && input[3] > 0)
        arch["input"] = { input[3], input[1], input[2] };
    else if (input.size() == 2 && input[1] > 0)
        arch["input"] = { input[1] };
    else
        throw unsupported("a Keras model without its input shape");
    arch["input_layout"] = "hwc";
    return arch;
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

void ClassifierModel::readArchitecture(const Model& model, const nlohmann::json& a, const std::map<std::string, std::vector<float>>& replace)
{
    auto bad = [&](const std::string& what) { return Error(ErrorCode::BadHeader, model.path, { "quantlens_architecture: " + what }); };
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
    m_inC = c;
    m_inH = h;
    m_inW = wd;
    m_inputChannelsLast = a.value("input_layout", "chw") == "hwc";
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
                if (t.shape.size() != 4)
                    throw bad(t.name + " is not a 4-D convolution kernel");
                const bool keras = t.layout == Layout::InOut; // [kh, kw, in, out]: columns in (kh, kw, in) order
                const int64_t inC = keras ? t.shape[2] : t.shape[1];
                if (inC != c)
                    throw bad(t.name + " takes " + std::to_string(inC) + " channels, the previous op gives " + std::to_string(c));
                o.kh = int(keras ? t.shape[0] : t.shape[2]);
                o.kw = int(keras ? t.shape[1] : t.shape[3]);
                o.kerasKernel = keras;
                if (keras) { // reorder to (in, kh, kw), the patches' order
                    Matrix r(o.w.rows(), o.w.cols());
                    for (int ky = 0; ky < o.kh; ++ky)
                        for (int kx = 0; kx < o.kw; ++kx)
                            for (int ch = 0; ch < c; ++ch)
                                r.col((Eigen::Index(ch) * o.kh + ky) * o.kw + kx) = o.w.col((Eigen::Index(ky) * o.kw + kx) * c + ch);
                    o.w = std::move(r);
                }
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
            o.kind = OpKind::Flatten; // channel-first order is kept unless the model flattens channels-last
            o.channelsLast = op.value("order", "chw") == "hwc";
            o.oc = c;
            o.oh = h;
            o.ow = wd;
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
        std::vector<float> row(static_cast<size_t>(rows.cols()));
        for (Eigen::Index r = 0; r < rows.rows(); ++r) {
            if (o.kerasKernel) { // the weight matrix's columns run (kh, kw, in): put the patch in that order
                for (int ky = 0; ky < o.kh; ++ky)
                    for (int kx = 0; kx < o.kw; ++kx)
                        for (int ch = 0; ch < o.c; ++ch)
                            row[size_t((ky * o.kw + kx) * o.c + ch)] = rows(r, (Eigen::Index(ch) * o.kh + ky) * o.kw + kx);
                e.add(row.data(), keepRows);
            } else {
                e.add(rows.row(r).data(), keepRows);
            }
        }
    };
    Matrix h = x;
    if (m_inputChannelsLast && (m_inH > 1 || m_inW > 1)) { // HWC → CHW
        for (Eigen::Index n = 0; n < x.rows(); ++n)
            for (int ch = 0; ch < m_inC; ++ch)
                for (int p = 0; p < m_inH * m_inW; ++p)
                    h(n, Eigen::Index(ch) * m_inH * m_inW + p) = x(n, Eigen::Index(p) * m_inC + ch);
    }
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
        case OpKind::Flatten:
            if (o.channelsLast && (o.oh > 1 || o.ow > 1)) { // CHW → HWC
                Matrix out(h.rows(), h.cols());
                for (Eigen::Index n = 0; n < h.rows(); ++n)
                    for (int ch = 0; ch < o.oc; ++ch)
                        for (int p = 0; p < o.oh * o.ow; ++p)
                            out(n, Eigen::Index(p) * o.oc + ch) = h(n, Eigen::Index(ch) * o.oh * o.ow + p);
                h = std::move(out);
            }
            break;
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
    // Both models over fixed chunks of samples in parallel (the same result for any thread count).
    constexpr Eigen::Index kChunk = 64;
    const Eigen::Index n = data.x.rows(), chunks = (n + kChunk - 1) / kChunk;
    ClassifierModel::Matrix p(n, reference.classes()), q(n, candidate.classes());
    tbb::parallel_for(Eigen::Index(0), chunks, [&](Eigen::Index c) {
        const Eigen::Index r0 = c * kChunk, rows = std::min(kChunk, n - r0);
        p.middleRows(r0, rows) = reference.probabilities(data.x.middleRows(r0, rows));
        q.middleRows(r0, rows) = candidate.probabilities(data.x.middleRows(r0, rows));
    });
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

#include "smoothquant.h"

#include "core/util/error.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    /// Symmetric INT8 fake quantization of every row (per row scale) or of all (one scale).
    void int8InPlace(MatF& m, bool perRow)
    {
        auto quantize = [](auto&& block) {
            const float absmax = block.cwiseAbs().maxCoeff();
            if (!(absmax > 0))
                return;
            const float s = absmax / 127.0f, inv = 1.0f / s;
            block = block.unaryExpr([&](float x) { return std::clamp(std::nearbyint(x * inv), -128.0f, 127.0f) * s; });
        };
        if (perRow)
            for (Eigen::Index r = 0; r < m.rows(); ++r)
                quantize(m.row(r));
        else
            quantize(m);
    }

    double w8a8Error(const MatF& x, const MatF& w, const MatF& reference, bool perToken)
    {
        MatF xq = x, wq = w;
        int8InPlace(xq, perToken);
        int8InPlace(wq, true); // weights: one scale per output channel
        const MatF y = xq * wq.transpose();
        const double den = reference.cast<double>().squaredNorm();
        return den > 0 ? (y - reference).cast<double>().squaredNorm() / den : 0.0;
    }

    std::vector<float> columnAbsMax(const MatF& m)
    {
        std::vector<float> out(size_t(m.cols()));
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            out[size_t(j)] = m.col(j).cwiseAbs().maxCoeff();
        return out;
    }
}

SmoothResult smoothQuant(const WeightMatrix& w, const CalibrationEntry& calib, const SmoothOptions& o)
{
    if (calib.in != w.cols || calib.inputs.empty() || calib.inputs.size() % size_t(w.cols) != 0)
        throw Error(ErrorCode::Unsupported, {},
            { "SmoothQuant needs captured input rows of width " + std::to_string(w.cols) + " (the calibration data has "
                + std::to_string(calib.inputs.empty() ? 0 : calib.in) + ")" });
    SmoothResult r;
    r.tokens = int64_t(calib.inputs.size()) / w.cols;
    MatF x = Eigen::Map<const MatF>(calib.inputs.data(), r.tokens, w.cols);
    x = x.unaryExpr([](float v) { return std::isfinite(v) ? v : 0.0f; }); // non-finite inputs have no scale
    MatF wm = Eigen::Map<const MatF>(w.data, w.rows, w.cols);
    const MatF reference = x * wm.transpose();
    r.activationMax = columnAbsMax(x);
    r.weightMax = columnAbsMax(wm);
    r.errorBefore = w8a8Error(x, wm, reference, o.perTokenActivations);
    r.scales.resize(size_t(w.cols));
    for (int64_t j = 0; j < w.cols; ++j) {
        const double a = std::max(double(r.activationMax[size_t(j)]), 1e-5), b = std::max(double(r.weightMax[size_t(j)]), 1e-5);
        r.scales[size_t(j)] = float(std::pow(a, o.alpha) / std::pow(b, 1.0 - o.alpha));
    }
    for (int64_t j = 0; j < w.cols; ++j) {
        x.col(j) /= r.scales[size_t(j)];
        wm.col(j) *= r.scales[size_t(j)];
    }
    r.activationMaxAfter = columnAbsMax(x);
    r.weightMaxAfter = columnAbsMax(wm);
    r.errorAfter = w8a8Error(x, wm, reference, o.perTokenActivations);
    return r;
}

} // namespace ql

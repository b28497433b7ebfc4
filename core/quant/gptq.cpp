#include "gptq.h"

#include "groupkernel.h"

#include "core/util/error.h"
#include "core/util/progress.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ql {

namespace {
    using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    constexpr int64_t kRowChunk = 32; ///< rows per parallel task (fixed: results do not depend on threads)

    void checkHessian(const WeightMatrix& w, const std::vector<double>& h)
    {
        if (int64_t(h.size()) != w.cols * w.cols)
            throw Error(ErrorCode::SizeMismatch, {},
                { "calibration Hessian", std::to_string(w.cols) + " × " + std::to_string(w.cols), std::to_string(h.size()) + " values" });
    }
}

std::vector<float> gptqQuantize(const QuantSpec& spec, const WeightMatrix& w, const std::vector<double>& hessian, const GptqOptions& o,
    Progress* progress)
{
    if (spec.isGgml())
        throw Error(ErrorCode::Unsupported, {}, { "GPTQ with " + spec.toString() + " (llama.cpp formats choose their own scales; use an imatrix)" });
    checkHessian(w, hessian);
    const int64_t rows = w.rows, cols = w.cols;
    std::vector<float> out(size_t(w.size()), 0.0f);
    if (rows == 0 || cols == 0)
        return out;

    MatD H = Eigen::Map<const MatD>(hessian.data(), cols, cols);
    // Inputs that never fire carry no information: their weights are free (set to 0 as GPTQ does).
    std::vector<bool> dead(size_t(cols), false);
    for (int64_t j = 0; j < cols; ++j)
        if (!(H(j, j) > 0)) {
            dead[size_t(j)] = true;
            H(j, j) = 1;
        }
    std::vector<int64_t> perm(static_cast<size_t>(cols));
    std::iota(perm.begin(), perm.end(), 0);
    if (o.actOrder)
        std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) { return H(a, a) > H(b, b); });
    MatD Hp(cols, cols);
    for (int64_t i = 0; i < cols; ++i)
        for (int64_t j = 0; j < cols; ++j)
            Hp(i, j) = H(perm[size_t(i)], perm[size_t(j)]);

    // Upper Cholesky factor U of H⁻¹ (H⁻¹ = UᵀU), with damping raised until H is positive definite.
    // With J the order-reversing permutation and JHJ = L'L'ᵀ, H⁻¹ = J L'⁻ᵀ L'⁻¹ J, so U = J L'⁻¹ J:
    // one Cholesky and one triangular inverse, no explicit inverse of H.
    const double meanDiag = Hp.diagonal().mean();
    double damp = o.damp;
    MatD U;
    for (int attempt = 0;; ++attempt) {
        MatD Hr = Hp.reverse();
        Hr.diagonal().array() += damp * meanDiag;
        Eigen::LLT<MatD> llt(Hr);
        if (llt.info() == Eigen::Success) {
            const MatD Linv = llt.matrixL().solve(MatD::Identity(cols, cols));
            U = Linv.reverse();
            U.triangularView<Eigen::StrictlyLower>().setZero();
            if (U.allFinite())
                break;
        }
        if (attempt == 5)
            throw Error(ErrorCode::Infeasible, {},
                { "the calibration Hessian of this layer is not positive definite even with damping " + std::to_string(damp),
                    "capture more calibration samples" });
        damp *= 10;
    }
    const MatF Uf = U.cast<float>();

    // Scales: per tensor and per channel from the original weights (as GPTQ does); groups from the
    // weights as updated so far, when their first column comes up — or, in activation order, from
    // the original weights (static groups).
    // (nvfp4's block scales follow its tensor scale: they are always taken from the original weights.)
    const bool dynamicGroups = !o.actOrder && (spec.granularity == Granularity::Group || spec.granularity == Granularity::Block)
        && !elementFormatOf(spec).tensorWideScales();
    const QuantParams fixedParams = dynamicGroups ? QuantParams {} : computeParams(spec, w);
    const int64_t groupCols = dynamicGroups ? spec.group : fixedParams.groupCols;
    const bool asym = spec.format == QFormat::Int && !spec.symmetric;
    const int64_t block = std::max(1, o.blockSize);
    const int64_t chunks = (rows + kRowChunk - 1) / kRowChunk;
    if (progress)
        progress->setTotal(chunks);

    tbb::parallel_for(int64_t(0), chunks, [&](int64_t chunk) {
        if (progress && progress->cancelled())
            return;
        const int64_t r0 = chunk * kRowChunk, n = std::min(kRowChunk, rows - r0);
        MatF W(n, cols), Q(n, cols);
        for (int64_t r = 0; r < n; ++r)
            for (int64_t j = 0; j < cols; ++j) {
                const int64_t src = perm[size_t(j)];
                W(r, j) = dead[size_t(src)] ? 0.0f : w.data[(r0 + r) * cols + src];
            }
        std::vector<float> scale(static_cast<size_t>(n), 0.0f), zero(static_cast<size_t>(n), 0.0f); // the current dynamic group's
        for (int64_t b0 = 0; b0 < cols; b0 += block) {
            const int64_t b1 = std::min(cols, b0 + block), bn = b1 - b0;
            MatF Err(n, bn);
            for (int64_t j = b0; j < b1; ++j) {
                if (dynamicGroups && j % groupCols == 0)
                    for (int64_t r = 0; r < n; ++r) {
                        const int64_t gn = std::min(groupCols, cols - j);
                        detail::scaleFromRange(spec, calibrate(spec, &W(r, j), gn), scale[size_t(r)], zero[size_t(r)]);
                    }
                const float d = Uf(j, j);
                const int64_t src = perm[size_t(j)];
                for (int64_t r = 0; r < n; ++r) {
                    float s, z = 0;
                    if (dynamicGroups) {
                        s = scale[size_t(r)];
                        z = zero[size_t(r)];
                    } else {
                        const size_t gi = fixedParams.index(r0 + r, src);
                        s = fixedParams.scale[gi];
                        if (asym)
                            z = fixedParams.zero[gi];
                    }
                    const float x = W(r, j);
                    const float q = detail::quantizeValue(spec, x, s, z, uint64_t((r0 + r) * cols + src));
                    Q(r, j) = q;
                    Err(r, j - b0) = (x - q) / d;
                }
                // Spread this column's error over the rest of the block.
                if (j + 1 < b1)
                    W.block(0, j + 1, n, b1 - j - 1).noalias() -= Err.col(j - b0) * Uf.block(j, j + 1, 1, b1 - j - 1);
            }
            // Lazy batch update of every later column.
            if (b1 < cols)
                W.block(0, b1, n, cols - b1).noalias() -= Err * Uf.block(b0, b1, bn, cols - b1);
        }
        for (int64_t r = 0; r < n; ++r)
            for (int64_t j = 0; j < cols; ++j)
                out[size_t((r0 + r) * cols + perm[size_t(j)])] = Q(r, j);
        if (progress)
            progress->advance(1);
    });
    if (progress)
        progress->check();
    return out;
}

double outputRelError(const WeightMatrix& w, const float* q, const std::vector<double>& hessian)
{
    const auto [a, b] = outputErrorSums(w, q, hessian);
    return b > 0 ? a / b : (a > 0 ? std::numeric_limits<double>::infinity() : 0.0);
}

std::pair<double, double> outputErrorSums(const WeightMatrix& w, const float* q, const std::vector<double>& hessian)
{
    checkHessian(w, hessian);
    // tr(D H Dᵀ) and tr(W H Wᵀ) over fixed row chunks in parallel (float products, double sums in a
    // fixed order: the same result for any thread count).
    const MatF H = Eigen::Map<const MatD>(hessian.data(), w.cols, w.cols).cast<float>();
    const int64_t chunks = (w.rows + kRowChunk - 1) / kRowChunk;
    std::vector<double> num(size_t(chunks), 0.0), den(size_t(chunks), 0.0);
    tbb::parallel_for(int64_t(0), chunks, [&](int64_t c) {
        const int64_t r0 = c * kRowChunk, n = std::min(kRowChunk, w.rows - r0);
        const Eigen::Map<const MatF> W(w.data + r0 * w.cols, n, w.cols);
        const MatF D = Eigen::Map<const MatF>(q + r0 * w.cols, n, w.cols) - W;
        num[size_t(c)] = (D * H).cwiseProduct(D).cast<double>().sum();
        den[size_t(c)] = (W * H).cwiseProduct(W).cast<double>().sum();
    });
    double a = 0, b = 0;
    for (int64_t c = 0; c < chunks; ++c) {
        a += num[size_t(c)];
        b += den[size_t(c)];
    }
    return { a, b };
}

} // namespace ql

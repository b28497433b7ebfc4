// The Llama forward pass over a whole sequence: matrix products over all positions, and — under
// llama.cpp numerics — the roundings llama.cpp's CPU backend makes (activations to each weight type's
// dot-product type, the F16 KV cache, its flash-attention kernels).
#include "llama.h"

#include "../io/ggmltypes.h"
#include "../quant/formats.h"
#include "../util/error.h"

#include <cmath>
#include <limits>

namespace ql {

namespace {
    using Matrix = LlamaModel::Matrix;
    using Vector = LlamaModel::Vector;

    /// RMSNorm of every row as ggml computes it (float squares summed in double, a float scale), times \p w.
    void rmsNormRows(const Matrix& x, const Vector& w, float eps, Matrix& out)
    {
        out.resize(x.rows(), x.cols());
        const Eigen::Index n = x.cols();
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            double sum = 0;
            for (Eigen::Index i = 0; i < n; ++i) {
                const float sq = x(r, i) * x(r, i);
                sum += sq;
            }
            const float mean = float(sum / double(n));
            const float scale = 1.0f / std::sqrt(mean + eps);
            for (Eigen::Index i = 0; i < n; ++i)
                out(r, i) = (x(r, i) * scale) * w[i];
        }
    }

    /// Rotary embedding of every head of every row (row t at position t), with ggml's angles: θ starts
    /// at the position and is multiplied by base^(−2/d) from one pair to the next, in float; pair i turns
    /// by freqScale · θ / factor_i (linear scaling, llama3's frequency factors).
    void ropeRows(Matrix& m, int heads, int hd, float base, bool adjacent, float freqScale = 1.0f,
        const std::vector<float>& factors = {})
    {
        const float thetaScale = std::pow(base, -2.0f / float(hd));
        const int half = hd / 2;
        std::vector<float> c(static_cast<size_t>(half)), s(static_cast<size_t>(half));
        for (Eigen::Index t = 0; t < m.rows(); ++t) {
            float theta = float(t);
            for (int i = 0; i < half; ++i) {
                const float angle = freqScale * (factors.empty() ? theta : theta / factors[size_t(i)]);
                c[size_t(i)] = std::cos(angle);
                s[size_t(i)] = std::sin(angle);
                theta *= thetaScale;
            }
            float* row = m.row(t).data();
            for (int h = 0; h < heads; ++h) {
                float* v = row + h * hd;
                for (int i = 0; i < half; ++i) {
                    const int i0 = adjacent ? 2 * i : i, i1 = adjacent ? 2 * i + 1 : i + half;
                    const float x0 = v[i0], x1 = v[i1];
                    v[i0] = x0 * c[size_t(i)] - x1 * s[size_t(i)];
                    v[i1] = x0 * s[size_t(i)] + x1 * c[size_t(i)];
                }
            }
        }
    }

    void roundRowsToHalf(Matrix& m)
    {
        float* p = m.data();
        for (Eigen::Index i = 0; i < m.size(); ++i)
            p[i] = roundToHalf(p[i]);
    }

    float dot(const float* a, const float* b, int n)
    {
        float acc = 0;
        for (int i = 0; i < n; ++i)
            acc += a[i] * b[i];
        return acc;
    }

    /// How llama.cpp's CPU backend computes the attention of one batch of queries.
    enum class AttentionKernel {
        Float, ///< plain float (also llama.cpp's tiled flash attention: F32 math on the cached K and V)
        FlashF16, ///< flash attention one query at a time: Q to F16, the output accumulated in F16
        NoFlash, ///< Q to F16 for K·Q, the softmax probabilities to F16 for V
    };

    /// Causal attention of queries [q0, q1) over keys 0..t, every head; \p out [T, heads·hd].
    void attend(const Matrix& q, const Matrix& k, const Matrix& v, int heads, int kvHeads, int hd, Eigen::Index q0,
        Eigen::Index q1, AttentionKernel kernel, Matrix& out)
    {
        const float scale = 1.0f / std::sqrt(float(hd));
        std::vector<float> scores(static_cast<size_t>(q1)), qh(static_cast<size_t>(hd)), acc(static_cast<size_t>(hd));
        for (Eigen::Index t = q0; t < q1; ++t) {
            for (int h = 0; h < heads; ++h) {
                const int kvh = h / (heads / kvHeads);
                const float* qp = q.row(t).data() + h * hd;
                for (int i = 0; i < hd; ++i)
                    qh[size_t(i)] = kernel == AttentionKernel::Float ? qp[i] : roundToHalf(qp[i]);
                float* o = out.row(t).data() + h * hd;
                if (kernel == AttentionKernel::FlashF16) {
                    // ggml's one-query flash attention: an online softmax whose V accumulator is F16.
                    float m = -std::numeric_limits<float>::infinity(), sum = 0;
                    std::fill(acc.begin(), acc.end(), 0.0f);
                    for (Eigen::Index s = 0; s <= t; ++s) {
                        const float x = dot(qh.data(), k.row(s).data() + kvh * hd, hd) * scale;
                        float ms = 1.0f, vs = 1.0f;
                        if (x > m) {
                            const float old = m;
                            m = x;
                            ms = std::exp(old - m);
                            for (auto& a : acc)
                                a = roundToHalf(a * ms);
                        } else {
                            vs = std::exp(x - m);
                        }
                        const float* vp = v.row(s).data() + kvh * hd;
                        for (int i = 0; i < hd; ++i)
                            acc[size_t(i)] = roundToHalf(float(double(vp[i]) * double(vs) + double(acc[size_t(i)])));
                        sum = sum * ms + vs;
                    }
                    const float inv = sum == 0.0f ? 0.0f : 1.0f / sum;
                    for (int i = 0; i < hd; ++i)
                        o[i] = acc[size_t(i)] * inv;
                    continue;
                }
                float mx = -std::numeric_limits<float>::infinity();
                for (Eigen::Index s = 0; s <= t; ++s) {
                    scores[size_t(s)] = dot(qh.data(), k.row(s).data() + kvh * hd, hd) * scale;
                    mx = std::max(mx, scores[size_t(s)]);
                }
                double sum = 0;
                for (Eigen::Index s = 0; s <= t; ++s) {
                    scores[size_t(s)] = std::exp(scores[size_t(s)] - mx);
                    sum += scores[size_t(s)];
                }
                const float inv = float(1.0 / sum);
                std::fill(acc.begin(), acc.end(), 0.0f);
                for (Eigen::Index s = 0; s <= t; ++s) {
                    const float p = kernel == AttentionKernel::NoFlash ? roundToHalf(scores[size_t(s)] * inv)
                                                                       : scores[size_t(s)] * inv;
                    const float* vp = v.row(s).data() + kvh * hd;
                    for (int i = 0; i < hd; ++i)
                        acc[size_t(i)] += p * vp[i];
                }
                for (int i = 0; i < hd; ++i)
                    o[i] = acc[size_t(i)];
            }
        }
    }

    /// x · Wᵀ; under llama.cpp numerics each row of x is first rounded to W's dot-product type.
    Matrix product(const Matrix& x, const LlamaModel::Linear& l, const Numerics& n);
    Matrix linear(const Matrix& x, const LlamaModel::Linear& l, const Numerics& n)
    {
        Matrix y = product(x, l, n);
        if (l.bias.size() > 0)
            y.rowwise() += l.bias.transpose();
        return y;
    }

    /// RMSNorm of every head of every row, each with the same weight \p w (Qwen 3's q_norm, k_norm).
    void rmsNormHeads(Matrix& m, int heads, int hd, const Vector& w, float eps)
    {
        Matrix head(m.rows(), hd), out;
        for (int h = 0; h < heads; ++h) {
            head = m.middleCols(h * hd, hd);
            rmsNormRows(head, w, eps, out);
            m.middleCols(h * hd, hd) = out;
        }
    }

    Matrix product(const Matrix& x, const LlamaModel::Linear& l, const Numerics& n)
    {
        if (!n.llamaCpp() || l.type == ggml::F32)
            return x * l.w.transpose();
        Matrix xq = x;
        const uint32_t vt = ggmlVecDotType(l.type);
        if (vt == ggml::Q8_1 && l.mins.size() > 0) {
            // Q4_1/Q5_1: Σ (d·q + m)(d_x·q_x) plus m times the difference of Q8_1's stored block sum.
            Matrix correction(xq.rows(), l.mins.cols());
            for (Eigen::Index r = 0; r < xq.rows(); ++r)
                roundActivationsQ8_1(xq.row(r).data(), xq.cols(), correction.row(r).data());
            return xq * l.w.transpose() + correction * l.mins.transpose();
        }
        for (Eigen::Index r = 0; r < xq.rows(); ++r)
            roundActivations(vt, xq.row(r).data(), xq.cols());
        return xq * l.w.transpose();
    }
} // namespace

LlamaModel::Matrix LlamaModel::forward(
    const std::vector<int>& tokens, const Numerics& numerics, CalibrationStore* capture, int64_t keepRows) const
{
    auto record = [&](const std::string& name, const Matrix& x) {
        if (!capture)
            return;
        CalibrationEntry& e = capture->entries[name];
        e.in = x.cols();
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            e.add(x.row(r).data(), keepRows);
    };
    const int T = int(tokens.size()), D = m_cfg.dim, hd = m_cfg.headDim(), H = m_cfg.heads, KV = m_cfg.kvHeads;
    Matrix x(T, D);
    for (int t = 0; t < T; ++t) {
        if (tokens[size_t(t)] < 0 || tokens[size_t(t)] >= m_cfg.vocab)
            throw Error(ErrorCode::BadHeader, {},
                { "token id " + std::to_string(tokens[size_t(t)]) + " is outside the vocabulary" });
        x.row(t) = m_embed.row(tokens[size_t(t)]);
    }
    // llama.cpp evaluates a batch in physical batches of n_ubatch queries; its flash attention tiles a
    // batch of at least 64 queries when the head size is a multiple of the vector width, else takes
    // one query at a time with an F16 accumulator.
    // Its flash attention casts an F32 cache's keys and values to F16 (build_attn_mha): only without
    // flash attention does an F32 cache compute in F32.
    const bool kvHalf = numerics.llamaCpp() && (numerics.kvF16 || numerics.attention == Numerics::Attention::Flash);
    auto kernelFor = [&](int queries) {
        if (!kvHalf) // an F32 cache without flash attention: float
            return AttentionKernel::Float;
        if (numerics.attention == Numerics::Attention::NoFlash)
            return AttentionKernel::NoFlash;
        return queries >= 64 && hd % std::max(1, numerics.simdFloats) == 0 ? AttentionKernel::Float
                                                                           : AttentionKernel::FlashF16;
    };
    Matrix h, att(T, H * hd);
    for (const Layer& L : m_layers) {
        rmsNormRows(x, L.attnNorm, m_cfg.normEps, h);
        record(L.q.name, h);
        record(L.k.name, h);
        record(L.v.name, h);
        Matrix q = linear(h, L.q, numerics), k = linear(h, L.k, numerics), v = linear(h, L.v, numerics);
        if (L.qNorm.size() > 0) {
            rmsNormHeads(q, H, hd, L.qNorm, m_cfg.normEps);
            rmsNormHeads(k, KV, hd, L.kNorm, m_cfg.normEps);
        }
        ropeRows(q, H, hd, m_cfg.ropeTheta, m_cfg.adjacentRope, m_cfg.ropeFreqScale, m_cfg.ropeFreqFactors);
        ropeRows(k, KV, hd, m_cfg.ropeTheta, m_cfg.adjacentRope, m_cfg.ropeFreqScale, m_cfg.ropeFreqFactors);
        if (kvHalf) { // what the cache stores
            roundRowsToHalf(k);
            roundRowsToHalf(v);
        }
        const int ub = std::max(1, numerics.ubatch);
        for (int u0 = 0; u0 < T; u0 += ub) {
            const int u1 = std::min(T, u0 + ub);
            attend(q, k, v, H, KV, hd, u0, u1, kernelFor(u1 - u0), att);
        }
        record(L.o.name, att);
        x += linear(att, L.o, numerics);
        rmsNormRows(x, L.ffnNorm, m_cfg.normEps, h);
        record(L.gate.name, h);
        record(L.up.name, h);
        Matrix g = linear(h, L.gate, numerics);
        const Matrix u = linear(h, L.up, numerics);
        for (Eigen::Index i = 0; i < g.size(); ++i) {
            const float a = g.data()[i];
            g.data()[i] = a / (1.0f + std::exp(-a)) * u.data()[i]; // SiLU(gate) · up
        }
        record(L.down.name, g);
        x += linear(g, L.down, numerics);
    }
    rmsNormRows(x, m_finalNorm, m_cfg.normEps, h);
    record(m_output.name, h);
    return linear(h, m_output, numerics);
}

} // namespace ql

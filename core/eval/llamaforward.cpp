// The Llama forward pass over a whole sequence: matrix products over all positions, and — under
// llama.cpp numerics — the roundings llama.cpp's CPU backend makes (activations to each weight type's
// dot-product type, the F16 KV cache, its flash-attention kernels).
#include "llama.h"

#include "core/io/ggmltypes.h"
#include "core/quant/formats.h"
#include "core/util/error.h"

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
    /// Causal attention of queries [q0, q1) over keys 0..t (the last \p window of them when > 0), every
    /// head, scores times \p scale and soft-capped at \p softcap when > 0; \p out [T, heads·hd].
    void attend(const Matrix& q, const Matrix& k, const Matrix& v, int heads, int kvHeads, int hd, Eigen::Index q0,
        Eigen::Index q1, AttentionKernel kernel, Matrix& out, float scale, int window, float softcap)
    {
        auto first
            = [&](Eigen::Index t) { return window > 0 ? std::max<Eigen::Index>(0, t - window + 1) : Eigen::Index(0); };
        auto score = [&](float dotProduct) {
            const float x = dotProduct * scale;
            return softcap > 0 ? softcap * std::tanh(x / softcap) : x;
        };
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
                    for (Eigen::Index s = first(t); s <= t; ++s) {
                        const float x = score(dot(qh.data(), k.row(s).data() + kvh * hd, hd));
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
                for (Eigen::Index s = first(t); s <= t; ++s) {
                    scores[size_t(s)] = score(dot(qh.data(), k.row(s).data() + kvh * hd, hd));
                    mx = std::max(mx, scores[size_t(s)]);
                }
                double sum = 0;
                for (Eigen::Index s = first(t); s <= t; ++s) {
                    scores[size_t(s)] = std::exp(scores[size_t(s)] - mx);
                    sum += scores[size_t(s)];
                }
                const float inv = float(1.0 / sum);
                std::fill(acc.begin(), acc.end(), 0.0f);
                for (Eigen::Index s = first(t); s <= t; ++s) {
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

    /// GELU (tanh approximation) as ggml_gelu_f32 computes it.
    float geluTanh(float x)
    {
        return 0.5f * x * (1.0f + std::tanh(0.79788456080286535587989211986876f * x * (1.0f + 0.044715f * x * x)));
    }

    /// gate ← act(gate) · up. Under llama.cpp numerics GELU is ggml's F16 table: the input rounded to F16,
    /// the result rounded to F16 (0 below −10, x above 10).
    void gatedActivation(Matrix& g, const Matrix& u, LlamaConfig::Activation act, const Numerics& n)
    {
        for (Eigen::Index i = 0; i < g.size(); ++i) {
            const float a = g.data()[i];
            float y;
            if (act == LlamaConfig::Activation::Silu)
                y = a / (1.0f + std::exp(-a));
            else if (!n.llamaCpp())
                y = geluTanh(a);
            else
                y = a <= -10.0f ? 0.0f : a >= 10.0f ? a : roundToHalf(geluTanh(roundToHalf(a)));
            g.data()[i] = y * u.data()[i];
        }
    }

    void recordRows(CalibrationStore* capture, const std::string& name, const Matrix& x, int64_t keepRows)
    {
        if (!capture)
            return;
        CalibrationEntry& e = capture->entries[name];
        e.in = x.cols();
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            e.add(x.row(r).data(), keepRows);
    }

    void softcapInPlace(Matrix& m, float cap)
    {
        for (Eigen::Index i = 0; i < m.size(); ++i)
            m.data()[i] = cap * std::tanh(m.data()[i] / cap);
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

LlamaModel::Matrix LlamaModel::mixtureOfExperts(
    const Matrix& h, const Layer& L, const Numerics& numerics, CalibrationStore* capture, int64_t keepRows) const
{
    // The router's softmax over the experts, the top k of each position (llama.cpp's argsort, its
    // weights renormalised to sum to 1, the sum held above F16's smallest normal), and each expert run
    // on the positions routed to it — its inputs are only those positions' (as its calibration too).
    const int E = int(L.experts.size()), K = m_cfg.expertsUsed;
    const Matrix logits = linear(h, L.router, numerics);
    std::vector<std::vector<std::pair<Eigen::Index, float>>> routed(
        static_cast<size_t>(E)); // per expert: (position, weight)
    std::vector<int> order(static_cast<size_t>(E));
    std::vector<float> p(static_cast<size_t>(E));
    for (Eigen::Index t = 0; t < h.rows(); ++t) {
        const float mx = logits.row(t).maxCoeff();
        double sum = 0;
        for (int e = 0; e < E; ++e) {
            p[size_t(e)] = std::exp(logits(t, e) - mx);
            sum += p[size_t(e)];
        }
        for (int e = 0; e < E; ++e)
            p[size_t(e)] = float(p[size_t(e)] * (1.0 / sum));
        for (int e = 0; e < E; ++e)
            order[size_t(e)] = e;
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[size_t(a)] > p[size_t(b)]; });
        float chosen = 0;
        for (int i = 0; i < K; ++i)
            chosen += p[size_t(order[size_t(i)])];
        const float total = std::max(chosen, 6.103515625e-5f);
        for (int i = 0; i < K; ++i) {
            const float w = p[size_t(order[size_t(i)])];
            routed[size_t(order[size_t(i)])].push_back({ t, m_cfg.normTopK ? w / total : w });
        }
    }
    Matrix out = Matrix::Zero(h.rows(), h.cols());
    for (int e = 0; e < E; ++e) {
        const auto& r = routed[size_t(e)];
        if (r.empty())
            continue;
        Matrix xe(Eigen::Index(r.size()), h.cols());
        for (size_t i = 0; i < r.size(); ++i)
            xe.row(Eigen::Index(i)) = h.row(r[i].first);
        const Expert& x = L.experts[size_t(e)];
        recordRows(capture, x.gate.name, xe, keepRows);
        recordRows(capture, x.up.name, xe, keepRows);
        Matrix g = linear(xe, x.gate, numerics);
        gatedActivation(g, linear(xe, x.up, numerics), m_cfg.act, numerics);
        recordRows(capture, x.down.name, g, keepRows);
        const Matrix d = linear(g, x.down, numerics);
        for (size_t i = 0; i < r.size(); ++i)
            out.row(r[i].first) += r[i].second * d.row(Eigen::Index(i));
    }
    if (L.shared.gate.w.size() > 0) {
        // Qwen 2 MoE's shared expert on every position, times the sigmoid of its gate (llama.cpp computes
        // the sigmoid as silu(x) / x; the two agree to float rounding).
        recordRows(capture, L.sharedGate.name, h, keepRows);
        recordRows(capture, L.shared.gate.name, h, keepRows);
        recordRows(capture, L.shared.up.name, h, keepRows);
        const Matrix gate = linear(h, L.sharedGate, numerics);
        Matrix g = linear(h, L.shared.gate, numerics);
        gatedActivation(g, linear(h, L.shared.up, numerics), m_cfg.act, numerics);
        recordRows(capture, L.shared.down.name, g, keepRows);
        const Matrix d = linear(g, L.shared.down, numerics);
        for (Eigen::Index t = 0; t < h.rows(); ++t)
            out.row(t) += (1.0f / (1.0f + std::exp(-gate(t, 0)))) * d.row(t);
    }
    return out;
}

LlamaModel::Matrix LlamaModel::forward(
    const std::vector<int>& tokens, const Numerics& numerics, CalibrationStore* capture, int64_t keepRows) const
{
    auto record = [&](const std::string& name, const Matrix& x) { recordRows(capture, name, x, keepRows); };
    const int T = int(tokens.size()), D = m_cfg.dim, hd = m_cfg.headDim(), H = m_cfg.heads, KV = m_cfg.kvHeads;
    Matrix x(T, D);
    for (int t = 0; t < T; ++t) {
        if (tokens[size_t(t)] < 0 || tokens[size_t(t)] >= m_cfg.vocab)
            throw Error(ErrorCode::BadHeader, {},
                { "token id " + std::to_string(tokens[size_t(t)]) + " is outside the vocabulary" });
        x.row(t) = m_embed.row(tokens[size_t(t)]);
    }
    if (m_cfg.embedScale != 1.0f) // Gemma: the embeddings times √dim
        x *= m_cfg.embedScale;
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
    const float scale = m_cfg.attnScale > 0 ? m_cfg.attnScale : 1.0f / std::sqrt(float(hd));
    Matrix h, att(T, H * hd);
    for (size_t li = 0; li < m_layers.size(); ++li) {
        const Layer& L = m_layers[li];
        const bool slides = m_cfg.slides(int(li));
        rmsNormRows(x, L.attnNorm, m_cfg.normEps, h);
        Matrix q, k, v;
        if (L.qkv.w.size() > 0) { // Phi-3: one product, its rows q, k, v
            record(L.qkv.name, h);
            const Matrix qkv = linear(h, L.qkv, numerics);
            q = qkv.leftCols(H * hd);
            k = qkv.middleCols(H * hd, KV * hd);
            v = qkv.rightCols(KV * hd);
        } else {
            record(L.q.name, h);
            record(L.k.name, h);
            record(L.v.name, h);
            q = linear(h, L.q, numerics);
            k = linear(h, L.k, numerics);
            v = linear(h, L.v, numerics);
        }
        if (L.qNorm.size() > 0) {
            rmsNormHeads(q, H, hd, L.qNorm, m_cfg.normEps);
            rmsNormHeads(k, KV, hd, L.kNorm, m_cfg.normEps);
        }
        const float base = slides ? m_cfg.ropeThetaLocal : m_cfg.ropeTheta,
                    freqScale = slides ? m_cfg.ropeFreqScaleLocal : m_cfg.ropeFreqScale;
        ropeRows(q, H, hd, base, m_cfg.adjacentRope, freqScale, m_cfg.ropeFreqFactors);
        ropeRows(k, KV, hd, base, m_cfg.adjacentRope, freqScale, m_cfg.ropeFreqFactors);
        if (m_cfg.preScaleQ) // Gemma and Phi-3 scale the queries themselves (then the scores by 1)
            q *= scale;
        if (kvHalf) { // what the cache stores
            roundRowsToHalf(k);
            roundRowsToHalf(v);
        }
        const int ub = std::max(1, numerics.ubatch);
        for (int u0 = 0; u0 < T; u0 += ub) {
            const int u1 = std::min(T, u0 + ub);
            attend(q, k, v, H, KV, hd, u0, u1, kernelFor(u1 - u0), att, m_cfg.preScaleQ ? 1.0f : scale,
                slides ? m_cfg.slidingWindow : 0, m_cfg.attnSoftcap);
        }
        record(L.o.name, att);
        Matrix a = linear(att, L.o, numerics);
        if (L.postAttnNorm.size() > 0) {
            Matrix n;
            rmsNormRows(a, L.postAttnNorm, m_cfg.normEps, n);
            a = std::move(n);
        }
        x += a;
        rmsNormRows(x, L.ffnNorm, m_cfg.normEps, h);
        Matrix f;
        if (!L.experts.empty()) {
            f = mixtureOfExperts(h, L, numerics, capture, keepRows);
        } else {
            Matrix g, u;
            if (L.gate.w.size() == 0) { // Phi-3: gate and up rows of one product
                record(L.up.name, h);
                const Matrix gu = linear(h, L.up, numerics);
                g = gu.leftCols(m_cfg.hidden);
                u = gu.rightCols(m_cfg.hidden);
            } else {
                record(L.gate.name, h);
                record(L.up.name, h);
                g = linear(h, L.gate, numerics);
                u = linear(h, L.up, numerics);
            }
            gatedActivation(g, u, m_cfg.act, numerics);
            record(L.down.name, g);
            f = linear(g, L.down, numerics);
        }
        if (L.postFfnNorm.size() > 0) {
            Matrix n;
            rmsNormRows(f, L.postFfnNorm, m_cfg.normEps, n);
            f = std::move(n);
        }
        x += f;
    }
    rmsNormRows(x, m_finalNorm, m_cfg.normEps, h);
    record(m_output.name, h);
    Matrix logits = linear(h, m_output, numerics);
    if (m_cfg.finalSoftcap > 0)
        softcapInPlace(logits, m_cfg.finalSoftcap);
    return logits;
}

} // namespace ql

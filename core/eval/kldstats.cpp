#include "kldstats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace ql {

namespace {
    int nearestInt(float v)
    {
        float f = v + 12582912.0f;
        int32_t i;
        std::memcpy(&i, &f, 4);
        return (i & 0x007FFFFF) - 0x00400000;
    }

    struct BaseLogProbs {
        float scale = 0, minLogProb = 0;
        std::vector<uint16_t> q;
        float at(int i) const { return scale * float(q[size_t(i)]) + minLogProb; }
    };

    /// The base model's log-probabilities as llama-perplexity writes them to its base file.
    BaseLogProbs storeBase(const float* logits, int n)
    {
        float mx = logits[0], mn = logits[0];
        for (int i = 1; i < n; ++i) {
            mx = std::max(mx, logits[i]);
            mn = std::min(mn, logits[i]);
        }
        mn = std::max(mn, mx - 16);
        double sumExp = 0;
        for (int i = 0; i < n; ++i)
            sumExp += std::exp(logits[i] - mx);
        const float lse = float(std::log(sumExp));
        BaseLogProbs b;
        b.minLogProb = mn - mx - lse;
        b.scale = (mx - mn) / 65535.0f;
        b.q.assign(size_t(n), 0);
        if (b.scale != 0.0f) {
            const float inv = 1 / b.scale;
            for (int i = 0; i < n; ++i)
                b.q[size_t(i)] = logits[i] > mn ? uint16_t(nearestInt(inv * (logits[i] - mn))) : 0;
        }
        return b;
    }

    std::pair<double, double> meanAndUncertainty(double sum, double sum2, int64_t count)
    {
        if (count < 1)
            return { 0, 0 };
        const double f = sum / double(count);
        double df = sum2 / double(count) - f * f;
        df = df > 0 && count > 10 ? std::sqrt(df / double(count - 1)) : 0.0;
        return { f, df };
    }

    double covariance(double a, double b, double ab, int64_t count)
    {
        if (count < 10)
            return 0;
        return (ab / double(count) - (a / double(count)) * (b / double(count))) / double(count - 1);
    }

    /// llama-perplexity's percentile of sorted values (its float interpolation).
    float percentile(const std::vector<float>& v, float fraction)
    {
        if (fraction <= 0)
            return v.front();
        if (fraction >= 1)
            return v.back();
        float p = fraction * float(v.size() - 1);
        const size_t ip = size_t(p);
        p -= float(ip);
        return (1 - p) * v[ip] + p * v[std::min(ip + 1, v.size() - 1)];
    }

    float median(const std::vector<float>& v)
    {
        return v.size() % 2 == 0 ? 0.5f * (v[v.size() / 2] + v[v.size() / 2 - 1]) : v[v.size() / 2];
    }
} // namespace

void KlAccumulator::add(const float* base, const float* logits, int n, int tok)
{
    int imax = 0;
    float mx = logits[0];
    for (int i = 1; i < n; ++i)
        if (logits[i] > mx) {
            mx = logits[i];
            imax = i;
        }
    double sumExp = 0, kl = 0, nll, nllBase;
    int imaxBase = -1;
    if (m_llamaCpp) {
        for (int i = 0; i < n; ++i)
            sumExp += std::exp(logits[i] - mx); // expf, summed in double
        const float lse = float(std::log(sumExp));
        const float fnll = mx + lse - logits[tok];
        const BaseLogProbs b = storeBase(base, n);
        const float fnllBase = -(b.scale * float(b.q[size_t(tok)]) + b.minLogProb);
        m_nll2 += fnll * fnll;
        m_nllBase2 += fnllBase * fnllBase;
        m_nllNllBase += fnll * fnllBase;
        const float top = mx + lse;
        float pMax = 0;
        for (int i = 0; i < n; ++i) {
            const float pl = b.at(i);
            if (i == 0 || pl > pMax) {
                pMax = pl;
                imaxBase = i;
            }
            if (pl > -16.f)
                kl += std::exp(pl) * (pl - logits[i] + top);
        }
        nll = fnll;
        nllBase = fnllBase;
        const float pd = std::exp(-fnll) - std::exp(-fnllBase);
        m_pd += pd;
        const double pd2 = pd * pd;
        m_pd2 += pd2;
        m_pd4 += pd2 * pd2;
        m_pdValues.push_back(pd);
    } else {
        // Exact: log-softmax of both in double.
        for (int i = 0; i < n; ++i)
            sumExp += std::exp(double(logits[i]) - double(mx));
        const double lseQ = double(mx) + std::log(sumExp);
        double bmx = base[0];
        for (int i = 1; i < n; ++i)
            bmx = std::max(bmx, double(base[i]));
        double bsum = 0;
        for (int i = 0; i < n; ++i)
            bsum += std::exp(double(base[i]) - bmx);
        const double lseB = bmx + std::log(bsum);
        double pMax = -std::numeric_limits<double>::infinity();
        for (int i = 0; i < n; ++i) {
            const double pl = double(base[i]) - lseB;
            if (pl > pMax) {
                pMax = pl;
                imaxBase = i;
            }
            kl += std::exp(pl) * (pl - (double(logits[i]) - lseQ));
        }
        kl = std::max(0.0, kl);
        nll = lseQ - double(logits[tok]);
        nllBase = lseB - double(base[tok]);
        m_nll2 += nll * nll;
        m_nllBase2 += nllBase * nllBase;
        m_nllNllBase += nll * nllBase;
        const double pd = std::exp(-nll) - std::exp(-nllBase);
        m_pd += pd;
        m_pd2 += pd * pd;
        m_pd4 += pd * pd * pd * pd;
        m_pdValues.push_back(float(pd));
    }
    m_nll += nll;
    m_nllBase += nllBase;
    m_kld += kl;
    m_kld2 += kl * kl;
    m_kldValues.push_back(float(kl));
    m_sameTop += imax == imaxBase;
    ++m_count;
}

void KlAccumulator::append(const KlAccumulator& o)
{
    m_nll += o.m_nll;
    m_nll2 += o.m_nll2;
    m_nllBase += o.m_nllBase;
    m_nllBase2 += o.m_nllBase2;
    m_nllNllBase += o.m_nllNllBase;
    m_kld += o.m_kld;
    m_kld2 += o.m_kld2;
    m_pd += o.m_pd;
    m_pd2 += o.m_pd2;
    m_pd4 += o.m_pd4;
    m_sameTop += o.m_sameTop;
    m_count += o.m_count;
    m_kldValues.insert(m_kldValues.end(), o.m_kldValues.begin(), o.m_kldValues.end());
    m_pdValues.insert(m_pdValues.end(), o.m_pdValues.begin(), o.m_pdValues.end());
}

KlDivergenceStats KlAccumulator::finish() const
{
    KlDivergenceStats s;
    s.positions = m_count;
    if (m_count == 0)
        return s;
    const auto lp = meanAndUncertainty(m_nll, m_nll2, m_count);
    const auto lpb = meanAndUncertainty(m_nllBase, m_nllBase2, m_count);
    const double cov = covariance(m_nll, m_nllBase, m_nllNllBase, m_count);
    s.ppl = std::exp(lp.first);
    s.pplUnc = s.ppl * lp.second;
    s.pplBase = std::exp(lpb.first);
    s.pplBaseUnc = s.pplBase * lpb.second;
    s.pplCorrelation = lp.second > 0 && lpb.second > 0 ? cov / (lp.second * lpb.second) : 0;
    s.lnPplRatio = lp.first - lpb.first;
    s.lnPplRatioUnc = std::sqrt(std::max(0.0, lp.second * lp.second + lpb.second * lpb.second - 2.0 * cov));
    const auto kl = meanAndUncertainty(m_kld, m_kld2, m_count);
    s.kldMean = kl.first;
    s.kldMeanUnc = kl.second;
    std::vector<float> k = m_kldValues, p = m_pdValues;
    std::sort(k.begin(), k.end());
    std::sort(p.begin(), p.end());
    s.kldMax = k.back();
    s.kldP999 = percentile(k, 0.999f);
    s.kldP99 = percentile(k, 0.990f);
    s.kldP95 = percentile(k, 0.950f);
    s.kldP90 = percentile(k, 0.900f);
    s.kldMedian = median(k);
    s.kldP10 = percentile(k, 0.100f);
    s.kldP5 = percentile(k, 0.050f);
    s.kldP1 = percentile(k, 0.010f);
    s.kldP01 = percentile(k, 0.001f);
    s.kldMin = k.front();
    const auto pd = meanAndUncertainty(m_pd, m_pd2, m_count);
    s.dpMean = pd.first;
    s.dpMeanUnc = pd.second;
    s.dpMax = p.back();
    s.dpP999 = percentile(p, 0.999f);
    s.dpP99 = percentile(p, 0.990f);
    s.dpP95 = percentile(p, 0.950f);
    s.dpP90 = percentile(p, 0.900f);
    s.dpP75 = percentile(p, 0.750f);
    s.dpMedian = median(p);
    s.dpP25 = percentile(p, 0.250f);
    s.dpP10 = percentile(p, 0.100f);
    s.dpP5 = percentile(p, 0.050f);
    s.dpP1 = percentile(p, 0.010f);
    s.dpP01 = percentile(p, 0.001f);
    s.dpMin = p.front();
    const auto mse = meanAndUncertainty(m_pd2, m_pd4, m_count);
    s.dpRms = std::sqrt(mse.first);
    s.dpRmsUnc = s.dpRms > 0 ? 0.5 / s.dpRms * mse.second : 0;
    s.sameTop = double(m_sameTop) / double(m_count);
    s.sameTopUnc = m_count > 1 ? std::sqrt(s.sameTop * (1 - s.sameTop) / double(m_count - 1)) : 0;
    return s;
}

} // namespace ql

#pragma once
/// \file kldstats.h
/// \brief The statistics `llama-perplexity --kl-divergence` prints — perplexities with their
/// uncertainties, the KL divergence's mean, median and tail percentiles, the probability change Δp of
/// the correct token, the same-top-token rate — computed as the pinned llama.cpp release computes them,
/// so that QuantLens's figures can be laid beside published llama.cpp tables.

#include <cstdint>
#include <vector>

namespace ql {

struct KlDivergenceStats {
    int64_t positions = 0;
    double ppl = 0, pplUnc = 0, pplBase = 0, pplBaseUnc = 0;
    double lnPplRatio = 0, lnPplRatioUnc = 0, pplCorrelation = 0;
    double kldMean = 0, kldMeanUnc = 0, kldMax = 0, kldP999 = 0, kldP99 = 0, kldP95 = 0, kldP90 = 0, kldMedian = 0, kldP10 = 0,
           kldP5 = 0, kldP1 = 0, kldP01 = 0, kldMin = 0;
    double dpMean = 0, dpMeanUnc = 0, dpMax = 0, dpP999 = 0, dpP99 = 0, dpP95 = 0, dpP90 = 0, dpP75 = 0, dpMedian = 0, dpP25 = 0,
           dpP10 = 0, dpP5 = 0, dpP1 = 0, dpP01 = 0, dpMin = 0;
    double dpRms = 0, dpRmsUnc = 0, sameTop = 0, sameTopUnc = 0;
};

/// \brief Sums of llama-perplexity's kl_divergence_result over scored positions.
class KlAccumulator {
public:
    /// \param llamaCppBase store the base log-probabilities as llama-perplexity's base file does (16 bits
    /// over [max − 16, max]) and compute in its float precision; false: exact, in double.
    explicit KlAccumulator(bool llamaCppBase = true)
        : m_llamaCpp(llamaCppBase)
    {
    }
    /// \brief One position: the base and the candidate logits (\p vocab each) and the token that follows.
    void add(const float* baseLogits, const float* logits, int vocab, int token);
    /// \brief Appends another accumulator's positions after this one's (its sums and values, in order).
    void append(const KlAccumulator& other);
    KlDivergenceStats finish() const;
    int64_t count() const { return m_count; }

private:
    bool m_llamaCpp;
    double m_nll = 0, m_nll2 = 0, m_nllBase = 0, m_nllBase2 = 0, m_nllNllBase = 0, m_kld = 0, m_kld2 = 0, m_pd = 0, m_pd2 = 0, m_pd4 = 0;
    int64_t m_sameTop = 0, m_count = 0;
    std::vector<float> m_kldValues, m_pdValues;
};

} // namespace ql

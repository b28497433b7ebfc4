#pragma once
/// \file sensitivity.h
/// \brief Judges behind one interface, the end-to-end sensitivity study (one tensor quantized at a
/// time) and plan validation (predicted against measured error along the Pareto frontier).

#include "classifier.h"
#include "judge.h"
#include "llama.h"

#include "core/analysis/sweep.h"
#include "core/plan/planner.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ql {

/// \brief Measures how far a model with some tensors replaced is from the full-precision model:
/// the mean KL divergence of its output distribution (0 when nothing is replaced).
class Judge {
public:
    /// \brief A named figure of a report ("kld_mean", "accuracy", …).
    using Report = std::vector<std::pair<std::string, double>>;
    virtual ~Judge() = default;
    virtual double measure(const QuantizedWeights& replaced) const = 0;
    /// \brief All the judge's figures for the model with \p replaced tensors (the CLI eval fields).
    virtual Report report(const QuantizedWeights& replaced) const = 0;
};

/// \brief The Llama judge on fixed token sequences.
class LlamaJudge : public Judge {
public:
    LlamaJudge(const Model& model, std::vector<std::vector<int>> sequences, LmEvalOptions options = {});
    double measure(const QuantizedWeights& replaced) const override;
    Report report(const QuantizedWeights& replaced) const override;
    /// \brief The full metrics of the model with \p replaced tensors.
    LmMetrics metrics(const QuantizedWeights& replaced) const;
    const LmEvalOptions& options() const { return m_options; }

private:
    const Model& m_model;
    LlamaModel m_reference;
    std::vector<std::vector<int>> m_sequences;
    LmEvalOptions m_options;
    std::optional<LmReference> m_base; ///< the reference's logits, kept when they fit in kMaxBaseBytes
};

/// \brief The classifier judge on an evaluation set.
class ClassifierJudge : public Judge {
public:
    ClassifierJudge(const Model& model, ClassifierData data);
    double measure(const QuantizedWeights& replaced) const override;
    Report report(const QuantizedWeights& replaced) const override;

private:
    const Model& m_model;
    ClassifierModel m_reference;
    ClassifierData m_data;
};

/// \brief Where a judge's data comes from.
struct JudgeData {
    std::string tokens; ///< language models: token file (empty: sample)
    std::string text; ///< language models: UTF-8 text, tokenized by the model's tokenizer into ctx-token chunks (textchunks.h)
    std::vector<std::vector<int>> sequences; ///< language models: these token sequences, when given (e.g. chunks of typed text)
    /// Whether \c sequences are llama-perplexity chunks (their second half scored).
    bool sequencesAreChunks = false;
    int sample = 8, length = 64;
    uint64_t seed = 0;
    std::string data; ///< classifiers: evaluation .npz (empty: the one the model's metadata names)
    /// Language models: llama-perplexity's chunks of this many tokens, each scored in its second half:
    /// of the text (0: 512, llama-perplexity's default), or of the token stream (the token file's
    /// sequences joined; 0: every sequence whole, every position scored).
    int ctx = 0;
    Numerics numerics; ///< language models: float or llama.cpp arithmetic
};
/// \brief The judge for \p model (Llama or Dense classifier) with \p data; \p modelPath resolves
/// an evaluation set named in the model's metadata. Throws Error(Unsupported) for other models.
std::unique_ptr<Judge> makeJudge(const Model& model, const JudgeData& data);

/// \brief Called with a row each time one of its cells got its end-to-end figure (for a journal).
using EndToEndDone = std::function<void(const SweepRow&)>;
/// \brief Fills SweepCell::endToEnd of every cell: the judge's metric with only that tensor
/// quantized with that spec (the per-layer study of AIMET's QuantAnalyzer). Cells that have a
/// figure already (a resumed study) are kept; \p done hears of each new one.
void addEndToEndSensitivity(SweepResult& sweep, const Model& model, const Judge& judge, Progress* progress = nullptr,
    const EndToEndDone& done = {});
/// \brief One cell of that study: the judge's metric with only tensor \p tensor (whose weight matrix
/// is \p w) quantized with \p spec (a cell's endToEndSpec).
double endToEndOfCell(const Model& model, const Judge& judge, size_t tensor, const OwnedMatrix& w, const QuantSpec& spec);
/// \returns the spec a sweep cell's end-to-end figure is measured with (its fallback, else its spec).
QuantSpec endToEndSpec(const SweepCell& cell);

/// \brief One validated plan: its size, predicted error and measured end-to-end error.
struct ValidationPoint {
    double bitsPerWeight, predicted, measured;
};
struct Validation {
    std::vector<ValidationPoint> points;
    double spearman = 0; ///< rank correlation of predicted and measured error
};
/// \brief A validation that continues: the points measured before (a journal's), by plan index, and
/// who hears of each new one.
struct ValidationResume {
    std::map<size_t, ValidationPoint> done;
    std::function<void(size_t plan, const ValidationPoint&)> measured;
};
/// \brief Solves plans at \p count budgets spread over the frontier and measures each with the judge.
/// Plans whose entries use GPTQ or AWQ (a sweep with a method) need \p calibration. With \p resume,
/// the plans it holds are not measured again.
Validation validatePlans(const SweepResult& sweep, const Model& model, const Judge& judge, int count, PlanMetric metric,
    Progress* progress = nullptr, const CalibrationStore* calibration = nullptr, ValidationResume* resume = nullptr);
/// \brief The bits-per-weight budgets validatePlans solves at: \p count spread evenly over the
/// frontier (empty when it has no plans or \p count < 2).
std::vector<double> validationBudgets(const SweepResult& sweep, int count, PlanMetric metric);
/// \brief One point of validatePlans: the plan solved at \p budget, measured with the judge.
ValidationPoint validatePlanAt(const SweepResult& sweep, const Model& model, const Judge& judge, double budget, PlanMetric metric,
    const CalibrationStore* calibration = nullptr);
/// \brief The validation of these points (their Spearman correlation).
Validation validationOf(std::vector<ValidationPoint> points);

/// \brief Spearman's rank correlation (average ranks for ties).
double spearman(const std::vector<double>& a, const std::vector<double>& b);

} // namespace ql

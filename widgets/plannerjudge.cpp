// The Plan tab's judge: the current plan measured end to end, and plans along the frontier
// validated (a cancelled validation keeps the plans it measured; the next one continues).
#include "format.h"
#include "jobrunner.h"
#include "planmodel.h"
#include "plannerview.h"
#include "sweepmodel.h"
#include "textsource.h"

#include "core/eval/llama.h"
#include "core/eval/sensitivity.h"
#include "core/util/fingerprint.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QScatterSeries>

#include <algorithm>

namespace ql {

namespace {
    const QString kJudgeJob = QStringLiteral("judge");

    /// The judge of \p model on the text chosen, in \p numerics.
    std::unique_ptr<Judge> judgeOf(const Model& model, const TextChoice& text, const Numerics& numerics)
    {
        JudgeData data;
        data.numerics = numerics;
        if (LlamaModel::isLlama(model))
            data.sequences = TextSourceWidget::sequences(model, text);
        data.sequencesAreChunks = text.kind != TextChoice::Kind::Sample; // text is scored as llama-perplexity scores its chunks
        return makeJudge(model, data);
    }

    /// What a validation's figures depend on: two equal keys measure the same plans the same way.
    std::string validationKey(const Model& model, const SweepResult& sweep, const TextChoice& text, const Numerics& numerics, int calibration)
    {
        Fnv f; // over the rows' names and figures
        for (const auto& r : sweep.rows) {
            f.add(r.name);
            for (const auto& c : r.cells) {
                f.value(c.relMse);
                f.value(c.bitsPerWeight);
                f.add(c.method);
            }
        }
        for (const auto& s : sweep.specs)
            f.add(s);
        return model.path + "|" + std::to_string(model.fileBytes) + "|" + std::to_string(f.h) + "|" + std::to_string(int(text.kind)) + "|" + text.path
            + "|" + text.typed + "|" + std::to_string(text.ctx) + "|" + numericsName(numerics.kind) + "|" + std::to_string(int(numerics.kvF16))
            + std::to_string(int(numerics.attention)) + "|" + std::to_string(calibration);
    }
}

namespace {
    QString figureName(const std::string& key)
    {
        if (key == "kld_mean")
            return PlannerView::tr("KL mean");
        if (key == "kld_p99")
            return PlannerView::tr("KL p99");
        if (key == "top1_agreement")
            return PlannerView::tr("top-1 agreement");
        if (key == "perplexity")
            return PlannerView::tr("perplexity");
        if (key == "reference_perplexity")
            return PlannerView::tr("full-precision perplexity");
        if (key == "accuracy")
            return PlannerView::tr("accuracy");
        if (key == "reference_accuracy")
            return PlannerView::tr("full-precision accuracy");
        return QString::fromStdString(key);
    }
}

namespace {
    Numerics currentNumerics(const QComboBox* box)
    {
        return Numerics::Kind(box->currentData().toInt()) == Numerics::Kind::LlamaCpp ? Numerics::llamaCppHere() : Numerics {};
    }
}

void PlannerView::evaluatePlan()
{
    if (!m_model || m_planModel->plan().entries.empty())
        return;
    auto model = m_model;
    auto calibration = m_calibration;
    const Plan plan = m_planModel->plan();
    const TextChoice text = m_judgeSource->choice();
    const Numerics numerics = currentNumerics(m_numerics);
    m_judge->setText(tr("Evaluating…"));
    m_jobs->start(
        kJudgeJob, tr("Evaluating the plan end to end…"),
        [model, plan, calibration, text, numerics](Progress& progress, const JobRunner::Partial&) -> std::any {
            const auto judge = judgeOf(*model, text, numerics);
            progress.check();
            return judge->report(fakeQuantizedWeights(*model, plan, &progress, calibration.get()));
        },
        nullptr,
        [this](std::any result) {
            QStringList parts;
            for (const auto& [key, value] : std::any_cast<Judge::Report>(result))
                parts << tr("%1 %2").arg(figureName(key), formatNumber(value));
            m_judge->setText(parts.join(QStringLiteral(" · ")));
            emit judgeFinished();
        },
        [this](const QString& message) { m_judge->setText(message); });
}

void PlannerView::validateFrontier()
{
    if (!m_model || !m_haveSweep)
        return;
    auto model = m_model;
    auto calibration = m_calibration;
    const SweepResult sweep = m_sweepModel->sweep();
    const TextChoice text = m_judgeSource->choice();
    const Numerics numerics = currentNumerics(m_numerics);
    // The plans a cancelled validation of the same sweep, text and arithmetic measured are kept.
    const std::string key = validationKey(*model, sweep, text, numerics, m_calibrationGeneration);
    if (key != m_validatedKey) {
        m_validated.clear();
        m_validatedKey = key;
    }
    const std::map<size_t, ValidationPoint> done = m_validated;
    std::vector<ValidationPoint> shown;
    for (const auto& [k, p] : done)
        shown.push_back(p);
    showValidation(shown);
    m_judge->setText(done.empty() ? tr("Validating…") : tr("Validating: %n plan(s) measured before are kept…", nullptr, int(done.size())));
    m_jobs->start(
        kJudgeJob, tr("Measuring plans along the frontier…"),
        [model, sweep, calibration, text, numerics, done](Progress& progress, const JobRunner::Partial& partial) -> std::any {
            const auto judge = judgeOf(*model, text, numerics);
            ValidationResume resume;
            resume.done = done;
            resume.measured = [&](size_t k, const ValidationPoint& p) { partial(std::pair<size_t, ValidationPoint>(k, p)); };
            return validatePlans(sweep, *model, *judge, 8, PlanMetric::Weight, &progress, calibration.get(), &resume);
        },
        [this, key](std::any point) {
            if (key != m_validatedKey)
                return;
            const auto [k, p] = std::any_cast<std::pair<size_t, ValidationPoint>>(point);
            m_validated[k] = p;
            m_validation->append(p.predicted, p.measured);
        },
        [this](std::any result) {
            const auto v = std::any_cast<Validation>(result);
            showValidation(v.points);
            m_judge->setText(tr("%n plan(s) measured; Spearman rank correlation of predicted and measured error %1", nullptr, int(v.points.size()))
                                 .arg(formatNumber(v.spearman)));
            emit judgeFinished();
        },
        [this](const QString& message) { m_judge->setText(message); });
}

void PlannerView::showValidation(const std::vector<ValidationPoint>& points)
{
    m_validation->clear();
    double px = 0, py = 0;
    for (const auto& p : points) {
        m_validation->append(p.predicted, p.measured);
        px = std::max(px, p.predicted);
        py = std::max(py, p.measured);
    }
    m_validationChart->chart()->axes(Qt::Horizontal).value(0)->setRange(0, px > 0 ? px * 1.05 : 1);
    m_validationChart->chart()->axes(Qt::Vertical).value(0)->setRange(0, py > 0 ? py * 1.05 : 1);
}

} // namespace ql

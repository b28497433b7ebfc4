// The Plan tab's target tool and the plans other tools make: the candidate sets and exports a
// target offers, llama-quantize's own mixes and compared GGUF files as points beside the frontier,
// and a GGUF file's own type mix as the plan.
#include "plannerview.h"

#include "errortext.h"
#include "format.h"
#include "jobrunner.h"
#include "planmodel.h"
#include "sweepmodel.h"

#include "core/eval/numerics.h"
#include "core/io/dtype.h"
#include "core/plan/llamaquantize.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QString kCompareJob = QStringLiteral("compare");

    /// The candidate sets' names (core/plan/target.cpp), for translation.
    [[maybe_unused]] const char* const kCandidateSetNames[] = {
        QT_TRANSLATE_NOOP("ql::PlannerView", "llama.cpp k-quants"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "llama.cpp: k-quants, legacy and i-quants"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "llama.cpp i-quants"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "Integer round-to-nearest"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "GPTQModel: 2, 3, 4 and 8 bits per group"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "llm-compressor: INT4/INT8 and FP8"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "ModelOpt: NVFP4, FP8, INT8, INT4"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "NF4, FP8, MXFP4"),
        QT_TRANSLATE_NOOP("ql::PlannerView", "OCP MX and NVFP4"),
    };

    QString targetName(PlanTarget t)
    {
        switch (t) {
        case PlanTarget::LlamaCpp: return QStringLiteral("llama.cpp");
        case PlanTarget::GptqModel: return QStringLiteral("GPTQModel");
        case PlanTarget::LlmCompressor: return QStringLiteral("llm-compressor");
        case PlanTarget::ModelOpt: return QStringLiteral("ModelOpt");
        case PlanTarget::None: break;
        }
        return PlannerView::tr("No tool (research)");
    }

    QString exportFormatName(ExportFormat f)
    {
        switch (f) {
        case ExportFormat::LlamaCpp: return PlannerView::tr("llama.cpp tensor types");
        case ExportFormat::GptqModel: return PlannerView::tr("GPTQModel dynamic");
        case ExportFormat::LlmCompressor: return PlannerView::tr("llm-compressor recipe");
        case ExportFormat::ModelOpt: return PlannerView::tr("ModelOpt hf_quant_config.json");
        case ExportFormat::Csv: return PlannerView::tr("CSV");
        case ExportFormat::Markdown: return PlannerView::tr("Markdown report");
        }
        return {};
    }

    /// Whether a model is a GGUF holding quantized (block) tensors.
    bool isQuantizedGguf(const Model& m)
    {
        if (m.format != Format::Gguf)
            return false;
        for (const auto& t : m.tensors)
            if (dtypeBlockElements(t.dtype) > 1)
                return true;
        return false;
    }
}

QString PlannerView::targetDisplayName(PlanTarget t) { return targetName(t); }

void PlannerView::resetComparisons()
{
    m_jobs->cancel(kCompareJob);
    m_compared.clear();
    m_ownMix->setEnabled(m_model && isQuantizedGguf(*m_model));
}

void PlannerView::setTarget(PlanTarget target)
{
    const int i = m_target->findData(int(target));
    if (i == m_target->currentIndex())
        targetChanged(); // the signal does not fire for the same index
    else
        m_target->setCurrentIndex(i);
}

PlanTarget PlannerView::target() const { return PlanTarget(m_target->currentData().toInt()); }

void PlannerView::targetChanged()
{
    const PlanTarget t = target();
    {
        const QSignalBlocker block(m_preset);
        m_preset->clear();
        for (const auto& set : targetCandidateSets(t))
            m_preset->addItem(tr(set.name.c_str()), QString::fromStdString(set.specs));
        m_preset->setCurrentIndex(0);
    }
    m_specs->setText(m_preset->itemData(0).toString());
    m_exportFormat->clear();
    for (const ExportFormat f : targetExportFormats(t))
        m_exportFormat->addItem(exportFormatName(f), int(f));
    m_numerics->setCurrentIndex(m_numerics->findData(int(targetUsesLlamaCppArithmetic(t) ? Numerics::Kind::LlamaCpp : Numerics::Kind::Float)));
    updatePresets();
}

void PlannerView::updatePresets()
{
    m_presetPoints.clear();
    const SweepResult& sweep = m_sweepModel->sweep();
    if (m_haveSweep && m_model && target() == PlanTarget::LlamaCpp) {
        try {
            m_presetPoints = llamaPresetPoints(*m_model, sweep);
        } catch (const Error& e) {
            m_presetNote->setText(errorText(e));
        }
    }
    m_presetPoints.insert(m_presetPoints.end(), m_compared.begin(), m_compared.end());
    drawPresets();
    emit presetsChanged();
}

QString PlannerView::presetsText() const { return m_presetNote->text(); }

void PlannerView::drawPresets()
{
    QChart* chart = m_chart->chart();
    for (auto* s : m_presetSeries) {
        chart->removeSeries(s);
        delete s;
    }
    m_presetSeries.clear();
    QStringList missing;
    QStringList skipped;
    // Presets that give the same file on this model (on narrow rows most mixes fall back to the same
    // types) are one point; the common mixes are labelled, the others named when hovered.
    struct Point {
        double x, y;
        QStringList names;
    };
    std::vector<Point> points;
    for (const auto& p : m_presetPoints) {
        if (!p.placed()) {
            if (!p.missingSpecs.empty()) {
                QStringList specs;
                for (const auto& s : p.missingSpecs)
                    specs << QString::fromStdString(s);
                missing << tr("%1 (needs %2)").arg(QString::fromStdString(p.name), specs.join(QStringLiteral(", ")));
            } else {
                skipped << QString::fromStdString(p.name);
            }
            continue;
        }
        if (!(p.predictedError > 0))
            continue; // a log axis has no place for an error of 0 (a mix that changes nothing)
        auto same = std::find_if(points.begin(), points.end(), [&](const Point& q) {
            return std::abs(q.x - p.bitsPerWeight) <= 1e-9 * q.x && std::abs(q.y - p.predictedError) <= 1e-9 * q.y;
        });
        if (same == points.end())
            points.push_back({ p.bitsPerWeight, p.predictedError, { QString::fromStdString(p.name) } });
        else
            same->names << QString::fromStdString(p.name);
    }
    static const QStringList kLabelled = { QStringLiteral("Q2_K"), QStringLiteral("Q3_K_M"), QStringLiteral("Q4_K_M"),
        QStringLiteral("Q5_K_M"), QStringLiteral("Q6_K"), QStringLiteral("Q8_0"), QStringLiteral("IQ4_XS"), QStringLiteral("IQ2_M") };
    // Labels that would overlap an earlier one are left to the tooltip: points closer than 4 % of the
    // size range and a fifth of a decade of error.
    double xlo = 16, xhi = 0;
    for (const QPointF& f : m_frontier->points()) {
        xlo = std::min(xlo, f.x());
        xhi = std::max(xhi, f.x());
    }
    for (const Point& pt : points) {
        xlo = std::min(xlo, pt.x);
        xhi = std::max(xhi, pt.x);
    }
    const double xspan = std::max(xhi - xlo, 1.0);
    std::vector<QPointF> labelled;
    int placed = 0, files = 0;
    for (const Point& pt : points) {
        QString label;
        for (const QString& n : pt.names)
            if (kLabelled.contains(n) || n.endsWith(QLatin1String(".gguf"))) {
                label = n;
                break;
            }
        const QPointF at(pt.x / xspan, std::log10(pt.y));
        for (const QPointF& q : labelled)
            if (std::abs(q.x() - at.x()) < 0.04 && std::abs(q.y() - at.y()) < 0.2)
                label.clear();
        if (!label.isEmpty())
            labelled.push_back(at);
        const bool file = pt.names.front().endsWith(QLatin1String(".gguf"));
        auto* s = new QScatterSeries;
        s->setName(file ? tr("Compared GGUF files") : tr("llama.cpp presets"));
        s->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        s->setMarkerSize(label.isEmpty() ? 6 : 8);
        const QColor colour = file ? QColor(0x8e, 0x44, 0xad) : QColor(0xe6, 0x7e, 0x22);
        s->setColor(colour);
        s->setBorderColor(colour);
        s->append(pt.x, pt.y);
        if (!label.isEmpty()) {
            if (pt.names.size() > 1)
                label += QStringLiteral(" +%1").arg(pt.names.size() - 1);
            s->setPointLabelsFormat(label); // literal text (no @xPoint placeholder)
            s->setPointLabelsVisible(true);
            s->setPointLabelsClipping(false);
        }
        const QString tip = tr("%1: %2 bits per weight, predicted error %3")
                                .arg(pt.names.join(QStringLiteral(", ")), QLocale().toString(pt.x, 'f', 3), formatNumber(pt.y));
        connect(s, &QScatterSeries::hovered, this, [tip](const QPointF&, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), tip);
            else
                QToolTip::hideText();
        });
        chart->addSeries(s);
        for (auto* axis : chart->axes())
            s->attachAxis(axis);
        const auto markers = chart->legend()->markers(s);
        for (auto* m : markers)
            m->setVisible(file ? files == 0 : placed == 0);
        m_presetSeries.push_back(s);
        (file ? files : placed) += 1;
    }
    QString note;
    const int presets = int(std::count_if(m_presetPoints.begin(), m_presetPoints.end(), [](const PresetPoint& p) { return p.placed(); }));
    if (presets > 0)
        note = tr("%n tool preset(s) beside the frontier, scored on this sweep (hover a point for its names).", nullptr, presets);
    if (!missing.isEmpty())
        note += (note.isEmpty() ? QString() : QStringLiteral(" "))
            + tr("Not shown, the sweep lacks a type they use: %1.").arg(missing.join(QStringLiteral("; ")));
    if (!skipped.isEmpty())
        note += (note.isEmpty() ? QString() : QStringLiteral(" "))
            + tr("Not applicable here (an importance matrix or a type QuantLens cannot write is needed): %1.").arg(skipped.join(QStringLiteral(", ")));
    m_presetNote->setText(note);
    m_presetNote->setVisible(!note.isEmpty());
    rescaleFrontierChart();
}

void PlannerView::rescaleFrontierChart()
{
    double lo = 16, hi = 0, emin = 0, emax = 0;
    auto take = [&](double x, double y) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        if (y > 0) {
            emin = emin > 0 ? std::min(emin, y) : y;
            emax = std::max(emax, y);
        }
    };
    for (const QPointF& p : m_frontier->points())
        take(p.x(), p.y());
    for (auto* s : m_presetSeries)
        for (const QPointF& p : s->points())
            take(p.x(), p.y());
    if (hi < lo) {
        lo = 0;
        hi = 16;
    }
    auto* x = static_cast<QValueAxis*>(m_chart->chart()->axes(Qt::Horizontal).value(0));
    auto* y = static_cast<QLogValueAxis*>(m_chart->chart()->axes(Qt::Vertical).value(0));
    x->setRange(std::floor(lo * 2) / 2, std::ceil(hi * 2) / 2 + 0.01);
    if (emax > 0)
        y->setRange(std::pow(10.0, std::floor(std::log10(emin))), std::pow(10.0, std::ceil(std::log10(emax * 1.01))));
    else
        y->setRange(1e-6, 1);
}

void PlannerView::compareFileInteractively()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Compare a quantized GGUF"), QString(), tr("GGUF files (*.gguf)"));
    if (!path.isEmpty())
        compareFile(path);
}

void PlannerView::compareFile(const QString& path)
{
    if (!m_model || !m_haveSweep)
        return;
    auto model = m_model;
    const SweepResult sweep = m_sweepModel->sweep();
    m_jobs->start(
        kCompareJob, tr("Reading %1…").arg(QFileInfo(path).fileName()),
        [model, sweep, path](Progress&, const JobRunner::Partial&) -> std::any {
            const Model file = open(path.toStdString());
            return scoreGgufOwnMix(file, *model, sweep);
        },
        nullptr,
        [this](std::any result) {
            auto p = std::any_cast<PresetPoint>(result);
            m_compared.erase(std::remove_if(m_compared.begin(), m_compared.end(), [&](const PresetPoint& q) { return q.name == p.name; }),
                m_compared.end());
            m_compared.push_back(std::move(p));
            updatePresets();
        },
        [this](const QString& message) { m_totals->setText(message); });
}

void PlannerView::useFileOwnMix()
{
    if (!m_model)
        return;
    try {
        Plan plan = ggufOwnPlan(*m_model);
        m_planModel->setPlan(plan);
        m_totals->setText(tr("This file's own types: %1 tensors · %2 bits per weight · %3")
                              .arg(plan.entries.size())
                              .arg(QLocale().toString(plan.bitsPerWeight, 'f', 3), formatBytes(uint64_t(plan.bytes))));
        emit planChanged();
    } catch (const Error& e) {
        m_totals->setText(errorText(e));
    }
}

} // namespace ql

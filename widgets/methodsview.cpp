#include "methodsview.h"

#include "errortext.h"
#include "workpool.h"
#include "format.h"

#include "core/util/error.h"
#include "core/util/progress.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QColor kRtn(0x95, 0xa5, 0xa6), kGptq(0x29, 0x80, 0xb9), kAwq(0x27, 0xae, 0x60), kAct(0xe6, 0x7e, 0x22), kWeight(0x8e, 0x44, 0xad);

    /// log10 range covering the positive finite values of \p values (at least one decade).
    std::pair<double, double> logRange(const std::vector<double>& values)
    {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double v : values)
            if (v > 0 && std::isfinite(v)) {
                lo = std::min(lo, std::log10(v));
                hi = std::max(hi, std::log10(v));
            }
        if (!std::isfinite(lo))
            return { -3, 0 };
        lo = std::floor(lo);
        hi = std::ceil(hi);
        if (hi - lo < 1)
            hi = lo + 1;
        return { lo, hi };
    }

    /// Decade ticks of a log10 y axis along \p plot's left edge.
    void drawLogAxis(QPainter& p, const QRectF& plot, const QRect& area, const QFontMetrics& fm, double lo, double hi)
    {
        for (double d = lo; d <= hi + 1e-9; d += 1) {
            const double y = plot.bottom() - (d - lo) / (hi - lo) * plot.height();
            p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
            p.drawText(QRectF(area.left(), y - fm.height() / 2.0, plot.left() - area.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                QStringLiteral("1e%1").arg(int(d)));
        }
    }
}

MethodBars::MethodBars(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(tr("Output error of each layer on its captured inputs under round-to-nearest, GPTQ and AWQ. Right-click to save or copy."));
}

QString MethodBars::chartTitle() const { return tr("RTN, GPTQ and AWQ per layer"); }

void MethodBars::setData(const Model* model, std::vector<MethodComparison> rows, const QString& spec)
{
    m_model = model;
    m_rows = std::move(rows);
    m_spec = spec;
    update();
}

void MethodBars::setSelected(size_t tensor)
{
    m_selected = tensor;
    update();
}

QString MethodBars::csv() const
{
    QString out = QStringLiteral("tensor,rtn,gptq,awq,gptq_seconds,awq_seconds\n");
    for (const auto& r : m_rows)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(m_model ? QString::fromStdString(m_model->tensors[r.tensor].name) : QString::number(r.tensor))
                   .arg(r.rtn, 0, 'g', 9)
                   .arg(r.gptq, 0, 'g', 9)
                   .arg(r.awq, 0, 'g', 9)
                   .arg(r.gptqSeconds, 0, 'g', 4)
                   .arg(r.awqSeconds, 0, 'g', 4);
    return out;
}

void MethodBars::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics fm(font());
    p.setPen(text);
    if (m_rows.empty()) {
        p.drawText(area.adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
            m_haveInputs ? tr("Press Compare methods to see what GPTQ and AWQ buy over round-to-nearest on every layer.")
                         : tr("Capture or open calibration activations, then press Compare methods to see what GPTQ and AWQ buy over "
                              "round-to-nearest on every layer."));
        return;
    }
    const int left = fm.horizontalAdvance(QStringLiteral("1e-10")) + 10;
    const std::vector<LegendKey> keys { { kRtn, tr("round-to-nearest") }, { kGptq, QStringLiteral("GPTQ") }, { kAwq, QStringLiteral("AWQ") } };
    int legendBottom = 0;
    const auto at = layOutLegend(keys, area.left() + left, area.top() + fm.height() + 8, area.right() - 12, &legendBottom);
    const QRectF plot(area.left() + left, legendBottom + 6, area.width() - left - 12, area.bottom() - legendBottom - 2 * fm.height() - 16);
    double gptqGain = 0, awqGain = 0;
    std::vector<double> all;
    for (const auto& r : m_rows) {
        all.insert(all.end(), { r.rtn, r.gptq, r.awq });
        gptqGain += r.gptq / r.rtn;
        awqGain += r.awq / r.rtn;
    }
    p.drawText(QRectF(plot.left(), area.top() + 4, plot.width(), fm.height()), Qt::AlignLeft,
        tr("%1: output error on the captured inputs; mean GPTQ / RTN %2, AWQ / RTN %3")
            .arg(m_spec, QLocale().toString(gptqGain / double(m_rows.size()), 'f', 2), QLocale().toString(awqGain / double(m_rows.size()), 'f', 2)));
    drawLegend(p, keys, at);
    if (plot.width() < 20 || plot.height() < 20)
        return;
    const auto [lo, hi] = logRange(all);
    auto py = [&, lo = lo, hi = hi](double v) {
        const double l = v > 0 ? std::clamp(std::log10(v), lo, hi) : lo;
        return plot.bottom() - (l - lo) / (hi - lo) * plot.height();
    };
    const double w = plot.width() / double(m_rows.size());
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const auto& r = m_rows[i];
        const double x0 = plot.left() + w * double(i) + w * 0.1, bw = std::max(1.0, w * 0.8 / 3);
        int k = 0;
        for (const auto& [v, c] : { std::pair { r.rtn, kRtn }, std::pair { r.gptq, kGptq }, std::pair { r.awq, kAwq } }) {
            p.fillRect(QRectF(x0 + bw * k, py(v), bw, plot.bottom() - py(v)), c);
            ++k;
        }
        if (r.tensor == m_selected) {
            p.setPen(QPen(text, 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(x0 - 2, plot.top(), bw * 3 + 4, plot.height()));
        }
    }
    p.setPen(text);
    p.drawRect(plot);
    drawLogAxis(p, plot, area, fm, lo, hi);
    std::vector<int> layers;
    for (const auto& r : m_rows)
        layers.push_back(m_model ? m_model->tensors[r.tensor].layer : -1);
    drawLayerAxis(p, plot, fm, layers);
}

SmoothPlot::SmoothPlot(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(tr("Per input channel: max |X| and max |W| before smoothing (faint) and after (solid). Right-click to save or copy."));
}

QString SmoothPlot::chartTitle() const { return tr("SmoothQuant"); }

void SmoothPlot::setData(const SmoothResult* result, const QString& message)
{
    m_result = result;
    m_message = message;
    update();
}

QString SmoothPlot::csv() const
{
    QString out = QStringLiteral("channel,act_max_before,weight_max_before,act_max_after,weight_max_after,scale\n");
    if (!m_result)
        return out;
    for (size_t j = 0; j < m_result->scales.size(); ++j)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(j)
                   .arg(m_result->activationMax[j], 0, 'g', 9)
                   .arg(m_result->weightMax[j], 0, 'g', 9)
                   .arg(m_result->activationMaxAfter[j], 0, 'g', 9)
                   .arg(m_result->weightMaxAfter[j], 0, 'g', 9)
                   .arg(m_result->scales[j], 0, 'g', 9);
    return out;
}

void SmoothPlot::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics fm(font());
    p.setPen(text);
    if (!m_result || m_result->scales.empty()) {
        p.drawText(area.adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const int left = fm.horizontalAdvance(QStringLiteral("1e-10")) + 10;
    QColor actFaint = kAct, weightFaint = kWeight;
    actFaint.setAlpha(90);
    weightFaint.setAlpha(90);
    const std::vector<LegendKey> keys { { actFaint, tr("max |X| before"), LegendKey::Line }, { weightFaint, tr("max |W| before"), LegendKey::Line },
        { kAct, tr("max |X| after"), LegendKey::Line }, { kWeight, tr("max |W| after"), LegendKey::Dashed } };
    int legendBottom = 0;
    const auto at = layOutLegend(keys, area.left() + left, area.top() + fm.height() + 8, area.right() - 12, &legendBottom);
    const QRectF plot(area.left() + left, legendBottom + 6, area.width() - left - 12, area.bottom() - legendBottom - 2 * fm.height() - 16);
    p.drawText(QRectF(plot.left(), area.top() + 4, plot.width(), fm.height()), Qt::AlignLeft,
        tr("Max per input channel over %1 tokens").arg(m_result->tokens));
    drawLegend(p, keys, at);
    if (plot.width() < 20 || plot.height() < 20)
        return;
    std::vector<double> all;
    for (const auto* v : { &m_result->activationMax, &m_result->weightMax, &m_result->activationMaxAfter, &m_result->weightMaxAfter })
        all.insert(all.end(), v->begin(), v->end());
    const auto [lo, hi] = logRange(all);
    const size_t n = m_result->scales.size();
    auto px = [&](size_t j) { return plot.left() + (double(j) + 0.5) / double(n) * plot.width(); };
    auto py = [&, lo = lo, hi = hi](double v) {
        const double l = v > 0 ? std::clamp(std::log10(v), lo, hi) : lo;
        return plot.bottom() - (l - lo) / (hi - lo) * plot.height();
    };
    p.setRenderHint(QPainter::Antialiasing);
    for (const auto& [v, c, width] : { std::tuple { &m_result->activationMax, actFaint, 1.0 }, std::tuple { &m_result->weightMax, weightFaint, 1.0 },
             std::tuple { &m_result->activationMaxAfter, kAct, 1.6 }, std::tuple { &m_result->weightMaxAfter, kWeight, 1.6 } }) {
        // (max |W| after is dashed: at α = 0.5 it equals max |X| after, which shows through the gaps)
        const bool dashed = v == &m_result->weightMaxAfter;
        QPainterPath path;
        for (size_t j = 0; j < n; ++j) {
            const QPointF pt(px(j), py((*v)[j]));
            if (j == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        p.setPen(QPen(c, width, dashed ? Qt::DashLine : Qt::SolidLine));
        p.drawPath(path);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(text);
    p.drawRect(plot);
    drawLogAxis(p, plot, area, fm, lo, hi);
    for (double t : ticks(0, double(n - 1), 6)) {
        if (t != std::floor(t))
            continue;
        p.drawText(QRectF(px(size_t(t)) - 30, plot.bottom() + 4, 60, fm.height()), Qt::AlignCenter, QString::number(int64_t(t)));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(), fm.height()), Qt::AlignCenter, tr("input channel"));
}

MethodsView::MethodsView(QWidget* parent)
    : QWidget(parent)
    , m_worker(new TensorWorker(this))
    , m_bars(new MethodBars(this))
    , m_smoothPlot(new SmoothPlot(this))
    , m_spec(new QLineEdit(QStringLiteral("int4:g128"), this))
    , m_run(new QPushButton(tr("Compare methods"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progressBar(new QProgressBar(this))
    , m_alpha(new QSlider(Qt::Horizontal, this))
    , m_alphaLabel(new QLabel(this))
    , m_status(new QLabel(this))
    , m_layer(new QLabel(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_spec->setObjectName(QStringLiteral("spec"));
    m_alpha->setObjectName(QStringLiteral("alpha"));
    m_spec->setToolTip(tr("The spec every method quantizes to (integer, NF4, FP8 or MXFP4; not llama.cpp formats)"));
    m_run->setToolTip(tr("Quantize every layer with calibration data by RTN, GPTQ and AWQ and measure each output error"));
    m_cancel->hide();
    m_progressBar->hide();
    m_run->setEnabled(false); // until inputs are captured or opened
    m_alpha->setRange(0, 100);
    m_alpha->setValue(50);
    m_alpha->setToolTip(tr("SmoothQuant's migration strength α: 0 keeps the activations' range, 1 moves it all into the weights"));
    m_status->setWordWrap(true);
    m_layer->setWordWrap(true);
    m_layer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layer->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* top = new QHBoxLayout;
    auto* specLabel = new QLabel(tr("&Spec:"), this);
    specLabel->setBuddy(m_spec);
    top->addWidget(specLabel);
    top->addWidget(m_spec);
    top->addWidget(m_run);
    top->addWidget(m_progressBar);
    top->addWidget(m_cancel);
    top->addWidget(m_status, 1);

    auto* side = new QWidget(this);
    auto* form = new QFormLayout(side);
    auto* alphaRow = new QHBoxLayout;
    alphaRow->addWidget(m_alpha, 1);
    alphaRow->addWidget(m_alphaLabel);
    auto* alphaLabel = new QLabel(tr("SmoothQuant &α:"), side);
    alphaLabel->setBuddy(m_alpha);
    form->addRow(alphaLabel, alphaRow);
    form->addRow(m_layer);
    side->setMaximumWidth(320);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_smoothPlot, 1);
    bottomLayout->addWidget(side);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_bars);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &MethodsView::runComparison);
    connect(m_spec, &QLineEdit::returnPressed, this, &MethodsView::runComparison);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_progress)
            m_progress->cancel();
    });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &MethodsView::acceptComparison);
    connect(m_alpha, &QSlider::valueChanged, this, &MethodsView::computeLayer);
    connect(m_worker, &TensorWorker::finished, this, &MethodsView::acceptLayer);
    connect(m_worker, &TensorWorker::failed, this, [this](const QString& message) {
        m_smoothPlot->setData(nullptr, message);
        m_layer->setText(message);
    });
    computeLayer();
}

MethodsView::~MethodsView()
{
    if (m_progress)
        m_progress->cancel();
    m_watcher.waitForFinished();
}

QString MethodsView::layerText() const { return m_layer->text(); }
QString MethodsView::statusText() const { return m_status->text(); }

void MethodsView::setModel(std::shared_ptr<const Model> model)
{
    if (m_progress)
        m_progress->cancel();
    m_model = std::move(model);
    m_index = size_t(-1);
    m_bars->setData(m_model.get(), {}, {});
    m_status->clear();
    computeLayer();
}

void MethodsView::setCalibration(std::shared_ptr<const CalibrationStore> store)
{
    m_calibration = std::move(store);
    m_run->setEnabled(m_calibration != nullptr && !m_watcher.isRunning()); // nothing to compare without inputs
    m_bars->setHaveInputs(m_calibration != nullptr); // its empty chart says what to do next
    m_bars->setData(m_model.get(), {}, {});
    m_status->clear();
    computeLayer();
}

void MethodsView::setTensor(size_t index)
{
    if (!m_model)
        return;
    m_index = index;
    m_bars->setSelected(index);
    m_worker->setTensor(m_model, index);
    computeLayer();
}

void MethodsView::runComparison()
{
    if (!m_model || !m_calibration || m_watcher.isRunning())
        return;
    QuantSpec spec;
    try {
        spec = parseSpec(m_spec->text().toStdString());
    } catch (const Error& e) {
        m_status->setText(errorText(e));
        return;
    }
    m_progress = std::make_shared<Progress>([this](int64_t done, int64_t total) {
        QMetaObject::invokeMethod(this, [this, done, total] { m_progressBar->setValue(total > 0 ? int(done * 100 / total) : 0); }, Qt::QueuedConnection);
    });
    m_progressBar->setValue(0);
    m_progressBar->show();
    m_cancel->show();
    m_run->setEnabled(false);
    m_status->setText(tr("Quantizing every layer with RTN, GPTQ and AWQ…"));
    auto model = m_model;
    auto store = m_calibration;
    auto progress = m_progress;
    m_watcher.setFuture(QtConcurrent::run(workPool(), [model, store, spec, progress]() -> Outcome {
        Outcome o;
        try {
            o.rows = compareMethods(*model, *store, spec, {}, progress.get());
        } catch (...) {
            bool cancelled = false;
            o.error = currentExceptionText(tr("Not enough memory to compare the methods."), &cancelled);
        }
        return o;
    }));
}

void MethodsView::acceptComparison()
{
    m_progressBar->hide();
    m_cancel->hide();
    m_run->setEnabled(m_calibration != nullptr);
    const bool cancelled = m_progress && m_progress->cancelled();
    Outcome outcome = m_watcher.result();
    auto& rows = outcome.rows;
    if (!outcome.error.isEmpty())
        m_status->setText(outcome.error);
    else if (cancelled)
        m_status->setText(tr("Cancelled."));
    else if (rows.empty())
        m_status->setText(tr("No layer of this model has a Hessian in the calibration data."));
    else {
        double gptq = 0, awq = 0;
        int gptqBetter = 0, awqBetter = 0;
        for (const auto& r : rows) {
            gptq += r.gptqSeconds;
            awq += r.awqSeconds;
            gptqBetter += r.gptq < r.rtn;
            awqBetter += r.awq < r.rtn;
        }
        m_status->setText(tr("%n layer(s): GPTQ beats RTN on %1, AWQ on %2; GPTQ %3 s, AWQ %4 s per layer.", nullptr, int(rows.size()))
                .arg(gptqBetter)
                .arg(awqBetter)
                .arg(QLocale().toString(gptq / double(rows.size()), 'g', 3), QLocale().toString(awq / double(rows.size()), 'g', 3)));
    }
    if (!cancelled && outcome.error.isEmpty())
        m_bars->setData(m_model.get(), std::move(rows), m_spec->text());
    m_bars->setSelected(m_index);
    emit comparisonFinished();
}

void MethodsView::computeLayer()
{
    m_layerReady = false;
    m_alphaLabel->setText(QLocale().toString(m_alpha->value() / 100.0, 'f', 2));
    const CalibrationEntry* c = m_calibration && m_model && m_index < m_model->tensors.size()
        ? m_calibration->find(m_model->tensors[m_index].name)
        : nullptr;
    if (!m_calibration || !c || c->inputs.empty()) {
        const QString message = !m_calibration
            ? tr("SmoothQuant and the AWQ saliency ablation need captured layer inputs: File → Capture Activations, or "
                 "File → Open Calibration Activations.")
            : tr("The calibration data holds no input rows for this tensor.");
        m_smoothPlot->setData(nullptr, {}); // the text beside it says why it is empty
        m_layer->setText(message);
        return;
    }
    if (!m_worker->fits()) {
        m_smoothPlot->setData(nullptr, tr("Layers of up to %1 values are examined here.").arg(formatCount(TensorWorker::kMaxValues)));
        return;
    }
    m_layer->setText(tr("Smoothing…"));
    auto store = m_calibration;
    const std::string name = m_model->tensors[m_index].name;
    const double alpha = m_alpha->value() / 100.0;
    QuantSpec spec;
    try {
        spec = parseSpec(m_spec->text().toStdString());
    } catch (const Error&) {
        spec = parseSpec("int4:g128");
    }
    m_worker->run([store, name, alpha, spec](const WeightMatrix& w) -> std::any {
        const CalibrationEntry* c = store->find(name);
        LayerResult r;
        SmoothOptions o;
        o.alpha = alpha;
        r.smooth = smoothQuant(w, *c, o);
        if (int64_t(c->hessian.size()) == w.cols * w.cols && !spec.isGgml())
            r.ablation = saliencyAblation(spec, w, *c, 0.01);
        return r;
    });
}

void MethodsView::acceptLayer(const std::any& result)
{
    LayerResult r = std::any_cast<LayerResult>(result);
    m_smooth = std::move(r.smooth);
    m_ablation = std::move(r.ablation);
    m_smoothPlot->setData(&m_smooth);
    const QLocale l;
    QString text = tr("W8A8 output error (INT8 weights per channel, activations per tensor): %1 before smoothing, %2 after (α = %3).")
                       .arg(l.toString(m_smooth.errorBefore, 'g', 3), l.toString(m_smooth.errorAfter, 'g', 3), l.toString(m_alpha->value() / 100.0, 'f', 2));
    if (m_ablation.kept > 0)
        text += QStringLiteral("\n\n")
            + tr("AWQ ablation at %1, keeping %2 input channel(s) (1 %) in full precision — output error:\nnone kept %3\nby activation %4\n"
                 "by weight magnitude %5\nrandom %6")
                  .arg(m_spec->text())
                  .arg(m_ablation.kept)
                  .arg(l.toString(m_ablation.none, 'g', 3), l.toString(m_ablation.byActivation, 'g', 3), l.toString(m_ablation.byWeight, 'g', 3),
                      l.toString(m_ablation.random, 'g', 3));
    m_layer->setText(text);
    m_layerReady = true;
    emit layerShown();
}

} // namespace ql

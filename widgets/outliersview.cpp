#include "outliersview.h"

#include "activationheatmap.h"
#include "workpool.h"
#include "format.h"
#include "tablecopy.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QDoubleSpinBox>
#include <QSplitter>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QColor kBar(0x29, 0x80, 0xb9), kFlag(0xc0, 0x39, 0x2b);
}

DepthPlot::DepthPlot(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(tr("One bar per weight tensor, in file order; red bars lie beyond the 1.5 × IQR fence of all "
                  "bars. Right-click to save or copy."));
}

QString DepthPlot::chartTitle() const { return tr("Outlier measures over depth"); }

void DepthPlot::setData(const Model* model, const std::map<size_t, TensorStats>* stats, Metric metric)
{
    m_model = model;
    m_metric = metric;
    ++m_rebuilds;
    m_bars.clear();
    if (model && stats)
        for (const auto& [i, s] : *stats)
            if (model->tensors[i].shape.size() >= 2 && !model->tensors[i].optimizerState && s.count > 0)
                m_bars.push_back({ i, metric == Metric::Kurtosis ? s.kurtosis : s.absmaxOverStd, false });
    std::vector<double> values;
    for (const Bar& b : m_bars)
        values.push_back(b.value);
    for (size_t j : tukeyOutliers(values))
        if (m_bars[j].value > 0) // only the high side: a heavy tail, not a light one
            m_bars[j].flagged = true;
    update();
}

void DepthPlot::setSelected(size_t index)
{
    m_selected = index;
    update();
}

QString DepthPlot::csv() const
{
    QString out = m_metric == Metric::Kurtosis ? QStringLiteral("tensor,layer,kurtosis,flagged\n")
                                               : QStringLiteral("tensor,layer,absmax_over_std,flagged\n");
    for (const Bar& b : m_bars)
        out += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(QString::fromStdString(m_model->tensors[b.tensor].name))
                   .arg(m_model->tensors[b.tensor].layer)
                   .arg(b.value, 0, 'g', 9)
                   .arg(b.flagged ? 1 : 0);
    return out;
}

void DepthPlot::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(QStringLiteral("0000.0")) + 10;
    const QRectF plot = framedPlot(area, fm, left);
    const QColor text = palette().color(QPalette::Text);
    p.setPen(text);
    const QString label = m_metric == Metric::Kurtosis ? tr("excess kurtosis per weight tensor (0 = normal)")
                                                       : tr("max|x| / std per weight tensor");
    p.drawText(QRectF(plot.left(), area.top() + 4, plot.width(), fm.height()), Qt::AlignLeft, label);
    if (plot.width() < 20 || plot.height() < 20 || m_bars.empty())
        return;
    double lo = 0, hi = 0;
    for (const Bar& b : m_bars) {
        lo = std::min(lo, b.value);
        hi = std::max(hi, b.value);
    }
    if (!(hi > lo))
        hi = lo + 1;
    hi += (hi - lo) * 0.05;
    const size_t n = m_bars.size();
    auto py = [&](double v) { return plot.bottom() - (v - lo) / (hi - lo) * plot.height(); };
    const double w = plot.width() / double(n);
    for (size_t i = 0; i < n; ++i) {
        const double y0 = py(0), y1 = py(m_bars[i].value);
        p.fillRect(QRectF(plot.left() + w * double(i) + w * 0.1, std::min(y0, y1), std::max(1.0, w * 0.8), std::fabs(y1 - y0)),
            m_bars[i].flagged ? kFlag : kBar);
        if (m_bars[i].tensor == m_selected) { // the selected tensor: outlined
            p.setPen(QPen(palette().color(QPalette::Text), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(plot.left() + w * double(i) + w * 0.05, std::min(y0, y1) - 2, std::max(2.0, w * 0.9), std::fabs(y1 - y0) + 4));
        }
    }
    p.setPen(text);
    p.drawRect(plot);
    drawYAxis(p, plot, area, fm, lo, hi);
    std::vector<int> layers;
    for (const Bar& b : m_bars)
        layers.push_back(m_model->tensors[b.tensor].layer);
    drawLayerAxis(p, plot, fm, layers);
}

OutliersView::OutliersView(QWidget* parent)
    : QWidget(parent)
    , m_worker(new TensorWorker(this))
    , m_title(new QLabel(this))
    , m_table(new QTableWidget(0, 5, this))
    , m_count(new QSpinBox(this))
    , m_metric(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_depth(new DepthPlot(this))
    , m_redraw(new QTimer(this))
    , m_threshold(new QDoubleSpinBox(this))
    , m_features(new QLabel(this))
    , m_heatmap(new ActivationHeatmap(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_count->setObjectName(QStringLiteral("count"));
    m_metric->setObjectName(QStringLiteral("metric"));
    m_threshold->setObjectName(QStringLiteral("threshold"));
    m_table->setHorizontalHeaderLabels({ tr("Rank"), tr("Channel"), tr("Input"), tr("Value"), tr("z-score") });
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    enableTsvCopy(m_table);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_count->setRange(1, 1000);
    m_count->setValue(20);
    m_count->setToolTip(tr("How many of the largest-magnitude values to list"));
    m_metric->addItem(tr("Kurtosis"), int(DepthPlot::Metric::Kurtosis));
    m_metric->addItem(tr("max|x| / std"), int(DepthPlot::Metric::AbsmaxOverStd));
    m_metric->setToolTip(tr("The outlier measure drawn for every weight tensor"));
    m_status->setWordWrap(true);
    m_title->setWordWrap(true);

    m_threshold->setRange(0.01, 1e6);
    m_threshold->setDecimals(2);
    m_threshold->setValue(6.0);
    m_threshold->setToolTip(tr("Activation magnitude that counts as an outlier (6 in the LLM.int8() paper)"));
    m_features->setWordWrap(true);
    m_features->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_heatmap->setToolTip(tr("|x| of the selected layer's captured input, tokens down, channels across. Right-click to save or copy."));

    auto* controls = new QFormLayout;
    controls->addRow(tr("&Top values:"), m_count);
    controls->addRow(tr("&Depth chart:"), m_metric);
    controls->addRow(tr("&Activation threshold:"), m_threshold);
    controls->addRow(m_status);
    controls->addRow(m_features);
    auto* side = new QWidget(this);
    side->setLayout(controls);
    side->setMaximumWidth(300);
    auto* row = new QHBoxLayout;
    row->addWidget(m_table, 1);
    row->addWidget(side);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(row, 1);
    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_depth);
    charts->addWidget(m_heatmap);
    charts->setChildrenCollapsible(false);
    layout->addWidget(charts, 1);

    connect(m_count, &QSpinBox::valueChanged, this, &OutliersView::computeTop);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &OutliersView::statsChanged);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(kRedrawMs);
    connect(m_redraw, &QTimer::timeout, this, &OutliersView::statsChanged);
    connect(m_worker, &TensorWorker::finished, this, &OutliersView::acceptTop);
    connect(m_worker, &TensorWorker::failed, m_status, &QLabel::setText);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &OutliersView::showActivations);
    connect(&m_reportWatcher, &QFutureWatcher<OutlierFeatureReport>::finished, this, &OutliersView::acceptFeatures);
    m_title->setText(tr("Select a tensor to list its largest values."));
    showActivations();
}

void OutliersView::setModel(std::shared_ptr<const Model> model, const std::map<size_t, TensorStats>* stats)
{
    m_model = std::move(model);
    m_stats = stats;
    m_table->setRowCount(0);
    statsChanged();
    showActivations();
}

void OutliersView::statsArrived()
{
    if (!m_redraw->isActive())
        m_redraw->start();
}

void OutliersView::statsChanged()
{
    m_redraw->stop();
    m_depth->setData(m_model.get(), m_stats, DepthPlot::Metric(m_metric->currentData().toInt()));
}

void OutliersView::setTensor(size_t index, const TensorStats& stats)
{
    if (!m_model)
        return;
    m_tensorStats = stats;
    m_title->setText(tr("<b>%1</b>: kurtosis %2, max|x| / std %3")
            .arg(QString::fromStdString(m_model->tensors[index].name).toHtmlEscaped(), formatNumber(stats.kurtosis),
                formatNumber(stats.absmaxOverStd)));
    m_depth->setSelected(index);
    m_index = index;
    showActivations();
    m_worker->setTensor(m_model, index);
    computeTop();
}

void OutliersView::computeTop()
{
    m_ready = false;
    if (!m_worker->model())
        return;
    if (!m_worker->fits()) {
        m_status->setText(tr("Top values are listed for tensors of up to %1 values.").arg(formatCount(TensorWorker::kMaxValues)));
        return;
    }
    m_status->setText(tr("Finding the largest values…"));
    const int k = m_count->value();
    const double mean = m_tensorStats.mean, std = m_tensorStats.std;
    m_worker->run([=](const WeightMatrix& w) -> std::any { return topMagnitudes(w, k, mean, std); });
}

void OutliersView::acceptTop(const std::any& result)
{
    const auto top = std::any_cast<std::vector<TopValue>>(result);
    const QLocale l;
    m_table->setRowCount(int(top.size()));
    for (int r = 0; r < int(top.size()); ++r) {
        const TopValue& t = top[size_t(r)];
        const QStringList cells { QString::number(r + 1), QString::number(t.row), QString::number(t.col),
            l.toString(double(t.value), 'g', 6), l.toString(t.z, 'f', 2) };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    m_status->clear();
    m_ready = true;
    emit topReady();
}

QString OutliersView::featuresText() const { return m_features->text(); }

void OutliersView::setCalibration(std::shared_ptr<const CalibrationStore> store, const QString& source)
{
    m_calibration = std::move(store);
    m_calibrationSource = source;
    m_report = {};
    m_reportThreshold = -1;
    showActivations();
}

void OutliersView::showActivations()
{
    const float threshold = float(m_threshold->value());
    const CalibrationEntry* entry = nullptr;
    QString name;
    if (m_model && m_index < m_model->tensors.size()) {
        name = QString::fromStdString(m_model->tensors[m_index].name);
        if (m_calibration)
            entry = m_calibration->find(m_model->tensors[m_index].name);
    }
    if (!m_calibration) {
        m_heatmap->setData({}, {}, threshold,
            tr("Activations: open captured layer inputs (File → Open Calibration Activations…) or capture them from the "
               "open model (File → Capture Activations) to see each layer's input, tokens × channels, and the "
               "model's outlier features."));
        m_features->clear();
        return;
    }
    if (!entry || entry->inputs.empty()) {
        m_heatmap->setData({}, {}, threshold,
            entry ? tr("%1 holds statistics for %2 but no input rows.").arg(m_calibrationSource, name)
                  : tr("%1 has no inputs for %2 (it records the inputs of linear layers).").arg(m_calibrationSource, name));
        return;
    }
    std::vector<int64_t> features;
    if (m_report.hidden == entry->in && m_reportThreshold == threshold)
        features = m_report.outliers;
    m_heatmap->setData(activationMap(*entry, threshold), features, threshold);
    if (m_report.hidden == entry->in && m_reportThreshold == threshold)
        return;
    // The model-wide report reads every layer input of this width: off the UI thread.
    m_features->setText(tr("Looking for outlier features…"));
    auto store = m_calibration;
    const int64_t hidden = entry->in;
    m_reportThreshold = threshold;
    m_report = {};
    m_reportWatcher.setFuture(QtConcurrent::run(workPool(), [store, hidden, threshold] {
        // Nothing may leave the worker (result() would rethrow it on the UI thread): a failure is no report.
        try {
            return findOutlierFeatures(*store, hidden, threshold);
        } catch (...) {
            return OutlierFeatureReport {};
        }
    }));
}

void OutliersView::acceptFeatures()
{
    const OutlierFeatureReport r = m_reportWatcher.result();
    if (r.hidden == 0 || float(m_threshold->value()) != m_reportThreshold) {
        showActivations(); // the threshold moved while this ran
        return;
    }
    m_report = r;
    const QLocale l;
    const QString threshold = l.toString(double(m_reportThreshold), 'g', 4);
    QStringList dims;
    for (int64_t d : r.outliers)
        dims << QString::number(d);
    QString text = tr("Outlier features of width %1 over %2 layer(s) (LLM.int8() rule: |x| ≥ %3 in ≥ 25 % of layers and ≥ 6 % "
                      "of tokens): %4.")
                       .arg(r.hidden)
                       .arg(r.layers)
                       .arg(threshold, dims.isEmpty() ? tr("none") : dims.join(QStringLiteral(", ")));
    QStringList top;
    for (size_t i = 0; i < r.dims.size() && top.size() < 3; ++i)
        if (r.dims[i].layers > 0)
            top << tr("dim %1: %2 layer(s), %3 % of tokens, max %4")
                       .arg(r.dims[i].dim)
                       .arg(r.dims[i].layers)
                       .arg(l.toString(r.dims[i].tokenShare * 100, 'g', 3), l.toString(double(r.dims[i].maxAbs), 'g', 4));
    text += QLatin1Char(' ') + (top.isEmpty() ? tr("No dimension reaches |x| ≥ %1.").arg(threshold)
                                              : tr("Most frequent:") + QLatin1Char('\n') + top.join(QLatin1Char('\n')));
    m_features->setText(text);
    showActivations(); // mark the features on the heatmap
    emit featuresReady();
}

} // namespace ql

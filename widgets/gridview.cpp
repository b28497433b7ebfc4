#include "gridview.h"

#include "format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QColor kOriginal(0x7f, 0x8c, 0x8d, 110), kDequant(0xc0, 0x39, 0x2b, 140), kClip(0xe6, 0x7e, 0x22, 60),
        kLevel(0x2c, 0x3e, 0x50);
    const QColor kMethod[4] = { QColor(0x29, 0x80, 0xb9), QColor(0x8e, 0x44, 0xad), QColor(0x27, 0xae, 0x60), QColor(0xd3, 0x54, 0x00) };
}

GridPlot::GridPlot(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(tr("The tensor's histogram, the grid's levels and where the values land after quantization. "
                  "Right-click to save or copy."));
}

QString GridPlot::methodName(ClipMethod m)
{
    switch (m) {
    case ClipMethod::MinMax: return tr("min-max");
    case ClipMethod::Percentile: return tr("percentile");
    case ClipMethod::Mse: return tr("MSE");
    case ClipMethod::Kl: return tr("KL");
    }
    return {};
}

QString GridPlot::chartTitle() const { return tr("Distribution with the quantization grid"); }

void GridPlot::setData(const Histogram& histogram, const AffineGrid& grid, const std::vector<MethodRange>& methods, int selected)
{
    m_hist = histogram;
    m_grid = grid;
    m_methods = methods;
    m_selected = selected;
    m_mass = levelMass(grid, histogram);
    m_lo = histogram.lo;
    m_hi = histogram.hi;
    if (grid.scale > 0) {
        m_lo = std::min(m_lo, grid.lowest() - grid.scale / 2);
        m_hi = std::max(m_hi, grid.highest() + grid.scale / 2);
    }
    const double pad = (m_hi - m_lo) * 0.03 + 1e-12;
    m_lo -= pad;
    m_hi += pad;
    update();
}

std::vector<std::pair<double, double>> GridPlot::clippedRanges() const
{
    if (m_hist.counts.empty())
        return {};
    return clippedIntervals(m_grid, m_hist.lo, m_hist.hi);
}

QString GridPlot::csv() const
{
    QString out = QStringLiteral("kind,x,count\n");
    for (size_t i = 0; i < m_hist.counts.size(); ++i)
        out += QStringLiteral("original,%1,%2\n").arg(m_hist.centre(i), 0, 'g', 9).arg(m_hist.counts[i]);
    for (const auto& [x, c] : m_mass)
        out += QStringLiteral("dequantized,%1,%2\n").arg(x, 0, 'g', 9).arg(c, 0, 'f', 1);
    return out;
}

void GridPlot::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QFontMetrics fm(font());
    // Legend entries: the histograms, then each method with its error; they wrap to fit.
    std::vector<LegendKey> keys { { kOriginal, tr("original") }, { kDequant, tr("dequantized") }, { kClip, tr("clipped") },
        { kLevel, tr("| levels") } };
    for (size_t i = 0; i < m_methods.size(); ++i)
        keys.push_back({ kMethod[i % 4],
            tr("%1: rel. MSE %2").arg(methodName(m_methods[i].method), QLocale().toString(m_methods[i].relMse, 'g', 3)),
            LegendKey::Dashed, int(i) == m_selected, i == 0 });
    int legendBottom = 0;
    const std::vector<QPoint> at = layOutLegend(keys, area.left() + 12, area.top() + 4, area.right() - 12, &legendBottom);
    const QRectF plot(area.left() + 12, legendBottom + 4, area.width() - 24, area.bottom() - legendBottom - fm.height() - 12);
    if (plot.width() < 20 || plot.height() < 20 || m_hist.counts.empty() || !(m_hi > m_lo))
        return;
    auto px = [&](double x) { return plot.left() + (x - m_lo) / (m_hi - m_lo) * plot.width(); };

    // Both histograms as densities (values per unit of x), on one scale.
    const double binWidth = (m_hist.hi - m_hist.lo) / double(m_hist.counts.size());
    double peak = 0;
    for (uint64_t c : m_hist.counts)
        peak = std::max(peak, binWidth > 0 ? double(c) / binWidth : 0.0);
    for (const auto& [x, c] : m_mass)
        peak = std::max(peak, m_grid.scale > 0 ? c / m_grid.scale : 0.0);
    if (!(peak > 0))
        return;
    auto height = [&](double density) { return density / peak * plot.height() * 0.92; };

    for (const auto& [a, b] : clippedRanges())
        p.fillRect(QRectF(QPointF(px(a), plot.top()), QPointF(px(b), plot.bottom())), kClip);
    for (const auto& [x, c] : m_mass) {
        const double h = height(c / m_grid.scale);
        const double x0 = px(x - m_grid.scale / 2), x1 = px(x + m_grid.scale / 2);
        p.fillRect(QRectF(x0, plot.bottom() - h, std::max(1.0, x1 - x0 - 1), h), kDequant);
    }
    if (binWidth > 0)
        for (size_t i = 0; i < m_hist.counts.size(); ++i) {
            const double h = height(double(m_hist.counts[i]) / binWidth);
            const double x0 = px(m_hist.lo + binWidth * double(i)), x1 = px(m_hist.lo + binWidth * double(i + 1));
            p.fillRect(QRectF(x0, plot.bottom() - h, std::max(1.0, x1 - x0), h), kOriginal);
        }

    // Lines are antialiased; the bars (axis-aligned rectangles, hundreds of them) need not be.
    p.setRenderHint(QPainter::Antialiasing);
    // The grid's levels as ticks along the top.
    if (m_grid.scale > 0) {
        QColor faint = kLevel;
        faint.setAlpha(45);
        for (int q = m_grid.qmin; q <= m_grid.qmax; ++q) {
            const double x = px((q - m_grid.zeroPoint) * m_grid.scale);
            p.setPen(QPen(faint, 1));
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            p.setPen(QPen(kLevel, 2));
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.top() + 10));
        }
    }
    // Each method's range.
    for (size_t i = 0; i < m_methods.size(); ++i) {
        p.setPen(QPen(kMethod[i % 4], int(i) == m_selected ? 2.0 : 1.0, Qt::DashLine));
        for (double x : { m_methods[i].lo, m_methods[i].hi })
            p.drawLine(QPointF(px(x), plot.top()), QPointF(px(x), plot.bottom()));
    }

    const QColor text = palette().color(QPalette::Text);
    p.setPen(text);
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    for (double t : ticks(m_lo, m_hi, 6)) {
        const double x = px(t);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        p.drawText(QRectF(x - 40, plot.bottom() + 4, 80, fm.height()), Qt::AlignCenter, QLocale().toString(t, 'g', 3));
    }

    drawLegend(p, keys, at);
}

GridView::GridView(QWidget* parent)
    : QWidget(parent)
    , m_worker(new TensorWorker(this))
    , m_plot(new GridPlot(this))
    , m_title(new QLabel(this))
    , m_bits(new QSpinBox(this))
    , m_symmetric(new QCheckBox(tr("Symmetric"), this))
    , m_method(new QComboBox(this))
    , m_percentile(new QDoubleSpinBox(this))
    , m_status(new QLabel(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_bits->setObjectName(QStringLiteral("bits"));
    m_symmetric->setObjectName(QStringLiteral("symmetric"));
    m_method->setObjectName(QStringLiteral("method"));
    m_percentile->setObjectName(QStringLiteral("percentile"));
    m_bits->setRange(2, 8);
    m_bits->setValue(4);
    m_bits->setPrefix(tr("INT"));
    m_bits->setToolTip(tr("Bits per value: 2^bits levels"));
    m_symmetric->setChecked(true);
    m_symmetric->setToolTip(tr("Symmetric: ±max|x| with zero-point 0; asymmetric: [min, max] with a zero-point"));
    for (ClipMethod m : { ClipMethod::MinMax, ClipMethod::Percentile, ClipMethod::Mse, ClipMethod::Kl })
        m_method->addItem(GridPlot::methodName(m), int(m));
    m_method->setToolTip(tr("The calibration method whose grid is drawn"));
    m_percentile->setRange(90, 100);
    m_percentile->setDecimals(2);
    m_percentile->setValue(99.9);
    m_percentile->setSuffix(QStringLiteral(" %"));
    m_percentile->setToolTip(tr("Percentile of |x| the percentile method clips at"));
    m_status->setWordWrap(true);

    auto* controls = new QFormLayout;
    controls->addRow(tr("&Bits:"), m_bits);
    controls->addRow(QString(), m_symmetric);
    controls->addRow(tr("&Method:"), m_method);
    controls->addRow(tr("&Percentile:"), m_percentile);
    controls->addRow(m_status);
    layOutChartPage(this, m_title, m_plot, controls);

    connect(m_bits, &QSpinBox::valueChanged, this, &GridView::compare);
    connect(m_symmetric, &QCheckBox::toggled, this, &GridView::compare);
    connect(m_percentile, &QDoubleSpinBox::valueChanged, this, &GridView::compare);
    connect(m_method, &QComboBox::currentIndexChanged, this, &GridView::redraw);
    connect(m_worker, &TensorWorker::finished, this, &GridView::accept);
    connect(m_worker, &TensorWorker::failed, m_status, &QLabel::setText);
    m_title->setText(tr("Select a tensor to see its values against a quantization grid."));
}

QString GridView::statusText() const { return m_status->text(); }

void GridView::setTensor(std::shared_ptr<const Model> model, size_t index, const TensorStats& stats)
{
    m_title->setText(tr("<b>%1</b>: %2 values in [%3, %4]")
            .arg(QString::fromStdString(model->tensors[index].name).toHtmlEscaped(), formatCount(stats.count),
                formatNumber(stats.min), formatNumber(stats.max)));
    m_worker->setTensor(std::move(model), index);
    m_stats = stats;
    compare();
}

void GridView::compare()
{
    m_ready = false;
    m_methods.clear();
    redraw();
    if (!m_worker->model())
        return;
    if (!m_worker->fits()) {
        m_status->setText(tr("The calibration methods are compared on tensors of up to %1 values; this one has %2.")
                .arg(formatCount(TensorWorker::kMaxValues), formatCount(m_worker->model()->tensors[m_worker->index()].parameters)));
        return;
    }
    m_status->setText(tr("Running the calibration methods…"));
    const int bits = m_bits->value();
    const bool sym = m_symmetric->isChecked();
    const double percentile = m_percentile->value();
    m_worker->run([=](const WeightMatrix& w) -> std::any { return compareClipMethods(w, bits, sym, percentile); });
}

void GridView::accept(const std::any& result)
{
    m_methods = std::any_cast<std::vector<MethodRange>>(result);
    m_ready = true;
    m_status->clear();
    redraw();
    emit methodsReady();
}

void GridView::redraw()
{
    if (m_stats.count == 0)
        return;
    const int selected = m_method->currentIndex();
    if (m_ready && selected >= 0 && size_t(selected) < m_methods.size()) {
        const MethodRange& m = m_methods[size_t(selected)];
        m_grid = makeAffineGrid(m_bits->value(), m_symmetric->isChecked(), m.lo, m.hi);
        m_status->setText(tr("Grid of %1: scale %2, levels %3 … %4, exact relative MSE %5")
                .arg(GridPlot::methodName(m.method), QLocale().toString(m_grid.scale, 'g', 4),
                    QLocale().toString(m_grid.lowest(), 'g', 4), QLocale().toString(m_grid.highest(), 'g', 4),
                    QLocale().toString(m.relMse, 'g', 4)));
    } else {
        m_grid = makeAffineGrid(m_bits->value(), m_symmetric->isChecked(), m_stats.min, m_stats.max);
    }
    m_plot->setData(m_stats.linear, m_grid, m_ready ? m_methods : std::vector<MethodRange> {}, selected);
}

} // namespace ql

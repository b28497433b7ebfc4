#include "sawtoothview.h"

#include "format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QColor kCurve(0xc0, 0x39, 0x2b), kBand(0x29, 0x80, 0xb9), kClip(0xe6, 0x7e, 0x22, 60), kDensity(0x7f, 0x8c, 0x8d, 90);

}

SawtoothPlot::SawtoothPlot(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(tr("Rounding error Q(x) − x over x, with the tensor's values underneath. Right-click to save or copy."));
}

QString SawtoothPlot::chartTitle() const { return tr("Rounding error sawtooth"); }

void SawtoothPlot::setData(const AffineGrid& grid, const SawtoothCurve& curve, const Histogram& density, double lo, double hi)
{
    m_grid = grid;
    m_curve = curve;
    m_density = density;
    m_lo = lo;
    m_hi = hi;
    update();
}

std::vector<std::pair<double, double>> SawtoothPlot::clippedRanges() const { return clippedIntervals(m_grid, m_lo, m_hi); }

QString SawtoothPlot::csv() const
{
    QString out = QStringLiteral("x,error\n");
    for (size_t i = 0; i < m_curve.x.size(); ++i)
        out += QString::number(m_curve.x[i], 'g', 9) + QLatin1Char(',') + QString::number(m_curve.error[i], 'g', 9) + QLatin1Char('\n');
    return out;
}

void SawtoothPlot::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(QStringLiteral("−0.0000")) + 8;
    // The legend first: it may wrap, and the plot starts below it.
    const std::vector<LegendKey> keys { { kCurve, tr("Q(x) − x"), LegendKey::Line }, { kBand, tr("±s/2"), LegendKey::Line },
        { kClip, tr("clipped") }, { kDensity.darker(120), tr("tensor values") } };
    int legendBottom = 0;
    const std::vector<QPoint> at = layOutLegend(keys, area.left() + left, area.top() + 4, area.right() - 12, &legendBottom);
    drawLegend(p, keys, at);
    const QRectF plot(area.left() + left, legendBottom + 4, area.width() - left - 12, area.bottom() - legendBottom - 2 * fm.height() - 12);
    if (plot.width() < 20 || plot.height() < 20 || !(m_hi > m_lo))
        return;
    const double yr = m_grid.scale > 0 ? m_grid.scale : 1; // ±s: the teeth fill half the height
    auto px = [&](double x) { return plot.left() + (x - m_lo) / (m_hi - m_lo) * plot.width(); };
    auto py = [&](double e) { return plot.center().y() - e / yr * plot.height() / 2; };

    // Clipped regions.
    for (const auto& [a, b] : clippedRanges())
        p.fillRect(QRectF(QPointF(px(a), plot.top()), QPointF(px(b), plot.bottom())), kClip);

    // The tensor's density, scaled to 90 % of the height, behind everything.
    if (!m_density.counts.empty()) {
        const uint64_t peak = *std::max_element(m_density.counts.begin(), m_density.counts.end());
        const double w = (m_density.hi - m_density.lo) / double(m_density.counts.size());
        if (peak > 0)
            for (size_t i = 0; i < m_density.counts.size(); ++i) {
                const double h = double(m_density.counts[i]) / double(peak) * plot.height() * 0.9;
                const double x0 = px(m_density.lo + w * double(i)), x1 = px(m_density.lo + w * double(i + 1));
                p.fillRect(QRectF(x0, plot.bottom() - h, std::max(1.0, x1 - x0), h), kDensity);
            }
    }

    // Axes, ticks and the ±s/2 band.
    const QColor text = palette().color(QPalette::Text);
    p.setPen(QPen(text, 1));
    p.drawRect(plot);
    for (double t : ticks(m_lo, m_hi, 6)) {
        const double x = px(t);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const QString s = QLocale().toString(t, 'g', 3);
        p.drawText(QRectF(x - 40, plot.bottom() + 4, 80, fm.height()), Qt::AlignCenter, s);
    }
    p.setPen(QPen(kBand, 1, Qt::DashLine));
    for (double e : { -0.5, 0.5 })
        p.drawLine(QPointF(plot.left(), py(e * yr)), QPointF(plot.right(), py(e * yr)));
    p.setPen(QPen(text, 1, Qt::DotLine));
    p.drawLine(QPointF(plot.left(), py(0)), QPointF(plot.right(), py(0)));
    p.setPen(text);
    for (double e : { -0.5, 0.0, 0.5 })
        p.drawText(QRectF(area.left(), py(e * yr) - fm.height() / 2.0, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
            e == 0 ? QStringLiteral("0") : (e > 0 ? tr("+s/2") : tr("−s/2")));

    // The curve, clipped to the plot so the growing error past the clip points leaves the frame.
    p.save();
    p.setClipRect(plot);
    QPainterPath path;
    for (size_t i = 0; i < m_curve.x.size(); ++i) {
        const QPointF pt(px(m_curve.x[i]), py(m_curve.error[i]));
        if (i == 0)
            path.moveTo(pt);
        else
            path.lineTo(pt);
    }
    p.setPen(QPen(kCurve, 1.5));
    p.drawPath(path);
    p.restore();

}

SawtoothView::SawtoothView(QWidget* parent)
    : QWidget(parent)
    , m_plot(new SawtoothPlot(this))
    , m_title(new QLabel(this))
    , m_bits(new QSpinBox(this))
    , m_clip(new QSlider(Qt::Horizontal, this))
    , m_clipLabel(new QLabel(this))
    , m_zero(new QSpinBox(this))
    , m_symmetric(new QCheckBox(tr("Symmetric"), this))
    , m_rounding(new QComboBox(this))
    , m_readout(new QLabel(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_bits->setObjectName(QStringLiteral("bits"));
    m_clip->setObjectName(QStringLiteral("clip"));
    m_zero->setObjectName(QStringLiteral("zero"));
    m_symmetric->setObjectName(QStringLiteral("symmetric"));
    m_rounding->setObjectName(QStringLiteral("rounding"));
    m_bits->setRange(2, 8);
    m_bits->setValue(4);
    m_bits->setPrefix(tr("INT"));
    m_bits->setToolTip(tr("Bits per value: 2^bits levels"));
    m_clip->setRange(1, 1000);
    m_clip->setValue(1000);
    m_clip->setToolTip(tr("Clip the range to this share of the tensor's range: values beyond it saturate"));
    m_zero->setRange(-1, 255);
    m_zero->setValue(-1);
    m_zero->setSpecialValueText(tr("auto"));
    m_zero->setToolTip(tr("Zero-point code of the asymmetric grid (auto: the code that makes 0 exact)"));
    m_symmetric->setChecked(true);
    m_symmetric->setToolTip(tr("Symmetric: ±max|x| with zero-point 0; asymmetric: [min, max] with a zero-point"));
    m_rounding->addItem(tr("Nearest, ties to even"), int(Rounding::NearestEven));
    m_rounding->addItem(tr("Nearest, ties away from zero"), int(Rounding::HalfAway));
    m_rounding->addItem(tr("Stochastic (expected error)"), int(Rounding::Stochastic));
    m_rounding->setToolTip(tr("How values between two levels are rounded"));
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clipLabel->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(QStringLiteral("100.0 %")) + 4);
    m_clipLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* controls = new QFormLayout;
    controls->addRow(tr("&Bits:"), m_bits);
    auto* clipRow = new QHBoxLayout;
    clipRow->addWidget(m_clip, 1);
    clipRow->addWidget(m_clipLabel);
    auto* clipLabel = new QLabel(tr("&Clip:"), this);
    clipLabel->setBuddy(m_clip);
    controls->addRow(clipLabel, clipRow);
    controls->addRow(tr("&Zero-point:"), m_zero);
    controls->addRow(QString(), m_symmetric);
    controls->addRow(tr("&Rounding:"), m_rounding);
    controls->addRow(m_readout);
    layOutChartPage(this, m_title, m_plot, controls);

    connect(m_bits, &QSpinBox::valueChanged, this, &SawtoothView::refresh);
    connect(m_clip, &QSlider::valueChanged, this, &SawtoothView::refresh);
    connect(m_zero, &QSpinBox::valueChanged, this, &SawtoothView::refresh);
    connect(m_symmetric, &QCheckBox::toggled, this, &SawtoothView::refresh);
    connect(m_rounding, &QComboBox::currentIndexChanged, this, &SawtoothView::refresh);
    m_title->setText(tr("Select a tensor to see where its values sit on the rounding-error sawtooth."));
}

void SawtoothView::setStats(const TensorStats& stats, const QString& name)
{
    m_stats = stats;
    m_name = name;
    refresh();
}

QString SawtoothView::readout() const { return m_readout->text(); }

void SawtoothView::refresh()
{
    const bool sym = m_symmetric->isChecked();
    m_zero->setEnabled(!sym);
    const int bits = m_bits->value();
    m_zero->setMaximum((1 << bits) - 1);
    const double share = m_clip->value() / 1000.0;
    m_clipLabel->setText(QStringLiteral("%1 %").arg(QLocale().toString(share * 100, 'f', 1)));
    if (m_stats.count == 0) {
        m_plot->setData({}, {}, {}, -1, 1);
        m_readout->clear();
        return;
    }
    const double lo = m_stats.min * share, hi = m_stats.max * share;
    m_grid = makeAffineGrid(bits, sym, lo, hi, Rounding(m_rounding->currentData().toInt()), sym ? -1 : m_zero->value());
    m_error = histogramError(m_grid, m_stats.linear);
    // The x axis spans the tensor's values and the grid, with a margin.
    const double a = std::min(m_stats.min, m_grid.lowest()), b = std::max(m_stats.max, m_grid.highest());
    const double pad = (b - a) * 0.04 + 1e-12;
    m_plot->setData(m_grid, sawtoothCurve(m_grid, a - pad, b + pad, 2048), m_stats.linear, a - pad, b + pad);
    m_title->setText(tr("<b>%1</b>: %2 values in [%3, %4]")
            .arg(m_name.toHtmlEscaped(), formatCount(m_stats.count), formatNumber(m_stats.min), formatNumber(m_stats.max)));
    const QLocale l;
    m_readout->setText(tr("Scale s = %1\nZero-point = %2\nLevels = %3 … %4\nRelative MSE ≈ %5\nSQNR ≈ %6 dB\nClipped = %7 %\n"
                          "(estimated from the %8-bin histogram)")
            .arg(l.toString(m_grid.scale, 'g', 5))
            .arg(m_grid.zeroPoint)
            .arg(l.toString(m_grid.lowest(), 'g', 5), l.toString(m_grid.highest(), 'g', 5), l.toString(m_error.relMse, 'g', 4),
                std::isfinite(m_error.sqnrDb) ? l.toString(m_error.sqnrDb, 'f', 2) : tr("∞"),
                l.toString(m_error.clippedFraction * 100, 'g', 3))
            .arg(m_stats.linear.counts.size()));
}

} // namespace ql

#include "histogramview.h"
#include "chartexport.h"

#include "format.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace ql {

namespace {
    /// Percentiles drawn as markers (of those computed), with their colours.
    struct Marker {
        double p;
        QColor colour;
    };
    const Marker kMarkers[] = { { 0.1, QColor(0x8e, 0x44, 0xad) }, { 1, QColor(0xd3, 0x54, 0x00) },
        { 50, QColor(0x27, 0xae, 0x60) }, { 99, QColor(0xd3, 0x54, 0x00) }, { 99.9, QColor(0x8e, 0x44, 0xad) } };
    /// On a log axis empty bins are drawn at this height, below one count.
    constexpr double kLogFloor = 0.5;
    /// Fewest bins drawn, however few the values.
    constexpr size_t kMinBins = 16;

    /// Merges adjacent bins (an exact operation) so that about sqrt(n) bins are drawn: 256 bins
    /// over a few thousand values are mostly noise.
    Histogram displayed(const Histogram& h, int64_t n)
    {
        size_t bins = h.counts.size();
        const double target = std::max(double(kMinBins), std::sqrt(double(std::max<int64_t>(n, 1))));
        while (bins % 2 == 0 && bins / 2 >= target && bins / 2 >= kMinBins)
            bins /= 2;
        if (bins == h.counts.size())
            return h;
        Histogram out { h.lo, h.hi, std::vector<uint64_t>(bins, 0) };
        const size_t factor = h.counts.size() / bins;
        for (size_t i = 0; i < h.counts.size(); ++i)
            out.counts[i / factor] += h.counts[i];
        return out;
    }
}

HistogramView::HistogramView(QWidget* parent)
    : QWidget(parent)
    , m_view(new QChartView(this))
    , m_logCounts(new QCheckBox(tr("Log counts"), this))
    , m_mode(new QComboBox(this))
    , m_empty(new QLabel(tr("Select a tensor to see its distribution."), this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_logCounts->setObjectName(QStringLiteral("log_counts"));
    m_mode->setObjectName(QStringLiteral("mode"));
    enableChartExport(m_view);
    m_mode->addItem(tr("Values"));
    m_mode->addItem(tr("log10 |x|"));
    m_mode->setToolTip(tr("Bin the values themselves, or the decimal logarithm of their magnitudes"));
    m_logCounts->setToolTip(tr("Logarithmic count axis: shows the sparse tails"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->chart()->legend()->setAlignment(Qt::AlignBottom);
    m_empty->setAlignment(Qt::AlignCenter);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_mode);
    bar->addWidget(m_logCounts);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);
    m_view->hide();

    m_view->viewport()->installEventFilter(this);
    connect(m_logCounts, &QCheckBox::toggled, this, [this] { rebuild(); });
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
}

QChart* HistogramView::chart() const { return m_view->chart(); }

bool HistogramView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonPress && m_stats && m_mode->currentIndex() == 0 && m_outline) {
        const QPointF inChart = m_view->chart()->mapFromScene(m_view->mapToScene(static_cast<QMouseEvent*>(event)->position().toPoint()));
        if (m_view->chart()->plotArea().contains(inChart))
            emit valueClicked(m_view->chart()->mapToValue(inChart).x());
    }
    return QWidget::eventFilter(watched, event);
}

void HistogramView::setStats(const TensorStats& stats, const QString& name)
{
    m_stats = stats;
    m_name = name;
    rebuild();
}

void HistogramView::clear()
{
    m_stats.reset();
    rebuild();
}

void HistogramView::setLogCounts(bool on) { m_logCounts->setChecked(on); }
void HistogramView::setMode(Mode mode) { m_mode->setCurrentIndex(mode == Mode::Values ? 0 : 1); }

void HistogramView::rebuild()
{
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    m_outline = nullptr;
    m_markers.clear();
    m_view->setVisible(bool(m_stats));
    m_empty->setVisible(!m_stats);
    if (!m_stats)
        return;

    const bool logMode = m_mode->currentIndex() == 1;
    const bool logY = m_logCounts->isChecked();
    const Histogram h = displayed(logMode ? m_stats->logAbs : m_stats->linear, m_stats->count);
    const size_t bins = h.counts.size();
    const double floor = logY ? kLogFloor : 0.0;
    const double width = bins ? (h.hi - h.lo) / double(bins) : 0.0;

    m_displayedBins = int(bins);
    m_outline = new QLineSeries;
    m_outline->setName(logMode ? tr("count per log10|x| bin") : tr("count per bin"));
    auto* base = new QLineSeries;
    double peak = 1;
    for (size_t i = 0; i < bins; ++i) {
        const double c = std::max(double(h.counts[i]), floor);
        const double x0 = h.lo + width * double(i), x1 = x0 + width;
        m_outline->append(x0, c);
        m_outline->append(x1, c);
        peak = std::max(peak, c);
    }
    base->append(h.lo, floor);
    base->append(h.hi > h.lo ? h.hi : h.lo + 1, floor);
    auto* area = new QAreaSeries(m_outline, base);
    m_outline->setParent(area); // the area series does not own its boundary lines
    base->setParent(area);
    area->setName(m_outline->name());
    area->setColor(QColor(0x29, 0x80, 0xb9, 170));
    area->setBorderColor(QColor(0x1f, 0x61, 0x8d));
    chart->addSeries(area);

    auto* x = new QValueAxis;
    x->setTitleText(logMode ? tr("log10 |value|") : tr("value"));
    x->setRange(h.lo, h.hi > h.lo ? h.hi : h.lo + 1);
    x->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(x, Qt::AlignBottom);
    QAbstractAxis* y;
    if (logY) {
        auto* ly = new QLogValueAxis;
        ly->setBase(10);
        ly->setRange(kLogFloor, peak * 2);
        ly->setLabelFormat(QStringLiteral("%g"));
        y = ly;
    } else {
        auto* vy = new QValueAxis;
        vy->setRange(0, peak * 1.05);
        vy->setLabelFormat(QStringLiteral("%.0f"));
        y = vy;
    }
    y->setTitleText(tr("count"));
    chart->addAxis(y, Qt::AlignLeft);
    area->attachAxis(x);
    area->attachAxis(y);
    applyChartPalette(m_view);

    if (!logMode) {
        for (const auto& m : kMarkers) {
            for (const auto& [p, v] : m_stats->percentiles) {
                if (p != m.p || std::isnan(v))
                    continue;
                auto* s = new QLineSeries;
                s->setName(tr("p%1").arg(QLocale().toString(p)));
                s->append(v, floor > 0 ? floor : 0);
                s->append(v, peak);
                QPen pen(m.colour);
                pen.setStyle(Qt::DashLine);
                pen.setWidthF(1.5);
                s->setPen(pen);
                chart->addSeries(s);
                s->attachAxis(x);
                s->attachAxis(y);
                m_markers << s;
            }
        }
    }
    chart->setTitle(m_name);
}

} // namespace ql

#include "channelsview.h"

#include "format.h"

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
    const QColor kBox(0x29, 0x80, 0xb9, 150), kWhisker(0x7f, 0x8c, 0x8d), kFlag(0xc0, 0x39, 0x2b), kMedian(0x2c, 0x3e, 0x50);
}

ChannelsPlot::ChannelsPlot(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(tr("Min, quartiles and max of every output channel; red channels have an outlier range "
                  "(1.5 × IQR rule). Right-click to save or copy."));
}

QString ChannelsPlot::chartTitle() const { return tr("Per-channel ranges"); }

void ChannelsPlot::setData(std::vector<ChannelRange> ranges, std::vector<size_t> flagged)
{
    m_ranges = std::move(ranges);
    m_flagged = std::move(flagged);
    m_isFlagged.assign(m_ranges.size(), false);
    for (size_t i : m_flagged)
        if (i < m_isFlagged.size())
            m_isFlagged[i] = true;
    update();
}

QString ChannelsPlot::csv() const
{
    QString out = QStringLiteral("channel,min,q1,median,q3,max,outlier\n");
    for (size_t i = 0; i < m_ranges.size(); ++i) {
        const ChannelRange& r = m_ranges[i];
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(i)
                   .arg(r.min, 0, 'g', 9)
                   .arg(r.q1, 0, 'g', 9)
                   .arg(r.median, 0, 'g', 9)
                   .arg(r.q3, 0, 'g', 9)
                   .arg(r.max, 0, 'g', 9)
                   .arg(m_isFlagged[i] ? 1 : 0);
    }
    return out;
}

void ChannelsPlot::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(QStringLiteral("−0.000")) + 10;
    const QRectF plot = framedPlot(area, fm, left);
    if (plot.width() < 20 || plot.height() < 20 || m_ranges.empty())
        return;
    double lo = m_ranges[0].min, hi = m_ranges[0].max;
    for (const auto& r : m_ranges) {
        lo = std::min(lo, r.min);
        hi = std::max(hi, r.max);
    }
    if (!(hi > lo))
        hi = lo + 1;
    const double pad = (hi - lo) * 0.04;
    lo -= pad;
    hi += pad;
    const size_t n = m_ranges.size();
    auto px = [&](double c) { return plot.left() + (c + 0.5) / double(n) * plot.width(); };
    auto py = [&](double v) { return plot.bottom() - (v - lo) / (hi - lo) * plot.height(); };
    const double w = std::max(1.0, plot.width() / double(n) * 0.7);

    const QColor text = palette().color(QPalette::Text);
    p.setPen(QPen(text, 1, Qt::DotLine));
    if (lo < 0 && hi > 0)
        p.drawLine(QPointF(plot.left(), py(0)), QPointF(plot.right(), py(0)));
    for (size_t i = 0; i < n; ++i) {
        const ChannelRange& r = m_ranges[i];
        const double x = px(double(i));
        p.setPen(QPen(m_isFlagged[i] ? kFlag : kWhisker, 1));
        p.drawLine(QPointF(x, py(r.min)), QPointF(x, py(r.max)));
        p.fillRect(QRectF(x - w / 2, py(r.q3), w, std::max(1.0, py(r.q1) - py(r.q3))), m_isFlagged[i] ? kFlag : kBox);
        if (w >= 3) {
            p.setPen(QPen(kMedian, 1));
            p.drawLine(QPointF(x - w / 2, py(r.median)), QPointF(x + w / 2, py(r.median)));
        }
    }
    p.setPen(text);
    p.drawRect(plot);
    drawYAxis(p, plot, area, fm, lo, hi);
    for (double t : ticks(0, double(n - 1), 6)) {
        if (t != std::floor(t))
            continue;
        p.drawLine(QPointF(px(t), plot.bottom()), QPointF(px(t), plot.bottom() + 4));
        p.drawText(QRectF(px(t) - 40, plot.bottom() + 4, 80, fm.height()), Qt::AlignCenter, QLocale().toString(t, 'f', 0));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(), fm.height()), Qt::AlignCenter,
        tr("output channel"));
    p.drawText(QRectF(plot.left(), area.top() + 4, plot.width(), fm.height()), Qt::AlignLeft,
        tr("%n channel(s), %1 with an outlier range", nullptr, int(n)).arg(m_flagged.size()));
}

ChannelsView::ChannelsView(QWidget* parent)
    : QWidget(parent)
    , m_worker(new TensorWorker(this))
    , m_plot(new ChannelsPlot(this))
    , m_title(new QLabel(this))
    , m_bits(new QSpinBox(this))
    , m_group(new QSpinBox(this))
    , m_summary(new QLabel(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_bits->setObjectName(QStringLiteral("bits"));
    m_group->setObjectName(QStringLiteral("group"));
    m_bits->setRange(2, 8);
    m_bits->setValue(4);
    m_bits->setPrefix(tr("INT"));
    m_bits->setToolTip(tr("Bits per value of the error comparison"));
    m_group->setRange(2, 4096);
    m_group->setValue(128);
    m_group->setToolTip(tr("Values per group along the input dimension for the per-group error"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* controls = new QFormLayout;
    controls->addRow(tr("&Bits:"), m_bits);
    controls->addRow(tr("&Group size:"), m_group);
    controls->addRow(m_summary);
    layOutChartPage(this, m_title, m_plot, controls);
    connect(m_bits, &QSpinBox::valueChanged, this, &ChannelsView::compute);
    connect(m_group, &QSpinBox::valueChanged, this, &ChannelsView::compute);
    connect(m_worker, &TensorWorker::finished, this, &ChannelsView::accept);
    connect(m_worker, &TensorWorker::failed, m_summary, &QLabel::setText);
    m_title->setText(tr("Select a tensor to see the range of each output channel."));
}

QString ChannelsView::summaryText() const { return m_summary->text(); }

void ChannelsView::setTensor(std::shared_ptr<const Model> model, size_t index)
{
    m_title->setText(tr("<b>%1</b> %2").arg(QString::fromStdString(model->tensors[index].name).toHtmlEscaped(),
        formatShape(model->tensors[index].shape)));
    m_worker->setTensor(std::move(model), index);
    compute();
}

void ChannelsView::compute()
{
    m_ready = false;
    if (!m_worker->model())
        return;
    if (!m_worker->fits()) {
        m_plot->setData({}, {});
        m_summary->setText(tr("Channel ranges are computed for tensors of up to %1 values; this one has %2.")
                .arg(formatCount(TensorWorker::kMaxValues), formatCount(m_worker->model()->tensors[m_worker->index()].parameters)));
        return;
    }
    m_summary->setText(tr("Computing channel ranges…"));
    const int bits = m_bits->value(), group = m_group->value();
    m_worker->run([=](const WeightMatrix& w) -> std::any {
        Result r;
        r.ranges = channelRanges(w);
        std::vector<double> widths;
        widths.reserve(r.ranges.size());
        for (const auto& c : r.ranges)
            widths.push_back(c.range());
        r.flagged = tukeyOutliers(widths);
        r.errors = granularityErrors(w, bits, int(std::min<int64_t>(group, std::max<int64_t>(2, w.cols))));
        return r;
    });
}

void ChannelsView::accept(const std::any& result)
{
    Result r = std::any_cast<Result>(result);
    m_errors = r.errors;
    const QLocale l;
    QStringList flagged;
    for (size_t i = 0; i < std::min<size_t>(r.flagged.size(), 12); ++i)
        flagged << QString::number(r.flagged[i]);
    if (r.flagged.size() > 12)
        flagged << QStringLiteral("…");
    m_summary->setText(tr("Relative MSE of INT%1:\nper tensor %2\nper channel %3\nper group of %4: %5\n\n"
                          "Outlier channels (1.5 × IQR of the ranges): %6")
            .arg(m_bits->value())
            .arg(l.toString(r.errors.tensor, 'g', 4), l.toString(r.errors.channel, 'g', 4))
            .arg(r.errors.groupSize)
            .arg(l.toString(r.errors.group, 'g', 4), flagged.isEmpty() ? tr("none") : flagged.join(QStringLiteral(", "))));
    m_plot->setData(std::move(r.ranges), std::move(r.flagged));
    m_ready = true;
    emit resultsReady();
}

} // namespace ql

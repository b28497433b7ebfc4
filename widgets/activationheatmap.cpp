#include "activationheatmap.h"

#include <QHelpEvent>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QColor kOver(0xe7, 0x4c, 0x3c), kFeature(0xc0, 0x39, 0x2b);
    // A perceptual ramp from pale to deep blue-violet (readable on light and dark backgrounds).
    const QColor kRamp[] = { QColor(0xf7, 0xfb, 0xff), QColor(0xc6, 0xdb, 0xef), QColor(0x6b, 0xae, 0xd6), QColor(0x21, 0x71, 0xb5),
        QColor(0x08, 0x30, 0x6b) };
}

ActivationHeatmap::ActivationHeatmap(QWidget* parent)
    : ChartWidget(parent)
{
}

QString ActivationHeatmap::chartTitle() const { return tr("Activation magnitudes"); }

void ActivationHeatmap::setData(ActivationMap map, std::vector<int64_t> features, float threshold, const QString& message)
{
    m_map = std::move(map);
    m_features = std::move(features);
    m_threshold = threshold;
    m_message = message;
    update();
}

QColor ActivationHeatmap::colourOf(float magnitude) const
{
    if (!std::isfinite(magnitude) || magnitude >= m_threshold)
        return kOver;
    // Log scale over three decades below the map's largest value.
    const double top = std::max(double(m_map.max), 1e-30), lo = top * 1e-3;
    double t = magnitude > lo ? std::log10(double(magnitude) / lo) / 3.0 : 0.0;
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(t));
    const double f = t - i;
    const QColor a = kRamp[i], b = kRamp[i + 1];
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f), float(a.greenF() + (b.greenF() - a.greenF()) * f),
        float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

std::vector<ChartWidget::LegendKey> ActivationHeatmap::legendKeys() const
{
    return { { kRamp[1], tr("small") }, { kRamp[4], tr("large (log scale)") },
        { kOver, tr("|x| ≥ %1").arg(QLocale().toString(double(m_threshold), 'g', 4)) },
        { kFeature, tr("▼ outlier feature (LLM.int8() rule)") } };
}

QRectF ActivationHeatmap::plotIn(const QRect& area, std::vector<QPoint>* legendAt) const
{
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(QStringLiteral("0000")) + 12;
    // Title line and the (possibly wrapped) legend, then a row of feature marks; axis labels below.
    int legendBottom = 0;
    const std::vector<QPoint> at = layOutLegend(legendKeys(), area.left() + left, area.top() + fm.height() + 8, area.right() - 12, &legendBottom);
    if (legendAt)
        *legendAt = at;
    const double top = legendBottom + 12;
    return QRectF(area.left() + left, top, area.width() - left - 12, area.bottom() - top - 2 * fm.height() - 10);
}

QRectF ActivationHeatmap::plotRect() const { return plotIn(rect()); }

bool ActivationHeatmap::cellAt(const QPointF& pos, int64_t& token, int64_t& channel) const
{
    const QRectF plot = plotRect();
    if (m_map.tokens == 0 || !plot.contains(pos))
        return false;
    channel = std::min<int64_t>(m_map.channels - 1, int64_t((pos.x() - plot.left()) / plot.width() * double(m_map.channels)));
    token = std::min<int64_t>(m_map.tokens - 1, int64_t((pos.y() - plot.top()) / plot.height() * double(m_map.tokens)));
    return true;
}

bool ActivationHeatmap::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        int64_t t = 0, c = 0;
        if (cellAt(help->pos(), t, c))
            QToolTip::showText(help->globalPos(),
                tr("Token %1, channel %2: |x| = %3").arg(t).arg(c).arg(QLocale().toString(double(m_map.magnitude[size_t(t * m_map.channels + c)]), 'g', 4)),
                this);
        else
            QToolTip::hideText();
        return true;
    }
    return ChartWidget::event(event);
}

QString ActivationHeatmap::csv() const
{
    QString out = QStringLiteral("token,channel,abs\n");
    for (int64_t t = 0; t < m_map.tokens; ++t)
        for (int64_t c = 0; c < m_map.channels; ++c)
            out += QStringLiteral("%1,%2,%3\n").arg(t).arg(c).arg(double(m_map.magnitude[size_t(t * m_map.channels + c)]), 0, 'g', 9);
    return out;
}

void ActivationHeatmap::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics fm(font());
    p.setPen(text);
    if (m_map.tokens == 0) {
        p.drawText(area.adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
            m_message.isEmpty() ? tr("No captured inputs for this tensor.") : m_message);
        return;
    }
    std::vector<QPoint> legendAt;
    const QRectF plot = plotIn(area, &legendAt);
    p.drawText(QRectF(plot.left(), area.top() + 4, plot.width(), fm.height()), Qt::AlignLeft,
        tr("|x| of this layer's input: %1 tokens × %2 channels, max %3")
            .arg(m_map.tokens)
            .arg(m_map.channels)
            .arg(QLocale().toString(double(m_map.max), 'g', 4)));
    drawLegend(p, legendKeys(), legendAt);
    if (plot.width() < 10 || plot.height() < 10)
        return;

    QImage image(int(m_map.channels), int(m_map.tokens), QImage::Format_RGB32);
    for (int64_t t = 0; t < m_map.tokens; ++t) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(int(t)));
        for (int64_t c = 0; c < m_map.channels; ++c)
            line[c] = colourOf(m_map.magnitude[size_t(t * m_map.channels + c)]).rgb();
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(plot, image);
    const double cw = plot.width() / double(m_map.channels);
    p.setPen(Qt::NoPen);
    p.setBrush(kFeature);
    for (int64_t c : m_features) {
        const double x = plot.left() + (double(c) + 0.5) * cw;
        const double s = std::clamp(cw, 5.0, 8.0);
        const QPointF tri[] = { { x - s / 2, plot.top() - s - 3 }, { x + s / 2, plot.top() - s - 3 }, { x, plot.top() - 3 } };
        p.drawPolygon(tri, 3);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(text);
    p.drawRect(plot);
    for (double v : ticks(0, double(m_map.channels - 1), 6)) {
        if (v != std::floor(v))
            continue;
        const double x = plot.left() + (v + 0.5) * cw;
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        p.drawText(QRectF(x - 30, plot.bottom() + 4, 60, fm.height()), Qt::AlignCenter, QString::number(int64_t(v)));
    }
    const double th = plot.height() / double(m_map.tokens);
    for (double v : ticks(0, double(m_map.tokens - 1), 5)) {
        if (v != std::floor(v))
            continue;
        const double y = plot.top() + (v + 0.5) * th;
        p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        p.drawText(QRectF(area.left(), y - fm.height() / 2.0, plot.left() - area.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
            QString::number(int64_t(v)));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 6, plot.width(), fm.height()), Qt::AlignCenter,
        tr("input channel (hidden dimension) · rows: tokens"));
}

} // namespace ql

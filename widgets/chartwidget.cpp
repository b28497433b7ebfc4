#include "chartwidget.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QImage>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QVBoxLayout>

#include <cmath>

namespace ql {

ChartWidget::ChartWidget(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
}

std::vector<double> ChartWidget::ticks(double lo, double hi, int n)
{
    std::vector<double> t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || n < 1)
        return t;
    const double raw = (hi - lo) / n, mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    return t;
}

QRectF ChartWidget::framedPlot(const QRect& area, const QFontMetrics& fm, int left)
{
    return QRectF(area.left() + left, area.top() + fm.height() + 10, area.width() - left - 12, area.height() - 3 * fm.height() - 22);
}

void ChartWidget::drawYAxis(QPainter& p, const QRectF& plot, const QRect& area, const QFontMetrics& fm, double lo, double hi)
{
    if (!(hi > lo))
        return;
    for (double t : ticks(lo, hi, 5)) {
        const double y = plot.bottom() - (t - lo) / (hi - lo) * plot.height();
        p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        p.drawText(QRectF(area.left(), y - fm.height() / 2.0, plot.left() - area.left() - 6, fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, QLocale().toString(t, 'g', 3));
    }
}

void ChartWidget::drawLayerAxis(QPainter& p, const QRectF& plot, const QFontMetrics& fm, const std::vector<int>& layers) const
{
    const double w = layers.empty() ? 0 : plot.width() / double(layers.size());
    int lastLayer = -2;
    double lastX = -1e9;
    for (size_t i = 0; i < layers.size(); ++i) {
        const int layer = layers[i];
        const double x = plot.left() + w * double(i);
        if (layer != lastLayer && layer >= 0 && x - lastX > fm.horizontalAdvance(QStringLiteral("000")) + 4) {
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
            p.drawText(QRectF(x - 20, plot.bottom() + 4, 40, fm.height()), Qt::AlignCenter, QString::number(layer));
            lastX = x;
        }
        lastLayer = layer;
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(), fm.height()), Qt::AlignCenter, tr("layer"));
}

std::vector<QPoint> ChartWidget::layOutLegend(const std::vector<LegendKey>& keys, int left, int top, int right, int* bottom) const
{
    QFont boldFont = font();
    boldFont.setBold(true);
    const int lineHeight = fontMetrics().height() + 4;
    std::vector<QPoint> at;
    int x = left, y = top;
    for (const LegendKey& k : keys) {
        const int w = 18 + QFontMetrics(k.bold ? boldFont : font()).horizontalAdvance(k.label) + 14;
        if ((x + w > right && x > left) || (k.newLine && x > left)) {
            x = left;
            y += lineHeight;
        }
        at.emplace_back(x, y);
        x += w;
    }
    if (bottom)
        *bottom = y + lineHeight;
    return at;
}

void ChartWidget::drawLegend(QPainter& p, const std::vector<LegendKey>& keys, const std::vector<QPoint>& at) const
{
    const QFontMetrics fm(font());
    QFont boldFont = font();
    boldFont.setBold(true);
    const QColor text = palette().color(QPalette::Text);
    for (size_t k = 0; k < keys.size() && k < at.size(); ++k) {
        const QPoint pt = at[k];
        if (keys[k].mark == LegendKey::Box)
            p.fillRect(QRect(pt.x(), pt.y() + fm.height() / 4, 14, fm.height() / 2), keys[k].colour);
        else {
            p.setPen(QPen(keys[k].colour, 2, keys[k].mark == LegendKey::Dashed ? Qt::DashLine : Qt::SolidLine));
            p.drawLine(pt.x(), pt.y() + fm.height() / 2, pt.x() + 14, pt.y() + fm.height() / 2);
        }
        p.setFont(keys[k].bold ? boldFont : font());
        p.setPen(text);
        p.drawText(pt.x() + 18, pt.y() + fm.ascent(), keys[k].label);
    }
    p.setFont(font());
}

void ChartWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    paintChart(p, rect());
}

bool ChartWidget::savePng(const QString& path, QString* error)
{
    QImage image(size().expandedTo(sizeHint()), QImage::Format_ARGB32);
    {
        QPainter p(&image);
        paintChart(p, image.rect());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ChartWidget::saveSvg(const QString& path, QString* error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        const QSize s = size().expandedTo(sizeHint());
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(s);
        svg.setViewBox(QRect(QPoint(0, 0), s));
        svg.setTitle(chartTitle());
        {
            QPainter p(&svg);
            paintChart(p, QRect(QPoint(0, 0), s));
        }
        if (file.commit())
            return true;
    }
    if (error)
        *error = tr("Could not write %1: %2").arg(path, file.errorString());
    return false;
}

void ChartWidget::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    auto save = [this](bool svg) {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Chart"), QString(),
            svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!(svg ? saveSvg(path, &error) : savePng(path, &error)))
            QMessageBox::warning(this, tr("Save Chart"), error);
    };
    menu.addAction(tr("Save as PNG…"), this, [save] { save(false); });
    menu.addAction(tr("Save as SVG…"), this, [save] { save(true); });
    menu.addAction(tr("Copy Data as CSV"), this, [this] { QApplication::clipboard()->setText(csv()); });
    menu.exec(event->globalPos());
}

void layOutChartPage(QWidget* page, QLabel* title, ChartWidget* chart, QFormLayout* controls)
{
    title->setWordWrap(true);
    auto* side = new QWidget(page);
    side->setLayout(controls);
    side->setMaximumWidth(300);
    auto* row = new QHBoxLayout;
    row->addWidget(chart, 1);
    row->addWidget(side);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(title);
    layout->addLayout(row, 1);
}

} // namespace ql

#pragma once
// A custom-painted chart: subclasses paint into any QPainter (screen, PNG, SVG) and give their data
// as CSV; right-click offers Save as PNG, Save as SVG and Copy Data as CSV.

#include <QWidget>

#include <vector>

class QFormLayout;
class QLabel;

namespace ql {

class ChartWidget : public QWidget {
    Q_OBJECT
public:
    explicit ChartWidget(QWidget* parent = nullptr);
    /// \returns the chart's data as CSV with a header line.
    virtual QString csv() const = 0;
    /// Write the chart atomically; on failure \p error names the file and the reason.
    bool savePng(const QString& path, QString* error = nullptr);
    bool saveSvg(const QString& path, QString* error = nullptr);
    QSize sizeHint() const override { return { 640, 360 }; }
    QSize minimumSizeHint() const override { return { 240, 160 }; }

    /// About \p n round tick positions covering [lo, hi].
    static std::vector<double> ticks(double lo, double hi, int n);

protected:
    /// The plot rectangle inside \p area: a title line above, y labels \p left pixels wide, and
    /// x labels with an axis title below.
    static QRectF framedPlot(const QRect& area, const QFontMetrics& fm, int left);
    /// Ticks and labels of a linear y axis [lo, hi] along \p plot's left edge.
    static void drawYAxis(QPainter& p, const QRectF& plot, const QRect& area, const QFontMetrics& fm, double lo, double hi);

    virtual void paintChart(QPainter& p, const QRect& area) = 0;
    /// Title written into saved SVG files.
    virtual QString chartTitle() const = 0;
    void paintEvent(QPaintEvent*) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
};

/// Lays out a view page: \p title across the top, \p chart filling the rest, \p controls beside it.
void layOutChartPage(QWidget* page, QLabel* title, ChartWidget* chart, QFormLayout* controls);

} // namespace ql

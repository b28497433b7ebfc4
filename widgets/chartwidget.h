#pragma once
// A custom-painted chart: subclasses paint into any QPainter (screen, PNG, SVG) and give their data
// as CSV; right-click offers Save as PNG, Save as SVG and Copy Data as CSV.

#include <QColor>
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
    /// One legend entry: a filled box or a (dashed) line in \p colour, then \p label.
    struct LegendKey {
        enum Mark { Box, Line, Dashed };
        QColor colour;
        QString label;
        Mark mark = Box;
        bool bold = false;
        bool newLine = false; ///< start a new line with this key
    };
    /// Positions of \p keys laid out left to right from (left, top), wrapping before \p right;
    /// \p bottom receives the y below the last line.
    std::vector<QPoint> layOutLegend(const std::vector<LegendKey>& keys, int left, int top, int right, int* bottom) const;
    void drawLegend(QPainter& p, const std::vector<LegendKey>& keys, const std::vector<QPoint>& at) const;
    /// Under bars of equal width across \p plot (one per entry of \p layers, in order): the layer
    /// number under the first bar of each layer (−1: none), and the axis title "layer".
    void drawLayerAxis(QPainter& p, const QRectF& plot, const QFontMetrics& fm, const std::vector<int>& layers) const;
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

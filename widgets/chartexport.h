#pragma once
// Export for Qt Charts views: right-click saves PNG or SVG (atomically) or copies every series'
// points as CSV.

#include <QString>

class QChartView;

namespace ql {

/// \returns every series of the view's chart as CSV rows: series, x (or category), y.
QString chartToCsv(const QChartView* view);
/// Renders the view to \p path as PNG or, when it ends in .svg, SVG; false with \p error on failure.
bool saveChartView(QChartView* view, const QString& path, QString* error = nullptr);
/// Adds Save as PNG, Save as SVG and Copy Data as CSV to the view's context menu, and keeps the
/// chart's background, text and axes in the application's palette (light or dark).
void enableChartExport(QChartView* view);
/// Colours the chart's background, title, legend and axes from the view's palette; call again after
/// adding axes.
void applyChartPalette(QChartView* view);

} // namespace ql

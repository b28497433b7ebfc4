#pragma once
// The histogram of one tensor (Qt Charts): linear bins over [min, max] or bins of log10|x|,
// a log-scale toggle for the counts, and the percentiles drawn as markers.

#include "core/analysis/stats.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLineSeries;
QT_END_NAMESPACE

namespace ql {

class HistogramView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Values, LogMagnitude };
    explicit HistogramView(QWidget* parent = nullptr);

    /// \brief Shows the histogram of \p stats for the tensor called \p name.
    void setStats(const TensorStats& stats, const QString& name);
    void clear();

    void setLogCounts(bool on);
    void setMode(Mode mode);

    /// The step outline of the histogram (two points per bin).
    QLineSeries* histogramSeries() const { return m_outline; }
    /// One two-point vertical series per percentile marker.
    const QList<QLineSeries*>& markerSeries() const { return m_markers; }
    QChart* chart() const;

signals:
    /// The user clicked the chart at value \p x (value mode only).
    void valueClicked(double x);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

public:
    /// Bins drawn: the computed bins merged down to about sqrt(count).
    int displayedBins() const { return m_displayedBins; }
    QChartView* chartView() const { return m_view; }

private:
    void rebuild();

    QChartView* m_view;
    QCheckBox* m_logCounts;
    QComboBox* m_mode;
    QLabel* m_empty;
    QLineSeries* m_outline = nullptr;
    QList<QLineSeries*> m_markers;
    std::optional<TensorStats> m_stats;
    QString m_name;
    int m_displayedBins = 0;
};

} // namespace ql

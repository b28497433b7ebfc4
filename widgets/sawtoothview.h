#pragma once
// Error sawtooth lab: Q(x) − x over x for an integer grid the user shapes (bits, clip, zero-point,
// symmetric or asymmetric, rounding), with the ±s/2 band, the clipped regions shaded and the
// selected tensor's value density underneath; read-outs of scale, zero-point and the tensor's
// relative MSE / SQNR, recomputed from its histogram while a slider moves.

#include "core/analysis/stats.h"
#include "core/analysis/griderror.h"
#include "chartwidget.h"

#include <QWidget>

#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace ql {

/// The plot: the error curve over the tensor's density. Right-click saves PNG or SVG or copies CSV.
class SawtoothPlot : public ChartWidget {
    Q_OBJECT
public:
    explicit SawtoothPlot(QWidget* parent = nullptr);
    void setData(const AffineGrid& grid, const SawtoothCurve& curve, const Histogram& density, double lo, double hi);
    const SawtoothCurve& curve() const { return m_curve; }
    /// \returns the shaded (clipped) x ranges.
    std::vector<std::pair<double, double>> clippedRanges() const;
    /// \returns the plot's data as CSV: x, Q(x) − x.
    QString csv() const override;

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;

private:

    AffineGrid m_grid;
    SawtoothCurve m_curve;
    Histogram m_density;
    double m_lo = -1, m_hi = 1;
};

class SawtoothView : public QWidget {
    Q_OBJECT
public:
    explicit SawtoothView(QWidget* parent = nullptr);

    void setStats(const TensorStats& stats, const QString& name);

    const AffineGrid& grid() const { return m_grid; }
    const GridError& error() const { return m_error; }
    SawtoothPlot* plot() const { return m_plot; }
    QSpinBox* bitsField() const { return m_bits; }
    QSlider* clipSlider() const { return m_clip; }
    QSpinBox* zeroPointField() const { return m_zero; }
    QCheckBox* symmetricBox() const { return m_symmetric; }
    QComboBox* roundingBox() const { return m_rounding; }
    QString readout() const;

private:
    void refresh();

    TensorStats m_stats;
    QString m_name;
    AffineGrid m_grid;
    GridError m_error;
    SawtoothPlot* m_plot;
    QLabel* m_title;
    QSpinBox* m_bits;
    QSlider* m_clip;
    QLabel* m_clipLabel;
    QSpinBox* m_zero;
    QCheckBox* m_symmetric;
    QComboBox* m_rounding;
    QLabel* m_readout;
};

} // namespace ql

#pragma once
// Distribution with the quantization grid: the selected tensor's histogram with an integer grid's
// levels over it, the clipped tails shaded, the dequantized histogram (where the values land)
// overlaid, and the range each calibration method (min-max, percentile, MSE, KL) picks, drawn
// with the exact error it gives. The methods run on the whole tensor in the background.

#include "core/analysis/stats.h"
#include "core/io/model.h"
#include "core/analysis/griderror.h"
#include "chartwidget.h"
#include "tensorworker.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace ql {

class GridPlot : public ChartWidget {
    Q_OBJECT
public:
    explicit GridPlot(QWidget* parent = nullptr);
    void setData(const Histogram& histogram, const AffineGrid& grid, const std::vector<MethodRange>& methods, int selected);
    /// \returns the dequantized histogram drawn: (level, count).
    const std::vector<std::pair<double, double>>& levels() const { return m_mass; }
    /// \returns the shaded (clipped) x ranges.
    std::vector<std::pair<double, double>> clippedRanges() const;
    QString csv() const override;
    static QString methodName(ClipMethod m);

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;

private:
    Histogram m_hist;
    AffineGrid m_grid;
    std::vector<MethodRange> m_methods;
    std::vector<std::pair<double, double>> m_mass;
    int m_selected = 0;
    double m_lo = -1, m_hi = 1;
};

class GridView : public QWidget {
    Q_OBJECT
public:
    explicit GridView(QWidget* parent = nullptr);

    /// Shows tensor \p index of \p model; the clip methods are compared in the background.
    void setTensor(std::shared_ptr<const Model> model, size_t index, const TensorStats& stats);

    GridPlot* plot() const { return m_plot; }
    QSpinBox* bitsField() const { return m_bits; }
    QCheckBox* symmetricBox() const { return m_symmetric; }
    QComboBox* methodBox() const { return m_method; }
    QDoubleSpinBox* percentileField() const { return m_percentile; }
    const std::vector<MethodRange>& methods() const { return m_methods; }
    const AffineGrid& grid() const { return m_grid; }
    /// \returns whether the comparison for the current settings has arrived.
    bool ready() const { return m_ready; }
    QString statusText() const;

signals:
    /// The clip methods for the current settings were measured.
    void methodsReady();

private:
    void compare();
    void accept(const std::any& result);
    void redraw();

    TensorWorker* m_worker;
    TensorStats m_stats;
    std::vector<MethodRange> m_methods;
    AffineGrid m_grid;
    bool m_ready = false;

    GridPlot* m_plot;
    QLabel* m_title;
    QSpinBox* m_bits;
    QCheckBox* m_symmetric;
    QComboBox* m_method;
    QDoubleSpinBox* m_percentile;
    QLabel* m_status;
};

} // namespace ql

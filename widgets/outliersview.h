#pragma once
// Outliers: the selected tensor's top-k values by magnitude (channel, input, value, z-score), and
// kurtosis or max|x|/std of every weight over depth as a bar chart, tensors past the 1.5 × IQR
// fence of the model's own values marked.

#include "core/analysis/activations.h"
#include "core/analysis/channels.h"
#include "core/analysis/stats.h"
#include "core/io/model.h"
#include "chartwidget.h"
#include "tensorworker.h"

#include <QFutureWatcher>
#include <QWidget>

#include <map>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTimer;
class QTableWidget;

namespace ql {

/// Bars over depth: one per weight tensor with at least two axes, in file order.
class DepthPlot : public ChartWidget {
    Q_OBJECT
public:
    enum class Metric { Kurtosis, AbsmaxOverStd };
    explicit DepthPlot(QWidget* parent = nullptr);
    void setData(const Model* model, const std::map<size_t, TensorStats>* stats, Metric metric);
    struct Bar {
        size_t tensor;
        double value;
        bool flagged;
    };
    const std::vector<Bar>& bars() const { return m_bars; }
    /// How many times the bars were rebuilt (setData calls).
    int rebuilds() const { return m_rebuilds; }
    /// Outlines the bar of tensor \p index (the selection).
    void setSelected(size_t index);
    QString csv() const override;

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;

private:
    const Model* m_model = nullptr;
    Metric m_metric = Metric::Kurtosis;
    std::vector<Bar> m_bars;
    size_t m_selected = size_t(-1);
    int m_rebuilds = 0;
};

class OutliersView : public QWidget {
    Q_OBJECT
public:
    explicit OutliersView(QWidget* parent = nullptr);

    /// The model whose tensors the depth chart shows; \p stats grows as statistics arrive.
    void setModel(std::shared_ptr<const Model> model, const std::map<size_t, TensorStats>* stats);
    /// Statistics changed: redraw the depth chart now.
    void statsChanged();
    /// Statistics of one more tensor arrived: the depth chart is redrawn at most every
    /// kRedrawMs (rebuilding it once per arriving tensor costs quadratic time over a whole model).
    void statsArrived();
    static constexpr int kRedrawMs = 100;
    /// Shows the top values of tensor \p index.
    void setTensor(size_t index, const TensorStats& stats);

    /// Captured layer inputs (nullptr: none) and where they came from, for the activation heatmap.
    void setCalibration(std::shared_ptr<const CalibrationStore> store, const QString& source);

    DepthPlot* depthPlot() const { return m_depth; }
    class ActivationHeatmap* heatmap() const { return m_heatmap; }
    QDoubleSpinBox* thresholdField() const { return m_threshold; }
    QString featuresText() const;
    /// The model-wide outlier-feature report for the selected tensor's input width (after featuresReady).
    const OutlierFeatureReport& featureReport() const { return m_report; }
    QTableWidget* table() const { return m_table; }
    QSpinBox* countField() const { return m_count; }
    QComboBox* metricBox() const { return m_metric; }
    bool ready() const { return m_ready; }

signals:
    void topReady();
    /// The outlier features of the current input width and threshold are known.
    void featuresReady();

private:
    void computeTop();
    void acceptTop(const std::any& result);
    /// Draws the selected tensor's captured input and (re)computes the model-wide features.
    void showActivations();
    void acceptFeatures();

    std::shared_ptr<const Model> m_model;
    const std::map<size_t, TensorStats>* m_stats = nullptr;
    TensorStats m_tensorStats;
    bool m_ready = false;
    TensorWorker* m_worker;
    QLabel* m_title;
    QTableWidget* m_table;
    QSpinBox* m_count;
    QComboBox* m_metric;
    QLabel* m_status;
    DepthPlot* m_depth;
    QTimer* m_redraw; ///< coalesces statsArrived()
    size_t m_index = 0;
    std::shared_ptr<const CalibrationStore> m_calibration;
    QString m_calibrationSource;
    QDoubleSpinBox* m_threshold;
    QLabel* m_features;
    class ActivationHeatmap* m_heatmap;
    OutlierFeatureReport m_report;
    float m_reportThreshold = -1;
    QFutureWatcher<OutlierFeatureReport> m_reportWatcher;
};

} // namespace ql

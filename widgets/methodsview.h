#pragma once
// Methods: what GPTQ and AWQ buy over round-to-nearest, layer by layer, on the captured inputs;
// SmoothQuant on the selected layer (per-channel max |X| and max |W| before and after, with the
// migration strength α); and the AWQ paper's saliency ablation on the selected layer.

#include "core/io/calibration.h"
#include "core/io/model.h"
#include "core/quant/awq.h"
#include "core/quant/modelquant.h"
#include "core/quant/smoothquant.h"
#include "chartwidget.h"
#include "tensorworker.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;

namespace ql {

/// Output error of RTN, GPTQ and AWQ per layer (grouped bars, log scale).
class MethodBars : public ChartWidget {
    Q_OBJECT
public:
    explicit MethodBars(QWidget* parent = nullptr);
    void setData(const Model* model, std::vector<MethodComparison> rows, const QString& spec);
    /// Whether layer inputs are at hand (what the empty chart asks for next).
    void setHaveInputs(bool have)
    {
        m_haveInputs = have;
        update();
    }
    void setSelected(size_t tensor);
    const std::vector<MethodComparison>& rows() const { return m_rows; }
    QString csv() const override;

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;

private:
    const Model* m_model = nullptr;
    std::vector<MethodComparison> m_rows;
    QString m_spec;
    size_t m_selected = size_t(-1);
    bool m_haveInputs = false;
};

/// Per input channel: max |X| and max |W| before (faint) and after smoothing (solid), log scale.
class SmoothPlot : public ChartWidget {
    Q_OBJECT
public:
    explicit SmoothPlot(QWidget* parent = nullptr);
    void setData(const SmoothResult* result, const QString& message = {});
    QString csv() const override;

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;

private:
    const SmoothResult* m_result = nullptr;
    QString m_message;
};

class MethodsView : public QWidget {
    Q_OBJECT
public:
    explicit MethodsView(QWidget* parent = nullptr);
    ~MethodsView() override;
    void setModel(std::shared_ptr<const Model> model);
    void setCalibration(std::shared_ptr<const CalibrationStore> store);
    void setTensor(size_t index);
    /// Compares RTN, GPTQ and AWQ on every layer with calibration data, in the background.
    void runComparison();

    MethodBars* bars() const { return m_bars; }
    SmoothPlot* smoothPlot() const { return m_smoothPlot; }
    QSlider* alphaSlider() const { return m_alpha; }
    QLineEdit* specField() const { return m_spec; }
    const SmoothResult& smoothResult() const { return m_smooth; }
    const SaliencyAblation& ablation() const { return m_ablation; }
    QString layerText() const;
    QString statusText() const;
    bool layerReady() const { return m_layerReady; }

signals:
    void comparisonFinished();
    /// Smoothing and the ablation of the selected layer are shown.
    void layerShown();

private:
    struct LayerResult {
        SmoothResult smooth;
        SaliencyAblation ablation;
    };
    void computeLayer();
    void acceptLayer(const std::any& result);
    void acceptComparison();

    std::shared_ptr<const Model> m_model;
    std::shared_ptr<const CalibrationStore> m_calibration;
    size_t m_index = size_t(-1);
    TensorWorker* m_worker;
    struct Outcome {
        std::vector<MethodComparison> rows;
        QString error;
    };
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<Progress> m_progress;
    SmoothResult m_smooth;
    SaliencyAblation m_ablation;
    bool m_layerReady = false;
    MethodBars* m_bars;
    SmoothPlot* m_smoothPlot;
    QLineEdit* m_spec;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progressBar;
    QSlider* m_alpha;
    QLabel* m_alphaLabel;
    QLabel* m_status;
    QLabel* m_layer;
};

} // namespace ql

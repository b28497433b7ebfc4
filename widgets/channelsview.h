#pragma once
// Per-channel ranges: a box per output channel (min, quartiles, max), channels whose range is an
// outlier by the 1.5 × IQR rule flagged, and per-tensor vs per-channel vs per-group error side by
// side. Computed on the whole tensor in the background.

#include "core/analysis/channels.h"
#include "core/io/model.h"
#include "chartwidget.h"
#include "tensorworker.h"

#include <QWidget>

#include <memory>

class QLabel;
class QSpinBox;

namespace ql {

class ChannelsPlot : public ChartWidget {
    Q_OBJECT
public:
    explicit ChannelsPlot(QWidget* parent = nullptr);
    void setData(std::vector<ChannelRange> ranges, std::vector<size_t> flagged);
    const std::vector<ChannelRange>& ranges() const { return m_ranges; }
    const std::vector<size_t>& flagged() const { return m_flagged; }
    QString csv() const override;

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;

private:
    std::vector<ChannelRange> m_ranges;
    std::vector<size_t> m_flagged;
    std::vector<bool> m_isFlagged;
};

class ChannelsView : public QWidget {
    Q_OBJECT
public:
    explicit ChannelsView(QWidget* parent = nullptr);

    /// Shows tensor \p index of \p model; the ranges and errors are computed in the background.
    void setTensor(std::shared_ptr<const Model> model, size_t index);

    ChannelsPlot* plot() const { return m_plot; }
    QSpinBox* bitsField() const { return m_bits; }
    QSpinBox* groupField() const { return m_group; }
    const GranularityErrors& errors() const { return m_errors; }
    bool ready() const { return m_ready; }
    QString summaryText() const;

signals:
    void resultsReady();

private:
    struct Result {
        std::vector<ChannelRange> ranges;
        std::vector<size_t> flagged;
        GranularityErrors errors;
    };
    void compute();
    void accept(const std::any& result);

    TensorWorker* m_worker;
    GranularityErrors m_errors;
    bool m_ready = false;

    ChannelsPlot* m_plot;
    QLabel* m_title;
    QSpinBox* m_bits;
    QSpinBox* m_group;
    QLabel* m_summary;
};

} // namespace ql

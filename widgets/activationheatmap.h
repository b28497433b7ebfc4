#pragma once
// The channels × tokens magnitude map of one layer's captured input: |x| coloured on a log scale,
// cells at or above the threshold in red, and the hidden dimensions that are outlier features
// across the model (LLM.int8() rule) marked above their columns.

#include "core/analysis/activations.h"
#include "chartwidget.h"

namespace ql {

class ActivationHeatmap : public ChartWidget {
    Q_OBJECT
public:
    explicit ActivationHeatmap(QWidget* parent = nullptr);
    /// Shows \p map (empty: \p message instead); \p features are marked above their columns.
    void setData(ActivationMap map, std::vector<int64_t> features, float threshold, const QString& message = {});
    const ActivationMap& map() const { return m_map; }
    const std::vector<int64_t>& features() const { return m_features; }
    /// The colour drawn for |x| = \p magnitude.
    QColor colourOf(float magnitude) const;
    /// The token and channel under \p pos, or false.
    bool cellAt(const QPointF& pos, int64_t& token, int64_t& channel) const;
    QRectF plotRect() const;
    QString csv() const override;

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;
    bool event(QEvent* event) override;

private:
    QRectF plotIn(const QRect& area, std::vector<QPoint>* legendAt = nullptr) const;
    std::vector<LegendKey> legendKeys() const;

    ActivationMap m_map;
    std::vector<int64_t> m_features;
    float m_threshold = 6;
    QString m_message;
};

} // namespace ql

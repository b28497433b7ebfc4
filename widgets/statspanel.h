#pragma once
// The statistics of the selected tensor, as a labelled form.

#include "core/analysis/stats.h"
#include "core/io/model.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace ql {

class StatsPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatsPanel(QWidget* parent = nullptr);

    void setStats(const TensorInfo& info, const TensorStats& stats);
    /// \brief Shows the tensor's description while its statistics are being computed.
    void setPending(const TensorInfo& info);
    void clear();

    /// \returns the text shown for \p key ("count", "std", "p99", …), for tests and copying.
    QString value(const QString& key) const;

private:
    void addRow(const QString& key, const QString& label);
    void set(const QString& key, const QString& text);

    QFormLayout* m_form;
    QHash<QString, QLabel*> m_values;
};

} // namespace ql

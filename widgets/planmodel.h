#pragma once
// The current plan as a table: tensor, spec, bits per weight, predicted error, locked.

#include "core/plan/planner.h"

#include <QAbstractTableModel>

namespace ql {

class PlanModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Spec, Bits, Error, Locked, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit PlanModel(QObject* parent = nullptr);
    void setPlan(const Plan& plan);
    const Plan& plan() const { return m_plan; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Plan m_plan;
};

} // namespace ql

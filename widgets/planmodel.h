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
    /// The specs a tensor may be set to (a QStringList), for the spec editor.
    static constexpr int ChoicesRole = Qt::UserRole + 2;

    explicit PlanModel(QObject* parent = nullptr);
    void setPlan(const Plan& plan);
    const Plan& plan() const { return m_plan; }
    /// \brief The specs offered when a tensor's spec is edited (the sweep's).
    void setChoices(const std::vector<std::string>& specs);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    /// \brief Editing a tensor's spec asks for it to be locked to that spec (overrideRequested).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    /// The user chose \p spec for tensor \p name.
    void overrideRequested(const QString& name, const QString& spec);

private:
    Plan m_plan;
    QStringList m_choices;
};

} // namespace ql

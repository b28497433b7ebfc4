#include "planmodel.h"

#include "format.h"

#include <QLocale>

namespace ql {

PlanModel::PlanModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void PlanModel::setPlan(const Plan& plan)
{
    const bool sameRows = plan.entries.size() == m_plan.entries.size();
    if (!sameRows)
        beginResetModel();
    m_plan = plan;
    if (!sameRows)
        endResetModel();
    else if (!m_plan.entries.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void PlanModel::setChoices(const std::vector<std::string>& specs)
{
    m_choices.clear();
    for (const auto& s : specs)
        m_choices << QString::fromStdString(s);
}

Qt::ItemFlags PlanModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Spec && !m_choices.isEmpty())
        f |= Qt::ItemIsEditable;
    return f;
}

bool PlanModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != Spec)
        return false;
    const QString spec = value.toString();
    if (!m_choices.contains(spec))
        return false;
    emit overrideRequested(QString::fromStdString(m_plan.entries[size_t(index.row())].name), spec);
    return true;
}

int PlanModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_plan.entries.size()); }
int PlanModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PlanModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const PlanEntry& e = m_plan.entries[size_t(index.row())];
    if (role == SortRole) {
        switch (index.column()) {
        case Name: return index.row();
        case Spec: return QString::fromStdString(e.spec);
        case Bits: return e.bitsPerWeight;
        case Error: return e.predictedError;
        case Locked: return e.locked;
        default: return {};
        }
    }
    if (role == ChoicesRole)
        return m_choices;
    if (role == Qt::EditRole && index.column() == Spec)
        return QString::fromStdString(e.spec);
    if (role == Qt::ToolTipRole && index.column() == Spec)
        return tr("Double-click to choose this tensor's spec; the choice is locked and the rest re-planned");
    if (role == Qt::TextAlignmentRole && (index.column() == Bits || index.column() == Error))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name: return QString::fromStdString(e.name);
    case Spec: return shortSpec(e.spec);
    case Bits: return QLocale().toString(e.bitsPerWeight, 'f', 4);
    case Error: return formatNumber(e.predictedError);
    case Locked: return e.locked ? tr("locked") : QString();
    default: return {};
    }
}

QVariant PlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Tensor");
    case Spec: return tr("Spec");
    case Bits: return tr("Bits/weight");
    case Error: return tr("Predicted error");
    case Locked: return tr("Lock");
    default: return {};
    }
}

} // namespace ql

#include "tensortreemodel.h"

#include "format.h"

#include <QFont>

#include <map>

namespace ql {

namespace {
    constexpr quintptr kGroupId = 0; ///< internalId of group rows; tensor rows hold group + 1
}

TensorTreeModel::TensorTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void TensorTreeModel::setModel(const Model* model)
{
    beginResetModel();
    m_model = model;
    m_groups.clear();
    m_position.clear();
    m_stats.clear();
    if (model) {
        // Groups in model order: model-level tensors first, then by layer index, then by first appearance.
        std::map<std::tuple<int, int, std::string>, std::vector<size_t>> byKey;
        std::map<std::string, int> firstSeen;
        for (size_t i = 0; i < model->tensors.size(); ++i) {
            const auto& t = model->tensors[i];
            const std::string key = t.optimizerState ? std::string("\x01optimizer") : t.group;
            firstSeen.emplace(key, int(i));
            const int tier = t.optimizerState ? 2 : (key.empty() ? 0 : 1);
            byKey[{ tier, t.group.empty() ? -1 : (t.layer >= 0 ? t.layer : 1'000'000 + firstSeen[key]), key }].push_back(i);
        }
        m_position.resize(model->tensors.size());
        for (auto& [k, tensors] : byKey) {
            Group g;
            const std::string& key = std::get<2>(k);
            if (std::get<0>(k) == 2)
                g.label = tr("Optimizer state");
            else if (key.empty())
                g.label = tr("Model-level tensors");
            else if (key.starts_with("layer "))
                g.label = tr("Layer %1").arg(QString::fromStdString(key.substr(6)));
            else
                g.label = QString::fromStdString(key);
            g.order = int(m_groups.size());
            g.tensors = std::move(tensors);
            for (size_t r = 0; r < g.tensors.size(); ++r) {
                const auto& t = model->tensors[g.tensors[r]];
                g.parameters += t.parameters;
                g.bytes += t.bytes;
                m_position[g.tensors[r]] = { int(m_groups.size()), int(r) };
            }
            m_groups.push_back(std::move(g));
        }
        m_stats.resize(model->tensors.size());
    }
    endResetModel();
}

void TensorTreeModel::setStats(size_t tensor, const TensorStats& s)
{
    if (tensor >= m_stats.size())
        return;
    m_stats[tensor] = Summary { s.std, s.kurtosis, s.absmaxOverStd };
    const QModelIndex i = indexOfTensor(tensor);
    emit dataChanged(i.siblingAtColumn(Std), i.siblingAtColumn(AbsmaxOverStd));
}

QModelIndex TensorTreeModel::indexOfTensor(size_t tensor) const
{
    if (tensor >= m_position.size())
        return {};
    const auto [g, r] = m_position[tensor];
    return createIndex(r, 0, quintptr(g + 1));
}

QModelIndex TensorTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex TensorTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kGroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int TensorTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalId() != kGroupId)
        return 0;
    return int(m_groups[size_t(parent.row())].tensors.size());
}

int TensorTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant TensorTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kGroupId)
        return groupData(m_groups[size_t(index.row())], index.row(), index.column(), role);
    const auto& g = m_groups[size_t(index.internalId() - 1)];
    return tensorData(g.tensors[size_t(index.row())], index.column(), role);
}

QVariant TensorTreeModel::groupData(const Group& g, int row, int column, int role) const
{
    if (role == TensorRole)
        return -1;
    if (role == Qt::FontRole && column == Name) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == SortRole) {
        switch (column) {
        case Parameters: return qlonglong(g.parameters);
        case Size: return qulonglong(g.bytes);
        default: return row; // groups keep model order
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name: return g.label;
    case Parameters: return formatCount(g.parameters);
    case Size: return formatBytes(g.bytes);
    default: return {};
    }
}

QVariant TensorTreeModel::tensorData(size_t i, int column, int role) const
{
    const TensorInfo& t = m_model->tensors[i];
    if (role == TensorRole)
        return qlonglong(i);
    const auto& s = m_stats[i];
    if (role == SortRole) {
        switch (column) {
        case Name: return QString::fromStdString(t.name);
        case Shape: return qlonglong(t.shape.empty() ? 1 : t.shape.front());
        case DType: return QString::fromLatin1(dtypeName(t.dtype).data());
        case Parameters: return qlonglong(t.parameters);
        case Size: return qulonglong(t.bytes);
        case Std: return s ? s->std : -1.0;
        case Kurtosis: return s ? s->kurtosis : -1e300;
        case AbsmaxOverStd: return s ? s->ratio : -1.0;
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && column >= Parameters)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == Name)
        return tr("%1\nrole: %2, layout: %3").arg(QString::fromStdString(t.name), QString::fromLatin1(roleName(t.role).data()),
            t.layout == Layout::InOut ? tr("[in, out] (output channel last)") : tr("[out, in] (output channel first)"));
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name: return QString::fromStdString(t.name);
    case Shape: return formatShape(t.shape);
    case DType: return QString::fromLatin1(dtypeName(t.dtype).data());
    case Parameters: return formatCount(t.parameters);
    case Size: return formatBytes(t.bytes);
    case Std: return s ? formatNumber(s->std) : QVariant();
    case Kurtosis: return s ? formatNumber(s->kurtosis) : QVariant();
    case AbsmaxOverStd: return s ? formatNumber(s->ratio) : QVariant();
    default: return {};
    }
}

QVariant TensorTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Shape: return tr("Shape");
    case DType: return tr("Type");
    case Parameters: return tr("Parameters");
    case Size: return tr("Size");
    case Std: return tr("Std");
    case Kurtosis: return tr("Kurtosis");
    case AbsmaxOverStd: return tr("max|x|/std");
    default: return {};
    }
}

} // namespace ql

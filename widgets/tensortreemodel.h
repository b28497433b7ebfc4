#pragma once
// The tensor tree: one row per layer group, one child row per tensor, with sortable columns and
// the statistics columns filled in as the background job delivers them.

#include "core/analysis/stats.h"
#include "core/io/model.h"

#include <QAbstractItemModel>

#include <optional>

namespace ql {

class TensorTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Shape, DType, Parameters, Size, Std, Kurtosis, AbsmaxOverStd, ColumnCount };
    /// Numeric (or natural-order) sort key of a cell.
    static constexpr int SortRole = Qt::UserRole + 1;
    /// Index of the tensor in the Model, or -1 for a group row.
    static constexpr int TensorRole = Qt::UserRole + 2;

    explicit TensorTreeModel(QObject* parent = nullptr);

    /// \brief Shows the tensors of \p model (which must outlive its use here); nullptr clears.
    void setModel(const Model* model);
    /// \brief Fills the statistics columns of tensor \p tensor.
    void setStats(size_t tensor, const TensorStats& stats);

    /// \returns the index of the row showing tensor \p tensor.
    QModelIndex indexOfTensor(size_t tensor) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Summary {
        double std, kurtosis, ratio;
    };
    struct Group {
        QString label;
        int order;
        std::vector<size_t> tensors;
        int64_t parameters = 0;
        uint64_t bytes = 0;
    };
    QVariant tensorData(size_t t, int column, int role) const;
    QVariant groupData(const Group& g, int row, int column, int role) const;

    const Model* m_model = nullptr;
    std::vector<Group> m_groups;
    std::vector<std::pair<int, int>> m_position; ///< tensor -> (group, row)
    std::vector<std::optional<Summary>> m_stats;
};

} // namespace ql

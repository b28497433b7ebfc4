#pragma once
// The sensitivity heatmap: one row per tensor, one column per spec, cells coloured on a log scale
// of the relative error; rows arrive while the sweep runs.

#include "core/analysis/sweep.h"

#include <QAbstractTableModel>

namespace ql {

class SweepModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// Numeric sort key of a cell (the error; the parameter count for the size column).
    static constexpr int SortRole = Qt::UserRole + 1;
    enum FixedColumn { Name, Parameters, FixedColumns };

    explicit SweepModel(QObject* parent = nullptr);

    /// \brief Starts an empty sweep over \p specs.
    void reset(const std::vector<std::string>& specs);
    /// \brief Shows a whole sweep (e.g. one loaded from a file).
    void setSweep(const SweepResult& sweep);
    /// \brief Appends a row that has just been measured.
    void addRow(const SweepRow& row);
    const SweepResult& sweep() const { return m_sweep; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    SweepResult m_sweep;
    double m_logMin = -8, m_logMax = 0; ///< colour scale of log10(relative MSE)
    void updateScale();
};

} // namespace ql

#include "sweepmodel.h"

#include "format.h"

#include <QColor>

#include <cmath>

namespace ql {

SweepModel::SweepModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SweepModel::reset(const std::vector<std::string>& specs)
{
    beginResetModel();
    m_sweep = {};
    m_sweep.specs = specs;
    endResetModel();
}

void SweepModel::setSweep(const SweepResult& sweep)
{
    beginResetModel();
    m_sweep = sweep;
    updateScale();
    endResetModel();
}

void SweepModel::addRow(const SweepRow& row)
{
    const int r = int(m_sweep.rows.size());
    beginInsertRows({}, r, r);
    m_sweep.rows.push_back(row);
    endInsertRows();
    const double oldMin = m_logMin, oldMax = m_logMax;
    updateScale();
    if (oldMin != m_logMin || oldMax != m_logMax)
        emit dataChanged(index(0, FixedColumns), index(rowCount() - 1, columnCount() - 1), { Qt::BackgroundRole });
}

void SweepModel::updateScale()
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& r : m_sweep.rows)
        for (const auto& c : r.cells)
            if (c.skipped.empty() && c.relMse > 0 && std::isfinite(c.relMse)) {
                lo = std::min(lo, std::log10(c.relMse));
                hi = std::max(hi, std::log10(c.relMse));
            }
    if (lo <= hi) {
        m_logMin = lo;
        m_logMax = std::max(hi, lo + 1e-9);
    }
}

int SweepModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_sweep.rows.size()); }
int SweepModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : FixedColumns + int(m_sweep.specs.size()); }

QVariant SweepModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const SweepRow& row = m_sweep.rows[size_t(index.row())];
    if (index.column() == Name) {
        if (role == Qt::DisplayRole)
            return QString::fromStdString(row.name);
        if (role == SortRole)
            return index.row(); // model order
        return {};
    }
    if (index.column() == Parameters) {
        if (role == Qt::DisplayRole)
            return formatCount(row.parameters);
        if (role == SortRole)
            return qlonglong(row.parameters);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    const SweepCell& c = row.cells[size_t(index.column() - FixedColumns)];
    if (!c.skipped.empty()) {
        if (role == Qt::DisplayRole)
            return tr("n/a");
        if (role == Qt::ToolTipRole)
            return tr("Not applicable: %1").arg(QString::fromStdString(c.skipped));
        if (role == SortRole)
            return std::numeric_limits<double>::infinity();
        return {};
    }
    const bool fallback = !c.fallback.empty();
    switch (role) {
    case Qt::DisplayRole:
        // A llama.cpp fallback is shown as the type really written, marked with an arrow.
        return fallback ? tr("→%1 %2").arg(shortSpec(c.fallback), QString::number(c.relMse, 'e', 2)) : QString::number(c.relMse, 'e', 2);
    case SortRole: return c.relMse;
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        QString tip = tr("%1 with %2\nrelative MSE %3, SQNR %4 dB, cosine %5\n%6 bits per weight")
                          .arg(QString::fromStdString(row.name), QString::fromStdString(fallback ? c.fallback : c.spec), formatNumber(c.relMse),
                              formatNumber(c.sqnrDb), formatNumber(c.cosine), formatNumber(c.bitsPerWeight));
        if (fallback)
            tip += QLatin1Char('\n')
                + tr("llama.cpp's fallback: rows of %1 values cannot hold %2 blocks, so llama-quantize writes %3")
                      .arg(row.rowLength)
                      .arg(QString::fromStdString(c.spec), QString::fromStdString(c.fallback));
        return tip;
    }
    case Qt::BackgroundRole: {
        // Log colour scale: green (small error) through yellow to red (large error).
        const double t = c.relMse > 0 ? std::clamp((std::log10(c.relMse) - m_logMin) / (m_logMax - m_logMin), 0.0, 1.0) : 0.0;
        return QColor::fromHsvF(float((1.0 - t) * 0.33), 0.55f, 0.97f);
    }
    default: return {};
    }
}

QVariant SweepModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == Name)
        return tr("Tensor");
    if (section == Parameters)
        return tr("Parameters");
    return shortSpec(m_sweep.specs[size_t(section - FixedColumns)]);
}

} // namespace ql

#pragma once
// The summary of an opened model: format, parameter count, bytes, dtype mix, and its metadata.

#include "core/io/model.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ql {

class MetadataModel;

class ModelSummary : public QWidget {
    Q_OBJECT
public:
    explicit ModelSummary(QWidget* parent = nullptr);
    void setModel(const Model& model);
    void clear();

    MetadataModel* metadataModel() const { return m_metadata; }
    /// \returns the summary text (format, counts, dtype mix).
    QString summaryText() const;

private:
    QLabel* m_summary;
    QLineEdit* m_filter;
    MetadataModel* m_metadata;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
};

} // namespace ql

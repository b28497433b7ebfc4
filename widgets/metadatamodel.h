#pragma once
// A model's metadata (GGUF key/values, config.json, HDF5 attributes) as a flat key/value table.

#include <QAbstractTableModel>

#include <nlohmann/json.hpp>

namespace ql {

class MetadataModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Key, Value, ColumnCount };
    explicit MetadataModel(QObject* parent = nullptr);

    /// \brief Flattens \p metadata: nested objects become dotted keys, long arrays are summarised.
    void setMetadata(const nlohmann::ordered_json& metadata);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString key, value, full;
    };
    void flatten(const std::string& prefix, const nlohmann::ordered_json& v);
    std::vector<Row> m_rows;
};

} // namespace ql

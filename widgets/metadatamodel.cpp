#include "metadatamodel.h"

namespace ql {

namespace {
    /// Arrays longer than this are shown as their length and first items.
    constexpr size_t kShownItems = 8;
    /// Cell text is cut here; the tooltip holds more.
    constexpr int kCellChars = 300;
    constexpr int kTooltipChars = 4000;

    QString scalarText(const nlohmann::ordered_json& v)
    {
        if (v.is_string())
            return QString::fromStdString(v.get<std::string>());
        return QString::fromStdString(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
} // namespace

MetadataModel::MetadataModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MetadataModel::setMetadata(const nlohmann::ordered_json& metadata)
{
    beginResetModel();
    m_rows.clear();
    flatten("", metadata);
    endResetModel();
}

void MetadataModel::flatten(const std::string& prefix, const nlohmann::ordered_json& v)
{
    if (v.is_object() && (prefix.empty() || !v.empty())) {
        for (auto it = v.begin(); it != v.end(); ++it)
            flatten(prefix.empty() ? it.key() : prefix + "." + it.key(), it.value());
        return;
    }
    Row r;
    r.key = QString::fromStdString(prefix);
    if (v.is_array()) {
        QStringList items;
        for (size_t i = 0; i < v.size() && i < kShownItems; ++i)
            items << scalarText(v[i]);
        const QString shown = items.join(QStringLiteral(", "));
        r.value = v.size() > kShownItems ? tr("%n items: %1, …", nullptr, int(v.size())).arg(shown)
                                         : QStringLiteral("[%1]").arg(shown);
    } else {
        r.value = scalarText(v);
    }
    r.full = r.value.left(kTooltipChars);
    if (r.value.size() > kCellChars)
        r.value = r.value.left(kCellChars) + QStringLiteral("…");
    m_rows.push_back(std::move(r));
}

int MetadataModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int MetadataModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant MetadataModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    if (role == Qt::DisplayRole)
        return index.column() == Key ? r.key : r.value;
    if (role == Qt::ToolTipRole && index.column() == Value)
        return r.full;
    return {};
}

QVariant MetadataModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == Key ? tr("Key") : tr("Value");
}

} // namespace ql

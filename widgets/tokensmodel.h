#pragma once
// The tokens of one line of text: position, id, the text the token stands for (whitespace made
// visible) and its kind (normal, byte, control, user-defined…).

#include <QAbstractTableModel>

#include <string>
#include <vector>

namespace ql {

class Tokenizer;

class TokensModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Piece, Kind, ColumnCount };
    explicit TokensModel(QObject* parent = nullptr);

    /// \brief Shows the tokens of \p ids as \p tokenizer spells them.
    void setTokens(const Tokenizer& tokenizer, const std::vector<int>& ids);
    void clear();
    const std::vector<int>& ids() const { return m_ids; }

    /// \brief A token's bytes with spaces, tabs and line breaks made visible (·, →, ↵) and bytes that are
    /// not whole UTF-8 characters shown as <0xXX>.
    static QString visible(const std::string& bytes);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        int id;
        QString piece, kind;
    };
    std::vector<int> m_ids;
    std::vector<Row> m_rows;
};

} // namespace ql

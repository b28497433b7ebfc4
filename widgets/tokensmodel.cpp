#include "tokensmodel.h"

#include "core/eval/tokenizer.h"
#include "core/eval/utf8.h"

namespace ql {

TokensModel::TokensModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

namespace {
    QString hexByte(unsigned char b)
    {
        return QStringLiteral("<0x") + QString::number(b, 16).rightJustified(2, QLatin1Char('0')).toUpper()
            + QLatin1Char('>');
    }
}

QString TokensModel::visible(const std::string& bytes)
{
    QString out;
    size_t i = 0;
    while (i < bytes.size()) {
        const size_t n = utf8::sequenceLength(static_cast<unsigned char>(bytes[i]));
        const std::string_view one(bytes.data() + i, std::min(n, bytes.size() - i));
        if (n > bytes.size() - i || !utf8::valid(one)) { // a lone byte of a character split across tokens
            out += hexByte(static_cast<unsigned char>(bytes[i]));
            ++i;
            continue;
        }
        const char c = bytes[i];
        if (c == ' ')
            out += QChar(0x00B7);
        else if (c == '\t')
            out += QChar(0x2192);
        else if (c == '\n')
            out += QChar(0x21B5);
        else if (c == '\r')
            out += QStringLiteral("\\r");
        else if (static_cast<unsigned char>(c) < 0x20)
            out += hexByte(static_cast<unsigned char>(c));
        else
            out += QString::fromUtf8(one.data(), qsizetype(one.size()));
        i += one.size();
    }
    return out;
}

void TokensModel::setTokens(const Tokenizer& tokenizer, const std::vector<int>& ids)
{
    beginResetModel();
    m_ids = ids;
    m_rows.clear();
    for (const int id : ids) {
        const uint32_t a = tokenizer.attributes(id);
        QString kind = a & TokenAttr::Control ? tr("control")
            : a & TokenAttr::UserDefined      ? tr("user-defined")
            : a & TokenAttr::Unknown          ? tr("unknown")
            : a & TokenAttr::Byte             ? tr("byte")
            : a & TokenAttr::Unused           ? tr("unused")
                                              : tr("normal");
        const bool special = a & (TokenAttr::Control | TokenAttr::UserDefined | TokenAttr::Unknown);
        m_rows.push_back(
            { id, special ? QString::fromStdString(tokenizer.text(id)) : visible(tokenizer.piece(id)), kind });
    }
    endResetModel();
}

void TokensModel::clear()
{
    beginResetModel();
    m_ids.clear();
    m_rows.clear();
    endResetModel();
}

int TokensModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}
int TokensModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokensModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return r.id;
        case Piece:
            return r.piece;
        case Kind:
            return r.kind;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Id)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant TokensModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section;
    switch (section) {
    case Id:
        return tr("Id");
    case Piece:
        return tr("Token");
    case Kind:
        return tr("Kind");
    }
    return {};
}

} // namespace ql

#include "tokensview.h"

#include "tokensmodel.h"

#include "core/eval/tokenizer.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace ql {

TokensView::TokensView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_table(new QTableView(this))
    , m_model(new TokensModel(this))
{
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setSectionResizeMode(TokensModel::Piece, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(TokensModel::Kind, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    showLine({});
}

void TokensView::setTokenizer(std::shared_ptr<const Tokenizer> tokenizer)
{
    m_tokenizer = std::move(tokenizer);
    showLine(m_line);
}

void TokensView::showLine(const std::string& line)
{
    m_line = line.substr(0, kMaxBytes);
    if (!m_tokenizer) {
        m_model->clear();
        m_summary->setText(tr("No tokenizer: the tokens of a line show here once the model's tokenizer is built."));
        return;
    }
    const std::vector<int> ids = m_tokenizer->tokenize(m_line, false, false);
    m_model->setTokens(*m_tokenizer, ids);
    const QString cut = line.size() > kMaxBytes ? tr(" (the line's first %1 bytes)").arg(kMaxBytes) : QString();
    m_summary->setText(tr("%n token(s) in this line%1, without BOS", nullptr, int(ids.size())).arg(cut));
    m_table->resizeColumnToContents(TokensModel::Id);
}

QString TokensView::summaryText() const
{
    return m_summary->text();
}

} // namespace ql

#pragma once
// The tokens of one line of text by the model's own tokenizer: a count and a table of ids and pieces.

#include <QWidget>

#include <memory>
#include <string>

class QLabel;
class QTableView;

namespace ql {

class Tokenizer;
class TokensModel;

class TokensView : public QWidget {
    Q_OBJECT
public:
    explicit TokensView(QWidget* parent = nullptr);
    /// \brief The tokenizer to use (nullptr: none; the view says so).
    void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer);
    /// \brief Tokenizes \p line (no BOS, special-token text kept as text, as llama-perplexity reads a
    /// text) and shows its tokens; lines longer than kMaxBytes are cut there.
    void showLine(const std::string& line);
    TokensModel* model() const { return m_model; }
    QString summaryText() const;
    QTableView* table() const { return m_table; }

    static constexpr size_t kMaxBytes = 4096;

private:
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::string m_line;
    QLabel* m_summary;
    QTableView* m_table;
    TokensModel* m_model;
};

} // namespace ql

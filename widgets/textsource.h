#pragma once
// Where a language model's evaluation or capture text comes from: sequences sampled from the model,
// a UTF-8 text file, or typed text, cut into --ctx chunks by the model's own tokenizer as
// llama-perplexity does; the tokens (with ids) of a chosen line are shown beside it.

#include "core/io/model.h"

#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace ql {

class JobRunner;
class Tokenizer;
class TokensView;

/// \brief A text source as chosen in the panel (a value the worker threads can take).
struct TextChoice {
    enum class Kind { Sample, File, Typed };
    Kind kind = Kind::Sample;
    std::string path; ///< Kind::File
    std::string typed; ///< Kind::Typed
    int ctx = 512; ///< tokens per chunk
};

class TextSourceWidget : public QWidget {
    Q_OBJECT
public:
    TextSourceWidget(JobRunner* jobs, QWidget* parent = nullptr);

    /// \brief The model whose tokenizer cuts the text (built in the background; nullptr: none).
    void setModel(std::shared_ptr<const Model> model);
    TextChoice choice() const;
    /// \brief The chunks of \p choice by \p model's tokenizer (empty for Kind::Sample). Runs in a worker;
    /// throws ql::Error when the tokenizer cannot be built or the text is too short for its ctx.
    static std::vector<std::vector<int>> sequences(const Model& model, const TextChoice& choice);

    void setKind(TextChoice::Kind kind);
    /// \brief Uses the text file \p path (read in the background).
    void setTextFile(const QString& path);
    void setTypedText(const QString& text);
    void setCtx(int ctx);
    /// \brief Shows the tokens of line \p line (1-based) of the file or of the typed text.
    void setLine(int line);

    std::shared_ptr<const Tokenizer> tokenizer() const { return m_tokenizer; }
    TokensView* tokensView() const { return m_tokens; }
    QComboBox* kindBox() const { return m_kind; }
    QPlainTextEdit* typedEdit() const { return m_typed; }
    QString statusText() const;

signals:
    /// The tokenizer was built or failed (statusText() says which), or a text file was read.
    void ready();

private:
    void chooseFile();
    void refresh();
    std::string currentLine() const;

    JobRunner* m_jobs;
    QString m_jobKind, m_fileJobKind;
    std::shared_ptr<const Model> m_model;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    QString m_tokenizerError;
    std::shared_ptr<const std::string> m_fileText;
    std::vector<size_t> m_lineStarts;
    QString m_path;
    QComboBox* m_kind;
    QLineEdit* m_pathEdit;
    QPushButton* m_browse;
    QPlainTextEdit* m_typed;
    QSpinBox* m_ctx;
    QSpinBox* m_line;
    QLabel* m_status;
    TokensView* m_tokens;
};

} // namespace ql

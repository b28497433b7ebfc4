#include "textsource.h"

#include "jobrunner.h"
#include "tokensview.h"

#include "core/eval/textchunks.h"
#include "core/eval/tokenizer.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBlock>
#include <QVBoxLayout>

namespace ql {

namespace {
    QString tokenizerText(const Tokenizer& t)
    {
        const Vocab& v = t.vocab();
        if (v.kind == Vocab::Kind::Spm)
            return TextSourceWidget::tr("SentencePiece (llama), %1 tokens").arg(t.size());
        return TextSourceWidget::tr("byte-level BPE (gpt2, pre-tokenizer %1), %2 tokens, %3 merges")
            .arg(QString::fromStdString(v.pre.empty() ? std::string("default") : v.pre))
            .arg(t.size())
            .arg(v.merges.size());
    }

    struct FileText {
        std::shared_ptr<const std::string> text;
        std::vector<size_t> lineStarts;
    };
}

TextSourceWidget::TextSourceWidget(JobRunner* jobs, QWidget* parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_jobKind(QStringLiteral("tokenizer-%1").arg(quintptr(this)))
    , m_fileJobKind(QStringLiteral("textfile-%1").arg(quintptr(this)))
    , m_kind(new QComboBox(this))
    , m_pathEdit(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Choose…"), this))
    , m_typed(new QPlainTextEdit(this))
    , m_ctx(new QSpinBox(this))
    , m_line(new QSpinBox(this))
    , m_status(new QLabel(this))
    , m_tokens(new TokensView(this))
{
    m_kind->addItem(tr("Sequences sampled from the model"));
    m_kind->addItem(tr("Text file"));
    m_kind->addItem(tr("Typed text"));
    m_kind->setToolTip(
        tr("Language models are evaluated on text cut into chunks by their own tokenizer, as llama-perplexity does"));
    m_pathEdit->setReadOnly(true);
    m_pathEdit->setPlaceholderText(tr("a UTF-8 text file, e.g. wikitext-2's wiki.test.raw"));
    m_typed->setPlaceholderText(tr("Type or paste the text to evaluate on"));
    m_ctx->setRange(4, 1 << 20);
    m_ctx->setValue(512);
    m_ctx->setToolTip(tr("Tokens per chunk (llama-perplexity's --ctx-size); the text needs at least twice as many"));
    m_line->setRange(1, 1);
    m_line->setToolTip(tr("The line whose tokens are shown"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_pathEdit, 1);
    fileRow->addWidget(m_browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Text"), m_kind);
    form->addRow(tr("File"), fileRow);
    form->addRow(tr("Tokens per chunk"), m_ctx);
    form->addRow(tr("Show line"), m_line);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_typed, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_tokens, 2);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_browse, &QPushButton::clicked, this, &TextSourceWidget::chooseFile);
    connect(m_typed, &QPlainTextEdit::textChanged, this, [this] { refresh(); });
    connect(m_typed, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        if (m_kind->currentIndex() == int(TextChoice::Kind::Typed))
            m_line->setValue(m_typed->textCursor().blockNumber() + 1);
    });
    connect(m_line, &QSpinBox::valueChanged, this, [this] { m_tokens->showLine(currentLine()); });
    connect(m_ctx, &QSpinBox::valueChanged, this, [this] { refresh(); });
    refresh();
}

void TextSourceWidget::setModel(std::shared_ptr<const Model> model)
{
    m_model = std::move(model);
    m_tokenizer.reset();
    m_tokenizerError.clear();
    m_tokens->setTokenizer(nullptr);
    refresh();
    if (!m_model)
        return;
    auto m = m_model;
    m_jobs->start(
        m_jobKind, tr("Building the model's tokenizer…"),
        [m](Progress&, const JobRunner::Partial&) -> std::any {
            return std::shared_ptr<const Tokenizer>(std::make_shared<Tokenizer>(Tokenizer::fromModel(*m)));
        },
        nullptr,
        [this, m](std::any result) {
            if (m != m_model)
                return;
            m_tokenizer = std::any_cast<std::shared_ptr<const Tokenizer>>(result);
            m_tokens->setTokenizer(m_tokenizer);
            refresh();
            emit ready();
        },
        [this, m](const QString& message) {
            if (m != m_model)
                return;
            m_tokenizerError = message;
            refresh();
            emit ready();
        });
}

TextChoice TextSourceWidget::choice() const
{
    TextChoice c;
    c.kind = TextChoice::Kind(m_kind->currentIndex());
    c.path = m_path.toStdString();
    c.typed = m_typed->toPlainText().toStdString();
    c.ctx = m_ctx->value();
    return c;
}

std::vector<std::vector<int>> TextSourceWidget::sequences(const Model& model, const TextChoice& c)
{
    switch (c.kind) {
    case TextChoice::Kind::Sample:
        return {};
    case TextChoice::Kind::File:
        return textSequences(model, c.path, c.ctx);
    case TextChoice::Kind::Typed:
        return chunkText(Tokenizer::fromModel(model), c.typed, c.ctx, tr("the typed text").toStdString()).chunks;
    }
    return {};
}

void TextSourceWidget::setKind(TextChoice::Kind kind)
{
    m_kind->setCurrentIndex(int(kind));
}
void TextSourceWidget::setTypedText(const QString& text)
{
    m_typed->setPlainText(text);
}
void TextSourceWidget::setCtx(int ctx)
{
    m_ctx->setValue(ctx);
}
void TextSourceWidget::setLine(int line)
{
    m_line->setValue(line);
}

void TextSourceWidget::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Text to evaluate on"), QFileInfo(m_path).absolutePath(),
        tr("Text files (*.txt *.raw *.md);;All files (*)"));
    if (!path.isEmpty())
        setTextFile(path);
}

void TextSourceWidget::setTextFile(const QString& path)
{
    m_path = path;
    m_pathEdit->setText(QFileInfo(path).fileName());
    m_pathEdit->setToolTip(path);
    m_fileText.reset();
    m_lineStarts.clear();
    setKind(TextChoice::Kind::File);
    refresh();
    const std::string p = path.toStdString();
    m_jobs->start(
        m_fileJobKind, tr("Reading %1…").arg(QFileInfo(path).fileName()),
        [p](Progress&, const JobRunner::Partial&) -> std::any {
            FileText f;
            auto text = std::make_shared<std::string>(readTextFile(p));
            f.lineStarts.push_back(0);
            for (size_t i = 0; i < text->size(); ++i)
                if ((*text)[i] == '\n')
                    f.lineStarts.push_back(i + 1);
            f.text = std::move(text);
            return f;
        },
        nullptr,
        [this, path](std::any result) {
            if (path != m_path)
                return;
            FileText f = std::any_cast<FileText>(std::move(result));
            m_fileText = std::move(f.text);
            m_lineStarts = std::move(f.lineStarts);
            refresh();
            emit ready();
        },
        [this, path](const QString& message) {
            if (path != m_path)
                return;
            m_status->setText(message);
            emit ready();
        });
}

std::string TextSourceWidget::currentLine() const
{
    const int line = m_line->value() - 1;
    if (m_kind->currentIndex() == int(TextChoice::Kind::Typed)) {
        const QTextBlock b = m_typed->document()->findBlockByNumber(line);
        return b.isValid() ? b.text().toStdString() : std::string();
    }
    if (m_kind->currentIndex() == int(TextChoice::Kind::File) && m_fileText && line >= 0
        && size_t(line) < m_lineStarts.size()) {
        const size_t begin = m_lineStarts[size_t(line)];
        const size_t end
            = size_t(line) + 1 < m_lineStarts.size() ? m_lineStarts[size_t(line) + 1] - 1 : m_fileText->size();
        return m_fileText->substr(begin, std::min(end - begin, TokensView::kMaxBytes + 1));
    }
    return {};
}

void TextSourceWidget::refresh()
{
    const auto kind = TextChoice::Kind(m_kind->currentIndex());
    const bool file = kind == TextChoice::Kind::File, typed = kind == TextChoice::Kind::Typed;
    m_pathEdit->setEnabled(file);
    m_browse->setEnabled(file);
    m_typed->setVisible(typed);
    m_ctx->setEnabled(kind != TextChoice::Kind::Sample);
    m_line->setEnabled(kind != TextChoice::Kind::Sample);
    m_tokens->setVisible(kind != TextChoice::Kind::Sample);
    const int lines = typed ? m_typed->document()->blockCount()
        : file              ? int(std::max<size_t>(m_lineStarts.size(), 1))
                            : 1;
    m_line->setMaximum(std::max(lines, 1));

    QString status;
    if (!m_model)
        status = tr("Open a language model to evaluate it on text.");
    else if (!m_tokenizerError.isEmpty())
        status = m_tokenizerError + QLatin1Char('\n') + tr("Sequences sampled from the model still work.");
    else if (!m_tokenizer)
        status = tr("Building the model's tokenizer…");
    else if (kind == TextChoice::Kind::Sample)
        status = tr("Tokenizer: %1. The judge runs on 8 sequences of 64 tokens sampled from the full-precision model.")
                     .arg(tokenizerText(*m_tokenizer));
    else if (file && m_path.isEmpty())
        status = tr("Choose a text file.");
    else if (file && !m_fileText)
        status = tr("Reading the file…");
    else if (m_tokenizer->addsBos())
        status = tr("Tokenizer: %1. The text is tokenized whole (BOS first) and cut into chunks of %2 tokens, each "
                    "starting with BOS, "
                    "as llama-perplexity does.")
                     .arg(tokenizerText(*m_tokenizer))
                     .arg(m_ctx->value());
    else
        status = tr("Tokenizer: %1. The text is tokenized whole and cut into chunks of %2 tokens, as llama-perplexity "
                    "does (this "
                    "vocabulary adds no BOS).")
                     .arg(tokenizerText(*m_tokenizer))
                     .arg(m_ctx->value());
    m_status->setText(status);
    m_tokens->showLine(currentLine());
}

QString TextSourceWidget::statusText() const
{
    return m_status->text();
}

} // namespace ql

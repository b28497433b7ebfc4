#include "modelsummary.h"
#include "tablecopy.h"

#include "format.h"
#include "metadatamodel.h"

#include "core/io/dtype.h"
#include "core/plan/llamaquantize.h"
#include "core/util/error.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <map>

namespace ql {

ModelSummary::ModelSummary(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_metadata(new MetadataModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_filter->setObjectName(QStringLiteral("filter"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_filter->setPlaceholderText(tr("Filter metadata"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_metadata);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    enableTsvCopy(m_table);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
}

namespace {
    /// A GGUF file's type mix as llama.cpp users read it: the file type it declares, the tensors
    /// of each type and the bits per weight of the whole file.
    QString ggufTypeMix(const Model& model)
    {
        if (model.format != Format::Gguf)
            return {};
        std::map<std::string, int> tensors;
        bool quantized = false;
        for (const auto& t : model.tensors) {
            ++tensors[std::string(dtypeName(t.dtype))];
            quantized = quantized || dtypeBlockElements(t.dtype) > 1;
        }
        QStringList parts;
        for (const auto& [name, n] : tensors)
            parts << ModelSummary::tr("%1 × %2").arg(n).arg(QString::fromStdString(name));
        QString fileType;
        const auto it = model.metadata.find("general.file_type");
        if (it != model.metadata.end() && it->is_number_integer()) {
            try {
                fileType = QString::fromLatin1(llamaFtype(std::to_string(it->get<int64_t>())).name.data());
            } catch (const Error&) {
                fileType = ModelSummary::tr("unknown (%1)").arg(it->get<int64_t>());
            }
        }
        const int64_t params = std::max<int64_t>(model.parameterCount(), 1);
        const double bpw = 8.0 * double(model.tensorBytes()) / double(params);
        QString text = ModelSummary::tr("<br>llama.cpp: %1 · %2 bits per weight · tensors by type: %3")
                           .arg(fileType.isEmpty() ? ModelSummary::tr("no file type declared") : ModelSummary::tr("file type %1").arg(fileType),
                               QLocale().toString(bpw, 'f', 2), parts.join(QStringLiteral(", ")));
        if (quantized)
            text += ModelSummary::tr("<br>Plan → This file's own mix shows every tensor's type; quantlens-cli llamacpp-plan --own writes it as a plan.");
        return text;
    }
} // namespace

void ModelSummary::setModel(const Model& model)
{
    std::map<std::string, int64_t> mix;
    int64_t optimizer = 0;
    for (const auto& t : model.tensors) {
        if (t.optimizerState)
            optimizer += t.parameters;
        else
            mix[std::string(dtypeName(t.dtype))] += t.parameters;
    }
    const int64_t total = std::max<int64_t>(model.parameterCount(), 1);
    QStringList parts;
    for (const auto& [name, n] : mix)
        parts << tr("%1 %2 %").arg(QString::fromStdString(name), QLocale().toString(100.0 * double(n) / double(total), 'f', 1));
    QString text = tr("<b>%1</b><br>Format: %2 · %3 tensors · %4 parameters · %5 of tensor data (file %6)<br>Types: %7")
                       .arg(QString::fromStdString(model.path).toHtmlEscaped(), QString::fromLatin1(formatName(model.format).data()))
                       .arg(model.tensors.size())
                       .arg(formatCount(model.parameterCount()), formatBytes(model.tensorBytes()), formatBytes(model.fileBytes),
                           parts.join(QStringLiteral(", ")));
    if (optimizer > 0)
        text += tr("<br>Optimizer state: %1 values (not counted as parameters)").arg(formatCount(optimizer));
    text += ggufTypeMix(model);
    m_summary->setText(text);
    m_metadata->setMetadata(model.metadata);
    m_table->resizeColumnToContents(0);
}

void ModelSummary::clear()
{
    m_summary->clear();
    m_metadata->setMetadata(nlohmann::ordered_json::object());
}

QString ModelSummary::summaryText() const { return m_summary->text(); }

} // namespace ql

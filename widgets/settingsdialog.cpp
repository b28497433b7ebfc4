#include "settingsdialog.h"

#include "i18n.h"
#include "theme.h"

#include <QApplication>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ql {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_scheme(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    const int current = m_language->findData(configuredLanguage());
    m_language->setCurrentIndex(current < 0 ? 0 : current);

    m_scheme->addItem(tr("System colours"), int(ColourScheme::System));
    m_scheme->addItem(tr("Light"), int(ColourScheme::Light));
    m_scheme->addItem(tr("Dark"), int(ColourScheme::Dark));
    m_scheme->setCurrentIndex(m_scheme->findData(int(configuredScheme())));
    m_scheme->setToolTip(tr("The desktop's colours, or QuantLens's own light or dark palette"));

    auto* form = new QFormLayout;
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("Colours"), m_scheme);
    auto* note = new QLabel(tr("A new language takes effect when QuantLens is started again."), this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

QString SettingsDialog::language() const { return m_language->currentData().toString(); }

void SettingsDialog::accept()
{
    setConfiguredLanguage(language());
    const auto scheme = ColourScheme(m_scheme->currentData().toInt());
    setConfiguredScheme(scheme);
    applyScheme(*qApp, scheme); // colours change at once
    QDialog::accept();
}

} // namespace ql

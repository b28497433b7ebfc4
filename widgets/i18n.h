#pragma once
// Application language: follows the system locale unless one is chosen in the settings.

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ql {

/// \returns the language codes QuantLens ships translations for ("de", "zh_CN").
QStringList availableLanguages();
/// \returns the language chosen in the settings, or an empty string for the system's.
QString configuredLanguage();
void setConfiguredLanguage(const QString& code);
/// \brief Installs QuantLens's and Qt's translators for \p code (empty: the system locale).
/// \returns the language actually used ("en" when no translation matched).
QString installTranslations(QCoreApplication& app, const QString& code);

} // namespace ql

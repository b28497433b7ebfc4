#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace ql {

QStringList availableLanguages() { return { QStringLiteral("de"), QStringLiteral("zh_CN") }; }

QString configuredLanguage() { return QSettings().value(QStringLiteral("language")).toString(); }

void setConfiguredLanguage(const QString& code) { QSettings().setValue(QStringLiteral("language"), code); }

QString installTranslations(QCoreApplication& app, const QString& code)
{
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    auto* own = new QTranslator(&app);
    // The .qm files are compiled into the executable under :/i18n.
    if (!own->load(locale, QStringLiteral("quantlens"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete own;
        return QStringLiteral("en");
    }
    app.installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    else
        delete qt;
    QLocale::setDefault(locale);
    return locale.name();
}

} // namespace ql

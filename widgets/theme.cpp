#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace ql {

namespace {
    const char* kKey = "colourScheme";

    QPalette darkColours()
    {
        QPalette p;
        const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6), disabled(0x80, 0x80, 0x80),
            highlight(0x2f, 0x6f, 0xb3);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, window);
        p.setColor(QPalette::ToolTipBase, base);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, disabled);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, window);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xee));
        p.setColor(QPalette::Highlight, highlight);
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Light, window.lighter(150));
        p.setColor(QPalette::Midlight, window.lighter(125));
        p.setColor(QPalette::Mid, window.darker(120));
        p.setColor(QPalette::Dark, window.darker(150));
        p.setColor(QPalette::Shadow, Qt::black);
        for (auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
            p.setColor(QPalette::Disabled, role, disabled);
        return p;
    }
}

ColourScheme configuredScheme()
{
    ColourScheme s = ColourScheme::System;
    parseScheme(QSettings().value(QLatin1String(kKey)).toString(), s);
    return s;
}

void setConfiguredScheme(ColourScheme scheme)
{
    QSettings().setValue(QLatin1String(kKey),
        scheme == ColourScheme::Dark ? QStringLiteral("dark") : scheme == ColourScheme::Light ? QStringLiteral("light") : QStringLiteral("system"));
}

bool parseScheme(const QString& name, ColourScheme& scheme)
{
    const QString n = name.toLower();
    if (n == QLatin1String("system"))
        scheme = ColourScheme::System;
    else if (n == QLatin1String("light"))
        scheme = ColourScheme::Light;
    else if (n == QLatin1String("dark"))
        scheme = ColourScheme::Dark;
    else
        return false;
    return true;
}

void applyScheme(QApplication& app, ColourScheme scheme)
{
    static const QString startStyle = app.style()->name();
    static const QPalette startPalette = app.palette();
    switch (scheme) {
    case ColourScheme::System:
        app.setStyle(QStyleFactory::create(startStyle));
        app.setPalette(startPalette);
        break;
    case ColourScheme::Light:
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        app.setPalette(app.style()->standardPalette());
        break;
    case ColourScheme::Dark:
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        app.setPalette(darkColours());
        break;
    }
}

bool darkPalette() { return QApplication::palette().color(QPalette::Window).lightness() < 128; }

} // namespace ql

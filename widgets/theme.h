#pragma once
// Colour scheme: the desktop's palette, or QuantLens's own light or dark one (Fusion style), chosen
// in the settings or with --scheme.

#include <QString>

class QApplication;

namespace ql {

enum class ColourScheme { System, Light, Dark };

/// \returns the scheme chosen in the settings (System when none).
ColourScheme configuredScheme();
void setConfiguredScheme(ColourScheme scheme);
/// \returns the scheme called \p name ("system", "light", "dark"), or false.
bool parseScheme(const QString& name, ColourScheme& scheme);
/// \brief Applies \p scheme to \p app (System keeps the style and palette the application started with).
void applyScheme(QApplication& app, ColourScheme scheme);
/// \returns whether the application's window colour is dark.
bool darkPalette();

} // namespace ql

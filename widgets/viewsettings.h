#pragma once
// A view's settings for sessions: what the user set in its controls (bits, clip method, thresholds,
// the value under the magnifier, …). Every input control of a view that has an object name is a
// setting, kept by that name as text, so a view takes part by naming its controls.

#include <QStringList>

#include <map>
#include <string>

class QWidget;

namespace ql {

using ViewSettings = std::map<std::string, std::string>;

/// \returns the value of every named input control under \p view (spin boxes, sliders, combo boxes by
/// index, check boxes and other checkable buttons, editable line edits), by object name.
ViewSettings viewSettings(const QWidget* view);

/// \brief Sets the controls of \p view named in \p settings, as the user would (their signals fire,
/// the view updates). \returns the names that match no control, or whose value the control cannot take.
QStringList applyViewSettings(QWidget* view, const ViewSettings& settings);

} // namespace ql

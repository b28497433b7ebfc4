#pragma once
// Settings: the interface language and the colour scheme.

#include <QDialog>

class QComboBox;

namespace ql {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    /// \returns the selected language code (empty: system).
    QString language() const;
    void accept() override;

private:
    QComboBox* m_language;
    QComboBox* m_scheme;
};

} // namespace ql

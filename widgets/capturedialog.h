#pragma once
// Asks what a language model runs over while its layer inputs are captured: sequences sampled from
// it, a text file or typed text (with the tokens of a line shown).

#include <QDialog>

#include <memory>

class QDialogButtonBox;

namespace ql {

class JobRunner;
class Model;
class TextSourceWidget;

class CaptureDialog : public QDialog {
    Q_OBJECT
public:
    CaptureDialog(JobRunner* jobs, QWidget* parent = nullptr);
    void setModel(std::shared_ptr<const Model> model);
    TextSourceWidget* source() const { return m_source; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    TextSourceWidget* m_source;
    QDialogButtonBox* m_buttons;
};

} // namespace ql

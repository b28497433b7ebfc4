#include "capturedialog.h"

#include "textsource.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ql {

CaptureDialog::CaptureDialog(JobRunner* jobs, QWidget* parent)
    : QDialog(parent)
    , m_source(new TextSourceWidget(jobs, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Capture Activations"));
    auto* intro
        = new QLabel(tr("The model runs over this text and every linear layer's input is recorded (XᵀX, mean squares, "
                        "absmax and up to 256 rows per layer)."),
            this);
    intro->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Capture"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_source, 1);
    layout->addWidget(m_buttons);
    resize(640, 560);
}

void CaptureDialog::setModel(std::shared_ptr<const Model> model)
{
    m_source->setModel(std::move(model));
}

} // namespace ql

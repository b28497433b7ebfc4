#include "bitsview.h"

#include "errortext.h"
#include "format.h"

#include "core/quant/spec.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace ql {

namespace {
    constexpr int kBox = 14; ///< pixels per bit box
    constexpr int kMinBox = 9; ///< … when the window is narrow

    /// Nine significant digits: enough to tell FP32 neighbours apart.
    QString precise(double v) { return std::isnan(v) ? QStringLiteral("—") : QLocale().toString(v, 'g', 9); }
    const QColor kSign(0xe7, 0x4c, 0x3c), kExponent(0x34, 0x98, 0xdb), kMantissa(0x2e, 0xcc, 0x71), kCode(0x95, 0xa5, 0xa6);
}

BitStrip::BitStrip(QWidget* parent)
    : QWidget(parent)
{
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click a bit to flip it"));
}

void BitStrip::setRow(const LadderRow& row)
{
    m_row = row;
    updateGeometry();
    update();
}

QSize BitStrip::sizeHint() const { return { 32 * kBox + 2, kBox + 4 }; }
QSize BitStrip::minimumSizeHint() const { return { 32 * kMinBox + 2, kBox + 4 }; }

int BitStrip::box() const { return std::clamp((width() - 2) / 32, kMinBox, kBox); } // the same for every row: BF16 lines up with FP32

QPoint BitStrip::bitCentre(int bit) const
{
    const int pos = m_row.bits() - 1 - bit; // most significant bit first
    return { 1 + pos * box() + box() / 2, 2 + kBox / 2 };
}

void BitStrip::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const int n = m_row.bits(), b = box();
    if (b < kBox) { // smaller digits in smaller boxes
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * double(b) / kBox);
        p.setFont(f);
    }
    for (int pos = 0; pos < n; ++pos) {
        const int bit = n - 1 - pos;
        QColor c = kCode;
        if (m_row.signBits + m_row.exponentBits > 0)
            c = pos < m_row.signBits ? kSign : (pos < m_row.signBits + m_row.exponentBits ? kExponent : kMantissa);
        const bool set = (m_row.code >> bit) & 1u;
        const QRect r(1 + pos * b, 2, b - 1, kBox);
        p.fillRect(r, set ? c : c.lighter(170));
        p.setPen(set ? Qt::white : Qt::darkGray);
        p.drawText(r, Qt::AlignCenter, set ? QStringLiteral("1") : QStringLiteral("0"));
    }
}

void BitStrip::mousePressEvent(QMouseEvent* event)
{
    const int pos = (int(event->position().x()) - 1) / box();
    if (pos >= 0 && pos < m_row.bits())
        emit bitClicked(m_row.bits() - 1 - pos);
}

NumberLine::NumberLine(QWidget* parent)
    : QWidget(parent)
{
}

void NumberLine::setRow(const LadderRow& row, double input)
{
    m_row = row;
    m_input = input;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : m_row.around)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (std::isfinite(input)) {
        lo = std::min(lo, input);
        hi = std::max(hi, input);
    }
    if (!std::isfinite(lo)) {
        lo = -1;
        hi = 1;
    }
    if (!(hi > lo)) {
        lo -= 1;
        hi += 1;
    }
    const double pad = (hi - lo) * 0.06;
    m_lo = lo - pad;
    m_hi = hi + pad;
    update();
}

double NumberLine::xOf(double v) const { return 4 + (v - m_lo) / (m_hi - m_lo) * (width() - 8); }

void NumberLine::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::Text);
    const double y = height() / 2.0;
    p.setPen(QPen(text, 1));
    p.drawLine(QPointF(4, y), QPointF(width() - 4, y));
    for (double v : m_row.around)
        if (std::isfinite(v))
            p.drawLine(QPointF(xOf(v), y - 5), QPointF(xOf(v), y + 5));
    if (std::isfinite(m_input)) {
        p.setPen(QPen(QColor(0xe7, 0x4c, 0x3c), 2));
        p.drawLine(QPointF(xOf(m_input), 2), QPointF(xOf(m_input), height() - 2));
    }
    if (std::isfinite(m_row.value)) {
        p.setPen(Qt::NoPen);
        p.setBrush(palette().color(QPalette::Highlight));
        p.drawEllipse(QPointF(xOf(m_row.value), y), 4, 4);
    }
}

BitsView::BitsView(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_range(new QDoubleSpinBox(this))
    , m_grid(new QGridLayout)
    , m_params(new QDoubleSpinBox(this))
    , m_spec(new QLineEdit(QStringLiteral("int4:g128"), this))
    , m_size(new QLabel(this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_edit->setObjectName(QStringLiteral("value"));
    m_range->setObjectName(QStringLiteral("range"));
    m_params->setObjectName(QStringLiteral("parameter"));
    m_spec->setObjectName(QStringLiteral("spec"));
    m_edit->setToolTip(tr("Type a value, or click a value in the histogram"));
    m_range->setDecimals(6);
    m_range->setRange(1e-6, 1e6);
    m_range->setValue(1.0);
    m_range->setToolTip(tr("INT8, INT4 and NF4 map their codes onto ± this range; the block floats (MX, NVFP4) take it as "
                           "their block's largest magnitude"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Value"), this));
    top->addWidget(m_edit, 1);
    top->addWidget(new QLabel(tr("Range of INT8 / INT4 / NF4 and the blocks"), this));
    top->addWidget(m_range);

    m_grid->addWidget(new QLabel(tr("<b>Format</b>"), this), 0, 0);
    m_grid->addWidget(new QLabel(tr("<b>Bits</b> (sign, exponent, mantissa)"), this), 0, 1);
    m_grid->addWidget(new QLabel(tr("<b>Stored value</b>"), this), 0, 2);
    m_grid->addWidget(new QLabel(tr("<b>Neighbours</b>"), this), 0, 3);
    const auto rows = precisionLadder(float(m_value), 1.0f);
    for (int i = 0; i < int(rows.size()); ++i) {
        m_grid->addWidget(new QLabel(QString::fromStdString(rows[size_t(i)].format), this), i + 1, 0);
        auto* strip = new BitStrip(this);
        connect(strip, &BitStrip::bitClicked, this, [this, i](int bit) {
            const auto ladder = precisionLadder(float(m_value), float(m_range->value()));
            const double v = flipBit(ladder[size_t(i)], bit, float(m_range->value()));
            if (std::isfinite(v))
                setValue(v);
        });
        m_grid->addWidget(strip, i + 1, 1);
        m_strips << strip;
        auto* stored = new QLabel(this);
        stored->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_grid->addWidget(stored, i + 1, 2);
        m_stored << stored;
        auto* line = new NumberLine(this);
        m_grid->addWidget(line, i + 1, 3);
        m_lines << line;
    }
    m_grid->setColumnStretch(3, 1);

    // Size calculator.
    m_params->setDecimals(6); // small models (stories260K: 0.000263 billion) must not round to 0
    m_params->setRange(0.0, 100000.0);
    m_params->setSuffix(tr(" billion parameters"));
    m_params->setValue(7.0);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(new QLabel(tr("Size of"), this));
    sizeRow->addWidget(m_params);
    for (double b : { 7.0, 70.0 }) {
        auto* preset = new QPushButton(tr("%1B").arg(b), this);
        connect(preset, &QPushButton::clicked, this, [this, b] { m_params->setValue(b); });
        sizeRow->addWidget(preset);
    }
    sizeRow->addWidget(new QLabel(tr("in"), this));
    m_spec->setMinimumWidth(m_spec->fontMetrics().horizontalAdvance(QStringLiteral("int4:g128")) + 16); // a whole spec stays readable
    m_size->setWordWrap(true); // (the result wraps rather than widening the page)
    sizeRow->addWidget(m_spec);
    sizeRow->addWidget(m_size, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(m_grid);
    layout->addLayout(sizeRow);
    layout->addStretch();

    connect(m_edit, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const double v = QLocale().toDouble(m_edit->text(), &ok);
        const double c = ok ? v : m_edit->text().toDouble(&ok); // accept "1.5" in any locale
        if (ok && std::isfinite(c))
            setValue(c);
        else
            m_edit->setText(QLocale().toString(m_value, 'g', 9));
    });
    connect(m_range, &QDoubleSpinBox::valueChanged, this, [this] { refresh(); });
    connect(m_params, &QDoubleSpinBox::valueChanged, this, [this] { updateSize(); });
    connect(m_spec, &QLineEdit::textChanged, this, [this] { updateSize(); });
    refresh();
    updateSize();
}

BitsView::~BitsView()
{
    // Destroying the children makes the value field lose focus and emit editingFinished, whose
    // slot would refresh members that are already gone.
    disconnect(m_edit, nullptr, this, nullptr);
}

void BitsView::setValue(double value)
{
    m_value = value;
    refresh();
}

void BitsView::setRange(double range)
{
    if (range > 0)
        m_range->setValue(range);
}

void BitsView::setModelParameters(int64_t parameters)
{
    m_params->setValue(double(parameters) / 1e9);
    m_modelParameters = parameters;
    m_modelParametersShown = m_params->value(); // as rounded by the field
    updateSize();
}

QString BitsView::storedText(int row) const { return m_stored.value(row) ? m_stored.value(row)->text() : QString(); }
QString BitsView::sizeText() const { return m_size->text(); }

void BitsView::refresh()
{
    m_edit->setText(QLocale().toString(m_value, 'g', 9));
    const auto ladder = precisionLadder(float(m_value), float(m_range->value()));
    for (int i = 0; i < int(ladder.size()) && i < m_strips.size(); ++i) {
        const LadderRow& r = ladder[size_t(i)];
        m_strips[i]->setRow(r);
        const double err = r.value - m_value;
        m_stored[i]->setText(tr("%1 (error %2)").arg(precise(r.value), formatNumber(err)));
        m_lines[i]->setRow(r, m_value);
        m_lines[i]->setToolTip(tr("Nearest representable values: %1 … %2. Ticks: representable values; dot: the stored "
                                  "value; red line: the input.")
                .arg(precise(r.below), precise(r.above)));
    }
}

void BitsView::updateSize()
{
    try {
        const QuantSpec spec = parseSpec(m_spec->text().toStdString());
        // The loaded model's exact count while the field still shows it; else what was typed.
        const double parameters = m_modelParameters > 0 && m_params->value() == m_modelParametersShown ? double(m_modelParameters)
                                                                                                     : m_params->value() * 1e9;
        const double bits = bitsPerWeight(spec) * parameters;
        m_size->setText(tr("= %1 (%2 bits per weight)").arg(formatBytes(uint64_t(bits / 8)), formatNumber(bitsPerWeight(spec))));
    } catch (const Error& e) {
        m_size->setText(errorText(e));
    }
}

} // namespace ql

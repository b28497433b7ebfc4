#pragma once
// Bits of a value: one number in every format, its bits in coloured fields (sign, exponent,
// mantissa) that can be clicked to flip, the value each format stores and its neighbours; and a
// size calculator (parameters × bits per weight).

#include "core/quant/ladder.h"

#include <QWidget>

class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace ql {

/// A row of bit boxes; clicking one emits its index (0 = least significant).
class BitStrip : public QWidget {
    Q_OBJECT
public:
    explicit BitStrip(QWidget* parent = nullptr);
    void setRow(const LadderRow& row);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override; ///< every bit stays whole, in smaller boxes
    /// \returns the centre of bit \p bit's box (for tests and accessibility).
    QPoint bitCentre(int bit) const;

signals:
    void bitClicked(int bit);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int box() const; ///< pixels per bit box at the current width
    LadderRow m_row;
};

/// A number line around a value: a format's representable values as ticks, the stored value as a
/// dot and the input as a red line.
class NumberLine : public QWidget {
    Q_OBJECT
public:
    explicit NumberLine(QWidget* parent = nullptr);
    void setRow(const LadderRow& row, double input);
    QSize sizeHint() const override { return { 220, 22 }; }
    QSize minimumSizeHint() const override { return { 90, 22 }; }
    /// The x of \p v in this widget (for tests).
    double xOf(double v) const;
    const std::vector<double>& ticks() const { return m_row.around; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    LadderRow m_row;
    double m_input = 0, m_lo = 0, m_hi = 1;
};

class BitsView : public QWidget {
    Q_OBJECT
public:
    explicit BitsView(QWidget* parent = nullptr);
    ~BitsView() override;

    void setValue(double value);
    double value() const { return m_value; }
    /// \brief The range INT8/INT4/NF4 map their codes onto, and the block floats' block max |x| (e.g.
    /// the selected tensor's max |x|).
    void setRange(double range);
    /// \brief The loaded model's parameter count, offered to the size calculator.
    void setModelParameters(int64_t parameters);

    BitStrip* strip(int row) const { return m_strips.value(row); }
    NumberLine* numberLine(int row) const { return m_lines.value(row); }
    QString storedText(int row) const;
    QString sizeText() const;
    QLineEdit* valueField() const { return m_edit; }
    QLineEdit* specField() const { return m_spec; }
    QDoubleSpinBox* parametersField() const { return m_params; }

private:
    void refresh();
    void updateSize();

    double m_value = 0.1;
    int64_t m_modelParameters = 0; ///< the loaded model's parameter count
    double m_modelParametersShown = -1; ///< the field's value when it was set from the model
    QLineEdit* m_edit;
    QDoubleSpinBox* m_range;
    QGridLayout* m_grid;
    QList<BitStrip*> m_strips;
    QList<QLabel*> m_stored;
    QList<NumberLine*> m_lines;
    QDoubleSpinBox* m_params;
    QLineEdit* m_spec;
    QLabel* m_size;
};

} // namespace ql

#include "packingview.h"

#include "errortext.h"
#include "format.h"
#include "tablecopy.h"

#include "core/util/error.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ql {

namespace {
    const QColor kScale(0xe6, 0x7e, 0x22), kMin(0x8e, 0x44, 0xad), kSubScale(0x27, 0xae, 0x60), kSubMin(0x16, 0xa0, 0x85),
        kCodeLow(0x29, 0x80, 0xb9), kCodeHigh(0x85, 0xc1, 0xe9), kSign(0xc0, 0x39, 0x2b);

    QString binary(int code, int width)
    {
        return QStringLiteral("%1").arg(unsigned(code) & ((1u << width) - 1), width, 2, QLatin1Char('0'));
    }

    QString hex16(uint16_t v) { return QStringLiteral("0x%1").arg(v, 4, 16, QLatin1Char('0')).toUpper().replace(QLatin1String("0X"), QLatin1String("0x")); }

    QString layoutTitle(PackLayout l)
    {
        switch (l) {
        case PackLayout::Int4: return PackingView::tr("INT4 (symmetric, group of 32)");
        case PackLayout::Q4_0: return QStringLiteral("Q4_0");
        case PackLayout::Q4_1: return QStringLiteral("Q4_1");
        case PackLayout::Q8_0: return QStringLiteral("Q8_0");
        case PackLayout::Q4_K: return QStringLiteral("Q4_K");
        case PackLayout::IQ4_XS: return QStringLiteral("IQ4_XS");
        case PackLayout::IQ3_XXS: return QStringLiteral("IQ3_XXS");
        case PackLayout::NVFP4: return PackingView::tr("NVFP4 (NVIDIA, block of 16)");
        }
        return {};
    }
}

BlockMap::BlockMap(QWidget* parent)
    : ChartWidget(parent)
{
    setToolTip(QString()); // tooltips are per bit (see event())
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
}

QString BlockMap::chartTitle() const { return tr("Block layout"); }

void BlockMap::setBlock(const PackedBlock* block)
{
    m_block = block;
    m_owners.clear();
    if (m_block) {
        m_owners.resize(m_block->bytes.size());
        for (size_t b = 0; b < m_block->bytes.size(); ++b) {
            const PackRole r = m_block->roleOf(int(b));
            for (auto& o : m_owners[b])
                o = { r == PackRole::Scale ? BitKind::Scale
                        : r == PackRole::Min ? BitKind::Min
                        : r == PackRole::Signs ? BitKind::Sign
                                               : BitKind::SubScale,
                    -1 };
        }
        for (size_t v = 0; v < m_block->values.size(); ++v) {
            const PackedValue& pv = m_block->values[v];
            // A code in the low half of its byte (or a whole byte) is "low"; the high nibble is "high".
            // A lattice point's index byte belongs to the point's first value.
            const BitKind kind = pv.shift == 0 ? BitKind::CodeLow : BitKind::CodeHigh;
            for (int i = 0; i < pv.width; ++i) {
                BitOwner& o = m_owners[size_t(pv.byte)][size_t(pv.shift + i)];
                if (o.owner < 0 || (o.kind != BitKind::CodeLow && o.kind != BitKind::CodeHigh))
                    o = { kind, int(v) };
            }
            if (pv.signByte >= 0)
                m_owners[size_t(pv.signByte)][size_t(pv.signBit)] = { BitKind::Sign, int(v) };
        }
        const int base = 0; // sub-scale bits are counted from the block's start
        for (size_t j = 0; j < m_block->subScales.size(); ++j) {
            const SubScale& s = m_block->subScales[j];
            for (const auto& [at, kind] : { std::pair { s.scaleLow, BitKind::SubScale }, std::pair { s.scaleHigh, BitKind::SubScale },
                     std::pair { s.minLow, BitKind::SubMin }, std::pair { s.minHigh, BitKind::SubMin } })
                for (int i = 0; i < at.width; ++i)
                    m_owners[size_t(base + at.byte)][size_t(at.shift + i)] = { kind, int(j) };
        }
    }
    m_selected = std::clamp(m_selected, 0, m_block ? int(m_block->values.size()) - 1 : 0);
    update();
}

void BlockMap::setSelected(int value)
{
    m_selected = value;
    update();
}

int BlockMap::valueAt(int byte, int bit) const
{
    if (byte < 0 || size_t(byte) >= m_owners.size() || bit < 0 || bit > 7)
        return -1;
    const BitOwner& o = m_owners[size_t(byte)][size_t(bit)];
    return o.kind == BitKind::CodeLow || o.kind == BitKind::CodeHigh ? o.owner : -1;
}

BlockMap::Geometry BlockMap::geometry(const QRect& area) const
{
    Geometry g;
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(QStringLiteral("000")) + 10;
    const double width = area.width() - left - 12;
    // Small blocks: eight bytes a row, large enough for the bit digits; Q4_K's 144 bytes: sixteen.
    const size_t bytes = m_block ? m_block->bytes.size() : 0;
    g.perRow = bytes > 64 && width / 16 >= 8 * 3 + 6 ? 16 : 8;
    g.cellW = width / g.perRow;
    g.bitW = (g.cellW - 6) / 8;
    const int rows = m_block ? int((bytes + size_t(g.perRow) - 1) / size_t(g.perRow)) : 0;
    const double top = area.top() + 3 * (fm.height() + 4) + 8; // title and two legend lines
    g.labelH = fm.height();
    g.bitH = std::clamp(g.bitW * 1.4, 10.0, double(fm.height() + 4));
    g.rowH = g.labelH + g.bitH + 6;
    // Keep three lines below for the selected value's arithmetic: shrink the rows to fit, dropping the
    // hex labels above the bytes when even small bits would not fit with them.
    const double avail = area.bottom() - top - 3 * (fm.height() + 2) - 8;
    if (rows > 0 && rows * g.rowH > avail) {
        g.bitH = avail / rows - g.labelH - 4;
        if (g.bitH < 7) {
            g.labelH = 0;
            g.bitH = std::max(3.0, avail / rows - 3);
        }
        g.bitH = std::min(g.bitH, double(fm.height() + 4));
        g.rowH = g.labelH + g.bitH + (g.labelH > 0 ? 4 : 3);
    }
    g.grid = QRectF(area.left() + left, top, width, rows * g.rowH);
    return g;
}

QRectF BlockMap::bitRect(const Geometry& g, int byte, int bit) const
{
    const int row = byte / g.perRow, col = byte % g.perRow;
    return QRectF(g.grid.left() + col * g.cellW + 3 + (7 - bit) * g.bitW, g.grid.top() + row * g.rowH + g.labelH, g.bitW, g.bitH);
}

QPointF BlockMap::bitCentre(int byte, int bit) const { return bitRect(geometry(rect()), byte, bit).center(); }

bool BlockMap::hit(const QPointF& pos, int& byte, int& bit) const
{
    if (!m_block)
        return false;
    const Geometry g = geometry(rect());
    for (byte = 0; byte < int(m_block->bytes.size()); ++byte)
        for (bit = 0; bit < 8; ++bit)
            if (bitRect(g, byte, bit).contains(pos))
                return true;
    return false;
}

void BlockMap::mousePressEvent(QMouseEvent* event)
{
    int byte = 0, bit = 0;
    if (event->button() != Qt::LeftButton || !hit(event->position(), byte, bit))
        return ChartWidget::mousePressEvent(event);
    int v = valueAt(byte, bit);
    const BitOwner& o = m_owners[size_t(byte)][size_t(bit)];
    if (v < 0 && (o.kind == BitKind::SubScale || o.kind == BitKind::SubMin) && o.owner >= 0)
        v = o.owner * 32; // a sub-scale bit selects the first value of its sub-block
    if (v < 0 && o.kind == BitKind::Sign)
        v = o.owner; // a sign bit selects its value
    if (v >= 0) {
        setSelected(v);
        emit valueClicked(v);
    }
}

QString BlockMap::bitToolTip(int byte, int bit) const
{
    const BitOwner& o = m_owners[size_t(byte)][size_t(bit)];
    const QString head = tr("Byte %1 (0x%2), bit %3").arg(byte).arg(m_block->bytes[size_t(byte)], 2, 16, QLatin1Char('0')).arg(bit);
    switch (o.kind) {
    case BitKind::Scale:
        return m_block->layout == PackLayout::NVFP4 ? tr("%1: the block scale (E4M3)").arg(head) : tr("%1: the block scale d (FP16)").arg(head);
    case BitKind::Min: return tr("%1: the block minimum (FP16)").arg(head);
    case BitKind::SubScale:
        if (o.owner < 0)
            return tr("%1: sub-block scales").arg(head);
        return m_block->layout == PackLayout::IQ3_XXS ? tr("%1: 4-bit scale of sub-block %2").arg(head).arg(o.owner)
                                                      : tr("%1: 6-bit scale of sub-block %2").arg(head).arg(o.owner);
    case BitKind::SubMin: return tr("%1: 6-bit minimum of sub-block %2").arg(head).arg(o.owner);
    case BitKind::Sign:
        return o.owner >= 0 ? tr("%1: sign of value %2 (column %3)").arg(head).arg(o.owner).arg(m_block->values[size_t(o.owner)].column)
                            : tr("%1: sign bits").arg(head);
    case BitKind::CodeLow:
    case BitKind::CodeHigh: {
        const PackedValue& v = m_block->values[size_t(o.owner)];
        if (v.point >= 0)
            return tr("%1: index %2 of lattice point %3 (values %4–%5)").arg(head).arg(v.code).arg(v.point).arg(4 * v.point).arg(4 * v.point + 3);
        return tr("%1: code of value %2 (column %3), code %4").arg(head).arg(o.owner).arg(v.column).arg(v.code);
    }
    }
    return head;
}

bool BlockMap::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        int byte = 0, bit = 0;
        if (hit(help->pos(), byte, bit))
            QToolTip::showText(help->globalPos(), bitToolTip(byte, bit), this);
        else
            QToolTip::hideText();
        return true;
    }
    return ChartWidget::event(event);
}

QString BlockMap::selectionText() const
{
    if (!m_block || m_selected < 0 || size_t(m_selected) >= m_block->values.size())
        return {};
    const PackedValue& v = m_block->values[size_t(m_selected)];
    const QLocale l;
    auto num = [&](double x) { return l.toString(x, 'g', 6); };
    QString where = v.width == 8 ? tr("byte %1").arg(v.byte) : tr("bits %1–%2 of byte %3").arg(v.shift).arg(v.shift + v.width - 1).arg(v.byte);
    if (v.point >= 0) {
        // A lattice value: the point's index, the value's place in the point, its sign bit, the scale.
        const QString sign = v.signImplied ? tr("its sign (%1) is implied: each group of eight has an even number of minus signs")
                                                 .arg(v.negative ? QStringLiteral("−") : QStringLiteral("+"))
                                           : tr("its sign bit is bit %1 of byte %2 (%3)")
                                                 .arg(v.signBit)
                                                 .arg(v.signByte)
                                                 .arg(v.negative ? QStringLiteral("1, −") : QStringLiteral("0, +"));
        const QString line1 = tr("Value %1 (column %2) = %3 → lattice point %4, index %5 = %6 in byte %7, position %8 of 4: level %9; %10.")
                                  .arg(m_selected)
                                  .arg(v.column)
                                  .arg(v.padding ? tr("padding") : num(v.original))
                                  .arg(v.point)
                                  .arg(v.code)
                                  .arg(binary(v.code, 8))
                                  .arg(v.byte)
                                  .arg(v.pointPos)
                                  .arg(num(std::fabs(v.level)))
                                  .arg(sign);
        const SubScale& s = m_block->subScales[size_t(v.subBlock)];
        QString line2 = tr("Dequantized: %1 × %2 = %3 (sub-block %4: scale = d × (0.5 + %5) / 2)")
                            .arg(num(v.scale), num(v.level), num(v.dequantized))
                            .arg(v.subBlock)
                            .arg(s.scale6);
        if (!v.padding)
            line2 += tr(", error %1").arg(num(double(v.dequantized) - double(v.original)));
        return line1 + QLatin1Char('\n') + line2;
    }
    if (v.hasLevel) {
        // A table entry (IQ4_XS) or a small float (NVFP4's E2M1).
        const QString table = m_block->layout == PackLayout::NVFP4 ? tr("E2M1 value") : tr("table entry");
        const QString line1 = tr("Value %1 (column %2) = %3 → code %4 = %5, in %6: %7 %8.")
                                  .arg(m_selected)
                                  .arg(v.column)
                                  .arg(v.padding ? tr("padding") : num(v.original))
                                  .arg(v.code)
                                  .arg(binary(v.code, v.width), where, table, num(v.level));
        QString line2 = tr("Dequantized: %1 × %2 = %3").arg(num(v.scale), num(v.level), num(v.dequantized));
        if (!v.padding)
            line2 += tr(", error %1").arg(num(double(v.dequantized) - double(v.original)));
        if (v.subBlock >= 0)
            line2 += tr("  (sub-block %1: scale = d × (%2 − 32))").arg(v.subBlock).arg(m_block->subScales[size_t(v.subBlock)].scale6);
        else if (m_block->layout == PackLayout::NVFP4)
            line2 += tr("  (scale = E4M3 %1 × tensor scale %2)").arg(num(m_block->d), num(m_block->tensorScale));
        return line1 + QLatin1Char('\n') + line2;
    }
    QString line1 = v.padding ? tr("Value %1 is padding past the row's end (stored as 0): code %2 = %3, in %4.")
                                    .arg(m_selected).arg(v.code).arg(binary(v.code, v.width), where)
                              : tr("Value %1 (column %2) = %3 → code %4 = %5, in %6.")
                                    .arg(m_selected).arg(v.column).arg(num(v.original)).arg(v.code).arg(binary(v.code, v.width), where);
    QString formula = num(v.scale) + QStringLiteral(" × ");
    formula += v.zero ? QStringLiteral("(%1 − %2)").arg(v.code).arg(v.zero) : QString::number(v.code);
    if (v.min != 0)
        formula += (v.min > 0 ? QStringLiteral(" − ") : QStringLiteral(" + ")) + num(std::fabs(v.min));
    QString line2 = tr("Dequantized: %1 = %2").arg(formula, num(v.dequantized));
    if (!v.padding)
        line2 += tr(", error %1").arg(num(double(v.dequantized) - double(v.original)));
    if (v.subBlock >= 0) {
        const SubScale& s = m_block->subScales[size_t(v.subBlock)];
        line2 += tr("  (sub-block %1: scale = d × %2, min = dmin × %3)").arg(v.subBlock).arg(s.scale6).arg(s.min6);
    }
    return line1 + QLatin1Char('\n') + line2;
}

QString BlockMap::csv() const
{
    QString out = QStringLiteral("byte,hex,bits,field\n");
    if (!m_block)
        return out;
    for (size_t b = 0; b < m_block->bytes.size(); ++b) {
        static const char* names[] = { "scale", "min", "subscales", "codes", "signs" };
        out += QStringLiteral("%1,0x%2,%3,%4\n")
                   .arg(b)
                   .arg(m_block->bytes[b], 2, 16, QLatin1Char('0'))
                   .arg(binary(m_block->bytes[b], 8), QLatin1String(names[int(m_block->roleOf(int(b)))]));
    }
    return out;
}

void BlockMap::paintChart(QPainter& p, const QRect& area)
{
    p.fillRect(area, palette().base());
    const QColor text = palette().color(QPalette::Text);
    const QFontMetrics fm(font());
    if (!m_block || m_block->bytes.empty()) {
        p.setPen(text);
        p.drawText(area, Qt::AlignCenter, tr("Select a tensor to see how a block of it is stored."));
        return;
    }
    const Geometry g = geometry(area);
    p.setPen(text);
    p.drawText(QRectF(g.grid.left(), area.top() + 4, g.grid.width(), fm.height()), Qt::AlignLeft,
        tr("%1: block %2 of %3, %4 bytes for %5 values").arg(layoutTitle(m_block->layout)).arg(m_block->block)
            .arg(m_block->blocks).arg(m_block->bytes.size()).arg(m_block->values.size()));

    std::vector<LegendKey> keys;
    const PackLayout layout = m_block->layout;
    const bool nibbles = layout != PackLayout::Q8_0 && layout != PackLayout::IQ3_XXS;
    if (layout == PackLayout::NVFP4)
        keys.push_back({ kScale, tr("block scale (E4M3)") });
    else if (layout != PackLayout::Int4)
        keys.push_back({ kScale, tr("scale d (FP16)") });
    if (layout == PackLayout::IQ4_XS)
        keys.push_back({ kSubScale, tr("6-bit sub-scales") });
    if (layout == PackLayout::IQ3_XXS) {
        keys.push_back({ kCodeLow, tr("lattice-point indices") });
        keys.push_back({ kSign, tr("sign bits") });
        keys.push_back({ kSubScale, tr("4-bit sub-scales") });
    }
    if (m_block->layout == PackLayout::Q4_1 || m_block->layout == PackLayout::Q4_K)
        keys.push_back({ kMin, m_block->layout == PackLayout::Q4_K ? tr("dmin (FP16)") : tr("minimum m (FP16)") });
    if (m_block->layout == PackLayout::Q4_K) {
        keys.push_back({ kSubScale, tr("6-bit sub-scales") });
        keys.push_back({ kSubMin, tr("6-bit sub-minimums") });
    }
    if (nibbles) {
        keys.push_back({ kCodeLow, tr("codes in low nibbles") });
        keys.push_back({ kCodeHigh, tr("codes in high nibbles") });
    } else if (layout == PackLayout::Q8_0) {
        keys.push_back({ kCodeLow, tr("8-bit codes") });
    }
    keys.push_back({ text, tr("selected value"), LegendKey::Line, true });
    drawLegend(p, keys, layOutLegend(keys, int(g.grid.left()), area.top() + fm.height() + 8, int(g.grid.right()), nullptr));

    QFont digitFont = font();
    digitFont.setPointSizeF(digitFont.pointSizeF() * 0.8);
    const QFontMetrics dfm(digitFont);
    const bool digits = g.bitW >= dfm.horizontalAdvance(QLatin1Char('0')) + 1 && g.bitH >= dfm.ascent();
    const bool haveSel = m_selected >= 0 && size_t(m_selected) < m_block->values.size();
    const int selSub = haveSel ? m_block->values[size_t(m_selected)].subBlock : -1;
    const int selPoint = haveSel ? m_block->values[size_t(m_selected)].point : -1;
    auto colour = [](BitKind k) {
        switch (k) {
        case BitKind::Scale: return kScale;
        case BitKind::Min: return kMin;
        case BitKind::SubScale: return kSubScale;
        case BitKind::SubMin: return kSubMin;
        case BitKind::CodeLow: return kCodeLow;
        case BitKind::CodeHigh: return kCodeHigh;
        case BitKind::Sign: return kSign;
        }
        return kCodeLow;
    };
    for (int b = 0; b < int(m_block->bytes.size()); ++b) {
        const int row = b / g.perRow, col = b % g.perRow;
        const QRectF cell(g.grid.left() + col * g.cellW, g.grid.top() + row * g.rowH, g.cellW, g.labelH);
        p.setPen(text);
        if (g.labelH > 0)
            p.drawText(cell, Qt::AlignCenter, QStringLiteral("%1").arg(m_block->bytes[size_t(b)], 2, 16, QLatin1Char('0')).toUpper());
        if (col == 0)
            p.drawText(QRectF(area.left(), cell.top() + g.labelH, g.grid.left() - area.left() - 6, g.bitH), Qt::AlignRight | Qt::AlignVCenter,
                QString::number(b));
        for (int bit = 0; bit < 8; ++bit) {
            const QRectF r = bitRect(g, b, bit);
            const BitOwner& o = m_owners[size_t(b)][size_t(bit)];
            const bool one = (m_block->bytes[size_t(b)] >> bit) & 1;
            QColor c = colour(o.kind);
            if (!one)
                c.setAlpha(70);
            p.fillRect(r.adjusted(0.5, 0.5, -0.5, -0.5), c);
            if (digits) {
                p.setFont(digitFont);
                p.setPen(one ? Qt::white : text);
                p.drawText(r, Qt::AlignCenter, one ? QStringLiteral("1") : QStringLiteral("0"));
            }
        }
    }
    p.setFont(font());
    // Outline the selected value's bits, and its sub-block's scale and minimum bits (dashed).
    for (int b = 0; b < int(m_block->bytes.size()); ++b)
        for (int bit = 0; bit < 8; ++bit) {
            const BitOwner& o = m_owners[size_t(b)][size_t(bit)];
            const bool code = ((o.kind == BitKind::CodeLow || o.kind == BitKind::CodeHigh)
                                  && (o.owner == m_selected || (selPoint >= 0 && o.owner >= 0 && m_block->values[size_t(o.owner)].point == selPoint)))
                || (o.kind == BitKind::Sign && o.owner == m_selected && o.owner >= 0);
            const bool sub = (o.kind == BitKind::SubScale || o.kind == BitKind::SubMin) && o.owner == selSub && selSub >= 0;
            if (!code && !sub)
                continue;
            p.setPen(QPen(text, code ? 2 : 1.5, code ? Qt::SolidLine : Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(bitRect(g, b, bit).adjusted(1, 1, -1, -1));
        }
    p.setPen(text);
    p.drawText(QRectF(g.grid.left(), g.grid.bottom() + 8, g.grid.width(), area.bottom() - g.grid.bottom() - 8),
        Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, selectionText());
}

PackingView::PackingView(QWidget* parent)
    : QWidget(parent)
    , m_worker(new TensorWorker(this))
    , m_title(new QLabel(this))
    , m_layout(new QComboBox(this))
    , m_row(new QSpinBox(this))
    , m_blockField(new QSpinBox(this))
    , m_summary(new QLabel(this))
    , m_map(new BlockMap(this))
    , m_table(new QTableWidget(0, 11, this))
{
    // Named controls are the view's settings in a session (viewsettings.h).
    m_layout->setObjectName(QStringLiteral("layout"));
    m_row->setObjectName(QStringLiteral("row"));
    m_blockField->setObjectName(QStringLiteral("block"));
    for (PackLayout l : { PackLayout::Int4, PackLayout::Q4_0, PackLayout::Q4_1, PackLayout::Q8_0, PackLayout::Q4_K, PackLayout::IQ4_XS,
             PackLayout::IQ3_XXS, PackLayout::NVFP4 })
        m_layout->addItem(layoutTitle(l), int(l));
    m_layout->setToolTip(tr("The storage layout to show"));
    m_row->setToolTip(tr("The row (output channel) whose values are packed"));
    m_blockField->setToolTip(tr("Which block of the row to show"));
    m_row->setRange(0, 0);
    m_blockField->setRange(0, 0);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_title->setWordWrap(true);
    m_table->setHorizontalHeaderLabels({ tr("Value"), tr("Column"), tr("Original"), tr("Code"), tr("Bits"), tr("Scale"), tr("Zero"),
        tr("Min"), tr("Dequantized"), tr("Stored in"), tr("Level") });
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    enableTsvCopy(m_table);

    // Controls in a line above the map.
    auto* controls = new QHBoxLayout;
    for (auto [label, field] : { std::pair<QString, QWidget*> { tr("&Layout:"), m_layout }, { tr("&Row:"), m_row }, { tr("&Block:"), m_blockField } }) {
        auto* l = new QLabel(label, this);
        l->setBuddy(field);
        controls->addWidget(l);
        controls->addWidget(field);
    }
    controls->addStretch(1);
    m_summary->setMinimumWidth(260);
    m_summary->setMaximumWidth(300);
    // The explanation beside the map (which rarely fills its height); the table gets the full width.
    auto* top = new QHBoxLayout;
    top->addWidget(m_map, 1);
    top->addWidget(m_summary);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(controls);
    layout->addLayout(top, 2);
    layout->addWidget(m_table, 2);

    connect(m_layout, &QComboBox::currentIndexChanged, this, [this] {
        m_blockField->setValue(0);
        compute();
    });
    connect(m_row, &QSpinBox::valueChanged, this, &PackingView::compute);
    connect(m_blockField, &QSpinBox::valueChanged, this, &PackingView::compute);
    connect(m_worker, &TensorWorker::finished, this, &PackingView::accept);
    connect(m_worker, &TensorWorker::failed, m_summary, &QLabel::setText);
    connect(m_map, &BlockMap::valueClicked, this, &PackingView::select);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0)
            m_map->setSelected(row);
    });
    m_title->setText(tr("Select a tensor to see how its values are stored."));
}

QString PackingView::summaryText() const { return m_summary->text(); }

void PackingView::setTensor(std::shared_ptr<const Model> model, size_t index)
{
    m_title->setText(tr("<b>%1</b> %2").arg(QString::fromStdString(model->tensors[index].name).toHtmlEscaped(),
        formatShape(model->tensors[index].shape)));
    m_worker->setTensor(std::move(model), index);
    for (QSpinBox* s : { m_row, m_blockField }) {
        const QSignalBlocker block(s);
        s->setValue(0);
    }
    compute();
}

void PackingView::compute()
{
    m_ready = false;
    if (!m_worker->model())
        return;
    if (!m_worker->fits()) {
        m_block = {};
        m_map->setBlock(nullptr);
        m_table->setRowCount(0);
        m_summary->setText(tr("Packing is shown for tensors of up to %1 values; this one has %2.")
                .arg(formatCount(TensorWorker::kMaxValues), formatCount(m_worker->model()->tensors[m_worker->index()].parameters)));
        return;
    }
    const auto layout = PackLayout(m_layout->currentData().toInt());
    const int64_t row = m_row->value(), block = m_blockField->value();
    m_worker->run([=](const WeightMatrix& w) -> std::any {
        Result r;
        r.rows = w.rows;
        r.cols = w.cols;
        if (w.rows == 0 || w.cols == 0)
            throw Error(ErrorCode::Unsupported, {}, { "packing an empty tensor" });
        const int64_t rr = std::min(row, w.rows - 1);
        const int64_t blocks = (w.cols + blockValues(layout) - 1) / blockValues(layout);
        float amax = -1; // NVFP4's FP32 scale follows the whole tensor's largest magnitude
        if (layout == PackLayout::NVFP4) {
            amax = 0;
            for (int64_t i = 0; i < w.size(); ++i)
                if (std::isfinite(w.data[i]))
                    amax = std::max(amax, std::fabs(w.data[i]));
        }
        r.block = packBlock(layout, w.data + rr * w.cols, w.cols, std::min(block, blocks - 1), amax);
        return r;
    });
}

void PackingView::accept(const std::any& result)
{
    Result r = std::any_cast<Result>(result);
    m_block = std::move(r.block);
    {
        const QSignalBlocker b1(m_row), b2(m_blockField);
        m_row->setRange(0, int(std::min<int64_t>(r.rows - 1, INT32_MAX)));
        m_blockField->setRange(0, int(m_block.blocks - 1));
    }
    const QLocale l;
    auto num = [&](double x) { return l.toString(x, 'g', 6); };
    QString s;
    switch (m_block.layout) {
    case PackLayout::Int4:
        s = tr("Symmetric INT4 per group of 32: code = round(x / scale) + 8, two codes per byte (value 2i in the low "
               "nibble of byte i, 2i+1 in the high nibble). The FP16 scale %1 (%2) is kept beside the codes, as GPTQ "
               "and AWQ checkpoints keep it in a separate tensor.")
                .arg(num(m_block.d), hex16(m_block.dBits));
        break;
    case PackLayout::Q4_0:
        s = tr("llama.cpp Q4_0: an FP16 scale d = %1 (%2), then 16 bytes of codes: value j in the low nibble of "
               "code byte j, value j+16 in its high nibble; x = d × (code − 8).")
                .arg(num(m_block.d), hex16(m_block.dBits));
        break;
    case PackLayout::Q4_1:
        s = tr("llama.cpp Q4_1: FP16 scale d = %1 (%2) and minimum m = %3 (%4), then 16 bytes of codes laid out as "
               "in Q4_0; x = d × code + m.")
                .arg(num(m_block.d), hex16(m_block.dBits), num(m_block.m), hex16(m_block.mBits));
        break;
    case PackLayout::Q8_0:
        s = tr("llama.cpp Q8_0: an FP16 scale d = %1 (%2), then one signed byte per value; x = d × code.")
                .arg(num(m_block.d), hex16(m_block.dBits));
        break;
    case PackLayout::Q4_K: {
        s = tr("llama.cpp Q4_K: a super-block of 256 values in eight sub-blocks of 32. FP16 d = %1 (%2) and "
               "dmin = %3 (%4); twelve bytes pack each sub-block's 6-bit scale and 6-bit minimum; each 64 values "
               "share 32 code bytes (first 32 in the low nibbles, next 32 in the high ones); "
               "x = (d × scale) × code − dmin × min.")
                .arg(num(m_block.d), hex16(m_block.dBits), num(m_block.m), hex16(m_block.mBits));
        QStringList subs;
        for (size_t j = 0; j < m_block.subScales.size(); ++j)
            subs << tr("%1: scale %2, min %3").arg(j).arg(m_block.subScales[j].scale6).arg(m_block.subScales[j].min6);
        s += QStringLiteral("\n\n") + tr("Sub-blocks:") + QLatin1Char('\n') + subs.join(QLatin1Char('\n'));
        break;
    }
    case PackLayout::IQ4_XS: {
        s = tr("llama.cpp IQ4_XS: a super-block of 256 values in eight sub-blocks of 32. FP16 d = %1 (%2); each "
               "sub-block's 6-bit scale keeps its low four bits in bytes 4–7 and its top two in bytes 2–3; each 32 "
               "values share 16 code bytes (first 16 in the low nibbles); a code picks one of 16 non-linear levels "
               "(−127 … 113); x = d × (scale − 32) × level.")
                .arg(num(m_block.d), hex16(m_block.dBits));
        QStringList subs;
        for (size_t j = 0; j < m_block.subScales.size(); ++j)
            subs << tr("%1: scale %2 → %3").arg(j).arg(m_block.subScales[j].scale6).arg(num(m_block.subScales[j].scale));
        s += QStringLiteral("\n\n") + tr("Sub-blocks:") + QLatin1Char('\n') + subs.join(QLatin1Char('\n'));
        break;
    }
    case PackLayout::IQ3_XXS: {
        s = tr("llama.cpp IQ3_XXS: 256 values, FP16 d = %1 (%2). Values go in fours to points of a lattice of 256 "
               "(each coordinate one of 4, 12, …, 62): 64 index bytes, one per point. Per 32 values a 32-bit word holds "
               "four groups of 7 sign bits (the eighth sign of each group of 8 makes the number of minus signs even) "
               "and, in its top four bits, the sub-block's scale s; x = d × (0.5 + s) / 2 × ±level.")
                .arg(num(m_block.d), hex16(m_block.dBits));
        QStringList subs;
        for (size_t j = 0; j < m_block.subScales.size(); ++j)
            subs << tr("%1: scale %2 → %3").arg(j).arg(m_block.subScales[j].scale6).arg(num(m_block.subScales[j].scale));
        s += QStringLiteral("\n\n") + tr("Sub-blocks:") + QLatin1Char('\n') + subs.join(QLatin1Char('\n'));
        break;
    }
    case PackLayout::NVFP4:
        s = tr("NVIDIA NVFP4 (as ModelOpt stores it): 16 E2M1 codes, value 2i in the low nibble of byte i and 2i+1 in "
               "the high one, and the block's E4M3 scale %1 (0x%2), kept in a separate scale tensor. The tensor's FP32 "
               "scale %3 = max |x| / (6 × 448) is stored once per tensor; x = E2M1 level × E4M3 scale × FP32 scale.")
                .arg(num(m_block.d))
                .arg(m_block.dBits, 2, 16, QLatin1Char('0'))
                .arg(num(m_block.tensorScale));
        break;
    }
    s += QStringLiteral("\n\n") + tr("%1 bits per weight.").arg(num(m_block.bitsPerWeight()));
    if (m_block.padded)
        s += QLatin1Char(' ')
            + tr("The row has %1 values, not a multiple of %2: the last block is padded with zeros here, and llama.cpp "
                 "cannot store this tensor in this format.")
                  .arg(m_block.rowLength)
                  .arg(blockValues(m_block.layout));
    m_summary->setText(s);
    m_map->setBlock(&m_block);
    fillTable();
    select(m_map->selected());
    m_ready = true;
    emit blockReady();
}

void PackingView::fillTable()
{
    const QLocale l;
    auto num = [&](double x) { return l.toString(x, 'g', 6); };
    m_table->setRowCount(int(m_block.values.size()));
    for (int i = 0; i < int(m_block.values.size()); ++i) {
        const PackedValue& v = m_block.values[size_t(i)];
        QString where = v.width == 8 ? tr("byte %1").arg(v.byte) : tr("byte %1, bits %2–%3").arg(v.byte).arg(v.shift).arg(v.shift + v.width - 1);
        if (v.point >= 0)
            where = v.signImplied ? tr("byte %1 (point %2, position %3), sign implied").arg(v.byte).arg(v.point).arg(v.pointPos)
                                  : tr("byte %1 (point %2, position %3), sign: byte %4 bit %5")
                                        .arg(v.byte)
                                        .arg(v.point)
                                        .arg(v.pointPos)
                                        .arg(v.signByte)
                                        .arg(v.signBit);
        const QString none = QStringLiteral("–");
        const QStringList cells { QString::number(i), QString::number(v.column), v.padding ? tr("padding") : num(v.original),
            QString::number(v.code), binary(v.code, v.width), num(v.scale), v.hasLevel ? none : QString::number(v.zero),
            v.hasLevel ? none : num(v.min), num(v.dequantized), where, v.hasLevel ? num(v.level) : none };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c != 9)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, c, item);
        }
    }
}

void PackingView::select(int value)
{
    if (value < 0 || value >= m_table->rowCount())
        return;
    m_map->setSelected(value);
    const QSignalBlocker block(m_table);
    m_table->setCurrentCell(value, 0);
    m_table->scrollToItem(m_table->item(value, 0));
}

} // namespace ql

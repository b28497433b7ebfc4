#pragma once
// Packing: how one block of the selected row is stored — INT4 nibbles in bytes, llama.cpp's Q4_0,
// Q4_1, Q8_0 blocks, the Q4_K and IQ4_XS super-blocks with their 6-bit sub-scales, IQ3_XXS's lattice
// indices and sign bits, and NVIDIA's NVFP4 — bit by bit, with the actual numbers: each value's
// code, where its bits are, and the arithmetic that turns it back into a float.

#include "core/io/model.h"
#include "core/quant/packing.h"
#include "chartwidget.h"
#include "tensorworker.h"

#include <QWidget>

#include <array>
#include <memory>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace ql {

/// The bytes of one block, each drawn as its eight bits (most significant on the left) coloured by
/// what they hold; the selected value's bits (and, for Q4_K, its sub-block's scale and minimum bits)
/// are outlined and its arithmetic written below.
class BlockMap : public ChartWidget {
    Q_OBJECT
public:
    explicit BlockMap(QWidget* parent = nullptr);
    void setBlock(const PackedBlock* block);
    void setSelected(int value);
    int selected() const { return m_selected; }
    /// What bit \p bit (0 = least significant) of byte \p byte holds: a value index, or −1.
    int valueAt(int byte, int bit) const;
    /// The centre of bit \p bit of byte \p byte in widget coordinates (for tests and tooltips).
    QPointF bitCentre(int byte, int bit) const;
    QString csv() const override;
    QString selectionText() const;

signals:
    void valueClicked(int value);

protected:
    void paintChart(QPainter& p, const QRect& area) override;
    QString chartTitle() const override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    enum class BitKind { Scale, Min, SubScale, SubMin, CodeLow, CodeHigh, Sign };
    struct BitOwner {
        BitKind kind = BitKind::CodeLow;
        int owner = -1; ///< value index (codes) or sub-block (sub-scales)
    };
    struct Geometry {
        QRectF grid;
        int perRow = 16;
        double cellW = 0, rowH = 0, bitW = 0, bitH = 0, labelH = 0;
    };
    Geometry geometry(const QRect& area) const;
    QRectF bitRect(const Geometry& g, int byte, int bit) const;
    /// The byte and bit at \p pos, or false.
    bool hit(const QPointF& pos, int& byte, int& bit) const;
    QString bitToolTip(int byte, int bit) const;

    const PackedBlock* m_block = nullptr;
    std::vector<std::array<BitOwner, 8>> m_owners;
    int m_selected = 0;
};

class PackingView : public QWidget {
    Q_OBJECT
public:
    explicit PackingView(QWidget* parent = nullptr);
    void setTensor(std::shared_ptr<const Model> model, size_t index);

    QComboBox* layoutBox() const { return m_layout; }
    QSpinBox* rowField() const { return m_row; }
    QSpinBox* blockField() const { return m_blockField; }
    BlockMap* map() const { return m_map; }
    QTableWidget* table() const { return m_table; }
    const PackedBlock& block() const { return m_block; }
    QString summaryText() const;
    bool ready() const { return m_ready; }

signals:
    void blockReady();

private:
    struct Result {
        PackedBlock block;
        int64_t rows = 0, cols = 0;
    };
    void compute();
    void accept(const std::any& result);
    void select(int value);
    void fillTable();

    TensorWorker* m_worker;
    PackedBlock m_block;
    bool m_ready = false;
    QLabel* m_title;
    QComboBox* m_layout;
    QSpinBox* m_row;
    QSpinBox* m_blockField;
    QLabel* m_summary;
    BlockMap* m_map;
    QTableWidget* m_table;
};

} // namespace ql

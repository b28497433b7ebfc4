#include "learnpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace ql {

std::vector<Lesson> lessons()
{
    std::vector<Lesson> l(8);
    l[0].title = LearnPanel::tr("The affine map and the sawtooth");
    l[0].text = LearnPanel::tr(
        "<p>Quantizing maps each real value <i>x</i> to an integer code <i>q</i> = round(<i>x</i> / <i>s</i>) + <i>z</i> "
        "and back to <i>x̂</i> = <i>s</i> · (<i>q</i> − <i>z</i>). The step <i>s</i> is the <b>scale</b>, <i>z</i> the "
        "<b>zero-point</b>.</p>"
        "<p>Rounding moves <i>x</i> to the nearest level, so the error <i>x̂</i> − <i>x</i> is a <b>sawtooth</b>: it "
        "falls as <i>x</i> grows and jumps back by <i>s</i> at every midpoint between two levels, never more than "
        "<i>s</i>/2 in size.</p>"
        "<p>The chart shows that sawtooth for INT3 over stories260K's <tt>blk.3.attn_q.weight</tt>, with the "
        "weights' own density underneath. Raise <b>Bits</b> to 4, 5, 6: every extra bit halves <i>s</i>, the teeth "
        "shrink, and the SQNR read-out rises by about 6 dB.</p>");
    l[0].tensor = QStringLiteral("blk.3.attn_q.weight");
    l[0].view = QStringLiteral("sawtooth");
    l[0].bits = 3;
    l[0].clipPerMille = 1000;
    l[0].symmetric = 1;

    l[1].title = LearnPanel::tr("Scale and zero-point");
    l[1].text = LearnPanel::tr(
        "<p>The scale sets how far apart the levels are: <i>s</i> = range / (levels − 1). Spreading the levels over "
        "the full range spends resolution on the few values at the edges.</p>"
        "<p>Drag <b>Clip</b> down to about 70 %: the levels move closer, the teeth shrink where most weights are, "
        "and the values beyond the clip (shaded) saturate to the outermost level with a large error. The relative "
        "MSE read-out shows the trade: it falls at first, then rises once too much is clipped.</p>"
        "<p>This grid is asymmetric: the zero-point <i>z</i> shifts the levels so that 0.0 falls exactly on one of "
        "them (zeros from padding or ReLU stay exact). Type another zero-point to see the grid slide off zero.</p>");
    l[1].tensor = QStringLiteral("blk.3.attn_q.weight");
    l[1].view = QStringLiteral("sawtooth");
    l[1].bits = 4;
    l[1].clipPerMille = 1000;
    l[1].symmetric = 0;

    l[2].title = LearnPanel::tr("Symmetric vs asymmetric");
    l[2].text = LearnPanel::tr(
        "<p>A <b>symmetric</b> grid is centred on zero: <i>z</i> = 0 and <i>s</i> = max|<i>x</i>| / (2<sup><i>b</i>−1</sup> − 1). "
        "It is cheap (no zero-point to store or add) and right for weights spread evenly around zero.</p>"
        "<p>This tensor, <tt>blk.0.ffn_norm.weight</tt> (RMSNorm gains), holds only values between 0.36 and 0.74. A "
        "symmetric INT4 grid spends half its 16 levels on negative numbers nobody uses.</p>"
        "<p>Untick <b>Symmetric</b>: the <b>asymmetric</b> grid puts all 16 levels on [0, max], twice as fine, and "
        "the error drops about fivefold. The range still includes 0 so that zero stays exact, which leaves the "
        "levels below 0.36 unused; llama.cpp's Q4_1 and Q4_K store a minimum instead of a zero-point and avoid even "
        "that. Activations after ReLU or softmax are one-sided too, which is why they are usually quantized "
        "asymmetrically.</p>");
    l[2].tensor = QStringLiteral("blk.0.ffn_norm.weight");
    l[2].view = QStringLiteral("grid");
    l[2].bits = 4;
    l[2].symmetric = 1;
    l[2].method = 0;

    l[3].title = LearnPanel::tr("Per-tensor, per-channel, per-group");
    l[3].text = LearnPanel::tr(
        "<p>One scale for a whole tensor must cover its widest output channel, so narrow channels get only a few "
        "levels. <b>Per-channel</b> quantization gives every output channel (a row of the weight) its own scale; "
        "<b>per-group</b> goes further, with one scale per group of <i>g</i> consecutive inputs (32 to 128 in GPTQ "
        "and llama.cpp).</p>"
        "<p>Each box is one output channel of <tt>blk.1.ffn_gate.weight</tt>: red ones have an unusually wide "
        "range. The read-out compares the relative MSE of INT4 per tensor, per channel and per group of 32. Each "
        "finer granularity costs a little storage (an FP16 scale per group adds 16/<i>g</i> bits per weight) and "
        "buys accuracy.</p>");
    l[3].tensor = QStringLiteral("blk.1.ffn_gate.weight");
    l[3].view = QStringLiteral("channels");
    l[3].bits = 4;
    l[3].group = 32;

    l[4].title = LearnPanel::tr("Outliers");
    l[4].text = LearnPanel::tr(
        "<p>A few large values stretch the range, and with it the scale of every value that shares it. "
        "<b>Kurtosis</b> measures how heavy the tails are (0 for a normal distribution); <b>max|x| / std</b> says "
        "how many standard deviations out the largest value lies.</p>"
        "<p>The table lists this tensor's largest values with their channels and z-scores; the bars show every "
        "weight tensor over depth, red ones beyond the model's own 1.5 × IQR fence.</p>"
        "<p>In large language models a handful of hidden dimensions carry activations 10 to 100 times larger "
        "than the rest (LLM.int8(), SmoothQuant): this is why per-channel scales, clipping and methods such as AWQ "
        "matter.</p>");
    l[4].tensor = QStringLiteral("blk.0.attn_output.weight");
    l[4].view = QStringLiteral("outliers");

    l[5].title = LearnPanel::tr("Calibration");
    l[5].text = LearnPanel::tr(
        "<p>Calibration chooses the range a scale covers. <b>Min-max</b> covers every value but wastes levels on "
        "outliers; a <b>percentile</b> (here 99.9 %) ignores the extreme tail; <b>MSE</b> searches the clip that "
        "minimises the squared error; <b>KL</b> (TensorRT's entropy method) keeps the quantized histogram closest "
        "to the original one.</p>"
        "<p>The chart draws the INT3 levels over <tt>blk.3.attn_q.weight</tt>'s histogram, with the range each "
        "method picks and the error it gives. Choose the methods in turn and watch the grid move.</p>"
        "<p>For weights, MSE usually wins; for activations, where the next batch is not the calibration batch, "
        "a percentile or KL is the safer choice.</p>");
    l[5].tensor = QStringLiteral("blk.3.attn_q.weight");
    l[5].view = QStringLiteral("grid");
    l[5].bits = 3;
    l[5].symmetric = 1;
    l[5].method = 2;

    l[6].title = LearnPanel::tr("The format ladder");
    l[6].text = LearnPanel::tr(
        "<p>Floats spend their bits on sign, exponent and mantissa. <b>BF16</b> keeps FP32's 8-bit exponent (the "
        "same range) with 7 mantissa bits; <b>FP16</b> has 5 exponent and 10 mantissa bits; <b>FP8 E4M3</b> (largest "
        "value 448) and <b>E5M2</b> trade precision for range; <b>FP4 E2M1</b> has just eight magnitudes: 0, 0.5, 1, "
        "1.5, 2, 3, 4, 6. INT8, INT4 and NF4 use a scale instead.</p>"
        "<p>Each row shows how one value, here 0.1, is stored and the nearest values the format can hold. Click a "
        "bit to flip it, or type another value. The size calculator shows what each format means for a 7B or 70B "
        "model.</p>");
    l[6].tensor = QStringLiteral("blk.3.attn_q.weight");
    l[6].view = QStringLiteral("bits");
    l[6].value = 0.1;

    l[7].title = LearnPanel::tr("Mixed precision");
    l[7].text = LearnPanel::tr(
        "<p>Layers are not equally sensitive. The <b>sweep</b> quantizes every tensor at every candidate format and "
        "measures its error; the <b>planner</b> then picks one format per tensor that minimises the total error "
        "under a size budget, a knapsack problem it solves exactly.</p>"
        "<p>The sweep has run for you. Drag the budget: sensitive tensors keep more bits while robust ones drop "
        "to 4 or 3. <b>Evaluate plan</b> runs the model itself to check that the predicted error holds, and "
        "<b>Export…</b> writes the plan for llama.cpp, GPTQModel, llm-compressor or ModelOpt.</p>");
    l[7].tensor = QStringLiteral("blk.3.attn_q.weight");
    l[7].view = QStringLiteral("plan");
    l[7].budget = 5.0;
    return l;
}

LearnPanel::LearnPanel(QWidget* parent)
    : QWidget(parent)
    , m_lessons(lessons())
    , m_list(new QListWidget(this))
    , m_text(new QTextBrowser(this))
    , m_previous(new QPushButton(tr("◀ &Previous"), this))
    , m_next(new QPushButton(tr("&Next ▶"), this))
    , m_again(new QPushButton(tr("&Reset view"), this))
{
    for (size_t i = 0; i < m_lessons.size(); ++i)
        m_list->addItem(tr("%1. %2").arg(i + 1).arg(m_lessons[i].title));
    m_list->setMaximumHeight(m_list->sizeHintForRow(0) * int(m_lessons.size()) + 2 * m_list->frameWidth() + 4);
    m_list->setToolTip(tr("Choose a lesson: its tensor and view open beside the text"));
    m_text->setOpenLinks(false);
    m_previous->setToolTip(tr("The previous lesson"));
    m_next->setToolTip(tr("The next lesson"));
    m_again->setToolTip(tr("Open this lesson's tensor and view again, with the lesson's settings"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_previous);
    buttons->addWidget(m_again);
    buttons->addWidget(m_next);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_current)
            showLesson(row);
    });
    connect(m_previous, &QPushButton::clicked, this, [this] { showLesson(m_current - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showLesson(m_current + 1); });
    connect(m_again, &QPushButton::clicked, this, [this] {
        if (m_current >= 0)
            emit lessonRequested(m_current);
    });
}

void LearnPanel::showLesson(int index)
{
    if (index < 0 || index >= int(m_lessons.size()))
        return;
    m_current = index;
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(index);
    }
    m_text->setHtml(QStringLiteral("<h3>%1</h3>%2").arg(m_list->item(index)->text().toHtmlEscaped(), m_lessons[size_t(index)].text));
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < int(m_lessons.size()));
    emit lessonRequested(index);
}

} // namespace ql

#include "plannerview.h"
#include "chartexport.h"
#include "tablecopy.h"

#include "errortext.h"
#include "format.h"
#include "jobrunner.h"
#include "planmodel.h"
#include "plansolver.h"
#include "sweepmodel.h"
#include "textsource.h"

#include "core/eval/llama.h"
#include "core/eval/sensitivity.h"
#include "core/quant/modelquant.h"
#include "core/util/atomicfile.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMessageBox>
#include <QPushButton>
#include <QScatterSeries>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include <map>
#include <set>

namespace ql {

namespace {
    const QString kSweepJob = QStringLiteral("sweep");
    const QString kJudgeJob = QStringLiteral("judge");
    /// The slider moves in hundredths of a bit per weight.
    constexpr double kSliderStep = 0.01;
    constexpr double kDefaultBudget = 4.5;

    struct Preset {
        const char* name;
        const char* specs;
    };

    /// Edits a tensor's spec with a list of the sweep's specs.
    class SpecDelegate : public QStyledItemDelegate {
    public:
        using QStyledItemDelegate::QStyledItemDelegate;
        QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex& index) const override
        {
            auto* box = new QComboBox(parent);
            box->addItems(index.data(PlanModel::ChoicesRole).toStringList());
            return box;
        }
        void setEditorData(QWidget* editor, const QModelIndex& index) const override
        {
            auto* box = static_cast<QComboBox*>(editor);
            box->setCurrentIndex(std::max(0, box->findText(index.data(Qt::EditRole).toString())));
        }
        void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
        {
            model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
        }
    };
}

PlannerView::PlannerView(JobRunner* jobs, QWidget* parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_solver(new PlanSolver(this))
    , m_target(new QComboBox(this))
    , m_preset(new QComboBox(this))
    , m_specs(new QLineEdit(this))
    , m_run(new QPushButton(tr("Run sweep"), this))
    , m_continue(new QPushButton(this))
    , m_method(new QComboBox(this))
    , m_sweepModel(new SweepModel(this))
    , m_sweepProxy(new QSortFilterProxyModel(this))
    , m_heatmap(new QTableView(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_budget(new QDoubleSpinBox(this))
    , m_totals(new QLabel(this))
    , m_exportFormat(new QComboBox(this))
    , m_planModel(new PlanModel(this))
    , m_planTable(new QTableView(this))
    , m_chart(new QChartView(this))
    , m_frontier(new QLineSeries)
    , m_current(new QScatterSeries)
    , m_judge(new QLabel(this))
    , m_numerics(new QComboBox(this))
    , m_presetNote(new QLabel(this))
    , m_compare(nullptr)
    , m_ownMix(nullptr)
    , m_validationChart(new QChartView(this))
    , m_validation(new QScatterSeries)
    , m_bitsChart(new QChartView(this))
    , m_bits(new QBarSeries)
    , m_sensitivityChart(new QChartView(this))
    , m_sensitivity(new QBarSeries)
    , m_sensitivitySpec(new QComboBox(this))
    , m_sensitivityMetric(new QComboBox(this))
{
    enableChartExport(m_chart);
    enableChartExport(m_validationChart);
    enableChartExport(m_bitsChart);
    enableChartExport(m_sensitivityChart);
    for (const PlanTarget t : planTargets())
        m_target->addItem(targetDisplayName(t), int(t));
    m_target->setToolTip(tr("The tool the plan is for: it decides the candidate specs, the presets beside the frontier, "
                            "the judge's arithmetic and the export"));
    m_specs->setToolTip(tr("Candidate specs, separated by commas"));
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(20);
    m_specs->setMinimumWidth(180);
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            m_specs->setText(m_preset->itemData(i).toString());
    });
    m_numerics->addItem(tr("llama.cpp arithmetic"), int(Numerics::Kind::LlamaCpp));
    m_numerics->addItem(tr("float arithmetic"), int(Numerics::Kind::Float));
    m_numerics->setToolTip(tr("How the judge computes: as llama.cpp's CPU inference does (activations rounded to each weight "
                              "type's dot-product type, F16 KV cache), or in float, independent of any tool"));
    connect(m_run, &QPushButton::clicked, this, &PlannerView::runSweep);
    connect(m_continue, &QPushButton::clicked, this, &PlannerView::continueSweep);
    m_continue->setToolTip(tr("Measure the tensors the cancelled sweep did not reach, keeping the rows it finished"));
    m_continue->hide();
    connect(m_jobs, &JobRunner::finished, this, [this](const QString& kind) {
        if (kind == kSweepJob && !m_jobs->isRunning(kSweepJob))
            showContinue();
    });
    m_method->addItem(tr("RTN"), int(QuantMethod::Rtn));
    m_method->addItem(QStringLiteral("GPTQ"), int(QuantMethod::Gptq));
    m_method->addItem(QStringLiteral("AWQ"), int(QuantMethod::Awq));
    m_method->setEnabled(false);
    m_method->setToolTip(tr("How each candidate is applied: round-to-nearest, or GPTQ / AWQ with the captured inputs "
                            "(File → Capture Activations or Open Calibration Activations)"));
    auto* openButton = new QPushButton(tr("Open sweep…"), this);
    auto* saveButton = new QPushButton(tr("Save sweep…"), this);
    connect(openButton, &QPushButton::clicked, this, &PlannerView::openSweep);
    connect(saveButton, &QPushButton::clicked, this, &PlannerView::saveSweep);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Target"), this));
    top->addWidget(m_target);
    top->addWidget(new QLabel(tr("Candidates"), this));
    top->addWidget(m_preset);
    top->addWidget(m_specs, 1);
    top->addWidget(m_method);
    top->addWidget(m_run);
    top->addWidget(m_continue);
    top->addWidget(openButton);
    top->addWidget(saveButton);

    m_sweepProxy->setSourceModel(m_sweepModel);
    m_sweepProxy->setSortRole(SweepModel::SortRole);
    m_heatmap->setModel(m_sweepProxy);
    enableTsvCopy(m_heatmap);
    m_heatmap->setSortingEnabled(true);
    m_heatmap->sortByColumn(-1, Qt::AscendingOrder);
    m_heatmap->verticalHeader()->hide();
    m_heatmap->horizontalHeader()->setDefaultSectionSize(92);
    m_heatmap->setToolTip(tr("Relative MSE of every tensor under every candidate, on a log colour scale"));

    m_slider->setToolTip(tr("Budget in bits per weight"));
    m_budget->setDecimals(2);
    m_budget->setSingleStep(0.05);
    m_budget->setSuffix(tr(" bits/weight"));
    m_slider->setEnabled(false);
    m_budget->setEnabled(false);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        const double bpw = v * kSliderStep;
        if (std::abs(m_budget->value() - bpw) > kSliderStep / 2)
            m_budget->setValue(bpw);
    });
    connect(m_solver, &PlanSolver::solved, this, &PlannerView::applyPlan);
    connect(m_solver, &PlanSolver::failed, m_totals, &QLabel::setText);
    connect(m_budget, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(int(std::lround(v / kSliderStep)));
        replan();
    });
    auto* exportButton = new QPushButton(tr("Export…"), this);
    auto* savePlanButton = new QPushButton(tr("Save plan…"), this);
    connect(exportButton, &QPushButton::clicked, this, &PlannerView::exportInteractively);
    connect(savePlanButton, &QPushButton::clicked, this, &PlannerView::savePlanInteractively);

    auto* budgetRow = new QHBoxLayout;
    budgetRow->addWidget(new QLabel(tr("Budget"), this));
    budgetRow->addWidget(m_slider, 1);
    budgetRow->addWidget(m_budget);
    budgetRow->addWidget(m_exportFormat);
    budgetRow->addWidget(exportButton);
    budgetRow->addWidget(savePlanButton);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_planTable->setModel(m_planModel);
    enableTsvCopy(m_planTable);
    m_planTable->setItemDelegateForColumn(PlanModel::Spec, new SpecDelegate(m_planTable));
    connect(m_planModel, &PlanModel::overrideRequested, this, &PlannerView::lockTensor);
    m_planTable->setWordWrap(false);
    m_planTable->setTextElideMode(Qt::ElideMiddle);
    m_planTable->verticalHeader()->hide();
    m_planTable->verticalHeader()->setDefaultSectionSize(22);
    m_heatmap->verticalHeader()->setDefaultSectionSize(22);
    m_heatmap->setWordWrap(false);
    m_planTable->horizontalHeader()->setStretchLastSection(true);

    QChart* chart = m_chart->chart();
    m_frontier->setName(tr("Pareto frontier"));
    m_current->setName(tr("Current plan"));
    m_current->setMarkerSize(11);
    chart->addSeries(m_frontier);
    chart->addSeries(m_current);
    auto* x = new QValueAxis;
    x->setTitleText(tr("bits per weight"));
    auto* y = new QLogValueAxis;
    y->setBase(10);
    y->setLabelFormat(QStringLiteral("%.0e"));
    y->setTitleText(tr("predicted error (log scale)"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : { static_cast<QAbstractSeries*>(m_frontier), static_cast<QAbstractSeries*>(m_current) }) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);

    // Predicted against measured error of the plans along the frontier.
    QChart* vchart = m_validationChart->chart();
    m_validation->setName(tr("Plans along the frontier"));
    m_validation->setMarkerSize(9);
    vchart->addSeries(m_validation);
    auto* vx = new QValueAxis;
    vx->setTitleText(tr("predicted error"));
    auto* vy = new QValueAxis;
    vy->setTitleText(tr("measured KL divergence"));
    vchart->addAxis(vx, Qt::AlignBottom);
    vchart->addAxis(vy, Qt::AlignLeft);
    m_validation->attachAxis(vx);
    m_validation->attachAxis(vy);
    vchart->legend()->setAlignment(Qt::AlignBottom);
    m_validationChart->setRenderHint(QPainter::Antialiasing);
    // Bits per weight of every tensor, in model order (depth).
    QChart* bchart = m_bitsChart->chart();
    bchart->addSeries(m_bits);
    auto* bx = new QBarCategoryAxis;
    auto* by = new QValueAxis;
    by->setTitleText(tr("bits per weight"));
    by->setRange(0, 16);
    bchart->addAxis(bx, Qt::AlignBottom);
    bchart->addAxis(by, Qt::AlignLeft);
    m_bits->attachAxis(bx);
    m_bits->attachAxis(by);
    bchart->legend()->hide();
    m_bitsChart->setRenderHint(QPainter::Antialiasing);
    // Sensitivity of every tensor, in model order, for one spec.
    QChart* schart = m_sensitivityChart->chart();
    schart->addSeries(m_sensitivity);
    auto* sx = new QBarCategoryAxis;
    auto* sy = new QValueAxis;
    schart->addAxis(sx, Qt::AlignBottom);
    schart->addAxis(sy, Qt::AlignLeft);
    m_sensitivity->attachAxis(sx);
    m_sensitivity->attachAxis(sy);
    schart->legend()->hide();
    m_sensitivityChart->setRenderHint(QPainter::Antialiasing);
    for (QChartView* v : { m_chart, m_validationChart, m_bitsChart, m_sensitivityChart })
        applyChartPalette(v); // now that the axes exist
    m_sensitivityMetric->addItem(tr("Weight error (relative MSE)"));
    m_sensitivityMetric->addItem(tr("End-to-end KL (sweep with --e2e)"));
    auto update = [this] { showSensitivity(m_sensitivitySpec->currentIndex(), m_sensitivityMetric->currentIndex() == 1); };
    connect(m_sensitivitySpec, &QComboBox::currentIndexChanged, this, update);
    connect(m_sensitivityMetric, &QComboBox::currentIndexChanged, this, update);
    auto* sensitivityPage = new QWidget(this);
    auto* sensitivityLayout = new QVBoxLayout(sensitivityPage);
    sensitivityLayout->setContentsMargins(0, 0, 0, 0);
    auto* sensitivityBar = new QHBoxLayout;
    sensitivityBar->addWidget(m_sensitivitySpec);
    sensitivityBar->addWidget(m_sensitivityMetric);
    sensitivityLayout->addLayout(sensitivityBar);
    sensitivityLayout->addWidget(m_sensitivityChart, 1);

    auto* frontierPage = new QWidget(this);
    auto* frontierLayout = new QVBoxLayout(frontierPage);
    frontierLayout->setContentsMargins(0, 0, 0, 0);
    frontierLayout->addWidget(m_chart, 1);
    frontierLayout->addWidget(m_presetNote);
    auto* charts = new QTabWidget(this);
    charts->addTab(frontierPage, tr("Pareto frontier"));
    charts->addTab(sensitivityPage, tr("Sensitivity over depth"));
    charts->addTab(m_bitsChart, tr("Bits over depth"));
    charts->addTab(m_validationChart, tr("Predicted vs measured"));
    m_judgeSource = new TextSourceWidget(m_jobs, this);
    charts->addTab(m_judgeSource, tr("Judge text"));

    auto* evaluate = new QPushButton(tr("Evaluate plan"), this);
    auto* validate = new QPushButton(tr("Validate frontier"), this);
    evaluate->setToolTip(tr("Run the model with the plan and compare it with full precision"));
    validate->setToolTip(tr("Measure plans along the Pareto frontier end to end"));
    connect(evaluate, &QPushButton::clicked, this, &PlannerView::evaluatePlan);
    connect(validate, &QPushButton::clicked, this, &PlannerView::validateFrontier);
    m_judge->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_judge->setWordWrap(true);
    m_compare = new QPushButton(tr("Compare a GGUF…"), this);
    m_compare->setToolTip(tr("Place a quantized GGUF of this model beside the frontier: its stored types scored on this sweep"));
    connect(m_compare, &QPushButton::clicked, this, &PlannerView::compareFileInteractively);
    m_compare->setEnabled(false);
    m_ownMix = new QPushButton(tr("This file's own mix"), this);
    m_ownMix->setToolTip(tr("Show the types this GGUF file stores as the plan (what did this file do?)"));
    connect(m_ownMix, &QPushButton::clicked, this, &PlannerView::useFileOwnMix);
    m_ownMix->setEnabled(false);
    m_presetNote->setWordWrap(true);
    m_presetNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* clear = new QPushButton(tr("Clear locks"), this);
    clear->setToolTip(tr("Forget the specs chosen by hand and plan every tensor again"));
    connect(clear, &QPushButton::clicked, this, &PlannerView::clearLocks);
    auto* judgeRow = new QHBoxLayout;
    judgeRow->addWidget(clear);
    judgeRow->addWidget(m_ownMix);
    judgeRow->addWidget(m_compare);
    judgeRow->addWidget(m_numerics);
    judgeRow->addWidget(evaluate);
    judgeRow->addWidget(validate);
    judgeRow->addWidget(m_judge, 1);

    auto* lower = new QSplitter(this);
    lower->addWidget(m_planTable);
    lower->addWidget(charts);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_heatmap);
    auto* planBox = new QWidget(this);
    auto* planLayout = new QVBoxLayout(planBox);
    planLayout->setContentsMargins(0, 0, 0, 0);
    planLayout->addLayout(budgetRow);
    planLayout->addWidget(m_totals);
    planLayout->addLayout(judgeRow);
    planLayout->addWidget(lower, 1);
    split->addWidget(planBox);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    m_totals->setText(tr("Run a sweep (or open one) to plan a bit width per tensor."));
    connect(m_target, &QComboBox::currentIndexChanged, this, &PlannerView::targetChanged);
    setTarget(PlanTarget::None);
}

void PlannerView::setModel(std::shared_ptr<const Model> model)
{
    m_jobs->cancel(kSweepJob);
    m_model = std::move(model);
    m_run->setEnabled(bool(m_model));
    m_judgeSource->setModel(m_model);
    resetComparisons();
    // A GGUF or a Llama checkpoint is most likely made for llama.cpp; anything else for no tool in particular.
    setTarget(m_model && (m_model->format == Format::Gguf || LlamaModel::isLlama(*m_model)) ? PlanTarget::LlamaCpp : PlanTarget::None);
}

bool PlannerView::busy() const { return m_jobs->isRunning(kSweepJob) || m_jobs->isRunning(kJudgeJob); }

void PlannerView::setCalibration(std::shared_ptr<const CalibrationStore> store)
{
    ++m_calibrationGeneration;
    m_calibration = std::move(store);
    m_method->setEnabled(m_calibration != nullptr);
    if (!m_calibration)
        m_method->setCurrentIndex(0);
}

void PlannerView::runSweep()
{
    if (!m_model)
        return;
    std::vector<QuantSpec> specs;
    std::vector<std::string> names;
    try {
        for (const QString& part : m_specs->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            specs.push_back(parseSpec(part.trimmed().toStdString()));
            names.push_back(specs.back().toString());
        }
    } catch (const Error& e) {
        m_totals->setText(errorText(e));
        return;
    }
    if (specs.empty())
        return;
    try {
        checkTargetSpecs(target(), names);
    } catch (const Error& e) {
        m_totals->setText(errorText(e) + QLatin1Char(' ') + tr("Choose candidates the target can express, or the target “%1”.").arg(targetDisplayName(PlanTarget::None)));
        return;
    }
    m_sweepModel->reset(names);
    startSweep(std::move(specs), {}, {});
}

bool PlannerView::canContinueSweep() const
{
    return !m_sweepComplete && m_model && m_sweptModel == m_model->path && !m_sweepModel->sweep().rows.empty()
        && !m_jobs->isRunning(kSweepJob);
}

void PlannerView::setUnfinishedSweep(const SweepResult& sweep)
{
    if (!m_model)
        return;
    m_jobs->cancel(kSweepJob);
    m_sweepModel->setSweep(sweep);
    m_sweepComplete = false;
    m_sweptModel = m_model->path;
    showContinue();
}

void PlannerView::showContinue()
{
    const bool can = canContinueSweep();
    m_continue->setVisible(can);
    if (can)
        m_continue->setText(tr("Continue sweep (%n tensor(s) done)", nullptr, int(m_sweepModel->sweep().rows.size())));
}

void PlannerView::continueSweep()
{
    if (!canContinueSweep())
        return;
    const SweepResult partial = m_sweepModel->sweep();
    std::vector<QuantSpec> specs;
    for (const auto& s : partial.specs)
        specs.push_back(parseSpec(s));
    std::set<std::string> done;
    for (const auto& r : partial.rows)
        done.insert(r.name);
    std::vector<size_t> todo;
    for (size_t i = 0; i < m_model->tensors.size(); ++i)
        if (isQuantizable(m_model->tensors[i]) && !done.count(m_model->tensors[i].name))
            todo.push_back(i);
    m_continue->hide();
    startSweep(std::move(specs), std::move(todo), partial.rows);
}

void PlannerView::startSweep(std::vector<QuantSpec> specs, std::vector<size_t> tensors, std::vector<SweepRow> done)
{
    auto model = m_model;
    auto calibration = m_calibration;
    QuantOptions method;
    method.method = m_calibration ? QuantMethod(m_method->currentData().toInt()) : QuantMethod::Rtn;
    m_sweepComplete = false;
    m_sweptModel = model->path;
    m_continue->hide();
    const bool resumed = !done.empty();
    m_jobs->start(
        kSweepJob, tr("Sweeping %n candidate spec(s)…", nullptr, int(specs.size())),
        [model, specs, tensors, calibration, method, resumed](Progress& progress, const JobRunner::Partial& partial) -> std::any {
            if (resumed && tensors.empty())
                return SweepResult {};
            return ql::runSweep(*model, specs, tensors, &progress, [&](const SweepRow& row) { partial(row); }, calibration.get(), &method);
        },
        [this](std::any row) { m_sweepModel->addRow(std::any_cast<SweepRow>(row)); },
        [this, model, done](std::any result) {
            SweepResult sweep = std::any_cast<SweepResult>(result);
            if (!done.empty()) { // the cancelled run's rows and these, in the model's order
                std::map<std::string, SweepRow> rows;
                for (const auto& r : done)
                    rows.emplace(r.name, r);
                for (auto& r : sweep.rows)
                    rows.emplace(r.name, std::move(r));
                sweep.rows.clear();
                sweep.model = model->path;
                sweep.modelBytes = model->fileBytes;
                sweep.specs = m_sweepModel->sweep().specs;
                for (const auto& t : model->tensors)
                    if (auto it = rows.find(t.name); it != rows.end())
                        sweep.rows.push_back(std::move(it->second));
            }
            m_sweepComplete = true;
            setSweep(sweep);
            emit sweepFinished();
        },
        [this](const QString& message) { m_totals->setText(message); });
}

void PlannerView::setSweep(const SweepResult& sweep)
{
    m_sweepComplete = true;
    m_continue->hide();
    m_sweepModel->setSweep(sweep);
    m_solver->setSweep(sweep);
    m_planModel->setChoices(sweep.specs);
    m_locks.clear();
    {
        const QSignalBlocker block(m_sensitivitySpec);
        m_sensitivitySpec->clear();
        for (const auto& spec : sweep.specs)
            m_sensitivitySpec->addItem(shortSpec(spec));
    }
    showSensitivity(0, m_sensitivityMetric->currentIndex() == 1);
    m_heatmap->resizeColumnToContents(SweepModel::Name);
    m_haveSweep = !sweep.rows.empty();
    std::vector<FrontierPoint> frontier;
    try {
        frontier = paretoFrontier(sweep);
    } catch (const Error& e) {
        m_totals->setText(errorText(e));
    }
    m_frontier->clear();
    double lo = 0, hi = 16;
    if (!frontier.empty()) {
        lo = frontier.front().bitsPerWeight;
        hi = frontier.back().bitsPerWeight;
        // A large model's frontier has tens of thousands of corners, more than the chart has pixels,
        // and stroking them all made every repaint take a quarter of a second: one point per
        // thousandth of the size range is drawn (the ends always).
        QList<QPointF> points;
        const double bucket = std::max(hi - lo, 1e-9) / 1000;
        int64_t last = -1;
        for (size_t i = 0; i < frontier.size(); ++i) {
            const auto& p = frontier[i];
            if (!(p.predictedError > 0)) // a log axis: a plan without error (all 16-bit) has no place on it
                continue;
            const auto b = int64_t((p.bitsPerWeight - lo) / bucket);
            if (b != last || i + 1 == frontier.size())
                points.append(QPointF(p.bitsPerWeight, p.predictedError));
            last = b;
        }
        m_frontier->replace(points);
    }
    {
        const QSignalBlocker b1(m_slider), b2(m_budget);
        m_slider->setRange(int(std::ceil(lo / kSliderStep)), int(std::ceil(hi / kSliderStep)));
        m_budget->setRange(std::ceil(lo / kSliderStep) * kSliderStep, std::ceil(hi / kSliderStep) * kSliderStep);
        const double budget = std::clamp(kDefaultBudget, m_budget->minimum(), m_budget->maximum());
        m_budget->setValue(budget);
        m_slider->setValue(int(std::lround(budget / kSliderStep)));
    }
    m_slider->setEnabled(m_haveSweep);
    m_budget->setEnabled(m_haveSweep);
    m_compare->setEnabled(m_haveSweep && target() == PlanTarget::LlamaCpp);
    updatePresets();
    replan();
    m_planTable->resizeColumnToContents(PlanModel::Name);
    m_planTable->resizeColumnToContents(PlanModel::Spec);
}

void PlannerView::setBudget(double bitsPerWeight) { m_budget->setValue(bitsPerWeight); }

void PlannerView::showSensitivity(int specIndex, bool endToEnd)
{
    m_sensitivity->clear();
    const SweepResult& sweep = m_sweepModel->sweep();
    if (specIndex < 0 || size_t(specIndex) >= sweep.specs.size())
        return;
    auto* set = new QBarSet(endToEnd ? tr("end-to-end KL") : tr("relative MSE"));
    QStringList categories;
    double top = 0;
    for (const auto& row : sweep.rows) {
        const SweepCell& c = row.cells[size_t(specIndex)];
        const double v = endToEnd ? c.endToEnd : c.relMse;
        const double shown = c.skipped.empty() && std::isfinite(v) ? v : 0.0;
        *set << shown;
        top = std::max(top, shown);
        categories << QString::number(categories.size());
    }
    m_sensitivity->append(set);
    if (auto* axis = qobject_cast<QBarCategoryAxis*>(m_sensitivityChart->chart()->axes(Qt::Horizontal).value(0)))
        axis->setCategories(categories);
    if (auto* axis = qobject_cast<QValueAxis*>(m_sensitivityChart->chart()->axes(Qt::Vertical).value(0))) {
        axis->setRange(0, top > 0 ? top * 1.05 : 1);
        axis->setTitleText(endToEnd ? tr("KL divergence, this tensor alone") : tr("relative MSE"));
    }
}

void PlannerView::lockTensor(const QString& name, const QString& spec)
{
    m_locks[name.toStdString()] = spec.toStdString();
    replan();
}

void PlannerView::setLocks(std::map<std::string, std::string> locks)
{
    m_locks = std::move(locks);
    replan();
}

double PlannerView::budget() const { return m_budget->value(); }

void PlannerView::clearLocks()
{
    m_locks.clear();
    replan();
}

QString PlannerView::totalsText() const { return m_totals->text(); }

QString PlannerView::judgeText() const { return m_judge->text(); }

QString PlannerView::exportTo(ExportFormat format, const QString& path, QString* advice)
{
    try {
        const auto r = exportPlan(m_planModel->plan(), format, &m_sweepModel->sweep(), QFileInfo(path).completeBaseName().toStdString());
        writeExport(r, path.toStdString());
        if (advice)
            *advice = QString::fromStdString(adviceFor(r, path.toStdString()));
        return {};
    } catch (const Error& e) {
        return errorText(e);
    }
}

void PlannerView::exportInteractively()
{
    if (m_planModel->plan().entries.empty())
        return;
    const auto format = ExportFormat(m_exportFormat->currentData().toInt());
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plan"));
    if (path.isEmpty())
        return;
    QString advice;
    const QString error = exportTo(format, path, &advice);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Export plan"), error);
        return;
    }
    m_judge->setText(advice.isEmpty() ? tr("Exported to %1").arg(path) : tr("Exported. Run: %1").arg(advice.toHtmlEscaped()));
    if (!advice.isEmpty()) {
        QMessageBox box(QMessageBox::Information, tr("Export plan"), tr("The plan is written to %1. Run:").arg(path), QMessageBox::Ok, this);
        box.setInformativeText(advice);
        box.setTextInteractionFlags(Qt::TextSelectableByMouse);
        box.exec();
    }
}

void PlannerView::savePlanInteractively()
{
    if (m_planModel->plan().entries.empty())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save plan"), QString(), tr("QuantLens plans (*.json)"));
    if (path.isEmpty())
        return;
    try {
        savePlan(m_planModel->plan(), path.toStdString());
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Save plan"), errorText(e));
    }
}

void PlannerView::saveSweep()
{
    if (!m_haveSweep)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save sweep"), QString(), tr("QuantLens sweeps (*.json)"));
    if (path.isEmpty())
        return;
    try {
        ql::saveSweep(m_sweepModel->sweep(), path.toStdString());
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Save sweep"), errorText(e));
    }
}

void PlannerView::openSweep()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open sweep"), QString(), tr("QuantLens sweeps (*.json)"));
    if (!path.isEmpty())
        openSweepFile(path);
}

void PlannerView::openSweepFile(const QString& path)
{
    // A sweep of a large model is tens of megabytes of JSON: read off the UI thread.
    const std::string file = path.toStdString();
    m_jobs->start(
        kSweepJob, tr("Reading the sweep %1…").arg(QFileInfo(path).fileName()),
        [file](Progress& progress, const JobRunner::Partial&) -> std::any {
            progress.check();
            return loadSweep(file);
        },
        nullptr,
        [this](std::any result) {
            setSweep(std::any_cast<SweepResult>(result));
            emit sweepOpened(true, {});
        },
        [this](const QString& message) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Open sweep"), message, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open(); // the UI thread does not wait on it
            emit sweepOpened(false, message);
        });
}

} // namespace ql

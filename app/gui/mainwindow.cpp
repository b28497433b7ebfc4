#include "mainwindow.h"

#include "core/plan/session.h"
#include "core/plan/target.h"
#include "widgets/tablecopy.h"
#include "widgets/errortext.h"
#include "widgets/sweepmodel.h"

#include "widgets/bitsview.h"
#include "widgets/capturedialog.h"
#include "widgets/demomodel.h"
#include "widgets/histogramview.h"
#include "widgets/jobrunner.h"
#include "widgets/modelsummary.h"
#include "widgets/plannerview.h"
#include "widgets/sawtoothview.h"
#include "widgets/gridview.h"
#include "widgets/channelsview.h"
#include "widgets/outliersview.h"
#include "widgets/packingview.h"
#include "widgets/methodsview.h"
#include "widgets/learnpanel.h"
#include "core/eval/classifier.h"
#include "core/eval/judge.h"
#include "core/eval/llama.h"
#include "core/io/calibration.h"
#include "widgets/tensorworker.h"
#include "widgets/settingsdialog.h"
#include "widgets/statspanel.h"
#include "widgets/tensortreemodel.h"
#include "widgets/textsource.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QMessageBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QSlider>
#include <QSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTreeView>
#include <QVBoxLayout>

namespace ql {

namespace {
    const QString kOpenJob = QStringLiteral("open");
    const QString kStatsJob = QStringLiteral("stats");
    const QString kTensorJob = QStringLiteral("tensor");
    const QString kCalibrationJob = QStringLiteral("calibration");
    constexpr int kMaxRecent = 10;
    /// Long Hugging Face names would push every other column out of sight.
    constexpr int kMaxNameWidth = 300;

    using TensorResult = std::pair<size_t, TensorStats>;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_jobs(new JobRunner(this))
    , m_tree(new TensorTreeModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_tabs(new QTabWidget(this))
    , m_histogram(new HistogramView(this))
    , m_stats(new StatsPanel(this))
    , m_summary(new ModelSummary(this))
    , m_planner(new PlannerView(m_jobs, this))
    , m_bits(new BitsView(this))
    , m_sawtooth(new SawtoothView(this))
    , m_grid(new GridView(this))
    , m_channels(new ChannelsView(this))
    , m_outliers(new OutliersView(this))
    , m_packing(new PackingView(this))
    , m_methods(new MethodsView(this))
    , m_learn(new LearnPanel(this))
    , m_learnDock(new QDockWidget(tr("Learn"), this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_captureDialog(new CaptureDialog(m_jobs, this))
{
    setWindowTitle(tr("QuantLens"));
    setAcceptDrops(true);
    resize(1280, 800);

    m_proxy->setSourceModel(m_tree);
    m_proxy->setSortRole(TensorTreeModel::SortRole);
    m_proxy->setFilterKeyColumn(TensorTreeModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_view->setModel(m_proxy);
    enableTsvCopy(m_view);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_filter->setObjectName(QStringLiteral("tensorFilter"));
    m_filter->setPlaceholderText(tr("Filter tensors by name"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_view->expandAll();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onSelectionChanged);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_view);

    auto* statsScroll = new QScrollArea(this);
    statsScroll->setWidget(m_stats);
    statsScroll->setWidgetResizable(true);
    auto* tensorPage = new QSplitter(Qt::Vertical, this);
    tensorPage->addWidget(m_histogram);
    tensorPage->addWidget(statsScroll);
    tensorPage->setStretchFactor(0, 3);
    tensorPage->setStretchFactor(1, 2);
    tensorPage->setSizes({ 470, 330 });
    m_histogram->setMinimumHeight(260);
    m_tabs->addTab(tensorPage, tr("Tensor"));
    m_tabs->addTab(m_summary, tr("Model"));
    m_tabs->addTab(m_planner, tr("Plan"));
    m_tabs->addTab(m_grid, tr("Grid"));
    m_tabs->addTab(m_sawtooth, tr("Sawtooth"));
    m_tabs->addTab(m_channels, tr("Channels"));
    m_tabs->addTab(m_outliers, tr("Outliers"));
    m_tabs->addTab(m_packing, tr("Packing"));
    m_tabs->addTab(m_methods, tr("Methods"));
    // The bits of a 32-bit value need their width: a narrow window scrolls instead of clipping them.
    auto* bitsScroll = new QScrollArea(this);
    bitsScroll->setWidget(m_bits);
    bitsScroll->setWidgetResizable(true);
    bitsScroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(bitsScroll, tr("Bits"));

    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({ 540, 740 }); // the views need the width more than the tree
    setCentralWidget(split);

    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(240);
    m_progress->hide();
    m_cancel->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_jobs->cancelAll();
        m_status->setText(tr("Cancelled."));
    });
    connect(m_jobs, &JobRunner::progress, this, [this](const QString&, const QString& title, int percent) {
        m_status->setText(title);
        m_progress->setValue(percent);
        m_progress->show();
        m_cancel->show();
    });
    connect(m_jobs, &JobRunner::finished, this, [this](const QString&) {
        if (m_jobs->isRunning(kOpenJob) || m_jobs->isRunning(kStatsJob) || m_jobs->isRunning(kTensorJob)
            || m_jobs->isRunning(kCalibrationJob) || m_planner->busy())
            return;
        m_progress->hide();
        m_cancel->hide();
    });
    connect(m_histogram, &HistogramView::valueClicked, this, [this](double x) {
        m_bits->setValue(x);
        m_tabs->setCurrentWidget(bitsPage());
    });
    connect(m_planner, &PlannerView::sweepFinished, this, [this] { m_status->setText(tr("Sweep finished.")); });
    connect(m_planner, &PlannerView::judgeFinished, this, [this] { m_status->setText(tr("Evaluation finished.")); });
    m_learnDock->setObjectName(QStringLiteral("learnDock"));
    m_learnDock->setWidget(m_learn);
    m_learnDock->setMinimumWidth(300);
    addDockWidget(Qt::RightDockWidgetArea, m_learnDock);
    m_learnDock->hide();
    connect(m_learn, &LearnPanel::lessonRequested, this, &MainWindow::applyLesson);
    connect(this, &MainWindow::modelOpened, this, [this](bool ok) {
        if (!ok)
            m_pendingLesson = -1;
        else if (m_pendingLesson >= 0)
            finishLesson();
    });
    buildMenus();
    // The session is saved every minute (and on exit), so a crash loses at most a minute of work.
    auto* autosaveTimer = new QTimer(this);
    connect(autosaveTimer, &QTimer::timeout, this, [this] { autosave(); });
    autosaveTimer->start(60 * 1000);
    m_status->setText(tr("Open a model file: safetensors, GGUF, HDF5 / Keras .h5, .npy or .npz."));
}

MainWindow::~MainWindow()
{
    m_jobs->cancelAll();
    m_jobs->waitForAll();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), QString(),
            tr("Model files (*.safetensors *.gguf *.h5 *.hdf5 *.keras *.npy *.npz *.json);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open sharded checkpoint folder"));
        if (!dir.isEmpty())
            openFile(dir);
    });
    file->addAction(tr("Open &Session…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(), tr("QuantLens sessions (*.qlsession)"));
        if (!path.isEmpty())
            openSession(path);
    });
    QAction* saveSessionAction = file->addAction(tr("&Save Session…"), this, [this] {
        if (!m_model)
            return;
        QString path = QFileDialog::getSaveFileName(this, tr("Save session"), QString(), tr("QuantLens sessions (*.qlsession)"));
        if (path.isEmpty())
            return;
        if (!path.endsWith(QLatin1String(".qlsession")))
            path += QStringLiteral(".qlsession");
        const QString error = saveSession(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Save session"), error);
        else
            m_status->setText(tr("Session saved to %1.").arg(path));
    });
    saveSessionAction->setShortcut(QKeySequence::Save);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addAction(tr("Open &Calibration Activations…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open calibration activations"), QString(),
            tr("Calibration data (*.h5 *.hdf5 *.npz *.gguf *.dat);;All files (*)"));
        if (!path.isEmpty())
            openCalibration(path);
    });
    QAction* capture = file->addAction(tr("Capture &Activations from the Model…"), this, &MainWindow::captureActivationsInteractively);
    capture->setToolTip(tr("Run the open model — a Llama model over sequences sampled from it, a text file or typed text, a classifier "
                           "over its evaluation set — and record the input of every linear and convolution layer"));
    connect(m_captureDialog, &QDialog::accepted, this, &MainWindow::captureActivations);
    QMenu* demos = file->addMenu(tr("Open &Demo Model"));
    demos->addAction(tr("Digits classifier (MLP, safetensors)"), this, [this] { openDemo(int(Demo::DigitsMlp)); });
    demos->addAction(tr("Digits classifier (CNN, safetensors)"), this, [this] { openDemo(int(Demo::DigitsCnn)); });
    demos->addAction(tr("stories260K (Llama, GGUF)"), this, [this] { openDemo(int(Demo::Stories260K)); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Expand All"), m_view, &QTreeView::expandAll);
    view->addAction(tr("&Collapse All"), m_view, &QTreeView::collapseAll);

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(tr("&Preferences…"), this, [this] {
        SettingsDialog dialog(this);
        dialog.exec();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* learn = help->addAction(tr("&Learn Quantization"), this, [this] { startLesson(std::max(0, m_learn->current())); });
    learn->setShortcut(QKeySequence::HelpContents);
    learn->setToolTip(tr("A guided tour of eight short lessons on the demo models"));
    help->addAction(tr("&About QuantLens"), this, [this] {
        QMessageBox::about(this, tr("About QuantLens"),
            tr("<b>QuantLens</b> %1<br>A quantization explorer: open a model, see how its tensors are distributed "
               "and what number formats do to them.<br><br>The stories260K demo model is from Andrej Karpathy's "
               "llama2.c (MIT License).")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::openDemo(int which)
{
    QString error;
    const QString path = demoModelPath(Demo(which), &error);
    if (path.isEmpty())
        showError(error);
    else
        openFile(path);
}

void MainWindow::openFile(const QString& path, const QString& select)
{
    if (path.endsWith(QLatin1String(".qlsession"))) {
        openSession(path);
        return;
    }
    m_jobs->cancelAll();
    const std::string p = QFileInfo(path).absoluteFilePath().toStdString();
    m_jobs->start(
        kOpenJob, tr("Opening %1…").arg(QFileInfo(path).fileName()),
        [p](Progress&, const JobRunner::Partial&) -> std::any { return std::shared_ptr<const Model>(std::make_shared<Model>(ql::open(p))); },
        nullptr,
        [this, path, select](std::any result) {
            addRecent(path);
            showModel(std::any_cast<std::shared_ptr<const Model>>(result), select);
        },
        [this](const QString& message) {
            showError(message);
            emit modelOpened(false);
        });
}

void MainWindow::showModel(std::shared_ptr<const Model> model, const QString& select)
{
    m_tensorStats.clear();
    m_shown = -1;
    m_histogram->clear();
    m_stats->clear();
    m_tree->setModel(model.get());
    m_model = std::move(model); // the tree holds a raw pointer: keep the model alive after the reset
    m_outliers->setModel(m_model, &m_tensorStats);
    m_outliers->setCalibration(nullptr, {}); // inputs captured from another model do not apply
    m_methods->setModel(m_model);
    m_methods->setCalibration(nullptr);
    m_planner->setCalibration(nullptr);
    if (!m_pendingCalibration.isEmpty())
        openCalibration(std::exchange(m_pendingCalibration, QString()));
    m_summary->setModel(*m_model);
    m_planner->setModel(m_model);
    m_captureDialog->setModel(m_model);
    m_bits->setModelParameters(m_model->parameterCount());
    m_view->expandToDepth(0);
    m_view->resizeColumnToContents(TensorTreeModel::Name);
    m_view->setColumnWidth(TensorTreeModel::Name, std::min(m_view->columnWidth(TensorTreeModel::Name), kMaxNameWidth));
    for (int c = TensorTreeModel::Shape; c < TensorTreeModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, c >= TensorTreeModel::Std ? 82 : 74);
    setWindowTitle(tr("%1 — QuantLens").arg(QFileInfo(QString::fromStdString(m_model->path)).fileName()));
    m_status->setText(tr("%n tensor(s) loaded.", nullptr, int(m_model->tensors.size())));
    emit modelOpened(true);
    startModelStats();
    if (!select.isEmpty() && !selectTensor(select))
        showError(tr("%1: no tensor named '%2'").arg(QString::fromStdString(m_model->path), select));
    else if (select.isEmpty() && !m_model->tensors.empty()) {
        // Select the largest tensor: the most informative first view.
        size_t best = 0;
        for (size_t i = 0; i < m_model->tensors.size(); ++i)
            if (m_model->tensors[i].parameters > m_model->tensors[best].parameters)
                best = i;
        selectTensor(QString::fromStdString(m_model->tensors[best].name));
    }
}

void MainWindow::startModelStats()
{
    auto model = m_model;
    m_jobs->start(
        kStatsJob, tr("Computing statistics of every tensor…"),
        [model](Progress& progress, const JobRunner::Partial& partial) -> std::any {
            computeModelStats(*model, {}, {}, &progress,
                [&](size_t i, const TensorStats& s) { partial(TensorResult { i, s }); });
            return {};
        },
        [this, model](std::any value) { acceptStats(model, std::move(value)); },
        [this](std::any) { m_status->setText(tr("Statistics of all %n tensor(s) computed.", nullptr, int(m_model->tensors.size()))); },
        [this](const QString& message) { showError(message); });
}

void MainWindow::acceptStats(const std::shared_ptr<const Model>& model, std::any value)
{
    if (model != m_model)
        return; // a result for a file that is no longer open
    auto [i, s] = std::any_cast<TensorResult>(std::move(value));
    m_tree->setStats(i, s);
    m_tensorStats.insert_or_assign(i, std::move(s));
    m_outliers->statsArrived();
    if (int(i) == m_shown)
        showTensor(i);
}

bool MainWindow::allStatsReady() const { return m_model && m_tensorStats.size() == m_model->tensors.size(); }

bool MainWindow::selectTensor(const QString& name)
{
    if (!m_model)
        return false;
    const int i = m_model->find(name.toStdString());
    if (i < 0)
        return false;
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_tree->indexOfTensor(size_t(i)));
    if (!proxyIndex.isValid())
        m_filter->clear();
    const QModelIndex idx = m_proxy->mapFromSource(m_tree->indexOfTensor(size_t(i)));
    m_view->expand(idx.parent());
    m_view->setCurrentIndex(idx);
    m_view->scrollTo(idx);
    return true;
}

void MainWindow::onSelectionChanged()
{
    const QModelIndex current = m_view->currentIndex();
    const qlonglong t = current.isValid() ? current.siblingAtColumn(0).data(TensorTreeModel::TensorRole).toLongLong() : -1;
    if (t < 0 || !m_model)
        return;
    m_shown = int(t);
    showTensor(size_t(t));
}

void MainWindow::showTensor(size_t index)
{
    const TensorInfo& info = m_model->tensors[index];
    const auto it = m_tensorStats.find(index);
    if (it != m_tensorStats.end()) {
        m_bits->setRange(it->second.absmax); // integer codes of the Bits tab span this tensor's range
        m_histogram->setStats(it->second, QString::fromStdString(info.name));
        m_sawtooth->setStats(it->second, QString::fromStdString(info.name));
        m_grid->setTensor(m_model, index, it->second);
        m_channels->setTensor(m_model, index);
        m_outliers->setTensor(index, it->second);
        m_packing->setTensor(m_model, index);
        m_methods->setTensor(index);
        m_stats->setStats(info, it->second);
        emit selectionShown();
        maybeScreenshot();
        return;
    }
    // Not computed yet: compute this one now, beside the whole-model job.
    m_stats->setPending(info);
    m_histogram->clear();
    auto model = m_model;
    m_jobs->start(
        kTensorJob, tr("Computing statistics of %1…").arg(QString::fromStdString(info.name)),
        [model, index](Progress& progress, const JobRunner::Partial&) -> std::any {
            progress.setTotal(3 * model->tensors[index].parameters);
            return TensorResult { index, computeStats(*model, index, {}, &progress) };
        },
        nullptr,
        [this, model](std::any value) { acceptStats(model, std::move(value)); },
        [this](const QString& message) { showError(message); });
}

void MainWindow::showError(const QString& message)
{
    m_lastError = message;
    m_status->setText(message);
    if (!m_screenshot.isEmpty()) {
        fprintf(stderr, "quantlens: %s\n", qPrintable(message));
        QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(1); });
        return;
    }
    if (QApplication::platformName() != QLatin1String("offscreen"))
        QMessageBox::warning(this, tr("QuantLens"), message);
}

void MainWindow::setScreenshotAndQuit(const QString& path) { m_screenshot = path; }

QStringList MainWindow::viewNames()
{
    return { QStringLiteral("histogram"), QStringLiteral("grid"), QStringLiteral("sawtooth"), QStringLiteral("channels"),
        QStringLiteral("outliers"), QStringLiteral("packing"), QStringLiteral("methods"), QStringLiteral("bits"), QStringLiteral("model"),
        QStringLiteral("plan"), QStringLiteral("learn") };
}

QWidget* MainWindow::bitsPage() const
{
    for (QWidget* w = m_bits->parentWidget(); w; w = w->parentWidget())
        if (m_tabs->indexOf(w) >= 0)
            return w;
    return m_bits;
}

QList<QWidget*> MainWindow::pages() const
{
    return { m_tabs->widget(0), m_grid, m_sawtooth, m_channels, m_outliers, m_packing, m_methods, bitsPage(), m_summary, m_planner };
}

QString MainWindow::currentViewName() const
{
    const qsizetype i = pages().indexOf(m_tabs->currentWidget());
    return i < 0 ? QString() : viewNames()[i];
}

bool MainWindow::showView(const QString& name)
{
    if (name.compare(QLatin1String("learn"), Qt::CaseInsensitive) == 0) {
        startLesson(std::max(0, m_learn->current()));
        return true;
    }
    const qsizetype i = viewNames().indexOf(name.toLower());
    if (i < 0)
        return false;
    m_tabs->setCurrentWidget(pages()[i]);
    return true;
}

void MainWindow::maybeScreenshot()
{
    if (m_screenshot.isEmpty() || m_pendingLesson >= 0) // a lesson shoots once its model and view are up
        return;
    if (m_jobs->isRunning(kCalibrationJob) || !m_pendingCalibration.isEmpty()) {
        connect(m_jobs, &JobRunner::finished, this, &MainWindow::maybeScreenshot, Qt::SingleShotConnection);
        return;
    }
    // Views that compute in the background (Grid, Channels, Outliers): shoot once they have drawn.
    if (auto* worker = m_tabs->currentWidget()->findChild<TensorWorker*>(); worker && worker->busy()) {
        connect(worker, &TensorWorker::idle, this, &MainWindow::maybeScreenshot, Qt::SingleShotConnection);
        return;
    }
    const QString path = m_screenshot;
    m_screenshot.clear();
    // Let the chart lay itself out before grabbing.
    QTimer::singleShot(200, this, [this, path] {
        const bool ok = grab().save(path);
        if (!ok)
            fprintf(stderr, "quantlens: cannot write %s\n", qPrintable(path));
        QCoreApplication::exit(ok ? 0 : 1);
    });
}

void MainWindow::openCalibration(const QString& path)
{
    if (!m_model || m_jobs->isRunning(kOpenJob)) {
        m_pendingCalibration = path;
        return;
    }
    const std::string p = QFileInfo(path).absoluteFilePath().toStdString();
    const QString name = QFileInfo(path).fileName();
    m_jobs->start(
        kCalibrationJob, tr("Reading %1…").arg(name),
        [p](Progress& progress, const JobRunner::Partial&) -> std::any {
            return std::shared_ptr<const CalibrationStore>(std::make_shared<CalibrationStore>(loadCalibrationAny(p, defaultLoadLimits(), &progress)));
        },
        nullptr,
        [this, name, path](std::any result) {
            m_calibrationPath = QFileInfo(path).absoluteFilePath();
            auto store = std::any_cast<std::shared_ptr<const CalibrationStore>>(result);
            m_status->setText(tr("%n layer input(s) read from %1.", nullptr, int(store->entries.size())).arg(name));
            m_methods->setCalibration(store);
            m_planner->setCalibration(store);
            m_outliers->setCalibration(std::move(store), name);
        },
        [this](const QString& message) { showError(message); });
}

void MainWindow::captureActivationsInteractively()
{
    if (!m_model)
        return;
    if (LlamaModel::isLlama(*m_model))
        m_captureDialog->open(); // accepted → captureActivations()
    else
        captureActivations();
}

void MainWindow::captureActivations()
{
    if (!m_model)
        return;
    auto model = m_model;
    const QString name = QFileInfo(QString::fromStdString(model->path)).fileName();
    const TextChoice text = m_captureDialog->source()->choice();
    m_jobs->start(
        kCalibrationJob, tr("Capturing activations of %1…").arg(name),
        [model, text](Progress& progress, const JobRunner::Partial&) -> std::any {
            if (!LlamaModel::isLlama(*model)) { // a classifier runs over its evaluation set
                const ClassifierModel cm(*model);
                const auto data = readClassifierData(evaluationDataPath(*model, {}));
                return std::shared_ptr<const CalibrationStore>(std::make_shared<CalibrationStore>(captureClassifierCalibration(cm, data, 256)));
            }
            const LlamaModel lm(*model);
            auto sequences = TextSourceWidget::sequences(*model, text);
            if (sequences.empty())
                sequences = sampleSequences(lm, 8, 64, 0);
            return std::shared_ptr<const CalibrationStore>(std::make_shared<CalibrationStore>(captureCalibration(lm, sequences, 256, &progress)));
        },
        nullptr,
        [this, model, name](std::any result) {
            if (model != m_model)
                return;
            auto store = std::any_cast<std::shared_ptr<const CalibrationStore>>(result);
            m_status->setText(tr("Inputs of %n layer(s) captured.", nullptr, int(store->entries.size())));
            m_methods->setCalibration(store);
            m_planner->setCalibration(store);
            m_outliers->setCalibration(std::move(store), tr("the activations captured from %1").arg(name));
            m_tabs->setCurrentWidget(m_outliers);
        },
        [this](const QString& message) { showError(message); });
}

void MainWindow::startLesson(int index)
{
    m_learnDock->show();
    m_learnDock->raise();
    m_learn->showLesson(index); // asks for the lesson's view through lessonRequested
}

void MainWindow::applyLesson(int index)
{
    const Lesson& lesson = m_learn->all().at(size_t(index));
    QString error;
    const QString path = demoModelPath(lesson.demo, &error);
    if (path.isEmpty()) {
        showError(error);
        return;
    }
    m_pendingLesson = index;
    const bool open = m_model && QFileInfo(QString::fromStdString(m_model->path)).canonicalFilePath() == QFileInfo(path).canonicalFilePath();
    if (!open || m_jobs->isRunning(kOpenJob))
        openFile(path, lesson.tensor); // finishLesson() follows modelOpened
    else
        finishLesson();
}

void MainWindow::finishLesson()
{
    const int index = m_pendingLesson;
    const Lesson& lesson = m_learn->all().at(size_t(index));
    const QString path = demoModelPath(lesson.demo);
    if (!m_model || QFileInfo(QString::fromStdString(m_model->path)).canonicalFilePath() != QFileInfo(path).canonicalFilePath()) {
        applyLesson(index); // another file was opened in between: open the lesson's model again
        return;
    }
    m_pendingLesson = -1;
    selectTensor(lesson.tensor);
    if (lesson.view == QLatin1String("sawtooth")) {
        if (lesson.bits)
            m_sawtooth->bitsField()->setValue(lesson.bits);
        if (lesson.symmetric >= 0)
            m_sawtooth->symmetricBox()->setChecked(lesson.symmetric != 0);
        if (lesson.clipPerMille)
            m_sawtooth->clipSlider()->setValue(lesson.clipPerMille);
        m_sawtooth->zeroPointField()->setValue(m_sawtooth->zeroPointField()->minimum()); // auto
    } else if (lesson.view == QLatin1String("grid")) {
        if (lesson.bits)
            m_grid->bitsField()->setValue(lesson.bits);
        if (lesson.symmetric >= 0)
            m_grid->symmetricBox()->setChecked(lesson.symmetric != 0);
        if (lesson.method >= 0)
            m_grid->methodBox()->setCurrentIndex(lesson.method);
    } else if (lesson.view == QLatin1String("channels")) {
        if (lesson.bits)
            m_channels->bitsField()->setValue(lesson.bits);
        if (lesson.group)
            m_channels->groupField()->setValue(lesson.group);
    } else if (lesson.view == QLatin1String("bits")) {
        if (std::isfinite(lesson.value))
            m_bits->setValue(lesson.value);
    } else if (lesson.view == QLatin1String("plan") && lesson.budget > 0) {
        const double budget = lesson.budget;
        connect(m_planner, &PlannerView::sweepFinished, this, [this, budget] { m_planner->setBudget(budget); }, Qt::SingleShotConnection);
        m_planner->runSweep();
    }
    showView(lesson.view);
    emit lessonShown(index);
    if (m_shown >= 0 && m_tensorStats.count(size_t(m_shown)))
        maybeScreenshot();
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            QSettings().remove(QStringLiteral("recentFiles"));
            rebuildRecentMenu();
        });
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openFile(urls.first().toLocalFile());
}

} // namespace ql

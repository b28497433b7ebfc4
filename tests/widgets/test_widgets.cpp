// Widget tests: every item model under QAbstractItemModelTester, the job runner's cancel and
// supersede rules, and the main window driven as a person would: open a file, select a tensor,
// check the histogram series and the statistics shown, and save a screenshot.
#include "core/analysis/stats.h"
#include "core/io/model.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "mainwindow.h"
#include "support/fixtures.h"
#include "widgets/bitsview.h"
#include "widgets/format.h"
#include "widgets/histogramview.h"
#include "widgets/jobrunner.h"
#include "widgets/metadatamodel.h"
#include "widgets/modelsummary.h"
#include "widgets/planmodel.h"
#include "widgets/plannerview.h"
#include "core/plan/session.h"
#include "core/eval/numerics.h"
#include "widgets/sawtoothview.h"
#include "widgets/gridview.h"
#include "widgets/outliersview.h"
#include "widgets/packingview.h"
#include "widgets/learnpanel.h"
#include "widgets/methodsview.h"
#include <QSlider>
#include "widgets/theme.h"
#include "widgets/demomodel.h"
#include "widgets/activationheatmap.h"
#include "core/io/calibration.h"
#include <QDoubleSpinBox>
#include "widgets/planmodel.h"
#include <QDockWidget>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QCheckBox>
#include "core/io/ggmlblocks.h"
#include "core/quant/ggmlquant.h"
#include "core/quant/ggmltypemap.h"
#include "core/io/ggmlgrids.h"
#include <QComboBox>
#include "widgets/tablecopy.h"
#include "widgets/chartexport.h"
#include <QTableWidget>
#include "widgets/tensorworker.h"
#include "core/util/error.h"
#include "widgets/channelsview.h"
#include "widgets/sweepmodel.h"
#include "widgets/statspanel.h"
#include "widgets/tensortreemodel.h"

#include <QAbstractItemModelTester>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLineEdit>
#include <QStandardPaths>
#include <QLineSeries>
#include <QXYSeries>
#include <QImage>
#include <QLogValueAxis>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QStatusBar>
#include <QBarSeries>
#include <QDoubleSpinBox>
#include <QBarSet>
#include <QPushButton>
#include <QScatterSeries>
#include <QTabWidget>
#include <QTreeView>
#include <QCheckBox>
#include <QComboBox>
#include <QSlider>
#include <QSpinBox>
#include <QClipboard>
#include <QGuiApplication>

#include <atomic>
#include <thread>

class TestWidgets : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    const std::string m_gguf = std::string(QL_STORIES_DIR) + "/stories260K.gguf";

    static void waitForStats(ql::MainWindow& w)
    {
        QTRY_VERIFY_WITH_TIMEOUT(w.allStatsReady(), 20000);
    }

    /// Shows \p w at 1280 × 800 with stories260K open and \p select selected.
    void openShown(ql::MainWindow& w, const QString& select)
    {
        w.resize(1280, 800);
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf), select);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tensorTreeModel()
    {
        const ql::Model model = ql::open(m_gguf);
        ql::TensorTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tree.setModel(&model);
        QCOMPARE(tree.rowCount(), 6); // model-level tensors + 5 layers
        QCOMPARE(tree.index(0, 0).data().toString(), QStringLiteral("Model-level tensors"));
        QCOMPARE(tree.rowCount(tree.index(0, 0)), 3);
        QCOMPARE(tree.index(1, 0).data().toString(), QStringLiteral("Layer 0"));
        QCOMPARE(tree.rowCount(tree.index(1, 0)), 9);
        const QModelIndex q = tree.indexOfTensor(size_t(model.find("blk.3.attn_q.weight")));
        QCOMPARE(q.data().toString(), QStringLiteral("blk.3.attn_q.weight"));
        QCOMPARE(q.parent().data().toString(), QStringLiteral("Layer 3"));
        QCOMPARE(q.siblingAtColumn(ql::TensorTreeModel::Shape).data().toString(), QStringLiteral("[64, 64]"));
        QVERIFY(!q.siblingAtColumn(ql::TensorTreeModel::Std).data().isValid());

        QSignalSpy changed(&tree, &QAbstractItemModel::dataChanged);
        const auto s = ql::computeStats(model, size_t(model.find("blk.3.attn_q.weight")));
        tree.setStats(size_t(model.find("blk.3.attn_q.weight")), s);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(q.siblingAtColumn(ql::TensorTreeModel::Std).data().toString(), ql::formatNumber(s.std));
        QCOMPARE(q.siblingAtColumn(ql::TensorTreeModel::Kurtosis).data(ql::TensorTreeModel::SortRole).toDouble(), s.kurtosis);

        // Filtering through the proxy keeps the groups that hold a match.
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&tree);
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterFixedString(QStringLiteral("ffn_down"));
        QCOMPARE(proxy.rowCount(), 5);
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
        // Sorting by parameters puts the largest tensor of a group first.
        proxy.setFilterFixedString(QString());
        proxy.setSortRole(ql::TensorTreeModel::SortRole);
        proxy.sort(ql::TensorTreeModel::Parameters, Qt::DescendingOrder);
        const QModelIndex layer = proxy.index(0, 0);
        QVERIFY(proxy.index(0, 0, layer).siblingAtColumn(ql::TensorTreeModel::Parameters).data(ql::TensorTreeModel::SortRole).toLongLong()
            >= proxy.index(1, 0, layer).siblingAtColumn(ql::TensorTreeModel::Parameters).data(ql::TensorTreeModel::SortRole).toLongLong());
        tree.setModel(nullptr);
        QCOMPARE(tree.rowCount(), 0);
    }

    void metadataModel()
    {
        const ql::Model model = ql::open(m_gguf);
        ql::MetadataModel md;
        QAbstractItemModelTester tester(&md, QAbstractItemModelTester::FailureReportingMode::QtTest);
        md.setMetadata(model.metadata);
        QVERIFY(md.rowCount() >= 10);
        bool found = false;
        for (int r = 0; r < md.rowCount(); ++r) {
            if (md.index(r, 0).data().toString() == QStringLiteral("llama.block_count")) {
                QCOMPARE(md.index(r, 1).data().toString(), QStringLiteral("5"));
                found = true;
            }
            if (md.index(r, 0).data().toString() == QStringLiteral("tokenizer.ggml.tokens"))
                QVERIFY(md.index(r, 1).data().toString().startsWith(QStringLiteral("512 items")));
        }
        QVERIFY(found);
        // Nested objects (config.json) become dotted keys.
        nlohmann::ordered_json j = { { "config", { { "hidden_size", 64 } } } };
        md.setMetadata(j);
        QCOMPARE(md.rowCount(), 1);
        QCOMPARE(md.index(0, 0).data().toString(), QStringLiteral("config.hidden_size"));
    }

    void jobRunnerCancelAndSupersede()
    {
        ql::JobRunner runner;
        std::atomic<bool> release { false };
        int delivered = 0;
        QString failure;
        auto slow = [&](ql::Progress& p, const ql::JobRunner::Partial&) -> std::any {
            while (!release.load()) {
                p.check();
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            return 1;
        };
        runner.start("k", "first", slow, nullptr, [&](std::any) { delivered += 1; }, [&](QString e) { failure = e; });
        // A second job of the same kind supersedes the first: only its result arrives.
        runner.start("k", "second", [](ql::Progress&, const ql::JobRunner::Partial&) -> std::any { return 2; }, nullptr,
            [&](std::any v) { delivered += 10 * std::any_cast<int>(v); }, nullptr);
        QTRY_COMPARE(delivered, 20);
        QVERIFY(failure.isEmpty());
        runner.start("k", "third", slow, nullptr, [&](std::any) { delivered += 100; }, nullptr);
        QVERIFY(runner.isRunning("k"));
        runner.cancel("k");
        QVERIFY(!runner.isRunning("k"));
        release = true;
        runner.waitForAll();
        QTest::qWait(50);
        QCOMPARE(delivered, 20);
        // A failing job reports a translated message that names the file.
        runner.start("e", "fail", [](ql::Progress&, const ql::JobRunner::Partial&) -> std::any { return ql::open("/nonexistent/x.gguf"); },
            nullptr, nullptr, [&](QString e) { failure = e; });
        QTRY_VERIFY(!failure.isEmpty());
        QVERIFY(failure.contains(QStringLiteral("/nonexistent/x.gguf")));
    }

    void histogramLogToggle()
    {
        const ql::Model model = ql::open(m_gguf);
        const auto s = ql::computeStats(model, 0);
        ql::HistogramView view;
        view.resize(600, 400);
        view.setStats(s, QStringLiteral("token_embd.weight"));
        QVERIFY(view.histogramSeries());
        // 32768 values: the 256 computed bins are drawn as 256 (sqrt(32768) > 128).
        QCOMPARE(view.displayedBins(), 256);
        QCOMPARE(view.histogramSeries()->count(), 2 * int(s.linear.counts.size()));
        QVERIFY(qobject_cast<QLogValueAxis*>(view.chart()->axes(Qt::Vertical).value(0)) == nullptr);
        view.setLogCounts(true);
        QVERIFY(qobject_cast<QLogValueAxis*>(view.chart()->axes(Qt::Vertical).value(0)) != nullptr);
        view.setMode(ql::HistogramView::Mode::LogMagnitude);
        QCOMPARE(view.histogramSeries()->count(), 2 * int(s.logAbs.counts.size()));
        QVERIFY(view.markerSeries().isEmpty()); // percentiles are values, not log magnitudes
        // 64 values are drawn in 16 bins whose counts still sum to 64.
        const auto small = ql::computeStats(model, size_t(model.find("output_norm.weight")));
        view.setMode(ql::HistogramView::Mode::Values);
        view.setLogCounts(false); // with log counts, empty bins are drawn at 0.5
        view.setStats(small, QStringLiteral("output_norm.weight"));
        QCOMPARE(view.displayedBins(), 16);
        double sum = 0;
        for (int i = 0; i < view.histogramSeries()->count(); i += 2)
            sum += view.histogramSeries()->at(i).y();
        QCOMPARE(sum, 64.0);
    }

    void mainWindowOpenSelectAndShow()
    {
        ql::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf), QStringLiteral("blk.2.ffn_up.weight"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        QCOMPARE(opened.first().first().toBool(), true);
        waitForStats(w);

        // The selected tensor's statistics as the core computes them.
        const ql::Model& model = *w.model();
        const size_t idx = size_t(model.find("blk.2.ffn_up.weight"));
        const auto expected = ql::computeStats(model, idx);
        QTRY_COMPARE(w.statsPanel()->value("name"), QStringLiteral("blk.2.ffn_up.weight"));
        QCOMPARE(w.statsPanel()->value("count"), QLocale().toString(qlonglong(172 * 64)));
        QCOMPARE(w.statsPanel()->value("std"), ql::formatNumber(expected.std));
        QCOMPARE(w.statsPanel()->value("kurtosis"), ql::formatNumber(expected.kurtosis));
        QCOMPARE(w.statsPanel()->value("max"), ql::formatNumber(expected.max));

        // The histogram series: two points per bin whose heights are the bin counts.
        QLineSeries* series = w.histogram()->histogramSeries();
        QVERIFY(series);
        const auto points = series->points();
        QCOMPARE(w.histogram()->displayedBins(), 128); // 11008 values: sqrt = 105, so 256 bins merge to 128
        QCOMPARE(points.size(), 2 * 128);
        double total = 0;
        for (int i = 0; i < points.size(); i += 2)
            total += points[i].y();
        QCOMPARE(total, double(172 * 64));
        QCOMPARE(points.front().x(), expected.min);
        QVERIFY(std::fabs(points.back().x() - expected.max) < 1e-9);
        // Percentile markers sit at the percentile values.
        QCOMPARE(w.histogram()->markerSeries().size(), 5);
        QCOMPARE(w.histogram()->markerSeries()[2]->at(0).x(), expected.percentiles[2].second);

        // Clicking another tensor in the tree updates the views.
        const QModelIndex other = w.treeProxy()->mapFromSource(w.treeModel()->indexOfTensor(size_t(model.find("blk.4.attn_v.weight"))));
        w.treeView()->scrollTo(other);
        QTest::mouseClick(w.treeView()->viewport(), Qt::LeftButton, {}, w.treeView()->visualRect(other).center());
        QTRY_COMPARE(w.statsPanel()->value("name"), QStringLiteral("blk.4.attn_v.weight"));
        QCOMPARE(w.histogram()->chart()->title(), QStringLiteral("blk.4.attn_v.weight"));

        // Typing in the filter narrows the tree.
        QTest::keyClicks(w.findChild<QLineEdit*>(QStringLiteral("tensorFilter")), QStringLiteral("attn_v"));
        QCOMPARE(w.treeProxy()->rowCount(), 5);

        QVERIFY(w.summary()->summaryText().contains(QStringLiteral("gguf")));
        // Clicking a value in the histogram shows its bits.
        QTest::qWait(200);
        QSignalSpy clicked(w.histogram(), &ql::HistogramView::valueClicked);
        auto* chartView = w.histogram()->findChild<QChartView*>();
        const QPointF centre = w.histogram()->chart()->plotArea().center();
        QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, chartView->mapFromScene(w.histogram()->chart()->mapToScene(centre)));
        QCOMPARE(clicked.count(), 1);
        const double x = clicked.first().first().toDouble();
        QVERIFY(x > points.front().x() && x < points.back().x());
        QCOMPARE(w.tabs()->currentWidget(), w.bitsPage());
        QCOMPARE(w.bitsView()->value(), x);
        w.tabs()->setCurrentIndex(0);
        const QString shot = QStringLiteral(QL_BUILD_DIR "/screenshot_mainwindow.png");
        QTest::qWait(300); // let the chart scene lay out the new series before grabbing
        QVERIFY(w.grab().save(shot));
    }

    void mainWindowReportsBadFiles()
    {
        const std::string bad = (m_dir.path() + "/broken.safetensors").toStdString();
        fixtures::writeFile(bad, fixtures::safetensorsRaw(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,64]}})", std::string(16, '\0')));
        ql::MainWindow w;
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(bad));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        QCOMPARE(opened.first().first().toBool(), false);
        QVERIFY(w.lastError().contains(QStringLiteral("broken.safetensors")));
        QVERIFY(w.lastError().contains(QStringLiteral("'w'")));
        QVERIFY(w.model() == nullptr);
    }

    void plannerSweepsPlansAndExports()
    {
        ql::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        ql::PlannerView* planner = w.planner();
        QAbstractItemModelTester sweepTester(planner->sweepModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester planTester(planner->planModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        w.tabs()->setCurrentWidget(planner);
        planner->setTarget(ql::PlanTarget::None); // integer specs: no tool in particular
        planner->specsField()->setText(QStringLiteral("int3:g64, int4:g64, int6:g64, int8:channel"));
        QSignalSpy finished(planner, &ql::PlannerView::sweepFinished);
        QTest::mouseClick(planner->findChild<QPushButton*>(), Qt::LeftButton); // the first button: Run sweep
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        // The heatmap: every quantizable tensor × the four specs; errors fall as bits grow.
        QCOMPARE(planner->sweepModel()->rowCount(), 37);
        QCOMPARE(planner->sweepModel()->columnCount(), 2 + 4);
        const auto& sweep = planner->sweepModel()->sweep();
        for (const auto& r : sweep.rows)
            QVERIFY(r.cells[0].relMse > r.cells[3].relMse);
        QVERIFY(planner->sweepModel()->index(0, 2).data(Qt::BackgroundRole).isValid());
        // The plan at the default budget of 4.5 bits per weight.
        QCOMPARE(planner->planModel()->rowCount(), 37);
        QVERIFY(planner->planModel()->plan().bitsPerWeight <= 4.5 + 1e-9);
        QCOMPARE(planner->planSeries()->count(), 1);
        QVERIFY(planner->planSeries()->at(0).x() <= 4.5 + 1e-9);
        QVERIFY(planner->frontierSeries()->count() > 3);
        QVERIFY(planner->totalsText().contains(QStringLiteral("bits per weight")));
        // A bigger budget predicts less error.
        const double before = planner->planModel()->plan().predictedError;
        planner->setBudget(6.0);
        QVERIFY(planner->planModel()->plan().predictedError < before);
        QVERIFY(planner->planModel()->plan().bitsPerWeight <= 6.0 + 1e-9);
        // Sensitivity over depth: one bar per tensor, the selected spec's error.
        QCOMPARE(planner->sensitivitySeries()->barSets().front()->count(), 37);
        QCOMPARE(planner->sensitivitySeries()->barSets().front()->at(5), sweep.rows[5].cells[0].relMse);
        planner->showSensitivity(3, false);
        QCOMPARE(planner->sensitivitySeries()->barSets().front()->at(5), sweep.rows[5].cells[3].relMse);
        // Bars over depth: one per tensor at its bits per weight.
        QCOMPARE(planner->bitsSeries()->count(), 1);
        QCOMPARE(planner->bitsSeries()->barSets().front()->count(), 37);
        QCOMPARE(planner->bitsSeries()->barSets().front()->at(0), planner->planModel()->plan().entries[0].bitsPerWeight);
        // A manual override: choosing a spec in the table locks that tensor and re-plans the rest.
        const QModelIndex spec0 = planner->planModel()->index(0, ql::PlanModel::Spec);
        QVERIFY(planner->planModel()->flags(spec0) & Qt::ItemIsEditable);
        QVERIFY(planner->planModel()->setData(spec0, QStringLiteral("int8:channel:sym:minmax")));
        QCOMPARE(planner->planModel()->plan().entries[0].spec, std::string("int8:channel:sym:minmax"));
        QVERIFY(planner->planModel()->plan().entries[0].locked);
        QVERIFY(planner->planModel()->plan().bitsPerWeight <= 6.0 + 1e-9);
        QVERIFY(!planner->planModel()->setData(spec0, QStringLiteral("int9")));
        planner->clearLocks();
        QVERIFY(!planner->planModel()->plan().entries[0].locked);
        // Exports: CSV parses back; llama.cpp refuses integer specs and says which tensor.
        const QString csv = m_dir.filePath(QStringLiteral("plan.csv"));
        QCOMPARE(planner->exportTo(ql::ExportFormat::Csv, csv), QString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 38);
        const QString refused = planner->exportTo(ql::ExportFormat::LlamaCpp, m_dir.filePath(QStringLiteral("t.txt")));
        QVERIFY(refused.contains(QStringLiteral("token_embd.weight")));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("t.txt"))));
        planner->setBudget(4.5);
        // The judge: the current plan end to end, then plans along the frontier.
        QSignalSpy judged(planner, &ql::PlannerView::judgeFinished);
        planner->evaluatePlan();
        QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 1, 60000);
        QVERIFY2(planner->judgeText().contains(QStringLiteral("KL mean")), qPrintable(planner->judgeText()));
        QVERIFY(planner->judgeText().contains(QStringLiteral("perplexity")));
        planner->validateFrontier();
        QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 2, 120000);
        QCOMPARE(planner->validationSeries()->count(), 8);
        QVERIFY(planner->judgeText().contains(QStringLiteral("Spearman")));
        QTest::qWait(300);
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_planner.png")));
    }



    void plannerTargetsLlamaCpp()
    {
        ql::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        ql::PlannerView* planner = w.planner();
        w.tabs()->setCurrentWidget(planner);
        // A GGUF is planned for llama.cpp: its candidates, its export first, its arithmetic.
        QCOMPARE(planner->target(), ql::PlanTarget::LlamaCpp);
        QCOMPARE(planner->specsField()->text(), QStringLiteral("q2_k,q3_k,q4_k,q5_k,q6_k,q8_0"));
        QCOMPARE(ql::ExportFormat(planner->exportFormatBox()->itemData(0).toInt()), ql::ExportFormat::LlamaCpp);
        QCOMPARE(ql::Numerics::Kind(planner->numericsBox()->currentData().toInt()), ql::Numerics::Kind::LlamaCpp);
        // Candidates llama.cpp cannot write are refused before anything runs, naming the spec and the tool.
        planner->specsField()->setText(QStringLiteral("q4_k,int4:g128"));
        planner->runSweep();
        QVERIFY2(planner->totalsText().contains(QStringLiteral("int4:g128")) && planner->totalsText().contains(QStringLiteral("llama.cpp")),
            qPrintable(planner->totalsText()));
        QCOMPARE(planner->sweepModel()->rowCount(), 0);
        // k-quants, legacy types and i-quants: llama-quantize's own mixes appear beside the frontier.
        planner->candidatesBox()->setCurrentIndex(1);
        QVERIFY(planner->specsField()->text().contains(QStringLiteral("iq4_xs")));
        QSignalSpy finished(planner, &ql::PlannerView::sweepFinished);
        planner->runSweep();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto& presets = planner->presetPoints();
        auto preset = [&](const char* name) {
            const auto it = std::find_if(presets.begin(), presets.end(), [&](const ql::PresetPoint& p) { return p.name == name; });
            return it == presets.end() ? ql::PresetPoint {} : *it;
        };
        int placed = 0;
        for (const auto& p : presets)
            placed += p.placed();
        QVERIFY2(placed >= 10, qPrintable(planner->presetsText()));
        const ql::PresetPoint q4km = preset("Q4_K_M"), q8 = preset("Q8_0");
        QVERIFY(q4km.placed() && q8.placed());
        QVERIFY(q4km.bitsPerWeight < q8.bitsPerWeight && q4km.predictedError > q8.predictedError);
        // A mix using a type the sweep lacks is named with the type, not drawn.
        QVERIFY2(planner->presetsText().contains(QStringLiteral("BF16 (needs bf16)")), qPrintable(planner->presetsText()));
        // QuantLens's plan at Q4_K_M's size is at least as good as Q4_K_M on the same measure (the planner is exact).
        planner->setBudget(std::ceil(q4km.bitsPerWeight * 100) / 100);
        const ql::Plan plan = planner->planModel()->plan();
        QVERIFY(plan.optimal);
        QVERIFY2(plan.predictedError <= q4km.predictedError * (1 + 1e-9),
            qPrintable(QStringLiteral("%1 vs Q4_K_M %2").arg(plan.predictedError).arg(q4km.predictedError)));
        QTest::qWait(100);
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_plan_llamacpp.png")));
        // The export is a tensor-type file with the llama-quantize command that carries it out.
        const QString types = m_dir.filePath(QStringLiteral("stories.tensor-types.txt"));
        QString advice;
        QCOMPARE(planner->exportTo(ql::ExportFormat::LlamaCpp, types, &advice), QString());
        QVERIFY2(advice.contains(QStringLiteral("llama-quantize")) && advice.contains(types), qPrintable(advice));
        // A file that is not a GGUF cannot be compared as a quantization of this model.
        const QString safetensors = QStringLiteral(QL_STORIES_DIR "/model.safetensors");
        QSignalSpy compared(planner, &ql::PlannerView::presetsChanged);
        planner->compareFile(safetensors);
        QTRY_VERIFY_WITH_TIMEOUT(planner->totalsText().contains(QStringLiteral("model.safetensors")), 10000);
        QCOMPARE(compared.count(), 0);
        // Another target: its own candidates and export, float arithmetic, no llama.cpp presets.
        planner->setTarget(ql::PlanTarget::GptqModel);
        QVERIFY(planner->specsField()->text().startsWith(QStringLiteral("int")));
        QCOMPARE(ql::ExportFormat(planner->exportFormatBox()->itemData(0).toInt()), ql::ExportFormat::GptqModel);
        QCOMPARE(ql::Numerics::Kind(planner->numericsBox()->currentData().toInt()), ql::Numerics::Kind::Float);
        QVERIFY(planner->presetPoints().empty());
    }

    void sessionSavesAndRestores()
    {
        const QString session = m_dir.filePath(QStringLiteral("work.qlsession"));
        ql::Plan plan;
        std::vector<std::string> sweepRows;
        double sawtoothError = 0;
        bool symmetric = false;
        {
            ql::MainWindow w;
            w.resize(1280, 800);
            w.show();
            QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
            w.openFile(QString::fromStdString(m_gguf));
            QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
            ql::PlannerView* planner = w.planner();
            QSignalSpy finished(planner, &ql::PlannerView::sweepFinished);
            planner->runSweep(); // llama.cpp's k-quants, the GGUF's default
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
            planner->setBudget(7.25);
            planner->lockTensor(QStringLiteral("blk.2.attn_v.weight"), QStringLiteral("q8_0"));
            QVERIFY(w.selectTensor(QStringLiteral("blk.3.ffn_up.weight")));
            // Each view's settings: bits, clip, threshold, count, the value under the magnifier.
            w.gridView()->bitsField()->setValue(3);
            w.sawtoothView()->bitsField()->setValue(5);
            w.sawtoothView()->clipSlider()->setValue(640);
            w.sawtoothView()->symmetricBox()->setChecked(!w.sawtoothView()->symmetricBox()->isChecked());
            w.outliersView()->countField()->setValue(7);
            w.outliersView()->thresholdField()->setValue(5.5);
            w.bitsView()->valueField()->setText(QStringLiteral("0.3"));
            emit w.bitsView()->valueField()->editingFinished();
            QTRY_VERIFY_WITH_TIMEOUT(w.sawtoothView()->error().relMse > 0, 20000);
            w.showView(QStringLiteral("outliers")); // a view computes what it shows once it is shown
            QTRY_COMPARE_WITH_TIMEOUT(w.outliersView()->table()->rowCount(), 7, 20000);
            sawtoothError = w.sawtoothView()->error().relMse;
            symmetric = w.sawtoothView()->symmetricBox()->isChecked();
            w.showView(QStringLiteral("plan"));
            QCOMPARE(w.saveSession(session), QString());
            plan = planner->planModel()->plan();
            for (const auto& r : planner->sweepModel()->sweep().rows)
                sweepRows.push_back(ql::sweepRowJson(r));
        }
        // A new window restores the model, the sweep, the plan with its lock and budget, the selection and the tab.
        ql::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy restored(&w, &ql::MainWindow::sessionRestored);
        w.openFile(session); // as `quantlens work.qlsession` does
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 20000);
        QCOMPARE(restored.first().first().toBool(), true);
        QCOMPARE(QString::fromStdString(w.model()->path), QFileInfo(QString::fromStdString(m_gguf)).absoluteFilePath());
        QCOMPARE(w.currentViewName(), QStringLiteral("plan"));
        QCOMPARE(w.treeView()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("blk.3.ffn_up.weight"));
        ql::PlannerView* planner = w.planner();
        QCOMPARE(planner->target(), ql::PlanTarget::LlamaCpp);
        std::vector<std::string> rows;
        for (const auto& r : planner->sweepModel()->sweep().rows)
            rows.push_back(ql::sweepRowJson(r));
        QCOMPARE(rows, sweepRows);
        QCOMPARE(planner->budget(), 7.25);
        QCOMPARE(planner->locks().at("blk.2.attn_v.weight"), std::string("q8_0"));
        const ql::Plan again = planner->planModel()->plan();
        QCOMPARE(again.entries.size(), plan.entries.size());
        for (size_t i = 0; i < plan.entries.size(); ++i) {
            QCOMPARE(again.entries[i].name, plan.entries[i].name);
            QCOMPARE(again.entries[i].spec, plan.entries[i].spec);
            QCOMPARE(again.entries[i].locked, plan.entries[i].locked);
        }
        QCOMPARE(again.predictedError, plan.predictedError);
        // The views are as they were: their controls, and what they show from them.
        QCOMPARE(w.gridView()->bitsField()->value(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(w.gridView()->grid().bits, 3, 10000);
        QCOMPARE(w.gridView()->grid().qmax - w.gridView()->grid().qmin + 1, 8); // the levels the grid draws
        QCOMPARE(w.sawtoothView()->bitsField()->value(), 5);
        QCOMPARE(w.sawtoothView()->clipSlider()->value(), 640);
        QCOMPARE(w.sawtoothView()->symmetricBox()->isChecked(), symmetric);
        QTRY_COMPARE_WITH_TIMEOUT(w.sawtoothView()->error().relMse, sawtoothError, 10000);
        QCOMPARE(w.outliersView()->thresholdField()->value(), 5.5);
        w.showView(QStringLiteral("outliers"));
        QTRY_COMPARE_WITH_TIMEOUT(w.outliersView()->table()->rowCount(), 7, 10000);
        QCOMPARE(w.bitsView()->value(), 0.3);

        // A malformed session is an error naming the file; a model that changed is said, and the rest restored.
        const QString broken = m_dir.filePath(QStringLiteral("broken.qlsession"));
        fixtures::writeFile(broken.toStdString(), R"({"format":"quantlens-session","version":1,"model":{"path":3}})");
        w.openSession(broken);
        QVERIFY(w.jobs()->isRunning(QStringLiteral("session"))); // read in the background
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 2, 10000);
        QCOMPARE(restored.last().first().toBool(), false);
        QVERIFY2(w.lastError().contains(QStringLiteral("broken.qlsession")), qPrintable(w.lastError()));
        ql::Session changed = ql::loadSession(session.toStdString());
        changed.modelBytes += 1;
        const QString changedPath = m_dir.filePath(QStringLiteral("changed.qlsession"));
        ql::saveSession(changed, changedPath.toStdString());
        w.openSession(changedPath);
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 3, 20000);
        QCOMPARE(restored.last().first().toBool(), true);
        QVERIFY2(w.lastError().contains(QStringLiteral("differences")) && w.lastError().contains(QStringLiteral("bytes")), qPrintable(w.lastError()));
        QCOMPARE(w.planner()->sweepModel()->rowCount(), int(sweepRows.size()));
        // A session whose model is gone says which file it was.
        changed.modelPath = m_dir.filePath(QStringLiteral("moved-away.gguf")).toStdString();
        ql::saveSession(changed, changedPath.toStdString());
        w.openSession(changedPath);
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 4, 10000);
        QCOMPARE(restored.last().first().toBool(), false);
        QVERIFY(w.lastError().contains(QStringLiteral("moved-away.gguf")));
        // Settings the views do not have are said, and the rest restored.
        {
            ql::Session odd = ql::loadSession(session.toStdString());
            odd.viewSettings["grid"]["no_such_control"] = "1";
            odd.viewSettings["grid"]["bits"] = "99"; // beyond the spin box's range
            odd.viewSettings["nowhere"]["x"] = "1";
            const QString oddPath = m_dir.filePath(QStringLiteral("odd.qlsession"));
            ql::saveSession(odd, oddPath.toStdString());
            QSignalSpy again2(&w, &ql::MainWindow::sessionRestored);
            w.openSession(oddPath);
            QTRY_COMPARE_WITH_TIMEOUT(again2.count(), 1, 20000);
            QVERIFY2(w.lastError().contains(QStringLiteral("no_such_control")) && w.lastError().contains(QStringLiteral("bits"))
                    && w.lastError().contains(QStringLiteral("nowhere")),
                qPrintable(w.lastError()));
            QCOMPARE(w.sawtoothView()->bitsField()->value(), 5);
        }
    }

    void sweepFilesOpenInTheBackground()
    {
        ql::MainWindow w;
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        const ql::SweepResult sweep = ql::runSweep(*w.model(), { ql::parseSpec("q4_0"), ql::parseSpec("q8_0") });
        const QString good = m_dir.filePath(QStringLiteral("opened.sweep.json"));
        ql::saveSweep(sweep, good.toStdString());
        ql::PlannerView* planner = w.planner();
        QSignalSpy read(planner, &ql::PlannerView::sweepOpened);
        planner->openSweepFile(good);
        QVERIFY(planner->busy()); // a job: the UI thread goes on
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 10000);
        QCOMPARE(read.last().first().toBool(), true);
        QCOMPARE(planner->sweepModel()->rowCount(), int(sweep.rows.size()));
        QVERIFY(!planner->busy());
        // A malformed one: the sweep shown stays, a message names the file and what is wrong.
        const QString bad = m_dir.filePath(QStringLiteral("bad.sweep.json"));
        fixtures::writeFile(bad.toStdString(), R"({"format":"quantlens-sweep","specs":["int99"],"tensors":[]})");
        planner->openSweepFile(bad);
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 2, 10000);
        QCOMPARE(read.last().first().toBool(), false);
        const QString error = read.last().at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("bad.sweep.json")) && error.contains(QStringLiteral("int99")), qPrintable(error));
        QCOMPARE(planner->sweepModel()->rowCount(), int(sweep.rows.size()));
        auto* box = planner->findChild<QMessageBox*>();
        QVERIFY(box && box->isVisible() && box->text() == error);
        box->close();
    }

    void autosaveAndRecovery()
    {
        QFile::remove(ql::MainWindow::autosavePath());
        QVERIFY(ql::MainWindow::sessionToRecover().isEmpty()); // nothing saved yet; this run is marked as running
        ql::MainWindow w;
        w.show();
        QVERIFY(!w.autosave()); // no model: nothing to save
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf), QStringLiteral("blk.1.attn_k.weight"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        QVERIFY(w.autosave());
        const ql::Session saved = ql::loadSession(ql::MainWindow::autosavePath().toStdString());
        QCOMPARE(QString::fromStdString(saved.modelPath), QFileInfo(QString::fromStdString(m_gguf)).absoluteFilePath());
        QCOMPARE(saved.selectedTensor, std::string("blk.1.attn_k.weight"));
        // The process "crashes" (the window never closes): the next start finds the autosave to offer.
        QCOMPARE(ql::MainWindow::sessionToRecover(), ql::MainWindow::autosavePath());
        // A normal end leaves nothing to recover.
        w.close();
        QVERIFY(ql::MainWindow::sessionToRecover().isEmpty());
        w.close();
    }

    void cancelledSweepContinues()
    {
        ql::MainWindow w;
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(m_gguf));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        ql::PlannerView* planner = w.planner();
        planner->candidatesBox()->setCurrentIndex(1); // sixteen llama.cpp types
        QSignalSpy finished(planner, &ql::PlannerView::sweepFinished);
        planner->runSweep();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        std::vector<std::string> whole;
        for (const auto& r : planner->sweepModel()->sweep().rows)
            whole.push_back(ql::sweepRowJson(r));
        QVERIFY(!planner->canContinueSweep());
        // Cancel after the third row: the finished rows stay, and the sweep continues from them.
        auto cancelAtThree = connect(planner->sweepModel(), &QAbstractItemModel::rowsInserted, this, [&] {
            if (planner->sweepModel()->rowCount() == 3)
                w.jobs()->cancel(QStringLiteral("sweep"));
        });
        planner->runSweep();
        QTRY_VERIFY_WITH_TIMEOUT(!w.jobs()->isRunning(QStringLiteral("sweep")), 60000);
        disconnect(cancelAtThree);
        QCOMPARE(finished.count(), 1);
        QVERIFY(planner->canContinueSweep());
        const int kept = planner->sweepModel()->rowCount();
        QVERIFY(kept >= 3 && kept < int(whole.size()));
        planner->continueSweep();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
        std::vector<std::string> continued;
        for (const auto& r : planner->sweepModel()->sweep().rows)
            continued.push_back(ql::sweepRowJson(r));
        QCOMPARE(continued, whole); // the same sweep as the uninterrupted one
        QVERIFY(!planner->canContinueSweep());

        // The process dies during a sweep: the session autosaved then holds the finished rows, and
        // the next start's restore offers to continue; the continued sweep is the whole one.
        const QString session = m_dir.filePath(QStringLiteral("mid-sweep.qlsession"));
        auto saveAtThree = connect(planner->sweepModel(), &QAbstractItemModel::rowsInserted, this, [&] {
            if (planner->sweepModel()->rowCount() == 3) {
                QCOMPARE(w.saveSession(session), QString()); // as the minute's autosave would
                w.jobs()->cancel(QStringLiteral("sweep"));
            }
        });
        planner->runSweep();
        QTRY_VERIFY_WITH_TIMEOUT(!w.jobs()->isRunning(QStringLiteral("sweep")), 60000);
        disconnect(saveAtThree);
        const ql::Session saved = ql::loadSession(session.toStdString());
        QVERIFY(saved.sweep && !saved.sweepComplete);
        QCOMPARE(saved.sweep->rows.size(), size_t(3));
        ql::MainWindow next;
        next.show();
        QSignalSpy restored(&next, &ql::MainWindow::sessionRestored);
        next.openSession(session);
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 20000);
        QVERIFY(restored.first().first().toBool());
        ql::PlannerView* again = next.planner();
        QVERIFY(again->canContinueSweep());
        QCOMPARE(again->sweepModel()->rowCount(), 3);
        QSignalSpy done(again, &ql::PlannerView::sweepFinished);
        again->continueSweep();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        std::vector<std::string> resumed;
        for (const auto& r : again->sweepModel()->sweep().rows)
            resumed.push_back(ql::sweepRowJson(r));
        QCOMPARE(resumed, whole);
    }

    void cancelledValidationContinues()
    {
        // The plans a cancelled validation measured stay on the chart; validating again measures only
        // the others and ends with what an uninterrupted validation shows.
        auto validated = [this](ql::MainWindow& w, int cancelAt, QList<QPointF>& points) {
            QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
            w.openFile(QString::fromStdString(m_gguf));
            QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
            ql::PlannerView* planner = w.planner();
            planner->numericsBox()->setCurrentIndex(planner->numericsBox()->findData(int(ql::Numerics::Kind::Float)));
            QSignalSpy swept(planner, &ql::PlannerView::sweepFinished);
            planner->runSweep();
            QTRY_COMPARE_WITH_TIMEOUT(swept.count(), 1, 60000);
            QSignalSpy judged(planner, &ql::PlannerView::judgeFinished);
            QMetaObject::Connection cancel;
            if (cancelAt > 0)
                cancel = connect(planner->validationSeries(), &QXYSeries::pointAdded, this, [&w, planner, cancelAt] {
                    if (planner->validationSeries()->count() == cancelAt)
                        w.jobs()->cancel(QStringLiteral("judge"));
                });
            planner->validateFrontier();
            if (cancelAt > 0) {
                QTRY_VERIFY_WITH_TIMEOUT(!w.jobs()->isRunning(QStringLiteral("judge")), 120000);
                disconnect(cancel);
                QCOMPARE(judged.count(), 0);
                const int kept = int(planner->validationSeries()->count());
                QVERIFY(kept >= cancelAt && kept < 8);
                planner->validateFrontier();
                QCOMPARE(int(planner->validationSeries()->count()), kept); // drawn at once, not measured again
                QVERIFY2(planner->judgeText().contains(QString::number(kept)), qPrintable(planner->judgeText()));
            }
            QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 1, 120000);
            points = planner->validationSeries()->points();
        };
        ql::MainWindow whole, resumed;
        QList<QPointF> expected, got;
        validated(whole, 0, expected);
        validated(resumed, 3, got);
        QCOMPARE(got.size(), 8);
        QCOMPARE(got, expected);
    }

    void gridWithCalibrationMethods()
    {
        auto model = std::make_shared<const ql::Model>(ql::open(m_gguf));
        const size_t t = size_t(model->find("blk.3.attn_q.weight"));
        const auto stats = ql::computeStats(*model, t);
        ql::GridView view;
        view.resize(1000, 480);
        view.show();
        QSignalSpy ready(&view, &ql::GridView::methodsReady);
        view.setTensor(model, t, stats);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        // Four methods, each with the exact error the quantizer gives for int4:tensor:<clip>.
        const auto m = ql::readWeightMatrix(*model, t);
        QCOMPARE(int(view.methods().size()), 4);
        for (const char* spec : { "int4:tensor:minmax", "int4:tensor:p99.9", "int4:tensor:mse", "int4:tensor:kl" }) {
            const auto s = ql::parseSpec(spec);
            QCOMPARE(view.methods()[size_t(s.clip)].relMse, ql::measureError(s, m.view(), ql::computeParams(s, m.view())).relMse);
        }
        // Min-max: nothing clipped, every value lands on a level, the counts add up.
        QVERIFY(std::fabs(view.grid().scale / (stats.absmax / 7) - 1) < 1e-6); // float scale vs double absmax
        QVERIFY(view.plot()->clippedRanges().empty());
        double total = 0;
        for (const auto& [x, c] : view.plot()->levels()) {
            QVERIFY(std::fabs(std::remainder(x, view.grid().scale)) < 1e-9);
            total += c;
        }
        QCOMPARE(total, double(stats.count));
        // Picking MSE draws its (narrower) grid: tails shaded and named in the status.
        view.methodBox()->setCurrentIndex(2);
        QVERIFY(view.grid().scale < stats.absmax / 7);
        QVERIFY(!view.plot()->clippedRanges().empty());
        QVERIFY(view.statusText().contains(QStringLiteral("MSE")));
        // More bits: recomputed in the background, lower error.
        const double int4 = view.methods()[0].relMse;
        view.bitsField()->setValue(6);
        QVERIFY(!view.ready());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 10000);
        QVERIFY(view.methods()[0].relMse < int4 / 10);
        QCOMPARE(view.grid().qmax, 31);
        // CSV holds both histograms.
        const QString csv = view.plot()->csv();
        QVERIFY(csv.startsWith(QStringLiteral("kind,x,count\n")));
        QCOMPARE(csv.count(QStringLiteral("original,")), int(stats.linear.counts.size()));
        QVERIFY(csv.count(QStringLiteral("dequantized,")) > 8);
        view.bitsField()->setValue(3);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 10000);
        QTest::qWait(50);
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_grid.png")));
    }


    void channelRanges()
    {
        auto model = std::make_shared<const ql::Model>(ql::open(m_gguf));
        const size_t t = size_t(model->find("blk.1.ffn_gate.weight")); // [172, 64]
        ql::ChannelsView view;
        view.resize(1000, 480);
        view.show();
        QSignalSpy ready(&view, &ql::ChannelsView::resultsReady);
        view.setTensor(model, t);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        // One box per output channel, matching row 5's values as numpy would summarise them.
        const auto m = ql::readWeightMatrix(*model, t);
        QCOMPARE(int(view.plot()->ranges().size()), 172);
        std::vector<float> row(m.values.begin() + 5 * 64, m.values.begin() + 6 * 64);
        std::sort(row.begin(), row.end());
        QCOMPARE(view.plot()->ranges()[5].min, double(row.front()));
        QCOMPARE(view.plot()->ranges()[5].max, double(row.back()));
        QCOMPARE(view.plot()->ranges()[5].median, ql::percentileOfSorted(row, 50));
        // Flagged channels are those the 1.5 × IQR rule picks, and the read-out names them.
        std::vector<double> widths;
        for (const auto& c : view.plot()->ranges())
            widths.push_back(c.range());
        QCOMPARE(view.plot()->flagged(), ql::tukeyOutliers(widths));
        QVERIFY(!view.plot()->flagged().empty());
        QVERIFY(view.summaryText().contains(QString::number(view.plot()->flagged().front())));
        // Per-channel beats per-tensor; the group (clamped to the 64-value rows) matches the quantizer.
        QVERIFY(view.errors().channel < view.errors().tensor);
        QCOMPARE(view.errors().groupSize, 64);
        view.bitsField()->setValue(8);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 10000);
        const auto s = ql::parseSpec("int8:channel");
        QCOMPARE(view.errors().channel, ql::measureError(s, m.view(), ql::computeParams(s, m.view())).relMse);
        view.groupField()->setValue(16);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 10000);
        QCOMPARE(view.errors().groupSize, 16);
        QVERIFY(view.errors().group < view.errors().channel);
        QCOMPARE(view.plot()->csv().count(QLatin1Char('\n')), 173);
        QTest::qWait(50);
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_channels.png")));
    }


    void tensorWorkerErrorsAndStaleResults()
    {
        // A tensor whose bytes cannot be read: the worker reports the file and the problem.
        auto broken = std::make_shared<ql::Model>();
        ql::TensorInfo t;
        t.name = "w";
        t.shape = { 2, 2 };
        t.parameters = 4;
        broken->tensors.push_back(t);
        struct Src : ql::TensorSource {
            void read(const ql::TensorInfo&, int64_t, int64_t, float*) const override
            {
                throw ql::Error(ql::ErrorCode::Truncated, "/data/cut.safetensors", { "tensor 'w'" });
            }
        };
        broken->sources.push_back(std::make_shared<Src>());
        QWidget host;
        ql::TensorWorker worker(&host);
        QSignalSpy failed(&worker, &ql::TensorWorker::failed);
        QSignalSpy finished(&worker, &ql::TensorWorker::finished);
        worker.setTensor(broken, 0);
        worker.run([](const ql::WeightMatrix&) -> std::any { return 1; });
        // A hidden view does no work; its request runs when it is shown.
        QTest::qWait(100);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!worker.busy());
        host.show();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QVERIFY(!worker.busy());
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("cut.safetensors")));
        QCOMPARE(finished.count(), 0);
        // Two runs in a row: only the newer one's result arrives.
        auto model = std::make_shared<const ql::Model>(ql::open(m_gguf));
        worker.setTensor(model, size_t(model->find("blk.0.attn_q.weight")));
        worker.run([](const ql::WeightMatrix&) -> std::any { return 1; });
        worker.run([](const ql::WeightMatrix& w) -> std::any { return int(w.rows); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QTest::qWait(100);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(std::any_cast<int>(finished.at(0).at(0).value<std::any>()), 64);

        // A second view on the same tensor shares the values read by the first; the same tensor of
        // another open of the file is read afresh.
        QWidget host2;
        host2.show();
        ql::TensorWorker second(&host2);
        QSignalSpy finished2(&second, &ql::TensorWorker::finished);
        second.setTensor(model, size_t(model->find("blk.0.attn_q.weight")));
        second.run([](const ql::WeightMatrix& w) -> std::any { return int(w.cols); });
        QTRY_COMPARE_WITH_TIMEOUT(finished2.count(), 1, 5000);
        QVERIFY(worker.matrix() != nullptr);
        QCOMPARE(second.matrix(), worker.matrix());
        auto reopened = std::make_shared<const ql::Model>(ql::open(m_gguf));
        second.setTensor(reopened, size_t(reopened->find("blk.0.attn_q.weight")));
        second.run([](const ql::WeightMatrix& w) -> std::any { return int(w.cols); });
        QTRY_COMPARE_WITH_TIMEOUT(finished2.count(), 2, 5000);
        QVERIFY(second.matrix() != worker.matrix());
        QCOMPARE(second.matrix()->values, worker.matrix()->values);
    }


    void learnTourOpensEachLesson()
    {
        // The tour opens the demo model, selects each lesson's tensor, sets its view up, and what the
        // lesson texts claim holds on the live view.
        ql::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy shown(&w, &ql::MainWindow::lessonShown);
        w.startLesson(0);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 20000);
        QVERIFY(w.learnDock()->isVisible());
        QVERIFY(QString::fromStdString(w.model()->path).endsWith(QStringLiteral(".gguf")));
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.sawtoothView()));
        QCOMPARE(w.treeView()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("blk.3.attn_q.weight"));
        QCOMPARE(w.sawtoothView()->bitsField()->value(), 3);
        QVERIFY(w.sawtoothView()->symmetricBox()->isChecked());
        QVERIFY(w.learnPanel()->textView()->toPlainText().contains(QStringLiteral("sawtooth")));
        QVERIFY(!w.learnPanel()->previousButton()->isEnabled());
        const ql::Model* model = w.model();
        // "Every extra bit ... the SQNR rises by about 6 dB."
        QTRY_VERIFY_WITH_TIMEOUT(w.sawtoothView()->error().relMse > 0, 10000);
        std::vector<double> sqnr;
        for (int bits : { 4, 5, 6 }) {
            w.sawtoothView()->bitsField()->setValue(bits);
            sqnr.push_back(-10 * std::log10(w.sawtoothView()->error().relMse));
        }
        QVERIFY2(sqnr[1] - sqnr[0] > 5 && sqnr[1] - sqnr[0] < 7 && sqnr[2] - sqnr[1] > 5 && sqnr[2] - sqnr[1] < 7,
            qPrintable(QStringLiteral("%1 %2 %3").arg(sqnr[0]).arg(sqnr[1]).arg(sqnr[2])));

        // Next: lesson 2 on the same model and view, asymmetric.
        QTest::mouseClick(w.learnPanel()->nextButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 10000);
        QCOMPARE(w.model(), model); // not reopened
        QVERIFY(!w.sawtoothView()->symmetricBox()->isChecked());
        QCOMPARE(w.sawtoothView()->bitsField()->value(), 4);
        // "Drag Clip down to about 70 %: ... the error falls at first, then rises once too much is clipped."
        const double full = w.sawtoothView()->error().relMse;
        w.sawtoothView()->clipSlider()->setValue(700);
        const double at70 = w.sawtoothView()->error().relMse;
        w.sawtoothView()->clipSlider()->setValue(150);
        const double at15 = w.sawtoothView()->error().relMse;
        QVERIFY2(at70 < full && at15 > at70, qPrintable(QStringLiteral("%1 %2 %3").arg(full).arg(at70).arg(at15)));

        // Lesson 3: the norm gains on the Grid; unticking Symmetric cuts the error about fivefold (twice as
        // fine a grid: the range keeps 0).
        QTest::mouseClick(w.learnPanel()->nextButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 3, 10000);
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.gridView()));
        QCOMPARE(w.treeView()->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("blk.0.ffn_norm.weight"));
        QTRY_VERIFY_WITH_TIMEOUT(w.gridView()->ready(), 10000);
        const double symmetric = w.gridView()->methods()[0].relMse;
        QTest::mouseClick(w.gridView()->symmetricBox(), Qt::LeftButton, {}, QPoint(4, w.gridView()->symmetricBox()->height() / 2));
        QVERIFY(!w.gridView()->symmetricBox()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(w.gridView()->ready(), 10000);
        QVERIFY2(w.gridView()->methods()[0].relMse * 4 < symmetric,
            qPrintable(QStringLiteral("%1 vs %2").arg(w.gridView()->methods()[0].relMse).arg(symmetric)));
        QTest::qWait(100);
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_learn.png")));

        // Lesson 4: per group < per channel < per tensor on blk.1.ffn_gate.weight.
        w.learnPanel()->list()->setCurrentRow(3);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 4, 10000);
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.channelsView()));
        QCOMPARE(w.channelsView()->groupField()->value(), 32);
        QTRY_VERIFY_WITH_TIMEOUT(w.channelsView()->ready(), 10000);
        QVERIFY(w.channelsView()->errors().group < w.channelsView()->errors().channel);
        QVERIFY(w.channelsView()->errors().channel < w.channelsView()->errors().tensor);

        // Lesson 6: MSE calibration is selected and beats min-max and the percentile on this weight.
        w.learnPanel()->list()->setCurrentRow(5);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 5, 10000);
        QCOMPARE(w.gridView()->methodBox()->currentIndex(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(w.gridView()->ready(), 10000);
        const auto& m = w.gridView()->methods();
        QCOMPARE(int(m[2].method), int(ql::ClipMethod::Mse));
        QVERIFY(m[2].relMse <= m[0].relMse && m[2].relMse <= m[1].relMse);

        // Lesson 7: the value 0.1 on the Bits tab; lesson 8: the sweep runs and a plan appears.
        QTest::mouseClick(w.learnPanel()->nextButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 6, 10000);
        QCOMPARE(w.bitsView()->value(), 0.1);
        QTest::mouseClick(w.learnPanel()->nextButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 7, 10000);
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.planner()));
        QTRY_VERIFY_WITH_TIMEOUT(w.planner()->planModel()->rowCount() > 0, 20000);
        QVERIFY(!w.learnPanel()->nextButton()->isEnabled());
    }

    void outliersActivationHeatmap()
    {
        // Capture stories260K's layer inputs from the GUI; the Outliers tab draws the selected layer's
        // input and reports outlier features across the model.
        ql::MainWindow w;
        openShown(w, QStringLiteral("blk.3.attn_q.weight"));
        ql::OutliersView* view = w.outliersView();
        QCOMPARE(view->heatmap()->map().tokens, int64_t(0)); // nothing captured yet: the heatmap explains how
        QSignalSpy features(view, &ql::OutliersView::featuresReady);
        w.captureActivations();
        QTRY_COMPARE_WITH_TIMEOUT(features.count(), 1, 60000);
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(view));
        QCOMPARE(view->heatmap()->map().tokens, int64_t(256)); // 8 sampled sequences of 64, 256 rows kept
        QCOMPARE(view->heatmap()->map().channels, int64_t(64));
        const ql::OutlierFeatureReport& r = view->featureReport();
        QCOMPARE(r.hidden, int64_t(64));
        QCOMPARE(r.layers, 6); // five blocks and the output head
        // stories260K has no LLM.int8() outlier feature at 6; hidden dimension 18 comes closest (layers 1–3).
        QVERIFY(r.outliers.empty());
        QCOMPARE(r.dims[0].dim, int64_t(18));
        QCOMPARE(r.dims[0].layers, 3);
        QVERIFY(view->featuresText().contains(QStringLiteral("none")));
        QVERIFY(view->featuresText().contains(QStringLiteral("dim 18: 3 layer(s)")));
        // Cells at or above the threshold are drawn red; the map's own numbers are |x|.
        int64_t over = 0;
        for (int64_t c = 0; c < 64; ++c)
            over += view->heatmap()->map().overThreshold[size_t(c)];
        QVERIFY(over > 0);
        QCOMPARE(view->heatmap()->colourOf(7.0f), view->heatmap()->colourOf(100.0f));
        QVERIFY(view->heatmap()->colourOf(1.0f) != view->heatmap()->colourOf(7.0f));

        // At a threshold of 2, dimension 18 is an outlier feature and is marked on the map.
        view->thresholdField()->setValue(2.0);
        QTRY_COMPARE_WITH_TIMEOUT(features.count(), 2, 10000);
        QVERIFY(std::find(view->featureReport().outliers.begin(), view->featureReport().outliers.end(), 18) != view->featureReport().outliers.end());
        QCOMPARE(view->heatmap()->features(), view->featureReport().outliers);
        view->thresholdField()->setValue(6.0);
        QTRY_COMPARE_WITH_TIMEOUT(features.count(), 3, 10000);
        QTest::qWait(100);
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_activations.png")));
        QVERIFY(view->heatmap()->csv().startsWith(QStringLiteral("token,channel,abs\n0,0,")));

        // Inputs read from a calibration file replace the captured ones.
        ql::CalibrationStore store;
        ql::CalibrationEntry e;
        e.in = 64;
        e.inputs.assign(4 * 64, 0.25f);
        e.inputs[64 + 7] = -9.0f;
        store.entries["blk.3.attn_q.weight"] = e;
        QTemporaryDir dir;
        const QString calib = dir.filePath(QStringLiteral("calib.h5"));
        ql::saveCalibration(store, calib.toStdString());
        w.openCalibration(calib);
        QTRY_COMPARE_WITH_TIMEOUT(features.count(), 4, 10000);
        QCOMPARE(view->heatmap()->map().tokens, int64_t(4));
        QCOMPARE(view->featureReport().outliers, (std::vector<int64_t> { 7 }));
        QCOMPARE(view->heatmap()->map().overThreshold[7], int64_t(1));

        // A tensor without captured inputs (a norm gain) says so.
        QVERIFY(w.selectTensor(QStringLiteral("blk.3.ffn_norm.weight")));
        QTRY_COMPARE_WITH_TIMEOUT(view->heatmap()->map().tokens, int64_t(0), 10000);
    }

    void everyViewOnBothDemosInLightAndDark()
    {
        // Every view on the digits demo and on stories260K, in the light and the dark scheme: each
        // screenshot is saved for a person to look at; in the dark scheme the whole window (charts
        // included) must be dark, i.e. no view paints a light background of its own.
        auto* app = static_cast<QApplication*>(QCoreApplication::instance());
        const QString demo = ql::demoModelPath(ql::Demo::DigitsMlp), cnn = ql::demoModelPath(ql::Demo::DigitsCnn);
        QVERIFY(!demo.isEmpty() && !cnn.isEmpty());
        const std::pair<QString, QString> models[] = { { QStringLiteral("demo"), demo }, { QStringLiteral("cnn"), cnn },
            { QStringLiteral("stories"), QString::fromStdString(m_gguf) } };
        for (ql::ColourScheme scheme : { ql::ColourScheme::Light, ql::ColourScheme::Dark }) {
            ql::applyScheme(*app, scheme);
            QCOMPARE(ql::darkPalette(), scheme == ql::ColourScheme::Dark);
            for (const auto& [tag, path] : models) {
                ql::MainWindow w;
                w.resize(1280, 800);
                w.show();
                QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
                w.openFile(path);
                QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
                QTRY_VERIFY_WITH_TIMEOUT(w.allStatsReady(), 20000);
                for (const QString& view : ql::MainWindow::viewNames()) {
                    if (view == QLatin1String("learn"))
                        continue; // the tour opens its own model (learnTourOpensEachLesson)
                    QVERIFY(w.showView(view));
                    QTest::qWait(50);
                    if (auto* worker = w.tabs()->currentWidget()->findChild<ql::TensorWorker*>())
                        QTRY_VERIFY_WITH_TIMEOUT(!worker->busy(), 20000);
                    QTest::qWait(100);
                    const QImage shot = w.grab().toImage();
                    const QString name = QStringLiteral(QL_BUILD_DIR "/screenshot_%1_%2_%3.png")
                                             .arg(tag, scheme == ql::ColourScheme::Dark ? QStringLiteral("dark") : QStringLiteral("light"), view);
                    QVERIFY(shot.save(name));
                    // Mean lightness of the tab page (the view itself).
                    const QRect page = w.tabs()->currentWidget()->geometry().translated(w.tabs()->mapTo(&w, QPoint(0, 0)));
                    double sum = 0;
                    int n = 0;
                    for (int y = page.top(); y < page.bottom(); y += 4)
                        for (int x = page.left(); x < page.right(); x += 4) {
                            sum += QColor(shot.pixel(x, y)).lightness();
                            ++n;
                        }
                    const double mean = sum / std::max(1, n);
                    if (scheme == ql::ColourScheme::Dark)
                        QVERIFY2(mean < 110, qPrintable(QStringLiteral("%1 is light in the dark scheme (%2)").arg(name).arg(mean)));
                    else
                        QVERIFY2(mean > 150, qPrintable(QStringLiteral("%1 is dark in the light scheme (%2)").arg(name).arg(mean)));
                }
            }
        }
        ql::applyScheme(*app, ql::ColourScheme::System);
    }

    void methodsTabComparesRtnGptqAwq()
    {
        ql::MainWindow w;
        openShown(w, QStringLiteral("blk.3.attn_q.weight"));
        ql::MethodsView* view = w.methodsView();
        QVERIFY(w.showView(QStringLiteral("methods")));
        QVERIFY(view->layerText().contains(QStringLiteral("Capture Activations"))); // says what it needs
        QSignalSpy layer(view, &ql::MethodsView::layerShown);
        w.captureActivations();
        QTRY_VERIFY_WITH_TIMEOUT(layer.count() >= 1, 60000);
        QVERIFY(w.showView(QStringLiteral("methods")));
        // SmoothQuant on the selected layer: per-channel maxima, the W8A8 error before and after.
        const ql::SmoothResult& sm = view->smoothResult();
        QCOMPARE(sm.scales.size(), size_t(64));
        QCOMPARE(sm.tokens, int64_t(256));
        QVERIFY2(sm.errorAfter < sm.errorBefore, qPrintable(view->layerText()));
        QCOMPARE(view->ablation().kept, int64_t(1)); // 1 % of 64 inputs, at least one
        QVERIFY(view->layerText().contains(QStringLiteral("by activation")));
        const double at50 = sm.errorAfter;
        view->alphaSlider()->setValue(80);
        QTRY_VERIFY_WITH_TIMEOUT(layer.count() >= 2 && view->layerReady(), 10000);
        QVERIFY(view->smoothResult().errorAfter != at50);
        // Compare RTN, GPTQ and AWQ on every layer: both beat RTN everywhere on stories260K at int4:g128.
        QSignalSpy done(view, &ql::MethodsView::comparisonFinished);
        view->runComparison();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        const auto& rows = view->bars()->rows();
        QCOMPARE(int(rows.size()), 36);
        for (const auto& r : rows)
            QVERIFY(r.gptq < r.rtn && r.awq < r.rtn);
        QVERIFY(view->statusText().contains(QStringLiteral("GPTQ beats RTN on 36, AWQ on 36")));
        QVERIFY(view->bars()->csv().startsWith(QStringLiteral("tensor,rtn,gptq,awq")));
        // A bad spec is refused with a message, not run.
        view->specField()->setText(QStringLiteral("q4_k"));
        view->runComparison();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 10000);
        QVERIFY(view->statusText().contains(QStringLiteral("llama.cpp")));
        view->specField()->setText(QStringLiteral("int4:g128"));
        QTest::qWait(100);
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_methods.png")));

        // The Plan tab sweeps with GPTQ now that inputs are captured; its plan evaluates end to end.
        ql::PlannerView* planner = w.planner();
        QVERIFY(planner->methodBox()->isEnabled());
        planner->methodBox()->setCurrentIndex(planner->methodBox()->findText(QStringLiteral("GPTQ")));
        planner->setTarget(ql::PlanTarget::None); // integer specs with GPTQ: no tool in particular
        planner->specsField()->setText(QStringLiteral("int3:g64,int4:g64,int8:channel"));
        QSignalSpy swept(planner, &ql::PlannerView::sweepFinished);
        planner->runSweep();
        QTRY_COMPARE_WITH_TIMEOUT(swept.count(), 1, 60000);
        planner->setBudget(4.5);
        int gptqEntries = 0;
        for (const auto& e : planner->planModel()->plan().entries)
            gptqEntries += e.method == "gptq";
        QCOMPARE(gptqEntries, 36); // every linear layer; the embedding has no captured inputs
        QSignalSpy judged(planner, &ql::PlannerView::judgeFinished);
        planner->evaluatePlan();
        QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 1, 60000);
        QVERIFY2(planner->judgeText().contains(QStringLiteral("KL")), qPrintable(planner->judgeText()));
    }

    void packingShowsTheStoredBits()
    {
        auto model = std::make_shared<const ql::Model>(ql::open(m_gguf));
        ql::PackingView view;
        view.resize(1000, 720);
        view.show();
        QSignalSpy ready(&view, &ql::PackingView::blockReady);
        const size_t q = size_t(model->find("blk.0.attn_q.weight")); // [64, 64]: two Q4_0 blocks a row
        view.setTensor(model, q);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        QCOMPARE(view.table()->rowCount(), 32);
        QCOMPARE(view.block().bytes.size(), size_t(16)); // INT4 by default: 32 codes in 16 bytes

        // Q4_0, row 3, block 1: the table shows columns 32…63 and llama.cpp's dequantized values.
        view.layoutBox()->setCurrentIndex(view.layoutBox()->findData(int(ql::PackLayout::Q4_0)));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 10000);
        QCOMPARE(view.blockField()->maximum(), 1);
        QCOMPARE(view.rowField()->maximum(), 63);
        view.rowField()->setValue(3);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 10000);
        view.blockField()->setValue(1);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, 10000);
        QCOMPARE(view.table()->item(0, 1)->text(), QStringLiteral("32"));
        const ql::OwnedMatrix m = ql::readWeightMatrix(*model, q);
        std::vector<uint8_t> bytes(size_t(ql::ggmlRowBytes(ql::QFormat::Q4_0, 64)));
        ql::quantizeGgmlRow(ql::QFormat::Q4_0, m.values.data() + 3 * 64, 64, bytes.data());
        std::vector<float> deq(64);
        ql::dequantizeGgml(ql::DType::Q4_0, bytes.data(), 2, deq.data());
        for (int i = 0; i < 32; ++i)
            QCOMPARE(QLocale().toDouble(view.table()->item(i, 8)->text()), double(QLocale().toString(deq[size_t(32 + i)], 'g', 6).toDouble()));
        QCOMPARE(std::memcmp(view.block().bytes.data(), bytes.data() + 18, 18), 0); // the second block's bytes

        // Clicking bit 5 of byte 6 (the high nibble of code byte 4) selects value 20, in the map and the table.
        QTest::mouseClick(view.map(), Qt::LeftButton, {}, view.map()->bitCentre(6, 5).toPoint());
        QCOMPARE(view.map()->selected(), 20);
        QCOMPARE(view.table()->currentRow(), 20);
        const ql::PackedValue& v = view.block().values[20];
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("→ code %1 = ").arg(v.code)));
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("(%1 − 8)").arg(v.code)));
        QCOMPARE(view.map()->valueAt(6, 1), 4); // the low nibble of the same byte holds value 4
        QVERIFY(view.summaryText().contains(QStringLiteral("4.5 bits per weight")));
        QVERIFY(view.map()->csv().startsWith(QStringLiteral("byte,hex,bits,field\n0,0x")));

        // Q4_K on a 172-value row: one padded super-block, eight sub-scales listed.
        view.setTensor(model, size_t(model->find("blk.0.ffn_down.weight")));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 5, 10000);
        view.layoutBox()->setCurrentIndex(view.layoutBox()->findData(int(ql::PackLayout::Q4_K)));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 6, 10000);
        QCOMPARE(view.table()->rowCount(), 256);
        QCOMPARE(view.table()->item(200, 2)->text(), QStringLiteral("padding"));
        QVERIFY(view.summaryText().contains(QStringLiteral("padded")));
        QVERIFY(view.summaryText().contains(QStringLiteral("7: scale ")));
        view.table()->setCurrentCell(100, 0); // value 100: sub-block 3, high nibbles of the second 32-byte chunk
        QCOMPARE(view.map()->selected(), 100);
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("sub-block 3")));
        QTest::qWait(50);
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_packing.png")));
    }

    void packingIQuantsLatticeAndNvfp4()
    {
        // A [8, 256] tensor of heavy-tailed values: one IQ4_XS and one IQ3_XXS super-block per row, sixteen
        // NVFP4 blocks.
        std::vector<float> v(8 * 256);
        uint32_t seed = 5;
        for (size_t i = 0; i < v.size(); ++i) {
            seed = seed * 1664525u + 1013904223u;
            const float u = float(seed >> 8) / 16777216.0f - 0.5f;
            v[i] = u * (i % 37 == 0 ? 0.4f : 0.05f);
        }
        const std::string path = m_dir.filePath("packing.safetensors").toStdString();
        fixtures::writeFile(path, fixtures::safetensors({ { "w", "F32", { 8, 256 }, fixtures::raw(v) } }));
        auto model = std::make_shared<const ql::Model>(ql::open(path));
        ql::PackingView view;
        view.resize(1100, 760);
        view.show();
        QSignalSpy ready(&view, &ql::PackingView::blockReady);
        view.setTensor(model, 0);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        view.rowField()->setValue(2);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 10000);
        const float* row = v.data() + 2 * 256;

        // IQ4_XS: the values are llama.cpp's; each code picks a level of the table, times its sub-scale.
        view.layoutBox()->setCurrentIndex(view.layoutBox()->findData(int(ql::PackLayout::IQ4_XS)));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 10000);
        QCOMPARE(view.table()->rowCount(), 256);
        QCOMPARE(view.block().bytes.size(), size_t(136));
        std::vector<uint8_t> bytes(size_t(ql::ggmlRowBytes(ql::QFormat::IQ4_XS, 256)));
        ql::quantizeGgmlRow(ql::QFormat::IQ4_XS, row, 256, bytes.data());
        QCOMPARE(std::memcmp(view.block().bytes.data(), bytes.data(), bytes.size()), 0);
        std::vector<float> deq(256);
        ql::dequantizeGgml(ql::DType::IQ4_XS, bytes.data(), 1, deq.data());
        for (int i = 0; i < 256; ++i) {
            const ql::PackedValue& pv = view.block().values[size_t(i)];
            QCOMPARE(pv.dequantized, deq[size_t(i)]);
            QCOMPARE(pv.level, float(ql::ggml::kIq4nlValues[pv.code]));
            QCOMPARE(pv.scale * pv.level, pv.dequantized);
        }
        QCOMPARE(view.table()->item(40, 10)->text(), QLocale().toString(double(view.block().values[40].level), 'g', 6));
        // A bit of sub-block 3's scale (its low nibble is the high nibble of byte 5) selects value 96.
        QTest::mouseClick(view.map(), Qt::LeftButton, {}, view.map()->bitCentre(5, 5).toPoint());
        QCOMPARE(view.map()->selected(), 96);
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("sub-block 3: scale = d × (%1 − 32)").arg(view.block().subScales[3].scale6)));
        QVERIFY(view.summaryText().contains(QStringLiteral("4.25 bits per weight")));
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_packing_iq4_xs.png")));

        // IQ3_XXS: four values share a lattice point's index byte; signs in the words after the indices.
        view.layoutBox()->setCurrentIndex(view.layoutBox()->findData(int(ql::PackLayout::IQ3_XXS)));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, 10000);
        QCOMPARE(view.block().bytes.size(), size_t(98));
        bytes.assign(size_t(ql::ggmlRowBytes(ql::QFormat::IQ3_XXS, 256)), 0);
        ql::quantizeGgmlRow(ql::QFormat::IQ3_XXS, row, 256, bytes.data());
        QCOMPARE(std::memcmp(view.block().bytes.data(), bytes.data(), bytes.size()), 0);
        ql::dequantizeGgml(ql::DType::IQ3_XXS, bytes.data(), 1, deq.data());
        const ql::ggml::LatticeGrid& grid = ql::ggml::iq3xxsGrid();
        for (int i = 0; i < 256; ++i) {
            const ql::PackedValue& pv = view.block().values[size_t(i)];
            QCOMPARE(pv.point, i / 4);
            QCOMPARE(pv.code, int(bytes[size_t(2 + i / 4)]));
            QCOMPARE(std::fabs(pv.level), float(grid.value(pv.code, i % 4)));
            QCOMPARE(pv.dequantized, deq[size_t(i)]);
            QCOMPARE(pv.negative, deq[size_t(i)] < 0 || (deq[size_t(i)] == 0 && std::signbit(deq[size_t(i)])));
            QCOMPARE(pv.signImplied, i % 8 == 7);
        }
        // Value 9's sign is bit 8 of the first word (signs of values 8…14 are its bits 7…13): bit 0 of
        // byte 67; clicking it selects value 9.
        QCOMPARE(view.block().values[9].signByte, 67);
        QCOMPARE(view.block().values[9].signBit, 0);
        QTest::mouseClick(view.map(), Qt::LeftButton, {}, view.map()->bitCentre(67, 0).toPoint());
        QCOMPARE(view.map()->selected(), 9);
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("lattice point 2")));
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("bit 0 of byte 67")));
        // The index byte of point 2 is shared: clicking it selects the point's first value.
        QTest::mouseClick(view.map(), Qt::LeftButton, {}, view.map()->bitCentre(4, 0).toPoint());
        QCOMPARE(view.map()->selected(), 8);
        view.table()->setCurrentCell(15, 0);
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("implied")));
        QVERIFY(view.summaryText().contains(QStringLiteral("3.0625 bits per weight")));
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_packing_iq3_xxs.png")));

        // NVFP4: 16 E2M1 codes and an E4M3 scale; the FP32 scale follows the whole tensor's max |x|.
        view.layoutBox()->setCurrentIndex(view.layoutBox()->findData(int(ql::PackLayout::NVFP4)));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 5, 10000);
        view.blockField()->setValue(3);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 6, 10000);
        QCOMPARE(view.blockField()->maximum(), 15);
        QCOMPARE(view.block().bytes.size(), size_t(9));
        float amax = 0;
        for (float x : v)
            amax = std::max(amax, std::fabs(x));
        QCOMPARE(view.block().tensorScale, amax / 2688.0f);
        const ql::WeightMatrix w { v.data(), 8, 256 };
        const auto spec = ql::parseSpec("nvfp4");
        const auto p = ql::computeParams(spec, w);
        const auto q = ql::fakeQuantize(spec, w, p);
        const auto codes = ql::quantizeCodes(spec, w, p);
        for (int j = 0; j < 16; ++j) {
            const ql::PackedValue& pv = view.block().values[size_t(j)];
            const size_t i = size_t(2 * 256 + 3 * 16 + j);
            QCOMPARE(pv.column, int64_t(48 + j));
            QCOMPARE(pv.dequantized, q[i]);
            QCOMPARE(pv.code, codes[i]);
            QCOMPARE(pv.scale, p.scale[size_t(2 * 16 + 3)]);
            QCOMPARE(int((view.block().bytes[size_t(j / 2)] >> (4 * (j % 2))) & 0xF), codes[i]);
        }
        QCOMPARE(view.block().d * view.block().tensorScale, p.scale[size_t(2 * 16 + 3)]);
        QCOMPARE(int(view.block().bytes[8]), int(view.block().dBits));
        view.table()->setCurrentCell(5, 0);
        QVERIFY(view.map()->selectionText().contains(QStringLiteral("E2M1 value")));
        QVERIFY(view.summaryText().contains(QStringLiteral("4.5 bits per weight")));
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_packing_nvfp4.png")));
    }

    void everyViewOnEveryNewGgmlType()
    {
        // A GGUF holding one [4, 256] tensor of each new llama.cpp type (quantized here, with importance
        // where ggml requires it): it opens, every tensor's statistics are computed from its decoded
        // values, and every view shows each tensor without an error.
        const char* types[] = { "iq4_nl", "iq4_xs", "iq3_s", "iq3_xxs", "iq2_s", "iq2_xs", "iq2_xxs", "iq1_m", "iq1_s", "tq1_0", "tq2_0",
            "q1_0", "q2_0", "mxfp4_ggml", "nvfp4_ggml" };
        std::vector<float> v(4 * 256), importance(256, 1.0f);
        for (size_t i = 0; i < v.size(); ++i)
            v[i] = std::sin(0.37f * float(i)) * (i % 29 == 0 ? 0.3f : 0.05f);
        fixtures::Gguf file;
        file.kvString("general.architecture", "llama");
        for (const char* t : types) {
            const auto spec = ql::parseSpec(t);
            const int64_t rb = ql::ggmlRowBytes(spec.format, 256);
            std::string bytes(size_t(rb * 4), '\0');
            for (int r = 0; r < 4; ++r)
                ql::quantizeGgmlRow(spec.format, v.data() + r * 256, 256, reinterpret_cast<uint8_t*>(bytes.data()) + r * rb, importance.data());
            file.tensor(std::string("t.") + t, { 4, 256 }, *ql::ggmlTypeOfSpec(spec), bytes);
        }
        const QString path = m_dir.filePath(QStringLiteral("every_new_type.gguf"));
        fixtures::writeFile(path.toStdString(), file.build());
        ql::MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(path);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w.allStatsReady(), 20000);
        // The values every view reads are ggml's dequantization of the stored bytes.
        const ql::Model m = ql::open(path.toStdString());
        QCOMPARE(m.tensors.size(), size_t(15));
        for (size_t i = 0; i < m.tensors.size(); ++i) {
            const auto spec = ql::parseSpec(types[i]);
            std::vector<uint8_t> bytes(size_t(ql::ggmlRowBytes(spec.format, 256)));
            std::vector<float> want(256);
            ql::quantizeGgmlRow(spec.format, v.data() + 256, 256, bytes.data(), importance.data());
            ql::dequantizeGgml(m.tensors[i].dtype, bytes.data(), int64_t(256 / ql::dtypeBlockElements(m.tensors[i].dtype)), want.data());
            const std::vector<float> got = m.readAll(i);
            QVERIFY2(std::equal(want.begin(), want.end(), got.begin() + 256), types[i]);
        }
        for (const char* t : { "t.iq2_xxs", "t.tq1_0", "t.nvfp4_ggml" }) {
            QVERIFY(w.selectTensor(QString::fromLatin1(t)));
            for (const QString& view : ql::MainWindow::viewNames()) {
                if (view == QLatin1String("learn"))
                    continue;
                QVERIFY(w.showView(view));
                QTest::qWait(30);
                if (auto* worker = w.tabs()->currentWidget()->findChild<ql::TensorWorker*>())
                    QTRY_VERIFY_WITH_TIMEOUT(!worker->busy(), 20000);
            }
        }
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_every_new_type.png")));
    }

    void outliersDepthChartCoalescesArrivals()
    {
        // Statistics of a whole model arrive one tensor at a time: the depth chart is rebuilt a few
        // times, not once per tensor (each rebuild walks every tensor so far: quadratic).
        auto model = std::make_shared<const ql::Model>(ql::open(m_gguf));
        std::map<size_t, ql::TensorStats> stats;
        ql::OutliersView view;
        view.show();
        view.setModel(model, &stats);
        const int before = view.depthPlot()->rebuilds();
        QElapsedTimer clock;
        clock.start();
        for (size_t i = 0; i < model->tensors.size(); ++i) {
            stats[i] = ql::computeStats(*model, i);
            view.statsArrived();
        }
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(view.depthPlot()->rebuilds(), before); // nothing yet: the redraw waits for the timer
        int weights = 0;
        for (const auto& t : model->tensors)
            weights += t.shape.size() >= 2;
        QTRY_COMPARE_WITH_TIMEOUT(int(view.depthPlot()->bars().size()), weights, 5000);
        // At most one rebuild per kRedrawMs of arrivals, and one for the last ones.
        QVERIFY(view.depthPlot()->rebuilds() - before <= 2 + int(elapsed / ql::OutliersView::kRedrawMs));
    }

    void outliersTopValuesAndDepth()
    {
        auto model = std::make_shared<const ql::Model>(ql::open(m_gguf));
        std::map<size_t, ql::TensorStats> stats;
        for (size_t i = 0; i < model->tensors.size(); ++i)
            stats[i] = ql::computeStats(*model, i);
        ql::OutliersView view;
        view.resize(1000, 640);
        view.show();
        view.setModel(model, &stats);
        // One bar per 2-D weight (stories260K: 5 layers × 7 + embeddings + output), kurtosis by default.
        int weights = 0;
        for (const auto& t : model->tensors)
            weights += t.shape.size() >= 2;
        QCOMPARE(int(view.depthPlot()->bars().size()), weights);
        const size_t q = size_t(model->find("blk.1.ffn_gate.weight"));
        const auto bar = std::find_if(view.depthPlot()->bars().begin(), view.depthPlot()->bars().end(),
            [&](const ql::DepthPlot::Bar& b) { return b.tensor == q; });
        QCOMPARE(bar->value, stats[q].kurtosis);
        view.metricBox()->setCurrentIndex(1);
        QCOMPARE(std::find_if(view.depthPlot()->bars().begin(), view.depthPlot()->bars().end(),
                     [&](const ql::DepthPlot::Bar& b) { return b.tensor == q; })->value,
            stats[q].absmaxOverStd);
        QVERIFY(view.depthPlot()->csv().startsWith(QStringLiteral("tensor,layer,absmax_over_std,flagged\n")));

        // Top values: the first row is the tensor's max |x|, with its z-score.
        QSignalSpy ready(&view, &ql::OutliersView::topReady);
        view.setTensor(q, stats[q]);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        QCOMPARE(view.table()->rowCount(), 20);
        const double first = QLocale().toDouble(view.table()->item(0, 3)->text());
        QVERIFY(std::fabs(std::fabs(first) - stats[q].absmax) < 1e-5 * stats[q].absmax);
        const double z = QLocale().toDouble(view.table()->item(0, 4)->text());
        QVERIFY(std::fabs(z - (first - stats[q].mean) / stats[q].std) < 0.01);
        view.countField()->setValue(5);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 10000);
        QCOMPARE(view.table()->rowCount(), 5);
        // Ctrl+C copies the table as TSV: header and all rows when none is selected, else the selection.
        view.table()->setFocus();
        QTest::keyClick(view.table(), Qt::Key_C, Qt::ControlModifier);
        QStringList lines = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[0], QStringLiteral("Rank\tChannel\tInput\tValue\tz-score"));
        QCOMPARE(lines[1].split(QLatin1Char('\t'))[1], view.table()->item(0, 1)->text());
        view.table()->selectRow(2);
        lines = ql::tableToTsv(view.table()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[1].startsWith(QStringLiteral("3\t")));
        QTest::qWait(50);
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_outliers.png")));
    }


    void chartExport()
    {
        const ql::Model model = ql::open(m_gguf);
        ql::HistogramView view;
        view.resize(700, 400);
        view.show();
        view.setStats(ql::computeStats(model, size_t(model.find("blk.0.attn_q.weight"))), QStringLiteral("blk.0.attn_q.weight"));
        // CSV: one row per point of every series, after the header.
        const QString csv = ql::chartToCsv(view.chartView());
        QVERIFY(csv.startsWith(QStringLiteral("series,x,y\n")));
        int points = 0;
        for (auto* s : view.chartView()->chart()->series())
            if (auto* area = qobject_cast<QAreaSeries*>(s))
                points += int(area->upperSeries()->count());
            else if (auto* xy = qobject_cast<QXYSeries*>(s))
                points += int(xy->count());
        QVERIFY(points >= view.displayedBins());
        QCOMPARE(csv.count(QLatin1Char('\n')), points + 1);
        // PNG and SVG are written whole; a path in a missing folder gives a message naming it.
        const QString png = m_dir.path() + QStringLiteral("/h.png"), svg = m_dir.path() + QStringLiteral("/h.svg");
        QVERIFY(ql::saveChartView(view.chartView(), png));
        QVERIFY(ql::saveChartView(view.chartView(), svg));
        QCOMPARE(QImage(png).size(), view.chartView()->size());
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly) && f.readAll().contains("</svg>"));
        QString error;
        QVERIFY(!ql::saveChartView(view.chartView(), m_dir.path() + QStringLiteral("/no/such/dir/h.png"), &error));
        QVERIFY(error.contains(QStringLiteral("no/such/dir")));
        QCOMPARE(view.chartView()->actions().size(), 3);
    }

    void sawtoothLab()
    {
        const ql::Model model = ql::open(m_gguf);
        const size_t t = size_t(model.find("blk.3.attn_q.weight"));
        const auto stats = ql::computeStats(model, t);
        ql::SawtoothView view;
        view.resize(1000, 480);
        view.show();
        view.setStats(stats, QStringLiteral("blk.3.attn_q.weight"));
        // Default INT4 symmetric over the full range: s = max|x| / 7, no clipping, teeth within ±s/2.
        QCOMPARE(view.grid().scale, stats.absmax / 7);
        QVERIFY(view.readout().contains(QLocale().toString(stats.absmax / 7, 'g', 5)));
        QCOMPARE(view.error().clippedFraction, 0.0);
        const auto& c = view.plot()->curve();
        QVERIFY(c.x.size() >= 2048);
        for (size_t i = 0; i < c.x.size(); ++i)
            if (c.x[i] > view.grid().lowest() && c.x[i] < view.grid().highest())
                QVERIFY(std::fabs(c.error[i]) <= view.grid().scale / 2 * (1 + 1e-9));
        // The read-out matches the exact error of int4:tensor within 5 %.
        const auto m = ql::readWeightMatrix(model, t);
        const auto spec = ql::parseSpec("int4:tensor:sym");
        const double exact = ql::measureError(spec, m.view(), ql::computeParams(spec, m.view())).relMse;
        QVERIFY2(std::fabs(view.error().relMse / exact - 1) < 0.05, qPrintable(QString::number(view.error().relMse / exact)));

        // More bits: the error falls by about 4× per bit.
        const double int4 = view.error().relMse;
        view.bitsField()->setFocus();
        QTest::keyClick(view.bitsField(), Qt::Key_Up);
        QCOMPARE(view.grid().bits, 5);
        QVERIFY(view.error().relMse < int4 / 3 && view.error().relMse > int4 / 6);
        // Clipping to 30 % of the range: shaded regions on both sides, values clipped, a finer step.
        view.clipSlider()->setValue(300);
        QCOMPARE(view.grid().scale, stats.absmax * 0.3 / 15);
        const auto shaded = view.plot()->clippedRanges();
        QCOMPARE(int(shaded.size()), 2);
        QVERIFY(shaded[0].second < 0 && shaded[1].first > 0);
        QVERIFY(view.error().clippedFraction > 0);
        // Asymmetric with a hand-set zero-point: the grid moves and 0 is a level.
        view.clipSlider()->setValue(1000);
        QVERIFY(!view.zeroPointField()->isEnabled());
        view.symmetricBox()->click();
        QVERIFY(view.zeroPointField()->isEnabled());
        QCOMPARE(view.grid().qmin, 0);
        QCOMPARE(view.grid().qmax, 31);
        view.zeroPointField()->setValue(3);
        QCOMPARE(view.grid().zeroPoint, 3);
        QCOMPARE(view.grid().lowest(), -3 * view.grid().scale);
        // Stochastic rounding: unbiased curve (0 inside the range), larger error.
        view.zeroPointField()->setValue(-1);
        const double nearest = view.error().relMse;
        view.roundingBox()->setCurrentIndex(2);
        QVERIFY(view.error().relMse > nearest * 1.5);
        // Chart export: PNG, SVG, CSV.
        QVERIFY(view.plot()->saveSvg(m_dir.path() + QStringLiteral("/saw.svg")));
        QFile svg(m_dir.path() + QStringLiteral("/saw.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly) && svg.readAll().contains("<svg"));
        QVERIFY(view.plot()->csv().startsWith(QStringLiteral("x,error\n")));
        QCOMPARE(view.plot()->csv().count(QLatin1Char('\n')), int(view.plot()->curve().x.size()) + 1);
        view.roundingBox()->setCurrentIndex(0);
        view.symmetricBox()->click();
        view.bitsField()->setValue(3);
        view.clipSlider()->setValue(700);
        QVERIFY(view.plot()->savePng(QStringLiteral(QL_BUILD_DIR "/screenshot_sawtooth.png")));
        QTest::qWait(50); // let the read-out's new lines lay out
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_sawtooth_view.png")));
    }

    void bitsOfAValue()
    {
        ql::BitsView view;
        view.resize(900, 520);
        view.show();
        view.setRange(2.0);
        view.setValue(1.0);
        QCOMPARE(view.storedText(2), QStringLiteral("1 (error 0)")); // FP16 holds 1 exactly
        QVERIFY(view.storedText(6).startsWith(QLocale().toString(64.0 * 2 / 127, 'g', 9))); // INT8: the tie 63.5 rounds to 64
        // The block floats in a block of max |x| 2 (the range): MXFP8 E4M3, MXFP6 E2M3 and MXFP4 hold 1 exactly.
        QCOMPARE(view.storedText(9), QStringLiteral("1 (error 0)")); // FP6 E2M3, raw
        QCOMPARE(view.storedText(11), QStringLiteral("1 (error 0)"));
        QCOMPARE(view.storedText(12), QStringLiteral("1 (error 0)"));
        QCOMPARE(view.storedText(13), QStringLiteral("1 (error 0)"));
        QCOMPARE(view.numberLine(13)->ticks(), (std::vector<double> { 0.25, 0.5, 0.75, 1, 1.5, 2, 3 })); // E2M1 × 0.5
        QTest::mouseClick(view.strip(13), Qt::LeftButton, {}, view.strip(13)->bitCentre(3)); // MXFP4's sign bit
        QCOMPARE(view.value(), -1.0);
        view.setValue(1.0);
        // The number line: FP4 E2M1's representable values around 1.0 as ticks.
        QCOMPARE(view.numberLine(5)->ticks(), (std::vector<double> { -0.5, 0, 0.5, 1, 1.5, 2, 3 }));
        view.setValue(1.2); // FP4 stores 1.0; the red input line stands at 1.2, between the ticks 1 and 1.5
        QTest::qWait(20);
        ql::NumberLine* line = view.numberLine(5);
        QVERIFY(line->xOf(1.2) > line->xOf(1.0) && line->xOf(1.2) < line->xOf(1.5));
        const QImage img = line->grab().toImage();
        int reddest = 0; // the antialiased 2-pixel line covers the pixel at or beside its x
        for (int dx = -1; dx <= 1; ++dx) {
            const QColor c = img.pixelColor(int(line->xOf(1.2)) + dx, 3);
            reddest = std::max(reddest, c.red() - c.green());
        }
        QVERIFY2(reddest > 100, qPrintable(QString::number(reddest)));
        view.setValue(1.0);
        // Clicking the FP32 sign bit negates the value; clicking FP16's lowest exponent bit halves it.
        ql::BitStrip* fp32 = view.strip(0);
        QTest::mouseClick(fp32, Qt::LeftButton, {}, fp32->bitCentre(31));
        QCOMPARE(view.value(), -1.0);
        QTest::mouseClick(view.strip(2), Qt::LeftButton, {}, view.strip(2)->bitCentre(10));
        QCOMPARE(view.value(), -0.5);
        // Typing a value.
        view.valueField()->setText(QStringLiteral("1000"));
        QTest::keyClick(view.valueField(), Qt::Key_Return);
        QCOMPARE(view.value(), 1000.0);
        QVERIFY(view.storedText(3).startsWith(QStringLiteral("448"))); // E4M3 saturates
        // The size calculator: 7B parameters in int4:g128 (4.125 bits per weight).
        view.parametersField()->setValue(7.0);
        view.specField()->setText(QStringLiteral("int4:g128"));
        QVERIFY(view.sizeText().contains(ql::formatBytes(uint64_t(7e9 * 4.125 / 8))));
        // A small loaded model (stories260K's 262,144 + … parameters) keeps its size: not rounded to 0.
        view.setModelParameters(263490);
        QVERIFY(view.sizeText().contains(ql::formatBytes(uint64_t(263490 * 4.125 / 8))));
        view.specField()->setText(QStringLiteral("int9"));
        QVERIFY(view.sizeText().contains(QStringLiteral("int9")));
        view.specField()->setText(QStringLiteral("q4_k"));
        view.setValue(0.3);
        QTest::qWait(100);
        QVERIFY(view.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_bits.png")));
    }

    void kerasFileShowsLayerGroups()
    {
        const std::string p = (m_dir.path() + "/k.h5").toStdString();
        fixtures::writeHdf5(p,
            { { "model_weights/dense/dense/kernel:0", { 8, 4 }, fixtures::ramp(32) },
                { "optimizer_weights/Adam/dense/kernel/m:0", { 8, 4 }, fixtures::ramp(32) } },
            { { "/", "keras_version", { "2.12.0" } }, { "model_weights", "layer_names", { "dense" } } });
        ql::MainWindow w;
        QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
        w.openFile(QString::fromStdString(p));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
        QCOMPARE(w.treeModel()->rowCount(), 2);
        QCOMPARE(w.treeModel()->index(0, 0).data().toString(), QStringLiteral("dense"));
        QCOMPARE(w.treeModel()->index(1, 0).data().toString(), QStringLiteral("Optimizer state"));
        waitForStats(w);
        w.selectTensor(QStringLiteral("model_weights/dense/dense/kernel:0"));
        // Keras kernels are [in, out]: 4 output channels on the last axis.
        QTRY_VERIFY(w.statsPanel()->value("channels").startsWith(QStringLiteral("4 (axis 1)")));
    }
};

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"

// Text for the language-model judge and the capture dialog: the tokens of a line (ids and pieces) by
// the model's own tokenizer, typed text and text files cut into chunks as llama-perplexity does, and a
// model without a tokenizer saying what it lacks while sampling still works.
#include "core/eval/textchunks.h"
#include "core/eval/tokenizer.h"
#include "core/io/model.h"
#include "mainwindow.h"
#include "support/fixtures.h"
#include "widgets/activationheatmap.h"
#include "widgets/capturedialog.h"
#include "widgets/jobrunner.h"
#include "widgets/outliersview.h"
#include "widgets/planmodel.h"
#include "widgets/plannerview.h"
#include "widgets/textsource.h"
#include "widgets/tokensmodel.h"
#include "widgets/tokensview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

namespace {
const QString kGguf = QStringLiteral(QL_STORIES_DIR "/stories260K.gguf");
const QString kSafetensors = QStringLiteral(QL_STORIES_DIR "/model.safetensors");
const std::string kLlama2Dir = std::string(QL_SHARED_DIR) + "/tokenizers/llama2";

const char* const kStory
    = "Once upon a time, there was a little girl named Lily. She loved to play outside in the sun.\n"
      "One day, she saw a big red ball in the park. She ran to get it and laughed.\n"
      "Her mom said: \"Be careful!\" Lily smiled, hugged her mom and went home happy.\n";

void open(ql::MainWindow& w, const QString& path, const QString& select = {})
{
    w.resize(1280, 800);
    w.show();
    QSignalSpy opened(&w, &ql::MainWindow::modelOpened);
    w.openFile(path, select);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 10000);
}

QString repeated(int times)
{
    QString s;
    for (int i = 0; i < times; ++i)
        s += QString::fromUtf8(kStory);
    return s;
}

void showJudgeTextTab(ql::PlannerView* planner)
{
    for (auto* tabs : planner->findChildren<QTabWidget*>())
        if (const int i = tabs->indexOf(planner->judgeSource()); i >= 0)
            tabs->setCurrentIndex(i);
}
} // namespace

class TestTokensView : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tokensModelShowsIdsAndPieces()
    {
        const ql::Tokenizer llama2(ql::vocabFromHuggingFace(kLlama2Dir));
        ql::TokensModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Llama 2: "Hello world\t\xff" → ▁Hello ▁world, then byte tokens for the tab and the stray byte.
        model.setTokens(llama2, llama2.tokenize("Hello world\t\xff", false));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, ql::TokensModel::Id).data().toInt(), 15043);
        QCOMPARE(model.index(0, ql::TokensModel::Piece).data().toString(), QStringLiteral("·Hello"));
        QCOMPARE(model.index(1, ql::TokensModel::Piece).data().toString(), QStringLiteral("·world"));
        QCOMPARE(model.index(2, ql::TokensModel::Piece).data().toString(), QStringLiteral("→"));
        QCOMPARE(model.index(2, ql::TokensModel::Kind).data().toString(), QStringLiteral("byte"));
        QCOMPARE(model.index(3, ql::TokensModel::Piece).data().toString(), QStringLiteral("<0xFF>"));
        QCOMPARE(ql::TokensModel::visible(" a\n"), QStringLiteral("·a↵"));
        // Control tokens show their text.
        model.setTokens(llama2, llama2.tokenize("<s>", true, true));
        QCOMPARE(model.index(0, ql::TokensModel::Piece).data().toString(), QStringLiteral("<s>"));
        QCOMPARE(model.index(0, ql::TokensModel::Kind).data().toString(), QStringLiteral("control"));
    }

    void judgeRunsOnTypedTextAndTextFiles()
    {
        ql::MainWindow w;
        open(w, kGguf);
        ql::PlannerView* planner = w.planner();
        ql::TextSourceWidget* source = planner->judgeSource();
        QTRY_VERIFY_WITH_TIMEOUT(source->tokenizer() != nullptr, 10000);
        QVERIFY2(source->statusText().contains(QStringLiteral("512 tokens")), qPrintable(source->statusText()));
        // Typed text: the tokens of the line under the cursor, as the tokenizer gives them.
        source->setKind(ql::TextChoice::Kind::Typed);
        source->setTypedText(repeated(6));
        source->setCtx(64);
        source->setLine(2);
        const std::vector<int> line2 = source->tokenizer()->tokenize(
            "One day, she saw a big red ball in the park. She ran to get it and laughed.", false);
        QCOMPARE(source->tokensView()->model()->ids(), line2);
        QVERIFY(source->tokensView()->summaryText().contains(QString::number(line2.size())));
        QVERIFY2(source->statusText().contains(QStringLiteral("chunks of 64")), qPrintable(source->statusText()));
        w.tabs()->setCurrentWidget(planner);
        showJudgeTextTab(planner);
        QTest::qWait(200);
        QVERIFY(w.grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_judgetext.png")));

        // The judge on the typed text, then on a file with the same text: the same chunks, the same figures.
        planner->setTarget(ql::PlanTarget::None); // integer specs: no tool in particular
        planner->specsField()->setText(QStringLiteral("int4:g32,int8:channel"));
        planner->runSweep();
        QTRY_VERIFY_WITH_TIMEOUT(planner->planModel()->rowCount() > 0, 60000);
        planner->setBudget(4.5);
        QSignalSpy judged(planner, &ql::PlannerView::judgeFinished);
        planner->evaluatePlan();
        QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 1, 60000);
        const QString typedResult = planner->judgeText();
        QVERIFY2(typedResult.contains(QStringLiteral("perplexity")), qPrintable(typedResult));
        const QString path = m_dir.filePath(QStringLiteral("story.txt"));
        fixtures::writeFile(path.toStdString(), repeated(6).toStdString());
        QSignalSpy ready(source, &ql::TextSourceWidget::ready);
        source->setTextFile(path);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        source->setLine(3);
        QCOMPARE(source->tokensView()->model()->ids(),
            source->tokenizer()->tokenize(
                "Her mom said: \"Be careful!\" Lily smiled, hugged her mom and went home happy.", false));
        planner->evaluatePlan();
        QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 2, 60000);
        QCOMPARE(planner->judgeText(), typedResult);
        // Too short for its chunks: the judge says so.
        source->setCtx(4096);
        planner->evaluatePlan();
        QTRY_VERIFY_WITH_TIMEOUT(planner->judgeText().contains(QStringLiteral("8192")), 30000);
    }

    void modelWithoutTokenizerSaysWhatItLacks()
    {
        // stories260K's safetensors folder has config.json but no tokenizer files: the panel names them,
        // sampling still evaluates, and the rest of the window works.
        ql::MainWindow w;
        open(w, kSafetensors);
        ql::TextSourceWidget* source = w.planner()->judgeSource();
        QTRY_VERIFY_WITH_TIMEOUT(
            source->statusText().contains(QStringLiteral("tokenizer.json or tokenizer.model")), 10000);
        QVERIFY(source->statusText().contains(QStringLiteral("sampled")));
        QVERIFY(source->tokenizer() == nullptr);
        QVERIFY(source->tokensView()->summaryText().contains(QStringLiteral("No tokenizer")));
        w.planner()->setTarget(ql::PlanTarget::None);
        w.planner()->specsField()->setText(QStringLiteral("int4:g32,int8:channel"));
        w.planner()->runSweep();
        QTRY_VERIFY_WITH_TIMEOUT(w.planner()->planModel()->rowCount() > 0, 60000);
        QSignalSpy judged(w.planner(), &ql::PlannerView::judgeFinished);
        w.planner()->evaluatePlan(); // sampled sequences need no tokenizer
        QTRY_COMPARE_WITH_TIMEOUT(judged.count(), 1, 60000);
        QVERIFY(w.planner()->judgeText().contains(QStringLiteral("perplexity")));
    }

    void captureDialogCapturesTypedText()
    {
        ql::MainWindow w;
        open(w, kGguf, QStringLiteral("blk.3.attn_q.weight"));
        ql::CaptureDialog* dialog = w.captureDialog();
        w.captureActivationsInteractively();
        QVERIFY(dialog->isVisible());
        ql::TextSourceWidget* source = dialog->source();
        QTRY_VERIFY_WITH_TIMEOUT(source->tokenizer() != nullptr, 10000);
        source->setKind(ql::TextChoice::Kind::Typed);
        source->setCtx(32);
        const QString twoLines = QString::fromUtf8(kStory).section(QLatin1Char('\n'), 0, 1); // 241 tokens with BOS
        source->setTypedText(twoLines);
        // The line under the cursor: moving down a line shows that line's tokens.
        source->typedEdit()->setFocus();
        source->typedEdit()->moveCursor(QTextCursor::Start);
        QTest::keyClick(source->typedEdit(), Qt::Key_Down);
        QCOMPARE(source->tokensView()->model()->ids(),
            source->tokenizer()->tokenize(
                "One day, she saw a big red ball in the park. She ran to get it and laughed.", false));
        QTest::qWait(100);
        QVERIFY(dialog->grab().save(QStringLiteral(QL_BUILD_DIR "/screenshot_capture.png")));
        const auto chunks = ql::chunkText(*source->tokenizer(), twoLines.toStdString(), 32).chunks;
        QVERIFY(chunks.size() >= 2 && chunks.size() * 32 < 256);
        QSignalSpy features(w.outliersView(), &ql::OutliersView::featuresReady);
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QTRY_VERIFY2_WITH_TIMEOUT(features.count() == 1, qPrintable(w.lastError()), 60000);
        // Every token of every chunk is a captured row (fewer than the 256 rows kept).
        QCOMPARE(w.outliersView()->heatmap()->map().tokens, int64_t(chunks.size() * 32));
    }
    void captureDialogInGermanAndChinese()
    {
        // The dialog's strings are translated; screenshots for a person to look at.
        for (const char* lang : { "de", "zh_CN" }) {
            // The .qm files are built into the application; the test loads the ones the build wrote.
            QTranslator translator;
            QVERIFY(
                translator.load(QStringLiteral(QL_BUILD_DIR "/app/quantlens_%1.qm").arg(QString::fromLatin1(lang))));
            qApp->installTranslator(&translator);
            ql::MainWindow w;
            open(w, kGguf);
            ql::CaptureDialog* dialog = w.captureDialog();
            w.captureActivationsInteractively();
            QTRY_VERIFY_WITH_TIMEOUT(dialog->source()->tokenizer() != nullptr, 10000);
            dialog->source()->setKind(ql::TextChoice::Kind::Typed);
            dialog->source()->setTypedText(QString::fromUtf8(kStory));
            QCOMPARE(dialog->windowTitle(),
                QString::fromUtf8(std::string(lang) == "de" ? "Aktivierungen erfassen" : "捕获激活"));
            QTest::qWait(100); // let the layout follow the status text
            QVERIFY(dialog->grab().save(
                QStringLiteral(QL_BUILD_DIR "/screenshot_capture_%1.png").arg(QString::fromLatin1(lang))));
            dialog->reject();
            qApp->removeTranslator(&translator);
        }
    }
};

QTEST_MAIN(TestTokensView)
#include "test_tokensview.moc"

// quantlens: the desktop application.
#include "mainwindow.h"

#include "widgets/demomodel.h"
#include "widgets/theme.h"
#include "widgets/i18n.h"

#include <QApplication>
#include <QMessageBox>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("QuantLens"));
    QApplication::setOrganizationName(QStringLiteral("QuantLens"));
    QApplication::setApplicationVersion(QStringLiteral(QUANTLENS_VERSION));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("Interface language (de, zh_CN, en)."), QStringLiteral("code"));
    const QCommandLineOption openOption(QStringLiteral("open"), QStringLiteral("Model file to open."), QStringLiteral("file"));
    const QCommandLineOption selectOption(QStringLiteral("select"), QStringLiteral("Tensor to select once opened."), QStringLiteral("name"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
        QStringLiteral("Render the window to this PNG once the selection is shown, then exit."), QStringLiteral("png"));
    const QCommandLineOption viewOption(QStringLiteral("view"),
        QStringLiteral("View to show: %1.").arg(ql::MainWindow::viewNames().join(QStringLiteral(", "))), QStringLiteral("name"));
    const QCommandLineOption lessonOption(QStringLiteral("lesson"), QStringLiteral("Open the Learn tour at lesson N (1-8)."), QStringLiteral("N"));
    const QCommandLineOption calibOption(QStringLiteral("calib"),
        QStringLiteral("Captured layer inputs to show on the Outliers tab (calibration HDF5, .npz or imatrix)."), QStringLiteral("file"));
    const QCommandLineOption schemeOption(QStringLiteral("scheme"), QStringLiteral("Colours: system, light or dark (also in Settings)."),
        QStringLiteral("name"));
    parser.addOptions({ langOption, openOption, selectOption, shotOption, viewOption, lessonOption, calibOption, schemeOption });
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("Model file to open (default: the demo model)."));
    parser.process(app);

    ql::installTranslations(app, parser.isSet(langOption) ? parser.value(langOption) : ql::configuredLanguage());

    ql::ColourScheme scheme = ql::configuredScheme();
    if (parser.isSet(schemeOption) && !ql::parseScheme(parser.value(schemeOption), scheme)) {
        fprintf(stderr, "quantlens: --scheme takes system, light or dark, not \"%s\"\n", qPrintable(parser.value(schemeOption)));
        return 2;
    }
    ql::applyScheme(app, scheme);

    ql::MainWindow window;
    if (parser.isSet(viewOption) && !window.showView(parser.value(viewOption))) {
        fprintf(stderr, "quantlens: unknown view \"%s\"; the views are %s\n", qPrintable(parser.value(viewOption)),
            qPrintable(ql::MainWindow::viewNames().join(QStringLiteral(", "))));
        return 2;
    }
    if (parser.isSet(shotOption))
        window.setScreenshotAndQuit(parser.value(shotOption));
    QString file = parser.value(openOption);
    if (file.isEmpty() && !parser.positionalArguments().isEmpty())
        file = parser.positionalArguments().constFirst();
    const bool learn = parser.isSet(lessonOption) || parser.value(viewOption).compare(QLatin1String("learn"), Qt::CaseInsensitive) == 0;
    if (learn) {
        bool ok = false;
        const int lesson = parser.isSet(lessonOption) ? parser.value(lessonOption).toInt(&ok) : 1;
        if (parser.isSet(lessonOption) && (!ok || lesson < 1 || lesson > 8)) {
            fprintf(stderr, "quantlens: --lesson takes a number from 1 to 8, not \"%s\"\n", qPrintable(parser.value(lessonOption)));
            return 2;
        }
        window.show();
        window.startLesson(lesson - 1); // the lesson opens its own demo model (and tensor)
        return app.exec();
    }
    // A run that did not end normally left its marker: offer the session it autosaved.
    const QString recover = ql::MainWindow::sessionToRecover();
    if (file.isEmpty() && !recover.isEmpty() && !parser.isSet(shotOption)) {
        window.show();
        const auto answer = QMessageBox::question(&window, QCoreApplication::translate("ql::MainWindow", "Restore the last session?"),
            QCoreApplication::translate("ql::MainWindow", "QuantLens did not close normally last time. Restore the session it saved (model, sweep, plan and view)?"));
        if (answer == QMessageBox::Yes) {
            window.openSession(recover);
            return app.exec();
        }
    }
    if (file.isEmpty()) {
        QString error;
        file = ql::demoModelPath(ql::Demo::DigitsMlp, &error);
        if (file.isEmpty()) {
            fprintf(stderr, "quantlens: %s\n", qPrintable(error));
            return 1;
        }
    }
    window.show();
    window.openFile(file, parser.value(selectOption));
    if (parser.isSet(calibOption))
        window.openCalibration(parser.value(calibOption)); // read once the model is open
    return app.exec();
}

// The main window's sessions: saving and restoring what the user opened and made (.qlsession),
// autosaving it, and offering it back after a run that did not end normally.
#include "mainwindow.h"

#include "core/plan/session.h"
#include "core/plan/target.h"
#include "widgets/errortext.h"
#include "widgets/jobrunner.h"
#include "widgets/plannerview.h"
#include "widgets/sweepmodel.h"
#include "widgets/viewsettings.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTreeView>

#include <memory>

namespace ql {

namespace {
    QString appDataDir()
    {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        return dir;
    }
    QString runningMarker() { return appDataDir() + QStringLiteral("/running"); }
}

QString MainWindow::autosavePath() { return appDataDir() + QStringLiteral("/autosave.qlsession"); }

bool MainWindow::autosave()
{
    if (!m_model)
        return false;
    const QString error = saveSession(autosavePath());
    if (!error.isEmpty())
        m_status->setText(tr("Autosave failed: %1").arg(error));
    return error.isEmpty();
}

QString MainWindow::sessionToRecover()
{
    const bool crashed = QFileInfo::exists(runningMarker());
    QFile marker(runningMarker());
    if (marker.open(QIODevice::WriteOnly))
        marker.write(QByteArray::number(QCoreApplication::applicationPid()));
    return crashed && QFileInfo::exists(autosavePath()) ? autosavePath() : QString();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    autosave();
    QFile::remove(runningMarker()); // a normal end: nothing to recover next time
    QMainWindow::closeEvent(event);
}

QString MainWindow::saveSession(const QString& path)
{
    if (!m_model)
        return tr("Open a model first: a session is made of a model and what was done with it.");
    Session s;
    s.modelPath = m_model->path;
    s.modelBytes = m_model->fileBytes;
    s.modelHeaderHash = modelHeaderHash(*m_model);
    s.calibrationPath = m_calibrationPath.toStdString();
    if (m_planner->haveSweep() || !m_planner->sweepModel()->sweep().rows.empty()) {
        s.sweep = m_planner->sweepModel()->sweep(); // a running or cancelled sweep: its finished rows
        s.sweepComplete = m_planner->sweepComplete();
    }
    s.target = planTargetKey(m_planner->target());
    s.candidates = m_planner->specsField()->text().toStdString();
    s.budgetBitsPerWeight = m_planner->budget();
    s.locks = m_planner->locks();
    if (const QModelIndex i = m_view->currentIndex(); i.isValid())
        s.selectedTensor = i.siblingAtColumn(0).data(Qt::DisplayRole).toString().toStdString();
    s.tab = currentViewName().toStdString();
    const QList<QWidget*> views = pages();
    for (qsizetype i = 0; i < views.size(); ++i)
        if (views[i] != m_planner) // the plan's settings are the session's own fields
            if (ViewSettings v = viewSettings(views[i]); !v.empty())
                s.viewSettings[viewNames()[i].toStdString()] = std::move(v);
    try {
        ql::saveSession(s, path.toStdString());
        return {};
    } catch (const Error& e) {
        return errorText(e);
    }
}

void MainWindow::openSession(const QString& path)
{
    // A session holds its sweep: megabytes of JSON for a large model, read off the UI thread.
    const std::string file = path.toStdString();
    m_jobs->start(
        QStringLiteral("session"), tr("Reading the session %1…").arg(QFileInfo(path).fileName()),
        [file](Progress& progress, const JobRunner::Partial&) -> std::any {
            progress.check();
            return loadSession(file);
        },
        nullptr, [this, path](std::any session) { restoreSession(path, std::any_cast<const Session&>(session)); },
        [this](const QString& message) {
            showError(message);
            emit sessionRestored(false);
        });
}

void MainWindow::restoreSession(const QString& path, const Session& session)
{
    const QString model = QString::fromStdString(session.modelPath);
    if (!QFileInfo::exists(model)) {
        showError(tr("The session %1 was made with %2, which is no longer there: open the model where it is now, "
                     "then the session's sweep with Plan → Open sweep.")
                      .arg(path, model));
        emit sessionRestored(false);
        return;
    }
    // Once the model is open: everything else, in the order the views need it.
    auto restore = std::make_shared<QMetaObject::Connection>();
    *restore = connect(this, &MainWindow::modelOpened, this, [this, session, path, restore](bool ok) {
        disconnect(*restore);
        if (!ok) {
            emit sessionRestored(false);
            return;
        }
        QStringList notes;
        QString unfinished;
        const QString modelName = QString::fromStdString(session.modelPath);
        if (session.modelBytes != 0 && session.modelBytes != m_model->fileBytes)
            notes << tr("the model %1 was %2 bytes and is %3 bytes now").arg(modelName).arg(session.modelBytes).arg(m_model->fileBytes);
        if (!session.modelHeaderHash.empty() && session.modelHeaderHash != modelHeaderHash(*m_model))
            notes << tr("the tensors of %1 (names, types, shapes or offsets) are not those the session was made with").arg(modelName);
        if (!session.calibrationPath.empty()) {
            if (QFileInfo::exists(QString::fromStdString(session.calibrationPath)))
                openCalibration(QString::fromStdString(session.calibrationPath));
            else
                notes << tr("the calibration file %1 is no longer there").arg(QString::fromStdString(session.calibrationPath));
        }
        try {
            m_planner->setTarget(planTargetFromKey(session.target));
        } catch (const Error&) {
            notes << tr("its plan target '%1' is unknown").arg(QString::fromStdString(session.target));
        }
        if (!session.candidates.empty())
            m_planner->specsField()->setText(QString::fromStdString(session.candidates));
        if (session.sweep && !session.sweepComplete) {
            m_planner->setUnfinishedSweep(*session.sweep); // Continue measures the rest
            unfinished = tr("Its sweep had not finished: %n tensor(s) measured; Continue sweep measures the rest.", nullptr,
                int(session.sweep->rows.size()));
        } else if (session.sweep) {
            m_planner->setSweep(*session.sweep);
            m_planner->setLocks(session.locks);
            if (session.budgetBitsPerWeight > 0)
                m_planner->setBudget(session.budgetBitsPerWeight);
        }
        if (!session.selectedTensor.empty() && m_model->find(session.selectedTensor) < 0)
            notes << tr("its tensor %1 is not in the model").arg(QString::fromStdString(session.selectedTensor));
        const QList<QWidget*> views = pages();
        for (const auto& [name, settings] : session.viewSettings) {
            const qsizetype i = viewNames().indexOf(QString::fromStdString(name));
            if (i < 0 || i >= views.size() || views[i] == m_planner) {
                notes << tr("its view '%1' is unknown").arg(QString::fromStdString(name));
                continue;
            }
            if (const QStringList refused = applyViewSettings(views[i], settings); !refused.isEmpty())
                notes << tr("settings of the %1 view it could not restore: %2").arg(QString::fromStdString(name), refused.join(QStringLiteral(", ")));
        }
        if (!session.tab.empty())
            showView(QString::fromStdString(session.tab));
        if (notes.isEmpty())
            m_status->setText(tr("Session %1 restored.").arg(QFileInfo(path).fileName()));
        else
            showError(tr("Session %1 restored, with differences: %2.").arg(QFileInfo(path).fileName(), notes.join(QStringLiteral("; "))));
        if (!unfinished.isEmpty())
            m_status->setText(m_status->text() + QLatin1Char(' ') + unfinished);
        emit sessionRestored(true);
    });
    openFile(model, QString::fromStdString(session.selectedTensor)); // the selection is made as the model shows
}

} // namespace ql

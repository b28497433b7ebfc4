#pragma once
// The main window: wires the tensor tree, the histogram, the statistics and the model summary
// to the core through the job runner. It computes nothing itself.

#include "core/analysis/stats.h"
#include "core/io/model.h"

#include <QMainWindow>

#include <any>
#include <map>
#include <memory>

class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTreeView;

namespace ql {

struct Session;

class CaptureDialog;
class HistogramView;
class JobRunner;
class ModelSummary;
class PlannerView;
class BitsView;
class SawtoothView;
class GridView;
class ChannelsView;
class OutliersView;
class PackingView;
class MethodsView;
class LearnPanel;
class StatsPanel;
class TensorTreeModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// \brief Opens \p path in the background; \p select names a tensor to select once loaded.
    void openFile(const QString& path, const QString& select = {});
    /// \brief Writes the session (model, calibration, sweep, plan settings and locks, selection, tab)
    /// to \p path; returns an error message or an empty string.
    QString saveSession(const QString& path);
    /// \brief Restores a session written by saveSession: reads it and opens its model in the background, then
    /// its calibration, sweep, plan settings, selection and tab (sessionRestored when done). A model
    /// that moved or changed is said in the status line; what can be restored still is.
    void openSession(const QString& path);
    /// \brief Where the session is saved every minute and on exit.
    static QString autosavePath();
    /// \brief Saves the session to autosavePath() (when a model is open); false on failure.
    bool autosave();
    /// \brief The autosaved session of a run that did not end normally (its marker is still there),
    /// or an empty string. Marks this run as running.
    static QString sessionToRecover();
    /// \returns the name of the current view (an entry of viewNames()).
    QString currentViewName() const;
    /// \brief Selects the tensor called \p name; false if there is none.
    bool selectTensor(const QString& name);
    /// \brief After the file opens and the selection's statistics show, saves a screenshot to
    /// \p path and quits (exit code 0, or 1 when opening failed).
    void setScreenshotAndQuit(const QString& path);
    /// \brief Shows the view called \p name (see viewNames(); "learn" opens the tour's current lesson); false
    /// if there is none.
    bool showView(const QString& name);
    /// \returns the names showView() accepts.
    static QStringList viewNames();

    // For tests and automation.
    TensorTreeModel* treeModel() const { return m_tree; }
    QSortFilterProxyModel* treeProxy() const { return m_proxy; }
    QTreeView* treeView() const { return m_view; }
    HistogramView* histogram() const { return m_histogram; }
    StatsPanel* statsPanel() const { return m_stats; }
    ModelSummary* summary() const { return m_summary; }
    PlannerView* planner() const { return m_planner; }
    BitsView* bitsView() const { return m_bits; }
    /// The Bits tab's page (a scroll area holding bitsView()).
    QWidget* bitsPage() const;
    /// The tabs' pages in the order of viewNames() (without "learn").
    QList<QWidget*> pages() const;
    SawtoothView* sawtoothView() const { return m_sawtooth; }
    GridView* gridView() const { return m_grid; }
    ChannelsView* channelsView() const { return m_channels; }
    OutliersView* outliersView() const { return m_outliers; }
    PackingView* packingView() const { return m_packing; }
    MethodsView* methodsView() const { return m_methods; }
    LearnPanel* learnPanel() const { return m_learn; }
    QDockWidget* learnDock() const { return m_learnDock; }
    /// \brief Reads captured layer inputs (calibration HDF5, .npz or a llama.cpp imatrix) in the
    /// background for the Outliers tab; before a model is open, they are read once it opens.
    void openCalibration(const QString& path);
    /// \brief Runs the open Llama model over the capture dialog's text (by default sequences sampled
    /// from it; a classifier over its evaluation set) and captures every linear layer's input (in the
    /// background).
    void captureActivations();
    /// \brief File → Capture Activations: asks a language model's text first (the capture dialog).
    void captureActivationsInteractively();
    CaptureDialog* captureDialog() const { return m_captureDialog; }
    /// \brief Opens the Learn tour at lesson \p index (0-based): its demo model, tensor, view and settings.
    void startLesson(int index);
    QTabWidget* tabs() const { return m_tabs; }
    JobRunner* jobs() const { return m_jobs; }
    const Model* model() const { return m_model.get(); }
    QString lastError() const { return m_lastError; }
    /// \returns whether statistics of every tensor have arrived.
    bool allStatsReady() const;

signals:
    /// The model finished opening (or failed: \p ok false).
    void modelOpened(bool ok);
    /// The statistics of the selected tensor are on screen.
    void selectionShown();
    /// A session finished restoring (\p ok false: it could not be read, or its model not opened).
    void sessionRestored(bool ok);
    /// Lesson \p index has its model, tensor and view up.
    void lessonShown(int index);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    /// The rest of openSession once the file is read: the model, then what was made with it.
    void restoreSession(const QString& path, const Session& session);
    void buildMenus();
    void showModel(std::shared_ptr<const Model> model, const QString& select);
    void startModelStats();
    /// Stores a (tensor, statistics) result of a job started for \p model and shows it if selected.
    void acceptStats(const std::shared_ptr<const Model>& model, std::any value);
    void onSelectionChanged();
    void showTensor(size_t index);
    void showError(const QString& message);
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void openDemo(int which);
    void maybeScreenshot();
    /// Opens lesson \p index's demo model when another file is open, then finishLesson().
    void applyLesson(int index);
    /// Selects the pending lesson's tensor and sets its view up.
    void finishLesson();

    JobRunner* m_jobs;
    TensorTreeModel* m_tree;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTreeView* m_view;
    QTabWidget* m_tabs;
    HistogramView* m_histogram;
    StatsPanel* m_stats;
    ModelSummary* m_summary;
    PlannerView* m_planner;
    BitsView* m_bits;
    SawtoothView* m_sawtooth;
    GridView* m_grid;
    ChannelsView* m_channels;
    OutliersView* m_outliers;
    PackingView* m_packing;
    MethodsView* m_methods;
    LearnPanel* m_learn;
    QDockWidget* m_learnDock;
    QString m_pendingCalibration; ///< read once the model opens
    QString m_calibrationPath; ///< the calibration file read for the open model (saved in sessions)
    int m_pendingLesson = -1; ///< a lesson waiting for its model to open
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
    CaptureDialog* m_captureDialog;

    std::shared_ptr<const Model> m_model;
    std::map<size_t, TensorStats> m_tensorStats;
    int m_shown = -1;
    QString m_screenshot;
    QString m_lastError;
};

} // namespace ql

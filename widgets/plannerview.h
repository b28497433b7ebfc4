#pragma once
// The sensitivity sweep and the mixed-precision planner on one page: candidate specs, the heatmap
// (tensors × specs), the budget slider, the plan table, the Pareto curve with the current plan on
// it, totals, and export.

#include "core/io/calibration.h"
#include "core/analysis/sweep.h"
#include "core/eval/sensitivity.h"
#include "core/io/model.h"
#include "core/plan/export.h"
#include "core/plan/planner.h"
#include "core/plan/planscore.h"
#include "core/plan/target.h"

#include <QWidget>

#include <map>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSortFilterProxyModel;
class QTableView;
QT_BEGIN_NAMESPACE
class QChartView;
class QBarSeries;
class QLineSeries;
class QScatterSeries;
QT_END_NAMESPACE

namespace ql {

class JobRunner;
class PlanSolver;
class PlanModel;
class SweepModel;
class TextSourceWidget;

class PlannerView : public QWidget {
    Q_OBJECT
public:
    PlannerView(JobRunner* jobs, QWidget* parent = nullptr);

    /// \brief The model to sweep (nullptr: none).
    void setModel(std::shared_ptr<const Model> model);
    /// \brief Captured layer inputs (nullptr: none): with them the sweep adds the layer-output error
    /// and can quantize with GPTQ or AWQ (the Method box), and plans using them can be evaluated.
    void setCalibration(std::shared_ptr<const CalibrationStore> store);
    QComboBox* methodBox() const { return m_method; }
    /// \brief Runs the sweep with the specs in the candidates field, in the background.
    void runSweep();
    /// Reads the sweep file \p path in the background (a cancellable job, replacing a running
    /// sweep) and shows it; sweepOpened() tells how it went, a message box why it failed.
    void openSweepFile(const QString& path);
    /// \brief Continues a cancelled sweep: measures only the tensors it had not finished, with its
    /// specs, and shows the whole sweep when done (the Continue button).
    void continueSweep();
    /// \returns whether a cancelled sweep can be continued.
    bool canContinueSweep() const;
    /// \returns false while a sweep runs and after one was cancelled (its finished rows kept).
    bool sweepComplete() const { return m_sweepComplete; }
    /// \brief Shows the finished rows of a sweep that did not end (a session autosaved during it,
    /// restored after a crash), ready to be continued with continueSweep().
    void setUnfinishedSweep(const SweepResult& sweep);
    /// \brief Shows a finished or loaded sweep and plans at the current budget.
    void setSweep(const SweepResult& sweep);
    /// \brief Sets the budget in bits per weight and re-plans.
    void setBudget(double bitsPerWeight);
    /// \brief Writes the current plan for a tool; returns an error message, or an empty string.
    /// \p advice receives what to run with the export (llama-quantize's command line, …).
    QString exportTo(ExportFormat format, const QString& path, QString* advice = nullptr);

    /// \brief The tool the plan is for: it sets the candidate sets, the exports, the judge's
    /// arithmetic and the presets shown beside the frontier; a sweep with specs it cannot express is refused.
    void setTarget(PlanTarget target);
    PlanTarget target() const;
    QComboBox* targetBox() const { return m_target; }
    QComboBox* candidatesBox() const { return m_preset; }
    QComboBox* exportFormatBox() const { return m_exportFormat; }
    /// \brief The judge's arithmetic: llama.cpp's CPU inference or float.
    QComboBox* numericsBox() const { return m_numerics; }
    /// \brief The tool's own plans scored on the sweep (llama-quantize's mixes, a compared file).
    const std::vector<PresetPoint>& presetPoints() const { return m_presetPoints; }
    /// \brief Scores the stored types of the GGUF at \p path on the sweep and shows it beside the
    /// frontier, in the background (presetsChanged when done; the error in the totals line).
    void compareFile(const QString& path);
    /// \brief Shows the open GGUF's own stored types as the plan ("what did this file do?").
    void useFileOwnMix();
    QString presetsText() const;
    /// \brief The name the target box shows for \p target.
    static QString targetDisplayName(PlanTarget target);

    SweepModel* sweepModel() const { return m_sweepModel; }
    PlanModel* planModel() const { return m_planModel; }
    QLineSeries* frontierSeries() const { return m_frontier; }
    QScatterSeries* planSeries() const { return m_current; }
    QString totalsText() const;
    /// \brief Runs the model's judge on the current plan in the background (judgeFinished when done).
    void evaluatePlan();
    /// \brief Measures plans along the frontier end to end in the background (judgeFinished when done).
    void validateFrontier();
    QString judgeText() const;
    QScatterSeries* validationSeries() const { return m_validation; }
    QBarSeries* bitsSeries() const { return m_bits; }
    QBarSeries* sensitivitySeries() const { return m_sensitivity; }
    /// \brief Shows the sensitivity bars for sweep spec \p specIndex; \p endToEnd picks the judge's
    /// KL (when the sweep has it) instead of the weight error.
    void showSensitivity(int specIndex, bool endToEnd);
    /// \brief Locks tensor \p name to \p spec (a manual override) and re-plans.
    void lockTensor(const QString& name, const QString& spec);
    void clearLocks();
    /// \brief The specs chosen by hand (tensor name → spec).
    const std::map<std::string, std::string>& locks() const { return m_locks; }
    /// \brief Replaces the locks (a restored session) and re-plans.
    void setLocks(std::map<std::string, std::string> locks);
    double budget() const;
    bool haveSweep() const { return m_haveSweep; }
    QLineEdit* specsField() const { return m_specs; }
    /// \brief Whether a sweep or a judge is running.
    bool busy() const;
    /// \brief What the judge runs a language model on (sampled sequences, a text file or typed text).
    TextSourceWidget* judgeSource() const { return m_judgeSource; }

signals:
    void sweepFinished();
    /// A sweep file was read (\p ok) or refused, with \p error in the user's language.
    void sweepOpened(bool ok, const QString& error);
    void planChanged();
    void judgeFinished();
    void presetsChanged();

private:
    void replan();
    void applyPlan(const Plan& plan);
    void startSweep(std::vector<QuantSpec> specs, std::vector<size_t> tensors, std::vector<SweepRow> done);
    /// Shows the Continue button when a cancelled or unfinished sweep can be continued.
    void showContinue();
    void targetChanged();
    void updatePresets();
    void drawPresets();
    void rescaleFrontierChart();
    void compareFileInteractively();
    /// Forgets compared files (a new model) and enables "This file's own mix" for a quantized GGUF.
    void resetComparisons();
    void saveSweep();
    void openSweep();
    void exportInteractively();
    void savePlanInteractively();

    JobRunner* m_jobs;
    PlanSolver* m_solver;
    std::shared_ptr<const Model> m_model;
    QComboBox* m_target;
    QComboBox* m_preset;
    QLineEdit* m_specs;
    QPushButton* m_run;
    QPushButton* m_continue;
    /// The plans the last validation measured (kept when it is cancelled) and what they depend on.
    std::map<size_t, ValidationPoint> m_validated;
    std::string m_validatedKey;
    int m_calibrationGeneration = 0; ///< counts setCalibration(): another store, other figures
    void showValidation(const std::vector<ValidationPoint>& points);
    bool m_sweepComplete = true; ///< false while a sweep runs and after one is cancelled (its rows kept)
    std::string m_sweptModel; ///< the model the rows in the sweep model are of
    QComboBox* m_method;
    std::shared_ptr<const CalibrationStore> m_calibration;
    SweepModel* m_sweepModel;
    QSortFilterProxyModel* m_sweepProxy;
    QTableView* m_heatmap;
    QSlider* m_slider;
    QDoubleSpinBox* m_budget;
    QLabel* m_totals;
    QComboBox* m_exportFormat;
    PlanModel* m_planModel;
    QTableView* m_planTable;
    QChartView* m_chart;
    QLineSeries* m_frontier;
    QScatterSeries* m_current;
    QLabel* m_judge;
    QComboBox* m_numerics;
    QLabel* m_presetNote;
    QPushButton* m_compare;
    QPushButton* m_ownMix;
    std::vector<PresetPoint> m_presetPoints; ///< llama-quantize's mixes, then compared files
    std::vector<PresetPoint> m_compared; ///< files compared with the sweep (kept across re-scoring)
    std::vector<QScatterSeries*> m_presetSeries;
    QChartView* m_validationChart;
    QScatterSeries* m_validation;
    QChartView* m_bitsChart;
    QBarSeries* m_bits;
    QChartView* m_sensitivityChart;
    QBarSeries* m_sensitivity;
    QComboBox* m_sensitivitySpec;
    QComboBox* m_sensitivityMetric;
    std::map<std::string, std::string> m_locks; ///< manual overrides: tensor name → spec
    bool m_haveSweep = false;
    TextSourceWidget* m_judgeSource;
};

} // namespace ql

#pragma once
// Learn: a guided tour of eight short lessons. Each lesson names a demo model, a tensor, a view and
// the settings of that view; the main window opens them so that the text sits beside the live view.

#include "demomodel.h"

#include <QString>
#include <QWidget>

#include <cmath>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace ql {

struct Lesson {
    QString title;
    QString text; ///< rich text
    Demo demo = Demo::Stories260K;
    QString tensor;
    QString view; ///< a MainWindow view name
    // Settings of the view (0 / −1 / NaN: leave as it is).
    int bits = 0; ///< Sawtooth, Grid, Channels
    int clipPerMille = 0; ///< Sawtooth
    int symmetric = -1; ///< Sawtooth, Grid
    int group = 0; ///< Channels
    int method = -1; ///< Grid: index into its calibration methods
    double value = std::nan(""); ///< Bits
    double budget = 0; ///< Plan: bits per weight (runs the sweep first)
};

/// \returns the eight lessons, translated into the current language.
std::vector<Lesson> lessons();

class LearnPanel : public QWidget {
    Q_OBJECT
public:
    explicit LearnPanel(QWidget* parent = nullptr);
    /// Shows lesson \p index and asks for its view (lessonRequested).
    void showLesson(int index);
    int current() const { return m_current; }
    const std::vector<Lesson>& all() const { return m_lessons; }
    QTextBrowser* textView() const { return m_text; }
    QListWidget* list() const { return m_list; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* previousButton() const { return m_previous; }

signals:
    /// The user chose lesson \p index (or asked to set its view up again).
    void lessonRequested(int index);

private:
    std::vector<Lesson> m_lessons;
    int m_current = -1;
    QListWidget* m_list;
    QTextBrowser* m_text;
    QPushButton* m_previous;
    QPushButton* m_next;
    QPushButton* m_again;
};

} // namespace ql

// The Plan tab's plan: solving it for the budget, locks and ties (PlanSolver, off the UI thread
// for large sweeps) and showing it in the table, the bars over depth and the totals line.
#include "format.h"
#include "errortext.h"
#include "planmodel.h"
#include "plannerview.h"
#include "plansolver.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLocale>
#include <QScatterSeries>

namespace ql {

void PlannerView::replan()
{
    if (!m_haveSweep)
        return;
    try {
        PlanConstraints constraints;
        for (const auto& [name, spec] : m_locks) {
            std::string pattern = "^"; // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "^" + s + "$"
            pattern += escapeRegex(name);
            pattern += '$';
            constraints.locks.push_back({ pattern, spec });
        }
        m_solver->solve({ Budget::Kind::BitsPerWeight, m_budget->value() }, constraints);
    } catch (const Error& e) {
        m_totals->setText(errorText(e));
    }
}

void PlannerView::applyPlan(const Plan& plan)
{
    m_planModel->setPlan(plan);
    // One bar per tensor; a large model's thousands of index labels are not drawn (their text
    // layout alone took longer than the solve).
    QList<qreal> values;
    values.reserve(qsizetype(plan.entries.size()));
    for (const auto& e : plan.entries)
        values << e.bitsPerWeight;
    m_bits->clear();
    auto* set = new QBarSet(tr("bits per weight"));
    set->append(values);
    m_bits->append(set);
    // Index labels only where they can be read: QBarCategoryAxis checks each new label against all
    // the others (3000 tensors took 180 ms), and without labels the bars keep their places.
    if (auto* axis = qobject_cast<QBarCategoryAxis*>(m_bitsChart->chart()->axes(Qt::Horizontal).value(0))) {
        const bool labelled = values.size() <= 256;
        if (!labelled && axis->count() > 0)
            axis->clear();
        if (labelled && axis->count() != int(values.size())) {
            QStringList categories;
            for (int i = 0; i < int(values.size()); ++i)
                categories << QString::number(i);
            axis->setCategories(categories);
        }
        axis->setLabelsVisible(labelled);
    }
    m_current->clear();
    m_current->append(plan.bitsPerWeight, plan.predictedError);
    QString text = tr("%1 tensors · %2 bits per weight · %3 · predicted error %4")
                       .arg(plan.entries.size())
                       .arg(QLocale().toString(plan.bitsPerWeight, 'f', 3), formatBytes(uint64_t(plan.bytes)), formatNumber(plan.predictedError));
    if (!plan.fullPrecision.empty())
        text += tr(" · %n tensor(s) no candidate can hold stay at full precision", nullptr, int(plan.fullPrecision.size()));
    m_totals->setText(text);
    emit planChanged();
}

} // namespace ql

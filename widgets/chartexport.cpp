#include "chartexport.h"

#include <QAbstractAxis>
#include <QEvent>

#include <QAction>
#include <QAreaSeries>
#include <QLineSeries>
#include <QApplication>
#include <QBarSeries>
#include <QBarSet>
#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QCoreApplication>
#include <QFileDialog>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QXYSeries>

namespace ql {

namespace {
    QString quoted(QString s)
    {
        s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
}

QString chartToCsv(const QChartView* view)
{
    QString out = QStringLiteral("series,x,y\n");
    for (QAbstractSeries* s : view->chart()->series()) {
        if (auto* area = qobject_cast<QAreaSeries*>(s)) {
            if (const QLineSeries* upper = area->upperSeries())
                for (const QPointF& p : upper->points())
                    out += QStringLiteral("%1,%2,%3\n").arg(quoted(area->name())).arg(p.x(), 0, 'g', 9).arg(p.y(), 0, 'g', 9);
        } else if (auto* xy = qobject_cast<QXYSeries*>(s)) {
            for (const QPointF& p : xy->points())
                out += QStringLiteral("%1,%2,%3\n").arg(quoted(xy->name())).arg(p.x(), 0, 'g', 9).arg(p.y(), 0, 'g', 9);
        } else if (auto* bars = qobject_cast<QBarSeries*>(s)) {
            QStringList categories;
            for (QAbstractAxis* a : view->chart()->axes(Qt::Horizontal, bars))
                if (auto* c = qobject_cast<QBarCategoryAxis*>(a))
                    categories = c->categories();
            for (QBarSet* set : bars->barSets())
                for (int i = 0; i < set->count(); ++i)
                    out += QStringLiteral("%1,%2,%3\n")
                               .arg(quoted(set->label()), quoted(i < categories.size() ? categories[i] : QString::number(i)))
                               .arg(set->at(i), 0, 'g', 9);
        }
    }
    return out;
}

bool saveChartView(QChartView* view, const QString& path, QString* error)
{
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok && path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(view->size());
        svg.setViewBox(QRect(QPoint(0, 0), view->size()));
        svg.setTitle(view->chart()->title());
        QPainter p(&svg);
        view->render(&p);
        p.end();
    } else if (ok) {
        ok = view->grab().save(&file, "PNG");
    }
    if (ok && file.commit())
        return true;
    if (error)
        *error = QCoreApplication::translate("ql::ChartExport", "Could not write %1: %2").arg(path, file.errorString());
    return false;
}

namespace {
    /// Re-colours a chart when the application's palette changes.
    class PaletteFollower : public QObject {
    public:
        explicit PaletteFollower(QChartView* view)
            : QObject(view)
            , m_view(view)
        {
            view->installEventFilter(this);
        }
        bool eventFilter(QObject*, QEvent* e) override
        {
            if (e->type() == QEvent::PaletteChange || e->type() == QEvent::Show)
                applyChartPalette(m_view);
            return false;
        }

    private:
        QChartView* m_view;
    };
}

void applyChartPalette(QChartView* view)
{
    QChart* chart = view->chart();
    const QPalette pal = view->palette();
    const QColor text = pal.color(QPalette::Text), base = pal.color(QPalette::Base);
    QColor grid = text;
    grid.setAlpha(40);
    chart->setBackgroundBrush(base);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(text);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
    }
    view->setBackgroundBrush(base);
}

void enableChartExport(QChartView* view)
{
    new PaletteFollower(view);
    applyChartPalette(view);
    auto save = [view](bool svg) {
        const QString path = QFileDialog::getSaveFileName(view, QCoreApplication::translate("ql::ChartExport", "Save Chart"), QString(),
            svg ? QCoreApplication::translate("ql::ChartExport", "SVG images (*.svg)") : QCoreApplication::translate("ql::ChartExport", "PNG images (*.png)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!saveChartView(view, path, &error))
            QMessageBox::warning(view, QCoreApplication::translate("ql::ChartExport", "Save Chart"), error);
    };
    auto* png = new QAction(QCoreApplication::translate("ql::ChartExport", "Save as PNG…"), view);
    QObject::connect(png, &QAction::triggered, view, [save] { save(false); });
    auto* svg = new QAction(QCoreApplication::translate("ql::ChartExport", "Save as SVG…"), view);
    QObject::connect(svg, &QAction::triggered, view, [save] { save(true); });
    auto* csv = new QAction(QCoreApplication::translate("ql::ChartExport", "Copy Data as CSV"), view);
    QObject::connect(csv, &QAction::triggered, view, [view] { QApplication::clipboard()->setText(chartToCsv(view)); });
    view->addActions({ png, svg, csv });
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace ql

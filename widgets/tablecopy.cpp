#include "tablecopy.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QItemSelectionModel>

#include <set>

namespace ql {

namespace {
    QString cell(const QVariant& v)
    {
        QString s = v.toString();
        s.replace(QLatin1Char('\t'), QLatin1Char(' '));
        s.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return s;
    }

    void addRows(const QAbstractItemModel* m, const QModelIndex& parent, const std::set<QPersistentModelIndex>* only, QString& out)
    {
        for (int r = 0; r < m->rowCount(parent); ++r) {
            const QModelIndex first = m->index(r, 0, parent);
            if (!only || only->count(QPersistentModelIndex(first))) {
                QStringList cells;
                for (int c = 0; c < m->columnCount(parent); ++c)
                    cells << cell(m->index(r, c, parent).data(Qt::DisplayRole));
                out += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
            }
            if (m->hasChildren(first))
                addRows(m, first, only, out);
        }
    }
}

QString tableToTsv(const QAbstractItemView* view, bool selectedOnly)
{
    const QAbstractItemModel* m = view->model();
    if (!m)
        return {};
    QStringList header;
    for (int c = 0; c < m->columnCount(); ++c)
        header << cell(m->headerData(c, Qt::Horizontal, Qt::DisplayRole));
    QString out = header.join(QLatin1Char('\t')) + QLatin1Char('\n');
    std::set<QPersistentModelIndex> rows;
    if (selectedOnly && view->selectionModel())
        for (const QModelIndex& i : view->selectionModel()->selectedIndexes())
            rows.insert(QPersistentModelIndex(i.siblingAtColumn(0)));
    addRows(m, QModelIndex(), rows.empty() ? nullptr : &rows, out);
    return out;
}

void enableTsvCopy(QAbstractItemView* view)
{
    auto* copy = new QAction(QCoreApplication::translate("ql::TableCopy", "Copy as TSV"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view] { QApplication::clipboard()->setText(tableToTsv(view)); });
    view->addAction(copy);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace ql

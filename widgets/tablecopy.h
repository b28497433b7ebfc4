#pragma once
// Tables copy as TSV: Ctrl+C (and a context-menu action) puts the selected rows — or every row
// when nothing is selected — on the clipboard with the header line, ready to paste into a
// spreadsheet.

#include <QString>

class QAbstractItemView;

namespace ql {

/// \returns the view's rows as tab-separated text with a header line: the selected rows, or all
/// rows when \p selectedOnly is false or nothing is selected. Tree children follow their parent.
QString tableToTsv(const QAbstractItemView* view, bool selectedOnly = true);

/// Adds Ctrl+C and a "Copy as TSV" context-menu action to \p view.
void enableTsvCopy(QAbstractItemView* view);

} // namespace ql

#pragma once

#include <QCoreApplication>
#include <QList>
#include <QStringList>

class QTableWidget;
class QWidget;

namespace flotilla::ui {

// The small read-only tables of the details panels (ECUs, sessions, targets, ...): columns sized
// to their contents, the last one stretching, long cells elided with the full text as tooltip,
// and tall enough to show their rows without a scroll bar inside the panel's own scroll area.
// Selected cells copy with Ctrl+C or the context menu (hashes and versions get pasted elsewhere).
class DetailsTable final
{
    Q_DECLARE_TR_FUNCTIONS(flotilla::ui::DetailsTable)
public:
    static QTableWidget *make(const QStringList &headers, const QString &objectName, QWidget *parent);
    static void setRows(QTableWidget *table, const QList<QStringList> &rows);
    // Tab-separated text of the selected cells, one line per row.
    static QString selectedText(const QTableWidget *table);
};

} // namespace flotilla::ui

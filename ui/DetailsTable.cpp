#include "ui/DetailsTable.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMap>
#include <QTableWidget>

#include <algorithm>

namespace flotilla::ui {

QTableWidget *DetailsTable::make(const QStringList &headers, const QString &objectName, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    // Columns sized to their contents, the last one takes (or gives up) what is left.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(table->columnCount() - 1, QHeaderView::Stretch);
    table->horizontalHeader()->setMinimumSectionSize(36);
    // The panel scrolls vertically already; long cells elide and show in full as tooltips.
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setTextElideMode(Qt::ElideRight);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);

    auto *copy = new QAction(QIcon(QStringLiteral(":/icons/copy.png")), tr("Copy"), table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(copy, &QAction::triggered, table,
                     [table] { QApplication::clipboard()->setText(selectedText(table)); });
    table->addAction(copy);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    return table;
}

void DetailsTable::setRows(QTableWidget *table, const QList<QStringList> &rows)
{
    table->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const QStringList &cells = rows.at(r);
        for (int c = 0; c < cells.size() && c < table->columnCount(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(cells.at(c));
            table->setItem(r, c, item);
        }
    }
    // Small tables show all their rows (up to a limit) instead of a scroll bar inside a scroll area.
    constexpr int MaxVisibleRows = 8;
    int rowsHeight = 0;
    for (int r = 0; r < std::min(table->rowCount(), MaxVisibleRows); ++r) {
        rowsHeight += table->rowHeight(r);
    }
    if (rowsHeight == 0) {
        rowsHeight = table->verticalHeader()->defaultSectionSize();
    }
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height() + rowsHeight + 2 * table->frameWidth());
}

QString DetailsTable::selectedText(const QTableWidget *table)
{
    QMap<int, QMap<int, QString>> cells; // row → column → text, in table order
    for (const QTableWidgetItem *item : table->selectedItems()) {
        cells[item->row()][item->column()] = item->text();
    }
    QStringList lines;
    for (const QMap<int, QString> &row : std::as_const(cells)) {
        lines.append(QStringList(row.cbegin(), row.cend()).join(u'\t'));
    }
    return lines.join(u'\n');
}

} // namespace flotilla::ui

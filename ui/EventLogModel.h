#pragma once

#include "server/store/Records.h"

#include <QAbstractTableModel>
#include <QList>

namespace flotilla::ui {

// The event log, newest first, capped to the most recent rows so that a console left open for
// weeks keeps a bounded memory footprint (the full log stays in the store and the audit export).
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)
public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        VinColumn,
        ActorColumn,
        SummaryColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
    };

    explicit EventLogModel(int maxRows = 10000, QObject *parent = nullptr);
    ~EventLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // events in ascending id order, as the store returns them; ids at or below lastId() are ignored.
    void addEvents(const QList<store::EventRecord> &events);
    qint64 lastId() const { return m_lastId; }
    int maxRows() const { return m_maxRows; }
    const store::EventRecord &eventAt(int row) const;

private:
    QList<store::EventRecord> m_rows; // newest first
    qint64 m_lastId = 0;
    int m_maxRows;
};

} // namespace flotilla::ui

#include "ui/EventLogModel.h"

#include "ui/Text.h"

#include <algorithm>

namespace flotilla::ui {

EventLogModel::EventLogModel(int maxRows, QObject *parent)
    : QAbstractTableModel(parent)
    , m_maxRows(std::max(maxRows, 1))
{}

EventLogModel::~EventLogModel() = default;

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const store::EventRecord &e = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case TimeColumn:
            return Text::dateTime(e.atMs);
        case KindColumn:
            return e.kind;
        case VinColumn:
            return e.vin;
        case ActorColumn:
            return e.actor;
        case SummaryColumn:
            return e.summary;
        case ColumnCount:
            break;
        }
        break;
    case SortRole:
        return column == TimeColumn ? QVariant(e.id) : data(index, Qt::DisplayRole);
    default:
        break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TimeColumn:
            return tr("Time");
        case KindColumn:
            return tr("Kind");
        case VinColumn:
            return tr("VIN");
        case ActorColumn:
            return tr("Actor");
        case SummaryColumn:
            return tr("Summary");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case TimeColumn:
            return tr("When the event was recorded (local time)");
        case KindColumn:
            return tr("Event type, e.g. a registration or a decision");
        case VinColumn:
            return tr("Vehicle the event is about, if any");
        case ActorColumn:
            return tr("Who caused it: the vehicle, the system or an operator");
        case SummaryColumn:
            return tr("What happened");
        case ColumnCount:
            break;
        }
    }
    return {};
}

void EventLogModel::addEvents(const QList<store::EventRecord> &events)
{
    QList<store::EventRecord> fresh;
    for (const store::EventRecord &e : events) {
        if (e.id > m_lastId) {
            fresh.append(e);
        }
    }
    if (fresh.isEmpty()) {
        return;
    }
    std::sort(fresh.begin(), fresh.end(), [](const auto &a, const auto &b) { return a.id > b.id; });
    m_lastId = fresh.first().id;
    if (fresh.size() > m_maxRows) {
        fresh.resize(m_maxRows);
    }
    // Make room first, dropping the oldest rows at the bottom.
    const qsizetype overflow = m_rows.size() + fresh.size() - m_maxRows;
    if (overflow > 0) {
        const int first = static_cast<int>(m_rows.size() - overflow);
        beginRemoveRows({}, first, static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(first);
        endRemoveRows();
    }
    beginInsertRows({}, 0, static_cast<int>(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
}

const store::EventRecord &EventLogModel::eventAt(int row) const
{
    return m_rows.at(row);
}

} // namespace flotilla::ui

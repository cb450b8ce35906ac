#include "ui/BulkCommandModel.h"

#include "ui/CommandText.h"
#include "ui/Text.h"

#include <algorithm>

namespace flotilla::ui {

using server::commands::CommandRecord;
using server::commands::CommandState;

BulkCommandModel::BulkCommandModel(const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{}

BulkCommandModel::~BulkCommandModel() = default;

int BulkCommandModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int BulkCommandModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

qint64 lastChangeOf(const CommandRecord &command)
{
    return std::max({command.createdAtMs, command.sentAtMs, command.finishedAtMs});
}

} // namespace

QVariant BulkCommandModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case VinColumn:
            return row.vin;
        case StateColumn:
            return row.command ? CommandText::state(row.command->state) : tr("not sent");
        case ResultColumn:
            return row.command ? CommandText::result(*row.command) : row.error;
        case UpdatedColumn:
            return row.command ? Text::dateTime(lastChangeOf(*row.command)) : QString();
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (row.command) {
            return CommandText::details(*row.command, m_clock.nowMs());
        }
        return tr("The server sent no command to this vehicle: %1").arg(row.error);
    case StateRole:
        return row.command ? static_cast<int>(row.command->state) : CommandText::NotSentState;
    case VinRole:
        return row.vin;
    case SortRole:
        switch (column) {
        case StateColumn:
            return row.command ? static_cast<int>(row.command->state) : CommandText::NotSentState;
        case UpdatedColumn:
            return row.command ? lastChangeOf(*row.command) : 0;
        default:
            return data(index, Qt::DisplayRole);
        }
    default:
        break;
    }
    return {};
}

QVariant BulkCommandModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case VinColumn:
            return tr("VIN");
        case StateColumn:
            return tr("State");
        case ResultColumn:
            return tr("Result");
        case UpdatedColumn:
            return tr("Updated");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case VinColumn:
            return tr("Vehicle identification number");
        case StateColumn:
            return tr("Where the vehicle's command stands: queued, sent, done, failed, refused, expired");
        case ResultColumn:
            return tr("What the vehicle answered, or why the server sent it no command");
        case UpdatedColumn:
            return tr("When the command last changed state");
        case ColumnCount:
            break;
        }
    }
    return {};
}

void BulkCommandModel::count(const Row &row, int sign)
{
    if (!row.command) {
        m_counts.notSent += sign;
        m_counts.finished += sign;
        return;
    }
    m_counts.byState.at(static_cast<size_t>(row.command->state)) += sign;
    if (server::commands::isFinished(row.command->state)) {
        m_counts.finished += sign;
    }
}

void BulkCommandModel::setEntries(const QList<server::commands::BulkEntry> &entries)
{
    beginResetModel();
    m_rows.clear();
    m_rowByVin.clear();
    m_counts = {};
    m_rows.reserve(entries.size());
    for (const server::commands::BulkEntry &entry : entries) {
        if (m_rowByVin.contains(entry.vin)) {
            continue; // a VIN selected twice is one vehicle
        }
        m_rowByVin.insert(entry.vin, static_cast<int>(m_rows.size()));
        m_rows.append({entry.vin, entry.command, entry.error});
        count(m_rows.constLast(), 1);
    }
    m_counts.total = static_cast<int>(m_rows.size());
    endResetModel();
}

void BulkCommandModel::updateCommands(const QList<CommandRecord> &commands)
{
    QList<int> changed;
    for (const CommandRecord &command : commands) {
        const int row = rowOfVin(command.vin);
        if (row < 0) {
            continue;
        }
        Row &current = m_rows[row];
        if (current.command && current.command->id != command.id) {
            continue; // another command of the same vehicle
        }
        if (current.command && current.command->state == command.state &&
            current.command->finishedAtMs == command.finishedAtMs && current.command->sentAtMs == command.sentAtMs &&
            current.command->reason == command.reason && current.command->result == command.result) {
            continue;
        }
        count(current, -1);
        current.command = command;
        current.error.clear();
        count(current, 1);
        changed.append(row);
    }
    if (changed.isEmpty()) {
        return;
    }
    if (changed.size() * 2 > m_rows.size()) {
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    std::sort(changed.begin(), changed.end());
    // One signal per run of adjacent rows: a bulk's vehicles tend to answer in the order they
    // were sent.
    qsizetype start = 0;
    for (qsizetype i = 1; i <= changed.size(); ++i) {
        if (i == changed.size() || changed.at(i) != changed.at(i - 1) + 1) {
            Q_EMIT dataChanged(index(changed.at(start), 0), index(changed.at(i - 1), ColumnCount - 1));
            start = i;
        }
    }
}

const BulkCommandModel::Row &BulkCommandModel::rowAt(int row) const
{
    return m_rows.at(row);
}

int BulkCommandModel::rowOfVin(const QString &vin) const
{
    return m_rowByVin.value(vin, -1);
}

} // namespace flotilla::ui

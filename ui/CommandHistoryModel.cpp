#include "ui/CommandHistoryModel.h"

#include "ui/CommandText.h"
#include "ui/Text.h"

#include <algorithm>

namespace flotilla::ui {

using server::commands::CommandRecord;

CommandHistoryModel::CommandHistoryModel(const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{}

CommandHistoryModel::~CommandHistoryModel() = default;

int CommandHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_commands.size());
}

int CommandHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CommandHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const CommandRecord &command = m_commands.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return Text::dateTime(command.createdAtMs);
        case OperationColumn:
            return CommandText::operation(command.operation);
        case ArgumentsColumn:
            return CommandText::arguments(command.operation, command.arguments);
        case StateColumn:
            return CommandText::state(command.state);
        case ResultColumn:
            return CommandText::result(command);
        case ActorColumn:
            return command.actor;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case OperationColumn:
            return CommandText::operationToolTip(command.operation);
        case ResultColumn:
            if (const QString result = CommandText::result(command); !result.isEmpty()) {
                return result; // long reasons are elided in the cell
            }
            return CommandText::details(command, m_clock.nowMs());
        default:
            return CommandText::details(command, m_clock.nowMs());
        }
    case StateRole:
        return static_cast<int>(command.state);
    case IdRole:
        return command.id;
    default:
        break;
    }
    return {};
}

QVariant CommandHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TimeColumn:
            return tr("Time");
        case OperationColumn:
            return tr("Command");
        case ArgumentsColumn:
            return tr("Arguments");
        case StateColumn:
            return tr("State");
        case ResultColumn:
            return tr("Result");
        case ActorColumn:
            return tr("Operator");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case TimeColumn:
            return tr("When the operator sent the command");
        case OperationColumn:
            return tr("What the vehicle was asked to do");
        case ArgumentsColumn:
            return tr("The command's arguments, such as the climate target temperature");
        case StateColumn:
            return tr("Queued, sent, accepted, done, failed, refused, expired or cancelled");
        case ResultColumn:
            return tr("What the vehicle answered: the reason of a refusal or failure, a location, ...");
        case ActorColumn:
            return tr("The operator who sent it");
        case ColumnCount:
            break;
        }
    }
    return {};
}

bool CommandHistoryModel::sameForDisplay(const CommandRecord &a, const CommandRecord &b)
{
    return a.state == b.state && a.resultCode == b.resultCode && a.reason == b.reason && a.result == b.result &&
           a.sentAtMs == b.sentAtMs && a.finishedAtMs == b.finishedAtMs && a.deliveries == b.deliveries &&
           a.expiresAtMs == b.expiresAtMs;
}

void CommandHistoryModel::setCommands(QList<CommandRecord> commands)
{
    const auto newCount = static_cast<int>(commands.size());
    const auto oldCount = static_cast<int>(m_commands.size());
    if (oldCount == 0 || newCount == 0) {
        if (oldCount == newCount) {
            return;
        }
        beginResetModel();
        m_commands = std::move(commands);
        endResetModel();
        return;
    }
    // The shown list usually reappears whole or shortened at the end, below commands sent since.
    const qint64 firstShown = m_commands.constFirst().id;
    const auto at = std::find_if(commands.cbegin(), commands.cend(),
                                 [firstShown](const CommandRecord &c) { return c.id == firstShown; });
    const auto fresh = static_cast<int>(at - commands.cbegin());
    const int kept = newCount - fresh;
    bool aligned = at != commands.cend() && kept <= oldCount;
    for (int i = 0; aligned && i < kept; ++i) {
        aligned = commands.at(fresh + i).id == m_commands.at(i).id;
    }
    if (!aligned) {
        beginResetModel();
        m_commands = std::move(commands);
        endResetModel();
        return;
    }
    if (kept < oldCount) {
        beginRemoveRows({}, kept, oldCount - 1);
        m_commands.resize(kept);
        endRemoveRows();
    }
    QList<int> changed;
    for (int i = 0; i < kept; ++i) {
        CommandRecord &incoming = commands[fresh + i];
        if (!sameForDisplay(m_commands.at(i), incoming)) {
            m_commands[i] = std::move(incoming);
            changed.append(i + fresh);
        }
    }
    if (fresh > 0) {
        beginInsertRows({}, 0, fresh - 1);
        m_commands.insert(0, fresh, CommandRecord{});
        std::move(commands.begin(), commands.begin() + fresh, m_commands.begin());
        endInsertRows();
    }
    for (const int row : std::as_const(changed)) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void CommandHistoryModel::upsert(const CommandRecord &command)
{
    if (const int row = rowOfId(command.id); row >= 0) {
        if (!sameForDisplay(m_commands.at(row), command)) {
            m_commands[row] = command;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        return;
    }
    beginInsertRows({}, 0, 0);
    m_commands.prepend(command);
    endInsertRows();
}

void CommandHistoryModel::clear()
{
    if (m_commands.isEmpty()) {
        return;
    }
    beginResetModel();
    m_commands.clear();
    endResetModel();
}

const CommandRecord &CommandHistoryModel::commandAt(int row) const
{
    return m_commands.at(row);
}

int CommandHistoryModel::rowOfId(qint64 id) const
{
    // A vehicle's history holds at most a few dozen rows: a scan is cheaper than keeping a hash.
    for (int row = 0; row < m_commands.size(); ++row) {
        if (m_commands.at(row).id == id) {
            return row;
        }
    }
    return -1;
}

} // namespace flotilla::ui

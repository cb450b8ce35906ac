#pragma once

#include "core/Clock.h"
#include "server/commands/CommandTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace flotilla::ui {

// One vehicle's remote commands, newest first (STYLE.md 15): time, operation, arguments, state,
// result and operator. Refreshed from CommandService::commandsForVehicle; new commands are
// inserted at the top and the rest updated in place, so that a selected row and the scroll
// position survive the live updates.
class CommandHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandHistoryModel)
public:
    enum Column
    {
        TimeColumn,
        OperationColumn,
        ArgumentsColumn,
        StateColumn,
        ResultColumn,
        ActorColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        StateRole = Qt::UserRole + 1, // int(CommandState), for the badge delegate
        IdRole,                       // qint64 command id
    };

    explicit CommandHistoryModel(const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~CommandHistoryModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The vehicle's commands, newest first (as the service lists them). Commands newer than the
    // ones shown are inserted at the top, ones that dropped off the end are removed, the others
    // are updated in place (dataChanged only for rows that changed); anything else resets.
    void setCommands(QList<server::commands::CommandRecord> commands);
    // One command just sent from this console (before the store's event arrives): inserted at
    // the top, or updated when already shown.
    void upsert(const server::commands::CommandRecord &command);
    void clear();

    const server::commands::CommandRecord &commandAt(int row) const;
    int rowOfId(qint64 id) const; // -1 when not shown

private:
    static bool sameForDisplay(const server::commands::CommandRecord &a, const server::commands::CommandRecord &b);

    const Clock &m_clock;
    QList<server::commands::CommandRecord> m_commands;
};

} // namespace flotilla::ui

#pragma once

#include "core/Clock.h"
#include "server/commands/CommandService.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <array>

namespace flotilla::ui {

// The vehicles of one bulk send and how each one's command stands (STYLE.md 15): VIN, state,
// result, last change. Rows keep the order of the selection and never move; live updates find
// their row by VIN in O(1) and signal the runs of rows that changed, so that following 10,000
// vehicles stays cheap.
class BulkCommandModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkCommandModel)
public:
    enum Column
    {
        VinColumn,
        StateColumn,
        ResultColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        StateRole = Qt::UserRole + 1, // int(CommandState), or CommandText::NotSentState
        VinRole,
        SortRole,
    };

    struct Row
    {
        QString vin;
        std::optional<server::commands::CommandRecord> command;
        QString error; // why the vehicle got no command
    };

    // Tallies for the dialog's summary line.
    struct Counts
    {
        int total = 0;
        int notSent = 0;
        std::array<int, 8> byState{}; // indexed by int(CommandState)
        int finished = 0;             // in a final state, or never sent
        int of(server::commands::CommandState state) const { return byState.at(static_cast<size_t>(state)); }
    };

    explicit BulkCommandModel(const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~BulkCommandModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The answer of sendBulk: one row per vehicle (resets the model).
    void setEntries(const QList<server::commands::BulkEntry> &entries);
    // Newer states of the bulk's commands (matched by VIN); dataChanged for the rows that changed.
    void updateCommands(const QList<server::commands::CommandRecord> &commands);

    const Row &rowAt(int row) const;
    int rowOfVin(const QString &vin) const; // -1 when not part of the bulk
    Counts counts() const { return m_counts; }
    bool isFinished() const { return m_counts.finished == m_counts.total; }

private:
    void count(const Row &row, int sign);

    const Clock &m_clock;
    QList<Row> m_rows;
    QHash<QString, int> m_rowByVin;
    Counts m_counts;
};

} // namespace flotilla::ui

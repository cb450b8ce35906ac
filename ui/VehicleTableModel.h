#pragma once

#include "core/Clock.h"
#include "server/store/Records.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QStringList>

namespace flotilla::ui {

// One inventory row: the stored vehicle plus whether the engine counts it as online, which is
// computed where the record is fetched (off the GUI thread).
struct VehicleRow
{
    store::VehicleRecord record;
    bool online = false;
};

// The vehicle inventory as a flat table (STYLE.md 15). Rows are never reordered or removed:
// new vehicles are appended, known ones are updated in place, so selections and persistent
// indexes survive live updates. Sorting and filtering belong to VehicleFilterProxyModel.
class VehicleTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehicleTableModel)
public:
    enum Column
    {
        VinColumn,
        DevIdColumn,
        ModelColumn,
        OemColumn,
        VersionsColumn,
        StateColumn,
        OnlineColumn,
        LastSeenColumn,
        SessionsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1, // typed value to sort by (qint64 for times and counts)
        StateRole,                   // int(store::VehicleState), for the badge delegate
        VinRole,
        OnlineRole,
    };

    explicit VehicleTableModel(const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~VehicleTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Appends unknown VINs (one beginInsertRows for all of them) and updates known ones in place:
    // dataChanged per changed row run, or once over the whole table when most rows changed.
    // Unchanged rows emit nothing.
    void upsert(QList<VehicleRow> rows);
    // Marks the given vehicles offline/online without refetching them.
    void setOnline(const QStringList &vins, bool online);
    // The relative "last seen" text moved on; views call this for the rows they show.
    void notifyLastSeenChanged(int firstRow, int lastRow);

    int rowOfVin(const QString &vin) const; // O(1); -1 when unknown
    const VehicleRow &vehicleAt(int row) const;
    // VIN, DevID, model and OEM, case-folded, for VehicleFilterProxyModel.
    const QString &searchTextAt(int row) const;
    QList<store::VehicleRecord> onlineRecords() const;
    int onlineCount() const { return m_onlineCount; }

private:
    static bool sameForDisplay(const VehicleRow &a, const VehicleRow &b);
    static QString searchTextOf(const store::VehicleRecord &vehicle);
    void emitChangedRows(QList<int> rows);

    const Clock &m_clock;
    QList<VehicleRow> m_rows;
    QList<QString> m_searchText; // parallel to m_rows
    QHash<QString, int> m_rowByVin;
    int m_onlineCount = 0;
    QIcon m_onlineIcon;
    QIcon m_offlineIcon;
};

} // namespace flotilla::ui

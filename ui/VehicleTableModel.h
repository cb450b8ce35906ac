#pragma once

#include "core/Clock.h"
#include "server/store/Records.h"
#include "server/store/UpdateRecords.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QSet>
#include <QStringList>

namespace flotilla::ui {

// One inventory row: the stored vehicle plus whether the engine counts it as online, which is
// computed where the record is fetched (off the GUI thread).
struct VehicleRow
{
    store::VehicleRecord record;
    bool online = false;
    bool channelOpen = false; // its notification channel (PROTOCOL.md §7); set by setChannelsOpen only
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
        UpdateColumn,
        OnlineColumn,
        LastSeenColumn,
        SessionsColumn,
        ChannelColumn, // last, so that header layouts saved before it existed still restore
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1, // typed value to sort by (qint64 for times and counts)
        StateRole,                   // int(store::VehicleState), for the badge delegate
        VinRole,
        OnlineRole,
        JobStateRole,    // int(store::JobState) of the vehicle's newest update job; invalid without one
        JobProgressRole, // 0-100 while downloading or installing, else invalid
        ChannelRole,     // bool: the vehicle's notification channel is open
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
    // Notification channels opened or closed (ChannelFeed). Remembered by VIN, so that a vehicle
    // listed later shows its channel at once; dataChanged for the Channel cells that changed.
    void setChannelsOpen(const QStringList &vins, bool open);
    const QSet<QString> &openChannels() const { return m_openChannels; }
    int channelCount() const { return static_cast<int>(m_openChannels.size()); }
    // Update jobs (newest per vehicle wins; a job of a vehicle not listed yet shows once it is).
    // dataChanged for the Update cells that changed.
    void setJobs(const QList<store::UpdateJobRecord> &jobs);
    // "name version" per release id, for the Update column's tooltips.
    void setReleaseLabels(const QHash<qint64, QString> &labels);
    const store::UpdateJobRecord *jobOf(const QString &vin) const; // nullptr without a job
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
    QString jobText(const store::UpdateJobRecord &job) const;
    QString jobToolTip(const store::UpdateJobRecord &job) const;
    void emitChangedRows(QList<int> rows);

    const Clock &m_clock;
    QList<VehicleRow> m_rows;
    QList<QString> m_searchText; // parallel to m_rows
    QHash<QString, int> m_rowByVin;
    int m_onlineCount = 0;
    QHash<QString, store::UpdateJobRecord> m_jobByVin; // without their reports
    QHash<qint64, QString> m_releaseLabels;
    QSet<QString> m_openChannels; // VINs, including vehicles not listed yet
    QIcon m_onlineIcon;
    QIcon m_offlineIcon;
};

} // namespace flotilla::ui

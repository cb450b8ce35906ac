#pragma once

#include "server/campaigns/CampaignService.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QList>
#include <QString>

// Item models of the Campaigns view (issue 4): the campaign list, one campaign's vehicles, and a
// dry run. Each is fed whole lists by the view's throttled refresh and works out itself which rows
// changed, so that selections survive refreshes and views repaint only what moved (STYLE.md 15).
namespace flotilla::ui {

// Translated words and badge colours of campaign and campaign-vehicle states (never the store's
// toString(), which are wire words).
struct CampaignText
{
    static QString state(server::campaigns::CampaignState state);
    static QColor stateColor(int state); // int(CampaignState), for StateBadgeDelegate
    static QString targetState(server::campaigns::TargetState state);
    static QColor targetStateColor(int state); // int(TargetState)
    static QString role(server::campaigns::Role role);
    static QString action(server::campaigns::CampaignAction action);
};

class CampaignTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignTableModel)
public:
    enum Column
    {
        NameColumn,
        ReleaseColumn,
        StateColumn,
        WaveColumn,
        SucceededColumn,
        FailedColumn,
        ActiveColumn,
        WaitingColumn,
        AuthorColumn,
        ApproverColumn,
        ColumnCount,
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        StateRole, // int(CampaignState)
    };

    explicit CampaignTableModel(QObject *parent = nullptr);
    ~CampaignTableModel() override;

    // releaseNames: release id → "name version" for the Release column.
    void setCampaigns(const QList<server::campaigns::CampaignSummary> &campaigns,
                      const QHash<qint64, QString> &releaseNames);
    const server::campaigns::CampaignSummary *campaign(qint64 id) const;
    int rowOf(qint64 id) const { return m_rowOfId.value(id, -1); }
    const server::campaigns::CampaignSummary &at(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<server::campaigns::CampaignSummary> m_rows; // newest first, as the service lists them
    QHash<qint64, int> m_rowOfId;
    QHash<qint64, QString> m_releaseNames;
};

// A campaign's targeted vehicles with their current job: wave, state, job state and progress,
// bytes downloaded, attempts, reason. Rows are keyed by VIN: refreshes update rows in place,
// insert new ones (late joiners) and remove the ones that went (a re-frozen target list).
class CampaignVehicleModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignVehicleModel)
public:
    enum Column
    {
        VinColumn,
        WaveColumn,
        StateColumn,
        JobColumn,
        DownloadColumn,
        AttemptsColumn,
        ReasonColumn,
        ColumnCount,
    };
    enum Role
    {
        VinRole = Qt::UserRole + 1,
        StateRole,       // int(TargetState)
        JobStateRole,    // int(store::JobState); invalid without a job
        JobProgressRole, // 0-100 while downloading or installing, else invalid
    };

    explicit CampaignVehicleModel(QObject *parent = nullptr);
    ~CampaignVehicleModel() override;

    void setVehicles(const QList<server::campaigns::CampaignVehicleRecord> &vehicles);
    void clear();
    const server::campaigns::CampaignVehicleRecord &at(int row) const { return m_rows.at(row); }
    int rowOf(const QString &vin) const { return m_rowOfVin.value(vin, -1); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reindex();

    QList<server::campaigns::CampaignVehicleRecord> m_rows;
    QHash<QString, int> m_rowOfVin;
};

// The per-vehicle table of a dry run: VIN, wave, compatible, payload, bytes, blockers. A dry run is
// a snapshot the operator reads as a whole, so a new one resets the model.
class DryRunModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DryRunModel)
public:
    enum Column
    {
        VinColumn,
        WaveColumn,
        CompatibleColumn,
        PayloadColumn,
        BytesColumn,
        BlockersColumn,
        ColumnCount,
    };

    explicit DryRunModel(QObject *parent = nullptr);
    ~DryRunModel() override;

    void setDryRun(const server::campaigns::DryRun &dryRun);
    const server::campaigns::DryRun &dryRun() const { return m_dryRun; }
    // "12 vehicles in 3 waves · 11 compatible · 1 up to date · 2 blocked · 14.2 MiB · 1 delta to build"
    static QString totals(const server::campaigns::DryRun &dryRun);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    server::campaigns::DryRun m_dryRun;
};

} // namespace flotilla::ui

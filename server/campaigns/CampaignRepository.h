#pragma once

#include "core/Result.h"
#include "server/campaigns/CampaignTypes.h"
#include "server/store/UpdateRecords.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// Rows of the campaign tables (schema v4: campaigns, campaign_vehicles) and their repository.
// Times are ms since the epoch (UTC); 0 = never.
namespace flotilla::server::campaigns {

struct CampaignRecord
{
    qint64 id = 0;
    CampaignState state = CampaignState::Draft;
    CampaignSpec spec;        // name and release live in the spec (and in their columns)
    int revision = 1;         // bumped by every edit
    QJsonObject approvedSpec; // the spec as last approved ({} before)
    int approvedRevision = 0; // 0: never approved
    QString author;
    QString approver;
    QString reason;      // rejection or halt reason
    int currentWave = 0; // 0-based
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    qint64 approvedAtMs = 0;
    qint64 startedAtMs = 0;
    qint64 finishedAtMs = 0;
};

// A targeted vehicle's progress in its campaign (campaign_vehicles.state).
enum class TargetState
{
    Waiting, // its wave has not started, or it waits for a (new) job
    Active,  // it has a job that is not finished
    Succeeded,
    Failed, // its last job failed and no retry is left
    Cancelled,
    Skipped, // incompatible or already up to date when its wave started
};
QString toString(TargetState state); // "waiting", "active", ...
std::optional<TargetState> targetStateFromString(QStringView text);
bool isSettled(TargetState state); // succeeded, failed, cancelled, skipped

struct CampaignVehicleRecord
{
    qint64 campaignId = 0;
    qint64 vehicleId = 0;
    int wave = 0;
    TargetState state = TargetState::Waiting;
    std::optional<qint64> jobId;
    int attempts = 0; // jobs made for this vehicle by this campaign
    QString reason;
    qint64 updatedAtMs = 0;
    // Joined on reads: the vehicle and its current job.
    QString vin;
    qint64 lastSeenAtMs = 0;
    std::optional<store::UpdateJobRecord> job;
};

class CampaignRepository final
{
public:
    explicit CampaignRepository(QSqlDatabase db);

    Result<qint64> insert(const CampaignRecord &campaign);
    Status update(const CampaignRecord &campaign); // every mutable column, by id
    Result<std::optional<CampaignRecord>> findById(qint64 id);
    Result<QList<CampaignRecord>> list(); // newest first
    Result<QList<qint64>> idsInStates(const QList<CampaignState> &states);
    // The campaigns the wave engine has work for: approved (a scheduled start), running, paused,
    // and halted or cancelled ones while a vehicle still has a job in flight (cancelled: or still
    // waits to be marked cancelled). Completed ones, and the rest, are never read again.
    Result<QList<qint64>> idsToTick();
    // A cheap summary of the accepted vehicles (how many, newest id, newest change, tags): while
    // it stays the same, no vehicle can have started to match a campaign's filters.
    Result<QString> inventoryFingerprint();

    Status insertVehicle(const CampaignVehicleRecord &vehicle);
    Status updateVehicle(const CampaignVehicleRecord &vehicle); // state, job, attempts, reason
    Status deleteVehicles(qint64 campaignId);                   // before targets are frozen again
    // Every targeted vehicle with its VIN, last-seen time and current job, by wave then VIN.
    Result<QList<CampaignVehicleRecord>> vehicles(qint64 campaignId, std::optional<qint64> vehicleId = {});
    // The newest job this campaign made for each vehicle (vehicle id → job id): what the engine
    // adopts when a crash fell between creating a job and recording it.
    Result<QHash<qint64, qint64>> newestJobs(qint64 campaignId);
    // Other campaigns (approved, running, paused or halted) that still have this vehicle to do.
    Result<QList<qint64>> otherCampaignsFor(qint64 vehicleId, qint64 campaignId);
    // Operator labels of vehicles (vehicles.tags, a JSON array), by vehicle id.
    Result<QHash<qint64, QStringList>> tags();

private:
    QSqlDatabase m_db;
};

} // namespace flotilla::server::campaigns

#pragma once

#include "core/Result.h"
#include "server/campaigns/CampaignRepository.h"
#include "server/campaigns/CampaignTypes.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaObject>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::campaigns {

// What a campaign would do if it ran now, per targeted vehicle and in total (before approval the
// targets are resolved from the filters; after it, the frozen list is used).
struct DryRunVehicle
{
    QString vin;
    int wave = 0;
    bool compatible = false;
    bool upToDate = false; // every targeted ECU already runs the release's version
    QString payload;       // "x-flodiff 1.0.0 → 2.0.0, …" per ECU; "full" when no delta is ready
    qint64 bytes = 0;      // what it would download (full image length when no payload is built yet)
    int deltasToBuild = 0; // payloads still to build for it (the server holds its source image)
    QStringList blockers;  // "offline for 9 days", "busy with update job 12", "also in campaign 3"
    QJsonObject toJson() const;
};

struct DryRun
{
    qint64 campaignId = 0;
    QList<DryRunVehicle> vehicles;
    QStringList unknownVins; // listed explicitly but not in the inventory (or not accepted)
    int compatible = 0;
    int upToDate = 0;
    int blocked = 0;
    qint64 bytes = 0;
    int deltasToBuild = 0;
    QList<int> waveSizes;
    QJsonObject toJson() const;
};

// Counts for the console and `GET /campaigns/{id}`: per vehicle state, per job state, per wave.
struct CampaignSummary
{
    CampaignRecord campaign;
    QMap<QString, int> vehicleStates; // waiting, active, succeeded, ...
    QMap<QString, int> jobStates;     // the current job's state (queued, downloading, ...)
    QList<QMap<QString, int>> waves;  // per wave: vehicle states plus "total"
    QJsonObject toJson() const;
};
QJsonObject toJson(const CampaignRecord &campaign);

// The consent reminders of one campaign job, as the event log records them.
struct ConsentReminders
{
    qint64 waitingSinceMs = 0; // when the job last started to wait for the owner's consent
    qint64 lastAtMs = 0;       // the newest reminder; waitingSinceMs before the first
    int sent = 0;
};

// Campaigns (issue 4, DESIGN.md "Campaign" state machine): operator actions, each decided by
// transition() and written with its event ("campaign.<action>", actor = the operator) in one
// transaction; targets frozen at approval; the dry run; "why not updated?"; and tick(), the wave
// engine that CampaignEngine runs on its own thread. Every state lives in the store, so a
// restarted server simply continues. Thread-safe; calls block on the store (never the GUI thread).
class CampaignService final
{
public:
    explicit CampaignService(std::shared_ptr<EngineContext> context);
    ~CampaignService();

    Result<CampaignRecord> create(const CampaignSpec &spec, const Actor &actor);
    Result<CampaignRecord> edit(qint64 id, const CampaignSpec &spec, const Actor &actor);
    // Submit, Approve, Reject (reason required), Start, Pause, Resume, Cancel, RetryFailed. Errors:
    // 403 role / own campaign, 404 unknown, 409 not in this state, 422 approval with no target.
    Result<CampaignRecord> act(qint64 id, CampaignAction action, const Actor &actor, const QString &reason = {});

    Result<QList<CampaignRecord>> list() const;
    Result<CampaignSummary> summary(qint64 id) const; // 404 when unknown
    Result<QList<CampaignVehicleRecord>> vehicles(qint64 id) const;
    Result<DryRun> dryRun(qint64 id, int offlineDays = 7) const;
    // What a campaign with this spec would do if it were approved now (the wizard's preview of an
    // edit, saved nothing); campaignId, when set, is the campaign being edited (not a conflict).
    Result<DryRun> dryRun(const CampaignSpec &spec, qint64 campaignId = 0, int offlineDays = 7) const;
    // One sentence: why this vehicle has not been updated by this campaign (yet).
    Result<QString> whyNotUpdated(qint64 id, const QString &vin) const;

    // The wave engine: starts jobs, records outcomes, advances waves, halts, completes, retries,
    // adds late joiners, expires jobs past the consent deadline. tick() visits the campaigns that
    // can still change (never completed ones) and skips those with nothing new since their last
    // tick (no job of theirs changed, no time-bound work); tick(id) always does the whole pass.
    Status tick();
    Status tick(qint64 id);

    // Region of a vehicle from its VIN's first character (the WMI region code): "north-america",
    // "asia", "europe", "africa", "oceania", "south-america"; empty for anything else.
    static QString regionOfVin(QStringView vin);
    static bool insideWindow(const MaintenanceWindow &window, qint64 nowMs);

private:
    // What an operator change writes to the event log.
    struct ChangeEvent
    {
        QString summary;
        QJsonObject data;
    };
    // Changes the campaign (from, now) in the transaction that reads it; the frame has already
    // moved it to the state transition() allows.
    using ChangeFunction =
        std::function<Result<ChangeEvent>(QSqlDatabase &db, CampaignRecord &campaign, CampaignState from, qint64 now)>;
    // The frame of edit() and act(): under the lock, in one transaction, the campaign (or 404), the
    // transition() check, apply(), the saved row and its "campaign.<action>" event; then the
    // event bus hears of it.
    Result<CampaignRecord> change(qint64 id, CampaignAction action, const Actor &actor, const ChangeFunction &apply);
    Status tickLocked(qint64 id);
    // Adds vehicles that match the filters now but were not targeted (addLateJoiners) to the last
    // wave; true when it added any.
    Result<bool> addLateJoiners(const CampaignRecord &campaign, const QList<CampaignVehicleRecord> &rows, qint64 now);
    bool canSkip(const CampaignRecord &campaign, const QSet<QString> &changedVins);
    // Reminds the owners of jobs awaiting consent every reminderHours until the deadline: an event,
    // the job's EXEC again at the vehicle's next session, and a notification when it is online.
    Status sendReminders(const CampaignRecord &campaign, const QList<CampaignVehicleRecord> &rows, qint64 now);

    // What the last whole tick of a campaign saw, so that an idle campaign costs one read a tick.
    struct TickMemo
    {
        qint64 updatedAtMs = 0; // the campaign row's (every action and wave change moves it)
        QSet<QString> vins;     // its vehicles: a job change of one of them means work
        bool timeBound = false; // waiting vehicles of started waves, or a consent deadline to watch
        QString inventory;      // inventoryFingerprint() when late joiners were last looked for
    };

    std::shared_ptr<EngineContext> m_context;
    QMetaObject::Connection m_jobsChanged;
    QHash<qint64, TickMemo> m_memo;        // guarded by m_mutex
    QHash<qint64, QString> m_lateJoinSeen; // inventory fingerprint per campaign; guarded by m_mutex
    // Per campaign, the jobs awaiting consent and their reminders (read from the event log once,
    // then kept here); guarded by m_mutex.
    QHash<qint64, QHash<qint64, ConsentReminders>> m_reminders;
    // VINs whose jobs changed since the engine's last tick(): filled from EventBus::jobsChanged on
    // any thread, under its own lock (never m_mutex, which a tick holds while it waits on the
    // store writer that emits).
    std::mutex m_changedMutex;
    QSet<QString> m_changedVins;
    // Operator actions and engine ticks never interleave: a pause that returned has stopped new
    // jobs, and no tick acts on a state read before an action changed it.
    mutable std::recursive_mutex m_mutex;
};

} // namespace flotilla::server::campaigns

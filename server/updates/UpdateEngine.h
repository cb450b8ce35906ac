#pragma once

#include "core/Result.h"
#include "core/omadm/Messages.h"
#include "core/update/SignedDocument.h"
#include "server/dm/DmTypes.h"
#include "server/store/UpdateRecords.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>
#include <mutex>
#include <optional>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::updates {

// Campaign jobs (server/campaigns) carry their campaign id and mode; hand-made ones none. (At
// namespace scope: GCC refuses a nested struct with member initialisers as a default argument.)
struct AssignOptions
{
    std::optional<qint64> campaignId;
    bool downloadOnly = false;
};

// Per-vehicle update jobs (DESIGN.md state machine, persisted in update_jobs) and their part of the
// DM sessions (PROTOCOL.md §6): a queued job is delivered in the vehicle's next session as
// HGET <server>/dm/mo/job/<id> + EXEC <fumo>//DownloadAndUpdate (SCOMO: HGET of Download/<PkgID> +
// EXEC of its DownloadInstall; a download-only campaign job: <fumo>//Download), the signed
// instruction being built for that vehicle at that moment (smallest ready payload among its codecs,
// within its delta memory; a campaign's consent and precondition overrides); its progress and final
// alerts move the job; success counts only once the vehicle reads back the new versions (a
// download-only job succeeds when the vehicle reports the payloads downloaded and verified).
//
// The session hooks run inside the session's store transaction (the writer thread) so that a
// report and the job change it causes are durable together before the vehicle is answered.
class UpdateEngine final
{
public:
    explicit UpdateEngine(std::shared_ptr<EngineContext> context);
    ~UpdateEngine();

    Status load(); // in-memory view of active jobs, at start (and after a key rotation)

    // Operator actions (blocking; from API/console worker threads). Errors carry HTTP statuses:
    // 404 unknown release or vehicle, 409 vehicle busy with another job, 422 nothing to install.
    struct Assignment
    {
        QString vin;
        std::optional<store::UpdateJobRecord> job;
        QString error; // why this vehicle got no job
    };
    Result<QList<Assignment>> assign(qint64 releaseId, const QStringList &vins, const QString &actor,
                                     const AssignOptions &options = AssignOptions());
    Result<store::UpdateJobRecord> cancel(qint64 jobId, const QString &actor);
    // A Wipe ended the vehicle's enrolment, in the caller's transaction: it will never report again,
    // so its active job ends now (Cancelled before the install, Failed during it) and a campaign
    // does not wait for it. jobsChanged follows in afterCommit().
    Status endJobOfWipedVehicle(QSqlDatabase &db, qint64 vehicleId, qint64 nowMs, const QString &actor,
                                qint64 &lastEventId);
    // Ends a job that is not installing yet as Expired with this reason (a campaign's consent
    // deadline). 409 when it is installing or already finished.
    Result<store::UpdateJobRecord> expire(qint64 jobId, const QString &reason, const QString &actor);
    Result<std::optional<store::UpdateJobRecord>> job(qint64 jobId) const;
    Result<QList<store::UpdateJobRecord>> jobsForVehicle(const QString &vin, int limit = 20) const;
    Result<QList<store::UpdateJobRecord>> jobsForRelease(qint64 releaseId) const;

    // Offline dealer bundle (PROTOCOL.md §8) of a release for one vehicle, written to path: an
    // update job whose instruction travels in the file; the vehicle's report at its next session
    // closes it. Blocks until the payloads are built.
    Result<store::UpdateJobRecord> exportBundle(qint64 releaseId, const QString &vin, const QString &path,
                                                const QString &actor);

    // Signing keys (rotation). Errors 409 as SigningKeys says.
    Result<store::SigningKeyRecord> rotateSigningKey(const QString &actor);
    Result<store::SigningKeyRecord> promoteSigningKey(const QString &actor);
    Result<qint64> vehiclesWithKey(const QString &keyId) const;

    // A campaign's consent reminder: the vehicle's next session delivers the job's HGET + EXEC
    // again, which the agent reads as "ask the owner again" for the job it holds
    // (docs/protocol-notes.md, update flow). False when jobId is not the vehicle's active job or
    // does not wait for the owner's consent. Any thread.
    bool remindOwner(qint64 vehicleId, qint64 jobId);

    // ----- session hooks (DM engine) -----
    // Cheap, any thread: whether this vehicle's next session has update work (a job to deliver
    // or to read back, or signing keys to receive).
    bool hasWork(qint64 vehicleId) const;
    // Writer thread, inside the session's transaction: the commands to append to package #2.
    Result<QList<omadm::Command>> prepareSession(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                                 const omadm::Package1 &package, const QString &host, qint64 nowMs);
    // Writer thread: handles the update alerts among these (progress, final reports). Returns the
    // alerts it did not consume. lastEventId is moved when it logs.
    Result<QList<omadm::Alert>> handleAlerts(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                             const QList<omadm::Alert> &alerts, qint64 nowMs, qint64 &lastEventId);
    // Writer thread: the statuses of the HGET/EXEC commands this engine added.
    Status handleStatuses(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                          const QList<omadm::Command> &commands, const QList<omadm::StatusEntry> &statuses,
                          qint64 nowMs, qint64 &lastEventId);
    // Writer thread: DevInfo (and SCOMO inventory) as just reported; completes a job waiting for
    // its read-back.
    Status handleReadback(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle, const QJsonObject &scomoData,
                          qint64 nowMs, qint64 &lastEventId);
    // After the session's transaction committed: publish what changed.
    void afterCommit(const dm::AuthenticatedVehicle &vehicle);
    // After it failed: the in-memory view of this vehicle's job is read again from the store.
    void reloadVehicle(qint64 vehicleId);

    // ----- device endpoint -----
    // GET /dm/mo/<item> for this vehicle: MO data ({"MOData":...}), or error 404.
    Result<QJsonObject> moData(qint64 vehicleId, const QString &item, const QString &host) const;
    // Whether the vehicle may fetch this blob (its own job's instruction and payloads).
    bool mayFetchBlob(qint64 vehicleId, const QString &sha256) const;
    // A partial body counts too: the vehicle resumes from where it was cut.
    void recordServed(qint64 vehicleId, const QString &sha256, qint64 bytes);

    // Instruction validity (PROTOCOL.md §6.1 ExpiresUtc).
    static constexpr qint64 InstructionValidityMs = 7LL * 24 * 3600 * 1000;

private:
    struct ActiveJob
    {
        qint64 jobId = 0;
        QString vin;
        QString instructionSha256;
        store::JobState state = store::JobState::Queued;
        QString kind;        // "firmware" / "application"
        QSet<QString> blobs; // instruction + payloads the vehicle may fetch
        qint64 payloadBytes = 0;
    };
    Status transition(QSqlDatabase &db, store::UpdateJobRecord &job, store::JobState state, qint64 nowMs,
                      const QString &reason, qint64 &lastEventId, const QString &actor = QStringLiteral("vehicle"));
    // The signed instruction for a job, stored as a blob (or why it cannot be made yet).
    struct Built
    {
        bool applicable = true;      // false: the vehicle already runs every target's version
        bool waiting = false;        // a payload it needs is still being built
        QStringList missingVersions; // source versions without any payload it can apply
        QString failure;
        QString kind;
        update::SignedDocument document;
        QString instructionSha256;
        QStringList payloadFiles;
        QSet<QString> blobs;
        qint64 payloadBytes = 0;
    };
    Result<Built> buildInstruction(QSqlDatabase &db, store::UpdateJobRecord &job, const QString &host, qint64 nowMs);
    Result<QList<omadm::Command>> deliver(QSqlDatabase &db, store::UpdateJobRecord &job, const omadm::Package1 &package,
                                          const QString &host, qint64 nowMs, qint64 &lastEventId);
    // The HGET of the job MO and the EXEC of its operation, as delivery (and a reminder) sends them.
    QList<omadm::Command> operationCommands(const store::UpdateJobRecord &job, bool firmware,
                                            const omadm::Package1 &package, const QString &host) const;
    // Moves a job that is not installing yet to Cancelled or Expired (operator, campaign).
    Result<store::UpdateJobRecord> stop(qint64 jobId, store::JobState state, const QString &reason,
                                        const QString &actor);
    void remember(const store::UpdateJobRecord &job, const QString &kind, const QSet<QString> &blobs);
    QSet<QString> blobsOf(const store::UpdateJobRecord &job) const; // instruction + payloads it names
    void forget(qint64 vehicleId, qint64 jobId);

    std::shared_ptr<EngineContext> m_context;
    mutable std::mutex m_mutex;
    QHash<qint64, ActiveJob> m_active; // vehicle id → its active job
    QSet<qint64> m_needKeys;           // vehicles that lack a trusted signing key (during a rotation)
    QSet<qint64> m_reminded;           // vehicles whose next session re-delivers their job's EXEC
    QSet<QString> m_changedVins;       // for afterCommit
};

} // namespace flotilla::server::updates

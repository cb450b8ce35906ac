#pragma once

#include "agent/update/BackgroundWorker.h"
#include "agent/update/ConsentPolicy.h"
#include "agent/update/Downloader.h"
#include "agent/update/InstructionChecker.h"
#include "agent/update/Reporter.h"
#include "agent/update/TrustStore.h"
#include "agent/update/UpdateHost.h"
#include "agent/update/UpdateJob.h"
#include "agent/update/UpdateOptions.h"
#include "core/omadm/Moid.h"
#include "core/update/UpdateInstruction.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace flotilla::agent {

// The vehicle side of PROTOCOL.md §6 and §8 for one vehicle: EXEC of a FUMO or SCOMO operation
// runs the whole flow, one phase after the other, each persisted before it starts (UpdateJob):
//
//   instruction (fetch, verify: InstructionChecker) → download (Downloader, resumable) →
//   preconditions (consent, battery, ignition, parked; blocked → progress alert State 50 and a
//   re-check) → install (SlotInstaller: rebuild into the inactive slots, verify) → switch → boot
//   check → commit (anti-rollback counters, profile versions, DTCs) or automatic rollback →
//   final alert (Reporter, queued in the AlertOutbox).
//
// A restart resumes the job where it was: downloads continue from their partial files; an install
// cut short leaves the old slots active and is reported as interrupted; a switch not yet committed
// runs the boot check. Lives on its agent's lane; heavy work goes to a BackgroundWorker.
class UpdateRunner final
{
public:
    UpdateRunner(UpdateHost &host, UpdateOptions options);
    ~UpdateRunner();
    UpdateRunner(const UpdateRunner &) = delete;
    UpdateRunner &operator=(const UpdateRunner &) = delete;

    // Loads the anti-rollback state and continues (or reports) a job a restart interrupted.
    void resume();
    // Whether node is one of the operation nodes this runner executes or answers for.
    static bool handles(const omadm::ClientUri &node);
    // EXEC of node. Returns the package #3 status now: 202 (async: the result follows in an alert),
    // 404 (no such operation node), 405 (Update with nothing downloaded), 406 (an operation this
    // agent does not implement), 409 (an update is already running; but the EXEC of the job it
    // runs, delivered again while the owner's prompt is unanswered, is a consent reminder: 202,
    // and the owner is asked again); or -1 in sync mode: done gets the final result code (or 202
    // if the update has to wait for its preconditions) later, never from inside exec().
    int exec(const omadm::ClientUri &node, std::function<void(int status)> done);
    // Installs an offline bundle (PROTOCOL.md §8) with the same checks and slots; done gets the
    // final result code. The final alert waits in the outbox for the next session.
    void installBundle(const QString &path, std::function<void(int resultCode)> done);
    bool isRunning() const;
    void stop(); // cancels timers and downloads; the persisted job resumes at the next start

private:
    enum class Crash
    {
        Download,
        Install,
        Switch,
        Commit,
    };

    // The EXEC of the job already held (same PkgURL) came again while its consent prompt is
    // unanswered: asks the owner again. False otherwise (another job, or not waiting for consent).
    bool remindOwner(const QString &pkgUrl);
    void startJob(UpdateJob job);
    void persist();
    void clearJobFiles();
    void fetchInstruction();
    VehicleFacts vehicleFacts();
    Status checkSpace();
    void onInstruction(const QByteArray &document, const QString &urlSha256);
    void acceptInstruction(const update::UpdateInstruction &instruction, const QByteArray &document);
    void openBundle();
    void extractBundle();
    void startDownloads();
    void downloadsComplete();
    void checkPreconditions();
    void blocked(const QString &reason, qint64 untilMs = 0);
    void install();
    void switchSlots();
    void bootCheck();
    void commit();
    void resumeSwitched();
    void finish(const Error &error, bool rolledBack = false);
    void succeed();
    void complete(const UpdateOutcome &outcome);

    bool crashAt(int point); // a Crash

    void crashed();
    void progress(int state, int percent, bool force = false);
    void chargeBattery();
    qint64 nowMs() const;
    qint64 payloadBytes() const;
    QString unitRoot(const QString &unit) const;
    QString imageKey(const update::Target &target) const;
    QString updateDir() const;
    QString payloadPath(const update::Target &target) const;
    bool scomo() const { return m_job && m_job->kind == UpdateJob::Kind::Scomo; }
    void post(std::function<void()> work);

    UpdateHost &m_host;
    UpdateOptions m_options;
    ConsentPolicy m_consent;
    std::unique_ptr<TrustStore> m_trust;
    std::unique_ptr<BackgroundWorker> m_worker;
    std::unique_ptr<Downloader> m_downloader;
    std::unique_ptr<net::Timer> m_timer;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);

    std::optional<UpdateJob> m_job;
    std::optional<update::UpdateInstruction> m_instruction;
    std::function<void(int)> m_syncDone;
    std::function<void(int)> m_bundleDone;
    std::atomic<bool> m_crashed{false};
    bool m_stopped = false;
    bool m_resumed = false;
    QStringList m_dtcsCleared;

    int m_lastState = 0;
    int m_lastPercent = -100;
    std::chrono::steady_clock::time_point m_lastProgressAt;
    QString m_lastBlocked;
    double m_charge = 0;
    std::chrono::steady_clock::time_point m_chargedAt = std::chrono::steady_clock::now();
};

} // namespace flotilla::agent

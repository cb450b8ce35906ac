#pragma once

#include "core/omadm/Messages.h"
#include "server/dm/DmTypes.h"
#include "server/dm/SessionParticipant.h"
#include "server/store/Records.h"

#include <QByteArray>
#include <QHash>

#include <functional>
#include <memory>
#include <mutex>

namespace flotilla::server {
struct EngineContext;
}
namespace flotilla::store {
class MoSnapshotRepository;
}

namespace flotilla::server::dm {

// DM sessions of PROTOCOL.md §4. A package #1 opens a session (abandoning any open one of that
// vehicle); the server answers with a GET of DevInfo (every session) and of the vehicle's other
// MOs (after bootstrap, at the first session after a server start, then at most every
// inventoryRefreshSeconds), followed by what the session participants add (update jobs, remote
// commands: SessionParticipant.h); the package #3 is stored and answered with END.
//
// Open sessions live in memory: a package #1 carries no report unless it has alerts, so a plain
// check-in costs no store write until its package #3, which is written in one transaction (the
// finished session, last-seen, the reported MOs, any alerts) before the vehicle is answered. An
// MO reported unchanged only has its received time moved. A server restart forgets open sessions:
// their package #3 gets 409 and the vehicle checks in again at its next poll. Behind a load
// balancer, route a vehicle to one instance (docs/operations.md).
class SessionEngine final
{
public:
    using Answer = std::function<void(Result<omadm::Package2>)>;

    explicit SessionEngine(std::shared_ptr<EngineContext> context);
    ~SessionEngine();

    void start(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers, omadm::Package1 package,
               Answer answer);
    void continueSession(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers, omadm::Package3 package,
                         Answer answer);
    int openSessionCount() const;

    // How long a session may wait for its package #3.
    static constexpr qint64 SessionTimeoutMs = 5 * 60 * 1000;

private:
    struct OpenSession
    {
        qint64 vehicleId = 0;
        QString reason;
        QString notificationId;
        qint64 startedAtMs = 0;
        int packages = 0;
        QList<omadm::Command> commands; // the package #2 awaiting its package #3
        // Who added each command (null: the session's own GETs), to hand each participant its own.
        QList<const SessionParticipant *> owners;
        QString peerAddress;
    };
    struct ReportedMo
    {
        store::MoSnapshot snapshot;
        QByteArray digest;
        bool changed = true;
        QString requested; // the ClientURI of the GET it answers
        // A GET of a node below the root (a command's "<rvc>//Status"): merged into the MO's
        // stored snapshot rather than replacing it.
        QString path;
    };

    QList<omadm::Command> planCommands(qint64 vehicleId, const omadm::Package1 &package);
    // The services with session work (update jobs, remote commands), in the order they are called.
    QList<SessionParticipant *> participants() const;
    // Puts a reported node below an MO's root into the MO's stored snapshot (when it changed it).
    static Status mergeSnapshot(store::MoSnapshotRepository &snapshots, const ReportedMo &mo);
    static store::SessionRecord toRecord(const OpenSession &session, store::SessionState state, qint64 endedAtMs,
                                         const QString &outcome);

    std::shared_ptr<EngineContext> m_context;
    std::unique_ptr<SessionParticipant> m_updates; // the update engine's hooks in participant shape
    mutable std::mutex m_mutex;
    QHash<qint64, OpenSession> m_open;                         // vehicle id → its open session
    QHash<qint64, qint64> m_lastFullInventoryMs;               // vehicle id → when all its MOs were last read
    QHash<qint64, QHash<QString, QByteArray>> m_storedDigests; // vehicle id → MOID → digest of stored data
};

} // namespace flotilla::server::dm

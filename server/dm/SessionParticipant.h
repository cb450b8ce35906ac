#pragma once

#include "core/Result.h"
#include "core/omadm/Messages.h"
#include "server/dm/DmTypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace flotilla::server::dm {

// What a package #3 says about the commands one participant added to the package #2.
struct SessionReply
{
    QList<omadm::Command> commands;     // the participant's own commands, in package order
    QList<omadm::StatusEntry> statuses; // their statuses, in the same order
    // The results of every GET answered 200 (every participant's and the session's own: DevInfo,
    // inventory), in package order, each with the ClientURI of the GET it answers.
    QList<omadm::MoData> results;
};

// A service with work in DM sessions (update jobs, remote commands). The session engine calls
// every participant at the same points, in the same order, so that their reports and the changes
// they cause are durable together before the vehicle is answered:
//   package #1: hasWork (cheap, any thread: a plain check-in without work stays write-free), then
//               in the session's transaction handleAlerts and prepareSession;
//   package #3: in the session's transaction handleAlerts and handleReply;
//   after the transaction: afterCommit when it committed, reloadVehicle when it failed (the
//   participant's in-memory view of that vehicle is read again from the store).
// The hooks that take a database run on the store writer's thread.
class SessionParticipant
{
public:
    virtual ~SessionParticipant() = default;

    virtual bool hasWork(qint64 vehicleId) const = 0;
    // The alerts it did not consume; lastEventId moves when it logs.
    virtual Result<QList<omadm::Alert>> handleAlerts(QSqlDatabase &db, const AuthenticatedVehicle &vehicle,
                                                     const QList<omadm::Alert> &alerts, qint64 nowMs,
                                                     qint64 &lastEventId) = 0;
    // The commands to append to package #2.
    virtual Result<QList<omadm::Command>> prepareSession(QSqlDatabase &db, const AuthenticatedVehicle &vehicle,
                                                         const omadm::Package1 &package, const QString &host,
                                                         qint64 nowMs) = 0;
    virtual Status handleReply(QSqlDatabase &db, const AuthenticatedVehicle &vehicle, const SessionReply &reply,
                               qint64 nowMs, qint64 &lastEventId) = 0;
    virtual void afterCommit(const AuthenticatedVehicle &vehicle) = 0;
    virtual void reloadVehicle(qint64 vehicleId) = 0;
};

} // namespace flotilla::server::dm

#pragma once

#include "core/Result.h"
#include "core/omadm/Messages.h"
#include "server/commands/CommandTypes.h"
#include "server/dm/DmTypes.h"
#include "server/dm/SessionParticipant.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::commands {

struct SendRequest
{
    Operation operation = Operation::Lock;
    QJsonObject arguments;             // validateArguments() decides
    qint64 expiryMs = DefaultExpiryMs; // from now; 1 s to MaxExpiryMs
    QString confirmVin;                // Wipe/FactoryReset: must equal the VIN (typed by the operator)
};

// One vehicle's answer to a bulk send: its command, or why it got none.
struct BulkEntry
{
    QString vin;
    std::optional<CommandRecord> command;
    QString error;
};

// The command queue (issue 5): operator actions, persisted in the store with the DESIGN.md state
// machine (every transition one event "command.<state>" with the actor), and the command's part of
// the DM sessions (PROTOCOL.md §5, docs/protocol-notes.md "Remote commands"):
//   send → Queued (+ a notification on the vehicle's channel, if it has one) → delivered in the
//   vehicle's next session as HGET <server>/dm/mo/command/<id> into <mo>//Operations/<Op>/Args,
//   EXEC <mo>//Operations/<Op>, then a GET of the MO's status node → its status / alert finishes it.
// Expiry: a command past expiresAtMs is never delivered; expireDue() (the engine's timer) moves it
// to Expired. A command Sent whose package #3 never arrived is delivered again (same CommandId) in
// the next session while unexpired: the vehicle runs a CommandId once and repeats its result.
// Thread-safe; operator calls block on the store (never call them on the GUI thread).
class CommandService final : public dm::SessionParticipant
{
public:
    explicit CommandService(std::shared_ptr<EngineContext> context);
    ~CommandService() override;

    Status load(); // the in-memory view of the commands waiting for delivery, at start

    // 403 role (SendCommands / DestructiveCommands), 404 unknown vehicle, 409 vehicle not accepted
    // (or wiped), 422 bad arguments or confirmation.
    Result<CommandRecord> send(const QString &vin, const SendRequest &request, const campaigns::Actor &actor);
    // Up to 10,000 VINs; one bulk id; per-vehicle results (a vehicle's error does not stop the rest).
    Result<QList<BulkEntry>> sendBulk(const QStringList &vins, const SendRequest &request,
                                      const campaigns::Actor &actor);
    Result<CommandRecord> cancel(qint64 id, const campaigns::Actor &actor); // 409 unless Queued
    Result<std::optional<CommandRecord>> command(qint64 id) const;
    Result<QList<CommandRecord>> commandsForVehicle(const QString &vin, int limit = 50) const; // newest first
    Result<QList<CommandRecord>> commandsOfBulk(qint64 bulkId) const;
    // Moves commands past their expiry to Expired (returns how many); run every second by the engine.
    Result<int> expireDue();

    // ----- session hooks (DM engine; dm::SessionParticipant, like the update engine) -----
    bool hasWork(qint64 vehicleId) const override; // cheap, any thread: an unexpired Queued or Sent command
    Result<QList<omadm::Command>> prepareSession(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                                 const omadm::Package1 &package, const QString &host,
                                                 qint64 nowMs) override;
    // Consumes the three OperationComplete alerts (vehicle control, LAWMO, DiagMon) of this
    // vehicle's own commands, correlated by Data.CommandId.
    Result<QList<omadm::Alert>> handleAlerts(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                             const QList<omadm::Alert> &alerts, qint64 nowMs,
                                             qint64 &lastEventId) override;
    // The statuses of the HGET/EXEC/GET it added, and the state its GETs read back.
    Status handleReply(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle, const dm::SessionReply &reply,
                       qint64 nowMs, qint64 &lastEventId) override;
    void afterCommit(const dm::AuthenticatedVehicle &vehicle) override;
    void reloadVehicle(qint64 vehicleId) override;
    // GET /dm/mo/command/<id>: the Args of this vehicle's own Sent command, else 404; 410 when expired.
    Result<QJsonObject> moData(qint64 vehicleId, const QString &item) const;

    // Commands per session, at most (three DM commands each); the rest follow in the next session,
    // which a notification asks for at once.
    static constexpr int MaxCommandsPerSession = 16;
    // A command delivered before its expiry gets this long for its answer before it expires (the
    // vehicle checked the expiry when it ran it; its reply may be in flight).
    static constexpr qint64 AnswerGraceMs = 10 * 1000;
    static constexpr int MaxBulkVehicles = 10'000;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace flotilla::server::commands

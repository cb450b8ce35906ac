#pragma once

#include "core/Result.h"
#include "core/omadm/Moid.h"
#include "server/campaigns/CampaignTypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Remote commands (issue 5, PROTOCOL.md §5 and §7): the operations an operator can send to a
// vehicle, the command state machine of DESIGN.md and the command record. Pure logic, no store:
// CommandService persists what these functions decide; tst_command_rules checks every transition.
namespace flotilla::server::commands {

enum class Operation
{
    // Vehicle control MO urn:oma:mo:x-flotilla-rvc:1.0, Operations/<name>
    Lock,
    Unlock,
    HornLights,
    OpenTrunk,
    ClimateOn, // argument TargetC (integer °C, 16-28)
    ClimateOff,
    EngineStart,
    EngineStop,
    Locate,
    // LAWMO, Operations/<name>
    FullyLock,
    PartiallyLock,
    UnLock,
    Wipe,         // destructive
    FactoryReset, // destructive
                  // DiagMon
    ReadDtcs,     // a GET of <diagmon>//DTC, no EXEC
    ClearDtcs,    // EXEC of <diagmon>//Operations/ClearDTC
};
// Wire and CLI names: "Lock", "Unlock", ..., "FullyLock", ..., "ReadDTCs", "ClearDTC".
QString toString(Operation operation);
QList<Operation> allOperations();                               // in declaration order
std::optional<Operation> operationFromString(QStringView text); // case-insensitive; the exact spelling wins
omadm::MoKind moOf(Operation operation);                        // VehicleControl, Lawmo or DiagMon
QString operationNode(Operation operation);                     // "Operations/Lock", ...; empty for ReadDtcs
bool isDestructive(Operation operation);                        // Wipe, FactoryReset: admin role and a typed VIN
// The permission an operator needs to send it (DestructiveCommands for Wipe/FactoryReset,
// SendCommands otherwise).
campaigns::Permission permissionFor(Operation operation);
// ClimateOn's TargetC: the range validateArguments() accepts, and what the console offers first.
constexpr int MinTargetC = 16;
constexpr int MaxTargetC = 28;
constexpr int DefaultTargetC = 21;
// Checks and normalises the arguments: ClimateOn needs TargetC in 16-28 (a whole number, or its
// digits as text from the command line); the others take none. Error code 422 with the reason.
Result<QJsonObject> validateArguments(Operation operation, const QJsonObject &arguments);
// The node a command's result is read from after its EXEC: "Status" (vehicle control), "State"
// (LAWMO), "DTC" (DiagMon).
QString resultNode(Operation operation);

enum class CommandState
{
    Queued,   // stored, waiting for the vehicle's next session (a notification was sent if it has a channel)
    Sent,     // delivered in a package #2; no result yet
    Accepted, // the vehicle answered 202: the result follows in an alert
    Succeeded,
    Failed,    // with a result code (500, 1400-1406, a transport-level status of the HGET)
    Refused,   // 409 from the vehicle: its state forbids it (reason from the vehicle)
    Expired,   // not delivered (or not answered) before its expiry; also 410 from the vehicle
    Cancelled, // by an operator while still Queued
};
QString toString(CommandState state); // "queued", "sent", "accepted", "succeeded", ...
std::optional<CommandState> commandStateFromString(QStringView text);
bool isFinished(CommandState state);

enum class CommandEvent
{
    Deliver, // put in a package #2                       Queued → Sent (Sent → Sent: re-send after a lost reply)
    Accept,  // EXEC status 202                            Sent → Accepted
    Succeed, // 200 / 1200-1202 (sync status or alert)     Sent|Accepted → Succeeded
    Fail,    // other codes; or the vehicle lacks the MO    (Queued|)Sent|Accepted → Failed
    Refuse,  // 409                                        Sent|Accepted → Refused
    Expire,  // expiry passed or 410                       Queued|Sent|Accepted → Expired
    Cancel,  // operator                                   Queued → Cancelled
};
// The next state, or Error 409 (not allowed from this state).
Result<CommandState> transition(CommandState from, CommandEvent event);
// How a vehicle's result code moves a command: 200, 1200, 1201, 1202 → Succeed; 202 → Accept;
// 409 → Refuse; 410 → Expire; anything else → Fail.
CommandEvent eventForResultCode(int code);

struct CommandRecord
{
    qint64 id = 0;
    qint64 vehicleId = 0;
    QString vin;
    Operation operation = Operation::Lock;
    QJsonObject arguments; // validated (ClimateOn: {"TargetC": 22})
    CommandState state = CommandState::Queued;
    int resultCode = 0; // last code the vehicle sent (0: none yet)
    QString reason;     // refusal or failure reason, expiry note
    QJsonObject result; // what the vehicle returned with it (Locate: Location; ReadDTCs: DTC list)
    QString actor;      // operator who sent it
    qint64 bulkId = 0;  // commands sent together to a selection share one id (0: single)
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0; // never executed after this
    qint64 sentAtMs = 0;
    qint64 finishedAtMs = 0;
    int deliveries = 0; // package #2s that carried it (a re-send after a lost reply counts)

    QString wireId() const { return QStringLiteral("cmd-%1").arg(id); } // Args.CommandId
    QJsonObject toJson() const;
};

inline constexpr qint64 DefaultExpiryMs = 60 * 1000;
inline constexpr qint64 MaxExpiryMs = 24LL * 3600 * 1000;

} // namespace flotilla::server::commands

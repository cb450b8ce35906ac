#include "server/commands/CommandTypes.h"

#include <QDateTime>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla::server::commands {

namespace {

// Indexed by Operation: the wire names of docs/protocol-notes.md "Remote commands".
constexpr std::array OperationNames{u"Lock",      u"Unlock",       u"HornLights",    u"OpenTrunk",
                                    u"ClimateOn", u"ClimateOff",   u"EngineStart",   u"EngineStop",
                                    u"Locate",    u"FullyLock",    u"PartiallyLock", u"UnLock",
                                    u"Wipe",      u"FactoryReset", u"ReadDTCs",      u"ClearDTC"};
static_assert(OperationNames.size() == size_t(Operation::ClearDtcs) + 1);

constexpr std::array StateNames{u"queued", u"sent",    u"accepted", u"succeeded",
                                u"failed", u"refused", u"expired",  u"cancelled"};
static_assert(StateNames.size() == size_t(CommandState::Cancelled) + 1);

const QString TargetC = u"TargetC"_s;

Error unprocessable(const QString &message)
{
    return Error(message, 422);
}

// Each time twice, as the management API writes times: "<name>Ms" and ISO 8601 "<name>" (null
// when unset).
void putTime(QJsonObject &object, const QString &name, qint64 ms)
{
    object.insert(name + u"Ms"_s, ms > 0 ? QJsonValue(ms) : QJsonValue(QJsonValue::Null));
    object.insert(name, ms > 0 ? QJsonValue(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs))
                               : QJsonValue(QJsonValue::Null));
}

QString verbOf(CommandEvent event)
{
    switch (event) {
    case CommandEvent::Deliver:
        return u"delivered"_s;
    case CommandEvent::Accept:
        return u"accepted"_s;
    case CommandEvent::Succeed:
        return u"completed"_s;
    case CommandEvent::Fail:
        return u"failed"_s;
    case CommandEvent::Refuse:
        return u"refused"_s;
    case CommandEvent::Expire:
        return u"expired"_s;
    case CommandEvent::Cancel:
        return u"cancelled"_s;
    }
    return {};
}

} // namespace

QString toString(Operation operation)
{
    return QString::fromUtf16(OperationNames[size_t(operation)]);
}

QList<Operation> allOperations()
{
    QList<Operation> all;
    for (size_t i = 0; i < OperationNames.size(); ++i)
        all.append(Operation(i));
    return all;
}

std::optional<Operation> operationFromString(QStringView text)
{
    // Exact spelling first: LAWMO's UnLock and the vehicle's Unlock differ only in case.
    const QStringView trimmed = text.trimmed();
    for (Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        for (size_t i = 0; i < OperationNames.size(); ++i) {
            if (trimmed.compare(QStringView(OperationNames[i]), cs) == 0)
                return Operation(i);
        }
    }
    return std::nullopt;
}

omadm::MoKind moOf(Operation operation)
{
    switch (operation) {
    case Operation::FullyLock:
    case Operation::PartiallyLock:
    case Operation::UnLock:
    case Operation::Wipe:
    case Operation::FactoryReset:
        return omadm::MoKind::Lawmo;
    case Operation::ReadDtcs:
    case Operation::ClearDtcs:
        return omadm::MoKind::DiagMon;
    default:
        return omadm::MoKind::VehicleControl;
    }
}

QString operationNode(Operation operation)
{
    if (operation == Operation::ReadDtcs)
        return {};
    return u"Operations/"_s + toString(operation);
}

QString resultNode(Operation operation)
{
    switch (moOf(operation)) {
    case omadm::MoKind::Lawmo:
        return u"State"_s;
    case omadm::MoKind::DiagMon:
        return u"DTC"_s;
    default:
        return u"Status"_s;
    }
}

bool isDestructive(Operation operation)
{
    return operation == Operation::Wipe || operation == Operation::FactoryReset;
}

campaigns::Permission permissionFor(Operation operation)
{
    return isDestructive(operation) ? campaigns::Permission::DestructiveCommands : campaigns::Permission::SendCommands;
}

Result<QJsonObject> validateArguments(Operation operation, const QJsonObject &arguments)
{
    if (operation != Operation::ClimateOn) {
        if (!arguments.isEmpty())
            return unprocessable(
                u"%1 takes no arguments (got %2)"_s.arg(toString(operation), arguments.keys().join(u", ")));
        return QJsonObject();
    }
    std::optional<QJsonValue> target;
    for (auto it = arguments.begin(); it != arguments.end(); ++it) {
        if (it.key().compare(TargetC, Qt::CaseInsensitive) != 0)
            return unprocessable(u"ClimateOn takes only TargetC, not %1"_s.arg(it.key().left(40)));
        target = it.value();
    }
    if (!target)
        return unprocessable(
            u"ClimateOn needs TargetC, the target temperature in °C (%1-%2)"_s.arg(MinTargetC).arg(MaxTargetC));
    double number = std::nan("");
    if (target->isDouble()) {
        number = target->toDouble();
    } else if (target->isString()) {
        bool ok = false;
        const int parsed = target->toString().trimmed().toInt(&ok);
        if (ok)
            number = parsed;
    }
    if (std::isnan(number) || number != std::floor(number) || number < MinTargetC || number > MaxTargetC)
        return unprocessable(u"TargetC must be a whole number of °C from %1 to %2"_s.arg(MinTargetC).arg(MaxTargetC));
    return QJsonObject{{TargetC, int(number)}};
}

QString toString(CommandState state)
{
    return QString::fromUtf16(StateNames[size_t(state)]);
}

std::optional<CommandState> commandStateFromString(QStringView text)
{
    for (size_t i = 0; i < StateNames.size(); ++i) {
        if (text == QStringView(StateNames[i]))
            return CommandState(i);
    }
    return std::nullopt;
}

bool isFinished(CommandState state)
{
    return state != CommandState::Queued && state != CommandState::Sent && state != CommandState::Accepted;
}

Result<CommandState> transition(CommandState from, CommandEvent event)
{
    const bool delivered = from == CommandState::Sent || from == CommandState::Accepted;
    std::optional<CommandState> to;
    switch (event) {
    case CommandEvent::Deliver:
        // Sent → Sent: delivered again because the package #3 of the last delivery never came.
        if (from == CommandState::Queued || from == CommandState::Sent)
            to = CommandState::Sent;
        break;
    case CommandEvent::Accept:
        if (from == CommandState::Sent)
            to = CommandState::Accepted;
        break;
    case CommandEvent::Succeed:
        if (delivered)
            to = CommandState::Succeeded;
        break;
    case CommandEvent::Fail:
        // From Queued only by the server: the vehicle does not announce the command's MO.
        if (delivered || from == CommandState::Queued)
            to = CommandState::Failed;
        break;
    case CommandEvent::Refuse:
        if (delivered)
            to = CommandState::Refused;
        break;
    case CommandEvent::Expire:
        if (!isFinished(from))
            to = CommandState::Expired;
        break;
    case CommandEvent::Cancel:
        if (from == CommandState::Queued)
            to = CommandState::Cancelled;
        break;
    }
    if (!to)
        return Error(u"a %1 command cannot be %2"_s.arg(toString(from), verbOf(event)), 409);
    return *to;
}

CommandEvent eventForResultCode(int code)
{
    switch (code) {
    case 200:
    case 1200:
    case 1201:
    case 1202:
        return CommandEvent::Succeed;
    case 202:
        return CommandEvent::Accept;
    case 409:
        return CommandEvent::Refuse;
    case 410:
        return CommandEvent::Expire;
    default:
        return CommandEvent::Fail;
    }
}

QJsonObject CommandRecord::toJson() const
{
    QJsonObject object{{u"id"_s, id},
                       {u"commandId"_s, wireId()},
                       {u"vin"_s, vin},
                       {u"operation"_s, commands::toString(operation)},
                       {u"destructive"_s, isDestructive(operation)},
                       {u"arguments"_s, arguments},
                       {u"state"_s, commands::toString(state)},
                       {u"finished"_s, isFinished(state)},
                       {u"resultCode"_s, resultCode},
                       {u"reason"_s, reason},
                       {u"result"_s, result},
                       {u"actor"_s, actor},
                       {u"bulkId"_s, bulkId > 0 ? QJsonValue(bulkId) : QJsonValue(QJsonValue::Null)},
                       {u"deliveries"_s, deliveries}};
    putTime(object, u"createdAt"_s, createdAtMs);
    putTime(object, u"expiresAt"_s, expiresAtMs);
    putTime(object, u"sentAt"_s, sentAtMs);
    putTime(object, u"finishedAt"_s, finishedAtMs);
    return object;
}

} // namespace flotilla::server::commands

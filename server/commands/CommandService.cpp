#include "server/commands/CommandService.h"

#include "core/omadm/Codes.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/commands/CommandRepository.h"
#include "server/dm/NotifyHub.h"
#include "server/dm/RegistrationService.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/updates/UpdateEngine.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>
#include <mutex>

Q_LOGGING_CATEGORY(lcCommands, "flotilla.commands")

using namespace Qt::StringLiterals;

namespace flotilla::server::commands {

namespace {

const QString CommandItem = u"command/"_s;
const QString SystemActor = u"system"_s;
const QString VehicleActor = u"vehicle"_s;
constexpr auto RvcOperationComplete = u"urn:oma:at:x-flotilla-rvc:1.0:OperationComplete";
constexpr qsizetype MaxVinLength = 64;

// The three result alerts of docs/protocol-notes.md "Remote commands".
bool isCommandAlert(const omadm::Alert &alert)
{
    for (QStringView type : {QStringView(RvcOperationComplete), QStringView(omadm::alerttype::LawmoOperationComplete),
                             QStringView(omadm::alerttype::DiagMonOperationComplete)}) {
        if (alert.type.compare(type, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// "cmd-<id>" (Args.CommandId) → id.
std::optional<qint64> idOfWireId(const QString &text)
{
    if (!text.startsWith(u"cmd-", Qt::CaseInsensitive))
        return std::nullopt;
    bool ok = false;
    const qint64 id = text.mid(4).toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

// ".../dm/mo/command/<id>" (the HGET of a delivery) → id.
std::optional<qint64> idOfUrl(const QString &url)
{
    const qsizetype at = url.lastIndexOf(u"/dm/mo/"_s + CommandItem);
    if (at < 0)
        return std::nullopt;
    bool ok = false;
    const qint64 id = url.mid(at + 7 + CommandItem.size()).toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

QString authority(const EngineContext &context, const QString &host)
{
    const QString h = host.contains(u':') && !host.startsWith(u'[') ? u'[' + host + u']' : host;
    return h + u':' + QString::number(context.devicePort.load());
}

// Whole seconds, rounded down: the vehicle then refuses a command slightly early, never late.
QString isoSeconds(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC).toString(Qt::ISODate);
}

QString moName(omadm::MoKind kind)
{
    switch (kind) {
    case omadm::MoKind::Lawmo:
        return u"LAWMO"_s;
    case omadm::MoKind::DiagMon:
        return u"DiagMon"_s;
    default:
        return u"vehicle control"_s;
    }
}

QString permissionName(campaigns::Permission permission)
{
    return permission == campaigns::Permission::DestructiveCommands ? u"destructive-commands"_s : u"send-commands"_s;
}

// What a result code means when the vehicle said no more (a status without its alert).
QString genericReason(CommandEvent event, int code)
{
    switch (event) {
    case CommandEvent::Refuse:
        return u"refused by the vehicle (%1)"_s.arg(code);
    case CommandEvent::Expire:
        return u"expired on the vehicle (%1)"_s.arg(code);
    case CommandEvent::Fail:
        if (code >= 1400 && code < 1500)
            return u"failed on the vehicle: %1 (%2)"_s.arg(omadm::lawmoResultName(code)).arg(code);
        return u"failed on the vehicle (%1)"_s.arg(code);
    default:
        return {};
    }
}

store::EventRecord commandEvent(qint64 atMs, const CommandRecord &command, const QString &actor, const QString &summary)
{
    store::EventRecord event;
    event.atMs = atMs;
    event.kind = event::CommandPrefix.toString() + toString(command.state);
    event.vehicleId = command.vehicleId;
    event.vin = command.vin;
    event.actor = actor;
    event.summary = summary;
    event.data = QJsonObject{{u"command"_s, command.id},
                             {u"operation"_s, toString(command.operation)},
                             {u"state"_s, toString(command.state)},
                             {u"resultCode"_s, command.resultCode},
                             {u"reason"_s, command.reason},
                             {u"deliveries"_s, command.deliveries}};
    if (!command.arguments.isEmpty())
        event.data.insert(u"arguments"_s, command.arguments);
    if (command.bulkId > 0)
        event.data.insert(u"bulk"_s, command.bulkId);
    return event;
}

// The node a GET answered, out of its MOData ({"rvc":{"Status":{...}}} → the Status object).
QJsonValue nodeOf(const omadm::MoData &result, omadm::MoKind kind, const QString &node)
{
    const QJsonObject root = result.root(kind).toObject();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key().compare(node, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

// The result of the GET at a ClientURI (the session hands them over keyed by the GET they answer);
// each result is used once, so that two identical GETs get their own.
const omadm::MoData *resultOf(const QList<omadm::MoData> &results, QList<bool> &used, const QString &clientUri)
{
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (!used[i] && results[i].clientUri == clientUri) {
            used[i] = true;
            return &results[i];
        }
    }
    return nullptr;
}

} // namespace

struct CommandService::Private
{
    std::shared_ptr<EngineContext> context;

    mutable std::mutex mutex;
    // Queued and sent commands (what a session delivers), vehicle id → command id → expiry. Kept in
    // step with the store so that hasWork() costs no query and a plain check-in stays write-free.
    QHash<qint64, QHash<qint64, qint64>> deliverable;
    QSet<qint64> changedVehicles; // by the session hooks, for afterCommit
    QSet<qint64> moreToDeliver;   // their last session left commands for the next one
    QSet<qint64> wipedVehicles;   // a Wipe succeeded in their session: closed out in afterCommit
    qint64 sessionEventId = 0;    // newest event the session hooks wrote outside lastEventId

    CommandRepository repository(QSqlDatabase db) const { return CommandRepository(std::move(db)); }
    qint64 now() const { return context->clock->nowMs(); }

    void remember(const CommandRecord &command)
    {
        std::lock_guard lock(mutex);
        const bool waits = command.state == CommandState::Queued || command.state == CommandState::Sent;
        auto it = deliverable.find(command.vehicleId);
        if (waits) {
            if (it == deliverable.end())
                it = deliverable.insert(command.vehicleId, {});
            it->insert(command.id, command.expiresAtMs);
        } else if (it != deliverable.end()) {
            it->remove(command.id);
            if (it->isEmpty())
                deliverable.erase(it);
        }
    }

    // Moves a command by event, writes it and its event row. False (nothing written) when the
    // state machine does not allow the event: a late or repeated report changes nothing.
    Result<bool> move(QSqlDatabase &db, CommandRecord &command, CommandEvent event, qint64 nowMs, const QString &actor,
                      qint64 &lastEventId, int code = 0, const QString &reason = {}, const QString &note = {})
    {
        auto next = transition(command.state, event);
        if (!next)
            return false;
        command.state = *next;
        if (code != 0)
            command.resultCode = code;
        if (!reason.isEmpty())
            command.reason = reason;
        if (isFinished(command.state) && command.finishedAtMs == 0)
            command.finishedAtMs = nowMs;
        if (auto s = repository(db).update(command); !s)
            return s.error();
        QString summary =
            u"%1 (command %2): %3"_s.arg(toString(command.operation)).arg(command.id).arg(toString(command.state));
        if (command.resultCode != 0 && isFinished(command.state))
            summary += u", result %1"_s.arg(command.resultCode);
        if (!note.isEmpty())
            summary += u" — "_s + note;
        else if (!command.reason.isEmpty() && isFinished(command.state))
            summary += u" — "_s + command.reason;
        auto id = store::EventLog(db).append(commandEvent(nowMs, command, actor, summary));
        if (!id)
            return id.error();
        lastEventId = *id;
        remember(command);
        if (command.state == CommandState::Succeeded && command.operation == Operation::Wipe) {
            if (auto s = markWiped(db, command, nowMs, lastEventId); !s)
                return s.error();
        }
        return true;
    }

    // A successful Wipe ends the vehicle's enrolment (DESIGN.md: Accepted → Wiped), in the
    // transaction that records the success; its channel and cached tokens go in afterCommit.
    Status markWiped(QSqlDatabase &db, const CommandRecord &command, qint64 nowMs, qint64 &lastEventId)
    {
        store::VehicleRepository vehicles(db);
        auto vehicle = vehicles.findById(command.vehicleId);
        if (!vehicle)
            return vehicle.error();
        if (!vehicle->has_value() || (*vehicle)->state == store::VehicleState::Wiped)
            return {};
        const store::VehicleState previous = (*vehicle)->state;
        if (auto s = vehicles.setState(command.vehicleId, store::VehicleState::Wiped, nowMs); !s)
            return s;
        if (context->updates) {
            if (auto s =
                    context->updates->endJobOfWipedVehicle(db, command.vehicleId, nowMs, command.actor, lastEventId);
                !s)
                return s;
        }
        store::EventRecord event;
        event.atMs = nowMs;
        event.kind = event::VehicleWiped.toString();
        event.vehicleId = command.vehicleId;
        event.vin = command.vin;
        event.actor = command.actor; // the operator who ordered it
        event.summary =
            u"Wiped by command %1 (sent by %2): the vehicle is no longer managed"_s.arg(command.id).arg(command.actor);
        event.data = QJsonObject{{u"command"_s, command.id}, {u"previousState"_s, store::toString(previous)}};
        auto id = store::EventLog(db).append(event);
        if (!id)
            return id.error();
        lastEventId = *id;
        std::lock_guard lock(mutex);
        wipedVehicles.insert(command.vehicleId);
        return {};
    }

    void notify(qint64 vehicleId, Operation operation) const
    {
        // No channel (or a full queue): the command waits for the vehicle's next poll.
        if (context->notifyHub)
            context->notifyHub->notify(vehicleId, u"command"_s, {omadm::canonicalMoid(moOf(operation))});
    }

    void published(const QStringList &vins, qint64 lastEventId) const
    {
        if (!vins.isEmpty())
            Q_EMIT context->eventBus->commandsChanged(vins);
        if (lastEventId > 0)
            Q_EMIT context->eventBus->eventsAppended(lastEventId);
    }

    // Operator checks shared by send and sendBulk: role, destructive confirmation, arguments, expiry.
    Result<QJsonObject> checkRequest(const SendRequest &request, const campaigns::Actor &actor) const
    {
        const campaigns::Permission permission = permissionFor(request.operation);
        if (!campaigns::allows(actor.role, permission))
            return Error(u"%1 needs the %2 permission; %3 is %4"_s.arg(toString(request.operation),
                                                                       permissionName(permission), actor.name,
                                                                       campaigns::toString(actor.role)),
                         403);
        auto arguments = validateArguments(request.operation, request.arguments);
        if (!arguments)
            return arguments.error();
        if (request.expiryMs < 1000 || request.expiryMs > MaxExpiryMs)
            return Error(u"the expiry must be from 1 s to %1 s"_s.arg(MaxExpiryMs / 1000), 422);
        return *arguments;
    }

    CommandRecord newCommand(const store::VehicleRecord &vehicle, const SendRequest &request,
                             const QJsonObject &arguments, const QString &actor, qint64 bulkId, qint64 nowMs) const
    {
        CommandRecord command;
        command.vehicleId = vehicle.id;
        command.vin = vehicle.vin;
        command.operation = request.operation;
        command.arguments = arguments;
        command.state = CommandState::Queued;
        command.actor = actor;
        command.bulkId = bulkId;
        command.createdAtMs = nowMs;
        command.expiresAtMs = nowMs + request.expiryMs;
        return command;
    }

    Status queue(QSqlDatabase &db, CommandRecord &command, qint64 &lastEventId) const
    {
        auto id = repository(db).insert(command);
        if (!id)
            return id.error();
        command.id = *id;
        QString summary = u"%1 (command %2) queued, expires in %3 s"_s.arg(toString(command.operation))
                              .arg(command.id)
                              .arg((command.expiresAtMs - command.createdAtMs) / 1000);
        if (!command.arguments.isEmpty())
            summary += u", "_s + QString::fromUtf8(QJsonDocument(command.arguments).toJson(QJsonDocument::Compact));
        auto eventId = store::EventLog(db).append(commandEvent(command.createdAtMs, command, command.actor, summary));
        if (!eventId)
            return eventId.error();
        lastEventId = *eventId;
        return {};
    }

    // The vehicle's deliverable commands as the store has them (start, after a failed transaction).
    Status reload(QSqlDatabase db, std::optional<qint64> vehicleId)
    {
        auto active = vehicleId ? repository(db).activeForVehicle(*vehicleId) : repository(db).listActive();
        if (!active)
            return active.error();
        {
            std::lock_guard lock(mutex);
            if (vehicleId)
                deliverable.remove(*vehicleId);
            else
                deliverable.clear();
        }
        for (const CommandRecord &command : std::as_const(*active))
            remember(command);
        return {};
    }
};

CommandService::CommandService(std::shared_ptr<EngineContext> context)
    : d(std::make_unique<Private>())
{
    d->context = std::move(context);
}

CommandService::~CommandService() = default;

Status CommandService::load()
{
    return d->reload(d->context->database->connection(), std::nullopt);
}

// ----- operator actions -------------------------------------------------------------------------

Result<CommandRecord> CommandService::send(const QString &vin, const SendRequest &request,
                                           const campaigns::Actor &actor)
{
    auto arguments = d->checkRequest(request, actor);
    if (!arguments)
        return arguments.error();
    const QString normalized = vin.trimmed().toUpper();
    if (isDestructive(request.operation) && request.confirmVin.trimmed().toUpper() != normalized)
        return Error(
            u"%1 erases the vehicle: confirm it by typing its VIN (confirmVin)"_s.arg(toString(request.operation)),
            422);
    CommandRecord command;
    qint64 lastEventId = 0;
    Status status = d->context->writer->run([&](QSqlDatabase &db) -> Status {
        auto vehicle = store::VehicleRepository(db).findByVin(normalized);
        if (!vehicle)
            return vehicle.error();
        if (!vehicle->has_value())
            return Error(u"No vehicle %1"_s.arg(normalized.left(MaxVinLength)), 404);
        if ((*vehicle)->state != store::VehicleState::Accepted)
            return Error(
                u"Vehicle %1 is %2: it takes no commands"_s.arg(normalized, store::toString((*vehicle)->state)), 409);
        command = d->newCommand(**vehicle, request, *arguments, actor.name, 0, d->now());
        return d->queue(db, command, lastEventId);
    });
    if (!status)
        return status.error();
    d->remember(command); // before the notification: the session it asks for must see the command
    d->published({command.vin}, lastEventId);
    d->notify(command.vehicleId, command.operation);
    return command;
}

Result<QList<BulkEntry>> CommandService::sendBulk(const QStringList &vins, const SendRequest &request,
                                                  const campaigns::Actor &actor)
{
    auto arguments = d->checkRequest(request, actor);
    if (!arguments)
        return arguments.error();
    if (isDestructive(request.operation))
        return Error(u"%1 is sent to one vehicle at a time, with its VIN typed out"_s.arg(toString(request.operation)),
                     422);
    QStringList normalized;
    for (const QString &vin : vins) {
        const QString v = vin.trimmed().toUpper();
        if (!v.isEmpty() && !normalized.contains(v))
            normalized.append(v);
    }
    if (normalized.isEmpty())
        return Error(u"name at least one vehicle"_s, 422);
    if (normalized.size() > MaxBulkVehicles)
        return Error(u"at most %1 vehicles per bulk command"_s.arg(MaxBulkVehicles), 422);

    QList<BulkEntry> entries;
    qint64 lastEventId = 0;
    Status status = d->context->writer->run([&](QSqlDatabase &db) -> Status {
        entries.clear();
        const qint64 now = d->now();
        auto bulkId = d->repository(db).insertBulk(request.operation, actor.name, now);
        if (!bulkId)
            return bulkId.error();
        auto found = store::VehicleRepository(db).findByVins(normalized);
        if (!found)
            return found.error();
        QHash<QString, store::VehicleRecord> byVin;
        for (const store::VehicleRecord &vehicle : std::as_const(*found))
            byVin.insert(vehicle.vin, vehicle);
        int queued = 0;
        for (const QString &vin : std::as_const(normalized)) {
            BulkEntry entry;
            entry.vin = vin;
            const auto vehicle = byVin.constFind(vin);
            if (vehicle == byVin.constEnd()) {
                entry.error = u"unknown vehicle"_s;
            } else if (vehicle->state != store::VehicleState::Accepted) {
                entry.error = u"vehicle is %1: it takes no commands"_s.arg(store::toString(vehicle->state));
            } else {
                CommandRecord command = d->newCommand(*vehicle, request, *arguments, actor.name, *bulkId, now);
                if (auto s = d->queue(db, command, lastEventId); !s)
                    return s;
                entry.command = command;
                ++queued;
            }
            entries.append(entry);
        }
        return d->repository(db).setBulkVehicles(*bulkId, queued);
    });
    if (!status)
        return status.error();
    QStringList changed;
    for (const BulkEntry &entry : std::as_const(entries)) {
        if (entry.command) {
            d->remember(*entry.command);
            changed.append(entry.vin);
        }
    }
    d->published(changed, lastEventId);
    for (const BulkEntry &entry : std::as_const(entries)) {
        if (entry.command)
            d->notify(entry.command->vehicleId, entry.command->operation);
    }
    return entries;
}

Result<CommandRecord> CommandService::cancel(qint64 id, const campaigns::Actor &actor)
{
    if (!campaigns::allows(actor.role, campaigns::Permission::SendCommands))
        return Error(u"cancelling a command needs the send-commands permission; %1 is %2"_s.arg(
                         actor.name, campaigns::toString(actor.role)),
                     403);
    CommandRecord command;
    qint64 lastEventId = 0;
    Status status = d->context->writer->run([&](QSqlDatabase &db) -> Status {
        auto found = d->repository(db).findById(id);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error(u"No command %1"_s.arg(id), 404);
        command = **found;
        auto moved = d->move(db, command, CommandEvent::Cancel, d->now(), actor.name, lastEventId, 0,
                             u"cancelled by %1"_s.arg(actor.name));
        if (!moved)
            return moved.error();
        if (!*moved)
            return Error(
                u"Command %1 is %2: only a queued command can be cancelled"_s.arg(id).arg(toString(command.state)),
                409);
        return {};
    });
    if (!status) {
        if (command.vehicleId > 0) // the rolled-back move may have changed the in-memory view
            d->reload(d->context->database->connection(), command.vehicleId).ok();
        return status.error();
    }
    d->published({command.vin}, lastEventId);
    return command;
}

Result<std::optional<CommandRecord>> CommandService::command(qint64 id) const
{
    return d->repository(d->context->database->connection()).findById(id);
}

Result<QList<CommandRecord>> CommandService::commandsForVehicle(const QString &vin, int limit) const
{
    QSqlDatabase db = d->context->database->connection();
    auto vehicle = store::VehicleRepository(db).findByVin(vin.trimmed().toUpper());
    if (!vehicle)
        return vehicle.error();
    if (!vehicle->has_value())
        return Error(u"No vehicle %1"_s.arg(vin.trimmed().left(MaxVinLength)), 404);
    return d->repository(db).listForVehicle((*vehicle)->id, limit);
}

Result<QList<CommandRecord>> CommandService::commandsOfBulk(qint64 bulkId) const
{
    return d->repository(d->context->database->connection()).listForBulk(bulkId);
}

Result<int> CommandService::expireDue()
{
    const qint64 now = d->now();
    // A read first: most ticks find nothing, and then nothing is written.
    auto due = d->repository(d->context->database->connection()).listDue(now, now - AnswerGraceMs);
    if (!due)
        return due.error();
    if (due->isEmpty())
        return 0;
    QList<CommandRecord> expired;
    qint64 lastEventId = 0;
    Status status = d->context->writer->run([&](QSqlDatabase &db) -> Status {
        expired.clear();
        CommandRepository repository = d->repository(db);
        for (const CommandRecord &candidate : std::as_const(*due)) {
            // Read again inside the transaction: a session may have finished it meanwhile.
            auto found = repository.findById(candidate.id);
            if (!found)
                return found.error();
            if (!found->has_value() || isFinished((*found)->state))
                continue;
            CommandRecord command = **found;
            const QString reason = command.state == CommandState::Queued
                                       ? u"not delivered before its expiry (the vehicle did not check in)"_s
                                   : command.state == CommandState::Sent
                                       ? u"delivered, but the vehicle did not answer before its expiry"_s
                                       : u"accepted, but the vehicle sent no result before its expiry"_s;
            auto moved = d->move(db, command, CommandEvent::Expire, d->now(), SystemActor, lastEventId, 0, reason);
            if (!moved)
                return moved.error();
            if (*moved)
                expired.append(command);
        }
        return {};
    });
    if (!status) {
        d->reload(d->context->database->connection(), std::nullopt).ok();
        return status.error();
    }
    QStringList vins;
    for (const CommandRecord &command : std::as_const(expired)) {
        if (!vins.contains(command.vin))
            vins.append(command.vin);
    }
    d->published(vins, lastEventId);
    return int(expired.size());
}

// ----- session hooks --------------------------------------------------------------------------

bool CommandService::hasWork(qint64 vehicleId) const
{
    const qint64 now = d->now();
    std::lock_guard lock(d->mutex);
    const auto it = d->deliverable.constFind(vehicleId);
    if (it == d->deliverable.constEnd())
        return false;
    return std::any_of(it->cbegin(), it->cend(), [now](qint64 expiresAtMs) { return now < expiresAtMs; });
}

Result<QList<omadm::Command>> CommandService::prepareSession(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                                             const omadm::Package1 &package, const QString &host,
                                                             qint64 nowMs)
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->deliverable.contains(vehicle.vehicleId))
            return QList<omadm::Command>();
    }
    auto active = d->repository(db).activeForVehicle(vehicle.vehicleId);
    if (!active)
        return active.error();
    QList<omadm::Command> commands;
    qint64 lastEventId = 0;
    int delivered = 0;
    bool dtcsRead = false;
    bool more = false;
    bool changed = false;
    for (CommandRecord command : std::as_const(*active)) {
        if (command.state == CommandState::Accepted)
            continue; // its result comes in an alert
        if (nowMs >= command.expiresAtMs) {
            // Never delivered after its expiry. A sent one gets AnswerGraceMs more for its answer;
            // the expiry ticker ends it.
            if (command.state == CommandState::Queued) {
                auto moved = d->move(db, command, CommandEvent::Expire, nowMs, SystemActor, lastEventId, 0,
                                     u"not delivered before its expiry (the vehicle checked in too late)"_s);
                if (!moved)
                    return moved.error();
                changed = true;
            }
            continue;
        }
        if (delivered >= MaxCommandsPerSession) {
            more = true;
            continue;
        }
        const omadm::MoKind kind = moOf(command.operation);
        if (!package.mos.isEmpty() && !package.supports(kind)) {
            auto moved = d->move(db, command, CommandEvent::Fail, nowMs, SystemActor, lastEventId,
                                 int(omadm::StatusCode::CommandNotAllowed),
                                 u"the vehicle does not announce the %1 MO"_s.arg(moName(kind)));
            if (!moved)
                return moved.error();
            changed = true;
            continue;
        }
        const bool again = command.state == CommandState::Sent;
        command.deliveries += 1;
        if (command.sentAtMs == 0)
            command.sentAtMs = nowMs;
        auto moved = d->move(
            db, command, CommandEvent::Deliver, nowMs, SystemActor, lastEventId, 0, {},
            again ? u"delivered again: no answer came to the last delivery (%1 so far)"_s.arg(command.deliveries)
                  : QString());
        if (!moved)
            return moved.error();
        changed = true;
        ++delivered;
        const QString moid = package.moidFor(kind);
        if (command.operation == Operation::ReadDtcs) {
            // One read answers every ReadDTCs of the session.
            if (!dtcsRead)
                commands.append(omadm::Command::get(moid + u"//"_s + resultNode(command.operation)));
            dtcsRead = true;
            continue;
        }
        const QString operation = moid + u"//"_s + operationNode(command.operation);
        const QString url =
            u"https://"_s + authority(*d->context, host) + u"/dm/mo/"_s + CommandItem + QString::number(command.id);
        commands.append({u"HGET"_s, {url, operation + u"/Args"_s}});
        commands.append({u"EXEC"_s, {operation}});
        commands.append(omadm::Command::get(moid + u"//"_s + resultNode(command.operation)));
    }
    std::lock_guard lock(d->mutex);
    if (changed)
        d->changedVehicles.insert(vehicle.vehicleId);
    if (more)
        d->moreToDeliver.insert(vehicle.vehicleId);
    d->sessionEventId = std::max(d->sessionEventId, lastEventId);
    return commands;
}

Result<QList<omadm::Alert>> CommandService::handleAlerts(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                                         const QList<omadm::Alert> &alerts, qint64 nowMs,
                                                         qint64 &lastEventId)
{
    QList<omadm::Alert> others;
    bool changed = false;
    for (const omadm::Alert &alert : alerts) {
        const auto id = isCommandAlert(alert) ? idOfWireId(alert.dataValue(u"CommandId").toString()) : std::nullopt;
        if (!id) {
            others.append(alert);
            continue;
        }
        auto found = d->repository(db).findById(*id);
        if (!found)
            return found.error();
        // A result for another vehicle's command is kept as a plain alert, never applied.
        if (!found->has_value() || (*found)->vehicleId != vehicle.vehicleId) {
            others.append(alert);
            continue;
        }
        CommandRecord command = **found;
        if (isFinished(command.state))
            continue; // the first final code won; a repeat after a lost reply is accepted and ignored
        const int code = alert.resultCode().value_or(int(omadm::StatusCode::CommandFailed));
        const CommandEvent event = eventForResultCode(code);
        QString reason = alert.dataValue(u"Reason").toString().left(500);
        if (reason.isEmpty())
            reason = alert.resultCode() ? genericReason(event, code) : u"the vehicle reported no result code"_s;
        for (const QString &key : {u"Location"_s, u"DTC"_s}) {
            const QJsonValue value = alert.dataValue(key);
            if (value.isObject() || value.isArray())
                command.result.insert(key, value);
        }
        auto moved = d->move(db, command, event, nowMs, VehicleActor, lastEventId, code, reason);
        if (!moved)
            return moved.error();
        changed = changed || *moved;
    }
    if (changed) {
        std::lock_guard lock(d->mutex);
        d->changedVehicles.insert(vehicle.vehicleId);
    }
    return others;
}

Status CommandService::handleReply(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                   const dm::SessionReply &reply, qint64 nowMs, qint64 &lastEventId)
{
    CommandRepository repository = d->repository(db);
    QList<bool> used(reply.results.size(), false);
    bool changed = false;
    const qsizetype count = std::min(reply.commands.size(), reply.statuses.size());
    for (qsizetype i = 0; i < count;) {
        const omadm::Command &first = reply.commands[i];
        if (first.name == omadm::command::Get) {
            // A GET of its own: the DTC list a ReadDTCs asked for answers every sent ReadDTCs.
            const int sc = reply.statuses[i].sc;
            const omadm::MoData *result = resultOf(reply.results, used, first.params.value(0));
            ++i;
            auto active = repository.activeForVehicle(vehicle.vehicleId);
            if (!active)
                return active.error();
            for (CommandRecord command : std::as_const(*active)) {
                if (command.operation != Operation::ReadDtcs || command.state != CommandState::Sent)
                    continue;
                CommandEvent event = CommandEvent::Succeed;
                QString reason;
                if (sc == 200 && result) {
                    command.result.insert(u"DTC"_s, nodeOf(*result, omadm::MoKind::DiagMon, u"DTC"_s));
                } else {
                    event = eventForResultCode(sc);
                    if (event == CommandEvent::Succeed || event == CommandEvent::Accept)
                        event = CommandEvent::Fail;
                    reason = u"the vehicle could not read its DTCs (GET %1)"_s.arg(sc);
                }
                auto moved = d->move(db, command, event, nowMs, VehicleActor, lastEventId, sc, reason);
                if (!moved)
                    return moved.error();
                changed = changed || *moved;
            }
            continue;
        }
        if (first.name != omadm::command::HGet) {
            ++i;
            continue;
        }
        // A delivery: HGET of the Args, EXEC of the operation, GET of the state it produced.
        const auto id = idOfUrl(first.params.value(0));
        const int hgetStatus = reply.statuses[i].sc;
        std::optional<int> execStatus;
        const omadm::MoData *result = nullptr;
        bool resultAnswered = false;
        ++i;
        if (i < count && reply.commands[i].name == omadm::command::Exec)
            execStatus = reply.statuses[i++].sc;
        if (i < count && reply.commands[i].name == omadm::command::Get) {
            resultAnswered = reply.statuses[i].sc == 200;
            result = resultOf(reply.results, used, reply.commands[i].params.value(0));
            ++i;
        }
        if (!id)
            continue;
        auto found = repository.findById(*id);
        if (!found)
            return found.error();
        if (!found->has_value() || (*found)->vehicleId != vehicle.vehicleId)
            continue;
        CommandRecord command = **found;
        // An alert in this package may have finished it already: the first final code wins.
        if (!isFinished(command.state)) {
            Result<bool> moved = false;
            if (hgetStatus != 200) {
                CommandEvent event = eventForResultCode(hgetStatus);
                if (event == CommandEvent::Succeed || event == CommandEvent::Accept)
                    event = CommandEvent::Fail;
                const QString reason = hgetStatus == 410
                                           ? u"expired before the vehicle fetched it (410)"_s
                                           : u"the vehicle could not fetch its arguments (HGET %1)"_s.arg(hgetStatus);
                moved = d->move(db, command, event, nowMs, VehicleActor, lastEventId, hgetStatus, reason);
            } else if (execStatus) {
                const CommandEvent event = eventForResultCode(*execStatus);
                moved = d->move(db, command, event, nowMs, VehicleActor, lastEventId, *execStatus,
                                genericReason(event, *execStatus));
            }
            if (!moved)
                return moved.error();
            changed = changed || *moved;
        }
        // The state the command produced, kept with the command finished in this package (or still
        // waiting for its alert); a repeat delivery's read of an older command changes nothing.
        if (resultAnswered && result && (!isFinished(command.state) || command.finishedAtMs == nowMs)) {
            const QString node = resultNode(command.operation);
            const QJsonValue value = nodeOf(*result, moOf(command.operation), node);
            if (!value.isUndefined() && command.result.value(node) != value) {
                command.result.insert(node, value);
                if (auto s = repository.update(command); !s)
                    return s;
                changed = true;
            }
        }
    }
    if (changed) {
        std::lock_guard lock(d->mutex);
        d->changedVehicles.insert(vehicle.vehicleId);
    }
    return {};
}

void CommandService::afterCommit(const dm::AuthenticatedVehicle &vehicle)
{
    bool changed = false;
    bool more = false;
    bool wiped = false;
    qint64 eventId = 0;
    {
        std::lock_guard lock(d->mutex);
        changed = d->changedVehicles.remove(vehicle.vehicleId);
        more = d->moreToDeliver.remove(vehicle.vehicleId);
        wiped = d->wipedVehicles.remove(vehicle.vehicleId);
        std::swap(eventId, d->sessionEventId);
    }
    if (wiped) {
        // Its next request gets 403; the channel it holds is closed now (then notify() below finds none).
        qCInfo(lcCommands).noquote() << vehicle.vin << "wiped: enrolment ended";
        dm::RegistrationService::revokeAdmission(*d->context, vehicle.vehicleId, u"wiped"_s);
    }
    d->published(changed ? QStringList{vehicle.vin} : QStringList(), eventId);
    // The rest of its queue: one more session right after this one.
    if (more && d->context->notifyHub)
        d->context->notifyHub->notify(vehicle.vehicleId, u"command"_s);
}

void CommandService::reloadVehicle(qint64 vehicleId)
{
    {
        std::lock_guard lock(d->mutex);
        d->changedVehicles.remove(vehicleId);
        d->moreToDeliver.remove(vehicleId);
        d->wipedVehicles.remove(vehicleId); // rolled back with the rest
    }
    if (auto s = d->reload(d->context->database->connection(), vehicleId); !s)
        qCWarning(lcCommands) << "commands of vehicle" << vehicleId << ":" << s.errorString();
}

Result<QJsonObject> CommandService::moData(qint64 vehicleId, const QString &item) const
{
    const Error notFound(u"Not Found"_s, 404);
    if (!item.startsWith(CommandItem))
        return notFound;
    bool ok = false;
    const qint64 id = item.mid(CommandItem.size()).toLongLong(&ok);
    if (!ok || id <= 0)
        return notFound;
    auto found = d->repository(d->context->database->connection()).findById(id);
    if (!found)
        return found.error();
    // Only the vehicle the command was delivered to may read it; any other id is 404, so that ids
    // cannot be probed.
    if (!found->has_value() || (*found)->vehicleId != vehicleId || (*found)->deliveries == 0 ||
        (*found)->operation == Operation::ReadDtcs)
        return notFound;
    const CommandRecord &command = **found;
    if (command.state == CommandState::Expired || (!isFinished(command.state) && d->now() >= command.expiresAtMs))
        return Error(u"Gone: the command expired"_s, 410);
    QJsonObject args = command.arguments;
    args.insert(u"CommandId"_s, command.wireId());
    args.insert(u"ExpiresUtc"_s, isoSeconds(command.expiresAtMs));
    const QString operation = toString(command.operation);
    return QJsonObject{
        {u"MOData"_s,
         QJsonObject{{omadm::moDataRootKey(moOf(command.operation)),
                      QJsonObject{{u"Operations"_s, QJsonObject{{operation, QJsonObject{{u"Args"_s, args}}}}}}}}}};
}

} // namespace flotilla::server::commands

#include "server/dm/SessionEngine.h"

#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/dm/Inventory.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcDevice)

using namespace Qt::StringLiterals;

namespace flotilla::server::dm {

namespace {

// MOs read in a full inventory, in this order (DevInfo is read in every session anyway).
constexpr omadm::MoKind InventoryMos[] = {omadm::MoKind::Scomo, omadm::MoKind::Fumo, omadm::MoKind::Lawmo,
                                          omadm::MoKind::DiagMon, omadm::MoKind::VehicleControl};

QString reasonName(omadm::SessionReason reason)
{
    switch (reason) {
    case omadm::SessionReason::ClientInitiated: return u"client"_s;
    case omadm::SessionReason::ServerInitiated: return u"server"_s;
    case omadm::SessionReason::BootstrapComplete: return u"bootstrap"_s;
    }
    return u"client"_s;
}

QJsonArray commandsToJson(const QList<omadm::Command> &commands)
{
    QJsonArray array;
    for (const omadm::Command &command : commands) {
        QJsonArray entry{command.name};
        for (const QString &param : command.params)
            entry.append(param);
        array.append(entry);
    }
    return array;
}

QList<omadm::Command> commandsFromJson(const QJsonArray &array)
{
    QList<omadm::Command> commands;
    for (const QJsonValue &value : array) {
        const QJsonArray entry = value.toArray();
        omadm::Command command;
        command.name = entry.at(0).toString();
        for (qsizetype i = 1; i < entry.size(); ++i)
            command.params.append(entry.at(i).toString());
        commands.append(command);
    }
    return commands;
}

bool isSessionAlert(const omadm::Alert &alert)
{
    return alert.type == omadm::alerttype::ClientInitiated || alert.type == omadm::alerttype::ServerInitiated
        || alert.type == omadm::alerttype::BootstrapComplete;
}

store::EventRecord vehicleEvent(qint64 atMs, QStringView kind, const AuthenticatedVehicle &vehicle,
                                const QString &summary, QJsonObject data)
{
    store::EventRecord event;
    event.atMs = atMs;
    event.kind = kind.toString();
    event.vehicleId = vehicle.vehicleId;
    event.vin = vehicle.vin;
    event.actor = u"vehicle"_s;
    event.summary = summary;
    event.data = std::move(data);
    return event;
}

// Alerts other than the session alert are kept in the event log (update and command results are
// interpreted by the services that will own them; nothing is dropped meanwhile).
Status logAlerts(store::EventLog &log, qint64 now, const AuthenticatedVehicle &vehicle,
                 const QList<omadm::Alert> &alerts, qint64 &lastEventId)
{
    for (const omadm::Alert &alert : alerts) {
        if (isSessionAlert(alert))
            continue;
        QString summary = u"Alert %1"_s.arg(alert.type);
        if (const auto code = alert.resultCode())
            summary += u", result %1"_s.arg(*code);
        auto id = log.append(vehicleEvent(now, event::AlertReceived, vehicle, summary, omadm::alertToJson(alert)));
        if (!id)
            return id.error();
        lastEventId = *id;
    }
    return {};
}

// The GET result that answers a command: the one whose ClientURI names the same node, else the
// next unused one in order (the seed's single-result layout carries no usable ClientURI sometimes).
const omadm::MoData *resultFor(const omadm::ClientUri &requested, const QList<omadm::MoData> &results,
                               QList<bool> &used)
{
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (used[i])
            continue;
        const auto uri = omadm::ClientUri::parse(results[i].clientUri);
        if (uri && uri->sameNode(requested)) {
            used[i] = true;
            return &results[i];
        }
    }
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (!used[i]) {
            used[i] = true;
            return &results[i];
        }
    }
    return nullptr;
}

QJsonObject findCaseInsensitive(const QJsonObject &object, const QString &key)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value().toObject();
    }
    return {};
}

} // namespace

SessionEngine::SessionEngine(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
{
}

QList<omadm::Command> SessionEngine::planCommands(qint64 vehicleId, const omadm::Package1 &package)
{
    QList<omadm::Command> commands{omadm::Command::get(package.moidFor(omadm::MoKind::DevInfo) + u"//"_s)};
    const qint64 now = m_context->clock->nowMs();
    bool fullInventory = package.reason == omadm::SessionReason::BootstrapComplete;
    {
        std::lock_guard lock(m_inventoryMutex);
        const auto last = m_lastFullInventoryMs.constFind(vehicleId);
        if (last == m_lastFullInventoryMs.constEnd()
            || now - *last >= qint64(m_context->config.inventoryRefreshSeconds) * 1000)
            fullInventory = true;
        if (fullInventory)
            m_lastFullInventoryMs.insert(vehicleId, now);
    }
    if (fullInventory) {
        for (omadm::MoKind kind : InventoryMos) {
            if (package.supports(kind))
                commands.append(omadm::Command::get(package.moidFor(kind) + u"//"_s));
        }
    }
    return commands;
}

void SessionEngine::start(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers,
                          omadm::Package1 package, Answer answer)
{
    auto context = m_context;
    auto commands = std::make_shared<QList<omadm::Command>>(planCommands(vehicle.vehicleId, package));
    auto lastEventId = std::make_shared<qint64>(0);

    auto job = [context, vehicle, headers, package = std::move(package), commands,
                lastEventId](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::SessionRepository sessions(db);
        store::EventLog log(db);
        auto abandoned = sessions.abandonOpen(vehicle.vehicleId, now, u"abandoned: new package #1"_s);
        if (!abandoned)
            return abandoned.error();
        if (*abandoned > 0) {
            auto id = log.append(vehicleEvent(now, event::SessionAbandoned, vehicle,
                                              u"Open session abandoned: the vehicle started a new one"_s, {}));
            if (!id)
                return id.error();
            *lastEventId = *id;
        }

        store::SessionRecord session;
        session.vehicleId = vehicle.vehicleId;
        session.reason = reasonName(package.reason);
        session.notificationId = package.notificationId;
        session.state = store::SessionState::Open;
        session.startedAtMs = now;
        session.packages = 1;
        session.pendingCommands = commandsToJson(*commands);
        session.peerAddress = headers.peerAddress;
        auto id = sessions.insert(session);
        if (!id)
            return id.error();
        if (auto s = store::VehicleRepository(db).recordSession(vehicle.vehicleId, now, headers.peerAddress); !s)
            return s;
        if (package.reason == omadm::SessionReason::BootstrapComplete) {
            auto eventId = log.append(vehicleEvent(now, event::VehicleBootstrapped, vehicle,
                                                   u"Bootstrap complete; first session"_s, {}));
            if (!eventId)
                return eventId.error();
            *lastEventId = *eventId;
        }
        return logAlerts(log, now, vehicle, package.alerts, *lastEventId);
    };

    context->writer->submit(std::move(job), [context, vehicle, commands, lastEventId,
                                             answer = std::move(answer)](Status status) {
        if (!status)
            return answer(status.error());
        context->sessionsHandled.fetch_add(1, std::memory_order_relaxed);
        Q_EMIT context->eventBus->vehiclesChanged({vehicle.vin});
        if (*lastEventId)
            Q_EMIT context->eventBus->eventsAppended(*lastEventId);
        answer(omadm::Package2{*commands});
    });
}

void SessionEngine::continueSession(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers,
                                    omadm::Package3 package, Answer answer)
{
    auto context = m_context;
    auto lastEventId = std::make_shared<qint64>(0);

    auto job = [context, vehicle, headers, package = std::move(package), lastEventId](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::SessionRepository sessions(db);
        store::VehicleRepository vehicles(db);
        store::MoSnapshotRepository snapshots(db);
        store::EventLog log(db);

        auto open = sessions.findOpenForVehicle(vehicle.vehicleId);
        if (!open)
            return open.error();
        if (!open->has_value() || now - (*open)->startedAtMs > SessionTimeoutMs)
            return protocolError(409, u"No open session for this vehicle"_s);
        store::SessionRecord session = **open;
        const QList<omadm::Command> commands = commandsFromJson(session.pendingCommands);
        if (package.statuses.size() != commands.size())
            return protocolError(400, u"Package #3 has %1 statuses for %2 commands"_s.arg(package.statuses.size())
                                          .arg(commands.size()));

        QList<bool> used(package.results.size(), false);
        QStringList failures;
        for (qsizetype i = 0; i < commands.size(); ++i) {
            const omadm::Command &command = commands[i];
            const int sc = package.statuses[i].sc;
            if (command.name != omadm::command::Get)
                continue;
            if (sc != 200) {
                failures.append(u"GET %1: %2"_s.arg(command.params.value(0)).arg(sc));
                continue;
            }
            const auto requested = omadm::ClientUri::parse(command.params.value(0));
            if (!requested)
                continue;
            const omadm::MoData *result = resultFor(*requested, package.results, used);
            if (!result)
                return protocolError(400, u"Status[%1] is 200 but no MOData answers GET %2"_s.arg(i).arg(
                                              command.params.value(0)));
            if (requested->kind == omadm::MoKind::DevInfo) {
                auto devInfo = omadm::DevInfo::fromJson(
                    findCaseInsensitive(result->data, omadm::moDataRootKey(omadm::MoKind::DevInfo)));
                if (!devInfo)
                    return protocolError(400, u"DevInfo: %1"_s.arg(devInfo.errorString()));
                if (devInfo->devId != headers.devId)
                    return protocolError(400, u"OMADM-DevID header and DevInfo/DevID disagree"_s);
                auto record = vehicles.findById(vehicle.vehicleId);
                if (!record)
                    return record.error();
                if (!record->has_value())
                    return protocolError(409, u"Unknown vehicle"_s);
                store::VehicleRecord updated = **record;
                const QJsonObject changes = applyDevInfo(updated, *devInfo);
                if (!changes.isEmpty()) {
                    updated.updatedAtMs = now;
                    if (auto s = vehicles.update(updated); !s)
                        return s;
                    QStringList fields = changes.keys();
                    auto id = log.append(vehicleEvent(now, event::DevInfoChanged, vehicle,
                                                      u"DevInfo changed: %1"_s.arg(fields.join(u", "_s)), changes));
                    if (!id)
                        return id.error();
                    *lastEventId = *id;
                }
            }
            store::MoSnapshot snapshot;
            snapshot.vehicleId = vehicle.vehicleId;
            snapshot.moid = requested->kind == omadm::MoKind::Unknown ? requested->moid
                                                                       : omadm::canonicalMoid(requested->kind);
            snapshot.clientUri = result->clientUri;
            snapshot.data = result->data;
            snapshot.receivedAtMs = now;
            if (auto s = snapshots.put(snapshot); !s)
                return s;
        }
        if (auto s = logAlerts(log, now, vehicle, package.alerts, *lastEventId); !s)
            return s;

        session.packages += 1;
        session.pendingCommands = {};
        session.state = store::SessionState::Ended;
        session.endedAtMs = now;
        session.outcome = failures.isEmpty() ? u"ended"_s : u"ended; "_s + failures.join(u"; "_s);
        return sessions.update(session);
    };

    context->writer->submit(std::move(job), [context, vehicle, lastEventId, answer = std::move(answer)](Status status) {
        if (!status)
            return answer(status.error());
        Q_EMIT context->eventBus->vehiclesChanged({vehicle.vin});
        if (*lastEventId)
            Q_EMIT context->eventBus->eventsAppended(*lastEventId);
        answer(omadm::Package2{{omadm::Command::end()}});
    });
}

} // namespace flotilla::server::dm

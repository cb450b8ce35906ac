#include "server/dm/SessionEngine.h"

#include "core/crypto/Hash.h"
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/dm/Inventory.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/updates/UpdateEngine.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla::server::dm {

namespace {

// MOs read in a full inventory, in this order (DevInfo is read in every session anyway).
constexpr omadm::MoKind InventoryMos[] = {omadm::MoKind::Scomo, omadm::MoKind::Fumo, omadm::MoKind::Lawmo,
                                          omadm::MoKind::DiagMon, omadm::MoKind::VehicleControl};

QString reasonName(omadm::SessionReason reason)
{
    switch (reason) {
    case omadm::SessionReason::ClientInitiated:
        return u"client"_s;
    case omadm::SessionReason::ServerInitiated:
        return u"server"_s;
    case omadm::SessionReason::BootstrapComplete:
        return u"bootstrap"_s;
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

bool isSessionAlert(const omadm::Alert &alert)
{
    return alert.type == omadm::alerttype::ClientInitiated || alert.type == omadm::alerttype::ServerInitiated ||
           alert.type == omadm::alerttype::BootstrapComplete;
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

QByteArray digestOf(const QJsonObject &data)
{
    return crypto::Hasher::hash(QJsonDocument(data).toJson(QJsonDocument::Compact), crypto::HashAlgorithm::Sha256);
}

} // namespace

SessionEngine::SessionEngine(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
{}

int SessionEngine::openSessionCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_open.size());
}

store::SessionRecord SessionEngine::toRecord(const OpenSession &session, store::SessionState state, qint64 endedAtMs,
                                             const QString &outcome)
{
    store::SessionRecord record;
    record.vehicleId = session.vehicleId;
    record.reason = session.reason;
    record.notificationId = session.notificationId;
    record.state = state;
    record.startedAtMs = session.startedAtMs;
    record.endedAtMs = endedAtMs;
    record.packages = session.packages;
    record.pendingCommands = state == store::SessionState::Open ? commandsToJson(session.commands) : QJsonArray();
    record.peerAddress = session.peerAddress;
    record.outcome = outcome;
    return record;
}

QList<omadm::Command> SessionEngine::planCommands(qint64 vehicleId, const omadm::Package1 &package)
{
    QList<omadm::Command> commands{omadm::Command::get(package.moidFor(omadm::MoKind::DevInfo) + u"//"_s)};
    const qint64 now = m_context->clock->nowMs();
    bool fullInventory = package.reason == omadm::SessionReason::BootstrapComplete;
    {
        std::lock_guard lock(m_mutex);
        const auto last = m_lastFullInventoryMs.constFind(vehicleId);
        if (last == m_lastFullInventoryMs.constEnd() ||
            now - *last >= qint64(m_context->config.inventoryRefreshSeconds) * 1000)
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

void SessionEngine::start(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers, omadm::Package1 package,
                          Answer answer)
{
    auto context = m_context;
    const qint64 now = context->clock->nowMs();
    OpenSession session;
    session.vehicleId = vehicle.vehicleId;
    session.reason = reasonName(package.reason);
    session.notificationId = package.notificationId;
    session.startedAtMs = now;
    session.packages = 1;
    session.commands = planCommands(vehicle.vehicleId, package);
    session.peerAddress = headers.peerAddress;
    const omadm::Package2 reply{session.commands};

    std::optional<OpenSession> abandoned;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_open.find(vehicle.vehicleId); it != m_open.end())
            abandoned = *it;
        m_open.insert(vehicle.vehicleId, session);
    }
    context->sessionsHandled.fetch_add(1, std::memory_order_relaxed);

    const bool bootstrap = package.reason == omadm::SessionReason::BootstrapComplete;
    const bool hasReports = std::any_of(package.alerts.cbegin(), package.alerts.cend(),
                                        [](const omadm::Alert &alert) { return !isSessionAlert(alert); });
    updates::UpdateEngine *updates = context->updates.get();
    const bool updateWork = updates && updates->hasWork(vehicle.vehicleId);
    if (!abandoned && !bootstrap && !hasReports && !updateWork)
        return answer(reply); // nothing to make durable: a plain check-in

    auto lastEventId = std::make_shared<qint64>(0);
    auto extraCommands = std::make_shared<QList<omadm::Command>>();
    auto job = [context, vehicle, abandoned, bootstrap, package = std::move(package), host = headers.host, updates,
                extraCommands, lastEventId](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::EventLog log(db);
        if (abandoned) {
            auto id = store::SessionRepository(db).insert(
                toRecord(*abandoned, store::SessionState::Abandoned, now, u"abandoned: new package #1"_s));
            if (!id)
                return id.error();
            if (auto s = store::VehicleRepository(db).recordSession(vehicle.vehicleId, abandoned->startedAtMs,
                                                                    abandoned->peerAddress);
                !s)
                return s;
            auto eventId = log.append(vehicleEvent(now, event::SessionAbandoned, vehicle,
                                                   u"Open session abandoned: the vehicle started a new one"_s, {}));
            if (!eventId)
                return eventId.error();
            *lastEventId = *eventId;
        }
        if (bootstrap) {
            auto eventId = log.append(
                vehicleEvent(now, event::VehicleBootstrapped, vehicle, u"Bootstrap complete; first session"_s, {}));
            if (!eventId)
                return eventId.error();
            *lastEventId = *eventId;
        }
        QList<omadm::Alert> alerts = package.alerts;
        if (updates) {
            // Update reports move their jobs in this same transaction; the rest is logged.
            auto remaining = updates->handleAlerts(db, vehicle, alerts, now, *lastEventId);
            if (!remaining)
                return remaining.error();
            alerts = *remaining;
            auto commands = updates->prepareSession(db, vehicle, package, host, now);
            if (!commands)
                return commands.error();
            *extraCommands = *commands;
        }
        return logAlerts(log, now, vehicle, alerts, *lastEventId);
    };
    auto done = [this, context, vehicle, startedAt = session.startedAtMs, reply, extraCommands, lastEventId,
                 answer = std::move(answer)](Status status) {
        if (!status) {
            // Nothing was acknowledged: forget the session so that its package #3 gets 409, and
            // re-read the vehicle's job (the rolled-back transaction may have moved it in memory).
            {
                std::lock_guard lock(m_mutex);
                if (auto it = m_open.find(vehicle.vehicleId); it != m_open.end() && it->startedAtMs == startedAt)
                    m_open.erase(it);
            }
            if (context->updates)
                context->updates->reloadVehicle(vehicle.vehicleId);
            return answer(status.error());
        }
        omadm::Package2 full = reply;
        if (!extraCommands->isEmpty()) {
            full.commands.append(*extraCommands);
            std::lock_guard lock(m_mutex);
            if (auto it = m_open.find(vehicle.vehicleId); it != m_open.end() && it->startedAtMs == startedAt)
                it->commands = full.commands;
        }
        if (context->updates)
            context->updates->afterCommit(vehicle);
        Q_EMIT context->eventBus->vehiclesChanged({vehicle.vin});
        if (*lastEventId)
            Q_EMIT context->eventBus->eventsAppended(*lastEventId);
        answer(full);
    };
    context->writer->submit(std::move(job), std::move(done));
}

void SessionEngine::continueSession(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers,
                                    omadm::Package3 package, Answer answer)
{
    auto context = m_context;
    const qint64 now = context->clock->nowMs();
    OpenSession session;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_open.constFind(vehicle.vehicleId);
        // A timed-out session is left for the next package #1 to record as abandoned: a 409 changes nothing.
        if (it == m_open.constEnd() || now - it->startedAtMs > SessionTimeoutMs)
            return answer(protocolError(409, u"No open session for this vehicle"_s));
        session = *it;
    }
    if (package.statuses.size() != session.commands.size())
        return answer(protocolError(
            400,
            u"Package #3 has %1 statuses for %2 commands"_s.arg(package.statuses.size()).arg(session.commands.size())));

    // Everything that can refuse the package is checked before anything is written.
    QList<ReportedMo> reported;
    std::optional<QJsonObject> devInfoNode;
    QList<bool> used(package.results.size(), false);
    QStringList failures;
    for (qsizetype i = 0; i < session.commands.size(); ++i) {
        const omadm::Command &command = session.commands[i];
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
            return answer(protocolError(
                400, u"Status[%1] is 200 but no MOData answers GET %2"_s.arg(i).arg(command.params.value(0))));
        if (requested->kind == omadm::MoKind::DevInfo) {
            // Cheap identity check on every report; the full parse only when the content changed.
            const QJsonObject node = result->root(omadm::MoKind::DevInfo).toObject();
            const QString devId = node.value(u"DevID"_s).toString();
            if (devId != headers.devId && omadm::DevInfo::fromJson(node).valueOr({}).devId != headers.devId)
                return answer(protocolError(400, u"OMADM-DevID header and DevInfo/DevID disagree"_s));
            devInfoNode = node;
        }
        ReportedMo mo;
        mo.snapshot.vehicleId = vehicle.vehicleId;
        mo.snapshot.moid =
            requested->kind == omadm::MoKind::Unknown ? requested->moid : omadm::canonicalMoid(requested->kind);
        mo.snapshot.clientUri = result->clientUri;
        mo.snapshot.data = result->data;
        mo.snapshot.receivedAtMs = now;
        mo.digest = digestOf(result->data);
        reported.append(mo);
    }
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_open.find(vehicle.vehicleId);
        if (it == m_open.end() || it->startedAtMs != session.startedAtMs)
            return answer(protocolError(409, u"No open session for this vehicle"_s)); // replaced meanwhile
        m_open.erase(it);
        const QHash<QString, QByteArray> stored = m_storedDigests.value(vehicle.vehicleId);
        for (ReportedMo &mo : reported)
            mo.changed = stored.value(mo.snapshot.moid) != mo.digest;
    }
    std::optional<omadm::DevInfo> devInfo;
    const QString devInfoMoid = omadm::canonicalMoid(omadm::MoKind::DevInfo);
    for (const ReportedMo &mo : std::as_const(reported)) {
        if (mo.changed && devInfoNode && mo.snapshot.moid == devInfoMoid) {
            auto parsed = omadm::DevInfo::fromJson(*devInfoNode);
            if (!parsed) {
                // Refused before anything was written: put the session back for a corrected package #3.
                std::lock_guard lock(m_mutex);
                if (!m_open.contains(vehicle.vehicleId)) // unless a new package #1 replaced it meanwhile
                    m_open.insert(vehicle.vehicleId, session);
                return answer(protocolError(400, u"DevInfo: %1"_s.arg(parsed.errorString())));
            }
            devInfo = *parsed;
        }
    }
    session.packages += 1;
    const QString outcome = failures.isEmpty() ? u"ended"_s : u"ended; "_s + failures.join(u"; "_s);
    // Routine check-ins (nothing changed, nothing failed, no report) only move last-seen and the
    // session counter; the session history keeps the sessions that did something.
    const bool notable =
        !failures.isEmpty() || !package.alerts.isEmpty() || session.reason != u"client"_s ||
        session.commands.size() > 1 ||
        std::any_of(reported.cbegin(), reported.cend(), [](const ReportedMo &mo) { return mo.changed; });

    auto lastEventId = std::make_shared<qint64>(0);
    auto job = [context, vehicle, session, outcome, notable, reported, devInfo, alerts = std::move(package.alerts),
                statuses = package.statuses, lastEventId](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::VehicleRepository vehicles(db);
        store::MoSnapshotRepository snapshots(db);
        store::EventLog log(db);
        if (notable) {
            auto id = store::SessionRepository(db).insert(toRecord(session, store::SessionState::Ended, now, outcome));
            if (!id)
                return id.error();
        }
        if (auto s = vehicles.recordSession(vehicle.vehicleId, now, session.peerAddress); !s)
            return s;
        for (const ReportedMo &mo : reported) {
            if (!mo.changed)
                continue; // last_seen says it is still current
            if (auto s = snapshots.put(mo.snapshot); !s)
                return s;
            if (devInfo && mo.snapshot.moid == omadm::canonicalMoid(omadm::MoKind::DevInfo)) {
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
                    auto eventId =
                        log.append(vehicleEvent(now, event::DevInfoChanged, vehicle,
                                                u"DevInfo changed: %1"_s.arg(changes.keys().join(u", "_s)), changes));
                    if (!eventId)
                        return eventId.error();
                    *lastEventId = *eventId;
                }
            }
        }
        QList<omadm::Alert> remaining = alerts;
        if (updates::UpdateEngine *updates = context->updates.get()) {
            auto others = updates->handleAlerts(db, vehicle, alerts, now, *lastEventId);
            if (!others)
                return others.error();
            remaining = *others;
            if (auto s = updates->handleStatuses(db, vehicle, session.commands, statuses, now, *lastEventId); !s)
                return s;
            // A job waiting for its read-back completes on what this session reported.
            QJsonObject scomo;
            for (const ReportedMo &mo : reported) {
                if (mo.snapshot.moid == omadm::canonicalMoid(omadm::MoKind::Scomo))
                    scomo = omadm::MoData{mo.snapshot.clientUri, mo.snapshot.data, {}}
                                .root(omadm::MoKind::Scomo)
                                .toObject();
            }
            if (auto s = updates->handleReadback(db, vehicle, scomo, now, *lastEventId); !s)
                return s;
        }
        return logAlerts(log, now, vehicle, remaining, *lastEventId);
    };
    auto done = [this, context, vehicle, reported, lastEventId, answer = std::move(answer)](Status status) {
        if (!status) {
            if (context->updates)
                context->updates->reloadVehicle(vehicle.vehicleId);
            return answer(status.error());
        }
        if (context->updates)
            context->updates->afterCommit(vehicle);
        {
            // Only now, with the data durable, does the cache say it is stored.
            std::lock_guard lock(m_mutex);
            QHash<QString, QByteArray> &stored = m_storedDigests[vehicle.vehicleId];
            for (const ReportedMo &mo : reported)
                stored.insert(mo.snapshot.moid, mo.digest);
        }
        Q_EMIT context->eventBus->vehiclesChanged({vehicle.vin});
        if (*lastEventId)
            Q_EMIT context->eventBus->eventsAppended(*lastEventId);
        answer(omadm::Package2{{omadm::Command::end()}});
    };
    context->writer->submit(std::move(job), std::move(done));
}

} // namespace flotilla::server::dm

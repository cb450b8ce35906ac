#include "server/dm/SessionEngine.h"

#include "core/crypto/Hash.h"
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/commands/CommandService.h"
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

// The value of a JSON object's member, its key matched ignoring case (MOData root keys).
QString memberKey(const QJsonObject &object, const QString &key)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.key();
    }
    return key;
}

// A GET of <moid>//<path> answers the node nested under its parents ({"rvc":{"Status":{...}}});
// the node goes into the stored MO at the same place. False when the answer has no such node.
bool mergeNode(QJsonObject &stored, const omadm::MoData &reported, omadm::MoKind kind, const QStringList &path)
{
    QJsonValue node = reported.root(kind);
    for (const QString &segment : path) {
        const QJsonObject parent = node.toObject();
        node = parent.value(memberKey(parent, segment));
        if (node.isUndefined())
            return false;
    }
    // Rebuild the path top-down: the stored objects along it, with the node set at its end.
    const QString rootKey = memberKey(stored, omadm::moDataRootKey(kind));
    QList<QJsonObject> parents{stored.value(rootKey).toObject()};
    for (qsizetype i = 0; i + 1 < path.size(); ++i)
        parents.append(parents.last().value(path[i]).toObject());
    QJsonValue value = node;
    for (qsizetype i = path.size(); i-- > 0;) {
        QJsonObject parent = parents[i];
        parent.insert(path[i], value);
        value = parent;
    }
    stored.insert(rootKey, value);
    return true;
}

// The update engine's session hooks in the participant shape (its interface predates it).
class UpdateParticipant final : public SessionParticipant
{
public:
    explicit UpdateParticipant(std::shared_ptr<EngineContext> context)
        : m_context(std::move(context))
    {}

    bool hasWork(qint64 vehicleId) const override { return engine().hasWork(vehicleId); }
    Result<QList<omadm::Alert>> handleAlerts(QSqlDatabase &db, const AuthenticatedVehicle &vehicle,
                                             const QList<omadm::Alert> &alerts, qint64 nowMs,
                                             qint64 &lastEventId) override
    {
        return engine().handleAlerts(db, vehicle, alerts, nowMs, lastEventId);
    }
    Result<QList<omadm::Command>> prepareSession(QSqlDatabase &db, const AuthenticatedVehicle &vehicle,
                                                 const omadm::Package1 &package, const QString &host,
                                                 qint64 nowMs) override
    {
        return engine().prepareSession(db, vehicle, package, host, nowMs);
    }
    Status handleReply(QSqlDatabase &db, const AuthenticatedVehicle &vehicle, const SessionReply &reply, qint64 nowMs,
                       qint64 &lastEventId) override
    {
        if (auto s = engine().handleStatuses(db, vehicle, reply.commands, reply.statuses, nowMs, lastEventId); !s)
            return s;
        // A job waiting for its read-back completes on what this session reported.
        QJsonObject scomo;
        for (const omadm::MoData &result : reply.results) {
            const auto uri = omadm::ClientUri::parse(result.clientUri);
            if (uri && uri->kind == omadm::MoKind::Scomo && uri->path.isEmpty())
                scomo = result.root(omadm::MoKind::Scomo).toObject();
        }
        return engine().handleReadback(db, vehicle, scomo, nowMs, lastEventId);
    }
    void afterCommit(const AuthenticatedVehicle &vehicle) override { engine().afterCommit(vehicle); }
    void reloadVehicle(qint64 vehicleId) override { engine().reloadVehicle(vehicleId); }

private:
    updates::UpdateEngine &engine() const { return *m_context->updates; }
    std::shared_ptr<EngineContext> m_context;
};

} // namespace

SessionEngine::SessionEngine(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
    , m_updates(std::make_unique<UpdateParticipant>(m_context))
{}

SessionEngine::~SessionEngine() = default;

Status SessionEngine::mergeSnapshot(store::MoSnapshotRepository &snapshots, const ReportedMo &mo)
{
    const auto requested = omadm::ClientUri::parse(mo.requested);
    if (!requested)
        return {};
    auto stored = snapshots.get(mo.snapshot.vehicleId, mo.snapshot.moid);
    if (!stored)
        return stored.error();
    store::MoSnapshot merged = stored->value_or(mo.snapshot);
    if (!stored->has_value()) { // no full report yet: the MO holds this node alone until then
        merged.clientUri = requested->moid + u"//"_s;
        merged.data = {};
    }
    const QJsonObject before = merged.data;
    const omadm::MoData reported{mo.snapshot.clientUri, mo.snapshot.data, {}};
    if (!mergeNode(merged.data, reported, requested->kind, requested->path.split(u'/', Qt::SkipEmptyParts)) ||
        merged.data == before)
        return {}; // nothing new: last_seen says it is still current
    merged.receivedAtMs = mo.snapshot.receivedAtMs;
    return snapshots.put(merged);
}

QList<SessionParticipant *> SessionEngine::participants() const
{
    // Read at every session: tests and the shutdown path run with either service absent.
    QList<SessionParticipant *> list;
    if (m_context->updates)
        list.append(m_updates.get());
    if (m_context->commands)
        list.append(m_context->commands.get());
    return list;
}

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
    session.owners = QList<const SessionParticipant *>(session.commands.size(), nullptr);
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
    const QList<SessionParticipant *> participants = this->participants();
    const bool work = std::any_of(participants.cbegin(), participants.cend(),
                                  [&](const SessionParticipant *p) { return p->hasWork(vehicle.vehicleId); });
    if (!abandoned && !bootstrap && !hasReports && !work)
        return answer(reply); // nothing to make durable: a plain check-in

    auto lastEventId = std::make_shared<qint64>(0);
    // What each participant appends to the package #2, in participant order.
    using Added = QList<std::pair<const SessionParticipant *, QList<omadm::Command>>>;
    auto extraCommands = std::make_shared<Added>();
    // The participants are looked up again when the job and its completion run: the services go
    // away at shutdown, possibly with jobs still queued.
    auto job = [this, context, vehicle, abandoned, bootstrap, package = std::move(package), host = headers.host,
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
        // Reports (update progress, command results) move their jobs and commands in this same
        // transaction; the rest is logged.
        const QList<SessionParticipant *> participants = this->participants();
        for (SessionParticipant *participant : participants) {
            auto remaining = participant->handleAlerts(db, vehicle, alerts, now, *lastEventId);
            if (!remaining)
                return remaining.error();
            alerts = *remaining;
        }
        extraCommands->clear();
        for (SessionParticipant *participant : participants) {
            auto commands = participant->prepareSession(db, vehicle, package, host, now);
            if (!commands)
                return commands.error();
            if (!commands->isEmpty())
                extraCommands->append({participant, *commands});
        }
        return logAlerts(log, now, vehicle, alerts, *lastEventId);
    };
    auto done = [this, context, vehicle, startedAt = session.startedAtMs, reply, extraCommands, lastEventId,
                 answer = std::move(answer)](Status status) {
        const QList<SessionParticipant *> participants = this->participants();
        if (!status) {
            // Nothing was acknowledged: forget the session so that its package #3 gets 409, and
            // re-read the vehicle's jobs and commands (the rolled-back transaction may have moved
            // them in memory).
            {
                std::lock_guard lock(m_mutex);
                if (auto it = m_open.find(vehicle.vehicleId); it != m_open.end() && it->startedAtMs == startedAt)
                    m_open.erase(it);
            }
            for (SessionParticipant *participant : participants)
                participant->reloadVehicle(vehicle.vehicleId);
            return answer(status.error());
        }
        omadm::Package2 full = reply;
        if (!extraCommands->isEmpty()) {
            QList<const SessionParticipant *> owners(full.commands.size(), nullptr);
            for (const auto &[participant, commands] : std::as_const(*extraCommands)) {
                full.commands.append(commands);
                owners.append(QList<const SessionParticipant *>(commands.size(), participant));
            }
            std::lock_guard lock(m_mutex);
            if (auto it = m_open.find(vehicle.vehicleId); it != m_open.end() && it->startedAtMs == startedAt) {
                it->commands = full.commands;
                it->owners = owners;
            }
        }
        for (SessionParticipant *participant : participants)
            participant->afterCommit(vehicle);
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
        mo.requested = command.params.value(0);
        mo.path = requested->path;
        reported.append(mo);
    }
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_open.find(vehicle.vehicleId);
        if (it == m_open.end() || it->startedAtMs != session.startedAtMs)
            return answer(protocolError(409, u"No open session for this vehicle"_s)); // replaced meanwhile
        m_open.erase(it);
        const QHash<QString, QByteArray> stored = m_storedDigests.value(vehicle.vehicleId);
        for (ReportedMo &mo : reported) // a node below the root is compared with the stored MO when merged
            mo.changed = !mo.path.isEmpty() || stored.value(mo.snapshot.moid) != mo.digest;
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
    auto job = [this, context, vehicle, session, outcome, notable, reported, devInfo,
                alerts = std::move(package.alerts), statuses = package.statuses,
                lastEventId](QSqlDatabase &db) -> Status {
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
            if (!mo.path.isEmpty()) {
                if (auto s = mergeSnapshot(snapshots, mo); !s)
                    return s;
                continue;
            }
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
        const QList<SessionParticipant *> participants = this->participants();
        QList<omadm::Alert> remaining = alerts;
        for (SessionParticipant *participant : participants) {
            auto others = participant->handleAlerts(db, vehicle, remaining, now, *lastEventId);
            if (!others)
                return others.error();
            remaining = *others;
        }
        QList<omadm::MoData> results;
        for (const ReportedMo &mo : reported)
            results.append({mo.requested, mo.snapshot.data, {}});
        for (SessionParticipant *participant : participants) {
            SessionReply reply{{}, {}, results};
            for (qsizetype i = 0; i < session.commands.size() && i < statuses.size(); ++i) {
                if (session.owners.value(i) == participant) {
                    reply.commands.append(session.commands[i]);
                    reply.statuses.append(statuses[i]);
                }
            }
            if (auto s = participant->handleReply(db, vehicle, reply, now, *lastEventId); !s)
                return s;
        }
        return logAlerts(log, now, vehicle, remaining, *lastEventId);
    };
    auto done = [this, context, vehicle, reported, lastEventId, answer = std::move(answer)](Status status) {
        const QList<SessionParticipant *> participants = this->participants();
        if (!status) {
            for (SessionParticipant *participant : participants)
                participant->reloadVehicle(vehicle.vehicleId);
            return answer(status.error());
        }
        for (SessionParticipant *participant : participants)
            participant->afterCommit(vehicle);
        {
            // Only now, with the data durable, does the cache say it is stored. A merged node
            // leaves the MO's digest unknown: its next full report is written once.
            std::lock_guard lock(m_mutex);
            QHash<QString, QByteArray> &stored = m_storedDigests[vehicle.vehicleId];
            for (const ReportedMo &mo : reported) {
                if (mo.path.isEmpty())
                    stored.insert(mo.snapshot.moid, mo.digest);
                else
                    stored.remove(mo.snapshot.moid);
            }
        }
        Q_EMIT context->eventBus->vehiclesChanged({vehicle.vin});
        if (*lastEventId)
            Q_EMIT context->eventBus->eventsAppended(*lastEventId);
        answer(omadm::Package2{{omadm::Command::end()}});
    };
    context->writer->submit(std::move(job), std::move(done));
}

} // namespace flotilla::server::dm

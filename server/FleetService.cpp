#include "server/FleetService.h"

#include "core/crypto/Hash.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/auth/UserService.h"
#include "server/campaigns/CampaignService.h"
#include "server/commands/CommandService.h"
#include "server/dm/NotifyHub.h"
#include "server/dm/RegistrationService.h"
#include "server/releases/BlobStore.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/store/UpdateRepositories.h"
#include "server/updates/UpdateEngine.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flotilla::server {

namespace {
constexpr int DetailSessions = 20;
constexpr int DetailEvents = 50;
constexpr int MaxListedRegistrations = 100000;
} // namespace

FleetService::FleetService(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
{}

FleetService::~FleetService() = default;

EventBus &FleetService::eventBus() const
{
    return *m_context->eventBus;
}

releases::ReleaseService &FleetService::releases() const
{
    return *m_context->releases;
}

updates::UpdateEngine &FleetService::updates() const
{
    return *m_context->updates;
}

auth::UserService &FleetService::users() const
{
    return *m_context->users;
}

updates::DeltaService &FleetService::deltas() const
{
    return *m_context->deltas;
}

campaigns::CampaignService &FleetService::campaigns() const
{
    return *m_context->campaigns;
}

commands::CommandService &FleetService::commands() const
{
    return *m_context->commands;
}

dm::NotifyHub &FleetService::notifyHub() const
{
    return *m_context->notifyHub;
}

Result<QList<store::DeltaRecord>> FleetService::deltaRecords(const QString &toSha256) const
{
    return store::DeltaRepository(m_context->database->connection()).listForTarget(toSha256);
}

Result<FleetService::BundleInfo> FleetService::exportBundle(qint64 releaseId, const QString &vin, const QString &actor)
{
    const QString folder = m_context->dataDir.root() + u"/tmp/bundles"_s;
    QDir().mkpath(folder);
    const QString path = folder + u'/' + QString::fromLatin1(crypto::randomBytes(8).toHex()) + u".bundle"_s;
    auto job = m_context->updates->exportBundle(releaseId, vin.trimmed().toUpper(), path, actor);
    if (!job)
        return job.error();
    std::optional<releases::BlobRecord> blob;
    Status stored = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        auto imported = m_context->blobs->importFile(db, path, u"bundle"_s, m_context->clock->nowMs());
        if (!imported)
            return imported.error();
        blob = *imported;
        return {};
    });
    QFile::remove(path);
    if (!stored)
        return stored.error();
    return BundleInfo{blob->sha256, blob->length, job->id};
}

Result<http::FileBody> FleetService::bundleFile(const QString &sha256) const
{
    QSqlDatabase db = m_context->database->connection();
    auto blob = m_context->blobs->find(db, sha256);
    if (!blob)
        return blob.error();
    if (!blob->has_value() || (*blob)->kind != u"bundle")
        return Error(u"No bundle %1"_s.arg(sha256), 404);
    return http::FileBody{m_context->blobs->pathOf(sha256), 0, (*blob)->length};
}

Result<QList<store::SigningKeyRecord>> FleetService::signingKeys() const
{
    return store::SigningKeyRepository(m_context->database->connection()).list();
}

bool FleetService::isOnline(const store::VehicleRecord &vehicle) const
{
    // An open notification channel is exact; without one, a recent session is the best guess.
    if (m_context->notifyHub && m_context->notifyHub->isOnline(vehicle.id))
        return true;
    return vehicle.lastSeenAtMs > 0 && m_context->clock->nowMs() - vehicle.lastSeenAtMs <= m_context->onlineWindowMs();
}

Result<ServerStatus> FleetService::status() const
{
    QSqlDatabase db = m_context->database->connection();
    store::VehicleRepository vehicles(db);
    auto counts = vehicles.countByState();
    if (!counts)
        return counts.error();
    auto online = vehicles.countSeenSince(m_context->clock->nowMs() - m_context->onlineWindowMs());
    if (!online)
        return online.error();
    auto pending = store::RegistrationRepository(db).list(store::RegistrationState::Pending, MaxListedRegistrations);
    if (!pending)
        return pending.error();

    ServerStatus status;
    status.serverId = m_context->serverId;
    status.version = QStringLiteral(FLOTILLA_VERSION);
    status.dataDir = m_context->dataDir.root();
    status.deviceUrl = m_context->deviceUrl;
    status.apiUrl = m_context->apiUrl;
    status.startedAtMs = m_context->startedAtMs;
    for (auto it = counts->cbegin(); it != counts->cend(); ++it) {
        status.vehicles += it.value();
        switch (it.key()) {
        case store::VehicleState::Accepted:
            status.accepted += it.value();
            break;
        case store::VehicleState::Pending:
            status.pendingVehicles += it.value();
            break;
        case store::VehicleState::Rejected:
            status.rejected += it.value();
            break;
        case store::VehicleState::Blocked:
        case store::VehicleState::Wiped:
            status.blocked += it.value();
            break;
        }
    }
    status.pendingRegistrations = pending->size();
    status.online = *online;
    status.sessions = m_context->sessionsHandled.load();
    status.pollSeconds = m_context->config.pollSeconds;
    return status;
}

Result<QList<store::VehicleRecord>> FleetService::vehicles(const store::VehicleFilter &filter) const
{
    return store::VehicleRepository(m_context->database->connection()).list(filter);
}

Result<QList<store::VehicleRecord>> FleetService::vehiclesByVin(const QStringList &vins) const
{
    return store::VehicleRepository(m_context->database->connection()).findByVins(vins);
}

Result<VehicleDetails> FleetService::vehicle(const QString &vin) const
{
    QSqlDatabase db = m_context->database->connection();
    auto vehicle = store::VehicleRepository(db).findByVin(vin.trimmed().toUpper());
    if (!vehicle)
        return vehicle.error();
    if (!vehicle->has_value())
        return Error(u"No vehicle %1"_s.arg(vin), 404);
    VehicleDetails details;
    details.vehicle = **vehicle;
    details.online = isOnline(details.vehicle);
    const qint64 id = details.vehicle.id;
    auto snapshots = store::MoSnapshotRepository(db).listForVehicle(id);
    if (!snapshots)
        return snapshots.error();
    details.snapshots = *snapshots;
    auto sessions = store::SessionRepository(db).listForVehicle(id, DetailSessions);
    if (!sessions)
        return sessions.error();
    details.recentSessions = *sessions;
    auto registration = store::RegistrationRepository(db).findLatestForVehicle(id);
    if (!registration)
        return registration.error();
    details.latestRegistration = *registration;
    auto events = store::EventLog(db).list(0, DetailEvents, id);
    if (!events)
        return events.error();
    details.recentEvents = *events;
    return details;
}

Result<QList<store::RegistrationRecord>>
FleetService::registrations(std::optional<store::RegistrationState> state) const
{
    return store::RegistrationRepository(m_context->database->connection()).list(state, MaxListedRegistrations);
}

Result<store::RegistrationRecord> FleetService::acceptRegistration(const QString &vin, const QString &actor)
{
    return dm::RegistrationService(m_context).accept(vin.trimmed().toUpper(), actor);
}

Result<store::RegistrationRecord> FleetService::rejectRegistration(const QString &vin, const QString &actor,
                                                                   const QString &reason)
{
    return dm::RegistrationService(m_context).reject(vin.trimmed().toUpper(), actor, reason);
}

Result<store::VehicleRecord> FleetService::blockVehicle(const QString &vin, const campaigns::Actor &actor,
                                                        const QString &reason)
{
    return dm::RegistrationService(m_context).block(vin.trimmed().toUpper(), actor, reason);
}

Result<store::VehicleRecord> FleetService::unblockVehicle(const QString &vin, const campaigns::Actor &actor,
                                                          const QString &reason)
{
    return dm::RegistrationService(m_context).unblock(vin.trimmed().toUpper(), actor, reason);
}

QString FleetService::enrollmentKey() const
{
    return m_context->enrollmentKey();
}

Result<QString> FleetService::rotateEnrollmentKey(const QString &actor)
{
    const QString key = DataDir::generateEnrollmentKey();
    if (auto s = DataDir::writeFile(m_context->dataDir.enrollmentKeyPath(), key.toLatin1() + '\n', true); !s)
        return s.error();
    m_context->setEnrollmentKey(key);
    qint64 eventId = 0;
    Status logged = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        store::EventRecord event;
        event.atMs = m_context->clock->nowMs();
        event.kind = event::EnrollmentKeyRotated.toString();
        event.actor = actor;
        event.summary = u"Enrollment key rotated by %1; the previous key no longer registers vehicles"_s.arg(actor);
        auto id = store::EventLog(db).append(event);
        if (!id)
            return id.error();
        eventId = *id;
        return {};
    });
    Q_EMIT m_context->eventBus->enrollmentKeyChanged();
    if (!logged)
        return logged.error(); // the key did rotate; the audit row is what failed
    Q_EMIT m_context->eventBus->eventsAppended(eventId);
    return key;
}

Result<QList<store::EventRecord>> FleetService::events(qint64 afterId, int limit, const QString &vin) const
{
    QSqlDatabase db = m_context->database->connection();
    std::optional<qint64> vehicleId;
    if (!vin.isEmpty()) {
        auto vehicle = store::VehicleRepository(db).findByVin(vin.trimmed().toUpper());
        if (!vehicle)
            return vehicle.error();
        if (!vehicle->has_value())
            return Error(u"No vehicle %1"_s.arg(vin), 404);
        vehicleId = (*vehicle)->id;
    }
    return store::EventLog(db).list(afterId, limit, vehicleId);
}

} // namespace flotilla::server

#include "server/updates/UpdateEngine.h"

#include "core/omadm/Codes.h"
#include "core/update/Bundle.h"
#include "core/update/SignedDocument.h"
#include "core/update/UpdateInstruction.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/campaigns/CampaignRepository.h"
#include "server/releases/BlobStore.h"
#include "server/releases/ReleaseService.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/store/UpdateRepositories.h"
#include "server/updates/DeltaService.h"
#include "server/updates/SigningKeys.h"

#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcUpdates, "flotilla.updates")

using namespace Qt::StringLiterals;

namespace flotilla::server::updates {

namespace {

constexpr qint64 MiB = 1024 * 1024;
const QString SigningKeysItem = u"signing-keys"_s;

QString authority(const EngineContext &context, const QString &host)
{
    const QString h = host.contains(u':') && !host.startsWith(u'[') ? u'[' + host + u']' : host;
    return h + u':' + QString::number(context.devicePort.load());
}

QString blobUrl(const EngineContext &context, const QString &host, const QString &sha256)
{
    return u"https://"_s + authority(context, host) + u"/dm/blob/"_s + sha256;
}

QString packageId(qint64 jobId)
{
    return u"job-%1"_s.arg(jobId);
}

// The FUMO operation a firmware job is delivered with: a download-only campaign job stops after
// the download (PROTOCOL.md §6, FUMO Download); every other job installs too.
QString fumoOperation(const store::UpdateJobRecord &job)
{
    return job.downloadOnly ? u"Download"_s : u"DownloadAndUpdate"_s;
}

const QString DownloadedReason = u"downloaded and verified (download only): the payloads wait on the vehicle"_s;

store::EventRecord jobEvent(qint64 atMs, const store::UpdateJobRecord &job, const QString &actor,
                            const QString &summary)
{
    store::EventRecord event;
    event.atMs = atMs;
    event.kind = event::UpdatePrefix.toString() + store::toString(job.state);
    event.vehicleId = job.vehicleId;
    event.vin = job.vin;
    event.actor = actor;
    event.summary = summary;
    event.data = QJsonObject{{u"job"_s, job.id},
                             {u"release"_s, job.releaseId},
                             {u"state"_s, store::toString(job.state)},
                             {u"resultCode"_s, job.resultCode},
                             {u"reason"_s, job.reason}};
    return event;
}

// The vehicle's ECU entry for a hardware id ({Ecu, HwId, SwV}), from DevInfo/Ext/Ecus.
std::optional<QJsonObject> ecuWithHwId(const QJsonArray &ecus, const QString &hwId)
{
    for (const QJsonValue &value : ecus) {
        const QJsonObject ecu = value.toObject();
        if (ecu.value(u"HwId"_s).toString() == hwId)
            return ecu;
    }
    return std::nullopt;
}

// Which release targets apply to a vehicle, and from which version.
struct Applicable
{
    releases::ReleaseTarget target;
    QString fromVersion;
};
QList<Applicable> applicableTargets(const releases::ReleaseRecord &release, const QJsonArray &ecus)
{
    QList<Applicable> result;
    for (const releases::ReleaseTarget &target : release.targets) {
        const auto ecu = ecuWithHwId(ecus, target.hwId);
        if (!ecu)
            continue;
        const QString running = ecu->value(u"SwV"_s).toString();
        if (running == target.version)
            continue; // already there
        result.append({target, running});
    }
    return result;
}

// Data.JobId of an update alert, when present.
std::optional<qint64> jobIdOf(const omadm::Alert &alert)
{
    const QJsonValue value = alert.dataValue(u"JobId");
    bool ok = false;
    const qint64 id = value.isString() ? value.toString().toLongLong(&ok) : value.toInteger(-1);
    if (value.isString() ? ok : id >= 0)
        return id;
    return std::nullopt;
}

enum class AlertKind
{
    Other,
    Progress,
    Final,
};

// The server classifies final alerts by SourceURI, not AlertType (PROTOCOL.md §6.8).
AlertKind classify(const omadm::Alert &alert)
{
    const auto uri = omadm::ClientUri::parse(alert.sourceUri);
    if (!uri)
        return AlertKind::Other;
    const bool fumo = uri->kind == omadm::MoKind::Fumo &&
                      (uri->path == u"DownloadAndUpdate" || uri->path == u"Download" || uri->path == u"Update");
    const bool scomo = uri->kind == omadm::MoKind::Scomo && uri->path.startsWith(u"Download/") &&
                       uri->path.endsWith(u"/Operations/DownloadInstall");
    if (!fumo && !scomo)
        return AlertKind::Other;
    return alert.type.endsWith(u":Progress", Qt::CaseInsensitive) ? AlertKind::Progress : AlertKind::Final;
}

} // namespace

UpdateEngine::UpdateEngine(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
{}

UpdateEngine::~UpdateEngine() = default;

Status UpdateEngine::load()
{
    QSqlDatabase db = m_context->database->connection();
    auto active = store::UpdateJobRepository(db).listActive();
    if (!active)
        return active.error();
    for (const store::UpdateJobRecord &job : *active) {
        auto release = m_context->releases->find(job.releaseId);
        const QString kind = release && release->has_value() ? (*release)->kind : u"firmware"_s;
        remember(job, kind, blobsOf(job));
    }
    // During a rotation, every accepted vehicle that has not received the next key needs it.
    const QString next = m_context->signingKeys->nextKeyId();
    if (!next.isEmpty()) {
        store::VehicleFilter all;
        all.limit = 0;
        all.state = store::VehicleState::Accepted;
        auto vehicles = store::VehicleRepository(db).list(all);
        if (!vehicles)
            return vehicles.error();
        store::SigningKeyRepository keys(db);
        std::lock_guard lock(m_mutex);
        for (const store::VehicleRecord &vehicle : *vehicles) {
            auto delivered = keys.deliveredTo(vehicle.id);
            if (delivered && !delivered->contains(next))
                m_needKeys.insert(vehicle.id);
        }
    }
    return {};
}

QSet<QString> UpdateEngine::blobsOf(const store::UpdateJobRecord &job) const
{
    QSet<QString> blobs;
    if (job.instructionSha256.isEmpty())
        return blobs;
    blobs.insert(job.instructionSha256);
    // The payloads this vehicle may fetch are those its signed instruction names.
    QFile file(m_context->blobs->pathOf(job.instructionSha256));
    if (!file.open(QIODevice::ReadOnly))
        return blobs;
    if (auto document = update::SignedDocument::parse(file.read(update::SignedDocument::MaxBytes))) {
        if (auto instruction = update::UpdateInstruction::fromJson(document->signedPart())) {
            for (const update::Target &target : instruction->targets)
                blobs.insert(target.payload.sha256);
        }
    }
    return blobs;
}

void UpdateEngine::reloadVehicle(qint64 vehicleId)
{
    auto active = store::UpdateJobRepository(m_context->database->connection()).activeForVehicle(vehicleId);
    if (!active) {
        qCWarning(lcUpdates) << active.errorString();
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_active.remove(vehicleId);
    }
    if (active->has_value()) {
        auto release = m_context->releases->find((*active)->releaseId);
        remember(**active, release && release->has_value() ? (*release)->kind : u"firmware"_s, blobsOf(**active));
    }
}

void UpdateEngine::remember(const store::UpdateJobRecord &job, const QString &kind, const QSet<QString> &blobs)
{
    std::lock_guard lock(m_mutex);
    if (store::isTerminal(job.state)) {
        if (m_active.value(job.vehicleId).jobId == job.id)
            m_active.remove(job.vehicleId);
        return;
    }
    ActiveJob &active = m_active[job.vehicleId];
    if (active.jobId != job.id)
        active = ActiveJob{};
    active.jobId = job.id;
    active.vin = job.vin;
    active.instructionSha256 = job.instructionSha256;
    active.state = job.state;
    active.kind = kind;
    active.blobs.unite(blobs);
    active.payloadBytes = job.payloadBytes;
}

void UpdateEngine::forget(qint64 vehicleId, qint64 jobId)
{
    std::lock_guard lock(m_mutex);
    if (m_active.value(vehicleId).jobId == jobId)
        m_active.remove(vehicleId);
}

bool UpdateEngine::hasWork(qint64 vehicleId) const
{
    std::lock_guard lock(m_mutex);
    if (m_needKeys.contains(vehicleId) || m_reminded.contains(vehicleId))
        return true;
    const auto it = m_active.constFind(vehicleId);
    return it != m_active.constEnd() &&
           (it->state == store::JobState::Queued || it->state == store::JobState::Verifying);
}

bool UpdateEngine::remindOwner(qint64 vehicleId, qint64 jobId)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_active.constFind(vehicleId);
    if (it == m_active.constEnd() || it->jobId != jobId || it->state != store::JobState::AwaitingConsent)
        return false;
    m_reminded.insert(vehicleId);
    return true;
}

Status UpdateEngine::transition(QSqlDatabase &db, store::UpdateJobRecord &job, store::JobState state, qint64 nowMs,
                                const QString &reason, qint64 &lastEventId, const QString &actor)
{
    const bool changed = job.state != state;
    job.state = state;
    job.updatedAtMs = nowMs;
    if (!reason.isEmpty())
        job.reason = reason;
    if (store::isTerminal(state) && job.finishedAtMs == 0)
        job.finishedAtMs = nowMs;
    if (auto s = store::UpdateJobRepository(db).update(job); !s)
        return s;
    if (changed) {
        QString summary = u"Update job %1: %2"_s.arg(job.id).arg(store::toString(state));
        if (job.resultCode != 0)
            summary += u" (result %1)"_s.arg(job.resultCode);
        if (!job.reason.isEmpty())
            summary += u" — "_s + job.reason;
        auto id = store::EventLog(db).append(jobEvent(nowMs, job, actor, summary));
        if (!id)
            return id.error();
        lastEventId = *id;
    }
    {
        std::lock_guard lock(m_mutex);
        m_changedVins.insert(job.vin);
        if (store::isTerminal(state)) {
            if (m_active.value(job.vehicleId).jobId == job.id)
                m_active.remove(job.vehicleId);
        } else if (auto it = m_active.find(job.vehicleId); it != m_active.end() && it->jobId == job.id) {
            it->state = state;
        }
    }
    return {};
}

Result<QList<UpdateEngine::Assignment>> UpdateEngine::assign(qint64 releaseId, const QStringList &vins,
                                                             const QString &actor, const AssignOptions &options)
{
    auto release = m_context->releases->find(releaseId);
    if (!release)
        return release.error();
    if (!release->has_value())
        return Error(u"No release %1"_s.arg(releaseId), 404);
    const releases::ReleaseRecord &r = **release;
    QList<Assignment> assignments;
    QStringList sourceVersions;
    qint64 lastEventId = 0;
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        const qint64 now = m_context->clock->nowMs();
        store::VehicleRepository vehicles(db);
        store::UpdateJobRepository jobs(db);
        for (const QString &rawVin : vins) {
            Assignment assignment;
            assignment.vin = rawVin.trimmed().toUpper();
            auto vehicle = vehicles.findByVin(assignment.vin);
            if (!vehicle)
                return vehicle.error();
            if (!vehicle->has_value()) {
                assignment.error = u"unknown vehicle"_s;
            } else if ((*vehicle)->state != store::VehicleState::Accepted) {
                assignment.error = u"vehicle is %1"_s.arg(store::toString((*vehicle)->state));
            } else if (auto active = jobs.activeForVehicle((*vehicle)->id); !active) {
                return active.error();
            } else if (active->has_value()) {
                assignment.error =
                    u"busy with update job %1 (%2)"_s.arg((*active)->id).arg(store::toString((*active)->state));
            } else {
                const QList<Applicable> targets = applicableTargets(r, (*vehicle)->ecus);
                if (targets.isEmpty()) {
                    const bool hasHardware = std::any_of(r.targets.cbegin(), r.targets.cend(), [&](const auto &t) {
                        return ecuWithHwId((*vehicle)->ecus, t.hwId).has_value();
                    });
                    assignment.error =
                        hasHardware ? u"already runs this release"_s : u"no ECU with the release's hardware ids"_s;
                } else {
                    store::UpdateJobRecord job;
                    job.vehicleId = (*vehicle)->id;
                    job.vin = assignment.vin;
                    job.releaseId = releaseId;
                    job.state = store::JobState::Queued;
                    job.createdAtMs = job.updatedAtMs = now;
                    job.createdBy = actor;
                    job.campaignId = options.campaignId;
                    job.downloadOnly = options.downloadOnly;
                    auto id = jobs.insert(job);
                    if (!id)
                        return id.error();
                    job.id = *id;
                    auto eventId = store::EventLog(db).append(
                        jobEvent(now, job, actor,
                                 u"Update job %1: %2 %3 assigned by %4"_s.arg(job.id).arg(r.name, r.version, actor)));
                    if (!eventId)
                        return eventId.error();
                    lastEventId = *eventId;
                    assignment.job = job;
                    for (const Applicable &target : targets)
                        sourceVersions.append(target.fromVersion);
                }
            }
            assignments.append(assignment);
        }
        return {};
    });
    if (!status)
        return status.error();
    QStringList changed;
    for (const Assignment &assignment : std::as_const(assignments)) {
        if (assignment.job) {
            remember(*assignment.job, r.kind, {});
            changed.append(assignment.vin);
        }
    }
    if (!changed.isEmpty()) {
        sourceVersions.removeDuplicates();
        // Full payloads and the deltas these vehicles need, built in the background; each job
        // waits for its own vehicle's payload rather than being sent a bigger one meanwhile.
        if (auto queued = m_context->deltas->request(releaseId, sourceVersions); !queued)
            qCWarning(lcUpdates) << "delta builds for release" << releaseId << ":" << queued.errorString();
        Q_EMIT m_context->eventBus->jobsChanged(changed);
        Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
    }
    return assignments;
}

Result<store::UpdateJobRecord> UpdateEngine::cancel(qint64 jobId, const QString &actor)
{
    return stop(jobId, store::JobState::Cancelled, u"cancelled by %1"_s.arg(actor), actor);
}

Status UpdateEngine::endJobOfWipedVehicle(QSqlDatabase &db, qint64 vehicleId, qint64 nowMs, const QString &actor,
                                          qint64 &lastEventId)
{
    auto active = store::UpdateJobRepository(db).activeForVehicle(vehicleId);
    if (!active)
        return active.error();
    if (!active->has_value())
        return {};
    store::UpdateJobRecord job = **active;
    const bool installing = job.state == store::JobState::Installing || job.state == store::JobState::Verifying;
    return transition(db, job, installing ? store::JobState::Failed : store::JobState::Cancelled, nowMs,
                      installing ? u"the vehicle was wiped while installing"_s : u"the vehicle was wiped"_s,
                      lastEventId, actor);
}

Result<store::UpdateJobRecord> UpdateEngine::expire(qint64 jobId, const QString &reason, const QString &actor)
{
    return stop(jobId, store::JobState::Expired, reason, actor);
}

Result<store::UpdateJobRecord> UpdateEngine::stop(qint64 jobId, store::JobState state, const QString &reason,
                                                  const QString &actor)
{
    store::UpdateJobRecord job;
    qint64 lastEventId = 0;
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        auto found = store::UpdateJobRepository(db).findById(jobId);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error(u"No update job %1"_s.arg(jobId), 404);
        job = **found;
        // Vehicles that are installing finish and report (DESIGN.md: installing ones finish).
        if (store::isTerminal(job.state) || job.state == store::JobState::Installing ||
            job.state == store::JobState::Verifying)
            return Error(
                u"Update job %1 is %2 and can no longer be %3"_s.arg(jobId).arg(
                    store::toString(job.state), state == store::JobState::Cancelled ? u"cancelled"_s : u"expired"_s),
                409);
        return transition(db, job, state, m_context->clock->nowMs(), reason, lastEventId, actor);
    });
    if (!status)
        return status.error();
    Q_EMIT m_context->eventBus->jobsChanged({job.vin});
    Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
    return job;
}

Result<std::optional<store::UpdateJobRecord>> UpdateEngine::job(qint64 jobId) const
{
    return store::UpdateJobRepository(m_context->database->connection()).findById(jobId);
}

Result<QList<store::UpdateJobRecord>> UpdateEngine::jobsForVehicle(const QString &vin, int limit) const
{
    QSqlDatabase db = m_context->database->connection();
    auto vehicle = store::VehicleRepository(db).findByVin(vin.trimmed().toUpper());
    if (!vehicle)
        return vehicle.error();
    if (!vehicle->has_value())
        return Error(u"No vehicle %1"_s.arg(vin), 404);
    return store::UpdateJobRepository(db).listForVehicle((*vehicle)->id, limit);
}

Result<QList<store::UpdateJobRecord>> UpdateEngine::jobsForRelease(qint64 releaseId) const
{
    return store::UpdateJobRepository(m_context->database->connection()).listForRelease(releaseId);
}

Result<store::SigningKeyRecord> UpdateEngine::rotateSigningKey(const QString &actor)
{
    std::optional<store::SigningKeyRecord> rotated;
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        auto record = m_context->signingKeys->rotate(db);
        if (!record)
            return record.error();
        rotated = *record;
        store::EventRecord event;
        event.atMs = m_context->clock->nowMs();
        event.kind = event::SigningKeyRotated.toString();
        event.actor = actor;
        event.summary = u"New instruction-signing key %1 is being delivered to vehicles"_s.arg(record->keyId.left(16));
        event.data = QJsonObject{{u"keyId"_s, record->keyId}};
        return store::EventLog(db).append(event).ok() ? Status() : Error(u"cannot log the rotation"_s);
    });
    if (!status)
        return status.error();
    if (auto s = load(); !s) // every accepted vehicle now needs the new key
        qCWarning(lcUpdates) << s.errorString();
    return *rotated;
}

Result<store::SigningKeyRecord> UpdateEngine::promoteSigningKey(const QString &actor)
{
    std::optional<store::SigningKeyRecord> promoted;
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        auto record = m_context->signingKeys->promote(db);
        if (!record)
            return record.error();
        promoted = *record;
        store::EventRecord event;
        event.atMs = m_context->clock->nowMs();
        event.kind = event::SigningKeyPromoted.toString();
        event.actor = actor;
        event.summary = u"Instruction-signing key %1 is now the only signer"_s.arg(record->keyId.left(16));
        event.data = QJsonObject{{u"keyId"_s, record->keyId}};
        return store::EventLog(db).append(event).ok() ? Status() : Error(u"cannot log the promotion"_s);
    });
    if (!status)
        return status.error();
    std::lock_guard lock(m_mutex);
    m_needKeys.clear();
    return *promoted;
}

Result<qint64> UpdateEngine::vehiclesWithKey(const QString &keyId) const
{
    return store::SigningKeyRepository(m_context->database->connection()).countDelivered(keyId);
}

Result<QList<omadm::Command>> UpdateEngine::prepareSession(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                                           const omadm::Package1 &package, const QString &host,
                                                           qint64 nowMs)
{
    QList<omadm::Command> commands;
    bool needKeys = false;
    std::optional<qint64> jobId;
    {
        std::lock_guard lock(m_mutex);
        needKeys = m_needKeys.contains(vehicle.vehicleId);
        if (const auto it = m_active.constFind(vehicle.vehicleId); it != m_active.constEnd())
            jobId = it->jobId;
    }
    if (needKeys) {
        commands.append({u"HGET"_s,
                         {u"https://"_s + authority(*m_context, host) + u"/dm/mo/"_s + SigningKeysItem,
                          package.moidFor(omadm::MoKind::DmAcc) + u"//Ext/SigningKeys"_s}});
    }
    if (!jobId)
        return commands;
    auto found = store::UpdateJobRepository(db).findById(*jobId);
    if (!found)
        return found.error();
    if (!found->has_value())
        return commands;
    store::UpdateJobRecord job = **found;
    qint64 lastEventId = 0;
    // The instruction expires InstructionValidityMs after the job was created; a job not delivered
    // by then ends here rather than sending the vehicle an instruction it must refuse (403).
    if (!store::isTerminal(job.state) && nowMs - job.createdAtMs > InstructionValidityMs) {
        const QString reason = job.state == store::JobState::Queued
                                   ? u"the vehicle was offline until the instruction expired"_s
                                   : u"the instruction expired"_s;
        if (auto s = transition(db, job, store::JobState::Expired, nowMs, reason, lastEventId, u"system"_s); !s)
            return s.error();
        return commands;
    }
    bool remind = false;
    QString kind;
    {
        std::lock_guard lock(m_mutex);
        remind = m_reminded.remove(vehicle.vehicleId);
        kind = m_active.value(vehicle.vehicleId).kind;
    }
    if (remind && job.state == store::JobState::AwaitingConsent && !job.instructionSha256.isEmpty()) {
        // A consent reminder: the same instruction (PkgURL) again, so the agent knows the job.
        commands.append(operationCommands(job, kind != u"application", package, host));
        return commands;
    }
    if (job.state != store::JobState::Queued)
        return commands;
    auto delivered = deliver(db, job, package, host, nowMs, lastEventId);
    if (!delivered)
        return delivered.error();
    commands.append(*delivered);
    return commands;
}

Result<UpdateEngine::Built> UpdateEngine::buildInstruction(QSqlDatabase &db, store::UpdateJobRecord &job,
                                                           const QString &host, qint64 nowMs)
{
    Built built;
    auto release = m_context->releases->find(job.releaseId);
    if (!release)
        return release.error();
    auto record = store::VehicleRepository(db).findById(job.vehicleId);
    if (!record)
        return record.error();
    if (!release->has_value() || !record->has_value()) {
        built.failure = u"the release or the vehicle no longer exists"_s;
        return built;
    }
    const releases::ReleaseRecord &r = **release;
    const store::VehicleRecord &v = **record;
    built.kind = r.kind;
    built.applicable = !applicableTargets(r, v.ecus).isEmpty();
    if (!built.applicable)
        return built;

    update::UpdateInstruction instruction;
    instruction.jobId = QString::number(job.id);
    instruction.vin = v.vin;
    instruction.devId = v.devId;
    instruction.issuedUtc = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    instruction.expiresUtc = QDateTime::fromMSecsSinceEpoch(job.createdAtMs + InstructionValidityMs, Qt::UTC);
    instruction.package.name = r.name;
    instruction.package.version = r.version;
    instruction.package.releaseCounter = r.releaseCounter;
    instruction.package.hwIds = r.hwIds;
    instruction.package.rxswin = r.rxswin;
    instruction.package.preconditions = r.preconditions;
    if (job.campaignId) {
        // The campaign's consent policy and preconditions, as approved (an edit waiting for its
        // approval does not reach vehicles yet), take the place of the release's.
        auto campaign = campaigns::CampaignRepository(db).findById(*job.campaignId);
        if (!campaign)
            return campaign.error();
        if (campaign->has_value()) {
            const campaigns::CampaignRecord &c = **campaign;
            auto approved = c.approvedRevision > 0 ? campaigns::CampaignSpec::fromJson(c.approvedSpec)
                                                   : Result<campaigns::CampaignSpec>(c.spec);
            const campaigns::CampaignSpec &spec = approved ? *approved : c.spec;
            instruction.package.preconditions = spec.preconditionsFor(r.preconditions);
        }
    }
    instruction.package.userText = r.userText;
    instruction.dtcsToClear = r.dtcsToClear;

    const qint64 maxApply = qint64(v.deltaMaxMemoryMiB.value_or(0)) * MiB;
    for (const Applicable &item : applicableTargets(r, v.ecus)) {
        const releases::ReleaseTarget &target = item.target;
        auto images = m_context->releases->imagesForHwId(target.hwId);
        if (!images)
            return images.error();
        const QString fromSha = images->value(item.fromVersion).sha256;
        // Wait for a payload that is still being built for this vehicle's version.
        if ((!fromSha.isEmpty() && m_context->deltas->isPending(fromSha, target.image.sha256)) ||
            m_context->deltas->isPending({}, target.image.sha256)) {
            built.waiting = true;
            return built;
        }
        auto payload = DeltaService::bestPayload(db, fromSha, target.image.sha256, v.codecs, maxApply);
        if (!payload)
            return payload.error();
        if (!payload->has_value()) {
            built.missingVersions.append(item.fromVersion);
            continue;
        }
        auto blob = m_context->blobs->find(db, (*payload)->blobSha256);
        if (!blob)
            return blob.error();
        if (!blob->has_value()) {
            built.failure = u"payload blob %1 is missing"_s.arg((*payload)->blobSha256);
            return built;
        }
        update::Target t;
        t.ecu = target.ecu;
        t.hwId = target.hwId;
        t.version = target.version;
        t.length = target.image.length;
        t.sha256 = target.image.sha256;
        t.sha1 = target.image.sha1;
        t.md5 = target.image.md5;
        t.payload.codec = (*payload)->codec;
        t.payload.fromSha256 = (*payload)->fromSha256;
        t.payload.url = blobUrl(*m_context, host, (*blob)->sha256);
        t.payload.length = (*blob)->length;
        t.payload.sha256 = (*blob)->sha256;
        t.payload.md5 = (*blob)->md5;
        instruction.targets.append(t);
        built.payloadFiles.append(m_context->blobs->pathOf((*blob)->sha256));
        built.blobs.insert((*blob)->sha256);
        built.payloadBytes += (*blob)->length;
    }
    if (!built.missingVersions.isEmpty()) {
        built.failure = u"no payload it can apply (codecs %1, %2 MiB for deltas)"_s.arg(v.codecs.join(u", "_s))
                            .arg(v.deltaMaxMemoryMiB.value_or(0));
        return built;
    }

    built.document = update::SignedDocument(instruction.toJson());
    for (const crypto::PrivateKey *key : m_context->signingKeys->signers()) {
        if (auto s = built.document.sign(*key); !s)
            return s.error();
    }
    auto stored = m_context->blobs->importData(db, built.document.toJson(), u"instruction"_s, nowMs);
    if (!stored)
        return stored.error();
    built.blobs.insert(stored->sha256);
    built.instructionSha256 = stored->sha256;
    return built;
}

Result<QList<omadm::Command>> UpdateEngine::deliver(QSqlDatabase &db, store::UpdateJobRecord &job,
                                                    const omadm::Package1 &package, const QString &host, qint64 nowMs,
                                                    qint64 &lastEventId)
{
    auto fail = [&](const QString &reason) -> Result<QList<omadm::Command>> {
        if (auto s = transition(db, job, store::JobState::Failed, nowMs, reason, lastEventId, u"system"_s); !s)
            return s.error();
        return QList<omadm::Command>();
    };
    auto built = buildInstruction(db, job, host, nowMs);
    if (!built)
        return built.error();
    const bool firmware = built->kind != u"application";
    const omadm::MoKind moKind = firmware ? omadm::MoKind::Fumo : omadm::MoKind::Scomo;
    if (!package.mos.isEmpty() && !package.supports(moKind))
        return fail(u"the vehicle does not announce %1"_s.arg(firmware ? u"FUMO"_s : u"SCOMO"_s));
    // SCOMO's Download operation is optional and the agent does not implement it (406).
    if (!firmware && job.downloadOnly)
        return fail(u"download only is for firmware (FUMO) releases"_s);
    if (!built->applicable) {
        if (auto s = transition(db, job, store::JobState::Succeeded, nowMs, u"already runs the release's versions"_s,
                                lastEventId, u"system"_s);
            !s)
            return s.error();
        return QList<omadm::Command>();
    }
    if (built->waiting || !built->missingVersions.isEmpty()) {
        // Nothing built the vehicle can apply yet: ask for the builds once, then give up.
        const QString waiting = u"waiting for its payload to be built"_s;
        if (!built->waiting && job.reason == waiting)
            return fail(built->failure);
        if (!built->waiting)
            m_context->deltas->request(job.releaseId, built->missingVersions).ok();
        job.reason = waiting;
        if (auto s = store::UpdateJobRepository(db).update(job); !s)
            return s.error();
        return QList<omadm::Command>();
    }
    if (!built->failure.isEmpty())
        return fail(built->failure);

    job.instructionSha256 = built->instructionSha256;
    job.payloadBytes = built->payloadBytes;
    job.bytesServed = 0;
    job.progress = 0;
    job.reason.clear();
    if (auto s = transition(db, job, store::JobState::Notified, nowMs, {}, lastEventId, u"system"_s); !s)
        return s.error();
    remember(job, built->kind, built->blobs);

    return operationCommands(job, firmware, package, host);
}

QList<omadm::Command> UpdateEngine::operationCommands(const store::UpdateJobRecord &job, bool firmware,
                                                      const omadm::Package1 &package, const QString &host) const
{
    const QString server = u"https://"_s + authority(*m_context, host) + u"/dm/mo/job/"_s + QString::number(job.id);
    const QString moid = package.moidFor(firmware ? omadm::MoKind::Fumo : omadm::MoKind::Scomo);
    if (firmware) {
        const QString operation = moid + u"//"_s + fumoOperation(job);
        return {{u"HGET"_s, {server, operation + u"/PkgURL"_s}}, {u"EXEC"_s, {operation}}};
    }
    const QString node = moid + u"//Download/"_s + packageId(job.id);
    return {{u"HGET"_s, {server, node}}, {u"EXEC"_s, {node + u"/Operations/DownloadInstall"_s}}};
}

Result<store::UpdateJobRecord> UpdateEngine::exportBundle(qint64 releaseId, const QString &vin, const QString &path,
                                                          const QString &actor)
{
    // An offline bundle is an update job delivered by hand: the vehicle's report at its next
    // session closes it like any other (PROTOCOL.md §8).
    auto assignments = assign(releaseId, {vin}, actor);
    if (!assignments)
        return assignments.error();
    if (!assignments->first().job)
        return Error(u"%1: %2"_s.arg(vin, assignments->first().error), 409);
    store::UpdateJobRecord job = *assignments->first().job;
    // Payloads are built in the background; an export waits for them (blocking, like the CLI).
    for (int waited = 0; waited < 600 && m_context->deltas->isBusy(releaseId); ++waited)
        QThread::msleep(500);
    // The instruction is made in a short transaction; the bundle file (megabytes of payloads) is
    // written outside it, so that vehicles' check-ins never wait behind an export.
    std::optional<Built> built;
    const qint64 builtAt = m_context->clock->nowMs();
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        const QString host = m_context->config.publicHost.isEmpty() ? u"localhost"_s : m_context->config.publicHost;
        auto result = buildInstruction(db, job, host, builtAt);
        if (!result)
            return result.error();
        built = *result;
        return {};
    });
    if (!status)
        return status.error();
    if (!built->applicable || built->waiting || !built->failure.isEmpty()) {
        cancel(job.id, actor).ok();
        return Error(built->waiting ? u"its payloads are still being built; try again"_s
                                    : (built->failure.isEmpty() ? u"nothing to install"_s : built->failure),
                     409);
    }
    const crypto::PrivateKey *signer = m_context->signingKeys->signers().first(); // the active key signs the index
    if (auto s = update::Bundle::write(path, built->document, built->payloadFiles, *signer,
                                       update::isoUtc(QDateTime::fromMSecsSinceEpoch(builtAt, Qt::UTC)));
        !s) {
        cancel(job.id, actor).ok();
        return s.error();
    }
    qint64 lastEventId = 0;
    status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        job.instructionSha256 = built->instructionSha256;
        job.payloadBytes = built->payloadBytes;
        return transition(db, job, store::JobState::Notified, m_context->clock->nowMs(),
                          u"delivered as an offline bundle"_s, lastEventId, actor);
    });
    if (!status)
        return status.error();
    Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
    remember(job, built->kind, built->blobs);
    Q_EMIT m_context->eventBus->jobsChanged({job.vin});
    return job;
}

Result<QList<omadm::Alert>> UpdateEngine::handleAlerts(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                                       const QList<omadm::Alert> &alerts, qint64 nowMs,
                                                       qint64 &lastEventId)
{
    QList<omadm::Alert> others;
    store::UpdateJobRepository jobs(db);
    for (const omadm::Alert &alert : alerts) {
        const AlertKind kind = classify(alert);
        if (kind == AlertKind::Other) {
            others.append(alert);
            continue;
        }
        std::optional<store::UpdateJobRecord> job;
        if (const auto id = jobIdOf(alert)) {
            auto found = jobs.findById(*id);
            if (!found)
                return found.error();
            job = *found;
        } else {
            auto active = jobs.activeForVehicle(vehicle.vehicleId);
            if (!active)
                return active.error();
            job = *active;
        }
        // A report about another vehicle's job is kept as a plain alert, never applied (T19).
        if (!job || job->vehicleId != vehicle.vehicleId) {
            others.append(alert);
            continue;
        }
        if (store::isTerminal(job->state))
            continue; // a report resent after it was already taken: idempotent

        if (kind == AlertKind::Progress) {
            const int state = alert.state().value_or(0);
            job->progress = qBound(0, int(alert.dataValue(u"Progress").toInteger(job->progress)), 100);
            const QString blocked = alert.dataValue(u"Blocked").toString();
            store::JobState next = job->state;
            QString reason;
            switch (state) {
            case int(omadm::FumoState::DownloadProgressing):
                next = store::JobState::Downloading;
                break;
            case int(omadm::FumoState::DownloadComplete):
                next = store::JobState::Downloaded;
                break;
            case int(omadm::FumoState::ReadyToUpdate):
                if (blocked == u"consent-postponed") {
                    next = store::JobState::Deferred;
                    const QDateTime until = QDateTime::fromString(alert.dataValue(u"Until").toString(), Qt::ISODate);
                    job->deferredUntilMs = until.isValid() ? until.toMSecsSinceEpoch() : 0;
                    reason = u"postponed by the owner"_s;
                } else if (blocked == u"consent") {
                    next = store::JobState::AwaitingConsent;
                    reason = u"waiting for the owner's consent"_s;
                } else if (!blocked.isEmpty()) {
                    next = store::JobState::Blocked;
                    reason = u"blocked: "_s + blocked;
                } else {
                    next = store::JobState::Downloaded;
                }
                break;
            case int(omadm::FumoState::UpdateProgressing):
                next = store::JobState::Installing;
                break;
            default:
                break;
            }
            if (auto s = transition(db, *job, next, nowMs, reason, lastEventId); !s)
                return s.error();
            continue;
        }

        // Final report.
        const int code = alert.resultCode().value_or(int(omadm::FumoResult::UndefinedError));
        const QJsonObject report = alert.dataValue(u"Report").toObject();
        job->resultCode = code;
        job->report = report;
        job->progress = 100;
        store::JobState next;
        QString reason = report.value(u"Reason"_s).toString();
        if (omadm::isSuccessResult(code) && job->downloadOnly) {
            next = store::JobState::Succeeded; // nothing was installed: there is nothing to read back
            reason = DownloadedReason;
        } else if (omadm::isSuccessResult(code)) {
            next = store::JobState::Verifying; // counted only once the new version is read back
        } else if (report.value(u"RolledBack"_s).toBool()) {
            next = store::JobState::RolledBack;
        } else {
            next = store::JobState::Failed;
        }
        if (reason.isEmpty() && !omadm::isSuccessResult(code))
            reason = code >= 1000 ? omadm::scomoResultName(code) : omadm::fumoResultName(code);
        if (auto s = transition(db, *job, next, nowMs, reason, lastEventId); !s)
            return s.error();
    }
    return others;
}

Status UpdateEngine::handleStatuses(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                    const QList<omadm::Command> &commands, const QList<omadm::StatusEntry> &statuses,
                                    qint64 nowMs, qint64 &lastEventId)
{
    std::optional<store::UpdateJobRecord> job;
    for (qsizetype i = 0; i < commands.size() && i < statuses.size(); ++i) {
        const omadm::Command &command = commands[i];
        const int sc = statuses[i].sc;
        const QString target = command.params.value(0);
        if (command.name == u"HGET" && target.endsWith(u"/dm/mo/"_s + SigningKeysItem)) {
            if (sc != 200)
                continue;
            store::SigningKeyRepository keys(db);
            for (const QString &keyId : m_context->signingKeys->trustedKeyIds()) {
                if (auto s = keys.recordDelivered(vehicle.vehicleId, keyId, nowMs); !s)
                    return s;
            }
            std::lock_guard lock(m_mutex);
            m_needKeys.remove(vehicle.vehicleId);
            continue;
        }
        const bool jobHget = command.name == u"HGET" && target.contains(u"/dm/mo/job/"_s);
        const bool exec = command.name == u"EXEC";
        if (!jobHget && !exec)
            continue;
        if (!job) {
            auto active = store::UpdateJobRepository(db).activeForVehicle(vehicle.vehicleId);
            if (!active)
                return active.error();
            if (!active->has_value())
                return {};
            job = **active;
        }
        if (job->state != store::JobState::Notified)
            continue; // an alert in this package already moved it (sync EXEC with its report)
        if (jobHget && sc != 200) {
            job->resultCode = sc;
            if (auto s = transition(db, *job, store::JobState::Failed, nowMs, u"HGET of the job failed (%1)"_s.arg(sc),
                                    lastEventId);
                !s)
                return s;
        } else if (exec) {
            if (sc == int(omadm::StatusCode::Accepted)) {
                if (auto s = transition(db, *job, store::JobState::Downloading, nowMs, {}, lastEventId); !s)
                    return s;
            } else {
                // Synchronous EXEC: the status is the operation's result code.
                job->resultCode = sc;
                const bool ok = omadm::isSuccessResult(sc);
                const store::JobState next = !ok                 ? store::JobState::Failed
                                             : job->downloadOnly ? store::JobState::Succeeded
                                                                 : store::JobState::Verifying;
                const QString reason = !ok ? (sc >= 1000 ? omadm::scomoResultName(sc) : omadm::fumoResultName(sc))
                                           : (job->downloadOnly ? DownloadedReason : QString());
                if (auto s = transition(db, *job, next, nowMs, reason, lastEventId); !s)
                    return s;
            }
        }
    }
    return {};
}

Status UpdateEngine::handleReadback(QSqlDatabase &db, const dm::AuthenticatedVehicle &vehicle,
                                    const QJsonObject &scomoData, qint64 nowMs, qint64 &lastEventId)
{
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_active.constFind(vehicle.vehicleId);
        if (it == m_active.constEnd() || it->state != store::JobState::Verifying)
            return {};
    }
    auto active = store::UpdateJobRepository(db).activeForVehicle(vehicle.vehicleId);
    if (!active)
        return active.error();
    if (!active->has_value() || (*active)->state != store::JobState::Verifying)
        return {};
    store::UpdateJobRecord job = **active;
    auto release = m_context->releases->find(job.releaseId);
    if (!release)
        return release.error();
    auto record = store::VehicleRepository(db).findById(vehicle.vehicleId); // DevInfo as this session left it
    if (!record)
        return record.error();
    if (!release->has_value() || !record->has_value())
        return {};
    const QJsonArray ecus = (*record)->ecus;
    // What the vehicle runs now, per target: DevInfo ECUs (firmware) or deployed components (SCOMO).
    const QJsonObject deployed = scomoData.value(u"Inventory"_s).toObject().value(u"Deployed"_s).toObject();
    QStringList mismatches;
    for (const releases::ReleaseTarget &target : (*release)->targets) {
        QString running;
        if ((*release)->kind == u"application") {
            running = deployed.value(target.ecu).toObject().value(u"Version"_s).toString();
            if (running.isEmpty())
                continue; // no SCOMO inventory in this session: read back later
        } else {
            const auto ecu = ecuWithHwId(ecus, target.hwId);
            if (!ecu)
                continue;
            running = ecu->value(u"SwV"_s).toString();
        }
        if (running != target.version)
            mismatches.append(u"%1 runs %2, expected %3"_s.arg(target.ecu, running, target.version));
    }
    if (mismatches.isEmpty())
        return transition(db, job, store::JobState::Succeeded, nowMs, u"new version read back"_s, lastEventId,
                          u"system"_s);
    return transition(db, job, store::JobState::Failed, nowMs,
                      u"reported success but reads back: "_s + mismatches.join(u"; "_s), lastEventId, u"system"_s);
}

void UpdateEngine::afterCommit(const dm::AuthenticatedVehicle &vehicle)
{
    Q_UNUSED(vehicle)
    QStringList vins;
    {
        std::lock_guard lock(m_mutex);
        vins = m_changedVins.values();
        m_changedVins.clear();
    }
    if (!vins.isEmpty())
        Q_EMIT m_context->eventBus->jobsChanged(vins);
}

Result<QJsonObject> UpdateEngine::moData(qint64 vehicleId, const QString &item, const QString &host) const
{
    if (item == SigningKeysItem) {
        return QJsonObject{
            {u"MOData"_s,
             QJsonObject{
                 {u"DmAcc"_s,
                  QJsonObject{{u"Ext"_s, QJsonObject{{u"SigningKeys"_s,
                                                      QJsonArray::fromStringList(
                                                          m_context->signingKeys->trustedPublicKeysPem())}}}}}}}};
    }
    if (!item.startsWith(u"job/"))
        return Error(u"Not Found"_s, 404);
    bool ok = false;
    const qint64 jobId = item.mid(4).toLongLong(&ok);
    if (!ok)
        return Error(u"Not Found"_s, 404);
    QSqlDatabase db = m_context->database->connection();
    auto job = store::UpdateJobRepository(db).findById(jobId);
    if (!job)
        return job.error();
    // Only the vehicle the job belongs to may read it (T19).
    if (!job->has_value() || (*job)->vehicleId != vehicleId || (*job)->instructionSha256.isEmpty())
        return Error(u"Not Found"_s, 404);
    const QString url = blobUrl(*m_context, host, (*job)->instructionSha256);
    auto release = m_context->releases->find((*job)->releaseId);
    if (!release)
        return release.error();
    if (release->has_value() && (*release)->kind == u"application") {
        const QString id = packageId(jobId);
        return QJsonObject{
            {u"MOData"_s,
             QJsonObject{
                 {u"scomo"_s, QJsonObject{{u"Download"_s,
                                           QJsonObject{{id, QJsonObject{{u"PkgID"_s, id},
                                                                        {u"Name"_s, (*release)->name},
                                                                        {u"PkgURL"_s, url},
                                                                        {u"Description"_s,
                                                                         (*release)->userText.value(u"en"_s)}}}}}}}}}};
    }
    return QJsonObject{
        {u"MOData"_s, QJsonObject{{u"fumo"_s, QJsonObject{{fumoOperation(**job), QJsonObject{{u"PkgURL"_s, url}}}}}}}};
}

bool UpdateEngine::mayFetchBlob(qint64 vehicleId, const QString &sha256) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_active.constFind(vehicleId);
    return it != m_active.constEnd() && it->blobs.contains(sha256);
}

void UpdateEngine::recordServed(qint64 vehicleId, const QString &sha256, qint64 bytes)
{
    qint64 jobId = 0;
    QString vin;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_active.constFind(vehicleId);
        if (it == m_active.constEnd() || bytes <= 0 || sha256 == it->instructionSha256)
            return;
        jobId = it->jobId;
        vin = it->vin;
    }
    const qint64 now = m_context->clock->nowMs();
    m_context->writer->submit(
        [jobId, bytes, now](QSqlDatabase &db) {
            return store::UpdateJobRepository(db).addBytesServed(jobId, bytes, now);
        },
        [context = m_context, vin](Status status) {
            if (status)
                Q_EMIT context->eventBus->jobsChanged({vin});
        });
}

} // namespace flotilla::server::updates

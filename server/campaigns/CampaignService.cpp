#include "server/campaigns/CampaignService.h"

#include "core/omadm/Moid.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/dm/NotifyHub.h"
#include "server/releases/ReleaseService.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/store/UpdateRepositories.h"
#include "server/updates/DeltaService.h"
#include "server/updates/UpdateEngine.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCampaigns, "flotilla.campaigns")

using namespace Qt::StringLiterals;

namespace flotilla::server::campaigns {

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 DayMs = 24LL * 3600 * 1000;
constexpr qint64 HourMs = 3600LL * 1000;

// The reason of a job expired at the campaign's consent deadline; such a vehicle gets no
// automatic retry (its owner did not consent), only an operator's retry-failed.
const QString ConsentDeadlineReason = u"no consent before the campaign's deadline"_s;

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

store::EventRecord campaignEvent(qint64 atMs, const CampaignRecord &campaign, const QString &kind, const QString &actor,
                                 const QString &summary, QJsonObject data = {})
{
    store::EventRecord event;
    event.atMs = atMs;
    event.kind = kind;
    event.actor = actor;
    event.summary = summary;
    data.insert(u"campaign"_s, campaign.id);
    data.insert(u"state"_s, toString(campaign.state));
    data.insert(u"revision"_s, campaign.revision);
    event.data = data;
    return event;
}

// The wave of each of n targets, in order: waveSizes() laid out one wave after the other.
QList<int> waveOfEach(const QList<Wave> &waves, int n)
{
    const QList<int> sizes = waveSizes(waves, n);
    QList<int> result;
    result.reserve(n);
    for (int wave = 0; wave < sizes.size(); ++wave)
        result.insert(result.size(), sizes[wave], wave);
    while (result.size() < n) // sizes sum to n; this only guards the indexing below
        result.append(int(sizes.size()) - 1);
    return result;
}

// Appends an event in the caller's transaction; lastEventId follows the newest (for eventsAppended).
Status appendEvent(QSqlDatabase &db, const store::EventRecord &event, qint64 &lastEventId)
{
    auto id = store::EventLog(db).append(event);
    if (!id)
        return id.error();
    lastEventId = *id;
    return {};
}

QString normalizedRegion(const QString &text)
{
    return text.trimmed().toLower().replace(u' ', u'-');
}

bool containsIgnoringCase(const QStringList &list, const QString &value)
{
    return list.contains(value, Qt::CaseInsensitive);
}

// The vehicle's ECU entries ({Ecu, HwId, SwV}) that a release target names.
struct EcuMatch
{
    releases::ReleaseTarget target;
    QString running;
};
QList<EcuMatch> matchingEcus(const releases::ReleaseRecord &release, const QJsonArray &ecus)
{
    QList<EcuMatch> result;
    for (const releases::ReleaseTarget &target : release.targets) {
        for (const QJsonValue &value : ecus) {
            const QJsonObject ecu = value.toObject();
            if (ecu.value(u"HwId"_s).toString() == target.hwId) {
                result.append({target, ecu.value(u"SwV"_s).toString()});
                break;
            }
        }
    }
    return result;
}

bool matchesFilters(const TargetFilter &filter, const store::VehicleRecord &vehicle, const QStringList &tags,
                    const releases::ReleaseRecord &release)
{
    if (!filter.oems.isEmpty() && !containsIgnoringCase(filter.oems, vehicle.oem))
        return false;
    if (!filter.models.isEmpty() && !containsIgnoringCase(filter.models, vehicle.model))
        return false;
    if (!filter.hwIds.isEmpty()) {
        const bool any = std::any_of(vehicle.ecus.begin(), vehicle.ecus.end(), [&](const QJsonValue &ecu) {
            return filter.hwIds.contains(ecu.toObject().value(u"HwId"_s).toString());
        });
        if (!any)
            return false;
    }
    if (!filter.versions.isEmpty()) {
        const QList<EcuMatch> ecus = matchingEcus(release, vehicle.ecus);
        const bool any = std::any_of(ecus.begin(), ecus.end(),
                                     [&](const EcuMatch &ecu) { return filter.versions.contains(ecu.running); });
        if (!any)
            return false;
    }
    if (!filter.regions.isEmpty()) {
        const QString region = CampaignService::regionOfVin(vehicle.vin);
        const bool any = std::any_of(filter.regions.begin(), filter.regions.end(),
                                     [&](const QString &r) { return normalizedRegion(r) == region; });
        if (!any)
            return false;
    }
    if (!filter.tags.isEmpty()) {
        const bool any = std::any_of(tags.begin(), tags.end(),
                                     [&](const QString &tag) { return containsIgnoringCase(filter.tags, tag); });
        if (!any)
            return false;
    }
    return true;
}

struct Resolved
{
    QList<store::VehicleRecord> vehicles; // by VIN
    QStringList unknownVins;
};

// The accepted vehicles a spec targets now: those matching every filter list, plus the listed VINs.
// With no filter at all but VINs, only the VINs (a VIN list is not a whole-fleet campaign); with
// nothing at all, the whole accepted fleet.
Result<Resolved> resolveTargets(QSqlDatabase &db, const CampaignSpec &spec, const releases::ReleaseRecord &release)
{
    store::VehicleFilter all;
    all.limit = 0;
    all.state = store::VehicleState::Accepted;
    auto vehicles = store::VehicleRepository(db).list(all);
    if (!vehicles)
        return vehicles.error();
    auto tags = CampaignRepository(db).tags();
    if (!tags)
        return tags.error();
    TargetFilter filters = spec.targets;
    filters.vins.clear();
    const bool onlyVins = filters.isEmpty() && !spec.targets.vins.isEmpty();
    Resolved resolved;
    QSet<QString> listed(spec.targets.vins.cbegin(), spec.targets.vins.cend());
    for (const store::VehicleRecord &vehicle : std::as_const(*vehicles)) {
        const bool byVin = listed.remove(vehicle.vin);
        if (byVin || (!onlyVins && matchesFilters(filters, vehicle, tags->value(vehicle.id), release)))
            resolved.vehicles.append(vehicle);
    }
    resolved.unknownVins = QStringList(listed.cbegin(), listed.cend());
    resolved.unknownVins.sort();
    return resolved;
}

Result<releases::ReleaseRecord> releaseOf(const EngineContext &context, qint64 releaseId)
{
    auto release = context.releases->find(releaseId);
    if (!release)
        return release.error();
    if (!release->has_value())
        return Error(u"No release %1"_s.arg(releaseId), 404);
    return **release;
}

// A job's outcome as the campaign vehicle's state.
TargetState targetStateOf(store::JobState state)
{
    switch (state) {
    case store::JobState::Succeeded:
        return TargetState::Succeeded;
    case store::JobState::Cancelled:
        return TargetState::Cancelled;
    case store::JobState::Failed:
    case store::JobState::RolledBack:
    case store::JobState::Expired:
        return TargetState::Failed;
    default:
        return TargetState::Active;
    }
}

// The campaign with this id, or error 404.
Result<CampaignRecord> existing(CampaignRepository &campaigns, qint64 id)
{
    auto found = campaigns.findById(id);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error(u"No campaign %1"_s.arg(id), 404);
    return **found;
}

// The per-vehicle rows and totals of a dry run over these (vehicle, wave) targets.
Status fillDryRun(const EngineContext &context, QSqlDatabase &db, const releases::ReleaseRecord &release,
                  const QList<std::pair<store::VehicleRecord, int>> &targets, int offlineDays, DryRun &result)
{
    const qint64 id = result.campaignId;
    CampaignRepository campaigns(db);
    const qint64 now = context.clock->nowMs();
    store::UpdateJobRepository jobs(db);
    for (const auto &[vehicle, wave] : std::as_const(targets)) {
        while (result.waveSizes.size() <= wave)
            result.waveSizes.append(0);
        ++result.waveSizes[wave];
        DryRunVehicle item;
        item.vin = vehicle.vin;
        item.wave = wave;
        const QList<EcuMatch> ecus = matchingEcus(release, vehicle.ecus);
        QStringList payloads;
        bool needsWork = false;
        for (const EcuMatch &ecu : ecus) {
            if (ecu.running == ecu.target.version)
                continue;
            needsWork = true;
            auto images = context.releases->imagesForHwId(ecu.target.hwId);
            if (!images)
                return images.error();
            const QString fromSha = images->value(ecu.running).sha256;
            // What UpdateEngine would send if the job were delivered now: the smallest ready payload
            // among the vehicle's codecs within its delta memory.
            auto payload = updates::DeltaService::bestPayload(db, fromSha, ecu.target.image.sha256, vehicle.codecs,
                                                              qint64(vehicle.deltaMaxMemoryMiB.value_or(0)) * MiB);
            if (!payload)
                return payload.error();
            const QString route = u"%1 %2 → %3"_s.arg(ecu.target.ecu, ecu.running, ecu.target.version);
            if (payload->has_value()) {
                payloads.append(u"%1: %2"_s.arg(route, (*payload)->codec));
                item.bytes += (*payload)->length;
                // A full payload while a delta could still be built from an image the server holds.
                if ((*payload)->fromSha256.isEmpty() && !fromSha.isEmpty())
                    ++item.deltasToBuild;
            } else {
                payloads.append(u"%1: full"_s.arg(route));
                item.bytes += ecu.target.image.length;
                item.deltasToBuild += fromSha.isEmpty() ? 1 : 2; // the full payload, and the delta
            }
        }
        item.compatible = !ecus.isEmpty();
        item.upToDate = item.compatible && !needsWork;
        item.payload = payloads.join(u"; "_s);
        if (!item.compatible)
            item.blockers.append(u"no ECU with the release's hardware ids"_s);
        const qint64 offlineMs = now - vehicle.lastSeenAtMs;
        if (vehicle.lastSeenAtMs == 0)
            item.blockers.append(u"never seen online"_s);
        else if (offlineMs > qint64(offlineDays) * DayMs)
            item.blockers.append(u"offline for %1 days"_s.arg(offlineMs / DayMs));
        auto active = jobs.activeForVehicle(vehicle.id);
        if (!active)
            return active.error();
        if (active->has_value() && (*active)->campaignId != std::optional<qint64>(id))
            item.blockers.append(
                u"busy with update job %1 (%2)"_s.arg((*active)->id).arg(store::toString((*active)->state)));
        auto others = campaigns.otherCampaignsFor(vehicle.id, id);
        if (!others)
            return others.error();
        for (qint64 other : std::as_const(*others))
            item.blockers.append(u"also targeted by running campaign %1"_s.arg(other));

        result.compatible += item.compatible && !item.upToDate ? 1 : 0;
        result.upToDate += item.upToDate ? 1 : 0;
        result.blocked += item.blockers.isEmpty() ? 0 : 1;
        result.bytes += item.bytes;
        result.deltasToBuild += item.deltasToBuild;
        result.vehicles.append(item);
    }
    return {};
}

// How many of a vehicle's newest events are read to find a job's consent reminders: the job
// has been awaiting consent since its newest state event, so only its reminders and the vehicle's
// other events since then stand in front of it.
constexpr int ReminderEventsRead = 500;

// The consent reminders of a job awaiting consent, from the event log: since when it waits (its
// newest awaiting-consent event) and the reminders sent since.
Result<ConsentReminders> remindersOf(QSqlDatabase &db, const store::UpdateJobRecord &job)
{
    auto events = store::EventLog(db).list(0, ReminderEventsRead, job.vehicleId);
    if (!events)
        return events.error();
    ConsentReminders reminders;
    const QString waiting = event::UpdatePrefix.toString() + store::toString(store::JobState::AwaitingConsent);
    for (const store::EventRecord &event : std::as_const(*events)) { // newest first
        if (event.data.value(u"job"_s).toInteger() != job.id)
            continue;
        if (event.kind == waiting) {
            reminders.waitingSinceMs = event.atMs;
            break;
        }
        if (event.kind == event::CampaignConsentReminder) {
            ++reminders.sent;
            reminders.lastAtMs = qMax(reminders.lastAtMs, event.atMs);
        }
    }
    if (reminders.waitingSinceMs == 0)
        reminders.waitingSinceMs = job.updatedAtMs; // older than what was read: count from now on
    reminders.lastAtMs = qMax(reminders.lastAtMs, reminders.waitingSinceMs);
    return reminders;
}

} // namespace

// ------------------------------------------------------------------------------------- JSON views

QJsonObject DryRunVehicle::toJson() const
{
    return QJsonObject{{u"vin"_s, vin},
                       {u"wave"_s, wave + 1},
                       {u"compatible"_s, compatible},
                       {u"upToDate"_s, upToDate},
                       {u"payload"_s, payload},
                       {u"bytes"_s, bytes},
                       {u"deltasToBuild"_s, deltasToBuild},
                       {u"blockers"_s, QJsonArray::fromStringList(blockers)}};
}

QJsonObject DryRun::toJson() const
{
    QJsonArray items;
    for (const DryRunVehicle &vehicle : vehicles)
        items.append(vehicle.toJson());
    QJsonArray sizes;
    for (int size : waveSizes)
        sizes.append(size);
    return QJsonObject{{u"campaign"_s, campaignId},
                       {u"vehicles"_s, items},
                       {u"unknownVins"_s, QJsonArray::fromStringList(unknownVins)},
                       {u"totals"_s, QJsonObject{{u"vehicles"_s, int(vehicles.size())},
                                                 {u"compatible"_s, compatible},
                                                 {u"upToDate"_s, upToDate},
                                                 {u"blocked"_s, blocked},
                                                 {u"bytes"_s, bytes},
                                                 {u"deltasToBuild"_s, deltasToBuild}}},
                       {u"waveSizes"_s, sizes}};
}

QJsonObject toJson(const CampaignRecord &c)
{
    QJsonObject object{{u"id"_s, c.id},
                       {u"name"_s, c.spec.name},
                       {u"release"_s, c.spec.releaseId},
                       {u"state"_s, toString(c.state)},
                       {u"spec"_s, c.spec.toJson()},
                       {u"revision"_s, c.revision},
                       {u"approvedRevision"_s, c.approvedRevision},
                       {u"author"_s, c.author},
                       {u"approver"_s, c.approver},
                       {u"reason"_s, c.reason},
                       {u"currentWave"_s, c.currentWave + 1},
                       {u"createdAtMs"_s, c.createdAtMs},
                       {u"updatedAtMs"_s, c.updatedAtMs},
                       {u"approvedAtMs"_s, c.approvedAtMs},
                       {u"startedAtMs"_s, c.startedAtMs},
                       {u"finishedAtMs"_s, c.finishedAtMs}};
    // What changed since the last approval, for the approver of a new revision.
    if (c.approvedRevision > 0 && c.approvedRevision != c.revision) {
        if (auto approved = CampaignSpec::fromJson(c.approvedSpec))
            object.insert(u"changesSinceApproval"_s, QJsonArray::fromStringList(describeChanges(*approved, c.spec)));
    }
    return object;
}

QJsonObject CampaignSummary::toJson() const
{
    auto counts = [](const QMap<QString, int> &map) {
        QJsonObject object;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), it.value());
        return object;
    };
    QJsonArray waveArray;
    for (const auto &wave : waves)
        waveArray.append(counts(wave));
    QJsonObject object = campaigns::toJson(campaign);
    object.insert(u"vehicles"_s, counts(vehicleStates));
    object.insert(u"jobs"_s, counts(jobStates));
    object.insert(u"waves"_s, waveArray);
    return object;
}

// ------------------------------------------------------------------------------------ the service

CampaignService::CampaignService(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
{
    // Direct: emitted on writer and I/O threads; only records which vehicles' jobs moved.
    if (m_context->eventBus) {
        m_jobsChanged = QObject::connect(
            m_context->eventBus, &EventBus::jobsChanged, m_context->eventBus,
            [this](const QStringList &vins) {
                std::lock_guard lock(m_changedMutex);
                for (const QString &vin : vins)
                    m_changedVins.insert(vin);
            },
            Qt::DirectConnection);
    }
}

CampaignService::~CampaignService()
{
    QObject::disconnect(m_jobsChanged);
}

QString CampaignService::regionOfVin(QStringView vin)
{
    if (vin.isEmpty())
        return {};
    const QChar c = vin.front().toUpper();
    if (c >= u'1' && c <= u'5')
        return u"north-america"_s;
    if (c >= u'J' && c <= u'R')
        return u"asia"_s;
    if (c >= u'S' && c <= u'Z')
        return u"europe"_s;
    if (c >= u'A' && c <= u'H')
        return u"africa"_s;
    if (c == u'6' || c == u'7')
        return u"oceania"_s;
    if (c == u'8' || c == u'9')
        return u"south-america"_s;
    return {};
}

bool CampaignService::insideWindow(const MaintenanceWindow &window, qint64 nowMs)
{
    if (!window.enabled)
        return true;
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone(window.timeZone.toUtf8()));
    const int minute = local.time().hour() * 60 + local.time().minute();
    int day = local.date().dayOfWeek();
    bool inTime = false;
    if (window.startMinute == window.endMinute) {
        inTime = true; // all day
    } else if (window.startMinute < window.endMinute) {
        inTime = minute >= window.startMinute && minute < window.endMinute;
    } else if (minute >= window.startMinute) {
        inTime = true; // the evening part of a window across midnight
    } else if (minute < window.endMinute) {
        inTime = true; // the morning part: the window opened yesterday, so yesterday's weekday counts
        day = day == 1 ? 7 : day - 1;
    }
    return inTime && (window.days.isEmpty() || window.days.contains(day));
}

Result<CampaignRecord> CampaignService::create(const CampaignSpec &spec, const Actor &actor)
{
    if (!allows(actor.role, Permission::EditCampaigns))
        return Error(
            u"creating a campaign needs the engineer or admin role (%1 is %2)"_s.arg(actor.name, toString(actor.role)),
            403);
    if (auto release = releaseOf(*m_context, spec.releaseId); !release)
        return release.error();
    std::lock_guard lock(m_mutex);
    CampaignRecord campaign;
    campaign.spec = spec;
    campaign.author = actor.name;
    qint64 lastEventId = 0;
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        campaign.createdAtMs = campaign.updatedAtMs = m_context->clock->nowMs();
        auto id = CampaignRepository(db).insert(campaign);
        if (!id)
            return id.error();
        campaign.id = *id;
        return appendEvent(
            db,
            campaignEvent(campaign.createdAtMs, campaign, event::CampaignPrefix.toString() + u"create"_s, actor.name,
                          u"Campaign %1 \"%2\" created by %3"_s.arg(campaign.id).arg(spec.name, actor.name)),
            lastEventId);
    });
    if (!status)
        return status.error();
    Q_EMIT m_context->eventBus->campaignsChanged(campaign.id);
    Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
    return campaign;
}

Result<CampaignRecord> CampaignService::edit(qint64 id, const CampaignSpec &spec, const Actor &actor)
{
    if (auto release = releaseOf(*m_context, spec.releaseId); !release)
        return release.error();
    return change(
        id, CampaignAction::Edit, actor,
        [&](QSqlDatabase &, CampaignRecord &campaign, CampaignState, qint64) -> Result<ChangeEvent> {
            const QStringList changes = describeChanges(campaign.spec, spec);
            campaign.spec = spec;
            ++campaign.revision;
            return ChangeEvent{
                u"Campaign %1 edited by %2 (revision %3)"_s.arg(campaign.id).arg(actor.name).arg(campaign.revision),
                QJsonObject{{u"changes"_s, QJsonArray::fromStringList(changes)}}};
        });
}

Result<CampaignRecord> CampaignService::act(qint64 id, CampaignAction action, const Actor &actor, const QString &reason)
{
    if (action == CampaignAction::Edit)
        return Error(u"edit takes a spec"_s, 400);
    if (action == CampaignAction::Reject && reason.trimmed().isEmpty())
        return Error(u"reject: give a reason"_s, 400);
    std::lock_guard lock(m_mutex); // through the tick below
    auto changed = change(
        id, action, actor,
        [&](QSqlDatabase &db, CampaignRecord &campaign, CampaignState from, qint64 now) -> Result<ChangeEvent> {
            CampaignRepository campaigns(db);
            QJsonObject data{{u"from"_s, toString(from)}};
            QString summary = u"Campaign %1: %2 by %3"_s.arg(campaign.id).arg(toString(action), actor.name);
            if (!reason.isEmpty())
                summary += u" — "_s + reason;

            switch (action) {
            case CampaignAction::Approve: {
                // Freeze the targets: resolve the filters now and split the vehicles into waves.
                // Vehicles that already have progress (a re-approval after an edit) keep their row.
                auto release = releaseOf(*m_context, campaign.spec.releaseId);
                if (!release)
                    return release.error();
                if (campaign.spec.downloadOnly && release->kind == u"application")
                    return Error(u"approve: download only is for firmware (FUMO) releases; %1 is an application"_s.arg(
                                     release->name),
                                 422);
                auto resolved = resolveTargets(db, campaign.spec, *release);
                if (!resolved)
                    return resolved.error();
                auto existing = campaigns.vehicles(campaign.id);
                if (!existing)
                    return existing.error();
                QHash<qint64, CampaignVehicleRecord> kept;
                for (const CampaignVehicleRecord &row : std::as_const(*existing)) {
                    if (row.attempts > 0 || row.state != TargetState::Waiting)
                        kept.insert(row.vehicleId, row);
                }
                if (resolved->vehicles.isEmpty() && kept.isEmpty())
                    return Error(u"approve: no accepted vehicle matches the campaign's targets"_s, 422);
                if (auto s = campaigns.deleteVehicles(campaign.id); !s)
                    return s.error();
                const int count = int(resolved->vehicles.size());
                const QList<int> sizes = waveSizes(campaign.spec.waves, count);
                const QList<int> waves = waveOfEach(campaign.spec.waves, count);
                for (int i = 0; i < count; ++i) {
                    const store::VehicleRecord &vehicle = resolved->vehicles.at(i);
                    CampaignVehicleRecord row = kept.take(vehicle.id);
                    if (row.vehicleId == 0) {
                        row.campaignId = campaign.id;
                        row.vehicleId = vehicle.id;
                        row.wave = waves.at(i);
                        row.updatedAtMs = now;
                    }
                    if (auto s = campaigns.insertVehicle(row); !s)
                        return s.error();
                }
                for (const CampaignVehicleRecord &row : std::as_const(kept)) { // no longer matching, but started
                    if (auto s = campaigns.insertVehicle(row); !s)
                        return s.error();
                }
                if (auto previous = CampaignSpec::fromJson(campaign.approvedSpec))
                    data.insert(u"changes"_s, QJsonArray::fromStringList(describeChanges(*previous, campaign.spec)));
                campaign.approvedSpec = campaign.spec.toJson();
                campaign.approvedRevision = campaign.revision;
                campaign.approver = actor.name;
                campaign.approvedAtMs = now;
                campaign.reason.clear();
                QJsonArray sizeArray;
                for (int size : sizes)
                    sizeArray.append(size);
                data.insert(u"vehicles"_s, int(resolved->vehicles.size()));
                data.insert(u"waveSizes"_s, sizeArray);
                data.insert(u"unknownVins"_s, QJsonArray::fromStringList(resolved->unknownVins));
                summary += u" (%1 vehicles in %2 waves)"_s.arg(resolved->vehicles.size()).arg(sizes.size());
                break;
            }
            case CampaignAction::Reject:
            case CampaignAction::Halt:
                campaign.reason = reason;
                break;
            case CampaignAction::Start:
                if (campaign.startedAtMs == 0)
                    campaign.startedAtMs = now;
                break;
            case CampaignAction::Cancel:
            case CampaignAction::Complete:
                campaign.finishedAtMs = now;
                break;
            case CampaignAction::RetryFailed: {
                // Failed vehicles wait for a new job again; the threshold counts them afresh.
                auto rows = campaigns.vehicles(campaign.id);
                if (!rows)
                    return rows.error();
                int retried = 0;
                for (CampaignVehicleRecord row : std::as_const(*rows)) {
                    if (row.state != TargetState::Failed)
                        continue;
                    row.state = TargetState::Waiting;
                    row.reason = u"retry requested by %1"_s.arg(actor.name);
                    row.updatedAtMs = now;
                    if (auto s = campaigns.updateVehicle(row); !s)
                        return s.error();
                    ++retried;
                }
                campaign.reason.clear();
                campaign.finishedAtMs = 0;
                data.insert(u"retried"_s, retried);
                summary += u" (%1 vehicles)"_s.arg(retried);
                break;
            }
            default:
                break;
            }
            if (!reason.isEmpty())
                data.insert(u"reason"_s, reason);
            return ChangeEvent{summary, data};
        });
    if (!changed)
        return changed;
    // Cancelling stops jobs, starting and resuming start them: at once rather than at the next tick.
    if (action != CampaignAction::Halt && action != CampaignAction::Complete) {
        if (auto s = tickLocked(id); !s)
            qCWarning(lcCampaigns) << "campaign" << id << ":" << s.errorString();
    }
    return changed;
}

Result<CampaignRecord> CampaignService::change(qint64 id, CampaignAction action, const Actor &actor,
                                               const ChangeFunction &apply)
{
    std::lock_guard lock(m_mutex);
    CampaignRecord campaign;
    qint64 lastEventId = 0;
    Status status = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        CampaignRepository campaigns(db);
        auto found = existing(campaigns, id);
        if (!found)
            return found.error();
        campaign = *found;
        auto next = transition(campaign.state, action, actor, campaign.author);
        if (!next)
            return next.error();
        const qint64 now = m_context->clock->nowMs();
        const CampaignState from = campaign.state;
        campaign.state = *next;
        campaign.updatedAtMs = now;
        auto described = apply(db, campaign, from, now);
        if (!described)
            return described.error();
        if (auto s = campaigns.update(campaign); !s)
            return s;
        return appendEvent(db,
                           campaignEvent(now, campaign, event::CampaignPrefix.toString() + toString(action), actor.name,
                                         described->summary, described->data),
                           lastEventId);
    });
    if (!status)
        return status.error();
    Q_EMIT m_context->eventBus->campaignsChanged(id);
    Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
    return campaign;
}

Result<QList<CampaignRecord>> CampaignService::list() const
{
    return CampaignRepository(m_context->database->connection()).list();
}

Result<QList<CampaignVehicleRecord>> CampaignService::vehicles(qint64 id) const
{
    return CampaignRepository(m_context->database->connection()).vehicles(id);
}

Result<CampaignSummary> CampaignService::summary(qint64 id) const
{
    QSqlDatabase db = m_context->database->connection();
    CampaignRepository campaigns(db);
    auto found = existing(campaigns, id);
    if (!found)
        return found.error();
    auto rows = campaigns.vehicles(id);
    if (!rows)
        return rows.error();
    CampaignSummary summary;
    summary.campaign = *found;
    for (const CampaignVehicleRecord &row : std::as_const(*rows)) {
        const QString state = toString(row.state);
        ++summary.vehicleStates[state];
        if (row.job)
            ++summary.jobStates[store::toString(row.job->state)];
        while (summary.waves.size() <= row.wave)
            summary.waves.append(QMap<QString, int>());
        ++summary.waves[row.wave][state];
        ++summary.waves[row.wave][u"total"_s];
    }
    return summary;
}

Result<DryRun> CampaignService::dryRun(qint64 id, int offlineDays) const
{
    QSqlDatabase db = m_context->database->connection();
    CampaignRepository campaigns(db);
    auto found = existing(campaigns, id);
    if (!found)
        return found.error();
    const CampaignRecord &campaign = *found;
    const bool frozen = campaign.approvedRevision == campaign.revision && campaign.approvedRevision > 0;
    if (!frozen)
        return dryRun(campaign.spec, id, offlineDays);
    auto release = releaseOf(*m_context, campaign.spec.releaseId);
    if (!release)
        return release.error();
    DryRun result;
    result.campaignId = id;
    QList<std::pair<store::VehicleRecord, int>> targets; // vehicle, wave
    store::VehicleRepository vehicleRepository(db);
    auto rows = campaigns.vehicles(id);
    if (!rows)
        return rows.error();
    for (const CampaignVehicleRecord &row : std::as_const(*rows)) {
        auto vehicle = vehicleRepository.findById(row.vehicleId);
        if (!vehicle)
            return vehicle.error();
        if (vehicle->has_value())
            targets.append({**vehicle, row.wave});
    }
    if (auto s = fillDryRun(*m_context, db, *release, targets, offlineDays, result); !s)
        return s.error();
    return result;
}

Result<DryRun> CampaignService::dryRun(const CampaignSpec &spec, qint64 campaignId, int offlineDays) const
{
    QSqlDatabase db = m_context->database->connection();
    auto release = releaseOf(*m_context, spec.releaseId);
    if (!release)
        return release.error();
    DryRun result;
    result.campaignId = campaignId;
    QList<std::pair<store::VehicleRecord, int>> targets; // vehicle, wave
    auto resolved = resolveTargets(db, spec, *release);
    if (!resolved)
        return resolved.error();
    result.unknownVins = resolved->unknownVins;
    const QList<int> waves = waveOfEach(spec.waves, int(resolved->vehicles.size()));
    for (qsizetype i = 0; i < resolved->vehicles.size(); ++i)
        targets.append({resolved->vehicles.at(i), waves.at(i)});
    if (auto s = fillDryRun(*m_context, db, *release, targets, offlineDays, result); !s)
        return s.error();
    return result;
}

Result<QString> CampaignService::whyNotUpdated(qint64 id, const QString &vin) const
{
    QSqlDatabase db = m_context->database->connection();
    CampaignRepository campaigns(db);
    auto found = existing(campaigns, id);
    if (!found)
        return found.error();
    const CampaignRecord &campaign = *found;
    auto vehicle = store::VehicleRepository(db).findByVin(vin.trimmed().toUpper());
    if (!vehicle)
        return vehicle.error();
    if (!vehicle->has_value())
        return Error(u"No vehicle %1"_s.arg(vin), 404);
    auto rows = campaigns.vehicles(id, (*vehicle)->id);
    if (!rows)
        return rows.error();
    if (rows->isEmpty()) {
        return campaign.approvedRevision == 0
                   ? u"%1 is not targeted yet: the campaign's vehicles are fixed when it is approved."_s.arg(vin)
                   : u"%1 is not one of the campaign's vehicles (its filters did not match it at approval)."_s.arg(vin);
    }
    const CampaignVehicleRecord &row = rows->first();
    const qint64 now = m_context->clock->nowMs();
    const QString lastSeen =
        row.lastSeenAtMs > 0 ? u"last seen %1"_s.arg(isoTime(row.lastSeenAtMs)) : u"never seen online"_s;
    switch (row.state) {
    case TargetState::Succeeded:
        if (row.job && row.job->downloadOnly)
            return u"Downloaded (download only): job %1 left the verified payloads on the vehicle (%2)."_s
                .arg(row.jobId.value_or(0))
                .arg(isoTime(row.job->finishedAtMs));
        return u"It was updated: job %1 succeeded (%2)."_s.arg(row.jobId.value_or(0))
            .arg(row.job ? isoTime(row.job->finishedAtMs) : QString());
    case TargetState::Skipped:
        return u"Skipped: %1."_s.arg(row.reason);
    case TargetState::Cancelled:
        return u"Cancelled: %1."_s.arg(row.reason.isEmpty() ? u"the campaign was cancelled"_s : row.reason);
    case TargetState::Failed: {
        const QString code =
            row.job && row.job->resultCode != 0 ? u" with code %1"_s.arg(row.job->resultCode) : QString();
        return u"Failed%1: %2 (after %3 of %4 attempts; retry-failed gives it another job)."_s.arg(code, row.reason)
            .arg(row.attempts)
            .arg(campaign.spec.retries + 1);
    }
    case TargetState::Waiting:
        if (row.wave > campaign.currentWave)
            return u"Waiting for wave %1 (the campaign is at wave %2)."_s.arg(row.wave + 1)
                .arg(campaign.currentWave + 1);
        if (campaign.state == CampaignState::Paused || campaign.state == CampaignState::Halted)
            return u"Not started: the campaign is %1%2."_s.arg(
                toString(campaign.state), campaign.reason.isEmpty() ? QString() : u" ("_s + campaign.reason + u')');
        if (campaign.state == CampaignState::Approved || campaign.state == CampaignState::PendingApproval)
            return u"Not started: the campaign is %1."_s.arg(toString(campaign.state));
        if (!insideWindow(campaign.spec.window, now))
            return u"Waiting for the maintenance window."_s;
        if (campaign.spec.startAtMs > now)
            return u"Waiting for the start time %1."_s.arg(isoTime(campaign.spec.startAtMs));
        return row.reason.isEmpty() ? u"Its job is about to be created."_s : u"Not started: %1."_s.arg(row.reason);
    case TargetState::Active:
        break;
    }
    if (!row.job)
        return u"Its job is being created."_s;
    const store::UpdateJobRecord &job = *row.job;
    switch (job.state) {
    case store::JobState::Queued:
        if (row.lastSeenAtMs < job.createdAtMs)
            return u"Never online since job %1 was created (%2)."_s.arg(job.id).arg(lastSeen);
        return u"Job %1 is queued: %2."_s.arg(job.id).arg(
            job.reason.isEmpty() ? u"it is delivered at the vehicle's next check-in"_s : job.reason);
    case store::JobState::Deferred:
        return u"Postponed by the owner until %1."_s.arg(job.deferredUntilMs > 0 ? isoTime(job.deferredUntilMs)
                                                                                 : u"later"_s);
    case store::JobState::AwaitingConsent: {
        QString text = u"Waiting for the owner's consent (%1)"_s.arg(lastSeen);
        const qint64 deadlineAt =
            campaign.spec.consentDeadlineHours > 0 ? job.createdAtMs + campaign.spec.consentDeadlineHours * HourMs : 0;
        if (campaign.spec.reminderHours > 0) {
            auto reminders = remindersOf(db, job);
            if (!reminders)
                return reminders.error();
            if (reminders->sent == 0)
                text += u"; no reminder sent yet"_s;
            else
                text += u"; %1 sent, the last at %2"_s.arg(
                    reminders->sent == 1 ? u"1 reminder"_s : u"%1 reminders"_s.arg(reminders->sent),
                    isoTime(reminders->lastAtMs));
            const qint64 nextAt = reminders->lastAtMs + campaign.spec.reminderHours * HourMs;
            if (campaign.state == CampaignState::Running && (deadlineAt == 0 || nextAt < deadlineAt))
                text += u", the next at %1"_s.arg(isoTime(nextAt));
        }
        if (deadlineAt > 0)
            text += u"; it expires without consent at %1"_s.arg(isoTime(deadlineAt));
        return QString(text + u'.');
    }
    case store::JobState::Blocked:
        return u"Blocked by the vehicle: %1."_s.arg(job.reason);
    case store::JobState::Notified:
    case store::JobState::Downloading:
    case store::JobState::Downloaded:
        return u"Downloading: %1 %2 % (%3)."_s.arg(store::toString(job.state)).arg(job.progress).arg(lastSeen);
    case store::JobState::Installing:
        return u"Installing (%1 %)."_s.arg(job.progress);
    case store::JobState::Verifying:
        return u"Installed; waiting to read the new version back at its next check-in."_s;
    default:
        return u"Job %1 is %2."_s.arg(job.id).arg(store::toString(job.state));
    }
}

// --------------------------------------------------------------------------------- the wave engine

Status CampaignService::tick()
{
    CampaignRepository reader(m_context->database->connection());
    auto ids = reader.idsToTick();
    if (!ids)
        return ids.error();
    QSet<QString> changedVins;
    {
        std::lock_guard lock(m_changedMutex);
        changedVins.swap(m_changedVins);
    }
    Status result;
    std::lock_guard lock(m_mutex);
    for (qint64 id : std::as_const(*ids)) {
        auto found = reader.findById(id);
        if (found && found->has_value() && canSkip(**found, changedVins))
            continue;
        if (auto s = tickLocked(id); !s) {
            qCWarning(lcCampaigns) << "campaign" << id << ":" << s.errorString();
            result = s;
        }
    }
    // Campaigns that no longer need ticks (finished) forget what they saw.
    const QSet<qint64> live(ids->cbegin(), ids->cend());
    m_memo.removeIf([&](QHash<qint64, TickMemo>::iterator it) { return !live.contains(it.key()); });
    m_lateJoinSeen.removeIf([&](QHash<qint64, QString>::iterator it) { return !live.contains(it.key()); });
    m_reminders.removeIf(
        [&](QHash<qint64, QHash<qint64, ConsentReminders>>::iterator it) { return !live.contains(it.key()); });
    return result;
}

Status CampaignService::sendReminders(const CampaignRecord &campaign, const QList<CampaignVehicleRecord> &rows,
                                      qint64 now)
{
    const CampaignSpec &spec = campaign.spec;
    // Paused, halted and cancelled campaigns send nothing new to vehicles, reminders included.
    if (spec.reminderHours <= 0 || campaign.state != CampaignState::Running) {
        m_reminders.remove(campaign.id);
        return {};
    }
    const qint64 intervalMs = spec.reminderHours * HourMs;
    const qint64 deadlineMs = spec.consentDeadlineHours * HourMs; // 0: none
    const QHash<qint64, ConsentReminders> known = m_reminders.value(campaign.id);
    QHash<qint64, ConsentReminders> awaiting; // what is kept: jobs that still wait
    QList<std::pair<CampaignVehicleRecord, ConsentReminders>> due;
    QSqlDatabase db = m_context->database->connection();
    for (const CampaignVehicleRecord &row : rows) {
        if (row.state != TargetState::Active || !row.job || row.job->state != store::JobState::AwaitingConsent)
            continue;
        const store::UpdateJobRecord &job = *row.job;
        ConsentReminders reminders;
        if (const auto it = known.constFind(job.id); it != known.constEnd()) {
            reminders = *it;
        } else {
            auto logged = remindersOf(db, job);
            if (!logged)
                return logged.error();
            reminders = *logged;
            // Recorded before the server stopped, but the vehicle has not had a session since: its
            // prompt was not shown again yet.
            if (reminders.sent > 0 && row.lastSeenAtMs < reminders.lastAtMs)
                m_context->updates->remindOwner(row.vehicleId, job.id);
        }
        awaiting.insert(job.id, reminders);
        const bool beforeDeadline = deadlineMs == 0 || now < job.createdAtMs + deadlineMs;
        if (beforeDeadline && now >= reminders.lastAtMs + intervalMs) {
            ++reminders.sent;
            reminders.lastAtMs = now;
            due.append({row, reminders});
        }
    }
    m_reminders.insert(campaign.id, awaiting);
    if (due.isEmpty())
        return {};

    qint64 lastEventId = 0;
    Status status = m_context->writer->run([&](QSqlDatabase &wdb) -> Status {
        for (const auto &[row, reminders] : std::as_const(due)) {
            store::EventRecord event =
                campaignEvent(now, campaign, event::CampaignConsentReminder.toString(), u"system"_s,
                              u"Campaign %1: consent reminder %2 to %3 (job %4)"_s.arg(campaign.id)
                                  .arg(reminders.sent)
                                  .arg(row.vin)
                                  .arg(row.job->id),
                              QJsonObject{{u"job"_s, row.job->id}, {u"count"_s, reminders.sent}});
            event.vehicleId = row.vehicleId;
            event.vin = row.vin;
            if (auto s = appendEvent(wdb, event, lastEventId); !s)
                return s;
        }
        return {};
    });
    if (!status)
        return status; // nothing recorded: the next tick tries again
    auto release = releaseOf(*m_context, spec.releaseId);
    const bool application = release && release->kind == u"application";
    const QString moid = omadm::canonicalMoid(application ? omadm::MoKind::Scomo : omadm::MoKind::Fumo);
    for (const auto &[row, reminders] : std::as_const(due)) {
        m_context->updates->remindOwner(row.vehicleId, row.job->id);
        // Online vehicles open a session at once; the others see the prompt at their next poll.
        if (m_context->notifyHub && m_context->notifyHub->isOnline(row.vehicleId))
            m_context->notifyHub->notify(row.vehicleId, u"update"_s, {moid});
        m_reminders[campaign.id].insert(row.job->id, reminders);
    }
    Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
    return {};
}

bool CampaignService::canSkip(const CampaignRecord &campaign, const QSet<QString> &changedVins)
{
    const auto it = m_memo.constFind(campaign.id);
    if (it == m_memo.constEnd() || it->timeBound || it->updatedAtMs != campaign.updatedAtMs ||
        it->vins.intersects(changedVins))
        return false;
    if (campaign.spec.addLateJoiners &&
        (campaign.state == CampaignState::Running || campaign.state == CampaignState::Paused)) {
        auto inventory = CampaignRepository(m_context->database->connection()).inventoryFingerprint();
        if (!inventory || *inventory != m_lateJoinSeen.value(campaign.id))
            return false;
    }
    return true;
}

Result<bool> CampaignService::addLateJoiners(const CampaignRecord &campaign, const QList<CampaignVehicleRecord> &rows,
                                             qint64 now)
{
    QSqlDatabase db = m_context->database->connection();
    auto inventory = CampaignRepository(db).inventoryFingerprint();
    if (!inventory)
        return inventory.error();
    if (m_lateJoinSeen.value(campaign.id) == *inventory)
        return false; // no vehicle registered, was accepted or changed since the last look
    auto release = releaseOf(*m_context, campaign.spec.releaseId);
    if (!release)
        return release.error();
    auto resolved = resolveTargets(db, campaign.spec, *release);
    if (!resolved)
        return resolved.error();
    QSet<qint64> targeted;
    for (const CampaignVehicleRecord &row : rows)
        targeted.insert(row.vehicleId);
    QList<CampaignVehicleRecord> joiners;
    QStringList vins;
    const int lastWave = int(campaign.spec.waves.size()) - 1;
    for (const store::VehicleRecord &vehicle : std::as_const(resolved->vehicles)) {
        if (targeted.contains(vehicle.id))
            continue;
        CampaignVehicleRecord row;
        row.campaignId = campaign.id;
        row.vehicleId = vehicle.id;
        row.wave = qMax(0, lastWave);
        row.reason = u"joined after approval"_s;
        row.updatedAtMs = now;
        joiners.append(row);
        vins.append(vehicle.vin);
    }
    if (!joiners.isEmpty()) {
        qint64 eventId = 0;
        Status status = m_context->writer->run([&](QSqlDatabase &wdb) -> Status {
            CampaignRepository writer(wdb);
            for (const CampaignVehicleRecord &row : std::as_const(joiners)) {
                if (auto s = writer.insertVehicle(row); !s)
                    return s;
            }
            return appendEvent(
                wdb,
                campaignEvent(now, campaign, event::CampaignPrefix.toString() + u"late-joiners"_s, u"system"_s,
                              u"Campaign %1: %2 vehicles joined the last wave"_s.arg(campaign.id).arg(joiners.size()),
                              QJsonObject{{u"wave"_s, lastWave + 1}, {u"vins"_s, QJsonArray::fromStringList(vins)}}),
                eventId);
        });
        if (!status)
            return status.error();
        Q_EMIT m_context->eventBus->eventsAppended(eventId);
        Q_EMIT m_context->eventBus->campaignsChanged(campaign.id);
    }
    m_lateJoinSeen.insert(campaign.id, *inventory);
    return !joiners.isEmpty();
}

Status CampaignService::tick(qint64 id)
{
    std::lock_guard lock(m_mutex);
    return tickLocked(id);
}

Status CampaignService::tickLocked(qint64 id)
{
    m_memo.remove(id); // written again only by a pass that ran to its end
    QSqlDatabase db = m_context->database->connection();
    CampaignRepository reader(db);
    auto found = reader.findById(id);
    if (!found)
        return found.error();
    if (!found->has_value())
        return {};
    CampaignRecord campaign = **found;
    const qint64 now = m_context->clock->nowMs();
    const CampaignSpec &spec = campaign.spec;

    // A scheduled start: the engine starts an approved campaign at its time, as the system.
    if (campaign.state == CampaignState::Approved) {
        if (spec.startAtMs > 0 && now >= spec.startAtMs) {
            auto started = act(id, CampaignAction::Start, Actor::system());
            return started ? Status() : Status(started.error());
        }
        return {};
    }
    const bool cancelled = campaign.state == CampaignState::Cancelled;
    // A halted campaign still records the outcomes of jobs in flight, but decides nothing.
    const bool halted = campaign.state == CampaignState::Halted;
    if (!cancelled && !halted && campaign.state != CampaignState::Running && campaign.state != CampaignState::Paused)
        return {};

    auto rows = reader.vehicles(id);
    if (!rows)
        return rows.error();
    if (spec.addLateJoiners && !cancelled && !halted) {
        auto joined = addLateJoiners(campaign, *rows, now);
        if (!joined)
            return joined.error();
        if (*joined) {
            rows = reader.vehicles(id);
            if (!rows)
                return rows.error();
        }
    }
    if (spec.consentDeadlineHours > 0 && !cancelled) {
        // Jobs whose owner has not consented by the deadline (counted from the job's creation)
        // expire; the vehicle may still be asking its owner, but its answer no longer counts.
        bool expired = false;
        const qint64 deadlineMs = spec.consentDeadlineHours * HourMs;
        for (const CampaignVehicleRecord &row : std::as_const(*rows)) {
            if (row.state != TargetState::Active || !row.job || now < row.job->createdAtMs + deadlineMs ||
                (row.job->state != store::JobState::AwaitingConsent && row.job->state != store::JobState::Deferred))
                continue;
            const QString reason = u"%1 (%2 h)"_s.arg(ConsentDeadlineReason).arg(spec.consentDeadlineHours);
            expired = m_context->updates->expire(row.job->id, reason, u"system"_s).ok() || expired;
        }
        if (expired) {
            rows = reader.vehicles(id);
            if (!rows)
                return rows.error();
        }
    }
    if (cancelled) {
        // Jobs not yet installing are cancelled; installing ones finish (and are recorded then).
        for (const CampaignVehicleRecord &row : std::as_const(*rows)) {
            if (row.state == TargetState::Active && row.job && !store::isTerminal(row.job->state) &&
                row.job->state != store::JobState::Installing && row.job->state != store::JobState::Verifying)
                m_context->updates->cancel(row.job->id, u"system"_s).ok(); // a race with the vehicle is harmless
        }
        rows = reader.vehicles(id);
        if (!rows)
            return rows.error();
    }

    if (auto s = sendReminders(campaign, *rows, now); !s)
        return s;

    // 1. Outcomes: each vehicle's state from its newest job (adopting a job a crash left
    //    unrecorded), with retries for failures.
    auto newest = reader.newestJobs(id);
    if (!newest)
        return newest.error();
    QList<CampaignVehicleRecord> changed;
    QList<CampaignVehicleRecord> &all = *rows;
    bool adopted = false;
    for (CampaignVehicleRecord &row : all) {
        const qint64 jobId = newest->value(row.vehicleId, 0);
        if (jobId != 0 && (!row.jobId || *row.jobId < jobId)) {
            row.jobId = jobId;
            row.state = TargetState::Active;
            ++row.attempts;
            row.reason.clear();
            adopted = true;
            changed.append(row);
        }
    }
    if (adopted) {
        // Re-read so that the adopted jobs come with their records.
        if (auto s = m_context->writer->run([&](QSqlDatabase &wdb) -> Status {
                CampaignRepository writer(wdb);
                for (const CampaignVehicleRecord &row : std::as_const(changed)) {
                    if (auto u = writer.updateVehicle(row); !u)
                        return u;
                }
                return {};
            });
            !s)
            return s;
        changed.clear();
        rows = reader.vehicles(id);
        if (!rows)
            return rows.error();
    }
    for (CampaignVehicleRecord &row : all) {
        if (row.state == TargetState::Waiting && cancelled) {
            row.state = TargetState::Cancelled;
            row.reason = u"the campaign was cancelled"_s;
            row.updatedAtMs = now;
            changed.append(row);
            continue;
        }
        if (row.state != TargetState::Active || !row.job || !store::isTerminal(row.job->state))
            continue;
        const store::UpdateJobRecord &job = *row.job;
        TargetState next = targetStateOf(job.state);
        QString reason = job.reason;
        const bool noConsent = job.state == store::JobState::Expired && job.reason.startsWith(ConsentDeadlineReason);
        if (next == TargetState::Failed && !cancelled && !noConsent && row.attempts <= spec.retries) {
            next = TargetState::Waiting; // another job at the next start pass
            reason =
                u"attempt %1 failed (%2 %3); retrying"_s.arg(row.attempts).arg(store::toString(job.state), job.reason);
        }
        if (next == TargetState::Succeeded && reason.isEmpty())
            reason = u"updated"_s;
        row.state = next;
        row.reason = reason;
        row.updatedAtMs = now;
        changed.append(row);
    }

    // 2. The campaign's own transitions: halt on the current wave's failures, advance, complete.
    std::optional<std::pair<CampaignAction, QString>> decision;
    QList<int> advancedTo;
    if (!cancelled && !halted) {
        const int waveCount = int(spec.waves.size());
        auto waveStats = [&](int wave) {
            struct Stats
            {
                int total = 0, succeeded = 0, failed = 0, settled = 0;
            } stats;
            for (const CampaignVehicleRecord &row : std::as_const(all)) {
                if (row.wave != wave)
                    continue;
                ++stats.total;
                stats.succeeded += row.state == TargetState::Succeeded || row.state == TargetState::Skipped ? 1 : 0;
                stats.failed += row.state == TargetState::Failed ? 1 : 0;
                stats.settled += isSettled(row.state) ? 1 : 0;
            }
            return stats;
        };
        for (int wave = 0; wave <= campaign.currentWave && !decision; ++wave) {
            const auto stats = waveStats(wave);
            const bool overCount = spec.maxFailures > 0 && stats.failed >= spec.maxFailures;
            const bool overShare = spec.maxFailurePercent > 0 && stats.failed > 0 &&
                                   stats.failed * 100 >= spec.maxFailurePercent * stats.total;
            if (campaign.state == CampaignState::Running && (overCount || overShare))
                decision = std::make_pair(CampaignAction::Halt,
                                          u"wave %1: %2 of %3 vehicles failed (threshold: %4)"_s.arg(wave + 1)
                                              .arg(stats.failed)
                                              .arg(stats.total)
                                              .arg(overCount ? u"%1 failures"_s.arg(spec.maxFailures)
                                                             : u"%1 %"_s.arg(spec.maxFailurePercent)));
        }
        while (!decision && campaign.currentWave < waveCount - 1) {
            const auto stats = waveStats(campaign.currentWave);
            const int wanted = spec.waves.value(campaign.currentWave).successPercent;
            if (stats.total > 0 && stats.succeeded * 100 < wanted * stats.total)
                break;
            ++campaign.currentWave;
            advancedTo.append(campaign.currentWave);
        }
        const bool allSettled = std::all_of(all.cbegin(), all.cend(),
                                            [](const CampaignVehicleRecord &row) { return isSettled(row.state); });
        if (!decision && allSettled && campaign.state == CampaignState::Running &&
            campaign.currentWave >= waveCount - 1)
            decision = std::make_pair(CampaignAction::Complete, QString());
    }

    if (!changed.isEmpty() || !advancedTo.isEmpty()) {
        qint64 lastEventId = 0;
        Status status = m_context->writer->run([&](QSqlDatabase &wdb) -> Status {
            CampaignRepository writer(wdb);
            for (const CampaignVehicleRecord &row : std::as_const(changed)) {
                if (auto s = writer.updateVehicle(row); !s)
                    return s;
            }
            if (advancedTo.isEmpty())
                return {};
            auto current = writer.findById(id);
            if (!current)
                return current.error();
            if (!current->has_value() || (*current)->state != campaign.state)
                return {};
            CampaignRecord record = **current;
            record.currentWave = campaign.currentWave;
            record.updatedAtMs = now;
            if (auto s = writer.update(record); !s)
                return s;
            for (int wave : std::as_const(advancedTo)) {
                if (auto s =
                        appendEvent(wdb,
                                    campaignEvent(now, record, event::CampaignWaveStarted.toString(), u"system"_s,
                                                  u"Campaign %1: wave %2 of %3 started"_s.arg(id).arg(wave + 1).arg(
                                                      spec.waves.size()),
                                                  QJsonObject{{u"wave"_s, wave + 1}}),
                                    lastEventId);
                    !s)
                    return s;
            }
            return {};
        });
        if (!status)
            return status;
        if (lastEventId > 0)
            Q_EMIT m_context->eventBus->eventsAppended(lastEventId);
        Q_EMIT m_context->eventBus->campaignsChanged(id);
    }
    if (decision) {
        auto done = act(id, decision->first, Actor::system(), decision->second);
        return done ? Status() : Status(done.error());
    }

    // What this pass saw, so that the engine's next tick can skip the campaign if nothing moves.
    TickMemo memo;
    memo.updatedAtMs = campaign.updatedAtMs;
    for (const CampaignVehicleRecord &row : std::as_const(all)) {
        memo.vins.insert(row.vin);
        const bool startedWave = row.wave <= campaign.currentWave;
        const bool awaitingConsent =
            row.state == TargetState::Active && row.job && row.job->state == store::JobState::AwaitingConsent;
        if ((campaign.state == CampaignState::Running && row.state == TargetState::Waiting && startedWave) ||
            (spec.consentDeadlineHours > 0 && row.state == TargetState::Active) ||
            (spec.reminderHours > 0 && awaitingConsent))
            memo.timeBound = true;
    }
    if (!changed.isEmpty() || !advancedTo.isEmpty())
        memo.updatedAtMs = -1; // it wrote: look again next time
    m_memo.insert(id, memo);

    // 3. New jobs: waiting vehicles of the waves started so far, unless paused, before the start
    //    time or outside the maintenance window.
    if (campaign.state != CampaignState::Running || cancelled || now < spec.startAtMs ||
        !insideWindow(spec.window, now))
        return {};
    QStringList vins;
    QHash<QString, CampaignVehicleRecord> byVin;
    for (const CampaignVehicleRecord &row : std::as_const(all)) {
        if (row.state == TargetState::Waiting && row.wave <= campaign.currentWave) {
            vins.append(row.vin);
            byVin.insert(row.vin, row);
        }
    }
    if (vins.isEmpty())
        return {};
    updates::AssignOptions options;
    options.campaignId = id;
    options.downloadOnly = spec.downloadOnly;
    auto assignments = m_context->updates->assign(spec.releaseId, vins, u"system"_s, options);
    if (!assignments)
        return assignments.error();
    changed.clear();
    for (const auto &assignment : std::as_const(*assignments)) {
        CampaignVehicleRecord row = byVin.value(assignment.vin);
        if (row.vehicleId == 0)
            continue;
        if (assignment.job) {
            row.state = TargetState::Active;
            row.jobId = assignment.job->id;
            ++row.attempts;
            row.reason.clear();
        } else if (assignment.error == u"already runs this release" ||
                   assignment.error == u"no ECU with the release's hardware ids") {
            row.state = row.attempts > 0 ? TargetState::Succeeded : TargetState::Skipped;
            row.reason = assignment.error;
        } else if (row.reason == assignment.error) {
            continue; // still blocked for the same reason (busy, not accepted): nothing to write
        } else {
            row.reason = assignment.error;
        }
        row.updatedAtMs = now;
        changed.append(row);
    }
    // If this write were lost, the next tick adopts the jobs through newestJobs(): never a second one.
    return m_context->writer->run([&](QSqlDatabase &wdb) -> Status {
        CampaignRepository writer(wdb);
        for (const CampaignVehicleRecord &row : std::as_const(changed)) {
            if (auto s = writer.updateVehicle(row); !s)
                return s;
        }
        return {};
    });
}

} // namespace flotilla::server::campaigns

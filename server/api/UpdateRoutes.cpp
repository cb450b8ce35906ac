#include "server/api/UpdateRoutes.h"

#include "server/FleetService.h"
#include "server/api/ApiJson.h"
#include "server/api/ApiRouter.h"
#include "server/api/RouteSupport.h"
#include "server/releases/ReleaseService.h"
#include "server/store/UpdateRecords.h"
#include "server/updates/DeltaService.h"
#include "server/updates/UpdateEngine.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

using campaigns::Permission;

namespace {

constexpr int MaxVinsPerAssignment = 10000;

QJsonObject toJson(const store::UpdateJobRecord &job)
{
    QJsonObject object{{u"id"_s, job.id},
                       {u"vin"_s, job.vin},
                       {u"releaseId"_s, job.releaseId},
                       {u"state"_s, store::toString(job.state)},
                       {u"terminal"_s, store::isTerminal(job.state)},
                       {u"progress"_s, job.progress},
                       {u"resultCode"_s, job.resultCode},
                       {u"reason"_s, job.reason},
                       {u"instructionSha256"_s, job.instructionSha256},
                       {u"payloadBytes"_s, job.payloadBytes},
                       {u"bytesServed"_s, job.bytesServed},
                       {u"report"_s, job.report},
                       {u"createdBy"_s, job.createdBy}};
    putTime(object, u"createdAt"_s, job.createdAtMs);
    putTime(object, u"updatedAt"_s, job.updatedAtMs);
    putTime(object, u"finishedAt"_s, job.finishedAtMs);
    putTime(object, u"deferredUntil"_s, job.deferredUntilMs);
    return object;
}

QJsonObject toJson(const store::DeltaRecord &delta)
{
    QJsonObject object{{u"codec"_s, delta.codec},
                       {u"fromSha256"_s, delta.fromSha256},
                       {u"toSha256"_s, delta.toSha256},
                       {u"blobSha256"_s, delta.blobSha256},
                       {u"length"_s, delta.length},
                       {u"state"_s, store::toString(delta.state)},
                       {u"verified"_s, delta.verified},
                       {u"buildMs"_s, delta.buildMs},
                       {u"buildPeakBytes"_s, delta.buildPeakBytes},
                       {u"applyMemoryBytes"_s, delta.applyMemoryBytes},
                       {u"error"_s, delta.error}};
    putTime(object, u"createdAt"_s, delta.createdAtMs);
    return object;
}

template<typename Record>
QJsonArray toArray(const QList<Record> &records)
{
    QJsonArray array;
    for (const Record &record : records)
        array.append(toJson(record));
    return array;
}

Result<QStringList> stringArray(const ApiCall &call, QStringView field, int max)
{
    const QJsonValue value = call.body().value(field.toString());
    if (value.isUndefined())
        return QStringList();
    if (!value.isArray() || value.toArray().size() > max)
        return ApiCall::badRequest(u"%1: expected an array of at most %2 strings"_s.arg(field).arg(max));
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString() || item.toString().size() > MaxVinLength)
            return ApiCall::badRequest(u"%1: expected an array of strings"_s.arg(field));
        list.append(item.toString());
    }
    return list;
}

} // namespace

void addUpdateRoutes(Router &router, FleetService &fleet)
{
    router.add(
        {"POST",
         apiPath(u"/updates"),
         {},
         {u"release"_s, u"vins"_s, u"actor"_s},
         [&fleet](const ApiCall &call) -> Result<ApiReply> {
             const QJsonValue release = call.body().value(u"release"_s);
             if (!release.isDouble() || release.toInteger() <= 0)
                 return ApiCall::badRequest(u"release: expected the id of a release"_s);
             auto vins = stringArray(call, u"vins", MaxVinsPerAssignment);
             if (!vins)
                 return vins.error();
             if (vins->isEmpty())
                 return ApiCall::badRequest(u"vins: name at least one vehicle"_s);
             auto actor = actorName(call);
             if (!actor)
                 return actor.error();
             auto assignments = fleet.updates().assign(release.toInteger(), *vins, *actor);
             if (!assignments)
                 return assignments.error();
             QJsonArray items;
             int created = 0;
             for (const auto &assignment : *assignments) {
                 QJsonObject item{{u"vin"_s, assignment.vin}};
                 if (assignment.job) {
                     item.insert(u"job"_s, toJson(*assignment.job));
                     ++created;
                 } else {
                     item.insert(u"error"_s, assignment.error);
                 }
                 items.append(item);
             }
             return ApiReply{created > 0 ? 201 : 200, QJsonObject{{u"assignments"_s, items}, {u"created"_s, created}}};
         }},
        Permission::AssignUpdates);

    router.add({"GET",
                apiPath(u"/updates/{id}"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto job = fleet.updates().job(*id);
                    if (!job)
                        return job.error();
                    if (!job->has_value())
                        return Error(u"No update job %1"_s.arg(*id), 404);
                    return ApiReply{200, toJson(**job)};
                }},
               Permission::ViewFleet);

    router.add({"POST",
                apiPath(u"/updates/{id}/cancel"),
                {},
                {u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto actor = actorName(call);
                    if (!actor)
                        return actor.error();
                    auto job = fleet.updates().cancel(*id, *actor);
                    if (!job)
                        return job.error();
                    return ApiReply{200, toJson(*job)};
                }},
               Permission::AssignUpdates);

    router.add({"GET",
                apiPath(u"/vehicles/{vin}/updates"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto vin = vinArgument(call);
                    if (!vin)
                        return vin.error();
                    auto jobs = fleet.updates().jobsForVehicle(*vin);
                    if (!jobs)
                        return jobs.error();
                    return ApiReply{200, QJsonObject{{u"updates"_s, toArray(*jobs)}, {u"count"_s, jobs->size()}}};
                }},
               Permission::ViewFleet);

    router.add({"GET",
                apiPath(u"/releases/{id}/updates"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto jobs = fleet.updates().jobsForRelease(*id);
                    if (!jobs)
                        return jobs.error();
                    QJsonObject counts;
                    for (const store::UpdateJobRecord &job : *jobs) {
                        const QString state = store::toString(job.state);
                        counts.insert(state, counts.value(state).toInt() + 1);
                    }
                    return ApiReply{200, QJsonObject{{u"updates"_s, toArray(*jobs)},
                                                     {u"count"_s, jobs->size()},
                                                     {u"byState"_s, counts}}};
                }},
               Permission::ViewFleet);

    router.add({"GET",
                apiPath(u"/releases/{id}/deltas"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto pairs = fleet.deltas().plan(*id);
                    if (!pairs)
                        return pairs.error();
                    // The pairs the fleet needs now, then any other delta built for these targets
                    // (from versions named by hand that no vehicle runs at the moment).
                    QList<updates::DeltaService::Pair> all = *pairs;
                    QSet<QString> listed;
                    for (const auto &pair : std::as_const(all))
                        listed.insert(pair.fromSha256 + u'>' + pair.toSha256);
                    QHash<QString, QList<store::DeltaRecord>> builtByTarget;
                    for (const auto &pair : *pairs) {
                        if (!pair.fromSha256.isEmpty() || builtByTarget.contains(pair.toSha256))
                            continue;
                        auto built = fleet.deltaRecords(pair.toSha256);
                        if (!built)
                            return built.error();
                        builtByTarget.insert(pair.toSha256, *built);
                        auto images = fleet.releases().imagesForHwId(pair.hwId);
                        if (!images)
                            return images.error();
                        for (const store::DeltaRecord &delta : std::as_const(*built)) {
                            if (delta.fromSha256.isEmpty() || listed.contains(delta.fromSha256 + u'>' + pair.toSha256))
                                continue;
                            updates::DeltaService::Pair extra = pair;
                            extra.fromSha256 = delta.fromSha256;
                            for (auto it = images->cbegin(); it != images->cend(); ++it) {
                                if (it->sha256 == delta.fromSha256)
                                    extra.fromVersion = it.key();
                            }
                            listed.insert(delta.fromSha256 + u'>' + pair.toSha256);
                            all.append(extra);
                        }
                    }
                    QJsonArray items;
                    for (const updates::DeltaService::Pair &pair : std::as_const(all)) {
                        if (!builtByTarget.contains(pair.toSha256)) {
                            auto built = fleet.deltaRecords(pair.toSha256);
                            if (!built)
                                return built.error();
                            builtByTarget.insert(pair.toSha256, *built);
                        }
                        const QList<store::DeltaRecord> &built = builtByTarget[pair.toSha256];
                        QJsonArray codecs;
                        for (const store::DeltaRecord &delta : built) {
                            if (delta.fromSha256 == pair.fromSha256)
                                codecs.append(toJson(delta));
                        }
                        items.append(QJsonObject{{u"ecu"_s, pair.ecu},
                                                 {u"hwId"_s, pair.hwId},
                                                 {u"fromVersion"_s, pair.fromVersion},
                                                 {u"toVersion"_s, pair.toVersion},
                                                 {u"fromSha256"_s, pair.fromSha256},
                                                 {u"toSha256"_s, pair.toSha256},
                                                 {u"payloads"_s, codecs}});
                    }
                    QJsonObject progress{{u"running"_s, false}};
                    for (const auto &p : fleet.deltas().progress()) {
                        if (p.releaseId == *id)
                            progress = QJsonObject{{u"running"_s, p.queued > 0 || !p.current.isEmpty()},
                                                   {u"queued"_s, p.queued},
                                                   {u"done"_s, p.done},
                                                   {u"current"_s, p.current},
                                                   {u"currentFraction"_s, p.currentFraction}};
                    }
                    return ApiReply{200, QJsonObject{{u"pairs"_s, items}, {u"progress"_s, progress}}};
                }},
               Permission::ViewFleet);

    router.add({"POST",
                apiPath(u"/releases/{id}/deltas"),
                {},
                {u"sourceVersions"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto versions = stringArray(call, u"sourceVersions", 1000);
                    if (!versions)
                        return versions.error();
                    auto queued = fleet.deltas().request(*id, *versions);
                    if (!queued)
                        return queued.error();
                    return ApiReply{202, QJsonObject{{u"queued"_s, *queued}}};
                }},
               Permission::ManageReleases);

    router.add({"POST",
                apiPath(u"/releases/{id}/deltas/cancel"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    fleet.deltas().cancel(*id);
                    return ApiReply{200, QJsonObject{{u"cancelled"_s, true}}};
                }},
               Permission::ManageReleases);

    // Offline dealer bundles (PROTOCOL.md §8): made on request, kept in the blob store, fetched by hash.
    router.add({"POST",
                apiPath(u"/bundles"),
                {},
                {u"release"_s, u"vin"_s, u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const QJsonValue release = call.body().value(u"release"_s);
                    if (!release.isDouble() || release.toInteger() <= 0)
                        return ApiCall::badRequest(u"release: expected the id of a release"_s);
                    auto vin = call.bodyText(u"vin", MaxVinLength, QString());
                    if (!vin)
                        return vin.error();
                    if (vin->isEmpty())
                        return ApiCall::badRequest(u"vin: required (a bundle is made for one vehicle)"_s);
                    auto actor = actorName(call);
                    if (!actor)
                        return actor.error();
                    auto bundle = fleet.exportBundle(release.toInteger(), *vin, *actor);
                    if (!bundle)
                        return bundle.error();
                    return ApiReply{201, QJsonObject{{u"sha256"_s, bundle->sha256},
                                                     {u"length"_s, bundle->length},
                                                     {u"job"_s, bundle->jobId},
                                                     {u"url"_s, QString(apiPath(u"/bundles/") + bundle->sha256)}}};
                }},
               Permission::ManageReleases);

    router.add({"GET",
                apiPath(u"/bundles/{sha256}"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto file = fleet.bundleFile(call.arg(0));
                    if (!file)
                        return file.error();
                    ApiReply reply;
                    reply.file = std::make_shared<http::FileBody>(*file);
                    return reply;
                }},
               Permission::ManageReleases);

    router.add({"GET",
                apiPath(u"/signing-keys"),
                {},
                {},
                [&fleet](const ApiCall &) -> Result<ApiReply> {
                    auto keys = fleet.signingKeys();
                    if (!keys)
                        return keys.error();
                    QJsonArray items;
                    for (const auto &key : *keys) {
                        auto delivered = fleet.updates().vehiclesWithKey(key.keyId);
                        QJsonObject item{{u"keyId"_s, key.keyId},
                                         {u"state"_s, store::toString(key.state)},
                                         {u"publicKey"_s, key.publicPem},
                                         {u"vehiclesWithKey"_s, delivered ? *delivered : 0}};
                        putTime(item, u"createdAt"_s, key.createdAtMs);
                        putTime(item, u"changedAt"_s, key.changedAtMs);
                        items.append(item);
                    }
                    return ApiReply{200, QJsonObject{{u"keys"_s, items}}};
                }},
               Permission::ViewFleet);

    router.add(
        {"POST",
         apiPath(u"/signing-keys/rotate"),
         {},
         {u"actor"_s},
         [&fleet](const ApiCall &call) -> Result<ApiReply> {
             auto actor = actorName(call);
             if (!actor)
                 return actor.error();
             auto key = fleet.updates().rotateSigningKey(*actor);
             if (!key)
                 return key.error();
             return ApiReply{200, QJsonObject{{u"keyId"_s, key->keyId}, {u"state"_s, store::toString(key->state)}}};
         }},
        Permission::ManageReleases);

    router.add(
        {"POST",
         apiPath(u"/signing-keys/promote"),
         {},
         {u"actor"_s},
         [&fleet](const ApiCall &call) -> Result<ApiReply> {
             auto actor = actorName(call);
             if (!actor)
                 return actor.error();
             auto key = fleet.updates().promoteSigningKey(*actor);
             if (!key)
                 return key.error();
             return ApiReply{200, QJsonObject{{u"keyId"_s, key->keyId}, {u"state"_s, store::toString(key->state)}}};
         }},
        Permission::ManageReleases);
}

} // namespace flotilla::server::api

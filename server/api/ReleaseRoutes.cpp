#include "server/api/ReleaseRoutes.h"

#include "server/FleetService.h"
#include "server/api/ApiJson.h"
#include "server/api/ApiRouter.h"
#include "server/api/RouteSupport.h"
#include "server/releases/ReleaseService.h"
#include "server/releases/UploadStore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

using campaigns::Permission;

namespace {

// The manifest members of docs/releases.md, plus what only the API adds.
const QStringList &releaseBodyFields()
{
    static const QStringList fields = {u"Name"_s,        u"Version"_s, u"ReleaseCounter"_s, u"Kind"_s,
                                       u"HwIds"_s,       u"Rxswin"_s,  u"Preconditions"_s,  u"UserText"_s,
                                       u"DtcsToClear"_s, u"Targets"_s, u"Signature"_s,      u"actor"_s};
    return fields;
}

QJsonObject toJson(const releases::UploadStore::Info &upload)
{
    QJsonObject object{{u"id"_s, upload.id}, {u"size"_s, upload.size}};
    putTime(object, u"expiresAt"_s, upload.expiresAtMs);
    return object;
}

Result<ApiReply> uploadReply(const Result<releases::UploadStore::Info> &upload, int status = 200)
{
    if (!upload)
        return upload.error();
    return ApiReply{status, toJson(*upload)};
}

} // namespace

QJsonObject toJson(const releases::ReleaseRecord &release)
{
    QJsonArray targets;
    for (const releases::ReleaseTarget &target : release.targets) {
        targets.append(QJsonObject{{u"ecu"_s, target.ecu},
                                   {u"hwId"_s, target.hwId},
                                   {u"version"_s, target.version},
                                   {u"sha256"_s, target.image.sha256},
                                   {u"sha1"_s, target.image.sha1},
                                   {u"md5"_s, target.image.md5},
                                   {u"length"_s, target.image.length}});
    }
    QJsonObject userText;
    for (auto it = release.userText.cbegin(); it != release.userText.cend(); ++it)
        userText.insert(it.key(), it.value());
    const update::Preconditions &p = release.preconditions;
    QJsonObject object{
        {u"id"_s, release.id},
        {u"name"_s, release.name},
        {u"version"_s, release.version},
        {u"releaseCounter"_s, release.releaseCounter},
        {u"kind"_s, release.kind},
        {u"hwIds"_s, QJsonArray::fromStringList(release.hwIds)},
        {u"rxswin"_s, QJsonArray::fromStringList(release.rxswin)},
        {u"preconditions"_s, QJsonObject{{u"minBatteryPct"_s, p.minBatteryPct},
                                         {u"parked"_s, p.parked},
                                         {u"ignitionOff"_s, p.ignitionOff},
                                         {u"consent"_s, p.consent}}},
        {u"userText"_s, userText},
        {u"dtcsToClear"_s, QJsonArray::fromStringList(release.dtcsToClear)},
        {u"oemSignature"_s, release.oemSignature},
        {u"oemKeyId"_s, release.oemKeyId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(release.oemKeyId)},
        {u"createdBy"_s, release.createdBy},
        {u"targets"_s, targets},
    };
    putTime(object, u"createdAt"_s, release.createdAtMs);
    return object;
}

void addReleaseRoutes(Router &router, FleetService &fleet)
{
    router.add({"POST",
                apiPath(u"/uploads"),
                {},
                {},
                [&fleet](const ApiCall &) -> Result<ApiReply> {
                    return uploadReply(fleet.releases().uploads().create(), 201);
                }},
               Permission::ManageReleases);

    Route append{
        "PUT", apiPath(u"/uploads/{id}"), {u"offset"_s}, {}, [&fleet](const ApiCall &call) -> Result<ApiReply> {
            if (!call.param(u"offset"))
                return ApiCall::badRequest(u"offset is required: the upload's size so far"_s);
            const Result<qint64> offset = call.intParam(u"offset", 0, std::numeric_limits<qint64>::max(), 0);
            if (!offset)
                return offset.error();
            qint64 size = 0;
            const auto appended = fleet.releases().uploads().append(call.arg(0), *offset, call.rawBody(), &size);
            if (!appended && appended.error().code == 409) {
                // The size lets a client whose answer got lost carry on where the upload is.
                return ApiReply{409, QJsonObject{{u"error"_s, QJsonObject{{u"status"_s, 409},
                                                                          {u"message"_s, appended.errorString()},
                                                                          {u"size"_s, size}}}}};
            }
            return uploadReply(appended);
        }};
    append.rawBody = true;
    router.add(std::move(append), Permission::ManageReleases);

    router.add({"GET",
                apiPath(u"/uploads/{id}"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    return uploadReply(fleet.releases().uploads().info(call.arg(0)));
                }},
               Permission::ManageReleases);

    router.add({"DELETE",
                apiPath(u"/uploads/{id}"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    releases::UploadStore &uploads = fleet.releases().uploads();
                    if (auto info = uploads.info(call.arg(0)); !info)
                        return info.error();
                    uploads.remove(call.arg(0));
                    return ApiReply{200, QJsonObject{{u"id"_s, call.arg(0)}, {u"deleted"_s, true}}};
                }},
               Permission::ManageReleases);

    router.add({"POST",
                apiPath(u"/releases"),
                {},
                releaseBodyFields(),
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> actor = actorName(call);
                    if (!actor)
                        return actor.error();
                    QJsonObject manifest = call.body();
                    manifest.remove(u"actor"_s);
                    QByteArray signature;
                    if (manifest.contains(u"Signature"_s)) {
                        const QJsonValue value = manifest.take(u"Signature"_s);
                        if (!value.isObject())
                            return ApiCall::badRequest(u"Signature must be the release.sig document (an object)"_s);
                        signature = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
                    }
                    const auto release = fleet.releases().importUploads(manifest, signature, *actor);
                    if (!release)
                        return release.error();
                    return ApiReply{201, QJsonObject{{u"release"_s, toJson(*release)}}};
                }},
               Permission::ManageReleases);

    router.add({"GET",
                apiPath(u"/releases"),
                {},
                {},
                [&fleet](const ApiCall &) -> Result<ApiReply> {
                    const auto releases = fleet.releases().list();
                    if (!releases)
                        return releases.error();
                    QJsonArray items;
                    for (const releases::ReleaseRecord &release : *releases)
                        items.append(toJson(release));
                    return ApiReply{200, QJsonObject{{u"releases"_s, items}, {u"count"_s, items.size()}}};
                }},
               Permission::ViewFleet);

    router.add({"GET",
                apiPath(u"/releases/{id}"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<qint64> id = idArgument(call);
                    if (!id)
                        return id.error();
                    const auto release = fleet.releases().find(*id);
                    if (!release)
                        return release.error();
                    if (!release->has_value())
                        return Error(u"no release %1"_s.arg(*id), 404);
                    return ApiReply{200, QJsonObject{{u"release"_s, toJson(**release)}}};
                }},
               Permission::ViewFleet);
}

} // namespace flotilla::server::api

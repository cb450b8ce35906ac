#include "server/api/CommandRoutes.h"

#include "server/FleetService.h"
#include "server/api/ApiRouter.h"
#include "server/api/RouteSupport.h"
#include "server/commands/CommandService.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

namespace {

using campaigns::Permission;
using commands::CommandRecord;

constexpr int DefaultCommandHistory = 50;

// The operator behind a call with their role: the service decides what the role allows (a
// destructive command needs an administrator).
Result<campaigns::Actor> callerOf(const ApiCall &call)
{
    auto name = actorName(call);
    if (!name)
        return name.error();
    return campaigns::Actor{*name, call.actor().role};
}

// {"operation","arguments"?,"expirySeconds"?,"confirmVin"?}: the syntax here, the values in the
// service (422 with the reason).
Result<commands::SendRequest> sendRequestOf(const ApiCall &call)
{
    commands::SendRequest request;
    const QJsonValue operation = call.body().value(u"operation"_s);
    if (!operation.isString())
        return ApiCall::badRequest(u"operation: expected the name of an operation (Lock, ClimateOn, ...)"_s);
    const auto parsed = commands::operationFromString(operation.toString());
    if (!parsed) {
        QStringList names;
        for (commands::Operation o : commands::allOperations())
            names.append(commands::toString(o));
        return ApiCall::badRequest(
            u"operation: unknown '%1'; one of %2"_s.arg(operation.toString().left(40), names.join(u", "_s)));
    }
    request.operation = *parsed;
    const QJsonValue arguments = call.body().value(u"arguments"_s);
    if (!arguments.isUndefined() && !arguments.isNull() && !arguments.isObject())
        return ApiCall::badRequest(u"arguments: expected an object such as {\"TargetC\":22}"_s);
    request.arguments = arguments.toObject();
    const QJsonValue expiry = call.body().value(u"expirySeconds"_s);
    if (!expiry.isUndefined() && !expiry.isNull()) {
        const double seconds = expiry.toDouble(-1);
        if (!expiry.isDouble() || seconds != double(qint64(seconds)) || seconds < 1 ||
            seconds > double(commands::MaxExpiryMs / 1000))
            return ApiCall::badRequest(
                u"expirySeconds: expected a whole number from 1 to %1"_s.arg(commands::MaxExpiryMs / 1000));
        request.expiryMs = qint64(seconds) * 1000;
    }
    auto confirmVin = call.bodyText(u"confirmVin", MaxVinLength, {});
    if (!confirmVin)
        return confirmVin.error();
    request.confirmVin = *confirmVin;
    return request;
}

QJsonArray toArray(const QList<CommandRecord> &records)
{
    QJsonArray array;
    for (const CommandRecord &record : records)
        array.append(record.toJson());
    return array;
}

} // namespace

void addCommandRoutes(Router &router, FleetService &fleet)
{
    router.add({"POST",
                apiPath(u"/vehicles/{vin}/commands"),
                {},
                {u"operation"_s, u"arguments"_s, u"expirySeconds"_s, u"confirmVin"_s, u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto vin = vinArgument(call);
                    if (!vin)
                        return vin.error();
                    auto request = sendRequestOf(call);
                    if (!request)
                        return request.error();
                    auto actor = callerOf(call);
                    if (!actor)
                        return actor.error();
                    auto command = fleet.commands().send(*vin, *request, *actor);
                    if (!command)
                        return command.error();
                    return ApiReply{201, command->toJson()};
                }},
               Permission::SendCommands);

    router.add({"POST",
                apiPath(u"/commands/bulk"),
                {},
                {u"vins"_s, u"operation"_s, u"arguments"_s, u"expirySeconds"_s, u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const QJsonValue vinsValue = call.body().value(u"vins"_s);
                    if (!vinsValue.isArray() || vinsValue.toArray().isEmpty() ||
                        vinsValue.toArray().size() > commands::CommandService::MaxBulkVehicles)
                        return ApiCall::badRequest(u"vins: expected an array of 1 to %1 VINs"_s.arg(
                            commands::CommandService::MaxBulkVehicles));
                    QStringList vins;
                    for (const QJsonValue &item : vinsValue.toArray()) {
                        if (!item.isString() || item.toString().size() > MaxVinLength)
                            return ApiCall::badRequest(u"vins: expected an array of VINs (strings)"_s);
                        vins.append(item.toString());
                    }
                    auto request = sendRequestOf(call);
                    if (!request)
                        return request.error();
                    auto actor = callerOf(call);
                    if (!actor)
                        return actor.error();
                    auto entries = fleet.commands().sendBulk(vins, *request, *actor);
                    if (!entries)
                        return entries.error();
                    QJsonArray results;
                    int created = 0;
                    qint64 bulkId = 0;
                    for (const commands::BulkEntry &entry : std::as_const(*entries)) {
                        QJsonObject item{{u"vin"_s, entry.vin}};
                        if (entry.command) {
                            item.insert(u"command"_s, entry.command->toJson());
                            bulkId = entry.command->bulkId;
                            ++created;
                        } else {
                            item.insert(u"error"_s, entry.error);
                        }
                        results.append(item);
                    }
                    return ApiReply{created > 0 ? 201 : 200,
                                    QJsonObject{{u"bulkId"_s, bulkId > 0 ? QJsonValue(bulkId) : QJsonValue()},
                                                {u"created"_s, created},
                                                {u"results"_s, results}}};
                }},
               Permission::SendCommands);

    router.add({"GET", apiPath(u"/commands/bulk/{id}"), {}, {}, [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto list = fleet.commands().commandsOfBulk(*id);
                    if (!list)
                        return list.error();
                    if (list->isEmpty())
                        return Error(u"No bulk command %1"_s.arg(*id), 404);
                    return ApiReply{200, QJsonObject{{u"bulkId"_s, *id}, {u"commands"_s, toArray(*list)}}};
                }});

    router.add({"GET", apiPath(u"/commands/{id}"), {}, {}, [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto command = fleet.commands().command(*id);
                    if (!command)
                        return command.error();
                    if (!command->has_value())
                        return Error(u"No command %1"_s.arg(*id), 404);
                    return ApiReply{200, (*command)->toJson()};
                }});

    router.add({"GET",
                apiPath(u"/vehicles/{vin}/commands"),
                {u"limit"_s},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto vin = vinArgument(call);
                    if (!vin)
                        return vin.error();
                    auto limit = call.intParam(u"limit", 1, MaxPageSize, DefaultCommandHistory);
                    if (!limit)
                        return limit.error();
                    auto list = fleet.commands().commandsForVehicle(*vin, int(*limit));
                    if (!list)
                        return list.error();
                    return ApiReply{200, QJsonObject{{u"commands"_s, toArray(*list)}}};
                }});

    router.add({"POST",
                apiPath(u"/commands/{id}/cancel"),
                {},
                {u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto actor = callerOf(call);
                    if (!actor)
                        return actor.error();
                    auto command = fleet.commands().cancel(*id, *actor);
                    if (!command)
                        return command.error();
                    return ApiReply{200, command->toJson()};
                }},
               Permission::SendCommands);
}

} // namespace flotilla::server::api

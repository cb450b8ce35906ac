#include "server/api/FleetRoutes.h"

#include "server/FleetService.h"
#include "server/api/ApiJson.h"
#include "server/api/ApiRouter.h"
#include "server/api/ManagementApi.h"
#include "server/api/RouteSupport.h"

#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

using campaigns::Permission;

namespace {

// The accepted values of ?state=, spelt by the store's own toString().
QStringList vehicleStates()
{
    using store::VehicleState;
    QStringList names;
    for (VehicleState state : {VehicleState::Pending, VehicleState::Accepted, VehicleState::Rejected,
                               VehicleState::Blocked, VehicleState::Wiped}) {
        names.append(store::toString(state));
    }
    return names;
}

QStringList registrationStates()
{
    using store::RegistrationState;
    QStringList names;
    for (RegistrationState state : {RegistrationState::Pending, RegistrationState::Accepted,
                                    RegistrationState::Rejected, RegistrationState::Issued}) {
        names.append(store::toString(state));
    }
    return names;
}

const QString AllStates = u"all"_s;

// Shared by accept and reject: the facade's answer (or its 404/409) as the API's answer.
Result<ApiReply> registrationReply(const Result<store::RegistrationRecord> &decided)
{
    if (!decided)
        return decided.error();
    return ApiReply{200, QJsonObject{{u"registration"_s, toJson(*decided)}}};
}

// The operator behind a call with their role: the facade checks what the role allows.
Result<campaigns::Actor> callerOf(const ApiCall &call)
{
    const Result<QString> name = actorName(call);
    if (!name)
        return name.error();
    return campaigns::Actor{*name, call.actor().role};
}

// Shared by block and unblock: {"reason"?, "actor"?} → the vehicle as it is now.
Result<ApiReply> blockingReply(const ApiCall &call, FleetService &fleet, bool block)
{
    const Result<QString> vin = vinArgument(call);
    if (!vin)
        return vin.error();
    const Result<campaigns::Actor> actor = callerOf(call);
    if (!actor)
        return actor.error();
    const Result<QString> reason = call.bodyText(u"reason", MaxReasonLength, QString());
    if (!reason)
        return reason.error();
    const Result<store::VehicleRecord> vehicle =
        block ? fleet.blockVehicle(*vin, *actor, *reason) : fleet.unblockVehicle(*vin, *actor, *reason);
    if (!vehicle)
        return vehicle.error();
    return ApiReply{200, QJsonObject{{u"vehicle"_s, toJson(*vehicle, fleet.isOnline(*vehicle))}}};
}

} // namespace

void addFleetRoutes(Router &router, FleetService &fleet)
{
    router.add({"GET",
                apiPath(u"/status"),
                {},
                {},
                [&fleet](const ApiCall &) -> Result<ApiReply> {
                    const Result<ServerStatus> status = fleet.status();
                    if (!status)
                        return status.error();
                    return ApiReply{200, toJson(*status)};
                }},
               Permission::ViewFleet);

    router.add({"GET",
                apiPath(u"/vehicles"),
                {u"q"_s, u"state"_s, u"limit"_s, u"offset"_s},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> text = call.textParam(u"q", 200);
                    if (!text)
                        return text.error();
                    const Result<QString> state = call.choiceParam(u"state", vehicleStates(), QString());
                    if (!state)
                        return state.error();
                    const Result<qint64> limit = call.intParam(u"limit", 1, MaxPageSize, DefaultPageSize);
                    if (!limit)
                        return limit.error();
                    const Result<qint64> offset = call.intParam(u"offset", 0, std::numeric_limits<int>::max(), 0);
                    if (!offset)
                        return offset.error();

                    store::VehicleFilter filter;
                    filter.text = *text;
                    if (!state->isEmpty())
                        filter.state = store::vehicleStateFromString(*state);
                    filter.limit = int(*limit);
                    filter.offset = int(*offset);
                    const Result<QList<store::VehicleRecord>> vehicles = fleet.vehicles(filter);
                    if (!vehicles)
                        return vehicles.error();
                    QJsonArray items;
                    for (const store::VehicleRecord &vehicle : *vehicles)
                        items.append(toJson(vehicle, fleet.isOnline(vehicle)));
                    return ApiReply{200, QJsonObject{{u"vehicles"_s, items},
                                                     {u"count"_s, items.size()},
                                                     {u"limit"_s, *limit},
                                                     {u"offset"_s, *offset}}};
                }},
               Permission::ViewFleet);

    router.add({"GET",
                apiPath(u"/vehicles/{vin}"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> vin = vinArgument(call);
                    if (!vin)
                        return vin.error();
                    const Result<VehicleDetails> details = fleet.vehicle(*vin);
                    if (!details)
                        return details.error();
                    return ApiReply{200, toJson(*details)};
                }},
               Permission::ViewFleet);

    router.add({"GET",
                apiPath(u"/registrations"),
                {u"state"_s},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> state = call.choiceParam(u"state", registrationStates() << AllStates,
                                                                   store::toString(store::RegistrationState::Pending));
                    if (!state)
                        return state.error();
                    const std::optional<store::RegistrationState> wanted =
                        *state == AllStates ? std::nullopt : store::registrationStateFromString(*state);
                    const Result<QList<store::RegistrationRecord>> registrations = fleet.registrations(wanted);
                    if (!registrations)
                        return registrations.error();
                    return ApiReply{200, QJsonObject{{u"registrations"_s, toJsonArray(*registrations)},
                                                     {u"count"_s, registrations->size()}}};
                }},
               Permission::ViewFleet);

    router.add({"POST",
                apiPath(u"/registrations/{vin}/accept"),
                {},
                {u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> vin = vinArgument(call);
                    if (!vin)
                        return vin.error();
                    const Result<QString> actor = actorName(call);
                    if (!actor)
                        return actor.error();
                    return registrationReply(fleet.acceptRegistration(*vin, *actor));
                }},
               Permission::ManageVehicles);

    router.add({"POST",
                apiPath(u"/registrations/{vin}/reject"),
                {},
                {u"actor"_s, u"reason"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> vin = vinArgument(call);
                    if (!vin)
                        return vin.error();
                    const Result<QString> actor = actorName(call);
                    if (!actor)
                        return actor.error();
                    const Result<QString> reason = call.bodyText(u"reason", MaxReasonLength, QString());
                    if (!reason)
                        return reason.error();
                    return registrationReply(fleet.rejectRegistration(*vin, *actor, *reason));
                }},
               Permission::ManageVehicles);

    router.add({"POST",
                apiPath(u"/vehicles/{vin}/block"),
                {},
                {u"actor"_s, u"reason"_s},
                [&fleet](const ApiCall &call) { return blockingReply(call, fleet, true); }},
               Permission::ManageVehicles);

    router.add({"POST",
                apiPath(u"/vehicles/{vin}/unblock"),
                {},
                {u"actor"_s, u"reason"_s},
                [&fleet](const ApiCall &call) { return blockingReply(call, fleet, false); }},
               Permission::ManageVehicles);

    router.add({"GET",
                apiPath(u"/enrollment-key"),
                {},
                {},
                [&fleet](const ApiCall &) -> Result<ApiReply> {
                    return ApiReply{200, QJsonObject{{u"key"_s, fleet.enrollmentKey()}}};
                }},
               Permission::ManageVehicles);

    router.add({"POST",
                apiPath(u"/enrollment-key/rotate"),
                {},
                {u"actor"_s},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> actor = actorName(call);
                    if (!actor)
                        return actor.error();
                    const Result<QString> key = fleet.rotateEnrollmentKey(*actor);
                    if (!key)
                        return key.error();
                    return ApiReply{200, QJsonObject{{u"key"_s, *key}}};
                }},
               Permission::ManageVehicles);

    router.add({"GET",
                apiPath(u"/events"),
                {u"after"_s, u"limit"_s, u"vin"_s},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    const Result<qint64> after = call.intParam(u"after", 0, std::numeric_limits<qint64>::max(), 0);
                    if (!after)
                        return after.error();
                    const Result<qint64> limit = call.intParam(u"limit", 1, MaxPageSize, DefaultPageSize);
                    if (!limit)
                        return limit.error();
                    const Result<QString> vin = call.textParam(u"vin", MaxVinLength);
                    if (!vin)
                        return vin.error();
                    const Result<QList<store::EventRecord>> events = fleet.events(*after, int(*limit), *vin);
                    if (!events)
                        return events.error();
                    // The id to pass as "after" next time: polling then sees each event once.
                    qint64 lastId = *after;
                    for (const store::EventRecord &event : *events)
                        lastId = std::max(lastId, event.id);
                    return ApiReply{200, QJsonObject{{u"events"_s, toJsonArray(*events)},
                                                     {u"count"_s, events->size()},
                                                     {u"lastId"_s, lastId}}};
                }},
               Permission::ViewFleet);
}

} // namespace flotilla::server::api

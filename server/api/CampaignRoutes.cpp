#include "server/api/CampaignRoutes.h"

#include "server/FleetService.h"
#include "server/api/ApiRouter.h"
#include "server/api/RouteSupport.h"
#include "server/campaigns/CampaignService.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

namespace {

using campaigns::CampaignAction;

// The operator behind a call, in this one place: the logged-in user with their role (the local
// admin token may name someone with the body's "actor", as the other routes allow).
Result<campaigns::Actor> callerOf(const ApiCall &call)
{
    auto name = actorName(call);
    if (!name)
        return name.error();
    return campaigns::Actor{*name, call.actor().role};
}

// The spec members a create or edit body may carry, plus "actor".
QStringList specFields()
{
    return {u"name"_s,          u"release"_s, u"targets"_s,     u"addLateJoiners"_s,       u"waves"_s,
            u"startAtMs"_s,     u"window"_s,  u"consent"_s,     u"consentDeadlineHours"_s, u"reminderHours"_s,
            u"minBatteryPct"_s, u"parked"_s,  u"ignitionOff"_s, u"maxFailures"_s,          u"maxFailurePercent"_s,
            u"downloadOnly"_s,  u"retries"_s, u"actor"_s};
}

Result<campaigns::CampaignSpec> specOf(const ApiCall &call)
{
    QJsonObject json = call.body();
    json.remove(u"actor"_s);
    return campaigns::CampaignSpec::fromJson(json);
}

Result<ApiReply> showCampaign(FleetService &fleet, qint64 id, int status = 200)
{
    auto summary = fleet.campaigns().summary(id);
    if (!summary)
        return summary.error();
    return ApiReply{status, summary->toJson()};
}

// transition() has the last word on roles (own campaign, pause by approvers); the route's permission
// only turns away callers who could never do this.
void addAction(Router &router, FleetService &fleet, const QString &verb, CampaignAction action,
               campaigns::Permission permission)
{
    router.add({"POST",
                apiPath(u"/campaigns/{id}/") + verb,
                {},
                {u"actor"_s, u"reason"_s},
                [&fleet, action](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto actor = callerOf(call);
                    if (!actor)
                        return actor.error();
                    auto reason = call.bodyText(u"reason", MaxReasonLength, {});
                    if (!reason)
                        return reason.error();
                    auto done = fleet.campaigns().act(*id, action, *actor, *reason);
                    if (!done)
                        return done.error();
                    return showCampaign(fleet, *id);
                }},
               permission);
}

} // namespace

void addCampaignRoutes(Router &router, FleetService &fleet)
{
    router.add({"POST",
                apiPath(u"/campaigns"),
                {},
                specFields(),
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto actor = callerOf(call);
                    if (!actor)
                        return actor.error();
                    auto spec = specOf(call);
                    if (!spec)
                        return spec.error();
                    auto created = fleet.campaigns().create(*spec, *actor);
                    if (!created)
                        return created.error();
                    return showCampaign(fleet, created->id, 201);
                }},
               campaigns::Permission::EditCampaigns);

    router.add({"GET", apiPath(u"/campaigns"), {}, {}, [&fleet](const ApiCall &) -> Result<ApiReply> {
                    auto list = fleet.campaigns().list();
                    if (!list)
                        return list.error();
                    QJsonArray items;
                    for (const campaigns::CampaignRecord &campaign : std::as_const(*list))
                        items.append(campaigns::toJson(campaign));
                    return ApiReply{200, QJsonObject{{u"campaigns"_s, items}, {u"count"_s, items.size()}}};
                }});

    router.add({"GET", apiPath(u"/campaigns/{id}"), {}, {}, [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    return showCampaign(fleet, *id);
                }});

    router.add({"PUT",
                apiPath(u"/campaigns/{id}"),
                {},
                specFields(),
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto actor = callerOf(call);
                    if (!actor)
                        return actor.error();
                    auto spec = specOf(call);
                    if (!spec)
                        return spec.error();
                    auto edited = fleet.campaigns().edit(*id, *spec, *actor);
                    if (!edited)
                        return edited.error();
                    return showCampaign(fleet, *id);
                }},
               campaigns::Permission::EditCampaigns);

    using campaigns::Permission;
    addAction(router, fleet, u"submit"_s, CampaignAction::Submit, Permission::EditCampaigns);
    addAction(router, fleet, u"approve"_s, CampaignAction::Approve, Permission::ApproveCampaigns);
    addAction(router, fleet, u"reject"_s, CampaignAction::Reject, Permission::ApproveCampaigns);
    addAction(router, fleet, u"start"_s, CampaignAction::Start, Permission::EditCampaigns);
    addAction(router, fleet, u"pause"_s, CampaignAction::Pause, Permission::ViewFleet); // approvers may pause too
    addAction(router, fleet, u"resume"_s, CampaignAction::Resume, Permission::EditCampaigns);
    addAction(router, fleet, u"cancel"_s, CampaignAction::Cancel, Permission::EditCampaigns);
    addAction(router, fleet, u"retry"_s, CampaignAction::RetryFailed, Permission::EditCampaigns);

    router.add({"GET", apiPath(u"/campaigns/{id}/vehicles"), {}, {}, [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto rows = fleet.campaigns().vehicles(*id);
                    if (!rows)
                        return rows.error();
                    QJsonArray items;
                    for (const campaigns::CampaignVehicleRecord &row : std::as_const(*rows)) {
                        QJsonObject item{{u"vin"_s, row.vin},
                                         {u"wave"_s, row.wave + 1},
                                         {u"state"_s, campaigns::toString(row.state)},
                                         {u"attempts"_s, row.attempts},
                                         {u"reason"_s, row.reason}};
                        if (row.job) {
                            item.insert(u"job"_s, row.job->id);
                            item.insert(u"jobState"_s, store::toString(row.job->state));
                        }
                        items.append(item);
                    }
                    return ApiReply{200, QJsonObject{{u"vehicles"_s, items}}};
                }});

    router.add({"GET",
                apiPath(u"/campaigns/{id}/dry-run"),
                {u"offlineDays"_s},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto days = call.intParam(u"offlineDays", 1, 3650, 7);
                    if (!days)
                        return days.error();
                    auto dryRun = fleet.campaigns().dryRun(*id, int(*days));
                    if (!dryRun)
                        return dryRun.error();
                    return ApiReply{200, dryRun->toJson()};
                }});

    router.add({"GET",
                apiPath(u"/campaigns/{id}/vehicles/{vin}/why"),
                {},
                {},
                [&fleet](const ApiCall &call) -> Result<ApiReply> {
                    auto id = idArgument(call);
                    if (!id)
                        return id.error();
                    auto vin = vinArgument(call, 1);
                    if (!vin)
                        return vin.error();
                    auto why = fleet.campaigns().whyNotUpdated(*id, *vin);
                    if (!why)
                        return why.error();
                    return ApiReply{200, QJsonObject{{u"vin"_s, vin->toUpper()}, {u"why"_s, *why}}};
                }});
}

} // namespace flotilla::server::api

#include "server/api/UserRoutes.h"

#include "server/api/ApiJson.h"
#include "server/api/ApiRouter.h"
#include "server/api/RouteSupport.h"
#include "server/auth/UserService.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

using campaigns::Permission;
using campaigns::Role;

namespace {

constexpr qsizetype MaxDisplayNameLength = 200;

QJsonObject toJson(const auth::User &user)
{
    QJsonObject object{
        {u"name"_s, user.name},
        {u"displayName"_s, user.displayName},
        {u"role"_s, campaigns::toString(user.role)},
        {u"disabled"_s, user.disabled},
        {u"createdBy"_s, user.createdBy},
    };
    putTime(object, u"createdAt"_s, user.createdAtMs);
    putTime(object, u"lastLoginAt"_s, user.lastLoginAtMs);
    return object;
}

Result<ApiReply> userReply(const Result<auth::User> &user, int status = 200)
{
    if (!user)
        return user.error();
    return ApiReply{status, toJson(*user)};
}

QJsonArray permissionsOf(Role role)
{
    static const std::pair<Permission, QString> names[] = {
        {Permission::ViewFleet, u"view-fleet"_s},
        {Permission::ManageVehicles, u"manage-vehicles"_s},
        {Permission::ManageReleases, u"manage-releases"_s},
        {Permission::AssignUpdates, u"assign-updates"_s},
        {Permission::EditCampaigns, u"edit-campaigns"_s},
        {Permission::ApproveCampaigns, u"approve-campaigns"_s},
        {Permission::ManageUsers, u"manage-users"_s},
        {Permission::SendCommands, u"send-commands"_s},
        {Permission::DestructiveCommands, u"destructive-commands"_s},
    };
    QJsonArray allowed;
    for (const auto &[permission, name] : names) {
        if (campaigns::allows(role, permission))
            allowed.append(name);
    }
    return allowed;
}

// A required text member of the body (passwords are not trimmed).
Result<QString> requiredText(const ApiCall &call, QStringView field, qsizetype maxLength)
{
    const QJsonValue value = call.body().value(field);
    if (!value.isString() || value.toString().isEmpty())
        return ApiCall::badRequest(u"'%1' is required (a string)"_s.arg(field));
    if (value.toString().size() > maxLength)
        return ApiCall::badRequest(u"'%1' is too long (at most %2 characters)"_s.arg(field).arg(maxLength));
    return value.toString();
}

Result<Role> roleField(const ApiCall &call)
{
    const Result<QString> text = requiredText(call, u"role", 20);
    if (!text)
        return text.error();
    const std::optional<Role> role = campaigns::roleFromString(*text);
    if (!role)
        return ApiCall::badRequest(u"unknown role '%1' (admin, engineer, approver or viewer)"_s.arg(*text));
    return *role;
}

} // namespace

void addUserRoutes(Router &router, auth::UserService &users)
{
    // Login: the one route without a bearer token. Failed attempts are limited per user name.
    Route login{"POST",
                apiPath(u"/sessions"),
                {},
                {u"user"_s, u"password"_s},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> name = requiredText(call, u"user", 200);
                    if (!name)
                        return name.error();
                    const Result<QString> password =
                        requiredText(call, u"password", auth::UserService::MaxPasswordLength + 1);
                    if (!password)
                        return password.error();
                    const Result<auth::UserSession> session = users.login(*name, *password);
                    if (!session)
                        return session.error();
                    QJsonObject answer{{u"token"_s, session->token},
                                       {u"user"_s, session->user.name},
                                       {u"role"_s, campaigns::toString(session->user.role)}};
                    putTime(answer, u"expiresAt"_s, session->expiresAtMs);
                    return ApiReply{201, answer};
                }};
    login.anonymous = true;
    router.add(std::move(login));

    router.add({"DELETE",
                apiPath(u"/sessions"),
                {},
                {},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    if (call.isLocalAdmin())
                        return Error(u"the local admin token is not a session; it cannot log out"_s, 409);
                    if (Status s = users.closeSession(call.sessionToken()); !s)
                        return s.error();
                    return ApiReply{200, QJsonObject{{u"loggedOut"_s, call.actor().name}}};
                }},
               Permission::ViewFleet);

    router.add({"GET", apiPath(u"/me"), {}, {}, [](const ApiCall &call) -> Result<ApiReply> {
                    return ApiReply{200, QJsonObject{{u"user"_s, call.actor().name},
                                                     {u"role"_s, campaigns::toString(call.actor().role)},
                                                     {u"local"_s, call.isLocalAdmin()},
                                                     {u"permissions"_s, permissionsOf(call.actor().role)}}};
                }});

    router.add({"GET",
                apiPath(u"/users"),
                {},
                {},
                [&users](const ApiCall &) -> Result<ApiReply> {
                    const auto list = users.list();
                    if (!list)
                        return list.error();
                    QJsonArray items;
                    for (const auth::User &user : *list)
                        items.append(toJson(user));
                    return ApiReply{200, QJsonObject{{u"users"_s, items}, {u"count"_s, items.size()}}};
                }},
               Permission::ManageUsers);

    router.add({"POST",
                apiPath(u"/users"),
                {},
                {u"name"_s, u"displayName"_s, u"role"_s, u"password"_s},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    const Result<QString> name = requiredText(call, u"name", 200);
                    if (!name)
                        return name.error();
                    const Result<Role> role = roleField(call);
                    if (!role)
                        return role.error();
                    const Result<QString> password =
                        requiredText(call, u"password", auth::UserService::MaxPasswordLength + 1);
                    if (!password)
                        return password.error();
                    const Result<QString> displayName = call.bodyText(u"displayName", MaxDisplayNameLength, {});
                    if (!displayName)
                        return displayName.error();
                    return userReply(users.createUser(*name, *displayName, *role, *password, call.actor()), 201);
                }},
               Permission::ManageUsers);

    router.add({"GET",
                apiPath(u"/users/{name}"),
                {},
                {},
                [&users](const ApiCall &call) -> Result<ApiReply> { return userReply(users.user(call.arg(0))); }},
               Permission::ManageUsers);

    router.add({"DELETE",
                apiPath(u"/users/{name}"),
                {},
                {},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    if (Status s = users.removeUser(call.arg(0), call.actor()); !s)
                        return s.error();
                    return ApiReply{200, QJsonObject{{u"removed"_s, call.arg(0).toLower()}}};
                }},
               Permission::ManageUsers);

    router.add({"POST",
                apiPath(u"/users/{name}/role"),
                {},
                {u"role"_s},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    const Result<Role> role = roleField(call);
                    if (!role)
                        return role.error();
                    return userReply(users.setRole(call.arg(0), *role, call.actor()));
                }},
               Permission::ManageUsers);

    router.add({"POST",
                apiPath(u"/users/{name}/disable"),
                {},
                {},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    return userReply(users.setDisabled(call.arg(0), true, call.actor()));
                }},
               Permission::ManageUsers);

    router.add({"POST",
                apiPath(u"/users/{name}/enable"),
                {},
                {},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    return userReply(users.setDisabled(call.arg(0), false, call.actor()));
                }},
               Permission::ManageUsers);

    // Anyone may change their own password (proving the current one); admins may set anyone's.
    router.add({"POST",
                apiPath(u"/users/{name}/password"),
                {},
                {u"password"_s, u"currentPassword"_s},
                [&users](const ApiCall &call) -> Result<ApiReply> {
                    const QString target = call.arg(0).trimmed().toLower();
                    const bool self = !call.isLocalAdmin() && target == call.actor().name;
                    if (!self && !campaigns::allows(call.actor().role, Permission::ManageUsers))
                        return Error(u"changing another user's password needs the admin role"_s, 403);
                    const Result<QString> password =
                        requiredText(call, u"password", auth::UserService::MaxPasswordLength + 1);
                    if (!password)
                        return password.error();
                    if (self && !campaigns::allows(call.actor().role, Permission::ManageUsers)) {
                        const Result<QString> current =
                            requiredText(call, u"currentPassword", auth::UserService::MaxPasswordLength + 1);
                        if (!current)
                            return current.error();
                        // A stolen session alone must not be enough to take the account over.
                        if (const auto checked = users.authenticate(target, *current); !checked)
                            return checked.error().code == 429 ? checked.error()
                                                               : Error(u"the current password is wrong"_s, 403);
                    }
                    return userReply(users.setPassword(target, *password, call.actor()));
                }},
               Permission::ViewFleet);
}

} // namespace flotilla::server::api

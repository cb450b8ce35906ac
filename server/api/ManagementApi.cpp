#include "server/api/ManagementApi.h"

#include "core/crypto/Hash.h"
#include "server/FleetService.h"
#include "server/api/CampaignRoutes.h"
#include "server/api/CommandRoutes.h"
#include "server/api/FleetRoutes.h"
#include "server/api/ReleaseRoutes.h"
#include "server/api/UpdateRoutes.h"
#include "server/api/UserRoutes.h"
#include "server/auth/UserService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QThreadPool>

#include <exception>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApi, "flotilla.api")

namespace flotilla::server::api {

namespace {

// Handlers block on the store (I/O, not CPU): a few more threads than cores keep one slow
// query from queueing everything behind it.
constexpr int WorkerThreads = 4;

constexpr int MaxJsonDepth = 8;

QString describe(const http::Request &request)
{
    return QString::fromLatin1(request.method) + u' ' + QString::fromUtf8(request.path());
}

http::Response unauthorized(const QString &message, bool tokenPresented)
{
    http::Response response = ManagementApi::errorResponse(Error(message, 401));
    // RFC 6750 §3: tell the client which scheme to use, and that its token was wrong.
    response.headers.set("WWW-Authenticate", tokenPresented ? R"(Bearer realm="flotilla", error="invalid_token")"
                                                            : R"(Bearer realm="flotilla")");
    return response;
}

http::Response run(const Route &route, const ApiCall &call)
{
    // Nothing thrown below may escape into the thread pool (it would terminate the server).
    try {
        const Result<ApiReply> reply = route.run(call);
        if (!reply) {
            http::Response response = ManagementApi::errorResponse(reply.error());
            // Failed-login limit (UserService): the window is a minute.
            if (reply.error().code == 429)
                response.headers.set("Retry-After", "60");
            return response;
        }
        if (reply->file) {
            http::Response response;
            response.status = reply->status;
            response.file = reply->file;
            response.headers.set("Content-Type", reply->contentType);
            return response;
        }
        return ManagementApi::jsonResponse(reply->status, reply->body);
    } catch (const std::exception &e) {
        return ManagementApi::errorResponse(Error(u"internal error: %1"_s.arg(QString::fromLocal8Bit(e.what())), 500));
    } catch (...) {
        return ManagementApi::errorResponse(Error(u"internal error"_s, 500));
    }
}

int depthOf(const QJsonValue &value, int depth = 1)
{
    int deepest = depth;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            deepest = std::max(deepest, depthOf(it.value(), depth + 1));
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            deepest = std::max(deepest, depthOf(item, depth + 1));
    }
    return deepest;
}

} // namespace

// Which roles may do what the route needs, for the 403 message ("the engineer or admin role").
QString rolesAllowing(campaigns::Permission permission)
{
    QStringList roles;
    for (const campaigns::Role role :
         {campaigns::Role::Viewer, campaigns::Role::Engineer, campaigns::Role::Approver, campaigns::Role::Admin}) {
        if (campaigns::allows(role, permission))
            roles.append(campaigns::toString(role));
    }
    if (roles.size() == 1)
        return u"the %1 role"_s.arg(roles.first());
    const QString last = roles.takeLast();
    return u"the %1 or %2 role"_s.arg(roles.join(u", "), last);
}

ManagementApi::ManagementApi(FleetService &fleet, QString token)
    : m_users(fleet.users())
    , m_token(token.toUtf8())
    , m_workers(std::make_unique<QThreadPool>())
{
    m_workers->setMaxThreadCount(WorkerThreads);
    m_workers->setObjectName(u"flotilla-api"_s);

    m_router.add({"GET", QString(ApiPrefix), {}, {}, [](const ApiCall &) -> Result<ApiReply> {
                      return ApiReply{200, QJsonObject{{u"apiVersion"_s, ApiVersion},
                                                       {u"server"_s, u"flotilla"_s},
                                                       {u"version"_s, QStringLiteral(FLOTILLA_VERSION)}}};
                  }});
    addFleetRoutes(m_router, fleet);
    addReleaseRoutes(m_router, fleet);
    addUpdateRoutes(m_router, fleet);
    addCampaignRoutes(m_router, fleet);
    addCommandRoutes(m_router, fleet);
    addUserRoutes(m_router, fleet.users());
}

ManagementApi::~ManagementApi()
{
    m_workers->waitForDone();
}

http::Response ManagementApi::jsonResponse(int status, const QJsonObject &body)
{
    http::Response response = http::Response::json(status, QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n');
    // Answers carry secrets (the enrollment key) and live data: never cache them.
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("X-Content-Type-Options", "nosniff");
    return response;
}

http::Response ManagementApi::errorResponse(const Error &error)
{
    const int status = error.code >= 400 && error.code <= 599 ? error.code : 500;
    if (status >= 500)
        qCWarning(lcApi) << "request failed:" << status << error.message;
    return jsonResponse(status,
                        QJsonObject{{u"error"_s, QJsonObject{{u"status"_s, status}, {u"message"_s, error.message}}}});
}

http::Response ManagementApi::transportError(int status, const QString &description) const
{
    return errorResponse(Error(description, status));
}

std::optional<QByteArray> ManagementApi::bearerToken(const http::Request &request) const
{
    const QByteArray header = request.headers.value("Authorization").trimmed();
    constexpr QByteArrayView scheme("Bearer ");
    if (header.size() <= scheme.size() ||
        QByteArrayView(header).first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const QByteArray presented = header.mid(scheme.size()).trimmed();
    if (presented.isEmpty())
        return std::nullopt;
    return presented;
}

bool ManagementApi::isLocalToken(const QByteArray &presented) const
{
    // An unset server token must never match an empty presented one.
    return !m_token.isEmpty() && crypto::constantTimeEquals(presented, m_token);
}

std::variant<ApiCall, http::Response> ManagementApi::admit(const http::Request &request, Router::Match &match,
                                                           const Caller &caller) const
{
    if (!match.route) {
        http::Response response;
        if (match.status == 405) {
            response = errorResponse(Error(u"%1 is not allowed on %2 (allowed: %3)"_s.arg(
                                               QString::fromLatin1(request.method), QString::fromUtf8(request.path()),
                                               QString::fromLatin1(match.allow)),
                                           405));
            response.headers.set("Allow", match.allow);
        } else {
            response = errorResponse(Error(u"no such route: %1"_s.arg(describe(request)), 404));
        }
        return response;
    }
    // Before the body is looked at: a caller without the role learns nothing from validation errors.
    const campaigns::Permission needed = match.route->requiredPermission();
    if (!match.route->anonymous && !campaigns::allows(caller.actor.role, needed)) {
        qCInfo(lcApi) << "forbidden" << describe(request) << "for" << caller.actor.name;
        return errorResponse(
            Error(u"%1 needs %2; %3 has the %4 role"_s.arg(describe(request), rolesAllowing(needed), caller.actor.name,
                                                           campaigns::toString(caller.actor.role)),
                  403));
    }
    Result<ApiCall> call = prepareCall(*match.route, std::move(match.captures), request);
    if (!call)
        return errorResponse(call.error());
    call->setCaller(caller.actor, caller.localAdmin, caller.sessionToken);
    return std::move(*call);
}

Result<ApiCall> ManagementApi::prepareCall(const Route &route, QStringList captures, const http::Request &request) const
{
    Result<QList<std::pair<QString, QString>>> query = ApiCall::parseQuery(request.query());
    if (!query)
        return query.error();
    for (const auto &[name, value] : *query) {
        if (!route.query.contains(name)) {
            const QString accepted = route.query.isEmpty() ? u"none"_s : route.query.join(u", ");
            return ApiCall::badRequest(u"unknown query parameter '%1' (accepted: %2)"_s.arg(name, accepted));
        }
    }

    // Uploads: the bytes as sent (the transport's request limit bounds them).
    if (route.rawBody)
        return ApiCall(std::move(captures), std::move(*query), {}, request.body);

    QJsonObject body;
    if (!request.body.isEmpty()) {
        if (route.bodyFields.isEmpty())
            return ApiCall::badRequest(u"%1 takes no request body"_s.arg(describe(request)));
        const QByteArray contentType = request.headers.value("Content-Type").split(';').first().trimmed().toLower();
        if (contentType != "application/json")
            return Error(u"the request body must be application/json"_s, 415);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return ApiCall::badRequest(u"the request body is not valid JSON: %1"_s.arg(parseError.errorString()));
        if (!document.isObject())
            return ApiCall::badRequest(u"the request body must be a JSON object"_s);
        body = document.object();
        if (depthOf(body) > MaxJsonDepth)
            return ApiCall::badRequest(u"the request body is nested too deeply"_s);
        for (auto it = body.begin(); it != body.end(); ++it) {
            // Strict on purpose: a misspelt field ("reasn") must fail, not be silently dropped.
            if (!route.bodyFields.contains(it.key())) {
                return ApiCall::badRequest(
                    u"unknown body field '%1' (accepted: %2)"_s.arg(it.key(), route.bodyFields.join(u", ")));
            }
        }
    }
    return ApiCall(std::move(captures), std::move(*query), std::move(body));
}

void ManagementApi::handle(http::Request request, http::Responder respond)
{
    Router::Match match = m_router.match(request.method, request.path());
    const bool anonymous = match.route && match.route->anonymous;
    const std::optional<QByteArray> bearer = bearerToken(request);
    if (!anonymous && !bearer) {
        const bool presented = request.headers.contains("Authorization");
        qCInfo(lcApi) << "unauthorized" << describe(request) << "from" << request.peerAddress;
        respond(unauthorized(presented ? u"invalid bearer token"_s
                                       : u"missing bearer token (Authorization: Bearer <token>)"_s,
                             presented));
        return;
    }

    if (!anonymous && isLocalToken(*bearer)) {
        auto admitted =
            admit(request, match, Caller{{QString(LocalAdminName), campaigns::Role::Admin}, true, QString()});
        if (auto *response = std::get_if<http::Response>(&admitted)) {
            respond(std::move(*response));
            return;
        }
        qCDebug(lcApi) << describe(request) << "from" << request.peerAddress;
        // Routes are never added after construction, so the pointer stays valid.
        m_workers->start([route = match.route, call = std::move(std::get<ApiCall>(admitted)),
                          respond = std::move(respond)] { respond(run(*route, call)); });
        return;
    }

    // A user's session token (or the login itself): looking it up reads the store, so everything
    // from here runs on a worker. The destructor waits for the workers, so `this` stays valid.
    m_workers->start([this, request = std::move(request), match = std::move(match), bearer, anonymous,
                      respond = std::move(respond)]() mutable {
        Caller caller;
        if (!anonymous) {
            const QString token = QString::fromLatin1(*bearer);
            const Result<auth::User> user = m_users.userForToken(token);
            if (!user) {
                qCInfo(lcApi) << "unauthorized" << describe(request) << "from" << request.peerAddress;
                respond(user.error().code == 401 ? unauthorized(user.errorString(), true)
                                                 : errorResponse(user.error()));
                return;
            }
            caller = Caller{user->actor(), false, token};
        }
        auto admitted = admit(request, match, caller);
        if (auto *response = std::get_if<http::Response>(&admitted)) {
            respond(std::move(*response));
            return;
        }
        qCDebug(lcApi) << describe(request) << "from" << request.peerAddress << "as" << caller.actor.name;
        respond(run(*match.route, std::get<ApiCall>(admitted)));
    });
}

} // namespace flotilla::server::api

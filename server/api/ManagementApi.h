#pragma once

#include "core/Result.h"
#include "server/api/ApiRouter.h"
#include "server/http/HttpTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <variant>

class QThreadPool;

namespace flotilla::server {
class FleetService;
}
namespace flotilla::server::auth {
class UserService;
}

namespace flotilla::server::api {

// Version of the management REST API. Bump it, and add a changelog entry to docs/api.md, for
// every change a client can notice (STYLE.md 20).
inline constexpr int ApiVersion = 1;
inline constexpr QLatin1StringView ApiPrefix("/api/v1");

// The management REST API (docs/api.md): JSON over HTTPS for scripts, CI and flotillactl, on top
// of the same FleetService facade as the console window.
//
// Two kinds of bearer token are accepted: the local machine's admin token (<data>/secrets/api-token,
// readable only by the account that runs the server; it acts as "local-admin" with the admin role)
// and the session tokens of logged-in users (POST /api/v1/sessions), whose role decides which
// routes they may call (Route::permission, 403 otherwise).
//
// handle() runs on a transport I/O thread. For the local token it routes and validates there
// (cheap, no store access) and runs the route handler on the API's own worker pool; a session
// token needs a store lookup, so for those the whole request goes to the pool. Handlers run there
// because the facade blocks on the store and one slow query must not stall the other
// connections of that I/O thread. A private pool, not QThreadPool::globalInstance(): API load
// cannot starve the console's QtConcurrent work, and the destructor waits for exactly the
// calls in flight, so no handler touches the facade after the API is gone.
class ManagementApi final : public http::Handler
{
public:
    // fleet must outlive this object. token is the local machine's admin token.
    ManagementApi(FleetService &fleet, QString token);
    ~ManagementApi() override; // waits for the handlers still running
    ManagementApi(const ManagementApi &) = delete;
    ManagementApi &operator=(const ManagementApi &) = delete;

    void handle(http::Request request, http::Responder respond) override;
    http::Response transportError(int status, const QString &description) const override;

    // The single error boundary: Error.code (an HTTP status; anything else is 500) → response
    // {"error":{"status":...,"message":...}}.
    static http::Response errorResponse(const Error &error);
    static http::Response jsonResponse(int status, const QJsonObject &body);

    // The name and role of requests made with the local token.
    static constexpr QLatin1StringView LocalAdminName{"local-admin"};

private:
    struct Caller
    {
        campaigns::Actor actor;
        bool localAdmin = false;
        QString sessionToken;
    };
    std::optional<QByteArray> bearerToken(const http::Request &request) const;
    bool isLocalToken(const QByteArray &presented) const;
    // Routing, the role check and body validation: the call to run, or the response to send.
    std::variant<ApiCall, http::Response> admit(const http::Request &request, Router::Match &match,
                                                const Caller &caller) const;
    Result<ApiCall> prepareCall(const Route &route, QStringList captures, const http::Request &request) const;

    auth::UserService &m_users;
    QByteArray m_token;
    Router m_router;
    std::unique_ptr<QThreadPool> m_workers;
};

} // namespace flotilla::server::api

#pragma once

#include "server/api/ApiCall.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace flotilla::server::api {

// A route handler runs on an API worker thread (never the I/O thread), so it may block on the
// store. It reports failures as Error whose code is the HTTP status (400, 404, 409; 0 means 500).
using RouteHandler = std::function<Result<ApiReply>(const ApiCall &call)>;

struct Route
{
    QByteArray method;      // "GET", "POST"
    QString path;           // full path; a "{name}" segment captures one segment, e.g. /api/v1/vehicles/{vin}
    QStringList query;      // accepted query parameters; any other is a 400
    QStringList bodyFields; // accepted JSON body members; empty = the route takes no body
    RouteHandler run;
    bool rawBody = false; // the body is bytes of any type (ApiCall::rawBody), not JSON; bodyFields unused
    // What the caller's role must allow, checked before the handler runs (403 otherwise). Unset:
    // ViewFleet for GET, ManageUsers (admins only) for any other method, so that a write route
    // added without a thought about roles fails closed.
    std::optional<campaigns::Permission> permission = std::nullopt;
    bool anonymous = false; // no bearer token needed (POST /sessions, the login itself)

    campaigns::Permission requiredPermission() const;
};

// The routing table. Adding a route is one add() call next to its handler (see FleetRoutes.cpp).
class Router final
{
public:
    void add(Route route);
    void add(Route route, campaigns::Permission permission); // sets route.permission

    struct Match
    {
        const Route *route = nullptr; // null: see status
        QStringList captures;
        int status = 0;   // 404 no such path, 405 path known but not with this method
        QByteArray allow; // for 405: the methods the path accepts, "GET, POST"
    };
    // path as received (percent-encoded, without the query); a trailing "/" is ignored.
    Match match(QByteArrayView method, QByteArrayView path) const;

private:
    struct Entry
    {
        Route route;
        QStringList segments;
    };
    QList<Entry> m_entries;
};

} // namespace flotilla::server::api

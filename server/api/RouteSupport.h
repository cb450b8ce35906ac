#pragma once

#include "server/api/ApiCall.h"
#include "server/api/ManagementApi.h"

#include <QString>

// Small pieces every route file of the management API shares.
namespace flotilla::server::api {

inline constexpr int DefaultPageSize = 100;
inline constexpr int MaxPageSize = 1000;
inline constexpr qsizetype MaxVinLength = 64; // generous: PROTOCOL.md tolerates non-ISO VINs
inline constexpr qsizetype MaxActorLength = 100;
inline constexpr qsizetype MaxReasonLength = 1000;
inline const QString DefaultActor = QStringLiteral("api");

// The operator name the event log records for this call: the logged-in user's. The local admin
// token (scripts from before user accounts) may still name someone with the "actor" body field,
// and is "api" without it, as before; for everyone else that field is accepted but ignored.
inline Result<QString> actorName(const ApiCall &call)
{
    if (!call.isLocalAdmin())
        return call.actor().name;
    return call.bodyText(u"actor", MaxActorLength, DefaultActor);
}

// "/api/v1" + tail.
inline QString apiPath(QStringView tail)
{
    return QString(ApiPrefix).append(tail);
}

// The path capture at index as a VIN (length-checked; the facade normalises case).
inline Result<QString> vinArgument(const ApiCall &call, qsizetype index = 0)
{
    const QString vin = call.arg(index);
    if (vin.size() > MaxVinLength)
        return ApiCall::badRequest(QStringLiteral("VIN is too long (at most %1 characters)").arg(MaxVinLength));
    return vin;
}

// The path capture at index as a positive integer id.
inline Result<qint64> idArgument(const ApiCall &call, qsizetype index = 0)
{
    bool ok = false;
    const qint64 id = call.arg(index).toLongLong(&ok);
    if (!ok || id <= 0)
        return ApiCall::badRequest(QStringLiteral("\"%1\" is not an id").arg(call.arg(index)));
    return id;
}

} // namespace flotilla::server::api

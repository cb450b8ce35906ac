#include "server/api/ApiJson.h"

#include "server/api/ManagementApi.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

namespace {

QJsonValue optionalId(const std::optional<qint64> &id)
{
    return id ? QJsonValue(*id) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QJsonValue isoTime(qint64 ms)
{
    if (ms <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

void putTime(QJsonObject &object, const QString &name, qint64 ms)
{
    object.insert(name, isoTime(ms));
    object.insert(name + u"Ms", ms > 0 ? QJsonValue(ms) : QJsonValue(QJsonValue::Null));
}

QJsonArray ecusToJson(const QJsonArray &ecus)
{
    QJsonArray result;
    for (const QJsonValue &value : ecus) {
        const QJsonObject ecu = value.toObject();
        QJsonObject out;
        for (auto it = ecu.begin(); it != ecu.end(); ++it) {
            // The three members PROTOCOL.md §3 defines get API names; anything else a vehicle
            // added keeps its own name with a lower-case first letter.
            QString key = it.key();
            if (key.compare(u"Ecu", Qt::CaseInsensitive) == 0)
                key = u"ecu"_s;
            else if (key.compare(u"HwId", Qt::CaseInsensitive) == 0)
                key = u"hwId"_s;
            else if (key.compare(u"SwV", Qt::CaseInsensitive) == 0)
                key = u"swVersion"_s;
            else if (!key.isEmpty())
                key[0] = key[0].toLower();
            out.insert(key, it.value());
        }
        result.append(out);
    }
    return result;
}

QJsonObject toJson(const store::VehicleRecord &vehicle, bool online)
{
    QJsonObject o{
        {u"id"_s, vehicle.id},
        {u"vin"_s, vehicle.vin},
        {u"devId"_s, vehicle.devId},
        {u"state"_s, store::toString(vehicle.state)},
        {u"online"_s, online},
        {u"manufacturer"_s, vehicle.manufacturer},
        {u"model"_s, vehicle.model},
        {u"oem"_s, vehicle.oem},
        {u"devType"_s, vehicle.devType},
        {u"fwVersion"_s, vehicle.fwVersion},
        {u"swVersion"_s, vehicle.swVersion},
        {u"hwVersion"_s, vehicle.hwVersion},
        {u"language"_s, vehicle.language},
        {u"dmVersion"_s, vehicle.dmVersion},
        {u"codecs"_s, QJsonArray::fromStringList(vehicle.codecs)},
        {u"deltaMaxMemoryMiB"_s,
         vehicle.deltaMaxMemoryMiB ? QJsonValue(*vehicle.deltaMaxMemoryMiB) : QJsonValue(QJsonValue::Null)},
        {u"ecus"_s, ecusToJson(vehicle.ecus)},
        {u"rxswin"_s, QJsonArray::fromStringList(vehicle.rxswin)},
        {u"lastAddress"_s, textOrNull(vehicle.lastAddress)},
        {u"sessionCount"_s, vehicle.sessionCount},
    };
    putTime(o, u"registeredAt"_s, vehicle.registeredAtMs);
    putTime(o, u"lastSeenAt"_s, vehicle.lastSeenAtMs);
    putTime(o, u"updatedAt"_s, vehicle.updatedAtMs);
    return o;
}

QJsonObject toJson(const store::RegistrationRecord &registration)
{
    QJsonObject o{
        {u"id"_s, registration.id},
        {u"vehicleId"_s, registration.vehicleId},
        {u"vin"_s, registration.vin},
        {u"devId"_s, registration.devId},
        {u"state"_s, store::toString(registration.state)},
        {u"proof"_s, store::toString(registration.proof)},
        {u"peerAddress"_s, textOrNull(registration.peerAddress)},
        // DevInfo exactly as the vehicle sent it (OMA-DM names), for an operator's inspection.
        {u"devInfo"_s, registration.devInfo},
        {u"hasCsr"_s, !registration.csr.isEmpty()},
        {u"decidedBy"_s, textOrNull(registration.decidedBy)},
        {u"reason"_s, textOrNull(registration.reason)},
    };
    putTime(o, u"requestedAt"_s, registration.requestedAtMs);
    putTime(o, u"decidedAt"_s, registration.decidedAtMs);
    return o;
}

QJsonObject toJson(const store::SessionRecord &session)
{
    QJsonObject o{
        {u"id"_s, session.id},
        {u"vehicleId"_s, session.vehicleId},
        {u"reason"_s, session.reason},
        {u"notificationId"_s, textOrNull(session.notificationId)},
        {u"state"_s, store::toString(session.state)},
        {u"packages"_s, session.packages},
        {u"pendingCommands"_s, session.pendingCommands},
        {u"peerAddress"_s, textOrNull(session.peerAddress)},
        {u"outcome"_s, textOrNull(session.outcome)},
    };
    putTime(o, u"startedAt"_s, session.startedAtMs);
    putTime(o, u"endedAt"_s, session.endedAtMs);
    return o;
}

QJsonObject toJson(const store::MoSnapshot &snapshot)
{
    QJsonObject o{
        {u"moid"_s, snapshot.moid},
        {u"clientUri"_s, snapshot.clientUri},
        {u"data"_s, snapshot.data},
    };
    putTime(o, u"receivedAt"_s, snapshot.receivedAtMs);
    return o;
}

QJsonObject toJson(const store::EventRecord &event)
{
    QJsonObject o{
        {u"id"_s, event.id},
        {u"kind"_s, event.kind},
        {u"vehicleId"_s, optionalId(event.vehicleId)},
        {u"vin"_s, textOrNull(event.vin)},
        {u"actor"_s, event.actor},
        {u"summary"_s, event.summary},
        {u"data"_s, event.data},
    };
    putTime(o, u"at"_s, event.atMs);
    return o;
}

QJsonObject toJson(const ServerStatus &status)
{
    QJsonObject o{
        {u"apiVersion"_s, ApiVersion},
        {u"serverId"_s, status.serverId},
        {u"version"_s, status.version},
        {u"dataDir"_s, status.dataDir},
        {u"deviceUrl"_s, status.deviceUrl},
        {u"apiUrl"_s, status.apiUrl},
        {u"vehicles"_s, status.vehicles},
        {u"accepted"_s, status.accepted},
        {u"pendingVehicles"_s, status.pendingVehicles},
        {u"rejected"_s, status.rejected},
        {u"blocked"_s, status.blocked},
        {u"pendingRegistrations"_s, status.pendingRegistrations},
        {u"online"_s, status.online},
        {u"sessions"_s, qint64(status.sessions)},
        {u"pollSeconds"_s, status.pollSeconds},
    };
    putTime(o, u"startedAt"_s, status.startedAtMs);
    return o;
}

QJsonObject toJson(const VehicleDetails &details)
{
    return QJsonObject{
        {u"vehicle"_s, toJson(details.vehicle, details.online)},
        {u"online"_s, details.online},
        {u"snapshots"_s, toJsonArray(details.snapshots)},
        {u"recentSessions"_s, toJsonArray(details.recentSessions)},
        {u"latestRegistration"_s,
         details.latestRegistration ? QJsonValue(toJson(*details.latestRegistration)) : QJsonValue(QJsonValue::Null)},
        {u"recentEvents"_s, toJsonArray(details.recentEvents)},
    };
}

} // namespace flotilla::server::api

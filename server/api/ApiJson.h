#pragma once

#include "server/FleetService.h"
#include "server/store/Records.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

// JSON form of the store records and facade results in the management API (docs/api.md).
// Field names are lowerCamelCase; each time is written twice, as "<name>" (ISO-8601 UTC with
// milliseconds) and "<name>Ms" (milliseconds since the epoch), both null when the time is unset.
namespace flotilla::server::api {

QJsonValue isoTime(qint64 ms);
// Adds "<name>" and "<name>Ms" to object.
void putTime(QJsonObject &object, const QString &name, qint64 ms);

QJsonObject toJson(const store::VehicleRecord &vehicle, bool online);
QJsonObject toJson(const store::RegistrationRecord &registration);
QJsonObject toJson(const store::SessionRecord &session);
QJsonObject toJson(const store::MoSnapshot &snapshot);
QJsonObject toJson(const store::EventRecord &event);
QJsonObject toJson(const ServerStatus &status);
QJsonObject toJson(const VehicleDetails &details);

// Any list of the records above.
template<typename Record>
QJsonArray toJsonArray(const QList<Record> &records)
{
    QJsonArray array;
    for (const Record &record : records)
        array.append(toJson(record));
    return array;
}

// [{"Ecu","HwId","SwV"}] as stored → [{"ecu","hwId","swVersion"}].
QJsonArray ecusToJson(const QJsonArray &ecus);

} // namespace flotilla::server::api

#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace flotilla::agent {

struct EcuProfile
{
    QString ecu; // "headunit", "tbox", "bms", ...
    QString hwId;
    QString swVersion;
};

// An application package installed by SCOMO (Inventory/Deployed/<id>), beside the one
// application per ECU ("<ecu>-app", at the ECU's version) that every vehicle reports.
struct AppProfile
{
    QString id;
    QString name;
    QString hwId; // the ECU hardware it runs on
    QString version;
};

// Who a vehicle is: identity, hardware and software, as its DevInfo reports them. Persisted in the
// agent's data folder (vehicle.json) so that a restarted agent is the same vehicle.
struct VehicleProfile
{
    QString vin;
    QString devId;        // the DM client's device id (its head unit)
    QString manufacturer; // DevInfo/Man: the head unit's maker
    QString model;        // DevInfo/Mod: the vehicle model
    QString oem;          // DevInfo/OEM: the vehicle brand
    QString devType = QStringLiteral("headunit");
    QString fwVersion;
    QString swVersion;
    QString hwVersion;
    QString language = QStringLiteral("en");
    QList<EcuProfile> ecus;
    QStringList rxswin;
    QStringList codecs; // payload codecs this agent can apply (DevInfo/Ext/Codecs)
    int deltaMaxMemoryMiB = 64;
    QList<AppProfile> apps; // installed by SCOMO

    // The software version a unit runs: an ECU's name, or a SCOMO component id (empty: unknown).
    QString unitVersion(const QString &unit, bool scomo) const;

    QJsonObject toJson() const;
    static Result<VehicleProfile> fromJson(const QJsonObject &json);
};

namespace vin {
// ISO 3779 / 49 CFR 565 check digit (position 9) of a 17-character VIN; '?' for invalid input.
QChar checkDigit(QStringView vin);
bool hasValidCheckDigit(QStringView vin);
} // namespace vin

// A deterministic catalogue of realistic vehicles for the simulated fleet: several OEMs, models,
// ECU sets and software versions, valid 17-character VINs with check digits. The same seed and
// index always give the same vehicle, so a fleet restarted with its seed is the same fleet.
class FleetCatalog final
{
public:
    explicit FleetCatalog(quint32 seed = 1);
    VehicleProfile vehicle(int index) const;

private:
    quint32 m_seed;
};

} // namespace flotilla::agent

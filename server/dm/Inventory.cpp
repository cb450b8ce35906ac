#include "server/dm/Inventory.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::server::dm {

namespace {

QJsonArray ecusToJson(const QList<omadm::EcuInfo> &ecus)
{
    QJsonArray array;
    for (const omadm::EcuInfo &ecu : ecus)
        array.append(QJsonObject{{u"Ecu"_s, ecu.ecu}, {u"HwId"_s, ecu.hwId}, {u"SwV"_s, ecu.swVersion}});
    return array;
}

template<typename T>
void assign(QJsonObject &changes, const char *field, T &target, const T &value)
{
    if (target == value)
        return;
    changes.insert(QLatin1StringView(field),
                   QJsonObject{{u"from"_s, QJsonValue::fromVariant(QVariant::fromValue(target))},
                               {u"to"_s, QJsonValue::fromVariant(QVariant::fromValue(value))}});
    target = value;
}

} // namespace

QJsonObject applyDevInfo(store::VehicleRecord &vehicle, const omadm::DevInfo &devInfo)
{
    QJsonObject changes;
    assign(changes, "devId", vehicle.devId, devInfo.devId);
    assign(changes, "manufacturer", vehicle.manufacturer, devInfo.man);
    assign(changes, "model", vehicle.model, devInfo.mod);
    assign(changes, "oem", vehicle.oem, devInfo.oem);
    assign(changes, "devType", vehicle.devType, devInfo.devType);
    assign(changes, "fwVersion", vehicle.fwVersion, devInfo.fwV);
    assign(changes, "swVersion", vehicle.swVersion, devInfo.swV);
    assign(changes, "hwVersion", vehicle.hwVersion, devInfo.hwV);
    assign(changes, "language", vehicle.language, devInfo.lang);
    assign(changes, "dmVersion", vehicle.dmVersion, devInfo.dmV);
    // Ext members are optional in a DevInfo GET: keep what we know when one is absent.
    if (!devInfo.codecs.isEmpty())
        assign(changes, "codecs", vehicle.codecs, devInfo.codecs);
    if (devInfo.deltaMaxMemoryMiB && vehicle.deltaMaxMemoryMiB != devInfo.deltaMaxMemoryMiB) {
        changes.insert(u"deltaMaxMemoryMiB"_s, QJsonObject{{u"from"_s, vehicle.deltaMaxMemoryMiB.value_or(0)},
                                                           {u"to"_s, *devInfo.deltaMaxMemoryMiB}});
        vehicle.deltaMaxMemoryMiB = devInfo.deltaMaxMemoryMiB;
    }
    if (!devInfo.ecus.isEmpty()) {
        const QJsonArray ecus = ecusToJson(devInfo.ecus);
        if (ecus != vehicle.ecus) {
            changes.insert(u"ecus"_s, QJsonObject{{u"from"_s, vehicle.ecus}, {u"to"_s, ecus}});
            vehicle.ecus = ecus;
        }
    }
    if (!devInfo.rxswin.isEmpty())
        assign(changes, "rxswin", vehicle.rxswin, devInfo.rxswin);
    return changes;
}

} // namespace flotilla::server::dm

#pragma once

#include "core/omadm/Messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// Test helper for the OMA-DM codec tests: every field of a decoded message as one JSON text, so
// QCOMPARE of two dumps compares values field by field and prints both on failure.
namespace flotilla::omadm::testdump {

using namespace Qt::StringLiterals;

inline QJsonValue optionalInt(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

inline QJsonObject alertObject(const Alert &alert)
{
    return {{u"type"_s, alert.type},
            {u"sourceUri"_s, alert.sourceUri},
            {u"targetUri"_s, alert.targetUri},
            // Encoding writes "informational" for an empty mark: the same value.
            {u"mark"_s, alert.mark.isEmpty() ? u"informational"_s : alert.mark},
            {u"dataType"_s, alert.data.isEmpty()       ? QString()
                            : alert.dataType.isEmpty() ? u"application/json"_s
                                                       : alert.dataType},
            {u"data"_s, alert.data},
            {u"resultCode"_s, optionalInt(alert.resultCode())},
            {u"state"_s, optionalInt(alert.state())}};
}

inline QJsonArray alertsArray(const QList<Alert> &alerts)
{
    QJsonArray out;
    for (const Alert &alert : alerts)
        out.append(alertObject(alert));
    return out;
}

inline QString text(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

inline QString dump(const Package1 &p)
{
    QJsonArray mos;
    for (const MoSupport &s : p.mos)
        mos.append(QJsonObject{{u"moid"_s, s.moid},
                               {u"miids"_s, QJsonArray::fromStringList(s.miids)},
                               {u"ddf"_s, s.ddf},
                               {u"kind"_s, int(s.kind)}});
    return text({{u"mos"_s, mos},
                 {u"alerts"_s, alertsArray(p.alerts)},
                 {u"reason"_s, int(p.reason)},
                 {u"notificationId"_s, p.notificationId}});
}

inline QString dump(const Package2 &p)
{
    QJsonArray commands;
    for (const Command &c : p.commands)
        commands.append(QJsonObject{{u"name"_s, c.name}, {u"params"_s, QJsonArray::fromStringList(c.params)}});
    return text({{u"commands"_s, commands}});
}

inline QString dump(const Package3 &p)
{
    QJsonArray statuses;
    for (const StatusEntry &s : p.statuses)
        statuses.append(QJsonObject{{u"sc"_s, s.sc}, {u"uris"_s, QJsonArray::fromStringList(s.uris)}});
    QJsonArray results;
    for (const MoData &r : p.results)
        results.append(QJsonObject{{u"clientUri"_s, r.clientUri}, {u"data"_s, r.data}, {u"cv"_s, r.cacheValidator}});
    return text({{u"statuses"_s, statuses}, {u"results"_s, results}, {u"alerts"_s, alertsArray(p.alerts)}});
}

inline QJsonObject devInfoObject(const DevInfo &d)
{
    QJsonArray ecus;
    for (const EcuInfo &e : d.ecus)
        ecus.append(QJsonObject{{u"ecu"_s, e.ecu}, {u"hwId"_s, e.hwId}, {u"swV"_s, e.swVersion}});
    return {{u"devId"_s, d.devId},
            {u"man"_s, d.man},
            {u"mod"_s, d.mod},
            {u"dmV"_s, d.dmV},
            {u"lang"_s, d.lang},
            {u"devType"_s, d.devType},
            {u"oem"_s, d.oem},
            {u"fwV"_s, d.fwV},
            {u"swV"_s, d.swV},
            {u"hwV"_s, d.hwV},
            {u"vin"_s, d.vin},
            {u"encryptedVin"_s, d.encryptedVin},
            {u"nonce"_s, d.nonce},
            {u"codecs"_s, QJsonArray::fromStringList(d.codecs)},
            {u"deltaMaxMemoryMiB"_s, optionalInt(d.deltaMaxMemoryMiB)},
            {u"ecus"_s, ecus},
            {u"rxswin"_s, QJsonArray::fromStringList(d.rxswin)},
            {u"csr"_s, d.csr}};
}

inline QString dump(const RegistrationRequest &r)
{
    return text({{u"clientUri"_s, r.clientUri}, {u"devInfo"_s, devInfoObject(r.devInfo)}});
}

inline QString dump(const DmAccount &a)
{
    return text({{u"srvId"_s, a.srvId},
                 {u"srvUri"_s, a.srvUri},
                 {u"ca"_s, a.caCertificateBase64},
                 {u"token"_s, a.token},
                 {u"expires"_s, a.tokenExpiresUtc},
                 {u"poll"_s, a.pollSeconds},
                 {u"notify"_s, a.notifyUri},
                 {u"keys"_s, QJsonArray::fromStringList(a.signingKeys)},
                 {u"clientCert"_s, a.clientCertificate}});
}

inline QString dump(const ErrorBody &e)
{
    return text({{u"code"_s, e.code}, {u"description"_s, e.description}});
}

} // namespace flotilla::omadm::testdump

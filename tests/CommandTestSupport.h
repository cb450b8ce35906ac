#pragma once

// A vehicle played by hand for the remote command tests (tst_command_service, tst_command_api):
// it registers with the real device endpoint over loopback TLS and sends DM packages the test
// writes byte for byte, answering each command of a package #2 as the test says
// (docs/protocol-notes.md "Remote commands" is the wire).

#include "core/omadm/Codec.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <functional>

namespace flotilla::test {

inline const QString RvcMoid = QStringLiteral("urn:oma:mo:x-flotilla-rvc:1.0");
inline const QString LawmoMoid = QStringLiteral("urn:oma:mo:oma-dm-lawmo:1.0");
inline const QString DiagMonMoid = QStringLiteral("urn:oma:mo:oma-diagmon:1.0");
inline const QString DevInfoMoid = QStringLiteral("urn:oma:mo:oma-dm-devinfo:1.0");

// How the vehicle answers one command of a package #2: its status, and for a GET the data it
// reports (nested as the agent does: {"rvc":{"Status":{...}}}).
struct DmAnswer
{
    int sc = 200;
    QJsonObject moData;
};
using DmAnswerer = std::function<DmAnswer(const omadm::Command &command)>;
using DmHeaders = QList<std::pair<QByteArray, QByteArray>>;

// One request to the device endpoint over a new TLS connection.
inline RawResponse sendToDevice(const server::ServerRuntime &runtime, const QByteArray &method, const QByteArray &path,
                                const DmHeaders &headers, const QByteArray &body = {})
{
    RawTlsClient client(runtime.caCertificatePem());
    if (!client.connectTo(QStringLiteral("127.0.0.1"), runtime.devicePort())) {
        qWarning() << "connect failed:" << client.errorString();
        return {};
    }
    return client.request(method, path, headers, body);
}

class HandVehicle
{
public:
    HandVehicle() = default;
    // Registers with a valid proof (accepted at once); token stays empty when that failed.
    HandVehicle(server::ServerRuntime &runtime, const QString &vin, const QString &devId)
        : vin(vin)
        , devId(devId)
        , m_runtime(&runtime)
    {
        const QJsonObject ext{
            {QStringLiteral("VIN"), vin},
            {QStringLiteral("EncryptedVIN"), omadm::registrationProof(runtime.fleet().enrollmentKey(), vin, devId)},
            {QStringLiteral("Codecs"), QJsonArray{QStringLiteral("full-zstd")}}};
        QJsonObject devInfo = devInfoNode();
        devInfo.insert(QStringLiteral("Ext"), ext);
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("ClientURI"), QString(DevInfoMoid + QStringLiteral("//"))},
                                      {QStringLiteral("MOData"), QJsonObject{{QStringLiteral("DevInfo"), devInfo}}}})
                .toJson(QJsonDocument::Compact);
        const RawResponse response = send("POST", "/dm/register", headers(), body);
        if (response.status != 200) {
            qWarning() << "registration:" << response.status << response.body;
            return;
        }
        auto account = omadm::decodeRegistrationAnswer(response.body);
        token = account ? account->token.toLatin1() : QByteArray();
    }

    QString vin;
    QString devId;
    QByteArray token;

    RawResponse send(const QByteArray &method, const QByteArray &path, const DmHeaders &headers,
                     const QByteArray &body = {}) const
    {
        return sendToDevice(*m_runtime, method, path, headers, body);
    }

    DmHeaders headers(const char *contentType = "application/vnd.oma.dm.initiation+json") const
    {
        DmHeaders list{{"Content-Type", contentType},
                       {"Accept", "application/vnd.oma.dm.request+json"},
                       {"OMADM-DevID", devId.toLatin1()},
                       {"VIN", vin.toLatin1()}};
        if (!token.isEmpty())
            list.append({"Token", token});
        return list;
    }

    // Package #1 announcing mos, with extra alerts after the session alert; the package #2's
    // commands (empty when the server refused it).
    QList<omadm::Command> checkIn(const QJsonArray &alerts = {},
                                  const QStringList &mos = {DevInfoMoid, RvcMoid, LawmoMoid, DiagMonMoid}) const
    {
        QJsonArray mosJson;
        for (const QString &moid : mos)
            mosJson.append(QJsonObject{{QStringLiteral("MOID"), moid}, {QStringLiteral("MIID"), QJsonArray{}}});
        QJsonArray all{
            QJsonObject{{QStringLiteral("AlertType"), QStringLiteral("urn:oma:at:dm:2.0:ClientInitiatedMgmt")}}};
        for (const QJsonValue &alert : alerts)
            all.append(alert);
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("MOS"), mosJson}, {QStringLiteral("Alert"), all}})
                .toJson(QJsonDocument::Compact);
        const RawResponse response = send("POST", "/dm", headers(), body);
        if (response.status != 200) {
            qWarning() << "package #1:" << response.status << response.body;
            return {};
        }
        auto package = omadm::decodePackage2(response.body);
        return package ? package->commands : QList<omadm::Command>();
    }

    // Package #3 answering commands (up to END); the HTTP status of the POST.
    int reply(const QList<omadm::Command> &commands, const DmAnswerer &answer, const QJsonArray &alerts = {}) const
    {
        QJsonArray statuses;
        QJsonArray results;
        for (const omadm::Command &command : commands) {
            if (command.isEnd())
                break;
            const DmAnswer a = answer(command);
            statuses.append(QJsonObject{{QStringLiteral("sc"), a.sc},
                                        {QStringLiteral("URI"), QJsonArray{command.params.value(0)}}});
            if (command.name == u"GET" && a.sc == 200)
                results.append(QJsonObject{{QStringLiteral("ClientURI"), command.params.value(0)},
                                           {QStringLiteral("MOData"), a.moData}});
        }
        QJsonObject package{{QStringLiteral("Status"), statuses}, {QStringLiteral("MOS"), results}};
        if (!alerts.isEmpty())
            package.insert(QStringLiteral("Alert"), alerts);
        const RawResponse response = send("POST", "/dm", headers("application/vnd.oma.dm.response+json"),
                                          QJsonDocument(package).toJson(QJsonDocument::Compact));
        if (response.status != 200)
            qWarning() << "package #3:" << response.status << response.body;
        return response.status;
    }

    // A well-behaved vehicle: DevInfo, the vehicle control MO, 200 for each HGET, execStatus for
    // each EXEC, the state node a command reads back; 404 for the rest of the inventory.
    DmAnswerer answers(int execStatus = 200) const
    {
        const QJsonObject devInfo = devInfoNode();
        return [devInfo, execStatus](const omadm::Command &command) -> DmAnswer {
            const QString target = command.params.value(0);
            if (command.name == u"HGET")
                return {200, {}};
            if (command.name == u"EXEC")
                return {execStatus, {}};
            auto object = [](const char *key, const QJsonValue &value) {
                return QJsonObject{{QString::fromLatin1(key), value}};
            };
            if (target == DevInfoMoid + u"//")
                return {200, object("DevInfo", devInfo)};
            if (target == RvcMoid + u"//")
                return {200, object("rvc", QJsonObject{{QStringLiteral("Status"), object("Locked", false)},
                                                       {QStringLiteral("Operations"), object("Lock", QJsonObject())}})};
            if (target == RvcMoid + u"//Status")
                return {200, object("rvc",
                                    object("Status", QJsonObject{{QStringLiteral("Locked"), true},
                                                                 {QStringLiteral("Engine"), QStringLiteral("off")}}))};
            if (target == LawmoMoid + u"//State")
                return {200, object("lawmo", object("State", 10))};
            if (target == DiagMonMoid + u"//DTC")
                return {200,
                        object("diagmon",
                               object("DTC", QJsonArray{QJsonObject{{QStringLiteral("Code"), QStringLiteral("P0A80")},
                                                                    {QStringLiteral("Ecu"), QStringLiteral("bms")}}}))};
            return {404, {}};
        };
    }

    // An OperationComplete alert of the vehicle control MO for command id.
    static QJsonObject rvcResult(qint64 id, int code, const QString &reason = {})
    {
        QJsonObject data{{QStringLiteral("CommandId"), QStringLiteral("cmd-%1").arg(id)},
                         {QStringLiteral("ResultCode"), code}};
        if (!reason.isEmpty())
            data.insert(QStringLiteral("Reason"), reason);
        return QJsonObject{
            {QStringLiteral("AlertType"), QStringLiteral("urn:oma:at:x-flotilla-rvc:1.0:OperationComplete")},
            {QStringLiteral("Data"), data}};
    }

private:
    QJsonObject devInfoNode() const
    {
        return QJsonObject{{QStringLiteral("DevID"), devId},
                           {QStringLiteral("Man"), QStringLiteral("Vendor")},
                           {QStringLiteral("Mod"), QStringLiteral("Command Test")},
                           {QStringLiteral("DmV"), QStringLiteral("2.0")},
                           {QStringLiteral("Lang"), QStringLiteral("en")},
                           {QStringLiteral("DevType"), QStringLiteral("headunit")},
                           {QStringLiteral("OEM"), QStringLiteral("TestOEM")},
                           {QStringLiteral("FwV"), QStringLiteral("fw1")},
                           {QStringLiteral("SwV"), QStringLiteral("1.0.0")},
                           {QStringLiteral("HwV"), QStringLiteral("hw1")}};
    }

    server::ServerRuntime *m_runtime = nullptr;
};

} // namespace flotilla::test

#pragma once

// Helpers shared by tst_management_api and tst_flotillactl: a real ServerRuntime on loopback
// and vehicles registering through its real device endpoint (PROTOCOL.md §1-§3).

#include "core/crypto/Hash.h"
#include "server/ServerRuntime.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace flotilla::test {

inline std::unique_ptr<server::ServerRuntime> startApiTestRuntime(const QString &dataDir)
{
    server::ServerConfig config;
    config.dataDir = dataDir;
    config.deviceListen = QStringLiteral("127.0.0.1:0");
    config.apiListen = QStringLiteral("127.0.0.1:0");
    Result<std::unique_ptr<server::ServerRuntime>> runtime = server::ServerRuntime::start(config);
    if (!runtime) {
        qWarning("ServerRuntime::start failed: %s", qPrintable(runtime.errorString()));
        return nullptr;
    }
    return std::move(*runtime);
}

// The registration body of PROTOCOL.md §3, written out by hand (not with the codec under test
// elsewhere). An empty proof sends no EncryptedVIN.
inline QByteArray registrationBody(const QString &vin, const QString &devId, const QString &proof)
{
    QJsonObject ext{
        {QStringLiteral("VIN"), vin},
        {QStringLiteral("Nonce"), QString::fromLatin1(crypto::randomBytes(16).toBase64())},
        {QStringLiteral("Codecs"), QJsonArray{QStringLiteral("full-zstd"), QStringLiteral("zstd-patch")}},
        {QStringLiteral("DeltaMaxMemoryMiB"), 64},
        {QStringLiteral("Ecus"), QJsonArray{QJsonObject{{QStringLiteral("Ecu"), QStringLiteral("headunit")},
                                                        {QStringLiteral("HwId"), QStringLiteral("hu-gen3")},
                                                        {QStringLiteral("SwV"), QStringLiteral("1.2.0")}}}},
        {QStringLiteral("RXSWIN"), QJsonArray{QStringLiteral("R156-HU-12")}},
    };
    if (!proof.isEmpty())
        ext.insert(QStringLiteral("EncryptedVIN"), proof);
    const QJsonObject devInfo{
        {QStringLiteral("DevID"), devId},
        {QStringLiteral("Man"), QStringLiteral("Vendor")},
        {QStringLiteral("Mod"), QStringLiteral("model-x")},
        {QStringLiteral("DmV"), QStringLiteral("2.0")},
        {QStringLiteral("Lang"), QStringLiteral("en")},
        {QStringLiteral("DevType"), QStringLiteral("headunit")},
        {QStringLiteral("OEM"), QStringLiteral("oem-a")},
        {QStringLiteral("FwV"), QStringLiteral("fw0.4")},
        {QStringLiteral("SwV"), QStringLiteral("sw1.2")},
        {QStringLiteral("HwV"), QStringLiteral("hw3")},
        {QStringLiteral("Ext"), ext},
    };
    const QJsonObject body{
        {QStringLiteral("ClientURI"), QStringLiteral("urn:oma:mo:oma-dm-devinfo:1.0//")},
        {QStringLiteral("MOData"), QJsonObject{{QStringLiteral("DevInfo"), devInfo}}},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// POST /dm/register over TLS with the headers of PROTOCOL.md §1. Returns the HTTP status
// (0 when the exchange failed).
inline int registerVehicle(const server::ServerRuntime &runtime, const QString &vin, const QString &devId,
                           const QString &proof = {})
{
    RawTlsClient client(runtime.caCertificatePem());
    if (!client.connectTo(QStringLiteral("127.0.0.1"), runtime.devicePort())) {
        qWarning("cannot connect to the device endpoint: %s", qPrintable(client.errorString()));
        return 0;
    }
    const RawResponse response = client.request("POST", "/dm/register",
                                                {{"Content-Type", "application/vnd.oma.dm.initiation+json"},
                                                 {"Accept", "application/vnd.oma.dm.request+json"},
                                                 {"OMADM-DevID", devId.toUtf8()},
                                                 {"VIN", vin.toUtf8()}},
                                                registrationBody(vin, devId, proof));
    return response.status;
}

} // namespace flotilla::test

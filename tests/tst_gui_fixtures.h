#pragma once

// Fixtures of the GUI tests: vehicles spoken to the real device endpoint over TLS (PROTOCOL.md
// §1, §3, §4: registration with or without an enrollment proof, a client-initiated check-in
// session), and release folders (docs/releases.md) with small generated images.
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <utility>

namespace flotilla::test {

struct VehicleSpec
{
    QString vin;
    QString devId;
    QString model = QStringLiteral("ID.4");
    QString oem = QStringLiteral("panasonic");
    QString man = QStringLiteral("Volkswagen");
    QString fwV = QStringLiteral("firmware0.4");
    QString swV = QStringLiteral("1.2.0");
    QList<omadm::EcuInfo> ecus{{QStringLiteral("headunit"), QStringLiteral("hu-gen3"), QStringLiteral("1.2.0")},
                               {QStringLiteral("tbox"), QStringLiteral("tbox-a"), QStringLiteral("4.1.7")}};
    QStringList rxswin{QStringLiteral("R10-0001"), QStringLiteral("R156-HU-12")};
};

inline omadm::DevInfo devInfoOf(const VehicleSpec &spec)
{
    omadm::DevInfo info;
    info.devId = spec.devId;
    info.man = spec.man;
    info.mod = spec.model;
    info.dmV = QStringLiteral("2.0");
    info.lang = QStringLiteral("en");
    info.devType = QStringLiteral("headunit");
    info.oem = spec.oem;
    info.fwV = spec.fwV;
    info.swV = spec.swV;
    info.hwV = QStringLiteral("hw3");
    info.vin = spec.vin;
    info.codecs = {QStringLiteral("full-zstd"), QStringLiteral("zstd-patch")};
    info.deltaMaxMemoryMiB = 64;
    info.ecus = spec.ecus;
    info.rxswin = spec.rxswin;
    return info;
}

inline QList<std::pair<QByteArray, QByteArray>> deviceHeaders(const VehicleSpec &spec, const char *contentType)
{
    return {{QByteArray("Content-Type"), QByteArray(contentType)},
            {QByteArray("Accept"), QByteArray(omadm::mediatype::Request)},
            {QByteArray(omadm::header::DevId), spec.devId.toUtf8()},
            {QByteArray(omadm::header::Vin), spec.vin.toUtf8()}};
}

// POST /dm/register; a valid proof unless withProof is false. Returns the HTTP status; token
// receives the DM account's token on 200.
inline int registerVehicle(server::ServerRuntime &runtime, const VehicleSpec &spec, bool withProof,
                           QString *token = nullptr, const QString &enrollmentKey = {})
{
    omadm::RegistrationRequest request;
    request.clientUri = QStringLiteral("urn:oma:mo:oma-dm-devinfo:1.0//");
    request.devInfo = devInfoOf(spec);
    QByteArray nonce(16, '\0');
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
    request.devInfo.nonce = QString::fromLatin1(nonce.toBase64());
    if (withProof) {
        request.devInfo.encryptedVin = omadm::registrationProof(
            enrollmentKey.isEmpty() ? runtime.fleet().enrollmentKey() : enrollmentKey, spec.vin, spec.devId);
    }
    test::RawTlsClient client(runtime.caCertificatePem());
    if (!client.connectTo(QStringLiteral("127.0.0.1"), runtime.devicePort())) {
        qWarning("connect: %s", qPrintable(client.errorString()));
        return 0;
    }
    const test::RawResponse response = client.request(
        "POST", "/dm/register", deviceHeaders(spec, omadm::mediatype::Initiation), omadm::encode(request));
    if (response.status == 200 && token) {
        const auto account = omadm::decodeRegistrationAnswer(response.body);
        if (!account) {
            qWarning("registration answer: %s", qPrintable(account.errorString()));
            return 0;
        }
        *token = account->token;
    }
    return response.status;
}

// One client-initiated DM session (package #1, #2, #3, END) reporting spec's DevInfo; commands
// other than the DevInfo GET are answered 404.
inline bool checkIn(server::ServerRuntime &runtime, const VehicleSpec &spec, const QString &token)
{
    test::RawTlsClient client(runtime.caCertificatePem());
    if (!client.connectTo(QStringLiteral("127.0.0.1"), runtime.devicePort())) {
        qWarning("connect: %s", qPrintable(client.errorString()));
        return false;
    }
    omadm::Package1 package1;
    omadm::MoSupport devInfo;
    devInfo.moid = QStringLiteral("urn:oma:mo:oma-dm-devinfo:1.0");
    devInfo.kind = omadm::MoKind::DevInfo;
    package1.mos.append(devInfo);
    package1.reason = omadm::SessionReason::ClientInitiated;
    auto headers = deviceHeaders(spec, omadm::mediatype::Initiation);
    headers.append({QByteArray(omadm::header::Token), token.toUtf8()});
    const test::RawResponse first = client.request("POST", "/dm", headers, omadm::encode(package1));
    if (first.status != 200) {
        qWarning("package #1: %d %s", first.status, first.body.constData());
        return false;
    }
    const auto package2 = omadm::decodePackage2(first.body);
    if (!package2) {
        qWarning("package #2: %s", qPrintable(package2.errorString()));
        return false;
    }
    omadm::Package3 package3;
    for (const omadm::Command &command : package2->commands) {
        if (command.isEnd()) {
            break;
        }
        const bool devInfoGet = command.name == omadm::command::Get && command.params.value(0).contains(u"devinfo");
        omadm::StatusEntry status;
        status.sc = devInfoGet ? 200 : 404;
        package3.statuses.append(status);
        if (devInfoGet) {
            omadm::MoData result;
            result.clientUri = command.params.value(0);
            result.data = QJsonObject{{QStringLiteral("DevInfo"), devInfoOf(spec).toJson()}};
            package3.results.append(result);
        }
    }
    if (package3.statuses.isEmpty()) {
        return true; // the server ended the session at once
    }
    headers = deviceHeaders(spec, omadm::mediatype::Response);
    headers.append({QByteArray(omadm::header::Token), token.toUtf8()});
    const test::RawResponse second = client.request("POST", "/dm", headers, omadm::encode(package3));
    if (second.status != 200) {
        qWarning("package #3: %d %s", second.status, second.body.constData());
        return false;
    }
    return true;
}

// ----- releases -----

struct ReleaseImage
{
    QString ecu;
    QString hwId;
    QString file;
    QByteArray bytes;
};

// Random bytes from a seed: the same seed gives the same image.
inline QByteArray generatedImage(quint32 seed, int size)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, '\0');
    for (int i = 0; i < size; i += 4) {
        const quint32 word = random.generate();
        for (int j = 0; j < 4 && i + j < size; ++j) {
            bytes[i + j] = static_cast<char>((word >> (8 * j)) & 0xff);
        }
    }
    return bytes;
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// <parent>/<name>-<version> with release.json (counter 7, preconditions, texts in en and de, a DTC
// to clear) and the images, except those named in missing. Returns the folder.
inline QString writeReleaseFolder(const QString &parent, const QString &name, const QString &version,
                                  const QList<ReleaseImage> &images, const QStringList &missing = {})
{
    const QString folder = QDir(parent).filePath(name + u'-' + version);
    QDir().mkpath(folder);
    QJsonArray targets;
    QJsonArray hwIds;
    for (const ReleaseImage &image : images) {
        targets.append(QJsonObject{{QStringLiteral("Ecu"), image.ecu},
                                   {QStringLiteral("HwId"), image.hwId},
                                   {QStringLiteral("Version"), version},
                                   {QStringLiteral("File"), image.file}});
        if (!hwIds.contains(image.hwId)) {
            hwIds.append(image.hwId);
        }
        if (!missing.contains(image.file)) {
            writeBytes(QDir(folder).filePath(image.file), image.bytes);
        }
    }
    const QJsonObject manifest{
        {QStringLiteral("Name"), name},
        {QStringLiteral("Version"), version},
        {QStringLiteral("ReleaseCounter"), 7},
        {QStringLiteral("Kind"), QStringLiteral("firmware")},
        {QStringLiteral("HwIds"), hwIds},
        {QStringLiteral("Rxswin"), QJsonArray{QStringLiteral("R156-HU-13")}},
        {QStringLiteral("Preconditions"), QJsonObject{{QStringLiteral("MinBatteryPct"), 40},
                                                      {QStringLiteral("Parked"), true},
                                                      {QStringLiteral("IgnitionOff"), true},
                                                      {QStringLiteral("Consent"), QStringLiteral("required")}}},
        {QStringLiteral("UserText"), QJsonObject{{QStringLiteral("en"), QStringLiteral("Faster navigation.")},
                                                 {QStringLiteral("de"), QStringLiteral("Schnellere Navigation.")}}},
        {QStringLiteral("DtcsToClear"), QJsonArray{QStringLiteral("U0100")}},
        {QStringLiteral("Targets"), targets}};
    writeBytes(QDir(folder).filePath(QStringLiteral("release.json")), QJsonDocument(manifest).toJson());
    return folder;
}

} // namespace flotilla::test

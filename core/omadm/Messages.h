#pragma once

#include "core/omadm/Moid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The OMA-DM 2.0 JSON messages of PROTOCOL.md as plain values. Decoding (Codec.h) tolerates the
// input variants of PROTOCOL.md §4; encoding always writes the exact forms of PROTOCOL.md.
namespace flotilla::omadm {

// One entry of package #1's "MOS": an MO the vehicle supports, under the MOID spelling it uses.
struct MoSupport
{
    QString moid; // exactly as announced (trimmed)
    QStringList miids;
    QString ddf; // optional
    MoKind kind = MoKind::Unknown;
};

struct Alert
{
    QString type; // AlertType
    QString sourceUri;
    QString targetUri;
    QString mark;     // "informational" when absent on output; "Information" tolerated on input
    QString dataType; // "application/json" when Data is present
    QJsonObject data; // Data as received; see the accessors below

    // Data.ResultCode (or resultCode / a DM1x XML "<ResultCode>n</ResultCode>"), number or string.
    std::optional<int> resultCode() const;
    // Data.State (or state), number or string; empty string counts as absent.
    std::optional<int> state() const;
    // Case-insensitive lookup of a Data member.
    QJsonValue dataValue(QStringView key) const;
};

enum class SessionReason
{
    ClientInitiated, // also: no session alert at all (tolerated)
    ServerInitiated,
    BootstrapComplete,
};

// Package #1, client → server.
struct Package1
{
    QList<MoSupport> mos;
    QList<Alert> alerts; // every alert, session alerts included, in order
    SessionReason reason = SessionReason::ClientInitiated;
    QString notificationId; // Data.NotificationId of a ServerInitiatedMgmt alert

    // The MOID the vehicle announced for kind, or the canonical one when it announced none.
    QString moidFor(MoKind kind) const;
    bool supports(MoKind kind) const;
};

// One DM command of package #2, e.g. {"GET", {"urn:oma:mo:oma-dm-devinfo:1.0//"}}.
struct Command
{
    QString name;
    QStringList params;

    static Command get(const QString &clientUri) { return {QStringLiteral("GET"), {clientUri}}; }
    static Command end() { return {QStringLiteral("END"), {}}; }
    bool isEnd() const { return name == u"END"; }
};

// Package #2, server → client. A session's last package is {"CMD":[["END"]]}.
struct Package2
{
    QList<Command> commands;
};

// MO serialization item: {ClientURI, MOData} (+ optional DDF, CV).
struct MoData
{
    QString clientUri;
    QJsonObject data;       // the MOData object, e.g. {"DevInfo":{...}}
    QString cacheValidator; // CV, optional

    // The MO's root node in data (e.g. data["fumo"]), its key matched ignoring case; Undefined if absent.
    QJsonValue root(MoKind kind) const;
};

struct StatusEntry
{
    int sc = 0;
    QStringList uris;
};

// Package #3, client → server: one status per command of the previous package #2, GET results
// (top-level ClientURI + MOData, or a "MOS" array of MoData) and optional alerts.
struct Package3
{
    QList<StatusEntry> statuses;
    QList<MoData> results;
    QList<Alert> alerts;
};

struct EcuInfo
{
    QString ecu;
    QString hwId;
    QString swVersion;
};

// DevInfo MO (DM 2.0 form) with the automotive profile's Ext.
struct DevInfo
{
    QString devId, man, mod, dmV, lang, devType, oem, fwV, swV, hwV;

    // Ext members Flotilla understands; the whole Ext object is kept in ext as well.
    QString vin;
    QString encryptedVin; // base64 HMAC proof (registration only)
    QString nonce;        // base64 (registration only)
    QStringList codecs;
    std::optional<int> deltaMaxMemoryMiB;
    QList<EcuInfo> ecus;
    QStringList rxswin;
    QString csr; // PEM (registration only)
    QJsonObject ext;

    static Result<DevInfo> fromJson(const QJsonObject &devInfoNode);
    QJsonObject toJson() const; // writes ext merged with the typed members
};

// POST /dm/register body.
struct RegistrationRequest
{
    QString clientUri;
    DevInfo devInfo;
};

// Registration answer (200): the DM account.
struct DmAccount
{
    QString srvId;
    QString srvUri;
    QString caCertificateBase64; // Auth/Trsp/Data: base64 of the CA certificate PEM
    QString token;               // Auth/Trsp/Secret
    QString tokenExpiresUtc;     // ISO 8601 UTC, e.g. 2026-12-21T10:00:00Z
    int pollSeconds = 900;
    QString notifyUri;
    QStringList signingKeys;   // PEM public keys
    QString clientCertificate; // PEM, only when a CSR was sent
};

// Error body of PROTOCOL.md §2: {"Responsecode":"401","Description":"Unauthorized"}.
struct ErrorBody
{
    int code = 0;
    QString description;
};

} // namespace flotilla::omadm

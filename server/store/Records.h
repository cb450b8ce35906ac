#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Rows of the store as plain values. Times are milliseconds since the Unix epoch (UTC); 0 = never.
namespace flotilla::store {

enum class VehicleState
{
    Pending, // registered without a valid proof, waiting for an operator
    Accepted,
    Rejected,
    Blocked,
    Wiped,
};
QString toString(VehicleState state); // "pending", "accepted", ...
std::optional<VehicleState> vehicleStateFromString(QStringView text);

struct VehicleRecord
{
    qint64 id = 0;
    QString vin;
    QString devId;
    VehicleState state = VehicleState::Pending;
    // Latest DevInfo
    QString manufacturer; // Man
    QString model;        // Mod
    QString oem;
    QString devType;
    QString fwVersion;
    QString swVersion;
    QString hwVersion;
    QString language;
    QString dmVersion;
    QStringList codecs;
    std::optional<int> deltaMaxMemoryMiB;
    QJsonArray ecus; // [{Ecu, HwId, SwV}]
    QStringList rxswin;
    qint64 registeredAtMs = 0;
    qint64 lastSeenAtMs = 0;
    QString lastAddress;
    qint64 sessionCount = 0;
    qint64 updatedAtMs = 0;
};

struct VehicleFilter
{
    QString text; // substring of VIN, DevID, model or OEM (case-insensitive)
    std::optional<VehicleState> state;
    int limit = 1000;
    int offset = 0;
};

enum class RegistrationState
{
    Pending,
    Accepted, // by an operator; a token is issued at the vehicle's next registration
    Rejected,
    Issued, // a token was issued for this request (valid proof, or after acceptance)
};
QString toString(RegistrationState state);
std::optional<RegistrationState> registrationStateFromString(QStringView text);

enum class ProofStatus
{
    Valid,
    Missing,
    Invalid,
};
QString toString(ProofStatus proof);
std::optional<ProofStatus> proofStatusFromString(QStringView text);

struct RegistrationRecord
{
    qint64 id = 0;
    qint64 vehicleId = 0;
    QString vin; // joined from vehicles on reads
    QString devId;
    RegistrationState state = RegistrationState::Pending;
    ProofStatus proof = ProofStatus::Missing;
    QString nonce;
    QString peerAddress;
    QJsonObject devInfo; // as received
    QString csr;
    qint64 requestedAtMs = 0;
    qint64 decidedAtMs = 0;
    QString decidedBy;
    QString reason;
};

struct TokenRecord
{
    QString hash; // crypto::tokenHash of the token; the token itself is never stored
    qint64 vehicleId = 0;
    QString devId;
    QString clientCertificateSha256; // non-empty: the token is valid only with this certificate
    qint64 issuedAtMs = 0;
    qint64 expiresAtMs = 0;
    qint64 revokedAtMs = 0;
};

enum class SessionState
{
    Open,
    Ended,
    Abandoned, // replaced by a new package #1, or timed out
    Failed,
};
QString toString(SessionState state);
std::optional<SessionState> sessionStateFromString(QStringView text);

struct SessionRecord
{
    qint64 id = 0;
    qint64 vehicleId = 0;
    QString reason; // "client", "server", "bootstrap"
    QString notificationId;
    SessionState state = SessionState::Open;
    qint64 startedAtMs = 0;
    qint64 endedAtMs = 0;
    int packages = 0;           // POSTs received in this session
    QJsonArray pendingCommands; // the last package #2 sent, awaiting package #3
    QString peerAddress;
    QString outcome; // short text: "ended", "abandoned: new package #1", "failed: 400 ..."
};

struct MoSnapshot
{
    qint64 vehicleId = 0;
    QString moid;            // canonical MOID
    QString clientUri;       // as reported
    QJsonObject data;        // MOData
    qint64 receivedAtMs = 0; // when this content arrived; the vehicle's last_seen says it is still current
};

// Append-only audit/event log row.
struct EventRecord
{
    qint64 id = 0;
    qint64 atMs = 0;
    QString kind; // see the event kinds in server/Events.h
    std::optional<qint64> vehicleId;
    QString vin;     // denormalised so that the log reads alone
    QString actor;   // "vehicle", "system", or an operator's name
    QString summary; // one line for humans
    QJsonObject data;
};

} // namespace flotilla::store

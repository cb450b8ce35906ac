#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

// Rows of the update pipeline's tables (schema v3) that the update engine owns: per-vehicle update
// jobs, built deltas, and instruction-signing keys. Times are ms since the epoch (UTC); 0 = never.
namespace flotilla::store {

// DESIGN.md, vehicle job: Queued → Notified → Downloading(%) → Downloaded → AwaitingConsent |
// Deferred(until) | Blocked(reason) → Installing(%) → Verifying → Succeeded | Failed(code) |
// RolledBack | Cancelled | Expired.
enum class JobState
{
    Queued,
    Notified,
    Downloading,
    Downloaded,
    AwaitingConsent,
    Deferred,
    Blocked,
    Installing,
    Verifying, // the vehicle reported success; waiting to read the new version back
    Succeeded,
    Failed,
    RolledBack,
    Cancelled,
    Expired,
};
QString toString(JobState state); // "queued", "notified", ..., "rolled-back"
std::optional<JobState> jobStateFromString(QStringView text);
bool isTerminal(JobState state);

struct UpdateJobRecord
{
    qint64 id = 0;
    qint64 vehicleId = 0;
    QString vin; // joined from vehicles on reads
    qint64 releaseId = 0;
    JobState state = JobState::Queued;
    int progress = 0;   // 0-100 of the current phase
    int resultCode = 0; // FUMO/SCOMO result code once known
    QString reason;     // why blocked/failed, human readable
    QString instructionSha256;
    qint64 payloadBytes = 0; // sum of the payloads chosen for this vehicle
    qint64 bytesServed = 0;  // body bytes of those payloads the blob endpoint sent
    qint64 deferredUntilMs = 0;
    QJsonObject report; // the vehicle's final report
    qint64 createdAtMs = 0;
    QString createdBy;
    qint64 updatedAtMs = 0;
    qint64 finishedAtMs = 0;
    std::optional<qint64> campaignId; // the campaign that made this job (schema v4); none: assigned by hand
    bool downloadOnly = false;        // download and verify, install only when a later job says so
};

enum class DeltaState
{
    Queued,
    Building,
    Ready, // built, verified and worth it
    Failed,
    NotWorthIt, // verified but not at least 10 % smaller than the full payload
    Cancelled,
};
QString toString(DeltaState state); // "queued", "building", "ready", "failed", "not-worth-it", "cancelled"
std::optional<DeltaState> deltaStateFromString(QStringView text);

struct DeltaRecord
{
    qint64 id = 0;
    QString codec;
    QString fromSha256; // empty for full codecs
    QString toSha256;
    QString blobSha256; // the payload in the blob store
    qint64 length = 0;
    DeltaState state = DeltaState::Queued;
    bool verified = false;
    qint64 buildMs = 0;
    qint64 buildPeakBytes = 0;
    qint64 applyMemoryBytes = 0;
    QString error;
    qint64 createdAtMs = 0;
};

enum class SigningKeyState
{
    Next, // delivered to vehicles, signs alongside the active key
    Active,
    Retired,
};
QString toString(SigningKeyState state);
std::optional<SigningKeyState> signingKeyStateFromString(QStringView text);

struct SigningKeyRecord
{
    QString keyId;
    QString publicPem;
    SigningKeyState state = SigningKeyState::Active;
    qint64 createdAtMs = 0;
    qint64 changedAtMs = 0;
};

} // namespace flotilla::store

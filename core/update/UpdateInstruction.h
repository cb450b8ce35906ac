#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// The update instruction of PROTOCOL.md §6.1 (the "Signed" value), as typed values. Built and
// signed by the server per vehicle and job; verified, checked and executed by the agent.
namespace flotilla::update {

struct Preconditions
{
    int minBatteryPct = 0;
    bool parked = false;
    bool ignitionOff = false;
    QString consent = QStringLiteral("required"); // "required" or "not-required"

    QJsonObject toJson() const;
    static Result<Preconditions> fromJson(const QJsonObject &json);
};

struct Payload
{
    QString codec;      // "full-zstd", "zstd-patch", "x-..."
    QString fromSha256; // the image the delta applies to; empty for full codecs
    QString url;        // https://<host>/dm/blob/<sha256>
    qint64 length = 0;
    QString sha256;
    QString md5;
};

struct Target
{
    QString ecu;
    QString hwId;
    QString version;
    qint64 length = 0; // of the image once rebuilt
    QString sha256;
    QString sha1;
    QString md5;
    Payload payload;
};

struct PackageInfo
{
    QString name;
    QString version;
    qint64 releaseCounter = 0;
    QStringList hwIds;
    QStringList rxswin;
    Preconditions preconditions;
    QMap<QString, QString> userText; // language → text
};

struct UpdateInstruction
{
    QString jobId;
    QString vin;
    QString devId;
    QDateTime issuedUtc;
    QDateTime expiresUtc;
    PackageInfo package;
    QList<Target> targets;
    QStringList dtcsToClear;

    QJsonObject toJson() const; // the exact §6.1 "Signed" form
    // Checks types and presence of every member a vehicle relies on (hostile until verified).
    static Result<UpdateInstruction> fromJson(const QJsonObject &json);

    static constexpr auto Type = "update-instruction";
    static constexpr int Format = 1;
};

// "2026-11-21T10:00:00Z"
QString isoUtc(const QDateTime &time);

} // namespace flotilla::update

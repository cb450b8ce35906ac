#pragma once

#include "core/update/UpdateInstruction.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace flotilla::server::releases {

// A file in blobs/<sha256> (table blobs).
struct BlobRecord
{
    QString sha256; // lowercase hex
    QString sha1;
    QString md5;
    qint64 length = 0;
    QString kind; // "image", "delta", "instruction", "package", "bundle"
    qint64 createdAtMs = 0;
};

struct ReleaseTarget
{
    QString ecu; // firmware: the ECU; application: the component id
    QString hwId;
    QString version;
    BlobRecord image;
};

// An imported release (tables releases + release_targets).
struct ReleaseRecord
{
    qint64 id = 0;
    QString name;
    QString version;
    qint64 releaseCounter = 0;
    QString kind = QStringLiteral("firmware"); // "firmware" (FUMO) or "application" (SCOMO)
    QStringList hwIds;
    QStringList rxswin;
    update::Preconditions preconditions;
    QMap<QString, QString> userText; // language → text
    QStringList dtcsToClear;
    QString oemSignature = QStringLiteral("none"); // "none" or "valid" (an invalid one is refused at import)
    QString oemKeyId;
    qint64 createdAtMs = 0;
    QString createdBy;
    QList<ReleaseTarget> targets;
};

} // namespace flotilla::server::releases

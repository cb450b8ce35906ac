#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace flotilla::agent {

// What the agent needs to know about one update to resume it after a restart. Persisted as
// <data>/update/job.json (atomically) at every phase change; the signed instruction itself sits
// beside it in instruction.json, the payloads in payloads/.
struct UpdateJob
{
    enum class Kind
    {
        Fumo,
        Scomo,
    };
    enum class Phase
    {
        Instruction, // fetching and checking the signed instruction
        Download,    // downloading (or extracting from a bundle) and verifying the payloads
        Downloaded,  // FUMO Download done, waiting for an EXEC of Update
        Preconditions,
        Install,  // rebuilding into the inactive slots; a restart here reports "interrupted"
        Switched, // active slots switched, not yet committed; a restart runs the boot check
    };
    struct Target
    {
        QString unit; // ECU name (FUMO) or component id (SCOMO)
        QString fromVersion;
        QString fromSlot;
        QString toSlot;
        bool downloaded = false;
        bool ok = false;
        int resultCode = 0;
        QString sha256; // of the rebuilt image, once made
        QString sha1;
    };

    Kind kind = Kind::Fumo;
    QString operation;  // DownloadAndUpdate | Download | Update | DownloadInstall
    QString sourceUri;  // the operation node, as the final alert's SourceURI
    QString targetBase; // SCOMO: "<scomo MOID>//Inventory/Deployed/" (+ component)
    QString pkgUrl;
    QString bundlePath; // set: an offline bundle instead of PkgURL
    QString jobId;
    QString instructionSha256;
    Phase phase = Phase::Instruction;
    bool rollingBack = false; // the boot check failed: a restart finishes the rollback
    bool consented = false;
    int prompts = 0;
    bool promptOpen = false; // the owner has not answered the last prompt; a reminder asks again
    qint64 postponedUntilMs = 0;
    int fullRetries = 0; // payloads downloaded again after a mismatch (one allowed each)
    qint64 startedMs = 0;
    qint64 downloadMs = 0;
    qint64 installMs = 0;
    qint64 phaseStartedMs = 0;
    QList<Target> targets;

    QJsonObject toJson() const;
    static Result<UpdateJob> fromJson(const QJsonObject &json);
};

QString toString(UpdateJob::Phase phase);

} // namespace flotilla::agent

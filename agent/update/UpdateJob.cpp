#include "agent/update/UpdateJob.h"

#include <QJsonArray>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

constexpr std::array<UpdateJob::Phase, 6> Phases{UpdateJob::Phase::Instruction, UpdateJob::Phase::Download,
                                                 UpdateJob::Phase::Downloaded,  UpdateJob::Phase::Preconditions,
                                                 UpdateJob::Phase::Install,     UpdateJob::Phase::Switched};

} // namespace

QString toString(UpdateJob::Phase phase)
{
    switch (phase) {
    case UpdateJob::Phase::Instruction:
        return u"instruction"_s;
    case UpdateJob::Phase::Download:
        return u"download"_s;
    case UpdateJob::Phase::Downloaded:
        return u"downloaded"_s;
    case UpdateJob::Phase::Preconditions:
        return u"preconditions"_s;
    case UpdateJob::Phase::Install:
        return u"install"_s;
    case UpdateJob::Phase::Switched:
        return u"switched"_s;
    }
    return {};
}

QJsonObject UpdateJob::toJson() const
{
    QJsonArray targetArray;
    for (const Target &t : targets)
        targetArray.append(QJsonObject{{u"Unit"_s, t.unit},
                                       {u"FromVersion"_s, t.fromVersion},
                                       {u"FromSlot"_s, t.fromSlot},
                                       {u"ToSlot"_s, t.toSlot},
                                       {u"Downloaded"_s, t.downloaded},
                                       {u"Ok"_s, t.ok},
                                       {u"ResultCode"_s, t.resultCode},
                                       {u"Sha256"_s, t.sha256},
                                       {u"Sha1"_s, t.sha1}});
    return QJsonObject{{u"Kind"_s, kind == Kind::Scomo ? u"scomo"_s : u"fumo"_s},
                       {u"Operation"_s, operation},
                       {u"SourceURI"_s, sourceUri},
                       {u"TargetBase"_s, targetBase},
                       {u"PkgURL"_s, pkgUrl},
                       {u"BundlePath"_s, bundlePath},
                       {u"JobId"_s, jobId},
                       {u"InstructionSha256"_s, instructionSha256},
                       {u"Phase"_s, toString(phase)},
                       {u"RollingBack"_s, rollingBack},
                       {u"Consented"_s, consented},
                       {u"Prompts"_s, prompts},
                       {u"PromptOpen"_s, promptOpen},
                       {u"PostponedUntilMs"_s, postponedUntilMs},
                       {u"FullRetries"_s, fullRetries},
                       {u"StartedMs"_s, startedMs},
                       {u"DownloadMs"_s, downloadMs},
                       {u"InstallMs"_s, installMs},
                       {u"PhaseStartedMs"_s, phaseStartedMs},
                       {u"Targets"_s, targetArray}};
}

Result<UpdateJob> UpdateJob::fromJson(const QJsonObject &json)
{
    UpdateJob job;
    job.kind = json.value(u"Kind"_s).toString() == u"scomo" ? Kind::Scomo : Kind::Fumo;
    job.operation = json.value(u"Operation"_s).toString();
    job.sourceUri = json.value(u"SourceURI"_s).toString();
    job.targetBase = json.value(u"TargetBase"_s).toString();
    job.pkgUrl = json.value(u"PkgURL"_s).toString();
    job.bundlePath = json.value(u"BundlePath"_s).toString();
    job.jobId = json.value(u"JobId"_s).toString();
    job.instructionSha256 = json.value(u"InstructionSha256"_s).toString();
    const QString phase = json.value(u"Phase"_s).toString();
    bool known = false;
    for (UpdateJob::Phase p : Phases) {
        if (toString(p) == phase) {
            job.phase = p;
            known = true;
        }
    }
    if (!known || job.operation.isEmpty() || job.sourceUri.isEmpty())
        return Error(u"job.json: not a job (phase \"%1\")"_s.arg(phase));
    job.rollingBack = json.value(u"RollingBack"_s).toBool();
    job.consented = json.value(u"Consented"_s).toBool();
    job.prompts = json.value(u"Prompts"_s).toInt();
    job.promptOpen = json.value(u"PromptOpen"_s).toBool();
    job.postponedUntilMs = json.value(u"PostponedUntilMs"_s).toInteger();
    job.fullRetries = json.value(u"FullRetries"_s).toInt();
    job.startedMs = json.value(u"StartedMs"_s).toInteger();
    job.downloadMs = json.value(u"DownloadMs"_s).toInteger();
    job.installMs = json.value(u"InstallMs"_s).toInteger();
    job.phaseStartedMs = json.value(u"PhaseStartedMs"_s).toInteger();
    for (const QJsonValue &value : json.value(u"Targets"_s).toArray()) {
        const QJsonObject t = value.toObject();
        job.targets.append(Target{
            t.value(u"Unit"_s).toString(), t.value(u"FromVersion"_s).toString(), t.value(u"FromSlot"_s).toString(),
            t.value(u"ToSlot"_s).toString(), t.value(u"Downloaded"_s).toBool(), t.value(u"Ok"_s).toBool(),
            t.value(u"ResultCode"_s).toInt(), t.value(u"Sha256"_s).toString(), t.value(u"Sha1"_s).toString()});
    }
    return job;
}

} // namespace flotilla::agent

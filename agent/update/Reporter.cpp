#include "agent/update/Reporter.h"

#include "core/omadm/Codes.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

omadm::Alert Reporter::progress(const UpdateJob &job, int state, int percent, const QString &blocked,
                                const QString &untilUtc)
{
    omadm::Alert alert;
    alert.type = job.kind == UpdateJob::Kind::Scomo ? u"urn:oma:at:scomo:1.0:Progress"_s
                                                    : QStringView(omadm::alerttype::FumoProgress).toString();
    alert.sourceUri = job.sourceUri;
    alert.data = QJsonObject{{u"State"_s, state}, {u"Progress"_s, percent}, {u"JobId"_s, job.jobId}};
    if (!blocked.isEmpty())
        alert.data.insert(u"Blocked"_s, blocked);
    if (!untilUtc.isEmpty())
        alert.data.insert(u"Until"_s, untilUtc);
    return alert;
}

int Reporter::finalState(const UpdateJob &job, const UpdateOutcome &outcome)
{
    if (omadm::isSuccessResult(outcome.fumoCode))
        return int(job.operation == u"Download" ? omadm::FumoState::DownloadComplete
                                                : omadm::FumoState::UpdateSuccessfulNoData);
    if (job.phase == UpdateJob::Phase::Instruction || job.phase == UpdateJob::Phase::Download)
        return int(omadm::FumoState::DownloadFailed);
    return int(outcome.dataKept ? omadm::FumoState::UpdateFailedHaveData : omadm::FumoState::UpdateFailedNoData);
}

int Reporter::scomoCode(int fumoCode, const QString &reason, bool installing)
{
    using omadm::ScomoResult;
    switch (fumoCode) {
    case 200:
        return int(ScomoResult::Successful);
    case 400:
        return int(ScomoResult::ClientError);
    case 401:
        return int(ScomoResult::UserCancelled);
    case 403:
        return int(reason == u"hardware" ? ScomoResult::UnsupportedEnvironment : ScomoResult::ValidationFailed);
    case 404:
        return int(ScomoResult::ValidationFailed);
    case 405:
        return int(ScomoResult::UnsupportedEnvironment);
    case 410:
        return int(reason == u"boot-check" ? ScomoResult::ActivateFailed : ScomoResult::InstallFailed);
    case 501:
        return int(ScomoResult::DownloadOutOfMemory);
    case 502:
        return int(ScomoResult::InstallOutOfMemory);
    default:
        break;
    }
    return int(installing ? ScomoResult::InstallFailed : ScomoResult::DownloadFailed);
}

QList<omadm::Alert> Reporter::final(const UpdateJob &job, const update::UpdateInstruction *instruction,
                                    const UpdateOutcome &outcome, const VehicleStatus &conditions, qint64 nowMs,
                                    const QStringList &deployedComponents)
{
    QJsonArray targets;
    for (qsizetype i = 0; i < job.targets.size(); ++i) {
        const UpdateJob::Target &t = job.targets.at(i);
        const update::Target *spec =
            instruction && i < instruction->targets.size() ? &instruction->targets.at(i) : nullptr;
        targets.append(QJsonObject{{u"Ecu"_s, t.unit},
                                   {u"From"_s, t.fromVersion},
                                   {u"To"_s, spec ? spec->version : QString()},
                                   {u"Sha256"_s, t.sha256},
                                   {u"Sha1"_s, t.sha1},
                                   {u"Codec"_s, spec ? spec->payload.codec : QString()},
                                   {u"Ok"_s, t.ok},
                                   {u"ResultCode"_s, t.resultCode != 0 ? t.resultCode : outcome.fumoCode}});
    }
    QJsonObject report{
        {u"Conditions"_s,
         QJsonObject{{u"BatteryPct"_s, conditions.batteryPct},
                     {u"OdometerKm"_s, conditions.odometerKm},
                     {u"Location"_s, QJsonObject{{u"Lat"_s, conditions.latitude}, {u"Lon"_s, conditions.longitude}}}}},
        {u"Targets"_s, targets},
        {u"DtcsCleared"_s, QJsonArray::fromStringList(outcome.dtcsCleared)},
        {u"RolledBack"_s, outcome.rolledBack},
        {u"Durations"_s, QJsonObject{{u"DownloadMs"_s, job.downloadMs},
                                     {u"InstallMs"_s, job.installMs},
                                     {u"TotalMs"_s, job.startedMs > 0 ? qMax<qint64>(0, nowMs - job.startedMs) : 0}}},
        {u"Reason"_s, outcome.detail},
    };
    if (!job.bundlePath.isEmpty())
        report.insert(u"Source"_s, u"bundle"_s);

    const bool ok = omadm::isSuccessResult(outcome.fumoCode);
    const bool installing = job.phase != UpdateJob::Phase::Instruction && job.phase != UpdateJob::Phase::Download;
    omadm::Alert alert;
    alert.sourceUri = job.sourceUri;
    alert.mark = ok ? u"informational"_s : u"critical"_s;
    alert.dataType = QString::fromLatin1(omadm::mediatype::Json);
    if (job.kind == UpdateJob::Kind::Fumo) {
        if (job.operation == u"Download")
            alert.type = QStringView(omadm::alerttype::FumoDownload).toString();
        else if (job.operation == u"Update")
            alert.type = QStringView(omadm::alerttype::FumoUpdate).toString();
        else
            alert.type = QStringView(omadm::alerttype::FumoDownloadAndUpdate).toString();
        alert.data = QJsonObject{{u"ResultCode"_s, outcome.fumoCode},
                                 {u"State"_s, QString::number(finalState(job, outcome))},
                                 {u"JobId"_s, job.jobId},
                                 {u"Report"_s, report}};
        if (!ok)
            alert.data.insert(u"Reason"_s, outcome.reason);
        return {alert};
    }

    // SCOMO: one OperationComplete per component (omadm.md §3), each naming its deployed node.
    alert.type = QStringView(omadm::alerttype::ScomoOperationComplete).toString();
    const int code = scomoCode(outcome.fumoCode, outcome.reason, installing);
    QStringList components;
    for (const UpdateJob::Target &t : job.targets)
        components.append(t.unit);
    if (components.isEmpty())
        components.append(QString()); // the instruction never named one: report on the operation alone
    QList<omadm::Alert> alerts;
    for (const QString &component : std::as_const(components)) {
        omadm::Alert a = alert;
        if (!component.isEmpty())
            a.targetUri = job.targetBase + u'/' + component;
        const bool deployed = deployedComponents.contains(component);
        a.data = QJsonObject{{u"ResultCode"_s, code},
                             {u"State"_s, QString::number(int(deployed ? omadm::ScomoDeployedState::Active
                                                                       : omadm::ScomoDeployedState::Inactive))},
                             {u"JobId"_s, job.jobId},
                             {u"Report"_s, report}};
        if (!ok)
            a.data.insert(u"Reason"_s, outcome.reason);
        alerts.append(a);
    }
    return alerts;
}

} // namespace flotilla::agent

#pragma once

#include "agent/MoTree.h"
#include "agent/update/UpdateJob.h"
#include "core/omadm/Messages.h"
#include "core/update/UpdateInstruction.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace flotilla::agent {

// How an update ended, for its final report.
struct UpdateOutcome
{
    int fumoCode = 200;
    QString reason; // UpdateError.h token; empty on success
    QString detail;
    bool rolledBack = false;
    QStringList dtcsCleared;
    bool dataKept = false; // the verified payloads stay for another EXEC of Update (FUMO state 70)
};

// The alerts of PROTOCOL.md §6 steps 7-8 in the exact shapes of docs/agent.md: progress
// (urn:oma:at:fumo:1.0:Progress, or urn:oma:at:scomo:1.0:Progress for SCOMO) and the final
// alerts (FUMO generic alert per operation; SCOMO OperationComplete, one per component).
class Reporter final
{
public:
    static omadm::Alert progress(const UpdateJob &job, int state, int percent, const QString &blocked = {},
                                 const QString &untilUtc = {});
    static QList<omadm::Alert> final(const UpdateJob &job, const update::UpdateInstruction *instruction,
                                     const UpdateOutcome &outcome, const VehicleStatus &conditions, qint64 nowMs,
                                     const QStringList &deployedComponents);
    // The FUMO state a final alert carries for this outcome.
    static int finalState(const UpdateJob &job, const UpdateOutcome &outcome);
    // SCOMO result code (1200...) for a FUMO one, given where the job was when it ended.
    static int scomoCode(int fumoCode, const QString &reason, bool installing);
};

} // namespace flotilla::agent

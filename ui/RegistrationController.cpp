#include "ui/RegistrationController.h"

#include "server/FleetService.h"
#include "ui/Async.h"

#include <QInputDialog>

namespace flotilla::ui {

RegistrationController::RegistrationController(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                                               QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
{}

RegistrationController::~RegistrationController() = default;

void RegistrationController::accept(const QStringList &vins)
{
    if (vins.isEmpty()) {
        return;
    }
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, vins, actor = m_operator] {
            Outcome outcome;
            for (const QString &vin : vins) {
                const auto result = fleet->acceptRegistration(vin, actor);
                if (result) {
                    outcome.done.append(vin);
                } else {
                    outcome.errors.append(tr("%1: %2").arg(vin, result.errorString()));
                }
            }
            return outcome;
        },
        [this](const Outcome &outcome) {
            if (!outcome.done.isEmpty()) {
                Q_EMIT message(
                    outcome.done.size() == 1
                        ? tr("Accepted %1; it receives its token when it registers again.").arg(outcome.done.first())
                        : tr("Accepted %n vehicles.", nullptr, static_cast<int>(outcome.done.size())));
                Q_EMIT decided(outcome.done);
            }
            if (!outcome.errors.isEmpty()) {
                Q_EMIT failed(tr("Could not accept %1").arg(outcome.errors.join(u"; ")));
            }
        });
}

void RegistrationController::reject(const QStringList &vins, QWidget *dialogParent)
{
    if (vins.isEmpty()) {
        return;
    }
    auto *dialog = new QInputDialog(dialogParent);
    dialog->setObjectName(QStringLiteral("rejectReasonDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Reject registration"));
    dialog->setLabelText(vins.size() == 1
                             ? tr("Why is %1 rejected? The reason is kept in the event log.").arg(vins.first())
                             : tr("Why are these %n vehicles rejected? The reason is kept in the event log.", nullptr,
                                  static_cast<int>(vins.size())));
    dialog->setTextValue(tr("Unknown vehicle"));
    dialog->setOkButtonText(tr("Reject"));
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, vins](const QString &reason) { rejectWithReason(vins, reason.trimmed()); });
    dialog->open();
}

void RegistrationController::rejectWithReason(const QStringList &vins, const QString &reason)
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, vins, reason, actor = m_operator] {
            Outcome outcome;
            for (const QString &vin : vins) {
                const auto result = fleet->rejectRegistration(vin, actor, reason);
                if (result) {
                    outcome.done.append(vin);
                } else {
                    outcome.errors.append(tr("%1: %2").arg(vin, result.errorString()));
                }
            }
            return outcome;
        },
        [this](const Outcome &outcome) {
            if (!outcome.done.isEmpty()) {
                Q_EMIT message(outcome.done.size() == 1
                                   ? tr("Rejected %1.").arg(outcome.done.first())
                                   : tr("Rejected %n vehicles.", nullptr, static_cast<int>(outcome.done.size())));
                Q_EMIT decided(outcome.done);
            }
            if (!outcome.errors.isEmpty()) {
                Q_EMIT failed(tr("Could not reject %1").arg(outcome.errors.join(u"; ")));
            }
        });
}

} // namespace flotilla::ui

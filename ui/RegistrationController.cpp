#include "ui/RegistrationController.h"

#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/CampaignModels.h"

#include <QDialogButtonBox>
#include <QInputDialog>
#include <QPushButton>

namespace flotilla::ui {

RegistrationController::RegistrationController(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                                               QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
{}

RegistrationController::~RegistrationController() = default;

// One service call per vehicle off the GUI thread (apply returns the error text, empty when done),
// then one status-bar message for those done and one for those that failed.
void RegistrationController::decideEach(const QStringList &vins, std::function<QString(const QString &)> apply,
                                        std::function<QString(const QStringList &)> doneMessage,
                                        std::function<QString(const QString &)> failedMessage)
{
    runInBackground(
        &m_pool, this,
        [vins, apply = std::move(apply)] {
            Outcome outcome;
            for (const QString &vin : vins) {
                if (const QString error = apply(vin); error.isEmpty())
                    outcome.done.append(vin);
                else
                    outcome.errors.append(tr("%1: %2").arg(vin, error));
            }
            return outcome;
        },
        [this, doneMessage = std::move(doneMessage), failedMessage = std::move(failedMessage)](const Outcome &outcome) {
            if (!outcome.done.isEmpty()) {
                Q_EMIT message(doneMessage(outcome.done));
                Q_EMIT decided(outcome.done);
            }
            if (!outcome.errors.isEmpty())
                Q_EMIT failed(failedMessage(outcome.errors.join(u"; ")));
        });
}

void RegistrationController::accept(const QStringList &vins)
{
    if (vins.isEmpty())
        return;
    server::FleetService *fleet = &m_fleet;
    decideEach(
        vins,
        [fleet, actor = m_operator](const QString &vin) {
            const auto result = fleet->acceptRegistration(vin, actor);
            return result ? QString() : result.errorString();
        },
        [](const QStringList &done) {
            return done.size() == 1
                       ? tr("Accepted %1; it receives its token when it registers again.").arg(done.first())
                       : tr("Accepted %n vehicles.", nullptr, static_cast<int>(done.size()));
        },
        [](const QString &errors) { return tr("Could not accept %1").arg(errors); });
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
    decideEach(
        vins,
        [fleet, reason, actor = m_operator](const QString &vin) {
            const auto result = fleet->rejectRegistration(vin, actor, reason);
            return result ? QString() : result.errorString();
        },
        [](const QStringList &done) {
            return done.size() == 1 ? tr("Rejected %1.").arg(done.first())
                                    : tr("Rejected %n vehicles.", nullptr, static_cast<int>(done.size()));
        },
        [](const QString &errors) { return tr("Could not reject %1").arg(errors); });
}

void RegistrationController::setRole(server::campaigns::Role role)
{
    m_role = role;
    Q_EMIT roleChanged();
}

QString RegistrationController::blockRefusal() const
{
    if (server::campaigns::allows(m_role, server::campaigns::Permission::ManageVehicles)) {
        return {};
    }
    return tr("Blocking a vehicle needs the engineer or administrator role; you are logged in as %1 (%2)")
        .arg(m_operator, CampaignText::role(m_role));
}

void RegistrationController::block(const QStringList &vins, QWidget *dialogParent)
{
    if (vins.isEmpty()) {
        return;
    }
    if (const QString refusal = blockRefusal(); !refusal.isEmpty()) {
        Q_EMIT failed(refusal);
        return;
    }
    auto *dialog = new QInputDialog(dialogParent);
    dialog->setObjectName(QStringLiteral("blockReasonDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Block vehicle"));
    dialog->setLabelText(
        vins.size() == 1
            ? tr("Why is %1 blocked? Its requests are refused and its connection is closed until it is "
                 "unblocked. The reason is kept in the event log.")
                  .arg(vins.first())
            : tr("Why are these %n vehicles blocked? Their requests are refused and their connections are closed "
                 "until they are unblocked. The reason is kept in the event log.",
                 nullptr, static_cast<int>(vins.size())));
    dialog->setOkButtonText(tr("Block"));
    dialog->setWindowModality(Qt::WindowModal);
    // The reason is required: Block stays disabled while the field is blank.
    auto updateOk = [dialog](const QString &text) {
        if (auto *buttons = dialog->findChild<QDialogButtonBox *>()) {
            if (QPushButton *ok = buttons->button(QDialogButtonBox::Ok)) {
                ok->setEnabled(!text.trimmed().isEmpty());
            }
        }
    };
    connect(dialog, &QInputDialog::textValueChanged, dialog, updateOk);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, vins](const QString &reason) {
        if (!reason.trimmed().isEmpty()) {
            blockWithReason(vins, reason.trimmed());
        }
    });
    dialog->open();
    updateOk(dialog->textValue());
}

void RegistrationController::blockWithReason(const QStringList &vins, const QString &reason)
{
    server::FleetService *fleet = &m_fleet;
    decideEach(
        vins,
        [fleet, reason, actor = server::campaigns::Actor{m_operator, m_role}](const QString &vin) {
            const auto result = fleet->blockVehicle(vin, actor, reason);
            return result ? QString() : result.errorString();
        },
        [](const QStringList &done) {
            return done.size() == 1
                       ? tr("Blocked %1; its requests are refused until it is unblocked.").arg(done.first())
                       : tr("Blocked %n vehicles.", nullptr, static_cast<int>(done.size()));
        },
        [](const QString &errors) { return tr("Could not block %1").arg(errors); });
}

void RegistrationController::unblock(const QStringList &vins)
{
    if (vins.isEmpty()) {
        return;
    }
    if (const QString refusal = blockRefusal(); !refusal.isEmpty()) {
        Q_EMIT failed(refusal);
        return;
    }
    server::FleetService *fleet = &m_fleet;
    decideEach(
        vins,
        [fleet, actor = server::campaigns::Actor{m_operator, m_role}](const QString &vin) {
            const auto result = fleet->unblockVehicle(vin, actor);
            return result ? QString() : result.errorString();
        },
        [](const QStringList &done) {
            return done.size() == 1 ? tr("Unblocked %1; it is accepted again.").arg(done.first())
                                    : tr("Unblocked %n vehicles.", nullptr, static_cast<int>(done.size()));
        },
        [](const QString &errors) { return tr("Could not unblock %1").arg(errors); });
}

} // namespace flotilla::ui

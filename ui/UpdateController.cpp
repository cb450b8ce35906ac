#include "ui/UpdateController.h"

#include "server/FleetService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/AssignDialog.h"
#include "ui/Async.h"

#include <QMessageBox>
#include <QPushButton>

namespace flotilla::ui {

UpdateController::UpdateController(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                                   QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
{}

UpdateController::~UpdateController() = default;

AssignDialog *UpdateController::assignDialog() const
{
    return m_assignDialog;
}

void UpdateController::assign(const QStringList &vins, qint64 releaseId, QWidget *dialogParent)
{
    if (!m_vehicles) {
        return;
    }
    if (m_assignDialog && !m_assignDialog->isBusy()) {
        m_assignDialog->close(); // a new question replaces the old one
    }
    m_assignDialog = new AssignDialog(m_fleet, m_pool, m_operator, *m_vehicles, vins, releaseId, dialogParent);
    m_assignDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_assignDialog, &AssignDialog::message, this, &UpdateController::message);
    connect(m_assignDialog, &AssignDialog::failed, this, &UpdateController::failed);
    connect(m_assignDialog, &AssignDialog::assigned, this, &UpdateController::jobsChanged);
    m_assignDialog->show();
    m_assignDialog->raise();
    m_assignDialog->activateWindow();
}

void UpdateController::cancelJob(qint64 jobId, const QString &vin, QWidget *dialogParent)
{
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Cancel update"),
                        tr("Cancel update job %1 of %2?").arg(jobId).arg(vin), QMessageBox::NoButton, dialogParent);
    box->setObjectName(QStringLiteral("cancelJobConfirmation"));
    box->setInformativeText(tr("The vehicle stops at its next session and keeps the software it runs. A vehicle that "
                               "has started installing finishes and reports; such a job can no longer be "
                               "cancelled."));
    QPushButton *cancel = box->addButton(tr("Cancel update"), QMessageBox::DestructiveRole);
    cancel->setObjectName(QStringLiteral("confirmCancelJobButton"));
    QPushButton *keep = box->addButton(tr("Keep it"), QMessageBox::RejectRole);
    box->setDefaultButton(keep);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::buttonClicked, this, [this, cancel, jobId, vin](QAbstractButton *clicked) {
        if (clicked == cancel) {
            cancelJobNow(jobId, vin);
        }
    });
    box->open();
}

void UpdateController::cancelJobNow(qint64 jobId, const QString &vin)
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, jobId, actor = m_operator] { return fleet->updates().cancel(jobId, actor); },
        [this, jobId, vin](const Result<store::UpdateJobRecord> &result) {
            if (!result) {
                Q_EMIT failed(tr("Could not cancel update job %1 of %2: %3").arg(jobId).arg(vin, result.errorString()));
                return;
            }
            Q_EMIT message(tr("Cancelled update job %1 of %2.").arg(jobId).arg(vin));
            Q_EMIT jobsChanged({vin});
        });
}

} // namespace flotilla::ui

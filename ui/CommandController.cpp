#include "ui/CommandController.h"

#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/BulkCommandDialog.h"
#include "ui/CampaignModels.h"
#include "ui/CommandText.h"
#include "ui/DestructiveCommandDialog.h"

namespace flotilla::ui {

using server::campaigns::Permission;
using server::commands::CommandRecord;
using server::commands::Operation;

CommandController::CommandController(server::FleetService &fleet, QThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_pool(pool)
{}

CommandController::~CommandController() = default;

DestructiveCommandDialog *CommandController::destructiveDialog() const
{
    return m_destructiveDialog;
}

BulkCommandDialog *CommandController::bulkDialog() const
{
    return m_bulkDialog;
}

void CommandController::setActor(const server::campaigns::Actor &actor)
{
    m_actor = actor;
    Q_EMIT actorChanged();
}

bool CommandController::allows(Operation operation) const
{
    return !m_actor.name.isEmpty() &&
           server::campaigns::allows(m_actor.role, server::commands::permissionFor(operation));
}

QString CommandController::refusal(Operation operation) const
{
    if (m_actor.name.isEmpty()) {
        return tr("Log in to send commands");
    }
    if (allows(operation)) {
        return {};
    }
    if (server::commands::permissionFor(operation) == Permission::DestructiveCommands) {
        return tr("Only an administrator may wipe or reset a vehicle; you are logged in as %1 (%2)")
            .arg(m_actor.name, CampaignText::role(m_actor.role));
    }
    return tr("Sending commands needs the engineer or administrator role; you are logged in as %1 (%2)")
        .arg(m_actor.name, CampaignText::role(m_actor.role));
}

void CommandController::send(const QString &vin, const server::commands::SendRequest &request)
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, vin, request, actor = m_actor] { return fleet->commands().send(vin, request, actor); },
        [this, vin, operation = request.operation](const Result<CommandRecord> &result) {
            const QString name = CommandText::operation(operation);
            if (!result) {
                const QString error = result.errorString();
                Q_EMIT failed(tr("Could not send %1 to %2: %3").arg(name, vin, error));
                Q_EMIT sendFailed(vin, static_cast<int>(operation), error);
                return;
            }
            Q_EMIT message(tr("%1 queued for %2.").arg(name, vin));
            Q_EMIT commandSent(*result);
        });
}

void CommandController::confirmDestructive(const QString &vin, Operation operation, QWidget *dialogParent)
{
    if (!server::commands::isDestructive(operation)) {
        send(vin, {operation, {}, server::commands::DefaultExpiryMs, {}});
        return;
    }
    if (m_destructiveDialog) {
        m_destructiveDialog->close(); // a new question replaces the old one
    }
    m_destructiveDialog = new DestructiveCommandDialog(vin, operation, m_actor, dialogParent);
    m_destructiveDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_destructiveDialog, &DestructiveCommandDialog::confirmed, this,
            [this](const QString &confirmedVin, int confirmedOperation, const QString &typedVin) {
                server::commands::SendRequest request;
                request.operation = static_cast<Operation>(confirmedOperation);
                request.confirmVin = typedVin;
                send(confirmedVin, request);
            });
    m_destructiveDialog->open();
}

void CommandController::openBulk(const QStringList &vins, int channelsOnline, QWidget *dialogParent)
{
    if (vins.isEmpty()) {
        return;
    }
    if (m_bulkDialog && !m_bulkDialog->isBusy()) {
        m_bulkDialog->close();
    }
    m_bulkDialog = new BulkCommandDialog(m_fleet, m_pool, m_actor, vins, channelsOnline, dialogParent);
    m_bulkDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_bulkDialog, &BulkCommandDialog::message, this, &CommandController::message);
    connect(m_bulkDialog, &BulkCommandDialog::failed, this, &CommandController::failed);
    m_bulkDialog->show();
    m_bulkDialog->raise();
    m_bulkDialog->activateWindow();
}

} // namespace flotilla::ui

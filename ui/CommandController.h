#pragma once

#include "server/campaigns/CampaignTypes.h"
#include "server/commands/CommandService.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class QThreadPool;
class QWidget;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class BulkCommandDialog;
class DestructiveCommandDialog;

// Sending remote commands (issue 5), shared by the vehicle's Remote panel and the inventory's
// bulk action: the logged-in operator (whose role decides which commands the console offers),
// the calls to CommandService off the GUI thread, the typed-VIN confirmation of Wipe and Factory
// reset, and the bulk dialog. Dialogs open with open()/show(), never exec().
class CommandController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandController)
public:
    CommandController(server::FleetService &fleet, QThreadPool &pool, QObject *parent = nullptr);
    ~CommandController() override;

    // The logged-in operator (issue 4); nobody (a viewer without a name) until the app logs in.
    void setActor(const server::campaigns::Actor &actor);
    const server::campaigns::Actor &actor() const { return m_actor; }
    bool allows(server::commands::Operation operation) const;
    // Why the operator may not send it, for a disabled button's tooltip; empty when allowed.
    QString refusal(server::commands::Operation operation) const;

    // Sends one command; commandSent or sendFailed follows.
    void send(const QString &vin, const server::commands::SendRequest &request);
    // Wipe / Factory reset: the dialog (objectName "destructiveCommandDialog") asks for the VIN
    // typed out, then sends with it as confirmVin. Other operations are sent at once.
    void confirmDestructive(const QString &vin, server::commands::Operation operation, QWidget *dialogParent);
    DestructiveCommandDialog *destructiveDialog() const; // the open one, if any
    // The bulk dialog (objectName "bulkCommandDialog") for these vehicles; channelsOnline is how
    // many of them have their notification channel open (for the dialog's note). One at a time.
    void openBulk(const QStringList &vins, int channelsOnline, QWidget *dialogParent);
    BulkCommandDialog *bulkDialog() const; // the open one, if any

Q_SIGNALS:
    void actorChanged();
    void commandSent(const server::commands::CommandRecord &command);
    void sendFailed(const QString &vin, int operation, const QString &error); // int(Operation)
    void message(const QString &text);                                        // for the status bar
    void failed(const QString &text);

private:
    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    server::campaigns::Actor m_actor;
    QPointer<DestructiveCommandDialog> m_destructiveDialog;
    QPointer<BulkCommandDialog> m_bulkDialog;
};

} // namespace flotilla::ui

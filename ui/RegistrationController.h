#pragma once

#include "server/campaigns/CampaignTypes.h"

#include <QObject>
#include <QStringList>

#include <functional>

class QThreadPool;
class QWidget;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

// Accepting and rejecting registrations, and blocking and unblocking accepted vehicles, shared by
// the registrations view, the inventory's context menu and the details panel. Decisions run off
// the GUI thread; rejecting and blocking first ask for a reason in a window-modal dialog opened with
// open(), never exec() (no nested event loop).
class RegistrationController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationController)
public:
    RegistrationController(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                           QObject *parent = nullptr);
    ~RegistrationController() override;

    QString operatorName() const { return m_operator; }
    // The logged-in operator (issue 4), written to the event log as the actor from now on.
    void setOperatorName(const QString &name) { m_operator = name; }
    // The logged-in operator's role: blocking needs the manage-vehicles permission (the server
    // checks it again). Viewer until someone logs in.
    void setRole(server::campaigns::Role role);
    // Why this operator may not block or unblock vehicles; empty when they may.
    QString blockRefusal() const;
    void accept(const QStringList &vins);
    // Opens the reason dialog (objectName "rejectReasonDialog") on dialogParent.
    void reject(const QStringList &vins, QWidget *dialogParent);
    void rejectWithReason(const QStringList &vins, const QString &reason);
    // Opens the reason dialog (objectName "blockReasonDialog") on dialogParent; a reason is required.
    void block(const QStringList &vins, QWidget *dialogParent);
    void blockWithReason(const QStringList &vins, const QString &reason);
    void unblock(const QStringList &vins);

Q_SIGNALS:
    void message(const QString &text); // for the status bar
    void failed(const QString &text);
    void decided(const QStringList &vins);
    void roleChanged();

private:
    struct Outcome
    {
        QStringList done;
        QStringList errors;
    };
    void decideEach(const QStringList &vins, std::function<QString(const QString &vin)> apply,
                    std::function<QString(const QStringList &done)> doneMessage,
                    std::function<QString(const QString &errors)> failedMessage);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    server::campaigns::Role m_role = server::campaigns::Role::Viewer;
};

} // namespace flotilla::ui

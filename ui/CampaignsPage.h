#pragma once

#include "server/campaigns/CampaignTypes.h"

#include <QMap>
#include <QPointer>
#include <QThreadPool>
#include <QWidget>

class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class CampaignProgressPanel;
class CampaignTableModel;
class CampaignWizard;
class RefreshThrottle;

// Campaigns (issue 4): the list with state, wave and counts; the operator's actions (edit in the
// wizard, submit, approve, reject with a reason, start, pause, resume, cancel, retry failed), each enabled only
// when campaigns::transition() allows it for the campaign's state and the logged-in operator; the
// wizard for new campaigns; and the selected campaign's progress below. Follows
// EventBus::campaignsChanged and jobsChanged through a RefreshThrottle (at most 10 refreshes a
// second). Every action runs as the operator set with setActor(); the server decides again and a
// refusal is shown in the page's message line.
class CampaignsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignsPage)
public:
    CampaignsPage(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~CampaignsPage() override;

    void start();
    void setActor(const server::campaigns::Actor &actor);
    const server::campaigns::Actor &actor() const { return m_actor; }
    CampaignTableModel *model() const { return m_model; }
    CampaignProgressPanel *progress() const { return m_progress; }
    CampaignWizard *wizard() const; // the open one, if any
    QPushButton *actionButton(server::campaigns::CampaignAction action) const { return m_buttons.value(action); }
    qint64 currentCampaignId() const;
    void selectCampaign(qint64 id); // once the list has it
    QString lastMessage() const;

public Q_SLOTS:
    void showWizard();
    // The wizard in edit mode for the selected campaign (when CampaignAction::Edit allows it).
    void showEditWizard();
    // Runs the action on the selected campaign as the operator; Reject asks for a reason first.
    void act(server::campaigns::CampaignAction action);
    void actWithReason(qint64 id, server::campaigns::CampaignAction action, const QString &reason);

Q_SIGNALS:
    void message(const QString &text);
    void errorOccurred(const QString &message);

private:
    void fetch();
    void applyPendingSelection();
    void updateButtons();
    void showMessage(const QString &text, bool error);
    bool raiseOpenWizard(); // true when a wizard was already open (brought to the front)

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    server::campaigns::Actor m_actor;
    RefreshThrottle *m_throttle;
    CampaignTableModel *m_model;
    QTableView *m_table;
    CampaignProgressPanel *m_progress;
    QSplitter *m_splitter;
    QLabel *m_message;
    QLabel *m_operatorLabel;
    QPushButton *m_new;
    QMap<server::campaigns::CampaignAction, QPushButton *> m_buttons;
    QPointer<CampaignWizard> m_wizard;
    qint64 m_pendingSelection = 0;
    bool m_busy = false; // an action is on its way: no second click meanwhile
};

} // namespace flotilla::ui

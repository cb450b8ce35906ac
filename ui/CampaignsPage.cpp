#include "ui/CampaignsPage.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/campaigns/CampaignService.h"
#include "server/releases/ReleaseService.h"
#include "ui/Async.h"
#include "ui/CampaignModels.h"
#include "ui/CampaignProgressPanel.h"
#include "ui/CampaignWizard.h"
#include "ui/RefreshThrottle.h"
#include "ui/StateBadgeDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

using server::campaigns::CampaignAction;
using server::campaigns::CampaignRecord;
using server::campaigns::CampaignSummary;
using server::campaigns::CampaignVehicleRecord;

namespace {

// What one refresh loads, off the GUI thread.
struct Snapshot
{
    QList<CampaignSummary> campaigns;
    QHash<qint64, QString> releaseNames;
    qint64 selectedId = 0;
    QList<CampaignVehicleRecord> vehicles; // of selectedId
    QString error;
};

Snapshot load(server::FleetService &fleet, qint64 selectedId)
{
    Snapshot snapshot;
    snapshot.selectedId = selectedId;
    auto records = fleet.campaigns().list();
    if (!records) {
        snapshot.error = records.errorString();
        return snapshot;
    }
    for (const CampaignRecord &record : std::as_const(*records)) {
        auto summary = fleet.campaigns().summary(record.id);
        if (!summary) {
            snapshot.error = summary.errorString();
            return snapshot;
        }
        snapshot.campaigns.append(*summary);
    }
    if (auto releases = fleet.releases().list()) {
        for (const auto &release : std::as_const(*releases))
            snapshot.releaseNames.insert(release.id, release.name + u' ' + release.version);
    }
    if (selectedId > 0) {
        auto vehicles = fleet.campaigns().vehicles(selectedId);
        if (vehicles)
            snapshot.vehicles = *vehicles;
    }
    return snapshot;
}

const QList<CampaignAction> PageActions{CampaignAction::Submit, CampaignAction::Approve,    CampaignAction::Reject,
                                        CampaignAction::Start,  CampaignAction::Pause,      CampaignAction::Resume,
                                        CampaignAction::Cancel, CampaignAction::RetryFailed};

QString actionObjectName(CampaignAction action)
{
    // "campaignApprove", "campaignRetry-failed": stable names for tests and style sheets.
    QString name = server::campaigns::toString(action);
    name[0] = name.at(0).toUpper();
    return QStringLiteral("campaign") + name;
}

} // namespace

CampaignsPage::CampaignsPage(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_model(new CampaignTableModel(this))
    , m_table(new QTableView(this))
    , m_progress(new CampaignProgressPanel(fleet, pool, this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_message(new QLabel(this))
    , m_operatorLabel(new QLabel(this))
    , m_new(new QPushButton(QIcon(QStringLiteral(":/icons/update.png")), tr("New campaign…"), this))
{
    setObjectName(QStringLiteral("campaignsPage"));
    m_new->setObjectName(QStringLiteral("newCampaignButton"));
    m_new->setToolTip(tr("Plan a staged rollout: release, targets, waves, schedule, dry run"));
    connect(m_new, &QPushButton::clicked, this, &CampaignsPage::showWizard);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_new);
    auto *edit = new QPushButton(tr("Edit…"), this);
    edit->setObjectName(actionObjectName(CampaignAction::Edit));
    connect(edit, &QPushButton::clicked, this, &CampaignsPage::showEditWizard);
    toolbar->addWidget(edit);
    m_buttons.insert(CampaignAction::Edit, edit);
    toolbar->addSpacing(6);
    for (CampaignAction action : PageActions) {
        auto *button = new QPushButton(
            CampaignText::action(action) + (action == CampaignAction::Reject ? QStringLiteral("…") : QString()), this);
        button->setObjectName(actionObjectName(action));
        connect(button, &QPushButton::clicked, this, [this, action] { act(action); });
        toolbar->addWidget(button);
        m_buttons.insert(action, button);
    }
    toolbar->addStretch();
    m_operatorLabel->setObjectName(QStringLiteral("campaignOperator"));
    // The operator's line gives way first, so that the buttons never set the window's minimum width.
    m_operatorLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    toolbar->addWidget(m_operatorLabel);

    m_message->setObjectName(QStringLiteral("campaignMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table->setObjectName(QStringLiteral("campaignTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents); // a few rows: cheap
    m_table->horizontalHeader()->setSectionResizeMode(CampaignTableModel::NameColumn, QHeaderView::Stretch);
    m_table->setItemDelegateForColumn(
        CampaignTableModel::StateColumn,
        new StateBadgeDelegate(CampaignTableModel::StateRole, &CampaignText::stateColor, -1, this));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        m_progress->clear();
        m_throttle->request(); // load the newly selected campaign's vehicles
    });
    // A reset (new campaign) drops the selection: keep the one the operator had.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        if (m_pendingSelection == 0)
            m_pendingSelection = currentCampaignId();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &CampaignsPage::applyPendingSelection);

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_progress);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_message);
    layout->addWidget(m_splitter, 1);

    connect(m_throttle, &RefreshThrottle::due, this, &CampaignsPage::fetch);
    const server::EventBus &bus = m_fleet.eventBus();
    connect(&bus, &server::EventBus::campaignsChanged, m_throttle, &RefreshThrottle::request);
    connect(&bus, &server::EventBus::jobsChanged, m_throttle, &RefreshThrottle::request);
    connect(&bus, &server::EventBus::releasesChanged, m_throttle, &RefreshThrottle::request);
    setActor({});
}

CampaignsPage::~CampaignsPage() = default;

void CampaignsPage::start()
{
    m_throttle->request();
}

void CampaignsPage::setActor(const server::campaigns::Actor &actor)
{
    m_actor = actor;
    m_operatorLabel->setText(actor.name.isEmpty()
                                 ? tr("Not logged in")
                                 : tr("Acting as %1 (%2)").arg(actor.name, CampaignText::role(actor.role)));
    m_new->setEnabled(server::campaigns::allows(actor.role, server::campaigns::Permission::EditCampaigns));
    updateButtons();
}

qint64 CampaignsPage::currentCampaignId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(CampaignTableModel::IdRole).toLongLong() : 0;
}

void CampaignsPage::selectCampaign(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_pendingSelection = id;
        m_throttle->request();
        return;
    }
    m_pendingSelection = 0;
    m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

CampaignWizard *CampaignsPage::wizard() const
{
    return m_wizard;
}

void CampaignsPage::applyPendingSelection()
{
    // Only once the list has it: a campaign that never shows up must not keep the page refreshing.
    if (m_pendingSelection != 0 && m_model->rowOf(m_pendingSelection) >= 0)
        selectCampaign(m_pendingSelection);
}

QString CampaignsPage::lastMessage() const
{
    return m_message->text();
}

void CampaignsPage::fetch()
{
    server::FleetService *fleet = &m_fleet;
    const qint64 selected = currentCampaignId();
    runInBackground(
        &m_pool, this, [fleet, selected] { return load(*fleet, selected); },
        [this](const Snapshot &snapshot) {
            m_throttle->done();
            if (!snapshot.error.isEmpty()) {
                Q_EMIT errorOccurred(tr("Could not load the campaigns: %1").arg(snapshot.error));
                return;
            }
            m_model->setCampaigns(snapshot.campaigns, snapshot.releaseNames);
            applyPendingSelection();
            const qint64 current = currentCampaignId();
            const CampaignSummary *summary = m_model->campaign(current);
            if (summary && current == snapshot.selectedId)
                m_progress->setCampaign(*summary, snapshot.vehicles);
            else if (current != snapshot.selectedId)
                m_throttle->request(); // the selection moved while this loaded
            updateButtons();
        });
}

void CampaignsPage::updateButtons()
{
    const CampaignSummary *summary = m_model->campaign(currentCampaignId());
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it) {
        // The same rule the server applies, so that a button is only offered when it can work.
        const auto allowed = summary ? server::campaigns::transition(summary->campaign.state, it.key(), m_actor,
                                                                     summary->campaign.author)
                                     : Result<server::campaigns::CampaignState>(Error(QString(), 409));
        it.value()->setEnabled(!m_busy && allowed.ok());
        it.value()->setToolTip(summary && !allowed ? allowed.errorString() : QString());
    }
}

void CampaignsPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    if (error)
        Q_EMIT errorOccurred(text);
    else
        Q_EMIT message(text);
}

void CampaignsPage::act(CampaignAction action)
{
    const qint64 id = currentCampaignId();
    if (id == 0)
        return;
    if (action != CampaignAction::Reject) {
        actWithReason(id, action, {});
        return;
    }
    // Non-modal: the window keeps following the fleet while the approver writes the reason.
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("rejectReasonDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Reject campaign"));
    dialog->setLabelText(tr("Why is the campaign rejected? The author sees this reason."));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString &reason) {
        if (reason.trimmed().isEmpty()) {
            showMessage(tr("A rejection needs a reason."), true);
            return;
        }
        actWithReason(id, CampaignAction::Reject, reason.trimmed());
    });
    dialog->open();
}

void CampaignsPage::actWithReason(qint64 id, CampaignAction action, const QString &reason)
{
    server::FleetService *fleet = &m_fleet;
    const server::campaigns::Actor actor = m_actor;
    m_busy = true;
    updateButtons();
    runInBackground(
        &m_pool, this, [fleet, id, action, actor, reason] { return fleet->campaigns().act(id, action, actor, reason); },
        [this, action](const Result<CampaignRecord> &result) {
            m_busy = false;
            if (!result) {
                showMessage(tr("%1 refused: %2").arg(CampaignText::action(action), result.errorString()), true);
            } else {
                showMessage(tr("%1: campaign “%2” is now %3.")
                                .arg(CampaignText::action(action), result->spec.name,
                                     CampaignText::state(result->state).toLower()),
                            false);
            }
            updateButtons();
            m_throttle->request();
        });
}

bool CampaignsPage::raiseOpenWizard()
{
    if (!m_wizard)
        return false;
    m_wizard->show();
    m_wizard->raise();
    m_wizard->activateWindow();
    return true;
}

void CampaignsPage::showEditWizard()
{
    const CampaignSummary *summary = m_model->campaign(currentCampaignId());
    if (!summary)
        return;
    if (raiseOpenWizard()) {
        showMessage(tr("Finish or close the open campaign wizard first."), true);
        return;
    }
    m_wizard = new CampaignWizard(m_fleet, m_pool, m_actor, this);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    m_wizard->editCampaign(summary->campaign);
    connect(m_wizard, &CampaignWizard::edited, this, [this](qint64 id, const QString &name, bool backToApproval) {
        showMessage(backToApproval ? tr("Campaign “%1” saved; it waits for approval again.").arg(name)
                                   : tr("Campaign “%1” saved.").arg(name),
                    false);
        selectCampaign(id);
        m_throttle->request();
    });
    raiseOpenWizard();
}

void CampaignsPage::showWizard()
{
    if (m_wizard && m_wizard->editedId() != 0) {
        showMessage(tr("Finish or close the open campaign wizard first."), true);
        raiseOpenWizard();
        return;
    }
    if (!m_wizard) {
        m_wizard = new CampaignWizard(m_fleet, m_pool, m_actor, this);
        m_wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_wizard, &CampaignWizard::submitted, this, [this](qint64 id, const QString &name) {
            showMessage(tr("Campaign “%1” submitted for approval.").arg(name), false);
            selectCampaign(id);
        });
    }
    raiseOpenWizard();
}

} // namespace flotilla::ui

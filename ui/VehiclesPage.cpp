#include "ui/VehiclesPage.h"

#include "server/FleetService.h"
#include "ui/ChannelFeed.h"
#include "ui/CommandController.h"
#include "ui/JobFeed.h"
#include "ui/PlaceholderTableView.h"
#include "ui/RegistrationController.h"
#include "ui/StateBadgeDelegate.h"
#include "ui/Text.h"
#include "ui/UpdateController.h"
#include "ui/VehicleDetailsPanel.h"
#include "ui/VehicleFeed.h"
#include "ui/VehicleFilterProxyModel.h"
#include "ui/VehicleRemotePanel.h"
#include "ui/VehicleTableModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

VehiclesPage::VehiclesPage(server::FleetService &fleet, QThreadPool &pool, RegistrationController &registrations,
                           UpdateController &updates, CommandController &commands, QWidget *parent)
    : QWidget(parent)
    , m_registrations(registrations)
    , m_updates(updates)
    , m_commands(commands)
    , m_model(new VehicleTableModel(Clock::system(), this))
    , m_proxy(new VehicleFilterProxyModel(this))
    , m_feed(new VehicleFeed(fleet, *m_model, pool, this))
    , m_jobFeed(new JobFeed(fleet, *m_model, pool, this))
    , m_channelFeed(new ChannelFeed(fleet, *m_model, pool, this))
    , m_filter(new QLineEdit(this))
    , m_stateFilter(new QComboBox(this))
    , m_channelFilter(new QComboBox(this))
    , m_countLabel(new QLabel(this))
    , m_update(new QPushButton(QIcon(QStringLiteral(":/icons/update.png")), tr("&Update…"), this))
    , m_command(new QPushButton(tr("&Command…"), this))
    , m_table(new PlaceholderTableView(this))
    , m_detailTabs(new QTabWidget(this))
    , m_details(new VehicleDetailsPanel(fleet, pool, m_detailTabs))
    , m_remote(new VehicleRemotePanel(fleet, pool, commands, m_detailTabs))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("vehiclesPage"));
    m_proxy->setSourceModel(m_model);

    m_filter->setObjectName(QStringLiteral("vehicleFilter"));
    m_filter->setPlaceholderText(tr("Filter by VIN, DevID, model or OEM (Ctrl+F)"));
    m_filter->setToolTip(tr("Shows vehicles whose VIN, DevID, model or OEM contains this text"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updateCountLabel();
        updatePlaceholder();
    });

    m_stateFilter->setObjectName(QStringLiteral("vehicleStateFilter"));
    m_stateFilter->setToolTip(tr("Show only vehicles in this registration state"));
    m_stateFilter->addItem(tr("All states"), -1);
    for (const auto state : {store::VehicleState::Pending, store::VehicleState::Accepted, store::VehicleState::Rejected,
                             store::VehicleState::Blocked, store::VehicleState::Wiped}) {
        m_stateFilter->addItem(Text::vehicleState(state), static_cast<int>(state));
    }
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int value = m_stateFilter->currentData().toInt();
        m_proxy->setStateFilter(
            value < 0 ? std::nullopt : std::optional<store::VehicleState>(static_cast<store::VehicleState>(value)));
        updateCountLabel();
        updatePlaceholder();
    });

    m_channelFilter->setObjectName(QStringLiteral("vehicleChannelFilter"));
    m_channelFilter->setToolTip(tr("Show only vehicles whose notification channel is online, or offline"));
    m_channelFilter->addItem(tr("Any channel"), -1);
    m_channelFilter->addItem(tr("Channel online"), 1);
    m_channelFilter->addItem(tr("Channel offline"), 0);
    connect(m_channelFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int value = m_channelFilter->currentData().toInt();
        m_proxy->setChannelFilter(value < 0 ? std::nullopt : std::optional<bool>(value == 1));
        updateCountLabel();
        updatePlaceholder();
    });

    m_countLabel->setObjectName(QStringLiteral("vehicleCountLabel"));
    m_update->setObjectName(QStringLiteral("updateVehiclesButton"));
    m_update->setToolTip(tr("Assign a release to the selected vehicles"));
    connect(m_update, &QPushButton::clicked, this, &VehiclesPage::updateSelected);
    m_command->setObjectName(QStringLiteral("commandVehiclesButton"));
    connect(m_command, &QPushButton::clicked, this, &VehiclesPage::commandSelected);
    connect(&m_commands, &CommandController::actorChanged, this, &VehiclesPage::updateActions);

    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_update);
    filterBar->addWidget(m_command);
    filterBar->addSpacing(12);
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_stateFilter);
    filterBar->addWidget(m_channelFilter);
    filterBar->addSpacing(12);
    filterBar->addWidget(m_countLabel);

    m_table->setObjectName(QStringLiteral("vehicleTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(VehicleTableModel::VinColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setItemDelegateForColumn(VehicleTableModel::StateColumn,
                                      new StateBadgeDelegate(VehicleTableModel::StateRole, m_table));
    m_table->setItemDelegateForColumn(VehicleTableModel::UpdateColumn,
                                      new StateBadgeDelegate(VehicleTableModel::JobStateRole,
                                                             &StateBadgeDelegate::jobStateColor,
                                                             VehicleTableModel::JobProgressRole, m_table));
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // Widths from typical content, tight enough that the whole row fits beside the details panel,
    // but never narrower than the (translated) header.
    const QFontMetrics metrics = m_table->fontMetrics();
    QHeaderView *header = m_table->horizontalHeader();
    const auto setWidth = [&](int column, const QString &sample, int extra = 0) {
        m_table->setColumnWidth(
            column, std::max(metrics.horizontalAdvance(sample) + 14 + extra, header->sectionSizeHint(column)));
    };
    setWidth(VehicleTableModel::VinColumn, QStringLiteral("WVWZZZ1JZXW000000"));
    setWidth(VehicleTableModel::DevIdColumn, QStringLiteral("HU-7731-0000"));
    setWidth(VehicleTableModel::ModelColumn, QStringLiteral("Transporter"));
    setWidth(VehicleTableModel::OemColumn, QStringLiteral("panasonic"));
    setWidth(VehicleTableModel::VersionsColumn, QStringLiteral("firmware0.4 / 1.2.0"));
    setWidth(VehicleTableModel::StateColumn, Text::vehicleState(store::VehicleState::Accepted), 20);
    setWidth(VehicleTableModel::UpdateColumn, Text::jobState(store::JobState::Downloading) + u" 100 %", 20);
    setWidth(VehicleTableModel::OnlineColumn, {}, 16);
    setWidth(VehicleTableModel::LastSeenColumn, Text::relativeTime(1, 59 * 60'000));
    setWidth(VehicleTableModel::SessionsColumn, QStringLiteral("9999"));
    setWidth(VehicleTableModel::ChannelColumn, tr("offline"), 22);
    // The channel belongs beside the online dot; the model appends it last so that saved header
    // layouts stay valid (restoreState() below puts back whatever the user arranged).
    header->moveSection(header->visualIndex(VehicleTableModel::ChannelColumn),
                        header->visualIndex(VehicleTableModel::OnlineColumn) + 1);
    connect(m_table, &QWidget::customContextMenuRequested, this, &VehiclesPage::showContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &VehiclesPage::onCurrentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &VehiclesPage::updateActions);

    m_details->setMinimumWidth(300);
    m_detailTabs->setObjectName(QStringLiteral("vehicleDetailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(m_details, tr("Details"));
    m_detailTabs->addTab(m_remote, tr("Remote"));
    m_detailTabs->setTabToolTip(0, tr("Identity, software, update jobs, sessions and events of the vehicle"));
    m_detailTabs->setTabToolTip(1, tr("The vehicle's status and remote commands: locks, climate, engine, location, "
                                      "LAWMO, trouble codes"));
    m_splitter->setObjectName(QStringLiteral("vehicleSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detailTabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({900, 320});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(filterBar);
    layout->addWidget(m_splitter, 1);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        updateCountLabel();
        updatePlaceholder();
        if (!m_columnsFitted) {
            m_columnsFitted = true;
            // Give the first page (or the first few demo vehicles) a moment to arrive, then size
            // the text columns to what this fleet's DevIDs and models actually look like.
            QTimer::singleShot(500ms, this, &VehiclesPage::fitColumnsToContents);
        }
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &VehiclesPage::updateCountLabel);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &VehiclesPage::updateCountLabel);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &VehiclesPage::updateCountLabel);
    connect(m_feed, &VehicleFeed::vehiclesUpdated, m_details, &VehicleDetailsPanel::refreshIfShown);
    connect(m_feed, &VehicleFeed::errorOccurred, this, &VehiclesPage::errorOccurred);
    connect(m_jobFeed, &JobFeed::jobsUpdated, m_details, &VehicleDetailsPanel::refreshIfShown);
    connect(m_jobFeed, &JobFeed::errorOccurred, this, &VehiclesPage::errorOccurred);
    connect(m_feed, &VehicleFeed::vehiclesUpdated, m_remote, &VehicleRemotePanel::refreshIfShown);
    connect(m_channelFeed, &ChannelFeed::channelsUpdated, m_remote, &VehicleRemotePanel::refreshIfShown);
    connect(m_channelFeed, &ChannelFeed::channelsUpdated, this, &VehiclesPage::updateCountLabel);
    connect(m_details, &VehicleDetailsPanel::updateRequested, this,
            [this](const QString &vin) { m_updates.assign({vin}, 0, this); });
    connect(m_details, &VehicleDetailsPanel::cancelJobRequested, this,
            [this](qint64 jobId, const QString &vin) { m_updates.cancelJob(jobId, vin, this); });
    connect(m_feed, &VehicleFeed::loadingChanged, this, [this] {
        updateCountLabel();
        updatePlaceholder();
    });
    connect(m_details, &VehicleDetailsPanel::acceptRequested, this,
            [this](const QString &vin) { m_registrations.accept({vin}); });
    connect(m_details, &VehicleDetailsPanel::rejectRequested, this,
            [this](const QString &vin) { m_registrations.reject({vin}, this); });
    connect(&m_registrations, &RegistrationController::decided, m_details, &VehicleDetailsPanel::refreshIfShown);
    connect(m_details, &VehicleDetailsPanel::blockRequested, this,
            [this](const QString &vin) { m_registrations.block({vin}, this); });
    connect(m_details, &VehicleDetailsPanel::unblockRequested, this,
            [this](const QString &vin) { m_registrations.unblock({vin}); });
    auto blockingChanged = [this] { m_details->setBlockRefusal(m_registrations.blockRefusal()); };
    connect(&m_registrations, &RegistrationController::roleChanged, this, blockingChanged);
    blockingChanged();

    // "12 s ago" ages without any event: repaint what is on screen once a second.
    m_tick.setInterval(1s);
    connect(&m_tick, &QTimer::timeout, this, &VehiclesPage::refreshVisibleTimes);

    updateCountLabel();
    updatePlaceholder();
    updateActions();
}

VehiclesPage::~VehiclesPage() = default;

void VehiclesPage::start()
{
    m_feed->start();
    m_jobFeed->start();
    m_channelFeed->start();
    m_tick.start();
}

void VehiclesPage::updateSelected()
{
    const QStringList vins = selectedVins();
    if (!vins.isEmpty()) {
        m_updates.assign(vins, 0, this);
    }
}

void VehiclesPage::updateActions()
{
    const int selected = static_cast<int>(m_table->selectionModel()->selectedRows().size());
    m_update->setEnabled(selected > 0);
    m_update->setToolTip(selected > 0 ? tr("Assign a release to the %n selected vehicles", nullptr, selected)
                                      : tr("Select vehicles to update first"));
    const QString refusal = commandRefusal();
    m_command->setEnabled(selected > 0 && refusal.isEmpty());
    if (!refusal.isEmpty()) {
        m_command->setToolTip(refusal);
    } else {
        m_command->setToolTip(selected > 0 ? tr("Send a remote command to the %n selected vehicles", nullptr, selected)
                                           : tr("Select vehicles to send a command to first"));
    }
}

QString VehiclesPage::commandRefusal() const
{
    // Every command the bulk dialog offers needs the same permission as Lock.
    return m_commands.refusal(server::commands::Operation::Lock);
}

void VehiclesPage::commandSelected()
{
    const QStringList vins = selectedVins();
    if (vins.isEmpty() || !commandRefusal().isEmpty()) {
        return;
    }
    int online = 0;
    for (const QString &vin : vins) {
        const int row = m_model->rowOfVin(vin);
        online += row >= 0 && m_model->vehicleAt(row).channelOpen;
    }
    m_commands.openBulk(vins, online, this);
}

void VehiclesPage::showRemoteTab()
{
    m_detailTabs->setCurrentWidget(m_remote);
}

QStringList VehiclesPage::selectedVins() const
{
    QStringList vins;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(VehicleTableModel::VinColumn);
    for (const QModelIndex &index : rows) {
        vins.append(index.data(VehicleTableModel::VinRole).toString());
    }
    return vins;
}

void VehiclesPage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void VehiclesPage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("vehicles/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("vehicles/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("vehicles/detailTab"), m_detailTabs->currentIndex());
}

void VehiclesPage::restoreState(const QSettings &settings)
{
    m_splitter->restoreState(settings.value(QStringLiteral("vehicles/splitter")).toByteArray());
    m_detailTabs->setCurrentIndex(settings.value(QStringLiteral("vehicles/detailTab"), 0).toInt());
    // A layout the user arranged wins over fitting the columns to the data.
    m_columnsFitted =
        m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("vehicles/header")).toByteArray());
}

void VehiclesPage::fitColumnsToContents()
{
    constexpr int MaxWidth = 240; // a very long model name elides rather than pushing the table wide
    for (const int column : {VehicleTableModel::DevIdColumn, VehicleTableModel::ModelColumn,
                             VehicleTableModel::OemColumn, VehicleTableModel::VersionsColumn}) {
        m_table->resizeColumnToContents(column);
        if (m_table->columnWidth(column) > MaxWidth) {
            m_table->setColumnWidth(column, MaxWidth);
        }
    }
}

void VehiclesPage::updateCountLabel()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QString text = shown == total ? tr("Vehicles: %1").arg(total) : tr("Showing %1 of %2").arg(shown).arg(total);
    if (m_feed->isLoading()) {
        text = tr("%1 (loading…)").arg(text);
    }
    m_countLabel->setText(text);
}

void VehiclesPage::updatePlaceholder()
{
    if (m_model->rowCount() == 0) {
        m_table->setPlaceholderText(m_feed->isLoading()
                                        ? tr("Loading vehicles…")
                                        : tr("No vehicles yet — vehicles appear here when they register.\n"
                                             "Demo fleet: Fleet ▸ Demo fleet."));
    } else {
        m_table->setPlaceholderText(tr("No vehicle matches the filter."));
    }
}

void VehiclesPage::onCurrentChanged()
{
    const QModelIndex current = m_table->currentIndex();
    const QString vin = current.isValid() ? current.data(VehicleTableModel::VinRole).toString() : QString();
    m_details->showVehicle(vin);
    m_remote->showVehicle(vin);
}

void VehiclesPage::showContextMenu(const QPoint &pos)
{
    const QStringList vins = selectedVins();
    if (vins.isEmpty()) {
        return;
    }
    QStringList pending;
    QStringList accepted;
    QStringList blocked;
    for (const QString &vin : vins) {
        const int row = m_model->rowOfVin(vin);
        if (row < 0) {
            continue;
        }
        const store::VehicleState state = m_model->vehicleAt(row).record.state;
        if (state == store::VehicleState::Pending) {
            pending.append(vin);
        } else if (state == store::VehicleState::Accepted) {
            accepted.append(vin);
        } else if (state == store::VehicleState::Blocked) {
            blocked.append(vin);
        }
    }
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("vehicleContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *accept =
        menu->addAction(QIcon(QStringLiteral(":/icons/accept.png")),
                        pending.size() > 1 ? tr("Accept %n registrations", nullptr, static_cast<int>(pending.size()))
                                           : tr("Accept registration"));
    accept->setObjectName(QStringLiteral("acceptVehicleAction"));
    accept->setEnabled(!pending.isEmpty());
    connect(accept, &QAction::triggered, this, [this, pending] { m_registrations.accept(pending); });
    QAction *reject =
        menu->addAction(QIcon(QStringLiteral(":/icons/reject.png")),
                        pending.size() > 1 ? tr("Reject %n registrations…", nullptr, static_cast<int>(pending.size()))
                                           : tr("Reject registration…"));
    reject->setObjectName(QStringLiteral("rejectVehicleAction"));
    reject->setEnabled(!pending.isEmpty());
    connect(reject, &QAction::triggered, this, [this, pending] { m_registrations.reject(pending, this); });
    // Blocking applies to accepted vehicles, unblocking to blocked ones; a mixed selection acts on those.
    const QString blockRefusal = m_registrations.blockRefusal();
    QAction *block = menu->addAction(
        accepted.size() > 1 ? tr("Block %n vehicles…", nullptr, static_cast<int>(accepted.size())) : tr("Block…"));
    block->setObjectName(QStringLiteral("blockVehicleAction"));
    block->setEnabled(!accepted.isEmpty() && blockRefusal.isEmpty());
    block->setToolTip(blockRefusal);
    connect(block, &QAction::triggered, this, [this, accepted] { m_registrations.block(accepted, this); });
    QAction *unblock = menu->addAction(
        blocked.size() > 1 ? tr("Unblock %n vehicles", nullptr, static_cast<int>(blocked.size())) : tr("Unblock"));
    unblock->setObjectName(QStringLiteral("unblockVehicleAction"));
    unblock->setEnabled(!blocked.isEmpty() && blockRefusal.isEmpty());
    unblock->setToolTip(blockRefusal);
    connect(unblock, &QAction::triggered, this, [this, blocked] { m_registrations.unblock(blocked); });
    menu->setToolTipsVisible(true);
    menu->addSeparator();
    QAction *update = menu->addAction(
        QIcon(QStringLiteral(":/icons/update.png")),
        vins.size() > 1 ? tr("Update %n vehicles…", nullptr, static_cast<int>(vins.size())) : tr("Update…"));
    update->setObjectName(QStringLiteral("updateVehicleAction"));
    connect(update, &QAction::triggered, this, [this, vins] { m_updates.assign(vins, 0, this); });
    QAction *command =
        menu->addAction(vins.size() > 1 ? tr("Send a command to %n vehicles…", nullptr, static_cast<int>(vins.size()))
                                        : tr("Send a command…"));
    command->setObjectName(QStringLiteral("commandVehicleAction"));
    const QString refusal = commandRefusal();
    command->setEnabled(refusal.isEmpty());
    command->setToolTip(refusal);
    connect(command, &QAction::triggered, this, &VehiclesPage::commandSelected);
    menu->addSeparator();
    QAction *copy =
        menu->addAction(vins.size() > 1 ? tr("Copy %n VINs", nullptr, static_cast<int>(vins.size())) : tr("Copy VIN"));
    connect(copy, &QAction::triggered, this, [vins] { QApplication::clipboard()->setText(vins.join(u'\n')); });
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

void VehiclesPage::refreshVisibleTimes()
{
    if (!m_table->isVisible() || m_proxy->rowCount() == 0) {
        return;
    }
    const int top = m_table->rowAt(0);
    int bottom = m_table->rowAt(m_table->viewport()->height() - 1);
    if (top < 0) {
        return;
    }
    if (bottom < 0) {
        bottom = m_proxy->rowCount() - 1;
    }
    // Visible proxy rows map to scattered source rows when sorted: notify each, a screenful at most.
    for (int row = top; row <= bottom; ++row) {
        const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        m_model->notifyLastSeenChanged(source, source);
    }
}

} // namespace flotilla::ui

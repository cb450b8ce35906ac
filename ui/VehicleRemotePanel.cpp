#include "ui/VehicleRemotePanel.h"

#include "core/Clock.h"
#include "core/omadm/Moid.h"
#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/commands/CommandService.h"
#include "server/dm/NotifyHub.h"
#include "ui/Async.h"
#include "ui/CommandController.h"
#include "ui/CommandHistoryModel.h"
#include "ui/CommandText.h"
#include "ui/DetailsPages.h"
#include "ui/DetailsTable.h"
#include "ui/PlaceholderTableView.h"
#include "ui/RefreshThrottle.h"
#include "ui/StateBadgeDelegate.h"
#include "ui/Text.h"

#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

using server::commands::CommandRecord;
using server::commands::CommandState;
using server::commands::Operation;

namespace {

constexpr int HistoryLimit = 50;
constexpr int HistoryVisibleRows = 8;
constexpr int SlotColumns = 3;

// The MO's data under its root key ("rvc", "lawmo", "diagmon"; matched case-insensitively, as
// vehicles spell it their way).
QJsonObject moRoot(const QList<store::MoSnapshot> &snapshots, omadm::MoKind kind, qint64 *receivedAtMs)
{
    const QString key = omadm::moDataRootKey(kind);
    for (const store::MoSnapshot &snapshot : snapshots) {
        if (omadm::moKind(snapshot.moid) != kind) {
            continue;
        }
        for (auto it = snapshot.data.constBegin(); it != snapshot.data.constEnd(); ++it) {
            if (it.key().compare(key, Qt::CaseInsensitive) == 0) {
                *receivedAtMs = snapshot.receivedAtMs;
                return it.value().toObject();
            }
        }
    }
    return {};
}

qint64 isoToMs(const QString &text)
{
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

QString yesNo(const QJsonValue &value, const QString &yes, const QString &no)
{
    return value.isBool() ? (value.toBool() ? yes : no) : Text::orDash({});
}

} // namespace

struct VehicleRemotePanel::Loaded
{
    Result<server::VehicleDetails> details;
    bool channelOpen = false;
    QList<CommandRecord> commands; // newest first
    QString commandsError;
};

VehicleRemotePanel::VehicleRemotePanel(server::FleetService &fleet, QThreadPool &pool, CommandController &commands,
                                       QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_commands(commands)
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_content(nullptr)
    , m_sections(nullptr)
    , m_title(nullptr)
    , m_channel(nullptr)
    , m_notice(nullptr)
    , m_climateTarget(nullptr)
    , m_lawmoLabel(nullptr)
    , m_dtcTable(nullptr)
    , m_dtcsNote(nullptr)
    , m_history(new CommandHistoryModel(Clock::system(), this))
    , m_historyView(nullptr)
{
    setObjectName(QStringLiteral("vehicleRemote"));
    connect(m_throttle, &RefreshThrottle::due, this, &VehicleRemotePanel::fetch);
    m_tick.setInterval(1s);
    connect(&m_tick, &QTimer::timeout, this, &VehicleRemotePanel::updateTimes);

    const DetailsPages pages = DetailsPages::create(this, QStringLiteral("remote"));
    m_stack = pages.stack;
    m_message = pages.message;
    m_content = pages.content;
    m_sections = pages.sections;
    m_title = pages.title; // the VIN, then the channel badge and the note that explains what it means now
    m_channel = new QLabel(m_content);
    m_channel->setObjectName(QStringLiteral("remoteChannel"));
    auto *header = new QHBoxLayout;
    header->addWidget(m_channel);
    header->addStretch(1);
    m_sections->addLayout(header);
    m_notice = new QLabel(m_content);
    m_notice->setObjectName(QStringLiteral("remoteNotice"));
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("QLabel { background: #fff4e0; border: 1px solid #e0b060;"
                                           " border-radius: 4px; padding: 6px; color: #5d4000; }"));
    m_notice->hide();
    m_sections->addWidget(m_notice);

    // Vehicle status, two fields per line.
    QGroupBox *status = addSection(tr("Vehicle status"), QStringLiteral("remoteStatusBox"));
    auto *grid = new QGridLayout(status);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setHorizontalSpacing(12);
    m_fields.locks = addStatusField(grid, 0, 0, tr("Doors"), QStringLiteral("remoteLocks"));
    m_fields.engine = addStatusField(grid, 0, 2, tr("Engine"), QStringLiteral("remoteEngine"));
    m_fields.climate = addStatusField(grid, 1, 0, tr("Climate"), QStringLiteral("remoteClimate"));
    m_fields.trunk = addStatusField(grid, 1, 2, tr("Trunk"), QStringLiteral("remoteTrunk"));
    m_fields.battery = addStatusField(grid, 2, 0, tr("Battery"), QStringLiteral("remoteBattery"));
    m_fields.speed = addStatusField(grid, 2, 2, tr("Speed"), QStringLiteral("remoteSpeed"));
    m_fields.gear = addStatusField(grid, 3, 0, tr("Gear"), QStringLiteral("remoteGear"));
    m_fields.ignition = addStatusField(grid, 3, 2, tr("Ignition"), QStringLiteral("remoteIgnition"));
    m_fields.location = new QLabel(status);
    m_fields.location->setObjectName(QStringLiteral("remoteLocation"));
    m_fields.location->setTextFormat(Qt::RichText);
    m_fields.location->setOpenExternalLinks(true);
    m_fields.location->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_fields.location->setWordWrap(true);
    grid->addWidget(new QLabel(tr("Location:"), status), 4, 0);
    grid->addWidget(m_fields.location, 4, 1, 1, 3);
    m_fields.asOf = new QLabel(status);
    m_fields.asOf->setObjectName(QStringLiteral("remoteStatusAsOf"));
    m_fields.asOf->setEnabled(false); // greyed: when, not what
    m_fields.asOf->setWordWrap(true);
    grid->addWidget(m_fields.asOf, 5, 0, 1, 4);

    // Vehicle control commands; Climate on carries its target temperature beside it.
    QGroupBox *controls = addSection(tr("Commands"), QStringLiteral("remoteCommandsBox"));
    auto *controlGrid = new QGridLayout(controls);
    m_climateTarget = new QSpinBox(controls);
    m_climateTarget->setObjectName(QStringLiteral("remoteClimateTarget"));
    m_climateTarget->setRange(server::commands::MinTargetC, server::commands::MaxTargetC);
    m_climateTarget->setValue(server::commands::DefaultTargetC);
    m_climateTarget->setSuffix(tr(" °C"));
    m_climateTarget->setToolTip(tr("Cabin temperature Climate on aims for (16-28 °C)"));
    int index = 0;
    for (const Operation operation :
         {Operation::Lock, Operation::Unlock, Operation::HornLights, Operation::OpenTrunk, Operation::ClimateOn,
          Operation::ClimateOff, Operation::EngineStart, Operation::EngineStop, Operation::Locate}) {
        addSlot(controlGrid, index++, SlotColumns, operation,
                operation == Operation::ClimateOn ? m_climateTarget : nullptr);
    }

    // LAWMO: the state and its operations; Wipe and Factory reset ask for the VIN first.
    QGroupBox *lawmo = addSection(tr("Lock and wipe (LAWMO)"), QStringLiteral("remoteLawmoBox"));
    auto *lawmoLayout = new QVBoxLayout(lawmo);
    m_lawmoLabel = new QLabel(lawmo);
    m_lawmoLabel->setObjectName(QStringLiteral("remoteLawmoState"));
    m_lawmoLabel->setWordWrap(true);
    lawmoLayout->addWidget(m_lawmoLabel);
    auto *lawmoGrid = new QGridLayout;
    lawmoLayout->addLayout(lawmoGrid);
    index = 0;
    for (const Operation operation : {Operation::FullyLock, Operation::PartiallyLock, Operation::UnLock,
                                      Operation::Wipe, Operation::FactoryReset}) {
        addSlot(lawmoGrid, index++, SlotColumns, operation);
    }

    // Diagnostic trouble codes.
    QGroupBox *dtcs = addSection(tr("Diagnostic trouble codes"), QStringLiteral("remoteDtcBox"));
    auto *dtcLayout = new QVBoxLayout(dtcs);
    m_dtcsNote = new QLabel(dtcs);
    m_dtcsNote->setObjectName(QStringLiteral("remoteDtcsNote"));
    m_dtcsNote->setWordWrap(true);
    m_dtcTable =
        DetailsTable::make({tr("Code"), tr("ECU"), tr("Status"), tr("First seen")}, QStringLiteral("remoteDtcs"), dtcs);
    dtcLayout->addWidget(m_dtcsNote);
    dtcLayout->addWidget(m_dtcTable);
    auto *dtcGrid = new QGridLayout;
    dtcLayout->addLayout(dtcGrid);
    addSlot(dtcGrid, 0, SlotColumns, Operation::ReadDtcs);
    addSlot(dtcGrid, 1, SlotColumns, Operation::ClearDtcs);

    // History: who sent what and when, newest first.
    QGroupBox *history = addSection(tr("Command history"), QStringLiteral("remoteHistoryBox"));
    auto *historyLayout = new QVBoxLayout(history);
    m_historyView = new PlaceholderTableView(history);
    m_historyView->setObjectName(QStringLiteral("remoteHistory"));
    m_historyView->setModel(m_history);
    m_historyView->setPlaceholderText(tr("No command was sent to this vehicle yet."));
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->setWordWrap(false);
    m_historyView->setTextElideMode(Qt::ElideRight);
    m_historyView->verticalHeader()->hide();
    const int rowHeight = m_historyView->fontMetrics().height() + 10;
    m_historyView->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_historyView->setItemDelegateForColumn(
        CommandHistoryModel::StateColumn,
        new StateBadgeDelegate(CommandHistoryModel::StateRole, &CommandText::stateColorOf, -1, m_historyView));
    QHeaderView *historyHeader = m_historyView->horizontalHeader();
    historyHeader->setSectionResizeMode(QHeaderView::ResizeToContents);
    historyHeader->setSectionResizeMode(CommandHistoryModel::ResultColumn, QHeaderView::Stretch);
    historyHeader->setMinimumSectionSize(40);
    m_historyView->setFixedHeight(historyHeader->sizeHint().height() + HistoryVisibleRows * rowHeight +
                                  2 * m_historyView->frameWidth());
    historyLayout->addWidget(m_historyView);
    m_sections->addStretch(1);

    connect(&m_commands, &CommandController::commandSent, this, &VehicleRemotePanel::onCommandSent);
    connect(&m_commands, &CommandController::sendFailed, this, &VehicleRemotePanel::onSendFailed);
    connect(&m_commands, &CommandController::actorChanged, this, &VehicleRemotePanel::updateButtons);
    connect(&m_fleet.eventBus(), &server::EventBus::commandsChanged, this, &VehicleRemotePanel::refreshIfShown);

    showVehicle({});
}

VehicleRemotePanel::~VehicleRemotePanel() = default;

QGroupBox *VehicleRemotePanel::addSection(const QString &title, const QString &objectName)
{
    auto *box = new QGroupBox(title, m_content);
    box->setObjectName(objectName);
    m_sections->addWidget(box);
    return box;
}

QLabel *VehicleRemotePanel::addStatusField(QGridLayout *grid, int row, int column, const QString &label,
                                           const QString &objectName)
{
    auto *parent = grid->parentWidget();
    auto *value = new QLabel(parent);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = value->font();
    bold.setBold(true);
    value->setFont(bold);
    grid->addWidget(new QLabel(label + u':', parent), row, column);
    grid->addWidget(value, row, column + 1);
    return value;
}

QWidget *VehicleRemotePanel::addSlot(QGridLayout *grid, int index, int columns, Operation operation, QWidget *extra)
{
    auto *cell = new QWidget(m_content);
    auto *layout = new QVBoxLayout(cell);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    const bool destructive = server::commands::isDestructive(operation);
    QString text = destructive ? tr("%1…").arg(CommandText::operation(operation)) : CommandText::operation(operation);
    text.replace(u'&', QStringLiteral("&&")); // "Horn & lights" is text, not a mnemonic
    auto *button = new QPushButton(text, cell);
    button->setObjectName(QStringLiteral("remote%1Button").arg(server::commands::toString(operation)));
    button->setMinimumWidth(button->fontMetrics().horizontalAdvance(text) + 40); // room for the state dot
    if (destructive) {
        button->setStyleSheet(QStringLiteral("QPushButton:enabled { color: #b71c1c; }"));
    }
    if (extra) {
        auto *row = new QHBoxLayout;
        row->setSpacing(4);
        row->addWidget(button, 1);
        extra->setParent(cell);
        row->addWidget(extra);
        layout->addLayout(row);
    } else {
        layout->addWidget(button);
    }
    auto *state = new QLabel(cell);
    state->setObjectName(QStringLiteral("remote%1State").arg(server::commands::toString(operation)));
    state->setWordWrap(true);
    QFont small = state->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    state->setFont(small);
    layout->addWidget(state);
    layout->addStretch(1);
    grid->addWidget(cell, index / columns, index % columns);
    grid->setColumnStretch(index % columns, 1);
    m_slots.append({operation, button, state});
    connect(button, &QPushButton::clicked, this, [this, operation] { send(operation); });
    return cell;
}

QPushButton *VehicleRemotePanel::button(Operation operation) const
{
    for (const Slot &slot : m_slots) {
        if (slot.operation == operation) {
            return slot.button;
        }
    }
    return nullptr;
}

void VehicleRemotePanel::showVehicle(const QString &vin)
{
    if (vin == m_vin && !vin.isEmpty()) {
        return;
    }
    m_vin = vin;
    m_haveData = false;
    m_last.clear();
    m_sending.clear();
    m_sendErrors.clear();
    m_history->clear();
    if (vin.isEmpty()) {
        showMessage(tr("Select a vehicle to see its status and send it commands."));
        return;
    }
    showMessage(tr("Loading %1…").arg(vin));
    if (isVisible()) {
        m_throttle->request();
    } else {
        m_stale = true;
    }
}

void VehicleRemotePanel::refreshIfShown(const QStringList &changedVins)
{
    if (m_vin.isEmpty() || !changedVins.contains(m_vin)) {
        return;
    }
    if (isVisible()) {
        m_throttle->request();
    } else {
        m_stale = true; // the Details tab is in front: catch up when this one is shown
    }
}

void VehicleRemotePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        m_throttle->request();
    }
    m_tick.start();
}

void VehicleRemotePanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tick.stop();
}

void VehicleRemotePanel::fetch()
{
    const QString vin = m_vin;
    if (vin.isEmpty()) {
        m_throttle->done();
        return;
    }
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, vin] {
            Loaded loaded{fleet->vehicle(vin), false, {}, {}};
            if (!loaded.details) {
                return loaded;
            }
            loaded.channelOpen = fleet->notifyHub().isOnline(loaded.details->vehicle.id);
            auto commands = fleet->commands().commandsForVehicle(vin, HistoryLimit);
            if (commands) {
                loaded.commands = std::move(*commands);
            } else {
                loaded.commandsError = commands.errorString();
            }
            return loaded;
        },
        [this, vin](const Loaded &fetched) {
            m_throttle->done();
            if (vin != m_vin) {
                return; // the selection moved on while this was loading
            }
            if (!fetched.details) {
                showMessage(fetched.details.error().code == 404
                                ? tr("Vehicle %1 is not in the store.").arg(vin)
                                : tr("Could not load %1: %2").arg(vin, fetched.details.errorString()));
                return;
            }
            apply(fetched);
            Q_EMIT loaded(vin);
        });
}

void VehicleRemotePanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentIndex(0);
}

void VehicleRemotePanel::apply(const Loaded &loaded)
{
    const server::VehicleDetails &details = *loaded.details;
    m_haveData = true;
    m_vehicle = details.vehicle;
    m_channelOpen = loaded.channelOpen;

    m_statusAtMs = 0;
    m_status = moRoot(details.snapshots, omadm::MoKind::VehicleControl, &m_statusAtMs).value(u"Status").toObject();
    m_lawmoAtMs = 0;
    const QJsonObject lawmo = moRoot(details.snapshots, omadm::MoKind::Lawmo, &m_lawmoAtMs);
    m_lawmoState = lawmo.contains(u"State") ? std::optional<int>(lawmo.value(u"State").toInt()) : std::nullopt;
    m_dtcsAtMs = 0;
    const QJsonObject diagmon = moRoot(details.snapshots, omadm::MoKind::DiagMon, &m_dtcsAtMs);
    m_dtcs = diagmon.value(u"DTC").toArray();
    if (!diagmon.contains(u"DTC")) {
        m_dtcsAtMs = 0;
    }
    // Every command is followed by a read of the state it produced (docs/protocol-notes.md
    // "Remote commands"), kept with the command: newer than the last inventory read, usually.
    const auto newestResult = [&loaded](omadm::MoKind kind, const QString &node, qint64 *atMs) -> QJsonValue {
        for (const CommandRecord &command : loaded.commands) { // newest first
            const QJsonValue value = command.result.value(node);
            if (server::commands::moOf(command.operation) != kind || value.isUndefined()) {
                continue;
            }
            const qint64 at = command.finishedAtMs > 0 ? command.finishedAtMs : command.sentAtMs;
            if (at > *atMs) {
                *atMs = at;
                return value;
            }
            return {}; // the newest answer is older than the snapshot
        }
        return {};
    };
    if (const QJsonValue status = newestResult(omadm::MoKind::VehicleControl, QStringLiteral("Status"), &m_statusAtMs);
        status.isObject()) {
        m_status = status.toObject();
    }
    if (const QJsonValue state = newestResult(omadm::MoKind::Lawmo, QStringLiteral("State"), &m_lawmoAtMs);
        state.isDouble()) {
        m_lawmoState = state.toInt();
    }
    if (const QJsonValue dtcs = newestResult(omadm::MoKind::DiagMon, QStringLiteral("DTC"), &m_dtcsAtMs);
        dtcs.isArray()) {
        m_dtcs = dtcs.toArray();
    }

    if (loaded.commandsError.isEmpty()) {
        m_history->setCommands(loaded.commands);
        m_historyView->setPlaceholderText(tr("No command was sent to this vehicle yet."));
    } else {
        m_history->clear();
        m_historyView->setPlaceholderText(tr("Could not load the commands: %1").arg(loaded.commandsError));
    }
    // Newest first: the first of each operation is its last result.
    m_last.clear();
    for (auto it = loaded.commands.crbegin(); it != loaded.commands.crend(); ++it) {
        rememberLast(*it);
    }

    if (m_climateInitialisedFor != m_vin) {
        // The vehicle's own target is the likeliest next wish; later edits are the operator's.
        m_climateInitialisedFor = m_vin;
        const QJsonValue target = m_status.value(u"Climate").toObject().value(u"TargetC");
        m_climateTarget->setValue(target.isDouble() ? qRound(target.toDouble()) : server::commands::DefaultTargetC);
    }

    m_title->setText(m_vin);
    showStatus();
    showDtcs();
    updateButtons();
    m_stack->setCurrentIndex(1);
}

void VehicleRemotePanel::rememberLast(const CommandRecord &command)
{
    const int key = static_cast<int>(command.operation);
    const auto it = m_last.constFind(key);
    if (it == m_last.cend() || it->id <= command.id) {
        m_last.insert(key, command);
    }
}

void VehicleRemotePanel::showStatus()
{
    const qint64 now = Clock::system().nowMs();
    const bool known = !m_status.isEmpty();
    const QString dash = Text::orDash({});
    m_fields.locks->setText(known ? yesNo(m_status.value(u"Locked"), tr("locked"), tr("unlocked")) : dash);
    const QString engine = m_status.value(u"Engine").toString();
    m_fields.engine->setText(engine == u"on" ? tr("running") : engine == u"off" ? tr("off") : Text::orDash(engine));
    const QJsonObject climate = m_status.value(u"Climate").toObject();
    if (climate.isEmpty()) {
        m_fields.climate->setText(dash);
    } else if (climate.value(u"On").toBool()) {
        m_fields.climate->setText(tr("on, %1 °C").arg(climate.value(u"TargetC").toDouble()));
    } else {
        m_fields.climate->setText(tr("off"));
    }
    const QString trunk = m_status.value(u"Trunk").toString();
    m_fields.trunk->setText(trunk == u"open" ? tr("open") : trunk == u"closed" ? tr("closed") : Text::orDash(trunk));
    const QJsonValue battery = m_status.value(u"BatteryPct");
    m_fields.battery->setText(battery.isDouble() ? tr("%1 %").arg(battery.toInt()) : dash);
    const QJsonValue speed = m_status.value(u"SpeedKmh");
    m_fields.speed->setText(speed.isDouble() ? tr("%1 km/h").arg(speed.toDouble()) : dash);
    m_fields.gear->setText(Text::orDash(m_status.value(u"Gear").toString()));
    m_fields.ignition->setText(known ? yesNo(m_status.value(u"Ignition"), tr("on"), tr("off")) : dash);

    // The location: the newer of the last status report and the last Locate's answer.
    const QJsonObject reported = m_status.value(u"Location").toObject();
    std::optional<std::pair<double, double>> where;
    qint64 locatedAtMs = 0;
    if (reported.contains(u"Lat") && reported.contains(u"Lon")) {
        where = std::pair{reported.value(u"Lat").toDouble(), reported.value(u"Lon").toDouble()};
        locatedAtMs = isoToMs(reported.value(u"TimeUtc").toString());
        if (locatedAtMs == 0) {
            locatedAtMs = m_statusAtMs;
        }
    }
    if (const auto it = m_last.constFind(static_cast<int>(Operation::Locate));
        it != m_last.cend() && it->state == CommandState::Succeeded) {
        const QJsonObject located = it->result.value(u"Location").toObject();
        const qint64 at = isoToMs(located.value(u"TimeUtc").toString());
        const qint64 answeredAt = at > 0 ? at : it->finishedAtMs;
        if (located.contains(u"Lat") && located.contains(u"Lon") && answeredAt >= locatedAtMs) {
            where = std::pair{located.value(u"Lat").toDouble(), located.value(u"Lon").toDouble()};
            locatedAtMs = answeredAt;
        }
    }
    if (where) {
        m_fields.location->setText(
            tr("<b>%1</b> · <a href=\"%2\">map</a> · %3")
                .arg(CommandText::coordinates(where->first, where->second),
                     CommandText::mapUrl(where->first, where->second),
                     locatedAtMs > 0 ? tr("located %1").arg(Text::relativeTime(locatedAtMs, now)) : QString()));
        m_fields.location->setToolTip(tr("Open the position on openstreetmap.org"));
    } else {
        m_fields.location->setText(dash);
        m_fields.location->setToolTip({});
    }

    m_fields.asOf->setText(m_statusAtMs > 0
                               ? tr("As reported by the vehicle at %1 (%2).")
                                     .arg(Text::dateTime(m_statusAtMs), Text::relativeTime(m_statusAtMs, now))
                               : tr("The vehicle has not reported its status yet; it does with its "
                                    "first full inventory or after a command."));

    // LAWMO
    if (m_lawmoState) {
        m_lawmoLabel->setText(tr("State: <b>%1</b> (%2) · as of %3")
                                  .arg(CommandText::lawmoState(*m_lawmoState))
                                  .arg(*m_lawmoState)
                                  .arg(Text::relativeTime(m_lawmoAtMs, now)));
    } else {
        m_lawmoLabel->setText(tr("State: not reported yet"));
    }

    // Channel badge
    const QColor color = m_channelOpen ? QColor(0x2e, 0x7d, 0x32) : QColor(0x61, 0x61, 0x61);
    m_channel->setText(m_channelOpen ? tr("● Channel online") : tr("○ Channel offline"));
    m_channel->setToolTip(m_channelOpen ? tr("The vehicle keeps its notification channel open: a command reaches it "
                                             "within a second")
                                        : tr("The vehicle has no notification channel open: a command waits for its "
                                             "next check-in"));
    m_channel->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 9px;"
                                            " padding: 2px 10px; font-weight: bold; }")
                                 .arg(color.name()));
}

void VehicleRemotePanel::showDtcs()
{
    const qint64 atMs = m_dtcsAtMs;
    QList<QStringList> rows;
    for (const QJsonValue &value : std::as_const(m_dtcs)) {
        const QJsonObject dtc = value.toObject();
        const qint64 firstSeen = isoToMs(dtc.value(u"FirstSeenUtc").toString());
        rows.append({dtc.value(u"Code").toString(), dtc.value(u"Ecu").toString(), dtc.value(u"Status").toString(),
                     firstSeen > 0 ? Text::dateTime(firstSeen) : dtc.value(u"FirstSeenUtc").toString()});
    }
    DetailsTable::setRows(m_dtcTable, rows);
    m_dtcTable->setVisible(!rows.isEmpty());
    const qint64 now = Clock::system().nowMs();
    if (atMs <= 0) {
        m_dtcsNote->setText(tr("The vehicle has not reported its trouble codes yet: Read DTCs asks for them."));
    } else if (rows.isEmpty()) {
        m_dtcsNote->setText(tr("No trouble codes stored (as of %1).").arg(Text::relativeTime(atMs, now)));
    } else {
        m_dtcsNote->setText(tr("%1 stored, as of %2.")
                                .arg(CommandText::troubleCodes(static_cast<int>(rows.size())))
                                .arg(Text::relativeTime(atMs, now)));
    }
}

void VehicleRemotePanel::updateButtons()
{
    const qint64 now = Clock::system().nowMs();
    const bool accepted = m_haveData && m_vehicle.state == store::VehicleState::Accepted;
    const bool mayCommand = m_commands.allows(Operation::Lock);
    // "60 s" rather than Text::duration's "1 min 0 s": the number operators know from the docs.
    const QString expiry = tr("%1 s").arg(server::commands::DefaultExpiryMs / 1000);

    // The note above everything: what keeps the operator from commanding this vehicle, else
    // what an offline channel means for the next command.
    QString notice;
    if (m_haveData && !accepted) {
        notice =
            tr("This vehicle is %1: only accepted vehicles take commands.").arg(Text::vehicleState(m_vehicle.state));
    } else if (m_haveData && !mayCommand) {
        notice = m_commands.refusal(Operation::Lock) + u'.';
    } else if (m_haveData && !m_channelOpen) {
        notice = tr("The vehicle's notification channel is offline: a command will run at its next check-in, and "
                    "expires in %1 if that does not come first.")
                     .arg(expiry);
    }
    m_notice->setText(notice);
    m_notice->setVisible(!notice.isEmpty());

    for (const Slot &slot : std::as_const(m_slots)) {
        const int key = static_cast<int>(slot.operation);
        QString why;
        if (!m_haveData) {
            why = tr("Loading the vehicle…");
        } else if (!accepted) {
            why = tr("Only accepted vehicles take commands; this one is %1").arg(Text::vehicleState(m_vehicle.state));
        } else if (const QString refusal = m_commands.refusal(slot.operation); !refusal.isEmpty()) {
            why = refusal;
        } else if (m_sending.contains(key)) {
            why = tr("Sending…");
        }
        slot.button->setEnabled(why.isEmpty());

        const auto last = m_last.constFind(key);
        QStringList tip;
        tip.append(why.isEmpty() ? CommandText::operationToolTip(slot.operation) : why);
        if (why.isEmpty() && !m_channelOpen) {
            tip.append(tr("The channel is offline: it will run at the vehicle's next check-in, and expires in %1 if "
                          "that does not come first.")
                           .arg(expiry));
        }
        if (last != m_last.cend()) {
            tip.append(QString());
            tip.append(tr("Last time:"));
            tip.append(CommandText::details(*last, now));
        }
        slot.button->setToolTip(tip.join(u'\n'));
        slot.button->setIcon(last != m_last.cend() ? CommandText::stateIcon(last->state) : QIcon());
    }
    updateTimes();
}

void VehicleRemotePanel::updateTimes()
{
    if (!m_haveData) {
        return;
    }
    const qint64 now = Clock::system().nowMs();
    for (const Slot &slot : std::as_const(m_slots)) {
        const int key = static_cast<int>(slot.operation);
        if (m_sending.contains(key)) {
            slot.state->setText(tr("sending…"));
            slot.state->setStyleSheet({});
            continue;
        }
        if (const auto error = m_sendErrors.constFind(key); error != m_sendErrors.cend()) {
            slot.state->setText(tr("not sent: %1").arg(*error));
            slot.state->setToolTip(*error);
            slot.state->setStyleSheet(
                QStringLiteral("color: %1;").arg(CommandText::stateColorOf(CommandText::NotSentState).name()));
            continue;
        }
        const auto last = m_last.constFind(key);
        if (last == m_last.cend()) {
            slot.state->setText(tr("not sent yet"));
            slot.state->setStyleSheet(QStringLiteral("color: palette(mid);"));
            slot.state->setToolTip({});
            continue;
        }
        const CommandRecord &command = *last;
        QString text = CommandText::state(command.state);
        const bool withReason = command.state == CommandState::Failed || command.state == CommandState::Refused ||
                                command.state == CommandState::Expired;
        if (withReason && !command.reason.isEmpty()) {
            text = tr("%1: %2").arg(text, command.reason);
        } else if (command.state == CommandState::Failed && command.resultCode != 0) {
            text = tr("%1 (%2)").arg(text).arg(command.resultCode);
        }
        if (command.state == CommandState::Queued && command.expiresAtMs > now) {
            text = tr("%1 · expires in %2").arg(text, Text::duration(command.expiresAtMs - now));
        } else {
            const qint64 at = std::max({command.createdAtMs, command.sentAtMs, command.finishedAtMs});
            text = tr("%1 · %2").arg(text, Text::relativeTime(at, now));
        }
        slot.state->setText(text);
        slot.state->setToolTip(CommandText::details(command, now));
        slot.state->setStyleSheet(QStringLiteral("color: %1;").arg(CommandText::stateColor(command.state).name()));
    }
    // "as of" lines age too.
    if (m_statusAtMs > 0) {
        m_fields.asOf->setText(tr("As reported by the vehicle at %1 (%2).")
                                   .arg(Text::dateTime(m_statusAtMs), Text::relativeTime(m_statusAtMs, now)));
    }
}

void VehicleRemotePanel::send(Operation operation)
{
    if (m_vin.isEmpty() || !m_haveData) {
        return;
    }
    if (server::commands::isDestructive(operation)) {
        m_commands.confirmDestructive(m_vin, operation, this);
        return;
    }
    server::commands::SendRequest request;
    request.operation = operation;
    if (operation == Operation::ClimateOn) {
        request.arguments.insert(QStringLiteral("TargetC"), m_climateTarget->value());
    }
    m_sending.insert(static_cast<int>(operation));
    m_sendErrors.remove(static_cast<int>(operation));
    updateButtons();
    m_commands.send(m_vin, request);
}

void VehicleRemotePanel::onCommandSent(const CommandRecord &command)
{
    if (command.vin != m_vin) {
        return;
    }
    // Shown at once; the store's event refreshes the rest a moment later.
    m_sending.remove(static_cast<int>(command.operation));
    m_sendErrors.remove(static_cast<int>(command.operation));
    m_history->upsert(command);
    rememberLast(command);
    updateButtons();
}

void VehicleRemotePanel::onSendFailed(const QString &vin, int operation, const QString &error)
{
    if (vin != m_vin) {
        return;
    }
    m_sending.remove(operation);
    m_sendErrors.insert(operation, error); // shown until the next send of it
    updateButtons();
}

} // namespace flotilla::ui

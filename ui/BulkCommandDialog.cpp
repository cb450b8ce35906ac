#include "ui/BulkCommandDialog.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/commands/CommandService.h"
#include "ui/Async.h"
#include "ui/BulkCommandModel.h"
#include "ui/CampaignModels.h"
#include "ui/CommandText.h"
#include "ui/RefreshThrottle.h"
#include "ui/StateBadgeDelegate.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

using server::commands::CommandRecord;
using server::commands::CommandState;
using server::commands::Operation;

BulkCommandDialog::BulkCommandDialog(server::FleetService &fleet, QThreadPool &pool, server::campaigns::Actor actor,
                                     QStringList vins, int channelsOnline, QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_actor(std::move(actor))
    , m_vins(std::move(vins))
    , m_vinSet(m_vins.cbegin(), m_vins.cend())
    , m_throttle(new RefreshThrottle(250ms, this))
    , m_pages(new QStackedWidget(this))
    , m_operation(new QComboBox(this))
    , m_temperature(new QSpinBox(this))
    , m_temperatureLabel(new QLabel(tr("Target temperature:"), this))
    , m_expiry(new QComboBox(this))
    , m_operationHelp(new QLabel(this))
    , m_chooserMessage(new QLabel(this))
    , m_send(new QPushButton(this))
    , m_title(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_model(new BulkCommandModel(Clock::system(), this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("bulkCommandDialog"));
    const auto total = static_cast<int>(m_vins.size());
    setWindowTitle(tr("Send a command to %1").arg(CommandText::vehicles(total)));

    // ----- page 1: what to send -----
    auto *chooser = new QWidget(m_pages);
    auto *intro = new QLabel(tr("Send one command to the selected %1. Each vehicle gets its own command and "
                                "answers for itself; a vehicle whose state forbids the command refuses it.")
                                 .arg(CommandText::vehicles(total)),
                             chooser);
    intro->setWordWrap(true);
    m_operation->setObjectName(QStringLiteral("bulkOperationCombo"));
    const auto addOperations = [this](std::initializer_list<Operation> operations) {
        for (const Operation operation : operations) {
            m_operation->addItem(CommandText::operation(operation), static_cast<int>(operation));
            m_operation->setItemData(m_operation->count() - 1, CommandText::operationToolTip(operation),
                                     Qt::ToolTipRole);
        }
    };
    addOperations({Operation::Lock, Operation::Unlock, Operation::HornLights, Operation::OpenTrunk,
                   Operation::ClimateOn, Operation::ClimateOff, Operation::EngineStart, Operation::EngineStop,
                   Operation::Locate});
    m_operation->insertSeparator(m_operation->count());
    addOperations({Operation::FullyLock, Operation::PartiallyLock, Operation::UnLock});
    m_operation->insertSeparator(m_operation->count());
    addOperations({Operation::ReadDtcs, Operation::ClearDtcs});
    m_operationHelp->setObjectName(QStringLiteral("bulkOperationHelp"));
    m_operationHelp->setWordWrap(true);
    m_operationHelp->setEnabled(false); // greyed: an explanation, not a value

    m_temperature->setObjectName(QStringLiteral("bulkTemperatureSpin"));
    m_temperature->setRange(server::commands::MinTargetC, server::commands::MaxTargetC);
    m_temperature->setValue(server::commands::DefaultTargetC);
    m_temperature->setSuffix(tr(" °C"));
    m_temperature->setToolTip(tr("Cabin temperature the climate control aims for (16-28 °C)"));

    m_expiry->setObjectName(QStringLiteral("bulkExpiryCombo"));
    m_expiry->setToolTip(tr("A vehicle that does not take the command within this time never runs it"));
    for (const auto &[label, ms] :
         {std::pair{tr("1 minute"), qint64(60'000)}, std::pair{tr("5 minutes"), qint64(5 * 60'000)},
          std::pair{tr("15 minutes"), qint64(15 * 60'000)}, std::pair{tr("1 hour"), qint64(3600'000)},
          std::pair{tr("24 hours"), server::commands::MaxExpiryMs}}) {
        m_expiry->addItem(label, ms);
    }

    auto *channels = new QLabel(chooser);
    channels->setObjectName(QStringLiteral("bulkChannelNote"));
    channels->setWordWrap(true);
    channels->setText(channelsOnline >= total
                          ? tr("Every selected vehicle has its notification channel online: they get the command "
                               "at once.")
                          : tr("%1 of %2 vehicles have their notification channel online and get the command at "
                               "once; the others get it at their next check-in, if that comes before it expires.")
                                .arg(channelsOnline)
                                .arg(total));

    m_chooserMessage->setObjectName(QStringLiteral("bulkChooserMessage"));
    m_chooserMessage->setWordWrap(true);
    m_chooserMessage->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_chooserMessage->hide();

    auto *temperatureRow = new QHBoxLayout;
    temperatureRow->addWidget(m_temperature);
    temperatureRow->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(tr("Command:"), m_operation);
    form->addRow(QString(), m_operationHelp);
    form->addRow(m_temperatureLabel, temperatureRow);
    form->addRow(tr("Expires after:"), m_expiry);
    auto *chooserLayout = new QVBoxLayout(chooser);
    chooserLayout->addWidget(intro);
    chooserLayout->addSpacing(6);
    chooserLayout->addLayout(form);
    chooserLayout->addWidget(channels);
    chooserLayout->addWidget(m_chooserMessage);
    chooserLayout->addStretch(1);
    m_pages->addWidget(chooser);

    // ----- page 2: how each vehicle answers -----
    auto *results = new QWidget(m_pages);
    m_title->setObjectName(QStringLiteral("bulkTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_counts->setObjectName(QStringLiteral("bulkCounts"));
    m_counts->setWordWrap(true);
    m_progress->setObjectName(QStringLiteral("bulkProgress"));
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("%v of %m finished"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BulkCommandModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(QStringLiteral("bulkResultsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BulkCommandModel::VinColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(BulkCommandModel::ResultColumn, QHeaderView::Stretch);
    m_table->setItemDelegateForColumn(
        BulkCommandModel::StateColumn,
        new StateBadgeDelegate(BulkCommandModel::StateRole, &CommandText::stateColorOf, -1, m_table));
    const QFontMetrics metrics = m_table->fontMetrics();
    m_table->setColumnWidth(BulkCommandModel::VinColumn,
                            metrics.horizontalAdvance(QStringLiteral("WVWZZZ1JZXW000000")) + 16);
    m_table->setColumnWidth(BulkCommandModel::StateColumn, metrics.horizontalAdvance(tr("accepted")) + 40);
    m_table->setColumnWidth(BulkCommandModel::UpdatedColumn,
                            metrics.horizontalAdvance(QStringLiteral("2025-01-01 00:00:00")) + 16);
    auto *resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addWidget(m_title);
    resultsLayout->addWidget(m_counts);
    resultsLayout->addWidget(m_progress);
    resultsLayout->addWidget(m_table, 1);
    m_pages->addWidget(results);

    // ----- buttons -----
    m_send->setObjectName(QStringLiteral("bulkSendButton"));
    m_send->setDefault(true);
    m_close->setObjectName(QStringLiteral("bulkCloseButton"));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_send, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(m_send, &QPushButton::clicked, this, &BulkCommandDialog::sendToAll);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_operation, &QComboBox::currentIndexChanged, this, &BulkCommandDialog::updateChooser);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);

    connect(m_throttle, &RefreshThrottle::due, this, &BulkCommandDialog::fetch);
    // Commands that expire unseen are moved by the engine's ticker, whose event the bus carries
    // too; the slow refresh only covers an event this dialog missed while its fetch ran.
    m_safetyRefresh.setInterval(5s);
    connect(&m_safetyRefresh, &QTimer::timeout, m_throttle, &RefreshThrottle::request);

    updateChooser();
    resize(720, 520);
}

BulkCommandDialog::~BulkCommandDialog() = default;

void BulkCommandDialog::setOperation(Operation operation)
{
    const int index = m_operation->findData(static_cast<int>(operation));
    if (index >= 0) {
        m_operation->setCurrentIndex(index);
    }
}

Operation BulkCommandDialog::operation() const
{
    return static_cast<Operation>(m_operation->currentData().toInt());
}

void BulkCommandDialog::updateChooser()
{
    const Operation chosen = operation();
    m_operationHelp->setText(CommandText::operationToolTip(chosen));
    const bool climate = chosen == Operation::ClimateOn;
    m_temperature->setVisible(climate);
    m_temperatureLabel->setVisible(climate);
    const auto total = static_cast<int>(m_vins.size());
    m_send->setText(tr("Send to %1").arg(CommandText::vehicles(total)));
    const bool allowed =
        !m_actor.name.isEmpty() && server::campaigns::allows(m_actor.role, server::commands::permissionFor(chosen));
    m_send->setEnabled(allowed && !m_busy && total > 0);
    if (!allowed) {
        m_send->setToolTip(m_actor.name.isEmpty()
                               ? tr("Log in to send commands")
                               : tr("Sending commands needs the engineer or administrator role; you are %1 (%2)")
                                     .arg(m_actor.name, CampaignText::role(m_actor.role)));
    } else {
        m_send->setToolTip(tr("Queue %1 for every selected vehicle").arg(CommandText::operation(chosen)));
    }
}

void BulkCommandDialog::sendToAll()
{
    if (m_busy || isSent()) {
        return;
    }
    server::commands::SendRequest request;
    request.operation = operation();
    if (request.operation == Operation::ClimateOn) {
        request.arguments.insert(QStringLiteral("TargetC"), m_temperature->value());
    }
    request.expiryMs = m_expiry->currentData().toLongLong();
    m_busy = true;
    m_chooserMessage->hide();
    m_send->setEnabled(false);
    m_send->setText(tr("Sending…"));
    m_operation->setEnabled(false);

    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, vins = m_vins, request, actor = m_actor] { return fleet->commands().sendBulk(vins, request, actor); },
        [this, request](const Result<QList<server::commands::BulkEntry>> &result) {
            m_busy = false;
            const QString name = CommandText::operation(request.operation);
            if (!result) {
                m_operation->setEnabled(true);
                updateChooser();
                m_chooserMessage->setText(tr("The server did not send the command: %1").arg(result.errorString()));
                m_chooserMessage->show();
                Q_EMIT failed(tr("Could not send %1 to the selected vehicles: %2").arg(name, result.errorString()));
                return;
            }
            for (const server::commands::BulkEntry &entry : *result) {
                if (entry.command && entry.command->bulkId > 0) {
                    m_bulkId = entry.command->bulkId;
                    break;
                }
            }
            const QString count = CommandText::vehicles(static_cast<int>(result->size()));
            QString title = tr("%1 → %2").arg(name, count);
            if (const QString args = CommandText::arguments(request.operation, request.arguments); !args.isEmpty()) {
                title = tr("%1 (%2) → %3").arg(name, args, count);
            }
            m_title->setText(title);
            m_model->setEntries(*result);
            m_pages->setCurrentIndex(1);
            m_send->hide();
            m_close->setDefault(true);
            updateCounts();
            Q_EMIT message(tr("%1 queued for %2.")
                               .arg(name, CommandText::vehicles(m_model->counts().total - m_model->counts().notSent)));
            if (m_bulkId > 0 && !m_model->isFinished()) {
                connect(&m_fleet.eventBus(), &server::EventBus::commandsChanged, this,
                        &BulkCommandDialog::onCommandsChanged);
                m_safetyRefresh.start();
                m_throttle->request(); // states that moved while the answer travelled
            }
        });
}

void BulkCommandDialog::onCommandsChanged(const QStringList &vins)
{
    for (const QString &vin : vins) {
        if (m_vinSet.contains(vin)) {
            m_throttle->request();
            return;
        }
    }
}

void BulkCommandDialog::fetch()
{
    if (m_bulkId <= 0) {
        m_throttle->done();
        return;
    }
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, bulkId = m_bulkId] { return fleet->commands().commandsOfBulk(bulkId); },
        [this](const Result<QList<CommandRecord>> &result) {
            m_throttle->done();
            if (!result) {
                Q_EMIT failed(tr("Could not refresh the bulk command: %1").arg(result.errorString()));
                return;
            }
            m_model->updateCommands(*result);
            updateCounts();
            if (m_model->isFinished()) {
                m_safetyRefresh.stop();
            }
        });
}

void BulkCommandDialog::updateCounts()
{
    const BulkCommandModel::Counts counts = m_model->counts();
    QStringList parts;
    parts.append(CommandText::vehicles(counts.total));
    const auto add = [&parts](int n, const QString &word) {
        if (n > 0) {
            parts.append(tr("%1 %2").arg(n).arg(word));
        }
    };
    add(counts.of(CommandState::Succeeded), CommandText::state(CommandState::Succeeded));
    add(counts.of(CommandState::Failed), CommandText::state(CommandState::Failed));
    add(counts.of(CommandState::Refused), CommandText::state(CommandState::Refused));
    add(counts.of(CommandState::Expired), CommandText::state(CommandState::Expired));
    add(counts.of(CommandState::Cancelled), CommandText::state(CommandState::Cancelled));
    add(counts.of(CommandState::Queued), CommandText::state(CommandState::Queued));
    add(counts.of(CommandState::Sent), CommandText::state(CommandState::Sent));
    add(counts.of(CommandState::Accepted), CommandText::state(CommandState::Accepted));
    add(counts.notSent, tr("not sent"));
    m_counts->setText(parts.join(QStringLiteral(" · ")));
    m_progress->setMaximum(std::max(counts.total, 1));
    m_progress->setValue(counts.finished);
}

} // namespace flotilla::ui

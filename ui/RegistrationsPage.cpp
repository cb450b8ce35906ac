#include "ui/RegistrationsPage.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/PlaceholderTableView.h"
#include "ui/RefreshThrottle.h"
#include "ui/RegistrationController.h"
#include "ui/RegistrationTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

RegistrationsPage::RegistrationsPage(server::FleetService &fleet, QThreadPool &pool, RegistrationController &controller,
                                     QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_controller(controller)
    , m_throttle(new RefreshThrottle(100ms, this))
    , m_model(new RegistrationTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new PlaceholderTableView(this))
    , m_accept(new QPushButton(QIcon(QStringLiteral(":/icons/accept.png")), tr("&Accept"), this))
    , m_reject(new QPushButton(QIcon(QStringLiteral(":/icons/reject.png")), tr("&Reject…"), this))
{
    setObjectName(QStringLiteral("registrationsPage"));
    connect(m_throttle, &RefreshThrottle::due, this, &RegistrationsPage::fetch);

    auto *intro = new QLabel(tr("Vehicles that registered without a valid enrollment proof wait here. Accept a "
                                "vehicle you recognise: it receives its token the next time it registers. Reject "
                                "the others; their requests are refused from then on."),
                             this);
    intro->setWordWrap(true);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RegistrationTableModel::SortRole);
    m_table->setObjectName(QStringLiteral("registrationsView"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RegistrationTableModel::RequestedColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics metrics = m_table->fontMetrics();
    m_table->setColumnWidth(RegistrationTableModel::VinColumn,
                            metrics.horizontalAdvance(QStringLiteral("WVWZZZ1JZXW000000")) + 24);
    m_table->setColumnWidth(RegistrationTableModel::DevIdColumn,
                            metrics.horizontalAdvance(QStringLiteral("HU-7731-0000")) + 24);
    m_table->setColumnWidth(RegistrationTableModel::ModelColumn,
                            metrics.horizontalAdvance(QStringLiteral("model-number")) + 24);
    m_table->setColumnWidth(RegistrationTableModel::ProofColumn,
                            metrics.horizontalAdvance(QStringLiteral("invalid")) + 40);
    m_table->setColumnWidth(RegistrationTableModel::RequestedColumn,
                            metrics.horizontalAdvance(QStringLiteral("2026-01-01 00:00:00")) + 24);
    m_table->setPlaceholderText(tr("No registration requests are waiting.\nVehicles that register with a valid "
                                   "enrollment proof are accepted automatically."));

    m_accept->setObjectName(QStringLiteral("acceptRegistrationButton"));
    m_accept->setToolTip(tr("Accept the selected vehicles (Ctrl+Return)"));
    m_accept->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_reject->setObjectName(QStringLiteral("rejectRegistrationButton"));
    m_reject->setToolTip(tr("Reject the selected vehicles; you will be asked for a reason (Delete)"));
    m_reject->setShortcut(QKeySequence(Qt::Key_Delete));
    connect(m_accept, &QPushButton::clicked, this, [this] { m_controller.accept(selectedVins()); });
    connect(m_reject, &QPushButton::clicked, this, [this] { m_controller.reject(selectedVins(), this); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_accept);
    buttons->addWidget(m_reject);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RegistrationsPage::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RegistrationsPage::updateButtons);
    // A decision also changes the list; do not wait for the engine's event to show it.
    connect(&m_controller, &RegistrationController::decided, m_throttle, &RefreshThrottle::request);
    updateButtons();
}

RegistrationsPage::~RegistrationsPage() = default;

void RegistrationsPage::start()
{
    connect(&m_fleet.eventBus(), &server::EventBus::registrationsChanged, m_throttle, &RefreshThrottle::request);
    m_throttle->request();
}

int RegistrationsPage::pendingCount() const
{
    return m_model->rowCount();
}

QStringList RegistrationsPage::selectedVins() const
{
    QStringList vins;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(RegistrationTableModel::VinColumn);
    for (const QModelIndex &index : rows) {
        const QString vin = index.data(RegistrationTableModel::VinRole).toString();
        if (!vins.contains(vin)) {
            vins.append(vin);
        }
    }
    return vins;
}

void RegistrationsPage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("registrations/header"), m_table->horizontalHeader()->saveState());
}

void RegistrationsPage::restoreState(const QSettings &settings)
{
    m_columnsFitted =
        m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("registrations/header")).toByteArray());
}

void RegistrationsPage::fetch()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->registrations(store::RegistrationState::Pending); },
        [this](Result<QList<store::RegistrationRecord>> result) {
            m_throttle->done();
            if (!result) {
                Q_EMIT errorOccurred(tr("Could not load registration requests: %1").arg(result.errorString()));
                return;
            }
            m_model->setRegistrations(*result);
            if (!m_columnsFitted && m_model->rowCount() > 0) {
                m_columnsFitted = true; // once: later requests must not make the columns jump
                for (const int column : {RegistrationTableModel::DevIdColumn, RegistrationTableModel::ModelColumn}) {
                    m_table->resizeColumnToContents(column);
                }
            }
            updateButtons();
            if (m_model->rowCount() != m_lastCount) {
                m_lastCount = m_model->rowCount();
                Q_EMIT pendingCountChanged(m_lastCount);
            }
        });
}

void RegistrationsPage::updateButtons()
{
    const bool any = m_table->selectionModel()->hasSelection();
    m_accept->setEnabled(any);
    m_reject->setEnabled(any);
}

} // namespace flotilla::ui

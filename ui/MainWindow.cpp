#include "ui/MainWindow.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/CampaignModels.h"
#include "ui/CampaignsPage.h"
#include "ui/CommandController.h"
#include "ui/EnrollmentKeyDialog.h"
#include "ui/EventsPage.h"
#include "ui/NavigationDelegate.h"
#include "ui/RefreshThrottle.h"
#include "ui/RegistrationController.h"
#include "ui/RegistrationsPage.h"
#include "ui/ReleasesPage.h"
#include "ui/ServerStatusDialog.h"
#include "ui/SigningKeysDialog.h"
#include "ui/UpdateController.h"
#include "ui/VehicleTableModel.h"
#include "ui/VehiclesPage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

using namespace std::chrono_literals;

namespace flotilla::ui {

namespace {

QString operatorNameFromEnvironment()
{
    for (const char *variable : {"USER", "USERNAME", "LOGNAME"}) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty()) {
            return name;
        }
    }
    return QStringLiteral("operator");
}

QIcon navigationIcon(const QString &name)
{
    QIcon icon;
    icon.addFile(QStringLiteral(":/icons/%1.png").arg(name), QSize(24, 24));
    icon.addFile(QStringLiteral(":/icons/%1@2x.png").arg(name), QSize(48, 48));
    return icon;
}

QIcon applicationIcon()
{
    QIcon icon = navigationIcon(QStringLiteral("flotilla"));
    icon.addFile(QStringLiteral(":/icons/flotilla-256.png"), QSize(256, 256)); // About box, task switchers
    return icon;
}

} // namespace

MainWindow::MainWindow(server::FleetService &fleet, QWidget *parent)
    : QMainWindow(parent)
    , m_fleet(fleet)
    , m_registrationController(new RegistrationController(fleet, m_pool, operatorNameFromEnvironment(), this))
    , m_updateController(new UpdateController(fleet, m_pool, m_registrationController->operatorName(), this))
    , m_commandController(new CommandController(fleet, m_pool, this))
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_vehicles(new VehiclesPage(fleet, m_pool, *m_registrationController, *m_updateController, *m_commandController,
                                  m_pages))
    , m_registrations(new RegistrationsPage(fleet, m_pool, *m_registrationController, m_pages))
    , m_events(new EventsPage(fleet, m_pool, m_pages))
    , m_releases(new ReleasesPage(fleet, m_pool, m_registrationController->operatorName(), m_pages))
    , m_campaigns(new CampaignsPage(fleet, m_pool, m_pages))
    , m_statusThrottle(new RefreshThrottle(500ms, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Flotilla"));
    setWindowIcon(applicationIcon());
    // Two threads: a store call that takes long never holds up every view, and the store is
    // not hammered by one console.
    m_pool.setMaxThreadCount(2);

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setItemDelegate(new NavigationDelegate(m_navigation));
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    const auto addItem = [this](const QString &icon, const QString &text, const QString &toolTip) {
        auto *item = new QListWidgetItem(navigationIcon(icon), text, m_navigation);
        item->setToolTip(toolTip);
    };
    addItem(QStringLiteral("vehicles"), tr("Vehicles"), tr("Vehicle inventory (Ctrl+1)"));
    addItem(QStringLiteral("registrations"), tr("Registrations"), tr("Registration requests to decide (Ctrl+2)"));
    addItem(QStringLiteral("events"), tr("Events"), tr("Event log, newest first (Ctrl+3)"));
    addItem(QStringLiteral("releases"), tr("Releases"), tr("Releases to roll out: import, deltas, assign (Ctrl+4)"));
    addItem(QStringLiteral("update"), tr("Campaigns"), tr("Staged rollouts: plan, approve, follow (Ctrl+5)"));
    m_navigation->setFixedWidth(std::max(m_navigation->sizeHintForColumn(0) + 8, 150));

    m_pages->addWidget(m_vehicles);
    m_pages->addWidget(m_registrations);
    m_pages->addWidget(m_events);
    m_pages->addWidget(m_releases);
    m_pages->addWidget(m_campaigns);
    m_updateController->setVehicleModel(m_vehicles->model());
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    auto *separator = new QFrame(central);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    layout->addWidget(separator);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    createMenus();
    createStatusBar();

    connect(m_registrationController, &RegistrationController::message, this, &MainWindow::showInfo);
    connect(m_registrationController, &RegistrationController::failed, this, &MainWindow::showError);
    connect(m_vehicles, &VehiclesPage::errorOccurred, this, &MainWindow::showError);
    connect(m_registrations, &RegistrationsPage::errorOccurred, this, &MainWindow::showError);
    connect(m_events, &EventsPage::errorOccurred, this, &MainWindow::showError);
    connect(m_releases, &ReleasesPage::errorOccurred, this, &MainWindow::showError);
    connect(m_releases, &ReleasesPage::message, this, &MainWindow::showInfo);
    connect(m_campaigns, &CampaignsPage::errorOccurred, this, &MainWindow::showError);
    connect(m_campaigns, &CampaignsPage::message, this, &MainWindow::showInfo);
    connect(m_releases, &ReleasesPage::assignRequested, this,
            [this](qint64 releaseId) { m_updateController->assign({}, releaseId, this); });
    connect(m_updateController, &UpdateController::message, this, &MainWindow::showInfo);
    connect(m_updateController, &UpdateController::failed, this, &MainWindow::showError);
    connect(m_commandController, &CommandController::message, this, &MainWindow::showInfo);
    connect(m_commandController, &CommandController::failed, this, &MainWindow::showError);
    connect(m_registrations, &RegistrationsPage::pendingCountChanged, this, &MainWindow::setPendingBadge);

    connect(m_statusThrottle, &RefreshThrottle::due, this, &MainWindow::refreshStatus);
    const server::EventBus &bus = m_fleet.eventBus();
    connect(&bus, &server::EventBus::vehiclesChanged, m_statusThrottle, &RefreshThrottle::request);
    connect(&bus, &server::EventBus::registrationsChanged, m_statusThrottle, &RefreshThrottle::request);
    // Vehicles drop offline by staying silent, which no event announces.
    m_statusTimer.setInterval(5s);
    connect(&m_statusTimer, &QTimer::timeout, m_statusThrottle, &RefreshThrottle::request);

    resize(1360, 840);
    restoreSettings();

    m_vehicles->start();
    m_registrations->start();
    m_events->start();
    m_releases->start();
    m_campaigns->start();
    m_statusThrottle->request();
    m_statusTimer.start();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import =
        file->addAction(QIcon(QStringLiteral(":/icons/import.png")), tr("&Import Release…"), this, [this] {
            showPage(ReleasesView);
            m_releases->showImportDialog();
        });
    import->setObjectName(QStringLiteral("importReleaseAction"));
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    import->setStatusTip(tr("Import a release from a folder, or put one together from image files"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const auto addPageAction = [this, view](const QString &text, Page page, Qt::Key key) {
        QAction *action = view->addAction(text, this, [this, page] { showPage(page); });
        action->setShortcut(QKeySequence(Qt::CTRL | key));
    };
    addPageAction(tr("&Vehicles"), VehiclesView, Qt::Key_1);
    addPageAction(tr("&Registrations"), RegistrationsView, Qt::Key_2);
    addPageAction(tr("&Events"), EventsView, Qt::Key_3);
    addPageAction(tr("Re&leases"), ReleasesView, Qt::Key_4);
    addPageAction(tr("&Campaigns"), CampaignsView, Qt::Key_5);
    view->addSeparator();
    QAction *find = view->addAction(tr("&Find Vehicle"), this, [this] {
        showPage(VehiclesView);
        m_vehicles->focusFilter();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *fleet = menuBar()->addMenu(tr("F&leet"));
    m_demoFleetAction = fleet->addAction(QIcon(QStringLiteral(":/icons/demo.png")), tr("&Demo fleet"));
    m_demoFleetAction->setObjectName(QStringLiteral("demoFleetAction"));
    m_demoFleetAction->setCheckable(true);
    m_demoFleetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_demoFleetAction->setToolTip(tr("Run simulated vehicles that register and check in, for demonstrations"));
    m_demoFleetAction->setStatusTip(m_demoFleetAction->toolTip());
    connect(m_demoFleetAction, &QAction::toggled, this, &MainWindow::demoFleetToggled);

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    QAction *key = server->addAction(QIcon(QStringLiteral(":/icons/key.png")), tr("&Enrollment Key…"), this,
                                     &MainWindow::showEnrollmentKey);
    key->setObjectName(QStringLiteral("enrollmentKeyAction"));
    key->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    key->setStatusTip(tr("Show, copy or rotate the key vehicles prove at registration"));
    QAction *status = server->addAction(QIcon(QStringLiteral(":/icons/status.png")), tr("Server &Status…"), this,
                                        &MainWindow::showServerStatus);
    status->setObjectName(QStringLiteral("serverStatusAction"));
    status->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    status->setStatusTip(tr("Endpoints, data folder and counts of the embedded server"));
    QAction *signing = server->addAction(QIcon(QStringLiteral(":/icons/signing.png")), tr("Si&gning Keys…"), this,
                                         &MainWindow::showSigningKeys);
    signing->setObjectName(QStringLiteral("signingKeysAction"));
    signing->setStatusTip(tr("Keys that sign update instructions, and their rotation"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Flotilla"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar()
{
    m_endpointLabel = new QLabel(this);
    m_endpointLabel->setObjectName(QStringLiteral("endpointLabel"));
    m_endpointLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_endpointLabel->setToolTip(tr("Address vehicles use to reach this console's device endpoint"));
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_countsLabel->setToolTip(tr("Vehicles in the inventory, vehicles seen recently, registrations to decide"));
    m_demoIndicator = new QLabel(this);
    m_demoIndicator->setObjectName(QStringLiteral("demoFleetIndicator"));
    statusBar()->addPermanentWidget(m_endpointLabel);
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_demoIndicator);
    m_endpointLabel->setText(tr("Device endpoint: starting…"));
    m_countsLabel->setText(tr("Vehicles: %1 · Online: %2 · Pending: %3").arg(0).arg(0).arg(0));
    setDemoFleetRunning(false, 0);
}

void MainWindow::showPage(Page page)
{
    m_navigation->setCurrentRow(static_cast<int>(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(std::max(m_navigation->currentRow(), 0));
}

void MainWindow::setDemoFleetRunning(bool running, int size)
{
    {
        const QSignalBlocker blocker(m_demoFleetAction); // reporting state is not a user toggle
        m_demoFleetAction->setChecked(running);
    }
    // Label-and-number forms throughout the status bar: no plural rules needed for English.
    m_demoIndicator->setText(running ? tr("Demo fleet: on (%1 simulated)").arg(size) : tr("Demo fleet: off"));
    m_demoIndicator->setToolTip(running ? tr("Simulated vehicles are running in this console (Fleet ▸ Demo fleet)")
                                        : tr("Start simulated vehicles with Fleet ▸ Demo fleet"));
    m_demoIndicator->setEnabled(running);
}

void MainWindow::refreshStatus()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->status(); },
        [this](Result<server::ServerStatus> result) {
            m_statusThrottle->done();
            if (!result) {
                showError(tr("Could not read the server status: %1").arg(result.errorString()));
                return;
            }
            applyStatus(*result);
        });
}

void MainWindow::applyStatus(const server::ServerStatus &status)
{
    m_endpointLabel->setText(tr("Device endpoint: %1").arg(status.deviceUrl));
    m_countsLabel->setText(tr("Vehicles: %1 · Online: %2 · Pending: %3")
                               .arg(status.vehicles)
                               .arg(status.online)
                               .arg(status.pendingRegistrations));
}

void MainWindow::setPendingBadge(int count)
{
    QListWidgetItem *item = m_navigation->item(RegistrationsView);
    if (item->data(NavigationDelegate::BadgeRole).toInt() == count) {
        return;
    }
    item->setData(NavigationDelegate::BadgeRole, count);
    item->setToolTip(count > 0 ? tr("Registration requests waiting for a decision: %1 (Ctrl+2)").arg(count)
                               : tr("Registration requests to decide (Ctrl+2)"));
}

void MainWindow::showEnrollmentKey()
{
    if (!m_enrollmentDialog) {
        m_enrollmentDialog = new EnrollmentKeyDialog(m_fleet, m_pool, m_registrationController->operatorName(), this);
        connect(m_enrollmentDialog, &EnrollmentKeyDialog::message, this, &MainWindow::showInfo);
        connect(m_enrollmentDialog, &EnrollmentKeyDialog::failed, this, &MainWindow::showError);
    }
    m_enrollmentDialog->show();
    m_enrollmentDialog->raise();
    m_enrollmentDialog->activateWindow();
}

void MainWindow::showServerStatus()
{
    if (!m_statusDialog) {
        m_statusDialog = new ServerStatusDialog(m_fleet, m_pool, this);
    }
    m_statusDialog->show();
    m_statusDialog->raise();
    m_statusDialog->activateWindow();
}

void MainWindow::showSigningKeys()
{
    if (!m_signingKeysDialog) {
        m_signingKeysDialog = new SigningKeysDialog(m_fleet, m_pool, m_registrationController->operatorName(), this);
        connect(m_signingKeysDialog, &SigningKeysDialog::message, this, &MainWindow::showInfo);
        connect(m_signingKeysDialog, &SigningKeysDialog::failed, this, &MainWindow::showError);
    }
    m_signingKeysDialog->show();
    m_signingKeysDialog->raise();
    m_signingKeysDialog->activateWindow();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About Flotilla"));
    box->setIconPixmap(applicationIcon().pixmap(64, 64));
    box->setText(tr("<h3>Flotilla %1</h3>").arg(QStringLiteral(FLOTILLA_VERSION)));
    box->setInformativeText(tr("A desktop console for over-the-air updates and remote control of a vehicle fleet: "
                               "OMA-DM 2.0 over HTTPS, with an embedded server and a simulated demo fleet.<br><br>"
                               "Built with Qt %1.")
                                .arg(QString::fromLatin1(qVersion())));
    box->open();
}

void MainWindow::showError(const QString &message)
{
    // Non-blocking by design: errors land in the status bar, never in a modal box mid-demo.
    statusBar()->showMessage(tr("Error: %1").arg(message), 15000);
}

void MainWindow::showInfo(const QString &message)
{
    statusBar()->showMessage(message, 8000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("page"), m_navigation->currentRow());
    m_vehicles->saveState(settings);
    m_registrations->saveState(settings);
    m_events->saveState(settings);
    m_releases->saveState(settings);
    settings.endGroup();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    const int page = settings.value(QStringLiteral("page"), 0).toInt();
    m_navigation->setCurrentRow(page >= 0 && page < m_navigation->count() ? page : 0);
    m_vehicles->restoreState(settings);
    m_registrations->restoreState(settings);
    m_events->restoreState(settings);
    m_releases->restoreState(settings);
    settings.endGroup();
}

void MainWindow::setOperator(const QString &name, server::campaigns::Role role)
{
    m_campaigns->setActor({name, role});
    m_commandController->setActor({name, role}); // remote commands follow the role too
    // Every other action is logged under the same name (dialogs opened from now on get it too).
    m_registrationController->setOperatorName(name);
    m_registrationController->setRole(role); // blocking vehicles needs manage-vehicles
    m_updateController->setOperatorName(name);
    m_releases->setOperatorName(name);
    auto *label = statusBar()->findChild<QLabel *>(QStringLiteral("operatorLabel"));
    if (!label) {
        label = new QLabel(statusBar());
        label->setObjectName(QStringLiteral("operatorLabel"));
        statusBar()->insertPermanentWidget(0, label);
    }
    label->setText(tr("Operator: %1 (%2)").arg(name, CampaignText::role(role)));
}

} // namespace flotilla::ui

// The main window on a real embedded server: vehicles register and check in through the real
// device endpoint (POST /dm/register and /dm over TLS, PROTOCOL.md §1, §3, §4) while the window
// is open, and the inventory, registrations, events and status bar follow live.
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "tests/support/TestSupport.h"
#include "tests/tst_gui_fixtures.h"
#include "ui/EnrollmentKeyDialog.h"
#include "ui/MainWindow.h"
#include "ui/NavigationDelegate.h"
#include "ui/PlaceholderTableView.h"
#include "ui/VehicleFeed.h"
#include "ui/VehicleTableModel.h"
#include "ui/VehiclesPage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>

using namespace flotilla;
using test::VehicleSpec;
using ui::VehicleTableModel;

namespace {

constexpr int Timeout = 20000; // generous: two cores shared with other builds

} // namespace

class TestInventory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void startsEmptyWithHint();
    void registeredVehicleAppearsLive();
    void checkInUpdatesRowInPlace();
    void pendingVehicleAcceptedFromRegistrationsView();
    void rejectAsksForReason();
    void contextMenuAcceptsPendingVehicle();
    void detailsPanelDecidesPendingVehicle();
    void blockAndUnblockFromTheWindow();
    void filterNarrowsTable();
    void detailsPanelShowsVehicle();
    void eventsViewIsLive();
    void statusBarShowsEndpointAndCounts();
    void enrollmentKeyDialogRotates();
    void demoFleetActionOnlySignals();
    void windowStateIsRemembered();
    void feedPagesThroughTheInventory();
    void burstOfChangesIsCoalesced();

private:
    // POST /dm/register; a valid proof unless withProof is false. Returns the HTTP status; token
    // receives the DM account's token on 200.
    int registerVehicle(const VehicleSpec &spec, bool withProof, QString *token = nullptr,
                        const QString &enrollmentKey = {});
    // One client-initiated DM session (package #1, #2, #3, END) reporting spec's DevInfo.
    bool checkIn(const VehicleSpec &spec, const QString &token);
    static VehicleSpec spec(int n);

    QTableView *table() const { return m_window->findChild<QTableView *>(QStringLiteral("vehicleTable")); }
    QTableView *registrations() const { return m_window->findChild<QTableView *>(QStringLiteral("registrationsView")); }
    int proxyRowOf(const QString &vin) const;
    QVariant cell(const QString &vin, int column, int role = Qt::DisplayRole) const;
    void selectVehicle(const QString &vin);

    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestInventory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("flotilla-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_inventory"));
}

void TestInventory::init()
{
    QSettings().clear(); // every test starts with the window's default geometry and page
    m_dataDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dataDir->isValid());
    server::ServerConfig config;
    config.dataDir = m_dataDir->path();
    config.deviceListen = QStringLiteral("127.0.0.1:0");
    config.apiListen = QStringLiteral("127.0.0.1:0");
    config.publicHost = QStringLiteral("127.0.0.1");
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime.ok(), qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);

    m_window = std::make_unique<ui::MainWindow>(m_runtime->fleet());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestInventory::cleanup()
{
    m_window.reset(); // waits for its FleetService calls before the runtime goes
    if (m_runtime) {
        m_runtime->stop();
    }
    m_runtime.reset();
    m_dataDir.reset();
}

VehicleSpec TestInventory::spec(int n)
{
    VehicleSpec s;
    s.vin = QStringLiteral("WVWZZZ1JZXW%1").arg(n, 6, 10, QLatin1Char('0'));
    s.devId = QStringLiteral("HU-7731-%1").arg(n, 4, 10, QLatin1Char('0'));
    return s;
}

int TestInventory::registerVehicle(const VehicleSpec &spec, bool withProof, QString *token,
                                   const QString &enrollmentKey)
{
    return test::registerVehicle(*m_runtime, spec, withProof, token, enrollmentKey);
}

bool TestInventory::checkIn(const VehicleSpec &spec, const QString &token)
{
    return test::checkIn(*m_runtime, spec, token);
}

int TestInventory::proxyRowOf(const QString &vin) const
{
    const QAbstractItemModel *model = table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(VehicleTableModel::VinRole).toString() == vin) {
            return row;
        }
    }
    return -1;
}

QVariant TestInventory::cell(const QString &vin, int column, int role) const
{
    const int row = proxyRowOf(vin);
    return row < 0 ? QVariant() : table()->model()->index(row, column).data(role);
}

void TestInventory::selectVehicle(const QString &vin)
{
    const int row = proxyRowOf(vin);
    QVERIFY(row >= 0);
    table()->setCurrentIndex(table()->model()->index(row, 0));
    table()->selectRow(row);
}

void TestInventory::startsEmptyWithHint()
{
    auto *view = m_window->findChild<ui::PlaceholderTableView *>(QStringLiteral("vehicleTable"));
    QVERIFY(view);
    QCOMPARE(view->model()->rowCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(view->placeholderText().contains(u"No vehicles yet"), Timeout);
    QVERIFY(view->placeholderText().contains(u"Demo fleet"));
    QCOMPARE(m_window->currentPage(), ui::MainWindow::VehiclesView);
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("vehicleDetails")));
    QVERIFY(m_window->findChild<QLineEdit *>(QStringLiteral("vehicleFilter")));
}

void TestInventory::registeredVehicleAppearsLive()
{
    const VehicleSpec vehicle = spec(1);
    QSignalSpy reset(table()->model(), &QAbstractItemModel::modelReset);
    QCOMPARE(registerVehicle(vehicle, true), 200);
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(vehicle.vin) >= 0, Timeout);
    QCOMPARE(cell(vehicle.vin, VehicleTableModel::DevIdColumn).toString(), vehicle.devId);
    QCOMPARE(cell(vehicle.vin, VehicleTableModel::ModelColumn).toString(), vehicle.model);
    QCOMPARE(cell(vehicle.vin, VehicleTableModel::OemColumn).toString(), vehicle.oem);
    QCOMPARE(cell(vehicle.vin, VehicleTableModel::VersionsColumn).toString(), QStringLiteral("firmware0.4 / 1.2.0"));
    QCOMPARE(cell(vehicle.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
             int(store::VehicleState::Accepted));
    QCOMPARE(reset.size(), 0);

    const VehicleSpec second = spec(2);
    QCOMPARE(registerVehicle(second, true), 200);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 2, Timeout);
    QCOMPARE(reset.size(), 0);
}

void TestInventory::checkInUpdatesRowInPlace()
{
    VehicleSpec vehicle = spec(3);
    QString token;
    QCOMPARE(registerVehicle(vehicle, true, &token), 200);
    QVERIFY(!token.isEmpty());
    QCOMPARE(registerVehicle(spec(4), true), 200);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 2, Timeout);
    selectVehicle(vehicle.vin);

    QSignalSpy inserted(table()->model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(table()->model(), &QAbstractItemModel::modelReset);
    vehicle.swV = QStringLiteral("1.3.0");
    QVERIFY(checkIn(vehicle, token));
    QTRY_COMPARE_WITH_TIMEOUT(cell(vehicle.vin, VehicleTableModel::VersionsColumn).toString(),
                              QStringLiteral("firmware0.4 / 1.3.0"), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(cell(vehicle.vin, VehicleTableModel::SessionsColumn).toLongLong(), 1, Timeout);
    QVERIFY(cell(vehicle.vin, VehicleTableModel::LastSeenColumn, VehicleTableModel::SortRole).toLongLong() > 0);
    QCOMPARE(cell(vehicle.vin, VehicleTableModel::OnlineColumn, VehicleTableModel::OnlineRole).toBool(), true);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(reset.size(), 0);
    // The selection stays on the vehicle that changed.
    const QModelIndexList selected = table()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(VehicleTableModel::VinRole).toString(), vehicle.vin);
    QCOMPARE(table()->currentIndex().data(VehicleTableModel::VinRole).toString(), vehicle.vin);
}

void TestInventory::pendingVehicleAcceptedFromRegistrationsView()
{
    QCOMPARE(registerVehicle(spec(5), true), 200);
    const VehicleSpec pending = spec(6);
    QCOMPARE(registerVehicle(pending, false), 202); // no proof: waits for an operator
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(pending.vin) >= 0, Timeout);
    QCOMPARE(cell(pending.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
             int(store::VehicleState::Pending));

    m_window->showPage(ui::MainWindow::RegistrationsView);
    QTableView *view = registrations();
    QVERIFY(view && view->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, Timeout);
    QCOMPARE(view->model()->index(0, 0).data().toString(), pending.vin);
    QCOMPARE(view->model()->index(0, 3).data().toString(), QStringLiteral("missing"));
    auto *navigation = m_window->findChild<QListWidget *>(QStringLiteral("navigation"));
    QTRY_COMPARE_WITH_TIMEOUT(navigation->item(1)->data(ui::NavigationDelegate::BadgeRole).toInt(), 1, Timeout);

    auto *accept = m_window->findChild<QPushButton *>(QStringLiteral("acceptRegistrationButton"));
    QVERIFY(accept);
    QVERIFY(!accept->isEnabled()); // nothing selected yet
    view->selectRow(0);
    QVERIFY(accept->isEnabled());
    QTest::mouseClick(accept, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(cell(pending.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
                              int(store::VehicleState::Accepted), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(navigation->item(1)->data(ui::NavigationDelegate::BadgeRole).toInt(), 0, Timeout);
    // The vehicle collects its account at its next registration (PROTOCOL.md §3).
    QCOMPARE(registerVehicle(pending, false), 200);
}

void TestInventory::rejectAsksForReason()
{
    const VehicleSpec pending = spec(7);
    QCOMPARE(registerVehicle(pending, false), 202);
    m_window->showPage(ui::MainWindow::RegistrationsView);
    QTRY_COMPARE_WITH_TIMEOUT(registrations()->model()->rowCount(), 1, Timeout);
    registrations()->selectRow(0);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("rejectRegistrationButton")), Qt::LeftButton);

    QInputDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<QInputDialog *>(QStringLiteral("rejectReasonDialog"))) &&
                                 dialog->isVisible(),
                             Timeout);
    dialog->setTextValue(QStringLiteral("Not one of ours"));
    dialog->accept();

    QTRY_COMPARE_WITH_TIMEOUT(cell(pending.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
                              int(store::VehicleState::Rejected), Timeout);
    const auto details = m_runtime->fleet().vehicle(pending.vin);
    QVERIFY(details.ok());
    QVERIFY(details->latestRegistration.has_value());
    QCOMPARE(details->latestRegistration->reason, QStringLiteral("Not one of ours"));
    QCOMPARE(registerVehicle(pending, false), 403);
}

void TestInventory::contextMenuAcceptsPendingVehicle()
{
    const VehicleSpec pending = spec(8);
    QCOMPARE(registerVehicle(pending, false), 202);
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(pending.vin) >= 0, Timeout);
    selectVehicle(pending.vin);
    const QRect rect = table()->visualRect(table()->model()->index(proxyRowOf(pending.vin), 0));
    Q_EMIT table()->customContextMenuRequested(rect.center());

    QMenu *menu = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((menu = m_window->findChild<QMenu *>(QStringLiteral("vehicleContextMenu"))), Timeout);
    auto *accept = menu->findChild<QAction *>(QStringLiteral("acceptVehicleAction"));
    QVERIFY(accept);
    QVERIFY(accept->isEnabled());
    accept->trigger();
    menu->close();
    QTRY_COMPARE_WITH_TIMEOUT(cell(pending.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
                              int(store::VehicleState::Accepted), Timeout);
}

void TestInventory::detailsPanelDecidesPendingVehicle()
{
    const VehicleSpec pending = spec(9);
    QCOMPARE(registerVehicle(pending, false), 202);
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(pending.vin) >= 0, Timeout);
    selectVehicle(pending.vin);
    auto *details = m_window->findChild<QWidget *>(QStringLiteral("vehicleDetails"));
    auto *accept = details->findChild<QPushButton *>(QStringLiteral("detailsAcceptButton"));
    QTRY_VERIFY_WITH_TIMEOUT(accept->isVisible(), Timeout);
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsProof"))->text(), QStringLiteral("missing"));
    QTest::mouseClick(accept, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(pending.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
                              int(store::VehicleState::Accepted), Timeout);
    // The panel follows: the decision is shown and the buttons are gone.
    QTRY_VERIFY_WITH_TIMEOUT(!accept->isVisible(), Timeout);
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailsDecided"))->text().contains(u"Accepted"));
}

void TestInventory::blockAndUnblockFromTheWindow()
{
    const VehicleSpec car = spec(12);
    QCOMPARE(registerVehicle(car, true), 200);
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(car.vin) >= 0, Timeout);
    selectVehicle(car.vin);
    auto *details = m_window->findChild<QWidget *>(QStringLiteral("vehicleDetails"));
    auto *block = details->findChild<QPushButton *>(QStringLiteral("detailsBlockButton"));
    auto *unblock = details->findChild<QPushButton *>(QStringLiteral("detailsUnblockButton"));
    QVERIFY(block && unblock);
    QTRY_VERIFY_WITH_TIMEOUT(block->isVisible(), Timeout);
    QVERIFY(!unblock->isVisible());
    auto openMenu = [&]() -> QMenu * {
        const QRect rect = table()->visualRect(table()->model()->index(proxyRowOf(car.vin), 0));
        Q_EMIT table()->customContextMenuRequested(rect.center());
        QMenu *menu = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] { return (menu = m_window->findChild<QMenu *>(QStringLiteral("vehicleContextMenu"))) != nullptr; },
            Timeout);
        return shown ? menu : nullptr;
    };

    // Nobody logged in: a viewer may not block (the server would refuse it too).
    QVERIFY(!block->isEnabled());
    QMenu *menu = openMenu();
    QVERIFY(menu);
    auto *blockAction = menu->findChild<QAction *>(QStringLiteral("blockVehicleAction"));
    QVERIFY(blockAction);
    QVERIFY(!blockAction->isEnabled());
    QVERIFY2(blockAction->toolTip().contains(u"engineer"), qPrintable(blockAction->toolTip()));
    menu->close();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<QMenu *>(QStringLiteral("vehicleContextMenu")), Timeout);

    m_window->setOperator(QStringLiteral("erin"), server::campaigns::Role::Engineer);
    QVERIFY(block->isEnabled());
    menu = openMenu();
    QVERIFY(menu);
    blockAction = menu->findChild<QAction *>(QStringLiteral("blockVehicleAction"));
    QVERIFY(blockAction->isEnabled());
    QVERIFY(!menu->findChild<QAction *>(QStringLiteral("unblockVehicleAction"))->isEnabled());
    blockAction->trigger();
    menu->close();

    // The reason is required: Block stays disabled until one is typed.
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<QInputDialog *>(QStringLiteral("blockReasonDialog"))) &&
                                 dialog->isVisible(),
                             Timeout);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    dialog->setTextValue(QStringLiteral("Reported stolen"));
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(cell(car.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
                              int(store::VehicleState::Blocked), Timeout);
    const auto events = m_runtime->fleet().events(0, 100, car.vin);
    QVERIFY(events.ok());
    const auto blocked = std::find_if(events->cbegin(), events->cend(),
                                      [](const store::EventRecord &e) { return e.kind == u"vehicle.blocked"; });
    QVERIFY(blocked != events->cend());
    QCOMPARE(blocked->actor, QStringLiteral("erin"));
    QCOMPARE(blocked->data.value(QStringLiteral("reason")).toString(), QStringLiteral("Reported stolen"));
    // Its token is refused now (PROTOCOL.md §1: 403 for a blocked vehicle).
    QCOMPARE(registerVehicle(car, true), 403);

    // The details panel follows and offers Unblock instead.
    QTRY_VERIFY_WITH_TIMEOUT(unblock->isVisible() && !block->isVisible(), Timeout);
    QVERIFY(unblock->isEnabled());
    QTest::mouseClick(unblock, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(car.vin, VehicleTableModel::StateColumn, VehicleTableModel::StateRole).toInt(),
                              int(store::VehicleState::Accepted), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(block->isVisible() && !unblock->isVisible(), Timeout);
}

void TestInventory::filterNarrowsTable()
{
    VehicleSpec golf = spec(10);
    golf.model = QStringLiteral("Golf");
    VehicleSpec passat = spec(11);
    passat.model = QStringLiteral("Passat");
    passat.oem = QStringLiteral("harman");
    QCOMPARE(registerVehicle(golf, true), 200);
    QCOMPARE(registerVehicle(passat, true), 200);
    QCOMPARE(registerVehicle(spec(12), false), 202);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 3, Timeout);

    auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("vehicleFilter"));
    QTest::keyClicks(filter, QStringLiteral("HARMAN"));
    QCOMPARE(table()->model()->rowCount(), 1);
    QCOMPARE(table()->model()->index(0, 0).data().toString(), passat.vin);
    filter->clear();
    QCOMPARE(table()->model()->rowCount(), 3);

    auto *state = m_window->findChild<QComboBox *>(QStringLiteral("vehicleStateFilter"));
    QVERIFY(state);
    state->setCurrentIndex(state->findData(int(store::VehicleState::Pending)));
    QCOMPARE(table()->model()->rowCount(), 1);
    QCOMPARE(table()->model()->index(0, 0).data().toString(), spec(12).vin);
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("vehicleCountLabel"));
    QCOMPARE(count->text(), QStringLiteral("Showing 1 of 3"));

    // A vehicle that registers while the filter is set shows up only if it matches.
    QCOMPARE(registerVehicle(spec(13), true), 200);
    QCOMPARE(registerVehicle(spec(14), false), 202);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 2, Timeout);
    state->setCurrentIndex(0);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 5, Timeout);
}

void TestInventory::detailsPanelShowsVehicle()
{
    VehicleSpec vehicle = spec(20);
    QString token;
    QCOMPARE(registerVehicle(vehicle, true, &token), 200);
    QVERIFY(checkIn(vehicle, token));
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(vehicle.vin) >= 0, Timeout);
    auto *details = m_window->findChild<QWidget *>(QStringLiteral("vehicleDetails"));
    auto *vin = details->findChild<QLabel *>(QStringLiteral("detailsVin"));
    selectVehicle(vehicle.vin);
    QTRY_COMPARE_WITH_TIMEOUT(vin->text(), vehicle.vin, Timeout);
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsDevId"))->text(), vehicle.devId);
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsRxswin"))->text(),
             QStringLiteral("R10-0001, R156-HU-12"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsDeltaMemory"))->text(), QStringLiteral("64 MiB"));
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailsCodecs"))->text().contains(u"full-zstd"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsProof"))->text(), QStringLiteral("valid"));
    auto *ecus = details->findChild<QTableWidget *>(QStringLiteral("detailsEcus"));
    QCOMPARE(ecus->rowCount(), 2);
    QCOMPARE(ecus->item(1, 0)->text(), QStringLiteral("tbox"));
    QCOMPARE(ecus->item(1, 2)->text(), QStringLiteral("4.1.7"));
    QTRY_VERIFY_WITH_TIMEOUT(
        details->findChild<QTableWidget *>(QStringLiteral("detailsSessionsTable"))->rowCount() >= 1, Timeout);
    QVERIFY(details->findChild<QTableWidget *>(QStringLiteral("detailsEvents"))->rowCount() >= 1);

    // A check-in that changes the shown vehicle refreshes the panel.
    vehicle.ecus[1].swVersion = QStringLiteral("4.2.0");
    QVERIFY(checkIn(vehicle, token));
    QTRY_COMPARE_WITH_TIMEOUT(ecus->item(1, 2)->text(), QStringLiteral("4.2.0"), Timeout);
}

void TestInventory::eventsViewIsLive()
{
    m_window->showPage(ui::MainWindow::EventsView);
    auto *events = m_window->findChild<QTableView *>(QStringLiteral("eventsView"));
    QVERIFY(events && events->isVisible());
    const int before = events->model()->rowCount();
    QCOMPARE(registerVehicle(spec(30), false), 202);
    QTRY_VERIFY_WITH_TIMEOUT(events->model()->rowCount() > before, Timeout);
    QCOMPARE(events->model()->index(0, 2).data().toString(), spec(30).vin); // newest first
    QCOMPARE(registerVehicle(spec(31), false), 202);
    QTRY_COMPARE_WITH_TIMEOUT(events->model()->index(0, 2).data().toString(), spec(31).vin, Timeout);
}

void TestInventory::statusBarShowsEndpointAndCounts()
{
    auto *endpoint = m_window->findChild<QLabel *>(QStringLiteral("endpointLabel"));
    auto *counts = m_window->findChild<QLabel *>(QStringLiteral("countsLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(endpoint->text().contains(m_runtime->deviceUrl()), Timeout);
    QString token;
    QCOMPARE(registerVehicle(spec(40), true, &token), 200);
    QVERIFY(checkIn(spec(40), token));
    QCOMPARE(registerVehicle(spec(41), false), 202);
    QTRY_COMPARE_WITH_TIMEOUT(counts->text(), QStringLiteral("Vehicles: 2 · Online: 1 · Pending: 1"), Timeout);
}

void TestInventory::enrollmentKeyDialogRotates()
{
    const QString oldKey = m_runtime->fleet().enrollmentKey();
    auto *action = m_window->findChild<QAction *>(QStringLiteral("enrollmentKeyAction"));
    QVERIFY(action);
    action->trigger();
    ui::EnrollmentKeyDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<ui::EnrollmentKeyDialog *>()) && dialog->isVisible(),
                             Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->key(), oldKey, Timeout);

    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("rotateEnrollmentKeyButton")), Qt::LeftButton);
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((confirm = dialog->findChild<QMessageBox *>(QStringLiteral("rotateConfirmation"))) &&
                                 confirm->isVisible(),
                             Timeout);
    QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmRotateButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->key() != oldKey && !dialog->key().isEmpty(), Timeout);
    QCOMPARE(dialog->key(), m_runtime->fleet().enrollmentKey());
    // A proof made with the old key no longer registers a vehicle outright; the new key's does.
    QCOMPARE(registerVehicle(spec(50), true, nullptr, oldKey), 202);
    QCOMPARE(registerVehicle(spec(51), true, nullptr, dialog->key()), 200);
}

void TestInventory::demoFleetActionOnlySignals()
{
    QSignalSpy toggled(m_window.get(), &ui::MainWindow::demoFleetToggled);
    auto *indicator = m_window->findChild<QLabel *>(QStringLiteral("demoFleetIndicator"));
    QVERIFY(indicator->text().contains(u"off"));
    m_window->demoFleetAction()->trigger();
    QCOMPARE(toggled.size(), 1);
    QCOMPARE(toggled.at(0).at(0).toBool(), true);

    m_window->setDemoFleetRunning(true, 50);
    QCOMPARE(toggled.size(), 1); // reporting the state is not a user toggle
    QVERIFY(m_window->demoFleetAction()->isChecked());
    QVERIFY(indicator->text().contains(u"50"));

    m_window->setDemoFleetRunning(false, 0);
    QVERIFY(!m_window->demoFleetAction()->isChecked());
    QVERIFY(indicator->text().contains(u"off"));
    QCOMPARE(toggled.size(), 1);
}

void TestInventory::windowStateIsRemembered()
{
    m_window->showPage(ui::MainWindow::EventsView);
    m_window->resize(1111, 777);
    m_window->close();
    m_window.reset();

    m_window = std::make_unique<ui::MainWindow>(m_runtime->fleet());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->currentPage(), ui::MainWindow::EventsView);
    QCOMPARE(m_window->size(), QSize(1111, 777));
}

void TestInventory::feedPagesThroughTheInventory()
{
    // A small page size stands in for a large fleet: the feed must walk every page, off the GUI
    // thread, and end with each vehicle exactly once.
    for (int n = 60; n < 67; ++n) {
        QCOMPARE(registerVehicle(spec(n), n % 3 != 0), n % 3 != 0 ? 200 : 202);
    }
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); }); // holds the pages back until the change is in
    ui::VehicleTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ui::VehicleFeed feed(m_runtime->fleet(), model, pool);
    feed.setPageSize(2);
    QSignalSpy loading(&feed, &ui::VehicleFeed::loadingChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // A change reported while the pages load is fetched only after the last page, so that an older
    // page cannot overwrite the fresher row.
    QList<bool> loadingWhenRefetched;
    connect(&feed, &ui::VehicleFeed::vehiclesUpdated, this, [&] { loadingWhenRefetched.append(feed.isLoading()); });
    feed.start();
    QVERIFY(feed.isLoading());
    Q_EMIT m_runtime->fleet().eventBus().vehiclesChanged({spec(60).vin});
    QTest::qWait(300); // past the refresh interval: a re-fetch would now queue behind the pages
    gate.release();
    QTRY_VERIFY_WITH_TIMEOUT(!feed.isLoading(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(loadingWhenRefetched, QList<bool>{false}, Timeout);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(inserted.size(), 4); // pages of 2, 2, 2 and 1
    for (int n = 60; n < 67; ++n) {
        QVERIFY(model.rowOfVin(spec(n).vin) >= 0);
    }
    QCOMPARE(loading.size(), 2); // started, finished
    pool.waitForDone();
}

void TestInventory::burstOfChangesIsCoalesced()
{
    const VehicleSpec vehicle = spec(70);
    QCOMPARE(registerVehicle(vehicle, true), 200);
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(vehicle.vin) >= 0, Timeout);
    ui::VehicleFeed *feed = m_window->vehiclesPage()->feed();
    QTRY_VERIFY_WITH_TIMEOUT(!feed->isLoading(), Timeout);
    QSignalSpy fetched(feed, &ui::VehicleFeed::vehiclesUpdated);
    QTest::qWait(300); // let any refresh still due from the registration finish first
    fetched.clear();

    // Hundreds of change notifications arriving together cost one vehiclesByVin round trip.
    for (int i = 0; i < 500; ++i) {
        Q_EMIT m_runtime->fleet().eventBus().vehiclesChanged({vehicle.vin});
    }
    QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, Timeout);
    QCOMPARE(fetched.first().first().toStringList(), QStringList{vehicle.vin});
    QTest::qWait(500); // nothing else is pending, so no second fetch follows
    QCOMPARE(fetched.size(), 1);
}

QTEST_MAIN(TestInventory)
#include "tst_gui_inventory.moc"

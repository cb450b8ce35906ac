// Remote commands through the window (issue 5) on a real embedded server: the command models
// under QAbstractItemModelTester; the inventory's Channel column; the vehicle's Remote tab sending
// commands that appear in its history; the typed-VIN confirmation of Wipe; the bulk dialog on a
// selection; and, with real simulated vehicles keeping their notification channels open, commands
// that come back done or refused within the test, and channels that go offline live.
#include "agent/Fleet.h"
#include "core/Clock.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/commands/CommandService.h"
#include "tests/tst_gui_console.h"
#include "tests/tst_gui_fixtures.h"
#include "ui/BulkCommandDialog.h"
#include "ui/BulkCommandModel.h"
#include "ui/CommandController.h"
#include "ui/CommandHistoryModel.h"
#include "ui/CommandText.h"
#include "ui/DestructiveCommandDialog.h"
#include "ui/MainWindow.h"
#include "ui/VehicleFilterProxyModel.h"
#include "ui/VehicleRemotePanel.h"
#include "ui/VehicleTableModel.h"
#include "ui/VehiclesPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;
using server::campaigns::Role;
using server::commands::CommandRecord;
using server::commands::CommandState;
using server::commands::Operation;
using test::VehicleSpec;
using ui::VehicleTableModel;

namespace {

constexpr int Timeout = 60000; // generous: two cores shared with other builds and TLS handshakes

CommandRecord command(qint64 id, Operation operation, CommandState state = CommandState::Queued)
{
    CommandRecord c;
    c.id = id;
    c.vehicleId = 1;
    c.vin = u"WVWZZZ1JZXW000001"_s;
    c.operation = operation;
    c.state = state;
    c.actor = u"erin"_s;
    c.createdAtMs = 1'790'000'000'000 + id * 1000;
    c.expiresAtMs = c.createdAtMs + server::commands::DefaultExpiryMs;
    return c;
}

QList<qint64> idsOf(const ui::CommandHistoryModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        ids.append(model.commandAt(row).id);
    }
    return ids;
}

} // namespace

class TestCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // Models, no server.
    void historyModelKeepsRowsAcrossRefreshes();
    void bulkModelCountsAndUpdatesRows();
    void channelColumnFollowsChannelsAndFilters();

    // The window on a real server with protocol-level vehicles (no channel).
    void remotePanelSendsCommands();
    void viewerMaySeeButNotSend();
    void destructiveDialogWantsTheVinAndAnAdmin();
    void bulkDialogSendsToTheSelection();

    // Real simulated vehicles with notification channels.
    void commandsReachRealVehicles();

private:
    static VehicleSpec spec(int n);
    QTableView *table() const;
    ui::VehiclesPage *page() const { return m_console.window->vehiclesPage(); }
    ui::VehicleRemotePanel *remote() const { return page()->remote(); }
    int proxyRowOf(const QString &vin) const;
    void selectVehicles(const QStringList &vins);
    // Selects the vehicle, brings the Remote tab to the front and waits for its data.
    void showRemote(const QString &vin);
    QString slotText(Operation operation) const;

    test::Console m_console;
    std::unique_ptr<QTemporaryDir> m_fleetDir;
    std::unique_ptr<agent::Fleet> m_fleet;
};

void TestCommands::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"flotilla-tests"_s);
    QCoreApplication::setApplicationName(u"tst_gui_commands"_s);
}

void TestCommands::init()
{
    QSettings().clear();
}

void TestCommands::cleanup()
{
    m_fleet.reset(); // vehicles first: they would reconnect to a server that is going away
    m_console.stop();
    m_fleetDir.reset();
}

VehicleSpec TestCommands::spec(int n)
{
    VehicleSpec s;
    s.vin = u"WVWZZZ1JZXW%1"_s.arg(n, 6, 10, QLatin1Char('0'));
    s.devId = u"HU-7731-%1"_s.arg(n, 4, 10, QLatin1Char('0'));
    return s;
}

QTableView *TestCommands::table() const
{
    return m_console.window->findChild<QTableView *>(u"vehicleTable"_s);
}

int TestCommands::proxyRowOf(const QString &vin) const
{
    const QAbstractItemModel *model = table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(VehicleTableModel::VinRole).toString() == vin) {
            return row;
        }
    }
    return -1;
}

void TestCommands::selectVehicles(const QStringList &vins)
{
    table()->clearSelection();
    for (const QString &vin : vins) {
        const int row = proxyRowOf(vin);
        QVERIFY(row >= 0);
        table()->selectionModel()->select(table()->model()->index(row, 0),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    table()->selectionModel()->setCurrentIndex(table()->model()->index(proxyRowOf(vins.first()), 0),
                                               QItemSelectionModel::NoUpdate);
}

void TestCommands::showRemote(const QString &vin)
{
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOf(vin) >= 0, Timeout);
    selectVehicles({vin});
    page()->showRemoteTab();
    QTRY_COMPARE_WITH_TIMEOUT(remote()->findChild<QLabel *>(u"remoteTitle"_s)->text(), vin, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(remote()->button(Operation::Lock)->isEnabled() ||
                                 !remote()->button(Operation::Lock)->toolTip().contains(u"Loading"),
                             Timeout);
}

QString TestCommands::slotText(Operation operation) const
{
    const auto *label = remote()->findChild<QLabel *>(u"remote%1State"_s.arg(server::commands::toString(operation)));
    return label ? label->text() : QString();
}

// ----- models -----

void TestCommands::historyModelKeepsRowsAcrossRefreshes()
{
    ManualClock clock(1'790'000'100'000);
    ui::CommandHistoryModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setCommands({command(3, Operation::Lock), command(2, Operation::HornLights), command(1, Operation::Locate)});
    QCOMPARE(idsOf(model), (QList<qint64>{3, 2, 1}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(ui::CommandHistoryModel::ColumnCount));
    for (int column = 0; column < model.columnCount(); ++column) {
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
        QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }
    QCOMPARE(model.index(0, ui::CommandHistoryModel::OperationColumn).data().toString(), u"Lock"_s);
    QCOMPARE(model.index(0, ui::CommandHistoryModel::StateColumn).data().toString(), u"queued"_s);
    QCOMPARE(model.index(0, ui::CommandHistoryModel::ActorColumn).data().toString(), u"erin"_s);

    // Unchanged: nothing.
    reset.clear();
    changed.clear();
    model.setCommands({command(3, Operation::Lock), command(2, Operation::HornLights), command(1, Operation::Locate)});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 0);

    // A new command on top, one finished below, the oldest dropped off the end (the limit).
    CommandRecord climate = command(4, Operation::ClimateOn);
    climate.arguments = QJsonObject{{u"TargetC"_s, 22}};
    CommandRecord refused = command(3, Operation::Lock, CommandState::Refused);
    refused.reason = u"doors are open"_s;
    refused.finishedAtMs = refused.createdAtMs + 500;
    inserted.clear();
    removed.clear();
    changed.clear();
    model.setCommands({climate, refused, command(2, Operation::HornLights)});
    QCOMPARE(idsOf(model), (QList<qint64>{4, 3, 2}));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(model.index(0, ui::CommandHistoryModel::ArgumentsColumn).data().toString(), u"22 °C"_s);
    QCOMPARE(model.index(1, ui::CommandHistoryModel::StateColumn).data().toString(), u"refused"_s);
    QCOMPARE(model.index(1, ui::CommandHistoryModel::ResultColumn).data().toString(), u"doors are open"_s);
    QCOMPARE(model.index(1, 0).data(ui::CommandHistoryModel::StateRole).toInt(), int(CommandState::Refused));

    // One sent from this console shows at once; the store's list then aligns with it.
    inserted.clear();
    model.upsert(command(5, Operation::Unlock));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(idsOf(model), (QList<qint64>{5, 4, 3, 2}));
    model.setCommands(
        {command(5, Operation::Unlock, CommandState::Sent), climate, refused, command(2, Operation::HornLights)});
    QCOMPARE(model.index(0, ui::CommandHistoryModel::StateColumn).data().toString(), u"sent"_s);
    QCOMPARE(reset.size(), 0);

    // Another vehicle's history: a reset.
    model.setCommands({command(9, Operation::Lock)});
    QCOMPARE(reset.size(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestCommands::bulkModelCountsAndUpdatesRows()
{
    ManualClock clock(1'790'000'100'000);
    ui::BulkCommandModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QList<server::commands::BulkEntry> entries;
    for (int n = 1; n <= 4; ++n) {
        CommandRecord c = command(n, Operation::Lock);
        c.vin = spec(n).vin;
        c.bulkId = 7;
        entries.append({c.vin, c, {}});
    }
    entries.append({spec(5).vin, std::nullopt, u"vehicle is not accepted (pending)"_s});
    model.setEntries(entries);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.counts().total, 5);
    QCOMPARE(model.counts().of(CommandState::Queued), 4);
    QCOMPARE(model.counts().notSent, 1);
    QCOMPARE(model.counts().finished, 1);
    QVERIFY(!model.isFinished());
    QCOMPARE(model.index(4, ui::BulkCommandModel::StateColumn).data().toString(), u"not sent"_s);
    QCOMPARE(model.index(4, 0).data(ui::BulkCommandModel::StateRole).toInt(), ui::CommandText::NotSentState);
    QCOMPARE(model.index(4, ui::BulkCommandModel::ResultColumn).data().toString(),
             u"vehicle is not accepted (pending)"_s);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    CommandRecord done = entries.at(1).command.value();
    done.state = CommandState::Succeeded;
    done.finishedAtMs = done.createdAtMs + 800;
    CommandRecord refused = entries.at(2).command.value();
    refused.state = CommandState::Refused;
    refused.reason = u"vehicle is moving"_s;
    refused.finishedAtMs = refused.createdAtMs + 900;
    CommandRecord other = command(99, Operation::Lock); // another command of vehicle 1: not this bulk's
    other.vin = spec(1).vin;
    other.state = CommandState::Failed;
    model.updateCommands({done, refused, other});
    QCOMPARE(changed.size(), 1); // rows 1-2, one run
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 2);
    QCOMPARE(model.counts().of(CommandState::Succeeded), 1);
    QCOMPARE(model.counts().of(CommandState::Refused), 1);
    QCOMPARE(model.counts().of(CommandState::Queued), 2);
    QCOMPARE(model.counts().finished, 3);
    QCOMPARE(model.index(2, ui::BulkCommandModel::ResultColumn).data().toString(), u"vehicle is moving"_s);
    QCOMPARE(model.index(0, ui::BulkCommandModel::StateColumn).data().toString(), u"queued"_s);

    changed.clear();
    model.updateCommands({done}); // the same again: nothing
    QCOMPARE(changed.size(), 0);
}

void TestCommands::channelColumnFollowsChannelsAndFilters()
{
    ManualClock clock(1'790'000'100'000);
    VehicleTableModel model(clock);
    ui::VehicleFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!model.headerData(VehicleTableModel::ChannelColumn, Qt::Horizontal).toString().isEmpty());
    QVERIFY(!model.headerData(VehicleTableModel::ChannelColumn, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());

    // A channel that opens before its vehicle is listed shows once the vehicle is.
    model.setChannelsOpen({spec(2).vin}, true);
    QList<ui::VehicleRow> rows;
    for (int n = 1; n <= 4; ++n) {
        ui::VehicleRow row;
        row.record.id = n;
        row.record.vin = spec(n).vin;
        row.record.state = store::VehicleState::Accepted;
        rows.append(row);
    }
    model.upsert(rows);
    const auto channelOf = [&model](int n) {
        return model.index(model.rowOfVin(spec(n).vin), VehicleTableModel::ChannelColumn);
    };
    QCOMPARE(channelOf(2).data(VehicleTableModel::ChannelRole).toBool(), true);
    QCOMPARE(channelOf(2).data().toString(), u"online"_s);
    QCOMPARE(channelOf(1).data().toString(), u"offline"_s);
    QVERIFY(!channelOf(1).data(Qt::ToolTipRole).toString().isEmpty());

    // One cell per change.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setChannelsOpen({spec(3).vin}, true);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), channelOf(3));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), channelOf(3));
    changed.clear();
    model.setChannelsOpen({spec(3).vin}, true); // already open
    QCOMPARE(changed.size(), 0);

    // A re-fetched record keeps the channel (the feed owns it, not the record).
    model.upsert({rows.at(2)});
    QCOMPARE(channelOf(3).data(VehicleTableModel::ChannelRole).toBool(), true);
    QCOMPARE(model.openChannels().size(), 2);

    // Filter, live.
    proxy.setChannelFilter(true);
    QCOMPARE(proxy.rowCount(), 2);
    model.setChannelsOpen({spec(4).vin}, true);
    QCOMPARE(proxy.rowCount(), 3);
    model.setChannelsOpen({spec(2).vin}, false);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setChannelFilter(false);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setChannelFilter(std::nullopt);
    QCOMPARE(proxy.rowCount(), 4);

    // Sort: offline first, then online, each by VIN.
    proxy.sort(VehicleTableModel::ChannelColumn, Qt::AscendingOrder);
    QStringList order;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        order.append(proxy.index(row, 0).data(VehicleTableModel::VinRole).toString());
    }
    QCOMPARE(order, (QStringList{spec(1).vin, spec(2).vin, spec(3).vin, spec(4).vin}));
    model.setChannelsOpen({spec(1).vin}, true);
    model.setChannelsOpen({spec(3).vin}, false);
    order.clear();
    for (int row = 0; row < proxy.rowCount(); ++row) {
        order.append(proxy.index(row, 0).data(VehicleTableModel::VinRole).toString());
    }
    QCOMPARE(order, (QStringList{spec(2).vin, spec(3).vin, spec(1).vin, spec(4).vin}));
}

// ----- the window, protocol-level vehicles -----

void TestCommands::remotePanelSendsCommands()
{
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console.window->setOperator(u"erin"_s, Role::Engineer);
    const VehicleSpec vehicle = spec(1);
    QCOMPARE(test::registerVehicle(*m_console.runtime, vehicle, true), 200);
    showRemote(vehicle.vin);

    // No channel: the panel says what that means for a command.
    QVERIFY(!remote()->isChannelOpen());
    auto *notice = remote()->findChild<QLabel *>(u"remoteNotice"_s);
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), Timeout);
    QVERIFY2(notice->text().contains(u"next check-in"), qPrintable(notice->text()));
    QVERIFY(notice->text().contains(u"expires in 60 s"));
    QPushButton *lock = remote()->button(Operation::Lock);
    QVERIFY(lock);
    QTRY_VERIFY_WITH_TIMEOUT(lock->isEnabled(), Timeout);
    QVERIFY(lock->toolTip().contains(u"next check-in"));
    QCOMPARE(slotText(Operation::Lock), u"not sent yet"_s);

    // Lock → queued, in the history with its operator, and on the button.
    QTest::mouseClick(lock, Qt::LeftButton);
    ui::CommandHistoryModel *history = remote()->history();
    QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 1, Timeout);
    QCOMPARE(server::commands::toString(history->commandAt(0).operation), server::commands::toString(Operation::Lock));
    QCOMPARE(history->index(0, ui::CommandHistoryModel::StateColumn).data().toString(), u"queued"_s);
    QCOMPARE(history->index(0, ui::CommandHistoryModel::ActorColumn).data().toString(), u"erin"_s);
    QTRY_VERIFY_WITH_TIMEOUT(slotText(Operation::Lock).startsWith(u"queued"), Timeout);
    QVERIFY(slotText(Operation::Lock).contains(u"expires in"));
    QVERIFY(lock->toolTip().contains(u"Last time:"));

    // Climate on with the temperature from the spin box.
    auto *target = remote()->findChild<QSpinBox *>(u"remoteClimateTarget"_s);
    QVERIFY(target);
    target->setValue(23);
    QTest::mouseClick(remote()->button(Operation::ClimateOn), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 2, Timeout);
    QCOMPARE(server::commands::toString(history->commandAt(0).operation),
             server::commands::toString(Operation::ClimateOn));
    QCOMPARE(history->index(0, ui::CommandHistoryModel::ArgumentsColumn).data().toString(), u"23 °C"_s);

    // Read DTCs too; the store holds all three, as the history shows them.
    QTest::mouseClick(remote()->button(Operation::ReadDtcs), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 3, Timeout);
    auto stored = m_console.runtime->fleet().commands().commandsForVehicle(vehicle.vin);
    QVERIFY2(stored, qPrintable(stored.errorString()));
    QCOMPARE(stored->size(), 3);
    QCOMPARE(stored->at(0).actor, u"erin"_s);
    QCOMPARE(stored->at(1).arguments.value(u"TargetC").toInt(), 23);

    // A command sent elsewhere (the API, another console) shows up live.
    auto other = m_console.runtime->fleet().commands().send(vehicle.vin, {Operation::HornLights, {}, 60'000, {}},
                                                            {u"api-user"_s, Role::Admin});
    QVERIFY2(other, qPrintable(other.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 4, Timeout);
    QCOMPARE(history->index(0, ui::CommandHistoryModel::ActorColumn).data().toString(), u"api-user"_s);
    QTRY_VERIFY_WITH_TIMEOUT(slotText(Operation::HornLights).startsWith(u"queued"), Timeout);
}

void TestCommands::viewerMaySeeButNotSend()
{
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console.window->setOperator(u"vera"_s, Role::Viewer);
    const VehicleSpec accepted = spec(1);
    const VehicleSpec pending = spec(2);
    QCOMPARE(test::registerVehicle(*m_console.runtime, accepted, true), 200);
    QCOMPARE(test::registerVehicle(*m_console.runtime, pending, false), 202);
    showRemote(accepted.vin);

    auto *notice = remote()->findChild<QLabel *>(u"remoteNotice"_s);
    QTRY_VERIFY_WITH_TIMEOUT(notice->text().contains(u"engineer or administrator"), Timeout);
    for (const Operation operation :
         {Operation::Lock, Operation::ClimateOn, Operation::FullyLock, Operation::ReadDtcs}) {
        QPushButton *button = remote()->button(operation);
        QVERIFY(!button->isEnabled());
        QVERIFY2(button->toolTip().contains(u"vera (viewer)"), qPrintable(button->toolTip()));
    }
    QVERIFY(remote()->button(Operation::Wipe)->toolTip().contains(u"administrator"));
    selectVehicles({accepted.vin});
    auto *bulk = m_console.window->findChild<QPushButton *>(u"commandVehiclesButton"_s);
    QVERIFY(!bulk->isEnabled());
    QVERIFY(bulk->toolTip().contains(u"engineer or administrator"));

    // An engineer may send to an accepted vehicle, but nobody to a pending one.
    m_console.window->setOperator(u"erin"_s, Role::Engineer);
    QTRY_VERIFY(remote()->button(Operation::Lock)->isEnabled());
    QVERIFY(!remote()->button(Operation::Wipe)->isEnabled()); // administrators only
    QVERIFY(bulk->isEnabled());
    showRemote(pending.vin);
    QTRY_VERIFY_WITH_TIMEOUT(notice->text().contains(u"only accepted vehicles"), Timeout);
    QVERIFY(!remote()->button(Operation::Lock)->isEnabled());
    QVERIFY(remote()->button(Operation::Lock)->toolTip().contains(u"Only accepted vehicles"));
}

void TestCommands::destructiveDialogWantsTheVinAndAnAdmin()
{
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const VehicleSpec vehicle = spec(1);
    QCOMPARE(test::registerVehicle(*m_console.runtime, vehicle, true), 200);
    ui::CommandController *commands = m_console.window->commandController();

    // An engineer: the button is off, and the dialog itself refuses too.
    m_console.window->setOperator(u"erin"_s, Role::Engineer);
    showRemote(vehicle.vin);
    QTRY_VERIFY_WITH_TIMEOUT(remote()->button(Operation::Lock)->isEnabled(), Timeout);
    QVERIFY(!remote()->button(Operation::Wipe)->isEnabled());
    QVERIFY(!remote()->button(Operation::FactoryReset)->isEnabled());
    commands->confirmDestructive(vehicle.vin, Operation::Wipe, remote());
    ui::DestructiveCommandDialog *dialog = commands->destructiveDialog();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(!dialog->isAllowed());
    auto *typed = dialog->findChild<QLineEdit *>(u"confirmVinEdit"_s);
    auto *confirm = dialog->findChild<QPushButton *>(u"confirmDestructiveButton"_s);
    QVERIFY(typed && confirm);
    QVERIFY(!typed->isEnabled());
    typed->setText(vehicle.vin);
    QVERIFY(!confirm->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(u"destructiveHint"_s)->text().contains(u"Only an administrator"));
    dialog->reject();
    QTRY_VERIFY(!commands->destructiveDialog());

    // An administrator: the button opens the dialog; only the exact VIN enables it.
    m_console.window->setOperator(u"ada"_s, Role::Admin);
    QTRY_VERIFY(remote()->button(Operation::Wipe)->isEnabled());
    QTest::mouseClick(remote()->button(Operation::Wipe), Qt::LeftButton);
    QTRY_VERIFY(commands->destructiveDialog() && commands->destructiveDialog()->isVisible());
    dialog = commands->destructiveDialog();
    QVERIFY(dialog->isAllowed());
    QCOMPARE(server::commands::toString(dialog->operation()), server::commands::toString(Operation::Wipe));
    typed = dialog->findChild<QLineEdit *>(u"confirmVinEdit"_s);
    confirm = dialog->findChild<QPushButton *>(u"confirmDestructiveButton"_s);
    QVERIFY(typed->isEnabled());
    QVERIFY(!confirm->isEnabled());
    QTest::keyClicks(typed, vehicle.vin.left(8));
    QVERIFY(!confirm->isEnabled());
    typed->setText(vehicle.vin.toLower());
    QVERIFY(!confirm->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(u"destructiveHint"_s)->text().contains(u"exactly"));
    typed->setText(spec(2).vin);
    QVERIFY(!confirm->isEnabled());
    typed->clear();
    QTest::keyClicks(typed, vehicle.vin);
    QVERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY(!commands->destructiveDialog());

    // Queued with the typed VIN as the server's confirmation, under the administrator's name.
    ui::CommandHistoryModel *history = remote()->history();
    QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 1, Timeout);
    QCOMPARE(server::commands::toString(history->commandAt(0).operation), server::commands::toString(Operation::Wipe));
    QCOMPARE(server::commands::toString(history->commandAt(0).state), server::commands::toString(CommandState::Queued));
    QCOMPARE(history->commandAt(0).actor, u"ada"_s);
}

void TestCommands::bulkDialogSendsToTheSelection()
{
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console.window->setOperator(u"erin"_s, Role::Engineer);
    QStringList vins;
    for (int n = 1; n <= 3; ++n) {
        QCOMPARE(test::registerVehicle(*m_console.runtime, spec(n), true), 200);
        vins.append(spec(n).vin);
    }
    QCOMPARE(test::registerVehicle(*m_console.runtime, spec(4), false), 202); // pending: refused by the server
    vins.append(spec(4).vin);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 4, Timeout);
    selectVehicles(vins);

    auto *button = m_console.window->findChild<QPushButton *>(u"commandVehiclesButton"_s);
    QTRY_VERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    ui::BulkCommandDialog *dialog = m_console.window->commandController()->bulkDialog();
    QVERIFY(dialog && dialog->isVisible());
    QAbstractItemModelTester tester(dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(dialog->findChild<QLabel *>(u"bulkChannelNote"_s)->text().contains(u"0 of 4"));

    // Climate on at 24 °C: the temperature only shows for it.
    auto *temperature = dialog->findChild<QSpinBox *>(u"bulkTemperatureSpin"_s);
    QVERIFY(!temperature->isVisibleTo(dialog));
    dialog->setOperation(Operation::ClimateOn);
    QVERIFY(temperature->isVisibleTo(dialog));
    temperature->setValue(24);
    auto *expiry = dialog->findChild<QComboBox *>(u"bulkExpiryCombo"_s);
    expiry->setCurrentIndex(1); // 5 minutes
    auto *send = dialog->findChild<QPushButton *>(u"bulkSendButton"_s);
    QVERIFY(send->isEnabled());
    QCOMPARE(send->text(), u"Send to 4 vehicles"_s);
    QTest::mouseClick(send, Qt::LeftButton);

    // One row per vehicle: three queued, the pending one not sent with the server's reason.
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isSent(), Timeout);
    const ui::BulkCommandModel *model = dialog->model();
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(model->counts().of(CommandState::Queued), 3);
    QCOMPARE(model->counts().notSent, 1);
    const int pendingRow = model->rowOfVin(spec(4).vin);
    QVERIFY(pendingRow >= 0);
    QVERIFY(!model->rowAt(pendingRow).command);
    QVERIFY(!model->rowAt(pendingRow).error.isEmpty());
    auto *counts = dialog->findChild<QLabel *>(u"bulkCounts"_s);
    QVERIFY2(counts->text().contains(u"3 queued") && counts->text().contains(u"1 not sent"),
             qPrintable(counts->text()));
    auto *results = dialog->findChild<QTableView *>(u"bulkResultsTable"_s);
    QVERIFY(results->isVisible());
    QCOMPARE(results->model()->rowCount(), 4);

    // The server holds one bulk of three, with the arguments and expiry chosen.
    auto bulk = m_console.runtime->fleet().commands().commandsOfBulk(dialog->bulkId());
    QVERIFY2(bulk, qPrintable(bulk.errorString()));
    QCOMPARE(bulk->size(), 3);
    for (const CommandRecord &c : *bulk) {
        QCOMPARE(server::commands::toString(c.operation), server::commands::toString(Operation::ClimateOn));
        QCOMPARE(c.arguments.value(u"TargetC").toInt(), 24);
        QCOMPARE(c.expiresAtMs - c.createdAtMs, 5 * 60'000);
        QCOMPARE(c.actor, u"erin"_s);
    }

    // Cancelled on the server (another operator): the row follows live.
    auto cancelled = m_console.runtime->fleet().commands().cancel(bulk->at(0).id, {u"ada"_s, Role::Admin});
    QVERIFY2(cancelled, qPrintable(cancelled.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(model->counts().of(CommandState::Cancelled), 1, Timeout);
    QTRY_VERIFY(counts->text().contains(u"1 cancelled"));
    dialog->close();
}

// ----- real vehicles -----

void TestCommands::commandsReachRealVehicles()
{
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console.window->setOperator(u"erin"_s, Role::Engineer);
    m_fleetDir = std::make_unique<QTemporaryDir>();
    agent::FleetOptions options;
    options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_console.runtime->devicePort());
    options.caPem = m_console.runtime->caCertificatePem();
    options.enrollmentKey = m_console.runtime->fleet().enrollmentKey();
    options.size = 2;
    options.lanes = 1;
    options.pollSecondsOverride = 3600; // only the notification channel brings them in
    options.registrationRetrySeconds = 1;
    options.dataDir = m_fleetDir->path();
    options.startNow = true;
    m_fleet = std::make_unique<agent::Fleet>(options);
    const Status started = m_fleet->start();
    QVERIFY2(started.ok(), qPrintable(started.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(m_fleet->vins().size(), 2, Timeout);
    const QStringList vins = m_fleet->vins();

    // Both channels come up in the Channel column, and the filter finds them.
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 2, Timeout);
    const auto channelOf = [this](const QString &vin) {
        const int row = proxyRowOf(vin);
        return row < 0 ? QVariant()
                       : table()
                             ->model()
                             ->index(row, VehicleTableModel::ChannelColumn)
                             .data(VehicleTableModel::ChannelRole);
    };
    for (const QString &vin : vins) {
        QTRY_VERIFY_WITH_TIMEOUT(channelOf(vin).toBool(), Timeout);
    }
    auto *filter = m_console.window->findChild<QComboBox *>(u"vehicleChannelFilter"_s);
    filter->setCurrentIndex(filter->findData(0)); // offline only
    QCOMPARE(table()->model()->rowCount(), 0);
    filter->setCurrentIndex(filter->findData(1)); // online only
    QCOMPARE(table()->model()->rowCount(), 2);
    filter->setCurrentIndex(0);

    // Lock reaches the vehicle through its channel and comes back done, with the state it made.
    const QString vin = vins.first();
    showRemote(vin);
    QTRY_VERIFY_WITH_TIMEOUT(remote()->isChannelOpen(), Timeout);
    QVERIFY(!remote()->findChild<QLabel *>(u"remoteNotice"_s)->isVisible());
    ui::CommandHistoryModel *history = remote()->history();
    QTRY_VERIFY_WITH_TIMEOUT(remote()->button(Operation::Lock)->isEnabled(), Timeout);
    QTest::mouseClick(remote()->button(Operation::Lock), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(history->rowCount() == 1 && history->commandAt(0).state == CommandState::Succeeded,
                             Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(slotText(Operation::Lock).startsWith(u"done"), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(remote()->findChild<QLabel *>(u"remoteLocks"_s)->text(), u"locked"_s, Timeout);

    // Unlock, then Engine start: the vehicle refuses with the doors unlocked, and says why.
    QTRY_VERIFY_WITH_TIMEOUT(remote()->button(Operation::Unlock)->isEnabled(), Timeout);
    QTest::mouseClick(remote()->button(Operation::Unlock), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(slotText(Operation::Unlock).startsWith(u"done"), Timeout);
    QTest::mouseClick(remote()->button(Operation::EngineStart), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(slotText(Operation::EngineStart).startsWith(u"refused"), Timeout);
    QVERIFY2(slotText(Operation::EngineStart).contains(u"unlocked"), qPrintable(slotText(Operation::EngineStart)));
    QCOMPARE(server::commands::toString(history->commandAt(0).operation),
             server::commands::toString(Operation::EngineStart));
    QCOMPARE(history->index(0, ui::CommandHistoryModel::StateColumn).data().toString(), u"refused"_s);

    // Locate: the position and its map link.
    QTest::mouseClick(remote()->button(Operation::Locate), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(slotText(Operation::Locate).startsWith(u"done"), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(remote()->findChild<QLabel *>(u"remoteLocation"_s)->text().contains(u"openstreetmap.org"),
                             Timeout);

    // The vehicles go away: their channels go offline live, and the panel says what that means.
    m_fleet.reset();
    for (const QString &v : vins) {
        QTRY_VERIFY_WITH_TIMEOUT(!channelOf(v).toBool(), Timeout);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!remote()->isChannelOpen(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(remote()->findChild<QLabel *>(u"remoteNotice"_s)->isVisible(), Timeout);
}

QTEST_MAIN(TestCommands)
#include "tst_gui_commands.moc"

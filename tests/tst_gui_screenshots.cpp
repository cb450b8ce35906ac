// Screenshot helper for docs/user-guide.md: the console as a demo shows it. A real ServerRuntime
// and the real simulated demo fleet (agent::Fleet, 50 vehicles, 3 without enrollment proof, as
// app/flotilla starts it) fill the window; then the views are rendered with QWidget::grab().
// Writes inventory.png, registrations.png, events.png and enrollment-key.png; then, for the update
// views, imports releases of the hardware most of the fleet carries (images made by
// update::SyntheticImage, as the simulated vehicles make theirs), builds the deltas and rolls the
// newest release out: releases.png, delta-builder.png and inventory-updates.png. Then remote
// commands: a few sent from a vehicle's Remote tab (vehicle-remote.png) and a lock sent to a
// selection (bulk-command.png). All go to
// $FLOTILLA_SCREENSHOT_DIR (default: a temporary folder), e.g.
//   FLOTILLA_SCREENSHOT_DIR=$PWD/docs/screenshots ctest --test-dir build -R tst_gui_screenshots
#include "agent/Fleet.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/BulkCommandDialog.h"
#include "ui/BulkCommandModel.h"
#include "ui/CommandController.h"
#include "ui/CommandHistoryModel.h"
#include "ui/DeltaBuilderDialog.h"
#include "ui/DeltaTableModel.h"
#include "ui/EnrollmentKeyDialog.h"
#include "ui/MainWindow.h"
#include "ui/ReleaseDetailsPanel.h"
#include "ui/ReleaseTableModel.h"
#include "ui/ReleasesPage.h"
#include "ui/VehicleRemotePanel.h"
#include "ui/VehicleTableModel.h"
#include "ui/VehiclesPage.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace flotilla;

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void demoFleet();
    void updates();        // after demoFleet, on the same running fleet
    void remoteCommands(); // after updates, on the same running fleet

private:
    QString outputDir() const;
    void save(QWidget *widget, const QString &name) const;
    // Imports <hwId>-firmware <version> with one target and its synthetic image; 0 on failure.
    qint64 importRelease(const QString &ecu, const QString &hwId, const QString &version, int counter);

    QTemporaryDir m_dataDir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::unique_ptr<agent::Fleet> m_fleet;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestScreenshots::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("flotilla-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_screenshots"));
    QSettings().clear(); // the default window size and layout, as on a first start
    QVERIFY(m_dataDir.isValid());

    server::ServerConfig config;
    config.dataDir = m_dataDir.filePath(QStringLiteral("server"));
    config.deviceListen = QStringLiteral("127.0.0.1:0");
    config.apiListen = QStringLiteral("127.0.0.1:0");
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime.ok(), qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
}

void TestScreenshots::cleanupTestCase()
{
    m_window.reset();
    m_fleet.reset();
    if (m_runtime) {
        m_runtime->stop();
    }
    m_runtime.reset();
}

QString TestScreenshots::outputDir() const
{
    return qEnvironmentVariable("FLOTILLA_SCREENSHOT_DIR", QDir::temp().filePath(QStringLiteral("flotilla-shots")));
}

void TestScreenshots::save(QWidget *widget, const QString &name) const
{
    const QDir dir(outputDir());
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY2(image.save(dir.filePath(name)), qPrintable(dir.filePath(name)));
    qInfo("wrote %s", qPrintable(dir.filePath(name)));
}

qint64 TestScreenshots::importRelease(const QString &ecu, const QString &hwId, const QString &version, int counter)
{
    const QString folder = m_dataDir.filePath(QStringLiteral("releases/%1-%2").arg(hwId, version));
    const update::SyntheticImage image(hwId, version);
    if (const Status written = image.writeFile(QDir(folder).filePath(QStringLiteral("image.bin"))); !written) {
        qWarning("image: %s", qPrintable(written.errorString()));
        return 0;
    }
    const QJsonObject target{{QStringLiteral("Ecu"), ecu},
                             {QStringLiteral("HwId"), hwId},
                             {QStringLiteral("Version"), version},
                             {QStringLiteral("File"), QStringLiteral("image.bin")}};
    const QJsonObject manifest{
        {QStringLiteral("Name"), QString(hwId + QStringLiteral("-firmware"))},
        {QStringLiteral("Version"), version},
        {QStringLiteral("ReleaseCounter"), counter},
        {QStringLiteral("Kind"), QStringLiteral("firmware")},
        {QStringLiteral("Rxswin"), QJsonArray{QStringLiteral("R156-%1-%2").arg(hwId.toUpper()).arg(counter)}},
        {QStringLiteral("Preconditions"), QJsonObject{{QStringLiteral("MinBatteryPct"), 40},
                                                      {QStringLiteral("Parked"), true},
                                                      {QStringLiteral("Consent"), QStringLiteral("not-required")}}},
        {QStringLiteral("UserText"),
         QJsonObject{{QStringLiteral("en"), QStringLiteral("Improved connectivity. Takes about 10 minutes.")}}},
        {QStringLiteral("Targets"), QJsonArray{target}}};
    QFile file(QDir(folder).filePath(QStringLiteral("release.json")));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(manifest).toJson()) < 0) {
        return 0;
    }
    file.close();
    // Set-up, not under test (tst_gui_releases imports through the dialog): the OEM's release
    // pipeline, as flotillactl release import would.
    auto release = m_runtime->fleet().releases().importFolder(folder, QStringLiteral("release-bot"));
    if (!release) {
        qWarning("import: %s", qPrintable(release.errorString()));
        return 0;
    }
    return release->id;
}

void TestScreenshots::demoFleet()
{
    constexpr int Timeout = 120000; // 50 TLS registrations and sessions on a shared 2-core machine
    constexpr int Size = 50;
    constexpr int WithoutProof = 3;

    m_window = std::make_unique<ui::MainWindow>(m_runtime->fleet());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    agent::FleetOptions options;
    options.serverUrl = m_runtime->localDeviceUrl().chopped(3); // without "/dm"
    options.caPem = m_runtime->caCertificatePem();
    options.enrollmentKey = m_runtime->fleet().enrollmentKey();
    options.size = Size;
    options.withoutProof = WithoutProof;
    options.lanes = 1;
    options.pollSecondsOverride = 30;
    options.registrationRetrySeconds = 10;
    options.dataDir = m_dataDir.filePath(QStringLiteral("fleet"));
    options.startNow = true;
    m_fleet = std::make_unique<agent::Fleet>(options);
    const Status started = m_fleet->start();
    QVERIFY2(started.ok(), qPrintable(started.errorString()));
    m_window->setDemoFleetRunning(true, Size);

    auto *table = m_window->findChild<QTableView *>(QStringLiteral("vehicleTable"));
    auto *counts = m_window->findChild<QLabel *>(QStringLiteral("countsLabel"));
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), Size, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(
        counts->text(),
        QStringLiteral("Vehicles: %1 · Online: %2 · Pending: %3").arg(Size).arg(Size - WithoutProof).arg(WithoutProof),
        Timeout);

    // Show the details of an accepted vehicle that has checked in.
    int row = 0;
    while (row < table->model()->rowCount() &&
           table->model()->index(row, 0).data(ui::VehicleTableModel::StateRole).toInt() !=
               int(store::VehicleState::Accepted)) {
        ++row;
    }
    QVERIFY(row < table->model()->rowCount());
    const QString vin = table->model()->index(row, 0).data(ui::VehicleTableModel::VinRole).toString();
    table->setCurrentIndex(table->model()->index(row, 0));
    table->selectRow(row);
    auto *details = m_window->findChild<QWidget *>(QStringLiteral("vehicleDetails"));
    QTRY_COMPARE_WITH_TIMEOUT(details->findChild<QLabel *>(QStringLiteral("detailsVin"))->text(), vin, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(details->findChild<QTableWidget *>(QStringLiteral("detailsSessionsTable"))->rowCount() > 0,
                             Timeout);
    QTest::qWait(1200); // one "last seen" tick, so the relative times read like a live console

    save(m_window.get(), QStringLiteral("inventory.png"));

    m_window->showPage(ui::MainWindow::RegistrationsView);
    auto *registrations = m_window->findChild<QTableView *>(QStringLiteral("registrationsView"));
    QTRY_COMPARE_WITH_TIMEOUT(registrations->model()->rowCount(), WithoutProof, Timeout);
    registrations->selectRow(0);
    save(m_window.get(), QStringLiteral("registrations.png"));

    m_window->showPage(ui::MainWindow::EventsView);
    save(m_window.get(), QStringLiteral("events.png"));

    m_window->findChild<QAction *>(QStringLiteral("enrollmentKeyAction"))->trigger();
    ui::EnrollmentKeyDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<ui::EnrollmentKeyDialog *>()) && !dialog->key().isEmpty(),
                             Timeout);
    save(dialog, QStringLiteral("enrollment-key.png"));
    dialog->close();
    m_window->showPage(ui::MainWindow::VehiclesView);
}

void TestScreenshots::updates()
{
    constexpr int Timeout = 240000; // deltas of MiB images and 30 s poll intervals on 2 shared cores
    QVERIFY(m_window && m_fleet);

    // The hardware most vehicles carry, the ECU it is, and the versions the fleet runs of it.
    const ui::VehicleTableModel *vehicles = m_window->vehiclesPage()->model();
    QHash<QString, QStringList> vinsByHwId;
    QHash<QString, QString> ecuOf;
    QHash<QString, QSet<QString>> versionsOf;
    for (int row = 0; row < vehicles->rowCount(); ++row) {
        const store::VehicleRecord &vehicle = vehicles->vehicleAt(row).record;
        if (vehicle.state != store::VehicleState::Accepted) {
            continue;
        }
        for (const QJsonValue &value : vehicle.ecus) {
            const QJsonObject ecu = value.toObject();
            const QString hwId = ecu.value(u"HwId").toString();
            vinsByHwId[hwId].append(vehicle.vin);
            ecuOf.insert(hwId, ecu.value(u"Ecu").toString());
            versionsOf[hwId].insert(ecu.value(u"SwV").toString());
        }
    }
    // The three most common, most common first (ties by name: the same on every run).
    QStringList hwIds = vinsByHwId.keys();
    std::sort(hwIds.begin(), hwIds.end(), [&vinsByHwId](const QString &a, const QString &b) {
        const qsizetype na = vinsByHwId.value(a).size();
        const qsizetype nb = vinsByHwId.value(b).size();
        return na != nb ? na > nb : a < b;
    });
    hwIds = hwIds.mid(0, 3);
    QVERIFY(!hwIds.isEmpty());

    // Per hardware: the releases the fleet runs (so the console holds their images to build
    // deltas from), and a new one, the newest minor version plus one.
    int counter = 0;
    QHash<QString, qint64> newRelease; // hwId → id
    for (const QString &hwId : std::as_const(hwIds)) {
        QStringList running(versionsOf.value(hwId).cbegin(), versionsOf.value(hwId).cend());
        std::sort(running.begin(), running.end());
        for (const QString &version : std::as_const(running)) {
            QVERIFY(importRelease(ecuOf.value(hwId), hwId, version, ++counter) > 0);
        }
        const QRegularExpressionMatch semver =
            QRegularExpression(QStringLiteral("^(\\d+)\\.(\\d+)\\.\\d+$")).match(running.constLast());
        const QString newVersion =
            semver.hasMatch() ? QStringLiteral("%1.%2.0").arg(semver.captured(1)).arg(semver.captured(2).toInt() + 1)
                              : running.constLast() + QStringLiteral("-1");
        newRelease.insert(hwId, importRelease(ecuOf.value(hwId), hwId, newVersion, ++counter));
        QVERIFY(newRelease.value(hwId) > 0);
    }
    const QString hwId = hwIds.constFirst();
    const qint64 releaseId = newRelease.value(hwId);
    const qsizetype sources = versionsOf.value(hwId).size();

    // Delta builder: the versions the fleet runs are checked; build them all.
    m_window->showPage(ui::MainWindow::ReleasesView);
    ui::ReleasesPage *page = m_window->releasesPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), counter, Timeout);
    page->selectRelease(releaseId);
    QTRY_COMPARE_WITH_TIMEOUT(page->currentReleaseId(), releaseId, Timeout);
    page->showDeltaBuilder(releaseId);
    auto *builder = m_window->findChild<ui::DeltaBuilderDialog *>(QStringLiteral("deltaBuilderDialog"));
    QVERIFY(builder);
    QTRY_VERIFY_WITH_TIMEOUT(!builder->checkedVersions().isEmpty(), Timeout);
    auto *build = builder->findChild<QPushButton *>(QStringLiteral("deltaBuildButton"));
    QTRY_VERIFY_WITH_TIMEOUT(build->isEnabled(), Timeout);
    QTest::mouseClick(build, Qt::LeftButton);
    const ui::DeltaTableModel *deltas = builder->model();
    // Every source version has its deltas (a row appears when its build starts) and none is
    // still building.
    const auto settled = [deltas, sources] {
        int done = 0;
        QSet<QString> from;
        for (int row = 0; row < deltas->rowCount(); ++row) {
            const ui::DeltaRow &delta = deltas->rowAt(row);
            const store::DeltaState state = delta.record.state;
            done += state == store::DeltaState::Ready || state == store::DeltaState::NotWorthIt ||
                    state == store::DeltaState::Failed;
            if (!delta.record.fromSha256.isEmpty()) {
                from.insert(delta.fromVersion);
            }
        }
        return from.size() == sources && done == deltas->rowCount();
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isBuilding(), Timeout);
    save(builder, QStringLiteral("delta-builder.png"));
    builder->close();

    // Roll it out to every vehicle with that hardware, and follow it in the inventory: queued,
    // downloading, installing and done side by side while the vehicles come in for their sessions.
    for (const QString &id : std::as_const(hwIds)) {
        // A vehicle that carries two of them gets the first; the engine refuses the second.
        auto assigned =
            m_runtime->fleet().updates().assign(newRelease.value(id), vinsByHwId.value(id), QStringLiteral("operator"));
        QVERIFY2(assigned, qPrintable(assigned.errorString()));
    }
    m_window->showPage(ui::MainWindow::VehiclesView);
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("vehicleTable"));
    table->sortByColumn(ui::VehicleTableModel::UpdateColumn, Qt::DescendingOrder);
    const auto count = [table](store::JobState state) {
        int n = 0;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QVariant job = table->model()
                                     ->index(row, 0)
                                     .siblingAtColumn(ui::VehicleTableModel::UpdateColumn)
                                     .data(ui::VehicleTableModel::JobStateRole);
            n += job.isValid() && job.toInt() == int(state);
        }
        return n;
    };
    // A few done while others are still on their way: the states side by side.
    QTRY_VERIFY_WITH_TIMEOUT(count(store::JobState::Succeeded) >= 2, Timeout);
    table->scrollToTop();
    table->setCurrentIndex(table->model()->index(0, 0));
    table->selectRow(0);
    const QString vin = table->model()->index(0, 0).data(ui::VehicleTableModel::VinRole).toString();
    auto *details = m_window->findChild<QWidget *>(QStringLiteral("vehicleDetails"));
    QTRY_COMPARE_WITH_TIMEOUT(details->findChild<QLabel *>(QStringLiteral("detailsVin"))->text(), vin, Timeout);
    QTest::qWait(1200); // the details' job history and a "last seen" tick
    save(m_window.get(), QStringLiteral("inventory-updates.png"));

    // The release with its hashes and how its jobs stand.
    m_window->showPage(ui::MainWindow::ReleasesView);
    auto *releaseDetails = page->details();
    QTRY_VERIFY_WITH_TIMEOUT(
        releaseDetails->findChild<QLabel *>(QStringLiteral("releaseJobsSummary"))->text().contains(u"jobs"), Timeout);
    save(m_window.get(), QStringLiteral("releases.png"));
    m_window->showPage(ui::MainWindow::VehiclesView);
}

void TestScreenshots::remoteCommands()
{
    using server::commands::CommandState;
    using server::commands::Operation;
    constexpr int Timeout = 120000;
    QVERIFY(m_window && m_fleet);
    m_window->setOperator(QStringLiteral("jordan"), server::campaigns::Role::Engineer);
    m_window->showPage(ui::MainWindow::VehiclesView);
    ui::VehiclesPage *page = m_window->vehiclesPage();
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("vehicleTable"));
    table->sortByColumn(ui::VehicleTableModel::VinColumn, Qt::AscendingOrder);

    // Accepted vehicles whose notification channel is up: commands reach them at once.
    const auto reachable = [table] {
        QStringList vins;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QModelIndex index = table->model()->index(row, 0);
            if (index.data(ui::VehicleTableModel::StateRole).toInt() == int(store::VehicleState::Accepted) &&
                index.data(ui::VehicleTableModel::ChannelRole).toBool()) {
                vins.append(index.data(ui::VehicleTableModel::VinRole).toString());
            }
        }
        return vins;
    };
    QTRY_VERIFY_WITH_TIMEOUT(reachable().size() >= 13, Timeout);
    const QStringList vins = reachable();

    // One vehicle, a morning's worth of commands from its Remote tab, each waited for.
    const QString vin = vins.first();
    const int row = [table, &vin] {
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, 0).data(ui::VehicleTableModel::VinRole).toString() == vin) {
                return r;
            }
        }
        return -1;
    }();
    QVERIFY(row >= 0);
    table->setCurrentIndex(table->model()->index(row, 0));
    table->selectRow(row);
    page->showRemoteTab();
    ui::VehicleRemotePanel *remote = page->remote();
    QTRY_COMPARE_WITH_TIMEOUT(remote->findChild<QLabel *>(QStringLiteral("remoteTitle"))->text(), vin, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(remote->isChannelOpen(), Timeout);
    remote->findChild<QSpinBox *>(QStringLiteral("remoteClimateTarget"))->setValue(22);
    const ui::CommandHistoryModel *history = remote->history();
    for (const Operation operation : {Operation::HornLights, Operation::Unlock, Operation::EngineStart, Operation::Lock,
                                      Operation::ClimateOn, Operation::ReadDtcs, Operation::Locate}) {
        const int before = history->rowCount();
        QPushButton *button = remote->button(operation);
        QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), Timeout);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            history->rowCount() > before && server::commands::isFinished(history->commandAt(0).state), Timeout);
    }
    QTest::qWait(1200); // the status read after the last command, and a tick of the relative times

    // Room for the whole tab: a taller window and a wider right pane, for this picture only.
    const QSize size = m_window->size();
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("vehicleSplitter"));
    const QList<int> sizes = splitter->sizes();
    m_window->resize(1500, 1240);
    splitter->setSizes({820, 680});
    QTest::qWait(300);
    save(m_window.get(), QStringLiteral("vehicle-remote.png"));
    m_window->resize(size);
    splitter->setSizes(sizes);

    // A lock for twelve vehicles and one that is still pending (the server sends it none).
    QStringList selection = vins.mid(1, 12);
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        const QModelIndex index = table->model()->index(r, 0);
        if (index.data(ui::VehicleTableModel::StateRole).toInt() == int(store::VehicleState::Pending)) {
            selection.append(index.data(ui::VehicleTableModel::VinRole).toString());
            break;
        }
    }
    table->clearSelection();
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        const QModelIndex index = table->model()->index(r, 0);
        if (selection.contains(index.data(ui::VehicleTableModel::VinRole).toString())) {
            table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    page->commandSelected();
    ui::BulkCommandDialog *dialog = m_window->commandController()->bulkDialog();
    QVERIFY(dialog);
    dialog->setOperation(Operation::Lock);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("bulkSendButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isSent(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->model()->isFinished(), Timeout);
    QTest::qWait(400); // the last row's repaint
    save(dialog, QStringLiteral("bulk-command.png"));
    dialog->close();
}

QTEST_MAIN(TestScreenshots)
#include "tst_gui_screenshots.moc"

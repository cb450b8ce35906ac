// Screenshot helper for docs/user-guide.md: the console as a demo shows it. A real ServerRuntime
// and the real simulated demo fleet (agent::Fleet, 50 vehicles, 3 without enrollment proof, as
// app/flotilla starts it) fill the window; then the views are rendered with QWidget::grab().
// Writes inventory.png, registrations.png, events.png and enrollment-key.png to
// $FLOTILLA_SCREENSHOT_DIR (default: a temporary folder), e.g.
//   FLOTILLA_SCREENSHOT_DIR=$PWD/docs/screenshots ctest --test-dir build -R tst_gui_screenshots
#include "agent/Fleet.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "ui/EnrollmentKeyDialog.h"
#include "ui/MainWindow.h"
#include "ui/VehicleTableModel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace flotilla;

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void demoFleet();

private:
    QString outputDir() const;

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

    const QDir dir(outputDir());
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    const auto save = [&dir](QWidget *widget, const QString &name) {
        const QImage image = widget->grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY2(image.save(dir.filePath(name)), qPrintable(dir.filePath(name)));
        qInfo("wrote %s", qPrintable(dir.filePath(name)));
    };
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

QTEST_MAIN(TestScreenshots)
#include "tst_gui_screenshots.moc"

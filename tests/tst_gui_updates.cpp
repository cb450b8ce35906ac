// Updates through the window on a real embedded server: vehicles register through the real
// device endpoint, a release is imported, and the operator assigns it from the inventory (toolbar
// and context menu) and from the release's details, sees per vehicle whether it applies and what
// the engine answered, follows the job in the inventory's Update column and the vehicle's job
// history, cancels it there, and rotates the instruction-signing key.
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/UpdateEngine.h"
#include "tests/tst_gui_console.h"
#include "tests/tst_gui_fixtures.h"
#include "ui/AssignDialog.h"
#include "ui/AssignmentModel.h"
#include "ui/MainWindow.h"
#include "ui/ReleaseDetailsPanel.h"
#include "ui/ReleaseTableModel.h"
#include "ui/ReleasesPage.h"
#include "ui/SigningKeysDialog.h"
#include "ui/UpdateController.h"
#include "ui/VehicleTableModel.h"
#include "ui/VehiclesPage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace flotilla;
using test::VehicleSpec;
using ui::AssignmentModel;
using ui::VehicleTableModel;

namespace {

constexpr int Timeout = 30000; // generous: two cores shared with other builds

} // namespace

class TestUpdates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void assignFromInventoryQueuesJob();
    void engineRefusalIsShownPerVehicle();
    void cancelFromVehicleDetails();
    void assignFromReleaseDetails();
    void signingKeysRotateAndPromote();

private:
    static VehicleSpec spec(int n);
    // Registers the test's vehicles: 1 fits the release, 2 has other hardware, 3 waits pending.
    void registerFleet();
    qint64 importRelease(); // hu-firmware 1.3.0 for hu-gen3
    QTableView *table() const { return m_console.window->findChild<QTableView *>(QStringLiteral("vehicleTable")); }
    int proxyRowOf(const QString &vin) const;
    QVariant cell(const QString &vin, int column, int role = Qt::DisplayRole) const;
    void selectVehicles(const QStringList &vins);
    ui::AssignDialog *assignDialog() const;
    int assignmentRow(const QString &vin) const;

    test::Console m_console;
};

void TestUpdates::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("flotilla-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_updates"));
}

void TestUpdates::init()
{
    QSettings().clear();
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestUpdates::cleanup()
{
    m_console.stop();
}

VehicleSpec TestUpdates::spec(int n)
{
    VehicleSpec s;
    s.vin = QStringLiteral("WVWZZZ1JZXW%1").arg(n, 6, 10, QLatin1Char('0'));
    s.devId = QStringLiteral("HU-7731-%1").arg(n, 4, 10, QLatin1Char('0'));
    return s;
}

void TestUpdates::registerFleet()
{
    QCOMPARE(test::registerVehicle(*m_console.runtime, spec(1), true), 200);
    VehicleSpec other = spec(2);
    other.model = QStringLiteral("Golf");
    other.ecus = {{QStringLiteral("headunit"), QStringLiteral("hu-gen2"), QStringLiteral("0.9.1")}};
    QCOMPARE(test::registerVehicle(*m_console.runtime, other, true), 200);
    QCOMPARE(test::registerVehicle(*m_console.runtime, spec(3), false), 202); // no proof: waits for an operator
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 3, Timeout);
}

qint64 TestUpdates::importRelease()
{
    const QString folder =
        test::writeReleaseFolder(m_console.work->path(), QStringLiteral("hu-firmware"), QStringLiteral("1.3.0"),
                                 {{QStringLiteral("headunit"), QStringLiteral("hu-gen3"),
                                   QStringLiteral("headunit.bin"), test::generatedImage(7, 64 * 1024)}});
    // Set-up, not under test: the Releases view's import has its own test (tst_gui_releases).
    auto release = m_console.runtime->fleet().releases().importFolder(folder, QStringLiteral("tester"));
    if (!release) {
        qWarning("import: %s", qPrintable(release.errorString()));
        return 0;
    }
    return release->id;
}

int TestUpdates::proxyRowOf(const QString &vin) const
{
    const QAbstractItemModel *model = table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(VehicleTableModel::VinRole).toString() == vin) {
            return row;
        }
    }
    return -1;
}

QVariant TestUpdates::cell(const QString &vin, int column, int role) const
{
    const int row = proxyRowOf(vin);
    return row < 0 ? QVariant() : table()->model()->index(row, column).data(role);
}

void TestUpdates::selectVehicles(const QStringList &vins)
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

ui::AssignDialog *TestUpdates::assignDialog() const
{
    return m_console.window->updateController()->assignDialog();
}

int TestUpdates::assignmentRow(const QString &vin) const
{
    const AssignmentModel *model = assignDialog()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->rowAt(row).vin == vin) {
            return row;
        }
    }
    return -1;
}

void TestUpdates::assignFromInventoryQueuesJob()
{
    registerFleet();
    QVERIFY(importRelease() > 0);
    const QString fits = spec(1).vin;
    const QString otherHardware = spec(2).vin;
    const QString pending = spec(3).vin;
    QVERIFY(!cell(fits, VehicleTableModel::UpdateColumn, VehicleTableModel::JobStateRole).isValid());

    selectVehicles({fits, otherHardware, pending});
    auto *update = m_console.window->findChild<QPushButton *>(QStringLiteral("updateVehiclesButton"));
    QVERIFY(update->isEnabled());
    QTest::mouseClick(update, Qt::LeftButton);
    ui::AssignDialog *dialog = assignDialog();
    QVERIFY(dialog && dialog->isVisible());
    QAbstractItemModelTester tester(dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Per vehicle: whether it applies, and what changes or why not.
    auto *releases = dialog->findChild<QComboBox *>(QStringLiteral("assignRelease"));
    QTRY_COMPARE_WITH_TIMEOUT(releases->count(), 1, Timeout);
    QCOMPARE(releases->currentText(), QStringLiteral("hu-firmware 1.3.0"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->rowCount(), 3, Timeout);
    const AssignmentModel::Row &yes = dialog->model()->rowAt(assignmentRow(fits));
    QVERIFY(yes.check.applies && yes.checked);
    QCOMPARE(yes.check.text, QStringLiteral("headunit 1.2.0 → 1.3.0"));
    const AssignmentModel::Row &no = dialog->model()->rowAt(assignmentRow(otherHardware));
    QVERIFY(!no.check.applies);
    QVERIFY2(no.check.text.startsWith(u"No ECU with the release's hardware"), qPrintable(no.check.text));
    QCOMPARE(dialog->model()->rowAt(assignmentRow(pending)).check.text, QStringLiteral("Not accepted (Pending)"));
    QVERIFY(!(dialog->model()->flags(dialog->model()->index(assignmentRow(pending), 0)) & Qt::ItemIsUserCheckable));
    auto *summary = dialog->findChild<QLabel *>(QStringLiteral("assignSummary"));
    QVERIFY2(summary->text().contains(u"applies to 1 of 3 vehicles"), qPrintable(summary->text()));

    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("confirmAssignButton"));
    QVERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->model()->hasResults(), Timeout);
    const AssignmentModel::Row &done = dialog->model()->rowAt(assignmentRow(fits));
    QVERIFY(done.accepted && *done.accepted);
    QVERIFY2(done.result.startsWith(u"Job ") && done.result.endsWith(u"Queued"), qPrintable(done.result));
    QVERIFY(summary->text().contains(u"queued for hu-firmware 1.3.0"));
    QVERIFY(!confirm->isEnabled()); // answered: a second click must not assign twice

    // The inventory's Update column follows the engine.
    // As QVariants: without a job the role is invalid, and toInt() would read that as Queued (0).
    QTRY_COMPARE_WITH_TIMEOUT(cell(fits, VehicleTableModel::UpdateColumn, VehicleTableModel::JobStateRole),
                              QVariant(int(store::JobState::Queued)), Timeout);
    QCOMPARE(cell(fits, VehicleTableModel::UpdateColumn).toString(), QStringLiteral("Queued"));
    QVERIFY(cell(fits, VehicleTableModel::UpdateColumn, Qt::ToolTipRole).toString().contains(u"hu-firmware 1.3.0"));
    QVERIFY(!cell(otherHardware, VehicleTableModel::UpdateColumn, VehicleTableModel::JobStateRole).isValid());
    QVERIFY(!cell(pending, VehicleTableModel::UpdateColumn, VehicleTableModel::JobStateRole).isValid());
    dialog->close();
}

void TestUpdates::engineRefusalIsShownPerVehicle()
{
    registerFleet();
    const qint64 releaseId = importRelease();
    QVERIFY(releaseId > 0);
    const QString vin = spec(1).vin;

    // Context menu ▸ Update… on the vehicle.
    selectVehicles({vin});
    const QRect rect = table()->visualRect(table()->model()->index(proxyRowOf(vin), 0));
    Q_EMIT table()->customContextMenuRequested(rect.center());
    QMenu *menu = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((menu = m_console.window->findChild<QMenu *>(QStringLiteral("vehicleContextMenu"))),
                             Timeout);
    auto *action = menu->findChild<QAction *>(QStringLiteral("updateVehicleAction"));
    QVERIFY(action && action->isEnabled());
    action->trigger();
    menu->close();
    ui::AssignDialog *dialog = assignDialog();
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->rowCount(), 1, Timeout);
    QVERIFY(dialog->model()->rowAt(0).check.applies);

    // Someone else assigns it meanwhile (a script through the API): the engine refuses this one.
    auto other = m_console.runtime->fleet().updates().assign(releaseId, {vin}, QStringLiteral("script"));
    QVERIFY(other && other->first().job);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmAssignButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->model()->hasResults(), Timeout);
    const AssignmentModel::Row &row = dialog->model()->rowAt(0);
    QVERIFY(row.accepted && !*row.accepted);
    QVERIFY2(row.result.startsWith(u"Refused: busy with update job"), qPrintable(row.result));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("assignSummary"))->text().contains(u"refused"));
    dialog->close();
}

void TestUpdates::cancelFromVehicleDetails()
{
    registerFleet();
    const qint64 releaseId = importRelease();
    QVERIFY(releaseId > 0);
    const QString vin = spec(1).vin;
    auto assigned = m_console.runtime->fleet().updates().assign(releaseId, {vin}, QStringLiteral("tester"));
    QVERIFY(assigned && assigned->first().job);
    QTRY_COMPARE_WITH_TIMEOUT(cell(vin, VehicleTableModel::UpdateColumn, VehicleTableModel::JobStateRole),
                              QVariant(int(store::JobState::Queued)), Timeout);

    // The vehicle's job history: the job, open, with Cancel.
    selectVehicles({vin});
    table()->setCurrentIndex(table()->model()->index(proxyRowOf(vin), 0));
    auto *details = m_console.window->findChild<QWidget *>(QStringLiteral("vehicleDetails"));
    auto *jobs = details->findChild<QTreeWidget *>(QStringLiteral("detailsJobs"));
    QTRY_COMPARE_WITH_TIMEOUT(jobs->topLevelItemCount(), 1, Timeout);
    QCOMPARE(jobs->topLevelItem(0)->text(0), QStringLiteral("hu-firmware 1.3.0"));
    QCOMPARE(jobs->topLevelItem(0)->text(1), QStringLiteral("Queued"));
    auto *cancel = details->findChild<QPushButton *>(QStringLiteral("detailsCancelJobButton"));
    QVERIFY(cancel->isVisible() && cancel->isEnabled());

    QTest::mouseClick(cancel, Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (box = m_console.window->findChild<QMessageBox *>(QStringLiteral("cancelJobConfirmation"))), Timeout);
    QVERIFY(box->informativeText().contains(u"finishes and reports"));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmCancelJobButton")), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(cell(vin, VehicleTableModel::UpdateColumn, VehicleTableModel::JobStateRole),
                              QVariant(int(store::JobState::Cancelled)), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(jobs->topLevelItem(0)->text(1), QStringLiteral("Cancelled"), Timeout);
    QVERIFY(!cancel->isEnabled());
    // The reason the engine recorded is in the job's lines.
    QTreeWidgetItem *job = jobs->topLevelItem(0);
    QVERIFY(job->isExpanded() && job->childCount() > 0);
    QCOMPARE(job->child(0)->text(0), QStringLiteral("Reason"));
    QVERIFY(job->child(0)->text(1).startsWith(u"cancelled by"));
}

void TestUpdates::assignFromReleaseDetails()
{
    registerFleet();
    const qint64 releaseId = importRelease();
    QVERIFY(releaseId > 0);
    m_console.window->showPage(ui::MainWindow::ReleasesView);
    ui::ReleasesPage *page = m_console.window->releasesPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(page->currentReleaseId(), releaseId, Timeout); // the only one, selected
    auto *details = page->findChild<ui::ReleaseDetailsPanel *>(QStringLiteral("releaseDetails"));
    QTest::mouseClick(details->findChild<QPushButton *>(QStringLiteral("releaseAssignButton")), Qt::LeftButton);

    // Candidates: the vehicles carrying hu-gen3 (the pending one too, which cannot be updated).
    ui::AssignDialog *dialog = assignDialog();
    QVERIFY(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->releaseId(), releaseId, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->rowCount(), 2, Timeout);
    QVERIFY(assignmentRow(spec(1).vin) >= 0 && assignmentRow(spec(3).vin) >= 0);
    QCOMPARE(assignmentRow(spec(2).vin), -1);
    QCOMPARE(dialog->model()->checkedVins(), QStringList{spec(1).vin});

    // Check none, then the one vehicle by its checkbox.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("assignCheckNone")), Qt::LeftButton);
    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("confirmAssignButton"));
    QVERIFY(!confirm->isEnabled());
    auto *view = dialog->findChild<QTableView *>(QStringLiteral("assignVehicles"));
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, AssignmentModel::VinColumn);
        if (index.data().toString() == spec(1).vin) {
            QVERIFY(view->model()->setData(index, Qt::Checked, Qt::CheckStateRole));
        }
    }
    QVERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->model()->hasResults(), Timeout);

    // The release's details count the job.
    QTRY_COMPARE_WITH_TIMEOUT(details->jobCounts().value(store::JobState::Queued), 1, Timeout);
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("releaseJobsSummary"))->text().contains(u"1 jobs"));
    dialog->close();
}

void TestUpdates::signingKeysRotateAndPromote()
{
    m_console.window->findChild<QAction *>(QStringLiteral("signingKeysAction"))->trigger();
    auto *dialog = m_console.window->findChild<ui::SigningKeysDialog *>(QStringLiteral("signingKeysDialog"));
    QVERIFY(dialog && dialog->isVisible());
    auto *keys = dialog->findChild<QTableWidget *>(QStringLiteral("signingKeysTable"));
    QTRY_COMPARE_WITH_TIMEOUT(keys->rowCount(), 1, Timeout);
    QCOMPARE(keys->item(0, 1)->text(), QStringLiteral("Active"));
    auto *rotate = dialog->findChild<QPushButton *>(QStringLiteral("rotateSigningKeyButton"));
    auto *promote = dialog->findChild<QPushButton *>(QStringLiteral("promoteSigningKeyButton"));
    QVERIFY(rotate->isEnabled());
    QVERIFY(!promote->isEnabled());

    QTest::mouseClick(rotate, Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = dialog->findChild<QMessageBox *>(QStringLiteral("rotateSigningKeyConfirmation"))),
                             Timeout);
    QVERIFY(box->informativeText().contains(u"Step 1") && box->informativeText().contains(u"Step 2"));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmRotateSigningKeyButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(keys->rowCount(), 2, Timeout);
    QCOMPARE(keys->item(0, 1)->text(), QStringLiteral("Next")); // newest first
    QCOMPARE(keys->item(1, 1)->text(), QStringLiteral("Active"));
    QTRY_VERIFY_WITH_TIMEOUT(promote->isEnabled(), Timeout);
    QVERIFY(!rotate->isEnabled()); // one rotation at a time
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("signingKeysReadiness"))->text().contains(u"Ready to promote"));

    QTest::mouseClick(promote, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT((box = dialog->findChild<QMessageBox *>(QStringLiteral("promoteSigningKeyConfirmation"))),
                             Timeout);
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmPromoteSigningKeyButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(keys->item(0, 1)->text(), QStringLiteral("Active"), Timeout);
    QCOMPARE(keys->item(1, 1)->text(), QStringLiteral("Retired"));
    QTRY_VERIFY_WITH_TIMEOUT(rotate->isEnabled(), Timeout);
    QVERIFY(!promote->isEnabled());
}

QTEST_MAIN(TestUpdates)
#include "tst_gui_updates.moc"

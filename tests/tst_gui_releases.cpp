// The Releases view on a real embedded server: releases imported through the Import… dialog's
// widgets (a folder the test writes with release.json and small generated images, and a release
// put together on the "Build here" tab), the details with the images' hashes, the refusal of a
// duplicate, problems shown in plain words, and the delta builder building payloads.
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/releases/ReleaseService.h"
#include "tests/tst_gui_console.h"
#include "tests/tst_gui_fixtures.h"
#include "ui/DeltaBuilderDialog.h"
#include "ui/DeltaTableModel.h"
#include "ui/MainWindow.h"
#include "ui/ReleaseDetailsPanel.h"
#include "ui/ReleaseImportDialog.h"
#include "ui/ReleaseTableModel.h"
#include "ui/ReleasesPage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace flotilla;
using ui::ReleaseTableModel;

namespace {

constexpr int Timeout = 30000; // generous: two cores shared with other builds

QString hex(QCryptographicHash::Algorithm algorithm, const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, algorithm).toHex());
}

} // namespace

class TestReleases : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void importFromFolderShowsHashes();
    void duplicateImportShowsError();
    void folderProblemsInPlainWords();
    void buildHereImportsRelease();
    void deltaBuilderBuildsPayloads();

private:
    // A release folder: release.json naming images (written unless missing lists them).
    QString makeFolder(const QString &name, const QString &version, const QList<test::ReleaseImage> &images,
                       const QStringList &missing = {});
    QList<test::ReleaseImage> images(const QString &version, quint32 seed) const;
    ui::ReleaseImportDialog *openImportDialog();
    void importThroughDialog(const QString &folder);
    int rowOf(const QString &name, const QString &version) const;
    void selectRelease(const QString &name, const QString &version);
    QTableView *table() const { return m_console.window->findChild<QTableView *>(QStringLiteral("releaseTable")); }

    test::Console m_console;
};

void TestReleases::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("flotilla-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_releases"));
}

void TestReleases::init()
{
    QSettings().clear();
    const QString error = m_console.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_console.window->showPage(ui::MainWindow::ReleasesView);
    QCOMPARE(m_console.window->currentPage(), ui::MainWindow::ReleasesView);
}

void TestReleases::cleanup()
{
    m_console.stop();
}

QList<test::ReleaseImage> TestReleases::images(const QString &version, quint32 seed) const
{
    return {{QStringLiteral("headunit"), QStringLiteral("hu-gen3"), QStringLiteral("headunit-%1.bin").arg(version),
             test::generatedImage(seed, 96 * 1024)},
            {QStringLiteral("tbox"), QStringLiteral("tbox-a"), QStringLiteral("tbox-%1.bin").arg(version),
             test::generatedImage(seed + 1, 40 * 1024)}};
}

QString TestReleases::makeFolder(const QString &name, const QString &version, const QList<test::ReleaseImage> &images,
                                 const QStringList &missing)
{
    return test::writeReleaseFolder(m_console.work->path(), name, version, images, missing);
}

ui::ReleaseImportDialog *TestReleases::openImportDialog()
{
    auto *button = m_console.window->findChild<QPushButton *>(QStringLiteral("importReleaseButton"));
    if (!button) {
        return nullptr;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    auto *dialog = m_console.window->findChild<ui::ReleaseImportDialog *>(QStringLiteral("releaseImportDialog"));
    if (dialog) {
        dialog->findChild<QTabWidget *>(QStringLiteral("importTabs"))->setCurrentIndex(0);
    }
    return dialog && dialog->isVisible() ? dialog : nullptr;
}

void TestReleases::importThroughDialog(const QString &folder)
{
    ui::ReleaseImportDialog *dialog = openImportDialog();
    QVERIFY(dialog);
    auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("importFolder"));
    path->clear();
    QTest::keyClicks(path, folder);
    QTest::keyClick(path, Qt::Key_Return); // editingFinished: the dialog reads the folder
    auto *targets = dialog->findChild<QTableWidget *>(QStringLiteral("importTargets"));
    QTRY_VERIFY_WITH_TIMEOUT(
        targets->rowCount() > 0 || dialog->findChild<QLabel *>(QStringLiteral("importProblems"))->isVisible(), Timeout);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importButton")), Qt::LeftButton);
}

int TestReleases::rowOf(const QString &name, const QString &version) const
{
    const QAbstractItemModel *model = table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ReleaseTableModel::NameColumn).data().toString() == name &&
            model->index(row, ReleaseTableModel::VersionColumn).data().toString() == version) {
            return row;
        }
    }
    return -1;
}

void TestReleases::selectRelease(const QString &name, const QString &version)
{
    const int row = rowOf(name, version);
    QVERIFY(row >= 0);
    table()->setCurrentIndex(table()->model()->index(row, 0));
    table()->selectRow(row);
}

void TestReleases::importFromFolderShowsHashes()
{
    auto *view = qobject_cast<ui::ReleasesPage *>(m_console.window->releasesPage());
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(table()->model()->rowCount(), 0);

    const QList<test::ReleaseImage> files = images(QStringLiteral("1.3.0"), 11);
    const QString folder = makeFolder(QStringLiteral("hu-firmware"), QStringLiteral("1.3.0"), files);
    ui::ReleaseImportDialog *dialog = openImportDialog();
    QVERIFY(dialog);
    auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("importFolder"));
    QTest::keyClicks(path, folder);
    QTest::keyClick(path, Qt::Key_Return);

    // What the dialog parsed: the targets and their files with sizes, no problems.
    auto *targets = dialog->findChild<QTableWidget *>(QStringLiteral("importTargets"));
    QTRY_COMPARE_WITH_TIMEOUT(targets->rowCount(), 2, Timeout);
    QCOMPARE(targets->item(0, 0)->text(), QStringLiteral("headunit"));
    QCOMPARE(targets->item(0, 3)->text(), QStringLiteral("headunit-1.3.0.bin"));
    QCOMPARE(targets->item(0, 4)->text(), QLocale().formattedDataSize(96 * 1024, 1, QLocale::DataSizeIecFormat));
    QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("importProblems"))->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("importSummary"))->text().contains(u"hu-firmware 1.3.0"));

    auto *import = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    QVERIFY(import->isEnabled());
    QTest::mouseClick(import, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 1, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);

    const QModelIndex row = table()->model()->index(0, 0);
    QCOMPARE(row.siblingAtColumn(ReleaseTableModel::NameColumn).data().toString(), QStringLiteral("hu-firmware"));
    QCOMPARE(row.siblingAtColumn(ReleaseTableModel::CounterColumn).data().toLongLong(), 7);
    QCOMPARE(row.siblingAtColumn(ReleaseTableModel::HwIdsColumn).data().toString(), QStringLiteral("hu-gen3, tbox-a"));
    QCOMPARE(row.siblingAtColumn(ReleaseTableModel::TargetsColumn).data().toString(), QStringLiteral("headunit, tbox"));
    QCOMPARE(row.siblingAtColumn(ReleaseTableModel::SignatureColumn).data().toString(), QStringLiteral("None"));

    // The details: every image's SHA-256, SHA-1 and MD5 as the test computes them, copyable.
    selectRelease(QStringLiteral("hu-firmware"), QStringLiteral("1.3.0"));
    auto *details = m_console.window->findChild<ui::ReleaseDetailsPanel *>(QStringLiteral("releaseDetails"));
    QTRY_COMPARE_WITH_TIMEOUT(details->findChild<QLabel *>(QStringLiteral("releaseDetailsTitle"))->text(),
                              QStringLiteral("hu-firmware 1.3.0"), Timeout);
    auto *hashes = details->findChild<QTableWidget *>(QStringLiteral("releaseHashes"));
    QCOMPARE(hashes->rowCount(), 6);
    QStringList shown;
    for (int r = 0; r < hashes->rowCount(); ++r) {
        shown.append(hashes->item(r, 0)->text() + u' ' + hashes->item(r, 1)->text() + u' ' +
                     hashes->item(r, 2)->text());
    }
    for (const test::ReleaseImage &image : files) {
        QVERIFY2(shown.contains(image.ecu + u" SHA-256 " + hex(QCryptographicHash::Sha256, image.bytes)),
                 qPrintable(shown.join(u'\n')));
        QVERIFY(shown.contains(image.ecu + u" SHA-1 " + hex(QCryptographicHash::Sha1, image.bytes)));
        QVERIFY(shown.contains(image.ecu + u" MD5 " + hex(QCryptographicHash::Md5, image.bytes)));
    }
    hashes->clearSelection();
    hashes->setCurrentCell(0, 2);
    hashes->item(0, 2)->setSelected(true);
    hashes->setFocus();
    QTest::keySequence(hashes, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), hashes->item(0, 2)->text());

    auto *targetTable = details->findChild<QTableWidget *>(QStringLiteral("releaseTargets"));
    QCOMPARE(targetTable->rowCount(), 2);
    QVERIFY(targetTable->item(0, 3)->text().contains(QString::number(96 * 1024)));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("releaseRxswin"))->text(), QStringLiteral("R156-HU-13"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("releaseDtcs"))->text(), QStringLiteral("U0100"));
    const QString preconditions = details->findChild<QLabel *>(QStringLiteral("releasePreconditions"))->text();
    QVERIFY2(preconditions.contains(u"40 %") && preconditions.contains(u"parked") &&
                 preconditions.contains(u"consent required"),
             qPrintable(preconditions));
    auto *texts = details->findChild<QTableWidget *>(QStringLiteral("releaseUserTexts"));
    QCOMPARE(texts->rowCount(), 2);
    QCOMPARE(texts->item(0, 0)->text(), QStringLiteral("de"));
    QCOMPARE(texts->item(0, 1)->text(), QStringLiteral("Schnellere Navigation."));
    QTRY_VERIFY_WITH_TIMEOUT(
        details->findChild<QLabel *>(QStringLiteral("releaseJobsSummary"))->text().contains(u"Not assigned"), Timeout);
}

void TestReleases::duplicateImportShowsError()
{
    const QString folder =
        makeFolder(QStringLiteral("hu-firmware"), QStringLiteral("1.3.0"), images(QStringLiteral("1.3.0"), 21));
    importThroughDialog(folder);
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 1, Timeout);

    importThroughDialog(folder);
    auto *dialog = m_console.window->findChild<ui::ReleaseImportDialog *>(QStringLiteral("releaseImportDialog"));
    auto *problems = dialog->findChild<QLabel *>(QStringLiteral("importProblems"));
    QTRY_VERIFY_WITH_TIMEOUT(problems->isVisible() && !dialog->isBusy(), Timeout);
    QVERIFY2(problems->text().contains(u"hu-firmware 1.3.0 was imported before"), qPrintable(problems->text()));
    QVERIFY(problems->text().contains(u"new version"));
    QVERIFY(dialog->isVisible()); // stays open so the user can pick another folder
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("importStatus"))->text(),
             QStringLiteral("Nothing was imported."));
    QCOMPARE(table()->model()->rowCount(), 1);
}

void TestReleases::folderProblemsInPlainWords()
{
    ui::ReleaseImportDialog *dialog = openImportDialog();
    QVERIFY(dialog);
    auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("importFolder"));
    auto *problems = dialog->findChild<QLabel *>(QStringLiteral("importProblems"));
    const auto inspect = [&](const QString &folder) {
        path->clear();
        QTest::keyClicks(path, folder);
        QTest::keyClick(path, Qt::Key_Return);
    };

    QDir().mkpath(m_console.work->filePath(QStringLiteral("empty")));
    inspect(m_console.work->filePath(QStringLiteral("empty")));
    QTRY_VERIFY_WITH_TIMEOUT(problems->isVisible(), Timeout);
    QVERIFY2(problems->text().contains(u"There is no release.json in this folder"), qPrintable(problems->text()));

    const QList<test::ReleaseImage> files = images(QStringLiteral("2.0.0"), 31);
    inspect(makeFolder(QStringLiteral("hu-firmware"), QStringLiteral("2.0.0"), files, {files.at(1).file}));
    QTRY_VERIFY_WITH_TIMEOUT(problems->text().contains(u"tbox-2.0.0.bin for tbox is not in the folder"), Timeout);
    auto *targets = dialog->findChild<QTableWidget *>(QStringLiteral("importTargets"));
    QCOMPARE(targets->rowCount(), 2);
    QCOMPARE(targets->item(1, 4)->text(), QStringLiteral("missing"));

    const QString broken = m_console.work->filePath(QStringLiteral("broken"));
    QDir().mkpath(broken);
    test::writeBytes(QDir(broken).filePath(QStringLiteral("release.json")), "{\"Name\": \"x\",");
    inspect(broken);
    QTRY_VERIFY_WITH_TIMEOUT(problems->text().contains(u"release.json is not valid JSON"), Timeout);

    test::writeBytes(QDir(broken).filePath(QStringLiteral("release.json")), R"({"Name": "x", "Version": "1"})");
    inspect(broken);
    QTRY_VERIFY_WITH_TIMEOUT(problems->text().contains(u"release.json is incomplete or wrong"), Timeout);
    QCOMPARE(table()->model()->rowCount(), 0);
}

void TestReleases::buildHereImportsRelease()
{
    const QList<test::ReleaseImage> files = images(QStringLiteral("5.2.0"), 41);
    const QString imagePath = m_console.work->filePath(QStringLiteral("tbox-5.2.0.bin"));
    QVERIFY(test::writeBytes(imagePath, files.at(1).bytes));

    ui::ReleaseImportDialog *dialog = openImportDialog();
    QVERIFY(dialog);
    dialog->findChild<QTabWidget *>(QStringLiteral("importTabs"))->setCurrentIndex(1);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("buildName")), QStringLiteral("tbox-firmware"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("buildVersion")), QStringLiteral("5.2.0"));
    dialog->findChild<QSpinBox *>(QStringLiteral("buildCounter"))->setValue(12);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("buildRxswin")), QStringLiteral("R156-TB-52"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("buildDtcs")), QStringLiteral("U0100, P0A80"));
    dialog->findChild<QSpinBox *>(QStringLiteral("buildMinBattery"))->setValue(30);
    auto *texts = dialog->findChild<QTableWidget *>(QStringLiteral("buildUserTexts"));
    texts->item(0, 1)->setText(QStringLiteral("Better reception."));

    // Import without an image: the problem in plain words, nothing imported.
    auto *import = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    QVERIFY(!import->isEnabled());

    // Add image… opens a file dialog; pick the image in it.
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("buildAddImage")), Qt::LeftButton);
    QFileDialog *picker = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((picker = dialog->findChild<QFileDialog *>(QStringLiteral("importImageDialog"))), Timeout);
    picker->setDirectory(m_console.work->path());
    picker->selectFile(imagePath);
    QVERIFY(QMetaObject::invokeMethod(picker, "accept")); // its Open button
    auto *imagesTable = dialog->findChild<QTableWidget *>(QStringLiteral("buildImages"));
    QTRY_COMPARE_WITH_TIMEOUT(imagesTable->rowCount(), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(imagesTable->item(0, 4)->text(),
                              QLocale().formattedDataSize(40 * 1024, 1, QLocale::DataSizeIecFormat), Timeout);
    QVERIFY(import->isEnabled());

    // Incomplete row: plain-words problem.
    QTest::mouseClick(import, Qt::LeftButton);
    auto *problems = dialog->findChild<QLabel *>(QStringLiteral("importProblems"));
    QVERIFY(problems->isVisible());
    QVERIFY2(problems->text().contains(u"Image 1 needs its ECU, hardware ID and version"),
             qPrintable(problems->text()));

    imagesTable->item(0, 0)->setText(QStringLiteral("tbox"));
    imagesTable->item(0, 1)->setText(QStringLiteral("tbox-a"));
    imagesTable->item(0, 2)->setText(QStringLiteral("5.2.0"));
    QTest::mouseClick(import, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("tbox-firmware"), QStringLiteral("5.2.0")) >= 0, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);

    // The page selects what was imported; the details show what the form said.
    auto *details = m_console.window->findChild<ui::ReleaseDetailsPanel *>(QStringLiteral("releaseDetails"));
    QTRY_COMPARE_WITH_TIMEOUT(details->findChild<QLabel *>(QStringLiteral("releaseDetailsTitle"))->text(),
                              QStringLiteral("tbox-firmware 5.2.0"), Timeout);
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("releaseCounter"))->text(), QStringLiteral("12"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("releaseHwIds"))->text(), QStringLiteral("tbox-a"));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("releaseDtcs"))->text(), QStringLiteral("U0100, P0A80"));
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("releasePreconditions"))->text().contains(u"30 %"));
    auto *userTexts = details->findChild<QTableWidget *>(QStringLiteral("releaseUserTexts"));
    QCOMPARE(userTexts->rowCount(), 1);
    QCOMPARE(userTexts->item(0, 1)->text(), QStringLiteral("Better reception."));
    auto *hashes = details->findChild<QTableWidget *>(QStringLiteral("releaseHashes"));
    QCOMPARE(hashes->item(0, 2)->text(), hex(QCryptographicHash::Sha256, files.at(1).bytes));
}

void TestReleases::deltaBuilderBuildsPayloads()
{
    // Two versions of the same hardware: 1.0.0 gives the source image a delta is built from.
    QList<test::ReleaseImage> older = images(QStringLiteral("1.0.0"), 51);
    QList<test::ReleaseImage> newer = older;
    for (test::ReleaseImage &image : newer) {
        image.file.replace(QStringLiteral("1.0.0"), QStringLiteral("1.1.0"));
        for (int i = 1000; i < 3000; ++i) {
            image.bytes[i] = static_cast<char>(i); // a small change: the delta is much smaller
        }
    }
    importThroughDialog(makeFolder(QStringLiteral("hu-firmware"), QStringLiteral("1.0.0"), older));
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 1, Timeout);
    importThroughDialog(makeFolder(QStringLiteral("hu-firmware"), QStringLiteral("1.1.0"), newer));
    QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 2, Timeout);

    selectRelease(QStringLiteral("hu-firmware"), QStringLiteral("1.1.0"));
    auto *details = m_console.window->findChild<ui::ReleaseDetailsPanel *>(QStringLiteral("releaseDetails"));
    QTRY_COMPARE_WITH_TIMEOUT(details->findChild<QLabel *>(QStringLiteral("releaseDetailsTitle"))->text(),
                              QStringLiteral("hu-firmware 1.1.0"), Timeout);
    QTest::mouseClick(details->findChild<QPushButton *>(QStringLiteral("releaseDeltasButton")), Qt::LeftButton);
    auto *dialog = m_console.window->findChild<ui::DeltaBuilderDialog *>(QStringLiteral("deltaBuilderDialog"));
    QVERIFY(dialog && dialog->isVisible());
    QAbstractItemModelTester tester(dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("deltaRelease"))->currentText(),
             QStringLiteral("hu-firmware 1.1.0"));

    // No vehicle runs 1.0.0: the targets list none; the console holds its images, so it is offered.
    auto *sources = dialog->findChild<QTreeWidget *>(QStringLiteral("deltaSources"));
    QTRY_COMPARE_WITH_TIMEOUT(sources->topLevelItemCount(), 2, Timeout);
    auto *addVersion = dialog->findChild<QComboBox *>(QStringLiteral("deltaAddVersion"));
    QTRY_VERIFY_WITH_TIMEOUT(addVersion->findText(QStringLiteral("1.0.0")) >= 0, Timeout);
    addVersion->setCurrentText(QStringLiteral("9.9.9"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("deltaAddVersionButton")), Qt::LeftButton);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("deltaSourcesMessage"))
                ->text()
                .contains(u"no image of version 9.9.9"));
    addVersion->setCurrentText(QStringLiteral("1.0.0"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("deltaAddVersionButton")), Qt::LeftButton);
    QCOMPARE(dialog->checkedVersions(), QStringList{QStringLiteral("1.0.0")});
    QCOMPARE(sources->topLevelItem(0)->child(0)->checkState(0), Qt::Checked);

    auto *build = dialog->findChild<QPushButton *>(QStringLiteral("deltaBuildButton"));
    QVERIFY(build->isEnabled());
    QTest::mouseClick(build, Qt::LeftButton);

    // Full payloads and deltas from 1.0.0, for both targets, every one verified.
    const ui::DeltaTableModel *model = dialog->model();
    // Settled once both targets have their deltas (a row appears when its build starts, and a
    // pair may have a row per codec, so a row count alone can be reached before tbox's) and no
    // row is still building.
    const auto settled = [model] {
        int done = 0;
        QSet<QString> withDelta;
        for (int row = 0; row < model->rowCount(); ++row) {
            const ui::DeltaRow &delta = model->rowAt(row);
            const store::DeltaState state = delta.record.state;
            done += state == store::DeltaState::Ready || state == store::DeltaState::NotWorthIt ||
                    state == store::DeltaState::Failed;
            if (!delta.record.fromSha256.isEmpty()) {
                withDelta.insert(delta.ecu);
            }
        }
        return withDelta.size() == 2 && done == model->rowCount();
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 120000);
    QSet<QString> readyDeltas; // per target
    for (int row = 0; row < model->rowCount(); ++row) {
        const ui::DeltaRow &delta = model->rowAt(row);
        QVERIFY2(delta.record.state != store::DeltaState::Failed, qPrintable(delta.record.error));
        QVERIFY(delta.record.verified);
        QCOMPARE(delta.toVersion, QStringLiteral("1.1.0"));
        if (!delta.record.fromSha256.isEmpty()) {
            QCOMPARE(delta.fromVersion, QStringLiteral("1.0.0"));
            QVERIFY(delta.fullLength > 0);
            const QModelIndex fromTo = model->index(row, ui::DeltaTableModel::FromToColumn);
            QCOMPARE(fromTo.data().toString(), QStringLiteral("1.0.0 → 1.1.0"));
            if (delta.record.state == store::DeltaState::Ready) {
                const auto saving = ui::DeltaTableModel::saving(delta);
                QVERIFY(saving && *saving > 10.0); // a 2 KiB change in 40-96 KiB of random bytes
                readyDeltas.insert(delta.ecu);
            }
        }
    }
    QCOMPARE(readyDeltas.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBuilding(), Timeout);
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("deltaCancelButton"))->isEnabled());
}

QTEST_MAIN(TestReleases)
#include "tst_gui_releases.moc"

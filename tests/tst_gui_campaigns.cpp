// Campaigns through the window on a real embedded server with simulated vehicles (agent::Fleet):
// the wizard counts the matching vehicles live, shows the dry run and submits the campaign; the
// author cannot approve it (button disabled, and the server's refusal is shown when forced), an
// approver sees the review and approves it; once started, the progress view follows the vehicles'
// jobs to the end, its vehicle model checked by QAbstractItemModelTester throughout.
//
// Screenshots: FLOTILLA_SCREENSHOT_DIR=$PWD/docs/screenshots ctest -R tst_gui_campaigns
#include "agent/Fleet.h"
#include "core/delta/DeltaCodec.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/campaigns/CampaignService.h"
#include "server/releases/ReleaseService.h"
#include "tests/ReleaseTestSupport.h"
#include "ui/CampaignModels.h"
#include "ui/CampaignProgressPanel.h"
#include "ui/CampaignWizard.h"
#include "ui/CampaignsPage.h"
#include "ui/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QChart>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGroupBox>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace flotilla;
using server::campaigns::Actor;
using server::campaigns::CampaignAction;
using server::campaigns::CampaignState;
using server::campaigns::Role;
using ui::CampaignTableModel;
using ui::CampaignVehicleModel;

namespace {

constexpr int Timeout = 120000; // generous: the machine is shared; nothing here asserts speed
const QString HwId = QStringLiteral("test-gateway");
const QString Ecu = QStringLiteral("gateway");
const Actor Alice{QStringLiteral("alice"), Role::Engineer};
const Actor Bob{QStringLiteral("bob"), Role::Approver};
constexpr int FleetSize = 3;

} // namespace

class TestGuiCampaigns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void wizardCountsDryRunsAndSubmits();
    void authorCannotApproveApproverCan();
    void rejectTakesAReasonAndRevisionShowsChanges();
    void editInTheWizardSendsBackToApproval();
    void progressFollowsVehiclesToCompletion();

private:
    qint64 importRelease(const QString &version, int counter);
    qint64 submittedCampaign(const QString &name); // set-up through the service, as Alice
    ui::CampaignsPage *page() const { return m_window->campaignsPage(); }
    int rowOf(qint64 id) const { return page()->model()->rowOf(id); }
    QString stateInList(qint64 id) const; // wire words: QCOMPARE prints them on failure
    void save(QWidget *widget, const QString &name) const;
    void pollAll();

    QTemporaryDir m_dir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::vector<std::unique_ptr<agent::Fleet>> m_fleets;
    qint64 m_release = 0;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestGuiCampaigns::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("flotilla-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_campaigns"));
    QVERIFY(m_dir.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.filePath(QStringLiteral("server"));
    config.deviceListen = QStringLiteral("127.0.0.1:0");
    config.apiListen = QStringLiteral("127.0.0.1:0");
    config.publicHost = QStringLiteral("127.0.0.1");
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime.ok(), qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    QVERIFY(importRelease(QStringLiteral("1.0.0"), 1) > 0); // what the vehicles run: deltas start from it
    m_release = importRelease(QStringLiteral("2.0.0"), 2);
    QVERIFY(m_release > 0);

    for (int n = 1; n <= FleetSize; ++n) {
        agent::VehicleProfile profile;
        // S…: a European VIN; no I, O or Q (ISO 3779).
        profile.vin = QStringLiteral("SCAMPGW00%1").arg(n, 8, 10, QLatin1Char('0'));
        profile.devId = QStringLiteral("GW-GUI-%1").arg(n);
        profile.manufacturer = QStringLiteral("Test");
        profile.model = QStringLiteral("campaign");
        profile.oem = QStringLiteral("TestOEM");
        profile.ecus = {{Ecu, HwId, QStringLiteral("1.0.0")}};
        profile.swVersion = QStringLiteral("1.0.0");
        profile.fwVersion = QStringLiteral("1.0.0");
        profile.codecs = delta::codecNames();
        profile.deltaMaxMemoryMiB = 64;
        agent::FleetOptions options;
        options.serverUrl = QStringLiteral("https://127.0.0.1:%1").arg(m_runtime->devicePort());
        options.caPem = m_runtime->caCertificatePem();
        options.enrollmentKey = m_runtime->fleet().enrollmentKey();
        options.size = 1;
        options.singleProfile = profile;
        options.dataDir = m_dir.filePath(QStringLiteral("vehicle-%1").arg(n));
        options.pollSecondsOverride = 3600; // the test makes them check in
        options.registrationRetrySeconds = 1;
        options.startNow = true;
        options.lanes = 1;
        options.update.consent = QStringLiteral("accept");
        options.update.recheckInterval = std::chrono::milliseconds(300);
        auto fleet = std::make_unique<agent::Fleet>(options);
        QVERIFY(fleet->start());
        m_fleets.push_back(std::move(fleet));
    }
    // Registered and reported their ECUs: campaign targets come from the inventory.
    QVERIFY(QTest::qWaitFor(
        [this] {
            return std::all_of(m_fleets.begin(), m_fleets.end(),
                               [](const auto &f) { return f->stats().sessions >= 1; });
        },
        Timeout));
}

void TestGuiCampaigns::cleanupTestCase()
{
    m_fleets.clear();
    if (m_runtime)
        m_runtime->stop();
    m_runtime.reset();
}

void TestGuiCampaigns::init()
{
    QSettings().clear();
    m_window = std::make_unique<ui::MainWindow>(m_runtime->fleet());
    m_window->setOperator(Alice.name, Alice.role);
    m_window->showPage(ui::MainWindow::CampaignsView);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestGuiCampaigns::cleanup()
{
    m_window.reset(); // waits for its FleetService calls
    // Leave no campaign holding the vehicles for the next test.
    auto campaigns = m_runtime->fleet().campaigns().list();
    QVERIFY(campaigns.ok());
    for (const auto &campaign : std::as_const(*campaigns)) {
        if (!server::campaigns::isFinished(campaign.state))
            QVERIFY(m_runtime->fleet().campaigns().act(campaign.id, CampaignAction::Cancel, Alice).ok());
    }
}

qint64 TestGuiCampaigns::importRelease(const QString &version, int counter)
{
    test::SyntheticRelease spec;
    spec.version = version;
    spec.counter = counter;
    spec.ecu = Ecu;
    spec.hwId = HwId;
    spec.rxswin = QJsonArray{QStringLiteral("R156-GUI-%1").arg(counter)};
    spec.userText = QJsonObject{{QStringLiteral("en"), QStringLiteral("Gateway %1").arg(version)}};
    return test::importSyntheticRelease(m_runtime->fleet().releases(),
                                        m_dir.filePath(QStringLiteral("release-") + version), spec);
}

qint64 TestGuiCampaigns::submittedCampaign(const QString &name)
{
    server::campaigns::CampaignSpec spec;
    spec.name = name;
    spec.releaseId = m_release;
    spec.targets.oems = {QStringLiteral("TestOEM")};
    server::campaigns::Wave first;
    first.percent = 33; // one vehicle (33 % of 3, rounded up), then the other two
    server::campaigns::Wave rest;
    rest.percent = 100;
    spec.waves = {first, rest};
    auto created = m_runtime->fleet().campaigns().create(spec, Alice);
    if (!created || !m_runtime->fleet().campaigns().act(created->id, CampaignAction::Submit, Alice))
        return 0;
    return created->id;
}

QString TestGuiCampaigns::stateInList(qint64 id) const
{
    const auto *summary = page()->model()->campaign(id);
    return summary ? server::campaigns::toString(summary->campaign.state) : QString();
}

void TestGuiCampaigns::save(QWidget *widget, const QString &name) const
{
    const QDir dir(
        qEnvironmentVariable("FLOTILLA_SCREENSHOT_DIR", QDir::temp().filePath(QStringLiteral("flotilla-shots"))));
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY2(image.save(dir.filePath(name)), qPrintable(dir.filePath(name)));
}

void TestGuiCampaigns::pollAll()
{
    for (const auto &fleet : m_fleets)
        fleet->pollAll();
}

void TestGuiCampaigns::wizardCountsDryRunsAndSubmits()
{
    auto *newButton = page()->findChild<QPushButton *>(QStringLiteral("newCampaignButton"));
    QVERIFY(newButton && newButton->isEnabled()); // an engineer may create campaigns
    QTest::mouseClick(newButton, Qt::LeftButton);
    ui::CampaignWizard *wizard = page()->wizard();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->releasesLoaded(), Timeout);

    // Release page: Next stays disabled until the campaign has a name.
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    wizard->findChild<QLineEdit *>(QStringLiteral("campaignName"))->setText(QStringLiteral("Gateway 2.0.0"));
    wizard->selectRelease(m_release);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::TargetsPage));

    // The live count is the server's dry run of the draft, following the filters as they change.
    auto *oems = wizard->findChild<QLineEdit *>(QStringLiteral("campaignOems"));
    auto *count = wizard->findChild<QLabel *>(QStringLiteral("campaignMatchCount"));
    oems->setText(QStringLiteral("TestOEM"));
    QTRY_COMPARE_WITH_TIMEOUT(wizard->matchingVehicles(), FleetSize, Timeout);
    QVERIFY(count->text().contains(QString::number(FleetSize)));
    QVERIFY(wizard->draftId() > 0);
    auto *models = wizard->findChild<QLineEdit *>(QStringLiteral("campaignModels"));
    models->setText(QStringLiteral("no-such-model"));
    QTRY_COMPARE_WITH_TIMEOUT(wizard->matchingVehicles(), 0, Timeout);
    models->clear();
    QTRY_COMPARE_WITH_TIMEOUT(wizard->matchingVehicles(), FleetSize, Timeout);

    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::WavesPage));
    auto *waves = wizard->findChild<QLineEdit *>(QStringLiteral("campaignWaves"));
    waves->setText(QStringLiteral("50, 90")); // does not cover every target: refused
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::WavesPage));
    waves->setText(QStringLiteral("33, 100")); // 33 % of 3, rounded up: one vehicle first
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::SchedulePage));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::ReviewPage));

    // The review: one row per vehicle, every one compatible, in the two waves.
    QTRY_COMPARE_WITH_TIMEOUT(wizard->dryRunModel()->dryRun().waveSizes, (QList<int>{1, 2}), Timeout);
    QCOMPARE(wizard->dryRunModel()->rowCount(), FleetSize);
    QCOMPARE(wizard->dryRunModel()->dryRun().compatible, FleetSize);
    save(wizard, QStringLiteral("campaign-wizard.png"));

    const qint64 draft = wizard->draftId();
    QSignalSpy submitted(wizard, &ui::CampaignWizard::submitted);
    QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(submitted.size(), 1, Timeout);
    QCOMPARE(submitted.at(0).at(0).toLongLong(), draft); // the draft the count used, not a second one

    QTRY_COMPARE_WITH_TIMEOUT(stateInList(draft), server::campaigns::toString(CampaignState::PendingApproval), Timeout);
    auto campaigns = m_runtime->fleet().campaigns().list();
    QVERIFY(campaigns.ok());
    QCOMPARE(campaigns->size(), 1);
    QCOMPARE(campaigns->first().author, Alice.name);
    QCOMPARE(campaigns->first().spec.waves.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(page()->currentCampaignId(), draft, Timeout); // selected after submitting
}

void TestGuiCampaigns::authorCannotApproveApproverCan()
{
    const qint64 id = submittedCampaign(QStringLiteral("Gateway approval"));
    QVERIFY(id > 0);
    page()->selectCampaign(id);
    QTRY_COMPARE_WITH_TIMEOUT(page()->currentCampaignId(), id, Timeout);
    QPushButton *approve = page()->actionButton(CampaignAction::Approve);
    QPushButton *reject = page()->actionButton(CampaignAction::Reject);
    QVERIFY(!approve->isEnabled()); // Alice is an engineer, and the author
    QVERIFY(!reject->isEnabled());
    QVERIFY(page()->actionButton(CampaignAction::Cancel)->isEnabled());

    // Forced anyway, the server refuses, and the page says so.
    page()->actWithReason(id, CampaignAction::Approve, {});
    QTRY_VERIFY_WITH_TIMEOUT(page()->lastMessage().contains(QStringLiteral("refused")), Timeout);
    QCOMPARE(server::campaigns::toString(m_runtime->fleet().campaigns().summary(id)->campaign.state),
             server::campaigns::toString(CampaignState::PendingApproval));

    // Bob, an approver: the review shows the dry run and what changed; approve is offered.
    m_window->setOperator(Bob.name, Bob.role);
    QVERIFY(approve->isEnabled());
    QVERIFY(reject->isEnabled());
    auto *review = page()->progress()->findChild<QGroupBox *>(QStringLiteral("campaignReview"));
    QTRY_VERIFY_WITH_TIMEOUT(review->isVisible(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(page()->progress()->reviewModel()->rowCount(), FleetSize, Timeout);
    save(m_window.get(), QStringLiteral("campaign-approval.png"));

    QTest::mouseClick(approve, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::Approved), Timeout);
    QCOMPARE(m_runtime->fleet().campaigns().summary(id)->campaign.approver, Bob.name);
    QVERIFY(!review->isVisible());
    QVERIFY(!approve->isEnabled());
}

void TestGuiCampaigns::rejectTakesAReasonAndRevisionShowsChanges()
{
    const qint64 id = submittedCampaign(QStringLiteral("Gateway revision"));
    QVERIFY(id > 0);
    m_window->setOperator(Bob.name, Bob.role);
    page()->selectCampaign(id);
    QTRY_COMPARE_WITH_TIMEOUT(page()->currentCampaignId(), id, Timeout);

    // Reject asks for the reason the author will read, without blocking the window.
    QTest::mouseClick(page()->actionButton(CampaignAction::Reject), Qt::LeftButton);
    auto *dialog = page()->findChild<QInputDialog *>(QStringLiteral("rejectReasonDialog"));
    QVERIFY(dialog);
    dialog->setTextValue(QStringLiteral("First wave too large"));
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::Draft), Timeout);
    QCOMPARE(m_runtime->fleet().campaigns().summary(id)->campaign.reason, QStringLiteral("First wave too large"));

    // Alice resubmits from the list; approved, then revised: the approver sees what changed.
    m_window->setOperator(Alice.name, Alice.role);
    QPushButton *submit = page()->actionButton(CampaignAction::Submit);
    QVERIFY(submit->isEnabled());
    QTest::mouseClick(submit, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::PendingApproval), Timeout);
    QVERIFY(m_runtime->fleet().campaigns().act(id, CampaignAction::Approve, Bob).ok());
    auto spec = m_runtime->fleet().campaigns().summary(id)->campaign.spec;
    spec.waves.first().percent = 50;
    QVERIFY(m_runtime->fleet().campaigns().edit(id, spec, Alice).ok());
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::PendingApproval), Timeout);

    m_window->setOperator(Bob.name, Bob.role);
    auto *changes = page()->progress()->findChild<QListWidget *>(QStringLiteral("campaignChanges"));
    QTRY_VERIFY_WITH_TIMEOUT(changes->count() > 0 && changes->item(0)->text().startsWith(QStringLiteral("Waves")),
                             Timeout);
    QVERIFY(page()->actionButton(CampaignAction::Approve)->isEnabled());
}

void TestGuiCampaigns::editInTheWizardSendsBackToApproval()
{
    const qint64 id = submittedCampaign(QStringLiteral("Gateway edit"));
    QVERIFY(id > 0);
    QVERIFY(m_runtime->fleet().campaigns().act(id, CampaignAction::Approve, Bob).ok());
    const qsizetype campaignsBefore = m_runtime->fleet().campaigns().list()->size();
    page()->selectCampaign(id);
    QTRY_COMPARE_WITH_TIMEOUT(page()->currentCampaignId(), id, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::Approved), Timeout);

    // Edit is offered to the engineer for an approved campaign; the wizard opens filled from its spec.
    QPushButton *edit = page()->actionButton(CampaignAction::Edit);
    QVERIFY(edit);
    QVERIFY(edit->isEnabled());
    QTest::mouseClick(edit, Qt::LeftButton);
    ui::CampaignWizard *wizard = page()->wizard();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QCOMPARE(wizard->editedId(), id);
    QTRY_COMPARE_WITH_TIMEOUT(wizard->spec().releaseId, m_release, Timeout); // once the releases are loaded
    QCOMPARE(wizard->findChild<QLineEdit *>(QStringLiteral("campaignName"))->text(), QStringLiteral("Gateway edit"));
    QCOMPARE(wizard->findChild<QLineEdit *>(QStringLiteral("campaignOems"))->text(), QStringLiteral("TestOEM"));
    auto *waves = wizard->findChild<QLineEdit *>(QStringLiteral("campaignWaves"));
    QCOMPARE(waves->text(), QStringLiteral("33, 100"));

    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::TargetsPage));
    QTRY_COMPARE_WITH_TIMEOUT(wizard->matchingVehicles(), FleetSize, Timeout); // the preview, nothing saved
    QCOMPARE(m_runtime->fleet().campaigns().summary(id)->campaign.revision, 1);
    wizard->next();
    waves->setText(QStringLiteral("2 vehicles, rest")); // a fixed count first
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::SchedulePage));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::CampaignWizard::ReviewPage));
    QTRY_COMPARE_WITH_TIMEOUT(wizard->dryRunModel()->dryRun().waveSizes, (QList<int>{2, 1}), Timeout);

    // The last page says where saving leads; Finish saves the approved campaign back to approval.
    auto *notice = wizard->findChild<QLabel *>(QStringLiteral("campaignEditNotice"));
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QStringLiteral("back to approval")), qPrintable(notice->text()));
    QCOMPARE(wizard->button(QWizard::FinishButton)->text(), QStringLiteral("Save and send to approval"));
    save(wizard, QStringLiteral("campaign-wizard-edit.png"));
    QSignalSpy edited(wizard, &ui::CampaignWizard::edited);
    QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 1, Timeout);
    QCOMPARE(edited.at(0).at(0).toLongLong(), id);
    QVERIFY(edited.at(0).at(2).toBool());

    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::PendingApproval), Timeout);
    const auto campaign = m_runtime->fleet().campaigns().summary(id)->campaign;
    QCOMPARE(campaign.revision, 2);
    QCOMPARE(campaign.spec.waves.size(), 2);
    QCOMPARE(campaign.spec.waves.first().count, 2);
    QCOMPARE(campaign.spec.targets.oems, QStringList{QStringLiteral("TestOEM")});
    QCOMPARE(m_runtime->fleet().campaigns().list()->size(), campaignsBefore); // no new draft
    QTRY_VERIFY_WITH_TIMEOUT(page()->lastMessage().contains(QStringLiteral("waits for approval again")), Timeout);

    // A cancelled campaign cannot be edited.
    QVERIFY(m_runtime->fleet().campaigns().act(id, CampaignAction::Cancel, Alice).ok());
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::Cancelled), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!edit->isEnabled(), Timeout);
}

void TestGuiCampaigns::progressFollowsVehiclesToCompletion()
{
    const qint64 id = submittedCampaign(QStringLiteral("Gateway rollout"));
    QVERIFY(id > 0);
    QVERIFY(m_runtime->fleet().campaigns().act(id, CampaignAction::Approve, Bob).ok());

    CampaignVehicleModel *vehicles = page()->progress()->vehicleModel();
    QAbstractItemModelTester tester(vehicles, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester listTester(page()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    page()->selectCampaign(id);
    QTRY_COMPARE_WITH_TIMEOUT(vehicles->rowCount(), FleetSize, Timeout);
    QPushButton *start = page()->actionButton(CampaignAction::Start);
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), Timeout);
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::Running), Timeout);

    // The vehicles pick up their jobs at their check-ins; the view follows wave by wave.
    const auto allSucceeded = [&] {
        for (int row = 0; row < vehicles->rowCount(); ++row) {
            if (vehicles->at(row).state != server::campaigns::TargetState::Succeeded)
                return false;
        }
        return vehicles->rowCount() == FleetSize;
    };
    bool sawActive = false;
    QElapsedTimer timer;
    timer.start();
    while (!allSucceeded() && timer.elapsed() < Timeout) {
        pollAll();
        QTest::qWait(300);
        for (int row = 0; row < vehicles->rowCount(); ++row)
            sawActive = sawActive || vehicles->at(row).state == server::campaigns::TargetState::Active;
    }
    QVERIFY(allSucceeded());
    QVERIFY(sawActive);
    QTRY_COMPARE_WITH_TIMEOUT(stateInList(id), server::campaigns::toString(CampaignState::Completed), Timeout);

    // Counts in the list and the stacked bars per wave: 1 + 2 succeeded.
    const int row = rowOf(id);
    QCOMPARE(page()->model()->index(row, CampaignTableModel::SucceededColumn).data().toInt(), FleetSize);
    QCOMPARE(page()->model()->index(row, CampaignTableModel::FailedColumn).data().toInt(), 0);
    const auto series = page()->progress()->chart()->series();
    QCOMPARE(series.size(), 1);
    const QBarSet *succeeded = qobject_cast<QStackedBarSeries *>(series.first())->barSets().first();
    QCOMPARE(succeeded->count(), 2);
    QCOMPARE(succeeded->at(0), 1.0);
    QCOMPARE(succeeded->at(1), 2.0);

    // "Why?" on a selected vehicle.
    auto *table = page()->progress()->findChild<QTableView *>(QStringLiteral("campaignVehicles"));
    table->setCurrentIndex(vehicles->index(0, 0));
    auto *why = page()->progress()->findChild<QLabel *>(QStringLiteral("campaignWhy"));
    QTRY_VERIFY_WITH_TIMEOUT(why->text().contains(vehicles->at(0).vin) && !why->text().endsWith(u'…'), Timeout);
    save(m_window.get(), QStringLiteral("campaign-progress.png"));
}

QTEST_MAIN(TestGuiCampaigns)

#include "tst_gui_campaigns.moc"

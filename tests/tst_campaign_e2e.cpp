// Campaigns end to end over loopback TLS: a real server (store, update engine, campaign engine)
// and real vehicle agents that download, install and report. Each case makes fresh vehicles and
// its own campaign naming them by VIN. The server runs on a ManualClock so that the maintenance
// window can be opened by moving time, never by waiting for it.
#include "agent/Fleet.h"
#include "agent/update/ConsentPolicy.h"
#include "core/Clock.h"
#include "core/delta/DeltaCodec.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/campaigns/CampaignService.h"
#include "server/releases/ReleaseService.h"
#include "server/store/UpdateRecords.h"
#include "server/updates/UpdateEngine.h"
#include "tests/ReleaseTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::server::campaigns;

namespace {

const QString HwId = u"test-gateway"_s; // a 1.5 MiB synthetic image: quick to build and ship
// An "-app" key: the generator's smallest image class (512 KiB for this one), for the 200 vehicles.
const QString SmallHwId = u"restart-app"_s;
const QString Ecu = u"gateway"_s;
const QString FromVersion = u"1.0.0"_s;
const QString ToVersion = u"2.0.0"_s;
constexpr int WaitMs = 120'000; // generous: the machine is shared; nothing here asserts speed

const Actor Alice{u"alice"_s, Role::Engineer}; // author
const Actor Bob{u"bob"_s, Role::Approver};     // the second person who approves

// How a test vehicle behaves (defaults: a parked, charged vehicle whose owner accepts).
struct VehicleFaults
{
    bool failBootCheck = false;
    QString consent = u"accept"_s; // agent ConsentPolicy: accept | postpone:<s> | reject | ignore[:<n>]
    int batteryPct = 80;
    double chargePctPerMinute = 0;
    QString model = u"campaign"_s; // DevInfo model, for filter-targeted campaigns
    QString hwId = HwId;
};

} // namespace

class TestCampaignE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void dryRunThenWavesAdvanceToCompletion();
    void failuresOverTheThresholdHaltThenRetryFailed();
    void pauseStopsNewJobs();
    void cancelStopsJobsNotInstalling();
    void maintenanceWindowIsHonoured();
    void serverRestartMidCampaign();
    void serverRestartMidCampaignWith200Vehicles();
    void consentOverrideReachesTheVehicle();
    void consentDeadlineExpiresTheJob();
    void ownerPostponesThenAccepts();
    void simulatedOwnerAnswersAndCountsPrompts_data();
    void simulatedOwnerAnswersAndCountsPrompts();
    void consentRemindersUntilTheOwnerAnswers();
    void consentRemindersStopAtTheDeadline();
    void batteryBlocksThenClears();
    void offlineVehicleGetsItsJobWhenBack();
    void lateJoinersJoinTheLastWave();
    void downloadOnlyStopsAfterTheDownload();

private:
    Status startServer();
    qint64 importRelease(const QString &version, qint64 counter, const QString &consent = u"not-required"_s,
                         const QString &hwId = HwId);
    // count vehicles; faults[i] applies to the i-th. Waits until each has checked in once.
    QStringList addVehicles(int count, const QList<VehicleFaults> &faults = {});
    void pollAll();
    // Stops a vehicle's agent (offline: no session at all) or starts it again from its folder.
    bool setOnline(const QString &vin, bool online);
    CampaignService &campaigns() { return m_runtime->fleet().campaigns(); }
    // A campaign over these VINs (or these target filters), submitted and approved (not started).
    qint64 approvedCampaign(const QStringList &vins, QJsonObject settings, const QJsonObject &targets = {});
    // Whether the event log has an event of this kind for this job.
    bool jobHadEvent(const store::UpdateJobRecord &job, const QString &kind);
    // Polls vehicles and ticks the engine every intervalMs until done() or WaitMs.
    bool drive(const std::function<bool()> &done, int intervalMs = 300);
    // A started campaign over one new vehicle whose owner answers as consent says, consent
    // required with a reminder every hour and a deadline; its id once the vehicle's job awaits the
    // owner's consent (0 otherwise). vin receives the vehicle.
    qint64 awaitingConsent(const QString &consent, int deadlineHours, QString *vin);
    // The consent reminders the event log holds for this campaign and vehicle (their counts).
    QList<int> remindersOf(qint64 id, const QString &vin);
    int promptsOf(const QString &vin); // owner prompts the vehicle's agent has shown
    CampaignState stateOf(qint64 id);
    QMap<QString, CampaignVehicleRecord> vehiclesOf(qint64 id);
    QList<store::UpdateJobRecord> jobsOf(const QString &vin);

    QTemporaryDir m_dir;
    ManualClock m_clock{QDateTime::currentMSecsSinceEpoch()};
    server::ServerConfig m_config;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::vector<std::unique_ptr<agent::Fleet>> m_fleets;
    QHash<QString, size_t> m_fleetOfVin; // index into m_fleets
    qint64 m_target = 0;
    qint64 m_consentRelease = 0; // 3.0.0, whose own preconditions require the owner's consent
    qint64 m_smallTarget = 0;    // 2.0.0 of SmallHwId
    std::mutex m_promptsMutex;
    QHash<QString, int> m_prompts; // VIN → prompts shown (agent lanes write, the test reads)
    int m_vehicles = 0;
};

void TestCampaignE2E::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config.dataDir = m_dir.filePath(u"server"_s);
    m_config.deviceListen = u"127.0.0.1:0"_s;
    m_config.apiListen = u"127.0.0.1:0"_s;
    m_config.pollSeconds = 60;
    const Status started = startServer();
    QVERIFY2(started, qPrintable(started.errorString()));
    // Later starts (the restart case) keep the ports the agents know.
    m_config.deviceListen = u"127.0.0.1:%1"_s.arg(m_runtime->devicePort());
    m_config.apiListen = u"127.0.0.1:%1"_s.arg(m_runtime->apiPort());
    QVERIFY(importRelease(FromVersion, 1) > 0); // the image the vehicles run: deltas are built from it
    m_target = importRelease(ToVersion, 2);
    QVERIFY(m_target > 0);
    m_consentRelease = importRelease(u"3.0.0"_s, 3, u"required"_s);
    QVERIFY(m_consentRelease > 0);
    QVERIFY(importRelease(FromVersion, 1, u"not-required"_s, SmallHwId) > 0);
    m_smallTarget = importRelease(ToVersion, 2, u"not-required"_s, SmallHwId);
    QVERIFY(m_smallTarget > 0);
}

void TestCampaignE2E::cleanupTestCase()
{
    m_fleets.clear();
    m_runtime.reset();
}

Status TestCampaignE2E::startServer()
{
    auto runtime = server::ServerRuntime::start(m_config, m_clock);
    if (!runtime)
        return runtime.error();
    m_runtime = std::move(*runtime);
    return {};
}

qint64 TestCampaignE2E::importRelease(const QString &version, qint64 counter, const QString &consent,
                                      const QString &hwId)
{
    test::SyntheticRelease spec;
    spec.version = version;
    spec.counter = counter;
    spec.ecu = Ecu;
    spec.hwId = hwId;
    if (hwId != HwId)
        spec.name = hwId + u"-firmware"_s; // a release is one name and version
    spec.rxswin = QJsonArray{u"R156-TEST-%1"_s.arg(counter)};
    spec.preconditions = QJsonObject{{u"Consent"_s, consent}};
    spec.userText = QJsonObject{{u"en"_s, u"Test release %1"_s.arg(version)}};
    return test::importSyntheticRelease(m_runtime->fleet().releases(),
                                        m_dir.filePath(u"release-%1-%2"_s.arg(hwId, version)), spec);
}

QStringList TestCampaignE2E::addVehicles(int count, const QList<VehicleFaults> &faults)
{
    QStringList vins;
    std::vector<agent::Fleet *> added;
    for (int i = 0; i < count; ++i) {
        const int n = ++m_vehicles;
        agent::VehicleProfile profile;
        // S…: a European VIN (region filter); distinct per vehicle.
        profile.vin = u"SCAMPE2E0%1"_s.arg(n, 8, 10, QChar(u'0'));
        profile.devId = u"GW-CMP-%1"_s.arg(n);
        profile.manufacturer = u"Test"_s;
        profile.model = faults.value(i).model;
        profile.oem = u"TestOEM"_s;
        profile.ecus = {{Ecu, faults.value(i).hwId, FromVersion}};
        profile.swVersion = FromVersion;
        profile.fwVersion = FromVersion;
        profile.codecs = delta::codecNames();
        profile.deltaMaxMemoryMiB = 64;

        agent::FleetOptions options;
        options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->devicePort());
        options.caPem = m_runtime->caCertificatePem();
        options.enrollmentKey = m_runtime->fleet().enrollmentKey();
        options.size = 1;
        options.singleProfile = profile;
        options.dataDir = m_dir.filePath(u"vehicle-%1"_s.arg(n));
        options.pollSecondsOverride = 3600; // the test makes them check in
        options.registrationRetrySeconds = 1;
        options.startNow = true;
        options.lanes = 1;
        const VehicleFaults setup = faults.value(i);
        options.update.failBootCheck = setup.failBootCheck;
        auto consent = agent::ConsentPolicy::parse(setup.consent);
        if (!consent)
            return {};
        options.update.consent = setup.consent;
        options.update.onConsentPrompt = [this, vin = profile.vin](int shown) {
            std::lock_guard lock(m_promptsMutex);
            m_prompts.insert(vin, shown);
        };
        options.update.batteryPct = setup.batteryPct;
        options.update.chargePctPerMinute = setup.chargePctPerMinute;
        options.update.recheckInterval = std::chrono::milliseconds(300); // nothing waits on the default 30 s
        auto fleet = std::make_unique<agent::Fleet>(options);
        if (!fleet->start())
            return {};
        added.push_back(fleet.get());
        m_fleetOfVin.insert(profile.vin, m_fleets.size());
        m_fleets.push_back(std::move(fleet));
        vins.append(profile.vin);
    }
    // Registered and reported their ECUs: the campaign's targets come from the inventory.
    const bool seen = QTest::qWaitFor(
        [&] {
            return std::all_of(added.begin(), added.end(), [](agent::Fleet *f) { return f->stats().sessions >= 1; });
        },
        WaitMs);
    return seen ? vins : QStringList();
}

void TestCampaignE2E::pollAll()
{
    for (const auto &fleet : m_fleets) {
        if (fleet->isRunning())
            fleet->pollAll();
    }
}

bool TestCampaignE2E::setOnline(const QString &vin, bool online)
{
    const size_t index = m_fleetOfVin.value(vin, m_fleets.size());
    if (index >= m_fleets.size())
        return false;
    std::unique_ptr<agent::Fleet> &fleet = m_fleets[index];
    if (!online) {
        fleet->stop();
        return true;
    }
    // A new process, as after the vehicle was switched off: same folder, account and slots.
    agent::FleetOptions options = fleet->options();
    options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->devicePort());
    fleet = std::make_unique<agent::Fleet>(options);
    if (!fleet->start())
        return false;
    agent::Fleet *started = fleet.get();
    return QTest::qWaitFor([&] { return started->stats().sessions >= 1; }, WaitMs);
}

bool TestCampaignE2E::jobHadEvent(const store::UpdateJobRecord &job, const QString &kind)
{
    auto events = m_runtime->fleet().events(0, 1000, job.vin);
    if (!events)
        return false;
    return std::any_of(events->cbegin(), events->cend(), [&](const store::EventRecord &event) {
        return event.kind == kind && event.data.value(u"job"_s).toInteger() == job.id;
    });
}

qint64 TestCampaignE2E::approvedCampaign(const QStringList &vins, QJsonObject settings, const QJsonObject &targets)
{
    settings.insert(u"name"_s, u"campaign %1"_s.arg(m_vehicles));
    if (!settings.contains(u"release"_s))
        settings.insert(u"release"_s, m_target);
    settings.insert(u"targets"_s,
                    targets.isEmpty() ? QJsonObject{{u"vins"_s, QJsonArray::fromStringList(vins)}} : targets);
    auto spec = CampaignSpec::fromJson(settings);
    if (!spec) {
        qWarning() << spec.errorString();
        return 0;
    }
    auto created = campaigns().create(*spec, Alice);
    if (!created)
        return 0;
    const bool ok = campaigns().act(created->id, CampaignAction::Submit, Alice).ok() &&
                    campaigns().act(created->id, CampaignAction::Approve, Bob).ok();
    return ok ? created->id : 0;
}

bool TestCampaignE2E::drive(const std::function<bool()> &done, int intervalMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < WaitMs) {
        if (done())
            return true;
        pollAll(); // sessions deliver jobs, carry the vehicles' reports, read back versions
        campaigns().tick().ok();
        QTest::qWait(intervalMs);
    }
    return done();
}

qint64 TestCampaignE2E::awaitingConsent(const QString &consent, int deadlineHours, QString *vin)
{
    const QStringList vins = addVehicles(1, {{.consent = consent}});
    if (vins.size() != 1)
        return 0;
    *vin = vins.first();
    const qint64 id = approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}},
                                              {u"consent"_s, u"required"_s},
                                              {u"reminderHours"_s, 1},
                                              {u"consentDeadlineHours"_s, deadlineHours}});
    if (id == 0 || !campaigns().act(id, CampaignAction::Start, Alice))
        return 0;
    const bool waiting = drive([&] {
        const QList<store::UpdateJobRecord> jobs = jobsOf(*vin);
        return !jobs.isEmpty() && jobs.first().state == store::JobState::AwaitingConsent;
    });
    return waiting ? id : 0;
}

QList<int> TestCampaignE2E::remindersOf(qint64 id, const QString &vin)
{
    QList<int> counts;
    auto events = m_runtime->fleet().events(0, 1000, vin);
    if (!events)
        return counts;
    for (const store::EventRecord &event : std::as_const(*events)) { // newest first
        if (event.kind == u"campaign.consent-reminder" && event.data.value(u"campaign"_s).toInteger() == id)
            counts.prepend(event.data.value(u"count"_s).toInt());
    }
    return counts;
}

int TestCampaignE2E::promptsOf(const QString &vin)
{
    std::lock_guard lock(m_promptsMutex);
    return m_prompts.value(vin);
}

CampaignState TestCampaignE2E::stateOf(qint64 id)
{
    auto summary = campaigns().summary(id);
    return summary ? summary->campaign.state : CampaignState::Draft;
}

QMap<QString, CampaignVehicleRecord> TestCampaignE2E::vehiclesOf(qint64 id)
{
    QMap<QString, CampaignVehicleRecord> result;
    auto rows = campaigns().vehicles(id);
    if (rows) {
        for (const CampaignVehicleRecord &row : std::as_const(*rows))
            result.insert(row.vin, row);
    }
    return result;
}

QList<store::UpdateJobRecord> TestCampaignE2E::jobsOf(const QString &vin)
{
    auto jobs = m_runtime->fleet().updates().jobsForVehicle(vin, 100);
    return jobs ? *jobs : QList<store::UpdateJobRecord>();
}

void TestCampaignE2E::dryRunThenWavesAdvanceToCompletion()
{
    const QStringList vins = addVehicles(3);
    QCOMPARE(vins.size(), 3);
    auto spec =
        CampaignSpec::fromJson({{u"name"_s, u"waves"_s},
                                {u"release"_s, m_target},
                                {u"targets"_s, QJsonObject{{u"vins"_s, QJsonArray::fromStringList(vins)}}},
                                {u"waves"_s, QJsonArray{QJsonObject{{u"count"_s, 1}, {u"successPercent"_s, 100}},
                                                        QJsonObject{{u"percent"_s, 100}}}}});
    QVERIFY2(spec, qPrintable(spec.errorString()));
    auto created = campaigns().create(*spec, Alice);
    QVERIFY2(created, qPrintable(created.errorString()));
    const qint64 id = created->id;

    // Dry run before approval: every vehicle compatible, something to download, nothing blocking.
    auto dryRun = campaigns().dryRun(id);
    QVERIFY2(dryRun, qPrintable(dryRun.errorString()));
    QCOMPARE(dryRun->vehicles.size(), 3);
    QCOMPARE(dryRun->compatible, 3);
    QCOMPARE(dryRun->blocked, 0);
    QVERIFY(dryRun->bytes > 0);
    QCOMPARE(dryRun->waveSizes, (QList<int>{1, 2}));
    QVERIFY(dryRun->vehicles.first().payload.contains(u"1.0.0 → 2.0.0"_s));

    // The author cannot approve their own campaign; a second person can.
    QVERIFY(campaigns().act(id, CampaignAction::Submit, Alice));
    auto own = campaigns().act(id, CampaignAction::Approve, Actor{u"alice"_s, Role::Admin});
    QVERIFY(!own);
    QCOMPARE(own.error().code, 403);
    QVERIFY(campaigns().act(id, CampaignAction::Approve, Bob));
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));

    // Only wave 1 has a job; wave 2 waits, and says so.
    auto rows = vehiclesOf(id);
    QCOMPARE(rows.size(), 3);
    int active = 0;
    QString waiting;
    for (const CampaignVehicleRecord &row : std::as_const(rows)) {
        active += row.state == TargetState::Active ? 1 : 0;
        if (row.state == TargetState::Waiting)
            waiting = row.vin;
    }
    QCOMPARE(active, 1);
    auto why = campaigns().whyNotUpdated(id, waiting);
    QVERIFY(why);
    QVERIFY2(why->contains(u"wave 2"_s), qPrintable(*why));

    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    for (const QString &vin : vins) {
        const QList<store::UpdateJobRecord> jobs = jobsOf(vin);
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first().campaignId, std::optional<qint64>(id));
        QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
        QVERIFY(campaigns().whyNotUpdated(id, vin)->startsWith(u"It was updated"_s));
    }
    auto summary = campaigns().summary(id);
    QVERIFY(summary);
    QCOMPARE(summary->vehicleStates.value(u"succeeded"_s), 3);
    QCOMPARE(summary->waves.size(), 2);
    auto events = m_runtime->fleet().events(0, 1000);
    QVERIFY(events);
    QStringList kinds;
    for (const store::EventRecord &event : std::as_const(*events)) {
        if (event.data.value(u"campaign"_s).toInteger() == id)
            kinds.append(event.kind + u'/' + event.actor);
    }
    for (const QString &expected :
         {u"campaign.create/alice"_s, u"campaign.submit/alice"_s, u"campaign.approve/bob"_s, u"campaign.start/alice"_s,
          u"campaign.wave-started/system"_s, u"campaign.complete/system"_s})
        QVERIFY2(kinds.contains(expected), qPrintable(expected + u" not in "_s + kinds.join(u", "_s)));
}

void TestCampaignE2E::failuresOverTheThresholdHaltThenRetryFailed()
{
    // Wave 1: two vehicles, one whose new slot never boots (rollback, FUMO 410). One failure is the
    // threshold, so the campaign halts and wave 2 never starts.
    const QStringList vins = addVehicles(3, {{}, {.failBootCheck = true}});
    QCOMPARE(vins.size(), 3);
    const qint64 id = approvedCampaign(
        vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"count"_s, 2}}, QJsonObject{{u"percent"_s, 100}}}},
               {u"maxFailures"_s, 1},
               {u"retries"_s, 1}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    const QString failing = vehiclesOf(id).value(vins[1]).wave == 0 ? vins[1] : QString();
    QVERIFY2(!failing.isEmpty(), "the failing vehicle is in wave 1 (VIN order)");
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Halted; }));

    auto rows = vehiclesOf(id);
    QCOMPARE(toString(rows.value(failing).state), toString(TargetState::Failed));
    QCOMPARE(rows.value(failing).attempts, 2); // the first job and its one retry
    QCOMPARE(jobsOf(failing).size(), 2);
    QCOMPARE(toString(rows.value(vins[2]).state), toString(TargetState::Waiting)); // wave 2 never started
    QVERIFY(jobsOf(vins[2]).isEmpty());
    auto summary = campaigns().summary(id);
    QVERIFY(summary->campaign.reason.contains(u"wave 1"_s));
    auto why = campaigns().whyNotUpdated(id, failing);
    QVERIFY2(why->contains(u"code 410"_s), qPrintable(*why));

    // Retry failed: the failed vehicle gets a third job; its retries are spent, so when that fails
    // too it is failed at once and the campaign halts again.
    QVERIFY(campaigns().act(id, CampaignAction::RetryFailed, Alice));
    QCOMPARE(toString(stateOf(id)), toString(CampaignState::Running));
    QCOMPARE(toString(vehiclesOf(id).value(failing).state), toString(TargetState::Active));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Halted; }));
    QCOMPARE(jobsOf(failing).size(), 3);
    QVERIFY(jobsOf(vins[2]).isEmpty());
}

void TestCampaignE2E::pauseStopsNewJobs()
{
    const QStringList vins = addVehicles(2);
    QCOMPARE(vins.size(), 2);
    const qint64 id =
        approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"count"_s, 1}, {u"successPercent"_s, 100}},
                                                        QJsonObject{{u"percent"_s, 100}}}}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(campaigns().act(id, CampaignAction::Pause, Bob)); // an approver may stop a rollout
    // Wave 1's job still finishes; wave 2 gets nothing while paused.
    QVERIFY(drive([&] { return vehiclesOf(id).value(vins[0]).state == TargetState::Succeeded; }));
    for (int i = 0; i < 5; ++i) {
        pollAll();
        QVERIFY(campaigns().tick(id));
    }
    QCOMPARE(toString(stateOf(id)), toString(CampaignState::Paused));
    QVERIFY(jobsOf(vins[1]).isEmpty());
    QVERIFY(campaigns().whyNotUpdated(id, vins[1])->contains(u"paused"_s));

    QVERIFY(campaigns().act(id, CampaignAction::Resume, Alice));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    QCOMPARE(jobsOf(vins[1]).size(), 1);
}

void TestCampaignE2E::cancelStopsJobsNotInstalling()
{
    const QStringList vins = addVehicles(2);
    QCOMPARE(vins.size(), 2);
    const qint64 id = approvedCampaign(
        vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"count"_s, 1}}, QJsonObject{{u"percent"_s, 100}}}}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QCOMPARE(jobsOf(vins[0]).size(), 1); // queued; the vehicle has not checked in since
    QVERIFY(campaigns().act(id, CampaignAction::Cancel, Alice));
    QCOMPARE(toString(stateOf(id)), toString(CampaignState::Cancelled));
    const auto rows = vehiclesOf(id);
    for (const QString &vin : vins)
        QCOMPARE(toString(rows.value(vin).state), toString(TargetState::Cancelled));
    QCOMPARE(store::toString(jobsOf(vins[0]).first().state), u"cancelled"_s);
    QVERIFY(jobsOf(vins[1]).isEmpty());
    // Nothing moves afterwards.
    pollAll();
    QVERIFY(campaigns().tick(id));
    QCOMPARE(jobsOf(vins[0]).size(), 1);
    QVERIFY(jobsOf(vins[1]).isEmpty());
}

void TestCampaignE2E::maintenanceWindowIsHonoured()
{
    const QStringList vins = addVehicles(1);
    QCOMPARE(vins.size(), 1);
    // A one-hour window that opens an hour from the server's (manual) now, in UTC.
    const QDateTime now = m_clock.now();
    const int minute = now.time().hour() * 60 + now.time().minute();
    const int start = (minute + 60) % (24 * 60);
    const qint64 id = approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}},
                                              {u"window"_s, QJsonObject{{u"enabled"_s, true},
                                                                        {u"startMinute"_s, start},
                                                                        {u"endMinute"_s, (start + 60) % (24 * 60)},
                                                                        {u"timeZone"_s, u"UTC"_s}}}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    for (int i = 0; i < 3; ++i)
        QVERIFY(campaigns().tick(id));
    QVERIFY(jobsOf(vins[0]).isEmpty());
    QVERIFY(campaigns().whyNotUpdated(id, vins[0])->contains(u"maintenance window"_s));

    m_clock.advanceMs(61LL * 60 * 1000); // inside the window
    QVERIFY(campaigns().tick(id));
    QCOMPARE(jobsOf(vins[0]).size(), 1);
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    m_clock.setNowMs(QDateTime::currentMSecsSinceEpoch()); // back to real time for the other cases
}

void TestCampaignE2E::serverRestartMidCampaign()
{
    const QStringList vins = addVehicles(4);
    QCOMPARE(vins.size(), 4);
    const qint64 id =
        approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"count"_s, 2}, {u"successPercent"_s, 50}},
                                                        QJsonObject{{u"percent"_s, 100}}}}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    // Some progress, then the server stops with jobs in flight.
    QVERIFY(drive([&] {
        const auto rows = vehiclesOf(id);
        return std::any_of(rows.cbegin(), rows.cend(),
                           [](const CampaignVehicleRecord &row) { return row.state == TargetState::Succeeded; });
    }));
    m_runtime.reset();
    const Status restarted = startServer();
    QVERIFY2(restarted, qPrintable(restarted.errorString()));

    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const auto rows = vehiclesOf(id);
    QCOMPARE(rows.size(), 4);
    for (const QString &vin : vins) {
        QCOMPARE(toString(rows.value(vin).state), toString(TargetState::Succeeded));
        const QList<store::UpdateJobRecord> jobs = jobsOf(vin);
        QCOMPARE(jobs.size(), 1); // exactly one job per vehicle, across the restart
        QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
        QCOMPARE(rows.value(vin).jobId, std::optional<qint64>(jobs.first().id));
    }
    auto summary = campaigns().summary(id);
    QVERIFY(summary);
    int total = 0;
    for (int count : std::as_const(summary->vehicleStates))
        total += count;
    QCOMPARE(total, 4);
    QCOMPARE(summary->jobStates.value(u"succeeded"_s), 4);
    QCOMPARE(summary->waves.value(0).value(u"total"_s) + summary->waves.value(1).value(u"total"_s), 4);
}

void TestCampaignE2E::serverRestartMidCampaignWith200Vehicles()
{
    // 200 vehicles with the smallest synthetic image; every 20th fails its boot check (rollback,
    // FUMO 410), so the campaign ends with two terminal states. Wave 2 (the other 150) starts once
    // half of wave 1 succeeded; the server stops while wave 2's jobs are in flight.
    constexpr int Count = 200;
    QList<VehicleFaults> faults;
    for (int i = 0; i < Count; ++i)
        faults.append({.failBootCheck = i % 20 == 19, .hwId = SmallHwId});
    const QStringList vins = addVehicles(Count, faults);
    QCOMPARE(vins.size(), Count);
    const qint64 id =
        approvedCampaign(vins, {{u"release"_s, m_smallTarget},
                                {u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 25}, {u"successPercent"_s, 50}},
                                                        QJsonObject{{u"percent"_s, 100}}}},
                                {u"maxFailurePercent"_s, 0}, // no halt: the injected failures are expected
                                {u"retries"_s, 0}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    const auto count = [&](TargetState state, int wave = -1) {
        const auto rows = vehiclesOf(id);
        return int(std::count_if(rows.cbegin(), rows.cend(), [&](const CampaignVehicleRecord &row) {
            return row.state == state && (wave < 0 || row.wave == wave);
        }));
    };
    constexpr int PollMs = 1000; // 200 vehicles: a session each per second is plenty
    QVERIFY(drive([&] { return count(TargetState::Succeeded) >= 30 && count(TargetState::Active, 1) >= 20; }, PollMs));
    qInfo("stopping the server: %d vehicles succeeded, %d failed, %d active, %d waiting", count(TargetState::Succeeded),
          count(TargetState::Failed), count(TargetState::Active), count(TargetState::Waiting));
    m_runtime.reset();
    const Status restarted = startServer();
    QVERIFY2(restarted, qPrintable(restarted.errorString()));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }, PollMs));

    // Every targeted vehicle: one job, in one terminal state, which its campaign row names.
    const auto rows = vehiclesOf(id);
    QCOMPARE(rows.size(), Count);
    QMap<QString, int> jobStates;
    QSet<qint64> jobIds;
    for (int i = 0; i < Count; ++i) {
        const QString &vin = vins[i];
        const QList<store::UpdateJobRecord> jobs = jobsOf(vin);
        QCOMPARE(jobs.size(), 1); // no vehicle got the job twice across the restart
        const store::UpdateJobRecord &job = jobs.first();
        QVERIFY2(store::isTerminal(job.state), qPrintable(vin + u' ' + store::toString(job.state)));
        QCOMPARE(rows.value(vin).jobId, std::optional<qint64>(job.id));
        const bool failing = faults[i].failBootCheck;
        QCOMPARE(store::toString(job.state), failing ? u"rolled-back"_s : u"succeeded"_s);
        QCOMPARE(toString(rows.value(vin).state), toString(failing ? TargetState::Failed : TargetState::Succeeded));
        QCOMPARE(job.resultCode, failing ? 410 : 200); // the vehicle's final report arrived
        ++jobStates[store::toString(job.state)];
        jobIds.insert(job.id);
    }
    QCOMPARE(jobStates.value(u"succeeded"_s), 190);
    QCOMPARE(jobStates.value(u"rolled-back"_s), 10);

    // The counts add up: per vehicle state, per job state and per wave, 200 each.
    auto summary = campaigns().summary(id);
    QVERIFY(summary);
    const auto sum = [](const QMap<QString, int> &counts) {
        int total = 0;
        for (int n : counts)
            total += n;
        return total;
    };
    QCOMPARE(sum(summary->vehicleStates), Count);
    QCOMPARE(summary->vehicleStates.value(u"succeeded"_s), 190);
    QCOMPARE(summary->vehicleStates.value(u"failed"_s), 10);
    QCOMPARE(sum(summary->jobStates), Count);
    QCOMPARE(summary->waves.size(), 2);
    QCOMPARE(summary->waves[0].value(u"total"_s), 50);
    QCOMPARE(summary->waves[0].value(u"total"_s) + summary->waves[1].value(u"total"_s), Count);

    // Nothing reported was lost or taken twice: per job, one event for its final report
    // (verifying or rolled-back) and, for the successes, one for the read-back.
    for (const QString &vin : vins) {
        auto events = m_runtime->fleet().events(0, 1000, vin);
        QVERIFY(events);
        QMap<QString, int> kinds;
        for (const store::EventRecord &event : std::as_const(*events)) {
            if (jobIds.contains(event.data.value(u"job"_s).toInteger()) && event.kind.startsWith(u"update."_s))
                ++kinds[event.kind];
        }
        const bool failing = jobsOf(vin).first().state == store::JobState::RolledBack;
        QCOMPARE(kinds.value(u"update.rolled-back"_s), failing ? 1 : 0);
        QCOMPARE(kinds.value(u"update.verifying"_s), failing ? 0 : 1);
        QCOMPARE(kinds.value(u"update.succeeded"_s), failing ? 0 : 1);
    }
}

void TestCampaignE2E::consentOverrideReachesTheVehicle()
{
    // The release asks for the owner's consent and this owner would postpone by an hour; the
    // campaign says consent is not required, and its instruction says so: it installs at once.
    const QStringList vins = addVehicles(1, {{.consent = u"postpone:3600"_s}});
    QCOMPARE(vins.size(), 1);
    const qint64 id = approvedCampaign(vins, {{u"release"_s, m_consentRelease},
                                              {u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}},
                                              {u"consent"_s, u"not-required"_s}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const QList<store::UpdateJobRecord> jobs = jobsOf(vins[0]);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
    QVERIFY(!jobHadEvent(jobs.first(), u"update.deferred"_s));
    QVERIFY(!jobHadEvent(jobs.first(), u"update.awaiting-consent"_s));
}

void TestCampaignE2E::consentDeadlineExpiresTheJob()
{
    // The release needs no consent; the campaign requires it, with a one-hour deadline. The owner
    // postpones by an hour, so the job is still deferred when the deadline passes.
    const QStringList vins = addVehicles(1, {{.consent = u"postpone:3600"_s}});
    QCOMPARE(vins.size(), 1);
    const qint64 id = approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}},
                                              {u"consent"_s, u"required"_s},
                                              {u"consentDeadlineHours"_s, 1},
                                              {u"retries"_s, 1}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(drive([&] {
        const QList<store::UpdateJobRecord> jobs = jobsOf(vins[0]);
        return !jobs.isEmpty() && jobs.first().state == store::JobState::Deferred;
    }));
    QVERIFY(campaigns().whyNotUpdated(id, vins[0])->contains(u"Postponed by the owner"_s));
    QVERIFY(campaigns().tick(id)); // before the deadline nothing changes
    QCOMPARE(store::toString(jobsOf(vins[0]).first().state), u"deferred"_s);

    m_clock.advanceMs(61LL * 60 * 1000);
    QVERIFY(campaigns().tick(id));
    const QList<store::UpdateJobRecord> jobs = jobsOf(vins[0]);
    QCOMPARE(jobs.size(), 1); // no automatic retry: the owner did not consent
    QCOMPARE(store::toString(jobs.first().state), u"expired"_s);
    QVERIFY2(jobs.first().reason.contains(u"deadline"_s), qPrintable(jobs.first().reason));
    const CampaignVehicleRecord row = vehiclesOf(id).value(vins[0]);
    QCOMPARE(toString(row.state), toString(TargetState::Failed));
    QCOMPARE(row.attempts, 1);
    QVERIFY(campaigns().whyNotUpdated(id, vins[0])->contains(u"deadline"_s));
    m_clock.setNowMs(QDateTime::currentMSecsSinceEpoch());
}

void TestCampaignE2E::ownerPostponesThenAccepts()
{
    // The campaign asks for consent (the release does not); the owner postpones two seconds, then
    // accepts: the job is deferred, then installs.
    const QStringList vins = addVehicles(1, {{.consent = u"postpone:2"_s}});
    QCOMPARE(vins.size(), 1);
    const qint64 id = approvedCampaign(
        vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}}, {u"consent"_s, u"required"_s}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const QList<store::UpdateJobRecord> jobs = jobsOf(vins[0]);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
    // Deferred first; it then installed (succeeded is recorded only after the read-back). An
    // "installing" progress row is not asserted: a small image can install between two progress
    // alerts, so its final report is the first word of the install.
    QVERIFY(jobHadEvent(jobs.first(), u"update.deferred"_s));
    QVERIFY(jobHadEvent(jobs.first(), u"update.succeeded"_s));
}

void TestCampaignE2E::simulatedOwnerAnswersAndCountsPrompts_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("answers"); // to prompts 0, 1, 2: a(ccept), p(ostpone), r(eject), -(none)
    QTest::newRow("accept") << u"accept"_s << u"aaa"_s;
    QTest::newRow("reject") << u"reject"_s << u"rrr"_s;
    QTest::newRow("postpone") << u"postpone:60"_s << u"paa"_s;
    QTest::newRow("ignore") << u"ignore"_s << u"---"_s;
    QTest::newRow("ignore:2") << u"Ignore:2"_s << u"--a"_s;
    QTest::newRow("ignore:0") << u"ignore:0"_s << u"aaa"_s;
}

void TestCampaignE2E::simulatedOwnerAnswersAndCountsPrompts()
{
    QFETCH(QString, policy);
    QFETCH(QString, answers);
    auto parsed = agent::ConsentPolicy::parse(policy);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    QString seen;
    for (int prompt = 0; prompt < 3; ++prompt) {
        switch (parsed->ask(prompt)) {
        case agent::ConsentPolicy::Answer::Accept:
            seen += u'a';
            break;
        case agent::ConsentPolicy::Answer::Postpone:
            seen += u'p';
            break;
        case agent::ConsentPolicy::Answer::Reject:
            seen += u'r';
            break;
        case agent::ConsentPolicy::Answer::None:
            seen += u'-';
            break;
        }
    }
    QCOMPARE(seen, answers);
    QCOMPARE(parsed->promptsShown(), 3);
    QCOMPARE(agent::ConsentPolicy::parse(parsed->toString())->toString(), parsed->toString()); // round trip
    QVERIFY(!agent::ConsentPolicy::parse(u"ignore:-1"_s));
    QVERIFY(!agent::ConsentPolicy::parse(u"sometimes"_s));
}

void TestCampaignE2E::consentRemindersUntilTheOwnerAnswers()
{
    // The campaign asks for consent and reminds every hour (deadline 5 h); the owner leaves the
    // first two prompts unanswered and accepts the third. The server's clock is the manual one.
    QString vin;
    const qint64 id = awaitingConsent(u"ignore:2"_s, 5, &vin);
    QVERIFY(id > 0);
    QCOMPARE(promptsOf(vin), 1);
    QVERIFY(remindersOf(id, vin).isEmpty());
    QVERIFY2(campaigns().whyNotUpdated(id, vin)->contains(u"no reminder sent yet"_s),
             qPrintable(*campaigns().whyNotUpdated(id, vin)));

    // Nothing before the interval is up; then one reminder, and only one for that interval.
    m_clock.advanceMs(59LL * 60 * 1000);
    QVERIFY(campaigns().tick(id));
    QVERIFY(remindersOf(id, vin).isEmpty());
    m_clock.advanceMs(2LL * 60 * 1000);
    QVERIFY(campaigns().tick(id));
    QVERIFY(campaigns().tick(id));
    QCOMPARE(remindersOf(id, vin), QList<int>{1});
    const QString why = *campaigns().whyNotUpdated(id, vin);
    QVERIFY2(why.contains(u"1 reminder sent"_s), qPrintable(why));

    // Its next session shows the prompt again (the job's EXEC once more); still unanswered.
    QVERIFY(drive([&] { return promptsOf(vin) >= 2; }));
    QCOMPARE(promptsOf(vin), 2);
    QCOMPARE(store::toString(jobsOf(vin).first().state), u"awaiting-consent"_s);

    // An hour later the second reminder; the third prompt is accepted and the update installs.
    m_clock.advanceMs(60LL * 60 * 1000);
    QVERIFY(campaigns().tick(id));
    QCOMPARE(remindersOf(id, vin), (QList<int>{1, 2}));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    QCOMPARE(promptsOf(vin), 3);
    const QList<store::UpdateJobRecord> jobs = jobsOf(vin);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);

    // None after the consent.
    m_clock.advanceMs(3LL * 3600 * 1000);
    QVERIFY(campaigns().tick(id));
    QCOMPARE(remindersOf(id, vin), (QList<int>{1, 2}));
    QCOMPARE(promptsOf(vin), 3);
    m_clock.setNowMs(QDateTime::currentMSecsSinceEpoch());
}

void TestCampaignE2E::consentRemindersStopAtTheDeadline()
{
    // An owner who never answers: a reminder every hour until the three-hour deadline expires the
    // job, and none after it.
    QString vin;
    const qint64 id = awaitingConsent(u"ignore"_s, 3, &vin);
    QVERIFY(id > 0);
    for (int reminder = 1; reminder <= 2; ++reminder) {
        m_clock.advanceMs(reminder == 1 ? 61LL * 60 * 1000 : 60LL * 60 * 1000);
        QVERIFY(campaigns().tick(id));
        QCOMPARE(remindersOf(id, vin).size(), reminder);
        QVERIFY(drive([&] { return promptsOf(vin) > reminder; }));
        QCOMPARE(promptsOf(vin), reminder + 1);
    }
    QCOMPARE(remindersOf(id, vin), (QList<int>{1, 2}));

    m_clock.advanceMs(60LL * 60 * 1000); // past the deadline: the job expires, no third reminder
    QVERIFY(campaigns().tick(id));
    QCOMPARE(store::toString(jobsOf(vin).first().state), u"expired"_s);
    m_clock.advanceMs(3LL * 3600 * 1000);
    QVERIFY(campaigns().tick(id));
    pollAll();
    QCOMPARE(remindersOf(id, vin), (QList<int>{1, 2}));
    QCOMPARE(promptsOf(vin), 3);
    QVERIFY(campaigns().whyNotUpdated(id, vin)->contains(u"deadline"_s));
    m_clock.setNowMs(QDateTime::currentMSecsSinceEpoch());
}

void TestCampaignE2E::batteryBlocksThenClears()
{
    // The campaign raises the release's battery minimum to 50 %; the vehicle is at 20 % and charges
    // 10 % a second: blocked first, then installed.
    const QStringList vins = addVehicles(1, {{.batteryPct = 20, .chargePctPerMinute = 600}});
    QCOMPARE(vins.size(), 1);
    const qint64 id =
        approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}}, {u"minBatteryPct"_s, 50}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const QList<store::UpdateJobRecord> jobs = jobsOf(vins[0]);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
    QVERIFY(jobHadEvent(jobs.first(), u"update.blocked"_s));
    // The vehicle installed at the campaign's minimum, not before (its report's conditions).
    const int battery = jobs.first().report.value(u"Conditions"_s).toObject().value(u"BatteryPct"_s).toInt();
    QVERIFY2(battery >= 50, qPrintable(QString::number(battery)));
}

void TestCampaignE2E::offlineVehicleGetsItsJobWhenBack()
{
    // Two vehicles are switched off when the campaign starts. One comes back within the
    // instruction's validity and gets its job; the other after it (8 days): that job expires
    // undelivered and the campaign's retry gives it a new one.
    const QStringList vins = addVehicles(3);
    QCOMPARE(vins.size(), 3);
    QVERIFY(setOnline(vins[1], false));
    QVERIFY(setOnline(vins[2], false));
    m_clock.advanceMs(1000); // the jobs are created after the vehicles' last sessions
    const qint64 id =
        approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}}, {u"retries"_s, 1}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(drive([&] { return vehiclesOf(id).value(vins[0]).state == TargetState::Succeeded; }));
    for (const QString &vin : {vins[1], vins[2]}) {
        QCOMPARE(store::toString(jobsOf(vin).first().state), u"queued"_s);
        QVERIFY(campaigns().whyNotUpdated(id, vin)->startsWith(u"Never online since job"_s));
    }
    QCOMPARE(toString(stateOf(id)), toString(CampaignState::Running));

    QVERIFY(setOnline(vins[1], true));
    QVERIFY(drive([&] { return vehiclesOf(id).value(vins[1]).state == TargetState::Succeeded; }));
    QCOMPARE(jobsOf(vins[1]).size(), 1);

    m_clock.advanceMs(server::updates::UpdateEngine::InstructionValidityMs + 24LL * 3600 * 1000);
    QVERIFY(setOnline(vins[2], true));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const QList<store::UpdateJobRecord> jobs = jobsOf(vins[2]); // newest first
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(store::toString(jobs.last().state), u"expired"_s);
    QVERIFY2(jobs.last().reason.contains(u"offline"_s), qPrintable(jobs.last().reason));
    QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
    QCOMPARE(vehiclesOf(id).value(vins[2]).attempts, 2);
    m_clock.setNowMs(QDateTime::currentMSecsSinceEpoch());
}

void TestCampaignE2E::lateJoinersJoinTheLastWave()
{
    // Targets by model; a third vehicle of that model registers after the approval and joins
    // the last wave.
    const QString model = u"latejoin"_s;
    const QStringList vins = addVehicles(2, {{.model = model}, {.model = model}});
    QCOMPARE(vins.size(), 2);
    const qint64 id =
        approvedCampaign({},
                         {{u"waves"_s, QJsonArray{QJsonObject{{u"count"_s, 1}, {u"successPercent"_s, 100}},
                                                  QJsonObject{{u"percent"_s, 100}}}},
                          {u"addLateJoiners"_s, true}},
                         QJsonObject{{u"models"_s, QJsonArray{model}}});
    QVERIFY(id > 0);
    QCOMPARE(vehiclesOf(id).size(), 2);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    const QStringList late = addVehicles(1, {{.model = model}});
    QCOMPARE(late.size(), 1);
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const auto rows = vehiclesOf(id);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.value(late[0]).wave, 1); // the last wave
    for (const QString &vin : vins + late) {
        QCOMPARE(toString(rows.value(vin).state), toString(TargetState::Succeeded));
        QCOMPARE(jobsOf(vin).size(), 1);
    }
    auto events = m_runtime->fleet().events(0, 5000);
    QVERIFY(events);
    QVERIFY(std::any_of(events->cbegin(), events->cend(), [&](const store::EventRecord &event) {
        return event.kind == u"campaign.late-joiners" && event.data.value(u"campaign"_s).toInteger() == id &&
               event.data.value(u"vins"_s).toArray().contains(late[0]);
    }));
}

void TestCampaignE2E::downloadOnlyStopsAfterTheDownload()
{
    // FUMO Download: the vehicle fetches and verifies the payload, keeps it, installs nothing.
    const QStringList vins = addVehicles(1);
    QCOMPARE(vins.size(), 1);
    const qint64 id =
        approvedCampaign(vins, {{u"waves"_s, QJsonArray{QJsonObject{{u"percent"_s, 100}}}}, {u"downloadOnly"_s, true}});
    QVERIFY(id > 0);
    QVERIFY(campaigns().act(id, CampaignAction::Start, Alice));
    QVERIFY(drive([&] { return stateOf(id) == CampaignState::Completed; }));
    const QList<store::UpdateJobRecord> jobs = jobsOf(vins[0]);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(store::toString(jobs.first().state), u"succeeded"_s);
    QVERIFY(jobs.first().downloadOnly);
    QVERIFY2(jobs.first().reason.contains(u"download only"_s), qPrintable(jobs.first().reason));
    QCOMPARE(jobs.first().resultCode, 200); // the final "download" alert
    QVERIFY(!jobHadEvent(jobs.first(), u"update.installing"_s));
    QVERIFY(!jobHadEvent(jobs.first(), u"update.verifying"_s));
    QVERIFY(campaigns().whyNotUpdated(id, vins[0])->startsWith(u"Downloaded (download only)"_s));
    // The vehicle still runs the old version and keeps the verified payload for a later Update.
    auto vehicle = m_runtime->fleet().vehicle(vins[0]);
    QVERIFY(vehicle);
    QCOMPARE(vehicle->vehicle.ecus.first().toObject().value(u"SwV"_s).toString(), FromVersion);
    const QString folder = m_fleets[m_fleetOfVin.value(vins[0])]->options().dataDir;
    QCOMPARE(QDir(folder + u"/update/payloads"_s).entryList(QDir::Files).size(), 1);
}

QTEST_GUILESS_MAIN(TestCampaignE2E)

#include "tst_campaign_e2e.moc"

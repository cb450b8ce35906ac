// The update pipeline end to end over loopback TLS: a real server (releases, delta builds, signed
// instructions, blob endpoint, jobs) and real agents (download, verify, rebuild, install to A/B
// slots, report). Each case is a fresh vehicle on the same server; images are the deterministic
// synthetic ones the simulator runs, so the server's copy of a version equals the vehicle's slot.
#include "agent/Fleet.h"
#include "agent/VehicleAgent.h"
#include "agent/net/AsioRuntime.h"
#include "core/Clock.h"
#include "core/delta/DeltaCodec.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/DeltaService.h"
#include "server/updates/UpdateEngine.h"
#include "tests/ReleaseTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

const QString HwId = u"test-gateway"_s; // a 1.5 MiB synthetic image: quick to build and ship
const QString Ecu = u"gateway"_s;
const QString FromVersion = u"1.0.0"_s;
const QString ToVersion = u"2.0.0"_s;
constexpr int WaitMs = 120'000; // generous: the CI machine is shared; nothing here asserts speed

struct ReleaseSpec
{
    QString name = u"gw-firmware"_s;
    QString version;
    qint64 counter = 1;
    QString kind = u"firmware"_s;
    QString ecu = Ecu;
    QString hwId = HwId;
    QJsonObject preconditions{{u"Consent"_s, u"not-required"_s}};
};

} // namespace

class TestUpdateE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void deltaUpdateSucceedsAfterReadBack();
    void fullPayloadForAVehicleWithoutDeltaCodecs();
    void lowerReleaseCounterIsRefused();
    void tamperedPayloadIs402AndNothingInstalled();
    void failedBootCheckRollsBack();
    void ownerRejects();
    void lowBatteryBlocksUntilCharged();
    void expiredInstructionIsRefused();
    void downloadCutThenResumedAfterRestart();
    void killedMidInstallRestartsOnOldSlot();
    void offlineBundleReportsAtNextSession();
    void signingKeyRotationReachesVehicles();

private:
    qint64 importRelease(const ReleaseSpec &spec);
    agent::FleetOptions vehicle(const QString &name, const agent::UpdateOptions &update = {});
    qint64 assign(const agent::Fleet &fleet, qint64 releaseId);
    // Polls the job (making the fleet check in) until done says so; returns the last record.
    store::UpdateJobRecord waitForJob(agent::Fleet &fleet, qint64 jobId,
                                      const std::function<bool(const store::UpdateJobRecord &)> &done);
    static bool terminal(const store::UpdateJobRecord &job) { return store::isTerminal(job.state); }
    QString runningVersion(const QString &vin);

    QTemporaryDir m_dir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    qint64 m_baseline = 0; // release with the 1.0.0 image (the vehicles' running version)
    qint64 m_target = 0;   // 2.0.0
    int m_vehicles = 0;
};

void TestUpdateE2E::initTestCase()
{
    QVERIFY(m_dir.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.filePath(u"server"_s);
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    config.pollSeconds = 60;
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    m_baseline = importRelease({.version = FromVersion, .counter = 1});
    m_target = importRelease({.version = ToVersion, .counter = 2});
    QVERIFY(m_baseline > 0 && m_target > 0);
}

void TestUpdateE2E::cleanupTestCase()
{
    m_runtime.reset();
}

qint64 TestUpdateE2E::importRelease(const ReleaseSpec &spec)
{
    test::SyntheticRelease release;
    release.name = spec.name;
    release.version = spec.version;
    release.counter = spec.counter;
    release.kind = spec.kind;
    release.ecu = spec.ecu;
    release.hwId = spec.hwId;
    release.preconditions = spec.preconditions;
    release.rxswin = QJsonArray{u"R156-TEST-%1"_s.arg(spec.counter)};
    release.userText = QJsonObject{{u"en"_s, u"Test release %1"_s.arg(spec.version)}};
    release.dtcsToClear = QJsonArray{u"U0100"_s};
    return test::importSyntheticRelease(m_runtime->fleet().releases(),
                                        m_dir.filePath(u"release-%1-%2"_s.arg(spec.name, spec.version)), release);
}

agent::FleetOptions TestUpdateE2E::vehicle(const QString &name, const agent::UpdateOptions &update)
{
    const int n = ++m_vehicles;
    agent::VehicleProfile profile;
    profile.vin = u"TSTE2E0XN%1"_s.arg(n, 8, 10, QChar(u'0'));
    profile.devId = u"GW-E2E-%1"_s.arg(n);
    profile.manufacturer = u"Test"_s;
    profile.model = name;
    profile.oem = u"TestOEM"_s;
    profile.ecus = {{Ecu, HwId, FromVersion}};
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
    options.pollSecondsOverride = 3600; // the test makes it check in (pollAll)
    options.registrationRetrySeconds = 1;
    options.startNow = true;
    options.lanes = 1;
    options.update = update;
    return options;
}

qint64 TestUpdateE2E::assign(const agent::Fleet &fleet, qint64 releaseId)
{
    // Registered and reported its ECUs first (the server picks targets from the inventory).
    const QString vin = fleet.options().singleProfile->vin;
    if (!QTest::qWaitFor([&] { return fleet.stats().sessions >= 1; }, WaitMs))
        return 0;
    auto assignments = m_runtime->fleet().updates().assign(releaseId, {vin}, u"tester"_s);
    if (!assignments || !assignments->first().job) {
        qWarning() << "assign:" << (assignments ? assignments->first().error : assignments.errorString());
        return 0;
    }
    return assignments->first().job->id;
}

store::UpdateJobRecord TestUpdateE2E::waitForJob(agent::Fleet &fleet, qint64 jobId,
                                                 const std::function<bool(const store::UpdateJobRecord &)> &done)
{
    store::UpdateJobRecord last;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < WaitMs) {
        auto job = m_runtime->fleet().updates().job(jobId);
        if (job && job->has_value()) {
            last = **job;
            if (done(last))
                return last;
        }
        fleet.pollAll(); // a session delivers the job, carries the vehicle's alerts, reads back versions
        QTest::qWait(500);
    }
    qWarning() << "job" << jobId << "still" << store::toString(last.state) << last.reason;
    return last;
}

QString TestUpdateE2E::runningVersion(const QString &vin)
{
    auto details = m_runtime->fleet().vehicle(vin);
    if (!details)
        return {};
    for (const QJsonValue &ecu : details->vehicle.ecus) {
        if (ecu.toObject().value(u"HwId"_s).toString() == HwId)
            return ecu.toObject().value(u"SwV"_s).toString();
    }
    return {};
}

void TestUpdateE2E::deltaUpdateSucceedsAfterReadBack()
{
    agent::Fleet fleet(vehicle(u"delta"_s));
    QVERIFY(fleet.start());
    const qint64 jobId = assign(fleet, m_target);
    QVERIFY(jobId > 0);
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Succeeded));
    QCOMPARE(job.resultCode, 200);
    QCOMPARE(runningVersion(fleet.vins().first()), ToVersion);
    // A delta, much smaller than the image, was sent and its bytes counted server-side.
    const QJsonObject target = job.report.value(u"Targets"_s).toArray().first().toObject();
    QVERIFY2(target.value(u"Codec"_s).toString() != u"full-zstd", qPrintable(target.value(u"Codec"_s).toString()));
    QVERIFY(target.value(u"Ok"_s).toBool());
    const qint64 imageLength = update::SyntheticImage(HwId, ToVersion).size();
    QVERIFY2(job.payloadBytes > 0 && job.payloadBytes < imageLength / 2,
             qPrintable(u"payload %1 of image %2"_s.arg(job.payloadBytes).arg(imageLength)));
    QVERIFY(job.bytesServed >= job.payloadBytes);
}

void TestUpdateE2E::fullPayloadForAVehicleWithoutDeltaCodecs()
{
    agent::FleetOptions options = vehicle(u"full"_s);
    options.singleProfile->codecs = {u"full-zstd"_s};
    agent::Fleet fleet(options);
    QVERIFY(fleet.start());
    const qint64 jobId = assign(fleet, m_target);
    QVERIFY(jobId > 0);
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Succeeded));
    QCOMPARE(job.report.value(u"Targets"_s).toArray().first().toObject().value(u"Codec"_s).toString(), u"full-zstd"_s);
    QCOMPARE(runningVersion(fleet.vins().first()), ToVersion);
}

void TestUpdateE2E::lowerReleaseCounterIsRefused()
{
    agent::Fleet fleet(vehicle(u"rollback-attempt"_s));
    QVERIFY(fleet.start());
    const qint64 first = assign(fleet, m_target);
    QCOMPARE(store::toString(waitForJob(fleet, first, terminal).state), store::toString(store::JobState::Succeeded));
    // 1.5.0 carries release counter 1, lower than the 2 the vehicle now runs: anti-rollback.
    const qint64 older = importRelease({.version = u"1.5.0"_s, .counter = 1});
    QVERIFY(older > 0);
    const qint64 second = assign(fleet, older);
    QVERIFY(second > 0);
    const auto job = waitForJob(fleet, second, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Failed));
    QCOMPARE(job.resultCode, 403);
    QCOMPARE(runningVersion(fleet.vins().first()), ToVersion);
}

void TestUpdateE2E::tamperedPayloadIs402AndNothingInstalled()
{
    // Every payload of 2.0.0 built so far, as the blob endpoint will serve it, has one byte flipped
    // on disk: whatever the vehicle is given, its SHA-256 no longer matches the signed instruction.
    const QString release3 = u"3.0.0"_s;
    const qint64 releaseId = importRelease({.version = release3, .counter = 3});
    agent::Fleet fleet(vehicle(u"tampered"_s));
    QVERIFY(fleet.start());
    const qint64 jobId = assign(fleet, releaseId);
    QVERIFY(jobId > 0);
    QVERIFY(QTest::qWaitFor([&] { return !m_runtime->fleet().deltas().isBusy(releaseId); }, WaitMs));
    const QString blobs = m_dir.filePath(u"server/blobs"_s);
    auto release = m_runtime->fleet().releases().find(releaseId);
    QVERIFY(release && release->has_value());
    auto payloads = m_runtime->fleet().deltaRecords((*release)->targets.first().image.sha256);
    QVERIFY(payloads && !payloads->isEmpty());
    for (const store::DeltaRecord &payload : *payloads) {
        if (payload.blobSha256.isEmpty())
            continue;
        QFile file(blobs + u'/' + payload.blobSha256);
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(file.size() / 2);
        char byte = 0;
        QVERIFY(file.getChar(&byte));
        file.seek(file.size() / 2);
        QVERIFY(file.putChar(char(byte ^ 0x5a)));
    }
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Failed));
    QCOMPARE(job.resultCode, 402);
    QCOMPARE(runningVersion(fleet.vins().first()), FromVersion);
}

void TestUpdateE2E::failedBootCheckRollsBack()
{
    agent::UpdateOptions update;
    update.failBootCheck = true;
    agent::Fleet fleet(vehicle(u"boot-fails"_s, update));
    QVERIFY(fleet.start());
    const qint64 jobId = assign(fleet, m_target);
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::RolledBack));
    QCOMPARE(job.resultCode, 410);
    QVERIFY(job.report.value(u"RolledBack"_s).toBool());
    QCOMPARE(runningVersion(fleet.vins().first()), FromVersion);
}

void TestUpdateE2E::ownerRejects()
{
    agent::UpdateOptions update;
    update.consent = u"reject"_s;
    agent::Fleet fleet(vehicle(u"owner-rejects"_s, update));
    QVERIFY(fleet.start());
    const qint64 consentRelease = importRelease({.name = u"gw-consent"_s,
                                                 .version = ToVersion,
                                                 .counter = 2,
                                                 .preconditions = {{u"Consent"_s, u"required"_s}}});
    QVERIFY(consentRelease > 0);
    const qint64 jobId = assign(fleet, consentRelease);
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Failed));
    QCOMPARE(job.resultCode, 401);
    QCOMPARE(runningVersion(fleet.vins().first()), FromVersion);
}

void TestUpdateE2E::lowBatteryBlocksUntilCharged()
{
    agent::UpdateOptions update;
    update.batteryPct = 20;
    update.chargePctPerMinute = 600; // 10 % a second
    update.recheckInterval = std::chrono::milliseconds(1000);
    agent::Fleet fleet(vehicle(u"low-battery"_s, update));
    QVERIFY(fleet.start());
    const qint64 batteryRelease =
        importRelease({.name = u"gw-battery"_s,
                       .version = ToVersion,
                       .counter = 2,
                       .preconditions = {{u"MinBatteryPct"_s, 60}, {u"Consent"_s, u"not-required"_s}}});
    QVERIFY(batteryRelease > 0);
    const qint64 jobId = assign(fleet, batteryRelease);
    bool sawBlocked = false;
    const auto job = waitForJob(fleet, jobId, [&](const store::UpdateJobRecord &j) {
        sawBlocked |= j.state == store::JobState::Blocked;
        return terminal(j);
    });
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Succeeded));
    auto events = m_runtime->fleet().events(0, 200, fleet.vins().first());
    QVERIFY(events);
    const bool loggedBlocked = std::any_of(events->cbegin(), events->cend(),
                                           [](const store::EventRecord &e) { return e.kind == u"update.blocked"; });
    QVERIFY2(sawBlocked || loggedBlocked, "the job never reported being blocked by the battery");
}

void TestUpdateE2E::expiredInstructionIsRefused()
{
    // The vehicle's clock is eight days ahead: the instruction (valid seven days) has expired.
    ManualClock future(QDateTime::currentMSecsSinceEpoch() + 8LL * 24 * 3600 * 1000);
    agent::UpdateOptions update;
    update.clock = &future;
    agent::Fleet fleet(vehicle(u"expired"_s, update));
    QVERIFY(fleet.start());
    const qint64 jobId = assign(fleet, m_target);
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Failed));
    QCOMPARE(job.resultCode, 403);
    QCOMPARE(runningVersion(fleet.vins().first()), FromVersion);
}

void TestUpdateE2E::downloadCutThenResumedAfterRestart()
{
    agent::UpdateOptions update;
    update.crashAt = u"download"_s;
    std::atomic<bool> crashed{false};
    update.onCrash = [&crashed](const QString &) { crashed = true; };
    agent::FleetOptions options = vehicle(u"resume"_s, update);
    options.singleProfile->codecs = {u"full-zstd"_s}; // the biggest payload: a real download to cut
    qint64 jobId = 0;
    {
        agent::Fleet fleet(options);
        QVERIFY(fleet.start());
        jobId = assign(fleet, m_target);
        QVERIFY(jobId > 0);
        QElapsedTimer timer;
        timer.start();
        while (!crashed && timer.elapsed() < WaitMs) {
            fleet.pollAll();
            QTest::qWait(200);
        }
        QVERIFY(crashed);
    } // the process "died" half way through the payload
    options.update = {};
    agent::Fleet restarted(options);
    QVERIFY(restarted.start());
    const auto job = waitForJob(restarted, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Succeeded));
    QVERIFY2(job.bytesServed < job.payloadBytes * 16 / 10,
             qPrintable(u"served %1 bytes for a %2-byte payload"_s.arg(job.bytesServed).arg(job.payloadBytes)));
}

void TestUpdateE2E::killedMidInstallRestartsOnOldSlot()
{
    agent::UpdateOptions update;
    update.crashAt = u"install"_s;
    std::atomic<bool> crashed{false};
    update.onCrash = [&crashed](const QString &) { crashed = true; };
    agent::FleetOptions options = vehicle(u"killed"_s, update);
    qint64 jobId = 0;
    {
        agent::Fleet fleet(options);
        QVERIFY(fleet.start());
        jobId = assign(fleet, m_target);
        QElapsedTimer timer;
        timer.start();
        while (!crashed && timer.elapsed() < WaitMs) {
            fleet.pollAll();
            QTest::qWait(200);
        }
        QVERIFY(crashed);
    }
    options.update = {};
    agent::Fleet restarted(options);
    QVERIFY(restarted.start());
    const auto job = waitForJob(restarted, jobId, terminal);
    // Restarted on the old slot: the interrupted install is reported, nothing half-installed runs.
    QVERIFY2(job.state == store::JobState::Failed || job.state == store::JobState::RolledBack,
             qPrintable(store::toString(job.state)));
    QCOMPARE(runningVersion(restarted.vins().first()), FromVersion);
}

void TestUpdateE2E::offlineBundleReportsAtNextSession()
{
    agent::FleetOptions options = vehicle(u"bundle"_s);
    const QString vin = options.singleProfile->vin;
    {
        agent::Fleet fleet(options); // registers once, so that it has its keys and token
        QVERIFY(fleet.start());
        QVERIFY(QTest::qWaitFor([&] { return fleet.stats().sessions >= 1; }, WaitMs));
    }
    auto bundle = m_runtime->fleet().exportBundle(m_target, vin, u"dealer"_s);
    QVERIFY2(bundle, qPrintable(bundle.errorString()));
    auto file = m_runtime->fleet().bundleFile(bundle->sha256);
    QVERIFY(file);

    // Installed offline (USB), with no server involved.
    {
        agent::net::Runtime runtime(1);
        std::unique_ptr<agent::VehicleAgent> agent;
        std::atomic<int> result{0};
        agent::AgentOptions agentOptions;
        agentOptions.dataDir = options.dataDir;
        agentOptions.serverUrl = options.serverUrl;
        runtime.lane(0).post([&] {
            agent = std::make_unique<agent::VehicleAgent>(runtime.lane(0), agentOptions, *options.singleProfile);
            agent->installBundle(file->path, [&result](int code) { result = code; });
        });
        QVERIFY(QTest::qWaitFor([&] { return result != 0; }, WaitMs));
        QCOMPARE(int(result), 200);
        runtime.runOnAllLanesAndWait([&](int) { agent.reset(); });
        runtime.stop();
    }
    QCOMPARE(runningVersion(vin), FromVersion); // the server learns of it at the next session

    agent::Fleet online(options);
    QVERIFY(online.start());
    const auto job = waitForJob(online, bundle->jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Succeeded));
    QCOMPARE(runningVersion(vin), ToVersion);
}

void TestUpdateE2E::signingKeyRotationReachesVehicles()
{
    agent::Fleet fleet(vehicle(u"rotation"_s));
    QVERIFY(fleet.start());
    QVERIFY(QTest::qWaitFor([&] { return fleet.stats().sessions >= 1; }, WaitMs));
    auto rotated = m_runtime->fleet().updates().rotateSigningKey(u"tester"_s);
    QVERIFY2(rotated, qPrintable(rotated.errorString()));
    // The next session delivers the new key (HGET of DmAcc/Ext/SigningKeys) ...
    QVERIFY(QTest::qWaitFor(
        [&] {
            fleet.pollAll();
            auto count = m_runtime->fleet().updates().vehiclesWithKey(rotated->keyId);
            return count && *count >= 1;
        },
        WaitMs));
    // ... so once the old key is retired, an instruction signed by the new one alone is accepted.
    QVERIFY(m_runtime->fleet().updates().promoteSigningKey(u"tester"_s));
    const qint64 jobId = assign(fleet, m_target);
    const auto job = waitForJob(fleet, jobId, terminal);
    QCOMPARE(store::toString(job.state), store::toString(store::JobState::Succeeded));
}

QTEST_GUILESS_MAIN(TestUpdateE2E)

#include "tst_update_e2e.moc"

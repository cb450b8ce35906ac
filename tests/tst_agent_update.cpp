// The vehicle agent's FUMO update flow (PROTOCOL.md §6, docs/agent.md) against a scripted DM
// server over loopback TLS: real files, real downloads, instructions signed with a test key.
#include "agent/AgentStore.h"
#include "agent/update/TrustStore.h"
#include "tests/tst_agent_update_support.h"

#include <QtTest>

#include <atomic>

using namespace flotilla;
using namespace flotilla::test::agentupdate;
using namespace Qt::StringLiterals;

namespace {

constexpr int Wait = 90000; // generous: the shared CI machines are slow, never a threshold

QJsonObject reportOf(const omadm::Alert &alert)
{
    return alert.data.value(u"Report"_s).toObject();
}

QString activeSlot(const Fixture &f, const QString &ecu)
{
    const QByteArray marker = readFile(f.path(u"ecus/"_s + ecu + u"/active"_s)).trimmed();
    return marker.isEmpty() ? u"A"_s : QString::fromLatin1(marker);
}

QString sha256Of(const QString &path)
{
    auto digests = crypto::digestFile(path);
    return digests ? digests->sha256 : QString();
}

QString ecuVersion(const agent::VehicleProfile &profile, const QString &ecu)
{
    for (const agent::EcuProfile &e : profile.ecus) {
        if (e.ecu == ecu)
            return e.swVersion;
    }
    return {};
}

} // namespace

class TestAgentUpdate : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_releases;
    Release m_gatewayFull;   // gateway 1.0.0 → 1.1.0, full-zstd
    Release m_bmsDelta;      // bms 3.1.0 → 3.2.0, zstd-patch
    Release m_gatewayLegacy; // gateway 1.0.0 → 1.0.1, full-zstd (the legitimate update after an attack)
    Fixture m_f;
    std::unique_ptr<TestVehicle> m_vehicle;

    update::UpdateInstruction gatewayInstruction(const QString &jobId, qint64 counter = 5)
    {
        update::UpdateInstruction instruction = instructionFor(m_f.profile, jobId, counter);
        instruction.package.hwIds = {u"gw-t1"_s};
        instruction.package.rxswin = {u"R156-GW-12"_s};
        instruction.targets = {m_f.publish(m_gatewayFull)};
        return instruction;
    }

    // The final alert must name the result, the reason and the state; returns it.
    omadm::Alert expectFinal(int code, const QString &reason, const QString &state)
    {
        const omadm::Alert alert = *m_f.dm->finalAlert();
        if (alert.data.value(u"ResultCode"_s).toInt() != code || alert.data.value(u"State"_s).toString() != state ||
            (!reason.isEmpty() && alert.data.value(u"Reason"_s).toString() != reason))
            qWarning().noquote() << "final alert:" << QJsonDocument(alert.data).toJson(QJsonDocument::Compact);
        return alert;
    }

    // The payload came in two GETs: the first cut at about half its length (ScriptedDm::cutBlob),
    // the second resuming exactly at the bytes the first delivered (PROTOCOL.md §6 step 4), so the
    // server sent less than 1.6 times the payload.
    void expectResumedOnce(const QString &sha, qint64 length)
    {
        const QList<ScriptedDm::BlobRequest> log = m_f.dm->blobLog(sha);
        QCOMPARE(log.size(), 2);
        const qint64 half = length / 2;
        const qint64 cut = log[0].sent;
        QCOMPARE(log[0].range, QByteArray());
        QCOMPARE(log[0].status, 200);
        // At the transport's 64 KiB chunk at or before the half: still a resume from the middle.
        QVERIFY2(cut > half - 64 * 1024 && cut <= half, qPrintable(u"cut at %1 of %2"_s.arg(cut).arg(length)));
        QCOMPARE(log[1].range, "bytes=" + QByteArray::number(cut) + '-');
        QCOMPARE(log[1].ifRange, '"' + sha.toLatin1() + '"');
        QCOMPARE(log[1].status, 206);
        QCOMPARE(log[1].sent, length - cut);
        const qint64 served = m_f.dm->bytesServed(sha);
        QCOMPARE(served, length);
        QVERIFY2(served < length * 16 / 10, qPrintable(u"served %1 of %2"_s.arg(served).arg(length)));
    }

    // Writes the factory image of the running version into slot A (what a materialized vehicle
    // runs), so a test can show the running slot is byte-identical afterwards.
    QByteArray materialize(const QString &ecu, const QString &hwId, const QString &version)
    {
        const QString path = m_f.path(u"ecus/"_s + ecu + u"/A/image.bin"_s);
        if (!update::SyntheticImage(hwId, version).writeFile(path))
            return {};
        return readFile(path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_releases.isValid());
        m_gatewayFull = makeRelease(m_releases.path(), u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s, u"1.1.0"_s);
        m_bmsDelta = makeRelease(m_releases.path(), u"bms"_s, u"bms-t1"_s, u"3.1.0"_s, u"3.2.0"_s, u"zstd-patch"_s);
        m_gatewayLegacy = makeRelease(m_releases.path(), u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s, u"1.0.1"_s);
        QVERIFY(m_gatewayFull.payload.length > 0 && m_bmsDelta.payload.length > 0);
        QVERIFY(m_bmsDelta.payload.length * 2 < m_bmsDelta.image.length); // a real delta
    }

    void init() { QVERIFY(m_f.start()); }

    void cleanup()
    {
        m_vehicle.reset();
        m_f.stop();
    }

    void fullUpdate()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-full"_s);
        instruction.dtcsToClear = {u"P0A80"_s};
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.dtcs = {u"P0A80@gateway"_s, u"U0100@bms"_s};
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);

        const omadm::Alert alert = expectFinal(200, {}, u"100"_s);
        QCOMPARE(alert.type, u"org.openmobilealliance.dm.firmwareupdate.downloadandupdate"_s);
        QCOMPARE(alert.sourceUri, u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s);
        QCOMPARE(alert.mark, u"informational"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(alert.data.value(u"State"_s).toString(), u"100"_s); // a string, as the seed sends it
        QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-full"_s);
        const QJsonObject report = reportOf(alert);
        const QJsonObject target = report.value(u"Targets"_s).toArray().at(0).toObject();
        QCOMPARE(target.value(u"Ecu"_s).toString(), u"gateway"_s);
        QCOMPARE(target.value(u"From"_s).toString(), u"1.0.0"_s);
        QCOMPARE(target.value(u"To"_s).toString(), u"1.1.0"_s);
        QCOMPARE(target.value(u"Sha256"_s).toString(), m_gatewayFull.image.sha256);
        QCOMPARE(target.value(u"Sha1"_s).toString(), m_gatewayFull.image.sha1);
        QCOMPARE(target.value(u"Codec"_s).toString(), u"full-zstd"_s);
        QCOMPARE(target.value(u"Ok"_s).toBool(), true);
        QCOMPARE(target.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(report.value(u"DtcsCleared"_s).toArray(), QJsonArray{u"P0A80"_s});
        QCOMPARE(report.value(u"RolledBack"_s).toBool(), false);
        QCOMPARE(report.value(u"Conditions"_s).toObject().value(u"BatteryPct"_s).toInt(), 80);
        QVERIFY(report.value(u"Conditions"_s).toObject().value(u"Location"_s).toObject().contains(u"Lat"_s));
        const QJsonObject durations = report.value(u"Durations"_s).toObject();
        QVERIFY(durations.value(u"TotalMs"_s).toInteger() >= durations.value(u"DownloadMs"_s).toInteger());

        // Async EXEC: HGET 200, EXEC 202, the result in an alert of a later session.
        const QList<omadm::Package3> responses = m_f.dm->responses();
        QCOMPARE(responses.first().statuses.size(), 2);
        QCOMPARE(responses.first().statuses[0].sc, 200);
        QCOMPARE(responses.first().statuses[1].sc, 202);
        // Progress alerts that made it before the result replaced them name the job.
        for (const omadm::Alert &progress : m_f.dm->progressAlerts())
            QCOMPARE(progress.data.value(u"JobId"_s).toString(), u"job-full"_s);

        // Installed into the inactive slot B and switched; the factory slot A was never written.
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"B"_s);
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayFull.image.sha256);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/A/image.bin"_s)));
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/pending"_s)));
        QVERIFY(!QFile::exists(m_f.path(u"update/job.json"_s)));

        // DevInfo and the SCOMO inventory read back the new version (the server's proof).
        const agent::VehicleProfile profile = m_vehicle->profile();
        QCOMPARE(ecuVersion(profile, u"gateway"_s), u"1.1.0"_s);
        QCOMPARE(profile.swVersion, u"1.1.0"_s);
        QVERIFY(profile.rxswin.contains(u"R156-GW-12"_s) && !profile.rxswin.contains(u"R156-GW-11"_s));
        const QJsonObject devInfo = m_vehicle->get(u"urn:oma:mo:oma-dm-devinfo:1.0//"_s).value(u"DevInfo"_s).toObject();
        QCOMPARE(devInfo.value(u"SwV"_s).toString(), u"1.1.0"_s);
        const QJsonObject app = m_vehicle->get(u"urn:oma:mo:oma-dm-scomo:1.1//Inventory/Deployed/gateway-app"_s)
                                    .value(u"scomo"_s)
                                    .toObject()
                                    .value(u"Inventory"_s)
                                    .toObject()
                                    .value(u"Deployed"_s)
                                    .toObject()
                                    .value(u"gateway-app"_s)
                                    .toObject();
        QCOMPARE(app.value(u"Version"_s).toString(), u"1.1.0"_s);
        const QJsonArray dtcs = m_vehicle->get(u"urn:oma:mo:oma-diagmon:1.0//DTC"_s)
                                    .value(u"diagmon"_s)
                                    .toObject()
                                    .value(u"DTC"_s)
                                    .toArray();
        QCOMPARE(dtcs.size(), 1);
        QCOMPARE(dtcs.at(0).toObject().value(u"Code"_s).toString(), u"U0100"_s);
        // Persisted: a restarted agent is the updated vehicle.
        QVERIFY(readFile(m_f.path(u"vehicle.json"_s)).contains("1.1.0"));
        QTRY_COMPARE_WITH_TIMEOUT(m_vehicle->pendingAlerts(), 0, Wait);
    }

    void deltaUpdate()
    {
        update::UpdateInstruction instruction = instructionFor(m_f.profile, u"job-delta"_s, 3);
        instruction.package.hwIds = {u"bms-t1"_s};
        instruction.targets = {m_f.publish(m_bmsDelta)};
        m_f.scriptFumo(sign(instruction, m_f.key));
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(200, {}, u"100"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(reportOf(alert).value(u"Targets"_s).toArray().at(0).toObject().value(u"Codec"_s).toString(),
                 u"zstd-patch"_s);
        // The delta's source was the running image: materialized in A, untouched, B rebuilt from it.
        QCOMPARE(sha256Of(m_f.path(u"ecus/bms/A/image.bin"_s)), m_bmsDelta.fromSha256);
        QCOMPARE(sha256Of(m_f.path(u"ecus/bms/B/image.bin"_s)), m_bmsDelta.image.sha256);
        QCOMPARE(activeSlot(m_f, u"bms"_s), u"B"_s);
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"bms"_s), u"3.2.0"_s);
        QCOMPARE(m_vehicle->profile().swVersion, u"1.0.0"_s); // the gateway (DevInfo's ECU) did not change
        QCOMPARE(m_f.dm->bytesServed(m_bmsDelta.payload.sha256), m_bmsDelta.payload.length);
    }

    void downloadCutAndResumed()
    {
        const update::UpdateInstruction instruction = gatewayInstruction(u"job-cut"_s);
        const QString payload = m_gatewayFull.payload.sha256;
        m_f.dm->cutBlob(payload, m_gatewayFull.payload.length / 2);
        m_f.scriptFumo(sign(instruction, m_f.key));
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(200, {}, u"100"_s).data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(m_f.dm->blobRequests(payload), 2);
        expectResumedOnce(payload, m_gatewayFull.payload.length);
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayFull.image.sha256);
    }

    void downloadResumedAfterRestart()
    {
        const update::UpdateInstruction instruction = gatewayInstruction(u"job-restart"_s);
        const QString payload = m_gatewayFull.payload.sha256;
        const qint64 half = m_gatewayFull.payload.length / 2;
        m_f.dm->cutBlob(payload, half);
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        m_vehicle = std::make_unique<TestVehicle>(m_f.vehicleDir(), m_f.dm->baseUrl, m_f.profile, options);
        m_vehicle->options().update.retryDelay = std::chrono::minutes(10); // it waits: the restart comes first
        m_vehicle->start();
        const QString part = m_f.path(u"update/payloads/"_s + payload + u".part"_s);
        // The cut response is done and everything it sent is on disk.
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->blobLog(payload).size() == 1 && m_f.dm->blobLog(payload)[0].sent > 0 &&
                                     QFileInfo(part).size() == m_f.dm->blobLog(payload)[0].sent,
                                 Wait);
        m_vehicle->destroy(); // power off with half a payload on disk

        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(200, {}, u"100"_s).data.value(u"ResultCode"_s).toInt(), 200);
        expectResumedOnce(payload, m_gatewayFull.payload.length);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"B"_s);
    }

    // The bytes served are not the signed payload: refused after one full retry, nothing installed;
    // then a legitimate update still works (the attack left the vehicle updatable).
    void tamperedPayload()
    {
        const QByteArray running = materialize(u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s);
        QVERIFY(!running.isEmpty());
        const update::UpdateInstruction instruction = gatewayInstruction(u"job-tampered"_s);
        QByteArray tampered = readFile(m_gatewayFull.payloadPath);
        tampered[tampered.size() / 2] = char(tampered[tampered.size() / 2] ^ 0x01);
        m_f.dm->replaceBlobBody(m_gatewayFull.payload.sha256, tampered);
        m_f.scriptFumo(sign(instruction, m_f.key));
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(402, u"payload-sha256"_s, u"20"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 402);
        QCOMPARE(alert.data.value(u"Reason"_s).toString(), u"payload-sha256"_s);
        QCOMPARE(alert.data.value(u"State"_s).toString(), u"20"_s);
        QCOMPARE(alert.mark, u"critical"_s);
        QCOMPARE(m_f.dm->blobRequests(m_gatewayFull.payload.sha256), 2); // one full retry
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        QVERIFY(readFile(m_f.path(u"ecus/gateway/A/image.bin"_s)) == running);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/B/image.bin"_s)));
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"gateway"_s), u"1.0.0"_s);
        QVERIFY(!QFile::exists(m_f.path(u"update/payloads/"_s + m_gatewayFull.payload.sha256)));

        update::UpdateInstruction legitimate = instructionFor(m_f.profile, u"job-after-attack"_s, 5);
        legitimate.package.hwIds = {u"gw-t1"_s};
        legitimate.targets = {m_f.publish(m_gatewayLegacy)};
        m_f.scriptFumo(sign(legitimate, m_f.key), u"DownloadAndUpdate"_s, u"job2"_s);
        m_vehicle->poll();
        QTRY_COMPARE_WITH_TIMEOUT(m_f.dm->finalAlerts().size(), 2, Wait);
        QCOMPARE(expectFinal(200, {}, u"100"_s).data.value(u"JobId"_s).toString(), u"job-after-attack"_s);
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayLegacy.image.sha256);
        QVERIFY(readFile(m_f.path(u"ecus/gateway/A/image.bin"_s)) == running);
    }

    // Rejections before any payload is fetched: the result code, the reason, nothing downloaded.
    void rejectedInstruction_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("bad signature") << u"signature"_s << 404 << u"signature"_s;
        QTest::newRow("wrong hardware") << u"hardware"_s << 403 << u"hardware"_s;
        QTest::newRow("hardware not in the package") << u"package-hwids"_s << 403 << u"hardware"_s;
        QTest::newRow("wrong VIN") << u"vin"_s << 403 << u"vin"_s;
        QTest::newRow("wrong DevID") << u"devid"_s << 403 << u"dev-id"_s;
        QTest::newRow("expired") << u"expired"_s << 403 << u"expired"_s;
        QTest::newRow("lower release counter") << u"rollback"_s << 403 << u"rollback"_s;
        QTest::newRow("codec the vehicle lacks") << u"codec"_s << 405 << u"codec"_s;
        QTest::newRow("document is not its blob") << u"hash"_s << 402 << u"instruction-hash"_s;
    }

    void rejectedInstruction()
    {
        QFETCH(QString, fault);
        QFETCH(int, code);
        QFETCH(QString, reason);
        update::UpdateInstruction instruction = gatewayInstruction(u"job-"_s + fault, 5);
        crypto::PrivateKey signer = crypto::PrivateKey::fromPem(m_f.key.toPem()).value();
        if (fault == u"signature")
            signer = crypto::PrivateKey::generate(crypto::KeyType::Ed25519).value();
        else if (fault == u"hardware")
            instruction.targets[0].hwId = instruction.package.hwIds[0] = u"gw-other"_s;
        else if (fault == u"package-hwids")
            instruction.package.hwIds = {u"gw-other"_s};
        else if (fault == u"vin")
            instruction.vin = u"WVWZZZE2ZRW100002"_s;
        else if (fault == u"devid")
            instruction.devId = u"HU-TEST-100002"_s;
        else if (fault == u"expired")
            instruction.expiresUtc = QDateTime::currentDateTimeUtc().addSecs(-1);
        else if (fault == u"codec")
            instruction.targets[0].payload.codec = u"x-unknown"_s;
        if (fault == u"rollback") {
            // The vehicle has installed release 7 on this ECU before.
            agent::TrustStore trust(m_f.vehicleDir());
            QVERIFY(trust.load());
            QVERIFY(trust.recordCounters({{u"ecu:gateway"_s, 7}}));
        }
        QByteArray document = sign(instruction, signer);
        if (fault == u"hash") {
            const QString sha = m_f.scriptFumo(document);
            QFile blob(m_f.dir->filePath(u"blobs/"_s + sha)); // the blob's bytes change under its name
            QVERIFY(blob.open(QIODevice::WriteOnly));
            blob.write(document + ' ');
        } else {
            m_f.scriptFumo(document);
        }
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(code, reason, u"20"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), code);
        QCOMPARE(alert.data.value(u"Reason"_s).toString(), reason);
        QCOMPARE(alert.data.value(u"State"_s).toString(), u"20"_s);
        QVERIFY(!reportOf(alert).value(u"Reason"_s).toString().isEmpty());
        if (fault != u"signature" && fault != u"hash")
            QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-"_s + fault);
        QCOMPARE(m_f.dm->blobRequests(m_gatewayFull.payload.sha256), 0);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway"_s)));
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"gateway"_s), u"1.0.0"_s);
        QVERIFY(!m_vehicle->updating());
    }

    // The clock was set back a year after the vehicle saw a later signed time: the latest trusted
    // time holds, so an instruction that expired since is refused (security.md R16, T7).
    void clockSetBackDoesNotRevive()
    {
        agent::TrustStore trust(m_f.vehicleDir());
        QVERIFY(trust.load());
        QVERIFY(trust.observeTime(QDateTime::currentDateTimeUtc().addDays(2).toMSecsSinceEpoch()));
        update::UpdateInstruction instruction = gatewayInstruction(u"job-clock"_s);
        m_f.scriptFumo(sign(instruction, m_f.key)); // expires in a day: valid by the RTC, not by what was seen
        ManualClock clock(QDateTime::currentDateTimeUtc().addYears(-1).toMSecsSinceEpoch());
        agent::UpdateOptions options;
        options.clock = &clock;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(403, u"expired"_s, u"20"_s).data.value(u"Reason"_s).toString(), u"expired"_s);
        m_vehicle.reset();
    }

    void batteryBlocksThenCharges()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-battery"_s);
        instruction.package.preconditions.minBatteryPct = 50;
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.batteryPct = 10;
        options.chargePctPerMinute = 3000; // 50 % a second
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(200, {}, u"100"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 200);
        QVERIFY(reportOf(alert).value(u"Conditions"_s).toObject().value(u"BatteryPct"_s).toInt() >= 50);
        bool blocked = false;
        for (const omadm::Alert &progress : m_f.dm->progressAlerts()) {
            if (progress.data.value(u"Blocked"_s).toString() == u"battery") {
                blocked = true;
                QCOMPARE(progress.type, u"urn:oma:at:fumo:1.0:Progress"_s);
                QCOMPARE(progress.sourceUri, u"urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate"_s);
                QCOMPARE(progress.data.value(u"State"_s).toInt(), 50);
                QCOMPARE(progress.data.value(u"JobId"_s).toString(), u"job-battery"_s);
                QVERIFY(progress.data.contains(u"Progress"_s));
            }
        }
        QVERIFY(blocked);
    }

    void notParkedStaysBlocked()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-driving"_s);
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.parked = false;
        options.ignitionOn = false;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(!m_f.dm->progressAlerts().isEmpty() &&
                                     m_f.dm->progressAlerts().last().data.value(u"Blocked"_s).toString() ==
                                         u"not-parked",
                                 Wait);
        QVERIFY(m_vehicle->updating());
        QVERIFY(!m_f.dm->finalAlert().has_value());
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        // A restart keeps waiting where it was: the payload is not fetched again.
        m_vehicle->destroy();
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_vehicle->updating(), Wait);
        QCOMPARE(m_f.dm->blobRequests(m_gatewayFull.payload.sha256), 1);
    }

    void ownerRejects()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-reject"_s);
        instruction.package.preconditions.consent = u"required"_s;
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.consent = u"reject"_s;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(401, u"user-rejected"_s, u"80"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 401);
        QCOMPARE(alert.data.value(u"Reason"_s).toString(), u"user-rejected"_s);
        QCOMPARE(alert.data.value(u"State"_s).toString(), u"80"_s);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/B/image.bin"_s)));
        QVERIFY(!QFile::exists(m_f.path(u"update/payloads/"_s + m_gatewayFull.payload.sha256)));
    }

    void ownerPostponesThenAccepts()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-postpone"_s);
        instruction.package.preconditions.consent = u"required"_s;
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.consent = u"postpone:1"_s;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(200, {}, u"100"_s).data.value(u"ResultCode"_s).toInt(), 200);
        std::optional<omadm::Alert> postponed;
        for (const omadm::Alert &progress : m_f.dm->progressAlerts()) {
            if (progress.data.value(u"Blocked"_s).toString() == u"consent-postponed")
                postponed = progress;
        }
        QVERIFY(postponed.has_value());
        const QDateTime until = QDateTime::fromString(postponed->data.value(u"Until"_s).toString(), Qt::ISODate);
        QVERIFY(until.isValid());
        QVERIFY(until > QDateTime::currentDateTimeUtc().addSecs(-120));
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"B"_s);
    }

    void bootCheckFailsRollsBack()
    {
        const QByteArray running = materialize(u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s);
        update::UpdateInstruction instruction = gatewayInstruction(u"job-boot"_s);
        instruction.dtcsToClear = {u"P0A80"_s};
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.failBootCheck = true;
        options.dtcs = {u"P0A80@gateway"_s};
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(410, u"boot-check"_s, u"80"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 410);
        QCOMPARE(alert.data.value(u"Reason"_s).toString(), u"boot-check"_s);
        QCOMPARE(reportOf(alert).value(u"RolledBack"_s).toBool(), true);
        QCOMPARE(reportOf(alert).value(u"Targets"_s).toArray().at(0).toObject().value(u"Ok"_s).toBool(), false);
        QCOMPARE(reportOf(alert).value(u"DtcsCleared"_s).toArray().size(), 0);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        QVERIFY(readFile(m_f.path(u"ecus/gateway/A/image.bin"_s)) == running);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/pending"_s)));
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"gateway"_s), u"1.0.0"_s);
        // The release counter was not recorded: a rolled-back release does not block its retry.
        agent::TrustStore trust(m_f.vehicleDir());
        QVERIFY(trust.load());
        QCOMPARE(trust.counter(u"ecu:gateway"_s), 0);
    }

    // Power lost while the inactive slot was written: the restarted agent runs the old slot and
    // reports the interruption, once.
    void crashMidInstall()
    {
        const QByteArray running = materialize(u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s);
        m_f.scriptFumo(sign(gatewayInstruction(u"job-crash"_s), m_f.key));
        auto crashed = std::make_shared<std::atomic<bool>>(false);
        agent::UpdateOptions options;
        options.crashAt = u"install"_s;
        options.onCrash = [crashed](const QString &point) {
            if (point == u"install")
                *crashed = true;
        };
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(crashed->load(), Wait);
        QTRY_VERIFY_WITH_TIMEOUT(m_vehicle->phase() == agent::AgentPhase::Stopped, Wait);
        m_vehicle->destroy();
        QVERIFY(!m_f.dm->finalAlert().has_value());
        QVERIFY(readFile(m_f.path(u"update/job.json"_s)).contains("\"install\""));
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayFull.image.sha256); // written, inactive

        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(410, u"interrupted"_s, u"80"_s);
        QCOMPARE(alert.data.value(u"Reason"_s).toString(), u"interrupted"_s);
        QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-crash"_s);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        QVERIFY(readFile(m_f.path(u"ecus/gateway/A/image.bin"_s)) == running);
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"gateway"_s), u"1.0.0"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_vehicle->pendingAlerts(), 0, Wait);
        QCOMPARE(m_f.dm->finalAlerts().size(), 1);
    }

    // The same with the real flotilla-agent process: --crash-at install ends it with std::_Exit
    // right after the inactive slot was written. The agent started again on its folder runs the
    // old slot and reports the interruption.
    void processKilledMidInstall()
    {
        const QByteArray running = materialize(u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s);
        QVERIFY(!running.isEmpty());
        QVERIFY(agent::AgentStore(m_f.vehicleDir()).saveProfile(m_f.profile)); // the vehicle the test signs for
        const QString ca = m_f.dir->filePath(u"ca.pem"_s);
        QFile caFile(ca);
        QVERIFY(caFile.open(QIODevice::WriteOnly) &&
                caFile.write(test::tlsFixture().caPem) == test::tlsFixture().caPem.size());
        caFile.close();
        m_f.scriptFumo(sign(gatewayInstruction(u"job-kill"_s), m_f.key));

        const AgentRun run = runAgentProcess({u"--server"_s, m_f.dm->baseUrl, u"--ca"_s, ca, u"--enrollment-key"_s,
                                              u"enrollment"_s, u"--data-dir"_s, m_f.vehicleDir(), u"--poll-seconds"_s,
                                              u"3600"_s, u"--crash-at"_s, u"install"_s});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("injected crash at install"), run.err.constData());
        QVERIFY(!m_f.dm->finalAlert().has_value());
        QVERIFY(readFile(m_f.path(u"update/job.json"_s)).contains("\"install\""));
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayFull.image.sha256);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);

        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = expectFinal(410, u"interrupted"_s, u"80"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 410);
        QCOMPARE(alert.data.value(u"Reason"_s).toString(), u"interrupted"_s);
        QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-kill"_s);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        QVERIFY(readFile(m_f.path(u"ecus/gateway/A/image.bin"_s)) == running);
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"gateway"_s), u"1.0.0"_s);
        QVERIFY(!QFile::exists(m_f.path(u"update/job.json"_s)));
        QTRY_COMPARE_WITH_TIMEOUT(m_vehicle->pendingAlerts(), 0, Wait);
        QCOMPARE(m_f.dm->finalAlerts().size(), 1);
    }

    // Power lost after the switch, before the commit: the restarted agent boot-checks the new slot,
    // commits it and reports success.
    void crashAfterSwitch()
    {
        m_f.scriptFumo(sign(gatewayInstruction(u"job-switch"_s), m_f.key));
        auto crashed = std::make_shared<std::atomic<bool>>(false);
        agent::UpdateOptions options;
        options.crashAt = u"switch"_s;
        options.onCrash = [crashed](const QString &) { *crashed = true; };
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(crashed->load(), Wait);
        QTRY_VERIFY_WITH_TIMEOUT(m_vehicle->phase() == agent::AgentPhase::Stopped, Wait);
        m_vehicle->destroy();
        QVERIFY(QFile::exists(m_f.path(u"ecus/gateway/pending"_s)));
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"B"_s);

        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(200, {}, u"100"_s).data.value(u"ResultCode"_s).toInt(), 200);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/pending"_s)));
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"B"_s);
        QCOMPARE(ecuVersion(m_vehicle->profile(), u"gateway"_s), u"1.1.0"_s);
    }

    // Sync EXEC: the final result code is the EXEC's status, the report rides in the same package #3.
    void syncExec()
    {
        m_f.scriptFumo(sign(gatewayInstruction(u"job-sync"_s), m_f.key));
        agent::UpdateOptions options;
        options.syncExec = true;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(!m_f.dm->responses().isEmpty(), Wait);
        const omadm::Package3 response = m_f.dm->responses().first();
        QCOMPARE(response.statuses.size(), 2);
        QCOMPARE(response.statuses[0].sc, 200);
        QCOMPARE(response.statuses[1].sc, 200);
        QCOMPARE(response.alerts.size(), 1);
        QCOMPARE(response.alerts[0].data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(response.alerts[0].data.value(u"JobId"_s).toString(), u"job-sync"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_vehicle->pendingAlerts(), 0, Wait);
        QCOMPARE(m_f.dm->finalAlerts().size(), 1);
        QVERIFY(m_f.dm->progressAlerts().isEmpty());
    }

    void syncExecFailureIsTheStatus()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-sync-vin"_s);
        instruction.vin = u"WVWZZZE2ZRW100009"_s;
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.syncExec = true;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(!m_f.dm->responses().isEmpty(), Wait);
        QCOMPARE(m_f.dm->responses().first().statuses[1].sc, 403);
    }

    // EXEC statuses that need no update to run: unknown nodes, a second EXEC while one runs,
    // Update with nothing downloaded, an operation this agent does not implement.
    void execStatuses()
    {
        update::UpdateInstruction instruction = gatewayInstruction(u"job-busy"_s);
        instruction.package.preconditions.parked = true;
        const QString fumo = u"urn:oma:mo:oma-dm-fumo:1.0//"_s;
        m_f.scriptFumo(sign(instruction, m_f.key));
        agent::UpdateOptions options;
        options.parked = false; // keeps the first update waiting
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_vehicle->updating(), Wait);
        m_f.dm->queuePackage({{u"EXEC"_s, {fumo + u"DownloadAndUpdate"_s}},
                              {u"EXEC"_s, {fumo + u"Update"_s}},
                              {u"EXEC"_s, {fumo + u"NoSuchNode"_s}},
                              {u"EXEC"_s, {u"urn:oma:mo:x-unknown:1.0//Op"_s}},
                              {u"EXEC"_s, {u"urn:oma:mo:oma-dm-scomo:1.1//Download/none/Operations/DownloadInstall"_s}},
                              {u"HGET"_s, {m_f.dm->baseUrl + u"/dm/mo/job"_s, u"urn:oma:mo:oma-dm-devinfo:1.0//SwV"_s}},
                              {u"HGET"_s, {m_f.dm->baseUrl + u"/dm/mo/nothing"_s, fumo + u"Download/PkgURL"_s}}});
        const qsizetype before = m_f.dm->responses().size();
        m_vehicle->poll();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->responses().size() > before, Wait);
        QList<int> codes;
        for (const omadm::StatusEntry &status : m_f.dm->responses().last().statuses)
            codes.append(status.sc);
        QCOMPARE(codes, (QList<int>{409, 409, 404, 404, 404, 404, 500}));
    }

    void updateWithNothingDownloaded()
    {
        m_f.dm->queuePackage({{u"EXEC"_s, {u"urn:oma:mo:oma-dm-fumo:1.0//Update"_s}}});
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(!m_f.dm->responses().isEmpty(), Wait);
        QCOMPARE(m_f.dm->responses().first().statuses[0].sc, 405);
    }

    // EXEC Download (State 40, the data stays), then EXEC Update installs it.
    void downloadThenUpdate()
    {
        m_f.scriptFumo(sign(gatewayInstruction(u"job-two-step"_s), m_f.key), u"Download"_s);
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert downloaded = expectFinal(200, {}, u"40"_s);
        QCOMPARE(downloaded.type, u"org.openmobilealliance.dm.firmwareupdate.download"_s);
        QCOMPARE(downloaded.sourceUri, u"urn:oma:mo:oma-dm-fumo:1.0//Download"_s);
        QCOMPARE(downloaded.data.value(u"State"_s).toString(), u"40"_s);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"A"_s);
        QVERIFY(QFile::exists(m_f.path(u"update/payloads/"_s + m_gatewayFull.payload.sha256)));

        m_f.dm->queuePackage({{u"EXEC"_s, {u"urn:oma:mo:oma-dm-fumo:1.0//Update"_s}}});
        m_vehicle->poll();
        QTRY_COMPARE_WITH_TIMEOUT(m_f.dm->finalAlerts().size(), 2, Wait);
        const omadm::Alert updated = expectFinal(200, {}, u"100"_s);
        QCOMPARE(updated.type, u"org.openmobilealliance.dm.firmwareupdate.update"_s);
        QCOMPARE(updated.sourceUri, u"urn:oma:mo:oma-dm-fumo:1.0//Update"_s);
        QCOMPARE(updated.data.value(u"JobId"_s).toString(), u"job-two-step"_s);
        QCOMPARE(activeSlot(m_f, u"gateway"_s), u"B"_s);
        QCOMPARE(m_f.dm->blobRequests(m_gatewayFull.payload.sha256), 1);
    }

    // A new signing key delivered by HGET into DmAcc/Ext/SigningKeys replaces the old set, is
    // persisted, and an instruction signed only by it is accepted.
    void signingKeyRotation()
    {
        auto newKey = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
        QVERIFY(newKey);
        const QString pem = QString::fromUtf8(newKey->publicKey().toPem());
        m_f.dm->setMo(
            u"keys"_s,
            QJsonObject{{u"DmAcc"_s, QJsonObject{{u"Ext"_s, QJsonObject{{u"SigningKeys"_s, QJsonArray{pem}}}}}}});
        m_f.dm->queuePackage(
            {{u"HGET"_s, {m_f.dm->baseUrl + u"/dm/mo/keys"_s, u"urn:oma:mo:oma-dm-dmacc:1.2//Ext/SigningKeys"_s}}});
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(!m_f.dm->responses().isEmpty(), Wait);
        QCOMPARE(m_f.dm->responses().first().statuses[0].sc, 200);
        QVERIFY(readFile(m_f.path(u"account.json"_s)).contains(newKey->publicKey().toPem().split('\n').at(1)));

        // Restarted, so the key must come from the disk.
        m_vehicle->destroy();
        m_f.scriptFumo(sign(gatewayInstruction(u"job-new-key"_s), *newKey));
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(200, {}, u"100"_s).data.value(u"ResultCode"_s).toInt(), 200);

        // The old key is no longer trusted.
        m_f.scriptFumo(sign(gatewayInstruction(u"job-old-key"_s, 6), m_f.key), u"DownloadAndUpdate"_s, u"job2"_s);
        m_vehicle->poll();
        QTRY_COMPARE_WITH_TIMEOUT(m_f.dm->finalAlerts().size(), 2, Wait);
        QCOMPARE(expectFinal(404, u"signature"_s, u"20"_s).data.value(u"ResultCode"_s).toInt(), 404);
    }

    void notEnoughSpace()
    {
        m_f.scriptFumo(sign(gatewayInstruction(u"job-space"_s), m_f.key));
        agent::UpdateOptions options;
        options.freeSpaceBytes = 1024;
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QCOMPARE(expectFinal(501, u"space"_s, u"20"_s).data.value(u"ResultCode"_s).toInt(), 501);
        QCOMPARE(m_f.dm->blobRequests(m_gatewayFull.payload.sha256), 0);
    }

    void deltaNeedsTooMuchMemory()
    {
        update::UpdateInstruction instruction = instructionFor(m_f.profile, u"job-memory"_s, 3);
        instruction.package.hwIds = {u"bms-t1"_s};
        instruction.targets = {m_f.publish(m_bmsDelta)};
        m_f.scriptFumo(sign(instruction, m_f.key));
        m_f.profile.deltaMaxMemoryMiB = 1; // zstd-patch needs about source + target
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        m_f.profile = testProfile();
        QCOMPARE(expectFinal(502, u"memory"_s, u"80"_s).data.value(u"ResultCode"_s).toInt(), 502);
        QCOMPARE(activeSlot(m_f, u"bms"_s), u"A"_s);
        QCOMPARE(sha256Of(m_f.path(u"ecus/bms/A/image.bin"_s)), m_bmsDelta.fromSha256);
    }
};

QTEST_GUILESS_MAIN(TestAgentUpdate)
#include "tst_agent_update.moc"

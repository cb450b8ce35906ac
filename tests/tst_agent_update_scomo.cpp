// The vehicle agent's SCOMO DownloadInstall and the offline (dealer) bundle install (PROTOCOL.md
// §6, §8; docs/agent.md) against a scripted DM server over loopback TLS.
#include "core/update/Bundle.h"
#include "tests/tst_agent_update_support.h"

#include <QtTest>

using namespace flotilla;
using namespace flotilla::test::agentupdate;
using namespace Qt::StringLiterals;

namespace {

constexpr int Wait = 90000;

const QString Scomo = u"urn:oma:mo:oma-dm-scomo:1.1//"_s;

QString activeSlot(const QString &unitRoot)
{
    QFile marker(unitRoot + u"/active"_s);
    const QByteArray text = marker.open(QIODevice::ReadOnly) ? marker.readAll().trimmed() : QByteArray();
    return text.isEmpty() ? u"A"_s : QString::fromLatin1(text);
}

QString sha256Of(const QString &path)
{
    auto digests = crypto::digestFile(path);
    return digests ? digests->sha256 : QString();
}

} // namespace

class TestAgentUpdateScomo : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_releases;
    Release m_navApp;    // a new application component, full-zstd
    Release m_gatewayFw; // gateway firmware 1.0.0 → 1.1.0, zstd-patch
    Fixture m_f;
    std::unique_ptr<TestVehicle> m_vehicle;

    // HGET of the Download/<PkgID> subtree, then EXEC of its DownloadInstall.
    void scriptScomo(const QByteArray &signedInstruction, const QString &pkgId)
    {
        const QString sha = m_f.dm->addBlob(signedInstruction);
        m_f.dm->setMo(
            u"scomo-"_s + pkgId,
            QJsonObject{{u"scomo"_s, QJsonObject{{u"Download"_s,
                                                  QJsonObject{{pkgId, QJsonObject{{u"PkgID"_s, pkgId},
                                                                                  {u"Name"_s, u"Navigation"_s},
                                                                                  {u"PkgURL"_s, m_f.dm->blobUrl(sha)},
                                                                                  {u"Description"_s, u"Maps"_s}}}}}}}});
        m_f.dm->queuePackage(
            {{u"HGET"_s, {m_f.dm->baseUrl + u"/dm/mo/scomo-"_s + pkgId, Scomo + u"Download/"_s + pkgId}},
             {u"EXEC"_s, {Scomo + u"Download/"_s + pkgId + u"/Operations/DownloadInstall"_s}}});
    }

    update::UpdateInstruction navInstruction(const QString &jobId)
    {
        update::UpdateInstruction instruction = instructionFor(m_f.profile, jobId, 2);
        instruction.package.name = u"navigation"_s;
        instruction.package.hwIds = {u"gw-t1"_s};
        instruction.targets = {m_f.publish(m_navApp)};
        return instruction;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_releases.isValid());
        // A component's image is generated from its id; it runs on the gateway's hardware.
        m_navApp = makeRelease(m_releases.path(), u"nav-app"_s, u"nav-app"_s, {}, u"7.0.0"_s);
        m_navApp.hwId = u"gw-t1"_s;
        m_gatewayFw = makeRelease(m_releases.path(), u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s, u"1.1.0"_s, u"zstd-patch"_s);
    }

    void init() { QVERIFY(m_f.start()); }

    void cleanup()
    {
        m_vehicle.reset();
        m_f.stop();
    }

    void downloadInstall()
    {
        scriptScomo(sign(navInstruction(u"job-nav"_s), m_f.key), u"pkg-nav"_s);
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = *m_f.dm->finalAlert();
        QCOMPARE(alert.type, u"urn:oma:at:scomo:1.0:OperationComplete"_s);
        QCOMPARE(alert.sourceUri, Scomo + u"Download/pkg-nav/Operations/DownloadInstall"_s);
        QCOMPARE(alert.targetUri, Scomo + u"Inventory/Deployed/nav-app"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 1200);
        QCOMPARE(alert.data.value(u"State"_s).toString(), u"20"_s);
        QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-nav"_s);
        const QJsonObject target =
            alert.data.value(u"Report"_s).toObject().value(u"Targets"_s).toArray().at(0).toObject();
        QCOMPARE(target.value(u"Ecu"_s).toString(), u"nav-app"_s);
        QCOMPARE(target.value(u"From"_s).toString(), QString());
        QCOMPARE(target.value(u"To"_s).toString(), u"7.0.0"_s);
        QCOMPARE(m_f.dm->responses().first().statuses[0].sc, 200);
        QCOMPARE(m_f.dm->responses().first().statuses[1].sc, 202);

        const QString root = m_f.path(u"apps/nav-app"_s);
        QCOMPARE(activeSlot(root), u"B"_s);
        QCOMPARE(sha256Of(root + u"/B/image.bin"_s), m_navApp.image.sha256);
        const QJsonObject deployed = m_vehicle->get(Scomo + u"Inventory/Deployed/nav-app"_s)
                                         .value(u"scomo"_s)
                                         .toObject()
                                         .value(u"Inventory"_s)
                                         .toObject()
                                         .value(u"Deployed"_s)
                                         .toObject()
                                         .value(u"nav-app"_s)
                                         .toObject();
        QCOMPARE(deployed.value(u"Version"_s).toString(), u"7.0.0"_s);
        QCOMPARE(deployed.value(u"Name"_s).toString(), u"navigation"_s);
        QCOMPARE(deployed.value(u"State"_s).toInt(), 20);
        // The package HGET put into the tree reads back.
        const QJsonObject package = m_vehicle->get(Scomo + u"Download/pkg-nav"_s)
                                        .value(u"scomo"_s)
                                        .toObject()
                                        .value(u"Download"_s)
                                        .toObject()
                                        .value(u"pkg-nav"_s)
                                        .toObject();
        QCOMPARE(package.value(u"Name"_s).toString(), u"Navigation"_s);
        // Firmware was not touched.
        QVERIFY(!QFile::exists(m_f.path(u"ecus"_s)));
    }

    // Failures map to SCOMO result codes (docs/agent.md).
    void failureCodes_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("code");
        QTest::newRow("hardware the vehicle lacks") << u"hardware"_s << 1413;
        QTest::newRow("bad signature") << u"signature"_s << 1407;
        QTest::newRow("tampered payload") << u"payload"_s << 1402;
        QTest::newRow("owner rejects") << u"reject"_s << 1401;
        QTest::newRow("boot check fails") << u"boot"_s << 1409;
    }

    void failureCodes()
    {
        QFETCH(QString, fault);
        QFETCH(int, code);
        update::UpdateInstruction instruction = navInstruction(u"job-"_s + fault);
        crypto::PrivateKey signer = crypto::PrivateKey::fromPem(m_f.key.toPem()).value();
        agent::UpdateOptions options;
        if (fault == u"hardware")
            instruction.targets[0].hwId = instruction.package.hwIds[0] = u"nav-unit-9"_s;
        else if (fault == u"signature")
            signer = crypto::PrivateKey::generate(crypto::KeyType::Ed25519).value();
        else if (fault == u"payload")
            m_f.dm->replaceBlobBody(m_navApp.payload.sha256, readFile(m_navApp.payloadPath) + "x");
        if (fault == u"reject") {
            instruction.package.preconditions.consent = u"required"_s;
            options.consent = u"reject"_s;
        }
        options.failBootCheck = fault == u"boot";
        scriptScomo(sign(instruction, signer), u"pkg-"_s + fault);
        m_vehicle = m_f.vehicle(options);
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = *m_f.dm->finalAlert();
        QCOMPARE(alert.type, u"urn:oma:at:scomo:1.0:OperationComplete"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), code);
        QVERIFY(!alert.data.value(u"Reason"_s).toString().isEmpty());
        QCOMPARE(activeSlot(m_f.path(u"apps/nav-app"_s)), u"A"_s);
        const QJsonObject deployed = m_vehicle->get(Scomo + u"Inventory/Deployed"_s)
                                         .value(u"scomo"_s)
                                         .toObject()
                                         .value(u"Inventory"_s)
                                         .toObject()
                                         .value(u"Deployed"_s)
                                         .toObject();
        QVERIFY(!deployed.contains(u"nav-app"_s));
        if (fault != u"signature") // an untrusted instruction names no component to report on
            QCOMPARE(alert.data.value(u"State"_s).toString(), u"10"_s);
    }

    // A dealer's USB bundle: installed offline with the same checks and slots; the report goes out
    // at the vehicle's next session.
    void offlineBundle()
    {
        // The vehicle registers once (it needs its account: the trusted keys), then goes offline.
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->sessions() >= 1 && m_vehicle->phase() == agent::AgentPhase::Idle, Wait);
        m_vehicle->destroy();

        update::UpdateInstruction instruction = instructionFor(m_f.profile, u"job-bundle"_s, 4);
        instruction.package.hwIds = {u"gw-t1"_s};
        instruction.targets = {
            targetOf(m_gatewayFw, u"https://dealer.invalid/dm/blob/"_s + m_gatewayFw.payload.sha256)};
        update::SignedDocument document(instruction.toJson());
        QVERIFY(document.sign(m_f.key));
        const QString bundle = m_f.dir->filePath(u"dealer.flb"_s);
        QVERIFY(update::Bundle::write(bundle, document, {m_gatewayFw.payloadPath}, m_f.key, u"2026-01-01T00:00:00Z"_s));

        const int sessionsBefore = m_f.dm->sessions();
        m_vehicle->create(); // not started: no network
        QCOMPARE(m_vehicle->installBundle(bundle), 200);
        QCOMPARE(activeSlot(m_f.path(u"ecus/gateway"_s)), u"B"_s);
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayFw.image.sha256);
        QCOMPARE(m_vehicle->profile().swVersion, u"1.1.0"_s);
        QCOMPARE(m_vehicle->pendingAlerts(), 1);
        QCOMPARE(m_f.dm->sessions(), sessionsBefore);
        QVERIFY(!m_f.dm->finalAlert().has_value());
        m_vehicle->destroy();

        // Back online: the first session carries the report.
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        const omadm::Alert alert = *m_f.dm->finalAlert();
        QCOMPARE(alert.type, u"org.openmobilealliance.dm.firmwareupdate.downloadandupdate"_s);
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-bundle"_s);
        QCOMPARE(alert.data.value(u"Report"_s).toObject().value(u"Source"_s).toString(), u"bundle"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_vehicle->pendingAlerts(), 0, Wait);
    }

    // The same from the command line: `flotilla-agent --install-bundle FILE --data-dir DIR`, the
    // exit status and the result it prints; a damaged bundle first, which installs nothing.
    void offlineBundleFromTheCommandLine()
    {
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_vehicle->phase() == agent::AgentPhase::Idle, Wait);
        m_vehicle->destroy();

        update::UpdateInstruction instruction = instructionFor(m_f.profile, u"job-cli-bundle"_s, 4);
        instruction.package.hwIds = {u"gw-t1"_s};
        instruction.targets = {
            targetOf(m_gatewayFw, u"https://dealer.invalid/dm/blob/"_s + m_gatewayFw.payload.sha256)};
        update::SignedDocument document(instruction.toJson());
        QVERIFY(document.sign(m_f.key));
        const QString bundle = m_f.dir->filePath(u"cli.flb"_s);
        QVERIFY(update::Bundle::write(bundle, document, {m_gatewayFw.payloadPath}, m_f.key, u"2026-01-01T00:00:00Z"_s));
        QByteArray damaged = readFile(bundle);
        damaged[damaged.size() - 100] = char(damaged[damaged.size() - 100] ^ 0x20);
        const QString damagedPath = m_f.dir->filePath(u"cli-damaged.flb"_s);
        QFile file(damagedPath);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(damaged) == damaged.size());
        file.close();

        const AgentRun refused =
            runAgentProcess({u"--install-bundle"_s, damagedPath, u"--data-dir"_s, m_f.vehicleDir()});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.out.contains("result 402"), refused.out.constData());
        QCOMPARE(activeSlot(m_f.path(u"ecus/gateway"_s)), u"A"_s);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/B/image.bin"_s)));

        const AgentRun installed = runAgentProcess({u"--install-bundle"_s, bundle, u"--data-dir"_s, m_f.vehicleDir()});
        QCOMPARE(installed.exitCode, 0);
        QVERIFY2(installed.out.contains("result 200"), installed.out.constData());
        QCOMPARE(activeSlot(m_f.path(u"ecus/gateway"_s)), u"B"_s);
        QCOMPARE(sha256Of(m_f.path(u"ecus/gateway/B/image.bin"_s)), m_gatewayFw.image.sha256);
        QVERIFY(!m_f.dm->finalAlert().has_value()); // offline: nothing went out yet

        // Back online: the restarted vehicle is the updated one. The job's later result replaced
        // its earlier failure in the outbox, so the server gets one final report: the success.
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_f.dm->finalAlert().has_value(), Wait);
        QTRY_COMPARE_WITH_TIMEOUT(m_vehicle->pendingAlerts(), 0, Wait);
        QCOMPARE(m_f.dm->finalAlerts().size(), 1);
        const omadm::Alert alert = *m_f.dm->finalAlert();
        QCOMPARE(alert.data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(alert.data.value(u"JobId"_s).toString(), u"job-cli-bundle"_s);
        QCOMPARE(alert.data.value(u"Report"_s).toObject().value(u"Source"_s).toString(), u"bundle"_s);
        QCOMPARE(m_vehicle->profile().swVersion, u"1.1.0"_s);
    }

    void tamperedBundleInstallsNothing()
    {
        m_vehicle = m_f.vehicle();
        m_vehicle->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_vehicle->phase() == agent::AgentPhase::Idle, Wait);
        m_vehicle->destroy();

        update::UpdateInstruction instruction = instructionFor(m_f.profile, u"job-bad-bundle"_s, 4);
        instruction.package.hwIds = {u"gw-t1"_s};
        instruction.targets = {
            targetOf(m_gatewayFw, u"https://dealer.invalid/dm/blob/"_s + m_gatewayFw.payload.sha256)};
        update::SignedDocument document(instruction.toJson());
        QVERIFY(document.sign(m_f.key));
        const QString bundle = m_f.dir->filePath(u"bad.flb"_s);
        QVERIFY(update::Bundle::write(bundle, document, {m_gatewayFw.payloadPath}, m_f.key, u"2026-01-01T00:00:00Z"_s));
        QByteArray bytes = readFile(bundle);
        bytes[bytes.size() - 100] = char(bytes[bytes.size() - 100] ^ 0x20);
        QFile file(bundle);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();

        m_vehicle->create();
        QCOMPARE(m_vehicle->installBundle(bundle), 402);
        QCOMPARE(activeSlot(m_f.path(u"ecus/gateway"_s)), u"A"_s);
        QVERIFY(!QFile::exists(m_f.path(u"ecus/gateway/B/image.bin"_s)));
        QCOMPARE(m_vehicle->profile().swVersion, u"1.0.0"_s);

        // A bundle signed by a key the vehicle does not trust: 404.
        auto stranger = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
        QVERIFY(stranger);
        update::SignedDocument foreign(instruction.toJson());
        QVERIFY(foreign.sign(*stranger));
        const QString foreignBundle = m_f.dir->filePath(u"foreign.flb"_s);
        QVERIFY(update::Bundle::write(foreignBundle, foreign, {m_gatewayFw.payloadPath}, *stranger,
                                      u"2026-01-01T00:00:00Z"_s));
        QCOMPARE(m_vehicle->installBundle(foreignBundle), 404);
        QCOMPARE(activeSlot(m_f.path(u"ecus/gateway"_s)), u"A"_s);
    }
};

QTEST_GUILESS_MAIN(TestAgentUpdateScomo)
#include "tst_agent_update_scomo.moc"

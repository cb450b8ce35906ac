// Integration over real loopback TLS: the real server (ServerRuntime) and real agents
// (agent::Fleet on Asio lanes), plus raw requests for what no well-behaved vehicle sends.
#include "agent/Fleet.h"
#include "core/crypto/Hash.h"
#include "core/omadm/Codec.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace flotilla;
using Headers = QList<std::pair<QByteArray, QByteArray>>;

namespace {

constexpr auto Initiation = "application/vnd.oma.dm.initiation+json";
constexpr auto ResponseType = "application/vnd.oma.dm.response+json";
constexpr auto RequestType = "application/vnd.oma.dm.request+json";

struct Identity
{
    QString vin;
    QString devId;
};

} // namespace

class TestDeviceEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void healthz();
    void agentRegistersPendingThenAcceptedThroughApi();
    void agentWithProofRegistersAndReportsDevInfo();
    void agentKeepsIdentityAndTokenAcrossRestarts();
    void tokenRotationInvalidatesOldToken();
    void sessionWithRawPackages();
    void newPackage1AbandonsOpenSession();
    void errorsChangeNothing_data();
    void errorsChangeNothing();
    void rejectedVehicleGets403AndNothingChanges();
    void payloadTooLargeChangesNothing();

private:
    test::RawResponse send(const QByteArray &method, const QByteArray &path, const Headers &headers,
                           const QByteArray &body, quint16 port = 0);
    test::RawResponse api(const QByteArray &method, const QByteArray &path, const QByteArray &body = {});
    Headers dmHeaders(const Identity &identity, const QByteArray &token, const char *contentType = Initiation) const;
    QByteArray registrationBody(const Identity &identity, bool withProof, const QString &nonce = {}) const;
    // Registers with a valid proof and returns the token.
    QString registerWithProof(const Identity &identity);
    QByteArray storeFingerprint();
    agent::FleetOptions fleetOptions(int size, int firstIndex) const;

    QTemporaryDir m_dir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    int m_nextIdentity = 0;
    Identity nextIdentity();
};

void TestDeviceEndpoint::initTestCase()
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
}

void TestDeviceEndpoint::cleanupTestCase()
{
    m_runtime.reset();
}

Identity TestDeviceEndpoint::nextIdentity()
{
    // Synthetic identities for raw requests; ISO 3779 alphabet, distinct from the fleet's VINs.
    const int n = m_nextIdentity++;
    return {u"TST0RAW0X%1"_s.arg(n, 8, 10, QChar(u'0')), u"RAW-DEV-%1"_s.arg(n)};
}

test::RawResponse TestDeviceEndpoint::send(const QByteArray &method, const QByteArray &path, const Headers &headers,
                                           const QByteArray &body, quint16 port)
{
    test::RawTlsClient client(m_runtime->caCertificatePem());
    if (!client.connectTo(u"127.0.0.1"_s, port ? port : m_runtime->devicePort())) {
        qWarning() << "connect failed:" << client.errorString();
        return {};
    }
    return client.request(method, path, headers, body);
}

test::RawResponse TestDeviceEndpoint::api(const QByteArray &method, const QByteArray &path, const QByteArray &body)
{
    Headers headers{{"Authorization", "Bearer " + m_runtime->apiToken().toLatin1()}};
    if (!body.isEmpty())
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    return send(method, path, headers, body, m_runtime->apiPort());
}

Headers TestDeviceEndpoint::dmHeaders(const Identity &identity, const QByteArray &token, const char *contentType) const
{
    Headers headers{{"Content-Type", contentType},
                    {"Accept", RequestType},
                    {"OMADM-DevID", identity.devId.toLatin1()},
                    {"VIN", identity.vin.toLatin1()}};
    if (!token.isEmpty())
        headers.append(std::pair<QByteArray, QByteArray>("Token", token));
    return headers;
}

QByteArray TestDeviceEndpoint::registrationBody(const Identity &identity, bool withProof, const QString &nonce) const
{
    QJsonObject ext{{u"VIN"_s, identity.vin},
                    {u"Nonce"_s, nonce.isEmpty() ? QString::fromLatin1(crypto::randomBytes(16).toBase64()) : nonce},
                    {u"Codecs"_s, QJsonArray{u"full-zstd"_s}},
                    {u"DeltaMaxMemoryMiB"_s, 64},
                    {u"Ecus"_s, QJsonArray{QJsonObject{
                                    {u"Ecu"_s, u"headunit"_s}, {u"HwId"_s, u"hu-gen3"_s}, {u"SwV"_s, u"1.2.0"_s}}}},
                    {u"RXSWIN"_s, QJsonArray{u"R156-HU-12"_s}}};
    if (withProof)
        ext.insert(u"EncryptedVIN"_s,
                   omadm::registrationProof(m_runtime->fleet().enrollmentKey(), identity.vin, identity.devId));
    const QJsonObject devInfo{{u"DevID"_s, identity.devId}, {u"Man"_s, u"Vendor"_s}, {u"Mod"_s, u"Test Model"_s},
                              {u"DmV"_s, u"2.0"_s},         {u"Lang"_s, u"en"_s},    {u"DevType"_s, u"headunit"_s},
                              {u"OEM"_s, u"TestOEM"_s},     {u"FwV"_s, u"fw1"_s},    {u"SwV"_s, u"1.2.0"_s},
                              {u"HwV"_s, u"hw3"_s},         {u"Ext"_s, ext}};
    return QJsonDocument(QJsonObject{{u"ClientURI"_s, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s},
                                     {u"MOData"_s, QJsonObject{{u"DevInfo"_s, devInfo}}}})
        .toJson(QJsonDocument::Compact);
}

QString TestDeviceEndpoint::registerWithProof(const Identity &identity)
{
    const auto response = send("POST", "/dm/register", dmHeaders(identity, {}), registrationBody(identity, true));
    if (response.status != 200) {
        qWarning() << "registration:" << response.status << response.body;
        return {};
    }
    auto account = omadm::decodeRegistrationAnswer(response.body);
    return account ? account->token : QString();
}

QByteArray TestDeviceEndpoint::storeFingerprint()
{
    // Everything in every table, through a connection of our own: "nothing changed" means
    // exactly that.
    const QString name = u"fingerprint"_s;
    QByteArray all;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_dir.filePath(u"server/flotilla.db"_s));
        if (!db.open())
            return {};
        QSqlQuery tables(db);
        tables.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s);
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        tables.finish();
        for (const QString &table : names) {
            QSqlQuery rows(db);
            rows.exec(u"SELECT * FROM "_s + table + u" ORDER BY rowid"_s);
            all += table.toUtf8() + ':';
            while (rows.next()) {
                for (int i = 0; i < rows.record().count(); ++i)
                    all += rows.value(i).toString().toUtf8() + '|';
                all += '\n';
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return crypto::Hasher::hash(all, crypto::HashAlgorithm::Sha256).toHex();
}

agent::FleetOptions TestDeviceEndpoint::fleetOptions(int size, int firstIndex) const
{
    agent::FleetOptions options;
    options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->devicePort());
    options.caPem = m_runtime->caCertificatePem();
    options.enrollmentKey = m_runtime->fleet().enrollmentKey();
    options.size = size;
    options.firstIndex = firstIndex;
    options.seed = 7;
    options.lanes = 2;
    options.registrationRetrySeconds = 1;
    options.pollSecondsOverride = 3600;
    options.startNow = true;
    return options;
}

void TestDeviceEndpoint::healthz()
{
    const auto response = send("GET", "/healthz", {}, {});
    QCOMPARE(response.status, 200);
    QCOMPARE(QJsonDocument::fromJson(response.body).object().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(send("GET", "/no/such/path", {}, {}).status, 404);
    QCOMPARE(send("GET", "/dm", {}, {}).status, 405);
}

void TestDeviceEndpoint::agentRegistersPendingThenAcceptedThroughApi()
{
    agent::FleetOptions options = fleetOptions(1, 100);
    options.withoutProof = 1; // no proof: must wait for an operator
    agent::Fleet fleet(options);
    QVERIFY(fleet.start());
    const QString vin = fleet.vins().first();

    QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().pending, 1, 20000);
    auto details = m_runtime->fleet().vehicle(vin);
    QVERIFY2(details, qPrintable(details.errorString()));
    QCOMPARE(store::toString(details->vehicle.state), store::toString(store::VehicleState::Pending));
    QVERIFY(details->latestRegistration.has_value());
    QCOMPARE(store::toString(details->latestRegistration->state), store::toString(store::RegistrationState::Pending));
    QCOMPARE(store::toString(details->latestRegistration->proof), store::toString(store::ProofStatus::Missing));

    // While pending, repeated registrations do not pile up requests.
    QTest::qWait(2500);
    auto pending = m_runtime->fleet().registrations(store::RegistrationState::Pending);
    QVERIFY(pending);
    QCOMPARE(std::count_if(pending->cbegin(), pending->cend(), [&](const auto &r) { return r.vin == vin; }), 1);

    // The operator accepts through the management API (the console uses the same facade).
    const auto accepted = api("POST", "/api/v1/registrations/" + vin.toLatin1() + "/accept", R"({"actor":"tester"})");
    QVERIFY2(accepted.status == 200, accepted.body.constData());

    // The vehicle's next registration gets 200, then it opens its first session.
    QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().registered, 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().sessions >= 1, 20000);
    details = m_runtime->fleet().vehicle(vin);
    QVERIFY(details);
    QCOMPARE(store::toString(details->vehicle.state), store::toString(store::VehicleState::Accepted));
    QCOMPARE(store::toString(details->latestRegistration->state), store::toString(store::RegistrationState::Issued));
    QCOMPARE(details->latestRegistration->decidedBy, u"tester"_s);
    QVERIFY(details->vehicle.sessionCount >= 1);

    // Its DevInfo is visible through the API the window uses.
    const auto shown = api("GET", "/api/v1/vehicles/" + vin.toLatin1());
    QCOMPARE(shown.status, 200);
    QVERIFY(shown.body.contains(vin.toLatin1()));
    fleet.stop();
}

void TestDeviceEndpoint::agentWithProofRegistersAndReportsDevInfo()
{
    agent::Fleet fleet(fleetOptions(4, 200));
    QVERIFY(fleet.start());
    QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().registered, 4, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().sessions >= 4, 30000);
    QCOMPARE(fleet.stats().failedSessions, 0u);

    const agent::VehicleProfile expected = agent::FleetCatalog(7).vehicle(200);
    QCOMPARE(fleet.vins().first(), expected.vin);
    auto details = m_runtime->fleet().vehicle(expected.vin);
    QVERIFY(details);
    const store::VehicleRecord &vehicle = details->vehicle;
    QCOMPARE(store::toString(vehicle.state), store::toString(store::VehicleState::Accepted));
    QCOMPARE(vehicle.devId, expected.devId);
    QCOMPARE(vehicle.model, expected.model);
    QCOMPARE(vehicle.oem, expected.oem);
    QCOMPARE(vehicle.swVersion, expected.swVersion);
    QCOMPARE(vehicle.ecus.size(), expected.ecus.size());
    QCOMPARE(vehicle.ecus.first().toObject().value(u"SwV"_s).toString(), expected.ecus.first().swVersion);
    QCOMPARE(vehicle.rxswin, expected.rxswin);
    QVERIFY(m_runtime->fleet().isOnline(vehicle));

    // DevInfo and (first session after bootstrap) the full inventory are stored as MO snapshots.
    QStringList moids;
    for (const store::MoSnapshot &snapshot : details->snapshots)
        moids.append(snapshot.moid);
    QVERIFY2(moids.contains(u"urn:oma:mo:oma-dm-devinfo:1.0"_s), qPrintable(moids.join(u',')));
    QVERIFY2(moids.contains(u"urn:oma:mo:oma-dm-scomo:1.1"_s), qPrintable(moids.join(u',')));
    QVERIFY2(moids.contains(u"urn:oma:mo:x-flotilla-rvc:1.0"_s), qPrintable(moids.join(u',')));
    QStringList kinds;
    for (const store::EventRecord &event : details->recentEvents)
        kinds.append(event.kind);
    QVERIFY(kinds.contains(u"token.issued"_s));
    QVERIFY(kinds.contains(u"vehicle.bootstrapped"_s));
    QVERIFY(!details->recentSessions.isEmpty());
    QCOMPARE(store::toString(details->recentSessions.first().state), store::toString(store::SessionState::Ended));
    fleet.stop();
}

void TestDeviceEndpoint::agentKeepsIdentityAndTokenAcrossRestarts()
{
    agent::FleetOptions options = fleetOptions(1, 300);
    options.dataDir = m_dir.filePath(u"agents"_s);
    options.caPem.clear(); // trust on first use: the agent must pin the CA it receives
    QString vin;
    {
        agent::Fleet fleet(options);
        QVERIFY(fleet.start());
        vin = fleet.vins().first();
        QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().sessions >= 1, 20000);
    }
    const QString folder = options.dataDir + u'/' + vin;
    QCOMPARE(test::readFile(folder + u"/ca.pem"_s), m_runtime->caCertificatePem());
    QVERIFY(QFile::exists(folder + u"/account.json"_s));
    // The token is a secret: nobody but the owner may read it.
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFile::permissions(folder + u"/account.json"_s) & others, QFileDevice::Permissions());

    auto before = m_runtime->fleet().vehicle(vin);
    QVERIFY(before);
    const qint64 sessionsBefore = before->vehicle.sessionCount;
    const qint64 registrationId = before->latestRegistration->id;
    {
        options.enrollmentKey.clear(); // it must not need the key again: it has its token
        agent::Fleet fleet(options);
        QVERIFY(fleet.start());
        QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().sessions >= 1, 20000);
        QCOMPARE(fleet.stats().registered, 1);
    }
    auto after = m_runtime->fleet().vehicle(vin);
    QVERIFY(after);
    QVERIFY(after->vehicle.sessionCount > sessionsBefore);
    QCOMPARE(after->latestRegistration->id, registrationId); // no new registration
}

void TestDeviceEndpoint::tokenRotationInvalidatesOldToken()
{
    const Identity identity = nextIdentity();
    const QString first = registerWithProof(identity);
    QVERIFY(!first.isEmpty());
    QCOMPARE(first.size(), 43);
    const QByteArray package1 = R"({"MOS":[],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})";
    QCOMPARE(send("POST", "/dm", dmHeaders(identity, first.toLatin1()), package1).status, 200);

    const QString second = registerWithProof(identity);
    QVERIFY(!second.isEmpty());
    QVERIFY(second != first);
    const auto old = send("POST", "/dm", dmHeaders(identity, first.toLatin1()), package1);
    QCOMPARE(old.status, 401);
    QCOMPARE(old.body, QByteArray(R"({"Responsecode":"401","Description":"Unauthorized"})"));
    QCOMPARE(send("POST", "/dm", dmHeaders(identity, second.toLatin1()), package1).status, 200);
}

void TestDeviceEndpoint::sessionWithRawPackages()
{
    const Identity identity = nextIdentity();
    const QByteArray token = registerWithProof(identity).toLatin1();
    QVERIFY(!token.isEmpty());

    // The seed's package #1: vendor MOIDs, no session alert (tolerated as client-initiated).
    const QByteArray package1 = R"({"MOS":[{"MOID":"urn:oma:mo:oma-dm-devinfo:1.0","MIID":["miid1"]},
        {"MOID":"urn:oma:mo:oma-fumo:1.0","MIID":["miid1"]}]})";
    const auto commands = send("POST", "/dm", dmHeaders(identity, token), package1);
    QCOMPARE(commands.status, 200);
    QCOMPARE(commands.header("Content-Type"), QByteArray(RequestType));
    auto package2 = omadm::decodePackage2(commands.body);
    QVERIFY(package2);
    QVERIFY(!package2->commands.isEmpty());
    QCOMPARE(package2->commands.first().name, u"GET"_s);
    QCOMPARE(package2->commands.first().params, QStringList{u"urn:oma:mo:oma-dm-devinfo:1.0//"_s});
    // FUMO is read under the MOID the vehicle announced, not the canonical one.
    bool fumoUnderAnnouncedMoid = false;
    for (const omadm::Command &command : package2->commands)
        fumoUnderAnnouncedMoid |= command.params.value(0) == u"urn:oma:mo:oma-fumo:1.0//"_s;
    QVERIFY(fumoUnderAnnouncedMoid);

    // Package #3 with the seed's Content-Type (initiation+json tolerated) and ClientURL spelling.
    QJsonArray statuses;
    for (qsizetype i = 0; i < package2->commands.size(); ++i)
        statuses.append(QJsonObject{{u"sc"_s, i == 0 ? 200 : 404}});
    const QJsonObject devInfo{{u"DevID"_s, identity.devId}, {u"Man"_s, u"Vendor"_s}, {u"Mod"_s, u"Test Model 2"_s},
                              {u"DmV"_s, u"2.0"_s},         {u"Lang"_s, u"en"_s},    {u"DevType"_s, u"headunit"_s},
                              {u"OEM"_s, u"TestOEM"_s},     {u"FwV"_s, u"fw2"_s},    {u"SwV"_s, u"1.3.0"_s},
                              {u"HwV"_s, u"hw3"_s}};
    const QByteArray package3 = QJsonDocument(QJsonObject{{u"Status"_s, statuses},
                                                          {u"ClientURL"_s, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s},
                                                          {u"MOData"_s, QJsonObject{{u"DevInfo"_s, devInfo}}}})
                                    .toJson(QJsonDocument::Compact);
    const auto end = send("POST", "/dm", dmHeaders(identity, token, Initiation), package3);
    QCOMPARE(end.status, 200);
    QCOMPARE(end.body, QByteArray(R"({"CMD":[["END"]]})"));

    auto details = m_runtime->fleet().vehicle(identity.vin);
    QVERIFY(details);
    QCOMPARE(details->vehicle.swVersion, u"1.3.0"_s);
    QCOMPARE(details->vehicle.model, u"Test Model 2"_s);
    QCOMPARE(store::toString(details->recentSessions.first().state), store::toString(store::SessionState::Ended));
    QStringList kinds;
    for (const store::EventRecord &event : details->recentEvents)
        kinds.append(event.kind);
    QVERIFY(kinds.contains(u"devinfo.changed"_s));

    // The session is over: another package #3 has nothing to answer.
    QCOMPARE(send("POST", "/dm", dmHeaders(identity, token, ResponseType), package3).status, 409);

    // A routine check-in (only DevInfo is read, and it has not changed) moves last-seen and the
    // counter but adds no session row and rewrites no snapshot.
    const qint64 sessionsBefore = details->vehicle.sessionCount;
    const qsizetype historyBefore = details->recentSessions.size();
    const qint64 devInfoReceived = details->snapshots.first().receivedAtMs;
    const auto routine = send("POST", "/dm", dmHeaders(identity, token), package1);
    QCOMPARE(routine.status, 200);
    QCOMPARE(omadm::decodePackage2(routine.body)->commands.size(), 1); // GET DevInfo only
    const QByteArray devInfoOnly = QJsonDocument(QJsonObject{{u"Status"_s, QJsonArray{QJsonObject{{u"sc"_s, 200}}}},
                                                             {u"ClientURI"_s, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s},
                                                             {u"MOData"_s, QJsonObject{{u"DevInfo"_s, devInfo}}}})
                                       .toJson(QJsonDocument::Compact);
    QCOMPARE(send("POST", "/dm", dmHeaders(identity, token, ResponseType), devInfoOnly).status, 200);
    details = m_runtime->fleet().vehicle(identity.vin);
    QCOMPARE(details->vehicle.sessionCount, sessionsBefore + 1);
    QCOMPARE(details->recentSessions.size(), historyBefore);
    QCOMPARE(details->snapshots.first().receivedAtMs, devInfoReceived);
}

void TestDeviceEndpoint::newPackage1AbandonsOpenSession()
{
    const Identity identity = nextIdentity();
    const QByteArray token = registerWithProof(identity).toLatin1();
    const QByteArray package1 = R"({"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})";
    QCOMPARE(send("POST", "/dm", dmHeaders(identity, token), package1).status, 200);
    const auto second = send("POST", "/dm", dmHeaders(identity, token), package1);
    QCOMPARE(second.status, 200);

    // The first session is recorded as abandoned; the second one is open and completes.
    auto details = m_runtime->fleet().vehicle(identity.vin);
    QVERIFY(details);
    QCOMPARE(details->recentSessions.size(), 1);
    QCOMPARE(store::toString(details->recentSessions.at(0).state), store::toString(store::SessionState::Abandoned));
    QCOMPARE(details->recentEvents.first().kind, u"session.abandoned"_s);

    auto commands = omadm::decodePackage2(second.body);
    QVERIFY(commands);
    QJsonArray statuses;
    for (qsizetype i = 0; i < commands->commands.size(); ++i)
        statuses.append(QJsonObject{{u"sc"_s, 404}});
    const QByteArray package3 = QJsonDocument(QJsonObject{{u"Status"_s, statuses}}).toJson(QJsonDocument::Compact);
    QCOMPARE(send("POST", "/dm", dmHeaders(identity, token, ResponseType), package3).status, 200);
    details = m_runtime->fleet().vehicle(identity.vin);
    QCOMPARE(details->recentSessions.size(), 2);
    QCOMPARE(store::toString(details->recentSessions.at(0).state), store::toString(store::SessionState::Ended));
    QVERIFY(details->recentSessions.at(0).outcome.contains(u"404"_s));
}

void TestDeviceEndpoint::errorsChangeNothing_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("headerCase"); // what to do to the good headers
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QByteArray package1 = R"({"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})";
    QTest::newRow("400 body not JSON") << "POST"
                                       << "/dm"
                                       << "" << QByteArray("{not json") << 400;
    QTest::newRow("400 wrong schema") << "POST"
                                      << "/dm"
                                      << "" << QByteArray(R"({"Status":{"sc":200}})") << 400;
    QTest::newRow("400 MOS not an array") << "POST"
                                          << "/dm"
                                          << "" << QByteArray(R"({"MOS":"x"})") << 400;
    QTest::newRow("400 missing OMADM-DevID") << "POST"
                                             << "/dm"
                                             << "no-devid" << package1 << 400;
    QTest::newRow("400 missing VIN") << "POST"
                                     << "/dm"
                                     << "no-vin" << package1 << 400;
    QTest::newRow("400 malformed VIN") << "POST"
                                       << "/dm"
                                       << "bad-vin" << package1 << 400;
    QTest::newRow("400 response+json without Status") << "POST"
                                                      << "/dm"
                                                      << "response-type" << package1 << 400;
    QTest::newRow("400 register: DevID header and body disagree") << "POST"
                                                                  << "/dm/register"
                                                                  << "register-devid-mismatch" << QByteArray() << 400;
    QTest::newRow("400 register: not JSON") << "POST"
                                            << "/dm/register"
                                            << "register" << QByteArray("[") << 400;
    QTest::newRow("401 missing token") << "POST"
                                       << "/dm"
                                       << "no-token" << package1 << 401;
    QTest::newRow("401 unknown token") << "POST"
                                       << "/dm"
                                       << "unknown-token" << package1 << 401;
    QTest::newRow("401 token of another DevID") << "POST"
                                                << "/dm"
                                                << "other-devid" << package1 << 401;
    QTest::newRow("401 token of another VIN") << "POST"
                                              << "/dm"
                                              << "other-vin" << package1 << 401;
    QTest::newRow("406 Accept excludes DM") << "POST"
                                            << "/dm"
                                            << "accept-html" << package1 << 406;
    QTest::newRow("406 register Accept excludes DM") << "POST"
                                                     << "/dm/register"
                                                     << "register-accept-html" << QByteArray() << 406;
    QTest::newRow("409 package #3 without session")
        << "POST"
        << "/dm"
        << "response-type" << QByteArray(R"({"Status":[{"sc":200}]})") << 409;
    QTest::newRow("415 text/plain") << "POST"
                                    << "/dm"
                                    << "text-plain" << package1 << 415;
    QTest::newRow("415 register as response+json") << "POST"
                                                   << "/dm/register"
                                                   << "register-response-type" << QByteArray() << 415;
    QTest::newRow("415 latin-1 charset") << "POST"
                                         << "/dm"
                                         << "latin1" << package1 << 415;
    QTest::newRow("404 MO data source") << "GET"
                                        << "/dm/mo/job/1"
                                        << "" << QByteArray() << 404;
}

void TestDeviceEndpoint::errorsChangeNothing()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, headerCase);
    QFETCH(QByteArray, body);
    QFETCH(int, status);

    static Identity identity;
    static QByteArray token;
    if (token.isEmpty()) {
        identity = nextIdentity();
        token = registerWithProof(identity).toLatin1();
        QVERIFY(!token.isEmpty());
    }
    Identity other = identity;
    Headers headers = dmHeaders(identity, token);
    auto set = [&](const QByteArray &name, const QByteArray &value) {
        headers.removeIf([&](const auto &h) { return h.first == name; });
        if (!value.isEmpty())
            headers.append(std::pair<QByteArray, QByteArray>(name, value));
    };
    if (headerCase == u"no-devid")
        set("OMADM-DevID", {});
    else if (headerCase == u"no-vin")
        set("VIN", {});
    else if (headerCase == u"bad-vin")
        set("VIN", "NOT-A-VIN");
    else if (headerCase == u"response-type")
        set("Content-Type", ResponseType);
    else if (headerCase == u"no-token")
        set("Token", {});
    else if (headerCase == u"unknown-token")
        set("Token", crypto::newToken().toLatin1());
    else if (headerCase == u"other-devid")
        set("OMADM-DevID", "SOMEONE-ELSE");
    else if (headerCase == u"other-vin")
        set("VIN", "WVWZZZ1JZXW000001");
    else if (headerCase == u"accept-html")
        set("Accept", "text/html");
    else if (headerCase == u"text-plain")
        set("Content-Type", "text/plain");
    else if (headerCase == u"latin1")
        set("Content-Type", QByteArray(Initiation) + "; charset=iso-8859-1");
    else if (headerCase.startsWith(u"register")) {
        other = nextIdentity();
        headers = dmHeaders(other, {});
        if (body.isEmpty())
            body = registrationBody(other, true);
        if (headerCase == u"register-devid-mismatch")
            set("OMADM-DevID", "DIFFERENT-DEVID");
        else if (headerCase == u"register-accept-html")
            set("Accept", "text/html");
        else if (headerCase == u"register-response-type")
            set("Content-Type", ResponseType);
    }

    const QByteArray before = storeFingerprint();
    QVERIFY(!before.isEmpty());
    const auto response = send(method.toLatin1(), path.toLatin1(), headers, body);
    QCOMPARE(response.status, status);
    // The seed's error body, with the real status as a string.
    const QJsonObject error = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(error.value(u"Responsecode"_s).toString(), QString::number(status));
    QVERIFY(!error.value(u"Description"_s).toString().isEmpty());
    QCOMPARE(storeFingerprint(), before);
}

void TestDeviceEndpoint::rejectedVehicleGets403AndNothingChanges()
{
    const Identity identity = nextIdentity();
    const QByteArray body = registrationBody(identity, false);
    QCOMPARE(send("POST", "/dm/register", dmHeaders(identity, {}), body).status, 202);
    auto rejected = m_runtime->fleet().rejectRegistration(identity.vin, u"tester"_s, u"unknown vehicle"_s);
    QVERIFY2(rejected, qPrintable(rejected.errorString()));

    const QByteArray before = storeFingerprint();
    // Even a valid proof does not override an operator's rejection.
    const auto response = send("POST", "/dm/register", dmHeaders(identity, {}), registrationBody(identity, true));
    QCOMPARE(response.status, 403);
    QCOMPARE(QJsonDocument::fromJson(response.body).object().value(u"Responsecode"_s).toString(), u"403"_s);
    QCOMPARE(storeFingerprint(), before);
}

void TestDeviceEndpoint::payloadTooLargeChangesNothing()
{
    const Identity identity = nextIdentity();
    const QByteArray token = registerWithProof(identity).toLatin1();
    const QByteArray before = storeFingerprint();
    QByteArray huge = R"({"MOS":[],"Pad":")" + QByteArray(1024 * 1024 + 10, 'a') + R"("})";
    const auto response = send("POST", "/dm", dmHeaders(identity, token), huge);
    QCOMPARE(response.status, 413);
    QCOMPARE(QJsonDocument::fromJson(response.body).object().value(u"Responsecode"_s).toString(), u"413"_s);
    QCOMPARE(storeFingerprint(), before);
}

QTEST_GUILESS_MAIN(TestDeviceEndpoint)
#include "tst_device_endpoint.moc"

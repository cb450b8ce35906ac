// The agent's WebSocketClient (agent/net) against a real ServerRuntime over loopback TLS: the
// notification channel from the vehicle's side, and the server's wiring of it (NotifyHub,
// channelsChanged, closing on stop). Reconnecting is the caller's business and is not tested here.
#include "agent/net/AsioRuntime.h"
#include "core/omadm/Codec.h"
#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/dm/NotifyHub.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <mutex>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::agent::net;

namespace {

constexpr int WaitMs = 20'000;

struct Identity
{
    QString vin;
    QString devId;
    QByteArray token;
};

// What one open() reported, from the lane thread.
class Probe
{
public:
    void opened()
    {
        const std::lock_guard lock(m_mutex);
        ++m_opened;
    }
    void message(QByteArray text)
    {
        const std::lock_guard lock(m_mutex);
        m_messages.append(std::move(text));
    }
    void closed(WebSocketClose close)
    {
        const std::lock_guard lock(m_mutex);
        m_closes.append(std::move(close));
    }
    int openCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_opened;
    }
    QList<QByteArray> messages() const
    {
        const std::lock_guard lock(m_mutex);
        return m_messages;
    }
    qsizetype closeCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_closes.size();
    }
    WebSocketClose lastClose() const
    {
        const std::lock_guard lock(m_mutex);
        return m_closes.value(m_closes.size() - 1);
    }

private:
    mutable std::mutex m_mutex;
    int m_opened = 0;
    QList<QByteArray> m_messages;
    QList<WebSocketClose> m_closes;
};

} // namespace

class TestWebSocketClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void receivesNotifications();
    void secondChannelReplacesTheFirst();
    void refusedUpgradeReportsTheStatus();
    void closeReportsOnceAndDetaches();
    void reopensAfterClose();
    void destroyedClientCallsNothing();
    void oversizedMessageClosesTheChannel();
    void wrongCaFailsTheHandshake();
    void serverStopClosesWith1001(); // last: stops the server

private:
    Identity registerVehicle();
    qint64 vehicleId(const QString &vin);
    WebSocketOptions optionsFor(const Identity &identity) const;
    // Creates a client on the lane and opens it; the client lives in m_clients[index].
    std::shared_ptr<Probe> open(int index, WebSocketOptions options, TlsOptions tls = {});
    void onLane(const std::function<void()> &work);
    server::dm::NotifyHub &hub() { return m_runtime->fleet().notifyHub(); }

    QTemporaryDir m_dir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::unique_ptr<Runtime> m_lanes;
    std::vector<std::unique_ptr<WebSocketClient>> m_clients;
    QStringList m_channelEvents;
    int m_identities = 0;
};

void TestWebSocketClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.filePath(u"server"_s);
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    connect(&m_runtime->fleet().eventBus(), &server::EventBus::channelsChanged, this,
            [this](const QStringList &vins) { m_channelEvents += vins; });
    m_lanes = std::make_unique<Runtime>(1);
    m_clients.resize(4);
}

void TestWebSocketClient::cleanup()
{
    onLane([this] {
        for (auto &client : m_clients)
            client.reset();
    });
    m_channelEvents.clear();
}

void TestWebSocketClient::cleanupTestCase()
{
    m_lanes.reset();
    m_runtime.reset();
}

void TestWebSocketClient::onLane(const std::function<void()> &work)
{
    m_lanes->runOnAllLanesAndWait([&work](int) { work(); });
}

Identity TestWebSocketClient::registerVehicle()
{
    const int n = ++m_identities;
    Identity identity{u"TSTWSCLNT%1"_s.arg(n, 8, 10, QChar(u'0')), u"WS-CLIENT-%1"_s.arg(n), {}};
    const QJsonObject ext{{u"VIN"_s, identity.vin},
                          {u"Nonce"_s, QString::fromLatin1(QByteArray(16, char('a' + n)).toBase64())},
                          {u"Codecs"_s, QJsonArray{u"full-zstd"_s}},
                          {u"EncryptedVIN"_s,
                           omadm::registrationProof(m_runtime->fleet().enrollmentKey(), identity.vin, identity.devId)}};
    const QJsonObject devInfo{{u"DevID"_s, identity.devId}, {u"Man"_s, u"Vendor"_s}, {u"Mod"_s, u"Model"_s},
                              {u"DmV"_s, u"2.0"_s},         {u"Lang"_s, u"en"_s},    {u"DevType"_s, u"headunit"_s},
                              {u"OEM"_s, u"TestOEM"_s},     {u"FwV"_s, u"fw1"_s},    {u"SwV"_s, u"1.0.0"_s},
                              {u"HwV"_s, u"hw1"_s},         {u"Ext"_s, ext}};
    const QByteArray body = QJsonDocument(QJsonObject{{u"ClientURI"_s, u"urn:oma:mo:oma-dm-devinfo:1.0//"_s},
                                                      {u"MOData"_s, QJsonObject{{u"DevInfo"_s, devInfo}}}})
                                .toJson(QJsonDocument::Compact);
    test::RawTlsClient client(m_runtime->caCertificatePem());
    if (!client.connectTo(u"127.0.0.1"_s, m_runtime->devicePort()))
        return {};
    const test::RawResponse response = client.request("POST", "/dm/register",
                                                      {{"Content-Type", "application/vnd.oma.dm.initiation+json"},
                                                       {"OMADM-DevID", identity.devId.toLatin1()},
                                                       {"VIN", identity.vin.toLatin1()}},
                                                      body);
    auto account = omadm::decodeRegistrationAnswer(response.body);
    if (response.status != 200 || !account) {
        qWarning() << "registration:" << response.status << response.body;
        return {};
    }
    identity.token = account->token.toLatin1();
    return identity;
}

qint64 TestWebSocketClient::vehicleId(const QString &vin)
{
    auto vehicles = m_runtime->fleet().vehiclesByVin({vin});
    return vehicles && !vehicles->isEmpty() ? vehicles->first().id : 0;
}

WebSocketOptions TestWebSocketClient::optionsFor(const Identity &identity) const
{
    WebSocketOptions options;
    options.headers = {
        {"Token", identity.token}, {"VIN", identity.vin.toLatin1()}, {"OMADM-DevID", identity.devId.toLatin1()}};
    return options;
}

std::shared_ptr<Probe> TestWebSocketClient::open(int index, WebSocketOptions options, TlsOptions tls)
{
    if (tls.caPem.isEmpty())
        tls.caPem = m_runtime->caCertificatePem();
    auto probe = std::make_shared<Probe>();
    onLane([&] {
        auto &client = m_clients[std::size_t(index)];
        if (!client)
            client = m_lanes->lane(0).createWebSocket(u"127.0.0.1"_s, m_runtime->devicePort(), tls);
        client->open(
            std::move(options), [probe] { probe->opened(); },
            [probe](QByteArray text) { probe->message(std::move(text)); },
            [probe](WebSocketClose close) { probe->closed(std::move(close)); });
    });
    return probe;
}

void TestWebSocketClient::receivesNotifications()
{
    const Identity identity = registerVehicle();
    QVERIFY(!identity.token.isEmpty());
    const qint64 id = vehicleId(identity.vin);
    QVERIFY(id > 0);
    const auto probe = open(0, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(probe->openCount(), 1, WaitMs);
    QVERIFY(hub().isOnline(id));
    QTRY_COMPARE_WITH_TIMEOUT(m_channelEvents, QStringList{identity.vin}, WaitMs);
    bool open = false;
    onLane([&] { open = m_clients[0]->isOpen(); });
    QVERIFY(open);

    const QString notificationId = hub().notify(id, u"command"_s, {u"urn:oma:mo:x-flotilla-rvc:1.0"_s});
    QVERIFY(!notificationId.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(probe->messages().size(), 1, WaitMs);
    const QJsonObject notification =
        QJsonDocument::fromJson(probe->messages().first()).object().value(u"Notification"_s).toObject();
    QCOMPARE(notification.value(u"Id"_s).toString(), notificationId);
    QCOMPARE(notification.value(u"Reason"_s).toString(), u"command"_s);
    QCOMPARE(notification.value(u"ReqMOs"_s).toArray().first().toString(), u"urn:oma:mo:x-flotilla-rvc:1.0"_s);
    QCOMPARE(probe->closeCount(), 0);
}

void TestWebSocketClient::secondChannelReplacesTheFirst()
{
    const Identity identity = registerVehicle();
    const qint64 id = vehicleId(identity.vin);
    const auto first = open(0, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(first->openCount(), 1, WaitMs);
    const auto second = open(1, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(second->openCount(), 1, WaitMs);

    QTRY_COMPARE_WITH_TIMEOUT(first->closeCount(), 1, WaitMs);
    QCOMPARE(first->lastClose().code, 4000);
    QCOMPARE(first->lastClose().reason, u"replaced"_s);
    QCOMPARE(first->lastClose().httpStatus, 0);
    QVERIFY(hub().isOnline(id));
    QVERIFY(!hub().notify(id, u"command"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(second->messages().size(), 1, WaitMs);
    QCOMPARE(first->messages().size(), 0);
    QCOMPARE(second->closeCount(), 0);
}

void TestWebSocketClient::refusedUpgradeReportsTheStatus()
{
    const Identity identity = registerVehicle();
    WebSocketOptions badToken = optionsFor(identity);
    badToken.headers[0].second = "not-the-token";
    const auto refused = open(0, badToken);
    QTRY_COMPARE_WITH_TIMEOUT(refused->closeCount(), 1, WaitMs);
    QCOMPARE(refused->lastClose().httpStatus, 401);
    QCOMPARE(refused->lastClose().code, 0);
    QCOMPARE(refused->lastClose().reason, u"upgrade refused: 401"_s);
    QCOMPARE(refused->openCount(), 0);
    QVERIFY(!hub().isOnline(vehicleId(identity.vin)));

    WebSocketOptions nowhere = optionsFor(identity);
    nowhere.target = "/dm/elsewhere";
    const auto notFound = open(1, nowhere);
    QTRY_COMPARE_WITH_TIMEOUT(notFound->closeCount(), 1, WaitMs);
    QCOMPARE(notFound->lastClose().httpStatus, 404);
}

void TestWebSocketClient::closeReportsOnceAndDetaches()
{
    const Identity identity = registerVehicle();
    const qint64 id = vehicleId(identity.vin);
    const auto probe = open(0, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(probe->openCount(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_channelEvents.size(), 1, WaitMs);
    onLane([this] {
        m_clients[0]->close();
        m_clients[0]->close(); // a second close() changes nothing
    });
    QTRY_COMPARE_WITH_TIMEOUT(probe->closeCount(), 1, WaitMs);
    QCOMPARE(probe->lastClose().code, 1000);
    QCOMPARE(probe->lastClose().reason, u"closed by client"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!hub().isOnline(id), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_channelEvents, (QStringList{identity.vin, identity.vin}), WaitMs);
    bool open = true;
    onLane([&] { open = m_clients[0]->isOpen(); });
    QVERIFY(!open);
    QTest::qWait(200); // nothing else arrives
    QCOMPARE(probe->closeCount(), 1);
}

void TestWebSocketClient::reopensAfterClose()
{
    const Identity identity = registerVehicle();
    const qint64 id = vehicleId(identity.vin);
    const auto first = open(0, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(first->openCount(), 1, WaitMs);
    onLane([this] { m_clients[0]->close(); });
    QTRY_COMPARE_WITH_TIMEOUT(first->closeCount(), 1, WaitMs);
    const auto again = open(0, optionsFor(identity)); // the same client object
    QTRY_COMPARE_WITH_TIMEOUT(again->openCount(), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hub().isOnline(id), WaitMs);
    QVERIFY(!hub().notify(id, u"update"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(again->messages().size(), 1, WaitMs);
    QCOMPARE(first->messages().size(), 0);
}

void TestWebSocketClient::destroyedClientCallsNothing()
{
    const Identity identity = registerVehicle();
    const qint64 id = vehicleId(identity.vin);
    const auto probe = open(0, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(probe->openCount(), 1, WaitMs);
    onLane([this] { m_clients[0].reset(); });
    QTRY_VERIFY_WITH_TIMEOUT(!hub().isOnline(id), WaitMs); // the server saw the connection go
    QTest::qWait(200);
    QCOMPARE(probe->closeCount(), 0);

    // Destroyed while connecting: nothing either.
    auto connecting = std::make_shared<Probe>();
    onLane([&] {
        auto client = m_lanes->lane(0).createWebSocket(u"127.0.0.1"_s, m_runtime->devicePort(),
                                                       TlsOptions{m_runtime->caCertificatePem(), {}, {}, {}});
        client->open(
            optionsFor(identity), [connecting] { connecting->opened(); }, [](QByteArray) {},
            [connecting](WebSocketClose close) { connecting->closed(std::move(close)); });
    });
    QTest::qWait(500);
    QCOMPARE(connecting->openCount() + connecting->closeCount(), 0);
}

void TestWebSocketClient::oversizedMessageClosesTheChannel()
{
    const Identity identity = registerVehicle();
    const qint64 id = vehicleId(identity.vin);
    WebSocketOptions options = optionsFor(identity);
    options.maxMessageBytes = 64;
    const auto probe = open(0, options);
    QTRY_COMPARE_WITH_TIMEOUT(probe->openCount(), 1, WaitMs);
    QVERIFY(!hub().notify(id, u"command"_s, {u"urn:oma:mo:x-flotilla-rvc:1.0"_s}).isEmpty()); // ~90 bytes
    QTRY_COMPARE_WITH_TIMEOUT(probe->closeCount(), 1, WaitMs);
    QCOMPARE(probe->lastClose().code, 0);
    QVERIFY2(probe->lastClose().reason.contains(u"larger than 64 bytes"_s), qPrintable(probe->lastClose().reason));
    QCOMPARE(probe->messages().size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!hub().isOnline(id), WaitMs);
}

void TestWebSocketClient::wrongCaFailsTheHandshake()
{
    const Identity identity = registerVehicle();
    TlsOptions tls;
    tls.caPem = test::tlsFixture().otherCaPem;
    const auto probe = open(0, optionsFor(identity), tls);
    QTRY_COMPARE_WITH_TIMEOUT(probe->closeCount(), 1, WaitMs);
    QCOMPARE(probe->lastClose().code, 0);
    QCOMPARE(probe->lastClose().httpStatus, 0);
    QVERIFY2(probe->lastClose().reason.contains(u"TLS handshake"_s), qPrintable(probe->lastClose().reason));
    QCOMPARE(probe->openCount(), 0);
}

void TestWebSocketClient::serverStopClosesWith1001()
{
    const Identity identity = registerVehicle();
    const auto probe = open(0, optionsFor(identity));
    QTRY_COMPARE_WITH_TIMEOUT(probe->openCount(), 1, WaitMs);
    m_runtime->stop();
    QTRY_COMPARE_WITH_TIMEOUT(probe->closeCount(), 1, WaitMs);
    QCOMPARE(probe->lastClose().code, 1001);
    QCOMPARE(hub().onlineCount(), 0);
}

QTEST_GUILESS_MAIN(TestWebSocketClient)
#include "tst_websocket_client.moc"

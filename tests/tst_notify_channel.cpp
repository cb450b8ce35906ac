// The notification channel's server side (PROTOCOL.md §7, docs/protocol-notes.md "Notification
// channel"): the real HttpsServer and DeviceEndpoint over loopback TLS with a real SQLite store,
// against a hand-made WebSocket client that can send what no well-behaved client would.
#include "core/Clock.h"
#include "core/crypto/Hash.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/auth/UserService.h"
#include "server/campaigns/CampaignEngine.h"
#include "server/campaigns/CampaignService.h"
#include "server/commands/CommandService.h"
#include "server/dm/DeviceEndpoint.h"
#include "server/dm/NotifyHub.h"
#include "server/http/HttpsServer.h"
#include "server/releases/BlobStore.h"
#include "server/releases/ReleaseService.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/updates/DeltaService.h"
#include "server/updates/SigningKeys.h"
#include "server/updates/UpdateEngine.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace flotilla;
using Headers = QList<std::pair<QByteArray, QByteArray>>;

namespace {

constexpr int WaitMs = 20'000;
constexpr auto RvcMoid = "urn:oma:mo:x-flotilla-rvc:1.0";

enum Opcode : quint8
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

struct Frame
{
    bool fin = true;
    quint8 opcode = 0;
    QByteArray payload;

    int closeCode() const { return payload.size() >= 2 ? (quint8(payload[0]) << 8) | quint8(payload[1]) : 1005; }
    QByteArray closeReason() const { return payload.mid(2); }
};

// Resident set of this process (server and client live in it), from /proc.
qint64 residentBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * sysconf(_SC_PAGESIZE);
}

struct Vehicle
{
    qint64 id = 0;
    QString vin;
    QString devId;
    QByteArray token;
};

// A WebSocket client written out by hand on a QSslSocket: handshake, frames (masked or not, any
// opcode, any bits), and a parser for what the server sends.
class RawWebSocket
{
public:
    explicit RawWebSocket(int readBufferSize = 0)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromData(test::tlsFixture().caPem));
        m_socket.setSslConfiguration(tls);
        if (readBufferSize > 0)
            m_socket.setReadBufferSize(readBufferSize); // Qt stops reading the socket when it is full
    }

    bool connectTo(quint16 port)
    {
        m_socket.connectToHostEncrypted(u"localhost"_s, port);
        return m_socket.waitForEncrypted(WaitMs);
    }

    // Sends the upgrade request; returns the status (101 when upgraded) and keeps the headers.
    int upgrade(const Headers &extra, const QByteArray &target = "/dm/notify", bool withUpgradeHeaders = true)
    {
        m_key = QByteArray::number(++s_keys).rightJustified(16, 'k').toBase64();
        QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n";
        if (withUpgradeHeaders)
            request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + m_key +
                       "\r\nSec-WebSocket-Version: 13\r\n";
        for (const auto &[name, value] : extra)
            request += name + ": " + value + "\r\n";
        request += "\r\n";
        if (!sendRaw(request))
            return 0;
        QElapsedTimer timer;
        timer.start();
        qsizetype end = -1;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
            if (!fill(timer))
                return 0;
        }
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        m_responseHeaders.clear();
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            m_responseHeaders.append({name, value});
            if (name == "content-length")
                contentLength = value.toLongLong();
        }
        const int status = lines.value(0).split(' ').value(1).toInt();
        m_buffer.remove(0, end + 4);
        if (status != 101) {
            while (m_buffer.size() < contentLength) {
                if (!fill(timer))
                    return 0;
            }
            m_body = m_buffer.left(contentLength);
            m_buffer.remove(0, contentLength);
        }
        return status;
    }

    QByteArray responseHeader(const QByteArray &name) const
    {
        for (const auto &[key, value] : m_responseHeaders) {
            if (key == name.toLower())
                return value;
        }
        return {};
    }
    QByteArray body() const { return m_body; }

    // RFC 6455 4.2.2: base64(SHA-1(key + GUID)).
    QByteArray expectedAccept() const
    {
        return QCryptographicHash::hash(QByteArray(m_key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                        QCryptographicHash::Sha1)
            .toBase64();
    }

    static QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true,
                            quint8 reservedBits = 0)
    {
        QByteArray bytes;
        bytes.append(char((fin ? 0x80 : 0) | ((reservedBits & 0x7) << 4) | (opcode & 0x0F)));
        const quint8 maskBit = masked ? 0x80 : 0;
        if (payload.size() < 126) {
            bytes.append(char(maskBit | quint8(payload.size())));
        } else if (payload.size() < 65536) {
            bytes.append(char(maskBit | 126));
            bytes.append(char(payload.size() >> 8));
            bytes.append(char(payload.size() & 0xFF));
        } else {
            bytes.append(char(maskBit | 127));
            for (int shift = 56; shift >= 0; shift -= 8)
                bytes.append(char((quint64(payload.size()) >> shift) & 0xFF));
        }
        if (!masked)
            return bytes + payload;
        const QByteArray key("\x12\x34\x56\x78", 4);
        bytes += key;
        for (qsizetype i = 0; i < payload.size(); ++i)
            bytes.append(char(payload[i] ^ key[i % 4]));
        return bytes;
    }

    static QByteArray closePayload(int code, const QByteArray &reason = {})
    {
        QByteArray payload;
        payload.append(char(code >> 8));
        payload.append(char(code & 0xFF));
        return payload + reason;
    }

    bool sendRaw(const QByteArray &bytes)
    {
        if (m_socket.write(bytes) != bytes.size())
            return false;
        while (m_socket.bytesToWrite() > 0) {
            if (!m_socket.waitForBytesWritten(WaitMs))
                return false;
        }
        return true;
    }
    bool send(quint8 opcode, const QByteArray &payload) { return sendRaw(frame(opcode, payload)); }

    // The next frame from the server, or nullopt when the connection closed or nothing came.
    std::optional<Frame> readFrame(int timeoutMs = WaitMs)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            if (std::optional<Frame> parsed = parse())
                return parsed;
            if (!fill(timer, timeoutMs))
                return std::nullopt;
        }
    }

    // The next frame that is not a ping (pings are answered, as a client must).
    std::optional<Frame> readMessage(int timeoutMs = WaitMs)
    {
        for (;;) {
            std::optional<Frame> next = readFrame(timeoutMs);
            if (!next || next->opcode != Ping)
                return next;
            send(Pong, next->payload);
        }
    }

    bool waitForClosed(int timeoutMs = WaitMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_socket.state() != QAbstractSocket::UnconnectedState) {
            m_buffer += m_socket.readAll();
            if (timer.elapsed() > timeoutMs)
                return false;
            m_socket.waitForReadyRead(100);
        }
        return true;
    }

    QSslSocket &socket() { return m_socket; }

private:
    bool fill(const QElapsedTimer &timer, int timeoutMs = WaitMs)
    {
        if (m_socket.bytesAvailable() == 0) {
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0 || !m_socket.waitForReadyRead(int(left)))
                return false;
        }
        m_buffer += m_socket.readAll();
        return true;
    }

    std::optional<Frame> parse()
    {
        if (m_buffer.size() < 2)
            return std::nullopt;
        const auto b0 = quint8(m_buffer[0]);
        const auto b1 = quint8(m_buffer[1]);
        qsizetype offset = 2;
        quint64 length = b1 & 0x7F;
        if (length == 126 || length == 127) {
            const int bytes = length == 126 ? 2 : 8;
            if (m_buffer.size() < offset + bytes)
                return std::nullopt;
            length = 0;
            for (int i = 0; i < bytes; ++i)
                length = (length << 8) | quint8(m_buffer[offset + i]);
            offset += bytes;
        }
        if (b1 & 0x80) // servers never mask (RFC 6455 5.1); keep what it says for the test to see
            offset += 4;
        if (quint64(m_buffer.size() - offset) < length)
            return std::nullopt;
        Frame parsed{(b0 & 0x80) != 0, quint8(b0 & 0x0F), m_buffer.mid(offset, qsizetype(length))};
        m_buffer.remove(0, offset + qsizetype(length));
        return parsed;
    }

    QSslSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_key;
    QByteArray m_body;
    Headers m_responseHeaders;
    static inline int s_keys = 0;
};

} // namespace

class TestNotifyChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void refusedBeforeTheUpgrade_data();
    void refusedBeforeTheUpgrade();
    void upgradeElsewhereIsPlainHttp();
    void acceptedChannelGetsNotifications();
    void identityHeadersAreOptional();
    void secondChannelReplacesTheFirst();
    void clientCloseDetaches();
    void clientHangUpDetaches();
    void protocolViolationsClose_data();
    void protocolViolationsClose();
    void textFromTheVehicleIsIgnored();
    void idleChannelIsPingedThenClosed();
    void neverReadingClientIsBounded();
    void stuckWriteTimesOut();
    void channelCountsInTheConnectionCap();
    void stopClosesChannelsWith1001();

private:
    Vehicle addVehicle(store::VehicleState state = store::VehicleState::Accepted);
    void startServer(const std::function<void(http::ServerOptions &)> &tweak = {});
    Headers auth(const Vehicle &vehicle, bool withIdentity = true) const;
    static QStringList paddingMoids();
    // Connects and upgrades; the socket is open and attached when this returns true.
    bool openChannel(RawWebSocket &socket, const Vehicle &vehicle);

    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::shared_ptr<server::EngineContext> m_context;
    std::unique_ptr<server::EventBus> m_bus;
    std::unique_ptr<http::HttpsServer> m_server;
    QStringList m_channelEvents; // channelsChanged, in the test's thread
    int m_vehicles = 0;
};

void TestNotifyChannel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    store::DatabaseOptions options;
    options.path = m_dir.filePath(u"flotilla.db"_s);
    auto database = store::Database::open(options);
    QVERIFY2(database, qPrintable(database.errorString()));

    m_bus = std::make_unique<server::EventBus>();
    connect(m_bus.get(), &server::EventBus::channelsChanged, this,
            [this](const QStringList &vins) { m_channelEvents += vins; });
    m_context = std::make_shared<server::EngineContext>();
    m_context->clock = &m_clock;
    m_context->database = *database;
    m_context->eventBus = m_bus.get();
    // Wired as ServerRuntime wires it.
    m_context->notifyHub = std::make_unique<server::dm::NotifyHub>();
    m_context->notifyHub->setOnlineChangedCallback(
        [bus = m_bus.get()](const QString &vin, bool) { Q_EMIT bus->channelsChanged({vin}); });
}

void TestNotifyChannel::cleanupTestCase()
{
    m_server.reset();
    m_context.reset();
}

void TestNotifyChannel::init()
{
    startServer();
    m_channelEvents.clear();
}

void TestNotifyChannel::cleanup()
{
    m_context->notifyHub->closeAll();
    m_server.reset();
}

void TestNotifyChannel::startServer(const std::function<void(http::ServerOptions &)> &tweak)
{
    m_server.reset();
    http::ServerOptions options;
    options.address = u"127.0.0.1"_s;
    options.port = 0;
    options.threads = 2;
    options.certificateChainPem = test::tlsFixture().serverPem;
    options.privateKeyPem = test::tlsFixture().serverKeyPem;
    if (tweak)
        tweak(options);
    m_server = std::make_unique<http::HttpsServer>(options, std::make_shared<server::dm::DeviceEndpoint>(m_context));
    const Status started = m_server->start();
    QVERIFY2(started, qPrintable(started.errorString()));
}

Vehicle TestNotifyChannel::addVehicle(store::VehicleState state)
{
    const int n = ++m_vehicles;
    Vehicle vehicle;
    vehicle.vin = u"TSTWSCHAN%1"_s.arg(n, 8, 10, QChar(u'0'));
    vehicle.devId = u"WS-DEV-%1"_s.arg(n);
    vehicle.token = "token-" + QByteArray::number(n) + "-" + QByteArray::number(m_clock.nowMs());
    QSqlDatabase db = m_context->database->connection();
    store::VehicleRecord record;
    record.vin = vehicle.vin;
    record.devId = vehicle.devId;
    record.state = state;
    record.registeredAtMs = m_clock.nowMs();
    auto id = store::VehicleRepository(db).insert(record);
    if (!id) {
        qWarning() << "vehicle:" << id.errorString();
        return {};
    }
    vehicle.id = *id;
    store::TokenRecord token;
    token.hash = crypto::tokenHash(QString::fromLatin1(vehicle.token));
    token.vehicleId = vehicle.id;
    token.devId = vehicle.devId;
    token.issuedAtMs = m_clock.nowMs();
    token.expiresAtMs = m_clock.nowMs() + 24 * 3600 * 1000;
    if (Status inserted = store::TokenRepository(db).insert(token); !inserted)
        qWarning() << "token:" << inserted.errorString();
    return vehicle;
}

Headers TestNotifyChannel::auth(const Vehicle &vehicle, bool withIdentity) const
{
    Headers headers{{"Token", vehicle.token}};
    if (withIdentity) {
        headers += Headers{{"VIN", vehicle.vin.toLatin1()}, {"OMADM-DevID", vehicle.devId.toLatin1()}};
    }
    return headers;
}

bool TestNotifyChannel::openChannel(RawWebSocket &socket, const Vehicle &vehicle)
{
    if (!socket.connectTo(m_server->port()))
        return false;
    const int status = socket.upgrade(auth(vehicle));
    if (status != 101) {
        qWarning() << "upgrade answered" << status << socket.body();
        return false;
    }
    // attach() runs in the handler before the 101 is written
    return m_context->notifyHub->isOnline(vehicle.id);
}

void TestNotifyChannel::refusedBeforeTheUpgrade_data()
{
    QTest::addColumn<QString>("tokenKind");
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<int>("status");
    QTest::newRow("no token") << u"none"_s << true << 401;
    QTest::newRow("bad token") << u"bad"_s << true << 401;
    QTest::newRow("token of another VIN") << u"otherVin"_s << true << 401;
    QTest::newRow("blocked vehicle") << u"blocked"_s << true << 403;
    QTest::newRow("plain GET without token") << u"none"_s << false << 401;
    QTest::newRow("plain GET") << u"good"_s << false << 426;
    QTest::newRow("WebSocket version 8") << u"version8"_s << true << 426;
}

void TestNotifyChannel::refusedBeforeTheUpgrade()
{
    QFETCH(QString, tokenKind);
    QFETCH(bool, upgrade);
    QFETCH(int, status);
    const Vehicle vehicle =
        addVehicle(tokenKind == u"blocked" ? store::VehicleState::Blocked : store::VehicleState::Accepted);
    QVERIFY(vehicle.id > 0);
    Headers headers;
    bool withUpgradeHeaders = upgrade;
    if (tokenKind == u"good" || tokenKind == u"blocked") {
        headers = auth(vehicle);
    } else if (tokenKind == u"bad") {
        headers = {{"Token", "not-a-token"}};
    } else if (tokenKind == u"otherVin") {
        headers = auth(vehicle);
        headers[1].second = "TSTWSCHAN99999999";
    } else if (tokenKind == u"version8") {
        withUpgradeHeaders = false;
        headers = auth(vehicle);
        headers += Headers{{"Upgrade", "websocket"},
                           {"Connection", "Upgrade"},
                           {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                           {"Sec-WebSocket-Version", "8"}};
    }
    RawWebSocket socket;
    QVERIFY(socket.connectTo(m_server->port()));
    QCOMPARE(socket.upgrade(headers, "/dm/notify", withUpgradeHeaders), status);
    QVERIFY(!m_context->notifyHub->isOnline(vehicle.id));
    if (status == 426 && tokenKind == u"good")
        QCOMPARE(socket.responseHeader("Upgrade"), QByteArray("websocket"));
    if (tokenKind == u"version8")
        QCOMPARE(socket.responseHeader("Sec-WebSocket-Version"), QByteArray("13"));
    // The seed's error body, like every other refusal of the device endpoint.
    QVERIFY2(!QJsonDocument::fromJson(socket.body()).object().isEmpty(), socket.body().constData());
}

void TestNotifyChannel::upgradeElsewhereIsPlainHttp()
{
    // Only /dm/notify takes an upgrade; anywhere else the request is answered as if it had none.
    RawWebSocket socket;
    QVERIFY(socket.connectTo(m_server->port()));
    QCOMPARE(socket.upgrade({}, "/healthz"), 200);
    RawWebSocket other;
    QVERIFY(other.connectTo(m_server->port()));
    QCOMPARE(other.upgrade({}, "/dm/nothing"), 404);
}

void TestNotifyChannel::acceptedChannelGetsNotifications()
{
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(socket.connectTo(m_server->port()));
    QCOMPARE(socket.upgrade(auth(vehicle)), 101);
    QCOMPARE(socket.responseHeader("Sec-WebSocket-Accept"), socket.expectedAccept());
    QVERIFY(socket.responseHeader("Sec-WebSocket-Extensions").isEmpty()); // no permessage-deflate
    QVERIFY(m_context->notifyHub->isOnline(vehicle.id));
    QVERIFY(m_context->notifyHub->onlineVins().contains(vehicle.vin));
    QTRY_COMPARE_WITH_TIMEOUT(m_channelEvents.count(vehicle.vin), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().webSocketsOpen, quint64(1), WaitMs);

    for (int i = 0; i < 3; ++i) {
        const QString id = m_context->notifyHub->notify(vehicle.id, u"command"_s, {QString::fromLatin1(RvcMoid)});
        QVERIFY(id.startsWith(u"n-"));
        const std::optional<Frame> frame = socket.readMessage();
        QVERIFY(frame);
        QCOMPARE(frame->opcode, quint8(Text));
        QVERIFY(frame->fin);
        const QJsonObject notification =
            QJsonDocument::fromJson(frame->payload).object().value(u"Notification"_s).toObject();
        QCOMPARE(notification.value(u"Id"_s).toString(), id);
        QCOMPARE(notification.value(u"Reason"_s).toString(), u"command"_s);
        QCOMPARE(notification.value(u"ReqMOs"_s).toArray(), QJsonArray{QString::fromLatin1(RvcMoid)});
    }
    // The other reasons of §7 go the same way.
    QVERIFY(!m_context->notifyHub->notify(vehicle.id, u"update"_s).isEmpty());
    const std::optional<Frame> update = socket.readMessage();
    QVERIFY(update);
    QCOMPARE(QJsonDocument::fromJson(update->payload)[u"Notification"_s][u"Reason"_s].toString(), u"update"_s);
    // A vehicle without a channel: the work waits for its poll.
    QVERIFY(m_context->notifyHub->notify(vehicle.id + 1000, u"command"_s).isEmpty());
}

void TestNotifyChannel::identityHeadersAreOptional()
{
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(socket.connectTo(m_server->port()));
    QCOMPARE(socket.upgrade(auth(vehicle, false)), 101); // Token only
    QVERIFY(m_context->notifyHub->onlineVins().contains(vehicle.vin));
    // ... but a DevID that does not belong to the token is refused.
    RawWebSocket other;
    QVERIFY(other.connectTo(m_server->port()));
    Headers headers = auth(vehicle, false);
    headers.append(std::pair<QByteArray, QByteArray>("OMADM-DevID", "WS-DEV-somebody-else"));
    QCOMPARE(other.upgrade(headers), 401);
}

void TestNotifyChannel::secondChannelReplacesTheFirst()
{
    const Vehicle vehicle = addVehicle();
    RawWebSocket first;
    QVERIFY(openChannel(first, vehicle));
    RawWebSocket second;
    QVERIFY(openChannel(second, vehicle));

    const std::optional<Frame> closing = first.readMessage();
    QVERIFY(closing);
    QCOMPARE(closing->opcode, quint8(Close));
    QCOMPARE(closing->closeCode(), 4000);
    QCOMPARE(closing->closeReason(), QByteArray("replaced"));
    QVERIFY(first.send(Close, RawWebSocket::closePayload(4000))); // the closing handshake
    QVERIFY(first.waitForClosed());

    // Still online (one channelsChanged for the first open only), and notifications go to the second.
    QVERIFY(m_context->notifyHub->isOnline(vehicle.id));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().webSocketsOpen, quint64(1), WaitMs);
    QCoreApplication::processEvents();
    QCOMPARE(m_channelEvents.count(vehicle.vin), 1);
    QVERIFY(!m_context->notifyHub->notify(vehicle.id, u"command"_s).isEmpty());
    const std::optional<Frame> frame = second.readMessage();
    QVERIFY(frame);
    QCOMPARE(frame->opcode, quint8(Text));
}

void TestNotifyChannel::clientCloseDetaches()
{
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(openChannel(socket, vehicle));
    QVERIFY(socket.send(Close, RawWebSocket::closePayload(1000, "bye")));
    const std::optional<Frame> answer = socket.readMessage();
    QVERIFY(answer);
    QCOMPARE(answer->opcode, quint8(Close));
    QCOMPARE(answer->closeCode(), 1000);
    QVERIFY(socket.waitForClosed());
    QTRY_VERIFY_WITH_TIMEOUT(!m_context->notifyHub->isOnline(vehicle.id), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_channelEvents.count(vehicle.vin), 2, WaitMs); // online, offline
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().webSocketsOpen, quint64(0), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), WaitMs);
    QVERIFY(m_context->notifyHub->notify(vehicle.id, u"command"_s).isEmpty());
}

void TestNotifyChannel::clientHangUpDetaches()
{
    const Vehicle vehicle = addVehicle();
    {
        RawWebSocket socket;
        QVERIFY(openChannel(socket, vehicle));
        socket.socket().abort(); // no closing handshake, no TLS close_notify
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_context->notifyHub->isOnline(vehicle.id), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), WaitMs);
}

void TestNotifyChannel::protocolViolationsClose_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("closeCode");
    const QByteArray hello("hello");
    QTest::newRow("reserved opcode 3") << RawWebSocket::frame(0x3, hello) << 1002;
    QTest::newRow("reserved control opcode 0xB") << RawWebSocket::frame(0xB, hello) << 1002;
    QTest::newRow("unmasked client frame") << RawWebSocket::frame(Text, hello, true, false) << 1002;
    QTest::newRow("RSV1 without an extension") << RawWebSocket::frame(Text, hello, true, true, 0x4) << 1002;
    QTest::newRow("RSV3") << RawWebSocket::frame(Text, hello, true, true, 0x1) << 1002;
    QTest::newRow("fragmented ping") << RawWebSocket::frame(Ping, hello, false) << 1002;
    QTest::newRow("control frame over 125 bytes") << RawWebSocket::frame(Ping, QByteArray(126, 'p')) << 1002;
    QTest::newRow("continuation without a start") << RawWebSocket::frame(Continuation, hello) << 1002;
    QTest::newRow("invalid UTF-8 in text") << RawWebSocket::frame(Text, QByteArray("ok \xC3\x28 bad")) << 1007;
    QTest::newRow("one frame over 4 KiB") << RawWebSocket::frame(Text, QByteArray(4097, 'x')) << 1009;
    QTest::newRow("fragments adding up to over 4 KiB")
        << RawWebSocket::frame(Text, QByteArray(3000, 'x'), false) +
               RawWebSocket::frame(Continuation, QByteArray(3000, 'x'), true)
        << 1009;
    // (RFC 6455 wants 1002 for a length with the top bit set; Beast checks the limit first.)
    QTest::newRow("length with the top bit set")
        << QByteArray("\x81\xFF\x80\x00\x00\x00\x00\x00\x00\x05\x12\x34\x56\x78", 14) << 1009;
}

void TestNotifyChannel::protocolViolationsClose()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, closeCode);
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(openChannel(socket, vehicle));
    QVERIFY(socket.sendRaw(bytes));
    const std::optional<Frame> closing = socket.readMessage();
    QVERIFY(closing);
    QCOMPARE(closing->opcode, quint8(Close));
    QCOMPARE(closing->closeCode(), closeCode);
    socket.socket().disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(!m_context->notifyHub->isOnline(vehicle.id), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), WaitMs);
}

void TestNotifyChannel::textFromTheVehicleIsIgnored()
{
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(openChannel(socket, vehicle));
    QVERIFY(socket.send(Text, QByteArray(4096, 'a'))); // exactly the limit
    QVERIFY(socket.send(Binary, QByteArray(100, '\0')));
    QVERIFY(socket.sendRaw(RawWebSocket::frame(Text, "frag", false) + RawWebSocket::frame(Ping, "mid") +
                           RawWebSocket::frame(Continuation, "ment")));
    const std::optional<Frame> pong = socket.readMessage();
    QVERIFY(pong);
    QCOMPARE(pong->opcode, quint8(Pong));
    QCOMPARE(pong->payload, QByteArray("mid"));
    QVERIFY(!m_context->notifyHub->notify(vehicle.id, u"config"_s).isEmpty());
    const std::optional<Frame> frame = socket.readMessage();
    QVERIFY(frame);
    QCOMPARE(frame->opcode, quint8(Text));
    QVERIFY(m_context->notifyHub->isOnline(vehicle.id));
}

void TestNotifyChannel::idleChannelIsPingedThenClosed()
{
    startServer([](http::ServerOptions &options) {
        options.webSocketPingAfter = std::chrono::milliseconds(300);
        options.webSocketIdleTimeout = std::chrono::milliseconds(2'000);
    });
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(openChannel(socket, vehicle));
    // A client that answers pings stays, however long: eight pings take longer than the idle timeout.
    for (int i = 0; i < 8; ++i) {
        const std::optional<Frame> ping = socket.readFrame();
        QVERIFY(ping);
        QCOMPARE(ping->opcode, quint8(Ping));
        QVERIFY(socket.send(Pong, ping->payload));
    }
    QVERIFY(m_context->notifyHub->isOnline(vehicle.id));
    // One that stops answering is closed: the pings keep coming until the idle timeout.
    int pings = 0;
    while (std::optional<Frame> frame = socket.readFrame()) {
        QCOMPARE(frame->opcode, quint8(Ping));
        ++pings;
    }
    QVERIFY(pings >= 1);
    QVERIFY(socket.waitForClosed());
    QTRY_VERIFY_WITH_TIMEOUT(!m_context->notifyHub->isOnline(vehicle.id), WaitMs);
}

QStringList TestNotifyChannel::paddingMoids()
{
    QStringList moids; // ~3.6 KB frames: the socket buffers fill after a few thousand
    for (int i = 0; i < 100; ++i)
        moids.append(u"urn:oma:mo:x-flotilla-test-padding:%1"_s.arg(i, 4, 10, QChar(u'0')));
    return moids;
}

void TestNotifyChannel::neverReadingClientIsBounded()
{
    startServer([](http::ServerOptions &options) {
        // Nothing may close the channel while the test fills it (see stuckWriteTimesOut).
        options.webSocketWriteTimeout = std::chrono::minutes(10);
        options.webSocketPingAfter = std::chrono::minutes(10);
        options.webSocketIdleTimeout = std::chrono::minutes(20);
    });
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket(4096); // reads 4 KiB, then leaves the rest in the kernel's buffers
    QVERIFY(openChannel(socket, vehicle));
    const QStringList moids = paddingMoids();

    // The socket buffers fill up, then the 8 queued messages; after that notify() refuses at once
    // (a refusal while the writes still progress is followed by acceptances: go on until the
    // refusals are all there is).
    const qint64 rssBefore = residentBytes();
    int accepted = 0;
    int refusedInARow = 0;
    for (int attempt = 0; refusedInARow < 10'000; ++attempt) {
        QVERIFY2(attempt < 5'000'000, "notify() kept accepting");
        if (m_context->notifyHub->notify(vehicle.id, u"command"_s, moids).isEmpty()) {
            ++refusedInARow;
        } else {
            ++accepted;
            refusedInARow = 0;
        }
        QVERIFY2(accepted < 100'000, "the server queued without bound");
    }
    QVERIFY(accepted >= 8);
    QVERIFY2(m_context->notifyHub->isOnline(vehicle.id), "refused because the queue is full, not closed");
    QCOMPARE(m_server->stats().webSocketsOpen, quint64(1));
    const qint64 growth = residentBytes() - rssBefore;
    qInfo() << "notifications accepted before the queue was full:" << accepted << "; resident memory grew by"
            << growth / 1024 << "KiB";
    QVERIFY2(growth < 64 * 1024 * 1024, "server memory grew with the refused notifications");
}

void TestNotifyChannel::stuckWriteTimesOut()
{
    startServer([](http::ServerOptions &options) {
        options.webSocketWriteTimeout = std::chrono::milliseconds(500);
        options.webSocketPingAfter = std::chrono::minutes(10); // only the write timeout may close it
        options.webSocketIdleTimeout = std::chrono::minutes(20);
    });
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket(4096);
    QVERIFY(openChannel(socket, vehicle));
    const QStringList moids = paddingMoids();
    // Until a write is stuck (the queue fills), or until it already timed out.
    for (int refusedInARow = 0; refusedInARow < 1'000 && m_context->notifyHub->isOnline(vehicle.id);) {
        if (m_context->notifyHub->notify(vehicle.id, u"command"_s, moids).isEmpty())
            ++refusedInARow;
        else
            refusedInARow = 0;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_context->notifyHub->isOnline(vehicle.id), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().webSocketsOpen, quint64(0), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), WaitMs);
}

void TestNotifyChannel::channelCountsInTheConnectionCap()
{
    startServer([](http::ServerOptions &options) { options.maxConnections = 1; });
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(openChannel(socket, vehicle));
    test::RawTlsClient other;
    QVERIFY(other.connectTo(u"127.0.0.1"_s, m_server->port()));
    QCOMPARE(other.request("GET", "/healthz").status, 503);
}

void TestNotifyChannel::stopClosesChannelsWith1001()
{
    const Vehicle vehicle = addVehicle();
    RawWebSocket socket;
    QVERIFY(openChannel(socket, vehicle));
    m_server->stop(); // the client does not answer while we wait here: the 1 s bound ends it
    const std::optional<Frame> closing = socket.readMessage();
    QVERIFY(closing);
    QCOMPARE(closing->opcode, quint8(Close));
    QCOMPARE(closing->closeCode(), 1001);
    QVERIFY(socket.waitForClosed());
    QVERIFY(!m_context->notifyHub->isOnline(vehicle.id));
    QCOMPARE(m_server->stats().connectionsOpen, quint64(0));
}

QTEST_GUILESS_MAIN(TestNotifyChannel)
#include "tst_notify_channel.moc"

#include "agent/net/AsioRuntime.h"
#include "server/http/HttpsServer.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

using namespace flotilla;
using namespace flotilla::agent::net;
using namespace Qt::StringLiterals;
using flotilla::http::HttpsServer;
using flotilla::http::Request;
using flotilla::http::Responder;
using flotilla::http::Response;
using flotilla::http::ServerOptions;
using flotilla::test::tlsFixture;

namespace {

constexpr auto WaitLong = std::chrono::seconds(60);

QByteArray pattern(qsizetype size, int seed = 0)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char('a' + (i * 7 + i / 251 + seed) % 26);
    return data;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What /blob serves, the way a download server must (RFC 9110 13.1.5, 14): a strong ETag,
// "Range: bytes=N-" answered 206 unless If-Range names another ETag (then 200, the whole
// resource), 416 with "bytes */size" past the end.
struct Blob
{
    QString path;
    QByteArray etag;
    qint64 size = 0;
    QString cutPath; // set: the body is read from this shorter copy, so the connection drops where it ends
};

// /echo: method, target and body back; /big?N: N bytes; /never: keeps the responder unanswered;
// /close: answers and asks for the connection to be closed; /whoami: the client certificate hash;
// /blob: see Blob.
class TestHandler final : public http::Handler
{
public:
    void handle(Request request, Responder respond) override
    {
        calls.fetch_add(1);
        if (request.path() == "/blob") {
            respond(serveBlob(request));
            return;
        }
        if (request.path() == "/never") {
            const std::lock_guard lock(mutex);
            kept.push_back(std::move(respond));
            return;
        }
        if (request.path() == "/big") {
            respond(Response::json(200, QByteArray(request.query().toInt(), 'b'), "application/octet-stream"));
            return;
        }
        if (request.path() == "/whoami") {
            respond(Response::json(200, request.clientCertificateSha256.toLatin1(), "text/plain"));
            return;
        }
        Response response =
            Response::json(200, request.method + ' ' + request.target + ' ' + request.body, "text/plain");
        response.headers.set("X-Seen-Header", request.headers.value("X-Test"));
        response.headers.set("X-Seen-Host", request.headers.value("Host"));
        response.closeConnection = request.path() == "/close";
        respond(std::move(response));
    }

    Response transportError(int status, const QString &description) const override
    {
        return Response::json(status, description.toUtf8(), "text/plain");
    }

    qsizetype keptCount()
    {
        const std::lock_guard lock(mutex);
        return kept.size();
    }

    void setBlob(Blob value)
    {
        const std::lock_guard lock(mutex);
        blob = std::move(value);
    }

    std::pair<QByteArray, QByteArray> lastRangeHeaders()
    {
        const std::lock_guard lock(mutex);
        return {lastRange, lastIfRange};
    }

    std::atomic<int> calls{0};
    std::mutex mutex;
    std::vector<Responder> kept;

private:
    Response serveBlob(const Request &request)
    {
        const std::lock_guard lock(mutex);
        lastRange = request.headers.value("Range");
        lastIfRange = request.headers.value("If-Range");
        Response response;
        response.headers.set("ETag", blob.etag);
        response.headers.set("Content-Type", "application/octet-stream");
        qint64 start = 0;
        const bool rangeApplies = lastRange.startsWith("bytes=") && lastRange.endsWith('-') &&
                                  (lastIfRange.isEmpty() || lastIfRange == blob.etag);
        if (rangeApplies) {
            bool ok = false;
            start = lastRange.mid(6, lastRange.size() - 7).toLongLong(&ok);
            if (!ok || start >= blob.size) {
                response.status = 416;
                response.headers.set("Content-Range", "bytes */" + QByteArray::number(blob.size));
                response.body = "{\"Responsecode\":\"416\"}";
                return response;
            }
            response.status = 206;
            response.headers.set("Content-Range", "bytes " + QByteArray::number(start) + '-' +
                                                      QByteArray::number(blob.size - 1) + '/' +
                                                      QByteArray::number(blob.size));
        }
        response.file = std::make_shared<http::FileBody>(
            http::FileBody{blob.cutPath.isEmpty() ? blob.path : blob.cutPath, start, blob.size - start});
        response.headOnly = request.method == "HEAD";
        return response;
    }

    Blob blob;
    QByteArray lastRange;
    QByteArray lastIfRange;
};

// A TLS server for one connection on its own thread that answers the first request with whatever
// the script writes: what HttpsServer never sends (no Content-Length, endless or stalled bodies).
class ScriptedServer
{
public:
    using Script = std::function<void(QSslSocket &)>;

    explicit ScriptedServer(Script script)
    {
        std::promise<quint16> listening;
        auto port = listening.get_future();
        m_thread = std::thread([this, script = std::move(script), listening = std::move(listening)]() mutable {
            Listener listener;
            if (!listener.listen(QHostAddress::LocalHost, 0)) {
                listening.set_value(0);
                return;
            }
            listening.set_value(listener.serverPort());
            if (!listener.waitForNewConnection(60000) || listener.descriptor < 0)
                return;
            QSslSocket socket;
            if (!socket.setSocketDescriptor(listener.descriptor))
                return;
            socket.setLocalCertificate(QSslCertificate(tlsFixture().serverPem, QSsl::Pem));
            socket.setPrivateKey(QSslKey(tlsFixture().serverKeyPem, QSsl::Ec, QSsl::Pem));
            socket.startServerEncryption();
            if (!socket.waitForEncrypted(60000))
                return;
            // The request may have come with the end of the handshake: read what is buffered first.
            QByteArray request = socket.readAll();
            while (!request.contains("\r\n\r\n")) {
                if (!socket.waitForReadyRead(60000))
                    return;
                request += socket.readAll();
            }
            script(socket);
        });
        m_port = port.get();
    }
    ~ScriptedServer() { m_thread.join(); }
    ScriptedServer(const ScriptedServer &) = delete;
    ScriptedServer &operator=(const ScriptedServer &) = delete;

    quint16 port() const { return m_port; }

    // Writes until the peer is gone or limit bytes went out.
    static void writeUntilGone(QSslSocket &socket, qint64 limit, char fill)
    {
        const QByteArray chunk(64 * 1024, fill);
        for (qint64 sent = 0; sent < limit && socket.state() == QAbstractSocket::ConnectedState; sent += chunk.size()) {
            socket.write(chunk);
            if (!socket.waitForBytesWritten(60000))
                return;
        }
    }

private:
    class Listener final : public QTcpServer
    {
    public:
        qintptr descriptor = -1;

    protected:
        void incomingConnection(qintptr handle) override { descriptor = handle; }
    };

    std::thread m_thread;
    quint16 m_port = 0;
};

struct Download
{
    std::optional<Result<DownloadResult>> result;
    std::vector<std::pair<qint64, qint64>> progress; // (file bytes, total) as reported
};

Download download(Lane &lane, HttpsClient &client, DownloadRequest request)
{
    auto outcome = std::make_shared<Download>();
    auto finished = std::make_shared<std::promise<void>>();
    lane.post([&client, request = std::move(request), outcome, finished]() mutable {
        client.download(
            std::move(request),
            [outcome](qint64 fileBytes, qint64 total) { outcome->progress.emplace_back(fileBytes, total); },
            [outcome, finished](Result<DownloadResult> result) {
                outcome->result = std::move(result);
                finished->set_value();
            });
    });
    if (finished->get_future().wait_for(WaitLong) != std::future_status::ready)
        return Download{Result<DownloadResult>(Error(u"the test gave up waiting"_s)), {}};
    return std::move(*outcome);
}

bool progressIsMonotonic(const std::vector<std::pair<qint64, qint64>> &progress, qint64 total)
{
    for (std::size_t i = 0; i < progress.size(); ++i) {
        if (progress[i].second != total || (i > 0 && progress[i].first < progress[i - 1].first))
            return false;
    }
    return true;
}

template<typename Function>
void onLane(Lane &lane, Function function)
{
    std::promise<void> done;
    lane.post([&] {
        function();
        done.set_value();
    });
    QVERIFY(done.get_future().wait_for(WaitLong) == std::future_status::ready);
}

Result<ClientResponse> call(Lane &lane, HttpsClient &client, ClientRequest request)
{
    auto promise = std::make_shared<std::promise<Result<ClientResponse>>>();
    auto future = promise->get_future();
    lane.post([&client, request = std::move(request), promise]() mutable {
        client.request(std::move(request),
                       [promise](Result<ClientResponse> result) { promise->set_value(std::move(result)); });
    });
    if (future.wait_for(WaitLong) != std::future_status::ready)
        return Error(u"the test gave up waiting"_s);
    return future.get();
}

ClientRequest get(const QByteArray &target)
{
    ClientRequest request;
    request.method = "GET";
    request.target = target;
    return request;
}

ClientRequest post(const QByteArray &target, const QByteArray &body)
{
    ClientRequest request;
    request.target = target;
    request.body = body;
    return request;
}

TlsOptions pinned()
{
    TlsOptions tls;
    tls.caPem = tlsFixture().caPem;
    return tls;
}

} // namespace

class TestAsioRuntime : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<TestHandler> m_handler;
    std::unique_ptr<HttpsServer> m_server;
    std::unique_ptr<Runtime> m_runtime;

    ServerOptions serverOptions() const
    {
        ServerOptions options;
        options.address = u"127.0.0.1"_s;
        options.port = 0;
        options.threads = 2;
        options.certificateChainPem = tlsFixture().serverPem;
        options.privateKeyPem = tlsFixture().serverKeyPem;
        return options;
    }

    void startServer(ServerOptions options)
    {
        m_handler = std::make_shared<TestHandler>();
        m_server = std::make_unique<HttpsServer>(std::move(options), m_handler);
        const Status started = m_server->start();
        QVERIFY2(started.ok(), qPrintable(started.errorString()));
    }

    std::unique_ptr<HttpsClient> makeClient(TlsOptions tls = pinned(), ClientLimits limits = {},
                                            QString host = u"127.0.0.1"_s, int laneIndex = 0)
    {
        std::unique_ptr<HttpsClient> client;
        Lane &lane = m_runtime->lane(laneIndex);
        onLane(lane, [&] { client = lane.createClient(host, m_server->port(), std::move(tls), limits); });
        return client;
    }

    void destroyClient(std::unique_ptr<HttpsClient> &client, int laneIndex = 0)
    {
        onLane(m_runtime->lane(laneIndex), [&] { client.reset(); });
    }

    ClientStats statsOf(HttpsClient &client, int laneIndex = 0)
    {
        ClientStats stats;
        onLane(m_runtime->lane(laneIndex), [&] { stats = client.stats(); });
        return stats;
    }

    Lane &lane0() { return m_runtime->lane(0); }

private Q_SLOTS:
    void init()
    {
        m_runtime = std::make_unique<Runtime>(2);
        startServer(serverOptions());
    }

    void cleanup()
    {
        m_runtime.reset();
        m_server.reset();
        m_handler.reset();
    }

    void requestResponse()
    {
        auto client = makeClient();
        ClientRequest request = post("/echo?a=b", "{\"x\":1}");
        request.headers.append(std::pair<QByteArray, QByteArray>("X-Test", "yes"));
        const Result<ClientResponse> result = call(lane0(), *client, request);
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(result->status, 200);
        QCOMPARE(result->body, QByteArray("POST /echo?a=b {\"x\":1}"));
        QCOMPARE(result->header("x-seen-header"), QByteArray("yes"));
        QCOMPARE(result->header("X-SEEN-HOST"), "127.0.0.1:" + QByteArray::number(m_server->port()));
        QCOMPARE(result->header("content-type"), QByteArray("text/plain"));
        const ClientStats stats = statsOf(*client);
        QCOMPARE(stats.connects, quint64(1));
        QCOMPARE(stats.requests, quint64(1));
        QVERIFY(stats.bytesSent > 0);
        QVERIFY(stats.bytesReceived > quint64(result->body.size()));
        destroyClient(client);
    }

    // A process started while the vehicle is connected (the console opening a map link beside its
    // demo fleet) must not inherit the connection and hold it open after the client closed it.
    void childProcessDoesNotInheritConnections()
    {
        auto client = makeClient();
        QVERIFY(call(lane0(), *client, post("/echo", "{}")).ok());
        QCOMPARE(m_server->stats().connectionsOpen, quint64(1));
        QProcess child;
        child.start(u"sleep"_s, {u"60"_s});
        QVERIFY(child.waitForStarted());
        for (const QString &entry : QDir(u"/proc/%1/fd"_s.arg(child.processId())).entryList(QDir::System)) {
            const QString target = QFileInfo(u"/proc/%1/fd/%2"_s.arg(child.processId()).arg(entry)).symLinkTarget();
            QVERIFY2(!target.contains(u"socket:"_s), qPrintable(u"the child inherited "_s + target));
        }
        destroyClient(client);
        // The server's idle timeout is a minute: only the client's close ends it this soon.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), 20000);
        child.kill();
        child.waitForFinished();
    }

    void tenRequestsOneConnect()
    {
        auto client = makeClient();
        for (int i = 0; i < 10; ++i) {
            const Result<ClientResponse> result = call(lane0(), *client, post("/echo", QByteArray::number(i)));
            QVERIFY2(result.ok(), qPrintable(result.errorString()));
            QCOMPARE(result->body, "POST /echo " + QByteArray::number(i));
        }
        // Queued all at once: they still go one at a time, in order, on the same connection.
        std::vector<std::future<Result<ClientResponse>>> futures;
        std::vector<std::shared_ptr<std::promise<Result<ClientResponse>>>> promises;
        for (int i = 0; i < 10; ++i) {
            promises.push_back(std::make_shared<std::promise<Result<ClientResponse>>>());
            futures.push_back(promises.back()->get_future());
        }
        onLane(lane0(), [&] {
            for (int i = 0; i < 10; ++i) {
                client->request(post("/echo", "q" + QByteArray::number(i)),
                                [promise = promises[std::size_t(i)]](Result<ClientResponse> r) {
                                    promise->set_value(std::move(r));
                                });
            }
        });
        for (int i = 0; i < 10; ++i) {
            QVERIFY(futures[std::size_t(i)].wait_for(WaitLong) == std::future_status::ready);
            const Result<ClientResponse> result = futures[std::size_t(i)].get();
            QVERIFY(result.ok());
            QCOMPARE(result->body, "POST /echo q" + QByteArray::number(i));
        }
        QCOMPARE(statsOf(*client).connects, quint64(1));
        QCOMPARE(m_server->stats().connectionsAccepted, quint64(1));
        destroyClient(client);
    }

    void reconnectsAfterServerClosedIdleConnection()
    {
        ServerOptions options = serverOptions();
        options.idleTimeout = std::chrono::milliseconds(200);
        startServer(options);
        auto client = makeClient();
        QVERIFY(call(lane0(), *client, get("/echo")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), 30000);
        // The client does not know yet: the reused connection fails and is retried once, fresh.
        const Result<ClientResponse> result = call(lane0(), *client, get("/echo"));
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(result->status, 200);
        const ClientStats stats = statsOf(*client);
        QCOMPARE(stats.connects, quint64(2));
        QVERIFY(stats.resumedSessions >= 1);
        QCOMPARE(m_handler->calls.load(), 2); // the retried request reached the handler once
        destroyClient(client);
    }

    void reconnectsAfterConnectionClose()
    {
        auto client = makeClient();
        for (int i = 0; i < 3; ++i) {
            const Result<ClientResponse> result = call(lane0(), *client, get("/close"));
            QVERIFY2(result.ok(), qPrintable(result.errorString()));
            QCOMPARE(result->header("Connection").toLower(), QByteArray("close"));
        }
        const ClientStats stats = statsOf(*client);
        QCOMPARE(stats.connects, quint64(3));
        QCOMPARE(stats.resumedSessions, quint64(2));
        destroyClient(client);
    }

    void pinnedCaMismatchFails()
    {
        ServerOptions options = serverOptions();
        options.certificateChainPem = tlsFixture().otherServerPem;
        options.privateKeyPem = tlsFixture().otherServerKeyPem;
        startServer(options);
        auto client = makeClient(); // pins the test CA; the server's certificate is from another CA
        const Result<ClientResponse> result = call(lane0(), *client, post("/echo", "secret"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, int(ClientError::Tls));
        QVERIFY2(result.errorString().contains(u"certificate"_s), qPrintable(result.errorString()));
        QCOMPARE(m_handler->calls.load(), 0);
        QCOMPARE(statsOf(*client).connects, quint64(0));

        TlsOptions other; // the right pin works
        other.caPem = tlsFixture().otherCaPem;
        auto good = makeClient(other);
        QVERIFY(call(lane0(), *good, get("/echo")).ok());
        destroyClient(client);
        destroyClient(good);
    }

    void hostnameMismatchFails()
    {
        TlsOptions tls = pinned();
        tls.serverName = u"wrong.example"_s;
        auto client = makeClient(tls);
        const Result<ClientResponse> result = call(lane0(), *client, get("/echo"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, int(ClientError::Tls));
        QCOMPARE(m_handler->calls.load(), 0);

        tls.serverName = u"localhost"_s; // a DNS SAN of the certificate, reached by address
        auto named = makeClient(tls);
        QVERIFY(call(lane0(), *named, get("/echo")).ok());

        auto byName = makeClient(pinned(), {}, u"localhost"_s); // resolved by name
        const Result<ClientResponse> resolved = call(lane0(), *byName, get("/echo"));
        QVERIFY2(resolved.ok(), qPrintable(resolved.errorString()));
        destroyClient(client);
        destroyClient(named);
        destroyClient(byName);
    }

    void ipAddressCheckedAgainstIpSans()
    {
        // other-server.pem names localhost and 127.0.0.1, not ::1.
        ServerOptions options = serverOptions();
        options.address = u"::1"_s;
        options.certificateChainPem = tlsFixture().otherServerPem;
        options.privateKeyPem = tlsFixture().otherServerKeyPem;
        m_handler = std::make_shared<TestHandler>();
        m_server = std::make_unique<HttpsServer>(options, m_handler);
        if (!m_server->start().ok())
            QSKIP("no IPv6 loopback here");
        TlsOptions tls;
        tls.caPem = tlsFixture().otherCaPem;
        auto client = makeClient(tls, {}, u"::1"_s);
        const Result<ClientResponse> result = call(lane0(), *client, get("/echo"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, int(ClientError::Tls));
        destroyClient(client);

        options.certificateChainPem = tlsFixture().serverPem; // has IP:::1
        options.privateKeyPem = tlsFixture().serverKeyPem;
        m_server = std::make_unique<HttpsServer>(options, m_handler);
        QVERIFY(m_server->start().ok());
        auto good = makeClient(pinned(), {}, u"::1"_s);
        const Result<ClientResponse> ok = call(lane0(), *good, get("/echo"));
        QVERIFY2(ok.ok(), qPrintable(ok.errorString()));
        QVERIFY(ok->header("X-Seen-Host").startsWith("[::1]:"));
        destroyClient(good);
    }

    void emptyCaSkipsVerification()
    {
        ServerOptions options = serverOptions();
        options.certificateChainPem = tlsFixture().otherServerPem;
        options.privateKeyPem = tlsFixture().otherServerKeyPem;
        startServer(options);
        TlsOptions tls;
        tls.serverName = u"wrong.example"_s;
        auto client = makeClient(tls);
        const Result<ClientResponse> result = call(lane0(), *client, get("/echo"));
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(result->status, 200);
        destroyClient(client);
    }

    void clientCertificateIsPresented()
    {
        ServerOptions options = serverOptions();
        options.clientCaPem = tlsFixture().caPem;
        startServer(options);
        TlsOptions tls = pinned();
        tls.clientCertificatePem = tlsFixture().clientPem;
        tls.clientKeyPem = tlsFixture().clientKeyPem;
        auto client = makeClient(tls);
        const Result<ClientResponse> result = call(lane0(), *client, get("/whoami"));
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        const QByteArray expected =
            QSslCertificate(tlsFixture().clientPem, QSsl::Pem).digest(QCryptographicHash::Sha256).toHex();
        QCOMPARE(result->body, expected);

        auto anonymous = makeClient(pinned());
        const Result<ClientResponse> none = call(lane0(), *anonymous, get("/whoami"));
        QVERIFY(none.ok());
        QVERIFY(none->body.isEmpty());

        TlsOptions broken = pinned();
        broken.clientCertificatePem = "not a certificate";
        auto misconfigured = makeClient(broken);
        const Result<ClientResponse> refused = call(lane0(), *misconfigured, get("/whoami"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, int(ClientError::Configuration));
        destroyClient(client);
        destroyClient(anonymous);
        destroyClient(misconfigured);
    }

    void neverAnsweringServerTimesOut()
    {
        ClientLimits limits;
        limits.requestTimeout = std::chrono::milliseconds(500);
        auto client = makeClient(pinned(), limits);
        const Result<ClientResponse> result = call(lane0(), *client, get("/never"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, int(ClientError::Timeout));
        QCOMPARE(m_handler->keptCount(), qsizetype(1));
        // The client recovers on a fresh connection.
        const Result<ClientResponse> next = call(lane0(), *client, get("/echo"));
        QVERIFY2(next.ok(), qPrintable(next.errorString()));
        QCOMPARE(statsOf(*client).connects, quint64(2));
        destroyClient(client);
    }

    void responseOverLimitFails()
    {
        ClientLimits limits;
        limits.maxResponseBytes = 1000;
        auto client = makeClient(pinned(), limits);
        const Result<ClientResponse> atLimit = call(lane0(), *client, get("/big?1000"));
        QVERIFY2(atLimit.ok(), qPrintable(atLimit.errorString()));
        QCOMPARE(atLimit->body.size(), 1000);
        const Result<ClientResponse> over = call(lane0(), *client, get("/big?1001"));
        QVERIFY(!over.ok());
        QCOMPARE(over.error().code, int(ClientError::ResponseTooLarge));
        destroyClient(client);
    }

    void connectFailure()
    {
        QTcpServer placeholder; // a port that is certainly closed once the placeholder is gone
        QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
        const quint16 port = placeholder.serverPort();
        placeholder.close();
        std::unique_ptr<HttpsClient> client;
        onLane(lane0(), [&] { client = lane0().createClient(u"127.0.0.1"_s, port, pinned()); });
        const Result<ClientResponse> result = call(lane0(), *client, get("/"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, int(ClientError::Connect));
        destroyClient(client);
    }

    void closeFailsQueuedRequests()
    {
        auto client = makeClient();
        std::vector<std::shared_ptr<std::promise<Result<ClientResponse>>>> promises;
        for (int i = 0; i < 3; ++i)
            promises.push_back(std::make_shared<std::promise<Result<ClientResponse>>>());
        onLane(lane0(), [&] {
            client->request(get("/never"), [p = promises[0]](Result<ClientResponse> r) { p->set_value(std::move(r)); });
            client->request(get("/echo"), [p = promises[1]](Result<ClientResponse> r) { p->set_value(std::move(r)); });
        });
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->keptCount(), qsizetype(1), 30000);
        onLane(lane0(), [&] { client->close(); });
        for (int i = 0; i < 2; ++i) {
            auto future = promises[std::size_t(i)]->get_future();
            QVERIFY(future.wait_for(WaitLong) == std::future_status::ready);
            const Result<ClientResponse> result = future.get();
            QVERIFY(!result.ok());
            QCOMPARE(result.error().code, int(ClientError::Cancelled));
        }
        QVERIFY(call(lane0(), *client, get("/echo")).ok()); // usable again afterwards
        destroyClient(client);
    }

    void destroyingClientCancelsCallbacks()
    {
        auto client = makeClient();
        std::atomic<int> called{0};
        onLane(lane0(), [&] {
            client->request(get("/never"), [&called](Result<ClientResponse>) { called.fetch_add(1); });
            client->request(get("/echo"), [&called](Result<ClientResponse>) { called.fetch_add(1); });
        });
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->keptCount(), qsizetype(1), 30000);
        destroyClient(client);
        // Answer the request now: the response arrives at a closed connection, nobody is called.
        Responder respond;
        {
            const std::lock_guard lock(m_handler->mutex);
            respond = std::move(m_handler->kept.front());
        }
        respond(Response::json(200, "late"));
        auto other = makeClient(); // a full round trip on the same lane after the answer
        QVERIFY(call(lane0(), *other, get("/echo")).ok());
        onLane(lane0(), [] {});
        QCOMPARE(called.load(), 0);
        destroyClient(other);

        // Destroyed while connecting: nothing is called either.
        auto connecting = makeClient();
        onLane(lane0(), [&] {
            connecting->request(get("/echo"), [&called](Result<ClientResponse>) { called.fetch_add(1); });
            connecting.reset();
        });
        auto probe = makeClient();
        QVERIFY(call(lane0(), *probe, get("/echo")).ok());
        QCOMPARE(called.load(), 0);
        destroyClient(probe);
    }

    void callbackMayDestroyItsClient()
    {
        auto client = makeClient();
        std::promise<int> status;
        onLane(lane0(), [&] {
            client->request(get("/echo"), [&](Result<ClientResponse> result) {
                client.reset(); // on its lane, from its own callback
                status.set_value(result.ok() ? result->status : -1);
            });
        });
        auto future = status.get_future();
        QVERIFY(future.wait_for(WaitLong) == std::future_status::ready);
        QCOMPARE(future.get(), 200);
        QVERIFY(!client);
    }

    // ---- download() -----------------------------------------------------------------------

    void downloadWholeFile()
    {
        QTemporaryDir dir;
        const QByteArray content = pattern(3 * 1024 * 1024 + 123);
        QVERIFY(writeFile(dir.filePath(u"served"_s), content));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), {}});
        auto client = makeClient();

        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        request.headers.append(
            std::pair<QByteArray, QByteArray>("Range", "bytes=5-")); // the client's own Range wins, always
        const Download got = download(lane0(), *client, request);
        QVERIFY2(got.result && got.result->ok(), qPrintable(got.result->errorString()));
        const DownloadResult &result = got.result->value();
        QCOMPARE(result.status, 200);
        QCOMPARE(result.fileBytes, content.size());
        QCOMPARE(result.bytesReceived, content.size());
        QVERIFY(!result.resumed);
        QCOMPARE(result.etag, QByteArray("\"v1\""));
        QVERIFY(readAll(request.filePath) == content);
        QCOMPARE(m_handler->lastRangeHeaders(), (std::pair<QByteArray, QByteArray>()));

        // Progress: at most one call per 64 KiB chunk, never backwards, ending at the size.
        QVERIFY(!got.progress.empty());
        QVERIFY(got.progress.size() <= std::size_t(content.size() / (64 * 1024) + 2));
        QVERIFY(progressIsMonotonic(got.progress, content.size()));
        QCOMPARE(got.progress.back().first, content.size());

        // The connection stays alive for the next request.
        QVERIFY(call(lane0(), *client, get("/echo")).ok());
        QCOMPARE(statsOf(*client).connects, quint64(1));
        destroyClient(client);
    }

    void downloadResumesAfterCut()
    {
        QTemporaryDir dir;
        const QByteArray content = pattern(4 * 1024 * 1024 + 77);
        QVERIFY(writeFile(dir.filePath(u"served"_s), content));
        QVERIFY(writeFile(dir.filePath(u"half"_s), content.left(content.size() / 2)));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), dir.filePath(u"half"_s)});
        auto client = makeClient();

        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        request.etag = "\"v1\"";
        const Download cut = download(lane0(), *client, request);
        QVERIFY(cut.result && !cut.result->ok());
        QCOMPARE(cut.result->error().code, int(ClientError::ConnectionClosed));
        const QByteArray partial = readAll(request.filePath);
        QVERIFY2(partial.size() > 0 && partial.size() <= content.size() / 2, QByteArray::number(partial.size()));
        QVERIFY(partial == content.left(partial.size())); // a valid prefix, all of what arrived
        QCOMPARE(cut.progress.back().first, partial.size());

        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), {}});
        const Download rest = download(lane0(), *client, request);
        QVERIFY2(rest.result && rest.result->ok(), qPrintable(rest.result->errorString()));
        QCOMPARE(rest.result->value().status, 206);
        QVERIFY(rest.result->value().resumed);
        QCOMPARE(rest.result->value().bytesReceived, content.size() - partial.size()); // only the rest
        QCOMPARE(rest.result->value().fileBytes, content.size());
        QVERIFY(readAll(request.filePath) == content);
        QCOMPARE(m_handler->lastRangeHeaders(),
                 (std::pair<QByteArray, QByteArray>("bytes=" + QByteArray::number(partial.size()) + '-', "\"v1\"")));
        QVERIFY(progressIsMonotonic(rest.progress, content.size()));
        QVERIFY(rest.progress.front().first > partial.size());
        QCOMPARE(rest.progress.back().first, content.size());
        destroyClient(client);
    }

    void downloadRestartsWhenEtagChanged()
    {
        QTemporaryDir dir;
        const QByteArray old = pattern(2 * 1024 * 1024, 1);
        const QByteArray fresh = pattern(2 * 1024 * 1024 + 4096, 2);
        QVERIFY(writeFile(dir.filePath(u"served"_s), fresh));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v2\"", fresh.size(), {}});
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        request.etag = "\"v1\"";
        QVERIFY(writeFile(request.filePath, old.left(old.size() / 2))); // half of the old version

        auto client = makeClient();
        const Download got = download(lane0(), *client, request);
        QVERIFY2(got.result && got.result->ok(), qPrintable(got.result->errorString()));
        QCOMPARE(got.result->value().status, 200);
        QVERIFY(!got.result->value().resumed);
        QCOMPARE(got.result->value().etag, QByteArray("\"v2\""));
        QCOMPARE(got.result->value().bytesReceived, fresh.size());
        QVERIFY(readAll(request.filePath) == fresh); // rewritten from 0, nothing spliced
        QCOMPARE(m_handler->lastRangeHeaders().second, QByteArray("\"v1\""));
        QVERIFY(progressIsMonotonic(got.progress, fresh.size()));
        destroyClient(client);
    }

    void downloadUnsatisfiableRangeLeavesFile()
    {
        QTemporaryDir dir;
        const QByteArray content = pattern(100000);
        QVERIFY(writeFile(dir.filePath(u"served"_s), content));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), {}});
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        request.etag = "\"v1\"";
        const QByteArray tooLong = content + "garbage"; // R9: a partial file longer than the resource
        QVERIFY(writeFile(request.filePath, tooLong));

        auto client = makeClient();
        const Download got = download(lane0(), *client, request);
        QVERIFY2(got.result && got.result->ok(), qPrintable(got.result->errorString()));
        QCOMPARE(got.result->value().status, 416);
        QCOMPARE(got.result->value().fileBytes, tooLong.size());
        QVERIFY(readAll(request.filePath) == tooLong);
        QVERIFY(got.progress.empty());
        QVERIFY(call(lane0(), *client, get("/echo")).ok()); // the 416 body was read: the connection is reused
        QCOMPARE(statsOf(*client).connects, quint64(1));

        destroyClient(client);
    }

    void downloadBadContentRangeIsRefused()
    {
        // A 206 must continue exactly at the file's size: another start would splice the file.
        ScriptedServer server([](QSslSocket &socket) {
            socket.write("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 10-19/20\r\nContent-Length: 10\r\n\r\n"
                         "0123456789");
            socket.waitForBytesWritten(60000);
            socket.waitForDisconnected(60000);
        });
        QTemporaryDir dir;
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        QVERIFY(writeFile(request.filePath, "abcde"));
        std::unique_ptr<HttpsClient> client;
        onLane(lane0(), [&] { client = lane0().createClient(u"127.0.0.1"_s, server.port(), pinned()); });
        const Download got = download(lane0(), *client, request);
        QVERIFY(got.result && !got.result->ok());
        QCOMPARE(got.result->error().code, int(ClientError::BadResponse));
        QCOMPARE(readAll(request.filePath), QByteArray("abcde"));
        destroyClient(client);
    }

    void downloadOverMaxBytes()
    {
        QTemporaryDir dir;
        const QByteArray content = pattern(3 * 1024 * 1024);
        QVERIFY(writeFile(dir.filePath(u"served"_s), content));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), {}});
        auto client = makeClient();
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        request.maxBytes = 1024 * 1024;
        // An honest Content-Length over the cap: refused before anything is written.
        const Download announced = download(lane0(), *client, request);
        QVERIFY(announced.result && !announced.result->ok());
        QCOMPARE(announced.result->error().code, int(ClientError::ResponseTooLarge));
        QVERIFY(!QFile::exists(request.filePath));
        destroyClient(client);

        // T10, endless data without a length: cut at maxBytes, the file never longer.
        ScriptedServer endless([](QSslSocket &socket) {
            socket.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
            ScriptedServer::writeUntilGone(socket, 64 * 1024 * 1024, 'x');
        });
        onLane(lane0(), [&] { client = lane0().createClient(u"127.0.0.1"_s, endless.port(), pinned()); });
        const Download flooded = download(lane0(), *client, request);
        QVERIFY(flooded.result && !flooded.result->ok());
        QCOMPARE(flooded.result->error().code, int(ClientError::ResponseTooLarge));
        QCOMPARE(QFileInfo(request.filePath).size(), request.maxBytes);
        QVERIFY(progressIsMonotonic(flooded.progress, -1));
        QVERIFY(flooded.progress.back().first <= request.maxBytes);
        destroyClient(client);
    }

    void downloadTimeoutIsPerChunk()
    {
        QTemporaryDir dir;
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        ClientLimits limits;
        limits.requestTimeout = std::chrono::milliseconds(3000);

        // Slower in total than requestTimeout, but never stalled for long: it completes.
        constexpr int Pieces = 8;
        ScriptedServer slow([](QSslSocket &socket) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(Pieces * 64 * 1024) + "\r\n\r\n");
            for (int i = 0; i < Pieces; ++i) {
                socket.write(QByteArray(64 * 1024, char('a' + i)));
                socket.waitForBytesWritten(60000);
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
            }
            socket.waitForDisconnected(60000);
        });
        std::unique_ptr<HttpsClient> client;
        onLane(lane0(), [&] { client = lane0().createClient(u"127.0.0.1"_s, slow.port(), pinned(), limits); });
        const Download done = download(lane0(), *client, request);
        QVERIFY2(done.result && done.result->ok(), qPrintable(done.result->errorString()));
        QCOMPARE(done.result->value().fileBytes, qint64(Pieces * 64 * 1024));
        destroyClient(client);

        // A server that stops sending mid-body times out; what arrived stays on disk.
        limits.requestTimeout = std::chrono::milliseconds(500);
        QVERIFY(QFile::remove(request.filePath));
        ScriptedServer stalled([](QSslSocket &socket) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
            socket.write(QByteArray(100 * 1024, 's'));
            socket.waitForBytesWritten(60000);
            socket.waitForDisconnected(60000);
        });
        onLane(lane0(), [&] { client = lane0().createClient(u"127.0.0.1"_s, stalled.port(), pinned(), limits); });
        const Download stuck = download(lane0(), *client, request);
        QVERIFY(stuck.result && !stuck.result->ok());
        QCOMPARE(stuck.result->error().code, int(ClientError::Timeout));
        QCOMPARE(readAll(request.filePath), QByteArray(100 * 1024, 's'));
        destroyClient(client);
    }

    void downloadQueuesWithRequests()
    {
        QTemporaryDir dir;
        const QByteArray content = pattern(300000);
        QVERIFY(writeFile(dir.filePath(u"served"_s), content));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), {}});
        auto client = makeClient();
        std::vector<int> order;
        std::promise<void> allDone;
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        onLane(lane0(), [&] {
            client->request(get("/echo"), [&](Result<ClientResponse> r) { order.push_back(r.ok() ? 1 : -1); });
            client->download(request, {}, [&](Result<DownloadResult> r) { order.push_back(r.ok() ? 2 : -2); });
            client->request(get("/echo"), [&](Result<ClientResponse> r) {
                order.push_back(r.ok() ? 3 : -3);
                allDone.set_value();
            });
        });
        QVERIFY(allDone.get_future().wait_for(WaitLong) == std::future_status::ready);
        QCOMPARE(order, (std::vector<int>{1, 2, 3}));
        QVERIFY(readAll(request.filePath) == content);
        QCOMPARE(statsOf(*client).connects, quint64(1));

        // A file path that cannot be written fails with File, and the queue goes on.
        std::promise<int> code;
        request.filePath = dir.filePath(u"no/such/folder/got"_s);
        onLane(lane0(), [&] {
            client->download(request, {},
                             [&](Result<DownloadResult> r) { code.set_value(r.ok() ? 0 : r.error().code); });
        });
        auto future = code.get_future();
        QVERIFY(future.wait_for(WaitLong) == std::future_status::ready);
        QCOMPARE(future.get(), int(ClientError::File));
        QVERIFY(call(lane0(), *client, get("/echo")).ok());
        destroyClient(client);
    }

    void destroyingClientMidDownload()
    {
        QTemporaryDir dir;
        const QByteArray content = pattern(4 * 1024 * 1024);
        QVERIFY(writeFile(dir.filePath(u"served"_s), content));
        m_handler->setBlob(Blob{dir.filePath(u"served"_s), "\"v1\"", content.size(), {}});
        auto client = makeClient();
        std::atomic<int> progressCalls{0}, doneCalls{0};
        DownloadRequest request;
        request.target = "/blob";
        request.filePath = dir.filePath(u"got"_s);
        onLane(lane0(), [&] {
            client->download(
                request,
                [&](qint64, qint64) {
                    progressCalls.fetch_add(1);
                    client.reset(); // from its own progress callback, mid-body
                },
                [&](Result<DownloadResult>) { doneCalls.fetch_add(1); });
        });
        QTRY_VERIFY_WITH_TIMEOUT(progressCalls.load() > 0, 30000);
        auto probe = makeClient(); // a full round trip on the same lane afterwards
        QVERIFY(call(lane0(), *probe, get("/echo")).ok());
        onLane(lane0(), [] {});
        QCOMPARE(progressCalls.load(), 1);
        QCOMPARE(doneCalls.load(), 0);
        QVERIFY(QFileInfo(request.filePath).size() < content.size()); // a prefix to resume from

        // close() mid-download fails it with Cancelled instead.
        std::promise<int> code;
        onLane(lane0(), [&] {
            probe->download(
                request, [&](qint64, qint64) { probe->close(); },
                [&](Result<DownloadResult> r) { code.set_value(r.ok() ? 0 : r.error().code); });
        });
        auto future = code.get_future();
        QVERIFY(future.wait_for(WaitLong) == std::future_status::ready);
        QCOMPARE(future.get(), int(ClientError::Cancelled));
        destroyClient(probe);
    }

    void timers()
    {
        std::unique_ptr<Timer> a, b, c;
        std::atomic<int> aFired{0}, bFired{0}, bSecond{0}, cFired{0};
        std::promise<void> bDone;
        onLane(lane0(), [&] {
            a = lane0().createTimer();
            b = lane0().createTimer();
            c = lane0().createTimer();
            a->start(std::chrono::milliseconds(10), [&] { aFired.fetch_add(1); });
            a->cancel(); // cancelled: never called
            c->start(std::chrono::milliseconds(10), [&] { cFired.fetch_add(1); });
            b->start(std::chrono::milliseconds(20), [&] { bFired.fetch_add(1); });
            // Restarted: the first callback is dropped, only this one runs.
            b->start(std::chrono::milliseconds(300), [&] {
                bSecond.fetch_add(1);
                bDone.set_value();
            });
        });
        QVERIFY(bDone.get_future().wait_for(WaitLong) == std::future_status::ready);
        onLane(lane0(), [] {});
        QCOMPARE(aFired.load(), 0);
        QCOMPARE(bFired.load(), 0);
        QCOMPARE(bSecond.load(), 1);
        QCOMPARE(cFired.load(), 1);

        // A timer destroyed while pending never calls back; one restarted from its callback does.
        std::atomic<int> destroyedFired{0}, repeats{0};
        std::promise<void> repeated;
        onLane(lane0(), [&] {
            a->start(std::chrono::milliseconds(10), [&] { destroyedFired.fetch_add(1); });
            a.reset();
            c->start(std::chrono::milliseconds(10), [&] {
                repeats.fetch_add(1);
                c->start(std::chrono::milliseconds(50), [&] {
                    repeats.fetch_add(1);
                    repeated.set_value();
                });
            });
        });
        QVERIFY(repeated.get_future().wait_for(WaitLong) == std::future_status::ready);
        onLane(lane0(), [&] {
            b.reset();
            c.reset();
        });
        QCOMPARE(destroyedFired.load(), 0);
        QCOMPARE(repeats.load(), 2);
    }

    void runOnAllLanes()
    {
        std::mutex mutex;
        std::set<int> lanes;
        std::set<std::thread::id> threads;
        m_runtime->runOnAllLanesAndWait([&](int index) {
            const std::lock_guard lock(mutex);
            lanes.insert(index);
            threads.insert(std::this_thread::get_id());
        });
        QCOMPARE(lanes, (std::set<int>{0, 1}));
        QCOMPARE(threads.size(), std::size_t(2));
        QVERIFY(!threads.contains(std::this_thread::get_id()));
    }

    void manyClientsOnTwoLanes()
    {
        constexpr int Clients = 200;
        constexpr int RequestsEach = 20;
        std::vector<std::unique_ptr<HttpsClient>> clients(Clients);
        std::atomic<int> succeeded{0}, failed{0}, finishedClients{0};
        std::mutex errorMutex;
        QString firstError;
        std::promise<void> allDone;

        // Each client runs its requests one after the other from its own callbacks.
        std::function<void(int, int)> next = [&](int index, int remaining) {
            HttpsClient &client = *clients[std::size_t(index)];
            client.request(post("/echo", QByteArray::number(index)),
                           [&, index, remaining](Result<ClientResponse> result) {
                               if (result.ok() && result->body == "POST /echo " + QByteArray::number(index)) {
                                   succeeded.fetch_add(1);
                               } else {
                                   failed.fetch_add(1);
                                   const std::lock_guard lock(errorMutex);
                                   if (firstError.isEmpty())
                                       firstError = result.ok() ? u"wrong body"_s : result.errorString();
                               }
                               if (remaining > 1)
                                   next(index, remaining - 1);
                               else if (finishedClients.fetch_add(1) + 1 == Clients)
                                   allDone.set_value();
                           });
        };
        m_runtime->runOnAllLanesAndWait([&](int laneIndex) {
            for (int i = laneIndex; i < Clients; i += 2) {
                clients[std::size_t(i)] =
                    m_runtime->lane(laneIndex).createClient(u"127.0.0.1"_s, m_server->port(), pinned());
                next(i, RequestsEach);
            }
        });
        QVERIFY(allDone.get_future().wait_for(std::chrono::minutes(4)) == std::future_status::ready);
        QVERIFY2(failed.load() == 0, qPrintable(firstError));
        QCOMPARE(succeeded.load(), Clients * RequestsEach);
        std::atomic<quint64> connects{0};
        m_runtime->runOnAllLanesAndWait([&](int laneIndex) {
            for (int i = laneIndex; i < Clients; i += 2) {
                connects.fetch_add(clients[std::size_t(i)]->stats().connects);
                clients[std::size_t(i)].reset();
            }
        });
        QCOMPARE(connects.load(), quint64(Clients)); // keep-alive held: one connection per client
        QCOMPARE(m_server->stats().requests, quint64(Clients * RequestsEach));
        QCOMPARE(m_server->stats().connectionsAccepted, quint64(Clients));
    }
};

QTEST_GUILESS_MAIN(TestAsioRuntime)
#include "tst_asio_runtime.moc"

#include "agent/net/AsioRuntime.h"
#include "server/http/HttpsServer.h"
#include "tests/support/TestSupport.h"

#include <QSslCertificate>
#include <QTcpServer>
#include <QtTest>

#include <atomic>
#include <future>
#include <mutex>
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

// /echo: method, target and body back; /big?N: N bytes; /never: keeps the responder unanswered;
// /close: answers and asks for the connection to be closed; /whoami: the client certificate hash.
class TestHandler final : public http::Handler
{
public:
    void handle(Request request, Responder respond) override
    {
        calls.fetch_add(1);
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

    std::atomic<int> calls{0};
    std::mutex mutex;
    std::vector<Responder> kept;
};

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

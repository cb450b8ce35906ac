#include "server/http/HttpsServer.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

using namespace flotilla;
using namespace flotilla::http;
using namespace Qt::StringLiterals;
using flotilla::test::RawResponse;
using flotilla::test::RawTlsClient;
using flotilla::test::tlsFixture;

namespace {

// Echoes the request by default; a test can replace what it does with a request.
class TestHandler final : public Handler
{
public:
    using Behaviour = std::function<void(Request, Responder)>;

    void handle(Request request, Responder respond) override
    {
        calls.fetch_add(1);
        Behaviour behaviour;
        {
            const std::lock_guard lock(mutex);
            behaviour = m_behaviour;
        }
        if (behaviour) {
            behaviour(std::move(request), std::move(respond));
            return;
        }
        Response response =
            Response::json(200, request.method + ' ' + request.target + ' ' + request.body, "text/plain");
        response.headers.set("X-Connection-Id", QByteArray::number(request.connectionId));
        response.headers.set("X-Body-Size", QByteArray::number(request.body.size()));
        response.headers.set("X-Peer", request.peerAddress.toLatin1());
        respond(std::move(response));
    }

    Response transportError(int status, const QString &description) const override
    {
        return Response::json(status, R"({"Responsecode":")" + QByteArray::number(status) + R"(","Description":")" +
                                          description.toUtf8() + "\"}");
    }

    void setBehaviour(Behaviour behaviour)
    {
        const std::lock_guard lock(mutex);
        m_behaviour = std::move(behaviour);
    }

    // Keeps responders for the test to call later.
    void keepResponders()
    {
        setBehaviour([this](Request, Responder respond) {
            const std::lock_guard lock(mutex);
            responders.push_back(std::move(respond));
        });
    }
    qsizetype keptResponders()
    {
        const std::lock_guard lock(mutex);
        return responders.size();
    }
    Responder takeResponder()
    {
        const std::lock_guard lock(mutex);
        if (responders.empty())
            return {};
        Responder first = std::move(responders.front());
        responders.erase(responders.begin());
        return first;
    }

    std::atomic<int> calls{0};
    std::mutex mutex;
    std::vector<Responder> responders;

private:
    Behaviour m_behaviour;
};

ServerOptions baseOptions()
{
    ServerOptions options;
    options.address = u"127.0.0.1"_s;
    options.port = 0;
    options.threads = 2;
    options.certificateChainPem = tlsFixture().serverPem;
    options.privateKeyPem = tlsFixture().serverKeyPem;
    return options;
}

// Response::onFinished calls, in the order they happened.
class FinishedLog
{
public:
    std::function<void(qint64, bool)> callback(int tag)
    {
        return [this, tag](qint64 bytes, bool complete) {
            const std::lock_guard lock(m_mutex);
            m_entries.push_back(Entry{tag, bytes, complete});
        };
    }
    struct Entry
    {
        int tag = 0;
        qint64 bytes = 0;
        bool complete = false;
    };
    std::vector<Entry> entries()
    {
        const std::lock_guard lock(m_mutex);
        return m_entries;
    }
    qsizetype count()
    {
        const std::lock_guard lock(m_mutex);
        return qsizetype(m_entries.size());
    }

private:
    std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

QByteArray pattern(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char('a' + (i * 7 + i / 251) % 26);
    return data;
}

} // namespace

class TestHttpsServer : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<TestHandler> m_handler;
    std::unique_ptr<HttpsServer> m_server;

    void startServer(ServerOptions options = baseOptions())
    {
        m_handler = std::make_shared<TestHandler>();
        m_server = std::make_unique<HttpsServer>(std::move(options), m_handler);
        const Status started = m_server->start();
        QVERIFY2(started.ok(), qPrintable(started.errorString()));
        QVERIFY(m_server->port() != 0);
    }

    bool connect(RawTlsClient &client) { return client.connectTo(u"127.0.0.1"_s, m_server->port()); }

private Q_SLOTS:
    void cleanup()
    {
        m_server.reset();
        m_handler.reset();
    }

    void requestResponse()
    {
        startServer();
        RawTlsClient client;
        QVERIFY2(connect(client), qPrintable(client.errorString()));
        const RawResponse response =
            client.request("POST", "/dm?x=1", {{"Content-Type", "application/json"}}, "{\"a\":1}");
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("POST /dm?x=1 {\"a\":1}"));
        QCOMPARE(response.header("Content-Type"), QByteArray("text/plain"));
        QCOMPARE(response.header("Content-Length"), QByteArray::number(response.body.size()));
        QVERIFY(response.header("X-Peer").startsWith("127.0.0.1:"));
        QCOMPARE(m_server->stats().requests, quint64(1));
        // Counted when the write completes, which the client may see first.
        QTRY_VERIFY_WITH_TIMEOUT(m_server->stats().bytesSent > quint64(response.body.size()), 10000);
    }

    void keepAlive()
    {
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        QByteArray connectionId;
        for (int i = 0; i < 5; ++i) {
            const RawResponse response = client.request("POST", "/dm", {}, QByteArray::number(i));
            QCOMPARE(response.status, 200);
            QCOMPARE(response.body, "POST /dm " + QByteArray::number(i));
            QVERIFY(response.header("Connection").compare("close", Qt::CaseInsensitive) != 0);
            if (i == 0)
                connectionId = response.header("X-Connection-Id");
            QCOMPARE(response.header("X-Connection-Id"), connectionId);
        }
        QVERIFY(client.isConnected());
        QCOMPARE(m_server->stats().connectionsAccepted, quint64(1));
        QCOMPARE(m_server->stats().requests, quint64(5));
    }

    void pipelinedRequests()
    {
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n"));
        QCOMPARE(client.readResponse().body, QByteArray("GET /one "));
        QCOMPARE(client.readResponse().body, QByteArray("GET /two "));
    }

    void connectionClose()
    {
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        const RawResponse response = client.request("GET", "/x", {{"Connection", "close"}});
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitForClosed());
    }

    void http10()
    {
        startServer();
        {
            RawTlsClient client;
            QVERIFY(connect(client));
            QVERIFY(client.send("GET /old HTTP/1.0\r\n\r\n"));
            const RawResponse response = client.readResponse();
            QCOMPARE(response.status, 200);
            QCOMPARE(response.body, QByteArray("GET /old "));
            QVERIFY(client.waitForClosed());
        }
        {
            RawTlsClient client; // HTTP/1.0 keep-alive is honoured when asked for
            QVERIFY(connect(client));
            for (int i = 0; i < 2; ++i) {
                QVERIFY(client.send("GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
                const RawResponse response = client.readResponse();
                QCOMPARE(response.status, 200);
                QCOMPARE(response.header("Connection").toLower(), QByteArray("keep-alive"));
            }
            QVERIFY(client.isConnected());
        }
    }

    void bodyOverLimitIsDrainedThen413()
    {
        startServer(); // bodyLimit 1 MiB, drainLimit 8 MiB
        RawTlsClient client;
        QVERIFY(connect(client));
        const QByteArray body = pattern(2 * 1024 * 1024);
        const RawResponse response = client.request("POST", "/dm", {}, body, 60000);
        QCOMPARE(response.status, 413);
        QCOMPARE(response.body, QByteArray(R"({"Responsecode":"413","Description":"Request body too large"})"));
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitForClosed());
        QCOMPARE(m_handler->calls.load(), 0);
    }

    void bodyOverDrainLimitIs413AndClose()
    {
        ServerOptions options = baseOptions();
        options.drainLimit = 4 * 1024 * 1024;
        startServer(options);
        RawTlsClient client;
        QVERIFY(connect(client));
        // Announces 100 MiB and sends only a little: the server must answer without reading it all.
        QVERIFY(client.send("POST /dm HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n" + pattern(64 * 1024)));
        const RawResponse response = client.readResponse(30000);
        QCOMPARE(response.status, 413);
        QVERIFY(response.body.contains("413"));
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitForClosed(30000));
        QCOMPARE(m_handler->calls.load(), 0);
    }

    void chunkedBodies()
    {
        startServer();
        {
            RawTlsClient client;
            QVERIFY(connect(client));
            QVERIFY(client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
            const RawResponse response = client.readResponse();
            QCOMPARE(response.status, 200);
            QCOMPARE(response.body, QByteArray("POST /c hello world"));
        }
        {
            RawTlsClient client; // a chunk that crosses the 1 MiB limit
            QVERIFY(connect(client));
            QVERIFY(client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "200000\r\n" +
                                pattern(100 * 1024)));
            const RawResponse response = client.readResponse(30000);
            QCOMPARE(response.status, 413);
            QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
            QVERIFY(client.waitForClosed(30000));
        }
        {
            RawTlsClient client; // many small chunks that add up past the limit
            QVERIFY(connect(client));
            QByteArray bytes = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
            const QByteArray chunk = pattern(0x10000);
            for (int i = 0; i < 17; ++i)
                bytes += "10000\r\n" + chunk + "\r\n";
            QVERIFY(client.send(bytes, 60000));
            const RawResponse response = client.readResponse(30000);
            QCOMPARE(response.status, 413);
            QVERIFY(client.waitForClosed(30000));
        }
        QCOMPARE(m_handler->calls.load(), 1);
    }

    void headerTooLarge()
    {
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        const RawResponse response = client.request("GET", "/h", {{"X-Big", QByteArray(10000, 'a')}});
        QCOMPARE(response.status, 431);
        QVERIFY(response.body.contains("\"431\""));
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitForClosed());
        QCOMPARE(m_handler->calls.load(), 0);
    }

    void malformedRequest_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("no-version") << QByteArray("BROKEN\r\n\r\n");
        QTest::newRow("bad-version") << QByteArray("GET / HTTP/X.Y\r\nHost: x\r\n\r\n");
        QTest::newRow("field-without-colon") << QByteArray("GET / HTTP/1.1\r\nBad Header\r\n\r\n");
        QTest::newRow("bad-content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
        QTest::newRow("bare-lf") << QByteArray("GET / HTTP/1.1\r\nHost: x\n\r\n");
    }

    void malformedRequest()
    {
        QFETCH(QByteArray, bytes);
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.send(bytes));
        const RawResponse response = client.readResponse();
        QCOMPARE(response.status, 400);
        QVERIFY(response.body.contains("\"400\""));
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitForClosed());
        QCOMPARE(m_handler->calls.load(), 0);
    }

    void idleTimeoutClosesSilentConnection()
    {
        ServerOptions options = baseOptions();
        options.idleTimeout = std::chrono::milliseconds(300);
        startServer(options);
        RawTlsClient client;
        QVERIFY(connect(client));
        QCOMPARE(client.request("GET", "/").status, 200);
        QVERIFY(client.waitForClosed(30000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), 30000);

        RawTlsClient silent; // never sends a byte after the handshake
        QVERIFY(connect(silent));
        QVERIFY(silent.waitForClosed(30000));
    }

    // A process started while vehicles are connected (the console opening a map link, a test
    // starting agents) must not inherit their sockets: it would hold a connection open after the
    // server closed it, and the vehicle's next request would go into a socket nobody reads.
    void childProcessDoesNotInheritConnections()
    {
        ServerOptions options = baseOptions();
        options.idleTimeout = std::chrono::milliseconds(300);
        startServer(options);
        RawTlsClient client;
        QVERIFY(connect(client));
        QProcess child;
        child.start(u"sleep"_s, {u"60"_s});
        QVERIFY(child.waitForStarted());
        QCOMPARE(client.request("GET", "/").status, 200);
        QVERIFY2(client.waitForClosed(30000), "the idle connection was not closed: the child holds it");
        for (const QString &entry : QDir(u"/proc/%1/fd"_s.arg(child.processId())).entryList(QDir::System)) {
            const QString target = QFileInfo(u"/proc/%1/fd/%2"_s.arg(child.processId()).arg(entry)).symLinkTarget();
            QVERIFY2(!target.contains(u"socket:"_s), qPrintable(u"the child inherited "_s + target));
        }
        child.kill();
        child.waitForFinished();
    }

    void slowBodyHitsReadTimeout()
    {
        ServerOptions options = baseOptions();
        options.readTimeout = std::chrono::milliseconds(500);
        options.idleTimeout = std::chrono::minutes(5); // so only the read timeout can close it
        startServer(options);
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.send("POST /dm HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
        QVERIFY(client.waitForClosed(30000));
        QCOMPARE(client.readResponse(100).status, 0);
        QCOMPARE(m_handler->calls.load(), 0);
    }

    void connectionCapAnswers503()
    {
        ServerOptions options = baseOptions();
        options.maxConnections = 2;
        startServer(options);
        RawTlsClient first, second;
        QVERIFY(connect(first));
        QCOMPARE(first.request("GET", "/").status, 200);
        QVERIFY(connect(second));
        QCOMPARE(second.request("GET", "/").status, 200);
        QCOMPARE(m_server->stats().connectionsOpen, quint64(2));

        RawTlsClient third;
        QVERIFY(connect(third));
        const RawResponse refused = third.readResponse(30000);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.header("Retry-After"), QByteArray("5"));
        QVERIFY(refused.body.contains("\"503\""));
        QVERIFY(third.waitForClosed(30000));

        first.socket().disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(1), 30000);
        RawTlsClient fourth;
        QVERIFY(connect(fourth));
        QCOMPARE(fourth.request("GET", "/").status, 200);
        QVERIFY(second.isConnected());
    }

    void responderCalledLaterFromAnotherThread()
    {
        startServer();
        m_handler->setBehaviour([](Request request, Responder respond) {
            std::thread([request = std::move(request), respond = std::move(respond)]() mutable {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                respond(Response::json(201, "later " + request.body));
            }).detach();
        });
        RawTlsClient client;
        QVERIFY(connect(client));
        for (int i = 0; i < 3; ++i) {
            const RawResponse response = client.request("POST", "/dm", {}, QByteArray::number(i), 30000);
            QCOMPARE(response.status, 201);
            QCOMPARE(response.body, "later " + QByteArray::number(i));
        }
    }

    void droppedResponderAnswers500()
    {
        startServer();
        m_handler->setBehaviour([](Request, Responder) {});
        RawTlsClient client;
        QVERIFY(connect(client));
        const RawResponse response = client.request("GET", "/");
        QCOMPARE(response.status, 500);
        QVERIFY(response.body.contains("\"500\""));

        // A throwing handler drops its responder the same way.
        m_handler->setBehaviour([](Request, Responder) { throw std::runtime_error("boom"); });
        RawTlsClient other;
        QVERIFY(connect(other));
        QCOMPARE(other.request("GET", "/").status, 500);
    }

    void responderCalledTwiceKeepsFirstAnswer()
    {
        startServer();
        m_handler->setBehaviour([](Request, Responder respond) {
            respond(Response::json(200, "first"));
            respond(Response::json(500, "second"));
        });
        RawTlsClient client;
        QVERIFY(connect(client));
        const RawResponse response = client.request("GET", "/");
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("first"));
        QCOMPARE(client.request("GET", "/").body, QByteArray("first")); // the stream stayed in step
    }

    void fileSliceAndHead()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"blob"_s);
        const QByteArray content = pattern(300 * 1024 + 17);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(content), content.size());
        }
        startServer();
        m_handler->setBehaviour([path](Request request, Responder respond) {
            Response response;
            response.status = request.path() == "/whole" ? 200 : 206;
            response.headers.set("Content-Type", "application/octet-stream");
            auto file = std::make_shared<FileBody>();
            file->path = path;
            file->offset = request.path() == "/whole" ? 0 : 1000;
            file->length = request.path() == "/whole" ? 300 * 1024 + 17 : 200000;
            response.file = file;
            response.headOnly = request.method == "HEAD";
            respond(std::move(response));
        });
        RawTlsClient client;
        QVERIFY(connect(client));
        RawResponse response = client.request("GET", "/slice", {}, {}, 30000);
        QCOMPARE(response.status, 206);
        QCOMPARE(response.header("Content-Length"), QByteArray("200000"));
        QCOMPARE(response.body.size(), 200000);
        QVERIFY(response.body == content.mid(1000, 200000));

        response = client.request("HEAD", "/slice");
        QCOMPARE(response.status, 206);
        QCOMPARE(response.header("Content-Length"), QByteArray("200000"));
        QVERIFY(response.body.isEmpty());

        // Nothing but headers was sent for HEAD: the next response parses cleanly.
        response = client.request("GET", "/whole", {}, {}, 30000);
        QCOMPARE(response.status, 200);
        QVERIFY(response.body == content);

        // A file that cannot be opened becomes a 500 before anything was sent.
        m_handler->setBehaviour([path](Request, Responder respond) {
            Response missing;
            missing.file = std::make_shared<FileBody>(FileBody{path + u".missing"_s, 0, 10});
            respond(std::move(missing));
        });
        QCOMPARE(client.request("GET", "/missing").status, 500);
    }

    void onFinishedCompleteResponses()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"blob"_s);
        const QByteArray content = pattern(300 * 1024 + 17);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(content), content.size());
        }
        startServer();
        auto log = std::make_shared<FinishedLog>();
        std::atomic<int> tag{0};
        m_handler->setBehaviour([path, log, &tag](Request request, Responder respond) {
            Response response = Response::json(200, "{\"a\":1}");
            if (request.path() == "/file")
                response.file = std::make_shared<FileBody>(FileBody{path, 0, 300 * 1024 + 17});
            if (request.path() == "/slice")
                response.file = std::make_shared<FileBody>(FileBody{path, 1000, 200000});
            if (request.path() == "/nocontent")
                response.status = 204;
            response.onFinished = log->callback(tag.fetch_add(1));
            respond(std::move(response));
        });
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.request("GET", "/file", {}, {}, 30000).body == content);
        QCOMPARE(client.request("GET", "/slice", {}, {}, 30000).body.size(), 200000);
        QCOMPARE(client.request("GET", "/json").body, QByteArray("{\"a\":1}"));
        QCOMPARE(client.request("HEAD", "/file").header("Content-Length"), QByteArray::number(content.size()));
        QCOMPARE(client.request("GET", "/nocontent").status, 204);
        // Once each, after the last byte was written (so before the client could read it all).
        QTRY_COMPARE_WITH_TIMEOUT(log->count(), qsizetype(5), 30000);
        m_server.reset();
        const auto entries = log->entries();
        QCOMPARE(entries.size(), std::size_t(5));
        const qint64 expected[] = {content.size(), 200000, 7, 0, 0};
        for (std::size_t i = 0; i < entries.size(); ++i) {
            QCOMPARE(entries[i].tag, int(i));
            QCOMPARE(entries[i].bytes, expected[i]);
            QVERIFY(entries[i].complete);
        }
    }

    void onFinishedIncompleteResponses()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"large"_s);
        constexpr qint64 Large = 256LL * 1024 * 1024; // more than any socket buffers hold
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(Large)); // sparse: zeros, no disk
        }
        startServer();
        auto log = std::make_shared<FinishedLog>();
        std::atomic<int> tag{0};
        m_handler->setBehaviour([path, log, &tag](Request, Responder respond) {
            Response response;
            response.file = std::make_shared<FileBody>(FileBody{path, 0, Large});
            response.onFinished = log->callback(tag.fetch_add(1));
            respond(std::move(response));
        });

        // Waits without running the event loop, which would let a client socket read the body.
        const auto waitForCalls = [this](int calls) {
            for (int i = 0; i < 3000 && m_handler->calls.load() < calls; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return m_handler->calls.load() == calls;
        };

        // The client goes away mid-body (it never reads): the write fails.
        {
            RawTlsClient client;
            QVERIFY(connect(client));
            client.socket().setReadBufferSize(64 * 1024);
            QVERIFY(client.send("GET /large HTTP/1.1\r\nHost: x\r\n\r\n"));
            QVERIFY(waitForCalls(1));
            client.socket().abort();
        }
        QTRY_COMPARE_WITH_TIMEOUT(log->count(), qsizetype(1), 60000);
        FinishedLog::Entry gone = log->entries().front();
        QVERIFY(!gone.complete);
        QVERIFY2(gone.bytes >= 0 && gone.bytes < Large, QByteArray::number(gone.bytes));

        // stop() while a body is being written.
        RawTlsClient stalled;
        QVERIFY(connect(stalled));
        stalled.socket().setReadBufferSize(64 * 1024);
        QVERIFY(stalled.send("GET /large HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(waitForCalls(2));
        m_server->stop();
        QCOMPARE(log->count(), qsizetype(2)); // stop() returned: the callback has run
        FinishedLog::Entry stopped = log->entries().back();
        QCOMPARE(stopped.tag, 1);
        QVERIFY(!stopped.complete);
        QVERIFY(stopped.bytes < Large);
        m_server.reset();
        QCOMPARE(log->count(), qsizetype(2)); // once each
    }

    void onFinishedForResponsesNeverSent()
    {
        startServer();
        auto log = std::make_shared<FinishedLog>();
        // The second answer of a responder called twice is never sent.
        m_handler->setBehaviour([log](Request, Responder respond) {
            Response first = Response::json(200, "first");
            first.onFinished = log->callback(1);
            Response second = Response::json(200, "second");
            second.onFinished = log->callback(2);
            respond(std::move(first));
            respond(std::move(second));
        });
        RawTlsClient client;
        QVERIFY(connect(client));
        QCOMPARE(client.request("GET", "/").body, QByteArray("first"));
        QTRY_COMPARE_WITH_TIMEOUT(log->count(), qsizetype(2), 30000);

        // Answered after stop(): never sent, reported as (0, false), still once.
        m_handler->keepResponders();
        RawTlsClient waiting;
        QVERIFY(connect(waiting));
        QVERIFY(waiting.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->keptResponders(), qsizetype(1), 30000);
        m_server->stop();
        Response afterStop = Response::json(200, "after stop");
        afterStop.onFinished = log->callback(3);
        m_handler->takeResponder()(std::move(afterStop)); // reported on this thread, at once
        QCOMPARE(log->count(), qsizetype(3));

        const auto entries = log->entries();
        QCOMPARE(entries[0].tag, 2); // the ignored second answer is reported at once, on the handler's thread
        QVERIFY(!entries[0].complete);
        QCOMPARE(entries[1].tag, 1);
        QVERIFY(entries[1].complete);
        QCOMPARE(entries[1].bytes, qint64(5));
        QCOMPARE(entries[2].tag, 3);
        QCOMPARE(entries[2].bytes, qint64(0));
        QVERIFY(!entries[2].complete);
    }

    void expectContinue()
    {
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.send("POST /dm HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
        const RawResponse interim = client.readResponse();
        QCOMPARE(interim.status, 100);
        QVERIFY(client.send("hello"));
        const RawResponse response = client.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, QByteArray("POST /dm hello"));

        RawTlsClient big; // too large: 413 at once, without waiting for the body
        QVERIFY(connect(big));
        QVERIFY(big.send("POST /dm HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n"));
        const RawResponse refused = big.readResponse();
        QCOMPARE(refused.status, 413);
        QVERIFY(big.waitForClosed());
    }

    void stopWithPendingResponder()
    {
        startServer();
        m_handler->keepResponders();
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->keptResponders(), qsizetype(1), 30000);
        RawTlsClient second;
        QVERIFY(connect(second));
        QVERIFY(second.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->keptResponders(), qsizetype(2), 30000);

        m_server->stop();
        QVERIFY(client.waitForClosed());
        Responder first = m_handler->takeResponder();
        first(Response::json(200, "too late")); // after stop(): harmless

        m_server.reset(); // and after the server is gone
        Responder other = m_handler->takeResponder();
        other(Response::json(200, "far too late"));
        QVERIFY(second.waitForClosed());
    }

    void droppedResponderAfterServerDestroyed()
    {
        startServer();
        m_handler->keepResponders();
        RawTlsClient client;
        QVERIFY(connect(client));
        QVERIFY(client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(m_handler->keptResponders(), qsizetype(1), 30000);
        m_server.reset();
        Responder kept = m_handler->takeResponder();
        kept = {}; // dropped unanswered after the server is gone: no 500, no crash
        QVERIFY(client.waitForClosed());
    }

    void restartAfterStop()
    {
        startServer();
        RawTlsClient client;
        QVERIFY(connect(client));
        QCOMPARE(client.request("GET", "/").status, 200);
        m_server->stop();
        QVERIFY(client.waitForClosed());
        QVERIFY(m_server->start().ok());
        RawTlsClient again;
        QVERIFY(again.connectTo(u"127.0.0.1"_s, m_server->port()));
        QCOMPARE(again.request("GET", "/").status, 200);
    }

    void startFailsWhenAddressTaken()
    {
        startServer();
        ServerOptions options = baseOptions();
        // A plain listener without SO_REUSEPORT holds the port: binding must fail.
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        options.port = holder.serverPort();
        HttpsServer second(options, m_handler);
        const Status started = second.start();
        QVERIFY(!started.ok());
        QVERIFY(started.errorString().contains(u"cannot listen"_s));

        ServerOptions badKey = baseOptions();
        badKey.privateKeyPem = tlsFixture().otherServerKeyPem;
        HttpsServer third(badKey, m_handler);
        QVERIFY(!third.start().ok());
    }
};

QTEST_GUILESS_MAIN(TestHttpsServer)
#include "tst_https_server.moc"

// BlobEndpoint behind a real HttpsServer on loopback TLS: exact bytes for 200 and every Range
// form, If-Range, 416, HEAD, 404/405, and the served() callback with the bytes that went out.

#include "core/crypto/Hash.h"
#include "server/http/HttpsServer.h"
#include "server/releases/BlobEndpoint.h"
#include "server/releases/BlobStore.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <mutex>
#include <vector>

using namespace flotilla;
using namespace flotilla::server::releases;
using namespace Qt::StringLiterals;
using flotilla::test::RawResponse;
using flotilla::test::RawTlsClient;

namespace {

struct Served
{
    QString sha256;
    qint64 bytes = 0;
    bool complete = false;
};

// What the device endpoint does once a vehicle is authenticated: GET/HEAD /dm/blob/<sha256>.
class BlobHandler final : public http::Handler
{
public:
    explicit BlobHandler(const BlobStore &store)
        : m_endpoint(store)
    {}

    void handle(http::Request request, http::Responder respond) override
    {
        const QByteArray path = request.path();
        if (!path.startsWith("/dm/blob/")) {
            respond(http::Response::json(404, "{}"));
            return;
        }
        const QString sha256 = QString::fromLatin1(path.mid(9));
        respond(m_endpoint.serve(request, sha256, [this, sha256](qint64 bytes, bool complete) {
            const std::lock_guard lock(m_mutex);
            m_served.push_back(Served{sha256, bytes, complete});
        }));
    }

    http::Response transportError(int status, const QString &) const override
    {
        return http::Response::json(status, "{}");
    }

    std::vector<Served> served()
    {
        const std::lock_guard lock(m_mutex);
        return m_served;
    }
    qsizetype servedCount()
    {
        const std::lock_guard lock(m_mutex);
        return qsizetype(m_served.size());
    }

private:
    BlobEndpoint m_endpoint;
    std::mutex m_mutex;
    std::vector<Served> m_served;
};

// Bytes that differ at every offset (a wrong slice cannot compare equal by accident).
QByteArray generated(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    quint32 x = seed;
    for (qsizetype i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = char(x & 0xff);
    }
    return data;
}

} // namespace

class TestBlobEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void fullGet();
    void ranges_data();
    void ranges();
    void ignoredRanges_data();
    void ignoredRanges();
    void ifRange_data();
    void ifRange();
    void unsatisfiable_data();
    void unsatisfiable();
    void head();
    void notFound_data();
    void notFound();
    void otherMethods();
    void resumeAfterBrokenDownload();
    void servedCountsAnAbortedDownload();

private:
    RawResponse get(const QByteArray &target, const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                    const QByteArray &method = "GET");
    QByteArray target() const { return "/dm/blob/" + m_sha256.toLatin1(); }
    QByteArray etag() const { return '"' + m_sha256.toLatin1() + '"'; }

    QTemporaryDir m_dir;
    std::unique_ptr<BlobStore> m_store;
    std::shared_ptr<BlobHandler> m_handler;
    std::unique_ptr<http::HttpsServer> m_server;
    QByteArray m_data; // the blob's content
    QString m_sha256;
};

void TestBlobEndpoint::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = std::make_unique<BlobStore>(m_dir.filePath(u"blobs"_s));
    // Larger than the transport's 64 KiB chunks and not a multiple of them.
    m_data = generated(3 * 1024 * 1024 + 4321, 7);
    const QString source = m_dir.filePath(u"image.bin"_s);
    QFile file(source);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(m_data), m_data.size());
    file.close();
    auto blob = m_store->copyFile(source, u"image"_s, 1);
    QVERIFY2(blob, qPrintable(blob.errorString()));
    m_sha256 = blob->sha256;
    QCOMPARE(m_sha256, crypto::Hasher::hexHash(m_data, crypto::HashAlgorithm::Sha256));

    http::ServerOptions options;
    options.address = u"127.0.0.1"_s;
    options.port = 0;
    options.threads = 2;
    options.certificateChainPem = test::tlsFixture().serverPem;
    options.privateKeyPem = test::tlsFixture().serverKeyPem;
    m_handler = std::make_shared<BlobHandler>(*m_store);
    m_server = std::make_unique<http::HttpsServer>(options, m_handler);
    const Status started = m_server->start();
    QVERIFY2(started, qPrintable(started.errorString()));
}

void TestBlobEndpoint::cleanupTestCase()
{
    m_server.reset();
}

void TestBlobEndpoint::init()
{
    QVERIFY(m_server);
}

RawResponse TestBlobEndpoint::get(const QByteArray &target, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                  const QByteArray &method)
{
    RawTlsClient client;
    if (!client.connectTo(u"127.0.0.1"_s, m_server->port())) {
        qWarning("connect: %s", qPrintable(client.errorString()));
        return {};
    }
    return client.request(method, target, headers);
}

void TestBlobEndpoint::fullGet()
{
    const qsizetype before = m_handler->servedCount();
    const RawResponse response = get(target());
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.size(), m_data.size());
    QVERIFY(response.body == m_data);
    QCOMPARE(response.header("Content-Length"), QByteArray::number(m_data.size()));
    QCOMPARE(response.header("Content-Type"), QByteArray("application/octet-stream"));
    QCOMPARE(response.header("Accept-Ranges"), QByteArray("bytes"));
    QCOMPARE(response.header("ETag"), etag());
    QVERIFY(response.header("Content-Range").isEmpty());
    // served() follows the last byte on the connection's thread.
    QTRY_COMPARE(m_handler->servedCount(), before + 1);
    const Served served = m_handler->served().back();
    QCOMPARE(served.sha256, m_sha256);
    QCOMPARE(served.bytes, m_data.size());
    QVERIFY(served.complete);
}

void TestBlobEndpoint::ranges_data()
{
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("length");
    const qint64 size = 3 * 1024 * 1024 + 4321;
    QTest::newRow("a-b") << QByteArray("bytes=100-1099") << qint64(100) << qint64(1000);
    QTest::newRow("one byte") << QByteArray("bytes=7-7") << qint64(7) << qint64(1);
    QTest::newRow("a-") << QByteArray("bytes=1000000-") << qint64(1000000) << size - 1000000;
    QTest::newRow("last byte") << QByteArray("bytes=") + QByteArray::number(size - 1) + '-' << size - 1 << qint64(1);
    QTest::newRow("-n") << QByteArray("bytes=-5000") << size - 5000 << qint64(5000);
    QTest::newRow("-n past the start") << QByteArray("bytes=-99999999") << qint64(0) << size;
    QTest::newRow("b past the end") << QByteArray("bytes=3000000-99999999") << qint64(3000000) << size - 3000000;
    QTest::newRow("spaces and case") << QByteArray("Bytes= 10 - 19 ") << qint64(10) << qint64(10);
}

void TestBlobEndpoint::ranges()
{
    QFETCH(QByteArray, range);
    QFETCH(qint64, first);
    QFETCH(qint64, length);
    const qsizetype before = m_handler->servedCount();
    const RawResponse response = get(target(), {{"Range", range}});
    QCOMPARE(response.status, 206);
    QCOMPARE(response.body.size(), length);
    QVERIFY(response.body == m_data.mid(first, length));
    QCOMPARE(response.header("Content-Range"), "bytes " + QByteArray::number(first) + '-' +
                                                   QByteArray::number(first + length - 1) + '/' +
                                                   QByteArray::number(m_data.size()));
    QCOMPARE(response.header("Content-Length"), QByteArray::number(length));
    QCOMPARE(response.header("ETag"), etag());
    QTRY_COMPARE(m_handler->servedCount(), before + 1);
    QCOMPARE(m_handler->served().back().bytes, length);
    QVERIFY(m_handler->served().back().complete);
}

void TestBlobEndpoint::ignoredRanges_data()
{
    QTest::addColumn<QByteArray>("range");
    // RFC 9110: a Range the server does not understand is ignored; several ranges get the whole
    // blob (documented in BlobEndpoint.cpp).
    QTest::newRow("several ranges") << QByteArray("bytes=0-1,5-6");
    QTest::newRow("other unit") << QByteArray("items=0-5");
    QTest::newRow("not a number") << QByteArray("bytes=abc-");
    QTest::newRow("last before first") << QByteArray("bytes=5-3");
    QTest::newRow("no dash") << QByteArray("bytes=5");
    QTest::newRow("negative") << QByteArray("bytes=--5");
    QTest::newRow("empty") << QByteArray("bytes=");
}

void TestBlobEndpoint::ignoredRanges()
{
    QFETCH(QByteArray, range);
    const RawResponse response = get(target(), {{"Range", range}});
    QCOMPARE(response.status, 200);
    QVERIFY(response.body == m_data);
    QVERIFY(response.header("Content-Range").isEmpty());
}

void TestBlobEndpoint::ifRange_data()
{
    QTest::addColumn<QByteArray>("ifRange");
    QTest::addColumn<int>("status");
    QTest::newRow("same ETag") << etag() << 206;
    QTest::newRow("another blob's ETag") << QByteArray('"' + QByteArray(64, 'a') + '"') << 200;
    QTest::newRow("weak ETag") << "W/" + etag() << 200; // If-Range needs a strong match
    QTest::newRow("unquoted") << m_sha256.toLatin1() << 200;
    QTest::newRow("a date") << QByteArray("Wed, 21 Oct 2026 07:28:00 GMT") << 200;
}

void TestBlobEndpoint::ifRange()
{
    QFETCH(QByteArray, ifRange);
    QFETCH(int, status);
    const RawResponse response = get(target(), {{"Range", "bytes=2000000-"}, {"If-Range", ifRange}});
    QCOMPARE(response.status, status);
    if (status == 206) {
        QVERIFY(response.body == m_data.mid(2000000));
        QCOMPARE(response.header("Content-Range"),
                 "bytes 2000000-" + QByteArray::number(m_data.size() - 1) + '/' + QByteArray::number(m_data.size()));
    } else {
        // The client's partial copy is of something else: it gets the whole blob, never a splice.
        QVERIFY(response.body == m_data);
        QVERIFY(response.header("Content-Range").isEmpty());
    }
}

void TestBlobEndpoint::unsatisfiable_data()
{
    QTest::addColumn<QByteArray>("range");
    QTest::newRow("start at the size") << "bytes=" + QByteArray::number(m_data.size()) + '-';
    QTest::newRow("start past the size") << "bytes=" + QByteArray::number(m_data.size() + 10) + "-" +
                                                QByteArray::number(m_data.size() + 20);
    QTest::newRow("empty suffix") << QByteArray("bytes=-0");
}

void TestBlobEndpoint::unsatisfiable()
{
    QFETCH(QByteArray, range);
    const qsizetype before = m_handler->servedCount();
    RawTlsClient client;
    QVERIFY(client.connectTo(u"127.0.0.1"_s, m_server->port()));
    const RawResponse response = client.request("GET", target(), {{"Range", range}});
    QCOMPARE(response.status, 416);
    QCOMPARE(response.header("Content-Range"), "bytes */" + QByteArray::number(m_data.size()));
    QCOMPARE(response.header("Content-Length"), QByteArray("0"));
    QVERIFY(response.body.isEmpty());
    // The connection stays usable, and only the next (satisfiable) request counts as served.
    const RawResponse after = client.request("GET", target(), {{"Range", "bytes=0-9"}});
    QCOMPARE(after.status, 206);
    QTRY_COMPARE(m_handler->servedCount(), before + 1);
    QCOMPARE(m_handler->served().back().bytes, qint64(10));
}

void TestBlobEndpoint::head()
{
    const qsizetype before = m_handler->servedCount();
    RawTlsClient client;
    QVERIFY(client.connectTo(u"127.0.0.1"_s, m_server->port()));
    const RawResponse whole = client.request("HEAD", target());
    QCOMPARE(whole.status, 200);
    QCOMPARE(whole.header("Content-Length"), QByteArray::number(m_data.size()));
    QCOMPARE(whole.header("ETag"), etag());
    QCOMPARE(whole.header("Accept-Ranges"), QByteArray("bytes"));
    QVERIFY(whole.body.isEmpty());
    const RawResponse partial = client.request("HEAD", target(), {{"Range", "bytes=-10"}});
    QCOMPARE(partial.status, 206);
    QCOMPARE(partial.header("Content-Length"), QByteArray("10"));
    QVERIFY(partial.body.isEmpty());
    // No body bytes were written on the keep-alive connection: the next GET parses cleanly.
    const RawResponse next = client.request("GET", target(), {{"Range", "bytes=0-3"}});
    QCOMPARE(next.status, 206);
    QVERIFY(next.body == m_data.left(4));
    QTRY_COMPARE(m_handler->servedCount(), before + 1); // the GET only
    QCOMPARE(m_handler->served().back().bytes, qint64(4));
}

void TestBlobEndpoint::notFound_data()
{
    QTest::addColumn<QByteArray>("digest");
    QTest::newRow("unknown") << QByteArray(64, 'b');
    QTest::newRow("upper case") << m_sha256.toUpper().toLatin1();
    QTest::newRow("too short") << m_sha256.left(63).toLatin1();
    QTest::newRow("not hex") << QByteArray(64, 'g');
    QTest::newRow("a path") << QByteArray("..%2F..%2Fimage.bin");
    QTest::newRow("empty") << QByteArray();
}

void TestBlobEndpoint::notFound()
{
    QFETCH(QByteArray, digest);
    const RawResponse response = get("/dm/blob/" + digest);
    QCOMPARE(response.status, 404);
    QVERIFY(!response.body.contains(m_data.left(16)));
    QVERIFY(response.header("ETag").isEmpty());
}

void TestBlobEndpoint::otherMethods()
{
    const RawResponse response = get(target(), {}, "POST");
    QCOMPARE(response.status, 405);
    QCOMPARE(response.header("Allow"), QByteArray("GET, HEAD"));
}

void TestBlobEndpoint::resumeAfterBrokenDownload()
{
    // security.md R8: half the blob, then "Range: bytes=N-" with If-Range; the pieces make the blob.
    const qint64 half = m_data.size() / 2;
    const RawResponse first = get(target(), {{"Range", "bytes=0-" + QByteArray::number(half - 1)}});
    QCOMPARE(first.status, 206);
    const RawResponse rest =
        get(target(), {{"Range", "bytes=" + QByteArray::number(half) + '-'}, {"If-Range", etag()}});
    QCOMPARE(rest.status, 206);
    QCOMPARE(crypto::Hasher::hexHash(QByteArray(first.body + rest.body), crypto::HashAlgorithm::Sha256), m_sha256);
}

void TestBlobEndpoint::servedCountsAnAbortedDownload()
{
    // A blob far larger than what loopback socket buffers hold, so the server is still writing
    // when the vehicle goes away.
    const QByteArray big = generated(48 * 1024 * 1024, 11);
    const QString source = m_dir.filePath(u"big.bin"_s);
    {
        QFile file(source);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(big), big.size());
    }
    auto blob = m_store->copyFile(source, u"image"_s, 1);
    QVERIFY(blob);
    const qsizetype before = m_handler->servedCount();
    {
        RawTlsClient client;
        QVERIFY(client.connectTo(u"127.0.0.1"_s, m_server->port()));
        QVERIFY(client.send("GET /dm/blob/" + blob->sha256.toLatin1() + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        QByteArray received;
        while (received.size() < 256 * 1024 && client.socket().waitForReadyRead(10'000))
            received += client.socket().readAll();
        QVERIFY(received.startsWith("HTTP/1.1 200"));
        client.socket().abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_handler->servedCount(), before + 1, 30'000);
    const Served served = m_handler->served().back();
    QCOMPARE(served.sha256, blob->sha256);
    QVERIFY(!served.complete);
    QVERIFY2(served.bytes < big.size(), qPrintable(QString::number(served.bytes)));
    QVERIFY(served.bytes >= 0);
}

QTEST_GUILESS_MAIN(TestBlobEndpoint)
#include "tst_blob_endpoint.moc"

#include "server/http/HttpsServer.h"
#include "tests/support/TestSupport.h"

#include <QProcess>
#include <QSslCertificate>
#include <QtTest>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace flotilla;
using namespace flotilla::http;
using namespace Qt::StringLiterals;
using flotilla::test::RawResponse;
using flotilla::test::RawTlsClient;
using flotilla::test::tlsFixture;

// The server's TLS policy seen from a raw OpenSSL client that can offer what Flotilla must refuse
// (TLS 1.0/1.1, CBC suites). A deliberately permissive OpenSSL server proves, for each refused
// offer, that the client really made it: a refusal then comes from our policy, not the client.
namespace {

struct SessionFree
{
    void operator()(SSL_SESSION *session) const { SSL_SESSION_free(session); }
};
struct CtxFree
{
    void operator()(SSL_CTX *context) const { SSL_CTX_free(context); }
};
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionFree>;
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;

struct ClientConfig
{
    int minVersion = TLS1_2_VERSION;
    int maxVersion = TLS1_3_VERSION;
    QByteArray cipherList;  // TLS 1.2 and below
    bool noTickets = false; // resume by session id (server cache) instead
    QByteArray certificatePem, keyPem;
};

struct HandshakeResult
{
    bool ok = false;
    QByteArray version, cipher;
    bool reused = false;
    bool compression = false;
    QByteArray response; // full raw HTTP response when a request was sent
    SessionPtr session;
    QByteArray error;
};

bool usePem(SSL_CTX *context, const QByteArray &certificatePem, const QByteArray &keyPem)
{
    BIO *certBio = BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size()));
    X509 *cert = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
    BIO_free(certBio);
    BIO *keyBio = BIO_new_mem_buf(keyPem.constData(), int(keyPem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
    BIO_free(keyBio);
    const bool ok =
        cert && key && SSL_CTX_use_certificate(context, cert) == 1 && SSL_CTX_use_PrivateKey(context, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

CtxPtr clientContext(const ClientConfig &config)
{
    CtxPtr context(SSL_CTX_new(TLS_client_method()));
    SSL_CTX_set_security_level(context.get(), 0); // let it offer the old protocols and suites
    SSL_CTX_set_min_proto_version(context.get(), config.minVersion);
    SSL_CTX_set_max_proto_version(context.get(), config.maxVersion);
    if (!config.cipherList.isEmpty())
        SSL_CTX_set_cipher_list(context.get(), QByteArray(config.cipherList + ":@SECLEVEL=0").constData());
    if (config.noTickets)
        SSL_CTX_set_options(context.get(), SSL_OP_NO_TICKET);
    SSL_CTX_set_options(context.get(), SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    if (!config.certificatePem.isEmpty())
        usePem(context.get(), config.certificatePem, config.keyPem);
    return context;
}

int connectTcp(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{20, 0}; // a refusal must never hang the test
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

QByteArray readHttpResponse(SSL *ssl)
{
    QByteArray data;
    char buffer[4096];
    for (;;) {
        const qsizetype headerEnd = data.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            const qsizetype at = data.toLower().indexOf("content-length:");
            const qsizetype length =
                at < 0 ? 0 : data.mid(at + 15, data.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (data.size() >= headerEnd + 4 + length)
                return data;
        }
        const int got = SSL_read(ssl, buffer, sizeof buffer);
        if (got <= 0)
            return data;
        data.append(buffer, got);
    }
}

HandshakeResult handshake(SSL_CTX *context, quint16 port, SSL_SESSION *resume = nullptr, const QByteArray &request = {},
                          bool renegotiate = false)
{
    HandshakeResult result;
    ERR_clear_error();
    const int fd = connectTcp(port);
    if (fd < 0) {
        result.error = "connect failed";
        return result;
    }
    SSL *ssl = SSL_new(context);
    SSL_set_fd(ssl, fd);
    if (resume)
        SSL_set_session(ssl, resume);
    if (SSL_connect(ssl) == 1) {
        result.ok = true;
        result.version = SSL_get_version(ssl);
        result.cipher = SSL_get_cipher_name(ssl);
        result.reused = SSL_session_reused(ssl) == 1;
        result.compression = SSL_get_current_compression(ssl) != nullptr;
        if (renegotiate) {
            result.ok = SSL_renegotiate(ssl) == 1 && SSL_do_handshake(ssl) == 1;
            // The server answers a refused renegotiation with an alert on the next read.
            if (result.ok && !request.isEmpty())
                result.ok = SSL_write(ssl, request.constData(), int(request.size())) > 0;
            if (result.ok && !request.isEmpty())
                result.ok = !readHttpResponse(ssl).isEmpty();
        } else if (!request.isEmpty() && SSL_write(ssl, request.constData(), int(request.size())) > 0) {
            result.response = readHttpResponse(ssl);
        }
        result.session.reset(SSL_get1_session(ssl));
        SSL_shutdown(ssl);
    }
    char text[256] = {};
    ERR_error_string_n(ERR_peek_last_error(), text, sizeof text);
    if (!result.ok)
        result.error = text;
    ERR_clear_error();
    SSL_free(ssl);
    ::close(fd);
    return result;
}

// An RSA server certificate made here: with the fixture's ECDSA certificate no RSA key exchange
// suite (AES128-SHA, AES128-GCM-SHA256) could ever be negotiated, so refusing one would prove nothing.
struct PemPair
{
    QByteArray certificate, key;
};

const PemPair &rsaServer()
{
    static const PemPair pair = [] {
        PemPair result;
        EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(2048));
        X509 *cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), 7 * 86400);
        X509_set_pubkey(cert, key);
        X509_NAME *name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("localhost"), -1,
                                   -1, 0);
        X509_set_issuer_name(cert, name);
        X509_sign(cert, key, EVP_sha256());
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(bio, cert);
        char *data = nullptr;
        long length = BIO_get_mem_data(bio, &data);
        result.certificate = QByteArray(data, length);
        BIO_free(bio);
        bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
        length = BIO_get_mem_data(bio, &data);
        result.key = QByteArray(data, length);
        BIO_free(bio);
        X509_free(cert);
        EVP_PKEY_free(key);
        return result;
    }();
    return pair;
}

// Accepts anything OpenSSL can still do at security level 0: the control for the refusals.
class PermissiveServer
{
public:
    explicit PermissiveServer(bool rsa)
        : m_context(SSL_CTX_new(TLS_server_method()))
    {
        SSL_CTX_set_security_level(m_context.get(), 0);
        SSL_CTX_set_min_proto_version(m_context.get(), TLS1_VERSION);
        SSL_CTX_set_cipher_list(m_context.get(), "ALL:@SECLEVEL=0");
        SSL_CTX_set_options(m_context.get(), SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
        SSL_CTX_set_dh_auto(m_context.get(), 1);
        if (rsa)
            usePem(m_context.get(), rsaServer().certificate, rsaServer().key);
        else
            usePem(m_context.get(), tlsFixture().serverPem, tlsFixture().serverKeyPem);
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<const sockaddr *>(&address), sizeof address);
        ::listen(m_listener, 16);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { run(); });
    }
    ~PermissiveServer()
    {
        m_stop = true;
        m_thread.join();
        ::close(m_listener);
    }
    quint16 port() const { return m_port; }

private:
    void run()
    {
        while (!m_stop) {
            pollfd poller{m_listener, POLLIN, 0};
            if (::poll(&poller, 1, 50) <= 0)
                continue;
            const int fd = ::accept(m_listener, nullptr, nullptr);
            if (fd < 0)
                continue;
            timeval timeout{5, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
            SSL *ssl = SSL_new(m_context.get());
            SSL_set_fd(ssl, fd);
            if (SSL_accept(ssl) == 1) {
                char buffer[1024];
                while (SSL_read(ssl, buffer, sizeof buffer) > 0) {
                }
            }
            ERR_clear_error();
            SSL_free(ssl);
            ::close(fd);
        }
    }

    CtxPtr m_context;
    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

class WhoAmIHandler final : public Handler
{
public:
    void handle(Request request, Responder respond) override
    {
        respond(Response::json(200, request.clientCertificateSha256.toLatin1(), "text/plain"));
    }
    Response transportError(int status, const QString &description) const override
    {
        return Response::json(status, description.toUtf8(), "text/plain");
    }
};

QByteArray fixtureFingerprint(const QByteArray &pem)
{
    return QSslCertificate(pem, QSsl::Pem).digest(QCryptographicHash::Sha256).toHex();
}

const QByteArray WhoAmI = "GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n";

} // namespace

class TestTlsPolicy : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpsServer> m_server;

    void startServer(QByteArray clientCaPem = {}, std::chrono::milliseconds idleTimeout = std::chrono::seconds(60),
                     bool rsa = false)
    {
        ServerOptions options;
        options.address = u"127.0.0.1"_s;
        options.port = 0;
        options.threads = 2;
        options.certificateChainPem = rsa ? rsaServer().certificate : tlsFixture().serverPem;
        options.privateKeyPem = rsa ? rsaServer().key : tlsFixture().serverKeyPem;
        options.clientCaPem = std::move(clientCaPem);
        options.idleTimeout = idleTimeout;
        m_server = std::make_unique<HttpsServer>(options, std::make_shared<WhoAmIHandler>());
        const Status started = m_server->start();
        QVERIFY2(started.ok(), qPrintable(started.errorString()));
    }

private Q_SLOTS:
    void cleanup() { m_server.reset(); }

    void tls13Handshake()
    {
        startServer();
        ClientConfig config;
        config.minVersion = config.maxVersion = TLS1_3_VERSION;
        CtxPtr context = clientContext(config);
        const HandshakeResult result = handshake(context.get(), m_server->port(), nullptr, WhoAmI);
        QVERIFY2(result.ok, result.error.constData());
        QCOMPARE(result.version, QByteArray("TLSv1.3"));
        QVERIFY(QByteArray("TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256")
                    .contains(result.cipher));
        QVERIFY(!result.compression);
        QVERIFY(result.response.startsWith("HTTP/1.1 200"));
    }

    void tls12AeadHandshakes_data()
    {
        QTest::addColumn<bool>("rsa");
        QTest::addColumn<QByteArray>("cipher");
        QTest::newRow("ecdsa-aes128-gcm") << false << QByteArray("ECDHE-ECDSA-AES128-GCM-SHA256");
        QTest::newRow("ecdsa-aes256-gcm") << false << QByteArray("ECDHE-ECDSA-AES256-GCM-SHA384");
        QTest::newRow("ecdsa-chacha20") << false << QByteArray("ECDHE-ECDSA-CHACHA20-POLY1305");
        QTest::newRow("ecdsa-any") << false << QByteArray("ALL");
        QTest::newRow("rsa-aes128-gcm") << true << QByteArray("ECDHE-RSA-AES128-GCM-SHA256");
        QTest::newRow("rsa-aes256-gcm") << true << QByteArray("ECDHE-RSA-AES256-GCM-SHA384");
        QTest::newRow("rsa-chacha20") << true << QByteArray("ECDHE-RSA-CHACHA20-POLY1305");
        QTest::newRow("rsa-any") << true << QByteArray("ALL");
    }

    void tls12AeadHandshakes()
    {
        QFETCH(bool, rsa);
        QFETCH(QByteArray, cipher);
        startServer({}, std::chrono::seconds(60), rsa);
        ClientConfig config;
        config.minVersion = config.maxVersion = TLS1_2_VERSION;
        config.cipherList = cipher;
        CtxPtr context = clientContext(config);
        const HandshakeResult result = handshake(context.get(), m_server->port(), nullptr, WhoAmI);
        QVERIFY2(result.ok, result.error.constData());
        QCOMPARE(result.version, QByteArray("TLSv1.2"));
        if (cipher != "ALL")
            QCOMPARE(result.cipher, cipher);
        QVERIFY2(result.cipher.startsWith("ECDHE-") &&
                     (result.cipher.contains("GCM") || result.cipher.contains("CHACHA20")),
                 result.cipher.constData());
        QVERIFY(!result.compression);
    }

    void refusedOffers_data()
    {
        QTest::addColumn<bool>("rsa");
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("cipher");
        QTest::newRow("tls1.1") << false << int(TLS1_1_VERSION) << QByteArray("ALL");
        QTest::newRow("tls1.0") << false << int(TLS1_VERSION) << QByteArray("ALL");
        QTest::newRow("tls1.1-rsa") << true << int(TLS1_1_VERSION) << QByteArray("ALL");
        QTest::newRow("tls1.2-AES128-SHA") << true << int(TLS1_2_VERSION) << QByteArray("AES128-SHA");
        QTest::newRow("tls1.2-AES128-GCM-SHA256 (no ECDHE)")
            << true << int(TLS1_2_VERSION) << QByteArray("AES128-GCM-SHA256");
        QTest::newRow("tls1.2-DHE-RSA-AES128-GCM")
            << true << int(TLS1_2_VERSION) << QByteArray("DHE-RSA-AES128-GCM-SHA256");
        QTest::newRow("tls1.2-ECDHE-RSA-CBC") << true << int(TLS1_2_VERSION) << QByteArray("ECDHE-RSA-AES128-SHA");
        QTest::newRow("tls1.2-ECDHE-ECDSA-CBC-SHA")
            << false << int(TLS1_2_VERSION) << QByteArray("ECDHE-ECDSA-AES128-SHA");
        QTest::newRow("tls1.2-ECDHE-ECDSA-CBC-SHA256")
            << false << int(TLS1_2_VERSION) << QByteArray("ECDHE-ECDSA-AES128-SHA256");
    }

    void refusedOffers()
    {
        QFETCH(bool, rsa);
        QFETCH(int, version);
        QFETCH(QByteArray, cipher);
        ClientConfig config;
        config.minVersion = config.maxVersion = version;
        config.cipherList = cipher;
        CtxPtr context = clientContext(config);
        {
            PermissiveServer control(rsa); // the offer is real: a permissive server takes it
            const HandshakeResult accepted = handshake(context.get(), control.port());
            QVERIFY2(accepted.ok, accepted.error.constData());
        }
        startServer({}, std::chrono::seconds(60), rsa);
        const HandshakeResult refused = handshake(context.get(), m_server->port());
        QVERIFY(!refused.ok);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().handshakeFailures, quint64(1), 30000);
    }

    void renegotiationRefused()
    {
        ClientConfig config;
        config.minVersion = config.maxVersion = TLS1_2_VERSION;
        CtxPtr context = clientContext(config);
        {
            PermissiveServer control(false);
            const HandshakeResult accepted = handshake(context.get(), control.port(), nullptr, {}, true);
            QVERIFY2(accepted.ok, accepted.error.constData());
        }
        startServer();
        const HandshakeResult refused = handshake(context.get(), m_server->port(), nullptr, WhoAmI, true);
        QVERIFY(!refused.ok);
    }

    void sessionResumption_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("noTickets");
        QTest::addColumn<bool>("clientCertificate");
        QTest::newRow("tls1.3-ticket") << int(TLS1_3_VERSION) << false << false;
        QTest::newRow("tls1.2-ticket") << int(TLS1_2_VERSION) << false << false;
        QTest::newRow("tls1.2-session-id") << int(TLS1_2_VERSION) << true << false;
        QTest::newRow("tls1.3-ticket-mtls") << int(TLS1_3_VERSION) << false << true;
        QTest::newRow("tls1.2-session-id-mtls") << int(TLS1_2_VERSION) << true << true;
    }

    void sessionResumption()
    {
        QFETCH(int, version);
        QFETCH(bool, noTickets);
        QFETCH(bool, clientCertificate);
        startServer(clientCertificate ? tlsFixture().caPem : QByteArray());
        ClientConfig config;
        config.minVersion = config.maxVersion = version;
        config.noTickets = noTickets;
        if (clientCertificate) {
            config.certificatePem = tlsFixture().clientPem;
            config.keyPem = tlsFixture().clientKeyPem;
        }
        CtxPtr context = clientContext(config);
        const QByteArray expected = clientCertificate ? fixtureFingerprint(tlsFixture().clientPem) : QByteArray();

        HandshakeResult first = handshake(context.get(), m_server->port(), nullptr, WhoAmI);
        QVERIFY2(first.ok, first.error.constData());
        QVERIFY(!first.reused);
        QVERIFY(first.response.endsWith(QByteArray("\r\n\r\n" + expected)));
        QVERIFY(first.session && SSL_SESSION_is_resumable(first.session.get()));

        for (int i = 0; i < 3; ++i) {
            HandshakeResult again = handshake(context.get(), m_server->port(), first.session.get(), WhoAmI);
            QVERIFY2(again.ok, again.error.constData());
            QVERIFY(again.reused);
            // The resumed connection still knows the client certificate.
            QVERIFY2(again.response.endsWith(QByteArray("\r\n\r\n" + expected)), again.response.constData());
        }
    }

    void sessionSurvivesIdleClose()
    {
        // The server ends idle connections without close_notify; their session stays resumable.
        startServer({}, std::chrono::milliseconds(200));
        ClientConfig config;
        config.minVersion = config.maxVersion = TLS1_2_VERSION;
        config.noTickets = true; // session id: the server's own cache decides
        CtxPtr context = clientContext(config);
        const int fd = connectTcp(m_server->port());
        QVERIFY(fd >= 0);
        SSL *ssl = SSL_new(context.get());
        SSL_set_fd(ssl, fd);
        QCOMPARE(SSL_connect(ssl), 1);
        SessionPtr session(SSL_get1_session(ssl));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().connectionsOpen, quint64(0), 30000);
        SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(ssl);
        ::close(fd);
        const HandshakeResult again = handshake(context.get(), m_server->port(), session.get(), WhoAmI);
        QVERIFY2(again.ok, again.error.constData());
        QVERIFY(again.reused);
    }

    void clientCertificateFingerprint()
    {
        startServer(tlsFixture().caPem);
        const QByteArray expected = fixtureFingerprint(tlsFixture().clientPem);
        QCOMPARE(expected.size(), 64);
        {
            RawTlsClient client;
            client.setClientCertificate(tlsFixture().clientPem, tlsFixture().clientKeyPem);
            QVERIFY2(client.connectTo(u"127.0.0.1"_s, m_server->port()), qPrintable(client.errorString()));
            QCOMPARE(client.request("GET", "/whoami").body, expected);
        }
        {
            RawTlsClient client; // no certificate: the handshake succeeds, nothing to report
            QVERIFY(client.connectTo(u"127.0.0.1"_s, m_server->port()));
            const RawResponse response = client.request("GET", "/whoami");
            QCOMPARE(response.status, 200);
            QVERIFY(response.body.isEmpty());
        }
        {
            RawTlsClient client; // a certificate from another CA: accepted, but not reported
            client.setClientCertificate(tlsFixture().otherServerPem, tlsFixture().otherServerKeyPem);
            QVERIFY(client.connectTo(u"127.0.0.1"_s, m_server->port()));
            const RawResponse response = client.request("GET", "/whoami");
            QCOMPARE(response.status, 200);
            QVERIFY(response.body.isEmpty());
        }
    }

    void clientCertificateIgnoredWithoutClientCa()
    {
        startServer(); // no clientCaPem: certificates are not even asked for
        RawTlsClient client;
        client.setClientCertificate(tlsFixture().clientPem, tlsFixture().clientKeyPem);
        QVERIFY(client.connectTo(u"127.0.0.1"_s, m_server->port()));
        const RawResponse response = client.request("GET", "/whoami");
        QCOMPARE(response.status, 200);
        QVERIFY(response.body.isEmpty());
    }

    void opensslCliReconnect()
    {
        // The independent check from security.md: `openssl s_client -reconnect -tls1_2`.
        startServer();
        QProcess openssl;
        openssl.start(u"openssl"_s,
                      {u"s_client"_s, u"-connect"_s, u"127.0.0.1:%1"_s.arg(m_server->port()), u"-tls1_2"_s,
                       u"-reconnect"_s, u"-CAfile"_s, flotilla::test::sourceDir() + u"/tests/data/tls/ca.pem"_s});
        if (!openssl.waitForStarted(30000))
            QSKIP("the openssl command is not available");
        openssl.closeWriteChannel();
        QVERIFY(openssl.waitForFinished(60000));
        const QByteArray output = openssl.readAllStandardOutput();
        QCOMPARE(output.count("Reused, TLSv1.2"), 5);
        QVERIFY(output.contains("Verify return code: 0 (ok)"));
    }
};

QTEST_GUILESS_MAIN(TestTlsPolicy)
#include "tst_tls_policy.moc"

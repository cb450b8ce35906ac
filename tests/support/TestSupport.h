#pragma once

#include <QByteArray>
#include <QList>
#include <QSslSocket>
#include <QString>

#include <memory>
#include <utility>

// Helpers shared by the test executables. Real parts only: temporary folders on disk, real TLS
// sockets on loopback.
namespace flotilla::test {

QString sourceDir();                              // the repository (FLOTILLA_SOURCE_DIR, set by CTest)
QString sharedDir();                              // ../shared beside the repository (FLOTILLA_SHARED_DIR)
QByteArray readFile(const QString &path);         // QFAIL-friendly: empty on error, with a qWarning
QByteArray testData(const QString &relativePath); // tests/data/<relativePath>

// The openssl-made test PKI in tests/data/tls (see its README).
struct TlsFixture
{
    QByteArray caPem, caKeyPem;
    QByteArray serverPem, serverKeyPem;
    QByteArray clientPem, clientKeyPem;
    QByteArray otherCaPem;
    QByteArray otherServerPem, otherServerKeyPem;
};
const TlsFixture &tlsFixture();

struct RawResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(QByteArrayView name) const;
};

// A blocking HTTPS client over QSslSocket that sends exactly the bytes a test gives it, so tests
// can send what no well-behaved client would (bad headers, lying lengths, oversized bodies).
class RawTlsClient
{
public:
    explicit RawTlsClient(QByteArray caPem = tlsFixture().caPem);
    ~RawTlsClient();

    bool connectTo(const QString &host, quint16 port, int timeoutMs = 10000);
    void setClientCertificate(const QByteArray &certPem, const QByteArray &keyPem);
    bool send(const QByteArray &bytes, int timeoutMs = 10000);
    // Reads one HTTP/1.1 response (Content-Length bodies; HEAD: pass expectBody = false).
    // Returns status 0 when the connection closed or timed out first.
    RawResponse readResponse(int timeoutMs = 10000, bool expectBody = true);
    // One request with Content-Length set from body; extra headers are added verbatim.
    RawResponse request(const QByteArray &method, const QByteArray &target,
                        const QList<std::pair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {},
                        int timeoutMs = 10000);
    // True when the server closed the connection (waits up to timeoutMs for it).
    bool waitForClosed(int timeoutMs = 10000);
    bool isConnected() const;
    QString errorString() const;
    QSslSocket &socket() { return *m_socket; }

private:
    std::unique_ptr<QSslSocket> m_socket;
    QByteArray m_buffer;
    QByteArray m_caPem;
};

} // namespace flotilla::test

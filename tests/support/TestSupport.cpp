#include "tests/support/TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QtTest>

namespace flotilla::test {

QString sourceDir()
{
    const QByteArray fromEnv = qgetenv("FLOTILLA_SOURCE_DIR");
    if (!fromEnv.isEmpty())
        return QString::fromLocal8Bit(fromEnv);
    return QStringLiteral(FLOTILLA_TEST_SOURCE_DIR);
}

QString sharedDir()
{
    const QByteArray fromEnv = qgetenv("FLOTILLA_SHARED_DIR");
    if (!fromEnv.isEmpty())
        return QString::fromLocal8Bit(fromEnv);
    return sourceDir() + u"/../shared";
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s: %s", qPrintable(path), qPrintable(file.errorString()));
        return {};
    }
    return file.readAll();
}

QByteArray testData(const QString &relativePath)
{
    return readFile(sourceDir() + u"/tests/data/" + relativePath);
}

const TlsFixture &tlsFixture()
{
    static const TlsFixture fixture = [] {
        TlsFixture f;
        f.caPem = testData(QStringLiteral("tls/ca.pem"));
        f.caKeyPem = testData(QStringLiteral("tls/ca.key"));
        f.serverPem = testData(QStringLiteral("tls/server.pem"));
        f.serverKeyPem = testData(QStringLiteral("tls/server.key"));
        f.clientPem = testData(QStringLiteral("tls/client.pem"));
        f.clientKeyPem = testData(QStringLiteral("tls/client.key"));
        f.otherCaPem = testData(QStringLiteral("tls/other-ca.pem"));
        f.otherServerPem = testData(QStringLiteral("tls/other-server.pem"));
        f.otherServerKeyPem = testData(QStringLiteral("tls/other-server.key"));
        return f;
    }();
    return fixture;
}

QByteArray RawResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RawTlsClient::RawTlsClient(QByteArray caPem)
    : m_socket(std::make_unique<QSslSocket>())
    , m_caPem(std::move(caPem))
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromData(m_caPem, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_socket->setSslConfiguration(config);
}

RawTlsClient::~RawTlsClient() = default;

void RawTlsClient::setClientCertificate(const QByteArray &certPem, const QByteArray &keyPem)
{
    QSslConfiguration config = m_socket->sslConfiguration();
    config.setLocalCertificate(QSslCertificate(certPem, QSsl::Pem));
    config.setPrivateKey(QSslKey(keyPem, QSsl::Ec, QSsl::Pem));
    m_socket->setSslConfiguration(config);
}

bool RawTlsClient::connectTo(const QString &host, quint16 port, int timeoutMs)
{
    m_buffer.clear();
    m_socket->connectToHostEncrypted(host, port);
    return m_socket->waitForEncrypted(timeoutMs);
}

bool RawTlsClient::send(const QByteArray &bytes, int timeoutMs)
{
    if (m_socket->write(bytes) != bytes.size())
        return false;
    QElapsedTimer timer;
    timer.start();
    while (m_socket->bytesToWrite() > 0 && timer.elapsed() < timeoutMs) {
        if (!m_socket->waitForBytesWritten(int(timeoutMs - timer.elapsed())))
            break;
    }
    return m_socket->bytesToWrite() == 0;
}

RawResponse RawTlsClient::readResponse(int timeoutMs, bool expectBody)
{
    QElapsedTimer timer;
    timer.start();
    auto fill = [&]() {
        if (m_socket->bytesAvailable() == 0 &&
            !m_socket->waitForReadyRead(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            return false;
        m_buffer += m_socket->readAll();
        return true;
    };
    qsizetype headerEnd = -1;
    while ((headerEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (timer.elapsed() >= timeoutMs || !fill())
            return {};
    }
    RawResponse response;
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    response.status = statusLine.value(1).toInt();
    qint64 contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            contentLength = line.mid(colon + 1).trimmed().toLongLong();
    }
    m_buffer.remove(0, headerEnd + 4);
    if (!expectBody || response.status == 204 || response.status == 304 || response.status / 100 == 1)
        contentLength = 0;
    while (m_buffer.size() < contentLength) {
        if (timer.elapsed() >= timeoutMs || !fill())
            return {};
    }
    response.body = m_buffer.left(contentLength);
    m_buffer.remove(0, contentLength);
    return response;
}

RawResponse RawTlsClient::request(const QByteArray &method, const QByteArray &target,
                                  const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body,
                                  int timeoutMs)
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\n";
    for (const auto &[name, value] : headers)
        bytes += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "\r\n" + body;
    if (!send(bytes, timeoutMs))
        return {};
    return readResponse(timeoutMs, method != "HEAD");
}

bool RawTlsClient::waitForClosed(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_socket->state() != QAbstractSocket::UnconnectedState && timer.elapsed() < timeoutMs) {
        if (m_socket->waitForReadyRead(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            m_buffer += m_socket->readAll();
    }
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}

bool RawTlsClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

QString RawTlsClient::errorString() const
{
    return m_socket->errorString();
}

} // namespace flotilla::test

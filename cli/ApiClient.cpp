#include "cli/ApiClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

ApiClient::ApiClient(Connection connection, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_network(std::make_unique<QNetworkAccessManager>())
{}

ApiClient::~ApiClient() = default;

void ApiClient::send(const ApiRequest &request, std::function<void(const ApiResponse &)> done)
{
    QUrl url = m_connection.baseUrl;
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    for (const QString &segment : request.path)
        path += '/' + QUrl::toPercentEncoding(segment);
    url.setPath(QString::fromLatin1(path), QUrl::TolerantMode);
    // Encoded by hand: QUrlQuery leaves '+' alone, which the server reads as a space.
    QByteArray query;
    for (const auto &[name, value] : request.query) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    if (!query.isEmpty())
        url.setQuery(QString::fromLatin1(query), QUrl::TolerantMode);

    QNetworkRequest networkRequest(url);
    networkRequest.setRawHeader("Authorization", "Bearer " + m_connection.token.toUtf8());
    networkRequest.setRawHeader("Accept", "application/json");
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("flotillactl/" FLOTILLA_VERSION));
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    networkRequest.setTransferTimeout(m_connection.timeoutMs);

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    if (m_connection.insecure) {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        // Replaces the system store (and turns off on-demand loading of system roots).
        tls.setCaCertificates(QSslCertificate::fromData(m_connection.caPem, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    networkRequest.setSslConfiguration(tls);

    QByteArray body;
    if (request.body) {
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        body = QJsonDocument(*request.body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *reply = m_network->sendCustomRequest(networkRequest, request.method, body);

    auto tlsErrors = std::make_shared<QStringList>();
    connect(reply, &QNetworkReply::sslErrors, this, [tlsErrors](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            tlsErrors->append(error.errorString());
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, tlsErrors, done = std::move(done)] {
        reply->deleteLater();
        done(interpret(*reply, *tlsErrors));
    });
}

ApiResponse ApiClient::interpret(QNetworkReply &reply, const QStringList &tlsErrors) const
{
    ApiResponse response;
    const QString where = m_connection.baseUrl.toString();
    response.httpStatus = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (response.httpStatus <= 0) {
        response.outcome = ApiResponse::Outcome::ConnectionFailed;
        if (!tlsErrors.isEmpty()) {
            response.message = u"TLS failure talking to %1: %2 (is the pinned CA the server's pki/ca.pem?)"_s.arg(
                where, tlsErrors.join(u"; "));
        } else if (reply.error() == QNetworkReply::OperationCanceledError) {
            response.message = u"no answer from %1 within %2 s"_s.arg(where).arg(m_connection.timeoutMs / 1000.0);
        } else {
            response.message = u"cannot connect to %1: %2"_s.arg(where, reply.errorString());
        }
        return response;
    }

    response.body = reply.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    response.json = document.object();
    const bool isJsonObject = parseError.error == QJsonParseError::NoError && document.isObject();
    if (response.httpStatus >= 200 && response.httpStatus < 300 && isJsonObject) {
        response.outcome = ApiResponse::Outcome::Ok;
        return response;
    }
    response.outcome = ApiResponse::Outcome::ApiError;
    const QString message = response.json.value(u"error"_s).toObject().value(u"message"_s).toString();
    if (!message.isEmpty()) {
        response.message = u"%1 (HTTP %2)"_s.arg(message).arg(response.httpStatus);
    } else {
        const QString reason =
            QString::fromLatin1(reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
        response.message =
            isJsonObject || response.httpStatus >= 300
                ? u"HTTP %1 %2 from %3"_s.arg(response.httpStatus).arg(reason, where)
                : u"the answer from %1 is not a JSON object (HTTP %2)"_s.arg(where).arg(response.httpStatus);
    }
    return response;
}

} // namespace flotilla::cli

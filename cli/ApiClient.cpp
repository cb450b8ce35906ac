#include "cli/ApiClient.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QSslError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

ApiClient::ApiClient(Connection connection, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_network(std::make_unique<QNetworkAccessManager>())
{}

ApiClient::~ApiClient() = default;

QNetworkReply *ApiClient::start(const ApiRequest &request, const QByteArray &accept)
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
    networkRequest.setRawHeader("Accept", accept);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("flotillactl/" FLOTILLA_VERSION));
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    networkRequest.setTransferTimeout(std::max(m_connection.timeoutMs, request.minTimeoutMs));

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
    } else if (request.rawBody) {
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
        body = *request.rawBody;
    }
    return m_network->sendCustomRequest(networkRequest, request.method, body);
}

void ApiClient::send(const ApiRequest &request, std::function<void(const ApiResponse &)> done)
{
    QNetworkReply *reply = start(request, "application/json");
    auto tlsErrors = std::make_shared<QStringList>();
    connect(reply, &QNetworkReply::sslErrors, this, [tlsErrors](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            tlsErrors->append(error.errorString());
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, tlsErrors, done = std::move(done)] {
        reply->deleteLater();
        done(interpret(*reply, *tlsErrors, reply->readAll()));
    });
}

void ApiClient::download(const ApiRequest &request, const QString &path, const QString &expectedSha256,
                         std::function<void(const ApiDownload &)> done)
{
    // What a download keeps between events: the file being written (QSaveFile: the name appears
    // only at commit), the running digest, and an error answer's body (small, JSON).
    struct State
    {
        explicit State(const QString &path)
            : file(path)
            , hash(QCryptographicHash::Sha256)
        {}
        QSaveFile file;
        QCryptographicHash hash;
        qint64 bytes = 0;
        QByteArray errorBody;
        QString fileError;
        QStringList tlsErrors;
    };
    auto state = std::make_shared<State>(path);
    if (!state->file.open(QIODevice::WriteOnly)) {
        ApiDownload result;
        result.response.outcome = ApiResponse::Outcome::ApiError;
        result.response.message = u"cannot write %1: %2"_s.arg(path, state->file.errorString());
        QMetaObject::invokeMethod(
            this, [result, done = std::move(done)] { done(result); }, Qt::QueuedConnection);
        return;
    }
    QNetworkReply *reply = start(request, "application/octet-stream, application/json");
    // Back-pressure: at most this much waits in memory until the loop below writes it out.
    constexpr qint64 ReadBufferBytes = 1024 * 1024;
    reply->setReadBufferSize(ReadBufferBytes);
    connect(reply, &QNetworkReply::sslErrors, this, [state](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            state->tlsErrors.append(error.errorString());
    });
    const auto drain = [reply, state] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        while (reply->bytesAvailable() > 0) {
            const QByteArray chunk = reply->read(ReadBufferBytes);
            if (status < 200 || status >= 300) {
                if (state->errorBody.size() < ReadBufferBytes) // an error answer is small JSON; keep no more
                    state->errorBody += chunk;
                continue;
            }
            if (!state->fileError.isEmpty())
                continue;
            if (state->file.write(chunk) != chunk.size()) {
                state->fileError = state->file.errorString();
                continue;
            }
            state->hash.addData(chunk);
            state->bytes += chunk.size();
        }
    };
    connect(reply, &QNetworkReply::readyRead, this, drain);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, state, drain, path, expectedSha256, done = std::move(done)] {
                reply->deleteLater();
                drain();
                ApiDownload result;
                result.bytes = state->bytes;
                result.sha256 = QString::fromLatin1(state->hash.result().toHex());
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status < 200 || status >= 300) {
                    result.response = interpret(*reply, state->tlsErrors, state->errorBody);
                } else if (reply->error() != QNetworkReply::NoError) {
                    // The answer began but did not finish (connection cut, no byte for too long).
                    result.response.outcome = ApiResponse::Outcome::ConnectionFailed;
                    result.response.httpStatus = status;
                    result.response.message =
                        u"the download from %1 stopped after %2 bytes: %3"_s.arg(m_connection.baseUrl.toString())
                            .arg(state->bytes)
                            .arg(reply->errorString());
                } else {
                    result.response.outcome = ApiResponse::Outcome::Ok;
                    result.response.httpStatus = status;
                }
                if (result.response.outcome == ApiResponse::Outcome::Ok) {
                    if (!state->fileError.isEmpty()) {
                        result.response.outcome = ApiResponse::Outcome::ApiError;
                        result.response.message = u"cannot write %1: %2"_s.arg(path, state->fileError);
                    } else if (!expectedSha256.isEmpty() && result.sha256 != expectedSha256.toLower()) {
                        result.response.outcome = ApiResponse::Outcome::ApiError;
                        result.response.message =
                            u"the download's SHA-256 is %1, not %2 as announced (%3 bytes); nothing was kept"_s
                                .arg(result.sha256, expectedSha256)
                                .arg(state->bytes);
                    } else if (!state->file.commit()) {
                        result.response.outcome = ApiResponse::Outcome::ApiError;
                        result.response.message = u"cannot write %1: %2"_s.arg(path, state->file.errorString());
                    }
                }
                if (result.response.outcome != ApiResponse::Outcome::Ok)
                    state->file.cancelWriting();
                done(result);
            });
}

std::optional<ApiResponse> ApiClient::connectionFailure(QNetworkReply &reply, const QStringList &tlsErrors) const
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
    return std::nullopt;
}

ApiResponse ApiClient::interpret(QNetworkReply &reply, const QStringList &tlsErrors, QByteArray body) const
{
    if (auto failure = connectionFailure(reply, tlsErrors))
        return *failure;
    ApiResponse response;
    const QString where = m_connection.baseUrl.toString();
    response.httpStatus = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = std::move(body);
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

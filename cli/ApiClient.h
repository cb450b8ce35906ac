#pragma once

#include "cli/Connection.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QNetworkAccessManager;
class QNetworkReply;

namespace flotilla::cli {

struct ApiRequest
{
    QByteArray method = "GET";
    QStringList path;                         // segments under /api/v1, unencoded: {"vehicles", vin}
    QList<std::pair<QString, QString>> query; // unencoded
    std::optional<QJsonObject> body;          // sent as application/json
    std::optional<QByteArray> rawBody;        // else these bytes, as application/octet-stream (uploads)
    // At least this long without a byte before giving up, whatever --timeout says: for a request
    // the server answers only when its work is done (POST /bundles waits for delta builds).
    int minTimeoutMs = 0;
};

// The two requests most commands make.
inline ApiRequest get(QStringList path, QList<std::pair<QString, QString>> query = {})
{
    ApiRequest request;
    request.path = std::move(path);
    request.query = std::move(query);
    return request;
}

inline ApiRequest post(QStringList path, QJsonObject body)
{
    ApiRequest request;
    request.method = "POST";
    request.path = std::move(path);
    request.body = std::move(body);
    return request;
}

struct ApiResponse
{
    enum class Outcome
    {
        Ok,               // 2xx with a JSON object
        ApiError,         // the API answered with an error status (or with something that is not JSON)
        ConnectionFailed, // no HTTP answer: refused, unreachable, TLS failure, timeout
    };
    Outcome outcome = Outcome::ConnectionFailed;
    int httpStatus = 0;
    QByteArray body; // as received
    QJsonObject json;
    QString message; // for ApiError and ConnectionFailed
};

// The outcome of ApiClient::download: on Ok the file is in place, with these bytes and digest.
struct ApiDownload
{
    ApiResponse response; // Ok, or the failure (ApiError also for a mismatch or a file that cannot be written)
    qint64 bytes = 0;
    QString sha256; // lower-case hex
};

// A management API client on QNetworkAccessManager. TLS trusts exactly the pinned CA of the
// connection (never the system store); no redirects are followed (the bearer token must not
// travel elsewhere). Asynchronous: answers arrive through the caller's event loop.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)
public:
    explicit ApiClient(Connection connection, QObject *parent = nullptr);
    ~ApiClient() override;

    const Connection &connection() const { return m_connection; }
    // done is called once, from the event loop, with the answer or the failure.
    void send(const ApiRequest &request, std::function<void(const ApiResponse &)> done);
    // GETs a file (e.g. a bundle) into path, streamed: written as it arrives, never held whole in
    // memory. It is hashed on the way, and path appears only once complete and, when expectedSha256
    // is given, matching it; otherwise nothing is left behind.
    void download(const ApiRequest &request, const QString &path, const QString &expectedSha256,
                  std::function<void(const ApiDownload &)> done);

private:
    QNetworkReply *start(const ApiRequest &request, const QByteArray &accept);
    std::optional<ApiResponse> connectionFailure(QNetworkReply &reply, const QStringList &tlsErrors) const;
    ApiResponse interpret(QNetworkReply &reply, const QStringList &tlsErrors, QByteArray body) const;

    Connection m_connection;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace flotilla::cli

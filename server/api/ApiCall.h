#pragma once

#include "core/Result.h"
#include "server/campaigns/CampaignTypes.h"
#include "server/http/HttpTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>

namespace flotilla::server::api {

// What a route handler returns on success: a status (200 unless said otherwise) and a JSON object,
// or a file streamed from disk (bundles, blobs) with its content type.
struct ApiReply
{
    ApiReply() = default;
    ApiReply(int status, QJsonObject body)
        : status(status)
        , body(std::move(body))
    {}

    int status = 200;
    QJsonObject body;
    std::shared_ptr<http::FileBody> file; // when set, sent instead of body
    QByteArray contentType = "application/octet-stream";
};

// One authenticated request as a route handler sees it: the path's {captures} (percent-decoded),
// the query parameters (already checked against the route's list: no unknown, no duplicate) and
// the JSON body (an object with only the route's fields, empty when none was sent). The accessors
// validate values and fail with Error code 400 and a message that names the parameter.
class ApiCall final
{
public:
    ApiCall() = default;
    ApiCall(QStringList captures, QList<std::pair<QString, QString>> query, QJsonObject body, QByteArray rawBody = {});

    QString arg(qsizetype index) const { return m_captures.value(index); }
    const QJsonObject &body() const { return m_body; }
    const QByteArray &rawBody() const { return m_rawBody; } // routes with Route::rawBody only

    std::optional<QString> param(QStringView name) const;
    // Integer in [min, max]; fallback when absent.
    Result<qint64> intParam(QStringView name, qint64 min, qint64 max, qint64 fallback) const;
    // Text up to maxLength characters; empty when absent.
    Result<QString> textParam(QStringView name, qsizetype maxLength) const;
    // One of choices (exact, lower case); fallback when absent.
    Result<QString> choiceParam(QStringView name, const QStringList &choices, const QString &fallback) const;
    // A string member of the body up to maxLength characters; fallback when absent or empty.
    Result<QString> bodyText(QStringView field, qsizetype maxLength, const QString &fallback) const;

    // Who is calling (set by ManagementApi after authentication): a logged-in user, or the local
    // machine's admin when the request carried the token from <data>/secrets/api-token.
    const campaigns::Actor &actor() const { return m_actor; }
    bool isLocalAdmin() const { return m_localAdmin; }
    const QString &sessionToken() const { return m_sessionToken; } // empty for the local admin
    void setCaller(campaigns::Actor actor, bool localAdmin, QString sessionToken = {});

    static Error badRequest(const QString &message) { return Error(message, 400); }
    // Splits an application/x-www-form-urlencoded query ('+' is a space). Fails on a parameter
    // given twice: which of them would win is a silent guess a script should not depend on.
    static Result<QList<std::pair<QString, QString>>> parseQuery(const QByteArray &query);

private:
    QStringList m_captures;
    QList<std::pair<QString, QString>> m_query;
    QJsonObject m_body;
    QByteArray m_rawBody;
    campaigns::Actor m_actor;
    bool m_localAdmin = false;
    QString m_sessionToken;
};

} // namespace flotilla::server::api

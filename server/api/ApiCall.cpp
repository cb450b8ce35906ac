#include "server/api/ApiCall.h"

using namespace Qt::StringLiterals;

namespace flotilla::server::api {

ApiCall::ApiCall(QStringList captures, QList<std::pair<QString, QString>> query, QJsonObject body, QByteArray rawBody)
    : m_captures(std::move(captures))
    , m_query(std::move(query))
    , m_body(std::move(body))
    , m_rawBody(std::move(rawBody))
{}

void ApiCall::setCaller(campaigns::Actor actor, bool localAdmin, QString sessionToken)
{
    m_actor = std::move(actor);
    m_localAdmin = localAdmin;
    m_sessionToken = std::move(sessionToken);
}

std::optional<QString> ApiCall::param(QStringView name) const
{
    for (const auto &[key, value] : m_query) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

Result<qint64> ApiCall::intParam(QStringView name, qint64 min, qint64 max, qint64 fallback) const
{
    const std::optional<QString> text = param(name);
    if (!text)
        return fallback;
    bool ok = false;
    const qint64 value = text->toLongLong(&ok);
    if (!ok || value < min || value > max) {
        return badRequest(u"invalid %1 '%2': expected an integer from %3 to %4"_s.arg(name, *text, QString::number(min),
                                                                                      QString::number(max)));
    }
    return value;
}

Result<QString> ApiCall::textParam(QStringView name, qsizetype maxLength) const
{
    const QString text = param(name).value_or(QString());
    if (text.size() > maxLength)
        return badRequest(u"%1 is too long (at most %2 characters)"_s.arg(name, QString::number(maxLength)));
    return text;
}

Result<QString> ApiCall::choiceParam(QStringView name, const QStringList &choices, const QString &fallback) const
{
    const std::optional<QString> text = param(name);
    if (!text)
        return fallback;
    if (!choices.contains(*text))
        return badRequest(u"invalid %1 '%2': expected one of %3"_s.arg(name, *text, choices.join(u", ")));
    return *text;
}

Result<QString> ApiCall::bodyText(QStringView field, qsizetype maxLength, const QString &fallback) const
{
    const QJsonValue value = m_body.value(field);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString())
        return badRequest(u"body field '%1' must be a string"_s.arg(field));
    const QString text = value.toString().trimmed();
    if (text.size() > maxLength)
        return badRequest(
            u"body field '%1' is too long (at most %2 characters)"_s.arg(field, QString::number(maxLength)));
    return text.isEmpty() ? fallback : text;
}

Result<QList<std::pair<QString, QString>>> ApiCall::parseQuery(const QByteArray &query)
{
    QList<std::pair<QString, QString>> items;
    const auto decode = [](QByteArray part) {
        part.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
    };
    for (const QByteArray &pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QString name = decode(equals < 0 ? pair : pair.left(equals));
        const QString value = equals < 0 ? QString() : decode(pair.mid(equals + 1));
        for (const auto &item : std::as_const(items)) {
            if (item.first == name)
                return badRequest(u"query parameter '%1' is given more than once"_s.arg(name));
        }
        items.append({name, value});
    }
    return items;
}

} // namespace flotilla::server::api

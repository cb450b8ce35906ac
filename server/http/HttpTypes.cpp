#include "server/http/HttpTypes.h"

namespace flotilla::http {

QByteArray Headers::value(QByteArrayView name) const
{
    for (const auto &[key, value] : m_fields) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool Headers::contains(QByteArrayView name) const
{
    for (const auto &field : m_fields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void Headers::set(QByteArray name, QByteArray value)
{
    m_fields.removeIf([&name](const std::pair<QByteArray, QByteArray> &field) {
        return field.first.compare(name, Qt::CaseInsensitive) == 0;
    });
    m_fields.append({std::move(name), std::move(value)});
}

void Headers::add(QByteArray name, QByteArray value)
{
    m_fields.append({std::move(name), std::move(value)});
}

QByteArray Request::path() const
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? target : target.left(question);
}

QByteArray Request::query() const
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? QByteArray() : target.mid(question + 1);
}

UpgradeResponder::UpgradeResponder(std::shared_ptr<Backend> backend)
    : m_backend(std::move(backend))
{}

void UpgradeResponder::refuse(Response response) const
{
    m_backend->refuse(std::move(response));
}

std::shared_ptr<WebSocketChannel> UpgradeResponder::accept(WebSocketHandlers handlers) const
{
    return m_backend->accept(std::move(handlers));
}

void Handler::upgrade(Request request, UpgradeResponder respond)
{
    handle(std::move(request),
           [respond = std::move(respond)](Response response) { respond.refuse(std::move(response)); });
}

Response Response::json(int status, QByteArray body, QByteArray contentType)
{
    Response response;
    response.status = status;
    response.headers.set("Content-Type", std::move(contentType));
    response.body = std::move(body);
    return response;
}

} // namespace flotilla::http

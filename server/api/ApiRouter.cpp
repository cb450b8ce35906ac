#include "server/api/ApiRouter.h"

namespace flotilla::server::api {

namespace {

bool isCapture(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

} // namespace

campaigns::Permission Route::requiredPermission() const
{
    if (permission)
        return *permission;
    return method == "GET" ? campaigns::Permission::ViewFleet : campaigns::Permission::ManageUsers;
}

void Router::add(Route route, campaigns::Permission permission)
{
    route.permission = permission;
    add(std::move(route));
}

void Router::add(Route route)
{
    QStringList segments = route.path.split(u'/', Qt::SkipEmptyParts);
    m_entries.append({std::move(route), std::move(segments)});
}

Router::Match Router::match(QByteArrayView method, QByteArrayView path) const
{
    // Decode per segment, so that an encoded "/" inside a VIN cannot create a new segment.
    QStringList segments;
    for (const QByteArray &raw : path.toByteArray().split('/')) {
        if (!raw.isEmpty())
            segments.append(QString::fromUtf8(QByteArray::fromPercentEncoding(raw)));
    }

    Match result;
    QList<QByteArray> allowed;
    for (const Entry &entry : m_entries) {
        if (entry.segments.size() != segments.size())
            continue;
        QStringList captures;
        bool same = true;
        for (qsizetype i = 0; i < segments.size() && same; ++i) {
            if (isCapture(entry.segments[i]))
                captures.append(segments[i]);
            else
                same = entry.segments[i] == segments[i];
        }
        if (!same)
            continue;
        if (entry.route.method == method) {
            result.route = &entry.route;
            result.captures = std::move(captures);
            return result;
        }
        if (!allowed.contains(entry.route.method))
            allowed.append(entry.route.method);
    }
    result.status = allowed.isEmpty() ? 404 : 405;
    result.allow = allowed.join(", ");
    return result;
}

} // namespace flotilla::server::api

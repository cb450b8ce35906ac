#include "server/ListenAddress.h"

#include <QHostAddress>

namespace flotilla::server {

Result<ListenAddress> ListenAddress::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.lastIndexOf(u':');
    if (colon < 0)
        return Error(QStringLiteral("%1: expected ADDRESS:PORT, e.g. 0.0.0.0:8443").arg(text));
    QString host = trimmed.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        host = QStringLiteral("0.0.0.0");
    bool ok = false;
    const uint port = trimmed.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return Error(QStringLiteral("%1: invalid port").arg(text));
    if (QHostAddress(host).isNull())
        return Error(QStringLiteral("%1: listen on an IP address (e.g. 0.0.0.0 or 127.0.0.1), not a name").arg(text));
    return ListenAddress{host, quint16(port)};
}

} // namespace flotilla::server

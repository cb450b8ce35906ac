#pragma once

#include "core/Result.h"

#include <QString>

namespace flotilla::server {

// "0.0.0.0:8443", "127.0.0.1:0", "[::]:8443", ":8443" (all interfaces).
struct ListenAddress
{
    QString host;
    quint16 port = 0;

    static Result<ListenAddress> parse(const QString &text);
    bool isWildcard() const { return host == u"0.0.0.0" || host == u"::"; }
    bool isIpv6() const { return host.contains(u':'); }
    // Host as it goes into a URL ("[::1]" for IPv6).
    QString urlHost() const { return isIpv6() ? u'[' + host + u']' : host; }
};

} // namespace flotilla::server

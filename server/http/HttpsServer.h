#pragma once

#include "core/Result.h"
#include "server/http/HttpTypes.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <memory>

namespace flotilla::http {

struct ServerOptions
{
    QString address = QStringLiteral("0.0.0.0"); // IPv4 or IPv6 literal
    quint16 port = 8443;                         // 0 = pick a free port (see HttpsServer::port())
    int threads = 2;                // one io_context per thread, SO_REUSEPORT acceptors (beast-probe.md §5.1)
    QByteArray certificateChainPem; // server certificate, then intermediates
    QByteArray privateKeyPem;
    QByteArray clientCaPem;              // non-empty: ask clients for a certificate issued by this CA
    qint64 bodyLimit = 1024 * 1024;      // larger bodies get 413 (PROTOCOL.md §2)
    qint64 drainLimit = 8 * 1024 * 1024; // a too-large body up to this size is read and discarded
                                         // so that the client sees the 413; beyond it, close
    int headerLimit = 8 * 1024;
    int maxConnections = 20000; // more get 503 + Retry-After and are closed
    std::chrono::milliseconds handshakeTimeout{10'000};
    std::chrono::milliseconds readTimeout{30'000};  // one request, header and body, from first byte
    std::chrono::milliseconds idleTimeout{60'000};  // keep-alive connection with no request
    std::chrono::milliseconds writeTimeout{30'000}; // each write of a response (or 64 KiB chunk)

    // WebSocket channels (Handler::upgrade; PROTOCOL.md §7). They count in maxConnections.
    qint64 webSocketMessageLimit = 4 * 1024; // a larger incoming message closes the channel with 1009
    int webSocketQueueLimit = 8;             // outgoing messages per channel, the one being written included
    std::chrono::milliseconds webSocketPingAfter{30'000};    // ping after this long without a frame from the peer
    std::chrono::milliseconds webSocketIdleTimeout{75'000};  // close after this long without one
    std::chrono::milliseconds webSocketWriteTimeout{10'000}; // the 101, each message, ping and close frame
};

struct ServerStats
{
    quint64 connectionsAccepted = 0;
    quint64 connectionsOpen = 0;
    quint64 requests = 0;
    quint64 handshakeFailures = 0;
    quint64 bytesSent = 0;
    quint64 webSocketsOpen = 0; // of connectionsOpen, those upgraded to a WebSocket
};

// HTTPS/1.1 server on Boost.Beast + OpenSSL with keep-alive, timeouts, header/body limits and a
// connection cap. Hands every complete request to the handler, WebSocket upgrades to
// Handler::upgrade. Thread-safe start()/stop(); stop() closes WebSockets with 1001.
class HttpsServer final
{
public:
    HttpsServer(ServerOptions options, std::shared_ptr<Handler> handler);
    ~HttpsServer(); // stops
    HttpsServer(const HttpsServer &) = delete;
    HttpsServer &operator=(const HttpsServer &) = delete;

    Status start();       // binds and starts the threads; fails if the address is taken
    void stop();          // stops accepting, closes connections, joins the threads
    quint16 port() const; // the bound port (useful with port 0)
    QString address() const;
    ServerStats stats() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace flotilla::http

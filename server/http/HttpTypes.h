#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <utility>

// Plain request/response types between the Beast transport (HttpsServer.cpp, the only translation
// unit that includes Boost.Beast) and the handlers (device endpoint, management API), which never
// see sockets. A handler is therefore a function of (request, store) and testable without TLS.
namespace flotilla::http {

class Headers
{
public:
    // Case-insensitive (HTTP field names). First match for value().
    QByteArray value(QByteArrayView name) const;
    bool contains(QByteArrayView name) const;
    void set(QByteArray name, QByteArray value); // replaces every field of that name
    void add(QByteArray name, QByteArray value);
    const QList<std::pair<QByteArray, QByteArray>> &fields() const { return m_fields; }

private:
    QList<std::pair<QByteArray, QByteArray>> m_fields;
};

struct Request
{
    QByteArray method; // "GET", "POST", ...
    QByteArray target; // origin-form, e.g. "/dm/blob/ab12?x=1"
    Headers headers;
    QByteArray body;     // complete (the transport read it, within the body limit)
    QString peerAddress; // "127.0.0.1:53122"
    // Lowercase hex SHA-256 of the client certificate's DER, when the client presented one that
    // chains to the configured client CA; empty otherwise.
    QString clientCertificateSha256;
    quint64 connectionId = 0; // stable for the life of one TCP connection

    QByteArray path() const;  // target without "?query"
    QByteArray query() const; // after "?", without it
};

// A slice of a file sent as the body without loading it: the transport reads it in 64 KiB chunks.
struct FileBody
{
    QString path;
    qint64 offset = 0;
    qint64 length = 0;
};

struct Response
{
    int status = 200;
    Headers headers; // Content-Length and Connection are set by the transport
    QByteArray body; // ignored when file is set
    std::shared_ptr<FileBody> file;
    bool headOnly = false;        // HEAD: send the headers (with the body's Content-Length) and no body
    bool closeConnection = false; // close after sending (the transport also closes on errors)
    // Called once on the connection's thread when the response is done: with the body bytes that
    // went out (for a file body, the bytes of the slice actually written) and whether all of them did.
    // Download progress per vehicle and job is counted from this. HEAD and bodiless statuses report
    // (0, true). A response that never reached the wire (a responder's ignored second answer, an
    // answer after stop()) reports (0, false) at once, on the thread that called the responder.
    std::function<void(qint64 bodyBytesSent, bool complete)> onFinished;

    static Response json(int status, QByteArray body, QByteArray contentType = "application/json");
};

// Called exactly once per request, from any thread; the transport posts the write back to the
// connection's own thread. A responder that is dropped without being called answers 500.
using Responder = std::function<void(Response)>;

// The server side of one WebSocket (RFC 6455) that a handler accepted (see Handler::upgrade).
// Thread-safe, and nothing in it blocks: the transport does the work on the connection's thread.
class WebSocketChannel
{
public:
    virtual ~WebSocketChannel() = default;
    // Queues one text message. False, and nothing queued, when the channel is closing or closed or
    // when ServerOptions::webSocketQueueLimit messages already wait: a slow reader is the caller's
    // problem to handle (drop, retry later), never the server's memory.
    virtual bool sendText(QByteArray text) = 0;
    // Starts the closing handshake with this code (1000-4999) and reason (at most 123 UTF-8 bytes);
    // messages not yet being written are dropped. Later calls do nothing.
    virtual void close(int code, const QString &reason) = 0;
};

struct WebSocketHandlers
{
    // A complete text message from the peer (binary messages are read and dropped). On the
    // connection's thread; the next message is read after it returns.
    std::function<void(QByteArray text)> onText;
    // Exactly once per accepted channel, also when the upgrade never completed: with the peer's close
    // code, ours when we closed it (1001 when the server stops), 1009 for an oversized message,
    // 1002/1007 for a protocol violation, 1006 when the connection failed or timed out. On the
    // connection's thread, or inside accept() when the server had already stopped.
    std::function<void(int code, QString reason)> onClosed;
};

// Answers a WebSocket upgrade request exactly once, from any thread: refuse() writes an ordinary
// HTTP response (401, 403, 426...), accept() writes the 101 and returns the channel at once (messages
// sent before the 101 went out wait in its queue). Dropped without an answer: 500. A second answer
// is ignored (accept() then returns nullptr).
class UpgradeResponder final
{
public:
    class Backend // implemented by the transport
    {
    public:
        virtual ~Backend() = default;
        virtual void refuse(Response response) = 0;
        virtual std::shared_ptr<WebSocketChannel> accept(WebSocketHandlers handlers) = 0;
    };

    explicit UpgradeResponder(std::shared_ptr<Backend> backend);
    void refuse(Response response) const;
    std::shared_ptr<WebSocketChannel> accept(WebSocketHandlers handlers) const;

private:
    std::shared_ptr<Backend> m_backend;
};

class Handler
{
public:
    virtual ~Handler() = default;
    // The whole request (body included) was read. Answer through respond, now or later.
    virtual void handle(Request request, Responder respond) = 0;
    // A GET with "Upgrade: websocket" and a well-formed handshake (RFC 6455 4.2.1). Decide before the
    // 101 (authentication belongs here). The default supports no upgrade: handle() answers it as an
    // ordinary request.
    virtual void upgrade(Request request, UpgradeResponder respond);
    // Errors the transport detects itself (400 malformed HTTP, 413 body too large, 431 header too
    // large, 503 connection cap or shutting down): the handler gives them its wire body format.
    virtual Response transportError(int status, const QString &description) const = 0;
};

} // namespace flotilla::http

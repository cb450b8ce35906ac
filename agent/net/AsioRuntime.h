#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <utility>

// The agent's network runtime: a few threads, each running one Asio io_context ("lane"), on which
// many simulated vehicles run their timers and HTTPS connections. Plain C++ interface; Boost.Beast
// and Asio live only in AsioRuntime.cpp (see DESIGN.md, decisions).
//
// Threading contract: every object made by a lane (Timer, HttpsClient) is used and destroyed on
// that lane's thread (get there with Lane::post). Its callbacks run on that thread, and none runs
// after the object is destroyed. A vehicle that lives on one lane therefore needs no locks.
namespace flotilla::agent::net {

struct ClientRequest
{
    QByteArray method = "POST";
    QByteArray target;                                // origin-form, "/dm"
    QList<std::pair<QByteArray, QByteArray>> headers; // Host, Content-Length, Connection are set for you
    QByteArray body;
};

struct ClientResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const; // case-insensitive, first match
};

struct TlsOptions
{
    QByteArray caPem;                // pinned CA; empty = no verification (trust on first use, registration only)
    QString serverName;              // SNI and hostname check; empty = the host connected to
    QByteArray clientCertificatePem; // optional mutual TLS
    QByteArray clientKeyPem;
};

struct ClientLimits
{
    qint64 maxResponseBytes = 8 * 1024 * 1024;
    std::chrono::milliseconds connectTimeout{10'000}; // TCP connect + TLS handshake
    std::chrono::milliseconds requestTimeout{30'000}; // write request + read whole response
};

struct ClientStats
{
    quint64 connects = 0;        // TCP+TLS connections made
    quint64 resumedSessions = 0; // of those, TLS sessions resumed from a ticket
    quint64 requests = 0;
    quint64 bytesSent = 0;
    quint64 bytesReceived = 0;
};

// Error::code of a failed HttpsClient request (Result<ClientResponse>::error().code).
enum class ClientError : int
{
    Connect = 1,          // name resolution or TCP connect failed
    Tls = 2,              // handshake failed: wrong CA, hostname mismatch, protocol (no request byte was sent)
    Timeout = 3,          // connectTimeout or requestTimeout expired
    ConnectionClosed = 4, // the server closed the connection before the response was complete
    ResponseTooLarge = 5, // over ClientLimits::maxResponseBytes
    BadResponse = 6,      // not parseable as HTTP/1.1
    Cancelled = 7,        // close() was called
    Configuration = 8,    // unusable TlsOptions (bad PEM)
    File = 9,             // download(): the file cannot be inspected, opened, written or flushed
};

class Timer
{
public:
    virtual ~Timer() = default;
    // (Re)starts the timer; a pending callback is cancelled first (and not called).
    virtual void start(std::chrono::milliseconds delay, std::function<void()> callback) = 0;
    virtual void cancel() = 0;
};

// One keep-alive HTTPS/1.1 connection to one server, opened on demand and reopened after the
// server closes it. Requests queue and go one at a time. A transport failure (connect, TLS, timeout,
// connection closed mid-response) yields an Error; any HTTP status, 4xx/5xx included, is a response.
// A download streamed to a file (never held in memory), resumable: when the file already has N
// bytes, the request carries "Range: bytes=N-" and "If-Range: <etag>"; a 206 (whose Content-Range
// must start at N) appends, a 200 rewrites the file from the start (the resource changed), any other
// status (416: the caller drops the partial file and starts over) is returned with the file
// unchanged. The body is cut off with ClientError::ResponseTooLarge past maxBytes (endless-data
// attack; the file keeps at most maxBytes) and the file is flushed (fsync) before done reports
// success. A transport error keeps what was written: the next call resumes from it.
struct DownloadRequest
{
    QByteArray target;                                // "/dm/blob/<sha256>"
    QList<std::pair<QByteArray, QByteArray>> headers; // auth headers; Range/If-Range are set for you
    QString filePath;
    QByteArray etag;     // quoted, as the server sent it ("\"<sha256>\""); empty: no If-Range
    qint64 maxBytes = 0; // total file size allowed; 0 = no limit
};

struct DownloadResult
{
    int status = 0;           // 200, 206; other statuses are returned too (with no file change)
    qint64 fileBytes = 0;     // size of the file afterwards
    qint64 bytesReceived = 0; // body bytes received by this request
    bool resumed = false;     // a 206 continued an existing partial file
    QByteArray etag;
};

class HttpsClient
{
public:
    virtual ~HttpsClient() = default;
    virtual void request(ClientRequest request, std::function<void(Result<ClientResponse>)> done) = 0;
    // Queued like request(); progress (file bytes so far, total or -1) is called as chunks land.
    virtual void download(DownloadRequest request, std::function<void(qint64 fileBytes, qint64 total)> progress,
                          std::function<void(Result<DownloadResult>)> done) = 0;
    virtual void close() = 0;                    // drops the connection; queued requests fail
    virtual void setTls(TlsOptions options) = 0; // takes effect at the next connect
    virtual ClientStats stats() const = 0;
};

// One client WebSocket (RFC 6455 over TLS) for the notification channel (PROTOCOL.md §7): connect
// (TCP + TLS + upgrade with the given headers), then text messages arrive through onMessage until
// the channel closes, which onClosed reports exactly once (with why: the server's close code and
// reason, a timeout, a transport error, or close()). Pings from the server are answered by the
// transport; the client pings after keepAlive of silence and gives up after twice that. Incoming
// messages over maxMessageBytes close the channel. Used and destroyed on its lane's thread, like
// HttpsClient; no callback runs after destruction.
struct WebSocketOptions
{
    QByteArray target = "/dm/notify";
    QList<std::pair<QByteArray, QByteArray>> headers; // Token, VIN, OMADM-DevID
    qint64 maxMessageBytes = 64 * 1024;
    std::chrono::milliseconds connectTimeout{10'000}; // TCP + TLS + upgrade
    std::chrono::milliseconds keepAlive{30'000};
};

struct WebSocketClose
{
    int code = 0;       // the server's close code (1000, 4000 replaced, ...); 0 when the transport failed
    QString reason;     // close reason, or what failed ("upgrade refused: 401", "timeout", ...)
    int httpStatus = 0; // the upgrade's HTTP status when the server refused it (401, 403, ...)
};

class WebSocketClient
{
public:
    virtual ~WebSocketClient() = default;
    // May be called again after onClosed (reconnecting is the caller's business; the TLS session is
    // resumed). Called while an earlier open() is still connecting or open, it ends that one first
    // (its onClosed, code 0, is posted). onClosed is never called from inside open() or close().
    virtual void open(WebSocketOptions options, std::function<void()> onOpen,
                      std::function<void(QByteArray message)> onMessage,
                      std::function<void(WebSocketClose)> onClosed) = 0;
    // Closing handshake (or abandoning the connect); onClosed follows (code 1000, reason "closed by
    // client"). Nothing happens when nothing is open.
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
};

class Lane
{
public:
    virtual ~Lane() = default;
    virtual void post(std::function<void()> work) = 0; // thread-safe
    virtual std::unique_ptr<Timer> createTimer() = 0;
    virtual std::unique_ptr<HttpsClient> createClient(const QString &host, quint16 port, TlsOptions tls,
                                                      ClientLimits limits = {}) = 0;
    virtual std::unique_ptr<WebSocketClient> createWebSocket(const QString &host, quint16 port, TlsOptions tls) = 0;
};

class Runtime final
{
public:
    explicit Runtime(int threads);
    ~Runtime(); // stop()
    Runtime(const Runtime &) = delete;
    Runtime &operator=(const Runtime &) = delete;

    int laneCount() const;
    Lane &lane(int index);
    // Runs work on every lane and waits for all of it to finish (for orderly teardown of the
    // objects that live on the lanes). Must not be called from a lane thread.
    void runOnAllLanesAndWait(const std::function<void(int laneIndex)> &work);
    void stop(); // stops the threads; objects still alive on lanes must be destroyed before

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace flotilla::agent::net

// The same Boost configuration as agent/net/AsioRuntime.cpp: both translation units are linked into
// one executable (console + demo fleet), and Beast/Asio templates must not differ between them.
#define BOOST_ASIO_NO_DEPRECATED
#define BOOST_BEAST_USE_STD_STRING_VIEW

#include "server/http/HttpsServer.h"

#include "core/crypto/Tls.h"

#include <QFile>
#include <QLoggingCategory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <limits>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace flotilla::http {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcHttp, "flotilla.http")

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using RequestParser = bhttp::request_parser<bhttp::string_body>;
using UpgradeRequest = bhttp::request<bhttp::string_body>;
using SteadyClock = std::chrono::steady_clock;
using ReusePort = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr std::size_t FileChunkSize = 64 * 1024;
constexpr std::size_t DrainChunkSize = 16 * 1024;
constexpr std::size_t FirstReadSize = 2048;
constexpr std::chrono::seconds ShutdownTimeout{3};
constexpr std::chrono::seconds RejectHandshakeTimeout{3};
constexpr std::chrono::milliseconds AcceptRetryDelay{100};
// stop(): how long a WebSocket peer gets to answer our close frame (1001).
constexpr std::chrono::milliseconds WebSocketStopTimeout{1'000};

class Connection;
class WebSocketSession;

// Lives as long as any responder: lets a responder called after stop() find out, under the lock,
// that the io_context it would post to is gone.
struct StopGate
{
    std::mutex mutex;
    bool stopped = false;
};

struct Counters
{
    std::atomic<quint64> accepted{0};
    std::atomic<quint64> open{0};
    std::atomic<quint64> requests{0};
    std::atomic<quint64> handshakeFailures{0};
    std::atomic<quint64> bytesSent{0};
    std::atomic<quint64> webSockets{0};
    std::atomic<int> rejected{0}; // over the cap, being answered 503
};

// One thread, one io_context, one SO_REUSEPORT acceptor (beast-probe.md §5.1). Its connections
// are touched only on its thread, so nothing here needs a lock.
struct Worker
{
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    tcp protocol = tcp::v4(); // the acceptor's
    net::steady_timer retryTimer{ioc};
    std::optional<net::executor_work_guard<net::io_context::executor_type>> guard;
    std::unordered_map<Connection *, std::shared_ptr<Connection>> connections;
    std::unordered_map<WebSocketSession *, std::shared_ptr<WebSocketSession>> webSockets; // upgraded ones
    std::thread thread;
};

// Like acceptor.open(), but the descriptor is not inherited by child processes (see accept()).
void openListener(tcp::acceptor &acceptor, const tcp &protocol, beast::error_code &ec)
{
    const int fd = ::socket(protocol.family(), SOCK_STREAM | SOCK_CLOEXEC, protocol.protocol());
    if (fd < 0) {
        ec = beast::error_code(errno, net::error::get_system_category());
        return;
    }
    acceptor.assign(protocol, fd, ec);
    if (ec) {
        ::close(fd);
        return;
    }
    acceptor.non_blocking(true, ec); // accept4() must return EAGAIN once the backlog is empty
}

// What connections need from the server. Owned by HttpsServer::Private; every connection is
// destroyed on its worker thread before stop() returns, so a plain reference is safe.
struct ServerCore
{
    ServerOptions options;
    std::shared_ptr<Handler> handler;
    std::optional<ssl::context> tls;
    std::shared_ptr<StopGate> gate;
    std::atomic<bool> stopping{false};
    std::atomic<quint64> nextConnectionId{1};
    Counters counters;
};

bool isClientGone(const beast::error_code &ec)
{
    return ec == net::error::eof || ec == ssl::error::stream_truncated || ec == beast::error::timeout ||
           ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::broken_pipe ||
           ec == net::error::bad_descriptor || ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message;
}

bool isMalformed(const beast::error_code &ec)
{
    using E = bhttp::error;
    return ec == E::bad_line_ending || ec == E::bad_method || ec == E::bad_target || ec == E::bad_version ||
           ec == E::bad_status || ec == E::bad_reason || ec == E::bad_field || ec == E::bad_value ||
           ec == E::bad_content_length || ec == E::bad_transfer_encoding || ec == E::bad_chunk ||
           ec == E::bad_chunk_extension || ec == E::bad_obs_fold || ec == E::unexpected_body;
}

QString peerAddressOf(const tcp::socket &socket)
{
    beast::error_code ec;
    const tcp::endpoint peer = socket.remote_endpoint(ec);
    if (ec)
        return {};
    const QString address = QString::fromStdString(peer.address().to_string());
    const QString port = QString::number(peer.port());
    if (peer.address().is_v6())
        return u'[' + address + u"]:" + port;
    return address + u':' + port;
}

// Response::onFinished, guarded: it is the handler's code, run on a worker thread.
void callFinished(std::function<void(qint64, bool)> &onFinished, qint64 bodyBytesSent, bool complete)
{
    if (!onFinished)
        return;
    const std::function<void(qint64, bool)> callback = std::move(onFinished);
    onFinished = nullptr;
    try {
        callback(bodyBytesSent, complete);
    } catch (const std::exception &error) {
        qCWarning(lcHttp) << "Response::onFinished threw:" << error.what();
    } catch (...) {
        qCWarning(lcHttp) << "Response::onFinished threw an unknown exception";
    }
}

// A response being written. The serializer refers to the message, so this never moves.
struct Outgoing
{
    enum class Then
    {
        ReadNextRequest,
        ReadBody, // after "100 Continue"
        Close,    // graceful TLS shutdown, bounded
    };

    bhttp::response<bhttp::buffer_body> message;
    std::optional<bhttp::response_serializer<bhttp::buffer_body>> serializer;
    QByteArray body;
    int fd = -1;
    qint64 fileOffset = 0;
    qint64 fileRemaining = 0;
    std::unique_ptr<char[]> chunk;
    Then then = Then::ReadNextRequest;
    std::function<void(qint64, bool)> onFinished; // Response::onFinished, until it was called
    qint64 bodyLength = 0;                        // body bytes this response carries on the wire
    qint64 bytesWritten = 0;                      // header and body, over all writes so far

    Outgoing() = default;
    Outgoing(const Outgoing &) = delete;
    Outgoing &operator=(const Outgoing &) = delete;
    ~Outgoing()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// ---------------------------------------------------------------------------------------------
// WebSocket channels (Handler::upgrade). After the handler accepted an upgrade, the connection's TLS
// stream moves into a WebSocketSession and the HTTP state (parser, buffers) is freed with the
// Connection: an idle channel holds the TLS stream, Beast's 1.5 KiB frame buffer and this object.

void noteTeardown(WebSocketSession &session);

// The TLS stream of an upgraded connection. Only its WebSocket teardown differs: Beast's default for
// TLS waits for the peer's close_notify and reports a peer that sends anything else as the error
// (hiding the 1009/1002 the channel closed with). After the closing handshake there is nothing left
// to protect, so: no close_notify, FIN, drain until the peer's FIN (Beast's TCP teardown), bounded
// by the session's timer.
class ChannelStream : public TlsStream // not final: Asio's traits derive from it
{
public:
    ChannelStream(TlsStream &&stream, WebSocketSession &session)
        : TlsStream(std::move(stream))
        , m_session(&session)
    {}

    template<class Handler>
    friend void async_teardown(beast::role_type role, ChannelStream &stream, Handler &&handler)
    {
        stream.prepareTeardown();
        using websocket::async_teardown;
        async_teardown(role, beast::get_lowest_layer(stream).socket(), std::forward<Handler>(handler));
    }
    friend void teardown(beast::role_type role, ChannelStream &stream, beast::error_code &ec)
    {
        stream.prepareTeardown();
        using websocket::teardown;
        teardown(role, beast::get_lowest_layer(stream).socket(), ec);
    }

private:
    void prepareTeardown()
    {
        SSL *ssl = native_handle();
        if (SSL_is_init_finished(ssl)) // keeps the TLS session resumable without a close_notify
            SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        noteTeardown(*m_session);
    }

    WebSocketSession *m_session; // owns this stream
};

// No permessage-deflate (PROTOCOL.md §7): its state would cost far more memory than the messages.
using WebSocket = websocket::stream<ChannelStream, false>;

// Shared by a channel's handle (any thread) and its session (the worker thread).
struct ChannelLink
{
    std::atomic<int> queued{0};              // messages accepted by sendText() and not yet written or dropped
    std::atomic<bool> closed{false};         // closing or closed: sendText() refuses
    std::weak_ptr<WebSocketSession> session; // worker thread only; set before any send can arrive
};

// WebSocketHandlers::onClosed, once, guarded: it is the handler's code.
void callClosed(WebSocketHandlers &handlers, int code, const QString &reason)
{
    const std::function<void(int, QString)> callback = std::move(handlers.onClosed);
    handlers = {};
    if (!callback)
        return;
    try {
        callback(code, reason);
    } catch (const std::exception &error) {
        qCWarning(lcHttp) << "WebSocket onClosed threw:" << error.what();
    } catch (...) {
        qCWarning(lcHttp) << "WebSocket onClosed threw an unknown exception";
    }
}

// Close codes an endpoint may send (RFC 6455 7.4): 1005, 1006 and 1015 are for reporting only.
bool isSendableCloseCode(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

// The close frame's reason: at most 123 bytes of UTF-8, cut at a character boundary.
std::string closeReasonText(const QString &reason)
{
    QByteArray utf8 = reason.toUtf8();
    constexpr qsizetype MaxReasonBytes = 123;
    if (utf8.size() > MaxReasonBytes) {
        qsizetype cut = MaxReasonBytes;
        while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80)
            --cut;
        utf8.truncate(cut);
    }
    return utf8.toStdString();
}

class WebSocketSession final : public std::enable_shared_from_this<WebSocketSession>
{
public:
    WebSocketSession(ServerCore &core, Worker &worker, TlsStream stream, quint64 id, QString peer,
                     std::shared_ptr<ChannelLink> link, WebSocketHandlers handlers)
        : m_core(core)
        , m_worker(worker)
        , m_ws(std::move(stream), *this)
        , m_timer(worker.ioc)
        , m_link(std::move(link))
        , m_handlers(std::move(handlers))
        , m_peer(std::move(peer))
        , m_id(id)
    {}

    // Writes the 101 for this request (kept until the write is done), then reads and writes frames.
    void start(std::unique_ptr<UpgradeRequest> request)
    {
        m_upgradeRequest = std::move(request);
        const ServerOptions &options = m_core.options;
        // Our own timer covers every phase (options.webSocket*); Beast's and the TCP stream's stay off.
        beast::get_lowest_layer(m_ws).expires_never();
        m_ws.set_option(
            websocket::stream_base::timeout{websocket::stream_base::none(), websocket::stream_base::none(), false});
        m_ws.set_option(websocket::stream_base::decorator(
            [](websocket::response_type &response) { response.erase(bhttp::field::server); }));
        m_ws.read_message_max(std::size_t(std::max<qint64>(1, options.webSocketMessageLimit)));
        m_ws.auto_fragment(false);
        m_ws.text(true);
        // Pings, pongs and close frames count as traffic for the idle timeout. Only ever called from
        // inside an operation on m_ws, which this object owns.
        m_ws.control_callback(
            [this](websocket::frame_type, beast::string_view) { m_lastReceived = SteadyClock::now(); });
        m_phaseDeadline = SteadyClock::now() + options.webSocketWriteTimeout;
        schedule();
        m_ws.async_accept(*m_upgradeRequest,
                          [self = shared_from_this()](beast::error_code ec) { self->onAccepted(ec); });
    }

    void enqueue(QByteArray text)
    {
        if (m_state != State::Accepting && m_state != State::Open) {
            m_link->queued.fetch_sub(1, std::memory_order_relaxed);
            return;
        }
        m_queue.push_back(std::move(text));
        pump();
    }

    void closeChannel(int code, const QString &reason)
    {
        requestClose(code, reason, m_core.options.webSocketWriteTimeout);
    }

    // Beast closes the TCP connection (after a closing handshake, or failing it on a protocol
    // violation): bound that.
    void onTeardown()
    {
        if (m_state == State::Open) {
            m_state = State::Closing;
            m_phaseDeadline = SteadyClock::now() + m_core.options.webSocketWriteTimeout;
            schedule();
        }
    }

    // stop(): a close frame with 1001, and a short wait for the answer.
    void shutdown()
    {
        switch (m_state) {
        case State::Accepting:
        case State::Open:
            requestClose(1001, u"server shutting down"_s, WebSocketStopTimeout);
            break;
        case State::Closing:
            m_phaseDeadline = std::min(m_phaseDeadline, SteadyClock::now() + WebSocketStopTimeout);
            schedule();
            break;
        case State::Finished:
            break;
        }
    }

private:
    enum class State
    {
        Accepting, // writing the 101
        Open,
        Closing, // the closing handshake (ours) or the teardown after it (either side's) is under way
        Finished,
    };

    void onAccepted(beast::error_code ec)
    {
        m_upgradeRequest.reset();
        if (m_state == State::Finished)
            return;
        if (ec) {
            finish(1006, u"WebSocket upgrade failed: "_s + QString::fromStdString(ec.message()));
            return;
        }
        m_state = State::Open;
        m_lastReceived = SteadyClock::now();
        read();
        if (m_closeAfterAccept) {
            startClose(m_closeCode, m_closeReason, m_closeBound);
            return;
        }
        pump();
        schedule();
    }

    void read()
    {
        m_ws.async_read(m_readBuffer,
                        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec)
    {
        if (m_state == State::Finished)
            return;
        if (ec) {
            onReadFailed(ec);
            return;
        }
        m_lastReceived = SteadyClock::now();
        const bool deliver = m_ws.got_text() && m_state == State::Open && m_handlers.onText;
        QByteArray message;
        if (deliver) {
            const auto data = m_readBuffer.cdata();
            message = QByteArray(static_cast<const char *>(data.data()), qsizetype(data.size()));
        }
        // A channel between messages keeps no read buffer (Beast prepares a small one per read).
        m_readBuffer.clear();
        m_readBuffer.shrink_to_fit();
        if (deliver) {
            try {
                m_handlers.onText(std::move(message));
            } catch (const std::exception &error) {
                qCWarning(lcHttp) << "WebSocket onText threw:" << error.what();
            } catch (...) {
                qCWarning(lcHttp) << "WebSocket onText threw an unknown exception";
            }
            if (m_state == State::Finished)
                return;
        }
        read();
    }

    // Beast has already answered a protocol violation with the matching close frame.
    void onReadFailed(const beast::error_code &ec)
    {
        if (m_closeSent) { // ours is the code to report, whatever the peer answered
            finish(m_closeCode, m_closeReason);
            return;
        }
        if (ec == websocket::error::closed) { // the peer closed, and the closing handshake completed
            const websocket::close_reason &peer = m_ws.reason();
            const int code = peer.code == websocket::close_code::none ? 1005 : int(peer.code);
            finish(code, QString::fromUtf8(peer.reason.data(), qsizetype(peer.reason.size())));
            return;
        }
        const QString what = QString::fromStdString(ec.message());
        if (ec == websocket::error::message_too_big)
            finish(1009, what);
        else if (ec == websocket::error::bad_frame_payload)
            finish(1007, what);
        else if (ec == websocket::condition::protocol_violation)
            finish(1002, what);
        else
            finish(1006, what);
    }

    void pump()
    {
        if (m_state != State::Open || m_writing || m_queue.empty())
            return;
        m_writing = true;
        m_writeStarted = SteadyClock::now();
        schedule();
        const QByteArray &message = m_queue.front();
        m_ws.async_write(
            net::buffer(message.constData(), std::size_t(message.size())),
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) { self->onWritten(ec, bytes); });
    }

    void onWritten(beast::error_code ec, std::size_t bytes)
    {
        m_core.counters.bytesSent.fetch_add(bytes, std::memory_order_relaxed);
        m_writing = false;
        if (!m_queue.empty()) {
            m_queue.pop_front();
            m_link->queued.fetch_sub(1, std::memory_order_relaxed);
        }
        if (m_state == State::Finished || m_state == State::Closing)
            return; // the close operation reports the end
        if (ec) {
            finish(1006, u"write failed: "_s + QString::fromStdString(ec.message()));
            return;
        }
        pump();
        schedule();
    }

    // A close asked for while the 101 is still being written waits for it (a close frame needs an
    // open WebSocket); the whole wait is bounded as the closing handshake would be.
    void requestClose(int code, const QString &reason, std::chrono::milliseconds bound)
    {
        if (m_state == State::Accepting) {
            if (!m_closeAfterAccept) {
                m_closeAfterAccept = true;
                m_closeCode = code;
                m_closeReason = reason;
                m_closeBound = bound;
            }
            m_closeBound = std::min(m_closeBound, bound);
            m_phaseDeadline = std::min(m_phaseDeadline, SteadyClock::now() + bound);
            schedule();
            return;
        }
        if (m_state == State::Open)
            startClose(code, reason, bound);
    }

    void startClose(int code, const QString &reason, std::chrono::milliseconds bound)
    {
        if (!isSendableCloseCode(code))
            code = 1000;
        m_state = State::Closing;
        m_closeSent = true;
        m_closeCode = code;
        m_closeReason = reason;
        m_link->closed.store(true);
        dropQueued();
        m_phaseDeadline = SteadyClock::now() + bound;
        schedule();
        websocket::close_reason frame(static_cast<std::uint16_t>(code));
        frame.reason = closeReasonText(reason);
        m_ws.async_close(frame, [self = shared_from_this()](beast::error_code) {
            if (self->m_state != State::Finished)
                self->finish(self->m_closeCode, self->m_closeReason);
        });
    }

    // Every message not being written right now.
    void dropQueued()
    {
        const std::size_t keep = m_writing ? 1 : 0;
        while (m_queue.size() > keep) {
            m_queue.pop_back();
            m_link->queued.fetch_sub(1, std::memory_order_relaxed);
        }
    }

    // One timer for all deadlines. Activity only moves deadlines later, so it never re-arms the
    // timer: an early expiry just computes the next deadline.
    SteadyClock::time_point nextDeadline() const
    {
        const ServerOptions &options = m_core.options;
        switch (m_state) {
        case State::Accepting:
        case State::Closing:
            return m_phaseDeadline;
        case State::Open: {
            SteadyClock::time_point at = m_lastReceived + options.webSocketIdleTimeout;
            if (m_pinging)
                at = std::min(at, m_pingStarted + options.webSocketWriteTimeout);
            else
                at = std::min(at, std::max(m_lastReceived, m_pingStarted) + options.webSocketPingAfter);
            if (m_writing)
                at = std::min(at, m_writeStarted + options.webSocketWriteTimeout);
            return at;
        }
        case State::Finished:
            break;
        }
        return SteadyClock::time_point::max();
    }

    void schedule()
    {
        if (m_state == State::Finished)
            return;
        const SteadyClock::time_point at = nextDeadline();
        if (m_timerWaiting && m_timerAt <= at)
            return;
        m_timerWaiting = true;
        m_timerAt = at;
        const quint64 generation = ++m_timerGeneration;
        m_timer.expires_at(at); // cancels the earlier wait, whose handler then sees a stale generation
        m_timer.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
            if (!ec && generation == self->m_timerGeneration)
                self->onTimer();
        });
    }

    void onTimer()
    {
        m_timerWaiting = false;
        const ServerOptions &options = m_core.options;
        const SteadyClock::time_point now = SteadyClock::now();
        switch (m_state) {
        case State::Accepting:
            if (now >= m_phaseDeadline) {
                if (m_closeAfterAccept)
                    finish(m_closeCode, m_closeReason);
                else
                    finish(1006, u"WebSocket upgrade timed out"_s);
                return;
            }
            break;
        case State::Closing:
            if (now >= m_phaseDeadline) { // the peer did not finish the closing handshake in time
                if (m_closeSent)
                    finish(m_closeCode, m_closeReason);
                else
                    finish(1006, u"closing handshake timed out"_s);
                return;
            }
            break;
        case State::Open:
            if ((m_writing && now >= m_writeStarted + options.webSocketWriteTimeout) ||
                (m_pinging && now >= m_pingStarted + options.webSocketWriteTimeout)) {
                finish(1006, u"write timed out"_s);
                return;
            }
            if (now >= m_lastReceived + options.webSocketIdleTimeout) {
                finish(1006, u"no traffic within the idle timeout"_s);
                return;
            }
            if (!m_pinging && now >= std::max(m_lastReceived, m_pingStarted) + options.webSocketPingAfter)
                ping(now);
            break;
        case State::Finished:
            return;
        }
        schedule();
    }

    void ping(SteadyClock::time_point now)
    {
        if (!m_ws.is_open()) { // Beast is closing it on its own
            onTeardown();
            return;
        }
        m_pinging = true;
        m_pingStarted = now;
        m_ws.async_ping({}, [self = shared_from_this()](beast::error_code) { self->m_pinging = false; });
    }

    // The end, whatever caused it: the socket closes at once (pending operations complete with
    // errors and find the session finished), and the handler hears it exactly once.
    void finish(int code, const QString &reason)
    {
        if (m_state == State::Finished)
            return;
        m_state = State::Finished;
        const auto self = shared_from_this(); // the registry may hold the last reference
        m_link->closed.store(true);
        dropQueued();
        ++m_timerGeneration;
        m_timer.cancel();
        SSL *ssl = m_ws.next_layer().native_handle();
        if (SSL_is_init_finished(ssl)) // keep the TLS session resumable, as for HTTP connections
            SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        beast::get_lowest_layer(m_ws).close();
        m_core.counters.open.fetch_sub(1, std::memory_order_relaxed);
        m_core.counters.webSockets.fetch_sub(1, std::memory_order_relaxed);
        qCDebug(lcHttp) << "WebSocket" << m_id << "from" << m_peer << "closed:" << code << reason;
        m_worker.webSockets.erase(this);
        callClosed(m_handlers, code, reason);
    }

    ServerCore &m_core;
    Worker &m_worker;
    WebSocket m_ws;
    net::steady_timer m_timer;
    beast::flat_buffer m_readBuffer;
    std::deque<QByteArray> m_queue; // front: being written while m_writing
    std::unique_ptr<UpgradeRequest> m_upgradeRequest;
    std::shared_ptr<ChannelLink> m_link;
    WebSocketHandlers m_handlers;
    QString m_peer;
    QString m_closeReason;
    SteadyClock::time_point m_lastReceived;
    SteadyClock::time_point m_pingStarted; // the latest ping
    SteadyClock::time_point m_writeStarted;
    SteadyClock::time_point m_phaseDeadline; // Accepting, Closing
    SteadyClock::time_point m_timerAt;
    quint64 m_timerGeneration = 0;
    const quint64 m_id;
    int m_closeCode = 1000;
    State m_state = State::Accepting;
    bool m_writing = false;
    bool m_pinging = false;
    bool m_timerWaiting = false;
    std::chrono::milliseconds m_closeBound{0}; // for the close asked for while accepting
    bool m_closeAfterAccept = false;
    bool m_closeSent = false; // we started the closing handshake (m_closeCode is ours)
};

void noteTeardown(WebSocketSession &session)
{
    session.onTeardown();
}

// What the handler holds: posts to the session's thread, never blocks, and after stop() does nothing.
class ChannelHandle final : public WebSocketChannel
{
public:
    ChannelHandle(std::shared_ptr<StopGate> gate, net::io_context &ioc, std::shared_ptr<ChannelLink> link,
                  int queueLimit)
        : m_gate(std::move(gate))
        , m_ioc(ioc)
        , m_link(std::move(link))
        , m_queueLimit(std::max(1, queueLimit))
    {}

    bool sendText(QByteArray text) override
    {
        if (m_link->closed.load())
            return false;
        if (m_link->queued.fetch_add(1) >= m_queueLimit) {
            m_link->queued.fetch_sub(1);
            return false;
        }
        const std::lock_guard lock(m_gate->mutex);
        if (m_gate->stopped) {
            m_link->queued.fetch_sub(1);
            return false;
        }
        net::post(m_ioc, [link = m_link, text = std::move(text)]() mutable {
            if (auto session = link->session.lock())
                session->enqueue(std::move(text));
            else
                link->queued.fetch_sub(1, std::memory_order_relaxed);
        });
        return true;
    }

    void close(int code, const QString &reason) override
    {
        if (m_link->closed.exchange(true))
            return;
        const std::lock_guard lock(m_gate->mutex);
        if (m_gate->stopped)
            return;
        net::post(m_ioc, [link = m_link, code, reason] {
            if (auto session = link->session.lock())
                session->closeChannel(code, reason);
        });
    }

private:
    std::shared_ptr<StopGate> m_gate;
    net::io_context &m_ioc;
    std::shared_ptr<ChannelLink> m_link;
    const int m_queueLimit;
};

class Connection final : public std::enable_shared_from_this<Connection>
{
public:
    Connection(ServerCore &core, Worker &worker, tcp::socket socket, bool rejected)
        : m_core(core)
        , m_worker(worker)
        , m_peer(peerAddressOf(socket))
        , m_stream(std::move(socket), *core.tls)
        , m_id(core.nextConnectionId.fetch_add(1))
        , m_rejected(rejected)
    {}

    void start()
    {
        auto &tcpStream = beast::get_lowest_layer(m_stream);
        tcpStream.expires_after(
            m_rejected ? std::min<std::chrono::milliseconds>(m_core.options.handshakeTimeout, RejectHandshakeTimeout)
                       : m_core.options.handshakeTimeout);
        m_stream.async_handshake(ssl::stream_base::server,
                                 [self = shared_from_this()](beast::error_code ec) { self->onHandshake(ec); });
    }

    // stop(): close at once; pending operations complete with errors and find m_finished set.
    void abort() { finish(); }

    void onResponse(quint64 sequence, std::optional<Response> response)
    {
        if (m_finished || !m_awaitingResponse || sequence != m_sequence) {
            if (response)
                callFinished(response->onFinished, 0, false);
            return;
        }
        m_awaitingResponse = false;
        m_upgradeRequest.reset(); // a refused upgrade: the connection goes on as HTTP
        Response reply = response ? std::move(*response) : transportError(500, u"The request was not answered"_s);
        const bool keepAlive = m_keepAlive && !reply.closeConnection && !m_core.stopping;
        if (m_headRequest)
            reply.headOnly = true;
        sendResponse(std::move(reply), keepAlive);
    }

    // The handler accepted the upgrade: the TLS stream moves into a WebSocketSession, which writes
    // the 101; this connection (its parser and buffers) goes away.
    void onUpgradeAccepted(quint64 sequence, WebSocketHandlers handlers, const std::shared_ptr<ChannelLink> &link)
    {
        if (m_finished || !m_awaitingResponse || sequence != m_sequence || !m_upgradeRequest) {
            link->closed.store(true);
            callClosed(handlers, 1006, u"the connection closed before the upgrade"_s);
            return;
        }
        m_awaitingResponse = false;
        if (m_core.stopping) {
            link->closed.store(true);
            callClosed(handlers, 1001, u"server shutting down"_s);
            finish();
            return;
        }
        const auto self = shared_from_this();
        auto session = std::make_shared<WebSocketSession>(m_core, m_worker, std::move(m_stream), m_id,
                                                          std::move(m_peer), link, std::move(handlers));
        link->session = session;
        m_finished = true; // the socket and the open-connection count now belong to the session
        m_worker.connections.erase(this);
        m_worker.webSockets.emplace(session.get(), session);
        m_core.counters.webSockets.fetch_add(1, std::memory_order_relaxed);
        session->start(std::move(m_upgradeRequest));
    }

private:
    void onHandshake(beast::error_code ec)
    {
        if (m_finished)
            return;
        if (ec) {
            m_core.counters.handshakeFailures.fetch_add(1, std::memory_order_relaxed);
            qCDebug(lcHttp) << "TLS handshake with" << m_peer << "failed:" << ec.message().c_str();
            finish();
            return;
        }
        if (m_rejected) {
            sendTransportError(503, u"Too many connections"_s);
            return;
        }
        if (!m_core.options.clientCaPem.isEmpty())
            m_clientCertificate = crypto::verifiedPeerCertificateSha256(m_stream.native_handle());
        waitForRequest();
    }

    // Idle phase: wait for the first bytes of the next request under the idle timeout. The read
    // timeout starts with them, so a slow request cannot hide behind a long keep-alive timeout.
    void waitForRequest()
    {
        if (m_core.stopping) {
            finish();
            return;
        }
        if (m_buffer.size() > 0) { // pipelined
            readHeader();
            return;
        }
        m_buffer.shrink_to_fit(); // an idle connection keeps no read buffer
        beast::get_lowest_layer(m_stream).expires_after(m_core.options.idleTimeout);
        m_stream.async_read_some(
            m_buffer.prepare(FirstReadSize),
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) { self->onFirstBytes(ec, bytes); });
    }

    void onFirstBytes(beast::error_code ec, std::size_t bytes)
    {
        if (m_finished)
            return;
        if (ec) {
            closeQuietly(ec);
            return;
        }
        m_buffer.commit(bytes);
        readHeader();
    }

    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(std::max(0, m_core.options.headerLimit)));
        // Unlimited while reading the header (Beast 1.74 rejects an over-long Content-Length inside
        // async_read_header, leaving us no way to drain it); the real limit is set in onHeader().
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
        beast::get_lowest_layer(m_stream).expires_after(m_core.options.readTimeout);
        bhttp::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (m_finished)
            return;
        if (ec) {
            onReadError(ec);
            return;
        }
        const auto &request = m_parser->get();
        m_version = request.version();
        const bool expectContinue = m_version >= 11 && beast::iequals(request[bhttp::field::expect], "100-continue");
        const auto length = m_parser->content_length();
        const auto bodyLimit = std::uint64_t(std::max<qint64>(0, m_core.options.bodyLimit));
        if (length && *length > bodyLimit) {
            // PROTOCOL.md §2: the 413 must reach the vehicle. A client waiting for 100-continue has
            // not sent the body; a moderate body is read and thrown away; a huge one is not.
            if (expectContinue || *length > std::uint64_t(std::max<qint64>(0, m_core.options.drainLimit))) {
                sendTransportError(413, u"Request body too large"_s);
                return;
            }
            const std::uint64_t buffered = std::min<std::uint64_t>(m_buffer.size(), *length);
            m_buffer.consume(std::size_t(buffered));
            m_drainRemaining = *length - buffered;
            m_parser.reset();
            drainBody();
            return;
        }
        m_parser->body_limit(bodyLimit);
        if (expectContinue && !m_parser->is_done()) {
            sendContinue();
            return;
        }
        readBody();
    }

    void readBody()
    {
        if (m_parser->is_done()) {
            dispatch();
            return;
        }
        bhttp::async_read(m_stream, m_buffer, *m_parser,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (self->m_finished)
                                  return;
                              if (ec)
                                  self->onReadError(ec);
                              else
                                  self->dispatch();
                          });
    }

    void drainBody()
    {
        if (m_drainRemaining == 0) {
            sendTransportError(413, u"Request body too large"_s);
            return;
        }
        const auto size = std::size_t(std::min<std::uint64_t>(m_drainRemaining, DrainChunkSize));
        // Read into the same scratch space each time and never commit it: nothing is kept.
        m_stream.async_read_some(m_buffer.prepare(size),
                                 [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                                     if (self->m_finished)
                                         return;
                                     if (ec) {
                                         self->closeQuietly(ec);
                                         return;
                                     }
                                     self->m_drainRemaining -= std::min<std::uint64_t>(bytes, self->m_drainRemaining);
                                     self->drainBody();
                                 });
    }

    void onReadError(const beast::error_code &ec)
    {
        if (ec == bhttp::error::header_limit)
            sendTransportError(431, u"Request header fields too large"_s);
        else if (ec == bhttp::error::body_limit)
            sendTransportError(413, u"Request body too large"_s);
        else if (isMalformed(ec))
            sendTransportError(400, u"Malformed HTTP request"_s);
        else
            closeQuietly(ec);
    }

    void dispatch()
    {
        auto &message = m_parser->get();
        const bool upgrade = websocket::is_upgrade(message);
        if (upgrade) {
            // Refused here, before the handler sees it, so that an accepted upgrade cannot fail in
            // Beast's own checks after the handler attached the channel somewhere.
            if (message[bhttp::field::sec_websocket_version] != "13") {
                m_parser.reset();
                Response response = transportError(426, u"WebSocket version 13 required"_s);
                response.headers.set("Sec-WebSocket-Version", "13");
                sendResponse(std::move(response), false);
                return;
            }
            const auto key = message[bhttp::field::sec_websocket_key];
            const auto decodedKey = QByteArray::fromBase64Encoding(QByteArray(key.data(), qsizetype(key.size())),
                                                                   QByteArray::AbortOnBase64DecodingErrors);
            if (key.size() != 24 || !decodedKey || decodedKey.decoded.size() != 16 ||
                message[bhttp::field::host].empty() || m_buffer.size() > 0) {
                // (Bytes after the request: a client must wait for the 101 before it sends frames.)
                sendTransportError(400, u"Malformed WebSocket upgrade request"_s);
                return;
            }
        }
        Request request;
        const auto method = message.method_string();
        request.method = QByteArray(method.data(), qsizetype(method.size()));
        const auto target = message.target();
        request.target = QByteArray(target.data(), qsizetype(target.size()));
        for (const auto &field : message) {
            const auto name = field.name_string();
            const auto value = field.value();
            request.headers.add(QByteArray(name.data(), qsizetype(name.size())),
                                QByteArray(value.data(), qsizetype(value.size())));
        }
        const std::string &body = message.body();
        request.body = QByteArray(body.data(), qsizetype(body.size()));
        request.peerAddress = m_peer;
        request.clientCertificateSha256 = m_clientCertificate;
        request.connectionId = m_id;
        m_keepAlive = message.keep_alive();
        m_headRequest = message.method() == bhttp::verb::head;
        if (upgrade)
            m_upgradeRequest = std::make_unique<UpgradeRequest>(m_parser->release());
        m_parser.reset();

        m_core.counters.requests.fetch_add(1, std::memory_order_relaxed);
        m_awaitingResponse = true;
        const quint64 sequence = ++m_sequence;
        try {
            if (upgrade) {
                m_core.handler->upgrade(std::move(request), UpgradeResponder(std::make_shared<UpgradeState>(
                                                                m_core.gate, m_worker.ioc, weak_from_this(), sequence,
                                                                m_core.options.webSocketQueueLimit)));
                return;
            }
            auto state = std::make_shared<ResponderState>(m_core.gate, m_worker.ioc, weak_from_this(), sequence);
            m_core.handler->handle(std::move(request),
                                   [state](Response response) { state->respond(std::move(response)); });
        } catch (const std::exception &error) {
            // The responder is dropped with the exception and answers 500 (unless it was called).
            qCWarning(lcHttp) << "request handler threw:" << error.what();
        } catch (...) {
            qCWarning(lcHttp) << "request handler threw an unknown exception";
        }
    }

    // Called exactly once per request, from any thread. Holds the connection weakly: after the
    // connection died the post finds nothing; after stop() nothing is posted at all.
    class ResponderState final
    {
    public:
        ResponderState(std::shared_ptr<StopGate> gate, net::io_context &ioc, std::weak_ptr<Connection> connection,
                       quint64 sequence)
            : m_gate(std::move(gate))
            , m_ioc(ioc)
            , m_connection(std::move(connection))
            , m_sequence(sequence)
        {}
        ResponderState(const ResponderState &) = delete;
        ResponderState &operator=(const ResponderState &) = delete;
        ~ResponderState()
        {
            if (!m_called.exchange(true))
                deliver(std::nullopt); // dropped unanswered: the connection answers 500
        }

        // Marks it answered without a response (an accepted upgrade); false when it already was.
        bool claim() { return !m_called.exchange(true); }

        void respond(Response response)
        {
            if (m_called.exchange(true)) {
                qCWarning(lcHttp) << "a responder was called twice; the second answer is ignored";
                callFinished(response.onFinished, 0, false);
                return;
            }
            deliver(std::move(response));
        }

    private:
        void deliver(std::optional<Response> response)
        {
            {
                const std::lock_guard lock(m_gate->mutex);
                if (!m_gate->stopped) {
                    net::post(m_ioc, [connection = m_connection, sequence = m_sequence,
                                      response = std::move(response)]() mutable {
                        if (auto alive = connection.lock())
                            alive->onResponse(sequence, std::move(response));
                        else if (response)
                            callFinished(response->onFinished, 0, false);
                    });
                    return;
                }
            }
            // The server stopped: no worker thread is left, so the caller's thread reports it.
            if (response)
                callFinished(response->onFinished, 0, false);
        }

        std::shared_ptr<StopGate> m_gate;
        net::io_context &m_ioc;
        std::weak_ptr<Connection> m_connection;
        quint64 m_sequence;
        std::atomic<bool> m_called{false};
    };

    // UpgradeResponder's transport side: refuse() is an ordinary response (ResponderState), accept()
    // hands the connection over to a WebSocketSession on the connection's thread.
    class UpgradeState final : public UpgradeResponder::Backend
    {
    public:
        UpgradeState(std::shared_ptr<StopGate> gate, net::io_context &ioc, std::weak_ptr<Connection> connection,
                     quint64 sequence, int queueLimit)
            : m_response(gate, ioc, connection, sequence)
            , m_gate(std::move(gate))
            , m_ioc(ioc)
            , m_connection(std::move(connection))
            , m_sequence(sequence)
            , m_queueLimit(queueLimit)
        {}

        void refuse(Response response) override { m_response.respond(std::move(response)); }

        std::shared_ptr<WebSocketChannel> accept(WebSocketHandlers handlers) override
        {
            if (!m_response.claim()) {
                qCWarning(lcHttp) << "an upgrade responder was called twice; the second answer is ignored";
                return nullptr;
            }
            auto link = std::make_shared<ChannelLink>();
            auto channel = std::make_shared<ChannelHandle>(m_gate, m_ioc, link, m_queueLimit);
            {
                const std::lock_guard lock(m_gate->mutex);
                if (!m_gate->stopped) {
                    net::post(m_ioc, [connection = m_connection, sequence = m_sequence, link,
                                      handlers = std::move(handlers)]() mutable {
                        if (auto alive = connection.lock()) {
                            alive->onUpgradeAccepted(sequence, std::move(handlers), link);
                        } else {
                            link->closed.store(true);
                            callClosed(handlers, 1006, u"the connection closed before the upgrade"_s);
                        }
                    });
                    return channel;
                }
            }
            // The server stopped: no worker thread is left, so the caller's thread reports it.
            link->closed.store(true);
            callClosed(handlers, 1001, u"server shutting down"_s);
            return channel;
        }

    private:
        ResponderState m_response; // answers 500 when neither refuse() nor accept() was called
        std::shared_ptr<StopGate> m_gate;
        net::io_context &m_ioc;
        std::weak_ptr<Connection> m_connection;
        quint64 m_sequence;
        const int m_queueLimit;
    };

    Response transportError(int status, const QString &description) const
    {
        try {
            return m_core.handler->transportError(status, description);
        } catch (...) {
            Response fallback;
            fallback.status = status;
            return fallback;
        }
    }

    // Every transport error closes the connection: after it the byte stream cannot be trusted.
    void sendTransportError(int status, const QString &description)
    {
        m_parser.reset();
        Response response = transportError(status, description);
        if (status == 503 && !response.headers.contains("Retry-After"))
            response.headers.set("Retry-After", "5");
        sendResponse(std::move(response), false);
    }

    void sendContinue()
    {
        auto out = std::make_unique<Outgoing>();
        out->message.version(11);
        out->message.result(bhttp::status::continue_);
        out->message.body().data = nullptr;
        out->message.body().more = false;
        out->serializer.emplace(out->message);
        out->then = Outgoing::Then::ReadBody;
        m_out = std::move(out);
        write();
    }

    void sendResponse(Response response, bool keepAlive)
    {
        auto out = std::make_unique<Outgoing>();
        auto &message = out->message;
        message.version(m_version >= 11 ? 11 : 10);
        message.result(unsigned(response.status));
        for (const auto &[name, value] : response.headers.fields()) {
            // The transport owns the framing headers.
            if (name.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
                name.compare("Connection", Qt::CaseInsensitive) == 0 ||
                name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
                continue;
            message.insert(std::string_view(name.constData(), std::size_t(name.size())),
                           std::string_view(value.constData(), std::size_t(value.size())));
        }
        message.keep_alive(keepAlive);
        const bool bodyless = response.status / 100 == 1 || response.status == 204 || response.status == 304;
        message.body().data = nullptr;
        message.body().size = 0;
        message.body().more = false;
        if (response.file) {
            const FileBody &file = *response.file;
            if (!bodyless)
                message.content_length(std::uint64_t(std::max<qint64>(0, file.length)));
            if (!bodyless && !response.headOnly && file.length > 0) {
                out->fd = ::open(QFile::encodeName(file.path).constData(), O_RDONLY | O_CLOEXEC);
                if (out->fd < 0 || file.offset < 0) {
                    qCWarning(lcHttp) << "cannot open" << file.path << "to send it:" << strerror(errno);
                    callFinished(response.onFinished, 0, false);
                    sendTransportError(500, u"Cannot read the file"_s);
                    return;
                }
                out->fileOffset = file.offset;
                out->fileRemaining = file.length;
                out->bodyLength = file.length;
                out->chunk.reset(new char[std::size_t(std::min<qint64>(file.length, FileChunkSize))]);
            }
        } else {
            if (!bodyless)
                message.content_length(std::uint64_t(response.body.size()));
            if (!bodyless && !response.headOnly && !response.body.isEmpty()) {
                out->body = std::move(response.body);
                message.body().data = out->body.data();
                message.body().size = std::size_t(out->body.size());
                out->bodyLength = out->body.size();
            }
        }
        out->onFinished = std::move(response.onFinished);
        out->serializer.emplace(message);
        out->then = keepAlive ? Outgoing::Then::ReadNextRequest : Outgoing::Then::Close;
        m_out = std::move(out);
        if (m_out->fileRemaining > 0 && !fillFileChunk()) {
            finish();
            return;
        }
        write();
    }

    // A blocking pread on this thread: fine from the page cache (beast-probe.md §5.6).
    bool fillFileChunk()
    {
        Outgoing &out = *m_out;
        const auto size = std::size_t(std::min<qint64>(out.fileRemaining, FileChunkSize));
        std::size_t done = 0;
        while (done < size) {
            const ssize_t got =
                ::pread(out.fd, out.chunk.get() + done, size - done, off_t(out.fileOffset + qint64(done)));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                qCWarning(lcHttp) << "file ended or failed while sending it:" << (got < 0 ? strerror(errno) : "EOF");
                return false;
            }
            done += std::size_t(got);
        }
        out.fileOffset += qint64(size);
        out.fileRemaining -= qint64(size);
        out.message.body().data = out.chunk.get();
        out.message.body().size = size;
        out.message.body().more = out.fileRemaining > 0;
        return true;
    }

    void write()
    {
        beast::get_lowest_layer(m_stream).expires_after(m_core.options.writeTimeout);
        bhttp::async_write(
            m_stream, *m_out->serializer,
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) { self->onWrite(ec, bytes); });
    }

    void onWrite(beast::error_code ec, std::size_t bytes)
    {
        m_core.counters.bytesSent.fetch_add(bytes, std::memory_order_relaxed);
        if (m_finished)
            return;
        m_out->bytesWritten += qint64(bytes);
        if (ec == bhttp::error::need_buffer) { // one file chunk written (beast-probe.md §5.6)
            if (m_out->fileRemaining > 0 && fillFileChunk())
                write();
            else
                finish();
            return;
        }
        if (ec) {
            closeQuietly(ec);
            return;
        }
        callFinished(m_out->onFinished, m_out->bodyLength, true); // its last byte is written
        const Outgoing::Then then = m_out->then;
        m_out.reset();
        switch (then) {
        case Outgoing::Then::ReadNextRequest:
            waitForRequest();
            break;
        case Outgoing::Then::ReadBody:
            beast::get_lowest_layer(m_stream).expires_after(m_core.options.readTimeout);
            readBody();
            break;
        case Outgoing::Then::Close:
            shutdownGracefully();
            break;
        }
    }

    // close_notify, then wait (bounded) for the client's: closing at once could reset the
    // connection under a client still sending, and throw away the response it has not read yet.
    void shutdownGracefully()
    {
        if (m_core.stopping) {
            finish();
            return;
        }
        beast::get_lowest_layer(m_stream).expires_after(ShutdownTimeout);
        m_stream.async_shutdown([self = shared_from_this()](beast::error_code) { self->finish(); });
    }

    // Of the bytes written so far, those past the status line and header fields.
    static qint64 bodyBytesWritten(const Outgoing &out)
    {
        if (out.bytesWritten == 0)
            return 0;
        const bhttp::fields::writer header(out.message, out.message.version(), out.message.result_int());
        const auto headerBytes = qint64(beast::buffer_bytes(header.get()));
        return std::clamp<qint64>(out.bytesWritten - headerBytes, 0, out.bodyLength);
    }

    void closeQuietly(const beast::error_code &ec)
    {
        // Hang-ups, truncation and timeouts are what clients do; anything else is worth a note.
        if (!isClientGone(ec))
            qCDebug(lcHttp) << "connection" << m_id << "from" << m_peer << "closed:" << ec.message().c_str();
        finish();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        const auto self = shared_from_this(); // the registry may hold the last reference
        // Closing without close_notify is how idle and timed-out connections end; without this
        // OpenSSL would mark the session not resumable (TLS 1.2 session ids) for that alone.
        if (SSL_is_init_finished(m_stream.native_handle()))
            SSL_set_shutdown(m_stream.native_handle(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        beast::get_lowest_layer(m_stream).close();
        if (m_rejected)
            m_core.counters.rejected.fetch_sub(1, std::memory_order_relaxed);
        else
            m_core.counters.open.fetch_sub(1, std::memory_order_relaxed);
        if (m_out && m_out->onFinished)
            callFinished(m_out->onFinished, bodyBytesWritten(*m_out), false);
        // m_out and m_parser stay: an operation still pending on the closed socket refers to them.
        m_worker.connections.erase(this);
    }

    ServerCore &m_core;
    Worker &m_worker;
    QString m_peer;
    TlsStream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<RequestParser> m_parser;
    std::unique_ptr<UpgradeRequest> m_upgradeRequest; // while the handler decides on an upgrade
    std::unique_ptr<Outgoing> m_out;
    QString m_clientCertificate;
    const quint64 m_id;
    quint64 m_sequence = 0;
    std::uint64_t m_drainRemaining = 0;
    unsigned m_version = 11;
    const bool m_rejected;
    bool m_keepAlive = false;
    bool m_headRequest = false;
    bool m_awaitingResponse = false;
    bool m_finished = false;
};

} // namespace

struct HttpsServer::Private
{
    ServerCore core;
    std::mutex startStopMutex;
    std::vector<std::unique_ptr<Worker>> workers;
    std::atomic<quint16> port{0};
    bool running = false;

    // accept4() with SOCK_CLOEXEC instead of Asio's accept(): a process the host application
    // starts (the console opening a map link in a browser, a test starting agents) must not inherit
    // the vehicles' connections. It would hold them open after we close them, and a vehicle would
    // then send its next request into a socket nobody reads.
    void accept(Worker &worker)
    {
        worker.acceptor.async_wait(tcp::acceptor::wait_read, [this, &worker](beast::error_code ec) {
            if (ec == net::error::operation_aborted || core.stopping)
                return;
            if (!ec)
                ec = acceptReady(worker);
            if (ec) {
                // Typically EMFILE: wait a little instead of spinning on the error.
                qCWarning(lcHttp) << "accept failed:" << ec.message().c_str();
                worker.retryTimer.expires_after(AcceptRetryDelay);
                worker.retryTimer.async_wait([this, &worker](beast::error_code timerError) {
                    if (!timerError && !core.stopping)
                        accept(worker);
                });
                return;
            }
            accept(worker);
        });
    }

    // The connections waiting in the backlog, a bounded batch so that one listener cannot starve
    // the connections its thread already serves.
    beast::error_code acceptReady(Worker &worker)
    {
        constexpr int MaxBatch = 64;
        for (int i = 0; i < MaxBatch && !core.stopping; ++i) {
            const int fd = ::accept4(worker.acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    return {};
                if (errno == EINTR || errno == ECONNABORTED)
                    continue; // the next one, if any
                return beast::error_code(errno, net::error::get_system_category());
            }
            tcp::socket socket(worker.ioc);
            beast::error_code ec;
            socket.assign(worker.protocol, fd, ec);
            if (ec) {
                ::close(fd);
                return ec;
            }
            onAccepted(worker, std::move(socket));
        }
        return {};
    }

    void onAccepted(Worker &worker, tcp::socket socket)
    {
        core.counters.accepted.fetch_add(1, std::memory_order_relaxed);
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        const auto limit = quint64(std::max(0, core.options.maxConnections));
        bool rejected = false;
        if (core.counters.open.fetch_add(1) >= limit) {
            core.counters.open.fetch_sub(1);
            // Answering 503 costs a handshake; bound how many of those run at once.
            const int rejectLimit = std::max(16, core.options.maxConnections / 16);
            if (core.counters.rejected.fetch_add(1) >= rejectLimit) {
                core.counters.rejected.fetch_sub(1);
                socket.close(ignored);
                return;
            }
            rejected = true;
        }
        auto connection = std::make_shared<Connection>(core, worker, std::move(socket), rejected);
        worker.connections.emplace(connection.get(), connection);
        connection->start();
    }

    void joinAndClear()
    {
        for (auto &worker : workers) {
            if (worker->thread.joinable())
                worker->thread.join();
        }
        workers.clear();
    }
};

HttpsServer::HttpsServer(ServerOptions options, std::shared_ptr<Handler> handler)
    : d(std::make_unique<Private>())
{
    d->core.options = std::move(options);
    d->core.handler = std::move(handler);
}

HttpsServer::~HttpsServer()
{
    stop();
}

Status HttpsServer::start()
{
    const std::lock_guard lock(d->startStopMutex);
    if (d->running)
        return {};
    ServerCore &core = d->core;
    if (!core.handler)
        return Error(u"no request handler"_s);

    core.tls.emplace(ssl::context::tls_server);
    if (Status status = crypto::configureServerContext(core.tls->native_handle(), core.options.certificateChainPem,
                                                       core.options.privateKeyPem);
        !status)
        return Error(u"TLS configuration: "_s + status.errorString());
    if (!core.options.clientCaPem.isEmpty()) {
        if (Status status = crypto::requestClientCertificates(core.tls->native_handle(), core.options.clientCaPem);
            !status)
            return Error(u"client CA: "_s + status.errorString());
    }

    beast::error_code ec;
    const net::ip::address address = net::ip::make_address(core.options.address.toStdString(), ec);
    if (ec)
        return Error(u"invalid listen address %1"_s.arg(core.options.address));

    core.stopping = false;
    core.gate = std::make_shared<StopGate>();
    quint16 port = core.options.port;
    const int threads = std::max(1, core.options.threads);
    for (int i = 0; i < threads; ++i) {
        auto worker = std::make_unique<Worker>();
        tcp::acceptor &acceptor = worker->acceptor;
        const tcp::endpoint endpoint(address, port);
        worker->protocol = endpoint.protocol();
        openListener(acceptor, worker->protocol, ec);
        if (!ec)
            acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec)
            acceptor.set_option(ReusePort(true), ec);
        if (!ec)
            acceptor.bind(endpoint, ec);
        if (!ec)
            acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec) {
            d->workers.clear();
            return Error(u"cannot listen on %1:%2: %3"_s.arg(core.options.address)
                             .arg(port)
                             .arg(QString::fromStdString(ec.message())));
        }
        if (i == 0)
            port = acceptor.local_endpoint().port(); // port 0: the others join the one picked here
        d->workers.push_back(std::move(worker));
    }
    d->port = port;

    for (std::size_t i = 0; i < d->workers.size(); ++i) {
        Worker &worker = *d->workers[i];
        worker.guard.emplace(worker.ioc.get_executor());
        d->accept(worker);
        worker.thread = std::thread([&worker, i] {
            const std::string name = "flotilla-http" + std::to_string(i);
            pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
            for (;;) {
                try {
                    worker.ioc.run();
                    break;
                } catch (const std::exception &error) {
                    qCCritical(lcHttp) << "exception on an HTTPS thread:" << error.what();
                }
            }
        });
    }
    d->running = true;
    qCInfo(lcHttp) << "HTTPS server listening on" << core.options.address << port << "with" << threads << "threads";
    return {};
}

void HttpsServer::stop()
{
    const std::lock_guard lock(d->startStopMutex);
    if (!d->running)
        return;
    ServerCore &core = d->core;
    core.stopping = true;
    {
        const std::lock_guard gateLock(core.gate->mutex);
        core.gate->stopped = true; // from now on responders post nothing
    }
    for (auto &worker : d->workers) {
        Worker *w = worker.get();
        net::post(w->ioc, [w] {
            beast::error_code ignored;
            w->acceptor.close(ignored);
            w->retryTimer.cancel();
            auto connections = std::move(w->connections);
            w->connections.clear();
            for (auto &entry : connections)
                entry.second->abort();
            // Closing handshakes with 1001, bounded by WebSocketStopTimeout: run() returns after them.
            auto webSockets = std::move(w->webSockets);
            w->webSockets.clear();
            for (auto &entry : webSockets)
                entry.second->shutdown();
        });
        // Without the guard run() returns once the aborted operations have completed.
        w->guard.reset();
    }
    d->joinAndClear();
    core.tls.reset();
    d->running = false;
}

quint16 HttpsServer::port() const
{
    return d->port;
}

QString HttpsServer::address() const
{
    return d->core.options.address;
}

ServerStats HttpsServer::stats() const
{
    const Counters &counters = d->core.counters;
    ServerStats stats;
    stats.connectionsAccepted = counters.accepted.load(std::memory_order_relaxed);
    stats.connectionsOpen = counters.open.load(std::memory_order_relaxed);
    stats.requests = counters.requests.load(std::memory_order_relaxed);
    stats.handshakeFailures = counters.handshakeFailures.load(std::memory_order_relaxed);
    stats.bytesSent = counters.bytesSent.load(std::memory_order_relaxed);
    stats.webSocketsOpen = counters.webSockets.load(std::memory_order_relaxed);
    return stats;
}

} // namespace flotilla::http

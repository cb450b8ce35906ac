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

#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <mutex>
#include <optional>
#include <pthread.h>
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
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using RequestParser = bhttp::request_parser<bhttp::string_body>;
using ReusePort = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr std::size_t FileChunkSize = 64 * 1024;
constexpr std::size_t DrainChunkSize = 16 * 1024;
constexpr std::size_t FirstReadSize = 2048;
constexpr std::chrono::seconds ShutdownTimeout{3};
constexpr std::chrono::seconds RejectHandshakeTimeout{3};
constexpr std::chrono::milliseconds AcceptRetryDelay{100};

class Connection;

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
    std::atomic<int> rejected{0}; // over the cap, being answered 503
};

// One thread, one io_context, one SO_REUSEPORT acceptor (beast-probe.md §5.1). Its connections
// are touched only on its thread, so nothing here needs a lock.
struct Worker
{
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    net::steady_timer retryTimer{ioc};
    std::optional<net::executor_work_guard<net::io_context::executor_type>> guard;
    std::unordered_map<Connection *, std::shared_ptr<Connection>> connections;
    std::thread thread;
};

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
        Response reply = response ? std::move(*response) : transportError(500, u"The request was not answered"_s);
        const bool keepAlive = m_keepAlive && !reply.closeConnection && !m_core.stopping;
        if (m_headRequest)
            reply.headOnly = true;
        sendResponse(std::move(reply), keepAlive);
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
        m_parser.reset();

        m_core.counters.requests.fetch_add(1, std::memory_order_relaxed);
        m_awaitingResponse = true;
        const quint64 sequence = ++m_sequence;
        auto state = std::make_shared<ResponderState>(m_core.gate, m_worker.ioc, weak_from_this(), sequence);
        try {
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

    void accept(Worker &worker)
    {
        worker.acceptor.async_accept([this, &worker](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted || core.stopping)
                return;
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
            onAccepted(worker, std::move(socket));
            accept(worker);
        });
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
        acceptor.open(endpoint.protocol(), ec);
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
    return stats;
}

} // namespace flotilla::http

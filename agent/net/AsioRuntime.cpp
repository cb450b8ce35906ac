// The same Boost configuration as server/http/HttpsServer.cpp: both translation units are linked
// into one executable (console + demo fleet), and Beast/Asio templates must not differ between them.
#define BOOST_ASIO_NO_DEPRECATED
#define BOOST_BEAST_USE_STD_STRING_VIEW

#include "agent/net/AsioRuntime.h"

#include "core/crypto/Tls.h"

#include <QCryptographicHash>
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
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <latch>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace flotilla::agent::net {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcNet, "flotilla.agent.net")

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using ResponseParser = bhttp::response_parser<bhttp::string_body>;
using DownloadParser = bhttp::response_parser<bhttp::buffer_body>;
namespace websocket = boost::beast::websocket;

constexpr std::uint32_t ResponseHeaderLimit = 64 * 1024;
constexpr std::size_t DownloadChunkSize = 64 * 1024;
// The body of a download answered with another status (416, 404...) is read and thrown away up to
// this, to keep the connection; a longer one closes it.
constexpr qint64 DiscardedBodyLimit = 64 * 1024;

thread_local const void *t_currentLane = nullptr;

Error clientError(ClientError code, QString message)
{
    return Error(std::move(message), int(code));
}

struct SessionFree
{
    void operator()(SSL_SESSION *session) const { SSL_SESSION_free(session); }
};
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionFree>;

// Client TLS contexts shared by every client with the same TlsOptions, on any lane (an SSL_CTX is
// safe to share once configured): thousands of simulated vehicles must not each carry one.
class TlsContextCache
{
public:
    Result<std::shared_ptr<ssl::context>> get(const TlsOptions &options)
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(options.caPem);
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(options.clientCertificatePem);
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(options.clientKeyPem);
        const QByteArray key = hash.result();

        const std::lock_guard lock(m_mutex);
        if (auto found = m_contexts.find(key); found != m_contexts.end()) {
            if (auto context = found->second.lock())
                return context;
        }
        auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
        if (Status status = crypto::configureClientContext(context->native_handle(), options.caPem); !status)
            return clientError(ClientError::Configuration, u"TLS configuration: "_s + status.errorString());
        if (!options.clientCertificatePem.isEmpty()) {
            if (Status status = crypto::useClientCertificate(context->native_handle(), options.clientCertificatePem,
                                                             options.clientKeyPem);
                !status)
                return clientError(ClientError::Configuration, u"client certificate: "_s + status.errorString());
        }
        if (++m_insertions % 256 == 0)
            std::erase_if(m_contexts, [](const auto &entry) { return entry.second.expired(); });
        m_contexts[key] = context;
        return context;
    }

private:
    std::mutex m_mutex;
    std::map<QByteArray, std::weak_ptr<ssl::context>> m_contexts;
    quint64 m_insertions = 0;
};

// ---------------------------------------------------------------------------------------------
// Timer

struct TimerState
{
    explicit TimerState(asio::io_context &ioc)
        : timer(ioc)
    {}
    asio::steady_timer timer;
    std::function<void()> callback;
    quint64 generation = 0; // bumped by start/cancel/destroy: a stale expiry never calls back
};

class TimerImpl final : public Timer
{
public:
    explicit TimerImpl(asio::io_context &ioc)
        : m_state(std::make_shared<TimerState>(ioc))
    {}
    ~TimerImpl() override { cancel(); }

    void start(std::chrono::milliseconds delay, std::function<void()> callback) override
    {
        cancel();
        m_state->callback = std::move(callback);
        m_state->timer.expires_after(delay);
        m_state->timer.async_wait([state = m_state, generation = m_state->generation](beast::error_code ec) {
            // An expiry already queued when cancel() ran completes without error: the generation
            // tells it apart.
            if (ec || generation != state->generation)
                return;
            std::function<void()> callback = std::move(state->callback);
            state->callback = nullptr;
            if (callback)
                callback();
        });
    }

    void cancel() override
    {
        ++m_state->generation;
        m_state->callback = nullptr;
        m_state->timer.cancel();
    }

private:
    std::shared_ptr<TimerState> m_state;
};

// ---------------------------------------------------------------------------------------------
// HttpsClient

struct DownloadJob
{
    DownloadRequest request;
    std::function<void(qint64 fileBytes, qint64 total)> progress;
    std::function<void(Result<DownloadResult>)> done;
};

struct Pending
{
    ClientRequest request; // for a download: built from it when it leaves the queue
    std::function<void(Result<ClientResponse>)> done;
    std::unique_ptr<DownloadJob> download; // set: a download(), which reports through download->done
};

// Calls whichever callback the pending request has.
void failPending(Pending &pending, Error error)
{
    if (pending.download) {
        if (pending.download->done)
            pending.download->done(std::move(error));
    } else if (pending.done) {
        pending.done(std::move(error));
    }
}

struct ContentRange
{
    qint64 first = 0;
    qint64 last = 0;
    qint64 total = -1; // "*": unknown
};

// "bytes first-last/total" (RFC 9110 14.4); anything else, unsatisfied-range included, is nullopt.
std::optional<qint64> parseDigits(std::string_view text)
{
    if (text.empty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<ContentRange> parseContentRange(std::string_view value)
{
    constexpr std::string_view unit = "bytes ";
    if (value.size() <= unit.size() || !beast::iequals(value.substr(0, unit.size()), unit))
        return std::nullopt;
    value.remove_prefix(unit.size());
    const std::size_t dash = value.find('-');
    const std::size_t slash = value.find('/');
    if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash)
        return std::nullopt;
    const auto first = parseDigits(value.substr(0, dash));
    const auto last = parseDigits(value.substr(dash + 1, slash - dash - 1));
    const std::string_view totalText = value.substr(slash + 1);
    const auto total = totalText == "*" ? std::optional<qint64>(-1) : parseDigits(totalText);
    if (!first || !last || !total || *last < *first || (*total >= 0 && *last >= *total))
        return std::nullopt;
    return ContentRange{*first, *last, *total};
}

// One TCP+TLS connection. Operations in flight hold it by shared_ptr, so it outlives a close().
struct Connection
{
    Connection(asio::io_context &ioc, std::shared_ptr<ssl::context> tls)
        : context(std::move(tls))
        , stream(ioc, *context)
    {}
    std::shared_ptr<ssl::context> context;
    TlsStream stream;
    beast::flat_buffer buffer;
    int served = 0;
    bool open = false;
};

// One request from queue to callback. Owned by the handlers of its operations; the client only
// points at the current one, so completions of an abandoned exchange are recognised and ignored.
struct Exchange
{
    Pending pending;
    std::shared_ptr<Connection> connection;
    bhttp::request<bhttp::buffer_body> message;
    std::optional<ResponseParser> parser;
    std::optional<tcp::resolver> resolver;
    std::chrono::steady_clock::time_point connectDeadline;
    bool reused = false; // sent on a connection that had served a request before
    bool retried = false;

    // download(): the body goes through one chunk buffer, straight to the file.
    std::optional<DownloadParser> downloadParser;
    std::unique_ptr<char[]> chunk;
    int fd = -1;
    qint64 startBytes = 0; // the file's size when the request left the queue ("Range: bytes=N-")
    qint64 fileBytes = 0;
    qint64 total = -1;
    qint64 received = 0;
    bool toFile = false; // 200/206; the body of any other status is discarded
    DownloadResult result;

    Exchange() = default;
    Exchange(const Exchange &) = delete;
    Exchange &operator=(const Exchange &) = delete;
    ~Exchange()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// Asio's connect opens its socket without SOCK_CLOEXEC: a process the host application starts (the
// console opening a map link in a browser, a test starting agents) would inherit the connection and
// hold it open after we close it. So each endpoint gets a socket opened here, tried in turn; the
// stream's expiry, set by the caller, bounds them all. done(ec) is called once.
template<class Done>
void connectStream(beast::tcp_stream &stream, std::shared_ptr<const std::vector<tcp::endpoint>> endpoints,
                   std::size_t next, beast::error_code last, Done done)
{
    if (next >= endpoints->size()) {
        done(last ? last : beast::error_code(asio::error::host_not_found));
        return;
    }
    const tcp::endpoint endpoint = (*endpoints)[next];
    beast::error_code ec;
    stream.socket().close(ec); // the previous endpoint's attempt
    const int fd = ::socket(endpoint.protocol().family(), SOCK_STREAM | SOCK_CLOEXEC, endpoint.protocol().protocol());
    if (fd < 0) {
        done(beast::error_code(errno, asio::error::get_system_category()));
        return;
    }
    stream.socket().assign(endpoint.protocol(), fd, ec);
    if (ec) {
        ::close(fd);
        done(ec);
        return;
    }
    stream.async_connect(endpoint, [&stream, endpoints = std::move(endpoints), next,
                                    done = std::move(done)](beast::error_code ec) mutable {
        if (!ec || ec == beast::error::timeout || ec == asio::error::operation_aborted) {
            done(ec);
            return;
        }
        connectStream(stream, std::move(endpoints), next + 1, ec, std::move(done));
    });
}

void connectStream(beast::tcp_stream &stream, std::vector<tcp::endpoint> endpoints,
                   std::function<void(beast::error_code)> done)
{
    connectStream(stream, std::make_shared<const std::vector<tcp::endpoint>>(std::move(endpoints)), 0, {},
                  std::move(done));
}

bool peerClosed(const beast::error_code &ec)
{
    // partial_message: an eof (after close_notify) in the middle of a body.
    return ec == asio::error::eof || ec == ssl::error::stream_truncated || ec == asio::error::connection_reset ||
           ec == asio::error::connection_aborted || ec == asio::error::broken_pipe ||
           ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message;
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Status writeAll(int fd, const char *data, qint64 size, qint64 offset, const QString &path)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t written = ::pwrite(fd, data + done, std::size_t(size - done), off_t(offset + done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return clientError(ClientError::File, u"cannot write %1: %2"_s.arg(path, errnoText(errno)));
        done += written;
    }
    return {};
}

QString hostForUrl(const QString &host)
{
    return host.contains(u':') ? u'[' + host + u']' : host;
}

// SNI carries host names only (RFC 6066); an address is checked against the IP SANs.
Status prepareClientTls(SSL *ssl, const QString &host, const TlsOptions &tls)
{
    const QString name = tls.serverName.isEmpty() ? host : tls.serverName;
    const QByteArray nameBytes = name.toUtf8();
    beast::error_code notAnAddress;
    asio::ip::make_address(nameBytes.toStdString(), notAnAddress);
    const bool isAddress = !notAnAddress;
    // (SSL_set_tlsext_host_name spelled out: the macro's C cast fails -Wold-style-cast.)
    if (!isAddress)
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char *>(nameBytes.constData()));
    if (!tls.caPem.isEmpty()) {
        const int set = isAddress ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), nameBytes.constData())
                                  : SSL_set1_host(ssl, nameBytes.constData());
        if (set != 1)
            return clientError(ClientError::Configuration, u"cannot check the server name %1"_s.arg(name));
    }
    return {};
}

QString handshakeFailure(const beast::error_code &ec, SSL *ssl)
{
    QString reason = QString::fromStdString(ec.message());
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK)
        reason += u" ("_s + QString::fromLatin1(X509_verify_cert_error_string(verify)) + u')';
    return reason;
}

// The last resumable TLS session of a client, offered on its next connect. A private copy: OpenSSL
// marks a connection's own session not resumable when the connection is freed without a TLS
// shutdown, which is how idle connections end here.
class SessionKeeper
{
public:
    void keep(SSL *ssl)
    {
        SessionPtr session(SSL_get1_session(ssl));
        if (!session || session == m_source || !SSL_SESSION_is_resumable(session.get()))
            return;
        if (SSL_SESSION *copy = SSL_SESSION_dup(session.get())) {
            m_session.reset(copy);
            m_source = std::move(session); // held, so its address cannot be reused meanwhile
        }
    }
    void offer(SSL *ssl) const
    {
        if (m_session)
            SSL_set_session(ssl, m_session.get());
    }
    void forget()
    {
        m_session.reset();
        m_source.reset();
    }

private:
    SessionPtr m_session;
    SessionPtr m_source;
};

class ClientCore final : public std::enable_shared_from_this<ClientCore>
{
public:
    ClientCore(asio::io_context &ioc, TlsContextCache &contexts, QString host, quint16 port, TlsOptions tls,
               ClientLimits limits)
        : m_ioc(ioc)
        , m_contexts(contexts)
        , m_host(std::move(host))
        , m_port(port)
        , m_tls(std::move(tls))
        , m_limits(limits)
    {}

    void request(ClientRequest request, std::function<void(Result<ClientResponse>)> done)
    {
        if (m_dead)
            return;
        m_queue.push_back(Pending{std::move(request), std::move(done), nullptr});
        pump();
    }

    void download(DownloadRequest request, std::function<void(qint64, qint64)> progress,
                  std::function<void(Result<DownloadResult>)> done)
    {
        if (m_dead)
            return;
        Pending pending;
        pending.download =
            std::make_unique<DownloadJob>(DownloadJob{std::move(request), std::move(progress), std::move(done)});
        m_queue.push_back(std::move(pending));
        pump();
    }

    void close()
    {
        std::vector<Pending> failed;
        if (m_exchange)
            failed.push_back(std::move(m_exchange->pending));
        m_exchange.reset();
        for (Pending &pending : m_queue)
            failed.push_back(std::move(pending));
        m_queue.clear();
        dropConnection();
        // Posted, so that a callback never runs inside close() itself (it may call request()).
        for (Pending &pending : failed) {
            asio::post(m_ioc, [self = shared_from_this(), pending = std::move(pending)]() mutable {
                if (!self->m_dead)
                    failPending(pending, clientError(ClientError::Cancelled, u"the connection was closed"_s));
            });
        }
    }

    // The owning HttpsClient is gone: drop everything, call nobody.
    void destroy()
    {
        m_dead = true;
        if (m_exchange && m_exchange->resolver)
            m_exchange->resolver->cancel();
        m_exchange.reset();
        m_queue.clear();
        dropConnection();
    }

    void setTls(TlsOptions options)
    {
        m_tls = std::move(options);
        m_context.reset();
        m_sessions.forget(); // a session from another trust setup must not skip the new verification
    }

    ClientStats stats() const { return m_stats; }

private:
    void pump()
    {
        if (m_dead || m_exchange || m_queue.empty())
            return;
        auto exchange = std::make_shared<Exchange>();
        exchange->pending = std::move(m_queue.front());
        m_queue.pop_front();
        m_exchange = exchange;
        if (exchange->pending.download) {
            if (Status prepared = prepareDownload(*exchange); !prepared) {
                fail(exchange, prepared.error());
                return;
            }
        }
        if (m_connection && m_connection->open) {
            exchange->connection = m_connection;
            exchange->reused = m_connection->served > 0;
            send(exchange);
        } else {
            connect(exchange);
        }
    }

    bool current(const std::shared_ptr<Exchange> &exchange) const { return !m_dead && m_exchange == exchange; }

    // Turns a download into its GET, resuming after what the file already holds.
    static Status prepareDownload(Exchange &exchange)
    {
        const DownloadRequest &download = exchange.pending.download->request;
        struct stat info = {};
        if (::stat(QFile::encodeName(download.filePath).constData(), &info) == 0) {
            if (!S_ISREG(info.st_mode))
                return clientError(ClientError::File, u"%1 is not a regular file"_s.arg(download.filePath));
            exchange.startBytes = qint64(info.st_size);
        } else if (errno == ENOENT) {
            exchange.startBytes = 0;
        } else {
            return clientError(ClientError::File, u"cannot inspect %1: %2"_s.arg(download.filePath, errnoText(errno)));
        }
        ClientRequest &request = exchange.pending.request;
        request = {};
        request.method = "GET";
        request.target = download.target;
        for (const auto &header : download.headers) {
            if (header.first.compare("Range", Qt::CaseInsensitive) != 0 &&
                header.first.compare("If-Range", Qt::CaseInsensitive) != 0)
                request.headers.append(header);
        }
        if (exchange.startBytes > 0) {
            request.headers.append({"Range", "bytes=" + QByteArray::number(exchange.startBytes) + '-'});
            if (!download.etag.isEmpty())
                request.headers.append({"If-Range", download.etag});
        }
        return {};
    }

    void connect(const std::shared_ptr<Exchange> &exchange)
    {
        dropConnection();
        if (!m_context) {
            auto context = m_contexts.get(m_tls);
            if (!context) {
                fail(exchange, context.error());
                return;
            }
            m_context = std::move(*context);
        }
        exchange->reused = false;
        exchange->connection = std::make_shared<Connection>(m_ioc, m_context);
        m_connection = exchange->connection;
        exchange->connectDeadline = std::chrono::steady_clock::now() + m_limits.connectTimeout;

        beast::error_code ec;
        const asio::ip::address address = asio::ip::make_address(m_host.toStdString(), ec);
        if (!ec) {
            connectTo(exchange, {tcp::endpoint(address, m_port)});
            return;
        }
        exchange->resolver.emplace(m_ioc);
        exchange->resolver->async_resolve(
            m_host.toStdString(), std::to_string(m_port),
            [self = shared_from_this(), exchange](beast::error_code ec, tcp::resolver::results_type results) {
                if (!self->current(exchange))
                    return;
                if (ec) {
                    self->fail(exchange, clientError(ClientError::Connect,
                                                     u"cannot resolve %1: %2"_s.arg(
                                                         self->m_host, QString::fromStdString(ec.message()))));
                    return;
                }
                std::vector<tcp::endpoint> endpoints;
                for (const auto &entry : results)
                    endpoints.push_back(entry.endpoint());
                self->connectTo(exchange, std::move(endpoints));
            });
    }

    void connectTo(const std::shared_ptr<Exchange> &exchange, std::vector<tcp::endpoint> endpoints)
    {
        auto &tcpStream = beast::get_lowest_layer(exchange->connection->stream);
        tcpStream.expires_at(exchange->connectDeadline);
        connectStream(tcpStream, std::move(endpoints), [self = shared_from_this(), exchange](beast::error_code ec) {
            if (!self->current(exchange))
                return;
            if (ec) {
                const ClientError code = ec == beast::error::timeout ? ClientError::Timeout : ClientError::Connect;
                self->fail(exchange, clientError(code, u"cannot connect to %1: %2"_s.arg(
                                                           self->authority(), QString::fromStdString(ec.message()))));
                return;
            }
            beast::error_code ignored;
            beast::get_lowest_layer(exchange->connection->stream).socket().set_option(tcp::no_delay(true), ignored);
            self->handshake(exchange);
        });
    }

    void handshake(const std::shared_ptr<Exchange> &exchange)
    {
        SSL *ssl = exchange->connection->stream.native_handle();
        if (Status prepared = prepareClientTls(ssl, m_host, m_tls); !prepared) {
            fail(exchange, prepared.error());
            return;
        }
        m_sessions.offer(ssl);
        beast::get_lowest_layer(exchange->connection->stream).expires_at(exchange->connectDeadline);
        exchange->connection->stream.async_handshake(
            ssl::stream_base::client, [self = shared_from_this(), exchange](beast::error_code ec) {
                if (!self->current(exchange))
                    return;
                Connection &connection = *exchange->connection;
                if (ec) {
                    const QString reason = handshakeFailure(ec, connection.stream.native_handle());
                    const ClientError code = ec == beast::error::timeout ? ClientError::Timeout : ClientError::Tls;
                    self->fail(exchange,
                               clientError(code, u"TLS handshake with %1 failed: %2"_s.arg(self->authority(), reason)));
                    return;
                }
                ++self->m_stats.connects;
                if (SSL_session_reused(connection.stream.native_handle()))
                    ++self->m_stats.resumedSessions;
                self->keepSession(connection);
                connection.open = true;
                self->send(exchange);
            });
    }

    void send(const std::shared_ptr<Exchange> &exchange)
    {
        ClientRequest &request = exchange->pending.request;
        auto &message = exchange->message;
        message = {};
        message.version(11);
        message.method_string(std::string_view(request.method.constData(), std::size_t(request.method.size())));
        message.target(std::string_view(request.target.constData(), std::size_t(request.target.size())));
        QByteArray host = hostForUrl(m_host).toUtf8();
        if (m_port != 443)
            host += ':' + QByteArray::number(m_port);
        message.set(bhttp::field::host, std::string_view(host.constData(), std::size_t(host.size())));
        for (const auto &[name, value] : request.headers) {
            if (name.compare("Host", Qt::CaseInsensitive) == 0 ||
                name.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
                name.compare("Connection", Qt::CaseInsensitive) == 0 ||
                name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
                continue;
            message.insert(std::string_view(name.constData(), std::size_t(name.size())),
                           std::string_view(value.constData(), std::size_t(value.size())));
        }
        const bool hasBody = !request.body.isEmpty() || request.method == "POST" || request.method == "PUT";
        if (hasBody)
            message.content_length(std::uint64_t(request.body.size()));
        message.body().data = request.body.isEmpty() ? nullptr : request.body.data();
        message.body().size = std::size_t(request.body.size());
        message.body().more = false;

        auto &tcpStream = beast::get_lowest_layer(exchange->connection->stream);
        tcpStream.expires_after(m_limits.requestTimeout); // one deadline for writing and the whole response
        ++m_stats.requests;
        bhttp::async_write(exchange->connection->stream, message,
                           [self = shared_from_this(), exchange](beast::error_code ec, std::size_t bytes) {
                               self->m_stats.bytesSent += bytes;
                               if (!self->current(exchange))
                                   return;
                               if (ec) {
                                   self->onExchangeError(exchange, ec, false);
                                   return;
                               }
                               self->readResponse(exchange);
                           });
    }

    void readResponse(const std::shared_ptr<Exchange> &exchange)
    {
        if (exchange->pending.download) {
            readDownloadHeader(exchange);
            return;
        }
        exchange->parser.emplace();
        exchange->parser->header_limit(ResponseHeaderLimit);
        exchange->parser->body_limit(std::uint64_t(std::max<qint64>(0, m_limits.maxResponseBytes)));
        if (exchange->pending.request.method == "HEAD")
            exchange->parser->skip(true);
        // Header first, then the body: Beast 1.74's eager parse (async_read) loses the body_limit
        // error of a too-large Content-Length and reads the body anyway.
        bhttp::async_read_header(exchange->connection->stream, exchange->connection->buffer, *exchange->parser,
                                 [self = shared_from_this(), exchange](beast::error_code ec, std::size_t bytes) {
                                     self->onResponsePart(exchange, ec, bytes, true);
                                 });
    }

    void onResponsePart(const std::shared_ptr<Exchange> &exchange, beast::error_code ec, std::size_t bytes,
                        bool headerOnly)
    {
        m_stats.bytesReceived += bytes;
        if (!current(exchange))
            return;
        if (ec) {
            onExchangeError(exchange, ec, exchange->parser->got_some());
            return;
        }
        if (!headerOnly || exchange->parser->is_done()) {
            onResponse(exchange);
            return;
        }
        bhttp::async_read(exchange->connection->stream, exchange->connection->buffer, *exchange->parser,
                          [self = shared_from_this(), exchange](beast::error_code ec, std::size_t bytes) {
                              self->onResponsePart(exchange, ec, bytes, false);
                          });
    }

    void onExchangeError(const std::shared_ptr<Exchange> &exchange, const beast::error_code &ec, bool gotResponseBytes)
    {
        // A kept-alive connection the server has meanwhile closed fails like this on reuse; the
        // request never reached the server's handler, so sending it again once is safe.
        if (exchange->reused && !exchange->retried && !gotResponseBytes && peerClosed(ec)) {
            qCDebug(lcNet) << "connection to" << authority() << "was closed by the server; reconnecting";
            exchange->retried = true;
            exchange->parser.reset();
            exchange->downloadParser.reset();
            connect(exchange);
            return;
        }
        qCDebug(lcNet) << "exchange with" << authority() << "reused" << exchange->reused << "retried"
                       << exchange->retried << "got bytes" << gotResponseBytes << "failed:" << ec.message().c_str();
        ClientError code = ClientError::ConnectionClosed;
        QString what = u"connection to %1 failed: %2"_s;
        if (ec == beast::error::timeout) {
            code = ClientError::Timeout;
            what = u"no complete response from %1 within the request timeout (%2)"_s;
        } else if (ec == bhttp::error::body_limit) {
            code = ClientError::ResponseTooLarge;
            what = u"response from %1 is larger than the limit (%2)"_s;
        } else if (!peerClosed(ec) && ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
            code = ClientError::BadResponse;
            what = u"malformed response from %1: %2"_s;
        }
        fail(exchange, clientError(code, what.arg(authority(), QString::fromStdString(ec.message()))));
    }

    void onResponse(const std::shared_ptr<Exchange> &exchange)
    {
        Connection &connection = *exchange->connection;
        auto &message = exchange->parser->get();
        ClientResponse response;
        response.status = int(message.result_int());
        for (const auto &field : message) {
            const auto name = field.name_string();
            const auto value = field.value();
            response.headers.append(
                {QByteArray(name.data(), qsizetype(name.size())), QByteArray(value.data(), qsizetype(value.size()))});
        }
        const std::string &body = message.body();
        response.body = QByteArray(body.data(), qsizetype(body.size()));
        const bool keepAlive = message.keep_alive() && !exchange->parser->need_eof();
        exchange->parser.reset();

        keepSession(connection);
        ++connection.served;
        if (!keepAlive || connection.buffer.size() > 0) // unexpected extra bytes: start clean
            dropConnection();
        else
            connection.buffer.shrink_to_fit(); // an idle connection keeps no read buffer

        std::function<void(Result<ClientResponse>)> done = std::move(exchange->pending.done);
        m_exchange.reset();
        const auto self = shared_from_this(); // the callback may destroy the HttpsClient
        if (done)
            done(std::move(response));
        pump();
    }

    void readDownloadHeader(const std::shared_ptr<Exchange> &exchange)
    {
        DownloadParser &parser = exchange->downloadParser.emplace();
        parser.header_limit(ResponseHeaderLimit);
        // maxBytes is checked against Content-Length and against every chunk; the parser's own limit
        // would count the body of a resumed download from 0 (and 1.74 reads "none" as 0, see docs).
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        bhttp::async_read_header(exchange->connection->stream, exchange->connection->buffer, parser,
                                 [self = shared_from_this(), exchange](beast::error_code ec, std::size_t bytes) {
                                     self->m_stats.bytesReceived += bytes;
                                     if (!self->current(exchange))
                                         return;
                                     if (ec)
                                         self->onExchangeError(exchange, ec, exchange->downloadParser->got_some());
                                     else
                                         self->onDownloadHeader(exchange);
                                 });
    }

    void onDownloadHeader(const std::shared_ptr<Exchange> &exchange)
    {
        Exchange &ex = *exchange;
        const DownloadRequest &download = ex.pending.download->request;
        const auto &header = ex.downloadParser->get();
        const int status = int(header.result_int());
        const std::string_view etag = header[bhttp::field::etag];
        ex.result.status = status;
        ex.result.etag = QByteArray(etag.data(), qsizetype(etag.size()));
        ex.fileBytes = ex.startBytes;
        const boost::optional<std::uint64_t> length = ex.downloadParser->content_length();
        if (status == 200 || status == 206) {
            qint64 start = 0;
            if (status == 200) {
                ex.total =
                    length && *length <= std::uint64_t(std::numeric_limits<qint64>::max()) ? qint64(*length) : -1;
            } else {
                const std::string_view rangeText = header[bhttp::field::content_range];
                const std::optional<ContentRange> range = parseContentRange(rangeText);
                if (!range || range->first != ex.startBytes ||
                    (length && *length != std::uint64_t(range->last - range->first + 1))) {
                    fail(exchange,
                         clientError(
                             ClientError::BadResponse,
                             u"206 from %1 with Content-Range \"%2\" does not continue the %3 bytes on disk"_s
                                 .arg(authority(), QString::fromLatin1(rangeText.data(), qsizetype(rangeText.size())))
                                 .arg(ex.startBytes)));
                    return;
                }
                start = ex.startBytes;
                ex.total = range->total >= 0 ? range->total : range->last + 1;
            }
            if (download.maxBytes > 0 && length &&
                *length > std::uint64_t(std::max<qint64>(0, download.maxBytes - start))) {
                fail(exchange, clientError(ClientError::ResponseTooLarge,
                                           u"download from %1 would make %2 longer than %3 bytes (Content-Length %4)"_s
                                               .arg(authority(), download.filePath)
                                               .arg(download.maxBytes)
                                               .arg(*length)));
                return;
            }
            const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (status == 200 ? O_TRUNC : 0);
            ex.fd = ::open(QFile::encodeName(download.filePath).constData(), flags, 0666);
            if (ex.fd < 0) {
                fail(exchange,
                     clientError(ClientError::File, u"cannot open %1: %2"_s.arg(download.filePath, errnoText(errno))));
                return;
            }
            ex.toFile = true;
            ex.fileBytes = start;
            ex.result.resumed = status == 206;
        }
        ex.chunk.reset(new char[DownloadChunkSize]);
        // Beast reads at most the read buffer's spare capacity (at least 512 bytes): left at the
        // ~1 KiB the header needed, every 16 KiB TLS record took ~30 reads and reactor passes
        // (bench/download.sh). Freed again by shrink_to_fit when the download ends.
        ex.connection->buffer.reserve(DownloadChunkSize);
        readDownloadChunk(exchange);
    }

    void readDownloadChunk(const std::shared_ptr<Exchange> &exchange)
    {
        DownloadParser &parser = *exchange->downloadParser;
        if (parser.is_done()) {
            finishDownload(exchange, true);
            return;
        }
        auto &body = parser.get().body();
        body.data = exchange->chunk.get();
        body.size = DownloadChunkSize;
        // Per chunk, not per body: a large download may take long, a stalled server may not.
        beast::get_lowest_layer(exchange->connection->stream).expires_after(m_limits.requestTimeout);
        bhttp::async_read(exchange->connection->stream, exchange->connection->buffer, parser,
                          [self = shared_from_this(), exchange](beast::error_code ec, std::size_t bytes) {
                              self->onDownloadChunk(exchange, ec, bytes);
                          });
    }

    void onDownloadChunk(const std::shared_ptr<Exchange> &exchange, beast::error_code ec, std::size_t bytes)
    {
        m_stats.bytesReceived += bytes;
        if (!current(exchange))
            return;
        Exchange &ex = *exchange;
        DownloadJob &job = *ex.pending.download;
        if (ec == bhttp::error::need_buffer) // the chunk is full (docs/dev/transport.md, traps)
            ec = {};
        // Bytes that arrived before an error are kept too: they are a valid prefix.
        const auto got = qint64(DownloadChunkSize - ex.downloadParser->get().body().size);
        ex.received += got;
        if (!ex.toFile) {
            if (ec || ex.received > DiscardedBodyLimit)
                finishDownload(exchange, false); // the status is what counts; the connection is not reused
            else
                readDownloadChunk(exchange);
            return;
        }
        if (got > 0) {
            const qint64 maxBytes = job.request.maxBytes;
            const qint64 keep = maxBytes > 0 ? std::clamp<qint64>(maxBytes - ex.fileBytes, 0, got) : got;
            if (Status written = writeAll(ex.fd, ex.chunk.get(), keep, ex.fileBytes, job.request.filePath); !written) {
                fail(exchange, written.error());
                return;
            }
            ex.fileBytes += keep;
            if (keep < got) {
                fail(exchange,
                     clientError(ClientError::ResponseTooLarge,
                                 u"download from %1 sent more than the %2 bytes allowed for %3"_s.arg(authority())
                                     .arg(maxBytes)
                                     .arg(job.request.filePath)));
                return;
            }
            if (job.progress) {
                const auto self = shared_from_this(); // the callback may destroy the HttpsClient
                job.progress(ex.fileBytes, ex.total);
                if (!current(exchange)) // it closed or destroyed the client
                    return;
            }
        }
        if (ec) {
            onExchangeError(exchange, ec, true);
            return;
        }
        readDownloadChunk(exchange);
    }

    void finishDownload(const std::shared_ptr<Exchange> &exchange, bool complete)
    {
        Exchange &ex = *exchange;
        if (ex.fd >= 0) { // durable before it is reported done
            int error = 0;
            while (::fsync(ex.fd) != 0) {
                if (errno != EINTR) {
                    error = errno;
                    break;
                }
            }
            if (::close(ex.fd) != 0 && error == 0)
                error = errno;
            ex.fd = -1;
            if (error != 0) {
                fail(exchange,
                     clientError(ClientError::File, u"cannot flush %1: %2"_s.arg(ex.pending.download->request.filePath,
                                                                                 errnoText(error))));
                return;
            }
        }
        DownloadResult result = std::move(ex.result);
        result.fileBytes = ex.fileBytes;
        result.bytesReceived = ex.received;

        Connection &connection = *ex.connection;
        const DownloadParser &parser = *ex.downloadParser;
        const bool keepAlive = complete && parser.is_done() && parser.get().keep_alive() && !parser.need_eof();
        ex.downloadParser.reset();
        ex.chunk.reset();
        keepSession(connection);
        ++connection.served;
        if (!keepAlive || connection.buffer.size() > 0)
            dropConnection();
        else
            connection.buffer.shrink_to_fit();

        Pending pending = std::move(ex.pending);
        m_exchange.reset();
        const auto self = shared_from_this(); // the callback may destroy the HttpsClient
        if (pending.download->done)
            pending.download->done(std::move(result));
        pump();
    }

    void fail(const std::shared_ptr<Exchange> &exchange, Error error)
    {
        if (!current(exchange))
            return;
        if (exchange->connection && exchange->connection == m_connection)
            dropConnection();
        Pending pending = std::move(exchange->pending);
        m_exchange.reset();
        qCDebug(lcNet) << error.message;
        const auto self = shared_from_this();
        failPending(pending, std::move(error));
        pump();
    }

    // Offered on the next connect. With TLS 1.3 the ticket arrives after the handshake, so this is
    // also called after each response.
    void keepSession(Connection &connection)
    {
        if (connection.context == m_context)
            m_sessions.keep(connection.stream.native_handle());
    }

    void dropConnection()
    {
        if (!m_connection)
            return;
        // No close_notify: the server treats a plain close as a normal hang-up.
        beast::get_lowest_layer(m_connection->stream).close();
        m_connection->open = false;
        m_connection.reset();
    }

    QString authority() const { return hostForUrl(m_host) + u':' + QString::number(m_port); }

    asio::io_context &m_ioc;
    TlsContextCache &m_contexts;
    const QString m_host;
    const quint16 m_port;
    TlsOptions m_tls;
    const ClientLimits m_limits;
    std::shared_ptr<ssl::context> m_context;
    SessionKeeper m_sessions;
    std::shared_ptr<Connection> m_connection;
    std::shared_ptr<Exchange> m_exchange;
    std::deque<Pending> m_queue;
    ClientStats m_stats;
    bool m_dead = false;
};

class HttpsClientImpl final : public HttpsClient
{
public:
    explicit HttpsClientImpl(std::shared_ptr<ClientCore> core)
        : m_core(std::move(core))
    {}
    ~HttpsClientImpl() override { m_core->destroy(); }

    void request(ClientRequest request, std::function<void(Result<ClientResponse>)> done) override
    {
        m_core->request(std::move(request), std::move(done));
    }
    void download(DownloadRequest request, std::function<void(qint64, qint64)> progress,
                  std::function<void(Result<DownloadResult>)> done) override
    {
        m_core->download(std::move(request), std::move(progress), std::move(done));
    }
    void close() override { m_core->close(); }
    void setTls(TlsOptions options) override { m_core->setTls(std::move(options)); }
    ClientStats stats() const override { return m_core->stats(); }

private:
    std::shared_ptr<ClientCore> m_core;
};

// ---------------------------------------------------------------------------------------------
// WebSocketClient

// The TLS stream under a client WebSocket. Only its WebSocket teardown differs from Beast's, which
// exchanges close_notify and reports anything else the server sends meanwhile (its own close frame
// answer) as the error, hiding why the channel closed. After the closing handshake nothing is left
// to protect: Beast's TCP teardown instead, which reads until the server's FIN (the server closes
// first, RFC 6455 7.1.1), bounded by the WebSocket's timers.
class ChannelTlsStream : public TlsStream // not final: Asio's traits derive from it
{
public:
    using TlsStream::TlsStream;

    template<class Handler>
    friend void async_teardown(beast::role_type role, ChannelTlsStream &stream, Handler &&handler)
    {
        using websocket::async_teardown;
        async_teardown(role, beast::get_lowest_layer(stream).socket(), std::forward<Handler>(handler));
    }
    friend void teardown(beast::role_type role, ChannelTlsStream &stream, beast::error_code &ec)
    {
        using websocket::teardown;
        teardown(role, beast::get_lowest_layer(stream).socket(), ec);
    }
};

// No permessage-deflate: 10,000 channels in one simulator must stay small.
using ClientWebSocket = websocket::stream<ChannelTlsStream, false>;

// One attempt: TCP + TLS + upgrade, then frames. Operations in flight hold it by shared_ptr.
struct ChannelConnection
{
    ChannelConnection(asio::io_context &ioc, std::shared_ptr<ssl::context> tls)
        : context(std::move(tls))
        , ws(ioc, *context)
    {}
    std::shared_ptr<ssl::context> context;
    ClientWebSocket ws;
    beast::flat_buffer buffer;
    std::unique_ptr<websocket::response_type> upgradeResponse; // during the upgrade only
    std::optional<tcp::resolver> resolver;
    std::chrono::steady_clock::time_point deadline; // TCP + TLS + upgrade
};

class WebSocketCore final : public std::enable_shared_from_this<WebSocketCore>
{
public:
    WebSocketCore(asio::io_context &ioc, TlsContextCache &contexts, QString host, quint16 port, TlsOptions tls)
        : m_ioc(ioc)
        , m_contexts(contexts)
        , m_host(std::move(host))
        , m_port(port)
        , m_tls(std::move(tls))
    {}

    void open(WebSocketOptions options, std::function<void()> onOpen, std::function<void(QByteArray)> onMessage,
              std::function<void(WebSocketClose)> onClosed)
    {
        if (m_dead)
            return;
        if (m_connection) // the attempt it replaces still gets its one onClosed
            endQuietly(WebSocketClose{0, u"replaced by a new open()"_s, 0});
        m_options = std::move(options);
        m_onOpen = std::move(onOpen);
        m_onMessage = std::move(onMessage);
        m_onClosed = std::move(onClosed);
        m_state = State::Connecting;
        connect();
    }

    void close()
    {
        if (m_dead || !m_connection)
            return;
        if (m_state == State::Open) {
            m_state = State::Closing;
            // Bounded by the handshake timeout set when the channel opened.
            m_connection->ws.async_close(websocket::close_code::normal,
                                         [self = shared_from_this(), connection = m_connection](beast::error_code) {
                                             self->report(connection, closedByClient());
                                         });
            return;
        }
        if (m_state == State::Connecting)
            endQuietly(closedByClient());
    }

    bool isOpen() const { return !m_dead && m_state == State::Open; }

    // The owning WebSocketClient is gone: drop everything, call nobody.
    void destroy()
    {
        m_dead = true;
        m_onOpen = nullptr;
        m_onMessage = nullptr;
        m_onClosed = nullptr;
        dropConnection();
    }

private:
    enum class State
    {
        Idle,
        Connecting,
        Open,
        Closing, // close() sent our close frame
    };

    static WebSocketClose closedByClient() { return WebSocketClose{1000, u"closed by client"_s, 0}; }

    bool current(const std::shared_ptr<ChannelConnection> &connection) const
    {
        return !m_dead && connection && m_connection == connection;
    }

    void connect()
    {
        auto context = m_context ? Result<std::shared_ptr<ssl::context>>(m_context) : m_contexts.get(m_tls);
        if (!context) {
            endQuietly(WebSocketClose{0, context.errorString(), 0});
            return;
        }
        m_context = *context;
        auto connection = std::make_shared<ChannelConnection>(m_ioc, m_context);
        m_connection = connection;
        connection->deadline = std::chrono::steady_clock::now() + m_options.connectTimeout;
        beast::get_lowest_layer(connection->ws).expires_at(connection->deadline);

        beast::error_code ec;
        const asio::ip::address address = asio::ip::make_address(m_host.toStdString(), ec);
        if (!ec) {
            connectTo(connection, {tcp::endpoint(address, m_port)});
            return;
        }
        connection->resolver.emplace(m_ioc);
        connection->resolver->async_resolve(
            m_host.toStdString(), std::to_string(m_port),
            [self = shared_from_this(), connection](beast::error_code ec, tcp::resolver::results_type results) {
                if (!self->current(connection))
                    return;
                if (ec) {
                    self->report(
                        connection,
                        WebSocketClose{
                            0, u"cannot resolve %1: %2"_s.arg(self->m_host, QString::fromStdString(ec.message())), 0});
                    return;
                }
                std::vector<tcp::endpoint> endpoints;
                for (const auto &entry : results)
                    endpoints.push_back(entry.endpoint());
                self->connectTo(connection, std::move(endpoints));
            });
    }

    void connectTo(const std::shared_ptr<ChannelConnection> &connection, std::vector<tcp::endpoint> endpoints)
    {
        connectStream(
            beast::get_lowest_layer(connection->ws), std::move(endpoints),
            [self = shared_from_this(), connection](beast::error_code ec) {
                if (!self->current(connection))
                    return;
                if (ec) {
                    self->report(connection, WebSocketClose{0, self->failure(u"cannot connect to %1: %2"_s, ec), 0});
                    return;
                }
                beast::error_code ignored;
                beast::get_lowest_layer(connection->ws).socket().set_option(tcp::no_delay(true), ignored);
                self->handshake(connection);
            });
    }

    void handshake(const std::shared_ptr<ChannelConnection> &connection)
    {
        SSL *ssl = connection->ws.next_layer().native_handle();
        if (Status prepared = prepareClientTls(ssl, m_host, m_tls); !prepared) {
            report(connection, WebSocketClose{0, prepared.errorString(), 0});
            return;
        }
        m_sessions.offer(ssl);
        connection->ws.next_layer().async_handshake(
            ssl::stream_base::client, [self = shared_from_this(), connection](beast::error_code ec) {
                if (!self->current(connection))
                    return;
                if (ec) {
                    const QString reason = handshakeFailure(ec, connection->ws.next_layer().native_handle());
                    self->report(
                        connection,
                        WebSocketClose{0, u"TLS handshake with %1 failed: %2"_s.arg(self->authority(), reason), 0});
                    return;
                }
                self->upgrade(connection);
            });
    }

    void upgrade(const std::shared_ptr<ChannelConnection> &connection)
    {
        ClientWebSocket &ws = connection->ws;
        ws.read_message_max(std::size_t(std::max<qint64>(1, m_options.maxMessageBytes)));
        // Called while async_handshake builds the request, so the options are there.
        ws.set_option(websocket::stream_base::decorator([this](websocket::request_type &request) {
            request.erase(bhttp::field::user_agent);
            for (const auto &[name, value] : m_options.headers)
                request.set(std::string_view(name.constData(), std::size_t(name.size())),
                            std::string_view(value.constData(), std::size_t(value.size())));
        }));
        QByteArray host = hostForUrl(m_host).toUtf8();
        if (m_port != 443)
            host += ':' + QByteArray::number(m_port);
        connection->upgradeResponse = std::make_unique<websocket::response_type>();
        ws.async_handshake(
            *connection->upgradeResponse, std::string_view(host.constData(), std::size_t(host.size())),
            std::string_view(m_options.target.constData(), std::size_t(m_options.target.size())),
            [self = shared_from_this(), connection](beast::error_code ec) { self->onUpgrade(connection, ec); });
    }

    void onUpgrade(const std::shared_ptr<ChannelConnection> &connection, beast::error_code ec)
    {
        if (!current(connection))
            return;
        const std::unique_ptr<websocket::response_type> response = std::move(connection->upgradeResponse);
        if (ec) {
            const int status = response ? int(response->result_int()) : 0;
            if (ec == websocket::error::upgrade_declined && status != 0) {
                report(connection, WebSocketClose{0, u"upgrade refused: %1"_s.arg(status), status});
                return;
            }
            const QString what = ec == beast::error::timeout ? u"no upgrade from %1 within the connect timeout (%2)"_s
                                                             : u"WebSocket upgrade with %1 failed: %2"_s;
            report(connection, WebSocketClose{0, failure(what, ec), 0});
            return;
        }
        ClientWebSocket &ws = connection->ws;
        // From here the WebSocket's own timers: a ping after keepAlive of silence, give up after twice
        // that; the closing handshake gets the connect timeout.
        beast::get_lowest_layer(ws).expires_never();
        websocket::stream_base::timeout timeouts;
        timeouts.handshake_timeout = m_options.connectTimeout;
        timeouts.idle_timeout = 2 * m_options.keepAlive;
        timeouts.keep_alive_pings = true;
        ws.set_option(timeouts);
        ws.set_option(websocket::stream_base::decorator([](websocket::request_type &) {})); // frees the capture
        m_sessions.keep(ws.next_layer().native_handle());
        m_state = State::Open;
        read(connection);
        if (m_onOpen) {
            const auto self = shared_from_this(); // the callback may destroy the client
            m_onOpen();
        }
    }

    void read(const std::shared_ptr<ChannelConnection> &connection)
    {
        connection->ws.async_read(connection->buffer,
                                  [self = shared_from_this(), connection](beast::error_code ec, std::size_t) {
                                      self->onRead(connection, ec);
                                  });
    }

    void onRead(const std::shared_ptr<ChannelConnection> &connection, beast::error_code ec)
    {
        if (!current(connection))
            return;
        ClientWebSocket &ws = connection->ws;
        if (ec) {
            onReadFailed(connection, ec);
            return;
        }
        const bool deliver = ws.got_text() && m_onMessage && m_state == State::Open;
        QByteArray message;
        if (deliver) {
            const auto data = connection->buffer.cdata();
            message = QByteArray(static_cast<const char *>(data.data()), qsizetype(data.size()));
        }
        // Between messages a channel keeps no read buffer.
        connection->buffer.clear();
        connection->buffer.shrink_to_fit();
        if (deliver) {
            const auto self = shared_from_this(); // the callback may close or destroy the client
            m_onMessage(std::move(message));
            if (!current(connection))
                return;
        }
        read(connection);
    }

    void onReadFailed(const std::shared_ptr<ChannelConnection> &connection, const beast::error_code &ec)
    {
        if (m_state == State::Closing) {
            report(connection, closedByClient());
            return;
        }
        // The server's close frame, when one came, says why (its TLS shutdown may still have failed).
        const websocket::close_reason &reason = connection->ws.reason();
        if (reason.code != websocket::close_code::none) {
            report(connection,
                   WebSocketClose{int(reason.code),
                                  QString::fromUtf8(reason.reason.data(), qsizetype(reason.reason.size())), 0});
            return;
        }
        QString what;
        if (ec == beast::error::timeout)
            what = u"timeout: no frame from %1 within twice the keep-alive interval"_s.arg(authority());
        else if (ec == websocket::error::message_too_big)
            what = u"message from %1 larger than %2 bytes"_s.arg(authority()).arg(m_options.maxMessageBytes);
        else if (ec == websocket::error::closed)
            what = u"closed by %1 without a status code"_s.arg(authority());
        else
            what = failure(u"connection to %1 failed: %2"_s, ec);
        report(connection, WebSocketClose{0, what, 0});
    }

    // The attempt is over: one onClosed, from a completion handler (never from inside a call).
    void report(const std::shared_ptr<ChannelConnection> &connection, WebSocketClose close)
    {
        if (!current(connection))
            return;
        dropConnection();
        std::function<void(WebSocketClose)> onClosed = std::move(m_onClosed);
        m_onClosed = nullptr;
        m_onOpen = nullptr;
        m_onMessage = nullptr;
        qCDebug(lcNet) << "WebSocket to" << authority() << "closed:" << close.code << close.reason;
        if (onClosed) {
            const auto self = shared_from_this(); // the callback may reopen or destroy the client
            onClosed(std::move(close));
        }
    }

    // Ends the current attempt at once; its onClosed is posted.
    void endQuietly(WebSocketClose close)
    {
        dropConnection();
        std::function<void(WebSocketClose)> onClosed = std::move(m_onClosed);
        m_onClosed = nullptr;
        m_onOpen = nullptr;
        m_onMessage = nullptr;
        if (onClosed) {
            asio::post(m_ioc, [self = shared_from_this(), onClosed = std::move(onClosed), close = std::move(close)] {
                if (!self->m_dead)
                    onClosed(close);
            });
        }
    }

    void dropConnection()
    {
        m_state = State::Idle;
        if (!m_connection)
            return;
        if (m_connection->resolver)
            m_connection->resolver->cancel();
        // No close_notify: the server treats a plain close as a normal hang-up.
        beast::get_lowest_layer(m_connection->ws).close();
        m_connection.reset();
    }

    QString failure(const QString &format, const beast::error_code &ec) const
    {
        return format.arg(authority(), QString::fromStdString(ec.message()));
    }

    QString authority() const { return hostForUrl(m_host) + u':' + QString::number(m_port); }

    asio::io_context &m_ioc;
    TlsContextCache &m_contexts;
    const QString m_host;
    const quint16 m_port;
    const TlsOptions m_tls;
    std::shared_ptr<ssl::context> m_context;
    SessionKeeper m_sessions;
    WebSocketOptions m_options;
    std::function<void()> m_onOpen;
    std::function<void(QByteArray)> m_onMessage;
    std::function<void(WebSocketClose)> m_onClosed;
    std::shared_ptr<ChannelConnection> m_connection;
    State m_state = State::Idle;
    bool m_dead = false;
};

class WebSocketClientImpl final : public WebSocketClient
{
public:
    explicit WebSocketClientImpl(std::shared_ptr<WebSocketCore> core)
        : m_core(std::move(core))
    {}
    ~WebSocketClientImpl() override { m_core->destroy(); }

    void open(WebSocketOptions options, std::function<void()> onOpen, std::function<void(QByteArray)> onMessage,
              std::function<void(WebSocketClose)> onClosed) override
    {
        m_core->open(std::move(options), std::move(onOpen), std::move(onMessage), std::move(onClosed));
    }
    void close() override { m_core->close(); }
    bool isOpen() const override { return m_core->isOpen(); }

private:
    std::shared_ptr<WebSocketCore> m_core;
};

// ---------------------------------------------------------------------------------------------
// Lane

class LaneImpl final : public Lane
{
public:
    LaneImpl(int index, TlsContextCache &contexts)
        : m_index(index)
        , m_contexts(contexts)
    {}

    void post(std::function<void()> work) override { asio::post(m_ioc, std::move(work)); }

    std::unique_ptr<Timer> createTimer() override { return std::make_unique<TimerImpl>(m_ioc); }

    std::unique_ptr<HttpsClient> createClient(const QString &host, quint16 port, TlsOptions tls,
                                              ClientLimits limits) override
    {
        return std::make_unique<HttpsClientImpl>(
            std::make_shared<ClientCore>(m_ioc, m_contexts, host, port, std::move(tls), limits));
    }

    std::unique_ptr<WebSocketClient> createWebSocket(const QString &host, quint16 port, TlsOptions tls) override
    {
        return std::make_unique<WebSocketClientImpl>(
            std::make_shared<WebSocketCore>(m_ioc, m_contexts, host, port, std::move(tls)));
    }

    void startThread()
    {
        m_guard.emplace(m_ioc.get_executor());
        m_thread = std::thread([this] {
            t_currentLane = this;
            const std::string name = "flotilla-lane" + std::to_string(m_index);
            pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
            for (;;) {
                try {
                    m_ioc.run();
                    break;
                } catch (const std::exception &error) {
                    qCCritical(lcNet) << "exception on lane" << m_index << ":" << error.what();
                }
            }
        });
    }

    void stopThread()
    {
        m_guard.reset();
        m_ioc.stop();
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    asio::io_context m_ioc{1}; // first: everything else on this lane refers to it
    const int m_index;
    TlsContextCache &m_contexts;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_guard;
    std::thread m_thread;
};

} // namespace

QByteArray ClientResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

struct Runtime::Private
{
    TlsContextCache contexts; // before the lanes: their clients' contexts come from here
    std::vector<std::unique_ptr<LaneImpl>> lanes;
    std::mutex stopMutex;
    bool stopped = false;
};

Runtime::Runtime(int threads)
    : d(std::make_unique<Private>())
{
    const int count = std::max(1, threads);
    for (int i = 0; i < count; ++i)
        d->lanes.push_back(std::make_unique<LaneImpl>(i, d->contexts));
    for (auto &lane : d->lanes)
        lane->startThread();
}

Runtime::~Runtime()
{
    stop();
}

int Runtime::laneCount() const
{
    return int(d->lanes.size());
}

Lane &Runtime::lane(int index)
{
    return *d->lanes.at(std::size_t(index));
}

void Runtime::runOnAllLanesAndWait(const std::function<void(int laneIndex)> &work)
{
    for (const auto &lane : d->lanes) {
        if (t_currentLane == lane.get()) {
            qCCritical(lcNet) << "runOnAllLanesAndWait called on a lane thread: it would wait for itself";
            return;
        }
    }
    {
        const std::lock_guard lock(d->stopMutex);
        if (d->stopped) { // no thread left to run it: the objects are not in use any more
            for (int i = 0; i < laneCount(); ++i)
                work(i);
            return;
        }
    }
    std::latch finished(laneCount());
    for (int i = 0; i < laneCount(); ++i) {
        d->lanes[std::size_t(i)]->post([&work, &finished, i] {
            try {
                work(i);
            } catch (const std::exception &error) {
                qCCritical(lcNet) << "exception in runOnAllLanesAndWait:" << error.what();
            }
            finished.count_down();
        });
    }
    finished.wait();
}

void Runtime::stop()
{
    for (const auto &lane : d->lanes) {
        if (t_currentLane == lane.get()) {
            qCCritical(lcNet) << "Runtime::stop called on a lane thread: it would join itself";
            return;
        }
    }
    const std::lock_guard lock(d->stopMutex);
    if (d->stopped)
        return;
    d->stopped = true;
    for (auto &lane : d->lanes)
        lane->stopThread();
}

} // namespace flotilla::agent::net

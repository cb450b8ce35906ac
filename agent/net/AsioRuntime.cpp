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
        m_session.reset(); // a session from another trust setup must not skip the new verification
        m_sessionSource.reset();
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
        tcpStream.async_connect(endpoints, [self = shared_from_this(), exchange](beast::error_code ec,
                                                                                 const tcp::endpoint &) {
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
        const QString name = m_tls.serverName.isEmpty() ? m_host : m_tls.serverName;
        const QByteArray nameBytes = name.toUtf8();
        beast::error_code notAnAddress;
        asio::ip::make_address(nameBytes.toStdString(), notAnAddress);
        const bool isAddress = !notAnAddress;
        // SNI carries host names only (RFC 6066); an address is checked against the IP SANs.
        // (SSL_set_tlsext_host_name spelled out: the macro's C cast fails -Wold-style-cast.)
        if (!isAddress)
            SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char *>(nameBytes.constData()));
        if (!m_tls.caPem.isEmpty()) {
            const int set = isAddress ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), nameBytes.constData())
                                      : SSL_set1_host(ssl, nameBytes.constData());
            if (set != 1) {
                fail(exchange, clientError(ClientError::Configuration, u"cannot check the server name %1"_s.arg(name)));
                return;
            }
        }
        if (m_session)
            SSL_set_session(ssl, m_session.get());
        beast::get_lowest_layer(exchange->connection->stream).expires_at(exchange->connectDeadline);
        exchange->connection->stream.async_handshake(
            ssl::stream_base::client, [self = shared_from_this(), exchange](beast::error_code ec) {
                if (!self->current(exchange))
                    return;
                Connection &connection = *exchange->connection;
                if (ec) {
                    QString reason = QString::fromStdString(ec.message());
                    const long verify = SSL_get_verify_result(connection.stream.native_handle());
                    if (verify != X509_V_OK)
                        reason += u" ("_s + QString::fromLatin1(X509_verify_cert_error_string(verify)) + u')';
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
    // also called after each response. A private copy is kept: OpenSSL marks a connection's own
    // session not resumable when that connection is freed without a TLS shutdown, which is how
    // idle connections end here.
    void keepSession(Connection &connection)
    {
        if (connection.context != m_context)
            return;
        SessionPtr session(SSL_get1_session(connection.stream.native_handle()));
        if (!session || session == m_sessionSource || !SSL_SESSION_is_resumable(session.get()))
            return;
        if (SSL_SESSION *copy = SSL_SESSION_dup(session.get())) {
            m_session.reset(copy);
            m_sessionSource = std::move(session); // held, so its address cannot be reused meanwhile
        }
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
    SessionPtr m_session;
    SessionPtr m_sessionSource;
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

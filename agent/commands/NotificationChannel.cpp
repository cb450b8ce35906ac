#include "agent/commands/NotificationChannel.h"

#include "core/omadm/Codec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcAgentChannel, "flotilla.agent.channel", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

constexpr qsizetype MaxIdLength = 64;
constexpr qsizetype MaxReasonLength = 32;
constexpr qsizetype MaxMoids = 16;
constexpr qsizetype MaxMoidLength = 128;

bool isToken(const QString &text, qsizetype maxLength)
{
    return !text.isEmpty() && text.size() <= maxLength &&
           std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

} // namespace

Result<Notification> Notification::parse(const QByteArray &frame)
{
    if (frame.size() > NotificationChannel::MaxFrameBytes)
        return Error(u"notification larger than %1 bytes"_s.arg(NotificationChannel::MaxFrameBytes));
    auto object = omadm::parseObject(frame);
    if (!object)
        return object.error();
    const QJsonValue body = object->value(u"Notification"_s);
    if (!body.isObject())
        return Error(u"no Notification object"_s);
    const QJsonObject n = body.toObject();
    Notification notification;
    notification.id = n.value(u"Id"_s).toString();
    if (!isToken(notification.id, MaxIdLength))
        return Error(u"Notification.Id must be 1-%1 printable characters"_s.arg(MaxIdLength));
    notification.reason = n.value(u"Reason"_s).toString();
    if (!isToken(notification.reason, MaxReasonLength))
        return Error(u"Notification.Reason must be 1-%1 printable characters"_s.arg(MaxReasonLength));
    const QJsonValue moids = n.value(u"ReqMOs"_s);
    if (!moids.isUndefined() && !moids.isNull()) {
        if (!moids.isArray() || moids.toArray().size() > MaxMoids)
            return Error(u"Notification.ReqMOs must be an array of at most %1 MOIDs"_s.arg(MaxMoids));
        for (const QJsonValue &moid : moids.toArray()) {
            if (!moid.isString() || !isToken(moid.toString(), MaxMoidLength))
                return Error(u"Notification.ReqMOs holds something that is not a MOID"_s);
            notification.requestedMoids.append(moid.toString());
        }
    }
    return notification;
}

NotificationChannel::NotificationChannel(net::Lane &lane, Callbacks callbacks)
    : m_lane(lane)
    , m_callbacks(std::move(callbacks))
    , m_timer(lane.createTimer())
{}

NotificationChannel::~NotificationChannel()
{
    m_timer->cancel();
    m_socket.reset(); // no callback runs afterwards (net::WebSocketClient's contract)
}

std::chrono::milliseconds NotificationChannel::retryDelay(int failures, double random01)
{
    qint64 base = FirstRetry.count();
    for (int i = 0; i < failures && base < MaxRetry.count(); ++i)
        base *= 2;
    base = std::min<qint64>(base, MaxRetry.count());
    const double factor = 0.5 + std::clamp(random01, 0.0, 1.0);
    return std::chrono::milliseconds(qint64(double(base) * factor));
}

Status NotificationChannel::start(const QString &notifyUri, const QByteArray &caPem,
                                  QList<std::pair<QByteArray, QByteArray>> headers)
{
    const QUrl url(notifyUri);
    if (!url.isValid() || url.scheme() != u"wss" || url.host().isEmpty())
        return Error(u"not a wss URL: %1"_s.arg(notifyUri));
    if (caPem.isEmpty())
        return Error(u"no pinned console CA for the notification channel"_s);
    stop();
    m_host = url.host();
    m_port = quint16(url.port(443));
    m_tls = {};
    m_tls.caPem = caPem;
    m_options = {};
    m_options.target = url.path(QUrl::FullyEncoded).toLatin1();
    if (m_options.target.isEmpty())
        m_options.target = "/";
    if (url.hasQuery())
        m_options.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    m_options.headers = std::move(headers);
    m_options.maxMessageBytes = MaxFrameBytes;
    m_started = true;
    m_failures = 0;
    // Through the timer: start() may be reached from one of the old socket's callbacks, and the
    // socket must not be destroyed inside its own callback.
    m_timer->start(std::chrono::milliseconds(0), [this] { connect(); });
    return {};
}

void NotificationChannel::stop()
{
    const bool wasStarted = std::exchange(m_started, false);
    m_timer->cancel();
    if (m_socket && wasStarted)
        m_socket->close(); // its onClosed finds m_started false and stays quiet
    setOpen(false);
}

void NotificationChannel::connect()
{
    if (!m_started)
        return;
    m_socket = m_lane.createWebSocket(m_host, m_port, m_tls);
    net::WebSocketClient *socket = m_socket.get();
    // The callbacks name their socket: a late callback of a replaced one changes nothing.
    socket->open(
        m_options,
        [this, socket] {
            if (socket != m_socket.get() || !m_started)
                return;
            ++m_stats.connects;
            m_openedAt = std::chrono::steady_clock::now();
            setOpen(true);
        },
        [this, socket](QByteArray message) {
            if (socket != m_socket.get() || !m_started)
                return;
            auto notification = Notification::parse(message);
            if (!notification) {
                ++m_stats.ignored;
                qCDebug(lcAgentChannel).noquote() << "ignored a frame:" << notification.errorString();
                return;
            }
            ++m_stats.notifications;
            if (m_callbacks.notified)
                m_callbacks.notified(*notification);
        },
        [this, socket](net::WebSocketClose close) {
            if (socket != m_socket.get() || !m_started)
                return;
            onClosed(close);
        });
}

void NotificationChannel::onClosed(const net::WebSocketClose &close)
{
    const bool wasOpen = m_open;
    m_lastCloseReason = close.httpStatus ? u"upgrade refused: %1"_s.arg(close.httpStatus)
                                         : u"%1 %2"_s.arg(close.code).arg(close.reason);
    // A channel that stayed up a while was healthy: the next drop starts the back-off over.
    if (wasOpen && std::chrono::steady_clock::now() - m_openedAt >= StableAfter)
        m_failures = 0;
    setOpen(false);
    if (close.httpStatus == 401) {
        // The token is stale; retrying with it cannot help. The agent registers again and
        // start()s the channel with the new token.
        m_started = false;
        if (m_callbacks.unauthorized)
            m_callbacks.unauthorized();
        return;
    }
    const std::chrono::milliseconds delay = retryDelay(m_failures, QRandomGenerator::global()->generateDouble());
    m_failures = std::min(m_failures + 1, 30);
    qCDebug(lcAgentChannel).noquote() << "channel closed (" << m_lastCloseReason << "), reconnecting in"
                                      << delay.count() << "ms";
    m_timer->start(delay, [this] { connect(); });
}

void NotificationChannel::setOpen(bool open)
{
    if (m_open == open)
        return;
    m_open = open;
    if (m_callbacks.openChanged)
        m_callbacks.openChanged(open);
}

} // namespace flotilla::agent

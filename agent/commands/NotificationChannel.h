#pragma once

#include "agent/net/AsioRuntime.h"
#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <utility>

namespace flotilla::agent {

// One frame of the notification channel (PROTOCOL.md §7):
// {"Notification":{"Id":"n-<n>","Reason":"command|update|config","ReqMOs":["<moid>"...]}}.
struct Notification
{
    QString id;
    QString reason;
    QStringList requestedMoids;

    // Validates a frame from the network; anything else is an error (and ignored by the channel).
    static Result<Notification> parse(const QByteArray &frame);
};

// The vehicle's end of the notification channel (docs/protocol-notes.md "Notification channel"):
// a WebSocket to the account's NotifyURI with the vehicle's Token, VIN and OMADM-DevID headers,
// verified against the pinned console CA. It reconnects after any close with jittered exponential
// back-off (1 s doubling to 5 min, ±50 %), which starts over once a channel stayed up a minute. A
// refused upgrade with 401 is reported (the token is stale: the agent registers again) and not
// retried. Lives on its agent's lane; its callbacks run there and never after destruction.
class NotificationChannel final
{
public:
    struct Callbacks
    {
        std::function<void(const Notification &)> notified;
        std::function<void()> unauthorized;         // the upgrade got 401
        std::function<void(bool open)> openChanged; // not called from the destructor
    };
    struct Stats
    {
        quint64 connects = 0;      // upgrades that succeeded
        quint64 notifications = 0; // valid frames
        quint64 ignored = 0;       // frames that were not a valid notification
    };

    static constexpr auto FirstRetry = std::chrono::milliseconds(1'000);
    static constexpr auto MaxRetry = std::chrono::milliseconds(300'000);
    static constexpr auto StableAfter = std::chrono::milliseconds(60'000);
    static constexpr qint64 MaxFrameBytes = 4096;

    NotificationChannel(net::Lane &lane, Callbacks callbacks);
    ~NotificationChannel();
    NotificationChannel(const NotificationChannel &) = delete;
    NotificationChannel &operator=(const NotificationChannel &) = delete;

    // Connects (again, with a fresh back-off) to notifyUri ("wss://host:port/path").
    [[nodiscard]] Status start(const QString &notifyUri, const QByteArray &caPem,
                               QList<std::pair<QByteArray, QByteArray>> headers);
    void stop(); // closes the channel; no reconnect until the next start()
    bool isOpen() const { return m_open; }
    bool isStarted() const { return m_started; }
    const Stats &stats() const { return m_stats; }
    const QString &lastCloseReason() const { return m_lastCloseReason; }

    // The wait before reconnect attempt number failures + 1 (failures >= 0): 1 s · 2^failures capped
    // at 5 min, times a factor from 0.5 to 1.5 (random01 in [0, 1)).
    static std::chrono::milliseconds retryDelay(int failures, double random01);

private:
    void connect();
    void onClosed(const net::WebSocketClose &close);
    void setOpen(bool open);

    net::Lane &m_lane;
    Callbacks m_callbacks;
    std::unique_ptr<net::Timer> m_timer;
    std::unique_ptr<net::WebSocketClient> m_socket;
    QString m_host;
    quint16 m_port = 0;
    net::TlsOptions m_tls;
    net::WebSocketOptions m_options;
    bool m_started = false;
    bool m_open = false;
    int m_failures = 0;
    std::chrono::steady_clock::time_point m_openedAt;
    QString m_lastCloseReason;
    Stats m_stats;
};

} // namespace flotilla::agent

#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace flotilla::server::dm {

// The open notification channels (PROTOCOL.md §7), at most one per vehicle: a new channel replaces
// the vehicle's old one (closed with 4000 "replaced"); disconnect() ends one with 4003 when its
// vehicle is blocked or wiped. Services call notify(); the transport
// (HttpsServer's WebSocket sessions) attaches and detaches channels. Thread-safe; no Qt objects,
// so Asio threads may call it. Channel changes are reported through onlineChanged (any thread).
class NotifyHub final
{
public:
    // One open WebSocket, implemented by the transport. send() never blocks: it queues the frame on
    // the connection's thread and returns false when the channel is closed or its queue is full
    // (back-pressure: the vehicle will poll; nothing waits on a slow reader).
    class Channel
    {
    public:
        virtual ~Channel() = default;
        virtual bool send(QByteArray text) = 0;
        virtual void close(int code, const QString &reason) = 0;
    };

    // Close codes of the server's own (RFC 6455 private range 4000-4999), docs/protocol-notes.md.
    static constexpr int CloseReplaced = 4000; // "replaced": the vehicle opened a newer channel
    static constexpr int CloseRevoked = 4003;  // "blocked" / "wiped": the vehicle lost its admission

    NotifyHub();
    ~NotifyHub();

    // Transport side. attach() returns a ticket that detach() must quote, so that a replaced
    // channel's late detach does not remove its successor.
    quint64 attach(qint64 vehicleId, const QString &vin, std::shared_ptr<Channel> channel);
    void detach(qint64 vehicleId, quint64 ticket);
    void closeAll(); // shutdown
    // Closes the vehicle's channel now with code and reason (a vehicle that was blocked or wiped must
    // not keep a channel it could no longer open). True when it had one. Reports it offline.
    bool disconnect(qint64 vehicleId, int code, const QString &reason);

    // Service side: sends {"Notification":{"Id","Reason","ReqMOs"}} and returns its id ("n-<n>"),
    // or an empty string when the vehicle has no channel (or it refused the frame): the work then
    // waits for the vehicle's next poll.
    QString notify(qint64 vehicleId, const QString &reason, const QStringList &requestedMoids = {});

    bool isOnline(qint64 vehicleId) const;
    QSet<QString> onlineVins() const;
    int onlineCount() const;

    // Called after a vehicle's channel opened (true) or closed without a successor (false).
    void setOnlineChangedCallback(std::function<void(const QString &vin, bool online)> callback);

private:
    struct Entry
    {
        QString vin;
        quint64 ticket = 0;
        std::shared_ptr<Channel> channel;
    };
    mutable std::mutex m_mutex;
    std::unordered_map<qint64, Entry> m_channels;
    quint64 m_nextTicket = 1;
    quint64 m_nextNotification = 1;
    std::function<void(const QString &, bool)> m_onlineChanged;
};

} // namespace flotilla::server::dm

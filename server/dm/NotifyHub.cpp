#include "server/dm/NotifyHub.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <vector>

Q_LOGGING_CATEGORY(lcNotify, "flotilla.notify", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace flotilla::server::dm {

NotifyHub::NotifyHub() = default;

NotifyHub::~NotifyHub()
{
    closeAll();
}

quint64 NotifyHub::attach(qint64 vehicleId, const QString &vin, std::shared_ptr<Channel> channel)
{
    std::shared_ptr<Channel> replaced;
    quint64 ticket = 0;
    std::function<void(const QString &, bool)> onlineChanged;
    {
        std::lock_guard lock(m_mutex);
        ticket = m_nextTicket++;
        Entry &entry = m_channels[vehicleId];
        replaced = std::move(entry.channel);
        entry = Entry{vin, ticket, std::move(channel)};
        if (!replaced)
            onlineChanged = m_onlineChanged;
    }
    // Outside the lock: closing may call back into detach() on this thread.
    if (replaced)
        replaced->close(CloseReplaced, u"replaced"_s);
    if (onlineChanged)
        onlineChanged(vin, true);
    return ticket;
}

void NotifyHub::detach(qint64 vehicleId, quint64 ticket)
{
    QString vin;
    std::function<void(const QString &, bool)> onlineChanged;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_channels.find(vehicleId);
        if (it == m_channels.end() || it->second.ticket != ticket)
            return; // already replaced by a newer channel
        vin = it->second.vin;
        m_channels.erase(it);
        onlineChanged = m_onlineChanged;
    }
    if (onlineChanged)
        onlineChanged(vin, false);
}

void NotifyHub::closeAll()
{
    std::vector<std::shared_ptr<Channel>> channels;
    {
        std::lock_guard lock(m_mutex);
        for (auto &[vehicleId, entry] : m_channels)
            channels.push_back(std::move(entry.channel));
        m_channels.clear();
    }
    for (const auto &channel : channels)
        channel->close(1001, u"server shutting down"_s);
}

bool NotifyHub::disconnect(qint64 vehicleId, int code, const QString &reason)
{
    std::shared_ptr<Channel> channel;
    QString vin;
    std::function<void(const QString &, bool)> onlineChanged;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_channels.find(vehicleId);
        if (it == m_channels.end())
            return false;
        channel = std::move(it->second.channel);
        vin = it->second.vin;
        // Removed at once (not at the transport's detach, which then finds nothing): from now on
        // notify() does not use it and the vehicle counts as offline.
        m_channels.erase(it);
        onlineChanged = m_onlineChanged;
    }
    channel->close(code, reason);
    if (onlineChanged)
        onlineChanged(vin, false);
    return true;
}

QString NotifyHub::notify(qint64 vehicleId, const QString &reason, const QStringList &requestedMoids)
{
    std::shared_ptr<Channel> channel;
    QString id;
    QString vin;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_channels.find(vehicleId);
        if (it == m_channels.end())
            return {};
        channel = it->second.channel;
        vin = it->second.vin;
        id = u"n-%1"_s.arg(m_nextNotification++);
    }
    const QJsonObject notification{
        {u"Id"_s, id}, {u"Reason"_s, reason}, {u"ReqMOs"_s, QJsonArray::fromStringList(requestedMoids)}};
    const QByteArray frame =
        QJsonDocument(QJsonObject{{u"Notification"_s, notification}}).toJson(QJsonDocument::Compact);
    const bool sent = channel->send(frame);
    qCDebug(lcNotify).noquote() << "notification" << id << (sent ? "queued for" : "refused by the channel of") << vin;
    return sent ? id : QString();
}

bool NotifyHub::isOnline(qint64 vehicleId) const
{
    std::lock_guard lock(m_mutex);
    return m_channels.find(vehicleId) != m_channels.end();
}

QSet<QString> NotifyHub::onlineVins() const
{
    std::lock_guard lock(m_mutex);
    QSet<QString> vins;
    vins.reserve(qsizetype(m_channels.size()));
    for (const auto &[vehicleId, entry] : m_channels)
        vins.insert(entry.vin);
    return vins;
}

int NotifyHub::onlineCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_channels.size());
}

void NotifyHub::setOnlineChangedCallback(std::function<void(const QString &vin, bool online)> callback)
{
    std::lock_guard lock(m_mutex);
    m_onlineChanged = std::move(callback);
}

} // namespace flotilla::server::dm

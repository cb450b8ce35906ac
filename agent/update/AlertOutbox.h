#pragma once

#include "core/Result.h"
#include "core/omadm/Messages.h"

#include <QList>
#include <QString>

namespace flotilla::agent {

// Alerts waiting to reach the server (PROTOCOL.md §6 steps 7-8), persisted in outbox.json so that
// a restarted agent still sends them. Every session carries what is queued (package #1, and
// package #3 for what was queued meanwhile); an alert leaves the queue only once a session that
// carried it got its END. Per job, a newer progress alert replaces the older one, and the final
// alert replaces everything queued for the job: a vehicle that was offline for a while reports
// where it is, not every step it took.
class AlertOutbox final
{
public:
    enum class Kind
    {
        Progress,
        Final,
    };
    struct Entry
    {
        quint64 id = 0;
        QString jobId;
        Kind kind = Kind::Progress;
        omadm::Alert alert;
    };

    explicit AlertOutbox(QString path); // empty: memory only

    Status load();
    Status put(const QString &jobId, Kind kind, const omadm::Alert &alert);
    // Several alerts of one job in one write (a SCOMO job reports one per component).
    Status putAll(const QString &jobId, Kind kind, const QList<omadm::Alert> &alerts);
    Status acknowledge(const QList<quint64> &ids);
    const QList<Entry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    bool hasFinal(const QString &jobId) const;

private:
    Status save() const;

    QString m_path;
    QList<Entry> m_entries;
    quint64 m_nextId = 1;
};

} // namespace flotilla::agent

#pragma once

#include "core/Result.h"

#include <QMap>
#include <QString>

namespace flotilla::agent {

// The agent's anti-rollback state (security.md T6, T7, R15, R16): per installed unit (ECU or
// SCOMO component) the highest release counter installed, and the latest trusted time, which
// never goes backwards. Kept in two copies (trust-0.json, trust-1.json), each written atomically
// with a sequence number and a SHA-256 over its content; loading takes the newest intact copy. If
// copies exist but none is intact, load() fails and the agent refuses to install (it must not
// forget its counters and accept a rollback).
class TrustStore final
{
public:
    explicit TrustStore(QString dir); // empty: memory only

    Status load();
    bool isUsable() const { return m_usable; }
    const QString &loadError() const { return m_loadError; }

    qint64 latestTrustedMs() const { return m_latestTrustedMs; }
    qint64 counter(const QString &unit) const { return m_counters.value(unit, 0); }

    // Raises the latest trusted time to ms (never lowers it); persists a change.
    Status observeTime(qint64 ms);
    // Raises the counters of these units (never lowers one); persists a change.
    Status recordCounters(const QMap<QString, qint64> &counters);

private:
    Status save();

    QString m_dir;
    bool m_usable = true;
    QString m_loadError;
    quint64 m_sequence = 0;
    qint64 m_latestTrustedMs = 0;
    QMap<QString, qint64> m_counters;
};

} // namespace flotilla::agent

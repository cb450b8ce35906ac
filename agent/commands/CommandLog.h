#pragma once

#include "agent/AgentStore.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace flotilla::agent {

// The remote commands this vehicle already ran (docs/protocol-notes.md "Remote commands", once
// only): the last Capacity CommandIds with their result codes, persisted in commands.json. The
// server delivers a command again, with the same CommandId, when the package #3 that carried its
// result never arrived; the vehicle then answers from here instead of running it again. An entry
// accepted asynchronously (202) keeps what it needs to finish after a restart.
class CommandLog final
{
public:
    static constexpr int Capacity = 256;
    static constexpr int MaxCommandIdLength = 128;

    struct Entry
    {
        QString commandId;
        int resultCode = 0; // 202 while pending
        QString reason;     // refusals and failures
        int runs = 0;       // times the operation was run against the vehicle (tests assert 1)
        qint64 atMs = 0;    // when it was received
        // Pending (202) only: the operation node as the server wrote it, and the Args.
        QString sourceUri;
        QJsonObject args;

        bool isPending() const { return resultCode == 202; }
    };

    explicit CommandLog(const AgentStore &store);

    Status load(); // an unreadable log starts empty (a warning): nothing may block commands forever
    const Entry *find(const QString &commandId) const;
    // Adds the entry, or replaces the one with its CommandId (keeping its age); the oldest go
    // beyond Capacity. Written through at once.
    Status record(const Entry &entry);
    QList<Entry> pending() const;
    const QList<Entry> &entries() const { return m_entries; }

private:
    Status save() const;

    const AgentStore &m_store;
    QList<Entry> m_entries; // oldest first
};

} // namespace flotilla::agent

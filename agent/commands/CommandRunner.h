#pragma once

#include "agent/AgentStore.h"
#include "agent/MoTree.h"
#include "agent/commands/CommandLog.h"
#include "agent/commands/CommandOptions.h"
#include "agent/net/AsioRuntime.h"
#include "agent/update/AlertOutbox.h"
#include "core/omadm/Moid.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace flotilla::agent {

// The vehicle's side of remote commands (PROTOCOL.md §5, docs/protocol-notes.md "Remote
// commands"): EXEC of Operations/<Op> of the vehicle control MO, LAWMO and DiagMon, with the Args
// an HGET wrote right before it (MoTree::takeOperationArgs):
//
//   no Args → 400; a CommandId already run → its stored result, nothing runs again (CommandLog);
//   past Args.ExpiresUtc → 410; bad arguments → 400; the vehicle's safety rules → 409 with a
//   reason; else the operation changes the simulated vehicle (VehicleStatus, LAWMO State, user
//   data, DTCs) → 200 (LAWMO 1200, Wipe 1201).
//
// Every result of a command that carried a CommandId is also queued as an OperationComplete alert
// in the outbox (it rides in this session's package #3; an async one in a new session). Operations
// named in CommandOptions::asyncOperations answer 202 and finish asyncDelay later; one accepted
// before a restart finishes after it (resume()). What commands change is persisted in the data
// folder (vehicle-state.json; engine and climate running are not: a restarted agent is a vehicle
// that was switched off). Lives on its agent's lane.
class CommandRunner final
{
public:
    CommandRunner(net::Lane &lane, MoTree &tree, AlertOutbox &outbox, const AgentStore &store, CommandOptions options);
    ~CommandRunner();
    CommandRunner(const CommandRunner &) = delete;
    CommandRunner &operator=(const CommandRunner &) = delete;

    // Called after an async command's alert was queued (the agent opens a session to send it).
    void setAlertsQueuedCallback(std::function<void()> callback) { m_alertsQueued = std::move(callback); }

    // Whether node belongs to an MO whose operations this runner executes.
    static bool handles(const omadm::ClientUri &node);
    // The OperationComplete alert type of an MO (vehicle control, LAWMO, DiagMon).
    static QString alertType(omadm::MoKind kind);

    // EXEC of node (sourceUri: the node as the server wrote it, for the alert's SourceURI). Returns
    // the status for package #3: 200/1200/1201 done, 202 accepted, 400, 404 (no such operation),
    // 409 refused, 410 expired, 500 failed.
    int exec(const omadm::ClientUri &node, const QString &sourceUri);
    void resume(); // async commands accepted before a restart finish now
    void stop();   // pending async commands stay in the log for the next start

    // How often the operation of commandId was run against the vehicle (0: never, or forgotten).
    int runs(const QString &commandId) const;
    const CommandLog &log() const { return m_log; }
    // Whether the outbox holds a command result no session delivered yet (after a lost reply the
    // agent retries soon rather than at its next poll: the operator is waiting for it).
    bool hasUnsentResults() const;
    // Fault injection (CommandOptions::dropReplyOnce): true once, for the first package #3 after a
    // command got its result; the agent then drops that package.
    bool takeReplyDrop();

private:
    struct Outcome
    {
        int code = 200;
        QString reason;
        QJsonObject location; // Locate
        bool ran = false;     // the operation was run against the vehicle (counts in runs())
    };

    Outcome validate(omadm::MoKind kind, const QString &operation, const QJsonObject &args) const;
    Outcome run(omadm::MoKind kind, const QString &operation, const QJsonObject &args);
    QString refusal(omadm::MoKind kind, const QString &operation) const;
    int complete(CommandLog::Entry entry, omadm::MoKind kind, const QString &sourceUri, const Outcome &outcome);
    void finishPending(const QString &commandId);
    void schedule(const QString &commandId);
    void onTimer();
    void locate();
    void wipeUserData();
    void loadState();
    void saveState();
    qint64 nowMs() const;

    MoTree &m_tree;
    AlertOutbox &m_outbox;
    const AgentStore &m_store;
    CommandOptions m_options;
    CommandLog m_log;
    std::unique_ptr<net::Timer> m_timer;
    struct Due
    {
        QString commandId;
        std::chrono::steady_clock::time_point at;
    };
    QList<Due> m_due; // async commands waiting to finish, earliest first
    std::function<void()> m_alertsQueued;
    bool m_dropArmed = false;
    bool m_dropNext = false;
    bool m_stopped = false;
};

} // namespace flotilla::agent

#pragma once

#include "agent/AgentStore.h"
#include "agent/MoTree.h"
#include "agent/commands/CommandOptions.h"
#include "agent/net/AsioRuntime.h"
#include "agent/update/AlertOutbox.h"
#include "agent/update/UpdateHost.h"
#include "agent/update/UpdateOptions.h"
#include "core/omadm/Messages.h"

#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QTemporaryDir;

namespace flotilla::agent {

struct AgentOptions
{
    QString serverUrl;                 // where to register: https://host:port (sessions then use the SrvURI received)
    QByteArray bootstrapCaPem;         // CA to trust before registration; empty = trust on first use (warned)
    QString enrollmentKey;             // empty = register without proof: the vehicle waits for an operator
    int pollSecondsOverride = -1;      // < 0: the server's PollSeconds; 0: back-to-back sessions (load tests)
    int registrationRetrySeconds = 30; // while pending approval
    QString dataDir;                   // the agent's folder (identity, token, pinned CA); empty = in memory only
    UpdateOptions update;              // the simulated vehicle's update behaviour and injected faults
    CommandOptions commands;           // remote commands: sync/async answers, injected lost reply
    bool notificationChannel = true;   // keep a WebSocket to NotifyURI open; false: polling only
};

enum class AgentPhase
{
    Unregistered,
    Registering,
    Pending, // waiting for an operator to accept the registration
    Rejected,
    Idle, // registered, waiting for the next poll
    InSession,
    Stopped,
};
QString toString(AgentPhase phase);

struct AgentCounters
{
    quint64 sessions = 0;
    quint64 failedSessions = 0;
    quint64 registrations = 0;
    quint64 requests = 0;
    quint64 notifications = 0; // valid frames on the notification channel
    QString lastError;
};

class CommandRunner;
class NotificationChannel;
struct Notification;
class UpdateRunner;
class VehicleAgent;

// Notified on the agent's lane thread.
class AgentObserver
{
public:
    virtual ~AgentObserver() = default;
    virtual void agentPhaseChanged(VehicleAgent &agent, AgentPhase from, AgentPhase to) = 0;
    virtual void agentSessionFinished(VehicleAgent &agent, bool ok, std::chrono::microseconds duration) = 0;
    virtual void agentChannelChanged(VehicleAgent & /*agent*/, bool /*open*/) {} // the notification channel
};

// One vehicle's DM client (PROTOCOL.md §3-§4): registers with the enrollment proof (or waits for
// an operator), pins the CA it receives, keeps its token and identity in its data folder, opens a
// client-initiated session every poll interval and answers the server's commands from its MO tree:
// GET from the tree, HGET into it (PkgURL, SCOMO packages, new signing keys), EXEC of FUMO and SCOMO
// operations through its UpdateRunner (PROTOCOL.md §6). Alerts wait in a persisted outbox until a
// session that carried them got its END.
// Lives on one lane: construct, use and destroy it on that lane's thread.
class VehicleAgent final : private UpdateHost
{
public:
    VehicleAgent(net::Lane &lane, AgentOptions options, VehicleProfile profile, AgentObserver *observer = nullptr);
    ~VehicleAgent() override;
    VehicleAgent(const VehicleAgent &) = delete;
    VehicleAgent &operator=(const VehicleAgent &) = delete;

    // Loads the persisted account (if any) and starts: registers, or opens a session at a random
    // point within the first poll interval (spreading a fleet's load), or at once with startNow.
    void start(bool startNow = false);
    void stop();
    // Opens a session now (for example after a notification), unless one is running; a
    // server-initiated one names its notification in the session alert.
    void requestSession(omadm::SessionReason reason = omadm::SessionReason::ClientInitiated,
                        const QString &notificationId = {});

    AgentPhase phase() const { return m_phase; }
    const VehicleProfile &profile() const { return m_tree.profile(); }
    const AgentCounters &counters() const { return m_counters; }
    MoTree &tree() { return m_tree; }
    bool hasToken() const { return m_account.has_value() && !m_account->token.isEmpty(); }
    net::ClientStats transportStats() const;
    const AlertOutbox &pendingAlerts() const { return m_outbox; }
    bool isUpdating() const;
    CommandRunner &commands() { return *m_remoteCommands; }
    bool isChannelOpen() const; // the notification channel is up

    // flotilla-agent --install-bundle: installs an offline bundle (PROTOCOL.md §8) without network,
    // with the trusted keys of the stored account; done gets the FUMO result code. The final report
    // waits in the outbox for the next session. Do not start() the agent meanwhile.
    void installBundle(const QString &path, std::function<void(int resultCode)> done);

private:
    // UpdateHost
    net::Lane &updateLane() override { return m_lane; }
    Result<std::unique_ptr<net::HttpsClient>> createClient(const QUrl &url) override;
    QList<std::pair<QByteArray, QByteArray>> authHeaders(const QByteArray &accept) const override;
    QList<crypto::PublicKey> trustedKeys() const override;
    MoTree &moTree() override { return m_tree; }
    Status saveProfile() override;
    Status saveDtcs() override;
    AlertOutbox &outbox() override { return m_outbox; }
    void alertsQueued() override;
    bool isPersistent() const override { return !m_options.dataDir.isEmpty(); }
    QString updateDataDir() override;
    void halt() override;

    void loadAccount();
    void openChannel();
    void onNotification(const Notification &notification);
    void tokenRejected(const QString &why);
    void runCommands();
    void hget(const omadm::Command &command);
    int applyMoValue(const omadm::ClientUri &uri, const QJsonValue &value);
    Result<net::HttpsClient *> clientFor(const QUrl &url);
    void sendAnswer();
    void setPhase(AgentPhase phase);
    void registerNow();
    void onRegistrationAnswer(Result<net::ClientResponse> response);
    void openSession(omadm::SessionReason reason);
    void onPackage2(Result<net::ClientResponse> response);
    void finishSession(bool ok, const QString &error);
    void scheduleSession(std::chrono::milliseconds delay);
    void scheduleRegistration(std::chrono::milliseconds delay);
    void fail(const QString &error);
    std::chrono::milliseconds pollInterval() const;
    std::chrono::milliseconds backoff() const;
    Status connectTo(const QString &url, const QByteArray &caPem);
    net::ClientRequest request(const QByteArray &target, const char *contentType, QByteArray body,
                               bool withToken) const;

    net::Lane &m_lane;
    AgentOptions m_options;
    AgentStore m_store;
    MoTree m_tree;
    AgentObserver *m_observer = nullptr;
    std::unique_ptr<net::HttpsClient> m_client;
    QString m_clientAuthority; // host:port m_client talks to
    QByteArray m_dmPath = "/dm";
    std::unique_ptr<net::Timer> m_timer;
    std::optional<omadm::DmAccount> m_account;
    AgentPhase m_phase = AgentPhase::Unregistered;
    AgentCounters m_counters;
    int m_consecutiveFailures = 0;
    int m_roundTrips = 0;
    std::chrono::steady_clock::time_point m_sessionStarted;
    omadm::SessionReason m_pendingReason = omadm::SessionReason::ClientInitiated;
    QString m_pendingNotificationId; // the notification the next (server-initiated) session answers

    // The package #2 being executed and the package #3 being built (HGET and a sync EXEC continue
    // asynchronously).
    QList<omadm::Command> m_commands;
    qsizetype m_nextCommand = 0;
    omadm::Package3 m_answer;
    bool m_ended = false;
    AlertOutbox m_outbox;
    QList<quint64> m_sessionAlertIds;               // outbox entries this session carried
    bool m_sessionWanted = false;                   // alerts were queued during a session: another one follows
    std::unique_ptr<net::HttpsClient> m_hgetClient; // HGET from another host than the DM server's
    QString m_hgetAuthority;
    std::unique_ptr<QTemporaryDir> m_scratchDir;     // an in-memory agent's update files
    std::unique_ptr<NotificationChannel> m_channel;  // PROTOCOL.md §7
    std::unique_ptr<UpdateRunner> m_updates;         // destroyed before what it uses
    std::unique_ptr<CommandRunner> m_remoteCommands; // after m_updates: sees the vehicle it set up
};

} // namespace flotilla::agent

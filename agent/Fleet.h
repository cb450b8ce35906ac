#pragma once

#include "agent/VehicleAgent.h"
#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace flotilla::agent {

struct FleetOptions
{
    QString serverUrl; // https://host:port of the device endpoint
    QByteArray caPem;  // CA to pin before registration (empty: trust on first use)
    QString enrollmentKey;
    int size = 50;
    quint32 seed = 1;     // same seed, same vehicles (VINs, models, versions)
    int firstIndex = 0;   // catalogue index of the first vehicle (several fleets side by side)
    int withoutProof = 0; // the first N vehicles register without proof (they wait for an operator)
    int lanes = 2;        // I/O threads
    int pollSecondsOverride = -1;
    int registrationRetrySeconds = 30;
    QString dataDir;       // <dataDir>/<VIN>/ per vehicle; empty = in memory
    bool startNow = false; // first session at once instead of spread over the poll interval
    // One real vehicle instead of catalogue vehicles (flotilla-agent without --fleet): its profile,
    // and dataDir is its own folder rather than a parent of per-VIN folders.
    std::optional<VehicleProfile> singleProfile;

    UpdateOptions update;            // every vehicle's update behaviour (consent, battery, faults, exec mode)
    CommandOptions commands;         // every vehicle's answers to remote commands (sync/async, faults)
    bool notificationChannel = true; // false: no WebSocket, the vehicles only poll
    // Shares of the fleet (0-1) that behave otherwise, for campaigns with realistic failures. Which
    // vehicles they are follows from the seed and the vehicle's index: the same on every run.
    double failBootShare = 0; // the boot check fails: automatic rollback, FUMO 410
    double rejectShare = 0;   // the owner rejects the update: FUMO 401
    double postponeShare = 0; // the owner postpones (postponeSeconds), then accepts
    int postponeSeconds = 300;
    double lowBatteryShare = 0; // 20 % battery, charging at 1 % a minute
    double drivingShare = 0;    // driving (gear D at 50 km/h, engine on) for the whole run
};

struct FleetStats
{
    int vehicles = 0;
    int registered = 0; // idle or in session
    int pending = 0;
    int rejected = 0;
    int unregistered = 0;
    quint64 sessions = 0;
    quint64 failedSessions = 0;
    quint64 sessionMicros = 0; // total duration of the successful sessions
    int channelsOpen = 0;      // notification channels up right now
};

// N simulated vehicles in one process (flotilla-agent --fleet N, the console's demo fleet and the
// load benchmarks): each its own VIN, identity, data folder and TLS connection, spread over a few
// Asio lanes.
class Fleet final : private AgentObserver
{
public:
    explicit Fleet(FleetOptions options);
    ~Fleet() override; // stop()

    Status start();
    void stop();
    bool isRunning() const { return m_runtime != nullptr; }
    const FleetOptions &options() const { return m_options; }
    FleetStats stats() const; // thread-safe
    QStringList vins() const;
    // Opens a session on every registered vehicle now.
    void pollAll();

private:
    void agentPhaseChanged(VehicleAgent &agent, AgentPhase from, AgentPhase to) override;
    void agentSessionFinished(VehicleAgent &agent, bool ok, std::chrono::microseconds duration) override;
    void agentChannelChanged(VehicleAgent &agent, bool open) override;
    std::atomic<int> &counterFor(AgentPhase phase);
    UpdateOptions updateOptionsFor(int index) const;

    FleetOptions m_options;
    std::unique_ptr<net::Runtime> m_runtime;
    std::vector<std::vector<std::unique_ptr<VehicleAgent>>> m_agents; // per lane
    QStringList m_vins;
    std::atomic<int> m_registered{0}, m_pending{0}, m_rejected{0}, m_unregistered{0}, m_other{0};
    std::atomic<quint64> m_sessions{0}, m_failedSessions{0}, m_sessionMicros{0};
    std::atomic<int> m_channelsOpen{0};
};

} // namespace flotilla::agent

#include "agent/Fleet.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

Fleet::Fleet(FleetOptions options)
    : m_options(std::move(options))
{}

Fleet::~Fleet()
{
    stop();
}

std::atomic<int> &Fleet::counterFor(AgentPhase phase)
{
    switch (phase) {
    case AgentPhase::Idle:
    case AgentPhase::InSession:
        return m_registered;
    case AgentPhase::Pending:
        return m_pending;
    case AgentPhase::Rejected:
        return m_rejected;
    case AgentPhase::Unregistered:
    case AgentPhase::Registering:
        return m_unregistered;
    case AgentPhase::Stopped:
        break;
    }
    return m_other;
}

Status Fleet::start()
{
    if (m_runtime)
        return {};
    if (m_options.size <= 0)
        return Error(u"fleet size must be at least 1"_s);
    if (m_options.singleProfile && m_options.size != 1)
        return Error(u"a single vehicle's profile makes a fleet of one"_s);
    const int lanes = qMax(1, m_options.lanes);
    m_runtime = std::make_unique<net::Runtime>(lanes);
    m_agents.clear();
    m_agents.resize(size_t(lanes));
    m_vins.clear();
    m_unregistered = m_options.size;

    const FleetCatalog catalog(m_options.seed);
    std::vector<std::vector<VehicleProfile>> profiles;
    profiles.resize(size_t(lanes));
    for (int i = 0; i < m_options.size; ++i) {
        VehicleProfile profile =
            m_options.singleProfile ? *m_options.singleProfile : catalog.vehicle(m_options.firstIndex + i);
        m_vins.append(profile.vin);
        profiles[size_t(i % lanes)].push_back(std::move(profile));
    }
    // Agents are made and started on their own lane (they must live there).
    m_runtime->runOnAllLanesAndWait([&](int lane) {
        auto &agents = m_agents[size_t(lane)];
        int index = lane;
        for (VehicleProfile &profile : profiles[size_t(lane)]) {
            AgentOptions options;
            options.serverUrl = m_options.serverUrl;
            options.bootstrapCaPem = m_options.caPem;
            options.enrollmentKey = index < m_options.withoutProof ? QString() : m_options.enrollmentKey;
            options.pollSecondsOverride = m_options.pollSecondsOverride;
            options.registrationRetrySeconds = m_options.registrationRetrySeconds;
            options.update = updateOptionsFor(m_options.firstIndex + index);
            options.commands = m_options.commands;
            options.notificationChannel = m_options.notificationChannel;
            if (m_options.singleProfile)
                options.dataDir = m_options.dataDir;
            else if (!m_options.dataDir.isEmpty())
                options.dataDir = m_options.dataDir + u'/' + profile.vin;
            agents.push_back(std::make_unique<VehicleAgent>(m_runtime->lane(lane), std::move(options),
                                                            std::move(profile), static_cast<AgentObserver *>(this)));
            index += lanes;
        }
        for (auto &agent : agents)
            agent->start(m_options.startNow);
    });
    return {};
}

UpdateOptions Fleet::updateOptionsFor(int index) const
{
    UpdateOptions update = m_options.update;
    // One draw per fault and vehicle, from (seed, index, fault): shares do not overlap by accident.
    const auto chosen = [&](double share, quint32 fault) {
        if (share <= 0)
            return false;
        QRandomGenerator random(m_options.seed * 2654435761u ^ quint32(index) * 40503u ^ fault * 2246822519u);
        return random.generateDouble() < share;
    };
    if (chosen(m_options.failBootShare, 1))
        update.failBootCheck = true;
    if (chosen(m_options.rejectShare, 2))
        update.consent = u"reject"_s;
    else if (chosen(m_options.postponeShare, 3))
        update.consent = u"postpone:%1"_s.arg(m_options.postponeSeconds);
    if (chosen(m_options.lowBatteryShare, 4)) {
        update.batteryPct = 20;
        update.chargePctPerMinute = qMax(update.chargePctPerMinute, 1.0);
    }
    if (chosen(m_options.drivingShare, 5)) {
        update.parked = false;
        update.ignitionOn = true;
    }
    return update;
}

void Fleet::stop()
{
    if (!m_runtime)
        return;
    m_runtime->runOnAllLanesAndWait([&](int lane) { m_agents[size_t(lane)].clear(); });
    m_runtime->stop();
    m_runtime.reset();
    m_agents.clear();
    m_registered = m_pending = m_rejected = m_unregistered = m_other = 0;
    m_channelsOpen = 0;
}

void Fleet::pollAll()
{
    if (!m_runtime)
        return;
    for (int lane = 0; lane < m_runtime->laneCount(); ++lane) {
        m_runtime->lane(lane).post([this, lane] {
            for (auto &agent : m_agents[size_t(lane)])
                agent->requestSession();
        });
    }
}

FleetStats Fleet::stats() const
{
    FleetStats stats;
    stats.vehicles = m_options.size;
    stats.registered = m_registered.load();
    stats.pending = m_pending.load();
    stats.rejected = m_rejected.load();
    stats.unregistered = m_unregistered.load();
    stats.sessions = m_sessions.load();
    stats.failedSessions = m_failedSessions.load();
    stats.sessionMicros = m_sessionMicros.load();
    stats.channelsOpen = m_channelsOpen.load();
    return stats;
}

QStringList Fleet::vins() const
{
    return m_vins;
}

void Fleet::agentPhaseChanged(VehicleAgent &, AgentPhase from, AgentPhase to)
{
    --counterFor(from);
    ++counterFor(to);
}

void Fleet::agentChannelChanged(VehicleAgent &, bool open)
{
    if (open)
        ++m_channelsOpen;
    else
        --m_channelsOpen;
}

void Fleet::agentSessionFinished(VehicleAgent &, bool ok, std::chrono::microseconds duration)
{
    if (ok) {
        ++m_sessions;
        m_sessionMicros += quint64(duration.count());
    } else {
        ++m_failedSessions;
    }
}

} // namespace flotilla::agent

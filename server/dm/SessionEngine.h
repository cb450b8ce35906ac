#pragma once

#include "core/omadm/Messages.h"
#include "server/dm/DmTypes.h"

#include <QHash>

#include <functional>
#include <memory>
#include <mutex>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::dm {

// DM sessions of PROTOCOL.md §4. A package #1 opens a session (abandoning any open one of that
// vehicle); the server answers with GETs of DevInfo (every session) and of the vehicle's other MOs
// (after bootstrap and then at most every inventoryRefreshSeconds); the package #3 is stored and
// answered with END. The session lives in the store (dm_sessions), so a restart or another server
// instance sees it.
class SessionEngine final
{
public:
    using Answer = std::function<void(Result<omadm::Package2>)>;

    explicit SessionEngine(std::shared_ptr<EngineContext> context);

    void start(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers, omadm::Package1 package,
               Answer answer);
    void continueSession(const AuthenticatedVehicle &vehicle, const DeviceHeaders &headers, omadm::Package3 package,
                         Answer answer);

    // How long a session may wait for its package #3.
    static constexpr qint64 SessionTimeoutMs = 5 * 60 * 1000;

private:
    QList<omadm::Command> planCommands(qint64 vehicleId, const omadm::Package1 &package);

    std::shared_ptr<EngineContext> m_context;
    std::mutex m_inventoryMutex;
    QHash<qint64, qint64> m_lastFullInventoryMs; // vehicle id → when all its MOs were last read
};

} // namespace flotilla::server::dm

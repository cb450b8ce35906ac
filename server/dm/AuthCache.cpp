#include "server/dm/AuthCache.h"

#include <mutex>

namespace flotilla::server::dm {

std::optional<TokenGrant> AuthCache::find(const QString &tokenHash) const
{
    std::shared_lock lock(m_mutex);
    const auto it = m_grants.constFind(tokenHash);
    if (it == m_grants.constEnd())
        return std::nullopt;
    return *it;
}

void AuthCache::insert(const QString &tokenHash, const TokenGrant &grant, quint64 epochBeforeRead)
{
    std::unique_lock lock(m_mutex);
    if (m_epoch.load(std::memory_order_acquire) != epochBeforeRead)
        return; // something was invalidated while the caller read the store: what it read may be stale
    if (m_grants.size() >= MaxEntries) {
        // Bounded memory; a full reload costs one store read per vehicle.
        m_grants.clear();
        m_hashesByVehicle.clear();
    }
    m_grants.insert(tokenHash, grant);
    m_hashesByVehicle.insert(grant.vehicleId, tokenHash);
}

void AuthCache::forgetVehicle(qint64 vehicleId)
{
    std::unique_lock lock(m_mutex);
    m_epoch.fetch_add(1, std::memory_order_acq_rel);
    for (auto it = m_hashesByVehicle.find(vehicleId); it != m_hashesByVehicle.end() && it.key() == vehicleId;) {
        m_grants.remove(it.value());
        it = m_hashesByVehicle.erase(it);
    }
}

void AuthCache::clear()
{
    std::unique_lock lock(m_mutex);
    m_epoch.fetch_add(1, std::memory_order_acq_rel);
    m_grants.clear();
    m_hashesByVehicle.clear();
}

} // namespace flotilla::server::dm

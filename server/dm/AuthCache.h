#pragma once

#include "server/store/Records.h"

#include <QHash>
#include <QMultiHash>
#include <QString>

#include <atomic>
#include <optional>
#include <shared_mutex>

namespace flotilla::server::dm {

// What authenticating a request needs to know about a token, without touching the store.
struct TokenGrant
{
    qint64 vehicleId = 0;
    QString vin;
    QString devId;
    QString clientCertificateSha256;
    qint64 expiresAtMs = 0;
    store::VehicleState vehicleState = store::VehicleState::Accepted;
};

// Token hash → grant, in memory. Every request is authenticated, and reading the token and its
// vehicle from the store cost a quarter of the server's CPU per check-in (measured), so grants are
// cached. Correctness rests on invalidation: every code path that revokes or issues a vehicle's
// tokens or changes its state calls forgetVehicle() AFTER its transaction committed. A lookup
// that read the store before such a change must not re-insert what it read: insert() is given the
// epoch taken before the read and is dropped if anything was forgotten since (conservative, and
// race-free without holding a lock across the store read).
class AuthCache final
{
public:
    std::optional<TokenGrant> find(const QString &tokenHash) const;
    quint64 epoch() const { return m_epoch.load(std::memory_order_acquire); }
    void insert(const QString &tokenHash, const TokenGrant &grant, quint64 epochBeforeRead);
    void forgetVehicle(qint64 vehicleId);
    void clear();

    static constexpr qsizetype MaxEntries = 1'000'000;

private:
    mutable std::shared_mutex m_mutex;
    QHash<QString, TokenGrant> m_grants;
    QMultiHash<qint64, QString> m_hashesByVehicle;
    std::atomic<quint64> m_epoch{0};
};

} // namespace flotilla::server::dm

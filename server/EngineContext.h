#pragma once

#include "core/Clock.h"
#include "core/crypto/Keys.h"
#include "server/DataDir.h"
#include "server/ServerRuntime.h"
#include "server/dm/AuthCache.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>

namespace flotilla::store {
class Database;
class StoreWriter;
} // namespace flotilla::store

namespace flotilla::server::releases {
class BlobStore;
class ReleaseService;
} // namespace flotilla::server::releases

namespace flotilla::server::updates {
class UpdateEngine;
class DeltaService;
class SigningKeys;
} // namespace flotilla::server::updates

namespace flotilla::server::auth {
class UserService;
}

namespace flotilla::server::campaigns {
class CampaignService;
class CampaignEngine;
} // namespace flotilla::server::campaigns

namespace flotilla::server::commands {
class CommandService;
}

namespace flotilla::server::dm {
class NotifyHub;
}

namespace flotilla::server {

class EventBus;

// Everything the engine's services share, built once by ServerRuntime. Immutable after start
// except where a member says otherwise (guarded or atomic).
struct EngineContext
{
    ServerConfig config;
    const Clock *clock = nullptr;
    DataDir dataDir{QString()};
    QString serverId;
    std::shared_ptr<store::Database> database;
    std::unique_ptr<store::StoreWriter> writer;
    EventBus *eventBus = nullptr; // owned by ServerRuntime, lives in the thread that started it
    dm::AuthCache authCache;      // token grants; see its comment for the invalidation rule
    std::unique_ptr<releases::BlobStore> blobs;
    std::unique_ptr<releases::ReleaseService> releases;
    std::unique_ptr<updates::SigningKeys> signingKeys;
    std::unique_ptr<updates::DeltaService> deltas;
    std::unique_ptr<updates::UpdateEngine> updates;
    std::unique_ptr<campaigns::CampaignService> campaigns;
    std::unique_ptr<campaigns::CampaignEngine> campaignEngine; // ticks campaigns on its own thread
    std::unique_ptr<auth::UserService> users;                  // operator accounts and API sessions
    std::unique_ptr<dm::NotifyHub> notifyHub;                  // open notification channels (PROTOCOL.md §7)
    std::unique_ptr<commands::CommandService> commands;        // remote command queue

    QByteArray caCertificatePem;
    crypto::PrivateKey caKey; // issues client certificates for vehicles that send a CSR
    QByteArray signingPublicKeyPem;

    QString deviceUrl; // https://<host>:<port>/dm, for display
    QString apiUrl;
    qint64 startedAtMs = 0;
    std::atomic<quint64> sessionsHandled{0};
    std::atomic<quint16> devicePort{0}; // bound port, known once the listener started

    QString enrollmentKey() const
    {
        std::lock_guard lock(m_keyMutex);
        return m_enrollmentKey;
    }
    void setEnrollmentKey(QString key)
    {
        std::lock_guard lock(m_keyMutex);
        m_enrollmentKey = std::move(key);
    }

    // Without an open notification channel (notifyHub, which FleetService::isOnline asks first), a
    // vehicle counts as online when it was seen within two poll intervals (plus a minute of grace
    // for jitter).
    qint64 onlineWindowMs() const { return (2LL * config.pollSeconds + 60) * 1000; }

private:
    mutable std::mutex m_keyMutex;
    QString m_enrollmentKey;
};

} // namespace flotilla::server

#pragma once

#include "core/Result.h"
#include "server/campaigns/CampaignTypes.h"
#include "server/http/HttpTypes.h"
#include "server/store/Records.h"
#include "server/store/UpdateRecords.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace flotilla::server::releases {
class ReleaseService;
}
namespace flotilla::server::campaigns {
class CampaignService;
}
namespace flotilla::server::updates {
class UpdateEngine;
class DeltaService;
} // namespace flotilla::server::updates

namespace flotilla::server::auth {
class UserService;
}
namespace flotilla::server::commands {
class CommandService;
}
namespace flotilla::server::dm {
class NotifyHub;
}

namespace flotilla::server {

class EventBus;
struct EngineContext;

struct ServerStatus
{
    QString serverId;
    QString version;
    QString dataDir;
    QString deviceUrl; // https://<host>:<port>/dm as vehicles reach it
    QString apiUrl;    // https://127.0.0.1:<port>/api/v1
    qint64 startedAtMs = 0;
    qint64 vehicles = 0;
    qint64 accepted = 0;
    qint64 pendingVehicles = 0; // vehicles never accepted yet
    qint64 rejected = 0;
    qint64 blocked = 0;              // blocked or wiped
    qint64 pendingRegistrations = 0; // requests waiting for an operator
    qint64 online = 0;               // seen within the online window
    quint64 sessions = 0;            // DM sessions handled since start
    int pollSeconds = 0;
};

struct VehicleDetails
{
    store::VehicleRecord vehicle;
    bool online = false;
    QList<store::MoSnapshot> snapshots;         // latest data of each MO the vehicle reported
    QList<store::SessionRecord> recentSessions; // newest first
    std::optional<store::RegistrationRecord> latestRegistration;
    QList<store::EventRecord> recentEvents; // newest first
};

// The one engine facade shared by the console window and the management REST API, so that
// whatever the window can do a script can do (issue 2). Thread-safe. Calls block on the store:
// from the GUI thread run them through QtConcurrent::run, never directly.
class FleetService final
{
public:
    explicit FleetService(std::shared_ptr<EngineContext> context);
    ~FleetService();

    Result<ServerStatus> status() const;
    Result<QList<store::VehicleRecord>> vehicles(const store::VehicleFilter &filter) const;
    Result<QList<store::VehicleRecord>> vehiclesByVin(const QStringList &vins) const;
    Result<VehicleDetails> vehicle(const QString &vin) const; // Error code 404 when unknown
    Result<QList<store::RegistrationRecord>> registrations(std::optional<store::RegistrationState> state) const;
    // Decide the vehicle's newest pending registration request. Error code 404: no such vehicle;
    // 409: nothing pending. actor is the operator's name, written to the event log.
    Result<store::RegistrationRecord> acceptRegistration(const QString &vin, const QString &actor);
    Result<store::RegistrationRecord> rejectRegistration(const QString &vin, const QString &actor,
                                                         const QString &reason);
    // Block an accepted vehicle (403 to its requests, its notification channel closed with 4003) or
    // unblock it (accepted again). Needs manage-vehicles (403); 404 unknown, 409 not accepted /
    // not blocked, 422 block without a reason. The vehicle as it is now.
    Result<store::VehicleRecord> blockVehicle(const QString &vin, const campaigns::Actor &actor, const QString &reason);
    Result<store::VehicleRecord> unblockVehicle(const QString &vin, const campaigns::Actor &actor,
                                                const QString &reason = {});
    QString enrollmentKey() const;
    // New random key; the old one stops working at once. Returns the new key.
    Result<QString> rotateEnrollmentKey(const QString &actor);
    Result<QList<store::EventRecord>> events(qint64 afterId, int limit, const QString &vin = {}) const;
    bool isOnline(const store::VehicleRecord &vehicle) const;
    EventBus &eventBus() const;

    // The update pipeline's services, for the console and the API (same rules: blocking calls).
    releases::ReleaseService &releases() const;
    updates::UpdateEngine &updates() const;
    updates::DeltaService &deltas() const;
    campaigns::CampaignService &campaigns() const;
    auth::UserService &users() const;           // operator accounts (issue 4)
    commands::CommandService &commands() const; // remote commands (issue 5)
    dm::NotifyHub &notifyHub() const;           // open notification channels: who is online right now
    Result<QList<store::DeltaRecord>> deltaRecords(const QString &toSha256) const; // every codec and source
    Result<QList<store::SigningKeyRecord>> signingKeys() const;

    // An offline bundle of a release for one vehicle, kept in the blob store (kind "bundle").
    struct BundleInfo
    {
        QString sha256;
        qint64 length = 0;
        qint64 jobId = 0;
    };
    Result<BundleInfo> exportBundle(qint64 releaseId, const QString &vin, const QString &actor);
    Result<http::FileBody> bundleFile(const QString &sha256) const; // error 404 unless a bundle

private:
    std::shared_ptr<EngineContext> m_context;
};

} // namespace flotilla::server

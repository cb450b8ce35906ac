#pragma once

#include "server/campaigns/CampaignTypes.h"
#include "server/dm/DmTypes.h"

#include <functional>
#include <memory>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::dm {

// Registration (bootstrap) of PROTOCOL.md §3 and the operator's decisions on it.
//
// A valid enrollment proof registers and issues a token at once (rotating any earlier one). Without
// a valid proof the request waits for an operator; an acceptance is consumed by the next
// registration of that vehicle, which then gets its token. docs/protocol-notes.md has the details.
class RegistrationService final
{
public:
    explicit RegistrationService(std::shared_ptr<EngineContext> context);

    // Runs on the store writer; done is called once the outcome is durable (or failed).
    void registerVehicle(RegistrationInput input, std::function<void(Result<RegistrationOutcome>)> done);

    // Operator decisions (blocking; from API/console worker threads). Error code 404 = unknown VIN,
    // 409 = nothing to decide.
    Result<store::RegistrationRecord> accept(const QString &vin, const QString &actor);
    Result<store::RegistrationRecord> reject(const QString &vin, const QString &actor, const QString &reason);

    // Blocking an accepted vehicle (DESIGN.md: Accepted → Blocked) refuses its requests with 403 and
    // closes its notification channel at once (4003 "blocked"); unblocking returns it to Accepted,
    // and its token works again. Both need the manage-vehicles permission (403 otherwise) and are
    // logged with the actor and the reason, which blocking requires (422 without one). 404 unknown
    // VIN, 409 a vehicle in another state. Blocking (from API/console worker threads).
    Result<store::VehicleRecord> block(const QString &vin, const campaigns::Actor &actor, const QString &reason);
    Result<store::VehicleRecord> unblock(const QString &vin, const campaigns::Actor &actor, const QString &reason);

    // After the commit that blocked or wiped a vehicle: its cached tokens are forgotten (its next
    // request reads the new state and gets 403) and its channel is closed with 4003 and reason.
    static void revokeAdmission(EngineContext &context, qint64 vehicleId, const QString &reason);

    static constexpr qsizetype MaxReasonLength = 1000;

private:
    Result<store::VehicleRecord> setBlocked(const QString &vin, const campaigns::Actor &actor, const QString &reason,
                                            bool blocked);
    Result<store::RegistrationRecord> decide(const QString &vin, const QString &actor, const QString &reason,
                                             store::RegistrationState decision);

    std::shared_ptr<EngineContext> m_context;
};

} // namespace flotilla::server::dm

#pragma once

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

private:
    Result<store::RegistrationRecord> decide(const QString &vin, const QString &actor, const QString &reason,
                                             store::RegistrationState decision);

    std::shared_ptr<EngineContext> m_context;
};

} // namespace flotilla::server::dm

#pragma once

#include "server/dm/DmTypes.h"
#include "server/http/HttpTypes.h"

#include <memory>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::dm {

class RegistrationService;
class SessionEngine;

// The vehicle-facing HTTPS routes of PROTOCOL.md §1. Validates every request (Accept,
// Content-Type, headers, token, body) before anything reaches the services, and is the single
// place where protocol errors become HTTP responses with the seed's error body.
class DeviceEndpoint final : public http::Handler
{
public:
    explicit DeviceEndpoint(std::shared_ptr<EngineContext> context);
    ~DeviceEndpoint() override;

    void handle(http::Request request, http::Responder respond) override;
    void upgrade(http::Request request, http::UpgradeResponder respond) override; // /dm/notify (PROTOCOL.md §7)
    http::Response transportError(int status, const QString &description) const override;

    static http::Response errorResponse(int status, const QString &description);

private:
    void handleRegister(http::Request request, http::Responder respond);
    void handleSession(http::Request request, http::Responder respond);
    void handleAuthenticatedGet(const http::Request &request, const http::Responder &respond);
    Result<AuthenticatedVehicle> authenticateNotify(const http::Request &request) const;
    void openNotifyChannel(const AuthenticatedVehicle &vehicle, const QString &peer,
                           const http::UpgradeResponder &respond);

    Result<DeviceHeaders> checkHeaders(const http::Request &request, bool registration) const;
    Result<AuthenticatedVehicle> authenticate(const http::Request &request, const DeviceHeaders &headers) const;
    http::Response toResponse(const Error &error) const;

    std::shared_ptr<EngineContext> m_context;
    std::unique_ptr<RegistrationService> m_registration;
    std::unique_ptr<SessionEngine> m_sessions;
};

} // namespace flotilla::server::dm

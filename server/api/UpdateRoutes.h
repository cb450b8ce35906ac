#pragma once

namespace flotilla::server {
class FleetService;
}

namespace flotilla::server::api {

class Router;

// Update jobs (assign, status, cancel), delta builds of a release, and the instruction-signing
// keys: the routes of API version 1 over the update engine. fleet must outlive the router.
void addUpdateRoutes(Router &router, FleetService &fleet);

} // namespace flotilla::server::api

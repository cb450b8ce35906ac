#pragma once

namespace flotilla::server {
class FleetService;
}

namespace flotilla::server::api {

class Router;

// Status, vehicles, registrations, enrollment key and events: the routes of API version 1 over
// FleetService. fleet must outlive the router.
void addFleetRoutes(Router &router, FleetService &fleet);

} // namespace flotilla::server::api

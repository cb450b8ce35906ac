#pragma once

namespace flotilla::server {
class FleetService;
}

namespace flotilla::server::api {

class Router;

// Remote commands (docs/api.md "Remote commands"): send to one vehicle or a selection, show,
// list per vehicle, cancel.
void addCommandRoutes(Router &router, FleetService &fleet);

} // namespace flotilla::server::api

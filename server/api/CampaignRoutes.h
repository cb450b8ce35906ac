#pragma once

namespace flotilla::server {
class FleetService;
}

namespace flotilla::server::api {

class Router;

// Campaigns (docs/campaigns.md): create, list, show with counts, edit, the state-machine actions,
// dry run and "why not updated?". fleet must outlive the router.
void addCampaignRoutes(Router &router, FleetService &fleet);

} // namespace flotilla::server::api

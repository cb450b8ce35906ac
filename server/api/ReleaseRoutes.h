#pragma once

#include "server/releases/ReleaseTypes.h"

#include <QJsonObject>

namespace flotilla::server {
class FleetService;
}

namespace flotilla::server::api {

class Router;

// Releases and the resumable uploads their images arrive by (docs/api.md, "Releases"): the
// routes of API version 1 over ReleaseService. fleet must outlive the router.
void addReleaseRoutes(Router &router, FleetService &fleet);

// A release as the API shows it: lowerCamelCase, targets with their image's digests and length.
QJsonObject toJson(const releases::ReleaseRecord &release);

} // namespace flotilla::server::api

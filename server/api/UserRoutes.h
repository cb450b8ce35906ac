#pragma once

namespace flotilla::server::auth {
class UserService;
}

namespace flotilla::server::api {

class Router;

// Sessions (login, logout), /me, and the user accounts (issue 4, docs/users.md). users must
// outlive the router.
void addUserRoutes(Router &router, auth::UserService &users);

} // namespace flotilla::server::api

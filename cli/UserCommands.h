#pragma once

#include "cli/Commands.h"

namespace flotilla::cli {

// Operator accounts through the management API (docs/users.md): `login USER` saves a session
// token for the API (0600, see sessionFilePath) that later commands use, `logout` ends it, and
// `users list|show|add|set-role|disable|enable|passwd|remove` manage accounts (admin role).
// Passwords come from FLOTILLA_PASSWORD / FLOTILLA_NEW_PASSWORD or a no-echo prompt on a terminal,
// never from the command line (it shows in `ps` and the shell history).
QList<Command> userCommands();

} // namespace flotilla::cli

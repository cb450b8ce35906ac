#pragma once

#include "cli/Commands.h"

namespace flotilla::cli {

// The update pipeline through the management API (docs/api.md, "Updates"):
// `update assign|status|cancel`, `release deltas|build-deltas`, `bundle export` and
// `signing-keys list|rotate|promote`. A RELEASE is named by its id or as NAME@VERSION; --wait
// polls (never blocks the event loop) until the jobs or builds are done.
QList<Command> updateCommands();

} // namespace flotilla::cli

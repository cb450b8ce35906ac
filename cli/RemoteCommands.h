#pragma once

#include "cli/Commands.h"

#include <QList>

namespace flotilla::cli {

// `flotillactl command send|status|list|bulk|cancel`: remote commands to vehicles (issue 5).
QList<Command> remoteCommands();

} // namespace flotilla::cli

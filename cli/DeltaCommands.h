#pragma once

#include "cli/Commands.h"

namespace flotilla::cli {

// `flotillactl delta codecs|build|apply`: the delta codecs of core/delta on local files.
QList<Command> deltaCommands();

} // namespace flotilla::cli

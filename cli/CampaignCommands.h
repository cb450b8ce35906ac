#pragma once

#include "cli/Commands.h"

namespace flotilla::cli {

// Campaigns through the management API (docs/campaigns.md, docs/api.md "Campaigns"):
// `campaign create|edit|list|status|vehicles|dry-run|why` and the state changes
// `submit|approve|reject|start|pause|resume|cancel|retry`. create and edit build the campaign's
// spec from options (or --spec FILE.json, options on top); the server validates it (exit 1 with
// its message), the CLI only checks the syntax of the options (exit 2). status --wait polls until
// the campaign is completed, cancelled or halted.
QList<Command> campaignCommands();

} // namespace flotilla::cli

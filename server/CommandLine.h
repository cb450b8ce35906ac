#pragma once

#include "core/Result.h"
#include "server/ServerRuntime.h"

class QCommandLineParser;

namespace flotilla::server {

// Options shared by `flotilla` and `flotilla-server`. Precedence: command line, then the data
// folder's flotilla.ini ([server] listen, publicHost, pollSeconds; [api] listen), then defaults.
void addServerOptions(QCommandLineParser &parser);
Result<ServerConfig> serverConfigFrom(const QCommandLineParser &parser);

} // namespace flotilla::server

#pragma once

#include "core/Clock.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace flotilla::agent {

// How the simulated vehicle answers remote commands (flotilla-agent --command-exec, FleetOptions),
// and the fault a test injects. Defaults: every operation answers its final result in the EXEC's
// status (sync), as fast as the vehicle can.
struct CommandOptions
{
    // Operations that answer 202 and finish asyncDelay later with an OperationComplete alert in a
    // new session; the others answer their result at once. Empty: all sync.
    QStringList asyncOperations;
    std::chrono::milliseconds asyncDelay{1'500};
    // Fault: the first package #3 that carries an executed command's result is never sent (a lost
    // reply): the session fails, the server delivers the command again, the vehicle must not run
    // it twice.
    bool dropReplyOnce = false;
    const Clock *clock = nullptr; // Args.ExpiresUtc checks and alert times; null: the system clock

    // The operations "async" means: the slow ones (the engine cranks, a GPS fix takes a moment).
    static QStringList defaultAsyncOperations() { return {QStringLiteral("EngineStart"), QStringLiteral("Locate")}; }
    // "sync", "async" (defaultAsyncOperations), "async:all" or "async:<Op>,<Op>...".
    static Result<QStringList> parseExecMode(const QString &mode);
};

} // namespace flotilla::agent

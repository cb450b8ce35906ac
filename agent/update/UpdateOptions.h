#pragma once

#include "core/Clock.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace flotilla::agent {

// How a simulated vehicle behaves during an update, and the faults a test or a demo injects
// (flotilla-agent flags, FleetOptions). Defaults: a parked, charged vehicle whose owner accepts.
struct UpdateOptions
{
    // ConsentPolicy: accept | reject | postpone:<seconds> | ignore | ignore:<prompts>
    QString consent = QStringLiteral("accept");
    // Called on the agent's lane after each owner prompt, with the prompts shown so far (tests).
    std::function<void(int promptsShown)> onConsentPrompt;
    int batteryPct = 80;
    double chargePctPerMinute = 0; // the simulated charger while an update waits for the battery
    bool parked = true;            // gear P at 0 km/h; false: driving (gear D, 50 km/h)
    bool ignitionOn = false;
    bool failBootCheck = false; // the new slot's boot check fails → automatic rollback, FUMO 410
    // Crash point: "download" (payload half downloaded), "install" (inactive slot written, not yet
    // switched), "switch" (switched, not committed), "commit" (committed, report not queued).
    QString crashAt;
    // Called at the crash point (possibly on a worker thread); flotilla-agent exits the process
    // there. The update then stops dead, as if the process had died: nothing more is written.
    std::function<void(const QString &point)> onCrash;
    bool syncExec = false; // EXEC answers the final result code in package #3 (else 202 + alert)
    std::chrono::milliseconds recheckInterval{30'000}; // unmet preconditions are checked again this often
    int downloadAttempts = 5;                          // consecutive network failures before FUMO 503
    std::chrono::milliseconds retryDelay{2'000};       // first back-off; doubles up to 5 minutes
    qint64 freeSpaceBytes = -1;                        // simulated free storage; < 0: the data folder's real free space
    const Clock *clock = nullptr;                      // expiry checks and report times; null: the system clock
    QStringList dtcs;                                  // DTCs a new vehicle starts with: "P0A80@bms" (code@ecu)
};

} // namespace flotilla::agent

#pragma once

#include <QString>

#include <stop_token>

namespace flotilla::server {
class FleetService;
}

namespace flotilla::demo {

// Sample releases for the demo fleet, so that a first run has something to update: for the
// hardware the most demo vehicles carry, the versions the fleet runs (as if shipped earlier, so the
// server holds the sources of deltas) and one newer version, with its deltas queued. The images are
// the simulator's synthetic ones, byte-identical to the vehicles' slots. Skips what exists; blocks
// (run it off the GUI thread); stops between releases when asked.
struct DemoReleaseOptions
{
    int fleetSize = 50;
    quint32 seed = 1;      // the demo fleet's catalogue seed
    int hardwareCount = 3; // how many hardware ids get a new release
    QString workDir;       // scratch folder for the images while they are imported
};

// Returns how many releases were imported (0 when all existed); logs failures.
int importDemoReleases(server::FleetService &fleet, const DemoReleaseOptions &options, std::stop_token stop);

} // namespace flotilla::demo

// flotilla-agent: one vehicle's OMA-DM agent, or --fleet N simulated vehicles.
#include "agent/AgentStore.h"
#include "agent/Fleet.h"
#include "agent/VehicleAgent.h"
#include "agent/update/ConsentPolicy.h"
#include "core/QuitOnSignals.h"
#include "core/omadm/Codes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <future>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

QByteArray readFileOrDie(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "flotilla-agent: cannot read %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
        std::exit(2);
    }
    return file.readAll();
}

int intOption(const QCommandLineParser &parser, const QString &name, int fallback, int minimum)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum) {
        std::fprintf(stderr, "flotilla-agent: --%s: a number >= %d expected\n", qPrintable(name), minimum);
        std::exit(2);
    }
    return value;
}

double shareOption(const QCommandLineParser &parser, const QString &name)
{
    if (!parser.isSet(name))
        return 0;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < 0 || value > 1) {
        std::fprintf(stderr, "flotilla-agent: --%s: a share from 0 to 1 expected\n", qPrintable(name));
        std::exit(2);
    }
    return value;
}

// The simulated vehicle's update behaviour and injected faults (docs/agent.md).
agent::UpdateOptions updateOptions(const QCommandLineParser &parser)
{
    agent::UpdateOptions update;
    if (parser.isSet(u"consent"_s)) {
        auto policy = agent::ConsentPolicy::parse(parser.value(u"consent"_s));
        if (!policy) {
            std::fprintf(stderr, "flotilla-agent: --consent: %s\n", qPrintable(policy.errorString()));
            std::exit(2);
        }
        update.consent = policy->toString();
    }
    update.batteryPct = intOption(parser, u"battery"_s, update.batteryPct, 0);
    if (parser.isSet(u"charge-rate"_s))
        update.chargePctPerMinute = parser.value(u"charge-rate"_s).toDouble();
    update.parked = !parser.isSet(u"driving"_s);
    update.ignitionOn = parser.isSet(u"ignition-on"_s) || parser.isSet(u"driving"_s);
    update.failBootCheck = parser.isSet(u"fail-boot"_s);
    update.crashAt = parser.value(u"crash-at"_s);
    if (!update.crashAt.isEmpty()) {
        if (!QStringList{u"download"_s, u"install"_s, u"switch"_s, u"commit"_s}.contains(update.crashAt)) {
            std::fprintf(stderr, "flotilla-agent: --crash-at: download, install, switch or commit\n");
            std::exit(2);
        }
        // The kill tests: the process dies at that point, mid-write, as on a power loss.
        update.onCrash = [](const QString &point) {
            std::fprintf(stderr, "flotilla-agent: injected crash at %s\n", qPrintable(point));
            std::_Exit(3);
        };
    }
    if (parser.isSet(u"exec-mode"_s)) {
        const QString mode = parser.value(u"exec-mode"_s);
        if (mode != u"sync" && mode != u"async") {
            std::fprintf(stderr, "flotilla-agent: --exec-mode: sync or async\n");
            std::exit(2);
        }
        update.syncExec = mode == u"sync";
    }
    update.recheckInterval = std::chrono::milliseconds(qint64(intOption(parser, u"recheck-seconds"_s, 30, 1)) * 1000);
    update.dtcs = parser.values(u"dtc"_s);
    return update;
}

// How the simulated vehicle answers remote commands (docs/agent.md "Remote commands").
agent::CommandOptions commandOptions(const QCommandLineParser &parser)
{
    agent::CommandOptions commands;
    if (parser.isSet(u"command-exec"_s)) {
        auto operations = agent::CommandOptions::parseExecMode(parser.value(u"command-exec"_s));
        if (!operations) {
            std::fprintf(stderr, "flotilla-agent: --command-exec: %s\n", qPrintable(operations.errorString()));
            std::exit(2);
        }
        commands.asyncOperations = *operations;
    }
    commands.dropReplyOnce = parser.isSet(u"drop-command-reply"_s);
    return commands;
}

void printStats(const agent::FleetStats &stats, double seconds, quint64 sessionsAtStart)
{
    const quint64 sessions = stats.sessions - sessionsAtStart;
    std::printf("vehicles %d: registered %d, pending %d, rejected %d, unregistered %d, channels open %d | "
                "sessions %llu (%.1f/s), failed %llu\n",
                stats.vehicles, stats.registered, stats.pending, stats.rejected, stats.unregistered, stats.channelsOpen,
                static_cast<unsigned long long>(stats.sessions), seconds > 0 ? double(sessions) / seconds : 0.0,
                static_cast<unsigned long long>(stats.failedSessions));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"flotilla-agent"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Flotilla vehicle agent: registers, pins the console CA, checks in every poll interval and answers "
        "the server's OMA-DM commands. With --fleet N it simulates N vehicles."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {u"server"_s, u"Device endpoint to register with, e.g. https://127.0.0.1:8443."_s, u"url"_s},
        {u"data-dir"_s, u"The agent's folder: identity, token, pinned CA (fleet: one sub-folder per VIN)."_s, u"dir"_s},
        {u"in-memory"_s, u"Keep nothing on disk (vehicles register anew at every start)."_s},
        {u"enrollment-key"_s,
         u"The fleet's enrollment key (else $FLOTILLA_ENROLLMENT_KEY). Without it the "
         "vehicle waits for an operator to accept it."_s,
         u"key"_s},
        {u"enrollment-key-file"_s, u"Read the enrollment key from a file."_s, u"file"_s},
        {u"ca"_s, u"CA certificate to trust before registration (else trust on first use)."_s, u"file"_s},
        {u"vin"_s, u"VIN of this vehicle (single agent; default: generated on first start)."_s, u"vin"_s},
        {u"dev-id"_s, u"DevID of this vehicle (single agent)."_s, u"id"_s},
        {u"fleet"_s, u"Simulate N vehicles in this process."_s, u"n"_s},
        {u"seed"_s, u"Fleet seed: the same seed gives the same vehicles (default 1)."_s, u"n"_s},
        {u"first-index"_s, u"Catalogue index of the first simulated vehicle (default 0)."_s, u"n"_s},
        {u"without-proof"_s, u"The first N simulated vehicles register without proof."_s, u"n"_s},
        {u"lanes"_s, u"I/O threads (default 2)."_s, u"n"_s},
        {u"poll-seconds"_s, u"Override the server's poll interval; 0 = back-to-back sessions (load test)."_s,
         u"seconds"_s},
        {u"registration-retry"_s, u"Seconds between registration attempts while pending (default 30)."_s, u"seconds"_s},
        {u"start-now"_s, u"First session at once instead of spread over the poll interval."_s},
        {u"duration"_s, u"Stop after this many seconds and print a summary."_s, u"seconds"_s},
        {u"stats-seconds"_s, u"Print fleet statistics this often (default 10 with --fleet, 0 = never)."_s,
         u"seconds"_s},
        {u"json"_s, u"Print the final summary as JSON."_s},
        // Updates (docs/agent.md): the simulated vehicle and injected faults.
        {u"install-bundle"_s,
         u"Install an offline (dealer) bundle into --data-dir's vehicle and exit; the report "
         "goes out at the next session."_s,
         u"file"_s},
        {u"consent"_s,
         u"The owner's answer to update prompts: accept (default), reject, postpone:<seconds>, ignore (never "
         "answers), ignore:<n> (answers the (n+1)-th prompt: accept)."_s,
         u"policy"_s},
        {u"battery"_s, u"Battery charge in percent (default 80)."_s, u"pct"_s},
        {u"charge-rate"_s, u"Charging while an update waits for the battery, in percent per minute."_s, u"pct"_s},
        {u"driving"_s, u"The vehicle is driving (not parked, ignition on)."_s},
        {u"ignition-on"_s, u"The ignition is on."_s},
        {u"fail-boot"_s, u"The boot check of a new slot fails (automatic rollback)."_s},
        {u"crash-at"_s, u"Exit the process at an update step: download, install, switch or commit."_s, u"point"_s},
        {u"exec-mode"_s, u"EXEC of an update answers async (202 and an alert, default) or sync."_s, u"mode"_s},
        {u"recheck-seconds"_s, u"Seconds between checks of unmet update preconditions (default 30)."_s, u"seconds"_s},
        {u"dtc"_s, u"A DTC a new vehicle starts with, CODE@ECU (repeatable)."_s, u"dtc"_s},
        {u"fail-boot-share"_s, u"Share of the fleet (0-1) whose boot check fails."_s, u"share"_s},
        {u"reject-share"_s, u"Share of the fleet whose owner rejects updates."_s, u"share"_s},
        {u"postpone-share"_s, u"Share of the fleet whose owner postpones updates by 5 minutes."_s, u"share"_s},
        {u"low-battery-share"_s, u"Share of the fleet at 20 % battery, charging slowly."_s, u"share"_s},
        {u"driving-share"_s, u"Share of the fleet that is driving."_s, u"share"_s},
        // Remote commands and the notification channel (docs/agent.md).
        {u"command-exec"_s,
         u"Remote commands answer sync (default), async (EngineStart and Locate answer 202 and an "
         "alert), async:all or async:<Operation>,..."_s,
         u"mode"_s},
        {u"no-channel"_s, u"Keep no notification channel open: poll only."_s},
        {u"drop-command-reply"_s,
         u"Fault: drop the first package #3 that carries a command's result (a lost reply)."_s},
    });
    parser.process(app);

    if (parser.isSet(u"install-bundle"_s)) {
        // Offline: no server, the vehicle in --data-dir; the same checks and slots as online.
        if (!parser.isSet(u"data-dir"_s) || parser.isSet(u"fleet"_s)) {
            std::fprintf(stderr, "flotilla-agent: --install-bundle needs --data-dir (one vehicle)\n");
            return 2;
        }
        const QString dir = QFileInfo(parser.value(u"data-dir"_s)).absoluteFilePath();
        auto profile = agent::AgentStore(dir).loadProfile();
        if (!profile || !profile->has_value()) {
            std::fprintf(stderr, "flotilla-agent: no vehicle in %s\n", qPrintable(dir));
            return 1;
        }
        agent::AgentOptions options;
        options.dataDir = dir;
        options.update = updateOptions(parser);
        agent::net::Runtime runtime(1);
        std::unique_ptr<agent::VehicleAgent> vehicle;
        std::promise<int> result;
        runtime.lane(0).post([&] {
            vehicle = std::make_unique<agent::VehicleAgent>(runtime.lane(0), options, **profile);
            vehicle->installBundle(parser.value(u"install-bundle"_s), [&result](int code) { result.set_value(code); });
        });
        const int code = result.get_future().get();
        runtime.runOnAllLanesAndWait([&](int) { vehicle.reset(); });
        runtime.stop();
        std::printf("bundle %s: result %d (%s); the report goes out at the next session\n",
                    qPrintable(parser.value(u"install-bundle"_s)), code, qPrintable(omadm::fumoResultName(code)));
        return code == 200 ? 0 : 1;
    }

    if (!parser.isSet(u"server"_s)) {
        std::fprintf(stderr, "flotilla-agent: --server is required (e.g. --server https://127.0.0.1:8443)\n");
        return 2;
    }
    QString enrollmentKey = parser.value(u"enrollment-key"_s);
    if (parser.isSet(u"enrollment-key-file"_s))
        enrollmentKey = QString::fromUtf8(readFileOrDie(parser.value(u"enrollment-key-file"_s)).trimmed());
    if (enrollmentKey.isEmpty())
        enrollmentKey = qEnvironmentVariable("FLOTILLA_ENROLLMENT_KEY");
    const QByteArray ca = parser.isSet(u"ca"_s) ? readFileOrDie(parser.value(u"ca"_s)) : QByteArray();
    const bool fleetMode = parser.isSet(u"fleet"_s);
    QString dataDir;
    if (!parser.isSet(u"in-memory"_s)) {
        dataDir = parser.isSet(u"data-dir"_s) ? QFileInfo(parser.value(u"data-dir"_s)).absoluteFilePath()
                                              : QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                                                    (fleetMode ? u"/flotilla-fleet"_s : u"/flotilla-agent"_s);
    }
    const int pollOverride = intOption(parser, u"poll-seconds"_s, -1, 0);
    const int registrationRetry = intOption(parser, u"registration-retry"_s, 30, 1);
    const int duration = intOption(parser, u"duration"_s, 0, 1);
    const int statsSeconds = intOption(parser, u"stats-seconds"_s, fleetMode ? 10 : 0, 0);

    agent::FleetOptions options;
    options.serverUrl = parser.value(u"server"_s);
    options.caPem = ca;
    options.enrollmentKey = enrollmentKey;
    options.pollSecondsOverride = pollOverride;
    options.registrationRetrySeconds = registrationRetry;
    options.dataDir = dataDir;
    options.startNow = parser.isSet(u"start-now"_s) || !fleetMode;
    options.lanes = intOption(parser, u"lanes"_s, fleetMode ? 2 : 1, 1);
    options.update = updateOptions(parser);
    options.failBootShare = shareOption(parser, u"fail-boot-share"_s);
    options.rejectShare = shareOption(parser, u"reject-share"_s);
    options.postponeShare = shareOption(parser, u"postpone-share"_s);
    options.lowBatteryShare = shareOption(parser, u"low-battery-share"_s);
    options.drivingShare = shareOption(parser, u"driving-share"_s);
    options.commands = commandOptions(parser);
    options.notificationChannel = !parser.isSet(u"no-channel"_s);
    if (fleetMode) {
        options.size = intOption(parser, u"fleet"_s, 1, 1);
        options.seed = quint32(intOption(parser, u"seed"_s, 1, 0));
        options.firstIndex = intOption(parser, u"first-index"_s, 0, 0);
        options.withoutProof = intOption(parser, u"without-proof"_s, 0, 0);
    } else {
        // A single vehicle keeps its identity in its folder; the first start makes one up.
        agent::AgentStore store(dataDir);
        auto saved = store.loadProfile();
        agent::VehicleProfile profile;
        if (saved && saved->has_value()) {
            profile = **saved;
        } else {
            profile = agent::FleetCatalog(QRandomGenerator::system()->generate())
                          .vehicle(int(QRandomGenerator::system()->bounded(900000)));
        }
        if (parser.isSet(u"vin"_s))
            profile.vin = parser.value(u"vin"_s).trimmed().toUpper();
        if (parser.isSet(u"dev-id"_s))
            profile.devId = parser.value(u"dev-id"_s).trimmed();
        if (auto s = store.saveProfile(profile); !s) {
            std::fprintf(stderr, "flotilla-agent: %s\n", qPrintable(s.errorString()));
            return 1;
        }
        std::printf("vehicle %s (DevID %s, %s %s), data in %s\n", qPrintable(profile.vin), qPrintable(profile.devId),
                    qPrintable(profile.oem), qPrintable(profile.model),
                    dataDir.isEmpty() ? "memory" : qPrintable(dataDir));
        options.size = 1;
        options.singleProfile = profile;
        options.dataDir = dataDir;
    }

    agent::Fleet fleet(options);
    if (auto s = fleet.start(); !s) {
        std::fprintf(stderr, "flotilla-agent: %s\n", qPrintable(s.errorString()));
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    const quint64 sessionsAtStart = 0;
    QTimer statsTimer;
    if (statsSeconds > 0) {
        QObject::connect(&statsTimer, &QTimer::timeout, &app,
                         [&] { printStats(fleet.stats(), clock.elapsed() / 1000.0, sessionsAtStart); });
        statsTimer.start(statsSeconds * 1000);
    }
    if (duration > 0)
        QTimer::singleShot(duration * 1000, &app, &QCoreApplication::quit);
    quitOnSignals();
    const int status = app.exec();
    const double seconds = clock.elapsed() / 1000.0;
    const agent::FleetStats stats = fleet.stats();
    fleet.stop();

    if (parser.isSet(u"json"_s)) {
        const QJsonObject summary{
            {u"vehicles"_s, stats.vehicles},
            {u"registered"_s, stats.registered},
            {u"pending"_s, stats.pending},
            {u"rejected"_s, stats.rejected},
            {u"channelsOpen"_s, stats.channelsOpen},
            {u"sessions"_s, qint64(stats.sessions)},
            {u"failedSessions"_s, qint64(stats.failedSessions)},
            {u"seconds"_s, seconds},
            {u"sessionsPerSecond"_s, seconds > 0 ? double(stats.sessions) / seconds : 0.0},
            {u"meanSessionMs"_s, stats.sessions ? double(stats.sessionMicros) / 1000.0 / double(stats.sessions) : 0.0}};
        std::printf("%s\n", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());
    } else {
        printStats(stats, seconds, sessionsAtStart);
    }
    return status;
}

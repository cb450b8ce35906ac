// flotilla-agent: one vehicle's OMA-DM agent, or --fleet N simulated vehicles.
#include "agent/AgentStore.h"
#include "agent/Fleet.h"
#include "agent/VehicleAgent.h"
#include "core/QuitOnSignals.h"

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

void printStats(const agent::FleetStats &stats, double seconds, quint64 sessionsAtStart)
{
    const quint64 sessions = stats.sessions - sessionsAtStart;
    std::printf("vehicles %d: registered %d, pending %d, rejected %d, unregistered %d | sessions %llu "
                "(%.1f/s), failed %llu\n",
                stats.vehicles, stats.registered, stats.pending, stats.rejected, stats.unregistered,
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
    });
    parser.process(app);

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

// flotilla-command-bench: remote command click-to-result latency and memory per notification channel
// (issue 5, "Numbers to report"). bench/commands.sh runs it at 1, 1,000 and 10,000 vehicles.
//
// The server runs in this process exactly as the console embeds it; the vehicles are one
// `flotilla-agent --fleet N` child process on the same machine, each with its notification channel
// open. A "click" is CommandService::send() on this thread (what the console's button does, minus
// the worker-thread hop); its "result" is the moment this thread receives the EventBus
// commandsChanged signal after which the command reads as finished — the console's own path.
//
// usage: flotilla-command-bench --agent PATH --vehicles N [--samples 200] [--gap-ms 20]
//                               [--lanes 2] [--work DIR] [--operation Lock]
// Prints one JSON object: latency percentiles, outcome counts, server memory (RSS and heap in use)
// before the fleet, with every channel open and idle, and after the fleet closed them.
#include "core/Clock.h"
#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/campaigns/CampaignTypes.h"
#include "server/commands/CommandService.h"
#include "server/dm/NotifyHub.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <malloc.h>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "flotilla-command-bench: %s\n", qPrintable(message));
    std::exit(2);
}

void note(const QString &message)
{
    std::fprintf(stderr, "[bench] %s\n", qPrintable(message));
}

qint64 rssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Bytes the allocator has handed out and not got back: unlike RSS, it falls when connections close.
qint64 heapInUseKiB()
{
    malloc_trim(0);
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd) / 1024;
}

// Runs the event loop until predicate() holds or the time runs out; true when it held.
bool waitFor(const std::function<bool()> &predicate, int timeoutMs, int pollMs = 50)
{
    QElapsedTimer timer;
    timer.start();
    while (!predicate()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(pollMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

double percentile(QList<double> sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype index = std::min(sorted.size() - 1, qsizetype(p / 100.0 * double(sorted.size())));
    return sorted.at(index);
}

QJsonObject memoryPoint(const QString &label)
{
    const QJsonObject point{{u"rssKiB"_s, rssKiB()}, {u"heapKiB"_s, heapInUseKiB()}};
    note(u"memory %1: RSS %2 KiB, heap %3 KiB"_s.arg(label)
             .arg(point[u"rssKiB"_s].toInteger())
             .arg(point[u"heapKiB"_s].toInteger()));
    return point;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Remote command latency and memory per notification channel."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"agent"_s, u"Path of flotilla-agent."_s, u"path"_s},
        {u"vehicles"_s, u"Simulated vehicles, each with its channel open."_s, u"n"_s, u"1"_s},
        {u"samples"_s, u"Commands to time."_s, u"n"_s, u"200"_s},
        {u"gap-ms"_s, u"Pause between two commands."_s, u"ms"_s, u"20"_s},
        {u"lanes"_s, u"The fleet's I/O threads."_s, u"n"_s, u"2"_s},
        {u"fleet-processes"_s, u"Split the vehicles over this many agent processes."_s, u"n"_s, u"1"_s},
        {u"work"_s, u"Work folder (default: a temporary one)."_s, u"dir"_s},
        {u"operation"_s, u"Operation to send (Lock, Unlock alternate when Lock)."_s, u"op"_s, u"Lock"_s},
        {u"settle-seconds"_s,
         u"Wait this long with every channel open before measuring memory: the idle HTTPS connections "
         u"of the vehicles' first sessions close after the server's 60 s idle timeout."_s,
         u"s"_s, u"70"_s},
        {u"connect-timeout"_s, u"Seconds to wait for every channel."_s, u"s"_s, u"1800"_s},
    });
    parser.process(app);
    const QString agentPath = parser.value(u"agent"_s);
    const int vehicles = parser.value(u"vehicles"_s).toInt();
    const int samples = parser.value(u"samples"_s).toInt();
    const int gapMs = parser.value(u"gap-ms"_s).toInt();
    if (agentPath.isEmpty() || vehicles < 1 || samples < 1)
        die(u"--agent PATH and --vehicles N >= 1 are required"_s);
    const auto operation = server::commands::operationFromString(parser.value(u"operation"_s));
    if (!operation)
        die(u"unknown operation %1"_s.arg(parser.value(u"operation"_s)));

    QTemporaryDir temporary;
    const QString work = parser.isSet(u"work"_s) ? parser.value(u"work"_s) : temporary.path();
    QDir().mkpath(work);

    server::ServerConfig config;
    config.dataDir = work + u"/server"_s;
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    config.pollSeconds = 3600; // vehicles act on notifications; polling would blur the figure
    auto runtime = server::ServerRuntime::start(config);
    if (!runtime)
        die(u"server: %1"_s.arg(runtime.errorString()));
    server::FleetService &fleet = (*runtime)->fleet();
    server::dm::NotifyHub &hub = fleet.notifyHub();
    server::commands::CommandService &commands = fleet.commands();

    const QString caPath = work + u"/ca.pem"_s;
    QFile ca(caPath);
    if (!ca.open(QIODevice::WriteOnly) || ca.write((*runtime)->caCertificatePem()) < 0)
        die(u"cannot write %1"_s.arg(caPath));
    ca.close();

    QJsonObject memory;
    memory[u"beforeFleet"_s] = memoryPoint(u"before the fleet"_s);

    // The fleet: one or more agent processes, each a slice of the catalogue, started one after the
    // other once the previous ones are connected (a ramp: 10,000 TLS handshakes at the same moment
    // on 2 cores time out, and the vehicles then back off for a poll interval).
    const int processes = std::clamp(parser.value(u"fleet-processes"_s).toInt(), 1, vehicles);
    std::vector<std::unique_ptr<QProcess>> fleets;
    const QString serverUrl = (*runtime)->localDeviceUrl().chopped(3); // without "/dm"
    QElapsedTimer connecting;
    connecting.start();
    for (int p = 0; p < processes; ++p) {
        const int first = vehicles * p / processes;
        const int size = vehicles * (p + 1) / processes - first;
        auto agents = std::make_unique<QProcess>();
        agents->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        agents->setStandardOutputFile(work + u"/fleet-%1.log"_s.arg(p));
        agents->start(agentPath, {u"--fleet"_s, QString::number(size), u"--first-index"_s, QString::number(first),
                                  u"--server"_s, serverUrl, u"--ca"_s, caPath, u"--enrollment-key"_s,
                                  fleet.enrollmentKey(), u"--in-memory"_s, u"--lanes"_s, parser.value(u"lanes"_s),
                                  u"--stats-seconds"_s, u"0"_s, u"--registration-retry"_s, u"2"_s});
        if (!agents->waitForStarted())
            die(u"cannot start %1"_s.arg(agentPath));
        QProcess *started = agents.get();
        fleets.push_back(std::move(agents));
        if (p + 1 < processes) {
            const int expected = first + size;
            waitFor([&] { return hub.onlineCount() >= expected || started->state() == QProcess::NotRunning; },
                    parser.value(u"connect-timeout"_s).toInt() * 1000);
            note(u"fleet %1/%2: %3 channels open after %4 s"_s.arg(p + 1)
                     .arg(processes)
                     .arg(hub.onlineCount())
                     .arg(connecting.elapsed() / 1000));
        }
    }
    const auto fleetRunning = [&] {
        return std::all_of(fleets.cbegin(), fleets.cend(),
                           [](const auto &process) { return process->state() != QProcess::NotRunning; });
    };

    int lastReported = -1;
    const bool allOnline = waitFor(
        [&] {
            const int online = hub.onlineCount();
            if (online != lastReported && connecting.elapsed() / 5000 != (connecting.elapsed() - 50) / 5000) {
                note(u"%1/%2 channels open after %3 s"_s.arg(online).arg(vehicles).arg(connecting.elapsed() / 1000));
                lastReported = online;
            }
            return online >= vehicles || !fleetRunning();
        },
        parser.value(u"connect-timeout"_s).toInt() * 1000);
    if (!allOnline || hub.onlineCount() < vehicles)
        die(u"only %1 of %2 channels opened"_s.arg(hub.onlineCount()).arg(vehicles));
    const double connectSeconds = double(connecting.elapsed()) / 1000.0;
    note(u"all %1 channels open after %2 s; settling"_s.arg(vehicles).arg(connectSeconds));
    waitFor([] { return false; }, parser.value(u"settle-seconds"_s).toInt() * 1000, 500);
    memory[u"channelsOpen"_s] = memoryPoint(u"with every channel open"_s);

    // ---- latency ----
    const QStringList vins = hub.onlineVins().values();
    const server::campaigns::Actor actor{u"bench"_s, server::campaigns::Role::Admin};
    QList<double> latencies;
    QJsonObject outcomes;
    bool lock = true;
    for (int i = 0; i < samples; ++i) {
        const QString vin = vins.at(QRandomGenerator::global()->bounded(vins.size()));
        server::commands::SendRequest request;
        request.operation = *operation;
        if (*operation == server::commands::Operation::Lock) {
            request.operation = lock ? server::commands::Operation::Lock : server::commands::Operation::Unlock;
            lock = !lock;
        }
        std::optional<server::commands::CommandRecord> finished;
        qint64 id = 0;
        QEventLoop loop;
        const auto connection = QObject::connect(
            &fleet.eventBus(), &server::EventBus::commandsChanged, &loop, [&](const QStringList &changed) {
                if (!id || !changed.contains(vin))
                    return;
                auto record = commands.command(id);
                if (record && record->has_value() && server::commands::isFinished((*record)->state)) {
                    finished = **record;
                    loop.quit();
                }
            });
        QElapsedTimer clock;
        clock.start();
        auto sent = commands.send(vin, request, actor);
        if (!sent)
            die(u"send to %1: %2"_s.arg(vin, sent.errorString()));
        id = sent->id;
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        if (auto record = commands.command(id);
            record && record->has_value() && server::commands::isFinished((*record)->state))
            finished = **record;
        if (!finished)
            loop.exec();
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        QObject::disconnect(connection);
        const QString state = finished ? server::commands::toString(finished->state) : u"timeout"_s;
        outcomes[state] = outcomes[state].toInt() + 1;
        if (finished && finished->state == server::commands::CommandState::Succeeded)
            latencies.append(ms);
        if (gapMs > 0)
            waitFor([] { return false; }, gapMs, gapMs);
    }
    std::sort(latencies.begin(), latencies.end());

    // ---- the fleet goes away: what the channels held is given back ----
    for (const auto &agents : fleets)
        agents->terminate();
    for (const auto &agents : fleets) {
        if (!agents->waitForFinished(60000))
            agents->kill();
    }
    waitFor([&] { return hub.onlineCount() == 0; }, 60000);
    waitFor([] { return false; }, 3000, 500);
    memory[u"afterFleet"_s] = memoryPoint(u"after the fleet left"_s);

    const auto kib = [&](const QString &point, const QString &field) {
        return double(memory[point].toObject()[field].toInteger());
    };
    const double heapPerChannel =
        (kib(u"channelsOpen"_s, u"heapKiB"_s) - kib(u"afterFleet"_s, u"heapKiB"_s)) / vehicles;
    const double rssPerVehicle = (kib(u"channelsOpen"_s, u"rssKiB"_s) - kib(u"beforeFleet"_s, u"rssKiB"_s)) / vehicles;
    const QJsonObject result{
        {u"vehicles"_s, vehicles},
        {u"fleetProcesses"_s, processes},
        {u"samples"_s, samples},
        {u"operation"_s, parser.value(u"operation"_s)},
        {u"connectSeconds"_s, connectSeconds},
        {u"outcomes"_s, outcomes},
        {u"latencyMs"_s, QJsonObject{{u"p50"_s, percentile(latencies, 50)},
                                     {u"p90"_s, percentile(latencies, 90)},
                                     {u"p99"_s, percentile(latencies, 99)},
                                     {u"max"_s, latencies.isEmpty() ? 0.0 : latencies.last()},
                                     {u"min"_s, latencies.isEmpty() ? 0.0 : latencies.first()}}},
        {u"memory"_s, memory},
        // Heap given back when the channels closed, per channel: what one idle channel costs.
        {u"heapKiBPerChannel"_s, heapPerChannel},
        // RSS growth from no vehicle to every vehicle registered and connected, per vehicle: an
        // upper bound that also holds each vehicle's store rows and caches.
        {u"rssKiBPerVehicle"_s, rssPerVehicle},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    (*runtime)->stop();
    return 0;
}

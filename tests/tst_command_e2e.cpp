// Remote commands end to end over loopback TLS (issue 5): the real server (store, command queue,
// notification hub, device endpoint) and real vehicle agents with their notification channels.
// Every case sends through CommandService exactly as the console and the API do, and checks both
// ends: the command's state in the store and what the vehicle actually did.
#include "agent/Fleet.h"
#include "agent/VehicleAgent.h"
#include "agent/commands/CommandRunner.h"
#include "agent/net/AsioRuntime.h"
#include "core/omadm/Moid.h"
#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/commands/CommandService.h"
#include "server/dm/NotifyHub.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <future>
#include <memory>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::server::commands;

namespace {

constexpr int WaitMs = 60'000; // generous: the machine is shared; nothing here asserts speed
const server::campaigns::Actor Admin{u"ada"_s, server::campaigns::Role::Admin};
const server::campaigns::Actor Engineer{u"erik"_s, server::campaigns::Role::Engineer};

} // namespace

class TestCommandE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void everyCommandRoundTrips();
    void refusalsComeBackWithTheVehiclesReason();
    void asyncResultsArriveInALaterSession();
    void expiredWhileOfflineNeverRuns();
    void lostReplyThenRetryRunsOnce();
    void channelDropsAndReconnects();
    void vehicleWithoutChannelGetsItAtItsNextPoll();
    void bulkLockOf200Vehicles();

private:
    struct Vehicle
    {
        std::unique_ptr<agent::VehicleAgent> agent;
        QString vin;
    };
    // A vehicle on lane 0 that registers with the fleet key and opens its channel.
    Vehicle *addVehicle(int catalogIndex, const std::function<void(agent::AgentOptions &)> &tune = {});
    void removeVehicle(Vehicle *vehicle);
    template<typename F>
    auto onLane(F &&work) -> decltype(work())
    {
        std::packaged_task<decltype(work())()> task(std::forward<F>(work));
        auto result = task.get_future();
        m_agents->lane(0).post([&task] { task(); });
        return result.get();
    }
    bool channelOpen(Vehicle *vehicle)
    {
        return onLane([&] { return vehicle->agent->isChannelOpen(); });
    }
    int runs(Vehicle *vehicle, const CommandRecord &command)
    {
        return onLane([&] { return vehicle->agent->commands().runs(command.wireId()); });
    }
    agent::VehicleStatus statusOf(Vehicle *vehicle)
    {
        return onLane([&] { return vehicle->agent->tree().status(); });
    }
    CommandRecord send(const QString &vin, Operation operation, const QJsonObject &arguments = {},
                       const server::campaigns::Actor &actor = Engineer, qint64 expiryMs = DefaultExpiryMs);
    // Waits until the command is finished; returns its record.
    CommandRecord finished(qint64 id, int timeoutMs = WaitMs);
    CommandService &commands() { return m_runtime->fleet().commands(); }
    server::dm::NotifyHub &hub() { return m_runtime->fleet().notifyHub(); }
    bool online(const QString &vin) { return hub().onlineVins().contains(vin); }

    QTemporaryDir m_dir;
    server::ServerConfig m_config;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::unique_ptr<agent::net::Runtime> m_agents;
    std::vector<std::unique_ptr<Vehicle>> m_vehicles;
};

void TestCommandE2E::initTestCase()
{
    QLoggingCategory::setFilterRules(u"flotilla.*.debug=false"_s); // one line per channel: too many here
    QVERIFY(m_dir.isValid());
    m_config.dataDir = m_dir.filePath(u"server"_s);
    m_config.deviceListen = u"127.0.0.1:0"_s;
    m_config.apiListen = u"127.0.0.1:0"_s;
    m_config.pollSeconds = 3600; // vehicles act on notifications; a poll would hide a lost one
    auto runtime = server::ServerRuntime::start(m_config);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    // A restart (channelDropsAndReconnects) keeps the port the vehicles know.
    m_config.deviceListen = u"127.0.0.1:%1"_s.arg(m_runtime->devicePort());
    m_config.apiListen = u"127.0.0.1:%1"_s.arg(m_runtime->apiPort());
    m_agents = std::make_unique<agent::net::Runtime>(1);
}

void TestCommandE2E::cleanupTestCase()
{
    while (!m_vehicles.empty())
        removeVehicle(m_vehicles.back().get());
    m_agents.reset();
    m_runtime.reset();
}

void TestCommandE2E::cleanup()
{
    while (!m_vehicles.empty())
        removeVehicle(m_vehicles.back().get());
}

TestCommandE2E::Vehicle *TestCommandE2E::addVehicle(int catalogIndex,
                                                    const std::function<void(agent::AgentOptions &)> &tune)
{
    auto vehicle = std::make_unique<Vehicle>();
    agent::AgentOptions options;
    options.serverUrl = m_runtime->localDeviceUrl().chopped(3); // without "/dm"
    options.bootstrapCaPem = m_runtime->caCertificatePem();
    options.enrollmentKey = m_runtime->fleet().enrollmentKey();
    options.dataDir = m_dir.filePath(u"vehicle-%1"_s.arg(catalogIndex));
    if (tune)
        tune(options);
    const agent::VehicleProfile profile = agent::FleetCatalog(7).vehicle(catalogIndex);
    vehicle->vin = profile.vin;
    Vehicle *raw = vehicle.get();
    onLane([&] {
        raw->agent = std::make_unique<agent::VehicleAgent>(m_agents->lane(0), options, profile);
        raw->agent->start(true);
        return 0;
    });
    m_vehicles.push_back(std::move(vehicle));
    return raw;
}

void TestCommandE2E::removeVehicle(Vehicle *vehicle)
{
    onLane([&] {
        vehicle->agent->stop();
        vehicle->agent.reset();
        return 0;
    });
    std::erase_if(m_vehicles, [&](const std::unique_ptr<Vehicle> &v) { return v.get() == vehicle; });
}

CommandRecord TestCommandE2E::send(const QString &vin, Operation operation, const QJsonObject &arguments,
                                   const server::campaigns::Actor &actor, qint64 expiryMs)
{
    SendRequest request;
    request.operation = operation;
    request.arguments = arguments;
    request.expiryMs = expiryMs;
    if (isDestructive(operation))
        request.confirmVin = vin;
    auto sent = commands().send(vin, request, actor);
    if (!sent)
        qWarning("send %s: %s", qPrintable(toString(operation)), qPrintable(sent.errorString()));
    return sent ? *sent : CommandRecord{};
}

CommandRecord TestCommandE2E::finished(qint64 id, int timeoutMs)
{
    CommandRecord record;
    const bool done = QTest::qWaitFor(
        [&] {
            auto found = commands().command(id);
            if (!found || !found->has_value())
                return false;
            record = **found;
            return isFinished(record.state);
        },
        timeoutMs);
    if (!done)
        qWarning("command %lld still %s", id, qPrintable(toString(record.state)));
    return record;
}

void TestCommandE2E::everyCommandRoundTrips()
{
    Vehicle *car = addVehicle(1, [](agent::AgentOptions &o) { o.update.dtcs = {u"P0A80@bms"_s, u"U0100@gateway"_s}; });
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);

    struct Step
    {
        Operation operation;
        QJsonObject arguments;
        std::function<bool(const agent::VehicleStatus &)> effect;
    };
    const QList<Step> steps{
        {Operation::Unlock, {}, [](const agent::VehicleStatus &s) { return !s.locked; }},
        {Operation::Lock, {}, [](const agent::VehicleStatus &s) { return s.locked; }},
        {Operation::HornLights, {}, {}},
        {Operation::OpenTrunk, {}, [](const agent::VehicleStatus &s) { return s.trunkOpen; }},
        {Operation::ClimateOn,
         {{u"TargetC"_s, 23}},
         [](const agent::VehicleStatus &s) { return s.climateOn && s.climateTargetC == 23; }},
        {Operation::ClimateOff, {}, [](const agent::VehicleStatus &s) { return !s.climateOn; }},
        {Operation::EngineStart, {}, [](const agent::VehicleStatus &s) { return s.engineOn; }},
        {Operation::EngineStop, {}, [](const agent::VehicleStatus &s) { return !s.engineOn; }},
        {Operation::Locate, {}, [](const agent::VehicleStatus &s) { return s.locationTimeMs > 0; }},
        {Operation::ReadDtcs, {}, {}},
        {Operation::ClearDtcs, {}, {}},
        {Operation::FullyLock, {}, {}},
        {Operation::PartiallyLock, {}, {}},
        {Operation::UnLock, {}, {}},
        {Operation::FactoryReset, {}, {}}, // keeps the enrolment (docs/protocol-notes.md)
        {Operation::Wipe, {}, {}},         // last: it ends the enrolment
    };
    for (const Step &step : steps) {
        const auto actor = isDestructive(step.operation) ? Admin : Engineer;
        const CommandRecord sent = send(car->vin, step.operation, step.arguments, actor);
        QVERIFY2(sent.id > 0, qPrintable(toString(step.operation)));
        const CommandRecord done = finished(sent.id);
        QVERIFY2(done.state == CommandState::Succeeded,
                 qPrintable(u"%1: %2 %3 %4"_s.arg(toString(step.operation), toString(done.state))
                                .arg(done.resultCode)
                                .arg(done.reason)));
        QVERIFY(done.resultCode == 200 || (done.resultCode >= 1200 && done.resultCode <= 1202));
        if (step.effect)
            QVERIFY2(step.effect(statusOf(car)), qPrintable(toString(step.operation)));
        if (step.operation == Operation::Locate)
            QVERIFY2(done.result.contains(u"Location"_s), QJsonDocument(done.result).toJson().constData());
        if (step.operation == Operation::ReadDtcs)
            QCOMPARE(done.result.value(u"DTC"_s).toArray().size(), 2);
        if (step.operation == Operation::ClearDtcs)
            QVERIFY(onLane([&] { return car->agent->tree().dtcs().isEmpty(); }));
        QCOMPARE(runs(car, done), step.operation == Operation::ReadDtcs ? 0 : 1);
    }
    // The server kept what the vehicle read back after its last vehicle-control command (Locate):
    // the effects of the commands before it, which the registration-time status did not have.
    // (The LAWMO commands after it read back the LAWMO state, not this one.)
    auto details = m_runtime->fleet().vehicle(car->vin);
    QVERIFY(details);
    const QString rvc = omadm::canonicalMoid(omadm::MoKind::VehicleControl);
    const auto snapshot = std::find_if(details->snapshots.cbegin(), details->snapshots.cend(),
                                       [&](const store::MoSnapshot &mo) { return mo.moid == rvc; });
    QVERIFY(snapshot != details->snapshots.cend());
    const QJsonObject stored = omadm::MoData{snapshot->clientUri, snapshot->data, {}}
                                   .root(omadm::MoKind::VehicleControl)
                                   .toObject()
                                   .value(u"Status"_s)
                                   .toObject();
    QCOMPARE(stored.value(u"Climate"_s).toObject().value(u"TargetC"_s).toInt(), 23);
    QCOMPARE(stored.value(u"Trunk"_s).toString(), u"open"_s);
    QCOMPARE(stored.value(u"HornLightsCount"_s).toInt(), 1);
    QVERIFY(!stored.value(u"Location"_s).toObject().value(u"TimeUtc"_s).toString().isEmpty());
    const QList<CommandRecord> history = *commands().commandsForVehicle(car->vin);
    QCOMPARE(history.size(), steps.size());
    QVERIFY(history.first().operation == Operation::Wipe); // newest first
    QCOMPARE(history.first().actor, Admin.name);

    // The successful Wipe ended the vehicle's enrolment: wiped in the store (with an event naming the
    // operator), its channel closed at once with 4003 "wiped" and refused from then on (403), so the
    // vehicle stays offline; it takes no more commands.
    QVERIFY(details->vehicle.state == store::VehicleState::Wiped);
    QTRY_VERIFY_WITH_TIMEOUT(!online(car->vin), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!channelOpen(car), WaitMs);
    const auto events = m_runtime->fleet().events(0, 1000, car->vin);
    QVERIFY(events);
    const auto wiped = std::find_if(events->cbegin(), events->cend(),
                                    [](const store::EventRecord &event) { return event.kind == u"vehicle.wiped"_s; });
    QVERIFY(wiped != events->cend());
    QCOMPARE(wiped->actor, Admin.name);
    QCOMPARE(wiped->data.value(u"command"_s).toInteger(), history.first().id);
    SendRequest lock;
    lock.operation = Operation::Lock;
    auto refused = commands().send(car->vin, lock, Engineer);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, 409);
}

void TestCommandE2E::refusalsComeBackWithTheVehiclesReason()
{
    Vehicle *car = addVehicle(2, [](agent::AgentOptions &o) { o.update.parked = false; }); // driving
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);
    for (Operation operation : {Operation::EngineStart, Operation::OpenTrunk, Operation::Wipe}) {
        const auto actor = isDestructive(operation) ? Admin : Engineer;
        const CommandRecord done = finished(send(car->vin, operation, {}, actor).id);
        QVERIFY2(done.state == CommandState::Refused, qPrintable(toString(operation) + u' ' + toString(done.state)));
        QCOMPARE(done.resultCode, 409);
        QVERIFY2(!done.reason.isEmpty() && !done.reason.contains(u"(409)"_s), qPrintable(done.reason));
        QCOMPARE(runs(car, done), 1); // looked at once by the vehicle, and refused
    }
    const agent::VehicleStatus status = statusOf(car);
    QVERIFY(!status.trunkOpen);
    QVERIFY(status.speedKmh > 0); // still driving: nothing was done to it
    // Destructive commands need the admin role and the VIN typed out: refused before the queue.
    SendRequest wipe;
    wipe.operation = Operation::Wipe;
    wipe.confirmVin = car->vin;
    auto refused = commands().send(car->vin, wipe, Engineer);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, 403);
    wipe.confirmVin = u"WRONG"_s;
    refused = commands().send(car->vin, wipe, Admin);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, 422);
}

void TestCommandE2E::asyncResultsArriveInALaterSession()
{
    Vehicle *car = addVehicle(3, [](agent::AgentOptions &o) {
        o.commands.asyncOperations = agent::CommandOptions::defaultAsyncOperations();
        o.commands.asyncDelay = std::chrono::milliseconds(300);
    });
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);
    QSignalSpy changes(&m_runtime->fleet().eventBus(), &server::EventBus::commandsChanged);
    const CommandRecord sent = send(car->vin, Operation::Locate);
    const CommandRecord done = finished(sent.id);
    QVERIFY2(done.state == CommandState::Succeeded, qPrintable(toString(done.state) + u' ' + done.reason));
    QVERIFY(done.result.contains(u"Location"_s));
    // It went through Accepted (the 202) before the alert finished it.
    const auto events = m_runtime->fleet().events(0, 10000, car->vin);
    QVERIFY(events);
    bool accepted = false;
    for (const auto &event : *events)
        accepted = accepted || event.kind == u"command.accepted"_s;
    QVERIFY(accepted);
    QCOMPARE(runs(car, done), 1);
}

void TestCommandE2E::expiredWhileOfflineNeverRuns()
{
    Vehicle *car = addVehicle(4);
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);
    const QString vin = car->vin;
    removeVehicle(car); // offline: no channel, no session
    QTRY_VERIFY_WITH_TIMEOUT(!online(vin), WaitMs);

    const CommandRecord sent = send(vin, Operation::HornLights, {}, Engineer, 1000);
    QVERIFY(sent.id > 0);
    const CommandRecord expired = finished(sent.id);
    QVERIFY2(expired.state == CommandState::Expired, qPrintable(toString(expired.state)));

    // Back online: its first session (at start) runs, and the expired command is not in it.
    car = addVehicle(4);
    QTRY_VERIFY_WITH_TIMEOUT(online(vin), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(onLane([&] { return car->agent->counters().sessions; }) >= 1, WaitMs);
    QCOMPARE(runs(car, expired), 0);
    auto again = commands().command(sent.id);
    QVERIFY(again && again->has_value());
    QVERIFY((*again)->state == CommandState::Expired);
    QCOMPARE((*again)->deliveries, 0);
}

void TestCommandE2E::lostReplyThenRetryRunsOnce()
{
    Vehicle *car = addVehicle(5, [](agent::AgentOptions &o) { o.commands.dropReplyOnce = true; });
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);
    const CommandRecord sent = send(car->vin, Operation::HornLights);
    const CommandRecord done = finished(sent.id);
    QVERIFY2(done.state == CommandState::Succeeded, qPrintable(toString(done.state) + u' ' + done.reason));
    // The package #3 with the result was lost: the session failed, and the result reached the
    // server later (the vehicle's persisted OperationComplete alert, or its answer to a re-delivery
    // of the same CommandId); either way the horn sounded once.
    QVERIFY(onLane([&] { return car->agent->counters().failedSessions; }) >= 1);
    QCOMPARE(runs(car, done), 1);
}

void TestCommandE2E::channelDropsAndReconnects()
{
    Vehicle *car = addVehicle(6);
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);
    // The server goes away and comes back on the same port: every channel drops, the vehicle
    // reconnects by itself (back-off from 1 s) and a command reaches it through the new channel.
    m_runtime.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!channelOpen(car), WaitMs);
    auto runtime = server::ServerRuntime::start(m_config);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    QTRY_VERIFY_WITH_TIMEOUT(online(car->vin), WaitMs);
    const CommandRecord done = finished(send(car->vin, Operation::Lock).id);
    QVERIFY2(done.state == CommandState::Succeeded, qPrintable(toString(done.state) + u' ' + done.reason));
}

void TestCommandE2E::vehicleWithoutChannelGetsItAtItsNextPoll()
{
    Vehicle *car = addVehicle(7, [](agent::AgentOptions &o) {
        o.notificationChannel = false;
        o.pollSecondsOverride = 2;
    });
    QTRY_VERIFY_WITH_TIMEOUT(onLane([&] { return car->agent->counters().sessions; }) >= 1, WaitMs);
    QVERIFY(!online(car->vin));
    const CommandRecord done = finished(send(car->vin, Operation::ClimateOn, {{u"TargetC"_s, 19}}).id);
    QVERIFY2(done.state == CommandState::Succeeded, qPrintable(toString(done.state) + u' ' + done.reason));
    QCOMPARE(statusOf(car).climateTargetC, 19);
}

void TestCommandE2E::bulkLockOf200Vehicles()
{
    agent::FleetOptions options;
    options.serverUrl = m_runtime->localDeviceUrl().chopped(3);
    options.caPem = m_runtime->caCertificatePem();
    options.enrollmentKey = m_runtime->fleet().enrollmentKey();
    options.size = 200;
    options.seed = 11;
    options.startNow = true;
    agent::Fleet fleet(options);
    QVERIFY(fleet.start());
    QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().channelsOpen == 200, 4 * WaitMs);
    const QStringList vins = fleet.vins();
    QTRY_VERIFY_WITH_TIMEOUT(hub().onlineCount() >= 200, WaitMs);

    SendRequest lock;
    lock.operation = Operation::Lock;
    auto bulk = commands().sendBulk(vins, lock, Engineer);
    QVERIFY2(bulk, qPrintable(bulk.errorString()));
    QCOMPARE(bulk->size(), 200);
    qint64 bulkId = 0;
    for (const BulkEntry &entry : *bulk) {
        QVERIFY2(entry.command.has_value(), qPrintable(entry.vin + u": "_s + entry.error));
        bulkId = entry.command->bulkId;
    }
    QVERIFY(bulkId > 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto rows = commands().commandsOfBulk(bulkId);
            return rows && std::all_of(rows->cbegin(), rows->cend(),
                                       [](const CommandRecord &c) { return c.state == CommandState::Succeeded; });
        }(),
        4 * WaitMs);
    auto rows = commands().commandsOfBulk(bulkId);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 200);
    QSet<QString> distinct;
    for (const CommandRecord &c : *rows)
        distinct.insert(c.vin);
    QCOMPARE(distinct.size(), 200); // one command per vehicle, each succeeded
    fleet.stop();
}

QTEST_GUILESS_MAIN(TestCommandE2E)
#include "tst_command_e2e.moc"

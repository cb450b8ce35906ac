// The remote command queue (server/commands) with the real server: a ServerRuntime on a real SQLite
// file and loopback TLS, a ManualClock for expiry, and vehicles that are hand-made DM packages sent
// to the real device endpoint, so that every byte of the wire is the test's (docs/protocol-notes.md
// "Remote commands"). Covers send, bulk, cancel and expiry with roles and the destructive
// confirmation; delivery as HGET + EXEC + GET; results from statuses and from the three
// OperationComplete alerts (first final code wins, repeats ignored); re-delivery after a lost
// package #3; expired commands never delivered; the Args data source (404, 410).
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/commands/CommandService.h"
#include "tests/CommandTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace flotilla;
using server::campaigns::Actor;
using server::campaigns::Role;
using namespace flotilla::server::commands;

namespace {

const QString Rvc = test::RvcMoid;
const QString Lawmo = test::LawmoMoid;
const QString DiagMon = test::DiagMonMoid;
const QString DevInfo = test::DevInfoMoid;
const QString RvcAlert = u"urn:oma:at:x-flotilla-rvc:1.0:OperationComplete"_s;
const QString LawmoAlert = u"urn:oma:at:lawmo:1.0:OperationComplete"_s;

const Actor Engineer{u"erin"_s, Role::Engineer};
const Actor Admin{u"root"_s, Role::Admin};
const Actor Approver{u"anna"_s, Role::Approver};
const Actor Viewer{u"val"_s, Role::Viewer};

using Vehicle = test::HandVehicle;
using Answer = test::DmAnswer;
using Answerer = test::DmAnswerer;

QString stateOf(const CommandRecord &command)
{
    return toString(command.state);
}

} // namespace

class TestCommandService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void sendChecksRolesArgumentsAndVehicle();
    void destructiveCommandsNeedAdminAndTypedVin();
    void deliveryIsHgetExecGetAndResultsFinishCommands();
    void argsSourceIsTheVehicleOwnAndGoneOnceExpired();
    void acceptedThenAlertWithLocation();
    void alertInSamePackageWinsOverStatus();
    void repeatedAlertIsIgnored();
    void anotherVehiclesAlertIsNotApplied();
    void lostPackage3IsDeliveredAgain();
    void expiredCommandIsNeverDelivered();
    void sentCommandWithoutAnswerExpiresAfterGrace();
    void cancelOnlyWhileQueued();
    void lawmoAndDtcs();
    void vehicleWithoutTheMoFails405();
    void failedHgetFailsTheCommand();
    void bulkGivesPerVehicleResults();
    void plainCheckInWithoutWorkWritesNothing();

private:
    Vehicle registerVehicle();
    test::RawResponse send(const QByteArray &method, const QByteArray &path, const test::DmHeaders &headers)
    {
        return test::sendToDevice(*m_runtime, method, path, headers);
    }
    static test::DmHeaders dmHeaders(const Vehicle &vehicle) { return vehicle.headers(); }
    static QList<omadm::Command> checkIn(const Vehicle &vehicle, const QJsonArray &alerts = {},
                                         const QStringList &mos = {DevInfo, Rvc, Lawmo, DiagMon})
    {
        return vehicle.checkIn(alerts, mos);
    }
    static int reply(const Vehicle &vehicle, const QList<omadm::Command> &commands, const Answerer &answer,
                     const QJsonArray &alerts = {})
    {
        return vehicle.reply(commands, answer, alerts);
    }
    static Answerer vehicleAnswers(const Vehicle &vehicle, int execStatus = 200) { return vehicle.answers(execStatus); }
    CommandRecord command(qint64 id);
    QStringList eventKinds(qint64 commandId);
    server::commands::CommandService &service() { return m_runtime->fleet().commands(); }

    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    int m_next = 0;
};

void TestCommandService::initTestCase()
{
    QVERIFY(m_dir.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.filePath(u"server"_s);
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    config.pollSeconds = 60;
    auto runtime = server::ServerRuntime::start(config, m_clock);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
}

void TestCommandService::cleanupTestCase()
{
    m_runtime.reset();
}

Vehicle TestCommandService::registerVehicle()
{
    const int n = m_next++;
    return Vehicle(*m_runtime, u"TSTCMDV0X%1"_s.arg(n, 8, 10, QChar(u'0')), u"CMD-DEV-%1"_s.arg(n));
}

CommandRecord TestCommandService::command(qint64 id)
{
    auto found = service().command(id);
    if (!found || !found->has_value()) {
        qWarning() << "no command" << id;
        return {};
    }
    return **found;
}

QStringList TestCommandService::eventKinds(qint64 commandId)
{
    QStringList kinds;
    auto events = m_runtime->fleet().events(0, 1000);
    if (!events)
        return kinds;
    for (const store::EventRecord &event : *events) {
        if (event.kind.startsWith(u"command.") && event.data.value(u"command"_s).toInteger() == commandId)
            kinds.prepend(event.kind + u'/' + event.actor); // events come newest first
    }
    return kinds;
}

// ----------------------------------------------------------------------------------------------

void TestCommandService::sendChecksRolesArgumentsAndVehicle()
{
    const Vehicle vehicle = registerVehicle();
    QVERIFY(!vehicle.token.isEmpty());
    SendRequest lock;
    lock.operation = Operation::Lock;

    QCOMPARE(service().send(vehicle.vin, lock, Viewer).error().code, 403);
    QCOMPARE(service().send(vehicle.vin, lock, Approver).error().code, 403);
    QCOMPARE(service().send(u"NOSUCHVIN00000000"_s, lock, Engineer).error().code, 404);

    SendRequest climate;
    climate.operation = Operation::ClimateOn;
    climate.arguments = QJsonObject{{u"TargetC"_s, 35}};
    QCOMPARE(service().send(vehicle.vin, climate, Engineer).error().code, 422);
    climate.arguments = QJsonObject();
    QCOMPARE(service().send(vehicle.vin, climate, Engineer).error().code, 422);
    SendRequest shortExpiry = lock;
    shortExpiry.expiryMs = 10;
    QCOMPARE(service().send(vehicle.vin, shortExpiry, Engineer).error().code, 422);
    SendRequest longExpiry = lock;
    longExpiry.expiryMs = MaxExpiryMs + 1;
    QCOMPARE(service().send(vehicle.vin, longExpiry, Engineer).error().code, 422);

    // Refusals wrote nothing.
    auto history = service().commandsForVehicle(vehicle.vin);
    QVERIFY(history);
    QVERIFY(history->isEmpty());

    auto sent = service().send(vehicle.vin.toLower(), lock, Engineer); // VINs compare upper-cased
    QVERIFY2(sent, qPrintable(sent.errorString()));
    QCOMPARE(stateOf(*sent), u"queued"_s);
    QCOMPARE(sent->vin, vehicle.vin);
    QCOMPARE(sent->actor, u"erin"_s);
    QCOMPARE(sent->expiresAtMs - sent->createdAtMs, DefaultExpiryMs);
    QCOMPARE(eventKinds(sent->id), QStringList{u"command.queued/erin"_s});
    QVERIFY(service().hasWork(sent->vehicleId));
    QCOMPARE(service().commandsForVehicle(vehicle.vin)->size(), 1);
    QCOMPARE(service().commandsForVehicle(u"NOSUCHVIN00000000"_s).error().code, 404);
}

void TestCommandService::destructiveCommandsNeedAdminAndTypedVin()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest wipe;
    wipe.operation = Operation::Wipe;
    wipe.confirmVin = vehicle.vin;
    QCOMPARE(service().send(vehicle.vin, wipe, Engineer).error().code, 403);
    wipe.confirmVin.clear();
    QCOMPARE(service().send(vehicle.vin, wipe, Admin).error().code, 422);
    wipe.confirmVin = u"TSTCMDV0X99999999"_s;
    QCOMPARE(service().send(vehicle.vin, wipe, Admin).error().code, 422);
    // Never to a selection: the VIN is typed for one vehicle.
    QCOMPARE(service().sendBulk({vehicle.vin}, wipe, Admin).error().code, 422);

    wipe.confirmVin = u" "_s + vehicle.vin.toLower() + u" "_s;
    auto queued = service().send(vehicle.vin, wipe, Admin);
    QVERIFY2(queued, qPrintable(queued.errorString()));
    SendRequest reset;
    reset.operation = Operation::FactoryReset;
    reset.confirmVin = vehicle.vin;
    QVERIFY(service().send(vehicle.vin, reset, Admin));
    // LAWMO locks are not destructive: an engineer may send them.
    SendRequest fullyLock;
    fullyLock.operation = Operation::FullyLock;
    QVERIFY(service().send(vehicle.vin, fullyLock, Engineer));
}

void TestCommandService::deliveryIsHgetExecGetAndResultsFinishCommands()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest lock;
    lock.operation = Operation::Lock;
    SendRequest climate;
    climate.operation = Operation::ClimateOn;
    climate.arguments = QJsonObject{{u"TargetC"_s, u"22"_s}};
    auto first = service().send(vehicle.vin, lock, Engineer);
    auto second = service().send(vehicle.vin, climate, Engineer);
    QVERIFY(first && second);
    QCOMPARE(second->arguments, (QJsonObject{{u"TargetC"_s, 22}}));

    const QList<omadm::Command> commands = checkIn(vehicle);
    // The session's own GETs first (DevInfo, the inventory of a first session), then the commands,
    // oldest first, three DM commands each.
    // The host is the one the vehicle used (its Host header), the port the device endpoint's.
    const QString server = u"https://localhost:%1/dm/mo/command/"_s.arg(m_runtime->devicePort());
    QList<omadm::Command> expected{
        {u"HGET"_s, {server + QString::number(first->id), Rvc + u"//Operations/Lock/Args"_s}},
        {u"EXEC"_s, {Rvc + u"//Operations/Lock"_s}},
        {u"GET"_s, {Rvc + u"//Status"_s}},
        {u"HGET"_s, {server + QString::number(second->id), Rvc + u"//Operations/ClimateOn/Args"_s}},
        {u"EXEC"_s, {Rvc + u"//Operations/ClimateOn"_s}},
        {u"GET"_s, {Rvc + u"//Status"_s}},
    };
    QVERIFY2(commands.size() >= expected.size(), qPrintable(QString::number(commands.size())));
    const QList<omadm::Command> tail = commands.mid(commands.size() - expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(tail[i].name, expected[i].name);
        QCOMPARE(tail[i].params, expected[i].params);
    }
    QCOMPARE(stateOf(command(first->id)), u"sent"_s);
    QCOMPARE(command(first->id).deliveries, 1);
    QCOMPARE(command(first->id).sentAtMs, m_clock.nowMs());

    // The vehicle runs Lock (200) and refuses ClimateOn (409, reason only in the status: generic).
    Answerer base = vehicleAnswers(vehicle);
    const QString climateExec = Rvc + u"//Operations/ClimateOn"_s;
    QCOMPARE(reply(vehicle, commands,
                   [&](const omadm::Command &c) {
                       return c.name == u"EXEC" && c.params.value(0) == climateExec ? Answer{409, {}} : base(c);
                   }),
             200);
    const CommandRecord locked = command(first->id);
    QCOMPARE(stateOf(locked), u"succeeded"_s);
    QCOMPARE(locked.resultCode, 200);
    QCOMPARE(locked.finishedAtMs, m_clock.nowMs());
    QCOMPARE(locked.result.value(u"Status"_s).toObject().value(u"Locked"_s).toBool(), true);
    const CommandRecord refused = command(second->id);
    QCOMPARE(stateOf(refused), u"refused"_s);
    QCOMPARE(refused.resultCode, 409);
    QCOMPARE(refused.reason, u"refused by the vehicle (409)"_s);
    QCOMPARE(eventKinds(first->id),
             (QStringList{u"command.queued/erin"_s, u"command.sent/system"_s, u"command.succeeded/vehicle"_s}));
    QVERIFY(!service().hasWork(locked.vehicleId));

    // The state the command read back went into the vehicle's MO snapshot, beside what the full
    // inventory read (Operations), not in its place.
    auto details = m_runtime->fleet().vehicle(vehicle.vin);
    QVERIFY(details);
    QJsonObject rvc;
    for (const store::MoSnapshot &snapshot : details->snapshots) {
        if (snapshot.moid == Rvc)
            rvc = snapshot.data.value(u"rvc"_s).toObject();
    }
    QCOMPARE(rvc.value(u"Status"_s).toObject().value(u"Locked"_s).toBool(), true);
    QVERIFY(rvc.contains(u"Operations"_s));

    // Finished: the next session delivers nothing.
    const QList<omadm::Command> next = checkIn(vehicle);
    QCOMPARE(next.size(), 1); // GET DevInfo
    QCOMPARE(reply(vehicle, next, base), 200);
}

void TestCommandService::argsSourceIsTheVehicleOwnAndGoneOnceExpired()
{
    const Vehicle vehicle = registerVehicle();
    const Vehicle other = registerVehicle();
    SendRequest climate;
    climate.operation = Operation::ClimateOn;
    climate.arguments = QJsonObject{{u"TargetC"_s, 19}};
    climate.expiryMs = 30'000;
    auto sent = service().send(vehicle.vin, climate, Engineer);
    QVERIFY(sent);
    const QByteArray path = "/dm/mo/command/" + QByteArray::number(sent->id);

    // Not delivered yet: nobody may read it.
    QCOMPARE(send("GET", path, dmHeaders(vehicle)).status, 404);
    const QList<omadm::Command> commands = checkIn(vehicle);
    QVERIFY(!commands.isEmpty());

    const auto args = send("GET", path, dmHeaders(vehicle));
    QCOMPARE(args.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(args.body).object();
    const QJsonObject expectedArgs{
        {u"CommandId"_s, u"cmd-%1"_s.arg(sent->id)},
        {u"ExpiresUtc"_s,
         QDateTime::fromMSecsSinceEpoch(sent->expiresAtMs - sent->expiresAtMs % 1000, Qt::UTC).toString(Qt::ISODate)},
        {u"TargetC"_s, 19}};
    QCOMPARE(
        body,
        (QJsonObject{{u"MOData"_s,
                      QJsonObject{{u"rvc"_s, QJsonObject{{u"Operations"_s,
                                                          QJsonObject{{u"ClimateOn"_s,
                                                                       QJsonObject{{u"Args"_s, expectedArgs}}}}}}}}}}));
    QVERIFY(body.value(u"MOData"_s).toObject().value(u"rvc"_s).isObject());
    QVERIFY(expectedArgs.value(u"ExpiresUtc"_s).toString().endsWith(u'Z'));
    // Another vehicle, ids that do not exist or are not numbers: 404, the same answer.
    QCOMPARE(send("GET", path, dmHeaders(other)).status, 404);
    QCOMPARE(send("GET", "/dm/mo/command/999999", dmHeaders(vehicle)).status, 404);
    QCOMPARE(send("GET", "/dm/mo/command/abc", dmHeaders(vehicle)).status, 404);
    QCOMPARE(send("GET", path, {}).status, 400); // no identity headers
    Vehicle forged = vehicle;
    forged.token = "not-a-token";
    QCOMPARE(send("GET", path, dmHeaders(forged)).status, 401);

    // Past its expiry the data source says Gone, whatever state the store still shows.
    m_clock.advanceMs(31'000);
    QCOMPARE(send("GET", path, dmHeaders(vehicle)).status, 410);
    // The vehicle's answer to a command it refused as expired (410) ends it as Expired.
    QCOMPARE(
        reply(vehicle, commands,
              [&](const omadm::Command &c) {
                  return c.name == u"HGET" ? Answer{410, {}} : c.name == u"EXEC" ? Answer{400, {}} : Answer{404, {}};
              }),
        200);
    QCOMPARE(stateOf(command(sent->id)), u"expired"_s);
    QCOMPARE(command(sent->id).resultCode, 410);
    QCOMPARE(send("GET", path, dmHeaders(vehicle)).status, 410);
}

void TestCommandService::acceptedThenAlertWithLocation()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest locate;
    locate.operation = Operation::Locate;
    auto sent = service().send(vehicle.vin, locate, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> commands = checkIn(vehicle);
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle, 202)), 200);
    QCOMPARE(stateOf(command(sent->id)), u"accepted"_s);
    // An accepted command waits for its alert: it is not delivered again.
    QVERIFY(!service().hasWork(sent->vehicleId));
    const QList<omadm::Command> quiet = checkIn(vehicle);
    QCOMPARE(quiet.size(), 1);
    QCOMPARE(reply(vehicle, quiet, vehicleAnswers(vehicle)), 200);

    // The result arrives in a new session's package #1.
    const QJsonObject location{{u"Lat"_s, 48.137}, {u"Lon"_s, 11.575}, {u"TimeUtc"_s, u"2026-09-21T14:00:00Z"_s}};
    const QJsonArray alert{QJsonObject{
        {u"AlertType"_s, RvcAlert},
        {u"SourceURI"_s, QString(Rvc + u"//Operations/Locate"_s)},
        {u"Data"_s,
         QJsonObject{{u"CommandId"_s, u"cmd-%1"_s.arg(sent->id)}, {u"ResultCode"_s, 200}, {u"Location"_s, location}}}}};
    const QList<omadm::Command> withAlert = checkIn(vehicle, alert);
    QVERIFY(!withAlert.isEmpty());
    const CommandRecord done = command(sent->id);
    QCOMPARE(stateOf(done), u"succeeded"_s);
    QCOMPARE(done.result.value(u"Location"_s).toObject(), location);
    QCOMPARE(done.result.value(u"Status"_s).toObject().value(u"Locked"_s).toBool(), true); // the GET after the EXEC
    QCOMPARE(reply(vehicle, withAlert, vehicleAnswers(vehicle)), 200);
    QCOMPARE(eventKinds(sent->id), (QStringList{u"command.queued/erin"_s, u"command.sent/system"_s,
                                                u"command.accepted/vehicle"_s, u"command.succeeded/vehicle"_s}));
}

void TestCommandService::alertInSamePackageWinsOverStatus()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest start;
    start.operation = Operation::EngineStart;
    auto sent = service().send(vehicle.vin, start, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> commands = checkIn(vehicle);
    // A sync refusal: the status says 409 and the alert in the same package #3 says why.
    const QJsonArray alert{QJsonObject{{u"AlertType"_s, RvcAlert},
                                       {u"SourceURI"_s, QString(Rvc + u"//Operations/EngineStart"_s)},
                                       {u"Data"_s, QJsonObject{{u"CommandId"_s, u"cmd-%1"_s.arg(sent->id)},
                                                               {u"ResultCode"_s, 409},
                                                               {u"Reason"_s, u"doors are unlocked"_s}}}}};
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle, 409), alert), 200);
    const CommandRecord refused = command(sent->id);
    QCOMPARE(stateOf(refused), u"refused"_s);
    QCOMPARE(refused.reason, u"doors are unlocked"_s);
    QCOMPARE(refused.resultCode, 409);
    // The state read after the EXEC is kept with the command that finished in this package.
    QVERIFY(refused.result.contains(u"Status"_s));
    QCOMPARE(eventKinds(sent->id).size(), 3);
}

void TestCommandService::repeatedAlertIsIgnored()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest horn;
    horn.operation = Operation::HornLights;
    auto sent = service().send(vehicle.vin, horn, Engineer);
    QVERIFY(sent);
    QCOMPARE(reply(vehicle, checkIn(vehicle), vehicleAnswers(vehicle, 200)), 200);
    QCOMPARE(stateOf(command(sent->id)), u"succeeded"_s);
    const QStringList before = eventKinds(sent->id);

    // The vehicle resends its alert (a lost reply): accepted, the first final code stands.
    const QJsonArray late{QJsonObject{{u"AlertType"_s, RvcAlert},
                                      {u"Data"_s, QJsonObject{{u"CommandId"_s, u"cmd-%1"_s.arg(sent->id)},
                                                              {u"ResultCode"_s, 500},
                                                              {u"Reason"_s, u"horn relay failed"_s}}}}};
    const QList<omadm::Command> commands = checkIn(vehicle, late);
    QVERIFY(!commands.isEmpty());
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle)), 200);
    const CommandRecord after = command(sent->id);
    QCOMPARE(stateOf(after), u"succeeded"_s);
    QCOMPARE(after.resultCode, 200);
    QVERIFY(after.reason.isEmpty());
    QCOMPARE(eventKinds(sent->id), before);
    // Consumed, not logged as a stray alert.
    auto events = m_runtime->fleet().events(0, 50, vehicle.vin);
    QVERIFY(events);
    for (const store::EventRecord &event : *events)
        QVERIFY2(event.kind != u"alert.received", qPrintable(event.summary));
}

void TestCommandService::anotherVehiclesAlertIsNotApplied()
{
    const Vehicle owner = registerVehicle();
    const Vehicle intruder = registerVehicle();
    SendRequest unlock;
    unlock.operation = Operation::Unlock;
    auto sent = service().send(owner.vin, unlock, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> delivered = checkIn(owner);
    QCOMPARE(stateOf(command(sent->id)), u"sent"_s);

    const QJsonArray forged{
        QJsonObject{{u"AlertType"_s, RvcAlert},
                    {u"Data"_s, QJsonObject{{u"CommandId"_s, u"cmd-%1"_s.arg(sent->id)}, {u"ResultCode"_s, 200}}}}};
    const QList<omadm::Command> commands = checkIn(intruder, forged);
    QVERIFY(!commands.isEmpty());
    QCOMPARE(stateOf(command(sent->id)), u"sent"_s);
    // Kept as a plain alert of the vehicle that sent it.
    auto events = m_runtime->fleet().events(0, 20, intruder.vin);
    QVERIFY(events);
    QVERIFY(std::any_of(events->cbegin(), events->cend(),
                        [](const store::EventRecord &e) { return e.kind == u"alert.received"; }));
    // The owner's status still finishes it.
    QCOMPARE(reply(owner, delivered, vehicleAnswers(owner)), 200);
    QCOMPARE(stateOf(command(sent->id)), u"succeeded"_s);
}

void TestCommandService::lostPackage3IsDeliveredAgain()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest trunk;
    trunk.operation = Operation::OpenTrunk;
    auto sent = service().send(vehicle.vin, trunk, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> first = checkIn(vehicle);
    QCOMPARE(stateOf(command(sent->id)), u"sent"_s);
    // The package #3 never arrives (the vehicle ran it; the reply was lost). Its next session gets
    // the same command again, same CommandId: the vehicle answers from its once-only record.
    m_clock.advanceMs(2'000);
    QVERIFY(service().hasWork(sent->vehicleId));
    const QList<omadm::Command> second = checkIn(vehicle);
    const QString url = u"https://localhost:%1/dm/mo/command/%2"_s.arg(m_runtime->devicePort()).arg(sent->id);
    auto hgetsOf = [&](const QList<omadm::Command> &commands) {
        return std::count_if(commands.cbegin(), commands.cend(),
                             [&](const omadm::Command &c) { return c.name == u"HGET" && c.params.value(0) == url; });
    };
    QCOMPARE(hgetsOf(first), 1);
    QCOMPARE(hgetsOf(second), 1);
    const CommandRecord again = command(sent->id);
    QCOMPARE(stateOf(again), u"sent"_s);
    QCOMPARE(again.deliveries, 2);
    QCOMPARE(again.sentAtMs, m_clock.nowMs() - 2'000); // the first delivery's time
    const auto args = send("GET", "/dm/mo/command/" + QByteArray::number(sent->id), dmHeaders(vehicle));
    const QByteArray commandId = "\"CommandId\":\"cmd-" + QByteArray::number(sent->id) + '"';
    QVERIFY(args.body.contains(commandId));

    QCOMPARE(reply(vehicle, second, vehicleAnswers(vehicle)), 200);
    QCOMPARE(stateOf(command(sent->id)), u"succeeded"_s);
    QCOMPARE(eventKinds(sent->id), (QStringList{u"command.queued/erin"_s, u"command.sent/system"_s,
                                                u"command.sent/system"_s, u"command.succeeded/vehicle"_s}));
    // The first session's package #3, if it came now, finds no open session (409) and changes nothing.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"package #3: 409"_s));
    QCOMPARE(reply(vehicle, first, vehicleAnswers(vehicle, 500)), 409);
    QCOMPARE(stateOf(command(sent->id)), u"succeeded"_s);
}

void TestCommandService::expiredCommandIsNeverDelivered()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest lock;
    lock.operation = Operation::Lock;
    lock.expiryMs = 5'000;
    auto sent = service().send(vehicle.vin, lock, Engineer);
    QVERIFY(sent);
    QVERIFY(service().hasWork(sent->vehicleId));
    m_clock.advanceMs(5'000); // exactly at its expiry: too late
    QVERIFY(!service().hasWork(sent->vehicleId));
    const QList<omadm::Command> commands = checkIn(vehicle);
    for (const omadm::Command &c : commands)
        QVERIFY2(!c.params.value(0).contains(u"/dm/mo/command/"_s) && c.name != u"EXEC", qPrintable(c.name));
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle)), 200);
    // The expiry ticker (once a second, on the injected clock) marks it.
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(command(sent->id)), u"expired"_s, 20'000);
    const CommandRecord expired = command(sent->id);
    QCOMPARE(expired.deliveries, 0);
    QVERIFY2(expired.reason.startsWith(u"not delivered"_s), qPrintable(expired.reason));
    QCOMPARE(eventKinds(sent->id), (QStringList{u"command.queued/erin"_s, u"command.expired/system"_s}));

    // A queued command found expired by the session itself (before the ticker) ends there too.
    SendRequest horn;
    horn.operation = Operation::HornLights;
    horn.expiryMs = 1'000;
    SendRequest stop;
    stop.operation = Operation::EngineStop;
    auto stale = service().send(vehicle.vin, horn, Engineer);
    auto fresh = service().send(vehicle.vin, stop, Engineer);
    QVERIFY(stale && fresh);
    m_clock.advanceMs(1'500);
    const QList<omadm::Command> mixed = checkIn(vehicle);
    QVERIFY(std::none_of(mixed.cbegin(), mixed.cend(),
                         [](const omadm::Command &c) { return c.params.value(0).endsWith(u"/HornLights"_s); }));
    QVERIFY(std::any_of(mixed.cbegin(), mixed.cend(),
                        [](const omadm::Command &c) { return c.params.value(0).endsWith(u"/EngineStop"_s); }));
    QCOMPARE(stateOf(command(stale->id)), u"expired"_s);
    QCOMPARE(reply(vehicle, mixed, vehicleAnswers(vehicle)), 200);
    QCOMPARE(stateOf(command(fresh->id)), u"succeeded"_s);
}

void TestCommandService::sentCommandWithoutAnswerExpiresAfterGrace()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest lock;
    lock.operation = Operation::Lock;
    lock.expiryMs = 3'000;
    auto sent = service().send(vehicle.vin, lock, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> commands = checkIn(vehicle);
    QCOMPARE(stateOf(command(sent->id)), u"sent"_s);
    // Past its expiry the answer may still be in flight: it stays sent for the grace period...
    m_clock.advanceMs(3'000 + CommandService::AnswerGraceMs - 1);
    QVERIFY(service().expireDue().ok());
    QCOMPARE(stateOf(command(sent->id)), u"sent"_s);
    // ...and is never delivered again meanwhile.
    const QList<omadm::Command> next = checkIn(vehicle);
    QVERIFY(std::none_of(next.cbegin(), next.cend(), [](const omadm::Command &c) { return c.name == u"EXEC"; }));
    QCOMPARE(reply(vehicle, next, vehicleAnswers(vehicle)), 200);
    m_clock.advanceMs(1);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(command(sent->id)), u"expired"_s, 20'000);
    QVERIFY2(command(sent->id).reason.contains(u"did not answer"_s), qPrintable(command(sent->id).reason));
    QVERIFY(commands.size() > 1);
}

void TestCommandService::cancelOnlyWhileQueued()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest lock;
    lock.operation = Operation::Lock;
    auto queued = service().send(vehicle.vin, lock, Engineer);
    QVERIFY(queued);
    QCOMPARE(service().cancel(queued->id, Viewer).error().code, 403);
    auto cancelled = service().cancel(queued->id, Engineer);
    QVERIFY2(cancelled, qPrintable(cancelled.errorString()));
    QCOMPARE(stateOf(*cancelled), u"cancelled"_s);
    QCOMPARE(cancelled->reason, u"cancelled by erin"_s);
    QVERIFY(!service().hasWork(queued->vehicleId));
    QCOMPARE(service().cancel(queued->id, Engineer).error().code, 409);
    QCOMPARE(service().cancel(999'999, Engineer).error().code, 404);

    auto sent = service().send(vehicle.vin, lock, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> commands = checkIn(vehicle);
    // Cancelled commands are not delivered; the sent one can no longer be cancelled.
    QCOMPARE(
        std::count_if(commands.cbegin(), commands.cend(), [](const omadm::Command &c) { return c.name == u"EXEC"; }),
        1);
    QCOMPARE(service().cancel(sent->id, Engineer).error().code, 409);
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle)), 200);
    QCOMPARE(eventKinds(queued->id), (QStringList{u"command.queued/erin"_s, u"command.cancelled/erin"_s}));
}

void TestCommandService::lawmoAndDtcs()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest fullyLock;
    fullyLock.operation = Operation::FullyLock;
    SendRequest read;
    read.operation = Operation::ReadDtcs;
    SendRequest clear;
    clear.operation = Operation::ClearDtcs;
    auto locked = service().send(vehicle.vin, fullyLock, Engineer);
    auto firstRead = service().send(vehicle.vin, read, Engineer);
    auto secondRead = service().send(vehicle.vin, read, Engineer);
    auto cleared = service().send(vehicle.vin, clear, Engineer);
    QVERIFY(locked && firstRead && secondRead && cleared);

    const QList<omadm::Command> commands = checkIn(vehicle);
    QStringList shape;
    for (const omadm::Command &c : commands) {
        if (c.name == u"GET" && c.params.value(0).endsWith(u"//"_s))
            continue; // the session's own reads of whole MOs
        shape.append(c.name + u' ' + c.params.value(c.name == u"HGET" ? 1 : 0));
    }
    // ReadDTCs is one GET of the DTC list (answering both reads); the others HGET + EXEC + GET.
    QCOMPARE(shape,
             (QStringList{u"HGET "_s + Lawmo + u"//Operations/FullyLock/Args"_s,
                          u"EXEC "_s + Lawmo + u"//Operations/FullyLock"_s, u"GET "_s + Lawmo + u"//State"_s,
                          u"GET "_s + DiagMon + u"//DTC"_s, u"HGET "_s + DiagMon + u"//Operations/ClearDTC/Args"_s,
                          u"EXEC "_s + DiagMon + u"//Operations/ClearDTC"_s, u"GET "_s + DiagMon + u"//DTC"_s}));
    QCOMPARE(send("GET", "/dm/mo/command/" + QByteArray::number(firstRead->id), dmHeaders(vehicle)).status, 404);

    // LAWMO answers with its result code 1200; the LAWMO alert says the same.
    const QJsonArray alert{
        QJsonObject{{u"AlertType"_s, LawmoAlert},
                    {u"SourceURI"_s, QString(Lawmo + u"//Operations/FullyLock"_s)},
                    {u"Data"_s, QJsonObject{{u"CommandId"_s, u"cmd-%1"_s.arg(locked->id)}, {u"ResultCode"_s, 1200}}}}};
    Answerer base = vehicleAnswers(vehicle);
    QCOMPARE(
        reply(
            vehicle, commands,
            [&](const omadm::Command &c) {
                return c.name == u"EXEC" && c.params.value(0).endsWith(u"FullyLock"_s) ? Answer{1200, {}} : base(c);
            },
            alert),
        200);
    const CommandRecord lawmo = command(locked->id);
    QCOMPARE(stateOf(lawmo), u"succeeded"_s);
    QCOMPARE(lawmo.resultCode, 1200);
    QCOMPARE(lawmo.result.value(u"State"_s).toInt(), 10);
    for (qint64 id : {firstRead->id, secondRead->id}) {
        const CommandRecord dtcs = command(id);
        QCOMPARE(stateOf(dtcs), u"succeeded"_s);
        QCOMPARE(dtcs.result.value(u"DTC"_s).toArray().first().toObject().value(u"Code"_s).toString(), u"P0A80"_s);
    }
    QCOMPARE(stateOf(command(cleared->id)), u"succeeded"_s);
}

void TestCommandService::vehicleWithoutTheMoFails405()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest read;
    read.operation = Operation::ReadDtcs;
    SendRequest lock;
    lock.operation = Operation::Lock;
    auto dtcs = service().send(vehicle.vin, read, Engineer);
    auto locked = service().send(vehicle.vin, lock, Engineer);
    QVERIFY(dtcs && locked);
    const QList<omadm::Command> commands = checkIn(vehicle, {}, {DevInfo, Rvc}); // no DiagMon
    const CommandRecord failed = command(dtcs->id);
    QCOMPARE(stateOf(failed), u"failed"_s);
    QCOMPARE(failed.resultCode, 405);
    QCOMPARE(failed.deliveries, 0);
    QCOMPARE(stateOf(command(locked->id)), u"sent"_s);
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle)), 200);
    QCOMPARE(stateOf(command(locked->id)), u"succeeded"_s);
}

void TestCommandService::failedHgetFailsTheCommand()
{
    const Vehicle vehicle = registerVehicle();
    SendRequest stop;
    stop.operation = Operation::EngineStop;
    auto sent = service().send(vehicle.vin, stop, Engineer);
    QVERIFY(sent);
    const QList<omadm::Command> commands = checkIn(vehicle);
    Answerer base = vehicleAnswers(vehicle);
    // The HGET failed (503 from a proxy, say); the agent then refuses the EXEC without Args (400).
    QCOMPARE(reply(vehicle, commands,
                   [&](const omadm::Command &c) {
                       return c.name == u"HGET" ? Answer{503, {}} : c.name == u"EXEC" ? Answer{400, {}} : base(c);
                   }),
             200);
    const CommandRecord failed = command(sent->id);
    QCOMPARE(stateOf(failed), u"failed"_s);
    QCOMPARE(failed.resultCode, 503);
    QVERIFY2(failed.reason.contains(u"HGET 503"_s), qPrintable(failed.reason));
}

void TestCommandService::bulkGivesPerVehicleResults()
{
    const Vehicle a = registerVehicle();
    const Vehicle b = registerVehicle();
    SendRequest lock;
    lock.operation = Operation::Lock;
    QCOMPARE(service().sendBulk({a.vin}, lock, Viewer).error().code, 403);
    QCOMPARE(service().sendBulk({}, lock, Engineer).error().code, 422);
    QStringList tooMany;
    for (int i = 0; i <= CommandService::MaxBulkVehicles; ++i)
        tooMany.append(u"BULK%1"_s.arg(i, 13, 10, QChar(u'0')));
    QCOMPARE(service().sendBulk(tooMany, lock, Engineer).error().code, 422);

    auto entries = service().sendBulk({a.vin, u"NOSUCHVIN00000001"_s, b.vin.toLower(), a.vin}, lock, Engineer);
    QVERIFY2(entries, qPrintable(entries.errorString()));
    QCOMPARE(entries->size(), 3); // duplicates once
    QCOMPARE(entries->at(0).vin, a.vin);
    QVERIFY(entries->at(0).command.has_value());
    QCOMPARE(entries->at(1).error, u"unknown vehicle"_s);
    QVERIFY(!entries->at(1).command.has_value());
    QVERIFY(entries->at(2).command.has_value());
    const qint64 bulkId = entries->at(0).command->bulkId;
    QVERIFY(bulkId > 0);
    QCOMPARE(entries->at(2).command->bulkId, bulkId);
    auto ofBulk = service().commandsOfBulk(bulkId);
    QVERIFY(ofBulk);
    QCOMPARE(ofBulk->size(), 2);

    for (const Vehicle &vehicle : {a, b})
        QCOMPARE(reply(vehicle, checkIn(vehicle), vehicleAnswers(vehicle)), 200);
    auto finished = service().commandsOfBulk(bulkId);
    QVERIFY(finished);
    for (const CommandRecord &c : std::as_const(*finished))
        QCOMPARE(stateOf(c), u"succeeded"_s);
}

void TestCommandService::plainCheckInWithoutWorkWritesNothing()
{
    const Vehicle vehicle = registerVehicle();
    QCOMPARE(reply(vehicle, checkIn(vehicle), vehicleAnswers(vehicle)), 200); // first session: full inventory
    auto before = m_runtime->fleet().vehicle(vehicle.vin);
    QVERIFY(before);
    auto events = m_runtime->fleet().events(0, 1, vehicle.vin);
    QVERIFY(events && !events->isEmpty());
    const qint64 lastEvent = events->first().id;
    const QList<omadm::Command> commands = checkIn(vehicle);
    QCOMPARE(commands.size(), 1);
    // Package #1 wrote nothing: no event, no new session row.
    QCOMPARE(m_runtime->fleet().events(0, 1, vehicle.vin)->first().id, lastEvent);
    QCOMPARE(reply(vehicle, commands, vehicleAnswers(vehicle)), 200);
    auto after = m_runtime->fleet().vehicle(vehicle.vin);
    QCOMPARE(after->recentSessions.size(), before->recentSessions.size());
}

QTEST_GUILESS_MAIN(TestCommandService)
#include "tst_command_service.moc"

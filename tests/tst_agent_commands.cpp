// The vehicle's side of remote commands (agent/commands, docs/protocol-notes.md "Remote commands",
// docs/agent.md): every operation's effect and result code, the safety refusals with their
// reasons, expiry, missing Args, once-only execution across a restart, the OperationComplete
// alerts, async answers; and the notification channel's frame checks and back-off. No network:
// a real MoTree, outbox, data folder and lane timer, time from a ManualClock.
#include "agent/AgentStore.h"
#include "agent/MoTree.h"
#include "agent/VehicleProfile.h"
#include "agent/commands/CommandRunner.h"
#include "agent/commands/NotificationChannel.h"
#include "agent/net/AsioRuntime.h"
#include "agent/update/AlertOutbox.h"
#include "core/Clock.h"
#include "core/omadm/Codes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <future>
#include <memory>
#include <numbers>

using namespace flotilla;
using namespace flotilla::agent;
using namespace Qt::StringLiterals;

namespace {

constexpr int Wait = 60000; // generous: the shared CI machines are slow, never a threshold

const QString Rvc = u"urn:oma:mo:x-flotilla-rvc:1.0"_s;
const QString Lawmo = u"urn:oma:mo:oma-dm-lawmo:1.0"_s;
const QString DiagMon = u"urn:oma:mo:oma-diagmon:1.0"_s;

QString operationNode(const QString &moid, const QString &operation)
{
    return moid + u"//Operations/"_s + operation;
}

// The simulated vehicle's command side as VehicleAgent wires it: its tree, outbox, data folder
// and runner. Lives on the lane (the runner's timer does).
struct Vehicle
{
    Vehicle(net::Lane &lane, const QString &dir, CommandOptions options,
            const std::function<void(VehicleStatus &)> &before = {})
        : tree(FleetCatalog(7).vehicle(3))
        , outbox(dir + u"/outbox.json"_s)
        , store(dir)
    {
        (void)outbox.load();
        if (before)
            before(tree.status()); // what UpdateRunner sets up before the runner exists
        runner = std::make_unique<CommandRunner>(lane, tree, outbox, store, std::move(options));
        runner->setAlertsQueuedCallback([this] { ++alertsQueuedCalls; });
    }

    MoTree tree;
    AlertOutbox outbox;
    AgentStore store;
    std::unique_ptr<CommandRunner> runner;
    int alertsQueuedCalls = 0;
};

} // namespace

class TestAgentCommands : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<net::Runtime> m_runtime;
    std::unique_ptr<Vehicle> m_vehicle;
    int m_nextId = 1;

    template<typename Function>
    auto onLane(Function function)
    {
        using R = decltype(function());
        std::promise<R> promise;
        auto future = promise.get_future();
        m_runtime->lane(0).post([&] {
            if constexpr (std::is_void_v<R>) {
                function();
                promise.set_value();
            } else {
                promise.set_value(function());
            }
        });
        return future.get();
    }

    CommandOptions options(QStringList async = {}, std::chrono::milliseconds delay = std::chrono::milliseconds(10))
    {
        CommandOptions o;
        o.asyncOperations = std::move(async);
        o.asyncDelay = delay;
        o.clock = &m_clock;
        return o;
    }

    void createVehicle(CommandOptions o, std::function<void(VehicleStatus &)> before = {})
    {
        onLane([&] { m_vehicle = std::make_unique<Vehicle>(m_runtime->lane(0), m_dir->path(), o, before); });
    }
    // Gone, as after a power loss; the data folder stays.
    void destroyVehicle()
    {
        onLane([&] { m_vehicle.reset(); });
    }

    QString isoIn(qint64 ms) const
    {
        return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs() + ms, Qt::UTC).toString(Qt::ISODate);
    }
    QJsonObject argsFor(const QString &commandId, QJsonObject extra = {}, qint64 expiresInMs = 60000) const
    {
        extra.insert(u"CommandId"_s, commandId);
        extra.insert(u"ExpiresUtc"_s, isoIn(expiresInMs));
        return extra;
    }

    // The server's three steps (HGET of the Args, EXEC) as the agent runs them; a null args
    // object means the HGET failed (nothing was written).
    int exec(const QString &moid, const QString &operation, const std::optional<QJsonObject> &args)
    {
        return onLane([&] {
            const QString node = operationNode(moid, operation);
            if (args) {
                const auto argsUri = omadm::ClientUri::parse(QString(node + u"/Args"_s));
                if (!argsUri || !m_vehicle->tree.setNode(*argsUri, *args))
                    return -1;
            }
            return m_vehicle->runner->exec(*omadm::ClientUri::parse(node), node);
        });
    }
    int exec(const QString &moid, const QString &operation, const QString &commandId, QJsonObject extra = {})
    {
        return exec(moid, operation, argsFor(commandId, std::move(extra)));
    }
    QString nextId() { return u"cmd-%1"_s.arg(m_nextId++); }

    VehicleStatus status()
    {
        return onLane([&] { return m_vehicle->tree.status(); });
    }
    void setStatus(const std::function<void(VehicleStatus &)> &change)
    {
        onLane([&] { change(m_vehicle->tree.status()); });
    }
    QJsonObject get(const QString &clientUri)
    {
        return onLane([&] { return m_vehicle->tree.get(clientUri).data.data; });
    }
    int getStatus(const QString &clientUri)
    {
        return onLane([&] { return m_vehicle->tree.get(clientUri).status; });
    }
    int runs(const QString &commandId)
    {
        return onLane([&] { return m_vehicle->runner->runs(commandId); });
    }
    QList<omadm::Alert> alerts()
    {
        return onLane([&] {
            QList<omadm::Alert> list;
            for (const AlertOutbox::Entry &entry : m_vehicle->outbox.entries())
                list.append(entry.alert);
            return list;
        });
    }
    std::optional<omadm::Alert> alertFor(const QString &commandId)
    {
        for (const omadm::Alert &alert : alerts()) {
            if (alert.data.value(u"CommandId"_s).toString() == commandId)
                return alert;
        }
        return std::nullopt;
    }
    int alertsFor(const QString &commandId)
    {
        int count = 0;
        for (const omadm::Alert &alert : alerts())
            count += alert.data.value(u"CommandId"_s).toString() == commandId ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void init()
    {
        m_clock.setNowMs(1'790'000'000'000);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_runtime = std::make_unique<net::Runtime>(1);
        createVehicle(options());
    }
    void cleanup()
    {
        destroyVehicle();
        m_runtime->stop();
        m_runtime.reset();
        m_dir.reset();
    }

    void vehicleControlOperations()
    {
        // Factory state: locked, engine off, parked.
        QVERIFY(status().locked);
        QCOMPARE(exec(Rvc, u"Unlock"_s, nextId()), 200);
        QVERIFY(!status().locked);
        QCOMPARE(exec(Rvc, u"Lock"_s, nextId()), 200);
        QVERIFY(status().locked);
        QCOMPARE(exec(Rvc, u"HornLights"_s, nextId()), 200);
        QCOMPARE(exec(Rvc, u"HornLights"_s, nextId()), 200);
        QCOMPARE(status().hornLightsCount, 2);
        QCOMPARE(exec(Rvc, u"OpenTrunk"_s, nextId()), 200);
        QVERIFY(status().trunkOpen);
        QCOMPARE(exec(Rvc, u"ClimateOn"_s, nextId(), {{u"TargetC"_s, 24}}), 200);
        QVERIFY(status().climateOn);
        QCOMPARE(status().climateTargetC, 24);
        QCOMPARE(exec(Rvc, u"ClimateOff"_s, nextId()), 200);
        QVERIFY(!status().climateOn);
        QCOMPARE(exec(Rvc, u"EngineStart"_s, nextId()), 200);
        QVERIFY(status().engineOn);
        QVERIFY(status().ignitionOn);
        QCOMPARE(exec(Rvc, u"EngineStop"_s, nextId()), 200);
        QVERIFY(!status().engineOn);
        QVERIFY(!status().ignitionOn);

        // The vehicle control MO's Status shows it (the GET the server sends after the EXEC).
        const QJsonObject shown = get(Rvc + u"//Status"_s).value(u"rvc"_s).toObject().value(u"Status"_s).toObject();
        QCOMPARE(shown.value(u"Locked"_s).toBool(), true);
        QCOMPARE(shown.value(u"Engine"_s).toString(), u"off"_s);
        QCOMPARE(shown.value(u"Trunk"_s).toString(), u"open"_s);
        QCOMPARE(shown.value(u"Climate"_s).toObject().value(u"TargetC"_s).toInt(), 24);
        QCOMPARE(shown.value(u"HornLightsCount"_s).toInt(), 2);
    }

    void locateRefreshesTheLocation()
    {
        const VehicleStatus before = status();
        QVERIFY(before.latitude != 0 || before.longitude != 0); // a place of its own from the start
        m_clock.advanceMs(90'000);
        const QString id = nextId();
        QCOMPARE(exec(Rvc, u"Locate"_s, id), 200);
        const VehicleStatus after = status();
        QCOMPARE(after.locationTimeMs, m_clock.nowMs());
        QCOMPARE(after.latitude, before.latitude); // parked: it did not move
        const auto alert = alertFor(id);
        QVERIFY(alert);
        const QJsonObject location = alert->data.value(u"Location"_s).toObject();
        QCOMPARE(location.value(u"Lat"_s).toDouble(), after.latitude);
        QCOMPARE(location.value(u"Lon"_s).toDouble(), after.longitude);
        QCOMPARE(location.value(u"TimeUtc"_s).toString(), isoIn(0));
        const QJsonObject shown =
            get(Rvc + u"//Status/Location"_s).value(u"rvc"_s).toObject().value(u"Status"_s).toObject();
        QCOMPARE(shown.value(u"Location"_s).toObject().value(u"TimeUtc"_s).toString(), isoIn(0));

        // A driving vehicle has moved since its last fix (50 km/h for six minutes: 5 km).
        setStatus([](VehicleStatus &s) {
            s.speedKmh = 50;
            s.gear = u"D"_s;
        });
        m_clock.advanceMs(6 * 60'000);
        QCOMPARE(exec(Rvc, u"Locate"_s, nextId()), 200);
        const VehicleStatus moved = status();
        const double dLat = (moved.latitude - after.latitude) * 111.32;
        const double dLon =
            (moved.longitude - after.longitude) * 111.32 * std::cos(after.latitude * std::numbers::pi / 180.0);
        QVERIFY2(qAbs(std::sqrt(dLat * dLat + dLon * dLon) - 5.0) < 0.1,
                 qPrintable(u"moved %1 km"_s.arg(std::sqrt(dLat * dLat + dLon * dLon))));
    }

    void lawmoOperations()
    {
        const auto lawmoState = [this] { return get(Lawmo + u"//State"_s).value(u"lawmo"_s).toObject(); };
        QCOMPARE(lawmoState().value(u"State"_s).toInt(), 30);
        setStatus([](VehicleStatus &s) { s.locked = false; });
        QCOMPARE(exec(Lawmo, u"FullyLock"_s, nextId()), 1200);
        QCOMPARE(lawmoState().value(u"State"_s).toInt(), 10);
        QVERIFY(status().locked); // a fully locked vehicle has its doors locked
        QCOMPARE(exec(Lawmo, u"PartiallyLock"_s, nextId()), 1200);
        QCOMPARE(lawmoState().value(u"State"_s).toInt(), 20);
        QCOMPARE(exec(Lawmo, u"UnLock"_s, nextId()), 1200);
        QCOMPARE(lawmoState().value(u"State"_s).toInt(), 30);

        // Wipe erases the owner's data (LAWMO Ext/UserData shows it).
        QCOMPARE(exec(Rvc, u"ClimateOn"_s, nextId(), {{u"TargetC"_s, 26}}), 200);
        const auto userData = [this] {
            return get(Lawmo + u"//Ext/UserData"_s)
                .value(u"lawmo"_s)
                .toObject()
                .value(u"Ext"_s)
                .toObject()
                .value(u"UserData"_s)
                .toObject();
        };
        QVERIFY(userData().value(u"PairedPhones"_s).toInt() > 0);
        QVERIFY(!userData().contains(u"WipedUtc"_s));
        QCOMPARE(exec(Lawmo, u"Wipe"_s, nextId()), 1201);
        QCOMPARE(userData().value(u"PairedPhones"_s).toInt(), 0);
        QCOMPARE(userData().value(u"Destinations"_s).toInt(), 0);
        QCOMPARE(userData().value(u"DriverProfiles"_s).toInt(), 0);
        QCOMPARE(userData().value(u"WipedUtc"_s).toString(), isoIn(0));
        QCOMPARE(status().climateTargetC, 21);
        QVERIFY(!status().climateOn);

        // FactoryReset: settings back to the factory's, but a LAWMO lock stays.
        QCOMPARE(exec(Lawmo, u"FullyLock"_s, nextId()), 1200);
        QCOMPARE(exec(Rvc, u"HornLights"_s, nextId()), 200);
        QCOMPARE(exec(Rvc, u"OpenTrunk"_s, nextId()), 200);
        m_clock.advanceMs(1000);
        QCOMPARE(exec(Lawmo, u"FactoryReset"_s, nextId()), 1200);
        const VehicleStatus reset = status();
        QCOMPARE(reset.hornLightsCount, 0);
        QVERIFY(!reset.trunkOpen);
        QVERIFY(reset.locked);
        QCOMPARE(reset.lawmoState, 10);
        QCOMPARE(userData().value(u"WipedUtc"_s).toString(), isoIn(0));
    }

    void clearDtc()
    {
        const QJsonArray dtcs{QJsonObject{{u"Code"_s, u"P0A80"_s}, {u"Ecu"_s, u"bms"_s}},
                              QJsonObject{{u"Code"_s, u"U0100"_s}, {u"Ecu"_s, u"gateway"_s}}};
        onLane([&] { m_vehicle->tree.setDtcs(dtcs); });
        QCOMPARE(get(DiagMon + u"//DTC"_s).value(u"diagmon"_s).toObject().value(u"DTC"_s).toArray().size(), 2);
        const QString id = nextId();
        QCOMPARE(exec(DiagMon, u"ClearDTC"_s, id), 200);
        QVERIFY(get(DiagMon + u"//DTC"_s).value(u"diagmon"_s).toObject().value(u"DTC"_s).toArray().isEmpty());
        auto saved = AgentStore(m_dir->path()).loadDtcs();
        QVERIFY(saved && saved->has_value());
        QVERIFY((*saved)->isEmpty());
        QCOMPARE(alertFor(id)->type, u"urn:oma:at:diagmon:1.0:OperationComplete"_s);
    }

    void safetyRefusals()
    {
        // Driving: gear D at 50 km/h.
        setStatus([](VehicleStatus &s) {
            s.speedKmh = 50;
            s.gear = u"D"_s;
        });
        struct Refusal
        {
            QString moid, operation, reason;
        };
        const QList<Refusal> refusals{{Rvc, u"EngineStart"_s, u"vehicle is moving"_s},
                                      {Rvc, u"EngineStop"_s, u"vehicle is moving"_s},
                                      {Rvc, u"OpenTrunk"_s, u"vehicle is moving"_s},
                                      {Lawmo, u"Wipe"_s, u"vehicle is not parked"_s},
                                      {Lawmo, u"FactoryReset"_s, u"vehicle is not parked"_s}};
        for (const Refusal &r : refusals) {
            const QString id = nextId();
            QCOMPARE(exec(r.moid, r.operation, id), 409);
            const auto alert = alertFor(id);
            QVERIFY(alert);
            QCOMPARE(alert->data.value(u"ResultCode"_s).toInt(), 409);
            QCOMPARE(alert->data.value(u"Reason"_s).toString(), r.reason);
            QCOMPARE(runs(id), 1); // the vehicle looked at it
        }
        QVERIFY(!status().trunkOpen);
        QVERIFY(get(Lawmo + u"//Ext/UserData"_s)
                    .value(u"lawmo"_s)
                    .toObject()
                    .value(u"Ext"_s)
                    .toObject()
                    .value(u"UserData"_s)
                    .toObject()
                    .value(u"PairedPhones"_s)
                    .toInt() > 0);
        // The rest is allowed while driving.
        QCOMPARE(exec(Rvc, u"HornLights"_s, nextId()), 200);
        QCOMPARE(exec(Lawmo, u"FullyLock"_s, nextId()), 1200);

        // Creeping at 3 km/h the trunk may open; above it may not.
        setStatus([](VehicleStatus &s) { s.speedKmh = 3; });
        QCOMPARE(exec(Rvc, u"OpenTrunk"_s, nextId()), 200);
        setStatus([](VehicleStatus &s) {
            s.trunkOpen = false;
            s.speedKmh = 4;
        });
        QCOMPARE(exec(Rvc, u"OpenTrunk"_s, nextId()), 409);

        // Standing in D: not parked.
        setStatus([](VehicleStatus &s) { s.speedKmh = 0; });
        QString id = nextId();
        QCOMPARE(exec(Rvc, u"EngineStart"_s, id), 409);
        QCOMPARE(alertFor(id)->data.value(u"Reason"_s).toString(), u"gear is not in P"_s);
        QCOMPARE(exec(Lawmo, u"Wipe"_s, nextId()), 409);

        // Parked with the doors unlocked.
        setStatus([](VehicleStatus &s) {
            s.gear = u"P"_s;
            s.locked = false;
        });
        id = nextId();
        QCOMPARE(exec(Rvc, u"EngineStart"_s, id), 409);
        QCOMPARE(alertFor(id)->data.value(u"Reason"_s).toString(), u"doors are unlocked"_s);
        QVERIFY(!status().engineOn);
        QCOMPARE(exec(Rvc, u"Lock"_s, nextId()), 200);
        QCOMPARE(exec(Rvc, u"EngineStart"_s, nextId()), 200);
        QCOMPARE(exec(Lawmo, u"Wipe"_s, nextId()), 1201);
    }

    void drivingVehicleHasItsEngineOn()
    {
        destroyVehicle();
        createVehicle(options(), [](VehicleStatus &s) {
            s.speedKmh = 50;
            s.gear = u"D"_s;
            s.ignitionOn = true;
        });
        QVERIFY(status().engineOn);
        QVERIFY(status().ignitionOn);
        // Rolling with the ignition off (a test's setup of the update preconditions): left alone.
        destroyVehicle();
        createVehicle(options(), [](VehicleStatus &s) {
            s.speedKmh = 50;
            s.gear = u"D"_s;
        });
        QVERIFY(!status().engineOn);
        QVERIFY(!status().ignitionOn);
    }

    void expiredCommandIsNotRun()
    {
        const QString id = nextId();
        QCOMPARE(exec(Rvc, u"Unlock"_s, argsFor(id, {}, -1)), 410);
        QVERIFY(status().locked);
        QCOMPARE(runs(id), 0);
        const auto alert = alertFor(id);
        QVERIFY(alert);
        QCOMPARE(alert->data.value(u"ResultCode"_s).toInt(), 410);
        QVERIFY(alert->data.value(u"Reason"_s).toString().startsWith(u"expired at "_s));
        // Exactly at its expiry it still runs.
        QCOMPARE(exec(Rvc, u"Unlock"_s, argsFor(nextId(), {}, 0)), 200);
    }

    void missingOrBadArgs()
    {
        // No Args (the HGET failed): 400, nothing queued (there is no CommandId to report).
        QCOMPARE(exec(Rvc, u"Unlock"_s, std::nullopt), 400);
        QVERIFY(alerts().isEmpty());
        QVERIFY(status().locked);
        // Args without a usable CommandId.
        QCOMPARE(exec(Rvc, u"Unlock"_s, QJsonObject{{u"ExpiresUtc"_s, isoIn(60000)}}), 400);
        QCOMPARE(exec(Rvc, u"Unlock"_s, QJsonObject{{u"CommandId"_s, 7}, {u"ExpiresUtc"_s, isoIn(60000)}}), 400);
        QCOMPARE(exec(Rvc, u"Unlock"_s, QJsonObject{{u"CommandId"_s, QString(200, u'x')}}), 400);
        QVERIFY(alerts().isEmpty());
        // No usable expiry: 400 with a reason.
        QString id = nextId();
        QCOMPARE(exec(Rvc, u"Unlock"_s, QJsonObject{{u"CommandId"_s, id}}), 400);
        QCOMPARE(alertFor(id)->data.value(u"ResultCode"_s).toInt(), 400);
        id = nextId();
        QCOMPARE(exec(Rvc, u"Unlock"_s, QJsonObject{{u"CommandId"_s, id}, {u"ExpiresUtc"_s, u"tomorrow"_s}}), 400);
        QVERIFY(status().locked);
        // ClimateOn needs an integer TargetC from 16 to 28.
        for (const QJsonValue &bad : {QJsonValue(15), QJsonValue(29), QJsonValue(21.5), QJsonValue(u"22"_s),
                                      QJsonValue(QJsonValue::Undefined)}) {
            id = nextId();
            QJsonObject extra;
            if (!bad.isUndefined())
                extra.insert(u"TargetC"_s, bad);
            QCOMPARE(exec(Rvc, u"ClimateOn"_s, id, extra), 400);
            QCOMPARE(alertFor(id)->data.value(u"Reason"_s).toString(),
                     u"Args.TargetC must be an integer from 16 to 28"_s);
        }
        QVERIFY(!status().climateOn);
        QCOMPARE(exec(Rvc, u"ClimateOn"_s, nextId(), {{u"TargetC"_s, 16}}), 200);
        QCOMPARE(exec(Rvc, u"ClimateOn"_s, nextId(), {{u"TargetC"_s, 28}}), 200);
    }

    void argsBelongToOneExec()
    {
        const QString node = operationNode(Rvc, u"Unlock"_s);
        const QJsonObject args = argsFor(u"cmd-args"_s);
        QVERIFY(onLane(
            [&] { return bool(m_vehicle->tree.setNode(*omadm::ClientUri::parse(QString(node + u"/Args"_s)), args)); }));
        // GET shows them until the EXEC consumes them.
        QCOMPARE(get(node + u"/Args"_s)
                     .value(u"rvc"_s)
                     .toObject()
                     .value(u"Operations"_s)
                     .toObject()
                     .value(u"Unlock"_s)
                     .toObject()
                     .value(u"Args"_s)
                     .toObject(),
                 args);
        // Another operation's Args are its own.
        QCOMPARE(exec(Rvc, u"Lock"_s, std::nullopt), 400);
        QCOMPARE(exec(Rvc, u"Unlock"_s, std::nullopt), 200);
        QCOMPARE(getStatus(node + u"/Args"_s), 404);
        QCOMPARE(exec(Rvc, u"Unlock"_s, std::nullopt), 400); // a second EXEC without its HGET
    }

    void unknownNodes()
    {
        QCOMPARE(exec(Rvc, u"Fly"_s, std::nullopt), 404);
        QCOMPARE(exec(Lawmo, u"Unlock"_s, std::nullopt), 404); // LAWMO spells it UnLock
        const auto setNode = [this](const QString &uri, const QJsonValue &value) {
            return onLane([&] {
                const auto parsed = omadm::ClientUri::parse(uri);
                const Status s = m_vehicle->tree.setNode(*parsed, value);
                return s ? 200 : s.error().code;
            });
        };
        QCOMPARE(setNode(operationNode(Rvc, u"Fly"_s) + u"/Args"_s, QJsonObject()), 404);
        QCOMPARE(setNode(operationNode(Rvc, u"Lock"_s) + u"/Other"_s, QJsonObject()), 404);
        QCOMPARE(setNode(operationNode(Rvc, u"Lock"_s) + u"/Args"_s, u"text"_s), 400);
        QJsonObject huge;
        huge.insert(u"CommandId"_s, u"cmd-x"_s);
        huge.insert(u"Padding"_s, QString(5000, u'p'));
        QCOMPARE(setNode(operationNode(Rvc, u"Lock"_s) + u"/Args"_s, huge), 400);
        QCOMPARE(setNode(operationNode(Lawmo, u"Wipe"_s) + u"/Args"_s, QJsonObject{{u"CommandId"_s, u"c"_s}}), 200);
        QCOMPARE(setNode(DiagMon + u"//Operations/ClearDTC/Args"_s, QJsonObject{{u"CommandId"_s, u"c"_s}}), 200);
        // Every operation node exists in its MO's tree (GET of the MO shows them).
        const QJsonObject operations =
            get(Rvc + u"//Operations"_s).value(u"rvc"_s).toObject().value(u"Operations"_s).toObject();
        QCOMPARE(operations.keys().size(), 9);
        QVERIFY(operations.contains(u"EngineStart"_s));
    }

    void alertsNameTheOperation()
    {
        struct Case
        {
            QString moid, operation, type;
            int code;
        };
        const QList<Case> cases{{Rvc, u"Lock"_s, u"urn:oma:at:x-flotilla-rvc:1.0:OperationComplete"_s, 200},
                                {Lawmo, u"PartiallyLock"_s, u"urn:oma:at:lawmo:1.0:OperationComplete"_s, 1200},
                                {DiagMon, u"ClearDTC"_s, u"urn:oma:at:diagmon:1.0:OperationComplete"_s, 200}};
        for (const Case &c : cases) {
            const QString id = nextId();
            QCOMPARE(exec(c.moid, c.operation, id), c.code);
            const auto alert = alertFor(id);
            QVERIFY(alert);
            QCOMPARE(alert->type, c.type);
            QCOMPARE(alert->sourceUri, operationNode(c.moid, c.operation));
            QCOMPARE(alert->data.value(u"ResultCode"_s).toInt(), c.code);
            QVERIFY(!alert->data.contains(u"Reason"_s));
            QVERIFY(!alert->data.contains(u"Location"_s));
        }
        // Sync: nothing asks for a session of its own (the alerts ride in this session's package #3).
        QCOMPARE(onLane([&] { return m_vehicle->alertsQueuedCalls; }), 0);
        // They are persisted (a restart still sends them).
        destroyVehicle();
        AlertOutbox reloaded(m_dir->path() + u"/outbox.json"_s);
        QVERIFY(reloaded.load());
        QCOMPARE(reloaded.entries().size(), 3);
        createVehicle(options());
    }

    void repeatedCommandIdRunsOnce()
    {
        const QString id = nextId();
        QCOMPARE(exec(Rvc, u"HornLights"_s, id), 200);
        QCOMPARE(runs(id), 1);
        // Delivered again after a lost reply (the server re-sends the same CommandId).
        QCOMPARE(exec(Rvc, u"HornLights"_s, id), 200);
        QCOMPARE(exec(Rvc, u"HornLights"_s, id), 200);
        QCOMPARE(runs(id), 1);
        QCOMPARE(status().hornLightsCount, 1);
        QCOMPARE(alertsFor(id), 1);
        // Even once expired it answers what it did.
        m_clock.advanceMs(3600'000);
        QCOMPARE(exec(Rvc, u"HornLights"_s, argsFor(id, {}, -1000)), 200);
        QCOMPARE(runs(id), 1);
        // A refusal is a result too: the same CommandId is not tried again.
        setStatus([](VehicleStatus &s) { s.locked = false; });
        const QString refused = nextId();
        QCOMPARE(exec(Rvc, u"EngineStart"_s, refused), 409);
        setStatus([](VehicleStatus &s) { s.locked = true; });
        QCOMPARE(exec(Rvc, u"EngineStart"_s, refused), 409);
        QVERIFY(!status().engineOn);
        QCOMPARE(runs(refused), 1);
    }

    void onceOnlyAcrossRestart()
    {
        const QString horn = nextId();
        const QString lock = nextId();
        QCOMPARE(exec(Rvc, u"HornLights"_s, horn), 200);
        QCOMPARE(exec(Lawmo, u"FullyLock"_s, lock), 1200);
        QCOMPARE(exec(Rvc, u"ClimateOn"_s, nextId(), {{u"TargetC"_s, 19}}), 200);
        QCOMPARE(exec(Rvc, u"EngineStart"_s, nextId()), 200);
        destroyVehicle();
        createVehicle(options());
        // What commands changed survived (engine and climate running did not: it was switched off).
        const VehicleStatus s = status();
        QCOMPARE(s.hornLightsCount, 1);
        QCOMPARE(s.lawmoState, 10);
        QCOMPARE(s.climateTargetC, 19);
        QVERIFY(!s.engineOn);
        QCOMPARE(get(Lawmo + u"//State"_s).value(u"lawmo"_s).toObject().value(u"State"_s).toInt(), 10);
        // And the CommandIds it ran.
        QCOMPARE(exec(Rvc, u"HornLights"_s, horn), 200);
        QCOMPARE(exec(Lawmo, u"FullyLock"_s, lock), 1200);
        QCOMPARE(runs(horn), 1);
        QCOMPARE(status().hornLightsCount, 1);
        QCOMPARE(alertsFor(horn), 1);
    }

    void logKeepsTheLast256()
    {
        for (int i = 0; i < 300; ++i)
            QCOMPARE(exec(Rvc, u"HornLights"_s, u"bulk-%1"_s.arg(i)), 200);
        QCOMPARE(status().hornLightsCount, 300);
        QCOMPARE(onLane([&] { return m_vehicle->runner->log().entries().size(); }), 256);
        QCOMPARE(runs(u"bulk-43"_s), 0);  // forgotten
        QCOMPARE(runs(u"bulk-44"_s), 1);  // the oldest kept
        QCOMPARE(runs(u"bulk-299"_s), 1); // the newest
        destroyVehicle();
        auto stored = AgentStore(m_dir->path()).loadCommandLog();
        QVERIFY(stored && stored->has_value());
        QCOMPARE((*stored)->size(), 256);
        createVehicle(options());
        QCOMPARE(exec(Rvc, u"HornLights"_s, u"bulk-44"_s), 200);
        QCOMPARE(status().hornLightsCount, 300);
    }

    void damagedLogStartsEmpty()
    {
        destroyVehicle();
        QFile file(m_dir->path() + u"/commands.json"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[{\"CommandId\":");
        file.close();
        createVehicle(options());
        QCOMPARE(exec(Rvc, u"Lock"_s, nextId()), 200);
    }

    void asyncAnswers()
    {
        destroyVehicle();
        createVehicle(options(CommandOptions::defaultAsyncOperations()));
        const QString id = nextId();
        m_clock.advanceMs(1000);
        // Accepted now, done a moment later.
        QCOMPARE(exec(Rvc, u"EngineStart"_s, id), 202);
        QVERIFY(!alertFor(id));
        // Delivered again before it finished: still accepted, not run twice.
        QCOMPARE(exec(Rvc, u"EngineStart"_s, id), 202);
        QTRY_VERIFY_WITH_TIMEOUT(alertFor(id).has_value(), Wait);
        QVERIFY(status().engineOn);
        QCOMPARE(alertFor(id)->data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(alertFor(id)->type, u"urn:oma:at:x-flotilla-rvc:1.0:OperationComplete"_s);
        QCOMPARE(onLane([&] { return m_vehicle->alertsQueuedCalls; }), 1); // the agent opens a session
        QCOMPARE(runs(id), 1);
        QCOMPARE(exec(Rvc, u"EngineStart"_s, id), 200); // now it has its result
        QCOMPARE(runs(id), 1);

        // Locate is async too and reports where the vehicle is.
        const QString locate = nextId();
        QCOMPARE(exec(Rvc, u"Locate"_s, locate), 202);
        QTRY_VERIFY_WITH_TIMEOUT(alertFor(locate).has_value(), Wait);
        QVERIFY(alertFor(locate)->data.value(u"Location"_s).toObject().contains(u"Lat"_s));
        // The others stay sync; bad arguments are refused before anything is accepted.
        QCOMPARE(exec(Rvc, u"Lock"_s, nextId()), 200);
        QCOMPARE(exec(Rvc, u"EngineStop"_s, nextId()), 200);
        destroyVehicle();
        createVehicle(options({u"ClimateOn"_s}));
        QCOMPARE(exec(Rvc, u"ClimateOn"_s, nextId(), {{u"TargetC"_s, 40}}), 400);
        // A refusal found when it runs arrives in the alert.
        destroyVehicle();
        createVehicle(options({u"OpenTrunk"_s}), [](VehicleStatus &s) {
            s.speedKmh = 30;
            s.gear = u"D"_s;
        });
        const QString trunk = nextId();
        QCOMPARE(exec(Rvc, u"OpenTrunk"_s, trunk), 202);
        QTRY_VERIFY_WITH_TIMEOUT(alertFor(trunk).has_value(), Wait);
        QCOMPARE(alertFor(trunk)->data.value(u"ResultCode"_s).toInt(), 409);
        QCOMPARE(alertFor(trunk)->data.value(u"Reason"_s).toString(), u"vehicle is moving"_s);
    }

    void asyncCommandFinishesAfterRestart()
    {
        destroyVehicle();
        const auto slow = options({u"Locate"_s, u"HornLights"_s}, std::chrono::hours(1));
        createVehicle(slow);
        const QString locate = nextId();
        const QString horn = nextId();
        QCOMPARE(exec(Rvc, u"Locate"_s, locate), 202);
        QCOMPARE(exec(Rvc, u"HornLights"_s, argsFor(horn, {}, 10'000)), 202);
        destroyVehicle(); // before either finished
        m_clock.advanceMs(20'000);
        createVehicle(slow);
        QVERIFY(!alertFor(locate));
        onLane([&] { m_vehicle->runner->resume(); });
        QTRY_VERIFY_WITH_TIMEOUT(alertFor(locate).has_value() && alertFor(horn).has_value(), Wait);
        QCOMPARE(alertFor(locate)->data.value(u"ResultCode"_s).toInt(), 200);
        QCOMPARE(runs(locate), 1);
        // The horn's expiry passed while the agent was down: never run after it.
        QCOMPARE(alertFor(horn)->data.value(u"ResultCode"_s).toInt(), 410);
        QCOMPARE(alertFor(horn)->data.value(u"Reason"_s).toString(), u"expired before it could run"_s);
        QCOMPARE(runs(horn), 0);
        QCOMPARE(status().hornLightsCount, 0);
    }

    void dropReplyOnce()
    {
        destroyVehicle();
        CommandOptions o = options();
        o.dropReplyOnce = true;
        createVehicle(o);
        const auto take = [this] { return onLane([&] { return m_vehicle->runner->takeReplyDrop(); }); };
        QVERIFY(!take()); // nothing ran yet: a package #3 without command results goes out
        const QString id = nextId();
        QCOMPARE(exec(Rvc, u"Unlock"_s, id), 200);
        QVERIFY(take());
        QVERIFY(!take());
        // The re-delivery is answered from the log and not dropped again.
        QCOMPARE(exec(Rvc, u"Unlock"_s, id), 200);
        QCOMPARE(exec(Rvc, u"Lock"_s, nextId()), 200);
        QVERIFY(!take());
        QCOMPARE(runs(id), 1);
    }

    void execModes()
    {
        QCOMPARE(*CommandOptions::parseExecMode(u"sync"_s), QStringList());
        QCOMPARE(*CommandOptions::parseExecMode(u"async"_s), (QStringList{u"EngineStart"_s, u"Locate"_s}));
        QCOMPARE(CommandOptions::parseExecMode(u"async:all"_s)->size(), 15);
        QCOMPARE(*CommandOptions::parseExecMode(u"async:Lock, Wipe"_s), (QStringList{u"Lock"_s, u"Wipe"_s}));
        QVERIFY(!CommandOptions::parseExecMode(u"async:Fly"_s));
        QVERIFY(!CommandOptions::parseExecMode(u"async:"_s));
        QVERIFY(!CommandOptions::parseExecMode(u"later"_s));
    }

    void notificationFrames_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("valid");
        QTest::newRow("full")
            << QByteArray(
                   R"({"Notification":{"Id":"n-1","Reason":"command","ReqMOs":["urn:oma:mo:x-flotilla-rvc:1.0"]}})")
            << true;
        QTest::newRow("no ReqMOs") << QByteArray(R"({"Notification":{"Id":"n-2","Reason":"update"}})") << true;
        QTest::newRow("future reason") << QByteArray(
                                              R"({"Notification":{"Id":"n-3","Reason":"telemetry","ReqMOs":[]}})")
                                       << true;
        QTest::newRow("not JSON") << QByteArray("hello") << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("array") << QByteArray(R"([{"Notification":{"Id":"n-1","Reason":"command"}}])") << false;
        QTest::newRow("no Notification") << QByteArray(R"({"Note":{"Id":"n-1","Reason":"command"}})") << false;
        QTest::newRow("Notification not an object") << QByteArray(R"({"Notification":"n-1"})") << false;
        QTest::newRow("no Id") << QByteArray(R"({"Notification":{"Reason":"command"}})") << false;
        QTest::newRow("empty Id") << QByteArray(R"({"Notification":{"Id":"","Reason":"command"}})") << false;
        QTest::newRow("numeric Id") << QByteArray(R"({"Notification":{"Id":7,"Reason":"command"}})") << false;
        QTest::newRow("Id with spaces") << QByteArray(R"({"Notification":{"Id":"n 1","Reason":"command"}})") << false;
        QTest::newRow("long Id") << QByteArray(R"({"Notification":{"Id":")" + QByteArray(65, 'x') +
                                               R"(","Reason":"command"}})")
                                 << false;
        QTest::newRow("no Reason") << QByteArray(R"({"Notification":{"Id":"n-1"}})") << false;
        QTest::newRow("ReqMOs not an array")
            << QByteArray(R"({"Notification":{"Id":"n-1","Reason":"command","ReqMOs":"x"}})") << false;
        QTest::newRow("ReqMOs of numbers")
            << QByteArray(R"({"Notification":{"Id":"n-1","Reason":"command","ReqMOs":[1]}})") << false;
        QByteArray many = R"({"Notification":{"Id":"n-1","Reason":"command","ReqMOs":[)";
        for (int i = 0; i < 17; ++i)
            many += QByteArray(i ? ",\"m" : "\"m") + QByteArray::number(i) + '"';
        QTest::newRow("too many ReqMOs") << QByteArray(many + "]}}") << false;
        QTest::newRow("over 4 KiB") << QByteArray(R"({"Notification":{"Id":"n-1","Reason":"command","Pad":")" +
                                                  QByteArray(4100, 'p') + R"("}})")
                                    << false;
        QTest::newRow("deep") << QByteArray(QByteArray(500, '[') + QByteArray(500, ']')) << false;
    }
    void notificationFrames()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, valid);
        const auto notification = Notification::parse(frame);
        QCOMPARE(bool(notification), valid);
        if (valid)
            QVERIFY(notification->id.startsWith(u"n-"_s));
    }
    void notificationContent()
    {
        const auto n = Notification::parse(
            R"({"Notification":{"Id":"n-42","Reason":"command","ReqMOs":["urn:oma:mo:oma-dm-lawmo:1.0"]}})");
        QVERIFY(n);
        QCOMPARE(n->id, u"n-42"_s);
        QCOMPARE(n->reason, u"command"_s);
        QCOMPARE(n->requestedMoids, QStringList{u"urn:oma:mo:oma-dm-lawmo:1.0"_s});
    }

    void channelBackoff()
    {
        using std::chrono::milliseconds;
        // 1 s doubling to 5 min, ±50 %.
        QCOMPARE(NotificationChannel::retryDelay(0, 0.5), milliseconds(1000));
        QCOMPARE(NotificationChannel::retryDelay(0, 0.0), milliseconds(500));
        QVERIFY(NotificationChannel::retryDelay(0, 0.999999) <= milliseconds(1500));
        QVERIFY(NotificationChannel::retryDelay(0, 0.999999) >= milliseconds(1499));
        QCOMPARE(NotificationChannel::retryDelay(1, 0.5), milliseconds(2000));
        QCOMPARE(NotificationChannel::retryDelay(8, 0.5), milliseconds(256'000));
        QCOMPARE(NotificationChannel::retryDelay(9, 0.5), milliseconds(300'000));
        QCOMPARE(NotificationChannel::retryDelay(30, 0.5), milliseconds(300'000));
        QCOMPARE(NotificationChannel::retryDelay(1000, 0.0), milliseconds(150'000));
        QCOMPARE(NotificationChannel::retryDelay(1000, 1.0), milliseconds(450'000));
    }
};

QTEST_GUILESS_MAIN(TestAgentCommands)
#include "tst_agent_commands.moc"

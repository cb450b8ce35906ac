// Blocking and unblocking a vehicle (DESIGN.md: Accepted → Blocked, and back) end to end with the
// real ServerRuntime over loopback TLS: the vehicle's open notification channel is closed at once
// with 4003 "blocked", its sessions, registrations and channel upgrades get 403, and unblocking lets
// the same token work again. The vehicle is played by hand (tests/CommandTestSupport.h), its channel
// is the agent's own WebSocket client and NotificationChannel (agent/), and the REST routes are
// called with real user sessions so that the role checks are the ones operators meet.
#include "agent/commands/NotificationChannel.h"
#include "agent/net/AsioRuntime.h"
#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/auth/UserService.h"
#include "server/commands/CommandService.h"
#include "server/dm/NotifyHub.h"
#include "server/store/Database.h"
#include "server/store/UpdateRepositories.h"
#include "server/updates/UpdateEngine.h"
#include "tests/ApiTestSupport.h"
#include "tests/CommandTestSupport.h"
#include "tests/ReleaseTestSupport.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtTest>

#include <future>
#include <memory>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace flotilla;
using server::campaigns::Actor;
using server::campaigns::Role;

namespace {

constexpr int WaitMs = 60'000; // generous: the machine is shared; nothing here asserts speed
const Actor Engineer{u"erin"_s, Role::Engineer};
const Actor Viewer{u"vera"_s, Role::Viewer};
const Actor Approver{u"april"_s, Role::Approver};
const Actor Admin{u"ada"_s, Role::Admin};

// What one WebSocket reported, from the lane thread.
class Probe
{
public:
    void opened()
    {
        const std::lock_guard lock(m_mutex);
        ++m_opened;
    }
    void closed(agent::net::WebSocketClose close)
    {
        const std::lock_guard lock(m_mutex);
        m_closes.append(std::move(close));
    }
    int openCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_opened;
    }
    qsizetype closeCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_closes.size();
    }
    agent::net::WebSocketClose lastClose() const
    {
        const std::lock_guard lock(m_mutex);
        return m_closes.value(m_closes.size() - 1);
    }

private:
    mutable std::mutex m_mutex;
    int m_opened = 0;
    QList<agent::net::WebSocketClose> m_closes;
};

QJsonObject jsonOf(const test::RawResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

class TestVehicleBlock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void blockClosesTheChannelAndRefusesTheVehicle();
    void unblockLetsTheSameTokenWorkAgain();
    void rolesReasonsAndStates();
    void restRoutesCheckTheCallersRole();
    void agentChannelBacksOffWhileBlockedAndReturns();
    void successfulWipeEndsTheEnrolment();

private:
    test::HandVehicle newVehicle();
    // Opens a channel with the vehicle's token on the lane; the client lives until cleanup().
    std::shared_ptr<Probe> openChannel(const test::HandVehicle &vehicle);
    qint64 vehicleId(const QString &vin);
    store::VehicleState stateOf(const QString &vin);
    std::optional<store::EventRecord> newestEvent(const QString &vin, const QString &kind);
    test::RawResponse api(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                          const QJsonObject &body = {});
    template<typename F>
    auto onLane(F &&work) -> decltype(work())
    {
        std::packaged_task<decltype(work())()> task(std::forward<F>(work));
        auto result = task.get_future();
        m_lanes->lane(0).post([&task] { task(); });
        return result.get();
    }
    server::dm::NotifyHub &hub() { return m_runtime->fleet().notifyHub(); }

    QTemporaryDir m_dir;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::unique_ptr<agent::net::Runtime> m_lanes;
    std::vector<std::unique_ptr<agent::net::WebSocketClient>> m_sockets;
    std::unique_ptr<agent::NotificationChannel> m_channel;
    int m_vehicles = 0;
};

void TestVehicleBlock::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_runtime = test::startApiTestRuntime(m_dir.filePath(u"server"_s));
    QVERIFY(m_runtime);
    m_lanes = std::make_unique<agent::net::Runtime>(1);
}

void TestVehicleBlock::cleanupTestCase()
{
    m_lanes.reset();
    m_runtime.reset();
}

void TestVehicleBlock::cleanup()
{
    onLane([this] {
        m_channel.reset();
        m_sockets.clear();
        return 0;
    });
}

test::HandVehicle TestVehicleBlock::newVehicle()
{
    const int n = ++m_vehicles;
    test::HandVehicle vehicle(*m_runtime, u"TSTBLKCAR%1"_s.arg(n, 8, 10, QChar(u'0')), u"BLOCK-DEV-%1"_s.arg(n));
    // The first session (the full inventory read) out of the way, so later ones are plain check-ins.
    if (!vehicle.token.isEmpty() && vehicle.reply(vehicle.checkIn(), vehicle.answers()) != 200)
        qWarning("first session of %s failed", qPrintable(vehicle.vin));
    return vehicle;
}

std::shared_ptr<Probe> TestVehicleBlock::openChannel(const test::HandVehicle &vehicle)
{
    auto probe = std::make_shared<Probe>();
    agent::net::WebSocketOptions options;
    options.headers = {
        {"Token", vehicle.token}, {"VIN", vehicle.vin.toLatin1()}, {"OMADM-DevID", vehicle.devId.toLatin1()}};
    agent::net::TlsOptions tls;
    tls.caPem = m_runtime->caCertificatePem();
    onLane([&] {
        auto socket = m_lanes->lane(0).createWebSocket(u"127.0.0.1"_s, m_runtime->devicePort(), tls);
        socket->open(
            std::move(options), [probe] { probe->opened(); }, [](QByteArray) {},
            [probe](agent::net::WebSocketClose close) { probe->closed(std::move(close)); });
        m_sockets.push_back(std::move(socket));
        return 0;
    });
    return probe;
}

qint64 TestVehicleBlock::vehicleId(const QString &vin)
{
    auto vehicles = m_runtime->fleet().vehiclesByVin({vin});
    return vehicles && !vehicles->isEmpty() ? vehicles->first().id : 0;
}

store::VehicleState TestVehicleBlock::stateOf(const QString &vin)
{
    auto details = m_runtime->fleet().vehicle(vin);
    return details ? details->vehicle.state : store::VehicleState::Pending;
}

std::optional<store::EventRecord> TestVehicleBlock::newestEvent(const QString &vin, const QString &kind)
{
    auto events = m_runtime->fleet().events(0, 1000, vin);
    if (!events)
        return std::nullopt;
    std::optional<store::EventRecord> newest;
    for (const store::EventRecord &event : *events) {
        if (event.kind == kind && (!newest || event.id > newest->id))
            newest = event;
    }
    return newest;
}

test::RawResponse TestVehicleBlock::api(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                                        const QJsonObject &body)
{
    test::RawTlsClient client(m_runtime->caCertificatePem());
    if (!client.connectTo(u"127.0.0.1"_s, m_runtime->apiPort()))
        return {};
    QList<std::pair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + token}};
    QByteArray bytes;
    if (!body.isEmpty()) {
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
        bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    return client.request(method, target, headers, bytes);
}

void TestVehicleBlock::blockClosesTheChannelAndRefusesTheVehicle()
{
    const test::HandVehicle car = newVehicle();
    QVERIFY(!car.token.isEmpty());
    const qint64 id = vehicleId(car.vin);
    const auto channel = openChannel(car);
    QTRY_COMPARE_WITH_TIMEOUT(channel->openCount(), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hub().isOnline(id), WaitMs);
    QSignalSpy offline(&m_runtime->fleet().eventBus(), &server::EventBus::channelsChanged);

    auto blocked = m_runtime->fleet().blockVehicle(car.vin.toLower(), Engineer, u"  reported stolen  "_s);
    QVERIFY2(blocked, qPrintable(blocked.errorString()));
    QVERIFY(blocked->state == store::VehicleState::Blocked);
    QCOMPARE(blocked->vin, car.vin);

    // The channel is closed now, with the code the contract names, not at the vehicle's next upgrade.
    QVERIFY(!hub().isOnline(id)); // gone from the hub before blockVehicle returned
    QTRY_COMPARE_WITH_TIMEOUT(channel->closeCount(), 1, WaitMs);
    QCOMPARE(channel->lastClose().code, server::dm::NotifyHub::CloseRevoked);
    QCOMPARE(channel->lastClose().code, 4003);
    QCOMPARE(channel->lastClose().reason, u"blocked"_s);
    QTRY_VERIFY_WITH_TIMEOUT(offline.size() >= 1, WaitMs);
    QCOMPARE(offline.last().first().toStringList(), QStringList{car.vin});

    // Everything the vehicle does now is refused with 403 and changes nothing.
    const QByteArray checkIn = R"({"MOS":[],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})";
    QCOMPARE(car.send("POST", "/dm", car.headers(), checkIn).status, 403);
    const auto again = openChannel(car);
    QTRY_COMPARE_WITH_TIMEOUT(again->closeCount(), 1, WaitMs);
    QCOMPARE(again->openCount(), 0);
    QCOMPARE(again->lastClose().httpStatus, 403);
    QVERIFY(!hub().isOnline(id));
    QCOMPARE(test::registerVehicle(*m_runtime, car.vin, car.devId,
                                   omadm::registrationProof(m_runtime->fleet().enrollmentKey(), car.vin, car.devId)),
             403);
    QVERIFY(stateOf(car.vin) == store::VehicleState::Blocked);

    // The audit trail: who, why, and the state it came from.
    const auto event = newestEvent(car.vin, u"vehicle.blocked"_s);
    QVERIFY(event.has_value());
    QCOMPARE(event->actor, Engineer.name);
    QCOMPARE(event->data.value(u"reason"_s).toString(), u"reported stolen"_s);
    QCOMPARE(event->data.value(u"previousState"_s).toString(), u"accepted"_s);
    QVERIFY2(event->summary.contains(u"reported stolen"_s), qPrintable(event->summary));
    auto status = m_runtime->fleet().status();
    QVERIFY(status);
    QVERIFY(status->blocked >= 1);
    // A blocked vehicle takes no commands either.
    server::commands::SendRequest lock;
    lock.operation = server::commands::Operation::Lock;
    auto refused = m_runtime->fleet().commands().send(car.vin, lock, Engineer);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, 409);
}

void TestVehicleBlock::unblockLetsTheSameTokenWorkAgain()
{
    const test::HandVehicle car = newVehicle();
    QVERIFY(!car.token.isEmpty());
    QVERIFY(m_runtime->fleet().blockVehicle(car.vin, Admin, u"audit"_s));
    QCOMPARE(car.send("POST", "/dm", car.headers(),
                      R"({"MOS":[],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})")
                 .status,
             403);

    auto unblocked = m_runtime->fleet().unblockVehicle(car.vin, Engineer, u"found"_s);
    QVERIFY2(unblocked, qPrintable(unblocked.errorString()));
    QVERIFY(unblocked->state == store::VehicleState::Accepted);
    // The token was never revoked: sessions and the channel work again without a new registration.
    QCOMPARE(car.reply(car.checkIn(), car.answers()), 200);
    const auto channel = openChannel(car);
    QTRY_COMPARE_WITH_TIMEOUT(channel->openCount(), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hub().isOnline(vehicleId(car.vin)), WaitMs);
    const auto event = newestEvent(car.vin, u"vehicle.unblocked"_s);
    QVERIFY(event.has_value());
    QCOMPARE(event->actor, Engineer.name);
    QCOMPARE(event->data.value(u"reason"_s).toString(), u"found"_s);
    QCOMPARE(event->data.value(u"previousState"_s).toString(), u"blocked"_s);
    // Commands reach it again.
    server::commands::SendRequest lock;
    lock.operation = server::commands::Operation::Lock;
    QVERIFY(m_runtime->fleet().commands().send(car.vin, lock, Engineer));
}

void TestVehicleBlock::rolesReasonsAndStates()
{
    const test::HandVehicle car = newVehicle();
    server::FleetService &fleet = m_runtime->fleet();
    // Registration decisions and blocking share the manage-vehicles permission: engineers and admins.
    for (const Actor &actor : {Viewer, Approver}) {
        auto refused = fleet.blockVehicle(car.vin, actor, u"no"_s);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, 403);
        QVERIFY2(refused.errorString().contains(actor.name), qPrintable(refused.errorString()));
    }
    QVERIFY(!newestEvent(car.vin, u"vehicle.blocked"_s).has_value());
    auto noReason = fleet.blockVehicle(car.vin, Admin, u"   "_s);
    QVERIFY(!noReason);
    QCOMPARE(noReason.error().code, 422);
    auto longReason = fleet.blockVehicle(car.vin, Admin, QString(1001, u'x'));
    QVERIFY(!longReason);
    QCOMPARE(longReason.error().code, 422);
    auto unknown = fleet.blockVehicle(u"TSTBLKUNKNWN00001"_s, Admin, u"why"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, 404);
    auto notBlocked = fleet.unblockVehicle(car.vin, Admin);
    QVERIFY(!notBlocked);
    QCOMPARE(notBlocked.error().code, 409);
    QVERIFY(stateOf(car.vin) == store::VehicleState::Accepted);

    QVERIFY(fleet.blockVehicle(car.vin, Admin, u"first"_s));
    auto twice = fleet.blockVehicle(car.vin, Admin, u"second"_s);
    QVERIFY(!twice);
    QCOMPARE(twice.error().code, 409);
    auto viewerUnblock = fleet.unblockVehicle(car.vin, Viewer);
    QVERIFY(!viewerUnblock);
    QCOMPARE(viewerUnblock.error().code, 403);
    QVERIFY(stateOf(car.vin) == store::VehicleState::Blocked);

    // A vehicle waiting for an operator is rejected, not blocked.
    const QString pendingVin = u"TSTBLKPENDNG00001"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, pendingVin, u"BLOCK-PENDING"_s), 202);
    auto pending = fleet.blockVehicle(pendingVin, Admin, u"why"_s);
    QVERIFY(!pending);
    QCOMPARE(pending.error().code, 409);
    QVERIFY(stateOf(pendingVin) == store::VehicleState::Pending);
}

void TestVehicleBlock::restRoutesCheckTheCallersRole()
{
    const test::HandVehicle car = newVehicle();
    auto &users = m_runtime->fleet().users();
    const QString password = u"a long enough password 1"_s;
    QVERIFY(users.createUser(u"root"_s, {}, Role::Admin, password, Actor{u"setup"_s, Role::Admin}));
    QVERIFY(users.createUser(u"vic"_s, {}, Role::Viewer, password, Actor{u"root"_s, Role::Admin}));
    QVERIFY(users.createUser(u"eve"_s, {}, Role::Engineer, password, Actor{u"root"_s, Role::Admin}));
    auto viewer = users.login(u"vic"_s, password);
    auto engineer = users.login(u"eve"_s, password);
    QVERIFY(viewer && engineer);
    const QByteArray path = "/api/v1/vehicles/" + car.vin.toLatin1();

    test::RawResponse response = api("POST", path + "/block", viewer->token.toLatin1(), {{u"reason"_s, u"x"_s}});
    QCOMPARE(response.status, 403);
    QVERIFY(stateOf(car.vin) == store::VehicleState::Accepted);
    response = api("POST", path + "/block", engineer->token.toLatin1(), {});
    QCOMPARE(response.status, 422); // no reason
    response = api("POST", path + "/block", engineer->token.toLatin1(), {{u"reason"_s, u"x"_s}, {u"color"_s, 1}});
    QCOMPARE(response.status, 400); // unknown body member

    // The actor is the logged-in user, whatever the body says.
    response = api("POST", path + "/block", engineer->token.toLatin1(),
                   {{u"reason"_s, u"stolen"_s}, {u"actor"_s, u"someone-else"_s}});
    QCOMPARE(response.status, 200);
    QCOMPARE(jsonOf(response).value(u"vehicle"_s).toObject().value(u"state"_s).toString(), u"blocked"_s);
    QCOMPARE(newestEvent(car.vin, u"vehicle.blocked"_s)->actor, u"eve"_s);
    response = api("POST", path + "/block", engineer->token.toLatin1(), {{u"reason"_s, u"again"_s}});
    QCOMPARE(response.status, 409);
    response = api("GET", "/api/v1/vehicles?state=blocked", viewer->token.toLatin1());
    QCOMPARE(response.status, 200);
    QStringList blockedVins;
    for (const QJsonValue &vehicle : jsonOf(response).value(u"vehicles"_s).toArray())
        blockedVins.append(vehicle.toObject().value(u"vin"_s).toString());
    QVERIFY(blockedVins.contains(car.vin));

    response = api("POST", path + "/unblock", viewer->token.toLatin1());
    QCOMPARE(response.status, 403);
    // The local admin token (scripts on the server machine) may name the actor.
    response = api("POST", path + "/unblock", m_runtime->apiToken().toUtf8(), {{u"actor"_s, u"night-shift"_s}});
    QCOMPARE(response.status, 200);
    QCOMPARE(jsonOf(response).value(u"vehicle"_s).toObject().value(u"state"_s).toString(), u"accepted"_s);
    QCOMPARE(newestEvent(car.vin, u"vehicle.unblocked"_s)->actor, u"night-shift"_s);
    QCOMPARE(
        api("POST", "/api/v1/vehicles/TSTBLKUNKNWN00002/block", engineer->token.toLatin1(), {{u"reason"_s, u"x"_s}})
            .status,
        404);
}

void TestVehicleBlock::agentChannelBacksOffWhileBlockedAndReturns()
{
    // The vehicle's own channel (agent/commands/NotificationChannel): after the 4003 close it keeps
    // trying with its jittered back-off (1 s doubling), gets 403 while blocked (not treated as a stale
    // token, which would make the agent register again), and comes back by itself once unblocked.
    const test::HandVehicle car = newVehicle();
    const qint64 id = vehicleId(car.vin);
    // Written on the lane, read here; shared because the channel outlives this function (cleanup()).
    struct Log
    {
        std::mutex mutex;
        int opens = 0;
        int unauthorized = 0;
        QStringList closes; // lastCloseReason() at each close
    };
    auto log = std::make_shared<Log>();
    onLane([&] {
        agent::NotificationChannel::Callbacks callbacks;
        callbacks.openChanged = [this, log](bool open) {
            const std::lock_guard lock(log->mutex);
            if (open)
                ++log->opens;
            else
                log->closes.append(m_channel->lastCloseReason());
        };
        callbacks.unauthorized = [log] {
            const std::lock_guard lock(log->mutex);
            ++log->unauthorized;
        };
        m_channel = std::make_unique<agent::NotificationChannel>(m_lanes->lane(0), std::move(callbacks));
        const QString uri = u"wss://127.0.0.1:%1/dm/notify"_s.arg(m_runtime->devicePort());
        if (auto s = m_channel->start(
                uri, m_runtime->caCertificatePem(),
                {{"Token", car.token}, {"VIN", car.vin.toLatin1()}, {"OMADM-DevID", car.devId.toLatin1()}});
            !s)
            qWarning("start: %s", qPrintable(s.errorString()));
        return 0;
    });
    auto opens = [log] {
        const std::lock_guard lock(log->mutex);
        return log->opens;
    };
    auto closes = [log] {
        const std::lock_guard lock(log->mutex);
        return log->closes;
    };
    QTRY_COMPARE_WITH_TIMEOUT(opens(), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hub().isOnline(id), WaitMs);

    QVERIFY(m_runtime->fleet().blockVehicle(car.vin, Admin, u"lost key"_s));
    QTRY_COMPARE_WITH_TIMEOUT(closes(), QStringList{u"4003 blocked"_s}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(onLane([&] { return m_channel->lastCloseReason(); }), u"upgrade refused: 403"_s, WaitMs);
    QVERIFY(onLane([&] { return m_channel->isStarted() && !m_channel->isOpen(); }));
    {
        const std::lock_guard lock(log->mutex);
        QCOMPARE(log->unauthorized, 0);
        QCOMPARE(log->opens, 1);
    }

    QVERIFY(m_runtime->fleet().unblockVehicle(car.vin, Admin));
    QTRY_COMPARE_WITH_TIMEOUT(opens(), 2, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hub().isOnline(id), WaitMs);
    QCOMPARE(onLane([&] { return m_channel->stats().connects; }), quint64(2));
}

void TestVehicleBlock::successfulWipeEndsTheEnrolment()
{
    const test::HandVehicle car = newVehicle();
    const qint64 id = vehicleId(car.vin);
    const auto channel = openChannel(car);
    QTRY_COMPARE_WITH_TIMEOUT(channel->openCount(), 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(hub().isOnline(id), WaitMs);
    auto &commands = m_runtime->fleet().commands();
    auto deliverAndAnswer = [&](server::commands::Operation operation, int execStatus) {
        server::commands::SendRequest request;
        request.operation = operation;
        request.confirmVin = car.vin;
        auto sent = commands.send(car.vin, request, Admin);
        if (!sent) {
            qWarning("send: %s", qPrintable(sent.errorString()));
            return server::commands::CommandRecord{};
        }
        const QList<omadm::Command> package = car.checkIn();
        if (car.reply(package, car.answers(execStatus)) != 200)
            qWarning("package #3 of %s refused", qPrintable(toString(operation)));
        auto done = commands.command(sent->id);
        return done && done->has_value() ? **done : server::commands::CommandRecord{};
    };

    // A refused Wipe and a successful factory reset leave the enrolment as it is.
    QVERIFY(deliverAndAnswer(server::commands::Operation::Wipe, 409).state == server::commands::CommandState::Refused);
    QVERIFY(deliverAndAnswer(server::commands::Operation::FactoryReset, 1200).state ==
            server::commands::CommandState::Succeeded);
    QVERIFY(stateOf(car.vin) == store::VehicleState::Accepted);
    QVERIFY(hub().isOnline(id));
    QCOMPARE(channel->closeCount(), 0);

    // An update job the vehicle has not started (written to the store as a campaign would leave it,
    // through a second connection to the same SQLite file) must not keep its campaign waiting.
    test::SyntheticRelease release;
    release.version = u"9.0.0"_s;
    release.hwId = u"blk-gw-hw"_s;
    const qint64 releaseId =
        test::importSyntheticRelease(m_runtime->fleet().releases(), m_dir.filePath(u"release-wipe"_s), release);
    QVERIFY(releaseId > 0);
    qint64 jobId = 0;
    {
        store::DatabaseOptions options;
        options.path = m_dir.filePath(u"server/flotilla.db"_s);
        auto database = store::Database::open(options);
        QVERIFY2(database, qPrintable(database.errorString()));
        store::UpdateJobRecord job;
        job.vehicleId = id;
        job.releaseId = releaseId;
        job.state = store::JobState::Queued;
        job.createdBy = u"campaign"_s;
        job.createdAtMs = job.updatedAtMs = QDateTime::currentMSecsSinceEpoch();
        auto inserted = store::UpdateJobRepository((*database)->connection()).insert(job);
        QVERIFY2(inserted, qPrintable(inserted.errorString()));
        jobId = *inserted;
    }

    // The success is recorded with the state change in one transaction, and the channel goes at once.
    const server::commands::CommandRecord wipe = deliverAndAnswer(server::commands::Operation::Wipe, 1201);
    QVERIFY2(wipe.state == server::commands::CommandState::Succeeded, qPrintable(toString(wipe.state)));
    QVERIFY(stateOf(car.vin) == store::VehicleState::Wiped);
    QVERIFY(!hub().isOnline(id));
    QTRY_COMPARE_WITH_TIMEOUT(channel->closeCount(), 1, WaitMs);
    QCOMPARE(channel->lastClose().code, 4003);
    QCOMPARE(channel->lastClose().reason, u"wiped"_s);
    const auto event = newestEvent(car.vin, u"vehicle.wiped"_s);
    QVERIFY(event.has_value());
    QCOMPARE(event->actor, Admin.name);
    QCOMPARE(event->data.value(u"command"_s).toInteger(), wipe.id);
    const auto job = m_runtime->fleet().updates().job(jobId);
    QVERIFY(job && job->has_value());
    QCOMPARE(store::toString((*job)->state), u"cancelled"_s);
    QCOMPARE((*job)->reason, u"the vehicle was wiped"_s);

    // From now on the vehicle is refused, and a wiped vehicle cannot be unblocked back into the fleet.
    QCOMPARE(car.send("POST", "/dm", car.headers(),
                      R"({"MOS":[],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]})")
                 .status,
             403);
    const auto again = openChannel(car);
    QTRY_COMPARE_WITH_TIMEOUT(again->closeCount(), 1, WaitMs);
    QCOMPARE(again->lastClose().httpStatus, 403);
    auto unblock = m_runtime->fleet().unblockVehicle(car.vin, Admin);
    QVERIFY(!unblock);
    QCOMPARE(unblock.error().code, 409);
    auto block = m_runtime->fleet().blockVehicle(car.vin, Admin, u"why"_s);
    QVERIFY(!block);
    QCOMPARE(block.error().code, 409);
}

QTEST_GUILESS_MAIN(TestVehicleBlock)
#include "tst_vehicle_block.moc"

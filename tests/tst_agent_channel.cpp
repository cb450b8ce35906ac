// The vehicle agent's notification channel and remote commands against the real server over
// loopback TLS (docs/agent.md "Remote commands", "Notification channel"): a notification brings a
// queued command at once although the vehicle polls hourly; a lost reply is retried soon and the
// command runs once; the channel comes back after a server restart; without a channel commands
// wait for the poll; async answers. Every vehicle is its own Fleet of one with its own folder.
#include "agent/Fleet.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/commands/CommandService.h"
#include "tests/support/TestSupport.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::server::commands;

namespace {

constexpr int WaitMs = 90'000; // generous: the machine is shared; nothing here asserts speed
const server::campaigns::Actor Operator{u"operator"_s, server::campaigns::Role::Admin};

} // namespace

class TestAgentChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_config.dataDir = m_dir.filePath(u"server"_s);
        m_config.deviceListen = u"127.0.0.1:0"_s;
        m_config.apiListen = u"127.0.0.1:0"_s;
        m_config.pollSeconds = 3600;
        auto runtime = server::ServerRuntime::start(m_config);
        QVERIFY2(runtime, qPrintable(runtime.errorString()));
        m_runtime = std::move(*runtime);
        // A restart keeps the ports the agents know.
        m_config.deviceListen = u"127.0.0.1:%1"_s.arg(m_runtime->devicePort());
        m_config.apiListen = u"127.0.0.1:%1"_s.arg(m_runtime->apiPort());
    }
    void cleanupTestCase()
    {
        m_fleets.clear();
        m_runtime.reset();
    }

    void notificationBringsTheCommandAtOnce()
    {
        agent::Fleet &fleet = addVehicle({});
        QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().channelsOpen, 1, WaitMs);
        // The vehicle polls hourly: only the notification can make it come for the command now.
        const quint64 sessions = fleet.stats().sessions;
        const CommandRecord lock = send(fleet, Operation::Unlock);
        QVERIFY(waitFinished(lock.id));
        const CommandRecord done = record(lock.id);
        QCOMPARE(toString(done.state), u"succeeded"_s);
        QCOMPARE(done.resultCode, 200);
        QCOMPARE(done.deliveries, 1);
        QCOMPARE(done.result.value(u"Status"_s).toObject().value(u"Locked"_s).toBool(), false);
        QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().sessions > sessions, WaitMs); // counted once it got its END

        // A refusal comes back with the vehicle's reason.
        const CommandRecord start = send(fleet, Operation::EngineStart);
        QVERIFY(waitFinished(start.id));
        QCOMPARE(toString(record(start.id).state), u"refused"_s);
        QCOMPARE(record(start.id).reason, u"doors are unlocked"_s);
    }

    void lostReplyRunsOnce()
    {
        agent::CommandOptions commands;
        commands.dropReplyOnce = true;
        agent::Fleet &fleet = addVehicle(commands);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().channelsOpen, 1, WaitMs);
        const quint64 failed = fleet.stats().failedSessions;
        const CommandRecord horn = send(fleet, Operation::HornLights);
        // The package #3 with its result never went out; the vehicle retries soon (not at its
        // hourly poll) and answers from its command log.
        QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().failedSessions > failed, WaitMs);
        QVERIFY(waitFinished(horn.id));
        QCOMPARE(toString(record(horn.id).state), u"succeeded"_s);
        QCOMPARE(record(horn.id).resultCode, 200);
        // The horn sounded once: the next HornLights reads a count of 2.
        const CommandRecord again = send(fleet, Operation::HornLights);
        QVERIFY(waitFinished(again.id));
        QCOMPARE(toString(record(again.id).state), u"succeeded"_s);
        QCOMPARE(record(again.id).result.value(u"Status"_s).toObject().value(u"HornLightsCount"_s).toInt(), 2);
    }

    void asyncAnswersFinishWithTheirAlert()
    {
        agent::CommandOptions commands;
        commands.asyncOperations = agent::CommandOptions::defaultAsyncOperations();
        commands.asyncDelay = std::chrono::milliseconds(200);
        agent::Fleet &fleet = addVehicle(commands);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().channelsOpen, 1, WaitMs);
        const CommandRecord locate = send(fleet, Operation::Locate);
        QVERIFY(waitFinished(locate.id));
        const CommandRecord done = record(locate.id);
        QCOMPARE(toString(done.state), u"succeeded"_s);
        QCOMPARE(done.resultCode, 200);
        QVERIFY2(done.result.value(u"Location"_s).toObject().contains(u"Lat"_s),
                 qPrintable(QString::fromUtf8(QJsonDocument(done.result).toJson(QJsonDocument::Compact))));
    }

    void withoutChannelCommandsWaitForThePoll()
    {
        agent::Fleet &fleet = addVehicle({}, false, 2);
        QTRY_VERIFY_WITH_TIMEOUT(fleet.stats().sessions >= 2, WaitMs); // polling
        QCOMPARE(fleet.stats().channelsOpen, 0);
        const CommandRecord lock = send(fleet, Operation::Lock);
        QVERIFY(waitFinished(lock.id));
        QCOMPARE(toString(record(lock.id).state), u"succeeded"_s);
    }

    void channelComesBackAfterServerRestart()
    {
        agent::Fleet &fleet = addVehicle({});
        QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().channelsOpen, 1, WaitMs);
        m_runtime.reset();
        QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().channelsOpen, 0, WaitMs);
        auto runtime = server::ServerRuntime::start(m_config);
        QVERIFY2(runtime, qPrintable(runtime.errorString()));
        m_runtime = std::move(*runtime);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.stats().channelsOpen, 1, WaitMs);
        const CommandRecord horn = send(fleet, Operation::HornLights);
        QVERIFY(waitFinished(horn.id));
        QCOMPARE(toString(record(horn.id).state), u"succeeded"_s);
    }

private:
    agent::Fleet &addVehicle(const agent::CommandOptions &commands, bool channel = true, int pollSeconds = 3600)
    {
        const int n = ++m_vehicles;
        agent::VehicleProfile profile = agent::FleetCatalog(11).vehicle(n);
        agent::FleetOptions options;
        options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->devicePort());
        options.caPem = m_runtime->caCertificatePem();
        options.enrollmentKey = m_runtime->fleet().enrollmentKey();
        options.size = 1;
        options.singleProfile = profile;
        options.dataDir = m_dir.filePath(u"vehicle-%1"_s.arg(n));
        options.pollSecondsOverride = pollSeconds;
        options.registrationRetrySeconds = 1;
        options.startNow = true;
        options.lanes = 1;
        options.commands = commands;
        options.notificationChannel = channel;
        auto fleet = std::make_unique<agent::Fleet>(options);
        const Status started = fleet->start();
        if (!started)
            qWarning().noquote() << started.errorString();
        m_fleets.push_back(std::move(fleet));
        agent::Fleet &added = *m_fleets.back();
        // Registered and checked in once: the server knows the MOs it announced.
        if (!QTest::qWaitFor([&] { return added.stats().sessions >= 1; }, WaitMs))
            qWarning() << "vehicle" << n << "did not check in";
        return added;
    }

    CommandRecord send(agent::Fleet &fleet, Operation operation, QJsonObject arguments = {})
    {
        SendRequest request;
        request.operation = operation;
        request.arguments = std::move(arguments);
        request.expiryMs = 10 * 60 * 1000; // never the reason a case passes or fails
        auto sent = m_runtime->fleet().commands().send(fleet.vins().first(), request, Operator);
        if (!sent) {
            qWarning().noquote() << "send:" << sent.errorString();
            return {};
        }
        return *sent;
    }

    CommandRecord record(qint64 id)
    {
        auto found = m_runtime->fleet().commands().command(id);
        return found && found->has_value() ? **found : CommandRecord{};
    }

    bool waitFinished(qint64 id)
    {
        return id > 0 && QTest::qWaitFor([&] { return isFinished(record(id).state); }, WaitMs);
    }

    QTemporaryDir m_dir;
    server::ServerConfig m_config;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::vector<std::unique_ptr<agent::Fleet>> m_fleets;
    int m_vehicles = 0;
};

QTEST_GUILESS_MAIN(TestAgentChannel)
#include "tst_agent_channel.moc"

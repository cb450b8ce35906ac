// Remote commands through the management API and `flotillactl command ...` against a real
// ServerRuntime over loopback TLS; the vehicle is played by hand (tests/CommandTestSupport.h) so
// that the test decides what it answers. send --wait follows a command to success (exit 0) and to
// a refusal (exit 1, with the vehicle's reason); status, list, bulk and cancel print what the API
// says; roles and the destructive confirmation are refused with the server's message (exit 1);
// usage errors exit 2 before anything is sent.
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/commands/CommandService.h"
#include "tests/CommandTestSupport.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

constexpr int WaitMs = 120'000; // generous: the machine is shared; nothing here asserts speed
const QString EngineerPassword = u"eve's password 1"_s;
const QString ViewerPassword = u"vic's password 1"_s;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QString all() const { return out + u"\n--- stderr ---\n"_s + err; }
};

// The value of a "Key:  value" line.
QString field(const QString &text, const QString &key)
{
    const QRegularExpressionMatch match = QRegularExpression(u"^"_s + QRegularExpression::escape(key) + u":\\s+(.*)$"_s,
                                                             QRegularExpression::MultilineOption)
                                              .match(text);
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

} // namespace

class TestCommandApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void refusalsExit1_data();
    void refusalsExit1();
    void sendWaitFollowsToSuccess();
    void sendWaitEndsWithTheRefusal();
    void statusListAndCancel();
    void bulkPrintsPerVehicle();

private:
    QProcessEnvironment environment(const QString &identity) const;
    QProcess *start(const QStringList &arguments, const QString &identity = {},
                    const QHash<QString, QString> &extra = {});
    Run finish(QProcess *process, const QStringList &arguments);
    Run run(const QStringList &arguments, const QString &identity = {}, const QHash<QString, QString> &extra = {});
    // The vehicle's newest command, once the server has it.
    std::optional<server::commands::CommandRecord> newestCommand(const QString &vin);

    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    test::HandVehicle m_vehicle;
    test::HandVehicle m_second;
};

void TestCommandApi::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(FLOTILLACTL_PATH)));
    QVERIFY(m_dir.isValid() && m_home.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.filePath(u"server"_s);
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    m_vehicle = test::HandVehicle(*m_runtime, u"TSTCLXCMD00000001"_s, u"CLI-DEV-1"_s);
    m_second = test::HandVehicle(*m_runtime, u"TSTCLXCMD00000002"_s, u"CLI-DEV-2"_s);
    QVERIFY(!m_vehicle.token.isEmpty() && !m_second.token.isEmpty());
    // First sessions (the full inventory read) out of the way.
    for (const test::HandVehicle *vehicle : {&m_vehicle, &m_second})
        QCOMPARE(vehicle->reply(vehicle->checkIn(), vehicle->answers()), 200);

    // An engineer and a viewer, each logged in with flotillactl in their own config folder. The
    // first account must be an administrator.
    const Run admin = run({u"users"_s, u"add"_s, u"root-admin"_s, u"--role"_s, u"admin"_s}, {},
                          {{u"FLOTILLA_NEW_PASSWORD"_s, u"admin password 1"_s}});
    QVERIFY2(admin.exitCode == 0, qPrintable(admin.all()));
    for (const auto &[name, role, password] :
         {std::tuple{u"eve"_s, u"engineer"_s, EngineerPassword}, std::tuple{u"vic"_s, u"viewer"_s, ViewerPassword}}) {
        const Run added =
            run({u"users"_s, u"add"_s, name, u"--role"_s, role}, {}, {{u"FLOTILLA_NEW_PASSWORD"_s, password}});
        QVERIFY2(added.exitCode == 0, qPrintable(added.all()));
        const Run login = run({u"login"_s, name}, name, {{u"FLOTILLA_PASSWORD"_s, password}});
        QVERIFY2(login.exitCode == 0, qPrintable(login.all()));
    }
}

void TestCommandApi::cleanupTestCase()
{
    m_runtime.reset();
}

QProcessEnvironment TestCommandApi::environment(const QString &identity) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(u"FLOTILLA_"))
            env.remove(name);
    }
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"share"_s));
    // Each identity keeps its login session in its own config folder; the local admin has none.
    env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config-"_s + (identity.isEmpty() ? u"local"_s : identity)));
    env.insert(u"USER"_s, u"tester"_s); // the operator's name with the local admin token
    return env;
}

QProcess *TestCommandApi::start(const QStringList &arguments, const QString &identity,
                                const QHash<QString, QString> &extra)
{
    QProcessEnvironment env = environment(identity);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        env.insert(it.key(), it.value());
    auto *process = new QProcess(this);
    process->setProcessEnvironment(env);
    process->setStandardInputFile(QProcess::nullDevice()); // not a terminal: never a prompt
    process->start(QStringLiteral(FLOTILLACTL_PATH), QStringList{u"--data-dir"_s, m_runtime->dataDir()} + arguments);
    return process;
}

Run TestCommandApi::finish(QProcess *process, const QStringList &arguments)
{
    Run result;
    if (!process->waitForFinished(WaitMs)) {
        process->kill();
        process->waitForFinished();
        qWarning("flotillactl %s did not finish", qPrintable(arguments.join(u' ')));
    } else {
        result.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }
    result.out = QString::fromUtf8(process->readAllStandardOutput());
    result.err = QString::fromUtf8(process->readAllStandardError());
    delete process;
    return result;
}

Run TestCommandApi::run(const QStringList &arguments, const QString &identity, const QHash<QString, QString> &extra)
{
    return finish(start(arguments, identity, extra), arguments);
}

std::optional<server::commands::CommandRecord> TestCommandApi::newestCommand(const QString &vin)
{
    auto list = m_runtime->fleet().commands().commandsForVehicle(vin, 1);
    if (!list || list->isEmpty())
        return std::nullopt;
    return list->first();
}

void TestCommandApi::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString vin = u"TSTCLXCMD00000001"_s;
    QTest::newRow("send without an operation") << QStringList{u"command"_s, u"send"_s, vin} << u"missing argument"_s;
    QTest::newRow("arg without =") << QStringList{u"command"_s,   u"send"_s,  vin,
                                                  u"ClimateOn"_s, u"--arg"_s, u"TargetC"_s}
                                   << u"KEY=VALUE"_s;
    QTest::newRow("expiry zero") << QStringList{u"command"_s, u"send"_s, vin, u"Lock"_s, u"--expiry"_s, u"0"_s}
                                 << u"--expiry"_s;
    QTest::newRow("expiry not a number") << QStringList{u"command"_s, u"send"_s,     vin,
                                                        u"Lock"_s,    u"--expiry"_s, u"soon"_s}
                                         << u"--expiry"_s;
    QTest::newRow("interval too small") << QStringList{u"command"_s, u"send"_s,       vin,   u"Lock"_s,
                                                       u"--wait"_s,  u"--interval"_s, u"0"_s}
                                        << u"--interval"_s;
    QTest::newRow("status not an id") << QStringList{u"command"_s, u"status"_s, u"abc"_s} << u"ID must be"_s;
    QTest::newRow("cancel not an id") << QStringList{u"command"_s, u"cancel"_s, u"0"_s} << u"ID must be"_s;
    QTest::newRow("bulk without vehicles") << QStringList{u"command"_s, u"bulk"_s, u"Lock"_s} << u"missing argument"_s;
    QTest::newRow("list limit") << QStringList{u"command"_s, u"list"_s, vin, u"--limit"_s, u"0"_s} << u"--limit"_s;
}

void TestCommandApi::usageErrorsExit2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto before = m_runtime->fleet().commands().commandsForVehicle(m_vehicle.vin, 1000);
    const Run result = run(arguments);
    QVERIFY2(result.exitCode == 2, qPrintable(result.all()));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QCOMPARE(m_runtime->fleet().commands().commandsForVehicle(m_vehicle.vin, 1000)->size(), before->size());
}

void TestCommandApi::refusalsExit1_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QString>("message");
    const QString vin = u"TSTCLXCMD00000001"_s;
    const QStringList send{u"command"_s, u"send"_s, vin};
    QTest::newRow("unknown operation") << send + QStringList{u"SelfDestruct"_s} << QString()
                                       << u"unknown 'SelfDestruct'"_s;
    QTest::newRow("temperature out of range")
        << send + QStringList{u"ClimateOn"_s, u"--arg"_s, u"TargetC=40"_s} << QString() << u"from 16 to 28"_s;
    QTest::newRow("argument an operation does not take")
        << send + QStringList{u"Lock"_s, u"--arg"_s, u"Force=1"_s} << QString() << u"takes no arguments"_s;
    QTest::newRow("wipe without confirmation")
        << send + QStringList{u"Wipe"_s} << QString() << u"confirm it by typing its VIN"_s;
    QTest::newRow("wipe with another VIN") << send + QStringList{u"Wipe"_s, u"--confirm"_s, u"TSTCLXCMD00000002"_s}
                                           << QString() << u"confirm it by typing its VIN"_s;
    QTest::newRow("unknown vehicle") << QStringList{u"command"_s, u"send"_s, u"NOSUCHVIN00000009"_s, u"Lock"_s}
                                     << QString() << u"No vehicle NOSUCHVIN00000009"_s;
    QTest::newRow("viewer") << send + QStringList{u"Lock"_s} << u"vic"_s << u"viewer"_s;
    QTest::newRow("engineer wipes") << send + QStringList{u"Wipe"_s, u"--confirm"_s, vin} << u"eve"_s
                                    << u"destructive-commands"_s;
    QTest::newRow("no such command") << QStringList{u"command"_s, u"status"_s, u"999999"_s} << QString()
                                     << u"No command 999999"_s;
    QTest::newRow("viewer cancels") << QStringList{u"command"_s, u"cancel"_s, u"1"_s} << u"vic"_s << u"viewer"_s;
}

void TestCommandApi::refusalsExit1()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, identity);
    QFETCH(QString, message);
    const Run result = run(arguments, identity);
    QVERIFY2(result.exitCode == 1, qPrintable(result.all()));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void TestCommandApi::sendWaitFollowsToSuccess()
{
    const QStringList arguments{u"command"_s,  u"send"_s, m_vehicle.vin, u"ClimateOn"_s,  u"--arg"_s, u"TargetC=21"_s,
                                u"--expiry"_s, u"300"_s,  u"--wait"_s,   u"--interval"_s, u"0.2"_s};
    QProcess *process = start(arguments, u"eve"_s);
    // The vehicle checks in once the command is queued, runs it and reports.
    QTRY_VERIFY_WITH_TIMEOUT(newestCommand(m_vehicle.vin) && newestCommand(m_vehicle.vin)->actor == u"eve"_s &&
                                 !server::commands::isFinished(newestCommand(m_vehicle.vin)->state),
                             WaitMs);
    const QList<omadm::Command> commands = m_vehicle.checkIn();
    QVERIFY(std::any_of(commands.cbegin(), commands.cend(),
                        [](const omadm::Command &c) { return c.params.value(0).endsWith(u"/ClimateOn"_s); }));
    QCOMPARE(m_vehicle.reply(commands, m_vehicle.answers(200)), 200);
    const Run result = finish(process, arguments);
    QVERIFY2(result.exitCode == 0, qPrintable(result.all()));
    QVERIFY2(result.err.contains(u"(ClimateOn, TSTCLXCMD00000001): succeeded 200"_s), qPrintable(result.err));
    QCOMPARE(field(result.out, u"State"_s), u"succeeded (final)"_s);
    QCOMPARE(field(result.out, u"Arguments"_s), u"{\"TargetC\":21}"_s);
    QCOMPARE(field(result.out, u"Sent by"_s), u"eve"_s);
    QVERIFY2(field(result.out, u"Result Status"_s).contains(u"\"Locked\":true"_s), qPrintable(result.out));

    // The same command as JSON, and in the vehicle's list.
    const QString id = QString::number(newestCommand(m_vehicle.vin)->id);
    const Run json = run({u"--json"_s, u"command"_s, u"status"_s, id});
    QVERIFY2(json.exitCode == 0, qPrintable(json.all()));
    QCOMPARE(json.json().value(u"state"_s).toString(), u"succeeded"_s);
    QCOMPARE(json.json().value(u"arguments"_s).toObject().value(u"TargetC"_s).toInt(), 21);
}

void TestCommandApi::sendWaitEndsWithTheRefusal()
{
    const QStringList arguments{u"command"_s, u"send"_s,       m_vehicle.vin, u"EngineStart"_s,
                                u"--wait"_s,  u"--interval"_s, u"0.2"_s};
    QProcess *process = start(arguments); // the local admin token, as $USER
    QTRY_VERIFY_WITH_TIMEOUT(newestCommand(m_vehicle.vin) &&
                                 newestCommand(m_vehicle.vin)->operation == server::commands::Operation::EngineStart,
                             WaitMs);
    const qint64 id = newestCommand(m_vehicle.vin)->id;
    const QList<omadm::Command> commands = m_vehicle.checkIn();
    QCOMPARE(m_vehicle.reply(commands, m_vehicle.answers(409),
                             QJsonArray{test::HandVehicle::rvcResult(id, 409, u"doors are unlocked"_s)}),
             200);
    const Run result = finish(process, arguments);
    QVERIFY2(result.exitCode == 1, qPrintable(result.all()));
    QVERIFY2(result.err.contains(u"refused 409 - doors are unlocked"_s), qPrintable(result.err));
    QCOMPARE(field(result.out, u"State"_s), u"refused (final)"_s);
    QCOMPARE(field(result.out, u"Reason"_s), u"doors are unlocked"_s);
    QCOMPARE(field(result.out, u"Sent by"_s), u"tester"_s);
}

void TestCommandApi::statusListAndCancel()
{
    const Run sent = run({u"command"_s, u"send"_s, m_second.vin, u"HornLights"_s, u"--expiry"_s, u"120"_s}, u"eve"_s);
    QVERIFY2(sent.exitCode == 0, qPrintable(sent.all()));
    QCOMPARE(field(sent.out, u"State"_s), u"queued"_s);
    QCOMPARE(field(sent.out, u"Operation"_s), u"HornLights"_s);
    const QString id = field(sent.out, u"Command"_s).section(u' ', 0, 0).mid(1);
    QVERIFY(id.toLongLong() > 0);

    const Run status = run({u"command"_s, u"status"_s, id});
    QVERIFY2(status.exitCode == 0, qPrintable(status.all()));
    QCOMPARE(field(status.out, u"Vehicle"_s), m_second.vin);
    QCOMPARE(field(status.out, u"Delivered"_s), u"-"_s);

    const Run cancelled = run({u"command"_s, u"cancel"_s, id}, u"eve"_s);
    QVERIFY2(cancelled.exitCode == 0, qPrintable(cancelled.all()));
    QVERIFY2(cancelled.out.contains(u"(HornLights, TSTCLXCMD00000002): cancelled - cancelled by eve"_s),
             qPrintable(cancelled.out));
    const Run again = run({u"command"_s, u"cancel"_s, id}, u"eve"_s);
    QVERIFY2(again.exitCode == 1, qPrintable(again.all()));
    QVERIFY2(again.err.contains(u"only a queued command can be cancelled"_s), qPrintable(again.err));

    const Run list = run({u"command"_s, u"list"_s, m_second.vin});
    QVERIFY2(list.exitCode == 0, qPrintable(list.all()));
    const QStringList lines = list.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 2);
    QVERIFY(lines.first().startsWith(u"ID"_s));
    QVERIFY2(lines.at(1).startsWith(id) && lines.at(1).contains(u"cancelled"_s) && lines.at(1).contains(u"eve"_s),
             qPrintable(list.out));
    const Run empty = run({u"command"_s, u"list"_s, u"NOSUCHVIN00000009"_s});
    QCOMPARE(empty.exitCode, 1);
}

void TestCommandApi::bulkPrintsPerVehicle()
{
    const QStringList arguments{u"command"_s,           u"bulk"_s,     u"Lock"_s, m_vehicle.vin, m_second.vin,
                                u"NOSUCHVIN00000009"_s, u"--expiry"_s, u"120"_s};
    const Run result = run(arguments, u"eve"_s);
    QVERIFY2(result.exitCode == 1, qPrintable(result.all())); // one VIN got no command
    QVERIFY2(result.out.contains(u"NOSUCHVIN00000009  -        refused  unknown vehicle"_s), qPrintable(result.out));
    QVERIFY2(result.out.contains(u"2 command(s) queued"_s), qPrintable(result.out));
    for (const test::HandVehicle *vehicle : {&m_vehicle, &m_second}) {
        const auto command = newestCommand(vehicle->vin);
        QVERIFY(command);
        QCOMPARE(toString(command->operation), u"Lock"_s);
        QVERIFY(command->bulkId > 0);
        QCOMPARE(vehicle->reply(vehicle->checkIn(), vehicle->answers()), 200);
        QCOMPARE(toString(newestCommand(vehicle->vin)->state), u"succeeded"_s);
    }
    // Every VIN known: exit 0. --json prints the API's answer.
    const Run json = run({u"--json"_s, u"command"_s, u"bulk"_s, u"Locate"_s, m_vehicle.vin}, u"eve"_s);
    QVERIFY2(json.exitCode == 0, qPrintable(json.all()));
    QCOMPARE(json.json().value(u"created"_s).toInt(), 1);
    QVERIFY(json.json().value(u"bulkId"_s).toInteger() > 0);
}

QTEST_GUILESS_MAIN(TestCommandApi)
#include "tst_command_api.moc"

// The flotillactl binary against a real ServerRuntime: discovery through the data folder and
// explicit options, human and JSON output, exit statuses 0-3.

#include "cli/Connection.h"
#include "cli/TextTable.h"
#include "core/omadm/Codec.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "tests/ApiTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;

    QString lastLine() const { return out.trimmed().split(u'\n').last(); }
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

} // namespace

class tst_Flotillactl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void apiBaseUrl_data();
    void apiBaseUrl();
    void printableCells();

    void versionAndHelp();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void statusThroughDataDir();
    void statusThroughEnvironment();
    void statusWithExplicitOptions();
    void missingCaIsRefusedUnlessInsecure();
    void wrongTokenExits1();
    void wrongCaExits3();
    void nothingListeningExits3();
    void vehiclesListAndShow();
    void unknownVehicleExits1();
    void registrationsAcceptAndReject();
    void vehiclesBlockAndUnblock();
    void enrollmentKeyShowAndRotate();
    void events();

private:
    // Runs flotillactl with a clean environment: no FLOTILLA_* from the caller and a HOME without
    // a data folder, so nothing is found by accident.
    Run run(const QStringList &arguments, const QHash<QString, QString> &environment = {});
    QStringList viaDataDir() const { return {u"--data-dir"_s, m_dir.path()}; }

    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    QString m_caFile;
};

void tst_Flotillactl::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(FLOTILLACTL_PATH)));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_home.isValid());
    m_runtime = test::startApiTestRuntime(m_dir.path());
    QVERIFY(m_runtime);
    m_caFile = m_home.filePath(u"pinned-ca.pem"_s);
    QFile file(m_caFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_runtime->caCertificatePem());
}

void tst_Flotillactl::cleanupTestCase()
{
    m_runtime.reset();
}

Run tst_Flotillactl::run(const QStringList &arguments, const QHash<QString, QString> &environment)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(u"FLOTILLA_"))
            env.remove(name);
    }
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"share"_s));
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value());

    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(FLOTILLACTL_PATH), arguments);
    Run result;
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        qWarning("flotillactl %s did not finish", qPrintable(arguments.join(u' ')));
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void tst_Flotillactl::apiBaseUrl_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty: an error
    QTest::newRow("host") << u"https://127.0.0.1:8444"_s << u"https://127.0.0.1:8444/api/v1"_s;
    QTest::newRow("slash") << u"https://127.0.0.1:8444/"_s << u"https://127.0.0.1:8444/api/v1"_s;
    QTest::newRow("full") << u"https://h:1/api/v1"_s << u"https://h:1/api/v1"_s;
    QTest::newRow("full slash") << u"https://h:1/api/v1/"_s << u"https://h:1/api/v1"_s;
    QTest::newRow("behind a proxy") << u"https://h/fleet"_s << u"https://h/fleet/api/v1"_s;
    QTest::newRow("plain http") << u"http://127.0.0.1:8444"_s << QString();
    QTest::newRow("no host") << u"https://"_s << QString();
    QTest::newRow("query") << u"https://h:1/?x=1"_s << QString();
}

void tst_Flotillactl::apiBaseUrl()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Result<QUrl> url = cli::apiBaseUrl(input);
    QCOMPARE(url.ok(), !expected.isEmpty());
    if (url)
        QCOMPARE(url->toString(), expected);
}

void tst_Flotillactl::printableCells()
{
    QCOMPARE(cli::TextTable::printable(u"a\x1b[31mb\nc\td"_s), u"a?[31mb c d"_s);
    QCOMPARE(cli::TextTable::printable(u"Müller"_s), u"Müller"_s);
}

void tst_Flotillactl::versionAndHelp()
{
    Run r = run({u"--version"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral(FLOTILLA_VERSION)), qPrintable(r.out));
    r = run({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    for (const QString &command :
         {u"status"_s, u"vehicles list"_s, u"registrations reject VIN"_s, u"enrollment-key rotate"_s, u"events"_s}) {
        QVERIFY2(r.out.contains(command), qPrintable(command));
    }
    r = run({u"vehicles"_s, u"list"_s, u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"--state S"_s), qPrintable(r.out));
}

void tst_Flotillactl::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("nothing") << QStringList{};
    QTest::newRow("unknown command") << QStringList{u"fly"_s};
    QTest::newRow("group only") << QStringList{u"vehicles"_s};
    QTest::newRow("unknown subcommand") << QStringList{u"vehicles"_s, u"delete"_s};
    QTest::newRow("missing VIN") << QStringList{u"vehicles"_s, u"show"_s};
    QTest::newRow("extra argument") << QStringList{u"status"_s, u"now"_s};
    QTest::newRow("unknown option") << QStringList{u"status"_s, u"--colour"_s};
    QTest::newRow("limit not a number") << QStringList{u"vehicles"_s, u"list"_s, u"--limit"_s, u"many"_s};
    QTest::newRow("bad timeout") << QStringList{u"--timeout"_s, u"0"_s, u"status"_s};
    QTest::newRow("http url") << QStringList{u"--url"_s, u"http://127.0.0.1:1"_s, u"status"_s};
    QTest::newRow("block without reason") << QStringList{u"vehicles"_s, u"block"_s, u"WVWZZZ1JZXW000001"_s};
    QTest::newRow("block with a blank reason")
        << QStringList{u"vehicles"_s, u"block"_s, u"WVWZZZ1JZXW000001"_s, u"--reason"_s, u"  "_s};
}

void tst_Flotillactl::usageErrorsExit2()
{
    QFETCH(QStringList, arguments);
    const Run r = run(viaDataDir() + arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
}

void tst_Flotillactl::statusThroughDataDir()
{
    const Result<server::ServerStatus> status = m_runtime->fleet().status();
    QVERIFY(status.ok());
    const Run r = run(viaDataDir() + QStringList{u"status"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"Server:"_s) && r.out.contains(status->serverId), qPrintable(r.out));
    QVERIFY2(r.out.contains(m_runtime->apiUrl()), qPrintable(r.out));

    // Global options may also follow the command.
    const Run json = run({u"status"_s, u"--json"_s, u"--data-dir"_s, m_dir.path()});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().value(u"serverId"_s).toString(), status->serverId);
    QCOMPARE(json.json().value(u"apiVersion"_s).toInt(), 1);
}

void tst_Flotillactl::statusThroughEnvironment()
{
    Run r = run({u"--json"_s, u"status"_s}, {{u"FLOTILLA_DATA_DIR"_s, m_dir.path()}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.json().value(u"apiUrl"_s).toString(), m_runtime->apiUrl());

    // URL and token from the environment, the CA from an option.
    r = run({u"--ca"_s, m_caFile, u"--json"_s, u"status"_s},
            {{u"FLOTILLA_URL"_s, m_runtime->apiUrl()}, {u"FLOTILLA_TOKEN"_s, m_runtime->apiToken()}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.json().value(u"apiUrl"_s).toString(), m_runtime->apiUrl());
}

void tst_Flotillactl::statusWithExplicitOptions()
{
    const QString bareUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->apiPort());
    for (const QString &url : {m_runtime->apiUrl(), bareUrl}) {
        const Run r =
            run({u"--url"_s, url, u"--token"_s, m_runtime->apiToken(), u"--ca"_s, m_caFile, u"--json"_s, u"status"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(url + u": " + r.err));
        QCOMPARE(r.json().value(u"apiVersion"_s).toInt(), 1);
    }
}

void tst_Flotillactl::missingCaIsRefusedUnlessInsecure()
{
    const QStringList connection{u"--url"_s, m_runtime->apiUrl(), u"--token"_s, m_runtime->apiToken()};
    Run r = run(connection + QStringList{u"status"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"--insecure"_s) && r.err.contains(u"--ca"_s), qPrintable(r.err));

    r = run(connection + QStringList{u"--insecure"_s, u"--json"_s, u"status"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"NOT verified"_s), qPrintable(r.err));
    QCOMPARE(r.json().value(u"apiVersion"_s).toInt(), 1);
}

void tst_Flotillactl::wrongTokenExits1()
{
    const Run r = run(viaDataDir() + QStringList{u"--token"_s, u"not-the-token"_s, u"status"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"401"_s) && r.err.contains(u"token"_s), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void tst_Flotillactl::wrongCaExits3()
{
    const QString otherCa = m_home.filePath(u"other-ca.pem"_s);
    QFile file(otherCa);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(test::tlsFixture().otherCaPem);
    file.close();
    const Run r = run(viaDataDir() + QStringList{u"--ca"_s, otherCa, u"status"_s});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(u"TLS"_s), qPrintable(r.err));
}

void tst_Flotillactl::nothingListeningExits3()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    const Run r = run(viaDataDir() + QStringList{u"--url"_s, u"https://127.0.0.1:%1"_s.arg(port), u"status"_s});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(u"cannot connect"_s), qPrintable(r.err));
}

void tst_Flotillactl::vehiclesListAndShow()
{
    const QString vin = u"WVWZZZ1JZXW000201"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0201"_s), 202);

    Run r = run(viaDataDir() + QStringList{u"vehicles"_s, u"list"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.first().startsWith(u"VIN"), qPrintable(r.out));
    const auto row = std::find_if(lines.begin(), lines.end(), [&](const QString &l) { return l.startsWith(vin); });
    QVERIFY2(row != lines.end(), qPrintable(r.out));
    QVERIFY2(row->contains(u"HU-0201"_s) && row->contains(u"pending"_s), qPrintable(*row));
    // Aligned: the STATE column starts at the same offset in the header and in the row.
    QCOMPARE(row->indexOf(u"pending"_s), lines.first().indexOf(u"STATE"_s));

    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"list"_s, u"--state"_s, u"pending"_s, u"--filter"_s,
                                       u"W000201"_s, u"--limit"_s, u"5"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonArray vehicles = r.json().value(u"vehicles"_s).toArray();
    QCOMPARE(vehicles.size(), 1);
    QCOMPARE(vehicles.first().toObject().value(u"vin"_s).toString(), vin);
    QCOMPARE(r.json().value(u"limit"_s).toInt(), 5);

    r = run(viaDataDir() +
            QStringList{u"vehicles"_s, u"list"_s, u"--state"_s, u"accepted"_s, u"--filter"_s, u"W000201"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.out.contains(vin), qPrintable(r.out));

    // A value the server refuses is the API's error (exit 1), with its message.
    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"list"_s, u"--state"_s, u"flying"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"state"_s) && r.err.contains(u"400"_s), qPrintable(r.err));

    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"show"_s, vin});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QRegularExpression(u"^VIN: +"_s + vin + u"$"_s, QRegularExpression::MultilineOption)),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QRegularExpression(u"^DevID: +HU-0201$"_s, QRegularExpression::MultilineOption)),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(u"hu-gen3"_s), qPrintable(r.out)); // the ECU table
    QVERIFY2(r.out.contains(u"Latest registration:"_s), qPrintable(r.out));

    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"show"_s, vin, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(u"vehicle"_s).toObject().value(u"devId"_s).toString(), u"HU-0201"_s);
}

void tst_Flotillactl::unknownVehicleExits1()
{
    const Run r = run(viaDataDir() + QStringList{u"vehicles"_s, u"show"_s, u"WVWZZZ1JZXW0NOPE0"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"404"_s), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void tst_Flotillactl::registrationsAcceptAndReject()
{
    const QString first = u"WVWZZZ1JZXW000202"_s;
    const QString second = u"WVWZZZ1JZXW000203"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, first, u"HU-0202"_s), 202);
    QCOMPARE(test::registerVehicle(*m_runtime, second, u"HU-0203"_s), 202);

    Run r = run(viaDataDir() + QStringList{u"registrations"_s, u"list"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(first) && r.out.contains(second), qPrintable(r.out));

    r = run(viaDataDir() + QStringList{u"registrations"_s, u"accept"_s, first, u"--actor"_s, u"erin"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(first) && r.out.contains(u"accepted"_s), qPrintable(r.out));
    // Deciding twice: the facade's 409, exit 1.
    r = run(viaDataDir() + QStringList{u"registrations"_s, u"accept"_s, first});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"409"_s), qPrintable(r.err));

    r = run(viaDataDir() +
                QStringList{u"registrations"_s, u"reject"_s, second, u"--reason"_s, u"not ours"_s, u"--json"_s},
            {{u"USER"_s, u"frank"_s}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject rejected = r.json().value(u"registration"_s).toObject();
    QCOMPARE(rejected.value(u"state"_s).toString(), u"rejected"_s);
    QCOMPARE(rejected.value(u"reason"_s).toString(), u"not ours"_s);
    QCOMPARE(rejected.value(u"decidedBy"_s).toString(), u"frank"_s);

    // The decisions are the engine's, as the console sees them.
    const Result<server::VehicleDetails> accepted = m_runtime->fleet().vehicle(first);
    QVERIFY(accepted.ok() && accepted->latestRegistration);
    QVERIFY(accepted->latestRegistration->state == store::RegistrationState::Accepted);
    QCOMPARE(accepted->latestRegistration->decidedBy, u"erin"_s);

    r = run(viaDataDir() + QStringList{u"registrations"_s, u"list"_s, u"--state"_s, u"rejected"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(second) && !r.out.contains(first), qPrintable(r.out));

    r = run(viaDataDir() + QStringList{u"registrations"_s, u"reject"_s, u"WVWZZZ1JZXW0NOPE0"_s});
    QCOMPARE(r.exitCode, 1);
}

void tst_Flotillactl::vehiclesBlockAndUnblock()
{
    const QString vin = u"WVWZZZ1JZXW000204"_s;
    const QString devId = u"HU-0204"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, devId,
                                   omadm::registrationProof(m_runtime->fleet().enrollmentKey(), vin, devId)),
             200);

    Run r = run(viaDataDir() + QStringList{u"vehicles"_s, u"block"_s, vin.toLower(), u"--reason"_s,
                                           u"reported stolen"_s, u"--actor"_s, u"erin"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(vin) && r.out.contains(u"blocked"_s), qPrintable(r.out));
    const Result<server::VehicleDetails> blocked = m_runtime->fleet().vehicle(vin);
    QVERIFY(blocked.ok());
    QVERIFY(blocked->vehicle.state == store::VehicleState::Blocked);
    QVERIFY(!blocked->recentEvents.isEmpty());
    QCOMPARE(blocked->recentEvents.first().kind, u"vehicle.blocked"_s);
    QCOMPARE(blocked->recentEvents.first().actor, u"erin"_s);
    QCOMPARE(blocked->recentEvents.first().data.value(u"reason"_s).toString(), u"reported stolen"_s);
    // Its registration is refused now.
    QCOMPARE(test::registerVehicle(*m_runtime, vin, devId,
                                   omadm::registrationProof(m_runtime->fleet().enrollmentKey(), vin, devId)),
             403);

    // Twice: the facade's 409, exit 1.
    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"block"_s, vin, u"--reason"_s, u"again"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"409"_s), qPrintable(r.err));
    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"list"_s, u"--state"_s, u"blocked"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(vin), qPrintable(r.out));

    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"unblock"_s, vin, u"--json"_s}, {{u"USER"_s, u"frank"_s}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.json().value(u"vehicle"_s).toObject().value(u"state"_s).toString(), u"accepted"_s);
    const Result<server::VehicleDetails> unblocked = m_runtime->fleet().vehicle(vin);
    QVERIFY(unblocked.ok());
    QVERIFY(unblocked->vehicle.state == store::VehicleState::Accepted);
    QCOMPARE(unblocked->recentEvents.first().kind, u"vehicle.unblocked"_s);
    QCOMPARE(unblocked->recentEvents.first().actor, u"frank"_s);

    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"unblock"_s, vin});
    QCOMPARE(r.exitCode, 1);
    r = run(viaDataDir() + QStringList{u"vehicles"_s, u"block"_s, u"WVWZZZ1JZXW0NOPE0"_s, u"--reason"_s, u"x"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"404"_s), qPrintable(r.err));
}

void tst_Flotillactl::enrollmentKeyShowAndRotate()
{
    const QString before = m_runtime->fleet().enrollmentKey();
    Run r = run(viaDataDir() + QStringList{u"enrollment-key"_s, u"show"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.lastLine(), before);

    r = run(viaDataDir() + QStringList{u"enrollment-key"_s, u"rotate"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString after = r.lastLine();
    QVERIFY(after != before);
    QCOMPARE(m_runtime->fleet().enrollmentKey(), after);

    r = run(viaDataDir() + QStringList{u"enrollment-key"_s, u"show"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(u"key"_s).toString(), after);
}

void tst_Flotillactl::events()
{
    const QString vin = u"WVWZZZ1JZXW000204"_s;
    QCOMPARE(test::registerVehicle(*m_runtime, vin, u"HU-0204"_s), 202);

    Run r = run(viaDataDir() + QStringList{u"events"_s, u"--vin"_s, vin});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 2 && lines.first().startsWith(u"ID"), qPrintable(r.out));
    for (const QString &line : lines.mid(1))
        QVERIFY2(line.contains(vin), qPrintable(line));

    r = run(viaDataDir() + QStringList{u"events"_s, u"--limit"_s, u"2"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(u"events"_s).toArray().size(), 2);
    const qint64 lastId = r.json().value(u"lastId"_s).toInteger();
    QVERIFY(lastId > 0);
    r = run(viaDataDir() + QStringList{u"events"_s, u"--after"_s, QString::number(lastId), u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    for (const QJsonValue &event : r.json().value(u"events"_s).toArray())
        QVERIFY(event.toObject().value(u"id"_s).toInteger() > lastId);
}

QTEST_GUILESS_MAIN(tst_Flotillactl)
#include "tst_flotillactl.moc"

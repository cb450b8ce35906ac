// The update pipeline through flotillactl against a real ServerRuntime over loopback TLS, with a
// real vehicle agent: `update assign|status|cancel` (release by id and by NAME@VERSION, refusals,
// --wait to a cancelled and to a succeeded job), `release build-deltas --wait` and `release
// deltas`, `bundle export` streamed to a file whose SHA-256 is the server's, and `signing-keys
// list|rotate|promote`.

#include "agent/Fleet.h"
#include "core/delta/DeltaCodec.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/releases/ReleaseService.h"
#include "tests/ReleaseTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QString HwId = u"test-gateway"_s; // a 1.5 MiB synthetic image: quick to build and ship
const QString Ecu = u"gateway"_s;
const QString Vin = u"TSTCLX0XN00000001"_s;
constexpr int WaitMs = 180'000; // generous: the CI machine is shared; nothing here asserts speed

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QString all() const { return out + u"\n--- stderr ---\n"_s + err; }
};

QString sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

// The row of a text table whose first cell is first.
QStringList row(const QString &table, const QString &first)
{
    for (const QString &line : table.split(u'\n')) {
        const QStringList cells = line.split(QRegularExpression(u"\\s{2,}"_s), Qt::SkipEmptyParts);
        if (!cells.isEmpty() && cells.first() == first)
            return cells;
    }
    return {};
}

} // namespace

class tst_UpdateCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void assignStatusCancel();
    void buildDeltasAndList();
    void bundleExportMatchesTheServersDigest();
    void waitFollowsAJobToSuccess();
    void signingKeyRotation();

private:
    qint64 importRelease(const QString &version, qint64 counter);
    QProcessEnvironment environment() const;
    QStringList withDataDir(const QStringList &arguments) const;
    Run run(const QStringList &arguments);

    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::unique_ptr<agent::Fleet> m_fleet;
    qint64 m_baseline = 0; // 1.0.0, what the vehicle runs
    qint64 m_target = 0;   // 2.0.0
};

void tst_UpdateCli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(FLOTILLACTL_PATH)));
    QVERIFY(m_dir.isValid() && m_home.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.filePath(u"server"_s);
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    config.pollSeconds = 60;
    auto runtime = server::ServerRuntime::start(config);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    m_baseline = importRelease(u"1.0.0"_s, 1);
    m_target = importRelease(u"2.0.0"_s, 2);
    QVERIFY(m_baseline > 0 && m_target > 0);

    // One vehicle running 1.0.0, registered with the enrollment key (accepted at once); it checks
    // in only when the test says so (pollAll).
    agent::VehicleProfile profile;
    profile.vin = Vin;
    profile.devId = u"GW-CLI-1"_s;
    profile.manufacturer = u"Test"_s;
    profile.model = u"cli"_s;
    profile.oem = u"TestOEM"_s;
    profile.ecus = {{Ecu, HwId, u"1.0.0"_s}};
    profile.swVersion = u"1.0.0"_s;
    profile.fwVersion = u"1.0.0"_s;
    profile.codecs = delta::codecNames();
    profile.deltaMaxMemoryMiB = 64;
    agent::FleetOptions options;
    options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->devicePort());
    options.caPem = m_runtime->caCertificatePem();
    options.enrollmentKey = m_runtime->fleet().enrollmentKey();
    options.size = 1;
    options.singleProfile = profile;
    options.dataDir = m_dir.filePath(u"vehicle"_s);
    options.pollSecondsOverride = 3600;
    options.registrationRetrySeconds = 1;
    options.startNow = true;
    options.lanes = 1;
    m_fleet = std::make_unique<agent::Fleet>(options);
    QVERIFY(m_fleet->start());
    QVERIFY(QTest::qWaitFor([&] { return m_fleet->stats().sessions >= 1; }, WaitMs));
}

void tst_UpdateCli::cleanupTestCase()
{
    m_fleet.reset();
    m_runtime.reset();
}

qint64 tst_UpdateCli::importRelease(const QString &version, qint64 counter)
{
    test::SyntheticRelease spec;
    spec.version = version;
    spec.counter = counter;
    spec.ecu = Ecu;
    spec.hwId = HwId;
    return test::importSyntheticRelease(m_runtime->fleet().releases(), m_dir.filePath(u"release-"_s + version), spec);
}

QProcessEnvironment tst_UpdateCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(u"FLOTILLA_"))
            env.remove(name);
    }
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"share"_s));
    env.insert(u"USER"_s, u"tester"_s);
    return env;
}

QStringList tst_UpdateCli::withDataDir(const QStringList &arguments) const
{
    return QStringList{u"--data-dir"_s, m_runtime->dataDir()} + arguments;
}

Run tst_UpdateCli::run(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(FLOTILLACTL_PATH), withDataDir(arguments));
    Run result;
    if (!process.waitForFinished(WaitMs)) {
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

void tst_UpdateCli::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("assign without a VIN") << QStringList{u"update"_s, u"assign"_s, u"2"_s} << u"missing argument"_s;
    QTest::newRow("release neither id nor name@version")
        << QStringList{u"update"_s, u"assign"_s, u"gw-firmware"_s, Vin} << u"NAME@VERSION"_s;
    QTest::newRow("cancel of a non-id") << QStringList{u"update"_s, u"cancel"_s, u"abc"_s} << u"JOB must be a job id"_s;
    QTest::newRow("bad interval") << QStringList{u"update"_s, u"status"_s, Vin, u"--wait"_s, u"--interval"_s, u"0"_s}
                                  << u"--interval"_s;
    QTest::newRow("bundle without a VIN")
        << QStringList{u"bundle"_s, u"export"_s, u"--release"_s, u"2"_s, u"-o"_s, m_dir.filePath(u"x.bundle"_s)}
        << u"--vin"_s;
    QTest::newRow("bundle into a missing folder")
        << QStringList{u"bundle"_s, u"export"_s, u"--release"_s, u"2"_s,
                       u"--vin"_s,  Vin,         u"-o"_s,        m_dir.filePath(u"no/such/folder/x.bundle"_s)}
        << u"no folder"_s;
}

void tst_UpdateCli::usageErrorsExit2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void tst_UpdateCli::assignStatusCancel()
{
    // By NAME@VERSION, to the vehicle and to one the server does not know: a job for the first,
    // a reason for the second, and exit 1 because one was refused.
    const Run assigned = run({u"update"_s, u"assign"_s, u"gw-firmware@2.0.0"_s, Vin, u"NOSUCHVIN0000000X"_s});
    QCOMPARE(assigned.exitCode, 1);
    const QStringList mine = row(assigned.out, Vin);
    QVERIFY2(mine.size() >= 3, qPrintable(assigned.all()));
    const QString jobId = mine.at(1);
    QVERIFY(jobId.toLongLong() > 0);
    QCOMPARE(mine.at(2), u"queued"_s);
    QVERIFY2(row(assigned.out, u"NOSUCHVIN0000000X"_s).contains(u"unknown vehicle"_s), qPrintable(assigned.out));

    // The vehicle is busy now: a second assignment is refused with the job that holds it.
    const Run busy = run({u"update"_s, u"assign"_s, QString::number(m_target), Vin});
    QCOMPARE(busy.exitCode, 1);
    QVERIFY2(busy.out.contains(u"busy with update job "_s + jobId), qPrintable(busy.out));
    QCOMPARE(run({u"update"_s, u"assign"_s, u"gw-firmware@9.9.9"_s, Vin}).exitCode, 1);

    const Run byJob = run({u"update"_s, u"status"_s, jobId});
    QCOMPARE(byJob.exitCode, 0);
    QVERIFY2(QRegularExpression(u"Update job:\\s+#"_s + jobId).match(byJob.out).hasMatch(), qPrintable(byJob.out));
    QVERIFY2(byJob.out.contains(u"queued"_s), qPrintable(byJob.out));
    QVERIFY2(byJob.out.contains(u"by tester"_s), qPrintable(byJob.out));

    const Run byVin = run({u"update"_s, u"status"_s, Vin});
    QCOMPARE(byVin.exitCode, 0);
    const QStringList listed = row(byVin.out, jobId);
    QVERIFY2(listed.size() >= 4 && listed.at(1) == Vin && listed.at(3) == u"queued", qPrintable(byVin.out));
    const Run json = run({u"--json"_s, u"update"_s, u"status"_s, Vin});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().value(u"updates"_s).toArray().first().toObject().value(u"id"_s).toInteger(),
             jobId.toLongLong());

    const Run cancelled = run({u"update"_s, u"cancel"_s, jobId});
    QCOMPARE(cancelled.exitCode, 0);
    QVERIFY2(cancelled.out.contains(u"Update job %1 of %2 is now cancelled."_s.arg(jobId, Vin)),
             qPrintable(cancelled.out));
    QCOMPARE(run({u"update"_s, u"cancel"_s, jobId}).exitCode, 1); // final already
    QCOMPARE(run({u"update"_s, u"status"_s, u"999999"_s}).exitCode, 1);

    // --wait on a final job that did not succeed: at once, exit 1, and why.
    const Run waited = run({u"update"_s, u"status"_s, jobId, u"--wait"_s});
    QCOMPARE(waited.exitCode, 1);
    QVERIFY2(waited.out.contains(u"cancelled (final)"_s), qPrintable(waited.all()));
    QVERIFY2(waited.err.contains(u"update job %1 ended cancelled"_s.arg(jobId)), qPrintable(waited.err));
}

void tst_UpdateCli::buildDeltasAndList()
{
    const Run built = run({u"release"_s, u"build-deltas"_s, u"gw-firmware@2.0.0"_s, u"--from"_s, u"1.0.0"_s,
                           u"--wait"_s, u"--interval"_s, u"1"_s});
    QVERIFY2(built.exitCode == 0, qPrintable(built.all()));
    QVERIFY2(built.err.contains(u"Queued "_s), qPrintable(built.err));

    const Run listed = run({u"release"_s, u"deltas"_s, QString::number(m_target)});
    QCOMPARE(listed.exitCode, 0);
    const Run json = run({u"--json"_s, u"release"_s, u"deltas"_s, u"gw-firmware@2.0.0"_s});
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!json.json().value(u"progress"_s).toObject().value(u"running"_s).toBool());
    int deltas = 0;
    bool full = false;
    for (const QJsonValue &value : json.json().value(u"pairs"_s).toArray()) {
        const QJsonObject pair = value.toObject();
        for (const QJsonValue &item : pair.value(u"payloads"_s).toArray()) {
            const QJsonObject payload = item.toObject();
            QVERIFY2(payload.value(u"verified"_s).toBool(), qPrintable(listed.out));
            const QString codec = payload.value(u"codec"_s).toString();
            // Each built payload is a table row: its codec, a size, and for deltas the saving.
            const QStringList line = listed.out.split(u'\n')
                                         .filter(u" "_s + codec + u" "_s)
                                         .value(0)
                                         .split(QRegularExpression(u"\\s{2,}"_s), Qt::SkipEmptyParts);
            QVERIFY2(line.size() >= 8, qPrintable(listed.out));
            QCOMPARE(line.at(7), u"yes"_s);
            if (pair.value(u"fromVersion"_s).toString().isEmpty()) {
                full = true;
                QCOMPARE(line.at(1), u"(full)"_s);
            } else if (pair.value(u"fromVersion"_s).toString() == u"1.0.0") {
                ++deltas;
                QCOMPARE(line.at(1), u"1.0.0"_s);
                QVERIFY2(QRegularExpression(u"^-?\\d+ %$"_s).match(line.at(6)).hasMatch(), qPrintable(listed.out));
            }
        }
    }
    QVERIFY2(full && deltas > 0, qPrintable(listed.out));
    QCOMPARE(run({u"release"_s, u"deltas"_s, u"999999"_s}).exitCode, 1);
}

void tst_UpdateCli::bundleExportMatchesTheServersDigest()
{
    const QString path = m_dir.filePath(u"dealer/gw-2.0.0.bundle"_s);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    const Run exported = run({u"--json"_s, u"bundle"_s, u"export"_s, u"--release"_s, u"gw-firmware@2.0.0"_s, u"--vin"_s,
                              Vin, u"-o"_s, path});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.all()));
    const QJsonObject answer = exported.json();
    const QString sha256 = answer.value(u"sha256"_s).toString();
    QCOMPARE(sha256.size(), 64);
    QCOMPARE(sha256OfFile(path), sha256);
    QCOMPARE(QFileInfo(path).size(), answer.value(u"length"_s).toInteger());
    QVERIFY(QDir(QFileInfo(path).absolutePath()).entryList(QDir::Files).size() == 1); // no temporary left
    const QString jobId = QString::number(answer.value(u"job"_s).toInteger());
    QVERIFY2(run({u"update"_s, u"status"_s, jobId}).out.contains(u"notified"_s), "the bundle's job waits");

    // The vehicle is busy with the bundle's job: refused, and no file is written.
    const QString second = m_dir.filePath(u"dealer/refused.bundle"_s);
    const Run refused = run(
        {u"bundle"_s, u"export"_s, u"--release"_s, QString::number(m_target), u"--vin"_s, Vin, u"--output"_s, second});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"busy with update job "_s + jobId), qPrintable(refused.err));
    QVERIFY(!QFile::exists(second));

    QCOMPARE(run({u"update"_s, u"cancel"_s, jobId}).exitCode, 0);
}

void tst_UpdateCli::waitFollowsAJobToSuccess()
{
    const Run assigned = run({u"--json"_s, u"update"_s, u"assign"_s, QString::number(m_target), Vin});
    QVERIFY2(assigned.exitCode == 0, qPrintable(assigned.all()));
    const QJsonObject job =
        assigned.json().value(u"assignments"_s).toArray().first().toObject().value(u"job"_s).toObject();
    const QString jobId = QString::number(job.value(u"id"_s).toInteger());
    QVERIFY(jobId.toLongLong() > 0);

    // flotillactl waits while the vehicle checks in (this thread drives its sessions).
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(FLOTILLACTL_PATH),
                  withDataDir({u"update"_s, u"status"_s, jobId, u"--wait"_s, u"--interval"_s, u"1"_s}));
    QVERIFY(process.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < WaitMs) {
        m_fleet->pollAll();
        QTest::qWait(500);
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        QFAIL("update status --wait did not return");
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(out + err));
    QVERIFY2(out.contains(u"succeeded (final)"_s), qPrintable(out));
    QVERIFY2(QRegularExpression(u"Result code:\\s+200"_s).match(out).hasMatch(), qPrintable(out));
    QVERIFY2(QRegularExpression(u"Installed:\\s+100 %"_s).match(out).hasMatch(), qPrintable(out));
    // The running report on stderr, a line per change (how many depends on when the vehicle
    // checked in), ends with the final state.
    QVERIFY2(err.contains(u"update job %1 (%2): succeeded"_s.arg(jobId, Vin)), qPrintable(err));

    const Run byVin = run({u"update"_s, u"status"_s, Vin, u"--wait"_s});
    QCOMPARE(byVin.exitCode, 0);
    QVERIFY2(byVin.out.contains(u"#"_s + jobId), qPrintable(byVin.out));
}

void tst_UpdateCli::signingKeyRotation()
{
    const Run before = run({u"--json"_s, u"signing-keys"_s, u"list"_s});
    QCOMPARE(before.exitCode, 0);
    const QJsonArray keysBefore = before.json().value(u"keys"_s).toArray();
    QCOMPARE(keysBefore.size(), 1);
    const QString active = keysBefore.first().toObject().value(u"keyId"_s).toString();
    QVERIFY(!active.isEmpty());

    const Run rotated = run({u"signing-keys"_s, u"rotate"_s});
    QVERIFY2(rotated.exitCode == 0, qPrintable(rotated.all()));
    QVERIFY2(rotated.out.contains(u" is next"_s), qPrintable(rotated.out));

    const Run listed = run({u"signing-keys"_s, u"list"_s});
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(row(listed.out, active).value(1), u"active"_s);
    const Run json = run({u"--json"_s, u"signing-keys"_s, u"list"_s});
    const QJsonArray keys = json.json().value(u"keys"_s).toArray();
    QCOMPARE(keys.size(), 2);
    QString next;
    for (const QJsonValue &key : keys) {
        if (key.toObject().value(u"state"_s).toString() == u"next")
            next = key.toObject().value(u"keyId"_s).toString();
    }
    QVERIFY(!next.isEmpty() && next != active);
    QCOMPARE(row(listed.out, next).value(1), u"next"_s);

    const Run again = run({u"signing-keys"_s, u"rotate"_s});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"already under way"_s), qPrintable(again.err));

    const Run promoted = run({u"signing-keys"_s, u"promote"_s});
    QVERIFY2(promoted.exitCode == 0, qPrintable(promoted.all()));
    QVERIFY2(promoted.out.contains(next + u" is now active"_s), qPrintable(promoted.out));
    const Run after = run({u"signing-keys"_s, u"list"_s});
    QCOMPARE(row(after.out, next).value(1), u"active"_s);
    QCOMPARE(row(after.out, active).value(1), u"retired"_s);
}

QTEST_GUILESS_MAIN(tst_UpdateCli)

#include "tst_update_cli.moc"

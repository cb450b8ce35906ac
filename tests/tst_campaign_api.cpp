// Campaigns through `flotillactl campaign ...` against a real ServerRuntime over loopback TLS, with
// real vehicle agents: create with inventory filters, dry-run, edit, submit, the four-eyes rule
// (the author's approval refused, an approver user's accepted), start, status --wait to
// completion, why, vehicles and list. Usage errors exit 2; what the server refuses exits 1 with
// its message.

#include "agent/Fleet.h"
#include "core/delta/DeltaCodec.h"
#include "core/update/SyntheticImage.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/releases/ReleaseService.h"
#include "tests/ReleaseTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QString HwId = u"test-gateway"_s; // a 1.5 MiB synthetic image: quick to build and ship
const QString Ecu = u"gateway"_s;
const QString Model = u"campaign-cli"_s;
const QString ApproverPassword = u"bob's password 1"_s;
constexpr int WaitMs = 180'000; // generous: the CI machine is shared; nothing here asserts speed

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QString all() const { return out + u"\n--- stderr ---\n"_s + err; }
};

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

// The value of a "Key:  value" line.
QString field(const QString &text, const QString &key)
{
    const QRegularExpressionMatch match = QRegularExpression(u"^"_s + QRegularExpression::escape(key) + u":\\s+(.*)$"_s,
                                                             QRegularExpression::MultilineOption)
                                              .match(text);
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

} // namespace

class tst_CampaignApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void refusalsExit1_data();
    void refusalsExit1();
    void specFileAndEdit();
    void lifecycleFromCreateToCompletion();

private:
    qint64 importRelease(const QString &version, qint64 counter);
    bool addVehicle(const QString &vin, const QString &model);
    // identity: "" for the data folder's local admin token, else the user logged in with login().
    QProcessEnvironment environment(const QString &identity = {}) const;
    Run run(const QStringList &arguments, const QString &identity = {}, const QHash<QString, QString> &extra = {});

    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    std::vector<std::unique_ptr<agent::Fleet>> m_fleets;
    QStringList m_targets; // European vehicles of Model: what the filters below select
    QString m_otherRegion; // Model, but North American
    QString m_otherModel;  // European, another model
};

void tst_CampaignApi::initTestCase()
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
    QVERIFY(importRelease(u"1.0.0"_s, 1) > 0); // what the vehicles run: deltas are built from it
    QVERIFY(importRelease(u"2.0.0"_s, 2) > 0);

    // S… VINs are European, 1… North American (docs/campaigns.md, regions).
    m_targets = {u"SCAMCLA0000000001"_s, u"SCAMCLA0000000002"_s, u"SCAMCLA0000000003"_s};
    m_otherRegion = u"1CAMCLA0000000004"_s;
    m_otherModel = u"SCAMCLA0000000005"_s;
    for (const QString &vin : std::as_const(m_targets))
        QVERIFY(addVehicle(vin, Model));
    QVERIFY(addVehicle(m_otherRegion, Model));
    QVERIFY(addVehicle(m_otherModel, u"another-model"_s));
    // Registered and reported their ECUs: the campaign's targets come from the inventory.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::all_of(m_fleets.begin(), m_fleets.end(),
                               [](const std::unique_ptr<agent::Fleet> &f) { return f->stats().sessions >= 1; });
        },
        WaitMs));

    // A second person with the approver role, logged in with flotillactl (its own session file).
    // The first account must be an administrator.
    const Run admin = run({u"users"_s, u"add"_s, u"root-admin"_s, u"--role"_s, u"admin"_s}, {},
                          {{u"FLOTILLA_NEW_PASSWORD"_s, u"admin password 1"_s}});
    QVERIFY2(admin.exitCode == 0, qPrintable(admin.all()));
    const Run added = run({u"users"_s, u"add"_s, u"bob"_s, u"--role"_s, u"approver"_s}, {},
                          {{u"FLOTILLA_NEW_PASSWORD"_s, ApproverPassword}});
    QVERIFY2(added.exitCode == 0, qPrintable(added.all()));
    const Run login = run({u"login"_s, u"bob"_s}, u"bob"_s, {{u"FLOTILLA_PASSWORD"_s, ApproverPassword}});
    QVERIFY2(login.exitCode == 0, qPrintable(login.all()));
    QCOMPARE(run({u"whoami"_s}, u"bob"_s).out.trimmed(), u"bob (approver)"_s);
}

void tst_CampaignApi::cleanupTestCase()
{
    m_fleets.clear();
    m_runtime.reset();
}

qint64 tst_CampaignApi::importRelease(const QString &version, qint64 counter)
{
    test::SyntheticRelease spec;
    spec.version = version;
    spec.counter = counter;
    spec.ecu = Ecu;
    spec.hwId = HwId;
    return test::importSyntheticRelease(m_runtime->fleet().releases(), m_dir.filePath(u"release-"_s + version), spec);
}

bool tst_CampaignApi::addVehicle(const QString &vin, const QString &model)
{
    agent::VehicleProfile profile;
    profile.vin = vin;
    profile.devId = u"GW-"_s + vin.right(4);
    profile.manufacturer = u"Test"_s;
    profile.model = model;
    profile.oem = u"TestOEM"_s;
    profile.ecus = {{Ecu, HwId, u"1.0.0"_s}};
    profile.swVersion = u"1.0.0"_s;
    profile.fwVersion = u"1.0.0"_s;
    profile.codecs = delta::codecNames();
    profile.deltaMaxMemoryMiB = 64;
    agent::FleetOptions options;
    options.serverUrl = u"https://127.0.0.1:%1"_s.arg(m_runtime->devicePort());
    options.caPem = m_runtime->caCertificatePem();
    options.enrollmentKey = m_runtime->fleet().enrollmentKey(); // accepted at once
    options.size = 1;
    options.singleProfile = profile;
    options.dataDir = m_dir.filePath(u"vehicle-"_s + vin);
    options.pollSecondsOverride = 3600; // the test makes them check in
    options.registrationRetrySeconds = 1;
    options.startNow = true;
    options.lanes = 1;
    auto fleet = std::make_unique<agent::Fleet>(options);
    if (!fleet->start())
        return false;
    m_fleets.push_back(std::move(fleet));
    return true;
}

QProcessEnvironment tst_CampaignApi::environment(const QString &identity) const
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

Run tst_CampaignApi::run(const QStringList &arguments, const QString &identity, const QHash<QString, QString> &extra)
{
    QProcessEnvironment env = environment(identity);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        env.insert(it.key(), it.value());
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice()); // not a terminal: never a prompt
    process.start(QStringLiteral(FLOTILLACTL_PATH), QStringList{u"--data-dir"_s, m_runtime->dataDir()} + arguments);
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

void tst_CampaignApi::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList create{u"campaign"_s, u"create"_s, u"--release"_s, u"gw-firmware@2.0.0"_s, u"--name"_s, u"x"_s};
    QTest::newRow("create without a release")
        << QStringList{u"campaign"_s, u"create"_s, u"--name"_s, u"x"_s} << u"needs --release"_s;
    QTest::newRow("create without a name")
        << QStringList{u"campaign"_s, u"create"_s, u"--release"_s, u"2"_s} << u"needs --name"_s;
    QTest::newRow("release neither id nor name@version")
        << QStringList{u"campaign"_s, u"create"_s, u"--release"_s, u"gw-firmware"_s, u"--name"_s, u"x"_s}
        << u"NAME@VERSION"_s;
    QTest::newRow("waves not numbers") << create + QStringList{u"--waves"_s, u"1,ten"_s} << u"--waves takes"_s;
    QTest::newRow("waves and wave counts")
        << create + QStringList{u"--waves"_s, u"10,100"_s, u"--wave-counts"_s, u"5,rest"_s} << u"not both"_s;
    QTest::newRow("rest not last") << create + QStringList{u"--wave-counts"_s, u"rest,5"_s} << u"--wave-counts"_s;
    QTest::newRow("window not a time range")
        << create + QStringList{u"--window"_s, u"25:00-03:00"_s} << u"--window takes HH:MM-HH:MM"_s;
    QTest::newRow("days without a window") << create + QStringList{u"--days"_s, u"1-5"_s} << u"give --window"_s;
    QTest::newRow("days not weekdays") << create + QStringList{u"--window"_s, u"22:00-05:00"_s, u"--days"_s, u"mon"_s}
                                       << u"--days takes"_s;
    QTest::newRow("start not a time") << create + QStringList{u"--start"_s, u"tomorrow"_s} << u"--start takes"_s;
    QTest::newRow("retries not a number")
        << create + QStringList{u"--retries"_s, u"x"_s} << u"--retries must be an integer"_s;
    QTest::newRow("spec file missing") << QStringList{u"campaign"_s, u"create"_s, u"--spec"_s,
                                                      m_dir.filePath(u"none.json"_s)}
                                       << u"cannot read"_s;
    QTest::newRow("reject without a reason") << QStringList{u"campaign"_s, u"reject"_s, u"1"_s} << u"--reason"_s;
    QTest::newRow("status of a non-id") << QStringList{u"campaign"_s, u"status"_s, u"abc"_s} << u"ID must be"_s;
    QTest::newRow("why without a VIN") << QStringList{u"campaign"_s, u"why"_s, u"1"_s} << u"missing argument"_s;
    QTest::newRow("edit without a change") << QStringList{u"campaign"_s, u"edit"_s, u"1"_s} << u"nothing to change"_s;
    QTest::newRow("unknown option") << QStringList{u"campaign"_s, u"list"_s, u"--colour"_s} << u"colour"_s;
}

void tst_CampaignApi::usageErrorsExit2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QVERIFY2(result.exitCode == 2, qPrintable(result.all()));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void tst_CampaignApi::refusalsExit1_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList create{u"campaign"_s, u"create"_s, u"--release"_s, u"gw-firmware@2.0.0"_s, u"--name"_s, u"x"_s};
    // The server validates the spec and names the setting.
    QTest::newRow("percentages that shrink")
        << create + QStringList{u"--waves"_s, u"50,10"_s} << u"percentages are cumulative"_s;
    QTest::newRow("a percentage over 100") << create + QStringList{u"--waves"_s, u"10,150"_s} << u"waves[1]"_s;
    QTest::newRow("unknown time zone") << create +
                                              QStringList{u"--window"_s, u"22:00-05:00"_s, u"--tz"_s, u"Mars/Olympus"_s}
                                       << u"unknown time zone 'Mars/Olympus'"_s;
    QTest::newRow("weekday 8") << create + QStringList{u"--window"_s, u"22:00-05:00"_s, u"--days"_s, u"6-8"_s}
                               << u"window.days"_s;
    QTest::newRow("unknown consent") << create + QStringList{u"--consent"_s, u"maybe"_s} << u"consent:"_s;
    QTest::newRow("too many retries") << create + QStringList{u"--retries"_s, u"99"_s} << u"retries"_s;
    QTest::newRow("unknown release") << QStringList{u"campaign"_s,          u"create"_s, u"--release"_s,
                                                    u"gw-firmware@9.9.9"_s, u"--name"_s, u"x"_s}
                                     << u"No release gw-firmware@9.9.9"_s;
    QTest::newRow("unknown campaign") << QStringList{u"campaign"_s, u"status"_s, u"99999"_s} << u"No campaign 99999"_s;
    QTest::newRow("start of an unknown campaign")
        << QStringList{u"campaign"_s, u"start"_s, u"99999"_s} << u"No campaign 99999"_s;
}

void tst_CampaignApi::refusalsExit1()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QVERIFY2(result.exitCode == 1, qPrintable(result.all()));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void tst_CampaignApi::specFileAndEdit()
{
    // A spec file as the base, options on top of it.
    const QString path = m_dir.filePath(u"spec.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(QJsonObject{{u"name"_s, u"from a file"_s},
                                         {u"release"_s, 2},
                                         {u"targets"_s, QJsonObject{{u"regions"_s, QJsonArray{u"europe"_s}}}},
                                         {u"retries"_s, 3}})
                   .toJson());
    file.close();
    const Run created = run({u"--json"_s, u"campaign"_s, u"create"_s, u"--spec"_s, path, u"--waves"_s, u"10,100"_s,
                             u"--window"_s, u"22:00-05:00"_s, u"--days"_s, u"1-5"_s, u"--tz"_s, u"Europe/Berlin"_s,
                             u"--start"_s, u"2030-01-02T03:04:05Z"_s, u"--parked"_s});
    QVERIFY2(created.exitCode == 0, qPrintable(created.all()));
    const QJsonObject campaign = created.json();
    const QString id = QString::number(campaign.value(u"id"_s).toInteger());
    QJsonObject spec = campaign.value(u"spec"_s).toObject();
    QCOMPARE(spec.value(u"name"_s).toString(), u"from a file"_s);
    QCOMPARE(spec.value(u"retries"_s).toInt(), 3);
    QCOMPARE(spec.value(u"targets"_s).toObject().value(u"regions"_s).toArray(), QJsonArray{u"europe"_s});
    QCOMPARE(spec.value(u"waves"_s).toArray().size(), 2);
    QCOMPARE(spec.value(u"window"_s).toObject().value(u"startMinute"_s).toInt(), 22 * 60);
    QCOMPARE(spec.value(u"window"_s).toObject().value(u"endMinute"_s).toInt(), 5 * 60);
    QCOMPARE(spec.value(u"window"_s).toObject().value(u"days"_s).toArray(), (QJsonArray{1, 2, 3, 4, 5}));
    QCOMPARE(spec.value(u"window"_s).toObject().value(u"timeZone"_s).toString(), u"Europe/Berlin"_s);
    QCOMPARE(spec.value(u"startAtMs"_s).toInteger(),
             QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC).toMSecsSinceEpoch());
    QVERIFY(spec.value(u"parked"_s).toBool());
    QCOMPARE(campaign.value(u"author"_s).toString(), u"tester"_s);

    // Edit changes what the options name and keeps the rest; the text shows the new settings.
    const Run edited =
        run({u"campaign"_s, u"edit"_s, id, u"--model"_s, Model, u"--from-version"_s, u"1.0.0"_s, u"--wave-counts"_s,
             u"2,rest"_s, u"--success-percent"_s, u"75"_s, u"--window"_s, u"none"_s, u"--start"_s, u"none"_s});
    QVERIFY2(edited.exitCode == 0, qPrintable(edited.all()));
    QCOMPARE(field(edited.out, u"Waves"_s),
             u"2 vehicles, rest; each must reach 75 % succeeded before the next starts"_s);
    QCOMPARE(field(edited.out, u"Window"_s), u"any time"_s);
    QCOMPARE(field(edited.out, u"Start"_s), u"when started"_s);
    QVERIFY2(field(edited.out, u"Targets"_s).contains(u"region europe"_s), qPrintable(edited.out));
    QVERIFY2(field(edited.out, u"Targets"_s).contains(u"model "_s + Model), qPrintable(edited.out));
    QVERIFY2(field(edited.out, u"Targets"_s).contains(u"version 1.0.0"_s), qPrintable(edited.out));
    QCOMPARE(field(edited.out, u"Retries"_s), u"3"_s);

    // An edit the server refuses changes nothing.
    const Run refused = run({u"campaign"_s, u"edit"_s, id, u"--waves"_s, u"60,30"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"percentages are cumulative"_s), qPrintable(refused.err));
    const Run shown = run({u"--json"_s, u"campaign"_s, u"status"_s, id});
    QCOMPARE(shown.exitCode, 0);
    QCOMPARE(shown.json().value(u"spec"_s).toObject().value(u"waves"_s).toArray().size(), 2);
    QCOMPARE(shown.json().value(u"revision"_s).toInt(), 2);

    // Rejection needs the approver, and sends the campaign back to draft with the reason.
    QCOMPARE(run({u"campaign"_s, u"submit"_s, id}).exitCode, 0);
    const Run rejected = run({u"campaign"_s, u"reject"_s, id, u"--reason"_s, u"wrong release"_s}, u"bob"_s);
    QVERIFY2(rejected.exitCode == 0, qPrintable(rejected.all()));
    QVERIFY2(rejected.out.contains(u"is now draft."_s), qPrintable(rejected.out));
    QVERIFY2(rejected.out.contains(u"Rejected because: wrong release"_s), qPrintable(rejected.out));
    QCOMPARE(run({u"campaign"_s, u"cancel"_s, id}).exitCode, 0);
    const Run cancelled = run({u"campaign"_s, u"cancel"_s, id});
    QCOMPARE(cancelled.exitCode, 1); // not possible for a cancelled campaign
    QVERIFY2(cancelled.err.contains(u"cancelled campaign"_s), qPrintable(cancelled.err));
}

void tst_CampaignApi::lifecycleFromCreateToCompletion()
{
    // European vehicles of one model, with the target hardware: three of the five.
    const Run created = run({u"campaign"_s,
                             u"create"_s,
                             u"--release"_s,
                             u"gw-firmware@2.0.0"_s,
                             u"--name"_s,
                             u"gateway 2.0 rollout"_s,
                             u"--model"_s,
                             Model,
                             u"--region"_s,
                             u"europe"_s,
                             u"--hw-id"_s,
                             HwId,
                             u"--from-version"_s,
                             u"1.0.0"_s,
                             u"--wave-counts"_s,
                             u"1,rest"_s,
                             u"--success-percent"_s,
                             u"100"_s,
                             u"--max-failures"_s,
                             u"1"_s,
                             u"--consent"_s,
                             u"not-required"_s});
    QVERIFY2(created.exitCode == 0, qPrintable(created.all()));
    const QRegularExpressionMatch idMatch =
        QRegularExpression(u"^Campaign:\\s+#(\\d+) gateway 2.0 rollout$"_s, QRegularExpression::MultilineOption)
            .match(created.out);
    QVERIFY2(idMatch.hasMatch(), qPrintable(created.out));
    const QString id = idMatch.captured(1);
    QCOMPARE(field(created.out, u"State"_s), u"draft"_s);
    QCOMPARE(field(created.out, u"Author"_s), u"tester"_s);

    // The dry run names exactly the targeted vehicles, each compatible, with a download.
    const Run dryRun = run({u"campaign"_s, u"dry-run"_s, id});
    QVERIFY2(dryRun.exitCode == 0, qPrintable(dryRun.all()));
    for (const QString &vin : std::as_const(m_targets)) {
        const QStringList cells = row(dryRun.out, vin);
        QVERIFY2(cells.size() >= 5, qPrintable(dryRun.out));
        QCOMPARE(cells.at(2), u"yes"_s); // compatible
        QCOMPARE(cells.at(3), u"no"_s);  // not up to date
    }
    QVERIFY2(row(dryRun.out, m_otherRegion).isEmpty() && row(dryRun.out, m_otherModel).isEmpty(),
             qPrintable(dryRun.out));
    QVERIFY2(field(dryRun.out, u"Vehicles"_s).startsWith(u"3 (3 compatible, 0 up to date, 0 blocked)"_s),
             qPrintable(dryRun.out));
    QCOMPARE(field(dryRun.out, u"Wave sizes"_s), u"1, 2"_s);

    // Nobody approves their own campaign: the author (admin role through the local token) is
    // refused, and says why; the approver user may.
    const Run submitted = run({u"campaign"_s, u"submit"_s, id});
    QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.all()));
    QVERIFY2(submitted.out.contains(u"is now pending-approval."_s), qPrintable(submitted.out));
    const Run own = run({u"campaign"_s, u"approve"_s, id});
    QCOMPARE(own.exitCode, 1);
    QVERIFY2(own.err.contains(u"must be approved by someone other than its author (tester)"_s), qPrintable(own.err));
    QVERIFY2(own.err.contains(u"HTTP 403"_s), qPrintable(own.err));
    const Run approved = run({u"campaign"_s, u"approve"_s, id}, u"bob"_s);
    QVERIFY2(approved.exitCode == 0, qPrintable(approved.all()));
    QVERIFY2(approved.out.contains(u"is now approved."_s), qPrintable(approved.out));
    QVERIFY2(approved.out.contains(u"Targets frozen: 3 (3 waiting)"_s), qPrintable(approved.out));
    // An approver may not start it; the author does.
    const Run approverStarts = run({u"campaign"_s, u"start"_s, id}, u"bob"_s);
    QCOMPARE(approverStarts.exitCode, 1);
    QVERIFY2(approverStarts.err.contains(u"engineer or admin role"_s), qPrintable(approverStarts.err));

    const Run started = run({u"campaign"_s, u"start"_s, id});
    QVERIFY2(started.exitCode == 0, qPrintable(started.all()));
    QVERIFY2(started.out.contains(u"is now running."_s), qPrintable(started.out));

    // A vehicle of wave 2 waits for its wave and says so (wave 1 needs 100 % first).
    const Run vehicles = run({u"campaign"_s, u"vehicles"_s, id});
    QCOMPARE(vehicles.exitCode, 0);
    QString waiting;
    for (const QString &vin : std::as_const(m_targets)) {
        const QStringList cells = row(vehicles.out, vin);
        QVERIFY2(cells.size() >= 3, qPrintable(vehicles.out));
        if (cells.at(1) == u"2")
            waiting = vin;
    }
    QVERIFY2(!waiting.isEmpty(), qPrintable(vehicles.out));
    const Run whyWaiting = run({u"campaign"_s, u"why"_s, id, waiting});
    QCOMPARE(whyWaiting.exitCode, 0);
    QVERIFY2(whyWaiting.out.startsWith(waiting + u": "_s), qPrintable(whyWaiting.out));

    // status --wait follows the campaign while this thread drives the vehicles' sessions.
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(FLOTILLACTL_PATH), {u"--data-dir"_s, m_runtime->dataDir(), u"campaign"_s, u"status"_s,
                                                     id, u"--wait"_s, u"--interval"_s, u"1"_s});
    QVERIFY(process.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < WaitMs) {
        for (const auto &fleet : m_fleets)
            fleet->pollAll();
        QTest::qWait(500);
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        QFAIL("campaign status --wait did not return");
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(out + err));
    QCOMPARE(field(out, u"State"_s), u"completed"_s);
    QCOMPARE(field(out, u"Vehicles"_s), u"3 (3 succeeded)"_s);
    QCOMPARE(field(out, u"Approver"_s), u"bob"_s);
    QVERIFY2(row(out, u"1"_s).size() >= 6 && row(out, u"1"_s).at(5) == u"1", qPrintable(out)); // wave 1 succeeded
    QVERIFY2(row(out, u"2"_s).size() >= 6 && row(out, u"2"_s).at(5) == u"2", qPrintable(out));
    // The running report on stderr, a line per change.
    QVERIFY2(err.contains(u"campaign %1: running, wave 1 of 2"_s.arg(id)), qPrintable(err));

    for (const QString &vin : std::as_const(m_targets)) {
        const Run why = run({u"campaign"_s, u"why"_s, id, vin});
        QCOMPARE(why.exitCode, 0);
        QVERIFY2(why.out.startsWith(vin + u": It was updated"_s), qPrintable(why.out));
    }
    const Run whyOther = run({u"campaign"_s, u"why"_s, id, m_otherModel});
    QCOMPARE(whyOther.exitCode, 0);
    QVERIFY2(whyOther.out.contains(u"is not one of the campaign's vehicles"_s), qPrintable(whyOther.out));
    const Run whyUnknown = run({u"campaign"_s, u"why"_s, id, u"SZZZZZZZZ00000009"_s});
    QCOMPARE(whyUnknown.exitCode, 1);
    QVERIFY2(whyUnknown.err.contains(u"No vehicle SZZZZZZZZ00000009"_s), qPrintable(whyUnknown.err));

    const Run listed = run({u"campaign"_s, u"list"_s});
    QCOMPARE(listed.exitCode, 0);
    const QStringList line = row(listed.out, id);
    QVERIFY2(line.size() >= 7, qPrintable(listed.out));
    QCOMPARE(line.at(1), u"gateway 2.0 rollout"_s);
    QCOMPARE(line.at(3), u"completed"_s);
    QCOMPARE(line.at(4), u"2/2"_s); // the last wave
    QCOMPARE(line.at(5), u"tester"_s);
    QCOMPARE(line.at(6), u"bob"_s);
    const Run json = run({u"--json"_s, u"campaign"_s, u"list"_s});
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!json.json().value(u"campaigns"_s).toArray().isEmpty());
    QCOMPARE(json.json().value(u"count"_s).toInt(), json.json().value(u"campaigns"_s).toArray().size());

    // --wait on a finished campaign answers at once.
    const Run again = run({u"campaign"_s, u"status"_s, id, u"--wait"_s});
    QCOMPARE(again.exitCode, 0);
}

QTEST_GUILESS_MAIN(tst_CampaignApi)

#include "tst_campaign_api.moc"

// Migrations from every past schema version (STYLE.md 14). For each version there is a fixture,
// tests/data/store/v<N>.sql: an sqlite3 .dump of a database at version N holding realistic rows,
// and v<N>_migrated.json: what some of those rows must look like at the latest version. The test
// loads the dump, runs the real Database::open, and checks that
//   - every value that existed before is unchanged (all columns of all rows of all tables),
//   - the expected values of new columns and tables are there (v<N>_migrated.json),
//   - the schema is exactly the one a fresh database gets.
// Adding a schema version therefore means adding its fixture: see docs/dev/database.md.
//
// The fixtures were made with writeFixtures() below (FLOTILLA_WRITE_STORE_FIXTURES=<dir>) and
// dumped once with `sqlite3 <dir>/v<N>.db .dump > tests/data/store/v<N>.sql`.

#include "server/store/Database.h"
#include "server/store/SqlScript.h"
#include "tests/support/TestSupport.h"
#include "tests/tst_store_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::store;
using flotilla::test::RawConnection;

namespace {

// Every schema version that has a fixture. Must list 1..latest: a new migration fails this test
// until its version has a fixture too.
constexpr int DB_VERSIONS[] = {1, 2, 3, 4, 5};

using Row = QVariantMap;
using Tables = QMap<QString, QList<Row>>;

QStringList userTables(const QSqlDatabase &db)
{
    QStringList tables = db.tables(QSql::Tables);
    tables.removeIf([](const QString &name) { return name.startsWith(u"sqlite_"); });
    tables.sort();
    return tables;
}

// Every row of every table, in rowid order (insertion order for our tables).
Tables readAll(const QSqlDatabase &db)
{
    Tables tables;
    for (const QString &table : userTables(db)) {
        QSqlQuery query(db);
        if (!query.exec(u"SELECT * FROM "_s + table + u" ORDER BY rowid")) {
            qWarning("read %s: %s", qPrintable(table), qPrintable(query.lastError().text()));
            continue;
        }
        QList<Row> rows;
        while (query.next()) {
            Row row;
            const QSqlRecord record = query.record();
            for (int i = 0; i < record.count(); ++i)
                row.insert(record.fieldName(i), record.value(i));
            rows.append(row);
        }
        tables.insert(table, rows);
    }
    return tables;
}

// The schema as SQLite stores it: what a migrated file must share with a fresh one.
QStringList schemaOf(const QSqlDatabase &db)
{
    QStringList schema;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master "
                    u"WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"_s))
        return {query.lastError().text()};
    while (query.next())
        schema.append(query.value(0).toString());
    return schema;
}

Status execScript(const QSqlDatabase &db, const QString &script)
{
    const Result<QStringList> statements = splitSqlScript(script);
    if (!statements.ok())
        return statements.error();
    QSqlQuery query(db);
    for (const QString &statement : statements.value()) {
        if (!query.exec(statement))
            return Error(statement.left(80) + u": " + query.lastError().text());
    }
    return {};
}

Status exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) ? Status() : Status(Error(sql.left(80) + u": " + query.lastError().text()));
}

// Realistic rows, written with the columns each version has (hard-coded, as the migrations are:
// this code must keep producing the old shapes after the schema has moved on).
Status insertFixtureRows(const QSqlDatabase &db, int version)
{
    QStringList statements;
    if (version >= 1) {
        statements << uR"(INSERT INTO vehicles (id, vin, dev_id, state, manufacturer, model, oem, dev_type, fw_version,
            sw_version, hw_version, language, dm_version, codecs, delta_max_memory_mib, ecus, rxswin, registered_at,
            last_seen_at, last_address, updated_at) VALUES
            (1, 'WVWZZZ1JZXW000001', 'IMEI:356938035643809', 'accepted', 'Volkswagen', 'Golf VIII', 'VW Group', 'TCU',
             '1.2.0', '2024.05.1', 'B2', 'de-DE', '2.0', '["zstd-delta","bsdiff"]', 64,
             '[{"Ecu":"TCU","HwId":"TCU-B2","SwV":"2024.05.1"},{"Ecu":"BCM","HwId":"BCM-7","SwV":"7.1.3"}]',
             '["R156-VW-0001"]', 1767225600000, 1767312000000, '192.0.2.10:50443', 1767312000000),
            (2, 'JN1AZ4EH7DM430112', 'SN:NS-0042', 'pending', 'Nissan', 'Leaf', 'Nissan', 'TCU', '', '', '', 'ja-JP',
             '2.0', '[]', NULL, '[]', '[]', 1767398400000, 0, '', 1767398400000),
            (3, 'TMBJJ7NE8J0123456', 'IMEI:490154203237518', 'blocked', 'Škoda', 'Octavia', 'VW Group', 'HU',
             '3.0.1', '3.0.1-r7', 'C', 'cs-CZ', '2.0', '["xdelta3"]', 32,
             '[{"Ecu":"HU","HwId":"HU-C","SwV":"3.0.1-r7"}]', '[]', 1767000000000, 1767100000000,
             '[2001:db8::7]:443', 1767200000000))"_s;
        statements << uR"(INSERT INTO registrations (id, vehicle_id, dev_id, state, proof, nonce, peer_address,
            dev_info, csr, requested_at, decided_at, decided_by, reason) VALUES
            (1, 1, 'IMEI:356938035643809', 'issued', 'valid', 'n-7f3a9c', '192.0.2.10',
             '{"DevId":"IMEI:356938035643809","Man":"Volkswagen","Mod":"Golf VIII"}', '', 1767225600000,
             1767225600000, '', ''),
            (2, 2, 'SN:NS-0042', 'pending', 'missing', '', '198.51.100.20', '{"DevId":"SN:NS-0042","Man":"Nissan"}',
             '', 1767398400000, 0, '', ''),
            (3, 3, 'IMEI:490154203237518', 'accepted', 'invalid', 'n-0b11', '203.0.113.5',
             '{"DevId":"IMEI:490154203237518"}', '-----BEGIN CERTIFICATE REQUEST-----', 1767000000000,
             1767000500000, 'alice', 'known test vehicle'))"_s;
        statements << uR"(INSERT INTO tokens (hash, vehicle_id, dev_id, client_cert_sha256, issued_at, expires_at,
            revoked_at) VALUES
            ('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 1, 'IMEI:356938035643809',
             'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 1767225600000, 1798761600000, 0),
            ('2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae', 3, 'IMEI:490154203237518', '',
             1767000600000, 1798536600000, 1767100000000))"_s;
    }
    if (version >= 2) {
        statements << u"UPDATE vehicles SET session_count = 12 WHERE id = 1"_s;
        statements << u"UPDATE vehicles SET session_count = 3 WHERE id = 3"_s;
        statements << uR"(INSERT INTO dm_sessions (id, vehicle_id, reason, notification_id, state, started_at,
            ended_at, packages, pending_commands, peer_address, outcome) VALUES
            (1, 1, 'client', '', 'ended', 1767311990000, 1767312000000, 3, '[]', '192.0.2.10:50443', 'ended'),
            (2, 3, 'server', 'ntf-77', 'abandoned', 1767099990000, 1767100000000, 1, '[]', '[2001:db8::7]:443',
             'abandoned: new package #1'),
            (3, 1, 'server', 'ntf-78', 'open', 1767312100000, 0, 1,
             '[{"CmdID":"4","Cmd":"Get","Target":"./DevInfo/SwV"}]', '192.0.2.10:50443', ''))"_s;
        statements << uR"(INSERT INTO mo_snapshots (vehicle_id, moid, client_uri, data, received_at) VALUES
            (1, 'urn:oma:mo:oma-dm-devinfo:1.2', './DevInfo',
             '{"DevId":"IMEI:356938035643809","Lang":"de-DE","Man":"Volkswagen","Mod":"Golf VIII"}', 1767312000000),
            (1, 'urn:oma:mo:oma-scomo:1.0', './SCOMO', '{"Inventory":{"Deployed":["tcu-fw"]}}', 1767312000000))"_s;
        statements << uR"(INSERT INTO events (at, kind, vehicle_id, vin, actor, summary, data) VALUES
            (1767225600000, 'vehicle.registered', 1, 'WVWZZZ1JZXW000001', 'vehicle', 'registered with a valid proof',
             '{"proof":"valid"}'),
            (1767000500000, 'registration.accepted', 3, 'TMBJJ7NE8J0123456', 'alice', 'accepted by alice', '{}'),
            (1767312000000, 'server.started', NULL, '', 'system', 'server started', '{"version":"0.1.0"}'))"_s;
    }
    if (version >= 3) {
        // Two TCU releases and a BCM image; a delta between the TCU images (one built, one that
        // failed); an update job in flight and a finished one; an active and a next signing key.
        statements << uR"(INSERT INTO blobs (sha256, sha1, md5, length, kind, created_at) VALUES
            ('b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7',
             '24cdb4cbd08e72ef185157fb31cf169d8aa07172', 'd8fdef677635fb55553028bb75e2d9ea', 73400320, 'image',
             1767400000000),
            ('c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a',
             'a9b6fc46e908d476ab8648c8adbba94c9e9be04a', '9a8da8ae527cfabaa9bd84625f6285e9', 73531392, 'image',
             1767500000000),
            ('7e6ec16e80d0e46bec004bd71cc04eb5362ff73f1fc7658d41809cb454909de0',
             'f68c2e63be7997ccbad967f1618f2daa0f9ae1ac', 'c12867b28f7f3fcabd8a1a2ae1ff9f1a', 2097152, 'image',
             1767500000000),
            ('dec4fb53d325001db8c5120ee94bfc035a4cc8b4fb5351b1990bc6508d83d618',
             '3f0fd335a9e574817863b969c5c8d1d01f34607a', '9c92436c40d119adb2b8180b1a032ad6', 1234567, 'delta',
             1767500600000),
            ('8403e3447c584e410a359d66c91b42b8f1cc8bc0940ca46a02ede82e9d54bc90',
             '721fd8e2a22812aa8124e567a206115308677ce9', 'b386bc714cec0e8b364e2244a08dea59', 2841, 'instruction',
             1767510000000),
            ('8a2a9b8762ea05e30402bb3b848a05450c9fd49b546f0657dd0c271e343daaee',
             '4b8273c368722f58034909ef78e8a786ef847dc3', '58471c130c6b1610b41142f8e235577a', 2790, 'instruction',
             1767401000000))"_s;
        statements << uR"(INSERT INTO releases (id, name, version, release_counter, kind, hw_ids, rxswin,
            preconditions, user_text, dtcs_to_clear, oem_signature, oem_key_id, created_at, created_by) VALUES
            (1, 'tcu-firmware', '2024.05.1', 41, 'firmware', '["TCU-B2"]', '["R156-VW-0001"]',
             '{"Consent":"required","IgnitionOff":true,"MinBatteryPct":50,"Parked":true}',
             '{"de":"Verbessert die Verbindung.","en":"Improves connectivity."}', '[]', 'none', '', 1767400000000,
             'alice'),
            (2, 'tcu-firmware', '2024.09.0', 42, 'firmware', '["TCU-B2","BCM-7"]', '["R156-VW-0002"]',
             '{"Consent":"not-required","IgnitionOff":true,"MinBatteryPct":60,"Parked":true}',
             '{"en":"Faster start-up. The vehicle cannot be used for 20 minutes."}', '["P0A80","U0100"]', 'valid',
             '73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167', 1767500000000, 'ci'))"_s;
        statements << uR"(INSERT INTO release_targets (release_id, ecu, hw_id, version, blob_sha256, position) VALUES
            (1, 'TCU', 'TCU-B2', '2024.05.1', 'b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7', 0),
            (2, 'TCU', 'TCU-B2', '2024.09.0', 'c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a', 0),
            (2, 'BCM', 'BCM-7', '7.2.0', '7e6ec16e80d0e46bec004bd71cc04eb5362ff73f1fc7658d41809cb454909de0', 1))"_s;
        statements << uR"(INSERT INTO deltas (id, codec, from_sha256, to_sha256, blob_sha256, length, state, verified,
            build_ms, build_peak_bytes, apply_memory_bytes, error, created_at) VALUES
            (1, 'zstd-patch', 'b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7',
             'c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a',
             'dec4fb53d325001db8c5120ee94bfc035a4cc8b4fb5351b1990bc6508d83d618', 1234567, 'ready', 1, 5400,
             301989888, 134217728, '', 1767500000000),
            (2, 'x-bsdiff', 'b287492b865681c925e7892a72df0e14786df8d31f667767a0684624882b6cf7',
             'c9d6e164e2dc66529f9588ebe2a8a8c1e09f457995aa16eddec95219dda0012a', NULL, 0, 'failed', 0, 120, 0, 0,
             'out of memory', 1767500000000))"_s;
        statements << uR"(INSERT INTO update_jobs (id, vehicle_id, release_id, state, progress, result_code, reason,
            instruction_sha256, payload_bytes, bytes_served, deferred_until, report, created_at, created_by,
            updated_at, finished_at) VALUES
            (1, 1, 2, 'downloading', 40, 0, '', '8403e3447c584e410a359d66c91b42b8f1cc8bc0940ca46a02ede82e9d54bc90',
             3331719, 1332687, 0, '{}', 1767510000000, 'alice', 1767510060000, 0),
            (2, 3, 1, 'succeeded', 100, 200, '', '8a2a9b8762ea05e30402bb3b848a05450c9fd49b546f0657dd0c271e343daaee',
             73400320, 73400320, 0, '{"DtcsCleared":[],"Targets":[{"Ecu":"TCU","Ok":true,"To":"2024.05.1"}]}',
             1767401000000, 'alice', 1767405000000, 1767405000000))"_s;
        statements << uR"(INSERT INTO signing_keys (key_id, public_pem, state, created_at, changed_at) VALUES
            ('73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167',
             '-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEANaylSLpCYoAfwsSVPCSIaMhAraCFzvm1jG8Jg9F66Iw=
-----END PUBLIC KEY-----
', 'active', 1767225000000, 1767225000000),
            ('a6ae7dc289a8c367f16cd576808f49538bd1cc780ff32f2c54913516e81fee08',
             '-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAg3eRnm6EcBYqAPFwyjESP1auG81ZN67PqVnOurszjIE=
-----END PUBLIC KEY-----
', 'next', 1767500000000, 1767500000000))"_s;
        statements << uR"(INSERT INTO vehicle_signing_keys (vehicle_id, key_id, delivered_at) VALUES
            (1, '73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167', 1767225600000),
            (3, '73b08f508cff08144210a56f1d9558f0e1bc5dd2bca04800de25091b12d67167', 1767000600000),
            (1, 'a6ae7dc289a8c367f16cd576808f49538bd1cc780ff32f2c54913516e81fee08', 1767510000000))"_s;
    }
    if (version >= 4) {
        // An engineer and an approver (one logged in); a running campaign of release 2 in two waves:
        // vehicle 3 has its campaign job, vehicle 1 waits (busy with its hand-made job); vehicle 1 is tagged.
        statements << u"UPDATE vehicles SET tags = '[\"fleet-a\",\"test-lab\"]' WHERE id = 1"_s;
        statements << uR"(INSERT INTO users (id, name, display_name, role, password_hash, disabled, created_at,
            created_by, last_login_at) VALUES
            (1, 'alice', 'Alice Example', 'engineer', 'scrypt$15$8$1$c2FsdC1hbGljZQ$aGFzaC1hbGljZQ', 0, 1767200000000,
             'admin', 1767510000000),
            (2, 'bob', 'Bob Approver', 'approver', 'scrypt$15$8$1$c2FsdC1ib2I$aGFzaC1ib2I', 0, 1767200000000, 'admin',
             0))"_s;
        statements << uR"(INSERT INTO user_sessions (token_hash, user_id, created_at, expires_at) VALUES
            ('5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5', 1, 1767510000000, 1767553200000))"_s;
        statements << uR"(INSERT INTO campaigns (id, name, release_id, state, spec, revision, approved_spec,
            approved_revision, author, approver, reason, current_wave, created_at, updated_at, approved_at, started_at,
            finished_at) VALUES
            (1, 'TCU 2024.09 rollout', 2, 'running',
             '{"name":"TCU 2024.09 rollout","release":2,"waves":[{"percent":50,"successPercent":90},{"percent":100,"successPercent":90}]}',
             2, '{"name":"TCU 2024.09 rollout","release":2,"waves":[{"percent":50,"successPercent":90},{"percent":100,"successPercent":90}]}',
             2, 'alice', 'bob', '', 0, 1767505000000, 1767510000000, 1767508000000, 1767510000000, 0))"_s;
        statements << uR"(INSERT INTO update_jobs (id, vehicle_id, release_id, state, progress, result_code, reason,
            instruction_sha256, payload_bytes, bytes_served, deferred_until, report, created_at, created_by,
            updated_at, finished_at, campaign_id, download_only) VALUES
            (3, 3, 2, 'queued', 0, 0, '', '', 0, 0, 0, '{}', 1767510000000, 'system', 1767510000000, 0, 1, 0))"_s;
        statements << uR"(INSERT INTO campaign_vehicles (campaign_id, vehicle_id, wave, state, job_id, attempts, reason,
            updated_at) VALUES
            (1, 3, 0, 'active', 3, 1, '', 1767510000000),
            (1, 1, 1, 'waiting', NULL, 0, 'busy with update job 1 (downloading)', 1767510000000))"_s;
    }
    if (version >= 5) {
        // Remote commands: a Lock that succeeded, an EngineStart the vehicle refused, a bulk climate
        // command to two vehicles (one still queued, one expired while the vehicle was offline).
        statements << uR"(INSERT INTO command_bulks (id, operation, actor, vehicles, created_at) VALUES
            (1, 'ClimateOn', 'alice', 2, 1767520000000))"_s;
        statements << uR"(INSERT INTO commands (id, vehicle_id, operation, arguments, state, result_code, reason,
            result, actor, bulk_id, created_at, expires_at, sent_at, finished_at, deliveries) VALUES
            (1, 1, 'Lock', '{}', 'succeeded', 200, '', '{"Status":{"Engine":"off","Locked":true}}', 'alice', NULL,
             1767515000000, 1767515060000, 1767515000150, 1767515000420, 1),
            (2, 1, 'EngineStart', '{}', 'refused', 409, 'doors are unlocked', '{}', 'alice', NULL, 1767516000000,
             1767516060000, 1767516000100, 1767516000300, 1),
            (3, 1, 'ClimateOn', '{"TargetC":22}', 'queued', 0, '', '{}', 'alice', 1, 1767520000000, 1767520060000, 0, 0,
             0),
            (4, 3, 'ClimateOn', '{"TargetC":22}', 'expired', 0, 'not delivered before its expiry', '{}', 'alice', 1,
             1767520000000, 1767520060000, 0, 1767520061000, 0))"_s;
    }
    for (const QString &statement : std::as_const(statements)) {
        if (Status status = exec(db, statement); !status.ok())
            return status;
    }
    return {};
}

} // namespace

class TestStoreMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyVersionHasAFixture();
    void migratesFromEveryVersion_data();
    void migratesFromEveryVersion();
    void migratesFromVersionZero();
    void fixtureRowsMatchTheirVersion_data();
    void fixtureRowsMatchTheirVersion();
    void writeFixtures();
};

void TestStoreMigrations::everyVersionHasAFixture()
{
    const int latest = Database::latestSchemaVersion(u"QSQLITE"_s);
    QList<int> expected;
    for (int v = 1; v <= latest; ++v)
        expected.append(v);
    QCOMPARE(QList<int>(std::begin(DB_VERSIONS), std::end(DB_VERSIONS)), expected);
    for (int v : DB_VERSIONS) {
        QVERIFY2(!test::testData(u"store/v%1.sql"_s.arg(v)).isEmpty(), qPrintable(u"missing v%1.sql"_s.arg(v)));
        QVERIFY2(!test::testData(u"store/v%1_migrated.json"_s.arg(v)).isEmpty(),
                 qPrintable(u"missing v%1_migrated.json"_s.arg(v)));
    }
}

void TestStoreMigrations::migratesFromEveryVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v : DB_VERSIONS)
        QTest::addRow("v%d", v) << v;
}

void TestStoreMigrations::migratesFromEveryVersion()
{
    QFETCH(int, version);
    const int latest = Database::latestSchemaVersion(u"QSQLITE"_s);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"store.db"_s);

    // Load the dump: a database at `version`, as that version left it.
    Tables before;
    {
        RawConnection raw(path);
        const Status loaded = execScript(raw.db(), QString::fromUtf8(test::testData(u"store/v%1.sql"_s.arg(version))));
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorString()));
        QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), version);
        before = readAll(raw.db());
        before.remove(u"schema_version"_s);
        QVERIFY(!before.value(u"vehicles"_s).isEmpty());
    }

    // The real open path.
    DatabaseOptions options;
    options.path = path;
    auto opened = Database::open(options);
    QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
    std::shared_ptr<Database> database = opened.value();
    QCOMPARE(database->schemaVersion(), latest);
    QSqlDatabase db = database->connection();
    const Tables after = readAll(db);

    // 1. Nothing that existed was lost or changed.
    for (auto table = before.cbegin(); table != before.cend(); ++table) {
        const QList<Row> &oldRows = table.value();
        const QList<Row> newRows = after.value(table.key());
        QCOMPARE(newRows.size(), oldRows.size());
        for (qsizetype i = 0; i < oldRows.size(); ++i) {
            for (auto column = oldRows[i].cbegin(); column != oldRows[i].cend(); ++column) {
                const QVariant now = newRows[i].value(column.key());
                QVERIFY2(now == column.value() && now.isNull() == column.value().isNull(),
                         qPrintable(u"%1 row %2 column %3: %4 became %5"_s.arg(table.key())
                                        .arg(i)
                                        .arg(column.key(), column.value().toString(), now.toString())));
            }
        }
    }

    // 2. New columns and tables hold what the migration promises.
    const QJsonObject expected =
        QJsonDocument::fromJson(test::testData(u"store/v%1_migrated.json"_s.arg(version))).object();
    const QJsonObject expectedTables = expected.value(u"tables"_s).toObject();
    QVERIFY(!expectedTables.isEmpty());
    for (auto table = expectedTables.begin(); table != expectedTables.end(); ++table) {
        const QJsonArray rows = table.value().toArray();
        const QList<Row> actual = after.value(table.key());
        QVERIFY2(after.contains(table.key()), qPrintable(table.key()));
        QCOMPARE(actual.size(), rows.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonObject row = rows.at(i).toObject();
            for (auto column = row.begin(); column != row.end(); ++column) {
                const QVariant cell = actual[i].value(column.key());
                const QJsonValue value = cell.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(cell);
                QVERIFY2(value == column.value(), qPrintable(u"%1 row %2 column %3: %4, expected %5"_s.arg(table.key())
                                                                 .arg(i)
                                                                 .arg(column.key(), value.toVariant().toString(),
                                                                      column.value().toVariant().toString())));
            }
        }
    }

    // 3. The same schema as a database created at the latest version, and every step recorded.
    QTemporaryDir freshDir;
    std::shared_ptr<Database> fresh = test::openStore(freshDir);
    QVERIFY(fresh);
    QCOMPARE(schemaOf(db), schemaOf(fresh->connection()));
    QList<int> recorded;
    QSqlQuery steps(db);
    QVERIFY(steps.exec(u"SELECT version FROM schema_version ORDER BY version"_s));
    while (steps.next())
        recorded.append(steps.value(0).toInt());
    QList<int> all;
    for (int v = 1; v <= latest; ++v)
        all.append(v);
    QCOMPARE(recorded, all);

    // 4. The constraints came along: the event log is still append-only, foreign keys hold.
    QSqlQuery check(db);
    QVERIFY(!check.exec(u"DELETE FROM events"_s) || after.value(u"events"_s).isEmpty());
    QVERIFY(!check.exec(u"INSERT INTO tokens (hash, vehicle_id, dev_id, issued_at, expires_at) "
                        u"VALUES ('x', 999, 'd', 1, 2)"_s));
}

void TestStoreMigrations::migratesFromVersionZero()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"zero.db"_s);
    {
        RawConnection raw(path); // an SQLite file with nothing in it
        QVERIFY(raw.exec(u"PRAGMA user_version = 0"_s));
        QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), 0);
    }
    std::shared_ptr<Database> database = test::openStore(dir, u"zero.db"_s);
    QVERIFY(database);
    QCOMPARE(database->schemaVersion(), Database::latestSchemaVersion(u"QSQLITE"_s));
    QTemporaryDir freshDir;
    std::shared_ptr<Database> fresh = test::openStore(freshDir);
    QVERIFY(fresh);
    QCOMPARE(schemaOf(database->connection()), schemaOf(fresh->connection()));
}

void TestStoreMigrations::fixtureRowsMatchTheirVersion_data()
{
    migratesFromEveryVersion_data();
}

void TestStoreMigrations::fixtureRowsMatchTheirVersion()
{
    // The committed dump holds what insertFixtureRows() writes at that version, so that the rows
    // above are the documented ones and the fixture can be rebuilt.
    QFETCH(int, version);
    QTemporaryDir dir;
    Tables fromDump;
    Tables rebuilt;
    {
        RawConnection raw(dir.filePath(u"dump.db"_s));
        QVERIFY(execScript(raw.db(), QString::fromUtf8(test::testData(u"store/v%1.sql"_s.arg(version)))).ok());
        fromDump = readAll(raw.db());
    }
    {
        RawConnection raw(dir.filePath(u"rebuilt.db"_s));
        QVERIFY(raw.exec(u"PRAGMA foreign_keys = ON"_s));
        QVERIFY(Database::migrateTo(raw.db(), u"QSQLITE"_s, version).ok());
        const Status inserted = insertFixtureRows(raw.db(), version);
        QVERIFY2(inserted.ok(), qPrintable(inserted.errorString()));
        rebuilt = readAll(raw.db());
    }
    fromDump.remove(u"schema_version"_s); // applied_at differs
    rebuilt.remove(u"schema_version"_s);
    QCOMPARE(fromDump.keys(), rebuilt.keys());
    for (const QString &table : fromDump.keys())
        QVERIFY2(fromDump.value(table) == rebuilt.value(table), qPrintable(table));
}

void TestStoreMigrations::writeFixtures()
{
    const QString target = qEnvironmentVariable("FLOTILLA_WRITE_STORE_FIXTURES");
    if (target.isEmpty())
        QSKIP("set FLOTILLA_WRITE_STORE_FIXTURES=<dir> to write v<N>.db files to dump");
    QVERIFY(QDir().mkpath(target));
    for (int version = 1; version <= Database::latestSchemaVersion(u"QSQLITE"_s); ++version) {
        const QString path = QDir(target).filePath(u"v%1.db"_s.arg(version));
        QFile::remove(path);
        RawConnection raw(path);
        QVERIFY(raw.exec(u"PRAGMA foreign_keys = ON"_s));
        const Status migrated = Database::migrateTo(raw.db(), u"QSQLITE"_s, version);
        QVERIFY2(migrated.ok(), qPrintable(migrated.errorString()));
        const Status inserted = insertFixtureRows(raw.db(), version);
        QVERIFY2(inserted.ok(), qPrintable(inserted.errorString()));
        qInfo("wrote %s: dump it with  sqlite3 %s .dump > tests/data/store/v%d.sql", qPrintable(path), qPrintable(path),
              version);
    }
}

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "tst_store_migrations.moc"

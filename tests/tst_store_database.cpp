// Database: creation, pragmas, per-thread connections, migrations (failing ones included), the
// refusal of a newer schema, and the migration script splitter.

#include "server/store/Database.h"
#include "server/store/SqlScript.h"
#include "tests/tst_store_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtTest>

#include <thread>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::store;
using flotilla::test::RawConnection;

namespace {

const QStringList kTables = {u"vehicles"_s,       u"registrations"_s,
                             u"tokens"_s,         u"dm_sessions"_s,
                             u"mo_snapshots"_s,   u"events"_s,
                             u"schema_version"_s, u"blobs"_s,
                             u"releases"_s,       u"release_targets"_s,
                             u"deltas"_s,         u"update_jobs"_s,
                             u"signing_keys"_s,   u"vehicle_signing_keys"_s};

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

void copyResource(const QString &from, const QString &to)
{
    QFile::remove(to);
    QVERIFY(QFile::copy(from, to));
    QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

} // namespace

class TestStoreDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsFileAtLatestVersion();
    void pragmasOnEveryConnection();
    void reopensExistingDatabase();
    void emptyFileIsVersionZero();
    void connectionsArePerThreadAndRemoved();
    void refusesNewerDatabaseUntouched();
    void refusesUnknownDriverAndMissingPath();
    void failedMigrationKeepsPreviousVersion();
    void failedStepAfterGoodStepKeepsTheGoodOne();
    void migrationNumberingMustBeContiguous();
    void migrateToGoesForwardOnly();
    void splitSqlScript_data();
    void splitSqlScript();
    void splitsShippedMigrations();
};

void TestStoreDatabase::createsFileAtLatestVersion()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"nested/folders/store.db"_s);
    DatabaseOptions options;
    options.path = path;
    auto opened = Database::open(options);
    QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
    std::shared_ptr<Database> database = opened.value();
    QVERIFY(QFile::exists(path));

    const int latest = Database::latestSchemaVersion(u"QSQLITE"_s);
    QVERIFY(latest >= 2);
    QCOMPARE(database->schemaVersion(), latest);
    QSqlDatabase db = database->connection();
    QCOMPARE(Database::storedSchemaVersion(db).valueOr(-1), latest);
    const QStringList tables = db.tables();
    for (const QString &table : kTables)
        QVERIFY2(tables.contains(table), qPrintable(table));
    // One schema_version row per applied step, in order.
    QCOMPARE(test::queryValue(db, u"SELECT COUNT(*) FROM schema_version"_s).toInt(), latest);
    QCOMPARE(test::queryValue(db, u"SELECT name FROM schema_version WHERE version = 1"_s).toString(),
             u"0001_inventory"_s);
}

void TestStoreDatabase::pragmasOnEveryConnection()
{
    QTemporaryDir dir;
    std::shared_ptr<Database> database = test::openStore(dir);
    QVERIFY(database);
    auto check = [&](QString *failure) {
        QSqlDatabase db = database->connection();
        const QList<std::pair<QString, QString>> expected = {
            {u"journal_mode"_s, u"wal"_s},
            {u"synchronous"_s, u"2"_s}, // FULL
            {u"foreign_keys"_s, u"1"_s},
            {u"busy_timeout"_s, u"5000"_s},
        };
        for (const auto &[pragma, value] : expected) {
            const QString actual = test::queryValue(db, u"PRAGMA "_s + pragma).toString();
            if (actual != value)
                *failure += pragma + u" = " + actual + u"; ";
        }
    };
    QString mainFailure;
    check(&mainFailure);
    QVERIFY2(mainFailure.isEmpty(), qPrintable(mainFailure));
    QString threadFailure;
    std::thread other([&] { check(&threadFailure); });
    other.join();
    QVERIFY2(threadFailure.isEmpty(), qPrintable(threadFailure));
}

void TestStoreDatabase::reopensExistingDatabase()
{
    QTemporaryDir dir;
    {
        std::shared_ptr<Database> database = test::openStore(dir);
        QVERIFY(database);
        QSqlQuery insert(database->connection());
        QVERIFY(insert.exec(u"INSERT INTO vehicles (vin, dev_id, state, registered_at, updated_at) "
                            u"VALUES ('VIN00000000000001', 'dev-1', 'accepted', 1, 2)"_s));
    }
    std::shared_ptr<Database> database = test::openStore(dir);
    QVERIFY(database);
    QSqlDatabase db = database->connection();
    QCOMPARE(test::queryValue(db, u"SELECT dev_id FROM vehicles"_s).toString(), u"dev-1"_s);
    // Nothing was applied twice.
    QCOMPARE(test::queryValue(db, u"SELECT COUNT(*) FROM schema_version"_s).toInt(),
             Database::latestSchemaVersion(u"QSQLITE"_s));
}

void TestStoreDatabase::emptyFileIsVersionZero()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"empty.db"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    {
        RawConnection raw(path);
        QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), 0);
    }
    std::shared_ptr<Database> database = test::openStore(dir, u"empty.db"_s);
    QVERIFY(database);
    QCOMPARE(database->schemaVersion(), Database::latestSchemaVersion(u"QSQLITE"_s));
}

void TestStoreDatabase::connectionsArePerThreadAndRemoved()
{
    QTemporaryDir dir;
    QStringList before = QSqlDatabase::connectionNames();
    QString mainName;
    QString threadName;
    {
        std::shared_ptr<Database> database = test::openStore(dir);
        QVERIFY(database);
        mainName = database->connection().connectionName();
        QCOMPARE(database->connection().connectionName(), mainName); // the same one on this thread
        bool threadSawOpen = false;
        std::thread other([&] {
            QSqlDatabase db = database->connection();
            threadName = db.connectionName();
            threadSawOpen = db.isOpen() && test::queryValue(db, u"SELECT COUNT(*) FROM vehicles"_s).toInt() == 0;
        });
        other.join();
        QVERIFY(threadSawOpen);
        QVERIFY(threadName != mainName);
        // The thread has ended: its connection is gone; this thread's is still there.
        const QStringList names = QSqlDatabase::connectionNames();
        QVERIFY(!names.contains(threadName));
        QVERIFY(names.contains(mainName));
    }
    // ~Database removed this thread's connection.
    QVERIFY(!QSqlDatabase::connectionNames().contains(mainName));
    QCOMPARE(QSqlDatabase::connectionNames(), before);
}

void TestStoreDatabase::refusesNewerDatabaseUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.db"_s);
    const int latest = Database::latestSchemaVersion(u"QSQLITE"_s);
    {
        std::shared_ptr<Database> database = test::openStore(dir);
        QVERIFY(database);
    }
    {
        RawConnection raw(path);
        QVERIFY(raw.exec(u"INSERT INTO vehicles (vin, dev_id, state, registered_at, updated_at) "
                         u"VALUES ('VIN00000000000009', 'dev-9', 'pending', 1, 2)"_s));
        QVERIFY(
            raw.exec(u"INSERT INTO schema_version (version, name, applied_at) VALUES (%1, 'from_the_future', 0)"_s.arg(
                latest + 1)));
    }
    const QByteArray hashBefore = fileHash(path);
    QVERIFY(!hashBefore.isEmpty());

    DatabaseOptions options;
    options.path = path;
    auto opened = Database::open(options);
    QVERIFY(!opened.ok());
    const QString message = opened.errorString();
    QVERIFY2(message.contains(u"version %1"_s.arg(latest + 1)), qPrintable(message));
    QVERIFY2(message.contains(u"version %1"_s.arg(latest)), qPrintable(message));
    QVERIFY2(message.contains(path), qPrintable(message));
    QCOMPARE(storeError(opened.error()), StoreError::Schema);

    QCOMPARE(fileHash(path), hashBefore);
    RawConnection raw(path);
    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), latest + 1);
    QCOMPARE(raw.value(u"SELECT dev_id FROM vehicles"_s).toString(), u"dev-9"_s);
}

void TestStoreDatabase::refusesUnknownDriverAndMissingPath()
{
    DatabaseOptions noDriver;
    noDriver.driver = u"QNOSUCHDRIVER"_s;
    noDriver.path = u"/tmp/unused.db"_s;
    auto opened = Database::open(noDriver);
    QVERIFY(!opened.ok());
    QVERIFY2(opened.errorString().contains(u"QNOSUCHDRIVER"), qPrintable(opened.errorString()));

    DatabaseOptions noPath;
    opened = Database::open(noPath);
    QVERIFY(!opened.ok());
    QCOMPARE(storeError(opened.error()), StoreError::NotOpen);

    QCOMPARE(Database::latestSchemaVersion(u"QNOSUCHDRIVER"_s), 0);
    QCOMPARE(Database::migrationDirectory(u"QPSQL"_s), u":/sql/postgres"_s);
}

void TestStoreDatabase::failedMigrationKeepsPreviousVersion()
{
    // Every shipped step plus one more that fails halfway: its first statements must not stay.
    QTemporaryDir dir;
    const QString migrations = dir.filePath(u"migrations"_s);
    QVERIFY(QDir().mkpath(migrations));
    const QStringList shipped = QDir(u":/sql/sqlite"_s).entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    const int latest = Database::latestSchemaVersion(u"QSQLITE"_s);
    QCOMPARE(shipped.size(), latest);
    for (const QString &name : shipped)
        copyResource(u":/sql/sqlite/"_s + name, migrations + u'/' + name);
    const int broken = latest + 1;
    const QString brokenName = u"%1_broken"_s.arg(broken, 4, 10, QChar(u'0'));
    {
        QFile file(migrations + u'/' + brokenName + u".sql");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-- a step that fails on its third statement\n"
                   "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n"
                   "ALTER TABLE vehicles ADD COLUMN half_done_id INTEGER;\n"
                   "INSERT INTO no_such_table VALUES (1);\n");
    }
    const QString path = dir.filePath(u"store.db"_s);
    {
        std::shared_ptr<Database> database = test::openStore(dir);
        QVERIFY(database);
    }
    RawConnection raw(path);
    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), latest);
    const Status migrated = Database::migrateTo(raw.db(), u"QSQLITE"_s, broken, migrations);
    QVERIFY(!migrated.ok());
    QVERIFY2(migrated.errorString().contains(brokenName), qPrintable(migrated.errorString()));
    QVERIFY2(migrated.errorString().contains(u"statement 3"), qPrintable(migrated.errorString()));
    QVERIFY2(migrated.errorString().contains(u"no_such_table"), qPrintable(migrated.errorString()));
    QCOMPARE(storeError(migrated.error()), StoreError::Schema);

    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), latest);
    QVERIFY(!raw.db().tables().contains(u"half_done"_s));
    QCOMPARE(raw.value(u"SELECT COUNT(*) FROM pragma_table_info('vehicles') WHERE name = 'half_done_id'"_s).toInt(), 0);
    // The connection is usable afterwards: no transaction was left open.
    QVERIFY(raw.exec(u"BEGIN IMMEDIATE"_s));
    QVERIFY(raw.exec(u"ROLLBACK"_s));
}

void TestStoreDatabase::failedStepAfterGoodStepKeepsTheGoodOne()
{
    QTemporaryDir dir;
    const QString migrations = dir.filePath(u"migrations"_s);
    QVERIFY(QDir().mkpath(migrations));
    copyResource(u":/sql/sqlite/0001_inventory.sql"_s, migrations + u"/0001_inventory.sql");
    {
        QFile broken(migrations + u"/0002_broken.sql");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("CREATE TABLE dm_sessions (id INTEGER PRIMARY KEY);\nCREATE TABLE dm_sessions (id INTEGER);\n");
    }
    const QString path = dir.filePath(u"fresh.db"_s);
    RawConnection raw(path);
    const Status migrated = Database::migrateTo(raw.db(), u"QSQLITE"_s, 2, migrations);
    QVERIFY(!migrated.ok());
    QVERIFY2(migrated.errorString().contains(u"already exists"), qPrintable(migrated.errorString()));
    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), 1);
    QVERIFY(raw.db().tables().contains(u"vehicles"_s));
    QVERIFY(!raw.db().tables().contains(u"dm_sessions"_s));
}

void TestStoreDatabase::migrationNumberingMustBeContiguous()
{
    QTemporaryDir dir;
    const QString migrations = dir.filePath(u"migrations"_s);
    QVERIFY(QDir().mkpath(migrations));
    copyResource(u":/sql/sqlite/0001_inventory.sql"_s, migrations + u"/0001_inventory.sql");
    copyResource(u":/sql/sqlite/0002_sessions_events.sql"_s, migrations + u"/0003_sessions_events.sql");
    RawConnection raw(dir.filePath(u"gap.db"_s));
    const Status migrated = Database::migrateTo(raw.db(), u"QSQLITE"_s, 1, migrations);
    QVERIFY(!migrated.ok());
    QVERIFY2(migrated.errorString().contains(u"without gaps"), qPrintable(migrated.errorString()));
    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), 0);

    QFile::rename(migrations + u"/0003_sessions_events.sql", migrations + u"/2_sessions.sql");
    const Status badName = Database::migrateTo(raw.db(), u"QSQLITE"_s, 1, migrations);
    QVERIFY(!badName.ok());
    QVERIFY2(badName.errorString().contains(u"2_sessions.sql"), qPrintable(badName.errorString()));
}

void TestStoreDatabase::migrateToGoesForwardOnly()
{
    QTemporaryDir dir;
    RawConnection raw(dir.filePath(u"steps.db"_s));
    QVERIFY(Database::migrateTo(raw.db(), u"QSQLITE"_s, 1).ok());
    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), 1);
    QVERIFY(!raw.db().tables().contains(u"events"_s));
    QVERIFY(Database::migrateTo(raw.db(), u"QSQLITE"_s, 1).ok()); // already there: nothing to do
    QVERIFY(Database::migrateTo(raw.db(), u"QSQLITE"_s, 2).ok());
    QCOMPARE(Database::storedSchemaVersion(raw.db()).valueOr(-1), 2);
    QVERIFY(raw.db().tables().contains(u"events"_s));
    const Status back = Database::migrateTo(raw.db(), u"QSQLITE"_s, 1);
    QVERIFY(!back.ok());
    QVERIFY2(back.errorString().contains(u"forward"), qPrintable(back.errorString()));
    QVERIFY(!Database::migrateTo(raw.db(), u"QSQLITE"_s, 99).ok());
    QVERIFY(!Database::migrateTo(raw.db(), u"QPSQL"_s, 2).ok()); // the connection is SQLite
}

void TestStoreDatabase::splitSqlScript_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<bool>("ok");

    QTest::newRow("empty") << QString() << QStringList() << true;
    QTest::newRow("comments only") << u"-- one\n  -- two;\n\n"_s << QStringList() << true;
    QTest::newRow("one per line") << u"CREATE TABLE a (x);\nCREATE TABLE b (y);\n"_s
                                  << QStringList{u"CREATE TABLE a (x)"_s, u"CREATE TABLE b (y)"_s} << true;
    QTest::newRow("multi-line") << u"CREATE TABLE a (\n    x INTEGER, -- the x\n    y TEXT\n);\n"_s
                                << QStringList{u"CREATE TABLE a (\n    x INTEGER, \n    y TEXT\n)"_s} << true;
    QTest::newRow("trigger keeps inner semicolons")
        << u"CREATE TRIGGER t BEFORE DELETE ON a BEGIN SELECT RAISE(ABORT, 'no'); END;\nSELECT 1;"_s
        << QStringList{u"CREATE TRIGGER t BEFORE DELETE ON a BEGIN SELECT RAISE(ABORT, 'no'); END"_s, u"SELECT 1"_s}
        << true;
    QTest::newRow("comment after statement") << u"SELECT 1; -- done;\n"_s << QStringList{u"SELECT 1"_s} << true;
    QTest::newRow("dashes in a literal") << u"INSERT INTO a VALUES ('--not a comment');\n"_s
                                         << QStringList{u"INSERT INTO a VALUES ('--not a comment')"_s} << true;
    QTest::newRow("semicolon at line end inside a literal")
        << u"INSERT INTO a VALUES ('one;\ntwo');\n"_s << QStringList{u"INSERT INTO a VALUES ('one;\ntwo')"_s} << true;
    QTest::newRow("doubled quote") << u"INSERT INTO a VALUES ('it''s -- fine');\n"_s
                                   << QStringList{u"INSERT INTO a VALUES ('it''s -- fine')"_s} << true;
    QTest::newRow("CRLF") << u"SELECT 1;\r\nSELECT 2;\r\n"_s << QStringList{u"SELECT 1"_s, u"SELECT 2"_s} << true;
    QTest::newRow("unterminated last statement") << u"SELECT 1;\nSELECT 2\n"_s << QStringList() << false;
    QTest::newRow("semicolon only mid-line") << u"SELECT 1; SELECT 2\n"_s << QStringList() << false;
}

void TestStoreDatabase::splitSqlScript()
{
    QFETCH(QString, script);
    QFETCH(QStringList, statements);
    QFETCH(bool, ok);
    const Result<QStringList> split = store::splitSqlScript(script);
    QCOMPARE(split.ok(), ok);
    if (ok)
        QCOMPARE(split.value(), statements);
    else
        QVERIFY(split.errorString().contains(u"line"));
}

void TestStoreDatabase::splitsShippedMigrations()
{
    // 0001: 3 tables + 5 indexes. 0002: ALTER TABLE, 3 tables, 4 indexes, 2 triggers.
    // 0003: 7 tables + 4 indexes.
    const QList<std::pair<QString, int>> expected = {
        {u"0001_inventory"_s, 8}, {u"0002_sessions_events"_s, 10}, {u"0003_updates"_s, 11}};
    for (const auto &[name, count] : expected) {
        QFile file(u":/sql/sqlite/"_s + name + u".sql");
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
        const Result<QStringList> split = store::splitSqlScript(QString::fromUtf8(file.readAll()));
        QVERIFY2(split.ok(), qPrintable(split.errorString()));
        QCOMPARE(split->size(), count);
        for (const QString &statement : split.value())
            QVERIFY2(!statement.contains(u"--"), qPrintable(statement));
    }
}

QTEST_GUILESS_MAIN(TestStoreDatabase)
#include "tst_store_database.moc"

#include "server/store/Database.h"

#include "server/store/SqlScript.h"
#include "server/store/SqlSupport.h"
#include "server/store/Transaction.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRegularExpression>
#include <QSqlQuery>

#include <algorithm>
#include <atomic>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using detail::lcStore;
using detail::sqlError;

namespace {

std::atomic<quint64> s_nextDatabaseId{1};
std::atomic<quint64> s_nextThreadSerial{1};

void removeConnection(const QString &name)
{
    if (!QSqlDatabase::contains(name))
        return;
    {
        // Cached statements first, so that the driver closes with nothing left prepared.
        const QSqlDatabase db = QSqlDatabase::database(name, false);
        if (detail::ConnectionState *state = detail::ConnectionState::of(db))
            state->clearStatements();
    }
    QSqlDatabase::removeDatabase(name);
}

// The connections made on this thread. The thread_local's destructor runs when the thread ends,
// after its last code ran, so no QSqlDatabase handle of the thread is left when it removes them.
struct ThreadConnections
{
    const quint64 serial = s_nextThreadSerial.fetch_add(1);
    QStringList names;

    ~ThreadConnections()
    {
        for (const QString &name : std::as_const(names))
            removeConnection(name);
    }
};
thread_local ThreadConnections t_connections;

struct Migration
{
    int version = 0;
    QString name; // "0002_sessions_events"
    QString path;
};

Error schemaError(const QString &message)
{
    return Error(message, static_cast<int>(StoreError::Schema));
}

Error newerError(int stored, int latest)
{
    return schemaError(u"the database has schema version %1, newer than version %2, the latest this build of "
                       u"Flotilla knows; use a newer Flotilla or restore a backup made by this version"_s.arg(stored)
                           .arg(latest));
}

// The numbered files of a dialect folder, in order; the numbers must run 1..N without gaps.
Result<QList<Migration>> listMigrations(const QString &directory)
{
    static const QRegularExpression pattern(u"^(\\d{4})_([a-z0-9_]+)\\.sql$"_s);
    const QDir dir(directory);
    if (directory.isEmpty() || !dir.exists())
        return schemaError(u"no migrations in \"%1\""_s.arg(directory));
    QList<Migration> migrations;
    const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = pattern.match(file);
        if (!match.hasMatch())
            return schemaError(u"migration file \"%1\" is not named NNNN_name.sql"_s.arg(file));
        migrations.append({match.captured(1).toInt(), file.chopped(4), dir.filePath(file)});
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        if (migrations.at(i).version != i + 1)
            return schemaError(u"migrations in \"%1\" must be numbered 1..N without gaps; found %2"_s.arg(
                directory, migrations.at(i).name));
    }
    if (migrations.isEmpty())
        return schemaError(u"no migrations in \"%1\""_s.arg(directory));
    return migrations;
}

const QString &versionTableSql()
{
    // Owned by the migration runner, not by 0001: it must exist before any step can be recorded.
    // Plain SQL that SQLite and PostgreSQL both accept.
    static const QString sql = u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                               u"name TEXT NOT NULL, applied_at BIGINT NOT NULL)"_s;
    return sql;
}

QString firstLine(const QString &statement)
{
    QString line = statement.section(u'\n', 0, 0).simplified();
    if (line.size() > 60)
        line = line.left(57) + u"...";
    return line;
}

// One step in one transaction together with its version row: all of it or none of it.
Status applyMigration(QSqlDatabase db, const Migration &migration)
{
    const bool sqlite = db.driverName() == u"QSQLITE";
    const QString label = u"migration "_s + migration.name;
    QFile file(migration.path);
    if (!file.open(QIODevice::ReadOnly))
        return schemaError(label + u": cannot read " + migration.path + u": " + file.errorString());
    const Result<QStringList> statements = splitSqlScript(QString::fromUtf8(file.readAll()));
    if (!statements.ok())
        return schemaError(label + u": " + statements.errorString());

    Transaction transaction(db);
    if (!transaction.isActive())
        return schemaError(label + u": " + transaction.beginStatus().errorString());
    QSqlQuery query(db);
    if (!query.exec(versionTableSql()))
        return sqlError(label + u": create schema_version", query.lastError(), sqlite);
    // Another process may have applied this step while we waited for the write lock.
    const Result<int> current = Database::storedSchemaVersion(db);
    if (!current.ok())
        return current.error();
    if (current.value() >= migration.version)
        return {};
    for (qsizetype i = 0; i < statements->size(); ++i) {
        const QString &statement = statements->at(i);
        if (!query.exec(statement)) {
            const Error error = sqlError(label + u", statement %1 (%2)"_s.arg(i + 1).arg(firstLine(statement)),
                                         query.lastError(), sqlite);
            return schemaError(error.message);
        }
    }
    query.finish();
    QSqlQuery record(db);
    record.prepare(u"INSERT INTO schema_version (version, name, applied_at) VALUES (:version, :name, :applied_at)"_s);
    record.bindValue(u":version"_s, migration.version);
    record.bindValue(u":name"_s, migration.name);
    record.bindValue(u":applied_at"_s, QDateTime::currentMSecsSinceEpoch());
    if (!record.exec())
        return sqlError(label + u": record version", record.lastError(), sqlite);
    if (Status committed = transaction.commit(); !committed.ok())
        return schemaError(label + u": " + committed.errorString());
    qCInfo(lcStore).noquote() << "applied" << label;
    return {};
}

Status configureSqlite(QSqlDatabase &db)
{
    // WAL: readers never block the writer. synchronous=FULL: a commit is on disk before COMMIT
    // returns (reports are acknowledged only when durable, security.md R2). foreign_keys is off by
    // default in SQLite. busy_timeout lets another process's writer finish instead of failing.
    static const QStringList settings = {
        u"PRAGMA journal_mode=WAL"_s,
        u"PRAGMA synchronous=FULL"_s,
        u"PRAGMA foreign_keys=ON"_s,
        u"PRAGMA busy_timeout=5000"_s,
    };
    QSqlQuery query(db);
    for (const QString &setting : settings) {
        if (!query.exec(setting))
            return sqlError(u"configure database: "_s + setting, query.lastError());
        query.finish();
    }
    // Verify: journal_mode=WAL silently stays "delete" when it cannot switch (e.g. on a network
    // file system), and the other settings are what the durability promise rests on.
    struct Expected
    {
        QString pragma;
        QString value;
    };
    static const QList<Expected> expected = {
        {u"journal_mode"_s, u"wal"_s},
        {u"synchronous"_s, u"2"_s},
        {u"foreign_keys"_s, u"1"_s},
        {u"busy_timeout"_s, u"5000"_s},
    };
    for (const Expected &check : expected) {
        if (!query.exec(u"PRAGMA "_s + check.pragma) || !query.next())
            return sqlError(u"configure database: read "_s + check.pragma, query.lastError());
        const QString actual = query.value(0).toString().toLower();
        query.finish();
        if (actual != check.value) {
            return Error(
                u"configure database: PRAGMA %1 is \"%2\", expected \"%3\""_s.arg(check.pragma, actual, check.value),
                static_cast<int>(StoreError::NotOpen));
        }
    }
    return {};
}

} // namespace

struct Database::Connections
{
    QMutex mutex;
    QHash<QString, quint64> threadOf; // connection name -> ThreadConnections::serial
};

Database::Database(DatabaseOptions options)
    : m_options(std::move(options))
    , m_id(QString::number(s_nextDatabaseId.fetch_add(1)))
    , m_connections(std::make_unique<Connections>())
{}

Database::~Database()
{
    // Connections of this thread go now; those of threads still running go when their thread ends
    // (a connection must not be closed from another thread).
    const quint64 here = t_connections.serial;
    QStringList mine;
    {
        const QMutexLocker locker(&m_connections->mutex);
        for (auto it = m_connections->threadOf.cbegin(); it != m_connections->threadOf.cend(); ++it) {
            if (it.value() == here)
                mine.append(it.key());
        }
    }
    for (const QString &name : std::as_const(mine)) {
        removeConnection(name);
        t_connections.names.removeAll(name);
    }
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseOptions &options)
{
    if (!QSqlDatabase::isDriverAvailable(options.driver)) {
        return Error(u"open database: the Qt SQL driver \"%1\" is not available"_s.arg(options.driver),
                     static_cast<int>(StoreError::NotOpen));
    }
    const QString directory = migrationDirectory(options.driver);
    if (directory.isEmpty())
        return schemaError(u"open database: no schema for the driver \"%1\""_s.arg(options.driver));
    const bool sqlite = options.driver == u"QSQLITE";
    const QString where = sqlite ? options.path : options.databaseName;
    if (sqlite) {
        if (options.path.isEmpty())
            return Error(u"open database: no file name given"_s, static_cast<int>(StoreError::NotOpen));
        const QFileInfo info(options.path);
        if (!QDir().mkpath(info.absolutePath())) {
            return Error(u"open database: cannot create the folder %1"_s.arg(info.absolutePath()),
                         static_cast<int>(StoreError::NotOpen));
        }
    }
    const Result<QList<Migration>> migrations = listMigrations(directory);
    if (!migrations.ok())
        return schemaError(u"open database %1: %2"_s.arg(where, migrations.errorString()));
    const int latest = int(migrations->size());

    std::shared_ptr<Database> database(new Database(options));
    Status status = database->openConnection(database->connectionName());
    int from = 0;
    if (status.ok()) {
        QSqlDatabase db = database->connection();
        const Result<int> stored = storedSchemaVersion(db);
        if (!stored.ok())
            status = stored.error();
        else if ((from = stored.value()) != latest)
            status = migrateTo(db, options.driver, latest, directory);
    }
    if (!status.ok()) {
        return Error(u"open database %1: %2"_s.arg(where, status.errorString()), status.error().code);
    }
    database->m_schemaVersion = latest;
    if (from != latest)
        qCInfo(lcStore).noquote() << "database" << where << "migrated from schema version" << from << "to" << latest;
    return database;
}

QString Database::connectionName() const
{
    return u"flotilla-db" + m_id + u"-thread" + QString::number(t_connections.serial);
}

QSqlDatabase Database::connection()
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    // First use on this thread (or the last attempt failed): a closed handle makes every query
    // fail with the reason, so callers see it in their Status.
    if (const Status status = openConnection(name); !status.ok())
        qCWarning(lcStore).noquote() << status.errorString();
    return QSqlDatabase::database(name, false);
}

Status Database::openConnection(const QString &name)
{
    const bool sqlite = isSqlite();
    QSqlDatabase db;
    if (QSqlDatabase::contains(name)) {
        db = QSqlDatabase::database(name, false);
    } else {
        db = QSqlDatabase::addDatabase(m_options.driver, name);
        t_connections.names.append(name);
        {
            const QMutexLocker locker(&m_connections->mutex);
            m_connections->threadOf.insert(name, t_connections.serial);
        }
        if (sqlite) {
            db.setDatabaseName(m_options.path);
        } else {
            db.setHostName(m_options.host);
            db.setPort(m_options.port);
            db.setDatabaseName(m_options.databaseName);
            db.setUserName(m_options.user);
            db.setPassword(m_options.password);
        }
    }
    if (!db.open()) {
        const Error error = sqlError(u"open database"_s, db.lastError(), sqlite);
        return Error(error.message, static_cast<int>(StoreError::NotOpen));
    }
    if (sqlite) {
        if (Status configured = configureSqlite(db); !configured.ok()) {
            db.close(); // a connection without its guarantees is not handed out
            return configured;
        }
    }
    return {};
}

QString Database::migrationDirectory(const QString &driver)
{
    if (driver == u"QSQLITE")
        return u":/sql/sqlite"_s;
    if (driver == u"QPSQL")
        return u":/sql/postgres"_s;
    return {};
}

int Database::latestSchemaVersion(const QString &driver)
{
    const Result<QList<Migration>> migrations = listMigrations(migrationDirectory(driver));
    return migrations.ok() ? int(migrations->size()) : 0;
}

Status Database::migrateTo(QSqlDatabase db, const QString &driver, int targetVersion)
{
    return migrateTo(db, driver, targetVersion, migrationDirectory(driver));
}

Status Database::migrateTo(QSqlDatabase db, const QString &driver, int targetVersion, const QString &directory)
{
    if (db.driverName() != driver)
        return schemaError(u"migrate: the connection uses %1, not %2"_s.arg(db.driverName(), driver));
    const Result<QList<Migration>> migrations = listMigrations(directory);
    if (!migrations.ok())
        return migrations.error();
    const int latest = int(migrations->size());
    if (targetVersion < 0 || targetVersion > latest)
        return schemaError(u"migrate: there is no schema version %1 (latest: %2)"_s.arg(targetVersion).arg(latest));
    const Result<int> stored = storedSchemaVersion(db);
    if (!stored.ok())
        return stored.error();
    if (stored.value() > latest)
        return newerError(stored.value(), latest);
    if (stored.value() > targetVersion) {
        return schemaError(u"migrate: the database is at schema version %1; migrations only go forward (asked for %2)"_s
                               .arg(stored.value())
                               .arg(targetVersion));
    }
    for (const Migration &migration : migrations.value()) {
        if (migration.version <= stored.value() || migration.version > targetVersion)
            continue;
        if (Status applied = applyMigration(db, migration); !applied.ok())
            return applied;
    }
    return {};
}

Result<int> Database::storedSchemaVersion(QSqlDatabase db)
{
    if (!db.isOpen()) {
        return Error(u"read schema version: the database connection is not open"_s,
                     static_cast<int>(StoreError::NotOpen));
    }
    if (!db.tables(QSql::Tables).contains(u"schema_version"_s))
        return 0;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT MAX(version) FROM schema_version"_s) || !query.next())
        return sqlError(u"read schema version"_s, query.lastError(), db.driverName() == u"QSQLITE");
    return query.value(0).isNull() ? 0 : query.value(0).toInt();
}

} // namespace flotilla::store

#pragma once

#include "core/Result.h"
#include "server/store/StoreError.h" // Error::code values of the store

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace flotilla::store {

struct DatabaseOptions
{
    QString driver = QStringLiteral("QSQLITE"); // or "QPSQL"
    QString path;                               // SQLite file
    // PostgreSQL
    QString host;
    int port = 5432;
    QString databaseName;
    QString user;
    QString password;
};

// The store's database: the schema (created or migrated at open()) and one named connection per
// thread, made on first use on that thread and removed when the thread ends (STYLE.md 13).
// SQLite connections get WAL, synchronous=FULL, foreign_keys=ON and a busy timeout.
class Database final : public std::enable_shared_from_this<Database>
{
public:
    // Opens (creating the file if needed), applies every pending migration, and refuses a
    // database whose schema is newer than this build knows (error names both versions).
    static Result<std::shared_ptr<Database>> open(const DatabaseOptions &options);
    ~Database();

    // This thread's connection (opened on first call). Never share it with another thread.
    QSqlDatabase connection();
    const DatabaseOptions &options() const { return m_options; }
    bool isSqlite() const { return m_options.driver == u"QSQLITE"; }
    int schemaVersion() const { return m_schemaVersion; }

    // Highest migration number shipped for a driver (the number of resources/sql/<dialect>/NNNN_*.sql).
    static int latestSchemaVersion(const QString &driver);
    // Applies migrations up to targetVersion only (tests build fixtures of earlier versions).
    static Status migrateTo(QSqlDatabase db, const QString &driver, int targetVersion);
    // The stored schema version (0 for an empty database).
    static Result<int> storedSchemaVersion(QSqlDatabase db);

    // migrateTo() with the NNNN_name.sql files of another folder (tests: a broken migration).
    static Status migrateTo(QSqlDatabase db, const QString &driver, int targetVersion, const QString &directory);
    // ":/sql/sqlite" for QSQLITE, ":/sql/postgres" for QPSQL; empty for a driver without migrations.
    static QString migrationDirectory(const QString &driver);

private:
    explicit Database(DatabaseOptions options);
    Status openConnection(const QString &name);
    QString connectionName() const;

    DatabaseOptions m_options;
    QString m_id; // unique per Database object, part of each connection name
    int m_schemaVersion = 0;
    struct Connections;
    std::unique_ptr<Connections> m_connections; // names made by this object, with their threads
};

} // namespace flotilla::store

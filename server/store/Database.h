#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace flotilla::store {

struct DatabaseOptions
{
    QString driver = QStringLiteral("QSQLITE"); // or "QPSQL"
    QString path; // SQLite file
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

private:
    explicit Database(DatabaseOptions options);
    Status openConnection(const QString &name);

    DatabaseOptions m_options;
    QString m_id; // unique per Database object, part of each connection name
    int m_schemaVersion = 0;
};

} // namespace flotilla::store

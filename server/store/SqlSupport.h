#pragma once

// Internal to server/store: statement cache, error mapping, JSON column helpers. Not part of the
// store's contract; other folders use the repositories.

#include "core/Result.h"
#include "server/store/StoreError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QLoggingCategory>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

namespace flotilla::store::detail {

Q_DECLARE_LOGGING_CATEGORY(lcStore)

// "<purpose>: <driver text>", with Error::code set from the driver's native code (StoreError).
Error sqlError(const QString &purpose, const QSqlError &error, bool sqlite = true);
Error notFound(const QString &purpose, qint64 id);

// A connection may only be used on the thread that made it (STYLE.md 13). Qt checks this when a
// connection is looked up by name, not when a handle is copied to another thread; the store checks
// every statement and transaction. True for an invalid handle (there is nothing to protect).
bool onOwnerThread(const QSqlDatabase &db);
Error foreignThreadError(const QString &purpose);

// In-process writers of one SQLite file wait here, in arrival order, before BEGIN IMMEDIATE.
// SQLite's busy handler polls with growing sleeps, so a thread that commits back to back can keep
// another thread out past busy_timeout (SQLITE_BUSY surfaces); a FIFO ticket lock cannot starve.
// busy_timeout still covers other processes.
class WriteGate final
{
public:
    static std::shared_ptr<WriteGate> forFile(const QString &canonicalPath);

    enum class Acquired
    {
        Yes,
        AlreadyHeld, // by this thread, through another connection to the same file: waiting would
                     // deadlock, so the caller goes on and lets SQLite's busy timeout decide
        TimedOut,    // another thread held it all along: most likely a transaction left open by a bug
    };
    Acquired acquire(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    void release();

private:
    void advance(); // to the next ticket still waiting; m_mutex held

    std::mutex m_mutex;
    std::condition_variable m_turn;
    quint64 m_nextTicket = 0;
    quint64 m_serving = 0;
    std::vector<quint64> m_abandoned; // tickets whose waiters timed out
    std::thread::id m_owner;
};

// Per-connection state, a child of the connection's QSqlDriver so that it lives and dies with the
// connection (and on its thread): transaction depth, the write gate, prepared statements.
class ConnectionState final : public QObject
{
    Q_OBJECT
public:
    // nullptr when db is not open (the shared null driver of invalid handles must stay untouched).
    static ConnectionState *of(const QSqlDatabase &db);

    int transactionDepth = 0;
    std::shared_ptr<WriteGate> gate; // SQLite files only
    bool isSqlite = false;

    // Drops every cached statement (before the connection is removed).
    void clearStatements();

private:
    explicit ConnectionState(QObject *driver);
    friend class Statement;
    struct Cached
    {
        std::unique_ptr<QSqlQuery> query;
        bool inUse = false;
    };
    // Node-based, values behind unique_ptr: a borrowed entry stays put when others are added.
    std::unordered_map<QString, std::unique_ptr<Cached>> m_statements;
};

// A prepared statement borrowed from the connection's cache (prepared once per connection) and
// reset when this object goes away, so that a finished SELECT never pins a WAL read snapshot.
// A statement already borrowed higher up the stack is not shared: a private one is prepared.
class Statement final
{
public:
    enum class Caching
    {
        Cached,
        Uncached, // SQL text that varies (IN lists): not worth keeping
    };
    Statement(const QSqlDatabase &db, const QString &sql, Caching caching = Caching::Cached);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isPrepared() const { return m_prepared; }              // exec() reports why not
    void bind(QLatin1StringView column, const QVariant &value); // binds ":column"
    void bind(const QString &placeholder, const QVariant &value);
    // Qt binds a null QString as SQL NULL; text columns are NOT NULL DEFAULT '', so text is
    // always bound as a string ('' for null).
    void bind(QLatin1StringView column, const QString &text);
    void bind(const QString &placeholder, const QString &text);
    Status exec(const QString &purpose);
    QSqlQuery &query() { return *m_query; }
    Error error(const QString &purpose) const; // the query's last error, for this purpose

private:
    QSqlQuery *m_query = nullptr;
    std::unique_ptr<QSqlQuery> m_owned;
    ConnectionState::Cached *m_cached = nullptr;
    bool m_prepared = false;
    bool m_sqlite = true;
    bool m_foreignThread = false; // m_query is null then: nothing may touch the connection
};

// Statement text built from column descriptors (STYLE.md 12): names are constants of the code,
// never values.
using Columns = std::span<const QLatin1StringView>;
QString placeholder(QLatin1StringView column);
QString columnList(Columns columns, QLatin1StringView prefix = {});
QString insertSql(QLatin1StringView table, Columns columns);
QString updateSql(QLatin1StringView table, Columns columns, QLatin1StringView key);

// JSON columns hold compact JSON text.
QString toJsonText(const QJsonArray &array);
QString toJsonText(const QJsonObject &object);
QString toJsonText(const QStringList &list);
QJsonArray jsonArrayFromText(const QString &text, QLatin1StringView column);
QJsonObject jsonObjectFromText(const QString &text, QLatin1StringView column);
QStringList stringListFromText(const QString &text, QLatin1StringView column);

// Runs the statement and reads its first row, if any.
template<typename Read>
auto fetchOne(Statement &statement, const QString &purpose, Read read)
    -> Result<std::optional<decltype(read(statement.query()))>>
{
    using Record = decltype(read(statement.query()));
    if (Status status = statement.exec(purpose); !status.ok())
        return status.error();
    if (!statement.query().next()) {
        if (statement.query().lastError().isValid())
            return statement.error(purpose);
        return std::optional<Record>();
    }
    return std::optional<Record>(read(statement.query()));
}

// Runs the statement and reads every row.
template<typename Read>
auto fetchAll(Statement &statement, const QString &purpose, Read read)
    -> Result<QList<decltype(read(statement.query()))>>
{
    QList<decltype(read(statement.query()))> records;
    if (Status status = statement.exec(purpose); !status.ok())
        return status.error();
    while (statement.query().next())
        records.append(read(statement.query()));
    if (statement.query().lastError().isValid())
        return statement.error(purpose);
    return records;
}

// Runs the statement and returns the integer in its first column (COUNT(*), RETURNING id).
Result<qint64> fetchInteger(Statement &statement, const QString &purpose);

// LIKE pattern matching text anywhere, with %, _ and the escape character \ escaped
// (use with ESCAPE '\'); lowered, for comparison with lower(column).
QString containsPattern(const QString &text);
// limit <= 0 means no limit.
qint64 sqlLimit(int limit);

QVariant nullableInt(const std::optional<int> &value);
QVariant nullableId(const std::optional<qint64> &value);

} // namespace flotilla::store::detail

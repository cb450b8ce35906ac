#include "server/store/SqlSupport.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QMutex>
#include <QSqlDriver>
#include <QThread>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace flotilla::store::detail {

Q_LOGGING_CATEGORY(lcStore, "flotilla.store")

namespace {

StoreError classifySqlite(const QString &nativeCode)
{
    bool ok = false;
    const int code = nativeCode.toInt(&ok) & 0xff; // primary result code of an extended one
    if (!ok)
        return StoreError::Other;
    switch (code) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return StoreError::Busy;
    case 13: // SQLITE_FULL
        return StoreError::Full;
    case 10: // SQLITE_IOERR
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return StoreError::Io;
    case 14: // SQLITE_CANTOPEN
        return StoreError::NotOpen;
    case 19: // SQLITE_CONSTRAINT
        return StoreError::Constraint;
    default:
        return StoreError::Other;
    }
}

StoreError classifySqlState(const QString &state)
{
    if (state.startsWith(u"23"))
        return StoreError::Constraint;
    if (state == u"53100" || state == u"53200")
        return StoreError::Full;
    if (state == u"40001" || state == u"40P01" || state == u"55P03")
        return StoreError::Busy;
    if (state.startsWith(u"08"))
        return StoreError::NotOpen;
    if (state.startsWith(u"58") || state.startsWith(u"XX"))
        return StoreError::Io;
    return StoreError::Other;
}

} // namespace

Error sqlError(const QString &purpose, const QSqlError &error, bool sqlite)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    if (text.isEmpty())
        text = u"unknown database error"_s;
    const StoreError kind =
        sqlite ? classifySqlite(error.nativeErrorCode()) : classifySqlState(error.nativeErrorCode());
    return Error(purpose + u": " + text, static_cast<int>(kind));
}

Error notFound(const QString &purpose, qint64 id)
{
    return Error(purpose + u": no row with id " + QString::number(id), static_cast<int>(StoreError::NotFound));
}

bool onOwnerThread(const QSqlDatabase &db)
{
    return !db.isValid() || db.driver()->thread() == QThread::currentThread();
}

Error foreignThreadError(const QString &purpose)
{
    return Error(purpose + u": the connection belongs to another thread (call Database::connection() on this thread)",
                 static_cast<int>(StoreError::NotOpen));
}

std::shared_ptr<WriteGate> WriteGate::forFile(const QString &canonicalPath)
{
    static QMutex mutex;
    static QHash<QString, std::weak_ptr<WriteGate>> gates;
    const QMutexLocker locker(&mutex);
    std::shared_ptr<WriteGate> gate = gates.value(canonicalPath).lock();
    if (!gate) {
        gate = std::make_shared<WriteGate>();
        gates.insert(canonicalPath, gate);
        // Forget files nobody has open any more (tests open thousands of temporary ones).
        for (auto it = gates.begin(); it != gates.end();)
            it = it->expired() ? gates.erase(it) : std::next(it);
    }
    return gate;
}

WriteGate::Acquired WriteGate::acquire(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (m_owner == std::this_thread::get_id())
        return Acquired::AlreadyHeld;
    const quint64 ticket = m_nextTicket++;
    if (!m_turn.wait_for(lock, timeout, [&] { return m_serving == ticket; })) {
        // Leave the queue without blocking those behind: release() skips this ticket.
        m_abandoned.push_back(ticket);
        return Acquired::TimedOut;
    }
    m_owner = std::this_thread::get_id();
    return Acquired::Yes;
}

void WriteGate::release()
{
    {
        const std::lock_guard lock(m_mutex);
        m_owner = {};
        advance();
    }
    m_turn.notify_all();
}

void WriteGate::advance()
{
    ++m_serving;
    for (auto it = std::find(m_abandoned.begin(), m_abandoned.end(), m_serving); it != m_abandoned.end();
         it = std::find(m_abandoned.begin(), m_abandoned.end(), m_serving)) {
        m_abandoned.erase(it);
        ++m_serving;
    }
}

ConnectionState::ConnectionState(QObject *driver)
    : QObject(driver)
{}

ConnectionState *ConnectionState::of(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.isOpen() || !onOwnerThread(db))
        return nullptr;
    QSqlDriver *driver = db.driver();
    if (auto *state = driver->findChild<ConnectionState *>(QString(), Qt::FindDirectChildrenOnly))
        return state;
    auto *state = new ConnectionState(driver); // owned by the driver: dies with the connection
    state->isSqlite = db.driverName() == u"QSQLITE";
    const QString path = db.databaseName();
    if (state->isSqlite && !path.isEmpty() && path != u":memory:" && !path.startsWith(u"file:")) {
        const QFileInfo info(path);
        const QString canonical = info.canonicalFilePath();
        state->gate = WriteGate::forFile(canonical.isEmpty() ? info.absoluteFilePath() : canonical);
    }
    return state;
}

void ConnectionState::clearStatements()
{
    m_statements.clear();
}

Statement::Statement(const QSqlDatabase &db, const QString &sql, Caching caching)
{
    if (!onOwnerThread(db)) {
        qCCritical(lcStore) << "a connection was used on a thread that does not own it";
        m_foreignThread = true;
        return;
    }
    ConnectionState *state = ConnectionState::of(db);
    m_sqlite = state ? state->isSqlite : db.driverName() == u"QSQLITE";
    if (state && caching == Caching::Cached) {
        auto it = state->m_statements.find(sql);
        if (it == state->m_statements.end()) {
            auto query = std::make_unique<QSqlQuery>(db);
            query->setForwardOnly(true);
            if (query->prepare(sql)) {
                auto cached = std::make_unique<ConnectionState::Cached>();
                cached->query = std::move(query);
                it = state->m_statements.emplace(sql, std::move(cached)).first;
            } else {
                m_owned = std::move(query); // keeps the prepare error for exec()
                m_query = m_owned.get();
                return;
            }
        }
        if (!it->second->inUse) {
            m_cached = it->second.get();
            m_cached->inUse = true;
            m_query = m_cached->query.get();
            m_prepared = true;
            return;
        }
    }
    m_owned = std::make_unique<QSqlQuery>(db);
    m_owned->setForwardOnly(true);
    m_prepared = m_owned->prepare(sql);
    m_query = m_owned.get();
}

Statement::~Statement()
{
    if (m_query)
        m_query->finish();
    if (m_cached)
        m_cached->inUse = false;
}

void Statement::bind(QLatin1StringView column, const QVariant &value)
{
    bind(placeholder(column), value);
}

void Statement::bind(const QString &placeholderName, const QVariant &value)
{
    if (m_query)
        m_query->bindValue(placeholderName, value);
}

void Statement::bind(QLatin1StringView column, const QString &text)
{
    bind(placeholder(column), text);
}

void Statement::bind(const QString &placeholderName, const QString &text)
{
    static const QString empty = u""_s; // not null: binds ''
    if (m_query)
        m_query->bindValue(placeholderName, text.isNull() ? empty : text);
}

Status Statement::exec(const QString &purpose)
{
    if (m_foreignThread || !m_prepared || !m_query->exec())
        return error(purpose);
    return {};
}

Error Statement::error(const QString &purpose) const
{
    if (m_foreignThread)
        return foreignThreadError(purpose);
    return sqlError(purpose, m_query->lastError(), m_sqlite);
}

Result<qint64> fetchInteger(Statement &statement, const QString &purpose)
{
    if (Status status = statement.exec(purpose); !status.ok())
        return status.error();
    if (!statement.query().next()) {
        if (statement.query().lastError().isValid())
            return statement.error(purpose);
        return Error(purpose + u": the statement returned no row");
    }
    return statement.query().value(0).toLongLong();
}

QString containsPattern(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    escaped += u'%';
    for (const QChar c : text.toLower()) {
        if (c == u'\\' || c == u'%' || c == u'_')
            escaped += u'\\';
        escaped += c;
    }
    escaped += u'%';
    return escaped;
}

qint64 sqlLimit(int limit)
{
    return limit > 0 ? limit : std::numeric_limits<qint64>::max();
}

QString placeholder(QLatin1StringView column)
{
    return u':' + column;
}

QString columnList(Columns columns, QLatin1StringView prefix)
{
    QString text;
    for (QLatin1StringView column : columns) {
        if (!text.isEmpty())
            text += u", ";
        text += prefix;
        text += column;
    }
    return text;
}

QString insertSql(QLatin1StringView table, Columns columns)
{
    QString values;
    for (QLatin1StringView column : columns) {
        if (!values.isEmpty())
            values += u", ";
        values += placeholder(column);
    }
    return u"INSERT INTO " + table + u" (" + columnList(columns) + u") VALUES (" + values + u')';
}

QString updateSql(QLatin1StringView table, Columns columns, QLatin1StringView key)
{
    QString assignments;
    for (QLatin1StringView column : columns) {
        if (!assignments.isEmpty())
            assignments += u", ";
        assignments += column + u" = " + placeholder(column);
    }
    return u"UPDATE " + table + u" SET " + assignments + u" WHERE " + key + u" = " + placeholder(key);
}

QString toJsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString toJsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString toJsonText(const QStringList &list)
{
    return toJsonText(QJsonArray::fromStringList(list));
}

namespace {

QJsonDocument parseColumn(const QString &text, QLatin1StringView column)
{
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    // A bad value is logged and read as empty: one damaged row must not hide the whole inventory.
    if (error.error != QJsonParseError::NoError)
        qCWarning(lcStore) << "column" << column << "holds invalid JSON:" << error.errorString();
    return document;
}

} // namespace

QJsonArray jsonArrayFromText(const QString &text, QLatin1StringView column)
{
    return parseColumn(text, column).array();
}

QJsonObject jsonObjectFromText(const QString &text, QLatin1StringView column)
{
    return parseColumn(text, column).object();
}

QStringList stringListFromText(const QString &text, QLatin1StringView column)
{
    QStringList list;
    const QJsonArray array = jsonArrayFromText(text, column);
    list.reserve(array.size());
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

QVariant nullableInt(const std::optional<int> &value)
{
    return value ? QVariant(*value) : QVariant();
}

QVariant nullableId(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

} // namespace flotilla::store::detail

#include "server/auth/UserRepository.h"

// The store's statement helpers (prepared-statement cache, owner-thread check, error mapping):
// the users tables follow the same rules as every other table, so they reuse them rather than
// talk to QSqlQuery directly.
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::server::auth {

using namespace store::detail;
using campaigns::Role;

namespace {

constexpr QLatin1StringView kUsers = "users"_L1;
constexpr QLatin1StringView kSessions = "user_sessions"_L1;

enum UserColumn
{
    Id,
    Name,
    DisplayName,
    RoleColumn,
    PasswordHash,
    Disabled,
    CreatedAt,
    CreatedBy,
    LastLoginAt,
    UserColumnCount
};

constexpr std::array<QLatin1StringView, UserColumnCount> kUserColumns = {
    "id"_L1,       "name"_L1,       "display_name"_L1, "role"_L1,          "password_hash"_L1,
    "disabled"_L1, "created_at"_L1, "created_by"_L1,   "last_login_at"_L1,
};

enum SessionColumn
{
    TokenHash,
    UserId,
    SessionCreatedAt,
    ExpiresAt,
    SessionColumnCount
};

constexpr std::array<QLatin1StringView, SessionColumnCount> kSessionColumns = {
    "token_hash"_L1,
    "user_id"_L1,
    "created_at"_L1,
    "expires_at"_L1,
};

const QString &userSelect()
{
    static const QString sql = u"SELECT " + columnList(kUserColumns) + u" FROM " + kUsers;
    return sql;
}

UserRecord readUser(const QSqlQuery &q)
{
    UserRecord u;
    u.id = q.value(Id).toLongLong();
    u.name = q.value(Name).toString();
    u.displayName = q.value(DisplayName).toString();
    // The CHECK constraint admits only the four names; Viewer is the safe reading of anything else.
    u.role = campaigns::roleFromString(q.value(RoleColumn).toString()).value_or(Role::Viewer);
    u.passwordHash = q.value(PasswordHash).toString();
    u.disabled = q.value(Disabled).toBool();
    u.createdAtMs = q.value(CreatedAt).toLongLong();
    u.createdBy = q.value(CreatedBy).toString();
    u.lastLoginAtMs = q.value(LastLoginAt).toLongLong();
    return u;
}

UserSessionRecord readSession(const QSqlQuery &q)
{
    UserSessionRecord s;
    s.tokenHash = q.value(TokenHash).toString();
    s.userId = q.value(UserId).toLongLong();
    s.createdAtMs = q.value(SessionCreatedAt).toLongLong();
    s.expiresAtMs = q.value(ExpiresAt).toLongLong();
    return s;
}

// UPDATE users SET <column> = :<column> WHERE id = :id, failing with NotFound for no row.
Status updateColumn(const QSqlDatabase &db, UserColumn column, const QVariant &value, qint64 id, const QString &purpose)
{
    const QString sql = u"UPDATE " + kUsers + u" SET " + kUserColumns[column] + u" = " +
                        placeholder(kUserColumns[column]) + u" WHERE id = :id";
    Statement statement(db, sql);
    statement.bind(kUserColumns[column], value);
    statement.bind(kUserColumns[Id], id);
    if (Status status = statement.exec(purpose); !status)
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(purpose, id);
    return {};
}

Result<int> removeSessions(const QSqlDatabase &db, const QString &sql, const QString &bindName, const QVariant &value,
                           const QString &purpose)
{
    Statement statement(db, sql);
    statement.bind(bindName, value);
    if (Status status = statement.exec(purpose); !status)
        return status.error();
    return statement.query().numRowsAffected();
}

} // namespace

UserRepository::UserRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> UserRepository::insert(const UserRecord &user)
{
    static const QString sql = insertSql(kUsers, Columns(kUserColumns).subspan(1)) + u" RETURNING id";
    Statement statement(m_db, sql);
    statement.bind(kUserColumns[Name], user.name);
    statement.bind(kUserColumns[DisplayName], user.displayName);
    statement.bind(kUserColumns[RoleColumn], campaigns::toString(user.role));
    statement.bind(kUserColumns[PasswordHash], user.passwordHash);
    statement.bind(kUserColumns[Disabled], user.disabled ? 1 : 0);
    statement.bind(kUserColumns[CreatedAt], user.createdAtMs);
    statement.bind(kUserColumns[CreatedBy], user.createdBy);
    statement.bind(kUserColumns[LastLoginAt], user.lastLoginAtMs);
    return fetchInteger(statement, u"insert user"_s);
}

Result<std::optional<UserRecord>> UserRepository::findByName(const QString &name)
{
    static const QString sql = userSelect() + u" WHERE name = :name";
    Statement statement(m_db, sql);
    statement.bind(kUserColumns[Name], name);
    return fetchOne(statement, u"find user"_s, readUser);
}

Result<std::optional<UserRecord>> UserRepository::findById(qint64 id)
{
    static const QString sql = userSelect() + u" WHERE id = :id";
    Statement statement(m_db, sql);
    statement.bind(kUserColumns[Id], id);
    return fetchOne(statement, u"find user"_s, readUser);
}

Result<QList<UserRecord>> UserRepository::list()
{
    static const QString sql = userSelect() + u" ORDER BY name";
    Statement statement(m_db, sql);
    return fetchAll(statement, u"list users"_s, readUser);
}

Result<qint64> UserRepository::count()
{
    static const QString sql = u"SELECT COUNT(*) FROM " + kUsers;
    Statement statement(m_db, sql);
    return fetchInteger(statement, u"count users"_s);
}

Result<qint64> UserRepository::countEnabledAdmins()
{
    static const QString sql = u"SELECT COUNT(*) FROM " + kUsers + u" WHERE role = :role AND disabled = 0";
    Statement statement(m_db, sql);
    statement.bind(kUserColumns[RoleColumn], campaigns::toString(Role::Admin));
    return fetchInteger(statement, u"count administrators"_s);
}

Status UserRepository::setRole(qint64 id, Role role)
{
    return updateColumn(m_db, RoleColumn, campaigns::toString(role), id, u"set user role"_s);
}

Status UserRepository::setDisabled(qint64 id, bool disabled)
{
    return updateColumn(m_db, Disabled, disabled ? 1 : 0, id, u"disable user"_s);
}

Status UserRepository::setPasswordHash(qint64 id, const QString &hash)
{
    return updateColumn(m_db, PasswordHash, hash, id, u"set password"_s);
}

Status UserRepository::setLastLogin(qint64 id, qint64 atMs)
{
    return updateColumn(m_db, LastLoginAt, atMs, id, u"record login"_s);
}

Status UserRepository::remove(qint64 id)
{
    static const QString sql = u"DELETE FROM " + kUsers + u" WHERE id = :id";
    Statement statement(m_db, sql);
    statement.bind(kUserColumns[Id], id);
    if (Status status = statement.exec(u"remove user"_s); !status)
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"remove user"_s, id);
    return {};
}

Status UserRepository::insertSession(const UserSessionRecord &session)
{
    static const QString sql = insertSql(kSessions, kSessionColumns);
    Statement statement(m_db, sql);
    statement.bind(kSessionColumns[TokenHash], session.tokenHash);
    statement.bind(kSessionColumns[UserId], session.userId);
    statement.bind(kSessionColumns[SessionCreatedAt], session.createdAtMs);
    statement.bind(kSessionColumns[ExpiresAt], session.expiresAtMs);
    return statement.exec(u"open session"_s);
}

Result<std::optional<UserSessionRecord>> UserRepository::findSession(const QString &tokenHash)
{
    static const QString sql =
        u"SELECT " + columnList(kSessionColumns) + u" FROM " + kSessions + u" WHERE token_hash = :token_hash";
    Statement statement(m_db, sql);
    statement.bind(kSessionColumns[TokenHash], tokenHash);
    return fetchOne(statement, u"find session"_s, readSession);
}

Status UserRepository::removeSession(const QString &tokenHash)
{
    static const QString sql = u"DELETE FROM " + kSessions + u" WHERE token_hash = :token_hash";
    const Result<int> removed =
        removeSessions(m_db, sql, placeholder(kSessionColumns[TokenHash]), tokenHash, u"close session"_s);
    return removed ? Status() : Status(removed.error());
}

Result<int> UserRepository::removeSessionsOf(qint64 userId)
{
    static const QString sql = u"DELETE FROM " + kSessions + u" WHERE user_id = :user_id";
    return removeSessions(m_db, sql, placeholder(kSessionColumns[UserId]), userId, u"close sessions"_s);
}

Result<int> UserRepository::removeExpiredSessions(qint64 beforeMs)
{
    static const QString sql = u"DELETE FROM " + kSessions + u" WHERE expires_at <= :before";
    return removeSessions(m_db, sql, u":before"_s, beforeMs, u"remove expired sessions"_s);
}

} // namespace flotilla::server::auth

#include "server/auth/UserService.h"

#include "core/crypto/Hash.h"
#include "server/auth/UserRepository.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcUsers, "flotilla.users")

using namespace Qt::StringLiterals;

namespace flotilla::server::auth {

using campaigns::Actor;
using campaigns::Role;

namespace {

constexpr qsizetype MaxDisplayNameLength = 200;
// Bounds the in-memory failure table against a flood of made-up names.
constexpr qsizetype MaxTrackedNames = 10000;

const QString WrongCredentials = u"wrong user name or password"_s;

User toUser(const UserRecord &record)
{
    return {record.id,       record.name,        record.displayName, record.role,
            record.disabled, record.createdAtMs, record.createdBy,   record.lastLoginAtMs};
}

Status appendEvent(QSqlDatabase &db, qint64 atMs, QStringView kind, const QString &actor, const QString &summary,
                   const QJsonObject &data)
{
    store::EventRecord event;
    event.atMs = atMs;
    event.kind = kind.toString();
    event.actor = actor;
    event.summary = summary;
    event.data = data;
    const Result<qint64> id = store::EventLog(db).append(event);
    return id ? Status() : Status(id.error());
}

Error notFound(const QString &name)
{
    return Error(u"no user named '%1'"_s.arg(name), 404);
}

} // namespace

UserService::UserService(std::shared_ptr<store::Database> database, store::StoreWriter &writer, const Clock &clock,
                         crypto::ScryptParameters parameters)
    : m_database(std::move(database))
    , m_writer(writer)
    , m_clock(clock)
    , m_parameters(parameters)
{}

UserService::~UserService() = default;

Result<QString> UserService::normalizeName(const QString &name)
{
    static const QRegularExpression pattern(u"^[a-z0-9][a-z0-9._-]*$"_s);
    static const QStringList reserved{u"system"_s, u"api"_s, u"vehicle"_s, u"local-admin"_s, u"setup"_s};
    const QString normalized = name.trimmed().toLower();
    if (normalized.isEmpty() || normalized.size() > MaxNameLength || !pattern.match(normalized).hasMatch())
        return Error(u"a user name has 1 to %1 characters: letters, digits, '.', '_' or '-', starting with a "
                     u"letter or digit"_s.arg(MaxNameLength),
                     400);
    if (reserved.contains(normalized))
        return Error(u"'%1' is reserved for the event log; choose another name"_s.arg(normalized), 400);
    return normalized;
}

Status UserService::checkPassword(const QString &name, const QString &password)
{
    if (password.size() < MinPasswordLength)
        return Error(u"the password needs at least %1 characters"_s.arg(MinPasswordLength), 400);
    if (password.size() > MaxPasswordLength)
        return Error(u"the password may have at most %1 characters"_s.arg(MaxPasswordLength), 400);
    if (password.trimmed().compare(name.trimmed(), Qt::CaseInsensitive) == 0)
        return Error(u"the password must not be the user name"_s, 400);
    return {};
}

Result<bool> UserService::hasUsers() const
{
    const Result<qint64> count = UserRepository(m_database->connection()).count();
    if (!count)
        return count.error();
    return *count > 0;
}

Result<QList<User>> UserService::list() const
{
    const auto records = UserRepository(m_database->connection()).list();
    if (!records)
        return records.error();
    QList<User> users;
    users.reserve(records->size());
    for (const UserRecord &record : *records)
        users.append(toUser(record));
    return users;
}

Result<User> UserService::user(const QString &name) const
{
    const QString normalized = name.trimmed().toLower();
    const auto record = UserRepository(m_database->connection()).findByName(normalized);
    if (!record)
        return record.error();
    if (!*record)
        return notFound(normalized);
    return toUser(**record);
}

Result<User> UserService::createUser(const QString &name, const QString &displayName, Role role,
                                     const QString &password, const Actor &by)
{
    const Result<QString> normalized = normalizeName(name);
    if (!normalized)
        return normalized.error();
    if (Status status = checkPassword(*normalized, password); !status)
        return status.error();
    if (displayName.size() > MaxDisplayNameLength)
        return Error(u"the display name may have at most %1 characters"_s.arg(MaxDisplayNameLength), 400);
    // The slow hash runs here, on the caller's thread, not inside the writer's batch.
    const Result<QString> hash = crypto::hashPassword(password, m_parameters);
    if (!hash)
        return hash.error();

    UserRecord record;
    record.name = *normalized;
    record.displayName = displayName.trimmed();
    record.role = role;
    record.passwordHash = *hash;
    record.createdAtMs = m_clock.nowMs();
    record.createdBy = by.name;
    Status status = m_writer.run([&](QSqlDatabase &db) -> Status {
        UserRepository users(db);
        const Result<qint64> count = users.count();
        if (!count)
            return count.error();
        // Whoever creates the first account must be able to create the others.
        if (*count == 0 && role != Role::Admin)
            return Error(u"the first account must be an administrator"_s, 409);
        const auto existing = users.findByName(record.name);
        if (!existing)
            return existing.error();
        if (*existing)
            return Error(u"a user named '%1' already exists"_s.arg(record.name), 409);
        const Result<qint64> id = users.insert(record);
        if (!id)
            return id.error();
        record.id = *id;
        return appendEvent(db, record.createdAtMs, event::UserCreated, by.name,
                           u"%1 created user %2 (%3)"_s.arg(by.name, record.name, campaigns::toString(role)),
                           {{u"user"_s, record.name}, {u"role"_s, campaigns::toString(role)}});
    });
    if (!status)
        return status.error();
    return toUser(record);
}

Result<User> UserService::change(const QString &name, const Actor &by, QStringView kind,
                                 const std::function<Result<QString>(UserRecord &user)> &apply)
{
    const QString normalized = name.trimmed().toLower();
    UserRecord after;
    Status status = m_writer.run([&](QSqlDatabase &db) -> Status {
        UserRepository users(db);
        const auto found = users.findByName(normalized);
        if (!found)
            return found.error();
        if (!*found)
            return notFound(normalized);
        const UserRecord before = **found;
        after = before;
        const Result<QString> summary = apply(after);
        if (!summary)
            return summary.error();
        // Inside the writer's transaction, so two admins demoting each other at once cannot both pass.
        const auto isActiveAdmin = [](const UserRecord &u) { return u.role == Role::Admin && !u.disabled; };
        if (isActiveAdmin(before) && !isActiveAdmin(after)) {
            const Result<qint64> admins = users.countEnabledAdmins();
            if (!admins)
                return admins.error();
            if (*admins <= 1)
                return Error(u"%1 is the last enabled administrator; make another user an administrator first"_s.arg(
                                 before.name),
                             409);
        }
        if (after.role != before.role) {
            if (Status s = users.setRole(after.id, after.role); !s)
                return s;
        }
        if (after.disabled != before.disabled) {
            if (Status s = users.setDisabled(after.id, after.disabled); !s)
                return s;
        }
        const bool newPassword = after.passwordHash != before.passwordHash;
        if (newPassword) {
            if (Status s = users.setPasswordHash(after.id, after.passwordHash); !s)
                return s;
        }
        // A disabled account, or a password reset by someone else, must not stay logged in anywhere.
        if (after.disabled || (newPassword && by.name != after.name)) {
            if (const Result<int> closed = users.removeSessionsOf(after.id); !closed)
                return closed.error();
        }
        return appendEvent(db, m_clock.nowMs(), kind, by.name, *summary, {{u"user"_s, after.name}});
    });
    if (!status)
        return status.error();
    return toUser(after);
}

Result<User> UserService::setRole(const QString &name, Role role, const Actor &by)
{
    return change(name, by, event::UserRoleChanged, [&](UserRecord &user) -> Result<QString> {
        const QString from = campaigns::toString(user.role);
        user.role = role;
        return u"%1 changed the role of %2 from %3 to %4"_s.arg(by.name, user.name, from, campaigns::toString(role));
    });
}

Result<User> UserService::setDisabled(const QString &name, bool disabled, const Actor &by)
{
    return change(name, by, disabled ? event::UserDisabled : event::UserEnabled,
                  [&](UserRecord &user) -> Result<QString> {
                      user.disabled = disabled;
                      return u"%1 %2 user %3"_s.arg(by.name, disabled ? u"disabled"_s : u"enabled"_s, user.name);
                  });
}

Result<User> UserService::setPassword(const QString &name, const QString &password, const Actor &by)
{
    if (Status status = checkPassword(name, password); !status)
        return status.error();
    const Result<QString> hash = crypto::hashPassword(password, m_parameters);
    if (!hash)
        return hash.error();
    return change(name, by, event::UserPasswordChanged, [&](UserRecord &user) -> Result<QString> {
        user.passwordHash = *hash;
        return u"%1 changed the password of %2"_s.arg(by.name, user.name);
    });
}

Status UserService::removeUser(const QString &name, const Actor &by)
{
    const QString normalized = name.trimmed().toLower();
    return m_writer.run([&](QSqlDatabase &db) -> Status {
        UserRepository users(db);
        const auto found = users.findByName(normalized);
        if (!found)
            return found.error();
        if (!*found)
            return notFound(normalized);
        const UserRecord &user = **found;
        if (user.role == Role::Admin && !user.disabled) {
            const Result<qint64> admins = users.countEnabledAdmins();
            if (!admins)
                return admins.error();
            if (*admins <= 1)
                return Error(u"%1 is the last enabled administrator and cannot be removed"_s.arg(user.name), 409);
        }
        if (Status s = users.remove(user.id); !s)
            return s;
        return appendEvent(db, m_clock.nowMs(), event::UserRemoved, by.name,
                           u"%1 removed user %2"_s.arg(by.name, user.name), {{u"user"_s, user.name}});
    });
}

const QString &UserService::dummyHash()
{
    std::lock_guard lock(m_mutex);
    if (m_dummyHash.isEmpty()) {
        // Same parameters as real hashes, so that an unknown name costs what a wrong password costs.
        m_dummyHash =
            crypto::hashPassword(QString::fromLatin1(crypto::randomBytes(16).toHex()), m_parameters).valueOr(QString());
    }
    return m_dummyHash;
}

bool UserService::tooManyFailures(const QString &name, qint64 *retryAfterMs) const
{
    const qint64 now = m_clock.nowMs();
    std::lock_guard lock(m_mutex);
    const auto it = m_failures.constFind(name);
    if (it == m_failures.cend())
        return false;
    qsizetype recent = 0;
    qint64 oldestRecent = now;
    for (const qint64 at : *it) {
        if (now - at < FailureWindowMs) {
            ++recent;
            oldestRecent = std::min(oldestRecent, at);
        }
    }
    if (recent < MaxFailedLogins)
        return false;
    *retryAfterMs = oldestRecent + FailureWindowMs - now;
    return true;
}

Status UserService::recordFailure(const QString &name)
{
    const qint64 now = m_clock.nowMs();
    std::lock_guard lock(m_mutex);
    if (m_failures.size() >= MaxTrackedNames && !m_failures.contains(name)) {
        for (auto it = m_failures.begin(); it != m_failures.end();) {
            if (it->isEmpty() || now - it->last() >= FailureWindowMs)
                it = m_failures.erase(it);
            else
                ++it;
        }
        // Still full of live entries: an attack across many names. Refuse to track more rather than
        // grow without bound (the per-name limit then still holds for the names already tracked).
        if (m_failures.size() >= MaxTrackedNames)
            return Error(u"too many failed logins; try again later"_s, 429);
    }
    QList<qint64> &times = m_failures[name];
    times.append(now);
    while (times.size() > MaxFailedLogins)
        times.removeFirst();
    return {};
}

Result<User> UserService::authenticate(const QString &name, const QString &password)
{
    const QString normalized = name.trimmed().toLower().left(MaxNameLength + 1);
    qint64 retryAfterMs = 0;
    if (tooManyFailures(normalized, &retryAfterMs))
        return Error(u"too many failed logins for '%1'; try again in %2 s"_s.arg(normalized)
                         .arg(std::max<qint64>(1, (retryAfterMs + 999) / 1000)),
                     429);

    const auto found = UserRepository(m_database->connection()).findByName(normalized);
    if (!found)
        return found.error();
    if (!*found || password.size() > MaxPasswordLength) {
        // Unknown name: spend the time a real check takes and answer exactly as for a wrong password.
        crypto::verifyPassword(password.left(MaxPasswordLength), dummyHash());
        if (Status limited = recordFailure(normalized); !limited)
            return limited.error();
        return Error(WrongCredentials, 401);
    }
    UserRecord record = **found;
    if (!crypto::verifyPassword(password, record.passwordHash)) {
        if (Status limited = recordFailure(normalized); !limited)
            return limited.error();
        qCInfo(lcUsers) << "failed login for" << record.name;
        // Known names only: the log is admin-only, and the per-name limit bounds these rows.
        m_writer
            .run([&](QSqlDatabase &db) {
                return appendEvent(db, m_clock.nowMs(), event::UserLoginFailed, record.name,
                                   u"failed login for %1"_s.arg(record.name), {{u"user"_s, record.name}});
            })
            .ok();
        return Error(WrongCredentials, 401);
    }
    // Only someone who knows the password learns that the account is disabled.
    if (record.disabled)
        return Error(u"the account '%1' is disabled"_s.arg(record.name), 403);
    {
        std::lock_guard lock(m_mutex);
        m_failures.remove(normalized);
    }

    QString rehashed;
    if (crypto::needsRehash(record.passwordHash, m_parameters))
        rehashed = crypto::hashPassword(password, m_parameters).valueOr(QString());
    record.lastLoginAtMs = m_clock.nowMs();
    Status status = m_writer.run([&](QSqlDatabase &db) -> Status {
        UserRepository users(db);
        if (Status s = users.setLastLogin(record.id, record.lastLoginAtMs); !s)
            return s;
        if (!rehashed.isEmpty()) {
            if (Status s = users.setPasswordHash(record.id, rehashed); !s)
                return s;
        }
        return appendEvent(db, record.lastLoginAtMs, event::UserLogin, record.name, u"%1 logged in"_s.arg(record.name),
                           {{u"user"_s, record.name}});
    });
    if (!status)
        return status.error();
    return toUser(record);
}

Result<User> UserService::demoOperator()
{
    const QString name(DemoUserName);
    Result<User> found = user(name);
    if (!found && found.error().code == 404) {
        // Another thread may create it at the same moment; then the second insert finds it taken.
        found = createUser(name, u"Demo operator"_s, Role::Admin, crypto::newToken(), Actor::system());
        if (!found && found.error().code == 409)
            found = user(name);
    }
    if (!found)
        return found;
    if (found->disabled || found->role != Role::Admin)
        return Error(u"the account '%1' is disabled or not an administrator; log in instead"_s.arg(name), 409);
    found->lastLoginAtMs = m_clock.nowMs();
    Status status = m_writer.run([&](QSqlDatabase &db) -> Status {
        if (Status s = UserRepository(db).setLastLogin(found->id, found->lastLoginAtMs); !s)
            return s;
        return appendEvent(db, found->lastLoginAtMs, event::UserLogin, name,
                           u"%1 logged in (demo mode, no password)"_s.arg(name), {{u"user"_s, name}});
    });
    if (!status)
        return status.error();
    return found;
}

Result<UserSession> UserService::login(const QString &name, const QString &password)
{
    const Result<User> user = authenticate(name, password);
    if (!user)
        return user.error();
    return openSession(*user);
}

Result<UserSession> UserService::openSession(const User &user)
{
    UserSession session;
    session.token = crypto::newToken();
    session.user = user;
    const qint64 now = m_clock.nowMs();
    session.expiresAtMs = now + SessionLifetimeMs;
    Status status = m_writer.run([&](QSqlDatabase &db) -> Status {
        UserRepository users(db);
        // Expired rows are dropped here, so the table holds at most a lifetime's worth of logins.
        if (const Result<int> removed = users.removeExpiredSessions(now); !removed)
            return removed.error();
        return users.insertSession({crypto::tokenHash(session.token), user.id, now, session.expiresAtMs});
    });
    if (!status)
        return status.error();
    return session;
}

Result<User> UserService::userForToken(const QString &token) const
{
    UserRepository users(m_database->connection());
    const auto session = users.findSession(crypto::tokenHash(token));
    if (!session)
        return session.error();
    if (!*session || (*session)->expiresAtMs <= m_clock.nowMs())
        return Error(u"invalid or expired bearer token; log in again"_s, 401);
    const auto user = users.findById((*session)->userId);
    if (!user)
        return user.error();
    if (!*user || (*user)->disabled)
        return Error(u"invalid or expired bearer token; log in again"_s, 401);
    return toUser(**user);
}

Status UserService::closeSession(const QString &token)
{
    const QString hash = crypto::tokenHash(token);
    return m_writer.run([&](QSqlDatabase &db) -> Status {
        UserRepository users(db);
        const auto session = users.findSession(hash);
        if (!session)
            return session.error();
        if (!*session)
            return {}; // already closed or expired: logging out twice is not an error
        const auto user = users.findById((*session)->userId);
        if (!user)
            return user.error();
        if (Status s = users.removeSession(hash); !s)
            return s;
        const QString name = *user ? (*user)->name : QString();
        return appendEvent(db, m_clock.nowMs(), event::UserLogout, name, u"%1 logged out"_s.arg(name),
                           {{u"user"_s, name}});
    });
}

} // namespace flotilla::server::auth

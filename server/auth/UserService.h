#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/crypto/PasswordHash.h"
#include "server/campaigns/CampaignTypes.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <functional>
#include <memory>
#include <mutex>

namespace flotilla::store {
class Database;
class StoreWriter;
} // namespace flotilla::store

namespace flotilla::server::auth {

struct UserRecord;

// An operator account as the rest of the program sees it (never the password hash).
struct User
{
    qint64 id = 0;
    QString name;
    QString displayName;
    campaigns::Role role = campaigns::Role::Viewer;
    bool disabled = false;
    qint64 createdAtMs = 0;
    QString createdBy;
    qint64 lastLoginAtMs = 0;

    campaigns::Actor actor() const { return {name, role}; }
};

struct UserSession
{
    QString token; // the bearer token; shown once, only its hash is stored
    User user;
    qint64 expiresAtMs = 0;
};

// Event kinds this service appends to the event log (the audit trail), actor = who did it.
namespace event {
inline constexpr QStringView UserCreated = u"user.created";
inline constexpr QStringView UserRoleChanged = u"user.role-changed";
inline constexpr QStringView UserDisabled = u"user.disabled";
inline constexpr QStringView UserEnabled = u"user.enabled";
inline constexpr QStringView UserPasswordChanged = u"user.password-changed";
inline constexpr QStringView UserRemoved = u"user.removed";
inline constexpr QStringView UserLogin = u"user.login";
inline constexpr QStringView UserLoginFailed = u"user.login-failed";
inline constexpr QStringView UserLogout = u"user.logout";
} // namespace event

// Local operator accounts (issue 4): admin, engineer, approver, viewer; passwords as scrypt
// hashes; bearer sessions for the management API and flotillactl. Thread-safe: reads use the
// calling thread's connection, writes go through the StoreWriter, and every change appends an
// event naming who made it. Calls block (scrypt takes about 0.1 s): never on the GUI or an I/O
// thread.
//
// Errors carry HTTP-like codes: 400 (invalid name, role or password), 401 (wrong name or
// password, one message for both), 403 (disabled account), 404 (no such user), 409 (name taken,
// or the change would leave no enabled administrator), 429 (too many failed logins).
class UserService final
{
public:
    static constexpr qint64 SessionLifetimeMs = 12LL * 3600 * 1000;
    static constexpr int MinPasswordLength = 10;
    static constexpr int MaxPasswordLength = 1024;
    static constexpr int MaxNameLength = 64;
    static constexpr int MaxFailedLogins = 5; // per user name, within FailureWindowMs
    static constexpr qint64 FailureWindowMs = 60 * 1000;

    UserService(std::shared_ptr<store::Database> database, store::StoreWriter &writer, const Clock &clock,
                crypto::ScryptParameters parameters = {});
    ~UserService();
    UserService(const UserService &) = delete;
    UserService &operator=(const UserService &) = delete;

    Result<bool> hasUsers() const;
    Result<QList<User>> list() const;
    Result<User> user(const QString &name) const; // 404 when unknown

    // by is the operator who creates the account; the first account may be created by "setup".
    Result<User> createUser(const QString &name, const QString &displayName, campaigns::Role role,
                            const QString &password, const campaigns::Actor &by);
    Result<User> setRole(const QString &name, campaigns::Role role, const campaigns::Actor &by);
    // Disabling also closes the user's sessions.
    Result<User> setDisabled(const QString &name, bool disabled, const campaigns::Actor &by);
    // Closes the user's sessions unless the users changes their own password.
    Result<User> setPassword(const QString &name, const QString &password, const campaigns::Actor &by);
    Status removeUser(const QString &name, const campaigns::Actor &by);

    // Checks the password (same answer and similar time for an unknown name and a wrong password),
    // upgrades an old hash, records the login time. Failed attempts per name are limited (429).
    Result<User> authenticate(const QString &name, const QString &password);
    // authenticate + openSession.
    Result<UserSession> login(const QString &name, const QString &password);
    Result<UserSession> openSession(const User &user);
    // The user behind a bearer token; 401 when unknown or expired, 403 when the user is disabled.
    Result<User> userForToken(const QString &token) const;
    Status closeSession(const QString &token);

    // Login names: 1-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit,
    // lower-cased before the check; names the event log uses for others ("system", "api", ...) are
    // reserved. Returns the normalised name or a 400 error.
    static Result<QString> normalizeName(const QString &name);

    // Demo mode of the console: the "demo" administrator, created on first use with a random
    // password nobody knows (the console logs it in without one), and its login logged. Error 409
    // when an account of that name exists but is disabled or not an administrator.
    static constexpr QLatin1StringView DemoUserName{"demo"};
    Result<User> demoOperator();
    static Status checkPassword(const QString &name, const QString &password);

private:
    Result<User> change(const QString &name, const campaigns::Actor &by, QStringView kind,
                        const std::function<Result<QString>(UserRecord &user)> &apply);
    Status recordFailure(const QString &name);
    bool tooManyFailures(const QString &name, qint64 *retryAfterMs) const;
    const QString &dummyHash();

    std::shared_ptr<store::Database> m_database;
    store::StoreWriter &m_writer;
    const Clock &m_clock;
    crypto::ScryptParameters m_parameters;

    mutable std::mutex m_mutex;               // guards what follows
    QHash<QString, QList<qint64>> m_failures; // name -> times of recent failed logins
    QString m_dummyHash;                      // verified for unknown names, made on first need
};

} // namespace flotilla::server::auth

#pragma once

#include "core/Result.h"
#include "server/campaigns/CampaignTypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// The users and user_sessions tables (schema 4, resources/sql/sqlite/0004_campaigns.sql).
namespace flotilla::server::auth {

struct UserRecord
{
    qint64 id = 0;
    QString name; // login name, lower case
    QString displayName;
    campaigns::Role role = campaigns::Role::Viewer;
    QString passwordHash; // core/crypto/PasswordHash.h format; never leaves the server
    bool disabled = false;
    qint64 createdAtMs = 0;
    QString createdBy;
    qint64 lastLoginAtMs = 0;
};

struct UserSessionRecord
{
    QString tokenHash; // crypto::tokenHash of the bearer token; the token itself is not kept
    qint64 userId = 0;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
};

// Same rules as the store's repositories (server/store/Repositories.h): prepared statements with
// named placeholders on the caller's connection, on the caller's thread.
class UserRepository final
{
public:
    explicit UserRepository(QSqlDatabase db);

    Result<qint64> insert(const UserRecord &user); // returns the new id
    Result<std::optional<UserRecord>> findByName(const QString &name);
    Result<std::optional<UserRecord>> findById(qint64 id);
    Result<QList<UserRecord>> list(); // by name
    Result<qint64> count();
    Result<qint64> countEnabledAdmins();
    Status setRole(qint64 id, campaigns::Role role);
    Status setDisabled(qint64 id, bool disabled);
    Status setPasswordHash(qint64 id, const QString &hash);
    Status setLastLogin(qint64 id, qint64 atMs);
    Status remove(qint64 id); // its sessions go with it (ON DELETE CASCADE)

    Status insertSession(const UserSessionRecord &session);
    Result<std::optional<UserSessionRecord>> findSession(const QString &tokenHash);
    Status removeSession(const QString &tokenHash);
    Result<int> removeSessionsOf(qint64 userId);
    Result<int> removeExpiredSessions(qint64 beforeMs);

private:
    QSqlDatabase m_db;
};

} // namespace flotilla::server::auth

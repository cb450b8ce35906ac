// Operator accounts (issue 4): a real ServerRuntime (real SQLite file, management API over
// loopback TLS) on a manual clock. The first account, name and password rules, login (right,
// wrong, unknown, disabled), the failed-login limit, session expiry and logout, role checks on
// the routes, the last administrator, the audit trail, password rehash, and flotillactl
// login/users/logout as a separate process.
#include "core/crypto/PasswordHash.h"
#include "server/DataDir.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"
#include "server/auth/UserService.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace flotilla;
using namespace Qt::StringLiterals;
using server::campaigns::Actor;
using server::campaigns::Role;

namespace {

const QString AdminPassword = u"first admin password"_s;
const QString SetupActorName = u"setup"_s;

struct Answer
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QByteArray retryAfter;
    QString message() const { return json.value(u"error"_s).toObject().value(u"message"_s).toString(); }
};

} // namespace

class tst_Users : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void firstAccountMustBeAnAdministrator();
    void nameAndPasswordRules_data();
    void nameAndPasswordRules();
    void loginRightWrongAndUnknown();
    void localTokenIsTheLocalAdmin();
    void disabledUserIsLockedOut();
    void failedLoginsAreLimitedPerName();
    void sessionsExpireAndLogOut();
    void rolesDecideTheRoutes();
    void actorIsTheLoggedInUser();
    void lastAdministratorIsProtected();
    void ownPasswordNeedsTheCurrentOne();
    void oldHashIsUpgradedAtLogin();
    void everyActionIsInTheEventLog();
    void flotillactlLoginUsersLogout();

private:
    Answer call(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                const QJsonObject &body = {});
    Answer login(const QString &user, const QString &password);
    QByteArray tokenFor(const QString &user, const QString &password);
    void createUser(const QString &name, Role role, const QString &password);
    QList<QJsonObject> events(const QString &kindPrefix);
    server::auth::UserService &users() { return m_runtime->fleet().users(); }

    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    ManualClock m_clock;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    QByteArray m_localToken;
    QByteArray m_adminToken; // alice, the first administrator
};

void tst_Users::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_home.isValid());
    server::ServerConfig config;
    config.dataDir = m_dir.path();
    config.deviceListen = u"127.0.0.1:0"_s;
    config.apiListen = u"127.0.0.1:0"_s;
    auto runtime = server::ServerRuntime::start(config, m_clock);
    QVERIFY2(runtime, qPrintable(runtime.errorString()));
    m_runtime = std::move(*runtime);
    m_localToken = m_runtime->apiToken().toUtf8();
}

void tst_Users::cleanupTestCase()
{
    m_runtime.reset();
}

Answer tst_Users::call(const QByteArray &method, const QByteArray &target, const QByteArray &token,
                       const QJsonObject &body)
{
    test::RawTlsClient client(m_runtime->caCertificatePem());
    if (!client.connectTo(u"127.0.0.1"_s, m_runtime->apiPort())) {
        qWarning("cannot connect: %s", qPrintable(client.errorString()));
        return {};
    }
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers.append(std::pair<QByteArray, QByteArray>("Authorization", "Bearer " + token));
    QByteArray bytes;
    if (!body.isEmpty()) {
        headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
        bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    const test::RawResponse response = client.request(method, target, headers, bytes, 30'000);
    Answer answer;
    answer.status = response.status;
    answer.body = response.body;
    answer.json = QJsonDocument::fromJson(response.body).object();
    answer.retryAfter = response.header("Retry-After");
    return answer;
}

Answer tst_Users::login(const QString &user, const QString &password)
{
    return call("POST", "/api/v1/sessions", {}, {{u"user"_s, user}, {u"password"_s, password}});
}

QByteArray tst_Users::tokenFor(const QString &user, const QString &password)
{
    const Answer answer = login(user, password);
    if (answer.status != 201)
        qWarning("login %s: %d %s", qPrintable(user), answer.status, answer.body.constData());
    return answer.json.value(u"token"_s).toString().toUtf8();
}

void tst_Users::createUser(const QString &name, Role role, const QString &password)
{
    const auto created = users().createUser(name, QString(), role, password, Actor{u"alice"_s, Role::Admin});
    QVERIFY2(created, qPrintable(created.errorString()));
}

QList<QJsonObject> tst_Users::events(const QString &kindPrefix)
{
    QList<QJsonObject> found;
    const Answer answer = call("GET", "/api/v1/events?limit=1000", m_localToken);
    for (const QJsonValue &value : answer.json.value(u"events"_s).toArray()) {
        if (value.toObject().value(u"kind"_s).toString().startsWith(kindPrefix))
            found.append(value.toObject());
    }
    return found;
}

void tst_Users::firstAccountMustBeAnAdministrator()
{
    QCOMPARE(users().hasUsers().valueOr(true), false);
    const Actor setup{SetupActorName, Role::Admin};
    const auto viewer = users().createUser(u"victor"_s, {}, Role::Viewer, u"viewer password"_s, setup);
    QVERIFY(!viewer);
    QCOMPARE(viewer.error().code, 409);
    QCOMPARE(users().hasUsers().valueOr(true), false);

    const auto alice = users().createUser(u"Alice"_s, u"Alice Admin"_s, Role::Admin, AdminPassword, setup);
    QVERIFY2(alice, qPrintable(alice.errorString()));
    QCOMPARE(alice->name, u"alice"_s); // names are lower case
    QCOMPARE(alice->createdBy, SetupActorName);
    QCOMPARE(users().hasUsers().valueOr(false), true);
    m_adminToken = tokenFor(u"alice"_s, AdminPassword);
    QVERIFY(!m_adminToken.isEmpty());
}

void tst_Users::nameAndPasswordRules_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString good = u"a good password"_s;
    QTest::newRow("empty name") << QString() << good << 400 << u"1 to 64 characters"_s;
    QTest::newRow("space") << u"bad name"_s << good << 400 << u"1 to 64 characters"_s;
    QTest::newRow("leading dash") << u"-x"_s << good << 400 << u"1 to 64 characters"_s;
    QTest::newRow("too long") << QString(65, u'a') << good << 400 << u"1 to 64 characters"_s;
    QTest::newRow("reserved") << u"system"_s << good << 400 << u"reserved"_s;
    QTest::newRow("short password") << u"shorty"_s << u"123456789"_s << 400 << u"at least 10"_s;
    QTest::newRow("password is the name") << u"longername1"_s << u"LongerName1"_s << 400 << u"user name"_s;
    QTest::newRow("taken, other case") << u"ALICE"_s << good << 409 << u"already exists"_s;
}

void tst_Users::nameAndPasswordRules()
{
    QFETCH(QString, name);
    QFETCH(QString, password);
    QFETCH(int, status);
    QFETCH(QString, message);
    const Answer answer =
        call("POST", "/api/v1/users", m_adminToken,
             {{u"name"_s, name.isEmpty() ? u" "_s : name}, {u"role"_s, u"viewer"_s}, {u"password"_s, password}});
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.message().contains(message), qPrintable(answer.message()));
}

void tst_Users::loginRightWrongAndUnknown()
{
    const Answer ok = login(u"alice"_s, AdminPassword);
    QCOMPARE(ok.status, 201);
    QCOMPARE(ok.json.value(u"user"_s).toString(), u"alice"_s);
    QCOMPARE(ok.json.value(u"role"_s).toString(), u"admin"_s);
    QCOMPARE(ok.json.value(u"expiresAtMs"_s).toInteger(), m_clock.nowMs() + 12LL * 3600 * 1000);
    const QByteArray token = ok.json.value(u"token"_s).toString().toUtf8();
    QCOMPARE(token.size(), 43); // 256 bits, base64url

    const Answer me = call("GET", "/api/v1/me", token);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json.value(u"user"_s).toString(), u"alice"_s);
    QCOMPARE(me.json.value(u"local"_s).toBool(), false);
    QVERIFY(me.json.value(u"permissions"_s).toArray().contains(u"manage-users"_s));
    QCOMPARE(users().user(u"alice"_s)->lastLoginAtMs, m_clock.nowMs());

    // A wrong password and an unknown name get the same answer: no user enumeration.
    const Answer wrong = login(u"alice"_s, u"not the password"_s);
    const Answer unknown = login(u"nobody-here"_s, u"not the password"_s);
    QCOMPARE(wrong.status, 401);
    QCOMPARE(unknown.status, 401);
    QCOMPARE(wrong.body, unknown.body);
    QCOMPARE(wrong.message(), u"wrong user name or password"_s);

    // A made-up token is refused; no token at all too, but the login route needs none.
    QCOMPARE(call("GET", "/api/v1/me", "made-up-token").status, 401);
    QCOMPARE(call("GET", "/api/v1/me", {}).status, 401);
    QCOMPARE(login(QString(), QString()).status, 400);
}

void tst_Users::localTokenIsTheLocalAdmin()
{
    const Answer me = call("GET", "/api/v1/me", m_localToken);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json.value(u"user"_s).toString(), u"local-admin"_s);
    QCOMPARE(me.json.value(u"role"_s).toString(), u"admin"_s);
    QCOMPARE(me.json.value(u"local"_s).toBool(), true);
    QCOMPARE(call("GET", "/api/v1/users", m_localToken).status, 200);
    // It is not a session: nothing to log out.
    QCOMPARE(call("DELETE", "/api/v1/sessions", m_localToken).status, 409);
}

void tst_Users::disabledUserIsLockedOut()
{
    createUser(u"bob"_s, Role::Engineer, u"bob's password"_s);
    const QByteArray bob = tokenFor(u"bob"_s, u"bob's password"_s);
    QCOMPARE(call("GET", "/api/v1/me", bob).status, 200);

    const Answer disabled = call("POST", "/api/v1/users/bob/disable", m_adminToken);
    QCOMPARE(disabled.status, 200);
    QCOMPARE(disabled.json.value(u"disabled"_s).toBool(), true);
    // Disabling ends the sessions at once.
    QCOMPARE(call("GET", "/api/v1/me", bob).status, 401);
    // Only with the right password does one learn that the account is disabled.
    const Answer right = login(u"bob"_s, u"bob's password"_s);
    QCOMPARE(right.status, 403);
    QVERIFY2(right.message().contains(u"disabled"_s), qPrintable(right.message()));
    QCOMPARE(login(u"bob"_s, u"wrong password"_s).status, 401);

    QCOMPARE(call("POST", "/api/v1/users/bob/enable", m_adminToken).status, 200);
    QCOMPARE(login(u"bob"_s, u"bob's password"_s).status, 201);
}

void tst_Users::failedLoginsAreLimitedPerName()
{
    createUser(u"carol"_s, Role::Approver, u"carol's password"_s);
    for (int i = 0; i < server::auth::UserService::MaxFailedLogins; ++i)
        QCOMPARE(login(u"carol"_s, u"guess number %1"_s.arg(i)).status, 401);
    // Limited now, even with the right password, and with the name written differently.
    const Answer limited = login(u"Carol"_s, u"carol's password"_s);
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.retryAfter, QByteArray("60"));
    QVERIFY2(limited.message().contains(u"too many failed logins"_s), qPrintable(limited.message()));
    // Other names are not affected; unknown names are limited the same way (no enumeration).
    QCOMPARE(login(u"alice"_s, AdminPassword).status, 201);
    for (int i = 0; i < server::auth::UserService::MaxFailedLogins; ++i)
        QCOMPARE(login(u"ghost"_s, u"guess number %1"_s.arg(i)).status, 401);
    QCOMPARE(login(u"ghost"_s, u"another guess"_s).status, 429);

    // A minute later carol may try again.
    m_clock.advanceMs(server::auth::UserService::FailureWindowMs);
    QCOMPARE(login(u"carol"_s, u"carol's password"_s).status, 201);
}

void tst_Users::sessionsExpireAndLogOut()
{
    const QByteArray first = tokenFor(u"alice"_s, AdminPassword);
    m_clock.advanceMs(server::auth::UserService::SessionLifetimeMs - 1000);
    QCOMPARE(call("GET", "/api/v1/me", first).status, 200);
    const QByteArray second = tokenFor(u"alice"_s, AdminPassword);
    m_clock.advanceMs(1000);
    const Answer expired = call("GET", "/api/v1/me", first);
    QCOMPARE(expired.status, 401);
    QVERIFY2(expired.message().contains(u"expired"_s), qPrintable(expired.message()));

    QCOMPARE(call("GET", "/api/v1/me", second).status, 200);
    const Answer out = call("DELETE", "/api/v1/sessions", second);
    QCOMPARE(out.status, 200);
    QCOMPARE(call("GET", "/api/v1/me", second).status, 401);
    m_adminToken = tokenFor(u"alice"_s, AdminPassword); // the earlier one expired too
}

void tst_Users::rolesDecideTheRoutes()
{
    createUser(u"vera"_s, Role::Viewer, u"vera's password"_s);
    const QByteArray viewer = tokenFor(u"vera"_s, u"vera's password"_s);
    const QByteArray engineer = tokenFor(u"bob"_s, u"bob's password"_s);
    const QByteArray approver = tokenFor(u"carol"_s, u"carol's password"_s);

    QCOMPARE(call("GET", "/api/v1/vehicles", viewer).status, 200);
    QCOMPARE(call("GET", "/api/v1/events", viewer).status, 200);
    QCOMPARE(call("GET", "/api/v1/releases", viewer).status, 200);
    const Answer forbidden = call("POST", "/api/v1/registrations/VIN0000000000001/accept", viewer);
    QCOMPARE(forbidden.status, 403);
    QVERIFY2(forbidden.message().contains(u"the engineer or admin role"_s), qPrintable(forbidden.message()));
    QVERIFY2(forbidden.message().contains(u"vera has the viewer role"_s), qPrintable(forbidden.message()));
    QCOMPARE(call("GET", "/api/v1/enrollment-key", viewer).status, 403); // a secret
    QCOMPARE(call("POST", "/api/v1/enrollment-key/rotate", viewer).status, 403);
    QCOMPARE(call("POST", "/api/v1/signing-keys/rotate", viewer).status, 403);
    QCOMPARE(call("POST", "/api/v1/updates", viewer, {{u"release"_s, 1}, {u"vins"_s, QJsonArray{u"X"_s}}}).status, 403);
    QCOMPARE(call("POST", "/api/v1/enrollment-key/rotate", approver).status, 403);

    // Engineers run the fleet but do not manage users.
    QCOMPARE(call("GET", "/api/v1/enrollment-key", engineer).status, 200);
    QCOMPARE(call("GET", "/api/v1/users", engineer).status, 403);
    const Answer add = call("POST", "/api/v1/users", engineer,
                            {{u"name"_s, u"eve"_s}, {u"role"_s, u"admin"_s}, {u"password"_s, u"eve's password"_s}});
    QCOMPARE(add.status, 403);
    QVERIFY2(add.message().contains(u"the admin role"_s), qPrintable(add.message()));
    QCOMPARE(users().user(u"eve"_s).error().code, 404);
    QCOMPARE(call("POST", "/api/v1/users/bob/role", engineer, {{u"role"_s, u"admin"_s}}).status, 403);
    QVERIFY(users().user(u"bob"_s)->role == Role::Engineer);
    QCOMPARE(call("GET", "/api/v1/users", m_adminToken).status, 200);
}

void tst_Users::actorIsTheLoggedInUser()
{
    const QByteArray engineer = tokenFor(u"bob"_s, u"bob's password"_s);
    // The old "actor" body field is still accepted, but a logged-in user cannot name someone else.
    const Answer rotated = call("POST", "/api/v1/enrollment-key/rotate", engineer, {{u"actor"_s, u"mallory"_s}});
    QCOMPARE(rotated.status, 200);
    const QList<QJsonObject> rotations = events(u"enrollment-key.rotated"_s);
    QVERIFY(!rotations.isEmpty());
    QCOMPARE(rotations.first().value(u"actor"_s).toString(), u"bob"_s); // newest first

    // The local admin token keeps its old behaviour: the field names the operator.
    QCOMPARE(call("POST", "/api/v1/enrollment-key/rotate", m_localToken, {{u"actor"_s, u"ci-job"_s}}).status, 200);
    QCOMPARE(events(u"enrollment-key.rotated"_s).first().value(u"actor"_s).toString(), u"ci-job"_s);
}

void tst_Users::lastAdministratorIsProtected()
{
    QVERIFY(users().user(u"alice"_s)->role == Role::Admin);
    const Answer demote = call("POST", "/api/v1/users/alice/role", m_adminToken, {{u"role"_s, u"viewer"_s}});
    QCOMPARE(demote.status, 409);
    QVERIFY2(demote.message().contains(u"last enabled administrator"_s), qPrintable(demote.message()));
    QCOMPARE(call("POST", "/api/v1/users/alice/disable", m_adminToken).status, 409);
    QCOMPARE(call("DELETE", "/api/v1/users/alice", m_adminToken).status, 409);
    QVERIFY(users().user(u"alice"_s)->role == Role::Admin);
    QCOMPARE(users().user(u"alice"_s)->disabled, false);

    // With a second administrator the first may step down; then the second is the last one.
    QCOMPARE(call("POST", "/api/v1/users", m_localToken,
                  {{u"name"_s, u"dave"_s}, {u"role"_s, u"admin"_s}, {u"password"_s, u"dave's password"_s}})
                 .status,
             201);
    QCOMPARE(call("POST", "/api/v1/users/alice/role", m_adminToken, {{u"role"_s, u"engineer"_s}}).status, 200);
    const QByteArray dave = tokenFor(u"dave"_s, u"dave's password"_s);
    QCOMPARE(call("POST", "/api/v1/users/dave/disable", dave).status, 409);
    // A disabled admin does not count.
    QCOMPARE(call("POST", "/api/v1/users/alice/role", dave, {{u"role"_s, u"admin"_s}}).status, 200);
    QCOMPARE(call("POST", "/api/v1/users/alice/disable", dave).status, 200);
    QCOMPARE(call("POST", "/api/v1/users/dave/role", dave, {{u"role"_s, u"viewer"_s}}).status, 409);
    QCOMPARE(call("POST", "/api/v1/users/alice/enable", dave).status, 200);
    m_adminToken = tokenFor(u"alice"_s, AdminPassword);
    QVERIFY(!m_adminToken.isEmpty());
}

void tst_Users::ownPasswordNeedsTheCurrentOne()
{
    const QByteArray viewer = tokenFor(u"vera"_s, u"vera's password"_s);
    // Not someone else's.
    QCOMPARE(call("POST", "/api/v1/users/bob/password", viewer, {{u"password"_s, u"new bob password"_s}}).status, 403);
    QCOMPARE(call("POST", "/api/v1/users/vera/password", viewer, {{u"password"_s, u"vera's new password"_s}}).status,
             400); // currentPassword is required
    QCOMPARE(call("POST", "/api/v1/users/vera/password", viewer,
                  {{u"password"_s, u"vera's new password"_s}, {u"currentPassword"_s, u"a wrong guess"_s}})
                 .status,
             403);
    QCOMPARE(call("POST", "/api/v1/users/vera/password", viewer,
                  {{u"password"_s, u"vera's new password"_s}, {u"currentPassword"_s, u"vera's password"_s}})
                 .status,
             200);
    QCOMPARE(login(u"vera"_s, u"vera's password"_s).status, 401);
    QCOMPARE(login(u"vera"_s, u"vera's new password"_s).status, 201);
    QCOMPARE(call("GET", "/api/v1/me", viewer).status, 200); // her own change keeps her session

    // An admin's reset ends the user's sessions.
    QCOMPARE(call("POST", "/api/v1/users/vera/password", m_adminToken, {{u"password"_s, u"reset by alice"_s}}).status,
             200);
    QCOMPARE(call("GET", "/api/v1/me", viewer).status, 401);
    QCOMPARE(login(u"vera"_s, u"reset by alice"_s).status, 201);
}

void tst_Users::oldHashIsUpgradedAtLogin()
{
    createUser(u"olga"_s, Role::Viewer, u"olga's password"_s);
    // As if stored by an older version with cheaper parameters.
    const auto weak = crypto::hashPassword(u"olga's password"_s, crypto::ScryptParameters{10, 8, 1});
    QVERIFY(weak);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_users_direct"_s);
        db.setDatabaseName(server::DataDir(m_dir.path()).databasePath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.prepare(u"UPDATE users SET password_hash = :hash WHERE name = 'olga'"_s));
        query.bindValue(u":hash"_s, *weak);
        QVERIFY(query.exec());
        QCOMPARE(query.numRowsAffected(), 1);
    }
    QSqlDatabase::removeDatabase(u"tst_users_direct"_s);

    QCOMPARE(login(u"olga"_s, u"olga's password"_s).status, 201);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_users_check"_s);
    db.setDatabaseName(server::DataDir(m_dir.path()).databasePath());
    QVERIFY(db.open());
    {
        QSqlQuery query(u"SELECT password_hash FROM users WHERE name = 'olga'"_s, db);
        QVERIFY(query.next());
        const QString stored = query.value(0).toString();
        QVERIFY2(stored.startsWith(u"scrypt$15$8$1$"_s), qPrintable(stored.section(u'$', 0, 3)));
        QVERIFY(crypto::verifyPassword(u"olga's password"_s, stored));
    }
    db.close();
    db = {};
    QSqlDatabase::removeDatabase(u"tst_users_check"_s);
    QCOMPARE(login(u"olga"_s, u"olga's password"_s).status, 201);
}

void tst_Users::everyActionIsInTheEventLog()
{
    const QList<QJsonObject> logged = events(u"user."_s);
    const auto has = [&](const QString &kind, const QString &actor, const QString &user) {
        return std::any_of(logged.begin(), logged.end(), [&](const QJsonObject &e) {
            return e.value(u"kind"_s).toString() == kind && e.value(u"actor"_s).toString() == actor &&
                   e.value(u"data"_s).toObject().value(u"user"_s).toString() == user;
        });
    };
    QVERIFY(has(u"user.created"_s, SetupActorName, u"alice"_s));
    QVERIFY(has(u"user.created"_s, u"local-admin"_s, u"dave"_s));
    QVERIFY(has(u"user.login"_s, u"alice"_s, u"alice"_s));
    QVERIFY(has(u"user.login-failed"_s, u"carol"_s, u"carol"_s));
    QVERIFY(has(u"user.logout"_s, u"alice"_s, u"alice"_s));
    QVERIFY(has(u"user.disabled"_s, u"alice"_s, u"bob"_s));
    QVERIFY(has(u"user.enabled"_s, u"alice"_s, u"bob"_s));
    QVERIFY(has(u"user.disabled"_s, u"dave"_s, u"alice"_s));
    QVERIFY(has(u"user.role-changed"_s, u"alice"_s, u"alice"_s));
    QVERIFY(has(u"user.role-changed"_s, u"dave"_s, u"alice"_s));
    QVERIFY(has(u"user.password-changed"_s, u"vera"_s, u"vera"_s));
    QVERIFY(has(u"user.password-changed"_s, u"alice"_s, u"vera"_s));
    // Refused changes leave no row; unknown names leave none either (no table of guesses).
    QVERIFY(!has(u"user.created"_s, u"bob"_s, u"eve"_s));
    QVERIFY(!has(u"user.login-failed"_s, u"ghost"_s, u"ghost"_s));
    // Nothing in the log or the API answers carries a password hash.
    const Answer list = call("GET", "/api/v1/users", m_adminToken);
    QVERIFY(!list.body.contains("scrypt"));
    QVERIFY(!call("GET", "/api/v1/events?limit=1000", m_localToken).body.contains("scrypt"));
}

void tst_Users::flotillactlLoginUsersLogout()
{
    const QString config = m_home.filePath(u"config"_s);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(u"FLOTILLA_"))
            env.remove(name);
    }
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, config);
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"share"_s));
    const auto run = [&](const QStringList &arguments, const QHash<QString, QString> &extra = {}) {
        QProcessEnvironment processEnv = env;
        for (auto it = extra.begin(); it != extra.end(); ++it)
            processEnv.insert(it.key(), it.value());
        QProcess process;
        process.setProcessEnvironment(processEnv);
        process.setStandardInputFile(QProcess::nullDevice()); // not a terminal: no prompt
        process.start(QStringLiteral(FLOTILLACTL_PATH), QStringList{u"--data-dir"_s, m_dir.path()} + arguments);
        process.waitForFinished(60'000);
        return std::tuple<int, QString, QString>(process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                                                 QString::fromUtf8(process.readAllStandardError()));
    };

    // Without a login: the data folder's local admin token, as before.
    auto [code, out, err] = run({u"whoami"_s});
    QCOMPARE(code, 0);
    QCOMPARE(out.trimmed(), u"local-admin (admin)"_s);

    std::tie(code, out, err) = run({u"login"_s, u"bob"_s});
    QCOMPARE(code, 2);
    QVERIFY2(err.contains(u"FLOTILLA_PASSWORD"_s), qPrintable(err));
    std::tie(code, out, err) = run({u"login"_s, u"bob"_s}, {{u"FLOTILLA_PASSWORD"_s, u"not bob's"_s}});
    QCOMPARE(code, 1);
    QVERIFY2(err.contains(u"wrong user name or password"_s), qPrintable(err));

    std::tie(code, out, err) = run({u"login"_s, u"bob"_s}, {{u"FLOTILLA_PASSWORD"_s, u"bob's password"_s}});
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(u"Logged in as bob (engineer)"_s), qPrintable(out + err));
    const QString session = u"%1/flotilla/session-127.0.0.1-%2"_s.arg(config).arg(m_runtime->apiPort());
    QVERIFY(QFile::exists(session));
    QCOMPARE(QFileInfo(session).permissions() &
                 ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
             QFile::Permissions());
    QFile sessionFile(session);
    QVERIFY(sessionFile.open(QIODevice::ReadOnly));
    const QString token = QString::fromUtf8(sessionFile.readAll()).trimmed();
    QCOMPARE(token.size(), 43);
    QVERIFY(!out.contains(token) && !err.contains(token)); // kept in the file, never printed

    std::tie(code, out, err) = run({u"whoami"_s});
    QCOMPARE(code, 0);
    QCOMPARE(out.trimmed(), u"bob (engineer)"_s);
    std::tie(code, out, err) = run({u"users"_s, u"list"_s});
    QCOMPARE(code, 1);
    QVERIFY2(err.contains(u"the admin role"_s), qPrintable(err));

    std::tie(code, out, err) = run({u"logout"_s});
    QCOMPARE(code, 0);
    QVERIFY(!QFile::exists(session));
    std::tie(code, out, err) = run({u"whoami"_s});
    QCOMPARE(out.trimmed(), u"local-admin (admin)"_s);

    // An admin manages accounts from the command line.
    std::tie(code, out, err) = run({u"login"_s, u"alice"_s}, {{u"FLOTILLA_PASSWORD"_s, AdminPassword}});
    QCOMPARE(code, 0);
    std::tie(code, out, err) = run({u"users"_s, u"add"_s, u"frank"_s, u"--role"_s, u"approver"_s},
                                   {{u"FLOTILLA_NEW_PASSWORD"_s, u"frank's pw 1"_s}});
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(u"approver"_s), qPrintable(out + err));
    std::tie(code, out, err) = run({u"users"_s, u"set-role"_s, u"frank"_s, u"engineer"_s});
    QCOMPARE(code, 0);
    std::tie(code, out, err) = run({u"users"_s, u"disable"_s, u"frank"_s});
    QVERIFY2(code == 0, qPrintable(err));
    std::tie(code, out, err) = run({u"users"_s, u"list"_s});
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(u"frank"_s) && out.contains(u"engineer"_s), qPrintable(out));
    std::tie(code, out, err) = run({u"users"_s, u"enable"_s, u"frank"_s});
    QCOMPARE(code, 0);
    std::tie(code, out, err) =
        run({u"users"_s, u"passwd"_s, u"frank"_s}, {{u"FLOTILLA_NEW_PASSWORD"_s, u"frank's pw 2"_s}});
    QCOMPARE(code, 0);
    QCOMPARE(login(u"frank"_s, u"frank's pw 2"_s).status, 201);
    const QList<QJsonObject> created = events(u"user.created"_s);
    QVERIFY(std::any_of(created.begin(), created.end(), [](const QJsonObject &e) {
        return e.value(u"actor"_s).toString() == u"alice" &&
               e.value(u"data"_s).toObject().value(u"user"_s).toString() == u"frank";
    }));
    QCOMPARE(std::get<0>(run({u"logout"_s})), 0);
}

QTEST_GUILESS_MAIN(tst_Users)
#include "tst_users.moc"

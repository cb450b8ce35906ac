#include "server/store/Repositories.h"
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

namespace {

constexpr QLatin1StringView kTable = "tokens"_L1;

enum Column
{
    Hash,
    VehicleId,
    DevId,
    ClientCertSha256,
    IssuedAt,
    ExpiresAt,
    RevokedAt,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "hash"_L1, "vehicle_id"_L1, "dev_id"_L1, "client_cert_sha256"_L1, "issued_at"_L1, "expires_at"_L1, "revoked_at"_L1,
};

TokenRecord readToken(const QSqlQuery &q)
{
    TokenRecord t;
    t.hash = q.value(Hash).toString();
    t.vehicleId = q.value(VehicleId).toLongLong();
    t.devId = q.value(DevId).toString();
    t.clientCertificateSha256 = q.value(ClientCertSha256).toString();
    t.issuedAtMs = q.value(IssuedAt).toLongLong();
    t.expiresAtMs = q.value(ExpiresAt).toLongLong();
    t.revokedAtMs = q.value(RevokedAt).toLongLong();
    return t;
}

} // namespace

TokenRepository::TokenRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Status TokenRepository::insert(const TokenRecord &token)
{
    static const QString sql = insertSql(kTable, kColumns);
    Statement statement(m_db, sql);
    statement.bind(kColumns[Hash], token.hash);
    statement.bind(kColumns[VehicleId], token.vehicleId);
    statement.bind(kColumns[DevId], token.devId);
    statement.bind(kColumns[ClientCertSha256], token.clientCertificateSha256);
    statement.bind(kColumns[IssuedAt], token.issuedAtMs);
    statement.bind(kColumns[ExpiresAt], token.expiresAtMs);
    statement.bind(kColumns[RevokedAt], token.revokedAtMs);
    return statement.exec(u"insert token"_s);
}

Result<std::optional<TokenRecord>> TokenRepository::find(const QString &hash)
{
    static const QString sql = u"SELECT " + columnList(kColumns) + u" FROM " + kTable + u" WHERE hash = :hash";
    Statement statement(m_db, sql);
    statement.bind(kColumns[Hash], hash);
    return fetchOne(statement, u"find token"_s, readToken);
}

Status TokenRepository::revokeAllForVehicle(qint64 vehicleId, qint64 atMs)
{
    // Tokens revoked earlier keep their first revocation time.
    static const QString sql =
        u"UPDATE tokens SET revoked_at = :revoked_at WHERE vehicle_id = :vehicle_id AND revoked_at = 0"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[RevokedAt], atMs);
    statement.bind(kColumns[VehicleId], vehicleId);
    return statement.exec(u"revoke tokens"_s);
}

Result<int> TokenRepository::deleteExpired(qint64 beforeMs)
{
    static const QString sql = u"DELETE FROM tokens WHERE expires_at < :before"_s;
    Statement statement(m_db, sql);
    statement.bind(u":before"_s, beforeMs);
    if (Status status = statement.exec(u"delete expired tokens"_s); !status.ok())
        return status.error();
    return statement.query().numRowsAffected();
}

} // namespace flotilla::store

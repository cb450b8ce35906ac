#include "server/store/Repositories.h"
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

namespace {

constexpr QLatin1StringView kTable = "registrations"_L1;

enum Column
{
    Id,
    VehicleId,
    DevId,
    State,
    Proof,
    Nonce,
    PeerAddress,
    DevInfo,
    Csr,
    RequestedAt,
    DecidedAt,
    DecidedBy,
    Reason,
    ColumnCount,
    JoinedVin = ColumnCount // vehicles.vin, after the table's own columns
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "id"_L1,       "vehicle_id"_L1, "dev_id"_L1,       "state"_L1,      "proof"_L1,      "nonce"_L1,  "peer_address"_L1,
    "dev_info"_L1, "csr"_L1,        "requested_at"_L1, "decided_at"_L1, "decided_by"_L1, "reason"_L1,
};

const QString &selectSql()
{
    static const QString sql = u"SELECT " + columnList(kColumns, "r."_L1) + u", v.vin FROM " + kTable +
                               u" r JOIN vehicles v ON v.id = r.vehicle_id";
    return sql;
}

RegistrationRecord readRegistration(const QSqlQuery &q)
{
    RegistrationRecord r;
    r.id = q.value(Id).toLongLong();
    r.vehicleId = q.value(VehicleId).toLongLong();
    r.devId = q.value(DevId).toString();
    r.state = registrationStateFromString(q.value(State).toString()).value_or(RegistrationState::Pending);
    r.proof = proofStatusFromString(q.value(Proof).toString()).value_or(ProofStatus::Missing);
    r.nonce = q.value(Nonce).toString();
    r.peerAddress = q.value(PeerAddress).toString();
    r.devInfo = jsonObjectFromText(q.value(DevInfo).toString(), kColumns[DevInfo]);
    r.csr = q.value(Csr).toString();
    r.requestedAtMs = q.value(RequestedAt).toLongLong();
    r.decidedAtMs = q.value(DecidedAt).toLongLong();
    r.decidedBy = q.value(DecidedBy).toString();
    r.reason = q.value(Reason).toString();
    r.vin = q.value(JoinedVin).toString();
    return r;
}

} // namespace

RegistrationRepository::RegistrationRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> RegistrationRepository::insert(const RegistrationRecord &r)
{
    static const QString sql = insertSql(kTable, Columns(kColumns).subspan(1)) + u" RETURNING id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], r.vehicleId);
    statement.bind(kColumns[DevId], r.devId);
    statement.bind(kColumns[State], toString(r.state));
    statement.bind(kColumns[Proof], toString(r.proof));
    statement.bind(kColumns[Nonce], r.nonce);
    statement.bind(kColumns[PeerAddress], r.peerAddress);
    statement.bind(kColumns[DevInfo], toJsonText(r.devInfo));
    statement.bind(kColumns[Csr], r.csr);
    statement.bind(kColumns[RequestedAt], r.requestedAtMs);
    statement.bind(kColumns[DecidedAt], r.decidedAtMs);
    statement.bind(kColumns[DecidedBy], r.decidedBy);
    statement.bind(kColumns[Reason], r.reason);
    return fetchInteger(statement, u"insert registration"_s);
}

Result<std::optional<RegistrationRecord>> RegistrationRepository::findById(qint64 id)
{
    static const QString sql = selectSql() + u" WHERE r.id = :id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[Id], id);
    return fetchOne(statement, u"find registration"_s, readRegistration);
}

Result<std::optional<RegistrationRecord>> RegistrationRepository::findLatestForVehicle(qint64 vehicleId)
{
    static const QString sql = selectSql() + u" WHERE r.vehicle_id = :vehicle_id ORDER BY r.id DESC LIMIT 1";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], vehicleId);
    return fetchOne(statement, u"find latest registration"_s, readRegistration);
}

Result<QList<RegistrationRecord>> RegistrationRepository::list(std::optional<RegistrationState> state, int limit)
{
    // Newest first: the operator's queue shows the latest requests on top.
    static const QString all = selectSql() + u" ORDER BY r.id DESC LIMIT :limit";
    static const QString byState = selectSql() + u" WHERE r.state = :state ORDER BY r.id DESC LIMIT :limit";
    Statement statement(m_db, state ? byState : all);
    if (state)
        statement.bind(kColumns[State], toString(*state));
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list registrations"_s, readRegistration);
}

Status RegistrationRepository::decide(qint64 id, RegistrationState state, const QString &by, const QString &reason,
                                      qint64 atMs)
{
    static const QString sql = u"UPDATE registrations SET state = :state, decided_by = :decided_by, reason = :reason, "
                               u"decided_at = :decided_at WHERE id = :id"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[State], toString(state));
    statement.bind(kColumns[DecidedBy], by);
    statement.bind(kColumns[Reason], reason);
    statement.bind(kColumns[DecidedAt], atMs);
    statement.bind(kColumns[Id], id);
    if (Status status = statement.exec(u"decide registration"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"decide registration"_s, id);
    return {};
}

Status RegistrationRepository::markIssued(qint64 id, qint64 atMs)
{
    // An operator's decision time is kept; a request issued on a valid proof gets the issue time.
    static const QString sql = u"UPDATE registrations SET state = :state, "
                               u"decided_at = CASE WHEN decided_at = 0 THEN :decided_at ELSE decided_at END "
                               u"WHERE id = :id"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[State], toString(RegistrationState::Issued));
    statement.bind(kColumns[DecidedAt], atMs);
    statement.bind(kColumns[Id], id);
    if (Status status = statement.exec(u"mark registration issued"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"mark registration issued"_s, id);
    return {};
}

Result<bool> RegistrationRepository::nonceUsed(qint64 vehicleId, const QString &nonce)
{
    if (nonce.isEmpty())
        return false; // requests without a proof carry no nonce; there is nothing to replay
    static const QString sql =
        u"SELECT COUNT(*) FROM registrations WHERE vehicle_id = :vehicle_id AND nonce = :nonce"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], vehicleId);
    statement.bind(kColumns[Nonce], nonce);
    const Result<qint64> count = fetchInteger(statement, u"check registration nonce"_s);
    if (!count.ok())
        return count.error();
    return count.value() > 0;
}

} // namespace flotilla::store

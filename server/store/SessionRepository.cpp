#include "server/store/Repositories.h"
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

namespace {

constexpr QLatin1StringView kTable = "dm_sessions"_L1;

enum Column
{
    Id,
    VehicleId,
    Reason,
    NotificationId,
    State,
    StartedAt,
    EndedAt,
    Packages,
    PendingCommands,
    PeerAddress,
    Outcome,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "id"_L1,       "vehicle_id"_L1, "reason"_L1,           "notification_id"_L1, "state"_L1,   "started_at"_L1,
    "ended_at"_L1, "packages"_L1,   "pending_commands"_L1, "peer_address"_L1,    "outcome"_L1,
};

Columns writableColumns()
{
    return Columns(kColumns).subspan(1);
}

const QString &selectSql()
{
    static const QString sql = u"SELECT " + columnList(kColumns) + u" FROM " + kTable;
    return sql;
}

void bindWritable(Statement &statement, const SessionRecord &s)
{
    statement.bind(kColumns[VehicleId], s.vehicleId);
    statement.bind(kColumns[Reason], s.reason);
    statement.bind(kColumns[NotificationId], s.notificationId);
    statement.bind(kColumns[State], toString(s.state));
    statement.bind(kColumns[StartedAt], s.startedAtMs);
    statement.bind(kColumns[EndedAt], s.endedAtMs);
    statement.bind(kColumns[Packages], s.packages);
    statement.bind(kColumns[PendingCommands], toJsonText(s.pendingCommands));
    statement.bind(kColumns[PeerAddress], s.peerAddress);
    statement.bind(kColumns[Outcome], s.outcome);
}

SessionRecord readSession(const QSqlQuery &q)
{
    SessionRecord s;
    s.id = q.value(Id).toLongLong();
    s.vehicleId = q.value(VehicleId).toLongLong();
    s.reason = q.value(Reason).toString();
    s.notificationId = q.value(NotificationId).toString();
    s.state = sessionStateFromString(q.value(State).toString()).value_or(SessionState::Failed);
    s.startedAtMs = q.value(StartedAt).toLongLong();
    s.endedAtMs = q.value(EndedAt).toLongLong();
    s.packages = q.value(Packages).toInt();
    s.pendingCommands = jsonArrayFromText(q.value(PendingCommands).toString(), kColumns[PendingCommands]);
    s.peerAddress = q.value(PeerAddress).toString();
    s.outcome = q.value(Outcome).toString();
    return s;
}

} // namespace

SessionRepository::SessionRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> SessionRepository::insert(const SessionRecord &session)
{
    static const QString sql = insertSql(kTable, writableColumns()) + u" RETURNING id";
    Statement statement(m_db, sql);
    bindWritable(statement, session);
    return fetchInteger(statement, u"insert session"_s);
}

Status SessionRepository::update(const SessionRecord &session)
{
    static const QString sql = updateSql(kTable, writableColumns(), kColumns[Id]);
    Statement statement(m_db, sql);
    bindWritable(statement, session);
    statement.bind(kColumns[Id], session.id);
    if (Status status = statement.exec(u"update session"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"update session"_s, session.id);
    return {};
}

Result<std::optional<SessionRecord>> SessionRepository::findOpenForVehicle(qint64 vehicleId)
{
    // Newest first, should an earlier open one have been left behind.
    static const QString sql =
        selectSql() + u" WHERE vehicle_id = :vehicle_id AND state = :state ORDER BY id DESC LIMIT 1";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], vehicleId);
    statement.bind(kColumns[State], toString(SessionState::Open));
    return fetchOne(statement, u"find open session"_s, readSession);
}

Result<int> SessionRepository::abandonOpen(qint64 vehicleId, qint64 atMs, const QString &outcome)
{
    static const QString sql = u"UPDATE dm_sessions SET state = :state, ended_at = :ended_at, outcome = :outcome "
                               u"WHERE vehicle_id = :vehicle_id AND state = :open"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[State], toString(SessionState::Abandoned));
    statement.bind(kColumns[EndedAt], atMs);
    statement.bind(kColumns[Outcome], outcome);
    statement.bind(kColumns[VehicleId], vehicleId);
    statement.bind(u":open"_s, toString(SessionState::Open));
    if (Status status = statement.exec(u"abandon open sessions"_s); !status.ok())
        return status.error();
    return statement.query().numRowsAffected();
}

Result<QList<SessionRecord>> SessionRepository::listForVehicle(qint64 vehicleId, int limit)
{
    static const QString sql = selectSql() + u" WHERE vehicle_id = :vehicle_id ORDER BY id DESC LIMIT :limit";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], vehicleId);
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list sessions"_s, readSession);
}

} // namespace flotilla::store

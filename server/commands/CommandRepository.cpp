#include "server/commands/CommandRepository.h"

// The command tables belong to server/commands, but their statements go through the store's helpers
// (prepared-statement cache, owner-thread checks, error mapping) like every repository.
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;
using namespace flotilla::store::detail;

namespace flotilla::server::commands {

namespace {

constexpr QLatin1StringView kCommands = "commands"_L1;

enum Column
{
    IdColumn,
    VehicleIdColumn,
    OperationColumn,
    ArgumentsColumn,
    StateColumn,
    ResultCodeColumn,
    ReasonColumn,
    ResultColumn,
    ActorColumn,
    BulkIdColumn,
    CreatedAtColumn,
    ExpiresAtColumn,
    SentAtColumn,
    FinishedAtColumn,
    DeliveriesColumn,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "id"_L1,          "vehicle_id"_L1, "operation"_L1, "arguments"_L1,   "state"_L1,
    "result_code"_L1, "reason"_L1,     "result"_L1,    "actor"_L1,       "bulk_id"_L1,
    "created_at"_L1,  "expires_at"_L1, "sent_at"_L1,   "finished_at"_L1, "deliveries"_L1,
};

Columns writable()
{
    return Columns(kColumns).subspan(1);
}

const QString &selectSql()
{
    static const QString sql = u"SELECT " + columnList(kColumns, "c."_L1) + u", v.vin FROM " + kCommands +
                               u" c JOIN vehicles v ON v.id = c.vehicle_id";
    return sql;
}

// Unfinished states, spelled once for SQL; the partial indexes of 0005 use the same predicate.
const QString &activeList()
{
    static const QString list = u"('queued','sent','accepted')"_s;
    return list;
}

CommandRecord readCommand(const QSqlQuery &q)
{
    CommandRecord c;
    c.id = q.value(IdColumn).toLongLong();
    c.vehicleId = q.value(VehicleIdColumn).toLongLong();
    // Written from the enum; an unknown name (a newer build's operation) reads as a harmless Locate.
    c.operation = operationFromString(q.value(OperationColumn).toString()).value_or(Operation::Locate);
    c.arguments = jsonObjectFromText(q.value(ArgumentsColumn).toString(), kColumns[ArgumentsColumn]);
    c.state = commandStateFromString(q.value(StateColumn).toString()).value_or(CommandState::Failed);
    c.resultCode = q.value(ResultCodeColumn).toInt();
    c.reason = q.value(ReasonColumn).toString();
    c.result = jsonObjectFromText(q.value(ResultColumn).toString(), kColumns[ResultColumn]);
    c.actor = q.value(ActorColumn).toString();
    c.bulkId = q.value(BulkIdColumn).isNull() ? 0 : q.value(BulkIdColumn).toLongLong();
    c.createdAtMs = q.value(CreatedAtColumn).toLongLong();
    c.expiresAtMs = q.value(ExpiresAtColumn).toLongLong();
    c.sentAtMs = q.value(SentAtColumn).toLongLong();
    c.finishedAtMs = q.value(FinishedAtColumn).toLongLong();
    c.deliveries = q.value(DeliveriesColumn).toInt();
    c.vin = q.value(ColumnCount).toString();
    return c;
}

void bindCommand(Statement &s, const CommandRecord &c)
{
    s.bind(kColumns[VehicleIdColumn], c.vehicleId);
    s.bind(kColumns[OperationColumn], toString(c.operation));
    s.bind(kColumns[ArgumentsColumn], toJsonText(c.arguments));
    s.bind(kColumns[StateColumn], toString(c.state));
    s.bind(kColumns[ResultCodeColumn], c.resultCode);
    s.bind(kColumns[ReasonColumn], c.reason);
    s.bind(kColumns[ResultColumn], toJsonText(c.result));
    s.bind(kColumns[ActorColumn], c.actor);
    s.bind(kColumns[BulkIdColumn], nullableId(c.bulkId > 0 ? std::optional<qint64>(c.bulkId) : std::nullopt));
    s.bind(kColumns[CreatedAtColumn], c.createdAtMs);
    s.bind(kColumns[ExpiresAtColumn], c.expiresAtMs);
    s.bind(kColumns[SentAtColumn], c.sentAtMs);
    s.bind(kColumns[FinishedAtColumn], c.finishedAtMs);
    s.bind(kColumns[DeliveriesColumn], c.deliveries);
}

} // namespace

CommandRepository::CommandRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> CommandRepository::insert(const CommandRecord &command)
{
    static const QString sql = insertSql(kCommands, writable()) + u" RETURNING id";
    Statement statement(m_db, sql);
    bindCommand(statement, command);
    return fetchInteger(statement, u"insert command"_s);
}

Status CommandRepository::update(const CommandRecord &command)
{
    static const QString sql = updateSql(kCommands, writable(), kColumns[IdColumn]);
    Statement statement(m_db, sql);
    bindCommand(statement, command);
    statement.bind(kColumns[IdColumn], command.id);
    if (Status status = statement.exec(u"update command"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"update command"_s, command.id);
    return {};
}

Result<std::optional<CommandRecord>> CommandRepository::findById(qint64 id)
{
    static const QString sql = selectSql() + u" WHERE c.id = :id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[IdColumn], id);
    return fetchOne(statement, u"find command"_s, readCommand);
}

Result<QList<CommandRecord>> CommandRepository::activeForVehicle(qint64 vehicleId)
{
    static const QString sql =
        selectSql() + u" WHERE c.vehicle_id = :vehicle_id AND c.state IN " + activeList() + u" ORDER BY c.id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleIdColumn], vehicleId);
    return fetchAll(statement, u"list active commands of a vehicle"_s, readCommand);
}

Result<QList<CommandRecord>> CommandRepository::listForVehicle(qint64 vehicleId, int limit)
{
    static const QString sql = selectSql() + u" WHERE c.vehicle_id = :vehicle_id ORDER BY c.id DESC LIMIT :limit";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleIdColumn], vehicleId);
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list commands of a vehicle"_s, readCommand);
}

Result<QList<CommandRecord>> CommandRepository::listForBulk(qint64 bulkId)
{
    static const QString sql = selectSql() + u" WHERE c.bulk_id = :bulk_id ORDER BY c.id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[BulkIdColumn], bulkId);
    return fetchAll(statement, u"list commands of a bulk send"_s, readCommand);
}

Result<QList<CommandRecord>> CommandRepository::listActive()
{
    static const QString sql = selectSql() + u" WHERE c.state IN " + activeList() + u" ORDER BY c.id";
    Statement statement(m_db, sql);
    return fetchAll(statement, u"list active commands"_s, readCommand);
}

Result<QList<CommandRecord>> CommandRepository::listDue(qint64 nowMs, qint64 answeredBeforeMs, int limit)
{
    static const QString sql = selectSql() + u" WHERE c.state IN " + activeList() +
                               u" AND c.expires_at <= :now AND (c.state = 'queued' OR c.expires_at <= :answered)"
                               u" ORDER BY c.expires_at LIMIT :limit";
    Statement statement(m_db, sql);
    statement.bind(u":now"_s, nowMs);
    statement.bind(u":answered"_s, answeredBeforeMs);
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list commands due to expire"_s, readCommand);
}

Result<qint64> CommandRepository::insertBulk(Operation operation, const QString &actor, qint64 createdAtMs)
{
    static const QString sql = u"INSERT INTO command_bulks (operation, actor, vehicles, created_at) VALUES "
                               u"(:operation, :actor, 0, :created_at) RETURNING id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":operation"_s, toString(operation));
    statement.bind(u":actor"_s, actor);
    statement.bind(u":created_at"_s, createdAtMs);
    return fetchInteger(statement, u"insert command bulk"_s);
}

Status CommandRepository::setBulkVehicles(qint64 bulkId, int vehicles)
{
    static const QString sql = u"UPDATE command_bulks SET vehicles = :vehicles WHERE id = :id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":vehicles"_s, vehicles);
    statement.bind(u":id"_s, bulkId);
    return statement.exec(u"count the vehicles of a command bulk"_s);
}

} // namespace flotilla::server::commands

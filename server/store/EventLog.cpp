#include "server/store/Repositories.h"
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

namespace {

constexpr QLatin1StringView kTable = "events"_L1;

enum Column
{
    Id,
    At,
    Kind,
    VehicleId,
    Vin,
    Actor,
    Summary,
    Data,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "id"_L1, "at"_L1, "kind"_L1, "vehicle_id"_L1, "vin"_L1, "actor"_L1, "summary"_L1, "data"_L1,
};

EventRecord readEvent(const QSqlQuery &q)
{
    EventRecord e;
    e.id = q.value(Id).toLongLong();
    e.atMs = q.value(At).toLongLong();
    e.kind = q.value(Kind).toString();
    const QVariant vehicle = q.value(VehicleId);
    if (!vehicle.isNull())
        e.vehicleId = vehicle.toLongLong();
    e.vin = q.value(Vin).toString();
    e.actor = q.value(Actor).toString();
    e.summary = q.value(Summary).toString();
    e.data = jsonObjectFromText(q.value(Data).toString(), kColumns[Data]);
    return e;
}

} // namespace

EventLog::EventLog(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> EventLog::append(const EventRecord &event)
{
    static const QString sql = insertSql(kTable, Columns(kColumns).subspan(1)) + u" RETURNING id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[At], event.atMs);
    statement.bind(kColumns[Kind], event.kind);
    statement.bind(kColumns[VehicleId], nullableId(event.vehicleId));
    statement.bind(kColumns[Vin], event.vin);
    statement.bind(kColumns[Actor], event.actor);
    statement.bind(kColumns[Summary], event.summary);
    statement.bind(kColumns[Data], toJsonText(event.data));
    return fetchInteger(statement, u"append event"_s);
}

Result<QList<EventRecord>> EventLog::list(qint64 afterId, int limit, std::optional<qint64> vehicleId)
{
    // The ids are AUTOINCREMENT, so they never go back: "after id" is a stable cursor for
    // following the log, and newest-first pages open the view.
    static const std::array<QString, 4> sqls = [] {
        const QString select = u"SELECT " + columnList(kColumns) + u" FROM " + kTable;
        return std::array<QString, 4>{
            select + u" ORDER BY id DESC LIMIT :limit",
            select + u" WHERE vehicle_id = :vehicle_id ORDER BY id DESC LIMIT :limit",
            select + u" WHERE id > :after ORDER BY id ASC LIMIT :limit",
            select + u" WHERE id > :after AND vehicle_id = :vehicle_id ORDER BY id ASC LIMIT :limit",
        };
    }();
    const bool following = afterId != 0;
    Statement statement(m_db, sqls[size_t((following ? 2 : 0) | (vehicleId ? 1 : 0))]);
    if (following)
        statement.bind(u":after"_s, afterId);
    if (vehicleId)
        statement.bind(kColumns[VehicleId], *vehicleId);
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list events"_s, readEvent);
}

} // namespace flotilla::store

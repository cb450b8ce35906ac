#include "server/store/Repositories.h"
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

namespace {

constexpr QLatin1StringView kTable = "vehicles"_L1;

// Select order; the enum indexes a row.
enum Column
{
    Id,
    Vin,
    DevId,
    State,
    Manufacturer,
    Model,
    Oem,
    DevType,
    FwVersion,
    SwVersion,
    HwVersion,
    Language,
    DmVersion,
    Codecs,
    DeltaMaxMemoryMiB,
    Ecus,
    Rxswin,
    RegisteredAt,
    LastSeenAt,
    LastAddress,
    SessionCount,
    UpdatedAt,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "id"_L1,           "vin"_L1,          "dev_id"_L1,
    "state"_L1,        "manufacturer"_L1, "model"_L1,
    "oem"_L1,          "dev_type"_L1,     "fw_version"_L1,
    "sw_version"_L1,   "hw_version"_L1,   "language"_L1,
    "dm_version"_L1,   "codecs"_L1,       "delta_max_memory_mib"_L1,
    "ecus"_L1,         "rxswin"_L1,       "registered_at"_L1,
    "last_seen_at"_L1, "last_address"_L1, "session_count"_L1,
    "updated_at"_L1,
};

Columns writableColumns()
{
    return Columns(kColumns).subspan(1); // all but id
}

const QString &selectSql()
{
    static const QString sql = u"SELECT " + columnList(kColumns) + u" FROM " + kTable;
    return sql;
}

// Case-insensitive substring match on VIN, DevID, model and OEM; four placeholders because not
// every driver accepts one named placeholder used several times.
const QString &textCondition()
{
    static const QString sql = u"(lower(vin) LIKE :text1 ESCAPE '\\' OR lower(dev_id) LIKE :text2 ESCAPE '\\' "
                               u"OR lower(model) LIKE :text3 ESCAPE '\\' OR lower(oem) LIKE :text4 ESCAPE '\\')"_s;
    return sql;
}

void bindWritable(Statement &statement, const VehicleRecord &v)
{
    statement.bind(kColumns[Vin], v.vin);
    statement.bind(kColumns[DevId], v.devId);
    statement.bind(kColumns[State], toString(v.state));
    statement.bind(kColumns[Manufacturer], v.manufacturer);
    statement.bind(kColumns[Model], v.model);
    statement.bind(kColumns[Oem], v.oem);
    statement.bind(kColumns[DevType], v.devType);
    statement.bind(kColumns[FwVersion], v.fwVersion);
    statement.bind(kColumns[SwVersion], v.swVersion);
    statement.bind(kColumns[HwVersion], v.hwVersion);
    statement.bind(kColumns[Language], v.language);
    statement.bind(kColumns[DmVersion], v.dmVersion);
    statement.bind(kColumns[Codecs], toJsonText(v.codecs));
    statement.bind(kColumns[DeltaMaxMemoryMiB], nullableInt(v.deltaMaxMemoryMiB));
    statement.bind(kColumns[Ecus], toJsonText(v.ecus));
    statement.bind(kColumns[Rxswin], toJsonText(v.rxswin));
    statement.bind(kColumns[RegisteredAt], v.registeredAtMs);
    statement.bind(kColumns[LastSeenAt], v.lastSeenAtMs);
    statement.bind(kColumns[LastAddress], v.lastAddress);
    statement.bind(kColumns[SessionCount], v.sessionCount);
    statement.bind(kColumns[UpdatedAt], v.updatedAtMs);
}

VehicleRecord readVehicle(const QSqlQuery &q)
{
    VehicleRecord v;
    v.id = q.value(Id).toLongLong();
    v.vin = q.value(Vin).toString();
    v.devId = q.value(DevId).toString();
    v.state = vehicleStateFromString(q.value(State).toString()).value_or(VehicleState::Pending);
    v.manufacturer = q.value(Manufacturer).toString();
    v.model = q.value(Model).toString();
    v.oem = q.value(Oem).toString();
    v.devType = q.value(DevType).toString();
    v.fwVersion = q.value(FwVersion).toString();
    v.swVersion = q.value(SwVersion).toString();
    v.hwVersion = q.value(HwVersion).toString();
    v.language = q.value(Language).toString();
    v.dmVersion = q.value(DmVersion).toString();
    v.codecs = stringListFromText(q.value(Codecs).toString(), kColumns[Codecs]);
    const QVariant memory = q.value(DeltaMaxMemoryMiB);
    if (!memory.isNull())
        v.deltaMaxMemoryMiB = memory.toInt();
    v.ecus = jsonArrayFromText(q.value(Ecus).toString(), kColumns[Ecus]);
    v.rxswin = stringListFromText(q.value(Rxswin).toString(), kColumns[Rxswin]);
    v.registeredAtMs = q.value(RegisteredAt).toLongLong();
    v.lastSeenAtMs = q.value(LastSeenAt).toLongLong();
    v.lastAddress = q.value(LastAddress).toString();
    v.sessionCount = q.value(SessionCount).toLongLong();
    v.updatedAtMs = q.value(UpdatedAt).toLongLong();
    return v;
}

} // namespace

VehicleRepository::VehicleRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> VehicleRepository::insert(const VehicleRecord &vehicle)
{
    static const QString sql = insertSql(kTable, writableColumns()) + u" RETURNING id";
    Statement statement(m_db, sql);
    bindWritable(statement, vehicle);
    return fetchInteger(statement, u"insert vehicle"_s);
}

Status VehicleRepository::update(const VehicleRecord &vehicle)
{
    static const QString sql = updateSql(kTable, writableColumns(), kColumns[Id]);
    Statement statement(m_db, sql);
    bindWritable(statement, vehicle);
    statement.bind(kColumns[Id], vehicle.id);
    if (Status status = statement.exec(u"update vehicle"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"update vehicle"_s, vehicle.id);
    return {};
}

Result<std::optional<VehicleRecord>> VehicleRepository::findByVin(const QString &vin)
{
    static const QString sql = selectSql() + u" WHERE vin = :vin";
    Statement statement(m_db, sql);
    statement.bind(kColumns[Vin], vin);
    return fetchOne(statement, u"find vehicle by VIN"_s, readVehicle);
}

Result<std::optional<VehicleRecord>> VehicleRepository::findById(qint64 id)
{
    static const QString sql = selectSql() + u" WHERE id = :id";
    Statement statement(m_db, sql);
    statement.bind(kColumns[Id], id);
    return fetchOne(statement, u"find vehicle by id"_s, readVehicle);
}

Result<QList<VehicleRecord>> VehicleRepository::findByVins(const QStringList &vins)
{
    // One IN list per chunk keeps every statement under the drivers' parameter limits.
    constexpr qsizetype kChunk = 500;
    QStringList unique = vins;
    unique.removeDuplicates();
    QList<VehicleRecord> found;
    for (qsizetype start = 0; start < unique.size(); start += kChunk) {
        const QStringList chunk = unique.mid(start, kChunk);
        QString placeholders;
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (i > 0)
                placeholders += u", ";
            placeholders += u":vin" + QString::number(i);
        }
        Statement statement(m_db, selectSql() + u" WHERE vin IN (" + placeholders + u')', Statement::Caching::Uncached);
        for (qsizetype i = 0; i < chunk.size(); ++i)
            statement.bind(u":vin" + QString::number(i), chunk.at(i));
        Result<QList<VehicleRecord>> rows = fetchAll(statement, u"find vehicles by VIN"_s, readVehicle);
        if (!rows.ok())
            return rows.error();
        found += rows.value();
    }
    std::sort(found.begin(), found.end(), [](const VehicleRecord &a, const VehicleRecord &b) { return a.vin < b.vin; });
    return found;
}

Result<QList<VehicleRecord>> VehicleRepository::list(const VehicleFilter &filter)
{
    const bool byText = !filter.text.isEmpty();
    const bool byState = filter.state.has_value();
    // The four shapes of the statement are fixed text, so each is prepared once per connection.
    static const std::array<QString, 4> sqls = [] {
        std::array<QString, 4> result;
        for (int shape = 0; shape < 4; ++shape) {
            QStringList conditions;
            if (shape & 1)
                conditions.append(textCondition());
            if (shape & 2)
                conditions.append(u"state = :state"_s);
            QString sql = selectSql();
            if (!conditions.isEmpty())
                sql += u" WHERE " + conditions.join(u" AND "_s);
            sql += u" ORDER BY vin LIMIT :limit OFFSET :offset";
            result[size_t(shape)] = sql;
        }
        return result;
    }();
    Statement statement(m_db, sqls[size_t((byText ? 1 : 0) | (byState ? 2 : 0))]);
    if (byText) {
        const QString pattern = containsPattern(filter.text);
        statement.bind(u":text1"_s, pattern);
        statement.bind(u":text2"_s, pattern);
        statement.bind(u":text3"_s, pattern);
        statement.bind(u":text4"_s, pattern);
    }
    if (byState)
        statement.bind(kColumns[State], toString(*filter.state));
    statement.bind(u":limit"_s, sqlLimit(filter.limit));
    statement.bind(u":offset"_s, qint64(std::max(0, filter.offset)));
    return fetchAll(statement, u"list vehicles"_s, readVehicle);
}

Status VehicleRepository::setState(qint64 id, VehicleState state, qint64 atMs)
{
    static const QString sql = u"UPDATE vehicles SET state = :state, updated_at = :updated_at WHERE id = :id"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[State], toString(state));
    statement.bind(kColumns[UpdatedAt], atMs);
    statement.bind(kColumns[Id], id);
    if (Status status = statement.exec(u"set vehicle state"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"set vehicle state"_s, id);
    return {};
}

Status VehicleRepository::recordSession(qint64 id, qint64 atMs, const QString &address)
{
    static const QString sql = u"UPDATE vehicles SET last_seen_at = :last_seen_at, last_address = :last_address, "
                               u"session_count = session_count + 1 WHERE id = :id"_s;
    Statement statement(m_db, sql);
    statement.bind(kColumns[LastSeenAt], atMs);
    statement.bind(kColumns[LastAddress], address);
    statement.bind(kColumns[Id], id);
    if (Status status = statement.exec(u"record vehicle session"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"record vehicle session"_s, id);
    return {};
}

Result<QHash<VehicleState, qint64>> VehicleRepository::countByState()
{
    static const QString sql = u"SELECT state, COUNT(*) FROM vehicles GROUP BY state"_s;
    Statement statement(m_db, sql);
    if (Status status = statement.exec(u"count vehicles by state"_s); !status.ok())
        return status.error();
    // Every state is present, zero included, so that views need no special case.
    QHash<VehicleState, qint64> counts;
    for (VehicleState state : {VehicleState::Pending, VehicleState::Accepted, VehicleState::Rejected,
                               VehicleState::Blocked, VehicleState::Wiped})
        counts.insert(state, 0);
    QSqlQuery &q = statement.query();
    while (q.next()) {
        if (const std::optional<VehicleState> state = vehicleStateFromString(q.value(0).toString()))
            counts[*state] = q.value(1).toLongLong();
    }
    if (q.lastError().isValid())
        return statement.error(u"count vehicles by state"_s);
    return counts;
}

Result<qint64> VehicleRepository::countSeenSince(qint64 sinceMs)
{
    static const QString sql = u"SELECT COUNT(*) FROM vehicles WHERE last_seen_at >= :since"_s;
    Statement statement(m_db, sql);
    statement.bind(u":since"_s, sinceMs);
    return fetchInteger(statement, u"count vehicles seen"_s);
}

} // namespace flotilla::store

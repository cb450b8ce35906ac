#include "server/store/Repositories.h"
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

namespace {

constexpr QLatin1StringView kTable = "mo_snapshots"_L1;

enum Column
{
    VehicleId,
    Moid,
    ClientUri,
    Data,
    ReceivedAt,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns = {
    "vehicle_id"_L1, "moid"_L1, "client_uri"_L1, "data"_L1, "received_at"_L1,
};

const QString &selectSql()
{
    static const QString sql = u"SELECT " + columnList(kColumns) + u" FROM " + kTable;
    return sql;
}

MoSnapshot readSnapshot(const QSqlQuery &q)
{
    MoSnapshot s;
    s.vehicleId = q.value(VehicleId).toLongLong();
    s.moid = q.value(Moid).toString();
    s.clientUri = q.value(ClientUri).toString();
    s.data = jsonObjectFromText(q.value(Data).toString(), kColumns[Data]);
    s.receivedAtMs = q.value(ReceivedAt).toLongLong();
    return s;
}

} // namespace

MoSnapshotRepository::MoSnapshotRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Status MoSnapshotRepository::put(const MoSnapshot &snapshot)
{
    // Upsert syntax shared by SQLite (3.24+) and PostgreSQL.
    static const QString sql =
        insertSql(kTable, kColumns) +
        u" ON CONFLICT (vehicle_id, moid) DO UPDATE SET client_uri = excluded.client_uri, data = excluded.data, "
        u"received_at = excluded.received_at";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], snapshot.vehicleId);
    statement.bind(kColumns[Moid], snapshot.moid);
    statement.bind(kColumns[ClientUri], snapshot.clientUri);
    statement.bind(kColumns[Data], toJsonText(snapshot.data));
    statement.bind(kColumns[ReceivedAt], snapshot.receivedAtMs);
    return statement.exec(u"put MO snapshot"_s);
}

Result<std::optional<MoSnapshot>> MoSnapshotRepository::get(qint64 vehicleId, const QString &moid)
{
    static const QString sql = selectSql() + u" WHERE vehicle_id = :vehicle_id AND moid = :moid";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], vehicleId);
    statement.bind(kColumns[Moid], moid);
    return fetchOne(statement, u"get MO snapshot"_s, readSnapshot);
}

Result<QList<MoSnapshot>> MoSnapshotRepository::listForVehicle(qint64 vehicleId)
{
    static const QString sql = selectSql() + u" WHERE vehicle_id = :vehicle_id ORDER BY moid";
    Statement statement(m_db, sql);
    statement.bind(kColumns[VehicleId], vehicleId);
    return fetchAll(statement, u"list MO snapshots"_s, readSnapshot);
}

} // namespace flotilla::store

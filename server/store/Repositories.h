#pragma once

#include "core/Result.h"
#include "server/store/Records.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>

#include <optional>

// Intention-revealing access to the tables (STYLE.md 12): prepared statements with named
// placeholders, values never spliced into SQL. A repository wraps the caller's connection, so it
// works on any thread with that thread's connection, inside or outside a Transaction.
namespace flotilla::store {

class VehicleRepository final
{
public:
    explicit VehicleRepository(QSqlDatabase db);
    Result<qint64> insert(const VehicleRecord &vehicle); // returns the new id
    Status update(const VehicleRecord &vehicle);         // every column, by id
    Result<std::optional<VehicleRecord>> findByVin(const QString &vin);
    Result<std::optional<VehicleRecord>> findById(qint64 id);
    Result<QList<VehicleRecord>> findByVins(const QStringList &vins);
    Result<QList<VehicleRecord>> list(const VehicleFilter &filter); // ordered by VIN
    Status setState(qint64 id, VehicleState state, qint64 atMs);
    // last_seen, last_address, session_count + 1
    Status recordSession(qint64 id, qint64 atMs, const QString &address);
    Result<QHash<VehicleState, qint64>> countByState();
    Result<qint64> countSeenSince(qint64 sinceMs);

private:
    QSqlDatabase m_db;
};

class RegistrationRepository final
{
public:
    explicit RegistrationRepository(QSqlDatabase db);
    Result<qint64> insert(const RegistrationRecord &registration);
    Result<std::optional<RegistrationRecord>> findById(qint64 id);
    Result<std::optional<RegistrationRecord>> findLatestForVehicle(qint64 vehicleId);
    Result<QList<RegistrationRecord>> list(std::optional<RegistrationState> state, int limit = 1000);
    Status decide(qint64 id, RegistrationState state, const QString &by, const QString &reason, qint64 atMs);
    Status markIssued(qint64 id, qint64 atMs);
    Result<bool> nonceUsed(qint64 vehicleId, const QString &nonce);

private:
    QSqlDatabase m_db;
};

class TokenRepository final
{
public:
    explicit TokenRepository(QSqlDatabase db);
    Status insert(const TokenRecord &token);
    Result<std::optional<TokenRecord>> find(const QString &hash);
    Status revokeAllForVehicle(qint64 vehicleId, qint64 atMs);
    Result<int> deleteExpired(qint64 beforeMs);

private:
    QSqlDatabase m_db;
};

class SessionRepository final
{
public:
    explicit SessionRepository(QSqlDatabase db);
    Result<qint64> insert(const SessionRecord &session);
    Status update(const SessionRecord &session);
    Result<std::optional<SessionRecord>> findOpenForVehicle(qint64 vehicleId);
    // Marks every open session of the vehicle Abandoned with this outcome; returns how many.
    Result<int> abandonOpen(qint64 vehicleId, qint64 atMs, const QString &outcome);
    Result<QList<SessionRecord>> listForVehicle(qint64 vehicleId, int limit = 50);

private:
    QSqlDatabase m_db;
};

class MoSnapshotRepository final
{
public:
    explicit MoSnapshotRepository(QSqlDatabase db);
    Status put(const MoSnapshot &snapshot); // insert or replace (vehicle, moid)
    Result<std::optional<MoSnapshot>> get(qint64 vehicleId, const QString &moid);
    Result<QList<MoSnapshot>> listForVehicle(qint64 vehicleId);

private:
    QSqlDatabase m_db;
};

class EventLog final
{
public:
    explicit EventLog(QSqlDatabase db);
    Result<qint64> append(const EventRecord &event);
    // Newest first when afterId == 0, else the events after afterId in ascending order.
    Result<QList<EventRecord>> list(qint64 afterId, int limit, std::optional<qint64> vehicleId = std::nullopt);

private:
    QSqlDatabase m_db;
};

} // namespace flotilla::store

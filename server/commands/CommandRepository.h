#pragma once

#include "core/Result.h"
#include "server/commands/CommandTypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

// The command tables (schema v5: commands, command_bulks) and their repository. Reads join the
// vehicle's VIN so that a record reads alone.
namespace flotilla::server::commands {

class CommandRepository final
{
public:
    explicit CommandRepository(QSqlDatabase db);

    Result<qint64> insert(const CommandRecord &command); // returns the new id
    Status update(const CommandRecord &command);         // every mutable column, by id
    Result<std::optional<CommandRecord>> findById(qint64 id);
    // The vehicle's queued, sent and accepted commands, oldest first.
    Result<QList<CommandRecord>> activeForVehicle(qint64 vehicleId);
    Result<QList<CommandRecord>> listForVehicle(qint64 vehicleId, int limit = 50); // newest first
    Result<QList<CommandRecord>> listForBulk(qint64 bulkId);                       // by id
    Result<QList<CommandRecord>> listActive();                                     // every unfinished one, by id
    // Unfinished commands due to expire, by expiry: queued ones whose expiry is at or before nowMs,
    // delivered ones (sent, accepted) whose expiry is at or before answeredBeforeMs.
    Result<QList<CommandRecord>> listDue(qint64 nowMs, qint64 answeredBeforeMs, int limit = 1000);

    // A bulk send: one row naming the operation and operator; vehicles is filled in once known.
    Result<qint64> insertBulk(Operation operation, const QString &actor, qint64 createdAtMs);
    Status setBulkVehicles(qint64 bulkId, int vehicles);

private:
    QSqlDatabase m_db;
};

} // namespace flotilla::server::commands

#pragma once

#include "core/Result.h"
#include "server/store/UpdateRecords.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace flotilla::store {

class UpdateJobRepository final
{
public:
    explicit UpdateJobRepository(QSqlDatabase db);
    Result<qint64> insert(const UpdateJobRecord &job);
    Status update(const UpdateJobRecord &job); // every mutable column, by id
    Result<std::optional<UpdateJobRecord>> findById(qint64 id);
    // The vehicle's newest job that is not terminal.
    Result<std::optional<UpdateJobRecord>> activeForVehicle(qint64 vehicleId);
    Result<QList<UpdateJobRecord>> listForVehicle(qint64 vehicleId, int limit = 50); // newest first
    Result<QList<UpdateJobRecord>> listForRelease(qint64 releaseId, int limit = 0);
    Result<QList<UpdateJobRecord>> listActive();                       // every job not terminal
    Result<QList<UpdateJobRecord>> listForCampaign(qint64 campaignId); // every job the campaign made
    Status addBytesServed(qint64 jobId, qint64 bytes, qint64 atMs);

private:
    QSqlDatabase m_db;
};

class DeltaRepository final
{
public:
    explicit DeltaRepository(QSqlDatabase db);
    // Inserts or replaces the row of (codec, from, to); returns its id.
    Result<qint64> upsert(const DeltaRecord &delta);
    Result<std::optional<DeltaRecord>> find(const QString &codec, const QString &fromSha256, const QString &toSha256);
    Result<QList<DeltaRecord>> listForTarget(const QString &toSha256); // every codec and source

private:
    QSqlDatabase m_db;
};

class SigningKeyRepository final
{
public:
    explicit SigningKeyRepository(QSqlDatabase db);
    Status insert(const SigningKeyRecord &key);
    Status setState(const QString &keyId, SigningKeyState state, qint64 atMs);
    Result<QList<SigningKeyRecord>> list(); // oldest first
    Status recordDelivered(qint64 vehicleId, const QString &keyId, qint64 atMs);
    Result<QStringList> deliveredTo(qint64 vehicleId);
    Result<qint64> countDelivered(const QString &keyId);

private:
    QSqlDatabase m_db;
};

} // namespace flotilla::store

#include "server/store/UpdateRepositories.h"

#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;

// ---------------------------------------------------------------------------------- update jobs

namespace {

constexpr QLatin1StringView kJobs = "update_jobs"_L1;

enum JobColumn
{
    JobId,
    JobVehicleId,
    JobReleaseId,
    JobStateColumn,
    JobProgress,
    JobResultCode,
    JobReason,
    JobInstruction,
    JobPayloadBytes,
    JobBytesServed,
    JobDeferredUntil,
    JobReport,
    JobCreatedAt,
    JobCreatedBy,
    JobUpdatedAt,
    JobFinishedAt,
    JobCampaignId,
    JobDownloadOnly,
    JobColumnCount
};

constexpr std::array<QLatin1StringView, JobColumnCount> kJobColumns = {
    "id"_L1,           "vehicle_id"_L1,         "release_id"_L1,
    "state"_L1,        "progress"_L1,           "result_code"_L1,
    "reason"_L1,       "instruction_sha256"_L1, "payload_bytes"_L1,
    "bytes_served"_L1, "deferred_until"_L1,     "report"_L1,
    "created_at"_L1,   "created_by"_L1,         "updated_at"_L1,
    "finished_at"_L1,  "campaign_id"_L1,        "download_only"_L1,
};

Columns jobWritable()
{
    return Columns(kJobColumns).subspan(1);
}

const QString &jobSelect()
{
    // The VIN comes along so that lists read alone (console, API).
    static const QString sql = u"SELECT " + columnList(kJobColumns, "j."_L1) + u", v.vin FROM " + kJobs +
                               u" j JOIN vehicles v ON v.id = j.vehicle_id";
    return sql;
}

UpdateJobRecord readJob(const QSqlQuery &q)
{
    UpdateJobRecord j;
    j.id = q.value(JobId).toLongLong();
    j.vehicleId = q.value(JobVehicleId).toLongLong();
    j.releaseId = q.value(JobReleaseId).toLongLong();
    j.state = jobStateFromString(q.value(JobStateColumn).toString()).value_or(JobState::Failed);
    j.progress = q.value(JobProgress).toInt();
    j.resultCode = q.value(JobResultCode).toInt();
    j.reason = q.value(JobReason).toString();
    j.instructionSha256 = q.value(JobInstruction).toString();
    j.payloadBytes = q.value(JobPayloadBytes).toLongLong();
    j.bytesServed = q.value(JobBytesServed).toLongLong();
    j.deferredUntilMs = q.value(JobDeferredUntil).toLongLong();
    j.report = jsonObjectFromText(q.value(JobReport).toString(), kJobColumns[JobReport]);
    j.createdAtMs = q.value(JobCreatedAt).toLongLong();
    j.createdBy = q.value(JobCreatedBy).toString();
    j.updatedAtMs = q.value(JobUpdatedAt).toLongLong();
    j.finishedAtMs = q.value(JobFinishedAt).toLongLong();
    if (!q.value(JobCampaignId).isNull())
        j.campaignId = q.value(JobCampaignId).toLongLong();
    j.downloadOnly = q.value(JobDownloadOnly).toBool();
    j.vin = q.value(JobColumnCount).toString();
    return j;
}

void bindJob(Statement &s, const UpdateJobRecord &j)
{
    s.bind(kJobColumns[JobVehicleId], j.vehicleId);
    s.bind(kJobColumns[JobReleaseId], j.releaseId);
    s.bind(kJobColumns[JobStateColumn], toString(j.state));
    s.bind(kJobColumns[JobProgress], j.progress);
    s.bind(kJobColumns[JobResultCode], j.resultCode);
    s.bind(kJobColumns[JobReason], j.reason);
    s.bind(kJobColumns[JobInstruction], j.instructionSha256);
    s.bind(kJobColumns[JobPayloadBytes], j.payloadBytes);
    s.bind(kJobColumns[JobBytesServed], j.bytesServed);
    s.bind(kJobColumns[JobDeferredUntil], j.deferredUntilMs);
    s.bind(kJobColumns[JobReport], toJsonText(j.report));
    s.bind(kJobColumns[JobCreatedAt], j.createdAtMs);
    s.bind(kJobColumns[JobCreatedBy], j.createdBy);
    s.bind(kJobColumns[JobUpdatedAt], j.updatedAtMs);
    s.bind(kJobColumns[JobFinishedAt], j.finishedAtMs);
    s.bind(kJobColumns[JobCampaignId], nullableId(j.campaignId));
    s.bind(kJobColumns[JobDownloadOnly], j.downloadOnly ? 1 : 0);
}

// Terminal states, spelled once for SQL.
const QString &terminalList()
{
    static const QString list = u"('succeeded','failed','rolled-back','cancelled','expired')"_s;
    return list;
}

} // namespace

UpdateJobRepository::UpdateJobRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> UpdateJobRepository::insert(const UpdateJobRecord &job)
{
    static const QString sql = insertSql(kJobs, jobWritable()) + u" RETURNING id";
    Statement statement(m_db, sql);
    bindJob(statement, job);
    return fetchInteger(statement, u"insert update job"_s);
}

Status UpdateJobRepository::update(const UpdateJobRecord &job)
{
    static const QString sql = updateSql(kJobs, jobWritable(), kJobColumns[JobId]);
    Statement statement(m_db, sql);
    bindJob(statement, job);
    statement.bind(kJobColumns[JobId], job.id);
    if (Status status = statement.exec(u"update update job"_s); !status.ok())
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"update update job"_s, job.id);
    return {};
}

Result<std::optional<UpdateJobRecord>> UpdateJobRepository::findById(qint64 id)
{
    static const QString sql = jobSelect() + u" WHERE j.id = :id";
    Statement statement(m_db, sql);
    statement.bind(kJobColumns[JobId], id);
    return fetchOne(statement, u"find update job"_s, readJob);
}

Result<std::optional<UpdateJobRecord>> UpdateJobRepository::activeForVehicle(qint64 vehicleId)
{
    static const QString sql = jobSelect() + u" WHERE j.vehicle_id = :vehicle_id AND j.state NOT IN " + terminalList() +
                               u" ORDER BY j.id DESC LIMIT 1";
    Statement statement(m_db, sql);
    statement.bind(kJobColumns[JobVehicleId], vehicleId);
    return fetchOne(statement, u"find active update job"_s, readJob);
}

Result<QList<UpdateJobRecord>> UpdateJobRepository::listForVehicle(qint64 vehicleId, int limit)
{
    static const QString sql = jobSelect() + u" WHERE j.vehicle_id = :vehicle_id ORDER BY j.id DESC LIMIT :limit";
    Statement statement(m_db, sql);
    statement.bind(kJobColumns[JobVehicleId], vehicleId);
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list update jobs of a vehicle"_s, readJob);
}

Result<QList<UpdateJobRecord>> UpdateJobRepository::listForRelease(qint64 releaseId, int limit)
{
    static const QString sql = jobSelect() + u" WHERE j.release_id = :release_id ORDER BY j.id LIMIT :limit";
    Statement statement(m_db, sql);
    statement.bind(kJobColumns[JobReleaseId], releaseId);
    statement.bind(u":limit"_s, sqlLimit(limit));
    return fetchAll(statement, u"list update jobs of a release"_s, readJob);
}

Result<QList<UpdateJobRecord>> UpdateJobRepository::listActive()
{
    static const QString sql = jobSelect() + u" WHERE j.state NOT IN " + terminalList() + u" ORDER BY j.id";
    Statement statement(m_db, sql);
    return fetchAll(statement, u"list active update jobs"_s, readJob);
}

Result<QList<UpdateJobRecord>> UpdateJobRepository::listForCampaign(qint64 campaignId)
{
    static const QString sql = jobSelect() + u" WHERE j.campaign_id = :campaign_id ORDER BY j.id";
    Statement statement(m_db, sql);
    statement.bind(kJobColumns[JobCampaignId], campaignId);
    return fetchAll(statement, u"list update jobs of a campaign"_s, readJob);
}

Status UpdateJobRepository::addBytesServed(qint64 jobId, qint64 bytes, qint64 atMs)
{
    static const QString sql = u"UPDATE "_s + kJobs +
                               u" SET bytes_served = bytes_served + :bytes, updated_at = "
                               u":updated_at WHERE id = :id";
    Statement statement(m_db, sql);
    statement.bind(u":bytes"_s, bytes);
    statement.bind(kJobColumns[JobUpdatedAt], atMs);
    statement.bind(kJobColumns[JobId], jobId);
    return statement.exec(u"count bytes served"_s);
}

// --------------------------------------------------------------------------------------- deltas

namespace {

constexpr QLatin1StringView kDeltas = "deltas"_L1;

enum DeltaColumn
{
    DeltaId,
    DeltaCodec,
    DeltaFrom,
    DeltaTo,
    DeltaBlob,
    DeltaLength,
    DeltaStateColumn,
    DeltaVerified,
    DeltaBuildMs,
    DeltaBuildPeak,
    DeltaApplyMemory,
    DeltaError,
    DeltaCreatedAt,
    DeltaColumnCount
};

constexpr std::array<QLatin1StringView, DeltaColumnCount> kDeltaColumns = {
    "id"_L1,         "codec"_L1,    "from_sha256"_L1, "to_sha256"_L1,        "blob_sha256"_L1,        "length"_L1,
    "state"_L1,      "verified"_L1, "build_ms"_L1,    "build_peak_bytes"_L1, "apply_memory_bytes"_L1, "error"_L1,
    "created_at"_L1,
};

DeltaRecord readDelta(const QSqlQuery &q)
{
    DeltaRecord d;
    d.id = q.value(DeltaId).toLongLong();
    d.codec = q.value(DeltaCodec).toString();
    d.fromSha256 = q.value(DeltaFrom).toString();
    d.toSha256 = q.value(DeltaTo).toString();
    d.blobSha256 = q.value(DeltaBlob).toString();
    d.length = q.value(DeltaLength).toLongLong();
    d.state = deltaStateFromString(q.value(DeltaStateColumn).toString()).value_or(DeltaState::Failed);
    d.verified = q.value(DeltaVerified).toBool();
    d.buildMs = q.value(DeltaBuildMs).toLongLong();
    d.buildPeakBytes = q.value(DeltaBuildPeak).toLongLong();
    d.applyMemoryBytes = q.value(DeltaApplyMemory).toLongLong();
    d.error = q.value(DeltaError).toString();
    d.createdAtMs = q.value(DeltaCreatedAt).toLongLong();
    return d;
}

} // namespace

DeltaRepository::DeltaRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> DeltaRepository::upsert(const DeltaRecord &delta)
{
    static const QString sql =
        insertSql(kDeltas, Columns(kDeltaColumns).subspan(1)) +
        u" ON CONFLICT (codec, from_sha256, to_sha256) DO UPDATE SET blob_sha256 = excluded.blob_sha256, "
        u"length = excluded.length, state = excluded.state, verified = excluded.verified, "
        u"build_ms = excluded.build_ms, build_peak_bytes = excluded.build_peak_bytes, "
        u"apply_memory_bytes = excluded.apply_memory_bytes, error = excluded.error RETURNING id";
    Statement statement(m_db, sql);
    statement.bind(kDeltaColumns[DeltaCodec], delta.codec);
    statement.bind(kDeltaColumns[DeltaFrom], delta.fromSha256);
    statement.bind(kDeltaColumns[DeltaTo], delta.toSha256);
    // A delta without a blob yet (queued, building, failed) stores NULL: the column references blobs.
    statement.bind(kDeltaColumns[DeltaBlob], delta.blobSha256.isEmpty() ? QVariant() : QVariant(delta.blobSha256));
    statement.bind(kDeltaColumns[DeltaLength], delta.length);
    statement.bind(kDeltaColumns[DeltaStateColumn], toString(delta.state));
    statement.bind(kDeltaColumns[DeltaVerified], delta.verified ? 1 : 0);
    statement.bind(kDeltaColumns[DeltaBuildMs], delta.buildMs);
    statement.bind(kDeltaColumns[DeltaBuildPeak], delta.buildPeakBytes);
    statement.bind(kDeltaColumns[DeltaApplyMemory], delta.applyMemoryBytes);
    statement.bind(kDeltaColumns[DeltaError], delta.error);
    statement.bind(kDeltaColumns[DeltaCreatedAt], delta.createdAtMs);
    return fetchInteger(statement, u"save delta"_s);
}

Result<std::optional<DeltaRecord>> DeltaRepository::find(const QString &codec, const QString &fromSha256,
                                                         const QString &toSha256)
{
    static const QString sql = u"SELECT "_s + columnList(kDeltaColumns) + u" FROM " + kDeltas +
                               u" WHERE codec = :codec AND from_sha256 = :from_sha256 AND to_sha256 = :to_sha256";
    Statement statement(m_db, sql);
    statement.bind(kDeltaColumns[DeltaCodec], codec);
    statement.bind(kDeltaColumns[DeltaFrom], fromSha256);
    statement.bind(kDeltaColumns[DeltaTo], toSha256);
    return fetchOne(statement, u"find delta"_s, readDelta);
}

Result<QList<DeltaRecord>> DeltaRepository::listForTarget(const QString &toSha256)
{
    static const QString sql = u"SELECT "_s + columnList(kDeltaColumns) + u" FROM " + kDeltas +
                               u" WHERE to_sha256 = :to_sha256 ORDER BY from_sha256, codec";
    Statement statement(m_db, sql);
    statement.bind(kDeltaColumns[DeltaTo], toSha256);
    return fetchAll(statement, u"list deltas"_s, readDelta);
}

// --------------------------------------------------------------------------------- signing keys

namespace {

constexpr QLatin1StringView kKeys = "signing_keys"_L1;

SigningKeyRecord readKey(const QSqlQuery &q)
{
    SigningKeyRecord k;
    k.keyId = q.value(0).toString();
    k.publicPem = q.value(1).toString();
    k.state = signingKeyStateFromString(q.value(2).toString()).value_or(SigningKeyState::Retired);
    k.createdAtMs = q.value(3).toLongLong();
    k.changedAtMs = q.value(4).toLongLong();
    return k;
}

} // namespace

SigningKeyRepository::SigningKeyRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Status SigningKeyRepository::insert(const SigningKeyRecord &key)
{
    static const QString sql = u"INSERT INTO "_s + kKeys +
                               u" (key_id, public_pem, state, created_at, changed_at) "
                               u"VALUES (:key_id, :public_pem, :state, :created_at, :changed_at)";
    Statement statement(m_db, sql);
    statement.bind(u":key_id"_s, key.keyId);
    statement.bind(u":public_pem"_s, key.publicPem);
    statement.bind(u":state"_s, toString(key.state));
    statement.bind(u":created_at"_s, key.createdAtMs);
    statement.bind(u":changed_at"_s, key.changedAtMs);
    return statement.exec(u"insert signing key"_s);
}

Status SigningKeyRepository::setState(const QString &keyId, SigningKeyState state, qint64 atMs)
{
    static const QString sql =
        u"UPDATE "_s + kKeys + u" SET state = :state, changed_at = :changed_at WHERE key_id = :key_id";
    Statement statement(m_db, sql);
    statement.bind(u":state"_s, toString(state));
    statement.bind(u":changed_at"_s, atMs);
    statement.bind(u":key_id"_s, keyId);
    return statement.exec(u"change signing key state"_s);
}

Result<QList<SigningKeyRecord>> SigningKeyRepository::list()
{
    static const QString sql =
        u"SELECT key_id, public_pem, state, created_at, changed_at FROM "_s + kKeys + u" ORDER BY created_at, key_id";
    Statement statement(m_db, sql);
    return fetchAll(statement, u"list signing keys"_s, readKey);
}

Status SigningKeyRepository::recordDelivered(qint64 vehicleId, const QString &keyId, qint64 atMs)
{
    static const QString sql = u"INSERT INTO vehicle_signing_keys (vehicle_id, key_id, delivered_at) VALUES "
                               u"(:vehicle_id, :key_id, :delivered_at) ON CONFLICT (vehicle_id, key_id) DO NOTHING"_s;
    Statement statement(m_db, sql);
    statement.bind(u":vehicle_id"_s, vehicleId);
    statement.bind(u":key_id"_s, keyId);
    statement.bind(u":delivered_at"_s, atMs);
    return statement.exec(u"record delivered signing key"_s);
}

Result<QStringList> SigningKeyRepository::deliveredTo(qint64 vehicleId)
{
    static const QString sql = u"SELECT key_id FROM vehicle_signing_keys WHERE vehicle_id = :vehicle_id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":vehicle_id"_s, vehicleId);
    auto rows =
        fetchAll(statement, u"list delivered signing keys"_s, [](const QSqlQuery &q) { return q.value(0).toString(); });
    if (!rows)
        return rows.error();
    return QStringList(*rows);
}

Result<qint64> SigningKeyRepository::countDelivered(const QString &keyId)
{
    static const QString sql = u"SELECT COUNT(*) FROM vehicle_signing_keys WHERE key_id = :key_id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":key_id"_s, keyId);
    return fetchInteger(statement, u"count delivered signing keys"_s);
}

} // namespace flotilla::store

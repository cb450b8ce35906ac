#include "server/campaigns/CampaignRepository.h"

#include "server/store/UpdateRepositories.h"

// The campaign tables belong to server/campaigns, but their statements go through the store's
// helpers (prepared-statement cache, owner-thread checks, error mapping) like every repository.
#include "server/store/SqlSupport.h"

#include <array>

using namespace Qt::StringLiterals;
using namespace flotilla::store::detail;

namespace flotilla::server::campaigns {

namespace {

constexpr std::array<const char16_t *, 6> TargetStateNames = {u"waiting", u"active",    u"succeeded",
                                                              u"failed",  u"cancelled", u"skipped"};

const QString CampaignColumns = u"id, state, spec, revision, approved_spec, approved_revision, author, approver, "
                                u"reason, current_wave, created_at, updated_at, approved_at, started_at, finished_at"_s;

CampaignRecord readCampaign(const QSqlQuery &q)
{
    CampaignRecord c;
    c.id = q.value(0).toLongLong();
    c.state = campaignStateFromString(q.value(1).toString()).value_or(CampaignState::Halted);
    // The spec was validated when it was written; a damaged row reads as the defaults.
    const QJsonObject spec = jsonObjectFromText(q.value(2).toString(), "spec"_L1);
    if (auto parsed = CampaignSpec::fromJson(spec))
        c.spec = *parsed;
    c.revision = q.value(3).toInt();
    c.approvedSpec = jsonObjectFromText(q.value(4).toString(), "approved_spec"_L1);
    c.approvedRevision = q.value(5).toInt();
    c.author = q.value(6).toString();
    c.approver = q.value(7).toString();
    c.reason = q.value(8).toString();
    c.currentWave = q.value(9).toInt();
    c.createdAtMs = q.value(10).toLongLong();
    c.updatedAtMs = q.value(11).toLongLong();
    c.approvedAtMs = q.value(12).toLongLong();
    c.startedAtMs = q.value(13).toLongLong();
    c.finishedAtMs = q.value(14).toLongLong();
    return c;
}

void bindCampaign(Statement &s, const CampaignRecord &c)
{
    s.bind(u":name"_s, c.spec.name);
    s.bind(u":release_id"_s, c.spec.releaseId);
    s.bind(u":state"_s, toString(c.state));
    s.bind(u":spec"_s, toJsonText(c.spec.toJson()));
    s.bind(u":revision"_s, c.revision);
    s.bind(u":approved_spec"_s, toJsonText(c.approvedSpec));
    s.bind(u":approved_revision"_s, c.approvedRevision);
    s.bind(u":author"_s, c.author);
    s.bind(u":approver"_s, c.approver);
    s.bind(u":reason"_s, c.reason);
    s.bind(u":current_wave"_s, c.currentWave);
    s.bind(u":created_at"_s, c.createdAtMs);
    s.bind(u":updated_at"_s, c.updatedAtMs);
    s.bind(u":approved_at"_s, c.approvedAtMs);
    s.bind(u":started_at"_s, c.startedAtMs);
    s.bind(u":finished_at"_s, c.finishedAtMs);
}

QString stateList(const QList<CampaignState> &states)
{
    QStringList quoted;
    for (CampaignState state : states)
        quoted.append(u'\'' + toString(state) + u'\'');
    return u'(' + quoted.join(u',') + u')';
}

} // namespace

QString toString(TargetState state)
{
    return QString::fromUtf16(TargetStateNames[size_t(state)]);
}

std::optional<TargetState> targetStateFromString(QStringView text)
{
    for (size_t i = 0; i < TargetStateNames.size(); ++i) {
        if (text == QStringView(TargetStateNames[i]))
            return TargetState(i);
    }
    return std::nullopt;
}

bool isSettled(TargetState state)
{
    return state != TargetState::Waiting && state != TargetState::Active;
}

CampaignRepository::CampaignRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> CampaignRepository::insert(const CampaignRecord &campaign)
{
    static const QString sql =
        u"INSERT INTO campaigns (name, release_id, state, spec, revision, approved_spec, approved_revision, author, "
        u"approver, reason, current_wave, created_at, updated_at, approved_at, started_at, finished_at) VALUES "
        u"(:name, :release_id, :state, :spec, :revision, :approved_spec, :approved_revision, :author, :approver, "
        u":reason, :current_wave, :created_at, :updated_at, :approved_at, :started_at, :finished_at) RETURNING id"_s;
    Statement statement(m_db, sql);
    bindCampaign(statement, campaign);
    return fetchInteger(statement, u"insert campaign"_s);
}

Status CampaignRepository::update(const CampaignRecord &campaign)
{
    static const QString sql =
        u"UPDATE campaigns SET name = :name, release_id = :release_id, state = :state, spec = :spec, "
        u"revision = :revision, approved_spec = :approved_spec, approved_revision = :approved_revision, "
        u"author = :author, approver = :approver, reason = :reason, current_wave = :current_wave, "
        u"created_at = :created_at, updated_at = :updated_at, approved_at = :approved_at, started_at = :started_at, "
        u"finished_at = :finished_at WHERE id = :id"_s;
    Statement statement(m_db, sql);
    bindCampaign(statement, campaign);
    statement.bind(u":id"_s, campaign.id);
    if (Status status = statement.exec(u"update campaign"_s); !status)
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"update campaign"_s, campaign.id);
    return {};
}

Result<std::optional<CampaignRecord>> CampaignRepository::findById(qint64 id)
{
    static const QString sql = u"SELECT "_s + CampaignColumns + u" FROM campaigns WHERE id = :id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":id"_s, id);
    return fetchOne(statement, u"find campaign"_s, readCampaign);
}

Result<QList<CampaignRecord>> CampaignRepository::list()
{
    static const QString sql = u"SELECT "_s + CampaignColumns + u" FROM campaigns ORDER BY id DESC"_s;
    Statement statement(m_db, sql);
    return fetchAll(statement, u"list campaigns"_s, readCampaign);
}

Result<QList<qint64>> CampaignRepository::idsInStates(const QList<CampaignState> &states)
{
    Statement statement(m_db, u"SELECT id FROM campaigns WHERE state IN "_s + stateList(states) + u" ORDER BY id"_s,
                        Statement::Caching::Uncached);
    return fetchAll(statement, u"list campaigns by state"_s,
                    [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
}

Result<QList<qint64>> CampaignRepository::idsToTick()
{
    static const QString sql = u"SELECT c.id FROM campaigns c WHERE c.state IN ('approved','running','paused') "
                               u"OR (c.state = 'halted' AND EXISTS (SELECT 1 FROM campaign_vehicles cv "
                               u"WHERE cv.campaign_id = c.id AND cv.state = 'active')) "
                               u"OR (c.state = 'cancelled' AND EXISTS (SELECT 1 FROM campaign_vehicles cv "
                               u"WHERE cv.campaign_id = c.id AND cv.state IN ('waiting','active'))) ORDER BY c.id"_s;
    Statement statement(m_db, sql);
    return fetchAll(statement, u"campaigns to tick"_s, [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
}

Result<QString> CampaignRepository::inventoryFingerprint()
{
    static const QString sql = u"SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(updated_at), 0), "
                               u"TOTAL(length(tags)) FROM vehicles WHERE state = 'accepted'"_s;
    Statement statement(m_db, sql);
    auto row = fetchOne(statement, u"inventory fingerprint"_s, [](const QSqlQuery &q) {
        return u"%1/%2/%3/%4"_s.arg(q.value(0).toLongLong())
            .arg(q.value(1).toLongLong())
            .arg(q.value(2).toLongLong())
            .arg(q.value(3).toLongLong());
    });
    if (!row)
        return row.error();
    return row->value_or(QString());
}

Status CampaignRepository::insertVehicle(const CampaignVehicleRecord &vehicle)
{
    static const QString sql =
        u"INSERT INTO campaign_vehicles (campaign_id, vehicle_id, wave, state, job_id, attempts, reason, updated_at) "
        u"VALUES (:campaign_id, :vehicle_id, :wave, :state, :job_id, :attempts, :reason, :updated_at)"_s;
    Statement statement(m_db, sql);
    statement.bind(u":campaign_id"_s, vehicle.campaignId);
    statement.bind(u":vehicle_id"_s, vehicle.vehicleId);
    statement.bind(u":wave"_s, vehicle.wave);
    statement.bind(u":state"_s, toString(vehicle.state));
    statement.bind(u":job_id"_s, nullableId(vehicle.jobId));
    statement.bind(u":attempts"_s, vehicle.attempts);
    statement.bind(u":reason"_s, vehicle.reason);
    statement.bind(u":updated_at"_s, vehicle.updatedAtMs);
    return statement.exec(u"insert campaign vehicle"_s);
}

Status CampaignRepository::updateVehicle(const CampaignVehicleRecord &vehicle)
{
    static const QString sql =
        u"UPDATE campaign_vehicles SET wave = :wave, state = :state, job_id = :job_id, attempts = :attempts, "
        u"reason = :reason, updated_at = :updated_at WHERE campaign_id = :campaign_id AND vehicle_id = :vehicle_id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":campaign_id"_s, vehicle.campaignId);
    statement.bind(u":vehicle_id"_s, vehicle.vehicleId);
    statement.bind(u":wave"_s, vehicle.wave);
    statement.bind(u":state"_s, toString(vehicle.state));
    statement.bind(u":job_id"_s, nullableId(vehicle.jobId));
    statement.bind(u":attempts"_s, vehicle.attempts);
    statement.bind(u":reason"_s, vehicle.reason);
    statement.bind(u":updated_at"_s, vehicle.updatedAtMs);
    if (Status status = statement.exec(u"update campaign vehicle"_s); !status)
        return status;
    if (statement.query().numRowsAffected() == 0)
        return notFound(u"update campaign vehicle"_s, vehicle.vehicleId);
    return {};
}

Status CampaignRepository::deleteVehicles(qint64 campaignId)
{
    static const QString sql = u"DELETE FROM campaign_vehicles WHERE campaign_id = :campaign_id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":campaign_id"_s, campaignId);
    return statement.exec(u"clear campaign vehicles"_s);
}

Result<QList<CampaignVehicleRecord>> CampaignRepository::vehicles(qint64 campaignId, std::optional<qint64> vehicleId)
{
    static const QString sql =
        u"SELECT cv.campaign_id, cv.vehicle_id, cv.wave, cv.state, cv.job_id, cv.attempts, cv.reason, cv.updated_at, "
        u"v.vin, v.last_seen_at FROM campaign_vehicles cv JOIN vehicles v ON v.id = cv.vehicle_id "
        u"WHERE cv.campaign_id = :campaign_id AND (:vehicle_id IS NULL OR cv.vehicle_id = :vehicle_id) "
        u"ORDER BY cv.wave, v.vin"_s;
    Statement statement(m_db, sql);
    statement.bind(u":campaign_id"_s, campaignId);
    statement.bind(u":vehicle_id"_s, nullableId(vehicleId));
    auto rows = fetchAll(statement, u"list campaign vehicles"_s, [](const QSqlQuery &q) {
        CampaignVehicleRecord v;
        v.campaignId = q.value(0).toLongLong();
        v.vehicleId = q.value(1).toLongLong();
        v.wave = q.value(2).toInt();
        v.state = targetStateFromString(q.value(3).toString()).value_or(TargetState::Failed);
        if (!q.value(4).isNull())
            v.jobId = q.value(4).toLongLong();
        v.attempts = q.value(5).toInt();
        v.reason = q.value(6).toString();
        v.updatedAtMs = q.value(7).toLongLong();
        v.vin = q.value(8).toString();
        v.lastSeenAtMs = q.value(9).toLongLong();
        return v;
    });
    if (!rows)
        return rows.error();
    // One query for every job of the campaign rather than one per vehicle.
    auto jobs = store::UpdateJobRepository(m_db).listForCampaign(campaignId);
    if (!jobs)
        return jobs.error();
    QHash<qint64, store::UpdateJobRecord> byId;
    for (const store::UpdateJobRecord &job : *jobs)
        byId.insert(job.id, job);
    for (CampaignVehicleRecord &vehicle : *rows) {
        if (vehicle.jobId && byId.contains(*vehicle.jobId))
            vehicle.job = byId.value(*vehicle.jobId);
    }
    return rows;
}

Result<QHash<qint64, qint64>> CampaignRepository::newestJobs(qint64 campaignId)
{
    static const QString sql =
        u"SELECT vehicle_id, MAX(id) FROM update_jobs WHERE campaign_id = :campaign_id GROUP BY vehicle_id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":campaign_id"_s, campaignId);
    auto rows = fetchAll(statement, u"newest campaign jobs"_s, [](const QSqlQuery &q) {
        return std::pair<qint64, qint64>(q.value(0).toLongLong(), q.value(1).toLongLong());
    });
    if (!rows)
        return rows.error();
    QHash<qint64, qint64> result;
    for (const auto &[vehicle, job] : *rows)
        result.insert(vehicle, job);
    return result;
}

Result<QList<qint64>> CampaignRepository::otherCampaignsFor(qint64 vehicleId, qint64 campaignId)
{
    static const QString sql =
        u"SELECT c.id FROM campaign_vehicles cv JOIN campaigns c ON c.id = cv.campaign_id "
        u"WHERE cv.vehicle_id = :vehicle_id AND cv.campaign_id <> :campaign_id AND cv.state IN ('waiting','active') "
        u"AND c.state IN ('approved','running','paused','halted') ORDER BY c.id"_s;
    Statement statement(m_db, sql);
    statement.bind(u":vehicle_id"_s, vehicleId);
    statement.bind(u":campaign_id"_s, campaignId);
    return fetchAll(statement, u"other campaigns of a vehicle"_s,
                    [](const QSqlQuery &q) { return q.value(0).toLongLong(); });
}

Result<QHash<qint64, QStringList>> CampaignRepository::tags()
{
    static const QString sql = u"SELECT id, tags FROM vehicles WHERE tags <> '[]'"_s;
    Statement statement(m_db, sql);
    auto rows = fetchAll(statement, u"vehicle tags"_s, [](const QSqlQuery &q) {
        return std::pair<qint64, QStringList>(q.value(0).toLongLong(),
                                              stringListFromText(q.value(1).toString(), "tags"_L1));
    });
    if (!rows)
        return rows.error();
    QHash<qint64, QStringList> result;
    for (const auto &[id, list] : *rows)
        result.insert(id, list);
    return result;
}

} // namespace flotilla::server::campaigns

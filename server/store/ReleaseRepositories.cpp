#include "server/store/ReleaseRepositories.h"

#include "server/store/SqlSupport.h"

#include <QHash>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::store {

using namespace detail;
using server::releases::BlobRecord;
using server::releases::ReleaseRecord;
using server::releases::ReleaseTarget;

// ---------------------------------------------------------------------------------------- blobs

namespace {

constexpr QLatin1StringView kBlobs = "blobs"_L1;

enum BlobColumn
{
    BlobSha256,
    BlobSha1,
    BlobMd5,
    BlobLength,
    BlobKind,
    BlobCreatedAt,
    BlobColumnCount
};

constexpr std::array<QLatin1StringView, BlobColumnCount> kBlobColumns = {
    "sha256"_L1, "sha1"_L1, "md5"_L1, "length"_L1, "kind"_L1, "created_at"_L1,
};

// Reads the blob columns starting at column `first` (joins put them after their own columns).
BlobRecord readBlob(const QSqlQuery &q, int first = 0)
{
    BlobRecord b;
    b.sha256 = q.value(first + BlobSha256).toString();
    b.sha1 = q.value(first + BlobSha1).toString();
    b.md5 = q.value(first + BlobMd5).toString();
    b.length = q.value(first + BlobLength).toLongLong();
    b.kind = q.value(first + BlobKind).toString();
    b.createdAtMs = q.value(first + BlobCreatedAt).toLongLong();
    return b;
}

} // namespace

BlobRepository::BlobRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Status BlobRepository::insert(const BlobRecord &blob)
{
    static const QString sql = insertSql(kBlobs, kBlobColumns) + u" ON CONFLICT (sha256) DO NOTHING";
    Statement statement(m_db, sql);
    statement.bind(kBlobColumns[BlobSha256], blob.sha256);
    statement.bind(kBlobColumns[BlobSha1], blob.sha1);
    statement.bind(kBlobColumns[BlobMd5], blob.md5);
    statement.bind(kBlobColumns[BlobLength], blob.length);
    statement.bind(kBlobColumns[BlobKind], blob.kind);
    statement.bind(kBlobColumns[BlobCreatedAt], blob.createdAtMs);
    return statement.exec(u"insert blob"_s);
}

Result<std::optional<BlobRecord>> BlobRepository::find(const QString &sha256)
{
    static const QString sql = u"SELECT " + columnList(kBlobColumns) + u" FROM " + kBlobs + u" WHERE sha256 = :sha256";
    Statement statement(m_db, sql);
    statement.bind(kBlobColumns[BlobSha256], sha256);
    return fetchOne(statement, u"find blob"_s, [](const QSqlQuery &q) { return readBlob(q); });
}

// ------------------------------------------------------------------------------------- releases

namespace {

constexpr QLatin1StringView kReleases = "releases"_L1;
constexpr QLatin1StringView kTargets = "release_targets"_L1;

enum ReleaseColumn
{
    Id,
    Name,
    Version,
    ReleaseCounter,
    Kind,
    HwIds,
    Rxswin,
    Preconditions,
    UserText,
    DtcsToClear,
    OemSignature,
    OemKeyId,
    CreatedAt,
    CreatedBy,
    ReleaseColumnCount
};

constexpr std::array<QLatin1StringView, ReleaseColumnCount> kReleaseColumns = {
    "id"_L1,         "name"_L1,          "version"_L1,   "release_counter"_L1, "kind"_L1,          "hw_ids"_L1,
    "rxswin"_L1,     "preconditions"_L1, "user_text"_L1, "dtcs_to_clear"_L1,   "oem_signature"_L1, "oem_key_id"_L1,
    "created_at"_L1, "created_by"_L1,
};

enum TargetColumn
{
    TargetReleaseId,
    TargetEcu,
    TargetHwId,
    TargetVersion,
    TargetBlob,
    TargetPosition,
    TargetColumnCount
};

constexpr std::array<QLatin1StringView, TargetColumnCount> kTargetColumns = {
    "release_id"_L1, "ecu"_L1, "hw_id"_L1, "version"_L1, "blob_sha256"_L1, "position"_L1,
};

const QString &selectReleaseSql()
{
    static const QString sql = u"SELECT " + columnList(kReleaseColumns) + u" FROM " + kReleases;
    return sql;
}

// Targets with their blobs, in manifest order: release_targets columns, then blobs columns.
const QString &selectTargetsSql()
{
    static const QString sql = u"SELECT " + columnList(kTargetColumns, "t."_L1) + u", " +
                               columnList(kBlobColumns, "b."_L1) + u" FROM " + kTargets + u" t JOIN " + kBlobs +
                               u" b ON b.sha256 = t.blob_sha256";
    return sql;
}

ReleaseRecord readRelease(const QSqlQuery &q)
{
    ReleaseRecord r;
    r.id = q.value(Id).toLongLong();
    r.name = q.value(Name).toString();
    r.version = q.value(Version).toString();
    r.releaseCounter = q.value(ReleaseCounter).toLongLong();
    r.kind = q.value(Kind).toString();
    r.hwIds = stringListFromText(q.value(HwIds).toString(), kReleaseColumns[HwIds]);
    r.rxswin = stringListFromText(q.value(Rxswin).toString(), kReleaseColumns[Rxswin]);
    // Written by this code from validated values; a damaged row reads as the defaults (logged).
    const QJsonObject preconditions =
        jsonObjectFromText(q.value(Preconditions).toString(), kReleaseColumns[Preconditions]);
    r.preconditions = update::Preconditions::fromJson(preconditions).valueOr(update::Preconditions());
    const QJsonObject userText = jsonObjectFromText(q.value(UserText).toString(), kReleaseColumns[UserText]);
    for (auto it = userText.begin(); it != userText.end(); ++it)
        r.userText.insert(it.key(), it.value().toString());
    r.dtcsToClear = stringListFromText(q.value(DtcsToClear).toString(), kReleaseColumns[DtcsToClear]);
    r.oemSignature = q.value(OemSignature).toString();
    r.oemKeyId = q.value(OemKeyId).toString();
    r.createdAtMs = q.value(CreatedAt).toLongLong();
    r.createdBy = q.value(CreatedBy).toString();
    return r;
}

std::pair<qint64, ReleaseTarget> readTarget(const QSqlQuery &q)
{
    ReleaseTarget t;
    t.ecu = q.value(TargetEcu).toString();
    t.hwId = q.value(TargetHwId).toString();
    t.version = q.value(TargetVersion).toString();
    t.image = readBlob(q, TargetColumnCount);
    return {q.value(TargetReleaseId).toLongLong(), t};
}

} // namespace

ReleaseRepository::ReleaseRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<qint64> ReleaseRepository::insert(const ReleaseRecord &release)
{
    static const QString sql = insertSql(kReleases, Columns(kReleaseColumns).subspan(1)) + u" RETURNING id";
    Statement statement(m_db, sql);
    statement.bind(kReleaseColumns[Name], release.name);
    statement.bind(kReleaseColumns[Version], release.version);
    statement.bind(kReleaseColumns[ReleaseCounter], release.releaseCounter);
    statement.bind(kReleaseColumns[Kind], release.kind);
    statement.bind(kReleaseColumns[HwIds], toJsonText(release.hwIds));
    statement.bind(kReleaseColumns[Rxswin], toJsonText(release.rxswin));
    statement.bind(kReleaseColumns[Preconditions], toJsonText(release.preconditions.toJson()));
    QJsonObject userText;
    for (auto it = release.userText.cbegin(); it != release.userText.cend(); ++it)
        userText.insert(it.key(), it.value());
    statement.bind(kReleaseColumns[UserText], toJsonText(userText));
    statement.bind(kReleaseColumns[DtcsToClear], toJsonText(release.dtcsToClear));
    statement.bind(kReleaseColumns[OemSignature], release.oemSignature);
    statement.bind(kReleaseColumns[OemKeyId], release.oemKeyId);
    statement.bind(kReleaseColumns[CreatedAt], release.createdAtMs);
    statement.bind(kReleaseColumns[CreatedBy], release.createdBy);
    const Result<qint64> id = fetchInteger(statement, u"insert release"_s);
    if (!id)
        return id;

    static const QString targetSql = insertSql(kTargets, kTargetColumns);
    for (qsizetype i = 0; i < release.targets.size(); ++i) {
        const ReleaseTarget &target = release.targets[i];
        Statement insertTarget(m_db, targetSql);
        insertTarget.bind(kTargetColumns[TargetReleaseId], *id);
        insertTarget.bind(kTargetColumns[TargetEcu], target.ecu);
        insertTarget.bind(kTargetColumns[TargetHwId], target.hwId);
        insertTarget.bind(kTargetColumns[TargetVersion], target.version);
        insertTarget.bind(kTargetColumns[TargetBlob], target.image.sha256);
        insertTarget.bind(kTargetColumns[TargetPosition], qint64(i));
        if (Status status = insertTarget.exec(u"insert release target"_s); !status)
            return status.error();
    }
    return id;
}

Status ReleaseRepository::loadTargets(QList<ReleaseRecord> &releases)
{
    if (releases.isEmpty())
        return {};
    QHash<qint64, ReleaseRecord *> byId;
    for (ReleaseRecord &release : releases)
        byId.insert(release.id, &release);
    // One release: its rows only; several: every row (releases are few, a list shows them all).
    static const QString oneSql =
        selectTargetsSql() + u" WHERE t.release_id = :release_id ORDER BY t.release_id, t.position";
    static const QString allSql = selectTargetsSql() + u" ORDER BY t.release_id, t.position";
    Statement statement(m_db, releases.size() == 1 ? oneSql : allSql);
    if (releases.size() == 1)
        statement.bind(kTargetColumns[TargetReleaseId], releases.first().id);
    const auto targets = fetchAll(statement, u"list release targets"_s, readTarget);
    if (!targets)
        return targets.error();
    for (const auto &[releaseId, target] : *targets) {
        if (ReleaseRecord *release = byId.value(releaseId))
            release->targets.append(target);
    }
    return {};
}

Result<std::optional<ReleaseRecord>> ReleaseRepository::findById(qint64 id)
{
    static const QString sql = selectReleaseSql() + u" WHERE id = :id";
    Statement statement(m_db, sql);
    statement.bind(kReleaseColumns[Id], id);
    auto found = fetchOne(statement, u"find release"_s, readRelease);
    if (!found || !found->has_value())
        return found;
    QList<ReleaseRecord> one{**found};
    if (Status status = loadTargets(one); !status)
        return status.error();
    return std::optional<ReleaseRecord>(one.first());
}

Result<std::optional<ReleaseRecord>> ReleaseRepository::find(const QString &name, const QString &version)
{
    static const QString sql = selectReleaseSql() + u" WHERE name = :name AND version = :version";
    Statement statement(m_db, sql);
    statement.bind(kReleaseColumns[Name], name);
    statement.bind(kReleaseColumns[Version], version);
    auto found = fetchOne(statement, u"find release"_s, readRelease);
    if (!found || !found->has_value())
        return found;
    QList<ReleaseRecord> one{**found};
    if (Status status = loadTargets(one); !status)
        return status.error();
    return std::optional<ReleaseRecord>(one.first());
}

Result<QList<ReleaseRecord>> ReleaseRepository::list()
{
    static const QString sql = selectReleaseSql() + u" ORDER BY id DESC";
    Statement statement(m_db, sql);
    auto releases = fetchAll(statement, u"list releases"_s, readRelease);
    if (!releases)
        return releases;
    if (Status status = loadTargets(*releases); !status)
        return status.error();
    return releases;
}

Result<QMap<QString, BlobRecord>> ReleaseRepository::imagesForHwId(const QString &hwId)
{
    // Oldest release first, so that a newer release's image of the same version wins.
    static const QString sql = selectTargetsSql() + u" WHERE t.hw_id = :hw_id ORDER BY t.release_id";
    Statement statement(m_db, sql);
    statement.bind(kTargetColumns[TargetHwId], hwId);
    const auto targets = fetchAll(statement, u"list images of a hardware id"_s, readTarget);
    if (!targets)
        return targets.error();
    QMap<QString, BlobRecord> images;
    for (const auto &[releaseId, target] : *targets)
        images.insert(target.version, target.image);
    return images;
}

} // namespace flotilla::store

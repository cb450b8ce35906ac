#include "server/updates/DeltaService.h"

#include "core/crypto/Hash.h"
#include "core/delta/DeltaCodec.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/releases/BlobStore.h"
#include "server/releases/ReleaseService.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/store/UpdateRepositories.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDeltas, "flotilla.deltas")

using namespace Qt::StringLiterals;

namespace flotilla::server::updates {

namespace {

const QString FullCodec = QStringLiteral("full-zstd");

QString pairKey(const QString &from, const QString &to)
{
    return from + u':' + to;
}

} // namespace

DeltaService::DeltaService(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
    , m_worker([this] { run(); })
{}

DeltaService::~DeltaService()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (const Task &task : m_queue)
            m_cancelled.insert(task.releaseId);
        for (auto it = m_progress.cbegin(); it != m_progress.cend(); ++it)
            m_cancelled.insert(it.key());
        m_queue.clear();
    }
    m_wake.notify_all();
    m_worker.join();
}

QString DeltaService::describe(const Pair &pair) const
{
    return pair.fromVersion.isEmpty() ? u"%1 %2 (full)"_s.arg(pair.ecu, pair.toVersion)
                                      : u"%1 %2 → %3"_s.arg(pair.ecu, pair.fromVersion, pair.toVersion);
}

Result<QList<DeltaService::Pair>> DeltaService::plan(qint64 releaseId, const QStringList &sourceVersions) const
{
    auto release = m_context->releases->find(releaseId);
    if (!release)
        return release.error();
    if (!release->has_value())
        return Error(u"No release %1"_s.arg(releaseId), 404);

    // Versions the fleet runs, per hardware id, from the inventory (DevInfo/Ext/Ecus).
    QHash<QString, QSet<QString>> fleetVersions;
    if (sourceVersions.isEmpty()) {
        store::VehicleFilter all;
        all.limit = 0;
        auto vehicles = store::VehicleRepository(m_context->database->connection()).list(all);
        if (!vehicles)
            return vehicles.error();
        for (const store::VehicleRecord &vehicle : *vehicles) {
            for (const QJsonValue &ecu : vehicle.ecus) {
                const QJsonObject entry = ecu.toObject();
                fleetVersions[entry.value(u"HwId"_s).toString()].insert(entry.value(u"SwV"_s).toString());
            }
        }
    }

    QList<Pair> pairs;
    for (const releases::ReleaseTarget &target : (*release)->targets) {
        pairs.append({target.ecu, target.hwId, {}, {}, target.version, target.image.sha256});
        auto images = m_context->releases->imagesForHwId(target.hwId);
        if (!images)
            return images.error();
        const QSet<QString> versions = sourceVersions.isEmpty()
                                           ? fleetVersions.value(target.hwId)
                                           : QSet<QString>(sourceVersions.cbegin(), sourceVersions.cend());
        QStringList sorted = versions.values();
        sorted.sort();
        for (const QString &version : std::as_const(sorted)) {
            if (version == target.version || !images->contains(version))
                continue; // up to date, or no image of that version to diff from (full then)
            pairs.append(
                {target.ecu, target.hwId, version, images->value(version).sha256, target.version, target.image.sha256});
        }
    }
    return pairs;
}

Result<int> DeltaService::request(qint64 releaseId, const QStringList &sourceVersions)
{
    auto pairs = plan(releaseId, sourceVersions);
    if (!pairs)
        return pairs.error();
    QSqlDatabase db = m_context->database->connection();
    store::DeltaRepository deltas(db);
    QStringList sourceCodecs;
    for (const delta::Codec *codec : delta::codecs()) {
        if (codec->usesSource())
            sourceCodecs.append(codec->name());
    }
    QList<Task> tasks;
    for (const Pair &pair : *pairs) {
        // Skip what is already built (or known not to be worth it) for every codec.
        const QStringList wanted = pair.fromSha256.isEmpty() ? QStringList{FullCodec} : sourceCodecs;
        bool complete = true;
        for (const QString &codec : wanted) {
            auto existing = deltas.find(codec, pair.fromSha256, pair.toSha256);
            if (!existing)
                return existing.error();
            if (!existing->has_value() ||
                ((*existing)->state != store::DeltaState::Ready && (*existing)->state != store::DeltaState::NotWorthIt))
                complete = false;
        }
        if (!complete)
            tasks.append({releaseId, pair});
    }
    {
        std::lock_guard lock(m_mutex);
        m_cancelled.remove(releaseId);
        Progress &progress = m_progress[releaseId];
        progress.releaseId = releaseId;
        for (const Task &task : std::as_const(tasks)) {
            const QString key = pairKey(task.pair.fromSha256, task.pair.toSha256);
            if (m_pending.contains(key))
                continue;
            m_pending.insert(key);
            m_queue.push_back(task);
            ++progress.queued;
        }
    }
    m_wake.notify_one();
    Q_EMIT m_context->eventBus->deltaBuildsChanged(releaseId);
    return int(tasks.size());
}

void DeltaService::cancel(qint64 releaseId)
{
    {
        std::lock_guard lock(m_mutex);
        m_cancelled.insert(releaseId);
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            if (it->releaseId == releaseId) {
                m_pending.remove(pairKey(it->pair.fromSha256, it->pair.toSha256));
                it = m_queue.erase(it);
            } else {
                ++it;
            }
        }
        if (auto it = m_progress.find(releaseId); it != m_progress.end())
            it->queued = 0;
    }
    Q_EMIT m_context->eventBus->deltaBuildsChanged(releaseId);
}

QList<DeltaService::Progress> DeltaService::progress() const
{
    std::lock_guard lock(m_mutex);
    return m_progress.values();
}

bool DeltaService::isPending(const QString &fromSha256, const QString &toSha256) const
{
    std::lock_guard lock(m_mutex);
    return m_pending.contains(pairKey(fromSha256, toSha256));
}

bool DeltaService::isBusy(qint64 releaseId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_progress.constFind(releaseId);
    return it != m_progress.constEnd() && (it->queued > 0 || !it->current.isEmpty());
}

void DeltaService::run()
{
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                return;
            task = m_queue.front();
            m_queue.pop_front();
            Progress &progress = m_progress[task.releaseId];
            progress.queued = qMax(0, progress.queued - 1);
            progress.current = describe(task.pair);
            progress.currentFraction = 0;
        }
        Q_EMIT m_context->eventBus->deltaBuildsChanged(task.releaseId);
        build(task);
        {
            std::lock_guard lock(m_mutex);
            m_pending.remove(pairKey(task.pair.fromSha256, task.pair.toSha256));
            Progress &progress = m_progress[task.releaseId];
            ++progress.done;
            progress.current.clear();
            if (progress.queued == 0)
                m_cancelled.remove(task.releaseId);
        }
        Q_EMIT m_context->eventBus->deltaBuildsChanged(task.releaseId);
    }
}

void DeltaService::build(const Task &task)
{
    const Pair &pair = task.pair;
    const releases::BlobStore &blobs = *m_context->blobs;
    const QString workDir =
        m_context->dataDir.root() + u"/tmp/deltas/"_s + QString::fromLatin1(crypto::randomBytes(8).toHex());
    QDir().mkpath(workDir);
    QStringList codecNames;
    for (const delta::Codec *codec : delta::codecs()) {
        if (codec->usesSource() != !pair.fromSha256.isEmpty())
            continue;
        codecNames.append(codec->name());
    }
    delta::BuildOptions options;
    options.progress = [this, releaseId = task.releaseId](qint64 done, qint64 total) {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_cancelled.contains(releaseId))
            return false;
        m_progress[releaseId].currentFraction = total > 0 ? double(done) / double(total) : 0;
        return true;
    };
    QElapsedTimer timer;
    timer.start();
    auto candidates = delta::buildAndVerify(pair.fromSha256.isEmpty() ? QString() : blobs.pathOf(pair.fromSha256),
                                            blobs.pathOf(pair.toSha256), workDir, codecNames, options);
    const qint64 now = m_context->clock->nowMs();
    if (!candidates) {
        const bool cancelled = candidates.error().code == int(delta::DeltaError::Cancelled);
        if (!cancelled)
            qCWarning(lcDeltas).noquote() << describe(pair) << ":" << candidates.errorString();
        Status saved = m_context->writer->run([&](QSqlDatabase &db) -> Status {
            store::DeltaRepository deltas(db);
            for (const QString &codec : std::as_const(codecNames)) {
                store::DeltaRecord record;
                record.codec = codec;
                record.fromSha256 = pair.fromSha256;
                record.toSha256 = pair.toSha256;
                record.state = cancelled ? store::DeltaState::Cancelled : store::DeltaState::Failed;
                record.error = candidates.errorString();
                record.createdAtMs = now;
                if (auto id = deltas.upsert(record); !id)
                    return id.error();
            }
            return {};
        });
        if (!saved)
            qCWarning(lcDeltas) << saved.errorString();
        QDir(workDir).removeRecursively();
        return;
    }

    Status saved = m_context->writer->run([&](QSqlDatabase &db) -> Status {
        store::DeltaRepository deltas(db);
        // The full payload's size decides whether a delta is worth sending.
        qint64 fullLength = 0;
        if (!pair.fromSha256.isEmpty()) {
            auto full = deltas.find(FullCodec, {}, pair.toSha256);
            if (!full)
                return full.error();
            if (full->has_value() && (*full)->state == store::DeltaState::Ready)
                fullLength = (*full)->length;
        }
        for (const delta::Candidate &candidate : *candidates) {
            store::DeltaRecord record;
            record.codec = candidate.codec;
            record.fromSha256 = pair.fromSha256;
            record.toSha256 = pair.toSha256;
            record.buildMs = candidate.buildMs;
            record.buildPeakBytes = candidate.stats.peakMemoryBytes;
            record.applyMemoryBytes = candidate.stats.applyMemoryBytes;
            record.createdAtMs = now;
            if (!candidate.verified) {
                record.state = store::DeltaState::Failed;
                record.error = candidate.error.isEmpty() ? u"not verified"_s : candidate.error;
            } else {
                auto blob = m_context->blobs->importFile(db, candidate.deltaPath, u"delta"_s, now);
                if (!blob)
                    return blob.error();
                record.blobSha256 = blob->sha256;
                record.length = blob->length;
                record.verified = true;
                const bool worthIt = pair.fromSha256.isEmpty() || fullLength == 0 ||
                                     double(record.length) <= WorthItRatio * double(fullLength);
                record.state = worthIt ? store::DeltaState::Ready : store::DeltaState::NotWorthIt;
            }
            if (auto id = deltas.upsert(record); !id)
                return id.error();
        }
        return {};
    });
    if (!saved)
        qCWarning(lcDeltas).noquote() << describe(pair) << ":" << saved.errorString();
    QDir(workDir).removeRecursively();
}

Result<std::optional<store::DeltaRecord>> DeltaService::bestPayload(QSqlDatabase &db, const QString &fromSha256,
                                                                    const QString &toSha256, const QStringList &codecs,
                                                                    qint64 maxApplyBytes)
{
    auto rows = store::DeltaRepository(db).listForTarget(toSha256);
    if (!rows)
        return rows.error();
    std::optional<store::DeltaRecord> best;
    for (const store::DeltaRecord &row : *rows) {
        if (row.state != store::DeltaState::Ready || !row.verified || !codecs.contains(row.codec))
            continue;
        if (!row.fromSha256.isEmpty() && row.fromSha256 != fromSha256)
            continue;
        if (maxApplyBytes > 0 && row.applyMemoryBytes > maxApplyBytes)
            continue;
        if (!best || row.length < best->length)
            best = row;
    }
    return best;
}

} // namespace flotilla::server::updates

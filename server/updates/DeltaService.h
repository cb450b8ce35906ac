#pragma once

#include "core/Result.h"
#include "server/store/UpdateRecords.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace flotilla::server {
struct EngineContext;
}

namespace flotilla::server::updates {

// Builds the payloads a release needs, in the background (issue 3): for each target image the
// full payload (full-zstd), and for each source version the fleet runs (or the operator names) a
// delta with every codec; each is verified by rebuilding the target and matching its SHA-256
// (delta::buildAndVerify), kept only if verified, and marked not worth it unless it is at least
// 10 % smaller than the full payload. One worker thread; progress per release; cancel.
class DeltaService final
{
public:
    explicit DeltaService(std::shared_ptr<EngineContext> context);
    ~DeltaService(); // cancels what runs and stops the worker

    // What a release's build covers.
    struct Pair
    {
        QString ecu;
        QString hwId;
        QString fromVersion; // empty: the full payload
        QString fromSha256;
        QString toVersion;
        QString toSha256;
    };
    // The pairs a release needs: full payloads, plus deltas from sourceVersions per target, or,
    // when none are given, from every version that vehicles in the inventory run and for which the
    // server holds the image.
    Result<QList<Pair>> plan(qint64 releaseId, const QStringList &sourceVersions = {}) const;
    // Queues the pairs not built yet (or failed/cancelled before); returns how many were queued.
    Result<int> request(qint64 releaseId, const QStringList &sourceVersions = {});
    void cancel(qint64 releaseId);

    struct Progress
    {
        qint64 releaseId = 0;
        int queued = 0;  // pairs waiting
        int done = 0;    // pairs finished in this run (any outcome)
        QString current; // "headunit 3.1.2 → 3.3.1 (x-...)" while building
        double currentFraction = 0;
    };
    QList<Progress> progress() const;
    // True while a build from source to target (or the full payload when source is empty) waits
    // or runs: an update job for such a vehicle waits for it rather than sending a bigger payload.
    bool isPending(const QString &fromSha256, const QString &toSha256) const;
    bool isBusy(qint64 releaseId) const; // builds of this release wait or run

    // The smallest ready payload for a vehicle: a delta from fromSha256 (if any) or the full one,
    // among its codecs and within its apply memory.
    static Result<std::optional<store::DeltaRecord>> bestPayload(QSqlDatabase &db, const QString &fromSha256,
                                                                 const QString &toSha256, const QStringList &codecs,
                                                                 qint64 maxApplyBytes);

    static constexpr double WorthItRatio = 0.9; // a delta must be at least 10 % smaller than full

private:
    struct Task
    {
        qint64 releaseId = 0;
        Pair pair;
    };
    void run();
    void build(const Task &task);
    QString describe(const Pair &pair) const;

    std::shared_ptr<EngineContext> m_context;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Task> m_queue;
    QHash<qint64, Progress> m_progress;
    QSet<qint64> m_cancelled; // releases whose current task must stop
    QSet<QString> m_pending;  // "<from>:<to>" waiting or running
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace flotilla::server::updates

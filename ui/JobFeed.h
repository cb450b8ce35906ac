#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class RefreshThrottle;
class VehicleTableModel;

// Keeps the inventory's Update column in step with the engine: loads the newest update job of
// every vehicle (release by release) and the releases' names, then re-reads only the jobs of the
// vehicles EventBus::jobsChanged names, coalesced to at most 10 fetches a second. A burst that
// names many vehicles (a large assignment, a wave of progress reports) is one reload instead.
class JobFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobFeed)
public:
    JobFeed(server::FleetService &fleet, VehicleTableModel &model, QThreadPool &pool, QObject *parent = nullptr);
    ~JobFeed() override;

    void start();
    // Above this many changed vehicles, one reload of every release's jobs is cheaper than a
    // query per vehicle.
    static constexpr int MaxSingleFetches = 200;

Q_SIGNALS:
    // The model was updated for these vehicles (the details panel re-reads the one it shows).
    void jobsUpdated(const QStringList &vins);
    void errorOccurred(const QString &message);

private:
    void onJobsChanged(const QStringList &vins);
    void onReleasesChanged();
    void fetch();

    server::FleetService &m_fleet;
    VehicleTableModel &m_model;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
    QSet<QString> m_dirty;
    bool m_reloadAll = true;
    bool m_releasesDirty = true;
};

} // namespace flotilla::ui

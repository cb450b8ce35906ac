#include "ui/JobFeed.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/Async.h"
#include "ui/RefreshThrottle.h"
#include "ui/VehicleTableModel.h"

#include <utility>

using namespace std::chrono_literals;

namespace flotilla::ui {

namespace {

struct Fetched
{
    QList<store::UpdateJobRecord> jobs;
    std::optional<QHash<qint64, QString>> releaseLabels; // when they were read
    QString error;
};

// Every release's jobs, keeping the newest per vehicle; and the releases' names on the way.
Fetched reloadAll(server::FleetService &fleet)
{
    Fetched fetched;
    auto releases = fleet.releases().list();
    if (!releases) {
        fetched.error = releases.errorString();
        return fetched;
    }
    QHash<qint64, QString> labels;
    QHash<QString, store::UpdateJobRecord> newest;
    for (const server::releases::ReleaseRecord &release : std::as_const(*releases)) {
        labels.insert(release.id, release.name + u' ' + release.version);
        auto jobs = fleet.updates().jobsForRelease(release.id);
        if (!jobs) {
            fetched.error = jobs.errorString();
            return fetched;
        }
        for (store::UpdateJobRecord &job : *jobs) {
            auto it = newest.find(job.vin);
            if (it == newest.end() || it->id < job.id) {
                job.report = {};
                newest.insert(job.vin, std::move(job));
            }
        }
    }
    fetched.jobs = newest.values();
    fetched.releaseLabels = std::move(labels);
    return fetched;
}

} // namespace

JobFeed::JobFeed(server::FleetService &fleet, VehicleTableModel &model, QThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_model(model)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
{
    connect(m_throttle, &RefreshThrottle::due, this, &JobFeed::fetch);
}

JobFeed::~JobFeed() = default;

void JobFeed::start()
{
    const server::EventBus &bus = m_fleet.eventBus();
    connect(&bus, &server::EventBus::jobsChanged, this, &JobFeed::onJobsChanged);
    connect(&bus, &server::EventBus::releasesChanged, this, &JobFeed::onReleasesChanged);
    m_throttle->request();
}

void JobFeed::onJobsChanged(const QStringList &vins)
{
    for (const QString &vin : vins) {
        m_dirty.insert(vin);
    }
    m_throttle->request();
}

void JobFeed::onReleasesChanged()
{
    m_releasesDirty = true;
    m_throttle->request();
}

void JobFeed::fetch()
{
    const bool all = m_reloadAll || m_dirty.size() > MaxSingleFetches;
    if (!all && m_dirty.isEmpty() && !m_releasesDirty) {
        m_throttle->done();
        return;
    }
    const QStringList vins = all ? QStringList() : QStringList(m_dirty.cbegin(), m_dirty.cend());
    const bool labels = m_releasesDirty;
    m_dirty.clear();
    m_reloadAll = false;
    m_releasesDirty = false;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, all, vins, labels] {
            if (all) {
                return reloadAll(*fleet);
            }
            Fetched fetched;
            if (labels) {
                auto releases = fleet->releases().list();
                if (!releases) {
                    fetched.error = releases.errorString();
                    return fetched;
                }
                QHash<qint64, QString> names;
                for (const server::releases::ReleaseRecord &release : std::as_const(*releases)) {
                    names.insert(release.id, release.name + u' ' + release.version);
                }
                fetched.releaseLabels = std::move(names);
            }
            for (const QString &vin : vins) {
                auto jobs = fleet->updates().jobsForVehicle(vin, 1);
                if (!jobs) {
                    if (jobs.error().code == 404) {
                        continue; // not in the store (any more): nothing to show
                    }
                    fetched.error = jobs.errorString();
                    break;
                }
                fetched.jobs.append(std::move(*jobs));
            }
            return fetched;
        },
        [this, all, vins](Fetched fetched) {
            m_throttle->done();
            if (!fetched.error.isEmpty()) {
                Q_EMIT errorOccurred(tr("Could not load update jobs: %1").arg(fetched.error));
            }
            if (fetched.releaseLabels) {
                m_model.setReleaseLabels(*fetched.releaseLabels);
            }
            QStringList changed = vins;
            if (all) {
                for (const store::UpdateJobRecord &job : std::as_const(fetched.jobs)) {
                    changed.append(job.vin);
                }
            }
            m_model.setJobs(fetched.jobs);
            if (!changed.isEmpty()) {
                Q_EMIT jobsUpdated(changed);
            }
        });
}

} // namespace flotilla::ui

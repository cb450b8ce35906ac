#include "ui/VehicleFeed.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/RefreshThrottle.h"
#include "ui/VehicleTableModel.h"

#include <utility>

using namespace std::chrono_literals;

namespace flotilla::ui {

namespace {

struct Fetched
{
    QList<VehicleRow> rows;
    QString error;
    bool lastPage = true;
};

Fetched toRows(server::FleetService &fleet, Result<QList<store::VehicleRecord>> result)
{
    Fetched fetched;
    if (!result) {
        fetched.error = result.errorString();
        return fetched;
    }
    fetched.rows.reserve(result->size());
    for (store::VehicleRecord &record : *result) {
        const bool online = fleet.isOnline(record);
        fetched.rows.append({std::move(record), online});
    }
    return fetched;
}

} // namespace

VehicleFeed::VehicleFeed(server::FleetService &fleet, VehicleTableModel &model, QThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_model(model)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
{
    connect(m_throttle, &RefreshThrottle::due, this, &VehicleFeed::fetchDirty);
    m_sweepTimer.setInterval(5s);
    connect(&m_sweepTimer, &QTimer::timeout, this, &VehicleFeed::sweepOnline);
}

VehicleFeed::~VehicleFeed() = default;

void VehicleFeed::start()
{
    connect(&m_fleet.eventBus(), &server::EventBus::vehiclesChanged, this, &VehicleFeed::onVehiclesChanged);
    m_loading = true;
    Q_EMIT loadingChanged(true);
    loadPage(0);
    m_sweepTimer.start();
}

void VehicleFeed::onVehiclesChanged(const QStringList &vins)
{
    for (const QString &vin : vins) {
        m_dirty.insert(vin);
    }
    m_throttle->request();
}

void VehicleFeed::loadPage(int offset)
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, offset, pageSize = m_pageSize] {
            store::VehicleFilter filter;
            filter.limit = pageSize;
            filter.offset = offset;
            Fetched fetched = toRows(*fleet, fleet->vehicles(filter));
            fetched.lastPage = !fetched.error.isEmpty() || fetched.rows.size() < pageSize;
            return fetched;
        },
        [this, offset](Fetched fetched) {
            if (!fetched.error.isEmpty()) {
                Q_EMIT errorOccurred(tr("Could not load the vehicle list: %1").arg(fetched.error));
            }
            // Upsert, not append: a vehicle that changed while paging may already be in the model.
            m_model.upsert(std::move(fetched.rows));
            if (!fetched.lastPage) {
                loadPage(offset + m_pageSize);
                return;
            }
            m_loading = false;
            Q_EMIT loadingChanged(false);
            if (!m_dirty.isEmpty()) {
                m_throttle->request();
            }
        });
}

void VehicleFeed::fetchDirty()
{
    // While the pages load, a page read before a change could land after a re-fetch made after
    // it and put the old row back. So changes wait, and are fetched once the last page is in.
    if (m_dirty.isEmpty() || m_loading) {
        m_throttle->done();
        return;
    }
    const QStringList vins(m_dirty.cbegin(), m_dirty.cend());
    m_dirty.clear();
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, vins] {
            // Bounded batches keep each store query's parameter list small.
            constexpr qsizetype batch = 500;
            Fetched all;
            for (qsizetype i = 0; i < vins.size(); i += batch) {
                Fetched part = toRows(*fleet, fleet->vehiclesByVin(vins.mid(i, batch)));
                if (!part.error.isEmpty()) {
                    all.error = part.error;
                    break;
                }
                all.rows.append(std::move(part.rows));
            }
            return all;
        },
        [this, vins](Fetched fetched) {
            if (!fetched.error.isEmpty()) {
                Q_EMIT errorOccurred(tr("Could not refresh vehicles: %1").arg(fetched.error));
            }
            m_model.upsert(std::move(fetched.rows));
            Q_EMIT vehiclesUpdated(vins);
            m_throttle->done();
        });
}

void VehicleFeed::sweepOnline()
{
    // A vehicle goes offline by staying silent, which no event announces: ask the engine again
    // about those we show as online.
    if (m_sweeping || m_model.onlineCount() == 0) {
        return;
    }
    m_sweeping = true;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, records = m_model.onlineRecords()] {
            QList<std::pair<QString, qint64>> offline; // VIN, last seen the verdict is based on
            for (const store::VehicleRecord &record : records) {
                if (!fleet->isOnline(record)) {
                    offline.append({record.vin, record.lastSeenAtMs});
                }
            }
            return offline;
        },
        [this](const QList<std::pair<QString, qint64>> &offline) {
            m_sweeping = false;
            QStringList vins;
            for (const auto &[vin, lastSeenAtMs] : offline) {
                // A check-in that arrived during the sweep wins over the older verdict.
                const int row = m_model.rowOfVin(vin);
                if (row >= 0 && m_model.vehicleAt(row).record.lastSeenAtMs == lastSeenAtMs) {
                    vins.append(vin);
                }
            }
            m_model.setOnline(vins, false);
        });
}

} // namespace flotilla::ui

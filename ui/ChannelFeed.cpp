#include "ui/ChannelFeed.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "server/dm/NotifyHub.h"
#include "ui/Async.h"
#include "ui/RefreshThrottle.h"
#include "ui/VehicleTableModel.h"

using namespace std::chrono_literals;

namespace flotilla::ui {

namespace {

struct ChannelChanges
{
    QStringList opened;
    QStringList closed;
};

} // namespace

ChannelFeed::ChannelFeed(server::FleetService &fleet, VehicleTableModel &model, QThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_model(model)
    , m_pool(pool)
    , m_throttle(new RefreshThrottle(100ms, this))
{
    connect(m_throttle, &RefreshThrottle::due, this, &ChannelFeed::fetch);
}

ChannelFeed::~ChannelFeed() = default;

void ChannelFeed::start()
{
    // The event names the vehicles, but not which way they went; the hub's set answers both, and
    // re-reading it whole also heals an event missed while a fetch ran.
    connect(&m_fleet.eventBus(), &server::EventBus::channelsChanged, m_throttle, &RefreshThrottle::request);
    m_throttle->request();
}

void ChannelFeed::fetch()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, shown = m_model.openChannels()] {
            const QSet<QString> online = fleet->notifyHub().onlineVins();
            ChannelChanges changes;
            for (const QString &vin : online) {
                if (!shown.contains(vin)) {
                    changes.opened.append(vin);
                }
            }
            for (const QString &vin : shown) {
                if (!online.contains(vin)) {
                    changes.closed.append(vin);
                }
            }
            return changes;
        },
        [this](const ChannelChanges &changes) {
            m_throttle->done();
            if (changes.opened.isEmpty() && changes.closed.isEmpty()) {
                return;
            }
            // Only this feed changes the model's channel set, and never while a fetch runs (the
            // throttle allows one at a time): the difference still applies.
            m_model.setChannelsOpen(changes.opened, true);
            m_model.setChannelsOpen(changes.closed, false);
            Q_EMIT channelsUpdated(changes.opened + changes.closed);
        });
}

} // namespace flotilla::ui

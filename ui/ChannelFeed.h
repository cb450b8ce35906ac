#pragma once

#include <QObject>
#include <QStringList>

class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class RefreshThrottle;
class VehicleTableModel;

// Keeps the inventory's Channel column in step with the open notification channels (PROTOCOL.md
// §7): reads the hub's set of online VINs once at start and again after EventBus::channelsChanged
// (coalesced, at most 10 times a second), works out off the GUI thread which vehicles opened or
// closed their channel since, and hands only those to the model.
class ChannelFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelFeed)
public:
    ChannelFeed(server::FleetService &fleet, VehicleTableModel &model, QThreadPool &pool, QObject *parent = nullptr);
    ~ChannelFeed() override;

    void start();

Q_SIGNALS:
    // These vehicles' channels opened or closed (the Remote panel re-reads the one it shows).
    void channelsUpdated(const QStringList &vins);

private:
    void fetch();

    server::FleetService &m_fleet;
    VehicleTableModel &m_model;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
};

} // namespace flotilla::ui

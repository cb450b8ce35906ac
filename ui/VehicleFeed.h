#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <algorithm>

class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class RefreshThrottle;
class VehicleTableModel;

// Keeps a VehicleTableModel in step with the engine: loads the inventory page by page off the
// GUI thread, then re-fetches only the vehicles named by EventBus::vehiclesChanged, coalesced to
// at most 10 fetches a second, and periodically re-checks which online vehicles went quiet.
class VehicleFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehicleFeed)
public:
    VehicleFeed(server::FleetService &fleet, VehicleTableModel &model, QThreadPool &pool, QObject *parent = nullptr);
    ~VehicleFeed() override;

    void start();
    bool isLoading() const { return m_loading; }

    static constexpr int DefaultPageSize = 5000;
    void setPageSize(int rows) { m_pageSize = std::max(rows, 1); } // before start()
    int pageSize() const { return m_pageSize; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    // The model was updated for these vehicles (the details panel re-reads the one it shows).
    void vehiclesUpdated(const QStringList &vins);
    void errorOccurred(const QString &message);

private:
    void onVehiclesChanged(const QStringList &vins);
    void loadPage(int offset);
    void fetchDirty();
    void sweepOnline();

    server::FleetService &m_fleet;
    VehicleTableModel &m_model;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
    QTimer m_sweepTimer;
    QSet<QString> m_dirty;
    bool m_loading = false;
    bool m_sweeping = false;
    int m_pageSize = DefaultPageSize;
};

} // namespace flotilla::ui

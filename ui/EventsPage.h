#pragma once

#include <QWidget>

class QLineEdit;
class QSettings;
class QSortFilterProxyModel;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class EventLogModel;
class PlaceholderTableView;
class RefreshThrottle;

// The engine's event log, newest first, following EventBus::eventsAppended live.
class EventsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsPage)
public:
    EventsPage(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~EventsPage() override;

    void start();
    EventLogModel *model() const { return m_model; }
    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

    static constexpr int PageSize = 1000;

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    void onEventsAppended(qint64 lastEventId);
    void fetch();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
    EventLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    PlaceholderTableView *m_table;
    qint64 m_knownLastId = 0;
};

} // namespace flotilla::ui

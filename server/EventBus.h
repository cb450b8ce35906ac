#pragma once

#include <QObject>
#include <QStringList>

namespace flotilla::server {

// Typed engine events for the console and other in-process listeners. Emitted from I/O and writer
// threads after the change is durable; receivers in the GUI thread get them queued. Listeners
// that redraw coalesce them (at most 10 refreshes a second, DESIGN.md event bus).
class EventBus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventBus)
public:
    explicit EventBus(QObject *parent = nullptr);

Q_SIGNALS:
    // Vehicles that registered, changed state, checked in or reported new DevInfo.
    void vehiclesChanged(const QStringList &vins);
    // A registration request arrived or was decided.
    void registrationsChanged();
    // New rows in the event log (newest id).
    void eventsAppended(qint64 lastEventId);
    void enrollmentKeyChanged();
    // Releases were imported.
    void releasesChanged();
    // Update jobs changed state or progress (the vehicles they belong to).
    void jobsChanged(const QStringList &vins);
    // Delta builds of a release progressed, finished or were cancelled.
    void deltaBuildsChanged(qint64 releaseId);
    // A campaign changed state, wave or vehicle outcomes.
    void campaignsChanged(qint64 campaignId);
    // Remote commands of these vehicles were queued or changed state.
    void commandsChanged(const QStringList &vins);
    // These vehicles' notification channels opened (online) or closed.
    void channelsChanged(const QStringList &vins);
};

} // namespace flotilla::server

#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace flotilla::ui {

// Turns a burst of "something changed" notifications into at most one refresh per interval, and
// never two at once: due() is emitted after the interval, then not again until done() reports
// that the (asynchronous) refresh it started has finished. EventBus signals can arrive hundreds
// of times a second; views refresh at most 10 times a second (DESIGN.md, event bus).
class RefreshThrottle final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefreshThrottle)
public:
    explicit RefreshThrottle(std::chrono::milliseconds interval, QObject *parent = nullptr);
    ~RefreshThrottle() override;

    void request(); // something changed: refresh soon
    void done();    // the refresh started by due() finished
    bool isRunning() const { return m_running; }
    bool isPending() const { return m_pending; }

Q_SIGNALS:
    void due();

private:
    void fire();

    QTimer m_timer;
    bool m_running = false;
    bool m_pending = false;
};

} // namespace flotilla::ui

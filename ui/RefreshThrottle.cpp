#include "ui/RefreshThrottle.h"

namespace flotilla::ui {

RefreshThrottle::RefreshThrottle(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &RefreshThrottle::fire);
}

RefreshThrottle::~RefreshThrottle() = default;

void RefreshThrottle::request()
{
    m_pending = true;
    if (!m_running && !m_timer.isActive()) {
        m_timer.start();
    }
}

void RefreshThrottle::done()
{
    m_running = false;
    if (m_pending && !m_timer.isActive()) {
        m_timer.start();
    }
}

void RefreshThrottle::fire()
{
    if (m_running || !m_pending) {
        return;
    }
    m_pending = false;
    m_running = true;
    Q_EMIT due();
}

} // namespace flotilla::ui

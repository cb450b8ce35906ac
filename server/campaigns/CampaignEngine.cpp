#include "server/campaigns/CampaignEngine.h"

#include "server/EventBus.h"
#include "server/campaigns/CampaignService.h"

namespace flotilla::server::campaigns {

CampaignEngine::CampaignEngine(CampaignService &service, EventBus &eventBus, std::chrono::milliseconds interval)
    : m_service(service)
    , m_interval(interval)
{
    // Direct: jobsChanged is emitted on writer and I/O threads; wake() only signals a condition.
    m_jobsChanged = QObject::connect(
        &eventBus, &EventBus::jobsChanged, &eventBus, [this](const QStringList &) { wake(); }, Qt::DirectConnection);
    m_thread = std::thread([this] { run(); });
}

CampaignEngine::~CampaignEngine()
{
    stop();
}

void CampaignEngine::wake()
{
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake.notify_one();
}

void CampaignEngine::stop()
{
    QObject::disconnect(m_jobsChanged);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void CampaignEngine::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, m_interval, [this] { return m_woken || m_stopping; });
        if (m_stopping)
            break;
        m_woken = false;
        lock.unlock();
        m_service.tick().ok(); // failures are logged per campaign; the next tick tries again
        lock.lock();
    }
}

} // namespace flotilla::server::campaigns

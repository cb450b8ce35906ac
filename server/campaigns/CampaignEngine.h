#pragma once

#include <QMetaObject>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace flotilla::server {
class EventBus;
}

namespace flotilla::server::campaigns {

class CampaignService;

// Runs the wave engine (CampaignService::tick) on its own thread: every interval, and soon after
// update jobs change (EventBus::jobsChanged), so that outcomes move waves without waiting for the
// next interval. Its own thread because a tick blocks on the store, and the event bus may live in
// the GUI thread.
class CampaignEngine final
{
public:
    CampaignEngine(CampaignService &service, EventBus &eventBus,
                   std::chrono::milliseconds interval = std::chrono::seconds(2));
    ~CampaignEngine(); // stop()
    CampaignEngine(const CampaignEngine &) = delete;
    CampaignEngine &operator=(const CampaignEngine &) = delete;

    void wake(); // thread-safe: tick soon
    void stop(); // waits for a running tick

private:
    void run();

    CampaignService &m_service;
    std::chrono::milliseconds m_interval;
    QMetaObject::Connection m_jobsChanged;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_woken = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace flotilla::server::campaigns

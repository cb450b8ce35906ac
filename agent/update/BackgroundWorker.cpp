#include "agent/update/BackgroundWorker.h"

#include <QThreadPool>

#include <condition_variable>
#include <mutex>

namespace flotilla::agent {

struct BackgroundWorker::State
{
    std::mutex mutex;
    std::condition_variable idle;
    int running = 0;
    std::atomic<bool> cancelled{false};
    bool ownerAlive = true; // read and written on the lane only
};

BackgroundWorker::BackgroundWorker(net::Lane &lane)
    : m_lane(lane)
    , m_state(std::make_shared<State>())
{}

BackgroundWorker::~BackgroundWorker()
{
    m_state->ownerAlive = false;
    m_state->cancelled = true;
    std::unique_lock lock(m_state->mutex);
    m_state->idle.wait(lock, [this] { return m_state->running == 0; });
}

bool BackgroundWorker::isBusy() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->running > 0;
}

void BackgroundWorker::run(std::function<void(const std::atomic<bool> &)> work, std::function<void()> done)
{
    {
        const std::lock_guard lock(m_state->mutex);
        ++m_state->running;
    }
    net::Lane *lane = &m_lane;
    QThreadPool::globalInstance()->start([state = m_state, lane, work = std::move(work), done = std::move(done)] {
        if (!state->cancelled)
            work(state->cancelled);
        // Posted before the count drops, so the destructor (which waits for it) has not returned.
        lane->post([state, done] {
            if (state->ownerAlive && done)
                done();
        });
        const std::lock_guard lock(state->mutex);
        --state->running;
        state->idle.notify_all();
    });
}

} // namespace flotilla::agent

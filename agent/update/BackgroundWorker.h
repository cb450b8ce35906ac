#pragma once

#include "agent/net/AsioRuntime.h"

#include <atomic>
#include <functional>
#include <memory>

namespace flotilla::agent {

// Runs an update's CPU and disk work (hashing, delta apply, image generation) on a pool thread so
// that the lane, which drives many simulated vehicles, keeps answering their sessions. done runs
// afterwards on the lane, unless the worker was destroyed meanwhile. The destructor asks the task
// to stop (the flag it gets) and waits for it: no task outlives its owner.
// Used and destroyed on the lane's thread.
class BackgroundWorker final
{
public:
    explicit BackgroundWorker(net::Lane &lane);
    ~BackgroundWorker();
    BackgroundWorker(const BackgroundWorker &) = delete;
    BackgroundWorker &operator=(const BackgroundWorker &) = delete;

    void run(std::function<void(const std::atomic<bool> &cancelled)> work, std::function<void()> done);
    bool isBusy() const;

private:
    struct State;
    net::Lane &m_lane;
    std::shared_ptr<State> m_state;
};

} // namespace flotilla::agent

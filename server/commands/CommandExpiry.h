#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace flotilla::server::commands {

class CommandService;

// Runs CommandService::expireDue on its own thread every interval (default one second), so that a
// command past its expiry shows Expired within a second even when its vehicle never checks in.
// Its own thread because a tick may write to the store; most ticks only read and find nothing.
class CommandExpiry final
{
public:
    explicit CommandExpiry(CommandService &service, std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~CommandExpiry(); // stop()
    CommandExpiry(const CommandExpiry &) = delete;
    CommandExpiry &operator=(const CommandExpiry &) = delete;

    void stop(); // waits for a running tick

private:
    void run();

    CommandService &m_service;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace flotilla::server::commands

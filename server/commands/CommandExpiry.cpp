#include "server/commands/CommandExpiry.h"

#include "server/commands/CommandService.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCommandExpiry, "flotilla.commands.expiry")

namespace flotilla::server::commands {

CommandExpiry::CommandExpiry(CommandService &service, std::chrono::milliseconds interval)
    : m_service(service)
    , m_interval(interval)
{
    m_thread = std::thread([this] { run(); });
}

CommandExpiry::~CommandExpiry()
{
    stop();
}

void CommandExpiry::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void CommandExpiry::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, m_interval, [this] { return m_stopping; });
        if (m_stopping)
            break;
        lock.unlock();
        // A failed tick (store busy) is logged; the next one tries again.
        if (auto expired = m_service.expireDue(); !expired)
            qCWarning(lcCommandExpiry) << "expiring commands:" << expired.errorString();
        lock.lock();
    }
}

} // namespace flotilla::server::commands

#pragma once

#include "core/Clock.h"
#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace flotilla::server {

class FleetService;

struct ServerConfig
{
    QString dataDir;                                       // keys, certificates, enrollment key, database, settings
    QString deviceListen = QStringLiteral("0.0.0.0:8443"); // PROTOCOL.md §1 default
    QString apiListen = QStringLiteral("127.0.0.1:8444");  // management API: loopback by default
    QString publicHost; // host name vehicles use in SrvURI; empty = the Host they connected with
    int pollSeconds = 900;
    int tokenLifetimeDays = 30;
    int inventoryRefreshSeconds = 3600; // full MO inventory at most this often per vehicle
    int ioThreads = 2;
};

// The server core, headless or embedded in the console: data folder, store, device endpoint and
// management API listeners. Both `flotilla` and `flotilla-server` create exactly one.
class ServerRuntime final
{
public:
    // Creates the data folder on first run (CA, server certificate, signing key, enrollment key,
    // API token, database), opens the store and starts both listeners.
    static Result<std::unique_ptr<ServerRuntime>> start(const ServerConfig &config,
                                                        const Clock &clock = Clock::system());
    ~ServerRuntime(); // stop()
    void stop();

    FleetService &fleet();
    const ServerConfig &config() const;
    quint16 devicePort() const;
    quint16 apiPort() const;
    QString deviceUrl() const;      // https://<host>:<port>/dm as vehicles elsewhere reach it
    QString localDeviceUrl() const; // https://127.0.0.1:<port>/dm (or the bound address) for agents on this machine
    QString apiUrl() const;         // https://127.0.0.1:<port>/api/v1
    QByteArray caCertificatePem() const;
    QString dataDir() const;
    QString apiToken() const;

private:
    ServerRuntime();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace flotilla::server

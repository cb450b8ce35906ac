#include "server/ServerRuntime.h"

#include "core/crypto/Hash.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/FleetService.h"
#include "server/ListenAddress.h"
#include "server/api/ManagementApi.h"
#include "server/auth/UserService.h"
#include "server/campaigns/CampaignEngine.h"
#include "server/campaigns/CampaignService.h"
#include "server/commands/CommandExpiry.h"
#include "server/commands/CommandService.h"
#include "server/dm/DeviceEndpoint.h"
#include "server/dm/NotifyHub.h"
#include "server/http/HttpsServer.h"
#include "server/releases/BlobStore.h"
#include "server/releases/ReleaseService.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/updates/DeltaService.h"
#include "server/updates/SigningKeys.h"
#include "server/updates/UpdateEngine.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QSettings>

Q_LOGGING_CATEGORY(lcRuntime, "flotilla.server")

using namespace Qt::StringLiterals;

namespace flotilla::server {

struct ServerRuntime::Private
{
    std::shared_ptr<EngineContext> context;
    std::unique_ptr<EventBus> eventBus;
    std::unique_ptr<FleetService> fleet;
    std::shared_ptr<api::ManagementApi> api;
    std::unique_ptr<http::HttpsServer> deviceServer;
    std::unique_ptr<http::HttpsServer> apiServer;
    std::unique_ptr<commands::CommandExpiry> commandExpiry; // ends commands past their expiry
    ListenAddress deviceListen;
    QString apiToken;
    bool stopped = false;
};

namespace {

Result<QString> readTrimmed(const DataDir &dir, const QString &path)
{
    auto content = dir.read(path);
    if (!content)
        return content.error();
    return QString::fromUtf8(content->trimmed());
}

// Names and addresses the device certificate must cover so that vehicles can verify it however
// they reach this machine.
void certificateNames(const ServerConfig &config, const ListenAddress &listen, QStringList &dnsNames,
                      QStringList &ipAddresses)
{
    dnsNames = {u"localhost"_s};
    ipAddresses = {u"127.0.0.1"_s, u"::1"_s};
    const QString machine = QHostInfo::localHostName();
    if (!machine.isEmpty() && machine != u"localhost")
        dnsNames.append(machine);
    if (!listen.isWildcard() && !ipAddresses.contains(listen.host))
        ipAddresses.append(listen.host);
    if (!config.publicHost.isEmpty()) {
        if (QHostAddress(config.publicHost).isNull()) {
            if (!dnsNames.contains(config.publicHost, Qt::CaseInsensitive))
                dnsNames.append(config.publicHost);
        } else if (!ipAddresses.contains(config.publicHost)) {
            ipAddresses.append(config.publicHost);
        }
    }
}

QString displayHost(const ServerConfig &config, const ListenAddress &listen)
{
    if (!config.publicHost.isEmpty())
        return config.publicHost.contains(u':') ? u'[' + config.publicHost + u']' : config.publicHost;
    if (!listen.isWildcard())
        return listen.urlHost();
    const QString machine = QHostInfo::localHostName();
    return machine.isEmpty() ? u"localhost"_s : machine;
}

} // namespace

ServerRuntime::ServerRuntime()
    : d(std::make_unique<Private>())
{}

ServerRuntime::~ServerRuntime()
{
    stop();
}

Result<std::unique_ptr<ServerRuntime>> ServerRuntime::start(const ServerConfig &config, const Clock &clock)
{
    if (auto selfTest = crypto::selfTest(); !selfTest)
        return Error(u"crypto self-test failed: %1"_s.arg(selfTest.errorString()));
    auto deviceListen = ListenAddress::parse(config.deviceListen);
    if (!deviceListen)
        return Error(u"device endpoint: %1"_s.arg(deviceListen.errorString()));
    auto apiListen = ListenAddress::parse(config.apiListen);
    if (!apiListen)
        return Error(u"management API: %1"_s.arg(apiListen.errorString()));

    std::unique_ptr<ServerRuntime> runtime(new ServerRuntime);
    Private &d = *runtime->d;
    d.deviceListen = *deviceListen;
    auto context = std::make_shared<EngineContext>();
    d.context = context;
    context->config = config;
    if (context->config.dataDir.isEmpty())
        context->config.dataDir = DataDir::defaultRoot();
    context->clock = &clock;
    context->dataDir = DataDir(context->config.dataDir);
    DataDir &dir = context->dataDir;

    QStringList dnsNames, ipAddresses;
    certificateNames(config, *deviceListen, dnsNames, ipAddresses);
    if (auto s = dir.initialize(dnsNames, ipAddresses); !s)
        return Error(u"data folder %1: %2"_s.arg(dir.root(), s.errorString()));

    QSettings settings(dir.settingsPath(), QSettings::IniFormat);
    context->serverId = settings.value(u"server/id"_s).toString();
    if (context->serverId.isEmpty()) {
        context->serverId = u"flotilla-"_s + QString::fromLatin1(crypto::randomBytes(4).toHex());
        settings.setValue(u"server/id"_s, context->serverId);
        settings.sync();
    }

    auto caPem = dir.read(dir.caCertificatePath());
    auto caKeyPem = dir.read(dir.caKeyPath());
    auto serverPem = dir.read(dir.serverCertificatePath());
    auto serverKeyPem = dir.read(dir.serverKeyPath());
    auto signingPublicPem = dir.read(dir.signingPublicKeyPath());
    for (const auto *item : {&caPem, &caKeyPem, &serverPem, &serverKeyPem, &signingPublicPem}) {
        if (!*item)
            return item->error();
    }
    auto caKey = crypto::PrivateKey::fromPem(*caKeyPem);
    if (!caKey)
        return Error(u"%1: %2"_s.arg(dir.caKeyPath(), caKey.errorString()));
    auto enrollmentKey = readTrimmed(dir, dir.enrollmentKeyPath());
    auto apiToken = readTrimmed(dir, dir.apiTokenPath());
    if (!enrollmentKey)
        return enrollmentKey.error();
    if (!apiToken)
        return apiToken.error();
    context->caCertificatePem = *caPem;
    context->caKey = std::move(*caKey);
    context->signingPublicKeyPem = *signingPublicPem;
    context->setEnrollmentKey(*enrollmentKey);
    d.apiToken = *apiToken;

    store::DatabaseOptions databaseOptions;
    databaseOptions.path = dir.databasePath();
    auto database = store::Database::open(databaseOptions);
    if (!database)
        return Error(u"store %1: %2"_s.arg(databaseOptions.path, database.errorString()));
    context->database = *database;
    context->writer = std::make_unique<store::StoreWriter>(context->database);
    context->users = std::make_unique<auth::UserService>(context->database, *context->writer, clock);
    context->blobs = std::make_unique<releases::BlobStore>(dir.blobsPath());
    context->releases = std::make_unique<releases::ReleaseService>(context->database, *context->writer, *context->blobs,
                                                                   dir.root() + u"/keys/oem"_s, clock);
    context->signingKeys = std::make_unique<updates::SigningKeys>(dir, clock);
    if (auto s = context->writer->run([&](QSqlDatabase &db) { return context->signingKeys->load(db); }); !s)
        return Error(u"signing keys: %1"_s.arg(s.errorString()));
    d.eventBus = std::make_unique<EventBus>();
    context->eventBus = d.eventBus.get();
    context->releases->setEventBus(d.eventBus.get());
    // Before every service that notifies; the callback runs on the device server's threads.
    context->notifyHub = std::make_unique<dm::NotifyHub>();
    context->notifyHub->setOnlineChangedCallback(
        [bus = d.eventBus.get()](const QString &vin, bool) { Q_EMIT bus->channelsChanged({vin}); });
    context->startedAtMs = clock.nowMs();
    context->deltas = std::make_unique<updates::DeltaService>(context);
    context->updates = std::make_unique<updates::UpdateEngine>(context);
    if (auto s = context->updates->load(); !s)
        return Error(u"update jobs: %1"_s.arg(s.errorString()));
    context->campaigns = std::make_unique<campaigns::CampaignService>(context);
    context->commands = std::make_unique<commands::CommandService>(context);
    if (auto s = context->commands->load(); !s)
        return Error(u"remote commands: %1"_s.arg(s.errorString()));
    d.fleet = std::make_unique<FleetService>(context);

    http::ServerOptions deviceOptions;
    deviceOptions.address = deviceListen->host;
    deviceOptions.port = deviceListen->port;
    deviceOptions.threads = qMax(1, config.ioThreads);
    deviceOptions.certificateChainPem = *serverPem;
    deviceOptions.privateKeyPem = *serverKeyPem;
    deviceOptions.clientCaPem = *caPem; // optional mutual TLS (PROTOCOL.md §1)
    d.deviceServer = std::make_unique<http::HttpsServer>(deviceOptions, std::make_shared<dm::DeviceEndpoint>(context));
    if (auto s = d.deviceServer->start(); !s)
        return Error(u"device endpoint on %1: %2"_s.arg(config.deviceListen, s.errorString()));
    context->devicePort = d.deviceServer->port();
    context->deviceUrl = u"https://%1:%2/dm"_s.arg(displayHost(config, *deviceListen)).arg(d.deviceServer->port());

    http::ServerOptions apiOptions;
    apiOptions.address = apiListen->host;
    apiOptions.port = apiListen->port;
    apiOptions.threads = 1;
    apiOptions.certificateChainPem = *serverPem;
    apiOptions.privateKeyPem = *serverKeyPem;
    apiOptions.maxConnections = 256;
    d.api = std::make_shared<api::ManagementApi>(*d.fleet, d.apiToken);
    d.apiServer = std::make_unique<http::HttpsServer>(apiOptions, d.api);
    if (auto s = d.apiServer->start(); !s)
        return Error(u"management API on %1: %2"_s.arg(config.apiListen, s.errorString()));
    const QString apiHost = apiListen->isWildcard() ? u"127.0.0.1"_s : apiListen->urlHost();
    context->apiUrl = u"https://%1:%2/api/v1"_s.arg(apiHost).arg(d.apiServer->port());
    if (auto s = DataDir::writeFile(dir.apiEndpointPath(), context->apiUrl.toUtf8() + '\n', false); !s)
        qCWarning(lcRuntime) << "cannot publish the API endpoint:" << s.errorString();

    Status logged = context->writer->run([&](QSqlDatabase &db) -> Status {
        store::EventRecord event;
        event.atMs = clock.nowMs();
        event.kind = event::ServerStarted.toString();
        event.actor = u"system"_s;
        event.summary = u"Server %1 started: devices on %2, API on %3"_s.arg(context->serverId, context->deviceUrl,
                                                                             context->apiUrl);
        return store::EventLog(db).append(event).ok() ? Status() : Error(u"cannot log start"_s);
    });
    if (!logged)
        qCWarning(lcRuntime) << logged.errorString();
    // Campaigns continue where the store says they are (a restart mid-campaign resumes it).
    context->campaignEngine = std::make_unique<campaigns::CampaignEngine>(*context->campaigns, *d.eventBus);
    d.commandExpiry = std::make_unique<commands::CommandExpiry>(*context->commands);
    qCInfo(lcRuntime).noquote() << "devices:" << context->deviceUrl << "API:" << context->apiUrl
                                << "data:" << dir.root();
    return runtime;
}

void ServerRuntime::stop()
{
    if (d->stopped)
        return;
    d->stopped = true;
    // Listeners first (no new work), then the API's workers, then the writer drains what was
    // accepted, so every acknowledged report is on disk before the store closes.
    if (d->apiServer)
        d->apiServer->stop();
    if (d->context && d->context->notifyHub)
        d->context->notifyHub->closeAll(); // 1001 to every vehicle's channel; stop() bounds the handshakes
    if (d->deviceServer)
        d->deviceServer->stop();
    if (d->context && d->context->notifyHub)
        d->context->notifyHub->setOnlineChangedCallback({}); // the event bus goes with this runtime
    d->apiServer.reset();
    d->api.reset(); // its workers are done with the services
    if (d->context) {
        // The services hold the context too: releasing them here also breaks that cycle.
        d->context->campaignEngine.reset(); // joins its thread after a running tick
        d->commandExpiry.reset();           // likewise
        d->context->deltas.reset();         // cancels a running build, joins its thread
        // The writer drains the sessions the device listener accepted while their engine (owned by
        // the listener's handler) and the services their transactions call still exist.
        d->context->writer.reset();
    }
    d->deviceServer.reset();
    if (d->context) {
        d->context->campaigns.reset();
        d->context->updates.reset();
        d->context->commands.reset();
        d->context->users.reset();
        d->context->releases.reset();
        d->context->signingKeys.reset();
        d->context->blobs.reset();
        d->context->database.reset();
    }
}

FleetService &ServerRuntime::fleet()
{
    return *d->fleet;
}

const ServerConfig &ServerRuntime::config() const
{
    return d->context->config;
}

quint16 ServerRuntime::devicePort() const
{
    return d->context->devicePort.load();
}

quint16 ServerRuntime::apiPort() const
{
    return d->apiServer ? d->apiServer->port() : 0;
}

QString ServerRuntime::deviceUrl() const
{
    return d->context->deviceUrl;
}

QString ServerRuntime::localDeviceUrl() const
{
    const QString host = d->deviceListen.isWildcard() ? (d->deviceListen.isIpv6() ? u"[::1]"_s : u"127.0.0.1"_s)
                                                      : d->deviceListen.urlHost();
    return u"https://%1:%2/dm"_s.arg(host).arg(devicePort());
}

QString ServerRuntime::apiUrl() const
{
    return d->context->apiUrl;
}

QByteArray ServerRuntime::caCertificatePem() const
{
    return d->context->caCertificatePem;
}

QString ServerRuntime::dataDir() const
{
    return d->context->dataDir.root();
}

QString ServerRuntime::apiToken() const
{
    return d->apiToken;
}

} // namespace flotilla::server

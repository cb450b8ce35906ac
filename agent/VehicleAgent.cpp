#include "agent/VehicleAgent.h"

#include "agent/commands/CommandRunner.h"
#include "agent/commands/NotificationChannel.h"
#include "agent/update/UpdateRunner.h"
#include "core/crypto/Hash.h"
#include "core/delta/DeltaCodec.h"
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUrl>

Q_LOGGING_CATEGORY(lcAgent, "flotilla.agent")
Q_LOGGING_CATEGORY(lcAgentSession, "flotilla.agent.session", QtInfoMsg) // one line per session: off by default

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace flotilla::agent {

namespace {

constexpr int MaxRoundTripsPerSession = 16;
constexpr auto MaxBackoff = std::chrono::milliseconds(15min);
constexpr auto DefaultPoll = std::chrono::milliseconds(900s);

// ±10 % so that a fleet started together does not stay in lock-step.
std::chrono::milliseconds jittered(std::chrono::milliseconds base)
{
    if (base.count() <= 0)
        return base;
    const qint64 spread = base.count() / 10;
    return std::chrono::milliseconds(base.count() - spread +
                                     qint64(QRandomGenerator::global()->bounded(2 * spread + 1)));
}

QString alertTypeFor(omadm::SessionReason reason)
{
    switch (reason) {
    case omadm::SessionReason::ServerInitiated:
        return QStringView(omadm::alerttype::ServerInitiated).toString();
    case omadm::SessionReason::BootstrapComplete:
        return QStringView(omadm::alerttype::BootstrapComplete).toString();
    case omadm::SessionReason::ClientInitiated:
        break;
    }
    return QStringView(omadm::alerttype::ClientInitiated).toString();
}

std::chrono::milliseconds retryAfter(const net::ClientResponse &response, std::chrono::milliseconds fallback)
{
    bool ok = false;
    const int seconds = response.header("Retry-After").trimmed().toInt(&ok);
    return ok && seconds > 0 ? std::chrono::milliseconds(qint64(seconds) * 1000) : fallback;
}

QString describe(const net::ClientResponse &response)
{
    auto body = omadm::decodeErrorBody(response.body);
    return body ? u"HTTP %1 %2"_s.arg(response.status).arg(body->description) : u"HTTP %1"_s.arg(response.status);
}

QByteArray originForm(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return target;
}

// The node an HGET data source answers for uri: {"MOData":{"<root>":{...path...}}} (PROTOCOL.md §6
// step 2), or the path straight under MOData.
Result<QJsonValue> moValue(const QByteArray &body, const omadm::ClientUri &uri)
{
    auto object = omadm::parseObject(body);
    if (!object)
        return object.error();
    QJsonObject data;
    for (auto it = object->begin(); it != object->end(); ++it) {
        if (it.key().compare(u"MOData"_s, Qt::CaseInsensitive) == 0)
            data = it.value().toObject();
    }
    if (data.isEmpty())
        return Error(u"no MOData"_s);
    QJsonValue root;
    const QString rootKey = omadm::moDataRootKey(uri.kind);
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key().compare(rootKey, Qt::CaseInsensitive) == 0)
            root = it.value();
    }
    const QStringList segments = uri.path.split(u'/', Qt::SkipEmptyParts);
    for (const QJsonValue &start : {root, QJsonValue(data)}) {
        QJsonValue node = start;
        for (const QString &segment : segments) {
            node = node.toObject().value(segment);
            if (node.isUndefined())
                break;
        }
        if (!node.isUndefined() && !node.isNull())
            return node;
    }
    return Error(u"MOData has no node %1"_s.arg(uri.path));
}

// "P0A80@bms" → a DiagMon DTC entry.
QJsonObject dtcFromSpec(const QString &spec, qint64 nowMs)
{
    return QJsonObject{{u"Code"_s, spec.section(u'@', 0, 0)},
                       {u"Ecu"_s, spec.section(u'@', 1)},
                       {u"Status"_s, u"confirmed"_s},
                       {u"FirstSeenUtc"_s, QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODate)}};
}

} // namespace

QString toString(AgentPhase phase)
{
    switch (phase) {
    case AgentPhase::Unregistered:
        return u"unregistered"_s;
    case AgentPhase::Registering:
        return u"registering"_s;
    case AgentPhase::Pending:
        return u"pending"_s;
    case AgentPhase::Rejected:
        return u"rejected"_s;
    case AgentPhase::Idle:
        return u"idle"_s;
    case AgentPhase::InSession:
        return u"in-session"_s;
    case AgentPhase::Stopped:
        return u"stopped"_s;
    }
    return {};
}

VehicleAgent::VehicleAgent(net::Lane &lane, AgentOptions options, VehicleProfile profile, AgentObserver *observer)
    : m_lane(lane)
    , m_options(std::move(options))
    , m_store(m_options.dataDir)
    , m_tree(std::move(profile))
    , m_observer(observer)
    , m_timer(lane.createTimer())
    , m_outbox(m_options.dataDir.isEmpty() ? QString() : m_options.dataDir + u"/outbox.json"_s)
{
    // The same vehicle as last time keeps what it installed since (the catalogue only knows how
    // it left the factory).
    if (auto saved = m_store.loadProfile(); saved && saved->has_value() && (*saved)->vin == m_tree.profile().vin)
        m_tree.setProfile(**saved);
    if (m_tree.profile().codecs.isEmpty()) { // announce what this agent applies (DevInfo/Ext/Codecs)
        VehicleProfile profile = m_tree.profile();
        profile.codecs = delta::codecNames();
        m_tree.setProfile(std::move(profile));
    }
    if (auto s = m_outbox.load(); !s)
        qCWarning(lcAgent) << s.errorString();
    auto dtcs = m_store.loadDtcs();
    if (dtcs && dtcs->has_value()) {
        m_tree.setDtcs(**dtcs);
    } else if (!m_options.update.dtcs.isEmpty()) {
        const Clock &clock = m_options.update.clock ? *m_options.update.clock : Clock::system();
        QJsonArray seeded;
        for (const QString &spec : std::as_const(m_options.update.dtcs))
            seeded.append(dtcFromSpec(spec, clock.nowMs()));
        m_tree.setDtcs(seeded);
        (void)saveDtcs();
    }
    m_updates = std::make_unique<UpdateRunner>(static_cast<UpdateHost &>(*this), m_options.update);
    CommandOptions commandOptions = m_options.commands;
    if (!commandOptions.clock)
        commandOptions.clock = m_options.update.clock;
    m_remoteCommands = std::make_unique<CommandRunner>(m_lane, m_tree, m_outbox, m_store, std::move(commandOptions));
    m_remoteCommands->setAlertsQueuedCallback([this] { alertsQueued(); });
}

VehicleAgent::~VehicleAgent()
{
    m_updates.reset(); // first: it waits for its worker and uses what follows
    m_channel.reset();
}

bool VehicleAgent::isUpdating() const
{
    return m_updates->isRunning();
}

bool VehicleAgent::isChannelOpen() const
{
    return m_channel && m_channel->isOpen();
}

net::ClientStats VehicleAgent::transportStats() const
{
    return m_client ? m_client->stats() : net::ClientStats{};
}

void VehicleAgent::setPhase(AgentPhase phase)
{
    if (phase == m_phase)
        return;
    const AgentPhase from = m_phase;
    m_phase = phase;
    if (m_observer)
        m_observer->agentPhaseChanged(*this, from, phase);
}

std::chrono::milliseconds VehicleAgent::pollInterval() const
{
    if (m_options.pollSecondsOverride >= 0)
        return std::chrono::milliseconds(qint64(m_options.pollSecondsOverride) * 1000);
    if (m_account && m_account->pollSeconds > 0)
        return std::chrono::milliseconds(qint64(m_account->pollSeconds) * 1000);
    return DefaultPoll;
}

std::chrono::milliseconds VehicleAgent::backoff() const
{
    // 5 s, 10 s, 20 s ... capped; never sooner than the poll interval would have been.
    const qint64 exponential = 5000LL << qMin(m_consecutiveFailures, 12);
    return jittered(
        std::chrono::milliseconds(qMin<qint64>(qMax<qint64>(exponential, pollInterval().count()), MaxBackoff.count())));
}

Status VehicleAgent::connectTo(const QString &url, const QByteArray &caPem)
{
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.scheme() != u"https" || parsed.host().isEmpty())
        return Error(u"not an https URL: %1"_s.arg(url));
    const QString host = parsed.host();
    const quint16 port = quint16(parsed.port(8443));
    const QString authority = host + u':' + QString::number(port);
    net::TlsOptions tls;
    tls.caPem = caPem;
    if (!m_client || authority != m_clientAuthority) {
        m_client = m_lane.createClient(host, port, tls);
        m_clientAuthority = authority;
    } else {
        // New trust (the CA pinned at registration) must not ride on the unverified connection.
        m_client->close();
        m_client->setTls(tls);
    }
    return {};
}

net::ClientRequest VehicleAgent::request(const QByteArray &target, const char *contentType, QByteArray body,
                                         bool withToken) const
{
    net::ClientRequest request;
    request.method = "POST";
    request.target = target;
    request.headers = {{"Content-Type", contentType},
                       {"Accept", omadm::mediatype::Request},
                       {omadm::header::DevId, m_tree.profile().devId.toUtf8()},
                       {omadm::header::Vin, m_tree.profile().vin.toUtf8()}};
    if (withToken && m_account)
        request.headers.append({omadm::header::Token, m_account->token.toLatin1()});
    request.body = std::move(body);
    return request;
}

void VehicleAgent::loadAccount()
{
    if (m_account)
        return;
    auto account = m_store.loadAccount();
    if (!account)
        qCWarning(lcAgent) << account.errorString();
    else if (account->has_value() && !(*account)->token.isEmpty())
        m_account = **account;
    if (m_account)
        m_tree.setAccount(*m_account);
}

void VehicleAgent::start(bool startNow)
{
    if (auto saved = m_store.saveProfile(m_tree.profile()); !saved)
        qCWarning(lcAgent) << saved.errorString();
    loadAccount();
    m_updates->resume();        // a job a restart interrupted continues (its alerts wait for a session)
    m_remoteCommands->resume(); // so does an async command accepted before the restart

    if (m_account) {
        m_tree.setAccount(*m_account);
        const QByteArray ca = QByteArray::fromBase64(m_account->caCertificateBase64.toLatin1());
        if (auto s = connectTo(m_account->srvUri, ca); !s)
            return fail(s.errorString());
        m_dmPath = QUrl(m_account->srvUri).path().toUtf8();
        setPhase(AgentPhase::Idle);
        openChannel();
        // Spread a fleet's sessions over the poll interval instead of starting them all at once;
        // reports waiting since the last run go out at once.
        const qint64 window = qMax<qint64>(1, pollInterval().count());
        scheduleSession(startNow || !m_outbox.isEmpty()
                            ? 0ms
                            : std::chrono::milliseconds(QRandomGenerator::global()->bounded(window)));
        return;
    }
    auto pinned = m_store.loadPinnedCa();
    const QByteArray ca = pinned && !pinned->isEmpty() ? *pinned : m_options.bootstrapCaPem;
    if (ca.isEmpty())
        qCWarning(lcAgent).noquote() << m_tree.profile().vin
                                     << ": no CA to verify the server before registration (trust on first use)";
    if (auto s = connectTo(m_options.serverUrl, ca); !s)
        return fail(s.errorString());
    registerNow();
}

void VehicleAgent::stop()
{
    m_timer->cancel();
    m_updates->stop();
    m_remoteCommands->stop();
    if (m_channel)
        m_channel->stop();
    m_client.reset(); // cancels what is in flight; no callback runs afterwards
    m_hgetClient.reset();
    setPhase(AgentPhase::Stopped);
}

void VehicleAgent::halt()
{
    fail(u"stopped dead by an injected crash"_s);
    stop();
}

void VehicleAgent::installBundle(const QString &path, std::function<void(int)> done)
{
    loadAccount(); // the trusted keys
    m_updates->resume();
    m_updates->installBundle(path, std::move(done));
}

void VehicleAgent::fail(const QString &error)
{
    m_counters.lastError = error;
    qCWarning(lcAgent).noquote() << m_tree.profile().vin << ":" << error;
}

void VehicleAgent::scheduleRegistration(std::chrono::milliseconds delay)
{
    m_timer->start(delay, [this] { registerNow(); });
}

void VehicleAgent::scheduleSession(std::chrono::milliseconds delay)
{
    m_timer->start(delay, [this] { openSession(m_pendingReason); });
}

void VehicleAgent::registerNow()
{
    if (m_phase == AgentPhase::Stopped)
        return;
    setPhase(AgentPhase::Registering);
    const VehicleProfile &profile = m_tree.profile();
    const QString proof = m_options.enrollmentKey.isEmpty()
                              ? QString()
                              : omadm::registrationProof(m_options.enrollmentKey, profile.vin, profile.devId);
    const QString nonce = QString::fromLatin1(crypto::randomBytes(16).toBase64());
    auto devInfo = omadm::DevInfo::fromJson(m_tree.devInfo(proof, nonce));
    if (!devInfo)
        return fail(devInfo.errorString());
    omadm::RegistrationRequest registration{omadm::canonicalMoid(omadm::MoKind::DevInfo) + u"//"_s, *devInfo};
    ++m_counters.requests;
    m_client->request(request("/dm/register", omadm::mediatype::Initiation, omadm::encode(registration), false),
                      [this](Result<net::ClientResponse> response) { onRegistrationAnswer(std::move(response)); });
}

void VehicleAgent::onRegistrationAnswer(Result<net::ClientResponse> response)
{
    if (!response) {
        ++m_consecutiveFailures;
        fail(u"registration: %1"_s.arg(response.errorString()));
        setPhase(AgentPhase::Unregistered);
        return scheduleRegistration(backoff());
    }
    const auto retry = std::chrono::milliseconds(qint64(m_options.registrationRetrySeconds) * 1000);
    switch (response->status) {
    case 200: {
        auto account = omadm::decodeRegistrationAnswer(response->body);
        if (!account) {
            fail(u"registration answer: %1"_s.arg(account.errorString()));
            return scheduleRegistration(backoff());
        }
        m_consecutiveFailures = 0;
        ++m_counters.registrations;
        m_account = *account;
        m_tree.setAccount(*account);
        if (auto saved = m_store.saveAccount(*account); !saved)
            fail(saved.errorString()); // keep running: the token is in memory
        const QByteArray ca = QByteArray::fromBase64(account->caCertificateBase64.toLatin1());
        if (auto s = connectTo(account->srvUri, ca); !s)
            return fail(s.errorString());
        m_dmPath = QUrl(account->srvUri).path().toUtf8();
        if (m_dmPath.isEmpty())
            m_dmPath = "/dm";
        setPhase(AgentPhase::Idle);
        openChannel();
        return openSession(omadm::SessionReason::BootstrapComplete);
    }
    case 202:
        setPhase(AgentPhase::Pending);
        return scheduleRegistration(jittered(retry));
    case 403:
        fail(describe(*response));
        setPhase(AgentPhase::Rejected);
        // An operator may still accept it; ask again, rarely.
        return scheduleRegistration(jittered(retry * 10));
    case 429:
    case 503:
        ++m_consecutiveFailures;
        setPhase(AgentPhase::Unregistered);
        return scheduleRegistration(jittered(retryAfter(*response, backoff())));
    default:
        ++m_consecutiveFailures;
        fail(u"registration: %1"_s.arg(describe(*response)));
        setPhase(AgentPhase::Unregistered);
        return scheduleRegistration(backoff());
    }
}

void VehicleAgent::requestSession(omadm::SessionReason reason, const QString &notificationId)
{
    if (m_phase != AgentPhase::Idle)
        return;
    m_pendingReason = reason;
    m_pendingNotificationId = notificationId;
    scheduleSession(0ms);
}

void VehicleAgent::openChannel()
{
    if (!m_options.notificationChannel || !m_account || m_account->notifyUri.isEmpty())
        return;
    if (!m_channel) {
        NotificationChannel::Callbacks callbacks;
        callbacks.notified = [this](const Notification &notification) { onNotification(notification); };
        callbacks.unauthorized = [this] { tokenRejected(u"notification channel: HTTP 401"_s); };
        callbacks.openChanged = [this](bool open) {
            if (m_observer)
                m_observer->agentChannelChanged(*this, open);
        };
        m_channel = std::make_unique<NotificationChannel>(m_lane, std::move(callbacks));
    }
    QList<std::pair<QByteArray, QByteArray>> headers{{omadm::header::Token, m_account->token.toLatin1()},
                                                     {omadm::header::Vin, m_tree.profile().vin.toUtf8()},
                                                     {omadm::header::DevId, m_tree.profile().devId.toUtf8()}};
    const QByteArray ca = QByteArray::fromBase64(m_account->caCertificateBase64.toLatin1());
    if (auto s = m_channel->start(m_account->notifyUri, ca, std::move(headers)); !s)
        fail(s.errorString()); // polling still works
}

void VehicleAgent::onNotification(const Notification &notification)
{
    ++m_counters.notifications;
    qCDebug(lcAgentSession).noquote() << m_tree.profile().vin << "notified" << notification.id << "while"
                                      << toString(m_phase);
    if (m_phase == AgentPhase::Idle) {
        requestSession(omadm::SessionReason::ServerInitiated, notification.id);
    } else if (m_phase == AgentPhase::InSession) {
        // What the server wants may not be in this session's package #2: one more session follows.
        m_pendingReason = omadm::SessionReason::ServerInitiated;
        m_pendingNotificationId = notification.id;
        m_sessionWanted = true;
    }
}

// The token is no longer valid (rotated, expired, revoked): forget it and register again.
void VehicleAgent::tokenRejected(const QString &why)
{
    if (m_phase == AgentPhase::Stopped)
        return;
    if (m_phase == AgentPhase::InSession)
        finishSession(false, why);
    if (m_channel)
        m_channel->stop();
    setPhase(AgentPhase::Unregistered);
    m_account.reset();
    if (auto s = m_store.forgetToken(); !s)
        fail(s.errorString());
    scheduleRegistration(jittered(5s));
}

void VehicleAgent::openSession(omadm::SessionReason reason)
{
    if (m_phase == AgentPhase::Stopped || !m_account)
        return;
    m_pendingReason = omadm::SessionReason::ClientInitiated;
    const QString notificationId = std::exchange(m_pendingNotificationId, QString());
    qCDebug(lcAgentSession).noquote() << m_tree.profile().vin << "opens a session" << int(reason) << notificationId;
    setPhase(AgentPhase::InSession);
    m_sessionStarted = std::chrono::steady_clock::now();
    m_roundTrips = 0;
    omadm::Package1 package;
    package.mos = m_tree.supportedMos();
    omadm::Alert alert;
    alert.type = alertTypeFor(reason);
    if (reason == omadm::SessionReason::BootstrapComplete)
        alert.data = QJsonObject{{u"ResultCode"_s, 200}};
    if (reason == omadm::SessionReason::ServerInitiated && !notificationId.isEmpty())
        alert.data = QJsonObject{{u"NotificationId"_s, notificationId}};
    package.alerts.append(alert);
    package.reason = reason;
    package.notificationId = notificationId;
    m_sessionAlertIds.clear();
    m_sessionWanted = false;
    for (const AlertOutbox::Entry &entry : m_outbox.entries()) {
        package.alerts.append(entry.alert);
        m_sessionAlertIds.append(entry.id);
    }
    ++m_counters.requests;
    m_client->request(request(m_dmPath, omadm::mediatype::Initiation, omadm::encode(package), true),
                      [this](Result<net::ClientResponse> response) { onPackage2(std::move(response)); });
}

void VehicleAgent::onPackage2(Result<net::ClientResponse> response)
{
    if (!response)
        return finishSession(false, response.errorString());
    switch (response->status) {
    case 200:
        break;
    case 401:
        return tokenRejected(describe(*response));
    case 403:
        finishSession(false, describe(*response));
        setPhase(AgentPhase::Rejected);
        return scheduleRegistration(
            jittered(std::chrono::milliseconds(qint64(m_options.registrationRetrySeconds) * 10000)));
    case 429:
    case 503:
        finishSession(false, describe(*response));
        return scheduleSession(jittered(retryAfter(*response, backoff())));
    default:
        return finishSession(false, describe(*response));
    }

    auto package = omadm::decodePackage2(response->body);
    if (!package)
        return finishSession(false, u"package #2: %1"_s.arg(package.errorString()));
    if (package->commands.isEmpty())
        return finishSession(false, u"package #2 without commands"_s);

    m_commands = package->commands;
    m_nextCommand = 0;
    m_answer = {};
    m_ended = false;
    runCommands();
}

// Strictly in order (PROTOCOL.md §4); HGET and a sync EXEC leave the loop and re-enter it when
// their result is in.
void VehicleAgent::runCommands()
{
    while (m_nextCommand < m_commands.size()) {
        const omadm::Command command = m_commands.at(m_nextCommand++);
        if (command.isEnd()) {
            m_ended = true;
            break;
        }
        const QString first = command.params.value(0);
        if (command.name == omadm::command::Get && !command.params.isEmpty()) {
            const MoTree::GetResult result = m_tree.get(first);
            m_answer.statuses.append({result.status, {first}});
            if (result.status == 200)
                m_answer.results.append(result.data);
        } else if (command.name == omadm::command::HGet && !command.params.isEmpty()) {
            return hget(command);
        } else if (command.name == omadm::command::Exec && !command.params.isEmpty()) {
            const auto uri = omadm::ClientUri::parse(first);
            if (!uri || uri->kind == omadm::MoKind::Unknown) {
                m_answer.statuses.append({int(omadm::StatusCode::NotFound), {first}});
            } else if (UpdateRunner::handles(*uri)) {
                const int status = m_updates->exec(*uri, [this, first](int sc) {
                    m_answer.statuses.append({sc, {first}});
                    runCommands();
                });
                if (status < 0)
                    return; // sync: the final result code arrives later
                m_answer.statuses.append({status, {first}});
            } else if (CommandRunner::handles(*uri)) {
                m_answer.statuses.append({m_remoteCommands->exec(*uri, first), {first}});
            } else {
                m_answer.statuses.append({int(omadm::StatusCode::OptionalFeatureNotSupported), {first}});
            }
        } else {
            // DELETE and the optional DM 2.0 commands are not supported.
            m_answer.statuses.append({int(omadm::StatusCode::OptionalFeatureNotSupported), command.params.mid(0, 1)});
        }
    }
    sendAnswer();
}

void VehicleAgent::sendAnswer()
{
    if (m_ended && m_answer.statuses.isEmpty())
        return finishSession(true, {});
    if (++m_roundTrips > MaxRoundTripsPerSession)
        return finishSession(false, u"session did not end after %1 packages"_s.arg(MaxRoundTripsPerSession));
    if (m_ended) {
        // Commands before END still ran; END means no package #3 follows (PROTOCOL.md §4).
        return finishSession(true, {});
    }
    if (m_remoteCommands->takeReplyDrop())
        return finishSession(false, u"package #3 dropped (injected fault: a lost reply)"_s);
    // Alerts queued since the package #1 (a sync EXEC's final report) ride along.
    for (const AlertOutbox::Entry &entry : m_outbox.entries()) {
        if (!m_sessionAlertIds.contains(entry.id)) {
            m_answer.alerts.append(entry.alert);
            m_sessionAlertIds.append(entry.id);
        }
    }
    ++m_counters.requests;
    m_client->request(request(m_dmPath, omadm::mediatype::Response, omadm::encode(m_answer), true),
                      [this](Result<net::ClientResponse> next) { onPackage2(std::move(next)); });
}

void VehicleAgent::hget(const omadm::Command &command)
{
    const QString node = command.params.value(1);
    const auto done = [this, node](int status) {
        m_answer.statuses.append({status, node.isEmpty() ? QStringList() : QStringList{node}});
        runCommands();
    };
    // Without a ClientURI the client would pick the place (omadm.md §1.2): not supported.
    if (node.isEmpty())
        return done(int(omadm::StatusCode::OptionalFeatureNotSupported));
    const auto uri = omadm::ClientUri::parse(node);
    const bool signingKeys = uri && uri->kind == omadm::MoKind::DmAcc && uri->path == u"Ext/SigningKeys";
    if (!uri || (!signingKeys && !MoTree::isWritable(*uri)))
        return done(int(omadm::StatusCode::NotFound)); // not fetched: there is nowhere to put it
    const QUrl url(command.params.first());
    auto client = clientFor(url);
    if (!client) {
        fail(u"HGET %1: %2"_s.arg(url.toString(), client.errorString()));
        return done(int(omadm::StatusCode::CommandFailed));
    }
    net::ClientRequest get;
    get.method = "GET";
    get.target = originForm(url);
    get.headers = authHeaders("application/vnd.oma.dm.request+json, application/json");
    ++m_counters.requests;
    (*client)->request(std::move(get), [this, uri = *uri, url, done](Result<net::ClientResponse> response) {
        if (!response || response->status != 200) {
            fail(u"HGET %1: %2"_s.arg(url.toString(), response ? describe(*response) : response.errorString()));
            return done(int(omadm::StatusCode::CommandFailed));
        }
        auto value = moValue(response->body, uri);
        if (!value) {
            fail(u"HGET %1: %2"_s.arg(url.toString(), value.errorString()));
            return done(int(omadm::StatusCode::CommandFailed));
        }
        done(applyMoValue(uri, *value));
    });
}

int VehicleAgent::applyMoValue(const omadm::ClientUri &uri, const QJsonValue &value)
{
    if (uri.kind == omadm::MoKind::DmAcc) {
        if (uri.path != u"Ext/SigningKeys" || !m_account)
            return int(omadm::StatusCode::NotFound);
        // A key rotation: the server sends the whole set of keys that sign update documents.
        QStringList keys;
        const QJsonArray array = value.isArray() ? value.toArray() : QJsonArray{value};
        for (const QJsonValue &key : array) {
            if (!key.isString() || !crypto::PublicKey::fromPem(key.toString().toUtf8())) {
                fail(u"HGET %1: not a PEM public key"_s.arg(uri.toString()));
                return int(omadm::StatusCode::CommandFailed);
            }
            keys.append(key.toString());
        }
        if (keys.isEmpty()) // never left without a key to check updates with
            return int(omadm::StatusCode::CommandFailed);
        m_account->signingKeys = keys;
        m_tree.setAccount(*m_account);
        if (auto s = m_store.saveAccount(*m_account); !s) {
            fail(s.errorString());
            return int(omadm::StatusCode::CommandFailed);
        }
        return int(omadm::StatusCode::Ok);
    }
    if (auto s = m_tree.setNode(uri, value); !s) {
        fail(s.errorString());
        return s.error().code == int(omadm::StatusCode::NotFound) ? int(omadm::StatusCode::NotFound)
                                                                  : int(omadm::StatusCode::CommandFailed);
    }
    return int(omadm::StatusCode::Ok);
}

Result<net::HttpsClient *> VehicleAgent::clientFor(const QUrl &url)
{
    if (!url.isValid() || url.scheme() != u"https" || url.host().isEmpty())
        return Error(u"not an https URL"_s);
    const QString authority = url.host() + u':' + QString::number(url.port(8443));
    if (m_client && authority == m_clientAuthority)
        return m_client.get(); // idle between package #2 and #3
    if (!m_hgetClient || authority != m_hgetAuthority) {
        auto client = createClient(url);
        if (!client)
            return client.error();
        m_hgetClient = std::move(client).value();
        m_hgetAuthority = authority;
    }
    return m_hgetClient.get();
}

Result<std::unique_ptr<net::HttpsClient>> VehicleAgent::createClient(const QUrl &url)
{
    if (!url.isValid() || url.scheme() != u"https" || url.host().isEmpty())
        return Error(u"not an https URL: %1"_s.arg(url.toString()));
    if (!m_account)
        return Error(u"no DM account: the console CA is not known yet"_s);
    net::TlsOptions tls;
    tls.caPem = QByteArray::fromBase64(m_account->caCertificateBase64.toLatin1());
    if (tls.caPem.isEmpty())
        return Error(u"no pinned console CA"_s);
    return m_lane.createClient(url.host(), quint16(url.port(8443)), tls);
}

QList<std::pair<QByteArray, QByteArray>> VehicleAgent::authHeaders(const QByteArray &accept) const
{
    QList<std::pair<QByteArray, QByteArray>> headers{{"Accept", accept},
                                                     {omadm::header::DevId, m_tree.profile().devId.toUtf8()},
                                                     {omadm::header::Vin, m_tree.profile().vin.toUtf8()}};
    if (m_account)
        headers.append({omadm::header::Token, m_account->token.toLatin1()});
    return headers;
}

QList<crypto::PublicKey> VehicleAgent::trustedKeys() const
{
    QList<crypto::PublicKey> keys;
    if (!m_account)
        return keys;
    for (const QString &pem : m_account->signingKeys) {
        if (auto key = crypto::PublicKey::fromPem(pem.toUtf8()); key)
            keys.append(*key);
    }
    return keys;
}

Status VehicleAgent::saveProfile()
{
    return m_store.saveProfile(m_tree.profile());
}

Status VehicleAgent::saveDtcs()
{
    return m_store.saveDtcs(m_tree.dtcs());
}

void VehicleAgent::alertsQueued()
{
    if (m_phase == AgentPhase::Idle)
        requestSession(omadm::SessionReason::ClientInitiated);
    else
        m_sessionWanted = true; // after the session in progress (or once registered)
}

QString VehicleAgent::updateDataDir()
{
    if (!m_options.dataDir.isEmpty())
        return m_options.dataDir;
    if (!m_scratchDir)
        m_scratchDir = std::make_unique<QTemporaryDir>();
    return m_scratchDir->path();
}

void VehicleAgent::finishSession(bool ok, const QString &error)
{
    const auto duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_sessionStarted);
    if (ok) {
        ++m_counters.sessions;
        m_consecutiveFailures = 0;
        // The server got every alert this session carried: they leave the outbox.
        if (auto s = m_outbox.acknowledge(m_sessionAlertIds); !s)
            fail(s.errorString());
    } else {
        ++m_counters.failedSessions;
        ++m_consecutiveFailures;
        fail(u"session: %1"_s.arg(error));
    }
    if (m_phase == AgentPhase::InSession)
        setPhase(AgentPhase::Idle);
    if (m_observer)
        m_observer->agentSessionFinished(*this, ok, duration);
    m_sessionAlertIds.clear();
    if (m_phase == AgentPhase::Idle) {
        const bool more = ok && (m_sessionWanted || !m_outbox.isEmpty());
        // A command's result that did not get through (a lost reply) is retried soon (5 s, 10 s,
        // ...), not at the next poll: the operator is waiting for it, and the command expires.
        const auto retry = m_remoteCommands->hasUnsentResults()
                               ? jittered(std::chrono::milliseconds(qMin<qint64>(
                                     5000LL << qBound(0, m_consecutiveFailures - 1, 12), MaxBackoff.count())))
                               : backoff();
        // With the notification channel up, the next session starts on the server's word: an idle
        // TLS connection held until then would cost both ends memory and a descriptor each.
        if (ok && !more && isChannelOpen())
            m_client->close();
        scheduleSession(more ? 0ms : ok ? jittered(pollInterval()) : retry);
    }
    m_sessionWanted = false;
}

} // namespace flotilla::agent

#include "agent/VehicleAgent.h"

#include "core/crypto/Hash.h"
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUrl>

Q_LOGGING_CATEGORY(lcAgent, "flotilla.agent")

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
{}

VehicleAgent::~VehicleAgent() = default;

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

void VehicleAgent::start(bool startNow)
{
    if (auto saved = m_store.saveProfile(m_tree.profile()); !saved)
        qCWarning(lcAgent) << saved.errorString();
    auto account = m_store.loadAccount();
    if (!account)
        qCWarning(lcAgent) << account.errorString();
    else if (account->has_value() && !(*account)->token.isEmpty())
        m_account = **account;

    if (m_account) {
        m_tree.setAccount(*m_account);
        const QByteArray ca = QByteArray::fromBase64(m_account->caCertificateBase64.toLatin1());
        if (auto s = connectTo(m_account->srvUri, ca); !s)
            return fail(s.errorString());
        m_dmPath = QUrl(m_account->srvUri).path().toUtf8();
        setPhase(AgentPhase::Idle);
        // Spread a fleet's sessions over the poll interval instead of starting them all at once.
        const qint64 window = qMax<qint64>(1, pollInterval().count());
        scheduleSession(startNow ? 0ms : std::chrono::milliseconds(QRandomGenerator::global()->bounded(window)));
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
    m_client.reset(); // cancels what is in flight; no callback runs afterwards
    setPhase(AgentPhase::Stopped);
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

void VehicleAgent::requestSession(omadm::SessionReason reason)
{
    if (m_phase != AgentPhase::Idle)
        return;
    m_pendingReason = reason;
    scheduleSession(0ms);
}

void VehicleAgent::openSession(omadm::SessionReason reason)
{
    if (m_phase == AgentPhase::Stopped || !m_account)
        return;
    m_pendingReason = omadm::SessionReason::ClientInitiated;
    setPhase(AgentPhase::InSession);
    m_sessionStarted = std::chrono::steady_clock::now();
    m_roundTrips = 0;
    omadm::Package1 package;
    package.mos = m_tree.supportedMos();
    omadm::Alert alert;
    alert.type = alertTypeFor(reason);
    if (reason == omadm::SessionReason::BootstrapComplete)
        alert.data = QJsonObject{{u"ResultCode"_s, 200}};
    package.alerts.append(alert);
    package.reason = reason;
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
        // The token is no longer valid (rotated, expired, revoked): register again.
        finishSession(false, describe(*response));
        setPhase(AgentPhase::Unregistered);
        m_account.reset();
        if (auto s = m_store.forgetToken(); !s)
            fail(s.errorString());
        return scheduleRegistration(jittered(5s));
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

    omadm::Package3 answer;
    bool ended = false;
    for (const omadm::Command &command : package->commands) {
        if (command.isEnd()) {
            ended = true;
            break;
        }
        if (command.name == omadm::command::Get && !command.params.isEmpty()) {
            const MoTree::GetResult result = m_tree.get(command.params.first());
            answer.statuses.append({result.status, {command.params.first()}});
            if (result.status == 200)
                answer.results.append(result.data);
        } else {
            // HGET/EXEC/DELETE arrive with the update pipeline and remote commands.
            answer.statuses.append({int(omadm::StatusCode::OptionalFeatureNotSupported), command.params.mid(0, 1)});
        }
    }
    if (ended && answer.statuses.isEmpty())
        return finishSession(true, {});
    if (++m_roundTrips > MaxRoundTripsPerSession)
        return finishSession(false, u"session did not end after %1 packages"_s.arg(MaxRoundTripsPerSession));
    if (ended) {
        // Commands before END still ran; END means no package #3 follows (PROTOCOL.md §4).
        return finishSession(true, {});
    }
    ++m_counters.requests;
    m_client->request(request(m_dmPath, omadm::mediatype::Response, omadm::encode(answer), true),
                      [this](Result<net::ClientResponse> next) { onPackage2(std::move(next)); });
}

void VehicleAgent::finishSession(bool ok, const QString &error)
{
    const auto duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_sessionStarted);
    if (ok) {
        ++m_counters.sessions;
        m_consecutiveFailures = 0;
    } else {
        ++m_counters.failedSessions;
        ++m_consecutiveFailures;
        fail(u"session: %1"_s.arg(error));
    }
    if (m_phase == AgentPhase::InSession)
        setPhase(AgentPhase::Idle);
    if (m_observer)
        m_observer->agentSessionFinished(*this, ok, duration);
    if (m_phase == AgentPhase::Idle)
        scheduleSession(ok ? jittered(pollInterval()) : backoff());
}

} // namespace flotilla::agent

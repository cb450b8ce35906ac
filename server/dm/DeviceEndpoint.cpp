#include "server/dm/DeviceEndpoint.h"

#include "core/crypto/Hash.h"
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "server/EngineContext.h"
#include "server/commands/CommandService.h"
#include "server/dm/NotifyHub.h"
#include "server/dm/RegistrationService.h"
#include "server/dm/SessionEngine.h"
#include "server/releases/BlobEndpoint.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/updates/UpdateEngine.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <mutex>

Q_LOGGING_CATEGORY(lcDevice, "flotilla.dm")

namespace flotilla::server::dm {

namespace {

constexpr int MaxDevIdChars = 128;
constexpr int MaxTokenChars = 256;
constexpr auto RetryAfterSeconds = "30";

QString reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 202:
        return QStringLiteral("Pending approval");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 406:
        return QStringLiteral("Not Acceptable");
    case 409:
        return QStringLiteral("Conflict");
    case 413:
        return QStringLiteral("Request Entity Too Large");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 416:
        return QStringLiteral("Range Not Satisfiable");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 431:
        return QStringLiteral("Request Header Fields Too Large");
    case 503:
        return QStringLiteral("Service Unavailable");
    default:
        return QStringLiteral("Error");
    }
}

// HTTP Accept semantics: no header accepts anything; otherwise a media range that matches the
// DM request type (exactly, application/*, or */*) with a non-zero q.
bool acceptsDmRequest(QByteArrayView accept)
{
    if (accept.trimmed().isEmpty())
        return true;
    for (const QByteArray &part : accept.toByteArray().split(',')) {
        const QList<QByteArray> pieces = part.split(';');
        const QByteArray range = pieces.first().trimmed().toLower();
        bool zeroQuality = false;
        for (qsizetype i = 1; i < pieces.size(); ++i) {
            const QByteArray param = pieces[i].trimmed().toLower();
            if (param.startsWith("q=") && param.mid(2).toDouble() <= 0.0)
                zeroQuality = true;
        }
        if (zeroQuality)
            continue;
        if (range == omadm::mediatype::Request || range == "application/*" || range == "*/*")
            return true;
    }
    return false;
}

// The media type of a Content-Type header, lower-cased, when its charset (if any) is UTF-8.
QByteArray mediaType(QByteArrayView contentType)
{
    const QList<QByteArray> pieces = contentType.toByteArray().split(';');
    for (qsizetype i = 1; i < pieces.size(); ++i) {
        const QByteArray param = pieces[i].trimmed().toLower();
        if (param.startsWith("charset=")) {
            QByteArray charset = param.mid(8);
            charset.replace('"', "");
            if (charset != "utf-8" && charset != "utf8")
                return {};
        }
    }
    return pieces.first().trimmed().toLower();
}

bool isPrintableAscii(QByteArrayView value)
{
    for (char c : value) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

// ISO 3779: 17 characters without I, O, Q. The 15-digit values of the source documents are
// tolerated (PROTOCOL.md §1). The check digit is not enforced: outside North America it is optional.
bool isValidVin(const QString &vin)
{
    static const QRegularExpression iso(QStringLiteral("^[A-HJ-NPR-Z0-9]{17}$"));
    static const QRegularExpression seed(QStringLiteral("^[0-9]{15}$"));
    return iso.match(vin).hasMatch() || seed.match(vin).hasMatch();
}

// Host for the URLs we hand back (SrvURI, NotifyURI): the configured public host, else the host the
// vehicle reached us by, when it looks like a host name or address literal.
QString hostForUrls(const http::Request &request, const ServerConfig &config)
{
    if (!config.publicHost.isEmpty())
        return config.publicHost;
    static const QRegularExpression hostPattern(
        QStringLiteral("^([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?$"));
    const QString host = QString::fromLatin1(request.headers.value("Host"));
    const auto match = hostPattern.match(host);
    if (!match.hasMatch())
        return QStringLiteral("localhost");
    return match.captured(1);
}

// NotifyHub's view of one accepted WebSocket.
class NotifyChannel final : public NotifyHub::Channel
{
public:
    explicit NotifyChannel(std::shared_ptr<http::WebSocketChannel> socket)
        : m_socket(std::move(socket))
    {}
    bool send(QByteArray text) override { return m_socket->sendText(std::move(text)); }
    void close(int code, const QString &reason) override { m_socket->close(code, reason); }

private:
    std::shared_ptr<http::WebSocketChannel> m_socket;
};

// A channel's hub ticket is known only once attach() returned, and the channel may close (on the
// connection's thread) before that: whichever comes second detaches.
class ChannelTicket final
{
public:
    // The ticket to detach at once (the channel already closed), or 0.
    quint64 attached(quint64 ticket)
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return ticket;
        m_ticket = ticket;
        return 0;
    }
    // The ticket to detach now, or 0 when attach() has not returned yet.
    quint64 closed()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        return m_ticket;
    }

private:
    std::mutex m_mutex;
    quint64 m_ticket = 0;
    bool m_closed = false;
};

} // namespace

DeviceEndpoint::DeviceEndpoint(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
    , m_registration(std::make_unique<RegistrationService>(m_context))
    , m_sessions(std::make_unique<SessionEngine>(m_context))
{}

DeviceEndpoint::~DeviceEndpoint() = default;

http::Response DeviceEndpoint::errorResponse(int status, const QString &description)
{
    omadm::ErrorBody body{status, description.isEmpty() ? reasonPhrase(status) : description};
    http::Response response = http::Response::json(status, omadm::encode(body));
    if (status == 429 || status == 503)
        response.headers.set("Retry-After", RetryAfterSeconds);
    return response;
}

http::Response DeviceEndpoint::transportError(int status, const QString &description) const
{
    return errorResponse(status, description);
}

http::Response DeviceEndpoint::toResponse(const Error &error) const
{
    if (error.code >= 400 && error.code < 600)
        return errorResponse(error.code, error.message);
    // Not a protocol error: the store failed. The vehicle retries later; nothing was acknowledged.
    qCWarning(lcDevice) << "internal error:" << error.message;
    return errorResponse(503, reasonPhrase(503));
}

void DeviceEndpoint::handle(http::Request request, http::Responder respond)
{
    const QByteArray path = request.path();
    const QByteArray &method = request.method;
    auto methodNotAllowed = [&](const char *allow) {
        http::Response response = errorResponse(405, reasonPhrase(405));
        response.headers.set("Allow", allow);
        respond(std::move(response));
    };

    if (path == "/healthz") {
        if (method != "GET" && method != "HEAD")
            return methodNotAllowed("GET, HEAD");
        http::Response response = http::Response::json(200, R"({"status":"ok"})");
        response.headOnly = method == "HEAD";
        return respond(std::move(response));
    }
    if (path == "/dm/register") {
        if (method != "POST")
            return methodNotAllowed("POST");
        return handleRegister(std::move(request), std::move(respond));
    }
    if (path == "/dm") {
        if (method != "POST")
            return methodNotAllowed("POST");
        return handleSession(std::move(request), std::move(respond));
    }
    if (path == "/dm/notify") {
        if (method != "GET")
            return methodNotAllowed("GET");
        // Authenticated first: what the route wants is no secret, but who may open it is decided here.
        auto vehicle = authenticateNotify(request);
        if (!vehicle)
            return respond(toResponse(vehicle.error()));
        http::Response response = errorResponse(426, QStringLiteral("WebSocket upgrade required"));
        response.headers.set("Upgrade", "websocket");
        return respond(std::move(response));
    }
    if (path.startsWith("/dm/mo/") || path.startsWith("/dm/blob/")) {
        if (method != "GET" && method != "HEAD")
            return methodNotAllowed("GET, HEAD");
        return handleAuthenticatedGet(request, respond);
    }
    respond(errorResponse(404, reasonPhrase(404)));
}

Result<DeviceHeaders> DeviceEndpoint::checkHeaders(const http::Request &request, bool registration) const
{
    DeviceHeaders headers;
    const QByteArray devId = request.headers.value(omadm::header::DevId).trimmed();
    if (devId.isEmpty())
        return protocolError(400, QStringLiteral("Missing OMADM-DevID header"));
    if (devId.size() > MaxDevIdChars || !isPrintableAscii(devId))
        return protocolError(400, QStringLiteral("Invalid OMADM-DevID header"));
    const QByteArray vin = request.headers.value(omadm::header::Vin).trimmed();
    if (vin.isEmpty())
        return protocolError(400, QStringLiteral("Missing VIN header"));
    headers.vin = QString::fromLatin1(vin).toUpper();
    if (!isPrintableAscii(vin) || !isValidVin(headers.vin))
        return protocolError(400, QStringLiteral("Invalid VIN header: 17 characters per ISO 3779 expected"));
    headers.devId = QString::fromLatin1(devId);
    headers.peerAddress = request.peerAddress;
    headers.clientCertificateSha256 = request.clientCertificateSha256;
    headers.host = hostForUrls(request, m_context->config);
    Q_UNUSED(registration)
    return headers;
}

Result<AuthenticatedVehicle> DeviceEndpoint::authenticate(const http::Request &request,
                                                          const DeviceHeaders &headers) const
{
    // Every refusal answers the same "Unauthorized": the reason goes to the log, not to the
    // caller, so that a token probe learns nothing (security.md T4).
    auto refuse = [&](const char *why) {
        qCInfo(lcDevice).noquote() << "401 for VIN" << headers.vin << "from" << headers.peerAddress << ":" << why;
        return protocolError(401, reasonPhrase(401));
    };
    const QByteArray token = request.headers.value(omadm::header::Token).trimmed();
    if (token.isEmpty())
        return refuse("no token");
    if (token.size() > MaxTokenChars || !isPrintableAscii(token))
        return refuse("malformed token");

    const QString hash = crypto::tokenHash(QString::fromLatin1(token));
    std::optional<TokenGrant> grant = m_context->authCache.find(hash);
    if (!grant) {
        const quint64 epoch = m_context->authCache.epoch();
        QSqlDatabase db = m_context->database->connection();
        auto found = store::TokenRepository(db).find(hash);
        if (!found)
            return Error(found.error().message); // store failure → 503
        if (!found->has_value())
            return refuse("unknown token");
        const store::TokenRecord &record = **found;
        if (record.revokedAtMs != 0)
            return refuse("revoked token");
        auto vehicle = store::VehicleRepository(db).findById(record.vehicleId);
        if (!vehicle)
            return Error(vehicle.error().message);
        if (!vehicle->has_value())
            return refuse("token of a vehicle that no longer exists");
        grant = TokenGrant{record.vehicleId,   (*vehicle)->vin,  record.devId, record.clientCertificateSha256,
                           record.expiresAtMs, (*vehicle)->state};
        m_context->authCache.insert(hash, *grant, epoch);
    }

    if (grant->expiresAtMs <= m_context->clock->nowMs())
        return refuse("expired token");
    // Both are always present except on /dm/notify, where they are checked when present.
    if (!headers.devId.isEmpty() && grant->devId != headers.devId)
        return refuse("token bound to another DevID");
    if (!headers.vin.isEmpty() && grant->vin != headers.vin)
        return refuse("token bound to another VIN");
    if (!grant->clientCertificateSha256.isEmpty() &&
        !crypto::constantTimeEquals(grant->clientCertificateSha256.toLatin1(),
                                    headers.clientCertificateSha256.toLatin1()))
        return refuse("token bound to a client certificate that was not presented");
    switch (grant->vehicleState) {
    case store::VehicleState::Rejected:
    case store::VehicleState::Blocked:
    case store::VehicleState::Wiped:
        return protocolError(403, QStringLiteral("Vehicle %1 is %2").arg(headers.vin, toString(grant->vehicleState)));
    case store::VehicleState::Pending:
    case store::VehicleState::Accepted:
        break;
    }
    return AuthenticatedVehicle{grant->vehicleId, grant->vin, grant->devId};
}

void DeviceEndpoint::handleRegister(http::Request request, http::Responder respond)
{
    if (!acceptsDmRequest(request.headers.value("Accept")))
        return respond(errorResponse(406, reasonPhrase(406)));
    if (mediaType(request.headers.value("Content-Type")) != omadm::mediatype::Initiation)
        return respond(errorResponse(415, reasonPhrase(415)));
    auto headers = checkHeaders(request, true);
    if (!headers)
        return respond(toResponse(headers.error()));

    auto decoded = omadm::decodeRegistrationRequest(request.body);
    if (!decoded)
        return respond(errorResponse(400, decoded.errorString()));
    const auto clientUri = omadm::ClientUri::parse(decoded->clientUri);
    if (!clientUri || clientUri->kind != omadm::MoKind::DevInfo)
        return respond(errorResponse(400, QStringLiteral("ClientURI must name the DevInfo MO")));
    const omadm::DevInfo &devInfo = decoded->devInfo;
    if (devInfo.devId != headers->devId)
        return respond(errorResponse(400, QStringLiteral("OMADM-DevID header and DevInfo/DevID disagree")));
    if (devInfo.vin.toUpper() != headers->vin)
        return respond(errorResponse(400, QStringLiteral("VIN header and DevInfo/Ext/VIN disagree")));

    RegistrationInput input;
    input.headers = *headers;
    input.devInfo = devInfo;
    input.devInfoJson = devInfo.toJson();
    if (!devInfo.nonce.isEmpty()) {
        const auto nonce =
            QByteArray::fromBase64Encoding(devInfo.nonce.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!nonce || nonce.decoded.size() < 16)
            return respond(errorResponse(400, QStringLiteral("Nonce must be base64 of at least 16 bytes")));
        input.nonce = devInfo.nonce;
    }
    if (devInfo.encryptedVin.isEmpty()) {
        input.proof = store::ProofStatus::Missing;
    } else {
        const QString expected = omadm::registrationProof(m_context->enrollmentKey(), devInfo.vin, devInfo.devId);
        input.proof = crypto::constantTimeEquals(expected.toLatin1(), devInfo.encryptedVin.trimmed().toLatin1())
                          ? store::ProofStatus::Valid
                          : store::ProofStatus::Invalid;
    }

    m_registration->registerVehicle(std::move(input), [this, respond](Result<RegistrationOutcome> outcome) {
        if (!outcome)
            return respond(toResponse(outcome.error()));
        switch (outcome->kind) {
        case RegistrationOutcome::Kind::Issued:
            return respond(http::Response::json(200, omadm::encode(outcome->account), omadm::mediatype::Request));
        case RegistrationOutcome::Kind::Pending:
            return respond(errorResponse(202, reasonPhrase(202)));
        case RegistrationOutcome::Kind::Refused:
            return respond(errorResponse(403, outcome->description));
        }
    });
}

void DeviceEndpoint::handleSession(http::Request request, http::Responder respond)
{
    if (!acceptsDmRequest(request.headers.value("Accept")))
        return respond(errorResponse(406, reasonPhrase(406)));
    const QByteArray type = mediaType(request.headers.value("Content-Type"));
    if (type != omadm::mediatype::Initiation && type != omadm::mediatype::Response)
        return respond(errorResponse(415, reasonPhrase(415)));
    auto headers = checkHeaders(request, false);
    if (!headers)
        return respond(toResponse(headers.error()));
    auto vehicle = authenticate(request, *headers);
    if (!vehicle)
        return respond(toResponse(vehicle.error()));

    auto package = omadm::decodeClientPackage(request.body);
    if (!package)
        return respond(errorResponse(400, package.errorString()));
    // initiation+json is tolerated for package #3 (the seed uses it); response+json always means #3.
    if (type == omadm::mediatype::Response && package->kind != omadm::PackageKind::Response)
        return respond(errorResponse(400, QStringLiteral("Package #3 requires Status")));

    auto answer = [this, respond](Result<omadm::Package2> reply) {
        if (!reply)
            return respond(toResponse(reply.error()));
        respond(http::Response::json(200, omadm::encode(*reply), omadm::mediatype::Request));
    };
    if (package->kind == omadm::PackageKind::Initiation)
        m_sessions->start(*vehicle, *headers, std::move(package->initiation), std::move(answer));
    else
        m_sessions->continueSession(*vehicle, *headers, std::move(package->response), std::move(answer));
}

void DeviceEndpoint::handleAuthenticatedGet(const http::Request &request, const http::Responder &respond)
{
    auto headers = checkHeaders(request, false);
    if (!headers)
        return respond(toResponse(headers.error()));
    auto vehicle = authenticate(request, *headers);
    if (!vehicle)
        return respond(toResponse(vehicle.error()));
    const QByteArray path = request.path();
    commands::CommandService *commands = m_context->commands.get();
    if (commands && path.startsWith("/dm/mo/command/")) {
        // A remote command's Args (docs/protocol-notes.md "Remote commands"): this vehicle's own
        // delivered command only; 410 once it expired.
        auto data = commands->moData(vehicle->vehicleId, QString::fromUtf8(path.mid(7)));
        if (!data)
            return respond(toResponse(data.error()));
        http::Response response = http::Response::json(200, QJsonDocument(*data).toJson(QJsonDocument::Compact));
        response.headOnly = request.method == "HEAD";
        return respond(std::move(response));
    }
    updates::UpdateEngine *updates = m_context->updates.get();
    if (updates && path.startsWith("/dm/mo/")) {
        // HGET data source (PROTOCOL.md §6.2): MO data for this vehicle only.
        auto data = updates->moData(vehicle->vehicleId, QString::fromUtf8(path.mid(7)), headers->host);
        if (!data)
            return respond(toResponse(data.error()));
        http::Response response = http::Response::json(200, QJsonDocument(*data).toJson(QJsonDocument::Compact));
        response.headOnly = request.method == "HEAD";
        return respond(std::move(response));
    }
    if (updates && m_context->blobs && path.startsWith("/dm/blob/")) {
        const QString sha256 = QString::fromLatin1(path.mid(9));
        // A vehicle fetches the blobs of its own job only: instructions carry other vehicles'
        // identities, and guessing a hash must not reveal anything (security.md T19).
        if (!updates->mayFetchBlob(vehicle->vehicleId, sha256))
            return respond(errorResponse(404, reasonPhrase(404)));
        const qint64 vehicleId = vehicle->vehicleId;
        return respond(releases::BlobEndpoint(*m_context->blobs)
                           .serve(request, sha256, [updates, vehicleId, sha256](qint64 bytes, bool) {
                               updates->recordServed(vehicleId, sha256, bytes);
                           }));
    }
    respond(errorResponse(404, reasonPhrase(404)));
}

void DeviceEndpoint::upgrade(http::Request request, http::UpgradeResponder respond)
{
    if (request.path() != "/dm/notify" || request.method != "GET")
        return http::Handler::upgrade(std::move(request), std::move(respond)); // answered as plain HTTP
    const quint64 epoch = m_context->authCache.epoch();
    auto vehicle = authenticateNotify(request);
    if (!vehicle)
        return respond.refuse(toResponse(vehicle.error()));
    openNotifyChannel(*vehicle, request.peerAddress, respond);
    // A block or wipe that committed while this channel was being opened closed the channels it
    // found, perhaps before this one was attached: when any grant was forgotten meanwhile, check again.
    if (m_context->authCache.epoch() != epoch && m_context->notifyHub) {
        auto again = authenticateNotify(request);
        if (!again && again.error().code == 403) {
            auto now = store::VehicleRepository(m_context->database->connection()).findById(vehicle->vehicleId);
            const QString state = now && now->has_value() ? toString((*now)->state) : QStringLiteral("blocked");
            m_context->notifyHub->disconnect(vehicle->vehicleId, NotifyHub::CloseRevoked, state);
        }
    }
}

// The token decides; VIN and OMADM-DevID are optional here, and must match it when present.
Result<AuthenticatedVehicle> DeviceEndpoint::authenticateNotify(const http::Request &request) const
{
    DeviceHeaders headers;
    const QByteArray devId = request.headers.value(omadm::header::DevId).trimmed();
    if (devId.size() > MaxDevIdChars || !isPrintableAscii(devId))
        return protocolError(400, QStringLiteral("Invalid OMADM-DevID header"));
    const QByteArray vin = request.headers.value(omadm::header::Vin).trimmed();
    headers.vin = QString::fromLatin1(vin).toUpper();
    if (!vin.isEmpty() && (!isPrintableAscii(vin) || !isValidVin(headers.vin)))
        return protocolError(400, QStringLiteral("Invalid VIN header: 17 characters per ISO 3779 expected"));
    headers.devId = QString::fromLatin1(devId);
    headers.peerAddress = request.peerAddress;
    headers.clientCertificateSha256 = request.clientCertificateSha256;
    return authenticate(request, headers);
}

void DeviceEndpoint::openNotifyChannel(const AuthenticatedVehicle &vehicle, const QString &peer,
                                       const http::UpgradeResponder &respond)
{
    NotifyHub *hub = m_context->notifyHub.get();
    if (!hub)
        return respond.refuse(errorResponse(503, reasonPhrase(503)));
    const qint64 vehicleId = vehicle.vehicleId;
    auto ticket = std::make_shared<ChannelTicket>();
    http::WebSocketHandlers handlers; // no onText: the vehicle has nothing to say on this channel (§7)
    handlers.onClosed = [context = m_context, vehicleId, vin = vehicle.vin, ticket](int code, const QString &reason) {
        qCDebug(lcDevice).noquote() << "notification channel of" << vin << "closed:" << code << reason;
        if (const quint64 attached = ticket->closed())
            context->notifyHub->detach(vehicleId, attached);
    };
    std::shared_ptr<http::WebSocketChannel> socket = respond.accept(std::move(handlers));
    if (!socket)
        return;
    // Replaces (closes with 4000) the vehicle's previous channel, if any.
    const quint64 attached = hub->attach(vehicleId, vehicle.vin, std::make_shared<NotifyChannel>(std::move(socket)));
    if (const quint64 late = ticket->attached(attached)) {
        hub->detach(vehicleId, late);
        return;
    }
    qCDebug(lcDevice).noquote() << "notification channel of" << vehicle.vin << "open from" << peer;
    // Work queued while the vehicle had no channel need not wait for its next poll.
    if (m_context->commands && m_context->commands->hasWork(vehicleId))
        hub->notify(vehicleId, QStringLiteral("command"), {omadm::canonicalMoid(omadm::MoKind::VehicleControl)});
    else if (m_context->updates && m_context->updates->hasWork(vehicleId))
        hub->notify(vehicleId, QStringLiteral("update"), {omadm::canonicalMoid(omadm::MoKind::Fumo)});
}

} // namespace flotilla::server::dm

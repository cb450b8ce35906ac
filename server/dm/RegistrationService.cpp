#include "server/dm/RegistrationService.h"

#include "core/crypto/Certificates.h"
#include "core/crypto/Hash.h"
#include "server/EngineContext.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/dm/Inventory.h"
#include "server/dm/NotifyHub.h"
#include "server/store/Database.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "server/store/Transaction.h"
#include "server/store/UpdateRepositories.h"
#include "server/updates/SigningKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRegistration, "flotilla.registration")

using namespace Qt::StringLiterals;

namespace flotilla::server::dm {

namespace {

QString bracketed(const QString &host)
{
    return host.contains(u':') && !host.startsWith(u'[') ? u'[' + host + u']' : host;
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

omadm::DmAccount makeAccount(const EngineContext &context, const QString &host, const QString &token,
                             qint64 expiresAtMs)
{
    const QString authority = bracketed(host) + u':' + QString::number(context.devicePort.load());
    omadm::DmAccount account;
    account.srvId = context.serverId;
    account.srvUri = u"https://"_s + authority + u"/dm"_s;
    account.caCertificateBase64 = QString::fromLatin1(context.caCertificatePem.toBase64());
    account.token = token;
    account.tokenExpiresUtc = isoUtc(expiresAtMs);
    account.pollSeconds = context.config.pollSeconds;
    account.notifyUri = u"wss://"_s + authority + u"/dm/notify"_s;
    account.signingKeys = context.signingKeys ? context.signingKeys->trustedPublicKeysPem()
                                              : QStringList{QString::fromLatin1(context.signingPublicKeyPem)};
    return account;
}

store::EventRecord makeEvent(qint64 atMs, QStringView kind, const store::VehicleRecord &vehicle, const QString &actor,
                             const QString &summary, QJsonObject data = {})
{
    store::EventRecord event;
    event.atMs = atMs;
    event.kind = kind.toString();
    event.vehicleId = vehicle.id;
    event.vin = vehicle.vin;
    event.actor = actor;
    event.summary = summary;
    event.data = std::move(data);
    return event;
}

} // namespace

RegistrationService::RegistrationService(std::shared_ptr<EngineContext> context)
    : m_context(std::move(context))
{}

void RegistrationService::registerVehicle(RegistrationInput input,
                                          std::function<void(Result<RegistrationOutcome>)> done)
{
    auto context = m_context;
    auto outcome = std::make_shared<RegistrationOutcome>();
    auto lastEventId = std::make_shared<qint64>(0);
    auto vehicleId = std::make_shared<qint64>(0);
    const QString vin = input.headers.vin;

    auto job = [context, input = std::move(input), outcome, lastEventId, vehicleId](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::VehicleRepository vehicles(db);
        store::RegistrationRepository registrations(db);
        store::TokenRepository tokens(db);
        store::EventLog log(db);
        const QString &devId = input.headers.devId;
        auto append = [&](const store::EventRecord &event) -> Status {
            auto id = log.append(event);
            if (!id)
                return id.error();
            *lastEventId = *id;
            return {};
        };

        auto existing = vehicles.findByVin(input.headers.vin);
        if (!existing)
            return existing.error();
        store::VehicleRecord vehicle;
        if (existing->has_value()) {
            vehicle = **existing;
            if (vehicle.state == store::VehicleState::Rejected || vehicle.state == store::VehicleState::Blocked ||
                vehicle.state == store::VehicleState::Wiped) {
                // A refusal changes nothing in the store (issue 2); the log keeps the attempt.
                outcome->kind = RegistrationOutcome::Kind::Refused;
                outcome->description = u"Vehicle %1 is %2"_s.arg(vehicle.vin, toString(vehicle.state));
                qCInfo(lcRegistration).noquote()
                    << "403 registration of" << vehicle.vin << "from" << input.headers.peerAddress << ": vehicle is"
                    << toString(vehicle.state);
                return {};
            }
            if (!input.nonce.isEmpty()) {
                auto used = registrations.nonceUsed(vehicle.id, input.nonce);
                if (!used)
                    return used.error();
                if (*used)
                    return protocolError(400, u"Nonce already used"_s);
            }
        } else {
            vehicle.vin = input.headers.vin;
            vehicle.state =
                input.proof == store::ProofStatus::Valid ? store::VehicleState::Accepted : store::VehicleState::Pending;
            vehicle.registeredAtMs = now;
            vehicle.updatedAtMs = now;
            applyDevInfo(vehicle, input.devInfo);
            auto id = vehicles.insert(vehicle);
            if (!id)
                return id.error();
            vehicle.id = *id;
        }

        store::RegistrationRecord request;
        request.vehicleId = vehicle.id;
        request.devId = devId;
        request.proof = input.proof;
        request.nonce = input.nonce;
        request.peerAddress = input.headers.peerAddress;
        request.devInfo = input.devInfoJson;
        request.csr = input.devInfo.csr;
        request.requestedAtMs = now;

        QString decidedBy;
        if (input.proof == store::ProofStatus::Valid) {
            request.state = store::RegistrationState::Issued;
            request.decidedAtMs = now;
            request.decidedBy = decidedBy = u"enrollment key"_s;
            auto id = registrations.insert(request);
            if (!id)
                return id.error();
        } else {
            auto latest = registrations.findLatestForVehicle(vehicle.id);
            if (!latest)
                return latest.error();
            const bool sameDevice = latest->has_value() && (*latest)->devId == devId;
            if (sameDevice && (*latest)->state == store::RegistrationState::Accepted) {
                // The operator accepted this request: this registration consumes the acceptance.
                decidedBy = (*latest)->decidedBy;
                if (auto s = registrations.markIssued((*latest)->id, now); !s)
                    return s;
            } else {
                outcome->kind = RegistrationOutcome::Kind::Pending;
                // A vehicle repeats registration while it waits; one open request is enough.
                if (sameDevice && (*latest)->state == store::RegistrationState::Pending)
                    return {};
                request.state = store::RegistrationState::Pending;
                auto id = registrations.insert(request);
                if (!id)
                    return id.error();
                const QString why = input.proof == store::ProofStatus::Missing ? u"no enrollment proof"_s
                                                                               : u"invalid enrollment proof"_s;
                return append(makeEvent(now, event::RegistrationPending, vehicle, u"vehicle"_s,
                                        u"Registration waiting for an operator (%1)"_s.arg(why),
                                        {{u"devId"_s, devId}, {u"peer"_s, input.headers.peerAddress}}));
            }
        }

        // Issue: refresh the inventory from the proven DevInfo, rotate the token.
        *vehicleId = vehicle.id;
        applyDevInfo(vehicle, input.devInfo);
        if (vehicle.state == store::VehicleState::Pending)
            vehicle.state = store::VehicleState::Accepted;
        vehicle.updatedAtMs = now;
        if (auto s = vehicles.update(vehicle); !s)
            return s;
        if (auto s = tokens.revokeAllForVehicle(vehicle.id, now); !s)
            return s;

        const QString token = crypto::newToken();
        store::TokenRecord record;
        record.hash = crypto::tokenHash(token);
        record.vehicleId = vehicle.id;
        record.devId = devId;
        record.issuedAtMs = now;
        record.expiresAtMs = now + qint64(context->config.tokenLifetimeDays) * 24 * 3600 * 1000;
        outcome->account = makeAccount(*context, input.headers.host, token, record.expiresAtMs);
        if (!input.devInfo.csr.isEmpty()) {
            auto certificate =
                crypto::issueClientCertificate(context->caKey, context->caCertificatePem, input.devInfo.csr.toLatin1(),
                                               vehicle.vin, context->config.tokenLifetimeDays);
            if (!certificate)
                return protocolError(400, u"CSR refused: %1"_s.arg(certificate.errorString()));
            auto fingerprint = crypto::certificateFingerprint(*certificate);
            if (!fingerprint)
                return fingerprint.error();
            record.clientCertificateSha256 = *fingerprint;
            outcome->account.clientCertificate = QString::fromLatin1(*certificate);
        }
        if (auto s = tokens.insert(record); !s)
            return s;
        if (context->signingKeys) {
            // The account carries every key that signs instructions now: record that this vehicle has them.
            store::SigningKeyRepository keys(db);
            for (const QString &keyId : context->signingKeys->trustedKeyIds()) {
                if (auto s = keys.recordDelivered(vehicle.id, keyId, now); !s)
                    return s;
            }
        }
        outcome->kind = RegistrationOutcome::Kind::Issued;
        return append(makeEvent(now, event::TokenIssued, vehicle, u"vehicle"_s,
                                u"Registered (%1); token issued"_s.arg(decidedBy),
                                {{u"devId"_s, devId},
                                 {u"peer"_s, input.headers.peerAddress},
                                 {u"clientCertificate"_s, !record.clientCertificateSha256.isEmpty()},
                                 {u"expires"_s, isoUtc(record.expiresAtMs)}}));
    };

    context->writer->submit(std::move(job),
                            [context, outcome, lastEventId, vehicleId, vin, done = std::move(done)](Status status) {
                                if (!status)
                                    return done(status.error());
                                // Committed: the old token must stop working before the vehicle hears of the new one.
                                if (*vehicleId)
                                    context->authCache.forgetVehicle(*vehicleId);
                                Q_EMIT context->eventBus->vehiclesChanged({vin});
                                Q_EMIT context->eventBus->registrationsChanged();
                                if (*lastEventId)
                                    Q_EMIT context->eventBus->eventsAppended(*lastEventId);
                                done(*outcome);
                            });
}

Result<store::RegistrationRecord> RegistrationService::accept(const QString &vin, const QString &actor)
{
    // A rejected request may be accepted after all (the operator changed their mind).
    return decide(vin, actor, {}, store::RegistrationState::Accepted);
}

Result<store::RegistrationRecord> RegistrationService::reject(const QString &vin, const QString &actor,
                                                              const QString &reason)
{
    return decide(vin, actor, reason, store::RegistrationState::Rejected);
}

Result<store::RegistrationRecord> RegistrationService::decide(const QString &vin, const QString &actor,
                                                              const QString &reason, store::RegistrationState decision)
{
    const bool accepting = decision == store::RegistrationState::Accepted;
    auto decided = std::make_shared<store::RegistrationRecord>();
    qint64 lastEventId = 0;
    auto context = m_context;
    Status status = context->writer->run([&](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::VehicleRepository vehicles(db);
        store::RegistrationRepository registrations(db);
        auto vehicle = vehicles.findByVin(vin);
        if (!vehicle)
            return vehicle.error();
        if (!vehicle->has_value())
            return Error(u"No vehicle %1"_s.arg(vin), 404);
        auto latest = registrations.findLatestForVehicle((*vehicle)->id);
        if (!latest)
            return latest.error();
        // Either decision may revise the other one as long as no token was issued for the request.
        const auto opposite = accepting ? store::RegistrationState::Rejected : store::RegistrationState::Accepted;
        if (!latest->has_value() ||
            ((*latest)->state != store::RegistrationState::Pending && (*latest)->state != opposite))
            return Error(u"No registration of %1 is waiting for a decision"_s.arg(vin), 409);
        if (auto s = registrations.decide((*latest)->id, decision, actor, reason, now); !s)
            return s;

        // Accepting admits a vehicle that was pending or rejected. Rejecting a request of a vehicle
        // that is already registered does not lock the real vehicle out (the request may come from
        // an impostor): only a vehicle never accepted becomes rejected.
        const store::VehicleRecord &record = **vehicle;
        const bool changeVehicle =
            accepting ? (record.state == store::VehicleState::Pending || record.state == store::VehicleState::Rejected)
                      : record.state == store::VehicleState::Pending;
        if (changeVehicle) {
            const auto state = accepting ? store::VehicleState::Accepted : store::VehicleState::Rejected;
            if (auto s = vehicles.setState(record.id, state, now); !s)
                return s;
        }
        *decided = **latest;
        decided->state = decision;
        decided->decidedAtMs = now;
        decided->decidedBy = actor;
        decided->reason = reason;
        QString summary =
            accepting ? u"Registration accepted by %1"_s.arg(actor) : u"Registration rejected by %1"_s.arg(actor);
        if (!reason.isEmpty())
            summary += u": "_s + reason;
        auto id = store::EventLog(db).append(
            makeEvent(now, accepting ? event::RegistrationAccepted : event::RegistrationRejected, record, actor,
                      summary, {{u"devId"_s, decided->devId}, {u"reason"_s, reason}}));
        if (!id)
            return id.error();
        lastEventId = *id;
        return {};
    });
    if (!status)
        return status.error();
    context->authCache.forgetVehicle(decided->vehicleId); // its state may have changed
    Q_EMIT context->eventBus->vehiclesChanged({vin});
    Q_EMIT context->eventBus->registrationsChanged();
    Q_EMIT context->eventBus->eventsAppended(lastEventId);
    return *decided;
}

Result<store::VehicleRecord> RegistrationService::block(const QString &vin, const campaigns::Actor &actor,
                                                        const QString &reason)
{
    return setBlocked(vin, actor, reason, true);
}

Result<store::VehicleRecord> RegistrationService::unblock(const QString &vin, const campaigns::Actor &actor,
                                                          const QString &reason)
{
    return setBlocked(vin, actor, reason, false);
}

void RegistrationService::revokeAdmission(EngineContext &context, qint64 vehicleId, const QString &reason)
{
    // Forget first: a channel opened after this point authenticates against the store's new state.
    context.authCache.forgetVehicle(vehicleId);
    if (context.notifyHub && context.notifyHub->disconnect(vehicleId, NotifyHub::CloseRevoked, reason))
        qCInfo(lcRegistration).noquote() << "notification channel of vehicle" << vehicleId << "closed:" << reason;
}

Result<store::VehicleRecord> RegistrationService::setBlocked(const QString &vin, const campaigns::Actor &actor,
                                                             const QString &reason, bool blocked)
{
    if (!campaigns::allows(actor.role, campaigns::Permission::ManageVehicles))
        return Error(u"%1 a vehicle needs the manage-vehicles permission (engineer or admin); %2 is %3"_s.arg(
                         blocked ? u"Blocking"_s : u"Unblocking"_s, actor.name, campaigns::toString(actor.role)),
                     403);
    const QString why = reason.trimmed();
    if (blocked && why.isEmpty())
        return Error(u"A reason is required to block a vehicle (it is kept in the event log)"_s, 422);
    if (why.size() > MaxReasonLength)
        return Error(u"The reason is too long (at most %1 characters)"_s.arg(MaxReasonLength), 422);

    const store::VehicleState from = blocked ? store::VehicleState::Accepted : store::VehicleState::Blocked;
    const store::VehicleState to = blocked ? store::VehicleState::Blocked : store::VehicleState::Accepted;
    store::VehicleRecord changed;
    qint64 lastEventId = 0;
    auto context = m_context;
    Status status = context->writer->run([&](QSqlDatabase &db) -> Status {
        const qint64 now = context->clock->nowMs();
        store::VehicleRepository vehicles(db);
        auto vehicle = vehicles.findByVin(vin);
        if (!vehicle)
            return vehicle.error();
        if (!vehicle->has_value())
            return Error(u"No vehicle %1"_s.arg(vin), 404);
        changed = **vehicle;
        // Only these two edges (DESIGN.md): a pending vehicle is rejected instead, and a wiped one
        // stays wiped.
        if (changed.state != from)
            return Error(u"Vehicle %1 is %2; only %3 vehicles can be %4"_s.arg(
                             vin, toString(changed.state), toString(from), blocked ? u"blocked"_s : u"unblocked"_s),
                         409);
        if (auto s = vehicles.setState(changed.id, to, now); !s)
            return s;
        changed.state = to;
        changed.updatedAtMs = now;
        QString summary = blocked ? u"Blocked by %1"_s.arg(actor.name) : u"Unblocked by %1"_s.arg(actor.name);
        if (!why.isEmpty())
            summary += u": "_s + why;
        auto id = store::EventLog(db).append(makeEvent(now, blocked ? event::VehicleBlocked : event::VehicleUnblocked,
                                                       changed, actor.name, summary,
                                                       {{u"reason"_s, why}, {u"previousState"_s, toString(from)}}));
        if (!id)
            return id.error();
        lastEventId = *id;
        return {};
    });
    if (!status)
        return status.error();
    if (blocked)
        revokeAdmission(*context, changed.id, u"blocked"_s);
    else
        context->authCache.forgetVehicle(changed.id); // its cached grants still say blocked
    qCInfo(lcRegistration).noquote() << vin << (blocked ? "blocked" : "unblocked") << "by" << actor.name;
    Q_EMIT context->eventBus->vehiclesChanged({vin});
    Q_EMIT context->eventBus->eventsAppended(lastEventId);
    return changed;
}

} // namespace flotilla::server::dm

#pragma once

#include <QStringView>

// Kinds of rows in the append-only event log (store::EventLog). Stable strings: scripts filter on them.
namespace flotilla::server::event {
inline constexpr QStringView RegistrationPending = u"registration.pending";
inline constexpr QStringView RegistrationAccepted = u"registration.accepted";
inline constexpr QStringView RegistrationRejected = u"registration.rejected";
inline constexpr QStringView TokenIssued = u"token.issued";
inline constexpr QStringView VehicleBootstrapped = u"vehicle.bootstrapped";
inline constexpr QStringView DevInfoChanged = u"devinfo.changed";
// An operator blocked or unblocked an accepted vehicle (actor, data.reason); a vehicle that reported a
// successful LAWMO Wipe is wiped (actor: the operator who sent the command, data.command).
inline constexpr QStringView VehicleBlocked = u"vehicle.blocked";
inline constexpr QStringView VehicleUnblocked = u"vehicle.unblocked";
inline constexpr QStringView VehicleWiped = u"vehicle.wiped";
inline constexpr QStringView AlertReceived = u"alert.received";
inline constexpr QStringView SessionAbandoned = u"session.abandoned";
inline constexpr QStringView EnrollmentKeyRotated = u"enrollment-key.rotated";
inline constexpr QStringView ServerStarted = u"server.started";
inline constexpr QStringView ReleaseImported = u"release.imported";
// Update jobs log "update.<state>" (update.queued when assigned, update.succeeded, ...), one row
// per state change, with the job id, release and result code in the data.
inline constexpr QStringView UpdatePrefix = u"update.";
inline constexpr QStringView SigningKeyRotated = u"signing-key.rotated";
inline constexpr QStringView SigningKeyPromoted = u"signing-key.promoted";
// Campaigns log "campaign.<action>" (campaign.create, campaign.approve, campaign.halt, ...) with the
// operator (or "system") as actor, and campaign.wave-started when the engine opens the next wave.
inline constexpr QStringView CampaignPrefix = u"campaign.";
inline constexpr QStringView CampaignWaveStarted = u"campaign.wave-started";
// Remote commands log "command.<state>" (command.queued when an operator sends one, command.sent at
// each delivery, command.succeeded, command.refused, ...) with the operator, "vehicle" or "system"
// as actor and the command id, operation, result code and reason in the data.
inline constexpr QStringView CommandPrefix = u"command.";
// A reminder to a vehicle whose owner has not answered the update prompt (data: job, count).
inline constexpr QStringView CampaignConsentReminder = u"campaign.consent-reminder";
} // namespace flotilla::server::event

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
inline constexpr QStringView AlertReceived = u"alert.received";
inline constexpr QStringView SessionAbandoned = u"session.abandoned";
inline constexpr QStringView EnrollmentKeyRotated = u"enrollment-key.rotated";
inline constexpr QStringView ServerStarted = u"server.started";
} // namespace flotilla::server::event

#include "ui/Text.h"

#include "core/omadm/Codes.h"

#include <QDateTime>
#include <QLocale>

namespace flotilla::ui {

using store::VehicleState;

QString Text::vehicleState(VehicleState state)
{
    switch (state) {
    case VehicleState::Pending:
        return tr("Pending");
    case VehicleState::Accepted:
        return tr("Accepted");
    case VehicleState::Rejected:
        return tr("Rejected");
    case VehicleState::Blocked:
        return tr("Blocked");
    case VehicleState::Wiped:
        return tr("Wiped");
    }
    return {};
}

QString Text::vehicleStateToolTip(VehicleState state)
{
    switch (state) {
    case VehicleState::Pending:
        return tr("Registered without a valid enrollment proof; waiting for an operator to accept or reject it");
    case VehicleState::Accepted:
        return tr("Accepted: the vehicle holds a token and checks in");
    case VehicleState::Rejected:
        return tr("Rejected by an operator: the vehicle's requests are refused");
    case VehicleState::Blocked:
        return tr("Blocked by an operator: the vehicle's requests are refused");
    case VehicleState::Wiped:
        return tr("Wiped: the vehicle was told to erase its data and is no longer managed");
    }
    return {};
}

QColor Text::vehicleStateColor(VehicleState state)
{
    // Muted colours that keep white text readable; amber means "needs you".
    switch (state) {
    case VehicleState::Pending:
        return QColor(0xc7, 0x7c, 0x02);
    case VehicleState::Accepted:
        return QColor(0x2e, 0x7d, 0x32);
    case VehicleState::Rejected:
        return QColor(0xc6, 0x28, 0x28);
    case VehicleState::Blocked:
        return QColor(0x6a, 0x1b, 0x9a);
    case VehicleState::Wiped:
        return QColor(0x61, 0x61, 0x61);
    }
    return QColor(Qt::gray);
}

QString Text::registrationState(store::RegistrationState state)
{
    switch (state) {
    case store::RegistrationState::Pending:
        return tr("Pending");
    case store::RegistrationState::Accepted:
        return tr("Accepted");
    case store::RegistrationState::Rejected:
        return tr("Rejected");
    case store::RegistrationState::Issued:
        return tr("Token issued");
    }
    return {};
}

QString Text::proofStatus(store::ProofStatus proof)
{
    switch (proof) {
    case store::ProofStatus::Valid:
        return tr("valid");
    case store::ProofStatus::Missing:
        return tr("missing");
    case store::ProofStatus::Invalid:
        return tr("invalid");
    }
    return {};
}

QString Text::sessionState(store::SessionState state)
{
    switch (state) {
    case store::SessionState::Open:
        return tr("Open");
    case store::SessionState::Ended:
        return tr("Ended");
    case store::SessionState::Abandoned:
        return tr("Abandoned");
    case store::SessionState::Failed:
        return tr("Failed");
    }
    return {};
}

QString Text::onlineStatus(bool online)
{
    return online ? tr("Online") : tr("Offline");
}

QString Text::jobState(store::JobState state)
{
    using store::JobState;
    switch (state) {
    case JobState::Queued:
        return tr("Queued");
    case JobState::Notified:
        return tr("Notified");
    case JobState::Downloading:
        return tr("Downloading");
    case JobState::Downloaded:
        return tr("Downloaded");
    case JobState::AwaitingConsent:
        return tr("Awaiting consent");
    case JobState::Deferred:
        return tr("Postponed");
    case JobState::Blocked:
        return tr("Blocked", "update job waiting for a precondition");
    case JobState::Installing:
        return tr("Installing");
    case JobState::Verifying:
        return tr("Verifying");
    case JobState::Succeeded:
        return tr("Succeeded");
    case JobState::Failed:
        return tr("Failed");
    case JobState::RolledBack:
        return tr("Rolled back");
    case JobState::Cancelled:
        return tr("Cancelled");
    case JobState::Expired:
        return tr("Expired");
    }
    return {};
}

QString Text::jobStateToolTip(store::JobState state)
{
    using store::JobState;
    switch (state) {
    case JobState::Queued:
        return tr("Waiting for the vehicle's next session (and for its payload to be built)");
    case JobState::Notified:
        return tr("The vehicle was sent the update instruction and asked to download it");
    case JobState::Downloading:
        return tr("The vehicle is downloading the payload");
    case JobState::Downloaded:
        return tr("The payload is on the vehicle; it checks the conditions for installing");
    case JobState::AwaitingConsent:
        return tr("Waiting for the vehicle owner to agree to the installation");
    case JobState::Deferred:
        return tr("The owner postponed the installation");
    case JobState::Blocked:
        return tr("A condition for installing is not met (battery, ignition, parking)");
    case JobState::Installing:
        return tr("The vehicle is installing the update; it finishes and reports even if cancelled");
    case JobState::Verifying:
        return tr("The vehicle reported success; the console waits to read the new version back");
    case JobState::Succeeded:
        return tr("Installed, and the vehicle reports the new version");
    case JobState::Failed:
        return tr("The update failed; see the result code and reason");
    case JobState::RolledBack:
        return tr("The installation failed and the vehicle went back to its previous software");
    case JobState::Cancelled:
        return tr("Cancelled by an operator");
    case JobState::Expired:
        return tr("The update instruction expired before the vehicle installed it");
    }
    return {};
}

QColor Text::jobStateColor(store::JobState state)
{
    // Blues while the update travels, amber when the owner or the vehicle's condition holds it,
    // green and red for the outcome, greys for the ones that simply ended.
    using store::JobState;
    switch (state) {
    case JobState::Queued:
        return QColor(0x54, 0x6e, 0x7a);
    case JobState::Notified:
    case JobState::Downloading:
    case JobState::Downloaded:
        return QColor(0x15, 0x65, 0xc0);
    case JobState::AwaitingConsent:
    case JobState::Deferred:
        return QColor(0xc7, 0x7c, 0x02);
    case JobState::Blocked:
        return QColor(0xd8, 0x43, 0x15);
    case JobState::Installing:
    case JobState::Verifying:
        return QColor(0x45, 0x27, 0xa0);
    case JobState::Succeeded:
        return QColor(0x2e, 0x7d, 0x32);
    case JobState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case JobState::RolledBack:
        return QColor(0xad, 0x14, 0x57);
    case JobState::Cancelled:
    case JobState::Expired:
        return QColor(0x61, 0x61, 0x61);
    }
    return QColor(Qt::gray);
}

bool Text::isCancellable(store::JobState state)
{
    return !store::isTerminal(state) && state != store::JobState::Installing && state != store::JobState::Verifying;
}

QString Text::deltaState(store::DeltaState state)
{
    switch (state) {
    case store::DeltaState::Queued:
        return tr("Queued");
    case store::DeltaState::Building:
        return tr("Building");
    case store::DeltaState::Ready:
        return tr("Ready");
    case store::DeltaState::Failed:
        return tr("Failed");
    case store::DeltaState::NotWorthIt:
        return tr("Not worth it");
    case store::DeltaState::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString Text::signingKeyState(store::SigningKeyState state)
{
    switch (state) {
    case store::SigningKeyState::Next:
        return tr("Next");
    case store::SigningKeyState::Active:
        return tr("Active");
    case store::SigningKeyState::Retired:
        return tr("Retired");
    }
    return {};
}

QString Text::releaseKind(const QString &kind)
{
    if (kind == u"firmware") {
        return tr("Firmware");
    }
    if (kind == u"application") {
        return tr("Application");
    }
    return kind;
}

QString Text::resultCode(int code)
{
    if (code == 0) {
        return orDash({});
    }
    // The OMA names are the standard's own words (as in vehicle logs), so they stay in English.
    const QString name = code >= 1000 ? omadm::scomoResultName(code) : omadm::fumoResultName(code);
    return name.isEmpty() ? QString::number(code) : tr("%1 %2").arg(code).arg(name);
}

QString Text::byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString Text::duration(qint64 ms)
{
    if (ms < 1000) {
        return tr("%1 ms").arg(std::max<qint64>(ms, 0));
    }
    const qint64 seconds = ms / 1000;
    if (seconds < 60) {
        return tr("%1 s").arg(seconds);
    }
    if (seconds < 3600) {
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    }
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
}

QString Text::relativeTime(qint64 atMs, qint64 nowMs)
{
    if (atMs <= 0) {
        return tr("never");
    }
    const qint64 seconds = (nowMs - atMs) / 1000;
    if (seconds < 5) { // also covers a vehicle clock slightly ahead of ours
        return tr("just now");
    }
    if (seconds < 60) {
        return tr("%n s ago", nullptr, static_cast<int>(seconds));
    }
    if (seconds < 3600) {
        return tr("%n min ago", nullptr, static_cast<int>(seconds / 60));
    }
    if (seconds < 86400) {
        return tr("%n h ago", nullptr, static_cast<int>(seconds / 3600));
    }
    return tr("%n d ago", nullptr, static_cast<int>(seconds / 86400));
}

QString Text::dateTime(qint64 atMs)
{
    if (atMs <= 0) {
        return tr("never");
    }
    return QDateTime::fromMSecsSinceEpoch(atMs).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString Text::orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("–") : text;
}

} // namespace flotilla::ui

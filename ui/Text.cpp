#include "ui/Text.h"

#include <QDateTime>

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

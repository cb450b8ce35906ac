#pragma once

#include "server/store/Records.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace flotilla::ui {

// Translated labels and formats shared by the views, so that a state reads the same in the
// table, the details panel and the registrations list. Never the store's toString(): those are
// wire/database words, not UI text.
class Text final
{
    Q_DECLARE_TR_FUNCTIONS(flotilla::ui::Text)
public:
    static QString vehicleState(store::VehicleState state);
    static QString vehicleStateToolTip(store::VehicleState state);
    static QColor vehicleStateColor(store::VehicleState state);
    static QString registrationState(store::RegistrationState state);
    static QString proofStatus(store::ProofStatus proof);
    static QString sessionState(store::SessionState state);
    static QString onlineStatus(bool online);

    // "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" for 0.
    static QString relativeTime(qint64 atMs, qint64 nowMs);
    // Local date and time, ISO-like so that logs and screenshots compare across locales.
    static QString dateTime(qint64 atMs);
    static QString orDash(const QString &text);
};

} // namespace flotilla::ui

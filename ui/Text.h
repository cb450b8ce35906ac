#pragma once

#include "server/store/Records.h"
#include "server/store/UpdateRecords.h"

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

    static QString jobState(store::JobState state);
    static QString jobStateToolTip(store::JobState state);
    static QColor jobStateColor(store::JobState state);
    // Whether an operator can still cancel a job in this state (the engine lets an installing
    // vehicle finish and report).
    static bool isCancellable(store::JobState state);
    static QString deltaState(store::DeltaState state);
    static QString signingKeyState(store::SigningKeyState state);
    static QString releaseKind(const QString &kind); // "firmware" / "application" as UI words
    // FUMO (firmware) or SCOMO (application, codes from 1200) result code with its meaning.
    static QString resultCode(int code);

    // "812 B", "1.4 KiB", "3.2 MiB", "1.1 GiB"
    static QString byteSize(qint64 bytes);
    // "850 ms", "12 s", "3 min 4 s", "1 h 2 min"
    static QString duration(qint64 ms);

    // "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" for 0.
    static QString relativeTime(qint64 atMs, qint64 nowMs);
    // Local date and time, ISO-like so that logs and screenshots compare across locales.
    static QString dateTime(qint64 atMs);
    static QString orDash(const QString &text);
};

} // namespace flotilla::ui

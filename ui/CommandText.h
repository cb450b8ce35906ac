#pragma once

#include "server/commands/CommandTypes.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace flotilla::ui {

// Translated words for remote commands (issue 5), shared by the vehicle's Remote panel, the
// command history and the bulk results, so that a state reads the same everywhere. The wire
// names of CommandTypes.h are for the protocol and the CLI, never shown as UI text.
class CommandText final
{
    Q_DECLARE_TR_FUNCTIONS(flotilla::ui::CommandText)
public:
    static QString operation(server::commands::Operation operation);        // "Lock", "Horn & lights", ...
    static QString operationToolTip(server::commands::Operation operation); // what the vehicle does
    // ClimateOn's target ("22 °C"); empty for operations without arguments.
    static QString arguments(server::commands::Operation operation, const QJsonObject &arguments);

    static QString state(server::commands::CommandState state); // "queued", "done", "refused", ...
    static QString stateToolTip(server::commands::CommandState state);
    static QColor stateColor(server::commands::CommandState state);
    // For StateBadgeDelegate: int(CommandState), or NotSentState for a vehicle a bulk send skipped.
    static QColor stateColorOf(int state);
    static constexpr int NotSentState = -1;
    // A filled dot in the state's colour, for buttons that show their last result.
    static QIcon stateIcon(server::commands::CommandState state);

    // What came back: the reason of a refusal or failure, the location a Locate found, when a
    // queued command gives up, ... One line.
    static QString result(const server::commands::CommandRecord &command);
    // Every detail of one command for a tooltip: state, times, operator, result code, reason.
    static QString details(const server::commands::CommandRecord &command, qint64 nowMs);

    // "1 vehicle", "12 vehicles"; "1 trouble code", "3 trouble codes" (English has no numerus
    // catalogue: the source text is what English users read).
    static QString vehicles(int count);
    static QString troubleCodes(int count);

    // LAWMO State (10 fully locked, 20 partially locked, 30 unlocked); "unknown" otherwise.
    static QString lawmoState(int state);
    // "52.52001, 13.40495"
    static QString coordinates(double latitude, double longitude);
    // https://www.openstreetmap.org/?mlat=..&mlon=..#map=16/../..
    static QString mapUrl(double latitude, double longitude);
};

} // namespace flotilla::ui

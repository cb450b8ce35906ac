#include "ui/CommandText.h"

#include "ui/Text.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

namespace flotilla::ui {

using server::commands::CommandRecord;
using server::commands::CommandState;
using server::commands::Operation;

QString CommandText::operation(Operation operation)
{
    switch (operation) {
    case Operation::Lock:
        return tr("Lock");
    case Operation::Unlock:
        return tr("Unlock");
    case Operation::HornLights:
        return tr("Horn & lights");
    case Operation::OpenTrunk:
        return tr("Open trunk");
    case Operation::ClimateOn:
        return tr("Climate on");
    case Operation::ClimateOff:
        return tr("Climate off");
    case Operation::EngineStart:
        return tr("Engine start");
    case Operation::EngineStop:
        return tr("Engine stop");
    case Operation::Locate:
        return tr("Locate");
    case Operation::FullyLock:
        return tr("Fully lock");
    case Operation::PartiallyLock:
        return tr("Partially lock");
    case Operation::UnLock:
        return tr("Unlock device");
    case Operation::Wipe:
        return tr("Wipe");
    case Operation::FactoryReset:
        return tr("Factory reset");
    case Operation::ReadDtcs:
        return tr("Read DTCs");
    case Operation::ClearDtcs:
        return tr("Clear DTCs");
    }
    return {};
}

QString CommandText::operationToolTip(Operation operation)
{
    switch (operation) {
    case Operation::Lock:
        return tr("Lock the doors");
    case Operation::Unlock:
        return tr("Unlock the doors");
    case Operation::HornLights:
        return tr("Sound the horn and flash the lights, to find the vehicle in a car park");
    case Operation::OpenTrunk:
        return tr("Open the trunk; the vehicle refuses above 3 km/h");
    case Operation::ClimateOn:
        return tr("Pre-condition the cabin to the target temperature");
    case Operation::ClimateOff:
        return tr("Switch the climate control off");
    case Operation::EngineStart:
        return tr("Start the engine remotely; the vehicle refuses while driving or with the doors unlocked");
    case Operation::EngineStop:
        return tr("Stop a remotely started engine");
    case Operation::Locate:
        return tr("Ask the vehicle for a fresh GPS position");
    case Operation::FullyLock:
        return tr("LAWMO: lock the head unit completely (stolen vehicle)");
    case Operation::PartiallyLock:
        return tr("LAWMO: lock the head unit's user functions; emergency functions stay available");
    case Operation::UnLock:
        return tr("LAWMO: lift a full or partial lock");
    case Operation::Wipe:
        return tr("LAWMO: erase the owner's data (profiles, paired phones, addresses); only when parked");
    case Operation::FactoryReset:
        return tr("LAWMO: reset the head unit to its factory state; only when parked");
    case Operation::ReadDtcs:
        return tr("Read the diagnostic trouble codes the vehicle stores now");
    case Operation::ClearDtcs:
        return tr("Clear the vehicle's stored diagnostic trouble codes");
    }
    return {};
}

QString CommandText::arguments(Operation operation, const QJsonObject &arguments)
{
    if (operation == Operation::ClimateOn && arguments.contains(u"TargetC")) {
        return tr("%1 °C").arg(arguments.value(u"TargetC").toInt());
    }
    return {};
}

QString CommandText::state(CommandState state)
{
    switch (state) {
    case CommandState::Queued:
        return tr("queued");
    case CommandState::Sent:
        return tr("sent");
    case CommandState::Accepted:
        return tr("accepted");
    case CommandState::Succeeded:
        return tr("done");
    case CommandState::Failed:
        return tr("failed");
    case CommandState::Refused:
        return tr("refused");
    case CommandState::Expired:
        return tr("expired");
    case CommandState::Cancelled:
        return tr("cancelled");
    }
    return {};
}

QString CommandText::stateToolTip(CommandState state)
{
    switch (state) {
    case CommandState::Queued:
        return tr("Waiting for the vehicle's next session (at once when its notification channel is online)");
    case CommandState::Sent:
        return tr("Delivered to the vehicle; its answer has not arrived yet");
    case CommandState::Accepted:
        return tr("The vehicle accepted it and reports the result when it is done");
    case CommandState::Succeeded:
        return tr("The vehicle carried it out");
    case CommandState::Failed:
        return tr("The vehicle could not carry it out");
    case CommandState::Refused:
        return tr("The vehicle refused it: its current state does not allow it");
    case CommandState::Expired:
        return tr("Not delivered or not answered before it expired; it will never run");
    case CommandState::Cancelled:
        return tr("Cancelled by an operator before delivery");
    }
    return {};
}

QColor CommandText::stateColor(CommandState state)
{
    // The job palette: blues on the way, green and red for the outcome, amber when the vehicle
    // said no, grey for the ones that simply ended.
    switch (state) {
    case CommandState::Queued:
        return QColor(0x54, 0x6e, 0x7a);
    case CommandState::Sent:
    case CommandState::Accepted:
        return QColor(0x15, 0x65, 0xc0);
    case CommandState::Succeeded:
        return QColor(0x2e, 0x7d, 0x32);
    case CommandState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case CommandState::Refused:
        return QColor(0xc7, 0x7c, 0x02);
    case CommandState::Expired:
    case CommandState::Cancelled:
        return QColor(0x61, 0x61, 0x61);
    }
    return QColor(Qt::gray);
}

QColor CommandText::stateColorOf(int state)
{
    if (state == NotSentState) {
        return QColor(0xad, 0x14, 0x57);
    }
    return stateColor(static_cast<CommandState>(state));
}

QIcon CommandText::stateIcon(CommandState state)
{
    // Drawn on demand (a few tiny pixmaps per refresh): a static cache would outlive the
    // QGuiApplication its pixmaps belong to.
    QIcon icon;
    for (const int size : {12, 24}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(stateColor(state));
        const qreal margin = size / 6.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        painter.end();
        icon.addPixmap(pixmap, QIcon::Normal);
        icon.addPixmap(pixmap, QIcon::Disabled); // the colour is the information, even when greyed
    }
    return icon;
}

namespace {

std::optional<std::pair<double, double>> locationOf(const QJsonObject &result)
{
    const QJsonObject location =
        result.contains(u"Location") ? result.value(u"Location").toObject() : result; // both shapes seen
    if (!location.contains(u"Lat") || !location.contains(u"Lon")) {
        return std::nullopt;
    }
    return std::pair{location.value(u"Lat").toDouble(), location.value(u"Lon").toDouble()};
}

} // namespace

QString CommandText::result(const CommandRecord &command)
{
    switch (command.state) {
    case CommandState::Queued:
        return tr("waits for the vehicle until %1").arg(Text::dateTime(command.expiresAtMs));
    case CommandState::Sent:
    case CommandState::Accepted:
        return command.reason;
    case CommandState::Succeeded:
        if (const auto location = locationOf(command.result)) {
            return coordinates(location->first, location->second);
        }
        if (command.operation == server::commands::Operation::ReadDtcs) {
            const QJsonArray dtcs = command.result.value(u"DTC").toArray();
            return troubleCodes(static_cast<int>(dtcs.size()));
        }
        if (command.reason.isEmpty() && command.finishedAtMs >= command.createdAtMs && command.createdAtMs > 0) {
            // How long the round trip took is what an operator wants to know about a plain "done".
            return tr("after %1").arg(Text::duration(command.finishedAtMs - command.createdAtMs));
        }
        return command.reason;
    case CommandState::Failed:
        if (!command.reason.isEmpty() && command.resultCode != 0) {
            return tr("%1 (%2)").arg(command.reason).arg(command.resultCode);
        }
        return command.reason.isEmpty() && command.resultCode != 0 ? tr("code %1").arg(command.resultCode)
                                                                   : command.reason;
    case CommandState::Refused:
    case CommandState::Expired:
    case CommandState::Cancelled:
        return command.reason;
    }
    return {};
}

QString CommandText::details(const CommandRecord &command, qint64 nowMs)
{
    QStringList lines;
    QString head = tr("%1: %2").arg(operation(command.operation), state(command.state));
    const QString args = arguments(command.operation, command.arguments);
    if (!args.isEmpty()) {
        head = tr("%1 (%2): %3").arg(operation(command.operation), args, state(command.state));
    }
    lines.append(head);
    lines.append(stateToolTip(command.state));
    const QString what = result(command);
    if (!what.isEmpty() && command.state != CommandState::Queued) {
        lines.append(tr("Result: %1").arg(what));
    }
    lines.append(tr("Sent by %1 at %2").arg(Text::orDash(command.actor), Text::dateTime(command.createdAtMs)));
    if (command.sentAtMs > 0) {
        lines.append(tr("Delivered at %1").arg(Text::dateTime(command.sentAtMs)));
    }
    if (command.finishedAtMs > 0) {
        lines.append(tr("Finished at %1 (%2)")
                         .arg(Text::dateTime(command.finishedAtMs), Text::relativeTime(command.finishedAtMs, nowMs)));
    } else if (command.expiresAtMs > nowMs) {
        lines.append(tr("Expires at %1, in %2")
                         .arg(Text::dateTime(command.expiresAtMs), Text::duration(command.expiresAtMs - nowMs)));
    }
    if (command.bulkId > 0) {
        lines.append(tr("Part of bulk send %1").arg(command.bulkId));
    }
    lines.append(tr("Command %1").arg(command.wireId()));
    return lines.join(u'\n');
}

QString CommandText::vehicles(int count)
{
    return count == 1 ? tr("1 vehicle") : tr("%n vehicles", nullptr, count);
}

QString CommandText::troubleCodes(int count)
{
    return count == 1 ? tr("1 trouble code") : tr("%n trouble codes", nullptr, count);
}

QString CommandText::lawmoState(int state)
{
    switch (state) {
    case 10:
        return tr("Fully locked");
    case 20:
        return tr("Partially locked");
    case 30:
        return tr("Unlocked");
    default:
        return tr("Unknown");
    }
}

QString CommandText::coordinates(double latitude, double longitude)
{
    // Five decimals are about a metre: enough to find a car, and the same in every locale.
    return tr("%1, %2").arg(latitude, 0, 'f', 5).arg(longitude, 0, 'f', 5);
}

QString CommandText::mapUrl(double latitude, double longitude)
{
    const QString lat = QString::number(latitude, 'f', 5);
    const QString lon = QString::number(longitude, 'f', 5);
    return QStringLiteral("https://www.openstreetmap.org/?mlat=%1&mlon=%2#map=16/%1/%2").arg(lat, lon);
}

} // namespace flotilla::ui

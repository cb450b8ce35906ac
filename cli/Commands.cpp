#include "cli/Commands.h"

#include "cli/CampaignCommands.h"
#include "cli/DeltaCommands.h"
#include "cli/JsonText.h"
#include "cli/ReleaseCommands.h"
#include "cli/RemoteCommands.h"
#include "cli/TextTable.h"
#include "cli/UpdateCommands.h"
#include "cli/UserCommands.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

using Fields = QList<std::pair<QString, QString>>;

// ---- reading answers -------------------------------------------------------------------------

QString number(const QJsonObject &object, const QString &key)
{
    return QString::number(object.value(key).toInteger());
}

// The API writes every time also as "<name>Ms"; shown in UTC, to the second.

QString list(const QJsonObject &object, const QString &key)
{
    QStringList items;
    for (const QJsonValue &value : object.value(key).toArray())
        items.append(value.toString());
    return items.isEmpty() ? u"-"_s : items.join(u", ");
}

QJsonArray array(const QJsonObject &object, const QString &key)
{
    return object.value(key).toArray();
}

// ---- building requests -----------------------------------------------------------------------

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

QCommandLineOption actorOption()
{
    return option(u"actor"_s, u"Name written to the event log (default: $USER)"_s, u"NAME"_s);
}

// Adds an integer option to the query; anything but a non-negative integer is a usage error.
Status addInteger(QList<std::pair<QString, QString>> &query, const QCommandLineParser &parser, const QString &option,
                  const QString &parameter, qint64 min)
{
    if (!parser.isSet(option))
        return {};
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < min)
        return Error(
            u"--%1 must be an integer of at least %2, not '%3'"_s.arg(option).arg(min).arg(parser.value(option)));
    query.append({parameter, QString::number(value)});
    return {};
}

void addText(QList<std::pair<QString, QString>> &query, const QCommandLineParser &parser, const QString &option,
             const QString &parameter)
{
    if (parser.isSet(option))
        query.append({parameter, parser.value(option)});
}

// ---- printing answers ------------------------------------------------------------------------

void printStatus(const QJsonObject &s, QTextStream &out)
{
    writeFields(out, {
                         {u"Server"_s, fieldText(s, u"serverId"_s)},
                         {u"Version"_s, u"%1 (API v%2)"_s.arg(fieldText(s, u"version"_s), number(s, u"apiVersion"_s))},
                         {u"Management API"_s, fieldText(s, u"apiUrl"_s)},
                         {u"Device endpoint"_s, fieldText(s, u"deviceUrl"_s)},
                         {u"Data folder"_s, fieldText(s, u"dataDir"_s)},
                         {u"Started"_s, fieldTime(s, u"startedAt"_s)},
                         {u"Vehicles"_s,
                          u"%1 (accepted %2, pending %3, rejected %4, blocked %5)"_s.arg(
                              number(s, u"vehicles"_s), number(s, u"accepted"_s), number(s, u"pendingVehicles"_s),
                              number(s, u"rejected"_s), number(s, u"blocked"_s))},
                         {u"Online"_s, number(s, u"online"_s)},
                         {u"Pending registrations"_s, number(s, u"pendingRegistrations"_s)},
                         {u"DM sessions"_s, number(s, u"sessions"_s) + u" since start"},
                         {u"Poll interval"_s, number(s, u"pollSeconds"_s) + u" s"},
                     });
}

void printVehicles(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray vehicles = array(answer, u"vehicles"_s);
    if (vehicles.isEmpty()) {
        out << "No vehicles.\n";
        return;
    }
    TextTable table({u"VIN"_s, u"DEVID"_s, u"STATE"_s, u"ONLINE"_s, u"MODEL"_s, u"SOFTWARE"_s, u"LAST SEEN"_s});
    for (const QJsonValue &value : vehicles) {
        const QJsonObject v = value.toObject();
        table.addRow({fieldText(v, u"vin"_s), fieldText(v, u"devId"_s), fieldText(v, u"state"_s),
                      fieldText(v, u"online"_s), fieldText(v, u"model"_s), fieldText(v, u"swVersion"_s),
                      fieldTime(v, u"lastSeenAt"_s)});
    }
    table.write(out);
    if (answer.value(u"count"_s).toInteger() >= answer.value(u"limit"_s).toInteger()) {
        out << "(" << vehicles.size() << " shown; there may be more: use --limit and --offset "
            << answer.value(u"offset"_s).toInteger() + vehicles.size() << ")\n";
    }
}

Fields registrationFields(const QJsonObject &r)
{
    return {
        {u"Request"_s, u"#"_s + number(r, u"id"_s)},
        {u"State"_s, fieldText(r, u"state"_s)},
        {u"Proof"_s, fieldText(r, u"proof"_s)},
        {u"Requested"_s, u"%1 from %2"_s.arg(fieldTime(r, u"requestedAt"_s), fieldText(r, u"peerAddress"_s))},
        {u"Decided"_s, r.value(u"decidedAtMs"_s).isDouble()
                           ? u"%1 by %2"_s.arg(fieldTime(r, u"decidedAt"_s), fieldText(r, u"decidedBy"_s))
                           : u"-"_s},
        {u"Reason"_s, fieldText(r, u"reason"_s)},
    };
}

void printVehicle(const QJsonObject &answer, QTextStream &out)
{
    const QJsonObject v = answer.value(u"vehicle"_s).toObject();
    const QJsonValue memory = v.value(u"deltaMaxMemoryMiB"_s);
    writeFields(
        out,
        {
            {u"VIN"_s, fieldText(v, u"vin"_s)},
            {u"DevID"_s, fieldText(v, u"devId"_s)},
            {u"State"_s, fieldText(v, u"state"_s)},
            {u"Online"_s, fieldText(answer, u"online"_s)},
            {u"Manufacturer"_s, fieldText(v, u"manufacturer"_s)},
            {u"Model"_s, fieldText(v, u"model"_s)},
            {u"OEM"_s, fieldText(v, u"oem"_s)},
            {u"Device type"_s, fieldText(v, u"devType"_s)},
            {u"Firmware"_s, fieldText(v, u"fwVersion"_s)},
            {u"Software"_s, fieldText(v, u"swVersion"_s)},
            {u"Hardware"_s, fieldText(v, u"hwVersion"_s)},
            {u"Codecs"_s, list(v, u"codecs"_s)},
            {u"Delta memory"_s, memory.isDouble() ? QString::number(memory.toInteger()) + u" MiB" : u"-"_s},
            {u"RXSWIN"_s, list(v, u"rxswin"_s)},
            {u"Registered"_s, fieldTime(v, u"registeredAt"_s)},
            {u"Last seen"_s, v.value(u"lastSeenAtMs"_s).isDouble()
                                 ? u"%1 from %2"_s.arg(fieldTime(v, u"lastSeenAt"_s), fieldText(v, u"lastAddress"_s))
                                 : u"never"_s},
            {u"Sessions"_s, number(v, u"sessionCount"_s)},
        });

    const QJsonArray ecus = array(v, u"ecus"_s);
    if (!ecus.isEmpty()) {
        out << "\nECUs:\n";
        TextTable table({u"ECU"_s, u"HW ID"_s, u"SOFTWARE"_s});
        for (const QJsonValue &value : ecus) {
            const QJsonObject ecu = value.toObject();
            table.addRow({fieldText(ecu, u"ecu"_s), fieldText(ecu, u"hwId"_s), fieldText(ecu, u"swVersion"_s)});
        }
        table.write(out, 2);
    }

    const QJsonObject registration = answer.value(u"latestRegistration"_s).toObject();
    if (!registration.isEmpty()) {
        out << "\nLatest registration:\n";
        writeFields(out, registrationFields(registration), 2);
    }

    const QJsonArray sessions = array(answer, u"recentSessions"_s);
    if (!sessions.isEmpty()) {
        out << "\nRecent sessions:\n";
        TextTable table({u"ID"_s, u"STARTED"_s, u"REASON"_s, u"STATE"_s, u"PACKAGES"_s, u"OUTCOME"_s});
        for (const QJsonValue &value : sessions) {
            const QJsonObject s = value.toObject();
            table.addRow({fieldText(s, u"id"_s), fieldTime(s, u"startedAt"_s), fieldText(s, u"reason"_s),
                          fieldText(s, u"state"_s), fieldText(s, u"packages"_s), fieldText(s, u"outcome"_s)});
        }
        table.write(out, 2);
    }

    const QJsonArray snapshots = array(answer, u"snapshots"_s);
    if (!snapshots.isEmpty()) {
        out << "\nReported management objects:\n";
        TextTable table({u"MOID"_s, u"RECEIVED"_s});
        for (const QJsonValue &value : snapshots) {
            const QJsonObject s = value.toObject();
            table.addRow({fieldText(s, u"moid"_s), fieldTime(s, u"receivedAt"_s)});
        }
        table.write(out, 2);
    }

    const QJsonArray events = array(answer, u"recentEvents"_s);
    if (!events.isEmpty()) {
        out << "\nRecent events:\n";
        TextTable table({u"ID"_s, u"TIME"_s, u"KIND"_s, u"ACTOR"_s, u"SUMMARY"_s});
        for (const QJsonValue &value : events) {
            const QJsonObject e = value.toObject();
            table.addRow({fieldText(e, u"id"_s), fieldTime(e, u"at"_s), fieldText(e, u"kind"_s),
                          fieldText(e, u"actor"_s), fieldText(e, u"summary"_s)});
        }
        table.write(out, 2);
    }
}

void printRegistrations(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray registrations = array(answer, u"registrations"_s);
    if (registrations.isEmpty()) {
        out << "No registrations.\n";
        return;
    }
    TextTable table(
        {u"ID"_s, u"VIN"_s, u"DEVID"_s, u"STATE"_s, u"PROOF"_s, u"REQUESTED"_s, u"FROM"_s, u"DECIDED BY"_s});
    for (const QJsonValue &value : registrations) {
        const QJsonObject r = value.toObject();
        table.addRow({fieldText(r, u"id"_s), fieldText(r, u"vin"_s), fieldText(r, u"devId"_s), fieldText(r, u"state"_s),
                      fieldText(r, u"proof"_s), fieldTime(r, u"requestedAt"_s), fieldText(r, u"peerAddress"_s),
                      fieldText(r, u"decidedBy"_s)});
    }
    table.write(out);
}

void printDecision(const QJsonObject &answer, QTextStream &out)
{
    const QJsonObject r = answer.value(u"registration"_s).toObject();
    out << TextTable::printable(u"Registration #%1 of %2 (DevID %3) is now %4."_s.arg(
               number(r, u"id"_s), fieldText(r, u"vin"_s), fieldText(r, u"devId"_s), fieldText(r, u"state"_s)))
        << '\n';
    if (fieldText(r, u"state"_s) == u"accepted")
        out << "The vehicle receives its token when it registers again.\n";
}

void printBlocking(const QJsonObject &answer, QTextStream &out)
{
    const QJsonObject v = answer.value(u"vehicle"_s).toObject();
    out << TextTable::printable(u"Vehicle %1 (DevID %2) is now %3."_s.arg(
               fieldText(v, u"vin"_s), fieldText(v, u"devId"_s), fieldText(v, u"state"_s)))
        << '\n';
    if (fieldText(v, u"state"_s) == u"blocked")
        out << "Its requests are refused (403) and its notification channel was closed.\n";
}

// The key alone on the last line, so that `... | tail -1` is the key.
void printKey(const QString &heading, const QJsonObject &answer, QTextStream &out)
{
    out << heading << '\n' << TextTable::printable(answer.value(u"key"_s).toString()) << '\n';
}

void printEvents(const QJsonObject &answer, QTextStream &out)
{
    QJsonArray events = array(answer, u"events"_s);
    if (events.isEmpty()) {
        out << "No events.\n";
        return;
    }
    // The API gives the newest first when no --after is given; a log reads oldest first.
    QList<QJsonObject> rows;
    for (const QJsonValue &value : events)
        rows.append(value.toObject());
    std::sort(rows.begin(), rows.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(u"id"_s).toInteger() < b.value(u"id"_s).toInteger();
    });
    TextTable table({u"ID"_s, u"TIME"_s, u"KIND"_s, u"VIN"_s, u"ACTOR"_s, u"SUMMARY"_s});
    for (const QJsonObject &e : std::as_const(rows)) {
        table.addRow({fieldText(e, u"id"_s), fieldTime(e, u"at"_s), fieldText(e, u"kind"_s), fieldText(e, u"vin"_s),
                      fieldText(e, u"actor"_s), fieldText(e, u"summary"_s)});
    }
    table.write(out);
}

QList<Command> makeCommands()
{
    QList<Command> all;

    all.append({{u"status"_s},
                {},
                u"Server status and fleet counts"_s,
                {},
                [](const QCommandLineParser &, const QStringList &) { return get({u"status"_s}); },
                printStatus});

    all.append({{u"vehicles"_s, u"list"_s},
                {},
                u"List vehicles, ordered by VIN"_s,
                {option(u"state"_s, u"Only this state: pending, accepted, rejected, blocked, wiped"_s, u"S"_s),
                 option(u"filter"_s, u"Only VINs, DevIDs, models or OEMs containing TEXT"_s, u"TEXT"_s),
                 option(u"limit"_s, u"At most N vehicles (default 100, at most 1000)"_s, u"N"_s),
                 option(u"offset"_s, u"Skip the first N"_s, u"N"_s)},
                [](const QCommandLineParser &parser, const QStringList &) -> Result<ApiRequest> {
                    QList<std::pair<QString, QString>> query;
                    addText(query, parser, u"state"_s, u"state"_s);
                    addText(query, parser, u"filter"_s, u"q"_s);
                    if (Status s = addInteger(query, parser, u"limit"_s, u"limit"_s, 1); !s)
                        return s.error();
                    if (Status s = addInteger(query, parser, u"offset"_s, u"offset"_s, 0); !s)
                        return s.error();
                    return get({u"vehicles"_s}, query);
                },
                printVehicles});

    all.append({{u"vehicles"_s, u"show"_s},
                {u"VIN"_s},
                u"One vehicle: inventory, registration, sessions, events"_s,
                {},
                [](const QCommandLineParser &, const QStringList &args) {
                    return get({u"vehicles"_s, args[0]});
                },
                printVehicle});

    all.append({{u"vehicles"_s, u"block"_s},
                {u"VIN"_s},
                u"Block an accepted vehicle: its requests are refused until it is unblocked"_s,
                {option(u"reason"_s, u"Why (required), for the event log"_s, u"TEXT"_s), actorOption()},
                [](const QCommandLineParser &parser, const QStringList &args) -> Result<ApiRequest> {
                    const QString reason = parser.value(u"reason"_s).trimmed();
                    if (reason.isEmpty())
                        return Error(u"vehicles block needs --reason TEXT (kept in the event log)"_s);
                    QJsonObject body = actorBody(parser);
                    body.insert(u"reason"_s, reason);
                    return post({u"vehicles"_s, args[0], u"block"_s}, body);
                },
                printBlocking});

    all.append({{u"vehicles"_s, u"unblock"_s},
                {u"VIN"_s},
                u"Unblock a blocked vehicle: it is accepted again"_s,
                {option(u"reason"_s, u"Why, for the event log"_s, u"TEXT"_s), actorOption()},
                [](const QCommandLineParser &parser, const QStringList &args) {
                    QJsonObject body = actorBody(parser);
                    if (parser.isSet(u"reason"_s))
                        body.insert(u"reason"_s, parser.value(u"reason"_s));
                    return post({u"vehicles"_s, args[0], u"unblock"_s}, body);
                },
                printBlocking});

    all.append({{u"registrations"_s, u"list"_s},
                {},
                u"Registration requests (default: those waiting for an operator)"_s,
                {option(u"state"_s, u"pending (default), accepted, rejected, issued or all"_s, u"S"_s)},
                [](const QCommandLineParser &parser, const QStringList &) {
                    QList<std::pair<QString, QString>> query;
                    addText(query, parser, u"state"_s, u"state"_s);
                    return get({u"registrations"_s}, query);
                },
                printRegistrations});

    all.append({{u"registrations"_s, u"accept"_s},
                {u"VIN"_s},
                u"Accept the vehicle's pending registration"_s,
                {actorOption()},
                [](const QCommandLineParser &parser, const QStringList &args) {
                    return post({u"registrations"_s, args[0], u"accept"_s}, actorBody(parser));
                },
                printDecision});

    all.append({{u"registrations"_s, u"reject"_s},
                {u"VIN"_s},
                u"Reject the vehicle's pending registration"_s,
                {option(u"reason"_s, u"Why, for the event log"_s, u"TEXT"_s), actorOption()},
                [](const QCommandLineParser &parser, const QStringList &args) {
                    QJsonObject body = actorBody(parser);
                    if (parser.isSet(u"reason"_s))
                        body.insert(u"reason"_s, parser.value(u"reason"_s));
                    return post({u"registrations"_s, args[0], u"reject"_s}, body);
                },
                printDecision});

    all.append({{u"enrollment-key"_s, u"show"_s},
                {},
                u"Print the fleet enrollment key (alone on the last line)"_s,
                {},
                [](const QCommandLineParser &, const QStringList &) { return get({u"enrollment-key"_s}); },
                [](const QJsonObject &answer, QTextStream &out) {
                    printKey(u"Enrollment key (secret: vehicles prove their registration with it):"_s, answer, out);
                }});

    all.append({{u"enrollment-key"_s, u"rotate"_s},
                {},
                u"Replace the enrollment key; the old one stops working at once"_s,
                {actorOption()},
                [](const QCommandLineParser &parser, const QStringList &) {
                    return post({u"enrollment-key"_s, u"rotate"_s}, actorBody(parser));
                },
                [](const QJsonObject &answer, QTextStream &out) {
                    printKey(u"New enrollment key (the old one no longer works):"_s, answer, out);
                }});

    all.append({{u"events"_s},
                {},
                u"The event log: newest events, or those after an id"_s,
                {option(u"vin"_s, u"Only this vehicle's events"_s, u"VIN"_s),
                 option(u"limit"_s, u"At most N events (default 100, at most 1000)"_s, u"N"_s),
                 option(u"after"_s, u"Only events after this id, oldest first (for polling)"_s, u"ID"_s)},
                [](const QCommandLineParser &parser, const QStringList &) -> Result<ApiRequest> {
                    QList<std::pair<QString, QString>> query;
                    addText(query, parser, u"vin"_s, u"vin"_s);
                    if (Status s = addInteger(query, parser, u"limit"_s, u"limit"_s, 1); !s)
                        return s.error();
                    if (Status s = addInteger(query, parser, u"after"_s, u"after"_s, 0); !s)
                        return s.error();
                    return get({u"events"_s}, query);
                },
                printEvents});

    all.append(releaseCommands());
    all.append(updateCommands());
    all.append(deltaCommands());
    all.append(userCommands());
    all.append(campaignCommands());
    all.append(remoteCommands());
    return all;
}

} // namespace

QString Command::synopsis() const
{
    QString result = name();
    for (const QString &argument : arguments)
        result += u' ' + argument;
    return result;
}

const QList<Command> &commands()
{
    static const QList<Command> all = makeCommands();
    return all;
}

} // namespace flotilla::cli

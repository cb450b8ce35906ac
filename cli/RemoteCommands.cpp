#include "cli/RemoteCommands.h"

#include "cli/Cli.h"
#include "cli/CommandSession.h"
#include "cli/JsonText.h"
#include "cli/TextTable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

// Commands finish within a second or two when the vehicle is online: poll often.
constexpr int DefaultIntervalMs = 500;
// A poll without an answer is tried again this many times in a row before --wait gives up.
constexpr int MaxPollFailures = 5;
constexpr int MaxExpirySeconds = 24 * 3600;

using Fields = QList<std::pair<QString, QString>>;

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return fieldText(QJsonObject{{u"v"_s, value}}, u"v"_s);
}

bool finished(const QJsonObject &command)
{
    return command.value(u"finished"_s).toBool();
}

bool succeeded(const QJsonObject &command)
{
    return command.value(u"state"_s).toString() == u"succeeded";
}

QString resultCode(const QJsonObject &command)
{
    const int code = command.value(u"resultCode"_s).toInt();
    return code == 0 ? u"-"_s : QString::number(code);
}

// "command 12 (Lock, WVW…): refused 409 - doors are unlocked"
QString commandLine(const QJsonObject &command)
{
    QString line = u"command %1 (%2, %3): %4"_s.arg(fieldText(command, u"id"_s), fieldText(command, u"operation"_s),
                                                    fieldText(command, u"vin"_s), fieldText(command, u"state"_s));
    if (finished(command) && command.value(u"resultCode"_s).toInt() != 0)
        line += u' ' + resultCode(command);
    if (!command.value(u"reason"_s).toString().isEmpty())
        line += u" - "_s + command.value(u"reason"_s).toString();
    return TextTable::printable(line);
}

void printCommand(const QJsonObject &command, QTextStream &out)
{
    Fields fields = {
        {u"Command"_s, u"#"_s + fieldText(command, u"id"_s) + u" ("_s + fieldText(command, u"commandId"_s) + u')'},
        {u"Vehicle"_s, fieldText(command, u"vin"_s)},
        {u"Operation"_s, fieldText(command, u"operation"_s)},
    };
    if (!command.value(u"arguments"_s).toObject().isEmpty())
        fields.append({u"Arguments"_s, compact(command.value(u"arguments"_s))});
    fields.append({u"State"_s, fieldText(command, u"state"_s) + (finished(command) ? u" (final)"_s : QString())});
    fields.append({u"Result code"_s, resultCode(command)});
    fields.append({u"Reason"_s, fieldText(command, u"reason"_s)});
    const QJsonObject result = command.value(u"result"_s).toObject();
    for (auto it = result.begin(); it != result.end(); ++it)
        fields.append({u"Result "_s + it.key(), compact(it.value())});
    fields.append({u"Sent by"_s, fieldText(command, u"actor"_s)});
    if (command.value(u"bulkId"_s).isDouble())
        fields.append({u"Bulk"_s, u"#"_s + fieldText(command, u"bulkId"_s)});
    fields.append({u"Created"_s, fieldTime(command, u"createdAt"_s, Qt::ISODateWithMs)});
    fields.append({u"Expires"_s, fieldTime(command, u"expiresAt"_s, Qt::ISODateWithMs)});
    fields.append({u"Delivered"_s, command.value(u"deliveries"_s).toInt() == 0
                                       ? u"-"_s
                                       : u"%1 (%2 fieldTime(s, Qt::ISODateWithMs))"_s
                                             .arg(fieldTime(command, u"sentAt"_s, Qt::ISODateWithMs))
                                             .arg(command.value(u"deliveries"_s).toInt())});
    fields.append({u"Finished"_s, fieldTime(command, u"finishedAt"_s, Qt::ISODateWithMs)});
    writeFields(out, fields);
}

void printCommands(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray commands = answer.value(u"commands"_s).toArray();
    if (commands.isEmpty()) {
        out << "No commands.\n";
        return;
    }
    TextTable table({u"ID"_s, u"OPERATION"_s, u"ARGUMENTS"_s, u"STATE"_s, u"RESULT"_s, u"REASON"_s, u"BY"_s,
                     u"CREATED"_s, u"FINISHED"_s});
    for (const QJsonValue &value : commands) {
        const QJsonObject c = value.toObject();
        const QJsonObject arguments = c.value(u"arguments"_s).toObject();
        table.addRow(
            {fieldText(c, u"id"_s), fieldText(c, u"operation"_s), arguments.isEmpty() ? u"-"_s : compact(arguments),
             fieldText(c, u"state"_s), resultCode(c), fieldText(c, u"reason"_s), fieldText(c, u"actor"_s),
             fieldTime(c, u"createdAt"_s, Qt::ISODateWithMs), fieldTime(c, u"finishedAt"_s, Qt::ISODateWithMs)});
    }
    table.write(out);
}

void printBulk(const QJsonObject &answer, QTextStream &out)
{
    printPerVehicle(answer.value(u"results"_s).toArray(), u"command"_s, u"COMMAND"_s, out);
    if (answer.value(u"bulkId"_s).isDouble())
        out << "Bulk #" << fieldText(answer, u"bulkId"_s) << ": " << fieldText(answer, u"created"_s)
            << " command(s) queued.\n";
}

// ---- parsing ---------------------------------------------------------------------------------

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

QCommandLineOption actorOption()
{
    return option(u"actor"_s, u"With the local admin token: the name written to the event log (default: $USER)"_s,
                  u"NAME"_s);
}

QList<QCommandLineOption> sendOptions()
{
    return {option(u"arg"_s, u"An argument of the operation, e.g. --arg TargetC=22 (repeatable)"_s, u"KEY=VALUE"_s),
            option(u"expiry"_s, u"Seconds the command may wait for the vehicle (default 60, at most 86400)"_s,
                   u"SECONDS"_s),
            actorOption()};
}

QCommandLineOption waitOption(const QString &what)
{
    return option(u"wait"_s, u"Poll until %1 is final; exit 0 only if it succeeded"_s.arg(what));
}

QCommandLineOption intervalOption()
{
    return option(u"interval"_s, u"With --wait: seconds between polls (default 0.5)"_s, u"SECONDS"_s);
}

Result<int> intervalMs(const QCommandLineParser &parser)
{
    if (!parser.isSet(u"interval"_s))
        return DefaultIntervalMs;
    bool ok = false;
    const double seconds = parser.value(u"interval"_s).toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0.1 || seconds > 3600)
        return Error(
            u"--interval must be a number of seconds from 0.1 to 3600, not '%1'"_s.arg(parser.value(u"interval"_s)));
    return int(seconds * 1000);
}

// The body members the options give: "operation", "arguments", "expirySeconds", "actor".
Result<QJsonObject> sendBody(const QCommandLineParser &parser, const QString &operation)
{
    QJsonObject body{{u"operation"_s, operation.trimmed()}};
    QJsonObject arguments;
    for (const QString &pair : parser.values(u"arg"_s)) {
        const qsizetype at = pair.indexOf(u'=');
        if (at <= 0)
            return Error(u"--arg needs KEY=VALUE, not '%1'"_s.arg(pair));
        const QString key = pair.left(at).trimmed();
        const QString value = pair.mid(at + 1).trimmed();
        // Whole numbers go as numbers (TargetC=22); anything else as text, for the server to judge.
        bool isNumber = false;
        const qint64 number = value.toLongLong(&isNumber);
        arguments.insert(key, isNumber ? QJsonValue(number) : QJsonValue(value));
    }
    if (!arguments.isEmpty())
        body.insert(u"arguments"_s, arguments);
    if (parser.isSet(u"expiry"_s)) {
        bool ok = false;
        const int seconds = parser.value(u"expiry"_s).toInt(&ok);
        if (!ok || seconds < 1 || seconds > MaxExpirySeconds)
            return Error(u"--expiry must be a number of seconds from 1 to %1, not '%2'"_s.arg(MaxExpirySeconds)
                             .arg(parser.value(u"expiry"_s)));
        body.insert(u"expirySeconds"_s, seconds);
    }
    if (const QString actor = actorOf(parser); !actor.isEmpty())
        body.insert(u"actor"_s, actor);
    return body;
}

// ---- waiting -----------------------------------------------------------------------------------

// What --wait remembers between polls.
struct Following
{
    qint64 id = 0;
    int intervalMs = DefaultIntervalMs;
    QString lastLine;
    int failures = 0;
};

// Polls the command until it is final, a line on stderr at each change, then the command on stdout;
// exit 0 only if it succeeded.
void follow(const SessionPtr &session, const std::shared_ptr<Following> &state)
{
    session->client.send(get({u"commands"_s, QString::number(state->id)}), [session,
                                                                            state](const ApiResponse &response) {
        auto again = [&] {
            QTimer::singleShot(state->intervalMs, &session->client, [session, state] { follow(session, state); });
        };
        if (response.outcome != ApiResponse::Outcome::Ok) {
            if (response.outcome == ApiResponse::Outcome::ConnectionFailed && ++state->failures <= MaxPollFailures) {
                session->note(u"flotillactl: %1; trying again (%2 of %3)"_s.arg(response.message)
                                  .arg(state->failures)
                                  .arg(MaxPollFailures));
                again();
                return;
            }
            session->fail(response);
            return;
        }
        state->failures = 0;
        const QString line = commandLine(response.json);
        if (line != state->lastLine) {
            state->lastLine = line;
            session->note(line);
        }
        if (!finished(response.json)) {
            again();
            return;
        }
        session->print(response, [&](QTextStream &out) { printCommand(response.json, out); });
        session->finish(succeeded(response.json) ? ExitSuccess : ExitApiError);
    });
}

void follow(const SessionPtr &session, qint64 id, int intervalMs)
{
    auto state = std::make_shared<Following>();
    state->id = id;
    state->intervalMs = intervalMs;
    follow(session, state);
}

Result<Command::Flow> sendFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto body = sendBody(parser, arguments[1]);
    if (!body)
        return body.error();
    if (parser.isSet(u"confirm"_s))
        body->insert(u"confirmVin"_s, parser.value(u"confirm"_s).trimmed());
    auto interval = intervalMs(parser);
    if (!interval)
        return interval.error();
    const QString vin = arguments[0].trimmed();
    const bool wait = parser.isSet(u"wait"_s);
    return flowOf([=, body = *body, interval = *interval](const SessionPtr &session) {
        call(session, post({u"vehicles"_s, vin, u"commands"_s}, body), [=](const ApiResponse &response) {
            if (!wait) {
                session->print(response, [&](QTextStream &out) { printCommand(response.json, out); });
                session->finish(ExitSuccess);
                return;
            }
            follow(session, response.json.value(u"id"_s).toInteger(), interval);
        });
    });
}

Result<Command::Flow> statusFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto id = parseId(arguments[0], u"command"_s);
    if (!id)
        return id.error();
    auto interval = intervalMs(parser);
    if (!interval)
        return interval.error();
    const bool wait = parser.isSet(u"wait"_s);
    return flowOf([id = *id, interval = *interval, wait](const SessionPtr &session) {
        if (wait)
            return follow(session, id, interval);
        call(session, get({u"commands"_s, QString::number(id)}), [session](const ApiResponse &response) {
            session->print(response, [&](QTextStream &out) { printCommand(response.json, out); });
            session->finish(ExitSuccess);
        });
    });
}

Result<Command::Flow> bulkFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto body = sendBody(parser, arguments[0]);
    if (!body)
        return body.error();
    QJsonArray vins;
    for (const QString &vin : arguments.mid(1))
        vins.append(vin.trimmed());
    body->insert(u"vins"_s, vins);
    return flowOf([body = *body](const SessionPtr &session) {
        call(session, post({u"commands"_s, u"bulk"_s}, body), [session](const ApiResponse &response) {
            session->print(response, [&](QTextStream &out) { printBulk(response.json, out); });
            const qsizetype refused =
                response.json.value(u"results"_s).toArray().size() - response.json.value(u"created"_s).toInteger();
            // Some vehicles got no command: the server said why, per vehicle.
            session->finish(refused > 0 ? ExitApiError : ExitSuccess);
        });
    });
}

} // namespace

QList<Command> remoteCommands()
{
    QList<Command> all;

    QList<QCommandLineOption> send = sendOptions();
    send.append(
        option(u"confirm"_s, u"Wipe and FactoryReset: the vehicle's VIN typed out, as confirmation"_s, u"VIN"_s));
    send.append(waitOption(u"the command"_s));
    send.append(intervalOption());
    all.append({{u"command"_s, u"send"_s},
                {u"VIN"_s, u"OP"_s},
                u"Send a remote command: Lock, Unlock, HornLights, OpenTrunk, ClimateOn (--arg TargetC=N), "
                u"ClimateOff, EngineStart, EngineStop, Locate, FullyLock, PartiallyLock, UnLock, Wipe, "
                u"FactoryReset, ReadDTCs, ClearDTC"_s,
                send,
                {},
                {},
                {},
                sendFlow});

    all.append({{u"command"_s, u"status"_s},
                {u"ID"_s},
                u"One command: state, result code, reason, what the vehicle returned (--wait: until final)"_s,
                {waitOption(u"the command"_s), intervalOption()},
                {},
                {},
                {},
                statusFlow});

    all.append({{u"command"_s, u"list"_s},
                {u"VIN"_s},
                u"A vehicle's commands, newest first: who sent what, when, and how it ended"_s,
                {option(u"limit"_s, u"At most N commands (default 50, at most 1000)"_s, u"N"_s)},
                [](const QCommandLineParser &parser, const QStringList &args) -> Result<ApiRequest> {
                    QList<std::pair<QString, QString>> query;
                    if (parser.isSet(u"limit"_s)) {
                        bool ok = false;
                        const int limit = parser.value(u"limit"_s).toInt(&ok);
                        if (!ok || limit < 1)
                            return Error(u"--limit must be a positive integer"_s);
                        query.append({u"limit"_s, QString::number(limit)});
                    }
                    return get({u"vehicles"_s, args[0].trimmed(), u"commands"_s}, query);
                },
                printCommands});

    all.append({{u"command"_s, u"bulk"_s},
                {u"OP"_s, u"VIN..."_s},
                u"Send one command to many vehicles: per VIN its command, or why it got none"_s,
                sendOptions(),
                {},
                {},
                {},
                bulkFlow});

    all.append({{u"command"_s, u"cancel"_s},
                {u"ID"_s},
                u"Cancel a command that is still queued (not yet delivered)"_s,
                {actorOption()},
                [](const QCommandLineParser &parser, const QStringList &args) -> Result<ApiRequest> {
                    auto id = parseId(args[0], u"command"_s);
                    if (!id)
                        return id.error();
                    return post({u"commands"_s, QString::number(*id), u"cancel"_s}, actorBody(parser));
                },
                [](const QJsonObject &command, QTextStream &out) { out << commandLine(command) << '\n'; }});
    return all;
}

} // namespace flotilla::cli

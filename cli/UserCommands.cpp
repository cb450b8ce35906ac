#include "cli/UserCommands.h"

#include "cli/Cli.h"
#include "cli/JsonText.h"
#include "cli/TextTable.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

const QString PasswordVariable = u"FLOTILLA_PASSWORD"_s;
const QString NewPasswordVariable = u"FLOTILLA_NEW_PASSWORD"_s;

// One line from the terminal with echo off (restored even when reading fails).
Result<QString> promptHidden(const QString &prompt)
{
    if (!isatty(STDIN_FILENO))
        return Error(u"no terminal to ask for the password on"_s);
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    termios saved{};
    const bool canHide = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (canHide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (canHide)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
    if (!read)
        return Error(u"no password entered"_s);
    return QString::fromStdString(line);
}

// The password from the environment variable, else asked on the terminal (twice when confirm).
Result<QString> readPassword(const QString &variable, const QString &prompt, bool confirm)
{
    const QString fromEnvironment = qEnvironmentVariable(variable.toLatin1().constData());
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    if (!isatty(STDIN_FILENO))
        return Error(u"no password: set %1 or run flotillactl on a terminal"_s.arg(variable));
    const Result<QString> first = promptHidden(prompt);
    if (!first)
        return first;
    if (confirm) {
        const Result<QString> second = promptHidden(u"Repeat it: "_s);
        if (!second)
            return second;
        if (*first != *second)
            return Error(u"the two passwords differ"_s);
    }
    return first;
}

// Writes the token where only this account can read it: the file is created 0600 (never
// readable by others, not even for a moment) in a 0700 folder.
Status saveSession(const QString &path, const QString &token)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return Error(u"cannot create %1"_s.arg(folder));
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile::remove(path); // open() applies the permissions only to a new file
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    if (file.write(token.toUtf8() + '\n') < 0 || !file.flush())
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

// The session token flotillactl uses after `login` is in a file: a failed answer is reported the
// same way as by the other commands.
void reportFailure(const ApiResponse &response, QTextStream &err, const std::function<void(int)> &finish)
{
    err << "flotillactl: " << response.message << '\n';
    err.flush();
    finish(response.outcome == ApiResponse::Outcome::ConnectionFailed ? ExitConnection : ExitApiError);
}

Result<Command::Flow> loginFlow(const QCommandLineParser &, const QStringList &arguments)
{
    const Result<QString> password =
        readPassword(PasswordVariable, u"Password for %1: "_s.arg(arguments.first()), false);
    if (!password)
        return password.error();
    ApiRequest request;
    request.method = "POST";
    request.path = {u"sessions"_s};
    request.body = QJsonObject{{u"user"_s, arguments.first()}, {u"password"_s, *password}};
    return Command::Flow(
        [request](ApiClient &client, bool json, QTextStream &out, QTextStream &err, std::function<void(int)> finish) {
            client.send(request, [&client, json, &out, &err, finish](const ApiResponse &response) {
                if (response.outcome != ApiResponse::Outcome::Ok)
                    return reportFailure(response, err, finish);
                const QString path = client.connection().sessionFile;
                if (Status saved = saveSession(path, response.json.value(u"token"_s).toString()); !saved) {
                    err << "flotillactl: " << saved.errorString() << '\n';
                    err.flush();
                    return finish(ExitApiError);
                }
                if (json) {
                    // The token stays in the file: printing it would put it in logs and scrollback.
                    QJsonObject answer = response.json;
                    answer.remove(u"token"_s);
                    answer.insert(u"sessionFile"_s, path);
                    out << QJsonDocument(answer).toJson(QJsonDocument::Compact) << '\n';
                } else {
                    out << "Logged in as " << fieldText(response.json, u"user"_s) << " ("
                        << fieldText(response.json, u"role"_s) << ") until " << fieldTime(response.json, u"expiresAt"_s)
                        << "; session saved in " << path << '\n';
                }
                out.flush();
                finish(ExitSuccess);
            });
        });
}

Result<Command::Flow> logoutFlow(const QCommandLineParser &, const QStringList &)
{
    return Command::Flow(
        [](ApiClient &client, bool json, QTextStream &out, QTextStream &err, std::function<void(int)> finish) {
            if (!client.connection().fromSession) {
                err << "flotillactl: not logged in to " << client.connection().baseUrl.toString() << " (no "
                    << client.connection().sessionFile << ")\n";
                err.flush();
                return finish(ExitUsage);
            }
            ApiRequest request;
            request.method = "DELETE";
            request.path = {u"sessions"_s};
            client.send(request, [&client, json, &out, &err, finish](const ApiResponse &response) {
                // The file goes even when the server no longer knows the session (expired: 401).
                QFile::remove(client.connection().sessionFile);
                if (response.outcome == ApiResponse::Outcome::ConnectionFailed)
                    return reportFailure(response, err, finish);
                if (json && response.outcome == ApiResponse::Outcome::Ok)
                    out << response.body;
                else
                    out << "Logged out\n";
                out.flush();
                finish(ExitSuccess);
            });
        });
}

void printUser(const QJsonObject &user, QTextStream &out)
{
    const QList<std::pair<QString, QString>> fields = {
        {u"Name"_s, fieldText(user, u"name"_s)},
        {u"Display name"_s, fieldText(user, u"displayName"_s)},
        {u"Role"_s, fieldText(user, u"role"_s)},
        {u"Disabled"_s, fieldText(user, u"disabled"_s)},
        {u"Created"_s, fieldTime(user, u"createdAt"_s)},
        {u"Created by"_s, fieldText(user, u"createdBy"_s)},
        {u"Last login"_s, fieldTime(user, u"lastLoginAt"_s)},
    };
    for (const auto &[label, value] : fields)
        out << QString(label + u':').leftJustified(14) << TextTable::printable(value) << '\n';
}

void printUsers(const QJsonObject &answer, QTextStream &out)
{
    TextTable table({u"NAME"_s, u"ROLE"_s, u"DISABLED"_s, u"DISPLAY NAME"_s, u"LAST LOGIN"_s});
    for (const QJsonValue &value : answer.value(u"users"_s).toArray()) {
        const QJsonObject user = value.toObject();
        table.addRow({fieldText(user, u"name"_s), fieldText(user, u"role"_s), fieldText(user, u"disabled"_s),
                      fieldText(user, u"displayName"_s), fieldTime(user, u"lastLoginAt"_s)});
    }
    table.write(out);
}

ApiRequest userRequest(const QByteArray &method, QStringList path, std::optional<QJsonObject> body = std::nullopt)
{
    ApiRequest request;
    request.method = method;
    request.path = std::move(path);
    request.body = std::move(body);
    return request;
}

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

} // namespace

QList<Command> userCommands()
{
    QList<Command> all;

    Command login{
        {u"login"_s}, {u"USER"_s}, u"Log in; later commands act as USER (password: $FLOTILLA_PASSWORD or asked)"_s,
        {},           {},          {}};
    login.flow = loginFlow;
    login.needsToken = false;
    all.append(login);

    Command logout{{u"logout"_s}, {}, u"End the session saved by login"_s, {}, {}, {}};
    logout.flow = logoutFlow;
    all.append(logout);

    all.append({{u"whoami"_s},
                {},
                u"The user (and role) the API sees"_s,
                {},
                [](const QCommandLineParser &, const QStringList &) -> Result<ApiRequest> {
                    return userRequest("GET", {u"me"_s});
                },
                [](const QJsonObject &answer, QTextStream &out) {
                    out << fieldText(answer, u"user"_s) << " (" << fieldText(answer, u"role"_s) << ")\n";
                }});

    all.append({{u"users"_s, u"list"_s},
                {},
                u"User accounts"_s,
                {},
                [](const QCommandLineParser &, const QStringList &) -> Result<ApiRequest> {
                    return userRequest("GET", {u"users"_s});
                },
                printUsers});

    all.append({{u"users"_s, u"show"_s},
                {u"NAME"_s},
                u"One user account"_s,
                {},
                [](const QCommandLineParser &, const QStringList &arguments) -> Result<ApiRequest> {
                    return userRequest("GET", {u"users"_s, arguments.first()});
                },
                printUser});

    all.append({{u"users"_s, u"add"_s},
                {u"NAME"_s},
                u"Create an account (password: $FLOTILLA_NEW_PASSWORD or asked twice)"_s,
                {option(u"role"_s, u"admin, engineer, approver or viewer"_s, u"ROLE"_s),
                 option(u"display-name"_s, u"Full name shown in the console"_s, u"TEXT"_s)},
                [](const QCommandLineParser &parser, const QStringList &arguments) -> Result<ApiRequest> {
                    if (!parser.isSet(u"role"_s))
                        return Error(u"--role is required (admin, engineer, approver or viewer)"_s);
                    const Result<QString> password =
                        readPassword(NewPasswordVariable, u"Password for %1: "_s.arg(arguments.first()), true);
                    if (!password)
                        return password.error();
                    QJsonObject body{{u"name"_s, arguments.first()},
                                     {u"role"_s, parser.value(u"role"_s)},
                                     {u"password"_s, *password}};
                    if (parser.isSet(u"display-name"_s))
                        body.insert(u"displayName"_s, parser.value(u"display-name"_s));
                    return userRequest("POST", {u"users"_s}, body);
                },
                printUser});

    all.append(
        {{u"users"_s, u"set-role"_s},
         {u"NAME"_s, u"ROLE"_s},
         u"Change a user's role"_s,
         {},
         [](const QCommandLineParser &, const QStringList &arguments) -> Result<ApiRequest> {
             return userRequest("POST", {u"users"_s, arguments[0], u"role"_s}, QJsonObject{{u"role"_s, arguments[1]}});
         },
         printUser});

    for (const bool disable : {true, false}) {
        const QString verb = disable ? u"disable"_s : u"enable"_s;
        all.append({{u"users"_s, verb},
                    {u"NAME"_s},
                    disable ? u"Disable an account (its sessions end at once)"_s : u"Enable an account again"_s,
                    {},
                    [verb](const QCommandLineParser &, const QStringList &arguments) -> Result<ApiRequest> {
                        return userRequest("POST", {u"users"_s, arguments.first(), verb});
                    },
                    printUser});
    }

    all.append({{u"users"_s, u"passwd"_s},
                {u"NAME"_s},
                u"Set a password (new: $FLOTILLA_NEW_PASSWORD or asked twice; --current for your own)"_s,
                {option(u"current"_s, u"Changing your own password: prove the current one ($FLOTILLA_PASSWORD "
                                      u"or asked)"_s)},
                [](const QCommandLineParser &parser, const QStringList &arguments) -> Result<ApiRequest> {
                    QJsonObject body;
                    if (parser.isSet(u"current"_s)) {
                        const Result<QString> current = readPassword(PasswordVariable, u"Current password: "_s, false);
                        if (!current)
                            return current.error();
                        body.insert(u"currentPassword"_s, *current);
                    }
                    const Result<QString> password =
                        readPassword(NewPasswordVariable, u"New password for %1: "_s.arg(arguments.first()), true);
                    if (!password)
                        return password.error();
                    body.insert(u"password"_s, *password);
                    return userRequest("POST", {u"users"_s, arguments.first(), u"password"_s}, body);
                },
                printUser});

    all.append({{u"users"_s, u"remove"_s},
                {u"NAME"_s},
                u"Delete an account"_s,
                {},
                [](const QCommandLineParser &, const QStringList &arguments) -> Result<ApiRequest> {
                    return userRequest("DELETE", {u"users"_s, arguments.first()});
                },
                [](const QJsonObject &answer, QTextStream &out) {
                    out << "Removed " << fieldText(answer, u"removed"_s) << '\n';
                }});
    return all;
}

} // namespace flotilla::cli

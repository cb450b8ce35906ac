#pragma once

#include "cli/ApiClient.h"
#include "core/Result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace flotilla::cli {

// One flotillactl command: which API request it makes and how it shows the answer to a human
// (--json prints the answer itself). Adding a command is one entry in commands().
struct Command
{
    QStringList words;     // {"vehicles", "list"}
    QStringList arguments; // required positional arguments, e.g. {"VIN"}
    QString summary;
    QList<QCommandLineOption> options;
    // An Error is a usage error (exit status 2), e.g. "--limit must be a positive integer".
    std::function<Result<ApiRequest>(const QCommandLineParser &parser, const QStringList &arguments)> request;
    std::function<void(const QJsonObject &answer, QTextStream &out)> print;
    // A local command (e.g. `delta build`) runs here instead of calling the API, so it needs no
    // --url or --data-dir; it returns the exit status (ExitUsage for usage errors).
    std::function<int(const QCommandLineParser &parser, const QStringList &arguments, QTextStream &out,
                      QTextStream &err)>
        run = {};
    // A command that needs several API requests (e.g. `release import`): flow reads the local input
    // (an Error is a usage error) and returns what Cli then starts with the connected client. It
    // calls finish once with the exit status; json is --json (print the last answer as it came).
    using Flow = std::function<void(ApiClient &client, bool json, QTextStream &out, QTextStream &err,
                                    std::function<void(int exitCode)> finish)>;
    std::function<Result<Flow>(const QCommandLineParser &parser, const QStringList &arguments)> flow = {};
    bool needsToken = true; // false: runs without a bearer token (login)

    QString name() const { return words.join(u' '); }
    QString synopsis() const; // "vehicles show VIN"
};

const QList<Command> &commands();

} // namespace flotilla::cli

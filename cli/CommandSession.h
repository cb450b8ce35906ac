#pragma once

#include "cli/ApiClient.h"
#include "cli/Commands.h"
#include "core/Result.h"

#include <QString>
#include <QTextStream>

#include <functional>
#include <memory>

// What the commands that chain several API requests share (update, campaign): the session their
// callbacks hold, sending a request that ends the command on an error answer, and releases named
// by id or NAME@VERSION.
namespace flotilla::cli {

// A release as the operator names it: its id, or NAME@VERSION (looked up in GET /releases).
struct ReleaseRef
{
    qint64 id = 0;
    QString name;
    QString version;
};
Result<ReleaseRef> parseRelease(const QString &argument);

// What a multi-request command holds while its requests are under way. Shared by the callbacks;
// gone once finish has been called and no callback holds it.
struct Session
{
    Session(ApiClient &client, bool json, QTextStream &out, QTextStream &err, std::function<void(int)> finish);

    void fail(int exitCode, const QString &message);
    void fail(const ApiResponse &response); // exit 3 when there was no answer, else 1
    void note(const QString &line);         // a progress line on stderr
    // The answer as JSON (--json) or as the printer shows it.
    void print(const ApiResponse &response, const std::function<void(QTextStream &)> &printer);

    ApiClient &client;
    bool json;
    QTextStream &out;
    QTextStream &err;
    std::function<void(int)> finish;
};
using SessionPtr = std::shared_ptr<Session>;

Command::Flow flowOf(std::function<void(const SessionPtr &)> body);

// Sends the request; an error answer or no answer ends the command (exit 1 or 3).
void call(const SessionPtr &session, const ApiRequest &request, std::function<void(const ApiResponse &)> ok);

// Calls then with the release's id, looking NAME@VERSION up first when needed.
void withRelease(const SessionPtr &session, const ReleaseRef &ref, std::function<void(qint64 id)> then);

} // namespace flotilla::cli

#include "cli/CommandSession.h"

#include "cli/Cli.h"
#include "cli/TextTable.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

Result<ReleaseRef> parseRelease(const QString &argument)
{
    bool ok = false;
    const qint64 id = argument.toLongLong(&ok);
    if (ok && id > 0)
        return ReleaseRef{id, {}, {}};
    const qsizetype at = argument.lastIndexOf(u'@');
    if (!ok && at > 0 && at < argument.size() - 1)
        return ReleaseRef{0, argument.left(at), argument.mid(at + 1)};
    return Error(u"RELEASE must be a release id or NAME@VERSION, not '%1'"_s.arg(argument));
}

Session::Session(ApiClient &client, bool json, QTextStream &out, QTextStream &err, std::function<void(int)> finish)
    : client(client)
    , json(json)
    , out(out)
    , err(err)
    , finish(std::move(finish))
{}

void Session::fail(int exitCode, const QString &message)
{
    err << "flotillactl: " << message << '\n';
    err.flush();
    finish(exitCode);
}

void Session::fail(const ApiResponse &response)
{
    fail(response.outcome == ApiResponse::Outcome::ConnectionFailed ? ExitConnection : ExitApiError, response.message);
}

void Session::note(const QString &line)
{
    err << TextTable::printable(line) << '\n';
    err.flush();
}

void Session::print(const ApiResponse &response, const std::function<void(QTextStream &)> &printer)
{
    if (json) {
        out << response.body;
        if (!response.body.endsWith('\n'))
            out << '\n';
    } else {
        printer(out);
    }
    out.flush();
}

Command::Flow flowOf(std::function<void(const SessionPtr &)> body)
{
    return [body = std::move(body)](ApiClient &client, bool json, QTextStream &out, QTextStream &err,
                                    std::function<void(int)> finish) {
        body(std::make_shared<Session>(client, json, out, err, std::move(finish)));
    };
}

void call(const SessionPtr &session, const ApiRequest &request, std::function<void(const ApiResponse &)> ok)
{
    session->client.send(request, [session, ok = std::move(ok)](const ApiResponse &response) {
        if (response.outcome != ApiResponse::Outcome::Ok) {
            session->fail(response);
            return;
        }
        ok(response);
    });
}

void withRelease(const SessionPtr &session, const ReleaseRef &ref, std::function<void(qint64 id)> then)
{
    if (ref.id > 0) {
        then(ref.id);
        return;
    }
    ApiRequest releases;
    releases.path = {u"releases"_s};
    call(session, releases, [session, ref, then = std::move(then)](const ApiResponse &response) {
        for (const QJsonValue &value : response.json.value(u"releases"_s).toArray()) {
            const QJsonObject release = value.toObject();
            if (release.value(u"name"_s).toString() == ref.name &&
                release.value(u"version"_s).toString() == ref.version) {
                then(release.value(u"id"_s).toInteger());
                return;
            }
        }
        session->fail(ExitApiError, u"No release %1@%2 (see 'flotillactl release list')"_s.arg(ref.name, ref.version));
    });
}

} // namespace flotilla::cli

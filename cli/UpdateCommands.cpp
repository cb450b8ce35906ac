#include "cli/UpdateCommands.h"

#include "cli/Cli.h"
#include "cli/CommandSession.h"
#include "cli/JsonText.h"
#include "cli/TextTable.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

constexpr int DefaultIntervalSeconds = 2;
// A poll that gets no answer is tried again this many times in a row before --wait gives up: a
// wait may last hours, and one dropped connection should not end it.
constexpr int MaxPollFailures = 5;
// POST /bundles answers once the payloads are built (the server waits up to 5 minutes for them).
constexpr int BundleTimeoutMs = 15 * 60 * 1000;

using Fields = QList<std::pair<QString, QString>>;

// ---- reading answers -------------------------------------------------------------------------

QString size(qint64 bytes)
{
    if (bytes < 10 * 1024)
        return u"%1 B"_s.arg(bytes);
    if (bytes < 1024 * 1024)
        return QString::number(double(bytes) / 1024.0, 'f', 1) + u" KiB";
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB";
}

// ---- update jobs -----------------------------------------------------------------------------

bool succeeded(const QJsonObject &job)
{
    return job.value(u"state"_s).toString() == u"succeeded";
}

bool terminal(const QJsonObject &job)
{
    return job.value(u"terminal"_s).toBool();
}

// Bytes the blob endpoint sent of the payloads chosen for the vehicle; "progress" is the percentage
// of the current phase as the vehicle reports it.
QString downloadText(const QJsonObject &job)
{
    const qint64 total = job.value(u"payloadBytes"_s).toInteger();
    const qint64 served = job.value(u"bytesServed"_s).toInteger();
    const int percent = job.value(u"progress"_s).toInt();
    const bool downloading = job.value(u"state"_s).toString() == u"downloading";
    if (total <= 0)
        return downloading ? u"%1 %"_s.arg(percent) : u"-"_s;
    const QString bytes = u"%1 of %2"_s.arg(size(std::min(served, total)), size(total));
    return downloading ? u"%1 (%2 %)"_s.arg(bytes).arg(percent) : bytes;
}

QString installText(const QJsonObject &job)
{
    const QString state = job.value(u"state"_s).toString();
    if (state == u"installing")
        return u"%1 %"_s.arg(job.value(u"progress"_s).toInt());
    if (state == u"verifying" || state == u"succeeded")
        return u"100 %"_s;
    return u"-"_s;
}

QString resultText(const QJsonObject &job)
{
    const int code = job.value(u"resultCode"_s).toInt();
    return code == 0 ? u"-"_s : QString::number(code);
}

// One line per job for --wait's running report.
QString jobLine(const QJsonObject &job)
{
    QString line =
        u"update job %1 (%2): %3"_s.arg(fieldText(job, u"id"_s), fieldText(job, u"vin"_s), fieldText(job, u"state"_s));
    const QString state = job.value(u"state"_s).toString();
    if (state == u"downloading")
        line += u", downloaded "_s + downloadText(job);
    else if (state == u"installing")
        line += u", installed "_s + installText(job);
    if (!job.value(u"reason"_s).toString().isEmpty())
        line += u" - "_s + job.value(u"reason"_s).toString();
    return TextTable::printable(line);
}

void printJob(const QJsonObject &job, QTextStream &out)
{
    Fields fields = {
        {u"Update job"_s, u"#"_s + fieldText(job, u"id"_s)},
        {u"Vehicle"_s, fieldText(job, u"vin"_s)},
        {u"Release"_s, u"#"_s + fieldText(job, u"releaseId"_s)},
        {u"State"_s, fieldText(job, u"state"_s) + (terminal(job) ? u" (final)"_s : QString())},
        {u"Downloaded"_s, downloadText(job)},
        {u"Installed"_s, installText(job)},
        {u"Result code"_s, resultText(job)},
        {u"Reason"_s, fieldText(job, u"reason"_s)},
    };
    if (job.value(u"deferredUntilMs"_s).isDouble())
        fields.append({u"Deferred until"_s, fieldTime(job, u"deferredUntil"_s)});
    fields.append({u"Assigned"_s, u"%1 by %2"_s.arg(fieldTime(job, u"createdAt"_s), fieldText(job, u"createdBy"_s))});
    fields.append({u"Updated"_s, fieldTime(job, u"updatedAt"_s)});
    fields.append({u"Finished"_s, fieldTime(job, u"finishedAt"_s)});
    writeFields(out, fields);
}

void printJobs(const QList<QJsonObject> &jobs, QTextStream &out)
{
    TextTable table({u"JOB"_s, u"VIN"_s, u"RELEASE"_s, u"STATE"_s, u"DOWNLOADED"_s, u"INSTALLED"_s, u"RESULT"_s,
                     u"REASON"_s, u"UPDATED"_s});
    for (const QJsonObject &job : jobs) {
        table.addRow({fieldText(job, u"id"_s), fieldText(job, u"vin"_s), fieldText(job, u"releaseId"_s),
                      fieldText(job, u"state"_s), downloadText(job), installText(job), resultText(job),
                      fieldText(job, u"reason"_s), fieldTime(job, u"updatedAt"_s)});
    }
    table.write(out);
}

void printAssignments(const QJsonObject &answer, QTextStream &out)
{
    printPerVehicle(answer.value(u"assignments"_s).toArray(), u"job"_s, u"JOB"_s, out);
}

// ---- deltas ----------------------------------------------------------------------------------

// "headunit 1.2.0 → 2.0.0 (zstd-patch), 40 %, 3 done, 2 queued"
QString buildProgressText(const QJsonObject &progress)
{
    QString line =
        u"%1 done, %2 queued"_s.arg(progress.value(u"done"_s).toInt()).arg(progress.value(u"queued"_s).toInt());
    const QString current = progress.value(u"current"_s).toString();
    if (!current.isEmpty())
        line = u"building %1, %2 %; "_s.arg(current).arg(int(progress.value(u"currentFraction"_s).toDouble() * 100)) +
               line;
    return TextTable::printable(line);
}

void printDeltas(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray pairs = answer.value(u"pairs"_s).toArray();
    // The full payload of each target image: what a delta is compared with (the server keeps a
    // delta only if it is at least 10 % smaller).
    QHash<QString, qint64> fullLength;
    for (const QJsonValue &value : pairs) {
        const QJsonObject pair = value.toObject();
        if (!pair.value(u"fromVersion"_s).toString().isEmpty())
            continue;
        for (const QJsonValue &payload : pair.value(u"payloads"_s).toArray()) {
            if (payload.toObject().value(u"verified"_s).toBool())
                fullLength.insert(pair.value(u"toSha256"_s).toString(),
                                  payload.toObject().value(u"length"_s).toInteger());
        }
    }
    if (pairs.isEmpty()) {
        out << "No payloads planned.\n";
    } else {
        TextTable table(
            {u"ECU"_s, u"FROM"_s, u"TO"_s, u"CODEC"_s, u"STATE"_s, u"SIZE"_s, u"SAVING"_s, u"VERIFIED"_s, u"ERROR"_s});
        for (const QJsonValue &value : pairs) {
            const QJsonObject pair = value.toObject();
            const QString from =
                pair.value(u"fromVersion"_s).toString().isEmpty() ? u"(full)"_s : fieldText(pair, u"fromVersion"_s);
            const QJsonArray payloads = pair.value(u"payloads"_s).toArray();
            if (payloads.isEmpty()) {
                table.addRow({fieldText(pair, u"ecu"_s), from, fieldText(pair, u"toVersion"_s), u"-"_s, u"not built"_s,
                              u"-"_s, u"-"_s, u"-"_s, u"-"_s});
                continue;
            }
            for (const QJsonValue &item : payloads) {
                const QJsonObject p = item.toObject();
                const bool verified = p.value(u"verified"_s).toBool();
                const qint64 length = p.value(u"length"_s).toInteger();
                const qint64 full = fullLength.value(pair.value(u"toSha256"_s).toString());
                QString saving = u"-"_s;
                if (verified && full > 0 && !pair.value(u"fromVersion"_s).toString().isEmpty())
                    saving = u"%1 %"_s.arg(qRound(100.0 * (1.0 - double(length) / double(full))));
                table.addRow({fieldText(pair, u"ecu"_s), from, fieldText(pair, u"toVersion"_s),
                              fieldText(p, u"codec"_s), fieldText(p, u"state"_s), verified ? size(length) : u"-"_s,
                              saving, fieldText(p, u"verified"_s), fieldText(p, u"error"_s)});
            }
        }
        table.write(out);
    }
    const QJsonObject progress = answer.value(u"progress"_s).toObject();
    if (progress.value(u"running"_s).toBool())
        out << "Builds under way: " << buildProgressText(progress) << '\n';
}

int failedPayloads(const QJsonObject &answer)
{
    int failed = 0;
    for (const QJsonValue &pair : answer.value(u"pairs"_s).toArray()) {
        for (const QJsonValue &payload : pair.toObject().value(u"payloads"_s).toArray())
            failed += payload.toObject().value(u"state"_s).toString() == u"failed" ? 1 : 0;
    }
    return failed;
}

// ---- signing keys ----------------------------------------------------------------------------

void printSigningKeys(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray keys = answer.value(u"keys"_s).toArray();
    if (keys.isEmpty()) {
        out << "No signing keys.\n";
        return;
    }
    TextTable table({u"KEY ID"_s, u"STATE"_s, u"VEHICLES WITH KEY"_s, u"CREATED"_s, u"CHANGED"_s});
    for (const QJsonValue &value : keys) {
        const QJsonObject k = value.toObject();
        table.addRow({fieldText(k, u"keyId"_s), fieldText(k, u"state"_s), fieldText(k, u"vehiclesWithKey"_s),
                      fieldTime(k, u"createdAt"_s), fieldTime(k, u"changedAt"_s)});
    }
    table.write(out);
}

// ---- parsing ---------------------------------------------------------------------------------

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

QCommandLineOption actorOption()
{
    return option(u"actor"_s, u"Name written to the event log (default: $USER)"_s, u"NAME"_s);
}

QCommandLineOption intervalOption()
{
    return option(u"interval"_s, u"With --wait: seconds between polls (default 2)"_s, u"SECONDS"_s);
}

Result<int> intervalMs(const QCommandLineParser &parser)
{
    if (!parser.isSet(u"interval"_s))
        return DefaultIntervalSeconds * 1000;
    bool ok = false;
    const int seconds = parser.value(u"interval"_s).toInt(&ok);
    if (!ok || seconds <= 0 || seconds > 3600)
        return Error(
            u"--interval must be a number of seconds from 1 to 3600, not '%1'"_s.arg(parser.value(u"interval"_s)));
    return seconds * 1000;
}

// ---- running several requests ------------------------------------------------------------------

// Runs poll every intervalMs until it says it is done; the session ends inside poll.
void repeat(const SessionPtr &session, int intervalMs, const std::function<void(std::function<void()> again)> &poll)
{
    poll([session, intervalMs, poll] {
        QTimer::singleShot(intervalMs, &session->client,
                           [session, intervalMs, poll] { repeat(session, intervalMs, poll); });
    });
}

// ---- update status ---------------------------------------------------------------------------

// `update status VIN|JOB [--wait]`: one answer, or polls until every job shown is final.
void watchJobs(const SessionPtr &session, const ApiRequest &request, bool byJob, const QString &vin, bool wait,
               int intervalMs)
{
    auto lastLines = std::make_shared<QHash<qint64, QString>>();
    auto failures = std::make_shared<int>(0);
    repeat(session, intervalMs, [=](std::function<void()> again) {
        session->client.send(request, [=](const ApiResponse &response) {
            if (response.outcome != ApiResponse::Outcome::Ok) {
                if (wait && response.outcome == ApiResponse::Outcome::ConnectionFailed &&
                    ++*failures <= MaxPollFailures) {
                    session->note(u"flotillactl: %1; trying again (%2 of %3)"_s.arg(response.message)
                                      .arg(*failures)
                                      .arg(MaxPollFailures));
                    again();
                    return;
                }
                session->fail(response);
                return;
            }
            *failures = 0;
            QList<QJsonObject> jobs;
            if (byJob) {
                jobs.append(response.json);
            } else {
                for (const QJsonValue &value : response.json.value(u"updates"_s).toArray())
                    jobs.append(value.toObject());
            }
            if (!wait) {
                session->print(response, [&](QTextStream &out) {
                    if (jobs.isEmpty())
                        out << "No update jobs for " << TextTable::printable(vin) << ".\n";
                    else if (byJob)
                        printJob(jobs.first(), out);
                    else
                        printJobs(jobs, out);
                });
                session->finish(ExitSuccess);
                return;
            }
            // A vehicle has at most one job under way, the newest: that is the one to follow.
            if (!byJob)
                jobs = jobs.mid(0, 1);
            if (jobs.isEmpty()) {
                session->fail(ExitApiError, u"No update jobs for %1"_s.arg(vin));
                return;
            }
            bool allFinal = true;
            for (const QJsonObject &job : std::as_const(jobs)) {
                const QString line = jobLine(job);
                const qint64 id = job.value(u"id"_s).toInteger();
                if (lastLines->value(id) != line) {
                    lastLines->insert(id, line);
                    session->note(line);
                }
                allFinal = allFinal && terminal(job);
            }
            if (!allFinal) {
                again();
                return;
            }
            session->print(response, [&](QTextStream &out) { printJob(jobs.first(), out); });
            bool allSucceeded = true;
            for (const QJsonObject &job : std::as_const(jobs)) {
                if (!succeeded(job)) {
                    allSucceeded = false;
                    session->note(TextTable::printable(u"flotillactl: update job %1 ended %2%3"_s.arg(
                        fieldText(job, u"id"_s), fieldText(job, u"state"_s),
                        job.value(u"reason"_s).toString().isEmpty() ? QString()
                                                                    : u": "_s + job.value(u"reason"_s).toString())));
                }
            }
            session->finish(allSucceeded ? ExitSuccess : ExitApiError);
        });
    });
}

Result<Command::Flow> statusFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto interval = intervalMs(parser);
    if (!interval)
        return interval.error();
    const QString target = arguments[0].trimmed();
    bool isNumber = false;
    const qint64 jobId = target.toLongLong(&isNumber);
    if (isNumber && jobId <= 0)
        return Error(u"JOB must be a positive id, not '%1'"_s.arg(target));
    const ApiRequest request =
        isNumber ? get({u"updates"_s, QString::number(jobId)}) : get({u"vehicles"_s, target, u"updates"_s});
    const bool wait = parser.isSet(u"wait"_s);
    return flowOf([=, interval = *interval](const SessionPtr &session) {
        watchJobs(session, request, isNumber, target, wait, interval);
    });
}

// ---- release build-deltas ------------------------------------------------------------------------

void waitForBuilds(const SessionPtr &session, qint64 releaseId, int intervalMs)
{
    auto lastLine = std::make_shared<QString>();
    auto failures = std::make_shared<int>(0);
    repeat(session, intervalMs, [=](std::function<void()> again) {
        session->client.send(
            get({u"releases"_s, QString::number(releaseId), u"deltas"_s}), [=](const ApiResponse &response) {
                if (response.outcome != ApiResponse::Outcome::Ok) {
                    if (response.outcome == ApiResponse::Outcome::ConnectionFailed && ++*failures <= MaxPollFailures) {
                        session->note(u"flotillactl: %1; trying again (%2 of %3)"_s.arg(response.message)
                                          .arg(*failures)
                                          .arg(MaxPollFailures));
                        again();
                        return;
                    }
                    session->fail(response);
                    return;
                }
                *failures = 0;
                const QJsonObject progress = response.json.value(u"progress"_s).toObject();
                if (progress.value(u"running"_s).toBool()) {
                    // A line when the step or its tenth changes, not one per poll.
                    QJsonObject coarse = progress;
                    coarse.insert(u"currentFraction"_s,
                                  std::floor(progress.value(u"currentFraction"_s).toDouble() * 10) / 10);
                    const QString line = buildProgressText(coarse);
                    if (line != *lastLine) {
                        *lastLine = line;
                        session->note(line);
                    }
                    again();
                    return;
                }
                session->print(response, [&](QTextStream &out) { printDeltas(response.json, out); });
                if (const int failed = failedPayloads(response.json); failed > 0) {
                    session->fail(ExitApiError,
                                  u"%1 payload(s) of release %2 failed to build"_s.arg(failed).arg(releaseId));
                    return;
                }
                session->finish(ExitSuccess);
            });
    });
}

Result<Command::Flow> buildDeltasFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto release = parseRelease(arguments[0]);
    if (!release)
        return release.error();
    auto interval = intervalMs(parser);
    if (!interval)
        return interval.error();
    QJsonArray versions;
    for (const QString &version : parser.values(u"from"_s)) {
        if (version.trimmed().isEmpty())
            return Error(u"--from needs a version"_s);
        versions.append(version.trimmed());
    }
    const bool wait = parser.isSet(u"wait"_s);
    return flowOf([=, release = *release, interval = *interval](const SessionPtr &session) {
        withRelease(session, release, [=](qint64 id) {
            QJsonObject body;
            if (!versions.isEmpty())
                body.insert(u"sourceVersions"_s, versions);
            call(session, post({u"releases"_s, QString::number(id), u"deltas"_s}, body),
                 [=](const ApiResponse &response) {
                     const qint64 queued = response.json.value(u"queued"_s).toInteger();
                     if (!wait) {
                         session->print(response, [&](QTextStream &out) {
                             out << "Queued " << queued << " payload build(s) for release #" << id
                                 << "; see 'flotillactl release deltas " << id << "'.\n";
                         });
                         session->finish(ExitSuccess);
                         return;
                     }
                     session->note(u"Queued %1 payload build(s) for release #%2"_s.arg(queued).arg(id));
                     waitForBuilds(session, id, interval);
                 });
        });
    });
}

Result<Command::Flow> deltasFlow(const QCommandLineParser &, const QStringList &arguments)
{
    auto release = parseRelease(arguments[0]);
    if (!release)
        return release.error();
    return flowOf([release = *release](const SessionPtr &session) {
        withRelease(session, release, [session](qint64 id) {
            call(session, get({u"releases"_s, QString::number(id), u"deltas"_s}),
                 [session](const ApiResponse &response) {
                     session->print(response, [&](QTextStream &out) { printDeltas(response.json, out); });
                     session->finish(ExitSuccess);
                 });
        });
    });
}

// ---- update assign -----------------------------------------------------------------------------

Result<Command::Flow> assignFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    auto release = parseRelease(arguments[0]);
    if (!release)
        return release.error();
    QJsonArray vins;
    for (const QString &vin : arguments.mid(1))
        vins.append(vin.trimmed());
    QJsonObject body = actorBody(parser);
    body.insert(u"vins"_s, vins);
    return flowOf([release = *release, body](const SessionPtr &session) {
        withRelease(session, release, [session, body](qint64 id) {
            QJsonObject withId = body;
            withId.insert(u"release"_s, id);
            call(session, post({u"updates"_s}, withId), [session](const ApiResponse &response) {
                session->print(response, [&](QTextStream &out) { printAssignments(response.json, out); });
                const qsizetype refused = response.json.value(u"assignments"_s).toArray().size() -
                                          response.json.value(u"created"_s).toInteger();
                // Some vehicles got no job: the server said no to them (the table says why).
                session->finish(refused > 0 ? ExitApiError : ExitSuccess);
            });
        });
    });
}

// ---- bundle export ---------------------------------------------------------------------------

Result<Command::Flow> bundleFlow(const QCommandLineParser &parser, const QStringList &)
{
    if (!parser.isSet(u"release"_s) || !parser.isSet(u"vin"_s) || !parser.isSet(u"output"_s))
        return Error(u"bundle export needs --release RELEASE, --vin VIN and -o FILE (a bundle is signed for one "
                     u"vehicle)"_s);
    auto release = parseRelease(parser.value(u"release"_s));
    if (!release)
        return release.error();
    const QString vin = parser.value(u"vin"_s).trimmed();
    const QString path = parser.value(u"output"_s);
    const QFileInfo info(path);
    if (vin.isEmpty() || path.isEmpty())
        return Error(u"--vin and -o need a value"_s);
    if (!info.absoluteDir().exists())
        return Error(u"-o: no folder %1"_s.arg(info.absolutePath()));
    if (info.isDir())
        return Error(u"-o: %1 is a folder; name the bundle file"_s.arg(path));
    const QString actor = actorOf(parser);
    return flowOf([=, release = *release](const SessionPtr &session) {
        withRelease(session, release, [=](qint64 id) {
            QJsonObject body{{u"release"_s, id}, {u"vin"_s, vin}};
            if (!actor.isEmpty())
                body.insert(u"actor"_s, actor);
            ApiRequest request = post({u"bundles"_s}, body);
            request.minTimeoutMs = BundleTimeoutMs;
            session->note(
                u"Making the bundle of release #%1 for %2 (waits for its payloads to be built)"_s.arg(id).arg(vin));
            call(session, request, [=](const ApiResponse &made) {
                const QString sha256 = made.json.value(u"sha256"_s).toString();
                const qint64 length = made.json.value(u"length"_s).toInteger();
                const QString job = fieldText(made.json, u"job"_s);
                session->note(u"Downloading %1 (%2, update job %3) to %4"_s.arg(sha256, size(length), job, path));
                session->client.download(get({u"bundles"_s, sha256}), path, sha256, [=](const ApiDownload &download) {
                    if (download.response.outcome != ApiResponse::Outcome::Ok) {
                        session->fail(download.response.outcome == ApiResponse::Outcome::ConnectionFailed
                                          ? ExitConnection
                                          : ExitApiError,
                                      download.response.message +
                                          u" (the server keeps the bundle: GET /api/v1/bundles/%1; update job %2 "
                                          u"waits for it)"_s.arg(sha256, job));
                        return;
                    }
                    if (download.bytes != length) {
                        QFile::remove(path);
                        session->fail(
                            ExitApiError,
                            u"the bundle has %1 bytes, not %2 as announced"_s.arg(download.bytes).arg(length));
                        return;
                    }
                    session->print(made, [&](QTextStream &out) {
                        writeFields(out, {{u"Bundle"_s, path},
                                          {u"SHA-256"_s, download.sha256},
                                          {u"Length"_s, u"%1 bytes"_s.arg(download.bytes)},
                                          {u"Vehicle"_s, vin},
                                          {u"Update job"_s, u"#"_s + job}});
                        out << "Install it at the dealer; the vehicle's report at its next session closes the job.\n";
                    });
                    session->finish(ExitSuccess);
                });
            });
        });
    });
}

} // namespace

QList<Command> updateCommands()
{
    QList<Command> all;

    all.append({{u"release"_s, u"deltas"_s},
                {u"RELEASE"_s},
                u"A release's payloads: source version, codec, size, saving vs full, verified"_s,
                {},
                {},
                {},
                {},
                deltasFlow});

    all.append({{u"release"_s, u"build-deltas"_s},
                {u"RELEASE"_s},
                u"Queue builds of a release's payloads (--from VERSION..., --wait)"_s,
                {option(u"from"_s, u"Build deltas from this source version (repeat for several)"_s, u"VERSION"_s),
                 option(u"wait"_s, u"Show progress until the builds are done; exit 0 only if none failed"_s),
                 intervalOption()},
                {},
                {},
                {},
                buildDeltasFlow});

    all.append({{u"update"_s, u"assign"_s},
                {u"RELEASE"_s, u"VIN..."_s},
                u"Assign a release (id or NAME@VERSION) to vehicles: a job each, or why not"_s,
                {actorOption()},
                {},
                {},
                {},
                assignFlow});

    all.append(
        {{u"update"_s, u"status"_s},
         {u"VIN|JOB"_s},
         u"A vehicle's update jobs, or one job (--wait: until it is final)"_s,
         {option(u"wait"_s, u"Poll until the job (a VIN: its newest job) is final; exit 0 only if it succeeded"_s),
          intervalOption()},
         {},
         {},
         {},
         statusFlow});

    all.append({{u"update"_s, u"cancel"_s},
                {u"JOB"_s},
                u"Cancel an update job that has not finished"_s,
                {actorOption()},
                [](const QCommandLineParser &parser, const QStringList &args) -> Result<ApiRequest> {
                    auto id = parseId(args[0], u"job"_s, u"JOB"_s);
                    if (!id)
                        return id.error();
                    return post({u"updates"_s, QString::number(*id), u"cancel"_s}, actorBody(parser));
                },
                [](const QJsonObject &job, QTextStream &out) {
                    out << TextTable::printable(u"Update job %1 of %2 is now %3."_s.arg(
                               fieldText(job, u"id"_s), fieldText(job, u"vin"_s), fieldText(job, u"state"_s)))
                        << '\n';
                }});

    all.append({{u"bundle"_s, u"export"_s},
                {},
                u"Download an offline bundle: --release RELEASE --vin VIN -o FILE"_s,
                {option(u"release"_s, u"The release: id or NAME@VERSION"_s, u"RELEASE"_s),
                 option(u"vin"_s, u"The vehicle it is signed for"_s, u"VIN"_s),
                 QCommandLineOption({u"o"_s, u"output"_s}, u"Write the bundle to FILE"_s, u"FILE"_s), actorOption()},
                {},
                {},
                {},
                bundleFlow});

    all.append(
        {{u"signing-keys"_s, u"list"_s},
         {},
         u"Instruction-signing keys: state and how many vehicles hold each"_s,
         {},
         [](const QCommandLineParser &, const QStringList &) -> Result<ApiRequest> { return get({u"signing-keys"_s}); },
         printSigningKeys});

    all.append({{u"signing-keys"_s, u"rotate"_s},
                {},
                u"Make a next signing key; vehicles receive it at their next session"_s,
                {actorOption()},
                [](const QCommandLineParser &parser, const QStringList &) -> Result<ApiRequest> {
                    return post({u"signing-keys"_s, u"rotate"_s}, actorBody(parser));
                },
                [](const QJsonObject &key, QTextStream &out) {
                    out << "New signing key " << TextTable::printable(fieldText(key, u"keyId"_s)) << " is "
                        << TextTable::printable(fieldText(key, u"state"_s))
                        << ": vehicles receive it at their next session, and it signs alongside the active key.\n"
                           "Promote it once 'flotillactl signing-keys list' shows that the fleet has it.\n";
                }});

    all.append({{u"signing-keys"_s, u"promote"_s},
                {},
                u"Make the next signing key the only signer; the old one is retired"_s,
                {actorOption()},
                [](const QCommandLineParser &parser, const QStringList &) -> Result<ApiRequest> {
                    return post({u"signing-keys"_s, u"promote"_s}, actorBody(parser));
                },
                [](const QJsonObject &key, QTextStream &out) {
                    out << "Signing key " << TextTable::printable(fieldText(key, u"keyId"_s)) << " is now "
                        << TextTable::printable(fieldText(key, u"state"_s)) << "; the previous key is retired.\n";
                }});
    return all;
}

} // namespace flotilla::cli

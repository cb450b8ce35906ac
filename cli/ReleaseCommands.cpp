#include "cli/ReleaseCommands.h"

#include "cli/Cli.h"
#include "cli/JsonText.h"
#include "cli/TextTable.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

// A chunk that fails is sent again after a pause that doubles (0.25 s .. 4 s); this many failures
// in a row without progress give up.
constexpr int MaxAttempts = 5;
constexpr int FirstRetryDelayMs = 250;
constexpr qint64 MaxManifestBytes = 1024 * 1024;

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB";
}

QString listText(const QJsonValue &value)
{
    QStringList items;
    for (const QJsonValue &item : value.toArray())
        items.append(item.toString());
    return items.isEmpty() ? u"-"_s : items.join(u", ");
}

QString preconditionsText(const QJsonObject &p)
{
    QStringList parts;
    if (p.value(u"minBatteryPct"_s).toInteger() > 0)
        parts.append(u"battery at least %1 %"_s.arg(p.value(u"minBatteryPct"_s).toInteger()));
    if (p.value(u"parked"_s).toBool())
        parts.append(u"parked"_s);
    if (p.value(u"ignitionOff"_s).toBool())
        parts.append(u"ignition off"_s);
    parts.append(p.value(u"consent"_s).toString() == u"not-required" ? u"no consent needed"_s : u"owner's consent"_s);
    return parts.join(u", ");
}

QString signatureText(const QJsonObject &r)
{
    const QString state = fieldText(r, u"oemSignature"_s);
    return state == u"valid" ? u"valid (key %1)"_s.arg(fieldText(r, u"oemKeyId"_s)) : state;
}

void printRelease(const QJsonObject &answer, QTextStream &out)
{
    const QJsonObject r = answer.value(u"release"_s).toObject();
    QList<std::pair<QString, QString>> fields = {
        {u"Release"_s, u"#%1 %2 %3"_s.arg(fieldText(r, u"id"_s), fieldText(r, u"name"_s), fieldText(r, u"version"_s))},
        {u"Kind"_s, fieldText(r, u"kind"_s)},
        {u"Release counter"_s, fieldText(r, u"releaseCounter"_s)},
        {u"Hardware"_s, listText(r.value(u"hwIds"_s))},
        {u"RXSWIN"_s, listText(r.value(u"rxswin"_s))},
        {u"Preconditions"_s, preconditionsText(r.value(u"preconditions"_s).toObject())},
        {u"DTCs to clear"_s, listText(r.value(u"dtcsToClear"_s))},
        {u"OEM signature"_s, signatureText(r)},
        {u"Imported"_s, u"%1 by %2"_s.arg(fieldTime(r, u"createdAt"_s), fieldText(r, u"createdBy"_s))},
    };
    const QJsonObject userText = r.value(u"userText"_s).toObject();
    for (auto it = userText.begin(); it != userText.end(); ++it)
        fields.append({u"User text (%1)"_s.arg(it.key()), it.value().toString()});
    writeFields(out, fields);

    const QJsonArray targets = r.value(u"targets"_s).toArray();
    out << "\nTargets:\n";
    TextTable table({u"ECU"_s, u"HW ID"_s, u"VERSION"_s, u"LENGTH"_s});
    for (const QJsonValue &value : targets) {
        const QJsonObject t = value.toObject();
        table.addRow(
            {fieldText(t, u"ecu"_s), fieldText(t, u"hwId"_s), fieldText(t, u"version"_s), fieldText(t, u"length"_s)});
    }
    table.write(out, 2);
    for (const QJsonValue &value : targets) {
        const QJsonObject t = value.toObject();
        out << "\n  " << TextTable::printable(fieldText(t, u"ecu"_s)) << ":\n";
        writeFields(out,
                    {{u"SHA-256"_s, fieldText(t, u"sha256"_s)},
                     {u"SHA-1"_s, fieldText(t, u"sha1"_s)},
                     {u"MD5"_s, fieldText(t, u"md5"_s)},
                     {u"Length"_s, fieldText(t, u"length"_s) + u" bytes"}},
                    4);
    }
}

void printReleases(const QJsonObject &answer, QTextStream &out)
{
    const QJsonArray releases = answer.value(u"releases"_s).toArray();
    if (releases.isEmpty()) {
        out << "No releases.\n";
        return;
    }
    TextTable table(
        {u"ID"_s, u"NAME"_s, u"VERSION"_s, u"COUNTER"_s, u"KIND"_s, u"TARGETS"_s, u"OEM SIGNATURE"_s, u"IMPORTED"_s});
    for (const QJsonValue &value : releases) {
        const QJsonObject r = value.toObject();
        table.addRow({fieldText(r, u"id"_s), fieldText(r, u"name"_s), fieldText(r, u"version"_s),
                      fieldText(r, u"releaseCounter"_s), fieldText(r, u"kind"_s),
                      QString::number(r.value(u"targets"_s).toArray().size()), fieldText(r, u"oemSignature"_s),
                      fieldTime(r, u"createdAt"_s)});
    }
    table.write(out);
}

// ---- release import ----------------------------------------------------------------------------

struct ImageUpload
{
    QString ecu;
    QString path;
    qint64 size = 0;
    QString uploadId;
};

// Uploads the images one after the other in chunks, then creates the release. Every step is an
// asynchronous request; the object lives in the callbacks (shared_ptr) until finish is called.
class ReleaseImport final : public std::enable_shared_from_this<ReleaseImport>
{
public:
    ReleaseImport(ApiClient &client, QJsonObject manifest, QJsonValue signature, QString actor,
                  QList<ImageUpload> images, bool json, QTextStream &out, QTextStream &err,
                  std::function<void(int)> finish)
        : m_client(client)
        , m_manifest(std::move(manifest))
        , m_signature(std::move(signature))
        , m_actor(std::move(actor))
        , m_images(std::move(images))
        , m_json(json)
        , m_out(out)
        , m_err(err)
        , m_finish(std::move(finish))
    {}

    void start() { nextImage(); }

private:
    ImageUpload &current() { return m_images[m_index]; }

    void nextImage()
    {
        ++m_index;
        if (m_index >= m_images.size()) {
            createRelease();
            return;
        }
        m_file = std::make_unique<QFile>(current().path);
        if (!m_file->open(QIODevice::ReadOnly)) {
            fail(ExitApiError, u"cannot read %1: %2"_s.arg(current().path, m_file->errorString()));
            return;
        }
        current().size = m_file->size();
        m_offset = 0;
        m_failures = 0;
        m_reportedStep = 0;
        m_err << "Uploading " << current().ecu << " from " << current().path << " (" << mib(current().size) << ")\n";
        m_err.flush();
        ApiRequest request;
        request.method = "POST";
        request.path = {u"uploads"_s};
        m_client.send(request, [self = shared_from_this()](const ApiResponse &response) {
            if (response.outcome != ApiResponse::Outcome::Ok) {
                self->fail(response.outcome == ApiResponse::Outcome::ConnectionFailed ? ExitConnection : ExitApiError,
                           response.message);
                return;
            }
            self->current().uploadId = response.json.value(u"id"_s).toString();
            self->sendChunk();
        });
    }

    void sendChunk()
    {
        if (m_offset >= current().size) {
            m_err << "  " << current().ecu << ": done, " << current().size << " bytes\n";
            m_err.flush();
            nextImage();
            return;
        }
        const qint64 length = std::min(UploadChunkBytes, current().size - m_offset);
        QByteArray chunk;
        if (m_file->seek(m_offset))
            chunk = m_file->read(length);
        if (chunk.size() != length) {
            fail(ExitApiError,
                 u"cannot read %1 at byte %2: %3"_s.arg(current().path).arg(m_offset).arg(m_file->errorString()));
            return;
        }
        ApiRequest request;
        request.method = "PUT";
        request.path = {u"uploads"_s, current().uploadId};
        request.query = {{u"offset"_s, QString::number(m_offset)}};
        request.rawBody = std::move(chunk);
        m_client.send(request, [self = shared_from_this()](const ApiResponse &response) {
            if (response.outcome == ApiResponse::Outcome::Ok) {
                self->advanceTo(response.json.value(u"size"_s).toInteger());
                self->sendChunk();
                return;
            }
            self->chunkFailed(response);
        });
    }

    void advanceTo(qint64 size)
    {
        if (size > m_offset)
            m_failures = 0;
        m_offset = size;
        // A line per tenth, so that a log shows progress without a line per chunk.
        const int step = current().size > 0 ? int(10 * m_offset / current().size) : 10;
        if (step > m_reportedStep && m_offset < current().size) {
            m_reportedStep = step;
            m_err << "  " << current().ecu << ": " << step * 10 << " % (" << mib(m_offset) << " of "
                  << mib(current().size) << ")\n";
            m_err.flush();
        }
    }

    void chunkFailed(const ApiResponse &response)
    {
        const QJsonObject error = response.json.value(u"error"_s).toObject();
        if (response.httpStatus == 409 && error.value(u"size"_s).isDouble()) {
            // The server has a different size than we thought (a chunk arrived whose answer was
            // lost): continue from there.
            if (++m_failures > MaxAttempts) {
                fail(ExitApiError, response.message);
                return;
            }
            advanceTo(error.value(u"size"_s).toInteger());
            sendChunk();
            return;
        }
        const bool retryable = response.outcome == ApiResponse::Outcome::ConnectionFailed || response.httpStatus >= 500;
        if (!retryable || ++m_failures > MaxAttempts) {
            fail(response.outcome == ApiResponse::Outcome::ConnectionFailed ? ExitConnection : ExitApiError,
                 response.message);
            return;
        }
        const int delayMs = FirstRetryDelayMs << (m_failures - 1);
        m_err << "  " << current().ecu << ": the chunk at byte " << m_offset << " failed (" << response.message
              << "); retrying in " << QString::number(delayMs / 1000.0, 'f', 2) << " s (" << m_failures << " of "
              << MaxAttempts << ")\n";
        m_err.flush();
        QTimer::singleShot(delayMs, &m_client, [self = shared_from_this()] { self->resume(); });
    }

    // Asks the server how much of the upload it has, then goes on from there.
    void resume()
    {
        ApiRequest request;
        request.path = {u"uploads"_s, current().uploadId};
        m_client.send(request, [self = shared_from_this()](const ApiResponse &response) {
            if (response.outcome != ApiResponse::Outcome::Ok) {
                self->chunkFailed(response);
                return;
            }
            self->advanceTo(response.json.value(u"size"_s).toInteger());
            self->sendChunk();
        });
    }

    void createRelease()
    {
        QJsonArray targets = m_manifest.value(u"Targets"_s).toArray();
        for (qsizetype i = 0; i < targets.size(); ++i) {
            QJsonObject target = targets.at(i).toObject();
            target.remove(u"File"_s);
            target.insert(u"Upload"_s, m_images[i].uploadId);
            targets.replace(i, target);
        }
        QJsonObject body = m_manifest;
        body.insert(u"Targets"_s, targets);
        if (!m_signature.isUndefined())
            body.insert(u"Signature"_s, m_signature);
        if (!m_actor.isEmpty())
            body.insert(u"actor"_s, m_actor);
        ApiRequest request;
        request.method = "POST";
        request.path = {u"releases"_s};
        request.body = body;
        m_client.send(request, [self = shared_from_this()](const ApiResponse &response) {
            switch (response.outcome) {
            case ApiResponse::Outcome::Ok:
                if (self->m_json) {
                    self->m_out << response.body;
                    if (!response.body.endsWith('\n'))
                        self->m_out << '\n';
                } else {
                    self->m_out << "Imported:\n";
                    printRelease(response.json, self->m_out);
                }
                self->m_finish(ExitSuccess);
                return;
            case ApiResponse::Outcome::ApiError:
                self->fail(ExitApiError, response.message);
                return;
            case ApiResponse::Outcome::ConnectionFailed:
                self->fail(ExitConnection,
                           response.message + u" (the release may have been created: see 'flotillactl release list')");
                return;
            }
        });
    }

    // Reports the failure; uploads this run made are removed first (when the server is reachable)
    // rather than left for the hour until they expire.
    void fail(int exitCode, const QString &message)
    {
        m_err << "flotillactl: " << message << '\n';
        m_err.flush();
        if (exitCode == ExitConnection) {
            m_finish(exitCode);
            return;
        }
        removeUploads(0, exitCode);
    }

    void removeUploads(qsizetype from, int exitCode)
    {
        while (from < m_images.size() && m_images[from].uploadId.isEmpty())
            ++from;
        if (from >= m_images.size()) {
            m_finish(exitCode);
            return;
        }
        ApiRequest request;
        request.method = "DELETE";
        request.path = {u"uploads"_s, m_images[from].uploadId};
        m_client.send(request, [self = shared_from_this(), from, exitCode](const ApiResponse &) {
            self->removeUploads(from + 1, exitCode);
        });
    }

    ApiClient &m_client;
    QJsonObject m_manifest;
    QJsonValue m_signature; // undefined: no release.sig
    QString m_actor;
    QList<ImageUpload> m_images;
    bool m_json = false;
    QTextStream &m_out;
    QTextStream &m_err;
    std::function<void(int)> m_finish;

    qsizetype m_index = -1;
    std::unique_ptr<QFile> m_file;
    qint64 m_offset = 0;
    int m_failures = 0;
    int m_reportedStep = 0;
};

Result<QJsonObject> readJsonObject(const QString &path, qint64 maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    if (file.size() > maxBytes)
        return Error(u"%1 is larger than %2 bytes"_s.arg(path).arg(maxBytes));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error(
            u"%1 is not a JSON object: %2 (at byte %3)"_s.arg(path, parseError.errorString()).arg(parseError.offset));
    return document.object();
}

// Reads the folder before anything is sent: a missing image is a usage error, found at once.
Result<Command::Flow> importFlow(const QCommandLineParser &parser, const QStringList &arguments)
{
    const QDir folder(arguments[0]);
    if (!folder.exists())
        return Error(u"no folder %1"_s.arg(arguments[0]));
    auto manifest = readJsonObject(folder.filePath(u"release.json"_s), MaxManifestBytes);
    if (!manifest)
        return manifest.error();
    QList<ImageUpload> images;
    const QJsonArray targets = manifest->value(u"Targets"_s).toArray();
    if (targets.isEmpty())
        return Error(
            u"%1: Targets: expected an array of {Ecu, HwId, Version, File}"_s.arg(folder.filePath(u"release.json"_s)));
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const QJsonObject target = targets.at(i).toObject();
        const QString file = target.value(u"File"_s).toString();
        const QString path = folder.filePath(file);
        if (file.isEmpty() || !QFileInfo(path).isFile())
            return Error(u"release.json: Targets[%1].File: no such file in %2: '%3'"_s.arg(i).arg(folder.path(), file));
        images.append(ImageUpload{target.value(u"Ecu"_s).toString(), path, 0, {}});
    }
    QJsonValue signature(QJsonValue::Undefined);
    if (QFile::exists(folder.filePath(u"release.sig"_s))) {
        auto sig = readJsonObject(folder.filePath(u"release.sig"_s), 256 * 1024);
        if (!sig)
            return sig.error();
        signature = *sig;
    }
    const QString actor = actorOf(parser);

    return Command::Flow([manifest = *manifest, signature, actor, images](ApiClient &client, bool json,
                                                                          QTextStream &out, QTextStream &err,
                                                                          std::function<void(int)> finish) {
        std::make_shared<ReleaseImport>(client, manifest, signature, actor, images, json, out, err, std::move(finish))
            ->start();
    });
}

} // namespace

QList<Command> releaseCommands()
{
    QList<Command> all;

    all.append(
        {{u"release"_s, u"import"_s},
         {u"FOLDER"_s},
         u"Import a release: FOLDER holds release.json, its images and optionally release.sig"_s,
         {QCommandLineOption(QStringList{u"actor"_s}, u"Name written to the event log (default: $USER)"_s, u"NAME"_s)},
         {},
         {},
         {},
         importFlow});

    all.append({{u"release"_s, u"list"_s},
                {},
                u"Imported releases, newest first"_s,
                {},
                [](const QCommandLineParser &, const QStringList &) -> Result<ApiRequest> {
                    ApiRequest request;
                    request.path = {u"releases"_s};
                    return request;
                },
                printReleases});

    all.append({{u"release"_s, u"show"_s},
                {u"ID"_s},
                u"One release: manifest, OEM signature, targets with SHA-256, SHA-1, MD5 and length"_s,
                {},
                [](const QCommandLineParser &, const QStringList &args) -> Result<ApiRequest> {
                    bool ok = false;
                    if (args[0].toLongLong(&ok) <= 0 || !ok)
                        return Error(u"ID must be a release id (a positive integer), not '%1'"_s.arg(args[0]));
                    ApiRequest request;
                    request.path = {u"releases"_s, args[0]};
                    return request;
                },
                printRelease});
    return all;
}

} // namespace flotilla::cli

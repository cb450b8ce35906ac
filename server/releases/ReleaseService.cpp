#include "server/releases/ReleaseService.h"

#include "core/crypto/Keys.h"
#include "core/update/SignedDocument.h"
#include "server/EventBus.h"
#include "server/Events.h"
#include "server/releases/BlobStore.h"
#include "server/releases/UploadStore.h"
#include "server/store/Database.h"
#include "server/store/ReleaseRepositories.h"
#include "server/store/Repositories.h"
#include "server/store/StoreError.h"
#include "server/store/StoreWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcReleases, "flotilla.releases")

namespace flotilla::server::releases {

namespace {

constexpr qint64 MaxManifestBytes = 1024 * 1024;
constexpr qsizetype MaxTargets = 64;
constexpr qsizetype MaxUserTextLength = 4000;
constexpr qsizetype MaxListEntries = 256;
constexpr qint64 MaxExactInteger = 9007199254740991; // 2^53 - 1: JSON numbers are doubles

const QString ManifestFileName = u"release.json"_s;
const QString SignatureFileName = u"release.sig"_s;

Error badRequest(const QString &message)
{
    return Error(message, 400);
}

// Checks the members of one JSON object; the first problem wins and names the member's path,
// e.g. "Targets[1].HwId: expected ...".
class ManifestReader final
{
public:
    QString error;

    bool failed() const { return !error.isEmpty(); }
    void fail(const QString &path, const QString &problem)
    {
        if (error.isEmpty())
            error = path + u": " + problem;
    }

    // Every member must be one of known: a misspelt "Precondition" must not be dropped silently.
    void onlyKnown(const QJsonObject &object, const QString &prefix, const QStringList &known)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                fail(prefix + it.key(), u"unknown member (expected one of %1)"_s.arg(known.join(u", ")));
        }
    }

    QString text(const QJsonObject &object, const QString &key, const QString &path, const QRegularExpression &pattern,
                 const QString &what)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined()) {
            fail(path, u"missing (expected %1)"_s.arg(what));
            return {};
        }
        if (!value.isString() || !pattern.match(value.toString()).hasMatch()) {
            fail(path, u"expected %1"_s.arg(what));
            return {};
        }
        return value.toString();
    }

    QStringList texts(const QJsonObject &object, const QString &key, const QRegularExpression &pattern,
                      const QString &what)
    {
        const QJsonValue value = object.value(key);
        QStringList list;
        if (value.isUndefined())
            return list;
        const QJsonArray array = value.toArray();
        if (!value.isArray() || array.size() > MaxListEntries) {
            fail(key, u"expected an array of at most %1 strings, each %2"_s.arg(MaxListEntries).arg(what));
            return list;
        }
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString item = array.at(i).toString();
            if (!array.at(i).isString() || !pattern.match(item).hasMatch())
                fail(u"%1[%2]"_s.arg(key).arg(i), u"expected %1"_s.arg(what));
            else if (list.contains(item))
                fail(u"%1[%2]"_s.arg(key).arg(i), u"\"%1\" is listed twice"_s.arg(item));
            list.append(item);
        }
        return list;
    }
};

// Names, ids and versions end up in file names, URLs and command lines: printable ASCII only.
const QRegularExpression &namePattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$"_s);
    return pattern;
}
const QString NameRule = u"1-100 letters, digits or . _ + -, starting with a letter or digit"_s;

const QRegularExpression &versionPattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}$"_s);
    return pattern;
}
const QString VersionRule = u"1-64 letters, digits or . _ + ~ -, starting with a letter or digit"_s;

const QRegularExpression &idPattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$"_s);
    return pattern;
}
const QString IdRule = u"1-64 letters, digits or . _ + -, starting with a letter or digit"_s;

const QRegularExpression &rxswinPattern()
{
    static const QRegularExpression pattern(u"^[\\x21-\\x7e]{1,100}$"_s);
    return pattern;
}

// OBD/UDS trouble codes: P0A80, or with the failure-type byte, U010087.
const QRegularExpression &dtcPattern()
{
    static const QRegularExpression pattern(u"^[PCBU][0-9A-F]{4}([0-9A-F]{2})?$"_s);
    return pattern;
}

// BCP 47 language tags in their common forms: "en", "de-DE", "zh-Hans-CN".
const QRegularExpression &languagePattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"_s);
    return pattern;
}

const QRegularExpression &sha256Pattern()
{
    static const QRegularExpression pattern(u"^[0-9a-f]{64}$"_s);
    return pattern;
}

// A file inside the release folder: relative, no way out of it.
bool isSafeRelativePath(const QString &path)
{
    if (path.isEmpty() || path.size() > 255 || path.startsWith(u'/') || path.contains(u'\\') || path.contains(u'\0'))
        return false;
    const QStringList segments = path.split(u'/');
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == u"." || segment == u"..")
            return false;
    }
    return true;
}

QString integerText(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(value.toInteger()) : value.toVariant().toString();
}

bool isInteger(const QJsonValue &value, qint64 minimum)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return number == double(value.toInteger()) && value.toInteger() >= minimum && value.toInteger() <= MaxExactInteger;
}

// ---- OEM signature (release.sig) ---------------------------------------------------------------

struct SignedTarget
{
    QString hwId;
    QString version;
    QString sha256;
    qint64 length = 0;
};

struct VerifiedSignature
{
    QString keyId;
    QMap<QString, SignedTarget> targets; // by ECU
};

QList<crypto::PublicKey> loadOemKeys(const QString &folder)
{
    QList<crypto::PublicKey> keys;
    if (folder.isEmpty())
        return keys;
    const QFileInfoList files = QDir(folder).entryInfoList({u"*.pem"_s}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo &file : files) {
        QFile pemFile(file.filePath());
        if (!pemFile.open(QIODevice::ReadOnly) || pemFile.size() > 64 * 1024) {
            qCWarning(lcReleases) << "OEM key" << file.filePath() << "is unreadable or too large; skipped";
            continue;
        }
        auto key = crypto::PublicKey::fromPem(pemFile.readAll());
        if (!key) {
            qCWarning(lcReleases) << "OEM key" << file.filePath() << "skipped:" << key.errorString();
            continue;
        }
        keys.append(*key);
    }
    return keys;
}

// The signature's Signed part must describe exactly this release, and one trusted OEM key must
// have signed it. The digests are compared after the images were read (checkDigests).
Result<VerifiedSignature> verifySignature(const QByteArray &json, const ReleaseRecord &release,
                                          const QString &keysFolder)
{
    const auto fail = [](const QString &message) { return badRequest(u"OEM signature: "_s + message); };
    auto document = update::SignedDocument::parse(json);
    if (!document)
        return fail(document.errorString());
    const QJsonObject s = document->signedPart();
    if (s.value(u"Type"_s) != u"release"_s)
        return fail(u"Signed.Type: expected \"release\""_s);
    if (s.value(u"Name"_s) != release.name || s.value(u"Version"_s) != release.version) {
        return fail(u"signs %1 %2, not %3 %4"_s.arg(s.value(u"Name"_s).toString(), s.value(u"Version"_s).toString(),
                                                    release.name, release.version));
    }
    if (!isInteger(s.value(u"ReleaseCounter"_s), 0) ||
        s.value(u"ReleaseCounter"_s).toInteger() != release.releaseCounter)
        return fail(u"signs release counter %1, not %2"_s.arg(integerText(s.value(u"ReleaseCounter"_s)))
                        .arg(release.releaseCounter));
    if (!s.value(u"Targets"_s).isArray())
        return fail(u"Signed.Targets: expected an array"_s);

    VerifiedSignature verified;
    const QJsonArray targets = s.value(u"Targets"_s).toArray();
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const QJsonObject t = targets.at(i).toObject();
        const QString ecu = t.value(u"Ecu"_s).toString();
        SignedTarget target{t.value(u"HwId"_s).toString(), t.value(u"Version"_s).toString(),
                            t.value(u"Sha256"_s).toString(), t.value(u"Length"_s).toInteger()};
        if (!targets.at(i).isObject() || ecu.isEmpty() || target.hwId.isEmpty() || target.version.isEmpty() ||
            !sha256Pattern().match(target.sha256).hasMatch() || !isInteger(t.value(u"Length"_s), 0)) {
            return fail(u"Signed.Targets[%1]: expected {Ecu, HwId, Version, Sha256 (64 lowercase hex digits), "
                        u"Length}"_s.arg(i));
        }
        if (verified.targets.contains(ecu))
            return fail(u"Signed.Targets[%1]: ECU %2 is listed twice"_s.arg(i).arg(ecu));
        verified.targets.insert(ecu, target);
    }
    for (const ReleaseTarget &target : release.targets) {
        const auto it = verified.targets.constFind(target.ecu);
        if (it == verified.targets.cend())
            return fail(u"does not sign ECU %1"_s.arg(target.ecu));
        if (it->hwId != target.hwId || it->version != target.version) {
            return fail(u"signs ECU %1 as %2 %3, the manifest says %4 %5"_s.arg(target.ecu, it->hwId, it->version,
                                                                                target.hwId, target.version));
        }
    }
    if (verified.targets.size() != release.targets.size()) {
        for (auto it = verified.targets.cbegin(); it != verified.targets.cend(); ++it) {
            const bool listed = std::any_of(release.targets.cbegin(), release.targets.cend(),
                                            [&](const ReleaseTarget &target) { return target.ecu == it.key(); });
            if (!listed)
                return fail(u"signs ECU %1, which the manifest does not list"_s.arg(it.key()));
        }
    }

    const QList<crypto::PublicKey> keys = loadOemKeys(keysFolder);
    if (keys.isEmpty())
        return fail(u"no OEM public keys to check it with (put them, PEM, in %1)"_s.arg(keysFolder));
    for (const crypto::PublicKey &key : keys) {
        if (document->validSignatureCount({key}) > 0) {
            verified.keyId = key.keyId();
            return verified;
        }
    }
    return fail(u"not signed by any of the %1 OEM key(s) in %2"_s.arg(keys.size()).arg(keysFolder));
}

Status checkDigests(const VerifiedSignature &signature, const ReleaseRecord &release)
{
    for (const ReleaseTarget &target : release.targets) {
        const SignedTarget &signedTarget = signature.targets[target.ecu];
        if (signedTarget.sha256 != target.image.sha256 || signedTarget.length != target.image.length) {
            return badRequest(u"OEM signature: the image of ECU %1 is not the one signed (SHA-256 %2, %3 bytes; "
                              u"signed: %4, %5 bytes)"_s.arg(target.ecu, target.image.sha256)
                                  .arg(target.image.length)
                                  .arg(signedTarget.sha256)
                                  .arg(signedTarget.length));
        }
    }
    return {};
}

} // namespace

struct ReleaseService::Private
{
    std::shared_ptr<store::Database> database;
    store::StoreWriter &writer;
    BlobStore &blobs;
    QString oemKeysFolder;
    const Clock &clock;
    std::unique_ptr<UploadStore> uploads;
    EventBus *events = nullptr;
};

ReleaseService::ReleaseService(std::shared_ptr<store::Database> database, store::StoreWriter &writer, BlobStore &blobs,
                               QString oemKeysFolder, const Clock &clock)
    : d(std::make_unique<Private>(Private{std::move(database), writer, blobs, std::move(oemKeysFolder), clock,
                                          std::make_unique<UploadStore>(blobs.root() + u"/.uploads"_s, clock)}))
{}

ReleaseService::~ReleaseService() = default;

void ReleaseService::setEventBus(EventBus *bus)
{
    d->events = bus;
}

UploadStore &ReleaseService::uploads() const
{
    return *d->uploads;
}

Result<ReleaseService::Manifest> ReleaseService::parseManifest(const QJsonObject &json, ImageField field)
{
    const QString imageKey = field == ImageField::File ? u"File"_s : u"Upload"_s;
    ManifestReader in;
    in.onlyKnown(json, {},
                 {u"Name"_s, u"Version"_s, u"ReleaseCounter"_s, u"Kind"_s, u"HwIds"_s, u"Rxswin"_s, u"Preconditions"_s,
                  u"UserText"_s, u"DtcsToClear"_s, u"Targets"_s});

    Manifest manifest;
    manifest.json = json;
    ReleaseRecord &r = manifest.release;
    r.name = in.text(json, u"Name"_s, u"Name"_s, namePattern(), NameRule);
    r.version = in.text(json, u"Version"_s, u"Version"_s, versionPattern(), VersionRule);
    const QJsonValue counter = json.value(u"ReleaseCounter"_s);
    if (!isInteger(counter, 0))
        in.fail(u"ReleaseCounter"_s, u"expected an integer from 0 to 2^53 - 1 (the anti-rollback counter)"_s);
    r.releaseCounter = counter.toInteger();
    const QJsonValue kind = json.value(u"Kind"_s);
    if (kind != u"firmware"_s && kind != u"application"_s)
        in.fail(u"Kind"_s, u"expected \"firmware\" (FUMO) or \"application\" (SCOMO)"_s);
    r.kind = kind.toString();
    r.hwIds = in.texts(json, u"HwIds"_s, idPattern(), IdRule);
    r.rxswin = in.texts(json, u"Rxswin"_s, rxswinPattern(), u"1-100 printable characters"_s);
    r.dtcsToClear = in.texts(json, u"DtcsToClear"_s, dtcPattern(), u"a trouble code such as P0A80 or U010087"_s);

    if (json.contains(u"Preconditions"_s)) {
        const QJsonValue value = json.value(u"Preconditions"_s);
        const QJsonObject preconditions = value.toObject();
        if (!value.isObject())
            in.fail(u"Preconditions"_s, u"expected an object"_s);
        in.onlyKnown(preconditions, u"Preconditions."_s,
                     {u"MinBatteryPct"_s, u"Parked"_s, u"IgnitionOff"_s, u"Consent"_s});
        if (auto parsed = update::Preconditions::fromJson(preconditions))
            r.preconditions = *parsed;
        else if (!in.failed())
            in.error = parsed.errorString(); // names the member: "Preconditions.MinBatteryPct: ..."
    }

    if (json.contains(u"UserText"_s)) {
        const QJsonValue value = json.value(u"UserText"_s);
        const QJsonObject userText = value.toObject();
        if (!value.isObject())
            in.fail(u"UserText"_s, u"expected an object {language: text}"_s);
        for (auto it = userText.begin(); it != userText.end(); ++it) {
            const QString path = u"UserText."_s + it.key();
            if (!languagePattern().match(it.key()).hasMatch())
                in.fail(path, u"expected a language tag such as en or de-DE"_s);
            else if (!it.value().isString() || it.value().toString().trimmed().isEmpty() ||
                     it.value().toString().size() > MaxUserTextLength)
                in.fail(path, u"expected a text of 1-%1 characters"_s.arg(MaxUserTextLength));
            else
                r.userText.insert(it.key(), it.value().toString());
        }
    }

    const QJsonValue targetsValue = json.value(u"Targets"_s);
    const QJsonArray targets = targetsValue.toArray();
    if (!targetsValue.isArray() || targets.isEmpty() || targets.size() > MaxTargets)
        in.fail(u"Targets"_s,
                u"expected an array of 1-%1 targets {Ecu, HwId, Version, %2}"_s.arg(MaxTargets).arg(imageKey));
    for (qsizetype i = 0; i < targets.size() && !in.failed(); ++i) {
        const QString prefix = u"Targets[%1]"_s.arg(i);
        if (!targets.at(i).isObject()) {
            in.fail(prefix, u"expected an object {Ecu, HwId, Version, %1}"_s.arg(imageKey));
            break;
        }
        const QJsonObject t = targets.at(i).toObject();
        in.onlyKnown(t, prefix + u'.', {u"Ecu"_s, u"HwId"_s, u"Version"_s, imageKey});
        ReleaseTarget target;
        target.ecu = in.text(t, u"Ecu"_s, prefix + u".Ecu", idPattern(), IdRule);
        target.hwId = in.text(t, u"HwId"_s, prefix + u".HwId", idPattern(), IdRule);
        target.version = in.text(t, u"Version"_s, prefix + u".Version", versionPattern(), VersionRule);
        const QString image = t.value(imageKey).toString();
        if (field == ImageField::File && !isSafeRelativePath(image))
            in.fail(prefix + u".File", u"expected a file name inside the release folder (no .. or leading /)"_s);
        if (field == ImageField::Upload && image.isEmpty())
            in.fail(prefix + u".Upload", u"expected the id of an upload (POST /api/v1/uploads)"_s);
        if (manifest.files.contains(target.ecu))
            in.fail(prefix + u".Ecu", u"ECU %1 has a target already: one image per ECU"_s.arg(target.ecu));
        if (json.contains(u"HwIds"_s) && !target.hwId.isEmpty() && !r.hwIds.contains(target.hwId))
            in.fail(prefix + u".HwId", u"%1 is not in HwIds (%2)"_s.arg(target.hwId, r.hwIds.join(u", ")));
        manifest.files.insert(target.ecu, image);
        r.targets.append(target);
    }
    if (in.failed())
        return badRequest(in.error);
    // Without HwIds, the release is for the hardware its targets name.
    if (r.hwIds.isEmpty()) {
        for (const ReleaseTarget &target : std::as_const(r.targets)) {
            if (!r.hwIds.contains(target.hwId))
                r.hwIds.append(target.hwId);
        }
    }
    return manifest;
}

Result<ReleaseRecord> ReleaseService::importFolder(const QString &folder, const QString &actor)
{
    const QDir dir(folder);
    if (!dir.exists())
        return badRequest(u"no release folder %1"_s.arg(folder));
    QFile manifestFile(dir.filePath(ManifestFileName));
    if (!manifestFile.open(QIODevice::ReadOnly))
        return badRequest(u"cannot read %1: %2"_s.arg(manifestFile.fileName(), manifestFile.errorString()));
    if (manifestFile.size() > MaxManifestBytes)
        return badRequest(u"%1 is larger than %2 bytes"_s.arg(ManifestFileName).arg(MaxManifestBytes));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(manifestFile.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return badRequest(u"%1 is not a JSON object: %2 (at byte %3)"_s.arg(ManifestFileName, parseError.errorString(),
                                                                            QString::number(parseError.offset)));
    }
    Result<Manifest> manifest = parseManifest(document.object(), ImageField::File);
    if (!manifest)
        return badRequest(ManifestFileName + u": " + manifest.errorString());

    QMap<QString, QString> imagePaths;
    for (auto it = manifest->files.cbegin(); it != manifest->files.cend(); ++it)
        imagePaths.insert(it.key(), dir.filePath(it.value()));

    QByteArray signature;
    QFile signatureFile(dir.filePath(SignatureFileName));
    if (signatureFile.exists()) {
        if (!signatureFile.open(QIODevice::ReadOnly))
            return badRequest(u"cannot read %1: %2"_s.arg(signatureFile.fileName(), signatureFile.errorString()));
        // One byte more than allowed, so that SignedDocument::parse sees an oversized file as such.
        signature = signatureFile.read(update::SignedDocument::MaxBytes + 1);
        if (signature.isEmpty())
            return badRequest(u"%1 is empty"_s.arg(SignatureFileName));
    }
    return importFiles(*manifest, imagePaths, signature, actor);
}

Result<ReleaseRecord> ReleaseService::importFiles(const Manifest &manifest, const QMap<QString, QString> &imagePaths,
                                                  const QByteArray &oemSignature, const QString &actor)
{
    ReleaseRecord release = manifest.release;
    for (const ReleaseTarget &target : std::as_const(release.targets)) {
        const QString path = imagePaths.value(target.ecu);
        if (path.isEmpty())
            return badRequest(u"no image for ECU %1"_s.arg(target.ecu));
        if (!QFileInfo(path).isFile())
            return badRequest(u"the image of ECU %1 is not a file: %2"_s.arg(target.ecu, path));
    }
    // Cheap refusals first: a duplicate or a bad signature must not cost streaming gigabytes.
    auto existing = find(release.name, release.version);
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        return Error(u"release %1 %2 exists already (id %3)"_s.arg(release.name, release.version).arg((*existing)->id),
                     409);
    }
    std::optional<VerifiedSignature> signature;
    if (!oemSignature.isEmpty()) {
        auto verified = verifySignature(oemSignature, release, d->oemKeysFolder);
        if (!verified)
            return verified.error();
        signature = std::move(*verified);
    }

    // Images go in before any row is written, outside any transaction: copying gigabytes must not
    // hold the store's write lock. A failure from here on leaves blobs without rows, which are
    // harmless (content-addressed: the next import of the same bytes reuses the file).
    const qint64 now = d->clock.nowMs();
    for (ReleaseTarget &target : release.targets) {
        auto image = d->blobs.copyFile(imagePaths.value(target.ecu), u"image"_s, now);
        if (!image)
            return Error(u"ECU %1: %2"_s.arg(target.ecu, image.errorString()));
        target.image = *image;
    }
    if (signature) {
        if (Status matches = checkDigests(*signature, release); !matches)
            return matches.error();
        release.oemSignature = u"valid"_s;
        release.oemKeyId = signature->keyId;
    } else {
        release.oemSignature = u"none"_s;
        release.oemKeyId.clear();
    }
    release.createdAtMs = now;
    release.createdBy = actor;

    // All rows in one transaction: a release row never exists without every one of its targets.
    qint64 eventId = 0;
    Status stored = d->writer.run([&release, &eventId](QSqlDatabase &db) -> Status {
        for (const ReleaseTarget &target : std::as_const(release.targets)) {
            if (Status recorded = BlobStore::record(db, target.image); !recorded)
                return recorded;
        }
        auto id = store::ReleaseRepository(db).insert(release);
        if (!id)
            return id.error();
        release.id = *id;
        store::EventRecord event;
        event.atMs = release.createdAtMs;
        event.kind = event::ReleaseImported.toString();
        event.actor = release.createdBy;
        event.summary = u"Release %1 %2 imported: %3 target(s), OEM signature %4"_s.arg(release.name, release.version)
                            .arg(release.targets.size())
                            .arg(release.oemSignature);
        event.data = QJsonObject{{u"releaseId"_s, release.id},
                                 {u"name"_s, release.name},
                                 {u"version"_s, release.version},
                                 {u"oemSignature"_s, release.oemSignature}};
        auto appended = store::EventLog(db).append(event);
        if (!appended)
            return appended.error();
        eventId = *appended;
        return {};
    });
    if (!stored) {
        // Two imports of the same release at once: the second one loses at the UNIQUE constraint.
        if (store::storeError(stored.error()) == store::StoreError::Constraint) {
            auto raced = find(release.name, release.version);
            if (raced && raced->has_value())
                return Error(
                    u"release %1 %2 exists already (id %3)"_s.arg(release.name, release.version).arg((*raced)->id),
                    409);
        }
        return stored.error();
    }
    qCInfo(lcReleases).noquote() << "release" << release.name << release.version << "imported as" << release.id << "by"
                                 << actor << "OEM signature:" << release.oemSignature;
    if (d->events) {
        Q_EMIT d->events->releasesChanged();
        Q_EMIT d->events->eventsAppended(eventId);
    }
    return release;
}

Result<ReleaseRecord> ReleaseService::importUploads(const QJsonObject &manifestJson, const QByteArray &oemSignature,
                                                    const QString &actor)
{
    Result<Manifest> manifest = parseManifest(manifestJson, ImageField::Upload);
    if (!manifest)
        return manifest.error();
    QMap<QString, QString> imagePaths;
    for (auto it = manifest->files.cbegin(); it != manifest->files.cend(); ++it) {
        auto path = d->uploads->pathOf(it.value());
        if (!path)
            return badRequest(u"ECU %1: %2"_s.arg(it.key(), path.errorString()));
        imagePaths.insert(it.key(), *path);
    }
    Result<ReleaseRecord> imported = importFiles(*manifest, imagePaths, oemSignature, actor);
    if (imported) {
        for (const QString &upload : std::as_const(manifest->files))
            d->uploads->remove(upload);
    }
    return imported;
}

Result<QList<ReleaseRecord>> ReleaseService::list() const
{
    return store::ReleaseRepository(d->database->connection()).list();
}

Result<std::optional<ReleaseRecord>> ReleaseService::find(qint64 id) const
{
    return store::ReleaseRepository(d->database->connection()).findById(id);
}

Result<std::optional<ReleaseRecord>> ReleaseService::find(const QString &name, const QString &version) const
{
    return store::ReleaseRepository(d->database->connection()).find(name, version);
}

Result<QMap<QString, BlobRecord>> ReleaseService::imagesForHwId(const QString &hwId) const
{
    return store::ReleaseRepository(d->database->connection()).imagesForHwId(hwId);
}

} // namespace flotilla::server::releases

// Releases and the blob store on a real SQLite file: streaming import of a file larger than any
// buffer (digests checked against Qt's own hashes, not the code under test), idempotence, manifest
// validation, OEM signatures (valid, invalid, digests that differ), duplicates, all-or-nothing
// imports, and the resumable uploads of the management API.

#include "core/crypto/Keys.h"
#include "core/update/SignedDocument.h"
#include "server/Events.h"
#include "server/releases/BlobStore.h"
#include "server/releases/ReleaseService.h"
#include "server/releases/UploadStore.h"
#include "server/store/Database.h"
#include "server/store/ReleaseRepositories.h"
#include "server/store/Repositories.h"
#include "server/store/StoreWriter.h"
#include "tests/tst_store_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::server::releases;

namespace {

// Independent digests of what a test writes: Qt's implementation, not the OpenSSL MultiHasher.
struct Expected
{
    QString sha256, sha1, md5;
    qint64 length = 0;
};

// Writes size pseudo-random bytes (xorshift, so every chunk differs) in pieces of 1 MiB + 17
// (never aligned with the store's own chunks) and returns their digests.
Expected writeGenerated(const QString &path, qint64 size, quint32 seed)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QCryptographicHash sha256(QCryptographicHash::Sha256), sha1(QCryptographicHash::Sha1), md5(QCryptographicHash::Md5);
    constexpr qint64 Piece = 1024 * 1024 + 17;
    QByteArray buffer(Piece, Qt::Uninitialized);
    quint32 x = seed;
    for (qint64 written = 0; written < size;) {
        const qint64 count = std::min(Piece, size - written);
        for (qint64 i = 0; i < count; ++i) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buffer[i] = char(x >> 24);
        }
        const QByteArrayView piece(buffer.constData(), count);
        sha256.addData(piece);
        sha1.addData(piece);
        md5.addData(piece);
        if (file.write(piece.data(), count) != count)
            return {};
        written += count;
    }
    return {QString::fromLatin1(sha256.result().toHex()), QString::fromLatin1(sha1.result().toHex()),
            QString::fromLatin1(md5.result().toHex()), size};
}

QString sha256Of(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QJsonObject validManifest()
{
    return QJsonObject{
        {u"Name"_s, u"tcu-firmware"_s},
        {u"Version"_s, u"2024.09.0"_s},
        {u"ReleaseCounter"_s, 42},
        {u"Kind"_s, u"firmware"_s},
        {u"Rxswin"_s, QJsonArray{u"R156-VW-0002"_s}},
        {u"Preconditions"_s,
         QJsonObject{
             {u"MinBatteryPct"_s, 60}, {u"Parked"_s, true}, {u"IgnitionOff"_s, true}, {u"Consent"_s, u"required"_s}}},
        {u"UserText"_s, QJsonObject{{u"en"_s, u"Faster start-up."_s}, {u"de-DE"_s, u"Schnellerer Start."_s}}},
        {u"DtcsToClear"_s, QJsonArray{u"P0A80"_s, u"U010087"_s}},
        {u"Targets"_s, QJsonArray{QJsonObject{{u"Ecu"_s, u"TCU"_s},
                                              {u"HwId"_s, u"TCU-B2"_s},
                                              {u"Version"_s, u"2024.09.0"_s},
                                              {u"File"_s, u"tcu.bin"_s}},
                                  QJsonObject{{u"Ecu"_s, u"BCM"_s},
                                              {u"HwId"_s, u"BCM-7"_s},
                                              {u"Version"_s, u"7.2.0"_s},
                                              {u"File"_s, u"images/bcm.bin"_s}}}},
    };
}

// Sets value at a path of object keys and array indexes, e.g. {"Targets", 0, "HwId"}; an
// undefined value removes the member.
void setPath(QJsonObject &object, const QVariantList &path, const QJsonValue &value);

void setPath(QJsonValue &node, const QVariantList &path, const QJsonValue &value)
{
    if (path.isEmpty()) {
        node = value;
        return;
    }
    if (path.first().typeId() == QMetaType::Int) {
        QJsonArray array = node.toArray();
        QJsonValue child = array.at(path.first().toInt());
        setPath(child, path.mid(1), value);
        array.replace(path.first().toInt(), child);
        node = array;
    } else {
        QJsonObject object = node.toObject();
        setPath(object, path, value);
        node = object;
    }
}

void setPath(QJsonObject &object, const QVariantList &path, const QJsonValue &value)
{
    const QString key = path.first().toString();
    if (path.size() == 1) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return;
    }
    QJsonValue child = object.value(key);
    setPath(child, path.mid(1), value);
    object.insert(key, child);
}

// The Signed part of release.sig for the images of a folder made by makeFolder().
QJsonObject signedRelease(const QJsonObject &manifest, const QMap<QString, QByteArray> &images)
{
    QJsonArray targets;
    for (const QJsonValue &value : manifest.value(u"Targets"_s).toArray()) {
        const QJsonObject t = value.toObject();
        const QByteArray image = images.value(t.value(u"Ecu"_s).toString());
        targets.append(QJsonObject{{u"Ecu"_s, t.value(u"Ecu"_s)},
                                   {u"HwId"_s, t.value(u"HwId"_s)},
                                   {u"Version"_s, t.value(u"Version"_s)},
                                   {u"Sha256"_s, sha256Of(image)},
                                   {u"Length"_s, image.size()}});
    }
    return QJsonObject{{u"Type"_s, u"release"_s},
                       {u"Name"_s, manifest.value(u"Name"_s)},
                       {u"Version"_s, manifest.value(u"Version"_s)},
                       {u"ReleaseCounter"_s, manifest.value(u"ReleaseCounter"_s)},
                       {u"Targets"_s, targets}};
}

QByteArray signedBy(const QJsonObject &signedPart, const crypto::PrivateKey &key)
{
    update::SignedDocument document(signedPart);
    if (!document.sign(key))
        return {};
    return document.toJson();
}

} // namespace

class TestReleases : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void streamsALargeFileWithItsDigests();
    void importIsIdempotent();
    void importDataAndFind();
    void failedImportLeavesNothing();

    void manifestValidation_data();
    void manifestValidation();
    void manifestDefaults();

    void importFolder();
    void duplicateIsRefused();
    void missingImageImportsNothing();
    void importIsAllOrNothing();
    void oemSignatureValid();
    void oemSignatureRefused_data();
    void oemSignatureRefused();
    void oemSignatureDigestMismatch();
    void imagesForHwId();

    void uploadsAppendAtTheirSize();
    void uploadsExpireWhenIdle();
    void uploadsHaveAQuota();
    void importFromUploads();

private:
    // A release folder with release.json and two images; returns the images by ECU.
    QMap<QString, QByteArray> makeFolder(const QString &folder, const QJsonObject &manifest = validManifest());
    QList<BlobRecord> blobRows();
    qint64 count(const QString &table);
    QStringList leftoverTemporaries();

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
    std::shared_ptr<store::Database> m_database;
    std::unique_ptr<store::StoreWriter> m_writer;
    std::unique_ptr<BlobStore> m_blobs;
    std::unique_ptr<ReleaseService> m_releases;
    QString m_oemKeys;
};

void TestReleases::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = test::openStore(*m_dir);
    QVERIFY(m_database);
    m_writer = std::make_unique<store::StoreWriter>(m_database);
    m_blobs = std::make_unique<BlobStore>(m_dir->filePath(u"blobs"_s));
    m_oemKeys = m_dir->filePath(u"keys/oem"_s);
    QVERIFY(QDir().mkpath(m_oemKeys));
    m_releases = std::make_unique<ReleaseService>(m_database, *m_writer, *m_blobs, m_oemKeys, m_clock);
}

void TestReleases::cleanup()
{
    m_releases.reset();
    m_blobs.reset();
    m_writer.reset();
    m_database.reset();
    m_dir.reset();
}

QMap<QString, QByteArray> TestReleases::makeFolder(const QString &folder, const QJsonObject &manifest)
{
    QMap<QString, QByteArray> images;
    images.insert(u"TCU"_s, QByteArray("TCU image ") + QByteArray(300000, 't') + folder.toUtf8());
    images.insert(u"BCM"_s, QByteArray("BCM image ") + QByteArray(70000, 'b') + folder.toUtf8());
    writeFile(folder + u"/tcu.bin", images.value(u"TCU"_s));
    writeFile(folder + u"/images/bcm.bin", images.value(u"BCM"_s));
    writeFile(folder + u"/release.json", QJsonDocument(manifest).toJson());
    return images;
}

QList<BlobRecord> TestReleases::blobRows()
{
    QList<BlobRecord> rows;
    QSqlQuery query(m_database->connection());
    if (!query.exec(u"SELECT sha256, length, kind FROM blobs ORDER BY sha256"_s))
        return rows;
    while (query.next()) {
        BlobRecord blob;
        blob.sha256 = query.value(0).toString();
        blob.length = query.value(1).toLongLong();
        blob.kind = query.value(2).toString();
        rows.append(blob);
    }
    return rows;
}

qint64 TestReleases::count(const QString &table)
{
    return test::queryValue(m_database->connection(), u"SELECT COUNT(*) FROM "_s + table).toLongLong();
}

QStringList TestReleases::leftoverTemporaries()
{
    return QDir(m_blobs->root()).entryList({u".incoming-*"_s}, QDir::Files | QDir::Hidden);
}

void TestReleases::streamsALargeFileWithItsDigests()
{
    // 64 MiB and a bit: 64 times the store's copy buffer, and not a multiple of it.
    const qint64 size = 64 * BlobStore::ChunkSize + 12345;
    QVERIFY(size > 8 * BlobStore::ChunkSize);
    const QString source = m_dir->filePath(u"large.img"_s);
    const Expected expected = writeGenerated(source, size, 2024);
    QCOMPARE(expected.length, size);

    QSqlDatabase db = m_database->connection();
    const auto blob = m_blobs->importFile(db, source, u"image"_s, 1000);
    QVERIFY2(blob, qPrintable(blob.errorString()));
    QCOMPARE(blob->sha256, expected.sha256);
    QCOMPARE(blob->sha1, expected.sha1);
    QCOMPARE(blob->md5, expected.md5);
    QCOMPARE(blob->length, size);
    QCOMPARE(blob->kind, u"image"_s);
    QCOMPARE(blob->createdAtMs, qint64(1000));

    // In place under its digest, with the same bytes, and recorded.
    const QString stored = m_blobs->pathOf(expected.sha256);
    QCOMPARE(stored, m_blobs->root() + u'/' + expected.sha256);
    QCOMPARE(QFileInfo(stored).size(), size);
    QFile file(stored);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCryptographicHash rehash(QCryptographicHash::Sha256);
    QVERIFY(rehash.addData(&file));
    QCOMPARE(QString::fromLatin1(rehash.result().toHex()), expected.sha256);
    const auto found = m_blobs->find(db, expected.sha256);
    QVERIFY(found && found->has_value());
    QCOMPARE((*found)->length, size);
    QCOMPARE((*found)->md5, expected.md5);
    QVERIFY(leftoverTemporaries().isEmpty());
}

void TestReleases::importIsIdempotent()
{
    const QString source = m_dir->filePath(u"a.bin"_s);
    const Expected expected = writeGenerated(source, 3 * BlobStore::ChunkSize + 5, 1);
    QSqlDatabase db = m_database->connection();
    const auto first = m_blobs->importFile(db, source, u"image"_s, 100);
    QVERIFY(first);
    const auto second = m_blobs->importFile(db, source, u"package"_s, 200);
    QVERIFY(second);
    QCOMPARE(second->sha256, first->sha256);
    // The row is the first import's: content-addressed, one row per content.
    QCOMPARE(second->kind, u"image"_s);
    QCOMPARE(second->createdAtMs, qint64(100));
    QCOMPARE(count(u"blobs"_s), qint64(1));
    const QStringList files = QDir(m_blobs->root()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(files, QStringList{expected.sha256});
    // Same bytes from memory: same blob.
    QFile file(source);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto fromData = m_blobs->importData(db, file.readAll(), u"image"_s, 300);
    QVERIFY(fromData);
    QCOMPARE(fromData->sha256, expected.sha256);
    QCOMPARE(count(u"blobs"_s), qint64(1));
}

void TestReleases::importDataAndFind()
{
    QSqlDatabase db = m_database->connection();
    const QByteArray data = R"({"Signed":{"Type":"update-instruction"},"Signatures":[]})";
    const auto blob = m_blobs->importData(db, data, u"instruction"_s, 5);
    QVERIFY(blob);
    QCOMPARE(blob->sha256, sha256Of(data));
    QCOMPARE(blob->sha1, QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha1).toHex()));
    QCOMPARE(blob->md5, QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex()));
    QCOMPARE(blob->length, data.size());
    QFile file(m_blobs->pathOf(blob->sha256));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), data);

    const auto found = m_blobs->find(db, blob->sha256);
    QVERIFY(found && found->has_value());
    QCOMPARE((*found)->kind, u"instruction"_s);
    const auto unknown = m_blobs->find(db, QString(64, u'0'));
    QVERIFY(unknown && !unknown->has_value());
    const auto invalid = m_blobs->find(db, u"../flotilla.db"_s);
    QVERIFY(invalid && !invalid->has_value());
    // Empty content is a blob too.
    const auto empty = m_blobs->importData(db, QByteArray(), u"bundle"_s, 6);
    QVERIFY(empty);
    QCOMPARE(empty->sha256, sha256Of(QByteArray()));
    QCOMPARE(empty->length, qint64(0));
}

void TestReleases::failedImportLeavesNothing()
{
    QSqlDatabase db = m_database->connection();
    const auto missing = m_blobs->importFile(db, m_dir->filePath(u"nope.bin"_s), u"image"_s, 1);
    QVERIFY(!missing);
    QVERIFY2(missing.errorString().contains(u"nope.bin"), qPrintable(missing.errorString()));
    const auto badKind = m_blobs->importData(db, "x", u"movie"_s, 1);
    QVERIFY(!badKind);
    QVERIFY(badKind.errorString().contains(u"movie"));
    QCOMPARE(count(u"blobs"_s), qint64(0));
    QVERIFY(leftoverTemporaries().isEmpty());
}

void TestReleases::manifestValidation_data()
{
    QTest::addColumn<QVariantList>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error"); // expected start of the message

    const QJsonValue remove = QJsonValue(QJsonValue::Undefined);
    QTest::newRow("no Name") << QVariantList{u"Name"_s} << remove << u"Name: missing"_s;
    QTest::newRow("Name with a space") << QVariantList{u"Name"_s} << QJsonValue(u"tcu firmware"_s)
                                       << u"Name: expected"_s;
    QTest::newRow("Name not a string") << QVariantList{u"Name"_s} << QJsonValue(7) << u"Name: expected"_s;
    QTest::newRow("no Version") << QVariantList{u"Version"_s} << remove << u"Version: missing"_s;
    QTest::newRow("Version with a slash")
        << QVariantList{u"Version"_s} << QJsonValue(u"1/2"_s) << u"Version: expected"_s;
    QTest::newRow("no ReleaseCounter") << QVariantList{u"ReleaseCounter"_s} << remove << u"ReleaseCounter: expected"_s;
    QTest::newRow("negative ReleaseCounter")
        << QVariantList{u"ReleaseCounter"_s} << QJsonValue(-1) << u"ReleaseCounter: expected"_s;
    QTest::newRow("fractional ReleaseCounter")
        << QVariantList{u"ReleaseCounter"_s} << QJsonValue(1.5) << u"ReleaseCounter: expected"_s;
    QTest::newRow("ReleaseCounter as text")
        << QVariantList{u"ReleaseCounter"_s} << QJsonValue(u"42"_s) << u"ReleaseCounter: expected"_s;
    QTest::newRow("no Kind") << QVariantList{u"Kind"_s} << remove << u"Kind: expected"_s;
    QTest::newRow("other Kind") << QVariantList{u"Kind"_s} << QJsonValue(u"bootloader"_s) << u"Kind: expected"_s;
    QTest::newRow("misspelt member") << QVariantList{u"Precondition"_s} << QJsonValue(QJsonObject())
                                     << u"Precondition: unknown member"_s;
    QTest::newRow("HwIds not a list") << QVariantList{u"HwIds"_s} << QJsonValue(u"TCU-B2"_s) << u"HwIds: expected"_s;
    QTest::newRow("HwIds twice") << QVariantList{u"HwIds"_s} << QJsonValue(QJsonArray{u"TCU-B2"_s, u"TCU-B2"_s})
                                 << u"HwIds[1]: \"TCU-B2\" is listed twice"_s;
    QTest::newRow("target HwId not in HwIds") << QVariantList{u"HwIds"_s} << QJsonValue(QJsonArray{u"TCU-B2"_s})
                                              << u"Targets[1].HwId: BCM-7 is not in HwIds"_s;
    QTest::newRow("battery over 100") << QVariantList{u"Preconditions"_s, u"MinBatteryPct"_s} << QJsonValue(150)
                                      << u"Preconditions.MinBatteryPct: expected 0-100"_s;
    QTest::newRow("consent maybe") << QVariantList{u"Preconditions"_s, u"Consent"_s} << QJsonValue(u"maybe"_s)
                                   << u"Preconditions.Consent: expected"_s;
    QTest::newRow("unknown precondition")
        << QVariantList{u"Preconditions"_s, u"Gear"_s} << QJsonValue(u"P"_s) << u"Preconditions.Gear: unknown member"_s;
    QTest::newRow("empty user text") << QVariantList{u"UserText"_s, u"en"_s} << QJsonValue(u" "_s)
                                     << u"UserText.en: expected a text"_s;
    QTest::newRow("bad language") << QVariantList{u"UserText"_s, u"english!"_s} << QJsonValue(u"x"_s)
                                  << u"UserText.english!: expected a language tag"_s;
    QTest::newRow("lower-case DTC") << QVariantList{u"DtcsToClear"_s} << QJsonValue(QJsonArray{u"p0a80"_s})
                                    << u"DtcsToClear[0]: expected"_s;
    QTest::newRow("no Targets") << QVariantList{u"Targets"_s} << remove << u"Targets: expected"_s;
    QTest::newRow("empty Targets") << QVariantList{u"Targets"_s} << QJsonValue(QJsonArray()) << u"Targets: expected"_s;
    QTest::newRow("target not an object")
        << QVariantList{u"Targets"_s, 1} << QJsonValue(u"bcm.bin"_s) << u"Targets[1]: expected an object"_s;
    QTest::newRow("target without HwId") << QVariantList{u"Targets"_s, 0, u"HwId"_s} << remove
                                         << u"Targets[0].HwId: missing"_s;
    QTest::newRow("target without Version")
        << QVariantList{u"Targets"_s, 1, u"Version"_s} << remove << u"Targets[1].Version: missing"_s;
    QTest::newRow("target with a digest")
        << QVariantList{u"Targets"_s, 0, u"Sha256"_s} << QJsonValue(u"ab"_s) << u"Targets[0].Sha256: unknown member"_s;
    QTest::newRow("same ECU twice") << QVariantList{u"Targets"_s, 1, u"Ecu"_s} << QJsonValue(u"TCU"_s)
                                    << u"Targets[1].Ecu: ECU TCU has a target already"_s;
    QTest::newRow("file outside the folder") << QVariantList{u"Targets"_s, 0, u"File"_s} << QJsonValue(u"../tcu.bin"_s)
                                             << u"Targets[0].File: expected a file name inside"_s;
    QTest::newRow("absolute file") << QVariantList{u"Targets"_s, 0, u"File"_s} << QJsonValue(u"/etc/passwd"_s)
                                   << u"Targets[0].File: expected a file name inside"_s;
    QTest::newRow("no file") << QVariantList{u"Targets"_s, 1, u"File"_s} << remove
                             << u"Targets[1].File: expected a file name inside"_s;
}

void TestReleases::manifestValidation()
{
    QFETCH(QVariantList, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    QJsonObject manifest = validManifest();
    QVERIFY(ReleaseService::parseManifest(manifest)); // the base is valid, so the change is what fails
    setPath(manifest, path, value);
    const auto parsed = ReleaseService::parseManifest(manifest);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, 400);
    QVERIFY2(parsed.errorString().startsWith(error), qPrintable(parsed.errorString()));
}

void TestReleases::manifestDefaults()
{
    const auto parsed = ReleaseService::parseManifest(validManifest());
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    const ReleaseRecord &r = parsed->release;
    QCOMPARE(r.name, u"tcu-firmware"_s);
    QCOMPARE(r.releaseCounter, qint64(42));
    QCOMPARE(r.hwIds, (QStringList{u"TCU-B2"_s, u"BCM-7"_s})); // from the targets, in their order
    QCOMPARE(r.preconditions.minBatteryPct, 60);
    QVERIFY(r.preconditions.parked && r.preconditions.ignitionOff);
    QCOMPARE(r.userText.value(u"de-DE"_s), u"Schnellerer Start."_s);
    QCOMPARE(r.dtcsToClear, (QStringList{u"P0A80"_s, u"U010087"_s}));
    QCOMPARE(r.targets.size(), 2);
    QCOMPARE(r.targets[1].ecu, u"BCM"_s);
    QCOMPARE(parsed->files.value(u"BCM"_s), u"images/bcm.bin"_s);

    // The minimal manifest: preconditions default to consent required and nothing else.
    QJsonObject minimal = validManifest();
    for (const QString &key : {u"Rxswin"_s, u"Preconditions"_s, u"UserText"_s, u"DtcsToClear"_s})
        minimal.remove(key);
    const auto small = ReleaseService::parseManifest(minimal);
    QVERIFY2(small, qPrintable(small.errorString()));
    QCOMPARE(small->release.preconditions.consent, u"required"_s);
    QCOMPARE(small->release.preconditions.minBatteryPct, 0);
    QVERIFY(small->release.userText.isEmpty());

    // The API's form names uploads, and File is then unknown.
    QJsonObject api = validManifest();
    setPath(api, {u"Targets"_s, 0, u"File"_s}, QJsonValue(QJsonValue::Undefined));
    setPath(api, {u"Targets"_s, 0, u"Upload"_s}, u"0123"_s);
    const auto viaUpload = ReleaseService::parseManifest(api, ReleaseService::ImageField::Upload);
    QVERIFY(!viaUpload);
    QVERIFY2(viaUpload.errorString().startsWith(u"Targets[1].File: unknown member"),
             qPrintable(viaUpload.errorString()));
}

void TestReleases::importFolder()
{
    const QString folder = m_dir->filePath(u"release"_s);
    const QMap<QString, QByteArray> images = makeFolder(folder);
    m_clock.setNowMs(1'800'000'000'000);
    const auto imported = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY2(imported, qPrintable(imported.errorString()));
    QVERIFY(imported->id > 0);
    QCOMPARE(imported->oemSignature, u"none"_s);
    QCOMPARE(imported->oemKeyId, QString());
    QCOMPARE(imported->createdBy, u"alice"_s);
    QCOMPARE(imported->createdAtMs, qint64(1'800'000'000'000));
    QCOMPARE(imported->targets.size(), 2);
    for (const ReleaseTarget &target : imported->targets) {
        const QByteArray image = images.value(target.ecu);
        QCOMPARE(target.image.sha256, sha256Of(image));
        QCOMPARE(target.image.md5,
                 QString::fromLatin1(QCryptographicHash::hash(image, QCryptographicHash::Md5).toHex()));
        QCOMPARE(target.image.length, image.size());
        QCOMPARE(target.image.kind, u"image"_s);
        QCOMPARE(QFileInfo(m_blobs->pathOf(target.image.sha256)).size(), image.size());
    }

    // What the store gives back is what was imported, targets in manifest order.
    const auto found = m_releases->find(imported->id);
    QVERIFY(found && found->has_value());
    const ReleaseRecord &r = **found;
    QCOMPARE(r.name, u"tcu-firmware"_s);
    QCOMPARE(r.version, u"2024.09.0"_s);
    QCOMPARE(r.kind, u"firmware"_s);
    QCOMPARE(r.rxswin, QStringList{u"R156-VW-0002"_s});
    QCOMPARE(r.preconditions.minBatteryPct, 60);
    QCOMPARE(r.preconditions.consent, u"required"_s);
    QCOMPARE(r.userText.value(u"en"_s), u"Faster start-up."_s);
    QCOMPARE(r.dtcsToClear, (QStringList{u"P0A80"_s, u"U010087"_s}));
    QCOMPARE(r.targets.size(), 2);
    QCOMPARE(r.targets[0].ecu, u"TCU"_s);
    QCOMPARE(r.targets[1].ecu, u"BCM"_s);
    QCOMPARE(r.targets[1].image.sha1, imported->targets[1].image.sha1);
    const auto byName = m_releases->find(u"tcu-firmware"_s, u"2024.09.0"_s);
    QVERIFY(byName && byName->has_value());
    QCOMPARE((*byName)->id, imported->id);
    const auto list = m_releases->list();
    QVERIFY(list);
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().targets.size(), 2);

    // The audit trail names who imported what.
    const auto events = store::EventLog(m_database->connection()).list(0, 10);
    QVERIFY(events);
    QCOMPARE(events->size(), 1);
    QCOMPARE(events->first().kind, server::event::ReleaseImported.toString());
    QCOMPARE(events->first().actor, u"alice"_s);
    QCOMPARE(events->first().data.value(u"releaseId"_s).toInteger(), imported->id);
}

void TestReleases::duplicateIsRefused()
{
    const QString folder = m_dir->filePath(u"release"_s);
    makeFolder(folder);
    QVERIFY(m_releases->importFolder(folder, u"alice"_s));
    const auto again = m_releases->importFolder(folder, u"bob"_s);
    QVERIFY(!again);
    QCOMPARE(again.error().code, 409);
    QVERIFY2(again.errorString().contains(u"tcu-firmware 2024.09.0 exists already"), qPrintable(again.errorString()));
    QCOMPARE(count(u"releases"_s), qint64(1));
    QCOMPARE(count(u"release_targets"_s), qint64(2));

    // Another version of the same release is a different release.
    QJsonObject next = validManifest();
    next.insert(u"Version"_s, u"2024.10.0"_s);
    const QString nextFolder = m_dir->filePath(u"next"_s);
    makeFolder(nextFolder, next);
    QVERIFY(m_releases->importFolder(nextFolder, u"alice"_s));
    QCOMPARE(count(u"releases"_s), qint64(2));
}

void TestReleases::missingImageImportsNothing()
{
    const QString folder = m_dir->filePath(u"release"_s);
    makeFolder(folder);
    QVERIFY(QFile::remove(folder + u"/images/bcm.bin"));
    const auto imported = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY(!imported);
    QCOMPARE(imported.error().code, 400);
    QVERIFY2(imported.errorString().contains(u"BCM"), qPrintable(imported.errorString()));
    QCOMPARE(count(u"releases"_s), qint64(0));
    QCOMPARE(count(u"release_targets"_s), qint64(0));
    QCOMPARE(count(u"blobs"_s), qint64(0));
    QCOMPARE(count(u"events"_s), qint64(0));

    QVERIFY(!m_releases->importFolder(m_dir->filePath(u"no-such-folder"_s), u"alice"_s));
    writeFile(folder + u"/release.json", "{ not json");
    const auto broken = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY(!broken);
    QVERIFY2(broken.errorString().startsWith(u"release.json is not a JSON object"), qPrintable(broken.errorString()));
}

void TestReleases::importIsAllOrNothing()
{
    // A failure after the first target's row (here: the store refuses the second one) must leave
    // no release row and no target row; the blobs may stay, they are content-addressed.
    const QString folder = m_dir->filePath(u"release"_s);
    makeFolder(folder);
    {
        test::RawConnection raw(m_dir->filePath(u"store.db"_s));
        QVERIFY(raw.exec(u"CREATE TRIGGER refuse_second_target BEFORE INSERT ON release_targets "
                         u"WHEN NEW.position = 1 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"_s));
    }
    const auto failed = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY(!failed);
    QVERIFY2(failed.errorString().contains(u"disk on fire"), qPrintable(failed.errorString()));
    QCOMPARE(count(u"releases"_s), qint64(0));
    QCOMPARE(count(u"release_targets"_s), qint64(0));
    QCOMPARE(count(u"events"_s), qint64(0));
    QVERIFY(!m_releases->find(u"tcu-firmware"_s, u"2024.09.0"_s)->has_value());

    {
        test::RawConnection raw(m_dir->filePath(u"store.db"_s));
        QVERIFY(raw.exec(u"DROP TRIGGER refuse_second_target"_s));
    }
    const auto imported = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY2(imported, qPrintable(imported.errorString()));
    QCOMPARE(count(u"release_targets"_s), qint64(2));
    QCOMPARE(count(u"blobs"_s), qint64(2));
}

void TestReleases::oemSignatureValid()
{
    auto key = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    QVERIFY(key);
    // Another OEM key in the folder, and a file that is no key, do not get in the way.
    auto other = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    QVERIFY(writeFile(m_oemKeys + u"/a-other.pem", other->publicKey().toPem()));
    QVERIFY(writeFile(m_oemKeys + u"/b-broken.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    QVERIFY(writeFile(m_oemKeys + u"/oem.pem", key->publicKey().toPem()));

    const QString folder = m_dir->filePath(u"release"_s);
    const auto images = makeFolder(folder);
    QVERIFY(writeFile(folder + u"/release.sig", signedBy(signedRelease(validManifest(), images), *key)));
    const auto imported = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY2(imported, qPrintable(imported.errorString()));
    QCOMPARE(imported->oemSignature, u"valid"_s);
    QCOMPARE(imported->oemKeyId, key->publicKey().keyId());
    const auto stored = m_releases->find(imported->id);
    QCOMPARE((*stored)->oemSignature, u"valid"_s);
    QCOMPARE((*stored)->oemKeyId, key->publicKey().keyId());
}

void TestReleases::oemSignatureRefused_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown key") << u"unknown key"_s << u"OEM signature: not signed by any of the 1 OEM key(s)"_s;
    QTest::newRow("no keys") << u"no keys"_s << u"OEM signature: no OEM public keys"_s;
    QTest::newRow("altered after signing") << u"altered"_s << u"OEM signature: not signed by any"_s;
    QTest::newRow("other version") << u"version"_s << u"OEM signature: signs tcu-firmware 2024.08.0"_s;
    QTest::newRow("lower counter") << u"counter"_s << u"OEM signature: signs release counter 41"_s;
    QTest::newRow("ECU missing") << u"ecu"_s << u"OEM signature: does not sign ECU BCM"_s;
    QTest::newRow("other type") << u"type"_s << u"OEM signature: Signed.Type"_s;
    QTest::newRow("not a document") << u"garbage"_s << u"OEM signature:"_s;
}

void TestReleases::oemSignatureRefused()
{
    QFETCH(QString, how);
    QFETCH(QString, error);
    auto trusted = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    auto stranger = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    if (how != u"no keys")
        QVERIFY(writeFile(m_oemKeys + u"/oem.pem", trusted->publicKey().toPem()));

    const QString folder = m_dir->filePath(u"release"_s);
    const auto images = makeFolder(folder);
    QJsonObject signedPart = signedRelease(validManifest(), images);
    QByteArray sig;
    if (how == u"unknown key") {
        sig = signedBy(signedPart, *stranger);
    } else if (how == u"altered") {
        // Signed, then the lengths "corrected": the signature no longer covers what it says.
        const QJsonObject document = QJsonDocument::fromJson(signedBy(signedPart, *trusted)).object();
        QJsonObject altered = document;
        QJsonObject s = altered.value(u"Signed"_s).toObject();
        setPath(s, {u"Targets"_s, 0, u"Length"_s}, 1);
        altered.insert(u"Signed"_s, s);
        sig = QJsonDocument(altered).toJson();
    } else if (how == u"garbage") {
        sig = "not json at all";
    } else {
        if (how == u"version")
            signedPart.insert(u"Version"_s, u"2024.08.0"_s);
        if (how == u"counter")
            signedPart.insert(u"ReleaseCounter"_s, 41);
        if (how == u"type")
            signedPart.insert(u"Type"_s, u"update-instruction"_s);
        if (how == u"ecu") {
            QJsonArray targets = signedPart.value(u"Targets"_s).toArray();
            targets.removeAt(1);
            signedPart.insert(u"Targets"_s, targets);
        }
        sig = signedBy(signedPart, *trusted);
    }
    QVERIFY(writeFile(folder + u"/release.sig", sig));
    const auto imported = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY(!imported);
    QCOMPARE(imported.error().code, 400);
    QVERIFY2(imported.errorString().startsWith(error), qPrintable(imported.errorString()));
    QCOMPARE(count(u"releases"_s), qint64(0));
    QCOMPARE(count(u"release_targets"_s), qint64(0));
    // Refused before a single image was read.
    QCOMPARE(count(u"blobs"_s), qint64(0));
    QVERIFY(QDir(m_blobs->root()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

void TestReleases::oemSignatureDigestMismatch()
{
    auto key = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    QVERIFY(writeFile(m_oemKeys + u"/oem.pem", key->publicKey().toPem()));
    const QString folder = m_dir->filePath(u"release"_s);
    QMap<QString, QByteArray> images = makeFolder(folder);
    // The OEM signed other BCM bytes than the ones in the folder (same length: only the digest differs).
    QByteArray signedBcm = images.value(u"BCM"_s);
    signedBcm[100] = 'X';
    images.insert(u"BCM"_s, signedBcm);
    QVERIFY(writeFile(folder + u"/release.sig", signedBy(signedRelease(validManifest(), images), *key)));
    const auto imported = m_releases->importFolder(folder, u"alice"_s);
    QVERIFY(!imported);
    QCOMPARE(imported.error().code, 400);
    QVERIFY2(imported.errorString().startsWith(u"OEM signature: the image of ECU BCM is not the one signed"),
             qPrintable(imported.errorString()));
    QCOMPARE(count(u"releases"_s), qint64(0));
    QCOMPARE(count(u"release_targets"_s), qint64(0));
}

void TestReleases::imagesForHwId()
{
    const QString older = m_dir->filePath(u"older"_s);
    QJsonObject manifest = validManifest();
    manifest.insert(u"Version"_s, u"2024.05.1"_s);
    setPath(manifest, {u"Targets"_s, 0, u"Version"_s}, u"2024.05.1"_s);
    const auto olderImages = makeFolder(older, manifest);
    QVERIFY(m_releases->importFolder(older, u"alice"_s));
    const QString newer = m_dir->filePath(u"newer"_s);
    const auto newerImages = makeFolder(newer);
    QVERIFY(m_releases->importFolder(newer, u"alice"_s));

    const auto tcu = m_releases->imagesForHwId(u"TCU-B2"_s);
    QVERIFY(tcu);
    QCOMPARE(tcu->keys(), (QStringList{u"2024.05.1"_s, u"2024.09.0"_s}));
    QCOMPARE(tcu->value(u"2024.05.1"_s).sha256, sha256Of(olderImages.value(u"TCU"_s)));
    QCOMPARE(tcu->value(u"2024.09.0"_s).sha256, sha256Of(newerImages.value(u"TCU"_s)));
    QCOMPARE(tcu->value(u"2024.09.0"_s).length, newerImages.value(u"TCU"_s).size());
    // BCM 7.2.0 is in both releases with different bytes: the newer release's image wins.
    const auto bcm = m_releases->imagesForHwId(u"BCM-7"_s);
    QCOMPARE(bcm->keys(), QStringList{u"7.2.0"_s});
    QCOMPARE(bcm->value(u"7.2.0"_s).sha256, sha256Of(newerImages.value(u"BCM"_s)));
    QVERIFY(m_releases->imagesForHwId(u"HU-C"_s)->isEmpty());
}

void TestReleases::uploadsAppendAtTheirSize()
{
    UploadStore &uploads = m_releases->uploads();
    const auto created = uploads.create();
    QVERIFY(created);
    QCOMPARE(created->size, qint64(0));
    QCOMPARE(created->id.size(), 32);
    QVERIFY(uploads.append(created->id, 0, "hello "));
    // A chunk sent again (its answer got lost) is refused with the size to continue from.
    qint64 size = -1;
    const auto repeated = uploads.append(created->id, 0, "hello ", &size);
    QVERIFY(!repeated);
    QCOMPARE(repeated.error().code, 409);
    QCOMPARE(size, qint64(6));
    QVERIFY2(repeated.errorString().contains(u"6 bytes"), qPrintable(repeated.errorString()));
    QCOMPARE(uploads.append(created->id, 99, "x").error().code, 409);
    const auto done = uploads.append(created->id, 6, "world", &size);
    QVERIFY(done);
    QCOMPARE(done->size, qint64(11));
    QCOMPARE(size, qint64(11));
    const auto path = uploads.pathOf(created->id);
    QVERIFY(path);
    QFile file(*path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("hello world"));
    QCOMPARE(uploads.append(u"no-such-upload"_s, 0, "x").error().code, 404);
    uploads.remove(created->id);
    QVERIFY(!QFile::exists(*path));
    QCOMPARE(uploads.info(created->id).error().code, 404);
}

void TestReleases::uploadsExpireWhenIdle()
{
    UploadStore &uploads = m_releases->uploads();
    const auto kept = uploads.create();
    const auto idle = uploads.create();
    QVERIFY(kept && idle);
    QCOMPARE(idle->expiresAtMs, m_clock.nowMs() + UploadStore::DefaultMaxIdleMs);
    m_clock.advanceMs(40 * 60 * 1000);
    QVERIFY(uploads.append(kept->id, 0, "x")); // data moves its expiry
    m_clock.advanceMs(30 * 60 * 1000);
    QCOMPARE(uploads.info(idle->id).error().code, 404);
    QVERIFY(!QFile::exists(uploads.folder() + u'/' + idle->id));
    const auto stillThere = uploads.info(kept->id);
    QVERIFY(stillThere);
    QCOMPARE(stillThere->size, qint64(1));
    m_clock.advanceMs(31 * 60 * 1000);
    QCOMPARE(uploads.append(kept->id, 1, "y").error().code, 404);
}

void TestReleases::uploadsHaveAQuota()
{
    UploadStore uploads(m_dir->filePath(u"quota"_s), m_clock, UploadStore::DefaultMaxIdleMs, 10);
    const auto upload = uploads.create();
    QVERIFY(upload);
    QVERIFY(uploads.append(upload->id, 0, "0123456789"));
    QCOMPARE(uploads.append(upload->id, 10, "x").error().code, 413);
    QCOMPARE(uploads.info(upload->id)->size, qint64(10));
    for (int i = 1; i < UploadStore::MaxOpenUploads; ++i)
        QVERIFY(uploads.create());
    QCOMPARE(uploads.create().error().code, 503);
}

void TestReleases::importFromUploads()
{
    UploadStore &uploads = m_releases->uploads();
    const QByteArray tcu = QByteArray(2500000, 'T') + "end";
    const QByteArray bcm = QByteArray(1000, 'B');
    const auto tcuUpload = uploads.create();
    const auto bcmUpload = uploads.create();
    for (qint64 offset = 0; offset < tcu.size(); offset += 1024 * 1024)
        QVERIFY(uploads.append(
            tcuUpload->id, offset,
            QByteArrayView(tcu).sliced(offset).first(std::min<qint64>(1024 * 1024, tcu.size() - offset))));
    QVERIFY(uploads.append(bcmUpload->id, 0, bcm));

    QJsonObject manifest = validManifest();
    setPath(manifest, {u"Targets"_s, 0, u"File"_s}, QJsonValue(QJsonValue::Undefined));
    setPath(manifest, {u"Targets"_s, 0, u"Upload"_s}, tcuUpload->id);
    setPath(manifest, {u"Targets"_s, 1, u"File"_s}, QJsonValue(QJsonValue::Undefined));
    setPath(manifest, {u"Targets"_s, 1, u"Upload"_s}, u"unknown"_s);
    const auto unknown = m_releases->importUploads(manifest, {}, u"ci"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, 400);
    QVERIFY2(unknown.errorString().startsWith(u"ECU BCM: no upload 'unknown'"), qPrintable(unknown.errorString()));

    setPath(manifest, {u"Targets"_s, 1, u"Upload"_s}, bcmUpload->id);
    const auto imported = m_releases->importUploads(manifest, {}, u"ci"_s);
    QVERIFY2(imported, qPrintable(imported.errorString()));
    QCOMPARE(imported->targets[0].image.sha256, sha256Of(tcu));
    QCOMPARE(imported->targets[1].image.sha256, sha256Of(bcm));
    QCOMPARE(imported->createdBy, u"ci"_s);
    // Consumed uploads are gone.
    QCOMPARE(uploads.info(tcuUpload->id).error().code, 404);
    QCOMPARE(uploads.info(bcmUpload->id).error().code, 404);
}

QTEST_GUILESS_MAIN(TestReleases)
#include "tst_releases.moc"

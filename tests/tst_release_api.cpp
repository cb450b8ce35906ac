// Releases through the management API and flotillactl against a real ServerRuntime over loopback
// TLS: resumable uploads, POST /releases with an OEM signature, listing; `flotillactl release
// import` of a folder, list and show; and an import whose connection is cut mid-chunk, which
// resumes where the server's copy ends.

#include "core/crypto/Keys.h"
#include "core/update/SignedDocument.h"
#include "server/ServerRuntime.h"
#include "tests/ApiTestSupport.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MiB = 1024 * 1024;

QJsonObject jsonOf(const test::RawResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
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

QByteArray generated(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    quint32 x = seed;
    for (qsizetype i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = char(x >> 24);
    }
    return data;
}

QJsonObject manifest(const QString &version, const QString &tcuField, const QString &tcuValue, const QString &bcmField,
                     const QString &bcmValue)
{
    return QJsonObject{
        {u"Name"_s, u"hu-firmware"_s},
        {u"Version"_s, version},
        {u"ReleaseCounter"_s, 7},
        {u"Kind"_s, u"firmware"_s},
        {u"Preconditions"_s, QJsonObject{{u"MinBatteryPct"_s, 50}, {u"Parked"_s, true}}},
        {u"UserText"_s, QJsonObject{{u"en"_s, u"Navigation maps 2026."_s}}},
        {u"Targets"_s,
         QJsonArray{
             QJsonObject{
                 {u"Ecu"_s, u"headunit"_s}, {u"HwId"_s, u"hu-gen3"_s}, {u"Version"_s, version}, {tcuField, tcuValue}},
             QJsonObject{
                 {u"Ecu"_s, u"cluster"_s}, {u"HwId"_s, u"ic-2"_s}, {u"Version"_s, u"4.1"_s}, {bcmField, bcmValue}}}},
    };
}

QByteArray signature(const QJsonObject &manifest, const QList<QByteArray> &images, const crypto::PrivateKey &key)
{
    QJsonArray targets;
    const QJsonArray listed = manifest.value(u"Targets"_s).toArray();
    for (qsizetype i = 0; i < listed.size(); ++i) {
        const QJsonObject t = listed.at(i).toObject();
        targets.append(QJsonObject{{u"Ecu"_s, t.value(u"Ecu"_s)},
                                   {u"HwId"_s, t.value(u"HwId"_s)},
                                   {u"Version"_s, t.value(u"Version"_s)},
                                   {u"Sha256"_s, sha256Of(images[i])},
                                   {u"Length"_s, images[i].size()}});
    }
    update::SignedDocument document(QJsonObject{{u"Type"_s, u"release"_s},
                                                {u"Name"_s, manifest.value(u"Name"_s)},
                                                {u"Version"_s, manifest.value(u"Version"_s)},
                                                {u"ReleaseCounter"_s, manifest.value(u"ReleaseCounter"_s)},
                                                {u"Targets"_s, targets}});
    if (!document.sign(key))
        return {};
    return document.toJson();
}

// A TCP relay between flotillactl and the API (the TLS passes through untouched). Once
// cutAfterBytes of requests went up, it drops that connection and refuses the next few, as a
// flaky network would; after that it relays normally.
class CuttingProxy final : public QObject
{
public:
    CuttingProxy(quint16 target, qint64 cutAfterBytes)
        : m_target(target)
        , m_cutAfter(cutAfterBytes)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &CuttingProxy::accept);
        m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }
    int cuts() const { return m_cuts; }
    int refused() const { return m_refused; }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            client->setParent(this);
            if (m_refuseNext > 0) {
                --m_refuseNext;
                ++m_refused;
                client->abort();
                client->deleteLater();
                continue;
            }
            auto *upstream = new QTcpSocket(this);
            upstream->connectToHost(QHostAddress::LocalHost, m_target);
            connect(client, &QTcpSocket::readyRead, this, [this, client, upstream] {
                const QByteArray data = client->readAll();
                m_upBytes += data.size();
                if (m_cuts == 0 && m_upBytes > m_cutAfter) {
                    ++m_cuts;
                    m_refuseNext = 3;
                    client->abort();
                    upstream->abort();
                    return;
                }
                upstream->write(data);
            });
            connect(upstream, &QTcpSocket::readyRead, this, [client, upstream] { client->write(upstream->readAll()); });
            connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
            connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        }
    }

    QTcpServer m_server;
    quint16 m_target;
    qint64 m_cutAfter;
    qint64 m_upBytes = 0;
    int m_cuts = 0;
    int m_refuseNext = 0;
    int m_refused = 0;
};

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

} // namespace

class tst_ReleaseApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void uploads();
    void oversizedChunkIs413();
    void releaseFromUploads();
    void releaseErrors_data();
    void releaseErrors();
    void unknownReleaseIs404();

    void cliImportListShow();
    void cliImportErrors();
    void cliImportResumesAfterACutConnection();

private:
    test::RawResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                           const QByteArray &contentType = "application/json");
    QString upload(const QByteArray &data); // a complete upload's id
    QStringList openUploads() const;
    QString makeFolder(const QString &name, const QString &version, QList<QByteArray> images, bool sign);
    QProcessEnvironment environment() const;
    Run run(const QStringList &arguments);

    QTemporaryDir m_dir;
    QTemporaryDir m_home;
    std::unique_ptr<server::ServerRuntime> m_runtime;
    crypto::PrivateKey m_oemKey;
};

void tst_ReleaseApi::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(FLOTILLACTL_PATH)));
    QVERIFY(m_dir.isValid() && m_home.isValid());
    m_runtime = test::startApiTestRuntime(m_dir.filePath(u"data"_s));
    QVERIFY(m_runtime);
    auto key = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    QVERIFY(key);
    m_oemKey = std::move(*key);
    // The OEM's public key where the server looks for it (read at every import).
    QVERIFY(writeFile(m_runtime->dataDir() + u"/keys/oem/oem-release.pem", m_oemKey.publicKey().toPem()));
}

void tst_ReleaseApi::cleanupTestCase()
{
    m_runtime.reset();
}

test::RawResponse tst_ReleaseApi::call(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                       const QByteArray &contentType)
{
    test::RawTlsClient client(m_runtime->caCertificatePem());
    if (!client.connectTo(u"127.0.0.1"_s, m_runtime->apiPort())) {
        qWarning("cannot connect to the API: %s", qPrintable(client.errorString()));
        return {};
    }
    QList<std::pair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + m_runtime->apiToken().toUtf8()}};
    if (!body.isEmpty())
        headers.append({"Content-Type", contentType});
    return client.request(method, target, headers, body);
}

QString tst_ReleaseApi::upload(const QByteArray &data)
{
    const test::RawResponse created = call("POST", "/api/v1/uploads");
    if (created.status != 201)
        return {};
    const QString id = jsonOf(created).value(u"id"_s).toString();
    for (qint64 offset = 0; offset < data.size(); offset += MiB) {
        const test::RawResponse put =
            call("PUT", "/api/v1/uploads/" + id.toLatin1() + "?offset=" + QByteArray::number(offset),
                 data.mid(offset, MiB), "application/octet-stream");
        if (put.status != 200)
            return {};
    }
    return id;
}

QStringList tst_ReleaseApi::openUploads() const
{
    return QDir(m_runtime->dataDir() + u"/blobs/.uploads"_s).entryList(QDir::Files);
}

QString tst_ReleaseApi::makeFolder(const QString &name, const QString &version, QList<QByteArray> images, bool sign)
{
    const QString folder = m_dir.filePath(name);
    const QJsonObject m = manifest(version, u"File"_s, u"hu.img"_s, u"File"_s, u"ic/ic.img"_s);
    writeFile(folder + u"/hu.img", images[0]);
    writeFile(folder + u"/ic/ic.img", images[1]);
    writeFile(folder + u"/release.json", QJsonDocument(m).toJson());
    if (sign)
        writeFile(folder + u"/release.sig", signature(m, images, m_oemKey));
    return folder;
}

QProcessEnvironment tst_ReleaseApi::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(u"FLOTILLA_"))
            env.remove(name);
    }
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"share"_s));
    env.insert(u"USER"_s, u"tester"_s);
    return env;
}

Run tst_ReleaseApi::run(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(FLOTILLACTL_PATH), QStringList{u"--data-dir"_s, m_runtime->dataDir()} + arguments);
    Run result;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void tst_ReleaseApi::uploads()
{
    const test::RawResponse created = call("POST", "/api/v1/uploads");
    QCOMPARE(created.status, 201);
    const QString id = jsonOf(created).value(u"id"_s).toString();
    QCOMPARE(id.size(), 32);
    QCOMPARE(jsonOf(created).value(u"size"_s).toInteger(), 0);
    QVERIFY(jsonOf(created).value(u"expiresAt"_s).isString());
    const QByteArray target = "/api/v1/uploads/" + id.toLatin1();

    // A body of exactly the API's 1 MiB limit.
    const QByteArray chunk = generated(MiB, 3);
    const test::RawResponse first = call("PUT", target + "?offset=0", chunk, "application/octet-stream");
    QCOMPARE(first.status, 200);
    QCOMPARE(jsonOf(first).value(u"size"_s).toInteger(), MiB);
    // The same chunk again (its answer was lost): 409 with the size to go on from.
    const test::RawResponse again = call("PUT", target + "?offset=0", chunk, "application/octet-stream");
    QCOMPARE(again.status, 409);
    const QJsonObject error = jsonOf(again).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"status"_s).toInt(), 409);
    QCOMPARE(error.value(u"size"_s).toInteger(), MiB);
    QVERIFY2(error.value(u"message"_s).toString().contains(u"1048576 bytes"), again.body);
    // Any content type: these are bytes, not JSON.
    const test::RawResponse second = call("PUT", target + "?offset=1048576", "tail", "text/plain");
    QCOMPARE(second.status, 200);
    QCOMPARE(jsonOf(second).value(u"size"_s).toInteger(), MiB + 4);
    QCOMPARE(call("PUT", target, "x", "application/octet-stream").status, 400); // no offset
    QCOMPARE(call("PUT", target + "?offset=-1", "x", "application/octet-stream").status, 400);
    QCOMPARE(call("PUT", target + "?offset=1&size=2", "x", "application/octet-stream").status, 400);

    const test::RawResponse info = call("GET", target);
    QCOMPARE(info.status, 200);
    QCOMPARE(jsonOf(info).value(u"size"_s).toInteger(), MiB + 4);
    QFile file(m_runtime->dataDir() + u"/blobs/.uploads/"_s + id);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), chunk + "tail");

    QCOMPARE(call("DELETE", target).status, 200);
    QCOMPARE(call("GET", target).status, 404);
    QCOMPARE(call("PUT", target + "?offset=0", "x", "application/octet-stream").status, 404);
    QCOMPARE(call("DELETE", target).status, 404);
    QVERIFY(!openUploads().contains(id));
}

void tst_ReleaseApi::oversizedChunkIs413()
{
    const QString id = jsonOf(call("POST", "/api/v1/uploads")).value(u"id"_s).toString();
    const test::RawResponse tooLarge = call("PUT", "/api/v1/uploads/" + id.toLatin1() + "?offset=0",
                                            QByteArray(MiB + 1, 'x'), "application/octet-stream");
    QCOMPARE(tooLarge.status, 413);
    QCOMPARE(jsonOf(call("GET", "/api/v1/uploads/" + id.toLatin1())).value(u"size"_s).toInteger(), 0);
    QCOMPARE(call("DELETE", "/api/v1/uploads/" + id.toLatin1()).status, 200);
}

void tst_ReleaseApi::releaseFromUploads()
{
    const QList<QByteArray> images{generated(2 * MiB + 321, 5), generated(4000, 6)};
    const QString hu = upload(images[0]);
    const QString ic = upload(images[1]);
    QVERIFY(!hu.isEmpty() && !ic.isEmpty());
    const QJsonObject m = manifest(u"3.0.0"_s, u"Upload"_s, hu, u"Upload"_s, ic);
    QJsonObject body = m;
    body.insert(u"Signature"_s, QJsonDocument::fromJson(signature(m, images, m_oemKey)).object());
    body.insert(u"actor"_s, u"ci-pipeline"_s);
    const test::RawResponse created = call("POST", "/api/v1/releases", QJsonDocument(body).toJson());
    QCOMPARE(created.status, 201);
    const QJsonObject release = jsonOf(created).value(u"release"_s).toObject();
    QVERIFY(release.value(u"id"_s).toInteger() > 0);
    QCOMPARE(release.value(u"name"_s).toString(), u"hu-firmware"_s);
    QCOMPARE(release.value(u"version"_s).toString(), u"3.0.0"_s);
    QCOMPARE(release.value(u"releaseCounter"_s).toInteger(), 7);
    QCOMPARE(release.value(u"oemSignature"_s).toString(), u"valid"_s);
    QCOMPARE(release.value(u"oemKeyId"_s).toString(), m_oemKey.publicKey().keyId());
    QCOMPARE(release.value(u"createdBy"_s).toString(), u"ci-pipeline"_s);
    QCOMPARE(release.value(u"preconditions"_s).toObject().value(u"minBatteryPct"_s).toInt(), 50);
    QCOMPARE(release.value(u"userText"_s).toObject().value(u"en"_s).toString(), u"Navigation maps 2026."_s);
    const QJsonArray targets = release.value(u"targets"_s).toArray();
    QCOMPARE(targets.size(), 2);
    for (qsizetype i = 0; i < 2; ++i) {
        const QJsonObject t = targets.at(i).toObject();
        QCOMPARE(t.value(u"sha256"_s).toString(), sha256Of(images[i]));
        QCOMPARE(t.value(u"sha1"_s).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(images[i], QCryptographicHash::Sha1).toHex()));
        QCOMPARE(t.value(u"md5"_s).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(images[i], QCryptographicHash::Md5).toHex()));
        QCOMPARE(t.value(u"length"_s).toInteger(), images[i].size());
    }
    // The uploads were consumed.
    QCOMPARE(call("GET", "/api/v1/uploads/" + hu.toLatin1()).status, 404);

    const qint64 id = release.value(u"id"_s).toInteger();
    const test::RawResponse shown = call("GET", "/api/v1/releases/" + QByteArray::number(id));
    QCOMPARE(shown.status, 200);
    QCOMPARE(jsonOf(shown).value(u"release"_s).toObject(), release);
    const test::RawResponse listed = call("GET", "/api/v1/releases");
    QCOMPARE(listed.status, 200);
    bool found = false;
    for (const QJsonValue &value : jsonOf(listed).value(u"releases"_s).toArray())
        found = found || value.toObject().value(u"id"_s).toInteger() == id;
    QVERIFY(found);
    QCOMPARE(jsonOf(listed).value(u"count"_s).toInt(), jsonOf(listed).value(u"releases"_s).toArray().size());

    // The same release again: 409, and a new upload for it is left alone.
    QJsonObject again = manifest(u"3.0.0"_s, u"Upload"_s, upload(images[0]), u"Upload"_s, upload(images[1]));
    const test::RawResponse duplicate = call("POST", "/api/v1/releases", QJsonDocument(again).toJson());
    QCOMPARE(duplicate.status, 409);
}

void tst_ReleaseApi::releaseErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString id = upload("small image");
    QJsonObject bad = manifest(u"3.1.0"_s, u"Upload"_s, id, u"Upload"_s, id);
    bad.insert(u"Kind"_s, u"bootloader"_s);
    QTest::newRow("bad kind") << QJsonDocument(bad).toJson() << 400 << u"Kind: expected"_s;
    QJsonObject unknownUpload = manifest(u"3.1.0"_s, u"Upload"_s, id, u"Upload"_s, u"feed"_s);
    QTest::newRow("unknown upload") << QJsonDocument(unknownUpload).toJson() << 400 << u"ECU cluster: no upload"_s;
    QJsonObject withFile = manifest(u"3.1.0"_s, u"File"_s, u"hu.img"_s, u"Upload"_s, id);
    QTest::newRow("File in the API") << QJsonDocument(withFile).toJson() << 400 << u"Targets[0].File: unknown member"_s;
    QJsonObject unknownField = manifest(u"3.1.0"_s, u"Upload"_s, id, u"Upload"_s, id);
    unknownField.insert(u"Colour"_s, u"red"_s);
    QTest::newRow("unknown field") << QJsonDocument(unknownField).toJson() << 400 << u"unknown body field 'Colour'"_s;
    QJsonObject textSignature = manifest(u"3.1.0"_s, u"Upload"_s, id, u"Upload"_s, id);
    textSignature.insert(u"Signature"_s, u"abc"_s);
    QTest::newRow("signature as text") << QJsonDocument(textSignature).toJson() << 400 << u"Signature must be"_s;
    QJsonObject untrusted = manifest(u"3.1.0"_s, u"Upload"_s, id, u"Upload"_s, id);
    auto stranger = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    untrusted.insert(u"Signature"_s,
                     QJsonDocument::fromJson(signature(untrusted, {"small image", "small image"}, *stranger)).object());
    QTest::newRow("untrusted signature") << QJsonDocument(untrusted).toJson() << 400
                                         << u"OEM signature: not signed by any"_s;
}

void tst_ReleaseApi::releaseErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, message);
    const test::RawResponse response = call("POST", "/api/v1/releases", body);
    QCOMPARE(response.status, status);
    const QJsonObject error = jsonOf(response).value(u"error"_s).toObject();
    QVERIFY2(error.value(u"message"_s).toString().startsWith(message), response.body);
    const QJsonArray releases = jsonOf(call("GET", "/api/v1/releases")).value(u"releases"_s).toArray();
    for (const QJsonValue &value : releases)
        QVERIFY(value.toObject().value(u"version"_s).toString() != u"3.1.0");
}

void tst_ReleaseApi::unknownReleaseIs404()
{
    QCOMPARE(call("GET", "/api/v1/releases/999999").status, 404);
    QCOMPARE(call("GET", "/api/v1/releases/abc").status, 400);
    QCOMPARE(call("GET", "/api/v1/uploads/nope").status, 404);
}

void tst_ReleaseApi::cliImportListShow()
{
    // 2.5 MiB: three chunks for the head unit's image.
    const QList<QByteArray> images{generated(5 * MiB / 2, 21), generated(70000, 22)};
    const QString folder = makeFolder(u"cli-release"_s, u"4.0.0"_s, images, true);
    const QStringList uploadsBefore = openUploads();
    const Run imported = run({u"release"_s, u"import"_s, folder});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    QVERIFY2(imported.err.contains(u"Uploading headunit from"), qPrintable(imported.err));
    QVERIFY2(imported.err.contains(u"headunit: done, 2621440 bytes"), qPrintable(imported.err));
    QVERIFY2(imported.out.contains(u"hu-firmware 4.0.0"), qPrintable(imported.out));
    QVERIFY2(imported.out.contains(u"valid (key " + m_oemKey.publicKey().keyId()), qPrintable(imported.out));
    QVERIFY2(imported.out.contains(sha256Of(images[0])), qPrintable(imported.out));
    QCOMPARE(openUploads(), uploadsBefore); // consumed by the import

    const Run listed = run({u"release"_s, u"list"_s});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(u"4.0.0"), qPrintable(listed.out));
    const QString line = listed.out.split(u'\n').filter(u"4.0.0"_s).value(0);
    const QString id = line.section(u' ', 0, 0, QString::SectionSkipEmpty);
    QVERIFY2(line.contains(u"valid"), qPrintable(line));

    const Run shown = run({u"release"_s, u"show"_s, id});
    QCOMPARE(shown.exitCode, 0);
    for (const QByteArray &image : images) {
        QVERIFY2(shown.out.contains(sha256Of(image)), qPrintable(shown.out));
        QVERIFY(
            shown.out.contains(QString::fromLatin1(QCryptographicHash::hash(image, QCryptographicHash::Sha1).toHex())));
        QVERIFY(
            shown.out.contains(QString::fromLatin1(QCryptographicHash::hash(image, QCryptographicHash::Md5).toHex())));
        QVERIFY(shown.out.contains(QString::number(image.size()) + u" bytes"));
    }
    QVERIFY2(shown.out.contains(u"Imported") && shown.out.contains(u"by tester"), qPrintable(shown.out));

    const Run json = run({u"--json"_s, u"release"_s, u"show"_s, id});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject release = json.json().value(u"release"_s).toObject();
    QCOMPARE(release.value(u"targets"_s).toArray().at(1).toObject().value(u"sha256"_s).toString(), sha256Of(images[1]));
}

void tst_ReleaseApi::cliImportErrors()
{
    QCOMPARE(run({u"release"_s, u"import"_s, m_dir.filePath(u"no-such-folder"_s)}).exitCode, 2);
    QCOMPARE(run({u"release"_s, u"show"_s, u"abc"_s}).exitCode, 2);
    QCOMPARE(run({u"release"_s, u"show"_s, u"999999"_s}).exitCode, 1);

    const QList<QByteArray> images{generated(1000, 31), generated(1000, 32)};
    const QString folder = makeFolder(u"broken"_s, u"5.0.0"_s, images, false);
    QVERIFY(QFile::remove(folder + u"/ic/ic.img"));
    const Run missing = run({u"release"_s, u"import"_s, folder});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(u"Targets[1].File"), qPrintable(missing.err));

    // The server refuses the manifest after the uploads: exit 1, and the uploads are removed.
    writeFile(folder + u"/ic/ic.img", images[1]);
    QJsonObject m = manifest(u"5.0.0"_s, u"File"_s, u"hu.img"_s, u"File"_s, u"ic/ic.img"_s);
    m.insert(u"ReleaseCounter"_s, -3);
    writeFile(folder + u"/release.json", QJsonDocument(m).toJson());
    const QStringList uploadsBefore = openUploads();
    const Run refused = run({u"release"_s, u"import"_s, folder});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"ReleaseCounter"), qPrintable(refused.err));
    QCOMPARE(openUploads(), uploadsBefore);

    // Twice the same: 409 → exit 1.
    const QString twice = makeFolder(u"twice"_s, u"5.1.0"_s, images, false);
    QCOMPARE(run({u"release"_s, u"import"_s, twice}).exitCode, 0);
    const Run duplicate = run({u"release"_s, u"import"_s, twice});
    QCOMPARE(duplicate.exitCode, 1);
    QVERIFY2(duplicate.err.contains(u"exists already"), qPrintable(duplicate.err));
}

void tst_ReleaseApi::cliImportResumesAfterACutConnection()
{
    const QList<QByteArray> images{generated(3 * MiB + 777, 41), generated(5000, 42)};
    const QString folder = makeFolder(u"flaky"_s, u"6.0.0"_s, images, true);
    // Cut in the middle of the second chunk; the server then holds exactly the first one.
    CuttingProxy proxy(m_runtime->apiPort(), MiB + MiB / 2);
    QVERIFY(proxy.port() != 0);
    const QStringList uploadsBefore = openUploads();

    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(FLOTILLACTL_PATH),
                  {u"--url"_s, u"https://127.0.0.1:%1"_s.arg(proxy.port()), u"--token"_s, m_runtime->apiToken(),
                   u"--ca"_s, m_runtime->dataDir() + u"/pki/ca.pem"_s, u"--json"_s, u"release"_s, u"import"_s, folder});
    // The proxy runs in this thread's event loop, so wait by spinning it.
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 120'000);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    const QByteArray out = process.readAllStandardOutput();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(err));
    QCOMPARE(proxy.cuts(), 1);
    QVERIFY(proxy.refused() > 0);
    QVERIFY2(err.contains(u"retrying"), qPrintable(err));
    const QJsonObject release = QJsonDocument::fromJson(out).object().value(u"release"_s).toObject();
    const QJsonArray targets = release.value(u"targets"_s).toArray();
    QCOMPARE(targets.size(), 2);
    // The resumed upload is the image, byte for byte (the signature's digests were checked too).
    QCOMPARE(targets.at(0).toObject().value(u"sha256"_s).toString(), sha256Of(images[0]));
    QCOMPARE(targets.at(0).toObject().value(u"length"_s).toInteger(), images[0].size());
    QCOMPARE(release.value(u"oemSignature"_s).toString(), u"valid"_s);
    QCOMPARE(openUploads(), uploadsBefore);
}

QTEST_GUILESS_MAIN(tst_ReleaseApi)
#include "tst_release_api.moc"

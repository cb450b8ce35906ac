#pragma once

// A small scripted DM server and helpers for the agent's update tests: real TLS on loopback, real
// files, instructions signed with a test Ed25519 key. The server answers registration, hands each
// new session the package #2 a test queued (else END), serves /dm/mo/<item> and
// /dm/blob/<sha256> (Range, If-Range, ETag = the quoted SHA-256) from a folder, can cut a blob's
// body short, and records every alert and package #3.

#include "agent/VehicleAgent.h"
#include "agent/net/AsioRuntime.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Keys.h"
#include "core/delta/DeltaCodec.h"
#include "core/omadm/Codec.h"
#include "core/omadm/Codes.h"
#include "core/update/SignedDocument.h"
#include "core/update/SyntheticImage.h"
#include "core/update/UpdateInstruction.h"
#include "server/http/HttpsServer.h"
#include "tests/support/TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <map>
#include <mutex>
#include <optional>

namespace flotilla::test::agentupdate {

using namespace Qt::StringLiterals;

inline bool isFinalAlert(const omadm::Alert &alert)
{
    return alert.type == QStringView(omadm::alerttype::FumoDownloadAndUpdate) ||
           alert.type == QStringView(omadm::alerttype::FumoDownload) ||
           alert.type == QStringView(omadm::alerttype::FumoUpdate) ||
           alert.type == QStringView(omadm::alerttype::ScomoOperationComplete);
}

class ScriptedDm final : public http::Handler
{
public:
    explicit ScriptedDm(QString blobDir)
        : m_blobDir(std::move(blobDir))
    {}

    QString baseUrl; // https://127.0.0.1:<port>, set once the server listens
    QStringList signingKeys;

    void queuePackage(QList<omadm::Command> commands)
    {
        const std::lock_guard lock(m_mutex);
        m_packages.append(std::move(commands));
    }
    void setMo(const QString &item, const QJsonObject &moData)
    {
        const std::lock_guard lock(m_mutex);
        m_mo.insert(item, QJsonDocument(QJsonObject{{u"MOData"_s, moData}}).toJson(QJsonDocument::Compact));
    }
    QString addBlob(const QByteArray &content)
    {
        const QString sha = crypto::Hasher::hexHash(content, crypto::HashAlgorithm::Sha256);
        QFile file(m_blobDir + u'/' + sha);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qWarning("cannot write a blob");
        return sha;
    }
    QString addBlobFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? addBlob(file.readAll()) : QString();
    }
    QString blobUrl(const QString &sha) const { return baseUrl + u"/dm/blob/"_s + sha; }
    // The next `times` requests for the blob drop the connection after at most its first `bytes`
    // bytes (the Content-Length promised the whole rest). The transport sends a file body in
    // 64 KiB chunks and drops the chunk the short file cannot fill, so the cut lands on the last
    // whole chunk at or before `bytes`: BlobRequest::sent says where it really was.
    void cutBlob(const QString &sha, qint64 bytes, int times = 1)
    {
        const std::lock_guard lock(m_mutex);
        m_cuts[sha] = {bytes, times};
    }
    // The next requests for the blob get this content instead (with the real blob's ETag).
    void replaceBlobBody(const QString &sha, const QByteArray &content)
    {
        const std::lock_guard lock(m_mutex);
        const QString path = m_blobDir + u"/replaced-"_s + sha;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qWarning("cannot write a replacement");
        m_replaced[sha] = path;
    }
    qint64 bytesServed(const QString &sha) const
    {
        const std::lock_guard lock(m_mutex);
        return m_served.value(sha);
    }
    int blobRequests(const QString &sha) const
    {
        const std::lock_guard lock(m_mutex);
        return m_blobRequests.value(sha);
    }
    // One GET of a blob, as the server saw it.
    struct BlobRequest
    {
        QByteArray range;   // the Range header, empty without one
        QByteArray ifRange; // the If-Range header
        int status = 0;     // 200, 206, 416...
        qint64 sent = -1;   // body bytes that went out; -1 until the response is done
    };
    QList<BlobRequest> blobLog(const QString &sha) const
    {
        const std::lock_guard lock(m_mutex);
        return m_log.value(sha);
    }
    QList<omadm::Alert> alerts() const
    {
        const std::lock_guard lock(m_mutex);
        return m_alerts;
    }
    QList<omadm::Package3> responses() const
    {
        const std::lock_guard lock(m_mutex);
        return m_responses;
    }
    int sessions() const
    {
        const std::lock_guard lock(m_mutex);
        return m_sessions;
    }
    QList<omadm::Alert> finalAlerts() const
    {
        QList<omadm::Alert> finals;
        for (const omadm::Alert &alert : alerts()) {
            if (isFinalAlert(alert))
                finals.append(alert);
        }
        return finals;
    }
    std::optional<omadm::Alert> finalAlert() const
    {
        const QList<omadm::Alert> finals = finalAlerts();
        return finals.isEmpty() ? std::nullopt : std::optional<omadm::Alert>(finals.last());
    }
    QList<omadm::Alert> progressAlerts() const
    {
        QList<omadm::Alert> list;
        for (const omadm::Alert &alert : alerts()) {
            if (alert.type.endsWith(u":Progress"_s))
                list.append(alert);
        }
        return list;
    }

    void handle(http::Request request, http::Responder respond) override
    {
        const QByteArray path = request.path();
        if (request.method == "POST" && path == "/dm/register")
            return respond(registration());
        if (request.method == "POST" && path == "/dm")
            return respond(session(request.body));
        if (request.method == "GET" && path.startsWith("/dm/mo/")) {
            const std::lock_guard lock(m_mutex);
            const QString item = QString::fromUtf8(path.mid(7));
            if (!m_mo.contains(item) || request.headers.value("Token").isEmpty())
                return respond(http::Response::json(404, R"({"Responsecode":"404","Description":"Not Found"})"));
            return respond(http::Response::json(200, m_mo.value(item)));
        }
        if (request.method == "GET" && path.startsWith("/dm/blob/"))
            return respond(blob(request, QString::fromLatin1(path.mid(9))));
        respond(http::Response::json(404, R"({"Responsecode":"404","Description":"Not Found"})"));
    }

    http::Response transportError(int status, const QString &description) const override
    {
        return http::Response::json(status, omadm::encode(omadm::ErrorBody{status, description}));
    }

private:
    http::Response registration() const
    {
        omadm::DmAccount account;
        account.srvId = u"scripted"_s;
        account.srvUri = baseUrl + u"/dm"_s;
        account.caCertificateBase64 = QString::fromLatin1(tlsFixture().caPem.toBase64());
        account.token = u"test-token"_s;
        account.pollSeconds = 3600;
        account.signingKeys = signingKeys;
        return http::Response::json(200, omadm::encode(account), omadm::mediatype::Request);
    }

    http::Response session(const QByteArray &body)
    {
        auto package = omadm::decodeClientPackage(body);
        if (!package)
            return http::Response::json(400, R"({"Responsecode":"400","Description":"Bad Request"})");
        const std::lock_guard lock(m_mutex);
        omadm::Package2 answer;
        if (package->kind == omadm::PackageKind::Initiation) {
            ++m_sessions;
            for (const omadm::Alert &alert : package->initiation.alerts) {
                if (!alert.type.startsWith(u"urn:oma:at:dm:2.0:"_s))
                    m_alerts.append(alert);
            }
            if (!m_packages.isEmpty())
                answer.commands = m_packages.takeFirst();
        } else {
            m_responses.append(package->response);
            m_alerts.append(package->response.alerts);
        }
        if (answer.commands.isEmpty())
            answer.commands = {omadm::Command::end()};
        return http::Response::json(200, omadm::encode(answer), omadm::mediatype::Request);
    }

    http::Response blob(const http::Request &request, const QString &sha)
    {
        const std::lock_guard lock(m_mutex);
        ++m_blobRequests[sha];
        QString path = m_blobDir + u'/' + sha;
        if (m_replaced.contains(sha))
            path = m_replaced.value(sha);
        const qint64 size = QFileInfo(path).size();
        if (sha.contains(u'/') || !QFile::exists(path))
            return http::Response::json(404, R"({"Responsecode":"404","Description":"Not Found"})");
        const QByteArray etag = '"' + sha.toLatin1() + '"';
        qint64 offset = 0;
        const QByteArray range = request.headers.value("Range");
        const QByteArray ifRange = request.headers.value("If-Range");
        QList<BlobRequest> &log = m_log[sha];
        log.append({range, ifRange, 0, -1});
        const qsizetype index = log.size() - 1;
        if (range.startsWith("bytes=") && range.endsWith('-') && (ifRange.isEmpty() || ifRange == etag)) {
            offset = range.mid(6, range.size() - 7).toLongLong();
            if (offset >= size) {
                log[index].status = 416;
                log[index].sent = 0;
                http::Response refused = http::Response::json(416, {});
                refused.headers.set("Content-Range", "bytes */" + QByteArray::number(size));
                return refused;
            }
        }
        http::Response response;
        response.status = offset > 0 ? 206 : 200;
        response.headers.set("Content-Type", "application/octet-stream");
        response.headers.set("ETag", etag);
        if (offset > 0)
            response.headers.set("Content-Range", "bytes " + QByteArray::number(offset) + '-' +
                                                      QByteArray::number(size - 1) + '/' + QByteArray::number(size));
        response.file = std::make_shared<http::FileBody>(http::FileBody{path, offset, size - offset});
        if (auto cut = m_cuts.find(sha); cut != m_cuts.end() && cut->second.second > 0) {
            // A shorter file than the slice promised: the transport drops the connection at its end.
            --cut->second.second;
            const QString shortPath = m_blobDir + u"/cut-"_s + sha;
            QFile in(path), out(shortPath);
            if (in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly))
                out.write(in.read(cut->second.first));
            response.file->path = shortPath;
        }
        log[index].status = response.status;
        response.onFinished = [this, sha, index](qint64 sent, bool) {
            const std::lock_guard lock(m_mutex);
            m_served[sha] += sent;
            m_log[sha][index].sent = sent;
        };
        return response;
    }

    QString m_blobDir;
    mutable std::mutex m_mutex;
    QList<QList<omadm::Command>> m_packages;
    QMap<QString, QByteArray> m_mo;
    std::map<QString, std::pair<qint64, int>> m_cuts;
    QMap<QString, QString> m_replaced;
    QMap<QString, qint64> m_served;
    QMap<QString, int> m_blobRequests;
    QMap<QString, QList<BlobRequest>> m_log;
    QList<omadm::Alert> m_alerts;
    QList<omadm::Package3> m_responses;
    int m_sessions = 0;
};

// One vehicle agent on its own runtime; every call into it runs on its lane.
class TestVehicle final
{
public:
    TestVehicle(QString dataDir, QString serverUrl, agent::VehicleProfile profile, agent::UpdateOptions update)
        : m_profile(std::move(profile))
    {
        m_options.serverUrl = std::move(serverUrl);
        m_options.bootstrapCaPem = tlsFixture().caPem;
        m_options.enrollmentKey = u"enrollment"_s;
        m_options.pollSecondsOverride = 3600; // sessions only for alerts and when a test asks
        m_options.dataDir = std::move(dataDir);
        m_options.update = std::move(update);
    }
    ~TestVehicle() { destroy(); }

    agent::AgentOptions &options() { return m_options; }

    template<typename Function>
    void run(Function function)
    {
        std::promise<void> done;
        m_runtime->lane(0).post([&] {
            function();
            done.set_value();
        });
        done.get_future().wait();
    }

    void create()
    {
        if (!m_runtime)
            m_runtime = std::make_unique<agent::net::Runtime>(1);
        run([this] { m_agent = std::make_unique<agent::VehicleAgent>(m_runtime->lane(0), m_options, m_profile); });
    }
    void start()
    {
        create();
        run([this] { m_agent->start(true); });
    }
    // Gone, as after a power loss: nothing more runs; the data folder stays.
    void destroy()
    {
        if (!m_runtime)
            return;
        run([this] { m_agent.reset(); });
        m_runtime->stop();
        m_runtime.reset();
    }
    void poll()
    {
        run([this] { m_agent->requestSession(); });
    }
    agent::VehicleProfile profile()
    {
        agent::VehicleProfile profile;
        run([&] { profile = m_agent->profile(); });
        return profile;
    }
    QJsonObject get(const QString &clientUri)
    {
        QJsonObject data;
        run([&] { data = m_agent->tree().get(clientUri).data.data; });
        return data;
    }
    bool updating()
    {
        bool running = false;
        run([&] { running = m_agent->isUpdating(); });
        return running;
    }
    agent::AgentPhase phase()
    {
        agent::AgentPhase phase{};
        run([&] { phase = m_agent->phase(); });
        return phase;
    }
    qsizetype pendingAlerts()
    {
        qsizetype count = 0;
        run([&] { count = m_agent->pendingAlerts().entries().size(); });
        return count;
    }
    int installBundle(const QString &path)
    {
        auto result = std::make_shared<std::promise<int>>();
        auto future = result->get_future();
        run([&] { m_agent->installBundle(path, [result](int code) { result->set_value(code); }); });
        return future.wait_for(std::chrono::seconds(120)) == std::future_status::ready ? future.get() : -1;
    }

private:
    agent::VehicleProfile m_profile;
    agent::AgentOptions m_options;
    std::unique_ptr<agent::net::Runtime> m_runtime;
    std::unique_ptr<agent::VehicleAgent> m_agent;
};

// A release target: the image of `to`, and the payload that makes it from `from` with the codec.
struct Release
{
    QString ecu;
    QString hwId;
    QString from;
    QString to;
    QString codec;
    crypto::Digests image;
    crypto::Digests payload;
    QString payloadPath;
    QString fromSha256;
};

inline Release makeRelease(const QString &dir, const QString &ecu, const QString &hwId, const QString &from,
                           const QString &to, const QString &codec = u"full-zstd"_s)
{
    Release r{ecu, hwId, from, to, codec, {}, {}, {}, {}};
    const QString target = dir + u'/' + hwId + u'-' + to + u".img"_s;
    if (!update::SyntheticImage(hwId, to).writeFile(target))
        qWarning("cannot write the target image");
    r.image = *crypto::digestFile(target);
    const delta::Codec *c = delta::codecByName(codec);
    QString source;
    if (c->usesSource()) {
        source = dir + u'/' + hwId + u'-' + from + u".img"_s;
        if (!update::SyntheticImage(hwId, from).writeFile(source))
            qWarning("cannot write the source image");
        r.fromSha256 = crypto::digestFile(source)->sha256;
    }
    r.payloadPath = dir + u'/' + hwId + u'-' + from + u'-' + to + u'.' + codec;
    delta::BuildOptions options;
    options.level = 3;
    if (auto built = c->build(source, target, r.payloadPath, options); !built)
        qWarning("cannot build the payload: %s", qPrintable(built.errorString()));
    r.payload = *crypto::digestFile(r.payloadPath);
    return r;
}

inline update::Target targetOf(const Release &r, const QString &blobUrl)
{
    update::Target t;
    t.ecu = r.ecu;
    t.hwId = r.hwId;
    t.version = r.to;
    t.length = r.image.length;
    t.sha256 = r.image.sha256;
    t.sha1 = r.image.sha1;
    t.md5 = r.image.md5;
    t.payload.codec = r.codec;
    t.payload.fromSha256 = r.fromSha256;
    t.payload.url = blobUrl;
    t.payload.length = r.payload.length;
    t.payload.sha256 = r.payload.sha256;
    t.payload.md5 = r.payload.md5;
    return t;
}

// An instruction for the vehicle: valid for a day, preconditions a parked vehicle meets.
inline update::UpdateInstruction instructionFor(const agent::VehicleProfile &vehicle, const QString &jobId,
                                                qint64 releaseCounter)
{
    update::UpdateInstruction i;
    i.jobId = jobId;
    i.vin = vehicle.vin;
    i.devId = vehicle.devId;
    i.issuedUtc = QDateTime::currentDateTimeUtc().addSecs(-60);
    i.expiresUtc = QDateTime::currentDateTimeUtc().addDays(1);
    i.package.name = u"test-package"_s;
    i.package.version = u"2.0.0"_s;
    i.package.releaseCounter = releaseCounter;
    i.package.preconditions.minBatteryPct = 30;
    i.package.preconditions.parked = true;
    i.package.preconditions.ignitionOff = true;
    i.package.preconditions.consent = u"not-required"_s;
    i.package.userText.insert(u"en"_s, u"Test update."_s);
    return i;
}

inline QByteArray sign(const update::UpdateInstruction &instruction, const crypto::PrivateKey &key)
{
    update::SignedDocument document(instruction.toJson());
    if (!document.sign(key))
        qWarning("cannot sign");
    return document.toJson();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One run of the real flotilla-agent executable (FLOTILLA_AGENT_PATH, set by tests/CMakeLists.txt).
struct AgentRun
{
    int exitCode = -1; // -1: it did not exit normally (crashed by a signal, or never finished)
    QByteArray out;
    QByteArray err;
};

inline AgentRun runAgentProcess(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(FLOTILLA_AGENT_PATH), arguments);
    AgentRun run;
    // Generous, never a threshold: a run that hangs fails the test instead of blocking CTest.
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
    } else if (process.exitStatus() == QProcess::NormalExit) {
        run.exitCode = process.exitCode();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    if (run.exitCode < 0)
        qWarning().noquote() << "flotilla-agent" << arguments.join(u' ') << "did not exit:" << run.err;
    return run;
}

} // namespace flotilla::test::agentupdate

namespace flotilla::test::agentupdate {

inline agent::VehicleProfile testProfile()
{
    agent::VehicleProfile p;
    p.vin = u"WVWZZZE2ZRW100001"_s;
    p.devId = u"HU-TEST-100001"_s;
    p.manufacturer = u"Preh"_s;
    p.model = u"Test car"_s;
    p.oem = u"Volkswagen"_s;
    p.hwVersion = u"hw-test"_s;
    p.ecus = {{u"gateway"_s, u"gw-t1"_s, u"1.0.0"_s}, {u"bms"_s, u"bms-t1"_s, u"3.1.0"_s}};
    p.swVersion = u"1.0.0"_s;
    p.fwVersion = u"fw-1.0.0"_s;
    p.rxswin = {u"R10-0001"_s, u"R156-GW-11"_s};
    return p;
}

// The scripted server on loopback, a signing key it hands out at registration, a data folder.
struct Fixture
{
    std::unique_ptr<QTemporaryDir> dir;
    std::shared_ptr<ScriptedDm> dm;
    std::unique_ptr<http::HttpsServer> server;
    crypto::PrivateKey key;
    agent::VehicleProfile profile = testProfile();

    bool start()
    {
        dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid() || !QDir().mkpath(dir->filePath(u"blobs"_s)))
            return false;
        auto generated = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
        if (!generated)
            return false;
        key = std::move(*generated);
        dm = std::make_shared<ScriptedDm>(dir->filePath(u"blobs"_s));
        dm->signingKeys = {QString::fromUtf8(key.publicKey().toPem())};
        http::ServerOptions options;
        options.address = u"127.0.0.1"_s;
        options.port = 0;
        options.threads = 1;
        options.certificateChainPem = tlsFixture().serverPem;
        options.privateKeyPem = tlsFixture().serverKeyPem;
        server = std::make_unique<http::HttpsServer>(options, dm);
        if (!server->start())
            return false;
        dm->baseUrl = u"https://127.0.0.1:%1"_s.arg(server->port());
        return true;
    }
    void stop()
    {
        if (server)
            server->stop();
        server.reset();
        dm.reset();
        dir.reset();
    }

    QString vehicleDir() const { return dir->filePath(u"vehicle"_s); }
    QString path(const QString &relative) const { return vehicleDir() + u'/' + relative; }
    std::unique_ptr<TestVehicle> vehicle(agent::UpdateOptions update = {}) const
    {
        update.retryDelay = std::chrono::milliseconds(50);
        update.recheckInterval = std::chrono::milliseconds(200);
        return std::make_unique<TestVehicle>(vehicleDir(), dm->baseUrl, profile, std::move(update));
    }
    // The payload as a blob, and the instruction's target pointing at it.
    update::Target publish(const Release &release) const
    {
        const QString sha = dm->addBlobFile(release.payloadPath);
        return targetOf(release, dm->blobUrl(sha));
    }
    // HGET of the instruction's URL into <fumo>//<operation>/PkgURL, then EXEC of the operation.
    QString scriptFumo(const QByteArray &signedInstruction, const QString &operation = u"DownloadAndUpdate"_s,
                       const QString &item = u"job"_s) const
    {
        const QString sha = dm->addBlob(signedInstruction);
        dm->setMo(item,
                  QJsonObject{{u"fumo"_s, QJsonObject{{operation, QJsonObject{{u"PkgURL"_s, dm->blobUrl(sha)}}}}}});
        const QString node = omadm::canonicalMoid(omadm::MoKind::Fumo) + u"//"_s + operation;
        dm->queuePackage({{u"HGET"_s, {dm->baseUrl + u"/dm/mo/"_s + item, node + u"/PkgURL"_s}}, {u"EXEC"_s, {node}}});
        return sha;
    }
};

} // namespace flotilla::test::agentupdate

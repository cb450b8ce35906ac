#include "agent/update/UpdateRunner.h"

#include "agent/MoTree.h"
#include "agent/update/AlertOutbox.h"
#include "agent/update/InstructionChecker.h"
#include "agent/update/SlotInstaller.h"
#include "agent/update/UpdateError.h"
#include "core/delta/DeltaCodec.h"
#include "core/omadm/Codes.h"
#include "core/update/Bundle.h"
#include "core/update/SignedDocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStorageInfo>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcUpdate, "flotilla.agent.update")

namespace flotilla::agent {

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 SpaceMargin = 1 * MiB;
constexpr int ProgressStep = 10;
constexpr auto ProgressInterval = 5s;
// Blobs are octet streams; the request+json type keeps the endpoint's uniform Accept check happy.
constexpr auto BlobAccept = "application/octet-stream, application/vnd.oma.dm.request+json";

QString crashName(int point)
{
    static const char *names[] = {"download", "install", "switch", "commit"};
    return QLatin1StringView(names[point]);
}

bool isSha256(const QString &text)
{
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
    return hex.match(text).hasMatch();
}

Status writeAtomically(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

} // namespace

UpdateRunner::UpdateRunner(UpdateHost &host, UpdateOptions options)
    : m_host(host)
    , m_options(std::move(options))
    , m_trust(std::make_unique<TrustStore>(host.isPersistent() ? host.updateDataDir() : QString()))
    , m_worker(std::make_unique<BackgroundWorker>(host.updateLane()))
    , m_timer(host.updateLane().createTimer())
{
    if (auto consent = ConsentPolicy::parse(m_options.consent); consent)
        m_consent = *consent;
    else
        qCWarning(lcUpdate).noquote() << consent.errorString() << "- the owner accepts";
    // The simulated vehicle's conditions (what the preconditions are checked against).
    VehicleStatus &status = m_host.moTree().status();
    status.batteryPct = qBound(0, m_options.batteryPct, 100);
    status.ignitionOn = m_options.ignitionOn;
    status.gear = m_options.parked ? u"P"_s : u"D"_s;
    status.speedKmh = m_options.parked ? 0 : 50;
}

UpdateRunner::~UpdateRunner()
{
    m_downloader.reset();
    m_worker.reset(); // waits for a rebuild or hash in flight; its continuation is dropped
}

// ---------------------------------------------------------------------------------------------
// Entry points

bool UpdateRunner::handles(const omadm::ClientUri &node)
{
    return node.kind == omadm::MoKind::Fumo || node.kind == omadm::MoKind::Scomo;
}

bool UpdateRunner::isRunning() const
{
    return m_job.has_value() && m_job->phase != UpdateJob::Phase::Downloaded && !m_crashed;
}

int UpdateRunner::exec(const omadm::ClientUri &node, std::function<void(int)> done)
{
    if (m_crashed || m_stopped)
        return int(omadm::StatusCode::CommandFailed);
    const QStringList path = node.path.split(u'/', Qt::SkipEmptyParts);
    MoTree &tree = m_host.moTree();
    UpdateJob job;
    job.sourceUri = node.toString();
    if (node.kind == omadm::MoKind::Fumo) {
        if (path.size() != 1)
            return int(omadm::StatusCode::NotFound);
        const QString &operation = path.first();
        if (operation == u"Update") {
            if (isRunning())
                return 409;
            if (!m_job || m_job->phase != UpdateJob::Phase::Downloaded || !m_instruction)
                return int(omadm::StatusCode::CommandNotAllowed);
            m_job->operation = operation;
            m_job->sourceUri = node.toString();
            m_job->phase = UpdateJob::Phase::Preconditions;
            m_job->phaseStartedMs = nowMs();
            for (UpdateJob::Target &t : m_job->targets) {
                t.ok = false;
                t.resultCode = 0;
            }
            m_lastBlocked.clear();
            m_chargedAt = std::chrono::steady_clock::now();
            persist();
            if (m_options.syncExec)
                m_syncDone = std::move(done);
            post([this] { checkPreconditions(); });
            return m_options.syncExec ? -1 : int(omadm::StatusCode::Accepted);
        }
        if (operation != u"DownloadAndUpdate" && operation != u"Download")
            return int(omadm::StatusCode::NotFound);
        job.pkgUrl = tree.node(omadm::MoKind::Fumo, operation + u"/PkgURL"_s).toString();
        if (isRunning())
            return remindOwner(job.pkgUrl) ? int(omadm::StatusCode::Accepted) : 409;
        job.kind = UpdateJob::Kind::Fumo;
        job.operation = operation;
    } else if (node.kind == omadm::MoKind::Scomo) {
        if (path.size() != 4 || path.at(0) != u"Download" || path.at(2) != u"Operations")
            return int(omadm::StatusCode::NotFound);
        const QJsonValue package = tree.node(omadm::MoKind::Scomo, u"Download/"_s + path.at(1));
        if (!package.isObject())
            return int(omadm::StatusCode::NotFound);
        if (path.at(3) == u"Download" || path.at(3) == u"DownloadInstallInactive")
            return int(omadm::StatusCode::OptionalFeatureNotSupported);
        if (path.at(3) != u"DownloadInstall")
            return int(omadm::StatusCode::NotFound);
        job.pkgUrl = package.toObject().value(u"PkgURL"_s).toString();
        if (isRunning())
            return remindOwner(job.pkgUrl) ? int(omadm::StatusCode::Accepted) : 409;
        job.kind = UpdateJob::Kind::Scomo;
        job.operation = path.at(3);
        omadm::ClientUri base = node;
        base.path = u"Inventory/Deployed"_s;
        base.query.clear();
        job.targetBase = base.toString();
    } else {
        return int(omadm::StatusCode::NotFound);
    }
    if (m_options.syncExec)
        m_syncDone = std::move(done);
    startJob(std::move(job));
    return m_options.syncExec ? -1 : int(omadm::StatusCode::Accepted);
}

void UpdateRunner::installBundle(const QString &path, std::function<void(int)> done)
{
    if (isRunning() || m_crashed || m_stopped) {
        post([done] { done(409); });
        return;
    }
    UpdateJob job;
    job.kind = UpdateJob::Kind::Fumo;
    job.operation = u"DownloadAndUpdate"_s;
    job.sourceUri = omadm::canonicalMoid(omadm::MoKind::Fumo) + u"//DownloadAndUpdate"_s;
    job.bundlePath = QFileInfo(path).absoluteFilePath();
    m_bundleDone = std::move(done);
    startJob(std::move(job));
}

bool UpdateRunner::remindOwner(const QString &pkgUrl)
{
    // The EXEC of the job this vehicle already holds, delivered again while its owner has not
    // answered the prompt: a campaign's consent reminder (docs/protocol-notes.md, update flow).
    // Any other EXEC while a job runs stays a 409.
    if (!m_job || m_job->pkgUrl.isEmpty() || m_job->pkgUrl != pkgUrl ||
        m_job->phase != UpdateJob::Phase::Preconditions || !m_job->promptOpen)
        return false;
    qCInfo(lcUpdate).noquote() << "job" << m_job->jobId << "reminder: asking the owner again";
    m_job->promptOpen = false;
    persist();
    m_timer->cancel();
    post([this] { checkPreconditions(); });
    return true;
}

void UpdateRunner::stop()
{
    m_stopped = true;
    m_timer->cancel();
    m_downloader.reset();
}

void UpdateRunner::resume()
{
    if (std::exchange(m_resumed, true))
        return;
    if (auto s = m_trust->load(); !s)
        qCWarning(lcUpdate).noquote() << s.errorString();
    if (!m_host.isPersistent())
        return; // nothing survived the last run
    QFile file(updateDir() + u"/job.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return;
    auto job = UpdateJob::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    file.close();
    if (!job) {
        qCWarning(lcUpdate).noquote() << job.errorString() << "- dropped";
        clearJobFiles();
        return;
    }
    m_job = *job;
    qCInfo(lcUpdate).noquote() << "resuming job" << m_job->jobId << "at" << toString(m_job->phase);
    if (m_job->phase != UpdateJob::Phase::Instruction) {
        QFile saved(updateDir() + u"/instruction.json"_s);
        auto document = saved.open(QIODevice::ReadOnly) ? update::SignedDocument::parse(saved.readAll())
                                                        : Result<update::SignedDocument>(Error(saved.errorString()));
        auto instruction = document ? update::UpdateInstruction::fromJson(document->signedPart())
                                    : Result<update::UpdateInstruction>(document.error());
        if (!instruction) {
            const QString detail = u"the saved instruction is unreadable: "_s + instruction.errorString();
            post([this, detail] { finish(updateError(int(omadm::FumoResult::UpdateFailed), u"state"_s, detail)); });
            return;
        }
        m_instruction = *instruction;
    }
    const bool bundle = !m_job->bundlePath.isEmpty();
    switch (m_job->phase) {
    case UpdateJob::Phase::Instruction:
        post([this, bundle] { bundle ? openBundle() : fetchInstruction(); });
        break;
    case UpdateJob::Phase::Download:
        post([this, bundle] { bundle ? extractBundle() : startDownloads(); });
        break;
    case UpdateJob::Phase::Downloaded:
        if (!scomo())
            m_host.moTree().setFumoState(int(omadm::FumoState::DownloadComplete), 100);
        break;
    case UpdateJob::Phase::Preconditions:
        post([this] { checkPreconditions(); });
        break;
    case UpdateJob::Phase::Install:
        // Power was lost while the inactive slots were written: they were never active, so the
        // vehicle runs what it ran before. Report it; the server may try again.
        post([this] {
            finish(updateError(int(omadm::FumoResult::UpdateFailed), u"interrupted"_s,
                               u"the agent stopped while installing; the previous software stays active"_s));
        });
        break;
    case UpdateJob::Phase::Switched:
        post([this] { resumeSwitched(); });
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Phases

void UpdateRunner::startJob(UpdateJob job)
{
    if (m_job) // a package downloaded for a later Update, superseded by this one
        clearJobFiles();
    m_downloader.reset();
    m_timer->cancel();
    m_instruction.reset();
    m_dtcsCleared.clear();
    m_lastState = 0;
    m_lastPercent = -100;
    m_lastBlocked.clear();
    job.phase = UpdateJob::Phase::Instruction;
    job.startedMs = nowMs();
    job.phaseStartedMs = job.startedMs;
    m_job = std::move(job);
    persist();
    // Never from inside exec(): its caller answers the EXEC first.
    post([this] {
        if (m_job)
            m_job->bundlePath.isEmpty() ? fetchInstruction() : openBundle();
    });
}

void UpdateRunner::fetchInstruction()
{
    if (!m_job || m_crashed || m_stopped)
        return;
    if (!m_trust->isUsable())
        return finish(updateError(int(omadm::FumoResult::ClientError), u"trust-store"_s, m_trust->loadError()));
    const QUrl url(m_job->pkgUrl);
    const QString sha256 = url.path().section(u'/', -1);
    if (m_job->pkgUrl.isEmpty() || !url.isValid() || url.scheme() != u"https" || !isSha256(sha256))
        return finish(updateError(int(omadm::FumoResult::MalformedUrl), u"pkg-url"_s,
                                  u"PkgURL \"%1\" is not https://<host>/dm/blob/<sha256>"_s.arg(m_job->pkgUrl)));
    auto client = m_host.createClient(url);
    if (!client)
        return finish(
            updateError(int(omadm::FumoResult::AlternateDownloadServerError), u"tls-config"_s, client.errorString()));
    if (!scomo())
        m_host.moTree().setFumoState(int(omadm::FumoState::DownloadProgressing), 0);
    QDir().mkpath(updateDir());
    const QString part = updateDir() + u"/instruction.part"_s;
    QFile::remove(part);
    m_downloader = std::make_unique<Downloader>(m_host.updateLane(), std::move(client).value(),
                                                m_host.authHeaders(BlobAccept), m_options, *m_worker);
    DownloadSpec spec;
    spec.url = url;
    spec.maxBytes = update::SignedDocument::MaxBytes; // an instruction is small; endless data is cut off
    spec.partPath = part;
    m_downloader->start(spec, {}, [this, part, sha256](Status s) {
        post([this, s, part, sha256] {
            if (!m_job || m_crashed || m_stopped)
                return;
            m_downloader.reset();
            if (!s)
                return finish(s.error());
            QFile file(part);
            const QByteArray document = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            file.close();
            QFile::remove(part);
            onInstruction(document, sha256);
        });
    });
}

VehicleFacts UpdateRunner::vehicleFacts()
{
    const VehicleProfile &profile = m_host.moTree().profile();
    VehicleFacts facts;
    facts.vin = profile.vin;
    facts.devId = profile.devId;
    facts.trustedKeys = m_host.trustedKeys();
    facts.scomo = scomo();
    for (const EcuProfile &ecu : profile.ecus)
        facts.ecus.insert(ecu.ecu, ecu.hwId);
    for (const QString &codec : profile.codecs) {
        if (delta::codecByName(codec))
            facts.codecs.append(codec);
    }
    facts.nowMs = qMax(nowMs(), m_trust->latestTrustedMs());
    facts.recordedCounter = [this](const QString &unit) { return m_trust->counter(unit); };
    return facts;
}

void UpdateRunner::onInstruction(const QByteArray &document, const QString &urlSha256)
{
    auto checked = InstructionChecker(vehicleFacts()).check(document, urlSha256);
    if (!checked) {
        // Untrusted, but it lets the server file the report under its job.
        if (auto parsed = update::SignedDocument::parse(document); parsed)
            m_job->jobId = parsed->signedPart().value(u"JobId"_s).toString();
        return finish(checked.error());
    }
    acceptInstruction(*checked, document);
}

void UpdateRunner::acceptInstruction(const update::UpdateInstruction &instruction, const QByteArray &document)
{
    if (auto s = writeAtomically(updateDir() + u"/instruction.json"_s, document); !s)
        return finish(updateError(int(omadm::FumoResult::DownloadOutOfMemory), u"space"_s, s.errorString()));
    // A signed time is a trusted lower bound for "now" from here on (security.md R16).
    if (auto s = m_trust->observeTime(qMax(nowMs(), instruction.issuedUtc.toMSecsSinceEpoch())); !s)
        qCWarning(lcUpdate).noquote() << s.errorString();
    m_instruction = instruction;
    m_job->jobId = instruction.jobId;
    m_job->instructionSha256 = crypto::Hasher::hexHash(document, crypto::HashAlgorithm::Sha256);
    m_job->targets.clear();
    const VehicleProfile &profile = m_host.moTree().profile();
    for (const update::Target &target : instruction.targets) {
        UpdateJob::Target t;
        t.unit = target.ecu;
        t.fromVersion = profile.unitVersion(target.ecu, scomo());
        m_job->targets.append(t);
    }
    if (!scomo())
        m_host.moTree().setFumoPackage(instruction.package.name, instruction.package.version);
    m_job->phase = UpdateJob::Phase::Download;
    m_job->phaseStartedMs = nowMs();
    persist();
    m_job->bundlePath.isEmpty() ? startDownloads() : extractBundle();
}

Status UpdateRunner::checkSpace()
{
    qint64 needed = SpaceMargin;
    for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
        const update::Target &target = m_instruction->targets.at(i);
        if (!m_job->targets.at(i).downloaded)
            needed += target.payload.length;
        needed += target.length; // the rebuilt image in its inactive slot
    }
    QDir().mkpath(updateDir());
    const qint64 available =
        m_options.freeSpaceBytes >= 0 ? m_options.freeSpaceBytes : QStorageInfo(updateDir()).bytesAvailable();
    if (available >= 0 && available < needed)
        return updateError(int(omadm::FumoResult::DownloadOutOfMemory), u"space"_s,
                           u"%1 bytes free, the update needs %2"_s.arg(available).arg(needed));
    return {};
}

void UpdateRunner::startDownloads()
{
    if (!m_job || !m_instruction || m_crashed || m_stopped)
        return;
    qsizetype index = -1;
    qint64 before = 0;
    for (qsizetype i = 0; i < m_job->targets.size(); ++i) {
        if (m_job->targets.at(i).downloaded) {
            before += m_instruction->targets.at(i).payload.length;
        } else if (index < 0) {
            index = i;
        }
    }
    if (index < 0)
        return downloadsComplete();
    if (auto s = checkSpace(); !s)
        return finish(s.error());
    const update::Target &target = m_instruction->targets.at(index);
    const QUrl url(target.payload.url);
    auto client = m_host.createClient(url);
    if (!client)
        return finish(
            updateError(int(omadm::FumoResult::AlternateDownloadServerError), u"tls-config"_s, client.errorString()));
    QDir().mkpath(updateDir() + u"/payloads"_s);
    const qint64 total = qMax<qint64>(1, payloadBytes());
    progress(int(omadm::FumoState::DownloadProgressing), int(before * 100 / total), index == 0 && before == 0);
    DownloadSpec spec;
    spec.url = url;
    spec.length = target.payload.length;
    spec.sha256 = target.payload.sha256;
    spec.md5 = target.payload.md5;
    spec.finalPath = payloadPath(target);
    spec.partPath = spec.finalPath + u".part"_s;
    m_downloader = std::make_unique<Downloader>(m_host.updateLane(), std::move(client).value(),
                                                m_host.authHeaders(BlobAccept), m_options, *m_worker);
    m_downloader->start(
        spec,
        [this, before, total, length = target.payload.length](qint64 fileBytes) {
            if (m_crashed)
                return false;
            if (fileBytes * 2 >= length && crashAt(int(Crash::Download)))
                return false;
            progress(int(omadm::FumoState::DownloadProgressing), int((before + fileBytes) * 100 / total));
            return true;
        },
        [this, index](Status s) {
            post([this, index, s] {
                if (!m_job || m_crashed || m_stopped)
                    return;
                m_downloader.reset();
                if (!s)
                    return finish(s.error());
                m_job->targets[index].downloaded = true;
                persist();
                startDownloads();
            });
        });
}

void UpdateRunner::openBundle()
{
    if (!m_job || m_crashed || m_stopped)
        return;
    if (!m_trust->isUsable())
        return finish(updateError(int(omadm::FumoResult::ClientError), u"trust-store"_s, m_trust->loadError()));
    auto bundle = update::Bundle::open(m_job->bundlePath);
    if (!bundle)
        return finish(updateError(int(omadm::FumoResult::CorruptedPackage), u"bundle"_s, bundle.errorString()));
    if (auto s = bundle->verify(m_host.trustedKeys()); !s)
        return finish(updateError(int(omadm::FumoResult::ValidationFailed), u"signature"_s, s.errorString()));
    auto checked = InstructionChecker(vehicleFacts()).check(bundle->instruction());
    if (!checked) {
        m_job->jobId = bundle->instruction().signedPart().value(u"JobId"_s).toString();
        return finish(checked.error());
    }
    for (const update::Target &target : checked->targets) {
        bool found = false;
        for (const update::BundleEntry &entry : bundle->entries())
            found = found || (entry.sha256 == target.payload.sha256 && entry.length == target.payload.length);
        if (!found)
            return finish(updateError(int(omadm::FumoResult::CorruptedPackage), u"bundle"_s,
                                      u"the bundle lacks the payload of %1"_s.arg(target.ecu)));
    }
    acceptInstruction(*checked, bundle->instruction().toJson());
}

void UpdateRunner::extractBundle()
{
    if (!m_job || !m_instruction || m_crashed || m_stopped)
        return;
    if (auto s = checkSpace(); !s)
        return finish(s.error());
    progress(int(omadm::FumoState::DownloadProgressing), 0, true);
    struct Outcome
    {
        Result<QList<crypto::Digests>> digests = Error();
    };
    auto outcome = std::make_shared<Outcome>();
    const QString path = m_job->bundlePath;
    const QString dir = updateDir() + u"/payloads"_s;
    m_worker->run(
        [outcome, path, dir](const std::atomic<bool> &cancelled) {
            auto bundle = update::Bundle::open(path);
            outcome->digests =
                bundle ? bundle->extract(dir, &cancelled) : Result<QList<crypto::Digests>>(bundle.error());
        },
        [this, outcome] {
            if (!m_job || !m_instruction || m_crashed || m_stopped)
                return;
            if (!outcome->digests)
                return finish(
                    updateError(int(omadm::FumoResult::CorruptedPackage), u"bundle"_s, outcome->digests.errorString()));
            for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
                const update::Payload &payload = m_instruction->targets.at(i).payload;
                for (const crypto::Digests &d : *outcome->digests) {
                    if (d.sha256 == payload.sha256 && !payload.md5.isEmpty() && d.md5 != payload.md5.toLower())
                        return finish(updateError(int(omadm::FumoResult::CorruptedPackage), u"payload-md5"_s,
                                                  u"the payload of %1 has another MD5"_s.arg(m_job->targets[i].unit)));
                }
                m_job->targets[i].downloaded = true;
            }
            persist();
            downloadsComplete();
        });
}

void UpdateRunner::downloadsComplete()
{
    m_job->downloadMs += qMax<qint64>(0, nowMs() - m_job->phaseStartedMs);
    progress(int(omadm::FumoState::DownloadComplete), 100, true);
    if (m_job->operation == u"Download") {
        m_job->phase = UpdateJob::Phase::Downloaded;
        persist();
        return succeed(); // the final "download" alert; the job waits for an EXEC of Update
    }
    m_job->phase = UpdateJob::Phase::Preconditions;
    m_job->phaseStartedMs = nowMs();
    m_chargedAt = std::chrono::steady_clock::now();
    persist();
    checkPreconditions();
}

void UpdateRunner::checkPreconditions()
{
    if (!m_job || !m_instruction || m_crashed || m_stopped)
        return;
    chargeBattery();
    const update::Preconditions &p = m_instruction->package.preconditions;
    const VehicleStatus &status = m_host.moTree().status();
    const qint64 now = nowMs();
    if (p.consent == u"required" && !m_job->consented) {
        if (m_job->postponedUntilMs > now)
            return blocked(u"consent-postponed"_s, m_job->postponedUntilMs);
        if (m_job->promptOpen)
            return blocked(u"consent"_s); // still on screen, unanswered
        const ConsentPolicy::Answer answer = m_consent.ask(m_job->prompts++);
        qCInfo(lcUpdate).noquote() << "job" << m_job->jobId << "owner prompt" << m_job->prompts << "answered"
                                   << int(answer);
        if (m_options.onConsentPrompt)
            m_options.onConsentPrompt(m_consent.promptsShown());
        switch (answer) {
        case ConsentPolicy::Answer::None:
            m_job->promptOpen = true;
            persist();
            return blocked(u"consent"_s);
        case ConsentPolicy::Answer::Reject:
            persist();
            return finish(updateError(int(omadm::FumoResult::UserCancelled), u"user-rejected"_s,
                                      u"the owner declined the update"_s));
        case ConsentPolicy::Answer::Postpone:
            m_job->postponedUntilMs =
                now + std::chrono::duration_cast<std::chrono::milliseconds>(m_consent.postponement()).count();
            persist();
            return blocked(u"consent-postponed"_s, m_job->postponedUntilMs);
        case ConsentPolicy::Answer::Accept:
            m_job->consented = true;
            persist();
            break;
        }
    }
    if (status.batteryPct < p.minBatteryPct)
        return blocked(u"battery"_s);
    if (p.ignitionOff && status.ignitionOn)
        return blocked(u"ignition"_s);
    if (p.parked && (status.gear != u"P" || status.speedKmh != 0))
        return blocked(u"not-parked"_s);
    m_lastBlocked.clear();
    install();
}

void UpdateRunner::blocked(const QString &reason, qint64 untilMs)
{
    // A session cannot stay open for hours: a sync EXEC turns asynchronous here.
    if (auto done = std::exchange(m_syncDone, {}))
        post([done] { done(int(omadm::StatusCode::Accepted)); });
    const QString until = untilMs > 0 ? update::isoUtc(QDateTime::fromMSecsSinceEpoch(untilMs, Qt::UTC)) : QString();
    if (!scomo())
        m_host.moTree().setFumoState(int(omadm::FumoState::ReadyToUpdate), 100);
    if (reason + until != m_lastBlocked) {
        m_lastBlocked = reason + until;
        m_lastState = int(omadm::FumoState::ReadyToUpdate);
        m_lastProgressAt = std::chrono::steady_clock::now();
        qCInfo(lcUpdate).noquote() << "job" << m_job->jobId << "blocked:" << reason << until;
        if (auto s = m_host.outbox().put(
                m_job->jobId, AlertOutbox::Kind::Progress,
                Reporter::progress(*m_job, int(omadm::FumoState::ReadyToUpdate), 100, reason, until));
            !s)
            qCWarning(lcUpdate).noquote() << s.errorString();
        m_host.alertsQueued();
    }
    if (reason == u"consent")
        return; // only the owner's answer moves it on, and the simulated owner answers prompts only
    const qint64 delay = untilMs > 0 ? qMax<qint64>(0, untilMs - nowMs()) : m_options.recheckInterval.count();
    m_timer->start(std::chrono::milliseconds(delay), [this] { checkPreconditions(); });
}

void UpdateRunner::install()
{
    m_job->phase = UpdateJob::Phase::Install;
    m_job->phaseStartedMs = nowMs();
    persist();
    progress(int(omadm::FumoState::UpdateProgressing), 0, true);

    struct Item
    {
        QString root;
        QString key;
        QString version;
        update::Target target;
        QString payload;
    };
    QList<Item> items;
    for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
        const update::Target &target = m_instruction->targets.at(i);
        items.append(Item{unitRoot(target.ecu), imageKey(target), m_job->targets.at(i).fromVersion, target,
                          payloadPath(target)});
    }
    struct Outcome
    {
        QList<Result<crypto::Digests>> results;
        bool crashed = false;
    };
    auto outcome = std::make_shared<Outcome>();
    const qint64 memoryLimit = qint64(m_host.moTree().profile().deltaMaxMemoryMiB) * MiB;
    const bool crash = m_options.crashAt == crashName(int(Crash::Install));
    const auto onCrash = m_options.onCrash;
    m_worker->run(
        [items, outcome, memoryLimit, crash, onCrash](const std::atomic<bool> &cancelled) {
            for (const Item &item : items) {
                SlotInstaller units(item.root, item.key, item.version);
                outcome->results.append(units.rebuild(item.target, item.payload, memoryLimit, cancelled));
                if (!outcome->results.last().ok())
                    return;
                if (crash) { // the first inactive slot is written, the switch never comes
                    outcome->crashed = true;
                    if (onCrash)
                        onCrash(u"install"_s);
                    return;
                }
            }
        },
        [this, outcome] {
            if (outcome->crashed) {
                m_crashed = true;
                return crashed();
            }
            if (!m_job || !m_instruction || m_crashed || m_stopped)
                return;
            for (qsizetype i = 0; i < outcome->results.size(); ++i) {
                const Result<crypto::Digests> &result = outcome->results.at(i);
                UpdateJob::Target &t = m_job->targets[i];
                if (!result) {
                    t.resultCode = result.error().code;
                    return finish(result.error());
                }
                t.sha256 = result->sha256;
                t.sha1 = result->sha1;
            }
            switchSlots();
        });
}

void UpdateRunner::switchSlots()
{
    std::vector<SlotInstaller> units;
    for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
        const update::Target &target = m_instruction->targets.at(i);
        UpdateJob::Target &t = m_job->targets[i];
        units.push_back(SlotInstaller(unitRoot(target.ecu), imageKey(target), t.fromVersion));
        t.fromSlot = units.back().activeSlot();
        t.toSlot = units.back().inactiveSlot();
    }
    // Recorded before any marker moves: a restart from here on finishes the switch and boot-checks.
    m_job->phase = UpdateJob::Phase::Switched;
    persist();
    for (size_t i = 0; i < units.size(); ++i) {
        if (auto s = units[i].switchTo(m_job->targets.at(qsizetype(i)).toSlot); !s) {
            for (size_t j = 0; j <= i; ++j)
                (void)units[j].rollback();
            return finish(updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, s.errorString()));
        }
    }
    if (crashAt(int(Crash::Switch)))
        return;
    bootCheck();
}

void UpdateRunner::bootCheck()
{
    // The simulated ECUs reboot into their new slots; each checks it runs the image it was given.
    struct Item
    {
        QString root;
        QString key;
        QString version;
        QString sha256;
    };
    QList<Item> items;
    for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
        const update::Target &target = m_instruction->targets.at(i);
        items.append(Item{unitRoot(target.ecu), imageKey(target), m_job->targets.at(i).fromVersion, target.sha256});
    }
    auto failure = std::make_shared<QString>();
    const bool injected = m_options.failBootCheck;
    m_worker->run(
        [items, failure, injected](const std::atomic<bool> &) {
            for (const Item &item : items) {
                if (auto s = SlotInstaller(item.root, item.key, item.version).bootCheck(item.sha256); !s) {
                    *failure = item.root.section(u'/', -1) + u": "_s + s.errorString();
                    return;
                }
            }
            if (injected)
                *failure = u"the boot check failed (injected fault)"_s;
        },
        [this, failure] {
            if (!m_job || !m_instruction || m_crashed || m_stopped)
                return;
            if (failure->isEmpty())
                return commit();
            m_job->rollingBack = true;
            persist();
            for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
                const update::Target &target = m_instruction->targets.at(i);
                UpdateJob::Target &t = m_job->targets[i];
                if (auto s = SlotInstaller(unitRoot(target.ecu), imageKey(target), t.fromVersion).rollback(); !s)
                    qCWarning(lcUpdate).noquote() << s.errorString();
                t.ok = false;
                t.resultCode = int(omadm::FumoResult::UpdateFailed);
            }
            finish(updateError(int(omadm::FumoResult::UpdateFailed), u"boot-check"_s, *failure), true);
        });
}

void UpdateRunner::commit()
{
    const update::UpdateInstruction &instruction = *m_instruction;
    QMap<QString, qint64> counters;
    for (const update::Target &target : instruction.targets)
        counters.insert(InstructionChecker::counterKey(scomo(), target.ecu), instruction.package.releaseCounter);
    if (auto s = m_trust->recordCounters(counters); !s)
        qCWarning(lcUpdate).noquote() << s.errorString();

    // The versions the vehicle reports from now on (DevInfo, Ext.Ecus, SCOMO inventory).
    MoTree &tree = m_host.moTree();
    VehicleProfile profile = tree.profile();
    for (const update::Target &target : instruction.targets) {
        if (scomo()) {
            bool found = false;
            for (AppProfile &app : profile.apps) {
                if (app.id == target.ecu) {
                    app.version = target.version;
                    app.hwId = target.hwId;
                    found = true;
                }
            }
            if (!found)
                profile.apps.append({target.ecu, instruction.package.name, target.hwId, target.version});
            continue;
        }
        for (qsizetype i = 0; i < profile.ecus.size(); ++i) {
            if (profile.ecus[i].ecu != target.ecu)
                continue;
            profile.ecus[i].swVersion = target.version;
            if (i == 0) { // the DM client's own ECU: DevInfo SwV/FwV
                profile.swVersion = target.version;
                profile.fwVersion = u"fw-"_s + target.version;
            }
        }
    }
    if (!scomo()) {
        // An RXSWIN names a type-approved software set: the package's replace those of their regulation.
        for (const QString &rxswin : instruction.package.rxswin) {
            const QString regulation = rxswin.section(u'-', 0, -2);
            profile.rxswin.removeIf([&](const QString &old) { return old.section(u'-', 0, -2) == regulation; });
            profile.rxswin.append(rxswin);
        }
    }
    tree.setProfile(profile);
    if (auto s = m_host.saveProfile(); !s)
        qCWarning(lcUpdate).noquote() << s.errorString();

    QJsonArray remaining;
    for (const QJsonValue &dtc : tree.dtcs()) {
        const QString code = dtc.toObject().value(u"Code"_s).toString();
        if (instruction.dtcsToClear.contains(code)) {
            if (!m_dtcsCleared.contains(code))
                m_dtcsCleared.append(code);
        } else {
            remaining.append(dtc);
        }
    }
    if (remaining.size() != tree.dtcs().size()) {
        tree.setDtcs(remaining);
        if (auto s = m_host.saveDtcs(); !s)
            qCWarning(lcUpdate).noquote() << s.errorString();
    }

    for (qsizetype i = 0; i < instruction.targets.size(); ++i) {
        const update::Target &target = instruction.targets.at(i);
        UpdateJob::Target &t = m_job->targets[i];
        if (auto s = SlotInstaller(unitRoot(target.ecu), imageKey(target), t.fromVersion).commit(); !s)
            qCWarning(lcUpdate).noquote() << s.errorString();
        t.ok = true;
        t.resultCode = int(omadm::FumoResult::Successful);
    }
    m_job->installMs += qMax<qint64>(0, nowMs() - m_job->phaseStartedMs);
    persist();
    if (crashAt(int(Crash::Commit)))
        return;
    succeed();
}

void UpdateRunner::resumeSwitched()
{
    if (!m_job || !m_instruction || m_crashed || m_stopped)
        return;
    std::vector<SlotInstaller> units;
    for (qsizetype i = 0; i < m_instruction->targets.size(); ++i) {
        const update::Target &target = m_instruction->targets.at(i);
        units.push_back(SlotInstaller(unitRoot(target.ecu), imageKey(target), m_job->targets.at(i).fromVersion));
    }
    if (m_job->rollingBack) {
        for (SlotInstaller &s : units)
            (void)s.rollback();
        return finish(updateError(int(omadm::FumoResult::UpdateFailed), u"boot-check"_s,
                                  u"the boot check failed; the previous software is active again"_s),
                      true);
    }
    bool pending = false;
    for (size_t i = 0; i < units.size(); ++i) {
        const QString &to = m_job->targets.at(qsizetype(i)).toSlot;
        if (!to.isEmpty() && units[i].activeSlot() != to) { // the crash came before this unit switched
            if (auto s = units[i].switchTo(to); !s)
                return finish(updateError(int(omadm::FumoResult::UpdateFailed), u"io"_s, s.errorString()));
        }
        pending = pending || units[i].pendingSwitch().has_value();
    }
    m_job->phaseStartedMs = nowMs();
    // Switched but not committed: boot and check. Nothing pending: the commit ran, only its report did not.
    pending ? bootCheck() : commit();
}

// ---------------------------------------------------------------------------------------------
// Results

void UpdateRunner::finish(const Error &error, bool rolledBack)
{
    if (!m_job || m_crashed)
        return;
    UpdateOutcome outcome;
    outcome.fumoCode = error.code != 0 ? error.code : int(omadm::FumoResult::UndefinedError);
    outcome.reason = reasonOf(error);
    outcome.detail = error.message;
    outcome.rolledBack = rolledBack;
    // After a failed Update (the Download/Update pair) the verified payloads stay for another
    // EXEC of Update, unless they are what failed.
    outcome.dataKept = m_job->operation == u"Update" && !outcome.reason.startsWith(u"payload-"_s) &&
                       !outcome.reason.startsWith(u"image-"_s) && outcome.reason != u"source-mismatch";
    qCInfo(lcUpdate).noquote() << "job" << m_job->jobId << "failed:" << outcome.fumoCode << error.message;
    complete(outcome);
}

void UpdateRunner::succeed()
{
    UpdateOutcome outcome;
    outcome.dtcsCleared = m_dtcsCleared;
    qCInfo(lcUpdate).noquote() << "job" << m_job->jobId << m_job->operation << "succeeded";
    complete(outcome);
}

void UpdateRunner::complete(const UpdateOutcome &outcome)
{
    m_downloader.reset();
    m_timer->cancel();
    const UpdateJob job = *m_job;
    MoTree &tree = m_host.moTree();
    const int state = Reporter::finalState(job, outcome);
    const QStringList deployed = tree.node(omadm::MoKind::Scomo, u"Inventory/Deployed"_s).toObject().keys();
    const QList<omadm::Alert> alerts =
        Reporter::final(job, m_instruction ? &*m_instruction : nullptr, outcome, tree.status(), nowMs(), deployed);
    const QString key = job.jobId.isEmpty() ? job.pkgUrl + job.bundlePath : job.jobId;
    if (auto s = m_host.outbox().putAll(key, AlertOutbox::Kind::Final, alerts); !s)
        qCWarning(lcUpdate).noquote() << s.errorString();
    if (job.kind == UpdateJob::Kind::Fumo)
        tree.setFumoState(state, omadm::isSuccessResult(outcome.fumoCode) ? 100 : 0);

    const bool keep = (omadm::isSuccessResult(outcome.fumoCode) && job.operation == u"Download") || outcome.dataKept;
    if (keep) {
        m_job->phase = UpdateJob::Phase::Downloaded;
        m_job->rollingBack = false;
        persist();
    } else {
        clearJobFiles();
        m_job.reset();
        m_instruction.reset();
    }
    m_host.alertsQueued();
    const int code =
        job.kind == UpdateJob::Kind::Scomo
            ? Reporter::scomoCode(outcome.fumoCode, outcome.reason,
                                  job.phase != UpdateJob::Phase::Instruction && job.phase != UpdateJob::Phase::Download)
            : outcome.fumoCode;
    if (auto done = std::exchange(m_syncDone, {}))
        post([done, code] { done(code); });
    if (auto done = std::exchange(m_bundleDone, {}))
        post([done, code] { done(code); });
}

// ---------------------------------------------------------------------------------------------
// Helpers

bool UpdateRunner::crashAt(int point)
{
    if (m_options.crashAt != crashName(point))
        return false;
    m_crashed = true;
    qCWarning(lcUpdate).noquote() << "injected crash at" << m_options.crashAt;
    if (m_options.onCrash)
        m_options.onCrash(m_options.crashAt);
    post([this] { crashed(); });
    return true;
}

void UpdateRunner::crashed()
{
    m_timer->cancel();
    m_downloader.reset();
    m_host.halt();
}

void UpdateRunner::progress(int state, int percent, bool force)
{
    if (!m_job || m_crashed)
        return;
    if (!scomo())
        m_host.moTree().setFumoState(state, percent);
    if (m_syncDone)
        return; // the open session reports the result itself; no session can carry progress meanwhile
    // At most every 10 % and 5 s, whichever is rarer; a new state is always reported.
    const auto now = std::chrono::steady_clock::now();
    const bool due = force || state != m_lastState ||
                     (percent - m_lastPercent >= ProgressStep && now - m_lastProgressAt >= ProgressInterval);
    if (!due || m_job->jobId.isEmpty())
        return;
    m_lastState = state;
    m_lastPercent = percent;
    m_lastProgressAt = now;
    if (auto s =
            m_host.outbox().put(m_job->jobId, AlertOutbox::Kind::Progress, Reporter::progress(*m_job, state, percent));
        !s)
        qCWarning(lcUpdate).noquote() << s.errorString();
    m_host.alertsQueued();
}

void UpdateRunner::chargeBattery()
{
    const auto now = std::chrono::steady_clock::now();
    const double minutes = std::chrono::duration<double>(now - m_chargedAt).count() / 60.0;
    m_chargedAt = now;
    VehicleStatus &status = m_host.moTree().status();
    if (m_options.chargePctPerMinute <= 0 || status.batteryPct >= 100)
        return;
    m_charge += minutes * m_options.chargePctPerMinute;
    const int whole = int(m_charge);
    m_charge -= whole;
    status.batteryPct = qMin(100, status.batteryPct + whole);
}

qint64 UpdateRunner::nowMs() const
{
    return (m_options.clock ? m_options.clock : &Clock::system())->nowMs();
}

qint64 UpdateRunner::payloadBytes() const
{
    qint64 total = 0;
    if (m_instruction) {
        for (const update::Target &target : m_instruction->targets)
            total += target.payload.length;
    }
    return total;
}

QString UpdateRunner::unitRoot(const QString &unit) const
{
    return m_host.updateDataDir() + (scomo() ? u"/apps/"_s : u"/ecus/"_s) + unit;
}

QString UpdateRunner::imageKey(const update::Target &target) const
{
    // ECU firmware is generated per hardware id, an application per component id (docs/agent.md).
    return scomo() ? target.ecu : target.hwId;
}

QString UpdateRunner::updateDir() const
{
    return m_host.updateDataDir() + u"/update"_s;
}

QString UpdateRunner::payloadPath(const update::Target &target) const
{
    return updateDir() + u"/payloads/"_s + target.payload.sha256;
}

void UpdateRunner::persist()
{
    if (!m_job || m_crashed)
        return;
    QDir().mkpath(updateDir());
    if (auto s = writeAtomically(updateDir() + u"/job.json"_s,
                                 QJsonDocument(m_job->toJson()).toJson(QJsonDocument::Compact));
        !s)
        qCWarning(lcUpdate).noquote() << s.errorString();
}

void UpdateRunner::clearJobFiles()
{
    if (m_crashed)
        return;
    const QString dir = updateDir();
    QFile::remove(dir + u"/job.json"_s);
    QFile::remove(dir + u"/instruction.json"_s);
    QFile::remove(dir + u"/instruction.part"_s);
    QDir(dir + u"/payloads"_s).removeRecursively();
}

void UpdateRunner::post(std::function<void()> work)
{
    m_host.updateLane().post([alive = std::weak_ptr<int>(m_alive), work = std::move(work)] {
        if (alive.lock())
            work();
    });
}

} // namespace flotilla::agent

#include "agent/update/Downloader.h"

#include "agent/update/UpdateError.h"
#include "core/crypto/Hash.h"
#include "core/omadm/Codes.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDownload, "flotilla.agent.download")

namespace flotilla::agent {

namespace {

constexpr int MaxAttempts = 200; // even a connection that always progresses a little gives up
constexpr auto MaxDelay = std::chrono::milliseconds(5 * 60 * 1000);

} // namespace

Downloader::Downloader(net::Lane &lane, std::unique_ptr<net::HttpsClient> client,
                       QList<std::pair<QByteArray, QByteArray>> headers, const UpdateOptions &options,
                       BackgroundWorker &worker)
    : m_lane(lane)
    , m_client(std::move(client))
    , m_headers(std::move(headers))
    , m_options(options)
    , m_worker(worker)
    , m_timer(lane.createTimer())
{}

Downloader::~Downloader() = default;

void Downloader::start(DownloadSpec spec, std::function<bool(qint64)> progress, std::function<void(Status)> done)
{
    m_spec = std::move(spec);
    m_progress = std::move(progress);
    m_done = std::move(done);
    if (!m_spec.finalPath.isEmpty() && QFileInfo::exists(m_spec.finalPath)) {
        // Verified and renamed by an earlier run; the install checks what it rebuilds anyway.
        m_lane.post([this, alive = std::weak_ptr<int>(m_alive)] {
            if (alive.lock() && m_done)
                m_done({});
        });
        return;
    }
    attempt();
}

void Downloader::stop()
{
    m_stopped = true;
    m_timer->cancel();
}

void Downloader::attempt()
{
    if (m_stopped)
        return;
    ++m_attempts;
    qint64 have = QFileInfo(m_spec.partPath).size();
    if (m_spec.length > 0 && have > m_spec.length) { // a part longer than the payload (R9): start over
        QFile::remove(m_spec.partPath);
        have = 0;
    }
    m_sizeAtAttempt = have;
    if (m_spec.length > 0 && have == m_spec.length) {
        verify(); // complete already: a previous run stopped before checking it
        return;
    }
    net::DownloadRequest request;
    request.target = m_spec.url.path(QUrl::FullyEncoded).toLatin1();
    if (m_spec.url.hasQuery())
        request.target += '?' + m_spec.url.query(QUrl::FullyEncoded).toLatin1();
    request.headers = m_headers;
    request.filePath = m_spec.partPath;
    request.etag = '"' + m_spec.url.path().section(u'/', -1).toLatin1() + '"';
    request.maxBytes = m_spec.length > 0 ? m_spec.length : m_spec.maxBytes;
    auto alive = std::weak_ptr<int>(m_alive);
    m_client->download(
        std::move(request),
        [this, alive](qint64 fileBytes, qint64) {
            if (!alive.lock() || m_stopped)
                return;
            if (m_progress && !m_progress(fileBytes)) {
                m_stopped = true;
                m_client->close();
            }
        },
        [this, alive](Result<net::DownloadResult> result) {
            if (alive.lock() && !m_stopped)
                onResult(std::move(result));
        });
}

void Downloader::onResult(Result<net::DownloadResult> result)
{
    if (!result) {
        switch (net::ClientError(result.error().code)) {
        case net::ClientError::ResponseTooLarge:
            // Endless data: the server sent more than the signed length. The part is a lie.
            QFile::remove(m_spec.partPath);
            if (!m_refetched && m_spec.length > 0) {
                m_refetched = true;
                return attempt();
            }
            return fail(
                updateError(int(omadm::FumoResult::CorruptedPackage), u"payload-length"_s, result.errorString()));
        case net::ClientError::File:
            return fail(updateError(int(omadm::FumoResult::DownloadOutOfMemory), u"space"_s, result.errorString()));
        case net::ClientError::Configuration:
            return fail(updateError(int(omadm::FumoResult::AlternateDownloadServerError), u"tls-config"_s,
                                    result.errorString()));
        default:
            return retry(QFileInfo(m_spec.partPath).size() > m_sizeAtAttempt, result.errorString());
        }
    }
    const net::DownloadResult &r = *result;
    m_bytesReceived += r.bytesReceived;
    if (r.status == 200 || r.status == 206) {
        if (m_spec.length > 0 && r.fileBytes < m_spec.length)
            return retry(r.bytesReceived > 0,
                         u"the body ended at %1 of %2 bytes"_s.arg(r.fileBytes).arg(m_spec.length));
        return verify();
    }
    if (r.status == 416) { // our partial file does not fit the resource (R9): start over
        QFile::remove(m_spec.partPath);
        return retry(false, u"HTTP 416"_s);
    }
    if (r.status == 404)
        return fail(updateError(int(omadm::FumoResult::MalformedUrl), u"not-found"_s,
                                u"%1: HTTP 404"_s.arg(m_spec.url.toString())));
    if (r.status == 408 || r.status == 429 || r.status >= 500)
        return retry(false, u"HTTP %1"_s.arg(r.status));
    fail(updateError(int(omadm::FumoResult::AlternateDownloadServerError), u"http-%1"_s.arg(r.status),
                     u"%1: HTTP %2"_s.arg(m_spec.url.toString()).arg(r.status)));
}

void Downloader::retry(bool madeProgress, const QString &why)
{
    m_failures = madeProgress ? 0 : m_failures + 1;
    if (m_failures >= qMax(1, m_options.downloadAttempts) || m_attempts >= MaxAttempts)
        return fail(updateError(int(omadm::FumoResult::DownloadNetworkError), u"network"_s,
                                u"%1 after %2 attempts: %3"_s.arg(m_spec.url.toString()).arg(m_attempts).arg(why)));
    const qint64 base = qMax<qint64>(1, m_options.retryDelay.count());
    const qint64 delay = qMin<qint64>(base << qMin(qMax(m_failures - 1, 0), 16), MaxDelay.count());
    qCDebug(lcDownload).noquote() << m_spec.url.toString() << why << "- again in" << delay << "ms";
    m_timer->start(std::chrono::milliseconds(delay), [this] { attempt(); });
}

void Downloader::verify()
{
    struct Outcome
    {
        Result<crypto::Digests> digests = Error();
    };
    auto outcome = std::make_shared<Outcome>();
    const QString path = m_spec.partPath;
    m_worker.run([outcome, path](const std::atomic<bool> &) { outcome->digests = crypto::digestFile(path); },
                 [this, outcome, alive = std::weak_ptr<int>(m_alive)] {
                     if (!alive.lock() || m_stopped)
                         return;
                     if (!outcome->digests)
                         return fail(updateError(int(omadm::FumoResult::DownloadOutOfMemory), u"space"_s,
                                                 outcome->digests.errorString()));
                     const crypto::Digests &d = *outcome->digests;
                     QString reason;
                     if (m_spec.length > 0 && d.length != m_spec.length)
                         reason = u"payload-length"_s;
                     else if (!m_spec.sha256.isEmpty() && d.sha256 != m_spec.sha256)
                         reason = u"payload-sha256"_s;
                     else if (!m_spec.md5.isEmpty() && d.md5 != m_spec.md5.toLower())
                         reason = u"payload-md5"_s; // the seed's check: only ever a reason to refuse
                     if (!reason.isEmpty()) {
                         QFile::remove(m_spec.partPath);
                         if (!m_refetched) {
                             m_refetched = true;
                             qCInfo(lcDownload).noquote() << m_spec.url.toString() << reason << "mismatch: once more";
                             return attempt();
                         }
                         return fail(updateError(
                             int(omadm::FumoResult::CorruptedPackage), reason,
                             u"%1 is not the payload the instruction names (%2)"_s.arg(m_spec.url.toString(), reason)));
                     }
                     if (!m_spec.finalPath.isEmpty()) {
                         QFile::remove(m_spec.finalPath);
                         if (!QFile::rename(m_spec.partPath, m_spec.finalPath))
                             return fail(updateError(int(omadm::FumoResult::DownloadOutOfMemory), u"space"_s,
                                                     u"cannot rename %1"_s.arg(m_spec.partPath)));
                     }
                     m_stopped = true;
                     if (m_done)
                         m_done({});
                 });
}

void Downloader::fail(Error error)
{
    m_stopped = true;
    if (m_done)
        m_done(std::move(error));
}

} // namespace flotilla::agent
